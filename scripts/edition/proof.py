"""Proofreading lints (``edition check``): the kinds of error a blind second reading of the
CIA paper found (issue 19), checked in every text so that they cannot come back.

On the reading texts (paragraphs and notes, as the reader sees them):

- ``Q101`` a space before a punctuation mark, or after an opening parenthesis ("leaders ,"),
  left by the letter-spacing repair. An ellipsis (". . .") is not one.
- ``Q102`` a quotation mark that points the wrong way: an opening mark before a space or a
  punctuation mark, a closing double mark after a space ("finesse “ and").
- ``Q103`` a paragraph whose double quotation marks do not balance. A quotation may run
  over paragraphs in the style that reopens it at each new paragraph without closing the
  one before: a paragraph one quotation short is passed when the next opens with a mark.
- ``Q104`` a word split in two by the segmentation ("attack ed"): two words separated by a
  space, one of them no known word, whose join is a known word.
- ``Q105`` two words run together: a token the word model does not know that splits into
  known words of two letters or more.

Both word checks are the word model's own judgement (:mod:`edition.cleanup.words`), so
they also find real words it does not know; a form an editor has reviewed and found right
is listed, as data, in ``sources/reviewed-words.txt``.

On the recorded corrections (``sources/<slug>/corrections.yaml``):

- ``Q106`` an ``ocr`` correction changes a number (a date, a year): a number read other
  than the OCR has it is inferred, a conjecture the reader sees (DESIGN §2.3), in brackets.
  The letters l, I, i and | count as the digit 1 and O, o as 0 (the typist's and the OCR's
  common forms), so "l957" read as "1957" is a repair, "1355" read as "1955" is not.
- ``Q107`` an ``ocr`` correction that mends clean letters: its raw form holds only letters,
  spaces and the reading's own punctuation, and the reading only adds, drops or swaps one
  or two letters inside a word ("artifically", "conferences", "perfoidy"). OCR damage
  substitutes shapes (l for i, rn for m) or leaves debris; a letter cleanly added, dropped
  or transposed is the typist's slip, corrected and flagged as ``typist`` (the policy on
  About). A one-letter token dropped whole (a margin mark, "I changed") is not a slip.

:func:`review` lists, for an editor to reread (``python -m edition.proof``), the ``ocr``
corrections whose raw form is mostly junk or whose reading is mostly the editors' letters,
and those that change a number or a capitalised word (a name, a month): kinds 4 and 6 of
the issue, which need a reader, not a rule.
"""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path

from .cleanup.words import is_known, segment, zipf, KNOWN_ZIPF
from .errors import fail
from .model import Document, block_text, paragraphs
from .sources import Text, read_word_list

REVIEWED = Path("sources") / "reviewed-words.txt"

# Q101: a space before , ; : ? ! ) after a word; or before a full stop that is not part of
# an ellipsis (". . .") or a decimal; or after an opening parenthesis.
SPACE_BEFORE_RE = re.compile(r"(?<=[^\s.…]) +[,;:?!)]|(?<=[^\s.…]) +\.(?![.\d]| \.)|\( +(?=\S)")
# Q102: an opening mark before a space, the end or a punctuation mark; a closing double mark
# after a space (a closing single mark after a space is an elision: ’50s, ’em).
MISDIRECTED_RE = re.compile(r"[“‘](?=\s|$|[,.;:!?)\]])|(?<=\s)”")
# Q104/Q105: a word as the lints read it, not part of a bracket, a hyphenated compound or a
# contraction.
WORD_RE = re.compile(r"(?<![\w’'\-\[\]])[A-Za-z]+(?![\w’'\-\[\]])")
# Q105: tokens this long and longer are checked for words run together.
JOINED_MIN = 6
# Q106: the letters that stand for digits in typescript and OCR.
DIGIT_FORMS = str.maketrans({"l": "1", "I": "1", "i": "1", "|": "1", "O": "0", "o": "0"})
NUMBER_RE = re.compile(r"\d+")


