"""Benchmark (a command, not a test): how long cleaning and rendering take, for the edition
and for a synthetic corpus of many copies of it, against a bare `mkdocs build` of the raw
texts; and how heavy each text page is. Figures are printed, never asserted.

The synthetic corpus repeats the five texts; before each copy the word caches are cleared,
so every copy pays the full cost of a new text (a fair stand-in for different texts).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from .cleanup import words
from .pipeline import build_document
from .render.citation import release
from .render.markdown import render_text
from .sources import Text, load_changelog, load_edition

BARE_MKDOCS = """site_name: bare
theme: {name: material}
"""


def clear_caches() -> None:
    words.zipf.cache_clear()
    words.word_cost.cache_clear()
    words.segment.cache_clear()


def clean_and_render(texts: list[Text], site: dict, copies: int = 1) -> tuple[float, float]:
    """Seconds spent cleaning (profiles and fixers) and rendering (Markdown), in total."""
    cleaning = rendering = 0.0
    for copy in range(copies):
        for text in texts:
            clear_caches()
            started = time.perf_counter()
            doc = build_document(replace(text, slug=f"{text.slug}-{copy}"))
            cleaned = time.perf_counter()
            render_text(text, doc, site, {})
            cleaning += cleaned - started
            rendering += time.perf_counter() - cleaned
    return cleaning, rendering


def bare_build_seconds(texts: list[Text], copies: int = 1) -> float:
    """A bare `mkdocs build` (Material theme) of the raw texts as Markdown pages."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "mkdocs.yml").write_text(BARE_MKDOCS)
        (root / "docs").mkdir()
        (root / "docs" / "index.md").write_text("# bare\n")
        for copy in range(copies):
            for text in texts:
                (root / "docs" / f"{text.slug}-{copy}.md").write_text(text.raw, encoding="utf-8")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "site")],
                       cwd=root, check=True, capture_output=True)
        return time.perf_counter() - started


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """Bytes of a built page's HTML, and of it with every local stylesheet, script and
    image it loads."""
    html = page.read_text(encoding="utf-8")
    total = len(html.encode("utf-8"))
    seen = set()
    for ref in re.findall(r'(?:href|src)="([^"#?]+\.(?:css|js|png|svg|woff2?))"', html):
        target = (page.parent / ref).resolve()
        if target not in seen and target.is_file() and site.resolve() in target.parents:
            seen.add(target)
            total += target.stat().st_size
    return len(html.encode("utf-8")), total


def run(root: Path, site_dir: Path) -> list[str]:
    edition, texts = load_edition(root)
    changelog = load_changelog(root)
    site = {"edition": edition, "release": release(changelog),
            "titles": {t.slug: t.meta["short_title"] for t in texts}}
    lines = []
    clean, render = clean_and_render(texts, site)
    bare = bare_build_seconds(texts)
    lines.append(f"edition (5 texts): clean {clean:.2f} s, render {render:.2f} s, "
                 f"together {clean + render:.2f} s")
    lines.append(f"baseline, bare mkdocs build of the raw texts: {bare:.2f} s; "
                 f"ratio (clean + render) / bare = {(clean + render) / bare:.2f} (target <= 1.5)")
    for copies in (10, 100):
        c, r = clean_and_render(texts, site, copies)
        lines.append(f"synthetic corpus {copies}x ({5 * copies} texts): clean {c:.2f} s, "
                     f"render {r:.2f} s, together {c + r:.2f} s, per copy {(c + r) / copies:.3f} s")
    bare100 = bare_build_seconds(texts, 100)
    lines.append(f"baseline for 100x: bare mkdocs build {bare100:.2f} s")
    if site_dir.exists():
        for text in texts:
            page = site_dir / "texts" / text.slug / "index.html"
            if page.exists():
                html, total = page_weight(site_dir, page)
                lines.append(f"page {text.slug}: HTML {html / 1024:.0f} KiB, with what it loads "
                             f"{total / 1024:.0f} KiB")
    else:
        lines.append(f"(no built site at {site_dir}: run `edition build` for page sizes)")
    return lines


