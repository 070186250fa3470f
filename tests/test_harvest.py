"""The harvest core and the source contract, with a source written here as a plugin would be."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from helpers import CLOCK
from ladder.errors import InputError, LadderError
from ladder.evidence import Filter
from ladder.source import (
    Activity,
    AreaHint,
    Batch,
    HarvestContext,
    Item,
    Source,
    SourceStatus,
    discover,
)
from ladder.workspace import Workspace


class Notebook(Source):
    """A toy source: one batch per page; the cursor is the last page written, so an
    interrupted run resumes after it, and a finished run resets it."""

    name = "notebook"
    title = "pages of a notebook"

    def __init__(
        self, pages: list[list[Item]] | None = None, fail_after: int | None = None
    ) -> None:
        self.pages = pages or []
        self.fail_after = fail_after
        self.seen_cursor: Mapping[str, str] = {}

    def status(self, env: Mapping[str, str]) -> SourceStatus:
        return SourceStatus(configured=True, detail="always")

    def register_commands(self, harvest: Any) -> None:  # not used by the API tests
        pass

    def harvest(self, ctx: HarvestContext, **options: Any) -> Iterator[Batch]:
        self.seen_cursor = dict(ctx.cursor)
        start = int(ctx.cursor.get("page", "-1")) + 1
        for n, page in enumerate(self.pages[start:], start=start):
            if self.fail_after is not None and n > self.fail_after:
                raise LadderError("the notebook fell in the river")
            acts = [
                Activity(
                    source_ref=f"{i.source_ref}/raw",
                    kind="line",
                    occurred_at="2026-11-02T10:00:00Z",
                    title=i.title,
                    item_ref=i.source_ref,
                )
                for i in page
            ]
            ctx.progress("pages", n + 1, len(self.pages))
            yield Batch(items=page, activities=acts, cursor={"page": str(n)}, skipped=1)
        yield Batch(cursor={"page": "-1"})  # finished: the next run reads everything again


def item(ref: str, title: str = "Wrote a thing", **kw: Any) -> Item:
    return Item(
        source_ref=ref,
        kind="note",
        occurred_on=kw.pop("day", dt.date(2026, 11, 2)),
        title=title,
        **kw,
    )


def test_harvest_adds_then_finds_nothing_new(ws: Workspace) -> None:
    src = Notebook([[item("a"), item("b", tags=["Design"])], [item("c")]])
    first = ws.harvest(src)
    assert (first.added, first.updated, first.unchanged, first.skipped, first.activities) == (
        3,
        0,
        0,
        2,
        3,
    )
    found, total = ws.entries(Filter(source="notebook"))
    assert total == 3 and {e.kind for e in found} == {"note"}
    assert [e.tags for e in found if e.source_ref == "b"] == [("design",)]
    again = ws.harvest(Notebook([[item("a"), item("b", tags=["Design"])], [item("c")]]))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert ws.entries(Filter(source="notebook"))[1] == 3


def test_harvest_updates_items_that_changed_at_the_source(ws: Workspace) -> None:
    ws.harvest(Notebook([[item("a", "PR #1: draft")]]))
    summary = ws.harvest(Notebook([[item("a", "PR #1: merged", data={"state": "merged"})]]))
    assert summary.updated == 1
    (entry,), _ = ws.entries(Filter(source="notebook"))
    assert entry.text == "PR #1: merged" and entry.data == {"state": "merged"}


def test_harvest_keeps_the_persons_edits_and_deletions(ws: Workspace) -> None:
    ws.harvest(Notebook([[item("a", "raw title"), item("b", "to delete")]]))
    found, _ = ws.entries(Filter(source="notebook", newest_first=False))
    by_ref = {e.source_ref: e for e in found}
    ws.edit(by_ref["a"].id, text="Led the retry redesign", impact="no more double charges")
    ws.remove(by_ref["b"].id)
    summary = ws.harvest(Notebook([[item("a", "raw title v2"), item("b", "to delete v2")]]))
    assert (summary.kept, summary.updated) == (2, 0)
    kept = ws.entry(by_ref["a"].id)
    assert kept.text == "Led the retry redesign" and kept.impact == "no more double charges"
    assert ws.entry(by_ref["b"].id).deleted_at is not None


def test_harvest_never_touches_the_persons_mappings(ws: Workspace) -> None:
    hint = AreaHint("system-design", "a design doc by you", "system-design.design-docs", 0.9)
    ws.harvest(Notebook([[item("a", areas=[hint, AreaHint("nonexistent-area", "dropped")])]]))
    (entry,), _ = ws.entries(Filter(source="notebook"))
    assert [(a.area, a.expectation, a.origin, a.confidence) for a in entry.areas] == [
        ("system-design", "system-design.design-docs", "source", 0.9)
    ]
    ws.edit(entry.id, areas=["leadership"])  # the person's choice (and an edit)
    ws.harvest(
        Notebook([[item("a", "changed", areas=[AreaHint("operations", "changed its mind")])]])
    )
    after = ws.entry(entry.id)
    assert ("leadership", "user") in [(a.area, a.origin) for a in after.areas]


def test_harvest_links_activities_to_their_items(ws: Workspace) -> None:
    ws.harvest(Notebook([[item("a", "PR #7")]]))
    (entry,), _ = ws.entries(Filter(source="notebook"))
    records = ws.activities(entry.id)
    assert [(r["source_ref"], r["title"]) for r in records] == [("a/raw", "PR #7")]


def test_harvest_crash_keeps_written_batches_and_resumes(ws: Workspace) -> None:
    pages = [[item("a")], [item("b")], [item("c")]]
    with pytest.raises(LadderError, match="river"):
        ws.harvest(Notebook(pages, fail_after=0))
    assert ws.entries(Filter(source="notebook"))[1] == 1  # the first batch, whole
    assert ws.harvest_state("notebook")["page"] == "0"
    resumed = Notebook(pages)
    summary = ws.harvest(resumed)
    assert resumed.seen_cursor["page"] == "0"  # it was told where it stopped
    assert (summary.added, summary.unchanged) == (2, 0)
    assert ws.entries(Filter(source="notebook"))[1] == 3
    assert ws.harvest_state("notebook")["page"] == "-1" and "last_run" in ws.harvest_state(
        "notebook"
    )


def test_harvest_batch_is_all_or_nothing(ws: Workspace) -> None:
    bad = Activity(source_ref="x", kind="line", occurred_at="2026-11-02T10:00:00Z", title=None)  # type: ignore[arg-type]
    src = Notebook()
    src.pages = [[item("a")]]
    original = src.harvest

    def broken(ctx: HarvestContext, **options: Any) -> Iterator[Batch]:
        for batch in original(ctx, **options):
            batch.activities.append(bad)  # NOT NULL title: the database refuses it
            yield batch

    src.harvest = broken  # type: ignore[method-assign]
    with pytest.raises(LadderError):
        ws.harvest(src)
    assert ws.entries(Filter(source="notebook"))[1] == 0
    assert "page" not in ws.harvest_state("notebook")


def test_harvest_since_after_until_is_an_error(ws: Workspace) -> None:
    with pytest.raises(InputError, match="after --until"):
        ws.harvest(Notebook(), since="2026-11-02", until="2026-11-01")


def test_harvested_items_survive_export_import(ws: Workspace, tmp_path: Path) -> None:
    ws.harvest(Notebook([[item("a", areas=[AreaHint("operations", "a runbook")])]]))
    data = ws.export()
    assert data["activities"][0]["source_ref"] == "a/raw"
    with Workspace.open(tmp_path / "copy", env={}, clock=CLOCK) as copy:
        copy.import_(data)
        exported = copy.export()
        for key in ("evidence", "activities", "harvest_state", "people"):
            assert exported[key] == data[key]
        # The copy knows what was harvested: a second harvest there adds nothing.
        assert (
            copy.harvest(Notebook([[item("a", areas=[AreaHint("operations", "a runbook")])]])).added
            == 0
        )


# -- the contract: entry points ---------------------------------------------------------------


PLUGIN = '''
from ladder.source import Source, SourceStatus, Batch, Item
import datetime as dt

class Pigeon(Source):
    name = "pigeon"
    title = "messages carried by pigeon"

    def status(self, env):
        return SourceStatus(configured="PIGEON_LOFT" in env, detail="loft from PIGEON_LOFT")

    def register_commands(self, harvest):
        @harvest.command("pigeon")
        def pigeon() -> None:
            """Harvest pigeon mail. Example: ladder harvest pigeon"""

    def harvest(self, ctx, **options):
        yield Batch(items=[Item(source_ref="coo-1", kind="note", occurred_on=dt.date(2026, 11, 1), title="Coo")])
'''


@pytest.fixture
def plugin_path(tmp_path: Path) -> Iterator[Path]:
    """A third-party package installed the way pip does it: a module and its dist-info."""
    (tmp_path / "ladder_pigeon.py").write_text(PLUGIN)
    for name, target in (
        ("pigeon", "ladder_pigeon:Pigeon"),
        ("broken", "ladder_nothing_here:Nope"),
    ):
        info = tmp_path / f"ladder_{name}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: ladder-{name}\nVersion: 1.0\n"
        )
        (info / "entry_points.txt").write_text(f"[ladder.sources.v1]\n{name} = {target}\n")
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    sys.modules.pop("ladder_pigeon", None)


def test_a_third_party_source_registers_like_the_built_ins(
    plugin_path: Path, ws: Workspace
) -> None:
    found, broken = discover()
    assert "pigeon" in found and isinstance(found["pigeon"], Source)
    assert "broken" in broken and "ladder_nothing_here" in broken["broken"]
    assert found["pigeon"].status({"PIGEON_LOFT": "x"}).configured
    assert ws.harvest("pigeon").added == 1


def test_harvesting_one_source_imports_no_other(tmp_path: Path) -> None:
    """`ladder harvest git` starts without importing the other sources (their start-up is
    part of what a harvest costs); `ladder harvest --help` still lists them all, in order."""
    import subprocess

    program = (
        "import sys\n"
        "from ladder.__main__ import main\n"
        "main(sys.argv[1:])\n"
        "print(sorted(m for m in sys.modules if m.startswith('ladder.sources.')))\n"
    )
    env = {"LADDER_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-c", program, "harvest", "git", str(tmp_path / "nowhere")],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    loaded = done.stdout.strip().splitlines()[-1]
    assert "ladder.sources.git" in loaded
    assert not any(f"ladder.sources.{n}'" in loaded for n in ("github", "jira", "calendar", "docs"))
    done = subprocess.run(
        [sys.executable, "-m", "ladder", "harvest", "--help"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    listed = [w for w in ("calendar", "docs", "git", "github", "jira") if f"│ {w} " in done.stdout]
    assert listed == ["calendar", "docs", "git", "github", "jira"], done.stdout


def test_every_registered_source_follows_the_contract() -> None:
    import typer

    found, broken = discover()
    assert broken == {}
    assert {"git", "github", "jira", "calendar", "docs"} <= set(found)
    for name, src in found.items():
        assert src.name == name and src.title
        status = src.status({})
        assert isinstance(status, SourceStatus) and isinstance(status.detail, str)
        group = typer.Typer()
        src.register_commands(group)
        names = {c.name or c.callback.__name__ for c in group.registered_commands}  # type: ignore[union-attr]
        assert name in names, f"source {name} registered {names}"


def test_unknown_source_name_is_a_clear_error(ws: Workspace) -> None:
    with pytest.raises(LadderError, match=r"no source called 'nope'; there are: .*git"):
        ws.harvest("nope")


def test_a_harvest_finishes_the_mapping_a_killed_run_left_undone(ws: Workspace) -> None:
    """A run killed after writing a batch but before mapping it (SIGKILL between the two
    transactions) leaves items never graded; the next run maps them, even with nothing new."""
    from ladder import harvest as core

    me = ws.profile()
    assert me is not None
    written = [item("a", "Wrote the postmortem for the cache outage"), item("b", "Fixed a typo")]
    ids = core.write_batch(
        ws.store, "notebook", Batch(items=written), person_id=me.id, summary=core.Summary("notebook"),
        now=CLOCK.now_iso(),
    )  # fmt: skip
    assert all(ws.entry(i).substance is None for i in ids)
    summary = ws.harvest(Notebook([]))
    assert summary.added == 0 and summary.mapped == 1  # the typo is graded, but shows nothing
    first, typo = (ws.entry(i) for i in ids)
    assert first.substance == "significant" and first.areas[0].area == "operations"
    assert typo.substance == "routine" and typo.areas == ()
    assert ws.harvest(Notebook([])).mapped == 0  # nothing left to finish
