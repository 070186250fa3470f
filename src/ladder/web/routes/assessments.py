"""Assessments: rate the expectations of your target level as yourself, a manager or a peer, and
see the raters side by side with their disconnects (``ladder assess``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ladder.errors import InputError, LadderError, NotFoundError
from ladder.web import schemas
from ladder.web.deps import WS, Form, cached, field
from ladder.web.render import page

if TYPE_CHECKING:
    from ladder.workspace import Workspace

api = APIRouter(tags=["assessments"])
pages = APIRouter(include_in_schema=False)


def _ids(text: str | None) -> tuple[int, ...]:
    from ladder.assessment import parse_ids

    return parse_ids(text) if text else ()


@api.get(
    "/assessments",
    response_model=list[schemas.AssessmentOut],
    summary="The current ratings",
)
def current(
    ws: WS,
    rater: Annotated[str | None, Query(description="self, manager or peer")] = None,
    level: Annotated[str | None, Query(description="Only this level's expectations.")] = None,
) -> list[dict[str, Any]]:
    """The newest rating per rater and expectation."""
    try:
        found = ws.assessments.current(rater=rater or None, level=level or None)
    except NotFoundError as err:
        raise InputError(err.message, hint=err.hint) from err
    return [a.to_dict() for a in found]


@api.get("/assessments/diff", summary="Self vs manager vs peer, with the disconnects")
def diff(
    ws: WS,
    level: Annotated[str | None, Query(description="A level id (default: your target).")] = None,
) -> dict[str, Any]:
    """Each expectation of the level with every rater's current rating and the flags to discuss."""
    try:
        return ws.assessments.diff(level=level or None).to_dict()
    except NotFoundError as err:
        raise InputError(err.message, hint=err.hint) from err


@api.post(
    "/assessments",
    response_model=list[schemas.AssessmentOut],
    status_code=201,
    summary="Record ratings",
)
def rate(ws: WS, body: schemas.AssessIn) -> list[dict[str, Any]]:
    """Record ratings from one rater: all of them, or (on any problem) none."""
    from ladder.assessment import RatingInput

    items = [RatingInput(r.expectation, r.rating, r.note, tuple(r.evidence)) for r in body.ratings]
    saved = ws.assessments.rate_many(items, rater=body.rater, rater_name=body.rater_name)
    return [a.to_dict() for a in saved]


# -- the form ------------------------------------------------------------------------------------
def _form_page(
    request: Request,
    ws: Workspace,
    *,
    rater: str,
    name: str,
    status: int = 200,
    error: LadderError | None = None,
    problems: list[str] | None = None,
    draft: dict[str, str] | None = None,
) -> Response:
    from ladder.assessment import RATERS, RATINGS, rating_label

    service = ws.assessments
    result = cached(request, ("assess-diff",), lambda: service.diff())
    ladder = service.ladder
    names = {a.id: a.name for a in ladder.areas}
    groups: list[dict[str, Any]] = []
    for row in result.rows:
        mine = [a for a in row.ratings if a.rater == rater and a.rater_name.lower() == name.lower()]
        others = [a for a in row.ratings if a not in mine]
        item = {
            "row": row,
            "mine": mine[0] if mine else None,
            "others": others,
        }
        if not groups or groups[-1]["area"] != row.area:
            groups.append({"area": row.area, "name": names.get(row.area, row.area), "rows": []})
        groups[-1]["rows"].append(item)
    return page(
        request,
        "assess.html",
        ws=ws,
        status=status,
        level=result.level,
        level_name=ladder.level(result.level).name,
        groups=groups,
        rated=len(result.rated()),
        total=len(result.rows),
        disconnects=len(result.flagged("disconnect")),
        testimony=sum(1 for r in result.rows for f in r.flags if f.kind == "testimony only"),
        raters=RATERS,
        rater=rater,
        rater_name=name,
        ratings=[(i, rating_label(i)) for i in range(len(RATINGS))],
        error=error,
        problems=problems or [],
        draft=draft or {},
    )


@pages.get("/assess")
def assess_page(request: Request, ws: WS, rater: str = "self", name: str = "") -> Response:
    """The assessment form for one rater, with everyone's current ratings alongside."""
    from ladder.assessment import parse_rater

    try:
        who = parse_rater(rater)
    except InputError:
        who = "self"
    return _form_page(request, ws, rater=who, name="" if who == "self" else name.strip())


@pages.post("/assess")
def assess_save(request: Request, ws: WS, form: Form) -> Response:
    """Save the ratings that changed (or got a note)."""
    from ladder.assessment import RatingInput, RatingsError, parse_rater

    rater = field(form, "rater") or "self"
    name = field(form, "rater_name") or ""
    draft = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        who = parse_rater(rater)
        items = []
        for key, value in form.multi_items():
            if not key.startswith("rating:") or not isinstance(value, str) or not value:
                continue
            exp = key.removeprefix("rating:")
            before = field(form, f"was:{exp}")
            note = field(form, f"note:{exp}") or ""
            evidence = _ids(field(form, f"evidence:{exp}"))
            if before == value and not note and not evidence:
                continue  # unchanged
            items.append(RatingInput(exp, int(value) if value.isdigit() else value, note, evidence))
        if not items:
            raise InputError(
                "no rating changed, so nothing was saved",
                hint="pick a rating for at least one expectation",
            )
        ws.assessments.rate_many(items, rater=who, rater_name=name)
    except RatingsError as err:
        return _form_page(
            request,
            ws,
            rater=rater,
            name=name,
            status=400,
            error=err,
            problems=[line.split(": ", 1)[-1] for line in err.lines()],
            draft=draft,
        )
    except InputError as err:
        return _form_page(request, ws, rater="self", name="", status=400, error=err, draft=draft)
    from urllib.parse import urlencode

    query = urlencode(
        {"rater": who, "name": name, "done": "rated"} if name else {"rater": who, "done": "rated"}
    )
    return RedirectResponse(f"/assess?{query}", status_code=303)
