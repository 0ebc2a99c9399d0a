"""Profile `frus`: a document copied from the online Foreign Relations of the United States.

The copy flattened the note calls into the text, off by one ("Conversation0" calls the
source note, listed as note 1), kept the printed page breaks as "[Page N]" markers mid-
sentence, listed the notes at the end ("  1. Source: ..."), and put the subject and the
participants as bullets ("•").
"""

from __future__ import annotations

import re

from ..cleanup import apply_fixers
from ..errors import fail
from ..cleanup.marks import note_mark, page_mark
from ..model import Block, Document, Record
from ..sources import Text
from .common import finish, raw_blocks

FIXERS = ["unprotect", "strip_trailing_spaces", "curly_quotes"]

# A printed page break, "[Page 227]", anywhere in a line.
PAGE_RE = re.compile(r"\s*\[Page (\d+)\]\s*")
# A flattened note call: one digit glued to the end of a word or to its full stop
# ("Conversation0", "garden.1", "lunch2"). FRUS numbers the calls from 0, the notes from 1.
NOTE_CALL_RE = re.compile(r"(?<=[A-Za-z.])(\d)(?=\s|$)")
# A note in the list at the end: "  1. Source: ...".
NOTE_RE = re.compile(r"^\s+(\d+)\. (.+)$")
# The editors' mark of an omission.
OMISSION_RE = re.compile(r"^\[Here follows discussion of unrelated matters\.?\]$")
BULLET_RE = re.compile(r"^(\s*)• (.+)$")


def call_notes(text: str, notes: dict[str, str], path, line: int, record: Record) -> str:
    """Turn flattened, off-by-one note calls into note calls (marks, then spans)."""

    def replace(match: re.Match) -> str:
        number = str(int(match.group(1)) + 1)
        if number not in notes:
            raise fail("C106", path, line, call=match.group(0), number=number)
        record.remove("flattened note call (given as a footnote reference)", line, match.group(1))
        return note_mark(number)

    return NOTE_CALL_RE.sub(replace, text)


def build(text: Text) -> Document:
    record = Record()
    blocks = raw_blocks(text.lines)
    notes = {}
    for raw in blocks:
        for offset, line in enumerate(raw.lines):
            match = NOTE_RE.match(line)
            if match:
                notes[match.group(1)] = apply_fixers(match.group(2), FIXERS, record)
                record.remove("note number (given by the footnote)", raw.line + offset, match.group(1) + ".")
    first_page = min(int(n) for n in PAGE_RE.findall(text.raw)) - 1

    out: list[Block] = [Block("anchor", page_mark(first_page, inferred=True), line=1)]
    pending_mark = ""
    title = ""
    for raw in blocks:
        line = raw.text.strip()
        if raw is blocks[0]:
            title = call_notes(line, notes, text.raw_path, raw.line, record)
            continue
        if NOTE_RE.match(raw.lines[0]):
            continue
        bullets = [BULLET_RE.match(ln) for ln in raw.lines]
        if all(bullets):
            out.extend(_bullets(bullets, raw.line, record))
            continue
        if OMISSION_RE.match(line):
            out.append(Block("omission", line, line=raw.line))
            continue
        whole = PAGE_RE.fullmatch(line)
        if whole:
            record.remove("page marker (given as a page anchor)", raw.line, line)
            pending_mark = page_mark(int(whole.group(1)))
            continue
        for number in PAGE_RE.findall(line):
            record.remove("page marker (given as a page anchor)", raw.line, f"[Page {number}]")
        body = PAGE_RE.sub(lambda m: f" {page_mark(int(m.group(1)))}", line)
        body = call_notes(apply_fixers(body, FIXERS, record), notes, text.raw_path, raw.line, record)
        out.append(Block("para", pending_mark + body, line=raw.line))
        pending_mark = ""
    return finish(Document(blocks=out, notes=notes, record=record, title=title))


def _bullets(matches: list[re.Match], line: int, record: Record) -> list[Block]:
    """The subject (a top-level bullet alone) and the participants (a nested list)."""
    top = [m for m in matches if len(m.group(1)) <= 2]
    if len(matches) == 1:
        return [Block("subject", apply_fixers(matches[0].group(2), FIXERS, record), line=line)]
    items: list[str] = []
    for m in matches:
        value = apply_fixers(m.group(2), FIXERS, record)
        items.append(("    " if m not in top else "") + value)
    return [Block("participants", items=items, line=line)]
