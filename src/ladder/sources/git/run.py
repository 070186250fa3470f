"""Harvesting many repositories at once: the plan per repository, the thread pool, batches.

Per repository (one pool thread each; git does the work in its own processes):

1. ``git rev-parse`` (one call) gives the branch tips. Same tips as the saved cursor and the
   window already covered → nothing to do.
2. Otherwise, for an incremental run, a cheap graph-only ``git log <new tips> --not <old
   tips>`` finds the new commits; if any are the person's (or a new merge brings in earlier
   ones), the earliest day they touch bounds the walk.
3. The walk itself: the person log (``--author``, ``--numstat``) brings the person's
   commits; the graph log (hashes only) and the merges log, read in step with it, label each
   one with its line of work; they roll up into items (:mod:`ladder.sources.git.rollup`). A
   group is written as soon as the walk has left it behind, so memory stays flat however
   long the history is.

Batches from all repositories go to the core through one queue, on the caller's thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import queue
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ladder.errors import InputError, LadderError, NotFoundError
from ladder.source import Activity, Batch, HarvestContext, Item
from ladder.sources.git.log import (
    COMMIT_FORMAT,
    GRAPH_FORMAT,
    MERGE_LINES_FORMAT,
    MERGES_FORMAT,
    MISSING_OBJECT,
    NEW_FORMAT,
    Graph,
    Labeler,
    Log,
    MergeLines,
    author_args,
    classify_merge,
    date_args,
    excluding,
    is_person,
    merge_grep,
    read_commits,
    squash_number,
    unreadable_paths,
)
from ladder.sources.git.repo import (
    GitFailed,
    Probe,
    Refs,
    discover,
    expand_identity,
    git,
    probe,
    read_refs,
    root_commit,
    web_url,
)
from ladder.sources.git.rollup import Group, RepoView, activity, item, main_part

CURSOR_PREFIX = "repo:"
BATCH_ITEMS = 500
BATCH_MIN = 100  # a batch is sent from this size when the writer is idle
BATCH_ACTIVITIES = 2000
CLOSED_GROUPS = 256  # groups written this run, kept in case another commit joins them (clock skew)

Emit = Callable[[tuple[Any, ...]], None]


class Stopped(Exception):
    """The harvest was abandoned (Ctrl-C, an error elsewhere): stop quietly."""


@dataclass
class State:
    """What the cursor remembers of a repository (key ``repo:<path>``, JSON value)."""

    id: str
    tips: list[str]
    main: list[str]
    since: str | None
    until: str | None
    mine: int  # the person's commits harvested from it so far
    #: Who was looked for (:meth:`Options.who`, and a mark of the repository's ``.mailmap``):
    #: an email or handle added since, or a mailmap changed, means commits and titles not read
    #: yet, so the repository is walked again in full.
    who: str = ""

    def covers(self, since: str | None, until: str | None) -> bool:
        """Whether what was harvested includes the window asked for now, up to the old tips."""
        return self.until is None and (
            self.since is None or (since is not None and since >= self.since)
        )

    def dumps(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)

    @classmethod
    def loads(cls, text: str) -> State | None:
        try:
            raw = json.loads(text)
            return cls(**{f.name: raw.get(f.name, "") if f.name == "who" else raw[f.name] for f in fields(cls)})
        except (ValueError, KeyError, TypeError):
            return None  # an older or damaged cursor: harvest the repository in full


@dataclass
class Options:
    """What every repository's harvest needs from the context, and the walks running now."""

    emails: tuple[str, ...]
    names: tuple[str, ...]
    since: str | None
    until: str | None
    #: The person's logins (see :attr:`RepoView.logins`).
    logins: frozenset[str] = frozenset()
    stop: threading.Event = field(default_factory=threading.Event)
    running: set[Log] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: True when the writer has taken every batch sent so far (it may be waiting for one)
    idle: Callable[[], bool] = lambda: False

    def who(self) -> str:
        """The identities looked for, in one string: emails, names and logins, sorted."""
        return "|".join(
            (
                ",".join(sorted({e.lower() for e in self.emails})),
                ",".join(sorted({n.casefold() for n in self.names})),
                ",".join(sorted(self.logins)),
            )
        )

    def track(self, logs: tuple[Log, ...]) -> None:
        with self.lock:
            self.running.update(logs)

    def untrack(self, logs: tuple[Log, ...]) -> None:
        with self.lock:
            self.running.difference_update(logs)

    def kill_all(self) -> None:
        """Stop every git still running (Ctrl-C, an error): the walks reading them end at once."""
        with self.lock:
            running = list(self.running)
        for log in running:
            log.kill()


