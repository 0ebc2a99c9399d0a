"""Recorded editorial decisions (``sources/<slug>/corrections.yaml``), applied to the raw lines.

A correction names a raw line, the exact raw form on that line, the reading, a category and
a reason. It is applied before any fixer, so its raw form is literally what the file says;
one that no longer matches is an error (C1xx), never a silent skip.

Categories (DESIGN §2.3):

- ``ocr``: damage by OCR or transcription, repaired silently and listed in the apparatus;
- ``typist``: a slip of the original author or typist, corrected and flagged in the text;
- ``conjecture``: lost or unreadable text supplied in editorial brackets, which the reading
  itself carries (``posi[tion]``, ``[illegible]``);
- ``displaced``: a line printed out of reading order, moved before the line it belongs
  before (``move_before``); its ``raw`` is the whole line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import fail
from .marks import reading_mark
from ..sources import check, schema

# The form of an entry is data (``data/schemas.yaml``, kind ``corrections``): a line number,
# the raw form, a category (one of ocr, typist, conjecture, displaced) and a reason; a
# ``reading`` unless the line is displaced, a ``move_before`` if it is. A reading written
# ``""`` is a deletion (a word's rest already given on the line before); a reading left
# empty (``reading:``, which YAML reads as null) is an error (S106), never the word "None".


def validate(entries: Any, path: Path) -> list[dict]:
    """Check a list of entries as the schema checks those of a corrections.yaml (S104-S108);
    the first bad one is an error naming its number."""
    check(entries, schema("corrections")["fields"]["corrections"], path, where="corrections")
    return entries


# The kind of a correction's span by the entry's category; a conjecture whose reading is
# "[illegible]" is the kind ``illegible``.
SPAN_KIND = {"ocr": "silent", "typist": "slip", "conjecture": "conjecture"}
ILLEGIBLE = "[illegible]"


def span_kind(entry: dict) -> str:
    """The kind of the ``correction`` span of a recorded entry.

    >>> span_kind({"category": "conjecture", "reading": "[illegible]"}), span_kind({"category": "ocr"})
    ('illegible', 'silent')
    """
    if entry["category"] == "conjecture" and entry.get("reading", "").strip() == ILLEGIBLE:
        return "illegible"
    return SPAN_KIND[entry["category"]]


def carrier(entries: list[dict], index: int) -> int | None:
    """The entry whose span carries deletion `index`: a reading written ``""`` takes away the
    rest of a word or line whose whole reading an entry on the raw line before (or the one
    before that, across a blank line) gives. None when there is none: the deletion then has
    a zero-width span of its own where its raw form stood."""
    line = entries[index]["line"]
    for other in range(index - 1, -1, -1):
        entry = entries[other]
        if entry["category"] == "displaced" or not entry.get("reading"):
            continue
        return other if line - 2 <= entry["line"] < line else None
    return None


def carried(entries: list[dict]) -> dict[int, list[int]]:
    """The deletions each entry's span carries (:func:`carrier`), by the entry's index, in
    order: found once for a text's entries, not once for each of its spans."""
    out: dict[int, list[int]] = {}
    for other, e in enumerate(entries):
        if e["category"] != "displaced" and e.get("reading") == "":
            index = carrier(entries, other)
            if index is not None:
                out.setdefault(index, []).append(other)
    return out


def describe(span, entries: list[dict], carries: dict[int, list[int]]) -> None:
    """Give a ``correction`` span made from a reading mark (attrs ``entry``) what the entry
    records: its kind, its raw form, its reason, its raw line, and the deletions it carries
    (``also``, from ``carries``, :func:`carried` of the entries; their raw lines among the
    span's lines)."""
    index = span.attrs.pop("entry")
    entry = entries[index]
    also = carries.get(index, [])
    span.attrs.update({"kind": span_kind(entry), "raw": entry["raw"], "reading": entry["reading"],
                       "reason": entry["reason"], "line": entry["line"], "index": index})
    if also:
        span.attrs["also"] = list(also)
    span.lines = tuple(sorted({entry["line"], *(entries[other]["line"] for other in also)}))


