"""``ladder mentee …`` and ``ladder 1on1 …``: mentees, 1:1 notes and their action items.

Thin shells over :class:`ladder.mentorship.Mentorship` (``ws.mentorship``). Output is plain
text (user text is never read as markup); ``--json`` prints the library's ``to_dict()``.
Notes are printed only by ``1on1 show`` (and ``--json``); lists show counts, not notes.
"""

from __future__ import annotations

import dataclasses
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ladder.cli.app import JsonOption, _env, print_json
from ladder.errors import InputError
from ladder.layout import Column, columns, say

if TYPE_CHECKING:
    from ladder.mentorship import ActionItem, Mentee, Mentorship, OneOnOne

NameArg = Annotated[str, typer.Argument(help="The mentee's name.", show_default=False)]
OneOnOneArg = Annotated[
    int, typer.Argument(help="The 1:1's number (see `ladder 1on1 list`).", show_default=False)
]
ActionArg = Annotated[
    int,
    typer.Argument(
        help="The action item's number (see `ladder 1on1 actions`).", show_default=False
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        help="When the 1:1 was held: 2026-11-02, yesterday, last monday (default today).",
        show_default=False,
    ),
]
NotesOption = Annotated[
    str | None,
    typer.Option(
        "--notes",
        "-n",
        help="The notes (private unless shared); - reads them from standard input.",
        show_default=False,
    ),
]
ActionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--action",
        "-a",
        help="An action item agreed in the 1:1 (repeatable).",
        show_default=False,
    ),
]
CloseOption = Annotated[
    list[int] | None,
    typer.Option(
        "--close",
        "-c",
        help="Close an open action item from an earlier 1:1 with the same person (repeatable).",
        show_default=False,
    ),
]


