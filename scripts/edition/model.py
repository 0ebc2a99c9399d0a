"""The document, format-neutral: blocks of plain Unicode text plus typed spans, with ids.

Nothing here is Markdown or HTML. A block's text is what a reader reads; what the edition
knows about stretches of it (a page begins here, a note is called here, this word is a
person's name, this reading corrects a slip) is a :class:`Span` over it, with the raw lines
it comes from. Annotators add spans; nothing edits the text; renderers write the spans out
in their own format and escape every character of text for it (``render/``).

The one numbering of the paragraphs is :func:`paragraphs` (which blocks are paragraphs) and
each paragraph's :attr:`Block.id` (``p-10``, ``p-10a``), given from the manifest of
published anchors (``anchors.assign_ids``); the one plain text is :func:`plain_text`.

Span kinds (``attrs`` in brackets):

- ``emphasis``: italics of the source.
- ``note`` (``n``): a call of the document's note ``n``, zero-width.
- ``printed-note`` (``n``): a printed book's note call whose note text is not in the source,
  over its superscript digits.
- ``page`` (``n``, ``inferred``): page ``n`` of the original begins here, zero-width.
- ``person`` (``id``, ``link``): a mention of a person of the register; ``link`` on the first
  mention of that person in the block.
- ``term`` (``id``): a form of a glossary entry.
- ``correction`` (``kind``: ``silent``, ``slip``, ``conjecture``, ``illegible``; ``raw``): a
  recorded correction's reading.
- ``addition``: words the editors added.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

SPAN_KINDS = ("emphasis", "note", "printed-note", "page", "person", "term", "correction", "addition")


@dataclass
class Span:
    """What the edition knows about text[start:end] of one block (zero-width: a point)."""

    kind: str
    start: int
    end: int
    attrs: dict = field(default_factory=dict)
    lines: tuple[int, ...] = ()  # the raw lines it comes from


@dataclass
class Inline:
    """A run of plain text with its spans: a list item, a note, a title, a header value."""

    text: str = ""
    spans: list[Span] = field(default_factory=list)
    depth: int = 0  # nesting, for list items

    def __str__(self) -> str:
        return self.text

    def of(self, kind: str) -> list[Span]:
        return [span for span in self.spans if span.kind == kind]


@dataclass
class Block:
    """A unit of the reading text.

    kind: ``heading``, ``para``, ``epigraph``, ``attribution``, ``list``, ``omission``,
    ``anchor`` (a bare page anchor between blocks), ``header``, ``subject``,
    ``participants``. A ``list`` or ``participants`` block has `items`, the others `text`.
    """

    kind: str
    text: str = ""
    spans: list[Span] = field(default_factory=list)
    level: int = 2
    items: list[Inline] = field(default_factory=list)
    line: int = 0  # first raw line (1-based) the block comes from
    source_lines: list[int] = field(default_factory=list)  # every raw line it comes from
    id: str = ""  # a paragraph's citable id, "p-10" (DESIGN §3)

    @property
    def number(self) -> str:
        """The paragraph's number as shown, from its id: "10", "10a"."""
        return self.id[2:] if self.id.startswith("p-") else ""

    @property
    def inline(self) -> Inline:
        return Inline(self.text, self.spans)

    def parts(self) -> list[Inline]:
        """The runs of text of the block: its text, or its items."""
        return list(self.items) if self.kind in ("list", "participants") else [self.inline]

    def of(self, kind: str) -> list[Span]:
        return [span for part in self.parts() for span in part.spans if span.kind == kind]


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
    notes: dict[str, Inline] = field(default_factory=dict)
    # Raw lines of notes that stood apart from their call (page-foot footnotes), by note;
    # the audit aligns them with their note rather than with the running text.
    note_sources: dict[str, list[int]] = field(default_factory=dict)
    title: Inline = field(default_factory=Inline)  # the document's own heading, when it has one
    header: dict = field(default_factory=dict)  # structured header fields (memcon); values Inline
    record: Record = field(default_factory=Record)
    # Old ids that resolve to a current paragraph (merges, aliases): {current id: [old ids]}.
    aliases: dict[str, list[str]] = field(default_factory=dict)

    def paragraphs(self) -> list[Block]:
        """The blocks that are paragraphs (DESIGN §3): not headings, anchors or header."""
        return paragraphs(self)

    def paragraph(self, ident: str) -> Block | None:
        return next((b for b in self.paragraphs() if b.id == ident), None)


PARAGRAPH_KINDS = ("para", "epigraph", "attribution", "list", "omission")


def paragraphs(doc: Document) -> list[Block]:
    """The paragraphs of a document, in reading order: the one rule of what counts."""
    return [block for block in doc.blocks if block.kind in PARAGRAPH_KINDS]


def number_list(numbers: list[str]) -> str:
    """Paragraph numbers as shown (``10``, ``10a``), in reading order, for a message: runs of
    consecutive plain numbers shortened.

    >>> number_list(["1", "2", "3", "3a", "4", "6", "7"])
    '1–3, 3a, 4, 6–7'
    """
    runs: list[list[str]] = []
    for number in numbers:
        last = runs[-1][-1] if runs else None
        if last and number.isdigit() and last.isdigit() and int(number) == int(last) + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def block_text(block: Block) -> str:
    """The plain text of a block (the items of a list joined by spaces)."""
    return " ".join(part.text for part in block.parts())


def header_values(doc: Document) -> list[Inline]:
    """Every value of the structured header (memcon), in order."""
    values: list[Inline] = []
    for item in doc.header.get("fields", []):
        if isinstance(item.get("value"), Inline):
            values.append(item["value"])
        values += item.get("members", [])
        for group in item.get("groups", []):
            values += group["members"]
    return values


def plain_text(doc: Document, notes: bool = True) -> str:
    """The whole reading text of a document as plain text, one block a line: the title,
    the blocks (headings included), then the notes."""
    parts = [doc.title.text] if doc.title.text else []
    parts += [block_text(block) for block in doc.blocks if block.parts() and block_text(block)]
    if notes:
        parts += [note.text for note in doc.notes.values()]
    return "\n".join(parts)


def passages(doc: Document) -> list[tuple[str, str, str]]:
    """The citable places of a text with the headings above each: (anchor, headings, text),
    paragraphs in order, then notes."""
    places, headings = [], []
    for block in doc.blocks:
        if block.kind == "heading":
            headings.append(block.text)
        elif block.kind in PARAGRAPH_KINDS:
            places.append((block.id, "\n".join(headings), block_text(block)))
            headings = []
    return places + [(f"fn:{key}", "", note.text) for key, note in doc.notes.items()]
