"""A link checker for the built site: every internal link must reach a file, and every
fragment an element with that id on the page it names (DESIGN §3: citations never break)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .errors import fail

# Links that leave the site or do not name a resource.
EXTERNAL_SCHEMES = ("http", "https", "mailto", "javascript", "data", "tel")


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    reason: str

    def __str__(self) -> str:
        return str(fail("L101", f"site/{self.page}", href=self.href, reason=self.reason))


def _target_file(site: Path, page: Path, path: str, base_path: str) -> Path:
    if path.startswith("/"):
        # An absolute path (the 404 page uses them) starts with the site's own base path.
        path = path[len(base_path):] if path.startswith(base_path) else path
        target = (site / path.lstrip("/")).resolve()
    else:
        target = (page.parent / path).resolve()
    if target.is_dir() or path.endswith("/") or path == "":
        target = target / "index.html"
    return target


@lru_cache(maxsize=None)
def _ids(file: Path) -> frozenset[str]:
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    return frozenset(el["id"] for el in soup.find_all(id=True))


def check_site(site: Path, base_path: str = "/") -> tuple[int, list[BrokenLink]]:
    """All internal links of all HTML pages of `site`: (links checked, broken ones).

    `base_path` is the path of the site's address (site_url), which absolute links carry.
    """
    _ids.cache_clear()
    site = site.resolve()
    broken: list[BrokenLink] = []
    checked = 0
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link"], href=True):
            href = tag["href"]
            parts = urlsplit(href)
            if parts.scheme in EXTERNAL_SCHEMES or parts.netloc:
                continue
            checked += 1
            rel = str(page.relative_to(site))
            target = page if not parts.path else _target_file(site, page, unquote(parts.path), base_path)
            if not target.exists():
                broken.append(BrokenLink(rel, href, "no such file"))
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in _ids(target):
                broken.append(BrokenLink(rel, href, f"no element with id '{fragment}'"))
    return checked, broken
