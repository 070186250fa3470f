"""Push and pull between an engineer's own workspace and their account on a team server.

The laptop stays the engineer's: it decides what leaves it. ``ladder push`` sends the owner's
evidence (with its mappings and weight), their own ratings, their goals and the 1:1 notes they
marked shared; private notes, mentees, the reading list and raw harvest records never leave.
``ladder pull`` brings back what others entered on the server for them: manager and peer
ratings and the 1:1 notes shared with them.

Both directions travel in the export format (``docs/export-format.md``) and are checked by
:func:`ladder.exchange.validate` and written by :func:`ladder.exchange.import_`: the same one
path as ``ladder import`` and the API, so nothing comes in that an import would refuse.

Rules (``docs/team.md``):

- **Idempotent by uid.** Every row carries the uid it was made with; pushing twice changes
  nothing the second time.
- **Incremental and resumable.** Evidence goes in batches, oldest change first; after each
  batch the server acknowledged, the laptop keeps a cursor (the last ``updated_at`` and uid).
  A cut connection loses at most the batch in flight, which the next push sends again.
- **Conflicts.** On the person's evidence the person's edit wins: a laptop copy of an item the
  server harvested too (same source and reference) replaces the server's copy; where both
  sides edited the same item, the newer edit wins and the other is reported. A rating belongs
  to its rater: a push carries only the person's own ratings, a pull only others'. Nothing is
  dropped silently: every conflict is in the result.
- **Ownership.** The server files everything under the account the token belongs to; a uid
  that already belongs to someone else is refused, and nothing of that push is written.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ladder import exchange, person, rules
from ladder.errors import InputError, LadderError, NotFoundError
from ladder.store import Store

#: Evidence items per push request.
BATCH = 500
#: The largest push request a server reads.
MAX_PUSH_BYTES = 8 * 1024 * 1024
REMOTE_KEY = "remote."
CURSOR_KEY = "sync."
_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")


class ConflictError(InputError):
    """A pushed uid belongs to someone else on the server (409)."""

    http_status = 409


# -- remotes (the laptop) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Remote:
    """A team server this workspace pushes to; its token lives in a 0600 file, never here."""

    name: str
    url: str
    token_file: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (no token)."""
        return {"name": self.name, "url": self.url, "token_file": self.token_file}


def check_url(url: str) -> str:
    """A server address: https, or http to this machine only (a token never crosses a network
    in the clear)."""
    import httpx

    text = url.strip().rstrip("/")
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, ValueError) as exc:
        raise InputError(f"{url!r} is not a URL") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InputError(
            f"{url!r} is not an http(s) address", hint="e.g. https://ladder.example.com"
        )
    if parsed.scheme == "http" and parsed.host not in ("127.0.0.1", "localhost", "::1"):
        raise InputError(
            f"{url!r} would send your token in the clear",
            hint="use https:// (http is allowed only to this machine)",
        )
    return text


def remotes(store: Store) -> list[Remote]:
    """The remotes of this workspace, by name."""
    rows = store.query(
        "SELECT key, value FROM setting WHERE key LIKE :k ORDER BY key", {"k": REMOTE_KEY + "%"}
    )
    return [Remote(name=r["key"][len(REMOTE_KEY) :], **json.loads(r["value"])) for r in rows]


def remote(store: Store, name: str | None) -> Remote:
    """The remote called ``name`` (default: the only one).

    Raises:
        NotFoundError: No such remote, or several and no name.
    """
    known = remotes(store)
    if name is None:
        if len(known) == 1:
            return known[0]
        if not known:
            raise NotFoundError(
                "no team server yet",
                hint="ladder remote add team https://ladder.example.com --token-file FILE",
            )
        raise InputError(
            "there are several remotes: name one", hint=", ".join(r.name for r in known)
        )
    for r in known:
        if r.name == name:
            return r
    raise NotFoundError(rules.unknown("remote", name, [r.name for r in known]))


