"""The ladder as data: reading and checking ladder files, and keeping versions in the store."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ladder import framework
from ladder.errors import InputError, LocatedError, NotFoundError
from ladder.store import connect, migrate
from ladder.workspace import Workspace

BUNDLED_NAME, BUNDLED = framework.default_source()
BUNDLED_FILE = Path(framework.__file__).with_name("data") / framework.DEFAULT_LADDER

# A small ladder whose line numbers the tests below point into.
SMALL = """\
format: 1
id: team
name: Team ladder
version: "1"
levels:
  - id: junior
    name: Junior
  - id: senior
    name: Senior
    description: Owns features.
areas:
  - id: design
    name: Design
    description: Designing systems.
    expectations:
      - id: design.notes
        level: junior
        text: Writes short design notes.
        markers:
          - A design note in the repository
        actions:
          - Write a note for the next feature
      - id: design.tradeoffs
        level: senior
        text: Decides trade-offs and backs them with data.
  - id: delivery
    name: Delivery
    description: Shipping.
    expectations:
      - id: delivery.ship
        level: senior
        text: Ships whole features.
"""


def edit(text: str, old: str, new: str) -> str:
    """``text`` with the single occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line number of the ``nth`` line that is ``needle`` (ignoring indentation)."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if line.strip() == needle]
    assert len(hits) >= nth, f"{needle!r} found on {len(hits)} lines"
    return hits[nth - 1]


def problems(text: str) -> list[tuple[int | None, str]]:
    ladder, found = framework.check(text)
    assert (ladder is None) == bool(found)
    return [(p.line, p.reason) for p in found]


def bundled_version(version: str, text: str = BUNDLED) -> str:
    """The bundled ladder's text with another ``version:``."""
    return edit(text, 'version: "2026.12"', f'version: "{version}"')


def without_career(text: str) -> str:
    """The bundled ladder's text without its last area, ``career``."""
    return text[: text.index("  - id: career\n")]


# -- checking files ---------------------------------------------------------------------------


def test_check_bundled_ladder_is_valid() -> None:
    ladder, found = framework.check(BUNDLED)
    assert found == []
    assert ladder is not None
    assert ladder.id == "software-engineering"
    assert [lv.id for lv in ladder.levels] == [
        "junior",
        "mid",
        "senior",
        "staff",
        "principal",
        "engineering-manager",
    ]
    assert [(t.id, t.levels[-1]) for t in ladder.tracks] == [
        ("ic", "principal"),
        ("management", "engineering-manager"),
    ]


def test_parse_bundled_ladder_keeps_source_and_checksum() -> None:
    ladder = framework.parse(BUNDLED, source_name=BUNDLED_NAME)
    assert ladder.source_name == BUNDLED_NAME
    assert ladder.source_text == BUNDLED
    assert ladder.checksum == hashlib.sha256(BUNDLED.encode()).hexdigest()
    assert all(e.id.startswith(f"{e.area}.") for e in ladder.expectations())


def test_load_file_reads_bundled_file() -> None:
    ladder = framework.load_file(BUNDLED_FILE)
    assert ladder.source_name == str(BUNDLED_FILE)
    assert ladder.to_dict() == framework.parse(BUNDLED).to_dict()


def test_check_small_ladder_builds_levels_areas_expectations() -> None:
    ladder, found = framework.check(SMALL)
    assert found == []
    assert ladder is not None
    assert ladder.level("senior").description == "Owns features."
    assert ladder.level("junior").description == ""
    design = ladder.area("design")
    assert [e.id for e in design.at("junior")] == ["design.notes"]
    notes = design.expectations[0]
    assert notes.area == "design"
    assert notes.markers == ("A design note in the repository",)
    assert notes.actions == ("Write a note for the next feature",)
    assert ladder.area("delivery").expectations[0].markers == ()


