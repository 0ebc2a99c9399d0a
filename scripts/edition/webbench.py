"""Benchmarks of the built site in a browser (commands, not tests; figures are printed, never
asserted): what a search query downloads at the 100× synthetic corpus (`edition benchmark
--search`), and Lighthouse 12's scores of the main pages, mobile and desktop (`edition
benchmark --lighthouse`).

Both serve the built site on localhost as a static host does: gzip for text types (HTML, CSS,
JavaScript, JSON, SVG) when the browser accepts it; Pagefind's own files are gzip already
and are sent as they are.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .search import BUNDLE, site_texts, write_index

COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run --disable-quic")
# The pages Lighthouse scores (issue 17): home, two texts, a person, the glossary.
PAGES = {
    "home": "",
    "CIA": "texts/cia-anti-party-group-1962/",
    "Zubok": "texts/zubok-failed-empire-ch4/",
    "Khrushchev": "people/khrushchev-nikita/",
    "glossary": "glossary/",
}
LIGHTHOUSE = Path(__file__).resolve().parents[1] / "lighthouse"  # scripts/lighthouse/


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """A quiet static server that gzips text types, as a web host does."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix in COMPRESSED and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), 6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return _Body(body)
        return super().send_head()


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextmanager
def served(site_dir: Path) -> Iterator[str]:
    """The site at http://127.0.0.1:<port>/ for the duration."""
    handler = functools.partial(StaticHost, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def corpus_site(site_dir: Path, copies: int, target: Path) -> int:
    """The built site copied to ``target`` with the search index of the synthetic corpus of
    ``copies`` copies (the benchmark's: each text again as ``<slug>-<copy>``, its paragraphs
    as they are), in place of the site's own. Returns the number of records and pages."""
    shutil.copytree(site_dir, target)
    shutil.rmtree(target / BUNDLE, ignore_errors=True)
    texts = [(f"{slug}-{copy}", text) for slug, text in site_texts(site_dir) for copy in range(copies)]
    return write_index(target, texts)


def query_downloads(base: str, query: str, page: str = PAGES["CIA"]) -> dict:
    """Open ``page``, then type ``query`` into the search box: the requests of the index made
    on load (none expected), and the bytes of the search's files (``/pagefind/``) transferred
    for the query (as sent, and decoded), with the number of requests and of results."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS.split()[1:])
        context = browser.new_context()
        tab = context.new_page()
        seen: list = []
        context.on("requestfinished", lambda request: seen.append(request))
        tab.goto(base + page)
        tab.wait_for_load_state("networkidle")
        on_load = [r.url for r in seen if f"/{BUNDLE}/" in r.url]
        seen.clear()
        tab.fill("#edition-search-input", query)
        tab.wait_for_selector(".edition-search__status")
        tab.wait_for_load_state("networkidle")
        seen = [r for r in seen if f"/{BUNDLE}/" in r.url]  # not the favicon the browser asks for meanwhile
        sent = decoded = 0
        for request in seen:
            sent += request.sizes()["responseBodySize"]
            response = request.response()
            decoded += len(response.body()) if response else 0
        status = tab.inner_text(".edition-search__status")
        browser.close()
    return {"on_load": on_load, "requests": len(seen), "sent": sent, "decoded": decoded, "status": status}


def search_figures(site_dir: Path, copies: int = 100,
                   queries: tuple[str, ...] = ("Khrushchev", "Vienna 1961", '"anti-party group"')) -> list[str]:
    """The lines of `edition benchmark --search`: the index of the ``copies``× corpus, and for
    each query what it downloads."""
    lines = []
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "site"
        count = corpus_site(site_dir, copies, target)
        bundle = sum(p.stat().st_size for p in (target / BUNDLE).rglob("*") if p.is_file())
        meta = sum(p.stat().st_size for p in (target / BUNDLE).glob("*.pf_meta"))
        lines.append(f"search index of the {copies}x corpus: {count} records and pages, "
                     f"{bundle / 1024:.0f} KiB on disk (its pf_meta, fetched by the first query: {meta / 1024:.0f} KiB)")
        with served(target) as base:
            for query in queries:
                got = query_downloads(base, query)
                lines.append(f"query {query}: {got['status']}; {got['requests']} requests, "
                             f"{got['sent'] / 1000:.0f} KB transferred ({got['decoded'] / 1000:.0f} KB decoded; "
                             f"budget 300 KB); index requests on page load: {len(got['on_load'])}")
    return lines


def lighthouse_binary() -> Path:
    """The Lighthouse 12 that ``npm ci --prefix scripts/lighthouse`` installs."""
    return LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"


def lighthouse_report(url: str, form: str) -> dict:
    """Lighthouse's JSON report of ``url`` for ``form`` (``mobile``, its default emulation and
    throttling, or ``desktop``, its desktop preset), with Debian's Chromium."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = [str(lighthouse_binary()), url, "--output=json", f"--output-path={out}", "--quiet",
                   f"--chrome-flags={CHROME_FLAGS}",
                   "--only-categories=performance,accessibility,best-practices,seo"]
        if form == "desktop":
            command.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
        result = subprocess.run(command, capture_output=True, text=True, env=env)
        if not out.exists():
            raise RuntimeError(f"lighthouse failed on {url}: {result.stderr.strip()[-400:]}")
        return json.loads(out.read_text(encoding="utf-8"))


def lighthouse_row(name: str, form: str, report: dict) -> str:
    """One row of the table: the four scores (0–100), total blocking time, element count."""
    cats = report["categories"]
    score = {key: round((cats[key]["score"] or 0) * 100) for key in
             ("performance", "accessibility", "best-practices", "seo")}
    audits = report["audits"]
    tbt = audits["total-blocking-time"]["numericValue"]
    elements = audits["dom-size"].get("numericValue", 0)
    refs = sorted(ref["id"] for ref in cats["accessibility"]["auditRefs"])
    failing = [key for key in refs if audits.get(key, {}).get("score") is not None and audits[key]["score"] < 1]
    return (f"| {name} | {form} | {score['performance']} | {score['accessibility']} | {score['best-practices']} "
            f"| {score['seo']} | {tbt:.0f} ms | {elements:.0f} | {', '.join(failing) or '-'} |")


def lighthouse_table(site_dir: Path, forms: tuple[str, ...] = ("mobile", "desktop")) -> list[str]:
    """The lines of `edition benchmark --lighthouse`: a Markdown table, one row per page and
    form factor."""
    if not lighthouse_binary().exists():
        return [f"Lighthouse is not installed: npm ci --prefix {LIGHTHOUSE.relative_to(LIGHTHOUSE.parents[1])} (see README)"]
    lines = ["| page | form | performance | accessibility | best practices | SEO | TBT | elements | accessibility failing |",
             "|---|---|---|---|---|---|---|---|---|"]
    with served(site_dir) as base:
        for form in forms:
            for name, page in PAGES.items():
                lines.append(lighthouse_row(name, form, lighthouse_report(base + page, form)))
    return lines
