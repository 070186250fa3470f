"""Train the review-comment classifier shipped in ``ladder/data/models/review-classifier.json``.

Multinomial logistic regression (scikit-learn) over the features of
:mod:`ladder.reviewlens.features` — the very function the shipped pure-Python inference uses —
as binary vectors scaled to unit length. The regularisation strength ``C`` is picked by
stratified 5-fold cross-validation *on the training split only*: the smallest ``C`` (the
strongest regularisation) whose macro-F1 is within 0.005 of the best.

It trains on two sets at once (``--data`` may be given several times):
``data/review-comments/train.jsonl`` (961 comments written for ladder) and
``data/review-eval/apache-train.jsonl`` (818 real review comments from Apache projects,
labelled by hand, with ``cant-tell`` as an answer; ``data/review-eval/README.md``). A real
record's ``type`` (inline comment, reply, review summary) becomes the ``_kind:`` feature.

The held-out sets are never read: this script refuses a file whose name says ``heldout``,
any record marked ``"split": "heldout"`` and any record of the held-out project
(``apache/mesos``). Measure with ``bench/eval_review_real.py`` (real, held-out project) and
``bench/eval_review_classifier.py`` (the written held-out split).

Needs scikit-learn (not a runtime dependency of ladder)::

    .venv/bin/pip install scikit-learn          # or: pip install -e '.[train]'
    .venv/bin/python tools/train_review_classifier.py            # CV, train, write the model
    .venv/bin/python tools/train_review_classifier.py --cv-only  # just print the CV figures

Training is deterministic: the same data and options give the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = [
    REPO / "data" / "review-comments" / "train.jsonl",
    REPO / "data" / "review-eval" / "apache-train.jsonl",
]
#: Projects kept for measurement only.
HELD_OUT_PROJECTS = frozenset({"apache/mesos"})
#: Review Board record type → where the comment sits (the ``kind`` of ``features``).
KIND_OF_TYPE = {
    "DiffComment": "inline",
    "ReplyDiffComment": "reply",
    "Review.body_top": "summary",
    "Review.body_bottom": "summary",
    "Review.reply.body_top": "reply",
    "Review.reply.body_bottom": "reply",
}
OUT = REPO / "src" / "ladder" / "data" / "models" / "review-classifier.json"
C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)
CV_TOLERANCE = 0.005  # CV macro-F1 differences smaller than this are noise on ~960 comments
SCALE = 1000  # weights are stored as integers: round(weight * SCALE)


def load_training(path: Path) -> list[dict[str, Any]]:
    """The labelled training comments; refuses the held-out split."""
    if "heldout" in path.name.lower():
        sys.exit(f"refusing to train on {path}: the held-out split is for evaluation only")
    from ladder.reviewlens.classifier import ANSWERS

    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("split") == "heldout" or row.get("project") in HELD_OUT_PROJECTS:
            sys.exit(f"{path}:{n}: a held-out record; refusing to train on it")
        if row["label"] not in ANSWERS:
            sys.exit(f"{path}:{n}: unknown label {row['label']!r}")
        rows.append(row)
    return rows


def vectorise(docs: list[list[str]], vocab: dict[str, int]) -> Any:
    """Binary feature vectors scaled to unit length (what the runtime computes)."""
    from scipy.sparse import csr_matrix

    indptr, indices, values = [0], [], []
    for feats in docs:
        cols = sorted({vocab[f] for f in feats if f in vocab})
        v = 1.0 / math.sqrt(len(cols)) if cols else 0.0
        indices.extend(cols)
        values.extend([v] * len(cols))
        indptr.append(len(indices))
    return csr_matrix((values, indices, indptr), shape=(len(docs), len(vocab)))


def build_vocab(docs: list[list[str]], min_df: int) -> dict[str, int]:
    """Features seen in at least ``min_df`` training comments, in a stable order."""
    df: Counter[str] = Counter()
    for feats in docs:
        df.update(set(feats))
    kept = sorted(f for f, n in df.items() if n >= min_df)
    return {f: i for i, f in enumerate(kept)}


def fit(
    docs: list[list[str]], y: list[str], *, c: float, min_df: int
) -> tuple[Any, dict[str, int]]:
    """Fit one model; returns (estimator, vocabulary)."""
    from sklearn.linear_model import LogisticRegression

    vocab = build_vocab(docs, min_df)
    clf = LogisticRegression(C=c, max_iter=5000, tol=1e-6)
    clf.fit(vectorise(docs, vocab), y)
    return clf, vocab


def cross_validate(
    docs: list[list[str]], y: list[str], *, c: float, min_df: int, folds: int = 5, seed: int = 7
) -> float:
    """Macro-F1 of stratified k-fold CV on the training split (vocabulary built per fold)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    preds: list[str] = [""] * len(y)
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(docs, y):
        clf, vocab = fit([docs[i] for i in tr], [y[i] for i in tr], c=c, min_df=min_df)
        for i, p in zip(te, clf.predict(vectorise([docs[i] for i in te], vocab)), strict=True):
            preds[i] = p
    return float(f1_score(y, preds, average="macro"))


