"""``ladder init`` and ``ladder quickstart``: who you are, and what ladder can say already."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ladder.cli.app import JsonOption, _env, app, console, print_json
from ladder.errors import InputError

if TYPE_CHECKING:
    from ladder.framework import Ladder
    from ladder.person import Person
    from ladder.workspace import Workspace


def git_identity(cwd: Path | None = None) -> tuple[str | None, str | None, Path | None]:
    """(user.name, user.email, repository top folder) from git, each None when unknown."""

    def git(*args: str) -> str | None:
        try:
            out = subprocess.run(
                ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return out.stdout.strip() or None if out.returncode == 0 else None

    top = git("rev-parse", "--show-toplevel")
    return git("config", "user.name"), git("config", "user.email"), Path(top) if top else None


@app.command()
def init(
    ctx: typer.Context,
    name: Annotated[
        str | None, typer.Option("--name", help="Your name.", show_default=False)
    ] = None,
    email: Annotated[
        list[str] | None,
        typer.Option(
            "--email",
            help="Add an email your commits use; the ones you have stay (repeatable).",
            show_default=False,
        ),
    ] = None,
    handle: Annotated[
        list[str] | None,
        typer.Option(
            "--handle",
            help="Add a handle such as github:octocat or jira:ada (repeatable).",
            show_default=False,
        ),
    ] = None,
    remove_email: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-email",
            help="Remove an email from your profile (repeatable).",
            show_default=False,
        ),
    ] = None,
    remove_handle: Annotated[
        list[str] | None,
        typer.Option(
            "--remove-handle",
            help="Remove a handle from your profile (repeatable).",
            show_default=False,
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option("--level", help="Your current level id, e.g. mid.", show_default=False),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target", help="The level you are growing towards, e.g. senior.", show_default=False
        ),
    ] = None,
    track: Annotated[
        str | None,
        typer.Option(
            "--track",
            help="The ladder track you follow after Senior, e.g. ic or management "
            "(default: the one your levels are on).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Set up your profile: name, the emails and handles that recognise your work, your levels.

    Asks for what is missing when run in a terminal; with [bold]--name[/bold] (or without a
    terminal) it asks nothing. Running it again changes only what you give: [bold]--email[/bold]
    and [bold]--handle[/bold] add to the ones you have, [bold]--remove-email[/bold] and
    [bold]--remove-handle[/bold] take one away.

    Example: [bold]ladder init --name "Ada Lovelace" --email ada@example.com --level mid --target senior[/bold]

    Example: [bold]ladder init --email ada@work.example --remove-email ada@old.example[/bold]

    Example: [bold]ladder init --level senior --target staff --track ic[/bold]
    """
    from ladder.person import ProfileInput, change_identities

    with _env(ctx).workspace() as ws:
        current = ws.profile()
        ladder = ws.ladder()
        levels = [lv.id for lv in ladder.levels]
        interactive = name is None and sys.stdin.isatty()
        if name is None and not interactive:
            if current is None:
                raise InputError("--name is required when there is no terminal to ask on")
            name = current.name
        emails = change_identities(
            current.emails if current else (),
            add=email or (),
            remove=remove_email or (),
            kind="email",
        )
        handles = change_identities(
            current.handles if current else (),
            add=handle or (),
            remove=remove_handle or (),
            kind="handle",
        )
        if interactive:
            git_name, git_email, _ = git_identity()
            from rich.prompt import Prompt

            name = Prompt.ask("Your name", default=(current.name if current else git_name) or "")
            default_emails = ", ".join(emails) if current or emails else (git_email or "")
            emails = _split(
                Prompt.ask(
                    "Emails your commits use (comma-separated)",
                    default=default_emails,
                    show_default=bool(default_emails),
                )
            )
            default_handles = ", ".join(handles)
            handles = _split(
                Prompt.ask(
                    "Handles, e.g. github:octocat (comma-separated)",
                    default=default_handles,
                    show_default=bool(default_handles),
                )
            )
            level = Prompt.ask(
                "Current level",
                choices=levels,
                default=(current.level if current else None) or "mid",
            )
            target = Prompt.ask(
                "Target level",
                choices=levels,
                default=(current.target_level if current else None) or "senior",
            )
            if ladder.tracks and track is None:
                fits = ladder.tracks_of(target) or [t.id for t in ladder.tracks]
                kept = current.track if current and current.track in fits else None
                track = Prompt.ask(
                    "Track (" + ", ".join(f"{t.id}: {t.name}" for t in ladder.tracks) + ")",
                    choices=[t.id for t in ladder.tracks],
                    default=kept or fits[0],
                )
        data = ProfileInput(
            name=name or "",
            emails=emails,
            handles=handles,
            level=level if level is not None else (current.level if current else None),
            target_level=target
            if target is not None
            else (current.target_level if current else None),
            track=track,
        )
        me = ws.init_profile(data)
        harvested_git = any(k.startswith("repo:") for k in ws.harvest_state("git"))
    if as_json:
        print_json(me.to_dict())
        return
    from ladder.layout import say

    beyond = me.target_level is not None and not ladder.shared(me.target_level)
    on = f" ({me.track} track)" if me.track and (track or beyond) else ""
    say(f"Profile saved: {me.name} · {me.level or '?'} → {me.target_level or '?'}{on}")
    if me.emails or me.handles:
        say(", ".join([*me.emails, *me.handles]), first="Recognised as: ")
    if current is not None and _looked_for(me) - _looked_for(current) and harvested_git:
        # a git harvest reads a repository again in full when who it looks for changed
        say("Harvest again to read what the new identity wrote: ladder harvest git PATH")
    if ladder.levels and (me.level is None or me.target_level is None):
        # status, gaps and the packet measure against the target level: say how to set it,
        # with levels of this ladder's own, along the track of the level that is set
        hint = _levels_hint(ladder, me.level, me.target_level, me.track)
        if hint:
            say(
                f"Set your levels to measure against one: ladder init {hint} "
                f"(levels: {', '.join(lv.id for lv in ladder.levels)})"
            )


