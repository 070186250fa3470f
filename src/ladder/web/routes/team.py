"""The team API of ``ladder serve --team``: who I am, the people I may see, their evidence,
status, ratings and packet, manager and peer ratings in my own name, 1:1 notes, the audit trail.

Every route is a thin shell over :class:`ladder.team.access.Team`, which applies the rules of
``docs/team.md`` and writes the audit trail. A person the caller may not see is a 404 (the
API does not reveal who exists); a person they see but may not read this of is a 403.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response

from ladder.errors import InputError
from ladder.team.access import Team
from ladder.web import schemas
from ladder.web.deps import Form, actor_of, field, web_of
from ladder.web.problems import _responses
from ladder.web.render import page

api = APIRouter(tags=["team"], responses=_responses(403))
pages = APIRouter(include_in_schema=False)

PersonId = Annotated[int, Path(ge=1, le=schemas.MAX_ID, description="The person's id.")]


def team(request: Request) -> Iterator[Team]:
    """The team as the caller may see it, for the length of the request."""
    actor = actor_of(request)
    if actor is None:  # the Guard lets no one through without one; never reached
        raise HTTPException(401)
    web = web_of(request)
    with web.workspace_for(None) as ws:
        yield Team(ws.store, actor, clock=ws.clock, memo=web.cache.memo)


T = Annotated[Team, Depends(team)]


class PersonOut(BaseModel):
    """A person of the team."""

    id: int = Field(description="The person's id (the addresses under /people use it).")
    email: str
    name: str
    roles: list[str] = Field(description="engineer, manager, mentor, admin.")
    manager: str | None = Field(description="Their manager's email.")
    active: bool


class RatingIn(BaseModel):
    """A rating in the caller's own name; their standing (manager, peer) comes from who they
    are to the person, never from the body."""

    model_config = ConfigDict(extra="forbid")
    expectation: str = Field(max_length=200, description="An expectation id of the ladder.")
    rating: str | int = Field(
        description="not yet, working towards, meeting, exceeding (or 0-3), as `ladder assess`."
    )
    note: str = Field("", max_length=4000, description="Why, in the rater's words.")


class PeerRequestIn(BaseModel):
    """Ask colleagues for peer ratings."""

    model_config = ConfigDict(extra="forbid")
    peers: list[str] = Field(min_length=1, max_length=50, description="Their emails.")
    expectations: list[str] = Field(min_length=1, max_length=100, description="Expectation ids.")


class ShareIn(BaseModel):
    """What the caller shares with a mentor (replaces what was shared; [] stops sharing)."""

    model_config = ConfigDict(extra="forbid")
    mentor: str = Field(max_length=254, description="The mentor's email.")
    resources: list[str] = Field(
        max_length=5, description="Any of evidence, status, goals, ratings, packet."
    )


class NoteIn(BaseModel):
    """A 1:1 note with a person, kept as the caller's own."""

    model_config = ConfigDict(extra="forbid")
    notes: str = Field(max_length=20000)
    shared: bool = Field(False, description="Shared notes are readable by the other person too.")
    held_on: str | None = Field(None, max_length=40, description="The day (default: today).")


@api.get("/me", summary="Who I am")
def me(t: T) -> dict[str, Any]:
    """My account, my reports (ids), and the peer ratings I am asked for."""
    return t.me()


@api.get("/people", response_model=list[PersonOut], summary="The people I may see")
def people(t: T) -> list[dict[str, Any]]:
    """Myself, my reports and their reports, my manager, mentees who share with me, peers who
    asked me (or whom I asked) for feedback; an admin sees everyone."""
    return t.people()


@api.get("/people/{person_id}", response_model=PersonOut, summary="One person")
def person(t: T, person_id: PersonId) -> dict[str, Any]:
    """A person I may see (else 404)."""
    return t.person(person_id)


