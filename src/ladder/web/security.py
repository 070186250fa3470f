"""Safety of the web app: where it may listen, who may use it, and forms no other site can post.

- **Binding.** Loopback by default. On any other address the app refuses to start without a
  token (``LADDER_WEB_TOKEN``): a work log is private.
- **The token.** It must be hard to guess: :func:`check_token` estimates how many guesses it
  takes (zxcvbn, which sees repeats, sequences, keyboard walks, words and dates) and refuses
  fewer than :data:`TOKEN_GUESSES`; a random one
  (``python3 -c 'import secrets; print(secrets.token_urlsafe(32))'``) is far above that. With
  one set, every request needs it: ``Authorization: Bearer TOKEN`` for scripts, or the login
  page, which sets an HttpOnly, SameSite=Strict cookie holding a random session id (one per
  login, kept in memory, 12 hours at most, ended by logging out). The token is compared in
  constant time and never logged, echoed or stored.
- **Guessing.** Wrong tokens are counted per client address (an IPv6 client by its /64
  network): after :data:`FREE_FAILURES` of them, each further one locks that client out of
  token attempts for twice as long as the one before (1 s, 2 s, 4 s … up to 15 minutes);
  while locked, a token attempt (right or wrong) is answered 429 with ``Retry-After``. A
  right token clears the count; so do 15 minutes without a wrong one. Logged-in browsers
  keep working throughout. See :class:`Throttle`. A team server counts the same way, for API
  tokens and for passwords (per address and per email), in its database
  (:class:`ladder.team.throttle.StoredThrottle`), so every ``--workers`` process sees the same
  counts; every refused API token is in its audit trail, a bounded number a minute.
- **Hosts.** Without a token, only loopback host names (and :attr:`Settings.allowed_hosts`)
  are answered, so a web page cannot reach the app through DNS rebinding.
- **CSRF.** Every form carries a token that is an HMAC of a per-browser cookie under the
  app's secret (signed double submit); unsafe requests whose ``Origin`` is another site are
  refused; API writes must send JSON, which another site cannot send without CORS (never
  enabled here).
- **Headers.** A strict Content-Security-Policy (scripts, styles and images from this origin
  only), ``nosniff``, no framing, no referrer to other sites.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import secrets
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from ladder.clock import SYSTEM, Clock
from ladder.errors import InputError
from ladder.team.throttle import (
    FIRST_WAIT,
    FORGET_AFTER,
    FREE_FAILURES,
    LONGEST_WAIT,
    wait_after,
)

if TYPE_CHECKING:
    from starlette.requests import Request

    from ladder.team.accounts import Actor
    from ladder.web.app import Web

#: Where the Guard puts who a team server's request acts as (read by ladder.web.deps).
ACTOR_KEY = "ladder.actor"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_COOKIE = "ladder_csrf"
CSRF_FIELD = "csrf"
SESSION_COOKIE = "ladder_session"
#: How long a login lasts (the cookie's Max-Age and the server's own limit): 12 hours.
SESSION_SECONDS = 12 * 3600
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_OPEN_PATHS = ("/login", "/static/", "/favicon.ico")
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" makes browsers send `Origin: null`
    (b"cross-origin-opener-policy", b"same-origin"),
]
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.1``, ``::1``)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


#: A token must take at least this many guesses (zxcvbn's estimate; 10**12 is about 40 bits
#: of a guesser who knows every common pattern). A random token of 12 or more URL-safe
#: characters is well above it.
TOKEN_GUESSES = 10**12
#: How much of a token :func:`check_token` measures (zxcvbn's own bound: longer input is slow).
TOKEN_MEASURED = 72
#: How to make a good token, for messages and docs.
MAKE_TOKEN = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


#: What zxcvbn's patterns are called in a refusal (in our words: its own warnings quote
#: examples such as "abc", which read as if the token were shown).
_PATTERNS = {
    "dictionary": "common words or passwords",
    "spatial": "keyboard patterns",
    "repeat": "repeats",
    "sequence": "runs of consecutive characters",
    "regex": "recent years",
    "date": "dates",
}


def token_problem(token: str) -> str | None:
    """Why ``token`` is too easy to guess, or None when it is strong enough.

    The estimate is zxcvbn's: it finds repeats (``aaaa…``), sequences (``abcd…``, ``1234…``),
    keyboard walks, dictionary words and dates, and counts the guesses a guesser who knows them
    needs. The reason never contains the token.
    """
    from zxcvbn import zxcvbn

    result = zxcvbn(token[:TOKEN_MEASURED])
    if float(result["guesses"]) >= TOKEN_GUESSES:
        return None
    kinds = dict.fromkeys(
        _PATTERNS[m["pattern"]] for m in result["sequence"] if m["pattern"] in _PATTERNS
    )
    made = f"it relies on {' and '.join(kinds)}" if kinds else "it has too few characters"
    return (
        f"{made}, so about 10^{max(0, math.floor(result['guesses_log10']))} guesses find it; "
        f"ladder asks for at least 10^{round(math.log10(TOKEN_GUESSES))}"
    )


def check_token(token: str) -> None:
    """Refuse a token that is easy to guess (see :func:`token_problem`).

    Raises:
        InputError: It is; the message says why without showing it, the hint how to make one.
    """
    from ladder.web.app import ENV_TOKEN

    problem = token_problem(token)
    if problem:
        raise InputError(
            f"{ENV_TOKEN} is too easy to guess: {problem}",
            hint=f"make a random one: export {ENV_TOKEN}=$({MAKE_TOKEN})",
        )


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve anywhere but loopback without a token, and with a weak token anywhere.

    Raises:
        InputError: ``host`` is not loopback and there is no token, or the token is easy
            to guess (:func:`check_token`).
    """
    from ladder.web.app import ENV_TOKEN

    if token:
        check_token(token)
        return
    if is_loopback(host):
        return
    raise InputError(
        f"refusing to serve on {host} without a token: anyone who can reach it could read "
        "and change your work log",
        hint=(
            f"set {ENV_TOKEN} to a random secret: export {ENV_TOKEN}=$({MAKE_TOKEN}), "
            "or keep the default --host 127.0.0.1"
        ),
    )


