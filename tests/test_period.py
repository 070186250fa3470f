"""Periods as people name them: 2026-H2, 2026-Q3, 2026-11, last-week, ranges, and bad input."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ladder import period
from ladder.errors import InputError

TODAY = dt.date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026", "2026-01-01", "2026-12-31", "2026"),
        ("2026-H1", "2026-01-01", "2026-06-30", "2026-H1"),
        ("2026-h2", "2026-07-01", "2026-12-31", "2026-H2"),
        ("2026-Q1", "2026-01-01", "2026-03-31", "2026-Q1"),
        ("2026-Q3", "2026-07-01", "2026-09-30", "2026-Q3"),
        ("2024-02", "2024-02-01", "2024-02-29", "2024-02"),
        ("2026-11", "2026-11-01", "2026-11-30", "2026-11"),
        ("2026-W47", "2026-11-16", "2026-11-22", "2026-W47"),
        ("2026-11-02", "2026-11-02", "2026-11-02", "2026-11-02"),
        ("2026-09-01..2026-11-30", "2026-09-01", "2026-11-30", "2026-09-01..2026-11-30"),
        ("last-week", "2026-11-16", "2026-11-22", "2026-11-16..2026-11-22"),
        ("last week", "2026-11-16", "2026-11-22", "2026-11-16..2026-11-22"),
        ("this-week", "2026-11-23", "2026-11-29", "2026-11-23..2026-11-29"),
        ("last-month", "2026-10-01", "2026-10-31", "2026-10"),
        ("this-month", "2026-11-01", "2026-11-30", "2026-11"),
        ("last-quarter", "2026-07-01", "2026-09-30", "2026-Q3"),
        ("this-half", "2026-07-01", "2026-12-31", "2026-H2"),
        ("last-half", "2026-01-01", "2026-06-30", "2026-H1"),
        ("last-year", "2025-01-01", "2025-12-31", "2025"),
    ],
)
def test_period_parse_reads_the_names_people_use(
    text: str, start: str, end: str, label: str
) -> None:
    p = period.parse(text, today=TODAY)
    assert (p.start.isoformat(), p.end.isoformat(), p.label) == (start, end, label)


def test_period_relative_names_cross_year_boundaries() -> None:
    jan = dt.date(2026, 1, 14)
    assert period.parse("last-month", today=jan).label == "2025-12"
    assert period.parse("last-quarter", today=jan).label == "2025-Q4"
    assert period.parse("last-half", today=jan).label == "2025-H2"
    assert period.parse("last-week", today=dt.date(2026, 1, 2)).start == dt.date(2025, 12, 22)


def test_period_names_it_in_words() -> None:
    p = period.parse("2026-Q3", today=TODAY)
    assert p.name == "the third quarter of 2026"
    assert p.span() == "1 Jul 2026 \u2013 30 Sep 2026"
    assert p.days == 92
    assert p.to_dict() == {
        "label": "2026-Q3",
        "name": "the third quarter of 2026",
        "start": "2026-07-01",
        "end": "2026-09-30",
        "days": 92,
    }
    assert dt.date(2026, 8, 1) in p and dt.date(2026, 10, 1) not in p
    assert period.parse("last-month", today=TODAY).name == "last month (October 2026)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-Q5", "there is no quarter Q5"),
        ("2026-H3", "there is no half H3"),
        ("2026-13", "there is no month 13"),
        ("2026-W60", "there is no week W60"),
        ("2026-02-30", "is not a valid date"),
        ("2026/11", "cannot read '2026/11' as a period"),
        ("next-week", "cannot read 'next-week' as a period"),
        ("", "no period given"),
        ("2026-11-30..2026-11-01", "the period is empty"),
        ("2027-Q1", "in the future"),
        ("1850", "too long ago"),
    ],
)
def test_period_bad_input_is_a_clear_error_with_a_hint(text: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        period.parse(text, today=TODAY)
    assert message in err.value.message
    assert err.value.hint


def test_period_between_reads_natural_dates_and_refuses_an_empty_period() -> None:
    p = period.between("2026-11-01", "2026-11-15", today=TODAY)
    assert (p.start, p.end, p.days) == (dt.date(2026, 11, 1), dt.date(2026, 11, 15), 15)
    assert period.between(None, None, today=TODAY).days == 365
    assert period.between("3 days ago", None, today=TODAY).start == dt.date(2026, 11, 21)
    with pytest.raises(InputError, match="the period is empty"):
        period.between("2026-11-15", "2026-11-01", today=TODAY)
    with pytest.raises(InputError, match="--since"):
        period.between("not a date", None, today=TODAY)
    with pytest.raises(InputError, match="--until"):
        period.between(None, "not a date", today=TODAY)


# -- one rule for every document: a period must have begun; it may end after today ----------
def test_period_may_end_after_today_but_not_start_after_it() -> None:
    ranged = period.parse("2026-11-01..2027-01-01", today=TODAY)
    given = period.between("2026-11-01", "2027-01-01", today=TODAY)
    assert (ranged.start, ranged.end) == (given.start, given.end)
    assert ranged.so_far(TODAY) and given.so_far(TODAY)
    assert given.through(TODAY) == TODAY
    for refused in (
        lambda: period.parse("2026-11-25..2027-01-01", today=TODAY),
        lambda: period.between("2026-11-25", "2027-01-01", today=TODAY),
        lambda: period.between("2027-01-01", None, today=TODAY),
        lambda: period.between(None, "2028-01-01", today=TODAY),
    ):
        with pytest.raises(InputError, match="in the future") as err:
            refused()
        assert (err.value.hint or "").endswith(period.FUTURE_HINT)


@pytest.mark.parametrize("option", ["since", "until"])
def test_period_between_refuses_an_empty_date_with_a_hint_for_its_option(option: str) -> None:
    with pytest.raises(InputError) as err:
        if option == "since":
            period.between("  ", None, today=TODAY)
        else:
            period.between(None, "", today=TODAY)
    assert err.value.message == f"--{option} is empty"
    assert f"--{option} 2026-05-01" in (err.value.hint or "")
    assert "--date" not in (err.value.hint or "")


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("2026-09-01..2026-11-30", "1 Sep 2026 \u2013 30 Nov 2026 (so far)"),
        ("2026-11-20", "20 Nov 2026"),
        ("2026-Q3", "the third quarter of 2026, 1 Jul 2026 \u2013 30 Sep 2026"),
        (
            "this-half",
            "this half (the second half of 2026), 1 Jul 2026 \u2013 31 Dec 2026 (so far)",
        ),
    ],
)
def test_period_describe_names_each_fact_once(text: str, described: str) -> None:
    assert period.parse(text, today=TODAY).describe(TODAY) == described


def test_period_short_name_is_never_raw_iso_for_a_range() -> None:
    assert period.parse("2026-09-01..2026-10-31", today=TODAY).short == (
        "1 Sep 2026 \u2013 31 Oct 2026"
    )
    assert period.parse("2026-11-02", today=TODAY).short == "2 Nov 2026"
    assert period.parse("2026-H2", today=TODAY).short == "2026-H2"
    assert period.parse("last-week", today=TODAY).short == "16 Nov 2026 \u2013 22 Nov 2026"


def test_period_through_stops_at_today() -> None:
    p = period.parse("this-half", today=TODAY)
    assert p.end == dt.date(2026, 12, 31)
    assert p.through(TODAY) == TODAY


years = st.integers(min_value=1990, max_value=2025)


@given(years, st.integers(min_value=1, max_value=4))
def test_period_label_round_trips_for_quarters(y: int, q: int) -> None:
    p = period.quarter(y, q)
    assert period.parse(p.label, today=TODAY) == p


@given(years)
def test_period_halves_quarters_and_months_tile_the_year(y: int) -> None:
    for parts in (
        [period.half(y, h) for h in (1, 2)],
        [period.quarter(y, q) for q in range(1, 5)],
        [period.month(y, m) for m in range(1, 13)],
    ):
        assert parts[0].start == dt.date(y, 1, 1)
        assert parts[-1].end == dt.date(y, 12, 31)
        for a, b in itertools.pairwise(parts):
            assert b.start == a.end + dt.timedelta(days=1)
        assert sum(p.days for p in parts) == period.year(y).days


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2025, 12, 31)))
def test_period_every_day_is_in_its_month_quarter_and_week(day: dt.date) -> None:
    assert day in period.parse(f"{day.year}-{day.month:02d}", today=TODAY)
    assert day in period.parse(f"{day.year}-Q{(day.month - 1) // 3 + 1}", today=TODAY)
    iso = day.isocalendar()
    assert day in period.parse(f"{iso.year}-W{iso.week:02d}", today=TODAY)
    assert period.parse(day.isoformat(), today=TODAY).days == 1
