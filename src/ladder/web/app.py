"""The app factory: :func:`create_app` builds the ASGI app from :class:`Settings`.

Nothing is built at import time: no app, no engine, no settings. The factory opens the
workspace once (so a bad database fails at start-up, with the CLI's message), keeps a small
pool of open workspaces for the request threads (SQLite connections are used by one thread
at a time), and a cache of read results: those kept under the data versions they were computed
from (right until a write, wherever it comes from, moves a version on) and timed ones that
every write through the app invalidates.
"""

from __future__ import annotations

import os
import queue
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ladder.clock import Clock
from ladder.errors import InputError, LadderError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from ladder.store import Store
    from ladder.team.throttle import StoredThrottle
    from ladder.workspace import Workspace

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: The environment variable that holds the token (the password of the login page).
ENV_TOKEN = "LADDER_WEB_TOKEN"

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """What the web app is built from.

    Args:
        home: The workspace folder (default: ``$LADDER_HOME`` or the user data folder).
        url: A database URL, overriding ``$LADDER_DATABASE_URL`` and the SQLite default.
        env: The environment to read (default: ``os.environ``).
        host: The address ``ladder serve`` listens on; also an accepted ``Host`` header.
        port: The port ``ladder serve`` listens on.
        token: The secret that unlocks the app (``LADDER_WEB_TOKEN``); None: no login. It
            must be hard to guess (:func:`ladder.web.security.check_token`). Never shown in a
            repr, a log line or a page.
        allowed_hosts: More host names the app answers to when it has no token (it refuses
            other ``Host`` headers, which stops DNS-rebinding pages from reading it).
        cache_ttl: Seconds a timed cached read may be served after a change made outside this
            app (the CLI, another server); 0 keeps none. Changes made through the app show at
            once, and so does any change to what is kept under data versions (the dashboard,
            readiness, the team page's parts from each report's data: see :class:`Cache`).
        pool_size: Open workspaces (database connections) per process for the request threads;
            a request waits for one rather than open more (see :class:`Pool`).
        clock: Where "now" and "today" come from (default: the wall clock); tests pin it.
        team: Serve a team (``ladder serve --team``): every request acts as a person, logged
            in with their password or an API token (:mod:`ladder.team`), and sees what the
            access rules let them see; ``token`` is not used. It needs an active admin.
    """

    home: str | os.PathLike[str] | None = None
    url: str | None = None
    env: Mapping[str, str] | None = field(default=None, repr=False)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = field(default=None, repr=False)
    allowed_hosts: tuple[str, ...] = ()
    cache_ttl: float = 2.0
    pool_size: int = 8
    clock: Clock | None = field(default=None, repr=False)
    team: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **options: Any) -> Settings:
        """Settings with the token taken from ``$LADDER_WEB_TOKEN`` (blank means none)."""
        env = os.environ if env is None else env
        token = (env.get(ENV_TOKEN) or "").strip() or None
        return cls(env=env, token=token, **options)


class Pool:
    """Open workspaces for the request threads: one thread uses one workspace at a time.

    At most ``size`` are open at once: a request that finds none idle waits for one to be given
    back (opening a database connection costs more than the wait, and a server process on
    PostgreSQL would otherwise open and close one for every request beyond ``size``). Only
    after :data:`WAIT` seconds — a request holding one while it asks for another — is one more
    opened, and closed once given back.

    Args:
        open_: Opens another workspace on the same store.
        size: How many workspaces to keep open.
    """

    #: Seconds a request waits for an idle workspace before one more is opened.
    WAIT = 1.0

    def __init__(self, open_: Callable[[], Workspace], size: int) -> None:
        self._open = open_
        self._idle: queue.LifoQueue[Workspace] = queue.LifoQueue()
        self._size = max(1, size)
        self._opened = 0  # open workspaces this pool knows of: idle or in use
        self._lock = threading.Lock()

    def put(self, ws: Workspace) -> None:
        """Adopt an open workspace (idle, or closed if the pool is full)."""
        with self._lock:
            self._opened += 1
        self._give_back(ws)

    def _give_back(self, ws: Workspace) -> None:
        with self._lock:
            keep = self._opened <= self._size
            if not keep:
                self._opened -= 1
        if keep:
            self._idle.put(ws)
        else:
            ws.close()

    def _discard(self, ws: Workspace) -> None:
        with self._lock:
            self._opened -= 1
        ws.close()

    def _take(self) -> Workspace:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            room = self._opened < self._size
            if room:
                self._opened += 1
        if not room:
            try:
                return self._idle.get(timeout=self.WAIT)
            except queue.Empty:
                with self._lock:
                    self._opened += 1
        try:
            return self._open()
        except BaseException:
            with self._lock:
                self._opened -= 1
            raise

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        """Borrow a workspace for one request."""
        ws = self._take()
        try:
            yield ws
        except LadderError:
            self._give_back(ws)  # a refused input leaves the connection as it was
            raise
        except BaseException:
            self._discard(ws)  # an unexpected failure: do not hand this connection out again
            raise
        else:
            self._give_back(ws)

    def close(self) -> None:
        """Close every idle workspace."""
        while True:
            try:
                ws = self._idle.get_nowait()
            except queue.Empty:
                return
            self._discard(ws)