def _sign(secret: bytes, purpose: str, value: str) -> str:
    return hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


class Sessions:
    """The logged-in browsers: a random id per login, kept in memory until it expires.

    Logging out drops the id, so the cookie stops working at once; a restart drops them all.
    Only a hash of each id is kept.

    Args:
        lifetime: Seconds a login lasts.
        size: Logins kept at most (the oldest go first).
        clock: Where the time comes from (tests move a fixed one on).
    """

    def __init__(
        self, lifetime: float = SESSION_SECONDS, size: int = 256, *, clock: Clock = SYSTEM
    ) -> None:
        self.lifetime = lifetime
        self.size = size
        self.clock = clock
        self._expires: dict[str, float] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(session_id: str) -> str:
        return hashlib.sha256(session_id.encode()).hexdigest()

    def new(self) -> str:
        """Start a session: its id, for the cookie."""
        session_id = secrets.token_urlsafe(32)
        now = self.clock.now().timestamp()
        with self._lock:
            for key in [k for k, until in self._expires.items() if until <= now]:
                del self._expires[key]
            while len(self._expires) >= self.size:
                del self._expires[min(self._expires, key=self._expires.__getitem__)]
            self._expires[self._key(session_id)] = now + self.lifetime
        return session_id

    def valid(self, session_id: str | None) -> bool:
        """Whether ``session_id`` is a live session."""
        if not session_id or len(session_id) > 128:
            return False
        key = self._key(session_id)
        with self._lock:
            until = self._expires.get(key)
            if until is not None and until <= self.clock.now().timestamp():
                del self._expires[key]
                until = None
        return until is not None

    def end(self, session_id: str | None) -> None:
        """End a session (log out)."""
        if session_id:
            with self._lock:
                self._expires.pop(self._key(session_id), None)


# How many wrong tokens a client may send before it waits, and for how long (FREE_FAILURES,
# FIRST_WAIT, LONGEST_WAIT, FORGET_AFTER): the rule is ladder.team.throttle's, which keeps the
# counts of a team server in its database.


