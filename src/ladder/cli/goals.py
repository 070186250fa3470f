"""``ladder goals …``: monthly goals, proposed from the gaps, checked in on, done or dropped.

Thin shells over :class:`ladder.goal.Goals` (``ws.goals``). ``ladder goals`` on its own lists
this month's goals (and the open ones of earlier months) with the evidence that may complete
them; ``register(app)`` adds the group.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ladder.cli.app import JsonOption, _env, print_json
from ladder.errors import InputError
from ladder.layout import clip, say, width

if TYPE_CHECKING:
    from ladder.goal import Goal, Goals, PlannedGoal, Proposal
    from ladder.workspace import Workspace

goals_app = typer.Typer(  # its help is the docstring of goals_main
    invoke_without_command=True,
    no_args_is_help=False,
)

GoalArg = Annotated[
    int, typer.Argument(help="The goal's id (see `ladder goals`).", show_default=False)
]
MonthOption = Annotated[
    str | None,
    typer.Option("--month", "-m", help="A month: YYYY-MM, this, next or last.", show_default=False),
]
TrackOption = Annotated[
    str | None,
    typer.Option(
        "--track", "-t", help="technical, leadership or communication.", show_default=False
    ),
]
AreaOption = Annotated[
    str | None,
    typer.Option("--area", "-a", help="The ladder area it grows.", show_default=False),
]
ExpectationOption = Annotated[
    str | None,
    typer.Option(
        "--expectation",
        "-e",
        help="The expectation it grows, e.g. operations.slos-alerting.",
        show_default=False,
    ),
]
NoteOption = Annotated[
    str | None, typer.Option("--note", "-n", help="A note to keep with it.", show_default=False)
]
AllOption = Annotated[bool, typer.Option("--all", help="Every month, not only this one.")]
StatusOption = Annotated[
    str | None,
    typer.Option("--status", help="Only goals in this status: active, done, dropped."),
]

_MARK = {"active": "·", "done": "✓", "dropped": "✗"}


# -- listing -----------------------------------------------------------------------------------


@goals_app.callback()
def goals_main(
    ctx: typer.Context,
    month: MonthOption = None,
    everything: AllOption = False,
    status: StatusOption = None,
    as_json: JsonOption = False,
) -> None:
    """Monthly goals: one technical, one leadership, one communication, proposed from your gaps.

    On its own, lists this month's goals (and the still-open ones of earlier months) with the
    evidence that may complete them.

    Example: [bold]ladder goals plan --month next[/bold]
    """
    if ctx.invoked_subcommand is None:
        _list(ctx, month=month, everything=everything, status=status, as_json=as_json)


@goals_app.command("list")
def list_command(
    ctx: typer.Context,
    month: MonthOption = None,
    everything: AllOption = False,
    status: StatusOption = None,
    as_json: JsonOption = False,
) -> None:
    """List goals (the same as `ladder goals`): this month's and the open ones, or --month, --all.

    Under the goals, the evidence that looks like it completes one, with the command that
    confirms it.

    Example: [bold]ladder goals list --all --status done[/bold]
    """
    _list(ctx, month=month, everything=everything, status=status, as_json=as_json)


def _list(
    ctx: typer.Context,
    *,
    month: str | None,
    everything: bool,
    status: str | None,
    as_json: bool,
) -> None:
    if everything and month is not None:
        raise InputError("give --month or --all, not both")
    with _env(ctx).workspace() as ws:
        goals = ws.goals
        this = goals.month()
        asked = goals.month(month) if month is not None else None
        if everything:
            listed = goals.list(status=status)
        elif asked:
            listed = goals.list(month=asked, status=status)
        else:
            wanted = goals.list(status=status) if status else None  # checks the status
            listed = [g for g in goals.current() if wanted is None or g in wanted]
        shown = {g.id for g in listed}
        proposals = [p for p in goals.completion_proposals() if p.goal.id in shown]
        ahead = [] if everything or asked else [g for g in goals.list() if g.month > this]
        orphans = goals.orphaned()
    warn_orphans(orphans)
    if as_json:
        print_json(
            {
                "month": None if everything else asked or this,
                "goals": [g.to_dict() for g in listed],
                "proposals": [p.to_dict() for p in proposals],
            }
        )
        return
    from ladder.goal import month_name

    if not listed:
        if everything:
            print("No goals yet.")
        else:
            which = month_name(asked or this)
            print(f"No goals for {which}{' in that status' if status else ''}.")
        say(
            "`ladder goals plan` proposes three from your gaps; "
            '`ladder goals add "TITLE" --track technical` sets one of your own.'
        )
        _print_ahead(ahead)
        return
    current = None
    for goal in listed:
        if goal.month != current:
            current = goal.month
            later = " (still open)" if not everything and not asked and goal.month < this else ""
            print(("" if goal is listed[0] else "\n") + month_name(goal.month) + later)
        _print_goal_line(goal)
    if proposals:
        print("\nEvidence that may complete a goal:")
        for p in proposals:
            _print_proposal(p)
    _print_ahead(ahead)


def _print_ahead(ahead: list[Goal]) -> None:
    """A line about goals set for later months, which the default listing leaves out."""
    if not ahead:
        return
    from ladder.goal import month_name

    first = ahead[0].month
    n = len(ahead)
    print()
    say(
        f"{n} goal{'s' if n != 1 else ''} set for later months "
        f"(from {month_name(first)}): `ladder goals --month {first}` or `--all`."
    )


def _print_goal_line(goal: Goal) -> None:
    say(goal.title, first=f"  {_MARK.get(goal.status, '?')} #{goal.id:<4} {goal.track:<14} ")
    details = [_target(goal)] if goal.area else []
    if goal.orphaned:
        details.append("not in the active ladder")
    if goal.status == "done":
        details.append(f"done {(goal.closed_at or '')[:10]}")
        if goal.evidence_id is not None:
            details.append(f"evidence #{goal.evidence_id}")
    elif goal.status == "dropped":
        details.append(f"dropped {(goal.closed_at or '')[:10]}")
    elif goal.checkins:
        last = goal.checkins[-1]
        n = len(goal.checkins)
        details.append(
            f"{n} check-in{'s' if n != 1 else ''}, last {last.at[:10]}: {clip(last.note, 60)}"
        )
    if details:
        say(" · ".join(details), first=" " * 25)


def _print_proposal(p: Proposal) -> None:
    head = f"  #{p.goal.id} ← evidence #{p.evidence_id} ({p.evidence_date}) "
    print(head + clip(p.evidence_text, max(width() - len(head), 20)))
    say(p.reason, first=" " * 6)
    say(p.command, first="      confirm: ")


# -- planning ----------------------------------------------------------------------------------


@goals_app.command("plan")
def plan_command(
    ctx: typer.Context,
    month: MonthOption = None,
    accept: Annotated[
        bool,
        typer.Option("--accept", help="Save all the proposed goals, without asking."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Propose this month's goals from your gaps: one technical, one leadership, one communication.

    Each goal is a concrete next action for the weakest area of its track, linked to the
    area and expectation so that the evidence you log can complete it. In a terminal you
    accept, edit, replace or skip each; --accept saves them all; --json prints them and saves
    nothing (with --accept: the saved goals). Tracks that already have an active goal for the
    month are left alone.

    Example: [bold]ladder goals plan --month next[/bold]
    """
    with _env(ctx).workspace() as ws:
        goals = ws.goals
        target = goals.month(month)
        planned = goals.plan(month=target)
        already = goals.list(month=target, status="active")
        if as_json and not accept:
            print_json(
                {
                    "month": target,
                    "proposals": [p.to_dict() for p in planned],
                    "already": [g.to_dict() for g in already],
                }
            )
            return
        if accept:
            saved = goals.accept(*planned)
        elif sys.stdin.isatty() and sys.stdout.isatty() and planned:
            saved = _choose(ws, goals, planned, target)
        else:
            _print_plan(planned, already, target)
            return
    if as_json:
        print_json([g.to_dict() for g in saved])
        return
    _print_saved(saved, already, target)


