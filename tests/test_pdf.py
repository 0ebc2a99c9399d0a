"""PDFs: the build writes one for every text, and `edition handout` prints chosen paragraphs.

The PDFs are read back with pypdf: their text, the paragraph numbers in the left margin, the
running header and footer, and the notes.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pypdf = pytest.importorskip("pypdf")

from edition import pdf  # noqa: E402
from edition.errors import EditionError  # noqa: E402
from edition.site import build_site  # noqa: E402

from edition_texts import SLUGS  # noqa: E402  (the texts of sources/edition.yaml)
FRUS = "frus-1961-63-v24-d107"
CIA = "cia-anti-party-group-1962"


# Every test here reads the PDFs (or makes one): the session builds the site with them.
pytestmark = pytest.mark.pdf


def page_html(site: Path, slug: str) -> BeautifulSoup:
    return BeautifulSoup((site / "texts" / slug / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def cite(site: Path, slug: str) -> dict:
    return json.loads(page_html(site, slug).select_one("#edition-cite").string)


def plain(text: str) -> str:
    """Extracted PDF text as one line: words hyphenated at line ends joined, spaces collapsed."""
    text = re.sub(r"[\u2010-]\n", "", text)
    return re.sub(r"\s+", " ", text)


def pdf_text(path: Path) -> str:
    return plain("\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages))


# A hyphen at the end of an extracted line, between letters: WeasyPrint's hyphenation writes
# one into the text layer (as "-" or U+2010), and a soft hyphen would be one too.
LINE_END_HYPHEN = re.compile(r"(\w+)[-\u2010\u00ad]\n(\w+)")


def broken_words(path: Path, page_text: str) -> list[str]:
    """The words a line-end hyphen of the PDF's extracted text splits though the page has
    them whole: every "a-" / "b" across a line end whose "a-b" is not in the page's text, nor
    "a-" at a word's end there (a hyphen the page shows before a space or a cell's end: the
    apparatus quotes raw forms such as "sup-" and folios such as "-2-")."""
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return [f"{a}-{b}" for a, b in LINE_END_HYPHEN.findall(text)
            if f"{a}-{b}" not in page_text and not re.search(rf"{re.escape(a)}- ", page_text)]


def margin_numbers(path: Path) -> list[int]:
    """The numbers printed left of the text block: the paragraph numbers."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((round(tm[4] * cm[0] + cm[4]), text.strip()))

    for page in pypdf.PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    # The left edge of the text block: where most lines of running text begin.
    left = Counter(x for x, text in runs if len(text) > 20).most_common(1)[0][0]
    return [int(text) for x, text in runs if text.isdigit() and x < left - 2]


def first_words(site: Path, slug: str, n: int = 6) -> str:
    """The first words of the text's first paragraph, up to any note call or page marker."""
    para = page_html(site, slug).select_one("#p-1")
    for junk in para.select("a.page-marker, sup, .anchor-alias"):
        junk.decompose()
    return " ".join(para.get_text().split()[:n])


def test_build_writes_a_pdf_of_every_text(built_site):
    site, pages = built_site.path, built_site.pdf_pages
    assert sorted(pages) == sorted(SLUGS)
    for slug in SLUGS:
        path = site / "texts" / slug / f"{slug}.pdf"
        assert path.is_file(), slug
        assert len(pypdf.PdfReader(path).pages) == pages[slug] >= 2, slug


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_has_the_reading_text_and_its_paragraph_numbers(site, slug):
    path = site / "texts" / slug / f"{slug}.pdf"
    text = pdf_text(path)
    assert first_words(site, slug) in text
    # The numbers the page shows (ids: a merged paragraph's number is not among them).
    numbers = pdf.load_page(site, slug).paragraph_numbers
    assert all(n.isdigit() for n in numbers) and len(numbers) == len(page_html(site, slug).select(".para[id^='p-']"))
    assert sorted(set(margin_numbers(path))) == sorted(int(n) for n in numbers)


def test_frus_pdf_prints_its_footnotes_and_page_markers(site):
    text = pdf_text(site / "texts" / FRUS / f"{FRUS}.pdf")
    assert "Source: Department of State" in text
    assert "At the earlier luncheon meeting" in text
    for number in range(226, 231):
        assert f"p. {number}" in text
    assert "Notes" in text


