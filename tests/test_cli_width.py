"""Every command reads well at 80 columns and uses the width it has.

One populated workspace (a real git repository harvested, long entries with paths and links,
a mentee and 1:1s, goals, the reading list, ratings, a design doc) and the commands a person
runs on it, at COLUMNS=80 and at COLUMNS=160:

* at 80, no line is longer than 80 characters;
* at 80, no word is cut: every word printed is a word the same command prints when it has all
  the room it wants (COLUMNS=1000), so "readiness" never comes out as "readi" + "ness", and
  a path never breaks at a hyphen;
* at 160, the commands whose text is long use more than 80 columns, and none goes past 160.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import NOW, TODAY

Run = Callable[..., Any]

LONG_TEXT = (
    "Led the design review of the distributed cache invalidation protocol with the storage "
    "team and wrote up the decisions in docs/design/cache-invalidation-protocol-v2.md @design"
)
DESIGN_DOC = """# Cache invalidation protocol

Status: draft · Owner: Ada Lovelace

## Context
The readiness computation is slow on large workspaces; the checkout service reads it on every request.

## Goals
Fast reads.

## Alternatives
We considered a write-through cache and a time-based expiry.

## Failure modes
If the cache is down we read from the database.
"""


def _git(repo: Path, *args: str, day: dt.date) -> None:
    stamp = f"{day.isoformat()}T10:00:00 +0000"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada Lovelace",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada Lovelace",
        "GIT_COMMITTER_EMAIL": "ada@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _repository(root: Path) -> Path:
    repo = root / "checkout-service"
    (repo / "src" / "checkout" / "invalidation").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "docs" / "design").mkdir(parents=True)
    _git(repo, "init", "-q", "-b", "main", day=TODAY)
    for n in range(12):
        day = TODAY - dt.timedelta(days=40 - 3 * n)
        (repo / "src" / "checkout" / "invalidation" / f"protocol_{n % 3}.py").write_text(f"{n}\n")
        (repo / "tests" / f"test_protocol_{n % 2}.py").write_text(f"{n}\n")
        _git(repo, "add", "-A", day=day)
        _git(
            repo,
            "commit",
            "-q",
            "-m",
            f"Refactor the readiness computation for clearer configuration handling, step {n}",
            day=day,
        )
    (repo / "docs" / "design" / "cache-invalidation-protocol-v2.md").write_text(DESIGN_DOC)
    _git(repo, "add", "-A", day=TODAY - dt.timedelta(days=2))
    _git(repo, "commit", "-q", "-m", "Design doc for cache invalidation", day=TODAY)
    return repo


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Run, Path]]:
    """A populated workspace and a runner for it, shared by the tests of this module."""
    import io
    import sys
    from contextlib import redirect_stderr, redirect_stdout

    from helpers import ticking_clock
    from ladder.__main__ import main

    root = tmp_path_factory.mktemp("width")
    home = root / "home"
    clock = ticking_clock(NOW)

    def run(*args: str, columns: int = 80, input: str = "") -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        saved, stdin, cwd = dict(os.environ), sys.stdin, os.getcwd()
        os.chdir(root)  # paths in arguments are relative: a temporary folder's name is long
        os.environ.clear()
        os.environ.update({k: v for k, v in saved.items() if not k.startswith("LADDER_")})
        os.environ.update({"LADDER_HOME": str(home), "COLUMNS": str(columns)})
        sys.stdin = io.StringIO(input)
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = main(list(args), clock=clock)
        finally:
            sys.stdin = stdin
            os.chdir(cwd)
            os.environ.clear()
            os.environ.update(saved)
        return code, out.getvalue(), err.getvalue()

    def ok(*args: str) -> str:
        code, out, err = run(*args)
        assert code == 0, (args, out, err)
        return out

    repo = _repository(root)
    first_harvest.append(run("harvest", "git", repo.name))
    ok("init", "--name", "Ada Lovelace-Byron", "--email", "ada@example.com",
       "--email", "ada.lovelace@analytical-engines.example", "--handle", "github:ada",
       "--level", "mid", "--target", "senior")  # fmt: skip
    first_harvest.append(run("harvest", "git", repo.name))
    ok("harvest", "docs", repo.name)
    ok("log", LONG_TEXT, "-a", "system-design", "--date", "yesterday",
       "--impact", "cut p99 latency of the checkout service from 340 ms to 80 ms for every region",
       "--link", "https://github.com/acme/checkout-service/pull/1234")  # fmt: skip
    ok("log", "Mentored Sam through writing the first design document of the payments team",
       "-a", "mentorship", "--date", "3 days ago")  # fmt: skip
    ok("log", "Wrote the postmortem for the queue outage and followed up the alerting changes @oncall",
       "-a", "operations", "--date", "10 days ago")  # fmt: skip
    ok("map")
    ok("mentee", "add", "Samantha Example-Newcomer", "--since", "2026-09-01",
       "--note", "joined the payments team in August, wants to grow into system design")  # fmt: skip
    ok("1on1", "add", "--with", "Samantha Example-Newcomer", "--date", "2026-11-10",
       "--notes", "Walked through the ledger design and how to get reviews from the storage team",
       "--action", "Samantha drafts the RFC for the ledger reconciliation job",
       "--action", "Read chapter five of Designing Data-Intensive Applications")  # fmt: skip
    ok("1on1", "add", "--with", "Samantha Example-Newcomer", "--date", "2026-11-20",
       "--close", "1", "--action", "Pair on the load test of the reconciliation job")  # fmt: skip
    ok("goals", "plan", "--accept")
    ok("learn", "start", "release-it")
    ok("learn", "progress", "release-it", "40", "--note",
       "Read the stability patterns; circuit breakers and bulkheads map onto the checkout service")  # fmt: skip
    ok("assess", "-e", "system-design.tradeoffs", "--rating", "meeting", "--note",
       "Compared write-through and expiry-based invalidation with numbers in the design doc")  # fmt: skip
    ok("assess", "--as", "manager", "--name", "Grace Hopper", "-e", "system-design.tradeoffs",
       "--rating", "working-towards", "--note", "Good comparison; the numbers came late in the review")  # fmt: skip
    yield run, repo


#: What `ladder harvest git` printed: before the profile existed (an error), then its first run.
first_harvest: list[tuple[int, str, str]] = []


def _commands(repo: Path) -> list[tuple[str, ...]]:
    doc = f"{repo.name}/docs/design/cache-invalidation-protocol-v2.md"
    return [
        ("status",),
        ("gaps",),
        ("entries",),
        ("entries", "--search", "readiness"),
        ("show", "1"),
        ("show", "4"),
        ("why", "1"),
        ("why", "4"),
        ("map", "--all"),
        ("goals",),
        ("goals", "plan", "--month", "next"),
        ("goals", "show", "1"),
        ("learn",),
        ("learn", "show", "release-it"),
        ("mentee", "list"),
        ("1on1", "list"),
        ("1on1", "show", "1"),
        ("1on1", "actions"),
        ("framework", "show", "--area", "system-design"),
        ("framework", "versions"),
        ("sources",),
        ("reviews",),
        ("assess", "history"),
        ("assess", "diff"),
        ("doc", "check", doc),
        ("harvest", "git", repo.name),
        ("harvest", "docs", repo.name),
        ("init",),
        (
            "log",
            "Reviewed the reconciliation RFC and suggested an idempotency key",
            "-a",
            "mentorship",
        ),
    ]


_EDGE = "()[]{}<>,;:.!?\"'`│╭╮╰╯─·•→←✓✗*|"


def _words(text: str) -> set[str]:
    return {w.strip(_EDGE) for w in text.split()} - {""}


def _cut_words(narrow: str, wide: str) -> list[str]:
    """Words of ``narrow`` that ``wide`` (the same output with room to spare) never prints.

    A word clipped with "…" is fine when what is left is a whole word ("Production…"), not
    when it is part of one ("Producti…").
    """
    known = _words(wide)
    return sorted(
        w for w in _words(narrow) if w not in known and w.rstrip("…").strip(_EDGE) not in known
    )


def test_every_command_fits_80_columns_without_cutting_a_word(workspace: tuple[Run, Path]) -> None:
    run, repo = workspace
    problems = []
    for args in _commands(repo):
        if args[0] == "log":
            continue  # run once below: it writes
        code, narrow, err = run(*args, columns=80)
        assert code == 0, (args, narrow, err)
        _, wide, _ = run(*args, columns=1000)
        long_lines = [line for line in narrow.splitlines() if len(line) > 80]
        if long_lines:
            problems.append(
                f"ladder {' '.join(args)}: {len(long_lines)} lines over 80: {long_lines[0]!r}"
            )
        cut = _cut_words(narrow, wide)
        if cut:
            problems.append(f"ladder {' '.join(args)}: cut words {cut[:6]}")
    logged = run(*next(a for a in _commands(repo) if a[0] == "log"))
    assert logged[0] == 0 and all(len(line) <= 80 for line in logged[1].splitlines()), logged
    assert problems == [], "\n".join(problems)


def test_the_first_harvest_fits_80_columns(workspace: tuple[Run, Path]) -> None:
    assert workspace  # (it ran the harvests)
    (_, _, refused), (code, out, err) = first_harvest
    assert code == 0, err
    assert "+ #" in out  # the entries it added, one line each
    for line in [*refused.splitlines(), *out.splitlines(), *err.splitlines()]:
        assert len(line) <= 80, line
    for line in out.splitlines():
        if line.startswith("  + #") and line.endswith("…"):
            # clipped between words: what is left ends with a whole word of the title
            last = line[:-1].split()[-1]
            assert last.isalnum() or last[-1].isalnum(), line


_WRAPPING = [
    ("entries",),
    ("status",),
    ("gaps",),
    ("goals", "plan", "--month", "next"),
    ("learn",),
    ("sources",),
    ("why", "1"),
    ("1on1", "actions"),
]


def test_a_wider_terminal_is_used(workspace: tuple[Run, Path]) -> None:
    run, repo = workspace
    for args in [
        *_WRAPPING,
        ("doc", "check", f"{repo.name}/docs/design/cache-invalidation-protocol-v2.md"),
    ]:
        _, narrow, _ = run(*args, columns=80)
        _, wide, _ = run(*args, columns=160)
        longest = max(len(line) for line in wide.splitlines())
        assert 80 < longest <= 160, (args, longest)
        assert len(wide.splitlines()) < len(narrow.splitlines()), args


def test_continuation_lines_stay_indented(workspace: tuple[Run, Path]) -> None:
    run, repo = workspace
    _, checked, _ = run(
        "doc", "check", f"{repo.name}/docs/design/cache-invalidation-protocol-v2.md"
    )
    lines = [line for line in checked.splitlines()[1:] if line.strip()]
    headings = ("Errors (", "Warnings (", "Info (")
    assert lines and all(line.startswith("  ") or line.startswith(headings) for line in lines)
    # a "why:" that wraps goes on under its text (column 9), not under "why" or at column 0
    assert any(re.match(r" {9}\S", line) for line in lines), checked
    for args in (("show", "1"), ("why", "1"), ("why", "4")):
        _, out, _ = run(*args)
        lines = out.splitlines()
        for n, line in enumerate(lines[:-1]):
            if line.startswith("Area: "):
                nxt = lines[n + 1]
                assert nxt.startswith(
                    ("Area: ", "Source", "URL", "Edited", "Behind", "Created", "      ")
                ), (args, nxt)
            if line.startswith(("  ✓", "  ·", "  ✗")) and not lines[n + 1].startswith(
                ("  ✓", "  ·", "  ✗")
            ):
                assert lines[n + 1].startswith("   "), (args, lines[n + 1])


_DOCUMENTS = [("report", "--since", "2026-01-01"), ("brag", "--period", "2026"), ("packet",)]


@pytest.mark.parametrize("args", _DOCUMENTS, ids=lambda a: a[0])
def test_documents_on_stdout_are_wrapped_markdown_that_says_the_same(
    workspace: tuple[Run, Path], args: tuple[str, ...], tmp_path: Path
) -> None:
    """Printed, a document's paragraphs and list items fit the width; written to a file with
    -o, each stays on one line. Both are the same Markdown: they render to the same HTML."""
    from markdown_it import MarkdownIt

    run, _ = workspace
    code, narrow, err = run(*args, columns=80)
    assert code == 0, err
    code, wide, _ = run(*args, columns=160)
    assert code == 0
    target = tmp_path / "doc.md"
    code, _, err = run(*args, "-o", str(target))
    assert code == 0, err
    written = target.read_text(encoding="utf-8")
    over = [
        line
        for line in narrow.splitlines()
        if len(line) > 80 and not line.startswith(("|", "#")) and " " in line.strip()
    ]
    assert over == []  # table rows (a row is one line) and headings stay whole
    assert max(len(line) for line in wide.splitlines()) > 80  # the room is used
    assert max(len(line) for line in written.splitlines()) > 160  # a file is not wrapped
    md = MarkdownIt("commonmark").enable("table")

    def html(text: str) -> str:
        return " ".join(md.render(text).split())

    assert html(narrow) == html(written) == html(wide)


def test_the_item_a_verdict_rests_on_takes_three_lines_at_most() -> None:
    """``status`` names the item an area's verdict rests on; a day of many subjects is cut
    between words so that the line keeps its id, its date and how many more there are."""
    from ladder.cli.growth import CARRIER_LINES, _carrier
    from ladder.readiness import Carrier

    subjects = "; ".join(f"Move the reader of part {n} onto the shared buffer" for n in range(40))
    long = Carrier(id=812, occurred_on="2026-10-02", text=subjects, reason="a sizeable change")
    short = Carrier(id=7, occurred_on="2026-09-01", text="Fix a data race in the pool", reason="")
    lines = _carrier([long, short, short], 47)
    assert 1 < len(lines) <= CARRIER_LINES
    assert all(len(line) <= 47 for line in lines)
    joined = " ".join(line.strip() for line in lines)
    assert joined.startswith("on: #812 Move the reader of part 0")
    assert "…" in joined and joined.endswith("(2026-10-02) and 2 more")
    assert _carrier([short], 47) == ["  on: #7 Fix a data race in the pool", "  (2026-09-01)"]