# -- mentees ----------------------------------------------------------------------------------
def mentee_add(
    ctx: typer.Context,
    name: NameArg,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", help="A line about them: team, what the mentoring is for.", show_default=False
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="When the mentoring started (default today; a 1:1 you then record for an "
            "earlier day offers to move it); for a current mentee, moves the start.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Start mentoring someone: 1:1s with them from then on count as mentoring evidence.

    Run it again with --since or --note to change the start or the note; for a former
    mentee it picks the mentoring up again.

    Example: [bold]ladder mentee add Sam --since 2026-01-05 --note "new on the payments team"[/bold]
    """
    with _env(ctx).workspace() as ws:
        m = ws.mentorship
        existed = _find_mentee(m, name)
        mentee = m.add_mentee(name, note=note, since=since)
        outside = [
            o
            for o in m.one_on_ones(mentee.name)
            if not o.mentoring and o.held_on < mentee.started_on
        ]
    if as_json:
        print_json(mentee.to_dict())
        return
    verb = "Updated" if existed else "Added"
    say(f"{verb} {mentee.name}: your mentee since {mentee.started_on}.")
    if since is None and not existed and not outside:
        say("(Began earlier? `--since DATE` sets the start; 1:1s from then on count.)")
    if mentee.one_on_ones:
        n = mentee.one_on_ones
        say(f"{_count(n, '1:1')} with {mentee.name} count{'s' if n == 1 else ''} as mentoring.")
    _print_withdrawn(mentee)
    if outside:
        say(
            f"{_count(len(outside), 'earlier 1:1')} with {mentee.name} (before {mentee.started_on}) "
            f"do{'es' if len(outside) == 1 else ''} not count; "
            f"`ladder mentee add {_q(mentee.name)} --since {outside[-1].held_on}` "
            f"counts {'it' if len(outside) == 1 else 'them'}."
        )
    say(f"`ladder 1on1 add --with {_q(mentee.name)}` records a 1:1.")


def mentee_list(
    ctx: typer.Context,
    show_all: Annotated[bool, typer.Option("--all", help="Include former mentees.")] = False,
    as_json: JsonOption = False,
) -> None:
    """List your mentees: since when, how many 1:1s, the latest one and open action items.

    Example: [bold]ladder mentee list --all[/bold]
    """
    with _env(ctx).workspace() as ws:
        mentees = ws.mentorship.mentees(include_ended=show_all)
    if as_json:
        print_json({"mentees": [m.to_dict() for m in mentees]})
        return
    if not mentees:
        say(
            "No mentees yet. `ladder mentee add NAME` starts a mentoring"
            + ("." if show_all else " (`--all` shows former mentees).")
        )
        return
    _table(
        ["name", "since", "until", "1:1s", "last 1:1", "open", "note"],
        [
            [
                m.name,
                m.started_on,
                m.ended_on or "",
                str(m.one_on_ones),
                m.last_on or "-",
                str(m.open_actions),
                " ".join(m.note.split()),
            ]
            for m in mentees
        ],
        right=frozenset({3, 5}),
        flex=6,
        below=True,
    )


def mentee_end(
    ctx: typer.Context,
    name: NameArg,
    on: Annotated[
        str | None,
        typer.Option(
            "--on", help="The last day of the mentoring (default today).", show_default=False
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """End a mentoring; later 1:1s with them are kept but no longer count as mentoring.

    The evidence of those 1:1s is marked deleted, not erased: ratings and goals citing it keep
    their link, and `ladder mentee add NAME --since DATE` brings it back.

    Example: [bold]ladder mentee end Sam --on 2026-06-30[/bold]
    """
    with _env(ctx).workspace() as ws:
        mentee = ws.mentorship.end_mentee(name, on=on)
    if as_json:
        print_json(mentee.to_dict())
        return
    say(
        f"Ended the mentoring of {mentee.name} on {mentee.ended_on} "
        f"({_count(mentee.one_on_ones, 'mentoring 1:1')} since {mentee.started_on})."
    )
    _print_withdrawn(mentee)
    if mentee.open_actions:
        say(
            f"{_count(mentee.open_actions, 'action item')} still open: "
            f"`ladder 1on1 actions --with {_q(mentee.name)}`."
        )


# -- 1:1s -------------------------------------------------------------------------------------
def one_on_one_add(
    ctx: typer.Context,
    with_name: Annotated[
        str,
        typer.Option("--with", "-w", help="Who the 1:1 was with.", show_default=False),
    ],
    date: DateOption = None,
    notes: NotesOption = None,
    action: ActionOption = None,
    close: CloseOption = None,
    shared: Annotated[
        bool,
        typer.Option("--shared", help="Share the notes (they may then appear in evidence)."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Record a 1:1: notes, the action items agreed, and earlier ones now done.

    Shows the action items still open from earlier 1:1s with the same person: they carry
    over until closed. Notes are private unless --shared. A 1:1 with a mentee counts as
    mentoring evidence (without the private notes).

    Example: [bold]ladder 1on1 add --with Sam --notes "Walked through the cache design" --action "Sam drafts the RFC" --close 3[/bold]
    """
    text = _read_notes(notes)
    with _env(ctx).workspace() as ws:
        m = ws.mentorship
        known = m.partners()
        one = m.add_one_on_one(
            with_name,
            held_on=date,
            notes=text,
            actions=action or [],
            close=close or [],
            shared=shared,
        )
        mentee = _find_mentee(m, one.with_name)
        before_start = (
            mentee is not None
            and mentee.active
            and not one.mentoring
            and one.held_on < mentee.started_on
        )
        if before_start and mentee is not None and not as_json and _terminal():
            # Logged after the fact (a mentee added today, yesterday's 1:1): offer to move the
            # start, so the 1:1 counts, rather than leave it out without asking.
            from rich.prompt import Confirm

            if Confirm.ask(
                f"{mentee.name} is your mentee since {mentee.started_on}. "
                f"Start the mentoring on {one.held_on}, so this 1:1 counts?",
                default=True,
            ):
                mentee = m.add_mentee(mentee.name, since=one.held_on)
                again = m.one_on_one(one.id)
                one = dataclasses.replace(
                    one, mentee_id=again.mentee_id, evidence_id=again.evidence_id
                )
                say(f"{mentee.name}: your mentee since {mentee.started_on}.")
    if as_json:
        print_json(one.to_dict())
        return
    say(
        f"Saved 1:1 #{one.id} with {one.with_name} on {one.held_on} "
        f"({'shared' if one.shared else 'private'})."
    )
    from ladder.assessment import fold_name

    if fold_name(one.with_name) not in {fold_name(k) for k in known}:
        guess = _close(one.with_name, known)
        say(
            f"Your first 1:1 with {one.with_name}"
            + (
                f" (did you mean {guess}? `ladder 1on1 rm {one.id}` removes this one)."
                if guess
                else "."
            )
        )
    if one.mentoring:
        say(f"Counts as mentoring: evidence #{one.evidence_id} ({one.summary}).")
    elif mentee is not None and mentee.active and one.held_on < mentee.started_on:
        say(
            f"Does not count as mentoring: it was before {mentee.name} became your mentee "
            f"({mentee.started_on})."
        )
        say(f"ladder mentee add {_q(mentee.name)} --since {one.held_on}", first="To count it: ")
    elif mentee is not None:
        say(
            f"Does not count as mentoring: {mentee.name} was your mentee from {mentee.started_on}"
            + (f" to {mentee.ended_on}." if mentee.ended_on else ".")
        )
    _print_items("Closed", one.closed)
    _print_items("New action items", one.actions)
    _print_items("Still open from earlier 1:1s", one.carried, raised=True)


def one_on_one_list(
    ctx: typer.Context,
    with_name: Annotated[
        str | None,
        typer.Option("--with", "-w", help="Only 1:1s with this person.", show_default=False),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", "-n", help="Show at most this many (newest first).", show_default=False
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List your 1:1s, newest first: with whom, shared or private, and counts of action items.

    Notes and action items are not listed (with --json neither: counts only); `ladder 1on1
    show ID` shows them.

    Example: [bold]ladder 1on1 list --with Sam[/bold]
    """
    if limit is not None and limit < 1:
        raise InputError("--limit must be at least 1")
    with _env(ctx).workspace() as ws:
        ones = ws.mentorship.one_on_ones(with_name, limit=limit)
    if as_json:
        print_json({"one_on_ones": [o.to_dict(brief=True) for o in ones]})
        return
    if not ones:
        who = f" with {' '.join(with_name.split())}" if with_name else ""
        say(f"No 1:1s{who} yet. `ladder 1on1 add --with NAME --notes …` records one.")
        return
    _table(
        ["#", "date", "with", "", "notes", "agreed", "closed", "open"],
        [
            [
                str(o.id),
                o.held_on,
                o.with_name,
                "mentoring" if o.mentoring else "",
                "shared" if o.shared else "private",
                str(len(o.actions)),
                str(len(o.closed)),
                str(sum(1 for a in o.actions if a.open)),
            ]
            for o in ones
        ],
        right=frozenset({0, 5, 6, 7}),
        flex=2,
    )
    say("`ladder 1on1 show ID` shows the notes.")


def one_on_one_show(
    ctx: typer.Context, one_on_one_id: OneOnOneArg, as_json: JsonOption = False
) -> None:
    """Show a 1:1: its notes, the action items agreed and closed, and what is still open.

    Example: [bold]ladder 1on1 show 4[/bold]
    """
    with _env(ctx).workspace() as ws:
        one = ws.mentorship.one_on_one(one_on_one_id)
    if as_json:
        print_json(one.to_dict())
        return
    _print_one(one)


def one_on_one_edit(
    ctx: typer.Context,
    one_on_one_id: OneOnOneArg,
    notes: NotesOption = None,
    date: DateOption = None,
    action: ActionOption = None,
    close: CloseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Change a 1:1: replace its notes, move its date, add action items or close earlier ones.

    Example: [bold]ladder 1on1 edit 4 --notes - < notes.md[/bold]
    """
    text = None if notes is None else _read_notes(notes)
    with _env(ctx).workspace() as ws:
        one = ws.mentorship.edit_one_on_one(
            one_on_one_id, notes=text, held_on=date, actions=action or [], close=close or []
        )
    if as_json:
        print_json(one.to_dict())
        return
    say(f"Updated 1:1 #{one.id} with {one.with_name} on {one.held_on}.")
    _print_items("Closed", one.closed)
    _print_items("Action items", one.actions)


def one_on_one_share(
    ctx: typer.Context,
    one_on_one_id: OneOnOneArg,
    private: Annotated[
        bool, typer.Option("--private", help="Make the notes private again.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Share a 1:1's notes (they may then appear in its evidence), or make them --private.

    Example: [bold]ladder 1on1 share 4[/bold]
    """
    with _env(ctx).workspace() as ws:
        one = ws.mentorship.share(one_on_one_id, shared=not private)
    if as_json:
        print_json(one.to_dict())
        return
    if one.shared:
        say(f"1:1 #{one.id} with {one.with_name} is shared.")
        if one.mentoring:
            say(f"Its notes and action items are now in evidence #{one.evidence_id}.")
    else:
        say(f"1:1 #{one.id} with {one.with_name} is private: its notes stay in the 1:1.")


def one_on_one_actions(
    ctx: typer.Context,
    with_name: Annotated[
        str | None,
        typer.Option(
            "--with", "-w", help="Only action items from 1:1s with this person.", show_default=False
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the open action items, oldest first: they carry over to the next 1:1.

    Example: [bold]ladder 1on1 actions --with Sam[/bold]
    """
    with _env(ctx).workspace() as ws:
        items = ws.mentorship.open_actions(with_name)
    if as_json:
        print_json({"actions": [a.to_dict() for a in items]})
        return
    if not items:
        who = f" from 1:1s with {' '.join(with_name.split())}" if with_name else ""
        say(f"No open action items{who}.")
        return
    _table(
        ["#", "agreed", "with", "action item"],
        [[str(a.id), a.raised_on, a.with_name, a.text] for a in items],
        right=frozenset({0}),
        flex=3,
    )
    say("`ladder 1on1 close ID` closes one; `--close ID` on the next 1:1 does too.")


def one_on_one_close(ctx: typer.Context, action_id: ActionArg, as_json: JsonOption = False) -> None:
    """Close an action item between 1:1s (use --close on `1on1 add` to close it in a 1:1).

    Example: [bold]ladder 1on1 close 3[/bold]
    """
    with _env(ctx).workspace() as ws:
        item = ws.mentorship.close_action(action_id)
    if as_json:
        print_json(item.to_dict())
        return
    say(f"Closed #{item.id} ({item.with_name}, {item.raised_on}): {item.text}")


def one_on_one_reopen(
    ctx: typer.Context, action_id: ActionArg, as_json: JsonOption = False
) -> None:
    """Open a closed action item again: it carries over to the next 1:1 once more.

    Example: [bold]ladder 1on1 reopen 3[/bold]
    """
    with _env(ctx).workspace() as ws:
        item = ws.mentorship.reopen_action(action_id)
    if as_json:
        print_json(item.to_dict())
        return
    say(f"Reopened #{item.id} ({item.with_name}, {item.raised_on}): {item.text}")


def one_on_one_rm(
    ctx: typer.Context, one_on_one_id: OneOnOneArg, as_json: JsonOption = False
) -> None:
    """Delete a 1:1 and its action items; its mentoring evidence is marked deleted, not erased.

    Items it closed stay closed. The evidence stays (as after `ladder rm`) so that ratings and
    goals citing it keep their link; `ladder restore ID` brings it back.

    Example: [bold]ladder 1on1 rm 4[/bold]
    """
    with _env(ctx).workspace() as ws:
        one = ws.mentorship.remove_one_on_one(one_on_one_id)
    if as_json:
        print_json(one.to_dict())
        return
    say(
        f"Deleted 1:1 #{one.id} with {one.with_name} on {one.held_on} "
        f"and {_count(len(one.actions), 'action item')} agreed in it."
    )
    if one.evidence_id:
        say(
            f"Its evidence #{one.evidence_id} is marked deleted, not erased: ratings and goals "
            f"that cite it keep their link (`ladder restore {one.evidence_id}` brings it back)."
        )


# -- output -----------------------------------------------------------------------------------
def _print_withdrawn(mentee: Mentee) -> None:
    """Say which evidence stopped counting (marked deleted, never erased)."""
    ids = mentee.withdrawn_evidence
    if not ids:
        return
    which = ", ".join(f"#{i}" for i in ids)
    say(
        f"{_count(len(ids), '1:1')} with {mentee.name} no longer count{'s' if len(ids) == 1 else ''} "
        f"as mentoring: evidence {which} {'is' if len(ids) == 1 else 'are'} marked deleted, "
        f"not erased (`ladder restore {ids[0] if len(ids) == 1 else 'ID'}` brings "
        f"{'it' if len(ids) == 1 else 'one'} back)."
    )


def _print_one(one: OneOnOne) -> None:
    flags = ["shared" if one.shared else "private"]
    if one.mentoring:
        flags.append(f"mentoring, evidence #{one.evidence_id}")
    say(f"1:1 #{one.id} with {one.with_name} on {one.held_on} ({'; '.join(flags)})")
    print()
    if one.notes:
        for line in one.notes.splitlines():
            if line.strip():
                say(line, first="  ")
            else:
                print()
    else:
        say("  (no notes)")
    _print_items("Action items", one.actions, status=True)
    _print_items("Closed in this 1:1", one.closed, raised=True)
    _print_items("Still open from earlier 1:1s", one.carried, raised=True)


def _print_items(
    title: str, items: tuple[ActionItem, ...], *, raised: bool = False, status: bool = False
) -> None:
    if not items:
        return
    print(f"\n{title}:")
    width = max(len(str(a.id)) for a in items) + 1
    for a in items:
        extra = f"  (from {a.raised_on})" if raised else ""
        mark = ("[ ] " if a.open else "[x] ") if status else ""
        say(a.text + extra, first=f"  {'#' + str(a.id):>{width}}  {mark}")


def _table(
    headers: list[str],
    rows: list[list[str]],
    *,
    right: frozenset[int] = frozenset(),
    flex: int,
    below: bool = False,
) -> None:
    """Rows as columns in the terminal's width; the ``flex`` column wraps (or, with ``below``,
    goes under its row when there is too little room beside it)."""
    spec = [
        Column(h, right=i in right, flex=i == flex, below=below and i == flex)
        for i, h in enumerate(headers)
    ]
    for line in columns(spec, rows):
        print(line)


def _read_notes(notes: str | None) -> str:
    if notes == "-":
        from ladder.terminal import read_stdin

        return read_stdin()
    return notes or ""


def _terminal() -> bool:
    """True when a person can answer a question: standard input and output are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _find_mentee(m: Mentorship, name: str) -> Mentee | None:
    from ladder.errors import LadderError

    try:
        return m.mentee(name)
    except LadderError:
        return None


def _close(name: str, known: list[str]) -> str | None:
    import difflib

    from ladder.assessment import fold_name

    lowered = {fold_name(k): k for k in known}
    close = difflib.get_close_matches(fold_name(name), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _q(name: str) -> str:
    return f'"{name}"' if " " in name else name


def register(app: typer.Typer) -> None:
    """Add the ``mentee`` and ``1on1`` groups to ``app``."""
    mentee_app = typer.Typer(
        help="Your mentees: who, since when; 1:1s with them count as mentoring evidence."
        "\n\nExample: [bold]ladder mentee add Sam --since 2026-01-05[/bold]",
        no_args_is_help=True,
    )
    mentee_app.command("add")(mentee_add)
    mentee_app.command("list")(mentee_list)
    mentee_app.command("end")(mentee_end)
    app.add_typer(mentee_app, name="mentee")

    one_app = typer.Typer(
        help="1:1 notes with action items that carry over until closed; private unless shared."
        '\n\nExample: [bold]ladder 1on1 add --with Sam --notes "Walked through the cache design"[/bold]',
        no_args_is_help=True,
    )
    one_app.command("add")(one_on_one_add)
    one_app.command("list")(one_on_one_list)
    one_app.command("show")(one_on_one_show)
    one_app.command("edit")(one_on_one_edit)
    one_app.command("share")(one_on_one_share)
    one_app.command("actions")(one_on_one_actions)
    one_app.command("close")(one_on_one_close)
    one_app.command("reopen")(one_on_one_reopen)
    one_app.command("rm")(one_on_one_rm)
    app.add_typer(one_app, name="1on1")
