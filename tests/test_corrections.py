"""Recorded corrections: applied to the raw lines, flagged when they are the typist's, and an
entry that no longer matches the raw text is an error naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import reading_text
from edition.cleanup.corrections import apply_corrections, validate
from edition.cleanup.marks import READING_CLOSE, READING_OPEN, ENTRY_BASE, to_inline
from edition.model import every_inline
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
    # the reading, marked with its entry's number (0): protected, and the span it becomes
    assert lines[0] == (1, f"netural and {READING_OPEN}{chr(ENTRY_BASE)}neutral{READING_CLOSE}")
    span = to_inline(lines[0][1]).spans[0]
    assert (span.start, span.end, span.attrs) == (12, 19, {"entry": 0})


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
    apparatus = (root / "docs/texts/thaw-revision-notes/apparatus/index.md").read_text(encoding="utf-8")
    assert '<td><code>netural</code></td><td><code>neutral</code></td><td>typist</td>' in apparatus
    assert 'the source reads “netural”' in page


STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def typeset(text: str) -> str:
    """A reading as the typographic fixers print it (curly quotes, the typewriter's "--" as
    an em dash), for comparing a recorded reading with its span's text."""
    return text.translate(STRAIGHT).replace("—", "--")


def as_printed(entry: dict, text: str, span, run) -> bool:
    """Whether a span's text is its entry's reading as printed: typeset, a reading's
    line-end hyphen gone where the word joins the next line ("How-" / "ever"), and an
    asterisk note call a ``note`` span ("errors.*")."""
    reading = entry["reading"]
    if reading.endswith("*") and any(n.start == span.end for n in run.of("note")):
        reading = reading[:-1]
    if reading.endswith("-") and run.text[span.end:span.end + 1].isalpha():
        reading = reading[:-1]
    return typeset(text) == reading


def correction_spans(doc) -> dict[int, list[tuple[str, object]]]:
    """Every correction span of a document by the index of its entry: (its text, the span);
    a deletion an entry's span carries is listed under its own index too."""
    found: dict[int, list] = {}
    for run in every_inline(doc):
        for span in run.of("correction"):
            found.setdefault(span.attrs["index"], []).append((run.text[span.start:span.end], span, run))
            for other in span.attrs.get("also", []):
                found.setdefault(other, []).append(("", span, run))
    return found


def test_every_ocr_correction_of_the_cia_paper_is_a_span_over_its_reading(documents, texts):
    """All 429 ``ocr`` entries of the CIA paper's corrections.yaml: each is exactly one span
    of the model; the 406 with a reading have it as their text as printed (``as_printed``:
    for 401 the reading itself, typeset; four end in a line-end hyphen the join of the word
    takes away, one in a note call), the 23 deletions are carried by the span of the entry
    that gives their word whole, on the raw line before, or stand as a point where their raw
    form was."""
    doc = documents["cia-anti-party-group-1962"]
    entries = texts["cia-anti-party-group-1962"].corrections
    found = correction_spans(doc)
    ocr = [i for i, e in enumerate(entries) if e["category"] == "ocr"]
    assert len(ocr) == 429
    assert [i for i in ocr if len(found.get(i, [])) != 1] == []
    mismatched = [(entries[i]["reading"], found[i][0][0]) for i in ocr
                  if entries[i]["reading"] and not as_printed(entries[i], *found[i][0])]
    assert mismatched == []
    exact = [i for i in ocr if entries[i]["reading"] and typeset(found[i][0][0]) == entries[i]["reading"]]
    assert len(exact) == 401
    deletions = [i for i in ocr if not entries[i]["reading"]]
    assert len(deletions) == 23
    for i in deletions:
        text, span, _ = found[i][0]
        assert entries[i]["line"] in span.lines
        assert span.attrs["index"] != i or text == ""  # a deletion of its own is a point
    assert all(found[i][0][1].attrs["kind"] == "silent" for i in ocr)


def test_every_correction_of_every_text_is_a_span_of_its_kind(documents, texts):
    """Not only the CIA paper's repairs: every recorded entry but a displaced line, in every
    text, is one span, of the kind its category says, with its raw form and its raw line."""
    kinds = {"ocr": {"silent"}, "typist": {"slip"}, "conjecture": {"conjecture", "illegible"}}
    for slug, text in texts.items():
        found = correction_spans(documents[slug])
        for index, entry in enumerate(text.corrections):
            if entry["category"] == "displaced":
                continue
            assert len(found.get(index, [])) == 1, (slug, entry)
            span = found[index][0][1]
            assert span.attrs["kind"] in kinds[entry["category"]], (slug, entry)
            if span.attrs["index"] == index:
                assert span.attrs["raw"] == entry["raw"] and entry["line"] in span.lines
                assert as_printed(entry, *found[index][0]), (slug, entry)


def test_the_conjectures_brackets_are_supplied_and_illegible_spans(documents):
    """Inside the conjectures: the letters in brackets are ``supplied`` spans (a bracket
    opened in one reading, "con[ference", closed in the next, "in J]uly", is two linked
    pieces) and each ``[illegible]`` a ``gap``."""
    doc = documents["cia-anti-party-group-1962"]
    supplied = [(run.text[s.start:s.end], s.attrs["first"], s.attrs["last"]) for run in every_inline(doc)
                for s in run.of("supplied")]
    assert ("[ference", True, False) in supplied and ("in J]", False, True) in supplied
    assert ("[Per]", True, True) in supplied and ("[May]", True, True) in supplied
    gaps = [run.text[s.start:s.end] for run in every_inline(doc) for s in run.of("gap")]
    assert gaps and set(gaps) == {"[illegible]"}
    assert len(gaps) == reading_text(doc).count("[illegible]")


def test_a_span_crossing_anothers_edge_is_split_or_an_error():
    """No text has crossing spans today; should one come (a name run across a page's italics,
    a term across a flagged slip), the page and the TEI write both, the crossing one split
    at the other's edge, instead of leaving one out; two corrections that cross are an error."""
    from edition.model import Document, Inline, Span, split_crossing
    from edition.render.inline import markdown
    from edition.render.tei import Writer

    person = {"id": "k", "link": True, "href": "../people/k.md", "title": "K"}
    run = Inline("Nikita Khrushchev spoke", [Span("emphasis", 0, 6), Span("person", 3, 17, person)])
    page = str(markdown(run))
    assert page.count("<em>") == 1 and page.count("(../people/k.md") == 2  # the name in two pieces
    assert "<em>Nik[ita](../people/k.md" in page
    slip = Span("correction", 7, 17, {"kind": "slip", "raw": "Khrushchov", "line": 3, "index": 0})
    tei = Writer("https://example.org/", Document(blocks=[]), []).inline(
        Inline(run.text, [Span("term", 0, 10, {"id": "t"}), slip]))
    assert tei.count("<term") == 2 and tei.count("<choice>") == 1
    assert ">Nikita </term><choice><sic>Khrushchov</sic>" in tei and ">Khr</term>ushchev</corr></choice>" in tei
    with pytest.raises(ValueError, match="spans cross at 7-10"):
        split_crossing([Span("correction", 0, 10, {"kind": "silent"}), slip])
