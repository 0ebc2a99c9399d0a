"""Every registered error, made by the code path that makes it: bad data or a bad call gives
its code, the file and the line where one is given, and a message that names the particular
(the bad value, the entry, the page). Fast: no site build, no subprocess.

The cases share shapes, so they are tables: data files of a scratch edition read by their
loaders (glossary, timeline, cross-references), damaged copies of the real texts' data read
by their profiles, and single calls of the rest (command line, freshness, audit, anchors,
handouts and PDFs, the link checker).
"""

from __future__ import annotations

import copy
import hashlib
import re
import shutil
import sys
from pathlib import Path

import pytest

from edition import anchors, pdf
from edition.annotate.crossrefs import load_crossrefs
from edition.annotate.glossary import load_glossary
from edition.annotate.timeline import load_timeline
from edition.audit import audit, report
from edition.cli import main
from edition.errors import CODES, EditionError
from edition.linkcheck import check_site
from edition.pipeline import build_document, stale_pages
from edition.profiles import frus, memcon, typescript_ocr
from edition.sources import load_text

ROOT = Path(__file__).resolve().parent.parent
CIA = "cia-anti-party-group-1962"
MEMCON = "vienna-memcon-1961-06-03-1245"
FRUS = "frus-1961-63-v24-d107"


def data_file(root: Path, name: str, text: str) -> Path:
    """Write a data file into the sources/ of a scratch edition at ``root``."""
    path = root / "sources" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def assert_error(error: EditionError, code: str, path, line, *particulars: str) -> None:
    """The error has ``code``, names ``path`` and ``line`` (None: no line), and its message
    is the code's sentence naming every one of ``particulars``."""
    assert error.code == code, str(error)
    assert (Path(error.path) if error.path is not None else None) == (Path(path) if path is not None else None), str(error)
    assert error.line == line, str(error)
    for particular in particulars:
        assert particular in error.message, (particular, str(error))
    # The message is the registered sentence, its fields filled in.
    pattern = re.escape(CODES[code])
    pattern = re.sub(r"\\\{[^}]*\\\}", ".*", pattern)
    assert re.fullmatch(pattern, error.message, re.S), str(error)


# --- Glossary, timeline, cross-references: a scratch data file, read by its loader --------

PARAGRAPHS = {slug: {f"p-{n}" for n in range(1, 11)} for slug in ("memo", "talk")}  # the scratch edition's paragraph ids


def term(ident: str, form: str = "ZZ", kind: str = "term", gloss: str = "g", extra: str = "") -> str:
    """A glossary entry: six lines, then ``extra``."""
    return (f"- id: {ident}\n  term: {form}\n  kind: {kind}\n  gloss: {gloss}\n  definition: d\n"
            f"  forms: [{form}]\n{extra}")


def event(ident: str, date: str, passages: str = "memo#p-1", extra: str = "") -> str:
    """A timeline event: four lines, then ``extra``."""
    return f'- id: {ident}\n  date: "{date}"\n  event: e\n  passages: [{passages}]\n{extra}'


def link(a: str, b: str, relation: str = "same-event") -> str:
    """A cross-reference: four lines."""
    return f"- a: {a}\n  b: {b}\n  relation: {relation}\n  label: l\n"


LOADERS = {
    "glossary.yaml": load_glossary,
    "timeline.yaml": lambda root: load_timeline(root, PARAGRAPHS),
    "crossrefs.yaml": lambda root: load_crossrefs(root, PARAGRAPHS),
}

DATA_CASES = [
    # (id, file, its text, code, line, particulars the message must name)
    ("glossary-id-form", "glossary.yaml", term("cc", "CC") + term("Central_Committee", "CPSU"),
     "G102", 7, ["'Central_Committee'"]),
    ("glossary-id-twice", "glossary.yaml", term("cc", "CC") + term("cc", "CPSU"), "G102", 7, ["'cc'"]),
    ("glossary-kind", "glossary.yaml", term("cc", "CC", kind="acronym"), "G106", 1,
     ["kind", "'acronym'", "abbreviation, term"]),
    ("glossary-language", "glossary.yaml", term("vozhd", "vozhd", extra="  language: xx\n"), "G106", 1,
     ["language", "'xx'", "ru"]),
    ("glossary-see-unknown", "glossary.yaml", term("cc", "CC") + term("cpsu", "CPSU", extra="  see: [politburo]\n"),
     "G107", 7, ["'cpsu'", "'politburo'"]),
    ("glossary-gloss-two-lines", "glossary.yaml", term("cc", "CC", gloss="|\n    Central\n    Committee"),
     "G108", 1, ["'cc'"]),
    ("timeline-id-form", "timeline.yaml", event("Stalin_Dies", "1953-03-05"), "T104", 1, ["'Stalin_Dies'"]),
    ("timeline-id-twice", "timeline.yaml", event("geneva", "1955-07-18") + event("geneva", "1955-07-23"),
     "T104", 5, ["'geneva'"]),
    ("timeline-ends-before-it-begins", "timeline.yaml", event("geneva", "1955-07-23", extra='  end: "1955-07-18"\n'),
     "T105", 1, ["'geneva'", "ends (18 July 1955) before it begins (23 July 1955)"]),
    ("timeline-unknown-text", "timeline.yaml", event("x", "1953") + event("y", "1954", passages="nosuch#p-1"),
     "R102", 5, ["'nosuch#p-1'"]),
    ("crossref-to-itself", "crossrefs.yaml", link("memo#p-1", "talk#p-2") + link("memo#p-3", "memo#p-3"),
     "X103", 5, ["memo#p-3 to itself"]),
    ("crossref-unknown-text", "crossrefs.yaml", link("memo#p-1", "nosuch#p-2"), "R102", 1, ["'nosuch#p-2'"]),
]