@dataclass
class _Cached:
    generation: int
    at: float
    value: Any


class Cache:
    """Read results, kept until the workspace changes.

    Two kinds of entry:

    * **Versioned** (``versioned=True``): the key names the data versions of everything the
      value was computed from (:func:`ladder.store.versions.stamp`), so the value is right for
      as long as anyone asks for that key; it is kept until the least recently used go, and
      whoever writes — this app, another process, the command line — moves the version on.
    * **Timed**: every write through the app calls :meth:`bump`, so what it shows next is
      fresh. Writes from outside (the CLI on the same database) show within ``ttl`` seconds: a
      result that is only old by time is refreshed by one request while the others still get
      it. ``ttl <= 0`` keeps none of these.

    Args:
        ttl: Seconds a timed result may be served without a write through the app.
        size: Results kept (least recently used go first).
    """

    def __init__(self, ttl: float, size: int = 1024) -> None:
        self.ttl = ttl
        self.size = size
        self.generation = 0
        self._data: OrderedDict[Any, _Cached] = OrderedDict()
        self._lock = threading.Lock()
        self._locks: dict[Any, threading.Lock] = {}

    def bump(self) -> None:
        """The workspace changed: every timed result is out of date."""
        with self._lock:
            self.generation += 1

    def _fresh(self, hit: _Cached | None, generation: int, versioned: bool) -> bool:
        if hit is None:
            return False
        if versioned:
            return True
        return hit.generation == generation and time.monotonic() - hit.at < self.ttl

    def peek(self, key: Any, *, versioned: bool = False) -> Any | None:
        """The value for ``key`` if it is fresh, else None (never computes, never waits)."""
        if self.ttl <= 0 and not versioned:
            return None
        with self._lock:
            hit = self._data.get(key)
            fresh = self._fresh(hit, self.generation, versioned)
        return hit.value if fresh and hit is not None else None

    def get(
        self,
        key: Any,
        compute: Callable[[], T],
        *,
        keep: Callable[[T], bool] | None = None,
        versioned: bool = False,
    ) -> T:
        """The cached value for ``key``, computed (once, under a lock) when out of date.

        Args:
            key: What is cached (hashable).
            compute: Computes the value.
            keep: Whether a computed value may be kept (an error page may not); default: yes.
            versioned: The key names the versions of what the value is computed from: it
                stays right (no ttl, and a write through the app does not end it).
        """
        if self.ttl <= 0 and not versioned:
            return compute()
        with self._lock:
            hit = self._data.get(key)
            if hit is not None:
                self._data.move_to_end(key)
            key_lock = self._locks.setdefault(key, threading.Lock())
            generation = self.generation
        if hit is not None and (versioned or hit.generation == generation):
            if self._fresh(hit, generation, versioned):
                return hit.value  # type: ignore[no-any-return]
            if not key_lock.acquire(blocking=False):
                return hit.value  # type: ignore[no-any-return]  # another request refreshes it
        else:
            key_lock.acquire()
        try:
            with self._lock:
                again = self._data.get(key)
                generation = self.generation
            if again is not None and again is not hit and self._fresh(again, generation, versioned):
                return again.value  # type: ignore[no-any-return]
            value = compute()
            if keep is not None and not keep(value):
                with self._lock:
                    if key not in self._data:
                        self._locks.pop(key, None)  # nothing kept: no lock to keep either
                return value
            with self._lock:
                self._data[key] = _Cached(generation, time.monotonic(), value)
                self._data.move_to_end(key)
                while len(self._data) > self.size:
                    old, _ = self._data.popitem(last=False)
                    self._locks.pop(old, None)
            return value
        finally:
            key_lock.release()

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """A versioned entry (:meth:`get` with ``versioned=True``): for keys that name the
        versions of what they are computed from."""
        return self.get(key, compute, versioned=True)