@dataclass
class _Failures:
    count: int  # wrong tokens in a row
    until: float  # when the wait ends (the time of the last wrong token if there is none)


class Throttle:
    """Wrong-token counts per client, and how long each must wait before trying again.

    A client (:func:`client_key`: its address, an IPv6 one by /64 network) may send
    ``free`` wrong tokens; each one after that locks it out of token attempts for
    ``first`` seconds, doubling, up to ``longest``. A right token, or ``forget`` seconds
    without a wrong one after its wait is over, starts its count again. At most ``size`` clients are remembered
    (those whose last wrong token is oldest are forgotten first), so memory stays bounded.

    Args:
        clock: Where the time comes from (tests move a fixed one on).
    """

    def __init__(
        self,
        *,
        clock: Clock = SYSTEM,
        free: int = FREE_FAILURES,
        first: float = FIRST_WAIT,
        longest: float = LONGEST_WAIT,
        forget: float = FORGET_AFTER,
        size: int = 4096,
    ) -> None:
        self.clock = clock
        self.free = free
        self.first = first
        self.longest = longest
        self.forget = forget
        self.size = size
        self._clients: dict[str, _Failures] = {}
        self._lock = threading.Lock()

    def _now(self) -> float:
        return self.clock.now().timestamp()

    def wait(self, client: str) -> int:
        """Whole seconds ``client`` must wait before its next token attempt (0: it may try)."""
        now = self._now()
        with self._lock:
            seen = self._clients.get(client)
            if seen is None:
                return 0
            if now >= seen.until + self.forget:
                del self._clients[client]
                return 0
            return max(0, math.ceil(seen.until - now))

    def failed(self, client: str) -> int:
        """Count a wrong token from ``client``; the seconds it must now wait (0: none yet)."""
        now = self._now()
        with self._lock:
            seen = self._clients.pop(client, None)  # re-inserted last: the dict stays in age order
            if seen is None or now >= seen.until + self.forget:
                seen = _Failures(0, now)
            seen.count += 1
            waits = wait_after(seen.count, free=self.free, first=self.first, longest=self.longest)
            seen.until = max(seen.until, now + waits)
            self._clients[client] = seen
            while len(self._clients) > self.size:
                del self._clients[next(iter(self._clients))]
            return max(0, math.ceil(seen.until - now))

    def succeeded(self, client: str) -> None:
        """A right token from ``client``: its count starts again."""
        with self._lock:
            self._clients.pop(client, None)


def client_key(scope: Scope) -> str:
    """Who is trying a token: the client's address, an IPv6 one by its /64 network (one
    machine usually holds a whole /64). Behind a reverse proxy every client shares the
    proxy's address, so they share one count."""
    client = scope.get("client")
    host = str(client[0]) if client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def too_many(wait: int) -> str:
    """What a locked-out client is told."""
    return (
        f"too many wrong tokens from your address: wait {wait} second{'s' if wait != 1 else ''} "
        "before trying again"
    )


def token_matches(web: Web, given: str) -> bool:
    """Whether ``given`` is the token (constant-time)."""
    token = web.settings.token
    return bool(token) and hmac.compare_digest(given.encode(), (token or "").encode())


def new_csrf_cookie() -> str:
    """A fresh per-browser CSRF cookie value."""
    return secrets.token_urlsafe(24)


def csrf_token(web: Web, cookie: str) -> str:
    """The form token that goes with a browser's CSRF cookie."""
    return _sign(web.secret, "csrf", cookie)


def csrf_ok(web: Web, request: Request, given: str | None) -> bool:
    """Whether a form's token matches the browser's CSRF cookie."""
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not given:
        return False
    return hmac.compare_digest(given.encode(), csrf_token(web, cookie).encode())


