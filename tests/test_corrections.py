"""Recorded corrections: applied to the raw lines, flagged when they are the typist's, and an
entry that no longer matches the raw text is an error naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import reading_text
from edition.cleanup.corrections import apply_corrections, validate
from edition.cleanup.marks import PROTECT_CLOSE, PROTECT_OPEN
from edition.errors import EditionError

RAW = Path("raw.txt")


def entry(**kw):
    base = {"line": 1, "raw": "netural", "reading": "neutral", "category": "typist", "reason": "slip"}
    return {**base, **kw}


def test_stale_raw_form_is_an_error_with_line():
    with pytest.raises(EditionError) as info:
        apply_corrections("a neutral state\n", [entry()], RAW)
    assert info.value.code == "C103" and info.value.line == 1
    assert str(info.value).startswith("raw.txt:1: C103 ")


def test_ambiguous_raw_form_needs_occurrence():
    with pytest.raises(EditionError) as info:
        apply_corrections("netural and netural\n", [entry()], RAW)
    assert info.value.code == "C104"
    lines, _ = apply_corrections("netural and netural\n", [entry(occurrence=2, category="ocr")], RAW)
    assert lines[0] == (1, f"netural and {PROTECT_OPEN}neutral{PROTECT_CLOSE}")  # the reading, protected


def test_line_out_of_range_is_an_error():
    with pytest.raises(EditionError) as info:
        apply_corrections("x\n", [entry(line=9)], RAW)
    assert info.value.code == "C101"


def test_displaced_line_moves_before_its_target():
    raw = "second line\nthird line\nfirst line\n"
    move = {"line": 3, "raw": "first line", "category": "displaced", "move_before": 1, "reason": "r"}
    lines, _ = apply_corrections(raw, [move], RAW)
    assert [n for n, _ in lines] == [3, 1, 2, 4]


def test_bad_entries_are_refused():
    with pytest.raises(EditionError) as info:
        validate([entry(category="guess")], RAW)
    assert info.value.code == "S107"  # C113 retired: an unknown category is a choice not made
    with pytest.raises(EditionError) as info:
        validate([{"line": 2, "raw": "x", "category": "ocr", "reason": "r"}], RAW)
    assert info.value.code == "S105"  # C112 retired: a missing reading is a missing field
    with pytest.raises(EditionError):
        validate([{"line": 2, "raw": "x", "category": "displaced", "reason": "r"}], RAW)


def test_cards_typing_slips_corrected_and_flagged(documents):
    doc = documents["thaw-revision-notes"]
    flagged = [(part.text[s.start:s.end], s.attrs["raw"]) for b in doc.blocks for part in b.parts()
               for s in part.of("correction") if s.attrs["kind"] == "slip"]
    assert ("neutral", "netural") in flagged and ("brought to", "brough tto") in flagged
    assert ("planes", "places") not in flagged and ("spy planes", "spy places") in flagged
    text = reading_text(doc)
    for slip in ("netural", "Initelligence", "brough tto", "spy places", "Easten Europe"):
        assert slip not in text
    assert len(doc.record.corrections) == 16
    assert all(c["category"] == "typist" for c in doc.record.corrections)


def test_cards_corrections_listed_in_apparatus_with_paragraph(root):
    page = (root / "docs/texts/thaw-revision-notes.md").read_text(encoding="utf-8")
    assert '<td><code>netural</code></td><td><code>neutral</code></td><td>typist</td>' in page
    assert 'the source reads “netural”' in page
