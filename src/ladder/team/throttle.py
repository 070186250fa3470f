"""Failed authentications counted in the database, so that every process of a team server
(``ladder serve --team --workers N``) makes a guesser wait the same.

The rule is the one :class:`ladder.web.security.Throttle` applies in a process's memory: a key
(a client address, or ``email:`` and the email typed at the login page) may fail
:data:`FREE_FAILURES` times; each further failure makes it wait :data:`FIRST_WAIT` seconds,
doubling up to :data:`LONGEST_WAIT`; a success, or :data:`FORGET_AFTER` seconds without a
failure once the wait is over, starts its count again. Here the counts are rows of
``auth_throttle`` (migration 0008), keyed by the SHA-256 of the key — never the text typed,
which may be a password typed in the wrong box. A failure is one upsert that counts it and
says the new count, whichever process counted the ones before; rows quiet for longer than
:data:`FORGET_AFTER` are deleted as failures come in, so the table stays as small as the
current attack.

Example:
    >>> throttle = StoredThrottle(lambda: nullcontext(store), clock=clock)  # doctest: +SKIP
    >>> throttle.failed("203.0.113.9")                                     # doctest: +SKIP
    0
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from ladder.clock import SYSTEM, Clock

if TYPE_CHECKING:
    from ladder.store import Store

#: Wrong attempts a key may make before it has to wait.
FREE_FAILURES = 5
#: The first wait, in seconds; each further wrong attempt doubles it.
FIRST_WAIT = 1.0
#: The longest wait, in seconds (15 minutes).
LONGEST_WAIT = 900.0
#: Seconds without a wrong attempt (after any wait is over) that start a key's count again.
FORGET_AFTER = 900.0


def wait_after(failures: int, *, free: int, first: float, longest: float) -> float:
    """The seconds a key waits after its ``failures``-th wrong attempt in a row (0: none)."""
    over = failures - free
    return min(longest, first * 2 ** min(over - 1, 64)) if over > 0 else 0.0


def _iso(moment: dt.datetime) -> str:
    """Fixed-width UTC text: it sorts as the moments do."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _moment(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def _key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class StoredThrottle:
    """Wrong attempts per key, kept in the database; the interface of
    :class:`ladder.web.security.Throttle` (``wait``, ``failed``, ``succeeded``).

    Args:
        connect: Lends a store for one call (``with connect() as store``): the web app's pool.
        clock: Where the time comes from (tests move a fixed one on).
        free: Wrong attempts before the first wait.
        first: The first wait, in seconds.
        longest: The longest wait, in seconds.
        forget: Quiet seconds, after a wait is over, that start a count again.
    """

    def __init__(
        self,
        connect: Callable[[], AbstractContextManager[Store]],
        *,
        clock: Clock = SYSTEM,
        free: int = FREE_FAILURES,
        first: float = FIRST_WAIT,
        longest: float = LONGEST_WAIT,
        forget: float = FORGET_AFTER,
    ) -> None:
        self.connect = connect
        self.clock = clock
        self.free = free
        self.first = first
        self.longest = longest
        self.forget = forget
        # keys :meth:`wait` found a count for in this process: only these need a delete on
        # success (every caller asks wait() first), so a right token costs no write
        self._counted: dict[str, None] = {}
        self._lock = threading.Lock()

    def _note(self, key: str, counted: bool) -> None:
        with self._lock:
            if counted:
                self._counted[key] = None
                while len(self._counted) > 4096:
                    del self._counted[next(iter(self._counted))]
            else:
                self._counted.pop(key, None)

    def wait(self, key: str) -> int:
        """Whole seconds ``key`` must wait before its next attempt (0: it may try)."""
        now = self.clock.now()
        with self.connect() as store:
            until = store.scalar("SELECT until FROM auth_throttle WHERE key = :k", {"k": _key(key)})
        self._note(key, until is not None)
        if until is None:
            return 0
        ends = _moment(str(until))
        if now >= ends + dt.timedelta(seconds=self.forget):
            return 0
        return max(0, math.ceil((ends - now).total_seconds()))

    def failed(self, key: str) -> int:
        """Count a wrong attempt of ``key``; the seconds it must now wait (0: none yet)."""
        now = self.clock.now()
        stale = _iso(now - dt.timedelta(seconds=self.forget))
        params = {"k": _key(key), "now": _iso(now), "stale": stale}
        with self.connect() as store:
            # one statement counts it, whichever process counted the ones before (a count
            # quiet for `forget` after its wait starts again at 1)
            row = store.query(
                "INSERT INTO auth_throttle (key, failures, until) VALUES (:k, 1, :now) "
                "ON CONFLICT (key) DO UPDATE SET "
                "failures = CASE WHEN auth_throttle.until <= :stale THEN 1 "
                "ELSE auth_throttle.failures + 1 END, "
                "until = CASE WHEN auth_throttle.until <= :stale THEN :now "
                "ELSE auth_throttle.until END "
                "RETURNING failures, until",
                params,
            )[0]
            waits = wait_after(
                int(row["failures"]), free=self.free, first=self.first, longest=self.longest
            )
            ends = max(_moment(str(row["until"])), now + dt.timedelta(seconds=waits))
            if waits:
                store.execute(
                    "UPDATE auth_throttle SET until = :u WHERE key = :k AND until < :u",
                    {"k": params["k"], "u": _iso(ends)},
                )
            store.execute("DELETE FROM auth_throttle WHERE until <= :stale", {"stale": stale})
        self._note(key, True)
        return max(0, math.ceil((ends - now).total_seconds()))

    def succeeded(self, key: str) -> None:
        """A right attempt of ``key``: its count starts again (a write only when
        :meth:`wait` or :meth:`failed` saw a count for it here)."""
        with self._lock:
            if key not in self._counted:
                return
            del self._counted[key]
        with self.connect() as store:
            store.execute("DELETE FROM auth_throttle WHERE key = :k", {"k": _key(key)})


__all__ = [
    "FIRST_WAIT",
    "FORGET_AFTER",
    "FREE_FAILURES",
    "LONGEST_WAIT",
    "StoredThrottle",
    "wait_after",
]
