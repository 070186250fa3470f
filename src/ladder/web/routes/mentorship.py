"""Mentorship and 1:1 notes: mentees, notes (private unless shared), action items that carry
over from one 1:1 to the next (``ladder mentee`` and ``ladder 1on1``).

Lists never show the notes of a private 1:1, as ``ladder 1on1 list`` does not: they show its
counts and a "private" marker. Its notes appear only in its own view (``/mentorship/one-on-ones/ID``
and ``GET /api/v1/one-on-ones/ID``), which is also where it is shared, edited or deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import Field
from starlette.datastructures import FormData
from starlette.responses import Response

from ladder.errors import InputError, LadderError, NotFoundError
from ladder.web import schemas
from ladder.web.deps import WS, Form, cached, field, fields
from ladder.web.problems import NOT_FOUND
from ladder.web.render import page

if TYPE_CHECKING:
    from ladder.mentorship import OneOnOne
    from ladder.workspace import Workspace

api = APIRouter(tags=["mentorship"])
pages = APIRouter(include_in_schema=False)
ItemId = Annotated[int, Path(ge=1, le=schemas.MAX_ID)]
SHOWN = 30


class MenteeIn(schemas.In):
    """Someone you start mentoring."""

    name: schemas.Name
    note: schemas.Text | None = None
    since: schemas.Line | None = Field(None, description="When it started (today).")


class MenteePatch(schemas.In):
    """A change to a mentee: a new note, or another start day."""

    note: schemas.Text | None = Field(None, description="Replaces the note.")
    since: schemas.Line | None = Field(None, description="Moves the start.")


class MenteeEnd(schemas.In):
    """The end of a mentoring."""

    on: schemas.Line | None = Field(None, description="The last day (today).")


class ActionPatch(schemas.In):
    """Close an action item (or open it again)."""

    open: bool


def listed(one: OneOnOne) -> dict[str, Any]:
    """A 1:1 as a list shows it: a private one without its notes or action items' text."""
    data = one.to_dict(include_private=False)
    data.update(
        actions_agreed=len(one.actions),
        actions_closed=len(one.closed),
        actions_open=sum(1 for a in one.actions if a.open),
    )
    return data


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


@api.patch("/mentees/{name}", responses=NOT_FOUND, summary="Change a mentee's note or start")
def patch_mentee(ws: WS, name: str, body: MenteePatch) -> dict[str, Any]:
    """A new note about them, or another day the mentoring started."""
    service = ws.mentorship
    mentee = service.mentee(name)  # 404 for someone who is not a mentee
    if not mentee.active:
        raise InputError(
            f"the mentoring of {mentee.name} ended on {mentee.ended_on}",
            hint="POST /api/v1/mentees picks it up again",
        )
    if body.note is None and body.since is None:
        raise InputError("nothing to change", hint="send note or since")
    return service.add_mentee(mentee.name, note=body.note, since=body.since).to_dict()


@api.post("/mentees/{name}/end", responses=NOT_FOUND, summary="End a mentoring")
def end_mentee(ws: WS, name: str, body: MenteeEnd) -> dict[str, Any]:
    """1:1s with them after `on` no longer count as mentoring."""
    return ws.mentorship.end_mentee(name, on=body.on).to_dict()


