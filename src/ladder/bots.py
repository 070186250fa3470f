"""Bots, by the names, e-mails and branches they work under, and by the titles they write.

A leaf module: the judge (:mod:`ladder.mapping.judge`) grades a bot's work as routine, and a
source (the git rollup) tells a bot's pull request from a person's, without the source having
to import the mapping package.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping

#: Bots, by name, e-mail or branch. ``LADDER_BOTS`` (comma-separated) adds more.
DEFAULT_BOTS = (
    "[bot]",
    "dependabot",
    "renovate",
    "pre-commit-ci",
    "pre-commit.ci",
    "github-actions",
    "greenkeeper",
    "snyk-bot",
    "imgbot",
    "allcontributors",
    "mergify",
    "whitesource",
    "pyup-bot",
)
ENV_BOTS = "LADDER_BOTS"


def bots(env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The bot names in force: the defaults and ``$LADDER_BOTS`` (lower-case)."""
    extra = (env if env is not None else os.environ).get(ENV_BOTS, "")
    return DEFAULT_BOTS + tuple(b.strip().lower() for b in extra.split(",") if b.strip())


def is_bot(*who: str | None, names: Iterable[str] = DEFAULT_BOTS) -> bool:
    """True when any of ``who`` (a name, an e-mail, a branch) names a bot."""
    text = " ".join(w.lower() for w in who if w)
    return any(n in text for n in names)


#: A bot's pull request or commit, by its title: "Bump x from 1.2 to 1.3", "[pre-commit.ci] …".
BOT_TITLE = re.compile(
    r"^(?:build\(deps(?:-dev)?\):\s*|chore\(deps(?:-dev)?\):\s*)?bump \S+ from \S+ to \S+"
    r"|^\[pre-commit\.ci\]|^chore\(deps\): update .* to v?\d|^update dependency \S+ to v?\d",
    re.I,
)


__all__ = ["BOT_TITLE", "DEFAULT_BOTS", "ENV_BOTS", "bots", "is_bot"]