@dataclass
class Result:
    """How one repository went."""

    probe: Probe
    cursor: tuple[str, str] | None = None
    mine: int = 0  # the person's commits known in this repository (this run and before)
    found: int = 0  # the person's commits read in this run
    up_to_date: bool = False
    empty: bool = False
    tried: tuple[str, ...] = ()
    #: Logins that opened pull requests holding the person's commits, and how many: the
    #: person's own GitHub login, often, not yet in their profile.
    opened: Counter[str] = field(default_factory=Counter)
    #: Paths whose file versions git could not read: left out of the line counts.
    unreadable: tuple[str, ...] = ()
    #: Whether the repository has a GitHub or GitLab remote (without one, "from acme/…" may
    #: be a fork's or the repository's own organisation's).
    hosted: bool = True


#: Paths of unreadable files a harvest's note names (the rest it counts).
UNREADABLE_SHOWN = 5

#: Pull requests opened by one login, holding the person's commits, from which a harvest
#: suggests that login is the person's own.
HANDLE_HINT_PRS = 3
#: ... or, for a login that looks like none of the person's names and addresses, this many.
HANDLE_HINT_MANY = 10


def _resembles(login: str, opts: Options) -> bool:
    """Whether ``login`` holds one of the person's names or an address's parts (4 letters or
    more): ``tmccombs`` and Thayne McCombs, ``ada-l`` and ``ada.l@…`` do not (too short)."""
    return RepoView("", "", "", None, name_parts=_name_parts(opts)).resembles(login)


def _name_parts(opts: Options) -> frozenset[str]:
    """The parts of the person's names and e-mails' local parts (see RepoView.name_parts)."""
    parts = {w for n in opts.names for w in re.split(r"[^a-z0-9]+", n.casefold())}
    parts |= {w for e in opts.emails for w in re.split(r"[^a-z0-9]+", e.lower().split("@")[0])}
    return frozenset(w for w in parts if w)


@dataclass
class _Out:
    """The batch being filled for one repository."""

    emit: Emit
    idle: Callable[[], bool] = lambda: False
    items: list[Item] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    skipped: int = 0
    opened: Counter[str] = field(default_factory=Counter)  # see Result.opened

    def flush(self, *, force: bool = False) -> None:
        """Send the batch when it is full, or (``force``) whatever it holds; and as soon as it
        holds :data:`BATCH_MIN` items while the writer has nothing to do: the writer then
        writes and maps while git still walks, and little is left for it when git is done."""
        if (
            not force
            and len(self.items) < BATCH_ITEMS
            and len(self.activities) < BATCH_ACTIVITIES
            and not (len(self.items) >= BATCH_MIN and self.idle())
        ):
            return
        if not (self.items or self.activities or self.withdrawn or self.skipped):
            return
        batch = Batch(
            items=self.items,
            activities=self.activities,
            skipped=self.skipped,
            withdrawn=self.withdrawn,
        )
        self.emit(("batch", batch))
        self.items, self.activities, self.withdrawn, self.skipped = [], [], [], 0


