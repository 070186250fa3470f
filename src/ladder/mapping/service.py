"""Mapping in the store: ``ladder map``, ``ladder why``, ``ladder tag``, ``ladder classify``.

Rows of ``evidence_area`` carry an origin:

- ``user``: the person's decision. Confidence 1 means "this item shows this area (or
  expectation)"; confidence 0 means **rejected**: "this item does not show it". A rejection
  row names an area (``expectation_id = ''``: the whole area) or one expectation.
- ``source``: a harvest source's hint (the harvest core replaces these).
- ``mapper``: ladder's guess, written only here.

Rules, in order:

1. ``user`` rows are never written or removed by the mapper; only :func:`tag` writes them.
2. The mapper never suggests an area (or expectation) the person rejected for the item, and
   when it maps an item it removes ``source`` rows the person rejected.
3. The mapper does not add its own row for an area the item already has from the person or
   from a source: the person's word, then the source's, stand for that area.
4. Learning: the person's ``user`` rows on *other* items shape suggestions
   (:mod:`ladder.mapping.learn`).

:func:`effective` applies the same rules to an entry's rows, for anything that reads them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ladder.errors import InputError, NotFoundError
from ladder.evidence import effective
from ladder.framework import Renames, unknown_id_message
from ladder.mapping.judge import FALLBACK, GRADES, ROUTINE, Grade, assess
from ladder.mapping.judge import prepare as judge_ready
from ladder.mapping.learn import Learned, decisions_from_rows
from ladder.mapping.mapper import Mapper, Suggestion, mapper_for, signal_dict
from ladder.mapping.rules import Hint, MapItem

if TYPE_CHECKING:
    from ladder.framework import Ladder
    from ladder.store import Store

REJECTED_REASON = "rejected by you: ladder will not suggest it again"
SET_REASON = "set by you"
_LAST_RUN = "mapping.last_run.{person}"
#: The items :func:`map_items` maps by default: never graded and mapped yet, or updated since
#: the person's last map (``{since}``: when that was).
_NEW_OR_CHANGED = (
    "e.person_id = :p AND e.deleted_at IS NULL AND (e.updated_at > {since} OR e.substance IS NULL)"
)
_CHUNK = 500
MAX_CHANGES = 500  # changes listed in a summary (all are counted)


# -- reading -------------------------------------------------------------------------------------
@dataclass
class Row:
    """One stored mapping of an item."""

    area: str
    expectation: str
    origin: str
    confidence: float
    reason: str

    @property
    def rejected(self) -> bool:
        """A person's rejection (origin ``user``, confidence 0)."""
        return self.origin == "user" and self.confidence <= 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "area": self.area,
            "expectation": self.expectation,
            "origin": self.origin,
            "confidence": self.confidence,
            "reason": self.reason,
            "rejected": self.rejected,
        }


@dataclass
class Loaded:
    """An item as the mapper reads it, with its stored rows."""

    id: int
    text: str
    item: MapItem
    rows: list[Row]
    substance: str | None = None  # the grade stored now
    substance_by: str | None = None  # "user" when the person set it: their word wins

    def rejected(self) -> set[str]:
        """Area ids (whole-area rejections) and expectation ids the person rejected."""
        return {r.expectation or r.area for r in self.rows if r.rejected}

    def taken(self) -> set[str]:
        """Areas the person (positively) or a source already gave the item."""
        return {r.area for r in self.rows if r.origin in ("user", "source") and not r.rejected}


def _item(r: dict[str, Any], tags: Sequence[str], rows: Sequence[Row]) -> MapItem:
    try:
        data = json.loads(r["data"]) if r.get("data") else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    hints = [
        Hint(x.area, x.expectation, x.confidence, x.reason, r.get("source") or "")
        for x in rows
        if x.origin == "source"
    ]
    words = data.get("words")  # what the person wrote, when a source's title is its own summary
    return MapItem(
        text=words if isinstance(words, str) and words.strip() else r["text"] or "",
        kind=r.get("kind") or "note",
        body=r.get("body"),
        impact=r.get("impact"),
        tags=tuple(tags),
        data=data,
        hints=hints,
    )


