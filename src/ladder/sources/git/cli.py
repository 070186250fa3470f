"""``ladder harvest git``: parse the paths and options, then hand over to the harvest core.

Typer reads the annotations at registration time, so this module imports Typer for real;
it is imported only when the ``harvest`` commands are registered.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ladder.cli.app import JsonOption
from ladder.cli.harvest import SinceOption, UntilOption, run_harvest
from ladder.source import Source

PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Repositories, folders with repositories one or two levels below, or globs "
        "(default: the current folder).",
        show_default=False,
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="How many repositories to read at the same time (default: one per CPU, 2 to 8).",
        show_default=False,
    ),
]


def register(harvest: typer.Typer, source: Source) -> None:
    """Add the ``git`` command to the ``harvest`` group."""

    @harvest.command("git")
    def git(
        ctx: typer.Context,
        paths: PathsArgument = None,
        since: SinceOption = None,
        until: UntilOption = None,
        jobs: JobsOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Harvest your commits from local git repositories: pull requests, merges, days of work.

        Your commits are found by the emails and the name in your profile, through each
        repository's .mailmap, on every branch; each commit counts once. Run it again to read
        only what is new.

        Example: [bold]ladder harvest git ~/src --since 2026-01-01[/bold]
        """
        run_harvest(
            ctx, source, since=since, until=until, as_json=as_json, paths=paths or ["."], jobs=jobs
        )
