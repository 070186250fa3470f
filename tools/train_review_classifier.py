"""Train the review-comment classifier shipped in ``ladder/data/models/review-classifier.json``.

Multinomial logistic regression (scikit-learn) over the features of
:mod:`ladder.reviewlens.features` — the very function the shipped pure-Python inference uses —
as binary vectors scaled to unit length, and a design threshold on top: a comment whose
design probability reaches it is ``design`` (the binary design-vs-other decision; see
:mod:`ladder.reviewlens.model`).

Both are chosen by 5-fold cross-validation *grouped by project* on the real training comments
(no project is in a training and a test fold at once; the written comments, which belong to
no project, are in every training fold and never scored): ``C`` is the smallest (the
strongest regularisation) whose macro-F1 is within 0.005 of the best, then the threshold is
the one of :data:`THRESHOLDS` with the best design-vs-other F1 on the same out-of-fold
probabilities (ties go to the higher threshold, the smaller change) among those that widen the
largest per-project gap between the design share the lens would report and the labelled one
by at most :data:`SHARE_SLACK` over no threshold (the lens reports shares; a threshold that
wins F1 by calling too much design would skew them). With only written data
(no ``project`` field) it falls back to stratified 5-fold CV and no threshold.

It trains on two sets at once (``--data`` may be given several times):
``data/review-comments/train.jsonl`` (961 comments written for ladder) and
``data/review-eval/apache-train.jsonl`` (1,083 real review comments from Apache projects,
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

``--first-labels`` trains on labeller A's first labels where a record was relabelled after the
second labeller (``label_a``; ``data/review-eval/README.md``): the shipped model was trained
on those, and the relabelled file did not do better in CV (``docs/benchmarks.md``).

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
sys.path.insert(0, str(REPO / "src"))

from ladder.reviewlens.features import REVIEW_BOARD_KINDS  # noqa: E402

DATA = [
    REPO / "data" / "review-comments" / "train.jsonl",
    REPO / "data" / "review-eval" / "apache-train.jsonl",
]
#: Projects kept for measurement only.
HELD_OUT_PROJECTS = frozenset({"apache/mesos"})
#: Review Board record type → where the comment sits (the ``kind`` of ``features``).
KIND_OF_TYPE = REVIEW_BOARD_KINDS
OUT = REPO / "src" / "ladder" / "data" / "models" / "review-classifier.json"
C_GRID = (1.0, 3.0, 10.0, 30.0, 100.0)
CV_TOLERANCE = 0.005  # CV macro-F1 differences smaller than this are noise on ~960 comments
#: Design thresholds tried (None: the most probable class wins, no binary decision).
THRESHOLDS = (None, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2)
#: A threshold may widen the largest per-project design-share gap of no threshold by this much.
SHARE_SLACK = 0.02
SHARE_MIN = 20  # projects with fewer comments with a class have no share worth comparing
FOLDS = 5
SCALE = 1000  # weights are stored as integers: round(weight * SCALE)


def load_training(path: Path, *, first_labels: bool = False) -> list[dict[str, Any]]:
    """The labelled training comments; refuses the held-out split.

    ``first_labels``: a record relabelled after the second labeller is read with labeller A's
    first label (its ``label_a``), as the shipped model was trained.
    """
    if "heldout" in path.name.lower():
        sys.exit(f"refusing to train on {path}: the held-out split is for evaluation only")
    from ladder.reviewlens.classifier import ANSWERS

    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if first_labels and "label_a" in row:
            row["label"] = row["label_a"]
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
    docs: list[list[str]], y: list[str], *, c: float, min_df: int, folds: int = FOLDS, seed: int = 7
) -> float:
    """Macro-F1 of stratified k-fold CV (for written data only, which has no projects)."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    preds: list[str] = [""] * len(y)
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(docs, y):
        clf, vocab = fit([docs[i] for i in tr], [y[i] for i in tr], c=c, min_df=min_df)
        for i, p in zip(te, clf.predict(vectorise([docs[i] for i in te], vocab)), strict=True):
            preds[i] = p
    return float(f1_score(y, preds, average="macro"))


def grouped_probabilities(
    docs: list[list[str]], y: list[str], groups: list[str | None], *, c: float, min_df: int
) -> tuple[dict[int, dict[str, float]], list[str]]:
    """Out-of-fold class probabilities of every comment that has a project.

    Folds are grouped by project (``GroupKFold``); comments without a project (the written
    set) are in every training fold and never predicted.
    """
    from sklearn.model_selection import GroupKFold

    scored = [i for i, g in enumerate(groups) if g is not None]
    always = [i for i, g in enumerate(groups) if g is None]
    out: dict[int, dict[str, float]] = {}
    classes: list[str] = []
    splits = GroupKFold(FOLDS).split(scored, groups=[groups[i] for i in scored])
    for tr, te in splits:
        train = always + [scored[j] for j in tr]
        test = [scored[j] for j in te]
        clf, vocab = fit([docs[i] for i in train], [y[i] for i in train], c=c, min_df=min_df)
        classes = list(clf.classes_)
        probs = clf.predict_proba(vectorise([docs[i] for i in test], vocab))
        for i, row in zip(test, probs, strict=True):
            out[i] = dict(zip(classes, (float(p) for p in row), strict=True))
    return out, classes


def decide(probs: dict[str, float], threshold: float | None) -> str:
    """The answer the shipped model gives for these probabilities (see ``Model.predict``)."""
    if threshold is not None and probs.get("design", 0.0) >= threshold:
        return "design"
    return max(probs, key=lambda k: probs[k])


