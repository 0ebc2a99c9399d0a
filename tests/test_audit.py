"""The conservation audit: clean on every text, and it does catch a lost word."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest

from edition.audit import align, audit, fold
from edition.model import block_text

from edition_texts import SLUGS  # the texts of sources/edition.yaml


@pytest.mark.parametrize("slug", SLUGS)
def test_audit_is_clean(texts, documents, slug):
    result = audit(texts[slug], documents[slug])
    assert result.losses == []
    assert result.kept_chars + result.furniture_chars == result.raw_chars


def test_audit_catches_a_dropped_word(texts, documents):
    doc = copy.deepcopy(documents["vienna-memcon-1961-06-03-1245"])
    block = next(b for b in doc.blocks if "Spanish Inquisition" in b.text)
    block.text = block.text.replace("Spanish Inquisition", "Inquisition")
    result = audit(texts["vienna-memcon-1961-06-03-1245"], doc)
    line = next(n for n, text in texts["vienna-memcon-1961-06-03-1245"].lines if "Spanish Inquisition" in text)
    assert [(loss.line, loss.text) for loss in result.losses] == [(line, "spanish")]


def test_audit_catches_a_dropped_paragraph(texts, documents):
    doc = copy.deepcopy(documents["zubok-failed-empire-ch4"])
    dropped = doc.blocks.pop(20)
    result = audit(texts["zubok-failed-empire-ch4"], doc)
    assert len(result.losses) == 1
    assert result.losses[0].line == dropped.line
    # The whole paragraph is reported (give or take letters the alignment may pair with
    # its neighbours' at either edge).
    lost, expected = result.losses[0].text, fold(block_text(dropped))
    assert expected[3:-3] in lost and len(lost) <= len(expected)


def test_audit_counts_unrecorded_furniture_as_loss(texts, documents):
    doc = copy.deepcopy(documents["thaw-revision-notes"])
    doc.record.furniture = [f for f in doc.record.furniture if f.category != "card counter"]
    result = audit(texts["thaw-revision-notes"], doc)
    counters = {n: text.strip() for n, text in texts["thaw-revision-notes"].lines if text.strip().endswith(" of 7")}
    assert [loss.line for loss in result.losses] == sorted(counters)
    # Each loss is (most of) the counter on its line; "Card 7" may absorb a matching digit.
    assert all(loss.text in fold(counters[loss.line]) and len(loss.text) >= 3 for loss in result.losses)


def test_align_reports_missing_and_added():
    missing, added = align("abcdefghijklmnopqrstuvwxyz" * 2, "abcdefghijklmnopqrstuvwxyzXYabcdefghijkl")
    assert missing == [(38, 52)]
    assert added == 2


@pytest.mark.slow  # the whole of `edition check`, as a command
def test_check_command_prints_figures_and_passes(root):
    result = subprocess.run([sys.executable, "-m", "edition.cli", "check"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for slug in SLUGS:
        assert f"{slug}: " in result.stdout and "0 unaccounted" in result.stdout
