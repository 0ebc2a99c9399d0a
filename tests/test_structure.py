"""Structure of the reading texts (issue 19, kind 8): a paragraph a page break cut in two is
one paragraph again, with the old anchor of its second half resolving; the cards' bullets
typed with a no-break space are list items; the memorandum's first folio, which the
typescript does not carry, is inferred. Each on the real texts."""

from __future__ import annotations

import re

import pytest

from conftest import parsed
from edition import anchors, pdf
from edition.audit import fold
from edition.model import block_text
from edition.profiles.cards import NBSP_BULLET, bullet
from edition.profiles.common import JOIN

ZUBOK = "zubok-failed-empire-ch4"
CARDS = "thaw-revision-notes"
MEMCON = "vienna-memcon-1961-06-03-1245"

# The second half of Zubok's cut paragraph, as published at #p-14 (edition 0.3.0).
OLD_P14 = "across Russia drank to his health the glasses filled to the brim with village moonshine."


def test_the_muzhiks_sentence_is_one_paragraph_and_p14_an_alias_of_it(root, documents):
    doc = documents[ZUBOK]
    joined = doc.paragraph("p-13")
    assert "Malenkov became their favorite leader since Lenin, as muzhiks across Russia drank" in block_text(joined)
    assert [s for s in joined.spans if s.kind == "emphasis" and joined.text[s.start:s.end] == "muzhiks"]
    assert joined.line == 43  # raw 43, then (after the blank line of the page break) raw 45
    # No later paragraph is renumbered: ¶ 14 is gone, ¶ 15 follows ¶ 13.
    ids = [b.id for b in doc.paragraphs()]
    assert "p-14" not in ids and ids[ids.index("p-13") + 1] == "p-15"
    assert ids[ids.index("p-13") + 1:] == [f"p-{n}" for n in range(15, len(ids) + 2)]
    # #p-14 resolves, in the manifest and in the document, to the paragraph holding its text.
    manifest = anchors.load_manifest(root)[ZUBOK]
    assert manifest["aliases"]["p-14"] == "p-13"
    assert fold(OLD_P14) in fold(block_text(doc.paragraph(manifest["aliases"]["p-14"])))
    # The apparatus records the join among the page-broken paragraphs, with its words.
    assert ("as *muzhiks* ‖ across Russia", "as muzhiks across Russia") in doc.record.fixer_examples[JOIN]


def test_the_apparatus_counts_and_shows_every_join(root, documents):
    """Each page-broken paragraph joined is counted once and shown (the CIA paper's count
    had left out the joins before a heading whose page mark is set apart)."""
    for slug, doc in documents.items():
        examples = doc.record.fixer_examples.get(JOIN, [])
        assert doc.record.fixer_counts.get(JOIN, 0) == len(examples), slug
        assert all("‖" in raw and "‖" not in read for raw, read in examples), slug
    assert len(documents[ZUBOK].record.fixer_examples[JOIN]) == 24
    page = (root / "docs" / "texts" / ZUBOK / "apparatus" / "index.md").read_text(encoding="utf-8")
    assert "<code>as &#42;muzhiks&#42; ‖ across Russia</code> → <code>as muzhiks across Russia</code>" in page


@pytest.mark.site
def test_the_page_resolves_p14_inside_the_joined_paragraph(site):
    page = parsed(site / "texts" / ZUBOK / "index.html")
    alias = page.select_one("#p-14")
    assert alias is not None and "anchor-alias" in alias.get("class", [])
    holder = alias.find_parent(class_="para")
    assert holder["id"] == "p-13" and fold(OLD_P14) in fold(holder.get_text())
    # A handout takes the old number too, and a range runs over the join.
    text_page = pdf.load_page(site, ZUBOK)

    def chosen(spec: str) -> list[str]:
        html = pdf.handout_html(text_page, *pdf.parse_paragraphs(spec), notes=False)
        return [p["id"] for p in pdf.BeautifulSoup(html, "html.parser").select(".para[id^='p-']")]

    assert chosen("14") == ["p-13"] and chosen("12-15") == ["p-12", "p-13", "p-15"]


# The raw lines of the cards whose bullet hyphen is followed by a no-break space (issue 19).
NBSP_BULLET_LINES = [11, 16, 37, 41, 53, 72, 79, 134]


def test_the_cards_bullets_with_a_no_break_space_are_list_items(texts, documents):
    raw = texts[CARDS].raw.split("\n")
    found = [n for n, line in enumerate(raw, 1) if (b := bullet(line)) and b[1]]
    assert found == NBSP_BULLET_LINES
    doc = documents[CARDS]
    items = [item.text for block in doc.blocks if block.kind == "list" for item in block.items]
    for number in NBSP_BULLET_LINES:  # the item as typed, or as corrected ("Committment")
        typed = bullet(raw[number - 1])[0].strip()
        assert [item for item in items if anchors.same_passage(typed, item)], (number, typed)
    assert not [b.text for b in doc.blocks if b.kind != "list" and re.match(r"[-‐‑–]", b.text)]
    assert doc.record.fixer_counts[NBSP_BULLET] == len(NBSP_BULLET_LINES)


def test_the_memorandums_first_page_number_is_inferred(documents):
    pages = [(s.attrs["n"], s.attrs["inferred"]) for b in documents[MEMCON].blocks for s in b.of("page")]
    assert pages[0] == (1, True)
    assert all(not inferred for _, inferred in pages[1:])  # "-2-" onwards are typed folios


@pytest.mark.site
def test_the_memorandums_first_page_is_shown_and_encoded_as_inferred(site):
    page = parsed(site / "texts" / MEMCON / "index.html")
    marker = page.select_one("a.page-marker#page-1")
    assert "inferred" in marker["class"] and marker.get_text() == "[1]"
    assert "inferred" not in page.select_one("a.page-marker#page-2")["class"]
    tei = (site / "texts" / MEMCON / f"{MEMCON}.xml").read_text(encoding="utf-8")
    assert re.search(r'<pb n="1"[^>]*type="inferred"', tei) and not re.search(r'<pb n="2"[^>]*inferred', tei)


@pytest.mark.site
def test_every_list_of_the_model_is_a_list_on_the_page(site, documents):
    """A list block is a list in the built page, items and all, old anchors included: an
    alias anchor written inline before the items once made them one paragraph of "- " lines
    (the cards' merged ¶ 2, 4, 11, 15, 36), green in the model and wrong on the page."""
    from edition_texts import SLUGS

    for slug in SLUGS:
        page = parsed(site / "texts" / slug / "index.html")
        for block in documents[slug].blocks:
            if block.kind != "list":
                continue
            element = page.select_one(f"#{block.id}")
            assert len(element.select("li")) == len(block.items), (slug, block.id)
            assert not [p for p in element.select("p") if re.match(r"\s*[-‐‑–] ", p.get_text())], (slug, block.id)
