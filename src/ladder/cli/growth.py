"""``ladder status`` and ``ladder gaps``: readiness against a level, area by area, and what to do.

Thin shells over :func:`ladder.readiness.compute` (``ws.readiness()``). Output is plain text
with ANSI colour on a terminal, no Rich: ``ladder gaps`` is on the path people wait for (see
docs/benchmarks.md), and a few aligned lines need nothing more.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ladder.cli.app import JsonOption, _env, print_json

if TYPE_CHECKING:
    from ladder.readiness import AreaReadiness, Readiness
    from ladder.workspace import Workspace

LevelOption = Annotated[
    str | None,
    typer.Option(
        "--level",
        "-l",
        help="The level to measure against, e.g. senior (default: your target level).",
        show_default=False,
    ),
]

TrackOption = Annotated[
    str | None,
    typer.Option(
        "--track",
        help="The ladder track to read the level on, e.g. ic or management (default: yours).",
        show_default=False,
    ),
]

_COLOUR = {"gap": "31", "emerging": "33", "meeting": "32", "exceeding": "36"}


def _painter() -> Any:
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color and text else text

    return paint


def _width() -> int:
    from ladder.layout import width

    return width()


def _wrap(text: str, width: int, indent: str, first: str | None = None) -> list[str]:
    """``text`` wrapped to ``width``, lines indented by ``indent`` (the first by ``first``)."""
    from ladder.layout import wrap

    return wrap(text, width, first=indent if first is None else first, indent=indent)


#: Lines the item an area's verdict rests on may take in ``status`` (a day's subjects can run on).
CARRIER_LINES = 3


def _carrier(carried_by: Sequence[Any], room: int) -> list[str]:
    """``on: #ID text (date) and N more``: the item a verdict rests on, its text cut between
    words so that the whole takes at most :data:`CARRIER_LINES` lines of ``room``."""
    from ladder.layout import clip

    c = carried_by[0]
    more = f" and {len(carried_by) - 1} more" if len(carried_by) > 1 else ""
    head, tail = f"on: #{c.id} ", f" ({c.occurred_on}){more}"
    text = c.text
    while True:
        lines = _wrap(head + text + tail, room, "  ")
        if len(lines) <= CARRIER_LINES or len(text) <= 20:
            return lines
        text = clip(text, max(20, len(text) - room // 2))


def status_command(
    ctx: typer.Context,
    level: LevelOption = None,
    track: TrackOption = None,
    as_json: JsonOption = False,
) -> None:
    """Where you stand: every area against your target level, why, and this month's goals.

    Each area gets a status — gap, emerging, meeting or exceeding — from the strength of its
    evidence (how much, how recent, over how many months, how varied) and the ratings, with
    the reason in one sentence. The weakest area sets the overall status. Areas gone quiet
    get a nudge, and this month's goals show with any evidence that looks like it completes
    them. On a ladder with tracks, [bold]--track[/bold] reads the level on another track (ic,
    management). When a newer bundled ladder than yours is available, a last line says so
    (`--json`: bundled_update). The rules: docs/readiness.md.

    Example: [bold]ladder status --level senior[/bold]

    Example: [bold]ladder status --level staff --track ic[/bold]
    """
    with _env(ctx).workspace() as ws:
        ready = _fresh_readiness(ws, level, track)
        me = ws.profile()
        goals, proposals = _goals(ws, ready.today.strftime("%Y-%m"))
        orphans = ws.goals.orphaned()
        levels = {lv.id: lv.name for lv in ws.ladder().levels}
        update = ws.bundled_update()
    from ladder.cli.goals import warn_orphans

    warn_orphans(orphans)
    if as_json:
        print_json(
            {
                "profile": me.to_dict() if me else None,
                "readiness": ready.to_dict(),
                "month": ready.today.strftime("%Y-%m"),
                "goals": [g.to_dict() for g in goals],
                "proposals": [p.to_dict() for p in proposals],
                "bundled_update": update.to_dict() if update else None,
            }
        )
        return
    paint = _painter()
    width = _width()
    out: list[str] = []
    if me is not None:
        from ladder.layout import joined

        now = levels.get(me.level or "", me.level or "?")
        where = f"{now} → {ready.level_name}{ready.on_track}"
        head = joined([me.name, where, ready.ladder, str(ready.today)], width)
        head[0] = head[0].replace(me.name, paint(me.name, "1"), 1)
        out.extend(head)
    overall = _wrap(f"Overall: {ready.overall.upper()} — {ready.reason}", width, "")
    overall[0] = overall[0].replace(
        ready.overall.upper(), paint(ready.overall.upper(), _COLOUR[ready.overall] + ";1"), 1
    )
    out.extend(overall)
    out.append("")
    name_w = max((len(a.name) for a in ready.areas), default=4)
    pad = " " * (name_w + 31)  # "  name  status     items  recent  "
    reason_w = max(width - len(pad), 30)
    out.append(paint(f"  {'area':<{name_w}}  {'status':<9}  {'items':>6}  {'recent':>6}  why", "2"))
    for a in ready.areas:
        lines = _wrap(a.reason, reason_w, "")
        out.append(
            f"  {a.name:<{name_w}}  {paint(f'{a.label:<9}', _COLOUR[a.status])}  "
            f"{a.evidence:>6}  {a.recent:>6}  {lines[0]}"
        )
        out.extend(pad + line for line in lines[1:])
        if a.carried_by and a.status in ("meeting", "exceeding"):
            for line in _carrier(a.carried_by, reason_w):
                out.append(pad + paint(line, "2"))
        if a.status in ("gap", "emerging") and a.actions:
            for line in _wrap(f"next: {a.actions[0].text}", reason_w, ""):
                out.append(pad + paint(line, "2"))
    if ready.quiet:
        out.append("")
        out.append(paint("Gone quiet:", "1"))
        for q in ready.quiet:
            first = next((x.text for x in ready.area(q.area).actions), "")
            tip = f" Try: {first}" if first else ""
            out.extend(_wrap(f"{q.message}{tip}", width, "    ", "  · "))
    out.append("")
    out.extend(_goal_lines(goals, proposals, ready.today.strftime("%Y-%m"), paint, width))
    out.append("")
    gaps = ready.gaps()
    if gaps:
        out.extend(
            _wrap(
                f"Next: `ladder gaps` shows the top {len(gaps)} gap{'s' if len(gaps) > 1 else ''} "
                "with concrete actions from the ladder.",
                width,
                "",
            )
        )
    else:
        out.append("No gaps: `ladder gaps` lists none; keep the evidence coming.")
    if update:
        out.extend(_wrap(update.hint, width, ""))
    sys.stdout.write("\n".join(out) + "\n")


def _goals(ws: Workspace, month: str) -> tuple[list[Any], list[Any]]:
    """This month's goals and the evidence that may complete them (see ``ladder goals``)."""
    goals = ws.goals
    return goals.list(month=month), goals.completion_proposals(month=month)


