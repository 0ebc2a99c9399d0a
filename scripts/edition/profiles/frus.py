"""Profile `frus`: a document copied from the online Foreign Relations of the United States.

The raw-text contract (docs/adding-a-text.md): the first block is the document's heading;
the subject and the participants are bullets ("•", nested by indentation); the printed
page breaks are "[Page N]" markers, mid-sentence or on a line of their own; the notes are
listed at the end ("  1. Source: ..."), their calls flattened into the text as digits glued
to the word or punctuation before them. What differs from one copy to another is an option
in source.yaml (``options``, rule ``options-frus``): the form of the calls and their
numbering (the Vienna copy numbers them from 0: "Conversation0" calls note 1), the page
before the first marker, the omission marks, and whether a lone bullet is the subject.
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
# A flattened note call, by the option note_calls: one digit glued to the end of a word or
# to its full stop ("Conversation0", "garden.1", "lunch2"); or one or two digits glued to a
# word or to closing punctuation ("flight,2", "Moscow.”12").
NOTE_CALL_RES = {
    "digit-after-letter": re.compile(r"(?<=[A-Za-z.])(\d)(?=\s|$)"),
    "after-word-or-punctuation": re.compile(r"(?<=[A-Za-z.,;:!?”’\")\]])(\d{1,2})(?=\s|$)"),
}
# A note in the list at the end: "  1. Source: ...".
NOTE_RE = re.compile(r"^\s+(\d+)\. (.+)$")
BULLET_RE = re.compile(r"^(\s*)• (.+)$")


def call_notes(text: str, notes: dict[str, str], path, line: int, record: Record,
               options: dict) -> str:
    """Turn flattened note calls (of the form ``options["note_calls"]``, numbered
    ``options["note_offset"]`` below their notes) into note calls (marks, then spans)."""

    def replace(match: re.Match) -> str:
        number = str(int(match.group(1)) + options["note_offset"])
        if number not in notes:
            raise fail("C106", path, line, call=match.group(0), number=number)
        record.remove("flattened note call (given as a footnote reference)", line, match.group(1))
        return note_mark(number)

    return NOTE_CALL_RES[options["note_calls"]].sub(replace, text)


def first_page(text: Text, options: dict) -> int:
    """The page the document begins on (shown as inferred): the option first_page, or one
    less than the first [Page N] marker; a text without markers must give it (C120)."""
    if options["first_page"] != "before-first-marker":
        return options["first_page"]
    markers = [int(n) for n in PAGE_RE.findall(text.raw)]
    if not markers:
        raise fail("C120", text.folder / "source.yaml")
    return min(markers) - 1


def build(text: Text) -> Document:
    record = Record()
    options = text.options
    blocks = raw_blocks(text.lines)
    notes = {}
    for raw in blocks:
        for offset, line in enumerate(raw.lines):
            match = NOTE_RE.match(line)
            if match:
                notes[match.group(1)] = apply_fixers(match.group(2), FIXERS, record)
                record.remove("note number (given by the footnote)", raw.line + offset, match.group(1) + ".")

    out: list[Block] = [Block("anchor", page_mark(first_page(text, options), inferred=True), line=1)]
    pending_mark = ""
    title = ""
    subject_given = not options["lone_bullet_is_subject"]
    for raw in blocks:
        line = raw.text.strip()
        if raw is blocks[0]:
            title = call_notes(line, notes, text.raw_path, raw.line, record, options)
            continue
        if NOTE_RE.match(raw.lines[0]):
            continue
        bullets = [BULLET_RE.match(ln) for ln in raw.lines]
        if all(bullets):
            out.append(_bullets(bullets, raw.line, record, as_subject=not subject_given))
            subject_given = subject_given or out[-1].kind == "subject"
            continue
        if line in options["omissions"]:
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
        body = call_notes(apply_fixers(body, FIXERS, record), notes, text.raw_path, raw.line, record, options)
        out.append(Block("para", pending_mark + body, line=raw.line))
        pending_mark = ""
    return finish(Document(blocks=out, notes=notes, record=record, title=title))


def _bullets(matches: list[re.Match], line: int, record: Record, as_subject: bool) -> Block:
    """A block of bullets: the subject (one top-level bullet alone, when ``as_subject``: only
    the first such block is), the participants (several, nested by indentation), or, for a
    later lone bullet, a list."""
    top = [m for m in matches if len(m.group(1)) <= 2]
    if len(matches) == 1 and as_subject:
        return Block("subject", apply_fixers(matches[0].group(2), FIXERS, record), line=line)
    items: list[str] = []
    for m in matches:
        value = apply_fixers(m.group(2), FIXERS, record)
        items.append(("    " if m not in top else "") + value)
    return Block("participants" if len(matches) > 1 else "list", items=items, line=line)
