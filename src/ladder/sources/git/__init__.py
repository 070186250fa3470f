"""git: the person's commits in local repositories, rolled up into evidence.

``ladder harvest git PATH…`` reads many repositories at once (paths, folders holding
repositories one or two levels down, globs), in parallel, one streaming ``git log`` per
repository filtered by git itself. Commits are kept as raw records (activities) and roll up
into pull requests, merged branches and days of work in one part of the tree
(:mod:`ladder.sources.git.rollup`). Re-harvests read only what is new
(:mod:`ladder.sources.git.run`). Documented in ``docs/sources/git.md``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ladder.source import Batch, HarvestContext, Source, SourceStatus

if TYPE_CHECKING:
    import typer


class GitSource(Source):
    """Commits in local git repositories."""

    name = "git"
    title = "commits in local git repositories: pull requests, merged branches, days of work"

    def status(self, env: Mapping[str, str]) -> SourceStatus:
        """Configured when ``git --version`` runs; the detail is git's version."""
        from ladder.sources.git.repo import git_version

        version = git_version()
        if version is None:
            return SourceStatus(configured=False, detail="git is not installed (or not on PATH)")
        return SourceStatus(configured=True, detail=f"git {version}")

    def register_commands(self, harvest: typer.Typer) -> None:
        """Add ``ladder harvest git``."""
        from ladder.sources.git.cli import register

        register(harvest, self)

    def harvest(self, ctx: HarvestContext, **options: Any) -> Iterator[Batch]:
        """Harvest the repositories in ``options["paths"]`` (default: the current folder).

        Options:
            paths: Repositories, folders holding them, or globs.
            jobs: How many repositories to read at the same time.
        """
        from ladder.sources.git.run import harvest

        paths = options.get("paths") or ["."]
        if isinstance(paths, str):
            paths = [paths]
        yield from harvest(ctx, [str(p) for p in paths], options.get("jobs"))


__all__ = ["GitSource"]
