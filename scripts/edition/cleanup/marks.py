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

# Where pull_up_broken_words joined a word broken at a line end ("minor-" / "i t y").
BREAK = "\ue005"

# A recorded correction's reading: READING_OPEN, the entry's number as one character of
# ENTRY_BASE.., the reading, READING_CLOSE. It protects the reading from the fixers that
# re-space words and carries it, with the entry it comes from, to :func:`to_inline`, which
# makes it a ``correction`` span. A fixer that reads the text around a word reads it
# through :func:`bare`, so the mark never changes what a fixer does.
READING_OPEN, READING_CLOSE = "\ue006", "\ue007"
ENTRY_BASE, ENTRY_LIMIT = 0xE100, 0xF000
READING_RE = re.compile(f"{READING_OPEN}([\ue100-\uefff])([^{READING_CLOSE}]*){READING_CLOSE}")
# Either edge of a reading mark (the opening one with its entry).
READING_EDGE_RE = re.compile(f"{READING_OPEN}[\ue100-\uefff]|{READING_CLOSE}")

# A protected reading held out of the way while join_letter_spacing works: HOLD n HOLD.
HOLD = "\ue008"
HOLD_RE = re.compile(f"{HOLD}(\\d+){HOLD}")

# A footnote call: NOTE_OPEN the note's key NOTE_CLOSE (zero-width in the reading text).
NOTE_OPEN, NOTE_CLOSE = "\ue009", "\ue00a"
NOTE_RE = re.compile(f"{NOTE_OPEN}([^{NOTE_CLOSE}]*){NOTE_CLOSE}")

# Any character of the private-use area: every mark is made of them.
PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff]")

# Any mark that becomes a span, for :func:`to_inline`.
ANY_MARK_RE = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in (
    ("page", PAGE_RE.pattern), ("note", NOTE_RE.pattern),
    ("open", f"{READING_OPEN}([\ue100-\uefff])"), ("close", READING_CLOSE))))

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


def reading_mark(entry: int, reading: str) -> str:
    """The mark of the reading of recorded correction number `entry` (its index in the text's
    corrections); an empty reading (a deletion) is a zero-width mark.

    >>> bare(reading_mark(3, "Malenkov") + " said")
    'Malenkov said'
    """
    if not 0 <= entry < ENTRY_LIMIT - ENTRY_BASE:
        raise ValueError(f"too many corrections for one text ({entry})")
    return f"{READING_OPEN}{chr(ENTRY_BASE + entry)}{reading}{READING_CLOSE}"


def bare(text: str) -> str:
    """Text without its reading marks, the readings kept: what a fixer that looks at the
    neighbours of a word (a quotation mark's, a line end's) must see.

    >>> bare("a " + reading_mark(0, '"x"') + ".")
    'a "x".'
    """
    if not has_readings(text):
        return text
    return READING_EDGE_RE.sub("", text)


def has_readings(text: str) -> bool:
    """Does the text carry a reading mark? Two `in` tests, a hundred times quicker than a
    regular expression's scan of a paragraph, and most paragraphs carry none."""
    return READING_OPEN in text or READING_CLOSE in text


def through_marks(fixer, text: str, one_for_one: bool = False) -> str:
    """Apply a fixer that reads the neighbours of what it changes to the bare text, and put
    the reading marks back where they stood: the marks change nothing the fixer does.

    The fixer's edits are aligned with the bare text character by character; a mark goes
    to the place its neighbour went (an opening mark before the character it preceded, a
    closing mark after the one it followed), so an edit at a reading's edge stays outside
    it unless it replaced the reading's own characters.

    A fixer that puts one character for one (`one_for_one`: a quotation mark made curly)
    leaves every character where it stood, and so every mark: they go back at their offsets,
    with no second run and no alignment (the quotation marks were the dearest of the fixers
    that go through the marks).

    >>> marked = "he said " + reading_mark(0, '"no"') + " ."
    >>> bare(through_marks(lambda t: t.replace('"no" .', '"no".'), marked)) == 'he said "no".'
    True
    >>> through_marks(lambda t: t.upper(), marked, one_for_one=True) == "HE SAID " + reading_mark(0, '"NO"') + " ."
    True
    """
    if not has_readings(text):
        return fixer(text)
    edges = READING_EDGE_RE.findall(text)
    plain = bare(text)
    fixed = fixer(plain)
    if fixed == plain:
        return text
    if one_for_one and len(fixed) == len(plain):
        return _marks_put_back(text, fixed, lambda offset, opening: offset)
    # Most edits never meet a mark (a quote made curly, a line end joined far from any
    # reading): the fixer run over the marked text then makes the same text, every mark
    # kept beside the characters it stood by. Only when the marks change what the fixer
    # does, or an edit takes one away, are the edits aligned (dear: difflib on a page).
    direct = fixer(text)
    if bare(direct) == fixed and READING_EDGE_RE.findall(direct) == edges:
        return direct
    return realigned(text, fixed)


def realigned(text: str, fixed: str) -> str:
    """`fixed`, the fixer's work on the bare text of `text`, with the reading marks of
    `text` put back by aligning the edit character by character (:func:`through_marks`)."""
    return _marks_put_back(text, fixed, _offset_map(bare(text), fixed))


