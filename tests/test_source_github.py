"""The GitHub source, against a real HTTP server on 127.0.0.1 (tests/fakes/github_server.py).

Library behaviour goes through ``ws.harvest("github", …)`` on SQLite and PostgreSQL; the
command through the ``cli`` fixture and one real subprocess. Waits are made tiny with
``LADDER_HTTP_BACKOFF_SCALE``; nothing of httpx or ladder is mocked.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fakes.github_server import TOKEN, FakeGitHub, serve
from helpers import CLOCK, NOW, run_ladder
from ladder.errors import InputError, LadderError, NotFoundError
from ladder.evidence import Entry, Filter
from ladder.person import ProfileInput
from ladder.sources.github import GitHubSource
from ladder.sources.github.client import (
    AccessDenied,
    GitHubError,
    RateLimited,
    TokenRejected,
    Unreachable,
)
from ladder.sources.github.plan import State
from ladder.store.schema import metadata
from ladder.workspace import Workspace

FAST = "0.001"  # LADDER_HTTP_BACKOFF_SCALE: waits of seconds become milliseconds
ALL_2025 = {
    "github:pr:acme/web#7",
    "github:pr:acme/billing#42",
    "github:pr:acme/billing#45",
    "github:issue:acme/billing#7",
    "github:issue:acme/web#11",
    "github:review:PRR_kwDOAbc0101",
    "github:review:PRR_kwDOWeb0102",
    "github:review:PRR_kwDOAbc0103",
}


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    """The fake GitHub, running."""
    yield from serve()


@pytest.fixture
def gws(ws: Workspace) -> Workspace:
    """Ada's workspace (SQLite, then PostgreSQL) with GITHUB_TOKEN set and waits made tiny."""
    ws.env = {"GITHUB_TOKEN": TOKEN, "LADDER_HTTP_BACKOFF_SCALE": FAST}
    return ws


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Workspace]:
    """The same on SQLite only, for what is about HTTP rather than storage."""
    ws = Workspace.open(
        tmp_path / "home", url=f"sqlite:///{tmp_path / 'home' / 'ladder.db'}", env={}, clock=CLOCK
    )
    ws.init_profile(
        ProfileInput(
            name="Ada Lovelace",
            emails=["ada@example.com"],
            handles=["github:ada"],
            level="mid",
            target_level="senior",
        )
    )
    ws.env = {"GITHUB_TOKEN": TOKEN, "LADDER_HTTP_BACKOFF_SCALE": FAST}
    yield ws
    ws.close()


def harvest(ws: Workspace, github: FakeGitHub, **options: Any):  # type: ignore[no-untyped-def]
    """Harvest 2025 from the fake (options override)."""
    args: dict[str, Any] = {
        "user": "ada",
        "base_url": github.url,
        "since": "2025-01-01",
        "until": "2025-12-31",
    }
    args.update(options)
    return ws.harvest("github", **args)


def entries(ws: Workspace) -> dict[str, Entry]:
    """The GitHub evidence by source_ref."""
    found, _ = ws.entries(Filter(source="github", limit=None))
    return {e.source_ref or "": e for e in found}


def stored_text(ws: Workspace) -> str:
    """Every row of every table, as text (to search for a token)."""
    rows = []
    for table in metadata.sorted_tables:
        rows += [repr(r) for r in ws.store.query(f"SELECT * FROM {table.name}")]
    return "\n".join(rows)


def activity_count(ws: Workspace) -> int:
    return int(ws.store.scalar("SELECT COUNT(*) FROM activity") or 0)


# -- what becomes evidence ------------------------------------------------------------------


