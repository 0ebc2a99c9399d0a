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
from .common import finish, merge_broken, raw_blocks

FIXERS = ["unprotect", "strip_trailing_spaces", "curly_quotes"]

# A section heading: one line in capitals (letters, spaces, punctuation), no lower case.
HEADING_RE = re.compile(r"^[\"“]?[A-Z0-9][A-Z0-9 ,.'\"“”?:;!—–-]+$")
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
    # Page-broken paragraphs are joined on the superscript digits of the note calls, which
    # end a sentence as punctuation does; the calls stay those digits, as printed-note spans.
    joined = merge_broken(out, text.raw, record=record)
    return finish(Document(blocks=joined, record=record), emphasis=True, printed_calls=True)
