"""Profile `chapter`: a book chapter transcribed from print (Zubok, ch. 4).

Paragraphs stand on single lines; page breaks survive only as blank lines, often
mid-sentence or mid-word. Headings are in capitals; epigraphs precede the text, each closed
by an attribution line that begins with a dash.
"""

from __future__ import annotations

import re

from ..cleanup import apply_fixers
from ..model import Block, Document, Record
from ..sources import Text
from .common import merge_broken, raw_blocks

FIXERS = ["unprotect", "strip_trailing_spaces", "curly_quotes", "escape_html"]

# A section heading: one line in capitals (letters, spaces, punctuation), no lower case.
HEADING_RE = re.compile(r"^[\"“]?[A-Z0-9][A-Z0-9 ,.'\"“”?:;!—–-]+$")
# A superscript note call, e.g. "¹¹⁴".
NOTE_CALL_RE = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def note_number(call: str) -> int:
    """The number of a superscript note call.

    >>> note_number("¹¹⁴")
    114
    """
    return int(call.translate(SUPERSCRIPT_DIGITS))


def note_call(match: re.Match) -> str:
    """A note call of the printed book, shown as such: its note text is not in this source.

    >>> NOTE_CALL_RE.sub(note_call, "a crime.¹²")
    'a crime.<sup class="note-call" title="Note 12 of the printed chapter: the note text is not part of this source">12</sup>'
    """
    number = note_number(match.group())
    return (
        f'<sup class="note-call" title="Note {number} of the printed chapter: '
        f'the note text is not part of this source">{number}</sup>'
    )


def build(text: Text) -> Document:
    record = Record()
    blocks = raw_blocks(text.lines)
    title, rest = blocks[0], blocks[1:]
    for offset, line in enumerate(title.lines):
        record.remove("display title (given as the page title)", title.line + offset, line)

    # Epigraphs: everything up to the last attribution ("—Name") before the first body text.
    last_attribution = max(
        (i for i, b in enumerate(rest[:8]) if b.lines[0].startswith("—")), default=-1
    )
    out: list[Block] = []
    for index, raw in enumerate(rest):
        body = " ".join(line.strip() for line in raw.lines)
        body = apply_fixers(body, FIXERS, record)
        if index <= last_attribution:
            kind = "attribution" if raw.lines[0].startswith("—") else "epigraph"
        elif len(raw.lines) == 1 and HEADING_RE.match(raw.lines[0].strip()):
            kind = "heading"
        else:
            kind = "para"
        out.append(Block(kind, body, line=raw.line))
    # Join page-broken paragraphs while the note calls are still superscript digits, which
    # end a sentence as punctuation does; only then turn them into note-call markup.
    joined = merge_broken(out, text.raw)
    record.fixer_counts["join_page_broken_paragraphs"] += len(out) - len(joined)
    for block in joined:
        block.text = NOTE_CALL_RE.sub(note_call, block.text)
    return Document(blocks=joined, record=record)