def _marks_put_back(text: str, fixed: str, mapping) -> str:
    """`fixed` with the reading marks of `text`, each at the offset `mapping` gives its
    offset in the bare text (``mapping(offset, opening)``)."""
    at, removed = [], 0
    for match in READING_EDGE_RE.finditer(text):
        at.append((match.start() - removed, match.group()))
        removed += len(match.group())
    out, position = [], 0
    for offset, mark in at:
        target = mapping(offset, mark != READING_CLOSE)
        out.append(fixed[position:target])
        out.append(mark)
        position = target
    out.append(fixed[position:])
    return "".join(out)


# The pieces a fixer's edit is first aligned by: runs of spaces, of word characters, and
# single marks of punctuation (aligning characters at once is quadratic on a page).
PIECE_RE = re.compile(r"\s+|\w+|[^\w\s]")


def _alignment(before: str, after: str) -> list[tuple[str, int, int, int, int]]:
    """The edit from `before` to `after` as difflib opcodes over characters, found piece by
    piece and, inside each replaced run of pieces, character by character.

    >>> _alignment("a  b", "a b")
    [('equal', 0, 1, 0, 1), ('equal', 1, 2, 1, 2), ('delete', 2, 3, 2, 2), ('equal', 3, 4, 2, 3)]
    """
    import difflib

    a, b = PIECE_RE.findall(before), PIECE_RE.findall(after)
    starts_a = [0]
    for piece in a:
        starts_a.append(starts_a[-1] + len(piece))
    starts_b = [0]
    for piece in b:
        starts_b.append(starts_b[-1] + len(piece))
    out: list[tuple[str, int, int, int, int]] = []
    # Runs of spaces are common enough to be junk to difflib: they are aligned inside the
    # replaced runs between words, character by character.
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        c1, c2, d1, d2 = starts_a[i1], starts_a[i2], starts_b[j1], starts_b[j2]
        if tag != "replace":
            out.append((tag, c1, c2, d1, d2))
            continue
        for op, k1, k2, l1, l2 in difflib.SequenceMatcher(None, before[c1:c2], after[d1:d2],
                                                          autojunk=False).get_opcodes():
            out.append((op, c1 + k1, c1 + k2, d1 + l1, d1 + l2))
    return out


def _offset_map(before: str, after: str):
    """A function from an offset of `before` to the offset of `after` it became. An opening
    offset goes with the character after it, a closing one with the character before it;
    text inserted at the offset stays outside."""
    blocks = [op for op in _alignment(before, after) if op[1] < op[2]]

    def mapped(offset: int, opening: bool) -> int:
        for tag, i1, i2, j1, j2 in blocks:
            if opening and i1 <= offset < i2:
                return j1 + offset - i1 if tag == "equal" else j1
            if not opening and i1 < offset <= i2:
                return j1 + offset - i1 if tag == "equal" else j2
        return len(after) if opening else 0

    return mapped


def strip_marks(text: str) -> str:
    """Marked text as a reader reads it, the one way to show text the fixers are working on
    (the apparatus's examples): page marks and note calls out, readings kept, and no mark
    left, not even one that only a fixer's work in progress carries (a line-end break).

    >>> strip_marks(page_mark(3) + "a" + note_mark("1") + " b" + reading_mark(0, "c") + " minor-" + BREAK + "ity")
    'a bc minor-ity'
    """
    # What to_inline keeps of the text (everything but its marks), without its spans: this
    # runs on every paragraph a fixer changes.
    return PRIVATE_USE_RE.sub("", ANY_MARK_RE.sub("", text))


def to_inline(text: str, lines: tuple[int, ...] = (), emphasis: bool = False,
              printed_calls: bool = False) -> Inline:
    """Marked text as plain text and spans: a page mark becomes a ``page`` span (zero-width),
    a note call a ``note`` span (zero-width), a recorded correction's reading a
    ``correction`` span with its ``entry`` (the index of the text's correction, described by
    ``cleanup.corrections.describe``); with `emphasis`, ``*word*`` an ``emphasis`` span;
    with `printed_calls`, the superscript note calls of a printed book ``printed-note``
    spans over their digits.

    >>> inline = to_inline("a " + page_mark(4, True) + reading_mark(2, "their") + "*x*", emphasis=True)
    >>> inline.text, [(s.kind, s.start, s.end, s.attrs) for s in inline.spans]
    ('a theirx', [('page', 2, 2, {'n': 4, 'inferred': True}), ('correction', 2, 7, {'entry': 2}), ('emphasis', 7, 8, {})])
    """
    out: list[str] = []
    spans: list[Span] = []
    opened: list[tuple[int, int]] = []  # (entry, start) of the readings open here
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
            spans.append(Span("note", length, length, {"n": match.group(5)}, lines))
        elif kind == "open":
            opened.append((ord(match.group(7)) - ENTRY_BASE, length))
        elif opened:
            entry, start = opened.pop()
            spans.append(Span("correction", start, length, {"entry": entry}, lines))
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
