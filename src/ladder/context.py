"""What a growth service works with: the store, the clock, and the person it works for.

The growth modules — :mod:`ladder.assessment`, :mod:`ladder.goal`, :mod:`ladder.readiness`,
:mod:`ladder.mentorship`, :mod:`ladder.learning` — the documents (:mod:`ladder.report`,
:mod:`ladder.brag`, :mod:`ladder.packet`) and the review lens take a :class:`Context`, never the whole
:class:`ladder.workspace.Workspace`, and import nothing of the shells above them: the layers
are the store and the model at the bottom (``ladder.store``, ``ladder.framework``,
``ladder.person``, ``ladder.evidence``, this module), the domain services on them, then the
Workspace that assembles them for the CLI and the web. A Workspace is a Context (its profile's,
or a team member's with ``Workspace.for_person``); so is :class:`PersonContext`, for code that
has a store and a person and nothing more (a job worker, a script, a test).

Example:
    >>> from ladder.assessment import Assessments                   # doctest: +SKIP
    >>> Assessments(PersonContext(store, person_id=7)).current()     # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ladder.clock import SYSTEM, Clock
from ladder.errors import NotFoundError

if TYPE_CHECKING:
    from ladder.framework import Ladder
    from ladder.person import Person
    from ladder.store import Store


class Context(Protocol):
    """The store, the clock and the person a growth service works for."""

    @property
    def store(self) -> Store:
        """The open store."""

    @property
    def clock(self) -> Clock:
        """Where "now" and "today" come from."""

    @property
    def person_id(self) -> int | None:
        """The person worked for; None: the store's own profile (a one-person workspace)."""

    def owner(self) -> int:
        """The id of the person worked for.

        Raises:
            NotFoundError: There is none yet (no profile).
        """

    def profile(self) -> Person | None:
        """The person worked for, or None before there is one."""

    def ladder(self) -> Ladder:
        """The active ladder."""


def owner_of(store: Store, person_id: int | None) -> int:
    """``person_id``, or the store's own profile when it is None.

    Raises:
        NotFoundError: Neither (no profile yet).
    """
    from ladder import person

    pid = person.self_id(store) if person_id is None else person_id
    if pid is None:
        raise NotFoundError(
            "this workspace has no profile yet",
            hint="run `ladder init` (or `ladder quickstart` inside a git repository)",
        )
    return pid


def profile_of(store: Store, person_id: int | None) -> Person | None:
    """The person ``person_id`` (None: the store's own profile), or None before there is one."""
    from ladder import person

    pid = person.self_id(store) if person_id is None else person_id
    return None if pid is None else person.get(store, pid)


@dataclass(frozen=True)
class PersonContext:
    """A :class:`Context` from a store and a person id (None: the store's own profile)."""

    store: Store
    person_id: int | None = None
    clock: Clock = field(default=SYSTEM, repr=False)

    def owner(self) -> int:
        """See :meth:`Context.owner`."""
        return owner_of(self.store, self.person_id)

    def profile(self) -> Person | None:
        """See :meth:`Context.profile`."""
        return profile_of(self.store, self.person_id)

    def ladder(self) -> Ladder:
        """See :meth:`Context.ladder`."""
        from ladder import framework

        return framework.load(self.store)


__all__ = ["Context", "PersonContext", "owner_of", "profile_of"]
