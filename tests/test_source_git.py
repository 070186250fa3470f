"""The git source against real repositories made in tmp_path, on SQLite and on PostgreSQL.

Commits get fixed authors and dates (GIT_AUTHOR_* / GIT_COMMITTER_*), so days and titles are
known. Most tests go through ``Workspace.harvest("git", paths=[...])``; a few run the CLI.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from itertools import pairwise, permutations
from pathlib import Path
from typing import Any

import pytest

from ladder.clock import Clock
from ladder.errors import InputError, LadderError, NotFoundError
from ladder.evidence import Filter
from ladder.person import ProfileInput
from ladder.source import Batch, HarvestContext
from ladder.sources.git import GitSource
from ladder.sources.git import log as git_log
from ladder.sources.git import run as git_run
from ladder.sources.git.log import (
    Labeler,
    Merge,
    apply_merge_body,
    classify_merge,
    merge_grep,
    numstat_path,
    squash_number,
)
from ladder.sources.git.repo import web_url
from ladder.sources.git.rollup import MAX_BODY_CHARS, main_part, part_of
from ladder.workspace import Workspace

ADA = ("Ada Lovelace", "ada@example.com")
BOB = ("Bob Builder", "bob@example.com")
DAY = "2026-11-03"


class Repo:
    """A real repository in tmp_path with commits at fixed dates by fixed people."""

    def __init__(self, path: Path, *, init: bool = True) -> None:
        self.path = path
        if init:
            path.mkdir(parents=True, exist_ok=True)
            self.git("init", "-q", "-b", "main")

    def git(
        self,
        *args: str,
        author: tuple[str, str] = ADA,
        date: str = f"{DAY}T10:00:00",
        env: dict[str, Any] | None = None,
    ) -> str:
        full = {
            **os.environ,
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_COMMITTER_NAME": author[0],
            "GIT_COMMITTER_EMAIL": author[1],
            "GIT_AUTHOR_DATE": f"{date} +0000",
            "GIT_COMMITTER_DATE": f"{date} +0000",
            "GIT_CONFIG_NOSYSTEM": "1",
            "HOME": str(self.path.parent),
            **(env or {}),
        }
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=full, check=True, capture_output=True
        )
        return done.stdout.decode("utf-8", "replace").strip()

    def commit(
        self,
        subject: str,
        files: dict[str, str | bytes | None] | None = None,
        *,
        author: tuple[str, str] = ADA,
        date: str = f"{DAY}T10:00:00",
        body: str | None = None,
    ) -> str:
        for name, content in (files or {}).items():
            target = self.path / name
            if content is None:
                target.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content)
        self.git("add", "-A")
        message = ["-m", subject] + (["-m", body] if body else [])
        self.git("commit", "-q", "--allow-empty", *message, author=author, date=date)
        return self.git("rev-parse", "HEAD")


def pull_request(r: Repo, n: int, login: str, *, day: int, subject: str, title: str) -> None:
    """Ada's commit ``subject`` on a branch, merged by Bob as pull request #``n`` from
    ``login``/branch on 2026-11-``day`` (the commit at 10:00, the merge at 12:00)."""
    branch = f"topic{n}"
    r.git("checkout", "-q", "-b", branch)
    r.commit(subject, {f"src/m{n}.py": lines(5)}, date=f"2026-11-{day:02d}T10:00:00")
    r.git("checkout", "-q", "main")
    r.git(
        "merge", "-q", "--no-ff", branch, "-m", f"Merge pull request #{n} from {login}/{branch}",
        "-m", title, author=BOB, date=f"2026-11-{day:02d}T12:00:00",
    )


def lines(n: int, word: str = "line") -> str:
    return "".join(f"{word} {i}\n" for i in range(n))


def git_entries(ws: Workspace) -> list[Any]:
    return ws.entries(Filter(source="git", limit=None))[0]


def by_kind(ws: Workspace, kind: str) -> list[Any]:
    return [e for e in git_entries(ws) if e.kind == kind]


def activity_refs(ws: Workspace) -> list[str]:
    return [
        r["source_ref"]
        for r in ws.store.query("SELECT source_ref FROM activity WHERE source = 'git'")
    ]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """Ada's and Bob's commits on one day, in two parts of the tree."""
    r = Repo(tmp_path / "app")
    r.commit("Add retry budget", {"billing/retry.py": lines(10)}, date=f"{DAY}T09:00:00")
    r.commit("Bob's refactor", {"billing/other.py": lines(3)}, author=BOB, date=f"{DAY}T09:30:00")
    r.commit("Fix flaky test", {"billing/retry.py": lines(12)}, date=f"{DAY}T11:00:00")
    r.commit("Document the API", {"api/README.md": lines(4)}, date=f"{DAY}T15:00:00")
    return r


# -- what becomes evidence --------------------------------------------------------------------------


def test_git_harvest_keeps_the_persons_commits_only(ws: Workspace, repo: Repo) -> None:
    summary = ws.harvest("git", paths=[str(repo.path)])
    assert (summary.added, summary.activities) == (2, 3)
    titles = sorted(e.text for e in git_entries(ws))
    assert titles == [
        f"api/: 1 commit on {DAY} (+4/\u22120) \u2014 Document the API",
        f"billing/: 2 commits on {DAY} (+12/\u22120) \u2014 Add retry budget; Fix flaky test",
    ]
    assert not any("Bob" in t for t in titles)
    billing = next(e for e in git_entries(ws) if e.text.startswith("billing/"))
    assert billing.kind == "commits"
    assert billing.source_ref.endswith(f":day:{DAY}:billing")
    assert billing.data["commits"] == 2
    assert (billing.data["additions"], billing.data["deletions"]) == (12, 0)
    assert billing.data["repository"] == "app"
    assert [a["title"] for a in ws.activities(billing.id)] == ["Add retry budget", "Fix flaky test"]
    assert all(a["kind"] == "commit" and "@" in a["source_ref"] for a in ws.activities(billing.id))


def test_git_line_counts_per_commit_and_binary_files_count_zero(
    ws: Workspace, tmp_path: Path
) -> None:
    r = Repo(tmp_path / "lines")
    r.commit("Start", {"core/a.py": lines(5), "core/b.py": lines(2)})
    r.commit(
        "Change",
        {
            "core/a.py": lines(3) + "new\n",
            "core/logo.png": b"\x89PNG\x00\x01\x02" * 20,
            "core/b.py": None,
        },
        date=f"{DAY}T12:00:00",
    )
    ws.harvest("git", paths=[str(r.path)])
    [entry] = git_entries(ws)
    acts = {a["title"]: a["data"] for a in ws.activities(entry.id)}
    assert acts["Start"] == {"repository": "lines", "additions": 7, "deletions": 0, "files": 2}
    assert acts["Change"] == {"repository": "lines", "additions": 1, "deletions": 4, "files": 3}
    assert (entry.data["additions"], entry.data["deletions"]) == (8, 4)


def test_git_a_parser_generated_from_a_grammar_the_commit_changes_counts_no_lines(
    ws: Workspace, tmp_path: Path
) -> None:
    """``src/parser.c`` and ``parser.tab.h`` beside the ``src/parser.y`` they were generated from
    count no lines (4 lines of grammar, 3,000 of bison's output); a ``parser.c`` written by
    hand, or beside another directory's grammar, counts."""
    r = Repo(tmp_path / "gram")
    r.commit("Start", {"src/parser.y": lines(2), "src/main.c": lines(1)})
    r.commit(
        "Allow binary operators in bindings",
        {
            "src/parser.y": lines(4),
            "src/parser.c": lines(300),
            "src/parser.tab.h": lines(40),
            "src/main.c": lines(3),
        },
        date=f"{DAY}T12:00:00",
    )
    r.commit(
        "Write the parser by hand",
        {"lib/parser.c": lines(50), "src/lexer.c": lines(20)},
        date=f"{DAY}T13:00:00",
    )
    r.commit(  # the grammar gone, a parser written by hand in its place: all of it counts
        "Replace the grammar with a hand-written parser",
        {"src/parser.y": None, "src/parser.c": lines(500, "rule")},
        date=f"{DAY}T14:00:00",
    )
    ws.harvest("git", paths=[str(r.path)])
    acts = {a["title"]: a["data"] for e in git_entries(ws) for a in ws.activities(e.id)}
    assert acts["Allow binary operators in bindings"] == {
        "repository": "gram", "additions": 2 + 2, "deletions": 0, "files": 4,
    }
    assert acts["Write the parser by hand"]["additions"] == 70
    assert acts["Replace the grammar with a hand-written parser"]["additions"] == 500


def test_git_a_lexer_re2c_wrote_and_an_amalgamated_header_count_no_lines(
    ws: Workspace, tmp_path: Path
) -> None:
    """re2c's output beside the lexer it was compiled from (``src/json.hpp`` beside
    ``src/json.hpp.re2c``, ``lexer.c`` beside ``lexer.re``) and a single-header library's
    amalgamation beside the ``include/`` tree it was made from count no lines; the same header
    changed alone, or a ``json.hpp`` beside another file's lexer, counts."""
    r = Repo(tmp_path / "hdr")
    r.commit("Start", {"src/json.hpp.re2c": lines(2), "src/lexer.re": lines(2), "README": "x\n"})
    r.commit(
        "Skip the byte order mark",
        {"src/json.hpp.re2c": lines(10), "src/json.hpp": lines(900), "test/t.cpp": lines(5)},
        date=f"{DAY}T11:00:00",
    )
    r.commit("Accept tabs", {"src/lexer.re": lines(6), "src/lexer.c": lines(700)}, date=f"{DAY}T12:00:00")
    r.commit(
        "Add a to_bson function",
        {"include/x/detail/bson.hpp": lines(40), "single_include/x/x.hpp": lines(800)},
        date=f"{DAY}T13:00:00",
    )
    r.commit("Patch the single header by hand", {"single_include/x/x.hpp": lines(805)}, date=f"{DAY}T14:00:00")
    r.commit(  # a header beside another file's lexer: written by hand
        "Rework the value type",
        {"src/lexer.re": lines(8), "src/value.hpp": lines(60)},
        date=f"{DAY}T15:00:00",
    )
    r.commit(  # the lexer's own header: re2c writes lexer.c, not the tokens declared (h-rev6)
        "Add a token for arrows",
        {"src/lexer.re": lines(10), "src/lexer.h": lines(12), "src/lexer.c": lines(900)},
        date=f"{DAY}T16:00:00",
    )
    r.commit(  # the amalgamation's folder holds its README and build file, written by hand
        "Document the single header",
        {"include/x/x.hpp": lines(3), "single_include/x/x.hpp": lines(803), "single_include/README.md": lines(20)},
        date=f"{DAY}T17:00:00",
    )
    ws.harvest("git", paths=[str(r.path)])
    acts = {a["title"]: a["data"] for e in git_entries(ws) for a in ws.activities(e.id)}
    assert acts["Skip the byte order mark"]["additions"] == 8 + 5
    assert acts["Accept tabs"]["additions"] == 4
    assert acts["Add a to_bson function"]["additions"] == 40
    assert acts["Patch the single header by hand"]["additions"] == 5
    assert acts["Rework the value type"]["additions"] == 2 + 60
    assert acts["Add a token for arrows"]["additions"] == 2 + 12
    assert acts["Document the single header"]["additions"] == 3 + 20


def test_git_mailmap_maps_an_old_email_to_the_person(ws: Workspace, tmp_path: Path) -> None:
    r = Repo(tmp_path / "mapped")
    r.commit("From my old job", {"a.txt": "a\n"}, author=("A. Lovelace", "ada@oldcorp.com"))
    r.commit(
        "Mailmap", {".mailmap": "Ada Lovelace <ada@example.com> <ada@oldcorp.com>\n"}, author=BOB
    )
    ws.harvest("git", paths=[str(r.path)])
    assert [e.text for e in git_entries(ws)] == [
        f"the top level: 1 commit on {DAY} (+1/\u22120) \u2014 From my old job"
    ]


def test_git_mailmap_written_after_a_harvest_makes_the_next_one_walk_again(
    ws: Workspace, tmp_path: Path
) -> None:
    # the hint of a harvest that found nothing says "map it in the repository's .mailmap":
    # written and not committed, the next harvest must read the commits it maps
    r = Repo(tmp_path / "later")
    r.commit("From my old job", {"a.txt": "a\n"}, author=("A. Lovelace", "ada@oldcorp.com"))
    r.commit("Written as ada@example.com", {"b.txt": "b\n"})
    ws.harvest("git", paths=[str(r.path)])
    assert "From my old job" not in " ".join(e.text for e in git_entries(ws))
    again = ws.harvest("git", paths=[str(r.path)])
    assert again.added == 0 and again.updated == 0  # nothing new: the cursor holds
    (r.path / ".mailmap").write_text("Ada Lovelace <ada@example.com> <ada@oldcorp.com>\n")
    ws.harvest("git", paths=[str(r.path)])
    texts = " ".join(e.text for e in git_entries(ws))
    assert "From my old job" in texts and "Written as ada@example.com" in texts


def test_git_mailmap_that_maps_the_profile_email_elsewhere_is_followed(
    ws: Workspace, tmp_path: Path
) -> None:
    # git --author matches the *mapped* identity only; ladder follows the mailmap for the profile's emails.
    r = Repo(tmp_path / "renamed")
    r.commit("Mailmap", {".mailmap": "Ada King <ada@king.org> <ada@example.com>\n"}, author=BOB)
    r.commit("Written as ada@example.com", {"x/a.txt": "a\n"})
    ws.harvest("git", paths=[str(r.path)])
    assert [e.text.split(" \u2014 ")[1] for e in git_entries(ws)] == ["Written as ada@example.com"]


def test_git_harvests_several_repos_a_folder_of_repos_and_a_glob(
    ws: Workspace, tmp_path: Path
) -> None:
    for name in ("one", "two"):
        Repo(tmp_path / "src" / name).commit(f"Work in {name}", {"a.txt": "a\n"})
    Repo(tmp_path / "src" / "team" / "three").commit(
        "Work in three", {"a.txt": "a\n"}
    )  # two levels down
    Repo(tmp_path / "other" / "four").commit("Work in four", {"a.txt": "a\n"})
    Repo(tmp_path / "globbed" / "five").commit("Work in five", {"a.txt": "a\n"})
    summary = ws.harvest(
        "git",
        paths=[
            str(tmp_path / "src"),
            str(tmp_path / "other" / "four"),
            str(tmp_path / "glob*" / "*"),
        ],
    )
    assert summary.added == 5
    assert sorted(e.data["repository"] for e in git_entries(ws)) == [
        "five",
        "four",
        "one",
        "three",
        "two",
    ]


def test_git_pull_request_merge_rolls_up_its_commits_counted_once(
    ws: Workspace, tmp_path: Path
) -> None:
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB, date="2026-11-01T09:00:00")
    r.git("checkout", "-q", "-b", "retry-budget")
    r.commit("Add retry budget", {"billing/retry.py": lines(100)}, date="2026-11-02T10:00:00")
    r.commit(
        "Tune the budget", {"billing/retry.py": lines(90) + "tuned\n"}, date="2026-11-03T10:00:00"
    )
    r.git("branch", "also-here")  # the same commits on a second branch: counted once
    r.git("checkout", "-q", "main")
    r.commit("Unrelated", {"api/x.py": "x\n"}, author=BOB, date="2026-11-03T11:00:00")
    r.git(
        "merge",
        "-q",
        "--no-ff",
        "retry-budget",
        "-m",
        "Merge pull request #42 from ada/retry-budget",
        "-m",
        "Add retry budget to billing",
        author=BOB,
        date="2026-11-04T09:00:00",
    )
    r.git("remote", "add", "origin", "git@github.com:acme/app.git")
    ws.harvest("git", paths=[str(r.path)])
    [pr] = git_entries(ws)
    assert pr.kind == "pull-request"
    assert pr.text == "PR #42: Add retry budget to billing (2 commits, +101/\u221210 in billing/)"
    assert pr.source_ref.endswith(":pr:42")
    assert pr.occurred_on == "2026-11-04"  # the day it was merged
    assert pr.url == "https://github.com/acme/app/pull/42"
    assert pr.data["pr"] == 42 and pr.data["branch"] == "retry-budget" and pr.data["commits"] == 2
    acts = ws.activities(pr.id)
    assert [a["title"] for a in acts] == ["Add retry budget", "Tune the budget"]
    assert acts[0]["url"].startswith("https://github.com/acme/app/commit/")
    assert len(activity_refs(ws)) == len(set(activity_refs(ws))) == 2


