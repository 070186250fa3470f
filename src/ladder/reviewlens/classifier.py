"""Classify one review comment: the reviewer's own label first, the model otherwise."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ladder.errors import InputError
from ladder.reviewlens import labels as explicit
from ladder.reviewlens.model import Prediction, Predictor, default_model

#: The review classes, in the order they are shown.
LABELS: tuple[str, ...] = (
    "praise",
    "nit",
    "question",
    "suggestion",
    "correctness",
    "design",
    "testing",
    "security",
    "docs",
)
#: The answer when the text alone does not say what kind of remark a comment is ("Ditto.",
#: "See above", a bare identifier, a status note). Such comments are left out of the shares.
CANT_TELL = "cant-tell"
#: Every answer :func:`classify` can give: the classes, then :data:`CANT_TELL`.
ANSWERS: tuple[str, ...] = (*LABELS, CANT_TELL)
#: What each class means, for help text and reports.
DESCRIPTIONS: dict[str, str] = {
    "praise": "praise and thanks",
    "nit": "nitpicks: style, naming, formatting, typos",
    "question": "questions that ask for information",
    "suggestion": "local improvements to the code as written",
    "correctness": "bugs, edge cases, error handling",
    "design": "architecture, boundaries, APIs, data model, scale, failure modes",
    "testing": "tests and testing strategy",
    "security": "security and privacy",
    "docs": "documentation, comments, changelogs",
    CANT_TELL: "the text alone does not say (ditto, see above, a status note)",
}
#: Classes that are about what the code does and how it is built and verified.
DESIGN_LEVEL: frozenset[str] = frozenset({"design", "correctness", "security", "testing"})
#: Classes that are about the surface of the code.
NIT_LEVEL: frozenset[str] = frozenset({"nit"})

#: Confidence given to a label the reviewer wrote.
LABEL_CONFIDENCE = 0.97
#: A model topic overrides a topic-neutral label (``issue``, ``suggestion``…) from this on.
TOPIC_OVERRIDE = 0.5
_TOPICS = frozenset({"design", "security", "testing", "docs", "correctness"})


@dataclass(frozen=True)
class Classification:
    """The class of one review comment, and why.

    Args:
        label: One of :data:`LABELS`, or :data:`CANT_TELL`.
        confidence: From 0 to 1.
        reason: One sentence a person would accept.
        method: ``label`` (the reviewer's own label decided), ``model``, or ``label+model``.
        guess: The model knew none of the words (another language?): the label is a guess from
            the comment's shape, and the lens does not count it.
    """

    label: str
    confidence: float
    reason: str
    method: str
    guess: bool = False

    @property
    def readable(self) -> bool:
        """True when the comment was given one of the classes (not can't-tell, not a guess)."""
        return self.label != CANT_TELL and not self.guess

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "label": self.label,
            "confidence": round(self.confidence, 3),
            "reason": self.reason,
        }


#: The most confidence a guess gets (words present, none known to the model).
GUESS_CONFIDENCE = 0.35


def _confidence(pred: Prediction) -> float:
    return min(pred.probability, GUESS_CONFIDENCE) if pred.guessing else pred.probability


def _model_reason(pred: Prediction, explained: bool = True) -> str:
    if not explained:
        return f"model: {pred.label} ({_confidence(pred):.2f}); reasons not asked for"
    if pred.label == CANT_TELL:
        words = f" ({', '.join(pred.evidence)})" if pred.evidence else ""
        return (
            f"model: the text alone does not say what kind of remark this is{words} "
            f"({pred.probability:.2f})"
        )
    if pred.guessing:
        return (
            f"model: it knows none of these words (another language?), so {pred.label} is a "
            f"guess from the comment's shape ({_confidence(pred):.2f})"
        )
    if not pred.evidence:
        return (
            f"model: no words it knows, so the overall odds point to {pred.label} "
            f"({pred.probability:.2f})"
        )
    words = ", ".join(pred.evidence)
    verb = "points" if len(pred.evidence) == 1 else "point"
    return f"model: {words} {verb} to {pred.label} ({pred.probability:.2f})"


def classify(
    text: str, *, model: Predictor | None = None, kind: str | None = None, explain: bool = True
) -> Classification:
    """Classify one review comment.

    Args:
        text: The comment as written (Markdown, HTML, code blocks and emoji are fine).
        model: The model to use (default: the linear one shipped with ladder; see
            :mod:`ladder.reviewlens.semantic` for the optional semantic one).
        kind: Where the comment sits, when the source says: ``inline`` (on a line of the
            diff), ``reply`` (in a thread) or ``summary`` (the body of a review).
        explain: Name the words behind a model's answer in ``reason`` (False: about twice as
            fast, for counting many comments; the label and confidence are the same).

    Raises:
        InputError: The comment is empty (or only whitespace).

    Example:
        >>> classify("nit: trailing whitespace").label
        'nit'
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError("the review comment is empty: there is nothing to classify")
    found = explicit.parse(text)
    n_why = 3 if explain else 0
    if found is None:
        pred = (model or default_model()).predict(text, kind=kind, explain=n_why)
        return Classification(
            pred.label,
            _confidence(pred),
            _model_reason(pred, explain),
            "model",
            guess=pred.guessing,
        )

    said = f"starts with the label '{found.written}'"
    if found.label not in ("nit", "nits"):
        said = f"starts with the Conventional Comments label '{found.written}'"
    if found.final:
        cls = found.default_class
        assert cls is not None
        return Classification(cls, LABEL_CONFIDENCE, said, "label")
    by_decoration = found.decoration_class
    if by_decoration is not None:
        return Classification(by_decoration, LABEL_CONFIDENCE, said, "label")
    default = found.default_class
    if found.label in explicit.DECORATION_ONLY and default is not None:
        return Classification(default, LABEL_CONFIDENCE, said, "label")
    subject = found.subject if found.subject.strip() else text
    pred = (model or default_model()).predict(subject, kind=kind, explain=n_why)
    if default is None:  # thought, note: the label names no topic
        return Classification(
            pred.label,
            _confidence(pred),
            f"{said}, which names no topic; {_model_reason(pred, explain)}",
            "label+model",
            guess=pred.guessing,
        )
    if (
        pred.label != default
        and pred.label in _TOPICS
        and not pred.guessing
        and pred.probability >= TOPIC_OVERRIDE
    ):
        return Classification(
            pred.label,
            pred.probability,
            f"{said}, and the topic is {pred.label}: {_model_reason(pred, explain)}",
            "label+model",
        )
    return Classification(default, LABEL_CONFIDENCE, said, "label")


def classify_many(
    texts: Iterable[str],
    *,
    model: Predictor | None = None,
    kind: str | None = None,
    explain: bool = True,
) -> Iterator[Classification | InputError]:
    """Classify many comments; an empty one yields its :class:`InputError` instead.

    Args:
        texts: The comments.
        model: The model to use (default: the one shipped with ladder).
        kind: Where the comments sit (see :func:`classify`), if known.
        explain: Name the words behind each model answer (see :func:`classify`).
    """
    m = model or default_model()
    for text in texts:
        try:
            yield classify(text, model=m, kind=kind, explain=explain)
        except InputError as err:
            yield err
