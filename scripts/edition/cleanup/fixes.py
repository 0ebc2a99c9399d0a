"""Generic fixers, in the manner of ftfy: each a small pure ``str -> str`` function named for
the damage it repairs, with a docstring that says why and a before/after doctest.

The fixers are registered in :data:`FIXERS`; a text's profile names the ones it applies,
in order, and :func:`apply_fixers` records which fixer changed what.
"""

from __future__ import annotations

import re

from .marks import BREAK, HOLD, HOLD_RE, LEADING_MARK_RE, READING_CLOSE, READING_OPEN, READING_RE, bare
from .words import KNOWN_ZIPF, is_known, model_cache, segment, word_cost, zipf

# A word-break hyphen at the end of a line: a letter, one hyphen, end of line (not "--").
LINE_END_HYPHEN_RE = re.compile(r"(?<=[A-Za-z])(?<!-)-\n(?=[A-Za-z])")
# Two or more spaces: in the letter-spaced OCR, the gap between words.
WIDE_GAP_RE = re.compile(r" {2,}")
# Letter runs (a broken word's halves count as one run) versus everything else.
LETTERS_OR_NOT_RE = re.compile(f"[A-Za-z]+(?:-{BREAK}[A-Za-z]+)*|[^A-Za-z]+")
# A line ending in a single hyphen after a letter, letter-spaced or not ("commit-", "c u s -").
BROKEN_LINE_END_RE = re.compile(r"(?<=[A-Za-z]) ?-$")
# Punctuation that the letter-spacing left glued to the next word ("1962,The").
GLUED_PUNCT_RE = re.compile(r"([,;:!?)])(?=[A-Za-z(\"])")
# A sentence-ending full stop glued to a capitalised word ("here.The").
GLUED_STOP_RE = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")
# Spaces before a comma, semicolon, colon, question or exclamation mark or closing
# parenthesis, left where the letter-spacing's wide gap stood before the mark ("leaders ,").
SPACE_BEFORE_MARK_RE = re.compile(r"(?<=[^\s.…]) +(?=[,;:?!)])")
# Spaces before a full stop that is not part of an ellipsis (". . .") nor a decimal (".5").
SPACE_BEFORE_STOP_RE = re.compile(r"(?<=[^\s.…]) +\.(?![.\d]| \.)")
# Spaces after an opening parenthesis ("( which").
SPACE_AFTER_PAREN_RE = re.compile(r"\( +(?=\S)")
# A run of letters, and a possessive 's at the end of a token: the word model's units,
# compiled once (they are matched against every token of the letter-spaced text).
LETTERS_RE = re.compile(r"[A-Za-z]+")
POSSESSIVE_END_RE = re.compile(r"'s$")


def strip_trailing_spaces(text: str) -> str:
    """Remove spaces at the ends of lines: the OCR and the web copies leave them everywhere.

    >>> strip_trailing_spaces("t h e  \\nend ")
    't h e\\nend'
    """
    return re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE)


@model_cache(maxsize=100_000)  # a page's tokens repeat: 28,000 calls, few different
def _is_suspect(token: str) -> bool:
    """A token that is not plainly a word: a stray letter, or letters that form no known word."""
    # A lone letter is suspect even when it is "a" or "I": in letter-spaced text it is
    # usually part of a word, and the segmentation will keep it if it is a word.
    if BREAK in token:
        return True
    letters = LETTERS_RE.findall(POSSESSIVE_END_RE.sub("", token))
    if not letters:
        # A lone hyphen or apostrophe glues the letters around it ("a n t i - p a r t y").
        return token in ("-", "'")
    return any(len(w) == 1 or not is_known(w) for w in letters)


def _cost(tokens: list[str]) -> float:
    """What the tokens cost as they stand: each of their letter runs as one word."""
    return sum(map(word_cost, LETTERS_RE.findall(" ".join(tokens))))


