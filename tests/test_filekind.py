"""Naming what a file is, so that `ladder import brag.md` says what it got and what it takes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ladder.filekind import HEAD_BYTES, Kind, describe

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b"# Brag document: Ada Lovelace\n\n**Mid**", "a brag document (Markdown)"),
        (b"# Promotion packet: Ada\n", "a promotion packet (Markdown)"),
        (b"# What Ada did: last week\n", "a status report (Markdown)"),
        (b"# Notes\n\n- one\n- two\n", "Markdown"),
        (b"%PDF-1.7\n%\xe2\xe3", "a PDF document"),
        (b"SQLite format 3\x00\x10\x00", "a SQLite database"),
        (b"PK\x03\x04\x14\x00", "a zip archive"),
        (b"<!DOCTYPE html>\n<html>", "an HTML page"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "a calendar (iCalendar)"),
        (b"# comment\nformat: 1\nid: x\nlevels:\n  - id: mid\nareas: []\n", "a ladder file (YAML)"),
        (b"name: x\nvalue: 2\n", "YAML"),
        (b"date,text\n2026-11-02,shipped\n2026-11-03,fixed\n", "CSV"),
        (b"just some words", "plain text"),
        (b"\x00\x01\x02\xff\xfe binary", "binary data, not text"),
        (b"  \n\t ", "empty"),
    ],
)
def test_describe_names_the_kind_of_a_file(head: bytes, name: str) -> None:
    kind = describe(head)
    assert kind.name == name and not kind.json


@pytest.mark.parametrize("head", [b'{"format": "ladder-export"', b"\xef\xbb\xbf  [1, 2]", b"{"])
def test_json_is_left_to_the_json_reader(head: bytes) -> None:
    assert describe(head).json


def test_a_character_cut_at_the_end_of_the_head_is_still_text() -> None:
    head = ("# Brag document: Zoë " + "é" * HEAD_BYTES).encode()[:HEAD_BYTES]
    assert describe(head).name == "a brag document (Markdown)"


@given(st.binary(max_size=600))
def test_describe_takes_any_bytes(head: bytes) -> None:
    assert isinstance(describe(head), Kind)


# -- ladder import ----------------------------------------------------------------------------
@pytest.fixture
def me(cli):  # type: ignore[no-untyped-def]
    done = cli("init", "--name", "Ada", "--email", "ada@example.com", "--level", "mid")
    assert done.exit_code == 0, done.stderr
    cli("log", "Shipped the importer", "--area", "delivery")
    return cli


def test_import_of_a_brag_document_says_what_it_is_and_what_import_takes(
    me, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    brag = tmp_path / "brag.md"
    assert me("brag", "-o", str(brag)).exit_code == 0
    before = me("export", "-").stdout
    done = me("import", str(brag))
    assert done.exit_code == 1
    assert done.stderr.splitlines() == [
        f"error: {brag} is a brag document (Markdown), not a ladder export",
        "hint: ladder import takes the JSON file that `ladder export FILE` writes",
    ]
    assert "truncated" not in done.stderr and "Traceback" not in done.stderr
    assert me("export", "-").stdout == before  # nothing written


def test_import_of_a_ladder_file_points_at_framework_use(me) -> None:  # type: ignore[no-untyped-def]
    ladder_file = ROOT / "src" / "ladder" / "data" / "default-ladder.yaml"
    done = me("import", str(ladder_file))
    assert done.exit_code == 1
    assert "is a ladder file (YAML), not a ladder export" in done.stderr
    assert "ladder framework use FILE" in done.stderr


def test_import_from_stdin_names_what_came_in(me) -> None:  # type: ignore[no-untyped-def]
    done = me("import", "-", input="# Brag document: Ada\n\nShipped it.\n")
    assert done.exit_code == 1
    assert "error: <stdin> is a brag document (Markdown), not a ladder export" in done.stderr


def test_import_of_a_cut_export_still_says_it_is_truncated(me, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export = tmp_path / "backup.json"
    assert me("export", str(export)).exit_code == 0
    cut = tmp_path / "cut.json"
    cut.write_text(export.read_text()[:200])
    done = me("import", str(cut))
    assert done.exit_code == 1 and "truncated" in done.stderr
    assert json.loads(export.read_text())["format"] == "ladder-export"
