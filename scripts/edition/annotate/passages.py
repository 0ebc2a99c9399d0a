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
from ..model import number_list

# A paragraph reference: the text's slug, then the paragraph's id ("p-10", "p-10a").
REFERENCE_RE = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)#p-([1-9][0-9]*[a-z]*)")
NUMBER_RE = re.compile(r"(\d+)([a-z]*)")


@dataclass(frozen=True)
class Passage:
    """One paragraph of one text, by its number as shown ("10", "10a": its id less "p-")."""

    slug: str
    number: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "number", str(self.number))

    @property
    def anchor(self) -> str:
        return f"p-{self.number}"

    @property
    def key(self) -> tuple[str, int, str]:
        """For ordering: 9 before 10, 10 before 10a."""
        digits, suffix = NUMBER_RE.fullmatch(self.number).groups()
        return (self.slug, int(digits), suffix)

    def __lt__(self, other: "Passage") -> bool:
        return self.key < other.key

    def __str__(self) -> str:
        return f"{self.slug}#{self.anchor}"


def parse_passage(reference: object, paragraphs: dict[str, list[str]], path: Path, line: int) -> Passage:
    """Read ``slug#p-N`` and check it against ``paragraphs`` (each text's paragraph ids).

    >>> parse_passage("zubok-failed-empire-ch4#p-40", {"zubok-failed-empire-ch4": ["p-40"]}, Path("x"), 1)
    Passage(slug='zubok-failed-empire-ch4', number='40')
    >>> parse_passage("zubok#40", {}, Path("x.yaml"), 3)
    Traceback (most recent call last):
    ...
    edition.errors.EditionError: x.yaml:3: R101 The passage 'zubok#40' is not of the form slug#p-N.
    """
    match = REFERENCE_RE.fullmatch(reference) if isinstance(reference, str) else None
    if not match:
        raise fail("R101", path, line, reference=reference)
    slug, number = match.group(1), match.group(2)
    if slug not in paragraphs:
        raise fail("R102", path, line, reference=reference)
    ids = paragraphs[slug]
    if f"p-{number}" not in ids:
        raise fail("R103", path, line, reference=reference,
                   numbers=number_list([ident.removeprefix("p-") for ident in ids]))
    return Passage(slug, number)


def prose(value: object) -> str:
    """Editorial prose from a data file (a label, a gloss, an event): one line, with the
    typographic quotation marks of the reading texts, so that the data can be typed plainly.

    >>> prose("Khrushchev's 'secret speech',\\n  February 1956")
    'Khrushchev’s ‘secret speech’, February 1956'
    """
    return curly_quotes(" ".join(str(value).split()))
