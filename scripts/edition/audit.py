"""The conservation audit (DESIGN §2.4): every raw word is kept, corrected by a recorded
decision, or removed as recorded furniture; anything else is reported and fails the check.

Raw and reading text are compared as streams of letters and digits (case and Unicode
compatibility forms folded, so "¹²" matches "12"), because cleanup changes spacing,
hyphens, dashes and quotes but must never change a letter. The raw stream is the raw text
with the recorded corrections applied (in reading order) and whole furniture lines left
out; the alignment is a greedy walk that re-synchronises after each difference, which is
fast and exact for streams that are nearly identical. A difference whose raw side is the
reading's side with recorded furniture around it (a short signature between a removed note
call and a removed note number) counts as kept text and furniture (:func:`around_furniture`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from .errors import fail
from .cleanup.marks import strip_marks
from .model import Document, block_text
from .sources import Text

# Enough characters in a row to be sure two streams are back in step after a difference.
SYNC = 12
# Past the exhaustive search, how many characters must agree to trust a re-synchronisation.
FAR_SYNC = 48
# Differences up to this many characters in all are searched exhaustively.
NEAR = 120
# How far ahead to look for the point where the streams are back in step.
WINDOW = 4000


@dataclass
class Loss:
    """A run of raw characters that the reading text does not have."""

    line: int
    text: str


@dataclass
class AuditResult:
    slug: str
    raw_chars: int = 0
    kept_chars: int = 0
    furniture_lines: int = 0
    furniture_chars: int = 0
    corrections: int = 0
    losses: list[Loss] = field(default_factory=list)
    added_chars: int = 0

    @property
    def ok(self) -> bool:
        return not self.losses


def fold(text: str) -> str:
    """Letters and digits only, compatibility-folded and lower-cased.

    >>> fold("Stalin’s “thaw,” 1953–¹²")
    'stalinsthaw195312'
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(filter(str.isalnum, text.lower()))  # filter: the anchors fold every paragraph


def raw_stream(text: Text, doc: Document) -> tuple[list[tuple[str, int]], int, int]:
    """The raw text as (character, raw line) pairs, with corrections applied and whole
    furniture lines left out; also the count of furniture lines and characters."""
    whole = {(f.line, f.text.strip()) for f in doc.record.furniture}
    apart = {n for numbers in doc.note_sources.values() for n in numbers}
    stream: list[tuple[str, int]] = []
    lines = chars = 0
    for number, line in text.lines:
        if number in apart:
            continue
        folded = fold(strip_marks(line))
        if (number, line.strip()) in whole:
            lines += 1
            chars += len(folded)
            continue
        stream.extend((ch, number) for ch in folded)
    return stream, lines, chars


def reading_stream(doc: Document) -> str:
    """The reading text (title, blocks, list items, notes that stood with the text) folded
    to letters and digits."""
    parts = [doc.title.text] + [block_text(block) for block in doc.blocks]
    parts.extend(note.text for key, note in doc.notes.items() if key not in doc.note_sources)
    return fold(" ".join(parts))


def _resync(raw: str, reading: str, i: int, j: int) -> tuple[int, int]:
    """The nearest (i', j') past a difference where SYNC characters agree again.

    Small differences (a word lost, a heading added, both at once) are searched
    exhaustively by total skip; larger ones by looking each stream's next SYNC characters
    up in the other.
    """
    for total in range(1, NEAR):
        for di in range(total + 1):
            a, b = i + di, j + total - di
            chunk = raw[a : a + SYNC]
            if len(chunk) == SYNC and chunk == reading[b : b + SYNC]:
                return a, b
    def agree(a: int, b: int) -> bool:
        # Far from the difference, a short chance agreement is likely: demand a long one.
        return raw[a : a + FAR_SYNC] == reading[b : b + FAR_SYNC]

    candidates = []
    for a in range(i, min(len(raw), i + WINDOW)):
        b = reading.find(raw[a : a + SYNC], j)
        if b >= 0 and len(raw[a : a + SYNC]) == SYNC and agree(a, b):
            candidates.append((a, b))
            break
    for b in range(j, min(len(reading), j + WINDOW)):
        a = raw.find(reading[b : b + SYNC], i)
        if a >= 0 and len(reading[b : b + SYNC]) == SYNC and agree(a, b):
            candidates.append((a, b))
            break
    if candidates:
        return min(candidates, key=lambda ab: (ab[0] - i) + (ab[1] - j))
    return len(raw), len(reading)


