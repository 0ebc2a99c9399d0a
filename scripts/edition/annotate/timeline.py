"""The timeline (``sources/timeline.yaml``): the dated events the texts treat, in order, each
with one line and the passages that treat it.

Dates are ISO strings with the precision that is established, ``1953-03-05``, ``1953-03``
or ``1953``; an event over several days has an ``end`` of the same form. Nothing finer than
the evidence is ever printed: a month-precision date reads "March 1953".

Errors (``T1xx``; the passages themselves are checked as ``R1xx``):

- the fields of each entry: the schema (``data/schemas.yaml``), S104-S108 (``T101`` retired).
- ``T102`` a date is not of the form YYYY, YYYY-MM or YYYY-MM-DD, or is not a real day.
- ``T103`` the events are not in order of date.
- ``T104`` an id is not unique or not of the form ``lower-case-words``.
- ``T105`` an event ends before it begins.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import fail
from ..sources import load_yaml_list
from .passages import Passage, parse_passage, prose

TIMELINE = Path("sources") / "timeline.yaml"
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


@dataclass(frozen=True)
class Date:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def key(self) -> tuple[int, int, int]:
        """For ordering: a date known to the month sorts at the month's start."""
        return (self.year, self.month or 0, self.day or 0)

    def __str__(self) -> str:
        return " ".join(str(part) for part in (self.day, self.month and MONTHS[self.month - 1], self.year) if part)


@dataclass(frozen=True)
class Event:
    id: str
    date: Date
    end: Date | None
    event: str
    passages: tuple[Passage, ...]
    note: str | None
    line: int

    @property
    def year(self) -> int:
        return self.date.year

    @property
    def when(self) -> str:
        return date_range(self.date, self.end)


def parse_date(value: object, path: Path, line: int) -> Date:
    """Read an ISO date of year, month or day precision.

    >>> parse_date("1955-07", Path("t.yaml"), 1)
    Date(year=1955, month=7, day=None)
    >>> parse_date("1955-02-30", Path("t.yaml"), 4)
    Traceback (most recent call last):
    ...
    edition.errors.EditionError: t.yaml:4: T102 The date '1955-02-30' is not a real date of the form YYYY, YYYY-MM or YYYY-MM-DD.
    """
    match = DATE_RE.fullmatch(value) if isinstance(value, str) else None
    try:
        if not match:
            raise ValueError
        year, month, day = (int(part) if part else None for part in match.groups())
        datetime.date(year, month or 1, day or 1)  # a real day, or a ValueError
    except ValueError:
        raise fail("T102", path, line, value=value) from None
    return Date(year, month, day)


def date_range(start: Date, end: Date | None) -> str:
    """A date or a span as a reader writes it, naming what the two ends share only once.

    >>> d = lambda *parts: Date(*parts)
    >>> date_range(d(1953, 3, 5), None), date_range(d(1955, 7, 18), d(1955, 7, 23))
    ('5 March 1953', '18–23 July 1955')
    >>> date_range(d(1955, 5, 26), d(1955, 6, 2)), date_range(d(1958, 11), d(1959, 5))
    ('26 May – 2 June 1955', 'November 1958 – May 1959')
    """
    if end is None:
        return str(start)
    if start.year == end.year and start.day and end.day and start.month == end.month:
        return f"{start.day}–{end}"
    if start.year == end.year and start.day and end.day:
        return f"{start.day} {MONTHS[start.month - 1]} – {end}"
    if start.year == end.year and start.month and end.month and not start.day and not end.day:
        return f"{MONTHS[start.month - 1]}–{end}"
    return f"{start} – {end}"


def load_timeline(root: Path, paragraphs: dict[str, list[str]]) -> list[Event]:
    """The timeline, checked: fields, dates, order, ids, passages that exist."""
    path = root / TIMELINE
    if not path.exists():
        return []
    events: list[Event] = []
    for entry, line in load_yaml_list(path, "timeline"):
        ident = entry["id"]
        if not isinstance(ident, str) or not ID_RE.fullmatch(ident) or any(e.id == ident for e in events):
            raise fail("T104", path, line, id=ident)
        start = parse_date(entry["date"], path, line)
        end = parse_date(entry["end"], path, line) if "end" in entry else None
        if end is not None and end.key <= start.key:
            raise fail("T105", path, line, id=ident, end=end, start=start)
        if events and start.key < events[-1].date.key:
            raise fail("T103", path, line, id=ident, date=start, other=events[-1].id, other_date=events[-1].date)
        passages = entry["passages"] if isinstance(entry["passages"], list) else [entry["passages"]]
        events.append(Event(
            id=ident, date=start, end=end, event=prose(entry["event"]),
            passages=tuple(parse_passage(ref, paragraphs, path, line) for ref in passages),
            note=prose(entry["note"]) if "note" in entry else None, line=line,
        ))
    return events


def events_by_passage(events: list[Event]) -> dict[Passage, list[Event]]:
    """The events each passage treats, in order of date."""
    found: dict[Passage, list[Event]] = defaultdict(list)
    for event in events:
        for passage in dict.fromkeys(event.passages):
            found[passage].append(event)
    return dict(found)
