"""The word table (``sources/word-table.tsv``): wordfreq's figures for exactly the strings
that generating the pages looks up, so that a fresh build need not load wordfreq. It is
generated data: it must be what `edition words` writes now, and the figures it gives must be
wordfreq's, so that it changes nothing but the time a build takes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from edition.cleanup import words
from edition.pipeline import generate_with_word_table, stale_word_table
from edition.sources import LEXICON, WORD_TABLE, WORD_TABLE_HEADER, read_word_list, read_word_table, word_table_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def table() -> dict[str, float]:
    """The word table generation makes today (what `edition words` writes)."""
    return generate_with_word_table(ROOT)[1]


def test_the_committed_word_table_is_fresh(table):
    # What `edition words` would write today, byte for byte: every string the generation
    # looks up, none it no longer does, each with wordfreq's figure. If this fails, run
    # `edition words` and commit sources/word-table.tsv.
    assert (ROOT / WORD_TABLE).read_text(encoding="utf-8") == word_table_text(table)
    assert stale_word_table(ROOT, table) == []


def test_a_stale_or_missing_word_table_is_a102(table, tmp_path):
    (tmp_path / "sources").mkdir()
    assert [e.code for e in stale_word_table(tmp_path, table)] == ["A102"]
    # One figure off (as after a wordfreq upgrade), or one string fewer (a text changed).
    wrong = dict(table, committee=table["committee"] + 0.01)
    (tmp_path / WORD_TABLE).write_text(word_table_text(wrong), encoding="utf-8")
    errors = stale_word_table(tmp_path, table)
    assert [e.code for e in errors] == ["A102"] and "edition words" in str(errors[0])
    fewer = dict(table)
    del fewer["committee"]
    (tmp_path / WORD_TABLE).write_text(word_table_text(fewer), encoding="utf-8")
    assert [e.code for e in stale_word_table(tmp_path, table)] == ["A102"]


def test_the_table_gives_wordfreqs_figures_and_wordfreq_answers_the_rest():
    table = read_word_table(ROOT / WORD_TABLE)
    assert len(table) > 10_000 and table["committee"] > 4 and table["tion"] < 3
    in_use = dict(words._table)
    try:
        words.use_word_table(table)
        with_table = {word: words.zipf(word) for word in ("committee", "Presidium", "tion", "xqzv")}
        # A string no text of the edition has: the model asks wordfreq.
        assert "thermonuclear" not in table and words.zipf("thermonuclear") > 2
        words.use_word_table({})
        assert with_table == {word: words.zipf(word) for word in with_table}
    finally:
        words.use_word_table(in_use)


def test_the_tables_costs_are_each_strings_cost_alone():
    # The costs of the table's strings are made in one pass (words._table_word_costs), the
    # lexicon's raise included: each must be what the string costs when it is asked for alone.
    table = read_word_table(ROOT / WORD_TABLE)
    in_use_table, in_use_lexicon = dict(words._table), words.lexicon()
    try:
        words.use_lexicon(read_word_list(ROOT / LEXICON))
        raised = sorted(w for w in table if w in words.lexicon() and table[w] < words.LEXICON_ZIPF)
        sample = raised + ["committee", "tion", "pape", "xqzv", "a", "i", "r"] + sorted(table)[::97]
        assert len(raised) > 20 and len(sample) > 500
        words.use_word_table(table)
        from_table = {word: words.word_cost(word) for word in sample}
        assert {w for w in sample if w in table} <= words._table_costs.keys()
        words.use_word_table({})  # every string asked for alone (of wordfreq)
        assert from_table == {word: words.word_cost(word) for word in sample}
    finally:
        words.use_word_table(in_use_table)
        words.use_lexicon(in_use_lexicon)


def test_a_table_made_with_another_wordfreq_is_not_used(tmp_path):
    path = tmp_path / "word-table.tsv"
    path.write_text(WORD_TABLE_HEADER.format(version="0.0.1") + "committee\t9.99\n", encoding="utf-8")
    assert read_word_table(path) == {}
    path.write_text(word_table_text({"committee": 9.99}), encoding="utf-8")
    assert read_word_table(path) == {"committee": 9.99}
    assert read_word_table(tmp_path / "missing.tsv") == {}


def test_cleaning_the_texts_with_the_table_never_loads_wordfreq():
    script = ("import sys; from pathlib import Path; from edition.pipeline import build_documents;"
              "from edition.sources import load_edition;"
              f"build_documents(load_edition(Path({str(ROOT)!r}))[1]);"
              "assert 'wordfreq' not in sys.modules, 'wordfreq was loaded'")
    subprocess.run([sys.executable, "-c", script], check=True, env={"PYTHONPATH": str(ROOT / "scripts")})