@pytest.mark.parametrize("name, text, code, line, particulars", [case[1:] for case in DATA_CASES],
                         ids=[case[0] for case in DATA_CASES])
def test_bad_connection_data_is_a_coded_error(tmp_path, name, text, code, line, particulars):
    path = data_file(tmp_path, name, text)
    with pytest.raises(EditionError) as info:
        LOADERS[name](tmp_path)
    assert_error(info.value, code, path, line, *particulars)


# --- Recorded structure: a damaged copy of a real text's data, read by its profile -------

BUILD = {CIA: typescript_ocr.build, MEMCON: memcon.build, FRUS: frus.build}

PROFILE_CASES = [
    # (id, text, file damaged, old, new, how it is read, code, file named, line (an int, the
    #  text of that line in the file named, or None), particulars)
    ("frus-note-call-without-note", FRUS, "raw.txt", "before lunch2 and", "before lunch5 and", "build",
     "C106", "raw.txt", "before lunch5 and", ["note call 5", "no note 6"]),
    ("typescript-footnote-count", CIA, "raw.txt", "a plenum.* More", "a plenum. More", "build",
     "C107", "raw.txt", None, ["1 footnote calls", "but 2 footnotes"]),
    ("memcon-header-word", MEMCON, "header.yaml", "value: 12:45 P.M.", "value: 12:50 P.M.", "build",
     "C115", "header.yaml", "fields:", ["'12:50'", "raw lines 3-39"]),
    ("memcon-catchword", MEMCON, "raw.txt", "\nand complete\n", "\nand total\n", "build",
     "C116", "raw.txt", "and total", ["'and total'"]),
    ("typescript-folio-on-wrong-page", CIA, "pagination.yaml", "{line: 147, page: 2}", "{line: 147, page: 3}",
     "build", "C117", "pagination.yaml", "- {line: 147, page: 3}", ["Folio 3", "reconstructed page 2"]),
    ("displaced-line-changed", CIA, "corrections.yaml", "raw: I Xhrushchev con t inued", "raw: I Khrushchev con t inued",
     "lines", "C102", "raw.txt", "I Xhrushchev con t inued", ["'I Khrushchev con t inued"]),
    ("displaced-line-moved-nowhere", CIA, "corrections.yaml", "move_before: 61\n", "move_before: 9999\n",
     "lines", "C105", "raw.txt", "I Xhrushchev con t inued", []),
]


@pytest.fixture
def sources_copy(tmp_path) -> Path:
    """A copy of the edition's sources/ that a test may damage."""
    return Path(shutil.copytree(ROOT / "sources", tmp_path / "sources"))


