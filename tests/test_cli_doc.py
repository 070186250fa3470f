"""The ``ladder doc`` commands, run through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ladder.cli import doc

CORPUS = Path(__file__).parent / "corpus" / "designdocs"
GOOD = CORPUS / "main" / "design-payment-retries.md"
FLAWED = CORPUS / "main" / "postmortem-dns-migration.md"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(doc.app, list(args))


def assert_clean_failure(result, status: int = 1, needle: str | None = None) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if needle is not None:
        assert needle in result.stderr


# --- new ------------------------------------------------------------------------------------


def test_new_writes_slug_in_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("new", "design", "Payment retries")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "payment-retries.md"
    text = (tmp_path / "payment-retries.md").read_text("utf-8")
    assert text.startswith("---\nkind: design\n") and "# Payment retries" in text
    assert "ladder doc check payment-retries.md" in result.stderr


def test_new_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("mine", encoding="utf-8")
    result = run("new", "runbook", "Disk full", "-o", str(target))
    assert_clean_failure(result, 1, "already exists")
    assert target.read_text("utf-8") == "mine"
    result = run("new", "runbook", "Disk full", "-o", str(target), "--force")
    assert result.exit_code == 0
    assert "kind: runbook" in target.read_text("utf-8")


def test_new_into_directory(tmp_path: Path) -> None:
    result = run("new", "adr", "Use gRPC internally", "-o", f"{tmp_path}/docs/adr/")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "docs" / "adr" / "use-grpc-internally.md").is_file()


@pytest.mark.parametrize("kind", ["design", "adr", "runbook", "postmortem", "onboarding", "howto"])
def test_new_then_check_scores_low(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.md"
    assert run("new", kind, "Something", "-o", str(path)).exit_code == 0
    result = run("check", str(path), "--json")
    data = json.loads(result.stdout)
    assert data["kind"] == kind and data["score"] < 40
    assert {f["code"] for f in data["findings"]} == {"doc.section.placeholder"}


def test_new_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    result = run("new", "essay", "Title", "-o", str(tmp_path / "x.md"))
    assert_clean_failure(result, 2)
    assert not (tmp_path / "x.md").exists()


def test_new_title_without_letters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert_clean_failure(run("new", "design", "!!!"), 1, "cannot make a file name")


# --- check ----------------------------------------------------------------------------------


def test_check_human_output_groups_by_severity() -> None:
    result = run("check", str(FLAWED))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "postmortem" in out and "score" in out
    assert out.index("Errors") < out.index("Warnings")
    assert "postmortem.action-owner.missing" in out and "line 27" in out
    assert "why:" in out


def test_check_good_document() -> None:
    result = run("check", str(GOOD))
    assert result.exit_code == 0
    assert "100/100" in result.stdout and "No findings" in result.stdout


def test_check_json() -> None:
    result = run("check", str(FLAWED), "--json")
    data = json.loads(result.stdout)
    assert data["kind"] == "postmortem" and isinstance(data["score"], int)
    assert data["passed"] is True and data["min_score"] is None
    codes = {f["code"] for f in data["findings"]}
    assert "postmortem.root-cause.human-error" in codes
    assert all(
        {"code", "severity", "message", "why", "section", "line"} == set(f)
        for f in data["findings"]
    )


def test_check_min_score_gates(tmp_path: Path) -> None:
    assert run("check", str(GOOD), "--min-score", "90").exit_code == 0
    result = run("check", str(FLAWED), "--min-score", "90")
    assert_clean_failure(result, 1, "below --min-score 90")
    result = run("check", str(FLAWED), "--min-score", "90", "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)["passed"] is False


def test_check_kind_option_overrides_detection() -> None:
    result = run("check", str(FLAWED), "--kind", "design", "--json")
    assert json.loads(result.stdout)["kind"] == "design"
    assert json.loads(result.stdout)["kind_source"] == "option"


def test_check_rst() -> None:
    result = run("check", str(CORPUS / "main" / "runbook-disk-full.rst"), "--json")
    data = json.loads(result.stdout)
    assert data["format"] == "rst" and data["kind"] == "runbook"
    assert [f["code"] for f in data["findings"]] == ["runbook.escalation.missing"]


def test_help_has_examples() -> None:
    for command in ("new", "check"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example" in result.stdout


# --- bad input ------------------------------------------------------------------------------


def test_bad_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("", encoding="utf-8")
    assert_clean_failure(run("check", str(path)), 1, "is empty")


def test_bad_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert_clean_failure(run("check", str(path)), 1, "binary")


def test_bad_file_of_5_mb(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_bytes(b"# Big\n\n" + b"a" * (5 * 1024 * 1024))
    assert_clean_failure(run("check", str(path)), 1, "5 MB")


def test_bad_no_headings(tmp_path: Path) -> None:
    path = tmp_path / "prose.md"
    path.write_text("We should retry payments.\n\nIt would help.\n", encoding="utf-8")
    assert_clean_failure(run("check", str(path)), 1, "no headings")


def test_bad_missing_file(tmp_path: Path) -> None:
    assert_clean_failure(run("check", str(tmp_path / "nope.md")), 1, "no such file")


def test_bad_unknown_kind() -> None:
    result = run("check", str(GOOD), "--kind", "essay")
    assert_clean_failure(result, 2)
    assert "essay" in result.output


def test_bad_directory(tmp_path: Path) -> None:
    assert_clean_failure(run("check", str(tmp_path)), 1, "is a directory")


def test_bad_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes("# Décision\n\n## Contexte\n".encode("latin-1"))
    assert_clean_failure(run("check", str(path)), 1, "not UTF-8")
    assert f"{path}:1:" in run("check", str(path)).stderr


def test_bad_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "fm.md"
    path.write_text("---\ntitle: [oops\n---\n# T\n\n## Context\nx\n", encoding="utf-8")
    assert_clean_failure(run("check", str(path)), 1, "front matter is not valid YAML")


def test_bad_min_score_out_of_range() -> None:
    assert_clean_failure(run("check", str(GOOD), "--min-score", "150"), 2)
