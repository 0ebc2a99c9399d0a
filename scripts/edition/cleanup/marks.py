"""The private-use marks the cleanup carries inside text while its ``str -> str`` fixers run,
and the one place they are read back out as spans (:func:`to_inline`).

While the fixers work, a page break, a recorded reading and a note call must travel with the
words around them, through re-spacing, unwrapping and joining. They do so as characters of
Unicode's private-use area, which no source text uses. No mark ever leaves a profile: each
profile ends with :func:`to_inline`, which turns the marked text into plain text plus typed
spans (``model.Span``). This module is the only one that knows the characters.
"""

from __future__ import annotations

import re

from ..model import Inline, Span

PAGE_OPEN, PAGE_CLOSE = "\ue000", "\ue001"
# A page mark: PAGE_OPEN, the page number, an optional "?" for an inferred number, PAGE_CLOSE.
PAGE_RE = re.compile(f"{PAGE_OPEN}(\\d+)(\\??){PAGE_CLOSE}")
# A page mark at the start of a line or paragraph.
LEADING_MARK_RE = re.compile(f"{PAGE_OPEN}[^{PAGE_CLOSE}]*{PAGE_CLOSE}")

# A flagged correction of a typist's slip: SIC_OPEN reading SIC_SEP raw form SIC_CLOSE.
SIC_OPEN, SIC_SEP, SIC_CLOSE = "\ue002", "\ue003", "\ue004"
SIC_RE = re.compile(f"{SIC_OPEN}([^{SIC_SEP}]*){SIC_SEP}([^{SIC_CLOSE}]*){SIC_CLOSE}")

# Where pull_up_broken_words joined a word broken at a line end ("minor-" / "i t y").
BREAK = "\ue005"

# A recorded correction's reading, protected from the fixers that re-space words:
# PROTECT_OPEN reading PROTECT_CLOSE (removed by the `unprotect` fixer).
PROTECT_OPEN, PROTECT_CLOSE = "\ue006", "\ue007"
PROTECT_RE = re.compile(f"{PROTECT_OPEN}([^{PROTECT_CLOSE}]*){PROTECT_CLOSE}")

# A protected reading held out of the way while join_letter_spacing works: HOLD n HOLD.
HOLD = "\ue008"
HOLD_RE = re.compile(f"{HOLD}(\\d+){HOLD}")

# A footnote call: NOTE_OPEN the note's key NOTE_CLOSE (zero-width in the reading text).
NOTE_OPEN, NOTE_CLOSE = "\ue009", "\ue00a"
NOTE_RE = re.compile(f"{NOTE_OPEN}([^{NOTE_CLOSE}]*){NOTE_CLOSE}")

# Any mark that becomes a span, for :func:`to_inline`.
ANY_MARK_RE = re.compile("|".join(f"(?P<{name}>{rx.pattern})" for name, rx in (
    ("page", PAGE_RE), ("sic", SIC_RE), ("note", NOTE_RE))))

# A printed book's note call, kept as the superscript digits the source has ("¹¹⁴").
PRINTED_CALL_RE = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# Emphasis as a transcription writes it: *muzhiks*.
EMPHASIS_RE = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*")


def page_mark(number: int, inferred: bool = False) -> str:
    """The mark for the start of page `number` (inferred when the number is ours)."""
    return f"{PAGE_OPEN}{number}{'?' if inferred else ''}{PAGE_CLOSE}"


def note_mark(key: str) -> str:
    """The mark of a call of note `key`."""
    return f"{NOTE_OPEN}{key}{NOTE_CLOSE}"


def strip_marks(text: str) -> str:
    """Marked text reduced to its words: page marks and note calls out, readings kept.

    >>> strip_marks(page_mark(3) + "a" + note_mark("1") + " b")
    'a b'
    """
    return to_inline(text).text


