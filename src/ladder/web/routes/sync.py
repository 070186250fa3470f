"""``ladder push`` and ``ladder pull`` on a team server: a person's own workspace sends its
evidence, ratings, goals and shared notes, and takes back what others entered for them.

Thin shells over :mod:`ladder.sync`; the token says whose account it is, never the body. A
push is checked whole (:func:`ladder.exchange.validate`, the path of every import) before
anything is written, and both are in the audit trail.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from ladder import sync
from ladder.errors import InputError, LadderError
from ladder.web.problems import _responses
from ladder.web.routes.team import T

api = APIRouter(tags=["sync"], responses=_responses(403))


class TooLarge(LadderError):
    """A push larger than :data:`ladder.sync.MAX_PUSH_BYTES` (413)."""

    http_status = 413


@api.post(
    "/sync/push",
    summary="Push from my own workspace",
    responses=_responses(400, 409, 413),
)
async def push(request: Request, t: T) -> dict[str, Any]:
    """A document in the export format with my evidence (and, in the last batch of a push, my
    own ratings, goals and shared 1:1 notes), filed under my account: idempotent by uid; a uid
    that is someone else's is a 409 and nothing is written. Answers counts and conflicts."""
    t._writes()
    if t.actor.person_id is None:
        raise InputError("only a person's own token can push")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > sync.MAX_PUSH_BYTES:
            raise TooLarge(
                f"a push request may carry {sync.MAX_PUSH_BYTES // (1024 * 1024)} MB",
                hint="ladder push sends smaller batches",
            )
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"the push is not JSON: {exc}") from exc
    pid = t.actor.person_id
    store, clock = t.store, t.clock

    def work() -> dict[str, Any]:
        with store.transaction():
            result = sync.receive_push(store, pid, doc, now=clock.now_iso(), today=clock.today())
            added = sum(by.get("added", 0) + by.get("updated", 0) for by in result.counts.values())
            t._audit(
                "push", "sync", pid, f"{added} added or updated, {len(result.conflicts)} conflicts"
            )
        if added:
            # what the laptop pushed before it was ever mapped there counts at once here too:
            # the person's manager reads it on this server, not on the laptop
            from ladder import mapping

            mapping.map_items(store, t.ladder(), person_id=pid, now=clock.now_iso())
        return result.to_dict()

    return await run_in_threadpool(work)


@api.get("/sync/pull", summary="Pull into my own workspace")
def pull(t: T) -> dict[str, Any]:
    """What others entered for me (manager and peer ratings, 1:1 notes shared with me), in the
    export format."""
    if t.actor.person_id is None:
        raise InputError("only a person's own token can pull")
    doc = sync.pull_document(t.store, t.actor.person_id)
    t._audit("pull", "sync", t.actor.person_id, f"{len(doc['assessments'])} ratings")
    return doc