def _resegment(tokens: list[str]) -> tuple[str, float]:
    """Join tokens and split them again into the cheapest word sequence, keeping punctuation."""
    out = []
    cost = 0.0
    for piece in LETTERS_OR_NOT_RE.findall("".join(tokens)):
        if piece[0].isalpha() and BREAK in piece:
            out.append(_mend_broken_word(piece))
            cost += segment(piece.replace("-" + BREAK, "").lower())[1]
            continue
        if piece[0].isalpha():
            words, c = segment(piece.lower())
            if out and out[-1].endswith("'") and piece[0] in "sS" and len(piece) > 1:
                # A possessive glued to the next word ("Khrushchev's chief"): 's costs nothing.
                rest, rest_cost = segment(piece[1:].lower())
                if rest_cost < c:
                    words, c = ("s",) + rest, rest_cost
            cost += c
            pos = 0
            cased = []
            for w in words:  # give the words back their original letter case
                cased.append(piece[pos : pos + len(w)])
                pos += len(w)
            out.append(" ".join(cased))
        else:
            out.append(piece)
    for i in range(1, len(out)):
        # Digits and letters never make one word here ("1957" "events").
        if out[i - 1][-1].isdigit() != out[i][0].isdigit() and out[i - 1][-1].isalnum() and out[i][0].isalnum():
            out[i] = " " + out[i]
    text = GLUED_PUNCT_RE.sub(r"\1 ", "".join(out))
    return GLUED_STOP_RE.sub(". ", text), cost


def _windows(suspect: list[bool], fixed: list[bool] | None = None) -> list[tuple[int, int]]:
    """Spans (start, end) to re-segment: each run of suspect tokens with one neighbour on
    each side, since a fragment usually belongs to the word before or after it ("pape r",
    "th inking"); overlapping or touching spans are merged ("impor t an t"). A `fixed`
    token (an editor's reading) is never part of a span.

    >>> _windows([False, True, True, False, True, False, False])
    [(0, 6)]
    >>> _windows([True, False, True], fixed=[False, True, False])
    [(0, 1), (2, 3)]
    """
    fixed = fixed or [False] * len(suspect)
    spans: list[tuple[int, int]] = []
    for i, bad in enumerate(suspect):
        if not bad or fixed[i]:
            continue
        start = i - 1 if i > 0 and not fixed[i - 1] else i
        end = i + 2 if i + 1 < len(suspect) and not fixed[i + 1] else i + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def _mend_broken_word(piece: str) -> str:
    r"""Segment letters joined across a line-end hyphen; the hyphen stays only where the
    segmentation puts a word boundary at the break ("anti-" / "party").

    >>> _mend_broken_word("minor-\ue005ity"), _mend_broken_word("anti-\ue005party")
    ('minority', 'anti-party')
    """
    letters = piece.replace("-" + BREAK, "")
    breaks = set()
    pos = 0
    for part in piece.split("-" + BREAK)[:-1]:
        pos += len(part)
        breaks.add(pos)
    words, _ = segment(letters.lower())
    out, pos = [], 0
    for word in words:
        chunk = letters[pos : pos + len(word)]
        if out:
            out.append("-" if pos in breaks else " ")
        out.append(chunk)
        pos += len(word)
    return "".join(out)


def pull_up_broken_words(text: str) -> str:
    r"""Bring the second half of a word broken at a line end up to its first half, so that
    the de-letter-spacing sees the whole word ("minor-" / "i t y  b u t" -> "minori t y").

    The join is marked (an invisible private-use character after the hyphen) so that
    :func:`join_letter_spacing` decides with the word model whether the hyphen is a
    word-break hyphen or a real one. A line that opens a page (a page mark) is left alone.

    >>> pull_up_broken_words("in a minor-\ni t y  b u t").replace("\ue005", "|")
    'in a minor-|i t y\nb u t'
    """
    lines = text.split("\n")
    for i in range(len(lines) - 1):
        nxt = lines[i + 1].strip()
        if not BROKEN_LINE_END_RE.search(lines[i]) or not nxt or not nxt[0].isalpha():
            continue
        first, _, rest = nxt.partition("  ")
        lines[i] = BROKEN_LINE_END_RE.sub("-" + BREAK, lines[i]) + first
        lines[i + 1] = rest.strip()
    return "\n".join(lines)


@model_cache(maxsize=100_000)  # chunks repeat: of a page's 6,000, 2,600 are again "t h e", "t o", ...
def _fix_chunk(chunk: str) -> str:
    """Re-space one chunk (text between wide gaps) where stray letters show damage."""
    tokens = chunk.split(" ")
    out: list[str] = []
    done = 0
    fixed = [HOLD in t for t in tokens]
    suspect = [not f and _is_suspect(t) for t, f in zip(tokens, fixed)]
    for start, end in _windows(suspect, fixed):
        out.extend(tokens[done:start])
        window = tokens[start:end]
        fixed, cost = _resegment(window)
        out.append(fixed if cost < _cost(window) else " ".join(window))
        done = end
    out.extend(tokens[done:])
    return " ".join(out)