def test_pdf_has_running_header_and_footer_with_citation(site):
    data = cite(site, FRUS)
    for page in pypdf.PdfReader(site / "texts" / FRUS / f"{FRUS}.pdf").pages:
        text = page.extract_text()
        assert data["short"] in text and data["url"] in text


def test_pdf_metadata_and_links_point_to_the_public_site(site):
    reader = pypdf.PdfReader(site / "texts" / FRUS / f"{FRUS}.pdf")
    assert reader.metadata.title == "Memorandum of Conversation, Vienna, June 3, 1961 (After Lunch)"
    assert reader.metadata.author == "US Department of State"
    uris = [annot.get_object()["/A"].get("/URI")
            for page in reader.pages for annot in page.get("/Annots", [])
            if annot.get_object().get("/A", {}).get("/URI")]
    assert uris and not [u for u in uris if u.startswith("file:")]
    assert "https://example.org/thaw-edition/texts/vienna-memcon-1961-06-03-1245/" in uris


def test_text_page_links_its_pdf(site):
    for slug in SLUGS:
        link = page_html(site, slug).select_one("details.quote a.pdf-download")
        assert link is not None and link["href"] in (f"{slug}.pdf", f"../{slug}/{slug}.pdf"), slug  # MkDocs, Zensical


def test_a_failed_pdf_keeps_the_previous_site(root, tmp_path, monkeypatch):
    def fail(site_dir):
        raise EditionError("H105", "WeasyPrint failed to render the PDF: test")

    monkeypatch.setattr(pdf, "write_text_pdfs", fail)
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("previous")
    with pytest.raises(EditionError) as info:
        build_site(root, site_dir)
    assert info.value.code == "H105"
    assert (site_dir / "index.html").read_text() == "previous"
    assert not list(tmp_path.glob(".site-*"))


# Handouts


