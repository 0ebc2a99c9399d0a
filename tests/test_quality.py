"""Links, determinism and bad input: the built site has no broken internal link or anchor,
two clean builds are identical, and hostile or broken sources fail safely."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import markdown
import pytest

from edition.contexts import Connections, SiteContext
from edition.linkcheck import check_site
from edition.model import Document
from edition.profiles import cards
from edition.search import BUNDLE, html_pages, site_texts, write_index
from edition.render.markdown import render_text
from edition.site import build_site
from edition.sources import Text

ROOT = Path(__file__).resolve().parent.parent
BASE_PATH = "/thaw-edition/"  # the path of site_url in mkdocs.yml


@pytest.mark.pdf  # the text pages link their PDFs
def test_no_broken_internal_link_or_anchor(site):
    checked, broken = check_site(site, BASE_PATH)
    assert checked > 400
    assert [str(b) for b in broken] == []


@pytest.mark.pdf  # a copy of the whole site, checked
def test_link_checker_finds_a_missing_anchor(site, tmp_path):
    site = shutil.copytree(site, tmp_path / "site")
    page = site / "about" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", '<a href="../texts/frus-1961-63-v24-d107/#p-999">x</a><a href="../nowhere/">y</a></article>'),
        encoding="utf-8")
    _, broken = check_site(site, BASE_PATH)
    assert {(b.page, b.href) for b in broken} == {
        ("about/index.html", "../texts/frus-1961-63-v24-d107/#p-999"), ("about/index.html", "../nowhere/")}


def _differences(cmp: filecmp.dircmp, prefix: str = "") -> list[str]:
    out = [prefix + name for name in cmp.diff_files + cmp.left_only + cmp.right_only]
    for name, sub in cmp.subdirs.items():
        out += _differences(sub, f"{prefix}{name}/")
    return out


@pytest.mark.pdf
def test_two_clean_builds_are_identical(site, tmp_path):
    """Byte for byte, PDFs included. (The sitemap's <lastmod> and the fonts' `head.modified`
    would carry the build time: the build pins every timestamp to the release date.)"""
    second = tmp_path / "site"
    build_site(ROOT, second)
    cmp = filecmp.dircmp(site, second)
    assert _differences(cmp) == []


def test_the_search_index_does_not_follow_the_order_the_pages_were_written_in(site, tmp_path):
    """Pagefind numbers the pages in the order they are added, and the numbers are in its
    files. Its own directory walk would add them in the order the file system lists them,
    which on some (tmpfs, for one) is the order they were written in:
    the same pages written forwards and backwards must give the same bundle."""
    pages, texts = html_pages(site), site_texts(site)[:1]
    bundles = []
    for name, order in (("forwards", pages), ("backwards", pages[::-1])):
        copy = tmp_path / name
        for page in order:
            (copy / page).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site / page, copy / page)
        write_index(copy, texts)
        bundles.append(copy / BUNDLE)
    assert len(pages) > 100
    assert _differences(filecmp.dircmp(*bundles)) == []


def _card_text(raw: str) -> Text:
    meta = {"slug": "test", "profile": "cards", "title": "T", "short_title": "T", "summary": "s",
            "creator": "c", "date_display": "d", "place": "p", "type": "t", "publisher": None,
            "container": {"title": None, "part": None}, "archive": None, "identifiers": {}, "identification_note": "i",
            "witness": "w", "rights": "r",
            "citation": {"note": "n", "bibliography": "b", "apa": "a", "csl": {"type": "document", "title": "T"}}}
    return Text(slug="test", raw=raw, meta=meta, folder=Path("sources/test"))


def test_raw_html_in_a_source_is_shown_as_text_never_executed():
    raw = ("Title\n\nCard title\n\n- a <script>alert('x')</script> bullet\n"
           "- <img src=x onerror=alert(1)> & <b>bold</b>\n\n1 of 1\n")
    doc: Document = cards.build(_card_text(raw))
    rel = {"version": "0", "date": "2026-01-01"}
    site = SiteContext(edition={"name": "E", "editors": "e", "base_url": "https://example.org/"},
                       changelog=(rel,), release=rel, titles={}, labels={})
    none = Connections(see_also={}, timeline=(), events={}, glossary=(), occurs={})
    page = render_text(_card_text(raw), doc, site, {}, none)
    body = page.split("---", 2)[2]
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "footnotes", "tables", "admonition"])
    assert "<script>alert" not in html and "<img" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert" in html or "&lt;script>alert" in html


@pytest.mark.pdf
def test_pdfs_are_identical_without_harfbuzz_subset(site, tmp_path, monkeypatch):
    """Without Debian's libharfbuzz-subset0 WeasyPrint subsets the fonts with fontTools, which
    stamps each font with the current time (`head.modified`) unless SOURCE_DATE_EPOCH is set
    in the process: two builds made at different times must still be identical."""
    import time

    import weasyprint.pdf.fonts

    from edition import pdf as pdf_module
    from edition import site as site_module

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    memcon = "vienna-memcon-1961-06-03-1245"
    # Only the PDF step of the build is under test: MkDocs' output is the session's site.
    monkeypatch.setattr(site_module, "run_mkdocs", lambda root, target: shutil.copytree(
        site, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.pdf")))
    monkeypatch.setattr(pdf_module, "text_pages", lambda site_dir: [site_dir / "texts" / memcon / "index.html"])
    real_time = time.time
    builds = []
    for offset in (0, 86_400):  # the second build a day later
        monkeypatch.setattr(time, "time", lambda: real_time() + offset)
        target = tmp_path / f"site-{offset}"
        build_site(ROOT, target)
        builds.append((target / "texts" / memcon / f"{memcon}.pdf").read_bytes())
    assert builds[0] == builds[1]
