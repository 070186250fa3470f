"""The brag document: six sections, each item once, strongest first, and the command."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from helpers import TODAY
from ladder import brag, period, render
from ladder.evidence import AreaLink, Entry
from ladder.source import Batch, HarvestContext, Item, Source, SourceStatus
from ladder.workspace import Workspace


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


class Fake(Source):
    """Harvested items of any kind, without a server: what a real source would write."""

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


def e(kind: str = "note", tags: tuple[str, ...] = (), area: str = "") -> Entry:
    links = (AreaLink(area, "", "user", 1.0, ""),) if area else ()
    return Entry(
        id=1, uid="u", occurred_on="2026-11-02", text="x", kind=kind, tags=tags, areas=links
    )


@pytest.mark.parametrize(
    ("entry", "section"),
    [
        (e(tags=("oss",), area="delivery"), "outside"),
        (e(tags=("meetup",)), "outside"),
        (e(tags=("learning",), area="operations"), "learning"),
        (e("learning"), "learning"),
        (e(area="career"), "learning"),
        (e(tags=("oncall",)), "operations"),
        (e(area="operations"), "operations"),
        (e("doc", area="delivery"), "design"),
        (e(tags=("rfc",)), "design"),
        (e(area="system-design"), "design"),
        (e("review"), "collaboration"),
        (e("mentoring"), "collaboration"),
        (e(area="mentorship"), "collaboration"),
        (e(area="leadership"), "collaboration"),
        (e(tags=("pairing",), area="delivery"), "collaboration"),
        (e("pull-request", area="delivery"), "projects"),
        (e("commits"), "projects"),
        (e(area="code-quality"), "projects"),
        (e(), "projects"),
    ],
)
def test_brag_section_rules_worked_examples(entry: Entry, section: str) -> None:
    assert brag.section_of(entry) == section


@pytest.fixture
def half(ws: Workspace) -> Workspace:
    """A workspace with two months of mixed evidence."""
    ws.harvest(
        Fake(
            [
                Item(
                    "pr1",
                    "pull-request",
                    days_ago(5),
                    "Merged PR #12 in acme/pay: Add retries",
                    url="https://github.com/acme/pay/pull/12",
                ),
                Item(
                    "doc1",
                    "doc",
                    days_ago(9),
                    "Design: multi-region writes (docs/design.md)",
                    url="https://github.com/acme/pay/blob/HEAD/docs/design.md",
                    data={"passed": True},
                ),
                Item(
                    "rv1",
                    "review",
                    days_ago(6),
                    "Reviewed PR #40 in acme/shop: 3 comments",
                    url="https://github.com/acme/shop/pull/40",
                ),
                *[
                    Item(
                        f"c{i}", "commits", days_ago(10 + i), f"services/pay: 2 commits on day {i}"
                    )
                    for i in range(6)
                ],
            ]
        )
    )
    ws.log("Led the incident review for the checkout outage", date=days_ago(3), areas=["operations"],
           impact="paging noise down by half")  # fmt: skip
    ws.log("Finished Designing Data-Intensive Applications @learning", date=days_ago(20))
    ws.log("Spoke at the Python meetup about property tests @outside", date=days_ago(30))
    ws.log("Ancient history", date=days_ago(400), areas=["delivery"])
    return ws


def test_brag_puts_each_item_in_one_section(half: Workspace) -> None:
    doc = brag.build(half, period.days(days_ago(59), TODAY), today=TODAY, per_section=3)
    assert [s.id for s in doc.sections] == [s[0] for s in brag.SECTIONS]
    assert doc.total == 12
    ids = [i.id for s in doc.sections for i in (*s.items, *s.more)]
    assert len(ids) == len(set(ids)) == 12
    by = {s.id: s for s in doc.sections}
    assert [i.kind for i in by["projects"].items][:1] == ["pull-request"]  # strongest first
    assert by["projects"].total == 7 and len(by["projects"].items) == 3
    assert by["projects"].more_sentence == "4 more: 4 sets of commits"
    assert [i.kind for i in by["design"].items] == ["doc"]
    assert [i.kind for i in by["collaboration"].items] == ["review"]
    assert by["operations"].items[0].impact == "Paging noise down by half."
    assert by["learning"].items[0].text == "Finished Designing Data-Intensive Applications."
    assert by["outside"].items[0].text == "Spoke at the Python meetup about property tests."


def test_brag_empty_sections_say_how_to_fill_them(ws: Workspace) -> None:
    ws.log("Shipped the banner", date=days_ago(1), areas=["delivery"])
    doc = brag.build(ws, period.days(days_ago(10), TODAY), today=TODAY)
    empty = [s for s in doc.sections if not s.items]
    assert len(empty) == 5 and all(s.prompt.startswith("ladder ") for s in empty)
    text = render.markdown(doc)
    assert "## Outside of work" in text and "Nothing here yet: talks, open source" in text


def test_brag_of_an_empty_period_is_a_document_not_an_error(ws: Workspace) -> None:
    doc = brag.build(ws, period.days(days_ago(10), TODAY), today=TODAY)
    assert doc.empty and doc.charts() == {}
    text = render.markdown(doc)
    assert "Nothing was recorded in this period yet" in text
    assert text.count("## ") == 6


def test_brag_to_dict_holds_every_item(half: Workspace) -> None:
    doc = brag.build(half, period.days(days_ago(59), TODAY), today=TODAY, per_section=1)
    data = doc.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert sum(len(s["items"]) for s in data["sections"]) == 12
    assert data["sections"][0]["listed"] == 1


def test_brag_per_section_zero_lists_everything(half: Workspace) -> None:
    doc = brag.build(half, period.days(days_ago(59), TODAY), today=TODAY, per_section=0)
    assert all(not s.more for s in doc.sections)


def test_brag_markdown_and_html_escape_user_text(ws: Workspace) -> None:
    ws.log("Fixed <script>alert(1)</script> [x](javascript:alert(1))", date=days_ago(1))
    doc = brag.build(ws, period.days(days_ago(3), TODAY), today=TODAY)
    text = render.markdown(doc)
    assert "<script>" not in text and r"\<script\>" in text and r"\[x\]" in text
    page = render.html(doc)
    assert "<script" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page


# -- the command --------------------------------------------------------------------------------
def init(cli) -> None:  # type: ignore[no-untyped-def]
    assert (
        cli(
            "init", "--name", "Ada", "--email", "a@x.org", "--level", "mid", "--target", "senior"
        ).exit_code
        == 0
    )


def test_cli_brag_for_a_month_quarter_and_half(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    day = days_ago(1)
    cli("log", "Shipped the banner", "--date", day.isoformat(), "--area", "delivery")
    month = f"{day.year}-{day.month:02d}"
    quarter = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    half = f"{day.year}-H{1 if day.month <= 6 else 2}"
    for label in (month, quarter, half):
        r = cli("brag", "--period", label)
        assert r.exit_code == 0, r.stderr
        assert "Shipped the banner." in r.stdout and "## Projects and impact" in r.stdout
    r = cli("brag", "--period", half, "-o", str(tmp_path / "brag.html"))
    assert r.exit_code == 0, r.stderr
    page = (tmp_path / "brag.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    data = json.loads(cli("brag", "--period", month, "--json").stdout)
    assert data["period"]["label"] == month and data["total"] == 1


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("2026-Q5", "there is no quarter Q5"),
        ("2026/H2", "cannot read '2026/H2' as a period"),
        ("3026-H1", "in the future"),
        ("2026-11-30..2026-11-01", "the period is empty"),
    ],
)
def test_cli_brag_bad_period_is_a_clear_error(cli, label: str, message: str) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    r = cli("brag", "--period", label)
    assert r.exit_code == 1 and message in r.stderr and "hint:" in r.stderr


def test_cli_brag_pdf(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    cli("log", "Shipped the banner", "--date", days_ago(1).isoformat(), "--area", "delivery")
    r = cli("brag", "--period", "this-year", "--format", "pdf", "-o", str(tmp_path / "b.bin"))
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "b.bin").read_bytes().startswith(b"%PDF")


# -- what a reviewer found (issue #6) -----------------------------------------------------------
def test_cli_brag_names_a_range_or_a_day_once(cli) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    start, end = days_ago(20), days_ago(2)
    span = period.days(start, end).span()
    r = cli("brag", "--period", f"{start.isoformat()}..{end.isoformat()}")
    assert r.exit_code == 0, r.stderr
    line = r.stdout.splitlines()[2]
    assert line.count(span) == 1 and f"{span} · generated" in line, line
    day = days_ago(3)
    r = cli("brag", "--period", day.isoformat())
    line = r.stdout.splitlines()[2]
    assert line.count(render.day(day)) == 1, line


def test_brag_title_and_heatmap_name_a_range_in_words(ws: Workspace) -> None:
    ws.log("Shipped the banner", date=days_ago(1), areas=["delivery"])
    span = period.days(days_ago(10), TODAY)
    doc = brag.build(ws, span, today=TODAY)
    assert doc.title == f"Brag document — Ada Lovelace, {span.span()}"
    assert span.label not in doc.title and span.label not in doc.charts()["heatmap"]
    named = brag.build(ws, period.parse("this-year", today=TODAY), today=TODAY)
    assert named.title == f"Brag document — Ada Lovelace, {TODAY.year}"
    page = render.html(doc)
    assert page.count(f"<dd>{span.name}</dd>") == 0  # no "Period" fact repeating the dates


def test_brag_of_a_past_period_says_nothing_was_recorded_without_yet(ws: Workspace) -> None:
    past = brag.build(ws, period.year(TODAY.year - 2), today=TODAY)
    assert "Nothing was recorded in this period." in render.markdown(past)
    assert "Nothing was recorded in this period." in render.html(past)
    current = brag.build(ws, period.days(days_ago(3), TODAY), today=TODAY)
    assert "Nothing was recorded in this period yet." in render.markdown(current)


def test_brag_cites_ids_in_brackets_as_the_packet_does(half: Workspace) -> None:
    doc = brag.build(half, period.days(days_ago(59), TODAY), today=TODAY)
    text = render.markdown(doc)
    first = doc.sections[0].items[0]
    assert f"\\[{first.id}\\]" in text and f"#{first.id} " not in text
    assert f'<span class="cite">[{first.id}]</span>' in render.html(doc)


@pytest.mark.parametrize(
    ("label", "ok"),
    [
        (f"{days_ago(10).isoformat()}..{(TODAY + dt.timedelta(days=30)).isoformat()}", True),
        (
            f"{(TODAY + dt.timedelta(days=1)).isoformat()}..{(TODAY + dt.timedelta(days=30)).isoformat()}",
            False,
        ),
        ("", False),
    ],
)
def test_cli_brag_period_follows_the_rule_of_every_document(cli, label: str, ok: bool) -> None:  # type: ignore[no-untyped-def]
    init(cli)
    r = cli("brag", "--period", label)
    if ok:
        assert r.exit_code == 0 and "(so far)" in r.stdout.splitlines()[2]
    else:
        assert r.exit_code == 1 and ("in the future" in r.stderr or "no period given" in r.stderr)