def _looked_for(me: Person) -> set[str]:
    """What a git harvest looks for of a profile: its emails, its name and its GitHub logins,
    as git and the pull requests' "from LOGIN/…" compare them."""
    return (
        {f"email:{e.lower()}" for e in me.emails}
        | {f"name:{me.name.casefold()}"}
        | {h.lower() for h in me.handles if h.lower().startswith("github:")}
    )


def _levels_hint(
    ladder: Ladder, level: str | None, target: str | None, track: str | None
) -> str:
    """The flags that set the missing one of ``level`` and ``target``: the level after the
    current one on its track, or the one before the target ("" when there is none)."""
    known = level or target
    on = track or (ladder.tracks_of(known)[0] if known and ladder.tracks_of(known) else None)
    path = [lv.id for lv in ladder.path(on)]
    if level is None and target is None:
        now = path[min(1, len(path) - 1)]
        after = path[path.index(now) + 1] if path.index(now) + 1 < len(path) else None
        return f"--level {now}" + (f" --target {after}" if after else "")
    if target is None:
        i = path.index(level) if level in path else -1
        return f"--target {path[i + 1]}" if 0 <= i < len(path) - 1 else ""
    i = path.index(target) if target in path else -1
    return f"--level {path[i - 1]}" if i > 0 else ""


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