def to_inline(text: str, lines: tuple[int, ...] = (), emphasis: bool = False,
              printed_calls: bool = False) -> Inline:
    """Marked text as plain text and spans: a page mark becomes a ``page`` span (zero-width),
    a note call a ``note`` span (zero-width), a flagged reading a ``correction`` span of kind
    ``slip``; with `emphasis`, ``*word*`` an ``emphasis`` span; with `printed_calls`, the
    superscript note calls of a printed book ``printed-note`` spans over their digits.

    >>> inline = to_inline("a " + page_mark(4, True) + SIC_OPEN + "their" + SIC_SEP + "thier" + SIC_CLOSE + "*x*", emphasis=True)
    >>> inline.text, [(s.kind, s.start, s.end, s.attrs) for s in inline.spans]
    ('a theirx', [('page', 2, 2, {'n': 4, 'inferred': True}), ('correction', 2, 7, {'kind': 'slip', 'raw': 'thier'}), ('emphasis', 7, 8, {})])
    """
    text = PROTECT_RE.sub(r"\1", text)  # a protected reading the fixers never reached: its words
    out: list[str] = []
    spans: list[Span] = []
    length = 0
    position = 0
    for match in ANY_MARK_RE.finditer(text):
        out.append(text[position : match.start()])
        length += match.start() - position
        position = match.end()
        kind = match.lastgroup
        if kind == "page":
            number, inferred = match.group(2), bool(match.group(3))
            spans.append(Span("page", length, length, {"n": int(number), "inferred": inferred}, lines))
        elif kind == "note":
            spans.append(Span("note", length, length, {"n": match.group(8)}, lines))
        else:
            reading, raw = match.group(5), match.group(6)
            spans.append(Span("correction", length, length + len(reading), {"kind": "slip", "raw": raw}, lines))
            out.append(reading)
            length += len(reading)
    out.append(text[position:])
    inline = Inline("".join(out), spans)
    if emphasis:
        inline = _emphasis(inline, lines)
    if printed_calls:
        for match in PRINTED_CALL_RE.finditer(inline.text):
            number = int(match.group().translate(SUPERSCRIPT_DIGITS))
            inline.spans.append(Span("printed-note", match.start(), match.end(), {"n": number}, lines))
    inline.spans.sort(key=lambda s: (s.start, s.end > s.start, -s.end))
    return inline


# A data field's syntax: a backslash makes the asterisk or backslash after it literal. The
# escaped character is held as a private-use one while the emphasis is read (one character
# for one: the spans' offsets stay right when it is put back).
FIELD_ESCAPE_RE = re.compile(r"\\([\\*])")
HELD_LITERAL = {"*": "\ue00b", "\\": "\ue00c"}
PUT_BACK = str.maketrans({held: char for char, held in HELD_LITERAL.items()})


def emphasised(text: str) -> Inline:
    r"""A data field that may carry italics (a book title in a citation, a foreign word in a
    definition): ``*…*`` becomes emphasis, ``\*`` and ``\\`` are a literal asterisk and
    backslash (:func:`literal` writes them), everything else stays literal text.

    >>> inline = emphasised("in *Pravda*, a [link](x)")
    >>> inline.text, [(s.kind, s.start, s.end) for s in inline.spans]
    ('in Pravda, a [link](x)', [('emphasis', 3, 9)])
    >>> inline = emphasised(r"\*not em\* \\ \_ in *Time*")
    >>> print(inline.text, [(s.kind, s.start, s.end) for s in inline.spans])
    *not em* \ \_ in Time [('emphasis', 17, 21)]
    """
    held = FIELD_ESCAPE_RE.sub(lambda m: HELD_LITERAL[m.group(1)], str(text))
    inline = _emphasis(Inline(held, []), ())
    return Inline(inline.text.translate(PUT_BACK), inline.spans)


def literal(text: str) -> str:
    r"""Text to be set inside a field with italics (a title inside a citation), such that
    :func:`emphasised` gives it back as typed, asterisks and backslashes included.

    >>> print(emphasised("in *" + literal(r"The *Times* \ Co") + "*").text)
    in The *Times* \ Co
    """
    return str(text).replace("\\", "\\\\").replace("*", "\\*")


def _emphasis(inline: Inline, lines: tuple[int, ...]) -> Inline:
    """Take ``*…*`` out of the text as emphasis spans, moving the other spans with the text."""
    text, spans = inline.text, list(inline.spans)
    while True:
        match = EMPHASIS_RE.search(text)
        if not match:
            return Inline(text, spans)
        start, end = match.start(), match.end()
        text = text[:start] + match.group(1) + text[end:]

        def moved(offset: int) -> int:
            if offset <= start:
                return offset
            if offset < end:
                return offset - 1
            return offset - 2

        spans = [Span(s.kind, moved(s.start), moved(s.end), s.attrs, s.lines) for s in spans]
        spans.append(Span("emphasis", start, end - 2, {}, lines))