def repo_id(p: Probe, tips: frozenset[str], mainline: frozenset[str]) -> str:
    """``<folder>-<first commit, 12 hex>``: the same for every clone kept under the same name,
    and when the folder moves; another project never shares it."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in p.name) or "repo"
    root = root_commit(p.path, mainline or tips)
    suffix = root[:12] if root else hashlib.sha1(str(p.path).encode()).hexdigest()[:12]
    return f"{safe}-{suffix}"


def logins(emails: tuple[str, ...], github: str | None) -> frozenset[str]:
    """The logins a pull request of the person's own is opened from: their GitHub handle and
    their e-mails' local parts (``12345+octocat@users.noreply.github.com`` → ``octocat``).

    >>> sorted(logins(("ada@example.com", "9+lovelace@users.noreply.github.com"), "ada-l"))
    ['ada', 'ada-l', 'lovelace']
    """
    out = {github.lower()} if github else set()
    for e in emails:
        local = e.lower().split("@", 1)[0]
        out.add(
            local.split("+", 1)[1]
            if e.lower().endswith("@users.noreply.github.com") and "+" in local
            else local
        )
    return frozenset(out)


def _mailmap_mark(p: Probe) -> str:
    """A mark of the working tree's ``.mailmap``, when it has one: a change to it (written
    and not yet committed, as the harvest's hint suggests, or committed) may make commits
    already walked past the person's, so the repository is walked again in full."""
    path = p.path / ".mailmap"
    if p.bare or not path.is_file():  # a bare repository's is HEAD's: a change is a commit
        return ""
    try:
        with path.open("rb") as f:  # read in blocks, whatever its size
            digest = hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return ""
    return "|mailmap:" + digest[:16]


