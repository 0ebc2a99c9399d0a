"""The open data (issue 15): every text as TEI P5 (valid against tei_all, reading back to the
reading text), plain text and JSON (valid against its JSON Schema), and the registers as data."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from edition.model import every_inline, plain_text
from edition.pipeline import build_documents
from edition.render.tei import TEI_NS, reading_text
from edition.sources import load_edition

from edition_texts import SLUGS  # the texts of sources/edition.yaml
DATA = Path(__file__).resolve().parent.parent / "scripts/edition/data"
T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture(scope="module")
def docs(root):
    edition, texts = load_edition(root)
    return build_documents(texts)


def tei_files(root: Path) -> list[Path]:
    return [root / "docs/texts" / slug / f"{slug}.xml" for slug in SLUGS] + [root / "docs/data/people.xml"]


@pytest.mark.skipif(shutil.which("jing") is None, reason="jing (Debian package jing) is not installed")
def test_every_tei_file_is_valid_tei_all(root):
    result = subprocess.run(["jing", str(DATA / "tei_all.rng"), *map(str, tei_files(root))],
                            capture_output=True, text=True)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 0 and not errors, "\n".join(errors[:20]) or result.stderr


def test_schema_copy_is_credited():
    note = (DATA / "README.md").read_text(encoding="utf-8")
    assert "tei_all.rng" in note and "CC-BY" in note and "BSD-2" in note
    assert "TEI material can be licensed differently" in (DATA / "tei_all.rng").read_text(encoding="utf-8")[:3000]


@pytest.mark.parametrize("slug", SLUGS)
def test_tei_round_trip_equals_the_reading_text(root, docs, slug):
    xml = (root / "docs/texts" / slug / f"{slug}.xml").read_text(encoding="utf-8")
    assert reading_text(xml) == plain_text(docs[slug])


@pytest.mark.parametrize("slug", SLUGS)
def test_tei_ids_are_the_published_anchors(root, docs, slug):
    tree = ET.parse(root / "docs/texts" / slug / f"{slug}.xml")
    ids = {el.get(XML_ID) for el in tree.iter() if el.get(XML_ID)}
    for block in docs[slug].paragraphs():
        assert block.id in ids, block.id
    pages = [el for el in tree.iter(f"{T}pb")]
    spans = [s for b in docs[slug].blocks for part in b.parts() for s in part.spans if s.kind == "page"]
    assert len(pages) == len(spans)
    for el, span in zip(pages, spans):
        assert el.get("n") == str(span.attrs["n"])
        assert (el.get("type") == "inferred") == bool(span.attrs.get("inferred"))


def test_tei_encodes_the_apparatus(root, docs):
    tree = ET.parse(root / "docs/texts/cia-anti-party-group-1962/cia-anti-party-group-1962.xml")
    header = tree.find(f"{T}teiHeader")
    for path in ("fileDesc/sourceDesc/listWit/witness", "encodingDesc/editorialDecl/correction",
                 "revisionDesc/change"):
        assert header.find("/".join(T + part for part in path.split("/"))) is not None, path
    assert tree.find(f".//{T}choice/{T}corr[@type='typist']") is not None
    assert tree.find(f".//{T}choice/{T}corr[@type='ocr']") is not None
    assert tree.find(f".//{T}supplied[@reason]") is not None
    assert tree.find(f".//{T}gap[@reason='illegible']") is not None
    assert tree.find(f".//{T}persName[@key='khrushchev-nikita']") is not None
    assert tree.find(f".//{T}term[@key]") is not None
    doc = docs["cia-anti-party-group-1962"]
    listed = tree.findall(f".//{T}div[@type='corrections']/{T}list/{T}item")
    assert len(listed) == len(doc.record.corrections)
    furniture = tree.findall(f".//{T}div[@type='furniture']/{T}list/{T}item")
    assert len(furniture) == len(doc.record.furniture)


# The TEI type of a corr by the category of its entry (a conjecture of [illegible] alone is
# of type illegible).
CORR_TYPES = {"ocr": {"ocr"}, "typist": {"typist"}, "conjecture": {"conjecture", "illegible"}}


@pytest.mark.parametrize("slug", SLUGS)
def test_tei_encodes_every_correction_in_place(root, docs, slug):
    """Every recorded correction but a displaced line is one choice/sic/corr in the body, in
    the order of the reading text, its corr of its category's type on its raw line, its sic
    the raw form (and after an lb, each deletion it carries): none is left to the back."""
    tree = ET.parse(root / "docs/texts" / slug / f"{slug}.xml")
    body = tree.find(f"{T}text/{T}body")
    choices = body.findall(f".//{T}choice")
    entries = docs[slug].record.corrections
    carried = {other for run in every_inline(docs[slug]) for span in run.of("correction")
               for other in span.attrs.get("also", [])}
    expected = [e for i, e in enumerate(entries) if e["category"] != "displaced" and i not in carried]
    assert len(choices) == len(expected)
    placed = []
    for choice in choices:
        corr, sic = choice.find(f"{T}corr"), choice.find(f"{T}sic")
        placed.append((int(corr.get("n")), sic.text or "", corr.get("type")))
    for entry in expected:
        match = next((p for p in placed if p[:2] == (entry["line"], entry["raw"])), None)
        assert match and match[2] in CORR_TYPES[entry["category"]], entry
    if slug == "cia-anti-party-group-1962":
        # 406 repairs with a reading, one deletion on its own (raw 899), 22 carried in sic
        assert sum(1 for p in placed if p[2] == "ocr") == 407 and len(carried) == 22
        assert len(body.findall(f".//{T}choice/{T}sic/{T}lb")) == len(carried)


@pytest.mark.parametrize("slug", SLUGS)
def test_json_matches_its_schema_and_the_text(root, docs, slug):
    schema = json.loads((DATA / "text.schema.json").read_text(encoding="utf-8"))
    data = json.loads((root / "docs/texts" / slug / f"{slug}.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    paragraphs = docs[slug].paragraphs()
    assert [p["id"] for p in data["paragraphs"]] == [b.id for b in paragraphs]
    for item, block in zip(data["paragraphs"], paragraphs):
        assert item["text"] == " ".join(part.text for part in block.parts())
        for span in item["spans"]:
            assert 0 <= span["start"] <= span["end"] <= len(item["text"])
    people = {s["id"] for p in data["paragraphs"] for s in p["spans"] if s["kind"] == "person"}
    assert people, slug


def test_the_published_schema_is_the_package_copy(root):
    assert (root / "docs/data/text.schema.json").read_text(encoding="utf-8") == \
        (DATA / "text.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", SLUGS)
def test_plain_text_has_one_numbered_paragraph_a_block(root, docs, slug):
    txt = (root / "docs/texts" / slug / f"{slug}.txt").read_text(encoding="utf-8")
    numbered = re.findall(r"(?m)^¶ (\d+[a-z]?)(?: \[p\. ([^\]]+(?:\])?)\])? ", txt)
    assert [n for n, _ in numbered] == [b.number for b in docs[slug].paragraphs()]
    for block in docs[slug].paragraphs():
        assert " ".join(part.text for part in block.parts()) in txt


def test_page_of_each_paragraph_in_the_text_download(root):
    txt = (root / "docs/texts/frus-1961-63-v24-d107/frus-1961-63-v24-d107.txt").read_text(encoding="utf-8")
    assert re.search(r"(?m)^¶ \d+ \[p\. 226", txt)


def test_registers_as_data(root):
    people = json.loads((root / "docs/data/people.json").read_text(encoding="utf-8"))
    assert any(p["id"] == "khrushchev-nikita" and p["mentions"] for p in people)
    tree = ET.parse(root / "docs/data/people.xml")
    assert len(tree.findall(f".//{T}listPerson/{T}person")) == len(people)
    for name in ("glossary", "timeline", "crossrefs"):
        items = json.loads((root / f"docs/data/{name}.json").read_text(encoding="utf-8"))
        assert items and all("id" in i or "a" in i for i in items), name


def test_readme_example_loads_every_text(root):
    """The README's three lines that load the JSON of all texts run as written (from docs/)."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(import json, pathlib\n.*?)```", readme, re.S)
    assert block and len(block.group(1).strip().splitlines()) == 3
    scope: dict = {}
    exec(block.group(1).replace('pathlib.Path("site")', f'pathlib.Path({str(root / "docs")!r})'), scope)
    assert sorted(scope["texts"]) == sorted(SLUGS)


def test_corpus_zip_holds_the_data_and_is_reproducible(tmp_path, root):
    import zipfile

    from edition.site import write_corpus

    for rel in ["texts/frus-1961-63-v24-d107/frus-1961-63-v24-d107.json", "data/people.json"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes((root / "docs" / rel).read_bytes())
    first = write_corpus(tmp_path, 1_700_000_000).read_bytes()
    assert write_corpus(tmp_path, 1_700_000_000).read_bytes() == first
    names = zipfile.ZipFile(tmp_path / "data/thaw-edition-corpus.zip").namelist()
    assert names == ["texts/frus-1961-63-v24-d107/frus-1961-63-v24-d107.json", "data/people.json"]


def test_text_page_offers_the_downloads(root):
    for slug in SLUGS:
        page = (root / "docs/texts" / f"{slug}.md").read_text(encoding="utf-8")
        line = next(line for line in page.splitlines() if line.startswith("**Download:**"))
        for target in (f"{slug}.pdf", f"{slug}/{slug}.xml", f"{slug}/{slug}.txt", f"{slug}/{slug}.json"):
            assert target in line, (slug, target)