def test_github_harvest_reads_prs_reviews_with_comments_and_issues(
    gws: Workspace, github: FakeGitHub
) -> None:
    summary = harvest(gws, github)

    assert (summary.added, summary.updated, summary.activities) == (8, 0, 8)
    got = entries(gws)
    assert set(got) == ALL_2025
    pr = got["github:pr:acme/billing#42"]
    assert pr.kind == "pull-request"
    assert pr.text == "Merged PR #42 in acme/billing: Add idempotent retries to the payment webhook"
    assert pr.occurred_on == "2025-03-05"  # the day it was merged
    assert pr.url == "https://github.com/acme/billing/pull/42"
    assert pr.body and "idempotency key" in pr.body and "\r" not in pr.body
    assert pr.data == {
        "repo": "acme/billing", "number": 42, "state": "merged", "draft": False,
        "created_at": "2025-03-03T09:12:00Z", "merged_at": "2025-03-05T16:40:00Z",
        "closed_at": "2025-03-05T16:40:00Z", "additions": 182, "deletions": 41, "changed_files": 7,
    }  # fmt: skip
    assert got["github:pr:acme/web#7"].text.endswith("(closed without merging)")
    assert got["github:pr:acme/billing#45"].text.startswith("Opened PR #45")
    issue = got["github:issue:acme/billing#7"]
    assert (issue.kind, issue.occurred_on) == ("issue", "2025-01-20")
    assert (
        issue.text == "Opened issue #7 in acme/billing: Webhook retries can charge a customer twice"
    )

    review = got["github:review:PRR_kwDOAbc0101"]
    assert review.kind == "review"
    assert review.text == "Reviewed PR #40 in acme/billing: 5 comments (changes requested)"
    assert review.occurred_on == "2025-03-10"
    assert review.data["pr_title"] == "Split invoice rendering into a service"
    assert review.data["pr_author"] == "grace"
    hint = next(a for a in review.areas if a.origin == "source")
    assert (hint.area, hint.expectation) == ("code-quality", "code-quality.reviews")
    assert hint.reason == "a code review you gave on acme/billing#40 with 5 comments"
    assert (
        review.body and "failure modes need a plan" in review.body and "10x invoices" in review.body
    )
    assert (
        got["github:review:PRR_kwDOWeb0102"].text
        == "Reviewed PR #9 in acme/web: no comments (approved)"
    )

    comments = gws.activities(review.id)
    assert [c["kind"] for c in comments] == ["review-comment"] * 5
    assert comments[0]["source_ref"] == "github:review-comment:2001"
    assert comments[0]["body"].startswith("What happens if the PDF service times out?")
    assert comments[0]["title"].startswith("billing/render.py: What happens")
    assert comments[0]["data"]["path"] == "billing/render.py"
    hunk = comments[0]["data"]["diff_hunk"]
    assert (
        len(hunk.splitlines()) <= 4 and "raise_for_status" in hunk and "@@" not in hunk
    )  # trimmed
    assert comments[3]["data"]["line"] == 40  # outdated: the original line
    replies = gws.activities(got["github:review:PRR_kwDOAbc0103"].id)
    assert [c["data"]["reply"] for c in replies] == [False, True, False]


def test_github_harvest_twice_adds_nothing(gws: Workspace, github: FakeGitHub) -> None:
    harvest(gws, github)
    again = harvest(gws, github)

    assert (again.added, again.updated, again.unchanged) == (0, 0, 8)
    assert len(entries(gws)) == 8
    assert activity_count(gws) == 8


def test_github_pagination_follows_end_cursors_for_lists_and_comments(
    gws: Workspace, github: FakeGitHub
) -> None:
    github.page_size = 1
    github.comment_page_size = 2

    summary = harvest(gws, github)

    assert (summary.added, summary.activities) == (8, 8)
    prs = github.graphql_requests("pullRequestContributions")
    assert [r.variables["after"] is None for r in prs] == [True, False, False]
    assert len(github.graphql_requests("node")) == 2 + 1  # 5 comments: 2 more pages; 3 comments: 1
    review = entries(gws)["github:review:PRR_kwDOAbc0101"]
    assert review.text.startswith("Reviewed PR #40 in acme/billing: 5 comments")
    assert [c["source_ref"][-4:] for c in gws.activities(review.id)] == [
        "2001",
        "2002",
        "2003",
        "2004",
        "2005",
    ]


def test_github_long_ranges_are_split_into_windows_of_at_most_a_year(
    gws: Workspace, github: FakeGitHub
) -> None:
    summary = harvest(gws, github, since="2023-06-01", until="2025-12-31")

    assert summary.added == 10  # the 2024 pull request and review too
    spans = [
        (r.variables["from"], r.variables["to"])
        for r in github.graphql_requests("pullRequestContributions")
    ]
    assert spans[0][0] == "2023-06-01T00:00:00Z" and spans[-1][1] == "2026-01-01T00:00:00Z"
    for (_, end), (next_start, _) in itertools.pairwise(spans):
        assert end == next_start
    for start, end in spans:
        assert dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start) <= dt.timedelta(
            days=365
        )
    assert len(spans) == 3
    assert github.rest_requests() == []


