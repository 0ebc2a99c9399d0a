"""PDFs for print and the classroom: every text whole, and handouts of chosen paragraphs.

Both are made with WeasyPrint from the *built* site, so that a PDF shows exactly what the
web page shows, styled by the same print stylesheet (``overrides/assets/stylesheets/print.css``):

- :func:`write_text_pdfs` writes ``texts/<slug>/<slug>.pdf`` beside each text page of a built
  site; ``edition build`` calls it on the freshly built folder before swapping it into place.
- :func:`write_handout` (``edition handout SLUG --paragraphs 12-20 [--notes]``) cuts the chosen
  paragraphs out of a built text page, with their numbers, page markers, stable addresses and,
  on request, their notes, under the title and the citations of the text.

Links inside a PDF must not point into the folder the PDF was made in: links to other pages
of the edition are made absolute on the edition's public address (the page's canonical URL)
and marked ``internal``, so that the print stylesheet prints them as plain text; only links
that were already external print their address after them.

Errors (``H1xx``, handouts and PDFs):

- ``H101`` the text named is not in the built site.
- ``H102`` the paragraph range cannot be read.
- ``H103`` a paragraph number the text does not have (numbers are ids: ``10a``).
- ``H104`` the site has not been built.
- ``H105`` WeasyPrint is missing or failed to render a PDF.
- ``H106`` the page asks for a file outside the built site (an image, a stylesheet, an
  attachment such as ``<a rel="attachment" href="file:///etc/passwd">``): nothing outside the
  site is ever read, and the PDF is not written.
"""

from __future__ import annotations

import json
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

from bs4 import BeautifulSoup, Tag
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

from .errors import EditionError, fail
from .files import write_atomic
from .model import number_list
from .render.markdown import TEMPLATES
from .site import MARKER

# The stylesheets a handout is rendered with (relative to the site root); the text pages
# name theirs themselves.
HANDOUT_CSS = ("assets/stylesheets/edition.css", "assets/stylesheets/print.css")

# The fold of a text page that paper shows open (reading.js opens the same for print).
PRINT_OPEN = "details.text-meta"

# The handout page of the website adds its screen and Chromium print rules and its script.
HANDOUT_WEB_CSS = ("assets/stylesheets/handout.css",)
HANDOUT_WEB_JS = "assets/javascripts/handout.js"

# The handout page itself is the Jinja template templates/handout.html.j2.

# A paragraph number as the page shows it ("12", a split's second part "10a"), or a range.
_NUMBER = r"(\d+[a-z]*)"
_PARAGRAPHS = re.compile(rf"\s*¶?\s*{_NUMBER}\s*(?:[-–]\s*{_NUMBER}\s*)?")  # "12", "12-20", "9–10a"


@dataclass
class TextPage:
    """A built text page: where it is, its parsed HTML and its citation data."""

    slug: str
    path: Path
    soup: BeautifulSoup
    cite: dict

    @property
    def article(self) -> Tag:
        return self.soup.select_one("article")

    @property
    def paragraph_numbers(self) -> list[str]:
        """The numbers of the text's paragraphs as the page shows them (``10a`` for a
        split's second part), in reading order: the ids are identities, not positions."""
        return [el["id"][2:] for el in self.article.select(".para[id^='p-']")]

    def paragraph_index(self, number: str) -> int:
        """Where paragraph `number` stands in reading order; an old number merged into a
        paragraph (an alias anchor inside it) is that paragraph's; H103 for any other."""
        numbers = self.paragraph_numbers
        if number in numbers:
            return numbers.index(number)
        alias = self.article.select_one(f".para[id^='p-'] .anchor-alias[id='p-{number}']")
        if alias is not None:
            return numbers.index(alias.find_parent(class_="para")["id"][2:])
        raise fail("H103", self.path, number=number, slug=self.slug, numbers=number_list(numbers))


def text_pages(site_dir: Path) -> list[Path]:
    """The built text pages of a site: those that carry the edition's citation data."""
    return sorted(
        path for path in (site_dir / "texts").glob("*/index.html")
        if 'id="edition-cite"' in path.read_text(encoding="utf-8")
    )


