"""Cross-references between passages (``sources/crossrefs.yaml``), shown at both ends.

Each entry joins two paragraphs, ``a`` and ``b``, with a relation and a short label saying
what connects them. It is stored once and rendered twice, as a "see also" note beside each
passage, so every cross-reference is reciprocal by construction. The relation decides how
each end words it: a continuation reads "Continued in" at ``a`` and "Continues" at ``b``.

Errors (``X1xx``; the passages themselves are checked as ``R1xx``):

- the fields of each entry: the schema (``data/schemas.yaml``), S104-S108 (``X101`` retired).
- ``X102`` the relation is not one of :data:`RELATIONS`.
- ``X103`` an entry joins a passage to itself.
- ``X104`` the same two passages are joined twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import fail
from ..sources import load_yaml_list
from .passages import Passage, parse_passage, prose

CROSSREFS = Path("sources") / "crossrefs.yaml"

# How each relation is worded at its two ends: (at a, at b).
RELATIONS = {
    "same-event": ("Also on this", "Also on this"),
    "continues": ("Continued in", "Continues"),
    "refers": ("Refers to", "Referred to in"),
    "summarises": ("Treated in", "Summarised in"),
}


@dataclass(frozen=True)
class CrossRef:
    a: Passage
    b: Passage
    relation: str
    label: str
    line: int


@dataclass(frozen=True)
class SeeAlso:
    """One end of a cross-reference, as the passage at that end shows it."""

    target: Passage
    wording: str
    label: str


def load_crossrefs(root: Path, paragraphs: dict[str, list[str]]) -> list[CrossRef]:
    """The cross-references, checked: fields, relation, passages that exist, no repeats."""
    path = root / CROSSREFS
    if not path.exists():
        return []
    crossrefs, seen = [], {}
    for entry, line in load_yaml_list(path, "crossrefs"):
        if entry["relation"] not in RELATIONS:
            raise fail("X102", path, line, relation=entry["relation"], choices=", ".join(RELATIONS))
        a = parse_passage(entry["a"], paragraphs, path, line)
        b = parse_passage(entry["b"], paragraphs, path, line)
        if a == b:
            raise fail("X103", path, line, passage=a)
        pair = frozenset((a, b))
        if pair in seen:
            raise fail("X104", path, line, a=a, b=b, first=seen[pair])
        seen[pair] = line
        crossrefs.append(CrossRef(a, b, entry["relation"], prose(entry["label"]), line))
    return crossrefs


def see_also(crossrefs: list[CrossRef], order: list[str]) -> dict[Passage, list[SeeAlso]]:
    """Both ends of every cross-reference, by the passage that shows them; the targets in
    the edition's order of texts (``order``), then of paragraphs.

    >>> ref = CrossRef(Passage("memcon", 21), Passage("frus", 1), "continues", "Lunch.", 1)
    >>> ends = see_also([ref], ["memcon", "frus"])
    >>> ends[Passage("memcon", 21)][0].wording, ends[Passage("frus", 1)][0].wording
    ('Continued in', 'Continues')
    """
    ends: dict[Passage, list[SeeAlso]] = defaultdict(list)
    for ref in crossrefs:
        at_a, at_b = RELATIONS[ref.relation]
        ends[ref.a].append(SeeAlso(ref.b, at_a, ref.label))
        ends[ref.b].append(SeeAlso(ref.a, at_b, ref.label))
    rank = {slug: n for n, slug in enumerate(order)}
    return {
        passage: sorted(items, key=lambda s: (rank[s.target.slug], s.target.key))
        for passage, items in ends.items()
    }
