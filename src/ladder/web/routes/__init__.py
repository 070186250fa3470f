"""Routes, one module per noun; each has ``api`` (under ``/api/v1``) and ``pages`` routers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI


def include(app: FastAPI) -> None:
    """Add every noun's page and API routes to ``app``."""
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

    api = APIRouter(prefix="/api/v1", responses=COMMON)
    for noun in (dashboard, evidence, reviews, assessments, goals, jobs, mentorship, packet, auth):
        if hasattr(noun, "api"):
            api.include_router(noun.api)
        if hasattr(noun, "pages"):
            app.include_router(noun.pages)
    app.include_router(api)
