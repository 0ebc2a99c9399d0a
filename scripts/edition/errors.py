"""Errors in the manner of `se lint`: a stable code, one plain sentence, file and line.

:data:`CODES` below is the one list of codes: each code has one meaning and one sentence
(a template whose ``{fields}`` name the particulars). Raise with :func:`fail`::

    raise fail("S105", path, line, field="title")

Categories (letter + three digits):

- ``E1xx`` the command line (no edition found).
- ``S1xx`` source files: encoding, YAML, schema, checksums, links between texts.
- ``C1xx`` corrections and recorded structure: entries that no longer match the raw text.
- ``B1xx`` build: MkDocs failures, the site folder.
- ``A1xx`` freshness of docs/, ``A2xx`` the conservation audit, ``A3xx`` the anchor
  manifest (``edition check``, ``edition anchors``).
- ``H1xx`` handouts and PDFs (``edition handout``).
- ``L1xx`` the link checker over the built site.
- ``R1xx`` references to passages (``slug#p-N``) in the data files; ``X1xx`` the
  cross-references, ``T1xx`` the timeline, ``G1xx`` the glossary (``G2xx`` its lint).
- ``P1xx`` the register of people (``P2xx`` its lint).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The registry: code -> its one sentence. Keep it sorted by code; a test checks that every
# code here is raised by some test and that the code raises no code missing from here.
CODES: dict[str, str] = {
    "B101": "MkDocs failed to build the site: {detail}",
    "B102": "{folder} cannot be the site folder: it is {what}; a build replaces its site folder "
            "whole, so choose another --site-dir.",
    "B103": "The folder {folder} is not a site made by `edition build` (it has no .edition-site "
            "file) and is not empty; a build would replace it whole, so choose another --site-dir "
            "or empty it.",
    "B104": "Another build into {folder} is running (it holds {lock}); wait for it to end, then "
            "build again.",
    "H106": "The page asks for {url}, which is outside the built site {site}; a PDF embeds only "
            "files of the site, so nothing was written: remove that link or image.",
    "P102": "{where}: the id must be unique, as surname-given.",
    "S101": "The file is not valid UTF-8 (byte 0x{byte:02x}).",
    "S102": "The YAML is malformed: {problem}.",
    "S104": "{name} is not a known field.",
    "S105": "{name} is missing.",
    "S106": "{name} must be {kind}.",
    "S107": "{name} must be one of: {choices}.",
    "S108": "{name} does not have the expected form ({form}).",
    "S109": "Field 'slug' is '{slug}' but the folder is '{folder}'.",
    "S110": "The raw text does not match the SHA-256 recorded in source.yaml.",
    "S112": "Text '{slug}' has no folder sources/{slug}/.",
    "S113": "Linked text '{slug}' is not in the edition.",
    "S114": "The key '{key}' is given twice (first on line {first}); the second would silently win.",
    "S115": "{name} is empty.",
    "S116": "The required file is missing.",
}


@dataclass
class EditionError(Exception):
    """A problem a person must fix in a named file, at a named line when one is known."""

    code: str
    message: str
    path: Path | str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.code} {self.message}"


def fail(code: str, path: Path | str | None = None, line: int | None = None, **fields) -> EditionError:
    """The error ``code`` with its registered sentence, the particulars filled in.

    >>> CODES["Z999"] = "Field '{field}' is odd."
    >>> str(fail("Z999", "sources/x.yaml", 3, field="title"))
    "sources/x.yaml:3: Z999 Field 'title' is odd."
    >>> del CODES["Z999"]
    """
    return EditionError(code, CODES[code].format(**fields), path, line)