def places(doc: Document) -> list[tuple[str, list[int], int, str]]:
    """The paragraphs and notes of a text: (anchor, raw lines, first raw line, text). The
    model's text is what the reader reads: page starts and note calls are spans, not text."""
    out = [(block.id, list(block.source_lines), block.line, block_text(block)) for block in paragraphs(doc)]
    for key, note in doc.notes.items():
        lines = doc.note_sources.get(key, [])
        out.append((f"fn:{key}", lines, lines[0] if lines else 0, note.text))
    return out


def letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def raw_line(raw_lines: list[str], candidates: list[int], first: int, snippet: str) -> int | None:
    """The raw line an error in `snippet` comes from: the first of the paragraph's lines (or,
    when the profile does not list them, of the lines from its first on) whose letters, spacing
    ignored, hold the snippet's. The line's first raw line when none does."""
    target = letters(snippet)
    lines = candidates or list(range(first, min(first + 120, len(raw_lines)) + 1))
    if target:
        for number in lines:
            if 1 <= number <= len(raw_lines) and target in letters(raw_lines[number - 1]):
                return number
        # Across a line end: the snippet's last word alone.
        tail = letters(snippet.split()[-1]) if snippet.split() else ""
        for number in lines:
            if tail and 1 <= number <= len(raw_lines) and tail in letters(raw_lines[number - 1]):
                return number
    return first or None


def _word_before(text: str, index: int) -> str:
    match = re.search(r"[A-Za-z]+\W*$", text[:index])
    return match.group(0) if match else ""


def lint_punctuation(slug: str, doc: Document, raw: str) -> list[str]:
    """Q101-Q103 on one text."""
    path = Path("sources") / slug / "raw.txt"
    raw_lines = raw.split("\n")
    messages = []
    entries = places(doc)
    for index, (anchor, lines, first, text) in enumerate(entries):
        for match in SPACE_BEFORE_RE.finditer(text):
            snippet = text[max(0, match.start() - 20) : match.end() + 1].strip()
            line = raw_line(raw_lines, lines, first, _word_before(text, match.start()))
            messages.append(str(fail("Q101", path, line, anchor=anchor, snippet=snippet)))
        for match in MISDIRECTED_RE.finditer(text):
            snippet = text[max(0, match.start() - 20) : match.end() + 6].strip()
            line = raw_line(raw_lines, lines, first, _word_before(text, match.start()))
            messages.append(str(fail("Q102", path, line, anchor=anchor, snippet=snippet)))
        opened, closed = text.count("“"), text.count("”")
        following = entries[index + 1][3].lstrip() if index + 1 < len(entries) else ""
        runs_on = opened == closed + 1 and following.startswith("“") and anchor.startswith("p-")
        if opened != closed and not runs_on:
            line = raw_line(raw_lines, lines, first, text.split("“")[-1][:30]) if opened > closed else first
            messages.append(str(fail("Q103", path, line, anchor=anchor, opened=opened, closed=closed)))
    return messages


def split_words(text: str, reviewed: set[str]) -> list[tuple[str, str]]:
    """Pairs of words that are one word split in two (Q104): (the pair, the word).

    >>> split_words("it was attack ed as detrimental; the for ces", set())
    [('attack ed', 'attacked'), ('for ces', 'forces')]
    >>> split_words("in to the house, a dam", {"a dam"})
    []
    """
    found = []
    words = list(WORD_RE.finditer(text))
    for first, second in zip(words, words[1:]):
        if text[first.end() : second.start()] != " ":
            continue
        a, b = first.group(), second.group()
        pair = f"{a} {b}"
        if pair in reviewed or (is_known(a) and is_known(b)):
            continue
        if zipf(a + b) >= KNOWN_ZIPF:
            found.append((pair, a + b))
    return found


def joined_words(text: str, reviewed: set[str]) -> list[tuple[str, str]]:
    """Tokens that are words run together (Q105): (the token, its words).

    >>> joined_words("the opposition blamedthe committee", set())
    [('blamedthe', 'blamed the')]
    """
    found = []
    for match in WORD_RE.finditer(text):
        token = match.group()
        if len(token) < JOINED_MIN or token in reviewed or is_known(token):
            continue
        parts, _ = segment(token.lower())
        if len(parts) > 1 and all(len(p) > 1 and is_known(p) for p in parts):
            pos, cased = 0, []
            for part in parts:
                cased.append(token[pos : pos + len(part)])
                pos += len(part)
            found.append((token, " ".join(cased)))
    return found


