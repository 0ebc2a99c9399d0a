"""The glossary (``sources/glossary.yaml``): abbreviations and terms, with a tooltip wherever
they occur and a page that defines them and lists where.

The tooltips are the model's ``term`` spans (``render.spans.glossed``: every exact,
case-sensitive, whole-word occurrence of a form, longest first, :func:`forms_regex`), which
``render.inline`` writes as ``<abbr title>``; the same spans are the ``term`` elements of
the TEI and JSON. The forms are checked here, and against the texts: a form that occurs
nowhere is stale data.

Errors (``G1xx``):

- the fields of each entry: the schema (``data/schemas.yaml``), S104-S108 (``G101`` retired).
- ``G102`` an id is not unique or not of the form ``lower-case-words``.
- ``G103`` a form is listed under two entries.
- ``G104`` a form does not occur in any text.
- ``G105`` a form the term pattern cannot carry (a form must begin and end with a letter or
  digit and hold only words, spaces, ``.``, ``-`` and ``’``).
- ``G106`` ``kind`` is neither ``abbreviation`` nor ``term``; a ``see`` names no entry; a
  ``language`` is not one of :data:`LANGUAGES`.
- ``G201`` (the lint of ``edition check``) a word in capitals in a reading text that is
  neither a form of the glossary nor in ``sources/not-glossary.txt``: an abbreviation the
  glossary lacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import fail
from ..model import Document, passages, plain_text
from ..sources import load_yaml_list, raw_line_of, read_utf8, read_word_list
from .passages import prose

GLOSSARY = Path("sources") / "glossary.yaml"
NOT_GLOSSARY = Path("sources") / "not-glossary.txt"
KINDS = ("abbreviation", "term")
# The languages of foreign words, by the ISO 639-1 code the data gives, as the page names them.
LANGUAGES = {"ru": "Russian", "de": "German", "fr": "French", "la": "Latin", "sa": "Sanskrit"}
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# A word in capitals, as abbreviations are written (CC, CPSU, POWs); digits may follow (U2).
CAPITALS_RE = re.compile(r"\b[A-Z][A-Z0-9]+s?\b")
# Roman numerals (vol. XXIV, World War II) are numbers, not abbreviations.
ROMAN_RE = re.compile(r"[IVXLC]+")
# A form the term spans can find: their pattern is \b(?:form)\b (forms_regex), so a form
# must start and end on a word character; it holds only words, spaces, ".", "-", "’" (the
# rule abbr needed once, kept: every form of the data meets it, and the TEI key stays plain).
FORM_RE = re.compile(r"\w(?:[\w .’-]*\w)?")


@dataclass(frozen=True)
class Entry:
    id: str
    term: str
    kind: str
    gloss: str
    definition: str
    forms: tuple[str, ...]
    language: str | None  # its name: "Russian"
    see: tuple[str, ...]
    line: int


def load_glossary(root: Path) -> list[Entry]:
    """The glossary, checked: fields, ids, forms the term pattern can carry, each form in one entry."""
    path = root / GLOSSARY
    if not path.exists():
        return []
    entries: list[Entry] = []
    owner: dict[str, str] = {}
    for item, line in load_yaml_list(path, "glossary"):
        ident = item["id"]
        if not isinstance(ident, str) or not ID_RE.fullmatch(ident) or any(e.id == ident for e in entries):
            raise fail("G102", path, line, id=ident)
        if item["kind"] not in KINDS:
            raise fail("G106", path, line, field="kind", value=item["kind"], choices=", ".join(KINDS))
        if "language" in item and item["language"] not in LANGUAGES:
            raise fail("G106", path, line, field="language", value=item["language"], choices=", ".join(LANGUAGES))
        if "\n" in str(item["gloss"]).strip():
            raise fail("G108", path, line, id=ident)
        forms = item["forms"] if isinstance(item["forms"], list) else [item["forms"]]
        for form in forms:
            if not isinstance(form, str) or not FORM_RE.fullmatch(form):
                raise fail("G105", path, line, form=form)
            if form in owner:
                raise fail("G103", path, line, form=form, other=owner[form])
            owner[form] = ident
        entries.append(Entry(
            id=ident, term=str(item["term"]), kind=item["kind"], gloss=prose(item["gloss"]),
            definition=prose(item["definition"]), forms=tuple(forms),
            language=LANGUAGES.get(item.get("language")), see=tuple(item.get("see", [])), line=line,
        ))
    ids = {entry.id for entry in entries}
    for entry in entries:
        for other in entry.see:
            if other not in ids:
                raise fail("G107", path, entry.line, id=entry.id, other=other)
    return entries


def forms_regex(forms: list[str] | tuple[str, ...]) -> re.Pattern:
    """The pattern of the term spans (the one abbr built): whole words, longest form first,
    case-sensitive.

    >>> [m.group(0) for m in forms_regex(["CC", "CPSU"]).finditer("the CC of the CPSU, not CCs")]
    ['CC', 'CPSU']
    """
    return _forms_regex(tuple(forms))


@lru_cache(maxsize=4096)
def _forms_regex(forms: tuple[str, ...]) -> re.Pattern:
    # Cached: the renderers ask for the pattern of the whole glossary for every block, and
    # the G104 check for one pattern a form, more than `re`'s own cache of 512 holds.
    # The lookahead for a form's first letter matches nothing the alternation would not; it
    # only lets the search skip, at one test, a position where no form can begin (half the
    # time of marking the terms).
    firsts = "".join(sorted({re.escape(form[0]) for form in forms if form}))
    lead = rf"(?=[{firsts}])" if firsts else ""
    return re.compile(r"\b" + lead + "(?:" + _trie_pattern(forms) + r")\b")


def _trie_pattern(forms: tuple[str, ...]) -> str:
    """The forms as one alternation factored by their common beginnings (a trie), which
    the search walks a letter at a time instead of trying every form in turn (twice as
    quick over the texts). It matches as the plain alternation of the forms longest first
    does: the forms that match at one place are each a beginning of the next, and the trie
    tries the longer first, falling back to the shorter where a word boundary fails.

    >>> _trie_pattern(("CC", "CPSU", "C"))
    'C(?:(?:C|PSU))?'
    >>> [m.group() for m in re.finditer(r"\\b(?:" + _trie_pattern(("anti", "anti-party")) + r")\\b", "anti-party, anti-partisan")]
    ['anti-party', 'anti']
    """
    trie: dict = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}  # a form ends here

    def written(node: dict) -> str:
        branches = [re.escape(char) + written(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # A form that ends here is the shorter choice: tried after every longer one.
        return f"(?:{body})?" if "" in node else body

    return written(trie)


def term_owner(entries: list[Entry] | tuple[Entry, ...]) -> dict[str, str]:
    """The entry id of each form: {form: entry id}."""
    return {form: entry.id for entry in entries for form in entry.forms}


def occurrences(entries: list[Entry], docs: dict[str, Document]) -> dict[str, dict[str, list[str]]]:
    """Where each entry occurs: {entry id: {slug: ["p-3", "p-9", "fn:2", ...]}}, paragraphs in
    order, then notes. Each passage is listed once, however often the term occurs in it; a
    heading counts with the paragraph under it (headings have no citable anchor)."""
    found: dict[str, dict[str, list[str]]] = {entry.id: {} for entry in entries}
    owner = term_owner(entries)
    if not owner:
        return found
    pattern = forms_regex(list(owner))
    for slug, doc in docs.items():
        for anchor, headings, text in passages(doc):
            for ident in dict.fromkeys(owner[m.group(0)] for m in pattern.finditer(f"{headings}\n{text}")):
                found[ident].setdefault(slug, []).append(anchor)
    return found


def check_forms_occur(entries: list[Entry], docs: dict[str, Document], root: Path) -> None:
    """Every form must occur somewhere in the texts, headings and notes included (G104): a
    form that occurs nowhere is stale."""
    text = "\n".join(plain_text(doc) for doc in docs.values())
    # One pass with the pattern of all forms finds most of them; a form it did not meet
    # (one hidden inside a longer form wherever it occurs, or stale) is searched alone.
    everywhere = forms_regex([form for entry in entries for form in entry.forms])
    met = {match.group(0) for match in everywhere.finditer(text)} if entries else set()
    for entry in entries:
        for form in entry.forms:
            if form not in met and not forms_regex([form]).search(text):
                raise fail("G104", root / GLOSSARY, entry.line, form=form, id=entry.id)


def lint_abbreviations(root: Path, entries: list[Entry], docs: dict[str, Document]) -> list[str]:
    """Words in capitals in the paragraphs and notes of the texts that the glossary does not
    explain and that are not listed as needing no entry (G201): one message a word, naming
    the first passage it occurs in."""
    pattern = forms_regex([form for entry in entries for form in entry.forms])
    allowed = set(read_word_list(root / NOT_GLOSSARY))
    messages, seen = [], set()
    for slug, doc in docs.items():
        for anchor, _, text in passages(doc):
            for match in CAPITALS_RE.finditer(pattern.sub(" ", text)):
                word = match.group(0)
                if word in seen or word in allowed or ROMAN_RE.fullmatch(word):
                    continue
                seen.add(word)
                raw = Path("sources") / slug / "raw.txt"
                line = raw_line_of(read_utf8(root / raw), word)
                messages.append(str(fail("G201", raw, line, word=word, glossary=GLOSSARY, allowed=NOT_GLOSSARY)))
    return messages