def differences(raw: str, reading: str) -> list[tuple[int, int, int, int]]:
    """Each place where the streams differ: (raw start, raw end, reading start, reading end)."""
    i = j = 0
    out: list[tuple[int, int, int, int]] = []
    while i < len(raw) and j < len(reading):
        if raw[i] == reading[j]:
            i += 1
            j += 1
            continue
        ni, nj = _resync(raw, reading, i, j)
        out.append((i, ni, j, nj))
        i, j = ni, nj
    if i < len(raw) or j < len(reading):
        out.append((i, len(raw), j, len(reading)))
    return out


def align(raw: str, reading: str) -> tuple[list[tuple[int, int]], int]:
    """Raw index ranges the reading lacks, and the number of characters the reading adds."""
    found = differences(raw, reading)
    return [(i, ni) for i, ni, _, _ in found if ni > i], sum(nj - j for _, _, j, nj in found)


def around_furniture(run: str, kept: str, furniture: str) -> bool:
    """Whether a raw run the reading lacks is the reading's own text (``kept``, the reading's
    side of the same difference) with recorded furniture of its line around or inside it:
    short text between two removals ("it.11" / "Thompson" / "1. Source") is too short for the
    alignment to find in step, so it reports the whole run. Every character left once ``kept``
    is taken out, in order, must be furniture of the line, as many times as recorded.

    >>> around_furniture("11thompson1", "thompson", "111"), around_furniture("11thompson1", "thomson", "111")
    (True, False)
    """
    rest, at = [], 0
    for ch in run:
        if at < len(kept) and ch == kept[at]:
            at += 1
        else:
            rest.append(ch)
    if at < len(kept):
        return False
    pool = list(furniture)
    for ch in rest:
        if ch not in pool:
            return False
        pool.remove(ch)
    return True


def partial_furniture(doc: Document) -> dict[int, str]:
    """Per raw line, the folded text of furniture removed from within the line."""
    out: dict[int, str] = {}
    for f in doc.record.furniture:
        out[f.line] = out.get(f.line, "") + fold(f.text)
    return out


def audit(text: Text, doc: Document) -> AuditResult:
    stream, furniture_lines, furniture_chars = raw_stream(text, doc)
    raw = "".join(ch for ch, _ in stream)
    reading = reading_stream(doc)
    found = differences(raw, reading)
    missing = [(i, ni) for i, ni, _, _ in found if ni > i]
    added = sum(nj - j for _, _, j, nj in found)
    note_chars = sum(
        len(fold(strip_marks(line))) for n, line in text.lines
        if any(n in numbers for numbers in doc.note_sources.values())
    )
    result = AuditResult(
        slug=text.slug, raw_chars=len(raw) + furniture_chars + note_chars, furniture_lines=furniture_lines,
        furniture_chars=furniture_chars, corrections=len(text.corrections), added_chars=added,
    )
    for key, numbers in doc.note_sources.items():
        # A page-foot note: its raw lines against its own text.
        lines = dict(text.lines)
        note_raw = fold(strip_marks(" ".join(lines[n] for n in numbers)))
        note_missing, note_added = align(note_raw, fold(doc.notes[key].text))
        result.added_chars += note_added
        for start, end in note_missing:
            result.losses.append(Loss(numbers[0], note_raw[start:end]))
        result.kept_chars += len(note_raw) - sum(e - s for s, e in note_missing)
    partial = partial_furniture(doc)
    lost = 0
    for start, end, low, high in found:
        if end == start:
            continue
        run = raw[start:end]
        line = stream[start][1]
        if run in partial.get(line, ""):
            result.furniture_chars += len(run)
            continue
        furniture = "".join(partial.get(n, "") for n in sorted({number for _, number in stream[start:end]}))
        if around_furniture(run, reading[low:high], furniture):
            # kept text with recorded furniture around it: kept, not lost nor added
            result.furniture_chars += len(run) - (high - low)
            result.kept_chars += high - low
            result.added_chars -= high - low
            continue
        lost += len(run)
        result.losses.append(Loss(line, run))
    result.kept_chars += len(raw) - sum(e - s for s, e in missing)
    return result


def report(result: AuditResult, raw_path) -> list[str]:
    """The audit's lines: one figure line, then one se-lint-style line per loss."""
    lines = [
        f"{result.slug}: {result.raw_chars} raw letters/digits: {result.kept_chars} kept, "
        f"{result.furniture_chars} in furniture ({result.furniture_lines} whole lines), "
        f"{result.corrections} recorded corrections; {sum(len(l.text) for l in result.losses)} "
        f"unaccounted; {result.added_chars} added by the editors"
    ]
    for loss in result.losses:
        lines.append(str(fail("A201", raw_path, loss.line, text=loss.text)))
    return lines
