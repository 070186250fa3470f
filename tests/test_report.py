"""The "what did I do" status report: highlights, items by area, strength ranking, the command."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from helpers import TODAY
from ladder import period, render, report
from ladder.evidence import AreaLink, Entry
from ladder.workspace import Workspace


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def last_days(n: int) -> period.Period:
    return period.days(days_ago(n - 1), TODAY)


# -- strength: worked examples ------------------------------------------------------------------
def entry(kind: str = "note", *, impact: str | None = None, age: int = 0, conf: float = 1.0,
          origin: str = "user", area: str = "delivery", url: str | None = None, **data: object) -> Entry:  # fmt: skip
    return Entry(
        id=1,
        uid="u",
        occurred_on=(TODAY - dt.timedelta(days=age)).isoformat(),
        text="x",
        impact=impact,
        kind=kind,
        url=url,
        areas=(AreaLink(area, "", origin, conf, ""),),
        data=dict(data),
    )


def test_strength_prefers_pull_requests_and_design_docs_over_small_commits() -> None:
    s = {k: report.strength(entry(k), today=TODAY) for k in ("pull-request", "doc", "commits")}
    assert s["pull-request"] > s["commits"] and s["doc"] > s["commits"]
    assert report.strength(entry("doc", passed=True), today=TODAY) > report.strength(
        entry("doc", passed=False), today=TODAY
    )


def test_strength_counts_impact_recency_and_mapping_confidence() -> None:
    base = report.strength(entry(), today=TODAY)
    assert report.strength(entry(impact="p99 halved"), today=TODAY) > base
    assert report.strength(entry(age=300), today=TODAY) < base
    assert report.strength(entry(age=900), today=TODAY) == report.strength(
        entry(age=400), today=TODAY
    )
    assert report.strength(entry(origin="mapper", conf=0.4), today=TODAY) < base
    assert report.strength(entry(url="https://x.example/pr/1"), today=TODAY) > base
    # for an area the entry is not mapped to, only the impact and link bonuses are left
    assert report.strength(entry(), area="operations", today=TODAY) == 0.0


def test_strength_puts_the_persons_own_significant_work_before_changes_they_merged() -> None:
    """A manager reads the person's own significant work first: a day's commits that
    restructured a module, mapped only by its shape, outranks someone else's pull request the
    person merged, which shows their review of it and weighs half of their own."""
    merged = entry("pull-request", origin="mapper", conf=0.5, role="merged")
    own_pr = entry("pull-request", origin="mapper", conf=0.5, role="authored")
    assert report.strength(merged, today=TODAY) == report.strength(own_pr, today=TODAY) / 2
    restructured = entry("commits", origin="mapper", conf=0.3, role="authored")
    restructured = dataclasses.replace(restructured, substance="significant")
    assert report.strength(restructured, today=TODAY) > report.strength(merged, today=TODAY)


def test_a_subject_list_the_harvest_cut_off_loses_its_cut_subject() -> None:
    """A day's subjects fill the whole body the git source keeps, so its last line was cut
    mid-subject: the claim names the whole subjects and not the stump."""
    from ladder.sources.git.rollup import MAX_BODY_CHARS

    subjects = [f"Tidy module {n} of the config loader" for n in range(400)]
    body = "\n".join(f"- {x}" for x in subjects)[:MAX_BODY_CHARS]
    stump = body.rsplit("\n", 1)[1]
    assert stump.startswith("- ") and stump[2:] not in subjects  # cut mid-subject
    e = dataclasses.replace(
        entry("commits"),
        source="git",
        body=body,
        data={"words": "; ".join(subjects[:3]) + "; \u2026", "role": "authored"},
    )
    said = report.claim(e).split("; ")
    assert said[-1] in subjects and stump[2:] not in said
    assert len(said) == len(body.splitlines()) - 1
    # a short list, complete though its last line ends the body, is read whole
    short = dataclasses.replace(e, body="\n".join(f"- {x}" for x in subjects[:5]))
    assert report.claim(short).split("; ") == subjects[:5]


def test_a_note_keeps_its_leading_symbol_a_harvested_subject_loses_its_gitmoji() -> None:
    note = dataclasses.replace(entry(), text="\u2318K palette shipped to every page")
    assert report.Item.of(note, today=TODAY).text == "\u2318K palette shipped to every page."
    commit = dataclasses.replace(
        entry("commits"), source="git", data={"words": ":bug: fix the pool", "role": "authored"}
    )
    assert report.Item.of(commit, today=TODAY).text == "Fix the pool."


def test_strength_a_rejected_area_does_not_count() -> None:
    e = Entry(
        id=1, uid="u", occurred_on=TODAY.isoformat(), text="x",
        areas=(AreaLink("operations", "", "mapper", 0.9, ""), AreaLink("operations", "", "user", 0.0, "")),
    )  # fmt: skip
    assert report.areas_of(e) == ()
    assert report.strength(e, area="operations", today=TODAY) == 0.0


# -- the report ---------------------------------------------------------------------------------
@pytest.fixture
def logged(ws: Workspace) -> Workspace:
    ws.log("Shipped the checkout retry banner", date=days_ago(1), areas=["delivery"],
           impact="support tickets about retries dropped", links=["https://github.com/acme/shop/pull/7"])  # fmt: skip
    ws.log(
        "Wrote the postmortem for the queue outage @oncall", date=days_ago(2), areas=["operations"]
    )
    ws.log("Paired with Lin on flaky tests", date=days_ago(3), areas=["code-quality", "mentorship"])
    ws.log("Read up on tail latency", date=days_ago(4))
    ws.log("An old thing", date=days_ago(40), areas=["delivery"])
    gone = ws.log("A deleted thing", date=days_ago(1), areas=["delivery"])
    ws.remove(gone.id)
    return ws


def test_report_lists_each_item_once_highlights_first(logged: Workspace) -> None:
    r = report.build(logged, last_days(7), today=TODAY)
    assert r.total == 4 and r.active_days == 4
    assert [i.text for i in r.highlights] == ["Shipped the checkout retry banner."]
    assert r.highlights[0].impact == "Support tickets about retries dropped."
    assert r.highlights[0].url == "https://github.com/acme/shop/pull/7"
    listed = [i.id for i in r.highlights] + [i.id for g in r.groups for i in g.items]
    assert len(listed) == len(set(listed)) == 4
    assert [g.area for g in r.groups] == [
        "code-quality",
        "operations",
        "",
    ]  # ladder order, unmapped last
    assert r.groups[-1].name == "Not mapped to an area"
    assert r.groups[1].items[0].text == "Wrote the postmortem for the queue outage."
    assert r.by_kind == {"note": 4}


def test_report_keeps_to_its_period(logged: Workspace) -> None:
    r = report.build(logged, period.days(days_ago(60), days_ago(30)), today=TODAY)
    assert [i.text for g in r.groups for i in g.items] + [i.text for i in r.highlights] == [
        "An old thing."
    ]


def test_report_of_an_empty_period_says_so(logged: Workspace) -> None:
    r = report.build(logged, period.days(days_ago(20), days_ago(10)), today=TODAY)
    assert r.empty and r.groups == () and r.highlights == ()
    text = render.markdown(r)
    assert "Nothing was recorded in this period." in text
    assert "ladder harvest git" in text


def test_report_to_dict_is_json_ready(logged: Workspace) -> None:
    data = report.build(logged, last_days(7), today=TODAY).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["total"] == 4
    assert data["highlights"][0]["statement"] == (
        "Shipped the checkout retry banner. Impact: Support tickets about retries dropped."
    )
    assert {g["area"] for g in data["groups"]} == {"code-quality", "operations", None}


def test_report_markdown_reads_well(logged: Workspace) -> None:
    text = render.markdown(report.build(logged, last_days(7), today=TODAY))
    assert text.startswith("# What Ada Lovelace did:")
    assert "4 items on 4 days: 4 notes." in text
    assert "## Highlights" in text and "## Operations" in text
    assert "[pull request](<https://github.com/acme/shop/pull/7>)" in text


def test_report_follows_the_persons_mapping_decisions(ws: Workspace) -> None:
    e = ws.log("Ran the incident review for the DNS failover", date=days_ago(1))
    ws.map(e.id)
    ws.tag(e.id, area="leadership", remove=["operations"])
    r = report.build(ws, last_days(7), today=TODAY)
    # an incident review weighs as significant: it leads the report, under the person's area
    assert [i.id for i in r.highlights] == [e.id] and r.highlights[0].areas == ("leadership",)
    assert r.groups == ()


# -- the command --------------------------------------------------------------------------------
def init(cli) -> None:  # type: ignore[no-untyped-def]
    assert (
        cli(
            "init", "--name", "Ada", "--email", "a@x.org", "--level", "mid", "--target", "senior"
        ).exit_code
        == 0
    )


def test_cli_report_defaults_to_last_week(cli) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    monday = TODAY - dt.timedelta(days=TODAY.weekday() + 7)
    assert (
        cli(
            "log", "Shipped the banner", "--date", (monday + dt.timedelta(days=2)).isoformat()
        ).exit_code
        == 0
    )
    r = cli("report")
    assert r.exit_code == 0, r.stderr
    assert "What Ada did: last week" in r.stdout
    assert "Shipped the banner." in r.stdout
    r = cli("report", "last-week", "--json")
    assert json.loads(r.stdout)["period"]["start"] == monday.isoformat()


def test_cli_report_since_until_and_files(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    cli("log", "Wrote the runbook", "--date", days_ago(3).isoformat())
    out = tmp_path / "week.md"
    r = cli("report", "--since", days_ago(6).isoformat(), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert "Wrote the report to" in r.stderr
    assert "Wrote the runbook." in out.read_text()
    r = cli("report", "--since", "7 days ago", "--format", "html", "-o", str(tmp_path / "w.html"))
    assert r.exit_code == 0 and (tmp_path / "w.html").read_text().startswith("<!DOCTYPE html>")
    data = json.loads(cli("report", "--since", days_ago(6).isoformat(), "--json").stdout)
    assert data["total"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("last-fortnight",), "cannot read 'last-fortnight' as a period"),
        (("2026-13",), "there is no month 13"),
        (("last-week", "--since", "2026-01-01"), "not both"),
        (("--until", "2026-01-01"), "--until needs --since"),
        (("--since", "2026-11-10", "--until", "2026-11-01"), "the period is empty"),
        (("--since", "someday"), "--since: cannot read 'someday'"),
        (("--json", "--format", "md"), "give --json or --format, not both"),
        (("--format", "docx"), "unknown format 'docx'"),
        (("--format", "pdf"), "give a file name for the PDF"),
    ],
)
def test_cli_report_bad_input_is_a_clear_error(cli, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    r = cli("report", *args)
    assert r.exit_code == 1
    assert message in r.stderr
    assert r.stderr.startswith("error: ") and "Traceback" not in r.stderr


def test_cli_report_unwritable_output_writes_nothing(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    out = tmp_path / "out"
    out.mkdir()
    r = cli("report", "-o", str(out / "no" / "such" / "folder" / "r.md"))
    assert r.exit_code == 1 and "does not exist" in r.stderr
    r = cli("report", "-o", str(out))
    assert r.exit_code == 1 and "it is a folder" in r.stderr
    assert list(out.iterdir()) == []


def test_cli_report_without_a_profile_says_how_to_start(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli("report")
    assert r.exit_code == 1 and "no profile" in r.stderr and "ladder init" in r.stderr


# -- what a reviewer found (issue #6) -----------------------------------------------------------
def test_report_files_learning_under_learning_not_its_area(ws: Workspace) -> None:
    ws.log(
        "Finished the caching chapter of DDIA @reading", date=days_ago(1), areas=["system-design"]
    )
    ws.log("Wrote the design doc for the billing cache", date=days_ago(2), areas=["system-design"])
    learned = ws.learning.add("Site Reliability Engineering", kind="book", areas=["operations"])
    ws.learning.done(learned.id, applied="wrote our first error budget")
    r = report.build(ws, last_days(7), today=TODAY, highlights=0)
    by = {g.name: g for g in r.groups}
    assert [g.kind for g in r.groups] == ["area", "learning"]
    assert [i.text for i in by["System design"].items] == [
        "Wrote the design doc for the billing cache."
    ]
    assert len(by["Learning"].items) == 2 and all(
        report.is_learning(i) for i in by["Learning"].items
    )
    assert r.to_dict()["groups"][1] == {**r.groups[1].to_dict(), "area": None, "kind": "learning"}
    assert "## Learning" in render.markdown(r)


def test_report_cites_ids_in_brackets(logged: Workspace) -> None:
    r = report.build(logged, last_days(7), today=TODAY)
    text = render.markdown(r)
    ids = [i.id for i in r.highlights] + [i.id for g in r.groups for i in g.items]
    assert all(f"\\[{n}\\]" in text for n in ids) and "· #" not in text


def test_cli_report_dates_follow_the_rule_of_every_document(cli) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    r = cli("report", "--since", "")
    assert r.exit_code == 1 and "error: --since is empty" in r.stderr and "--date" not in r.stderr
    r = cli("report", "--since", days_ago(3).isoformat(), "--until", "")
    assert r.exit_code == 1 and "error: --until is empty" in r.stderr
    ahead = (TODAY + dt.timedelta(days=160)).isoformat()
    r = cli("report", "--since", days_ago(3).isoformat(), "--until", ahead)
    assert r.exit_code == 0, r.stderr
    subtitle = r.stdout.splitlines()[2]
    assert subtitle.startswith("So far · generated"), subtitle  # the title already has the days
    r = cli("report", "--since", (TODAY + dt.timedelta(days=2)).isoformat())
    assert (
        r.exit_code == 1 and "in the future" in r.stderr and "start on or before today" in r.stderr
    )


def test_report_subtitle_does_not_repeat_the_title() -> None:
    p = period.parse("2026-09-01..2026-09-30", today=dt.date(2026, 11, 24))
    r = report.Report("Ada", p, dt.date(2026, 11, 24), 0, 0, {}, (), ())
    assert r.title == "What Ada did: 1 Sep 2026 \u2013 30 Sep 2026"
    assert r.subtitle == "generated 24 Nov 2026"
    named = report.Report("Ada", period.parse("last-week", today=dt.date(2026, 11, 24)),
                          dt.date(2026, 11, 24), 0, 0, {}, (), ())  # fmt: skip
    assert named.subtitle == "16 Nov 2026 \u2013 22 Nov 2026 · generated 24 Nov 2026"


def test_cli_report_and_brag_keep_folder_names_as_written(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess

    init(cli)
    repo = tmp_path / "repo"
    (repo / "src" / "ladder").mkdir(parents=True)
    (repo / "tests").mkdir()
    day = days_ago(3).isoformat()
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada",
        "GIT_AUTHOR_EMAIL": "a@x.org",
        "GIT_COMMITTER_NAME": "Ada",
        "GIT_COMMITTER_EMAIL": "a@x.org",
        "GIT_AUTHOR_DATE": f"{day}T10:00:00 +0000",
        "GIT_COMMITTER_DATE": f"{day}T10:00:00 +0000",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    for n in range(3):
        (repo / "src" / "ladder" / "core.py").write_text(f"x = {n}\n")
        (repo / "tests" / "test_core.py").write_text(f"assert {n} == {n}\n")
        git("add", "-A")
        git("commit", "-q", "-m", f"src/ladder/core.py: tune the core, step {n}")
    assert cli("harvest", "git", str(repo)).exit_code == 0
    report_md = cli("report", "--since", days_ago(6).isoformat()).stdout
    brag_md = cli("brag", "--period", str(TODAY.year)).stdout
    for document in (report_md, brag_md):
        # a harvested item is told in the person's words (their subjects), paths as written
        assert "src/ladder/core.py: tune the core, step 0" in document, document
        assert "Src/ladder/" not in document and "Tests/:" not in document


def test_a_kind_is_named_in_the_number_it_is_counted_in() -> None:
    """One harvested item of commits is a set of them (a day's, in one part of the tree),
    however many: "1 set of commits", never "1 commits" nor "days" (two parts, one day)."""
    assert report.kind_name("commits", 1) == "set of commits"
    assert report.kind_name("commits", 3) == "sets of commits"
    assert report.kind_name("pull-request", 2) == "pull requests"
    assert report.kind_name("learning", 2) == "learning"