def safe_next(target: str | None) -> str:
    """A local path to go to after logging in (anything else becomes ``/``)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


class Guard:
    """ASGI middleware: host check, the token, cross-site writes, security headers.

    It also tells the cache that the workspace changed when a write succeeds (before the
    response leaves, so the next read is fresh).
    """

    def __init__(self, app: ASGIApp, web: Web) -> None:
        self.app = app
        self.web = web
        settings = web.settings
        self.hosts = {"localhost", "127.0.0.1", "[::1]", "::1", *settings.allowed_hosts}
        self.hosts.add(settings.host.lower())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        path: str = scope["path"]
        method: str = scope["method"]
        api = path.startswith("/api/")
        if self.web.settings.team and not path.startswith(_OPEN_PATHS):
            locked = self._locked_out(scope, headers, api)
            if locked is not None:
                await locked(scope, receive, _secure(send, path))
                return
            from starlette.concurrency import run_in_threadpool

            scope[ACTOR_KEY] = await run_in_threadpool(self._team_actor, scope, headers)
        refusal = self._refusal(scope, headers, path, method, api)
        if refusal is not None:
            await refusal(scope, receive, _secure(send, path))
            return
        cache = self.web.cache
        outer = _secure(send, path)
        if method not in UNSAFE:
            await self.app(scope, receive, outer)
            return

        async def send_after_write(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 500:
                cache.bump()
            await outer(message)

        await self.app(scope, receive, send_after_write)

    def _refusal(
        self, scope: Scope, headers: dict[str, str], path: str, method: str, api: bool
    ) -> ASGIApp | None:
        from ladder.web.problems import refusal

        settings = self.web.settings
        host = _host_name(headers.get("host", ""))
        guarded = bool(settings.token) or settings.team
        if not guarded and host not in self.hosts:
            return refusal(
                400,
                "Unknown host",
                "this server answers only to its own address; open it at "
                f"http://{settings.host}:{settings.port}/",
                api=api,
            )
        if settings.token and not settings.team and not path.startswith(_OPEN_PATHS):
            locked = self._locked_out(scope, headers, api)
            if locked is not None:
                return locked
        if guarded and not self._authorised(scope, headers) and not path.startswith(_OPEN_PATHS):
            if api or method != "GET":
                return refusal(
                    401,
                    "Login needed",
                    "send the token as `Authorization: Bearer TOKEN`, or log in at /login",
                    api=True,
                    headers={"www-authenticate": 'Bearer realm="ladder"'},
                )
            query = scope.get("query_string", b"").decode("latin-1")
            nxt = path + (f"?{query}" if query else "")
            return _redirect("/login?next=" + quote(nxt, safe=""))
        actor = scope.get(ACTOR_KEY)
        if actor is not None and method in UNSAFE and actor.scope != "write":
            return refusal(
                403,
                "Read-only token",
                "this token may only read; a token made with --scope write may change data",
                api=api,
            )
        if "\x00" in path:
            return refusal(400, "Bad input", "the address contains a NUL character", api=api)
        query = scope.get("query_string", b"")
        if b"%00" in query or b"\x00" in query:
            return refusal(
                400, "Bad input", f"{_nul_name(query)} contains a NUL character", api=api
            )
        if method in UNSAFE:
            origin = headers.get("origin")
            if (
                origin
                and origin != "null"  # opaque origins are left to the CSRF token
                and urlsplit(origin).netloc.lower() != headers.get("host", "").lower()
            ):
                return refusal(
                    403,
                    "Cross-site request refused",
                    "this request came from another site (or another port of this one)",
                    api=api,
                )
            if api and method != "DELETE" and takes(scope):
                kind = headers.get("content-type", "").split(";")[0].strip().lower()
                if kind != "application/json":
                    return refusal(
                        415,
                        "Send JSON",
                        "API writes take a JSON body with Content-Type: application/json",
                        api=True,
                    )
        return None

    def _locked_out(self, scope: Scope, headers: dict[str, str], api: bool) -> ASGIApp | None:
        """The 429 for a token attempt from a client that must wait, else None."""
        from ladder.web.problems import refusal

        if _bearer(headers) is None:
            return None  # a session cookie is not a guess at the token
        wait = self.web.throttle.wait(client_key(scope))
        if not wait:
            return None
        if self.web.settings.team:  # not checked: counted, not written one by one
            self.web.failed_tokens.skip(self.web.clock.now())
        return refusal(
            429, "Too many attempts", too_many(wait), api=api, headers={"retry-after": str(wait)}
        )

    def _team_actor(self, scope: Scope, headers: dict[str, str]) -> Actor | None:
        """Who a team server's request acts as: the owner of a live API token (counted by the
        throttle, and written to the audit trail within its budget, when it is not one) or of
        a live session; None for nobody."""
        from ladder.team import accounts

        given = _bearer(headers)
        now = self.web.clock.now()
        with self.web.pool.workspace() as ws:
            if given is None:
                cookie = _cookie(headers.get("cookie", ""), SESSION_COOKIE)
                return accounts.session_actor(ws.store, cookie, now=now)
            actor = accounts.authenticate_token(ws.store, given, now=now)
            if actor is None:
                written, skipped, since = self.web.failed_tokens.take(now)
                if written:
                    client = scope.get("client")
                    accounts.failed_token(
                        ws.store,
                        given,
                        address=str(client[0]) if client else "",
                        now=now,
                        skipped=skipped,
                        since=since,
                    )
        client = client_key(scope)
        if actor is None:
            self.web.throttle.failed(client)
        else:
            self.web.throttle.succeeded(client)
        return actor

    def _authorised(self, scope: Scope, headers: dict[str, str]) -> bool:
        if self.web.settings.team:
            return scope.get(ACTOR_KEY) is not None
        given = _bearer(headers)
        if given is None:
            return self.web.sessions.valid(_cookie(headers.get("cookie", ""), SESSION_COOKIE))
        client = client_key(scope)
        if token_matches(self.web, given):
            self.web.throttle.succeeded(client)
            return True
        self.web.throttle.failed(client)
        return False


def _bearer(headers: dict[str, str]) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None when there is none."""
    auth = headers.get("authorization", "")
    return auth[7:].strip() if auth[:7].lower() == "bearer " else None


