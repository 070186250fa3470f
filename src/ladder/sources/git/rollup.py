"""From commits to evidence a person recognises: pull requests, merged branches, days of work.

Every commit of the person's rolls up into exactly one item (never two):

1. a **pull request** — the commits a ``Merge pull request #N`` (GitHub), ``Merged in … (pull
   request #N)`` (Bitbucket), ``Merged PR N:`` (Azure) or GitLab merge (``See merge request
   …!N``) brought in, the merge commit itself, or a squash-merged commit ending in ``(#N)``;
2. else a **merged branch** — the commits a ``Merge branch 'x'`` brought in;
3. else **a day's work in one part of the tree** — the commits written that day (the author's
   own date) whose changed lines are mostly under the same top-level folder (two levels for
   ``src/``, ``packages/``, ``services/`` … so ``src/billing`` stays apart from ``src/api``).

A merge that only brings a branch up to date (``Merge branch 'main' into x``) is kept as a
raw record, not an item. Item references are stable across runs: ``<repo-id>:pr:42``,
``<repo-id>:merge:<sha12>``, ``<repo-id>:day:2026-11-03:billing``.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from ladder.bots import BOT_TITLE, DEFAULT_BOTS, is_bot
from ladder.reverts import reverted
from ladder.source import Activity, Item
from ladder.sources.git.log import Commit, Merge

#: Folders that only contain the real parts of a tree: group one level deeper inside them.
CONTAINERS = frozenset(
    {
        "src",
        "lib",
        "libs",
        "packages",
        "apps",
        "app",
        "services",
        "modules",
        "pkg",
        "internal",
        "cmd",
        "components",
        "projects",
        "crates",
        "plugins",
        "source",
        "sources",
    }
)
TOP_LEVEL = "."
MAX_SUBJECTS_CHARS = 160
MAX_BODY_CHARS = 8000
MAX_FILE_PATHS = 50
MAX_SUBJECT_LINES = 50
BOTS = DEFAULT_BOTS


def part_of(path: str) -> str:
    """The part of the tree a path is in: ``billing/x.py`` → ``billing``, ``src/api/x`` → ``src/api``."""
    segs = path.split("/")
    if len(segs) == 1:
        return TOP_LEVEL
    if segs[0] in CONTAINERS and len(segs) > 2:
        return f"{segs[0]}/{segs[1]}"
    return segs[0]


def main_part(files: list[tuple[str, int, int]]) -> str:
    """Where most of a commit's changed lines are (ties: most files, then by name)."""
    if not files:
        return TOP_LEVEL
    if len(files) == 1:
        return part_of(files[0][0])
    lines: dict[str, int] = {}
    count: dict[str, int] = {}
    for path, added, deleted in files:
        p = part_of(path)
        lines[p] = lines.get(p, 0) + added + deleted
        count[p] = count.get(p, 0) + 1
    return min(lines, key=lambda p: (-lines[p], -count[p], p))


def part_label(part: str) -> str:
    return "the top level" if part == TOP_LEVEL else f"{part}/"