def load(store: Store, condition: str, params: dict[str, Any]) -> list[Loaded]:
    """Items of evidence matching ``condition`` (SQL over alias ``e``), with tags and rows."""
    found = store.query(
        "SELECT e.id, e.text, e.impact, e.body, e.kind, e.data, e.source, e.substance, "
        "e.substance_by FROM evidence e "
        f"WHERE {condition} ORDER BY e.id",
        params,
    )
    if not found:
        return []
    tags: dict[int, list[str]] = {}
    for r in store.query(
        "SELECT t.evidence_id, t.tag FROM evidence_tag t JOIN evidence e ON e.id = t.evidence_id "
        f"WHERE {condition} ORDER BY t.tag",
        params,
    ):
        tags.setdefault(int(r["evidence_id"]), []).append(r["tag"])
    rows: dict[int, list[Row]] = {}
    for r in store.query(
        "SELECT a.evidence_id, a.area_id, a.expectation_id, a.origin, a.confidence, a.reason "
        "FROM evidence_area a JOIN evidence e ON e.id = a.evidence_id "
        f"WHERE {condition} ORDER BY a.area_id, a.expectation_id",
        params,
    ):
        rows.setdefault(int(r["evidence_id"]), []).append(
            Row(
                r["area_id"],
                r["expectation_id"] or "",
                r["origin"],
                float(r["confidence"]),
                r["reason"] or "",
            )
        )
    out = []
    for r in found:
        eid = int(r["id"])
        mine = rows.get(eid, [])
        out.append(
            Loaded(
                eid,
                r["text"] or "",
                _item(r, tags.get(eid, ()), mine),
                mine,
                substance=r.get("substance"),
                substance_by=r.get("substance_by"),
            )
        )
    return out


def learned_for(store: Store, person_id: int) -> Learned:
    """What the person's decisions teach the mapper (read afresh on every call)."""
    cond = (
        "e.person_id = :p AND e.deleted_at IS NULL AND e.id IN "
        "(SELECT u.evidence_id FROM evidence_area u WHERE u.origin = 'user')"
    )
    items = load(store, cond, {"p": person_id})
    decided = {i.id: i.item for i in items}
    rows = [
        {
            "evidence_id": i.id,
            "area_id": r.area,
            "expectation_id": r.expectation,
            "confidence": r.confidence,
        }
        for i in items
        for r in i.rows
        if r.origin == "user"
    ]
    return Learned(decisions_from_rows(rows, decided))


def prepare(ladder: Ladder) -> None:
    """Compile what mapping onto ``ladder`` needs (the mapper, the judge's patterns) ahead of
    the first item, e.g. while a harvest's source starts."""
    mapper_for(ladder)
    judge_ready()


# -- ladder map --------------------------------------------------------------------------------
@dataclass
class Change:
    """What one run did to one item's mapper rows."""

    id: int
    text: str
    before: list[dict[str, Any]]
    after: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {"id": self.id, "text": self.text, "before": self.before, "after": self.after}