def takes(scope: Scope) -> bool:
    """Whether a route of the app takes this request's method at its path (else the app
    answers 404 or 405 itself, and nothing else about the request matters)."""
    from starlette.routing import Match

    app = scope.get("app")
    router = getattr(app, "router", None)
    return any(route.matches(scope)[0] == Match.FULL for route in getattr(router, "routes", ()))


def allowed_methods(scope: Scope) -> list[str]:
    """Every method some route of the app takes at this request's path, for ``Allow``.

    Each method is tried on the router as it stands (Starlette's own 405 names only the
    methods of the first route whose path matches).
    """
    return [m for m in _METHODS if takes({**scope, "method": m})]


_METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _nul_name(query: bytes) -> str:
    """The name of the first query parameter with a NUL character in it."""
    from urllib.parse import parse_qsl

    for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if "\x00" in value or "\x00" in key:
            clean = key.replace("\x00", "")
            if clean == "q":
                return "the search"
            return clean if clean.isidentifier() else "the address"
    return "the address"


def _host_name(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def _secure(send: Send, path: str) -> Send:
    async def with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {k.lower() for k, _ in headers}
            headers.extend((k, v) for k, v in _HEADERS if k not in present)
            kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
            if kind.startswith(b"text/html"):
                if b"content-security-policy" not in present:  # a route may set a stricter one
                    headers.append((b"content-security-policy", CSP.encode()))
                headers.append((b"cache-control", b"no-store"))
            message["headers"] = headers
        await send(message)

    return with_headers


def _redirect(location: str) -> ASGIApp:
    async def respond(scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [(b"location", location.encode()), (b"content-length", b"0")],
            }
        )
        await send({"type": "http.response.body", "body": b""})

    return respond


__all__ = [
    "CSP",
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "MAKE_TOKEN",
    "SESSION_COOKIE",
    "SESSION_SECONDS",
    "TOKEN_GUESSES",
    "Guard",
    "Sessions",
    "Throttle",
    "allowed_methods",
    "check_bind",
    "check_token",
    "client_key",
    "csrf_ok",
    "csrf_token",
    "is_loopback",
    "new_csrf_cookie",
    "safe_next",
    "takes",
    "token_matches",
    "token_problem",
    "too_many",
]