def bracket_spans(text: str, spans: list) -> list:
    """The editors' brackets inside the readings of the conjectures of one run of text, as
    spans nested in their correction's: ``gap`` over each ``[illegible]``, ``supplied`` over
    any other pair of brackets and the letters inside. A bracket opened in one reading and
    closed in the next ("con[ference" / "in J]uly") gives one ``supplied`` piece in each:
    ``first`` says the piece begins with the opening bracket, ``last`` that it ends with the
    closing one.

    >>> from ..model import Span
    >>> made = bracket_spans("con[ference in J]uly [illegible]", [
    ...     Span("correction", 0, 11, {"kind": "conjecture"}), Span("correction", 12, 20, {"kind": "conjecture"}),
    ...     Span("correction", 21, 32, {"kind": "illegible"})])
    >>> [(s.kind, s.start, s.end, s.attrs) for s in made]
    [('supplied', 3, 11, {'first': True, 'last': False}), ('supplied', 12, 17, {'first': False, 'last': True}), ('gap', 21, 32, {})]
    """
    from ..model import Span

    def why(span) -> dict:
        return {"reason": span.attrs["reason"]} if "reason" in span.attrs else {}

    made = []
    open_at = None  # where a bracket still open begins, or None
    for span in sorted((s for s in spans if s.kind == "correction" and s.attrs.get("kind") in ("conjecture", "illegible")),
                       key=lambda s: s.start):
        first = open_at is None
        open_at = span.start if open_at is not None else None
        position = span.start
        while position < span.end:
            if open_at is None:
                if text.startswith(ILLEGIBLE, position) and position + len(ILLEGIBLE) <= span.end:
                    made.append(Span("gap", position, position + len(ILLEGIBLE), {}, span.lines))
                    position += len(ILLEGIBLE)
                    continue
                if text[position] == "[":
                    open_at, first = position, True
            elif text[position] == "]":
                made.append(Span("supplied", open_at, position + 1, {"first": first, "last": True, **why(span)}, span.lines))
                open_at = None
            position += 1
        if open_at is not None:
            made.append(Span("supplied", open_at, span.end, {"first": first, "last": False, **why(span)}, span.lines))
    return made


def apply_corrections(raw: str, entries: list[dict], raw_path: Path) -> tuple[list[tuple[int, str]], list[dict]]:
    """Apply corrections to the raw text; return its lines as (raw line number, text) in
    reading order, and the entries applied (each with the raw line it matched).

    >>> lines, done = apply_corrections("a hklenkov\\nb", [{"line": 1, "raw": "hklenkov",
    ...     "reading": "Malenkov", "category": "ocr", "reason": "r"}], Path("raw.txt"))
    >>> from .marks import bare
    >>> [(n, bare(line)) for n, line in lines]
    [(1, 'a Malenkov'), (2, 'b')]
    """
    lines = raw.split("\n")
    for index, entry in enumerate(entries):
        number = entry["line"]
        if not 1 <= number <= len(lines):
            raise fail("C101", raw_path, number, raw=entry["raw"])
        line = lines[number - 1]
        if entry["category"] == "displaced":
            if line.strip() != entry["raw"].strip():
                raise fail("C102", raw_path, number, raw=entry["raw"])
            continue
        count = line.count(entry["raw"])
        occurrence = entry.get("occurrence", 1)
        if count == 0 or occurrence > count:
            raise fail("C103", raw_path, number, raw=entry["raw"])
        if count > 1 and "occurrence" not in entry:
            raise fail("C104", raw_path, number, raw=entry["raw"], count=count)
        # The reading is the editors': marked, so that no fixer may re-space or re-segment it
        # and so that it becomes the correction's span (``marks.to_inline``). A deletion whose
        # word an entry on the line before gives whole is carried by that entry's span.
        reading = entry["reading"]
        if reading or carrier(entries, index) is None:
            reading = reading_mark(index, reading)
        head, *tails = line.split(entry["raw"])
        line = head + "".join(
            (reading if i == occurrence - 1 else entry["raw"]) + tail for i, tail in enumerate(tails)
        )
        lines[number - 1] = line

    ordered = list(enumerate(lines, start=1))
    for entry in entries:
        if entry["category"] != "displaced":
            continue
        moving = next(item for item in ordered if item[0] == entry["line"])
        ordered.remove(moving)
        target = next((i for i, item in enumerate(ordered) if item[0] == entry["move_before"]), None)
        if target is None:
            raise fail("C105", raw_path, entry["line"])
        ordered.insert(target, moving)
    return ordered, entries