def test_ladder_unknown_area_and_level_list_known_ids() -> None:
    ladder = framework.parse(SMALL)
    with pytest.raises(
        NotFoundError, match=r"unknown area 'desing' \(did you mean 'design'\?\).*design, delivery"
    ):
        ladder.area("desing")
    with pytest.raises(NotFoundError, match=r"unknown level 'staff'.*junior, senior"):
        ladder.level("staff")


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        pytest.param(
            "    name: Design\n",
            "    name: Design: Systems\n",
            "name: Design: Systems",
            id="colon-in-value",
        ),
        pytest.param(
            "    name: Design\n",
            "    name: Design\n   description: wrong indent\n",
            "description: wrong indent",
            id="indentation",
        ),
        # unclosed constructs: libyaml notices them at the end of the file; the line to name is where they open
        pytest.param(
            "    name: Design\n", '    name: "Design\n', 'name: "Design', id="unclosed-quote"
        ),
        pytest.param(
            "        text: Ships whole features.\n",
            "        text: [Ships whole features.\n",
            "text: [Ships whole features.",
            id="unclosed-bracket",
        ),
    ],
)
def test_check_yaml_syntax_error_names_its_line(old: str, new: str, needle: str) -> None:
    text = edit(SMALL, old, new)
    found = problems(text)
    assert len(found) == 1, found
    line, reason = found[0]
    assert reason.startswith("YAML syntax error: ")
    assert line == line_of(text, needle)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(SMALL)), st.sampled_from(list("\"'[]{}:-&*!|>%@`#,?\t")))
def test_check_stray_character_gives_problems_on_lines_of_the_file(
    position: int, char: str
) -> None:
    text = SMALL[:position] + char + SMALL[position:]
    ladder, found = framework.check(text)
    assert (ladder is None) == bool(found)
    last = len(text.splitlines())
    assert [p for p in found if p.line is None or not 1 <= p.line <= last] == []


def test_parse_yaml_syntax_error_raises_located_error() -> None:
    text = edit(SMALL, "name: Team ladder\n", "name: Team ladder\n  bad: [\n")
    with pytest.raises(LocatedError) as info:
        framework.parse(text, source_name="team.yaml")
    assert info.value.path == "team.yaml"
    assert info.value.line == line_of(text, "bad: [")
    assert str(info.value).startswith(f"team.yaml:{info.value.line}: YAML syntax error")


@pytest.mark.parametrize(
    ("old", "new", "needle", "words"),
    [
        pytest.param(
            'version: "1"',
            "version: 1",
            "version: 1",
            ["version", "not of type 'string'"],
            id="wrong-type",
        ),
        pytest.param(
            "        text: Ships whole features.\n",
            "        text: [a, b]\n",
            "text: [a, b]",
            ["text", "not of type 'string'"],
            id="wrong-type-nested",
        ),
        pytest.param("format: 1", "format: 2", "format: 2", ["format", "1"], id="wrong-format"),
        pytest.param(
            "  - id: design\n",
            "  - id: Design Area\n",
            "- id: Design Area",
            ["areas/0/id", "does not match"],
            id="bad-slug",
        ),
        pytest.param(
            "    name: Delivery\n", "    name: ''\n", "name: ''", ["areas/1/name"], id="empty-name"
        ),
        pytest.param(
            "    description: Shipping.\n",
            "    description: Shipping.\n    owner: bob\n",
            "owner: bob",
            ["'owner' was unexpected"],
            id="unknown-area-key",
        ),
        pytest.param(
            "        level: senior\n        text: Ships",
            "        level: senior\n        bogus: 3\n        text: Ships",
            "bogus: 3",
            ["'bogus' was unexpected"],
            id="unknown-expectation-key",
        ),
        pytest.param(
            "areas:\n",
            "colour: blue\nareas:\n",
            "colour: blue",
            ["top level", "'colour' was unexpected"],
            id="unknown-top-key",
        ),
    ],
)
def test_check_schema_error_names_line_of_offending_key(
    old: str, new: str, needle: str, words: list[str]
) -> None:
    text = edit(SMALL, old, new)
    found = problems(text)
    assert len(found) == 1, found
    line, reason = found[0]
    assert line == line_of(text, needle)
    for word in words:
        assert word in reason


def test_check_missing_required_key_names_line_of_its_object() -> None:
    text = edit(SMALL, "    description: Shipping.\n", "")
    assert problems(text) == [
        (line_of(text, "- id: delivery"), "areas/1: 'description' is a required property")
    ]


def test_check_missing_top_level_key_names_first_line() -> None:
    text = edit(SMALL, 'version: "1"\n', "")
    assert problems(text) == [(1, "top level: 'version' is a required property")]