def _in(day: str, since: str | None, until: str | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def harvest_repo(p: Probe, old: State | None, opts: Options, emit: Emit) -> Result:
    """Harvest one repository; batches and progress go to ``emit``."""
    since, until = opts.since, opts.until
    key = f"{CURSOR_PREFIX}{p.path}"
    who = opts.who() + _mailmap_mark(p)
    harvested = old is not None  # before: a full walk now may leave day items to withdraw
    if old is not None and old.who != who:
        old = None  # someone else is looked for now: walk it all again
    if old is not None and set(old.tips) == p.tips and old.covers(since, until):
        return Result(p, mine=old.mine, up_to_date=True, empty=not p.tips)
    if not p.tips:
        state = State(old.id if old else "", [], [], since, until, 0, who)
        return Result(p, cursor=(key, state.dumps()), empty=True)
    refs = read_refs(p)
    emails, names = expand_identity(p.path, opts.emails, opts.names)
    tried = (
        *_tried(opts),
        *(f"{n} (.mailmap)" for n in sorted(names - {n.casefold() for n in opts.names})),
        *(f"<{e}> (.mailmap)" for e in sorted(emails - {e.lower() for e in opts.emails})),
    )
    views: list[RepoView] = []

    def view_of() -> RepoView:
        """The repository's id (its first commit: a walk of the history) and where it lives;
        a first harvest asks for it once git's walks have started, so that both run at once."""
        if not views:
            rid = old.id if old is not None and old.id else repo_id(p, p.tips, refs.mainline)
            views.append(RepoView(
                rid, p.name, str(p.path), web_url(refs.remotes), opts.logins, _name_parts(opts)
            ))
        return views[0]

    incremental = old is not None and bool(old.id) and old.covers(since, until)
    new: set[str] | None = None
    changed: set[str] = set()  # the person's commits that are new or change item
    affected_days: set[str] = set()
    walk_since = since
    found_new = 0
    if incremental:
        assert old is not None
        new, changed, affected_days = _changes(
            p, old, refs.default_branch, emails, names, since, until
        )
        found_new = len(changed & new)
        if not affected_days:
            state = State(
                view_of().id,
                sorted(p.tips),
                sorted(refs.mainline),
                _later(old.since, since),
                until,
                old.mine,
                who,
            )
            return Result(p, cursor=(key, state.dumps()), mine=old.mine, tried=tried)
        first = min(affected_days)
        walk_since = max(since, first) if since else first
    out = _Out(emit, opts.idle)
    unreadable: list[str] = []
    try:
        stats = _walk(
            p, refs, view_of, emails, names, walk_since, until, opts, out, new, changed, affected_days,
            rewalk=harvested and not incremental,
        )
    except GitFailed as exc:
        # objects git cannot read (a damaged repository, a partial clone away from its
        # remote): walk again without the files they belong to, and say which they are; what
        # the first walk wrote is written again, whole
        if not MISSING_OBJECT.search(exc.message):
            raise
        if _partial_clone(p.path):
            # every file version it left out is missing: leaving those files out of the walk
            # leaves most commits out too (ecto's, away from its remote: "no commits by" a
            # person with 529)
            raise GitFailed(
                f"a partial clone whose remote cannot give it the file versions it left out ({exc.message}); "
                "make its remote reachable, or harvest a full clone",
                exc.returncode,
            ) from exc
        unreadable = unreadable_paths(p.path, sorted(p.tips))
        if not unreadable:
            raise
        out = _Out(emit, opts.idle)
        stats = _walk(
            p, refs, view_of, emails, names, walk_since, until, opts, out, new, changed, affected_days,
            rewalk=harvested and not incremental, unreadable=unreadable,
        )
    out.flush(force=True)
    rid = view_of().id
    if incremental:
        assert old is not None
        mine = old.mine + found_new
        state = State(
            rid, sorted(p.tips), sorted(refs.mainline), _later(old.since, since), until, mine, who
        )
        return Result(
            p, cursor=(key, state.dumps()), mine=mine, found=found_new, tried=tried, opened=out.opened,
            unreadable=tuple(unreadable), hosted=view_of().web is not None,
        )
    state = State(rid, sorted(p.tips), sorted(refs.mainline), since, until, stats, who)
    return Result(
        p, cursor=(key, state.dumps()), mine=stats, found=stats, tried=tried, opened=out.opened,
        unreadable=tuple(unreadable), hosted=view_of().web is not None,
    )


def _later(a: str | None, b: str | None) -> str | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def _changes(
    p: Probe,
    old: State,
    default_branch: str | None,
    emails: set[str],
    names: set[str],
    since: str | None,
    until: str | None,
) -> tuple[set[str], set[str], set[str]]:
    """New commits since the old tips, the person's commits whose item changes, and their days.

    Two graph-only walks (no diffs): ``<tips> --not <old tips>``, then, when new merges bring
    in older commits of the person's (a branch harvested before it was merged), those sides
    ``--not <old mainline>``.
    """
    new: set[str] = set()
    changed: set[str] = set()
    days: set[str] = set()
    sides: list[str] = []
    with Log(
        p.path, ["--format=" + NEW_FORMAT], [*sorted(p.tips), *(f"^{s}" for s in old.tips)]
    ) as walk:
        for line in walk.lines:
            head, when, name, email, subject = line.rstrip("\n").split("\x1f", 4)
            shas = head.split(" ")
            new.add(shas[0])
            if is_person(email, name, emails, names) and _in(when[:10], since, until):
                changed.add(shas[0])
                days.add(when[:10])
            if (
                len(shas) > 2
                and classify_merge(shas[0], subject, when[:10], default_branch) is not None
            ):
                sides.extend(s for s in shas[2:] if s)
    sides = [s for s in sides if s not in new]
    if sides:
        revs = [*sides, *(f"^{s}" for s in old.main)]
        with Log(p.path, ["--format=%H%x1f%aI%x1f%aN%x1f%aE"], revs) as walk:
            for line in walk.lines:
                sha, when, name, email = line.rstrip("\n").split("\x1f", 3)
                if (
                    sha not in new
                    and is_person(email, name, emails, names)
                    and _in(when[:10], since, until)
                ):
                    changed.add(sha)
                    days.add(when[:10])
    return new, changed, days


def _walk(
    p: Probe,
    refs: Refs,
    view_of: Callable[[], RepoView],
    emails: set[str],
    names: set[str],
    since: str | None,
    until: str | None,
    opts: Options,
    out: _Out,
    new: set[str] | None,
    changed: set[str],
    affected_days: set[str],
    *,
    rewalk: bool = False,
    unreadable: Sequence[str] = (),
) -> int:
    """Walk one repository and roll the person's commits up; returns how many were read.

    ``rewalk``: the repository was harvested before and is walked in full again (someone
    else is looked for, or a wider window): a day item an earlier run wrote for commits that
    a pull request or a branch holds now is withdrawn, as an incremental run would.
    ``unreadable``: paths whose file versions git cannot read, left out of the diffs (their
    lines are not counted; a commit that changed nothing else is not read).

    Four ``git log --date-order`` of the same revisions run at once: the person's commits
    with ``--numstat`` (spooled, so git never waits), and, read in step with it, the graph
    (hashes only), the merges (subjects and bodies), and the person's merges of pull requests
    and branches with their lines (spooled too; the person walk diffs no merge). A pull request or merged branch is
    written when the graph walk has passed its last commit; a day's work when the person walk
    has gone two days past it. Groups written this run are remembered (the last 256), so one
    that gets another commit later (clock skew, a backport) is rewritten whole.
    """
    revs = sorted(p.tips)
    incremental = new is not None
    person = Log(
        p.path,
        [
            "--date-order",
            "--numstat",
            "--diff-merges=off",  # a merge's lines come from the merge-lines walk
            "--format=" + COMMIT_FORMAT,
            *author_args(emails, names),
            *date_args(since, until),
        ],
        revs,
        spool=True,
        paths=excluding(unreadable),
    )
    merge_lines_log = Log(
        p.path,
        [
            "--date-order",
            "--merges",
            "--numstat",
            "--diff-merges=first-parent",  # a merge's lines: what it brought in
            "--format=" + MERGE_LINES_FORMAT,
            *author_args(emails, names),
            *merge_grep(refs.default_branch),
            *date_args(since, until),
        ],
        revs,
        spool=True,
        paths=excluding(unreadable),
    )
    graph_log = Log(
        p.path, ["--date-order", "--format=" + GRAPH_FORMAT, *date_args(since, None)], revs
    )
    merges_log = Log(
        p.path,
        ["--date-order", "--merges", "--format=" + MERGES_FORMAT, *date_args(since, None)],
        revs,
    )
    logs = (person, graph_log, merges_log, merge_lines_log)
    opts.track(logs)
    try:
        view = view_of()  # while git walks
    except BaseException:
        opts.untrack(logs)
        for log in logs:
            log.close(check=False)
        raise
    labeler = Labeler(refs.tips, refs.mainline)
    graph = Graph(graph_log.lines, merges_log.lines, labeler, refs.default_branch)
    merge_lines = MergeLines(p.path, merge_lines_log.lines, excluding(unreadable))
    groups: dict[str, Group] = {}
    closed: OrderedDict[str, Group] = OrderedDict()  # written this run, kept in case they grow
    moved_from: set[str] = set()  # day items that commits left (their branch was merged)
    produced: set[str] = set()  # day items of the affected days (incremental runs)
    read_count = 0
    # No open group has a later horizon than this (an upper bound: groups closed since may
    # have had it)
    latest = _NEVER
    desc = f"git {p.name}"

    def close(key: str) -> None:
        g = groups.pop(key)
        if (incremental and g.day in affected_days) or (rewalk and g.day is not None):
            produced.add(key)
        if g.emit:
            made = item(g, view)
            if g.commits and (login := made.data.get("opened_by")):
                out.opened[str(login)] += 1
            out.items.append(made)
            out.activities.extend(g.activities)
            out.flush()
        g.activities = []
        closed[key] = g
        if len(closed) > CLOSED_GROUPS:
            closed.popitem(last=False)

    ok = False
    try:
        out.emit(("progress", desc, 0, None))
        for c in read_commits(person.lines):
            if not _in(c.day, since, until):
                if not _in(c.day, opts.since, opts.until):
                    out.skipped += 1
                continue
            read_count += 1
            if not read_count % 500:
                out.emit(("progress", desc, read_count, None))
                if opts.stop.is_set():
                    raise Stopped
            label, own = graph.label(c.sha)
            if own is not None:  # the person's merge of a pull request or a branch: its lines
                lines = merge_lines.of(c.sha)
                c.files, c.additions, c.deletions = lines.files, lines.additions, lines.deletions
            merge = own
            squash = False
            key: str | None
            if own is not None:
                key = own.key
            elif len(c.parents) > 1:
                key = ""  # a merge that only brings a line up to date: a record, no item
            elif label[0] == 1:
                key, merge = label[2], label[3]
            elif (n := squash_number(c.subject)) is not None:
                key, squash = f"pr:{n}", True
            else:
                key = None
            day_key = f"day:{c.day}:{main_part(c.files)}"
            if key and (rewalk or (incremental and c.sha in changed and c.sha not in (new or ()))):
                moved_from.add(day_key)  # a day's work before its branch was merged
            write_activity = not incremental or c.sha in changed
            if key == "":
                if write_activity:  # its lines are the line's own history, not the person's
                    c.additions = c.deletions = 0
                    c.files = []
                    out.activities.append(activity(c, view, None))
                    out.flush()
                continue
            gkey = key or day_key
            g = groups.get(gkey)
            if g is None:
                g = closed.pop(gkey, None)
                if g is None:
                    g = Group(
                        gkey,
                        merge=merge,
                        day=None if key else c.day,
                        part=None if key else gkey.rsplit(":", 1)[1],
                    )
                    g.emit = not incremental or (key is None and c.day in affected_days)
                    if key is None or squash:  # merged lines close when the graph walk leaves them
                        g.horizon = _day_start(c.day)
                groups[gkey] = g
                if g.horizon is not None and g.horizon > latest:
                    latest = g.horizon
            if incremental and c.sha in changed:
                g.emit = True
            g.add(
                c,
                label[3] if label[0] == 2 else None,
                activity(c, view, f"{view.id}:{gkey}") if write_activity else None,
            )
            # Merged lines the graph walk has finished; days the person walk has left behind.
            for done in labeler.done:
                if done in groups:
                    close(done)
            labeler.done.clear()
            horizon = c.committed + 2 * 86400  # commits still to come were committed before this
            if latest > horizon:  # some open group may be done: look (most commits need not)
                for k in [
                    k for k, g2 in groups.items() if g2.horizon is not None and g2.horizon > horizon
                ]:
                    close(k)
                latest = max(
                    (g2.horizon for g2 in groups.values() if g2.horizon is not None), default=_NEVER
                )
        for k in list(groups):
            close(k)
        person.close()
        graph_log.stop()
        merges_log.stop()
        merge_lines_log.stop()
        out.withdrawn.extend(sorted(f"{view.id}:{k}" for k in moved_from - produced))
        out.emit(("progress", desc, read_count, read_count))
        ok = True
        return read_count
    finally:
        opts.untrack(logs)
        if not ok:
            for log in logs:
                log.close(check=False)


_NEVER = -(1 << 62)  # a horizon before any commit


def _day_start(day: str) -> int:
    """The first second of a day, UTC, minus 14 hours (the earliest time zone)."""
    return int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp()) - 14 * 3600


