"""The CIA reading text against passages transcribed by hand from the OCR (tests/data/cia_hand:
made by reading the raw lines, not by running code). They must match word for word."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from edition.model import block_text

HAND = Path(__file__).parent / "data" / "cia_hand"
PASSAGES = sorted(HAND.glob("passage_*.txt"))


def words_of(text: str) -> list[str]:
    """Words for comparison, in the typescript's conventions (the hand transcription keeps
    "--" and straight quotes; the reading text prints a dash and curly quotes)."""
    text = text.replace("—", "--").replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return re.sub(r"\s*--\s*", "--", text).split()


def hand_words(path: Path) -> list[str]:
    body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("# "))
    return words_of(body)


def aligned_errors(reading: list[str], hand: list[str]) -> list[tuple[str, str]]:
    """Find the passage in the reading text by its opening (or closing) words, then list
    the word-level differences."""
    for probe, from_end in ((hand[:6], False), (hand[-6:], True)):
        for i in range(len(reading) - len(probe) + 1):
            if reading[i : i + len(probe)] == probe:
                start = i - len(hand) + len(probe) if from_end else i
                segment = reading[max(0, start) : max(0, start) + len(hand)]
                matcher = difflib.SequenceMatcher(a=segment, b=hand, autojunk=False)
                return [(" ".join(segment[i1:i2]), " ".join(hand[j1:j2]))
                        for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    return [("<passage not found>", " ".join(hand[:6]))]


@pytest.fixture(scope="module")
def reading(documents):
    doc = documents["cia-anti-party-group-1962"]
    return words_of(" ".join(block_text(b) for b in doc.blocks))


def test_there_are_three_hand_passages_of_150_words():
    assert len(PASSAGES) >= 3
    assert all(len(hand_words(p)) >= 150 for p in PASSAGES)


@pytest.mark.parametrize("path", PASSAGES, ids=[p.stem for p in PASSAGES])
def test_reading_text_matches_hand_transcription(reading, path):
    assert aligned_errors(reading, hand_words(path)) == []
