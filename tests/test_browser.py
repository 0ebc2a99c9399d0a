"""In a real browser (headless Chromium driven by Playwright, against the built site served on
localhost): a cold deep link lands on its paragraph, and the citation tools work.

The browser is Debian's chromium; where it is missing the tests skip, unless
EDITION_REQUIRE_BROWSER is set (as CI sets it), when they fail.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading

import re

import pytest


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM:
    if os.environ.get("EDITION_REQUIRE_BROWSER"):
        raise RuntimeError("EDITION_REQUIRE_BROWSER is set but no chromium is installed")
    pytest.skip("no chromium on this machine", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(site):
    site_dir = site
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # the test output is for the tests
            pass

    handler = functools.partial(Quiet, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_cold_deep_link_lands_on_paragraph(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/texts/zubok-failed-empire-ch4/#p-40")
    page.wait_for_load_state("networkidle")
    box = page.locator("#p-40").bounding_box()
    assert page.evaluate("window.scrollY") > 1000
    assert 0 <= box["y"] < 200  # the paragraph is at the top of the viewport
    assert errors == []
    page.close()


def test_page_deep_link_lands_on_marker(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/texts/vienna-memcon-1961-06-03-1245/#page-4")
    page.wait_for_load_state("networkidle")
    box = page.locator("#page-4").bounding_box()
    assert 0 <= box["y"] < 300
    page.close()


def test_copy_citation_gives_paragraph_and_page(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/texts/vienna-memcon-1961-06-03-1245/")
    page.wait_for_load_state("networkidle")
    title = page.locator("#p-8 .para-tools button").nth(1).get_attribute("title")
    assert "¶ 8" in title and "original p. 3" in title
    assert title.endswith("/texts/vienna-memcon-1961-06-03-1245/#p-8.")
    # the author of the original, the edition, its version and a human date (issue c16)
    assert title.startswith("US Department of State, “Vienna Meeting Between The President")
    assert ",” in Thaw and Coexistence, version " in title and re.search(r"\b[A-Z][a-z]+ \d{1,2}, \d{4}, ¶ 8", title)
    page.goto(f"{server}/texts/cia-anti-party-group-1962/")
    page.wait_for_load_state("networkidle")
    title = page.locator("#p-5 .para-tools button").nth(1).get_attribute("title")
    assert title.startswith("Avis Bohlen, “Khrushchev and the ‘Anti-Party Group’ (1953–1957),” in ")  # nested quotes
    link = page.locator("#p-8 .para-tools button").nth(0).get_attribute("title")
    assert link.endswith("#p-8")
    page.close()


from edition_texts import SLUGS  # noqa: E402  (the texts of sources/edition.yaml)

PAGES = ["", "about/", "adding-a-text/", "changelog/", "releases/", "people/", "people/khrushchev-nikita/", "glossary/",
         "timeline/"] + [f"texts/{slug}/" for slug in SLUGS]
# The website's handout pages, written by the build beside each text page (issue 17).
HANDOUTS = [f"texts/{slug}/handout.html" for slug in SLUGS]


def test_every_page_loads_without_console_errors(server, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    for path in PAGES + HANDOUTS:
        errors.clear()
        response = page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert errors == [], (path, errors)
    page.close()


def test_footnote_tooltip_opens(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/texts/frus-1961-63-v24-d107/")
    page.wait_for_load_state("networkidle")
    page.locator("sup[id^='fnref'] a").nth(1).hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5000)
    assert "At the earlier luncheon meeting" in tooltip.text_content()
    page.close()


def test_search_finds_pervukhin(server, browser):
    """Search as a reader does it, with either engine (their search boxes and results are
    marked up differently): the keyboard shortcut "/" opens it, the query is typed, and a
    result is a visible link to the CIA text that shows the word."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/")
    page.wait_for_load_state("networkidle")
    result = page.locator("a[href*='texts/cia-anti-party-group-1962/']:visible", has_text="Pervukhin")
    assert result.count() == 0
    page.keyboard.press("/")
    page.keyboard.type("Pervukhin", delay=30)
    result.first.wait_for(state="visible", timeout=10000)
    page.close()


def test_print_emulation_hides_navigation(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/texts/vienna-memcon-1961-06-03-1245/")
    page.wait_for_load_state("networkidle")
    assert page.locator(".md-sidebar--primary").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator("#p-1").is_visible() and page.locator("#page-4").is_visible()
    page.close()


def axe_violations(axe, page) -> list:
    """The WCAG 2.1 A/AA violations axe finds on the page as it is: rule and first places."""
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_wcag21_aa(server, browser, scheme):
    """axe-core (bundled by axe-playwright-python) finds no WCAG 2.1 A/AA violation."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    axe = axe_module.Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
        violations = axe_violations(axe, page)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}


def test_person_link_leads_to_person_page(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/texts/frus-1961-63-v24-d107/")
    page.wait_for_load_state("networkidle")
    link = page.locator("#p-1 a.person", has_text="Humphrey").first
    assert "Humphrey, Hubert H." in link.get_attribute("title")
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/people/humphrey-hubert/")
    assert page.locator("article h1").text_content().strip().startswith("Hubert")
    page.close()


def test_glossary_gloss_shows_on_hover_and_on_a_click(root, server, browser):
    """A term of the glossary in a reading text carries its gloss as its title (the
    browser's tooltip on hover) and shows it in a box on a click (reading.js)."""
    from edition.annotate.glossary import load_glossary

    (gloss,) = [entry.gloss for entry in load_glossary(root) if "plenum" in entry.forms]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/texts/cia-anti-party-group-1962/")
    page.wait_for_load_state("networkidle")
    tip = page.locator("#edition-tip")
    assert tip.count() == 0
    term = page.locator("#p-4 abbr", has_text="plenum").first
    assert term.get_attribute("title") == gloss
    term.scroll_into_view_if_needed()
    term.click()
    tip.wait_for(state="visible", timeout=5000)
    assert tip.text_content() == gloss
    page.close()


def test_see_also_link_leads_to_the_other_passage(server, browser):
    """From the end of the 12:45 memorandum, "Continued in" leads to the first paragraph of
    the talk after lunch, at the top of the viewport; the way back is beside it."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{server}/texts/vienna-memcon-1961-06-03-1245/#p-21")
    page.wait_for_load_state("networkidle")
    page.locator(".reading-switch").click()  # the text alone by default: the aids shown
    page.locator("#p-21 ~ aside.see-also a.crossref[href$='/frus-1961-63-v24-d107/#p-1']").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/texts/frus-1961-63-v24-d107/#p-1")
    top = page.locator("#p-1").bounding_box()["y"]
    assert 0 <= top < 200
    assert page.locator("#p-1 + aside.see-also a.crossref[href$='/vienna-memcon-1961-06-03-1245/#p-21']").count() == 1
    page.close()
