"""Strict data (issue 13, points 4 and 5): every data file under sources/ is read from the
edition's root by one strict YAML loader and checked by one schema, so that a wrong type, a
key given twice, an unknown or missing field, an empty or missing file is a coded error
naming file and line, never a traceback nor a silently wrong page; and a raw text's line
ends or byte-order mark never change its reading text.

The cases are data: (file, raw text in it, what it becomes, expected code, expected line).
The expected line is given as the text of that line in the damaged file.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import reading_text
from edition.anchors import current_anchors, load_manifest
from edition.annotate.crossrefs import load_crossrefs
from edition.annotate.glossary import load_glossary
from edition.annotate.people import load_register
from edition.annotate.timeline import load_timeline
from edition.cleanup.corrections import validate
from edition.errors import CODES, EditionError
from edition.pipeline import build_document, generate
from edition.profiles import typescript_ocr
from edition.profiles.memcon import load_header
from edition.site import release_epoch
from edition.sources import load_changelog, load_edition, load_text

ROOT = Path(__file__).resolve().parent.parent
CIA = "cia-anti-party-group-1962"
ZUBOK = "zubok-failed-empire-ch4"
MEMCON = "vienna-memcon-1961-06-03-1245"
CARDS = "thaw-revision-notes"
SLUGS = [CIA, ZUBOK, MEMCON, "frus-1961-63-v24-d107", CARDS]
PARAGRAPHS = {slug: {f"p-{n}" for n in range(1, 10_001)} for slug in SLUGS}  # no passage check gets in the way

# How each file is read by the edition (the code path a build takes).
LOADERS = {
    "sources/people.yaml": lambda root: load_register(root, SLUGS),
    "sources/glossary.yaml": load_glossary,
    "sources/timeline.yaml": lambda root: load_timeline(root, PARAGRAPHS),
    "sources/crossrefs.yaml": lambda root: load_crossrefs(root, PARAGRAPHS),
    "sources/changelog.yaml": release_epoch,
    "sources/anchors.yaml": load_manifest,
    f"sources/{MEMCON}/header.yaml": lambda root: load_header(load_text(root / "sources" / MEMCON)),
    f"sources/{CIA}/pagination.yaml": lambda root: typescript_ocr.build(load_text(root / "sources" / CIA)),
}
WHOLE = None  # as `old`: the whole file is replaced; as `new`: the file is deleted
EMPTY = "# nothing but a comment\n"

CASES = [
    # (id, file, old, new, code, line of the error: its text in the damaged file, or 1, or None)
    # people.yaml: a string for a list once linked every "a" of the chapter as Adenauer.
    ("people-forms-string", "sources/people.yaml", "forms: [Konrad Adenauer, Adenauer]",
     "forms: Adenauer", "S106", "forms: Adenauer"),
    ("people-id-int", "sources/people.yaml", "- id: adenauer-konrad", "- id: 42", "S106", "- id: 42"),
    ("people-unknown-field", "sources/people.yaml", "  born: 1876\n", "  bron: 1876\n", "S104", "bron: 1876"),
    ("people-missing-field", "sources/people.yaml", '  sort: "Adenauer, Konrad"\n', "", "S105",
     "- id: adenauer-konrad"),
    ("people-id-form", "sources/people.yaml", "- id: adenauer-konrad", "- id: Adenauer", "P102", "- id: Adenauer"),
    ("people-duplicate-key", "sources/people.yaml", "  born: 1876\n", "  born: 1876\n  born: 1877\n",
     "S114", "born: 1877"),
    ("people-titles-not-lists", "sources/people.yaml", "titles:\n    zubok-failed-empire-ch4: [The secretary of state]",
     "titles:\n    zubok-failed-empire-ch4: The secretary of state", "S106",
     "zubok-failed-empire-ch4: The secretary of state"),
    # corrections.yaml: "reading:" left empty is null (it printed "None"); "" is a deletion.
    ("correction-reading-null", f"sources/{CIA}/corrections.yaml", "  reading: a reconstruction\n",
     "  reading:\n", "S106", "reading:"),
    ("correction-line-string", f"sources/{CIA}/corrections.yaml", "- line: 15\n", '- line: "15"\n',
     "S106", '- line: "15"'),
    ("correction-no-reading", f"sources/{CIA}/corrections.yaml", "  reading: a reconstruction\n", "",
     "S105", "- line: 3"),
    ("correction-unknown-category", f"sources/{CARDS}/corrections.yaml",
     "raw: Initally, reading: Initially, category: typist", "raw: Initally, reading: Initially, category: slip",
     "S107", "- {line: 8, raw: Initally, reading: Initially, category: slip, reason: Misspelling.}"),
    ("correction-unknown-field", f"sources/{CARDS}/corrections.yaml", "reason: Misspelling.}",
     "reasn: Misspelling.}", "S104", "- {line: 8, raw: Initally, reading: Initially, category: typist, reasn: Misspelling.}"),
    ("corrections-not-a-list", f"sources/{CARDS}/corrections.yaml", WHOLE, "corrections: none\n",
     "S106", "corrections: none"),
    ("corrections-empty", f"sources/{CARDS}/corrections.yaml", WHOLE, EMPTY, "S115", 1),
    # changelog.yaml: a bad date, an empty file, no entries.
    ("changelog-bad-date", "sources/changelog.yaml", 'date: "2026-11-23"', 'date: "2026-13-45"', "S108",
     'date: "2026-13-45"'),
    ("changelog-bad-date-unquoted", "sources/changelog.yaml", 'date: "2026-11-23"', "date: 2026-13-45", "S108",
     "date: 2026-13-45"),
    ("changelog-not-a-date", "sources/changelog.yaml", 'date: "2026-11-23"', "date: soon", "S108", "date: soon"),
    ("changelog-empty", "sources/changelog.yaml", WHOLE, EMPTY, "S115", 1),
    ("changelog-no-entries", "sources/changelog.yaml", WHOLE, "[]\n", "S115", 1),
    ("changelog-unknown-field", "sources/changelog.yaml", "  changes:\n", "  chanegs:\n", "S104", "chanegs:"),
    # header.yaml and pagination.yaml: recorded structure.
    ("header-empty", f"sources/{MEMCON}/header.yaml", WHOLE, EMPTY, "S115", 1),
    ("header-lines-one", f"sources/{MEMCON}/header.yaml", "lines: [3, 39]", "lines: [3]", "S106", "lines: [3]"),
    ("header-unknown-field", f"sources/{MEMCON}/header.yaml", "  - label: Time\n", "  - lable: Time\n",
     "S104", "- lable: Time"),
    ("pagination-empty", f"sources/{CIA}/pagination.yaml", WHOLE, EMPTY, "S115", 1),
    ("pagination-pages-string", f"sources/{CIA}/pagination.yaml", "front_matter_pages: 2",
     "front_matter_pages: two", "S106", "front_matter_pages: two"),
    ("pagination-unknown-field", f"sources/{CIA}/pagination.yaml", "{line: 147, page: 2}",
     "{line: 147, page: 2, pgae: 3}", "S104", "- {line: 147, page: 2, pgae: 3}"),
    # anchors.yaml: the published anchors.
    ("anchors-malformed", "sources/anchors.yaml", "  pages:\n    page-1:", "  pages: [\n    page-1:", "S102", None),
    ("anchors-empty", "sources/anchors.yaml", WHOLE, EMPTY, "S115", 1),
    ("anchors-bad-fingerprint", "sources/anchors.yaml", "page-1: 6aff5c6fd7506c97", "page-1: 6aff", "S108", "page-1: 6aff"),
    ("anchors-list", "sources/anchors.yaml", WHOLE, "- p-1\n", "S106", 1),
    # edition.yaml, source.yaml, raw.txt, lexicon.txt: read by load_edition.
    ("edition-unknown-field", "sources/edition.yaml", "editors:", "editor:", "S104", "editor: the editors of Thaw and Coexistence"),
    ("edition-duplicate-key", "sources/edition.yaml", "name: Thaw and Coexistence\n",
     "name: Thaw and Coexistence\nname: Thaw\n", "S114", "name: Thaw"),
    ("edition-texts-string", "sources/edition.yaml", "texts:\n" + "".join(f"  - {slug}\n" for slug in SLUGS),
     "texts: cia-anti-party-group-1962\n", "S106", "texts: cia-anti-party-group-1962"),
    ("source-duplicate-key", f"sources/{ZUBOK}/source.yaml", "profile: chapter", "profile: chapter\nprofile: cards",
     "S114", "profile: cards"),
    ("source-slug-not-folder", f"sources/{ZUBOK}/source.yaml", "slug: zubok-failed-empire-ch4",
     "slug: zubok", "S109", "slug: zubok"),
    ("edition-text-without-folder", "sources/edition.yaml", "  - zubok-failed-empire-ch4\n",
     "  - zubok-failed-empire\n", "S112", "- zubok-failed-empire"),
    ("source-link-outside-edition", "sources/frus-1961-63-v24-d107/source.yaml",
     '"3": vienna-memcon-1961-06-03-1245', '"3": no-such-text', "S113", None),
    ("raw-empty", f"sources/{ZUBOK}/raw.txt", WHOLE, "", "S115", 1),
    ("raw-missing", f"sources/{ZUBOK}/raw.txt", WHOLE, WHOLE, "S116", None),
    ("lexicon-missing", "sources/lexicon.txt", WHOLE, WHOLE, "S116", None),
    # glossary, timeline, cross-references: the same schema (G101, T101, X101 retired).
    ("glossary-unknown-field", "sources/glossary.yaml", "- id: cc\n", "- id: cc\n  sea: [cpsu]\n", "S104", "sea: [cpsu]"),
    ("timeline-no-passages", "sources/timeline.yaml", "  passages:\n    - zubok-failed-empire-ch4#p-61\n",
     "  passages: []\n", "S115", "passages: []"),
    ("crossref-missing-label", "sources/crossrefs.yaml",
     "  label: 'One meeting: the 12:45 talk ends as the party goes to lunch; the talk after lunch follows.'\n",
     "", "S105", "- a: vienna-memcon-1961-06-03-1245#p-21"),
]


@pytest.fixture
def edition_copy(tmp_path) -> Path:
    """A copy of the edition's data that a test may damage."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def damage(root: Path, name: str, old: str | None, new: str | None) -> str | None:
    """Apply one case to the copy; return the damaged file's text (None once deleted)."""
    path = root / name
    if new is WHOLE:
        path.unlink()
        return None
    text = new if old is WHOLE else path.read_text(encoding="utf-8")
    if old is not WHOLE:
        assert old in text, f"{old!r} is not in {name}: the case is stale"
        text = text.replace(old, new, 1)
    path.write_bytes(text.encode("utf-8"))
    return text


