"""Permanent anchors: the manifest holds every published anchor; removing or moving one fails."""

from __future__ import annotations

import copy

import pytest

from edition import anchors
from edition.errors import EditionError
from edition.pipeline import generate


@pytest.fixture(scope="module")
def current(documents):
    return {slug: anchors.current_anchors(doc) for slug, doc in documents.items()}


@pytest.fixture(scope="module")
def manifest(root):
    return anchors.load_manifest(root)


def test_manifest_lists_every_current_anchor(manifest, current):
    for slug, now in current.items():
        assert set(now) <= set(manifest[slug]["anchors"]), slug


def test_every_published_anchor_resolves_to_its_text(manifest, current):
    assert anchors.compare(manifest, current) == []


def test_removing_a_paragraph_fails(manifest, documents):
    doc = copy.deepcopy(documents["zubok-failed-empire-ch4"])
    del doc.blocks[30]
    changed = {slug: anchors.current_anchors(d) for slug, d in documents.items()}
    changed["zubok-failed-empire-ch4"] = anchors.current_anchors(doc)
    problems = anchors.compare(manifest, changed)
    kinds = {(p.anchor, p.kind) for p in problems}
    last = f"p-{len(documents['zubok-failed-empire-ch4'].paragraphs())}"
    assert (last, "vanished") in kinds
    assert all(p.slug == "zubok-failed-empire-ch4" for p in problems)
    assert "A301" in str(next(p for p in problems if p.kind == "vanished"))


def test_removed_page_anchor_fails(manifest, current):
    changed = copy.deepcopy(current)
    del changed["vienna-memcon-1961-06-03-1245"]["page-4"]
    assert [(p.anchor, p.kind) for p in anchors.compare(manifest, changed)] == [("page-4", "vanished")]


def test_changed_text_is_reported_as_moved(manifest, documents, current):
    doc = copy.deepcopy(documents["frus-1961-63-v24-d107"])
    para = doc.paragraphs()[2]
    para.text = para.text.replace("time consuming", "time-wasting")
    changed = dict(current, **{"frus-1961-63-v24-d107": anchors.current_anchors(doc)})
    assert [(p.anchor, p.kind) for p in anchors.compare(manifest, changed)] == [("p-3", "moved")]


def test_accept_records_intended_change_but_never_drops_an_anchor(manifest, current):
    changed = copy.deepcopy(current)
    changed["frus-1961-63-v24-d107"]["p-3"] = "0" * 16
    accepted = anchors.accept(manifest, changed, ["frus-1961-63-v24-d107"])
    assert anchors.compare(accepted, changed) == []
    del changed["frus-1961-63-v24-d107"]["p-3"]
    with pytest.raises(EditionError) as info:
        anchors.accept(manifest, changed, ["frus-1961-63-v24-d107"])
    assert info.value.code == "A303"


def test_alias_keeps_a_merged_paragraph_resolving(root, manifest, current, texts, documents):
    slug = "thaw-revision-notes"
    last = len(documents[slug].paragraphs())
    changed = copy.deepcopy(current)
    del changed[slug][f"p-{last}"]  # as if the last two paragraphs had been merged
    assert anchors.compare(manifest, changed)
    aliased = anchors.add_alias(manifest, slug, f"p-{last}", f"p-{last - 1}", changed)
    assert anchors.compare(aliased, changed) == []
    assert anchors.aliases_by_target(aliased, slug) == {f"p-{last - 1}": [f"p-{last}"]}
    with pytest.raises(EditionError):
        anchors.add_alias(manifest, slug, "p-1", "p-2", current)  # p-1 still exists


def test_aliases_are_rendered_as_anchors(root, monkeypatch):
    manifest = anchors.load_manifest(root)
    manifest["frus-1961-63-v24-d107"]["aliases"] = {"p-99": "p-2"}
    monkeypatch.setattr("edition.pipeline.load_manifest", lambda _root: manifest)
    page = generate(root)[__import__("pathlib").Path("docs/texts/frus-1961-63-v24-d107.md")]
    assert '<span class="anchor-alias" id="p-99"></span>[Mr. Khrushchev](../people/khrushchev-nikita.md' in page
