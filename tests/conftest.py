"""Shared fixtures: the repository root, the edition's texts cleaned once per session, and
the site built once per session.

Markers (pyproject.toml): ``slow`` for tests that take seconds of their own (a second full
build, an install, the benchmark), ``pdf`` for tests that read the PDFs, ``browser`` for
Chromium. The developer's fast loop is ``pytest -m "not slow and not browser"``: it builds
the site once, without PDFs, because no selected test reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from edition.model import plain_text
from edition.pipeline import build_document
from edition.site import build_site
from edition.sources import load_edition

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config, items):
    """A test that reads the PDFs needs the PDF build, which is slow: mark it so. A test that
    reads the built site is marked ``site`` (the fast loop can leave the build out)."""
    for item in items:
        if item.get_closest_marker("pdf"):
            item.add_marker(pytest.mark.slow)
        if {"site", "built_site"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def texts():
    _, loaded = load_edition(ROOT)
    return {text.slug: text for text in loaded}


@pytest.fixture(scope="session")
def documents(texts):
    return {slug: build_document(text) for slug, text in texts.items()}


@dataclass(frozen=True)
class BuiltSite:
    path: Path
    pdf_pages: dict[str, int]  # pages of each text's PDF; empty when built without PDFs


@pytest.fixture(scope="session")
def built_site(request, tmp_path_factory) -> BuiltSite:
    """The site, built once for the session by the build `edition build` runs: with the PDFs
    when a selected test reads them (marked ``pdf``), else without (the fast loop)."""
    pdf = any(item.get_closest_marker("pdf") for item in request.session.items)
    site_dir = tmp_path_factory.mktemp("build") / "site"
    pages = build_site(ROOT, site_dir, pdf=pdf)
    return BuiltSite(site_dir, pages)


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    return built_site.path


@lru_cache(maxsize=None)
def parsed(path: Path) -> BeautifulSoup:
    """A built page, parsed once for the session (parsing the CIA page takes a second). Read
    it, never change it: a test that edits a tree parses its own."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def reading_text(doc) -> str:
    """The whole reading text of a document as plain text (the model's one plain text)."""
    return plain_text(doc)


def pytest_configure(config):
    """The session holds large trees (documents, parsed pages), which every full garbage
    collection walks again: collect less often (the suite's memory stays small)."""
    import gc

    gc.set_threshold(100_000, 50, 100)


# Every code of the error registry must be raised by some test (tests/test_errors.py says
# why). Each EditionError made during the session is noted; a complete run of the suite
# fails at its end if a registered code never was.
RAISED: set[str] = set()


def _note_codes() -> None:
    from edition import errors

    init = errors.EditionError.__init__

    def noting(self, code, *args, **kwargs):
        RAISED.add(code)
        init(self, code, *args, **kwargs)

    errors.EditionError.__init__ = noting


_note_codes()


def _complete_run(session) -> bool:
    """The whole suite ran: `pytest` with no paths, no -m and no -k, and nothing failed."""
    config = session.config
    return (config.args_source == pytest.Config.ArgsSource.TESTPATHS
            and not config.option.markexpr and not config.option.keyword
            and not session.testsfailed)


def pytest_sessionfinish(session, exitstatus):
    from edition.errors import CODES

    missing = sorted(set(CODES) - RAISED)
    if _complete_run(session) and missing and exitstatus == 0:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(f"error: no test raises these registered codes: {', '.join(missing)}", red=True)
        session.exitstatus = 1
