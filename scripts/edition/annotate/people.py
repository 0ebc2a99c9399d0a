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
from ..cleanup.marks import SUPERSCRIPT_DIGITS
from ..model import PARAGRAPH_KINDS, Document, Inline, Span, plain_text, unmarked
from ..sources import load_yaml_list, raw_line_of, read_utf8, read_word_list

REGISTER = Path("sources") / "people.yaml"
NOT_PEOPLE = Path("sources") / "not-people.txt"
ID_RE = re.compile(r"^[a-z]+(?:-[a-z]+)+$")


@dataclass(frozen=True)
class Mention:
    person: str
    slug: str
    anchor: str  # "p-12", or "fn:1" for a note
    label: str  # "¶ 12", "note 1"
    form: str
    snippet: Inline


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


def not_person_phrases(root: Path) -> tuple[str, ...]:
    """The phrases of ``sources/not-people.txt`` (entries of more than one word): a name
    inside one is no mention of a person ("Kennedy Library" is not President Kennedy)."""
    return tuple(entry for entry in _not_people(root / NOT_PEOPLE) if " " in entry)


def find_mentions(text: str, table: dict[str, str | None],
                  spans: list[Span] | tuple = (), phrases: tuple[str, ...] = ()) -> list[tuple[int, int, str, str]]:
    """(start, end, form, person id) of each unambiguous mention. A mention never crosses
    the edge of another span the page marks (a page begins, a note is called, a reading
    corrects a slip); a silent repair's edge it may cross (``model.split_crossing``). None
    stands inside a phrase that is not a person (``phrases``).

    >>> find_mentions("the Kennedy Library and Kennedy", {"Kennedy": "k"}, phrases=("Kennedy Library",))
    [(24, 31, 'Kennedy', 'k')]

    >>> find_mentions("Mr. Khrushchev met Bulganin.", {"Mr. Khrushchev": "k", "Khrushchev": "k", "Bulganin": "b"})
    [(0, 14, 'Mr. Khrushchev', 'k'), (19, 27, 'Bulganin', 'b')]
    >>> find_mentions("Mr. Khrushchev", {"Mr. Khrushchev": "k", "Khrushchev": "k"}, [Span("page", 4, 4)])
    [(4, 14, 'Khrushchev', 'k')]
    """
    if not table:
        return []
    found = []
    pattern = _pattern(tuple(table))
    blocked = [(m.start(), m.end()) for m in _pattern(phrases).finditer(text)] if phrases else []
    edges = sorted({0, len(text)} | {edge for span in spans if not unmarked(span) for edge in (span.start, span.end)})
    for low, high in zip(edges, edges[1:]):
        for match in pattern.finditer(text, low, high):
            person = table[match.group()]
            if person and not any(low_ <= match.start() < high_ for low_, high_ in blocked):
                found.append((match.start(), match.end(), match.group(), person))
    return found


def snippet(part: Inline, start: int, end: int, width: int = 60) -> Inline:
    """A keyword-in-context snippet around the mention part.text[start:end]: whole words,
    the mention strong, the italics of the text kept, note calls as plain digits.

    >>> str(snippet(Inline("a b Stalin c"), 4, 10)), snippet(Inline("a b Stalin c"), 4, 10).spans[0].attrs
    ('a b Stalin c', {'strong': True})
    """
    plain = part.text
    low, high = max(0, start - width), min(len(plain), end + width)
    prefix = suffix = ""
    if start > width:
        low += len(plain[low:start]) - len(plain[low:start].split(" ", 1)[-1])
        prefix = "…"
    if end + width < len(plain):
        high = end + len(plain[end:high].rsplit(" ", 1)[0])
        suffix = "…"
    text = prefix + plain[low:high].translate(SUPERSCRIPT_DIGITS).replace("\n", " ") + suffix
    shift = len(prefix) - low
    spans = [Span("emphasis", max(s.start, low) + shift, min(s.end, high) + shift)
             for s in part.spans if s.kind == "emphasis" and s.start < high and s.end > low]
    spans.append(Span("emphasis", start + shift, end + shift, {"strong": True}))
    return Inline(text, spans)


def mark_people(doc: Document, slug: str, people: list[dict[str, Any]],
                phrases: tuple[str, ...] = ()) -> list[Mention]:
    """Add a ``person`` span to every mention of a registered person; the first mention of
    each person in each paragraph is marked to be linked. Return every mention.

    Headings are left unmarked (no clutter); a link's title is the person's one-line
    identification, shown on hover.
    """
    by_id = {p["id"]: p for p in people}
    table = forms_for_text(people, slug)
    mentions: list[Mention] = []

    def mark(parts: list[Inline], anchor: str, label: str) -> None:
        linked: set[str] = set()
        for part in parts:
            for start, end, form, person in find_mentions(part.text, table, part.spans, phrases):
                mentions.append(Mention(person, slug, anchor, label, form, snippet(part, start, end)))
                info = by_id[person]
                part.spans.append(Span("person", start, end, {
                    "id": person, "link": person not in linked,
                    "href": f"../people/{person}.md", "title": f"{info['sort']}: {info['identification']}",
                }))
                linked.add(person)

    for block in doc.blocks:
        if block.kind in PARAGRAPH_KINDS:
            parts = block.parts()
            mark(parts, block.id, f"¶ {block.number}")
            if block.kind != "list":
                block.spans = parts[0].spans
    for key, note in doc.notes.items():
        mark([note], f"fn:{key}", f"note {key}")
    for block in doc.blocks:
        if block.kind == "participants":
            mark(block.items, "participants", "participants")
    for field in doc.header.get("fields", []):  # the memorandum's header block
        for group in field.get("groups", []):
            mark(group["members"], "memo-header", "header")
        if "members" in field:
            mark(field["members"], "memo-header", "header")
    return mentions


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
    """A document's reading text for the lint, editorial brackets out ("[Per]vukhin" reads
    "Pervukhin")."""
    return plain_text(doc).replace("\n", " ").replace("[", "").replace("]", "")


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
    allowed = {word for entry in _not_people(root / NOT_PEOPLE) for word in entry.split()}
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
