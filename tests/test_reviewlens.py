"""The review lens: the label parser, the shipped model, the held-out threshold, the lens."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ladder.errors import InputError, NotFoundError
from ladder.reviewlens import (
    DESIGN_LEVEL,
    LABELS,
    NIT_LEVEL,
    Classification,
    classify,
    classify_many,
    lens,
)
from ladder.reviewlens import labels as explicit
from ladder.reviewlens.classifier import ANSWERS, CANT_TELL
from ladder.reviewlens.features import MAX_CHARS, features
from ladder.reviewlens.lens import excerpt, trend, workspace_lens
from ladder.reviewlens.model import FORMAT, Model, default_model
from ladder.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "review-comments"


def _rows(split: str) -> list[dict[str, str]]:
    lines = (DATA / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# -- explicit labels ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "label", "cls"),
    [
        ("praise: lovely test names", "praise", "praise"),
        ("nitpick: extra blank line", "nitpick", "nit"),
        ("suggestion: extract a helper", "suggestion", "suggestion"),
        ("issue: this returns None on error", "issue", "correctness"),
        ("todo: rename the flag", "todo", "suggestion"),
        ("question: why 37 seconds?", "question", "question"),
        ("thought: could be an event later", "thought", None),
        ("chore: bump the lockfile", "chore", "suggestion"),
        ("note: this runs hourly", "note", None),
        ("typo: recieve", "typo", "nit"),
        ("polish: align the columns", "polish", "nit"),
        ("quibble: I'd say Duration", "quibble", "nit"),
        ("nit: trailing whitespace", "nit", "nit"),
    ],
)
def test_label_parser_reads_every_conventional_comments_label(
    text: str, label: str, cls: str | None
) -> None:
    found = explicit.parse(text)
    assert found is not None
    assert found.label == label
    assert found.default_class == cls
    assert found.subject == text.split(":", 1)[1].strip()


@pytest.mark.parametrize(
    "text",
    [
        "nit: x",
        "Nit: x",
        "NIT: x",
        "nits: x",
        "nitpick: x",
        "Nit - x",
        "nit — x",
        "[nit] x",
        "(nit) x",
        "**nit:** x",
        "**nit**: x",
        "_nit_: x",
        "  nit : x",
        ":mag: nit: x",
        "🔎 nit: x",
    ],
)
def test_label_parser_reads_nit_spellings(text: str) -> None:
    found = explicit.parse(text)
    assert found is not None and found.default_class == "nit"
    assert found.subject == "x"


@pytest.mark.parametrize(
    ("text", "decorations", "cls"),
    [
        ("suggestion (non-blocking): use a set", ("non-blocking",), None),
        ("issue (blocking): leaks the handle", ("blocking",), None),
        ("issue (blocking, security): SQL built from input", ("blocking", "security"), "security"),
        ("issue (security): token in the log", ("security",), "security"),
        ("suggestion (test): add a case for 0", ("test",), "testing"),
        ("todo (tests): the empty list", ("tests",), "testing"),
        ("note (docs): the changelog", ("docs",), "docs"),
        ("thought (architecture): an outbox", ("architecture",), "design"),
        ("suggestion (if-minor, performance): cache it", ("if-minor", "performance"), "design"),
        ("**suggestion (non-blocking):** use a set", ("non-blocking",), None),
        ("[suggestion (ux)] bigger button", ("ux",), None),
    ],
)
def test_label_parser_reads_decorations(
    text: str, decorations: tuple[str, ...], cls: str | None
) -> None:
    found = explicit.parse(text)
    assert found is not None
    assert found.decorations == decorations
    assert found.decoration_class == cls


@pytest.mark.parametrize(
    "text",
    [
        "Nice work!",
        "Question is whether we need this",
        "Issue-123 is related",
        "issues with the build today",
        "Note that this runs twice",
        "suggestions welcome",
        "nitro is the engine",
        "praiseworthy: the tests",
        "",
    ],
)
def test_label_parser_ignores_prose_that_only_starts_like_a_label(text: str) -> None:
    assert explicit.parse(text) is None


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("praise: nice", "praise"),
        ("nitpick: blank line", "nit"),
        ("typo: teh", "nit"),
        ("polish: wording", "nit"),
        ("quibble: naming", "nit"),
        ("question: why?", "question"),
        ("question (security): can a guest call this?", "security"),
        ("issue: returns None", "correctness"),
        ("issue (blocking, security): SQL injection", "security"),
        ("issue (test): no coverage", "testing"),
        ("suggestion: use a set", "suggestion"),
        ("suggestion (docs): mention it in the README", "docs"),
        ("praise (security): the validation is great", "praise"),
        ("nit (docs): 'recieve'", "nit"),
        ("chore: bump the version", "suggestion"),
    ],
)
def test_classify_maps_labels_to_classes(text: str, label: str) -> None:
    c = classify(text)
    assert c.label == label
    assert c.confidence >= 0.9
    assert "starts with" in c.reason and "label" in c.reason
    assert c.method == "label"


def test_classify_lets_the_model_name_the_topic_of_a_topic_neutral_label() -> None:
    c = classify("todo: add tests for the empty case and the error path")
    assert c.label == "testing"
    assert c.method == "label+model"
    assert "'todo'" in c.reason and "model:" in c.reason
    thought = classify("thought: the README and the docs should explain this flag")
    assert thought.label == "docs"
    assert "names no topic" in thought.reason


# -- the model ------------------------------------------------------------------------------
def test_model_loads_with_every_label_and_is_cached() -> None:
    m = default_model()
    assert m.labels == ANSWERS
    assert m is default_model()
    assert len(m.weights) > 1000
    assert m.training["examples"] >= 900


def test_model_is_deterministic_and_returns_every_field() -> None:
    text = "This couples billing to the HTTP layer; could the handler depend on an interface?"
    first, second = classify(text), classify(text)
    assert first == second
    assert isinstance(first, Classification)
    assert first.label in LABELS
    assert 0.0 <= first.confidence <= 1.0
    assert first.reason.startswith("model: ")
    assert set(first.to_dict()) == {"label", "confidence", "reason"}
    pred = default_model().predict(text)
    assert abs(sum(pred.probabilities.values()) - 1.0) < 1e-9


@pytest.mark.parametrize(
    ("text", "label", "word"),
    [
        (
            "What happens to this service at 10x the traffic? The coupling to the vendor worries me.",
            "design",
            None,
        ),
        ("Can you add a test for the empty list?", "testing", "test"),
        ("This builds SQL from user input: SQL injection.", "security", None),
        ("Please update the README with the new flag.", "docs", "readme"),
        ("Why is this needed?", "question", None),
        ("LGTM, great work! 🎉", "praise", None),
    ],
)
def test_model_classifies_plain_comments_and_names_its_evidence(
    text: str, label: str, word: str | None
) -> None:
    c = classify(text)
    assert c.label == label, c.reason
    assert "point" in c.reason and f"to {label}" in c.reason
    if word:
        assert f"'{word}" in c.reason


def test_model_reasons_name_no_function_words() -> None:
    c = classify("This couples billing to the HTTP layer through a concrete interface.")
    named = c.reason.split("model: ", 1)[1]
    for stop in ("'a'", "'the'", "'to'", "'this'"):
        assert stop not in named


def test_model_rejects_a_file_of_another_format() -> None:
    with pytest.raises(InputError, match="not a review classifier"):
        Model.from_dict({"format": "something-else"})
    with pytest.raises(InputError, match="damaged"):
        Model.from_dict(
            {"format": FORMAT, "labels": ["a", "b"], "bias": [0, 0], "weights": {"x": [1]}}
        )


def test_model_round_trips_through_its_json_form() -> None:
    m = default_model()
    again = Model.from_dict(json.loads(json.dumps(m.to_dict())))
    text = "Please add a regression test for this bug."
    assert again.predict(text) == m.predict(text)


def test_classify_without_reasons_gives_the_same_answers() -> None:
    m = default_model()
    for row in _rows("heldout")[:80]:
        full, quick = classify(row["text"], model=m), classify(row["text"], model=m, explain=False)
        assert (quick.label, quick.confidence, quick.method, quick.guess) == (
            full.label,
            full.confidence,
            full.method,
            full.guess,
        )
        if quick.method == "model":
            assert "not asked for" in quick.reason


def _tiny(threshold: float | None) -> Model:
    """Two features; 'coupling' makes suggestion most probable and design second."""
    k = len(ANSWERS)
    row = [0] * k
    row[ANSWERS.index("suggestion")] = 3000
    row[ANSWERS.index("design")] = 2500
    big = [-900_000 + 1000 * i for i in range(k)]  # wide and negative: the lanes must hold
    return Model(
        ANSWERS,
        [0.0] * k,
        {"coupling": row, "zzz": big},
        scale=1000,
        design_threshold=threshold,
    )


def test_model_sums_its_weights_exactly() -> None:
    import math

    m = _tiny(None)
    pred = m.predict("zzz coupling", explain=0)
    scores = [
        (a + b) / (1000 * math.sqrt(2))
        for a, b in zip(m.weights["coupling"], m.weights["zzz"], strict=True)
    ]
    top = max(scores)
    exps = [math.exp(x - top) for x in scores]
    expected = {lab: e / sum(exps) for lab, e in zip(ANSWERS, exps, strict=True)}
    for lab in ANSWERS:
        assert abs(pred.probabilities[lab] - expected[lab]) < 1e-12


def test_design_threshold_makes_a_probable_design_remark_design() -> None:
    text = "coupling"
    plain, binary = _tiny(None).predict(text), _tiny(0.2).predict(text)
    assert plain.label == "suggestion"
    assert binary.label == "design"
    assert binary.probability == binary.probabilities["design"] >= 0.2
    assert binary.probabilities == plain.probabilities
    assert _tiny(0.9).predict(text).label == "suggestion"


def test_design_threshold_round_trips_and_is_checked() -> None:
    again = Model.from_dict(json.loads(json.dumps(_tiny(0.35).to_dict())))
    assert again.design_threshold == 0.35
    assert "design_threshold" not in _tiny(None).to_dict()
    with pytest.raises(InputError, match="threshold"):
        _tiny(1.5)


def test_heldout_split_meets_the_threshold() -> None:
    rows = _rows("heldout")
    assert len(rows) >= 250
    gold = [r["label"] for r in rows]
    pred = [classify(r["text"]).label for r in rows]
    f1s = []
    for lab in LABELS:
        tp = sum(g == p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(p == lab != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab != p for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    assert sum(f1s) / len(f1s) >= 0.6


def test_dataset_splits_are_disjoint_balanced_and_marked() -> None:
    train, heldout = _rows("train"), _rows("heldout")
    assert len(train) >= 900
    assert {r["split"] for r in train} == {"train"}
    assert {r["split"] for r in heldout} == {"heldout"}
    norm = {" ".join(r["text"].lower().split()) for r in train}
    assert not [r["id"] for r in heldout if " ".join(r["text"].lower().split()) in norm]
    for rows in (train, heldout):
        counts = {lab: sum(r["label"] == lab for r in rows) for lab in LABELS}
        assert min(counts.values()) >= 0.7 * max(counts.values()), counts
    assert {r["lang"] for r in train} >= {"en", "de", "es", "pt"}


def test_trainer_refuses_the_heldout_split(tmp_path: Path) -> None:
    import subprocess
    import sys

    sneaky = tmp_path / "more-training.jsonl"
    sneaky.write_text((DATA / "heldout.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    for path in (DATA / "heldout.jsonl", sneaky):
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "tools" / "train_review_classifier.py"),
                "--data",
                str(path),
                "--cv-only",
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode != 0
        assert "refusing" in done.stderr or "held-out record" in done.stderr


def test_classification_is_fast() -> None:
    texts = [r["text"] for r in _rows("heldout")]
    m = default_model()
    start = time.process_time()
    for t in texts * 4:
        classify(t, model=m, explain=False)  # as the lens runs it
    rate = 4 * len(texts) / (time.process_time() - start)
    # bench/bench_review_speed.py measures the real figure (≥ 10,000/s idle); this guards
    # against a collapse, with room for a shared machine under load.
    assert rate > 1500


# -- bad input ------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", "\n\t\n"])
def test_classify_rejects_an_empty_comment_clearly(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        classify(text)


def test_classify_reads_only_the_start_of_a_very_long_comment() -> None:
    big = "The retry loop has no upper bound, so this hangs forever when the API is down. " * 1300
    assert len(big) > 100_000
    start = time.process_time()
    c = classify(big)
    assert time.process_time() - start < 0.5
    assert c.label in LABELS
    assert features(big) == features(big[:MAX_CHARS])


def test_classify_handles_a_single_huge_word() -> None:
    c = classify("x" * 100_000)
    assert c.label in LABELS
    assert c.confidence <= 0.35
    assert "guess" in c.reason


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Das ist anfällig für SQL-Injection, bitte Parameter verwenden.", "security"),
        ("¿Podrías añadir un test para el caso de lista vacía?", "testing"),
        ("Falta documentar el nuevo parámetro en el README.", "docs"),
        ("Isso quebra quando o valor é nulo.", "correctness"),
    ],
)
def test_classify_reads_german_spanish_and_portuguese(text: str, label: str) -> None:
    assert classify(text).label == label


def test_classify_unknown_script_is_a_low_confidence_guess() -> None:
    c = classify("这个函数的名字不太清楚")
    assert c.label in LABELS
    assert c.confidence <= 0.35
    assert "guess" in c.reason


@pytest.mark.parametrize(
    ("text", "label"), [("👍", "praise"), ("🎉🎉", "praise"), (":+1:", "praise"), ("?", "question")]
)
def test_classify_emoji_only_and_punctuation(text: str, label: str) -> None:
    c = classify(text)
    assert c.label == label
    assert c.reason


def test_classify_markdown_with_code_and_suggestion_blocks() -> None:
    suggestion = "```suggestion\n    return [u.id for u in users if u.active]\n```"
    c = classify(suggestion)
    assert c.label == "suggestion"
    assert "suggestion block" in c.reason
    block = (
        "If `total` is 0 this divides by zero:\n\n```python\nratio = part / total\n```\n\n"
        "Guard the zero case."
    )
    assert classify(block).label == "correctness"
    said = "This crashes when `limit` is None: comparing an int with None raises TypeError."
    quoted = "> if count > limit:\n> (the author's words)\n" + said
    assert features(quoted) == [*features(said), "_quote"]  # quoted lines are not the reviewer's
    assert classify(quoted).label == "correctness"
    fence_only = "```\n" + "x = 1\n" * 50 + "```"
    assert classify(fence_only).label in LABELS


def test_classify_strips_html() -> None:
    c = classify("<p>Looks <b>great</b>, thanks!</p>")
    assert c.label == "praise"
    assert "'p'" not in c.reason and "'b'" not in c.reason
    script = classify("<script>alert(1)</script> this builds SQL from user input, injection risk")
    assert script.label == "security"


def test_classify_many_yields_errors_in_place() -> None:
    out = list(classify_many(["nit: x", "", "Why?"]))
    assert isinstance(out[0], Classification) and out[0].label == "nit"
    assert isinstance(out[1], InputError)
    assert isinstance(out[2], Classification) and out[2].label == "question"


def test_excerpt_is_one_short_line_of_prose() -> None:
    text = "Please add a test.\n\n```python\nassert f(0) == 1\n```\n" + "More words here. " * 20
    ex = excerpt(text)
    assert "\n" not in ex and "assert" not in ex
    assert len(ex) <= 90 and ex.endswith("…")


# -- the lens over a workspace ---------------------------------------------------------------
def _comment(
    ws: Workspace, when: str, body: str | None, n: int, *, person_id: int | None = None
) -> None:
    pid = person_id if person_id is not None else ws.profile().id  # type: ignore[union-attr]
    ws.store.insert(
        "activity",
        {
            "person_id": pid,
            "source": "github",
            "source_ref": f"https://github.com/acme/shop/pull/1#discussion_r{n}",
            "kind": "review-comment",
            "occurred_at": when,
            "title": "Review comment on acme/shop#1",
            "body": body,
            "url": f"https://github.com/acme/shop/pull/1#discussion_r{n}",
            "data": json.dumps({"repository": "acme/shop", "pull_request": 1}),
        },
    )


NITS = ["nit: trailing whitespace", "Typo: recieve", "nit: sort the imports", "nit: rename `tmp`"]
DESIGN = [
    "This couples the billing module to the HTTP layer; could it depend on an interface instead?",
    "What happens at 10x traffic? One query per item will not scale; can we batch it?",
    "issue (security): the token ends up in the access log",
    "Please add a regression test for the empty cart.",
]


def _seed(ws: Workspace) -> None:
    n = 0
    for month, (nits, designs) in {
        "2025-01": (4, 1),
        "2025-02": (3, 1),
        "2025-03": (2, 2),
        "2025-04": (1, 3),
        "2025-05": (1, 4),
        "2025-06": (0, 4),
    }.items():
        for i in range(nits):
            n += 1
            _comment(ws, f"{month}-{10 + i:02d}T09:00:00Z", NITS[i % len(NITS)], n)
        for i in range(designs):
            n += 1
            _comment(ws, f"{month}-{15 + i:02d}T10:00:00Z", DESIGN[i % len(DESIGN)], n)


def test_lens_counts_classes_per_month_and_sees_the_shift(ws: Workspace) -> None:
    _seed(ws)
    _comment(ws, "2025-03-20T10:00:00Z", "   ", 999)  # empty: left out, counted
    result = workspace_lens(ws)
    assert result.total == 26 and result.skipped == 1
    assert result.nit_level == 11
    assert result.design_level == 15
    assert [m.month for m in result.months] == [f"2025-0{i}" for i in range(1, 7)]
    assert result.months[0].counts["nit"] == 4
    t = result.trend
    assert t.direction == "towards-design"
    assert t.early_months == ("2025-01", "2025-02") and t.late_months == ("2025-05", "2025-06")
    assert t.late_design > t.early_design  # type: ignore[operator]
    assert t.slope is not None and t.slope > 0
    assert "shifting towards design" in t.sentence and "over 6 months" in t.sentence
    assert result.examples["nit"] and len(result.examples["nit"][0].excerpt) <= 90
    data = result.to_dict()
    json.dumps(data)
    assert data["design_level"]["classes"] == sorted(DESIGN_LEVEL)
    assert data["nit_level"]["classes"] == sorted(NIT_LEVEL)
    assert data["months"][0]["nit_level_share"] == round(4 / 5, 4)


def test_lens_filters_by_date_and_fills_empty_months(ws: Workspace) -> None:
    _comment(ws, "2025-01-05T09:00:00Z", "nit: typo", 1)
    _comment(ws, "2025-04-05T09:00:00Z", "Why is this needed?", 2)
    _comment(ws, "2025-06-30T23:59:59Z", "Please add a test for the error path.", 3)
    result = workspace_lens(ws, since="2025-02-01", until="2025-06-30")
    assert result.total == 2
    assert [m.month for m in result.months] == ["2025-04", "2025-05", "2025-06"]
    assert result.months[1].total == 0
    assert result.trend.direction == "not-enough-data"
    assert "too few" in result.trend.sentence


def test_lens_only_reads_the_owners_review_comments(ws: Workspace) -> None:
    other = ws.store.insert(
        "person",
        {"uid": "other", "name": "Bob", "is_self": 0, "created_at": "2025-01-01T00:00:00Z"},
    )
    _comment(ws, "2025-01-05T09:00:00Z", "nit: typo", 1)
    _comment(ws, "2025-01-06T09:00:00Z", "nit: typo", 2, person_id=other)
    ws.store.insert(
        "activity",
        {
            "person_id": ws.profile().id,
            "source": "git",
            "source_ref": "r@abc",
            "kind": "commit",  # type: ignore[union-attr]
            "occurred_at": "2025-01-07T09:00:00Z",
            "title": "nit: fix typo",
            "body": "nit: fix typo",
        },
    )
    assert lens(ws.store, ws.profile().id).total == 1  # type: ignore[union-attr]


def test_lens_with_no_comments_is_empty(ws: Workspace) -> None:
    result = workspace_lens(ws)
    assert result.total == 0 and result.months == []
    assert result.trend.direction == "not-enough-data"


def test_lens_needs_a_profile(bare_ws: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no profile"):
        workspace_lens(bare_ws)


def test_lens_rejects_bad_dates(ws: Workspace) -> None:
    with pytest.raises(InputError, match="after"):
        workspace_lens(ws, since="2025-06-01", until="2025-01-01")
    with pytest.raises(InputError, match="--since"):
        workspace_lens(ws, since="not a date at all")


def test_trend_is_steady_when_the_mix_does_not_move() -> None:
    from ladder.reviewlens.lens import Month

    months = []
    for i in range(1, 7):
        m = Month(f"2025-0{i}")
        m.counts["design"], m.counts["nit"], m.counts["praise"] = 2, 2, 1
        months.append(m)
    t = trend(months)
    assert t.direction == "steady"
    assert "steady" in t.sentence and "40%" in t.sentence


def test_lens_takes_the_last_representable_day_as_an_open_end(ws: Workspace) -> None:
    import datetime as dt

    _seed(ws)
    result = workspace_lens(ws, since=dt.date(2025, 1, 1), until=dt.date.max)
    assert result.total == 26  # every comment of _seed; no OverflowError at 9999-12-31


REVIEW_EVAL = Path(__file__).resolve().parent.parent / "data" / "review-eval"


def _eval_rows(name: str) -> list[dict[str, object]]:
    path = REVIEW_EVAL / name
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_real_review_set_is_labelled_with_known_answers_and_keeps_provenance() -> None:
    train, held = _eval_rows("apache-train.jsonl"), _eval_rows("mesos-heldout.jsonl")
    assert len(train) == 1083 and len(held) == 412
    assert {r["source"] for r in train} == {
        "comments-sample-1000-2",
        "discussions-sample-1000",
        "discussions-sample-1000-878cf50",
    }
    ids = [r["id"] for r in train + held]
    assert len(ids) == len(set(ids))
    for r in train + held:
        assert r["label"] in ANSWERS
        assert str(r["url"]).startswith("https://reviews.apache.org/r/")
        assert r["reviewer"] and r["text"]
    # The held-out project never appears in the training file.
    assert {r["project"] for r in held} == {"apache/mesos"}
    assert all(r["project"] != "apache/mesos" for r in train)
    assert sum(r["label"] == CANT_TELL for r in train) > 0


def test_github_review_set_keeps_provenance_and_only_apache_licensed_projects() -> None:
    rows = _eval_rows("github-train.jsonl")
    assert len(rows) == 109
    apache = {r["project"] for r in _eval_rows("apache-train.jsonl")}
    reserved = {"pallets/flask", "git/git", "prometheus/prometheus", "kubernetes/enhancements"}
    assert {r["project"] for r in rows} == {
        "huggingface/transformers",
        "streamlit/streamlit",
        "apache/superset",
        "keras-team/keras",
        "reflex-dev/reflex",
        "open-mmlab/mmcv",
        "psf/requests",
        "feast-dev/feast",
    }
    assert not {r["project"] for r in rows} & (apache | reserved | {"apache/mesos"})
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["label"] in ANSWERS and r["text"]
        assert r["licence"] == "Apache-2.0" and r["source"] == "crc-py-manual-2a5c5ec"
        owner_repo = str(r["project"])
        assert str(r["url"]).lower().startswith(f"https://github.com/{owner_repo}/pull/")
        assert str(r["url"]).endswith(f"#discussion_r{r['comment_id']}")
        # AI reviewers' comments were dropped (their badges and marks).
        assert not any(m in str(r["text"]) for m in ("codereviewagent", "spotted by", "shields.io"))
    assert sum(r["label"] == "design" for r in rows) == 17


def test_trainer_refuses_the_held_out_project(tmp_path: Path) -> None:
    import subprocess
    import sys

    leak = tmp_path / "extra.jsonl"
    leak.write_text(
        json.dumps({"project": "apache/mesos", "label": "nit", "text": "s/a/b/"}) + "\n",
        encoding="utf-8",
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, str(root / "tools" / "train_review_classifier.py"), "--data", str(leak)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "held-out" in done.stderr


def test_cant_tell_is_an_answer_and_not_counted_as_readable() -> None:
    c = classify("Ditto.")
    assert c.label in ANSWERS
    if c.label == CANT_TELL:
        assert not c.readable
        assert "does not say" in c.reason


def test_sed_and_kind_features() -> None:
    feats = features("s/recieve/receive/", "inline")
    assert "_sed" in feats and "_kind:inline" in feats
    assert "_arrow" in features("regionInfo -> regionInfos")
    assert not any(f.startswith("_kind") for f in features("nit: typo", "sideways"))


def test_wilson_band_holds_the_share_and_narrows_with_more_comments() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    from ladder.reviewlens.lens import wilson

    @given(st.integers(0, 500), st.integers(1, 500))
    def holds(part: int, whole: int) -> None:
        part = min(part, whole)
        low, high = wilson(part, whole)
        assert 0.0 <= low <= part / whole <= high <= 1.0

    holds()
    assert wilson(0, 0) == (0.0, 1.0)
    narrow, wide = wilson(50, 100), wilson(5, 10)
    assert narrow[1] - narrow[0] < wide[1] - wide[0]


def test_quarter_of() -> None:
    from ladder.reviewlens.lens import quarter_of

    assert [quarter_of(d) for d in ("2025-01-01", "2025-03-31", "2025-04-01", "2025-12-31")] == [
        "2025-Q1",
        "2025-Q1",
        "2025-Q2",
        "2025-Q4",
    ]
