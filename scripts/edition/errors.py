"""Errors in the manner of `se lint`: a stable code, one plain sentence, file and line.

Codes (category letter + three digits):

- ``E1xx`` the command line (no edition found).
- ``S1xx`` source files: encoding, YAML, schema, checksums, links between texts.
- ``C1xx`` corrections and recorded structure: entries that no longer match the raw text.
- ``B1xx`` build: MkDocs failures.
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
