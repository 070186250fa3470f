"""Goals: this month's three (technical, leadership, communication), proposed from the gaps,
checked in on, and closed when the evidence shows them (``ladder goals``)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import Field
from starlette.responses import Response

from ladder.errors import InputError, LadderError
from ladder.web import schemas
from ladder.web.deps import WS, Form, cached, check_month, field, fields
from ladder.web.problems import NOT_FOUND
from ladder.web.render import page
from ladder.web.routes.evidence import ladder_of

if TYPE_CHECKING:
    from ladder.workspace import Workspace

api = APIRouter(tags=["goals"])
pages = APIRouter(include_in_schema=False)
GoalId = Annotated[int, Path(ge=1, le=schemas.MAX_ID, description="The goal's id.")]
MonthQuery = Annotated[
    str | None, Query(description="YYYY-MM, this, next or last (default: this month).")
]


def _month(ws: Workspace, month: str | None) -> str | None:
    """``month`` as ``YYYY-MM`` (None stays None), refused outside the years ladder handles.

    Raises:
        InputError: Not a month, or a year out of range (``9999-12`` has no next month).
    """
    if month is None:
        return None
    return check_month(f"the month {month.strip()!r}", ws.goals.month(month))


class PlanIn(schemas.In):
    """Accept the proposed goals of a month."""

    month: schemas.Line | None = None
    tracks: list[schemas.Line] = Field(
        default_factory=list, max_length=3, description="Only these tracks (default: all)."
    )


@api.get("/goals", response_model=list[schemas.GoalOut], summary="Goals")
def list_goals(
    ws: WS,
    month: MonthQuery = None,
    status: Annotated[str | None, Query(description="active, done or dropped")] = None,
    every: Annotated[bool, Query(alias="all", description="Every month.")] = False,
) -> list[dict[str, Any]]:
    """This month's goals (or another month's, or every month's with `all`)."""
    found = ws.goals.list(
        month=None if every else _month(ws, month or "this"), status=status or None
    )
    return [g.to_dict() for g in found]


@api.get("/goals/plan", summary="The goals ladder proposes for a month (nothing is saved)")
def plan(ws: WS, month: MonthQuery = None) -> list[dict[str, Any]]:
    """One goal per track without an active goal, from your gaps, each with its reason."""
    return [p.to_dict() for p in ws.goals.plan(month=_month(ws, month or None))]


@api.post(
    "/goals/plan",
    response_model=list[schemas.GoalOut],
    status_code=201,
    summary="Accept the proposed goals",
)
def accept(ws: WS, body: PlanIn) -> list[dict[str, Any]]:
    """Save the proposed goals of the month (of the given tracks only, if any)."""
    return [g.to_dict() for g in _accept(ws, _month(ws, body.month), body.tracks, {})]


def _accept(
    ws: Workspace, month: str | None, tracks: list[str], titles: dict[str, str]
) -> list[Any]:
    from ladder.goal import TRACKS

    for t in tracks:
        if t not in TRACKS:
            raise InputError(f"{t!r} is not a track: use {', '.join(TRACKS)}")
    planned = [p for p in ws.goals.plan(month=month) if not tracks or p.track in tracks]
    if not planned:
        raise InputError(
            "nothing to accept: every track has an active goal this month",
            hint="close or drop a goal first, or add one of your own",
        )
    chosen = [
        dataclasses.replace(p, title=titles[p.track]) if titles.get(p.track) else p for p in planned
    ]
    return ws.goals.accept(*chosen)


@api.get("/goals/proposals", summary="Evidence that may complete active goals")
def proposals(ws: WS, month: MonthQuery = None) -> list[dict[str, Any]]:
    """For each active goal, the entry that looks like it completes it, and why."""
    return [p.to_dict() for p in ws.goals.completion_proposals(month=_month(ws, month or None))]


@api.post("/goals", response_model=schemas.GoalOut, status_code=201, summary="Set a goal")
def add_goal(ws: WS, body: schemas.GoalIn) -> dict[str, Any]:
    """A goal of your own for a month."""
    goal = ws.goals.add(
        body.title,
        track=body.track,
        area=body.area,
        expectation=body.expectation,
        month=_month(ws, body.month),
        note=body.note,
    )
    return goal.to_dict()


@api.get(
    "/goals/{goal_id:int}", response_model=schemas.GoalOut, responses=NOT_FOUND, summary="A goal"
)
def get_goal(ws: WS, goal_id: GoalId) -> dict[str, Any]:
    """One goal with its check-ins."""
    return ws.goals.get(goal_id).to_dict()


@api.patch(
    "/goals/{goal_id:int}",
    response_model=schemas.GoalOut,
    responses=NOT_FOUND,
    summary="Close or reopen a goal",
)
def patch_goal(ws: WS, goal_id: GoalId, body: schemas.GoalPatch) -> dict[str, Any]:
    """`done` (with the evidence that shows it), `dropped`, or `active` again."""
    goals = ws.goals
    if body.status == "done":
        goal = goals.done(goal_id, evidence_id=body.evidence, note=body.note)
    elif body.status == "dropped":
        goal = goals.drop(goal_id, note=body.note)
    elif body.status == "active":
        goal = goals.reopen(goal_id)
    else:
        raise InputError(f"{body.status!r} is not a status: use done, dropped or active")
    return goal.to_dict()