def share_gap(
    probs: dict[int, dict[str, float]], y: list[str], groups: list[str | None], t: float | None
) -> float:
    """The largest gap, over projects with :data:`SHARE_MIN` comments with a class, between
    the design share the lens would report (over the comments it reads) and the labelled one.

    The cross-validated counterpart of ``bench/eval_review_real.py``'s per-reviewer measure.
    """
    from ladder.reviewlens.classifier import CANT_TELL

    by: dict[str, list[int]] = {}
    for i in probs:
        by.setdefault(str(groups[i]), []).append(i)
    gaps = [0.0]
    for ii in by.values():
        gold = [y[i] for i in ii if y[i] != CANT_TELL]
        pred = [p for p in (decide(probs[i], t) for i in ii) if p != CANT_TELL]
        if len(gold) < SHARE_MIN or not pred:
            continue
        share = sum(g == "design" for g in gold) / len(gold)
        gaps.append(abs(sum(p == "design" for p in pred) / len(pred) - share))
    return max(gaps)


def grouped_scores(
    probs: dict[int, dict[str, float]], y: list[str], threshold: float | None
) -> tuple[float, float]:
    """(macro-F1, design-vs-other F1) over the comments whose label is a class.

    As ``bench/eval_review_real.py`` counts: ``cant-tell`` gold labels are left out, a
    ``cant-tell`` answer to a comment that has a class is a miss.
    """
    from sklearn.metrics import f1_score

    from ladder.reviewlens.classifier import CANT_TELL

    idx = [i for i in sorted(probs) if y[i] != CANT_TELL]
    gold = [y[i] for i in idx]
    pred = [decide(probs[i], threshold) for i in idx]
    classes = sorted(set(gold))
    macro = float(f1_score(gold, pred, labels=classes, average="macro", zero_division=0))
    design = float(
        f1_score([g == "design" for g in gold], [p == "design" for p in pred], zero_division=0)
    )
    return macro, design


def export(
    clf: Any,
    vocab: dict[str, int],
    *,
    training: dict[str, Any],
    threshold: float | None = None,
) -> dict[str, Any]:
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
        **({"design_threshold": threshold} if threshold is not None else {}),
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
    parser.add_argument(
        "--first-labels",
        action="store_true",
        help="train on labeller A's first labels (label_a) where a record was relabelled",
    )
    args = parser.parse_args(argv)

    from ladder.reviewlens.features import features

    paths: list[Path] = args.data or DATA
    # first: refuses held-out data
    rows = [r for p in paths for r in load_training(p, first_labels=args.first_labels)]
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

    groups = [str(r["project"]).lower() if r.get("project") else None for r in rows]
    grouped = len({g for g in groups if g is not None}) >= FOLDS
    grid = C_GRID if args.c is None else (args.c,)
    design: dict[float | None, float] = {}
    threshold: float | None = None
    if grouped:
        probs: dict[float, dict[int, dict[str, float]]] = {}
        scores = {}
        for c in grid:
            probs[c], _ = grouped_probabilities(docs, y, groups, c=c, min_df=args.min_df)
            scores[c], d = grouped_scores(probs[c], y, None)
            print(f"  C={c:<6g} CV grouped by project: macro-F1 {scores[c]:.3f}, design F1 {d:.3f}")
    else:
        scores = {c: cross_validate(docs, y, c=c, min_df=args.min_df) for c in grid}
        for c, v in scores.items():
            print(f"  C={c:<6g} stratified 5-fold CV macro-F1 {v:.3f}")
    # The strongest regularisation within CV_TOLERANCE of the best score: the simpler
    # model, when the data cannot tell the two apart.
    top = max(scores.values())
    best_c = min(c for c, v in scores.items() if v >= top - CV_TOLERANCE)
    print(f"chosen C={best_c:g} (CV macro-F1 {scores[best_c]:.3f})")
    if grouped:
        gap: dict[float | None, float] = {}
        for t in THRESHOLDS:
            macro, design[t] = grouped_scores(probs[best_c], y, t)
            gap[t] = share_gap(probs[best_c], y, groups, t)
            print(
                f"  design threshold {t}: design F1 {design[t]:.3f}, macro-F1 {macro:.3f}, "
                f"largest per-project design-share gap {gap[t]:.3f}"
            )
        # The lens reports shares: a threshold must not make them much worse than no threshold.
        # THRESHOLDS runs from no threshold down: on a tie the first (higher) one wins.
        allowed = [t for t in THRESHOLDS if gap[t] <= gap[None] + SHARE_SLACK]
        threshold = max(allowed, key=lambda t: design[t])
        print(f"chosen design threshold {threshold} (CV design F1 {design[threshold]:.3f})")
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
        **(
            {"labels": "labeller A's first labels (label_a where relabelled)"}
            if args.first_labels
            else {}
        ),
        "examples": len(rows),
        "per_class": dict(sorted(Counter(y).items())),
        "C": best_c,
        "min_df": args.min_df,
        "cv": "grouped by project (real comments)" if grouped else "stratified 5-fold",
        "cv_macro_f1": round(scores[best_c], 4),
        **({"cv_design_f1": round(design[threshold], 4)} if grouped else {}),
        "sklearn": sklearn.__version__,
        "licence": (
            "weights derived from data written for ladder (CC0-1.0) and from review comments "
            "contributed to Apache Software Foundation projects (Apache-2.0); see "
            "data/review-eval/README.md"
        ),
    }
    model = export(clf, vocab, training=training, threshold=threshold)
    size = write_json(args.out, model)
    print(f"wrote {args.out} ({len(model['weights'])} features, {size / 1024:.0f} KiB)")
    return 0


def write_json(path: Path, data: dict[str, Any]) -> int:
    """Write a model file as compact JSON (one line); returns its size in characters."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text)


if __name__ == "__main__":
    sys.exit(main())