def load_page(site_dir: Path, slug: str) -> TextPage:
    """The built page of text ``slug``, or a clear error when it or the site is missing."""
    pages = text_pages(site_dir) if (site_dir / "texts").is_dir() else []
    if not pages:
        raise fail("H104", site_dir)
    slugs = [path.parent.name for path in pages]
    if slug not in slugs:
        raise fail("H101", site_dir / "texts", slug=slug, slugs=", ".join(slugs))
    path = site_dir / "texts" / slug / "index.html"
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    cite = json.loads(soup.select_one("#edition-cite").string)
    return TextPage(slug, path, soup, cite)


def parse_paragraphs(spec: str) -> tuple[str, str]:
    """Read a paragraph range: a number as the page shows it (``10a``) or two joined by a
    hyphen or an en dash. Whether the range is in reading order is for the page to say
    (:func:`handout_html`); a range whose numbers alone say it is empty is H107 here.

    >>> parse_paragraphs("12-20"), parse_paragraphs("7"), parse_paragraphs("3–5"), parse_paragraphs("9-10a")
    (('12', '20'), ('7', '7'), ('3', '5'), ('9', '10a'))
    """
    match = _PARAGRAPHS.fullmatch(spec or "")
    if not match:
        raise fail("H102", spec=spec)
    first, last = match.group(1), match.group(2) or match.group(1)
    if int(_stem(first)) < 1 or int(_stem(last)) < int(_stem(first)):
        raise fail("H107", spec=spec)
    return first, last


def _stem(number: str) -> str:
    return number.rstrip("abcdefghijklmnopqrstuvwxyz")


def stable_links(root: Tag, page_url: str) -> None:
    """Point links to other pages of the edition at their public address, marked ``internal``.

    Links within the page (``#fn:1``, ``#page-3``) stay as they are; links that were already
    absolute are external and keep their address.
    """
    for link in root.select("a[href]"):
        href = link["href"]
        if href.startswith("#") or re.match(r"[a-z][a-z0-9+.-]*:", href):
            continue
        link["href"] = urljoin(page_url, href)
        link["class"] = [*link.get("class", []), "internal"]


