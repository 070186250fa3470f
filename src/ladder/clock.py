"""Time as an input: the one place ladder asks what time it is.

Code that needs "now" or "today" takes a :class:`Clock` from its caller (the workspace holds
one); nothing below the command line reads the wall clock itself. Tests pass a
:class:`FixedClock`, so a test gives the same answer on any day it runs.

Example:
    >>> clock = FixedClock(dt.datetime(2024, 2, 29, 12, 0, tzinfo=dt.UTC))
    >>> clock.today().isoformat(), clock.now_iso()
    ('2024-02-29', '2024-02-29T12:00:00.000000Z')
"""

from __future__ import annotations

import datetime as dt
import secrets


class Clock:
    """The wall clock: UTC instants, and the local calendar day."""

    def now(self) -> dt.datetime:
        """The current instant, timezone-aware in UTC."""
        return dt.datetime.now(dt.UTC)

    def today(self) -> dt.date:
        """The current calendar day where the person is (the local date)."""
        return dt.date.today()

    def now_iso(self) -> str:
        """:meth:`now` as ISO-8601 text with a ``Z``, to the microsecond (how rows are stamped)."""
        return self.now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class FixedClock(Clock):
    """A clock set to ``at`` that moves only by ``tick`` per reading (naive values are UTC).

    With a tick, two things stamped one after the other keep their order, as on a real clock,
    while the day stays the same.

    Args:
        at: The instant of the first reading.
        tick: How far each reading moves the clock on (default: not at all).
        today: The local day it reads (default: the date of ``at``).
    """

    def __init__(
        self,
        at: dt.datetime,
        *,
        tick: dt.timedelta = dt.timedelta(0),
        today: dt.date | None = None,
    ) -> None:
        self._at = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
        self._tick = tick
        self._today = today or self._at.date()

    def now(self) -> dt.datetime:
        at = self._at
        self._at += self._tick
        return at

    def today(self) -> dt.date:
        return self._today

    def advance(self, delta: dt.timedelta) -> None:
        """Move the clock on by ``delta`` (the day it reads stays the same)."""
        self._at += delta

    def __repr__(self) -> str:
        return f"FixedClock({self._at.isoformat()})"


#: The wall clock, for the outermost shells (CLI, web app) to hand down.
SYSTEM = Clock()


def new_uid() -> str:
    """A new random id for a row that travels between workspaces (export / import)."""
    return secrets.token_hex(12)


__all__ = ["SYSTEM", "Clock", "FixedClock", "new_uid"]