@dataclass
class MapSummary:
    """What ``ladder map`` did."""

    mode: str  # new | all | one
    examined: int = 0
    mapped: int = 0  # items with at least one mapping (any origin) afterwards
    no_signal: int = 0  # items with no mapping at all afterwards
    changed: int = 0  # items whose mapper rows changed
    unchanged: int = 0
    rows_added: int = 0
    rows_removed: int = 0
    hints_removed: int = 0  # source rows removed because the person rejected them
    learned_from: int = 0  # decided items the mapper learned from
    changes: list[Change] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (``--json``)."""
        return {
            "mode": self.mode,
            "examined": self.examined,
            "mapped": self.mapped,
            "no_signal": self.no_signal,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "rows_added": self.rows_added,
            "rows_removed": self.rows_removed,
            "hints_removed": self.hints_removed,
            "learned_from": self.learned_from,
            "changes": [c.to_dict() for c in self.changes],
        }


def _mapper_dicts(rows: Iterable[Row]) -> list[dict[str, Any]]:
    return [
        {
            "area": r.area,
            "expectation": r.expectation,
            "confidence": r.confidence,
            "reason": r.reason,
        }
        for r in rows
        if r.origin == "mapper"
    ]


def plan(
    mapper: Mapper, loaded: Loaded, learned: Learned | None
) -> tuple[list[Suggestion], list[Row]]:
    """What the mapper would store for an item, and the source rows to drop (rejected)."""
    return plan_graded(mapper, loaded, learned)[1:]


def plan_graded(
    mapper: Mapper, loaded: Loaded, learned: Learned | None
) -> tuple[Grade, list[Suggestion], list[Row]]:
    """:func:`plan` with the item's substance grade (the person's, when they set one)."""
    rejected = loaded.rejected()
    taken = loaded.taken()
    grade, found = assess(mapper, loaded.item, rejected=rejected, learned=learned)
    if loaded.substance_by == "user" and loaded.substance in GRADES:
        grade = Grade(loaded.substance, "you said so")
        if loaded.substance == ROUTINE:
            found = []
        elif not found:
            found = mapper.suggest(loaded.item, rejected=rejected, learned=learned)
    suggestions = [
        s
        for s in found
        if s.area not in taken and not (taken and s.signals and s.signals[0].kind == FALLBACK)
    ]
    drop = [
        r
        for r in loaded.rows
        if r.origin == "source"
        and (r.area in rejected or (r.expectation and r.expectation in rejected))
    ]
    return grade, suggestions, drop


def map_items(
    store: Store,
    ladder: Ladder,
    *,
    person_id: int,
    now: str,
    entry_id: int | None = None,
    everything: bool = False,
    ids: Sequence[int] | None = None,
    ungraded: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> MapSummary:
    """Map one item, every item, the items with these ``ids``, the items never graded yet
    (``ungraded``: what a harvest cut short left behind), or (default) the new or changed ones.

    "New or changed" means: never graded and mapped yet, or updated (harvested again, edited)
    since the last ``ladder map``. ``progress(done, total)`` hears how far it is, chunk by chunk.

    Raises:
        NotFoundError: ``entry_id`` is not one of the person's live entries.
    """
    mapper = mapper_for(ladder)
    params: dict[str, Any] = {"p": person_id}
    if ids is not None:
        mode = "some"
        marks = {f"i{n}": i for n, i in enumerate(ids)}
        cond = f"e.person_id = :p AND e.deleted_at IS NULL AND e.id IN ({', '.join(':' + k for k in marks) or 'NULL'})"
        params.update(marks)
    elif entry_id is not None:
        mode = "one"
        cond = "e.person_id = :p AND e.deleted_at IS NULL AND e.id = :id"
        params["id"] = entry_id
    elif everything:
        mode = "all"
        cond = "e.person_id = :p AND e.deleted_at IS NULL"
    elif ungraded:
        mode = "some"
        cond = "e.person_id = :p AND e.deleted_at IS NULL AND e.substance IS NULL"
    else:
        mode = "new"
        params["since"] = last_mapped(store, person_id=person_id) or ""
        cond = _NEW_OR_CHANGED.format(since=":since")
    items = load(store, cond, params)
    if entry_id is not None and not items:
        raise NotFoundError(f"no entry #{entry_id}", hint="`ladder entries` lists them")
    learned = learned_for(store, person_id)
    summary = MapSummary(mode=mode, learned_from=len(learned))
    if progress is not None:
        progress(0, len(items))
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        with store.transaction():
            writes = _Writes(store)
            for loaded in chunk:
                _apply(store, mapper, loaded, learned, summary, now, writes)
            writes.flush()
        if progress is not None:
            progress(start + len(chunk), len(items))
    if mode == "all" or (mode == "new" and items):  # nothing new: nothing to write
        with store.transaction():
            key = _LAST_RUN.format(person=person_id)
            store.execute("DELETE FROM setting WHERE key = :k", {"k": key})
            store.execute("INSERT INTO setting (key, value) VALUES (:k, :v)", {"k": key, "v": now})
    return summary


def last_mapped(store: Store, *, person_id: int) -> str | None:
    """When :func:`map_items` last mapped the person's new and changed items (None: never)."""
    value = store.scalar(
        "SELECT value FROM setting WHERE key = :k", {"k": _LAST_RUN.format(person=person_id)}
    )
    return None if value is None else str(value)


