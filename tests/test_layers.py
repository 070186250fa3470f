"""The package's layers (issue 14): the store and the model at the bottom, the domain services
on them, then the Workspace, the CLI and the web as shells. The growth services, the documents
(report, brag, packet), the review lens and the team's access rules take a
``ladder.context.Context`` (a store and the person they work for) or the store, never the
Workspace.

Read from the source (every import: at the top, inside functions, under TYPE_CHECKING), so a
lazy or typing-only import that closes a circle counts too.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from helpers import NOW
from ladder import brag, packet, period, report
from ladder.assessment import Assessments
from ladder.clock import FixedClock
from ladder.context import Context, PersonContext
from ladder.goal import Goals
from ladder.learning import Learning
from ladder.mentorship import Mentorship
from ladder.readiness import compute
from ladder.reviewlens.lens import workspace_lens
from ladder.workspace import Workspace

SRC = Path(__file__).resolve().parent.parent / "src"
GROWTH = (
    "ladder.assessment",
    "ladder.goal",
    "ladder.readiness",
    "ladder.mentorship",
    "ladder.learning",
    "ladder.harvest",
    "ladder.readiness_cache",
    "ladder.context",
    "ladder.report",
    "ladder.brag",
    "ladder.packet",
    "ladder.reviewlens",
    "ladder.reviewlens.lens",
)
SHELLS = (
    "ladder.workspace",
    "ladder.cli",
    "ladder.web",
    "ladder.team",
    "ladder.capture",
    "ladder.harvest_cli",
)
#: The team's rules sit on the domain services: they reach no shell but the team package itself.
TEAM = ("ladder.team", "ladder.team.access", "ladder.team.accounts", "ladder.team.audit")


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "ladder").rglob("*.py"):
        name = ".".join(path.relative_to(SRC).with_suffix("").parts)
        name = name.removesuffix(".__init__")
        if ".migrations" not in name:
            found[name] = path
    return found


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the package ``name`` imports, in any form and any place."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            named.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            named.add(base)
            named.update(f"{base}.{a.name}" for a in node.names)
    out = set()
    for target in named:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            out.add(target)
    return out


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: _imports(name, path, known) for name, path in known.items()}


def _reach(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in graph[todo.pop()] - seen:
            seen.add(nxt)
            todo.append(nxt)
    return seen


def test_the_growth_services_reach_no_shell() -> None:
    graph = _graph()
    for module in GROWTH:
        reached = _reach(graph, module)
        shells = sorted(m for m in reached if m.startswith(SHELLS))
        assert shells == [], f"{module} imports (at last) {shells}"


def test_the_team_rules_reach_no_shell() -> None:
    graph = _graph()
    for module in TEAM:
        reached = _reach(graph, module)
        shells = sorted(m for m in reached if m.startswith(SHELLS) and not m.startswith(TEAM))
        assert shells == [], f"{module} imports (at last) {shells}"


def test_the_layer_check_sees_a_workspace_import(tmp_path: Path) -> None:
    """The check itself: an import of the workspace under TYPE_CHECKING, or inside a
    function, is an import."""
    fake = tmp_path / "ladder" / "packet.py"
    fake.parent.mkdir()
    fake.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from ladder.workspace import Workspace\n"
        "def build():\n    from ladder import workspace\n",
        encoding="utf-8",
    )
    known = {**_modules(), "ladder.packet": fake}
    assert "ladder.workspace" in _imports("ladder.packet", fake, known)


def test_the_workspace_is_in_no_import_circle() -> None:
    graph = _graph()
    back = sorted(
        m for m in _reach(graph, "ladder.workspace") if "ladder.workspace" in _reach(graph, m)
    )
    assert back == []


def test_a_store_and_a_person_are_enough_for_the_growth_services(ws: Workspace) -> None:
    me = ws.profile()
    assert me is not None
    entry = ws.log("Designed the billing cache: two options weighed", areas=["system-design"])
    ws.assessments.rate("system-design.tradeoffs", "meeting", evidence=[entry.id])
    ws.goals.add("Write the cache design doc", track="technical", area="system-design")
    ctx: Context = PersonContext(ws.store, me.id, clock=ws.clock)
    assert Assessments(ctx).current() == ws.assessments.current()
    assert Goals(ctx).current() == ws.goals.current()
    assert compute(ctx) == ws.readiness()
    assert Mentorship(ctx).mentees() == ws.mentorship.mentees()
    ws.learning.add("Designing Data-Intensive Applications", areas=["system-design"])
    assert Learning(ctx).items() == ws.learning.items()
    # the documents and the review lens
    span = period.days(NOW.date() - dt.timedelta(days=30), NOW.date())
    assert report.build(ctx, span).to_dict() == report.build(ws, span).to_dict()
    assert brag.build(ctx, span).to_dict() == brag.build(ws, span).to_dict()
    assert packet.build(ctx).to_dict() == packet.build(ws).to_dict()
    assert workspace_lens(ctx).to_dict() == workspace_lens(ws).to_dict()
    # the store's own profile, when no person is named (a one-person workspace)
    assert PersonContext(ws.store, clock=FixedClock(NOW)).owner() == me.id


def test_a_context_without_a_profile_says_how_to_make_one(bare_ws: Workspace) -> None:
    from ladder.errors import NotFoundError

    with pytest.raises(NotFoundError) as err:
        PersonContext(bare_ws.store).owner()
    assert err.value.hint is not None and "ladder init" in err.value.hint
    for make in (
        lambda ctx: packet.build(ctx),
        lambda ctx: report.build(ctx, period.parse("last-week", today=NOW.date())),
        lambda ctx: workspace_lens(ctx),
    ):
        with pytest.raises(NotFoundError, match="no profile"):
            make(PersonContext(bare_ws.store, clock=FixedClock(NOW)))
    assert PersonContext(bare_ws.store).profile() is None
