"""The one contract every evidence source follows — built-in or third-party.

A source is a class registered under the entry-point group ``ladder.sources.v1``; the built-in
sources register there exactly as a separate package would (see ``pyproject.toml``)::

    [project.entry-points."ladder.sources.v1"]
    git = "ladder.sources.git:GitSource"

A source does three things, one method each:

- :meth:`Source.status` says whether it is configured (never printing a secret);
- :meth:`Source.register_commands` adds its ``ladder harvest NAME`` command to the CLI; the
  command parses its options and calls :func:`ladder.harvest.run` with them;
- :meth:`Source.harvest` reads the outside world and yields :class:`Batch` es of
  :class:`Item` s (evidence a person recognises: a pull request, a day's commits in one part
  of the tree, a review) and :class:`Activity` s (the raw records behind them: commits, review
  comments). Each batch carries the cursor to resume from; the core writes a batch and its
  cursor in one transaction, so a crash or Ctrl-C leaves the store consistent and the next run
  resumes.

The core (:mod:`ladder.harvest`) owns everything else: matching items to existing evidence by
``(source, source_ref)``, counting added / updated / skipped, keeping the person's edits and
mappings, progress bars and ``--json`` output. Sources never touch the store.

Documented in ``docs/sources.md``; ``tests/test_source_contract.py`` checks that every
registered source follows this contract.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ladder.clock import SYSTEM, Clock

if TYPE_CHECKING:
    import typer

ENTRY_POINT_GROUP = "ladder.sources.v1"


@dataclass(frozen=True)
class Identity:
    """Who the harvest is for: the identities that recognise the person's work."""

    name: str
    emails: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()  # "github:octocat", "jira:ada" or a bare login

    def handle(self, service: str) -> str | None:
        """The person's login on ``service`` (``github:x`` → ``x``), else None."""
        for h in self.handles:
            if h.lower().startswith(service.lower() + ":"):
                return h.split(":", 1)[1]
        return None


@dataclass
class Activity:
    """A raw record behind evidence: one commit, one review comment, one calendar event.

    Args:
        source_ref: Unique within the source for this person (``repo@sha``, a comment URL).
        kind: ``commit``, ``review-comment``, ``event``, … (free text, lower-case).
        occurred_at: ISO-8601 UTC timestamp (``2026-11-24T09:30:00Z``).
        title: One line (a commit subject, an event title).
        item_ref: The ``source_ref`` of the :class:`Item` this rolls up into, if any.
        body: Longer text worth keeping (a review comment's text); None when not needed.
        url: A link to it.
        data: Small JSON-ready facts (line counts, repository, attendee count).
    """

    source_ref: str
    kind: str
    occurred_at: str
    title: str
    item_ref: str | None = None
    body: str | None = None
    url: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AreaHint:
    """What a source knows about where an item belongs on the ladder.

    Stored as a mapping with origin ``source``: shown with its reason, replaced when the source
    says otherwise, and never written over a choice the person made.

    Args:
        area: An area id of the ladder (``system-design``); unknown ids are dropped.
        reason: Why, in a sentence a person would accept ("a design doc that passes the checker").
        expectation: An expectation id (``system-design.design-docs``), or "".
        confidence: from 0 to 1.
    """

    area: str
    reason: str
    expectation: str = ""
    confidence: float = 0.7


@dataclass
class Item:
    """A piece of evidence as a person would name it: a PR, a review, a doc, a day's work.

    Args:
        source_ref: Unique within the source for this person; the same real-world thing must
            get the same ref on every harvest (that is what makes harvesting idempotent).
        kind: ``pull-request``, ``commits``, ``review``, ``issue``, ``ticket``, ``meeting``,
            ``doc``, … (free text, lower-case).
        occurred_on: The day it happened (for a span of work, the last day).
        title: The line shown in the work log.
        url: The link a packet will cite.
        body: Longer text (a PR description, review comments) for mapping and the review lens.
        tags: Tags to add (lower-case, no ``@``).
        data: Small JSON-ready facts (repository, state, line counts, commit count).
        areas: Where the source knows the item belongs (:class:`AreaHint`); optional.
    """

    source_ref: str
    kind: str
    occurred_on: dt.date
    title: str
    url: str | None = None
    body: str | None = None
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    areas: list[AreaHint] = field(default_factory=list)


