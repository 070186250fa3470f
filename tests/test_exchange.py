"""Export and import: a lossless, idempotent round trip that validates before it writes."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import CLOCK
from ladder import exchange, framework
from ladder.errors import InputError, LocatedError
from ladder.person import ProfileInput
from ladder.workspace import Workspace

# Area ids of the bundled ladder, which every new workspace starts with.
AREAS = [a.id for a in framework.parse(framework.default_source()[1]).areas]


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out.pop("exported_at")
    return out


def _fresh(tmp: Path) -> Workspace:
    return Workspace.open(tmp, env={}, clock=CLOCK)


texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip())
entries = st.lists(
    st.fixed_dictionaries(
        {
            "text": texts,
            "date": st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 11, 1)),
            "impact": st.none() | texts,
            "areas": st.lists(st.sampled_from(AREAS), max_size=3, unique=True),
            "tags": st.lists(
                st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,10}[a-z0-9]", fullmatch=True), max_size=3
            ),
            "links": st.lists(
                st.from_regex(r"https://example\.com/[a-z0-9]{1,8}", fullmatch=True), max_size=2
            ),
            "deleted": st.booleans(),
            "substance": st.none() | st.sampled_from(["routine", "ordinary", "significant"]),
        }
    ),
    max_size=8,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(items=entries, name=texts)
def test_export_import_round_trip_is_lossless(
    tmp_path_factory: pytest.TempPathFactory, items: list[dict[str, Any]], name: str
) -> None:
    with _fresh(tmp_path_factory.mktemp("a")) as a:
        a.init_profile(
            ProfileInput(
                name=name,
                emails=["ada@example.com"],
                handles=["github:ada"],
                level="mid",
                target_level="senior",
            )
        )
        for item in items:
            e = a.log(
                item["text"],
                date=item["date"],
                impact=item["impact"],
                areas=item["areas"],
                tags=item["tags"],
                links=item["links"],
            )
            if item["substance"]:  # the person's grade travels with the entry
                a.tag(e.id, substance=item["substance"])
            if item["deleted"]:
                a.remove(e.id)
        first = a.export()
    json.loads(json.dumps(first))  # JSON-ready
    with _fresh(tmp_path_factory.mktemp("b")) as b:
        result = b.import_(first)
        assert (
            result.counts["evidence"]["added"] == len(items)
            if items
            else "evidence" not in result.counts
        )
        second = b.export()
        assert _comparable(second) == _comparable(first)
        assert b.import_(second).changed is False  # idempotent
        graded = [i["substance"] for i in items if i["substance"]]
        assert sorted(e["substance"] for e in second["evidence"] if e["substance_by"] == "user") == (
            sorted(graded)
        )


def test_export_from_postgres_imports_into_sqlite_unchanged(ws: Workspace, tmp_path: Path) -> None:
    ws.log(
        "Ran the incident review for the cache outage @incident",
        date="2026-11-02",
        areas=["operations"],
        impact="two action items closed",
        links=["https://example.com/pm/7"],
    )
    gone = ws.log("to be deleted")
    ws.remove(gone.id)
    data = ws.export()
    with _fresh(tmp_path / "other") as other:
        other.import_(data)
        assert _comparable(other.export()) == _comparable(data)


def test_import_updates_changed_entries_and_counts(ws: Workspace, tmp_path: Path) -> None:
    ws.log("first version")
    data = ws.export()
    with _fresh(tmp_path / "b") as b:
        b.import_(data)
        data["evidence"][0]["text"] = "second version"
        data["evidence"][0]["tags"] = ["b", "a"]
        result = b.import_(data)
        assert result.counts["evidence"] == {"added": 0, "updated": 1, "unchanged": 0}
        assert b.entries()[0][0].text == "second version"
        assert b.import_(data).changed is False  # tag order in the file does not matter


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format_version=99), "newer ladder"),
        (lambda d: d.update(format="something-else"), "not a ladder export"),
        (lambda d: d["evidence"][1].update(date="2026-13-01"), r"evidence\[1\]"),
        (lambda d: d["evidence"][1].update(text="   "), r"evidence\[1\].*empty"),
        (lambda d: d["evidence"][1].update(person="nobody"), "not among the people"),
        (lambda d: d["evidence"][1].pop("uid"), "'uid' is a required property"),
        (
            lambda d: d["ladders"][0].update(source_text="format: 1\nid: [oops\n"),
            r"ladders\[0\].*YAML",
        ),
        (lambda d: d["evidence"].append(copy.deepcopy(d["evidence"][0])), "appears twice"),
    ],
)
def test_import_of_a_bad_file_writes_nothing(
    ws: Workspace, tmp_path: Path, mutate: Any, message: str
) -> None:
    ws.log("one")
    ws.log("two")
    data = ws.export()
    with _fresh(tmp_path / "b") as b:
        b.init_profile(ProfileInput(name="Someone"))
        before = b.export()
        # A valid new entry first, so a partial write would show.
        data["evidence"].insert(
            0, {**data["evidence"][0], "uid": "fresh0001", "text": "would be new"}
        )
        mutate(data)
        with pytest.raises(LocatedError, match=message):
            b.import_(data, source_name="backup.json")
        assert _comparable(b.export()) == _comparable(before)


def test_read_file_reports_truncated_json_with_line(tmp_path: Path, ws: Workspace) -> None:
    ws.log("something")
    path = tmp_path / "backup.json"
    exchange.write_file(ws.export(), path)
    text = path.read_text()
    path.write_text(text[: len(text) // 2])
    with pytest.raises(LocatedError) as info:
        exchange.read_file(path)
    assert info.value.path == str(path) and info.value.line and info.value.line > 1
    assert "truncated" in info.value.reason


def test_read_file_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        exchange.read_file(tmp_path / "missing.json")
    (tmp_path / "empty.json").write_text("")
    with pytest.raises(LocatedError, match="empty"):
        exchange.read_file(tmp_path / "empty.json")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(LocatedError, match="UTF-8"):
        exchange.read_file(tmp_path / "bin.json")


def test_write_file_to_an_unwritable_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write"):
        exchange.write_file({"a": 1}, tmp_path / "no" / "such" / "folder" / "x.json")


def test_import_conflicting_ladder_version_is_refused(ws: Workspace, tmp_path: Path) -> None:
    data = ws.export()
    data["ladders"][0]["source_text"] = data["ladders"][0]["source_text"].replace(
        "name: Software Engineering", "name: Changed", 1
    )
    with _fresh(tmp_path / "b") as b, pytest.raises(InputError, match="different content"):
        b.import_(data)