def test_git_an_identity_added_after_a_harvest_is_read_in_full(
    ws: Workspace, tmp_path: Path, clock: Clock
) -> None:
    """An email or handle added to the profile (as the harvest's hint says to) is looked for
    at the next harvest: the commits it wrote are read, and a pull request opened by the
    added login is read in its title, as if harvested with it from the start."""
    r = Repo(tmp_path / "app")
    home = ("A. Lovelace", "lovelace@home.example")
    r.commit("Initial", {"README": "x\n"}, author=BOB, date="2026-11-01T09:00:00")
    r.commit("Cache the rates", {"billing/rates.py": lines(30)}, author=home, date="2026-11-02T09:00:00")
    r.git("checkout", "-q", "-b", "retry")
    r.commit("Add retry budget", {"billing/retry.py": lines(20)}, date="2026-11-03T10:00:00")
    r.git("checkout", "-q", "main")
    r.git(
        "merge", "-q", "--no-ff", "retry", "-m", "Merge pull request #7 from lovelace/retry",
        "-m", "Retry budget for billing", author=BOB, date="2026-11-04T09:00:00",
    )
    ws.harvest("git", paths=[str(r.path)])
    assert not any("Cache the rates" in e.text for e in git_entries(ws))
    (pr,) = by_kind(ws, "pull-request")
    assert pr.data["opened_by"] == "lovelace" and pr.data["words"] == "Add retry budget"
    # with no host known, "lovelace" may be the repository's own organisation: the title
    # does not say who opened it
    assert pr.text == "PR #7: Retry budget for billing (1 commit, +20/\u22120 in billing/)"
    profile = ProfileInput(
        name="Ada Lovelace",
        emails=["ada@example.com", "lovelace@home.example"],
        handles=["github:ada", "github:lovelace"],
        level="mid",
        target_level="senior",
    )
    ws.init_profile(profile)
    ws.harvest("git", paths=[str(r.path)])
    (pr,) = by_kind(ws, "pull-request")
    assert "opened_by" not in pr.data and pr.data["words"] == "Retry budget for billing"
    assert any("Cache the rates" in e.text for e in git_entries(ws))
    # the same as a harvest that knew both from the start (a SQLite workspace of its own)
    fresh = Workspace.open(tmp_path / "fresh", url=f"sqlite:///{tmp_path / 'fresh.db'}", env={}, clock=clock)
    try:
        fresh.init_profile(profile)
        fresh.harvest("git", paths=[str(r.path)])

        def seen(w: Workspace) -> list[tuple[str, str, str]]:
            return sorted(
                (e.source_ref, e.text, json.dumps(e.data, sort_keys=True)) for e in git_entries(w)
            )

        assert len(seen(ws)) == 2 and seen(ws) == seen(fresh)
        ws.harvest("git", paths=[str(r.path)])  # and then nothing new
        assert seen(ws) == seen(fresh)
    finally:
        fresh.close()