def join_letter_spacing(text: str) -> str:
    """Join letter-spaced words and split glued ones, line by line, by word frequency.

    The typescript's OCR spaced out letters ("t h e") and split words ("pape r"); between
    real words it left two spaces. Each chunk between wide gaps whose tokens are not all
    known words is re-segmented into the cheapest sequence of known words (wordfreq plus the
    edition's lexicon); a chunk of sound words is left exactly as it is.

    >>> join_letter_spacing("T h i s  is a working pape r ,  t h e  c e n t r a l  c o m m i t t e e")
    'This is a working paper, the central committee'
    >>> join_letter_spacing("m i l i t a r y  th inking- - the  s u b j e c t s")
    'military thinking--the subjects'
    >>> join_letter_spacing('June 1957 e v e n t s  t h e  " a n t i - p a r t y  group"')
    'June 1957 events the "anti-party group"'
    >>> join_letter_spacing("Malenkov, Khrushchev's c h i e f  opponent")
    "Malenkov, Khrushchev's chief opponent"
    >>> join_letter_spacing("in to the house")
    'in to the house'
    >>> join_letter_spacing("an  \ue006\ue100obvious stratagem\ue007  t o  oust").replace("\ue006\ue100", "<").replace("\ue007", ">")
    'an <obvious stratagem> to oust'
    """
    held: list[str] = []

    def hold(match: re.Match) -> str:
        held.append(match.group())
        return f"{HOLD}{len(held) - 1}{HOLD}"

    lines = []
    for line in READING_RE.sub(hold, text).split("\n"):
        lead = " " if line.startswith(" ") else ""
        chunks = [c for c in WIDE_GAP_RE.split(line.strip()) if c]
        lines.append(lead + " ".join(_fix_chunk(c) for c in chunks))
    return HOLD_RE.sub(lambda m: held[int(m.group(1))], "\n".join(lines))


def unprotect(text: str) -> str:
    """Close up the double spaces the editors typed inside a reading to keep the segmenter
    from re-joining its words, once no fixer can re-space them. The reading keeps its mark
    (``cleanup.marks``): it becomes the correction's span.

    >>> unprotect("the \ue006\ue100stratagem  was\ue007 obvious").replace("\ue006\ue100", "<").replace("\ue007", ">")
    'the <stratagem was> obvious'
    """
    return READING_RE.sub(lambda m: READING_OPEN + m.group(1) + re.sub(" {2,}", " ", m.group(2)) + READING_CLOSE, text)


def keep_hyphen(first: str, second: str, context: str = "") -> bool:
    """Decide whether a hyphen at a line or page break is a real hyphen or a word break.

    A real compound keeps its hyphen: the second part is capitalised ("anti-/Communism",
    "Sino-/Soviet"), or the text itself uses the hyphenated form elsewhere, or both parts
    are words while the joined form is not ("self-/confidence"). Otherwise it is a break.

    >>> keep_hyphen("obser", "vations"), keep_hyphen("pol", "icy"), keep_hyphen("anti", "Communism")
    (False, False, True)
    >>> keep_hyphen("long", "term"), keep_hyphen("War", "saw")
    (True, False)
    """
    first, second, context = bare(first), bare(second), bare(context)
    head = re.search(r"[A-Za-z]+$", first)
    tail = re.match(r"[A-Za-z]+", second)
    if not head or not tail:
        return True
    a, b = head.group(), tail.group()
    if b[0].isupper():
        return True
    # The plain `in` first: each pattern is new (compiled afresh) and the context a paragraph.
    if f"{a}-{b}" in context and re.search(rf"\b{re.escape(a)}-{re.escape(b)}\b", context):
        return True
    if a + b in context and re.search(rf"\b{re.escape(a + b)}\b", context):
        return False
    joined_known = zipf(a + b) >= KNOWN_ZIPF
    return is_known(a) and is_known(b) and not joined_known


def join_hyphenated(first: str, second: str, context: str = "") -> str:
    """Join two pieces of text split after a hyphen, keeping or dropping the hyphen.

    >>> join_hyphenated("from their obser-", "vations.")
    'from their observations.'
    >>> join_hyphenated("the culture of anti-", "Communism")
    'the culture of anti-Communism'
    >>> join_hyphenated("Malen-", "\ue0003\ue001kov, who held").replace("\ue000", "[").replace("\ue001", "]")
    'Malenkov, [3]who held'
    """
    mark = LEADING_MARK_RE.match(second)
    if mark:
        second = second[mark.end() :]
    stem = first[:-1]
    joined = first + second if keep_hyphen(stem, second, context) else stem + second
    if not mark:
        return joined
    # A page began inside the broken word: the page mark goes after the whole word.
    word_end = len(joined) - len(second) + re.match(r"\S*", second).end()
    rest = joined[word_end:].lstrip()
    return joined[:word_end] + " " + mark.group() + rest


