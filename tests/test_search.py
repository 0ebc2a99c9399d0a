"""Search (Pagefind, scripts/edition/search.py), in Chromium against the site built for the
session: a result opens its paragraph; all words of a query must stand in one paragraph and a
quoted phrase matches as a phrase; a transliteration finds the person; what is only in the
raw OCR or the apparatus is not found; nothing of the index loads before the first query; the
search box has an accessible name.

The queries go through the search box as a reader types them; where a test needs every
result (not the first page of them), it asks Pagefind's API on the same page."""

from __future__ import annotations

import json
import re

import pytest

from edition.errors import EditionError
from edition.search import html_pages, paragraph_records, write_index
from test_browser import browser, server  # noqa: F401  (the fixtures: the site served, Chromium)

pytestmark = [pytest.mark.browser, pytest.mark.site]

CIA = "cia-anti-party-group-1962"
WORD = re.compile(r"[^\W\d_]{3,}")


def paragraphs(site, slug=CIA) -> dict[str, str]:
    text = json.loads((site / "texts" / slug / f"{slug}.json").read_text(encoding="utf-8"))
    return {p["id"]: p["text"] for p in text["paragraphs"]}


def search_box(browser, server, query: str, path: str = "texts/zubok-failed-empire-ch4/"):  # noqa: F811
    """A page with ``query`` typed into the search box, once its results are shown."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/{path}")
    page.get_by_role("searchbox", name="Search the texts and registers").fill(query)
    page.wait_for_selector(".edition-search__status")
    return page


def shown_links(page) -> list[str]:
    return page.eval_on_selector_all(".edition-search__results a", "links => links.map(a => a.href)")


def all_results(page, query: str) -> list[str]:
    """Every result's address for ``query``, from Pagefind's API (the page's search box has
    loaded it)."""
    return page.evaluate("""async query => {
        const bundle = document.querySelector("form.edition-search").dataset.bundle;
        const pagefind = await import(new URL(bundle, document.baseURI).href);
        const found = await pagefind.search(query);
        return Promise.all(found.results.map(async r => (await r.data()).url));
    }""", query)


def test_a_phrase_of_a_paragraph_finds_that_paragraph(browser, server, site):  # noqa: F811
    # ¶ 20 of the CIA paper: "... were very reticent in commenting on the cult of personality".
    assert "very reticent in commenting" in paragraphs(site)["p-20"]
    page = search_box(browser, server, '"very reticent in commenting"')
    links = shown_links(page)
    assert links and all(link.endswith(f"/texts/{CIA}/#p-20") for link in links), links
    title = page.locator(".edition-search__title").first.inner_text()
    assert title.startswith("Khrushchev and the “Anti-Party Group” (1953–1957), ¶ 20"), title
    page.locator(".edition-search__results a").first.click()
    page.wait_for_url(f"**/texts/{CIA}/#p-20")
    assert page.locator("#p-20").is_visible()
    # A phrase is a phrase: the same words in another order are in no paragraph.
    assert all_results(page, '"commenting in reticent very"') == []
    page.close()


def test_all_words_must_stand_in_one_paragraph(browser, server, site):  # noqa: F811
    texts = paragraphs(site)
    both = [pid for pid, t in texts.items() if "Molotov" in t and "Zhukov" in t]
    one = [pid for pid, t in texts.items() if "Molotov" in t and "Zhukov" not in t]
    assert both and one  # the real text has paragraphs of both kinds
    page = search_box(browser, server, "Molotov Zhukov")
    found = all_results(page, "Molotov Zhukov")
    cia = {url.rsplit("#", 1)[1] for url in found if f"/texts/{CIA}/#" in url}
    assert set(both) <= cia
    assert not cia & set(one)  # a paragraph with only one of the words is not returned
    for url in found:  # no result anywhere lacks a word (the other texts, the registers)
        if "/texts/" in url and "#p-" in url:
            slug, pid = re.search(r"/texts/([^/]+)/#(p-\w+)", url).groups()
            assert "Zhukov" in paragraphs(site, slug)[pid] and "Molotov" in paragraphs(site, slug)[pid]
    page.close()


def test_a_title_and_date_find_the_text(browser, server):  # noqa: F811
    page = search_box(browser, server, "Vienna 1961")
    top = [link.split("/texts/")[-1] for link in shown_links(page)[:3]]
    # "Memorandum of Conversation, Vienna, June 3, 1961 (After Lunch)"; "Vienna Meeting Between
    # The President and Chairman Khrushchev", June 3, 1961
    assert "frus-1961-63-v24-d107/" in top and "vienna-memcon-1961-06-03-1245/" in top, top
    assert page.locator(".edition-search__title").first.inner_text().startswith("Memorandum of Conversation, Vienna")
    page.close()


def test_a_transliteration_finds_the_person(browser, server):  # noqa: F811
    for form in ("Khrushchov", "Chruschtschow", "Хрущёв"):
        page = search_box(browser, server, form)
        assert any(link.endswith("/people/khrushchev-nikita/") for link in shown_links(page)), form
        page.close()


def indexed_words(site) -> set[str]:
    """Every word of what is indexed: the paragraphs of every text and the registers' pages."""
    words = set()
    for path in site.glob("texts/*/*.json"):
        if path.stem == path.parent.name:
            words |= {w.lower() for text in paragraphs(site, path.stem).values() for w in WORD.findall(text)}
    for path in site.rglob("*.html"):
        words |= {w.lower() for w in WORD.findall(path.read_text(encoding="utf-8"))} \
            if not path.relative_to(site).parts[0] in ("texts", "404.html", "pagefind") else set()
    return words