def _print_plan(planned: list[PlannedGoal], already: list[Goal], month: str) -> None:
    from ladder.goal import month_name

    name = month_name(month)
    _print_already(already, name)
    if not planned:
        if not already:
            print(f"Nothing to propose for {name}: every next action is a goal already.")
        return
    print(f"Proposed goals for {name} (nothing is saved yet):")
    for p in planned:
        _print_planned(p)
    print()
    say(
        f"Save them with `ladder goals plan --month {month} --accept`, or run the command in "
        "a terminal to accept, edit or replace each one."
    )


def _print_already(already: list[Goal], name: str) -> None:
    if not already:
        return
    tracks = ", ".join(f"{g.track} (#{g.id})" for g in already)
    say(f"{name} already has active goals: {tracks}.")


def _print_planned(p: PlannedGoal) -> None:
    say(p.title, first=f"  {p.track:<14} ")
    if p.area:
        say(_target(p), first=" " * 17)
    if p.reason:
        say(p.reason, first=" " * 17 + "why: ")


def _print_saved(saved: list[Goal], already: list[Goal], month: str) -> None:
    from ladder.goal import month_name

    name = month_name(month)
    if not saved:
        _print_already(already, name)
        print(f"No goals saved for {name}.")
        return
    print(f"Saved {len(saved)} goal{'s' if len(saved) != 1 else ''} for {name}:")
    for goal in saved:
        _print_goal_line(goal)
    say("`ladder goals checkin ID NOTE` records progress; `ladder goals done ID` closes one.")


