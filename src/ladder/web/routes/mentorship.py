"""Mentorship and 1:1 notes: mentees, notes (private unless shared), action items that carry
over from one 1:1 to the next (``ladder mentee`` and ``ladder 1on1``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import Field
from starlette.responses import Response

from ladder.errors import InputError, LadderError
from ladder.web import schemas
from ladder.web.deps import WS, Form, cached, field, fields
from ladder.web.problems import NOT_FOUND
from ladder.web.render import page

if TYPE_CHECKING:
    from ladder.workspace import Workspace

api = APIRouter(tags=["mentorship"])
pages = APIRouter(include_in_schema=False)
ItemId = Annotated[int, Path(ge=1, le=schemas.MAX_ID)]
SHOWN = 30


class MenteeIn(schemas.In):
    """Someone you start mentoring."""

    name: schemas.Text
    note: schemas.Text | None = None
    since: schemas.Text | None = Field(None, description="When it started (today).")


class ActionPatch(schemas.In):
    """Close an action item (or open it again)."""

    open: bool


@api.get("/mentees", summary="Your mentees")
def mentees(
    ws: WS, ended: Annotated[bool, Query(description="Include ended mentorings.")] = False
) -> list[dict[str, Any]]:
    """Current mentees first, with their 1:1 counts and open action items."""
    return [m.to_dict() for m in ws.mentorship.mentees(include_ended=ended)]


@api.post("/mentees", status_code=201, summary="Start mentoring someone")
def add_mentee(ws: WS, body: MenteeIn) -> dict[str, Any]:
    """1:1s with them from `since` on count as mentoring evidence."""
    return ws.mentorship.add_mentee(body.name, note=body.note, since=body.since).to_dict()


@api.get(
    "/one-on-ones", response_model=list[schemas.OneOnOneOut], summary="1:1 notes, newest first"
)
def one_on_ones(
    ws: WS,
    with_: Annotated[str | None, Query(alias="with", description="Only 1:1s with them.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """Your 1:1s with their notes and action items (your own view: private notes included)."""
    found = ws.mentorship.one_on_ones(with_ or None, limit=limit)
    return [o.to_dict() for o in found]


@api.post(
    "/one-on-ones",
    response_model=schemas.OneOnOneOut,
    status_code=201,
    responses=NOT_FOUND,
    summary="Record a 1:1",
)
def add_one_on_one(ws: WS, body: schemas.OneOnOneIn) -> dict[str, Any]:
    """Notes (private unless `shared`), action items agreed, earlier ones closed in it."""
    found = ws.mentorship.add_one_on_one(
        body.with_,
        held_on=body.date,
        notes=body.notes,
        actions=body.actions,
        close=body.close,
        shared=body.shared,
    )
    return found.to_dict()


@api.get("/one-on-ones/actions", summary="Open action items")
def open_actions(
    ws: WS, with_: Annotated[str | None, Query(alias="with")] = None
) -> list[dict[str, Any]]:
    """Action items still open, oldest first."""
    return [a.to_dict() for a in ws.mentorship.open_actions(with_ or None)]


@api.patch(
    "/one-on-ones/actions/{action_id}", responses=NOT_FOUND, summary="Close or reopen an action"
)
def patch_action(ws: WS, action_id: ItemId, body: ActionPatch) -> dict[str, Any]:
    """`{"open": false}` closes it between 1:1s; `true` opens it again."""
    service = ws.mentorship
    item = service.reopen_action(action_id) if body.open else service.close_action(action_id)
    return item.to_dict()


# -- the page ------------------------------------------------------------------------------------
def _page(
    request: Request,
    ws: Workspace,
    with_name: str | None,
    *,
    status: int = 200,
    error: LadderError | None = None,
    draft: dict[str, str] | None = None,
) -> Response:
    import datetime as dt

    service = ws.mentorship
    data = cached(
        request,
        ("mentorship", with_name),
        lambda: {
            "mentees": service.mentees(),
            "partners": service.partners(),
            "notes": service.one_on_ones(with_name, limit=SHOWN),
            "actions": service.open_actions(with_name),
        },
    )
    return page(
        request,
        "mentorship.html",
        ws=ws,
        status=status,
        with_name=with_name or "",
        today=dt.date.today().isoformat(),
        error=error,
        draft=draft or {},
        **data,
    )


@pages.get("/mentorship")
def mentorship_page(
    request: Request, ws: WS, with_: Annotated[str | None, Query(alias="with")] = None
) -> Response:
    """Mentees, open action items and 1:1 notes (of one person, with ``?with=NAME``)."""
    try:
        return _page(request, ws, (with_ or "").strip() or None)
    except InputError as err:
        return _page(request, ws, None, status=400, error=err)


def _back(with_name: str | None, done: str) -> RedirectResponse:
    from urllib.parse import urlencode

    query = urlencode({"with": with_name, "done": done} if with_name else {"done": done})
    return RedirectResponse(f"/mentorship?{query}", status_code=303)


@pages.post("/mentorship/one-on-ones")
def add_one_on_one_page(request: Request, ws: WS, form: Form) -> Response:
    """Record a 1:1 from the form."""
    draft = {k: v for k, v in form.items() if isinstance(v, str)}
    view = field(form, "view")
    try:
        close = [int(v) for v in fields(form, "close") if v.isdigit()]
        ws.mentorship.add_one_on_one(
            field(form, "with") or "",
            held_on=field(form, "date"),
            notes=field(form, "notes") or "",
            actions=[a for a in (field(form, "actions") or "").splitlines() if a.strip()],
            close=close,
            shared=field(form, "shared") == "1",
        )
    except InputError as err:
        return _page(request, ws, view, status=400, error=err, draft=draft)
    return _back(view, "oneonone")


@pages.post("/mentorship/mentees")
def add_mentee_page(request: Request, ws: WS, form: Form) -> Response:
    """Start mentoring someone."""
    try:
        ws.mentorship.add_mentee(
            field(form, "name") or "", note=field(form, "note"), since=field(form, "since")
        )
    except InputError as err:
        return _page(request, ws, None, status=400, error=err)
    return _back(None, "mentee")


@pages.post("/mentorship/actions/{action_id}")
def close_action_page(request: Request, ws: WS, form: Form, action_id: ItemId) -> Response:
    """Close an action item between 1:1s."""
    view = field(form, "view")
    try:
        ws.mentorship.close_action(action_id)
    except InputError as err:
        return _page(request, ws, view, status=400, error=err)
    return _back(view, "action")
