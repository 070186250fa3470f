"""The review lens on the command line: ``ladder reviews`` and ``ladder classify review``.

Both are thin: they parse their arguments and call :mod:`ladder.reviewlens`. Register them with
:func:`register` (``ladder/cli/app.py`` does)::

    from ladder.cli import reviews as _reviews
    _reviews.register(app, classify_app)
"""

from __future__ import annotations

import enum
import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ladder.cli.app import JsonOption, _env, console, print_json
from ladder.errors import InputError

if TYPE_CHECKING:
    from ladder.reviewlens import Lens
    from ladder.reviewlens.model import Predictor

BAR_WIDTH = 16
HARVEST_HINT = (
    "Harvest the review comments you gave on GitHub with `ladder harvest github` "
    "(it needs a token in GITHUB_TOKEN), then run `ladder reviews` again."
)


class ModelName(enum.StrEnum):
    """Which review model classifies the comments."""

    linear = "linear"
    semantic = "semantic"


ModelOption = Annotated[
    ModelName,
    typer.Option(
        "--model",
        help="linear: the small model inside ladder (the default, fast). semantic: blends it "
        "with sentence embeddings; needs the optional 'semantic' extra (docs/review-lens.md), "
        "takes seconds to load and reads about 100 comments/s.",
        case_sensitive=False,
    ),
]


def _model(name: ModelName) -> Predictor:
    """The chosen model; the semantic one is imported only when asked for."""
    if name is ModelName.semantic:
        from ladder.reviewlens.semantic import semantic_model

        return semantic_model()
    from ladder.reviewlens.model import default_model

    return default_model()


def reviews(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="From this date on (natural dates work: '6 months ago').",
            show_default=False,
        ),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Up to this date, inclusive.", show_default=False)
    ] = None,
    as_json: JsonOption = False,
    model: ModelOption = ModelName.linear,
) -> None:
    """The review lens: what kind of review comments you give, by month and quarter.

    Classifies each review comment you gave (praise, nit, question, suggestion, correctness,
    design, testing, security, docs) and shows counts and shares per class and month, and
    per quarter the design-level against the nit-level share with a 95% band, plus three of
    your own comments of each kind. Design-level: design, correctness, security and testing;
    nit-level: nits. Comments whose text alone does not say what they are ("Ditto.", "See
    above") are counted as can't-tell and left out of the shares. Review comments come from
    `ladder harvest github`. `--model semantic` uses the optional, stronger and much slower
    semantic model (docs/review-lens.md).

    Example: [bold]ladder reviews --since "6 months ago"[/bold]
    """
    from ladder.reviewlens.lens import workspace_lens

    predictor = _model(model)
    with _env(ctx).workspace() as ws:
        result = workspace_lens(ws, since=since, until=until, model=predictor)
        everything = (
            result.total + result.skipped if since is None and until is None else _count_all(ws)
        )
    if as_json:
        data = result.to_dict()
        if result.total == 0:
            data["hint"] = HARVEST_HINT if everything == 0 else "no review comments in this period"
        print_json(data)
        return
    _print_lens(result, everything)


def _count_all(ws: Any) -> int:
    from ladder import person
    from ladder.reviewlens.lens import KIND

    owner = person.self_id(ws.store)
    return int(
        ws.store.scalar(
            "SELECT COUNT(*) FROM activity WHERE person_id = :p AND kind = :k",
            {"p": owner, "k": KIND},
        )
        or 0
    )