def test_git_a_full_walk_after_a_change_of_identity_withdraws_days_a_merge_took(
    ws: Workspace, tmp_path: Path
) -> None:
    """A branch harvested as a day's work, merged (and deleted) after: when the next harvest
    walks the repository in full (an email added), the day item goes, as an incremental run
    would have withdrawn it; the pull request holds the work, counted once."""
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB, date="2026-11-01T09:00:00")
    r.git("checkout", "-q", "-b", "retry")
    r.commit("Add retry budget", {"billing/retry.py": lines(20)}, date="2026-11-02T10:00:00")
    r.git("checkout", "-q", "main")
    ws.harvest("git", paths=[str(r.path)])
    assert [e.kind for e in git_entries(ws)] == ["commits"]
    r.git(
        "merge", "-q", "--no-ff", "retry", "-m", "Merge pull request #7 from ada/retry",
        "-m", "Retry budget", author=BOB, date="2026-11-03T09:00:00",
    )
    r.git("branch", "-q", "-D", "retry")
    ws.init_profile(
        ProfileInput(
            name="Ada Lovelace",
            emails=["ada@example.com", "ada@home.example"],
            handles=["github:ada"],
            level="mid",
            target_level="senior",
        )
    )
    ws.harvest("git", paths=[str(r.path)])
    (pr,) = git_entries(ws)
    assert pr.kind == "pull-request" and pr.data["additions"] == 20


def test_git_a_pull_request_from_a_branch_of_the_repository_itself_is_read_in_its_title(
    ws: Workspace, tmp_path: Path
) -> None:
    """"Merge pull request #9 from acme/cache" in github.com/acme/app came from a branch of the
    repository itself, as in most companies' repositories: "acme" says nothing of who opened
    it, so the person's pull request is read in its title, and no handle is suggested."""
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB, date="2026-11-01T09:00:00")
    for n in range(3):
        pull_request(r, n + 1, "acme", day=n + 2, subject=f"Cache step {n}", title=f"Cache the rates, part {n}")
    # and one a contributor opened, that the person touched up
    pull_request(r, 4, "bob", day=6, subject="Touch up PR 4", title="Bob's cache eviction")
    r.git("remote", "add", "origin", "git@github.com:acme/app.git")
    summary = ws.harvest("git", paths=[str(r.path)])
    prs = sorted(by_kind(ws, "pull-request"), key=lambda e: e.data["pr"])
    assert [e.data["words"] for e in prs[:3]] == [f"Cache the rates, part {n}" for n in range(3)]
    assert not any("opened_by" in e.data for e in prs[:3])
    assert prs[0].text == "PR #1: Cache the rates, part 0 (1 commit, +5/\u22120 in src/)"
    # someone else's: their title, and who opened it said beside the person's own commits
    assert prs[3].data["opened_by"] == "bob" and prs[3].data["words"] == "Touch up PR 4"
    assert prs[3].text == "PR #4: Bob's cache eviction (opened by bob; your 1 commit, +5/\u22120 in src/)"
    assert not any("--handle" in n for n in summary.notes)


def test_git_pull_requests_opened_by_one_login_suggest_it_is_the_persons(
    ws: Workspace, tmp_path: Path
) -> None:
    """Three or more pull requests holding the person's commits, opened by a login not in the
    profile (most of such pull requests), suggest the handle to add; fewer say nothing."""
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB, date="2026-11-01T09:00:00")

    def opened(n: int, login: str) -> None:
        pull_request(r, n, login, day=n + 1, subject=f"Change {n}", title=f"Topic {n}")

    opened(1, "lovelace")
    opened(2, "lovelace")
    summary = ws.harvest("git", paths=[str(r.path)])
    assert not any("--handle" in n for n in summary.notes)
    opened(3, "bob")
    opened(4, "lovelace")
    summary = ws.harvest("git", paths=[str(tmp_path / "app")], )
    assert not any("--handle" in n for n in summary.notes)  # a re-harvest writes 2 of them
    other = Workspace.open(tmp_path / "other", url=f"sqlite:///{tmp_path / 'other.db'}", env={})
    try:
        other.init_profile(ProfileInput(name="Ada Lovelace", emails=["ada@example.com"]))
        summary = other.harvest("git", paths=[str(r.path)])
        (note,) = [n for n in summary.notes if "--handle" in n]
        assert note.startswith("3 pull requests holding your commits came from branches of lovelace;")
        assert note.endswith("\nladder init --handle github:lovelace")  # a line to copy
        # no remote: lovelace may as well own the repository, and the note says how to tell
        assert "has no GitHub or GitLab remote" in note
        # a command that runs where the person is, beside the origin a clone has (a clone of a
        # local mirror: "git remote add origin" failed, "remote origin already exists")
        assert f"git -C {r.path} remote add github https://github.com/lovelace/" in note
    finally:
        other.close()
    r.git("remote", "add", "origin", "git@github.com:acme/app.git")
    hosted = Workspace.open(tmp_path / "hosted", url=f"sqlite:///{tmp_path / 'hosted.db'}", env={})
    try:
        hosted.init_profile(ProfileInput(name="Ada Lovelace", emails=["ada@example.com"]))
        (note,) = [n for n in hosted.harvest("git", paths=[str(r.path)]).notes if "--handle" in n]
        assert "if lovelace is your GitHub account" in note and "no GitHub or GitLab remote" not in note
    finally:
        hosted.close()
    # a login like none of the person's names: a contributor whose branches they pushed to
    r2 = Repo(tmp_path / "lib")
    r2.commit("Initial", {"README": "x\n"}, author=BOB, date="2026-11-01T09:00:00")
    for n in range(1, 5):
        pull_request(r2, n, "bobbuilder", day=n + 1, subject=f"Fix up {n}", title=f"Topic {n}")
    summary = ws.harvest("git", paths=[str(r2.path)])
    assert not any("--handle" in n for n in summary.notes)


def test_git_a_pull_request_someone_else_opened_is_not_read_in_the_persons_words(
    ws: Workspace, tmp_path: Path
) -> None:
    """Bob built his fix on Ada's unmerged branch and opened the pull request: Ada's commits
    come in with it and are hers, but the pull request's title is Bob's words, not hers."""
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB, date="2026-11-01T09:00:00")
    r.git("checkout", "-q", "-b", "release-2.2")
    r.commit("Raise the client limit", {"src/net.c": lines(30)}, date="2026-11-02T10:00:00")
    r.commit(
        "Fix a leak in replication",
        {"src/repl.c": lines(8)},
        author=BOB,
        date="2026-11-03T10:00:00",
    )
    r.git("checkout", "-q", "main")
    for number, owner, title in (
        (9, "bob", "A memory leak with replication"),
        (10, "ada", "My own work"),
        (11, "alovelace", "From my fork"),  # her login, not in her profile
    ):
        if owner != "bob":
            r.git("checkout", "-q", "-b", f"mine{number}")
            r.commit(f"Own change {number}", {f"src/own{number}.c": lines(5)}, date=f"2026-11-0{number - 5}T08:00:00")
            r.git("checkout", "-q", "main")
        r.git(
            "merge",
            "-q",
            "--no-ff",
            "release-2.2" if owner == "bob" else f"mine{number}",
            "-m",
            f"Merge pull request #{number} from {owner}/branch",
            "-m",
            title,
            date=f"2026-11-0{number - 5}T09:00:00",
        )
    ws.harvest("git", paths=[str(r.path)])
    prs = {e.data["pr"]: e for e in git_entries(ws) if e.kind == "pull-request"}
    assert prs[9].data["opened_by"] == "bob"
    assert prs[9].data["words"] == "Raise the client limit"  # hers, not Bob's title
    # no GitHub remote: "bob" may be the repository's own organisation (a branch of its own)
    assert "from_fork" not in prs[9].data
    r.git("remote", "add", "origin", "git@github.com:acme/app.git")
    hosted = Workspace.open(tmp_path / "hosted", url=f"sqlite:///{tmp_path / 'hosted.db'}", env={})
    try:
        hosted.init_profile(ProfileInput(name="Ada Lovelace", emails=["ada@example.com"]))
        hosted.harvest("git", paths=[str(r.path)])
        prs = {e.data["pr"]: e for e in git_entries(hosted) if e.kind == "pull-request"}
        assert prs[9].data["opened_by"] == "bob" and prs[9].data["from_fork"] is True
        # a login holding her name is likely hers ("tmccombs", Thayne McCombs' in fd: his
        # "Add --changed-after alias" read as code review of tmccombs' pull request)
        assert prs[11].data["opened_by"] == "alovelace" and "from_fork" not in prs[11].data
    finally:
        hosted.close()
    assert "opened_by" not in prs[10].data and prs[10].data["words"] == "My own work"


