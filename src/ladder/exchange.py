"""Export and import of a whole workspace as JSON: a lossless round trip.

The file format is described by ``data/export.schema.json`` and ``docs/export-format.md``.
Rows travel by their ``uid`` (never by local integer ids), so importing the same file twice
adds nothing, and an import into an empty workspace gives back exactly what was exported.
Import validates the whole file first and writes in one transaction: all or nothing.

An import is a way in like the command line and the API, so it keeps the same rules
(:mod:`ladder.rules`): no text with a NUL character or a lone surrogate anywhere, names, notes
and titles within their limits, days in the years ladder works with and not in the future
where the work log records what happened, months written ``YYYY-MM``, and only the raters,
tracks, kinds and statuses the commands offer.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ladder import __version__, framework, rules
from ladder.clock import SYSTEM
from ladder.errors import InputError, LocatedError
from ladder.store import Store

FORMAT = "ladder-export"
FORMAT_VERSION = 1


@dataclass
class ImportResult:
    """What an import did, per kind of row: added, updated, unchanged."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def bump(self, kind: str, what: str) -> None:
        """Count one row of ``kind`` as ``what`` (added / updated / unchanged)."""
        bucket = self.counts.setdefault(kind, {"added": 0, "updated": 0, "unchanged": 0})
        bucket[what] += 1

    @property
    def changed(self) -> bool:
        """True when the import wrote anything."""
        return any(c["added"] or c["updated"] for c in self.counts.values())


# -- export -----------------------------------------------------------------------------------


