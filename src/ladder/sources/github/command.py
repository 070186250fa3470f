"""``ladder harvest github``: parse the options, then hand over to the harvest core.

Kept apart from the source so that using the library never imports Typer; annotations here
are evaluated by Typer at registration, so this module does not postpone them.
"""

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ladder.cli.app import JsonOption
from ladder.cli.harvest import SinceOption, UntilOption, run_harvest
from ladder.sources.github.config import ENV_API_URL, ENV_TOKEN, ENV_TOKEN_FILE

if TYPE_CHECKING:
    from ladder.sources.github import GitHubSource


class Api(enum.StrEnum):
    """Which GitHub API to read."""

    auto = "auto"
    graphql = "graphql"
    rest = "rest"


def register(harvest: typer.Typer, source: "GitHubSource") -> None:
    """Add ``ladder harvest github`` to the ``harvest`` group."""
    from ladder.sources.github import DEFAULT_MAX_WAIT

    @harvest.command("github")
    def github(
        ctx: typer.Context,
        user: Annotated[
            str | None,
            typer.Option(
                "--user",
                help="Your GitHub login (default: the github: handle of your profile).",
                show_default=False,
            ),
        ] = None,
        since: SinceOption = None,
        until: UntilOption = None,
        base_url: Annotated[
            str | None,
            typer.Option(
                "--base-url",
                help=f"API root of a GitHub Enterprise server, e.g. https://ghe.example/api (default: ${ENV_API_URL}, else api.github.com).",
                show_default=False,
            ),
        ] = None,
        token_file: Annotated[
            Path | None,
            typer.Option(
                "--token-file",
                help=f"Read the token from this file (default: ${ENV_TOKEN_FILE}, else ${ENV_TOKEN}).",
                show_default=False,
            ),
        ] = None,
        max_wait: Annotated[
            float,
            typer.Option(
                "--max-wait",
                help="Wait for a rate-limit reset at most this many seconds, else stop (the next run resumes).",
            ),
        ] = DEFAULT_MAX_WAIT,
        api: Annotated[
            Api,
            typer.Option(
                "--api", help="auto: GraphQL, or the REST API where GraphQL is unavailable."
            ),
        ] = Api.auto,
        as_json: JsonOption = False,
    ) -> None:
        """Harvest your pull requests, reviews (with their comments) and issues from GitHub.

        The first run reads the last 365 days, later runs continue from where the last one
        ended; [bold]--since[/bold] reaches further back. The token comes from $GITHUB_TOKEN or a
        token file and is never stored or printed.

        Example: [bold]ladder harvest github --since 2025-01-01[/bold]
        """
        run_harvest(
            ctx,
            source,
            since=since,
            until=until,
            as_json=as_json,
            user=user,
            base_url=base_url,
            token_file=str(token_file) if token_file else None,
            max_wait=max_wait,
            api=api.value,
        )