# -- many repositories ------------------------------------------------------------------------------


def harvest(
    ctx: HarvestContext, paths: list[str] | None = None, jobs: int | None = None
) -> Iterator[Batch]:
    """Harvest every repository ``paths`` names (default: the current folder)."""
    paths = list(paths or ["."])
    repos, bad = discover(paths)
    workers = max(1, jobs or min(8, max(2, os.cpu_count() or 2)))
    probes: list[Probe] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for folder, outcome in zip(repos, pool.map(_try_probe, repos), strict=True):
            if isinstance(outcome, str):
                bad.append(f"{folder}: {outcome}")
            else:
                probes.append(outcome)
    if bad:
        raise InputError(
            "nothing was harvested: "
            + ("; ".join(bad) if len(bad) == 1 else "\n  " + "\n  ".join(bad)),
            hint="pass repositories, or folders with repositories one or two levels below them",
        )
    unique: dict[Path, Probe] = {}
    for pr in probes:
        unique.setdefault(pr.path, pr)
    opts = Options(
        emails=tuple(ctx.identity.emails),
        names=(ctx.identity.name,) if ctx.identity.name else (),
        since=ctx.since.isoformat() if ctx.since else None,
        until=ctx.until.isoformat() if ctx.until else None,
        logins=logins(ctx.identity.emails, ctx.identity.handle("github")),
    )
    states = {
        pr.path: State.loads(ctx.cursor.get(f"{CURSOR_PREFIX}{pr.path}", ""))
        for pr in unique.values()
    }
    yield from _run_all(ctx, list(unique.values()), states, opts, workers)


