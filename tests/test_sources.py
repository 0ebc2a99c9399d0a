"""The evidence is untouched, and bad metadata gets a clear error naming file and line."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from edition.errors import EditionError
from edition.sources import load_text, load_yaml, read_utf8

# DESIGN §1: the SHA-256 of each raw seed, by slug.
SEEDS = {
    "zubok-failed-empire-ch4": ("000_c85528cb5e4624f8.txt", "996415e6fa57ff968d40236a001b6a68629af499a084c3604150e223f4683582"),
    "cia-anti-party-group-1962": ("001_ea2a9126ee3a2769.txt", "e5b337a5ebd1496a1a1332ee721c02c900406e12e3dff2938db24363af5ad4c5"),
    "thaw-revision-notes": ("002_f6f4ad7cb7e5a0c9.txt", "ed53c4ab54be168874b6358f0397588809d8b6cbf156c4cb55fde7ea103b00d5"),
    "vienna-memcon-1961-06-03-1245": ("003_ae4941efca8cb0f7.txt", "3ac18b8bd237df07984e03e98531e079288fcb5c3c1e12e10cf52fd5aa30b21d"),
    "frus-1961-63-v24-d107": ("004_b81702eeda5ab577.txt", "fb0b6725749e638fe9ecdb8dbc41100f589296f62e5372776865f177f2de1b6c"),
}


@pytest.mark.parametrize("slug", sorted(SEEDS))
def test_raw_text_has_design_checksum(root, slug):
    data = (root / "sources" / slug / "raw.txt").read_bytes()
    assert hashlib.sha256(data).hexdigest() == SEEDS[slug][1]


@pytest.mark.parametrize("slug", sorted(SEEDS))
def test_raw_text_is_byte_identical_to_seed(root, slug):
    seed = root.parent / "shared" / "seeds" / SEEDS[slug][0]
    if not seed.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    assert (root / "sources" / slug / "raw.txt").read_bytes() == seed.read_bytes()


def test_every_text_loads_with_full_metadata(texts):
    assert {slug for slug, text in texts.items() if "seed" in text.meta} == set(SEEDS)
    for text in texts.values():
        assert text.meta["slug"] == text.slug
        assert text.meta["rights"] and text.meta["witness"]


@pytest.fixture
def text_copy(root, tmp_path) -> Path:
    """A copy of one text folder that a test may damage."""
    folder = tmp_path / "frus-1961-63-v24-d107"
    shutil.copytree(root / "sources" / "frus-1961-63-v24-d107", folder)
    return folder


def _edit_meta(folder: Path, old: str, new: str) -> None:
    path = folder / "source.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_field_is_named_with_line(text_copy):
    _edit_meta(text_copy, "rights:", "rites:")
    with pytest.raises(EditionError) as info:
        load_text(text_copy)
    assert info.value.code == "S104"
    lines = (text_copy / "source.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("rites:"))
    assert "'rites'" in str(info.value) and f"source.yaml:{line}:" in str(info.value)


def test_missing_field_is_named(text_copy):
    _edit_meta(text_copy, "short_title: FRUS 1961–1963, vol. XXIV, doc. 107\n", "")
    with pytest.raises(EditionError) as info:
        load_text(text_copy)
    assert info.value.code == "S105" and "'short_title' is missing" in info.value.message


def test_wrong_type_names_field_and_line(text_copy):
    _edit_meta(text_copy, "identifiers:\n", "identifiers: a string\nx_identifiers:\n")
    with pytest.raises(EditionError) as info:
        load_text(text_copy)
    assert info.value.code in {"S104", "S106"}


def test_wrong_profile_is_refused(text_copy):
    _edit_meta(text_copy, "profile: frus", "profile: novel")
    with pytest.raises(EditionError) as info:
        load_text(text_copy)
    assert info.value.code == "S107" and "'profile'" in info.value.message
    lines = (text_copy / "source.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[info.value.line - 1] == "profile: novel"


def test_malformed_yaml_names_line(text_copy):
    _edit_meta(text_copy, "type: documentary", "type: [documentary")
    with pytest.raises(EditionError) as info:
        load_text(text_copy)
    assert info.value.code == "S102"
    assert info.value.line is not None and info.value.line > 1


def test_changed_raw_text_fails_checksum(text_copy):
    raw = text_copy / "raw.txt"
    raw.write_bytes(raw.read_bytes().replace(b"garden", b"garten", 1))
    with pytest.raises(EditionError) as info:
        load_text(text_copy)
    assert info.value.code == "S110"


def test_non_utf8_raw_names_line(tmp_path):
    path = tmp_path / "raw.txt"
    path.write_bytes(b"line one\nline two \xff\n")
    with pytest.raises(EditionError) as info:
        read_utf8(path)
    assert info.value.code == "S101" and info.value.line == 2
    assert str(info.value).startswith(f"{path}:2: S101 ")


def test_yaml_key_lines(root):
    _, lines = load_yaml(root / "sources" / "frus-1961-63-v24-d107" / "source.yaml")
    assert lines["slug"] == 1
