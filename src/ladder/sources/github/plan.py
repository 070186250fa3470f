"""Windows of at most a year, and the cursor that makes a harvest resumable and incremental.

GitHub's ``contributionsCollection(from:, to:)`` spans at most one year, so a harvest splits
its range into windows of 365 days. The cursor (saved with every batch, in the same
transaction) holds, per GitHub server and login:

- ``…:through`` — everything up to this instant has been harvested, without gaps; a run
  without ``--since`` starts there (one day earlier, to catch late arrivals), the first run
  365 days ago;
- ``…:window`` — the window in flight (``from``, ``to`` and where its run started) and
  ``…:pages`` — the page cursor of each list in it (``graphql:prs`` → ``endCursor``, or
  ``done``), so an interrupted run resumes at the page it stopped on;
- ``…:open`` — pull requests still open when last seen; each run re-reads them, so a PR
  merged later updates its item even when its window is not harvested again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

YEAR = dt.timedelta(days=365)  # never more than GitHub's "at most one year"
DEFAULT_SPAN = dt.timedelta(days=365)
OVERLAP = dt.timedelta(days=1)
OPEN_LIMIT = 1000  # open pull requests remembered for re-reading


def iso(moment: dt.datetime) -> str:
    """``2025-01-01T00:00:00Z``."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> dt.datetime:
    """The inverse of :func:`iso`."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


@dataclass
class Window:
    """One query window (``start`` ≤ contribution time ≤ ``end``) and any saved page cursors."""

    start: dt.datetime
    end: dt.datetime
    pages: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``2025-01-01…2025-12-31`` for progress lines."""
        last = self.end - dt.timedelta(seconds=1) if self.end > self.start else self.end
        return f"{self.start:%Y-%m-%d}…{last:%Y-%m-%d}"


def split(start: dt.datetime, end: dt.datetime) -> list[Window]:
    """``[start, end)`` cut into consecutive windows of at most :data:`YEAR`."""
    windows = []
    while start < end:
        stop = min(start + YEAR, end)
        windows.append(Window(start, stop))
        start = stop
    return windows


class State:
    """The GitHub cursor of one server and login, read from and written to ``ctx.cursor``.

    Args:
        scope: ``host/login`` — prefixes every key.
        cursor: The saved cursors of the source.
    """

    def __init__(self, scope: str, cursor: Mapping[str, str]) -> None:
        self.scope = scope

        def get(key: str) -> str:
            return cursor.get(f"{scope}:{key}", "")

        self.through = parse_iso(get("through")) if get("through") else None
        self.window: dict[str, str] | None = json.loads(get("window")) if get("window") else None
        self.pages: dict[str, str] = json.loads(get("pages")) if get("pages") else {}
        self.open: dict[str, str] = {}
        for key in json.loads(get("open")) if get("open") else []:
            name, _, node = key.partition("|")
            self.open[name] = node

    def plan(
        self, since: dt.date | None, until: dt.date | None, now: dt.datetime
    ) -> tuple[list[Window], dt.datetime]:
        """The windows to harvest, and where the contiguous run they make starts.

        A run resumes the window in flight (with its page cursors) when that window lies in
        the requested range; what the interrupted run had finished before it is not re-read.
        """
        end = now if until is None else min(now, _midnight(until + dt.timedelta(days=1)))
        pending = self.window
        p_from, p_to, p_run = (
            (parse_iso(pending[k]) for k in ("from", "to", "run_from"))
            if pending
            else (now, now, now)
        )
        if since is not None:
            start = _midnight(since)
        elif self.through is not None:
            start = self.through - OVERLAP
        elif pending:  # the first run was interrupted: finish it
            start = p_run
        else:
            start = now - DEFAULT_SPAN
        if start >= end:
            return [], start
        if pending and start <= p_from < end and p_to <= end:
            resumed = Window(p_from, p_to, dict(self.pages))
            if p_run <= start:
                return [resumed, *split(p_to, end)], p_run
            return [*split(start, p_from), resumed, *split(p_to, end)], start
        return split(start, end), start

    def begin(self, window: Window, run_from: dt.datetime) -> None:
        """Mark ``window`` as the one in flight."""
        self.window = {"from": iso(window.start), "to": iso(window.end), "run_from": iso(run_from)}
        self.pages = window.pages

    def finish(self, window: Window) -> None:
        """``window`` is done: extend ``through`` if it joins on, forget its page cursors."""
        if self.through is None or window.start <= self.through:
            self.through = max(self.through or window.end, window.end)
        self.window = None
        self.pages = {}

    def saw_pull_request(self, name: str, node_id: str | None, state: str) -> None:
        """Remember an open pull request (``owner/name#n``); forget it once merged or closed."""
        if state == "open":
            self.open.pop(name, None)
            self.open[name] = node_id or ""
            while len(self.open) > OPEN_LIMIT:
                self.open.pop(next(iter(self.open)))
        else:
            self.open.pop(name, None)

    def dump(self) -> dict[str, str]:
        """The cursor to save with a batch."""
        return {
            f"{self.scope}:through": iso(self.through) if self.through else "",
            f"{self.scope}:window": json.dumps(self.window, sort_keys=True) if self.window else "",
            f"{self.scope}:pages": json.dumps(self.pages, sort_keys=True) if self.window else "",
            f"{self.scope}:open": json.dumps([f"{k}|{v}" for k, v in self.open.items()]),
        }


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.UTC)
