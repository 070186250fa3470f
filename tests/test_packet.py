"""The promotion packet: cited impact statements per area, ratings, honest gaps, appendix, PDF."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from helpers import TODAY
from ladder import packet, period, render
from ladder.source import Batch, HarvestContext, Item, Source, SourceStatus
from ladder.workspace import Workspace

EVIL = "Fixed <script>alert(1)</script> in [the form](javascript:alert(1))"


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


class Fake(Source):
    """Harvested items and review comments, without a server."""

    name = "fake"
    title = "items for tests"

    def __init__(self, items: list[Item]) -> None:
        self.items = items

    def status(self, env: Mapping[str, str]) -> SourceStatus:
        return SourceStatus(True, "test data")

    def register_commands(self, harvest: Any) -> None:
        return None

    def harvest(self, ctx: HarvestContext, **options: Any) -> Iterator[Batch]:
        yield Batch(items=list(self.items))


def comment(ws: Workspace, when: dt.date, body: str, n: int) -> None:
    ws.store.insert(
        "activity",
        {
            "person_id": ws.profile().id,  # type: ignore[union-attr]
            "source": "github",
            "source_ref": f"https://github.com/acme/shop/pull/1#discussion_r{n}",
            "kind": "review-comment",
            "occurred_at": f"{when.isoformat()}T10:00:00Z",
            "title": "Review comment on acme/shop#1",
            "body": body,
            "url": f"https://github.com/acme/shop/pull/1#discussion_r{n}",
        },
    )


@pytest.fixture
def rich(ws: Workspace) -> Workspace:
    """Ada's year: pull requests, a design doc, commits, notes, review comments, ratings."""
    ws.harvest(
        Fake(
            [
                Item(
                    "pr1",
                    "pull-request",
                    days_ago(20),
                    "Merged PR #812 in acme/pay: Add idempotency keys to payment retries",
                    url="https://github.com/acme/pay/pull/812",
                ),
                Item(
                    "doc1",
                    "doc",
                    days_ago(60),
                    "Design: multi-region writes (docs/design/regions.md)",
                    url="https://github.com/acme/pay/blob/HEAD/docs/design/regions.md",
                    data={"passed": True},
                ),
                *[
                    Item(
                        f"c{i}",
                        "commits",
                        days_ago(5 + 7 * i),
                        f"services/pay: 3 commits (+40/-2) — tidy module {i}",
                    )
                    for i in range(8)
                ],
            ]
        )
    )
    for eid, area in (
        (1, "delivery"),
        (2, "system-design"),
        *((i, "code-quality") for i in range(3, 11)),
    ):
        ws.tag(eid, area=area)
    ws.log("Led the design review of the billing cache @design", date=days_ago(30), areas=["system-design"],
           impact="p99 latency went from 480 ms to 120 ms", links=["https://docs.example.com/reviews/7"])  # fmt: skip
    ws.log("Wrote the postmortem for the queue outage @oncall", date=days_ago(45), areas=["operations"],
           impact="two alert rules fixed")  # fmt: skip
    ws.log("Mentored Sam through his first on-call week", date=days_ago(12), areas=["mentorship"])
    ws.log(EVIL, date=days_ago(2), areas=["code-quality"])
    ws.log("Way before the period", date=days_ago(500), areas=["delivery"], impact="99 things")
    for n, body in enumerate(["nit: rename this", "What happens at 10x the load? The lock is global.",
                              "This needs a test for the empty cart", "Looks great, thanks!"]):  # fmt: skip
        comment(ws, days_ago(10 + 40 * n), body, n)
    a = ws.assessments
    a.rate("system-design.tradeoffs", "exceeding", rater="self")
    a.rate("system-design.tradeoffs", "working-towards", rater="manager", rater_name="Grace")
    a.rate("delivery.ownership", "meeting", rater="self", evidence=[1])
    a.rate("delivery.ownership", "meeting", rater="manager", rater_name="Grace", evidence=[1])
    return ws