def test_git_gerrit_merge_of_a_reviewed_change_is_the_persons_review(
    ws: Workspace, tmp_path: Path
) -> None:
    """Gerrit merges a change the person submits as 'Merge "<its subject>" into main', the
    merge the person's, the change its author's (and Gerrit's Change-Id trailer no title): a
    contributor's change is a merge the person made of someone else's work; the person's own
    change is one item, as a branch is."""
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB)
    base = r.git("rev-parse", "HEAD")
    r.git("checkout", "-q", "-b", "bobs")
    r.commit("Add CHECK constraint detection", {"lib/check.py": lines(30), "tests/t.py": lines(10)},
             author=BOB, body="Change-Id: I6e81335bfe432beaa44fbc83133dad8b8dfe14d")
    r.git("checkout", "-q", "main")
    r.git("merge", "-q", "--no-ff", "bobs", "-m", 'Merge "Add CHECK constraint detection" into main',
          "-m", "Change-Id: I1111111111111111111111111111111111111111", date=f"{DAY}T11:00:00")
    r.git("checkout", "-q", "-b", "mine", base)
    r.commit("render PRIMARY KEY in add_column", {"lib/render.py": lines(8)})
    r.git("checkout", "-q", "main")
    r.git("merge", "-q", "--no-ff", "mine", "-m", 'Merge "render PRIMARY KEY in add_column" into main',
          date=f"{DAY}T12:00:00")
    ws.harvest("git", paths=[str(r.path)])
    merges = sorted((e.data["role"], e.text) for e in git_entries(ws) if e.kind == "merge")
    assert merges == [
        ("authored", "Change: 1 commit, +8/\u22120 in lib/ \u2014 render PRIMARY KEY in add_column"),
        ("merged", "Merged change: Add CHECK constraint detection"),
    ]
    assert not [e for e in git_entries(ws) if e.kind == "commits"]  # nothing left as a day's work
    theirs = next(e for e in git_entries(ws) if e.data["role"] == "merged")
    assert theirs.data["merged_lines"] == 40 and "branch" not in theirs.data


def test_git_a_branch_named_in_quotes_is_a_branch_not_a_reviewed_change() -> None:
    """'Merge "develop"' (a merge typed by hand) names a branch, as "Merge branch 'develop'"
    does; a Gerrit change's subject is words ('Merge "Fix the thing"')."""
    merge = classify_merge("abcdefabcdef0000", 'Merge "develop"', DAY, "main")
    assert merge is not None and (merge.branch, merge.title) == ("develop", None)
    merge = classify_merge("abcdefabcdef0000", 'Merge "Fix the thing" into main', DAY, "main")
    assert merge is not None and (merge.branch, merge.title) == (None, "Fix the thing")


def test_git_a_gerrit_merge_of_several_changes_is_named_by_their_subjects() -> None:
    """Gerrit lists the changes a merge of several brings in ("* changes:", one subject a
    line, indented): they name it, as a pull request's title does (h-rev6); a change's subject
    with a scope in capitals is no trailer; without the list the merge's subject stays."""
    merge = classify_merge("abcdefabcdef0000", "Merge changes I0e98feca,I3946d5af into main", DAY, "main")
    assert merge is not None and merge.title is None
    apply_merge_body(merge, "* changes:\n  Docs: explain batch mode\n  Add CHECK constraint detection\n\nChange-Id: I1\n")
    assert merge.title == "Docs: explain batch mode; Add CHECK constraint detection"
    merge = classify_merge("abcdefabcdef0000", 'Merge changes from topic "pep621"', DAY, "main")
    assert merge is not None
    apply_merge_body(merge, "")
    assert merge.title is None


def test_git_a_merge_body_of_trailers_gives_no_title() -> None:
    """A merge's title is its body's first line, but not a review system's trailer."""
    merge = classify_merge("abcdefabcdef0000", "Merge remote-tracking branch 'github/pr/969'", DAY, "main")
    assert merge is not None
    apply_merge_body(merge, "Change-Id: Ic6c07a214e372464c1d6303317caf98cfc3b0edf\n")
    assert merge.title is None
    merge = classify_merge("abcdefabcdef0000", "Merge branch 'retry'", DAY, "main")
    assert merge is not None
    apply_merge_body(merge, "Changes: retry with a budget\n")  # a title that looks like one
    assert merge.title == "Changes: retry with a budget"
    # a merge script's own line names the merge, not the pull request (jekyll's)
    merge = classify_merge("abcdefabcdef0000", "Merge pull request #4949 from jekyll/fix-drops", DAY, "main")
    assert merge is not None
    apply_merge_body(merge, "Merge pull request 4949\n")
    assert merge.title is None
    apply_merge_body(merge, "Merge pull request 4949\n\nFix the drops' Rubocop errors\n")
    assert merge.title == "Fix the drops' Rubocop errors"
    merge = classify_merge("abcdefabcdef0000", "Merge pull request #7 from acme/x", DAY, "main")
    assert merge is not None
    apply_merge_body(merge, "Merge branches of the parser into one\n")  # a title, not the merge's name
    assert merge.title == "Merge branches of the parser into one"


def test_git_merge_commit_by_the_person_anchors_its_item(ws: Workspace, tmp_path: Path) -> None:
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB)
    r.git("checkout", "-q", "-b", "parser")
    r.commit("Bob's parser", {"lib/parser/p.py": "p\n"}, author=BOB)
    r.git("checkout", "-q", "main")
    r.commit("Mine on main", {"docs/a.md": "a\n"})
    r.git(
        "merge",
        "-q",
        "--no-ff",
        "parser",
        "-m",
        "Merge pull request #7 from bob/parser",
        "-m",
        "New parser",
    )
    r.git("checkout", "-q", "-b", "topic")
    r.commit("Topic work", {"web/t.js": "t\n"})
    r.git("checkout", "-q", "main")
    r.commit("More on main", {"docs/b.md": "b\n"}, author=BOB)
    r.git("merge", "-q", "--no-ff", "topic", "-m", "Merge branch 'topic'")
    ws.harvest("git", paths=[str(r.path)])
    texts = {e.kind: e.text for e in git_entries(ws) if e.kind != "commits"}
    assert texts["pull-request"] == "PR #7: New parser (merged by you)"
    assert texts["merge"].startswith("Branch topic: 1 commit, +1/\u22120 in web/ \u2014 Topic work")
    merge_item = next(e for e in git_entries(ws) if e.kind == "merge")
    assert sorted(a["kind"] for a in ws.activities(merge_item.id)) == ["commit", "merge"]


def test_git_nested_merges_roll_up_into_the_innermost_pull_request(
    ws: Workspace, tmp_path: Path
) -> None:
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB, date="2026-11-01T09:00:00")
    r.git("checkout", "-q", "-b", "develop")
    r.commit("Straight on develop", {"infra/a.tf": "a\n"}, date="2026-11-02T09:00:00")
    r.git("checkout", "-q", "-b", "feature")
    r.commit("Feature work", {"web/f.js": "f\n"}, date="2026-11-02T10:00:00")
    r.git("checkout", "-q", "develop")
    r.git(
        "merge",
        "-q",
        "--no-ff",
        "feature",
        "-m",
        "Merge pull request #3 from ada/feature",
        "-m",
        "The feature",
        author=BOB,
        date="2026-11-03T09:00:00",
    )
    r.git("checkout", "-q", "main")
    r.git(
        "merge",
        "-q",
        "--no-ff",
        "develop",
        "-m",
        "Merge branch 'develop'",
        author=BOB,
        date="2026-11-04T09:00:00",
    )
    ws.harvest("git", paths=[str(r.path)])
    texts = sorted(e.text for e in git_entries(ws))
    assert texts == [
        "Branch develop: 1 commit, +1/\u22120 in infra/ \u2014 Straight on develop",
        "PR #3: The feature (1 commit, +1/\u22120 in web/)",
    ]


def test_git_a_pull_request_into_a_release_branch_holds_only_what_it_brought(
    ws: Workspace, tmp_path: Path
) -> None:
    """A pull request merged into a branch other than the default one (a release branch) brings
    in its own commits, not the branch's history below it (redis: one backport "held" 1,376 of
    the maintainer's commits on the 2.8 branch)."""
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB, date="2026-11-01T09:00:00")
    r.git("checkout", "-q", "-b", "2.8")
    r.commit("Fix the expire loop on 2.8", {"src/expire.c": lines(30)}, date="2026-11-02T10:00:00")
    r.commit("Backport the leak fix", {"src/leak.c": lines(20)}, date="2026-11-03T10:00:00")
    r.git("checkout", "-q", "-b", "bob-fix")
    r.commit("Fix dict int problem", {"src/dict.c": lines(5)}, author=BOB, date="2026-11-04T10:00:00")
    r.git("checkout", "-q", "2.8")
    r.commit("Release notes for 2.8.1", {"src/version.h": lines(2)}, date="2026-11-05T10:00:00")
    r.git(
        "merge", "-q", "--no-ff", "bob-fix", "-m", "Merge pull request #7 from bob/bob-fix",
        "-m", "Fix dict int problem at 2.8", date="2026-11-06T10:00:00",
    )
    r.git("branch", "-q", "-D", "bob-fix")
    r.git("checkout", "-q", "main")
    r.commit("Main moves on", {"src/main.c": lines(3)}, author=BOB, date="2026-11-06T11:00:00")
    ws.harvest("git", paths=[str(r.path)])
    entries = git_entries(ws)
    [pr] = [e for e in entries if e.kind == "pull-request"]
    assert pr.data["commits"] == 0 and pr.data["role"] == "merged"  # Bob's work, Ada merged it
    days = [e for e in entries if e.kind == "commits"]
    assert sum(e.data["commits"] for e in days) == 3  # Ada's own work on the branch
    assert all(e.data.get("branches") == ["2.8"] for e in days)