def _partial_clone(path: Path) -> bool:
    """Whether the repository is a partial clone (``git clone --filter=…``): a remote of it
    promises the objects it left out."""
    try:
        return bool(git(path, "config", "--get-regexp", r"^(extensions\.partialclone|remote\..*\.promisor)$").strip())
    except GitFailed:
        return False  # none set: git exits 1


def _try_probe(folder: Path) -> Probe | str:
    try:
        return probe(folder)
    except GitFailed as exc:
        return exc.message


def _run_all(
    ctx: HarvestContext,
    probes: list[Probe],
    states: dict[Path, State | None],
    opts: Options,
    workers: int,
) -> Iterator[Batch]:
    events: queue.Queue[tuple[Any, ...]] = queue.Queue(
        maxsize=2
    )  # batches in flight: memory stays flat

    def emit(event: tuple[Any, ...]) -> None:
        while True:
            if opts.stop.is_set():
                raise Stopped
            try:
                events.put(event, timeout=0.1)
                return
            except queue.Full:
                continue

    def work(pr: Probe) -> None:
        try:
            result = harvest_repo(pr, states.get(pr.path), opts, emit)
        except Stopped:
            return
        except GitFailed as exc:
            with contextlib.suppress(Stopped):
                emit(("failed", pr, exc.message))
            return
        except BaseException as exc:
            with contextlib.suppress(Stopped):
                emit(("crashed", pr, exc))
            return
        with contextlib.suppress(Stopped):
            emit(("done", result))

    opts.idle = events.empty
    results: list[Result] = []
    failures: list[str] = []
    notes: list[str] = []
    pool = ThreadPoolExecutor(
        max_workers=min(workers, len(probes)) or 1, thread_name_prefix="ladder-git"
    )
    try:
        for pr in probes:
            pool.submit(work, pr)
        remaining = len(probes)
        while remaining:
            event = events.get()
            kind = event[0]
            if kind == "batch":
                yield event[1]
            elif kind == "progress":
                ctx.progress(event[1], event[2], event[3])
            elif kind == "done":
                remaining -= 1
                result: Result = event[1]
                results.append(result)
                if result.probe.shallow and not result.up_to_date:
                    notes.append(
                        f"{result.probe.path} is a shallow clone: only the history it has was "
                        "harvested (git fetch --unshallow for the rest)"
                    )
                if result.cursor and (result.mine or result.found):
                    yield Batch(cursor=dict([result.cursor]))
            elif kind == "failed":
                remaining -= 1
                failures.append(f"{event[1].path}: {event[2]}")
            elif kind == "crashed":
                remaining -= 1
                raise event[2]
    finally:
        opts.stop.set()
        opts.kill_all()
        while True:  # let blocked workers see the stop
            try:
                events.get_nowait()
            except queue.Empty:
                break
        pool.shutdown(wait=True, cancel_futures=True)
    yield from _finish(ctx, results, failures, notes, opts)


