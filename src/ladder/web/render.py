"""Pages: the Jinja2 environment, its filters, and the helpers that turn a template into a response.

Every value is escaped by the template engine (autoescape is on for every template). Text that
is written as Markdown (an entry's body, 1:1 notes) goes through ``markdown-it`` with raw HTML
off and then through ``nh3`` with a short allow-list, so no script or handler survives. Links
are shown only when they are ``http``, ``https`` or ``mailto``.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from ladder.web import security
from ladder.web.words import for_web

if TYPE_CHECKING:
    import jinja2
    from starlette.requests import Request
    from starlette.responses import HTMLResponse

    from ladder.workspace import Workspace

#: The main navigation: (path, label).
NAV = (
    ("/", "Dashboard"),
    ("/evidence", "Evidence"),
    ("/assess", "Assessment"),
    ("/goals", "Goals"),
    ("/mentorship", "1:1s"),
    ("/reviews", "Review lens"),
    ("/packet", "Packet"),
)

#: What a page says after a form did its work (``?done=CODE``): no user text in URLs.
NOTICES = {
    "logged": "Captured. ladder mapped it onto the ladder; check the areas below.",
    "saved": "Saved.",
    "tagged": "Your decision is recorded; ladder will keep it.",
    "mapped": "Mapped again.",
    "deleted": "Deleted. You can restore it from the deleted entries.",
    "restored": "Restored.",
    "rated": "Ratings saved.",
    "goal": "Goal saved.",
    "goals": "Goals added for this month.",
    "checkin": "Check-in saved.",
    "oneonone": "1:1 notes saved.",
    "mentee": "Mentee saved.",
    "ended": "Mentoring ended: 1:1s with them from now on do not count as mentoring.",
    "action": "Action closed.",
    "shared": "Shared: its notes may now appear in its evidence and in packets.",
    "private": "Private again: its notes stay in this 1:1.",
    "removed": "1:1 deleted, with its action items.",
    "asked": "Asked: each colleague finds the request on their Feedback page.",
    "answered": "Answer sent, in your name.",
    "mentor": "Saved: your mentor reads what you ticked, and nothing else of yours.",
    "unshared": "Stopped: they read nothing of yours any more.",
}

STATUS_LABELS = {
    "gap": "Gap",
    "emerging": "Emerging",
    "meeting": "Meeting",
    "exceeding": "Exceeding",
}

_SAFE_SCHEMES = ("http", "https", "mailto")
_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "blockquote", "a",
    "h3", "h4", "h5", "h6", "hr", "del", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def safe_href(url: object) -> str | None:
    """``url`` if it is an http(s) or mailto link, else None (``javascript:`` never links)."""
    if not isinstance(url, str):
        return None
    value = url.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() in _SAFE_SCHEMES and (parts.netloc or parts.scheme == "mailto"):
        return value
    return None


_markdown: Any = None


def markdown(text: str | None) -> str:
    """Markdown as sanitised HTML (raw HTML in the source is shown as text, then cleaned)."""
    global _markdown
    if not text:
        return ""
    import nh3
    from markdown_it import MarkdownIt

    if _markdown is None:
        _markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    rendered = _markdown.render(text)
    return nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes=set(_SAFE_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )


def clip(text: str | None, n: int = 140) -> str:
    """One line of at most ``n`` characters."""
    line = " ".join((text or "").split())
    return line if len(line) <= n else line[: n - 1].rstrip() + "…"


def day(value: str | None) -> str:
    """``2026-11-24`` → ``24 Nov 2026`` (unchanged when it is not a date)."""
    if not value:
        return ""
    try:
        d = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{d.day} {d:%b %Y}"


def percent(value: float | None) -> str:
    """0.42 → ``42%``."""
    return "" if value is None else f"{round(value * 100)}%"


def environment() -> jinja2.Environment:
    """The template environment of one app (templates are compiled once, then reused)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("ladder.web", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        markdown=lambda t: _markup(markdown(t)),
        href=safe_href,
        clip=clip,
        day=day,
        percent=percent,
        web=lambda text: for_web(text),
    )
    env.globals.update(nav=NAV, status_labels=STATUS_LABELS, query=query)
    return env


