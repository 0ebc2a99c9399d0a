"""Cleanup: fixers applied in a named order, each change recorded for the apparatus."""

from __future__ import annotations

import difflib
from collections import Counter

from ..model import Record
from .fixes import FIXERS

MAX_EXAMPLES = 5


def count_changes(before: str, after: str) -> int:
    """How many words of `before` a fixer replaced (at least 1 when it changed anything).

    A multiset difference, not an alignment: fast enough to run on every paragraph.

    >>> count_changes("t h e paper", "the paper"), count_changes("a  b", "a b")
    (3, 1)
    """
    removed = Counter(before.split()) - Counter(after.split())
    return max(1, sum(removed.values()))


def change_examples(before: str, after: str) -> list[tuple[str, str]]:
    """The word-level replacements between two strings, as (before, after) snippets.

    >>> change_examples("t h e paper", "the paper")
    [('t h e', 'the')]
    """
    a, b = before.split(), after.split()
    matcher = difflib.SequenceMatcher(a=a, b=b)
    return [
        (" ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def apply_fixers(text: str, names: list[str], record: Record) -> str:
    """Apply the named fixers in order; record each one that changed something, and how often.

    >>> r = Record()
    >>> apply_fixers("the  t h e  end", ["join_letter_spacing", "curly_quotes"], r)
    'the the end'
    >>> dict(r.fixer_counts)
    {'join_letter_spacing': 3}
    """
    for name in names:
        fixed = FIXERS[name](text)
        if fixed != text:
            record.fixer_counts[name] += count_changes(text, fixed)
            examples = record.fixer_examples.setdefault(name, [])
            if len(examples) < MAX_EXAMPLES:  # aligning is dear: only until we have enough
                examples.extend(change_examples(text, fixed)[: MAX_EXAMPLES - len(examples)])
            text = fixed
    return text
