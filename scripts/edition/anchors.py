"""Permanent anchors (DESIGN §3): a checked-in manifest of every published anchor with a
fingerprint of the text it points to, compared on every check.

An anchor must never vanish and never point at other text. When an editor changes a text
on purpose, ``edition anchors --accept`` records the new fingerprints (and the change goes
into the changelog); when a paragraph is split or merged, ``--alias`` keeps the old anchor
resolving by pointing it at the paragraph that now holds its text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from .audit import fold
from .errors import fail
from .files import write_atomic
from .sources import load_yaml
from .model import PAGE_RE, Document, strip_page_marks
from .render.markdown import numbered_blocks

MANIFEST = Path("sources") / "anchors.yaml"
# How much of the text after a page mark identifies the page's beginning.
PAGE_CONTEXT = 80


def fingerprint(text: str) -> str:
    """A short, stable digest of text, insensitive to spacing, punctuation and case.

    >>> fingerprint("The  “thaw”,") == fingerprint("the thaw")
    True
    """
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()[:16]


def block_text(block) -> str:
    return " ".join([block.text, *block.items])


def current_anchors(doc: Document) -> dict[str, str]:
    """Every anchor a document publishes, with the fingerprint of what it points to."""
    anchors: dict[str, str] = {}
    for n, block in numbered_blocks(doc):
        if n is not None:
            anchors[f"p-{n}"] = fingerprint(strip_page_marks(block_text(block)))
    # A page anchor points at the text that follows it, across blocks if need be.
    whole = " ".join(block_text(block) for block in doc.blocks)
    for match in PAGE_RE.finditer(whole):
        following = fold(strip_page_marks(whole[match.end() :]))[:PAGE_CONTEXT]
        anchors[f"page-{match.group(1)}"] = fingerprint(following)
    return anchors


@dataclass
class Problem:
    slug: str
    anchor: str
    kind: str  # "vanished" or "moved"

    def __str__(self) -> str:
        code = "A301" if self.kind == "vanished" else "A302"
        return str(fail(code, MANIFEST, anchor=f"{self.slug}#{self.anchor}"))


def load_manifest(root: Path) -> dict:
    """The manifest, checked (the schema, kind ``anchors``); none before the first
    publication. An empty or malformed one is an error, never "nothing published"."""
    path = root / MANIFEST
    if not path.exists():
        return {}
    data, _ = load_yaml(path, "anchors")
    return data


def save_manifest(root: Path, manifest: dict) -> None:
    header = (
        "# Every published anchor of every text, with a fingerprint of the text it points to\n"
        "# (edition.anchors). Written by `edition anchors --accept`; never edit by hand.\n"
        "# An anchor listed here must resolve forever: a test fails if one vanishes or moves.\n"
    )
    body = yaml.safe_dump(manifest, allow_unicode=True, sort_keys=True, width=100)
    write_atomic(root / MANIFEST, header + body)


def compare(manifest: dict, current: dict[str, dict[str, str]]) -> list[Problem]:
    """Published anchors that vanished or moved."""
    problems = []
    for slug, entry in manifest.items():
        now = current.get(slug, {})
        aliases = entry.get("aliases", {})
        for anchor, digest in entry.get("anchors", {}).items():
            if anchor in aliases:
                if aliases[anchor] not in now:
                    problems.append(Problem(slug, anchor, "vanished"))
            elif anchor not in now:
                problems.append(Problem(slug, anchor, "vanished"))
            elif now[anchor] != digest:
                problems.append(Problem(slug, anchor, "moved"))
    return problems


def accept(manifest: dict, current: dict[str, dict[str, str]], slugs: list[str]) -> dict:
    """Record the current anchors of `slugs` as intended: new fingerprints, new anchors.

    Published anchors are never dropped: one that no longer exists must be aliased first.
    """
    updated = {slug: {k: dict(v) for k, v in entry.items()} for slug, entry in manifest.items()}
    for slug in slugs:
        entry = updated.setdefault(slug, {"anchors": {}})
        aliases = entry.get("aliases", {})
        for anchor in entry["anchors"]:
            if anchor not in current[slug] and anchor not in aliases:
                raise fail("A303", MANIFEST, anchor=f"{slug}#{anchor}")
        for anchor, digest in current[slug].items():
            if anchor not in aliases:
                entry["anchors"][anchor] = digest
    return updated


def add_alias(manifest: dict, slug: str, old: str, new: str, current: dict[str, dict[str, str]]) -> dict:
    """Keep a published anchor resolving by pointing it at another anchor of the same text."""
    if new not in current.get(slug, {}):
        raise fail("A304", MANIFEST, anchor=f"{slug}#{new}")
    if old in current.get(slug, {}):
        raise fail("A305", MANIFEST, anchor=f"{slug}#{old}")
    updated = {s: {k: dict(v) for k, v in e.items()} for s, e in manifest.items()}
    updated.setdefault(slug, {"anchors": {}}).setdefault("aliases", {})[old] = new
    return updated


def aliases_by_target(manifest: dict, slug: str) -> dict[str, list[str]]:
    """For rendering: the old anchors that must resolve to each current anchor."""
    out: dict[str, list[str]] = {}
    for old, new in manifest.get(slug, {}).get("aliases", {}).items():
        out.setdefault(new, []).append(old)
    return out