def _markup(value: str) -> Any:
    from markupsafe import Markup

    return Markup(value)  # sanitised by nh3 in markdown()


def query(base: str, params: dict[str, Any], **changes: Any) -> str:
    """``base`` with ``params`` updated by ``changes`` as its query string (empty values dropped)."""
    merged = {**params, **changes}
    pairs: list[tuple[str, str]] = []
    for key, value in merged.items():
        if value is None or value == "" or value is False:
            continue
        if isinstance(value, list | tuple):
            pairs.extend((key, str(v)) for v in value)
        else:
            pairs.append((key, "1" if value is True else str(value)))
    return base + ("?" + urlencode(pairs) if pairs else "")


def notice_of(params: Mapping[str, str]) -> tuple[str | None, bool]:
    """What a page says after a form did its work (``?done=CODE``), and whether it is bad news.

    A bulk re-tag says how many entries took the decision, how many had it already, and which
    could not take it (``changed``, ``same``, ``failed`` and ``more``: numbers only).
    """
    done = params.get("done") or ""
    if done != "bulk":
        return NOTICES.get(done), False

    def number(name: str) -> int:
        value = params.get(name) or ""
        return int(value) if value.isdigit() and len(value) < 10 else 0

    changed, same, more = number("changed"), number("same"), number("more")
    failed = [w for w in (params.get("failed") or "").split(",") if w.isdigit() and len(w) < 40]
    parts = []
    if changed:
        parts.append(f"Re-tagged {_entries(changed)}.")
    if same:
        parts.append(f"{_entries(same).capitalize()} had this decision already.")
    if failed:
        ids = ", ".join(f"#{i}" for i in failed) + (f" and {more} more" if more else "")
        parts.append(f"Not re-tagged: {ids} (no such entry, or deleted).")
    if not changed and not same:
        parts.insert(0, "Nothing was re-tagged.")
    return " ".join(parts), bool(failed)


def _entries(n: int) -> str:
    return f"{n} entr{'y' if n == 1 else 'ies'}"


#: Stands for the CSRF token in a rendered page that is kept in the cache; each response gets
#: its own browser's token in its place.
CSRF_SLOT = "csrf-slot-0c7e5a9d41b2"


def render_text(
    request: Request,
    template: str,
    *,
    ws: Workspace | None = None,
    **context: Any,
) -> str:
    """A page as text, with :data:`CSRF_SLOT` where the CSRF token goes (see :func:`respond`)."""
    web = request.app.state.web
    notice, alarming = notice_of(request.query_params)
    me = context.pop("me", None)
    if me is None and ws is not None:
        me = ws.profile()
    values = {
        "path": request.url.path,
        "csrf": CSRF_SLOT,
        "csrf_field": security.CSRF_FIELD,
        "notice": notice,
        "notice_alert": alarming,
        "me": me,
        "login": bool(web.settings.token or web.settings.team),
        "team": bool(web.settings.team),
        "nav": _nav(request),
        "error": None,
        **context,
    }
    text: str = request.app.state.templates.get_template(template).render(values)
    return text


def _nav(request: Request) -> tuple[tuple[str, str], ...]:
    """The main navigation; on a team server everyone also gets peer feedback, sharing with
    a mentor and the team page, and a manager the calibration view."""
    from ladder.web.deps import actor_of

    actor = actor_of(request)
    if actor is None:
        return NAV
    team = (*NAV, ("/feedback", "Feedback"), ("/sharing", "Sharing"), ("/team", "Team"))
    if "manager" in actor.roles:
        return (*team, ("/team/calibration", "Calibration"))
    return team