def _choose(ws: Workspace, goals: Goals, planned: list[PlannedGoal], month: str) -> list[Goal]:
    """Ask about each proposal in the terminal; save the chosen ones together."""
    import dataclasses

    from rich.markup import escape
    from rich.prompt import Prompt
    from rich.text import Text

    from ladder.cli.app import console
    from ladder.goal import month_name
    from ladder.layout import hanging

    out = console()
    out.print(f"[bold]Goals for {month_name(month)}[/bold], proposed from your gaps:")
    chosen: list[PlannedGoal] = []
    for p in planned:
        out.print()
        out.print(hanging(Text(f"{p.track}: ", style="bold"), p.title))
        if p.area:
            out.print(hanging("  ", _target(p), style="dim"))
        if p.reason:
            out.print(hanging("  why: ", p.reason, style="dim"))
        answer = Prompt.ask(
            escape("  [a]ccept, [e]dit the title, [r]eplace with your own, [s]kip"),
            choices=["a", "e", "r", "s"],
            default="a",
            console=out,
        )
        if answer == "a":
            chosen.append(p)
        elif answer == "e":
            title = Prompt.ask("  Title", default=p.title, console=out)
            chosen.append(dataclasses.replace(p, title=title))
        elif answer == "r":
            title = _ask_nonempty(out, "  Your goal")
            area = Prompt.ask(
                "  Ladder area it grows (- for none)", default=p.area or "-", console=out
            ).strip()
            chosen.append(
                dataclasses.replace(
                    p, title=title, area="" if area == "-" else area, expectation="", reason=""
                )
            )
    return goals.accept(*chosen)


def _ask_nonempty(out: Any, question: str) -> str:
    from rich.prompt import Prompt

    while True:
        answer = Prompt.ask(question, console=out).strip()
        if answer:
            return answer
        out.print("  [red]Please write the goal in a line.[/red]")


# -- one goal ----------------------------------------------------------------------------------


