"""The people index: a register, every mention linked (first per paragraph), a page per person
with backlinks, an A-Z index, and a lint that fails on an unregistered name."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from bs4 import BeautifulSoup

from edition.annotate.people import lint_edition, load_register, mark_people
from edition.render.inline import markdown
from edition.errors import EditionError


@pytest.fixture(scope="module")
def people(root, texts):
    return load_register(root, list(texts))


@pytest.fixture(scope="module")
def linked(documents, people):
    """Each document with its mentions linked, and all mentions."""
    docs = copy.deepcopy(documents)
    mentions = []
    for slug, doc in docs.items():
        mentions += mark_people(doc, slug, people)
    return docs, mentions


def md(block) -> str:
    """A block (or an Inline) as the renderer writes it."""
    parts = block.parts() if hasattr(block, "parts") else [block]
    return " ".join(markdown(part) for part in parts)


def links_in(text: str) -> list[tuple[str, str]]:
    return re.findall(r"\[([^\]]+)\]\(\.\./people/([a-z-]+)\.md", text)


def test_register_ids_unique_and_every_person_has_a_page(root, people):
    ids = [p["id"] for p in people]
    assert len(ids) == len(set(ids)) and len(ids) >= 90
    for person_id in ids:
        assert (root / "docs" / "people" / f"{person_id}.md").exists()


def test_every_registered_person_is_mentioned(people, linked):
    _, mentions = linked
    assert {p["id"] for p in people} == {m.person for m in mentions}


def test_namesakes_kept_apart(linked):
    docs, _ = linked
    memcon_header = str(docs["vienna-memcon-1961-06-03-1245"].header)
    assert "bohlen-charles" in memcon_header and "bohlen-avis" not in memcon_header
    cia = " ".join(md(b) for b in docs["cia-anti-party-group-1962"].blocks)
    assert ("Avis Bohlen", "bohlen-avis") in links_in(cia)
    assert "bohlen-charles" not in cia


def test_title_aliases_are_scoped_per_text(linked):
    docs, _ = linked
    memcon = docs["vienna-memcon-1961-06-03-1245"]
    assert links_in(md(memcon.paragraphs()[0]))[0] == ("The President", "kennedy-john")
    cia = " ".join(md(b) for b in docs["cia-anti-party-group-1962"].blocks)
    assert ("first secretary", "khrushchev-nikita") in [(f.replace("the ", ""), p) for f, p in links_in(cia)]
    zubok = " ".join(md(b) for b in docs["zubok-failed-empire-ch4"].blocks)
    assert "kennedy-john" not in {p for _, p in links_in(zubok) if _ == "the President"}
    frus = docs["frus-1961-63-v24-d107"]
    assert ("the Austrian President", "scharf-adolf") in links_in(" ".join(md(b) for b in frus.blocks))


def test_first_mention_in_each_paragraph_is_linked_and_headings_are_not(linked):
    docs, mentions = linked
    for slug, doc in docs.items():
        for block in doc.blocks:
            if block.kind == "heading":
                assert not block.of("person"), slug
        paragraphs = {b.id: b for b in doc.paragraphs()}
        for m in mentions:
            if m.slug == slug and m.anchor in paragraphs:
                block = paragraphs[m.anchor]
                text = md(block)
                assert m.person in {p for _, p in links_in(text)}, (slug, m.anchor, m.person)


def test_link_title_is_the_identification(root):
    page = (root / "docs/texts/frus-1961-63-v24-d107.md").read_text(encoding="utf-8")
    assert re.search(r'\(\.\./people/lippmann-walter\.md "Lippmann, Walter: [^"]+"\)', page)


def test_people_lint_is_clean_and_catches_an_unregistered_name(root, documents, people):
    assert lint_edition(root, documents, people) == []
    without = [p for p in people if p["id"] != "bulganin-nikolai"]
    messages = lint_edition(root, documents, without)
    message = next(m for m in messages if "'Bulganin'" in m and " P201 " in m)
    path, line = message.split(": P201")[0].rsplit(":", 1)  # the source, not the generated page
    assert path.startswith("sources/") and path.endswith("/raw.txt")
    assert "Bulganin" in (root / path).read_text(encoding="utf-8").split("\n")[int(line) - 1]


def test_unknown_person_in_register_text_is_an_error(root, tmp_path, texts):
    register = yaml.safe_load((root / "sources" / "people.yaml").read_text(encoding="utf-8"))
    register[0]["texts"].append("no-such-text")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "people.yaml").write_text(yaml.safe_dump(register), encoding="utf-8")
    with pytest.raises(EditionError) as info:
        load_register(tmp_path, list(texts))
    assert info.value.code == "P103" and "no-such-text" in info.value.message


def test_unknown_person_id_is_an_error_naming_file_and_line(root, tmp_path, texts):
    text = (root / "sources" / "people.yaml").read_text(encoding="utf-8")
    text = text.replace("distinct_from: [bohlen-avis]", "distinct_from: [bohlen-avid]")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "people.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(EditionError) as info:
        load_register(tmp_path, list(texts))
    assert info.value.code == "P104" and "'bohlen-avid'" in info.value.message
    assert text.splitlines()[info.value.line - 1] == "- id: bohlen-charles"


def test_person_page_groups_mentions_by_text_with_anchors(site):
    soup = BeautifulSoup((site / "people" / "pervukhin-mikhail" / "index.html").read_text(encoding="utf-8"), "html.parser")
    headings = [h.get_text() for h in soup.select("article h3")]
    assert any(h.startswith("CIA") for h in headings)
    hrefs = [a["href"] for a in soup.select("article li a")]
    assert any(h.startswith("../../texts/cia-anti-party-group-1962/#p-") for h in hrefs)
    assert soup.select_one("article li strong").get_text() == "Pervukhin"


def test_index_is_a_to_z_with_counts(site):
    soup = BeautifulSoup((site / "people" / "index.html").read_text(encoding="utf-8"), "html.parser")
    letters = [h.get_text().strip("¶ ").strip() for h in soup.select("article h2")]
    assert letters == sorted(letters) and "K" in letters
    row = next(tr for tr in soup.select("tr") if "Khrushchev, Nikita" in tr.get_text())
    counts = [td.get_text() for td in row.select("td")[2:]]
    assert all(c.isdigit() and int(c) > 0 for c in counts)  # he is in all five texts