@app.command()
def quickstart(
    ctx: typer.Context,
    level: Annotated[
        str, typer.Option("--level", help="Your current level, if the profile is new.")
    ] = "mid",
    target: Annotated[
        str, typer.Option("--target", help="Your target level, if the profile is new.")
    ] = "senior",
    harvest: Annotated[
        bool,
        typer.Option(
            "--harvest/--no-harvest",
            help="Harvest this repository's commits and design docs first (incremental).",
        ),
    ] = True,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", help="Your name, if the profile is new (default: git config user.name).",
            show_default=False,
        ),
    ] = None,
    email: Annotated[
        str | None,
        typer.Option(
            "--email",
            help="The email your commits use, if the profile is new (default: git config user.email).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Set up ladder from the git repository you are in, and show what it can already say.

    Takes your name and email from [bold]git config[/bold] (or --name and --email), creates
    the workspace with the bundled Senior ladder, harvests this repository's commits and
    design docs, maps them onto the ladder, and prints where you stand. Safe to run again: it
    only reads what is new.

    Example: [bold]cd ~/src/my-service && ladder quickstart[/bold]

    On a machine without a git identity:
    [bold]ladder quickstart --name "Ada Lovelace" --email ada@example.com[/bold]
    """
    from ladder.person import ProfileInput

    git_name, git_email, top = git_identity()
    git_name, git_email = name or git_name, email or git_email
    with _env(ctx).workspace() as ws:
        me = ws.profile()
        created = me is None
        if me is None:
            if top is None:
                raise InputError(
                    "quickstart runs inside a git repository (it takes your identity from git config)",
                    hint="cd into one of your repositories, or run `ladder init --name NAME --email EMAIL`",
                )
            if not git_name or not git_email:
                raise InputError(
                    "git config has no user.name or user.email in this repository",
                    hint='say who you are: ladder quickstart --name "Your Name" --email EMAIL'
                    + _authors_here(top),
                )
            me = ws.init_profile(
                ProfileInput(name=git_name, emails=[git_email], level=level, target_level=target)
            )
        harvested = _harvest_here(ws, top) if harvest and top is not None else []
        status = ws.status()
        ladder = ws.ladder()
        recent, _ = ws.entries()
    commits = _commit_count(top, me.emails) if top else None
    target_level = me.target_level or "senior"
    at_target = {a.id: len(a.at(target_level)) for a in ladder.areas}
    if as_json:
        data = status.__dict__ | {
            "harvest": harvested,
            "created_profile": created,
            "repository": str(top) if top else None,
            "commits_by_you": commits,
            "expectations_at_target": at_target,
        }
        print_json(data)
        return
    from rich.markup import escape
    from rich.table import Table

    from ladder.layout import clip, hanging, joined

    out = console()
    room = out.width
    head = [
        [f"ladder {'is set up' if created else 'workspace'}", status.database],
        [f"You: {me.name} <{', '.join(me.emails)}>", f"{me.level or '?'} → {target_level}"],
        [
            f"Ladder: {ladder.name} {ladder.version}",
            f"{len(ladder.areas)} areas",
            f"{sum(at_target.values())} expectations at {target_level}",
        ],
    ]
    for parts in head:
        for line in joined(parts, room):
            out.print(escape(line), overflow="ignore", crop=False)
    if status.bundled_update:
        from ladder.framework import bundled_hint

        out.print(bundled_hint(status.bundled_update), markup=False)
    if top is not None and commits is not None:
        out.print(
            f"This repository ({escape(top.name)}) has [bold]{commits}[/bold] commit{'s' if commits != 1 else ''} by you."
        )
    for line in harvested:
        out.print(hanging("  harvest ", line))
    out.print()
    table = Table(
        title=f"Where your evidence stands against {target_level}",
        title_justify="left",
        box=None,
        header_style="bold",
    )
    table.add_column("area")
    table.add_column(f"expectations at {target_level}", justify="right")
    table.add_column("evidence", justify="right")
    table.add_column("")
    for a in ladder.areas:
        n = status.by_area.get(a.id, 0)
        table.add_row(
            a.id,
            str(at_target[a.id]),
            str(n),
            "[green]has evidence[/green]" if n else "[dim]no evidence yet[/dim]",
        )
    out.print(table)
    out.print(
        f"\nWork log: {status.entries} entr{'y' if status.entries == 1 else 'ies'}"
        + (f", {status.first_date} to {status.last_date}" if status.entries else "")
    )
    for e in recent[:3]:
        first = f"  #{e.id} {e.occurred_on}  "
        out.print(escape(first + clip(e.text, room - len(first))))
    empty = [a.id for a in ladder.areas if not status.by_area.get(a.id)]
    steps = Table.grid(padding=(0, 2))
    steps.add_column(style="dim", no_wrap=True)
    steps.add_column(style="bold")
    steps.add_row("capture work", 'ladder log "Led the cache review" -a system-design')
    if empty:
        steps.add_row(
            f"{target_level}, where you have none", f"ladder framework show --area {empty[0]}"
        )
    steps.add_row("your work log", "ladder entries")
    steps.add_row("everything else", "ladder --help")
    out.print("\n[bold]Next[/bold]")
    out.print(steps)


def _authors_here(top: Path, most: int = 3) -> str:
    """The repository's most frequent authors, as a line to add to a hint ("" if none)."""
    try:
        out = subprocess.run(
            ["git", "shortlog", "-sne", "--all", "HEAD"],
            cwd=top, capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    authors = [line.split("\t", 1)[1] for line in out.stdout.splitlines()[:most] if "\t" in line]
    return f"\n      (authors here: {'; '.join(authors)})" if out.returncode == 0 and authors else ""


def _harvest_here(ws: Workspace, top: Path) -> list[str]:
    """Harvest this repository's commits and docs; one line per source of what happened."""
    from ladder.errors import LadderError

    lines = []
    for source in ("git", "docs"):
        try:
            summary = ws.harvest(source, paths=[str(top)])
        except LadderError as err:  # e.g. no commits or docs by you here: say so, go on
            lines.append(f"{source}: {err.message}")
            continue
        if summary.added or summary.updated:
            lines.append(f"{source}: {summary.added} added, {summary.updated} updated")
        else:
            lines.append(f"{source}: nothing new")
    return lines


def _commit_count(top: Path, emails: tuple[str, ...]) -> int | None:
    if not emails:
        return None
    args = ["git", "rev-list", "--count", "--all", "--fixed-strings", "--regexp-ignore-case"]
    args += [f"--author={e}" for e in emails]
    try:
        out = subprocess.run(args, cwd=top, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip().isdigit() else None
