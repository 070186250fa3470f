"""Data versions: how a result computed from a person's data knows it is still right.

Every write of a person's data — evidence and its mappings, tags and links, ratings, goals and
check-ins, 1:1s and their action items, mentees, the reading list, harvest state, the profile,
the account and its roles, peer requests and mentor shares — moves that person's version on,
in the writing transaction, by a trigger in the database (migration 0007); so it does whoever
writes: the web app, the command line, a job worker, a script. Reads never move it.

A result kept under the :func:`stamp` it was computed at is right for as long as the stamp is
the same. Read the stamp *before* the data the result is computed from: then a write that
lands in between makes the kept result newer than its stamp, never older.

Example:
    >>> before = stamp(store, person_id)                            # doctest: +SKIP
    >>> ws.log("Fixed the flaky checkout test")                     # doctest: +SKIP
    >>> stamp(store, person_id) != before                           # doctest: +SKIP
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ladder.store import Store


@dataclass(frozen=True)
class Stamp:
    """What a result computed from one person's data depends on, besides the day.

    ``version``: the person's data version (0 before anything of theirs was written).
    ``ladder``: the active ladder version and the newest installed one (old ids of every
    installed version are followed), ``"active/newest"``; empty without a ladder.
    """

    person_id: int | None
    version: int
    ladder: str


_LADDER = (
    "(SELECT id FROM ladder_version WHERE is_active = 1) AS active, "
    "(SELECT MAX(id) FROM ladder_version) AS newest"
)


def _ladder(active: object, newest: object) -> str:
    return "" if newest is None else f"{active}/{newest}"


def stamp(store: Store, person_id: int | None) -> Stamp:
    """The person's data version and the ladder's, in one query (``None``: no person)."""
    # query() ends the read's transaction on PostgreSQL (one() would leave it open)
    row = store.query(
        f"SELECT (SELECT version FROM person_version WHERE person_id = :p) AS version, {_LADDER}",
        {"p": person_id if person_id is not None else -1},
    )[0]
    return Stamp(person_id, int(row["version"] or 0), _ladder(row["active"], row["newest"]))


def stamps(store: Store, person_ids: Iterable[int]) -> dict[int, Stamp]:
    """:func:`stamp` of several people, in one query."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    params = {f"p{n}": pid for n, pid in enumerate(ids)}
    marks = ", ".join(f":{k}" for k in params)
    rows = store.query(
        f"SELECT v.person_id, v.version, l.active, l.newest FROM (SELECT {_LADDER}) l "
        f"LEFT JOIN person_version v ON v.person_id IN ({marks})",
        params,
    )
    ladder = _ladder(rows[0]["active"], rows[0]["newest"])
    found = {int(r["person_id"]): int(r["version"]) for r in rows if r["person_id"] is not None}
    return {pid: Stamp(pid, found.get(pid, 0), ladder) for pid in ids}


__all__ = ["Stamp", "stamp", "stamps"]
