"""Design docs: the design docs, ADRs, RFCs, runbooks, postmortems, onboarding guides and
how-tos a person wrote, found through git history and scored by :mod:`ladder.designdoc`.

"Wrote" means *added and mostly written*: the commit that added the file (``git log
--diff-filter=A``) has one of the person's emails or their name as author (after
``.mailmap``), and ``git blame`` at ``HEAD`` gives them at least half of its lines
(:data:`MIN_SHARE`). A file someone later moved still counts (renames are followed); a file
that is gone at ``HEAD`` does not; test fixtures, vendored, generated and build paths never do
(:data:`NOT_DOCS`).

A Markdown (``.md``, ``.markdown``) or reStructuredText (``.rst``) file counts as a document
when its front matter declares a kind, or its path or title says design / ADR / RFC / runbook /
playbook / postmortem / incident / onboarding / how-to, or at least two of its headings are the
ones such documents have ("Alternatives considered", "Root cause", "Rollback"…). The checker
then gives its kind and a score; a re-harvest updates the item when the score changes.
Documented in ``docs/sources/docs.md``.
"""

import datetime as dt
import math
import re
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any

from ladder.errors import InputError, LadderError, NotFoundError
from ladder.source import AreaHint, Batch, HarvestContext, Identity, Item, Source, SourceStatus

if TYPE_CHECKING:
    import typer


PATHSPECS = (":(icase)*.md", ":(icase)*.markdown", ":(icase)*.rst")
PASS_SCORE = 70
MAX_BYTES = 5 * 1024 * 1024
BATCH_SIZE = 100

#: Files that are never design documents, whatever their headings say.
BOILERPLATE = re.compile(
    r"^(readme|changelog|changes|history|news|license|licence|copying|contributing|contributors"
    r"|code_of_conduct|code-of-conduct|security|authors|notice|maintainers|codeowners"
    r"|pull_request_template|issue_template|support|funding|governance|todo)$",
    re.IGNORECASE,
)

#: Folders whose files are never the person's design documents: test fixtures, vendored and
#: generated code, dependencies, build output.
NOT_DOCS = re.compile(
    r"(^|/)(tests?|testdata|test-data|fixtures?|__fixtures__|__snapshots__|snapshots|spec|specs"
    r"|vendor|vendored|third[_-]party|3rdparty|external|node_modules|site-packages|generated"
    r"|gen|_build|build|dist|target|\.tox|\.venv|venv)/",
    re.IGNORECASE,
)
#: The share of a document's lines (at HEAD, by ``git blame``) the person must have written
#: for it to count as theirs.
MIN_SHARE = 0.5

#: Words in a path or a title that name the documents we look for.
WORDS = re.compile(
    r"(?<![a-z])(design(?:-?docs?)?|adrs?|architecture[- ]decisions?|decision[- ]records?|decisions"
    r"|rfcs?|runbooks?|run[- ]book|playbooks?|on-?call|post-?mortems?|incidents?|onboarding"
    r"|how-?tos?|how to)(?![a-z])",
    re.IGNORECASE,
)

#: Headings that documents of these kinds have and other Markdown rarely does.
HEADINGS = re.compile(
    r"^(?:\d+[.)]?\s*)?(alternatives(?: considered)?|options considered|trade-?offs|goals|non-?goals|goals and non-?goals"
    r"|proposed (?:design|solution|change)|detailed design|failure modes|scalability|rollout(?: plan)?"
    r"|rollback(?: plan)?|decision|decision outcome|consequences|context(?: and problem statement)?"
    r"|root causes?|timeline|impact|action items|lessons learn(?:ed|t)|what went (?:well|wrong)|detection"
    r"|symptoms|diagnosis|mitigation|escalation|triage|alerts?|prerequisites|troubleshooting"
    r"|your first (?:day|week)|who to ask"
    # a proposal (an RFC, a PEP): why, what exactly, what else was weighed and what it breaks
    r"|motivation|rationale|specification|rejected (?:ideas|alternatives)|drawbacks|prior art"
    r"|rationale and alternatives|unresolved questions|open questions|design details"
    r"|backwards? compatibility|reference implementation|security implications)$",
    re.IGNORECASE,
)

KIND_TITLES = {
    "design": "Design doc",
    "adr": "ADR",
    "runbook": "Runbook",
    "postmortem": "Postmortem",
    "onboarding": "Onboarding guide",
    "howto": "How-to",
}

