"""Make the plain text of a past release from the site that release's own commit built.

Used once, for 0.1.0 and 0.2.0 (released before the edition wrote ``.txt`` files); the files it
made are frozen under ``sources/releases/<version>/`` (see the README there) and never remade.
Run it on a site built by the release's last commit::

    python -m edition.release_derive SITE_DIR VERSION DATE COMMIT OUT_DIR

Each paragraph of a built text page (``[data-p]``) becomes one block, as in today's ``.txt``
(``render/data.text_txt``): ``¶ N [p. P] text``, the page where it begins and the last it
reaches (inferred numbers in brackets, as the page shows them), a note call of the chapter as
a superscript number, a printed note's call left out, a list's items joined by spaces; the
text's headings (level 2 in capitals) and its notes as there. Run on today's site, it gives
today's ``.txt`` but for its head (the citation line), a document's own heading lines (FRUS's
title and participants) and two spaces in a row in a paragraph (HTML shows one).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup, Tag

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SPACES = re.compile(r"[ \t\r\n]+")  # collapsed as HTML shows them; a no-break space kept


def _starts_with(el: Tag, marker: Tag) -> bool:
    before = "".join(s for s in marker.find_all_previous(string=True)
                     if s.find_parent(attrs={"data-p": True}) is el)
    return not before.strip()


def _text(el: Tag) -> str:
    for sup in el.select("sup"):
        if sup.select_one("a.footnote-ref"):  # a printed note's call: not in the plain text
            sup.decompose()
        else:
            sup.replace_with(sup.get_text().translate(SUPERSCRIPT))
    # What the edition adds around the text: an alias anchor, a heading's link, a note's way
    # back, the editors' link from a note to another text of the edition.
    for junk in el.select(".anchor-alias, a.headerlink, a.footnote-backref, .editorial-link"):
        junk.decompose()
    text = " ".join(li.get_text() for li in el.select("li")) if el.name == "div" else el.get_text()
    return SPACES.sub(" ", text).strip()


def blocks(html: str) -> list[tuple[str, str, str, str]]:
    """The text of a built text page, in order: ("heading", level, "", text) for each heading
    of the text (after the "How to cite" block, before the apparatus; a document's own title
    line left out) and ("paragraph", number, page label, text) for each paragraph."""
    article = BeautifulSoup(html, "html.parser").select_one("article")
    current, out = "", []
    for el in article.select("[data-p], a.page-marker, h2, h3, h4"):
        if getattr(el, "decomposed", False):
            continue
        if el.name in ("h2", "h3", "h4"):
            if el.get("id") == "apparatus":
                break
            if "document-title" not in (el.get("class") or []) and el.find_previous("details", class_="quote"):
                out.append(("heading", el.name[1], "", _text(el)))
            continue
        if el.name == "a":  # a page begun outside any paragraph (in a heading, a header)
            if el.find_parent(attrs={"data-p": True}) is None:
                current = el.get_text()
            continue
        first, last = None, current
        for marker in el.select("a.page-marker"):
            if first is None and _starts_with(el, marker):
                first = marker.get_text()
            last = marker.get_text()
            marker.decompose()
        first = first or current
        page = first if first == last or not last else f"{first}–{last}"
        out.append(("paragraph", el["data-p"], page, _text(el)))
        current = last
    return out


def notes(html: str) -> list[tuple[str, str]]:
    """The notes of a built text page: (number, text)."""
    article = BeautifulSoup(html, "html.parser").select_one("article")
    return [(li["id"].removeprefix("fn:"), _text(li)) for li in article.select("div.footnote li[id]")]


def release_txt(html: str, version: str, date: str, commit: str) -> str:
    """A release's plain text, laid out as today's ``.txt`` (``render/data.text_txt``):
    headings of level 2 in capitals, ``¶ N [p. P] text``, then the notes."""
    soup = BeautifulSoup(html, "html.parser")
    title = _text(soup.select_one("article h1"))
    lines = [title, "", f"Version {version}, {date}.",
             f"Derived from the page the release's last commit ({commit}) built; see the README.",
             "Each paragraph: its number (¶), the page(s) of the original (numbers in square",
             "brackets are inferred by the editors), its text.", ""]
    for kind, number, page, text in blocks(html):
        if kind == "heading":
            lines += [text.upper() if number == "2" else text, ""]
        else:
            lines += [f"¶ {number}" + (f" [p. {page}]" if page else "") + f" {text}", ""]
    found = notes(html)
    if found:
        lines += ["NOTES", ""] + [f"{key}. {text}" for key, text in found] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    site, version, date, commit, out = argv
    Path(out).mkdir(parents=True, exist_ok=True)
    for page in sorted(Path(site).glob("texts/*/index.html")):
        slug = page.parent.name
        (Path(out) / f"{slug}.txt").write_text(
            release_txt(page.read_text(encoding="utf-8"), version, date, commit), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
