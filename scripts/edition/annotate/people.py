"""People: the register (``sources/people.yaml``), mentions found in the reading texts, links
from each paragraph to the person's page, and the lint for capitalised names the register
does not know.

A name form links only in the texts its person is registered for, and a title alias
("the President") only in the one text it is scoped to; where a form fits two people in
one text it is ambiguous and is not linked. Longer forms win over shorter ones, so
"Ambassador Bohlen" is not read as a bare "Bohlen".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import fail
from ..model import PARAGRAPH_KINDS, Document, strip_page_marks
from ..sources import load_yaml_list, raw_line_of, read_utf8, read_word_list

REGISTER = Path("sources") / "people.yaml"
NOT_PEOPLE = Path("sources") / "not-people.txt"
ID_RE = re.compile(r"^[a-z]+(?:-[a-z]+)+$")
# Text outside markup: the HTML tags, private-use sentinels and footnote references that a
# mention must never be found in.
MARKUP_RE = re.compile(r"<[^>]+>|\[\^\d+\]|[\ue000-\ue008][^\ue000-\ue008]*[\ue000-\ue008]?")


@dataclass(frozen=True)
class Mention:
    person: str
    slug: str
    anchor: str  # "p-12", or "fn:1" for a note
    label: str  # "¶ 12", "note 1"
    form: str
    snippet: str


def load_register(root: Path, slugs: list[str]) -> list[dict[str, Any]]:
    """The register, checked: its fields (the schema, kind ``people``), ids well formed and
    unique, texts known."""
    path = root / REGISTER
    entries = load_yaml_list(path, "people")
    people = [person for person, _ in entries]
    # The line each person's entry starts on, for error messages.
    lines = {person["id"]: line for person, line in entries}
    seen = set()
    for number, (person, line) in enumerate(entries, start=1):
        where = f"Person {number} ({person['id']})"
        if not ID_RE.match(person["id"]) or person["id"] in seen:
            raise fail("P102", path, line, where=where)  # P102: "Bohlen" or a repeated id
        seen.add(person["id"])
        for slug in list(person["texts"]) + list(person.get("titles", {})):
            if slug not in slugs:
                raise fail("P103", path, line, where=where, slug=slug)
    ids = {p["id"] for p in people}
    for person in people:
        # A namesake kept apart ("not to be confused with") must be a person of the register.
        for other in person.get("distinct_from", []):
            if other not in ids:
                raise fail("P104", path, lines.get(person["id"]), id=person["id"], other=other)
    return people


def forms_for_text(people: list[dict[str, Any]], slug: str) -> dict[str, str | None]:
    """Each name form usable in one text, mapped to its person (None when ambiguous)."""
    table: dict[str, str | None] = {}
    for person in people:
        forms = list(person.get("titles", {}).get(slug, []))
        if slug in person["texts"]:
            forms += person["forms"]
        for form in forms:
            if form in table and table[form] != person["id"]:
                table[form] = None
            else:
                table[form] = person["id"]
    return table


@lru_cache(maxsize=64)
def _pattern(forms: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w’'-])(?:{alternatives})(?![\w-])")


def find_mentions(text: str, table: dict[str, str | None]) -> list[tuple[int, int, str, str]]:
    """(start, end, form, person id) of each unambiguous mention outside markup.

    >>> find_mentions("Mr. Khrushchev met Bulganin.", {"Mr. Khrushchev": "k", "Khrushchev": "k", "Bulganin": "b"})
    [(0, 14, 'Mr. Khrushchev', 'k'), (19, 27, 'Bulganin', 'b')]
    """
    if not table:
        return []
    found = []
    pattern = _pattern(tuple(table))
    position = 0
    for markup in list(MARKUP_RE.finditer(text)) + [None]:
        end = markup.start() if markup else len(text)
        for match in pattern.finditer(text, position, end):
            person = table[match.group()]
            if person:
                found.append((match.start(), match.end(), match.group(), person))
        position = markup.end() if markup else len(text)
    return found


def snippet(plain: str, start: int, end: int, width: int = 60) -> str:
    """A keyword-in-context snippet of plain text around a mention."""
    left = plain[max(0, start - width) : start]
    right = plain[end : end + width]
    left = ("…" + left.split(" ", 1)[-1]) if start > width else left
    right = (right.rsplit(" ", 1)[0] + "…") if end + width < len(plain) else right
    return f"{left}**{plain[start:end]}**{right}".replace("\n", " ")


def link_people(doc: Document, slug: str, people: list[dict[str, Any]]) -> list[Mention]:
    """Link the first mention of each person in each paragraph; return every mention.

    Headings are left unlinked (no clutter); a link's title is the person's one-line
    identification, shown on hover.
    """
    by_id = {p["id"]: p for p in people}
    table = forms_for_text(people, slug)
    mentions: list[Mention] = []

    def link(texts: list[str], anchor: str, label: str) -> list[str]:
        linked: set[str] = set()
        new_texts = []
        for text in texts:
            out, last = [], 0
            for start, end, form, person in find_mentions(text, table):
                mentions.append(Mention(person, slug, anchor, label, form, context(text, start, end)))
                if person in linked:
                    continue
                linked.add(person)
                info = by_id[person]
                title = f"{info['sort']}: {info['identification']}".replace('"', "'")
                out.append(text[last:start])
                out.append(f'[{text[start:end]}](../people/{person}.md "{title}"){{: .person }}')
                last = end
            out.append(text[last:])
            new_texts.append("".join(out))
        return new_texts

    n = 0
    for block in doc.blocks:
        if block.kind not in PARAGRAPH_KINDS:
            continue
        n += 1
        if block.kind == "list":
            block.items = link(block.items, f"p-{n}", f"¶ {n}")
        else:
            block.text = link([block.text], f"p-{n}", f"¶ {n}")[0]
    for key in doc.notes:
        doc.notes[key] = link([doc.notes[key]], f"fn:{key}", f"note {key}")[0]
    for block in doc.blocks:
        if block.kind == "participants":
            block.items = link(block.items, "participants", "participants")
    for field in doc.header.get("fields", []):  # the memorandum's header block
        for group in field.get("groups", []):
            group["members"] = link(group["members"], "memo-header", "header")
        if "members" in field:
            field["members"] = link(field["members"], "memo-header", "header")
    return mentions


def context(text: str, start: int, end: int) -> str:
    """The keyword-in-context snippet of the mention at text[start:end], markup left out."""
    def clean(part: str) -> str:
        return strip_page_marks(re.sub(r"<[^>]+>|\[\^\d+\]", "", part))

    left, right = clean(text[:start]), clean(text[end:])
    return snippet(left + text[start:end] + right, len(left), len(left) + end - start)


# --- The lint -----------------------------------------------------------------------------

CAPITALISED_RE = re.compile(r"(?<![\w’'-])([A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)*)")


@lru_cache(maxsize=1)
def _not_people(path: Path) -> frozenset[str]:
    return frozenset(read_word_list(path))


def lint_edition(root: Path, documents: dict[str, Document], people: list[dict[str, Any]]) -> list[str]:
    """The people lint over every text; words used in lower case anywhere are ordinary."""
    lowercase = {w for doc in documents.values() for w in re.findall(r"\b[a-z][a-z]+\b", plain_words(doc))}
    messages = []
    for slug, doc in documents.items():
        messages += lint_names(root, slug, doc, people, lowercase)
    return messages


def plain_words(doc: Document) -> str:
    """A document's reading text for the lint: markup, links and editorial brackets out
    ("[Per]vukhin" reads "Pervukhin")."""
    parts = [doc.title]
    for block in doc.blocks:
        parts += [block.text, *block.items]
    parts += list(doc.notes.values())
    text = strip_page_marks(" ".join(parts))
    text = re.sub(r"<[^>]+>|\[\^\d+\]", " ", text)
    return text.replace("[", "").replace("]", "")


def lint_names(
    root: Path, slug: str, doc: Document, people: list[dict[str, Any]], lowercase: set[str]
) -> list[str]:
    """Capitalised words of a reading text that are neither part of a registered name form
    (of any person), nor ordinary words capitalised by position (`lowercase`: the words the
    texts also use in lower case), nor in the explicit list of non-person words: one message
    each, so that a person missing from the register fails the check."""
    known = set()
    for person in people:
        for form in person["forms"] + [t for ts in person.get("titles", {}).values() for t in ts]:
            known.update(re.findall(r"[A-Za-z’']+", form))
    allowed = _not_people(root / NOT_PEOPLE)
    messages = []
    seen = set()
    for match in CAPITALISED_RE.finditer(plain_words(doc)):
        for word in re.split(r"-", re.sub(r"[’']s$", "", match.group(1))):
            if not word or not word[0].isupper():
                continue
            if word in known or word in allowed or word.lower() in lowercase or word in seen:
                continue
            seen.add(word)
            raw = Path("sources") / slug / "raw.txt"
            line = raw_line_of(read_utf8(root / raw), word)
            messages.append(str(fail("P201", raw, line, word=word, allowed=NOT_PEOPLE)))
    return messages
