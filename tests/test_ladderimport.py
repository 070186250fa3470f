"""``ladder framework import``: real public ladders (FT, Monzo, snowflake) and a CSV matrix.

The fixtures under tests/fixtures/ladders/ are the real files (see PROVENANCE.md there); the
counts asserted here are counted independently of the importer (by PyYAML or by the file's
own structure), so a competency the importer loses fails a test.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ladder import framework
from ladder.errors import LocatedError
from ladder.ladderimport import import_file
from ladder.ladderimport.draft import slug, text_name
from ladder.ladderimport.jsliteral import JSProblem, find_literal

FIXTURES = Path(__file__).parent / "fixtures" / "ladders"
FT = FIXTURES / "ft" / "engineering.yml"
FT_V1 = FIXTURES / "ft" / "engineering-v1-excerpt.yml"
BACKEND = FIXTURES / "monzo" / "backend.md"
WEB = FIXTURES / "monzo" / "web.md"
SNOWFLAKE = FIXTURES / "snowflake" / "constants.js"
CSV = FIXTURES / "csv" / "matrix.csv"

#: The lines Monzo reworded in b834feb ("Replace all occurences of RFC with proposal"), as
#: they read before and after.
MONZO_REWORDED = {
    "Contributes to writing RFCs (Co-authors with more experienced Engineer)": (
        "Contributes to writing proposals (Co-authors with more experienced Engineer)"
    ),
    "Provides valuable input to RFCs from their team": (
        "Provides valuable input to proposals from their team"
    ),
    "Leads writing small/medium scope RFCs": "Leads writing small/medium scope proposals",
    "Leads writing large scope RFCs": "Leads writing large scope proposals",
}


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n"))
    return data


def monzo_criteria(path: Path) -> Counter[tuple[str, str]]:
    """Criteria per (topic, level), counted straight from the front matter."""
    out: Counter[tuple[str, str]] = Counter()
    for topic in front_matter(path)["topics"]:
        for block in topic["content"]:
            n = len(block.get("criteria") or []) + len(block.get("exampleCriteria") or [])
            out[(topic["name"], f"level-{block['level']}")] += n
    return out


def by_area_level(ladder: framework.Ladder) -> Counter[tuple[str, str]]:
    return Counter((e.area, e.level) for e in ladder.expectations())


def valid(text: str) -> framework.Ladder:
    ladder, problems = framework.check(text)
    assert problems == [], problems
    assert ladder is not None
    return ladder


# -- the Financial Times ---------------------------------------------------------------------


def test_ft_engineering_carries_every_competency_levels_in_order_and_uuid_ids() -> None:
    source = yaml.safe_load(FT.read_text(encoding="utf-8"))
    result = import_file(FT, "ft")
    ladder = valid(result.text)
    assert [lv.id for lv in ladder.levels] == [lv["id"] for lv in source["levels"]]
    assert [lv.id for lv in ladder.levels] == [
        "junior",
        "engineer",
        "senior-1",
        "senior-2-ic",
        "senior-2-pm",
        "principal-ic",
        "principal-pm",
        "tech-director",
    ]
    assert [a.id for a in ladder.areas] == [t["id"] for t in source["themes"]]
    assert len(ladder.areas) == 9 and len(ladder.expectations()) == 72
    assert by_area_level(ladder) == Counter(
        (c["theme"], c["level"]) for c in source["competencies"]
    )
    # Every competency's id is its theme and the start of its own UUID; its text is its summary.
    got = {e.id: e for e in ladder.expectations()}
    for c in source["competencies"]:
        exp = got[f"{c['theme']}.{c['id'][:8]}"]
        assert exp.level == c["level"]
        assert " ".join(exp.text.split()) == " ".join(c["summary"].replace("\u200b", "").split())
    report = result.report
    assert (report.total_read, report.total_written, report.dropped) == (72, 72, [])
    assert report.not_carried["proficiency"][0] == 72
    assert any("senior-2-ic / senior-2-pm" in n and "separate levels" in n for n in report.notes)


def test_ft_keeps_numbered_lists_and_joins_hard_wrapped_lines() -> None:
    ladder = valid(import_file(FT, "ft").text)
    technical = ladder.area("technical").at("junior")[0]
    assert technical.text.startswith("1. Writes well-tested code")
    assert "\n2. Uses tooling" in technical.text
    planning = ladder.area("planning-organising")
    assert "\n" not in planning.description  # FT wraps its summaries at 100 columns
    assert planning.description.startswith("Effectively manages activities")


def test_ft_legacy_examples_become_markers_and_supporting_links_actions() -> None:
    result = import_file(FT_V1, "auto")
    ladder = valid(result.text)
    security = next(e for e in ladder.expectations() if e.id == "technical.b0e285f2")
    assert security.level == "engineer"
    assert security.markers[0] == "Fixes vulnerabilities in dependencies raised by Snyk"
    assert security.actions == (
        "Read Open Web Application Security Project: https://www.owasp.org/",
    )
    # Themes without a competency in the excerpt are left out, and said so.
    assert [a.id for a in ladder.areas] == ["technical"]
    assert sum("has no competencies" in n for n in result.report.notes) == 3


# -- Monzo -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "total"), [(BACKEND, 135), (WEB, 165)])
def test_monzo_carries_every_criterion(path: Path, total: int) -> None:
    result = import_file(path, "monzo")
    ladder = valid(result.text)
    expected = monzo_criteria(path)
    assert sum(expected.values()) == total
    assert by_area_level(ladder) == +expected
    assert [lv.id for lv in ladder.levels] == [f"level-{n}" for n in range(1, 7)]
    assert (result.report.total_read, result.report.total_written) == (total, total)
    assert ladder.id == f"monzo-{path.stem}"


def test_monzo_examples_become_markers_and_the_body_describes_the_areas() -> None:
    ladder = valid(import_file(BACKEND, "monzo").text)
    security = next(
        e
        for e in ladder.expectations()
        if e.text == "Proactively considers security implications of their work"
    )
    assert security.level == "level-3" and len(security.markers) == 5
    assert ladder.area("communication").description == "How you interact with others"
    assert ladder.area("mastery").description == "Your Monzo knowledge and technical capability"
    assert ladder.area("leadership").name == "Leadership"  # the emoji of "👩‍💼 Leadership" is gone


def test_monzo_ids_come_from_the_first_meaningful_words() -> None:
    ladder = valid(import_file(BACKEND, "monzo").text)
    first = ladder.area("communication").expectations[0]
    assert first.text == "Provides regular status updates to their mentor/buddy"
    assert first.id == "communication.provides-regular-status-updates-mentor"
    assert text_name("Transparent about mistakes they've made, early") == (
        "transparent-about-mistakes-made-early"
    )


# -- snowflake ---------------------------------------------------------------------------------


def test_snowflake_carries_every_milestone_of_every_track() -> None:
    result = import_file(SNOWFLAKE, "auto")
    ladder = valid(result.text)
    assert result.report.format == "snowflake"
    text = SNOWFLAKE.read_text(encoding="utf-8")
    track_keys = re.findall(r'^  "([A-Z_]+)": \{$', text, flags=re.M)
    assert len(track_keys) == 16 and text.count('"summary":') == 80
    assert [a.id for a in ladder.areas] == [slug(k) for k in track_keys]
    assert [lv.id for lv in ladder.levels] == [f"milestone-{n}" for n in range(1, 6)]
    assert len(ladder.expectations()) == 80
    assert all(len(a.expectations) == 5 for a in ladder.areas)
    mobile = ladder.area("mobile").at("milestone-1")[0]
    assert mobile.id == "mobile.milestone-1"
    assert mobile.text.startswith("Works effectively within established iOS or Android")
    assert mobile.markers[0] == "Delivers features requiring simple local modifications"
    assert "Added existing button to a different iOS surface" in mobile.markers
    assert ladder.area("web-client").name == "Web client"
    assert "category" in result.report.not_carried


def test_js_literal_reads_data_and_refuses_code() -> None:
    js = """// @flow
    const re = /["'{]/g, s = `tick ${re}`
    /* tracks = "decoy" */
    export const tracks: {| [string]: Track |} = {
      A_B: {'x': "a\\u00e9\\n", n: -1.5, ok: true, list: [1, 2,], t: `plain`,},
    }
    """
    value, line = find_literal(js, "tracks")
    assert value == {"A_B": {"x": "aé\n", "n": -1.5, "ok": True, "list": [1, 2], "t": "plain"}}
    assert line == 4
    with pytest.raises(JSProblem) as err:
        find_literal("const tracks = {\n  a: 1,\n  b: require('fs'),\n}", "tracks")
    assert err.value.line == 3 and "not a literal value" in err.value.reason
    with pytest.raises(JSProblem) as err:
        find_literal("const tracks = {\n  a: `x ${1 + 1}`,\n}", "tracks")
    assert err.value.line == 2 and "running code" in err.value.reason


# -- a CSV matrix ------------------------------------------------------------------------------


def test_csv_matrix_ids_markers_actions_and_level_order() -> None:
    result = import_file(CSV, "auto")
    ladder = valid(result.text)
    assert [lv.id for lv in ladder.levels] == ["mid", "senior", "staff"]
    tradeoffs = next(e for e in ladder.expectations() if e.id == "system-design.tradeoffs")
    # `|` separates items, so the ";" inside the second marker stays.
    assert tradeoffs.markers == (
        "A design doc with two alternatives and their costs",
        "A decision record; kept up to date",
    )
    direction = next(e for e in ladder.expectations() if e.id == "system-design.direction")
    assert direction.markers == (
        "A strategy document adopted by two teams",
        "A migration plan others follow",
    )
    leads = ladder.area("incident-response").at("senior")[0]
    assert leads.id == "incident-response.leads-incident-reviews-turns-lasting"  # no id cell
    assert leads.markers == ("Postmortem written and led", "Runbook updated after an incident")
    assert leads.actions == ("Lead the next postmortem", "Add a runbook for the service you own")
    ordered = import_file(CSV, "csv", levels=["Staff", "Senior", "Mid"])
    assert [lv.id for lv in valid(ordered.text).levels] == ["staff", "senior", "mid"]


def test_csv_semicolon_separated_file() -> None:
    from ladder.ladderimport import csvmatrix

    rows = "Area;Level;Text\nDelivery;L1;Ships small changes\nDelivery;L2;Ships projects\n"
    draft = csvmatrix.read(rows, source_name="team.csv")
    assert [(i.area, i.level, i.text) for i in draft.items] == [
        ("delivery", "l1", "Ships small changes"),
        ("delivery", "l2", "Ships projects"),
    ]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.text(min_size=0, max_size=12),
            st.sampled_from(["junior", "mid", "senior", "", "Lead 1"]),
            st.text(min_size=0, max_size=40),
            st.text(max_size=30),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_csv_any_rows_give_a_valid_ladder_with_every_row_or_a_located_error(
    tmp_path: Path, rows: list[tuple[str, str, str, str]]
) -> None:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["area", "level", "expectation", "markers"])
    writer.writerows(rows)
    path = tmp_path / "m.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    try:
        result = import_file(path, "csv")
    except LocatedError as exc:
        assert exc.path == str(path) and exc.reason
        return
    ladder = valid(result.text)
    kept = [r for r in rows if any(c.strip() for c in r)]
    assert len(ladder.expectations()) == len(kept) == result.report.total_read


@given(st.text(max_size=80))
def test_slug_is_always_an_id_or_empty(text: str) -> None:
    out = slug(text)
    assert out == "" or re.fullmatch(r"[a-z0-9][a-z0-9-]*", out)
    assert len(out) <= 60 and not out.endswith("-")


# -- --update: ids that survive rewording ----------------------------------------------------


def monzo_before_b834feb(tmp_path: Path) -> Path:
    text = BACKEND.read_text(encoding="utf-8")
    for old, new in MONZO_REWORDED.items():
        assert text.count(f'"{new}"') == 1
        text = text.replace(f'"{new}"', f'"{old}"')
    path = tmp_path / "backend-2019-01.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_update_keeps_the_ids_of_lines_monzo_reworded(tmp_path: Path) -> None:
    before = import_file(monzo_before_b834feb(tmp_path), "monzo")
    previous = tmp_path / "backend-v1.yaml"
    previous.write_text(before.text, encoding="utf-8")
    old_ids = {e.text: e.id for e in before.ladder.expectations()}
    assert old_ids["Leads writing large scope RFCs"] == "impact.leads-writing-large-scope-rfcs"

    plain = import_file(BACKEND, "monzo")  # without --update the reworded lines get new ids
    plain_ids = {e.text: e.id for e in plain.ladder.expectations()}
    assert (
        plain_ids["Leads writing large scope proposals"]
        == "impact.leads-writing-large-scope-proposals"
    )

    after = import_file(BACKEND, "monzo", previous=previous)
    ladder = valid(after.text)
    new_ids = {e.text: e.id for e in ladder.expectations()}
    for old, new in MONZO_REWORDED.items():
        assert new_ids[new] == old_ids[old], new
    assert {e.id for e in ladder.expectations()} == set(old_ids.values())
    update = after.report.update
    assert update is not None
    assert sorted(r["now"] for r in update.reworded) == sorted(MONZO_REWORDED.values())
    assert all(r["similarity"] >= 0.6 for r in update.reworded)
    # One reworded line kept its id by itself: its first five words did not change.
    assert sorted(r["matched_by"] for r in update.reworded) == [
        "id",
        "similar",
        "similar",
        "similar",
    ]
    assert (update.kept, update.added, update.removed, update.renamed) == (135, [], [], [])
    assert ladder.version == "2"


def test_update_ft_keeps_keyed_ids_through_rewording_and_records_a_renamed_theme(
    tmp_path: Path,
) -> None:
    previous = tmp_path / "ft-v1.yaml"
    previous.write_text(import_file(FT, "ft").text, encoding="utf-8")
    text = FT.read_text(encoding="utf-8")
    text = text.replace("theme: team-work\n", "theme: teamwork\n").replace(
        "  - id: team-work\n", "  - id: teamwork\n"
    )
    text = text.replace(
        "Presents their work clearly and talks about progress concisely in meetings",
        "Presents their work clearly and speaks briefly about progress in meetings",
    )
    changed = tmp_path / "engineering.yml"
    changed.write_text(text, encoding="utf-8")
    result = import_file(changed, "ft", previous=previous)
    ladder = valid(result.text)
    teamwork = ladder.area("teamwork")
    assert teamwork.aliases == ("team-work",)
    first = teamwork.at("junior")[0]
    assert first.id == "teamwork.b484ecee" and first.aliases == ("team-work.b484ecee",)
    presents = next(e for e in ladder.expectations() if e.id == "communication.daa06728")
    assert "speaks briefly" in presents.text and presents.aliases == ()
    update = result.report.update
    assert update is not None and update.kept == 64 and len(update.renamed) == 9
    assert {"from": "team-work", "to": "teamwork"} in update.renamed


def csv_ladder(tmp_path: Path, name: str, rows: str, previous: Path | None = None) -> Any:
    """Import a CSV matrix made of ``rows``; the result, its ladder file written beside it."""
    source = tmp_path / f"{name}.csv"
    source.write_text("area,level,expectation,id\n" + rows, encoding="utf-8")
    result = import_file(source, "csv", previous=previous)
    (tmp_path / f"{name}.yaml").write_text(result.text, encoding="utf-8")
    return result


def test_update_a_source_key_wins_and_a_changed_meaning_is_reported(tmp_path: Path) -> None:
    csv_ladder(tmp_path, "old", "Delivery,L1,Ships small changes safely,ships\n")
    new_rows = "Delivery,L1,Owns the on-call rota for a quarter,ships\n"
    result = csv_ladder(tmp_path, "new", new_rows, previous=tmp_path / "old.yaml")
    assert [e.id for e in valid(result.text).expectations()] == ["delivery.ships"]
    update = result.report.update
    assert update is not None and update.kept == 1
    (reworded,) = update.reworded
    assert reworded["matched_by"] == "id" and reworded["similarity"] < 0.3


def test_update_matches_the_closest_line_and_lists_the_removed_one(tmp_path: Path) -> None:
    old_rows = "Delivery,L1,Writes the release notes,\nDelivery,L1,Pairs on every review,\n"
    csv_ladder(tmp_path, "old", old_rows)
    new_rows = (
        "Delivery,L1,Writes the release notes of mobile apps weekly without fail,\n"
        "Delivery,L2,Writes release notes,\n"
    )
    result = csv_ladder(tmp_path, "new", new_rows, previous=tmp_path / "old.yaml")
    delivery = valid(result.text).area("delivery")
    assert delivery.at("l2")[0].id == "delivery.writes-release-notes"  # 0.86 alike
    assert delivery.at("l1")[0].id == "delivery.writes-release-notes-mobile-apps"  # 0.53: new
    update = result.report.update
    assert update is not None
    assert update.removed == [
        {"id": "delivery.pairs-every-review", "text": "Pairs on every review"}
    ]
    assert update.added == ["delivery.writes-release-notes-mobile-apps"]


# -- the command line --------------------------------------------------------------------------


def test_cli_import_validate_use_status(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "ft.yaml"
    done = cli("framework", "import", str(FT), "--from", "ft", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert "72 of 72 competencies" in done.stdout
    assert "parallel tracks" in done.stdout
    assert cli("framework", "validate", str(out)).exit_code == 0
    assert cli("framework", "use", str(out)).exit_code == 0
    assert (
        cli("init", "--name", "Ada", "--level", "engineer", "--target", "senior-1").exit_code == 0
    )
    status = cli("status")
    assert status.exit_code == 0, status.stderr
    assert "Senior Engineer 1" in status.stdout and "Team Work" in status.stdout
    gaps = cli("gaps")
    assert gaps.exit_code == 0, gaps.stderr
    assert gaps.stdout.startswith("Gaps to Senior Engineer 1 · ft-engineering@1")


def test_cli_report_reads_at_80_columns(cli: Any, tmp_path: Path) -> None:
    for source in (FT, BACKEND, SNOWFLAKE, CSV):
        done = cli(
            "framework",
            "import",
            str(source),
            "-o",
            str(tmp_path / "x.yaml"),
            env={"COLUMNS": "80"},
        )
        assert done.exit_code == 0, done.stderr
        assert max(len(line) for line in done.stdout.splitlines()) <= 80, source


def test_cli_writes_yaml_to_stdout_and_the_report_to_stderr(cli: Any) -> None:
    done = cli("framework", "import", str(SNOWFLAKE))
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("# Imported by `ladder framework import --from snowflake`")
    assert valid(done.stdout).id == "snowflake"
    assert "80 of 80 competencies" in done.stderr
    dash = cli("framework", "import", str(SNOWFLAKE), "-o", "-")
    assert dash.stdout == done.stdout


def test_cli_json_report(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "web.yaml"
    done = cli("framework", "import", str(WEB), "-o", str(out), "--json")
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["format"] == "monzo" and report["output"] == str(out)
    assert report["read"] == report["written"] == 165
    assert report["ladder"] == {
        "id": "monzo-web",
        "name": "Web Engineering Framework (Monzo)",
        "version": "1",
        "levels": 6,
        "areas": 5,
        "expectations": 165,
    }
    per = {a["area"]: a for a in report["per_area"]}
    expected = monzo_criteria(WEB)
    for (area, level), n in expected.items():
        assert per[area]["levels"][level] == {"read": n, "written": n}
    assert report["update"] is None
    refused = cli("framework", "import", str(WEB), "--json")
    assert refused.exit_code == 1 and "-o" in refused.stderr


def test_cli_update_reports_reworded_lines(cli: Any, tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    assert (
        cli("framework", "import", str(monzo_before_b834feb(tmp_path)), "-o", str(old)).exit_code
        == 0
    )
    new = tmp_path / "new.yaml"
    done = cli("framework", "import", str(BACKEND), "--update", str(old), "-o", str(new))
    assert done.exit_code == 0, done.stderr
    assert "135 kept (4 of the lines reworded)" in " ".join(done.stdout.split())
    assert "impact.leads-writing-large-scope-rfcs" in done.stdout
    # The new version installs over the old one; nothing is orphaned.
    assert cli("framework", "use", str(old)).exit_code == 0
    used = cli("framework", "use", str(new), "--json")
    assert used.exit_code == 0, used.stderr
    assert json.loads(used.stdout)["version"] == "2"


# -- bad input: file, line, reason; exit 1; nothing written ----------------------------------


def _truncated_ft(tmp_path: Path) -> tuple[Path, int]:
    lines = FT.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if "id: 81683913" in line) + 2  # id, level
    path = tmp_path / "truncated.yml"
    path.write_text("".join(lines[:cut]), encoding="utf-8")
    return path, cut - 1


def _bad_inputs(tmp_path: Path) -> list[tuple[str, Path, str, int | None, str]]:
    cases: list[tuple[str, Path, str, int | None, str]] = []
    path, line = _truncated_ft(tmp_path)
    cases.append(("ft", path, "auto", line, "has no `theme:`, `summary:`"))
    text = FT.read_text(encoding="utf-8")
    quoted = tmp_path / "unclosed.yml"
    quoted.write_text(text[: text.index("  - id: junior")] + '  - id: "junior\n', encoding="utf-8")
    cases.append(("ft", quoted, "ft", 8, "YAML syntax error"))
    cut = tmp_path / "cut.yml"
    raw = FT.read_bytes()
    cut.write_bytes(raw[: raw.index("company\u2019s".encode()) + len("company") + 2])
    cases.append(
        (
            "ft",
            cut,
            "auto",
            raw[: raw.index("company\u2019s".encode())].count(b"\n") + 1,
            "ends in the middle of a character",
        )
    )
    md = tmp_path / "no-front-matter.md"
    md.write_text(BACKEND.read_text(encoding="utf-8").split("\n---\n", 1)[1], encoding="utf-8")
    cases.append(("monzo", md, "monzo", 1, "no front matter"))
    unclosed = tmp_path / "unclosed.md"
    unclosed.write_text(
        BACKEND.read_text(encoding="utf-8").split("\n---\n", 1)[0], encoding="utf-8"
    )
    cases.append(("monzo", unclosed, "monzo", None, "front matter is not closed"))
    csv_missing = tmp_path / "missing.csv"
    csv_missing.write_text("area,expectation\nDelivery,Ships\n", encoding="utf-8")
    cases.append(("csv", csv_missing, "auto", 1, "no 'level' column"))
    not_js = tmp_path / "constants.js"
    not_js.write_text(BACKEND.read_text(encoding="utf-8"), encoding="utf-8")
    cases.append(
        ("snowflake", not_js, "snowflake", 1, "not JavaScript: the file starts with `---`")
    )
    broken_js = tmp_path / "broken.js"
    broken_js.write_text(
        "const tracks = {\n  A: {milestones: [{summary: 'it\\'s fine'}]},\n"
        "  B: {milestones: [{summary: 'cut}]},\n}\n",
        encoding="utf-8",
    )
    cases.append(("snowflake", broken_js, "auto", 3, "a string opened with ' is not closed"))
    no_tracks = tmp_path / "other.js"
    no_tracks.write_text("export const titles = [{label: 'Engineer I'}]\n", encoding="utf-8")
    cases.append(("snowflake", no_tracks, "snowflake", 1, "no `const tracks = …`"))
    empty = tmp_path / "empty.yml"
    empty.write_text("\n  \n", encoding="utf-8")
    cases.append(("any", empty, "auto", 1, "the file is empty"))
    huge = tmp_path / "huge.csv"
    with huge.open("w", encoding="utf-8") as fh:
        fh.write("area,level,expectation\n")
        fh.write(("Delivery,L1," + "x" * 1000 + "\n") * 5300)
    cases.append(("csv", huge, "csv", None, "MB or more are refused"))
    binary = tmp_path / "ladder.yml"
    binary.write_bytes(b"levels:\n\x00\x01")
    cases.append(("ft", binary, "ft", 2, "binary data"))
    return cases


def test_bad_input_says_file_line_and_reason_and_writes_nothing(cli: Any, tmp_path: Path) -> None:
    for kind, path, fmt, line, reason in _bad_inputs(tmp_path):
        out = tmp_path / "out.yaml"
        out.write_text("kept\n", encoding="utf-8")
        fresh = tmp_path / "fresh.yaml"
        done = cli("framework", "import", str(path), "--from", fmt, "-o", str(out))
        assert done.exit_code == 1, (kind, path, done.stdout, done.stderr)
        first = done.stderr.splitlines()[0]
        where = f"error: {path}:{line}: " if line else f"error: {path}"
        assert first.startswith(where), (first, where)
        assert reason in first, (reason, first)
        assert "Traceback" not in done.stderr and done.stdout == ""
        assert out.read_text(encoding="utf-8") == "kept\n"  # an existing file is left as it was
        again = cli("framework", "import", str(path), "--from", fmt, "-o", str(fresh))
        assert again.exit_code == 1 and not fresh.exists()
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_the_truncated_yaml_error_points_at_the_cut_competency(tmp_path: Path) -> None:
    path, line = _truncated_ft(tmp_path)
    with pytest.raises(LocatedError) as err:
        import_file(path)
    assert err.value.line == line
    assert (
        path.read_text(encoding="utf-8").splitlines()[line - 1].strip().startswith("- id: 81683913")
    )


def test_a_ladder_file_is_not_imported_again(tmp_path: Path) -> None:
    path = tmp_path / "ladder.yaml"
    path.write_text(framework.default_source()[1], encoding="utf-8")
    with pytest.raises(LocatedError, match="already a ladder file"):
        import_file(path)


def test_cli_refuses_to_overwrite_its_source_and_a_bad_update_file(
    cli: Any, tmp_path: Path
) -> None:
    source = tmp_path / "matrix.csv"
    source.write_text(CSV.read_text(encoding="utf-8"), encoding="utf-8")
    same = cli("framework", "import", str(source), "-o", str(source))
    assert same.exit_code == 1 and "would overwrite the file it reads" in same.stderr
    assert source.read_text(encoding="utf-8") == CSV.read_text(encoding="utf-8")
    previous = tmp_path / "previous.yaml"
    previous.write_text("format: 1\nid: x\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    bad = cli("framework", "import", str(source), "--update", str(previous), "-o", str(out))
    assert bad.exit_code == 1 and bad.stderr.startswith(f"error: {previous}:")
    assert not out.exists() and "Traceback" not in bad.stderr


# -- hostile input -----------------------------------------------------------------------------


def test_an_alias_bomb_or_deep_nesting_is_refused_fast(cli: Any, tmp_path: Path) -> None:
    import time

    bomb = tmp_path / "bomb.yml"
    layers = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        layers.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    bomb.write_text("themes: []\ncompetencies: []\n" + "\n".join(layers) + "\n", encoding="utf-8")
    deep = tmp_path / "deep.js"
    deep.write_text("const tracks = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    for path, reason in (
        (bomb, "expand to more than 100,000 values"),
        (deep, "nested more than 64"),
    ):
        out = tmp_path / "out.yaml"
        start = time.process_time()
        done = cli("framework", "import", str(path), "-o", str(out))
        assert time.process_time() - start < 5.0
        assert done.exit_code == 1 and reason in done.stderr, done.stderr
        assert "Traceback" not in done.stderr and not out.exists()


def test_escape_sequences_in_a_source_do_not_reach_the_ladder(tmp_path: Path) -> None:
    source = tmp_path / "m.csv"
    source.write_text(
        "area,level,expectation,markers\nDelivery,L1,Ships \x1b]0;pwned\x07safely\x1b[2J,a\x1b[31mb\n",
        encoding="utf-8",
    )
    ladder = valid(import_file(source).text)
    (exp,) = ladder.expectations()
    assert exp.text == "Ships safely" and exp.markers == ("ab",)
