"""Does a small learned fallback beat the fixed one? Measured leave one project out.

When a change to code gives no stronger signal, ``judge._typed`` maps it by a fixed rule; its
last branch maps anything that is not a fix, a clean-up or a build change onto
``delivery.features`` ("a change you wrote, with no stronger signal"). This experiment puts a
small linear model in that one place only: where the fixed rule would map onto
``delivery.features``, the model chooses delivery, technical-depth, code-quality or no area.

The model: logistic regression (scikit-learn, lbfgs) over binary features of the person's own
words as the judge reads them (the subject, its word pairs, the body), scaled to unit length,
plus typed features of the change (the languages of its files, how many files and lines, a
body or not, a merge). Four kinds are tried: one multinomial model over the four choices, or
one binary model per area (is this area acceptable? an item labelled delivery and
technical-depth teaches both); each trained either on the development commits where the fixed
fallback fires ("fallback") or on those and every other of the person's own changes to code
labelled not routine ("all-own": more examples of how words map onto areas, from another mix).

Measured strictly leave one project out over the seven development projects
(``eval_judgement.DEV``; the held-out projects are never read): train on six, run the whole
judge with the learned fallback on the seventh, and score it with ``eval_judgement.score``
against the current judge on the same items. The settings — regularisation ``C``, the margin
by which another class must beat delivery before it replaces it, and the kind of model and
its training set — are chosen inside each training set by a second leave one
project out over its six projects (best pooled precision + coverage), never on the project
being measured.

    .venv/bin/pip install scikit-learn                 # or: pip install -e '.[train]'
    .venv/bin/python bench/fallback_lopo.py            # the table of docs/benchmarks.md
    .venv/bin/python bench/fallback_lopo.py --fixed C=1,margin=0.1,data=fallback   # no inner search
    .venv/bin/python bench/fallback_lopo.py --sweep    # every setting, leave one project out

Deterministic: the same data gives the same table.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import ladder.mapping.judge as judge_module  # noqa: E402
from eval_judgement import DEV, item_of, judge, load, score  # noqa: E402
from ladder import framework  # noqa: E402
from ladder.mapping.judge import OWN, ROUTINE  # noqa: E402
from ladder.mapping.mapper import Mapper  # noqa: E402
from ladder.mapping.rules import MapItem  # noqa: E402

#: What the model may choose, and the expectation each maps onto ("none": no mapping).
CLASSES = ("delivery", "technical-depth", "code-quality", "none")
TARGET = {
    "delivery": ("delivery.features", "a change you wrote"),
    "technical-depth": (
        "technical-depth.stack-proficiency",
        "a change that reads like work deep in the stack",
    ),
    "code-quality": ("code-quality.tech-debt", "a change that reads like upkeep of the code"),
}
FIXED_WHY = "a change you wrote"
C_GRID = (0.3, 1.0, 3.0, 10.0)
MARGINS = (0.0, 0.1, 0.2, 0.3)
DATA_CHOICES = ("fallback", "all-own", "fallback+ovr", "all-own+ovr")
MIN_DF = 2

# ---------------------------------------------------------------------------- features

_WORD = re.compile(r"[a-z][a-z0-9']*")
_SCOPE = re.compile(r"^\s*[\w./{}*-]+(?:\([^)]*\))?:\s+")
_CODE_NAME = re.compile(r"\b\w+\(\)|\b[a-z]+_[a-z_]+\b|\b[a-z]+[A-Z]\w*\b")
#: File extension → the family of language a change is written in.
_FAMILY = {
    ext: family
    for family, exts in (
        ("c", "c h cc cpp hpp cxx"),
        ("rust", "rs"),
        ("go", "go"),
        ("python", "py pyx pyi"),
        ("js", "js mjs ts"),
        ("ruby", "rb"),
        ("tcl", "tcl"),
        ("shell", "sh"),
    )
    for ext in exts.split()
}
_SIZE = ((10, "tiny"), (50, "small"), (200, "medium"), (1000, "large"))
_FILES = ((1, "one"), (3, "few"), (10, "several"))


def _bucket(n: int, steps: tuple[tuple[int, str], ...], last: str) -> str:
    return next((name for limit, name in steps if n <= limit), last)


def features(item: MapItem) -> list[str]:
    """The features of one change: its words, word pairs of its subject, and its shape."""
    text = item.text or ""
    subject = text.split("; ")[0]
    bare = _SCOPE.sub("", subject, count=1)
    body = (item.body or "")[:2000]
    out: set[str] = set()
    words = _WORD.findall(bare.lower())
    out.update(words)
    out.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    if words:
        out.add(f"_first:{words[0]}")
    out.update(f"~{w}" for w in _WORD.findall(body.lower()))
    if bare != subject:
        out.add("_scoped")
    if _CODE_NAME.search(subject):
        out.add("_code_name")
    if "; " in text:
        out.add("_several")
    data = item.data or {}
    paths = [str(p) for p in data.get("file_paths") or []]
    families = Counter(
        _FAMILY.get(p.rsplit(".", 1)[-1].lower(), "other")
        if "." in p.rsplit("/", 1)[-1]
        else "other"
        for p in paths
    )
    out.update(f"_lang:{f}" for f in families)
    lines = int(data.get("additions") or 0) + int(data.get("deletions") or 0)
    out.add("_lines:" + _bucket(lines, _SIZE, "huge"))
    out.add("_files:" + _bucket(len(paths), _FILES, "many"))
    out.add("_body:" + ("none" if not body.strip() else "short" if len(body) < 200 else "long"))
    if (item.kind or "") == "merge":
        out.add("_merge")
    return sorted(out)


# ---------------------------------------------------------------------------- data


def label_class(areas: list[str]) -> str:
    """The one class a labelled item teaches: delivery if acceptable (the fixed rule was right),
    else technical-depth, else code-quality, else no area."""
    return next((c for c in CLASSES[:3] if c in areas), "none")


@contextmanager
def hooked(
    choose: Callable[[MapItem], str] | None, seen: list[MapItem] | None = None
) -> Iterator[None]:
    """The judge with its fixed fallback replaced by ``choose`` (None: kept), recording in
    ``seen`` the items it fired on."""
    original = judge_module._typed

    def typed(mapper: Mapper, item: MapItem, shape: str | None, rejected: Any) -> list[Any]:
        out = original(mapper, item, shape, rejected)
        if not (len(out) == 1 and out[0].signals and out[0].signals[0].why == FIXED_WHY):
            return out
        if seen is not None:
            seen.append(item)
        if choose is None:
            return out
        c = choose(item)
        if c == "none":
            return []
        exp, why = TARGET[c]
        return judge_module._fallback(mapper, exp, why, rejected)

    judge_module._typed = typed
    try:
        yield
    finally:
        judge_module._typed = original


class Project:
    """One development project: its records, the current judge's output, and the examples."""

    def __init__(self, slug: str, mapper: Mapper) -> None:
        self.slug = slug
        self.rows = load(slug)
        #: (features, labelled areas) where the fixed fallback fires
        self.fallback: list[tuple[list[str], tuple[str, ...]]] = []
        #: the same of the person's other changes to code labelled not routine
        self.other_own: list[tuple[list[str], tuple[str, ...]]] = []
        self.base: list[dict[str, Any]] = []
        for r in self.rows:
            seen: list[MapItem] = []
            with hooked(None, seen):
                g = judge(mapper, r)
            self.base.append(g)
            lab = r["label"]
            if seen:
                self.fallback.append((features(seen[-1]), tuple(lab["areas"])))
            elif (
                g["role"] in OWN
                and lab["role"] in OWN
                and lab["substance"] != ROUTINE
                and lab["areas"]
            ):
                self.other_own.append((features(item_of(r)), tuple(lab["areas"])))


