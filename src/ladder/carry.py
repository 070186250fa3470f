"""A new ladder version carries the person along: their levels, and what links to old ids.

``ladder framework use FILE`` installs a version whose levels, areas or expectations may
differ from the active one. Before anything is written, :func:`plan` finds where the
profile's level and target land on the new ladder — the same id, an id listed under the new
level's ``aliases:``, the same name, or the same place along the track — and names what it
cannot place, so that the caller asks (in a terminal) or refuses (without one). :func:`apply`
installs the version and moves the profile in one transaction. :func:`report` then tells
what the stored links (evidence, ratings, goals) read as now: kept, followed through an
alias, or dropped — with the command that re-tags or removes each dropped one.

Stored ids are never rewritten: links are read through :class:`ladder.framework.Renames`, so
going back to an older version reads them as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ladder import framework
from ladder.errors import InputError, NotFoundError
from ladder.framework import Ladder
from ladder.store import Store

#: How a level was placed on the new ladder, and how to say it.
HOW = {
    "same id": "same id",
    "alias": "by alias",
    "name": "by name",
    "order": "by order",
    "given": "as you said",
}


@dataclass(frozen=True)
class Placed:
    """Where one of the profile's levels lands on the new ladder."""

    what: str  # "level" or "target"
    old: str | None  # the id on the active ladder
    new: str | None  # the id on the new ladder; None: not placed (ask, or refuse)
    how: str = ""  # one of HOW; "" when not placed
    old_name: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"what": self.what, "old": self.old, "new": self.new, "how": self.how or None}


@dataclass(frozen=True)
class Plan:
    """What installing ``ladder`` does to the profile (nothing is written yet)."""

    ladder: Ladder
    level: Placed
    target: Placed
    track: str | None = None  # the track the profile follows on the new ladder
    old_track: str | None = None
    has_profile: bool = True

    @property
    def unplaced(self) -> list[Placed]:
        """The levels the profile has that found no place on the new ladder."""
        return [p for p in (self.level, self.target) if p.old and not p.new]

    @property
    def moved(self) -> bool:
        """Whether the profile changes (a level id or the track)."""
        return (
            self.level.old != self.level.new
            or self.target.old != self.target.new
            or self.track != self.old_track
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "level": self.level.to_dict(),
            "target": self.target.to_dict(),
            "track": self.track,
            "old_track": self.old_track,
        }


def place(old: Ladder | None, new: Ladder, level_id: str, *, track: str | None = None) -> Placed:
    """Where ``level_id`` of ``old`` lands on ``new``: the same id, a new level that lists it
    under ``aliases:``, a level of the same name, or the level at the same place along the
    track when both tracks have as many levels; else nowhere (``new`` is None)."""
    ids = [lv.id for lv in new.levels]
    old_name = ""
    if old is not None:
        old_name = next((lv.name for lv in old.levels if lv.id == level_id), "")
    if level_id in ids:
        return Placed("", level_id, level_id, "same id", old_name)
    for lv in new.levels:
        if level_id in lv.aliases:
            return Placed("", level_id, lv.id, "alias", old_name)
    wanted = {_fold(level_id), _fold(old_name)} - {""}
    for lv in new.levels:
        if _fold(lv.name) in wanted or _fold(lv.id) in wanted:
            return Placed("", level_id, lv.id, "name", old_name)
    if old is not None:
        before = [lv.id for lv in old.path(_known(old, track))]
        after = [lv.id for lv in new.path(_known(new, track))]
        if level_id in before and len(before) == len(after):
            return Placed("", level_id, after[before.index(level_id)], "order", old_name)
    return Placed("", level_id, None, "", old_name)