def lint_words(root: Path, slug: str, doc: Document, raw: str) -> list[str]:
    """Q104 and Q105 on one text."""
    path = Path("sources") / slug / "raw.txt"
    reviewed = set(read_word_list(root / REVIEWED))
    raw_lines = raw.split("\n")
    messages = []
    for anchor, lines, first, text in places(doc):
        for pair, word in split_words(text, reviewed):
            line = raw_line(raw_lines, lines, first, pair)
            messages.append(str(fail("Q104", path, line, anchor=anchor, pair=pair, word=word, allowed=REVIEWED)))
        for token, parts in joined_words(text, reviewed):
            line = raw_line(raw_lines, lines, first, token)
            messages.append(str(fail("Q105", path, line, anchor=anchor, token=token, parts=parts, allowed=REVIEWED)))
    return messages


def changes_number(raw: str, reading: str) -> bool:
    """Does a correction read a number other than the raw form has it (Q106)?

    >>> changes_number("1355", "1955"), changes_number("1 9 5 3 $", "1953"), changes_number("l957", "1957")
    (True, False, False)
    >>> changes_number("2 0 t h", "20th"), changes_number("a n 6", "and"), changes_number("]1S_,.J,une", "18 June")
    (False, False, True)
    """
    spaced = re.sub(r"\s+", "", raw)
    digits = spaced.translate(DIGIT_FORMS)
    return any(number not in digits and number not in spaced for number in NUMBER_RE.findall(reading))


