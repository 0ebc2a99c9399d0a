"""Regenerating only the texts whose inputs changed (`edition build`).

A text's pages (``docs/texts/<slug>.md`` and its citations and open data) are a pure function
of its inputs, so a build may keep them when none of these changed since the build that made
them:

- the files of the text's folder (``raw.txt``, ``source.yaml``, ``corrections.yaml``, ...);
- the shared data: every file under ``sources/`` outside the texts' folders (people, glossary,
  timeline, cross-references, changelog, anchors, lexicon, word lists) and ``mkdocs.yml``;
- the code: every file of the package (modules, templates, schemas), the versions of the
  libraries generation uses, and Python's;
- what the text's pages read of the other texts, as the pipeline computed it this build (the
  site context with every text's title and label, the connections, the text's anchor aliases),
  so that no file-level rule has to guess it.

The first three make a document's key: a text whose key is unchanged is not cleaned again
(its :class:`~edition.model.Document` is read from the cache, as it was built). With the
fourth they make the pages' key: a text whose pages' key is unchanged, and whose pages on
disk are byte for byte those the manifest records, is not rendered and its pages are not
rewritten. A hand-edited or deleted page fails the second test and is made again. The
digests are taken before the sources are read and again once the pages are written; an input
edited in between drops the whole cache, so no manifest ever pairs one version's digests with
pages made from another.

The manifest and the documents live under ``.edition-cache/`` (gitignored, and apart from
Zensical's ``.cache/``): a cache, never an input. Deleting it costs one full build.
`edition check` never reads it: its freshness audit renders everything and compares it with
``docs/``.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from .files import write_atomic
from .model import Document
from .sources import Text

CACHE = Path(".edition-cache")
MANIFEST = CACHE / "manifest.json"
PACKAGE = Path(__file__).parent
# The libraries whose behaviour generation depends on (parsing, templates, escaping, the word
# model's frequencies): a new version may change a page, so it changes every key.
LIBRARIES = ("PyYAML", "Jinja2", "MarkupSafe", "wordfreq")


def digest(*parts: str | bytes) -> str:
    """The SHA-256 of the parts, each length-prefixed so that no two lists of parts collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(f"{len(data)}:".encode())
        hasher.update(data)
    return hasher.hexdigest()


def files_under(folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted, bytecode left out."""
    return sorted(path for path in folder.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc")


def file_digests(root: Path, paths: list[Path]) -> dict[str, str]:
    """{path relative to root: SHA-256 of its bytes}."""
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in paths}


def code_digest() -> str:
    """The version of the code, as content: every file of the package, the libraries'
    versions and Python's."""
    parts = [f"python {sys.version}"]
    for name in LIBRARIES:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} absent")
    for path in files_under(PACKAGE):
        parts += [path.relative_to(PACKAGE).as_posix(), path.read_bytes()]
    return digest(*parts)


def snapshot(root: Path) -> tuple[str, dict[str, str]]:
    """The code's digest and that of every file a build reads: all of sources/ and
    mkdocs.yml (the site's address, in every citation)."""
    return code_digest(), file_digests(root, files_under(root / "sources") + [root / "mkdocs.yml"])


def split_inputs(files: dict[str, str], texts: list[Text],
                 root: Path) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """The files of each text's folder, by slug, and the shared data (every other file)."""
    folders = {text.slug: text.folder.relative_to(root).as_posix() + "/" for text in texts}
    own = {slug: {rel: sha for rel, sha in files.items() if rel.startswith(prefix)}
           for slug, prefix in folders.items()}
    shared = {rel: sha for rel, sha in files.items()
              if not any(rel.startswith(prefix) for prefix in folders.values())}
    return own, shared


def document_key(code: str, text_inputs: dict[str, str], shared: dict[str, str]) -> str:
    """The key of a text's document: the code, its own files and the shared data."""
    return digest(code, json.dumps(text_inputs, sort_keys=True), json.dumps(shared, sort_keys=True))


def described(*read: Any) -> str:
    """What pages read of the edition beyond their text (``read``: the contexts, as the
    pipeline made them this build), as one digest. Their ``repr`` is a full and stable
    description: dataclasses, dicts, lists and strings, no sets. The contexts every text
    reads are described once a build (their ``repr`` is some 400,000 characters)."""
    return digest(*(repr(value) for value in read))


