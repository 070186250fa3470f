"""Safety of the web app: where it may listen, who may use it, and forms no other site can post.

- **Binding.** Loopback by default. On any other address the app refuses to start without a
  token (``LADDER_WEB_TOKEN``, at least 16 characters): a work log is private.
- **The token.** With one set, every request needs it: ``Authorization: Bearer TOKEN`` for
  scripts, or the login page, which sets an HttpOnly, SameSite=Strict cookie holding a random
  session id (one per login, kept in memory, 12 hours at most, ended by logging out).
  The token is compared in constant time and never logged, echoed or stored.
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
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from ladder.errors import InputError

if TYPE_CHECKING:
    from starlette.requests import Request

    from ladder.web.app import Web

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


def check_bind(host: str, token: str | None) -> None:
    """Refuse to serve anywhere but loopback without a token.

    Raises:
        InputError: ``host`` is not loopback and there is no token, or it is too short.
    """
    from ladder.web.app import ENV_TOKEN, MIN_TOKEN

    if is_loopback(host):
        return
    hint = (
        f"set {ENV_TOKEN} to a long random secret, e.g. "
        f"export {ENV_TOKEN}=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))'), "
        "or keep the default --host 127.0.0.1"
    )
    if not token:
        raise InputError(
            f"refusing to serve on {host} without a token: anyone who can reach it could read "
            "and change your work log",
            hint=hint,
        )
    if len(token) < MIN_TOKEN:
        raise InputError(
            f"refusing to serve on {host}: {ENV_TOKEN} is shorter than {MIN_TOKEN} characters",
            hint=hint,
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
    """

    def __init__(self, lifetime: float = SESSION_SECONDS, size: int = 256) -> None:
        self.lifetime = lifetime
        self.size = size
        self._expires: dict[str, float] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(session_id: str) -> str:
        return hashlib.sha256(session_id.encode()).hexdigest()

    def new(self) -> str:
        """Start a session: its id, for the cookie."""
        session_id = secrets.token_urlsafe(32)
        now = time.time()
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
            if until is not None and until <= time.time():
                del self._expires[key]
                until = None
        return until is not None

    def end(self, session_id: str | None) -> None:
        """End a session (log out)."""
        if session_id:
            with self._lock:
                self._expires.pop(self._key(session_id), None)


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
        if not settings.token and host not in self.hosts:
            return refusal(
                400,
                "Unknown host",
                "this server answers only to its own address; open it at "
                f"http://{settings.host}:{settings.port}/",
                api=api,
            )
        if settings.token and not self._authorised(headers) and not path.startswith(_OPEN_PATHS):
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
            if api and method != "DELETE":
                kind = headers.get("content-type", "").split(";")[0].strip().lower()
                if kind != "application/json":
                    return refusal(
                        415,
                        "Send JSON",
                        "API writes take a JSON body with Content-Type: application/json",
                        api=True,
                    )
        return None

    def _authorised(self, headers: dict[str, str]) -> bool:
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            return token_matches(self.web, auth[7:].strip())
        return self.web.sessions.valid(_cookie(headers.get("cookie", ""), SESSION_COOKIE))


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
    "SESSION_COOKIE",
    "SESSION_SECONDS",
    "Guard",
    "Sessions",
    "check_bind",
    "csrf_ok",
    "csrf_token",
    "is_loopback",
    "new_csrf_cookie",
    "safe_next",
    "token_matches",
]
