"""Every release's reading texts, citable by version (``/releases/<version>/``), and what
changed in them from one release to the next, paragraph by paragraph.

The newest release in ``sources/changelog.yaml`` is the current one: the build writes its
files from today's reading texts (the ``.txt`` and TEI beside each text page). Every earlier
release is frozen: its files are data under ``sources/releases/<version>/``, made once from
that release's own commit (``sources/releases/README.md`` says how), listed with their SHA-256
in ``sources/releases/SHA256SUMS`` (``sha256sum -c`` reads it), and only ever copied by the
build. A past release that is missing is ``V101``, one whose file was altered ``V102``;
``edition freeze`` freezes the current release before a newer one is listed.

The paragraph diff reads the plain texts only (``¶ N [p. P] text``), so it is the same for a
frozen release and for the current one; words are compared, not spacing.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import fail
from .files import write_atomic

FOLDER = Path("sources/releases")
SUMS = FOLDER / "SHA256SUMS"
_SUM_LINE = re.compile(r"([0-9a-f]{64})  (\S+)/(\S+)\.(txt|xml)")
_PARAGRAPH = re.compile(r"¶ (\d+[a-z]?)(?: \[p\. ((?:[^\[\]]|\[[^\]]*\])*)\])? (.*)")


def checksums(root: Path) -> dict[str, dict[str, tuple[str, int]]]:
    """The checksum list: {version: {file name: (sha256, line)}}."""
    out: dict[str, dict[str, tuple[str, int]]] = {}
    path = root / SUMS
    if not path.exists():
        return out
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            match = _SUM_LINE.fullmatch(line)
            if match is None:
                raise fail("S108", SUMS, number, name="checksum line", form="<sha256>  <version>/<slug>.<txt|xml>")
            digest, version, slug, ext = match.groups()
            out.setdefault(version, {})[f"{slug}.{ext}"] = (digest, number)
    return out


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def frozen(root: Path, version: str, sums: dict) -> dict[str, str]:
    """The files of a past release, {file name: content}, each checked against its checksum."""
    listed = sums.get(version)
    if not listed:
        raise fail("V101", SUMS, None, version=version, what="no file of it is listed")
    files = {}
    for name, (digest, line) in sorted(listed.items()):
        path = root / FOLDER / version / name
        if not path.exists():
            raise fail("V101", SUMS, line, version=version, what=f"{FOLDER / version / name} is missing")
        data = path.read_bytes()
        if sha256(data) != digest:
            raise fail("V102", FOLDER / version / name, None, version=version, sums_line=line)
        files[name] = data.decode("utf-8")
    return files


def release_files(root: Path, changelog: list[dict], current: dict[str, str]) -> dict[str, dict[str, str]]:
    """Every release's files, {version: {file name: content}}, newest first: the current
    release's from the build (``current``), every earlier one frozen and checked. A frozen
    copy of the current release, if there is one, is checked too, but the build's is served."""
    sums = checksums(root)
    out = {changelog[0]["version"]: dict(current)}
    for entry in changelog[1:]:
        out[entry["version"]] = frozen(root, entry["version"], sums)
    if changelog[0]["version"] in sums:
        frozen(root, changelog[0]["version"], sums)
    return out


def freeze(root: Path, version: str, files: dict[str, str]) -> list[Path]:
    """Freeze a release (``edition freeze``, before a newer version is listed): write its
    files under ``sources/releases/<version>/`` and their checksums to ``SHA256SUMS``. A
    release frozen once is never written again (``V103``)."""
    listed = checksums(root).get(version)
    if listed:
        raise fail("V103", SUMS, min(line for _, line in listed.values()), version=version)
    written = []
    for name, content in sorted(files.items()):
        write_atomic(root / FOLDER / version / name, content)
        written.append(FOLDER / version / name)
    lines = [f"{sha256(content.encode('utf-8'))}  {version}/{name}\n" for name, content in sorted(files.items())]
    sums = root / SUMS
    write_atomic(sums, (sums.read_text(encoding="utf-8") if sums.exists() else "") + "".join(lines))
    return written


