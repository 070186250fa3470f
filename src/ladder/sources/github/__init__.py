"""The GitHub source: pull requests opened, reviews given (with their comments), issues opened.

``ladder harvest github`` reads one person's contributions from github.com or a GitHub
Enterprise server — through GraphQL by default, the REST search API as a fallback — in windows
of at most a year, 100 records a page, and hands each page to the core as one batch with the
cursor to resume from. See ``docs/sources/github.md``.

Modules: :mod:`.config` (server and token), :mod:`.client` (HTTP, retries, rate limits),
:mod:`.plan` (windows and cursor), :mod:`.graphql` and :mod:`.rest` (the two readers),
:mod:`.records` (what becomes evidence).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ladder.errors import InputError
from ladder.source import Batch, HarvestContext, Source, SourceStatus
from ladder.sources.github.config import (
    ENV_TOKEN,
    ENV_TOKEN_FILE,
    backoff_scale,
    endpoints,
    find_token,
    token_origin,
)
from ladder.sources.github.plan import State, Window
from ladder.sources.github.records import (
    PageResult,
    issue_item,
    pull_request_item,
    review_records,
)

if TYPE_CHECKING:
    import typer

    from ladder.sources.github.graphql import GraphQLReader
    from ladder.sources.github.rest import RestReader

    Reader = GraphQLReader | RestReader

DEFAULT_MAX_WAIT = 60.0
APIS = ("auto", "graphql", "rest")
LISTS = (("prs", "pull requests"), ("issues", "issues"), ("reviews", "reviews"))
LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,99})$")


class GitHubSource(Source):
    """Pull requests, reviews and review comments, and issues from GitHub."""

    name = "github"
    title = "GitHub: pull requests, reviews with their comments, issues"

    def status(self, env: Mapping[str, str]) -> SourceStatus:
        """Configured when a token is available; says where from, never the token."""
        origin = token_origin(env)
        if origin is None:
            return SourceStatus(False, f"set {ENV_TOKEN} or {ENV_TOKEN_FILE}")
        file = env.get(ENV_TOKEN_FILE)
        if file and not Path(file).expanduser().is_file():
            return SourceStatus(False, f"{origin} does not exist")
        where = ""
        if env.get("GITHUB_API_URL"):
            try:
                where = f" · {endpoints(None, env).host}"
            except InputError:
                where = " · GITHUB_API_URL is not a URL"
        return SourceStatus(
            True, (f"token from {origin}" if origin == ENV_TOKEN else origin) + where
        )

    def register_commands(self, harvest: typer.Typer) -> None:
        """Add ``ladder harvest github`` (defined in :mod:`.command`)."""
        from ladder.sources.github.command import register

        register(harvest, self)

    def harvest(self, ctx: HarvestContext, **options: Any) -> Iterator[Batch]:
        """Yield a batch per page of pull requests, issues and reviews (see :meth:`_harvest`).

        An option this source does not know is a ``TypeError``, not silently ignored.
        """
        return self._harvest(ctx, **options)

    def _harvest(
        self,
        ctx: HarvestContext,
        *,
        user: str | None = None,
        base_url: str | None = None,
        token_file: str | os.PathLike[str] | None = None,
        max_wait: float = DEFAULT_MAX_WAIT,
        api: str = "auto",
    ) -> Iterator[Batch]:
        """Yield a batch per page of pull requests, issues and reviews, with the cursor.

        Args:
            ctx: The harvest context (identity, since/until, env, cursor, progress).
            user: The GitHub login (default: the profile's ``github:`` handle).
            base_url: The API root (default: ``$GITHUB_API_URL``, else api.github.com).
            token_file: A file holding the token (default: ``$LADDER_GITHUB_TOKEN_FILE``,
                else ``$GITHUB_TOKEN``).
            max_wait: The longest rate-limit reset to wait for, in seconds.
            api: ``auto``, ``graphql`` or ``rest``.

        Raises:
            InputError: No login, no token, a bad option.
            GitHubError: GitHub refused or failed; batches already written stay.
        """
        login = (user or ctx.identity.handle("github") or "").strip().lstrip("@")
        if not login:
            raise InputError(
                "no GitHub user: pass --user LOGIN or add a github: handle to your profile",
                hint="ladder init --handle github:LOGIN",
            )
        if not LOGIN.match(login):
            raise InputError(f"{login!r} is not a GitHub login")
        if api not in APIS:
            raise InputError(f"--api must be one of {', '.join(APIS)}, not {api!r}")
        if not max_wait >= 0:
            raise InputError("--max-wait must be zero or more seconds")
        where = endpoints(base_url, ctx.env)
        token = find_token(ctx.env, token_file)
        scale = backoff_scale(ctx.env)
        state = State(f"{where.host}/{login.lower()}", ctx.cursor)
        now = ctx.clock.now().replace(microsecond=0)
        windows, run_from = state.plan(ctx.since, ctx.until, now)
        run = _Run(state, windows, run_from, ctx)
        # The HTTP client (httpx) loads only when a harvest runs, not with every command.
        from ladder.sources.github.client import (
            AccessDenied,
            Client,
            GitHubError,
            GraphQLUnavailable,
        )
        from ladder.sources.github.graphql import GraphQLReader
        from ladder.sources.github.rest import RestReader

        with Client(
            where, token, env=ctx.env, max_wait=max_wait, scale=scale, progress=ctx.progress
        ) as client:
            if api != "rest":
                try:
                    yield from run.batches(GraphQLReader(client, login))
                    return
                except GraphQLUnavailable as why:
                    if api == "graphql":
                        error = AccessDenied if why.scopes else GitHubError
                        raise error(token.redact(why.reason), hint="try --api rest") from None
                    unavailable = why
                    note = f"GitHub GraphQL unavailable ({token.redact(why.reason)}); used the REST API"
                    ctx.progress(note, 0, None)
                    yield Batch(notes=[note])
            else:
                unavailable = None
            try:
                yield from run.batches(RestReader(client, login))
            except AccessDenied as denied:
                if unavailable is not None:
                    denied.message += (
                        f"; the GraphQL API refused it too ({token.redact(unavailable.reason)})"
                    )
                    denied.args = (denied.message,)
                raise


class _Run:
    """One harvest: windows in order, each list page by page, then the open-PR re-read."""

    def __init__(
        self, state: State, windows: list[Window], run_from: dt.datetime, ctx: HarvestContext
    ) -> None:
        self.state = state
        self.windows = windows
        self.run_from = run_from
        self.ctx = ctx
        self.total = len(windows)
        self.seen: set[str] = set()
        self.restricted: dict[str, int] = {}  # window → contributions GitHub hides

    def batches(self, reader: Reader) -> Iterator[Batch]:
        """Every batch still to do, read with ``reader`` (called again with another on fallback)."""
        from ladder.sources.github.rest import TooManyResults

        state = self.state
        while self.windows:
            window = self.windows[0]
            state.begin(window, self.run_from)
            try:
                yield from self._window(reader, window)
            except TooManyResults:  # REST search stops at 1,000 results: halve the window
                middle = window.start + (window.end - window.start) / 2
                self.windows[0:1] = [Window(window.start, middle), Window(middle, window.end)]
                self.total += 1
                continue
            state.finish(window)
            self.windows.pop(0)
            self.ctx.progress("GitHub windows", self.total - len(self.windows), self.total)
            yield Batch(cursor=state.dump())
        if sum(self.restricted.values()):
            note = (
                f"GitHub hides {sum(self.restricted.values())} private contributions from this "
                "token (scope `repo`, or authorising it for SSO, shows them)"
            )
            self.ctx.progress(note, 0, None)
            yield Batch(notes=[note])
        stale = {k: v for k, v in state.open.items() if k not in self.seen}
        for prs, gone in reader.refresh(stale):
            for name in gone:
                state.open.pop(name, None)
            yield self._batch(PageResult(prs=prs))

    def _window(self, reader: Reader, window: Window) -> Iterator[Batch]:
        """Each list of ``window``, page by page, from the saved page cursors on."""
        for kind, label in LISTS:
            key = f"{reader.api}:{kind}"
            after = self.state.pages.get(key)
            count = 0
            while after != "done":
                page = reader.page(kind, window, after)
                count += len(page.prs) + len(page.issues) + len(page.reviews) + page.skipped
                self.ctx.progress(f"GitHub {label} {window.label}", count, page.total)
                if page.restricted:
                    self.restricted[window.label] = page.restricted
                after = page.next or "done"
                self.state.pages[key] = after
                yield self._batch(page)

    def _batch(self, page: PageResult) -> Batch:
        batch = Batch(skipped=page.skipped)
        for pr in page.prs:
            self.seen.add(f"{pr.repo}#{pr.number}")
            self.state.saw_pull_request(f"{pr.repo}#{pr.number}", pr.node_id, pr.state)
            batch.items.append(pull_request_item(pr))
        batch.items.extend(issue_item(i) for i in page.issues)
        for review in page.reviews:
            item, activities = review_records(review)
            batch.items.append(item)
            batch.activities.extend(activities)
        batch.cursor = self.state.dump()
        return batch
