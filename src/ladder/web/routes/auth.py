"""The login page, for a server started with ``LADDER_WEB_TOKEN`` (the token is the password)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from ladder.web import security
from ladder.web.deps import Form, field, web_of
from ladder.web.render import page

pages = APIRouter(include_in_schema=False)


@pages.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for this on their own; the icon is an SVG."""
    return RedirectResponse("/static/favicon.svg", status_code=301)


@pages.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    """Ask for the token (only when the server has one)."""
    if not web_of(request).settings.token:
        return RedirectResponse("/", status_code=303)
    return page(
        request, "login.html", me=False, next=security.safe_next(next), failed=False, wait=0
    )


@pages.post("/login")
def login(request: Request, form: Form) -> Response:
    """Check the token and start a session: a random id in an HttpOnly, SameSite=Strict cookie
    that lasts 12 hours at most. Too many wrong tokens from one address: a 429 that says how
    long to wait (``Retry-After``), right token or not."""
    web = web_of(request)
    target = security.safe_next(field(form, "next"))
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
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        security.SESSION_COOKIE,
        web.sessions.new(),
        max_age=security.SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


def _locked(request: Request, target: str, wait: int) -> Response:
    response = page(
        request, "login.html", me=False, status=429, next=target, failed=True, wait=wait
    )
    response.headers["retry-after"] = str(wait)
    return response


@pages.post("/logout")
def logout(request: Request, form: Form) -> Response:
    """End the session: its id stops working at once, here and in any copy of the cookie."""
    web = web_of(request)
    web.sessions.end(request.cookies.get(security.SESSION_COOKIE))
    response = RedirectResponse("/login" if web.settings.token else "/", 303)
    response.delete_cookie(
        security.SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response
