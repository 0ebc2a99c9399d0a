"""The CIA reading text against passages transcribed by hand from the OCR (tests/data/cia_hand:
made by reading the raw lines, not by running code; passages 4-14 blind, by an editor who
never saw the reading text). They must match word for word, except for the differences
listed, each with its reason, in tests/data/cia_hand/known_differences.yaml: legitimately
different judgements of a lost or doubtful passage. A listed difference that no longer
occurs fails too, so the list stays true.

The word error rate of the reading text against all the passages is printed by
``PYTHONPATH=scripts python tests/test_cia_hand.py``.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

import pytest
import yaml

from edition.model import Inline, Span

HAND = Path(__file__).parent / "data" / "cia_hand"
PASSAGES = sorted(HAND.glob("passage_*.txt"), key=lambda p: int(p.stem.split("_")[1]))
KNOWN = HAND / "known_differences.yaml"


def words_of(text: str) -> list[str]:
    """Words for comparison, in the typescript's conventions (the hand transcription keeps
    "--" and straight quotes; the reading text prints a dash and curly quotes)."""
    text = text.replace("—", "--").replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s*--\s*", "--", text).split()


def as_typed(raw: str) -> str:
    """A flagged slip's raw form as the typist typed it: the OCR's letter-spacing undone
    ("a r t i f i c a l l y" -> "artifically"), since the hand passages keep slips as typed.

    >>> as_typed("a r t i f i c a l l y"), as_typed("pe r fo idy")
    ('artifically', 'perfoidy')
    """
    return raw.replace(" ", "")


def typed_text(part: Inline) -> str:
    """A run of the reading text as the hand passages write it: each flagged slip as typed
    (page starts and note calls are zero-width spans, so they are not in the text)."""
    out, at = [], 0
    slips = [s for s in part.of("correction") if s.attrs.get("kind") == "slip"]
    for span in sorted(slips, key=lambda s: s.start):
        out += [part.text[at:span.start], as_typed(span.attrs["raw"])]
        at = span.end
    return "".join(out) + part.text[at:]


def reading_words(parts: list[Inline]) -> list[str]:
    """The reading text's words, in the hand passages' conventions."""
    return words_of(" ".join(typed_text(part) for part in parts))


def hand_words(path: Path) -> list[str]:
    body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("# "))
    return words_of(body)


def _find(reading: list[str], probe: list[str], start: int = 0) -> int | None:
    for i in range(start, len(reading) - len(probe) + 1):
        if reading[i : i + len(probe)] == probe:
            return i
    return None


def aligned_errors(reading: list[str], hand: list[str]) -> list[tuple[str, str]]:
    """Find the passage in the reading text by its opening and closing words (or, when one
    of them differs, by the other and the passage's length), then list the word-level
    differences as (reading, hand)."""
    head, tail = hand[:6], hand[-6:]
    start = _find(reading, head)
    end = _find(reading, tail, start or 0)
    if start is not None and end is not None and end + len(tail) - start < 2 * len(hand):
        segment = reading[start : end + len(tail)]
    elif start is not None:
        segment = reading[start : start + len(hand)]
    elif end is not None:
        first = max(0, end + len(tail) - len(hand))
        segment = reading[first : end + len(tail)]
    else:
        return [("<passage not found>", " ".join(head))]
    matcher = difflib.SequenceMatcher(a=segment, b=hand, autojunk=False)
    return [(" ".join(segment[i1:i2]), " ".join(hand[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def errors_counted(errors: list[tuple[str, str]]) -> int:
    """Word errors: each difference counts the longer of its two sides, in words."""
    return sum(max(len(a.split()), len(b.split())) for a, b in errors)


def known_differences() -> dict[str, list[tuple[str, str]]]:
    data = yaml.safe_load(KNOWN.read_text(encoding="utf-8"))
    out: dict[str, list[tuple[str, str]]] = {}
    for entry in data["differences"]:
        assert entry["reason"].strip(), entry
        out.setdefault(entry["passage"], []).append((entry["reading"], entry["hand"]))
    return out


def cia_reading(doc) -> list[str]:
    return reading_words([part for block in doc.blocks for part in block.parts()])


@pytest.fixture(scope="module")
def reading(documents):
    return cia_reading(documents["cia-anti-party-group-1962"])


def test_there_are_fourteen_hand_passages_of_150_words_and_2000_words_blind():
    assert len(PASSAGES) >= 14
    assert all(len(hand_words(p)) >= 150 for p in PASSAGES)
    blind = [p for p in PASSAGES if int(p.stem.split("_")[1]) >= 4]
    assert len(blind) >= 10 and sum(len(hand_words(p)) for p in blind) >= 2000


def test_every_known_difference_names_a_passage():
    assert set(known_differences()) <= {p.stem for p in PASSAGES}


@pytest.mark.parametrize("path", PASSAGES, ids=[p.stem for p in PASSAGES])
def test_reading_text_matches_hand_transcription(reading, path):
    assert aligned_errors(reading, hand_words(path)) == known_differences().get(path.stem, [])


def test_a_slip_is_compared_as_typed_and_a_note_call_is_left_out():
    text = "kept artificially alive errors. Zhukov"
    part = Inline(text, [
        Span("correction", 5, 17, {"kind": "slip", "raw": "a r t i f i c a l l y"}),
        Span("note", 31, 31, {"n": "2"}), Span("page", 32, 32, {"n": "3", "inferred": True})])
    assert reading_words([part]) == ["kept", "artifically", "alive", "errors.", "Zhukov"]


def word_error_rate(reading: list[str]) -> list[tuple[str, int, int]]:
    """(passage, words, word errors) for every passage."""
    return [(p.stem, len(hand_words(p)), errors_counted(aligned_errors(reading, hand_words(p)))) for p in PASSAGES]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from edition.pipeline import build_document
    from edition.sources import load_edition

    _, texts = load_edition(Path(__file__).resolve().parent.parent)
    doc = build_document(next(t for t in texts if t.slug == "cia-anti-party-group-1962"))
    rows = word_error_rate(cia_reading(doc))
    for name, words, errors in rows:
        print(f"{name}: {errors}/{words}")
    blind = [r for r in rows if int(r[0].split("_")[1]) >= 4]
    for label, part in (("blind passages 4-14", blind), ("all passages", rows)):
        words, errors = sum(r[1] for r in part), sum(r[2] for r in part)
        print(f"{label}: WER {errors}/{words} = {100 * errors / words:.2f} %")
