"""The reading view in a real browser (issue 17, points 1-3): the switch between the text alone
and its aids, remembered; the paragraph numbers on phones, as the control for link and
citation by touch and keyboard; nothing wider than a phone; copying; the target and an
unknown anchor; the handout printed by Chromium, every sheet with title, citation and
address. Uses the server and browser of test_browser.py (Debian's Chromium)."""

from __future__ import annotations

import io
import os
import re

import pytest
from bs4 import BeautifulSoup

from test_browser import PAGES, axe_violations, browser, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

CIA = "texts/cia-anti-party-group-1962/"
TEXTS = [path for path in PAGES if path.startswith("texts/")]


def opened(browser, url, width=1366, height=900, **options):
    page = browser.new_page(viewport={"width": width, "height": height}, **options)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def test_the_text_alone_then_the_aids_remembered_across_reload(server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/{CIA}")
    page.wait_for_load_state("networkidle")
    aside = page.locator("aside.see-also").first
    assert not aside.is_visible() and page.locator("details.raw-ocr").first.is_hidden()
    switch = page.locator(".reading-switch")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.click()
    assert aside.is_visible()
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.locator("aside.see-also").first.is_visible()
    assert page.locator(".reading-switch").get_attribute("aria-pressed") == "true"
    page.locator(".reading-switch").click()
    page.reload()
    page.wait_for_load_state("networkidle")
    assert not page.locator("aside.see-also").first.is_visible()
    context.close()


def first_paragraph_top(browser, url, view, scripts=True):
    """Where ¶ 1 stands on a phone, with the page's scripts run or not (the view's line in the
    head runs either way, as it does before a phone has loaded the scripts)."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    context.add_init_script(f"localStorage.setItem('edition-reading', '{view}')")
    if not scripts:
        context.route(re.compile(r".*\.js(\?.*)?$"), lambda route: route.abort())
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    top = page.locator("#p-1").bounding_box()["y"]
    context.close()
    return top


@pytest.mark.parametrize("view", ["text", "aids"])
def test_nothing_moves_when_the_scripts_start(server, browser, view):
    """On a phone the page is drawn before its scripts have run: ¶ 1 stands where it will
    stay (Lighthouse counted the shift when the script put the switch in)."""
    url = f"{server}/{CIA}"
    assert first_paragraph_top(browser, url, view) == first_paragraph_top(browser, url, view, scripts=False)


def test_the_first_paragraph_is_on_the_first_screen_of_a_phone(server, browser):
    page = opened(browser, f"{server}/{CIA}", 390, 844)
    assert page.locator("#p-1").bounding_box()["y"] < 844
    assert not page.locator("details.text-meta").get_attribute("open") is not None
    page.close()


@pytest.mark.parametrize("width", [360, 390, 414])
def test_paragraph_numbers_are_inside_the_screen(server, browser, width):
    outside = {}
    for path in TEXTS:
        page = opened(browser, f"{server}/{path}", width, 800)
        boxes = page.eval_on_selector_all(".para-num", """els => els.map(e => {
            const r = e.getBoundingClientRect();
            return [e.textContent, r.left, r.right, e.scrollWidth <= e.clientWidth]; })""")
        assert boxes, path
        bad = [n for n, left, right, fits in boxes if left < 0 or right > width or not fits]
        if bad:
            outside[path] = bad[:5]
        page.close()
    assert outside == {}


@pytest.mark.parametrize("width", [390, 1366])
def test_the_paragraph_numbers_are_drawn_and_answer_a_click(server, browser, width):
    """The browser draws only the paragraphs near the screen, each within its box: the
    number in the margin must be inside that box, or it is clipped away (visible to the
    page's script, but not drawn nor clickable)."""
    page = opened(browser, f"{server}/{CIA}", width, 900)
    for n in ("1", "12", "40"):
        # Scrolled to as a reader gets there: the paragraphs drawn on the way take their real
        # height (off screen they count as 12em), so the first scroll may fall short.
        for _ in range(5):
            page.evaluate("(n) => document.getElementById(`p-${n}`).scrollIntoView({block: 'center'})", n)
            page.wait_for_timeout(150)
            box = page.locator(f"#p-{n} > .para-num").bounding_box()
            if 0 <= box["y"] and box["y"] + box["height"] <= 900:
                break
        hit = page.evaluate("""(n) => {
            const button = document.querySelector(`#p-${n} > .para-num`), box = button.getBoundingClientRect();
            return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) === button;
        }""", n)
        assert hit, (width, n)
    page.close()


def test_nothing_is_wider_than_a_phone(server, browser):
    """At 390 px no page scrolls sideways, and no element reaches past the screen unless it
    sits in a box of its own that scrolls (Material's table wrapper)."""
    wide = {}
    for path in PAGES:
        page = opened(browser, f"{server}/{path}", 390, 844)
        found = page.evaluate("""() => {
            const vw = document.documentElement.clientWidth, out = [];
            if (document.documentElement.scrollWidth > vw) out.push('page ' + document.documentElement.scrollWidth);
            for (const e of document.querySelectorAll('article *')) {
              const r = e.getBoundingClientRect();
              if (r.width === 0 || r.right <= vw + 1) continue;
              let boxed = false;
              for (let a = e.parentElement; a && a.tagName !== 'ARTICLE'; a = a.parentElement) {
                const o = getComputedStyle(a).overflowX;
                if (o === 'auto' || o === 'scroll' || o === 'hidden') { boxed = true; break; }
              }
              if (!boxed) out.push(e.tagName + '.' + e.className);
            }
            return out.slice(0, 5); }""")
        if found:
            wide[path] = found
        page.close()
    assert wide == {}


def test_the_keyboard_reaches_the_link_and_citation_of_a_paragraph(server, browser):
    page = opened(browser, f"{server}/{CIA}")
    number = page.locator("#p-10 .para-num")
    number.focus()
    page.keyboard.press("Enter")
    tools = page.locator("#p-10 .para-tools")
    assert tools.is_visible()
    assert page.evaluate("document.activeElement.closest('.para-tools') !== null")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#p-10"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert "¶ 10" in page.evaluate("document.activeElement.title")  # copy citation
    page.keyboard.press("Escape")
    assert not tools.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('para-num')")
    page.close()


def test_a_tap_on_the_number_opens_its_menu(server, browser):
    page = opened(browser, f"{server}/{CIA}", 390, 844, has_touch=True, is_mobile=True)
    page.locator("#p-3 .para-num").tap()
    assert page.locator("#p-3 .para-tools").is_visible()
    assert page.locator("#p-4 .para-tools").is_hidden()  # the other menus take no room
    page.close()


def test_a_tap_on_a_glossary_mark_shows_its_definition_inside_the_screen(server, browser):
    """A phone shows no title on hover: the tap shows it, a second tap or a tap elsewhere
    hides it."""
    page = opened(browser, f"{server}/{CIA}", 390, 844, has_touch=True, is_mobile=True)
    mark = page.locator(".para abbr[title]").nth(3)
    mark.scroll_into_view_if_needed()
    mark.tap()
    tip = page.locator("#edition-tip")
    assert tip.is_visible() and tip.text_content() == mark.get_attribute("title")
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    mark.tap()
    assert tip.is_hidden()
    mark.tap()
    page.locator("h1").tap()
    assert tip.is_hidden()
    page.close()


def test_copied_text_has_paragraph_numbers_and_no_control_labels(server, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    page.goto(f"{server}/{CIA}")
    page.wait_for_load_state("networkidle")
    page.locator("#p-10 .para-num").click()  # an open menu is not copied either
    page.evaluate("""() => { const r = document.createRange();
        r.setStartBefore(document.getElementById('p-10'));
        r.setEndAfter(document.getElementById('p-11'));
        const s = getSelection(); s.removeAllRanges(); s.addRange(r); }""")
    page.keyboard.press("Control+C")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("¶ 10 In any event,") and "\n\n¶ 11 Since" in text
    assert not re.search(r"copy link|copy citation|link to ¶|copied", text)
    context.close()


def test_the_target_paragraph_is_highlighted_and_an_unknown_one_reported(server, browser):
    page = opened(browser, f"{server}/{CIA}#p-10")
    target = page.locator("#p-10")
    assert "is-target" in target.get_attribute("class")
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("#p-11").evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.locator(".anchor-notice").count() == 0
    page.goto(f"{server}/{CIA}#p-999")
    page.wait_for_load_state("networkidle")
    notice = page.locator(".anchor-notice")
    assert notice.is_visible() and "no ¶ 999" in notice.text_content() and "¶ 1–71" in notice.text_content()
    page.close()


@pytest.mark.parametrize("section", ["apparatus-corrections", "apparatus-fixers", "apparatus-furniture"])
def test_an_old_link_into_the_apparatus_leads_to_its_page(server, browser, section):
    """The apparatus has a page of its own; the anchors of its sections, published on the
    text page, still land there, on a visible line whose link opens that section."""
    page = opened(browser, f"{server}/{CIA}#{section}", 390, 844)
    assert page.locator(f"#{section}").is_visible() and page.locator(".anchor-notice").count() == 0
    page.locator(f"#{section} a").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/{CIA}apparatus/#{section}")
    assert page.locator(f"h2#{section}").is_visible()
    page.close()


def printed_pages(page) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    return [sheet.extract_text() for sheet in reader.pages]


def squeezed(text: str) -> str:
    """Text without its spaces and line breaks (a margin box breaks its lines anywhere)."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("slug, first, last, notes", [
    ("cia-anti-party-group-1962", 10, 20, False),
    ("frus-1961-63-v24-d107", 1, 12, True),
])
def test_a_handout_made_on_the_page_prints_its_source_on_every_sheet(site, server, browser, slug, first, last, notes):
    """The "Make a handout" form of the text page leads to the handout of the paragraphs
    chosen; printed by Chromium, every sheet carries the title, the citation and the stable
    address; the paragraphs are those chosen, with their original pages and (on request)
    their notes, as `edition handout` makes them (the one handout logic, pdf.handout_html)."""
    from edition import pdf

    page = opened(browser, f"{server}/texts/{slug}/")
    form = page.locator("form.handout-form")
    assert form.is_visible() and page.locator("a.pdf-download, .downloads a[download]").first.is_visible()
    form.locator("input[name=from]").fill(str(first))
    form.locator("input[name=to]").fill(str(last))
    if not notes:
        form.locator("input[name=notes]").uncheck()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert re.search(rf"/texts/{slug}/handout\.html\?from={first}&to={last}", page.url)

    text_page = pdf.load_page(site, slug)
    made = BeautifulSoup(pdf.handout_html(text_page, first, last, notes), "html.parser")
    title = made.select_one("h1").get_text().strip()
    url = text_page.cite["url"]
    citation = f"{text_page.cite['head']}, ¶ {first}–{last}"
    assert page.locator(".handout-extent").text_content() == made.select_one(".handout-extent").get_text()
    shown = page.eval_on_selector_all(".handout-text .para[data-p]", "els => els.filter(e => !e.hidden).map(e => e.dataset.p)")
    assert shown == [str(n) for n in range(first, last + 1)]
    notes_shown = page.eval_on_selector_all(".handout-note", "els => els.filter(e => !e.hidden).map(e => e.id)")
    assert notes_shown == [note["id"] for note in made.select(".handout-note")]
    assert bool(notes_shown) == notes

    sheets = printed_pages(page)
    assert len(sheets) >= 2
    for number, sheet in enumerate(sheets, 1):
        for needed in (title, citation, url):
            assert squeezed(needed) in squeezed(sheet), (number, needed)
    addresses = re.findall(r"¶(\d+):" + re.escape(url), squeezed(" ".join(sheets)))
    assert addresses == [str(n) for n in range(first, last + 1)]
    page.close()


def test_a_handout_range_outside_the_text_is_refused(server, browser):
    page = opened(browser, f"{server}/{CIA}handout.html?from=70&to=80")
    assert page.locator(".handout-error").is_visible()
    assert "¶ 1–71" in page.locator(".handout-error").text_content()
    assert not page.locator("article.handout").is_visible()
    page.close()


def test_the_missing_page_leads_to_the_texts(server, browser):
    page = browser.new_page()
    response = page.goto(f"{server}/404.html")
    assert response.status == 200
    names = page.eval_on_selector_all(".not-found-texts a", "els => els.map(e => e.textContent)")
    if os.environ.get("EDITION_ENGINE") == "zensical":  # no navigation on its 404 page
        assert names == [] and page.locator("a.not-found-home").get_attribute("href").endswith("#the-texts")
        assert "stable" in page.text_content("article")
        return page.close()
    nav = opened(browser, f"{server}/")
    titles = nav.eval_on_selector_all(".md-nav--primary .md-nav__item--section .md-nav__link",
                                      "els => els.map(e => e.textContent.trim())")
    assert names and all(name in titles for name in names)
    assert "stable" in page.text_content("article")
    nav.close()
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_accessibility_with_the_aids_and_a_menu_open_and_of_the_handout(server, browser, scheme):
    """axe (as test_browser.py runs it on the default view) finds no WCAG 2.1 A/AA violation
    on the text pages with the aids shown and a paragraph's menu open, nor on a handout."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    for path in [*TEXTS, f"{CIA}handout.html?from=10&to=20&notes=1"]:
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
        if "handout" not in path:
            if page.locator(".reading-switch").get_attribute("aria-pressed") == "false":
                page.locator(".reading-switch").click()
            page.locator(".para-num").first.click()
            # The click scrolls; the theme's header then fades its title in (250 ms), which
            # axe would measure half-faded.
            page.wait_for_timeout(600)
        violations = axe_violations(axe, page)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}
