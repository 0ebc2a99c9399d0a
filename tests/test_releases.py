"""Citable by release (issue 15, point 4): every release's reading texts under
/releases/<version>/, frozen and checked once past; the changelog's paragraph diffs made from
them; citations that name their release by version."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from edition import releases
from edition.anchors import load_manifest
from edition.errors import EditionError
from edition.pipeline import freeze_current, generate
from edition.sources import load_changelog

from conftest import ROOT

SLUGS = ["cia-anti-party-group-1962", "zubok-failed-empire-ch4", "vienna-memcon-1961-06-03-1245",
         "frus-1961-63-v24-d107", "thaw-revision-notes"]
CIA, MEMCON = "cia-anti-party-group-1962", "vienna-memcon-1961-06-03-1245"


def frozen_txt(version: str, slug: str) -> str:
    return (ROOT / releases.FOLDER / version / f"{slug}.txt").read_text(encoding="utf-8")


def changelog() -> list[dict]:
    return load_changelog(ROOT)


def test_every_past_release_has_its_files_and_they_match_their_checksums():
    sums = releases.checksums(ROOT)
    for entry in changelog()[1:]:
        version = entry["version"]
        files = releases.frozen(ROOT, version, sums)
        assert set(files) >= {f"{slug}.txt" for slug in SLUGS}, version
        for name, content in files.items():
            assert hashlib.sha256(content.encode("utf-8")).hexdigest() == sums[version][name][0]
    # Every file of the folder is listed: nothing frozen goes unchecked.
    on_disk = {f"{p.parent.name}/{p.name}" for p in (ROOT / releases.FOLDER).glob("*/*.*")}
    assert on_disk == {f"{v}/{name}" for v, names in sums.items() for name in names}


def test_each_frozen_release_was_made_from_its_own_commit():
    """0.1.0 and 0.2.0 were derived from their commits' pages, 0.3.0 copied; the paragraphs of
    0.1.0 and 0.2.0 are the same (0.2.0 changed no reading text, as its entry says), and each
    file names its version."""
    for version in ("0.1.0", "0.2.0", "0.3.0"):
        for slug in SLUGS:
            assert f"Version {version}, " in frozen_txt(version, slug)
    for slug in SLUGS:
        assert releases.paragraphs(frozen_txt("0.1.0", slug)) == releases.paragraphs(frozen_txt("0.2.0", slug))
    assert not (ROOT / releases.FOLDER / "0.2.0" / f"{CIA}.xml").exists()  # no TEI then


def copy_releases(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / releases.FOLDER, tmp_path / releases.FOLDER)
    return tmp_path


def test_a_missing_past_release_is_V101(tmp_path):
    root = copy_releases(tmp_path)
    (root / releases.FOLDER / "0.2.0" / f"{MEMCON}.txt").unlink()
    with pytest.raises(EditionError) as caught:
        releases.release_files(root, changelog(), {})
    assert caught.value.code == "V101" and f"0.2.0/{MEMCON}.txt is missing" in str(caught.value)
    sums = root / releases.SUMS
    sums.write_text("".join(l for l in sums.read_text().splitlines(True) if " 0.1.0/" not in l))
    with pytest.raises(EditionError) as caught:
        releases.frozen(root, "0.1.0", releases.checksums(root))
    assert caught.value.code == "V101" and "0.1.0" in str(caught.value)


def test_an_altered_past_release_is_V102(tmp_path):
    root = copy_releases(tmp_path)
    path = root / releases.FOLDER / "0.1.0" / f"{CIA}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("leaders ,", "leaders,"), encoding="utf-8")
    with pytest.raises(EditionError) as caught:
        releases.release_files(root, changelog(), {})
    assert caught.value.code == "V102" and str(caught.value).startswith(f"sources/releases/0.1.0/{CIA}.txt:")


def test_a_damaged_checksum_list_names_its_line(tmp_path):
    root = copy_releases(tmp_path)
    sums = root / releases.SUMS
    sums.write_text(sums.read_text() + "not a checksum\n")
    with pytest.raises(EditionError) as caught:
        releases.checksums(root)
    assert caught.value.code == "S108" and f":{len(sums.read_text().splitlines())}:" in str(caught.value)


def test_the_current_release_is_the_build_and_the_one_before_it_frozen(tmp_path):
    """Whatever the newest version is: once it is frozen (`edition freeze`) and a newer entry
    listed (as a release adds it), the release that was current is served from its frozen
    files, the new one from the build."""
    copy = tmp_path / "edition"
    shutil.copytree(ROOT / "sources", copy / "sources")
    shutil.copy2(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    version, _ = freeze_current(copy)
    entries = changelog()
    assert version == entries[0]["version"]
    current = {f"{slug}.txt": "built" for slug in SLUGS}
    served = releases.release_files(copy, [{"version": "9.9.9", "date": "2099-01-01", "changes": []}, *entries], current)
    assert list(served) == ["9.9.9", *[e["version"] for e in entries]]
    assert served["9.9.9"] == current
    built = generate(ROOT)[Path("docs/texts") / CIA / f"{CIA}.txt"]
    assert served[version][f"{CIA}.txt"] == built


def test_the_site_serves_every_release_and_the_current_one_equals_the_reading_texts(site):
    entries = changelog()
    current = entries[0]["version"]
    for slug in SLUGS:
        for ext in ("txt", "xml"):
            built = (site / "texts" / slug / f"{slug}.{ext}").read_bytes()
            assert (site / "releases" / current / f"{slug}.{ext}").read_bytes() == built
    for entry in entries[1:]:
        for slug in SLUGS:
            assert (site / "releases" / entry["version"] / f"{slug}.txt").read_text(encoding="utf-8") == \
                frozen_txt(entry["version"], slug)
    page = (site / "releases" / "index.html").read_text(encoding="utf-8")
    for entry in entries:
        assert f'href="{entry["version"]}/{CIA}.txt"' in page
    assert "TEI is not available for this release" in page


def changes(old: str, new: str, slug: str) -> dict[str, releases.Change]:
    aliases = load_manifest(ROOT).get(slug, {}).get("aliases", {})
    return {c.id: c for c in releases.diff(frozen_txt(old, slug), frozen_txt(new, slug), aliases)}


def inserted(change: releases.Change) -> str:
    return " ".join(words for op, words in change.words if op == "insert")


def test_the_diff_from_0_2_0_to_0_3_0_lists_the_changes_its_entry_names():
    cia = changes("0.2.0", "0.3.0", CIA)
    assert {ident: c.kind for ident, c in cia.items()} == {
        p: "changed" for p in ("p-16", "p-17", "p-18", "p-35", "p-42", "p-44", "p-49", "p-51", "p-52", "p-62", "p-65")}
    assert ("delete", "leaders ,") in cia["p-51"].words and ("insert", "leaders,") in cia["p-51"].words
    assert inserted(cia["p-44"]) == "opposition." and inserted(cia["p-62"]) == "stratagem,"
    assert inserted(cia["p-35"]) == "empires" and "attacked" in inserted(cia["p-52"])
    assert inserted(cia["p-49"]) == "1[8]" and inserted(cia["p-16"]) == "195[4],"
    memcon = changes("0.2.0", "0.3.0", MEMCON)
    assert list(memcon) == ["p-17"] and inserted(memcon["p-17"]) == "is"
    for slug in SLUGS:
        assert changes("0.1.0", "0.2.0", slug) == {}  # "The reading texts … are unchanged."


def test_the_diff_names_added_removed_and_merged_paragraphs():
    old = frozen_txt("0.3.0", CIA)
    lines = old.splitlines()
    p3 = next(i for i, line in enumerate(lines) if line.startswith("¶ 3 "))
    p4 = next(i for i, line in enumerate(lines) if line.startswith("¶ 4 "))
    new = "\n".join(lines[:p3] + [lines[p3].replace("¶ 3 ", "¶ 3a ", 1)] + lines[p3 + 1:p4] + lines[p4 + 1:])
    found = {c.id: c.kind for c in releases.diff(old, new, {"p-4": "p-5"})}
    assert found == {"p-3a": "added", "p-3": "removed", "p-4": "merged"}
    # A paragraph that moves to another page of the original changes what a citation of
    # that page finds: listed with its pages, even when its words are the same.
    moved = old.replace("¶ 9 [p. 2] ", "¶ 9 [p. [3]] ", 1)
    assert moved != old
    assert releases.diff(old, moved, {}) == [releases.Change("changed", "p-9", pages=("2", "[3]"))]


def test_the_changelog_page_shows_the_paragraph_diffs(site):
    page = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "<del>leaders ,</del> <ins>leaders,</ins>" in page
    assert re.search(r'href="\.\./texts/cia-anti-party-group-1962/#p-51"', page)
    assert "No paragraph of the reading texts changed since version 0.1.0." in page


def test_every_citation_names_its_release_by_version(site):
    version = changelog()[0]["version"]
    for slug in SLUGS:
        edition_item = json.loads((site / "texts" / f"{slug}.csl.json").read_text(encoding="utf-8"))[-1]
        assert edition_item["version"] == version
        assert f"version = {{{version}}}" in (site / "texts" / f"{slug}.bib").read_text(encoding="utf-8")
        cite = (site / "texts" / slug / "index.html").read_text(encoding="utf-8")
        assert f"version {version}" in cite and f"(Version {version})" in cite
        assert f"version {version}" in (site / "texts" / slug / f"{slug}.txt").read_text(encoding="utf-8")


def test_freezing_writes_a_release_once_and_it_is_then_checked(tmp_path):
    """`edition freeze`: the current release's files frozen as they are built; a second
    freeze of the same version is refused (V103), so nothing frozen is ever rewritten."""
    root = copy_releases(tmp_path)
    current = {f"{slug}.{ext}": (ROOT / "docs/texts" / slug / f"{slug}.{ext}").read_text(encoding="utf-8")
               for slug in SLUGS for ext in ("txt", "xml")}
    written = releases.freeze(root, "9.9.9", current)
    assert len(written) == 10
    assert releases.frozen(root, "9.9.9", releases.checksums(root)) == current
    with pytest.raises(EditionError) as caught:
        releases.freeze(root, "9.9.9", current)
    assert caught.value.code == "V103"
    with pytest.raises(EditionError) as caught:
        releases.freeze(root, "0.3.0", current)
    assert caught.value.code == "V103" and str(caught.value).startswith("sources/releases/SHA256SUMS:")


def test_the_derivation_of_past_releases_gives_todays_text_from_todays_pages(site):
    """The method 0.1.0 and 0.2.0 were made by (release_derive, from the pages a commit built)
    gives, run on today's pages, today's plain text: the same paragraphs, pages and words, the
    same headings and notes (sources/releases/README.md names what it leaves out)."""
    from edition.release_derive import release_txt

    for slug in SLUGS:
        derived = release_txt((site / "texts" / slug / "index.html").read_text(encoding="utf-8"), "x", "x", "x")
        built = (site / "texts" / slug / f"{slug}.txt").read_text(encoding="utf-8")
        words = lambda txt: {i: (p.page, p.text.split()) for i, p in releases.paragraphs(txt).items()}
        assert words(derived) == words(built)
        body = lambda txt: [line for line in txt.split("\n\n")[2:] if not line.startswith("¶ ")]
        assert [b for b in body(built) if b in body(derived)] == body(derived)
        if slug != "frus-1961-63-v24-d107":  # its title lines are left out
            assert body(derived) == body(built)
