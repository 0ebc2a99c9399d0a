"""Build the MkDocs site safely: into a fresh folder, swapped in only when it succeeded.

The site folder (``site/`` by default) is replaced whole by every build, so the build
guards it:

- It refuses a folder that is the edition's own (the repository root or above it, ``docs/``,
  ``sources/``, ``scripts/``, ``overrides/``, ``tests/``, ``.git/``, or inside one of them):
  ``B102``; and, just before the swap, any existing folder that is not a previous site, that
  is neither empty nor marked by the file :data:`MARKER` that every build writes into the
  site (a site built before the marker existed is recognised by ``index.html``,
  ``sitemap.xml`` and ``assets/``): ``B103``. Nothing is deleted in either case.
- One build at a time per site folder: a second one fails at once with ``B104`` (it does
  not wait, so that a stuck build shows instead of hanging the next one). The lock is
  ``fcntl.flock`` on ``.<name>.lock`` beside the folder, released by the kernel when the
  build ends, however it ends.
- The swap: the new site is built in ``.<name>-new-XXXXXXXX`` beside the folder; the current
  site is renamed to ``.<name>-old-XXXXXXXX``, the new one renamed into place, the old one
  deleted. If the second rename fails, the old site is renamed back. The guarantee: at every
  moment ``site/`` is the whole previous site or the whole new one, except in the instant
  between the two renames; a build killed exactly then leaves the previous site as
  ``.<name>-old-*``, and the next build, first thing, renames it back. Leftover
  ``.<name>-new-*`` folders (a killed build) and old folders are removed by the next build;
  so are the leftovers of the scheme before this one (``.site-XXXXXXXX`` and ``<name>.old``),
  which therefore block nothing. Only names of these exact forms are touched.
- The site is made readable by the web server: folders 0755, files 0644.
"""

from __future__ import annotations

import datetime
import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import fail
from .files import publishable, write_atomic
from .sources import CHANGELOG, load_changelog

# The file that marks a folder as a site built by `edition build` (so the next build may
# replace it). Its text is the same in every build: nothing of the build machine in it.
MARKER = ".edition-site"
MARKER_TEXT = "Built by `edition build`. The next build replaces this whole folder.\n"

# The edition's own folders, relative to the repository root: never a site folder.
OWN_FOLDERS = ("docs", "sources", "scripts", "overrides", "tests", ".git")

_SUFFIX = "[a-z0-9_]{8}"  # the random part tempfile.mkdtemp gives a name


def release_epoch(root: Path) -> int | None:
    """The release date of the current version, as seconds since the epoch (UTC midnight)."""
    if not (root / CHANGELOG).exists():
        return None
    changelog = load_changelog(root)
    released = datetime.date.fromisoformat(changelog[0]["date"])
    return int(datetime.datetime.combine(released, datetime.time(), datetime.timezone.utc).timestamp())


@contextmanager
def pinned_time(root: Path) -> Iterator[None]:
    """Pin every timestamp the build writes to the release date, for the whole process and
    its children: SOURCE_DATE_EPOCH is read by MkDocs (the sitemap's <lastmod>) and by
    fontTools, which WeasyPrint uses to subset fonts when HarfBuzz's subsetter is absent
    (the font's `head.modified`). Restored afterwards."""
    epoch = release_epoch(root)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def refuse_edition_folder(root: Path, site_dir: Path) -> Path:
    """``site_dir`` resolved, unless it is the repository, above it, or one of its own
    folders (or inside one): the build replaces the site folder whole, so one of those would
    be deleted (``B102``)."""
    root = Path(root).resolve()
    site_dir = Path(site_dir).resolve()
    if site_dir == root:
        raise fail("B102", site_dir, folder=site_dir, what="the repository of the edition")
    if site_dir in root.parents:
        raise fail("B102", site_dir, folder=site_dir, what=f"a folder that holds the repository {root}")
    for name in OWN_FOLDERS:
        if site_dir == root / name or (root / name) in site_dir.parents:
            raise fail("B102", site_dir, folder=site_dir, what=f"the edition's {name}/ or inside it")
    return site_dir


def is_site(folder: Path) -> bool:
    """Whether ``folder`` is a site a build made: it holds the marker, or (a site built
    before the marker existed) MkDocs' ``index.html``, ``sitemap.xml`` and ``assets/``."""
    if (folder / MARKER).is_file():
        return True
    return (folder / "index.html").is_file() and (folder / "sitemap.xml").is_file() \
        and (folder / "assets").is_dir()


def refuse_foreign_folder(site_dir: Path) -> None:
    """Raise ``B103`` unless ``site_dir`` is absent, an empty folder, or a previous site:
    anything else is someone's files, which the swap would delete."""
    if not site_dir.exists() and not site_dir.is_symlink():
        return
    if site_dir.is_dir() and not site_dir.is_symlink() and (is_site(site_dir) or not any(site_dir.iterdir())):
        return
    raise fail("B103", site_dir, folder=site_dir)


def check_site_dir(root: Path, site_dir: Path) -> Path:
    """Both checks, for the command line to run before it spends time generating."""
    site_dir = refuse_edition_folder(root, site_dir)
    refuse_foreign_folder(site_dir)
    return site_dir