def test_packet_cites_the_strongest_evidence_per_area(rich: Workspace) -> None:
    doc = packet.build(rich, today=TODAY)
    by = {a.area: a for a in doc.areas}
    assert [a.area for a in doc.areas] == [a.id for a in rich.ladder().areas]
    design = by["system-design"]
    assert [i.text for i in design.statements][:2] == [
        "Led the design review of the billing cache.",
        "Design: multi-region writes (docs/design/regions.md).",
    ]
    assert design.statements[0].impact == "P99 latency went from 480 ms to 120 ms."
    assert design.statements[0].url == "https://docs.example.com/reviews/7"
    assert by["delivery"].statements[0].kind == "pull-request"
    assert by["delivery"].statements[0].url == "https://github.com/acme/pay/pull/812"
    assert all(i.date >= doc.period.start.isoformat() for a in doc.areas for i in a.statements)


def test_packet_appendix_holds_exactly_the_cited_items(rich: Workspace) -> None:
    doc = packet.build(rich, today=TODAY, per_area=2)
    cited = {i.id for a in doc.areas for i in a.statements}
    assert {i.id for i in doc.appendix} == cited
    assert [i.id for i in doc.appendix] == sorted(cited)
    for i in doc.appendix:
        assert rich.entry(i.id).deleted_at is None
    assert all(len(a.statements) <= 2 for a in doc.areas)
    assert sum(a.more for a in doc.areas) > 0


def test_packet_invents_no_numbers(rich: Workspace) -> None:
    doc = packet.build(rich, today=TODAY)
    for a in doc.areas:
        for i in a.statements:
            entry = rich.entry(i.id)
            source = f"{entry.text} {entry.impact or ''}"
            for number in re.findall(r"\d+", i.statement):
                assert number in source, (number, i.statement)
    # the summary's figures are counts of what is in the packet
    assert f"draws on {doc.total} evidence items" in " ".join(doc.summary)


def test_packet_states_the_gaps_with_next_actions(rich: Workspace) -> None:
    doc = packet.build(rich, today=TODAY)
    readiness = rich.readiness(today=TODAY)
    assert [g.area for g in doc.gaps] == [g.area for g in readiness.gaps(None)]
    assert doc.gaps and all(g.status in ("gap", "emerging") for g in doc.gaps)
    leadership = next(g for g in doc.gaps if g.area == "leadership")
    assert leadership.actions and leadership.reason
    text = render.markdown(doc)
    assert "## Remaining gaps" in text and "### Leadership: gap" in text
    assert leadership.actions[0].text[:40] in text


def test_packet_shows_ratings_and_flags_the_disconnect(rich: Workspace) -> None:
    doc = packet.build(rich, today=TODAY)
    design = next(a for a in doc.areas if a.area == "system-design")
    row = next(x for x in design.expectations if x.id == "system-design.tradeoffs")
    assert (row.self, row.manager) == ("exceeding", "working towards")
    assert "disconnect" in row.flags
    assert [f.kind for f in doc.disconnects] == ["disconnect"]
    assert "Grace" in doc.disconnects[0].detail
    assert any(f.kind == "testimony only" for f in doc.testimony)
    assert doc.assessed and not doc.peers
    summary = " ".join(doc.summary)
    assert "Self-assessment covers 2 of" in summary and "the manager's, 2." in summary


def test_a_packet_with_only_peer_ratings_says_so(ws: Workspace) -> None:
    ws.assessments.rate("system-design.tradeoffs", "meeting", rater="peer", rater_name="Lin")
    summary = " ".join(packet.build(ws, today=TODAY).summary)
    assert "No assessments are recorded yet" not in summary
    assert "There is no self-assessment" in summary and "peers rated 1." in summary


