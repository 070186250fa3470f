"""The one HTTP client of the GitHub source: authentication, retries and rate limits.

Every request goes through :meth:`Client.request`, which

- retries a dropped connection, a timeout or a 5xx answer a few times with a growing pause,
  then stops with :class:`Unreachable`;
- waits out a primary rate limit (``x-ratelimit-remaining: 0`` with ``x-ratelimit-reset``, or
  a GraphQL ``RATE_LIMITED`` error) when the reset is at most ``max_wait`` seconds away, else
  stops with :class:`RateLimited` saying when to resume;
- backs off as a secondary rate limit asks (``retry-after``, else a minute);
- turns 401 into :class:`TokenRejected`.

Pauses are multiplied by ``scale`` (``$LADDER_HTTP_BACKOFF_SCALE``) so tests need not sleep.
Messages never contain the token: each one passes through :meth:`Token.redact`.
"""

from __future__ import annotations

import datetime as dt
import math
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from ladder import __version__
from ladder.errors import InputError, LadderError, NotFoundError
from ladder.sources.github.config import Endpoints, Token

TRIES = 3  # attempts per request when the network or the server fails
MAX_RATE_WAITS = 5  # rate-limit pauses in a row before giving up on one request
SCOPES_HINT = (
    "a classic token needs the `repo` scope (`public_repo` if all your work is public; add "
    "`read:org` if GitHub asks for organisation access); a fine-grained token needs read-only "
    "Pull requests, Issues and Metadata on the repositories; in an organisation with single "
    "sign-on, also authorise the token for it"
)
RESUME = "what was harvested so far is kept; run the same command again to resume"


class GitHubError(LadderError):
    """GitHub could not be read; batches written before it stay, and the next run resumes."""


class TokenRejected(GitHubError):
    """GitHub answered 401: the token is wrong, expired or revoked."""


class AccessDenied(GitHubError):
    """GitHub answered 403 without a rate limit: the token lacks a scope or permission."""


class RateLimited(GitHubError):
    """A rate limit that resets later than ``max_wait`` allows to wait."""


class Unreachable(GitHubError):
    """The network or GitHub failed on every try."""


class UserNotFound(NotFoundError):
    """No GitHub user has this login (or the token cannot see them)."""


