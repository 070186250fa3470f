"""Time is an input: one clock, injected; the same answers on any day."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from helpers import ticking_clock
from ladder import period
from ladder.clock import FixedClock
from ladder.person import ProfileInput
from ladder.workspace import Workspace

SRC = Path(__file__).resolve().parents[1] / "src" / "ladder"
WALL_CLOCK = re.compile(r"\b(?:date\.today|datetime\.now|datetime\.utcnow)\(")


def test_clock_only_clock_module_reads_the_wall_clock() -> None:
    readers = [
        f"{p.relative_to(SRC)}:{n}"
        for p in SRC.rglob("*.py")
        if p.name != "clock.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if WALL_CLOCK.search(line)
    ]
    assert readers == []


def test_fixed_clock_ticks_forward_and_keeps_its_day() -> None:
    at = dt.datetime(2024, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    clock = FixedClock(at, tick=dt.timedelta(milliseconds=1))
    stamps = [clock.now_iso() for _ in range(3)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    assert clock.today() == dt.date(2024, 12, 31)
    assert FixedClock(dt.datetime(2024, 1, 1)).now().tzinfo is dt.UTC


@pytest.mark.parametrize(
    ("day", "yesterday", "last_month"),
    [
        (dt.date(2024, 3, 1), dt.date(2024, 2, 29), ("2024-02-01", "2024-02-29")),  # leap year
        (dt.date(2027, 1, 1), dt.date(2026, 12, 31), ("2026-12-01", "2026-12-31")),  # new year
        (dt.date(2026, 12, 6), dt.date(2026, 12, 5), ("2026-11-01", "2026-11-30")),
    ],
)
def test_workspace_reads_dates_by_its_clock(
    tmp_path: Path, day: dt.date, yesterday: dt.date, last_month: tuple[str, str]
) -> None:
    clock = ticking_clock(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC))
    with Workspace.open(tmp_path, env={}, clock=clock) as ws:
        ws.init_profile(ProfileInput("Ada", emails=["ada@example.com"], level="mid"))
        entry = ws.log("Wrote the runbook for the queue", date="yesterday")
        assert entry.occurred_on == yesterday.isoformat()
        assert ws.log("Today's note").occurred_on == day.isoformat()
        assert entry.created_at.startswith(day.isoformat())
        assert ws.readiness().today == day
        span = period.parse("last-month", today=ws.clock.today())
        assert (span.start.isoformat(), span.end.isoformat()) == last_month
        assert ws.export()["exported_at"].startswith(day.isoformat())


def test_cli_reads_dates_by_the_clock_it_is_given(tmp_path: Path) -> None:
    from ladder.__main__ import main

    clock = ticking_clock(dt.datetime(2028, 2, 29, 9, tzinfo=dt.UTC))
    env = {"LADDER_HOME": str(tmp_path)}
    assert main(["init", "--name", "Ada", "--email", "ada@example.com"], environ=env, clock=clock) == 0
    assert main(["log", "Shipped the importer", "--date", "yesterday"], environ=env, clock=clock) == 0
    with Workspace.open(tmp_path, env={}) as ws:
        (entry,), _ = ws.entries()
    assert entry.occurred_on == "2028-02-28"
