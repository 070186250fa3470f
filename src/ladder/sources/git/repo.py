"""Finding repositories on disk and asking git the few cheap questions a harvest starts with.

Everything here is one subprocess per repository at most (``git rev-parse``, then, only when
there is something new, ``git for-each-ref``, ``git config`` and ``git check-mailmap``):
a re-harvest with nothing new costs one ``git rev-parse`` per repository.
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Environment variables that point git at another repository; a harvest never inherits them
#: (``ladder`` run from a git hook would otherwise read the hook's repository every time).
_REPO_VARS = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_COMMON_DIR",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)
#: Folders never searched for repositories.
_SKIP_DIRS = {"node_modules", "__pycache__", "venv", ".venv"}
#: Default-branch names, in order of preference, when origin/HEAD does not say.
DEFAULT_BRANCHES = ("main", "master", "trunk", "develop", "default")


class GitFailed(Exception):
    """git exited with an error; ``message`` is git's own first line."""

    def __init__(self, message: str, returncode: int) -> None:
        super().__init__(message)
        self.message = message
        self.returncode = returncode


def git_env() -> dict[str, str]:
    """The environment git runs with: the user's, minus repository overrides, in English."""
    env = {k: v for k, v in os.environ.items() if k not in _REPO_VARS}
    env.update(
        LC_ALL="C.UTF-8",  # stable English messages; UTF-8 so -i folds non-ASCII names
        LANGUAGE="C",
        GIT_TERMINAL_PROMPT="0",
        GIT_OPTIONAL_LOCKS="0",
        GIT_PAGER="cat",
    )
    return env


def git(cwd: str | os.PathLike[str], *args: str, input: str | None = None) -> str:
    """Run git in ``cwd`` and return its stdout (UTF-8, invalid bytes replaced).

    Raises:
        GitFailed: git exited non-zero (with git's first stderr line), or is not installed.
    """
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            env=git_env(),
            input=input.encode() if input is not None else None,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise GitFailed("git is not installed (or not on PATH)", 127) from exc
    if done.returncode != 0:
        raise GitFailed(first_line(done.stderr), done.returncode)
    return done.stdout.decode("utf-8", "replace")


def first_line(stderr: bytes) -> str:
    """git's first meaningful error line, without its ``fatal:``/``error:`` prefix."""
    for line in stderr.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line and not line.startswith("hint:"):
            return re.sub(r"^(fatal|error):\s*", "", line)
    return "git failed"


def git_version() -> str | None:
    """``git version 2.39.5`` → ``2.39.5``, or None when git cannot run."""
    try:
        out = git(".", "--version")
    except (GitFailed, OSError):
        return None
    return out.strip().removeprefix("git version ").strip() or None


# -- finding repositories ----------------------------------------------------------------------


def is_repository(folder: Path) -> bool:
    """A working tree (``.git`` folder or file) or a bare repository, judged from the files."""
    if (folder / ".git").exists():
        return True
    return (
        (folder / "HEAD").is_file() and (folder / "objects").is_dir() and (folder / "refs").is_dir()
    )


