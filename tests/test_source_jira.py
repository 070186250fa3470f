"""The Jira source against a real local HTTP server that answers like Jira Cloud or Server."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fakes.jira_server import FakeJira, serve
from helpers import CLOCK
from ladder.errors import InputError, LadderError
from ladder.evidence import Entry, Filter
from ladder.sources.jira import JiraError, JiraSource, adf_to_text, credentials
from ladder.workspace import Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "jira"


def source() -> JiraSource:
    src = JiraSource()
    src.retry_delays = (0.0, 0.0)  # three tries, no waiting
    return src


def entries(ws: Workspace) -> dict[str, Entry]:
    found, _ = ws.entries(Filter(source="jira", limit=None))
    return {e.source_ref or "": e for e in found}


def stored_text(ws: Workspace) -> str:
    """Everything in the store, as text (and the raw SQLite files, when that is the backend)."""
    from ladder.store.schema import metadata

    parts = [repr(ws.store.query(f"SELECT * FROM {name}")) for name in metadata.tables]
    if ws.store.dialect == "sqlite":
        ws.store.connection.commit()
        for f in Path(ws.home).glob("ladder.db*"):
            parts.append(f.read_bytes().decode("latin-1"))
    return "\n".join(parts)


@pytest.fixture
def cloud() -> Iterator[FakeJira]:
    with serve(FakeJira(flavor="cloud")) as fake:
        yield fake


@pytest.fixture
def server() -> Iterator[FakeJira]:
    with serve(FakeJira(flavor="server", token="server-pat-s3cret")) as fake:
        yield fake


def test_jira_cloud_harvests_the_persons_issues_and_comments(
    ws: Workspace, cloud: FakeJira
) -> None:
    ws.env = cloud.env()
    summary = ws.harvest(source())

    assert (summary.added, summary.skipped, summary.activities) == (4, 1, 2)  # ACME-21 only watched
    found = entries(ws)
    assert set(found) == {"jira:ACME-12", "jira:ACME-15", "jira:ACME-19", "jira:ACME-23"}
    fixed = found["jira:ACME-12"]
    assert fixed.text == "ACME-12: Fix retry storm in the payment worker (resolved, Bug)"
    assert fixed.kind == "ticket"
    assert fixed.url == f"{cloud.url}/browse/ACME-12"
    assert fixed.occurred_on == "2026-03-04"  # resolved that day
    assert fixed.data["status"] == "Resolved" and fixed.data["resolution"] == "Fixed"
    assert fixed.data["resolved"] == "2026-03-04" and fixed.data["story_points"] == 3.0
    assert fixed.data["roles"] == ["assignee", "commenter", "resolver"]
    assert "1. Fail the gateway for 30 s" in (fixed.body or "")
    assert found["jira:ACME-15"].data["roles"] == ["assignee", "reporter"]
    assert found["jira:ACME-19"].data["roles"] == ["assignee"]  # assigned once, then handed on
    assert found["jira:ACME-23"].data["roles"] == ["commenter"]
    assert found["jira:ACME-23"].occurred_on == "2026-03-18"  # the day of the person's comment

    comment = ws.activities(fixed.id)
    assert [a["kind"] for a in comment] == ["ticket-comment"]
    assert comment[0]["source_ref"] == "jira:ACME-12/comment/10101"
    assert comment[0]["occurred_at"] == "2026-03-03T14:05:00Z"
    assert comment[0]["body"] == (
        "Root cause: every worker retried at the same instant. @Grace Hopper the fix adds jitter:\n\n"
        "- exponential backoff\n- full jitter, capped at 30 s\n\n"
        "delay = random.uniform(0, min(cap, base * 2 ** n))"
    )  # Atlassian Document Format, as plain text; Grace's comment is not kept

    searches = cloud.searches()
    assert [r.path for r in searches] == ["/rest/api/3/search/jql"] * 3  # 5 issues, 2 a page
    assert "nextPageToken" not in searches[0].body and searches[1].body["nextPageToken"] == "tok-2"
    assert (
        searches[0]
        .body["jql"]
        .startswith(
            "(assignee was currentUser() OR reporter = currentUser() OR resolution changed by currentUser()"
        )
    )
    assert all(r.authorization and r.authorization.startswith("Basic ") for r in cloud.requests)


def test_jira_second_run_asks_only_for_what_changed_and_adds_nothing(
    ws: Workspace, cloud: FakeJira
) -> None:
    ws.env = cloud.env()
    ws.harvest(source())
    assert ws.harvest_state("jira")[f"updated:{cloud.url}"] == "2026-03-20T15:00:00Z"

    again = ws.harvest(source())

    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert 'updated >= "2026-03-19"' in cloud.searches()[-1].body["jql"]  # a day of overlap
    assert len(entries(ws)) == 4


def test_jira_update_at_the_source_changes_the_entry_unless_the_person_edited_it(
    ws: Workspace, cloud: FakeJira
) -> None:
    ws.env = cloud.env()
    ws.harvest(source())
    found = entries(ws)
    ws.edit(found["jira:ACME-12"].id, text="Ended the payment retry storm (ACME-12)")
    for issue in cloud.issues:
        if issue["key"] in ("ACME-12", "ACME-15"):
            issue["fields"]["summary"] += " (renamed)"
            issue["fields"]["updated"] = "2026-03-25T10:00:00.000+0000"

    again = ws.harvest(source())

    assert (again.updated, again.kept) == (1, 1)
    found = entries(ws)
    assert found["jira:ACME-12"].text == "Ended the payment retry storm (ACME-12)"
    assert found["jira:ACME-15"].text.startswith(
        "ACME-15: Design the outbox for billing events (renamed)"
    )


def test_jira_server_flavor_pages_with_start_at_and_a_bearer_token(
    ws: Workspace, server: FakeJira
) -> None:
    ws.env = server.env()
    summary = ws.harvest(source(), flavor="server")

    assert summary.added == 3
    found = entries(ws)
    runbook = found["jira:OPS-3"]
    assert runbook.text == "OPS-3: Write the on-call runbook for the queue (closed, Task)"
    assert runbook.data["story_points"] == 2.0 and runbook.data["resolved"] == "2026-04-02"
    assert runbook.data["roles"] == ["assignee", "commenter", "resolver"]
    assert found["jira:OPS-7"].data["roles"] == ["reporter"]
    assert found["jira:OPS-8"].data["roles"] == ["commenter"]
    assert (
        ws.activities(found["jira:OPS-8"].id)[0]["body"]
        == "The staging ones expire first, on the 20th."
    )
    assert all(r.path.startswith("/rest/api/2/") for r in server.requests)
    assert [r.body["startAt"] for r in server.searches()] == [0, 2]
    assert all(r.authorization == "Bearer server-pat-s3cret" for r in server.requests)


def test_jira_auto_flavor_falls_back_to_server_on_404(ws: Workspace, server: FakeJira) -> None:
    ws.env = server.env()
    summary = ws.harvest(source())  # flavor auto

    assert summary.added == 3
    assert server.requests[0].path == "/rest/api/3/myself"
    assert {r.path for r in server.requests[1:]} <= {
        "/rest/api/2/myself",
        "/rest/api/2/field",
        "/rest/api/2/search",
    }


def test_jira_reads_every_comment_when_the_search_carries_only_some(ws: Workspace) -> None:
    with serve(FakeJira(flavor="cloud", comment_limit=1)) as cloud:
        ws.env = cloud.env()
        ws.harvest(source())
        paths = [r.path for r in cloud.requests]
    assert "/rest/api/3/issue/ACME-23/comment" in paths  # Ada's comment is the second of three
    assert entries(ws)["jira:ACME-23"].data["comments"] == 1


def test_jira_window_keeps_what_happened_in_it(ws: Workspace, cloud: FakeJira) -> None:
    ws.env = cloud.env()
    summary = ws.harvest(source(), since="2026-03-11", until="2026-03-19")

    assert set(entries(ws)) == {"jira:ACME-19", "jira:ACME-23"}
    assert summary.skipped == 1  # ACME-21, only watched; the fake ignores `created <`
    jql = cloud.searches()[0].body["jql"]
    assert 'updated >= "2026-03-11"' in jql and 'created < "2026-03-20"' in jql
    assert f"updated:{cloud.url}" not in ws.harvest_state(
        "jira"
    )  # a window does not move the cursor


def test_jira_user_option_searches_for_that_user(ws: Workspace, server: FakeJira) -> None:
    ws.env = server.env()
    ws.harvest(source(), flavor="server", user="ada")
    assert '(assignee was "ada" OR reporter = "ada"' in server.searches()[0].body["jql"]
    assert len(entries(ws)) == 3


def test_jira_401_is_a_clear_error_and_writes_nothing(ws: Workspace, cloud: FakeJira) -> None:
    ws.env = cloud.env(JIRA_API_TOKEN="wrong-token")
    with pytest.raises(JiraError) as err:
        ws.harvest(source())
    assert "did not accept the credentials" in err.value.message and "401" in err.value.message
    assert "JIRA_API_TOKEN" in (err.value.hint or "")
    assert "wrong-token" not in err.value.message + (err.value.hint or "")
    assert entries(ws) == {}


def test_jira_403_says_what_is_missing(ws: Workspace, cloud: FakeJira) -> None:
    ws.env = cloud.env()
    cloud.fail_search_from, cloud.fail_status = 1, 403
    with pytest.raises(JiraError, match="403 Forbidden"):
        ws.harvest(source())
    assert entries(ws) == {}


def test_jira_failure_mid_pagination_keeps_the_pages_written_and_resumes(
    ws: Workspace, cloud: FakeJira
) -> None:
    ws.env = cloud.env()
    cloud.fail_search_from = 2  # page 2 answers 500, every time
    with pytest.raises(JiraError) as err:
        ws.harvest(source())
    assert "500" in err.value.message and "tried 3 times" in err.value.message
    assert "run the same command again" in (err.value.hint or "")
    assert set(entries(ws)) == {"jira:ACME-12", "jira:ACME-15"}  # page 1 stays
    assert ws.harvest_state("jira")[f"updated:{cloud.url}"] == "2026-03-10T08:30:00Z"

    cloud.fail_search_from = None
    again = ws.harvest(source())

    assert 'updated >= "2026-03-09"' in cloud.searches()[-1].body["jql"]
    assert again.added == 2 and set(entries(ws)) >= {"jira:ACME-19", "jira:ACME-23"}


def test_jira_retries_a_passing_failure(ws: Workspace, cloud: FakeJira) -> None:
    ws.env = cloud.env()
    cloud.fail_search_from, cloud.fail_times = 2, 2  # two 500s, then it answers
    assert ws.harvest(source()).added == 4


def test_jira_network_error_mid_pagination(ws: Workspace, cloud: FakeJira) -> None:
    ws.env = cloud.env()
    cloud.fail_search_from, cloud.drop_connection = 3, True
    with pytest.raises(JiraError, match="cannot reach Jira"):
        ws.harvest(source())
    assert len(entries(ws)) == 3  # pages 1 and 2


def test_jira_missing_configuration_names_the_variables(ws: Workspace) -> None:
    ws.env = {}
    with pytest.raises(InputError) as err:
        ws.harvest(source())
    assert "JIRA_URL" in err.value.message
    ws.env = {"JIRA_URL": "https://acme.atlassian.net"}
    with pytest.raises(InputError) as err:
        ws.harvest(source())
    for var in ("JIRA_EMAIL", "JIRA_API_TOKEN", "JIRA_TOKEN"):
        assert var in err.value.message


def test_jira_bad_flavor_is_refused(ws: Workspace, cloud: FakeJira) -> None:
    ws.env = cloud.env()
    with pytest.raises(InputError, match="--flavor"):
        ws.harvest(source(), flavor="datacenter")


def test_jira_token_from_a_file(ws: Workspace, server: FakeJira, tmp_path: Path) -> None:
    token = tmp_path / "jira-token"
    token.write_text("server-pat-s3cret\n")
    ws.env = {"JIRA_URL": server.url, "JIRA_TOKEN_FILE": str(token)}
    assert ws.harvest(source()).added == 3
    status = JiraSource().status(ws.env)
    assert status.configured and "JIRA_TOKEN_FILE" in status.detail
    assert "s3cret" not in status.detail


def test_jira_status_says_how_never_the_secret() -> None:
    off = JiraSource().status({})
    assert not off.configured and "JIRA_URL" in off.detail and "JIRA_TOKEN" in off.detail
    on = JiraSource().status(
        {
            "JIRA_URL": "https://acme.atlassian.net",
            "JIRA_EMAIL": "ada@example.com",
            "JIRA_API_TOKEN": "tok-s3cret",
        }
    )
    assert on.configured and "JIRA_API_TOKEN" in on.detail and "tok-s3cret" not in on.detail
    creds = credentials(
        {"JIRA_URL": "https://u:pw@acme.atlassian.net/", "JIRA_TOKEN": "pat-s3cret"}
    )
    assert "pat-s3cret" not in repr(creds)
    assert creds.url == "https://acme.atlassian.net"  # no user:password kept


def test_jira_token_is_never_stored_logged_or_printed(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    secret = "cloud-api-token-s3cret"
    with serve(FakeJira(flavor="cloud", token=secret)) as cloud:
        assert cli("init", "--name", "Ada Lovelace", "--email", "ada@example.com").exit_code == 0
        ok = cli("harvest", "jira", "--json", env=cloud.env())
        bad = cli("harvest", "jira", env=cloud.env(JIRA_API_TOKEN=secret + "-old"))
        listed = cli("sources", "--json", env=cloud.env())
    assert ok.exit_code == 0, ok.stderr
    assert json.loads(ok.stdout)["added"] == 4
    assert bad.exit_code == 1 and "401" in bad.stderr
    for result in (ok, bad, listed):
        assert secret not in result.stdout + result.stderr
    ws = Workspace.open(home, env={}, clock=CLOCK)
    try:
        assert secret not in stored_text(ws)
        assert len(entries(ws)) == 4
    finally:
        ws.close()


def test_jira_cli_prints_a_summary(cli, server: FakeJira) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--name", "Ada Lovelace", "--email", "ada@example.com")
    result = cli("harvest", "jira", "--flavor", "server", "--since", "2026-04-01", env=server.env())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("jira: 3 added")
    assert "OPS-3: Write the on-call runbook for the queue (closed, Task)" in result.stdout
    missing = cli("harvest", "jira", env={"JIRA_URL": server.url})
    assert missing.exit_code == 1 and "JIRA_TOKEN" in missing.stderr


def test_adf_to_text_handles_the_usual_nodes() -> None:
    issue = json.loads((FIXTURES / "cloud_issues.json").read_text())[0]
    assert adf_to_text(issue["fields"]["description"]) == (
        "Workers retry failed charges at the same instant and take the gateway down.\n\n"
        "Steps\n\n1. Fail the gateway for 30 s\n2. Watch the retries line up"
    )
    assert adf_to_text("wiki *markup* stays") == "wiki *markup* stays"
    assert adf_to_text(None) == ""
    day = int(dt.datetime(2026, 3, 4, tzinfo=dt.UTC).timestamp() * 1000)
    doc = {
        "type": "doc",
        "content": [
            {
                "type": "paragraph",
                "content": [
                    {"type": "text", "text": "due "},
                    {"type": "date", "attrs": {"timestamp": str(day)}},
                    {"type": "hardBreak"},
                    {"type": "inlineCard", "attrs": {"url": "https://x.example/1"}},
                ],
            }
        ],
    }
    assert adf_to_text(doc) == "due 2026-03-04\nhttps://x.example/1"


def test_jira_errors_are_ladder_errors() -> None:
    assert issubclass(JiraError, LadderError)