def damage(folder: Path, name: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` once in a file of a text folder; a raw text's new checksum is
    recorded in its source.yaml, as an editor would (else S110 would hide the case)."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {name}: the case is stale"
    path.write_bytes(text.replace(old, new).encode("utf-8"))
    if name == "raw.txt":
        meta = folder / "source.yaml"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        meta.write_text(re.sub(r"(?m)^sha256: [0-9a-f]{64}$", f"sha256: {digest}", meta.read_text(encoding="utf-8")),
                        encoding="utf-8")


def line_holding(path: Path, marker: str) -> int:
    """The one line of ``path`` that holds ``marker``."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1) if marker in line]
    assert len(found) == 1, (marker, found)
    return found[0]


@pytest.mark.parametrize("slug, name, old, new, read, code, named, line, particulars",
                         [case[1:] for case in PROFILE_CASES], ids=[case[0] for case in PROFILE_CASES])
def test_recorded_structure_that_no_longer_matches_is_a_coded_error(
        sources_copy, slug, name, old, new, read, code, named, line, particulars):
    folder = sources_copy / slug
    damage(folder, name, old, new)
    text = load_text(folder)
    with pytest.raises(EditionError) as info:
        BUILD[slug](text) if read == "build" else text.lines
    if isinstance(line, str):
        line = line_holding(folder / named, line)
    assert_error(info.value, code, folder / named, line, *particulars)


# --- The command line and the freshness of docs/ ------------------------------------------


def test_check_outside_an_edition_says_no_edition_is_found(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"error: {tmp_path}: E101 {CODES['E101']}\n"
    assert captured.out == ""


def test_stale_and_missing_generated_pages_are_each_named(tmp_path):
    (tmp_path / "docs" / "texts").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# The edition, as it was\n", encoding="utf-8")
    (tmp_path / "docs" / "texts" / "memo.md").write_text("# Memo\n", encoding="utf-8")
    pages = {
        Path("docs/index.md"): "# The edition, as it is now\n",  # changed
        Path("docs/texts/memo.md"): "# Memo\n",  # up to date
        Path("docs/glossary.md"): "# Glossary\n",  # never written
    }
    stale = stale_pages(tmp_path, pages)
    assert [(e.code, Path(e.path), e.line) for e in stale] == [
        ("A101", Path("docs/index.md"), None), ("A101", Path("docs/glossary.md"), None)]
    assert str(stale[0]) == "docs/index.md: A101 The generated page docs/index.md is out of date; run `edition build`."
    assert stale_pages(tmp_path, {Path("docs/texts/memo.md"): "# Memo\n"}) == []


# --- The conservation audit and the anchors ------------------------------------------------


def test_the_audit_reports_a_lost_word_at_its_raw_line():
    text = load_text(ROOT / "sources" / MEMCON)
    doc = copy.deepcopy(build_document(text))
    block = next(b for b in doc.blocks if "Spanish Inquisition" in b.text)
    block.text = block.text.replace("Spanish Inquisition", "Inquisition")
    raw_path = Path("sources") / MEMCON / "raw.txt"
    lines = report(audit(text, doc), raw_path)
    line = next(n for n, raw in text.lines if "Spanish Inquisition" in raw)
    assert lines[1:] == [f"{raw_path}:{line}: A201 Raw text 'spanish' is not in the reading text."]


def test_an_anchor_whose_text_changed_is_reported_as_moved():
    def entry(first: str) -> dict:
        paras = [{"id": "p-1", "fingerprint": anchors.fingerprint(first), "text": first},
                 {"id": "p-2", "fingerprint": anchors.fingerprint("two"), "text": "two"}]
        return {"paragraphs": paras, "pages": {}}

    problems = anchors.compare({"memo": entry("one")}, {"memo": entry("other words")})
    assert [(p.slug, p.anchor, p.kind) for p in problems] == [("memo", "p-1", "moved")]
    assert str(problems[0]) == f"{anchors.MANIFEST}: A302 {CODES['A302'].format(anchor='memo#p-1')}"


def test_an_alias_to_a_missing_anchor_is_refused():
    current = {"memo": {"paragraphs": [{"id": "p-1", "fingerprint": "0" * 16, "text": "one"}], "pages": {}}}
    manifest = {"memo": {**current["memo"], "paragraphs": current["memo"]["paragraphs"] + [
        {"id": "p-2", "fingerprint": "2" * 16, "text": "two"}]}}
    with pytest.raises(EditionError) as info:
        anchors.add_alias(manifest, "memo", "p-2", "p-99", current)
    assert_error(info.value, "A304", anchors.MANIFEST, None, "memo#p-99")


# --- Handouts and PDFs, and the link checker ------------------------------------------------


@pytest.mark.parametrize("spec", ["20-12", "0-3"])
def test_an_empty_paragraph_range_is_refused(spec):
    with pytest.raises(EditionError) as info:
        pdf.parse_paragraphs(spec)
    assert_error(info.value, "H107", None, None, f"'{spec}'")


def test_a_failed_render_writes_nothing_and_names_the_error(tmp_path, monkeypatch):
    def broken(html, base, site_root):
        raise RuntimeError("no usable font")

    monkeypatch.setattr(pdf, "render_bytes", broken)
    target = tmp_path / "out.pdf"
    with pytest.raises(EditionError) as info:
        pdf.render_pdf("<p>x</p>", tmp_path / "index.html", target, tmp_path)
    assert_error(info.value, "H105", target, None, "no usable font")
    assert not target.exists()


def test_without_weasyprint_a_pdf_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # any import of it now fails
    target = tmp_path / "out.pdf"
    with pytest.raises(EditionError) as info:
        pdf.render_pdf("<p>x</p>", tmp_path / "index.html", target, tmp_path)
    assert_error(info.value, "H108", None, None, "weasyprint", "pip install -e .", "--no-pdf")
    assert not target.exists()


def test_the_link_checker_names_each_broken_link(tmp_path):
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "index.html").write_text(
        '<html><body><a href="about/">fine</a><a href="nowhere/">gone</a>'
        '<a href="about/#missing">no anchor</a><a href="https://example.org/">out</a></body></html>',
        encoding="utf-8")
    (site / "about" / "index.html").write_text('<html><body><p id="here">x</p></body></html>', encoding="utf-8")
    checked, broken = check_site(site)
    assert checked == 3
    assert [str(b) for b in broken] == [
        "site/index.html: L101 Link 'nowhere/' is broken: no such file.",
        "site/index.html: L101 Link 'about/#missing' is broken: no element with id 'missing'.",
    ]