# ---------------------------------------------------------------------------- model


class Model:
    """Weights trained by scikit-learn, applied in pure Python (as ladder would at run time).

    ``multinomial``: one model over :data:`CLASSES`, each example taught its
    :func:`label_class`. ``ovr``: one binary model per area of :data:`TARGET` — is this area
    acceptable? — so an item labelled delivery and technical-depth teaches both; no "none".
    Another class replaces delivery only when its probability beats delivery's by ``margin``.
    """

    def __init__(
        self,
        examples: list[tuple[list[str], tuple[str, ...]]],
        c: float,
        margin: float,
        kind: str = "multinomial",
    ) -> None:
        import numpy as np
        from scipy.sparse import csr_matrix
        from sklearn.linear_model import LogisticRegression

        df = Counter(f for feats, _ in examples for f in feats)
        vocab = sorted(f for f, n in df.items() if n >= MIN_DF)
        index = {f: i for i, f in enumerate(vocab)}
        rows, cols, vals = [], [], []
        for i, (feats, _) in enumerate(examples):
            kept = [index[f] for f in feats if f in index]
            for j in kept:
                rows.append(i)
                cols.append(j)
                vals.append(1 / math.sqrt(len(kept)))
        x = csr_matrix((vals, (rows, cols)), shape=(len(examples), len(vocab)))
        self.kind = kind
        self.margin = margin
        self.weights: dict[str, list[float]] = {f: [] for f in vocab}
        self.bias: list[float] = []
        if kind == "ovr":
            self.labels = list(TARGET)
            for label in self.labels:
                y = np.array([label in areas for _, areas in examples], dtype=int)
                clf = LogisticRegression(C=c, max_iter=5000, solver="lbfgs").fit(x, y)
                self.bias.append(float(clf.intercept_[0]))
                for f, i in index.items():
                    self.weights[f].append(float(clf.coef_[0, i]))
            return
        y = np.array([CLASSES.index(label_class(list(areas))) for _, areas in examples])
        present = sorted(set(y.tolist()))
        clf = LogisticRegression(C=c, max_iter=5000, solver="lbfgs").fit(x, y)
        self.labels = [CLASSES[k] for k in present]
        if len(present) == 2:  # binary: one row; as two opposite classes
            b = float(clf.intercept_[0])
            self.bias = [-b / 2, b / 2]
            self.weights = {
                f: [-float(clf.coef_[0, i]) / 2, float(clf.coef_[0, i]) / 2]
                for f, i in index.items()
            }
        else:
            self.bias = [float(b) for b in clf.intercept_]
            self.weights = {f: [float(v) for v in clf.coef_[:, i]] for f, i in index.items()}

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        known = [f for f in feats if f in self.weights]
        scores = list(self.bias)
        if known:
            norm = 1 / math.sqrt(len(known))
            for f in known:
                for k, w in enumerate(self.weights[f]):
                    scores[k] += w * norm
        if self.kind == "ovr":  # each its own sigmoid
            return {
                label: 1 / (1 + math.exp(-s)) for label, s in zip(self.labels, scores, strict=True)
            }
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    def choose(self, feats: list[str]) -> str:
        p = self.probabilities(feats)
        best = max(p, key=lambda k: (p[k], -CLASSES.index(k)))
        if best != "delivery" and p[best] - p.get("delivery", 0.0) < self.margin:
            return "delivery"
        return best


