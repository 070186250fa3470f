"""tools/evidence_agreement.py: the second labeller's draw and the README's agreement figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "evidence_agreement.py"
DATA = ROOT / "data" / "evidence-eval"
SECOND_ROUND = ["valkey", "caddy", "curl", "aiohttp"]  # never libuv: it is held out


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), *args], capture_output=True, text=True, check=False
    )


def ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text().splitlines() if line.strip()]


def test_draw_reproduces_the_labelled_samples_without_labels(tmp_path: Path) -> None:
    projects = ["ripgrep", "express", "requests", *SECOND_ROUND]
    assert run("draw", *projects, "-o", str(tmp_path)).returncode == 0
    for project in projects:
        drawn = tmp_path / f"{project}.jsonl"
        assert ids(drawn) == ids(DATA / "second" / f"{project}.jsonl"), project
        assert all("label" not in json.loads(line) for line in drawn.read_text().splitlines())


def test_agreement_table_is_the_one_in_the_readme() -> None:
    out = run("agree", *SECOND_ROUND)
    assert out.returncode == 0, out.stderr
    rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:4]]
        for line in out.stdout.splitlines()
        if line.startswith("| ") and "agreement" not in line
    }
    readme = (DATA / "README.md").read_text()
    table = readme[readme.index("## Agreement") :].split("\n\n")[1]
    second = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")[4:6]]
        for line in table.splitlines()[2:]
    }
    second = {what: [c.strip("*") for c in cells] for what, cells in second.items()}
    assert rows == second


def test_kappa_and_bad_input(tmp_path: Path) -> None:
    (tmp_path / "second").mkdir()
    a = {"id": "p-1", "label": {"role": "authored", "areas": ["delivery"], "substance": "ordinary"}}
    b = {"id": "p-1", "label": {"role": "authored", "areas": [], "substance": "routine"}}
    (tmp_path / "p.jsonl").write_text(json.dumps(a) + "\n")
    (tmp_path / "second" / "p.jsonl").write_text(json.dumps(b) + "\n")
    out = run("agree", "p", "--data", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "| role | 1.00 | 1.00 |" in out.stdout
    assert "| substance (three grades) | 0.00 |" in out.stdout

    (tmp_path / "second" / "p.jsonl").write_text(json.dumps(b) + "\n{broken\n")
    out = run("agree", "p", "--data", str(tmp_path))
    assert out.returncode == 2
    assert "second/p.jsonl:2: not JSON" in out.stderr
    assert "Traceback" not in out.stderr

    out = run("draw", "p", "--data", str(tmp_path), "-o", str(tmp_path / "out"))
    assert out.returncode == 2
    assert "fewer than the 30" in out.stderr
