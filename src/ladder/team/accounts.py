"""Accounts of a team server: people with an email, roles, a manager, a password, API tokens
and browser sessions.

Every account is linked to a person row (the owner of that person's evidence, ratings, goals
and notes). Secrets never reach the database or any output but the one print of a new token:
passwords are kept as argon2id hashes (argon2-cffi), tokens and session ids as the SHA-256 of
a 256-bit random secret (a slow hash adds nothing to a secret nobody can guess, and a token is
checked on every request). Every change is written to the audit trail in the same
transaction, so a refused input writes neither the change nor its audit row.

Example:
    >>> acc = add(store, "ada@example.com", name="Ada", roles=["engineer"], by=CLI_ACTOR,
    ...           now=clock.now())                                      # doctest: +SKIP
    >>> token = issue_token(store, "ada@example.com", scope="read", expires="90d", by=CLI_ACTOR,
    ...                     now=clock.now())
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ladder import rules
from ladder.clock import new_uid
from ladder.errors import InputError, NotFoundError
from ladder.team import audit

if TYPE_CHECKING:
    from ladder.store import Store

#: The roles a person may hold (several at once: a manager is usually an engineer too).
ROLES = ("engineer", "manager", "mentor", "admin")
#: What an API token may do: ``read`` (GET only) or ``write`` (everything its owner may).
SCOPES = ("read", "write")
#: Tokens start with this, so that a leaked one is recognisable (secret scanners, logs).
TOKEN_PREFIX = "ladder_"
#: How long a token lasts unless told otherwise, and at most.
DEFAULT_EXPIRY = "90d"
MAX_EXPIRY_DAYS = 3650
#: A browser login lasts this long at most (the cookie's Max-Age too).
SESSION_HOURS = 12
#: A password must take at least this many guesses (zxcvbn's estimate, knowing the email and
#: name); 10**10 is zxcvbn's strongest score.
PASSWORD_GUESSES = 10**10
#: Passwords longer than this are refused (argon2 and zxcvbn time stay bounded).
MAX_PASSWORD = 1024
#: A token's ``last_used_at`` is written at most once per this many seconds.
LAST_USED_EVERY = 60

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EXPIRY = re.compile(r"^\s*(\d{1,5})\s*([dwh])\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a team member (through a session or a token) or the local command line.

    Args:
        person_id: Their person row (None: the command line, which has the database's rights).
        account_id: Their account (None for the command line).
        email: Their email ("command line" for it), as the audit trail names them.
        roles: The roles they hold.
        via: ``session:ID``, ``token:ID`` or ``cli``.
        scope: ``write``, or ``read`` for a read-only token.
    """

    person_id: int | None
    account_id: int | None
    email: str
    roles: frozenset[str] = field(default_factory=frozenset)
    via: str = audit.CLI
    scope: str = "write"

    @property
    def is_admin(self) -> bool:
        """True for an admin (and for the command line, which manages the server)."""
        return self.person_id is None or "admin" in self.roles


#: The local command line (``ladder users …``): it manages people, never reads their data.
CLI_ACTOR = Actor(person_id=None, account_id=None, email="command line")


