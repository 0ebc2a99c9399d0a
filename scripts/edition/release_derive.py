"""Make the plain text of a past release from the site that release's own commit built.

Used once, for 0.1.0 and 0.2.0 (released before the edition wrote ``.txt`` files); the files it
made are frozen under ``sources/releases/<version>/`` (see the README there) and never remade.
Run it on a site built by the release's last commit::

    python -m edition.release_derive SITE_DIR VERSION DATE COMMIT OUT_DIR

Each paragraph of a built text page (``[data-p]``) becomes one block, as in today's ``.txt``
(``render/data.text_txt``): ``¶ N [p. P] text``, the page where it begins and the last it
reaches (inferred numbers in brackets, as the page shows them), a note call of the chapter as
a superscript number, a printed note's call left out, a list's items joined by spaces. Run on
today's site, it gives the ``¶`` lines of today's ``.txt`` exactly, but where a paragraph has
two spaces in a row (HTML shows one).
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


def paragraphs(html: str) -> list[tuple[str, str, str]]:
    """(number, page label, text) of each paragraph of a built text page, in order."""
    article = BeautifulSoup(html, "html.parser").select_one("article")
    current, out = "", []
    for el in article.select("[data-p], a.page-marker"):
        if getattr(el, "decomposed", False):
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
        for sup in el.select("sup"):
            if sup.select_one("a.footnote-ref"):
                sup.decompose()
            else:
                sup.replace_with(sup.get_text().translate(SUPERSCRIPT))
        for junk in el.select(".anchor-alias"):
            junk.decompose()
        text = " ".join(li.get_text() for li in el.select("li")) if el.name == "div" else el.get_text()
        first = first or current
        page = first if first == last or not last else f"{first}–{last}"
        out.append((el["data-p"], page, SPACES.sub(" ", text).strip()))
        current = last
    return out


def release_txt(html: str, version: str, date: str, commit: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    title = soup.select_one("article h1").get_text().strip().rstrip("¶").strip()
    lines = [title, "", f"Version {version}, {date}.",
             f"Derived from the page the release's last commit ({commit}) built; see the README.",
             "Each paragraph: its number (¶), the page(s) of the original (numbers in square",
             "brackets are inferred by the editors), its text.", ""]
    for number, page, text in paragraphs(html):
        lines += [f"¶ {number}" + (f" [p. {page}]" if page else "") + f" {text}", ""]
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
