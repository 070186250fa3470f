"""Your harvest jobs on the team's queue: state, progress and the last error (``ladder jobs``).

Reading needs no queue library (:mod:`ladder.jobs.status`); a web request never harvests, it
only shows what the workers (``ladder worker``) did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request

from ladder.web import schemas
from ladder.web.deps import WS, cached

if TYPE_CHECKING:
    from ladder.workspace import Workspace

api = APIRouter(tags=["jobs"])


def jobs_now(ws: Workspace) -> list[dict[str, Any]]:
    """The owner's harvest jobs, newest state per source, as stored now."""
    from ladder.jobs.status import status

    owner = ws.profile()
    if owner is None:
        return []
    return [s.to_dict() for s in status(ws.store, owner.id)]


def jobs_of(request: Request, ws: WS) -> list[dict[str, Any]]:
    """The owner's harvest jobs, newest state per source (cached)."""
    return cached(request, ("jobs",), lambda: jobs_now(ws))


@api.get("/jobs", response_model=list[schemas.JobOut], summary="Your harvest jobs")
def jobs(request: Request, ws: WS) -> list[dict[str, Any]]:
    """Per source the server harvests for you: state (queued, running, retrying, succeeded,
    failed), progress, attempts, when it will try again, and the last error."""
    return jobs_of(request, ws)