def test_check_reports_every_schema_problem_in_line_order() -> None:
    text = edit(SMALL, 'version: "1"', "version: 1")
    text = edit(text, "    name: Delivery\n", "    name: Delivery\n    owner: bob\n")
    text = edit(text, "        level: junior\n", "        level: 7\n")
    found = problems(text)
    assert [line for line, _ in found] == sorted(
        [line_of(text, "version: 1"), line_of(text, "level: 7"), line_of(text, "owner: bob")]
    )


def test_parse_counts_the_other_problems() -> None:
    text = edit(SMALL, 'version: "1"', "version: 1")
    text = edit(text, "    name: Delivery\n", "    name: Delivery\n    owner: bob\n")
    with pytest.raises(LocatedError, match=r"^<ladder>:4: version: .*\(and 1 more problem\)$"):
        framework.parse(text)


def test_check_duplicate_area_id_says_where_first_used() -> None:
    text = edit(SMALL, "  - id: delivery\n", "  - id: design\n")
    text = edit(text, "      - id: delivery.ship\n", "      - id: design.ship\n")
    first, second = line_of(text, "- id: design"), line_of(text, "- id: design", nth=2)
    assert problems(text) == [(second, f"duplicate area id 'design' (first used on line {first})")]


def test_check_duplicate_expectation_id_says_where_first_used() -> None:
    text = edit(SMALL, "      - id: design.tradeoffs\n", "      - id: design.notes\n")
    first, second = line_of(text, "- id: design.notes"), line_of(text, "- id: design.notes", nth=2)
    assert problems(text) == [
        (second, f"duplicate expectation id 'design.notes' (first used on line {first})")
    ]


def test_check_duplicate_yaml_key_says_where_first_used() -> None:
    text = edit(SMALL, "    name: Design\n", "    name: Design\n    name: Architecture\n")
    found = problems(text)
    assert len(found) == 1, found
    line, reason = found[0]
    assert line == line_of(text, "name: Architecture")
    assert "duplicate key 'name'" in reason
    assert f"first used on line {line_of(text, 'name: Design')}" in reason


def test_check_duplicate_level_id_is_reported() -> None:
    text = edit(SMALL, "  - id: senior\n    name: Senior\n", "  - id: junior\n    name: Senior\n")
    text = text.replace("level: senior", "level: junior")
    found = problems(text)
    assert [line for line, _ in found] == [line_of(text, "- id: junior", nth=2)]
    assert "duplicate level id 'junior'" in found[0][1]


def test_check_duplicate_alias_is_reported() -> None:
    text = edit(SMALL, "    name: Delivery\n", "    name: Delivery\n    aliases: [design]\n")
    found = problems(text)
    assert found == [
        (
            line_of(text, "aliases: [design]"),
            f"duplicate alias id 'design' (first used on line {line_of(text, '- id: design')})",
        )
    ]


def test_check_expectation_id_must_start_with_its_area() -> None:
    text = edit(SMALL, "      - id: delivery.ship\n", "      - id: design.ship\n")
    found = problems(text)
    assert len(found) == 1
    line, reason = found[0]
    assert line == line_of(text, "- id: design.ship")
    assert "'design.ship'" in reason and "delivery" in reason


def test_check_expectation_level_must_exist() -> None:
    text = edit(SMALL, "        level: junior\n", "        level: staff\n")
    assert problems(text) == [
        (
            line_of(text, "level: staff"),
            "expectation 'design.notes' names level 'staff', which is not among the levels (junior, senior)",
        )
    ]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_check_empty_file_is_a_problem(text: str) -> None:
    assert problems(text) == [(1, "the file is empty")]
    with pytest.raises(LocatedError, match="empty"):
        framework.parse(text)


@pytest.mark.parametrize("text", ["- a\n- b\n", "just words\n", "42\n"])
def test_check_not_a_mapping_is_a_problem(text: str) -> None:
    found = problems(text)
    assert found and found[0][0] == 1
    assert "not of type 'object'" in found[0][1]


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        # an unquoted date that does not exist: YAML's timestamp rule makes it a date first
        pytest.param(
            'version: "1"', "version: 2026-11-31", "version: 2026-11-31", id="impossible-date"
        ),
        # a complex mapping key is valid YAML but cannot be a ladder key
        pytest.param("areas:\n", "? [a, b]\n: c\nareas:\n", "? [a, b]", id="sequence-key"),
        # an anchor that contains itself
        pytest.param(
            "    name: Delivery\n",
            "    name: Delivery\n    extra: &loop [*loop]\n",
            "extra: &loop [*loop]",
            id="recursive-alias",
        ),
    ],
)
def test_check_unusual_yaml_is_a_problem_not_a_crash(old: str, new: str, needle: str) -> None:
    text = edit(SMALL, old, new)
    try:
        found = problems(text)
    except Exception as exc:  # RecursionError included; keep the report short
        pytest.fail(f"check() raised {type(exc).__name__}: {exc}", pytrace=False)
    assert found, "the file must not pass"
    assert found[0][0] == line_of(text, needle)