@api.get("/people/{person_id}/evidence", summary="A person's evidence")
def evidence(
    t: T,
    person_id: PersonId,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> dict[str, Any]:
    """Their live evidence, newest first (mine, my reports', a mentee's who shares it)."""
    return t.evidence(person_id, limit=per_page, offset=(page - 1) * per_page)


@api.get("/people/{person_id}/status", summary="A person's readiness and gaps")
def status(t: T, person_id: PersonId) -> dict[str, Any]:
    """Readiness against their target level, area by area, with the gaps and next actions."""
    return t.status(person_id)


@api.get("/people/{person_id}/goals", summary="A person's goals this month")
def goals(t: T, person_id: PersonId) -> list[dict[str, Any]]:
    """This month's goals."""
    return t.goals(person_id)


@api.get("/people/{person_id}/ratings", summary="A person's ratings, by every rater")
def ratings(t: T, person_id: PersonId) -> list[dict[str, Any]]:
    """The current ratings: their own, their managers' and their peers', each attributed
    (`rater`, `rater_name`, `rater_person_id`)."""
    return t.ratings(person_id)


@api.post(
    "/people/{person_id}/ratings",
    status_code=201,
    summary="Rate a person, in my own name",
    responses=_responses(422),
)
def rate(t: T, person_id: PersonId, body: RatingIn) -> dict[str, Any]:
    """A manager rating (I am their manager or their manager's manager), a peer rating (they
    asked me about this expectation) or my own self rating. An expectation the ladder lacks,
    or a rating off the scale, is a 422 and nothing is written."""
    return t.rate(person_id, expectation=body.expectation, rating=body.rating, note=body.note)


@api.get("/people/{person_id}/packet", summary="A person's promotion packet")
def packet(t: T, person_id: PersonId) -> dict[str, Any]:
    """Their packet for their target level, the twelve months to today, every claim cited."""
    return t.packet(person_id)


@api.get("/people/{person_id}/one-on-ones", summary="1:1 notes between a person and me")
def notes(t: T, person_id: PersonId) -> list[dict[str, Any]]:
    """Mine with them, and theirs with me that they shared (a private note: its author only)."""
    return t.notes(person_id)


@api.post("/people/{person_id}/one-on-ones", status_code=201, summary="Write a 1:1 note")
def add_note(t: T, person_id: PersonId, body: NoteIn) -> dict[str, Any]:
    """A 1:1 with a person I may see, in my own notes: private unless `shared`."""
    return t.add_note(person_id, notes=body.notes, shared=body.shared, held_on=body.held_on)


@api.post("/me/peer-requests", status_code=201, summary="Ask colleagues for peer ratings")
def ask(t: T, body: PeerRequestIn) -> list[dict[str, Any]]:
    """Each colleague may then rate me on those expectations, in their own name."""
    return t.ask_peers(body.peers, body.expectations)


@api.put("/me/mentor-share", summary="Share parts of my data with a mentor")
def share(t: T, body: ShareIn) -> dict[str, Any]:
    """What my mentor may read of mine (replaces what I shared with them before)."""
    return {"mentor": body.mentor, "resources": t.share_with_mentor(body.mentor, body.resources)}


@api.get("/audit", summary="The audit trail")
def audit(t: T, limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict[str, Any]]:
    """An admin: every event, newest first. Anyone else: who read or changed their data."""
    return t.audit(limit=limit)


# -- the manager's views ---------------------------------------------------------------------------


@api.get("/team", summary="My reports at a glance")
def team_overview(t: T) -> list[dict[str, Any]]:
    """Each person I manage (directly or as their manager's manager): readiness per area, top
    gaps, this month's goals, our last 1:1 and its open action items, self-vs-manager
    disconnects."""
    return [o.to_dict() for o in t.overviews()]


@api.get("/team/calibration", summary="Every rating of my reports beside its evidence")
def calibration(t: T) -> list[dict[str, Any]]:
    """Each report's current ratings by every rater, with the evidence linked to each; a
    rating of meeting or above with none is `testimony_only`."""
    return t.calibration()


def _team_page(
    request: Request, t: Team, *, status: int = 200, error: Exception | None = None
) -> Response:
    from ladder.assessment import RATINGS, rating_label

    ladder = t.ladder()
    memo = web_of(request).cache.memo
    rows = []
    for view in t.overviews():
        level = view.readiness.level
        radar = memo(("team-radar", view.version), functools.partial(_radar, view.readiness))
        rows.append(
            {
                "view": view,
                "gaps": view.readiness.gaps(top=3),
                "radar": Markup(radar),  # charts escape labels
                "expectations": [e for e in ladder.expectations() if e.level == level],
            }
        )
    return page(
        request,
        "team.html",
        status=status,
        error=error,
        rows=rows,
        waiting=t.feedback_waiting(),  # answered on /feedback, the one place that shows them
        ratings=[(n, rating_label(n)) for n in range(len(RATINGS))],
    )


def _radar(readiness: Any) -> str:
    from ladder import charts

    return charts.radar(readiness, size=320)


@pages.get("/team")
def team_page(request: Request, t: T) -> Response:
    """The team page: a manager's reports (with a form for a manager rating), and how many
    requests for the caller's peer feedback wait on the Feedback page."""
    return _team_page(request, t)


@pages.post("/team/rate")
def team_rate(request: Request, t: T, form: Form) -> Response:
    """Save a manager rating from the team page, in the caller's own name."""
    from ladder.errors import LadderError

    person_id = field(form, "person") or ""
    try:
        if not person_id.isdigit():
            raise InputError("pick a person to rate")
        t.rate(
            int(person_id),
            expectation=field(form, "expectation") or "",
            rating=field(form, "rating") or "",
            note=field(form, "note") or "",
        )
    except LadderError as err:
        from ladder.web.problems import status_of

        return _team_page(request, t, status=status_of(err), error=err)
    return RedirectResponse("/team?done=rated", status_code=303)


@pages.get("/team/calibration")
def calibration_page(request: Request, t: T) -> Response:
    """Every rating of the team beside the evidence behind it."""
    from ladder.assessment import rating_label

    return page(request, "calibration.html", people=t.calibration(), label=rating_label)