_HINTS: dict[str, list[tuple[str, str, str]]] = {
    "design": [
        ("system-design", "system-design.design-docs", "a design doc you wrote"),
        ("communication", "communication.technical-writing", "a design doc you wrote"),
    ],
    "adr": [
        ("system-design", "system-design.tradeoffs", "an architecture decision record you wrote"),
        (
            "communication",
            "communication.technical-writing",
            "an architecture decision record you wrote",
        ),
    ],
    "runbook": [("operations", "operations.runbooks-oncall", "a runbook you wrote")],
    "postmortem": [("operations", "operations.incidents-rca", "a postmortem you wrote")],
    "onboarding": [("mentorship", "mentorship.onboarding", "an onboarding guide you wrote")],
    "howto": [("communication", "communication.documentation", "a how-to guide you wrote")],
}


@dataclass
class Added:
    """A file the person added, and the commit that added it."""

    path: str  # at HEAD, after following renames
    commit: str
    when: dt.datetime
    added_as: str


def _git(cwd: str | Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(
            ["git", "-c", "core.quotepath=off", *args], cwd=cwd, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise LadderError(
            "git is not installed (or not on PATH); the docs source reads git history"
        ) from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(
            f"git {args[0]} failed in {cwd}: {message[-1] if message else done.returncode}"
        )
    return done


@dataclass
class Repo:
    """A git repository (or a folder inside one) to read."""

    path: Path  # as given
    top: str  # the work tree (or the git dir of a bare repository)
    rid: str  # stable id: the remote (host/owner/name) or the root commit
    web: str | None  # https://github.com/owner/name when the remote is on GitHub


def open_repo(path: Path) -> Repo:
    """Check that ``path`` is in a git repository and find how to name it.

    Raises:
        NotFoundError: No such folder.
        InputError: Not a folder, or not inside a git repository.
    """
    if not path.exists():
        raise NotFoundError(f"no such folder: {path}")
    if not path.is_dir():
        raise InputError(f"{path} is a file; pass the folder of a git repository")
    done = _git(path, "rev-parse", "--is-bare-repository", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise InputError(
            f"{path} is not a git repository (nor inside one)",
            hint="pass the folder of a repository where you committed documents",
        )
    lines = done.stdout.decode().splitlines()
    bare = lines[0].strip() == "true"
    top = lines[1].strip() if len(lines) > 1 and not bare else str(path.resolve())
    remote = _remote(path)
    web = None
    if remote:
        rid = remote
        if remote.lower().startswith("github.com/"):
            web = "https://" + remote
    else:
        roots = (
            _git(path, "rev-list", "--max-parents=0", "HEAD", check=False).stdout.decode().split()
        )
        rid = f"root-{sorted(roots)[0][:12]}" if roots else f"folder-{Path(top).name}"
    return Repo(path=path, top=top, rid=rid, web=web)


def _remote(path: Path) -> str | None:
    """``host/owner/name`` of the ``origin`` remote (else the first), without any credentials."""
    names = _git(path, "remote", check=False).stdout.decode().split()
    if not names:
        return None
    name = "origin" if "origin" in names else names[0]
    url = _git(path, "remote", "get-url", name, check=False).stdout.decode().strip()
    m = re.match(r"^(?:[a-z+]+://)?(?:[^@/]+@)?([^/:]+)(?::\d+)?[:/](.+?)(?:\.git)?/?$", url)
    if not m or url.startswith(("/", ".", "file:")):
        return None
    return f"{m.group(1).lower()}/{m.group(2)}"


# -- history ----------------------------------------------------------------------------------
def added_by(repo: Repo, identity: Identity) -> list[Added]:
    """The Markdown / reStructuredText files the person added that still exist at HEAD."""
    patterns = [e for e in identity.emails if e] + (
        [identity.name] if identity.name.strip() else []
    )
    if not patterns:
        return []
    emails = {e.lower() for e in identity.emails}
    name = identity.name.strip().casefold()
    args = [
        "log",
        "-z",
        "--use-mailmap",
        "--diff-filter=A",
        "--name-status",
        "--no-renames",
        "--fixed-strings",
        "--regexp-ignore-case",
        "--format=%x1e%H%x1f%aI%x1f%aN%x1f%aE",
        *[f"--author={p}" for p in patterns],
        "--",
        *PATHSPECS,
    ]
    done = _git(repo.path, *args, check=False)
    if done.returncode != 0:
        return []  # no commits yet
    found: dict[str, Added] = {}
    for header, changes in _records(done.stdout):
        sha, when, author_name, author_email = [*header.split("\x1f"), "", "", ""][:4]
        if author_email.lower() not in emails and author_name.strip().casefold() != name:
            continue  # --author matches substrings; keep exact identities only
        for status, paths in changes:
            if status == "A" and paths[0] not in found:  # newest first: the latest addition wins
                found[paths[0]] = Added(paths[0], sha, dt.datetime.fromisoformat(when), paths[0])
    if not found:
        return []
    _follow_renames(repo, found)
    return [a for a in found.values() if a.path]


def _follow_renames(repo: Repo, found: dict[str, Added]) -> None:
    """Move each addition to the path it has now, through later renames by anyone."""
    done = _git(
        repo.path,
        "log",
        "-z",
        "-M",
        "--diff-filter=R",
        "--name-status",
        "--format=%x1e%H%x1f%cI",
        "--",
        *PATHSPECS,
        check=False,
    )
    if done.returncode != 0:
        return
    by_path = {a.path: a for a in found.values()}
    for header, changes in reversed(list(_records(done.stdout))):
        when = dt.datetime.fromisoformat(header.split("\x1f")[1])
        for status, paths in changes:
            if status.startswith("R") and len(paths) == 2 and paths[0] in by_path:
                added = by_path[paths[0]]
                if when >= added.when:
                    del by_path[paths[0]]
                    added.path = paths[1]
                    by_path[paths[1]] = added


def _records(raw: bytes) -> Iterator[tuple[str, list[tuple[str, list[str]]]]]:
    """Parse ``git log -z --name-status --format=%x1e…`` into (header, [(status, paths)])."""
    text = raw.decode("utf-8", "surrogateescape")
    for record in text.split("\x1e")[1:]:
        header, _, rest = record.partition("\x00")
        tokens = rest.lstrip("\n").split("\x00")
        changes: list[tuple[str, list[str]]] = []
        i = 0
        while i < len(tokens):
            status = tokens[i].strip()
            if not status:
                i += 1
                continue
            width = 2 if status[0] in "RC" else 1
            changes.append((status, tokens[i + 1 : i + 1 + width]))
            i += 1 + width
        yield header.strip(), changes


def read_blobs(repo: Repo, paths: list[str]) -> dict[str, tuple[int, bytes | None]]:
    """Size and content at HEAD of each path (content None when 5 MB or more, or missing)."""
    wanted = [p for p in paths if "\n" not in p]
    if not wanted:
        return {}
    check = subprocess.run(
        ["git", "cat-file", "--batch-check"],
        cwd=repo.path,
        capture_output=True,
        input="".join(f"HEAD:{p}\n" for p in wanted).encode("utf-8", "surrogateescape"),
        check=False,
    )
    sizes: dict[str, int] = {}
    for path, line in zip(
        wanted, check.stdout.decode("utf-8", "replace").splitlines(), strict=False
    ):
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            sizes[path] = int(parts[2])
    small = [p for p in wanted if p in sizes and sizes[p] < MAX_BYTES]
    result: dict[str, tuple[int, bytes | None]] = {p: (sizes[p], None) for p in sizes}
    if small:
        batch = subprocess.run(
            ["git", "cat-file", "--batch"],
            cwd=repo.path,
            capture_output=True,
            input="".join(f"HEAD:{p}\n" for p in small).encode("utf-8", "surrogateescape"),
            check=False,
        )
        out = batch.stdout
        pos = 0
        for path in small:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            pos = end + 1
            if len(header) != 3:
                continue
            size = int(header[2])
            result[path] = (size, out[pos : pos + size])
            pos += size + 1
    return result


# -- choosing and scoring -------------------------------------------------------------------------
def why_a_doc(
    path: str, title: str | None, headings: list[str], declared: bool, declared_kind: str
) -> str | None:
    """Why a file counts as a design document, or None when it does not."""
    if declared:
        return f"front matter says kind: {declared_kind}"
    pure = PurePosixPath(path)
    for part in [*pure.parts[:-1], pure.stem]:
        m = WORDS.search(part.replace("_", "-"))
        if m:
            return f"path says '{m.group(0).lower()}'"
    if title:
        m = WORDS.search(title)
        if m:
            return f"title says '{m.group(0).lower()}'"
    strong: list[str] = []
    for h in headings:
        clean = re.sub(r"[*_`:]+", "", h).strip()
        if HEADINGS.match(clean) and clean.lower() not in (s.lower() for s in strong):
            strong.append(clean)
    if len(strong) >= 2:
        return "headings: " + ", ".join(strong[:4])
    return None


def _utf8(text: str) -> bool:
    """Whether ``text`` is valid UTF-8 as decoded (a file name git gave with other bytes is
    not: they come back as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _below(share: float) -> str:
    """``share`` as a whole per cent, rounded down: 49.7 % is "49%", never the "50%" that
    would count. 29 lines of 100 are "29%": ``0.29 * 100`` is 28.999…, so the product is
    rounded to nine places (far finer than any document's lines) before it is cut."""
    return f"{math.floor(round(share * 100, 9))}%"


def share_of(repo: Repo, path: str, identity: Identity) -> float | None:
    """The share of ``path``'s lines at HEAD whose last author is the person (``git blame``,
    whitespace ignored, after ``.mailmap``); None when git cannot say."""
    done = _git(repo.path, "blame", "-w", "--line-porcelain", "HEAD", "--", path, check=False)
    if done.returncode != 0:
        return None
    emails = {e.lower() for e in identity.emails}
    name = identity.name.strip().casefold()
    total = mine = 0
    author = ""
    for line in done.stdout.split(b"\n"):
        if line.startswith(b"author "):
            author = line[7:].decode("utf-8", "replace").strip().casefold()
        elif line.startswith(b"author-mail "):
            total += 1
            mail = line[12:].decode("utf-8", "replace").strip().strip("<>").lower()
            mine += mail in emails or (bool(name) and author == name)
    return mine / total if total else None


@dataclass
class Verdict:
    """What became of a file."""

    item: Item | None
    skipped: str | None  # why not, for the log; None when silently not a document


def examine(repo: Repo, added: Added, size: int, content: bytes | None) -> Verdict:
    """Turn one added file into an item, or say why not."""
    from ladder import designdoc
    from ladder.designdoc import parse

    where = f"{repo.top}/{added.path}"
    if BOILERPLATE.match(PurePosixPath(added.path).stem) or NOT_DOCS.search(added.path):
        return Verdict(None, None)
    if content is None:
        return Verdict(
            None,
            f"{where}: skipped, {size / 1024 / 1024:.1f} MB is too big for a document "
            "(5 MB or more)",
        )
    if b"\x00" in content[:8192]:
        return Verdict(None, f"{where}: skipped, binary data")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Verdict(None, f"{where}: skipped, not UTF-8 text")
    try:
        doc = parse.parse(text, path=added.path)
        report = designdoc.check(text, path=added.path)
    except LadderError as exc:
        if "no headings" in str(exc) or "is empty" in str(exc):
            return Verdict(None, None)  # a note or a stub, not a document
        return Verdict(None, f"{where}: skipped, {exc}")
    declared = report.kind_source == "front matter"
    reason = why_a_doc(
        added.path, report.title, [s.title for s in doc.sections], declared, report.kind
    )
    if reason is None:
        return Verdict(None, None)
    title = (
        report.title or PurePosixPath(added.path).stem.replace("-", " ").replace("_", " ")
    ).strip()
    label = KIND_TITLES.get(report.kind, "Doc")
    shown = title if label.lower() in title.lower() else f"{label}: {title}"
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    passed = report.passed(PASS_SCORE)
    data = {
        "doc_kind": report.kind,
        "score": report.score,
        "passed": passed,
        "lines": lines,
        "commit": added.commit,
        "added": added.when.date().isoformat(),
        "repo": repo.rid,
        "path": added.path,
        "reason": reason,
        "covered": list(report.covered),
    }
    if added.added_as != added.path:
        data["added_as"] = added.added_as
    verdict_word = "passes" if passed else "does not pass"
    areas = [
        AreaHint(
            area=a,
            expectation=e,
            confidence=0.8 if passed else 0.5,
            reason=f"{why} ({reason}; it {verdict_word} the checker with {report.score}/100)",
        )
        for a, e, why in _HINTS.get(report.kind, [])
    ]
    return Verdict(
        Item(
            source_ref=f"docs:{repo.rid}:{added.path}",
            kind="doc",
            occurred_on=added.when.date(),
            title=f"{shown} ({added.path})",
            url=f"{repo.web}/blob/HEAD/{added.path}" if repo.web else None,
            tags=[report.kind],
            data=data,
            areas=areas,
        ),
        None,
    )


# -- the source -------------------------------------------------------------------------------
class DocsSource(Source):
    """Design docs, ADRs, RFCs, runbooks and postmortems you added to git repositories."""

    name = "docs"
    title = "design docs, ADRs, runbooks you wrote (git history)"

    def status(self, env: Mapping[str, str]) -> SourceStatus:
        """Always available: it reads git history."""
        return SourceStatus(True, "reads git history")

    def register_commands(self, harvest: "typer.Typer") -> None:
        """Add ``ladder harvest docs``."""
        import typer

        from ladder.cli.app import JsonOption
        from ladder.cli.harvest import SinceOption, UntilOption, run_harvest

        source = self

        @harvest.command("docs")
        def docs(
            ctx: typer.Context,
            paths: Annotated[
                list[Path] | None,
                typer.Argument(
                    help="Git repositories (or folders inside them); default: the current folder.",
                    show_default=False,
                ),
            ] = None,
            since: SinceOption = None,
            until: UntilOption = None,
            as_json: JsonOption = False,
        ) -> None:
            """Harvest the design docs, ADRs, RFCs, runbooks and postmortems you added to git.

            Each one is scored by the design-doc checker (ladder doc check).

            Example: [bold]ladder harvest docs ~/src/payments ~/src/platform[/bold]
            """
            run_harvest(
                ctx, source, since=since, until=until, as_json=as_json, paths=paths or [Path(".")]
            )

    def harvest(self, ctx: HarvestContext, **options: Any) -> Iterator[Batch]:
        """Check every path first, then read each repository's history and yield its docs."""
        paths = [Path(p) for p in (options.get("paths") or ["."])]
        repos = [open_repo(p) for p in paths]
        tried = [*ctx.identity.emails, *([ctx.identity.name] if ctx.identity.name else [])]
        produced = 0
        candidates = 0
        outside = 0
        noted: list[str] = []  # why files were skipped, for the error when none counts
        for repo in repos:
            ctx.progress(f"docs: {Path(repo.top).name}", 0, None)  # reading its history
            added = added_by(repo, ctx.identity)
            candidates += len(added)
            blobs = read_blobs(repo, [a.path for a in added])
            batch = Batch()
            for n, a in enumerate(sorted(added, key=lambda x: x.path), start=1):
                ctx.progress(f"docs: {Path(repo.top).name}", n, len(added))
                day = a.when.date()
                if (ctx.since and day < ctx.since) or (ctx.until and day > ctx.until):
                    outside += 1
                    batch.skipped += 1
                    continue
                if a.path not in blobs:  # deleted since
                    batch.skipped += 1
                    continue
                if not a.path.isascii() and not _utf8(a.path):
                    batch.skipped += 1
                    batch.notes.append(
                        f"{repo.top}/{a.path.encode('utf-8', 'replace').decode()}: skipped, its "
                        "name is not valid UTF-8 (rename it to keep it)"
                    )
                    continue
                size, content = blobs[a.path]
                verdict = examine(repo, a, size, content)
                found = verdict.item
                if found is not None:
                    share = share_of(repo, a.path, ctx.identity)
                    if share is not None and share < MIN_SHARE:
                        verdict = Verdict(
                            None,
                            f"{repo.top}/{a.path}: skipped, you wrote {_below(share)} of it as "
                            f"it stands (a document counts from {MIN_SHARE:.0%})",
                        )
                    elif share is not None:
                        found.data["share"] = round(share, 2)
                if verdict.item is None:
                    batch.skipped += 1
                    if verdict.skipped:
                        batch.notes.append(verdict.skipped)
                    continue
                batch.items.append(verdict.item)
                produced += 1
                if len(batch.items) >= BATCH_SIZE:
                    yield batch
                    batch = Batch()
            noted += batch.notes
            if batch.items or batch.skipped or batch.notes:
                yield batch
        if produced == 0 and outside == 0:
            where = ", ".join(str(r.top) for r in repos)
            who = ", ".join(tried) or "(no identities in your profile)"
            if candidates == 0:
                raise NotFoundError(
                    f"no Markdown or reStructuredText files added by you in {where} "
                    f"(looked for commits by: {who})",
                    hint="if you committed under other emails, list them all in your profile: "
                    "ladder init --email ME@WORK.EXAMPLE --email ME@HOME.EXAMPLE",
                )
            skipped = (
                f"; {noted[0]}" + (f" (and {len(noted) - 1} more)" if len(noted) > 1 else "")
                if noted
                else ""
            )
            raise NotFoundError(
                f"none of the {candidates} documents you added in {where} reads as a design doc, ADR, "
                f"RFC, runbook, postmortem, onboarding guide or how-to (looked for commits by: {who})"
                + skipped,
                hint="a document counts when its path or title says what it is (docs/adr/, "
                "'Runbook: …') or its headings do (Alternatives, Root cause, Rollback…)",
            )
