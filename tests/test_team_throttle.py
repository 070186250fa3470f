"""ladder.team.throttle: failed authentications counted in the database, on SQLite and the real
PostgreSQL, so that every process of a team server makes a guesser wait the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from helpers import NOW
from ladder.clock import FixedClock
from ladder.store import Store, connect
from ladder.team.throttle import FORGET_AFTER, LONGEST_WAIT, StoredThrottle
from ladder.web.security import Throttle
from ladder.workspace import Workspace

ADDRESS = "198.51.100.7"


def _stored(store: Store, clock: FixedClock) -> StoredThrottle:
    return StoredThrottle(lambda: nullcontext(store), clock=clock)


def _guesses(throttle: Throttle | StoredThrottle, clock: FixedClock) -> list[int]:
    """Thirty wrong guesses as fast as allowed, then a quiet spell: every wait on the way."""
    seen = []
    tried = 0
    while tried < 30:
        wait = throttle.wait(ADDRESS)
        seen.append(wait)
        if wait:
            clock.advance(dt.timedelta(seconds=wait))
            continue
        seen.append(throttle.failed(ADDRESS))
        tried += 1
    clock.advance(dt.timedelta(seconds=LONGEST_WAIT + 899))
    seen += [throttle.wait(ADDRESS), throttle.failed(ADDRESS)]
    clock.advance(dt.timedelta(seconds=LONGEST_WAIT + FORGET_AFTER))
    seen += [throttle.wait(ADDRESS), throttle.failed(ADDRESS)]
    throttle.wait(ADDRESS)
    throttle.succeeded(ADDRESS)
    seen.append(throttle.wait(ADDRESS))
    return seen


def test_stored_throttle_waits_as_the_one_in_memory_does(bare_ws: Workspace) -> None:
    memory_clock, stored_clock = FixedClock(NOW), FixedClock(NOW)
    in_memory = _guesses(Throttle(clock=memory_clock), memory_clock)
    stored = _guesses(_stored(bare_ws.store, stored_clock), stored_clock)
    assert stored == in_memory
    assert max(stored) == LONGEST_WAIT and stored[-1] == 0
    assert memory_clock.now() == stored_clock.now()


def test_two_processes_see_the_same_counts(bare_ws: Workspace) -> None:
    """Two servers' worth of connections on one database: what one counts, the other obeys,
    and a success on either starts the count again."""
    clock = FixedClock(NOW)
    other = connect(bare_ws.store.url)
    try:
        one, two = _stored(bare_ws.store, clock), _stored(other, clock)
        for _ in range(3):
            assert one.failed(ADDRESS) == 0
        for _ in range(2):
            assert two.failed(ADDRESS) == 0
        assert one.failed(ADDRESS) == 1  # the sixth wrong attempt, whichever process saw it
        assert two.wait(ADDRESS) == 1 and one.wait("203.0.113.1") == 0
        two.succeeded(ADDRESS)
        assert one.wait(ADDRESS) == 0
        assert one.failed(ADDRESS) == 0  # counting from one again
    finally:
        other.close()


def test_a_right_attempt_writes_nothing_when_nothing_was_counted(bare_ws: Workspace) -> None:
    clock = FixedClock(NOW)
    used: list[str] = []

    @contextmanager
    def lend() -> Iterator[Store]:
        used.append("store")
        yield bare_ws.store

    throttle = StoredThrottle(lend, clock=clock)
    assert throttle.wait(ADDRESS) == 0
    throttle.succeeded(ADDRESS)
    assert used == ["store"]  # the wait's read, and no delete


def test_the_text_typed_is_never_stored_and_quiet_counts_go(bare_ws: Workspace) -> None:
    clock = FixedClock(NOW)
    throttle = _stored(bare_ws.store, clock)
    typed = "email:maple orbit velvet canyon"  # a password typed in the email box
    throttle.failed(typed)
    throttle.failed(ADDRESS)
    rows = bare_ws.store.query("SELECT key, failures FROM auth_throttle")
    assert len(rows) == 2 and "velvet" not in repr(rows)
    assert all(len(r["key"]) == 64 and int(r["failures"]) == 1 for r in rows)
    clock.advance(dt.timedelta(seconds=FORGET_AFTER + 1))
    throttle.failed("203.0.113.1")  # a failure anywhere clears counts quiet for long enough
    assert bare_ws.store.scalar("SELECT COUNT(*) FROM auth_throttle") == 1