def test_github_default_is_the_last_365_days_then_incremental(
    lite: Workspace, github: FakeGitHub
) -> None:
    lite.harvest(
        "github", base_url=github.url
    )  # no --since: the last 365 days; user from the profile

    first = github.graphql_requests("pullRequestContributions")[0].variables
    assert first["login"] == "ada"
    start, end = dt.datetime.fromisoformat(first["from"]), dt.datetime.fromisoformat(first["to"])
    assert end - start == dt.timedelta(days=365)
    assert NOW <= end < NOW + dt.timedelta(minutes=1)  # the workspace clock, not the wall's
    github.requests.clear()

    lite.harvest("github", base_url=github.url)  # continues from where the last one ended

    again = github.graphql_requests("pullRequestContributions")[0].variables
    assert dt.datetime.fromisoformat(again["from"]) == end - dt.timedelta(days=1)


def test_github_merged_pr_updates_its_item_on_the_next_incremental_run(
    gws: Workspace, github: FakeGitHub
) -> None:
    harvest(gws, github)
    github.set_pull_request(
        "acme/billing",
        45,
        state="MERGED",
        mergedAt="2026-01-15T10:00:00Z",
        closedAt="2026-01-15T10:00:00Z",
    )

    summary = gws.harvest("github", base_url=github.url)  # its window is not read again

    assert (summary.updated, summary.added) == (1, 0)
    pr = entries(gws)["github:pr:acme/billing#45"]
    assert pr.text == "Merged PR #45 in acme/billing: Cache exchange rates for an hour"
    assert (pr.occurred_on, pr.data["state"]) == ("2026-01-15", "merged")
    assert github.graphql_requests("nodes")[0].variables["ids"] == ["PR_kwDOAbc0002"]
    assert (
        json.loads(next(v for k, v in gws.harvest_state("github").items() if k.endswith(":open")))
        == []
    )


def test_github_reharvest_keeps_the_persons_edit(gws: Workspace, github: FakeGitHub) -> None:
    harvest(gws, github)
    pr = entries(gws)["github:pr:acme/billing#45"]
    gws.edit(pr.id, text="Cached exchange rates: quotes went from 900 ms to 40 ms")
    github.set_pull_request("acme/billing", 45, state="MERGED", mergedAt="2025-12-01T10:00:00Z")

    summary = harvest(gws, github)

    assert summary.kept == 1
    assert gws.entry(pr.id).text == "Cached exchange rates: quotes went from 900 ms to 40 ms"


# -- rate limits ----------------------------------------------------------------------------


def test_github_primary_rate_limit_waits_for_a_near_reset(
    lite: Workspace, github: FakeGitHub
) -> None:
    limit = github.rate_limit(reset_in=2, api="graphql", after=1)
    seen: list[str] = []

    summary = harvest(lite, github, progress=lambda what, *_: seen.append(what))

    assert limit.hits == 1 and summary.added == 8
    assert any("rate limit: waiting" in s for s in seen)


def test_github_graphql_rate_limited_error_waits_too(lite: Workspace, github: FakeGitHub) -> None:
    limit = github.rate_limit(reset_in=1, graphql_error=True)

    assert harvest(lite, github).added == 8
    assert limit.hits == 1


def test_github_rate_limit_far_away_stops_and_the_next_run_resumes(
    gws: Workspace, github: FakeGitHub
) -> None:
    github.page_size = 1
    github.rate_limit(reset_in=3600, api="graphql", after=2, times=-1)

    with pytest.raises(RateLimited) as err:
        harvest(gws, github)

    assert "rate limit" in err.value.message and "UTC" in err.value.message
    assert "run the same command again" in err.value.message
    assert set(entries(gws)) == {
        "github:pr:acme/web#7",
        "github:pr:acme/billing#42",
    }  # pages done stay
    state = gws.harvest_state("github")
    pages = json.loads(next(v for k, v in state.items() if k.endswith(":pages")))
    github.faults.clear()
    github.requests.clear()

    summary = harvest(gws, github)

    assert github.graphql_requests()[0].variables["after"] == pages["graphql:prs"]  # resumed there
    assert summary.added == 6 and set(entries(gws)) == ALL_2025


