"""Profile `typescript-ocr`: OCR of a typescript (the CIA working paper).

Line by line: furniture (running titles, folios, junk lines) is removed and recorded;
page starts (lines opening with one space) become page marks numbered from
``pagination.yaml``; letter-spacing is undone. Then blank-line blocks become headings or
paragraphs, and paragraphs split by a page break are joined.
"""

from __future__ import annotations

import re

from ..cleanup import apply_fixers
from ..errors import fail
from ..cleanup.marks import bare, note_mark, page_mark, strip_marks
from ..model import Block, Document, Record
from ..cleanup.fixes import join_letter_spacing
from ..cleanup.words import is_known
from ..sources import Text, check_document, line_of, parse_yaml
from .common import detach_heading_marks, finish, merge_broken, raw_blocks

FIXERS = [
    "strip_trailing_spaces", "pull_up_broken_words", "join_letter_spacing", "unprotect", "unwrap_lines",
    "close_up_punctuation", "typewriter_dashes", "curly_quotes",
]

# A folio, "- 19 -", alone on a line.
FOLIO_RE = re.compile(r"^\s*-\s*(\d+)\s*-\s*$")
# A heading: short, opens with a capital, no closing punctuation.
HEADING_RE = re.compile(r"^[A-Z][A-Za-z0-9\- ]{3,60}$")
# A word of four letters or more: in a heading of the typescript, each is capitalised.
LONG_WORD_RE = re.compile(r"\b[A-Za-z]{4,}\b")
# A run of two letters or more: what could be a word in a line of debris.
TWO_LETTERS_RE = re.compile(r"[A-Za-z]{2,}")


def is_junk_line(line: str) -> bool:
    r"""A line of OCR debris (dots, commas, margin marks): at most two letters or digits in
    all, too few for any word. A letter-spaced or misread line of text is not junk; what is
    wrong in it is for a recorded correction to mend.

    >>> is_junk_line(".. ."), is_junk_line("/\\"), is_junk_line(" ' . I ,")
    (True, True, True)
    >>> is_junk_line("t h e"), is_junk_line("paGer."), is_junk_line("- 7415 -"), is_junk_line("so .")
    (False, False, False, False)
    """
    return sum(map(str.isalnum, line)) <= 2 and not any(is_known(w) for w in TWO_LETTERS_RE.findall(line))


def is_heading(text: str) -> bool:
    """A heading of the typescript: short, no final punctuation, and in title case, which
    tells a heading from a stray line of a paragraph.

    >>> is_heading("The Central Committee Enters on the Scene"), is_heading("INTRODUCTORY NOTE")
    (True, True)
    >>> is_heading("The party presidium members were probably as divided")
    False
    """
    return bool(HEADING_RE.match(text)) and all(w[0].isupper() for w in LONG_WORD_RE.findall(text))


def is_running_title(line: str, letters: list[str]) -> bool:
    """A line of the paper's running title, OCR-damaged or not: its capital letters (spaces
    and punctuation left out) hold every run of the option ``running_title``.

    >>> title = ["ANTIPARTYGROUP", "AND"]
    >>> is_running_title(' KHRUSBCHEV AND TUE "ANTI -PARTY GROUP" (1953-1957) ', title)
    True
    >>> is_running_title("by Malenkov, Molotov and Kaganovich.", title), is_running_title("AND", [])
    (False, False)
    """
    capitals = re.sub(r"[^A-Z]", "", line)
    return bool(letters) and all(run in capitals for run in letters)


def load_pagination(path) -> tuple[dict, list[int | None]]:
    """A text's pagination.yaml, checked (the schema, kind ``pagination``), and the line of
    each of its folios in that file (where ``C117`` sends the editor)."""
    data, node = parse_yaml(path)
    check_document(data, node, "pagination", path)
    folios = next((value for key, value in node.value if key.value == "folios"), None)
    return data, [line_of(item) for item in getattr(folios, "value", [])]


def page_starts(raw_lines: list[str], pagination: dict, path=None,
                folio_lines: list[int | None] = ()) -> dict[int, tuple[int | None, bool]]:
    """Map each page-start line to (page number or None for front matter, inferred?).
    A folio that falls on another page than it names is an error (``C117``) at its line
    ``folio_lines[i]`` of the pagination file ``path``."""
    skip = {entry["line"] for entry in pagination["not_page_starts"]}
    added = {entry["line"] for entry in pagination.get("added_page_starts", [])}
    starts = [
        n for n, line in enumerate(raw_lines, start=1)
        if (re.match(r"^ \S", line) and n not in skip) or n in added
    ]
    known = {}
    numbered: dict[int, tuple[int | None, bool]] = {}
    for index, line in enumerate(starts):
        page = index - pagination["front_matter_pages"] + 1
        numbered[line] = (page if page >= 1 else None, True)
    for index, folio in enumerate(pagination["folios"]):
        start = max(s for s in starts if s <= folio["line"])
        if numbered[start][0] != folio["page"]:
            line = folio_lines[index] if index < len(folio_lines) else None
            raise fail("C117", path, line, folio=folio["page"], page=numbered[start][0])
        known[start] = folio["page"]
    return {line: (page, line not in known) for line, (page, _) in numbered.items()}


