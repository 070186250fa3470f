"""Routes, one module per noun; each has ``api`` (under ``/api/v1``) and ``pages`` routers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def include(app: FastAPI, *, team: bool = False) -> None:
    """Add every noun's page and API routes to ``app`` (and the team API on a team server)."""
    from fastapi import APIRouter

    from ladder.web.problems import COMMON
    from ladder.web.routes import (
        assessments,
        auth,
        dashboard,
        evidence,
        goals,
        jobs,
        mentorship,
        packet,
        reviews,
    )
    from ladder.web.routes.people import pages as people_pages
    from ladder.web.routes.sync import api as sync_api
    from ladder.web.routes.team import api as team_api
    from ladder.web.routes.team import pages as team_pages

    api = APIRouter(prefix="/api/v1", responses=COMMON)
    nouns = (dashboard, evidence, reviews, assessments, goals, jobs, mentorship, packet, auth)
    for noun in nouns:
        if hasattr(noun, "api"):
            api.include_router(noun.api)
        if hasattr(noun, "pages"):
            app.include_router(noun.pages)
    if team:
        api.include_router(team_api)
        api.include_router(sync_api)
        app.include_router(team_pages)
        app.include_router(people_pages)
    app.include_router(api)