def clean_letter_slip(raw: str, reading: str) -> bool:
    """Does a correction mend clean letters, as a typist's slip is mended (Q107)?

    >>> clean_letter_slip("a r t i f i c a l l y", "artificially"), clean_letter_slip("pe r fo idy , \\"", 'perfidy,"')
    (True, True)
    >>> clean_letter_slip("c o n f e r e n c e s", "conference"), clean_letter_slip("p r e m i e r h s i p", "premiership")
    (True, True)
    >>> clean_letter_slip("nomlnal", "nominal"), clean_letter_slip("I changed", "changed"), clean_letter_slip("Agains t", "against")
    (False, False, False)
    >>> clean_letter_slip("XThis", "(This"), clean_letter_slip("o f f i c i a l  i", "official")
    (False, False)
    """
    # Its marks must be the reading's own: a mark read for a letter ("XThis" for "(This")
    # or debris is OCR damage.
    if sorted(re.sub(r"[A-Za-z\s]", "", raw)) != sorted(re.sub(r"[A-Za-z\s]", "", reading)):
        return False
    a, b = re.sub(r"[^A-Za-z]", "", raw), re.sub(r"[^A-Za-z]", "", reading)
    if a.lower() == b.lower() or not a or not b:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    ops = [(op, i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    if any(op == "replace" for op, *_ in ops):
        return False
    changed = sum(max(i2 - i1, j2 - j1) for _, i1, i2, j1, j2 in ops)
    if changed > 2:
        return False
    # A letter standing alone at either edge of the raw form (a chunk of its own between
    # wide gaps, or beside a whole word, not inside a letter-spaced one) dropped whole is a
    # margin mark ("I changed", "o f f i c i a l  i").
    chunks = re.split(r" {2,}", raw.strip())
    for chunk, edge in ((chunks[0], 0), (chunks[-1], -1)):
        tokens = chunk.split()
        if not tokens:
            continue
        token = tokens[edge]
        neighbour = tokens[1] if edge == 0 and len(tokens) > 1 else tokens[-2] if len(tokens) > 1 else ""
        alone = len(tokens) == 1 and len(chunks) > 1 or len(neighbour) > 1
        if len(token) == 1 and token.isalpha() and alone and token not in reading.split():
            return False
    return True


def lint_corrections(slug: str, text: Text) -> list[str]:
    """Q106 and Q107 on one text's recorded corrections."""
    path = Path("sources") / slug / "raw.txt"
    messages = []
    for entry in text.corrections:
        if entry["category"] != "ocr":
            continue
        raw, reading = entry["raw"], entry["reading"]
        if changes_number(raw, reading):
            messages.append(str(fail("Q106", path, entry["line"], raw=raw, reading=reading)))
        if clean_letter_slip(raw, reading):
            messages.append(str(fail("Q107", path, entry["line"], raw=raw, reading=reading)))
    return messages


def lint_edition(root: Path, texts: list[Text], documents: dict[str, Document]) -> list[str]:
    """Every proofreading lint on every text, in the edition's order."""
    messages = []
    for text in texts:
        doc = documents[text.slug]
        messages += lint_punctuation(text.slug, doc, text.raw)
        messages += lint_words(root, text.slug, doc, text.raw)
        messages += lint_corrections(text.slug, text)
    return messages


def junk_share(raw: str) -> float:
    """The share of a raw form's characters (spaces aside) that are not letters."""
    chars = re.sub(r"\s", "", raw)
    return sum(not c.isalpha() for c in chars) / len(chars) if chars else 0.0


def editors_share(raw: str, reading: str) -> float:
    """The share of a reading's letters that the raw form does not give, in order."""
    a, b = letters(raw), letters(reading)
    if not b:
        return 0.0
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return 1 - sum(block.size for block in matcher.get_matching_blocks()) / len(b)


# A raw token of debris: a mark other than one hyphen or apostrophe between letters, or a
# capital after a small letter ("EIis,fo.r.eign--ald_program", "corroborLLtion").
DEBRIS_TOKEN_RE = re.compile(r"[A-Za-z](?:[^A-Za-z\s'-]|--|-(?![A-Za-z]))+[A-Za-z]|[a-z][A-Z]")
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"}


def is_junk(raw: str, reading: str) -> bool:
    """Is a raw form mostly junk for the reading made of it (kind 4 of issue 19)? A quarter
    or more of its characters are not letters, or a quarter or more of the reading's letters
    (of five or more) are not in it, or a token of it is debris.

    >>> is_junk("I t  EIis,fo.r.eign--ald_program", "Its foreign-aid program"), is_junk("Tha", "The")
    (True, False)
    """
    # (A short word misread by one letter, "Tha" for "The", is not a reading made of junk.)
    editors = editors_share(raw, reading) >= 0.25 and len(letters(reading)) >= 5
    return junk_share(raw) >= 0.25 or editors or bool(DEBRIS_TOKEN_RE.search(raw))


def new_names(raw: str, reading: str) -> set[str]:
    """Capitalised words of a reading that are names or months the raw form does not spell
    (a capitalised common word, "The" for "Tha", is not a name).

    >>> sorted(new_names("?:A$; .1955,", "May 1955,")), sorted(new_names("Tha", "The")), sorted(new_names("F l a n s", "Plans"))
    (['May'], [], [])
    """
    spelled = raw.replace(" ", "").lower()
    found = set()
    for word in re.findall(r"\b[A-Z][a-z]+", reading):
        if word.lower() in spelled:
            continue
        if word in MONTHS or not is_known(word.lower()) or zipf(word.lower()) < zipf(word):
            found.add(word)
    return found


def review(texts: list[Text]) -> list[str]:
    """The ``ocr`` corrections an editor must reread (kinds 4 and 6 of issue 19): a reading
    made of a raw form that is mostly junk (:func:`is_junk`), and a reading that changes a
    number or brings in a name or a month the raw form does not spell. Line-end words given
    whole (a raw form ending in a hyphen) and changes of punctuation alone are left out."""
    out = []
    for text in texts:
        for entry in text.corrections:
            if entry["category"] != "ocr":
                continue
            raw, reading = entry["raw"], entry["reading"]
            if not letters(reading) or letters(raw) == letters(reading) or raw.rstrip().endswith("-"):
                continue
            why = []
            if is_junk(raw, reading):
                why.append("junk")
            if changes_number(raw, reading) or new_names(raw, reading):
                why.append("number or name")
            if why:
                out.append(f"sources/{text.slug}/raw.txt:{entry['line']}: [{', '.join(why)}] "
                           f"{raw!r} -> {reading!r}: {entry['reason']}")
    return out


def main() -> int:
    """Print the review list of the edition found from the current folder."""
    from .cli import find_root
    from .sources import load_edition

    _, texts = load_edition(find_root(Path.cwd()))
    lines = review(texts)
    for line in lines:
        print(line)
    print(f"{len(lines)} ocr corrections to reread", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
