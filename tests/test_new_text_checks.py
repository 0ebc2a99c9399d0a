"""The errors and checks of adding a text (issue 18): `edition new`'s refusals (E102-E105),
a FRUS text without a page marker or first_page (C120), two texts of one label (S118), a
text without anchors in the manifest (A307). Each in a temporary copy, data files only."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition import anchors
from edition.errors import EditionError
from edition.pipeline import build_documents
from edition.scaffold import new_text
from edition.sources import load_edition

from test_sixth_text import FIXTURES, add_text, copy_of

pytestmark = pytest.mark.slow


@pytest.fixture
def copy(root, tmp_path) -> Path:
    return copy_of(root, tmp_path)


@pytest.mark.parametrize("slug, profile, raw, code", [
    ("Frus V", "frus", "frus/raw.txt", "E102"),
    ("thaw-revision-notes", "frus", "frus/raw.txt", "E103"),
    ("new-text", "memo", "frus/raw.txt", "E104"),
    ("new-text", "frus", "frus/none.txt", "E105"),
])
def test_edition_new_refuses(copy, slug, profile, raw, code):
    before = (copy / "sources" / "edition.yaml").read_bytes()
    with pytest.raises(EditionError) as error:
        new_text(copy, slug, profile, FIXTURES / raw)
    assert error.value.code == code
    assert (copy / "sources" / "edition.yaml").read_bytes() == before  # nothing written


def test_frus_without_marker_needs_first_page(copy):
    add_text(copy, "frus-test", "frus", "frus", "{}", [])
    with pytest.raises(EditionError) as error:
        build_documents(load_edition(copy)[1])
    assert error.value.code == "C120" and "frus-test/source.yaml" in str(error.value)


def test_two_texts_of_one_label(copy):
    add_text(copy, "frus-test", "frus", "frus", "{first_page: 190}", [])
    meta = copy / "sources" / "frus-test" / "source.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("label: Test frus", "label: FRUS"), encoding="utf-8")
    with pytest.raises(EditionError) as error:
        load_edition(copy)
    assert error.value.code == "S118" and "'FRUS'" in str(error.value) and error.value.line == 8


def test_text_without_anchors(copy):
    add_text(copy, "frus-test", "frus", "frus", "{first_page: 190}", [])
    documents = build_documents(load_edition(copy)[1])
    current = {slug: anchors.current_anchors(doc) for slug, doc in documents.items()}
    problems = anchors.unrecorded(anchors.load_manifest(copy), current)
    assert [p.code for p in problems] == ["A307"] and "frus-test" in problems[0].message


def lint_of(copy: Path, slug: str) -> list[str]:
    from edition.lint import lint_edition

    documents = build_documents(load_edition(copy)[1])
    return [message for message in lint_edition(copy, documents) if f"/{slug}/" in message]


def test_calls_the_profile_missed_are_found(copy):
    """With the wrong note option (one digit after a letter or full stop), "useful,3" and
    "Berlin.10" stay in the text: glued digits (C123), their notes never called (C121)."""
    add_text(copy, "frus-test", "frus", "frus", "{first_page: 190, note_calls: digit-after-letter}",
             ["khrushchev-nikita", "kennedy-john", "thompson-llewellyn"])
    messages = lint_of(copy, "frus-test")
    codes = [message.split(": ", 1)[1][:4] for message in messages]
    assert "C123 'useful,3'" in " ".join(messages) and "C123 'Berlin.10'" in " ".join(messages)
    assert {"C121", "C123"} == set(codes), messages
    assert any("Note 10 is called nowhere" in m for m in messages)
    assert any("frus-test/raw.txt:13: C123 'Berlin.10'" in m for m in messages)


def test_call_without_its_note(copy):
    from edition.lint import note_problems

    add_text(copy, "frus-test", "frus", "frus", "{first_page: 190}", [])
    doc = build_documents(load_edition(copy)[1])["frus-test"]
    assert note_problems("frus-test", doc) == []
    del doc.notes["4"]
    assert [m.split(": ", 1)[1][:4] for m in note_problems("frus-test", doc)] == ["C122"]


def test_name_of_a_person_not_registered_for_the_text(copy):
    """Khrushchev named in the memorandum but his entry does not list it: P202 (and he is
    not linked). Kennedy's name stands only in "Kennedy Library", a phrase that is not a
    person: no P202 for him."""
    add_text(copy, "memo-test", "memcon", "memo", "{stamp_lines: [DECLASSIFIED, Authority NLK-91-77, By JWF NARA]}",
             ["akalovsky-alexander"])
    messages = lint_of(copy, "memo-test")
    assert [m.split(": ", 1)[1][:4] for m in messages] == ["P202"], messages
    assert "khrushchev-nikita" in messages[0] and "kennedy" not in " ".join(messages)
    phrases = copy / "sources" / "not-people.txt"
    phrases.write_text(phrases.read_text(encoding="utf-8").replace("Kennedy Library\n", ""), encoding="utf-8")
    from edition.annotate import people

    people._not_people.cache_clear()
    assert any("kennedy-john" in m for m in lint_of(copy, "memo-test"))
    people._not_people.cache_clear()


def test_edition_new_copies_explains_and_adds(copy, tmp_path):
    """The raw file byte for byte (a CRLF and a BOM kept), its checksum, a source.yaml in
    which a comment explains every field the schema knows, the slug at the end of
    edition.yaml with its comments kept; the build then names the first field to fill."""
    import hashlib
    import re

    from edition.sources import schema

    raw = tmp_path / "incoming.txt"
    raw.write_bytes("\ufeff1. Memorandum\r\n\r\n  • Berlin\r\n".encode("utf-8"))
    edition_before = (copy / "sources" / "edition.yaml").read_text(encoding="utf-8")
    printed = new_text(copy, "new-text", "frus", raw)
    folder = copy / "sources" / "new-text"
    assert (folder / "raw.txt").read_bytes() == raw.read_bytes()
    meta = (folder / "source.yaml").read_text(encoding="utf-8")
    assert f"sha256: {hashlib.sha256(raw.read_bytes()).hexdigest()}\n" in meta
    lines = meta.split("\n")
    for name in schema("source")["fields"]:
        at = next(i for i, line in enumerate(lines) if re.match(rf"(# )?{name}:", line))
        assert lines[at - 1].startswith("# "), name  # explained just above, opening with whether it is required
        opening = next(line for line in reversed(lines[:at]) if line.startswith(("# Required", "# Optional")))
        assert opening.startswith("# Required") == bool(schema("source")["fields"][name].get("required")), name
    for option in schema("options-frus")["fields"]:
        assert f"#   {option}:" in meta
    edition_after = (copy / "sources" / "edition.yaml").read_text(encoding="utf-8")
    assert edition_after.replace("  - new-text\n", "", 1) == edition_before
    assert load_edition  # the build reads the new text, and names the first field to fill
    with pytest.raises(EditionError) as error:
        load_edition(copy)
    assert error.value.code == "S106" and "'title'" in str(error.value) and error.value.line
    assert "Next:" in printed and "source.yaml" in printed


@pytest.mark.parametrize("as_subject, kinds", [("true", ["subject", "list"]), ("false", ["list", "list"])])
def test_only_the_first_lone_bullet_is_the_subject(copy, tmp_path, as_subject, kinds):
    """The trial's second "Subject:": a later lone bullet is a list, and with
    lone_bullet_is_subject false none is the subject."""
    raw = (FIXTURES / "frus" / "raw.txt").read_text(encoding="utf-8")
    raw = raw.replace("Thompson\n", "  • Thompson\n")
    (tmp_path / "raw.txt").write_text(raw, encoding="utf-8")
    new_text(copy, "frus-test", "frus", tmp_path / "raw.txt")
    meta = copy / "sources" / "frus-test" / "source.yaml"
    digest = meta.read_text(encoding="utf-8").split("sha256: ")[1].split("\n")[0]
    text = (FIXTURES / "source.yaml").read_text(encoding="utf-8")
    for key, value in {"SLUG": "frus-test", "SHA256": digest, "PROFILE": "frus", "LABEL": "Test",
                       "OPTIONS": f"{{first_page: 190, lone_bullet_is_subject: {as_subject}}}"}.items():
        text = text.replace(key, value)
    meta.write_text(text, encoding="utf-8")
    doc = build_documents(load_edition(copy)[1])["frus-test"]
    assert [b.kind for b in doc.blocks if b.kind in ("subject", "list", "participants")] == kinds
