"""Permanent anchors: ids are identities given by the manifest; removing or moving a
published anchor fails; a split or merge never renumbers and never moves an anchor."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from edition import anchors
from edition.audit import fold
from edition.errors import EditionError
from edition.model import block_text
from edition.pipeline import build_documents, generate
from edition.sources import load_edition

ZUBOK, FRUS, CARDS, CIA = ("zubok-failed-empire-ch4", "frus-1961-63-v24-d107", "thaw-revision-notes",
                           "cia-anti-party-group-1962")


@pytest.fixture(scope="module")
def current(documents):
    return {slug: anchors.current_anchors(doc) for slug, doc in documents.items()}


@pytest.fixture(scope="module")
def manifest(root):
    return anchors.load_manifest(root)


def ids(entry: dict) -> list[str]:
    return [p["id"] for p in entry["paragraphs"]]


def test_manifest_lists_every_current_anchor(manifest, current):
    for slug, now in current.items():
        assert ids(now) == ids(manifest[slug]), slug
        assert set(now["pages"]) <= set(manifest[slug]["pages"]), slug


def test_first_edition_ids_are_reading_order(manifest):
    """The first edition numbered the paragraphs in reading order; the manifest keeps that:
    the ids still rise in reading order, and with the aliases of later merges (0.4.0) they
    are every number of the first edition, none lost, none renumbered."""
    for slug, entry in manifest.items():
        numbers = [int(ident[2:]) for ident in ids(entry)]
        assert numbers == sorted(numbers), slug
        merged = {int(old[2:]) for old in entry.get("aliases", {})}
        assert sorted(set(numbers) | merged) == list(range(1, len(numbers) + len(merged) + 1)), slug


def test_every_published_anchor_resolves_to_its_text(manifest, current):
    assert anchors.compare(manifest, current) == []


def test_removing_a_paragraph_fails_for_that_paragraph_only(manifest, documents):
    doc = copy.deepcopy(documents[ZUBOK])
    removed = doc.blocks.pop(30)
    changed = {slug: anchors.current_anchors(d) for slug, d in documents.items()}
    changed[ZUBOK] = anchors.current_anchors(doc)
    problems = anchors.compare(manifest, changed)
    assert [(p.slug, p.anchor, p.kind) for p in problems] == [(ZUBOK, removed.id, "vanished")]
    assert "A301" in str(problems[0])


def test_removed_page_anchor_fails(manifest, current):
    changed = copy.deepcopy(current)
    del changed["vienna-memcon-1961-06-03-1245"]["pages"]["page-4"]
    assert [(p.anchor, p.kind) for p in anchors.compare(manifest, changed)] == [("page-4", "vanished")]


def test_changed_text_is_reported_as_moved(manifest, documents, current):
    doc = copy.deepcopy(documents[FRUS])
    para = doc.paragraphs()[2]
    para.text = para.text.replace("time consuming", "time-wasting")
    changed = dict(current, **{FRUS: anchors.current_anchors(doc)})
    assert [(p.anchor, p.kind) for p in anchors.compare(manifest, changed)] == [("p-3", "moved")]


def test_accept_records_a_correction_but_never_drops_or_moves_an_anchor(manifest, current):
    changed = copy.deepcopy(current)
    p3 = changed[FRUS]["paragraphs"][2]
    p3["text"] = p3["text"].replace("time consuming", "time-wasting")
    p3["fingerprint"] = anchors.fingerprint(p3["text"])
    accepted = anchors.accept(manifest, changed, [FRUS])
    assert anchors.compare(accepted, changed) == []
    # Other text under a published id: refused, not re-fingerprinted.
    p3["text"] = changed[FRUS]["paragraphs"][10]["text"]
    p3["fingerprint"] = anchors.fingerprint(p3["text"])
    with pytest.raises(EditionError) as info:
        anchors.accept(manifest, changed, [FRUS])
    assert info.value.code == "A306"
    del changed[FRUS]["paragraphs"][2]
    with pytest.raises(EditionError) as info:
        anchors.accept(manifest, changed, [FRUS])
    assert info.value.code == "A303"


def test_renumbering_is_refused(manifest, current):
    """The old bug: drop paragraph 2 and number the rest from 1 again; --accept re-fingerprinted
    every later anchor. Now every later id would point at other text: refused."""
    changed = copy.deepcopy(current)
    paras = changed[CARDS]["paragraphs"]
    del paras[1]
    for n, para in enumerate(paras, start=1):
        para["id"] = f"p-{n}"
    with pytest.raises(EditionError) as info:
        anchors.accept(manifest, changed, [CARDS])
    assert info.value.code in ("A306", "A303")


def test_alias_keeps_a_merged_paragraph_resolving(root, manifest, current, documents):
    changed = copy.deepcopy(current)
    gone = changed[CARDS]["paragraphs"].pop()  # as if the last two paragraphs had been merged
    grown = changed[CARDS]["paragraphs"][-1]
    grown["text"] += " " + gone["text"]
    grown["fingerprint"] = anchors.fingerprint(grown["text"])
    assert anchors.compare(manifest, changed)
    aliased = anchors.add_alias(manifest, CARDS, gone["id"], grown["id"], changed)
    assert [p.kind for p in anchors.compare(aliased, changed)] == ["moved"]  # the last grew: accept it
    assert anchors.aliases_by_target(aliased, CARDS)[grown["id"]] == [gone["id"]]
    with pytest.raises(EditionError) as info:
        anchors.add_alias(manifest, CARDS, "p-1", "p-2", current)  # p-1 still exists
    assert info.value.code == "A305"
    with pytest.raises(EditionError) as info:
        anchors.add_alias(manifest, CARDS, "p-99", "p-100", current)
    assert info.value.code == "A304"


def test_aliases_are_rendered_as_anchors(root, monkeypatch):
    manifest = copy.deepcopy(anchors.load_manifest(root))
    manifest[FRUS]["aliases"] = {"p-99": "p-2"}
    monkeypatch.setattr("edition.pipeline.load_manifest", lambda _root: manifest)
    page = generate(root)[Path(f"docs/texts/{FRUS}.md")]
    assert '<span class="anchor-alias" id="p-99"></span>[Mr. Khrushchev](../people/khrushchev-nikita.md' in page


# --- Split and merge in a copy of the edition -------------------------------------------------

@pytest.fixture
def edition_copy(tmp_path) -> Path:
    shutil.copytree(Path(__file__).resolve().parent.parent / "sources", tmp_path / "sources")
    shutil.copy(Path(__file__).resolve().parent.parent / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def documents_of(root: Path) -> dict:
    _, texts = load_edition(root)
    return build_documents(texts)


def assert_every_published_anchor_resolves(root: Path, manifest: dict, docs: dict) -> None:
    """Every paragraph id ever published resolves (itself or by alias) to a paragraph whose
    text contains its old text or is contained in it."""
    for slug, entry in manifest.items():
        doc = docs[slug]
        aliases = dict(anchors.load_manifest(root).get(slug, {}).get("aliases", {}))
        aliases.update({old: new for new, olds in doc.aliases.items() for old in olds})
        for para in entry["paragraphs"]:
            target = doc.paragraph(aliases.get(para["id"], para["id"]))
            assert target is not None, (slug, para["id"])
            old, new = fold(para["text"]), fold(block_text(target))
            assert old in new or new in old, (slug, para["id"])


def test_split_and_merge_never_renumber(edition_copy, manifest, documents):
    zubok = documents[ZUBOK].paragraphs()
    tenth, eleventh, twelfth = zubok[9], zubok[10], zubok[11]
    # Split ¶ 10 before its second sentence; merge ¶ 12 into ¶ 11.
    second = tenth.text.split(". ", 1)[1][:40]
    (edition_copy / "sources" / ZUBOK / "paragraphs.yaml").write_text(
        f'- split: "{second}"\n  reason: A test split.\n'
        f'- merge: "{twelfth.text[:40]}"\n  reason: A test merge.\n', encoding="utf-8")
    docs = documents_of(edition_copy)
    after = docs[ZUBOK].paragraphs()
    assert [b.id for b in after[:13]] == [
        "p-1", "p-2", "p-3", "p-4", "p-5", "p-6", "p-7", "p-8", "p-9", "p-10", "p-10a", "p-11", "p-13"]
    assert after[10].number == "10a" and after[10].text.startswith(second)
    assert block_text(after[11]) == f"{eleventh.text} {twelfth.text}"
    assert docs[ZUBOK].aliases == {"p-11": ["p-12"]}
    assert [b.id for b in after[12:]] == [b.id for b in zubok[12:]]  # no later id moved
    assert_every_published_anchor_resolves(edition_copy, manifest, docs)
    # The check reports no vanished anchor and the merged paragraph as grown (to accept);
    # accepting records the new id and the alias, and a second build gives the same ids.
    current = {slug: anchors.current_anchors(doc) for slug, doc in docs.items()}
    problems = anchors.compare(manifest, current)
    assert {(p.anchor, p.kind) for p in problems} == {("p-10", "moved"), ("p-11", "moved")}
    accepted = anchors.accept(manifest, current, [ZUBOK])
    assert anchors.compare(accepted, current) == []
    assert accepted[ZUBOK]["aliases"] == {"p-12": "p-11", "p-14": "p-13"}  # p-14: the 0.4.0 join
    anchors.save_manifest(edition_copy, accepted)
    again = documents_of(edition_copy)
    assert [b.id for b in again[ZUBOK].paragraphs()] == [b.id for b in after]
    assert_every_published_anchor_resolves(edition_copy, manifest, again)
    # The page shows the new number and keeps the old anchor.
    page = generate(edition_copy)[Path(f"docs/texts/{ZUBOK}.md")]
    assert 'data-p="10a"' in page and '<span class="anchor-alias" id="p-12"></span>' in page


def test_a_decision_must_name_words_that_stand_once(edition_copy):
    path = edition_copy / "sources" / ZUBOK / "paragraphs.yaml"
    path.write_text('- split: "Khrushchev"\n  reason: Too common.\n', encoding="utf-8")
    with pytest.raises(EditionError) as info:
        documents_of(edition_copy)
    assert info.value.code == "C119"
    path.write_text('- split: "x"\n  merge: "y"\n  reason: Both.\n', encoding="utf-8")
    with pytest.raises(EditionError) as info:
        documents_of(edition_copy)
    assert info.value.code == "C118"


# --- A handout takes the numbers the page shows ------------------------------------------------

@pytest.mark.slow
def test_a_handout_takes_split_numbers_in_reading_order(edition_copy, documents):
    """After a split (¶ 10 and ¶ 10a), `--paragraphs` takes the numbers the page shows:
    ``10a`` alone, and ``9-11`` in reading order holds it; a number the text does not have
    is H103 naming it, with the text's real numbers."""
    from edition import pdf
    from edition.pipeline import write_pages
    from edition.site import build_site

    root = Path(__file__).resolve().parent.parent
    for name in ("docs", "overrides"):
        shutil.copytree(root / name, edition_copy / name)
    tenth = documents[ZUBOK].paragraph("p-10")
    second = tenth.text.split(". ", 1)[1][:40]
    (edition_copy / "sources" / ZUBOK / "paragraphs.yaml").write_text(
        f'- split: "{second}"\n  reason: A test split.\n', encoding="utf-8")
    write_pages(edition_copy, generate(edition_copy))
    build_site(edition_copy, edition_copy / "site", pdf=False)
    page = pdf.load_page(edition_copy / "site", ZUBOK)
    assert page.paragraph_numbers[8:12] == ["9", "10", "10a", "11"]

    def shown(spec: str) -> list[str]:
        html = pdf.handout_html(page, *pdf.parse_paragraphs(spec), notes=False)
        return [p["id"] for p in pdf.BeautifulSoup(html, "html.parser").select(".para[id^='p-']")]

    assert shown("10a") == ["p-10a"]
    assert shown("9-11") == ["p-9", "p-10", "p-10a", "p-11"]
    assert shown("10a–11") == ["p-10a", "p-11"]
    for spec, code, named in (("10b", "H103", "paragraph 10b"), ("9-10c", "H103", "paragraph 10c"),
                              ("10a-10", "H107", "'10a-10'")):
        with pytest.raises(EditionError) as info:
            pdf.handout_html(page, *pdf.parse_paragraphs(spec), notes=False)
        assert info.value.code == code and named in str(info.value), str(info.value)
    with pytest.raises(EditionError) as info:
        pdf.handout_html(page, "10b", "10b", notes=False)
    assert f"its paragraphs are 1–10, 10a, 11–13, 15–{page.paragraph_numbers[-1]}" in str(info.value)