class GraphQLUnavailable(Exception):
    """The GraphQL API cannot answer our queries here; the REST search API may.

    Args:
        reason: Why, for a person (never the token).
        scopes: True when GitHub said the token lacks a scope.
    """

    def __init__(self, reason: str, *, scopes: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.scopes = scopes


@dataclass
class Page:
    """A REST answer: the JSON and the URL of the next page (from the ``Link`` header)."""

    data: Any
    next_url: str | None
    status: int


@dataclass
class _Limit:
    kind: str  # "primary" or "secondary"
    wait: float  # seconds
    reset: float | None  # epoch seconds of the reset (primary)


class Client:
    """An authenticated client for one GitHub (github.com or an Enterprise server).

    Args:
        endpoints: The REST and GraphQL URLs.
        token: The token (sent as ``Authorization: Bearer``; never shown).
        env: The environment: proxies (``HTTPS_PROXY``, ``NO_PROXY``) and ``SSL_CERT_FILE``.
        max_wait: The longest rate-limit reset to wait for, in seconds.
        scale: Multiplies every pause (tests use a tiny value).
        progress: ``progress(description, completed, total)``.
        sleep: Pauses (``time.sleep``).
        clock: The current epoch time (``time.time``).
    """

    def __init__(
        self,
        endpoints: Endpoints,
        token: Token,
        *,
        env: Mapping[str, str],
        max_wait: float,
        scale: float = 1.0,
        progress: Callable[[str, float, float | None], None] = lambda *_: None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.endpoints = endpoints
        self.token = token
        self.max_wait = max_wait
        self.scale = scale
        self.progress = progress
        self.sleep = sleep
        self.clock = clock
        self.requests = 0
        self._http = httpx.Client(
            headers={
                "Authorization": f"Bearer {token.secret}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": f"ladder/{__version__} (+https://pypi.org/project/career-ladder/)",
            },
            timeout=httpx.Timeout(30.0, connect=10.0),
            follow_redirects=True,
            trust_env=False,  # the environment comes from the HarvestContext, not os.environ
            **_network_options(endpoints.rest, env),
        )

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the two APIs -------------------------------------------------------------------------
    def graphql(
        self, query: str, variables: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Run a GraphQL query; return its ``data`` and its ``errors`` (partial answers happen).

        Raises:
            GraphQLUnavailable: No GraphQL here, or it refuses this token or this query.
            GitHubError: 401, rate limit too long, network failure.
        """
        url = self.endpoints.graphql
        resp = self.request(
            "POST", url, json_body={"query": query, "variables": dict(variables)}, graphql=True
        )
        status = resp.status_code
        if status == 403:
            raise GraphQLUnavailable(
                f"GitHub refused the GraphQL API (403 {self._message(resp)})", scopes=True
            )
        if status >= 400:
            raise GraphQLUnavailable(f"{url} answered {status} {resp.reason_phrase}".rstrip())
        body = self._json(resp, url)
        if not isinstance(body, dict):
            raise GraphQLUnavailable(f"{url} did not answer like a GraphQL API")
        errors = [e for e in body.get("errors") or [] if isinstance(e, dict)]
        data = body.get("data")
        if not isinstance(data, dict):
            types = {str(e.get("type")) for e in errors}
            reason = (
                "; ".join(self.token.redact(str(e.get("message", ""))) for e in errors) or "no data"
            )
            raise GraphQLUnavailable(
                f"GitHub's GraphQL API answered with errors: {reason}",
                scopes=bool(types & {"INSUFFICIENT_SCOPES", "FORBIDDEN"}),
            )
        return data, errors

    def rest(self, path_or_url: str, params: Mapping[str, str | int] | None = None) -> Page:
        """GET a REST resource (a path under the REST root, or a full URL from a ``Link``).

        404 and 422 are returned for the caller to explain; 403 raises.

        Raises:
            AccessDenied: 403 that is not a rate limit.
            GitHubError: 401, rate limit too long, network failure, an answer that is not JSON.
        """
        url = path_or_url if "://" in path_or_url else self.endpoints.rest + path_or_url
        resp = self.request("GET", url, params=params)
        if resp.status_code == 403:
            raise self.access_denied(resp, urlsplit(url).path)
        if resp.status_code in (404, 410, 422):
            return Page(data=self._json_or_none(resp), next_url=None, status=resp.status_code)
        if resp.status_code >= 400:
            raise GitHubError(
                f"GitHub answered {resp.status_code} {self._message(resp)} for {urlsplit(url).path}"
            )
        next_url = resp.links.get("next", {}).get("url")
        return Page(data=self._json(resp, url), next_url=next_url, status=resp.status_code)

    # -- the retry loop -----------------------------------------------------------------------
    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str | int] | None = None,
        json_body: Any = None,
        graphql: bool = False,
    ) -> httpx.Response:
        """Send one request, retrying failures and waiting out rate limits as GitHub asks."""
        failures = 0
        waits = 0
        where = _where(url)
        while True:
            self.requests += 1
            try:
                resp = self._http.request(method, url, params=params, json=json_body)
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                raise InputError(f"{where} is not a URL ladder can read: {exc}") from None
            except httpx.TransportError as exc:
                failures += 1
                self._retry_or_fail(failures, where, _describe(exc))
                continue
            if resp.status_code in (500, 502, 503, 504):
                failures += 1
                self._retry_or_fail(
                    failures, where, f"{resp.status_code} {resp.reason_phrase}".rstrip()
                )
                continue
            limit = self._rate_limit(resp, graphql)
            if limit is not None:
                waits += 1
                self._wait(limit, waits)
                continue
            if resp.status_code == 401:
                raise TokenRejected(
                    f"GitHub rejected the token (401 {self._message(resp)}): {self.token} has "
                    "expired, was revoked, or belongs to another GitHub server; nothing more was "
                    "written",
                    hint="create a new token and set it again: " + SCOPES_HINT,
                )
            return resp

    def _retry_or_fail(self, failures: int, where: str, reason: str) -> None:
        if failures >= TRIES:
            raise Unreachable(
                self.token.redact(
                    f"GitHub did not answer at {where}: {reason} (tried {failures} times); {RESUME}"
                )
            )
        pause = 2.0 ** (failures - 1)
        self.progress(f"GitHub: {reason}; retrying in {pause:.0f} s", failures, TRIES)
        self.sleep(pause * self.scale)

    def _rate_limit(self, resp: httpx.Response, graphql: bool) -> _Limit | None:
        status = resp.status_code
        headers = resp.headers
        limited_by_graphql = False
        if graphql and status in (200, 403, 429):
            body = self._json_or_none(resp)
            if isinstance(body, dict):
                limited_by_graphql = any(
                    isinstance(e, dict) and e.get("type") == "RATE_LIMITED"
                    for e in body.get("errors") or []
                )
        if status not in (403, 429) and not limited_by_graphql:
            return None
        message = self._message(resp).lower()
        retry_after = _number(headers.get("retry-after"))
        remaining = headers.get("x-ratelimit-remaining")
        reset = _number(headers.get("x-ratelimit-reset"))
        if (
            "secondary rate limit" in message
            or "abuse" in message
            or (retry_after is not None and remaining != "0")
        ):
            return _Limit("secondary", retry_after if retry_after is not None else 60.0, None)
        if remaining == "0" or limited_by_graphql or "rate limit" in message:
            if reset is not None:
                return _Limit("primary", max(reset - self.clock(), 0.0) + 1.0, reset)
            return _Limit("primary", retry_after if retry_after is not None else 60.0, None)
        if status == 429:
            return _Limit("secondary", retry_after if retry_after is not None else 60.0, None)
        return None

    def _wait(self, limit: _Limit, waits: int) -> None:
        if limit.wait > self.max_wait or waits > MAX_RATE_WAITS:
            if limit.kind == "primary":
                reset = limit.reset if limit.reset is not None else self.clock() + limit.wait
                when = dt.datetime.fromtimestamp(reset, dt.UTC).strftime("%H:%M UTC")
                minutes = max(1, math.ceil((reset - self.clock()) / 60))
                raise RateLimited(
                    f"GitHub's rate limit for {self.token} is used up until {when} "
                    f"(in {minutes} min); {RESUME} after that",
                    hint=f"or pass --max-wait {math.ceil(limit.wait)} to wait for the reset",
                )
            raise RateLimited(
                f"GitHub asked ladder to slow down (secondary rate limit, retry after "
                f"{math.ceil(limit.wait)} s); {RESUME} in a few minutes"
            )
        what = "rate limit" if limit.kind == "primary" else "secondary rate limit"
        self.progress(f"GitHub {what}: waiting {math.ceil(limit.wait)} s", 0, None)
        self.sleep(limit.wait * self.scale)

    # -- answers ------------------------------------------------------------------------------
    def access_denied(self, resp: httpx.Response, what: str) -> AccessDenied:
        """The error for a 403 that is not a rate limit, naming the scopes GitHub asks for."""
        needed = resp.headers.get("x-accepted-oauth-scopes")
        has = resp.headers.get("x-oauth-scopes")
        message = f"GitHub refused access to {what} (403 {self._message(resp)}): {self.token} lacks a permission this needs"
        if needed:
            message += f"; GitHub accepts these scopes: {needed}"
            if has is not None:
                message += f" (the token has: {has or 'none'})"
        return AccessDenied(self.token.redact(message), hint=SCOPES_HINT)

    def _message(self, resp: httpx.Response) -> str:
        body = self._json_or_none(resp)
        text = ""
        if isinstance(body, dict):
            if isinstance(body.get("message"), str):
                text = body["message"]
            elif isinstance(body.get("errors"), list):
                text = "; ".join(
                    str(e.get("message", "")) for e in body["errors"] if isinstance(e, dict)
                )
        if not text:
            text = resp.reason_phrase or ""
        return self.token.redact(" ".join(text.split())[:300])

    def _json_or_none(self, resp: httpx.Response) -> Any:
        try:
            return resp.json()
        except ValueError:
            return None

    def _json(self, resp: httpx.Response, url: str) -> Any:
        try:
            return resp.json()
        except ValueError:
            kind = resp.headers.get("content-type", "no content type").split(";")[0]
            raise GitHubError(
                f"{_where(url)} answered {resp.status_code} with {kind}, not JSON: is --base-url the API "
                "root (https://HOST/api for GitHub Enterprise)?"
            ) from None


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _describe(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "the connection was closed before the answer was complete"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({exc})" if str(exc) else "cannot connect"
    return type(exc).__name__


def _network_options(url: str, env: Mapping[str, str]) -> dict[str, Any]:
    """Proxy and CA bundle from the harvest's environment (like curl reads them)."""
    options: dict[str, Any] = {}
    parts = urlsplit(url)
    scheme, host = parts.scheme, (parts.hostname or "")

    def get(name: str) -> str:
        return env.get(name.upper()) or env.get(name.lower()) or ""

    proxy = get(f"{scheme}_proxy") or get("all_proxy")
    if proxy and not _bypass(host, get("no_proxy")):
        options["proxy"] = proxy
    cafile = env.get("SSL_CERT_FILE")
    if cafile and scheme == "https":
        try:
            options["verify"] = ssl.create_default_context(cafile=cafile)
        except (OSError, ssl.SSLError) as exc:
            raise InputError(f"SSL_CERT_FILE={cafile} cannot be used: {exc}") from None
    return options


def _bypass(host: str, no_proxy: str) -> bool:
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        if not entry:
            continue
        if entry == "*":
            return True
        entry = entry.lstrip(".").split(":")[0]
        if host == entry or host.endswith("." + entry):
            return True
    return False
