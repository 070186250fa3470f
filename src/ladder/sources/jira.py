"""Jira: the issues a person resolved, was assigned, reported or commented on.

One JQL search finds the candidates::

    (assignee was U OR reporter = U OR resolution changed by U OR watcher = U)
        AND updated >= "<since>" ORDER BY updated ASC, key ASC

``U`` is ``currentUser()`` (the owner of the token) unless ``--user`` or a ``jira:LOGIN``
handle in the profile names someone. ``watcher`` is there because Jira has no JQL for "commented
by" and adds commenters to the watchers by default; each candidate is then checked against its
fields, its change history and its comments, and one the person only watched is skipped.

Two flavours of the REST API:

- **Cloud** — ``POST /rest/api/3/search/jql`` (the enhanced search, ``nextPageToken`` pages),
  basic auth with ``JIRA_EMAIL`` + ``JIRA_API_TOKEN``; comments come in Atlassian Document
  Format and are turned into plain text.
- **Server / Data Center** — ``POST /rest/api/2/search`` (``startAt`` / ``total`` pages),
  a personal access token (``JIRA_TOKEN``) sent as a bearer token.

``--flavor auto`` (the default) asks the Cloud API first and falls back to Server on a 404.
Each page of results is one batch, saved with the latest ``updated`` time it reached, so an
interrupted harvest resumes and a later one asks only for what changed. Documented in
``docs/sources/jira.md``.
"""

import datetime as dt
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit, urlunsplit

from ladder.errors import InputError, LadderError
from ladder.source import Activity, Batch, HarvestContext, Item, Source, SourceStatus

if TYPE_CHECKING:
    import httpx
    import typer

ENV_URL = "JIRA_URL"
ENV_EMAIL = "JIRA_EMAIL"
ENV_API_TOKEN = "JIRA_API_TOKEN"
ENV_API_TOKEN_FILE = "JIRA_API_TOKEN_FILE"
ENV_TOKEN = "JIRA_TOKEN"
ENV_TOKEN_FILE = "JIRA_TOKEN_FILE"

FLAVORS = ("auto", "cloud", "server")
PAGE_SIZE = 50
COMMENT_PAGE = 100
STORY_POINT_NAMES = ("story points", "story point estimate")
BODY_LIMIT = 2000
#: Overlap when resuming from the cursor: JQL reads dates in the Jira user's own time zone.
CURSOR_OVERLAP = dt.timedelta(days=1)

SETUP_HINT = (
    f"Jira Cloud: set {ENV_URL}, {ENV_EMAIL} and {ENV_API_TOKEN} (or {ENV_API_TOKEN_FILE}); "
    f"Jira Server / Data Center: set {ENV_URL} and {ENV_TOKEN} (or {ENV_TOKEN_FILE}). "
    "See docs/sources/jira.md"
)


class JiraError(LadderError):
    """Jira refused a request, or could not be reached."""


@dataclass
class Credentials:
    """How to sign in; :meth:`describe` never includes the secret."""

    url: str
    scheme: str  # "basic" (email + API token) or "bearer" (personal access token)
    email: str | None
    secret: str = field(repr=False)
    origin: str  # which variables (or file) it came from

    def describe(self) -> str:
        """Where the credentials came from, e.g. ``JIRA_EMAIL + JIRA_API_TOKEN``."""
        return self.origin


def _read_token_file(env: Mapping[str, str], var: str) -> str | None:
    path = env.get(var)
    if not path:
        return None
    try:
        text = Path(path).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"{var} names {path}, which cannot be read: {exc.strerror or exc}"
        ) from None
    token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not token:
        raise InputError(f"{var} names {path}, which is empty")
    return token


