"""Writing files so that a reader, or a build killed half-way, never sees half a file.

Every file the build writes goes through :func:`write_atomic`: the content goes to a
temporary file in the same folder (so that the rename cannot cross file systems), and
``os.replace`` then swaps it in, which POSIX makes atomic: the path names either the old
file whole or the new file whole, never a mixture, whatever moment the build dies at.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Published files are read by the web server's user, not just by whoever built them.
FILE_MODE = 0o644
FOLDER_MODE = 0o755


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` (text is written as UTF-8) to ``path`` atomically, mode 0644.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "one"); (folder / "a.txt").read_text()
    'one'
    >>> sorted(p.name for p in folder.iterdir())  # no temporary file left behind
    ['a.txt']
    """
    path = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, FILE_MODE)  # mkstemp makes it 0600, readable by its owner only
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def publishable(folder: Path) -> None:
    """Make every folder under ``folder`` 0755 and every file 0644, whatever the umask or
    the modes of the files MkDocs copied: the web server must read all of it, and nothing
    published is executable. Symbolic links are left as they are (their mode means nothing)."""
    folder = Path(folder)
    os.chmod(folder, FOLDER_MODE)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            if not os.path.islink(os.path.join(parent, name)):
                os.chmod(os.path.join(parent, name), FOLDER_MODE)
        for name in files:
            if not os.path.islink(os.path.join(parent, name)):
                os.chmod(os.path.join(parent, name), FILE_MODE)