def test_git_labels_do_not_depend_on_which_child_the_walk_meets_first() -> None:
    """Two release branches share history; a pull request merged into each brings in a side
    line that meets the other's history. Every children-first order gives the same labels, and
    the shared commits stay the branches' own."""

    def pr(sha: str, n: int) -> Merge:
        return Merge(sha, f"pr:{n}", n, None, f"Merge pull request #{n} from x/y", "2026-11-01")

    graph = {
        "MA": (["S", "P"], pr("MA", 1)),
        "MB": (["C", "S"], pr("MB", 2)),
        "P": (["C"], None),
        "S": (["C"], None),
        "C": (["R"], None),
        "R": ([], None),
    }
    orders = [
        o for o in permutations(graph)
        if all(o.index(c) < o.index(p) for c in graph for p in graph[c][0])
    ]
    assert len(orders) > 1
    seen = set()
    for order in orders:
        labeler = Labeler({"MA": "relA", "MB": "relB"}, frozenset())
        got = {sha: labeler.feed(sha, *graph[sha])[:3] for sha in order}
        assert not labeler.pending and not labeler.live and not labeler.within
        seen.add(tuple(sorted(got.items())))
    assert len(seen) == 1
    (labels,) = seen
    got = dict(labels)
    assert got["P"] == (1, 1, "pr:1") and got["S"][0] in (1, 2)
    assert got["C"][0] == 2 and got["R"][0] == 2  # the branches' own history, not a PR's


def test_git_a_later_commit_of_the_same_pull_request_rewrites_it_whole(
    ws: Workspace, tmp_path: Path
) -> None:
    r = Repo(tmp_path / "app")
    r.commit("Add retry budget (#12)", {"billing/r.py": lines(3)}, date="2026-10-01T10:00:00")
    for day in range(2, 20):  # weeks of other work between the two
        r.commit(f"Day {day}", {f"api/{day}.py": "x\n"}, date=f"2026-10-{day:02d}T10:00:00")
    r.commit("Backport retry budget (#12)", {"billing/r.py": lines(4)}, date="2026-10-25T10:00:00")
    ws.harvest("git", paths=[str(r.path)])
    [pr] = by_kind(ws, "pull-request")
    assert pr.data["commits"] == 2 and pr.text.startswith("PR #12: Add retry budget (2 commits")
    assert len(ws.activities(pr.id)) == 2
    assert len(by_kind(ws, "commits")) == 18


def test_git_sync_merges_are_records_not_items(ws: Workspace, tmp_path: Path) -> None:
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB)
    r.git("checkout", "-q", "-b", "feature")
    r.commit("Feature work", {"web/f.js": "f\n"})
    r.git("checkout", "-q", "main")
    r.commit("Meanwhile on main", {"api/m.py": "m\n"}, author=BOB)
    r.git("checkout", "-q", "feature")
    r.git("merge", "-q", "--no-ff", "main", "-m", "Merge branch 'main' into feature")
    summary = ws.harvest("git", paths=[str(r.path)])
    assert summary.activities == 2
    assert [e.text.split(" \u2014 ")[1] for e in git_entries(ws)] == ["Feature work"]
    [merge] = ws.store.query("SELECT kind, evidence_id FROM activity WHERE kind = 'merge'")
    assert merge["evidence_id"] is None


@pytest.mark.parametrize("keep", [None, 0])
def test_git_the_persons_merges_keep_their_lines_against_the_first_parent(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, keep: int | None
) -> None:
    """Only merges of a pull request or a branch are diffed (by a walk of their own): their
    records and items keep what they brought in, as git counts it, whatever their subject
    looks like; a merge that brings a line up to date keeps none. With nothing kept of what
    that walk lists ahead (``keep=0``), each merge is diffed on its own, to the same counts."""
    if keep is not None:
        monkeypatch.setattr(git_log.MergeLines, "KEEP", keep)
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": lines(3), "api/a.py": lines(5)}, author=BOB)
    merges = {}

    def merge(branch: str, message: str, files: dict[str, str | bytes | None]) -> None:
        r.git("checkout", "-q", "-b", branch, "main")
        r.commit(f"Work on {branch}", files, author=BOB)
        r.git("checkout", "-q", "main")
        r.git("merge", "-q", "--no-ff", branch, "-m", message)
        merges[message] = r.git("rev-parse", "HEAD")

    merge("feat", "Merge pull request #7 from bob/feat", {"api/a.py": lines(8), "api/b.py": "b\n"})
    merge("topic", "Merge branch 'topic'", {"web/t.js": lines(4), "README": None})
    # the subject git reads is "Merge branch 'spread'": one paragraph over two lines
    merge("spread", "Merge branch\n'spread'", {"docs/s.md": lines(2)})
    merge("other", "Merge branch 'Main'", {"infra/x.tf": lines(6)})  # not the default branch
    merge("remote", "Merge remote-tracking branch 'origin/remote'", {"api/c.py": "c\n"})
    r.git("checkout", "-q", "-b", "feature", "main")
    r.commit("Feature work", {"web/f.js": "f\n"})
    r.git("checkout", "-q", "main")
    r.commit("Meanwhile on main", {"api/m.py": lines(9)}, author=BOB)
    r.git("checkout", "-q", "feature")
    r.git("merge", "-q", "--no-ff", "main", "-m", "Merge branch 'main' into feature")
    sync = r.git("rev-parse", "HEAD")
    ws.harvest("git", paths=[str(r.path)])
    records = {
        row["source_ref"].split("@")[1]: json.loads(row["data"])
        for row in ws.store.query("SELECT source_ref, data FROM activity WHERE kind = 'merge'")
    }
    for sha in merges.values():
        numstat = r.git("show", "--numstat", "--diff-merges=first-parent", "--format=", sha)
        counts = [line.split("\t")[:2] for line in numstat.splitlines() if line]
        added, deleted = sum(int(a) for a, _ in counts), sum(int(d) for _, d in counts)
        assert (added, deleted) != (0, 0)
        assert records[sha] == {
            "repository": "app",
            "additions": added,
            "deletions": deleted,
            "files": len(counts),
        }
    assert records[sync] == {"repository": "app", "additions": 0, "deletions": 0, "files": 0}
    [pr] = by_kind(ws, "pull-request")
    assert pr.text == "PR #7: feat (merged by you)"
    assert pr.data["merged_lines"] == 3 + 1 and pr.data["file_paths"] == ["api/a.py", "api/b.py"]


def test_git_merge_grep_is_a_superset_of_the_merges_that_keep_their_lines() -> None:
    """Every subject classify_merge reads as a pull request or a branch matches one of the
    patterns (as git would match them: any case, a line at a time); the default branch's own
    merges do not."""
    subjects = [
        "Merge pull request #12 from acme/fix",
        "Merged in feature/x (pull request #3)",
        "Merged PR 42: Add it",
        "Merge branch 'topic'",
        "Merge branch 'topic' into 'main'",
        "Merge branch 'mai'",
        "Merge branch 'mainline'",
        "Merge branch 'origin/main'",
        "Merge remote-tracking branch 'origin/topic'",
        "Merge branch 'x-y.z/w'",
        'Merge "Add CHECK constraints" into main',
        "Merge changes I0e98feca,I3946d5af into main",
        'Merge changes from topic "pep621"',
    ]
    for default in ("main", "v1.x", "release-2.0", None, "we!rd"):
        patterns = [
            re.compile(
                p.removeprefix("--grep=")
                .replace("[[:space:]]", r"\s")
                .replace(r"\(", "(")
                .replace(r"\)", ")")
                .replace(r"\{0,1\}", "?"),
                re.IGNORECASE,
            )
            for p in merge_grep(default)
        ]
        for subject in subjects:
            if classify_merge("0" * 40, subject, DAY, default) is not None:
                assert any(p.search(subject) for p in patterns), (default, subject)
        if default in ("main", "v1.x", "release-2.0"):
            own = f"Merge branch '{default}'"
            assert not any(p.search(own) for p in patterns), default


def test_git_squash_merge_subject_becomes_its_pull_request(ws: Workspace, tmp_path: Path) -> None:
    r = Repo(tmp_path / "app")
    r.commit("Add retry budget (#123)", {"billing/r.py": lines(5)})
    r.commit("Small fix", {"billing/r.py": lines(6)})
    r.git("remote", "add", "origin", "https://gitlab.com/acme/app.git")
    ws.harvest("git", paths=[str(r.path)])
    pr = by_kind(ws, "pull-request")[0]
    assert pr.text == "PR #123: Add retry budget (1 commit, +5/\u22120 in billing/)"
    assert pr.url == "https://gitlab.com/acme/app/-/merge_requests/123"
    assert len(by_kind(ws, "commits")) == 1


