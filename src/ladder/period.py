"""Periods of time as people name them: ``2026-H2``, ``2026-Q3``, ``2026-11``, ``last-week``.

The brag document, the status report and the packet cover a period. :func:`parse` reads the
names people use for one; :func:`between` builds one from two dates (natural dates work, as
in the work log). A period is a closed range of days, ``start`` to ``end`` included.

Example:
    >>> import datetime as dt
    >>> parse("2026-Q3", today=dt.date(2026, 11, 24)).days
    92
    >>> parse("last-week", today=dt.date(2026, 11, 24)).label
    '2026-11-16..2026-11-22'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from ladder.clock import SYSTEM
from ladder.errors import InputError

#: The forms :func:`parse` reads, for hints and help text.
FORMS = (
    "2026",
    "2026-H2",
    "2026-Q3",
    "2026-11",
    "2026-W47",
    "2026-11-02",
    "2026-09-01..2026-11-30",
    "last-week",
    "this-week",
    "last-month",
    "this-month",
    "last-quarter",
    "this-quarter",
    "last-half",
    "this-half",
    "last-year",
    "this-year",
)
HINT = "write a period as " + ", ".join(FORMS[:7]) + " or last-week / last-month"
#: The one rule for every document (packet, brag document, report): a period must have begun;
#: one that ends after today is kept and covers the days so far (documents say "so far").
FUTURE_HINT = (
    "a document covers what has happened: start on or before today "
    "(a period may end after today; it then covers the days so far)"
)

_MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-?h(\d+)$")
_QUARTER = re.compile(r"^(\d{4})-?q(\d+)$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-?w(\d{1,2})$")
_DAY = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_RELATIVE = re.compile(r"^(last|this|previous|current)[\s_-]+(week|month|quarter|half|year)$")


@dataclass(frozen=True)
class Period:
    """A closed range of days, with the name it was given.

    Args:
        start: The first day.
        end: The last day (included).
        label: The canonical short name (``2026-Q3``; ``2026-09-01..2026-11-30`` for a range).
        name: The period in words (``the third quarter of 2026``).
    """

    start: dt.date
    end: dt.date
    label: str
    name: str

    @property
    def days(self) -> int:
        """How many days the period spans."""
        return (self.end - self.start).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def through(self, today: dt.date) -> dt.date:
        """The last day of the period that has happened by ``today``."""
        return min(self.end, today)

    def span(self) -> str:
        """The days in words: ``1 Jul 2026 - 31 Dec 2026`` (with an en dash)."""
        return f"{_day(self.start)} \u2013 {_day(self.end)}" if self.days > 1 else _day(self.start)

    @property
    def short(self) -> str:
        """A name for a title: ``2026-Q3`` for a named period, the days in words for a range."""
        return self.span() if _DAY.match(self.label.partition("..")[0]) else self.label

    def so_far(self, today: dt.date) -> bool:
        """True when the period has not ended by ``today`` (documents then say "so far")."""
        return self.end > today

    def describe(self, today: dt.date | None = None) -> str:
        """The period for a heading, each fact once.

        ``the third quarter of 2026, 1 Jul 2026 - 30 Sep 2026`` for a named period; only the
        days for a range (its name is its days); `` (so far)`` when it has not ended by
        ``today``.
        """
        span = self.span()
        text = span if self.name == span else f"{self.name}, {span}"
        return text + (" (so far)" if today is not None and self.so_far(today) else "")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "label": self.label,
            "name": self.name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
        }


def _day(d: dt.date) -> str:
    return f"{d.day} {_MONTHS[d.month][:3]} {d.year}"


def year(y: int) -> Period:
    """The calendar year ``y``."""
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), f"{y}", f"{y}")


def half(y: int, h: int) -> Period:
    """Half ``h`` (1 or 2) of year ``y``."""
    if h not in (1, 2):
        raise InputError(f"there is no half H{h}: a year has H1 and H2", hint=HINT)
    start = dt.date(y, 1 if h == 1 else 7, 1)
    end = dt.date(y, 6, 30) if h == 1 else dt.date(y, 12, 31)
    return Period(start, end, f"{y}-H{h}", f"the {'first' if h == 1 else 'second'} half of {y}")


def quarter(y: int, q: int) -> Period:
    """Quarter ``q`` (1 to 4) of year ``y``."""
    if not 1 <= q <= 4:
        raise InputError(f"there is no quarter Q{q}: a year has Q1 to Q4", hint=HINT)
    first = 3 * q - 2
    end = dt.date(y, first + 2, calendar.monthrange(y, first + 2)[1])
    nth = ("first", "second", "third", "fourth")[q - 1]
    return Period(dt.date(y, first, 1), end, f"{y}-Q{q}", f"the {nth} quarter of {y}")


def month(y: int, m: int) -> Period:
    """Month ``m`` of year ``y``."""
    if not 1 <= m <= 12:
        raise InputError(f"there is no month {m}: months run from 01 to 12", hint=HINT)
    end = dt.date(y, m, calendar.monthrange(y, m)[1])
    return Period(dt.date(y, m, 1), end, f"{y}-{m:02d}", f"{_MONTHS[m]} {y}")


def week(y: int, w: int) -> Period:
    """ISO week ``w`` of year ``y`` (Monday to Sunday)."""
    try:
        start = dt.date.fromisocalendar(y, w, 1)
    except ValueError as exc:
        raise InputError(f"there is no week W{w:02d} in {y}", hint=HINT) from exc
    return Period(start, start + dt.timedelta(days=6), f"{y}-W{w:02d}", f"week {w} of {y}")


def days(start: dt.date, end: dt.date, *, name: str | None = None) -> Period:
    """The days from ``start`` to ``end``, both included.

    Raises:
        InputError: ``start`` is after ``end``: the period would be empty.
    """
    if start > end:
        raise InputError(
            f"the period is empty: it starts on {start.isoformat()}, after its end on {end.isoformat()}",
            hint="give the earlier day first",
        )
    label = start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"
    span = _day(start) if start == end else f"{_day(start)} \u2013 {_day(end)}"
    return Period(start, end, label, name or span)


def _relative(unit: str, which: str, today: dt.date) -> Period:
    back = which in ("last", "previous")
    if unit == "week":
        monday = today - dt.timedelta(days=today.weekday()) - dt.timedelta(days=7 * back)
        return days(monday, monday + dt.timedelta(days=6), name=f"{which} week")
    if unit == "month":
        y, m = today.year, today.month
        if back:
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        return _named(month(y, m), f"{which} month")
    if unit == "quarter":
        n = (today.month - 1) // 3 + 1 - back
        y = today.year
        if n == 0:
            y, n = y - 1, 4
        return _named(quarter(y, n), f"{which} quarter")
    if unit == "half":
        n = 1 + (today.month > 6) - back
        y = today.year
        if n == 0:
            y, n = y - 1, 2
        return _named(half(y, n), f"{which} half")
    return _named(year(today.year - back), f"{which} year")


def _named(p: Period, words: str) -> Period:
    return Period(p.start, p.end, p.label, f"{words} ({p.name})")


def parse(text: str, *, today: dt.date | None = None) -> Period:
    """Read a period: a year, half, quarter, month, ISO week, day, range or relative name.

    Args:
        text: ``2026``, ``2026-H2``, ``2026-Q3``, ``2026-11``, ``2026-W47``, ``2026-11-02``,
            ``2026-09-01..2026-11-30``, ``last-week``, ``this-month``, ``last-quarter`` …
            (case does not matter; ``last week`` works too).
        today: The reference day for relative names and the future check (default: today).

    Returns:
        The period; its end may be after ``today`` (the current quarter, say).

    Raises:
        InputError: The text is not a period, names one that does not exist (``2026-Q5``),
            is empty (a range that ends before it starts), or starts after ``today``.
    """
    today = today or SYSTEM.today()
    raw = " ".join(text.split()).lower()
    if not raw:
        raise InputError("no period given", hint=HINT)
    period = _parse(raw, text.strip(), today)
    if period.start > today:
        raise InputError(
            f"{text.strip()!r} starts on {period.start.isoformat()}, in the future "
            f"(today is {today.isoformat()})",
            hint=FUTURE_HINT,
        )
    return period


def _parse(raw: str, shown: str, today: dt.date) -> Period:
    if m := _RELATIVE.match(raw):
        return _relative(m.group(2), m.group(1), today)
    if m := _YEAR.match(raw):
        return year(_year(m.group(1)))
    if m := _HALF.match(raw):
        return half(_year(m.group(1)), int(m.group(2)))
    if m := _QUARTER.match(raw):
        return quarter(_year(m.group(1)), int(m.group(2)))
    if m := _WEEK.match(raw):
        return week(_year(m.group(1)), int(m.group(2)))
    if m := _MONTH.match(raw):
        return month(_year(m.group(1)), int(m.group(2)))
    if _DAY.match(raw):
        d = _iso(raw)
        return days(d, d)
    if ".." in raw:
        first, _, last = raw.partition("..")
        if _DAY.match(first.strip()) and _DAY.match(last.strip()):
            return days(_iso(first.strip()), _iso(last.strip()))
    raise InputError(f"cannot read {shown!r} as a period", hint=HINT)


def _year(text: str) -> int:
    y = int(text)
    if y < 1970:
        raise InputError(f"{y} is too long ago for a work log", hint=HINT)
    return y


def _iso(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
    except ValueError as exc:
        raise InputError(f"{text!r} is not a valid date: {exc}", hint=HINT) from exc


def between(
    since: str | dt.date | None,
    until: str | dt.date | None = None,
    *,
    today: dt.date | None = None,
    default_days: int = 365,
) -> Period:
    """The period from ``since`` to ``until`` (natural dates work: ``3 months ago``).

    The rule is :func:`parse`'s: the period must begin on or before ``today``; it may end
    after ``today`` (a document then covers the days so far).

    Args:
        since: The first day (default: ``default_days`` before ``until``, counting it).
        until: The last day (default: today); it may be after today.
        today: The reference day for natural dates (default: today).
        default_days: How many days the period spans when ``since`` is not given.

    Raises:
        InputError: A date is empty or cannot be read, ``since`` is in the future, or
            ``since`` is after ``until``.
    """
    today = today or SYSTEM.today()
    end = _read_day(until, "--until", today) or today
    start = _read_day(since, "--since", today) or end - dt.timedelta(days=default_days - 1)
    if start > today and since is None:
        raise InputError(
            f"the {default_days} days up to --until {end.isoformat()} start on "
            f"{start.isoformat()}, in the future (today is {today.isoformat()})",
            hint=f"give --since too; {FUTURE_HINT}",
        )
    if start > today:
        raise InputError(
            f"--since {start.isoformat()} is in the future (today is {today.isoformat()})",
            hint=FUTURE_HINT,
        )
    if start > end:
        raise InputError(
            f"the period is empty: --since {start.isoformat()} is after --until {end.isoformat()}",
            hint="give the earlier day to --since",
        )
    return days(start, end)


def _read_day(value: str | dt.date | None, option: str, today: dt.date) -> dt.date | None:
    """A day given to ``option`` (``2026-11-02``, ``yesterday``, ``3 months ago``), or None.

    A day after ``today`` is returned as it is: :func:`between` decides what it may be.
    """
    if value is None or isinstance(value, dt.date):
        return value
    hint = f"give a day: {option} 2026-05-01, {option} yesterday or {option} '3 months ago'"
    raw = " ".join(value.split())
    if not raw:
        raise InputError(f"{option} is empty", hint=hint)
    if _DAY.match(raw):
        try:
            return dt.date.fromisoformat("-".join(p.zfill(2) for p in raw.split("-")))
        except ValueError as exc:
            raise InputError(f"{option}: {raw!r} is not a valid date: {exc}", hint=hint) from exc
    from ladder.dates import parse_date

    try:
        return parse_date(raw, today=today, allow_future=True)
    except InputError as err:
        raise InputError(f"{option}: {err.message}", hint=hint) from err


__all__ = [
    "FORMS",
    "FUTURE_HINT",
    "Period",
    "between",
    "days",
    "half",
    "month",
    "parse",
    "quarter",
    "week",
    "year",
]