def test_load_file_not_utf8_is_located_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(SMALL.replace("Shipping.", "Livraison pr\u00e9vue.").encode("latin-1"))
    with pytest.raises(LocatedError, match="not UTF-8") as info:
        framework.load_file(path)
    assert info.value.path == str(path)


def test_load_file_missing_file_is_input_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(InputError, match=f"^{path}: no such file$"):
        framework.load_file(path)


def test_load_file_folder_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        framework.load_file(tmp_path)


def test_load_file_problem_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(
        edit(SMALL, "        level: junior\n", "        level: staff\n"), encoding="utf-8"
    )
    with pytest.raises(LocatedError) as info:
        framework.load_file(path)
    assert str(info.value).startswith(
        f"{path}:{line_of(path.read_text(), 'level: staff')}: expectation 'design.notes'"
    )


# -- versions in the store --------------------------------------------------------------------


def test_install_new_version_becomes_active_and_keeps_old(ws: Workspace) -> None:
    (old,) = ws.ladder_versions()
    result = ws.install_ladder(framework.parse(bundled_version("2026.13")))
    assert result.added is True
    assert result.orphaned == {}
    rows = ws.ladder_versions()
    assert [(r["version"], bool(r["is_active"])) for r in rows] == [
        ("2026.12", False),
        ("2026.13", True),
    ]
    assert rows[0]["id"] == old["id"] and rows[1]["id"] == result.version_id
    assert ws.ladder().version == "2026.13"
    assert framework.load(ws.store, old["id"]).version == "2026.12"


def test_install_same_file_again_reactivates_without_adding(ws: Workspace) -> None:
    (old,) = ws.ladder_versions()
    ws.install_ladder(framework.parse(bundled_version("2026.13")))
    result = ws.install_ladder(framework.parse(BUNDLED, source_name=BUNDLED_NAME))
    assert result.added is False
    assert result.version_id == old["id"]
    rows = ws.ladder_versions()
    assert [(r["version"], bool(r["is_active"])) for r in rows] == [
        ("2026.12", True),
        ("2026.13", False),
    ]
    assert ws.ladder().version == "2026.12"


def test_install_same_version_other_content_is_refused(ws: Workspace) -> None:
    ws.install_ladder(framework.parse(bundled_version("2026.13")))
    before = (
        ws.ladder_versions(),
        ws.ladder().to_dict(),
        ws.store.scalar("SELECT COUNT(*) FROM ladder_expectation"),
    )
    changed = framework.parse(
        edit(BUNDLED, "name: Software Engineering\n", "name: Software Engineering (edited)\n"),
        source_name="edited.yaml",
    )
    with pytest.raises(
        InputError,
        match=r"^edited.yaml: ladder 'software-engineering' version '2026.12' is already installed with different content$",
    ) as info:
        ws.install_ladder(changed)
    assert info.value.hint and "version:" in info.value.hint
    after = (
        ws.ladder_versions(),
        ws.ladder().to_dict(),
        ws.store.scalar("SELECT COUNT(*) FROM ladder_expectation"),
    )
    assert after == before


def test_install_keeps_and_reports_links_to_dropped_area(ws: Workspace) -> None:
    kept = ws.log("Kept my brag document up to date", areas=["career"])
    other = ws.log("Wrote the runbook for the queue", areas=["operations", "career"])
    result = ws.install_ladder(framework.parse(bundled_version("2026.13", without_career(BUNDLED))))
    assert result.orphaned == {"career": 2}
    assert [a.area for a in ws.entry(kept.id).areas] == ["career"]
    assert [a.area for a in ws.entry(other.id).areas] == ["career", "operations"]
    with pytest.raises(InputError, match="unknown area 'career'"):
        ws.log("Another one", areas=["career"])