def test_git_gitlab_merge_request_is_named_by_its_number(ws: Workspace, tmp_path: Path) -> None:
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB)
    r.git("checkout", "-q", "-b", "retry")
    r.commit("Add the budget", {"billing/r.py": lines(2)})
    r.git("checkout", "-q", "main")
    r.commit("Meanwhile", {"api/m.py": "m\n"}, author=BOB)
    r.git(
        "merge",
        "-q",
        "--no-ff",
        "retry",
        "-m",
        "Merge branch 'retry' into 'main'",
        "-m",
        "Add retry budget",
        "-m",
        "See merge request acme/app!17",
        author=BOB,
    )
    r.git("remote", "add", "origin", "git@gitlab.com:acme/app.git")
    ws.harvest("git", paths=[str(r.path)])
    [mr] = git_entries(ws)
    assert (mr.kind, mr.text) == (
        "pull-request",
        "MR !17: Add retry budget (1 commit, +2/\u22120 in billing/)",
    )
    assert (
        mr.url == "https://gitlab.com/acme/app/-/merge_requests/17"
        and mr.data["merge_request"] == 17
    )


def test_git_days_and_parts_of_the_tree_group_separately(ws: Workspace, tmp_path: Path) -> None:
    r = Repo(tmp_path / "app")
    r.commit("Billing one", {"billing/a.py": "a\n"}, date="2026-11-03T09:00:00")
    r.commit(
        "Billing two", {"billing/b.py": "b\nc\n", "api/x.py": "x\n"}, date="2026-11-03T10:00:00"
    )
    r.commit("Api one", {"src/api/c.py": "c\nd\n"}, date="2026-11-03T11:00:00")
    r.commit("Api two", {"src/web/c.py": "c\n"}, date="2026-11-03T12:00:00")
    r.commit("Billing next day", {"billing/a.py": "b\n"}, date="2026-11-04T09:00:00")
    ws.harvest("git", paths=[str(r.path)])
    refs = sorted(e.source_ref.split(":", 1)[1] for e in git_entries(ws))
    assert refs == [
        "day:2026-11-03:billing",
        "day:2026-11-03:src/api",
        "day:2026-11-03:src/web",
        "day:2026-11-04:billing",
    ]


def test_git_a_rebased_copy_of_a_change_counts_once_and_keeps_its_record(
    ws: Workspace, tmp_path: Path
) -> None:
    """A change rebased onto main leaves its first copy on the branch it was written on: the
    same author time, subject and lines. The day's item counts the work once (commits, lines,
    subjects) and keeps both commits' records; the same subject and lines written again at
    another time is work done twice, and counts twice."""
    r = Repo(tmp_path / "app")
    r.commit("Start", {"billing/a.py": "a\n"}, author=BOB, date=f"{DAY}T08:00:00")
    r.git("checkout", "-q", "-b", "topic")
    first = r.commit("Support exit codes", {"billing/codes.py": lines(20)}, date=f"{DAY}T09:00:00")
    r.git("checkout", "-q", "main")
    r.commit("Bob's fix", {"api/x.py": "x\n"}, author=BOB, date=f"{DAY}T09:30:00")
    r.git("cherry-pick", first, date=f"{DAY}T11:00:00")  # the copy keeps its author time
    copy = r.git("rev-parse", "HEAD")
    assert copy != first
    r.commit("Tidy", {"billing/codes.py": lines(20, "row")}, date=f"{DAY}T12:00:00")
    r.commit("Tidy", {"billing/codes.py": lines(20)}, date=f"{DAY}T13:00:00")
    ws.harvest("git", paths=[str(r.path)])
    (day,) = by_kind(ws, "commits")
    assert day.data["commits"] == 3  # the change once, and "Tidy" twice
    assert (day.data["additions"], day.data["deletions"]) == (60, 40)
    assert day.text.count("Support exit codes") == 1
    assert "3 commits" in day.text and "+60/" in day.text
    refs = activity_refs(ws)
    assert any(ref.endswith(first) for ref in refs) and any(ref.endswith(copy) for ref in refs)
    # what each subject changed, for the weight: the copy is not counted again
    assert day.data["subject_lines"] == {"Tidy": [80, 1], "Support exit codes": [20, 1]}


def test_git_since_and_until_limit_the_window(ws: Workspace, tmp_path: Path) -> None:
    r = Repo(tmp_path / "app")
    for day in ("2026-10-01", "2026-10-15", "2026-11-01"):
        r.commit(f"Work on {day}", {f"d/{day}.txt": "x\n"}, date=f"{day}T10:00:00")
    summary = ws.harvest("git", paths=[str(r.path)], since="2026-10-10", until="2026-10-31")
    assert [e.occurred_on for e in git_entries(ws)] == ["2026-10-15"]
    assert summary.skipped >= 1
    # A wider window later reads the rest; what was there stays unchanged.
    again = ws.harvest("git", paths=[str(r.path)])
    assert (again.added, again.unchanged) == (2, 1)


# -- idempotent, incremental, resumable --------------------------------------------------------------


def test_git_harvest_twice_adds_nothing(ws: Workspace, repo: Repo) -> None:
    ws.harvest("git", paths=[str(repo.path)])
    again = ws.harvest("git", paths=[str(repo.path)])
    assert (again.added, again.updated, again.activities) == (0, 0, 0)
    assert len(git_entries(ws)) == 2


def test_git_new_commit_is_read_alone_and_grows_its_day(ws: Workspace, repo: Repo) -> None:
    ws.harvest("git", paths=[str(repo.path)])
    before = json.loads(ws.harvest_state("git")[f"repo:{repo.path}"])
    sha = repo.commit("Cap the budget", {"billing/retry.py": lines(13)}, date=f"{DAY}T17:00:00")
    summary = ws.harvest("git", paths=[str(repo.path)])
    assert (summary.added, summary.updated, summary.activities) == (0, 1, 1)
    after = json.loads(ws.harvest_state("git")[f"repo:{repo.path}"])
    assert (
        after["tips"] == [sha] and before["tips"] != after["tips"] and after["id"] == before["id"]
    )
    billing = [e for e in git_entries(ws) if e.text.startswith("billing/")]
    assert len(billing) == 1
    assert (
        billing[0].text
        == f"billing/: 3 commits on {DAY} (+13/\u22120) \u2014 Add retry budget; Fix flaky test; Cap the budget"
    )
    assert len(ws.activities(billing[0].id)) == 3


def test_git_persons_edit_survives_a_reharvest(ws: Workspace, repo: Repo) -> None:
    ws.harvest("git", paths=[str(repo.path)])
    billing = next(e for e in git_entries(ws) if e.text.startswith("billing/"))
    ws.edit(billing.id, text="Shipped the retry budget for billing")
    repo.commit("Cap the budget", {"billing/retry.py": lines(13)}, date=f"{DAY}T17:00:00")
    summary = ws.harvest("git", paths=[str(repo.path)])
    assert summary.kept == 1
    assert ws.entry(billing.id).text == "Shipped the retry budget for billing"
    assert len(ws.activities(billing.id)) == 3


def test_git_other_authors_new_work_reads_nothing_of_the_persons(ws: Workspace, repo: Repo) -> None:
    ws.harvest("git", paths=[str(repo.path)])
    repo.commit("Bob again", {"billing/x.py": "x\n"}, author=BOB, date=f"{DAY}T18:00:00")
    summary = ws.harvest("git", paths=[str(repo.path)])
    assert (summary.added, summary.updated, summary.unchanged, summary.activities) == (0, 0, 0, 0)


def test_git_branch_harvested_before_its_merge_moves_into_the_pull_request(
    ws: Workspace, tmp_path: Path
) -> None:
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB, date="2026-11-01T09:00:00")
    r.git("checkout", "-q", "-b", "retry")
    r.commit("Add retry budget", {"billing/retry.py": lines(4)}, date="2026-11-02T10:00:00")
    r.git("checkout", "-q", "main")
    r.commit("Main work", {"api/m.py": "m\n"}, date="2026-11-02T11:00:00")
    ws.harvest("git", paths=[str(r.path)])
    assert {e.text.split(" \u2014 ")[1] for e in git_entries(ws)} == {
        "Add retry budget",
        "Main work",
    }
    r.git(
        "merge",
        "-q",
        "--no-ff",
        "retry",
        "-m",
        "Merge pull request #5 from ada/retry",
        "-m",
        "Retry budget",
        author=BOB,
        date="2026-11-05T09:00:00",
    )
    summary = ws.harvest("git", paths=[str(r.path)])
    assert summary.added == 1
    pr = by_kind(ws, "pull-request")[0]
    assert pr.text == "PR #5: Retry budget (1 commit, +4/\u22120 in billing/)"
    assert [a["title"] for a in ws.activities(pr.id)] == ["Add retry budget"]
    day_items = [e.text for e in by_kind(ws, "commits")]
    assert day_items == ["api/: 1 commit on 2026-11-02 (+1/\u22120) \u2014 Main work"]  # withdrawn
    assert summary.withdrawn == 1


class Crashing(GitSource):
    """The git source, dying after its first batch (as a Ctrl-C or a crash would)."""

    def harvest(self, ctx: HarvestContext, **options: Any) -> Iterator[Batch]:
        for n, batch in enumerate(super().harvest(ctx, **options)):
            if n == 1:
                raise KeyboardInterrupt
            yield batch