@dataclass(frozen=True)
class Account:
    """A team member's account."""

    id: int
    person_id: int
    email: str
    name: str
    roles: tuple[str, ...]
    active: bool
    manager_email: str | None
    manager_person_id: int | None
    has_password: bool
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (``id`` is the person's id, as the API's addresses use)."""
        return {
            "id": self.person_id,
            "email": self.email,
            "name": self.name,
            "roles": list(self.roles),
            "manager": self.manager_email,
            "active": self.active,
        }


@dataclass(frozen=True)
class Token:
    """An API token as stored: never its secret."""

    id: int
    email: str
    scope: str
    created_at: str
    expires_at: str | None
    revoked_at: str | None
    last_used_at: str | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return dict(self.__dict__)


@dataclass(frozen=True)
class NewToken:
    """A token just made: ``secret`` is shown once and kept nowhere."""

    token: Token
    secret: str = field(repr=False)


# -- checking input ------------------------------------------------------------------------------


def clean_email(email: str) -> str:
    """An email address, lower-cased.

    Raises:
        InputError: It is not one.
    """
    value = rules.check_text(str(email), "email", limit=254).strip().lower()
    if not _EMAIL.match(value):
        raise InputError(
            f"{rules.shorten(email)!r} is not an email address", hint="e.g. ada@example.com"
        )
    return value


def clean_roles(roles: Iterable[str]) -> tuple[str, ...]:
    """Roles, checked and de-duplicated, in :data:`ROLES` order.

    Raises:
        InputError: None given, or an unknown role.
    """
    given = [str(r).strip().lower() for r in roles]
    if not given:
        raise InputError(
            "give at least one role", hint=f"--role {' | '.join(ROLES)} (repeat for several)"
        )
    for role in given:
        if role not in ROLES:
            raise InputError(rules.unknown("role", role, ROLES))
    return tuple(r for r in ROLES if r in given)


def parse_expiry(text: str | None, now: dt.datetime) -> str | None:
    """When a token made ``now`` expires: ``90d``, ``4w``, ``12h`` or ``never`` (None).

    Raises:
        InputError: Anything else, zero, or more than :data:`MAX_EXPIRY_DAYS` days.
    """
    value = (text or DEFAULT_EXPIRY).strip().lower()
    if value == "never":
        return None
    match = _EXPIRY.match(value)
    if not match:
        raise InputError(
            f"{rules.shorten(text)!r} is not an expiry: use days, weeks or hours such as "
            "90d, 4w or 12h (or never)"
        )
    n, unit = int(match.group(1)), match.group(2).lower()
    delta = {"d": dt.timedelta(days=n), "w": dt.timedelta(weeks=n), "h": dt.timedelta(hours=n)}[
        unit
    ]
    if n == 0 or delta > dt.timedelta(days=MAX_EXPIRY_DAYS):
        raise InputError(f"a token lasts from 1 hour to {MAX_EXPIRY_DAYS} days, not {value}")
    return _iso(now + delta)


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Why ``password`` is too weak, or None. The reason never contains the password."""
    if not password:
        return "the password is empty"
    if len(password) > MAX_PASSWORD:
        return f"the password is longer than {MAX_PASSWORD} characters"
    if rules.text_problem(password, "password", limit=MAX_PASSWORD):
        return "the password is not valid text (or contains a NUL character)"
    from zxcvbn import zxcvbn

    hints = [p for p in (email, email.split("@")[0], *name.split()) if p]
    result = zxcvbn(password[:72], user_inputs=hints)
    if float(result["guesses"]) >= PASSWORD_GUESSES:
        return None
    return (
        f"the password is too easy to guess (about 10^{int(result['guesses_log10'])} guesses; "
        f"ladder asks for 10^{len(str(PASSWORD_GUESSES)) - 1}): use four or more random words, "
        "or a password manager's"
    )


# -- reading -------------------------------------------------------------------------------------


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


_SELECT = (
    "SELECT a.id, a.person_id, a.email, a.active, a.password_hash, a.created_at, "
    "p.name, m.email AS manager_email, m.person_id AS manager_person_id "
    "FROM account a JOIN person p ON p.id = a.person_id "
    "LEFT JOIN account m ON m.id = a.manager_id"
)