@pytest.mark.parametrize("name, old, new, code, where", [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_bad_data_is_a_coded_error_naming_file_and_line(edition_copy, name, old, new, code, where):
    text = damage(edition_copy, name, old, new)
    with pytest.raises(EditionError) as info:
        LOADERS.get(name, load_edition)(edition_copy)
    error = info.value
    assert error.code == code, str(error)
    assert code in CODES
    assert Path(error.path) == edition_copy / name
    if isinstance(where, str):
        lines = [line.strip() for line in text.splitlines()]
        assert error.line == lines.index(where.strip()) + 1, str(error)
    elif where is not None:
        assert error.line == where, str(error)


def test_every_real_data_file_passes_the_schema():
    """The real data holds to the schema (undocumented fields were documented, not dropped)."""
    _, texts = load_edition(ROOT)
    assert load_register(ROOT, [text.slug for text in texts])
    assert load_manifest(ROOT) and release_epoch(ROOT)
    assert load_header(next(t for t in texts if t.slug == MEMCON))["fields"]


def test_an_empty_reading_is_a_deletion_and_null_is_not():
    """``reading: ""`` deletes the raw form (the CIA paper has such entries); ``reading:``
    (null) is refused, where it once printed the word None."""
    entry = {"line": 2, "raw": "x", "reading": "", "category": "ocr", "reason": "r"}
    assert validate([entry], Path("corrections.yaml")) == [entry]
    with pytest.raises(EditionError) as info:
        validate([{**entry, "reading": None}], Path("corrections.yaml"))
    assert info.value.code == "S106" and "'corrections[1].reading'" in info.value.message


def _rewrite_raw(root: Path, slug: str, data: bytes) -> None:
    """Replace a raw text's bytes and record their checksum, as an editor would."""
    folder = root / "sources" / slug
    old = hashlib.sha256((folder / "raw.txt").read_bytes()).hexdigest()
    (folder / "raw.txt").write_bytes(data)
    meta = (folder / "source.yaml").read_text(encoding="utf-8")
    (folder / "source.yaml").write_text(meta.replace(old, hashlib.sha256(data).hexdigest()), encoding="utf-8")


def test_crlf_and_bom_never_change_the_reading_text(edition_copy, documents):
    """CRLF once re-spaced 125 lines of the CIA text; a BOM made the chapter's title its
    paragraph 1. Normalised on load, they change nothing but the apparatus, which says so."""
    cia = (ROOT / "sources" / CIA / "raw.txt").read_bytes()
    zubok = (ROOT / "sources" / ZUBOK / "raw.txt").read_bytes()
    _rewrite_raw(edition_copy, CIA, cia.replace(b"\n", b"\r\n"))
    _rewrite_raw(edition_copy, ZUBOK, b"\xef\xbb\xbf" + zubok)
    _, texts = load_edition(edition_copy)
    by_slug = {text.slug: text for text in texts}
    assert by_slug[CIA].normalised == (("CR LF", "LF", cia.count(b"\n")),)
    assert by_slug[ZUBOK].normalised == (("byte-order mark", "(nothing)", 1),)
    assert (edition_copy / "sources" / CIA / "raw.txt").read_bytes().count(b"\r\n") == cia.count(b"\n")
    for slug in (CIA, ZUBOK):
        doc = build_document(by_slug[slug])
        assert reading_text(doc) == reading_text(documents[slug])
        assert doc.blocks == documents[slug].blocks
        assert current_anchors(doc) == current_anchors(documents[slug])
        assert doc.record.furniture == documents[slug].record.furniture
        assert doc.record.fixer_counts["normalise_newlines"] > 0
    pages = generate(edition_copy)
    assert "<code>normalise&#95;newlines</code>" in pages[Path(f"docs/texts/{CIA}/apparatus/index.md")]  # "_" escaped
    # Every other generated page is as the repository's (the TEI, like the page, lists the
    # cleanup steps in its header; the current release's copy of it with it).
    committed = generate(ROOT)
    changed = {str(rel) for rel in pages if pages[rel] != committed[rel]}
    current = f"docs/releases/{load_changelog(ROOT)[0]['version']}"
    assert changed <= {f"docs/texts/{CIA}.md", f"docs/texts/{ZUBOK}.md",  # the count of changes
                       f"docs/texts/{CIA}/apparatus/index.md", f"docs/texts/{ZUBOK}/apparatus/index.md",
                       f"docs/texts/{CIA}/{CIA}.xml", f"docs/texts/{ZUBOK}/{ZUBOK}.xml",
                       f"{current}/{CIA}.xml", f"{current}/{ZUBOK}.xml"}


@pytest.mark.slow
def test_a_non_editable_install_cleans_the_texts_as_the_checkout_does(tmp_path, documents):
    """The lexicon comes from the edition's root: a package installed away from sources/
    (pip install ., not -e) once silently lost it and changed 110 words of the CIA text."""
    target = tmp_path / "installed"
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(ROOT)],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"pip could not build the package here: {result.stderr.strip()[-300:]}")
    script = (
        "import json, edition; from pathlib import Path\n"
        "from edition.sources import load_edition; from edition.pipeline import build_document\n"
        "from conftest import reading_text\n"
        "_, texts = load_edition(Path('.'))\n"
        f"doc = build_document(next(t for t in texts if t.slug == {CIA!r}))\n"
        "print(json.dumps([edition.__file__, reading_text(doc)]))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), str(ROOT / "tests")])}
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)
    where, text = json.loads(out.stdout)
    assert Path(where).is_relative_to(target)  # the installed copy, not the checkout
    assert text == reading_text(documents[CIA])