def _bar(share: float, width: int = BAR_WIDTH) -> str:
    full = round(max(0.0, min(1.0, share)) * width)
    return "█" * full + "░" * (width - full)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _print_lens(result: Lens, everything: int) -> None:
    from rich.markup import escape
    from rich.table import Table

    from ladder.reviewlens import DESCRIPTIONS, DESIGN_LEVEL, LABELS, NIT_LEVEL

    out = console()
    if result.total == 0:
        if result.skipped:
            out.print(
                f"{result.skipped} review comment(s) in this period, all empty: nothing to classify."
            )
        elif everything == 0:
            out.print("No review comments in this workspace yet.")
            out.print(escape(HARVEST_HINT))
        else:
            span = f"{result.since or 'the beginning'} to {result.until or 'today'}"
            out.print(
                f"No review comments from {span} ({everything} in all): try a wider --since / --until."
            )
        return
    first, last = result.months[0].month, result.months[-1].month
    period = first if first == last else f"{first} → {last}"
    extra = f", {result.labelled} labelled by you" if result.labelled else ""
    cant = f", {result.unreadable} can't tell" if result.unreadable else ""
    out.print(
        f"[bold]Review lens[/bold]: {result.total} review comments read, {period}{extra}{cant}"
    )
    out.print(
        f"[bold]{escape(result.trend.sentence[0].upper() + result.trend.sentence[1:])}[/bold]\n"
    )

    by_class = Table(title="By class", title_justify="left", box=None, pad_edge=False)
    by_class.add_column("class", no_wrap=True, min_width=11)
    by_class.add_column("comments", justify="right", no_wrap=True, min_width=8)
    by_class.add_column("share", justify="right", no_wrap=True, min_width=5)
    by_class.add_column("", no_wrap=True, min_width=10)
    by_class.add_column("example", no_wrap=True)
    room = max(20, min(72, out.width - 44))
    for label in sorted(LABELS, key=lambda k: (-result.counts[k], LABELS.index(k))):
        n = result.counts[label]
        share = n / result.total
        ex = result.examples.get(label) or []
        example = _fit(f"“{ex[0].excerpt}”", room) if ex else f"[dim]{DESCRIPTIONS[label]}[/dim]"
        style = "bold" if label in DESIGN_LEVEL else ("yellow" if label in NIT_LEVEL else "")
        by_class.add_row(
            f"[{style}]{label}[/{style}]" if style else label,
            str(n),
            f"{share:.0%}",
            _bar(share, 10),
            escape(example) if ex else example,
        )
    out.print(by_class)
    out.print()

    by_month = Table(title="By month", title_justify="left", box=None, pad_edge=False)
    by_month.add_column("month", no_wrap=True)
    by_month.add_column("comments", justify="right", no_wrap=True)
    by_month.add_column("design-level", no_wrap=True)
    by_month.add_column("", justify="right", no_wrap=True)
    by_month.add_column("nits", no_wrap=True)
    by_month.add_column("", justify="right", no_wrap=True)
    by_month.add_column("most common", no_wrap=True)
    for m in result.months:
        n = m.total
        if n == 0:
            by_month.add_row(m.month, "0", "", "", "", "", "[dim]no comments[/dim]")
            continue
        d, t = m.design_level / n, m.nit_level / n
        top = max(LABELS, key=lambda k: (m.counts[k], -LABELS.index(k)))
        by_month.add_row(
            m.month,
            str(n),
            f"[green]{_bar(d)}[/green]",
            f"{d:.0%}",
            f"[yellow]{_bar(t, 8)}[/yellow]",
            f"{t:.0%}",
            top,
        )
    out.print(by_month)
    out.print()
    _print_quarters(result)
    out.print(
        f"\n[dim]design-level = {', '.join(sorted(DESIGN_LEVEL))}; nit-level = "
        f"{', '.join(sorted(NIT_LEVEL))}. `--json` for every figure and example.[/dim]"
    )
    if result.unreadable:
        out.print(
            f"[dim]{result.unreadable} comment(s) the lens cannot tell apart from their text "
            "alone (ditto, see above, a bare name) are left out of every share.[/dim]"
        )
    if result.skipped:
        out.print(f"[dim]{result.skipped} empty comment(s) left out.[/dim]")


def _band(got: tuple[float, float, float] | None) -> str:
    if got is None:
        return ""
    value, low, high = got
    return f"{value:.0%} ({low:.0%}-{high:.0%})"