def test_github_interrupted_first_run_resumes_without_since(
    lite: Workspace, github: FakeGitHub
) -> None:
    github.rate_limit(reset_in=3600, api="graphql", after=1, times=-1)  # after the pull requests
    with pytest.raises(RateLimited):
        lite.harvest("github", base_url=github.url)
    window = github.graphql_requests()[0].variables
    github.faults.clear()
    github.requests.clear()

    lite.harvest("github", base_url=github.url)

    resumed = github.graphql_requests()
    assert resumed[0].list == "issueContributions"  # the pull requests were done
    assert (resumed[0].variables["from"], resumed[0].variables["to"]) == (
        window["from"],
        window["to"],
    )


def test_github_plan_resumes_the_window_in_flight_and_skips_what_was_done() -> None:
    now = dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)
    saved = {
        "h/ada:through": "2025-06-01T00:00:00Z",
        "h/ada:window": json.dumps(
            {
                "from": "2025-06-01T00:00:00Z",
                "to": "2026-06-01T00:00:00Z",
                "run_from": "2024-06-01T00:00:00Z",
            }
        ),
        "h/ada:pages": json.dumps({"graphql:prs": "done", "graphql:issues": "Y3Vyc29yOnYyOjE="}),
    }
    state = State("h/ada", saved)

    same, run_from = state.plan(dt.date(2024, 6, 1), None, now)  # the same command again
    earlier, _ = state.plan(dt.date(2023, 1, 1), None, now)  # reaching further back
    elsewhere, _ = state.plan(dt.date(2021, 1, 1), dt.date(2021, 12, 31), now)  # another range

    assert [w.label for w in same] == ["2025-06-01…2026-05-31", "2026-06-01…2026-11-24"]
    assert same[0].pages["graphql:issues"] == "Y3Vyc29yOnYyOjE=" and same[1].pages == {}
    assert run_from == dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    assert earlier[0].start == dt.datetime(2023, 1, 1, tzinfo=dt.UTC)  # not known to be done
    resumed = next(w for w in earlier if w.start == dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    assert resumed.pages["graphql:prs"] == "done"
    assert [w.label for w in elsewhere] == ["2021-01-01…2021-12-31"]


def test_github_max_wait_bounds_the_wait(lite: Workspace, github: FakeGitHub) -> None:
    github.rate_limit(reset_in=30, api="graphql")

    with pytest.raises(RateLimited) as err:
        harvest(lite, github, max_wait=5)
    assert err.value.hint and "--max-wait" in err.value.hint
    assert harvest(lite, github, max_wait=120).added == 8  # the same reset, waited for


def test_github_secondary_rate_limit_backs_off_per_retry_after(
    lite: Workspace, github: FakeGitHub
) -> None:
    slow = github.secondary_limit(retry_after=1, api="graphql", after=1)
    bare = github.secondary_limit(retry_after=None, api="graphql", after=3)  # no header: a minute

    assert harvest(lite, github).added == 8
    assert (slow.hits, bare.hits) == (1, 1)


def test_github_secondary_rate_limit_longer_than_max_wait_stops(
    lite: Workspace, github: FakeGitHub
) -> None:
    github.secondary_limit(retry_after=120, api="graphql", times=-1)

    with pytest.raises(RateLimited, match="secondary rate limit"):
        harvest(lite, github)


# -- network failures -----------------------------------------------------------------------


def test_github_dropped_connection_mid_pagination_is_retried(
    lite: Workspace, github: FakeGitHub
) -> None:
    github.page_size = 1
    drop = github.fault(None, api="graphql", after=2)
    bad_gateway = github.fault(502, api="graphql", after=4)

    assert harvest(lite, github).added == 8
    assert (drop.hits, bad_gateway.hits) == (1, 1)


def test_github_server_failing_stops_cleanly_and_the_next_run_resumes(
    gws: Workspace, github: FakeGitHub
) -> None:
    github.page_size = 1
    github.fault(502, api="graphql", after=4, times=-1)

    with pytest.raises(Unreachable) as err:
        harvest(gws, github)

    assert "502" in err.value.message and "tried 3 times" in err.value.message
    assert len(entries(gws)) == 4  # three pull requests, one issue
    github.faults.clear()
    github.requests.clear()

    assert harvest(gws, github).added == 4
    assert (
        len(github.graphql_requests("pullRequestContributions")) == 0
    )  # finished lists are not re-read


# -- bad tokens, scopes, users --------------------------------------------------------------


def test_github_rejected_token_is_a_clear_error_and_writes_nothing(
    lite: Workspace, github: FakeGitHub
) -> None:
    github.token = "ghp_the_one_github_expects"

    with pytest.raises(TokenRejected) as err:
        harvest(lite, github)

    assert err.value.message.startswith("GitHub rejected the token (401 Bad credentials)")
    assert "GITHUB_TOKEN" in err.value.message and TOKEN not in str(err.value)
    assert entries(lite) == {}


def test_github_token_revoked_mid_review_leaves_no_half_written_review(
    gws: Workspace, github: FakeGitHub
) -> None:
    github.comment_page_size = 2
    github.fault(401, body={"message": "Bad credentials"}, match="node", times=-1)

    with pytest.raises(TokenRejected):
        harvest(gws, github)

    got = entries(gws)
    assert {e.kind for e in got.values()} == {"pull-request", "issue"}  # pages before it stay
    assert activity_count(gws) == 0  # none of the review's comments


def test_github_underscoped_token_names_the_scope(lite: Workspace, github: FakeGitHub) -> None:
    github.underscoped()

    with pytest.raises(AccessDenied) as err:
        harvest(lite, github)

    message = err.value.message
    assert "403" in message and "repo" in message and "GraphQL API refused it too" in message
    assert err.value.hint and "public_repo" in err.value.hint and "read:org" in err.value.hint
    assert entries(lite) == {}


def test_github_api_graphql_reports_insufficient_scopes_without_fallback(
    lite: Workspace, github: FakeGitHub
) -> None:
    github.underscoped()

    with pytest.raises(AccessDenied, match=r"required scopes.*'repo'"):
        harvest(lite, github, api="graphql")
    assert github.rest_requests() == []


def test_github_says_when_private_contributions_are_hidden(
    lite: Workspace, github: FakeGitHub
) -> None:
    github.restricted = 3
    seen: list[str] = []

    harvest(
        lite,
        github,
        since="2024-01-01",
        until="2025-12-30",
        progress=lambda what, *_: seen.append(what),
    )

    assert any("hides 6 private contributions" in s and "`repo`" in s for s in seen)  # 3 per window


def test_github_unknown_user_is_not_found(lite: Workspace, github: FakeGitHub) -> None:
    with pytest.raises(NotFoundError, match="no user 'nobody'"):
        harvest(lite, github, user="nobody")
    with pytest.raises(NotFoundError, match="no user 'nobody'"):
        harvest(lite, github, user="nobody", api="rest")


def test_github_without_token_says_how_to_set_one(lite: Workspace, github: FakeGitHub) -> None:
    lite.env = {}

    with pytest.raises(InputError) as err:
        harvest(lite, github)

    assert "no GitHub token" in err.value.message
    assert err.value.hint and "GITHUB_TOKEN" in err.value.hint and "--token-file" in err.value.hint
    assert github.requests == []


def test_github_token_that_cannot_be_one_is_refused_without_showing_it(
    lite: Workspace, github: FakeGitHub
) -> None:
    lite.env = {"GITHUB_TOKEN": "ghp_two words"}

    with pytest.raises(InputError) as err:
        harvest(lite, github)

    assert "the token from GITHUB_TOKEN is not a GitHub token" in err.value.message
    assert "two words" not in err.value.message
    assert github.requests == []


def test_github_token_file_option_and_variable(
    lite: Workspace, github: FakeGitHub, tmp_path: Path
) -> None:
    file = tmp_path / "github-token"
    file.write_text(TOKEN + "\n")
    lite.env = {"LADDER_HTTP_BACKOFF_SCALE": FAST}

    assert harvest(lite, github, token_file=str(file)).added == 8
    lite.env = {"LADDER_GITHUB_TOKEN_FILE": str(file)}
    assert harvest(lite, github).unchanged == 8
    assert all(r.authorization == f"Bearer {TOKEN}" for r in github.requests)
    with pytest.raises(InputError, match="does not exist"):
        harvest(lite, github, token_file=str(tmp_path / "missing"))


def test_github_user_comes_from_the_profile_or_must_be_given(
    bare_ws: Workspace, github: FakeGitHub
) -> None:
    bare_ws.init_profile(
        ProfileInput(
            name="Ada Lovelace", emails=["ada@example.com"], level="mid", target_level="senior"
        )
    )
    bare_ws.env = {"GITHUB_TOKEN": TOKEN}

    with pytest.raises(InputError, match="no GitHub user"):
        bare_ws.harvest("github", base_url=github.url)
    with pytest.raises(InputError, match="not a GitHub login"):
        bare_ws.harvest("github", base_url=github.url, user="ada lovelace")
    assert github.requests == []


# -- the REST fallback and GitHub Enterprise ------------------------------------------------


def test_github_rest_fallback_gives_the_same_evidence(gws: Workspace, github: FakeGitHub) -> None:
    github.graphql_enabled = False
    github.page_size = 1  # search pages, review lists and comment lists all page

    summary = harvest(gws, github)

    assert (summary.added, summary.activities) == (8, 8)
    assert set(entries(gws)) == ALL_2025
    assert len(github.graphql_requests()) == 1  # the 404, then REST only
    searches = [r for r in github.rest_requests() if r.path == "/search/issues"]
    assert any(r.query.get("page") == "2" for r in searches)
    assert any("reviewed-by:ada" in r.query["q"] for r in searches)

    github.graphql_enabled = True
    assert harvest(gws, github).unchanged == 8  # GraphQL finds exactly the same items


def test_github_api_rest_reads_other_reviewers_out(lite: Workspace, github: FakeGitHub) -> None:
    harvest(lite, github, api="rest")

    assert github.graphql_requests() == []
    review = entries(lite)["github:review:PRR_kwDOAbc0101"]
    assert review.text == "Reviewed PR #40 in acme/billing: 5 comments (changes requested)"
    assert "github:review:PRR_other40" not in entries(lite)


def test_github_rest_search_over_1000_results_cuts_the_window(
    lite: Workspace, github: FakeGitHub
) -> None:
    github.crowded_days = 100

    summary = harvest(lite, github, api="rest")

    assert summary.added == 8
    spans = {
        tuple(r.query["q"].split("created:")[1].split()[0].split(".."))
        for r in github.rest_requests()
        if r.path == "/search/issues" and "author:" in r.query["q"]
    }
    days = {
        s: (dt.datetime.fromisoformat(s[1]) - dt.datetime.fromisoformat(s[0])).days for s in spans
    }
    assert max(days.values()) == 365  # the first try, cut in halves until small enough
    read = sorted(s for s in spans if days[s] <= 100)
    assert read[0][0] == "2025-01-01T00:00:00Z" and read[-1][1] == "2026-01-01T00:00:00Z"
    for (_, end), (start, _) in itertools.pairwise(read):
        assert end == start  # the pieces tile the year


def test_github_enterprise_base_url_and_variable(lite: Workspace, github: FakeGitHub) -> None:
    assert harvest(lite, github, base_url=github.url + "/api").added == 8
    assert {r.raw_path for r in github.requests} == {"/api/graphql"}
    github.requests.clear()

    lite.env = {**lite.env, "GITHUB_API_URL": github.url + "/api/v3"}
    harvest(lite, github, base_url=None, api="rest")

    assert all(r.raw_path.startswith("/api/v3/") for r in github.requests)
    with pytest.raises(InputError, match="not an http"):
        harvest(lite, github, base_url="ghe.example/api")


# -- the token stays secret -----------------------------------------------------------------


def test_github_token_is_never_stored(gws: Workspace, github: FakeGitHub, tmp_path: Path) -> None:
    harvest(gws, github)
    github.token = "another"
    with pytest.raises(LadderError):
        harvest(gws, github)

    assert TOKEN not in stored_text(gws)
    for file in (tmp_path / "home").glob("ladder.db*"):
        assert TOKEN.encode() not in file.read_bytes()


def test_github_status_says_where_the_token_comes_from_never_the_token(tmp_path: Path) -> None:
    source = GitHubSource()
    file = tmp_path / "token"
    file.write_text(TOKEN)

    from_env = source.status({"GITHUB_TOKEN": TOKEN})
    from_file = source.status({"LADDER_GITHUB_TOKEN_FILE": str(file)})
    missing = source.status({"LADDER_GITHUB_TOKEN_FILE": str(tmp_path / "nope")})

    assert (from_env.configured, from_env.detail) == (True, "token from GITHUB_TOKEN")
    assert (
        from_file.configured
        and from_file.detail.startswith("token file ")
        and str(file.name) in from_file.detail
    )
    assert not missing.configured
    assert not source.status({}).configured
    assert all(TOKEN not in s.detail for s in (from_env, from_file, missing))


# -- the command ----------------------------------------------------------------------------


def test_cli_harvest_github_prints_a_summary_and_never_the_token(
    cli, github: FakeGitHub, home: Path
) -> None:  # type: ignore[no-untyped-def]
    env = {"GITHUB_TOKEN": TOKEN, "LADDER_HTTP_BACKOFF_SCALE": FAST}
    assert (
        cli(
            "init",
            "--name",
            "Ada Lovelace",
            "--handle",
            "github:ada",
            "--level",
            "mid",
            "--target",
            "senior",
        ).exit_code
        == 0
    )
    args = (
        "harvest",
        "github",
        "--base-url",
        github.url,
        "--since",
        "2025-01-01",
        "--until",
        "2025-12-31",
    )

    first = cli(*args, env=env)
    again = cli(*args, "--json", env=env)
    sources = cli("sources", env=env)
    sources_json = cli("sources", "--json", env=env)
    wrong = cli(*args, env={**env, "GITHUB_TOKEN": "ghp_WRONGtoken000"})

    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("github: 8 added, 0 updated, 0 unchanged · 8 records")
    assert "+ #6 Reviewed PR #40 in acme/billing: 5 comments (changes requested)" in first.stdout
    assert json.loads(again.stdout)["unchanged"] == 8
    assert "token from GITHUB_TOKEN" in sources.stdout
    assert (
        next(r for r in json.loads(sources_json.stdout) if r["name"] == "github")["configured"]
        is True
    )
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith("error: GitHub rejected the token (401 Bad credentials)")
    for result in (first, again, sources, sources_json, wrong):
        assert TOKEN not in result.stdout + result.stderr
        assert "ghp_WRONGtoken000" not in result.stdout + result.stderr
    for file in home.glob("ladder.db*"):
        assert TOKEN.encode() not in file.read_bytes()


def test_cli_harvest_github_errors_exit_non_zero(cli, github: FakeGitHub) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--name", "Ada Lovelace", "--level", "mid", "--target", "senior")
    env = {"GITHUB_TOKEN": TOKEN, "LADDER_HTTP_BACKOFF_SCALE": FAST}

    no_user = cli("harvest", "github", "--base-url", github.url, env=env)
    no_token = cli("harvest", "github", "--user", "ada", "--base-url", github.url)
    github.rate_limit(reset_in=3600, api="graphql", times=-1)
    limited = cli(
        "harvest", "github", "--user", "ada", "--base-url", github.url, "--max-wait", "0", env=env
    )

    assert (
        no_user.exit_code == 1 and "no GitHub user" in no_user.stderr and "hint:" in no_user.stderr
    )
    assert no_token.exit_code == 1 and "GITHUB_TOKEN" in no_token.stderr
    assert limited.exit_code == 1 and "rate limit" in limited.stderr and "resume" in limited.stderr


def test_ladder_harvest_github_end_to_end(github: FakeGitHub, tmp_path: Path) -> None:
    env = {"LADDER_HOME": str(tmp_path / "e2e"), "GITHUB_TOKEN": TOKEN}
    init = run_ladder(
        "init",
        "--name",
        "Ada",
        "--handle",
        "github:ada",
        "--level",
        "mid",
        "--target",
        "senior",
        env=env,
    )
    assert init.returncode == 0, init.stderr

    done = run_ladder(
        "harvest",
        "github",
        "--base-url",
        github.url,
        "--since",
        "2025-01-01",
        "--until",
        "2025-12-31",
        env=env,
    )

    assert done.returncode == 0, done.stderr
    assert "github: 8 added" in done.stdout
    assert TOKEN not in done.stdout + done.stderr


def test_github_error_messages_never_contain_the_token(lite: Workspace, github: FakeGitHub) -> None:
    echo = {"message": f"proxy says: Authorization: Bearer {TOKEN} is not allowed"}
    github.fault(400, body=echo, api="rest", times=-1)

    with pytest.raises(GitHubError) as err:
        harvest(lite, github, api="rest")

    assert TOKEN not in str(err.value) and "***" in str(err.value)
