"""Benchmark (a command, not a test): how long loading, cleaning and rendering take, for the
edition and for synthetic corpora of many copies of it, against a bare `mkdocs build` of the
raw texts; and how heavy each text page is. Figures are printed, never asserted.

Each copy of the synthetic corpus is loaded from ``sources/`` afresh (files read, YAML
parsed and checked, the cache of parsed YAML cleared first) and, before each of its texts,
the word caches are cleared, so every copy pays the full cost of a new text (a fair
stand-in for different texts). The pages are rendered with the contexts the pipeline's
own builders make (:func:`~edition.pipeline.site_context`, :func:`~edition.pipeline.
connect`), never with ones assembled here, so the benchmark cannot drift from what
`edition build` renders.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from . import pipeline
from .cleanup import words
from .contexts import Connections, SiteContext
from .model import Document
from .render.markdown import render_text
from .sources import Text, clear_yaml_cache, load_edition

BARE_MKDOCS = """site_name: bare
theme: {name: material}
"""


def clear_caches() -> None:
    """Forget what an earlier text taught the process: the word model's figures and the
    parsed YAML (a new text's files are new to the cache)."""
    clear_yaml_cache()
    words.clear_caches()


def load_and_clean(root: Path, copy: int) -> list[tuple[Text, Document]]:
    """One copy of the corpus, from the files up: the sources loaded (read, YAML parsed,
    checked), then each text cleaned as a new one (caches cleared, its slug suffixed with
    `copy`). Loading is part of the cost of a text, so it is timed with the cleaning."""
    clear_yaml_cache()
    _, texts = load_edition(root)
    pairs = []
    for text in texts:
        clear_caches()
        pairs.append((text, pipeline.build_document(replace(text, slug=f"{text.slug}-{copy}"))))
    return pairs


def clean_and_render(root: Path, site: SiteContext, connections: Connections,
                     copies: int = 1) -> tuple[float, float]:
    """Seconds spent loading and cleaning (sources read, YAML parsed, profiles and fixers)
    and rendering (Markdown), in total over `copies` copies of the corpus."""
    cleaning = rendering = 0.0
    for copy in range(copies):
        started = time.perf_counter()
        pairs = load_and_clean(root, copy)
        cleaned = time.perf_counter()
        for text, doc in pairs:
            render_text(text, doc, site, {}, connections)
        cleaning += cleaned - started
        rendering += time.perf_counter() - cleaned
    return cleaning, rendering


def generation_seconds(root: Path) -> tuple[float, float, float]:
    """Seconds `edition build --no-site` spends making docs/ (:func:`~edition.pipeline.
    regenerate`) in a copy of the edition: with no build cache, again with nothing changed,
    and after a comment was added to the last text's source.yaml (that text alone is made
    again). Caches are cleared before each, as for a new process; wordfreq's table, read
    once, stays loaded."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "edition"
        for name in ("sources", "docs"):
            if (root / name).is_dir():
                shutil.copytree(root / name, copy / name)
        shutil.copy(root / "mkdocs.yml", copy / "mkdocs.yml")
        _, texts = load_edition(copy)
        seconds = []
        for change in (None, None, texts[-1].folder / "source.yaml"):
            if change is not None:
                change.write_text(change.read_text(encoding="utf-8") + "# changed by the benchmark\n",
                                  encoding="utf-8")
            clear_caches()
            started = time.perf_counter()
            pipeline.regenerate(copy)
            seconds.append(time.perf_counter() - started)
        return seconds[0], seconds[1], seconds[2]


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


def edition_contexts(root: Path) -> tuple[list[Text], SiteContext, Connections]:
    """The texts and the contexts of the real edition, made by the pipeline's builders as
    `generate` makes them (not timed: they are made once a build, and are the same for
    every copy of the corpus)."""
    edition, texts = load_edition(root)
    site = pipeline.site_context(root, edition, texts)
    connections = pipeline.connect(root, texts, pipeline.build_documents(texts))
    return texts, site, connections


def run(root: Path, site_dir: Path, copies: tuple[int, ...] = (10, 100)) -> list[str]:
    """The figures, one line each: the edition, a bare build of it, each synthetic corpus of
    `copies` copies, the generation of docs/ (full, unchanged, one text changed), a bare build
    of the largest corpus, and the weight of each built text page."""
    texts, site, connections = edition_contexts(root)
    count = len(texts)
    lines = []
    clean, render = clean_and_render(root, site, connections)
    bare = bare_build_seconds(texts)
    lines.append(f"edition ({count} texts): load and clean {clean:.2f} s (sources read, YAML parsed, "
                 f"documents built), render {render:.2f} s, together {clean + render:.2f} s")
    lines.append(f"baseline, bare mkdocs build of the raw texts: {bare:.2f} s; ratio "
                 f"(load and clean + render) / bare = {(clean + render) / bare:.2f} (target <= 1.5)")
    for n in copies:
        c, r = clean_and_render(root, site, connections, n)
        lines.append(f"synthetic corpus {n}x ({count * n} texts): load and clean {c:.2f} s, "
                     f"render {r:.2f} s, together {c + r:.2f} s, per copy {(c + r) / n:.3f} s")
    full, unchanged, one = generation_seconds(root)
    lines.append(f"docs/ generation (edition build --no-site, in a copy): full {full:.2f} s, again with "
                 f"nothing changed {unchanged:.2f} s, after one text's source.yaml changed {one:.2f} s")
    if copies:
        largest = max(copies)
        lines.append(f"baseline for {largest}x: bare mkdocs build {bare_build_seconds(texts, largest):.2f} s")
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