def _ends_in_letter_hyphen(text: str) -> bool:
    """Does the text end in a letter and one hyphen (a candidate word break, not "--")? Read
    off its last two characters: a search for it would scan the whole growing paragraph.

    >>> _ends_in_letter_hyphen("commit-"), _ends_in_letter_hyphen("then--"), _ends_in_letter_hyphen("-")
    (True, False, False)
    """
    return len(text) >= 2 and text[-1] == "-" and text[-2].isascii() and text[-2].isalpha()


def unwrap_lines(text: str) -> str:
    """Join the lines of one paragraph into one line, mending line-end hyphenation.

    A line ending in a single hyphen after a letter is a candidate word break, decided by
    :func:`keep_hyphen`; a line ending in the typescript's dash "--" joins without a space.

    >>> unwrap_lines("the central commit-\\ntee secretariat and\\nthe Sino-\\nSoviet bloc")
    'the central committee secretariat and the Sino-Soviet bloc'
    >>> unwrap_lines("since then--\\nmost of it")
    'since then--most of it'
    """
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not lines:
        return ""
    out = lines[0]
    for line in lines[1:]:
        if _ends_in_letter_hyphen(out):
            out = join_hyphenated(out, line, text)
        elif out.endswith("--"):
            out = out + line
        else:
            out = out + " " + line
    return out


def close_up_punctuation(text: str) -> str:
    """Remove the space left before a punctuation mark (and after an opening parenthesis).

    In the letter-spaced OCR a mark often stands after a wide gap ("l eaders ,  p a r t"),
    and the gap survives the de-letter-spacing as a space before the mark. An ellipsis
    (". . .") keeps its spaces; a dash is not punctuation here.

    >>> close_up_punctuation("the other leaders , particularly ( as before ) the stratagem .")
    'the other leaders, particularly (as before) the stratagem.'
    >>> close_up_punctuation("the satellite states. . . . Now for the first")
    'the satellite states. . . . Now for the first'
    """
    text = SPACE_BEFORE_MARK_RE.sub("", text)
    text = SPACE_BEFORE_STOP_RE.sub(".", text)
    return SPACE_AFTER_PAREN_RE.sub("(", text)


def typewriter_dashes(text: str) -> str:
    """Print the typescript's double hyphen as an em dash, the typist's intended mark.

    >>> typewriter_dashes("events--Molotov, Malen- kov -- and")
    'events—Molotov, Malen- kov — and'
    """
    text = re.sub(r"\s*-\s*-\s*(?=\S)", "—", text.replace(" -- ", " — "))
    return text


def curly_quotes(text: str) -> str:
    """Turn straight quotation marks and apostrophes into typographic ones.

    Opening marks follow a space, a dash, a bracket or the start; all others close. An
    apostrophe inside a word is a closing single mark (Stalin’s).

    >>> curly_quotes('the "peaceful coexistence" line; Stalin\\'s \\'Geneva Spirit\\'')
    'the “peaceful coexistence” line; Stalin’s ‘Geneva Spirit’'

    One character for one (``ONE_FOR_ONE``): every other character stays where it was.

    >>> len(curly_quotes('"a" \\'b\\' c\\'s')) == len('"a" \\'b\\' c\\'s')
    True
    """
    text = re.sub(r'(^|[\s(\[—–-])"', "\\1“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(^|[\s(\[—–-])'", "\\1‘", text)
    return text.replace("'", "’")


# The fixers that work on the marked text itself (they run before the readings are fixed in
# place, and keep them whole); every other fixer reads the bare text (``marks.through_marks``).
MARK_AWARE = frozenset({"pull_up_broken_words", "join_letter_spacing", "unprotect"})
# The fixers that put one character for one (``marks.through_marks`` then puts the marks back
# where they stood; it checks the length, and aligns the edit if it changed).
ONE_FOR_ONE = frozenset({"curly_quotes"})

FIXERS = {
    f.__name__: f
    for f in (
        strip_trailing_spaces,
        pull_up_broken_words,
        join_letter_spacing,
        unprotect,
        unwrap_lines,
        close_up_punctuation,
        typewriter_dashes,
        curly_quotes,
    )
}