def test_packet_of_a_past_period_leaves_out_later_ratings(rich: Workspace) -> None:
    # Every rating of `rich` is given today; a packet for a period that ended before has none.
    past = packet.build(rich, period=period.days(days_ago(300), days_ago(30)), today=TODAY)
    assert not past.assessed and past.disconnects == [] and past.testimony == []
    assert packet.build(rich, today=TODAY).assessed


def test_packet_keeps_to_the_period_and_level(rich: Workspace) -> None:
    doc = packet.build(rich, period=period.days(days_ago(25), TODAY), level="staff", today=TODAY)
    assert doc.target == "staff" and doc.target_name == "Staff"
    cited = [i for a in doc.areas for i in a.statements]
    assert cited and all(i.date >= days_ago(25).isoformat() for i in cited)
    assert "Way before the period." not in [i.text for i in cited]


def test_packet_unknown_level_lists_the_levels(rich: Workspace) -> None:
    from ladder.errors import NotFoundError

    with pytest.raises(
        NotFoundError, match=r"unknown level 'distinguished'.*junior, mid, senior, staff"
    ):
        packet.build(rich, level="distinguished", today=TODAY)


def test_packet_without_evidence_says_so_and_how_to_gather_some(ws: Workspace) -> None:
    doc = packet.build(ws, today=TODAY)
    assert doc.empty and doc.appendix == () and all(not a.statements for a in doc.areas)
    assert "there is no evidence" in " ".join(doc.summary).lower()
    text = render.markdown(doc)
    assert "How to gather evidence" in text and "ladder harvest git" in text
    assert "## Appendix" not in text and "## Area by area" not in text
    page = render.html(doc)
    assert "How to gather evidence" in page and page.count("<svg") == 1  # the radar only
    assert len(doc.gaps) == len(doc.areas)


def test_packet_html_has_three_charts_and_no_active_content(rich: Workspace) -> None:
    page = render.html(packet.build(rich, today=TODAY))
    for name in ("radar", "heatmap", "review-mix"):
        assert f'<figure class="chart" data-chart="{name}"><svg' in page
    assert "<script" not in page and 'href="javascript' not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert re.search(r'<a class="cite" href="#e\d+">\[\d+\]</a>', page)
    for i in re.findall(r'href="#e(\d+)"', page):
        assert f'id="e{i}"' in page  # every citation has its appendix row


def test_packet_markdown_escapes_user_text(rich: Workspace) -> None:
    text = render.markdown(packet.build(rich, today=TODAY))
    assert "<script>" not in text and r"\<script\>" in text
    assert "[the form](" not in text and r"[the form\](javascript" in text
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True}).render(text)
    assert "<script" not in rendered and 'href="javascript' not in rendered


def test_packet_to_dict_is_json_ready(rich: Workspace) -> None:
    data = packet.build(rich, today=TODAY).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert {a["area"] for a in data["areas"]} >= {"delivery", "system-design"}
    statement = next(a for a in data["areas"] if a["area"] == "system-design")["statements"][0]
    assert statement["cites"] and statement["text"].startswith("Led the design review")
    assert data["assessment_flags"][0]["kind"] == "disconnect"


def test_packet_follows_the_persons_mapping_decisions(ws: Workspace) -> None:
    e = ws.log("Ran the incident review for the DNS failover", date=days_ago(3))
    ws.map(e.id)
    ws.tag(e.id, area="leadership", remove=["operations"])
    doc = packet.build(ws, today=TODAY)
    cited = {a.area: [i.id for i in a.statements] for a in doc.areas}
    assert cited["leadership"] == [e.id]
    assert e.id not in cited["operations"]


