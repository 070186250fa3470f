"""Readiness: where a person stands against a level of the ladder, area by area, and why.

INTERFACE (fixed; other modules build on it): ``compute(ws, level=, today=) -> Readiness``.
The rules that fill it in are documented in docs/readiness.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ladder.workspace import Workspace

#: Area statuses, weakest first.
STATUSES = ("gap", "emerging", "meeting", "exceeding")


@dataclass(frozen=True)
class NextAction:
    """A concrete next step for a gap, taken from the ladder's actions for an expectation."""

    area: str
    expectation: str
    text: str


@dataclass(frozen=True)
class AreaReadiness:
    """One area's status against the level, with the one-sentence reason and the figures."""

    area: str
    name: str
    status: str  # one of STATUSES
    reason: str  # one sentence a person can read
    score: float  # 0..1, evidence strength combined with the assessments
    evidence: int  # live evidence items that count for the area
    recent: int  # of which in the last 90 days
    months: int  # distinct months with evidence in the last 12
    kinds: int  # distinct evidence kinds
    sources: int  # distinct sources
    last_on: str | None  # date of the newest evidence
    ratings: dict[str, float] = field(default_factory=dict)  # rater -> mean rating 0..3
    actions: tuple[NextAction, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        raise NotImplementedError


@dataclass(frozen=True)
class QuietArea:
    """An area that had evidence but has gone quiet (a nudge for ``ladder status``)."""

    area: str
    name: str
    last_on: str
    days: int
    message: str


@dataclass(frozen=True)
class Readiness:
    """The whole picture for one level."""

    level: str
    today: dt.date
    areas: tuple[AreaReadiness, ...]
    overall: str  # one of STATUSES: the weakest area caps it (the per-area floor)
    reason: str
    quiet: tuple[QuietArea, ...] = ()

    def gaps(self, top: int | None = 3) -> list[AreaReadiness]:
        """The areas furthest from ``meeting``, weakest first, each with its next actions."""
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        raise NotImplementedError


def compute(ws: Workspace, *, level: str | None = None, today: dt.date | None = None) -> Readiness:
    """Readiness of the workspace owner against ``level`` (default: their target level)."""
    raise NotImplementedError
