"""A fixer that reads its neighbours runs through the reading marks (cleanup.marks.
through_marks): where running it over the marked text makes the same text with every mark
kept, that result is taken, and the costly character alignment is kept for the edits that
meet a mark. On the edition's texts the quick way must place every mark exactly where the
alignment does; so must the way of a fixer that puts one character for one (the marks put
back at their offsets)."""

from __future__ import annotations

from pathlib import Path

import edition.cleanup as cleanup
from edition.cleanup import marks
from edition.pipeline import build_documents
from edition.sources import load_edition

ROOT = Path(__file__).resolve().parent.parent


def test_the_quick_way_places_every_mark_where_the_alignment_does(monkeypatch):
    calls = []

    def recorded(fixer, text, one_for_one=False):
        calls.append((fixer, text, one_for_one))
        return marks.through_marks(fixer, text, one_for_one)

    monkeypatch.setattr(cleanup, "through_marks", recorded)
    build_documents(load_edition(ROOT)[1])
    quick = aligned = in_place = 0
    for fixer, text, one_for_one in calls:
        fixed = fixer(marks.bare(text))
        if not marks.READING_EDGE_RE.search(text) or fixed == marks.bare(text):
            continue
        result = marks.through_marks(fixer, text, one_for_one)
        assert result == marks.realigned(text, fixed), (fixer.__name__, marks.strip_marks(text)[:80])
        if one_for_one:
            in_place += 1
        elif result == fixer(text):
            quick += 1
        else:
            aligned += 1
    # Every way is taken on the real texts: the comparison is not empty.
    assert quick > 50 and aligned > 0 and in_place > 50, (quick, aligned, in_place)


def test_an_edit_the_marks_would_change_is_aligned():
    # The mark after '"no"' hides the space from the fixer: run over the marked text it
    # would change nothing, so the edit is made on the bare text and the marks aligned.
    marked = "he said " + marks.reading_mark(0, '"no"') + " ."
    fixer = lambda t: t.replace('"no" .', '"no".')  # noqa: E731
    assert fixer(marked) == marked
    assert marks.through_marks(fixer, marked) == "he said " + marks.reading_mark(0, '"no"') + "."
