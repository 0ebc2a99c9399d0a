"""Permanent anchors (DESIGN §3): paragraph ids that are identities, and the checked-in
manifest of every published anchor with the text it points to.

The manifest (``sources/anchors.yaml``) lists each text's paragraphs in reading order, each
with its id, a fingerprint and the text the id was published pointing at, and each page
anchor with a fingerprint of the text that follows it. The manifest, not the position,
gives a paragraph its id (:func:`assign_ids`): the current paragraphs are aligned with the
manifest's; a paragraph whose text is unchanged, or changed but still the same passage,
keeps its id; the second part of a split gets a new, never-used id after the first's
(``p-10`` and ``p-10a``, shown as ¶ 10a); the second paragraph of a merge becomes an alias
of the first. Splits and merges are recorded editorial decisions,
``sources/<slug>/paragraphs.yaml`` (:func:`apply_decisions`). A text the manifest does not
know yet is numbered in reading order, as the first edition was.

An anchor must never vanish and never point at other text: ``edition anchors --accept``
records intended textual changes, and refuses one that would give an id text that neither
contains its old text, nor is contained in it, nor is mostly the same words (A306).
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .audit import fold
from .errors import EditionError, fail
from .files import write_atomic
from .model import Block, Document, Inline, Span, block_text, paragraphs
from .sources import load_yaml, load_yaml_list

MANIFEST = Path("sources") / "anchors.yaml"
DECISIONS = "paragraphs.yaml"
# How much of the text after a page mark identifies the page's beginning.
PAGE_CONTEXT = 80
# Two texts are the same passage when this share of their words agree (a corrected word, a
# sentence added); below it, an id would point at other text.
SAME_PASSAGE = 0.6


def fingerprint(text: str) -> str:
    """A short, stable digest of text, insensitive to spacing, punctuation and case.

    >>> fingerprint("The  “thaw”,") == fingerprint("the thaw")
    True
    """
    return hashlib.sha256(fold(text).encode("utf-8")).hexdigest()[:16]


def same_passage(old: str, new: str) -> bool:
    """May an id published pointing at `old` point at `new`? When either contains the other
    (a split keeps its first part, a merge holds both), or most words agree.

    >>> same_passage("The thaw began.", "The thaw began. It ended."), same_passage("a b c d e", "a b x d e")
    (True, True)
    >>> same_passage("The thaw began in 1953.", "Khrushchev met Kennedy at Vienna.")
    False
    """
    a, b = fold(old), fold(new)
    if a and b and (a in b or b in a):
        return True
    words_a, words_b = old.lower().split(), new.lower().split()
    return difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio() >= SAME_PASSAGE


# --- Recorded splits and merges ------------------------------------------------------------

def load_decisions(folder: Path) -> list[tuple[dict, int]]:
    path = folder / DECISIONS
    if not path.exists():
        return []
    entries = load_yaml_list(path, "paragraphs")
    for entry, line in entries:
        if ("split" in entry) == ("merge" in entry):
            raise fail("C118", path, line)
    return entries


def _cut(block: Block, at: int) -> tuple[Inline, Inline]:
    """A block's text and spans in two at offset `at` (spaces at the cut dropped)."""
    text = block.text
    first_end = len(text[:at].rstrip())
    second_start = at + (len(text[at:]) - len(text[at:].lstrip()))
    first = Inline(text[:first_end], [s for s in block.spans if s.end <= first_end])
    second = Inline(text[second_start:], [
        Span(s.kind, s.start - second_start, s.end - second_start, s.attrs, s.lines)
        for s in block.spans if s.start >= second_start])
    return first, second


def apply_decisions(doc: Document, folder: Path) -> None:
    """Split and merge paragraphs as ``paragraphs.yaml`` records (C119 when the words a
    decision names do not stand in exactly one paragraph where it says)."""
    path = folder / DECISIONS
    for entry, line in load_decisions(folder):
        words = entry.get("split") or entry.get("merge")
        paras = paragraphs(doc)
        if "split" in entry:
            found = [b for b in paras if b.kind != "list" and words in b.text and not b.text.startswith(words)]
        else:
            found = [b for b in paras[1:] if b.kind != "list" and b.text.startswith(words)]
        if len(found) != 1:
            raise fail("C119", path, line, words=words, count=len(found))
        block = found[0]
        index = doc.blocks.index(block)
        if "split" in entry:
            first, second = _cut(block, block.text.index(words))
            block.text, block.spans = first.text, first.spans
            doc.blocks.insert(index + 1, Block(block.kind, second.text, second.spans, line=block.line,
                                               source_lines=list(block.source_lines)))
        else:
            previous = paras[paras.index(block) - 1]
            shift = len(previous.text) + 1
            previous.spans += [Span(s.kind, s.start + shift, s.end + shift, s.attrs, s.lines) for s in block.spans]
            previous.text = f"{previous.text} {block.text}"
            previous.source_lines += block.source_lines
            del doc.blocks[index]


