"""Profile `memcon`: a Department of State memorandum of conversation in typescript.

Page furniture: each page ends with a catchword (the first words of the next page), then
the struck-through classification "~~SECRET~~"; the next page opens with "~~SECRET~~" and
a folio "-N-". A declassification stamp may stand at the foot of a page: the lines that open
with the words of the option ``stamp_lines`` (source.yaml ``options``). The header block
is read into fields by recorded decision (``header.yaml``).
"""

from __future__ import annotations

import re

from ..cleanup import apply_fixers
from ..errors import fail
from ..cleanup.marks import page_mark
from ..model import Block, Document, Record
from ..sources import Text, load_yaml
from .common import finish, merge_broken, raw_blocks

FIXERS = ["unprotect", "strip_trailing_spaces", "typewriter_dashes", "curly_quotes"]

# The struck-through classification marking, "~~SECRET~~" in the plain-text copy.
CLASSIFICATION_RE = re.compile(r"^~~[A-Z ]+~~$")
# A typed folio such as "-4-".
FOLIO_RE = re.compile(r"^-(\d+)-$")


def is_stamp(line: str, openings: list[str]) -> bool:
    """A line of the declassification stamp: it opens with one of the words the option
    ``stamp_lines`` gives (the Kennedy Library's "DECLASSIFIED", "E.O. 12356", ...).

    >>> is_stamp("E.O. 12356, Sec. 3.4", ["DECLASSIFIED", "E.O. 12356"]), is_stamp("The President", [])
    (True, False)
    """
    return any(line.startswith(opening) for opening in openings)


def header_words(header: dict) -> list[str]:
    """Every word of every value in a header.yaml, for checking against the raw lines."""
    words: list[str] = list(" ".join(header.get("heading", [])).split())
    for field in header["fields"]:
        for value in [field.get("value", "")] + field.get("members", []):
            words += value.split()
        for group in field.get("groups", []):
            words += [group["name"]] + " ".join(group["members"]).split()
    return words


def load_header(text: Text) -> dict:
    path = text.folder / "header.yaml"
    header, lines = load_yaml(path, "header")
    first, last = header["lines"]
    raw_lines = text.raw.split("\n")[first - 1 : last]
    raw_region = " ".join(raw_lines)
    for word in header_words(header):
        if word not in raw_region:
            raise fail("C115", path, lines.get("fields"), word=word, first=first, last=last)
    return header


def build(text: Text) -> Document:
    record = Record()
    header = load_header(text)
    first, last = header["lines"]
    raw_lines = text.raw.split("\n")
    for number in range(first, last + 1):
        line = raw_lines[number - 1]
        if CLASSIFICATION_RE.match(line.strip()):
            record.remove("classification marking", number, line)
        elif line.strip():
            record.remove("header block (given as structured fields)", number, line)

    stamp = text.options["stamp_lines"]
    body_raw = [b for b in raw_blocks(text.lines) if b.line > last]
    # The typescript's folios begin with "-2-": its first page carries none, so the "1" is
    # the editors' (inferred, shown in brackets and typed so in the TEI).
    blocks: list[Block] = [Block("anchor", page_mark(1, inferred=True), line=first), Block("header", line=first)]
    marks: dict[int, str] = {}
    catchword: tuple[str, int] | None = None
    for index, raw in enumerate(body_raw):
        line = raw.text.strip()
        if CLASSIFICATION_RE.match(line):
            record.remove("classification marking", raw.line, raw.text)
            continue
        if is_stamp(line, stamp):
            record.remove("declassification stamp (given in the metadata)", raw.line, raw.text)
            continue
        folio = FOLIO_RE.match(line)
        if folio:
            record.remove("folio", raw.line, raw.text)
            marks[len(blocks)] = page_mark(int(folio.group(1)))
            continue
        following = body_raw[index + 1].text.strip() if index + 1 < len(body_raw) else ""
        if CLASSIFICATION_RE.match(following) or is_stamp(following, stamp):
            if index + 1 < len(body_raw) and not re.search(r"[.!?]$", line):
                record.remove("catchword", raw.line, raw.text)
                catchword = (line, raw.line)
                continue
        if catchword:
            if not line.startswith(catchword[0]):
                raise fail("C116", text.raw_path, catchword[1], catchword=catchword[0])
            catchword = None
        blocks.append(Block("para", apply_fixers(line, FIXERS, record), line=raw.line))
    doc_blocks = merge_broken(blocks, text.raw, marks, record)
    return finish(Document(blocks=doc_blocks, header=header, record=record))
