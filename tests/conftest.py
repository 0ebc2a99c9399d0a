"""Shared fixtures: the repository root, the edition's texts cleaned once per session, and
the site built once per session.

Markers (pyproject.toml): ``slow`` for tests that take seconds of their own (a second full
build, an install, the benchmark), ``pdf`` for tests that read the PDFs, ``browser`` for
Chromium. The developer's fast loop is ``pytest -m "not slow and not browser"``: it builds
the site once, without PDFs, because no selected test reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from edition.model import strip_page_marks
from edition.pipeline import build_document
from edition.site import build_site
from edition.sources import load_edition

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(config, items):
    """A test that reads the PDFs needs the PDF build, which is slow: mark it so."""
    for item in items:
        if item.get_closest_marker("pdf"):
            item.add_marker(pytest.mark.slow)


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


def reading_text(doc) -> str:
    """The whole reading text of a document as plain text, page marks removed."""
    parts = [doc.title] if doc.title else []
    for block in doc.blocks:
        parts.append(strip_page_marks(block.text))
        parts.extend(strip_page_marks(item) for item in block.items)
    parts.extend(doc.notes.values())
    return "\n".join(parts)