@goals_app.command("add")
def add_command(
    ctx: typer.Context,
    title: Annotated[
        list[str], typer.Argument(help="What you will do, in a line.", show_default=False)
    ],
    track: TrackOption = None,
    area: AreaOption = None,
    expectation: ExpectationOption = None,
    month: MonthOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Set a goal of your own for a month (default: this month).

    Link it to an area or an expectation of the ladder and the evidence you log can propose
    its completion.

    Example: [bold]ladder goals add "Write the SLO for the billing API" --track technical --expectation operations.slos-alerting[/bold]
    """
    if track is None:
        raise InputError(
            "--track is required", hint="use --track technical, leadership or communication"
        )
    with _env(ctx).workspace() as ws:
        goal = ws.goals.add(
            " ".join(title),
            track=track,
            area=area,
            expectation=expectation,
            month=month,
            note=note or "",
        )
    if as_json:
        print_json(goal.to_dict())
        return
    from ladder.goal import month_name

    say(f"Added goal #{goal.id} for {month_name(goal.month)} ({goal.track}): {goal.title}")
    if goal.area:
        say(f"  linked to {_target(goal)}: evidence you log there can complete it")


@goals_app.command("edit")
def edit_command(
    ctx: typer.Context,
    goal_id: GoalArg,
    title: Annotated[
        str | None, typer.Option("--title", help="The new title.", show_default=False)
    ] = None,
    track: TrackOption = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area", "-a", help="The ladder area it grows (- for none).", show_default=False
        ),
    ] = None,
    expectation: Annotated[
        str | None,
        typer.Option(
            "--expectation",
            "-e",
            help="The expectation it grows (- for none).",
            show_default=False,
        ),
    ] = None,
    month: MonthOption = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Change a goal: its title, track, area, expectation, month or note.

    Example: [bold]ladder goals edit 3 --title "Write and publish the SLO for billing"[/bold]
    """
    with _env(ctx).workspace() as ws:
        goal = ws.goals.edit(
            goal_id,
            title=title,
            track=track,
            area="" if area == "-" else area,
            expectation="" if expectation == "-" else expectation,
            month=month,
            note=note,
        )
    if as_json:
        print_json(goal.to_dict())
        return
    print(f"Changed goal #{goal.id}:")
    _print_goal_line(goal)


@goals_app.command("done")
def done_command(
    ctx: typer.Context,
    goal_id: GoalArg,
    evidence_id: Annotated[
        int | None,
        typer.Option(
            "--evidence", help="The entry that shows it (see `ladder entries`).", show_default=False
        ),
    ] = None,
    note: NoteOption = None,
    as_json: JsonOption = False,
) -> None:
    """Close a goal as done, with the evidence that shows it if you have it.

    Example: [bold]ladder goals done 3 --evidence 14[/bold]
    """
    with _env(ctx).workspace() as ws:
        goal = ws.goals.done(goal_id, evidence_id=evidence_id, note=note or "")
    if as_json:
        print_json(goal.to_dict())
        return
    shown = f" (evidence #{goal.evidence_id})" if goal.evidence_id is not None else ""
    say(f"Done: #{goal.id} {goal.title}{shown}")


@goals_app.command("drop")
def drop_command(
    ctx: typer.Context, goal_id: GoalArg, note: NoteOption = None, as_json: JsonOption = False
) -> None:
    """Drop a goal you will not pursue (say why with --note, if you like).

    Example: [bold]ladder goals drop 4 --note "the launch moved to January"[/bold]
    """
    with _env(ctx).workspace() as ws:
        goal = ws.goals.drop(goal_id, note=note or "")
    if as_json:
        print_json(goal.to_dict())
        return
    say(f"Dropped: #{goal.id} {goal.title}")


@goals_app.command("reopen")
def reopen_command(ctx: typer.Context, goal_id: GoalArg, as_json: JsonOption = False) -> None:
    """Make a done or dropped goal active again.

    Example: [bold]ladder goals reopen 4[/bold]
    """
    with _env(ctx).workspace() as ws:
        goal = ws.goals.reopen(goal_id)
    if as_json:
        print_json(goal.to_dict())
        return
    say(f"Active again: #{goal.id} {goal.title}")


@goals_app.command("checkin")
def checkin_command(
    ctx: typer.Context,
    goal_id: GoalArg,
    note: Annotated[list[str], typer.Argument(help="What moved, in a sentence.")],
    as_json: JsonOption = False,
) -> None:
    """Record progress on a goal.

    Example: [bold]ladder goals checkin 3 "Drafted the SLO; review with the team on Thursday"[/bold]
    """
    with _env(ctx).workspace() as ws:
        goal = ws.goals.checkin(goal_id, " ".join(note))
    if as_json:
        print_json(goal.to_dict())
        return
    n = len(goal.checkins)
    say(f"Checked in on #{goal.id} ({n} check-in{'s' if n != 1 else ''}): {goal.title}")


@goals_app.command("show")
def show_command(ctx: typer.Context, goal_id: GoalArg, as_json: JsonOption = False) -> None:
    """Show one goal: its link to the ladder, its check-ins, its evidence.

    Example: [bold]ladder goals show 3[/bold]
    """
    with _env(ctx).workspace() as ws:
        goal = ws.goals.get(goal_id)
        if goal.orphaned and goal.status == "active":
            warn_orphans([goal])
        linked = ws.entry(goal.evidence_id) if goal.evidence_id is not None else None
        proposal = next(
            (p for p in ws.goals.completion_proposals(month=goal.month) if p.goal.id == goal.id),
            None,
        )
        exp_text = ""
        if goal.expectation:
            ladder = ws.ladder()
            exp_text = next((e.text for e in ladder.expectations() if e.id == goal.expectation), "")
            if goal.orphaned:
                exp_text = "not in the active ladder"
            elif goal.linked_as != goal.expectation:
                exp_text += f" (set as {goal.linked_as})"
    if as_json:
        print_json(
            {
                **goal.to_dict(),
                "evidence": None
                if linked is None
                else {"id": linked.id, "date": linked.occurred_on, "text": linked.text},
                "proposal": None if proposal is None else proposal.to_dict(),
            }
        )
        return
    from ladder.goal import month_name

    print(f"#{goal.id} · {goal.track} · {goal.status} · {month_name(goal.month)}")
    say(goal.title)
    if goal.area:
        say(_target(goal) + (f" — {exp_text}" if exp_text else ""), first="Ladder: ")
    if goal.note:
        say(goal.note, first="Note: ")
    if linked is not None:
        gone = " (deleted)" if linked.deleted_at else ""
        head = f"Evidence: #{linked.id} ({linked.occurred_on}) "
        print(head + clip(linked.text, max(width() - len(head) - len(gone), 20)) + gone)
    print(
        f"Set {goal.created_at[:10]}"
        + (f", closed {goal.closed_at[:10]}" if goal.closed_at else "")
    )
    if goal.checkins:
        print("Check-ins:")
        for c in goal.checkins:
            say(c.note, first=f"  {c.at[:10]}  ")
    if proposal is not None:
        print("\nEvidence that may complete it:")
        _print_proposal(proposal)


# -- helpers -----------------------------------------------------------------------------------


def warn_orphans(goals: list[Goal]) -> None:
    """Warn (on stderr) about active goals linked to ids the active ladder no longer has."""
    if not goals:
        return
    n = len(goals)
    which = ", ".join(f"#{g.id} ({g.linked_as})" for g in goals)
    sys.stderr.write(
        f"warning: {n} active goal{'s are' if n != 1 else ' is'} linked to "
        f"{'ids' if n != 1 else 'an id'} the active ladder no longer has: {which}; "
        f"kept, but {'they' if n != 1 else 'it'} cannot propose completion\n"
        f"hint: `ladder goals edit {goals[0].id} --expectation ID` links "
        f"{'one' if n != 1 else 'it'} to a current expectation\n"
    )


def _target(goal: Goal | PlannedGoal) -> str:
    return f"{goal.area} / {goal.expectation}" if goal.expectation else goal.area


def register(app: typer.Typer) -> None:
    """Add the ``goals`` group to ``app``."""
    app.add_typer(goals_app, name="goals")


__all__ = ["goals_app", "register"]