@pytest.fixture(scope="module")
def handout(site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("handout") / "handout.pdf"
    pdf.write_handout(site, FRUS, "2-4", out, notes=True)
    return out


def test_handout_has_title_citation_paragraphs_and_addresses(site, handout):
    soup = page_html(site, FRUS)
    text = pdf_text(handout)
    assert "Memorandum of Conversation, Vienna, June 3, 1961 (After Lunch)" in text
    assert "Foreign Relations of the United States, 1961–1963" in text  # the source's note
    for n in (2, 3, 4):
        words = " ".join(soup.select_one(f"#p-{n}").get_text().split()[:8])
        assert words in text, n
        assert f"{cite(site, FRUS)['url']}#p-{n}" in text
    assert "#p-3" in text and "#p-5" not in text
    assert sorted(margin_numbers(handout)) == [2, 3, 4]
    assert "Paragraphs 2–4" in text and "original p. 226" in text


def test_handout_prints_the_notes_when_asked(site, handout, tmp_path):
    assert "Source: Department of State" in pdf_text(handout)
    bare = tmp_path / "bare.pdf"
    pdf.write_handout(site, FRUS, "2-4", bare, notes=False)
    assert "Source: Department of State" not in pdf_text(bare)


def test_handout_keeps_page_markers_within_the_paragraphs(site, tmp_path):
    out = tmp_path / "markers.pdf"
    pdf.write_handout(site, FRUS, "8-13", out)
    text = pdf_text(out)
    assert "p. 227" in text and "p. 228" in text
    assert "original pp. 226–228" in text


def test_see_also_notes_print_with_the_whole_text_but_not_in_a_handout(site, tmp_path):
    """Cross-references lead into the site: the whole text keeps them (small, as apparatus);
    a classroom handout gives the passage alone."""
    page = pdf.load_page(site, FRUS)
    assert page.article.select("#p-6 ~ aside.see-also")
    assert "see-also" not in pdf.handout_html(page, 6, 13, notes=False)
    whole = pdf_text(site / "texts" / FRUS / f"{FRUS}.pdf")
    assert "See also" in whole and "Memcon ¶ 21" in whole


@pytest.mark.parametrize("slug,spec,code", [
    ("no-such-text", "2-4", "H101"),
    (FRUS, "two to four", "H102"),
    (FRUS, "4-2", "H107"),  # a range that is empty (H102 is a spec that is no range at all)
    (FRUS, "0-3", "H107"),
    (FRUS, "30-40", "H103"),
    (FRUS, "99", "H103"),
])
def test_handout_errors_have_codes(site, tmp_path, slug, spec, code):
    with pytest.raises(EditionError) as info:
        pdf.write_handout(site, slug, spec, tmp_path / "x.pdf")
    assert info.value.code == code
    assert not (tmp_path / "x.pdf").exists()


def test_handout_without_a_built_site_says_so(tmp_path):
    with pytest.raises(EditionError) as info:
        pdf.write_handout(tmp_path / "site", FRUS, "2-4", tmp_path / "x.pdf")
    assert info.value.code == "H104" and "edition build" in info.value.message


def test_handout_command(root, site, tmp_path):
    out = tmp_path / "cli.pdf"
    ok = subprocess.run([sys.executable, "-m", "edition.cli", "handout", FRUS, "--paragraphs", "2-4",
                         "--notes", "-o", str(out), "--site-dir", str(site)],
                        cwd=root, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert out.is_file() and "wrote" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "edition.cli", "handout", FRUS, "--paragraphs", "40-50",
                          "--site-dir", str(site)], cwd=root, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "H103" in bad.stderr and re.search(r"no paragraph 40 in .*: its paragraphs are 1–\d+", bad.stderr)


def test_print_css_prints_external_addresses_but_not_internal_ones(site, tmp_path):
    """An external link prints its address after it; a link within the edition prints as text."""
    html = (
        '<html lang="en"><head><link rel="stylesheet" href="../../assets/stylesheets/print.css">'
        '</head><body><article class="md-typeset"><p>See <a href="https://www.example.com/a">the'
        ' archive</a> and <a class="internal" href="https://example.org/thaw-edition/people/">the'
        ' people</a>.</p></article></body></html>'
    )
    out = tmp_path / "links.pdf"
    pdf.render_pdf(html, site / "texts" / FRUS / "index.html", out)
    text = pdf_text(out)
    assert "the archive <https://www.example.com/a>" in text
    assert "example.org/thaw-edition/people" not in text


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_text_keeps_every_word_whole(site, slug):
    """Text copied or extracted from a PDF keeps its words whole (issue 15, point 6): a hyphen
    at a line end is one the text has (a compound broken at its hyphen, "government-versus-
    party"), never one the print stylesheet's hyphenation added ("Decem- ber")."""
    # What the PDF prints: the text page, and the apparatus from its own page.
    apparatus = BeautifulSoup((site / "texts" / slug / "apparatus" / "index.html").read_text(encoding="utf-8"),
                              "html.parser")
    page = page_html(site, slug).select_one("article").get_text() + " " + apparatus.select_one("article").get_text()
    assert broken_words(site / "texts" / slug / f"{slug}.pdf", re.sub(r"\s+", " ", page)) == []


def test_the_pdf_prints_the_apparatus_after_the_text(site):
    """The apparatus is a page of its own on the website; the PDF of the text prints it, as
    it always has, in place of the lines that lead there."""
    text = re.sub(r"\s+", " ", pdf_text(site / "texts" / CIA / f"{CIA}.pdf"))
    body, apparatus = text.split("Editorial apparatus", 1)[0], text.split("Editorial apparatus")[-1]
    for heading in ("Recorded corrections", "Cleanup steps", "Furniture removed"):
        assert heading in apparatus
    assert "is accounted for in" not in text
    assert "moved before line" in apparatus or "The de-letter-spacing divides" in apparatus
    assert "The de-letter-spacing divides" not in body


def test_pdf_citation_names_its_release_by_version(site):
    """Two releases can share a day: the PDF's citations name the version (issue 15, point 4)."""
    version = cite(site, SLUGS[0])["version"]
    for slug in SLUGS:
        text = pdf_text(site / "texts" / slug / f"{slug}.pdf")
        assert f"version {version}" in text and f"(Version {version})" in text, slug
