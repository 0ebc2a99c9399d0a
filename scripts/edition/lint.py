"""Checks of a reading text's structure that a trial of adding a text found silent (issue 18),
run by `edition check`: one message each, with a stable code, naming the raw file.

- ``C121`` a note that no call in the text calls; ``C122`` a call that names no note;
- ``C123`` a digit glued to a word or its punctuation, left in the reading text: a note call
  the profile did not recognise ("flight,2"), so that its note is orphaned;
- ``P202`` a registered person's name form in a text that the person's entry does not list
  (Khrushchev named but not linked), outside the phrases that are not people.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .annotate.people import find_mentions, load_register, not_person_phrases
from .errors import fail
from .model import Document, Inline
from .sources import raw_line_of, read_utf8

# One or two digits glued to a letter or to closing punctuation after a letter, then a space
# or the end: "flight,2", "Moscow.”12", "garden1". (Not "U-2", "1950s", "CF 1901", "3.4";
# nor a designation in capitals, "U2", "SS20": DESIGNATION_RE.)
GLUED_RE = re.compile(r"(?<=[A-Za-z])[.,;:!?”’\")\]]?\d{1,2}(?=\s|$)")
DESIGNATION_RE = re.compile(r"[A-Z]+\d+")


def _inlines(doc: Document) -> list[Inline]:
    """Every piece of running text: the title, each block's parts, the notes."""
    return [doc.title, *(part for block in doc.blocks for part in block.parts()), *doc.notes.values()]


def note_problems(slug: str, doc: Document) -> list[str]:
    """C121 for each note never called, C122 for each call that names no note."""
    raw = Path("sources") / slug / "raw.txt"
    called = {span.attrs["n"] for part in _inlines(doc) for span in part.spans if span.kind == "note"}
    messages = [str(fail("C121", raw, number=key)) for key in doc.notes if key not in called]
    messages += [str(fail("C122", raw, number=key)) for key in sorted(called) if key not in doc.notes]
    return messages


def glued_digits(root: Path, slug: str, doc: Document) -> list[str]:
    """C123 for each word with a digit glued to it in the reading text (not in a span: a
    correction or a page number there is the editors')."""
    raw_path = Path("sources") / slug / "raw.txt"
    raw = read_utf8(root / raw_path)
    words: list[str] = []
    for part in _inlines(doc):
        for match in GLUED_RE.finditer(part.text):
            word = part.text[:match.end()].split()[-1]
            if not DESIGNATION_RE.fullmatch(word) and word not in words:
                words.append(word)
    return [str(fail("C123", raw_path, raw_line_of(raw, word), word=word)) for word in words]


def unlisted_forms(root: Path, slug: str, doc: Document, people: list[dict[str, Any]],
                   phrases: tuple[str, ...]) -> list[str]:
    """P202 for each person whose name form stands in the text although the person's entry
    does not list it (so the name is not linked), unless another person of the text has
    that form."""
    own = {form for person in people if slug in person["texts"] for form in person["forms"]}
    own |= {t for person in people for t in person.get("titles", {}).get(slug, [])}
    raw_path = Path("sources") / slug / "raw.txt"
    raw = read_utf8(root / raw_path)
    messages, seen = [], set()
    for person in people:
        if slug in person["texts"]:
            continue
        table = {form: person["id"] for form in person["forms"] if form not in own}
        for part in _inlines(doc):
            for _, _, form, who in find_mentions(part.text, table, part.spans, phrases):
                if who not in seen:
                    seen.add(who)
                    messages.append(str(fail("P202", raw_path, raw_line_of(raw, form), form=form,
                                             id=who, slug=slug)))
    return messages


def lint_edition(root: Path, documents: dict[str, Document]) -> list[str]:
    """Every message of these checks over every text, text by text."""
    people = load_register(root, list(documents))
    phrases = not_person_phrases(root)
    messages = []
    for slug, doc in documents.items():
        messages += note_problems(slug, doc) + glued_digits(root, slug, doc)
        messages += unlisted_forms(root, slug, doc, people, phrases)
    return messages
