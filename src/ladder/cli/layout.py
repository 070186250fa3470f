"""Moved to :mod:`ladder.layout`, outside the ``cli`` package, so that the fast paths print
without importing Typer; kept for code that still imports it from here."""

from ladder.layout import *  # noqa: F403
