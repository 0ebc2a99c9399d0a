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
- ``correction`` (``kind``: ``silent``, ``slip``, ``conjecture``, ``illegible``; ``raw``,
  ``reading``, ``reason``, ``line``, ``index``, ``also``): a recorded correction's reading, made
  where it stands by the cleanup (``cleanup.marks``), described from its entry in the text's
  corrections (``cleanup.corrections.describe``); its lines are every raw line it draws from
  (``also``: the deletions it carries, the rest of a word it gives whole).
- ``supplied`` (``first``, ``last``): inside a conjecture, the editors' letters between its
  square brackets; ``gap``: an ``[illegible]`` inside a correction.
- ``addition``: words the editors added.
"""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

SPAN_KINDS = ("emphasis", "note", "printed-note", "page", "person", "term", "correction", "supplied", "gap",
              "addition")
# The spans of an editorial intervention, which a span crossing their edge is split around.
EDITORIAL = ("correction", "supplied", "gap")


@dataclass
class Span:
    """What the edition knows about text[start:end] of one block (zero-width: a point)."""

    kind: str
    start: int
    end: int
    attrs: dict = field(default_factory=dict)
    lines: tuple[int, ...] = ()  # the raw lines it comes from


# The kinds of correction the reading page does not mark: the reading is the text itself
# (a conjecture's and an illegible place's brackets are part of it). Only the data formats
# write them; a person's name or a term may run across their edges.
UNMARKED_CORRECTIONS = ("silent", "conjecture", "illegible", "addition")


def unmarked(span: Span) -> bool:
    """A correction the page does not mark (:data:`UNMARKED_CORRECTIONS`)."""
    return span.kind == "correction" and span.attrs.get("kind") in UNMARKED_CORRECTIONS


def split_crossing(spans: list[Span]) -> list[Span]:
    """The spans made to nest: where two spans with text cross (one begins inside the other
    and ends after it), one of them is split at the other's edge into pieces that each lie
    inside or outside it. An editorial span (a correction, a supplied or illegible place) is
    never split, the other is (a name half of which a repair restored is two pieces of the
    one name); of two others the later one is split. Two editorial spans that cross cannot
    be written in any format: an error (the cleanup's marks always nest, so it is a fault of
    the program, never of the sources).

    >>> pieces = split_crossing([Span("correction", 4, 9, {"kind": "silent"}), Span("person", 0, 6, {"id": "k"})])
    >>> sorted((s.kind, s.start, s.end) for s in pieces)
    [('correction', 4, 9), ('person', 0, 4), ('person', 4, 6)]
    >>> sorted((s.kind, s.start, s.end) for s in split_crossing([Span("emphasis", 0, 5), Span("person", 3, 8)]))
    [('emphasis', 0, 5), ('person', 3, 5), ('person', 5, 8)]
    """
    out = list(spans)
    while True:
        crossing = next(((a, b) for a in out for b in out
                         if a.start < b.start < a.end < b.end), None)
        if crossing is None:
            return out
        a, b = crossing
        if a.kind in EDITORIAL and b.kind in EDITORIAL:
            raise ValueError(f"spans cross at {b.start}-{a.end}: {a.kind} {a.attrs} and {b.kind} {b.attrs}")
        # Split the one that is not editorial (the later one when neither is), at the other's edge.
        split, at = (a, b.start) if b.kind in EDITORIAL else (b, a.end)
        out.remove(split)
        out += [Span(split.kind, split.start, at, dict(split.attrs), split.lines),
                Span(split.kind, at, split.end, dict(split.attrs), split.lines)]


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

    def drawn_from(self) -> list[int]:
        """Every raw line the block draws from, in reading order: its own lines and those of
        its spans (a deletion a correction carries leaves its line blank, yet the reading
        draws on it); a line only a span names goes after the nearest line before it.

        >>> Block("para", "x", [Span("correction", 0, 1, {}, (3, 4))], source_lines=[7, 3, 6]).drawn_from()
        [7, 3, 4, 6]
        """
        lines = list(self.source_lines)
        for line in sorted({n for span in self.of("correction") for n in span.lines} - set(lines)):
            before = [i for i, n in enumerate(lines) if n < line]
            lines.insert(max(before, key=lambda i: lines[i]) + 1 if before else 0, line)
        return lines


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


def correction_places(doc: Document) -> dict[int, tuple[str, str]]:
    """Where each recorded correction stands in the reading text, by the index of its entry:
    (anchor, label), ``("p-12", "¶ 12")``, ``("fn:1", "note 1")`` or ``("", "heading")``,
    from the place of its span (a deletion: of the span that carries it). A displaced line
    stands in the paragraph that draws on it; a displaced blank line (a paragraph break) in
    the paragraph it opens. A correction in the header has no place."""
    places: dict[int, tuple[str, str]] = {}

    def place(runs: list[Inline], where: tuple[str, str]) -> None:
        for run in runs:
            for span in run.of("correction"):
                for index in (span.attrs["index"], *span.attrs.get("also", [])):
                    places.setdefault(index, where)

    for block in doc.blocks:
        if block.kind in PARAGRAPH_KINDS:
            place(block.parts(), (block.id, f"¶ {block.number}"))
        elif block.kind == "heading":
            place(block.parts(), ("", "heading"))
    for key, note in doc.notes.items():
        place([note], (f"fn:{key}", f"note {key}"))
    for index, entry in enumerate(doc.record.corrections):
        if entry["category"] == "displaced":
            for line in (entry["line"], entry["move_before"]):
                block = next((b for b in paragraphs(doc) if line in b.source_lines), None)
                if block:
                    places[index] = (block.id, f"¶ {block.number}")
                    break
    return places


def every_inline(doc: Document) -> list[Inline]:
    """Every run of text of a document: the title, the blocks' runs, the notes, the header."""
    runs = [doc.title] + [part for block in doc.blocks for part in block.parts()]
    return runs + list(doc.notes.values()) + header_values(doc)


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


Copied = TypeVar("Copied")


def deep_copy(value: Copied) -> Copied:
    """A copy of a document, or of parsed data, that shares nothing with the original: what
    ``copy.deepcopy`` makes, by a pickle round trip, which is several times faster on a
    document of thousands of spans (a page's render copies one; every YAML file read is one).

    >>> data = {"a": [1, {"b": "c"}]}
    >>> copy = deep_copy(data); copy["a"][1]["b"] = "d"; data, copy == data
    ({'a': [1, {'b': 'c'}]}, False)
    """
    return pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
