"""The spans the open-data formats (TEI, JSON) write beyond those the pages show.

The reading page shows people, notes, pages, emphasis and flagged slips; the data also marks
glossary terms and places each recorded correction that it can find in the reading text:

- a ``term`` span (``id``) over each form of a glossary entry (whole words, as ``abbr`` finds
  them, :func:`annotate.glossary.forms_regex`);
- a ``correction`` span of kind ``silent`` (``raw``, ``reason``, ``line``) over the reading of
  each recorded repair of OCR damage (category ``ocr``), found in the paragraph that holds its
  raw line, in order;
- ``correction`` spans of kind ``conjecture`` (text supplied between the editors' square
  brackets; the span covers the brackets too) and ``illegible`` (over ``[illegible]``),
  with the reasons of the conjectures recorded on the paragraph's raw lines.

Nothing here changes a document: every block's runs are copied, spans and all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..annotate.glossary import Entry, forms_regex, term_owner
from ..model import PARAGRAPH_KINDS, Block, Document, Inline, Span

BRACKETS_RE = re.compile(r"\[([^\[\]]*)\]")
ILLEGIBLE = "[illegible]"


@dataclass
class Rich:
    """A block's runs with the data's spans, and the corrections of its lines not placed."""

    block: Block
    parts: list[Inline]
    unplaced: list[dict] = field(default_factory=list)


def copied(inline: Inline) -> Inline:
    return Inline(inline.text, [replace(span, attrs=dict(span.attrs)) for span in inline.spans], inline.depth)


def overlaps(spans: list[Span], start: int, end: int) -> bool:
    """Whether [start, end) crosses a span with text (a span wholly inside or around is fine)."""
    for span in spans:
        if span.start == span.end:
            continue
        inside = span.start >= start and span.end <= end
        around = span.start <= start and span.end >= end
        if not (inside or around or span.end <= start or span.start >= end):
            return True
    return False


def add_terms(inline: Inline, owner: dict[str, str]) -> None:
    """A ``term`` span over each form of ``owner`` ({form: entry id}) in the run."""
    if not owner:
        return
    for match in forms_regex(list(owner)).finditer(inline.text):
        if not overlaps(inline.spans, match.start(), match.end()):
            inline.spans.append(Span("term", match.start(), match.end(), {"id": owner[match.group()]}))


def add_conjectures(inline: Inline, entries: list[dict]) -> None:
    """Bracketed text: a conjecture (inside the brackets) or ``[illegible]``."""
    reasons = [entry for entry in entries if entry["category"] == "conjecture"]
    if not reasons:  # square brackets of the source itself (an author's insertion, FRUS's omissions)
        return
    for match in BRACKETS_RE.finditer(inline.text):
        inner = match.group(1)
        reason = next((e for e in reasons if inner and inner.split()[0] in e["reading"]), None)
        attrs = {"reason": reason["reason"], "line": reason["line"]} if reason else {}
        if match.group() == ILLEGIBLE:
            inline.spans.append(Span("correction", match.start(), match.end(), {"kind": "illegible", **attrs}))
        else:
            inline.spans.append(Span("correction", match.start(), match.end(), {"kind": "conjecture", **attrs}))


def add_silent(parts: list[Inline], entries: list[dict]) -> list[dict]:
    """Place each OCR repair of the block's lines at the first occurrence of its reading after
    the last one placed; return the entries not placed (deletions, readings not found)."""
    unplaced, part_index, position = [], 0, 0
    for entry in entries:
        reading = entry.get("reading") or ""
        if entry["category"] != "ocr" or not reading.strip() or "[" in reading:
            unplaced.append(entry)
            continue
        found = None
        for index in range(part_index, len(parts)):
            at = parts[index].text.find(reading, position if index == part_index else 0)
            if at >= 0 and not overlaps(parts[index].spans, at, at + len(reading)):
                found = index, at
                break
        if found is None:
            unplaced.append(entry)
            continue
        part_index, at = found
        parts[part_index].spans.append(Span("correction", at, at + len(reading), {
            "kind": "silent", "raw": entry["raw"], "reason": entry["reason"], "line": entry["line"]}))
        position = at + len(reading)
    return unplaced


def sort_spans(inline: Inline) -> None:
    inline.spans.sort(key=lambda s: (s.start, s.end > s.start, -s.end))


def enriched(doc: Document, corrections: list[dict], glossary: list[Entry]) -> list[Rich]:
    """Every block of the document with the data's spans (see the module's docstring)."""
    by_line: dict[int, list[dict]] = {}
    for entry in corrections:
        if entry["category"] != "displaced":
            by_line.setdefault(entry["line"], []).append(entry)
    out = []
    owner = term_owner(glossary)  # once a document, not once a run
    for block in doc.blocks:
        parts = [copied(part) for part in block.parts()]
        unplaced: list[dict] = []
        if block.kind in PARAGRAPH_KINDS:
            lines = sorted(set(block.source_lines or ([block.line] if block.line else [])))
            entries = [entry for line in lines for entry in by_line.pop(line, [])]
            unplaced = add_silent(parts, entries)
            for part in parts:
                add_conjectures(part, entries)
        for part in parts:
            add_terms(part, owner)
            sort_spans(part)
        out.append(Rich(block, parts, unplaced))
    return out


def enriched_inline(inline: Inline, glossary: list[Entry]) -> Inline:
    part = copied(inline)
    add_terms(part, term_owner(glossary))
    sort_spans(part)
    return part


def pages_of(rich: list[Rich]) -> dict[int, tuple[str, str]]:
    """The page each block begins on and the last page it reaches, by block index
    (an inferred number in square brackets): {index: (first, last)}."""
    current, out = "", {}
    for index, item in enumerate(rich):
        first = None
        last = current
        for part in item.parts:
            for span in part.spans:
                if span.kind == "page":
                    label = f"[{span.attrs['n']}]" if span.attrs.get("inferred") else str(span.attrs["n"])
                    if span.start == 0 and first is None and part is item.parts[0]:
                        first = label
                    last = label
        out[index] = (first or current, last)
        current = last
    return out