def _goal_lines(
    goals: list[Any], proposals: list[Any], month: str, paint: Any, width: int
) -> list[str]:
    out = [paint(f"Goals for {month}:", "1")]
    if not goals:
        out.extend(
            _wrap(
                "None yet: `ladder goals plan` proposes one per track from your gaps.", width, "  "
            )
        )
        return out
    marks = {"active": "·", "done": "✓", "dropped": "✗"}
    for g in goals:
        state = f" ({g.status})" if g.status != "active" else ""
        lines = _wrap(
            f"{marks.get(g.status, '?')} #{g.id:<4} {g.track:<13} {g.title}{state}",
            width,
            " " * 23,
            "  ",
        )
        out.extend(lines)
        for p in (p for p in proposals if p.goal.id == g.id):  # under the goal it may complete
            out.extend(
                _wrap(
                    f"#{p.goal.id} may be done: evidence #{p.evidence_id} ({p.evidence_date}) "
                    f"{_clip(p.evidence_text, 60)} — {p.reason}",
                    width,
                    "      ",
                    "    → ",
                )
            )
            out.extend(_wrap(p.command, width, " " * 15, "      confirm: "))
    return out


def gaps_command(
    ctx: typer.Context,
    level: LevelOption = None,
    track: TrackOption = None,
    top: Annotated[
        int,
        typer.Option("--top", "-n", help="How many gaps to show, weakest first; 0 for all.", min=0),
    ] = 3,
    as_json: JsonOption = False,
) -> None:
    """Your top gaps to the level, weakest first, each with concrete next actions.

    A gap is an area below meeting. The actions come from the ladder's suggestions for the
    area's expectations at the level, starting with those that have no evidence yet or low
    ratings. The rules: docs/readiness.md.

    Example: [bold]ladder gaps --level senior --top 5[/bold]

    Example: [bold]ladder gaps --level engineering-manager --track management[/bold]
    """
    with _env(ctx).workspace() as ws:
        ready = _fresh_readiness(ws, level, track)
    gaps = ready.gaps(top or None)
    if as_json:
        print_json(
            {
                "level": ready.level,
                "level_name": ready.level_name,
                "track": ready.track,
                "ladder": ready.ladder,
                "today": ready.today.isoformat(),
                "overall": ready.overall,
                "reason": ready.reason,
                "total": len(ready.gaps(None)),
                "gaps": [g.to_dict() for g in gaps],
            }
        )
        return
    sys.stdout.write("\n".join(_gap_lines(ready, gaps)) + "\n")