def pages_key(document: str, shared: str, *read: Any) -> str:
    """The key of a text's pages: its document's key, the contexts every text reads
    (``shared``, :func:`described`) and those it alone reads (``read``)."""
    return digest(document, shared, described(*read))


@dataclass
class BuildCache:
    """The manifest of the last build's inputs and outputs of each text, and its documents.
    :meth:`begin` is called before the sources are read, :meth:`use` with the texts read,
    then the others."""

    root: Path
    code: str = ""
    files: dict[str, str] = field(default_factory=dict)  # every input file's digest, at begin
    manifest: dict[str, dict[str, Any]] = field(default_factory=dict)
    shared: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, dict[str, str]] = field(default_factory=dict)  # each text's files, by slug
    keys: dict[str, str] = field(default_factory=dict)  # document keys of this build, by slug
    regenerated: list[str] = field(default_factory=list)  # texts rendered this build

    def begin(self) -> None:
        """Take the digests of the inputs, before they are read (so that a file changed while
        the build runs is seen by :meth:`save`), and read the manifest (an unreadable or
        absent one is empty: every text is then made)."""
        self.code, self.files = snapshot(self.root)
        try:
            manifest = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        self.manifest = manifest if isinstance(manifest, dict) else {}

    def use(self, texts: list[Text]) -> None:
        """Tell each text's files from the shared data, now that the texts are known."""
        self.inputs, self.shared = split_inputs(self.files, texts, self.root)

    def _document_path(self, slug: str) -> Path:
        return self.root / CACHE / "documents" / f"{slug}.pickle"

    def document(self, text: Text, build: Callable[[Text], Document]) -> Document:
        """The text's document: from the cache when it was built from the same inputs, else
        built (by ``build``) and stored."""
        key = self.keys[text.slug] = document_key(self.code, self.inputs[text.slug], self.shared)
        path = self._document_path(text.slug)
        try:
            stored_key, data = pickle.loads(path.read_bytes())
            if stored_key == key:
                return pickle.loads(data)
        except Exception:  # absent, truncated or unreadable (whatever unpickling raises): build it
            pass
        doc = build(text)
        # Stored before anything annotates it further (people are marked on every build).
        write_atomic(path, pickle.dumps((key, pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)),
                                        protocol=pickle.HIGHEST_PROTOCOL))
        return doc

    def pages_key(self, slug: str, shared: str, *read: Any) -> str:
        """The key of the text's pages this build (:func:`pages_key`)."""
        return pages_key(self.keys[slug], shared, *read)

    def fresh(self, slug: str, key: str) -> bool:
        """Whether the text's pages on disk are those its inputs make: the manifest records
        the same pages' key, and every page it lists is on disk with the recorded bytes."""
        entry = self.manifest.get(slug)
        if not isinstance(entry, dict) or entry.get("key") != key or not entry.get("outputs"):
            return False
        for rel, expected in entry["outputs"].items():
            path = self.root / rel
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != expected:
                return False
        return True

    def record(self, slug: str, key: str, pages: dict[Path, str]) -> None:
        """Note the text's inputs and the pages they made (saved by :meth:`save`)."""
        self.regenerated.append(slug)
        self.manifest[slug] = {
            "key": key,
            "inputs": {"code": self.code, **self.inputs[slug], **self.shared},
            "outputs": {rel.as_posix(): hashlib.sha256(content.encode("utf-8")).hexdigest()
                        for rel, content in pages.items()},
        }

    def save(self) -> None:
        """Write the manifest, keeping only the texts of this build; unless an input changed
        while the build ran: the pages may then be made from either version, so the whole
        cache is dropped and the next build makes everything."""
        if snapshot(self.root) != (self.code, self.files):
            shutil.rmtree(self.root / CACHE, ignore_errors=True)
            return
        self.manifest = {slug: self.manifest[slug] for slug in self.keys if slug in self.manifest}
        write_atomic(self.root / MANIFEST, json.dumps(self.manifest, indent=1, sort_keys=True) + "\n")