def _fold(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _known(ladder: Ladder, track: str | None) -> str | None:
    return track if track in {t.id for t in ladder.tracks} else None


def plan(
    store: Store,
    new: Ladder,
    *,
    level: str | None = None,
    target: str | None = None,
    track: str | None = None,
) -> Plan:
    """Where the profile lands on ``new`` (nothing is written).

    Args:
        store: The store (the active ladder and the profile are read from it).
        new: The ladder about to be installed.
        level: The level to take on ``new`` (default: the profile's, placed).
        target: The target level to take on ``new`` (default: the profile's, placed).
        track: The track to follow on ``new`` (default: the profile's when ``new`` has it and
            both levels are on it, else the first track that has them).

    Raises:
        InputError: A level or track given that ``new`` does not have, a level not on the
            track, or a target below the level (the message names the flags).
    """
    from ladder import person

    row = store.one("SELECT level, target_level, track FROM person WHERE is_self = 1")
    try:
        old: Ladder | None = framework.load(store)
    except NotFoundError:
        old = None
    have_level = row["level"] if row else None
    have_target = row["target_level"] if row else None
    old_track = row["track"] if row else None

    def placed(what: str, given: str | None, have: str | None) -> Placed:
        if given is not None:
            value = given.strip().lower()
            if not value:
                raise InputError(f"the {what} is empty", hint=_levels_hint(new))
            new.level(value)  # an unknown level: the message lists them
            return Placed(what, have, value, "given")
        if have is None:
            return Placed(what, None, None)
        p = place(old, new, have, track=old_track)
        return Placed(what, have, p.new, p.how, p.old_name)

    try:
        lv = placed("level", level, have_level)
        tg = placed("target", target, have_target)
    except NotFoundError as err:
        raise InputError(f"{new.source_name}: {err.message}", hint=err.hint) from err
    chosen_track = None
    if not (lv.old and not lv.new) and not (tg.old and not tg.new):
        _, _, chosen_track = person.check_levels(new, lv.new, tg.new, track, prefer=old_track)
    elif track is not None:
        chosen_track = new.track(track).id if new.tracks else None
    return Plan(new, lv, tg, chosen_track, old_track, has_profile=row is not None)


def _levels_hint(ladder: Ladder) -> str:
    return f"its levels: {', '.join(lv.id for lv in ladder.levels)}"


def unplaced_message(p: Plan, *, command: str | None = None, source: str | None = None) -> InputError:
    """The error for levels that found no place and no terminal to ask on.

    Args:
        p: The plan.
        command: The command that installs the ladder, for the hint (default:
            ``ladder framework use FILE``).
        source: What to call the ladder's source (default: its file name).
    """
    parts = [
        f"your {x.what} {x.old!r}"
        + (f" ({x.old_name})" if x.old_name and x.old_name.lower() != (x.old or "") else "")
        for x in p.unplaced
    ]
    flags = " ".join(f"--{x.what} ID" for x in p.unplaced)
    return InputError(
        f"{source or p.ladder.source_name}: {' and '.join(parts)} "
        f"{'has' if len(parts) == 1 else 'have'} no counterpart in {p.ladder.name} "
        f"version {p.ladder.version} (no level with that id, alias or name, and the levels "
        f"do not line up one to one); its levels: {', '.join(lv.id for lv in p.ladder.levels)}. "
        "Nothing was installed.",
        hint="say where you stand on it: "
        f"{command or f'ladder framework use {p.ladder.source_name}'} {flags}",
    )


def apply(store: Store, p: Plan, *, now: str) -> framework.InstallResult:
    """Install the plan's ladder and move the profile onto it, in one transaction.

    Raises:
        InputError: A level is still unplaced, or the version is installed with other content.
    """
    if p.unplaced:
        raise unplaced_message(p)
    with store.transaction():
        result = framework.install(store, p.ladder, now=now)
        if p.has_profile and p.moved:
            store.execute(
                "UPDATE person SET level = :l, target_level = :t, track = :k WHERE is_self = 1",
                {"l": p.level.new, "t": p.target.new, "k": p.track},
            )
    return result


# -- what the links read as now ------------------------------------------------------------------


@dataclass
class Carried:
    """What the stored links read as on the active ladder, after a new version."""

    followed: dict[tuple[str, str], int] = field(default_factory=dict)  # (old, new) -> entries
    dropped: dict[str, list[int]] = field(default_factory=dict)  # stale id -> entry ids
    ratings_followed: dict[tuple[str, str], int] = field(default_factory=dict)
    ratings_dropped: dict[str, int] = field(default_factory=dict)
    goals_followed: list[tuple[int, str, str]] = field(default_factory=list)  # (id, old, new)
    goals_dropped: list[tuple[int, str]] = field(default_factory=list)  # (id, stale id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "evidence_followed": [
                {"from": a, "to": b, "entries": n} for (a, b), n in self.followed.items()
            ],
            "evidence_dropped": [
                {"id": k, "entries": ids} for k, ids in self.dropped.items()
            ],
            "ratings_followed": [
                {"from": a, "to": b, "ratings": n} for (a, b), n in self.ratings_followed.items()
            ],
            "ratings_dropped": [{"id": k, "ratings": n} for k, n in self.ratings_dropped.items()],
            "goals_followed": [
                {"goal": g, "from": a, "to": b} for g, a, b in self.goals_followed
            ],
            "goals_dropped": [{"goal": g, "id": k} for g, k in self.goals_dropped],
        }


def report(store: Store, *, person_id: int | None) -> Carried:
    """Every stored link of the person (live evidence, current ratings, active goals), read on
    the active ladder: the ones that follow an alias to a new id, and the dropped ones."""
    out = Carried()
    if person_id is None:
        return out
    ladder = framework.load(store)
    renames = framework.Renames(store, ladder)
    live = {a.id for a in ladder.areas} | {e.id for e in ladder.expectations()}
    for r in store.query(
        "SELECT ea.area_id, ea.expectation_id, ea.evidence_id FROM evidence_area ea "
        "JOIN evidence e ON e.id = ea.evidence_id WHERE e.person_id = :p "
        "AND e.deleted_at IS NULL AND NOT (ea.origin = 'user' AND ea.confidence <= 0) "
        "ORDER BY ea.evidence_id, ea.area_id, ea.expectation_id",
        {"p": person_id},
    ):
        for stored in (r["area_id"], r["expectation_id"]):
            if not stored or stored in live:
                continue
            now = renames.follow(stored)
            if now in live:
                key = (stored, now)
                out.followed[key] = out.followed.get(key, 0) + 1
            else:
                ids = out.dropped.setdefault(stored, [])
                if r["evidence_id"] not in ids:
                    ids.append(int(r["evidence_id"]))
    for r in store.query(
        "SELECT expectation_id, COUNT(DISTINCT rater || '/' || rater_name) AS n FROM assessment "
        "WHERE person_id = :p "
        "GROUP BY expectation_id ORDER BY expectation_id",
        {"p": person_id},
    ):
        stored = r["expectation_id"]
        if not stored or stored in live:
            continue
        now = renames.follow(stored)
        if now in live:
            out.ratings_followed[(stored, now)] = int(r["n"])
        else:
            out.ratings_dropped[stored] = int(r["n"])
    for r in store.query(
        "SELECT id, area_id, expectation_id FROM goal WHERE person_id = :p "
        "AND status = 'active' ORDER BY id",
        {"p": person_id},
    ):
        stored = r["expectation_id"] or r["area_id"]
        if not stored or stored in live:
            continue
        now = renames.follow(stored)
        if now in live:
            out.goals_followed.append((int(r["id"]), stored, now))
        else:
            out.goals_dropped.append((int(r["id"]), stored))
    return out
