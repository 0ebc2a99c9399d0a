"""Profile `typescript-ocr`: OCR of a typescript (the CIA working paper).

Line by line: furniture (running titles, folios, junk lines) is removed and recorded;
page starts (lines opening with one space) become page marks numbered from
``pagination.yaml``; letter-spacing is undone. Then blank-line blocks become headings or
paragraphs, and paragraphs split by a page break are joined.
"""

from __future__ import annotations

import re

from ..cleanup import apply_fixers
from ..errors import EditionError
from ..model import Block, Document, Record, page_mark
from ..sources import Text, load_yaml
from ..cleanup.fixes import join_letter_spacing
from .common import merge_broken, raw_blocks

FIXERS = [
    "strip_trailing_spaces", "pull_up_broken_words", "join_letter_spacing", "unwrap_lines",
    "typewriter_dashes", "curly_quotes", "escape_html",
]

# A folio, "- 19 -", alone on a line.
FOLIO_RE = re.compile(r"^\s*-\s*(\d+)\s*-\s*$")
# A junk line: no two letters or digits together anywhere (".. .", "/\", "'").
JUNK_RE = re.compile(r"^[^A-Za-z0-9]*(?:[A-Za-z0-9][^A-Za-z0-9]+)*[A-Za-z0-9]?[^A-Za-z0-9]*$")
# A heading: short, opens with a capital, no closing punctuation.
HEADING_RE = re.compile(r"^[A-Z][A-Za-z0-9\- ]{3,60}$")
# A word of four letters or more: in a heading of the typescript, each is capitalised.
LONG_WORD_RE = re.compile(r"\b[A-Za-z]{4,}\b")


def is_heading(text: str) -> bool:
    """A heading of the typescript: short, no final punctuation, and in title case, which
    tells a heading from a stray line of a paragraph.

    >>> is_heading("The Central Committee Enters on the Scene"), is_heading("INTRODUCTORY NOTE")
    (True, True)
    >>> is_heading("The party presidium members were probably as divided")
    False
    """
    return bool(HEADING_RE.match(text)) and all(w[0].isupper() for w in LONG_WORD_RE.findall(text))


def is_running_title(line: str) -> bool:
    """The paper's title, repeated at the head of its first text page, OCR-damaged or not.

    >>> is_running_title(' KHRUSBCHEV AND TUE "ANTI -PARTY GROUP" (1953-1957) ')
    True
    >>> is_running_title("by Malenkov, Molotov and Kaganovich.")
    False
    """
    letters = re.sub(r"[^A-Z]", "", line)
    return "ANTIPARTYGROUP" in letters and "AND" in letters


def page_starts(raw_lines: list[str], pagination: dict) -> dict[int, tuple[int | None, bool]]:
    """Map each page-start line to (page number or None for front matter, inferred?)."""
    skip = {entry["line"] for entry in pagination["not_page_starts"]}
    starts = [
        n for n, line in enumerate(raw_lines, start=1)
        if re.match(r"^ \S", line) and n not in skip
    ]
    known = {}
    numbered: dict[int, tuple[int | None, bool]] = {}
    for index, line in enumerate(starts):
        page = index - pagination["front_matter_pages"] + 1
        numbered[line] = (page if page >= 1 else None, True)
    for folio in pagination["folios"]:
        start = max(s for s in starts if s <= folio["line"])
        if numbered[start][0] != folio["page"]:
            raise EditionError(
                "C104", f"Folio {folio['page']} falls on reconstructed page {numbered[start][0]}.",
                "pagination.yaml", folio["line"],
            )
        known[start] = folio["page"]
    return {line: (page, line not in known) for line, (page, _) in numbered.items()}


def classify_line(number: int, line: str) -> str | None:
    """The furniture category of a raw line, or None when it belongs to the text."""
    if not line.strip():
        return None
    if FOLIO_RE.match(line):
        return "folio"
    if is_running_title(line):
        return "display title (given as the page title)" if number == 1 else "running title"
    if JUNK_RE.match(line.strip()):
        return "junk line"
    return None


def build(text: Text) -> Document:
    record = Record()
    pagination, _ = load_yaml(text.folder / "pagination.yaml")
    raw_lines = text.raw.split("\n")
    starts = page_starts(raw_lines, pagination)

    # Raw lines kept for the text, a page mark in front of the line where a page begins;
    # blank lines separate the typescript's paragraphs.
    kept: list[tuple[int, str]] = []
    pending = ""
    for number, line in text.lines:
        if number in starts and starts[number][0] is not None:
            page, inferred = starts[number]
            pending = page_mark(page, inferred)
        category = classify_line(number, line)
        if category:
            record.remove(category, number, line)
            continue
        if number in starts and looks_like_heading(line):
            # A heading at the head of a page often has no blank line before it in the OCR.
            kept += [(number, ""), (number, pending + line.strip()), (number, "")]
            pending = ""
            continue
        if line.strip() and pending:
            line, pending = pending + line.strip(), ""
        kept.append((number, line))

    blocks: list[Block] = []
    for raw in raw_blocks(kept):
        blocks.append(_block(raw.line, raw.lines, record))
    joined = merge_broken(blocks, "\n".join(line for _, line in kept))
    record.fixer_counts["join_page_broken_paragraphs"] += len(blocks) - len(joined)
    return Document(blocks=joined, record=record)


def looks_like_heading(line: str) -> bool:
    """Is this raw line, once de-letter-spaced, a heading ("The C e n t r a l  C o m m i t t e e")?"""
    return is_heading(join_letter_spacing(line).strip())


def _block(line: int, lines: list[str], record: Record) -> Block:
    body = apply_fixers("\n".join(lines), FIXERS, record)
    plain = re.sub(r"\ue000.*?\ue001", "", body)
    if len(lines) == 1 and is_heading(plain):
        return Block("heading", body, level=2, line=line)
    return Block("para", body, line=line)
