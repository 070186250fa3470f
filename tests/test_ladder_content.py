"""The bundled ladder's content: the areas and levels the product promises, and its sources.

``docs/ladder-trace.md`` maps every seed item to the expectations that cover it; these tests keep
that map pointing at ids that exist, and keep the ladder's wording our own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ladder import framework

REPO = Path(__file__).resolve().parents[1]
TRACE = REPO / "docs" / "ladder-trace.md"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
LADDER_FILE = REPO / "src" / "ladder" / "data" / framework.DEFAULT_LADDER

# The nine areas of PRODUCT.md ("The bundled ladder"), in its order.
AREAS = [
    "technical-depth",
    "system-design",
    "delivery",
    "code-quality",
    "operations",
    "communication",
    "mentorship",
    "leadership",
    "career",
]
LEVELS = ["junior", "mid", "senior", "staff", "principal", "engineering-manager"]
EXPECTATION_ID = re.compile(r"`([a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*)`")
RUN = 8  # words in a row that count as copied

LADDER = framework.parse(framework.default_source()[1])
EXPECTATION_IDS = {e.id for e in LADDER.expectations()}
LADDER_IDS_AT = {e.id: e.level for e in LADDER.expectations()}


def test_bundled_ladder_has_the_nine_areas_in_order() -> None:
    assert [a.id for a in LADDER.areas] == AREAS


def test_bundled_ladder_has_six_levels_in_order() -> None:
    assert [lv.id for lv in LADDER.levels] == LEVELS


def test_bundled_ladder_splits_after_senior_into_ic_and_management() -> None:
    """PRODUCT.md: the paths after Senior (Staff, Principal, Engineering Manager)."""
    paths = {t.id: list(t.levels) for t in LADDER.tracks}
    assert paths == {
        "ic": ["junior", "mid", "senior", "staff", "principal"],
        "management": ["junior", "mid", "senior", "engineering-manager"],
    }


@pytest.mark.parametrize("level", ["staff", "principal", "engineering-manager"])
def test_bundled_paths_after_senior_are_traced_to_the_seeds(level: str) -> None:
    rows = trace_sections().get("Paths after Senior")
    assert rows, "docs/ladder-trace.md has no '## Paths after Senior' section"
    cited = {x for cells in rows for x in EXPECTATION_ID.findall(cells[-1])}
    assert any(LADDER_IDS_AT[x] == level for x in cited)


@pytest.mark.parametrize("level", ["principal", "engineering-manager"])
def test_bundled_paths_after_senior_differ_from_senior_in_every_area(level: str) -> None:
    """Each area says what changes at the level, not the Senior text again."""
    for area in LADDER.areas:
        at = {e.text for e in area.at(level)}
        assert at and not at & {e.text for e in area.at("senior")}, area.id


def test_bundled_ladder_file_is_the_packaged_one() -> None:
    assert LADDER_FILE.read_text(encoding="utf-8") == framework.default_source()[1]


@pytest.mark.parametrize("area_id", AREAS)
def test_bundled_area_has_at_least_four_senior_expectations(area_id: str) -> None:
    assert len(LADDER.area(area_id).at("senior")) >= 4


@pytest.mark.parametrize("area_id", AREAS)
def test_bundled_area_has_an_expectation_at_every_level(area_id: str) -> None:
    area = LADDER.area(area_id)
    assert [lv for lv in LEVELS if not area.at(lv)] == []


def test_bundled_expectations_have_markers_and_actions() -> None:
    no_marker = [e.id for e in LADDER.expectations() if not e.markers]
    no_action = [e.id for e in LADDER.expectations() if not e.actions]
    assert (no_marker, no_action) == ([], [])


def test_bundled_texts_are_not_blank() -> None:
    blank = [
        e.id
        for e in LADDER.expectations()
        if not all(s.strip() for s in (e.text, *e.markers, *e.actions))
    ]
    assert blank == []


# -- docs/ladder-trace.md ---------------------------------------------------------------------


def trace_sections() -> dict[str, list[list[str]]]:
    """Each ``## `` section of the trace doc → the cells of its table's data rows."""
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for line in TRACE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        elif current is not None and line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells[0] in ("Seed item", "") or set("".join(cells)) <= set("-: "):
                continue  # the header row and the |---| row
            current.append(cells)
    return sections


def test_trace_cites_only_expectations_that_exist() -> None:
    cited = set(EXPECTATION_ID.findall(TRACE.read_text(encoding="utf-8")))
    assert len(cited) > 20  # the pattern finds the citations at all
    assert sorted(cited - EXPECTATION_IDS) == []


@pytest.mark.parametrize(
    ("section", "rows"),
    [("Mid-level vs senior contrasts", 6), ("Duties", 10), ("Promotion areas", 7)],
)
def test_trace_section_has_its_rows_each_citing_an_expectation(section: str, rows: int) -> None:
    table = trace_sections().get(section)
    assert table is not None, f"docs/ladder-trace.md has no '## {section}' section"
    assert len(table) == rows
    uncited = [cells[0] for cells in table if not EXPECTATION_ID.findall(cells[-1])]
    assert uncited == []


def test_trace_every_row_cites_an_existing_expectation() -> None:
    for section, table in trace_sections().items():
        for cells in table:
            ids = EXPECTATION_ID.findall(cells[-1])
            assert ids, f"{section}: {cells[0]!r} cites no expectation"
            assert set(ids) <= EXPECTATION_IDS, (
                f"{section}: {cells[0]!r} cites {sorted(set(ids) - EXPECTATION_IDS)}"
            )


# -- wording of our own -------------------------------------------------------------------------


def words(text: str) -> list[str]:
    """Lower-case words; apostrophes dropped (``don't`` → ``dont``), other punctuation splits."""
    return re.sub(r"[\W_]+", " ", re.sub(r"['\u2019]", "", text.lower())).split()


def runs(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + RUN]) for i in range(len(w) - RUN + 1)}


def test_words_normalise_case_and_punctuation() -> None:
    assert words("Don\u2019t ship it—REALLY, don't!") == ["dont", "ship", "it", "really", "dont"]
    assert runs("One, two; three four five six seven EIGHT.") == {
        ("one", "two", "three", "four", "five", "six", "seven", "eight")
    }


def test_bundled_ladder_copies_no_eight_word_run_of_the_seeds() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed material is not here ({SEEDS}); it lives next to the repository")
    seed_files = sorted(SEEDS.glob("*.txt"))
    assert seed_files, f"no *.txt seed files in {SEEDS}"
    ours = runs(LADDER_FILE.read_text(encoding="utf-8"))
    copied = {
        path.name: sorted(" ".join(r) for r in ours & runs(path.read_text(encoding="utf-8")))
        for path in seed_files
    }
    assert {name: found for name, found in copied.items() if found} == {}