def _children(folder: Path) -> list[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    return [
        Path(e.path)
        for e in entries
        if not e.name.startswith(".")
        and e.name not in _SKIP_DIRS
        and e.is_dir(follow_symlinks=True)
    ]


def repositories_below(folder: Path) -> list[Path]:
    """Repositories one or two levels below ``folder`` (not inside other repositories)."""
    found = []
    for child in _children(folder):
        if is_repository(child):
            found.append(child)
            continue
        found.extend(grandchild for grandchild in _children(child) if is_repository(grandchild))
    return found


def _enclosing(folder: Path) -> Path | None:
    """The top of the working tree ``folder`` is inside, if any."""
    try:
        top = git(folder, "rev-parse", "--show-toplevel").strip()
    except GitFailed:
        return None
    return Path(top) if top else None


def discover(paths: Sequence[str]) -> tuple[list[Path], list[str]]:
    """The repositories that ``paths`` name, and a line for every path that names none.

    A path is a repository (or a folder inside one), a folder with repositories one or two
    levels below, or a glob (``~/src/*``, for shells that pass it on unexpanded) whose
    matches are any of those.
    """
    found: dict[str, Path] = {}
    bad: list[str] = []

    def add(path: Path) -> None:
        found.setdefault(str(path.resolve()), path.resolve())

    for raw in paths:
        expanded = os.path.expanduser(raw)
        if any(c in expanded for c in "*?[") and not os.path.exists(expanded):
            matches = [Path(m) for m in sorted(glob.glob(expanded)) if os.path.isdir(m)]
            repos = [m for m in matches if is_repository(m)]
            for m in matches:
                if not is_repository(m):
                    repos.extend(repositories_below(m))
            if not repos:
                bad.append(f"{raw}: matches no git repository")
            for r in repos:
                add(r)
            continue
        path = Path(expanded)
        if not path.exists():
            bad.append(f"{raw}: no such file or directory")
        elif not path.is_dir():
            bad.append(f"{raw}: not a directory")
        elif is_repository(path):
            add(path)
        elif below := repositories_below(path):
            for r in below:
                add(r)
        elif top := _enclosing(path):
            add(top)
        else:
            bad.append(
                f"{raw}: not a git repository, and no repositories one or two levels below it"
            )
    return list(found.values()), bad


# -- what a repository looks like now ---------------------------------------------------------


@dataclass
class Probe:
    """What one ``git rev-parse`` says about a repository."""

    path: Path  # the top of the working tree, or the git folder of a bare repository
    git_dir: Path
    bare: bool
    shallow: bool
    tips: frozenset[str]  # branch, remote-tracking branch and HEAD commits

    @property
    def name(self) -> str:
        """The folder name (``app`` for ``app.git`` too)."""
        name = self.path.name
        return name[:-4] if name.endswith(".git") and len(name) > 4 else name


def probe(folder: Path) -> Probe:
    """Ask git where the repository is, whether it is shallow, and where its branches point.

    One subprocess in the common case (two for a bare or an empty repository).

    Raises:
        GitFailed: Not a repository git can read (git's own reason).
    """
    want_top, want_head = True, True
    while True:
        args = [
            "rev-parse",
            "--is-bare-repository",
            "--absolute-git-dir",
            "--is-shallow-repository",
        ]
        if want_top:
            args.append("--show-toplevel")
        args += ["--branches", "--remotes"]
        if want_head:
            args.append("HEAD")
        try:
            lines = git(folder, *args).splitlines()
            break
        except GitFailed as exc:
            if want_top and "work tree" in exc.message:
                want_top = False
            elif want_head and "'HEAD'" in exc.message:
                want_head = False  # an empty repository: HEAD points at a branch not born yet
            else:
                raise
    bare = lines[0] == "true"
    git_dir = Path(lines[1])
    shallow = lines[2] == "true"
    rest = lines[3:]
    top = git_dir
    if want_top:
        top, rest = Path(rest[0]), rest[1:]
    return Probe(
        path=top, git_dir=git_dir, bare=bare, shallow=shallow, tips=frozenset(s for s in rest if s)
    )


@dataclass
class Refs:
    """Named tips of a repository, and which of them are its mainline."""

    tips: dict[str, str]  # commit sha → the branch name that labels it ("main", "origin/x", "HEAD")
    mainline: frozenset[str]  # shas of the default branch, locally and on every remote
    default_branch: str | None
    remotes: dict[str, str] = field(default_factory=dict)  # remote name → URL


def read_refs(p: Probe) -> Refs:
    """Branch names, the default branch and remote URLs (two subprocesses)."""
    out = git(
        p.path,
        "for-each-ref",
        "--format=%(objectname)%09%(objecttype)%09%(refname)%09%(symref)",
        "refs/heads",
        "refs/remotes",
    )
    branches: list[tuple[str, str]] = []  # (sha, refname)
    origin_head = None
    for line in out.splitlines():
        sha, kind, ref, symref = ([*line.split("\t"), "", "", "", ""])[:4]
        if symref:
            if ref == "refs/remotes/origin/HEAD":
                origin_head = symref.removeprefix("refs/remotes/origin/")
            continue
        if kind == "commit":
            branches.append((sha, ref))
    head_ref, head_sha = _head(p.git_dir)
    short = {
        ref: ref.removeprefix("refs/heads/").removeprefix("refs/remotes/") for _, ref in branches
    }
    local_names = {short[ref] for _, ref in branches if ref.startswith("refs/heads/")}
    remote_names = {
        short[ref].split("/", 1)[1]
        for _, ref in branches
        if ref.startswith("refs/remotes/") and "/" in short[ref]
    }
    default = origin_head
    if default is None:
        default = next((b for b in DEFAULT_BRANCHES if b in local_names or b in remote_names), None)
    if default is None and head_ref and head_ref.startswith("refs/heads/"):
        default = head_ref.removeprefix("refs/heads/")
    mainline: set[str] = set()
    tips: dict[str, str] = {}
    for sha, ref in sorted(branches, key=lambda b: (not b[1].startswith("refs/heads/"), b[1])):
        name = short[ref]
        is_main = ref == f"refs/heads/{default}" or (
            ref.startswith("refs/remotes/") and name.split("/", 1)[-1] == default
        )
        if is_main:
            mainline.add(sha)
        tips.setdefault(sha, name)
    if head_sha:  # a detached HEAD: a line of its own
        tips.setdefault(head_sha, "HEAD")
    if not mainline:  # no default branch anywhere: every first-parent line is a mainline
        mainline.update(tips)
    return Refs(
        tips=tips, mainline=frozenset(mainline), default_branch=default, remotes=_remotes(p.path)
    )


def _head(git_dir: Path) -> tuple[str | None, str | None]:
    """(the branch HEAD is on, or None when detached; HEAD's commit sha when it is detached)."""
    try:
        text = (git_dir / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None, None
    if text.startswith("ref: "):
        return text[5:].strip(), None
    return None, text if re.fullmatch(r"[0-9a-f]{40,64}", text) else None


def _remotes(path: Path) -> dict[str, str]:
    try:
        out = git(path, "config", "--get-regexp", r"^remote\..*\.url$")
    except GitFailed:
        return {}  # no remotes: git config exits 1
    remotes = {}
    for line in out.splitlines():
        key, _, url = line.partition(" ")
        remotes[key[len("remote.") : -len(".url")]] = url.strip()
    return remotes


def web_url(remotes: dict[str, str]) -> str | None:
    """The https address of the repository on GitHub or GitLab (origin first), if any.

    ``git@github.com:acme/app.git`` and ``https://github.com/acme/app`` both give
    ``https://github.com/acme/app``; self-hosted GitLab works when its host name says gitlab.
    """
    for name in sorted(remotes, key=lambda n: (n != "origin", n != "upstream", n)):
        url = remotes[name]
        m = re.match(
            r"^(?:https?://(?:[^@/]+@)?|ssh://(?:[^@/]+@)?|[^@/]+@)([^/:]+)(?::\d+)?[:/](.+?)(?:\.git)?/?$",
            url,
        )
        if m and ("github" in m.group(1) or "gitlab" in m.group(1)):
            return f"https://{m.group(1)}/{m.group(2)}"
    return None


def expand_identity(
    path: Path, emails: Iterable[str], names: Iterable[str]
) -> tuple[set[str], set[str]]:
    """The person's emails and names, plus what ``.mailmap`` maps each of their emails to.

    ``git log --use-mailmap --author=…`` matches the *mapped* identity only, so an old email
    the profile lists that the mailmap maps elsewhere is followed to where it maps.
    """
    emails = {e.strip().lower() for e in emails if e.strip()}
    names = {n.strip().casefold() for n in names if n.strip()}
    if emails:
        try:
            out = git(path, "check-mailmap", *[f"<{e}>" for e in sorted(emails)])
        except GitFailed:
            out = ""
        for line in out.splitlines():
            m = re.match(r"^(.*?)\s*<([^>]*)>$", line.strip())
            if m:
                if m.group(2):
                    emails.add(m.group(2).lower())
                if m.group(1):
                    names.add(m.group(1).casefold())
    return emails, names


def root_commit(path: Path, tips: Iterable[str]) -> str | None:
    """The oldest root commit reachable from ``tips`` (the repository's first commit)."""
    tips = sorted(tips)
    if not tips:
        return None
    try:
        out = git(path, "rev-list", "--max-parents=0", "--stdin", input="\n".join(tips) + "\n")
    except GitFailed:
        return None
    roots = out.split()
    return roots[-1] if roots else None
