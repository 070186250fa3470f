"""Natural dates for the work log."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ladder.dates import parse_date
from ladder.errors import InputError

TUESDAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TUESDAY),
        ("yesterday", dt.date(2026, 11, 23)),
        ("last monday", dt.date(2026, 11, 23)),
        ("last friday", dt.date(2026, 11, 20)),
        ("monday", dt.date(2026, 11, 23)),  # the most recent one, not next week's
        ("friday", dt.date(2026, 11, 20)),
        ("3 days ago", dt.date(2026, 11, 21)),
        ("2 weeks ago", dt.date(2026, 11, 10)),
        ("nov 3", dt.date(2026, 11, 3)),
        ("dec 25", dt.date(2025, 12, 25)),  # a month-day still ahead means last year's
        ("2026-11-02", dt.date(2026, 11, 2)),
        ("2026-2-3", dt.date(2026, 2, 3)),
        ("Nov 2 2026", dt.date(2026, 11, 2)),
    ],
)
def test_parse_date_reads_natural_dates(text: str, expected: dt.date) -> None:
    assert parse_date(text, today=TUESDAY) == expected


@pytest.mark.parametrize(
    "text", ["blorp", "", "   ", "2026-13-45", "2026-02-30", "not a day", "banana day"]
)
def test_parse_date_rejects_what_is_not_a_date(text: str) -> None:
    with pytest.raises(InputError):
        parse_date(text, today=TUESDAY)


@pytest.mark.parametrize("text", ["tomorrow", "next friday", "2027-01-01"])
def test_parse_date_refuses_the_future(text: str) -> None:
    with pytest.raises(InputError, match="in the future"):
        parse_date(text, today=TUESDAY)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=TUESDAY))
def test_parse_date_iso_round_trips(day: dt.date) -> None:
    assert parse_date(day.isoformat(), today=TUESDAY) == day


@given(st.integers(min_value=0, max_value=3000))
def test_parse_date_days_ago_counts_back(n: int) -> None:
    assert parse_date(f"{n} days ago", today=TUESDAY) == TUESDAY - dt.timedelta(days=n)


def test_parse_date_allows_the_future_only_when_asked() -> None:
    assert parse_date("2026-12-24", today=TUESDAY, allow_future=True) == dt.date(2026, 12, 24)
    with pytest.raises(InputError, match="in the future"):
        parse_date("2026-12-24", today=TUESDAY)
