"""Streaming ``git log``: the person's commits with their line counts, and the commit graph.

Four processes per repository, all over the same revisions in ``--date-order`` (children
before parents), all read line by line as git writes:

- the **person** walk (``--author=`` for each email and name, ``--use-mailmap``,
  ``--numstat``) brings the person's commits with their files and line counts
  (:func:`read_commits`): git does the filtering and the diffs, and never waits for ladder
  (its output is spooled to an unlinked temporary file); it diffs no merge;
- the **merge-lines** walk (the same, ``--merges`` and :func:`merge_grep`) diffs the person's
  merges of pull requests and branches against their first parent (:class:`MergeLines`), not
  the merges that only bring a line up to date, whose lines are not kept;
- the **graph** walk (``%H %P`` only: git answers from the commit-graph file without parsing
  commits) and the **merges** walk (subjects and bodies of merge commits) are read in step
  with it, only as far as the person's next commit (:class:`Graph`), to label each commit with
  the line of work it belongs to — the mainline, a pull request or branch merged into it, or
  an unmerged branch (:class:`Labeler`).

Python never asks git anything per commit (but for a merge the patterns missed, diffed on its
own).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
import signal
import subprocess
import tempfile
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ladder.sources.git.repo import GitFailed, first_line, git_env

#: ``-c`` options every log runs with: UTF-8 output whatever the commits' encoding, paths
#: unquoted, no signature checks (slow, and they print to stdout).
LOG_CONFIG = (
    "-c",
    "core.quotepath=off",
    "-c",
    "i18n.logOutputEncoding=UTF-8",
    "-c",
    "log.showSignature=false",
)

#: The graph walk: hashes only (git reads them from the commit-graph file when there is one,
#: without parsing a single commit object: ~4x faster than asking for a date or an author).
GRAPH_FORMAT = "%H %P"
#: The merges walk, in step with the graph walk: when, and what each merge says it merged.
MERGES_FORMAT = "%x1e%H%x1f%aI%x1f%s%x1f%b"
#: A new-commits walk (incremental runs): who, when, and what a merge says.
NEW_FORMAT = "%H %P%x1f%aI%x1f%aN%x1f%aE%x1f%s"
#: The person walk, with --numstat after each commit.
COMMIT_FORMAT = "%x1e%H%x1f%P%x1f%at%x1f%ct%x1f%aI%x1f%aN%x1f%aE%x1f%s%x1f%b%x1d"
#: The merge-lines walk: hashes, with --numstat against the first parent after each.
MERGE_LINES_FORMAT = "%x1e%H%x1d"


def merge_grep(default_branch: str | None) -> list[str]:
    """``--grep`` patterns for the merge-lines walk: the person's merges whose lines count.

    A loose superset of what :func:`classify_merge` reads in a subject (git matches any line
    of the message, in any case: the person walk's ``--regexp-ignore-case``), without the
    merges of the default branch itself (``Merge branch 'main'``: bringing a line up to date,
    whose lines are not kept). A merge the patterns miss all the same is diffed on its own
    (:meth:`MergeLines.of`), so they only decide how much git diffs, never what is stored.
    """
    start = "^[[:space:]]*merge"
    branch = f"{start} \\(remote-tracking \\)\\{{0,1\\}}branch '"
    patterns = [f"{start} pull request #", f"{start}d in ", f"{start}d pr ", f'{start} "', f"{start} changes "]
    if default_branch and re.fullmatch(r"[A-Za-z0-9._/-]+", default_branch):
        # any branch name but the default one: shorter, longer, or different at some letter
        w = default_branch
        patterns += [f"{branch}{_bre(w[:k])}[^{_bracket(w[k])}']" for k in range(len(w))]
        patterns += [f"{branch}{_bre(w[:k])}'" for k in range(len(w))]
        patterns.append(f"{branch}{_bre(w)}[^']")
    else:
        patterns.append(branch)
    return [f"--grep={p}" for p in patterns]


def _bracket(c: str) -> str:
    """``c`` inside a bracket expression after ``^`` (only ``-`` needs a place of its own)."""
    return "-" if c == "-" else c


# -- merges and pull requests -------------------------------------------------------------------

_GITHUB = re.compile(r"^Merge pull request #(\d+) from (\S+)")
_BITBUCKET = re.compile(r"^Merged in (\S+) \(pull request #(\d+)\)")
_AZURE = re.compile(r"^Merged PR (\d+):\s*(.*)")
_BRANCH = re.compile(
    r"^Merge (?:remote-tracking )?branch '([^']+)'(?: of (\S+))?(?: into '?([^'\s]+)'?)?"
)
#: Gerrit's merge of a reviewed change ('Merge "Add CHECK constraints" into main'), of several
#: ('Merge changes I1a2b3c4d,I5e6f7a8b into main') or of a topic ('Merge changes from topic "x"').
_GERRIT = re.compile(
    r'^Merge (?:"(.+)"|changes from topic "([^"]+)"|changes (I[0-9a-f]{6,}(?:,I[0-9a-f]{6,})*))'
    r"(?: into \S+)?\s*$"
)
_SQUASH = re.compile(r"\(#(\d+)\)\s*$")
_GITLAB_MR = re.compile(r"See merge request (\S*?)!(\d+)")


@dataclass
class Merge:
    """A merge commit that brought a pull request or a branch into its first parent's line.

    ``key`` names the item its side rolls up into: ``pr:42`` when the message carries a pull
    request number, else ``merge:<sha12>``.
    """

    sha: str
    key: str
    number: int | None
    branch: str | None
    subject: str
    day: str
    title: str | None = None  # the pull request's title, read from the message body later
    gitlab: bool = False
    #: Who opened the pull request, as the merge names it ("from octocat/fix" → octocat).
    owner: str | None = None


def classify_merge(sha: str, subject: str, day: str, default_branch: str | None) -> Merge | None:
    """The pull request or branch a merge commit's subject names, or None.

    None for merges that only bring a line up to date with itself (``Merge branch 'main' of
    github.com:…``, ``Merge branch 'main' into feature``) and for merges of anything else
    (tags, commits): their second side keeps the label of the merge commit.
    """
    if m := _GITHUB.match(subject):
        owner, slash, branch = m.group(2).partition("/")
        return Merge(
            sha,
            f"pr:{m.group(1)}",
            int(m.group(1)),
            branch if slash else owner,
            subject,
            day,
            owner=owner if slash else None,
        )
    if m := _BITBUCKET.match(subject):
        return Merge(sha, f"pr:{m.group(2)}", int(m.group(2)), m.group(1), subject, day)
    if m := _AZURE.match(subject):
        return Merge(
            sha,
            f"pr:{m.group(1)}",
            int(m.group(1)),
            None,
            subject,
            day,
            title=m.group(2).strip() or None,
        )
    if m := _GERRIT.match(subject):
        if m.group(1) and not any(c.isspace() for c in m.group(1)):
            # one word in quotes: a branch as a person names it by hand ('Merge "develop"',
            # 'Merge "main" into feature'), not a change's subject
            short = _short_branch(m.group(1))
            if default_branch and short == default_branch:
                return None
            return Merge(sha, f"merge:{sha[:12]}", None, short, subject, day)
        # a change reviewed in Gerrit, merged when its reviewer submitted it: a line of work
        # as a branch merged is, named by the change's subject (its branch has no name); of
        # several, by the subjects Gerrit lists in the body (:func:`apply_merge_body`)
        return Merge(sha, f"merge:{sha[:12]}", None, None, subject, day, title=m.group(1))
    if m := _BRANCH.match(subject):
        short = _short_branch(m.group(1))
        if default_branch and short == default_branch:
            return None  # main merged into something: a sync, not a topic
        if m.group(2):  # "Merge branch 'x' of <url>": a pull of x into the local x
            into = m.group(3)
            if into is None:
                return None
        return Merge(sha, f"merge:{sha[:12]}", None, short, subject, day)
    return None


def _short_branch(branch: str) -> str:
    """``branch`` without the remote it came from: a ref by its full name
    ("refs/remotes/tmux-openbsd/master") as a script merges it, "origin/main"."""
    branch = branch.removeprefix("refs/remotes/").removeprefix("refs/heads/")
    return branch.split("/", 1)[1] if branch.startswith(("origin/", "upstream/")) else branch


def squash_number(subject: str) -> int | None:
    """``Add retry budget (#123)`` → 123: GitHub's squash and rebase merges."""
    m = _SQUASH.search(subject)
    return int(m.group(1)) if m else None


#: A line of a merge's body that names the merge, not the pull request: a script's or bot's
#: ("Merge pull request 4949", "Merge pull request #12 from acme/x" again).
_NO_TITLE = re.compile(r"merge (?:pull request|pr|branch)\b[\s#!\d]*(?:from\s+\S+)?\s*$", re.I)


def apply_merge_body(merge: Merge, body: str) -> None:
    """Take the pull request's title (and a GitLab merge request number) from the message body."""
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    if m := _GITLAB_MR.search(body):
        merge.number = int(m.group(2))
        merge.gitlab = True
    if merge.title is None and "* changes:" in lines:
        # Gerrit's merge of several changes lists their subjects: "* changes:", then one a line,
        # indented
        raw = body.splitlines()
        at = next(i for i, ln in enumerate(raw) if ln.strip() == "* changes:")
        listed = itertools.takewhile(lambda ln: ln[:1].isspace() and ln.strip(), raw[at + 1 :])
        merge.title = "; ".join(ln.strip() for ln in listed) or None
    if merge.title is None:
        for ln in lines:
            if _NO_TITLE.match(ln):
                continue  # a merge script's own line ("Merge pull request 4949", jekyll's)
            if not ln.startswith(
                (
                    "See merge request",
                    "Approved-by:",
                    "Reviewed-by:",
                    "Signed-off-by:",
                    "Co-authored-by:",
                    "Change-Id:",  # Gerrit's trailers: what the review system keeps, no title
                    "Pull-request:",
                    "Pull-request-sha:",
                )
            ):
                merge.title = ln
                break


# -- labels ---------------------------------------------------------------------------------------

# A label is (class, depth, key, detail, origin): class 0 mainline, 1 merged pull request /
# branch (depth: how deep in nested merges; detail: the Merge; origin: the unmerged branch it
# was merged into, if any), 2 unmerged branch (detail: its name), 3 unknown. Lower wins, except
# that a line merged into an unmerged branch never takes that branch's own history.
Label = tuple[int, int, str, Any, str]
MAINLINE: Label = (0, 0, "", None, "")
UNKNOWN: Label = (3, 0, "", None, "")


class Labeler:
    """Labels each commit of a children-first walk with the line of work it belongs to.

    Rules, applied as the walk goes from the tips down (first-parent semantics):

    - a commit on the first-parent chain of the default branch (locally or on a remote) is
      *mainline*; the tip of another branch starts an *unmerged branch* line;
    - a merge passes its own label to its first parent; its other parents get a new label
      when the merge names a pull request or a branch (``Merge pull request #12 from …``,
      ``Merge branch 'x'``), else the merge's own label;
    - a commit reached along several lines keeps the best: mainline, then a merged line (the
      outermost; of two at the same depth, the older merge: the one that brought it in
      first), then an unmerged branch — but a line merged *into* an unmerged branch (a pull
      request into a release branch) stops where it meets that branch's own history: what a
      merge's first parent already holds is not what the merge brought in.

    Memory is the walk's frontier: a few entries per line of work in flight. :attr:`done`
    collects the keys of merged lines whose last commit has just been walked.
    """

    def __init__(self, tips: dict[str, str], mainline: frozenset[str]) -> None:
        #: The labels offered to each commit of the frontier, in the order offered: which one
        #: it takes is decided when the commit is walked, once every child has offered its own
        #: (so the result does not depend on which child the walk met first).
        self.pending: dict[str, list[Label]] = {}
        self.live: dict[str, int] = {}  # merged line key → its labels waiting in the frontier
        self.done: list[str] = []
        #: The unmerged branches whose history a pending commit is in (only for commits that
        #: are in one): a line merged into one of them stops there.
        self.within: dict[str, frozenset[str]] = {}
        for sha, name in tips.items():
            self._offer(sha, MAINLINE if sha in mainline else (2, 0, name, name, ""), _NONE)

    def _offer(self, sha: str, label: Label, within: frozenset[str]) -> None:
        if label[0] == 2 and label[2] not in within:
            within = within | {label[2]}
        if within:
            had = self.within.get(sha)
            if had is None:
                self.within[sha] = within
            elif not within <= had:
                self.within[sha] = had | within
        offered = self.pending.get(sha)
        if offered is None:
            self.pending[sha] = [label]
        else:
            offered.append(label)
        if label[0] == 1:
            self.live[label[2]] = self.live.get(label[2], 0) + 1

    def _drop(self, key: str) -> None:
        left = self.live[key] - 1
        if left:
            self.live[key] = left
        else:
            del self.live[key]
            self.done.append(key)

    def _choose(self, offered: list[Label], within: frozenset[str]) -> Label:
        """The best of the labels offered to one commit: the lowest (class, depth), of equals
        the last offered (the older merge); never a line merged into a branch whose own
        history the commit is in — then that branch's."""
        best: Label | None = None
        for label in offered:
            if label[0] == 1 and label[4] and label[4] in within:
                continue  # that branch's own history, which the merge into it did not bring in
            if best is None or (label[0], label[1]) <= (best[0], best[1]):
                best = label
        if best is None:  # only lines merged into branches it belongs to: the branch's own
            name = offered[-1][4]
            best = (2, 0, name, name, "")
        return best

    def feed(self, sha: str, parents: Sequence[str], merge: Merge | None) -> Label:
        """Walk one commit (``merge``: what its subject says, for a merge) and return its label."""
        offered = self.pending.pop(sha, None)
        within = self.within.pop(sha, _NONE)
        if offered is None:
            label = UNKNOWN
        elif len(offered) == 1 and not (offered[0][0] == 1 and offered[0][4] in within):
            label = offered[0]
        else:
            label = self._choose(offered, within)
        if len(parents) > 1:
            if merge is None:  # not a new line: the merge's own, history and all
                side, side_within = label, within
            else:  # what the merge brought in: in no branch's history until shown to be
                origin = label[4] if label[0] == 1 else label[2] if label[0] == 2 else ""
                side = (1, label[1] + 1 if label[0] == 1 else 1, merge.key, merge, origin)
                side_within = _NONE
            for parent in parents[1:]:
                self._offer(parent, side, side_within)
        if parents:
            self._offer(parents[0], label, within)
        if offered is not None:
            for gone in offered:
                if gone[0] == 1:
                    self._drop(gone[2])
        return label


_NONE: frozenset[str] = frozenset()


def is_person(email: str, name: str, emails: set[str], names: set[str]) -> bool:
    """The same test as the person walk's ``--author`` patterns, on the mailmapped identity."""
    return email.lower() in emails or name.casefold() in names


class Graph:
    """The graph walk, read only as far as the person walk needs (both are ``--date-order``).

    Both walks list the same revisions in the same order (git sorts before it filters by
    author), so the label of each of the person's commits is known when the graph walk reaches
    it: the graph is never held in memory. Merges' subjects and bodies come from a third,
    ``--merges`` walk, read in step. If the orders ever disagree, the last few thousand labels
    are remembered, and a commit the graph walk cannot find is labelled unknown (a day's work).
    """

    RECENT = 4096

    def __init__(
        self,
        graph: Iterable[str],
        merges: Iterable[str],
        labeler: Labeler,
        default_branch: str | None,
    ) -> None:
        self._graph = iter(graph)
        self._merges = _records(merges)
        self._pending_merge: tuple[str, str, str, str] | None = None
        self.labeler = labeler
        self.default_branch = default_branch
        self.recent: OrderedDict[str, tuple[Label, Merge | None]] = OrderedDict()

    def _merge(self, sha: str) -> Merge | None:
        rec = self._pending_merge or next(self._merges, None)
        self._pending_merge = None
        if rec is None:
            return None
        msha, when, subject, body = rec
        if msha != sha:
            self._pending_merge = rec  # not this one: keep it for the merge it is
            return None
        merge = classify_merge(sha, subject, when[:10], self.default_branch)
        if merge is not None:
            apply_merge_body(merge, body)
        return merge

    def label(self, sha: str) -> tuple[Label, Merge | None]:
        """The label of ``sha`` (and the merge it is, if it is one), walking the graph up to it."""
        found = self.recent.pop(sha, None)
        if found is not None:
            return found
        recent = self.recent
        feed = self.labeler.feed
        for line in self._graph:
            shas = line.split()
            gsha = shas[0]
            merge = self._merge(gsha) if len(shas) > 2 else None
            label = feed(gsha, shas[1:], merge)
            if gsha == sha:
                return label, merge
            recent[gsha] = (label, merge)
            if len(recent) > self.RECENT:
                recent.popitem(last=False)
        return UNKNOWN, None


def _records(lines: Iterable[str]) -> Iterator[tuple[str, str, str, str]]:
    """(sha, author date, subject, body) records of the merges walk (:data:`MERGES_FORMAT`)."""
    current: list[str] | None = None
    for line in lines:
        if line.startswith("\x1e"):
            if current is not None:
                yield _record(current)
            current = [line[1:]]
        elif current is not None:
            current.append(line)
    if current is not None:
        yield _record(current)


def _record(parts: list[str]) -> tuple[str, str, str, str]:
    sha, when, subject, body = [*"".join(parts).split("\x1f", 3), "", "", ""][:4]
    return sha.strip(), when, subject.strip(), body


# -- running git log ------------------------------------------------------------------------------


class _Follow(io.RawIOBase):
    """Reads a file that a running process is still writing, like ``tail -f``, to its end.

    When the reader has caught up with the writer it waits: twice as long each time it finds
    nothing new (up to :attr:`WAIT_MOST`), half as long after it found something (down to
    :attr:`WAIT_LEAST`), so that it wakes about as often as git writes. Waking every
    millisecond, as it did, woke the reader of redis' person walk ~5,600 times (now ~800),
    CPU and switches taken from git on a busy or single core.
    """

    WAIT_LEAST = 0.001
    WAIT_MOST = 0.016

    def __init__(self, fd: int, proc: subprocess.Popen[bytes]) -> None:
        self._file = os.fdopen(fd, "rb", buffering=0)
        self._proc = proc
        self._wait = self.WAIT_LEAST

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            n = self._file.readinto(buffer)
            if n:
                self._wait = max(self._wait / 2, self.WAIT_LEAST)
                return n
            if self._proc.poll() is not None:
                return self._file.readinto(buffer) or 0
            time.sleep(self._wait)
            self._wait = min(self._wait * 2, self.WAIT_MOST)

    def close(self) -> None:
        self._file.close()
        super().close()


class Log:
    """A running ``git log`` whose output is read as text lines (invalid UTF-8 replaced).

    Revisions go in on stdin (``^sha`` excludes), so a repository with thousands of branches
    never hits the command-line length limit; so do ``paths`` (pathspecs), after ``--``. With ``spool``, git writes to an unlinked
    temporary file that is read as it grows: git never waits for the reader (the person walk
    runs at full speed while the graph walk is read), and memory stays flat. ``close()`` kills
    git if it is still running and raises :class:`GitFailed` if it failed.
    """

    def __init__(
        self,
        path: Path,
        args: Sequence[str],
        revs: Iterable[str],
        *,
        spool: bool = False,
        paths: Sequence[str] = (),
    ) -> None:
        self.path = path
        self._err = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        out: int | None = subprocess.PIPE
        read_fd = -1
        if spool:
            out, name = tempfile.mkstemp(prefix="ladder-git-")
            read_fd = os.open(name, os.O_RDONLY)
            os.unlink(name)
        try:
            self.proc = subprocess.Popen(
                # with pathspecs, every parent of a merge: git's history simplification would
                # drop a merge whose tree is its branch's (a pull request merged up to date)
                # and the commits behind it
                ["git", *LOG_CONFIG, "log", "--no-color", "--ignore-missing", "--stdin",
                 *(["--full-history"] if paths else []), *args],
                cwd=path,
                env=git_env(),
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=self._err,
                # its own group: kill() takes whatever git starts too
                process_group=0 if os.name == "posix" else None,
            )
        except FileNotFoundError as exc:
            self._err.close()
            raise GitFailed("git is not installed (or not on PATH)", 127) from exc
        finally:
            if spool:
                assert out is not None
                os.close(out)
        assert self.proc.stdin is not None
        try:
            tail = "--\n" + "".join(f"{x}\n" for x in paths) if paths else ""  # pathspecs after "--"
            self.proc.stdin.write(("\n".join(revs) + "\n" + tail).encode())
            self.proc.stdin.close()
        except BrokenPipeError:
            pass  # git failed early; close() reports why
        raw: IO[bytes]
        if spool:
            raw = io.BufferedReader(_Follow(read_fd, self.proc), 1 << 16)
        else:
            assert self.proc.stdout is not None
            raw = self.proc.stdout
        self.lines: IO[str] = io.TextIOWrapper(
            raw, encoding="utf-8", errors="replace", newline="\n"
        )

    def kill(self) -> None:
        """End git and anything it started (a textconv filter, a wrapper's child) at once."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                if os.name == "posix":
                    os.killpg(self.proc.pid, signal.SIGKILL)
                else:
                    self.proc.kill()

    def stop(self) -> None:
        """Close a walk that may not have been read to its end: kill git if it still runs;
        report a failure only if it ended on its own."""
        self.close(check=self.proc.poll() is not None)

    def close(self, *, check: bool = True) -> None:
        """Wait for git (or kill it when ``check`` is False) and report a failure (once)."""
        if self._err.closed:
            return
        if not check:
            self.kill()
        with contextlib.suppress(OSError):
            self.lines.close()
        code = self.proc.wait()
        self._err.seek(0)
        err = self._err.read()
        self._err.close()
        if check and code != 0:
            # the line that names an object git cannot read, wherever it is: a partial clone
            # away from its remote says first that the remote is no repository
            text = err.decode("utf-8", "replace")
            missing = MISSING_OBJECT.search(text)
            raise GitFailed(first_line(text[text.rfind("\n", 0, missing.start()) + 1 :].encode() if missing else err), code)

    def __enter__(self) -> Log:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(check=exc[0] is None)


def date_args(since: str | None, until: str | None) -> list[str]:
    """git's own ``--since``/``--until`` (commit dates) for an author-day window.

    git filters by commit date; ladder then keeps commits whose *author* day is in the window.
    A commit is committed on or after it is written, so a day of margin for time zones makes
    ``--since`` exact; ``--until`` gets a month, for work that lands weeks after it was
    written.
    """
    import datetime as dt

    args = []
    if since:
        args.append(
            f"--since={(dt.date.fromisoformat(since) - dt.timedelta(days=1)).isoformat()} 00:00:00 +0000"
        )
    if until:
        args.append(
            f"--until={(dt.date.fromisoformat(until) + dt.timedelta(days=31)).isoformat()} 23:59:59 +0000"
        )
    return args


def _bre(text: str) -> str:
    """Escape ``text`` for a POSIX basic regular expression (what ``--author`` takes)."""
    return re.sub(r"([\\.\[\]*^$])", r"\\\1", text)


def author_args(emails: Iterable[str], names: Iterable[str]) -> list[str]:
    """``--author`` patterns matching exactly these emails and names (any case), after mailmap.

    With ``--use-mailmap`` git matches the pattern against the *mapped* ``Name <email>``
    (verified with git 2.39), so ``<email>$`` and ``^Name <`` match whole values only.
    """
    args = [f"--author=<{_bre(e)}>$" for e in sorted(emails)]
    args += [f"--author=^{_bre(n)} <" for n in sorted(names)]
    return [
        *args,
        "--basic-regexp",
        "--regexp-ignore-case",
        "--use-mailmap",
    ]  # whatever grep.patternType says


# -- the line counts of the person's merges ------------------------------------------------------


class MergeLines:
    """What the person's merges changed against their first parent, read as they are asked for.

    The person walk diffs no merge (``--diff-merges=off``): a merge that only brings a line up
    to date keeps no lines, and its diff can be the largest of all (a release branch merged
    back). The merge-lines walk (``--merges`` with the person walk's revisions, ``--author``
    and dates, and the :func:`merge_grep` patterns, ``--numstat --diff-merges=first-parent``)
    diffs the merges that may name a pull request or a branch, in the same ``--date-order``,
    so it is read in step; a merge it does not list is diffed on its own.
    """

    #: Merges listed ahead of the one asked for that are kept, the oldest dropped first.
    KEEP = 1024

    def __init__(self, path: Path, lines: Iterable[str] | None, paths: Sequence[str] = ()) -> None:
        self.path = path
        self.paths = paths  # the walk's pathspecs, for a merge diffed on its own
        self._walk = read_commits(lines) if lines is not None else iter(())
        self._seen: dict[str, Commit] = {}

    def of(self, sha: str) -> Commit:
        """The merge ``sha`` with its files and line counts against its first parent."""
        found = self._seen.pop(sha, None)
        if found is not None:
            return found
        for c in self._walk:
            if c.sha == sha:
                return c
            self._seen[c.sha] = c  # listed before it (another order): kept until asked for
            if len(self._seen) > self.KEEP:  # most never are (syncs the patterns let in)
                del self._seen[next(iter(self._seen))]  # asked for later: diffed on its own
        with Log(
            self.path,
            [
                "--no-walk",
                "--numstat",
                "--diff-merges=first-parent",
                "--format=" + MERGE_LINES_FORMAT,
            ],
            [sha],
            paths=self.paths,
        ) as one:
            return next(read_commits(one.lines), Commit(sha, (), 0, 0, "", "", "", "", ""))


# -- objects git cannot read ----------------------------------------------------------------------

#: git's words for an object it needs and cannot read (a damaged repository, a partial clone
#: away from its remote, a mirror that left its largest files out).
MISSING_OBJECT = re.compile(
    r"(?:unable to read|could not read|missing blob|bad object|could not fetch)\s+([0-9a-f]{40,64})", re.I
)


def unreadable_paths(path: Path, revs: Sequence[str]) -> list[str]:
    """The paths, in the history of ``revs``, of the file versions git cannot read (sorted):
    ``git rev-list --objects --missing=print`` names the objects, then a walk of the changes
    (no file read) names their paths; memory holds only the missing objects and their paths."""
    missing: set[str] = set()
    try:
        lister = subprocess.Popen(
            ["git", "rev-list", "--objects", "--missing=print", "--stdin"],
            cwd=path,
            env=git_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except FileNotFoundError as exc:
        raise GitFailed("git is not installed (or not on PATH)", 127) from exc
    assert lister.stdin is not None and lister.stdout is not None
    with contextlib.suppress(BrokenPipeError):
        lister.stdin.write(("\n".join(revs) + "\n").encode())
        lister.stdin.close()
    for raw in lister.stdout:
        if raw[:1] == b"?":
            missing.add(raw[1:].strip().decode("ascii", "replace"))
    lister.wait()
    if not missing:
        return []
    found: set[str] = set()
    changed = ["--raw", "--no-abbrev", "--no-renames", "--format=", "--diff-merges=first-parent"]  # reads no file
    with Log(path, changed, revs) as changes:
        for line in changes.lines:  # ":100644 100644 <old> <new> M\tpath"
            if line[:1] != ":":
                continue
            head, _, names = line.rstrip("\n").partition("\t")
            fields = head.split()
            if len(fields) < 4:
                continue
            old, new = fields[2], fields[3]
            if old in missing or new in missing:
                parts = [_raw_path(x) for x in names.split("\t")]
                if old in missing:
                    found.add(parts[0])
                if new in missing:
                    found.add(parts[-1])
    return sorted(found)


def _raw_path(text: str) -> str:
    """A path as ``--raw`` writes it: as it is, or C-quoted between double quotes."""
    return _unquote(text[1:-1]) if len(text) >= 2 and text[0] == text[-1] == '"' else text


def excluding(paths: Iterable[str]) -> list[str]:
    """Pathspecs that leave ``paths`` out of a walk's diffs (taken as written, no globbing)."""
    return [f":(exclude,literal){p}" for p in paths]


# -- the person's commits -------------------------------------------------------------------------


@dataclass
class Commit:
    """One of the person's commits, as the person walk reads it."""

    sha: str
    parents: tuple[str, ...]
    timestamp: int  # author time
    committed: int  # commit time
    day: str
    name: str
    email: str
    subject: str
    body: str
    files: list[tuple[str, int, int]] = field(default_factory=list)  # path, added, deleted
    additions: int = 0
    deletions: int = 0


_BRACE_RENAME = re.compile(r"\{[^{}]* => ([^{}]*)\}")


_ESCAPES = {"n": b"\n", "t": b"\t", "r": b"\r", "a": b"\a", "b": b"\b", "f": b"\f", "v": b"\v"}


def _unquote(text: str) -> str:
    """Undo git's C-style quoting of a path (``\\t``, ``\\"``, octal bytes)."""
    out = bytearray()
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if text[i + 1 : i + 4].isdigit() and len(text[i + 1 : i + 4]) == 3:
                out.append(int(text[i + 1 : i + 4], 8) & 0xFF)
                i += 4
                continue
            out += _ESCAPES.get(nxt, nxt.encode())
            i += 2
            continue
        out += c.encode()
        i += 1
    return out.decode("utf-8", "replace")


def numstat_path(raw: str) -> str:
    """The new path of a ``--numstat`` entry (``a/{old => new}/f``, ``old => new``, quoted)."""
    if len(raw) > 1 and raw.startswith('"') and raw.endswith('"'):
        raw = _unquote(raw[1:-1])
    if " => " in raw:
        if "{" in raw:
            raw = _BRACE_RENAME.sub(r"\1", raw).replace("//", "/")
        else:
            raw = raw.split(" => ", 1)[1]
    return raw


#: A grammar a parser or lexer generator reads (bison, yacc, flex, lex).
_GRAMMAR = re.compile(r"\.(?:y|yy|ypp|lex)$|(?<!/test)(?<!/tests)/[^/]+\.l$")
#: What the generator writes from ``name.y``: ``name.c``, ``name.h``, ``name.tab.c`` …
_FROM_GRAMMAR = re.compile(r"^(.*?)(?:\.tab)?\.(?:c|h|cc|hh|cpp|hpp|cxx)$")
#: A lexer re2c compiles: ``lexer.re`` → ``lexer.c``, ``json.hpp.re2c`` → ``json.hpp``.
_RE2C = re.compile(r"\.re(?:2c)?$")
#: A single-header library's amalgamation, made from its ``include/`` tree by a script:
#: ``single_include/nlohmann/json.hpp`` beside ``include/nlohmann/…``.
_SINGLE_INCLUDE = "single_include/"
#: A C or C++ header: what an amalgamation is; what re2c does not write unless told its name
#: (``lexer.h`` beside ``lexer.re`` and re2c's ``lexer.c`` is written by hand).
_HEADER = re.compile(r"\.(?:h|hh|hpp|hxx)$")


def _generated_paths(files: list[tuple[str, int, int]]) -> set[str]:
    """The paths of ``files`` a tool wrote from a source the same commit writes to: a parser
    generator's output beside its grammar, re2c's beside its lexer, the single header
    amalgamated from an ``include/`` tree."""
    written = [p for p, a, d in files if a or d]
    grammars = {p.rsplit(".", 1)[0] for p, a, _ in files if a and _GRAMMAR.search(p)}
    lexers = {p[: m.start()] for p, a, _ in files if a and (m := _RE2C.search(p))}
    amalgamated = _SINGLE_INCLUDE in "".join(written)
    if not (grammars or lexers or amalgamated):
        return set()
    out: set[str] = set()
    for path in written:
        m = _FROM_GRAMMAR.match(path)
        stem = m.group(1) if m else None
        # "parser.c" beside "parser.y", "lexer.c" beside "lexer.re", "json.hpp" beside "json.hpp.re2c"
        if path in lexers or (
            stem is not None and (stem in grammars or (stem in lexers and not _HEADER.search(path)))
        ):
            out.add(path)
        elif (
            amalgamated
            and _HEADER.search(path)  # not the folder's README or build file
            and (at := path.find(_SINGLE_INCLUDE)) >= 0
            and (at == 0 or path[at - 1] == "/")
        ):
            home = path[:at] + "include/"
            if any(p.startswith(home) for p in written):
                out.add(path)
    return out


def _drop_generated(commit: Commit) -> Commit:
    """``commit`` with no lines counted for the files a tool wrote from a source the same
    commit changes (``src/parser.c`` and ``src/parser.h`` beside ``src/parser.y``: 4 lines of
    grammar and 3,000 of bison's output; ``src/json.hpp`` beside ``src/json.hpp.re2c``;
    ``single_include/x/x.hpp`` beside ``include/x/…``); the files stay listed, as a binary
    does."""
    generated = _generated_paths(commit.files)
    if not generated:
        return commit
    for i, (path, a, d) in enumerate(commit.files):
        if path in generated:
            commit.files[i] = (path, 0, 0)
            commit.additions -= a
            commit.deletions -= d
    return commit


def read_commits(lines: Iterable[str]) -> Iterator[Commit]:
    """Parse the person walk (:data:`COMMIT_FORMAT` plus ``--numstat``), one commit at a time;
    a file a parser generator wrote from a grammar the commit changes counts no lines."""
    it = iter(lines)
    current: Commit | None = None
    for line in it:
        if line.startswith("\x1e"):
            if current is not None:
                yield _drop_generated(current)
            text = line[1:]
            while "\x1d" not in text:
                more = next(it, None)
                if more is None:
                    break
                text += more
            text = text.split("\x1d", 1)[0]
            sha, parents, at, ct, ai, an, ae, subject, body = (text.split("\x1f", 8) + [""] * 9)[:9]
            current = Commit(
                sha,
                tuple(parents.split()),
                int(at or 0),
                int(ct or 0),
                ai[:10],
                an,
                ae,
                subject,
                body.strip(),
            )
        elif current is not None and "\t" in line:
            added, deleted, path = line.rstrip("\n").split("\t", 2)
            a = int(added) if added != "-" else 0  # "-": a binary file counts no lines
            d = int(deleted) if deleted != "-" else 0
            current.files.append(
                (numstat_path(path) if " => " in path or path[:1] == '"' else path, a, d)
            )
            current.additions += a
            current.deletions += d
    if current is not None:
        yield _drop_generated(current)
