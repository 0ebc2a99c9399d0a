"""Cleanup: fixers applied in a named order, each change recorded for the apparatus."""

from __future__ import annotations

import difflib
from collections import Counter

from ..model import Record
from .fixes import FIXERS, MARK_AWARE, ONE_FOR_ONE
from .marks import strip_marks, through_marks

MAX_EXAMPLES = 5


def count_changes(before: str, after: str) -> int:
    """How many words of `before` a fixer replaced (at least 1 when it changed anything).

    A multiset difference, not an alignment: fast enough to run on every paragraph.

    >>> count_changes("t h e paper", "the paper"), count_changes("a  b", "a b")
    (3, 1)
    """
    words, fixed = before.split(), after.split()
    if words == fixed:  # spacing only: nothing to count (Counters of a page are dear)
        return 1
    removed = Counter(words) - Counter(fixed)
    return max(1, sum(removed.values()))


def change_examples(before: str, after: str) -> list[tuple[str, str]]:
    """The word-level replacements between two strings, as (before, after) snippets, as a
    reader reads them (``marks.strip_marks``: no mark is shown); a change that leaves the
    words as they were (a mark moved, a space inside a word run) is no example.

    >>> change_examples("t h e paper", "the paper")
    [('t h e', 'the')]
    >>> change_examples("a \ue006\ue100b\ue007", "a b")
    []
    """
    # A change of spacing only (most of a page's) is no example: seen on the marked words
    # already (a mark is no space, so taking the marks out cannot make them differ), before
    # the marks are taken out, and nothing is aligned.
    if before.split() == after.split():
        return []
    a, b = strip_marks(before).split(), strip_marks(after).split()
    if a == b:  # a mark moved, or one went away with a space
        return []
    matcher = difflib.SequenceMatcher(a=a, b=b)
    return [
        (" ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal" and a[i1:i2] != b[j1:j2]
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
        fixer = FIXERS[name]
        fixed = fixer(text) if name in MARK_AWARE else through_marks(fixer, text, name in ONE_FOR_ONE)
        if fixed != text:
            record.fixer_counts[name] += count_changes(text, fixed)
            examples = record.fixer_examples.setdefault(name, [])
            if len(examples) < MAX_EXAMPLES:  # aligning is dear: only until we have enough
                examples.extend(change_examples(text, fixed)[: MAX_EXAMPLES - len(examples)])
            text = fixed
    return text