@api.get(
    "/one-on-ones",
    response_model=list[schemas.OneOnOneListed],
    summary="1:1s, newest first (private notes left out)",
)
def one_on_ones(
    ws: WS,
    with_: Annotated[str | None, Query(alias="with", description="Only 1:1s with them.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[dict[str, Any]]:
    """Your 1:1s with their counts; a shared one with its notes, a private one without them
    (`GET /one-on-ones/{id}` shows them)."""
    return [listed(o) for o in ws.mentorship.one_on_ones(with_ or None, limit=limit)]


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
    "/one-on-ones/actions/{action_id:int}", responses=NOT_FOUND, summary="Close or reopen an action"
)
def patch_action(ws: WS, action_id: ItemId, body: ActionPatch) -> dict[str, Any]:
    """`{"open": false}` closes it between 1:1s; `true` opens it again."""
    service = ws.mentorship
    item = service.reopen_action(action_id) if body.open else service.close_action(action_id)
    return item.to_dict()


@api.get(
    "/one-on-ones/{one_on_one_id:int}",
    response_model=schemas.OneOnOneOut,
    responses=NOT_FOUND,
    summary="A 1:1 with its notes",
)
def get_one_on_one(ws: WS, one_on_one_id: ItemId) -> dict[str, Any]:
    """One 1:1: its notes (private ones too), the action items agreed, closed and carried over."""
    return ws.mentorship.one_on_one(one_on_one_id).to_dict()


@api.patch(
    "/one-on-ones/{one_on_one_id:int}",
    response_model=schemas.OneOnOneOut,
    responses=NOT_FOUND,
    summary="Share, edit or add to a 1:1",
)
def patch_one_on_one(ws: WS, one_on_one_id: ItemId, body: schemas.OneOnOnePatch) -> dict[str, Any]:
    """`shared` shares the notes or makes them private; `notes` and `date` replace; `actions`
    adds agreed items; `close` closes earlier open ones in it."""
    return _change(
        ws,
        one_on_one_id,
        notes=body.notes,
        date=body.date,
        actions=body.actions,
        close=body.close,
        shared=body.shared,
    ).to_dict()


@api.delete(
    "/one-on-ones/{one_on_one_id:int}",
    response_model=schemas.OneOnOneOut,
    responses=NOT_FOUND,
    summary="Delete a 1:1",
)
def delete_one_on_one(ws: WS, one_on_one_id: ItemId) -> dict[str, Any]:
    """Delete a 1:1, its action items and its evidence (items it closed stay closed)."""
    return ws.mentorship.remove_one_on_one(one_on_one_id).to_dict()


def _change(
    ws: Workspace,
    one_on_one_id: int,
    *,
    notes: str | None = None,
    date: str | None = None,
    actions: list[str] | None = None,
    close: list[int] | None = None,
    shared: bool | None = None,
) -> OneOnOne:
    service = ws.mentorship
    service.one_on_one(one_on_one_id)  # 404 first
    edits = notes is not None or date is not None or bool(actions) or bool(close)
    if not edits and shared is None:
        raise InputError(
            f"nothing to change in 1:1 #{one_on_one_id}",
            hint="send notes, date, actions, close or shared",
        )
    if edits:
        service.edit_one_on_one(
            one_on_one_id, notes=notes, held_on=date, actions=actions or (), close=close or ()
        )
    if shared is not None:
        return service.share(one_on_one_id, shared=shared)
    return service.one_on_one(one_on_one_id)


# -- the pages -----------------------------------------------------------------------------------
def _page(
    request: Request,
    ws: Workspace,
    with_name: str | None,
    *,
    status: int = 200,
    error: LadderError | None = None,
    draft: dict[str, Any] | None = None,
) -> Response:

    service = ws.mentorship
    data = cached(
        request,
        ("mentorship", with_name),
        lambda: {
            "mentees": service.mentees(include_ended=True),
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
        today=ws.clock.today().isoformat(),
        error=error,
        draft=draft or {},
        **data,
    )


@pages.get("/mentorship")
def mentorship_page(
    request: Request, ws: WS, with_: Annotated[str | None, Query(alias="with")] = None
) -> Response:
    """Mentees, open action items and 1:1s (of one person, with ``?with=NAME``)."""
    try:
        return _page(request, ws, (with_ or "").strip() or None)
    except InputError as err:
        return _page(request, ws, None, status=400, error=err)


def _back(with_name: str | None, done: str) -> RedirectResponse:
    from urllib.parse import urlencode

    query = urlencode({"with": with_name, "done": done} if with_name else {"done": done})
    return RedirectResponse(f"/mentorship?{query}", status_code=303)


def _draft(form: FormData) -> dict[str, Any]:
    """What the form said, to show it again after an error (ticked items included)."""
    draft: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    draft["close"] = [v for v in form.getlist("close") if isinstance(v, str)]
    return draft


@pages.post("/mentorship/one-on-ones")
def add_one_on_one_page(request: Request, ws: WS, form: Form) -> Response:
    """Record a 1:1 from the form."""
    draft = _draft(form)
    view = field(form, "view")
    try:
        close = [int(v) for v in fields(form, "close") if v.isdigit() and len(v) < 19]
        ws.mentorship.add_one_on_one(
            field(form, "with") or "",
            held_on=field(form, "date"),
            notes=field(form, "notes") or "",
            actions=[a for a in (field(form, "actions") or "").splitlines() if a.strip()],
            close=close,
            shared=field(form, "shared") == "1",
        )
    except (
        InputError,
        NotFoundError,
    ) as err:  # an unknown action item too: the form keeps what was typed
        return _page(request, ws, view, status=400, error=err, draft=draft)
    return _back(view, "oneonone")


@pages.post("/mentorship/mentees")
def add_mentee_page(request: Request, ws: WS, form: Form) -> Response:
    """Start mentoring someone (or give a mentee a new note)."""
    try:
        ws.mentorship.add_mentee(
            field(form, "name") or "", note=field(form, "note"), since=field(form, "since")
        )
    except InputError as err:
        return _page(request, ws, None, status=400, error=err, draft=_draft(form))
    return _back(None, "mentee")


@pages.post("/mentorship/mentees/end")
def end_mentee_page(request: Request, ws: WS, form: Form) -> Response:
    """End a mentoring (today)."""
    try:
        ws.mentorship.end_mentee(field(form, "name") or "")
    except (InputError, NotFoundError) as err:
        return _page(request, ws, None, status=400, error=err)
    return _back(None, "ended")


@pages.post("/mentorship/actions/{action_id}")
def close_action_page(request: Request, ws: WS, form: Form, action_id: ItemId) -> Response:
    """Close an action item between 1:1s."""
    view = field(form, "view")
    try:
        ws.mentorship.close_action(action_id)
    except (InputError, NotFoundError) as err:
        return _page(request, ws, view, status=400, error=err)
    return _back(view, "action")


def _one_page(
    request: Request,
    ws: Workspace,
    one_on_one_id: int,
    *,
    status: int = 200,
    error: LadderError | None = None,
    draft: dict[str, Any] | None = None,
) -> Response:
    one = ws.mentorship.one_on_one(one_on_one_id)
    return page(
        request,
        "one_on_one.html",
        ws=ws,
        status=status,
        one=one,
        error=error,
        draft=draft or {"notes": one.notes, "date": one.held_on},
    )


@pages.get("/mentorship/one-on-ones/{one_on_one_id}")
def one_on_one_page(request: Request, ws: WS, one_on_one_id: ItemId) -> Response:
    """One 1:1: its notes, its action items; share it, edit it or delete it."""
    return _one_page(request, ws, one_on_one_id)


def _here(one_on_one_id: int, done: str) -> RedirectResponse:
    return RedirectResponse(f"/mentorship/one-on-ones/{one_on_one_id}?done={done}", 303)


@pages.post("/mentorship/one-on-ones/{one_on_one_id}")
def edit_one_on_one_page(request: Request, ws: WS, form: Form, one_on_one_id: ItemId) -> Response:
    """Save the edit form of a 1:1: its notes, its day, more action items."""
    draft = _draft(form)
    notes = form.get("notes")
    try:
        _change(
            ws,
            one_on_one_id,
            notes=notes if isinstance(notes, str) else None,
            date=field(form, "date"),
            actions=[a for a in (field(form, "actions") or "").splitlines() if a.strip()],
        )
    except InputError as err:
        return _one_page(request, ws, one_on_one_id, status=400, error=err, draft=draft)
    return _here(one_on_one_id, "saved")


@pages.post("/mentorship/one-on-ones/{one_on_one_id}/share")
def share_page(request: Request, ws: WS, form: Form, one_on_one_id: ItemId) -> Response:
    """Share the notes of a 1:1, or make them private again."""
    shared = field(form, "shared") == "1"
    ws.mentorship.share(one_on_one_id, shared=shared)
    return _here(one_on_one_id, "shared" if shared else "private")


@pages.post("/mentorship/one-on-ones/{one_on_one_id}/delete")
def delete_one_on_one_page(request: Request, ws: WS, form: Form, one_on_one_id: ItemId) -> Response:
    """Delete a 1:1 and its action items."""
    ws.mentorship.remove_one_on_one(one_on_one_id)
    return _back(None, "removed")
