"""The workspace: the one core object that the CLI (and later the web app) builds.

``Workspace.open()`` finds the store (``--home`` / ``LADDER_HOME`` / the platform's user data
folder, or ``LADDER_DATABASE_URL``), brings its schema up to date and installs the bundled
ladder on first use. Its methods are the library API; commands are thin shells over them.

Example:
    >>> ws = Workspace.open(home="/tmp/demo")                        # doctest: +SKIP
    >>> ws.init_profile(ProfileInput("Ada", emails=["ada@example.com"], level="mid", target_level="senior"))
    >>> entry = ws.log("Led the design review of the billing cache @design", date="yesterday")
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ladder import evidence, framework, person, rules
from ladder.clock import SYSTEM, Clock, new_uid
from ladder.context import owner_of, profile_of
from ladder.dates import parse_date
from ladder.store import Store, connect, redact_url, sqlite_url

if TYPE_CHECKING:
    from ladder import (
        carry,
        harvest,
        mapping,  # -- mapping --: the annotations of Workspace.map/why/tag/classify
    )
    from ladder.assessment import Assessments
    from ladder.exchange import ImportResult
    from ladder.goal import Goals
    from ladder.learning import Learning
    from ladder.mentorship import Mentorship
    from ladder.readiness import Readiness
    from ladder.source import Source

DB_FILE = "ladder.db"
ENV_HOME = "LADDER_HOME"
ENV_DATABASE_URL = "LADDER_DATABASE_URL"


def now_iso() -> str:
    """The wall clock's time as ISO-8601 text (library callers without a workspace)."""
    return SYSTEM.now_iso()


def _prepare_mapping(ladder: framework.Ladder) -> None:
    """Import the mapping package and compile what mapping onto ``ladder`` needs (a harvest
    runs this in a thread of its own while its source starts)."""
    from ladder import mapping

    mapping.prepare(ladder)


def resolve_home(
    home: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None
) -> Path:
    """The workspace folder: ``home``, else ``$LADDER_HOME``, else the user data folder."""
    env = os.environ if env is None else env
    if home:
        return Path(home).expanduser()
    if env.get(ENV_HOME):
        return Path(env[ENV_HOME]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("ladder", appauthor=False))


def resolve_url(home: Path, env: Mapping[str, str] | None = None) -> str:
    """The store URL: ``$LADDER_DATABASE_URL`` if set, else the SQLite file in ``home``."""
    env = os.environ if env is None else env
    return env.get(ENV_DATABASE_URL) or sqlite_url(home / DB_FILE)


def _day(value: str | dt.date | None, today: dt.date) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_date(value, today=today)


@dataclass(frozen=True)
class Status:
    """What ``ladder quickstart`` and friends report about a workspace."""

    home: str
    database: str
    ladder: dict[str, Any]
    profile: dict[str, Any] | None
    entries: int
    deleted: int
    by_area: dict[str, int]
    first_date: str | None
    last_date: str | None
    bundled_update: dict[str, Any] | None = None  # see framework.bundled_update


