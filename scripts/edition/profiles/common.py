"""Pieces shared by the text profiles: raw lines into numbered blocks, and re-joining blocks
that a page break split mid-sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cleanup.fixes import LEADING_MARK_RE, join_hyphenated
from ..model import Block

# Marks that may end a complete paragraph: terminal punctuation, closing quotes or brackets,
# and superscript note calls after them.
COMPLETE_END_RE = re.compile(r"[.!?:;\"”’')\]*¹²³⁴⁵⁶⁷⁸⁹⁰]$")


@dataclass
class RawBlock:
    """Consecutive non-blank raw lines; `line` is the 1-based number of the first."""

    line: int
    lines: list[str]
    numbers: list[int] = field(default_factory=list)  # the raw line number of each line

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def raw_blocks(lines: list[tuple[int, str]]) -> list[RawBlock]:
    """Split numbered lines into blocks of non-blank lines, remembering where each starts.

    >>> [(b.line, b.lines) for b in raw_blocks(list(enumerate("a\\nb\\n\\n\\nc\\n".split("\\n"), 1)))]
    [(1, ['a', 'b']), (5, ['c'])]
    """
    blocks: list[RawBlock] = []
    current: RawBlock | None = None
    for number, line in lines:
        if line.strip():
            if current is None:
                current = RawBlock(number, [], [])
                blocks.append(current)
            current.lines.append(line)
            current.numbers.append(number)
        else:
            current = None
    return blocks


def ends_incomplete(text: str) -> bool:
    """Does a paragraph stop mid-sentence (so a page break, not the author, ended it)?

    >>> ends_incomplete("Domestic politics and the"), ends_incomplete("a crime.¹")
    (True, False)
    """
    return not COMPLETE_END_RE.search(text.rstrip())


def join_across_break(first: str, second: str, context: str, mark: str = "") -> str:
    """Join the two halves of a paragraph split by a page break; `mark` goes at the break.

    A word split by the break ("pol-" / "icy") is joined, with the page mark after the word.

    >>> join_across_break("rivalries and pol-", "icy disagreements.", "")
    'rivalries and policy disagreements.'
    >>> join_across_break("and the", "culture of", "", "|")
    'and the |culture of'
    """
    if re.search(r"[A-Za-z]-$", first) and not first.endswith("--"):
        word, _, rest = second.partition(" ")
        joined = join_hyphenated(first, word, context)
        if not rest:
            return joined + (" " + mark if mark else "")
        return f"{joined} {mark}{rest}"
    return f"{first} {mark}{second}"


def detach_heading_marks(blocks: list[Block]) -> list[Block]:
    """A page that begins with a heading: the page mark goes before the heading, on its own,
    so that headings (and the table of contents) carry no page numbers."""
    out: list[Block] = []
    for block in blocks:
        match = LEADING_MARK_RE.match(block.text) if block.kind == "heading" else None
        if match:
            out.append(Block("anchor", match.group(), line=block.line))
            block.text = block.text[match.end() :]
        out.append(block)
    return out


def merge_broken(blocks: list[Block], context: str, marks: dict[int, str] | None = None) -> list[Block]:
    """Merge each body paragraph that ends mid-sentence with the paragraph that follows.

    `marks` maps the index of a following block to the page mark that belongs at the join.
    """
    marks = marks or {}
    out: list[Block] = []
    for index, block in enumerate(blocks):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "para"
            and block.kind == "para"
            and ends_incomplete(prev.text)
        ):
            prev.text = join_across_break(prev.text, block.text, context, marks.get(index, ""))
            prev.source_lines += block.source_lines
            continue
        if index in marks:
            block.text = marks[index] + block.text
        out.append(block)
    return out
