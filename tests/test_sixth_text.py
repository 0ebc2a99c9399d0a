"""A sixth text added without code (issue 18): in a temporary copy of the repository, with
data files only (nothing under scripts/ changes), a FRUS web text (note calls after
punctuation, two-digit notes, no page marker) and a typescript memorandum are added with
`edition new`, their source.yaml filled in, their people registered; the site built from
the copy has the page, its anchors, its people links ("Kennedy Library" not linked), and the
page in the navigation. The raw texts (tests/data/sixth_text/) are fixtures written for the
test in the manner of the real ones, not published texts."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

FIXTURES = Path(__file__).parent / "data" / "sixth_text"
pytestmark = pytest.mark.slow


def edition(copy: Path, *args: str, engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """The `edition` command, run in the copy with the worktree's package."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "scripts"), "EDITION_ENGINE": engine}
    return subprocess.run([sys.executable, "-m", "edition.cli", *args], cwd=copy, env=env,
                          capture_output=True, text=True)


def copy_of(root: Path, tmp_path: Path) -> Path:
    """The repository's committed files (no site/, no .git)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=root, capture_output=True, text=True,
                           check=True).stdout.split("\0")
    copy = tmp_path / "edition"
    for name in filter(None, files):
        if (root / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, copy / name)
    return copy


def register(copy: Path, slug: str, people: list[str]) -> None:
    """Add ``slug`` to the texts of each person (sources/people.yaml, edited as text)."""
    path = copy / "sources" / "people.yaml"
    text = path.read_text(encoding="utf-8")
    for person in people:
        start = text.index(f"- id: {person}\n")
        at = text.index("  texts: [", start) + len("  texts: [")
        text = text[:at] + slug + ", " + text[at:]
    path.write_text(text, encoding="utf-8")


def not_people(copy: Path, *words: str) -> None:
    """List words as no names of people (sources/not-people.txt), as the people lint asks."""
    path = copy / "sources" / "not-people.txt"
    path.write_text(path.read_text(encoding="utf-8") + "".join(f"{word}\n" for word in words), encoding="utf-8")


def add_text(copy: Path, slug: str, profile: str, folder: str, options: str, people: list[str]) -> str:
    """Add a text as an editor would: `edition new`, then fill in source.yaml; return what
    `edition new` printed."""
    result = edition(copy, "new", slug, "--profile", profile, str(FIXTURES / folder / "raw.txt"))
    assert result.returncode == 0, result.stderr
    made = (copy / "sources" / slug / "source.yaml").read_text(encoding="utf-8")
    digest = re.search(r"^sha256: (\w+)$", made, re.M).group(1)
    meta = (FIXTURES / "source.yaml").read_text(encoding="utf-8")
    for key, value in {"SLUG": slug, "SHA256": digest, "PROFILE": profile, "OPTIONS": options,
                       "TITLE": f"Sixth text ({folder})", "SHORT": f"Sixth {folder}",
                       "LABEL": f"Test {folder}"}.items():
        meta = meta.replace(key, value)
    (copy / "sources" / slug / "source.yaml").write_text(meta, encoding="utf-8")
    for extra in (FIXTURES / folder).glob("*.yaml"):
        shutil.copy2(extra, copy / "sources" / slug / extra.name)
    register(copy, slug, people)
    return result.stdout


def build(copy: Path, slug: str, engine: str = "mkdocs") -> BeautifulSoup:
    """Record the new text's anchors, build the site (no PDFs), write the word table, run
    every check (the conservation audit, the lints, the anchors, the navigation); its page."""
    for args in (["anchors", "--accept", slug], ["build", "--no-pdf"], ["words"], ["check"]):
        result = edition(copy, *args, engine=engine)
        assert result.returncode == 0, result.stdout + result.stderr
    return BeautifulSoup((copy / "site" / "texts" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")


def person_links(soup: BeautifulSoup) -> dict[str, str]:
    return {a.get_text(): a["href"] for a in soup.select("article a.person")}


def in_navigation(copy: Path, slug: str) -> bool:
    """Whether the home page's navigation links the text (a page's own entry links "./")."""
    home = BeautifulSoup((copy / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    return any(a.get("href", "").rstrip("/").endswith(f"texts/{slug}") for a in home.select("nav.md-nav a"))


@pytest.mark.parametrize("engine", ["mkdocs", pytest.param("zensical", marks=pytest.mark.skipif(
    importlib.util.find_spec("zensical") is None, reason="Zensical is not installed"))])
def test_frus_text_with_calls_after_punctuation_and_no_page_marker(root, tmp_path, engine):
    copy = copy_of(root, tmp_path)
    slug = "frus-1961-63-v05-d88-test"
    printed = add_text(copy, slug, "frus", "frus", "{first_page: 190}",
                       ["khrushchev-nikita", "kennedy-john", "thompson-llewellyn"])
    assert "Next:" in printed and "edition anchors --accept" in printed
    not_people(copy, "Telegram", "Confidential", "Document")
    soup = build(copy, slug, engine)
    article = soup.select_one("article")
    text = article.get_text()
    # Every call became a note reference, the two-digit ones too, none left in the text.
    refs = [a.get_text() for a in article.select("sup a, a.footnote-ref")]
    assert {"2", "9", "10", "11"} <= set(refs), refs
    html = str(article)
    assert all(f"{before}<sup" in html for before in ("Berlin.", "useful,", "man,", "Laos;", "State"))
    assert len(article.select(".footnote li, div.footnote li")) == 11
    # No marker: the first page is the option's, shown as inferred.
    assert soup.select_one("#page-190") is not None
    assert article.select_one("#p-1") is not None and article.select_one("#p-4") is not None
    # The subject once; a name linked; the archive's name not.
    assert text.count("Subject:") == 1
    links = person_links(soup)
    assert any("khrushchev-nikita" in href for href in links.values())
    assert "Kennedy" in links and all(a.get_text() != "Kennedy" or "Library" not in a.next_sibling
                                      for a in article.select("a.person") if a.next_sibling)
    assert "Kennedy Library" in text and not any("Library" in label for label in links)
    library = text.index("Kennedy Library")
    assert sum(1 for a in article.select("a.person") if a.get_text() == "Kennedy") == 1
    assert library > 0
    assert in_navigation(copy, slug)
    manifest = (copy / "sources" / "anchors.yaml").read_text(encoding="utf-8")
    assert f"{slug}:" in manifest
    assert code_of(copy) == code_of(root)  # no code changed


def code_of(root: Path) -> dict[str, bytes]:
    """The files under scripts/, what is installed or cached there aside (bytecode, which Python
    writes as it imports; the benchmark's node_modules; an egg-info): a byte comparison of the
    folders failed whenever Python had imported from one and not the other."""
    generated = {"__pycache__", "node_modules"}
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in (root / "scripts").rglob("*")
            if path.is_file() and not generated & set(path.parts) and ".egg-info" not in str(path)}


def test_typescript_memorandum(root, tmp_path):
    copy = copy_of(root, tmp_path)
    slug = "vienna-memcon-1961-06-04-test"
    add_text(copy, slug, "memcon", "memo", "{stamp_lines: [DECLASSIFIED, Authority NLK-91-77, By JWF NARA]}",
             ["khrushchev-nikita", "akalovsky-alexander"])
    soup = build(copy, slug)
    article = soup.select_one("article")
    text = article.get_text().split("Editorial apparatus")[0]  # the reading text, not the list of furniture
    # The stamp, the classification, the folio and the catchword are furniture; the paragraph
    # broken by the page is one, with page 2's anchor inside it.
    assert "DECLASSIFIED" not in text and "~~SECRET~~" not in text and "-2-" not in text
    broken = next(p for p in article.select("[id^=p-]") if "bound up with" in p.get_text())
    assert "the position in Berlin" in broken.get_text() and broken.select_one("#page-2")
    links = person_links(soup)
    assert any("khrushchev-nikita" in href for href in links.values())
    assert "Kennedy Library" in text and "Kennedy" not in links
    assert in_navigation(copy, slug)
    assert code_of(copy) == code_of(root)