@api.post(
    "/goals/{goal_id:int}/checkins",
    response_model=schemas.GoalOut,
    status_code=201,
    responses=NOT_FOUND,
    summary="Check in on a goal",
)
def checkin(ws: WS, goal_id: GoalId, body: schemas.CheckinIn) -> dict[str, Any]:
    """A note on what moved."""
    return ws.goals.checkin(goal_id, body.note).to_dict()


# -- the page ------------------------------------------------------------------------------------
def _page(
    request: Request,
    ws: Workspace,
    month: str | None,
    *,
    status: int = 200,
    error: LadderError | None = None,
    draft: dict[str, str] | None = None,
) -> Response:
    from ladder.goal import TRACKS, add_months, month_name

    goals = ws.goals
    try:
        m = _month(ws, month) or goals.month()
    except InputError as err:  # a bad month in the address or a form: show this month
        m = goals.month()
        if error is None:
            error, status = err, 400
    data = cached(
        request,
        ("goals-page", m),
        lambda: {
            "goals": goals.list(month=m),
            "earlier": [g for g in goals.list(status="active") if g.month < m],
            "plan": goals.plan(month=m),
            "proposals": {p.goal.id: p for p in goals.completion_proposals()},
        },
    )
    ladder = ladder_of(request, ws)
    me = ws.profile()
    level = (me.target_level or me.level) if me else None
    return page(
        request,
        "goals.html",
        me=me,
        status=status,
        month=m,
        month_name=month_name(m),
        prev_month=add_months(m, -1),
        next_month=add_months(m, 1),
        goals=data["goals"],
        earlier=data["earlier"],
        plan=data["plan"],
        proposals=data["proposals"],
        tracks=TRACKS,
        areas=[
            {"id": a.id, "name": a.name, "expectations": a.at(level) if level else []}
            for a in ladder.areas
        ],
        area_names={a.id: a.name for a in ladder.areas},
        error=error,
        draft=draft or {},
    )


@pages.get("/goals")
def goals_page(request: Request, ws: WS, month: str | None = None) -> Response:
    """The goals of a month, the plan for it, and the evidence that may close them."""
    return _page(request, ws, month)


def _back(month: str | None, done: str) -> RedirectResponse:
    from urllib.parse import urlencode

    query = urlencode({"month": month, "done": done} if month else {"done": done})
    return RedirectResponse(f"/goals?{query}", status_code=303)


@pages.post("/goals")
def add_goal_page(request: Request, ws: WS, form: Form) -> Response:
    """Set a goal of your own."""
    month = field(form, "month")
    draft = {k: v for k, v in form.items() if isinstance(v, str)}
    target = field(form, "target")
    area, expectation = (None, target) if target and "." in target else (target, None)
    try:
        ws.goals.add(
            field(form, "title") or "",
            track=field(form, "track") or "",
            area=area,
            expectation=expectation,
            month=_month(ws, month),
            note=field(form, "note") or "",
        )
    except InputError as err:
        return _page(request, ws, month, status=400, error=err, draft=draft)
    return _back(month, "goal")


@pages.post("/goals/plan")
def accept_page(request: Request, ws: WS, form: Form) -> Response:
    """Accept the proposed goals that are ticked (titles may be edited first)."""
    month = field(form, "month")
    tracks = fields(form, "track")
    titles = {t: field(form, f"title:{t}") or "" for t in tracks}
    try:
        if not tracks:
            raise InputError("tick at least one proposed goal to accept")
        _accept(ws, _month(ws, month), tracks, titles)
    except InputError as err:
        return _page(request, ws, month, status=400, error=err)
    return _back(month, "goals")


@pages.post("/goals/{goal_id}")
def goal_action(request: Request, ws: WS, form: Form, goal_id: GoalId) -> Response:
    """Check in on a goal, close it (done or dropped) or reopen it."""
    month = field(form, "month")
    action = field(form, "action")
    note = field(form, "note") or ""
    goals = ws.goals
    try:
        if action == "checkin":
            goals.checkin(goal_id, note)
            done = "checkin"
        elif action == "done":
            raw = field(form, "evidence")
            evidence = int(raw) if raw and raw.isdigit() else None
            goals.done(goal_id, evidence_id=evidence, note=note)
            done = "goal"
        elif action == "drop":
            goals.drop(goal_id, note=note)
            done = "goal"
        elif action == "reopen":
            goals.reopen(goal_id)
            done = "goal"
        else:
            raise InputError("unknown action: check in, done, drop or reopen")
    except InputError as err:
        return _page(request, ws, month, status=400, error=err)
    return _back(month, done)