def export(store: Store, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The whole workspace as JSON-ready data, stamped ``now`` (default: the wall clock)."""
    listed = _people(store)
    people = [entry for _id, entry in listed]
    uid_of = {pid: entry["uid"] for pid, entry in listed}
    ladders = [
        {
            "ladder_id": v["ladder_id"],
            "version": v["version"],
            "source_name": v["source_name"],
            "source_text": v["source_text"],
            "installed_at": v["installed_at"],
            "active": bool(v["is_active"]),
        }
        for v in store.query("SELECT * FROM ladder_version ORDER BY installed_at, id")
    ]
    children = _children(store)
    items = []
    for e in store.query("SELECT * FROM evidence ORDER BY id"):
        tags, links, areas = children.get(e["id"], ([], [], []))
        items.append(
            {
                "uid": e["uid"],
                "person": uid_of[e["person_id"]],
                "date": e["occurred_on"],
                "text": e["text"],
                "impact": e["impact"],
                "source": e["source"],
                "source_ref": e["source_ref"],
                "url": e["url"],
                "tags": tags,
                "links": links,
                "areas": areas,
                "created_at": e["created_at"],
                "updated_at": e["updated_at"],
                "deleted_at": e["deleted_at"],
                "kind": e["kind"],
                "body": e["body"],
                "data": json.loads(e["data"]) if e["data"] else {},
                "content_hash": e["content_hash"],
                "edited_at": e["edited_at"],
                "substance": e["substance"],
                "substance_reason": e["substance_reason"],
                "substance_by": e["substance_by"],
            }
        )
    evidence_uid = {e["id"]: e["uid"] for e in store.query("SELECT id, uid FROM evidence")}
    activities = [
        {
            "person": uid_of[a["person_id"]],
            "source": a["source"],
            "source_ref": a["source_ref"],
            "evidence": evidence_uid.get(a["evidence_id"]),
            "kind": a["kind"],
            "occurred_at": a["occurred_at"],
            "title": a["title"],
            "body": a["body"],
            "url": a["url"],
            "data": json.loads(a["data"]) if a["data"] else {},
        }
        for a in store.query("SELECT * FROM activity ORDER BY id")
    ]
    state = [
        {
            "person": uid_of[s["person_id"]],
            "source": s["source"],
            "key": s["key"],
            "value": s["value"],
            "updated_at": s["updated_at"],
        }
        for s in store.query("SELECT * FROM harvest_state ORDER BY person_id, source, key")
    ]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generator": f"ladder {__version__}",
        "exported_at": (now or SYSTEM.now()).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "people": people,
        "ladders": ladders,
        "evidence": items,
        "activities": activities,
        "harvest_state": state,
        **_export_growth(store),
    }


def _people(store: Store, ids: list[int] | None = None) -> list[tuple[int, dict[str, Any]]]:
    """(id, entry) of every person (or of ``ids``), each entry as the export writes it."""
    sql = "SELECT * FROM person"
    params: dict[str, Any] = {}
    if ids is not None:
        sql += " WHERE id IN (" + ", ".join(f":p{n}" for n in range(len(ids))) + ")"
        params = {f"p{n}": pid for n, pid in enumerate(ids)}
    out = []
    for p in store.query(sql + " ORDER BY id", params):
        idents = store.query(
            "SELECT kind, value FROM person_identity WHERE person_id = :id ORDER BY id",
            {"id": p["id"]},
        )
        entry = {
            "uid": p["uid"],
            "name": p["name"],
            "level": p["level"],
            "target_level": p["target_level"],
            "track": p["track"],
            "is_self": bool(p["is_self"]),
            "created_at": p["created_at"],
            "emails": [i["value"] for i in idents if i["kind"] == "email"],
            "handles": [i["value"] for i in idents if i["kind"] == "handle"],
        }
        out.append((int(p["id"]), entry))
    return out


def people(store: Store, ids: list[int] | None = None) -> list[dict[str, Any]]:
    """The people (or those with ``ids``) as the export writes them."""
    return [entry for _id, entry in _people(store, ids)]


def growth(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Mentees, 1:1s, action items, ratings, goals and learning as the export writes them."""
    return _export_growth(store)


def _children(
    store: Store, evidence_id: int | None = None
) -> dict[int, tuple[list[str], list[str], list[dict[str, Any]]]]:
    """Tags, links and areas per evidence id (of one entry, or of all)."""
    out: dict[int, tuple[list[str], list[str], list[dict[str, Any]]]] = {}
    where = "" if evidence_id is None else "WHERE evidence_id = :id "
    p = {"id": evidence_id}

    def slot(eid: int) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        return out.setdefault(eid, ([], [], []))

    for r in store.query(
        f"SELECT evidence_id, tag FROM evidence_tag {where}ORDER BY evidence_id, tag", p
    ):
        slot(r["evidence_id"])[0].append(r["tag"])
    for r in store.query(
        f"SELECT evidence_id, url FROM evidence_link {where}ORDER BY evidence_id, position", p
    ):
        slot(r["evidence_id"])[1].append(r["url"])
    for r in store.query(
        f"SELECT * FROM evidence_area {where}ORDER BY evidence_id, area_id, expectation_id", p
    ):
        slot(r["evidence_id"])[2].append(
            {
                "area": r["area_id"],
                "expectation": r["expectation_id"],
                "origin": r["origin"],
                "confidence": float(r["confidence"]),
                "reason": r["reason"],
                "created_at": r["created_at"],
            }
        )
    return out


def write_file(data: dict[str, Any], path: str | Path) -> None:
    """Write an export to ``path`` atomically (a temporary file, then a rename).

    Raises:
        InputError: The path cannot be written.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from exc


# -- import -----------------------------------------------------------------------------------


def read_file(path: str | Path) -> Any:
    """Read an export file.

    Raises:
        InputError: It is missing or unreadable.
        LocatedError: It is not JSON ladder reads (see :func:`parse`): file, line and reason.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{p}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise LocatedError(str(p), None, "not UTF-8 text: is this a ladder export?") from exc
    except OSError as exc:
        raise InputError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    return parse(text, source_name=str(p))


def parse(text: str, *, source_name: str) -> Any:
    """The JSON of an export, read through :func:`ladder.loaders.load_json`.

    Raises:
        LocatedError: Empty, not JSON (a truncated file, say), nested deeper than any export
            is, or holding text that is not valid Unicode: file, line and reason.
    """
    from ladder.loaders import load_json

    if not text.strip():
        raise LocatedError(source_name, 1, "the file is empty")

    def truncated(text: str) -> str:
        return "; the file looks truncated" if not text.rstrip().endswith("}") else ""

    return load_json(text, source_name=source_name, hint=truncated)


def validate(data: Any, *, source_name: str, today: dt.date | None = None) -> None:
    """Check an export completely, before anything is written.

    Args:
        data: The parsed file.
        source_name: The file, for messages.
        today: The day the import runs: what a person wrote (an entry logged by hand, a 1:1,
            a mentee's start) may not lie after it, as the commands refuse it; one day of
            grace covers a file written in a time zone ahead. Harvested entries keep the day
            their source gave (a commit may be dated ahead), within the years ladder works
            with. Default: the wall clock's day.

    Raises:
        LocatedError: The first problem, naming the file and the record.
    """
    today = (today or SYSTEM.today()) + dt.timedelta(days=1)

    def fail(reason: str) -> None:
        raise LocatedError(source_name, None, reason)

    if not isinstance(data, dict) or data.get("format") != FORMAT:
        fail('not a ladder export (expected "format": "ladder-export")')
    version = data.get("format_version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        fail(
            f"written by a newer ladder (export format {version}); this version reads format "
            f"{FORMAT_VERSION}: upgrade ladder to import it"
        )
    problem = _schema_problem(data)
    if problem is not None:
        fail(problem)
    bad = _bad_string(data)
    if bad is not None:
        fail(f"{bad[0]}: {bad[1]}")

    people = {p["uid"] for p in data["people"]}
    if len(people) != len(data["people"]):
        fail("people: the same uid appears twice")
    if sum(p["is_self"] for p in data["people"]) > 1:
        fail("people: more than one person is marked is_self")
    for i, lad in enumerate(data["ladders"]):
        ladder, problems = framework.check(lad["source_text"])
        if problems:
            p = problems[0]
            fail(f"ladders[{i}] ({lad['source_name']}) line {p.line}: {p.reason}")
        assert ladder is not None
        if (ladder.id, ladder.version) != (lad["ladder_id"], lad["version"]):
            fail(f"ladders[{i}]: ladder_id/version do not match the ladder text")
    evidence_uids = {e["uid"] for e in data["evidence"]}
    for i, a in enumerate(data.get("activities", [])):
        if a["person"] not in people:
            fail(f"activities[{i}]: person {a['person']!r} is not among the people in the file")
        if a["evidence"] is not None and a["evidence"] not in evidence_uids:
            fail(
                f"activities[{i}]: evidence {a['evidence']!r} is not among the evidence in the file"
            )
    for i, s in enumerate(data.get("harvest_state", [])):
        if s["person"] not in people:
            fail(f"harvest_state[{i}]: person {s['person']!r} is not among the people in the file")
    seen: set[str] = set()
    for i, p in enumerate(data["people"]):
        try:
            rules.check_name(p["name"])
        except InputError as exc:
            fail(f"people[{i}]: {exc}")
    for i, e in enumerate(data["evidence"]):
        where = f"evidence[{i}]"
        if e["uid"] in seen:
            fail(f"{where}: the uid {e['uid']!r} appears twice")
        seen.add(e["uid"])
        if e["person"] not in people:
            fail(f"{where}: person {e['person']!r} is not among the people in the file")
        try:
            by_hand = e["source"] == "manual"
            rules.check_day(e["date"], "date", today=today if by_hand else None)
            rules.clean_entry(e["text"], impact=e["impact"], tags=e["tags"], links=e["links"])
        except InputError as exc:
            fail(f"{where}: {exc}")
    _validate_growth(data, fail)
    _validate_growth_fields(data, fail, today=today)


@functools.cache
def _schema() -> dict[str, Any]:
    text = resources.files("ladder.data").joinpath("export.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _fast_check() -> Callable[[Any], Any]:
    """The export schema compiled to Python (fastjsonschema): a valid file passes in a
    fraction of jsonschema's time. Its keywords are all draft-07's, which it reads alike."""
    import fastjsonschema

    draft7 = {**_schema(), "$schema": "http://json-schema.org/draft-07/schema#"}
    return fastjsonschema.compile(draft7)


def _schema_problem(data: Any) -> str | None:
    """The first problem of ``data`` against the export schema, worded by jsonschema.

    The compiled check answers first; only when it finds something does jsonschema look for
    the problem to name (and jsonschema has the last word: the compiled check is stricter on
    ``format``, which jsonschema does not check)."""
    import fastjsonschema

    try:
        _fast_check()(data)
        return None
    except fastjsonschema.JsonSchemaException:
        pass
    import jsonschema

    validator = jsonschema.Draft202012Validator(_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return None
    return f"{_path(error.absolute_path)}: {rules.shorten(error.message, 300)}"


def _bad_string(data: Any) -> tuple[str, str] | None:
    """The path of the first string no store can hold — a NUL character (outside the ``data``
    objects, which are stored as JSON and escape it) or a lone surrogate — and why."""
    stack: list[tuple[str, Any, bool]] = [("", data, False)]
    while stack:
        path, value, in_data = stack.pop()
        if isinstance(value, str):
            problem = rules.unicode_problem(value)
            if problem is None and "\x00" in value and not in_data:
                problem = "the text contains a NUL character"
            if problem:
                return path or "top level", problem
        elif isinstance(value, dict):
            for k, v in value.items():
                stack.append((f"{path}.{k}" if path else str(k), v, in_data or k == "data"))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", v, in_data) for i, v in enumerate(value))
    return None


def _path(parts: Any) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "top level"


def import_(
    store: Store,
    data: Any,
    *,
    source_name: str,
    now: str,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    checked: bool = False,
) -> ImportResult:
    """Validate an export, then merge it into the store in one transaction.

    Rows are matched by uid: new ones are added, changed ones updated, identical ones left
    alone — importing the same file twice changes nothing.

    Args:
        store: Where to import.
        data: The parsed file.
        source_name: The file, for messages.
        now: The time stamped on what the import changes.
        today: The day the import runs (see :func:`validate`).
        progress: ``progress(done, total)``: how many entries are written.
        checked: The caller has just passed ``data`` through :func:`validate` with the same
            ``today`` (a push checks first, to look at what it holds): not again.

    Raises:
        LocatedError: The file is invalid (nothing was written).
        InputError: A ladder version in the file conflicts with an installed one.
    """
    if not checked:
        validate(data, source_name=source_name, today=today)
    result = ImportResult()
    with store.transaction():
        person_ids = _import_people(store, data["people"], result)
        _import_ladders(store, data["ladders"], result, source_name=source_name)
        total = len(data["evidence"])
        for n, e in enumerate(data["evidence"], start=1):
            _import_entry(store, e, person_ids[e["person"]], result)
            if progress is not None and (n % 200 == 0 or n == total):
                progress(n, total)
        _import_activities(store, data.get("activities", []), person_ids, result)
        _import_state(store, data.get("harvest_state", []), person_ids, result)
        _import_growth(store, data, result)
    return result


def _import_activities(
    store: Store, activities: list[dict[str, Any]], person_ids: dict[str, int], result: ImportResult
) -> None:
    for a in activities:
        pid = person_ids[a["person"]]
        evidence_id = None
        if a["evidence"] is not None:
            evidence_id = store.scalar(
                "SELECT id FROM evidence WHERE uid = :u", {"u": a["evidence"]}
            )
        values = {
            "evidence_id": evidence_id,
            "kind": a["kind"],
            "occurred_at": a["occurred_at"],
            "title": a["title"],
            "body": a.get("body"),
            "url": a.get("url"),
            "data": json.dumps(a["data"], sort_keys=True, ensure_ascii=False)
            if a.get("data")
            else None,
        }
        key = {"p": pid, "s": a["source"], "r": a["source_ref"]}
        row = store.one(
            "SELECT * FROM activity WHERE person_id = :p AND source = :s AND source_ref = :r", key
        )
        if row is None:
            store.insert(
                "activity",
                {**values, "person_id": pid, "source": a["source"], "source_ref": a["source_ref"]},
            )
            result.bump("activities", "added")
        elif all(row[k] == v for k, v in values.items()):
            result.bump("activities", "unchanged")
        else:
            sets = ", ".join(f"{k} = :{k}" for k in values)
            store.execute(f"UPDATE activity SET {sets} WHERE id = :id", {**values, "id": row["id"]})
            result.bump("activities", "updated")


def _import_state(
    store: Store, state: list[dict[str, Any]], person_ids: dict[str, int], result: ImportResult
) -> None:
    for s in state:
        key = {"p": person_ids[s["person"]], "s": s["source"], "k": s["key"]}
        row = store.one(
            "SELECT value, updated_at FROM harvest_state WHERE person_id = :p AND source = :s AND key = :k",
            key,
        )
        if row is not None and (row["value"], row["updated_at"]) == (s["value"], s["updated_at"]):
            result.bump("harvest_state", "unchanged")
            continue
        store.execute(
            "DELETE FROM harvest_state WHERE person_id = :p AND source = :s AND key = :k", key
        )
        store.execute(
            "INSERT INTO harvest_state (person_id, source, key, value, updated_at) VALUES (:p, :s, :k, :v, :t)",
            {**key, "v": s["value"], "t": s["updated_at"]},
        )
        result.bump("harvest_state", "added" if row is None else "updated")


def _import_people(
    store: Store, people: list[dict[str, Any]], result: ImportResult
) -> dict[str, int]:
    ids: dict[str, int] = {}
    has_self = store.scalar("SELECT id FROM person WHERE is_self = 1") is not None
    for p in people:
        row = store.one("SELECT * FROM person WHERE uid = :u", {"u": p["uid"]})
        values = {
            "name": p["name"],
            "level": p["level"],
            "target_level": p["target_level"],
            "track": p.get("track"),
        }
        idents = [("email", e) for e in p["emails"]] + [("handle", h) for h in p["handles"]]
        if row is None:
            pid = store.insert(
                "person",
                {
                    **values,
                    "uid": p["uid"],
                    "is_self": int(p["is_self"] and not has_self),
                    "created_at": p["created_at"],
                },
            )
            has_self = has_self or p["is_self"]
            result.bump("people", "added")
        else:
            pid = int(row["id"])
            old_idents = [
                (r["kind"], r["value"])
                for r in store.query(
                    "SELECT kind, value FROM person_identity WHERE person_id = :id ORDER BY id",
                    {"id": pid},
                )
            ]
            if {k: row[k] for k in values} == values and old_idents == idents:
                result.bump("people", "unchanged")
                ids[p["uid"]] = pid
                continue
            store.execute(
                "UPDATE person SET name = :name, level = :level, target_level = :target_level, "
                "track = :track WHERE id = :id",
                {**values, "id": pid},
            )
            store.execute("DELETE FROM person_identity WHERE person_id = :id", {"id": pid})
            result.bump("people", "updated")
        store.executemany(
            "INSERT INTO person_identity (person_id, kind, value) VALUES (:p, :k, :v)",
            [{"p": pid, "k": k, "v": v} for k, v in idents],
        )
        ids[p["uid"]] = pid
    return ids


def _import_ladders(
    store: Store, ladders: list[dict[str, Any]], result: ImportResult, *, source_name: str
) -> None:
    active = None
    for lad in ladders:
        ladder = framework.parse(lad["source_text"], source_name=lad["source_name"])
        row = store.one(
            "SELECT id, checksum, installed_at FROM ladder_version WHERE ladder_id = :l AND version = :v",
            {"l": ladder.id, "v": ladder.version},
        )
        if row is None:
            vid = framework.install(store, ladder, now=lad["installed_at"]).version_id
            result.bump("ladders", "added")
        elif row["checksum"] != ladder.checksum:
            raise InputError(
                f"{source_name}: ladder {ladder.id!r} version {ladder.version!r} is installed here "
                "with different content; nothing was imported"
            )
        else:
            vid = int(row["id"])
            # Keep the earliest installation time, so a round trip gives back the same file.
            if lad["installed_at"] < row["installed_at"]:
                store.execute(
                    "UPDATE ladder_version SET installed_at = :t WHERE id = :id",
                    {"t": lad["installed_at"], "id": vid},
                )
                result.bump("ladders", "updated")
            else:
                result.bump("ladders", "unchanged")
        if lad["active"]:
            active = vid
    if active is not None:
        store.execute(
            "UPDATE ladder_version SET is_active = CASE WHEN id = :id THEN 1 ELSE 0 END",
            {"id": active},
        )


def _import_entry(store: Store, e: dict[str, Any], person_id: int, result: ImportResult) -> None:
    values = {
        "person_id": person_id,
        "occurred_on": e["date"],
        "text": e["text"],
        "impact": e["impact"],
        "source": e["source"],
        "source_ref": e["source_ref"],
        "url": e["url"],
        "created_at": e["created_at"],
        "updated_at": e["updated_at"],
        "deleted_at": e.get("deleted_at"),
        "kind": e.get("kind", "note"),
        "body": e.get("body"),
        "data": json.dumps(e["data"], sort_keys=True, ensure_ascii=False)
        if e.get("data")
        else None,
        "content_hash": e.get("content_hash"),
        "edited_at": e.get("edited_at"),
        "substance": e.get("substance"),
        "substance_reason": e.get("substance_reason"),
        "substance_by": e.get("substance_by"),
    }
    row = store.one("SELECT * FROM evidence WHERE uid = :u", {"u": e["uid"]})
    if row is None:
        eid = store.insert("evidence", {**values, "uid": e["uid"]})
        result.bump("evidence", "added")
    else:
        eid = int(row["id"])
        old = _children(store, eid).get(eid, ([], [], []))
        new = (
            sorted(e["tags"]),
            e["links"],
            sorted(e["areas"], key=lambda a: (a["area"], a["expectation"])),
        )
        if all(row[k] == v for k, v in values.items()) and old == new:
            result.bump("evidence", "unchanged")
            return
        sets = ", ".join(f"{k} = :{k}" for k in values)
        store.execute(f"UPDATE evidence SET {sets} WHERE id = :id", {**values, "id": eid})
        for table in ("evidence_tag", "evidence_link", "evidence_area"):
            store.execute(f"DELETE FROM {table} WHERE evidence_id = :id", {"id": eid})
        result.bump("evidence", "updated")
    store.executemany(
        "INSERT INTO evidence_tag (evidence_id, tag) VALUES (:e, :t)",
        [{"e": eid, "t": t} for t in e["tags"]],
    )
    store.executemany(
        "INSERT INTO evidence_link (evidence_id, position, url) VALUES (:e, :p, :u)",
        [{"e": eid, "p": i, "u": u} for i, u in enumerate(e["links"])],
    )
    store.executemany(
        "INSERT INTO evidence_area (evidence_id, area_id, expectation_id, origin, confidence, reason, created_at) "
        "VALUES (:e, :area, :expectation, :origin, :confidence, :reason, :created_at)",
        [{"e": eid, **a} for a in e["areas"]],
    )


# -- growth: assessments, goals, mentorship, learning -----------------------------------------
#
# These tables travel generically: every column but the integer id, with the integer foreign
# keys replaced by the uid of the row they point at (``person_id`` → ``"person": uid``).
# Order matters on import: a table comes after the tables it refers to.


@dataclass(frozen=True)
class _Growth:
    key: str  # the key in the export file
    table: str
    refs: tuple[tuple[str, str, str], ...]  # (column, field in the file, referenced table)


GROWTH = (
    _Growth("mentees", "mentee", (("person_id", "person", "person"),)),
    _Growth(
        "one_on_ones",
        "one_on_one",
        (
            ("person_id", "person", "person"),
            ("mentee_id", "mentee", "mentee"),
            ("evidence_id", "evidence", "evidence"),
            ("with_person_id", "with_person", "person"),  # a team member (migration 0006)
        ),
    ),
    _Growth(
        "action_items",
        "action_item",
        (
            ("one_on_one_id", "one_on_one", "one_on_one"),
            ("closed_in_id", "closed_in", "one_on_one"),
        ),
    ),
    _Growth(
        "assessments",
        "assessment",
        (("person_id", "person", "person"), ("rater_person_id", "rater_person", "person")),
    ),
    _Growth(
        "goals",
        "goal",
        (("person_id", "person", "person"), ("evidence_id", "evidence", "evidence")),
    ),
    _Growth(
        "learning",
        "learning_item",
        (("person_id", "person", "person"), ("evidence_id", "evidence", "evidence")),
    ),
)


def _uids(store: Store, table: str) -> dict[int, str]:
    return {r["id"]: r["uid"] for r in store.query(f"SELECT id, uid FROM {table}")}


def _export_growth(store: Store) -> dict[str, list[dict[str, Any]]]:
    uid_maps: dict[str, dict[int, str]] = {}
    linked: dict[int, list[str]] = {}
    evidence_uid = _uids(store, "evidence")
    for r in store.query(
        "SELECT assessment_id, evidence_id FROM assessment_evidence ORDER BY assessment_id, evidence_id"
    ):
        linked.setdefault(r["assessment_id"], []).append(evidence_uid[r["evidence_id"]])
    checkins: dict[int, list[dict[str, Any]]] = {}
    for r in store.query("SELECT goal_id, at, note FROM goal_checkin ORDER BY goal_id, at, id"):
        checkins.setdefault(r["goal_id"], []).append({"at": r["at"], "note": r["note"]})
    out: dict[str, list[dict[str, Any]]] = {}
    for spec in GROWTH:
        rows = []
        for row in store.query(f"SELECT * FROM {spec.table} ORDER BY id"):
            item = {k: v for k, v in row.items() if k != "id"}
            for column, name, target in spec.refs:
                ref = item.pop(column)
                if target not in uid_maps:
                    uid_maps[target] = _uids(store, target)
                item[name] = None if ref is None else uid_maps[target][ref]
            if spec.table == "assessment":
                item["evidence_links"] = linked.get(row["id"], [])
            elif spec.table == "goal":
                item["checkins"] = checkins.get(row["id"], [])
            rows.append(item)
        out[spec.key] = rows
    return out


def _validate_growth(data: dict[str, Any], fail: Any) -> None:
    known: dict[str, set[str]] = {
        "person": {p["uid"] for p in data["people"]},
        "evidence": {e["uid"] for e in data["evidence"]},
    }
    for spec in GROWTH:
        uids: set[str] = set()
        for i, item in enumerate(data.get(spec.key, [])):
            where = f"{spec.key}[{i}]"
            if item["uid"] in uids:
                fail(f"{where}: the uid {item['uid']!r} appears twice")
            uids.add(item["uid"])
            for _column, name, target in spec.refs:
                ref = item.get(name)
                if ref is not None and ref not in known[target]:
                    fail(f"{where}: {name} {ref!r} is not among the {target} rows in the file")
            for ref in item.get("evidence_links", []):
                if ref not in known["evidence"]:
                    fail(f"{where}: evidence {ref!r} is not among the evidence in the file")
        known[spec.table] = uids


def _validate_growth_fields(data: dict[str, Any], fail: Any, *, today: dt.date) -> None:
    """The rules the commands apply to each growth row's fields, applied to the file's."""
    from ladder import assessment, goal, learning

    def text(what: str, *, limit: int = rules.MAX_TEXT) -> Any:
        return lambda v: rules.check_text(v, what, limit=limit)

    def name(what: str) -> Any:
        return lambda v: rules.check_name(v, what)

    def day(what: str, *, past: bool = True) -> Any:
        return lambda v: rules.check_day(v, what, today=today if past else None)

    def one_of(kind: str, allowed: tuple[str, ...]) -> Any:
        def check(v: str) -> None:
            if v not in allowed:
                raise InputError(rules.unknown(kind, v, allowed))

        return check

    def number(what: str, low: int, high: int) -> Any:
        def check(v: int) -> None:
            if not low <= v <= high:
                raise InputError(f"the {what} is {v}; it must be from {low} to {high}")

        return check

    checks: dict[str, dict[str, Any]] = {
        "mentees": {
            "name": name("mentee's name"),
            "note": text("note"),
            "started_on": day("start"),
            "ended_on": day("end"),
        },
        "one_on_ones": {"with_name": name("name"), "held_on": day("day"), "notes": text("notes")},
        "action_items": {"text": text("action item")},
        "assessments": {
            "rater": one_of("rater", assessment.RATERS),
            "rating": number("rating", 0, len(assessment.RATINGS) - 1),
            "rater_name": text("rater's name", limit=rules.MAX_NAME),
            "note": text("note"),
        },
        "goals": {
            "month": rules.check_month,
            "track": one_of("track", goal.TRACKS),
            "status": one_of("status", goal.STATUSES),
            "title": text("title"),
            "note": text("note"),
        },
        "learning": {
            "title": text("title"),
            "author": text("author"),
            "kind": one_of("kind", learning.KINDS),
            "status": one_of("status", learning.STATUSES),
            "progress": number("progress", 0, 100),
            "note": text("note"),
            "applied": text("text"),
            "started_on": day("start day"),
            "finished_on": day("finishing day"),
        },
    }
    for key, fields in checks.items():
        for i, item in enumerate(data.get(key, [])):
            for column, check in fields.items():
                value = item.get(column)
                if value is None:
                    continue
                try:
                    check(value)
                except InputError as exc:
                    fail(f"{key}[{i}].{column}: {exc}")
            for n, checkin in enumerate(item.get("checkins", []) if key == "goals" else []):
                try:
                    rules.check_text(checkin["note"], "check-in note")
                except InputError as exc:
                    fail(f"{key}[{i}].checkins[{n}].note: {exc}")


def _import_growth(store: Store, data: dict[str, Any], result: ImportResult) -> None:
    for spec in GROWTH:
        items = data.get(spec.key, [])
        if not items:
            continue
        ids = {
            target: {v: k for k, v in _uids(store, target).items()} for _c, _n, target in spec.refs
        }
        evidence_id = {v: k for k, v in _uids(store, "evidence").items()}
        for item in items:
            values = {
                k: v
                for k, v in item.items()
                if k not in ("uid", "evidence_links", "checkins")
                and k not in {name for _c, name, _t in spec.refs}
            }
            for column, name, target in spec.refs:
                ref = item.get(name)
                values[column] = None if ref is None else ids[target][ref]
            row = store.one(f"SELECT * FROM {spec.table} WHERE uid = :u", {"u": item["uid"]})
            children = _growth_children(spec.table, item, evidence_id)
            if row is None:
                rid = store.insert(spec.table, {**values, "uid": item["uid"]})
                result.bump(spec.key, "added")
            else:
                rid = int(row["id"])
                same = all(row.get(k) == v for k, v in values.items())
                if same and _growth_children_of(store, spec.table, rid) == children:
                    result.bump(spec.key, "unchanged")
                    continue
                sets = ", ".join(f"{k} = :{k}" for k in values)
                store.execute(
                    f"UPDATE {spec.table} SET {sets} WHERE id = :id", {**values, "id": rid}
                )
                result.bump(spec.key, "updated")
            _write_growth_children(store, spec.table, rid, children)


def _growth_children(table: str, item: dict[str, Any], evidence_id: dict[str, int]) -> list[Any]:
    if table == "assessment":
        return sorted(evidence_id[u] for u in item.get("evidence_links", []))
    if table == "goal":
        return [(c["at"], c["note"]) for c in item.get("checkins", [])]
    return []


def _growth_children_of(store: Store, table: str, rid: int) -> list[Any]:
    if table == "assessment":
        return [
            r["evidence_id"]
            for r in store.query(
                "SELECT evidence_id FROM assessment_evidence WHERE assessment_id = :id "
                "ORDER BY evidence_id",
                {"id": rid},
            )
        ]
    if table == "goal":
        return [
            (r["at"], r["note"])
            for r in store.query(
                "SELECT at, note FROM goal_checkin WHERE goal_id = :id ORDER BY at, id", {"id": rid}
            )
        ]
    return []


def _write_growth_children(store: Store, table: str, rid: int, children: list[Any]) -> None:
    if table == "assessment":
        store.execute("DELETE FROM assessment_evidence WHERE assessment_id = :id", {"id": rid})
        store.executemany(
            "INSERT INTO assessment_evidence (assessment_id, evidence_id) VALUES (:a, :e)",
            [{"a": rid, "e": e} for e in children],
        )
    elif table == "goal":
        store.execute("DELETE FROM goal_checkin WHERE goal_id = :id", {"id": rid})
        store.executemany(
            "INSERT INTO goal_checkin (goal_id, at, note) VALUES (:g, :at, :note)",
            [{"g": rid, "at": at, "note": note} for at, note in children],
        )