def _roles(store: Store, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    if not ids:
        return {}
    marks = {f"a{n}": i for n, i in enumerate(ids)}
    held: dict[int, set[str]] = {}
    for r in store.query(
        f"SELECT account_id, role FROM account_role WHERE account_id IN "
        f"({', '.join(':' + k for k in marks)})",
        marks,
    ):
        held.setdefault(int(r["account_id"]), set()).add(r["role"])
    return {i: tuple(r for r in ROLES if r in held.get(i, set())) for i in ids}


def _accounts(
    store: Store, where: str = "1 = 1", params: dict[str, Any] | None = None
) -> list[Account]:
    rows = store.query(f"{_SELECT} WHERE {where} ORDER BY a.email", params or {})
    roles = _roles(store, [int(r["id"]) for r in rows])
    return [
        Account(
            id=int(r["id"]),
            person_id=int(r["person_id"]),
            email=r["email"],
            name=r["name"],
            roles=roles[int(r["id"])],
            active=bool(r["active"]),
            manager_email=r["manager_email"],
            manager_person_id=r["manager_person_id"],
            has_password=r["password_hash"] is not None,
            created_at=r["created_at"],
        )
        for r in rows
    ]


def accounts(store: Store) -> list[Account]:
    """Every account, by email."""
    return _accounts(store)


def by_email(store: Store, email: str) -> Account:
    """The account with this email.

    Raises:
        InputError: Not an email address.
        NotFoundError: No account has it.
    """
    value = clean_email(email)
    found = _accounts(store, "a.email = :e", {"e": value})
    if not found:
        raise NotFoundError(
            f"no account has the email {value!r}", hint="`ladder users list` shows the accounts"
        )
    return found[0]


def by_person(store: Store, person_id: int) -> Account | None:
    """The account of a person, or None (a person without an account: a mentee by name)."""
    found = _accounts(store, "a.person_id = :p", {"p": person_id})
    return found[0] if found else None


def has_active_admin(store: Store) -> bool:
    """True when at least one active account holds the admin role."""
    return bool(
        store.scalar(
            "SELECT 1 FROM account a JOIN account_role r ON r.account_id = a.id "
            "WHERE a.active = 1 AND r.role = 'admin' LIMIT 1"
        )
    )


def manager_chain(store: Store, person_id: int, *, depth: int = 2) -> list[int]:
    """The person ids of ``person_id``'s manager, that manager's manager, … (``depth`` of them)."""
    chain: list[int] = []
    current = person_id
    for _ in range(depth):
        row = store.one(
            "SELECT m.person_id FROM account a JOIN account m ON m.id = a.manager_id "
            "WHERE a.person_id = :p",
            {"p": current},
        )
        if row is None or int(row["person_id"]) in chain or int(row["person_id"]) == person_id:
            break
        current = int(row["person_id"])
        chain.append(current)
    return chain


# -- changing ------------------------------------------------------------------------------------


def _record(
    store: Store, by: Actor, now: dt.datetime, action: str, resource: str, **kw: Any
) -> None:
    audit.record(
        store,
        at=_iso(now),
        actor_id=by.person_id,
        actor=by.email,
        action=action,
        resource=resource,
        via=by.via,
        **kw,
    )


def _loop(store: Store, account_id: int, manager_id: int) -> list[str] | None:
    """The emails of the loop that making ``manager_id`` manage ``account_id`` would close."""
    path = [account_id]
    current: int | None = manager_id
    while current is not None:
        path.append(current)
        if current == account_id:
            emails = {
                int(r["id"]): r["email"] for r in store.query("SELECT id, email FROM account")
            }
            return [emails[i] for i in path]
        if len(path) > 10_000:
            break
        current = store.scalar("SELECT manager_id FROM account WHERE id = :i", {"i": current})
    return None


def add(
    store: Store,
    email: str,
    *,
    name: str,
    roles: Iterable[str],
    manager: str | None = None,
    level: str | None = None,
    target_level: str | None = None,
    by: Actor = CLI_ACTOR,
    now: dt.datetime,
) -> Account:
    """Add a team member: a person row (or the existing one with this email and no account)
    and their account, without a password until :func:`set_password`.

    Raises:
        InputError: A bad email, name, role or level, an email already taken, an unknown
            manager. Nothing is written.
    """
    from ladder import person

    value = clean_email(email)
    clean_name = rules.check_name(name)
    held = clean_roles(roles)
    profile = person.clean_profile(
        store,
        person.ProfileInput(clean_name, [value], level=level, target_level=target_level),
    )
    if store.scalar("SELECT 1 FROM account WHERE email = :e", {"e": value}):
        raise InputError(
            f"{value} already has an account", hint="`ladder users list` shows the accounts"
        )
    boss = by_email(store, manager) if manager else None
    stamp = _iso(now)
    with store.transaction():
        existing = store.scalar(
            "SELECT i.person_id FROM person_identity i WHERE i.kind = 'email' AND i.value = :e "
            "AND NOT EXISTS (SELECT 1 FROM account a WHERE a.person_id = i.person_id) "
            "ORDER BY i.person_id LIMIT 1",
            {"e": value},
        )
        if existing is None:
            person_id = store.insert(
                "person",
                {
                    "uid": new_uid(),
                    "name": profile.name,
                    "level": profile.level,
                    "target_level": profile.target_level,
                    "is_self": 0,
                    "created_at": stamp,
                },
            )
            store.execute(
                "INSERT INTO person_identity (person_id, kind, value) VALUES (:p, 'email', :v)",
                {"p": person_id, "v": value},
            )
        else:
            person_id = int(existing)
        account_id = store.insert(
            "account",
            {
                "person_id": person_id,
                "email": value,
                "password_hash": None,
                "active": 1,
                "manager_id": boss.id if boss else None,
                "created_at": stamp,
                "updated_at": stamp,
            },
        )
        store.executemany(
            "INSERT INTO account_role (account_id, role) VALUES (:a, :r)",
            [{"a": account_id, "r": r} for r in held],
        )
        detail = f"roles {', '.join(held)}" + (f"; manager {boss.email}" if boss else "")
        _record(store, by, now, "create", "account", subject_id=person_id, detail=detail)
    return by_email(store, value)


def set_manager(
    store: Store, email: str, manager: str | None, *, by: Actor = CLI_ACTOR, now: dt.datetime
) -> Account:
    """Make ``manager`` manage ``email`` (None: no manager).

    Raises:
        InputError: The change would close a loop (A manages B manages A; nobody manages
            themselves); the message names it. Nothing is written.
        NotFoundError: An unknown email.
    """
    acc = by_email(store, email)
    boss = by_email(store, manager) if manager else None
    if boss is not None:
        loop = _loop(store, acc.id, boss.id)
        if loop is not None:
            raise InputError(
                f"{boss.email} cannot manage {acc.email}: that makes a loop "
                f"({' manages '.join(reversed(loop))})"
                if boss.id != acc.id
                else f"{acc.email} cannot manage themselves",
                hint="nothing was changed; give them a manager outside their own reports",
            )
    with store.transaction():
        store.execute(
            "UPDATE account SET manager_id = :m, updated_at = :t WHERE id = :i",
            {"m": boss.id if boss else None, "t": _iso(now), "i": acc.id},
        )
        _record(
            store,
            by,
            now,
            "update",
            "account",
            subject_id=acc.person_id,
            detail=f"manager {boss.email if boss else 'none'}",
        )
    return by_email(store, acc.email)


def set_roles(
    store: Store, email: str, roles: Iterable[str], *, by: Actor = CLI_ACTOR, now: dt.datetime
) -> Account:
    """Replace the roles of an account.

    Raises:
        InputError: An unknown role, none given, or taking the admin role from the last
            active admin. Nothing is written.
        NotFoundError: An unknown email.
    """
    acc = by_email(store, email)
    held = clean_roles(roles)
    if "admin" in acc.roles and "admin" not in held and acc.active and _admins(store) == 1:
        raise InputError(
            f"{acc.email} is the only active admin: give someone else the admin role first"
        )
    with store.transaction():
        store.execute("DELETE FROM account_role WHERE account_id = :a", {"a": acc.id})
        store.executemany(
            "INSERT INTO account_role (account_id, role) VALUES (:a, :r)",
            [{"a": acc.id, "r": r} for r in held],
        )
        _record(
            store,
            by,
            now,
            "update",
            "account",
            subject_id=acc.person_id,
            detail=f"roles {', '.join(held)}",
        )
    return by_email(store, acc.email)


def _admins(store: Store) -> int:
    return int(
        store.scalar(
            "SELECT COUNT(*) FROM account a JOIN account_role r ON r.account_id = a.id "
            "WHERE a.active = 1 AND r.role = 'admin'"
        )
        or 0
    )


def set_password(
    store: Store, email: str, password: str, *, by: Actor = CLI_ACTOR, now: dt.datetime
) -> Account:
    """Set an account's password (stored as an argon2id hash; ends its browser sessions).

    Raises:
        InputError: The password is too weak (:func:`password_problem`). Nothing is written.
        NotFoundError: An unknown email.
    """
    from argon2 import PasswordHasher

    acc = by_email(store, email)
    problem = password_problem(password, email=acc.email, name=acc.name)
    if problem:
        raise InputError(problem, hint="nothing was changed")
    digest = PasswordHasher().hash(password)
    with store.transaction():
        store.execute(
            "UPDATE account SET password_hash = :h, updated_at = :t WHERE id = :i",
            {"h": digest, "t": _iso(now), "i": acc.id},
        )
        store.execute(
            "UPDATE web_session SET ended_at = :t WHERE account_id = :a AND ended_at IS NULL",
            {"t": _iso(now), "a": acc.id},
        )
        _record(store, by, now, "update", "password", subject_id=acc.person_id)
    return by_email(store, acc.email)


def deactivate(store: Store, email: str, *, by: Actor = CLI_ACTOR, now: dt.datetime) -> Account:
    """Deactivate an account: its sessions and tokens stop working at once; its data stays.

    Raises:
        InputError: It is the last active admin.
        NotFoundError: An unknown email.
    """
    acc = by_email(store, email)
    if not acc.active:
        return acc
    if "admin" in acc.roles and _admins(store) == 1:
        raise InputError(
            f"{acc.email} is the only active admin: give someone else the admin role first",
            hint="`ladder users add EMAIL --name NAME --role admin`",
        )
    with store.transaction():
        store.execute(
            "UPDATE account SET active = 0, updated_at = :t WHERE id = :i",
            {"t": _iso(now), "i": acc.id},
        )
        store.execute(
            "UPDATE web_session SET ended_at = :t WHERE account_id = :a AND ended_at IS NULL",
            {"t": _iso(now), "a": acc.id},
        )
        _record(store, by, now, "deactivate", "account", subject_id=acc.person_id)
    return by_email(store, acc.email)


# -- tokens --------------------------------------------------------------------------------------


def _token(row: dict[str, Any]) -> Token:
    return Token(
        id=int(row["id"]),
        email=row["email"],
        scope=row["scope"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        revoked_at=row["revoked_at"],
        last_used_at=row["last_used_at"],
    )


def tokens(store: Store, email: str | None = None) -> list[Token]:
    """API tokens (never their secrets), newest first; of one account when ``email`` is given."""
    where, params = "1 = 1", {}
    if email is not None:
        where, params = "a.email = :e", {"e": clean_email(email)}
    return [
        _token(r)
        for r in store.query(
            "SELECT t.*, a.email FROM api_token t JOIN account a ON a.id = t.account_id "
            f"WHERE {where} ORDER BY t.id DESC",
            params,
        )
    ]


def issue_token(
    store: Store,
    email: str,
    *,
    scope: str = "read",
    expires: str | None = DEFAULT_EXPIRY,
    by: Actor = CLI_ACTOR,
    now: dt.datetime,
) -> NewToken:
    """Make an API token for an active account: the secret is returned once, only its SHA-256
    is kept.

    Raises:
        InputError: An unknown scope or expiry, or a deactivated account. Nothing is written.
        NotFoundError: An unknown email.
    """
    acc = by_email(store, email)
    if scope not in SCOPES:
        raise InputError(rules.unknown("scope", scope, SCOPES))
    until = parse_expiry(expires, now)
    if not acc.active:
        raise InputError(f"{acc.email} is deactivated: it gets no tokens")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.transaction():
        token_id = store.insert(
            "api_token",
            {
                "account_id": acc.id,
                "token_hash": _hash(secret),
                "scope": scope,
                "created_at": _iso(now),
                "expires_at": until,
                "revoked_at": None,
                "last_used_at": None,
            },
        )
        _record(
            store,
            by,
            now,
            "create",
            "token",
            subject_id=acc.person_id,
            detail=f"token {token_id}, {scope}, expires {until or 'never'}",
        )
    found = [t for t in tokens(store, acc.email) if t.id == token_id]
    return NewToken(found[0], secret)


def revoke_token(store: Store, token_id: int, *, by: Actor = CLI_ACTOR, now: dt.datetime) -> Token:
    """Revoke a token: it stops working at once (revoking twice changes nothing).

    Raises:
        NotFoundError: No token has this id.
    """
    row = store.one(
        "SELECT t.*, a.email, a.person_id FROM api_token t JOIN account a ON a.id = t.account_id "
        "WHERE t.id = :i",
        {"i": token_id},
    )
    if row is None:
        raise NotFoundError(
            f"no token has the id {token_id}", hint="`ladder users list --tokens` shows them"
        )
    if row["revoked_at"] is None:
        with store.transaction():
            store.execute(
                "UPDATE api_token SET revoked_at = :t WHERE id = :i",
                {"t": _iso(now), "i": token_id},
            )
            _record(
                store,
                by,
                now,
                "revoke",
                "token",
                subject_id=int(row["person_id"]),
                detail=f"token {token_id}",
            )
    return next(t for t in tokens(store, row["email"]) if t.id == token_id)


#: An account and its roles, a row per role (every request of a team server asks).
_ACTOR = "a.id AS account_id, a.person_id, a.email, r.role"
_ROLES = "LEFT JOIN account_role r ON r.account_id = a.id"


def _actor(store: Store, account_id: int, via: str, scope: str) -> Actor | None:
    rows = store.query(
        f"SELECT {_ACTOR} FROM account a {_ROLES} WHERE a.id = :i AND a.active = 1",
        {"i": account_id},
    )
    return _actor_of(rows, via, scope)


def _actor_of(rows: list[dict[str, Any]], via: str, scope: str) -> Actor | None:
    if not rows:
        return None
    return Actor(
        person_id=int(rows[0]["person_id"]),
        account_id=int(rows[0]["account_id"]),
        email=rows[0]["email"],
        roles=frozenset(r["role"] for r in rows if r["role"] is not None),
        via=via,
        scope=scope,
    )


def authenticate_token(store: Store, secret: str, *, now: dt.datetime) -> Actor | None:
    """The actor behind an API token, or None when it is unknown, revoked, expired or its
    account is deactivated (the caller cannot tell which: all are "not a token")."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 256:
        return None
    row = store.one(
        "SELECT id, account_id, scope, expires_at, revoked_at, last_used_at FROM api_token "
        "WHERE token_hash = :h",
        {"h": _hash(secret)},
    )
    stamp = _iso(now)
    if row is None or row["revoked_at"] is not None:
        return None
    if row["expires_at"] is not None and row["expires_at"] <= stamp:
        return None
    actor = _actor(store, int(row["account_id"]), f"token:{row['id']}", row["scope"])
    if actor is None:
        return None
    last = row["last_used_at"]
    if last is None or _iso(now - dt.timedelta(seconds=LAST_USED_EVERY)) > last:
        with store.transaction():
            store.execute(
                "UPDATE api_token SET last_used_at = :t WHERE id = :i", {"t": stamp, "i": row["id"]}
            )
    return actor


# -- passwords and sessions ----------------------------------------------------------------------

#: A hash to verify against when the email is unknown, so that both cases take as long.
_DUMMY: list[str] = []


def check_password(store: Store, email: str, password: str) -> Account | None:
    """The active account whose password this is, else None (unknown email, wrong password,
    no password set, deactivated: the caller cannot tell which)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = PasswordHasher()
    try:
        value = clean_email(email)
    except InputError:
        value = ""
    row = store.one("SELECT id, password_hash, active FROM account WHERE email = :e", {"e": value})
    if len(password) > MAX_PASSWORD:
        return None
    digest = row["password_hash"] if row is not None else None
    if digest is None:
        if not _DUMMY:
            _DUMMY.append(hasher.hash(secrets.token_urlsafe(16)))
        digest = _DUMMY[0]
    try:
        hasher.verify(digest, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or row["password_hash"] is None or not row["active"]:
        return None
    return by_email(store, value)


#: How the audit trail names whoever tried a login that failed (nobody is logged in).
UNKNOWN_ACTOR = "unknown"


def failed_login(
    store: Store,
    email: str,
    *,
    address: str,
    now: dt.datetime,
    skipped: int = 0,
    since: str | None = None,
) -> None:
    """Write a failed login to the audit trail: which account was tried (or that the email
    has none), from which address, when. Never the password, and never the text typed for
    an email that has no account (it may be a password typed in the wrong box).

    ``skipped`` failed or refused attempts since ``since`` that got no row of their own
    (:class:`ladder.team.audit.Budget`) are said in a row before it.
    """
    try:
        value = clean_email(email)
    except InputError:
        value = ""
    row = (
        store.one(
            "SELECT person_id, active, password_hash FROM account WHERE email = :e", {"e": value}
        )
        if value
        else None
    )
    if row is None:
        subject, detail = None, "an email with no account"
    elif not row["active"]:
        subject, detail = int(row["person_id"]), f"{value}: the account is deactivated"
    elif row["password_hash"] is None:
        subject, detail = int(row["person_id"]), f"{value}: no password is set"
    else:
        subject, detail = int(row["person_id"]), f"{value}: wrong password"
    _denied(store, "login", subject, detail, address, now, skipped, since, "failed logins")


def failed_token(
    store: Store,
    secret: str,
    *,
    address: str,
    now: dt.datetime,
    skipped: int = 0,
    since: str | None = None,
) -> None:
    """Write an API token that was refused to the audit trail: which token it was and why
    (revoked, expired, its account deactivated) or that no token is like it, from which
    address, when. Never the text sent.

    ``skipped`` refused tokens since ``since`` that got no row of their own
    (:class:`ladder.team.audit.Budget`) are said in a row before it.
    """
    row = None
    if secret.startswith(TOKEN_PREFIX) and len(secret) <= 256:
        row = store.one(
            "SELECT t.id, t.expires_at, t.revoked_at, a.person_id, a.email, a.active "
            "FROM api_token t JOIN account a ON a.id = t.account_id WHERE t.token_hash = :h",
            {"h": _hash(secret)},
        )
    if row is None:
        subject, detail = None, "a token that is not one of ours"
    else:
        subject = int(row["person_id"])
        which = f"token {row['id']} of {row['email']}"
        if row["revoked_at"] is not None:
            detail = f"{which}: revoked"
        elif row["expires_at"] is not None and row["expires_at"] <= _iso(now):
            detail = f"{which}: expired"
        elif not row["active"]:
            detail = f"{which}: the account is deactivated"
        else:
            detail = f"{which}: refused"
    _denied(store, "token", subject, detail, address, now, skipped, since, "refused tokens")


def _denied(
    store: Store,
    resource: str,
    subject: int | None,
    detail: str,
    address: str,
    now: dt.datetime,
    skipped: int,
    since: str | None,
    what: str,
) -> None:
    """A refused authentication (``resource``: login or token) in the audit trail, after a
    row that says how many of ``what`` got none of their own since ``since``."""
    where = re.sub(r"[^0-9A-Za-z:.%_/-]", "?", str(address))[:80] or "unknown"  # an address
    rows = [(subject, detail, f"{resource}:{where}")]
    if skipped:
        left_out = (
            f"{skipped} more {what} since {since or 'then'} not written one by one "
            "(too many a minute, or sent while their sender had to wait)"
        )
        rows.insert(0, (None, left_out, resource))
    with store.transaction():
        for who, text, via in rows:
            audit.record(
                store,
                at=_iso(now),
                actor_id=None,
                actor=UNKNOWN_ACTOR,
                action="denied",
                resource=resource,
                subject_id=who,
                detail=text,
                via=via,
            )


def start_session(
    store: Store, account: Account, *, now: dt.datetime, hours: int = SESSION_HOURS
) -> str:
    """Start a browser session for ``account``: its id (for the cookie); only a hash is kept."""
    session_id = secrets.token_urlsafe(32)
    with store.transaction():
        sid = store.insert(
            "web_session",
            {
                "account_id": account.id,
                "session_hash": _hash(session_id),
                "created_at": _iso(now),
                "expires_at": _iso(now + dt.timedelta(hours=hours)),
                "ended_at": None,
            },
        )
        audit.record(
            store,
            at=_iso(now),
            actor_id=account.person_id,
            actor=account.email,
            action="login",
            resource="session",
            subject_id=account.person_id,
            via=f"session:{sid}",
        )
    return session_id


def session_actor(store: Store, session_id: str | None, *, now: dt.datetime) -> Actor | None:
    """The actor of a live session, or None (unknown, ended, expired, account deactivated)."""
    if not session_id or len(session_id) > 128:
        return None
    rows = store.query(  # the session and its actor, in one query
        f"SELECT {_ACTOR}, s.id AS session FROM web_session s "
        f"JOIN account a ON a.id = s.account_id {_ROLES} WHERE s.session_hash = :h "
        "AND s.ended_at IS NULL AND s.expires_at > :now AND a.active = 1",
        {"h": _hash(session_id), "now": _iso(now)},
    )
    return _actor_of(rows, f"session:{rows[0]['session']}", "write") if rows else None


def end_session(store: Store, session_id: str | None, *, now: dt.datetime) -> None:
    """End a session (log out): its id stops working at once."""
    if session_id and len(session_id) <= 128:
        with store.transaction():
            store.execute(
                "UPDATE web_session SET ended_at = :t WHERE session_hash = :h AND ended_at IS NULL",
                {"t": _iso(now), "h": _hash(session_id)},
            )


__all__ = [
    "CLI_ACTOR",
    "ROLES",
    "SCOPES",
    "TOKEN_PREFIX",
    "Account",
    "Actor",
    "NewToken",
    "Token",
    "accounts",
    "add",
    "authenticate_token",
    "by_email",
    "by_person",
    "check_password",
    "clean_email",
    "clean_roles",
    "deactivate",
    "end_session",
    "failed_login",
    "failed_token",
    "has_active_admin",
    "issue_token",
    "manager_chain",
    "parse_expiry",
    "password_problem",
    "revoke_token",
    "session_actor",
    "set_manager",
    "set_password",
    "set_roles",
    "start_session",
    "tokens",
]