@dataclass
class RepoView:
    """What items say about their repository."""

    id: str
    name: str
    path: str
    web: str | None  # https://github.com/acme/app, if a remote is on GitHub or GitLab
    #: The person's logins, lower-case (their GitHub handle, their e-mails' local parts): a pull
    #: request opened from another login's fork is someone else's, and so is its title.
    logins: frozenset[str] = frozenset()
    #: The parts of the person's names and e-mails' local parts, lower-case: a login that holds
    #: one ("tmccombs" of Thayne McCombs) is likely theirs, not yet in their profile.
    name_parts: frozenset[str] = frozenset()

    def resembles(self, login: str) -> bool:
        """Whether ``login`` holds a part of the person's names or addresses (4 letters or
        more): ``tmccombs`` and Thayne McCombs; ``ada-l`` and ``ada.l@…`` do not (too short)."""
        squashed = re.sub(r"[^a-z0-9]", "", login.lower())
        return any(len(w) >= 4 and w in squashed for w in self.name_parts)

    @property
    def owner(self) -> str | None:
        """Who owns the repository where it is hosted (``acme`` of github.com/acme/app),
        lower-case: a pull request "from acme/branch" came from a branch of the repository
        itself, which says nothing of who opened it."""
        parts = self.web.split("/") if self.web else []
        return parts[3].lower() if len(parts) > 3 else None

    @property
    def gitlab(self) -> bool:
        return bool(self.web and "gitlab" in self.web.split("/")[2])

    def commit_url(self, sha: str) -> str | None:
        if not self.web:
            return None
        return f"{self.web}/-/commit/{sha}" if self.gitlab else f"{self.web}/commit/{sha}"

    def pr_url(self, number: int) -> str | None:
        if not self.web:
            return None
        return (
            f"{self.web}/-/merge_requests/{number}" if self.gitlab else f"{self.web}/pull/{number}"
        )


@dataclass
class Group:
    """The person's commits that roll up into one item, gathered as the walk finds them."""

    key: str
    merge: Merge | None = None
    day: str | None = None
    part: str | None = None
    shas: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)
    commits: int = 0  # not counting merge commits
    merged_by_person: bool = False
    #: The size of what the person's merge brought in (lines and paths against its first
    #: parent): the weight of someone else's work they merged, kept apart from their own.
    merged_lines: int = 0
    merged_paths: set[str] = field(default_factory=set)
    additions: int = 0
    deletions: int = 0
    parts: Counter[str] = field(default_factory=Counter)
    files: set[str] = field(default_factory=set)
    first_day: str = "9999-99-99"
    last_day: str = "0000-00-00"
    newest: tuple[int, str] = (0, "")
    branches: set[str] = field(default_factory=set)
    activities: list[Activity] = field(default_factory=list)
    #: The person's commits already counted, by what makes a change the same change: its
    #: author time, subject and lines per path. A rebased or amended copy left on another
    #: branch, or a cherry-pick, carries all three: its record is kept, its work counted once.
    changes: set[tuple[int, str, tuple[tuple[str, int, int], ...]]] = field(default_factory=set)
    #: Lines changed and files touched per subject: how much of the item's size each of its
    #: subjects made (a formatter's run beside a change is not the change's size).
    subject_lines: Counter[str] = field(default_factory=Counter)
    subject_files: dict[str, set[str]] = field(default_factory=dict)
    emit: bool = True  # written this run (an incremental run rewrites only what changed)
    horizon: int | None = None  # once the walk is two days before this time, nothing more can join

    def add(self, c: Commit, branch: str | None, activity: Activity | None) -> None:
        """Add one commit (and its activity, when it is to be written)."""
        self.shas.append(c.sha)
        if len(c.parents) > 1:
            self.merged_by_person = True
            self.merged_lines += c.additions + c.deletions
            self.merged_paths.update(path for path, _, _ in c.files)
        elif (change := (c.timestamp, c.subject, tuple(c.files))) in self.changes:
            pass  # the same change again: a copy of one already counted
        else:
            self.changes.add(change)
            self.commits += 1
            self.subjects.append(c.subject)
            if c.body:
                self.bodies.append(c.body)
            self.additions += c.additions
            self.deletions += c.deletions
            subject = c.subject.strip()
            self.subject_lines[subject] += c.additions + c.deletions
            self.subject_files.setdefault(subject, set()).update(path for path, _, _ in c.files)
            parts = self.parts
            for path, added, deleted in c.files:
                parts[part_of(path)] += added + deleted
                self.files.add(path)
        self.first_day = min(self.first_day, c.day)
        self.last_day = max(self.last_day, c.day)
        self.newest = max(self.newest, (c.timestamp, c.sha))
        if branch:
            self.branches.add(branch)
        if activity is not None:
            self.activities.append(activity)