def train(projects: list[Project], c: float, margin: float, data: str) -> Model:
    """A model trained on ``projects``; ``data`` is "fallback" or "all-own", with "+ovr" for
    one binary model per area."""
    examples = [e for p in projects for e in p.fallback]
    if data.startswith("all-own"):
        examples += [e for p in projects for e in p.other_own]
    return Model(examples, c, margin, "ovr" if data.endswith("+ovr") else "multinomial")


def run(mapper: Mapper, projects: list[Project], model: Model | None) -> list[dict[str, Any]]:
    """The whole judge's output on ``projects``' records, with ``model`` as the fallback."""
    if model is None:
        return [g for p in projects for g in p.base]

    def choose(item: MapItem) -> str:
        return model.choose(features(item))

    with hooked(choose):
        return [judge(mapper, r) for p in projects for r in p.rows]


def rows_of(projects: list[Project]) -> list[dict[str, Any]]:
    return [r for p in projects for r in p.rows]


def select(mapper: Mapper, projects: list[Project]) -> tuple[float, float, str]:
    """The settings with the best pooled precision + coverage, leave one of ``projects`` out."""
    best: tuple[float, tuple[float, float, str]] | None = None
    for data in DATA_CHOICES:
        for c in C_GRID:
            models = {
                p.slug: train([q for q in projects if q is not p], c, 0.0, data) for p in projects
            }
            for margin in MARGINS:
                got: list[dict[str, Any]] = []
                for p in projects:
                    models[p.slug].margin = margin
                    got += run(mapper, [p], models[p.slug])
                s = score(rows_of(projects), got)
                value = s["precision"] + s["coverage"]
                if best is None or value > best[0] + 1e-12:
                    best = (value, (c, margin, data))
    assert best is not None
    return best[1]