def _print_quarters(result: Lens) -> None:
    """Per quarter: design-level against nit-level share with a 95% band; three examples."""
    from rich.markup import escape
    from rich.table import Table

    from ladder.reviewlens.lens import MIN_PER_QUARTER

    out = console()
    if not result.quarters:
        return
    table = Table(
        title="By quarter (share of comments read, 95% band)",
        title_justify="left",
        box=None,
        pad_edge=False,
    )
    table.add_column("quarter", no_wrap=True)
    table.add_column("read", justify="right", no_wrap=True)
    table.add_column("design-level", no_wrap=True)
    table.add_column("nits", no_wrap=True)
    table.add_column("", no_wrap=True)
    for q in result.quarters:
        note = f"[dim]too few (< {MIN_PER_QUARTER})[/dim]" if q.too_few else ""
        table.add_row(
            q.quarter,
            str(q.read),
            f"[green]{_band(q.share('design_level'))}[/green]",
            f"[yellow]{_band(q.share('nit_level'))}[/yellow]",
            note,
        )
    out.print(table)
    room = max(30, min(76, out.width - 4))
    for kind, style in (("design-level", "green"), ("nit-level", "yellow")):
        examples = result.kind_examples.get(kind) or []
        if not examples:
            continue
        out.print(f"\n[{style}]Your {kind} comments[/{style}], for example:")
        for ex in examples:
            out.print(f"  {escape(_fit(f'{ex.occurred_on} [{ex.label}] “{ex.excerpt}”', room))}")


def classify_review(
    text: Annotated[
        str,
        typer.Argument(
            help="The review comment, or - to read one comment per line from standard input.",
            show_default=False,
        ),
    ],
    jsonl: Annotated[
        bool,
        typer.Option(
            "--jsonl",
            help='With -: each line is a JSON string, or an object with a "text" field '
            "(for comments that span lines).",
        ),
    ] = False,
    model_name: ModelOption = ModelName.linear,
) -> None:
    """Classify review comments: prints one JSON line per comment with its class and why.

    Each line has `input` (1 for TEXT; the line number with -), `label` (praise, nit,
    question, suggestion, correctness, design, testing, security, docs), `confidence`
    (0-1) and `reason`. With -, blank lines are skipped; a line that cannot be classified
    gets an `error` instead, and the command exits with status 1 at the end.
    `--model semantic` uses the optional semantic model (docs/review-lens.md).

    Example: [bold]ladder classify review "nit: trailing whitespace"[/bold]
    """
    from ladder.reviewlens import classify

    model = _model(model_name)
    if text != "-":
        if jsonl:
            raise InputError("--jsonl reads standard input: pass - as the text")
        _emit(1, classify(text, model=model).to_dict())
        return
    seen = failed = 0
    from ladder.rules import unicode_problem
    from ladder.terminal import stdin_lines

    for number, line in enumerate(stdin_lines(), 1):
        raw = line.rstrip("\r\n")
        if not raw.strip():
            continue
        seen += 1
        try:
            problem = unicode_problem(raw)
            if problem:
                raise InputError(f"not valid text: {problem}")
            comment = _decode(raw) if jsonl else raw
            result = classify(comment, model=model).to_dict()
        except InputError as err:  # not JSON, or an empty comment inside a JSON line
            failed += 1
            _emit(number, {"error": err.message})
            continue
        _emit(number, result)
    if not seen:
        raise InputError(
            "no review comments on standard input",
            hint='pipe one comment per line, e.g. echo "nit: typo" | ladder classify review -',
        )
    if failed:
        raise InputError(
            f'{failed} of {seen} line(s) could not be classified (see their "error" field)'
        )


def _decode(raw: str) -> str:
    from ladder.loaders import load_json_line

    value = load_json_line(raw)
    if isinstance(value, dict):
        value = value.get("text", value.get("body"))
    if not isinstance(value, str):
        raise InputError('expected a JSON string or an object with "text"')
    return value


def _emit(number: int, data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps({"input": number, **data}, ensure_ascii=False) + "\n")


def register(app: typer.Typer, classify_app: typer.Typer) -> None:
    """Add ``ladder reviews`` to ``app`` and ``ladder classify review`` to ``classify_app``."""
    app.command("reviews")(reviews)
    classify_app.command("review")(classify_review)
