"""The work log commands: log, entries, show, edit, rm, restore, export, import."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ladder.cli.app import JsonOption, _env, app, console, print_json
from ladder.errors import InputError

#: The largest --limit: more is a typo (0 shows all).
MAX_LIMIT = 1_000_000

if TYPE_CHECKING:
    from ladder.evidence import Entry

# The options of `ladder log`. The capture fast path (ladder/capture.py) accepts exactly these;
# tests/test_capture.py checks that the two stay the same.
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        help="When: today (default), yesterday, 'last monday', '3 days ago', 2026-11-02.",
        show_default=False,
    ),
]
AreaOption = Annotated[
    list[str] | None,
    typer.Option(
        "--area",
        "-a",
        help="A ladder area id this shows, e.g. system-design (repeatable).",
        show_default=False,
    ),
]
ImpactOption = Annotated[
    str | None,
    typer.Option("--impact", "-i", help="The outcome, in your words.", show_default=False),
]
LinkOption = Annotated[
    list[str] | None,
    typer.Option(
        "--link",
        "-l",
        help="A URL of the artifact: PR, doc, ticket (repeatable).",
        show_default=False,
    ),
]
EntryId = Annotated[int, typer.Argument(metavar="ID", help="The entry's id.")]
TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", "-t", help="A tag besides the inline @tags (repeatable).", show_default=False
    ),
]


@app.command()
def log(
    ctx: typer.Context,
    text: Annotated[
        list[str],
        typer.Argument(help="What you did. Inline @tags become tags.", show_default=False),
    ],
    date: DateOption = None,
    area: AreaOption = None,
    impact: ImpactOption = None,
    link: LinkOption = None,
    tag: TagOption = None,
    as_json: JsonOption = False,
) -> None:
    """Capture a piece of work in your log, instantly.

    Example: [bold]ladder log "Wrote the postmortem for the queue outage @oncall" --date yesterday --area operations[/bold]
    """
    with _env(ctx).workspace() as ws:
        entry = ws.log(
            " ".join(text),
            date=date,
            areas=area or (),
            impact=impact,
            links=link or (),
            tags=tag or (),
        )
    from ladder.capture import confirmation

    if as_json:
        print_json(entry.to_dict())
    else:
        print(confirmation(entry))


def _date(value: str | None, label: str) -> dt.date | None:
    if value is None:
        return None
    from ladder.dates import parse_date

    try:
        return parse_date(value)
    except InputError as err:
        raise InputError(f"{label}: {err.message}", hint=err.hint) from err


@app.command()
def entries(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--since", help="From this date on (natural dates work).", show_default=False),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Up to this date, inclusive.", show_default=False)
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area", "-a", help="Only entries linked to this area id.", show_default=False
        ),
    ] = None,
    tag: Annotated[
        str | None,
        typer.Option("--tag", "-t", help="Only entries with this tag.", show_default=False),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="Only entries from this source (manual, git, github…).",
            show_default=False,
        ),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option(
            "--search",
            "-s",
            help="Full-text search: every word must appear; word* matches a prefix.",
            show_default=False,
        ),
    ] = None,
    deleted: Annotated[
        bool,
        typer.Option("--deleted", help="Show deleted entries (the ones `restore` can bring back)."),
    ] = False,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            "-n",
            help="At most this many, newest first; 0 for all.",
            min=0,
            max=MAX_LIMIT,
        ),
    ] = 50,
    as_json: JsonOption = False,
) -> None:
    """List your work log, newest first, with filters and full-text search.

    Example: [bold]ladder entries --since "last month" --area mentorship --search review[/bold]
    """
    from ladder.evidence import Filter

    flt = Filter(
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        area=area,
        tag=tag,
        source=source,
        search=search,
        deleted=deleted,
        limit=limit or None,
    )
    if flt.since and flt.until and flt.since > flt.until:
        raise InputError(f"--since {flt.since} is after --until {flt.until}")
    with _env(ctx).workspace() as ws:
        found, total = ws.entries(flt)
    if as_json:
        print_json({"total": total, "entries": [e.to_dict() for e in found]})
        return
    if not found:
        print(
            "No entries match."
            if total == 0 and any([since, until, area, tag, source, search, deleted])
            else 'No entries yet: ladder log "what you did" captures one.'
        )
        return
    _table(found)
    if total > len(found):
        print(f"Showing {len(found)} of {total}: --limit 0 shows all.")


def _table(found: list[Entry]) -> None:
    """Print entries as aligned columns: id, date, text (wrapped), areas; impact below.

    Plain text with ANSI colour on a terminal, no Rich: listing is on the path people wait
    for (see docs/benchmarks.md), and a column layout needs nothing more. When the areas leave
    the text too little room (an 80-column terminal), they go on a line under the text.
    """
    from ladder import layout
    from ladder.evidence import effective
    from ladder.terminal import clean

    color = layout.paints()
    room = layout.width()
    areas = {e.id: ", ".join(dict.fromkeys(a.area for a in effective(e.areas))) for e in found}
    id_w = max(len(str(e.id)) for e in found)
    area_w = max((len(a) for a in areas.values()), default=0)
    text_room = room - id_w - 14  # "ID  YYYY-MM-DD  "
    beside = area_w + 2 <= text_room - 40  # areas keep a column only if the text keeps 40
    text_w = text_room - (area_w + 2 if beside else 0)
    indent = " " * (id_w + 14)

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color and text else text

    out = []
    for e in found:
        body = layout.wrap(clean(e.text), text_w)
        first = f"{paint(str(e.id).rjust(id_w), '2')}  {e.occurred_on}  "
        if beside:
            out.append(f"{first}{body[0].ljust(text_w)}  {paint(areas[e.id], '36')}".rstrip())
        else:
            out.append(first + body[0])
        out.extend(indent + line for line in body[1:])
        if e.impact:
            for line in layout.wrap("→ " + clean(e.impact), text_w):
                out.append(indent + paint(line, "32"))
        if not beside and areas[e.id]:
            out.extend(indent + paint(line, "36") for line in layout.wrap(areas[e.id], text_w))
    sys.stdout.write("\n".join(out) + "\n")


@app.command()
def show(
    ctx: typer.Context,
    entry_id: EntryId,
    as_json: JsonOption = False,
) -> None:
    """Show one entry in full: text, impact, tags, links, areas with their reasons, provenance.

    Example: [bold]ladder show 12[/bold]
    """
    with _env(ctx).workspace() as ws:
        entry = ws.entry(entry_id)
        records = ws.activities(entry_id) if entry.source != "manual" else []
    if as_json:
        print_json(entry.to_dict() | {"activities": records})
        return
    from rich.markup import escape
    from rich.text import Text

    from ladder.layout import clip, hanging

    out = console()
    state = " [red](deleted: `ladder restore` brings it back)[/red]" if entry.deleted_at else ""
    kind = f" · {entry.kind}" if entry.kind != "note" else ""
    out.print(f"[bold]#{entry.id}[/bold] · {entry.occurred_on} · {entry.source}{kind}{state}")
    out.print(escape(entry.text))
    if entry.impact:
        out.print(hanging(Text("Impact: ", style="green"), entry.impact))
    if entry.tags:
        out.print(hanging(Text("Tags: ", style="dim"), " ".join("@" + t for t in entry.tags)))
    for url in entry.links:
        out.print(f"[dim]Link:[/dim] {escape(url)}", overflow="ignore", crop=False)
    if entry.substance:
        by = "you" if entry.substance_by == "user" else "ladder"
        why = f": {entry.substance_reason}" if entry.substance_reason else ""
        out.print(
            hanging(
                Text("Weight: ", style="magenta"),
                f"{entry.substance} (by {by}{why}; `ladder tag {entry.id} --substance …` "
                "changes it)",
            )
        )
    elif not entry.deleted_at:
        out.print(
            hanging(
                Text("Weight: ", style="magenta"),
                "not graded yet (`ladder status` or `ladder map` grades and maps it)",
            )
        )
    for a in entry.areas:
        what = a.area + (f" / {a.expectation}" if a.expectation else "")
        out.print(
            hanging(
                Text("Area: ", style="cyan"),
                Text(what + " ") + Text(f"({a.origin}, {a.confidence:.0%}: {a.reason})", "dim"),
            )
        )
    if entry.url:
        out.print(f"[dim]URL:[/dim] {escape(entry.url)}")
    if entry.source_ref:
        out.print(f"[dim]Source:[/dim] {entry.source} {escape(entry.source_ref)}")
    if entry.edited_at and entry.source != "manual":
        out.print("[dim]Edited by you: later harvests keep your words.[/dim]")
    if records:
        out.print(f"[dim]Behind it ({len(records)}):[/dim]")
        for r in records[:15]:
            head = f"  {r['occurred_at'][:10]} {r['kind']}: "
            out.print(Text(head + clip(r["title"], out.width - len(head))))
        if len(records) > 15:
            out.print(f"  … {len(records) - 15} more (--json lists all)")
    out.print(f"[dim]Created {entry.created_at} · updated {entry.updated_at}[/dim]")


@app.command()
def edit(
    ctx: typer.Context,
    entry_id: EntryId,
    text: Annotated[
        str | None, typer.Option("--text", help="New text.", show_default=False)
    ] = None,
    date: DateOption = None,
    area: AreaOption = None,
    impact: ImpactOption = None,
    link: LinkOption = None,
    tag: TagOption = None,
    as_json: JsonOption = False,
) -> None:
    """Change an entry with flags, or in $EDITOR when no flag is given.

    --area, --link and --tag replace the entry's areas, links and extra tags. The editor needs
    a terminal; without one (in a script or a pipe), use the flags.

    Example: [bold]ladder edit 12 --impact "p99 down from 900 ms to 120 ms" --area operations[/bold]
    """
    with _env(ctx).workspace() as ws:
        if all(v is None for v in (text, date, area, impact, link, tag)):
            current = ws.entry(entry_id)
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                raise InputError(
                    "without flags, edit opens an editor, which needs a terminal: none here",
                    hint=f'use flags: ladder edit {entry_id} --text "…" --impact "…" --date WHEN'
                    "\n      (and --area ID, --link URL, --tag TAG; see ladder edit --help)",
                )
            fields = _edit_in_editor(current)
            if fields is None:
                print("No changes.")
                return
            entry = ws.edit(entry_id, **fields)
        else:
            entry = ws.edit(
                entry_id, text=text, date=date, impact=impact, areas=area, links=link, tags=tag
            )
    if as_json:
        print_json(entry.to_dict())
    else:
        print(f"Updated #{entry.id}.")


_EDIT_HELP = """# Edit the entry below; lines starting with '#' are ignored.
# The text goes after the '---' line. Save and close to apply; empty the file to cancel.
"""


def _edit_in_editor(entry: Entry) -> dict[str, Any] | None:
    user_areas = [a.area for a in entry.areas if a.origin == "user"]
    doc = (
        _EDIT_HELP
        + f"date: {entry.occurred_on}\n"
        + f"areas: {', '.join(user_areas)}\n"
        + f"impact: {entry.impact or ''}\n"
        + f"links: {' '.join(entry.links)}\n"
        + "---\n"
        + entry.text
        + "\n"
    )
    edited = _run_editor(doc)
    if edited is None or not edited.strip() or edited == doc:
        return None
    head, sep, body = edited.partition("\n---\n")
    if not sep:
        raise InputError(
            "the edited entry has no '---' line between the fields and the text; nothing was changed"
        )
    fields: dict[str, Any] = {"text": body.strip()}
    for n, line in enumerate(head.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key, value = key.strip().lower(), value.strip()
        if not colon or key not in ("date", "areas", "impact", "links"):
            raise InputError(
                f"edited entry, line {n}: expected date:, areas:, impact: or links:, got {line.strip()!r}"
            )
        if key == "date":
            fields["date"] = value
        elif key == "areas":
            fields["areas"] = [a.strip() for a in value.replace(",", " ").split()]
        elif key == "impact":
            fields["impact"] = value
        else:
            fields["links"] = value.split()
    return fields


def _run_editor(text: str) -> str | None:
    """Open ``text`` in $VISUAL / $EDITOR (else vi) and return what was saved."""
    import os
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory(prefix="ladder-edit-") as folder:
        path = Path(folder) / "entry.txt"
        path.write_text(text, encoding="utf-8")
        try:
            done = subprocess.run([*shlex.split(editor), str(path)], check=False)
        except OSError as exc:
            raise InputError(
                f"cannot start the editor {editor!r}: {exc.strerror}",
                hint="set $EDITOR, or edit with flags such as --text",
            ) from exc
        if done.returncode != 0:
            raise InputError(
                f"the editor {editor!r} exited with status {done.returncode}; nothing was changed"
            )
        return path.read_text(encoding="utf-8")


@app.command()
def rm(
    ctx: typer.Context,
    entry_id: EntryId,
) -> None:
    """Delete an entry. It can be brought back with [bold]ladder restore ID[/bold].

    Example: [bold]ladder rm 12[/bold]
    """
    with _env(ctx).workspace() as ws:
        entry = ws.remove(entry_id)
    print(f"Deleted #{entry.id}. `ladder restore {entry.id}` brings it back.")


@app.command()
def restore(
    ctx: typer.Context,
    entry_id: EntryId,
) -> None:
    """Bring back a deleted entry ([bold]ladder entries --deleted[/bold] lists them).

    Example: [bold]ladder restore 12[/bold]
    """
    with _env(ctx).workspace() as ws:
        entry = ws.restore(entry_id)
    print(f"Restored #{entry.id}.")


@app.command("export")
def export_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="Where to write the JSON; '-' for standard output.", show_default=False
        ),
    ],
) -> None:
    """Export the whole workspace as JSON: profile, ladder versions, every entry (deleted too).

    The file imports back without loss. Example: [bold]ladder export ladder-backup.json[/bold]
    """
    from ladder import exchange

    with _env(ctx).workspace() as ws:
        data = ws.export()
    if str(file) == "-":
        print_json(data)
        return
    exchange.write_file(data, file)
    print(
        f"Exported {len(data['evidence'])} entries, {len(data['people'])} people and "
        f"{len(data['ladders'])} ladder versions to {file}.",
        file=sys.stderr,
    )


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="A file written by `ladder export`; '-' for standard input.", show_default=False
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Import a workspace export. The whole file is checked before anything is written.

    Importing the same file twice adds nothing. Example: [bold]ladder import ladder-backup.json[/bold]
    """
    from ladder import exchange, progress

    with progress.bar(quiet=as_json) as report:
        if str(file) == "-":
            from ladder.terminal import read_stdin

            name = "<stdin>"
            text = read_stdin(name)
            _refuse_what_is_no_export(name, text.encode("utf-8", "surrogateescape"))
            data = exchange.parse(text, source_name=name)
        else:
            _refuse_what_is_no_export(str(file), _head(file))
            with progress.step(report, f"Reading {file.name}"):
                data, name = exchange.read_file(file), str(file)
        def importing(n: int, total: int) -> None:
            report("Checking the file", 1, 1)  # checked whole before the first is written
            report("Importing the entries", n, total)

        with _env(ctx).workspace() as ws:
            report("Checking the file", 0, None)
            result = ws.import_(data, source_name=name, progress=importing)
    if as_json:
        print_json(result.counts)
        return
    for kind, c in result.counts.items():
        print(f"{kind}: {c['added']} added, {c['updated']} updated, {c['unchanged']} unchanged")
    if not result.counts:
        print("The file holds nothing to import.")


def _head(file: Path) -> bytes:
    """The first bytes of ``file`` (nothing when it cannot be read: the reader says why)."""
    from ladder.filekind import HEAD_BYTES

    try:
        with file.open("rb") as f:
            return f.read(HEAD_BYTES)
    except OSError:
        return b""


def _refuse_what_is_no_export(name: str, head: bytes) -> None:
    """Say what a file is when it plainly is no export (Markdown, a PDF, a ladder file…)."""
    from ladder.filekind import HEAD_BYTES, describe

    kind = describe(head[:HEAD_BYTES])
    if kind.json or kind.name in ("empty", "plain text"):
        return  # JSON (or what may be broken JSON) is judged by the export's own checks
    hint = "ladder import takes the JSON file that `ladder export FILE` writes"
    if kind.takes_it:
        hint += f"; for this file: {kind.takes_it}"
    raise InputError(f"{name} is {kind.name}, not a ladder export", hint=hint)
