"""Build the MkDocs site atomically: into a fresh folder, swapped in only when it succeeded."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .errors import EditionError
from .sources import CHANGELOG, load_changelog


def build_environment(root: Path) -> dict[str, str]:
    """The build's environment, with SOURCE_DATE_EPOCH set to the release date, so that the
    one time-stamped output (the sitemap's <lastmod>) is the same in every build."""
    if not (root / CHANGELOG).exists():
        return dict(os.environ)
    changelog = load_changelog(root)
    released = datetime.date.fromisoformat(changelog[0]["date"])
    epoch = int(datetime.datetime.combine(released, datetime.time(), datetime.timezone.utc).timestamp())
    return {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}


def build_site(root: Path, site_dir: Path, pdf: bool = True) -> dict[str, int]:
    """Run `mkdocs build --strict` into a temporary folder, write the PDF of every text into
    it (unless ``pdf`` is false), then replace `site_dir` with it.

    A failed build, or a failed PDF, raises and leaves the previous `site_dir` untouched.
    Returns the page count of each text's PDF.
    """
    site_dir = site_dir.resolve()
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(tmp)],
            cwd=root, capture_output=True, text=True, env=build_environment(root),
        )
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise EditionError(
                "B101", "MkDocs failed to build the site: " + " | ".join(detail[-5:]), root / "mkdocs.yml"
            )
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
