"""tools/review_agreement.py: labeller B's blind draw and the A-against-B agreement figures."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "review_agreement.py"
DATA = ROOT / "data" / "review-eval"
CLASSES = ["praise", "nit", "suggestion", "correctness", "docs", "question", "cant-tell"]


def _tool(path: Path = TOOL) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TOOL), *args], capture_output=True, text=True, check=False
    )


def rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def training(n: int = 300, designs: int = 20) -> list[dict[str, Any]]:
    """A made-up training file: ``designs`` design comments among ``n``."""
    return [
        {
            "id": f"c{k:04d}",
            "project": f"apache/p{k % 7}",
            "type": "DiffComment",
            "text": f"comment {k}",
            "reviewer": "r",
            "label": "design" if k % (n // designs) == 0 else CLASSES[k % len(CLASSES)],
        }
        for k in range(n)
    ]


def test_draw_reproduces_the_blind_file_b_labelled_without_any_label() -> None:
    tool = _tool()
    train = rows(DATA / "apache-train.jsonl")
    blind = rows(DATA / "second" / "blind-b.jsonl")
    assert tool.draw(train) == blind
    assert all(set(r) == {"id", "project", "type", "text"} for r in blind)
    ids = {r["id"] for r in blind}
    first = {r["id"]: r.get("label_a", r["label"]) for r in train}
    # every comment A first labelled design is there, and a random part of the rest
    assert {i for i, label in first.items() if label == "design"} <= ids
    assert len(ids) == len(blind) >= 250
    # shuffled: the design part is not gathered at the end nor kept in file order
    order = {r["id"]: n for n, r in enumerate(train)}
    assert [order[r["id"]] for r in blind] != sorted(order[r["id"]] for r in blind)
    assert rows(DATA / "second" / "labeller-b.jsonl")[-1]["id"] == blind[-1]["id"]


def test_the_random_part_is_drawn_from_every_class_not_only_the_others() -> None:
    tool = _tool()
    records = training()
    drawn, design, _ = tool.parts(records)
    assert len(drawn) == 250 and not set(drawn) & set(design)
    labels = {records[i]["label"] for i in drawn}
    assert "design" in labels and len(labels) == len(CLASSES) + 1
    assert {i for i in drawn + design if records[i]["label"] == "design"} == {
        i for i, r in enumerate(records) if r["label"] == "design"
    }


def test_identical_labels_agree_fully(tmp_path: Path) -> None:
    records = training()
    train = write(tmp_path / "train.jsonl", records)
    second = write(tmp_path / "b.jsonl", [{"id": r["id"], "label": r["label"]} for r in records])
    out = run("--train", str(train), "agree", "--second", str(second))
    assert out.returncode == 0, out.stderr
    assert "Cohen's κ 1.00" in out.stdout
    assert "B against A: P 1.00 R 1.00 F1 1.00" in out.stdout
    assert "0 training records relabelled" in out.stdout


def test_design_calls_on_the_sampled_others_weigh_for_the_whole_file(tmp_path: Path) -> None:
    tool = _tool()
    records = training()
    train = write(tmp_path / "train.jsonl", records)
    drawn, _, _ = tool.parts(records)
    # B agrees on every design comment and calls five of A's other drawn comments design too
    others = [i for i in drawn if records[i]["label"] != "design"][:5]
    b = [{"id": r["id"], "label": r["label"]} for r in records]
    for i in others:
        b[i]["label"] = "design"
    by_id, _ = tool.pairs(train, write(tmp_path / "b.jsonl", b))
    labelled = list(by_id.values())
    p, r, f = tool.prf([(a, b, 1.0) for a, b, _ in labelled], "design")
    wp, wr, wf = tool.prf(labelled, "design")
    assert r == wr == 1.0
    # each sampled other stands for more than one comment of the file: precision falls
    assert wp < p < 1.0 and wf < f
    # F1 is the same either way round; precision and recall swap
    _, _, f_ba = tool.prf([(b, a, 1.0) for a, b, _ in labelled], "design")
    assert abs(f_ba - f) < 1e-12
    assert tool.share(labelled, 1) > tool.share(labelled, 0)


def test_a_relabelled_record_is_compared_by_its_first_label(tmp_path: Path) -> None:
    records = training()
    first_design = next(r for r in records if r["label"] == "design")
    b = [{"id": r["id"], "label": r["label"]} for r in records]
    b[records.index(first_design)]["label"] = "suggestion"
    # after B, the training file took B's label; A's first label is kept as label_a
    first_design.update(label="suggestion", label_a="design")
    train = write(tmp_path / "train.jsonl", records)
    out = run("--train", str(train), "agree", "--second", str(write(tmp_path / "b.jsonl", b)))
    assert out.returncode == 0, out.stderr
    assert "| suggestion | 1 |" in out.stdout  # A's design went to B's suggestion
    assert "1 training records relabelled" in out.stdout
    assert "of the 1 disagreements, 1 now carry B's label, 0 keep A's" in out.stdout


def test_unlabelled_drawn_comments_and_held_out_records_are_refused(tmp_path: Path) -> None:
    records = training()
    train = write(tmp_path / "train.jsonl", records)
    b = write(tmp_path / "b.jsonl", [{"id": r["id"], "label": r["label"]} for r in records[:100]])
    out = run("--train", str(train), "agree", "--second", str(b))
    assert out.returncode == 2 and "drawn comments unlabelled" in out.stderr
    records[3]["project"] = "apache/mesos"
    leak = write(tmp_path / "leak.jsonl", records)
    out = run("--train", str(leak), "draw", "-o", str(tmp_path / "blind.jsonl"))
    assert out.returncode == 2 and "held-out" in out.stderr
    assert not (tmp_path / "blind.jsonl").exists()


def test_the_readme_states_the_figures_the_tool_prints() -> None:
    out = run("agree")
    assert out.returncode == 0, out.stderr
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    kappa = re.search(
        r"all answers \(with cant-tell\): agreement (\S+), Cohen's κ (\S+)", out.stdout
    )
    design = re.search(r"B against A: P (\S+) R (\S+) F1 (\S+);", out.stdout)
    assert kappa and design
    assert f"κ {kappa[2]}" in readme
    assert f"F1 {design[3]}" in readme


def test_the_trainer_reads_first_labels_only_when_asked(tmp_path: Path) -> None:
    trainer = _tool(ROOT / "tools" / "train_review_classifier.py")
    records = training(30, 3)
    records[0].update(label="suggestion", label_a="design")
    path = write(tmp_path / "train.jsonl", records)
    now = trainer.load_training(path)
    first = trainer.load_training(path, first_labels=True)
    assert now[0]["label"] == "suggestion" and first[0]["label"] == "design"
    # records never relabelled read the same either way
    assert [r["label"] for r in now[1:]] == [r["label"] for r in first[1:]]
    # the real file: the 9 relabels, each with a reason, each back to A's label when asked
    real = DATA / "apache-train.jsonl"
    changed = [r for r in rows(real) if "label_a" in r]
    assert changed and all(r["relabel"] and r["label"] != r["label_a"] for r in changed)
    by_id = {r["id"]: r["label"] for r in trainer.load_training(real, first_labels=True)}
    assert all(by_id[r["id"]] == r["label_a"] for r in changed)
