"""Natural dates for the work log: ``yesterday``, ``last monday``, ``3 days ago``, ``2026-11-02``.

A work log records what happened, so a bare weekday or month-day means the most recent one
(``monday`` on a Wednesday is two days ago, not five days ahead), and a date in the future is
refused. Parsing is done by parsedatetime (light to import: it sits on the capture path).
"""

from __future__ import annotations

import datetime as dt
import re

from ladder.clock import SYSTEM
from ladder.errors import InputError

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_YEAR = re.compile(r"\b\d{4}\b")


def parse_date(text: str, *, today: dt.date | None = None, allow_future: bool = False) -> dt.date:
    """Parse a date as a person writes it in a work log.

    Args:
        text: ``today``, ``yesterday``, ``last monday``, ``friday``, ``3 days ago``,
            ``nov 3``, ``2026-11-02`` …
        today: The reference day (default: the local date).
        allow_future: Accept a day after ``today`` (the end of a period may lie ahead).

    Returns:
        The date.

    Raises:
        InputError: The text is not a date, or names a day in the future.
    """
    today = today or SYSTEM.today()
    raw = text.strip()
    if not raw:
        raise InputError("the date is empty", hint="give a day: yesterday, '3 days ago' or 2026-11-02")
    if _ISO.match(raw):
        try:
            day = dt.date.fromisoformat("-".join(p.zfill(2) for p in raw.split("-")))
        except ValueError as exc:
            raise InputError(f"{raw!r} is not a valid date: {exc}") from exc
    else:
        day = _natural(raw, today)
    if day > today and not allow_future:
        raise InputError(
            f"{raw!r} is {day.isoformat()}, in the future: the work log records what happened",
        )
    return day


_FILLER = {"on", "at", "the", "of"}


def _leftover(cal: object, raw: str, noon: dt.datetime) -> bool:
    """True when words outside what parsedatetime recognised remain ("not a day" is no date)."""
    found = cal.nlp(raw, sourceTime=noon) or ()  # type: ignore[attr-defined]
    rest = raw
    for *_, start, end, _text in sorted(found, key=lambda m: -m[2]):
        rest = rest[:start] + " " + rest[end:]
    return any(w not in _FILLER for w in re.findall(r"[^\W_]+", rest.lower()))


def _natural(raw: str, today: dt.date) -> dt.date:
    import parsedatetime

    cal = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)
    noon = dt.datetime.combine(today, dt.time(12, 0))
    when, ctx = cal.parseDT(raw, sourceTime=noon)
    if (not ctx.hasDate and not ctx.hasTime) or _leftover(cal, raw, noon):
        raise InputError(
            f"cannot read {raw!r} as a date",
            hint="try 'yesterday', 'last monday', '3 days ago' or 2026-11-02",
        )
    day: dt.date = when.date()
    lowered = raw.lower()
    explicit_future = any(w in lowered for w in ("tomorrow", "next", "in "))
    if day > today and not explicit_future and not _YEAR.search(raw):
        # "monday" or "nov 3" without a year: the most recent one, not the coming one.
        if lowered.split()[-1][:3] in _WEEKDAYS:
            day -= dt.timedelta(days=7)
        else:
            try:
                day = day.replace(year=day.year - 1)
            except ValueError:  # 29 February
                day = day.replace(year=day.year - 1, day=28)
    return day
