"""Build the MkDocs site atomically: into a fresh folder, swapped in only when it succeeded."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import EditionError
from .sources import load_yaml


def release_epoch(root: Path) -> int | None:
    """The release date of the current version, as seconds since the epoch (UTC midnight)."""
    path = root / "sources" / "changelog.yaml"
    if not path.exists():
        return None
    changelog, _ = load_yaml(path)
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
        raise EditionError("B101", "MkDocs failed to build the site: " + " | ".join(detail), root / "mkdocs.yml")


def build_site(root: Path, site_dir: Path, pdf: bool = True) -> dict[str, int]:
    """Run `mkdocs build --strict` into a temporary folder, write the PDF of every text into
    it (unless ``pdf`` is false), then replace `site_dir` with it.

    A failed build, or a failed PDF, raises and leaves the previous `site_dir` untouched.
    Returns the page count of each text's PDF.
    """
    site_dir = site_dir.resolve()
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        with pinned_time(root):
            run_mkdocs(root, tmp)
            pages = {}
            if pdf:
                from .pdf import write_text_pdfs  # WeasyPrint is slow to import; only when needed

                pages = write_text_pdfs(tmp)
            old = site_dir.with_name(site_dir.name + ".old")
            if site_dir.exists():
                site_dir.rename(old)
            tmp.rename(site_dir)
            shutil.rmtree(old, ignore_errors=True)
            return pages
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
