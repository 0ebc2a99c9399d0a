"""Profile `cards`: study-revision cards copied from a web page.

Each card ends with a counter "N of 7". A card opens with its title on a line of its own
(one card has none); within a card, a line that opens a block is a subheading, lines
beginning "- " are bullets, other lines are short paragraphs. The web page's own trailing
lines (comments, links to similar resources) are furniture.
"""

from __future__ import annotations

import re

from ..cleanup import apply_fixers
from ..model import Block, Document, Record
from ..sources import Text
from .common import finish, raw_blocks

FIXERS = ["unprotect", "strip_trailing_spaces", "curly_quotes"]

# A card counter such as "3 of 7", alone on its line.
COUNTER_RE = re.compile(r"^\s*(\d+) of (\d+)\s*$")
# A bullet: a hyphen and a space opening the line. The copied page sometimes has a no-break
# space after the hyphen (raw 11, 16, 37, 41, 53, 72, 79, 134): a bullet all the same.
BULLET_RE = re.compile(r"^\s*-[ \u00a0]+")
NBSP_BULLET = "bullet_after_no_break_space"


def bullet(line: str) -> tuple[str, bool] | None:
    """A bullet line's item and whether its hyphen is followed by a no-break space (the
    structure rule ``bullet_after_no_break_space``, counted in the apparatus); None for a
    line that is no bullet.

    >>> bullet("- Signalled to the USA"), bullet("-\u00a0 Attacked Stalin")
    (('Signalled to the USA', False), ('Attacked Stalin', True))

    A hyphen that is not a bullet: within the line, or joined to a word or a number.

    >>> bullet("Khrushchev's Secret Speech - 1956"), bullet("-1956 was the year"), bullet("--")
    (None, None, None)
    """
    match = BULLET_RE.match(line)
    if not match or not line[match.end():].strip():
        return None
    return line[match.end():], "\u00a0" in match.group()


def _clean(line: str, record: Record) -> str:
    return apply_fixers(line.strip(), FIXERS, record)


def build(text: Text) -> Document:
    record = Record()
    blocks = raw_blocks(text.lines)
    title = blocks.pop(0)
    record.remove("display title (given as the page title)", title.line, title.lines[0])

    # Group blocks into cards by their counters; what follows the last counter is web furniture.
    cards: list[tuple[int, list]] = []
    current: list = []
    for raw in blocks:
        match = COUNTER_RE.match(raw.lines[0])
        if match and len(raw.lines) == 1:
            record.remove("card counter", raw.line, raw.lines[0])
            cards.append((int(match.group(1)), current))
            current = []
        else:
            current.append(raw)
    for raw in current:
        for offset, line in enumerate(raw.lines):
            record.remove("web page furniture", raw.line + offset, line)

    out: list[Block] = []
    for number, card in cards:
        first = card[0]
        if len(first.lines) == 1 and not bullet(first.lines[0]):
            heading = f"Card {number}: {_clean(first.lines[0], record)}"
            card = card[1:]
        else:
            heading = f"Card {number} [untitled in the source]"
        out.append(Block("heading", heading, level=2, line=first.line))
        for raw in card:
            items: list[str] = []
            for offset, line in enumerate(raw.lines):
                line_no = raw.line + offset
                item = bullet(line)
                if item:
                    items.append(_clean(item[0], record))
                    if item[1]:
                        record.fixer_counts[NBSP_BULLET] += 1
                    continue
                if items:
                    out.append(Block("list", items=items, line=line_no))
                    items = []
                kind = "heading" if offset == 0 and len(raw.lines) > 1 else "para"
                out.append(Block(kind, _clean(line, record), level=3, line=line_no))
            if items:
                out.append(Block("list", items=items, line=raw.line))
    return finish(Document(blocks=out, record=record))