def activity(c: Commit, repo: RepoView, item_ref: str | None) -> Activity:
    """The raw record of one commit."""
    return Activity(
        source_ref=f"{repo.id}@{c.sha}",
        kind="merge" if len(c.parents) > 1 else "commit",
        occurred_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(c.timestamp)),
        title=c.subject,
        item_ref=item_ref,
        body=c.body[:MAX_BODY_CHARS] or None,
        url=repo.commit_url(c.sha),
        data={
            "repository": repo.name,
            "additions": c.additions,
            "deletions": c.deletions,
            "files": len(c.files),
        },
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _lines(g: Group) -> str:
    return f"+{g.additions}/\u2212{g.deletions}"


def _where(g: Group) -> str:
    top = [p for p, _ in sorted(g.parts.items(), key=lambda kv: (-kv[1], kv[0]))]
    if not top:
        return ""
    if len(top) == 1:
        return f" in {part_label(top[0])}"
    if len(top) == 2:
        return f" in {part_label(top[0])} and {part_label(top[1])}"
    return f" in {part_label(top[0])}, {part_label(top[1])} and {len(top) - 2} more"


def _subjects(subjects: list[str]) -> str:
    """``A; B; …``: the distinct subjects, oldest first, cut at a readable length.

    A subject reverted in the same list and its reverts keep every occurrence, in order:
    ``A; Revert "A"; A`` is A done again, which a reader (and the judge) tells from
    ``A; Revert "A"``, where nothing of A is left."""
    clean = [s.strip() for s in subjects if s.strip()]
    have = set(clean)
    targets = {t: s for s in have if (t := reverted(s)) is not None}
    chained = {t for t in targets if t in have} | {s for t, s in targets.items() if t in have}
    seen: list[str] = []
    for s in clean:
        if s not in seen or s in chained:
            seen.append(s)
    out = ""
    for i, s in enumerate(seen):
        piece = s if not out else f"; {s}"
        if out and len(out) + len(piece) > MAX_SUBJECTS_CHARS:
            return out + "; \u2026"
        out += piece
        if len(out) > MAX_SUBJECTS_CHARS and i < len(seen) - 1:
            return out + "; \u2026"
    return out