@dataclass
class Batch:
    """Items and activities to write together, and the cursor to save with them.

    Args:
        items: Evidence items.
        activities: Raw records (each may point at an item through ``item_ref``).
        cursor: Key → value pairs saved atomically with the batch (e.g. ``{"repo:/x": sha}``);
            :attr:`HarvestContext.cursor` gives them back on the next run.
        skipped: How many records the source looked at and dropped (not the person's, out of
            the window), for the summary.
        notes: Sentences for the person: why something was skipped, a shallow clone, a
            window that was cut short. Shown after the summary and included in ``--json``.
        withdrawn: ``source_ref`` s of items the source no longer stands behind (their
            records moved into another item, e.g. a branch's days into its pull request).
            They are removed, unless the person edited, deleted or mapped them.
    """

    items: list[Item] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    cursor: dict[str, str] = field(default_factory=dict)
    skipped: int = 0
    notes: list[str] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)


@dataclass
class SourceStatus:
    """What ``ladder sources`` shows for a source."""

    configured: bool
    detail: str  # e.g. "token from GITHUB_TOKEN" — never the token itself


@dataclass
class HarvestContext:
    """Everything a source may use while harvesting; sources get nothing else.

    Args:
        identity: The person.
        since: Only what happened on or after this day (None: from the beginning).
        until: Only what happened on or before this day (None: up to now).
        env: The environment (tokens come from here or from files it names).
        cursor: The cursors saved by earlier batches of this source.
        progress: ``progress(description, completed, total)`` — total may be None.
        home: The workspace folder (for a source's own caches).
        clock: Where "now" and "today" come from; a source never reads the wall clock itself.
    """

    identity: Identity
    since: dt.date | None
    until: dt.date | None
    env: Mapping[str, str]
    cursor: Mapping[str, str]
    progress: Callable[[str, float, float | None], None]
    home: str
    clock: Clock = SYSTEM


class Source(ABC):
    """Base class of every evidence source. Subclasses set :attr:`name` and :attr:`title`."""

    #: The id used on the command line (``ladder harvest NAME``) and stored as evidence source.
    name: ClassVar[str]
    #: One line for ``ladder sources``.
    title: ClassVar[str]

    @abstractmethod
    def status(self, env: Mapping[str, str]) -> SourceStatus:
        """Whether this source is configured in ``env``; say how, never show a secret."""

    @abstractmethod
    def register_commands(self, harvest: typer.Typer) -> None:
        """Add the ``ladder harvest NAME`` command to the ``harvest`` Typer group."""

    @abstractmethod
    def harvest(self, ctx: HarvestContext, **options: Any) -> Iterator[Batch]:
        """Yield batches of evidence; raise :class:`ladder.errors.LadderError` on failure.

        ``options`` are what the source's own command parsed (paths, a user name, a URL).
        """


def load_sources() -> dict[str, Source]:
    """Every source registered under :data:`ENTRY_POINT_GROUP` that loads, by name."""
    return discover()[0]


def discover(only: str | None = None) -> tuple[dict[str, Source], dict[str, str]]:
    """Every registered source (or only the one called ``only``: the others are not even
    imported), and why each of the others could not be loaded.

    A broken plugin (it fails to import, is not a :class:`Source`, claims another name or a
    name already taken) is left out and reported, so it cannot take the rest of ladder down.
    """
    from importlib.metadata import entry_points

    found: dict[str, Source] = {}
    broken: dict[str, str] = {}
    points = entry_points(group=ENTRY_POINT_GROUP)
    for ep in sorted(points, key=lambda e: e.name):
        if only is not None and ep.name != only:
            continue
        try:
            cls = ep.load()
            if not (isinstance(cls, type) and issubclass(cls, Source)):
                raise TypeError(f"{ep.value} is not a subclass of ladder.source.Source")
            source = cls()
            if source.name != ep.name:
                raise TypeError(f"registered as {ep.name!r} but calls itself {source.name!r}")
            if source.name in found:
                raise TypeError(f"another source is already registered as {source.name!r}")
        except Exception as exc:  # a third-party plugin may fail in any way
            broken[ep.name] = f"{type(exc).__name__}: {exc}"
            continue
        found[source.name] = source
    return found, broken