# -- PDF and the command ------------------------------------------------------------------------
def need_poppler() -> None:
    missing = [t for t in ("pdftoppm", "pdftotext") if shutil.which(t) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (poppler-utils; tools/system-packages.sh)")


def init(cli) -> None:  # type: ignore[no-untyped-def]
    r = cli(
        "init",
        "--name",
        "Ada Lovelace",
        "--email",
        "a@x.org",
        "--level",
        "mid",
        "--target",
        "senior",
    )
    assert r.exit_code == 0


def test_cli_packet_pdf_pages_and_text(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    need_poppler()
    init(cli)
    cli("log", "Led the design review of the billing cache", "--date", days_ago(30).isoformat(),
        "--area", "system-design", "--impact", "p99 latency went from 480 ms to 120 ms",
        "--link", "https://github.com/acme/billing/pull/812")  # fmt: skip
    cli("log", "Wrote the postmortem for the queue outage", "--date", days_ago(40).isoformat(),
        "--area", "operations")  # fmt: skip
    out = tmp_path / "packet.pdf"
    r = cli("packet", "-o", str(out))
    assert r.exit_code == 0, r.stderr
    assert "Wrote the packet to" in r.stderr
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Ada Lovelace" in flat and "Mid → Senior" in flat
    assert (
        "Led the design review of the billing cache. Impact: P99 latency went from 480 ms to 120 ms."
        in flat
    )
    assert "Appendix: cited evidence" in flat and "[1]" in flat
    assert "https://github.com/acme/billing/pull/812" in flat
    assert "Remaining gaps" in flat and "Leadership" in flat
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert 2 <= len(pages) <= 8
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
        assert re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1) == str(len(pages))  # type: ignore[union-attr]
        assert "Title:           Promotion packet — Ada Lovelace, Senior" in info


def test_cli_packet_formats(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    cli("log", "Shipped the banner", "--date", days_ago(3).isoformat(), "--area", "delivery")
    r = cli("packet")
    assert r.exit_code == 0 and r.stdout.startswith("# Promotion packet: Ada Lovelace")
    r = cli("packet", "--format", "html")
    assert r.stdout.startswith("<!DOCTYPE html>")
    r = cli("packet", "-o", str(tmp_path / "p.html"))
    assert (tmp_path / "p.html").read_text().startswith("<!DOCTYPE html>")
    data = json.loads(cli("packet", "--json", "--level", "staff").stdout)
    assert data["target_level"] == "staff"
    r = cli(
        "packet", "--since", days_ago(10).isoformat(), "--until", days_ago(1).isoformat(), "--json"
    )
    assert json.loads(r.stdout)["period"]["days"] == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--level", "distinguished"), "unknown level 'distinguished'"),
        (("--since", "2026-11-10", "--until", "2026-11-01"), "the period is empty"),
        (("--since", "whenever"), "--since: cannot read 'whenever'"),
        (("--format", "docx"), "unknown format 'docx'"),
        (("--format", "pdf"), "give a file name for the PDF"),
        (("--json", "--format", "html"), "not both"),
    ],
)
def test_cli_packet_bad_input(cli, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    r = cli("packet", *args)
    assert r.exit_code == 1 and message in r.stderr and "Traceback" not in r.stderr


def test_cli_packet_unwritable_output_fails_before_any_work(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    before = cli("export").stdout
    out = tmp_path / "out"
    out.mkdir()
    for target, message in ((out / "missing" / "p.pdf", "does not exist"), (out, "it is a folder")):
        r = cli("packet", "-o", str(target))
        assert r.exit_code == 1 and message in r.stderr
    assert list(out.iterdir()) == []
    assert cli("export").stdout == before


# -- what a reviewer found (issue #6) -----------------------------------------------------------
def test_packet_area_table_counts_what_its_reason_counts(rich: Workspace) -> None:
    doc = packet.build(rich, today=TODAY)
    readiness = rich.readiness(today=TODAY)
    for a in doc.areas:
        assert a.to_date == readiness.area(a.area).evidence
        if a.to_date:
            assert a.reason.startswith(f"{a.to_date} item"), a.reason
    delivery = next(a for a in doc.areas if a.area == "delivery")
    assert (delivery.evidence, delivery.to_date) == (1, 2)  # one item is older than the period
    text = render.markdown(doc)
    assert "| Area | Status | Items to date | Why |" in text and "Items in period" not in text
    assert f"| Delivery | {delivery.status} | 2 | {render.md(delivery.reason)} |" in text
    page = render.html(doc)
    assert "Items to date" in page and "Items in period" not in page
    row = re.search(r'<tr><td class="nowrap"><a href="#area-delivery">.*?</tr>', page)
    assert row and '<td class="num">2</td>' in row.group()
    assert doc.to_dict()["areas"][2]["evidence_to_date"] == 2


def test_packet_markdown_tells_the_evidence_over_time_and_the_review_trend(rich: Workspace) -> None:
    doc = packet.build(rich, today=TODAY)
    text = render.markdown(doc)
    assert "## Evidence over time" in text
    assert doc.over_time.startswith(f"{doc.total} items on {len(doc.days)} days;")
    assert doc.over_time in text
    assert sum(n for _, n in doc.months) == doc.total
    assert "Items per month: " + " · ".join(f"{m}: {n}" for m, n in doc.months) + "." in text
    assert doc.review_trend and render.md(doc.review_trend) in text
    assert "| Month | Comments | Design-level | Nit-level |" in text
    assert sum(row[1] for row in doc.review_rows) == 4  # the four review comments
    # the same sentences as the HTML and PDF, which show the charts
    page = render.html(doc)
    assert f'<p class="lead-in">{doc.over_time}</p>' in page and doc.review_trend in page


def test_packet_rating_tables_list_only_rated_expectations(rich: Workspace) -> None:
    doc = packet.build(rich, today=TODAY)
    design = next(a for a in doc.areas if a.area == "system-design")
    assert [x.id for x in design.rated_expectations] == ["system-design.tradeoffs"]
    assert design.unrated == len(design.expectations) - 1 > 0
    text = render.markdown(doc)
    section = text.split("### System design")[1].split("\n### ")[0]
    assert section.count("| exceeding |") == 1 and "| — | — |" not in section
    more = f"{design.unrated} more expectations of System design at Senior are not rated yet."
    assert more in section
    assert more in render.html(doc)
    assert len(doc.to_dict()["areas"][1]["expectations"]) == len(design.expectations)


def test_packet_without_ratings_says_how_to_record_the_managers(ws: Workspace) -> None:
    text = render.markdown(packet.build(ws, today=TODAY))
    assert "No ratings are recorded yet." in text
    assert "`ladder assess --as manager --name NAME …`" in text


def test_packet_of_a_past_period_without_evidence_drops_yet(ws: Workspace) -> None:
    past = packet.build(ws, period=period.days(days_ago(400), days_ago(380)), today=TODAY)
    assert "There is no evidence from" in past.summary[0] and " yet" not in past.summary[0]
    current = packet.build(ws, today=TODAY)
    assert " yet, so this packet makes no claims" in current.summary[0]


def test_packet_refuses_a_level_below_the_current_one(rich: Workspace) -> None:
    from ladder.errors import InputError

    with pytest.raises(InputError, match=r"Junior is below your level \(Mid\)") as err:
        packet.build(rich, level="junior", today=TODAY)
    assert err.value.hint == "ladder packet --level senior"
    assert packet.build(rich, level="mid", today=TODAY).target == "mid"


def _word_boxes(path: Path) -> tuple[float, list[tuple[str, float, float]]]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(re.search(r'<page width="([\d.]+)"', out).group(1))  # type: ignore[union-attr]
    found = re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', out)
    return width, [(m.group(3), float(m.group(1)), float(m.group(2))) for m in found]


def test_packet_pdf_keeps_long_words_urls_and_cjk_on_the_page(
    ws: Workspace, tmp_path: Path
) -> None:
    need_poppler()
    url = "https://example.com/" + "a" * 300
    ws.log("Renamed Supercalifragilistic" + "x" * 200 + " everywhere", date=days_ago(3),
           areas=["delivery"], links=[url])  # fmt: skip
    ws.log(
        "设计了支付缓存的评审 and 日本語のテスト 한국어 문서",
        date=days_ago(4),
        areas=["system-design"],
    )
    path = tmp_path / "packet.pdf"
    path.write_bytes(render.pdf(packet.build(ws, today=TODAY)))
    width, words = _word_boxes(path)
    margin = 18 / 25.4 * 72
    outside = [(w[:16], a, b) for w, a, b in words if a < margin - 1 or b > width - margin + 1]
    assert words and not outside
    text = "".join(w for w, _, _ in words)
    assert "a" * 300 in text and "x" * 200 in text  # whole, only wrapped
    flat = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "设计了支付缓存的评审 and 日本語のテスト 한국어 문서" in flat


@pytest.mark.parametrize(
    ("args", "name", "message"),
    [
        (("--json",), "pj.pdf", "pj.pdf ends in .pdf, but the format asked for is JSON"),
        (("--format", "md"), "x.pdf", "x.pdf ends in .pdf, but the format asked for is Markdown"),
        (("--format", "pdf"), "p.html", "p.html ends in .html, but the format asked for is PDF"),
    ],
)
def test_cli_packet_refuses_content_its_file_name_contradicts(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, args: tuple[str, ...], name: str, message: str
) -> None:
    init(cli)
    r = cli("packet", *args, "-o", str(tmp_path / name))
    assert r.exit_code == 1 and message in r.stderr and "hint: name the file" in r.stderr
    assert not (tmp_path / name).exists()


def test_cli_packet_format_follows_the_extension(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    cli("log", "Shipped the banner", "--date", days_ago(3).isoformat(), "--area", "delivery")
    assert cli("packet", "-o", str(tmp_path / "p.json")).exit_code == 0
    assert json.loads((tmp_path / "p.json").read_text())["total"] == 1
    assert cli("packet", "-o", str(tmp_path / "p.md")).exit_code == 0
    assert (tmp_path / "p.md").read_text().startswith("# Promotion packet")
    assert cli("packet", "-o", str(tmp_path / "p.htm")).exit_code == 0
    assert (tmp_path / "p.htm").read_text().startswith("<!DOCTYPE html>")
    assert cli("packet", "--json", "-o", str(tmp_path / "q.json")).exit_code == 0
    assert json.loads(cli("packet", "--format", "json").stdout)["total"] == 1


def test_cli_packet_dates_follow_the_rule_of_every_document(cli) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    r = cli("packet", "--since", "")
    assert r.exit_code == 1 and "error: --since is empty" in r.stderr
    assert "--since 2026-05-01" in r.stderr and "--date" not in r.stderr
    ahead = (TODAY + dt.timedelta(days=40)).isoformat()
    r = cli("packet", "--since", days_ago(30).isoformat(), "--until", ahead, "--json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["period"]["end"] == ahead
    r = cli("packet", "--since", days_ago(30).isoformat(), "--until", ahead)
    assert "(so far)" in r.stdout.splitlines()[2]
    r = cli("packet", "--since", (TODAY + dt.timedelta(days=1)).isoformat())
    assert (
        r.exit_code == 1
        and "is in the future" in r.stderr
        and "start on or before today" in r.stderr
    )


def test_cli_packet_level_below_yours_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    r = cli("packet", "--level", "junior")
    assert r.exit_code == 1
    assert (
        "Junior is below your level (Mid)" in r.stderr
        and "ladder packet --level senior" in r.stderr
    )


class FakeGit(Fake):
    """Items as the git source writes them: ladder's summary as the title, the person's words
    and the pull request in ``data``."""

    name = "git"


def test_packet_tells_significant_work_in_the_persons_words(ws: Workspace) -> None:
    ws.harvest(
        FakeGit(
            [
                Item(
                    "pr:31",
                    "pull-request",
                    days_ago(40),
                    "PR #31: Pool buffers (3 commits, +220/-80 in src/)",
                    body="- Pool buffers\n\nAllocations per request fell by 92.5% on the benchmark.",
                    data={
                        "pr": 31,
                        "words": "Pool the read buffers",
                        "role": "authored",
                        "additions": 220,
                        "deletions": 80,
                        "files": 6,
                    },
                ),
                Item(
                    "day:1",
                    "commits",
                    days_ago(41),
                    "src/: 1 commit on … (+1/-1) — Fix typo in the docs",
                    data={
                        "words": "Fix typo in the docs",
                        "role": "authored",
                        "additions": 1,
                        "deletions": 1,
                        "files": 1,
                    },
                ),
                Item(
                    "day:2",
                    "commits",
                    days_ago(42),
                    "src/: 3 commits on … (+90/-12) — Rework glob sets.; …",
                    data={
                        "words": "Rework glob sets.; Bump version to 1.2.3; Walk fewer dirs.",
                        "role": "authored",
                        "additions": 90,
                        "deletions": 12,
                        "files": 3,
                    },
                ),
            ]
        )
    )
    ws.map()
    ws.tag(2, area="technical-depth")  # even tagged, routine work is never a claim
    ws.tag(3, area="delivery")
    doc = packet.build(ws, level="senior", today=TODAY)
    claims = {i.id: i for a in doc.areas for i in a.statements}
    assert sorted(claims) == [1, 3]
    assert claims[3].text == "Rework glob sets; Walk fewer dirs."  # their words, less the bump
    claims_1 = claims[1]
    assert claims_1.text == "Pool the read buffers (PR #31)."
    assert claims_1.impact == "Allocations per request fell by 92.5% on the benchmark."
    assert not any("sliver" in p or "significant items in your history" in p for p in doc.summary)


def _said_of_a_day(ws: Workspace, words: str, body: str | None = None) -> dict[str, list[str]]:
    """What the packet states per area for one harvested day whose subjects are ``words``."""
    day = Item(
        "day:7",
        "commits",
        days_ago(20),
        f"src/: 3 commits on … (+140/-60) — {words[:60]}; …",
        body=body,
        data={"words": words, "role": "authored", "additions": 140, "deletions": 60, "files": 4},
    )
    ws.harvest(FakeGit([day]))
    ws.map()
    doc = packet.build(ws, level="senior", today=TODAY)
    return {a.area: [i.text for i in a.statements] for a in doc.areas if a.statements}


def test_a_days_several_changes_are_stated_by_the_ones_that_show_the_area(ws: Workspace) -> None:
    words = "Fix a memory leak in the parser; Rename and simplify the config loader; Fix typo"
    said = _said_of_a_day(ws, words)
    assert said["technical-depth"] == ["Fix a memory leak in the parser."]
    assert said["code-quality"] == ["Rename and simplify the config loader."]


def test_a_gitmoji_in_front_of_a_subject_is_not_stated(ws: Workspace) -> None:
    """":memo:" (or its emoji) says what type of change a commit is: the statement states the
    change, in the person's words, without it."""
    words = ":memo: clean up the docs of the config loader; \U0001f41b fix a memory leak in the parser"
    said = _said_of_a_day(ws, words)
    assert said == {
        "technical-depth": ["Fix a memory leak in the parser."],
        "code-quality": ["Clean up the docs of the config loader."],
        "communication": ["Clean up the docs of the config loader."],
    }


def test_a_list_of_subjects_cut_short_is_read_whole_from_the_body(ws: Workspace) -> None:
    """A day's subjects were recorded cut short ("A; B; …"): the statement names the ones the
    body lists, the change that shows the area among them, and is never a bare "…"."""
    subjects = [
        "Fix AWK tokenizer not treating a new line character as whitespace",
        "With a non-default --delimiter, keep trailing whitespace",
        "Use a shared work queue instead of static partitioning in the matcher",
    ]
    body = (
        "\n".join(f"- {x}" for x in subjects)
        + "\n\nWorkers pull chunks from a shared counter: no goroutine idles while"
        " another still has work, and the lock contention is gone."
    )
    said = _said_of_a_day(ws, "; ".join(subjects[:2]) + "; \u2026", body)
    # the mapping quotes the description, which no subject holds: the day's changes, all named
    assert said["technical-depth"] == ["; ".join(subjects) + "."]
    assert all("\u2026" not in t for texts in said.values() for t in texts), said


def test_packet_says_when_the_period_is_a_sliver_of_the_history(ws: Workspace) -> None:
    old = [
        Item(
            f"pr:{n}",
            "pull-request",
            dt.date(2019, 3 + n % 6, 1 + n),
            f"PR #{n}: Fix a data race in the scheduler, part {n}",
            data={"pr": n, "words": f"Fix a data race in the scheduler, part {n}"},
        )
        for n in range(1, 7)
    ]
    recent = Item("pr:99", "pull-request", days_ago(30), "PR #99: Avoid a deadlock in the pool")
    ws.harvest(FakeGit([*old, recent]))
    ws.map()
    doc = packet.build(ws, level="senior", today=TODAY)
    note = doc.summary[-1]
    assert note.startswith("This period holds 1 of the 7 significant items in your history")
    assert "from March 2019 to February 2020 hold the most (6)" in note
    assert note.endswith("ladder packet --since 2019-03-01 --until 2020-02-29.")
    in_2019 = period.between(dt.date(2019, 1, 1), dt.date(2019, 12, 31), today=TODAY)
    me = ws.profile()
    assert me is not None and packet.sliver(ws, me.id, in_2019, TODAY) == ""


def test_the_same_change_in_two_pull_requests_is_one_claim(ws: Workspace) -> None:
    """A fix opened for the main line and again for a maintenance branch (two pull requests,
    one title) is stated once, and the packet's next claim is another piece of work."""

    def pr(n: int, words: str, ago: int) -> Item:
        return Item(
            f"pr:{n}",
            "pull-request",
            days_ago(ago),
            f"PR #{n}: {words} (1 commit, +40/-8 in src/)",
            data={"pr": n, "words": words, "role": "authored", "additions": 40, "deletions": 8, "files": 2},
        )

    same = "Fix a memory leak in the response parser"
    ws.harvest(FakeGit([pr(12959, same, 30), pr(12960, same, 30), pr(12800, "Fix a data race in the pool", 60)]))
    ws.map()
    doc = packet.build(ws, level="senior", today=TODAY)
    said = [i.text for a in doc.areas if a.area == "technical-depth" for i in a.statements]
    assert sum(same in t for t in said) == 1, said
    assert any("data race" in t for t in said), said



def test_the_same_words_for_different_work_are_each_a_claim(ws: Workspace) -> None:
    """Two pull requests a season apart with one title are two fixes, and notes the person
    wrote on different days are never taken for one another."""
    title = "Fix race condition in scheduler"
    prs = [
        Item(
            f"pr:{n}",
            "pull-request",
            days_ago(ago),
            f"PR #{n}: {title} (1 commit, +40/-8 in src/)",
            data={"pr": n, "words": title, "role": "authored", "additions": 40, "deletions": 8, "files": 2},
        )
        for n, ago in ((103, 120), (104, 20))
    ]
    ws.harvest(FakeGit(prs))
    for ago in (30, 45, 60):
        ws.log("Ran the incident review for the payments outage", areas=["operations"], date=days_ago(ago))
    ws.map()
    doc = packet.build(ws, level="senior", today=TODAY)
    said = {a.area: [i.text for i in a.statements] for a in doc.areas}
    assert sum(title in t for t in said["technical-depth"]) == 2, said
    assert len(said["operations"]) == 3, said