def test_git_crash_mid_harvest_resumes_without_duplicates(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    r = Repo(tmp_path / "app")
    for day in range(1, 6):
        r.commit(f"Work of day {day}", {f"part{day}/f.txt": "x\n"}, date=f"2026-11-0{day}T10:00:00")
    monkeypatch.setattr(git_run, "BATCH_ITEMS", 2)
    with pytest.raises(KeyboardInterrupt):
        ws.harvest(Crashing(), paths=[str(r.path)])
    assert len(git_entries(ws)) == 2  # the first batch is kept, whole
    assert not any(k.startswith("repo:") for k in ws.harvest_state("git"))
    summary = ws.harvest("git", paths=[str(r.path)])
    assert (summary.added, summary.unchanged) == (3, 2)
    assert len(git_entries(ws)) == 5 and len(set(activity_refs(ws))) == len(activity_refs(ws)) == 5


# -- bad input ---------------------------------------------------------------------------------------


def test_git_paths_that_are_not_repositories_fail_before_anything_is_written(
    ws: Workspace, repo: Repo, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(InputError) as err:
        ws.harvest("git", paths=[str(repo.path), str(plain), str(tmp_path / "missing")])
    message = str(err.value)
    assert f"{plain}: not a git repository" in message
    assert f"{tmp_path / 'missing'}: no such file or directory" in message
    assert git_entries(ws) == [] and ws.harvest_state("git") == {}


def test_git_no_commits_by_the_person_names_the_identities_tried(
    ws: Workspace, tmp_path: Path
) -> None:
    bobs = Repo(tmp_path / "bobs")
    bobs.commit("Bob only", {"a": "a\n"}, author=BOB)
    with pytest.raises(NotFoundError) as err:
        ws.harvest("git", paths=[str(bobs.path)])
    assert "no commits by Ada Lovelace" in str(err.value)
    assert "identities tried: Ada Lovelace, <ada@example.com>" in str(err.value)
    assert ws.harvest_state("git") == {}
    mine = Repo(tmp_path / "mine")
    mine.commit("Mine", {"a": "a\n"})
    summary = ws.harvest("git", paths=[str(bobs.path), str(mine.path)])
    assert summary.added == 1
    assert any(f"no commits by Ada Lovelace in {bobs.path}" in n for n in summary.notes)


def test_git_shallow_clone_is_harvested_with_a_note(
    ws: Workspace, repo: Repo, tmp_path: Path
) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo.path}", str(shallow)], check=True
    )
    summary = ws.harvest("git", paths=[str(shallow)])
    assert summary.activities == 2  # the two newest commits: Ada's last two
    assert any("shallow clone" in n for n in summary.notes)


def test_git_detached_head_is_harvested(ws: Workspace, repo: Repo) -> None:
    repo.git("checkout", "-q", "--detach")
    repo.commit("On a detached HEAD", {"web/d.js": "d\n"}, date=f"{DAY}T20:00:00")
    repo.git("checkout", "-q", "main")  # the commit is now only where HEAD was... keep HEAD on it
    repo.git("checkout", "-q", "HEAD@{1}")
    ws.harvest("git", paths=[str(repo.path)])
    assert any("On a detached HEAD" in e.text for e in git_entries(ws))


def test_git_non_utf8_names_and_messages_do_not_break_the_harvest(
    ws: Workspace, tmp_path: Path
) -> None:
    r = Repo(tmp_path / "latin")
    (r.path / "msg").write_bytes("Caf\xe9 cr\xe8me fix".encode("latin-1"))
    (r.path / "a.txt").write_text("a\n")
    r.git("add", "a.txt")
    r.git(
        "-c", "i18n.commitEncoding=latin-1", "commit", "-q", "-F", "msg"
    )  # declared latin-1: converted
    (r.path / "b.txt").write_text("b\n")
    r.git("add", "b.txt")
    tree = r.git("write-tree")
    parent = r.git("rev-parse", "HEAD")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada Lovelace",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "x",
        "GIT_COMMITTER_EMAIL": "x@x",
        "GIT_AUTHOR_DATE": f"{DAY}T12:00:00 +0000",
        "GIT_COMMITTER_DATE": f"{DAY}T12:00:00 +0000",
    }
    sha = (
        subprocess.run(
            ["git", "commit-tree", tree, "-p", parent],
            cwd=r.path,
            env=env,
            check=True,
            input=b"Undeclared \xff\xfe bytes\n",
            capture_output=True,
        )
        .stdout.decode()
        .strip()
    )
    r.git("update-ref", "refs/heads/main", sha)
    raw_name = {
        **{k.encode(): v.encode() for k, v in os.environ.items()},
        b"GIT_AUTHOR_NAME": b"Ada \xe9\xff",
        b"GIT_AUTHOR_EMAIL": b"ada@example.com",
    }
    subprocess.run(
        ["git", "commit", "-q", "--allow-empty", "-m", "odd name"],
        cwd=r.path,
        env=raw_name,
        check=True,
    )
    ws.harvest("git", paths=[str(r.path)])
    titles = sorted(a["title"] for e in git_entries(ws) for a in ws.activities(e.id))
    assert titles[0] == "Caf\xe9 cr\xe8me fix" and titles[2] == "odd name"
    assert titles[1].startswith("Undeclared ") and titles[1].endswith(
        " bytes"
    )  # git or ladder replaces them


def test_git_empty_repository_is_reported(ws: Workspace, repo: Repo, tmp_path: Path) -> None:
    empty = Repo(tmp_path / "empty")
    with pytest.raises(NotFoundError, match="an empty repository"):
        ws.harvest("git", paths=[str(empty.path)])
    summary = ws.harvest("git", paths=[str(empty.path), str(repo.path)])
    assert summary.added == 2
    assert any(f"{empty.path} is empty" in n for n in summary.notes)