def _gap_lines(ready: Readiness, gaps: list[AreaReadiness]) -> list[str]:
    paint = _painter()
    width = _width()
    from ladder.layout import joined

    out = [
        paint(line, "1")
        for line in joined(
            [
                f"Gaps to {ready.level_name}{ready.on_track}",
                ready.ladder,
                str(ready.today),
            ],
            width,
        )
    ]
    out.extend(_wrap(ready.reason, width, ""))
    if not gaps:
        meeting = sorted(ready.areas, key=lambda a: a.score)[:1]
        out.append("")
        out.append(f"No gaps to {ready.level_name}: every area meets it.")
        for a in meeting:
            out.extend(
                _wrap(
                    f"The weakest is {a.name} ({a.status}, score {a.score:.2f}): {a.reason}",
                    width,
                    "",
                )
            )
            out.extend(_action_lines(a, paint, width))
        return out
    total = len(ready.gaps(None))
    for n, a in enumerate(gaps, 1):
        out.append("")
        label = paint(a.label, _COLOUR[a.status])
        out.append(f"{n}. {paint(a.name, '1')} · {label} · score {a.score:.2f}")
        out.extend(_wrap(a.reason, width - 3, "   "))
        out.extend(_action_lines(a, paint, width))
    if total > len(gaps):
        out.append("")
        out.extend(
            _wrap(
                f"{total - len(gaps)} more below meeting: `ladder gaps --top 0` lists all.",
                width,
                "",
            )
        )
    return out


def _action_lines(a: AreaReadiness, paint: Any, width: int) -> list[str]:
    out: list[str] = []
    if not a.actions:
        out.append("   (The ladder suggests no actions for this area.)")
        return out
    out.append("   Next:")
    for act in a.actions:
        out.extend(_wrap(act.text, width, "     ", "   · "))
        out.extend(
            paint(line, "2")
            for line in _wrap(
                f"{act.expectation}: {act.why}" + (f" ({act.origin})" if act.origin else ""),
                width,
                " " * 9,
                " " * 7,
            )
        )
    return out


def _clip(text: str, n: int) -> str:
    from ladder.layout import clip

    return clip(text, n)


def register(app: typer.Typer) -> None:
    """Add ``status`` and ``gaps`` to ``app``."""
    app.command("status")(status_command)
    app.command("gaps")(gaps_command)


__all__ = ["gaps_command", "register", "status_command"]


def _fresh_readiness(ws: Workspace, level: str | None, track: str | None = None) -> Readiness:
    """Readiness after grading and mapping what was logged or harvested since the last
    ``map``, so that it counts at once (a bad ``level`` or ``track`` is refused before anything
    is written)."""
    ready = ws.readiness(level=level, track=track)
    if ws.map().examined:
        ready = ws.readiness(level=level, track=track)
    return ready