# --- The paragraph diff --------------------------------------------------------------------

@dataclass(frozen=True)
class Paragraph:
    id: str
    page: str
    text: str


def paragraphs(txt: str) -> dict[str, Paragraph]:
    """The paragraphs of a release's plain text by id (``¶ 10a`` is ``p-10a``), in order."""
    out = {}
    for line in txt.splitlines():
        match = _PARAGRAPH.fullmatch(line)
        if match:
            number, page, text = match.groups()
            out[f"p-{number}"] = Paragraph(f"p-{number}", page or "", text)
    return out


@dataclass(frozen=True)
class Change:
    kind: str            # added, removed, changed, merged
    id: str
    words: tuple = ()    # for "changed": (equal | delete | insert, words) runs, context cut
    into: str = ""       # for "merged": the paragraph it now belongs to
    text: str = ""       # for "added" and "removed": the paragraph's text
    pages: tuple = ()    # for "changed": (old, new) page labels where they differ (a page cited)


def word_diff(old: str, new: str, context: int = 5) -> tuple:
    """The words of ``old`` and ``new`` as runs (``equal``, ``delete``, ``insert``), long equal
    runs cut to ``context`` words either side of a change (an ellipsis marks the cut)."""
    a, b = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            words = a[i1:i2]
            if len(words) > 2 * context:
                head = " ".join(words[:context]) if runs else ""
                tail = " ".join(words[-context:]) if i2 < len(a) or j2 < len(b) else ""
                words = [w for w in (head, "…", tail) if w]
            runs.append(("equal", " ".join(words)))
            continue
        if op in ("delete", "replace"):
            runs.append(("delete", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            runs.append(("insert", " ".join(b[j1:j2])))
    if runs and runs[-1][0] == "equal" and len(runs[-1][1].split()) > context + 1:
        runs[-1] = ("equal", " ".join(runs[-1][1].split()[:context]) + " …")
    return tuple(runs)


def diff(old: str, new: str, aliases: dict[str, str]) -> list[Change]:
    """What changed in one text's paragraphs from the release ``old`` to ``new`` (plain
    texts): in the new order, paragraphs changed (by words, or in their pages) and added; then those removed, or
    merged where the anchors manifest makes the old id an alias of another."""
    before, after = paragraphs(old), paragraphs(new)
    changes = []
    for ident, para in after.items():
        if ident not in before:
            changes.append(Change("added", ident, text=para.text))
        elif before[ident].text.split() != para.text.split() or before[ident].page != para.page:
            words = word_diff(before[ident].text, para.text) if before[ident].text.split() != para.text.split() else ()
            pages = (before[ident].page, para.page) if before[ident].page != para.page else ()
            changes.append(Change("changed", ident, words=words, pages=pages))
    for ident, para in before.items():
        if ident not in after:
            if ident in aliases:
                changes.append(Change("merged", ident, into=aliases[ident]))
            else:
                changes.append(Change("removed", ident, text=para.text))
    return changes


def text_changes(releases: dict[str, dict[str, str]], slugs: list[str], manifest: dict) -> list[dict]:
    """For each release after the first, newest first: its version, the one before, and per
    text the list of :class:`Change` from that one (texts without changes left out)."""
    versions = list(releases)
    out = []
    for new, old in zip(versions, versions[1:]):
        texts = []
        for slug in slugs:
            a, b = releases[old].get(f"{slug}.txt"), releases[new].get(f"{slug}.txt")
            if a is None or b is None:
                continue
            changes = diff(a, b, manifest.get(slug, {}).get("aliases", {}))
            if changes:
                texts.append({"slug": slug, "changes": changes})
        out.append({"version": new, "previous": old, "texts": texts})
    return out
