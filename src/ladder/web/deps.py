"""What routes ask FastAPI for: a workspace from the pool, the app's state, a checked form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from fastapi import Depends, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from ladder import rules
from ladder.errors import InputError
from ladder.team.accounts import Actor
from ladder.web import security
from ladder.workspace import Workspace

if TYPE_CHECKING:
    from ladder.web.app import Web

T = TypeVar("T")


def web_of(request: Request) -> Web:
    """The running app's :class:`~ladder.web.app.Web`."""
    web: Web = request.app.state.web
    return web


ACTOR_KEY = security.ACTOR_KEY


def actor_of(request: Request) -> Actor | None:
    """Who a team server's request acts as (None on a one-person server)."""
    actor = request.scope.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else None


def person_of(request: Request) -> int | None:
    """The person whose own data the request works on (None: the workspace's profile)."""
    actor = actor_of(request)
    return None if actor is None else actor.person_id


def workspace(request: Request) -> Iterator[Workspace]:
    """A workspace from the pool, for the length of the request: on a team server, one that
    works on the logged-in person's own data."""
    with web_of(request).workspace_for(person_of(request)) as ws:
        yield ws


class CsrfError(InputError):
    """A form without the right CSRF token (another site's form, or a stale page)."""

    http_status = 403


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the browser's cookie.

    Raises:
        CsrfError: The token is missing or wrong.
    """
    form = await request.form()
    token = form.get(security.CSRF_FIELD)
    if not security.csrf_ok(web_of(request), request, token if isinstance(token, str) else None):
        raise CsrfError(
            "this form has expired or came from another site, so nothing was saved",
            hint="reload the page and try again",
        )
    return form


def _no_nul(value: str, name: str) -> str:
    """``value`` once it is valid text without a NUL (:func:`ladder.rules.check_text`); the
    services that take it check its length."""
    return rules.check_text(value, f"{name.split(':')[0]} field", limit=len(value))


def field(form: FormData, name: str) -> str | None:
    """A text field of a form, stripped; None when absent or blank.

    Raises:
        InputError: It contains a NUL character (no database can store one everywhere).
    """
    value = form.get(name)
    if not isinstance(value, str):
        return None
    value = _no_nul(value, name).strip()
    return value or None


def fields(form: FormData, name: str) -> list[str]:
    """Every non-blank value of a repeated field.

    Raises:
        InputError: One contains a NUL character.
    """
    return [
        _no_nul(v, name).strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()
    ]


#: The years a month, a day or a period may fall in (:data:`ladder.rules.YEARS`).
YEARS = rules.YEARS


def check_years(what: str, *days: dt.date | None) -> None:
    """Refuse days outside :data:`YEARS` (``9999-12`` has no next month).

    Raises:
        InputError: A day falls outside them.
    """
    for day in days:
        if day is not None:
            _check_year(what, day.year)


def _check_year(what: str, year: int) -> None:
    rules.check_year(what, year)


def check_month(what: str, month: str) -> str:
    """``month`` (``YYYY-MM``) once its year is in :data:`YEARS`.

    Raises:
        InputError: It is not.
    """
    _check_year(what, int(month[:4]))
    return month


def lines(value: str | None) -> list[str]:
    """One item per line or comma (tags, links) from a text box."""
    if not value:
        return []
    return [p.strip() for chunk in value.splitlines() for p in chunk.split(",") if p.strip()]


def cached(request: Request, key: Any, compute: Callable[[], T]) -> T:
    """``compute()`` through the app's cache (see :class:`~ladder.web.app.Cache`)."""
    return web_of(request).cache.get((person_of(request), key), compute)


def memo_of(request: Request) -> Callable[[Hashable, Callable[[], Any]], Any]:
    """The app's cache for versioned results (keys that name the versions they depend on)."""
    return web_of(request).cache.memo


def data_stamp(request: Request, ws: Workspace) -> Hashable:
    """What a page of the workspace person's own data depends on: their data version and the
    ladder's (:func:`ladder.store.versions.stamp`), the day, and the caller's roles (the
    navigation). Read before the page's data (see :mod:`ladder.store.versions`)."""
    from ladder.person import self_id
    from ladder.store import versions

    owner = ws.person_id if ws.person_id is not None else self_id(ws.store)
    actor = actor_of(request)
    return (
        versions.stamp(ws.store, owner),
        ws.clock.today(),
        None if actor is None else actor.roles,
    )


async def cached_json(
    request: Request, build: Callable[[Workspace], tuple[Any, dict[str, str]]]
) -> Response:
    """A JSON answer from the cache when nothing changed, else built in a worker thread.

    Args:
        request: The request (its path and query are the key).
        build: Returns the JSON-ready data and extra headers, given a workspace from the pool.
    """
    import json

    from starlette.concurrency import run_in_threadpool

    web = web_of(request)
    who = person_of(request)
    key = ("json", who, request.url.path, request.url.query)
    hit: tuple[bytes, dict[str, str]] | None = web.cache.peek(key)
    if hit is None:

        def compute() -> tuple[bytes, dict[str, str]]:
            with web.workspace_for(who) as ws:
                data, headers = build(ws)
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            return text.encode("utf-8"), headers

        hit = await run_in_threadpool(lambda: web.cache.get(key, compute))
    payload, headers = hit
    return Response(payload, media_type="application/json", headers=headers)


WS = Annotated[Workspace, Depends(workspace)]
Form = Annotated[FormData, Depends(checked_form)]

__all__ = [
    "ACTOR_KEY",
    "WS",
    "YEARS",
    "CsrfError",
    "Form",
    "actor_of",
    "cached",
    "check_month",
    "check_years",
    "checked_form",
    "data_stamp",
    "field",
    "fields",
    "lines",
    "memo_of",
    "person_of",
    "web_of",
]