def renamed_career(text: str) -> str:
    """The bundled ladder with ``career`` renamed ``growth`` (old id kept as an alias)."""
    head, block = text[: text.index("  - id: career\n")], text[text.index("  - id: career\n") :]
    block = edit(block, "  - id: career\n", "  - id: growth\n    aliases: [career]\n")
    return head + block.replace("id: career.", "id: growth.")


def test_install_alias_lets_old_area_id_resolve(ws: Workspace) -> None:
    before = ws.log("Kept my brag document up to date", areas=["career"])
    result = ws.install_ladder(framework.parse(bundled_version("2026.13", renamed_career(BUNDLED))))
    assert result.orphaned == {}
    assert ws.ladder().area("growth").aliases == ("career",)
    after = ws.log("Updated my learning plan", areas=["career"])
    assert [a.area for a in ws.entry(after.id).areas] == ["growth"]
    # links made before the rename are kept as written
    assert [a.area for a in ws.entry(before.id).areas] == ["career"]
    assert [a.area for a in ws.log("Met my mentor", areas=["growth"]).areas] == ["growth"]


def test_load_round_trips_bundled_ladder(ws: Workspace) -> None:
    parsed = framework.parse(BUNDLED, source_name=BUNDLED_NAME)
    loaded = framework.load(ws.store)
    assert loaded.to_dict() == parsed.to_dict()
    assert loaded.source_text == BUNDLED
    assert loaded.checksum == parsed.checksum
    assert loaded.source_name == BUNDLED_NAME


def test_load_round_trips_aliases(ws: Workspace) -> None:
    parsed = framework.parse(bundled_version("2026.13", renamed_career(BUNDLED)))
    ws.install_ladder(parsed)
    assert framework.load(ws.store).to_dict() == parsed.to_dict()


def test_aliases_are_kept_in_canonical_order(ws: Workspace) -> None:
    """Aliases are a set: parse and load both give them sorted, so install → load round-trips."""
    text = edit(
        SMALL, "    name: Delivery\n", "    name: Delivery\n    aliases: [shipping, releases]\n"
    )
    text = edit(
        text,
        "        text: Ships whole features.\n",
        "        text: Ships whole features.\n        aliases: [delivery.zz, delivery.aa]\n",
    )
    parsed = framework.parse(text)
    assert parsed.area("delivery").aliases == ("releases", "shipping")
    ws.install_ladder(parsed)
    loaded = framework.load(ws.store)
    assert loaded.to_dict() == parsed.to_dict()
    assert loaded.area("delivery").expectations[0].aliases == ("delivery.aa", "delivery.zz")


# -- generated ladders ------------------------------------------------------------------------

slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,9}", fullmatch=True)
texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co")), min_size=1, max_size=30
)


