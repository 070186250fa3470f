"""The login page: for a server started with ``LADDER_WEB_TOKEN`` (the token is the password),
or for a team server (``ladder serve --team``: each person's email and password)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.responses import Response

from ladder.web import security
from ladder.web.deps import Form, field, web_of
from ladder.web.render import page

if TYPE_CHECKING:
    from ladder.store import Store
    from ladder.web.app import Web

pages = APIRouter(include_in_schema=False)


@pages.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for this on their own; the icon is an SVG."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


@pages.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    """Ask for the token (only when the server has one), or a team member's email and password."""
    settings = web_of(request).settings
    if not settings.token and not settings.team:
        return RedirectResponse("/", status_code=303)
    return page(
        request,
        "login.html",
        me=False,
        next=security.safe_next(next),
        failed=False,
        wait=0,
        team=settings.team,
        email="",
    )


@pages.post("/login")
def login(request: Request, form: Form) -> Response:
    """Check the token and start a session: a random id in an HttpOnly, SameSite=Strict cookie
    that lasts 12 hours at most. Too many wrong tokens from one address: a 429 that says how
    long to wait (``Retry-After``), right token or not."""
    web = web_of(request)
    target = security.safe_next(field(form, "next"))
    if web.settings.team:
        return _team_login(request, form, target)
    given = field(form, "token") or ""
    if not web.settings.token:
        return page(request, "login.html", me=False, status=401, next=target, failed=True, wait=0)
    client = security.client_key(request.scope)
    wait = web.throttle.wait(client)
    if wait:
        return _locked(request, target, wait)
    if not security.token_matches(web, given):
        wait = web.throttle.failed(client)
        if wait:
            return _locked(request, target, wait)
        return page(request, "login.html", me=False, status=401, next=target, failed=True, wait=0)
    web.throttle.succeeded(client)
    web.sessions.end(request.cookies.get(security.SESSION_COOKIE))  # a fresh id per login
    return _with_session(request, target, web.sessions.new())


def _team_login(request: Request, form: FormData, target: str) -> Response:
    """A team member logs in with their email and password. Wrong ones are counted per
    address and per email (whichever must wait longer decides), in the database (every
    ``--workers`` process sees the same counts); a deactivated account, an unknown email and a
    wrong password all read the same."""
    from ladder.team import accounts

    web = web_of(request)
    email = (field(form, "email") or "").lower()
    password = form.get("password")
    given = password if isinstance(password, str) else ""
    keys = (security.client_key(request.scope), f"email:{email}")
    wait = max(web.throttle.wait(k) for k in keys)
    if wait:
        web.failed_logins.skip(web.clock.now())  # not checked: counted, not written one by one
        return _locked(request, target, wait, team=True, email=email)
    with web.pool.workspace() as ws:
        account = accounts.check_password(ws.store, email, given)
        if account is None:
            _audit_failure(web, ws.store, email, request)
        else:
            accounts.end_session(
                ws.store, request.cookies.get(security.SESSION_COOKIE), now=web.clock.now()
            )
            session = accounts.start_session(ws.store, account, now=web.clock.now())
    # the throttle borrows a store of its own (a team's counts are in the database)
    if account is None:
        wait = max(web.throttle.failed(k) for k in keys)
        if wait:
            return _locked(request, target, wait, team=True, email=email)
        return page(
            request,
            "login.html",
            me=False,
            status=401,
            next=target,
            failed=True,
            wait=0,
            team=True,
            email=email,
        )
    for key in keys:
        web.throttle.succeeded(key)
    return _with_session(request, target, session)


def _audit_failure(web: Web, store: Store, email: str, request: Request) -> None:
    """Write a failed login to the audit trail (the account tried, the address, never the
    password), within the budget that keeps a flood of them from flooding the trail."""
    from ladder.team import accounts

    now = web.clock.now()
    written, skipped, since = web.failed_logins.take(now)
    if written:
        address = request.client.host if request.client else ""
        accounts.failed_login(store, email, address=address, now=now, skipped=skipped, since=since)


def _with_session(request: Request, target: str, session: str) -> Response:
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        security.SESSION_COOKIE,
        session,
        max_age=security.SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


def _locked(
    request: Request, target: str, wait: int, *, team: bool = False, email: str = ""
) -> Response:
    response = page(
        request,
        "login.html",
        me=False,
        status=429,
        next=target,
        failed=True,
        wait=wait,
        team=team,
        email=email,
    )
    response.headers["retry-after"] = str(wait)
    return response


@pages.post("/logout")
def logout(request: Request, form: Form) -> Response:
    """End the session: its id stops working at once, here and in any copy of the cookie."""
    web = web_of(request)
    web.sessions.end(request.cookies.get(security.SESSION_COOKIE))
    if web.settings.team:
        from ladder.team import accounts

        with web.pool.workspace() as ws:
            accounts.end_session(
                ws.store, request.cookies.get(security.SESSION_COOKIE), now=web.clock.now()
            )
    guarded = web.settings.token or web.settings.team
    response = RedirectResponse("/login" if guarded else "/", 303)
    response.delete_cookie(
        security.SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response
