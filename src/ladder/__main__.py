"""Entry point of the ``ladder`` command (and ``python -m ladder``).

``ladder log`` takes the capture fast path (:mod:`ladder.capture`), ``ladder harvest git`` its
own (:func:`ladder.harvest_cli.fast`); everything else, and whatever a fast path declines, runs
the Typer application (:mod:`ladder.cli.app`).

Both run behind :func:`ladder.terminal.guarded`: arguments that are not UTF-8 are refused
before either starts, and what they print loses its control characters.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ladder.clock import Clock


def main(
    argv: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    clock: Clock | None = None,
) -> int:
    """Run ``ladder`` and return its exit status.

    Args:
        argv: The arguments after the program name (default: ``sys.argv[1:]``).
        environ: The environment (default: ``os.environ``).
        clock: Where "now" and "today" come from (default: the wall clock); tests pin it.
    """
    from ladder import terminal

    args = list(sys.argv[1:] if argv is None else argv)
    with terminal.guarded():
        problem = terminal.argument_problem(args)
        if problem:
            from ladder.errors import ExitStatus

            sys.stderr.write(f"error: {problem}\n")
            return int(ExitStatus.USAGE)
        return _dispatch(args, environ=environ, clock=clock)


def _dispatch(args: list[str], *, environ: Mapping[str, str] | None, clock: Clock | None) -> int:
    if (
        args[:1] == ["log"]
        or args[:1] == ["--home"]
        or (args[:1] and args[0].startswith("--home="))
    ):
        from ladder.capture import run as capture

        status = capture(args, environ=environ, clock=clock)
        if status is not None:
            return status
    if "harvest" in args[:3]:
        from ladder.harvest_cli import fast

        status = fast(args, environ=environ, clock=clock)
        if status is not None:
            return status
    from ladder.cli.app import run

    return run(args, environ=environ, clock=clock)


if __name__ == "__main__":
    sys.exit(main())