def sweep(mapper: Mapper, projects: list[Project]) -> int:
    rows = rows_of(projects)
    sb = score(rows, run(mapper, projects, None))
    print(f"current judge: precision {sb['precision']:.3f}, coverage {sb['coverage']:.3f}\n")
    print(
        f"{'data':<9} {'C':>5} {'margin':>6}  {'LOPO Δprecision':>15} {'Δcoverage':>9} {'changed':>7}"
        f"   {'in-sample Δprecision':>20} {'Δcoverage':>9}"
    )
    for data in DATA_CHOICES:
        for c in (*C_GRID, 30.0, 100.0):
            models = {
                p.slug: train([q for q in projects if q is not p], c, 0.0, data) for p in projects
            }
            whole = train(projects, c, 0.0, data)
            for margin in MARGINS:
                got: list[dict[str, Any]] = []
                for p in projects:
                    models[p.slug].margin = margin
                    got += run(mapper, [p], models[p.slug])
                whole.margin = margin
                fit = run(mapper, projects, whole)
                s, f = score(rows, got), score(rows, fit)
                changed = sum(
                    a["areas"] != b["areas"]
                    for a, b in zip(run(mapper, projects, None), got, strict=True)
                )
                print(
                    f"{data:<9} {c:>5g} {margin:>6g}  {s['precision'] - sb['precision']:>+15.3f}"
                    f" {s['coverage'] - sb['coverage']:>+9.3f} {changed:>7}"
                    f"   {f['precision'] - sb['precision']:>+20.3f} {f['coverage'] - sb['coverage']:>+9.3f}"
                )
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "--fixed", metavar="C=..,margin=..,data=..", help="no inner search: these settings"
    )
    ap.add_argument(
        "--sweep",
        action="store_true",
        help="pooled leave-one-project-out figures of every setting (chosen with hindsight, an upper bound),"
        " and the in-sample figures of each (trained and scored on all seven: what the model can fit)",
    )
    args = ap.parse_args()
    mapper = Mapper(framework.parse(framework.default_source()[1]))
    projects = [Project(slug, mapper) for slug in DEV]
    if args.sweep:
        return sweep(mapper, projects)
    n_fb = sum(len(p.fallback) for p in projects)
    print(
        f"Fixed fallback fires on {n_fb} of {sum(len(p.rows) for p in projects)} development commits;"
        f" classes there: {dict(Counter(label_class(list(a)) for p in projects for _, a in p.fallback))}\n"
    )
    fixed = None
    if args.fixed:
        kv = dict(x.split("=", 1) for x in args.fixed.split(","))
        fixed = (float(kv["C"]), float(kv["margin"]), kv["data"])
    base_all: list[dict[str, Any]] = []
    new_all: list[dict[str, Any]] = []
    head = (
        f"{'project':<9} {'settings':<24} {'changed':>7}  {'precision':>16}  {'coverage':>16}"
        f"  {'routine F1':>16}"
    )
    print(head)
    worst = 0.0
    for p in projects:
        train_on = [q for q in projects if q is not p]
        c, margin, data = fixed or select(mapper, train_on)
        model = train(train_on, c, margin, data)
        base = run(mapper, [p], None)
        new = run(mapper, [p], model)
        changed = sum(a["areas"] != b["areas"] for a, b in zip(base, new, strict=True))
        sb, sn = score(p.rows, base), score(p.rows, new)
        base_all += base
        new_all += new
        worst = min(worst, sn["precision"] - sb["precision"], sn["coverage"] - sb["coverage"])
        print(
            f"{p.slug:<9} {f'C={c:g} m={margin:g} {data}':<24} {changed:>7}  "
            + "  ".join(
                f"{sb[k]:.3f} → {sn[k]:.3f}" for k in ("precision", "coverage", "routine_f1")
            )
        )
    rows = rows_of(projects)
    sb, sn = score(rows, base_all), score(rows, new_all)
    changed = sum(a["areas"] != b["areas"] for a, b in zip(base_all, new_all, strict=True))
    print(
        f"{'pooled':<9} {'':<24} {changed:>7}  "
        + "  ".join(f"{sb[k]:.3f} → {sn[k]:.3f}" for k in ("precision", "coverage", "routine_f1"))
    )
    dp, dc = sn["precision"] - sb["precision"], sn["coverage"] - sb["coverage"]
    go = dp >= 0.02 and dc >= 0.02 and worst >= -0.03
    print(
        f"\npooled Δprecision {dp:+.3f}, Δcoverage {dc:+.3f}; worst project change {worst:+.3f}"
        f" → {'GO' if go else 'NO-GO'} (needs both ≥ +0.02, no project below -0.03)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
