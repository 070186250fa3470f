"""``ladder users …``: the people of a team server, their roles, passwords and API tokens.

Thin shells over :mod:`ladder.team.accounts`. They work on the database the workspace points
at (``LADDER_DATABASE_URL``, else the SQLite file of ``--home``), as the server's operator:
every change lands in the audit trail as done by the command line. A token is printed once,
when it is made; passwords are read from standard input, never from the command line.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ladder.cli.app import JsonOption, _env, print_json
from ladder.errors import InputError
from ladder.layout import Column, columns, say

if TYPE_CHECKING:
    from ladder.team.accounts import Account

EmailArg = Annotated[
    str, typer.Argument(help="The person's email (their login).", show_default=False)
]
RoleOption = Annotated[
    list[str],
    typer.Option(
        "--role",
        "-r",
        help="engineer, manager, mentor or admin; repeat for several (a manager is usually an engineer too).",
        show_default=False,
    ),
]


def users_add(
    ctx: typer.Context,
    email: EmailArg,
    name: Annotated[str, typer.Option("--name", "-n", help="Their name.", show_default=False)],
    role: RoleOption,
    manager: Annotated[
        str | None,
        typer.Option("--manager", "-m", help="Their manager's email.", show_default=False),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option("--level", help="Their current level (e.g. mid).", show_default=False),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--target", help="The level they aim for (e.g. senior).", show_default=False),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Add a person to the team: an account with roles, and optionally their manager.

    The account has no password until [bold]ladder users set-password[/bold]; scripts use an
    API token ([bold]ladder users token[/bold]). A person already in the workspace with this
    email (the owner of a local log, say) keeps their data and gets the account.

    Example: [bold]ladder users add lin@example.com --name "Lin Wu" --role engineer --manager grace@example.com[/bold]
    """
    from ladder.team import accounts

    with _env(ctx).workspace() as ws:
        acc = accounts.add(
            ws.store,
            email,
            name=name,
            roles=role,
            manager=manager,
            level=level,
            target_level=target,
            now=ws.clock.now(),
        )
    if as_json:
        print_json(acc.to_dict())
        return
    print(f"Added {acc.name} <{acc.email}> (person {acc.person_id}): {', '.join(acc.roles)}")
    say(
        f"Next: `ladder users set-password {acc.email}` for the web login, "
        f"or `ladder users token {acc.email}` for the API."
    )