def classify_line(number: int, line: str, running_title: list[str] = ()) -> str | None:
    """The furniture category of a raw line, or None when it belongs to the text."""
    if not line.strip():
        return None
    if FOLIO_RE.match(line):
        return "folio"
    if is_running_title(line, list(running_title)):
        return "display title (given as the page title)" if number == 1 else "running title"
    if is_junk_line(line):
        return "junk line"
    return None


def build(text: Text) -> Document:
    record = Record()
    path = text.folder / "pagination.yaml"
    pagination, folio_lines = load_pagination(path)
    raw_lines = text.raw.split("\n")
    starts = page_starts(raw_lines, pagination, path, folio_lines)

    # Raw lines kept for the text, a page mark in front of the line where a page begins;
    # blank lines separate the typescript's paragraphs.
    kept: list[tuple[int, str]] = []
    pending = ""
    for number, line in text.lines:
        if number in starts and starts[number][0] is not None:
            page, inferred = starts[number]
            pending = page_mark(page, inferred)
        category = classify_line(number, line, text.options["running_title"])
        if category:
            record.remove(category, number, line)
            continue
        if number in starts and looks_like_heading(line):
            # A heading at the head of a page often has no blank line before it in the OCR.
            kept += [(number, ""), (number, pending + line.strip()), (number, "")]
            pending = ""
            continue
        if line.strip() and pending:
            line, pending = pending + line.strip(), ""
        kept.append((number, line))

    kept, note_lines = split_footnotes(kept, starts)
    blocks: list[Block] = []
    for raw in raw_blocks(kept):
        block = _block(raw.line, raw.lines, record)
        block.source_lines = raw.numbers
        blocks.append(block)
    joined = detach_heading_marks(merge_broken(blocks, "\n".join(line for _, line in kept), record=record))
    notes = {
        str(n): apply_fixers("\n".join(line for _, line in lines), FIXERS, record).lstrip("* ")
        for n, lines in enumerate(note_lines, start=1)
    }
    sources = {str(n): [number for number, _ in lines] for n, lines in enumerate(note_lines, start=1)}
    call_footnotes(joined, len(notes), text.raw_path)
    return finish(Document(blocks=joined, notes=notes, note_sources=sources, record=record))


def split_footnotes(
    kept: list[tuple[int, str]], starts: dict
) -> tuple[list[tuple[int, str]], list[list[tuple[int, str]]]]:
    """Take the typescript's asterisk footnotes out of the flow of lines.

    A note begins with a line opening with "*" and runs to the next blank line or page
    start (notes stand at the foot of a page). The text around it then joins up again.
    """
    flow: list[tuple[int, str]] = []
    notes: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] | None = None
    for number, line in kept:
        if current is not None:
            if line.strip() and number not in starts:
                current.append((number, line))
                continue
            current = None
        if line.strip().startswith("*"):
            current = [(number, line.strip())]
            notes.append(current)
            continue
        flow.append((number, line))
    return flow, notes


# A footnote call: an asterisk right after a word or its punctuation ("plenum.*").
CALL_RE = re.compile(r"(?<=\S)\*")


def call_footnotes(blocks: list[Block], count: int, raw_path) -> None:
    """Turn the asterisk calls into note calls, the n-th call to the n-th note."""
    calls = 0

    def number(_match: re.Match) -> str:
        nonlocal calls
        calls += 1
        return note_mark(str(calls))

    for block in blocks:
        block.text = CALL_RE.sub(number, block.text)
    if calls != count:
        raise fail("C107", raw_path, calls=calls, count=count)


def looks_like_heading(line: str) -> bool:
    """Is this raw line, once de-letter-spaced, a heading ("The C e n t r a l  C o m m i t t e e")?"""
    return is_heading(bare(join_letter_spacing(line)).strip())


def _block(line: int, lines: list[str], record: Record) -> Block:
    body = apply_fixers("\n".join(lines), FIXERS, record)
    plain = strip_marks(body)
    if len(lines) == 1 and is_heading(plain):
        return Block("heading", body, level=2, line=line)
    return Block("para", body, line=line)
