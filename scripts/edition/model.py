"""The intermediate form between raw text and Markdown: blocks, notes, furniture, records.

Page breaks travel inside block text as a sentinel (``PAGE_OPEN`` n ``PAGE_CLOSE``) drawn
from Unicode's private-use area, which no source text uses, so that a page break can sit
mid-sentence exactly where it fell and be rendered late as an anchor.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

PAGE_OPEN = "\ue000"
PAGE_CLOSE = "\ue001"
# A page sentinel: PAGE_OPEN, the page number, an optional "?" for an inferred number.
PAGE_RE = re.compile(f"{PAGE_OPEN}(\\d+)(\\??){PAGE_CLOSE}")


# A flagged correction of a typist's slip: SIC_OPEN reading SIC_SEP raw form SIC_CLOSE.
SIC_OPEN, SIC_SEP, SIC_CLOSE = "\ue002", "\ue003", "\ue004"
SIC_RE = re.compile(f"{SIC_OPEN}([^{SIC_SEP}]*){SIC_SEP}([^{SIC_CLOSE}]*){SIC_CLOSE}")


# A recorded correction's reading, protected from the fixers that re-space words:
# PROTECT_OPEN reading PROTECT_CLOSE (removed by the `unprotect` fixer).
PROTECT_OPEN, PROTECT_CLOSE = "\ue006", "\ue007"
PROTECT_RE = re.compile(f"{PROTECT_OPEN}([^{PROTECT_CLOSE}]*){PROTECT_CLOSE}")


def page_mark(number: int, inferred: bool = False) -> str:
    """The sentinel for the start of page `number` (inferred when the number is ours)."""
    return f"{PAGE_OPEN}{number}{'?' if inferred else ''}{PAGE_CLOSE}"


def strip_page_marks(text: str) -> str:
    """The text without page marks, and flagged corrections reduced to their reading."""
    return SIC_RE.sub(r"\1", PAGE_RE.sub("", PROTECT_RE.sub(r"\1", text)))


@dataclass
class Block:
    """A unit of the reading text.

    kind: ``heading``, ``para``, ``epigraph``, ``attribution``, ``list``, ``omission``,
    ``anchor`` (a bare page anchor between blocks).
    """

    kind: str
    text: str = ""
    level: int = 2
    items: list[str] = field(default_factory=list)
    line: int = 0  # first raw line (1-based) the block comes from
    source_lines: list[int] = field(default_factory=list)  # every raw line it comes from


@dataclass
class Furniture:
    """A raw line (or part of one) removed as document furniture, kept for the apparatus."""

    category: str
    line: int
    text: str


@dataclass
class Record:
    """What the cleanup did to one text: fixer counts, furniture, corrections, page list."""

    fixer_counts: Counter = field(default_factory=Counter)
    fixer_examples: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    furniture: list[Furniture] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)

    def remove(self, category: str, line: int, text: str) -> None:
        self.furniture.append(Furniture(category, line, text))


@dataclass
class Document:
    """A text after cleanup and structuring, ready to render."""

    blocks: list[Block]
    notes: dict[str, str] = field(default_factory=dict)
    # Raw lines of notes that stood apart from their call (page-foot footnotes), by note;
    # the audit aligns them with their note rather than with the running text.
    note_sources: dict[str, list[int]] = field(default_factory=dict)
    title: str = ""  # the document's own heading (Markdown), when it has one to show
    header: dict = field(default_factory=dict)  # structured header fields (memcon)
    record: Record = field(default_factory=Record)

    def paragraphs(self) -> list[Block]:
        """The blocks that count as paragraphs for `#p-N` (DESIGN §3): not headings."""
        return [b for b in self.blocks if b.kind in PARAGRAPH_KINDS]


PARAGRAPH_KINDS = ("para", "epigraph", "attribution", "list", "omission")