def lock_path(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.lock")


@contextmanager
def build_lock(site_dir: Path) -> Iterator[None]:
    """Hold the lock of ``site_dir`` for the duration, or fail at once with ``B104``. The
    kernel drops an ``flock`` when its holder exits, so a killed build leaves no stale lock."""
    path = lock_path(site_dir)
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise fail("B104", site_dir, folder=site_dir, lock=path) from None
        yield  # closing the file releases the lock


def leftovers(site_dir: Path) -> tuple[list[Path], list[Path]]:
    """The folders beside ``site_dir`` that builds of it left: unfinished new sites (to
    delete) and previous sites moved aside (to restore or delete), each by its exact name."""
    new = re.compile(rf"\.{re.escape(site_dir.name)}-new-{_SUFFIX}|\.site-{_SUFFIX}")
    old = re.compile(rf"\.{re.escape(site_dir.name)}-old-{_SUFFIX}")
    unfinished, moved = [], []
    for path in site_dir.parent.iterdir():
        if not path.is_dir() or path.is_symlink():
            continue
        if new.fullmatch(path.name):
            unfinished.append(path)
        elif old.fullmatch(path.name) or (path.name == f"{site_dir.name}.old" and is_site(path)):
            moved.append(path)
    return unfinished, sorted(moved, key=lambda p: p.stat().st_mtime, reverse=True)


def recover(site_dir: Path) -> None:
    """Undo what a killed build left: if ``site_dir`` is missing, put the latest previous
    site back; then remove every leftover folder of earlier builds."""
    unfinished, moved = leftovers(site_dir)
    if moved and not site_dir.exists():
        os.rename(moved.pop(0), site_dir)
    for path in unfinished + moved:
        shutil.rmtree(path, ignore_errors=True)


def swap_in(new: Path, site_dir: Path) -> None:
    """Put the finished site ``new`` in the place of ``site_dir`` (see the module's
    docstring for the guarantee); the previous site is deleted only once the new one is in."""
    refuse_foreign_folder(site_dir)
    if not site_dir.exists() or not any(site_dir.iterdir()):
        os.rename(new, site_dir)  # onto nothing or an empty folder: one atomic rename
        return
    old = new.with_name(new.name.replace("-new-", "-old-", 1))
    os.rename(site_dir, old)
    try:
        os.rename(new, site_dir)
    except BaseException:
        os.rename(old, site_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def mkdocs_problems(output: str) -> list[str]:
    r"""The lines of MkDocs' log that report a problem (WARNING, ERROR), with the lines that
    continue them ("  - orphan.md"); the INFO lines and Material's banner are not problems.

    >>> mkdocs_problems("INFO    -  Building\nWARNING -  Pages not in nav:\n  - a.md\nINFO    -  done")
    ['WARNING -  Pages not in nav:', '  - a.md']
    """
    problems, inside = [], False
    for line in output.splitlines():
        if line.startswith(("WARNING", "ERROR", "CRITICAL")):
            inside = True
        elif line.startswith(("INFO", "DEBUG")) or not line.startswith(" "):
            inside = False
        if inside:
            problems.append(line)
    return problems


def run_mkdocs(root: Path, site_dir: Path) -> None:
    """`mkdocs build --strict` into ``site_dir``. Never ``--quiet``: it hides the warnings that
    strict mode turns into a failure (a page missing from the navigation then builds with
    exit 0). A failure raises B101 with every problem MkDocs reported."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    problems = mkdocs_problems(result.stderr + result.stdout)
    if result.returncode != 0 or problems:
        detail = problems or (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise fail("B101", Path(root) / "mkdocs.yml", detail=" | ".join(detail))


CORPUS = Path("data") / "thaw-edition-corpus.zip"


def write_corpus(site_dir: Path, epoch: int | None) -> Path:
    """The corpus download, ``/data/thaw-edition-corpus.zip``: every text's TEI, plain text and
    JSON (``texts/<slug>/``) and the registers (``data/``), as the site has them. Entries in
    name order, dated the release day, so that two builds make the same bytes."""
    import zipfile

    when = datetime.datetime.fromtimestamp(epoch or 315532800, datetime.timezone.utc).timetuple()[:6]
    files = sorted(p for p in site_dir.glob("texts/*/*") if p.suffix in (".xml", ".txt", ".json"))
    files += sorted(p for p in (site_dir / "data").glob("*") if p.suffix in (".xml", ".json"))
    target = site_dir / CORPUS
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(site_dir).as_posix(), date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return target


def build_site(root: Path, site_dir: Path, pdf: bool = True) -> dict[str, int]:
    """Run `mkdocs build --strict` into a fresh folder beside `site_dir`, write the PDF of
    every text into it (unless ``pdf`` is false), then swap it in for `site_dir`.

    A failed build, or a failed PDF, raises and leaves the previous `site_dir` untouched.
    Returns the page count of each text's PDF.
    """
    site_dir = refuse_edition_folder(root, site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(site_dir):
        recover(site_dir)
        tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
        try:
            with pinned_time(root):
                run_mkdocs(root, tmp)
                write_atomic(tmp / MARKER, MARKER_TEXT)
                write_corpus(tmp, release_epoch(root))
                pages = {}
                if pdf:
                    from .pdf import write_text_pdfs  # WeasyPrint is slow to import; only when needed

                    pages = write_text_pdfs(tmp)
            publishable(tmp)
            swap_in(tmp, site_dir)
            return pages
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
