"""Moved to :mod:`ladder.progress`, outside the ``cli`` package, so that the fast paths print
without importing Typer; kept for code that still imports it from here."""

from ladder.progress import *  # noqa: F403
from ladder.progress import __all__ as __all__
