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
import importlib.util
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


# The engines that can render the site from mkdocs.yml and docs/: MkDocs with the Material
# theme (the default), or Zensical, Material's successor from the same team.
ENGINES = ("mkdocs", "zensical")
ENGINE_NAMES = {"mkdocs": "MkDocs", "zensical": "Zensical"}
ENGINE_VARIABLE = "EDITION_ENGINE"


def engine(root: Path) -> str:
    """The engine that builds the site: ``$EDITION_ENGINE`` if set (CI and the tests build with
    both), else ``engine`` in sources/edition.yaml, else MkDocs. An unknown name is B107."""
    name = os.environ.get(ENGINE_VARIABLE)
    if name:
        if name not in ENGINES:
            raise fail("B107", None, variable=ENGINE_VARIABLE, name=name, choices=", ".join(ENGINES))
        return name
    path = Path(root) / "sources" / "edition.yaml"
    if not path.exists():  # a bare MkDocs project (the tests' small editions)
        return "mkdocs"
    from .sources import load_yaml

    data, _ = load_yaml(path, "edition")
    return data.get("engine", "mkdocs")


def engine_command(name: str, *args: str) -> list[str]:
    """The command line of ``name`` (``build``, ``serve`` and their options), run by this
    Python; B108 if the engine is not installed."""
    module = "mkdocs" if name == "mkdocs" else "zensical"
    if importlib.util.find_spec(module) is None:
        raise fail("B108", None, engine=name, extra=name)
    return [sys.executable, "-m", module, *args]


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def zensical_problems(output: str) -> list[str]:
    r"""The problems in Zensical's log, one line each, as ``file:line:column: problem``
    (Zensical draws each in a box of several lines, coloured whatever NO_COLOR says).

    >>> zensical_problems("Build started\nWarning: page does not exist\n   ╭─[ texts/b.md:3:5 ]\n"
    ...                   "   │\n1 issue found")
    ['texts/b.md:3:5: page does not exist']
    >>> zensical_problems("Build started\nNo issues found\nBuild finished in 7.25s")
    []
    """
    problems: list[list[str]] = []  # [where, what]
    for line in _ANSI.sub("", output).splitlines():
        found = re.match(r"(?:Warning|Error): (.*)", line)
        where = re.search(r"╭─\[ (\S+) \]", line)
        if found:
            problems.append(["", found.group(1).strip()])
        elif where and problems and not problems[-1][0]:
            problems[-1][0] = where.group(1)
    return [f"{where}: {what}" if where else what for where, what in problems]


def pdf_targets(root: Path) -> list[str]:
    """Where the build writes the PDF of each text, relative to the site (and to docs/):
    ``texts/<slug>/<slug>.pdf``, beside the text page."""
    path = Path(root) / "sources" / "edition.yaml"
    if not path.exists():
        return []
    from .sources import load_yaml

    data, _ = load_yaml(path, "edition")
    return [f"texts/{slug}/{slug}.pdf" for slug in data["texts"]]


# The corpus download, written into the site after the engine has run (write_corpus).
CORPUS = Path("data") / "thaw-edition-corpus.zip"


def later_targets(root: Path) -> list[str]:
    """The files the build writes into the site after the engine has run, which pages link:
    each text's PDF and the corpus download."""
    pdfs = pdf_targets(root)
    return [*pdfs, CORPUS.as_posix()] if pdfs else []  # (a bare MkDocs project has neither)


def stub_pdf_targets(root: Path) -> None:
    """An empty stand-in in docs/ for each text's PDF and the corpus download (not in git),
    so that both engines know
    the file the page's Markdown link `[PDF](<slug>/<slug>.pdf)` names, check it and write it
    relative to the page alike. (A raw HTML href would not do: MkDocs leaves it as written,
    relative to the page's address, while Zensical resolves it, like a Markdown link, from the
    page's source file, one folder up.) The PDF step then writes the real file in the site."""
    for target in later_targets(root):
        stub = Path(root) / "docs" / target
        if not stub.exists():
            stub.parent.mkdir(parents=True, exist_ok=True)
            stub.write_bytes(b"")


