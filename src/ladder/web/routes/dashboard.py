"""The dashboard: readiness against the target level (radar), top gaps and their next actions,
this month's goals, areas gone quiet, and a quick capture. Plus ``/api/v1/status`` and
``/api/v1/readiness``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from ladder.errors import InputError, NotFoundError
from ladder.web import schemas
from ladder.web.deps import WS, cached, data_stamp, memo_of
from ladder.web.render import cached_page, render_text
from ladder.web.routes.evidence import Listing
from ladder.web.routes.jobs import jobs_now

if TYPE_CHECKING:
    from ladder.readiness import Readiness
    from ladder.workspace import Workspace

api = APIRouter(tags=["dashboard"])
pages = APIRouter(include_in_schema=False)

#: Days of evidence the dashboard's timeline shows (on a phone: the shorter one, larger).
TIMELINE_DAYS = 182
TIMELINE_DAYS_NARROW = 112
#: The radar's drawing width on a phone: a smaller drawing with the same labels shows them
#: larger once it is scaled to the screen.
RADAR_NARROW = 400


def readiness_of(request: Request, ws: Workspace, level: str | None = None) -> Readiness:
    """Readiness against ``level`` (default: the target), kept until the person's data, the
    ladder or the day changes (:mod:`ladder.readiness_cache`)."""
    from ladder import readiness_cache

    return readiness_cache.readiness(ws, level=level, memo=memo_of(request))


@api.get("/status", response_model=schemas.StatusOut, summary="The workspace at a glance")
def status(request: Request, ws: WS) -> dict[str, Any]:
    """The ladder, the profile, and the evidence per area."""
    data = cached(request, ("status",), ws.status)
    out: dict[str, Any] = {k: v for k, v in data.__dict__.items() if k not in ("home", "database")}
    return out


@api.get(
    "/readiness",
    response_model=schemas.ReadinessOut,
    summary="Where you stand against a level, area by area",
)
def readiness(
    request: Request,
    ws: WS,
    level: Annotated[str | None, Query(description="A level id (default: your target).")] = None,
) -> dict[str, Any]:
    """Per area: status, one-sentence reason, score, figures, next actions; the gaps; quiet areas."""
    try:
        result = readiness_of(request, ws, level or None)
    except NotFoundError as err:
        if level:  # an unknown level in the query is bad input
            raise InputError(err.message, hint=err.hint) from err
        raise
    return result.to_dict()


def _timeline(ws: Workspace, today: dt.date, days: int = TIMELINE_DAYS) -> str:
    from ladder import charts

    start = today - dt.timedelta(days=days)
    rows = ws.store.query(
        "SELECT occurred_on, COUNT(*) AS n FROM evidence WHERE person_id = :p "
        "AND deleted_at IS NULL AND occurred_on >= :s AND occurred_on <= :t GROUP BY occurred_on",
        {"p": ws._owner(), "s": start.isoformat(), "t": today.isoformat()},
    )
    days_done = {dt.date.fromisoformat(r["occurred_on"]): int(r["n"]) for r in rows}
    months = round(days / 30.4)
    title = f"Evidence, last {months} months"
    return charts.heatmap(days_done, start=start, end=today, title=title)


def _goals(ws: Workspace) -> dict[str, Any]:
    goals = ws.goals
    month = goals.month()
    return {
        "month": month,
        "current": goals.current(),
        "proposals": goals.completion_proposals(),
    }


@pages.get("/")
async def dashboard(request: Request) -> Response:
    """The dashboard, kept until the person's data, the ladder or the day changes."""
    return await cached_page(request, lambda ws: _dashboard(request, ws), stamp=data_stamp)


def _dashboard(request: Request, ws: Workspace) -> tuple[str, int]:
    """The page from the person's own data, the ladder and the day only (it is kept under
    their versions: nothing here may come from a cache kept for a time)."""
    from ladder import charts
    from ladder.goal import month_name

    today = ws.clock.today()
    me = ws.profile()
    if me is None:
        return render_text(request, "welcome.html", ws=ws), 200
    ready = readiness_of(request, ws)
    radar = charts.radar(ready)
    radar_narrow = charts.radar(ready, size=RADAR_NARROW)
    timeline = _timeline(ws, today)
    timeline_narrow = _timeline(ws, today, TIMELINE_DAYS_NARROW)
    goal_data = _goals(ws)
    recent, total = Listing(per_page=5).fetch(ws)
    ladder = ws.ladder()
    text = render_text(
        request,
        "dashboard.html",
        me=me,
        readiness=ready,
        gaps=ready.gaps(top=3),
        radar=_markup(radar),
        radar_narrow=_markup(radar_narrow),
        timeline=_markup(timeline),
        timeline_narrow=_markup(timeline_narrow),
        goals=goal_data["current"],
        proposals=goal_data["proposals"],
        month=goal_data["month"],
        month_name=month_name(goal_data["month"]),
        recent=recent,
        total=total,
        areas=[{"id": a.id, "name": a.name} for a in ladder.areas],
        area_names={a.id: a.name for a in ladder.areas},
        today=today.isoformat(),
        jobs=jobs_now(ws),
        draft={},
    )
    return text, 200


def _markup(svg: str) -> Any:
    from markupsafe import Markup

    return Markup(svg)  # charts escape every label they draw
