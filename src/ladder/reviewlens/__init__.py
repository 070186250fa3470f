"""The review lens: what kind of review comments a person gives, and how that changes.

Each review comment is classified as one of :data:`LABELS` — praise, nit, question,
suggestion, correctness, design, testing, security, docs — from the reviewer's own label
when the comment starts with one (``nit:``, Conventional Comments such as
``issue (blocking, security):``; see :mod:`ladder.reviewlens.labels`), otherwise by a small
model shipped with ladder (:mod:`ladder.reviewlens.model`: logistic regression over words,
pure Python, offline). :func:`lens` turns a person's review comments into counts per class
and month and the trend of design-level against nit-level comments.

Example:
    >>> from ladder.reviewlens import classify
    >>> classify("suggestion (non-blocking): extract this into a helper").label
    'suggestion'

Only ``json``, ``re`` and ``math`` are needed at run time; the model loads once, on first
use. See ``docs/review-lens.md``.
"""

from __future__ import annotations

from ladder.reviewlens.classifier import (
    DESCRIPTIONS,
    DESIGN_LEVEL,
    LABELS,
    NIT_LEVEL,
    Classification,
    classify,
    classify_many,
)
from ladder.reviewlens.lens import Lens, lens

__all__ = [
    "DESCRIPTIONS",
    "DESIGN_LEVEL",
    "LABELS",
    "NIT_LEVEL",
    "Classification",
    "Lens",
    "classify",
    "classify_many",
    "lens",
]
