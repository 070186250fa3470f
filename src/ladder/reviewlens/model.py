"""The shipped review-comment model: multinomial logistic regression, pure-Python inference.

The weights live in ``ladder/data/models/review-classifier.json`` (written by
``tools/train_review_classifier.py``). Inference needs only ``json`` and ``math``: a comment's
features (:mod:`ladder.reviewlens.features`) each carry one integer weight per class; the
class scores are the bias plus the sum of the rows of the features present, divided by the
square root of their number (the L2 norm of the binary feature vector the model was trained
on), and a softmax turns scores into probabilities.

File format (``format: ladder-review-classifier/1``)::

    {"format": "ladder-review-classifier/1",
     "labels": ["praise", "nit", ...],
     "scale": 1000,                     # weights are integers: weight = value / scale
     "bias": [...],                     # one float per label
     "weights": {"feature": [int, ...]},
     "design_threshold": 0.3,           # optional: design wins from this probability on
     "training": {...}}                 # provenance: data, sizes, C, date

``design_threshold`` is the binary design-vs-other decision on top of the multi-class one:
a comment whose design probability reaches it is ``design`` even when another class is more
probable (real design remarks are rare and often read like suggestions or questions, so the
most probable class under-calls them). The trainer picks it by cross-validation grouped by
project; without it, the most probable class wins.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ladder.errors import InputError
from ladder.reviewlens.features import (
    MAX_GRAM_WORD,
    char_grams,
    describe,
    features,
    is_word_feature,
    worth_naming,
)

FORMAT = "ladder-review-classifier/1"
RESOURCE = "models/review-classifier.json"
#: Width of one class's lane in a packed weight row, and what each weight is shifted by.
_LANE_BITS = 48
_LANE_OFFSET = 1 << 30
_LANE_MASK = (1 << _LANE_BITS) - 1


class _PackedRows(dict[str, int]):
    """Feature → its weight row packed into one integer (see ``Model._pack``), on first use."""

    def __init__(self, weights: dict[str, list[int]]) -> None:
        super().__init__()
        self.weights = weights

    def __missing__(self, feature: str) -> int:
        value = 0
        for k, w in enumerate(self.weights[feature]):
            if not -_LANE_OFFSET < w < _LANE_OFFSET:
                raise InputError(f"review model: the weight of {feature!r} is out of range")
            value |= (int(w) + _LANE_OFFSET) << (_LANE_BITS * k)
        self[feature] = value
        return value


@dataclass(frozen=True)
class Prediction:
    """What the model says about one comment.

    Args:
        label: The most probable class.
        probability: Its probability (0 to 1).
        probabilities: Every class's probability, by label.
        evidence: The features that pushed hardest towards ``label``, described for people
            (``'coupling'``, ``ends with '?'``), strongest first.
        known: How many of the comment's content features (words, code, emoji; not its
            shape) the model knows.
        guessing: The comment has words but the model knows none of them (another language,
            gibberish): the label comes from its shape alone.
    """

    label: str
    probability: float
    probabilities: dict[str, float]
    evidence: tuple[str, ...]
    known: int
    guessing: bool = False


class Predictor(Protocol):
    """What :func:`~ladder.reviewlens.classify` and the lens need of a review model.

    :class:`Model` (the shipped default) and the optional
    :class:`~ladder.reviewlens.semantic.SemanticModel` both are one.
    """

    def predict(self, text: str, *, explain: int = 3, kind: str | None = None) -> Prediction:
        """Classify one comment (see :meth:`Model.predict`)."""
        ...

    def prepare(self, texts: Iterable[str]) -> None:
        """Get ready to classify these comments soon (a batch model reads them at once)."""
        ...


class Model:
    """A linear model over comment features.

    Args:
        labels: The classes, in weight order.
        bias: One intercept per class.
        weights: Feature → one integer weight per class (value times ``scale``).
        scale: The integer scale of the weights.
        training: Provenance of the weights (free-form, kept for ``describe``).
        design_threshold: From this design probability on, the answer is ``design`` (None:
            the most probable class always wins).
    """

    def __init__(
        self,
        labels: Sequence[str],
        bias: Sequence[float],
        weights: dict[str, list[int]],
        *,
        scale: float = 1000.0,
        training: dict[str, Any] | None = None,
        design_threshold: float | None = None,
    ) -> None:
        if len(bias) != len(labels):
            raise InputError("review model: the bias has not one value per label")
        if design_threshold is not None and not 0.0 < design_threshold <= 1.0:
            raise InputError("review model: the design threshold is not between 0 and 1")
        self.labels = tuple(labels)
        self.bias = tuple(float(b) for b in bias)
        self.weights = weights
        self.scale = float(scale)
        self.training = training or {}
        self.design_threshold = design_threshold
        self._design = self.labels.index("design") if "design" in self.labels else None
        self._packed: dict[str, int] | None = None
        self._shape: frozenset[str] = frozenset(f for f in weights if f[:1] == "_")

    def _pack(self) -> dict[str, int]:
        """Each feature's integer weights packed into one Python integer, a lane per class.

        Summing packed rows adds every class's column at once in C (``sum`` over ints), which
        is the bulk of the work for a comment; :meth:`predict` unpacks the lanes. A weight is
        stored plus :data:`_LANE_OFFSET` so every lane stays non-negative; a lane is
        :data:`_LANE_BITS` wide, room for far more features than a comment can have. Rows are
        packed when first met, so classifying one comment does not pack all of them.
        """
        if self._packed is None:
            self._packed = _PackedRows(self.weights)
        return self._packed

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        """Build a model from its JSON form.

        Raises:
            InputError: The data is not a review-classifier model of a known format.
        """
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError(f"not a review classifier model (expected format {FORMAT!r})")
        try:
            labels = list(data["labels"])
            weights = data["weights"]
            n = len(labels)
            if not isinstance(weights, dict) or any(len(w) != n for w in weights.values()):
                raise ValueError("every weight row needs one value per label")
            return cls(
                labels,
                data["bias"],
                weights,
                scale=float(data.get("scale", 1000)),
                training=data.get("training"),
                design_threshold=(
                    None
                    if data.get("design_threshold") is None
                    else float(data["design_threshold"])
                ),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"review classifier model is damaged: {exc}") from exc

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (what :meth:`from_dict` reads)."""
        out: dict[str, Any] = {
            "format": FORMAT,
            "labels": list(self.labels),
            "scale": self.scale,
            "bias": list(self.bias),
        }
        if self.design_threshold is not None:
            out["design_threshold"] = self.design_threshold
        out["training"] = self.training
        out["weights"] = self.weights
        return out

    def predict(self, text: str, *, explain: int = 3, kind: str | None = None) -> Prediction:
        """Classify one comment.

        Args:
            text: The comment (Markdown; anything is accepted, only its first
                :data:`~ladder.reviewlens.features.MAX_CHARS` characters are read).
            explain: How many features to name as evidence (0: none, a little faster).
            kind: Where the comment sits (``inline``, ``reply``, ``summary``), if known.
        """
        feats = features(text, kind)
        weights = self.weights
        present = weights.keys() & feats
        n = len(present)
        # Content features (words, code, emoji) the model knows; not the shape ones.
        known = n - len(self._shape & present) if n else 0
        if n:
            packed_sum = sum(map(self._pack().__getitem__, present))
            norm = 1.0 / (self.scale * math.sqrt(n))
            base = n * _LANE_OFFSET
            scores = [
                b + (((packed_sum >> (_LANE_BITS * k)) & _LANE_MASK) - base) * norm
                for k, b in enumerate(self.bias)
            ]
        else:
            scores = list(self.bias)
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        probs = [e / total for e in exps]
        best = probs.index(max(probs))
        d, threshold = self._design, self.design_threshold
        if d is not None and threshold is not None and probs[d] >= threshold:
            best = d  # the binary design decision (see the module docstring)
        evidence: tuple[str, ...] = ()
        if explain and n:
            ordered = [f for f in feats if f in present]
            rows = [weights[f] for f in ordered]
            evidence = self._evidence(feats, ordered, rows, best, explain)
        return Prediction(
            label=self.labels[best],
            probability=probs[best],
            probabilities={lab: p for lab, p in zip(self.labels, probs, strict=True)},
            evidence=evidence,
            known=known,
            guessing=not known and any(map(is_word_feature, feats)),
        )

    def prepare(self, texts: Iterable[str]) -> None:
        """Nothing to do: the linear model reads one comment at a time as fast as many."""

    def evidence_for(
        self, text: str, label: str, *, kind: str | None = None, limit: int = 3
    ) -> tuple[str, ...]:
        """The features of ``text`` that favour ``label`` most, for people (as ``predict``).

        For a model that blends this one with another (the semantic model), whose answer
        may not be this model's.
        """
        feats = features(text, kind)
        ordered = [f for f in feats if f in self.weights]
        if not ordered or label not in self.labels:
            return ()
        rows = [self.weights[f] for f in ordered]
        return self._evidence(feats, ordered, rows, self.labels.index(label), limit)

    def _evidence(
        self, feats: list[str], present: list[str], rows: list[list[int]], best: int, limit: int
    ) -> tuple[str, ...]:
        """The features that favour class ``best`` most over the average class, for people.

        A word's character n-grams count towards the word (``~oupl`` is part of ``coupling``);
        function words and n-grams are never named.
        """
        k = len(self.labels)
        lift = {f: row[best] - sum(row) / k for f, row in zip(present, rows, strict=True)}
        scored: dict[str, float] = {}
        implied = {"_q": "_q_end", "_fence": "_suggestion", "_short": "_emoji_only"}
        have = set(feats)
        for f in feats:
            if f[0] == "~" or implied.get(f, "") in have:
                continue
            value = lift.get(f, 0.0)
            if is_word_feature(f) and " " not in f and 6 <= len(f) <= MAX_GRAM_WORD:
                value += sum(lift.get(g, 0.0) for g in char_grams(f))
            if value > 0 and worth_naming(f):
                scored[f] = value
        chosen: list[str] = []
        for f, _ in sorted(scored.items(), key=lambda t: (-t[1], t[0])):
            parts = f.split(" ")
            if any(f in c.split(" ") for c in chosen if " " in c):
                continue  # already inside a chosen bigram
            if len(parts) > 1:
                chosen = [c for c in chosen if c not in parts]
            chosen.append(f)
            if len(chosen) >= limit:
                break
        return tuple(describe(f) for f in chosen)


def read_model_file(resource: str, *, what: str, trainer: str) -> Any:
    """The JSON of a model file shipped in ``ladder/data`` (``models/…``).

    Raises:
        InputError: The file is missing (a broken installation); the hint names ``trainer``.
    """
    from importlib import resources

    try:
        text = resources.files("ladder.data").joinpath(resource).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise InputError(
            f"the {what} is missing ({resource})",
            hint=f"reinstall career-ladder, or train it: python {trainer}",
        ) from exc
    return json.loads(text)


@functools.lru_cache(maxsize=1)
def default_model() -> Model:
    """The model shipped with ladder (loaded once per process).

    Raises:
        InputError: The shipped file is missing or damaged (a broken installation).
    """
    data = read_model_file(
        RESOURCE, what="review classifier model", trainer="tools/train_review_classifier.py"
    )
    return Model.from_dict(data)