def only_in(html: str, indexed: set[str]) -> list[str]:
    """Words of ``html`` of which no indexed word starts with the first five letters (Pagefind
    matches stems and prefixes, so a near word would be found)."""
    stems = {w[:5] for w in indexed}
    return sorted({w for w in WORD.findall(html) if len(w) >= 7 and w.lower()[:5] not in stems})


def test_raw_ocr_and_apparatus_are_not_found(browser, server, site):  # noqa: F811
    html = (site / "texts" / CIA / "index.html").read_text(encoding="utf-8")
    raw = "".join(re.findall(r'<details class="raw-ocr">(.*?)</details>', html, re.S))
    apparatus = (site / "texts" / CIA / "apparatus" / "index.html").read_text(encoding="utf-8").split("<article", 1)[1]
    indexed = indexed_words(site)
    raw_only, apparatus_only = only_in(raw, indexed)[:3], only_in(apparatus, indexed)[:3]
    assert raw_only and apparatus_only, (raw_only, apparatus_only)
    for word in raw_only + apparatus_only:
        page = search_box(browser, server, word)
        assert page.inner_text(".edition-search__status") == f"Nothing found for {word}"
        assert shown_links(page) == []
        page.close()


def test_no_index_is_loaded_before_the_first_query(browser, server):  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 844})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    for path in ("", f"texts/{CIA}/", "people/khrushchev-nikita/", "glossary/"):
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "/pagefind/" in url]
    box = page.get_by_role("search", name="Search the edition").get_by_role("searchbox")
    assert box.is_visible()  # in the header, on a phone too
    box.fill("Vienna")
    page.wait_for_selector(".edition-search__status")
    assert [url for url in requests if url.endswith("/pagefind/pagefind.js")]
    page.close()


def test_records_are_paragraphs_of_the_reading_text(site):
    head, *records = paragraph_records(json.loads((site / "texts" / CIA / f"{CIA}.json").read_text(encoding="utf-8")))
    texts = paragraphs(site)
    assert head["url"] == f"texts/{CIA}/" and head["content"] == "Khrushchev and the “Anti-Party Group” (1953–1957). Avis Bohlen, 1962 (the preface speaks of “our five papers thus far in 1962”)"
    assert [r["url"] for r in records] == [f"texts/{CIA}/#{pid}" for pid in texts]
    assert [r["content"] for r in records] == list(texts.values())
    pages = html_pages(site)  # the text pages' HTML (raw OCR, apparatus, asides) is not read
    assert "people/khrushchev-nikita/index.html" in pages and not [p for p in pages if p.startswith("texts/")]


def test_pagefind_missing_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))
    with pytest.raises(EditionError) as raised:
        write_index(tmp_path, [])  # noqa
    assert raised.value.code == "B115" and "no-pagefind" in str(raised.value)