def item(g: Group, repo: RepoView) -> Item:
    """The evidence item of a group."""
    subjects = list(reversed(g.subjects))  # the walk goes newest first
    stats = f"{_plural(g.commits, 'commit')}, {_lines(g)}{_where(g)}"
    data: dict[str, object] = {
        "repository": repo.name,
        "repo_id": repo.id,
        "path": repo.path,
        "commits": g.commits,
        "additions": g.additions,
        "deletions": g.deletions,
        "files": len(g.files),
        "paths": [p for p, _ in sorted(g.parts.items(), key=lambda kv: (-kv[1], kv[0]))][:5],
        "first_day": g.first_day,
        # Who did the work: the person's own commits, or only the merge of someone else's.
        "role": "authored" if g.commits else "merged",
        "file_paths": sorted(g.files)[:MAX_FILE_PATHS],
    }
    if subjects:  # the person's own words, for the mapper (the title is ladder's summary)
        data["words"] = _subjects(subjects)
    if len(g.subject_lines) > 1:  # which subject made how much of the size (the largest)
        data["subject_lines"] = {
            subject: [lines, len(g.subject_files[subject])]
            for subject, lines in sorted(g.subject_lines.items(), key=lambda kv: (-kv[1], kv[0]))[
                :MAX_SUBJECT_LINES
            ]
        }
    if not g.commits and g.merged_by_person:  # someone else's work: its size, for its weight
        data["merged_lines"] = g.merged_lines
        data["file_paths"] = sorted(g.merged_paths)[:MAX_FILE_PATHS]
    m = g.merge
    url = repo.commit_url(g.newest[1]) if g.newest[1] else None
    if g.key.startswith("pr:") or (m is not None and m.number is not None):
        number = m.number if m is not None and m.number is not None else int(g.key.split(":", 1)[1])
        gitlab = m is not None and m.gitlab
        title = (m.title if m is not None else None) or (subjects[0] if subjects else None)
        if m is None and title:  # a squash merge: "Add retry budget (#42)"
            title = title.rsplit("(#", 1)[0].strip() or title
        if not title and m is not None:
            title = m.branch or m.subject
        label = f"MR !{number}" if gitlab else f"PR #{number}"
        theirs = (
            m is not None
            and m.owner is not None
            and m.owner.lower() not in repo.logins
            and m.owner.lower() != repo.owner
        )
        if theirs and m is not None:
            # someone else opened it (the person's commits came along on its branch): its
            # title is that person's words; the person's are their own commits' subjects
            data["opened_by"] = m.owner
            if repo.owner is not None and not repo.resembles(m.owner or ""):
                # a fork's branch, and not one of the person's own logins not yet in the
                # profile ("tmccombs", Thayne McCombs' in fd); without a GitHub or GitLab remote
                # the login may be the repository's own organisation ("from jbogard/…" in a
                # clone of MediatR)
                data["from_fork"] = True
        elif g.commits and title:
            data["words"] = title  # their pull request: its title is theirs
        if not g.commits and (
            is_bot(title, m.branch if m is not None else None, names=BOTS)
            or BOT_TITLE.search(title or "")
        ):
            data["role"] = "bot"
        if g.commits == 0 and g.merged_by_person:
            text = f"{label}: {title} (merged by you)"
        elif theirs and m is not None and repo.owner is not None:
            # its title is theirs; the commits counted are the person's (said only where the
            # repository's host is known: "from acme/branch" may be its own organisation's)
            text = f"{label}: {title} (opened by {m.owner}; your {stats})"
        else:
            text = f"{label}: {title} ({stats})"
        data["pr" if not gitlab else "merge_request"] = number
        if m is not None:
            data["merge"] = m.sha
            if m.branch:
                data["branch"] = m.branch
            day = m.day
        else:
            day = g.last_day
        url = repo.pr_url(number) or url
        kind = "pull-request"
    elif m is not None:  # a branch merged without a pull request
        what = _subjects(subjects) or m.subject
        if g.commits == 0 and g.merged_by_person:
            # a reviewed change (Gerrit's) has no branch: its subject names it
            what_merged = f"branch {m.branch}" if m.branch else "change"
            text = f"Merged {what_merged}: {m.title or m.subject}"
            if is_bot(m.branch, m.title, names=BOTS):
                data["role"] = "bot"
        else:
            text = f"{f'Branch {m.branch}' if m.branch else 'Change'}: {stats} \u2014 {what}"
        if m.branch:
            data["branch"] = m.branch
        data["merge"] = m.sha
        day = m.day
        url = repo.commit_url(m.sha) or url
        kind = "merge"
    else:
        day = g.day or g.last_day
        text = f"{part_label(g.part or TOP_LEVEL)}: {_plural(g.commits, 'commit')} on {day} ({_lines(g)}) \u2014 {_subjects(subjects)}"
        if g.branches:
            data["branches"] = sorted(g.branches)
        kind = "commits"
    body_lines = [f"- {s}" for s in subjects]
    bodies = "\n\n".join(reversed(g.bodies))
    body = "\n".join(body_lines) + (f"\n\n{bodies}" if bodies else "")
    return Item(
        source_ref=f"{repo.id}:{g.key}",
        kind=kind,
        occurred_on=dt.date.fromisoformat(day),
        title=text,
        url=url,
        body=_cut(body) or None,
        data=data,
    )


def _cut(body: str) -> str:
    """``body`` within :data:`MAX_BODY_CHARS`, cut after a whole line when it must be cut: a
    list of subjects never ends in half of one."""
    if len(body) <= MAX_BODY_CHARS:
        return body
    kept = body[:MAX_BODY_CHARS]
    end = kept.rfind("\n")
    return kept[:end] if end > 0 else kept
