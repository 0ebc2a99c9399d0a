"""References to passages of the edition, as the data files under ``sources/`` write them:
``<slug>#p-N``, a paragraph's citable anchor (DESIGN §3); and the checks and the prose those
data files share.

The cross-references and the timeline point at passages; both are checked against the
paragraphs the texts really have, so a reference can never lead nowhere.

Errors (``R1xx``, references to passages):

- ``R101`` the reference is not of the form ``slug#p-N``.
- ``R102`` the text is not in the edition.
- ``R103`` the text has no such paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..cleanup.fixes import curly_quotes
from ..errors import fail

# A paragraph reference: the text's slug, then the paragraph's anchor.
REFERENCE_RE = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)#p-([1-9][0-9]*)")


@dataclass(frozen=True, order=True)
class Passage:
    """One paragraph of one text."""

    slug: str
    number: int

    @property
    def anchor(self) -> str:
        return f"p-{self.number}"

    def __str__(self) -> str:
        return f"{self.slug}#{self.anchor}"


def parse_passage(reference: object, paragraphs: dict[str, int], path: Path, line: int) -> Passage:
    """Read ``slug#p-N`` and check it against ``paragraphs`` (each text's paragraph count).

    >>> parse_passage("zubok-failed-empire-ch4#p-40", {"zubok-failed-empire-ch4": 96}, Path("x"), 1)
    Passage(slug='zubok-failed-empire-ch4', number=40)
    >>> parse_passage("zubok#40", {}, Path("x.yaml"), 3)
    Traceback (most recent call last):
    ...
    edition.errors.EditionError: x.yaml:3: R101 The passage 'zubok#40' is not of the form slug#p-N.
    """
    match = REFERENCE_RE.fullmatch(reference) if isinstance(reference, str) else None
    if not match:
        raise fail("R101", path, line, reference=reference)
    slug, number = match.group(1), int(match.group(2))
    if slug not in paragraphs:
        raise fail("R102", path, line, reference=reference)
    if number > paragraphs[slug]:
        raise fail("R103", path, line, reference=reference, count=paragraphs[slug])
    return Passage(slug, number)


def prose(value: object) -> str:
    """Editorial prose from a data file (a label, a gloss, an event): one line, with the
    typographic quotation marks of the reading texts, so that the data can be typed plainly.

    >>> prose("Khrushchev's 'secret speech',\\n  February 1956")
    'Khrushchev’s ‘secret speech’, February 1956'
    """
    return curly_quotes(" ".join(str(value).split()))