def test_git_broken_repository_is_a_clear_error(ws: Workspace, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    (broken / ".git").mkdir(parents=True)  # looks like a repository, is not one
    with pytest.raises(LadderError, match="broken"):
        ws.harvest("git", paths=[str(broken)])


def test_git_failing_in_one_repository_keeps_the_others(
    ws: Workspace, repo: Repo, tmp_path: Path
) -> None:
    bad = Repo(tmp_path / "damaged")
    bad.commit("Base", {"a.txt": lines(3)})
    bad.commit("Change", {"a.txt": lines(4)}, date=f"{DAY}T12:00:00")
    tree = bad.git("rev-parse", "HEAD^{tree}")
    (bad.path / ".git" / "objects" / tree[:2] / tree[2:]).unlink()  # a lost tree: git log fails
    with pytest.raises(LadderError, match=r"git failed in .*damaged"):
        ws.harvest("git", paths=[str(repo.path), str(bad.path)])
    assert len(git_entries(ws)) == 2  # the good repository is harvested, its cursor saved
    assert f"repo:{repo.path}" in ws.harvest_state("git")
    assert f"repo:{bad.path}" not in ws.harvest_state("git")


def test_git_files_git_cannot_read_are_left_out_of_the_lines_not_the_harvest(
    ws: Workspace, tmp_path: Path
) -> None:
    """A file version git cannot read (a damaged clone, a partial one away from its remote, a
    mirror without its largest files) no longer stops the harvest: the walk leaves that file
    out of its diffs, counts the rest, and a note names it."""
    r = Repo(tmp_path / "partial")
    r.commit("Add the rates and their data", {"rates.py": lines(10), "data/big.json": lines(3)})
    r.commit("Tune the rates", {"rates.py": lines(14), "data/big.json": lines(5)}, date=f"{DAY}T12:00:00")
    blob = r.git("rev-parse", "HEAD:data/big.json")
    (r.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    summary = ws.harvest("git", paths=[str(r.path)])
    (day,) = git_entries(ws)
    assert day.data["commits"] == 2 and day.data["additions"] == 14  # rates.py's lines, not big.json's
    assert "data/big.json" not in day.data["file_paths"]
    assert any("could not read 1 file" in n and "data/big.json" in n for n in summary.notes)
    assert f"repo:{r.path}" in ws.harvest_state("git")  # done: the next harvest starts from here



def test_git_a_file_git_cannot_read_leaves_the_pull_requests_the_person_merged(
    ws: Workspace, tmp_path: Path
) -> None:
    """The walk that leaves an unreadable file out follows every parent of a merge: with a
    pathspec git simplifies history, and a pull request merged while up to date with main (the
    merge's tree its branch's) was dropped with its commits (a mirror missing one image lost
    all three pull requests its maintainer merged)."""
    r = Repo(tmp_path / "site")
    r.commit("Initial", {"lib.py": lines(10), "logo.png": bytes(range(256)) * 8})
    for n in (11, 12):
        r.git("checkout", "-q", "-b", f"fix{n}")
        r.commit(f"Fix parser case {n}", {f"mod{n}.py": lines(n)}, author=BOB, date=f"2026-11-{n:02d}T10:00:00")
        r.git("checkout", "-q", "main")
        r.git(
            "merge", "-q", "--no-ff", f"fix{n}", "-m", f"Merge pull request #{n} from bob/fix{n}",
            "-m", f"Handle parser edge case {n}", date=f"2026-11-{n:02d}T12:00:00",
        )
    blob = r.git("rev-parse", "HEAD:logo.png")
    (r.path / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    summary = ws.harvest("git", paths=[str(r.path)])
    assert any("could not read 1 file" in n and "logo.png" in n for n in summary.notes)
    prs = sorted(e.text for e in by_kind(ws, "pull-request"))
    assert prs == ["PR #11: Handle parser edge case 11 (merged by you)", "PR #12: Handle parser edge case 12 (merged by you)"]
    assert {e.data["merged_lines"] for e in by_kind(ws, "pull-request")} == {11, 12}



def test_git_a_partial_clone_away_from_its_remote_is_harvested_with_a_note(
    ws: Workspace, tmp_path: Path
) -> None:
    """A partial clone (``--filter=blob:none``) whose remote is gone fails and says so: every
    file version it left out is missing, and a walk without those files leaves most commits
    out ("no commits by" a person with 529 in ecto's). git's first line says only that the
    remote is no repository; the missing object comes lines later."""
    origin = Repo(tmp_path / "origin")
    origin.commit("Add the rates", {"rates.py": lines(10)})
    origin.commit("Tune the rates", {"rates.py": lines(14), "notes.txt": lines(2)}, date=f"{DAY}T12:00:00")
    origin.git("config", "uploadpack.allowFilter", "true")
    clone = Repo(tmp_path / "clone", init=False)
    subprocess.run(
        ["git", "clone", "-q", "--no-checkout", "--filter=blob:none", f"file://{origin.path}", str(clone.path)],
        check=True, capture_output=True,
    )
    origin.path.rename(tmp_path / "gone")
    with pytest.raises(LadderError, match=r"a partial clone whose remote cannot give it .*could not fetch [0-9a-f]{40}"):
        ws.harvest("git", paths=[str(clone.path)])


# -- the command line --------------------------------------------------------------------------------


def test_cli_harvest_git_json(cli, repo: Repo) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada Lovelace", "--email", "ada@example.com").exit_code == 0
    result = cli("harvest", "git", str(repo.path), "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["source"], data["added"], data["activities"]) == ("git", 2, 3)
    again = json.loads(cli("harvest", "git", str(repo.path), "--json").stdout)
    assert (again["added"], again["updated"]) == (0, 0)


def test_cli_harvest_git_bad_path_exits_non_zero(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("init", "--name", "Ada Lovelace", "--email", "ada@example.com").exit_code == 0
    result = cli("harvest", "git", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert (
        "error: nothing was harvested" in result.stderr
        and "no such file or directory" in result.stderr
    )


def test_git_status_reports_the_git_version() -> None:
    status = GitSource().status({})
    assert status.configured and status.detail.startswith("git 2.")


# -- the rules, one by one ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        ("Merge pull request #42 from ada/retry-budget", "pr:42"),
        ("Merged in feature/x (pull request #7)", "pr:7"),
        ("Merged PR 12: Add retry", "pr:12"),
        ("Merge branch 'retry' into 'main'", "merge:abcdefabcdef"),
        ("Merge branch 'retry'", "merge:abcdefabcdef"),
        ("Merge remote-tracking branch 'origin/retry'", "merge:abcdefabcdef"),
        ("Merge branch 'main' into retry", None),
        ("Merge branch 'main' of github.com:acme/app", None),
        ("Merge remote-tracking branch 'origin/main'", None),
        ("Merge remote-tracking branch 'refs/remotes/origin/main'", None),
        ("Merge remote-tracking branch 'refs/remotes/tmux-openbsd/master'", "merge:abcdefabcdef"),
        ("Merge tag 'v1.2'", None),
        # Gerrit's merge of a reviewed change, of several, of a topic
        ('Merge "Add autogenerate support for CHECK constraints" into main', "merge:abcdefabcdef"),
        ('Merge "Fix the thing"', "merge:abcdefabcdef"),
        ("Merge changes I0e98feca,I3946d5af into main", "merge:abcdefabcdef"),
        ('Merge changes from topic "pep621"', "merge:abcdefabcdef"),
        # look-alikes: a quoted word inside an ordinary subject, changes not named by Change-Id
        ('Merge "upsert" and "insert" code paths in the writer', None),
        ("Merge changes from the old parser", None),
        ("Merge changes I made yesterday", None),
        # a branch in quotes, as a person types it: main merged into it is a sync (h-rev6)
        ('Merge "main" into feature', None),
        ('Merge "origin/main"', None),
        ('Merge "develop"', "merge:abcdefabcdef"),
    ],
)
def test_git_merge_subjects_are_recognised(subject: str, key: str | None) -> None:
    merge = classify_merge("abcdefabcdef0000", subject, DAY, "main")
    assert (merge.key if merge else None) == key
    if merge is not None and merge.branch:  # named as people name a branch, not a ref
        assert not merge.branch.startswith("refs/")


def test_git_small_rules() -> None:
    assert (
        squash_number("Add retry budget (#123)") == 123
        and squash_number("Fix #12 in parser") is None
    )
    assert numstat_path("billing/{old => new}/a.py") == "billing/new/a.py"
    assert numstat_path("a.py => b.py") == "b.py"
    assert numstat_path('"tab\\there.txt"') == "tab\there.txt"
    assert (
        part_of("README"),
        part_of("billing/a.py"),
        part_of("src/api/x.py"),
        part_of("src/x.py"),
    ) == (".", "billing", "src/api", "src")
    assert main_part([("billing/a", 1, 0), ("api/b", 5, 5)]) == "api"
    assert web_url({"origin": "git@github.com:acme/app.git"}) == "https://github.com/acme/app"
    assert (
        web_url({"upstream": "https://gitlab.example.org/g/p.git"})
        == "https://gitlab.example.org/g/p"
    )
    assert web_url({"origin": "/srv/git/app"}) is None


def test_git_sends_a_batch_early_while_the_writer_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch goes out from BATCH_MIN items when the writer has taken everything sent (so it
    writes and maps while git walks); otherwise only when full."""
    monkeypatch.setattr(git_run, "BATCH_MIN", 3)
    monkeypatch.setattr(git_run, "BATCH_ITEMS", 10)
    for idle, sizes in ((True, [3, 3, 3, 1]), (False, [10])):
        sent: list[int] = []
        out = git_run._Out(lambda event: sent.append(len(event[1].items)), lambda: idle)  # noqa: B023
        for n in range(10):
            out.items.append(n)  # type: ignore[arg-type]
            out.flush()
        out.flush(force=True)
        assert sent == sizes


def test_git_spooled_output_is_read_to_its_end(tmp_path: Path) -> None:
    """A spooled walk is read like ``tail -f`` to the writer's end, pauses and all."""
    path = tmp_path / "out"
    fd = os.open(path, os.O_RDWR | os.O_CREAT)
    script = (
        "import sys, time\n"
        "for n in range(3):\n"
        "    sys.stdout.write(f'line {n}\\n'); sys.stdout.flush(); time.sleep(0.02)\n"
    )
    with open(path, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=out)
    follow = git_log._Follow(fd, proc)
    try:
        text = io.BufferedReader(follow).read().decode()
    finally:
        follow.close()
    assert proc.wait() == 0
    assert text == "line 0\nline 1\nline 2\n"


class _Writer:
    """A writer on a clock of its own: it appends a line every ``every`` seconds of the time
    the reader sleeps, and ends after the last; so the reader's waits are exact, whatever the
    machine is doing."""

    def __init__(self, path: Path, lines: int, every: float) -> None:
        self.path, self.left, self.every = path, lines, every
        self.clock = self.due = 0.0
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock += seconds
        while self.left and self.clock >= self.due:
            with self.path.open("ab") as f:
                f.write(b"line\n")
            self.left -= 1
            self.due += self.every

    def poll(self) -> int | None:
        return None if self.left or self.clock < self.due else 0


def test_git_spooled_reader_waits_longer_while_nothing_comes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While nothing new comes the reader waits twice as long each time (never more than
    WAIT_MOST); after something came, half as long (never less than WAIT_LEAST)."""
    path = tmp_path / "out"
    path.write_bytes(b"")
    writer = _Writer(path, lines=3, every=0.05)
    monkeypatch.setattr(time, "sleep", writer.sleep)
    follow = git_log._Follow(os.open(path, os.O_RDONLY), writer)  # type: ignore[arg-type]
    try:
        text = io.BufferedReader(follow).read().decode()
    finally:
        follow.close()
    assert text == "line\n" * 3
    least, most = git_log._Follow.WAIT_LEAST, git_log._Follow.WAIT_MOST
    waits = [round(w / least) for w in writer.waits]  # in milliseconds
    # the first line comes after the first wait and is read at once (the wait back to 1 ms);
    # then 50 ms without one: 1, 2, 4, 8, 16, 16, 16 ms; after the next line, from 8 ms
    # (half of 16) up again
    assert waits[:10] == [1, 1, 2, 4, 8, 16, 16, 16, 8, 16]
    assert max(writer.waits) == most and min(writer.waits) == least
    assert all(least <= b <= min(2 * a, most) for a, b in pairwise(writer.waits))


def test_a_body_past_the_cap_is_cut_after_a_whole_line(ws: Workspace, tmp_path: Path) -> None:
    """A day's body longer than the source keeps is cut after its last whole line: the list
    of subjects, and the notes after it, never end in half a line."""
    r = Repo(tmp_path / "repo")
    notes = "\n".join(f"Step {n}: move the reader of part {n} onto the shared buffer" for n in range(400))
    r.commit("Rework the readers", {"src/a.py": "x\n"}, body=notes)
    ws.harvest("git", paths=[str(r.path)])
    (e,) = git_entries(ws)
    assert e.body is not None and len(notes) > MAX_BODY_CHARS >= len(e.body)
    assert e.body.startswith("- Rework the readers\n")
    assert e.body.splitlines()[-1] in notes.splitlines()  # a whole line, not a stump
