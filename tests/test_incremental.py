"""Speed without staleness (issue 18, point 6): every YAML file is parsed once a process and
again when its bytes change; `edition build` regenerates only the texts whose inputs changed,
and what it leaves on disk is byte for byte what a full generation makes.

The builds run on a copy of the edition (sources/, docs/, mkdocs.yml), warmed once for the
module (its build cache made) and copied again for each test, which then changes one input.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from edition import incremental, sources
from edition.pipeline import generate, regenerate, stale_pages
from edition.sources import clear_yaml_cache, load_edition, parse_yaml

ROOT = Path(__file__).resolve().parent.parent
FRUS = "frus-1961-63-v24-d107"


@pytest.fixture
def parses(monkeypatch) -> Counter:
    """The YAML files parsed (not served from the cache) from here on, with how often."""
    counts: Counter = Counter()
    parse = sources._parse_yaml_text

    def counted(text, path):
        counts[Path(path).resolve()] += 1
        return parse(text, path)

    monkeypatch.setattr(sources, "_parse_yaml_text", counted)
    clear_yaml_cache()
    return counts


def test_a_yaml_file_is_parsed_once_and_again_when_its_bytes_change(tmp_path, parses):
    path = tmp_path / "data.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    first, _ = parse_yaml(path)
    first["a"].append(3)  # a caller changing its data cannot change the next caller's
    assert parse_yaml(path)[0] == {"a": [1, 2]}
    assert parses[path.resolve()] == 1
    # Same size and the same modification time: only the content tells the change.
    stat = path.stat()
    path.write_text("a: [7, 8]\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert parse_yaml(path)[0] == {"a": [7, 8]}
    assert parses[path.resolve()] == 2


def test_a_build_and_the_checks_parse_each_yaml_file_once(parses):
    """generate() twice and the loading `edition check` does: every file parsed once."""
    generate(ROOT)
    load_edition(ROOT)
    generate(ROOT)
    assert parses, "nothing was parsed"
    assert {path: count for path, count in parses.items() if count != 1} == {}
    assert ROOT.resolve() / "sources" / "people.yaml" in parses


@pytest.fixture(scope="module")
def warm(tmp_path_factory) -> Path:
    """A copy of the edition with its build cache made by one `edition build`."""
    copy = tmp_path_factory.mktemp("warm") / "edition"
    for name in ("sources", "docs"):
        shutil.copytree(ROOT / name, copy / name)
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    _, written, texts = regenerate(copy)
    assert written == [], "the committed docs/ is not what the build makes: run `edition build`"
    assert len(texts) == 5
    return copy


@pytest.fixture
def edition(warm, tmp_path) -> Path:
    """A copy of the warmed edition, its cache included, for one test to change."""
    return Path(shutil.copytree(warm, tmp_path / "edition"))


def text_files(root: Path, slug: str) -> list[Path]:
    return sorted([*(root / "docs" / "texts").glob(f"{slug}.*"), *(root / "docs" / "texts" / slug).glob("*")])


def identities(root: Path) -> dict[Path, tuple[int, int]]:
    """Each generated text file with its inode and modification time: a file rewritten
    (write_atomic replaces it) gets a new inode."""
    slugs = [path.name for path in (root / "docs" / "texts").iterdir() if path.is_dir()]
    return {path: (path.stat().st_ino, path.stat().st_mtime_ns) for slug in slugs for path in text_files(root, slug)}


def same_as_full_build(root: Path) -> None:
    """docs/ holds exactly what a full generation (no cache) makes, byte for byte."""
    assert [str(error) for error in stale_pages(root, generate(root))] == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_edition_regenerates_no_text_and_rewrites_nothing(edition):
    before = identities(edition)
    pages, written, texts = regenerate(edition)
    assert texts == [] and written == []
    assert not [rel for rel in pages if rel.parts[:2] == ("docs", "texts")]
    assert identities(edition) == before


def test_a_change_to_one_texts_source_yaml_regenerates_that_text_only(edition):
    before = identities(edition)
    edit(edition / "sources" / FRUS / "source.yaml", "as printed in FRUS with omissions.",
         "as printed in FRUS, with its omissions.")
    _, written, texts = regenerate(edition)
    assert texts == [FRUS]
    assert edition / "docs" / "texts" / f"{FRUS}.md" in [edition / rel for rel in written]
    after = identities(edition)
    assert {path for path in before if after[path] != before[path]} <= set(text_files(edition, FRUS))
    assert "as printed in FRUS, with its omissions." in (edition / "docs" / "texts" / f"{FRUS}.md").read_text()
    same_as_full_build(edition)


def test_a_change_to_the_people_register_regenerates_every_text(edition):
    edit(edition / "sources" / "people.yaml", "interpreted for President Kennedy at the Vienna meeting",
         "interpreted for President Kennedy at the Vienna summit")
    _, written, texts = regenerate(edition)
    assert sorted(texts) == sorted(path.name for path in (edition / "sources").iterdir() if (path / "raw.txt").exists())
    assert Path("docs/data/people.json") in written
    same_as_full_build(edition)


def test_a_change_to_the_code_regenerates_every_text(edition, monkeypatch):
    monkeypatch.setattr(incremental, "code_digest", lambda: "another version of the code")
    _, written, texts = regenerate(edition)
    assert len(texts) == 5 and written == []  # made again, and found the same


def test_a_hand_edited_page_is_caught_by_the_check_and_made_again_by_the_build(edition):
    page = edition / "docs" / "texts" / FRUS / f"{FRUS}.txt"
    content = page.read_text(encoding="utf-8")
    page.write_text(content.replace("Laos", "Cambodia", 1), encoding="utf-8")
    assert [error.code for error in stale_pages(edition, generate(edition))] == ["A101"]
    _, written, texts = regenerate(edition)
    assert texts == [FRUS] and written == [page.relative_to(edition)]
    assert page.read_text(encoding="utf-8") == content


def test_a_deleted_cache_makes_a_full_build(edition):
    shutil.rmtree(edition / incremental.CACHE)
    _, written, texts = regenerate(edition)
    assert len(texts) == 5 and written == []
    assert (edition / incremental.MANIFEST).is_file()


def test_an_input_changed_while_the_build_ran_drops_the_cache(edition, monkeypatch):
    """The pages may then come from either version of the file: nothing is recorded, and the
    next build makes every text."""
    from edition import pipeline

    connect = pipeline.connect

    def editing(root, texts, docs):
        with (root / "sources" / "people.yaml").open("a", encoding="utf-8") as data:
            data.write("# edited during the build\n")
        return connect(root, texts, docs)

    monkeypatch.setattr(pipeline, "connect", editing)
    regenerate(edition)
    assert not (edition / incremental.CACHE).exists()
    monkeypatch.setattr(pipeline, "connect", connect)
    _, _, texts = regenerate(edition)
    assert len(texts) == 5


def test_a_damaged_cached_document_is_built_again(edition):
    """A truncated pickle in the cache is no error: the text is cleaned again, the same."""
    stored = edition / incremental.CACHE / "documents" / f"{FRUS}.pickle"
    stored.write_bytes(stored.read_bytes()[:100])
    regenerate(edition)
    same_as_full_build(edition)
    assert len(stored.read_bytes()) > 100


@pytest.mark.slow
def test_a_second_edition_build_process_regenerates_nothing(edition):
    """The keys are the same in a new process (string hashing is randomised per process, so
    a key made from anything unordered would differ, and every build would be a full one)."""
    import subprocess
    import sys

    def build() -> str:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
        return subprocess.run([sys.executable, "-m", "edition.cli", "build", "--no-site"], cwd=edition,
                              env=env, capture_output=True, text=True, check=True).stdout

    shutil.rmtree(edition / incremental.CACHE)
    assert "texts regenerated: cia-anti-party-group-1962" in build()
    assert "texts regenerated: none, their inputs are unchanged" in build()