def _finish(
    ctx: HarvestContext, results: list[Result], failures: list[str], notes: list[str], opts: Options
) -> Iterator[Batch]:
    """Notes, the cursors of repositories without the person's commits, and the verdict."""
    window = _window_text(opts.since, opts.until)
    who = ctx.identity.name or ", ".join(ctx.identity.emails)
    without = [r for r in results if r.mine == 0]
    with_commits = [r for r in results if r.mine > 0]
    if results and not with_commits and not failures:
        tried = list(dict.fromkeys([*_tried(opts), *(t for r in results for t in r.tried)]))
        where = ", ".join(str(r.probe.path) for r in results)
        empty = [r for r in results if r.empty]
        detail = (
            f" ({len(empty)} of them empty)"
            if empty and len(empty) < len(results)
            else (" (an empty repository)" if empty else "")
        )
        raise NotFoundError(
            f"no commits by {who}{window} in {where}{detail}; identities tried: {', '.join(tried)}",
            hint="add the email your commits use with `ladder init --email …`, or map it in the repository's .mailmap",
        )
    for r in without:
        if r.empty:
            notes.append(f"{r.probe.path} is empty (no commits yet)")
        else:
            names = ", ".join(r.tried or _tried(opts))
            notes.append(
                f"no commits by {who}{window} in {r.probe.path} (identities tried: {names})"
            )
    for r in results:
        if r.unreadable:
            shown = ", ".join(r.unreadable[:UNREADABLE_SHOWN])
            more = len(r.unreadable) - UNREADABLE_SHOWN
            notes.append(
                f"{r.probe.path}: git could not read {len(r.unreadable)} file{'' if len(r.unreadable) == 1 else 's'} in its history"
                f" (missing objects: a damaged clone); their lines are not counted, nor a commit that changed"
                f" only them: {shown}"
                + (f" and {more} more" if more > 0 else "")
            )
    opened: Counter[str] = Counter()
    for r in results:
        opened.update(r.opened)
    if opened:
        login, n = min(opened.items(), key=lambda kv: (-kv[1], kv[0]))
        share = n / sum(opened.values())
        # a login like the person's name or address (tmccombs, Thayne McCombs) from a few
        # pull requests; any other only when it opened nearly all of many (not a contributor
        # whose branches the person pushed fixes to)
        if (n >= HANDLE_HINT_PRS and share > 0.5 and _resembles(login, opts)) or (
            n >= HANDLE_HINT_MANY and share >= 0.8
        ):
            unhosted = [str(r.probe.path) for r in results if not r.hosted and login in r.opened]
            if unhosted:
                # no remote to tell a fork from the repository's own organisation ("from
                # square/…" in a clone of square/retrofit whose origin is a local path)
                notes.append(
                    f"{n} pull requests holding your commits came from branches of {login}; "
                    f"{', '.join(unhosted)} {'has' if len(unhosted) == 1 else 'have'} no GitHub or "
                    f"GitLab remote, so ladder cannot tell {login}'s branches from a fork. If {login} "
                    f"owns the repository, add its remote (named github: a clone has an origin already, "
                    f"often a local path): git -C {unhosted[0]} remote add github "
                    f"https://github.com/{login}/…; if it is your account:\nladder init --handle github:{login}"
                )
            else:
                notes.append(
                    # the merge's subject names the account whose branch it was ("from
                    # x/branch"): a person's fork
                    f"{n} pull requests holding your commits came from branches of {login}; if "
                    f"{login} is your GitHub account, this reads their titles as your words at the "
                    f"next harvest:\nladder init --handle github:{login}"
                )
    cursors = dict(r.cursor for r in without if r.cursor)
    if cursors or notes:
        yield Batch(cursor=cursors, notes=notes)
    if failures:
        raise LadderError(
            "git failed in "
            + ("; ".join(failures) if len(failures) == 1 else "\n  " + "\n  ".join(failures)),
            hint="what was read before it is kept (and the other repositories' harvest); fix the repository and run again",
        )


def _tried(opts: Options) -> list[str]:
    return [*opts.names, *(f"<{e}>" for e in opts.emails)]


def _window_text(since: str | None, until: str | None) -> str:
    if since and until:
        return f" between {since} and {until}"
    if since:
        return f" since {since}"
    if until:
        return f" until {until}"
    return ""


__all__ = ["State", "harvest", "harvest_repo", "repo_id"]