def add_remote(store: Store, home: Path, name: str, url: str, token: str) -> Remote:
    """Keep a remote: its address in the store, its token in ``home/remotes/NAME.token`` (0600).

    Raises:
        InputError: A bad name, address or token, or the name is taken.
    """
    if not _NAME.match(name):
        raise InputError(
            f"{name!r} is not a remote name", hint="lower-case letters, digits, - and _, e.g. team"
        )
    clean_url = check_url(url)
    secret = token.strip()
    if not secret or any(c.isspace() for c in secret) or len(secret) > 512:
        raise InputError(
            "that is not an API token", hint="make one with `ladder users token EMAIL`"
        )
    if any(r.name == name for r in remotes(store)):
        raise InputError(
            f"there is a remote called {name!r} already", hint=f"ladder remote remove {name}"
        )
    folder = home / "remotes"
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    path = folder / f"{name}.token"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(secret + "\n")
    os.chmod(path, 0o600)
    found = Remote(name=name, url=clean_url, token_file=str(path))
    with store.transaction():
        store.execute(
            "INSERT INTO setting (key, value) VALUES (:k, :v)",
            {"k": REMOTE_KEY + name, "v": json.dumps({"url": clean_url, "token_file": str(path)})},
        )
    return found


def remove_remote(store: Store, name: str) -> Remote:
    """Forget a remote, its token file and its push cursor."""
    found = remote(store, name)
    with store.transaction():
        store.execute(
            "DELETE FROM setting WHERE key IN (:a, :b)",
            {"a": REMOTE_KEY + name, "b": CURSOR_KEY + name},
        )
    Path(found.token_file).unlink(missing_ok=True)
    return found


def read_token(found: Remote) -> str:
    """The remote's token, from its file (refused if others may read the file)."""
    path = Path(found.token_file)
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise InputError(
            f"cannot read the token of {found.name!r} ({path}): {exc.strerror}",
            hint=f"ladder remote remove {found.name}, then add it again",
        ) from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputError(f"{path} may be read by others", hint=f"chmod 600 {path}")
    return text


# -- what a push carries (the laptop) -----------------------------------------------------------


@dataclass
class Cursor:
    """How far pushes to a remote got: the last evidence change the server acknowledged."""

    updated_at: str = ""
    uid: str = ""

    def after(self, updated_at: str, uid: str) -> bool:
        return (updated_at, uid) > (self.updated_at, self.uid)


def cursor(store: Store, name: str) -> Cursor:
    value = store.scalar("SELECT value FROM setting WHERE key = :k", {"k": CURSOR_KEY + name})
    return Cursor(**json.loads(value)) if value else Cursor()


def save_cursor(store: Store, name: str, at: Cursor) -> None:
    with store.transaction():
        store.execute("DELETE FROM setting WHERE key = :k", {"k": CURSOR_KEY + name})
        store.execute(
            "INSERT INTO setting (key, value) VALUES (:k, :v)",
            {"k": CURSOR_KEY + name, "v": json.dumps({"updated_at": at.updated_at, "uid": at.uid})},
        )


def _base(doc_people: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": exchange.FORMAT,
        "format_version": exchange.FORMAT_VERSION,
        "generator": "ladder push",
        "exported_at": "1970-01-01T00:00:00Z",
        "people": doc_people,
        "ladders": [],
        "evidence": [],
        "activities": [],
        "harvest_state": [],
    }