def pending(store: Store, *, person_id: int) -> bool:
    """Whether the person has items never graded and mapped, or changed since their last map
    (:func:`last_mapped`; before a first map, only the ungraded: what came graded, as a push
    or a harvest job brings it, is mapped already). One query, for a reader that wants their
    mappings current (a manager's view of a report whose work was logged and never mapped).
    """
    since = "(SELECT value FROM setting WHERE key = :k)"  # NULL before a first map
    return bool(
        store.scalar(
            f"SELECT 1 FROM evidence e WHERE {_NEW_OR_CHANGED.format(since=since)} LIMIT 1",
            {"p": person_id, "k": _LAST_RUN.format(person=person_id)},
        )
    )


class _Writes:
    """A chunk's writes, one statement each (``executemany``) rather than one a row: a harvest
    maps thousands of new items. Every write touches one item's rows only, so running the
    chunk's deletes before its inserts ends the table as each item writing its own did; a
    changed item's mapper rows are deleted whether or not it had any when it was loaded (another
    mapper, a web request or a job, may have mapped it since)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.grades: list[dict[str, Any]] = []
        self.drops: list[dict[str, Any]] = []
        self.cleared: list[dict[str, Any]] = []
        self.rows: list[dict[str, Any]] = []

    def flush(self) -> None:
        self.store.executemany(
            "UPDATE evidence SET substance = :g, substance_reason = :r, substance_by = 'ladder' "
            "WHERE id = :e",
            self.grades,
        )
        self.store.executemany(
            "DELETE FROM evidence_area WHERE evidence_id = :e AND origin = 'source' "
            "AND area_id = :a AND expectation_id = :x",
            self.drops,
        )
        self.store.executemany(
            "DELETE FROM evidence_area WHERE evidence_id = :e AND origin = 'mapper'", self.cleared
        )
        self.store.executemany(
            "INSERT INTO evidence_area (evidence_id, area_id, expectation_id, origin, confidence, reason, created_at) "
            "VALUES (:e, :a, :x, 'mapper', :c, :r, :now)",
            self.rows,
        )
        self.grades, self.drops, self.cleared, self.rows = [], [], [], []


def _apply(
    store: Store,
    mapper: Mapper,
    loaded: Loaded,
    learned: Learned,
    summary: MapSummary,
    now: str,
    writes: _Writes,
) -> None:
    summary.examined += 1
    grade, suggestions, drop = plan_graded(mapper, loaded, learned)
    if loaded.substance_by != "user":
        writes.grades.append({"g": grade.grade, "r": grade.reason, "e": loaded.id})
    for r in drop:
        writes.drops.append({"e": loaded.id, "a": r.area, "x": r.expectation})
        summary.hints_removed += 1
    old = {
        (r.area, r.expectation): (r.confidence, r.reason)
        for r in loaded.rows
        if r.origin == "mapper"
    }
    new = {(s.area, s.expectation): (s.confidence, s.reason) for s in suggestions}
    kept = [r for r in loaded.rows if r.origin != "mapper" and not r.rejected and r not in drop]
    if kept or new:
        summary.mapped += 1
    else:
        summary.no_signal += 1
    if old == new:
        summary.unchanged += 1
        return
    writes.cleared.append({"e": loaded.id})
    writes.rows.extend(
        {
            "e": loaded.id,
            "a": s.area,
            "x": s.expectation,
            "c": s.confidence,
            "r": s.reason,
            "now": now,
        }
        for s in suggestions
    )
    summary.changed += 1
    summary.rows_added += len(set(new) - set(old))
    summary.rows_removed += len(set(old) - set(new))
    if len(summary.changes) < MAX_CHANGES:
        summary.changes.append(
            Change(
                loaded.id,
                loaded.text,
                _mapper_dicts(loaded.rows),
                [s.to_dict() for s in suggestions],
            )
        )


# -- ladder why ----------------------------------------------------------------------------------
@dataclass
class Explanation:
    """Every mapping of an item, and what ladder sees in it now."""

    id: int
    text: str
    kind: str
    source: str
    rows: list[Row]
    suggestions: list[Suggestion]  # what a fresh `ladder map ID` would store
    signals: list[dict[str, Any]]  # every signal, strongest first
    learned_from: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (``--json``)."""
        by_area = {s.area: s for s in self.suggestions}
        mappings = []
        for r in self.rows:
            d = r.to_dict()
            if r.origin == "mapper" and r.area in by_area:
                d["signals"] = [signal_dict(s) for s in by_area[r.area].signals[:6]]
            mappings.append(d)
        return {
            "id": self.id,
            "text": self.text,
            "kind": self.kind,
            "source": self.source,
            "mappings": mappings,
            "fresh": [s.to_dict(signals=True) for s in self.suggestions],
            "signals": self.signals,
            "learned_from": self.learned_from,
        }


