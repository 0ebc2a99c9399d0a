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
from .marks import PROTECT_CLOSE, PROTECT_OPEN, SIC_CLOSE, SIC_OPEN, SIC_SEP
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


def flagged(reading: str, raw: str) -> str:
    """A typist's slip corrected: the reading, carrying the raw form for the flag."""
    return f"{SIC_OPEN}{reading}{SIC_SEP}{raw}{SIC_CLOSE}"


def apply_corrections(raw: str, entries: list[dict], raw_path: Path) -> tuple[list[tuple[int, str]], list[dict]]:
    """Apply corrections to the raw text; return its lines as (raw line number, text) in
    reading order, and the entries applied (each with the raw line it matched).

    >>> lines, done = apply_corrections("a hklenkov\\nb", [{"line": 1, "raw": "hklenkov",
    ...     "reading": "Malenkov", "category": "ocr", "reason": "r"}], Path("raw.txt"))
    >>> [(n, line.replace("\\ue006", "<").replace("\\ue007", ">")) for n, line in lines]
    [(1, 'a <Malenkov>'), (2, 'b')]
    """
    lines = raw.split("\n")
    for entry in entries:
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
        reading = entry["reading"]
        if entry["category"] == "typist":
            reading = flagged(reading, entry["raw"])
        # The reading is the editors': no fixer may re-space or re-segment it. (An empty
        # reading, a deletion, needs no protection and must not glue its neighbours.)
        if reading:
            reading = PROTECT_OPEN + reading + PROTECT_CLOSE
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
