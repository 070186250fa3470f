"""The team server's pages about other people (``ladder serve --team``): asking colleagues for
peer feedback and answering what they ask (``/feedback``), sharing with a mentor and what
mentees share (``/sharing``), and one person as the viewer may see them (``/people/ID``).

Every page is a thin shell over :class:`ladder.team.access.Team`, which decides who sees what
(the rules of ``docs/team.md``) and writes the audit trail: a person the viewer may not see is a
404, whatever the page. Forms carry the CSRF token; names, notes and typed text are escaped by
the templates.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from starlette.responses import Response

from ladder.errors import InputError, LadderError
from ladder.team.access import SHAREABLE, Team
from ladder.web import schemas
from ladder.web.deps import Form, field, fields, lines
from ladder.web.problems import status_of
from ladder.web.render import page
from ladder.web.routes.team import T

pages = APIRouter(include_in_schema=False)
PersonId = Annotated[int, Path(ge=1, le=schemas.MAX_ID)]

#: What each part a person may share with a mentor holds, as the sharing page says it.
PARTS = {
    "evidence": "Evidence: your work log, newest first",
    "status": "Status: readiness against your target level, the gaps and next actions",
    "goals": "Goals: this month's goals",
    "ratings": "Ratings: your own, your managers' and your peers', attributed",
    "packet": "Packet: your promotion packet",
}


def _ratings() -> list[tuple[int, str]]:
    from ladder.assessment import RATINGS, rating_label

    return [(n, rating_label(n)) for n in range(len(RATINGS))]


def _groups(t: Team) -> tuple[str, list[dict[str, Any]]]:
    """The expectations one may ask about, by area: those of the actor's target level (else
    their level, else every level), and that level's name."""
    ladder = t.ladder()
    me = t.context(t.actor.person_id).profile() if t.actor.person_id else None
    level = (me.target_level or me.level) if me else None
    known = {lv.id: lv.name for lv in ladder.levels}
    groups = []
    for area in ladder.areas:
        wanted = [e for e in area.expectations if level is None or e.level == level]
        if wanted:
            groups.append({"id": area.id, "name": area.name, "expectations": wanted})
    return known.get(level or "", "every level"), groups


def _show(
    request: Request,
    t: Team,
    template: str,
    *,
    error: LadderError | None = None,
    draft: dict[str, Any] | None = None,
) -> Response:
    """The feedback or the sharing page; after a refused form, with its error (and status)
    and what was typed."""
    context = (_feedback if template == "feedback.html" else _sharing)(t, draft)
    status = 200 if error is None else status_of(error)
    return page(request, template, status=status, error=error, **context)


# -- peer feedback ---------------------------------------------------------------------------------


def _feedback(t: Team, draft: dict[str, Any] | None) -> dict[str, Any]:
    me = t.actor.person_id
    level_name, groups = _groups(t)
    return {
        "level_name": level_name,
        "groups": groups,
        "mine": t.feedback_for(me) if me is not None else [],
        "asked": t.feedback_asked(),
        "ratings": _ratings(),
        "label": dict(_ratings()),
        "draft": draft or {"peers": "", "expectations": []},
    }


@pages.get("/feedback")
def feedback_page(request: Request, t: T) -> Response:
    """Peer feedback: ask colleagues, see their answers, answer what they asked of you."""
    return _show(request, t, "feedback.html")


@pages.post("/feedback/ask")
def ask(request: Request, t: T, form: Form) -> Response:
    """Ask the colleagues named (by email) for peer ratings on the expectations ticked."""
    peers = lines(field(form, "peers"))
    expectations = fields(form, "expectation")
    try:
        t.ask_peers(peers, expectations)
    except LadderError as err:
        draft = {"peers": field(form, "peers") or "", "expectations": expectations}
        return _show(request, t, "feedback.html", error=err, draft=draft)
    return RedirectResponse("/feedback?done=asked", status_code=303)


@pages.post("/feedback/answer")
def answer(request: Request, t: T, form: Form) -> Response:
    """Answer a request asked of the viewer, in their own name."""
    given = field(form, "request") or ""
    try:
        if not given.isdigit() or len(given) > 18:
            raise InputError("pick a request to answer")
        t.answer(int(given), rating=field(form, "rating") or "", note=field(form, "note") or "")
    except LadderError as err:
        return _show(request, t, "feedback.html", error=err)
    return RedirectResponse("/feedback?done=answered", status_code=303)


# -- sharing with a mentor -------------------------------------------------------------------------


def _sharing(t: Team, draft: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "parts": PARTS,
        "sharing": t.sharing(),
        "mentees": t.shared_with_me(),
        "roles": t.actor.roles,
        "draft": draft or {"mentor": "", "resources": []},
    }


@pages.get("/sharing")
def sharing_page(request: Request, t: T) -> Response:
    """What the viewer shares with their mentors, and what mentees share with them."""
    return _show(request, t, "sharing.html")


@pages.post("/sharing")
def share(request: Request, t: T, form: Form) -> Response:
    """Share the parts ticked with a mentor, replacing what was shared with them before
    (nothing ticked: stop sharing with them)."""
    mentor = field(form, "mentor") or ""
    parts = fields(form, "resource")
    try:
        if not mentor:
            raise InputError("give your mentor's email")
        kept = t.share_with_mentor(mentor, parts)
    except LadderError as err:
        draft = {"mentor": mentor, "resources": parts}
        return _show(request, t, "sharing.html", error=err, draft=draft)
    return RedirectResponse(f"/sharing?done={'mentor' if kept else 'unshared'}", status_code=303)


# -- one person ------------------------------------------------------------------------------------


@pages.get("/people/{person_id}")
def person_page(request: Request, t: T, person_id: PersonId) -> Response:
    """One person as the viewer may see them: the parts of their data the viewer may read
    (each read audited), and the peer feedback they asked for when the viewer reads their
    ratings. Someone the viewer may not see is a 404, as one who does not exist."""
    from ladder import charts

    rel = t.relation(person_id)
    person = t.person(person_id)
    readable = [p for p in SHAREABLE if rel.reads(p)]
    data: dict[str, Any] = {}
    if "status" in readable:
        ready = t.readiness(person_id)
        data["status"] = {
            "readiness": ready,
            "gaps": ready.gaps(top=3),
            "radar": Markup(charts.radar(ready, size=320)),  # the chart escapes its labels
        }
    if "evidence" in readable:
        data["evidence"] = t.evidence(person_id, limit=20)
    if "goals" in readable:
        data["goals"] = t.goals(person_id)
    if "ratings" in readable:
        data["ratings"], data["feedback"] = t.ratings_and_feedback(person_id)
    if "packet" in readable:
        data["packet"] = t.packet(person_id)
    return page(
        request,
        "person.html",
        person=person,
        rel=rel,
        readable=readable,
        data=data,
        label=dict(_ratings()),
    )