class Web:
    """One running web app: its settings, workspaces, cache and secrets.

    Routes reach it as ``request.app.state.web``.
    """

    def __init__(self, settings: Settings) -> None:
        from ladder.clock import SYSTEM
        from ladder.web.security import Sessions, Throttle
        from ladder.workspace import Workspace

        self.settings = settings
        clock = settings.clock or SYSTEM
        self.clock: Clock = clock
        self.secret = secrets.token_bytes(32)  # signs the CSRF tokens
        self.sessions = Sessions(clock=clock)  # the logged-in browsers (with a token)
        # wrong tokens (and a team's passwords) per client; a team's in its database, below
        self.throttle: Throttle | StoredThrottle = Throttle(clock=clock)
        from ladder.team.audit import Budget

        self.failed_logins = Budget()  # failed logins written to the audit trail one by one
        self.failed_tokens = Budget()  # refused API tokens likewise
        first = Workspace.open(
            settings.home, url=settings.url, env=settings.env, clock=settings.clock
        )
        self.home: Path = first.home
        url, env = first.store.url, first.env
        if settings.team:
            from ladder.team import accounts

            if not accounts.has_active_admin(first.store):
                first.close()
                raise InputError(
                    "a team server needs an active admin, and this database has none",
                    hint="add one: ladder users add EMAIL --name NAME --role admin",
                )

        def open_more() -> Workspace:
            from ladder.store import connect

            return Workspace(connect(url), first.home, env, clock=first.clock)

        self.pool = Pool(open_more, settings.pool_size)
        self.pool.put(first)
        self.cache = Cache(settings.cache_ttl)
        if settings.team:  # counted in the database: every --workers process sees the counts
            from ladder.team.throttle import StoredThrottle

            self.throttle = StoredThrottle(self.store, clock=clock)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A pooled store for one short use."""
        with self.pool.workspace() as ws:
            yield ws.store

    def workspace(self) -> Iterator[Workspace]:
        """A workspace for one request (a FastAPI dependency)."""
        with self.pool.workspace() as ws:
            yield ws

    @contextmanager
    def workspace_for(self, person_id: int | None) -> Iterator[Workspace]:
        """A pooled workspace working on ``person_id``'s own data (None: the profile's)."""
        with self.pool.workspace() as ws:
            yield ws if person_id is None else ws.for_person(person_id)

    def close(self) -> None:
        """Close the pooled workspaces."""
        self.pool.close()


#: What `ladder serve --workers N` hands its worker processes (they build the app themselves).
ENV_SERVE = "LADDER_SERVE_OPTIONS"


def app_from_env() -> FastAPI:
    """The app a worker process of ``ladder serve --workers N`` builds: the options ``serve``
    put in ``$LADDER_SERVE_OPTIONS`` (host, port, home, team), the rest as ``serve`` reads it."""
    import json

    options = json.loads(os.environ.get(ENV_SERVE) or "{}")
    return create_app(Settings.from_env(os.environ, **options))


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the web app: pages, the JSON API under ``/api/v1``, static files.

    Args:
        settings: What to build it from (default: ``Settings.from_env()``).

    Raises:
        LadderError: The workspace cannot be opened (the CLI's message), or the settings
            are unsafe (see :func:`ladder.web.security.check_bind`).
    """
    from fastapi import FastAPI

    from ladder import __version__
    from ladder.web import assets, problems, render, routes, security

    settings = settings or Settings.from_env()
    if not settings.team:  # a team server always asks who is there
        security.check_bind(settings.host, settings.token)
    web = Web(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        yield
        web.close()

    app = FastAPI(
        title="ladder",
        version=__version__,
        description=(
            "The JSON API of `ladder serve`: your evidence, its mapping onto the ladder, "
            "readiness, assessments, goals, mentorship and the promotion packet. "
            "Errors are `application/problem+json` (RFC 9457)."
        ),
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # Swagger UI loads from a CDN: the description alone is served
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = web
    app.state.templates = render.environment()
    problems.install(app)
    app.state.assets = assets.load()
    app.state.templates.globals["asset"] = lambda name: assets.url(app.state.assets, name)
    app.include_router(assets.router)
    routes.include(app, team=settings.team)
    app.openapi = lambda: problems.openapi(app)  # type: ignore[method-assign]
    app.add_middleware(security.Guard, web=web)
    return app


__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "ENV_SERVE",
    "ENV_TOKEN",
    "Cache",
    "Pool",
    "Settings",
    "Web",
    "app_from_env",
    "create_app",
]
