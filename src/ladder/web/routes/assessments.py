"""Assessments: rate the expectations of your target level as yourself, a manager or a peer, and
see the raters side by side with their disconnects (``ladder assess``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ladder.errors import InputError, LadderError, NotFoundError
from ladder.web import schemas
from ladder.web.deps import WS, Form, actor_of, cached, field
from ladder.web.problems import ItemsError
from ladder.web.render import page
from ladder.web.words import for_web

if TYPE_CHECKING:
    from ladder.assessment import RatingInput
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
def rate(request: Request, ws: WS, body: schemas.AssessIn) -> list[dict[str, Any]]:
    """Record ratings from one rater: all of them, or (on any problem) none. A 400 lists every
    problem in `errors`, each with its place (`loc`, `field`) and the reason (`msg`)."""
    from ladder.assessment import RatingInput

    _own_only(request, body.rater)
    items = [RatingInput(r.expectation, r.rating, r.note, tuple(r.evidence)) for r in body.ratings]
    found = check_ratings(ws, items)
    if found:
        errors: list[dict[str, Any]] = [
            {
                "loc": ["body", "ratings", n, name],
                "field": f"ratings[{n}].{name}",
                "msg": for_web(reason, api=True),
            }
            for n, name, reason in found
        ]
        bad = len({n for n, _, _ in found})
        raise ItemsError(
            f"{_count(bad, 'rating')} {'has a problem' if bad == 1 else 'have problems'}; "
            "nothing was saved",
            errors,
            hint="fix what `errors` lists and send the ratings again",
        )
    saved = ws.assessments.rate_many(items, rater=body.rater, rater_name=body.rater_name)
    return [a.to_dict() for a in saved]


def _own_only(request: Request, rater: str) -> None:
    """On a team server a person records only their own (self) ratings here: managers and
    peers rate in their own accounts (``POST /api/v1/people/{id}/ratings``).

    Raises:
        ForbiddenError: A manager or peer rating typed in by the person rated.
    """
    from ladder.team.access import ForbiddenError

    if actor_of(request) is not None and rater.strip().lower() != "self":
        raise ForbiddenError(
            "on a team server your manager and peers rate you in their own accounts",
            hint="rate yourself here (rater self); they use POST /api/v1/people/{id}/ratings",
        )


def check_ratings(ws: Workspace, items: Sequence[RatingInput]) -> list[tuple[int, str, str]]:
    """Every problem of a batch of ratings, before anything is saved: (item index, field, reason).

    The library checks a batch as a whole too (``rate_many``); checking here names the field
    of each problem (``expectation``, ``rating`` or ``evidence``).
    """
    from ladder.assessment import parse_rating

    service = ws.assessments
    found: list[tuple[int, str, str]] = []
    for n, item in enumerate(items):
        try:
            service.resolve(item.expectation)
        except InputError as err:
            found.append((n, "expectation", err.message))
        try:
            parse_rating(item.rating)
        except InputError as err:
            found.append((n, "rating", err.message))
        too_big = [i for i in item.evidence if i > schemas.MAX_ID]
        found.extend((n, "evidence", f"there is no entry #{i}") for i in too_big)
        live = [i for i in item.evidence if i <= schemas.MAX_ID]
        found.extend((n, "evidence", reason) for reason in service.evidence_problems(live))
    return found


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# -- the form ------------------------------------------------------------------------------------
def _form_page(
    request: Request,
    ws: Workspace,
    *,
    rater: str,
    name: str,
    status: int = 200,
    error: LadderError | None = None,
    problems: dict[str, list[str]] | None = None,
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
        now = mine[0] if mine else None
        item = {
            "row": row,
            "mine": now,
            "others": others,
            "note": now.note if now else "",
            "evidence": ", ".join(str(i) for i in now.evidence_ids) if now else "",
            "problems": (problems or {}).get(row.expectation, []),
        }
        if not groups or groups[-1]["area"] != row.area:
            groups.append({"area": row.area, "name": names.get(row.area, row.area), "rows": []})
        groups[-1]["rows"].append(item)
    order = {row.expectation: n for n, row in enumerate(result.rows)}
    listed = [
        f"{key}: {reason}"
        for key in sorted(problems or {}, key=lambda k: (order.get(k, len(order)), k))
        for reason in (problems or {})[key]
    ]
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
        problems=listed,
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
    """Save the ratings that changed: a new rating, or a note or evidence changed on one.

    The form shows each current rating's note and evidence, so a rating saved again keeps
    them unless they were edited.
    """
    from ladder.assessment import RatingInput, parse_rater

    name = field(form, "rater_name") or ""
    draft = {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        who = parse_rater(field(form, "rater") or "self")
        _own_only(request, who)
    except InputError as err:
        return _form_page(request, ws, rater="self", name="", status=400, error=err, draft=draft)
    items: list[RatingInput] = []
    keys: list[str] = []
    problems: dict[str, list[str]] = {}
    exps = {
        k.split(":", 1)[1]
        for k in form
        if k.startswith(("rating:", "note:", "evidence:")) and ":" in k
    }
    for exp in sorted(exps):
        value = field(form, f"rating:{exp}")
        note = field(form, f"note:{exp}") or ""
        typed = field(form, f"evidence:{exp}") or ""
        try:
            evidence = _ids(typed)
            before_ids = _ids(field(form, f"was-evidence:{exp}"))
        except InputError as err:
            problems.setdefault(exp, []).append(err.message)
            continue
        same = note == (field(form, f"was-note:{exp}") or "") and evidence == before_ids
        if same and (not value or value == (field(form, f"was:{exp}") or "")):
            continue  # unchanged
        if not value:
            problems.setdefault(exp, []).append("pick a rating to save its note and evidence")
            continue
        items.append(RatingInput(exp, int(value) if value.isdigit() else value, note, evidence))
        keys.append(exp)
    for n, _field, reason in check_ratings(ws, items):
        problems.setdefault(keys[n], []).append(for_web(reason) or reason)
    try:
        if problems:
            raise InputError(
                f"{_count(len(problems), 'rating')} "
                f"{'has a problem' if len(problems) == 1 else 'have problems'}; nothing was saved",
                hint="fix the ratings marked below and save again",
            )
        if not items:
            raise InputError(
                "no rating changed, so nothing was saved",
                hint="pick a rating for at least one expectation, or change a note",
            )
        ws.assessments.rate_many(items, rater=who, rater_name=name)
    except InputError as err:
        return _form_page(
            request,
            ws,
            rater=who,
            name=name,
            status=400,
            error=err,
            problems=problems,
            draft=draft,
        )
    from urllib.parse import urlencode

    query = urlencode(
        {"rater": who, "name": name, "done": "rated"} if name else {"rater": who, "done": "rated"}
    )
    return RedirectResponse(f"/assess?{query}", status_code=303)