def respond(request: Request, text: str, *, status: int = 200) -> HTMLResponse:
    """The response for a rendered page: this browser's CSRF token in it (and its cookie)."""
    from starlette.responses import HTMLResponse

    web = request.app.state.web
    cookie = request.cookies.get(security.CSRF_COOKIE)
    fresh = None
    if not cookie or len(cookie) > 64:
        cookie = fresh = security.new_csrf_cookie()
    body = text.replace(CSRF_SLOT, security.csrf_token(web, cookie))
    response = HTMLResponse(body, status_code=status)
    if fresh:
        response.set_cookie(security.CSRF_COOKIE, fresh, httponly=True, samesite="strict", path="/")
    return response


def page(
    request: Request,
    template: str,
    *,
    ws: Workspace | None = None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render a page: the layout's context (profile, navigation, CSRF token) plus ``context``."""
    return respond(request, render_text(request, template, ws=ws, **context), status=status)


async def cached_page(
    request: Request,
    build: Callable[[Workspace], tuple[str, int]],
    *,
    stamp: Callable[[Request, Workspace], Hashable] | None = None,
) -> HTMLResponse:
    """A page from the cache when nothing changed, else built in a worker thread and kept.

    The pages people open most (the dashboard, the evidence list) answer from here: the key is
    the path and the query; a write through the app, or the cache's ttl, makes them fresh.

    Args:
        request: The request.
        build: Renders the page (:func:`render_text`) with a workspace from the pool and
            returns it with its status; only a 200 is kept.
        stamp: For a page built only from the person's own data, the ladder and the day: what
            names their versions (:func:`ladder.web.deps.data_stamp`). The page is then kept
            under it for as long as it is asked for — every write, wherever it comes from,
            gives a new stamp — instead of for the ttl.
    """
    from starlette.concurrency import run_in_threadpool

    from ladder.web.deps import person_of

    web = request.app.state.web
    who = person_of(request)
    key = ("page", who, request.url.path, request.url.query)

    def ok(value: tuple[str, int]) -> bool:
        return value[1] == 200

    if stamp is not None:

        def versioned() -> tuple[str, int]:
            with web.workspace_for(who) as ws:
                mark = stamp(request, ws)
                return web.cache.get(  # type: ignore[no-any-return]
                    (*key, mark), lambda: build(ws), keep=ok, versioned=True
                )

        text, status = await run_in_threadpool(versioned)
        return respond(request, text, status=status)
    hit = web.cache.peek(key)
    if hit is not None:
        return respond(request, hit[0], status=hit[1])

    def compute() -> tuple[str, int]:
        with web.workspace_for(who) as ws:
            return build(ws)

    text, status = await run_in_threadpool(lambda: web.cache.get(key, compute, keep=ok))
    return respond(request, text, status=status)


def error_page(
    request: Request, status: int, title: str, detail: str | None, *, hint: str | None = None
) -> HTMLResponse:
    """An error as a page of the app (the layout, the message, the hint, a way back)."""
    try:
        return page(request, "error.html", status=status, title=title, detail=detail, hint=hint)
    except Exception:  # the layout itself failed: say it plainly
        from starlette.responses import HTMLResponse

        return HTMLResponse(plain_page(title, detail or ""), status_code=status)


def plain_page(title: str, detail: str) -> str:
    """A minimal page for the security layer (no templates, no data)."""
    t, d = html.escape(title), html.escape(detail)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{t} · ladder</title><link rel="stylesheet" href="/static/app.css">'
        '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"></head>'
        f'<body><main class="narrow"><div class="card"><h1>{t}</h1><p>{d}</p></div></main>'
        "</body></html>"
    )


__all__ = [
    "CSRF_SLOT",
    "NAV",
    "NOTICES",
    "cached_page",
    "environment",
    "error_page",
    "markdown",
    "notice_of",
    "page",
    "render_text",
    "respond",
    "safe_href",
]