def users_list(
    ctx: typer.Context,
    tokens: Annotated[
        bool, typer.Option("--tokens", help="List the API tokens instead (never their secrets).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List the team's accounts: id, email, name, roles, manager, and whether active.

    With [bold]--tokens[/bold], the API tokens: id, owner, scope, expiry, last use.

    Example: [bold]ladder users list --json[/bold]
    """
    from ladder.team import accounts as acc_mod

    with _env(ctx).workspace() as ws:
        if tokens:
            found = acc_mod.tokens(ws.store)
            if as_json:
                print_json({"tokens": [t.to_dict() for t in found]})
                return
            if not found:
                print("No API tokens yet. `ladder users token EMAIL` makes one.")
                return
            rows = [
                [
                    str(t.id),
                    t.email,
                    t.scope,
                    "revoked" if t.revoked_at else (t.expires_at or "never")[:10],
                    (t.last_used_at or "never")[:16].replace("T", " "),
                ]
                for t in found
            ]
            spec = [
                Column("id", right=True),
                Column("owner", flex=True),
                Column("scope"),
                Column("expires"),
                Column("last used"),
            ]
            for line in columns(spec, rows):
                print(line)
            return
        people = acc_mod.accounts(ws.store)
    if as_json:
        print_json({"people": [a.to_dict() for a in people]})
        return
    if not people:
        print("No accounts yet. `ladder users add EMAIL --name NAME --role admin` adds the first.")
        return
    print_accounts(people)


def print_accounts(people: list[Account]) -> None:
    """The accounts as a table that fits the terminal."""
    rows = [
        [
            str(a.person_id),
            a.email,
            a.name,
            ", ".join(a.roles),
            a.manager_email or "",
            "" if a.active else "deactivated",
        ]
        for a in people
    ]
    spec = [
        Column("id", right=True),
        Column("email", flex=True),
        Column("name", flex=True),
        Column("roles"),
        Column("manager", below=True),
        Column("", below=True),
    ]
    for line in columns(spec, rows):
        print(line)


def users_set_password(ctx: typer.Context, email: EmailArg) -> None:
    """Set a person's password for the web login, read from standard input (one line).

    It must be hard to guess (zxcvbn's estimate, which knows their name and email); it is
    kept only as an argon2id hash, and setting it ends their open browser sessions.

    Example: [bold]ladder users set-password lin@example.com < password.txt[/bold]
    """
    from ladder.team import accounts

    if sys.stdin is None:
        raise InputError("give the password on standard input")
    line = sys.stdin.readline(accounts.MAX_PASSWORD + 2)
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise InputError(
            "no password on standard input",
            hint=f"ladder users set-password {email} < FILE (or type it and press Enter)",
        )
    with _env(ctx).workspace() as ws:
        acc = accounts.set_password(ws.store, email, password, now=ws.clock.now())
    print(f"Password set for {acc.email}.")


def users_token(
    ctx: typer.Context,
    email: EmailArg,
    scope: Annotated[
        str,
        typer.Option("--scope", help="read (GET only) or write (whatever the person may do)."),
    ] = "read",
    expires: Annotated[
        str,
        typer.Option("--expires", help="How long it lasts: 90d, 4w, 12h, or never."),
    ] = "90d",
    as_json: JsonOption = False,
) -> None:
    """Make an API token for a person and print it once: only its hash is kept.

    Send it as [bold]Authorization: Bearer TOKEN[/bold]. It acts as that person, within the
    scope; [bold]ladder users revoke ID[/bold] stops it.

    Example: [bold]ladder users token lin@example.com --scope write --expires 30d[/bold]
    """
    from ladder.team import accounts

    with _env(ctx).workspace() as ws:
        made = accounts.issue_token(
            ws.store, email, scope=scope, expires=expires, now=ws.clock.now()
        )
    if as_json:
        print_json({**made.token.to_dict(), "token": made.secret})
        return
    t = made.token
    print(
        f"Token {t.id} for {t.email} ({t.scope}, expires {(t.expires_at or 'never')[:10]}). "
        "Copy it now, it is not shown again:"
    )
    print(made.secret)


def users_revoke(
    ctx: typer.Context,
    token_id: Annotated[
        int,
        typer.Argument(help="The token's id (`ladder users list --tokens`).", show_default=False),
    ],
) -> None:
    """Revoke an API token: it stops working at once.

    Example: [bold]ladder users revoke 7[/bold]
    """
    from ladder.team import accounts

    with _env(ctx).workspace() as ws:
        t = accounts.revoke_token(ws.store, token_id, now=ws.clock.now())
    print(f"Token {t.id} of {t.email} is revoked.")


def users_deactivate(ctx: typer.Context, email: EmailArg) -> None:
    """Deactivate a person: their sessions and tokens stop working at once; their data stays.

    Example: [bold]ladder users deactivate lin@example.com[/bold]
    """
    from ladder.team import accounts

    with _env(ctx).workspace() as ws:
        acc = accounts.deactivate(ws.store, email, now=ws.clock.now())
    print(f"{acc.email} is deactivated.")


def users_set_manager(
    ctx: typer.Context,
    email: EmailArg,
    manager: Annotated[
        str,
        typer.Argument(help="The manager's email, or none.", show_default=False),
    ],
) -> None:
    """Change who manages a person (none: nobody). Loops are refused.

    Example: [bold]ladder users set-manager lin@example.com grace@example.com[/bold]
    """
    from ladder.team import accounts

    with _env(ctx).workspace() as ws:
        acc = accounts.set_manager(
            ws.store,
            email,
            None if manager.strip().lower() == "none" else manager,
            now=ws.clock.now(),
        )
    print(f"{acc.email} is managed by {acc.manager_email or 'nobody'}.")


def users_set_roles(ctx: typer.Context, email: EmailArg, role: RoleOption) -> None:
    """Replace a person's roles.

    Example: [bold]ladder users set-roles grace@example.com --role engineer --role manager[/bold]
    """
    from ladder.team import accounts

    with _env(ctx).workspace() as ws:
        acc = accounts.set_roles(ws.store, email, role, now=ws.clock.now())
    print(f"{acc.email}: {', '.join(acc.roles)}")


def register(app: typer.Typer) -> None:
    """Add the ``users`` group to ``app``."""
    users_app = typer.Typer(
        help="The people of a team server (ladder serve --team): accounts, roles, managers, "
        "passwords and API tokens."
        '\n\nExample: [bold]ladder users add grace@example.com --name "Grace Hopper" --role admin[/bold]',
        no_args_is_help=True,
    )
    users_app.command("add")(users_add)
    users_app.command("list")(users_list)
    users_app.command("set-password")(users_set_password)
    users_app.command("token")(users_token)
    users_app.command("revoke")(users_revoke)
    users_app.command("deactivate")(users_deactivate)
    users_app.command("set-manager")(users_set_manager)
    users_app.command("set-roles")(users_set_roles)
    app.add_typer(users_app, name="users")