def push_batches(
    store: Store, since: Cursor, *, batch: int = BATCH
) -> Iterator[tuple[dict[str, Any], Cursor | None]]:
    """The push as documents: evidence changed after ``since`` in batches, then one with the
    owner's ratings, goals and shared 1:1 notes (and the evidence they point at). Each comes
    with the cursor to keep once the server acknowledged it (None for the last)."""
    pid = person.self_id(store)
    if pid is None:
        raise NotFoundError("this workspace has no profile yet", hint="run `ladder init` first")
    full = exchange.export(store, now=dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    me = next(p for p in full["people"] if p["is_self"])
    people = [me]
    mine = [e for e in full["evidence"] if e["person"] == me["uid"]]
    mine.sort(key=lambda e: (e["updated_at"], e["uid"]))
    changed = [e for e in mine if since.after(e["updated_at"], e["uid"])]
    for start in range(0, len(changed), batch):
        chunk = changed[start : start + batch]
        last = chunk[-1]
        yield (
            _base(people) | {"evidence": chunk},
            Cursor(updated_at=last["updated_at"], uid=last["uid"]),
        )
    growth = _own_growth(full, me["uid"])
    wanted = {
        ref
        for key in ("assessments", "goals", "one_on_ones")
        for item in growth[key]
        for ref in [item.get("evidence"), *item.get("evidence_links", [])]
        if ref
    }
    cited = [e for e in mine if e["uid"] in wanted]
    yield _base(people) | {"evidence": cited} | growth, None


def _own_growth(full: dict[str, Any], me: str) -> dict[str, list[dict[str, Any]]]:
    """The owner's own ratings, goals, and the shared 1:1 notes they wrote (no mentees)."""
    ratings = [
        a | {"rater_person": None}
        for a in full.get("assessments", [])
        if a["person"] == me and a["rater"] == "self"
    ]
    goals = [g for g in full.get("goals", []) if g["person"] == me]
    notes = [
        n | {"mentee": None, "with_person": None}
        for n in full.get("one_on_ones", [])
        if n["person"] == me and n.get("shared")
    ]
    note_uids = {n["uid"] for n in notes}
    actions = [
        a | {"closed_in": a["closed_in"] if a.get("closed_in") in note_uids else None}
        for a in full.get("action_items", [])
        if a["one_on_one"] in note_uids
    ]
    return {
        "mentees": [],
        "one_on_ones": notes,
        "action_items": actions,
        "assessments": ratings,
        "goals": goals,
        "learning": [],
    }


# -- receiving a push (the server) --------------------------------------------------------------


@dataclass
class SyncResult:
    """What a push or a pull did: counts per kind, and every conflict, in words."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    conflicts: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"counts": self.counts, "conflicts": self.conflicts}

    def add(self, other: exchange.ImportResult) -> None:
        for kind, by in other.counts.items():
            mine = self.counts.setdefault(kind, {})
            for what, n in by.items():
                mine[what] = mine.get(what, 0) + n


_OWNED = {  # the tables whose uids a push may carry, and how to tell the row's owner
    "evidence": "SELECT person_id FROM evidence WHERE uid = :u",
    "assessments": "SELECT person_id FROM assessment WHERE uid = :u",
    "goals": "SELECT person_id FROM goal WHERE uid = :u",
    "one_on_ones": "SELECT person_id FROM one_on_one WHERE uid = :u",
    "action_items": "SELECT o.person_id FROM action_item a JOIN one_on_one o "
    "ON o.id = a.one_on_one_id WHERE a.uid = :u",
}


def receive_push(
    store: Store, person_id: int, doc: Any, *, now: str, today: dt.date, source_name: str = "push"
) -> SyncResult:
    """File a pushed document under ``person_id`` (the token's person), by the rules above.

    Raises:
        LocatedError: The document is invalid (nothing written).
        ConflictError: A uid in it belongs to someone else (nothing written).
    """
    exchange.validate(doc, source_name=source_name, today=today)
    if len(doc["people"]) != 1:
        raise InputError(f"{source_name}: a push carries exactly one person, its sender")
    sender = doc["people"][0]["uid"]
    for key in ("mentees", "learning", "activities", "harvest_state", "ladders"):
        if doc.get(key):
            raise InputError(f"{source_name}: a push does not carry {key}")
    for item in doc.get("assessments", []):
        if item["rater"] != "self":
            raise InputError(f"{source_name}: a push carries only your own ratings")
    for key, sql in _OWNED.items():
        for item in doc.get(key, []):
            owner = store.scalar(sql, {"u": item["uid"]})
            if owner is not None and int(owner) != person_id:
                raise ConflictError(f"{source_name}: {key} {item['uid']!r} is not yours")

    me = person.get(store, person_id)
    server = exchange.people(store, [person_id])[0] | {"is_self": False}
    result = SyncResult()
    evidence = []
    with store.transaction():
        for e in doc["evidence"]:
            row = store.one(
                "SELECT uid, updated_at, edited_at FROM evidence WHERE uid = :u", {"u": e["uid"]}
            )
            if row is None and e.get("source_ref"):
                twin = store.one(
                    "SELECT id, uid FROM evidence WHERE person_id = :p AND source = :s "
                    "AND source_ref = :r",
                    {"p": person_id, "s": e["source"], "r": e["source_ref"]},
                )
                if twin is not None:  # the server harvested it too: the laptop's copy wins
                    store.execute(
                        "UPDATE evidence SET uid = :u WHERE id = :id",
                        {"u": e["uid"], "id": twin["id"]},
                    )
                    result.conflicts.append(
                        {
                            "uid": e["uid"],
                            "kind": "evidence",
                            "rule": "yours wins",
                            "what": f"the server's own copy of {e['source_ref']} was replaced by yours",
                        }
                    )
            elif row is not None and row["updated_at"] > e["updated_at"]:
                result.conflicts.append(
                    {
                        "uid": e["uid"],
                        "kind": "evidence",
                        "rule": "newer edit wins",
                        "what": "edited on the server after this copy: the server's edit was kept",
                    }
                )
                continue
            evidence.append(e | {"person": me.uid})
        filed = {
            **doc,
            "people": [server],
            "evidence": evidence,
            **{
                key: [_own(item, sender, me.uid) for item in doc.get(key, [])]
                for key in ("assessments", "goals", "one_on_ones")
            },
        }
        result.add(
            exchange.import_(
                store, filed, source_name=source_name, now=now, today=today, checked=True
            )
        )
    return result


def _own(item: dict[str, Any], sender: str, me: str) -> dict[str, Any]:
    """``item`` with every reference to the sender's person pointing at the account's."""
    return item | {
        key: me
        for key in ("person", "rater_person", "with_person")
        if key in item and item[key] == sender
    }


# -- a pull (both ends) -------------------------------------------------------------------------


def pull_document(store: Store, person_id: int) -> dict[str, Any]:
    """What others entered for ``person_id`` on the server: manager and peer ratings, and the
    1:1 notes shared with them (with their action items), with the raters as people."""
    full = exchange.growth(store)  # the team's growth rows, not everyone's evidence
    me = person.get(store, person_id)
    ratings = [
        a | {"evidence_links": []}
        for a in full.get("assessments", [])
        if a["person"] == me.uid and a["rater"] != "self"
    ]
    notes = [
        n | {"mentee": None, "evidence": None}
        for n in full.get("one_on_ones", [])
        if n.get("shared") and n["person"] != me.uid and n.get("with_person") == me.uid
    ]
    note_uids = {n["uid"] for n in notes}
    actions = [
        a | {"closed_in": a["closed_in"] if a.get("closed_in") in note_uids else None}
        for a in full.get("action_items", [])
        if a["one_on_one"] in note_uids
    ]
    others = {a.get("rater_person") for a in ratings} | {n["person"] for n in notes}
    others |= {n.get("with_person") for n in notes}
    people = [
        {
            "uid": p["uid"],
            "name": p["name"],
            "level": None,
            "target_level": None,
            "is_self": p["uid"] == me.uid,
            "created_at": p["created_at"],
            "emails": [],
            "handles": [],
        }
        for p in exchange.people(store)
        if p["uid"] in others or p["uid"] == me.uid
    ]
    return _base(people) | {
        "mentees": [],
        "one_on_ones": notes,
        "action_items": actions,
        "assessments": ratings,
        "goals": [],
        "learning": [],
    }


def receive_pull(store: Store, doc: Any, *, now: str, today: dt.date) -> SyncResult:
    """File what a server sent back into this workspace: the server's copy of the owner
    becomes the owner here; raters and note authors come as other people.

    Raises:
        LocatedError: What came back is invalid (nothing written).
    """
    exchange.validate(doc, source_name="pull", today=today)
    pid = person.self_id(store)
    if pid is None:
        raise NotFoundError("this workspace has no profile yet", hint="run `ladder init` first")
    local = person.get(store, pid).uid
    server = next((p["uid"] for p in doc["people"] if p["is_self"]), None)
    if server is None:
        raise InputError("pull: the server did not say who you are")

    def mine(uid: str | None) -> str | None:
        return local if uid == server else uid

    me_entry = exchange.people(store, [pid])[0]
    people = [me_entry] + [p | {"is_self": False} for p in doc["people"] if p["uid"] != server]
    filed = {
        **doc,
        "people": people,
        "assessments": [
            a | {"person": mine(a["person"]), "rater_person": mine(a.get("rater_person"))}
            for a in doc.get("assessments", [])
        ],
        "one_on_ones": [
            n | {"person": mine(n["person"]), "with_person": mine(n.get("with_person"))}
            for n in doc.get("one_on_ones", [])
        ],
    }
    result = SyncResult()
    for a in filed["assessments"]:
        if a["rater"] == "self":
            raise InputError("pull: the server sent a rating of yours; yours travel the other way")
    with store.transaction():
        result.add(exchange.import_(store, filed, source_name="pull", now=now, today=today))
    return result


# -- talking to the server (the laptop) ---------------------------------------------------------


def _client(found: Remote, timeout: float) -> Any:
    import httpx

    return httpx.Client(
        base_url=found.url,
        headers={"Authorization": f"Bearer {read_token(found)}", "User-Agent": "ladder-sync"},
        timeout=timeout,
    )


def _answer(found: Remote, response: Any) -> Any:
    if response.status_code < 300:
        return response.json()
    try:
        body = response.json()
        detail = body.get("detail") or body.get("title") or ""
    except ValueError:
        detail = response.reason_phrase
    hint = None
    if response.status_code == 401:
        hint = "the token was refused (expired, revoked, or its account deactivated): ask for a new one"
    elif response.status_code == 404:
        hint = f"is {found.url} a team server (`ladder serve --team`)?"
    raise LadderError(f"{found.name}: the server said {response.status_code}: {detail}", hint=hint)


def push(
    store: Store,
    found: Remote,
    *,
    batch: int = BATCH,
    timeout: float = 60.0,
    progress: Any = None,
) -> SyncResult:
    """Send what changed since the last push; resumable (see the module's rules).

    Raises:
        LadderError: The server refused a batch or could not be reached; what it acknowledged
            before stays acknowledged, and the next push goes on from there.
    """
    import httpx

    result = SyncResult()
    sent = 0
    docs = list(push_batches(store, cursor(store, found.name), batch=batch))
    total = sum(len(d["evidence"]) for d, _ in docs)
    with _client(found, timeout) as client:
        for doc, after in docs:
            try:
                response = client.post("/api/v1/sync/push", json=doc)
            except httpx.HTTPError as exc:
                raise LadderError(
                    f"{found.name}: the connection was cut after {sent} of {total} items "
                    f"({type(exc).__name__})",
                    hint="run `ladder push` again: it goes on from the last batch the server kept",
                ) from exc
            answer = _answer(found, response)
            for kind, by in answer.get("counts", {}).items():
                mine = result.counts.setdefault(kind, {})
                for what, n in by.items():
                    mine[what] = mine.get(what, 0) + int(n)
            result.conflicts.extend(answer.get("conflicts", []))
            if after is not None:
                save_cursor(store, found.name, after)
            sent += len(doc["evidence"])
            if progress is not None:
                progress(sent, total)
    return result


def pull(
    store: Store, found: Remote, *, now: str, today: dt.date, timeout: float = 60.0
) -> SyncResult:
    """Bring back the ratings and shared notes others entered on the server.

    Raises:
        LadderError: The server refused or could not be reached (nothing written).
    """
    import httpx

    with _client(found, timeout) as client:
        try:
            response = client.get("/api/v1/sync/pull")
        except httpx.HTTPError as exc:
            raise LadderError(
                f"{found.name}: cannot reach {found.url} ({type(exc).__name__})",
                hint="run `ladder pull` again when the server answers",
            ) from exc
        doc = _answer(found, response)
    return receive_pull(store, doc, now=now, today=today)


__all__ = [
    "BATCH",
    "MAX_PUSH_BYTES",
    "ConflictError",
    "Cursor",
    "Remote",
    "SyncResult",
    "add_remote",
    "check_url",
    "cursor",
    "pull",
    "pull_document",
    "push",
    "push_batches",
    "read_token",
    "receive_pull",
    "receive_push",
    "remote",
    "remotes",
    "remove_remote",
    "save_cursor",
]