@st.composite
def ladder_data(draw: st.DrawFn) -> dict[str, Any]:
    """A small valid ladder, as the data a ladder file holds."""
    level_ids = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    names = draw(st.lists(slugs, min_size=1, max_size=7, unique=True))
    n_areas = draw(st.integers(1, min(3, len(names))))
    area_ids, spare = names[:n_areas], names[n_areas:]
    area_aliases: dict[str, list[str]] = {a: [] for a in area_ids}
    for alias in spare:
        area_aliases[draw(st.sampled_from(area_ids))].append(alias)

    areas = []
    for area_id in area_ids:
        locals_ = draw(st.lists(slugs, min_size=1, max_size=5, unique=True))
        n_exp = draw(st.integers(1, min(3, len(locals_))))
        exp_aliases: list[list[str]] = [[] for _ in range(n_exp)]
        for old in locals_[n_exp:]:
            exp_aliases[draw(st.integers(0, n_exp - 1))].append(f"{area_id}.{old}")
        expectations = []
        for local, aliases in zip(locals_[:n_exp], exp_aliases, strict=True):
            exp: dict[str, Any] = {
                "id": f"{area_id}.{local}",
                "level": draw(st.sampled_from(level_ids)),
                "text": draw(texts),
            }
            for key in ("markers", "actions"):
                if draw(st.booleans()):
                    exp[key] = draw(st.lists(texts, max_size=2))
            if aliases:
                exp["aliases"] = aliases
            expectations.append(exp)
        area: dict[str, Any] = {"id": area_id, "name": draw(texts), "description": draw(texts)}
        if area_aliases[area_id]:
            area["aliases"] = area_aliases[area_id]
        areas.append(area | {"expectations": expectations})
    levels = []
    for level_id in level_ids:
        level: dict[str, Any] = {"id": level_id, "name": draw(texts)}
        if draw(st.booleans()):
            level["description"] = draw(texts)
        if draw(st.booleans()) and f"{level_id}-was" not in level_ids:
            level["aliases"] = [f"{level_id}-was"]
        levels.append(level)
    tracks = []
    if draw(st.booleans()):
        # One track through every level, and one through an ordered part of them.
        part = [lv for lv in level_ids if draw(st.booleans())] or level_ids[:1]
        tracks = [
            {"id": "all", "name": draw(texts), "levels": list(level_ids)},
            {"id": "part", "name": draw(texts), "levels": part},
        ]
    data: dict[str, Any] = {
        "format": 1,
        "id": draw(slugs),
        "name": draw(texts),
        "version": draw(st.from_regex(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,8}", fullmatch=True)),
    }
    if draw(st.booleans()):
        data["description"] = draw(texts)
    return data | {"levels": levels, "areas": areas} | ({"tracks": tracks} if tracks else {})


def expected_dict(data: dict[str, Any]) -> dict[str, Any]:
    """What ``Ladder.to_dict()`` should give for ladder file ``data``."""
    return {
        "id": data["id"],
        "name": data["name"],
        "version": data["version"],
        "description": data.get("description", ""),
        "levels": [
            {
                "id": lv["id"],
                "name": lv["name"],
                "description": lv.get("description", ""),
                "aliases": lv.get("aliases", []),
            }
            for lv in data["levels"]
        ],
        "tracks": [
            {"id": t["id"], "name": t["name"], "description": "", "levels": t["levels"]}
            for t in data.get("tracks", [])
        ],
        "areas": [
            {
                "id": a["id"],
                "name": a["name"],
                "description": a["description"],
                "aliases": sorted(a.get("aliases", [])),
                "expectations": [
                    {
                        "id": e["id"],
                        "level": e["level"],
                        "text": e["text"],
                        "markers": e.get("markers", []),
                        "actions": e.get("actions", []),
                        "aliases": sorted(e.get("aliases", [])),
                    }
                    for e in a["expectations"]
                ],
            }
            for a in data["areas"]
        ],
    }


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@settings(max_examples=60, deadline=None)
@given(ladder_data())
def test_parse_dump_reflects_generated_ladder(data: dict[str, Any]) -> None:
    text = dump(data)
    ladder = framework.parse(text)
    assert ladder.to_dict() == expected_dict(data)
    assert ladder.source_text == text


@pytest.fixture(scope="module")
def empty_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite store with no ladder installed, to copy for each example."""
    path = tmp_path_factory.mktemp("template") / "ladder.db"
    migrate.upgrade(f"sqlite:///{path}")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM ladder_version").fetchone() == (0,)
    return path


def test_load_with_nothing_installed_is_not_found(empty_store_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ladder.db"
    shutil.copy(empty_store_file, copy)
    store = connect(f"sqlite:///{copy}")
    try:
        assert framework.active_version_id(store) is None
        with pytest.raises(NotFoundError, match="no ladder is installed"):
            framework.load(store)
    finally:
        store.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=ladder_data())
def test_install_load_round_trips_generated_ladder(
    data: dict[str, Any], empty_store_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    copy = tmp_path_factory.mktemp("roundtrip") / "ladder.db"
    shutil.copy(empty_store_file, copy)
    store = connect(f"sqlite:///{copy}")
    try:
        parsed = framework.parse(dump(data), source_name="generated.yaml")
        result = framework.install(store, parsed, now="2026-11-24T00:00:00Z")
        assert result.added and result.orphaned == {}
        loaded = framework.load(store)
        assert loaded.to_dict() == parsed.to_dict()
        assert loaded.checksum == parsed.checksum
        again = framework.install(store, framework.parse(dump(data)), now="2026-11-25T00:00:00Z")
        assert (again.added, again.version_id) == (False, result.version_id)
        assert len(framework.versions(store)) == 1
    finally:
        store.close()