# --- Ids from the manifest ---------------------------------------------------------------

def next_id(after: str, used: set[str]) -> str:
    """A never-used id for a paragraph that follows paragraph `after`: ¶ 10a, 10b, …

    >>> next_id("p-10", {"p-10", "p-10a"}), next_id("p-10a", set())
    ('p-10b', 'p-10b')
    """
    stem = after.rstrip("abcdefghijklmnopqrstuvwxyz")
    suffix = after[len(stem):]
    letters = "abcdefghijklmnopqrstuvwxyz"
    start = letters.index(suffix[-1]) + 1 if suffix else 0
    for letter in letters[start:]:
        candidate = stem + suffix[:-1] + letter if suffix else stem + letter
        if candidate not in used:
            return candidate
    raise ValueError(f"no id left after {after}")


def assign_ids(doc: Document, entry: dict | None) -> None:
    """Give every paragraph its id from the manifest's entry for the text (see the module's
    docstring); record merged ids in ``doc.aliases``."""
    paras = paragraphs(doc)
    if not entry or not entry.get("paragraphs"):
        for n, block in enumerate(paras, start=1):
            block.id = f"p-{n}"
        return
    published = entry["paragraphs"]
    used = {p["id"] for p in published} | set(entry.get("aliases", {}))
    texts = [block_text(b) for b in paras]
    matcher = difflib.SequenceMatcher(
        None, [p["fingerprint"] for p in published], [fingerprint(t) for t in texts], autojunk=False)
    ids: list[str | None] = [None] * len(paras)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                ids[j1 + k] = published[i1 + k]["id"]
            continue
        taken: set[int] = set()
        for j in range(j1, j2):  # each new paragraph: the first old one of the region it is
            for i in range(i1, i2):
                if i not in taken and same_passage(published[i]["text"], texts[j]):
                    ids[j] = published[i]["id"]
                    taken.add(i)
                    break
        for i in set(range(i1, i2)) - taken:  # an old paragraph merged into a new one
            for j in range(j1, j2):
                if ids[j] and fold(published[i]["text"]) in fold(texts[j]):
                    doc.aliases.setdefault(ids[j], []).append(published[i]["id"])
                    break
    for j, block in enumerate(paras):
        if ids[j] is None:  # a new paragraph (a split's second part): a never-used id
            ids[j] = next_id(ids[j - 1], used) if j else next_id("p-0", used)
            used.add(ids[j])
        block.id = ids[j]


@lru_cache(maxsize=8)
def _manifest(path: Path, mtime: float) -> dict:
    data, _ = load_yaml(path, "anchors")
    return data


def load_manifest(root: Path) -> dict:
    """The manifest, checked (the schema, kind ``anchors``); none before the first
    publication. An empty or malformed one is an error, never "nothing published"."""
    path = root / MANIFEST
    if not path.exists():
        return {}
    return _manifest(path, path.stat().st_mtime)


def identify(doc: Document, folder: Path, root: Path) -> None:
    """Recorded splits and merges applied, then the ids given: the last step of building a
    document (``pipeline.build_document``)."""
    apply_decisions(doc, folder)
    assign_ids(doc, load_manifest(root).get(folder.name))


# --- The manifest ------------------------------------------------------------------------

def current_anchors(doc: Document) -> dict:
    """Every anchor a document publishes: its paragraphs in order (id, fingerprint, text),
    its page anchors (with a fingerprint of what follows each), its aliases."""
    paras = [{"id": b.id, "fingerprint": fingerprint(block_text(b)), "text": block_text(b)}
             for b in paragraphs(doc)]
    pages: dict[str, str] = {}
    # A page anchor points at the text that follows it, across blocks if need be.
    parts = [part for block in doc.blocks for part in block.parts()]
    for index, part in enumerate(parts):
        for span in part.of("page"):
            following = part.text[span.start:] + " " + " ".join(p.text for p in parts[index + 1:])
            pages[f"page-{span.attrs['n']}"] = fingerprint(fold(following)[:PAGE_CONTEXT])
    aliases = {old: new for new, olds in doc.aliases.items() for old in olds}
    return {"paragraphs": paras, "pages": pages, **({"aliases": aliases} if aliases else {})}


@dataclass
class Problem:
    slug: str
    anchor: str
    kind: str  # "vanished" or "moved"

    def __str__(self) -> str:
        code = "A301" if self.kind == "vanished" else "A302"
        return str(fail(code, MANIFEST, anchor=f"{self.slug}#{self.anchor}"))


def _resolve(entry: dict, anchor: str) -> str:
    aliases = entry.get("aliases", {})
    seen = set()
    while anchor in aliases and anchor not in seen:
        seen.add(anchor)
        anchor = aliases[anchor]
    return anchor


