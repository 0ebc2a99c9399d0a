"""Pieces shared by the text profiles: raw lines into numbered blocks, re-joining blocks
that a page break split mid-sentence, and :func:`finish`, the last step of every profile,
which turns the marked text of the cleanup into plain text and spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..cleanup.fixes import join_hyphenated
from ..cleanup.marks import LEADING_MARK_RE, bare, to_inline
from ..model import Block, Document, Inline, Record

# Marks that may end a complete paragraph: terminal punctuation, closing quotes or brackets,
# and superscript note calls after them.
COMPLETE_END_RE = re.compile(r"[.!?:;\"”’')\]¹²³⁴⁵⁶⁷⁸⁹⁰]$")
# An emphasis mark closing the last words says nothing of the sentence: what it closes
# does ("*muzhiks*" ends mid-sentence, "*Pravda.*" or "*Pravda*." a sentence).
CLOSING_EMPHASIS_RE = re.compile(r"\*+$")


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

    An italic word at the end is judged by the word, not by its closing mark (Zubok's
    "as *muzhiks*" / "across Russia drank", raw 43/45), an italic sentence by its stop:

    >>> ends_incomplete("since Lenin, as *muzhiks*"), ends_incomplete("wrote in *Pravda.*")
    (True, False)
    >>> ends_incomplete("wrote in *Pravda*."), ends_incomplete("the **real** one**")
    (False, True)
    """
    return not COMPLETE_END_RE.search(CLOSING_EMPHASIS_RE.sub("", bare(text).rstrip()))


def join_across_break(first: str, second: str, context: str, mark: str = "") -> str:
    """Join the two halves of a paragraph split by a page break; `mark` goes at the break.

    A word split by the break ("pol-" / "icy") is joined, with the page mark after the word.

    >>> join_across_break("rivalries and pol-", "icy disagreements.", "")
    'rivalries and policy disagreements.'
    >>> join_across_break("and the", "culture of", "", "|")
    'and the |culture of'
    """
    if re.search(r"[A-Za-z]-$", bare(first)) and not bare(first).endswith("--"):
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


JOIN = "join_page_broken_paragraphs"


def join_example(first: str, second: str, context: str) -> tuple[str, str]:
    """The apparatus's example of a join: the words either side of the break, raw (the
    break shown as ‖) and as read.

    >>> join_example("favorite leader since Lenin, as *muzhiks*", "across Russia drank", "")
    ('as *muzhiks* ‖ across Russia', 'as muzhiks across Russia')
    >>> join_example("rivalries and pol-", "icy disagreements.", "")
    ('and pol- ‖ icy disagreements.', 'and policy disagreements.')
    """
    tail, head = " ".join(first.split()[-2:]), " ".join(second.split()[:2])
    raw = to_inline(f"{tail} ‖ {head}").text
    return raw, to_inline(join_across_break(tail, head, context), emphasis=True).text


def merge_broken(blocks: list[Block], context: str, marks: dict[int, str] | None = None,
                 record: Record | None = None) -> list[Block]:
    """Merge each body paragraph that ends mid-sentence with the paragraph that follows,
    counting each join in `record` with an example (every one: the reader can check each).

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
            if record is not None:
                record.fixer_counts[JOIN] += 1
                record.fixer_examples.setdefault(JOIN, []).append(join_example(prev.text, block.text, context))
            prev.text = join_across_break(prev.text, block.text, context, marks.get(index, ""))
            prev.source_lines += block.source_lines
            continue
        if index in marks:
            block.text = marks[index] + block.text
        out.append(block)
    return out


def finish(doc: Document, emphasis: bool = False, printed_calls: bool = False) -> Document:
    """The document as it leaves a profile: every block, item, note, title and header value
    as plain text plus spans (``cleanup.marks.to_inline``); no mark is left in any text.

    A list item indented by four spaces (the FRUS participants' second level) is nested.
    """
    def inline(value, lines: tuple[int, ...]) -> Inline:
        if isinstance(value, Inline):
            return value
        depth = 1 if value.startswith("    ") else 0
        result = to_inline(value.strip() if depth else value, lines, emphasis, printed_calls)
        result.depth = depth
        return result

    for block in doc.blocks:
        lines = tuple(block.source_lines or [block.line])
        block.items = [inline(item, lines) for item in block.items]
        made = inline(block.text, lines)
        block.text, block.spans = made.text, made.spans
    doc.notes = {key: inline(note, tuple(doc.note_sources.get(key, ()))) for key, note in doc.notes.items()}
    doc.title = inline(doc.title or "", ())
    for item in doc.header.get("fields", []):
        if "value" in item:
            item["value"] = inline(str(item["value"]), ())
        if "members" in item:
            item["members"] = [inline(m, ()) for m in item["members"]]
        for group in item.get("groups", []):
            group["members"] = [inline(m, ()) for m in group["members"]]
    return doc