def export(clf: Any, vocab: dict[str, int], *, training: dict[str, Any]) -> dict[str, Any]:
    """The model in the shipped JSON format (integer weights, zero rows dropped)."""
    from ladder.reviewlens.classifier import ANSWERS
    from ladder.reviewlens.model import FORMAT

    order = [list(clf.classes_).index(lab) for lab in ANSWERS]
    coef = clf.coef_
    weights: dict[str, list[int]] = {}
    for feat, j in vocab.items():
        row = [round(float(coef[k, j]) * SCALE) for k in order]
        if any(row):
            weights[feat] = row
    return {
        "format": FORMAT,
        "labels": list(ANSWERS),
        "scale": SCALE,
        "bias": [round(float(clf.intercept_[k]), 6) for k in order],
        "training": training,
        "weights": dict(sorted(weights.items())),
    }


def main(argv: list[str] | None = None) -> int:
    """Cross-validate, train on the whole training split and write the model."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        action="append",
        help="training JSONL, repeatable (default: the written and the real Apache set)",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the model JSON")
    parser.add_argument("--c", type=float, default=None, help="fix C instead of cross-validating")
    parser.add_argument("--min-df", type=int, default=2, help="keep features seen in ≥ N comments")
    parser.add_argument("--cv-only", action="store_true", help="print CV figures, write nothing")
    args = parser.parse_args(argv)

    from ladder.reviewlens.features import features

    paths: list[Path] = args.data or DATA
    rows = [r for p in paths for r in load_training(p)]  # first: refuses held-out data
    try:
        import sklearn
    except ImportError:
        sys.exit("training needs scikit-learn: .venv/bin/pip install scikit-learn")
    docs = [features(r["text"], KIND_OF_TYPE.get(r.get("type", ""))) for r in rows]
    y = [r["label"] for r in rows]
    print(
        f"{len(rows)} training comments: "
        + ", ".join(f"{k} {v}" for k, v in sorted(Counter(y).items()))
    )

    if args.c is None:
        scores = {c: cross_validate(docs, y, c=c, min_df=args.min_df) for c in C_GRID}
        for c, s in scores.items():
            print(f"  C={c:<6g} 5-fold CV macro-F1 {s:.3f}")
        # The strongest regularisation within CV_TOLERANCE of the best score: the simpler
        # model, when the data cannot tell the two apart.
        top = max(scores.values())
        best_c = min(c for c, v in scores.items() if v >= top - CV_TOLERANCE)
    else:
        best_c = args.c
        scores = {best_c: cross_validate(docs, y, c=best_c, min_df=args.min_df)}
        print(f"  C={best_c:g} 5-fold CV macro-F1 {scores[best_c]:.3f}")
    print(f"chosen C={best_c:g} (CV macro-F1 {scores[best_c]:.3f})")
    if args.cv_only:
        return 0

    clf, vocab = fit(docs, y, c=best_c, min_df=args.min_df)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()
    names = []
    for p in paths:
        try:
            names.append(str(p.resolve().relative_to(REPO)))
        except ValueError:
            names.append(p.name)
    data_name = " + ".join(names)
    training = {
        "algorithm": "multinomial logistic regression (scikit-learn LogisticRegression, lbfgs)",
        "features": "ladder.reviewlens.features: words, word bigrams, char 4-grams, code words, markup flags; binary, L2-normalised",
        "data": data_name,
        "data_sha256": digest,
        "examples": len(rows),
        "per_class": dict(sorted(Counter(y).items())),
        "C": best_c,
        "min_df": args.min_df,
        "cv_macro_f1": round(scores[best_c], 4),
        "sklearn": sklearn.__version__,
        "licence": (
            "weights derived from data written for ladder (CC0-1.0) and from review comments "
            "contributed to Apache Software Foundation projects (Apache-2.0); see "
            "data/review-eval/README.md"
        ),
    }
    model = export(clf, vocab, training=training)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(model, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(model['weights'])} features, {len(text) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