class Workspace:
    """A person's ladder workspace: the ladder, the profile and the evidence; a
    :class:`ladder.context.Context` for the growth services it builds.

    Build it with :meth:`open`. Args are the parts ``open`` assembles.

    Args:
        store: The open store.
        home: The workspace folder.
        env: The environment harvests read tokens from (default: ``os.environ``).
        clock: Where "now" and "today" come from (default: the wall clock).
        person_id: Whose data this workspace works on (default: the profile, ``is_self``). A
            team server builds one per person with :meth:`for_person`, after its access rules
            (:mod:`ladder.team.access`) said yes; the command line never passes it.
    """

    def __init__(
        self,
        store: Store,
        home: Path,
        env: Mapping[str, str] | None = None,
        *,
        clock: Clock | None = None,
        person_id: int | None = None,
    ) -> None:
        self.store = store
        self.home = home
        self.env: Mapping[str, str] = os.environ if env is None else env
        self.clock: Clock = clock or SYSTEM
        self.person_id = person_id

    def for_person(self, person_id: int) -> Workspace:
        """The same store, working on ``person_id``'s data (a team member) instead of the
        profile's. It checks nothing: callers decide first who may see what."""
        return Workspace(self.store, self.home, self.env, clock=self.clock, person_id=person_id)

    # -- opening ----------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        home: str | os.PathLike[str] | None = None,
        *,
        url: str | None = None,
        env: Mapping[str, str] | None = None,
        clock: Clock | None = None,
    ) -> Workspace:
        """Open (and on first use create) a workspace.

        Args:
            home: The workspace folder (default: ``$LADDER_HOME`` or the user data folder).
            url: A database URL, overriding ``$LADDER_DATABASE_URL`` and the SQLite default.
            env: The environment to read (default: ``os.environ``); tests pass their own.
            clock: Where "now" and "today" come from (default: the wall clock); tests pin it.

        Raises:
            StorageError: The database cannot be opened, created or migrated.
        """
        folder = resolve_home(home, env)
        store_url = url or resolve_url(folder, env)
        store = connect(store_url)
        try:
            if not store.is_current():
                from ladder.store import migrate

                store.close()
                migrate.upgrade(store_url)
                store = connect(store_url)
            ws = cls(store, folder, env, clock=clock)
            if framework.active_version_id(store) is None:
                ws.install_ladder(framework.bundled())
        except BaseException:
            store.close()
            raise
        return ws

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def database(self) -> str:
        """Where the data lives, for people (a path, or a URL without its password)."""
        return redact_url(self.store.url).removeprefix("sqlite:///")

    # -- the ladder -------------------------------------------------------------------------
    def ladder(self) -> framework.Ladder:
        """The active ladder."""
        return framework.load(self.store)

    def plan_ladder(
        self,
        ladder: framework.Ladder,
        *,
        level: str | None = None,
        target: str | None = None,
        track: str | None = None,
    ) -> carry.Plan:
        """Where the profile lands on ``ladder`` before it is installed (see :mod:`ladder.carry`);
        ``level``, ``target`` and ``track`` override what is carried over."""
        from ladder import carry

        return carry.plan(self.store, ladder, level=level, target=target, track=track)

    def use_ladder(self, plan: carry.Plan) -> tuple[framework.InstallResult, carry.Carried]:
        """Install the plan's ladder and move the profile onto it in one transaction; then what
        the stored links read as on it (followed through aliases, or dropped).

        Raises:
            InputError: A level of the profile found no place (the message names --level and
                --target), or the version is installed with other content.
        """
        from ladder import carry

        result = carry.apply(self.store, plan, now=self.clock.now_iso())
        return result, carry.report(self.store, person_id=person.self_id(self.store))

    def install_ladder(self, ladder: framework.Ladder) -> framework.InstallResult:
        """Install a ladder version and make it active; older versions are kept."""
        return framework.install(self.store, ladder, now=self.clock.now_iso())

    def ladder_versions(self) -> list[dict[str, Any]]:
        """Every installed ladder version, oldest first."""
        return framework.versions(self.store)

    def bundled_update(self) -> framework.BundledUpdate | None:
        """A newer bundled ladder than the active one, when the active one is an older version
        of it; never installed from here (``ladder framework use --bundled`` does)."""
        return framework.bundled_update(self.store)

    # -- the profile ------------------------------------------------------------------------
    def profile(self) -> person.Person | None:
        """The workspace owner's profile, or None before ``init``."""
        return profile_of(self.store, self.person_id)

    def init_profile(self, data: person.ProfileInput) -> person.Person:
        """Create or update the owner's profile."""
        return person.save_self(self.store, data, uid=new_uid(), now=self.clock.now_iso())

    def owner(self) -> int:
        """The id of the person the workspace works on (see :class:`ladder.context.Context`).

        Raises:
            NotFoundError: No profile yet (the hint says ``ladder init``).
        """
        return owner_of(self.store, self.person_id)

    _owner = owner  # the name the shells have used

    # -- the work log -----------------------------------------------------------------------
    def log(
        self,
        text: str,
        *,
        date: str | dt.date | None = None,
        areas: list[str] | tuple[str, ...] = (),
        impact: str | None = None,
        links: list[str] | tuple[str, ...] = (),
        tags: list[str] | tuple[str, ...] = (),
    ) -> evidence.Entry:
        """Capture one entry of the work log.

        Args:
            text: What happened; inline ``@tags`` become tags.
            date: When (``yesterday``, ``last monday``, ``2026-11-02``; default today).
            areas: Ladder area ids this shows (checked against the active ladder).
            impact: The outcome, in your words.
            links: URLs of the artifacts.
            tags: Tags besides the inline ones.

        Raises:
            InputError: Empty text, an unparsable or future date, an unknown area, a bad link.
        """
        owner = self._owner()
        clean = rules.clean_entry(text, impact=impact, tags=tags, links=links)
        today = self.clock.today()
        day = date if isinstance(date, dt.date) else parse_date(date, today=today) if date else today
        area_ids = [framework.resolve_area(self.store, a) for a in areas]
        entry_id = evidence.add(
            self.store,
            person_id=owner,
            entry=clean,
            occurred_on=day,
            areas=area_ids,
            uid=new_uid(),
            now=self.clock.now_iso(),
        )
        return evidence.get(self.store, entry_id, person_id=owner)

    def entry(self, entry_id: int) -> evidence.Entry:
        """One entry (deleted ones too)."""
        return evidence.get(self.store, entry_id, person_id=self._owner())

    def entries(self, flt: evidence.Filter | None = None) -> tuple[list[evidence.Entry], int]:
        """The entries matching ``flt`` (newest first), and the number matching in all."""
        flt = flt or evidence.Filter()
        if flt.area:
            # the area's old names too, and an id a new version dropped (to list and re-tag)
            flt.area, *more = framework.area_names(self.store, flt.area)
            flt.area_names = tuple(more)
        return evidence.query(self.store, flt, person_id=self._owner())

    def edit(
        self,
        entry_id: int,
        *,
        text: str | None = None,
        date: str | dt.date | None = None,
        impact: str | None = None,
        areas: list[str] | None = None,
        links: list[str] | None = None,
        tags: list[str] | None = None,
    ) -> evidence.Entry:
        """Change an entry; what is not given stays as it was.

        Tags written inline in the text follow the text; ``tags`` replaces the others.
        """
        owner = self._owner()
        old = evidence.get(self.store, entry_id, person_id=owner, include_deleted=False)
        new_text = old.text if text is None else text
        if tags is None:
            inline_old = set(rules.inline_tags(old.text))
            tags = [t for t in old.tags if t not in inline_old]
        clean = rules.clean_entry(
            new_text,
            impact=old.impact if impact is None else impact,
            tags=tags,
            links=list(old.links) if links is None else links,
        )
        if date is None:
            day = dt.date.fromisoformat(old.occurred_on)
        else:
            day = date if isinstance(date, dt.date) else parse_date(date, today=self.clock.today())
        area_ids = None if areas is None else [framework.resolve_area(self.store, a) for a in areas]
        evidence.update(
            self.store,
            entry_id,
            person_id=owner,
            entry=clean,
            occurred_on=day,
            areas=area_ids,
            now=self.clock.now_iso(),
        )
        return evidence.get(self.store, entry_id, person_id=owner)

    def remove(self, entry_id: int) -> evidence.Entry:
        """Delete an entry (recoverable with :meth:`restore`)."""
        return evidence.set_deleted(
            self.store, entry_id, person_id=self._owner(), deleted=True, now=self.clock.now_iso()
        )

    def restore(self, entry_id: int) -> evidence.Entry:
        """Bring back a deleted entry."""
        return evidence.set_deleted(
            self.store, entry_id, person_id=self._owner(), deleted=False, now=self.clock.now_iso()
        )

    # -- harvest ----------------------------------------------------------------------------
    def harvest(
        self,
        source: str | Source,
        *,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        progress: Callable[[str, float, float | None], None] | None = None,
        **options: Any,
    ) -> harvest.Summary:
        """Harvest evidence from a source (by name, or a :class:`ladder.source.Source`).

        Args:
            source: ``git``, ``github``, … or a Source instance.
            since: Only what happened on or after this day (natural dates work).
            until: Only what happened on or before this day.
            progress: ``progress(description, completed, total)`` for a progress bar.
            options: The source's own options (paths, a user name, …).

        Raises:
            LadderError: The source failed; the batches written before it are kept.
        """
        from ladder import harvest as core
        from ladder.source import Identity

        me = self.profile()
        if me is None:
            self._owner()  # raises the "no profile" error
        assert me is not None
        src = core.source_named(source) if isinstance(source, str) else source
        ladder = self.ladder()
        # the mapping package is imported and the mapper compiled while the source starts
        # (asking git where the branches point, then walking to the first batch), not when the
        # first batch waits for them
        ready = threading.Thread(target=_prepare_mapping, args=(ladder,), daemon=True)
        ready.start()
        summary = core.run(
            self.store,
            src,
            person_id=me.id,
            identity=Identity(name=me.name, emails=me.emails, handles=me.handles),
            since=_day(since, self.clock.today()),
            until=_day(until, self.clock.today()),
            env=self.env,
            home=str(self.home),
            now=self.clock.now_iso,
            clock=self.clock,
            progress=progress,
            after_batch=self._batch_mapper(me.id, ladder, ready),
            **options,
        )
        # what an earlier run cut short (killed mid-way) wrote but never mapped: finish it now
        ready.join()
        from ladder import mapping

        summary.mapped += mapping.map_items(
            self.store, ladder, person_id=me.id, now=self.clock.now_iso(), ungraded=True
        ).mapped
        return summary

    def _batch_mapper(
        self, person_id: int, ladder: framework.Ladder, ready: threading.Thread
    ) -> Callable[[list[int]], int]:
        """Maps a harvest's batches onto the ladder as they land, while the source reads on
        (once ``ready``, the thread compiling the mapper, is done)."""

        def map_batch(ids: list[int]) -> int:
            ready.join()
            from ladder import mapping

            return mapping.map_items(
                self.store, ladder, person_id=person_id, now=self.clock.now_iso(), ids=ids
            ).mapped

        return map_batch

    def harvest_state(self, source: str) -> dict[str, str]:
        """The saved cursors of a source (and ``last_run``) for the owner."""
        from ladder import harvest as core

        return core.cursor(self.store, self._owner(), source)

    def activities(self, entry_id: int) -> list[dict[str, Any]]:
        """The raw records (commits, comments) behind an entry."""
        from ladder import harvest as core

        self.entry(entry_id)
        return core.activities(self.store, entry_id)

    # -- export / import --------------------------------------------------------------------
    def export(self) -> dict[str, Any]:
        """The whole workspace as JSON-ready data (see ``docs/export-format.md``)."""
        from ladder import exchange

        return exchange.export(self.store, now=self.clock.now())

    def import_(
        self,
        data: Any,
        *,
        source_name: str = "<import>",
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportResult:
        """Import an export: everything is validated before anything is written.
        ``progress(done, total)`` hears how many entries are written."""
        from ladder import exchange

        return exchange.import_(
            self.store,
            data,
            source_name=source_name,
            now=self.clock.now_iso(),
            today=self.clock.today(),
            progress=progress,
        )

    # -- status -----------------------------------------------------------------------------
    def status(self) -> Status:
        """A summary of the workspace, for ``quickstart`` and ``--json`` users."""
        ladder = self.ladder()
        me = self.profile()
        counts = {"entries": 0, "deleted": 0}
        by_area: dict[str, int] = {a.id: 0 for a in ladder.areas}
        first = last = None
        if me:
            row = self.store.one(
                "SELECT SUM(CASE WHEN deleted_at IS NULL THEN 1 ELSE 0 END) AS live, "
                "SUM(CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END) AS dead, "
                "MIN(occurred_on) AS first, MAX(occurred_on) AS last FROM evidence WHERE person_id = :p",
                {"p": me.id},
            )
            assert row is not None
            counts = {"entries": int(row["live"] or 0), "deleted": int(row["dead"] or 0)}
            first, last = row["first"], row["last"]
            for r in self.store.query(
                "SELECT ea.area_id, COUNT(DISTINCT e.id) AS n FROM evidence_area ea "
                "JOIN evidence e ON e.id = ea.evidence_id "
                f"WHERE e.person_id = :p AND e.deleted_at IS NULL AND NOT (ea.{evidence.REJECTED.replace(' AND ', ' AND ea.')}) "
                "AND NOT EXISTS (SELECT 1 FROM evidence_area r WHERE r.evidence_id = e.id "
                f"AND r.area_id = ea.area_id AND r.{evidence.REJECTED.replace(' AND ', ' AND r.')}) "
                "GROUP BY ea.area_id",
                {"p": me.id},
            ):
                by_area[r["area_id"]] = int(r["n"])
        return Status(
            home=str(self.home),
            database=self.database,
            ladder={"id": ladder.id, "name": ladder.name, "version": ladder.version},
            profile=me.to_dict() if me else None,
            entries=counts["entries"],
            deleted=counts["deleted"],
            by_area=by_area,
            first_date=first,
            last_date=last,
            bundled_update=update.to_dict() if (update := self.bundled_update()) else None,
        )

    # -- mapping --
    # Added by the mapping work (src/ladder/mapping/); thin shells over ladder.mapping.service.
    def map(
        self,
        entry_id: int | None = None,
        *,
        everything: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> mapping.MapSummary:
        """Map evidence onto the ladder: new and changed items, one item, or ``everything``.

        Only ladder's own rows (origin ``mapper``) are written; the person's decisions win.
        ``progress(done, total)`` hears how far it is.

        Raises:
            NotFoundError: ``entry_id`` is not a live entry.
        """
        from ladder import mapping as m

        return m.map_items(
            self.store,
            self.ladder(),
            person_id=self._owner(),
            now=self.clock.now_iso(),
            entry_id=entry_id,
            everything=everything,
            progress=progress,
        )

    def why(self, entry_id: int) -> mapping.Explanation:
        """Every mapping of an entry with its origin, confidence and reason, and the signals."""
        from ladder import mapping as m

        return m.explain(self.store, self.ladder(), person_id=self._owner(), entry_id=entry_id)

    def tag(
        self,
        entry_id: int,
        *,
        area: str | None = None,
        expectation: str | None = None,
        remove: list[str] | tuple[str, ...] = (),
        substance: str | None = None,
    ) -> mapping.TagResult:
        """Record the person's decision: the entry shows ``area``/``expectation``, or not
        ``remove``; and ``substance`` (routine, ordinary, significant) when given.

        Raises:
            InputError: An unknown area or expectation (the message lists them), or nothing to do.
            NotFoundError: No such live entry.
        """
        from ladder import mapping as m

        return m.tag(
            self.store,
            self.ladder(),
            person_id=self._owner(),
            entry_id=entry_id,
            now=self.clock.now_iso(),
            area=area,
            expectation=expectation,
            remove=remove,
            substance=substance,
        )

    def classify(
        self, texts: list[str | mapping.MapItem], *, kind: str = "note"
    ) -> list[mapping.Classified]:
        """Classify ad-hoc texts (or items) onto the ladder; stores nothing, uses what the person taught."""
        from ladder import mapping as m

        me = self.profile()
        learned = m.learned_for(self.store, me.id) if me else None
        return m.classify(self.ladder(), texts, kind=kind, learned=learned)

    # -- growth -----------------------------------------------------------------------------
    # One module per noun; each accessor builds that noun's service over this workspace.
    @property
    def assessments(self) -> Assessments:
        """Ratings against the ladder's expectations: self, manager and peer, with history."""
        from ladder.assessment import Assessments

        return Assessments(self)

    @property
    def goals(self) -> Goals:
        """Monthly goals: proposed from the gaps, accepted, checked in on, done or dropped."""
        from ladder.goal import Goals

        return Goals(self)

    @property
    def mentorship(self) -> Mentorship:
        """Mentees and 1:1 notes with action items that carry over."""
        from ladder.mentorship import Mentorship

        return Mentorship(self)

    @property
    def learning(self) -> Learning:
        """The reading list: seeded from the source material, progress, what was applied."""
        from ladder.learning import Learning

        return Learning(self)

    def readiness(
        self,
        *,
        level: str | None = None,
        today: dt.date | None = None,
        track: str | None = None,
    ) -> Readiness:
        """Where the person stands against ``level`` (default: their target), area by area,
        read along ``track`` (default: the profile's).

        It reads the mappings as stored: ``ladder status`` and ``ladder gaps`` run
        :meth:`map` first, so that what was just captured counts at once.
        """
        from ladder import readiness

        return readiness.compute(
            self, level=level, today=today or self.clock.today(), track=track
        )


__all__ = ["Status", "Workspace", "new_uid", "now_iso", "resolve_home", "resolve_url"]