def credentials(env: Mapping[str, str], *, url: str | None = None) -> Credentials:
    """The Jira site and credentials from ``env`` (and ``--url``).

    Raises:
        InputError: No URL, or no credentials; the message names the variables to set.
    """
    base = (url or env.get(ENV_URL) or "").strip()
    if not base:
        raise InputError(f"no Jira site: pass --url or set {ENV_URL}", hint=SETUP_HINT)
    parts = urlsplit(base if "://" in base else "https://" + base)
    if not parts.netloc:
        raise InputError(
            f"{_redact(base)} is not a URL of a Jira site (try https://acme.atlassian.net)"
        )
    base = _redact(urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", "")))
    email = (env.get(ENV_EMAIL) or "").strip() or None
    api_token = (env.get(ENV_API_TOKEN) or "").strip() or None
    api_origin = ENV_API_TOKEN
    if api_token is None:
        api_token = _read_token_file(env, ENV_API_TOKEN_FILE)
        api_origin = f"{ENV_API_TOKEN_FILE} ({env.get(ENV_API_TOKEN_FILE)})"
    if email and api_token:
        return Credentials(base, "basic", email, api_token, f"{ENV_EMAIL} + {api_origin}")
    pat = (env.get(ENV_TOKEN) or "").strip() or None
    pat_origin = ENV_TOKEN
    if pat is None:
        pat = _read_token_file(env, ENV_TOKEN_FILE)
        pat_origin = f"{ENV_TOKEN_FILE} ({env.get(ENV_TOKEN_FILE)})"
    if pat:
        return Credentials(base, "bearer", None, pat, pat_origin)
    if api_token and not email:
        raise InputError(
            f"{api_origin} is set but {ENV_EMAIL} is not: Jira Cloud signs in with both",
            hint=SETUP_HINT,
        )
    raise InputError(
        f"no Jira credentials: set {ENV_EMAIL} + {ENV_API_TOKEN} (Cloud) or {ENV_TOKEN} "
        "(Server / Data Center personal access token)",
        hint=SETUP_HINT,
    )


def _redact(url: str) -> str:
    """A URL without any user:password part."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host += f":{parts.port}"
        return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return url


# -- Atlassian Document Format → plain text ---------------------------------------------------
_BLOCKS = {
    "paragraph",
    "heading",
    "blockquote",
    "codeBlock",
    "rule",
    "panel",
    "table",
    "tableRow",
    "mediaSingle",
    "mediaGroup",
    "expand",
    "nestedExpand",
    "decisionList",
    "taskList",
}


def adf_to_text(node: Any) -> str:
    """Plain text of an Atlassian Document Format node (or a plain string, as Server sends)."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node.strip()
    lines: list[str] = []
    _adf_block(node, lines, prefix="")
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def _adf_inline(node: Mapping[str, Any]) -> str:
    kind = node.get("type")
    attrs = node.get("attrs") or {}
    if kind == "text":
        return str(node.get("text", ""))
    if kind == "hardBreak":
        return "\n"
    if kind == "mention":
        return str(attrs.get("text") or "@someone")
    if kind == "emoji":
        return str(attrs.get("text") or attrs.get("shortName") or "")
    if kind in ("inlineCard", "blockCard", "embedCard"):
        return str(attrs.get("url") or "")
    if kind == "date":
        try:
            stamp = int(attrs.get("timestamp", 0)) / 1000
            return dt.datetime.fromtimestamp(stamp, dt.UTC).date().isoformat()
        except (TypeError, ValueError):
            return ""
    if kind == "status":
        return str(attrs.get("text") or "")
    return "".join(_adf_inline(c) for c in node.get("content") or [])


def _adf_block(node: Mapping[str, Any], lines: list[str], *, prefix: str) -> None:
    kind = node.get("type")
    children = node.get("content") or []
    if kind in ("bulletList", "orderedList", "taskList", "decisionList"):
        for i, item in enumerate(children, start=1):
            marker = f"{i}. " if kind == "orderedList" else "- "
            sub: list[str] = []
            _adf_block(item, sub, prefix="")
            sub = [s for s in sub if s.strip()]
            for j, line in enumerate(sub):
                lines.append(prefix + (marker if j == 0 else "  ") + line)
        lines.append("")
        return
    if kind in (
        "doc",
        "listItem",
        "taskItem",
        "decisionItem",
        "blockquote",
        "panel",
        "table",
        "tableRow",
        "tableCell",
        "tableHeader",
        "expand",
        "nestedExpand",
        "layoutSection",
        "layoutColumn",
        "mediaSingle",
        "mediaGroup",
    ):
        has_blocks = any(
            isinstance(c, Mapping)
            and (
                c.get("type") in _BLOCKS
                or c.get("type")
                in ("bulletList", "orderedList", "listItem", "tableCell", "tableHeader")
            )
            for c in children
        )
        if kind in ("taskItem", "decisionItem") or not has_blocks:
            text = "".join(_adf_inline(c) for c in children if isinstance(c, Mapping))
            if text.strip():
                lines.append(prefix + text.strip())
            return
        quote = "> " if kind == "blockquote" else ""
        for c in children:
            if isinstance(c, Mapping):
                _adf_block(c, lines, prefix=prefix + quote)
        return
    if kind == "rule":
        lines.append(prefix + "---")
        return
    text = (
        "".join(_adf_inline(c) for c in children if isinstance(c, Mapping))
        if kind != "text"
        else _adf_inline(node)
    )
    for line in text.split("\n"):
        lines.append(prefix + line)
    if kind in ("paragraph", "heading", "codeBlock"):
        lines.append("")


# -- time -------------------------------------------------------------------------------------
def parse_time(value: Any) -> dt.datetime | None:
    """A Jira timestamp (``2026-03-04T10:15:30.000+0100``) as an aware datetime."""
    if not isinstance(value, str) or not value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            stamp = dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z")
        except ValueError:
            return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp


def _utc(stamp: dt.datetime) -> str:
    return stamp.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _jql_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- the client -------------------------------------------------------------------------------
class Client:
    """A small Jira REST client: one flavour, retries, and errors a person can act on."""

    def __init__(self, creds: Credentials, *, flavor: str, retry_delays: tuple[float, ...]) -> None:
        import httpx

        self.creds = creds
        self.flavor = flavor  # "auto" until the first answer settles it
        self.retry_delays = retry_delays
        headers = {"Accept": "application/json", "User-Agent": "ladder (career-ladder)"}
        auth: httpx.Auth | None = None
        if creds.scheme == "basic":
            auth = httpx.BasicAuth(creds.email or "", creds.secret)
        else:
            headers["Authorization"] = f"Bearer {creds.secret}"
        self.http = httpx.Client(
            base_url=creds.url, headers=headers, auth=auth, timeout=30.0, follow_redirects=True
        )

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()

    @property
    def version(self) -> str:
        """The REST API version of the flavour: ``3`` for Cloud, ``2`` for Server."""
        return "2" if self.flavor == "server" else "3"

    def call(
        self,
        method: str,
        path: str,
        *,
        what: str,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        optional: bool = False,
    ) -> Any:
        """Send a request to ``/rest/api/{version}/{path}`` and return the decoded JSON.

        In ``auto`` flavour a 404 from the Cloud API switches to Server and tries again.
        Network errors, 429 and 5xx are retried (``retry_delays``); then a
        :class:`JiraError` says what failed. With ``optional``, a 403/404 returns None.
        """
        import httpx

        attempts = len(self.retry_delays) + 1
        for attempt in range(attempts):
            url = f"/rest/api/{self.version}/{path}"
            try:
                response = self.http.request(method, url, params=params, json=json)
            except httpx.HTTPError as exc:
                if attempt + 1 < attempts:
                    time.sleep(self.retry_delays[attempt])
                    continue
                raise JiraError(
                    f"cannot reach Jira at {_redact(self.creds.url)} while {what}: "
                    f"{type(exc).__name__}: {_redact(str(exc)) or 'no answer'} (tried {attempts} times)",
                    hint="what was harvested before this is kept; run the same command again to resume",
                ) from None
            status = response.status_code
            if status == 404 and self.flavor == "auto":
                self.flavor = "server"
                return self.call(
                    method, path, what=what, params=params, json=json, optional=optional
                )
            if status < 400:
                if self.flavor == "auto":
                    self.flavor = "cloud"
                try:
                    return response.json()
                except ValueError:
                    raise JiraError(
                        f"Jira at {_redact(self.creds.url)} answered {url} with something that is not "
                        "JSON; is this the base URL of a Jira site?"
                    ) from None
            if status == 429 or status >= 500:
                if attempt + 1 < attempts:
                    time.sleep(_retry_after(response, self.retry_delays[attempt]))
                    continue
                raise JiraError(
                    f"Jira at {_redact(self.creds.url)} failed while {what}: {status} "
                    f"{response.reason_phrase} (tried {attempts} times)",
                    hint="what was harvested before this is kept; run the same command again to resume",
                )
            if optional and status in (403, 404):
                return None
            raise self._refusal(response, url, what)
        raise AssertionError("unreachable")  # pragma: no cover

    def _refusal(self, response: "httpx.Response", url: str, what: str) -> "JiraError":
        status = response.status_code
        site = _redact(self.creds.url)
        variables = (
            f"{ENV_EMAIL} and {ENV_API_TOKEN}" if self.creds.scheme == "basic" else ENV_TOKEN
        )
        if status == 401:
            return JiraError(
                f"Jira at {site} did not accept the credentials ({self.creds.describe()}): "
                "401 Unauthorized",
                hint=f"check {variables}; Cloud wants your account email and an API token "
                "(id.atlassian.com → Security → API tokens), Server / Data Center a personal access token",
            )
        if status == 403:
            reason = response.headers.get("X-Authentication-Denied-Reason")
            extra = f" ({reason})" if reason else ""
            return JiraError(
                f"Jira at {site} refused access while {what}: 403 Forbidden{extra}",
                hint="the account needs Browse projects permission; after failed logins Jira may ask "
                "for a CAPTCHA in the browser first",
            )
        if status == 404:
            return JiraError(
                f"Jira at {site} has no {url} (404): is {ENV_URL} the base URL of the site, "
                f"and is this a {'Server / Data Center' if self.flavor == 'server' else 'Cloud'} site?",
                hint="choose the API with --flavor cloud or --flavor server",
            )
        return JiraError(
            f"Jira at {site} rejected the request while {what}: {status} {_messages(response)}",
            hint="--user takes an account id on Cloud and a username on Server",
        )


def _retry_after(response: "httpx.Response", default: float) -> float:
    value = response.headers.get("Retry-After")
    try:
        return min(float(value), 30.0) if value else default
    except ValueError:
        return default


def _messages(response: "httpx.Response") -> str:
    try:
        data = response.json()
    except ValueError:
        return response.reason_phrase
    found = list(data.get("errorMessages") or []) if isinstance(data, dict) else []
    if isinstance(data, dict) and isinstance(data.get("errors"), dict):
        found += [f"{k}: {v}" for k, v in data["errors"].items()]
    return "; ".join(str(m) for m in found) or response.reason_phrase


# -- the person -------------------------------------------------------------------------------
@dataclass
class Me:
    """What recognises the person in Jira's answers."""

    ids: set[str]  # account ids, usernames, user keys
    emails: set[str]

    def matches(self, user: Any) -> bool:
        """Whether a Jira user object (author, assignee…) is the person."""
        if not isinstance(user, Mapping):
            return False
        for key in ("accountId", "name", "key"):
            value = user.get(key)
            if isinstance(value, str) and value.lower() in self.ids:
                return True
        email = user.get("emailAddress")
        return isinstance(email, str) and email.lower() in self.emails

    def matches_id(self, value: Any) -> bool:
        """Whether a bare id in a change history (``to`` of an assignee change) is the person."""
        return isinstance(value, str) and value.lower() in self.ids


# -- the source -------------------------------------------------------------------------------
class JiraSource(Source):
    """Issues you resolved, were assigned, reported or commented on, from Jira Cloud or Server."""

    name = "jira"
    title = "Jira issues you resolved, were assigned or commented on"

    #: Pauses between retries of a failed request (network error, 429, 5xx).
    retry_delays: tuple[float, ...] = (1.0, 3.0, 9.0)

    def status(self, env: Mapping[str, str]) -> SourceStatus:
        """Configured when a site and credentials are in the environment (never shows them)."""
        try:
            creds = credentials(env)
        except InputError:
            return SourceStatus(
                False,
                f"set {ENV_URL}, and {ENV_EMAIL} + {ENV_API_TOKEN} (Cloud) or {ENV_TOKEN} (Server)",
            )
        return SourceStatus(True, f"{_redact(creds.url)} with {ENV_URL} + {creds.describe()}")

    def register_commands(self, harvest: "typer.Typer") -> None:
        """Add ``ladder harvest jira``."""
        import typer

        from ladder.cli.app import JsonOption
        from ladder.cli.harvest import SinceOption, UntilOption, run_harvest

        source = self

        @harvest.command("jira")
        def jira(
            ctx: typer.Context,
            url: Annotated[
                str | None,
                typer.Option(
                    "--url", help=f"The Jira site (default: ${ENV_URL}).", show_default=False
                ),
            ] = None,
            user: Annotated[
                str | None,
                typer.Option(
                    "--user",
                    help="Whose issues: an account id (Cloud) or username (Server); "
                    "default: your jira: handle, else the token's owner.",
                    show_default=False,
                ),
            ] = None,
            flavor: Annotated[
                str,
                typer.Option(
                    "--flavor",
                    help="cloud (REST v3), server (Server / Data Center, REST v2) or auto: "
                    "try cloud, fall back to server.",
                ),
            ] = "auto",
            since: SinceOption = None,
            until: UntilOption = None,
            as_json: JsonOption = False,
        ) -> None:
            """Harvest the Jira issues you resolved, were assigned, reported or commented on.

            Credentials come from the environment: JIRA_URL with JIRA_EMAIL + JIRA_API_TOKEN
            (Cloud) or JIRA_TOKEN (Server / Data Center). Run it again to fetch only what changed.

            Example: [bold]ladder harvest jira --since 2026-01-01[/bold]
            """
            run_harvest(
                ctx,
                source,
                since=since,
                until=until,
                as_json=as_json,
                url=url,
                user=user,
                flavor=flavor,
            )

    def harvest(self, ctx: HarvestContext, **options: Any) -> Iterator[Batch]:
        """Search, page by page; each page is a batch saved with the cursor it reached."""
        flavor = (options.get("flavor") or "auto").lower()
        if flavor not in FLAVORS:
            raise InputError(f"unknown --flavor {flavor!r}; choose cloud, server or auto")
        creds = credentials(ctx.env, url=options.get("url"))
        client = Client(creds, flavor=flavor, retry_delays=tuple(self.retry_delays))
        try:
            yield from _Harvest(ctx, client, user=options.get("user")).run()
        finally:
            client.close()


class _Harvest:
    """One run of the Jira harvest."""

    def __init__(self, ctx: HarvestContext, client: Client, *, user: str | None) -> None:
        self.ctx = ctx
        self.client = client
        self.user = (user or ctx.identity.handle("jira") or "").strip() or None
        self.cursor_key = f"updated:{_redact(client.creds.url)}"
        self.me = Me(set(), {e.lower() for e in ctx.identity.emails})
        self.story_fields: list[str] = []

    # -- setup ------------------------------------------------------------------------------
    def _whoami(self) -> None:
        myself = self.client.call("GET", "myself", what="checking who the token belongs to")
        if self.user:
            self.me.ids.add(self.user.lower())
            if "@" in self.user:
                self.me.emails.add(self.user.lower())
        if isinstance(myself, Mapping) and (not self.user or self.me.matches(myself)):
            for key in ("accountId", "name", "key"):
                if isinstance(myself.get(key), str):
                    self.me.ids.add(myself[key].lower())
            if isinstance(myself.get("emailAddress"), str) and not self.user:
                self.me.emails.add(myself["emailAddress"].lower())

    def _fields(self) -> None:
        found = self.client.call("GET", "field", what="reading the field list", optional=True)
        if isinstance(found, list):
            self.story_fields = [
                str(f["id"])
                for f in found
                if isinstance(f, Mapping)
                and str(f.get("name", "")).strip().lower() in STORY_POINT_NAMES
                and f.get("id")
            ]

    def jql(self) -> str:
        """The search: the person's issues, changed since the window (or the cursor) began."""
        who = _jql_quote(self.user) if self.user else "currentUser()"
        query = (
            f"(assignee was {who} OR reporter = {who} OR resolution changed by {who} "
            f"OR watcher = {who})"
        )
        start = self._lower_bound()
        if start is not None:
            query += f' AND updated >= "{start.strftime("%Y-%m-%d")}"'
        if self.ctx.until is not None:
            query += (
                f' AND created < "{(self.ctx.until + dt.timedelta(days=1)).strftime("%Y-%m-%d")}"'
            )
        return query + " ORDER BY updated ASC, key ASC"

    def _lower_bound(self) -> dt.date | None:
        if self.ctx.since is not None:
            return self.ctx.since
        saved = parse_time(self.ctx.cursor.get(self.cursor_key))
        return (saved - CURSOR_OVERLAP).date() if saved else None

    def _saves_cursor(self) -> bool:
        """Only a run that saw everything up to now may move the cursor."""
        if self.ctx.until is not None:
            return False
        if self.ctx.since is None:
            return True
        saved = parse_time(self.ctx.cursor.get(self.cursor_key))
        return saved is not None and self.ctx.since <= saved.date()

    # -- the run ----------------------------------------------------------------------------
    def run(self) -> Iterator[Batch]:
        self._whoami()
        self._fields()
        fields = [
            "summary",
            "status",
            "issuetype",
            "resolution",
            "resolutiondate",
            "created",
            "updated",
            "assignee",
            "reporter",
            "comment",
            "labels",
            "project",
            "description",
            *self.story_fields,
        ]
        jql = self.jql()
        saves = self._saves_cursor()
        reached = parse_time(self.ctx.cursor.get(self.cursor_key))
        seen = 0
        for page, total in self._pages(jql, fields):
            batch = Batch()
            for issue in page:
                seen += 1
                self.ctx.progress("jira: issues", seen, total)
                updated = parse_time((issue.get("fields") or {}).get("updated"))
                if updated and (reached is None or updated > reached):
                    reached = updated
                self._issue(issue, batch)
            if saves and reached is not None:
                batch.cursor[self.cursor_key] = _utc(reached)
            yield batch

    def _pages(
        self, jql: str, fields: list[str]
    ) -> Iterator[tuple[list[dict[str, Any]], int | None]]:
        token: str | None = None
        start = 0
        page_no = 0
        while True:
            page_no += 1
            what = f"reading page {page_no} of the search"
            if self.client.flavor != "server":
                body: dict[str, Any] = {
                    "jql": jql,
                    "maxResults": PAGE_SIZE,
                    "fields": fields,
                    "expand": "changelog",
                }
                if token:
                    body["nextPageToken"] = token
                data = self.client.call("POST", "search/jql", json=body, what=what)
                if self.client.flavor == "server":  # auto fell back: start over on the Server API
                    continue
            else:
                body = {
                    "jql": jql,
                    "startAt": start,
                    "maxResults": PAGE_SIZE,
                    "fields": fields,
                    "expand": ["changelog"],
                }
                data = self.client.call("POST", "search", json=body, what=what)
            issues = [i for i in (data.get("issues") or []) if isinstance(i, dict)]
            if self.client.flavor == "server":
                total = data.get("total") if isinstance(data.get("total"), int) else None
                yield issues, total
                start += len(issues)
                if not issues or total is None or start >= total:
                    return
            else:
                yield issues, None
                token = data.get("nextPageToken")
                if not token or data.get("isLast") is True or not issues:
                    return

    def _issue(self, issue: Mapping[str, Any], batch: Batch) -> None:
        key = str(issue.get("key") or "")
        f = issue.get("fields") or {}
        if not key:
            batch.skipped += 1
            return
        ref = f"jira:{key}"
        summary = str(f.get("summary") or "").strip()
        base = _redact(self.client.creds.url)
        comments = [
            c for c in self._comments(key, f.get("comment")) if self.me.matches(c.get("author"))
        ]
        roles = self._roles(issue, f, comments)
        if not roles:
            batch.skipped += 1  # only watched
            return
        resolved = parse_time(f.get("resolutiondate")) if f.get("resolution") else None
        # When the person did something: their comments, the issue's creation if they reported
        # it, its resolution (or, while open, its last change) if it was theirs to do.
        candidates = [parse_time(c.get("created")) for c in comments]
        if "reporter" in roles:
            candidates.append(parse_time(f.get("created")))
        if {"assignee", "resolver"} & set(roles):
            candidates.append(resolved or parse_time(f.get("updated")))
        moments = [m for m in candidates if m is not None]
        in_window = [m for m in moments if self._in_window(_local_day(m))]
        if not in_window:
            batch.skipped += 1
            return
        status = _name(f.get("status")) or "unknown status"
        kind = _name(f.get("issuetype")) or "Issue"
        data: dict[str, Any] = {
            "key": key,
            "project": (f.get("project") or {}).get("key") or key.rsplit("-", 1)[0],
            "status": status,
            "type": kind,
            "roles": roles,
        }
        category = ((f.get("status") or {}).get("statusCategory") or {}).get("key")
        if category:
            data["status_category"] = category
        if f.get("resolution"):
            data["resolution"] = _name(f.get("resolution"))
        if resolved:
            data["resolved"] = _local_day(resolved).isoformat()
        for fid in self.story_fields:
            value = f.get(fid)
            if isinstance(value, int | float) and not isinstance(value, bool):
                data["story_points"] = value
                break
        if f.get("labels"):
            data["labels"] = sorted(str(x) for x in f["labels"])
        if comments:
            data["comments"] = len(comments)
        description = adf_to_text(f.get("description"))
        batch.items.append(
            Item(
                source_ref=ref,
                kind="ticket",
                occurred_on=max(_local_day(m) for m in in_window),
                title=f"{key}: {summary} ({status.lower()}, {kind})",
                url=f"{base}/browse/{key}",
                body=description[:BODY_LIMIT] or None,
                data=data,
            )
        )
        for c in comments:
            created = parse_time(c.get("created"))
            if created is None or not self._in_window(_local_day(created)):
                continue
            cid = str(c.get("id") or "")
            batch.activities.append(
                Activity(
                    source_ref=f"jira:{key}/comment/{cid}",
                    kind="ticket-comment",
                    occurred_at=_utc(created),
                    title=f"Comment on {key}: {summary}",
                    item_ref=ref,
                    body=adf_to_text(c.get("body")) or None,
                    url=f"{base}/browse/{key}?focusedCommentId={cid}",
                    data={"key": key},
                )
            )

    def _in_window(self, day: dt.date) -> bool:
        return (self.ctx.since is None or day >= self.ctx.since) and (
            self.ctx.until is None or day <= self.ctx.until
        )

    def _comments(self, key: str, field_value: Any) -> list[dict[str, Any]]:
        """All comments of an issue: from the search if complete, else the comment API."""
        if isinstance(field_value, Mapping):
            found = [c for c in field_value.get("comments") or [] if isinstance(c, dict)]
            total = field_value.get("total")
            if not isinstance(total, int) or total <= len(found):
                return found
        found = []
        start = 0
        while True:
            data = self.client.call(
                "GET",
                f"issue/{key}/comment",
                params={"startAt": start, "maxResults": COMMENT_PAGE},
                what=f"reading the comments of {key}",
            )
            page = [c for c in (data.get("comments") or []) if isinstance(c, dict)]
            found += page
            start += len(page)
            total = data.get("total")
            if not page or not isinstance(total, int) or start >= total:
                return found

    def _roles(
        self, issue: Mapping[str, Any], f: Mapping[str, Any], comments: list[dict[str, Any]]
    ) -> list[str]:
        roles: set[str] = set()
        if self.me.matches(f.get("assignee")):
            roles.add("assignee")
        if self.me.matches(f.get("reporter")):
            roles.add("reporter")
        if comments:
            roles.add("commenter")
        changelog = issue.get("changelog")
        histories: Any = None
        complete = False
        if isinstance(changelog, Mapping) and isinstance(changelog.get("histories"), list):
            histories = changelog["histories"]
            total = changelog.get("total")
            complete = not isinstance(total, int) or total <= len(histories)
        if not complete and not {"assignee", "reporter", "commenter"} & roles:
            histories = self._full_changelog(str(issue.get("key")))
        for history in histories or []:
            if not isinstance(history, Mapping):
                continue
            by_me = self.me.matches(history.get("author"))
            for change in history.get("items") or []:
                name = str(change.get("field") or change.get("fieldId") or "").lower()
                if name == "assignee" and (
                    self.me.matches_id(change.get("to"))
                    or self.me.matches_id(change.get("tmpToAccountId"))
                ):
                    roles.add("assignee")
                if name == "resolution" and by_me and change.get("to") is not None:
                    roles.add("resolver")
        return sorted(roles)

    def _full_changelog(self, key: str) -> list[Any]:
        if self.client.flavor == "server":
            data = self.client.call(
                "GET",
                f"issue/{key}",
                params={"expand": "changelog", "fields": "summary"},
                what=f"reading the history of {key}",
            )
            return list(((data or {}).get("changelog") or {}).get("histories") or [])
        found: list[Any] = []
        start = 0
        while True:
            data = self.client.call(
                "GET",
                f"issue/{key}/changelog",
                params={"startAt": start, "maxResults": 100},
                what=f"reading the history of {key}",
            )
            page = list((data or {}).get("values") or [])
            found += page
            start += len(page)
            if not page or data.get("isLast") is True or start >= int(data.get("total") or 0):
                return found


def _name(value: Any) -> str | None:
    if isinstance(value, Mapping):
        name = value.get("name") or value.get("value")
        return str(name) if name else None
    return str(value) if value else None


def _local_day(stamp: dt.datetime) -> dt.date:
    """The day as the person lived it: Jira's timestamps carry the site's offset."""
    return stamp.date()