@contextmanager
def _quiet_weasyprint() -> Iterator[None]:
    """WeasyPrint warns about every CSS property of the theme it does not support; the
    stylesheets are the theme's, so those warnings tell nobody anything here."""
    loggers = [logging.getLogger(name) for name in ("weasyprint", "weasyprint.progress", "fontTools")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def inside_site(url: str, site_root: Path) -> bool:
    """Whether the ``file:`` URL ``url`` names a file inside ``site_root`` once every ``..``
    and symbolic link is resolved: a page may embed the site's own stylesheets and images,
    never a file of the machine that builds it (``/etc/passwd`` as an attachment).

    >>> inside_site("file:///srv/site/assets/a.css", Path("/srv/site"))
    True
    >>> inside_site("file:///srv/site/texts/x/../../../../etc/passwd", Path("/srv/site"))
    False
    >>> inside_site("file://elsewhere/srv/site/a.css", Path("/srv/site"))
    False
    """
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        return False
    site_root = Path(site_root).resolve()
    return Path(url2pathname(parts.path)).resolve().is_relative_to(site_root)


def find_site_root(base: Path) -> Path:
    """The built site that the page ``base`` belongs to: the nearest folder above it holding
    the build's marker file; the page's own folder when there is none (the narrowest)."""
    base = Path(base).resolve()
    for folder in base.parents:
        if (folder / MARKER).is_file():
            return folder
    return base.parent


def _site_fetcher(site_root: Path):
    """A URL fetcher that never goes to the network and reads only files inside
    ``site_root``. A refused URL is recorded in ``refused`` (and WeasyPrint, which catches
    the fetcher's errors, leaves the resource out), so that the caller can fail with H106.
    WeasyPrint fetches images, stylesheets, fonts and attachments (``<a rel=attachment>``,
    ``<link rel=attachment>``) all through this one fetcher."""
    from weasyprint.urls import URLFetcher

    class SiteFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url[:5].lower() == "file:" and not inside_site(url, site_root):
                self.refused.append(url)
                raise ValueError(f"{url} is outside the site {site_root}")
            return super().fetch(url, headers)

    fetcher = SiteFetcher(allowed_protocols={"file", "data"})
    fetcher.refused = []
    return fetcher


def render_bytes(html: str, base: Path, site_root: Path) -> tuple[bytes, int, list[str]]:
    """The PDF of ``html`` (whose relative URLs resolve against file ``base``) for print
    media, reading only files inside ``site_root``: its bytes, its number of pages and the
    URLs that were refused (left out of it)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # pragma: no cover - a dependency; Pango is the system's
        raise fail("H108", error=error) from error
    fetcher = _site_fetcher(site_root)
    with _quiet_weasyprint():
        document = HTML(string=html, base_url=str(base), media_type="print",
                        url_fetcher=fetcher).render()
        data = document.write_pdf()  # attachments are fetched here, so check after it
    return data, len(document.pages), fetcher.refused


def render_pdf(html: str, base: Path, target: Path, site_root: Path | None = None) -> int:
    """Render ``html`` (whose relative URLs resolve against file ``base``) to ``target``, for
    print media; returns the number of pages.

    Only files inside ``site_root`` (by default the built site ``base`` is in) are read; if
    the page asks for any other file, nothing is written and ``H106`` names it. The PDF is
    written atomically, so a failed or killed render never leaves half a PDF."""
    site_root = Path(site_root) if site_root is not None else find_site_root(base)
    try:
        data, pages, refused = render_bytes(html, base, site_root)
    except EditionError:
        raise
    except Exception as error:
        raise fail("H105", target, error=error) from error
    if refused:
        raise fail("H106", base, url=refused[0], site=site_root)
    write_atomic(target, data)
    return pages


def write_text_pdf(path: Path, site_root: Path | None = None) -> int:
    """Write the PDF of the built text page ``path`` (``texts/<slug>/index.html``) beside it,
    as ``<slug>.pdf``: the page itself, printed, with links to other pages made absolute (see
    :func:`stable_links`); it embeds only files of the site ``site_root``. Returns its number
    of pages."""
    slug = path.parent.name
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    canonical = soup.select_one("link[rel=canonical]")
    cite = json.loads(soup.select_one("#edition-cite").string)
    page_url = canonical["href"] if canonical else cite["url"]
    # The fold of the web page (the description of the document) is open on paper, as
    # reading.js opens it for the browser's print.
    for fold in soup.select(PRINT_OPEN):
        fold["open"] = ""
    # What print hides anyway; leaving it out spares WeasyPrint the styling of it.
    for hidden in soup.select("header.md-header, .md-sidebar, footer.md-footer, .md-dialog, "
                              ".md-search, body > input, label.md-overlay, script:not([type])"):
        hidden.decompose()
    with_apparatus(soup, path, page_url)
    stable_links(soup.body, page_url)
    # The PDF's own metadata: the text's title and author, not the web page's.
    title = soup.select_one("article h1")
    if title is not None and soup.title is not None:
        soup.title.string = _clean(title, notes=False).get_text().strip()
    if cite.get("author"):  # the original's author(s), institutions too (not in citation_author)
        soup.head.append(soup.new_tag("meta", attrs={"name": "author", "content": cite["author"]}))
    for generator in soup.select("meta[name=generator]"):
        generator["content"] = "edition build, " + generator["content"]
    return render_pdf(str(soup), path, path.parent / f"{slug}.pdf", site_root)


def with_apparatus(soup: BeautifulSoup, path: Path, page_url: str) -> None:
    """Put the apparatus, a page of its own on the website (``apparatus/`` beside the text
    page), into the printed text after the section that names it, as the PDF has always
    had it: its links made absolute from its own address, those into the text kept within."""
    apparatus = BeautifulSoup((path.parent / "apparatus" / "index.html").read_text(encoding="utf-8"),
                              "html.parser").select_one("article")
    section = soup.select_one("#apparatus")
    if apparatus is None or section is None:
        return
    for link in apparatus.select("a[href]"):
        href = urljoin(urljoin(page_url, "apparatus/"), link["href"])
        if href == page_url:  # "the reading text": on paper, the text this is printed with
            link.unwrap()
        else:
            link["href"] = href[len(page_url):] if href.startswith(page_url + "#") else href
    heading = apparatus.find("h1")
    if heading is not None:
        heading.decompose()
    # The paragraphs that lead to the page: on paper the apparatus itself follows.
    for summary in soup.select("article .apparatus-section"):
        summary.decompose()
    fold = soup.new_tag("div", attrs={"class": "apparatus-printed"})
    fold.extend(list(apparatus.children))
    section.insert_after(fold)


def write_text_pdfs(site_dir: Path) -> dict[str, int]:
    """Write ``texts/<slug>/<slug>.pdf`` for every text page of the built site ``site_dir``;
    returns the page count per text."""
    return {path.parent.name: write_text_pdf(path, site_dir) for path in text_pages(Path(site_dir))}


def _clean(element: Tag, notes: bool) -> Tag:
    """A copy of a block of the page for the handout: no permalinks, aliases or tools; note
    calls kept only when the notes are printed."""
    element = BeautifulSoup(str(element), "html.parser").find(True)
    for junk in element.select(".headerlink, .anchor-alias, .para-tools"):
        junk.decompose()
    if not notes:
        for call in element.select("sup[id^='fnref']"):
            call.decompose()
    return element


def _page_label(marker: Tag) -> str:
    number = marker["id"].removeprefix("page-")
    return f"{number} (inferred)" if "inferred" in marker.get("class", []) else number


def _page_labels(page: TextPage, first: Tag, chosen: list[Tag], order: dict[int, int]) -> list[str]:
    """The labels of the original pages the excerpt covers: the page open at its start, and
    any that begin within it. ``order`` numbers the article's elements (:func:`_order`)."""
    before = [m for m in page.article.select("a.page-marker") if order[id(m)] < order[id(first)]]
    inside = [m for block in chosen for m in block.select("a.page-marker")]
    if block_starts_with(first, inside):
        start = inside.pop(0)  # the paragraph opens a new page
    else:
        start = before[-1] if before else None
    return [_page_label(m) for m in ([start] if start is not None else []) + inside]


def _order(page: TextPage) -> dict[int, int]:
    return {id(element): n for n, element in enumerate(page.article.find_all(True))}


def page_extent(first: str, last: str) -> str:
    """The pages from label ``first`` to label ``last`` ("" when none is known).

    >>> page_extent("3", "3"), page_extent("225 (inferred)", "226"), page_extent("", "")
    ('p. 3', 'pp. 225 (inferred)–226', '')
    """
    if not first:
        return ""
    return f"p. {first}" if first == last else f"pp. {first}–{last}"


def _pages(page: TextPage, first: Tag, chosen: list[Tag]) -> str:
    """The original pages the excerpt covers ("pp. 225 (inferred)–226")."""
    labels = _page_labels(page, first, chosen, _order(page))
    return page_extent(labels[0], labels[-1]) if labels else ""


def block_starts_with(block: Tag, markers: list[Tag]) -> bool:
    """Whether ``block`` begins with the first of ``markers`` (a page that opens with it)."""
    if not markers or markers[0] not in block.find_all("a"):
        return False
    return block.get_text().lstrip().startswith(markers[0].get_text().strip())


def _context_headings(first: Tag) -> list[Tag]:
    """The headings the excerpt stands under: the nearest of each higher level before it,
    up to the start of the text (the metadata and the "How to cite" block)."""
    found: list[Tag] = []
    level = 7
    for sibling in first.find_previous_siblings():
        classes = sibling.get("class", [])
        if sibling.name in ("h1", "details") or "text-meta" in classes or "admonition" in classes:
            break
        if re.fullmatch(r"h[2-6]", sibling.name) and int(sibling.name[1]) < level:
            found.append(sibling)
            level = int(sibling.name[1])
            if level == 2:
                break
    return list(reversed(found))


def _notes_html(page: TextPage, called: list[str]) -> list[tuple[str, str]]:
    notes = []
    for ident in called:
        item = page.article.select_one(f"li[id='{ident}']")
        if item is None:
            continue
        item = _clean(item, notes=True)
        for backref in item.select(".footnote-backref"):
            backref.decompose()
        stable_links(item, page.cite["url"])
        # decode_contents, not str() of each child: a text node's str() is its text unescaped,
        # and a "<script>" typed in a note would become markup in the handout.
        body = "".join(p.decode_contents() for p in item.find_all("p", recursive=False))
        notes.append((ident.removeprefix("fn:"), body.strip()))
    return notes


def _citation_notes(page: TextPage) -> tuple[str, str]:
    """The Chicago notes of the original document and of this edition, as HTML, from the
    page's "How to cite" block (the edition's from the cite data if the block is missing)."""
    found = []
    block = page.article.select_one("details.quote")
    for para in block.find_all("p") if block else []:
        if para.get_text().startswith("Note:"):
            html = para.decode_contents()  # escaped text, as the page has it (see _notes_html)
            found.append(re.sub(r"^Note:\s*", "", html))
    edition = found[1] if len(found) > 1 else re.sub(
        r"\*([^*]+)\*", r"<em>\1</em>",
        page.cite["note"].replace("&", "&amp;").replace("<", "&lt;"))
    return (found[0] if len(found) > 1 else ""), edition


def _whole_text_marks(page: TextPage, blocks: list[Tag]) -> dict[int, dict[str, str]]:
    """For the web handout, which holds the whole text and shows the paragraphs a teacher
    chooses (handout.js): each heading numbered (``data-h``), and each paragraph given what
    the rules above would say of an excerpt that starts or ends with it: the headings it
    stands under (``data-context``) and its first and last original page (``data-pages``,
    "first|last"). The script only picks among these; it decides nothing itself."""
    order = _order(page)
    marks: dict[int, dict[str, str]] = {}
    headings = {id(b): str(n) for n, b in enumerate(b for b in blocks if re.fullmatch(r"h[1-6]", b.name))}
    for block in blocks:
        if id(block) in headings:
            marks[id(block)] = {"data-h": headings[id(block)]}
        elif "para" in block.get("class", []) and block.get("id", "").startswith("p-"):
            labels = _page_labels(page, block, [block], order) or [""]
            context = [headings[id(h)] for h in _context_headings(block) if id(h) in headings]
            marks[id(block)] = {"data-context": " ".join(context),
                                "data-pages": f"{labels[0]}|{labels[-1]}"}
    return marks


def handout_html(page: TextPage, first: str, last: str, notes: bool, web: bool = False) -> str:
    """The HTML of a handout of paragraphs ``first``–``last`` of ``page``, in reading
    order (``9``–``11`` holds ``10a``); ``web``: the page of the website from which a
    teacher prints any range (:func:`handout_page`)."""
    numbers = page.paragraph_numbers
    low, high = page.paragraph_index(str(first)), page.paragraph_index(str(last))
    if high < low:
        raise fail("H107", page.path, spec=f"{first}-{last}")
    chosen = numbers[low : high + 1]
    first, last = chosen[0], chosen[-1]
    start = page.article.select_one(f"#p-{first}")
    end = page.article.select_one(f"#p-{last}")
    # The blocks from the first paragraph to the last: paragraphs, headings, page markers
    # (not the widgets between them, nor the "see also" notes, which lead into the site).
    blocks = [start]
    if start is not end:
        for sibling in start.find_next_siblings():
            if sibling.get("id") == "apparatus" or "footnote" in sibling.get("class", []):
                break
            if sibling.name not in ("details", "aside"):
                blocks.append(sibling)
            if sibling is end:
                break
    if blocks[-1] is not end:  # not siblings: take the paragraphs by number
        blocks = [page.article.select_one(f"#p-{n}") for n in chosen]
    context = _context_headings(start)
    pages = _pages(page, start, blocks)
    url = page.cite["url"]
    items, called = [], []
    whole = _whole_text_marks(page, [*context, *blocks]) if web else {}
    for block in [*context, *blocks]:
        copy = _clean(block, notes)
        calls = [a["href"][1:] for a in copy.select("sup[id^='fnref'] a[href^='#fn:']")]
        called += calls
        copy.attrs.update(whole.get(id(block), {}))
        if web and calls:  # a paragraph's notes, or a heading's
            copy["data-notes"] = " ".join(ident.removeprefix("fn:") for ident in calls)
        for marker in copy.select("a.page-marker"):
            marker["href"] = url + marker["href"]
        stable_links(copy, url)
        if re.fullmatch(r"h[1-6]", copy.name):
            copy.attrs.pop("id", None)
        items.append(str(copy))
        if "para" in block.get("class", []) and block.get("id", "").startswith("p-"):
            address = escape(f"{url}#{block['id']}")
            items.append(f'<p class="handout-url">¶ {block["id"][2:]}: '
                         f'<a class="url" href="{address}">{address}</a></p>')
    original, edition_note = _citation_notes(page)
    title = page.article.select_one("h1")
    title_text = _clean(title, notes=False).get_text().strip() if title else page.slug
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    site_prefix = "../../"  # the handout resolves against the text page's folder
    return env.get_template("handout.html.j2").render(
        lang=page.soup.html.get("lang", "en"),
        title=title_text,
        short=page.cite.get("short") or title_text,
        url=url,
        extent=str(first) if first == last else f"{first}–{last}",
        first=first, last=last,
        pages=pages,
        edition=_edition_name(page),
        original=Markup(original),
        edition_note=Markup(edition_note),
        stylesheets=[site_prefix + css for css in HANDOUT_CSS + (HANDOUT_WEB_CSS if web else ())],
        scripts=[site_prefix + HANDOUT_WEB_JS] if web else [],
        # The text page's icon, as the engine wrote it: the handout is in the same folder.
        icon=(page.soup.select_one("link[rel=icon]") or {}).get("href", "") if web else "",
        head=page.cite.get("head", ""),
        pdf=f"{page.slug}.pdf",
        back=page.cite["url"],
        items=[Markup(item) for item in items],
        notes=[(n, Markup(body)) for n, body in _notes_html(page, list(dict.fromkeys(called)))] if notes else [],
    )


HANDOUT_PAGE = "handout.html"  # beside each text page: texts/<slug>/handout.html


def handout_page(site_dir: Path, slug: str) -> Path:
    """Write the website's handout page of text ``slug``: the whole text as a handout, with
    its notes, from which handout.js shows the paragraphs named in the address
    (``handout.html?from=12&to=20&notes=1``) and prints them; the text page's "Make a
    handout" form leads there."""
    page = load_page(Path(site_dir), slug)
    numbers = page.paragraph_numbers
    html = handout_html(page, numbers[0], numbers[-1], notes=True, web=True)
    target = page.path.parent / HANDOUT_PAGE
    write_atomic(target, html)
    return target


def write_handout_pages(site_dir: Path) -> list[Path]:
    """The handout page of every text of the built site ``site_dir``."""
    return [handout_page(Path(site_dir), path.parent.name) for path in text_pages(Path(site_dir))]


def _edition_name(page: TextPage) -> str:
    return page.cite.get("edition") or "Digital edition"


def write_handout(site_dir: Path, slug: str, paragraphs: str, output: Path,
                  notes: bool = False) -> int:
    """Write a handout PDF of paragraphs ``paragraphs`` ("12-20") of text ``slug`` from the
    built site ``site_dir``; returns its number of pages."""
    site_dir = Path(site_dir)
    first, last = parse_paragraphs(paragraphs)
    page = load_page(site_dir, slug)
    html = handout_html(page, first, last, notes)
    return render_pdf(html, page.path, Path(output), site_dir)
