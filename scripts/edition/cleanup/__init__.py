"""Cleanup: fixers applied in a named order, each change recorded for the apparatus."""

from __future__ import annotations

import difflib

from ..model import Record
from .fixes import FIXERS

MAX_EXAMPLES = 5


def count_changes(before: str, after: str) -> list[tuple[str, str]]:
    """The word-level replacements between two strings, as (before, after) snippets.

    >>> count_changes("t h e paper", "the paper")
    [('t h e', 'the')]
    """
    a, b = before.split(), after.split()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
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
    {'join_letter_spacing': 1}
    """
    for name in names:
        fixed = FIXERS[name](text)
        if fixed != text:
            changes = count_changes(text, fixed)
            record.fixer_counts[name] += max(1, len(changes))
            examples = record.fixer_examples.setdefault(name, [])
            examples.extend(changes[: MAX_EXAMPLES - len(examples)])
            text = fixed
    return text