def explain(store: Store, ladder: Ladder, *, person_id: int, entry_id: int) -> Explanation:
    """Why item ``entry_id`` is mapped the way it is.

    Raises:
        NotFoundError: No such entry of this person.
    """
    found = load(store, "e.person_id = :p AND e.id = :id", {"p": person_id, "id": entry_id})
    if not found:
        raise NotFoundError(f"no entry #{entry_id}", hint="`ladder entries` lists them")
    loaded = found[0]
    mapper = mapper_for(ladder)
    learned = learned_for(store, person_id)
    suggestions, _drop = plan(mapper, loaded, learned)
    signals = mapper.signals(loaded.item, learned=learned)
    source = store.scalar("SELECT source FROM evidence WHERE id = :id", {"id": entry_id})
    return Explanation(
        id=loaded.id,
        text=loaded.text,
        kind=loaded.item.kind,
        source=str(source or ""),
        rows=loaded.rows,
        suggestions=suggestions,
        signals=[signal_dict(s) for s in signals],
        learned_from=len(learned),
    )


# -- ladder tag ------------------------------------------------------------------------------------
@dataclass
class TagResult:
    """What ``ladder tag`` decided, and the item's mappings afterwards."""

    id: int
    added: list[tuple[str, str]]
    rejected: list[tuple[str, str]]
    rows: list[Row]
    substance: str | None = None  # the grade the person set, when they set one
    unlinked: list[str] = field(default_factory=list)  # stale ids (no version has them) removed

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (``--json``)."""
        return {
            "id": self.id,
            "substance": self.substance,
            "added": [{"area": a, "expectation": x} for a, x in self.added],
            "rejected": [{"area": a, "expectation": x} for a, x in self.rejected],
            "unlinked": list(self.unlinked),
            "mappings": [r.to_dict() for r in self.rows],
        }


def resolve_target(ladder: Ladder, value: str, *, area: str | None = None) -> tuple[str, str]:
    """(area, expectation) for an area id, an area alias, or an expectation id.

    Raises:
        InputError: The ladder has no such area or expectation (the message lists them).
    """
    given = value.strip().lower()
    if not given:
        raise InputError("an empty area or expectation id")
    areas = {a.id: a for a in ladder.areas}
    for a in ladder.areas:
        if given == a.id or given in a.aliases:
            if area and area != a.id:
                raise InputError(
                    f"{value!r} is an area; --expectation takes an expectation of {area}"
                )
            return a.id, ""
        for e in a.expectations:
            if given == e.id or given in e.aliases:
                if area and area != a.id:
                    raise InputError(
                        f"expectation {e.id!r} belongs to {a.id}, not {area}; "
                        f"{area} has: {', '.join(x.id for x in areas[area].expectations)}"
                    )
                return a.id, e.id
    if "." in given:
        prefix = given.split(".", 1)[0]
        scope = areas.get(area or prefix)
        known = (
            [e.id for e in scope.expectations] if scope else [e.id for e in ladder.expectations()]
        )
        raise InputError(unknown_id_message("expectation", value, known))
    raise InputError(unknown_id_message("area", value, [a.id for a in ladder.areas]))


def tag(
    store: Store,
    ladder: Ladder,
    *,
    person_id: int,
    entry_id: int,
    now: str,
    area: str | None = None,
    expectation: str | None = None,
    remove: Sequence[str] = (),
    substance: str | None = None,
) -> TagResult:
    """Record the person's decision on an item: it shows an area (or expectation), or it does
    not; and how much it weighs.

    Args:
        substance: ``routine``, ``ordinary`` or ``significant``: the person's grade, which
            wins over ladder's (routine work never counts toward readiness).
        area: An area id (or alias) the item shows.
        expectation: An expectation id it shows (its area is implied; with ``area`` it must
            belong to it).
        remove: Areas or expectations it does *not* show. Stored as rejections so that
            re-mapping never brings them back. An id the active ladder no longer has (nor
            reaches through an alias) but that the item links to is a stale link: it is
            removed, and nothing is stored in its place.

    Raises:
        InputError: Nothing to do, an unknown area or expectation (the message lists them),
            or the same area both added and removed.
        NotFoundError: No such live entry.
    """
    if not area and not expectation and not remove and substance is None:
        raise InputError(
            "say what to record: --area AREA, --expectation ID, --remove AREA or --substance GRADE"
        )
    if substance is not None:
        substance = substance.strip().lower()
        if substance not in GRADES:
            raise InputError(
                f"unknown substance {substance!r}", hint=f"give one of {', '.join(GRADES)}"
            )
    add: tuple[str, str] | None = None
    if area:
        a, x = resolve_target(ladder, area)
        if x:
            raise InputError(f"{area!r} is an expectation: use --expectation {x}")
        add = (a, "")
    if expectation:
        a, x = resolve_target(ladder, expectation, area=add[0] if add else None)
        if not x:
            raise InputError(f"{expectation!r} is an area, not an expectation: use --area {a}")
        add = (a, x)
    found = load(
        store,
        "e.person_id = :p AND e.deleted_at IS NULL AND e.id = :id",
        {"p": person_id, "id": entry_id},
    )
    if not found and not remove:
        raise NotFoundError(f"no entry #{entry_id}", hint="`ladder entries` lists them")
    rows = found[0].rows if found else []
    renames = Renames(store, ladder)
    rejects: list[tuple[str, str]] = []
    unlinked: list[str] = []
    for value in remove:
        try:
            rejects.append(resolve_target(ladder, value))
        except InputError:
            given = value.strip().lower()
            if not any(given in (row.area, row.expectation) for row in rows):
                raise
            unlinked.append(given)  # a link to an id no version has any more
    rejects = list(dict.fromkeys(rejects))
    if add and any(r[0] == add[0] and (not r[1] or r[1] == add[1]) for r in rejects):
        raise InputError(f"{add[1] or add[0]} is both added and removed")
    if not found:
        raise NotFoundError(f"no entry #{entry_id}", hint="`ladder entries` lists them")

    def now_id(value: str) -> str:  # a stored id as the active ladder names it
        return renames.follow(value) if value else value

    added: list[tuple[str, str]] = []
    with store.transaction():
        if add:
            a, x = add
            mine = [
                r for r in rows if now_id(r.area) == a and r.origin == "user" and not r.rejected
            ]
            if any(now_id(r.expectation) == x for r in mine) or (not x and mine):
                pass  # already decided (as precisely or more so)
            else:
                # the decision replaces: ladder's guesses for the area, a rejection it
                # contradicts, a vaguer decision, and a source hint naming the same thing
                for r in rows:
                    if now_id(r.area) != a:
                        continue
                    if (
                        r.origin == "mapper"
                        or (r.rejected and now_id(r.expectation) in ("", x))
                        or (r.origin == "user" and not r.rejected and x and not r.expectation)
                        or now_id(r.expectation) == x
                    ):
                        _delete(store, entry_id, r)
                _insert_user(store, entry_id, a, x, 1.0, SET_REASON, now)
                added.append(add)
        for a, x in rejects:
            for r in rows:
                if now_id(r.area) == a and (not x or now_id(r.expectation) == x):
                    _delete(store, entry_id, r)
            _insert_user(store, entry_id, a, x, 0.0, REJECTED_REASON, now)
        for stale in unlinked:
            for r in rows:
                if stale in (r.area, r.expectation):
                    _delete(store, entry_id, r)
        if substance is not None:
            store.execute(
                "UPDATE evidence SET substance = :g, substance_reason = :r, substance_by = 'user' "
                "WHERE id = :id",
                {"g": substance, "r": "you said so", "id": entry_id},
            )
    # keep the item mapped: ladder's other suggestions follow the decision at once
    map_items(store, ladder, person_id=person_id, now=now, entry_id=entry_id)
    after = load(store, "e.id = :id", {"id": entry_id})[0]
    return TagResult(entry_id, added, rejects, after.rows, substance, unlinked)


def _delete(store: Store, entry_id: int, r: Row) -> None:
    store.execute(
        "DELETE FROM evidence_area WHERE evidence_id = :e AND area_id = :a AND expectation_id = :x",
        {"e": entry_id, "a": r.area, "x": r.expectation},
    )


def _insert_user(
    store: Store, entry_id: int, area: str, exp: str, confidence: float, reason: str, now: str
) -> None:
    store.execute(
        "INSERT INTO evidence_area "
        "(evidence_id, area_id, expectation_id, origin, confidence, reason, created_at) "
        "VALUES (:e, :a, :x, 'user', :c, :r, :now)",
        {"e": entry_id, "a": area, "x": exp, "c": confidence, "r": reason, "now": now},
    )


# -- ladder classify evidence --------------------------------------------------------------------
@dataclass
class Classified:
    """One classified text (``ladder classify evidence``)."""

    text: str
    suggestions: list[Suggestion]
    substance: Grade | None = None

    def to_dict(self) -> dict[str, Any]:
        """One JSON line: ``label`` is the top mapping (or null), ``labels`` all of them,
        ``substance`` the grade (routine work gets no label) with its reason."""
        top = self.suggestions[0] if self.suggestions else None
        if top is None:
            reason = (
                "no text"
                if not self.text.strip()
                else f"routine: {self.substance.reason}"
                if self.substance is not None and self.substance.grade == ROUTINE
                else "no signal: nothing in the text points to an area"
            )
        else:
            reason = top.reason
        return {
            "text": self.text if len(self.text) <= 200 else self.text[:199] + "…",
            "label": {"area": top.area, "expectation": top.expectation} if top else None,
            "confidence": top.confidence if top else 0.0,
            "reason": reason,
            "labels": [s.to_dict() for s in self.suggestions],
            "substance": self.substance.grade if self.substance else None,
            "substance_reason": self.substance.reason if self.substance else None,
        }


def classify(
    ladder: Ladder,
    items: Iterable[str | MapItem],
    *,
    kind: str = "note",
    learned: Learned | None = None,
) -> list[Classified]:
    """Classify ad-hoc texts (read as ``kind``) or items (nothing is stored)."""
    mapper = mapper_for(ladder)
    out = []
    for it in items:
        item = it if isinstance(it, MapItem) else MapItem("" if it is None else str(it), kind=kind)
        grade, found = assess(mapper, item, learned=learned)
        out.append(Classified(item.text or "", found, grade))
    return out


__all__ = [
    "REJECTED_REASON",
    "Change",
    "Classified",
    "Explanation",
    "Loaded",
    "MapSummary",
    "Row",
    "TagResult",
    "classify",
    "effective",
    "explain",
    "learned_for",
    "load",
    "map_items",
    "plan",
    "prepare",
    "resolve_target",
    "tag",
]
