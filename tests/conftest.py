"""Shared fixtures: the repository root and the edition's texts, cleaned once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from edition.model import strip_page_marks
from edition.pipeline import build_document
from edition.sources import load_edition

ROOT = Path(__file__).resolve().parent.parent


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


def reading_text(doc) -> str:
    """The whole reading text of a document as plain text, page marks removed."""
    parts = [doc.title] if doc.title else []
    for block in doc.blocks:
        parts.append(strip_page_marks(block.text))
        parts.extend(strip_page_marks(item) for item in block.items)
    parts.extend(doc.notes.values())
    return "\n".join(parts)