@contextmanager
def zensical_config(root: Path) -> Iterator[tuple[str, Path]]:
    """A configuration for Zensical, which has no ``--site-dir`` and writes only inside the
    project: ``.zensical-XXXXXXXX.yml`` beside mkdocs.yml (``INHERIT: mkdocs.yml`` and a
    ``site_dir`` inside the folder ``.zensical-XXXXXXXX/``). Yields the configuration's name
    (relative to ``root``) and the output folder; removes both afterwards."""
    work = Path(tempfile.mkdtemp(prefix=".zensical-", dir=root))
    config = work.with_name(work.name + ".yml")
    try:
        config.write_text(f"INHERIT: mkdocs.yml\nsite_dir: {work.name}/site\n", encoding="utf-8")
        yield config.name, work / "site"
    finally:
        config.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)


def run_mkdocs(root: Path, site_dir: Path) -> None:
    """Build the site strictly into ``site_dir`` with the engine of :func:`engine`: the one
    place an engine runs. A failure raises B101 with every problem the engine reported.

    MkDocs: `mkdocs build --strict`. Never ``--quiet``: it hides the warnings that strict
    mode turns into a failure (a page missing from the navigation then builds with exit 0).

    Zensical: `zensical build --strict` with :func:`zensical_config`; its output is moved
    into ``site_dir``. Its cache (``.cache/``) stays in the project, out of git and the site.

    Before either, :func:`stub_pdf_targets`; after, the stand-ins are removed from the site.
    """
    root = Path(root)
    name = engine(root)
    stub_pdf_targets(root)
    env = {**os.environ, "NO_COLOR": "1"}
    if name == "mkdocs":
        result = subprocess.run(engine_command(name, "build", "--strict", "--site-dir", str(site_dir)),
                                cwd=root, capture_output=True, text=True, env=env)
        problems = mkdocs_problems(result.stderr + result.stdout)
    else:
        with zensical_config(root) as (config, output):
            result = subprocess.run(engine_command(name, "build", "--strict", "--config-file", config),
                                    cwd=root, capture_output=True, text=True, env=env)
            problems = zensical_problems(result.stderr + result.stdout)
            if result.returncode == 0 and not problems:
                for child in sorted(output.iterdir()):
                    shutil.move(str(child), str(site_dir / child.name))
    if result.returncode != 0 or problems:
        detail = problems or _ANSI.sub("", result.stderr or result.stdout).strip().splitlines()[-5:]
        raise fail("B101", root / "mkdocs.yml", engine=ENGINE_NAMES[name], detail=" | ".join(detail))
    for target in later_targets(root):  # the stand-ins never reach a site: later steps write them
        (site_dir / target).unlink(missing_ok=True)




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


def write_search_index(site_dir: Path) -> None:
    """The search index (Pagefind, :mod:`edition.search`), from the built site, for either
    engine. A bare MkDocs project (no texts) gets none."""
    from .search import write_index

    if any(Path(site_dir).glob("texts/*/*.json")):
        write_index(site_dir)


def build_site(root: Path, site_dir: Path, pdf: bool = True) -> dict[str, int]:
    """Check the navigation (B105, B106: the same under either engine), build the site
    strictly with the engine (:func:`run_mkdocs`) into a fresh folder beside `site_dir`,
    write the PDF of every text into it (unless ``pdf`` is false), then swap it in for
    `site_dir`.

    A failed build, or a failed PDF, raises and leaves the previous `site_dir` untouched.
    Returns the page count of each text's PDF.
    """
    from .navigation import require_navigation

    site_dir = refuse_edition_folder(root, site_dir)
    require_navigation(root)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(site_dir):
        recover(site_dir)
        tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
        try:
            with pinned_time(root):
                run_mkdocs(root, tmp)
                write_atomic(tmp / MARKER, MARKER_TEXT)
                write_corpus(tmp, release_epoch(root))
                from .pdf import write_handout_pages  # (WeasyPrint is imported only to render)

                write_handout_pages(tmp)
                write_search_index(tmp)
                pages = {}
                if pdf:
                    from .pdf import write_text_pdfs  # WeasyPrint is slow to import; only when needed

                    pages = write_text_pdfs(tmp)
            publishable(tmp)
            swap_in(tmp, site_dir)
            return pages
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