def compare(manifest: dict, current: dict[str, dict]) -> list[Problem]:
    """Published anchors that vanished or moved (an alias resolves to its target)."""
    problems = []
    for slug, entry in manifest.items():
        now = current.get(slug, {"paragraphs": [], "pages": {}})
        merged = {**entry.get("aliases", {}), **now.get("aliases", {})}
        by_id = {p["id"]: p for p in now["paragraphs"]}
        for para in entry["paragraphs"]:
            target = _resolve({"aliases": merged}, para["id"])
            if target not in by_id:
                problems.append(Problem(slug, para["id"], "vanished"))
            elif target == para["id"] and by_id[target]["fingerprint"] != para["fingerprint"]:
                problems.append(Problem(slug, para["id"], "moved"))
            elif target != para["id"] and fold(para["text"]) not in fold(by_id[target]["text"]):
                problems.append(Problem(slug, para["id"], "moved"))
        for old in entry.get("aliases", {}):
            if _resolve({"aliases": merged}, old) not in by_id:
                problems.append(Problem(slug, old, "vanished"))
        for anchor, digest in entry["pages"].items():
            if anchor not in now["pages"]:
                problems.append(Problem(slug, anchor, "vanished"))
            elif now["pages"][anchor] != digest:
                problems.append(Problem(slug, anchor, "moved"))
    return problems


def unrecorded(manifest: dict, current: dict[str, dict]) -> list[EditionError]:
    """A307 for each text of the edition that has no anchors in the manifest: its page would
    be published with anchors nobody has checked or promised to keep."""
    return [fail("A307", MANIFEST, slug=slug) for slug in current if slug not in manifest]


def accept(manifest: dict, current: dict[str, dict], slugs: list[str]) -> dict:
    """Record the current anchors of `slugs` as intended: new texts and fingerprints, new
    ids, new aliases. Published anchors are never dropped (A303: one that no longer exists
    must be aliased first), and never moved to other text (A306)."""
    updated = {slug: dict(entry) for slug, entry in manifest.items()}
    for slug in slugs:
        now = current[slug]
        old = manifest.get(slug)
        aliases = {**(old or {}).get("aliases", {}), **now.get("aliases", {})}
        if old:
            by_id = {p["id"]: p for p in now["paragraphs"]}
            for para in old["paragraphs"]:
                target = _resolve({"aliases": aliases}, para["id"])
                if target not in by_id:
                    raise fail("A303", MANIFEST, anchor=f"{slug}#{para['id']}")
                new_text = by_id[target]["text"]
                if not same_passage(para["text"], new_text):
                    raise fail("A306", MANIFEST, anchor=f"{slug}#{para['id']}",
                               old=para["text"][:60], new=new_text[:60], slug=slug)
            for anchor in old["pages"]:
                if anchor not in now["pages"]:
                    raise fail("A303", MANIFEST, anchor=f"{slug}#{anchor}")
        entry = {"paragraphs": now["paragraphs"], "pages": {**(old or {}).get("pages", {}), **now["pages"]}}
        if aliases:
            entry["aliases"] = aliases
        updated[slug] = entry
    return updated


def add_alias(manifest: dict, slug: str, old: str, new: str, current: dict[str, dict]) -> dict:
    """Keep a published anchor resolving by pointing it at another anchor of the same text."""
    ids = {p["id"] for p in current.get(slug, {}).get("paragraphs", [])} | set(current.get(slug, {}).get("pages", {}))
    if new not in ids:
        raise fail("A304", MANIFEST, anchor=f"{slug}#{new}")
    if old in ids:
        raise fail("A305", MANIFEST, anchor=f"{slug}#{old}")
    updated = {s: dict(e) for s, e in manifest.items()}
    entry = dict(updated.setdefault(slug, {"paragraphs": [], "pages": {}}))
    entry["aliases"] = {**entry.get("aliases", {}), old: new}
    updated[slug] = entry
    return updated


def aliases_by_target(manifest: dict, slug: str) -> dict[str, list[str]]:
    """For rendering: the old anchors that must resolve to each current anchor."""
    out: dict[str, list[str]] = {}
    for old, new in manifest.get(slug, {}).get("aliases", {}).items():
        out.setdefault(new, []).append(old)
    return out


def save_manifest(root: Path, manifest: dict) -> None:
    header = (
        "# Every published anchor of every text (edition.anchors): the paragraphs in reading\n"
        "# order, each with its id, a fingerprint and the text it points to; the page anchors;\n"
        "# the aliases. Written by `edition anchors --accept`; never edit by hand. An anchor\n"
        "# listed here must resolve forever: a test fails if one vanishes or moves.\n"
    )
    body = yaml.safe_dump(manifest, allow_unicode=True, sort_keys=True, width=100)
    write_atomic(root / MANIFEST, header + body)
