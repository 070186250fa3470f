"""``ladder classify review`` and ``ladder reviews`` through the real command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from helpers import CLOCK
from ladder.workspace import Workspace


@pytest.fixture(autouse=True, scope="module")
def _registered() -> Iterator[None]:
    """Make sure the commands are on the app (``ladder/cli/app.py`` registers them).

    If the app does not have them yet, add them for this module and take them away afterwards,
    so that other test modules see the app exactly as it is.
    """
    from ladder.cli import app as app_mod
    from ladder.cli import reviews

    app = app_mod.app
    if any(c.name == "reviews" for c in app.registered_commands):
        yield
        return
    group = next((g for g in app.registered_groups if g.name == "classify"), None)
    added_group = group is None
    classify_app = (
        typer.Typer(help="Classify text.", no_args_is_help=True)
        if group is None
        else group.typer_instance
    )
    assert classify_app is not None
    before_cmds, before_groups = list(app.registered_commands), list(app.registered_groups)
    before_classify = list(classify_app.registered_commands)
    if added_group:
        app.add_typer(classify_app, name="classify")
    reviews.register(app, classify_app)
    yield
    app.registered_commands[:] = before_cmds
    app.registered_groups[:] = before_groups
    classify_app.registered_commands[:] = before_classify


def _lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# -- ladder classify review -------------------------------------------------------------------
def test_classify_review_text_prints_one_json_line(cli) -> None:  # type: ignore[no-untyped-def]
    done = cli("classify", "review", "nit: trailing whitespace")
    assert done.exit_code == 0, done.stderr
    (line,) = _lines(done.stdout)
    assert line == {
        "input": 1,
        "label": "nit",
        "confidence": 0.97,
        "reason": "starts with the label 'nit'",
    }


def test_classify_review_model_reason_names_words(cli) -> None:  # type: ignore[no-untyped-def]
    done = cli("classify", "review", "Can you add a test for the empty list?")
    (line,) = _lines(done.stdout)
    assert line["label"] == "testing"
    assert str(line["reason"]).startswith("model: ") and "'test" in str(line["reason"])
    assert 0 < float(line["confidence"]) <= 1  # type: ignore[arg-type]


def test_classify_review_reads_stdin_one_comment_per_line(cli) -> None:  # type: ignore[no-untyped-def]
    stdin = (
        "issue (blocking, security): the token is logged\n"
        "\n"
        "Why is this needed?\n"
        "👍\n"
        "Das ist anfällig für SQL-Injection, bitte Parameter verwenden.\n"
        "<p>Please update the <b>README</b></p>\n"
    )
    done = cli("classify", "review", "-", input=stdin)
    assert done.exit_code == 0, done.stderr
    lines = _lines(done.stdout)
    assert [x["input"] for x in lines] == [1, 3, 4, 5, 6]  # line numbers; the blank line skipped
    assert [x["label"] for x in lines] == ["security", "question", "praise", "security", "docs"]
    assert all(set(x) == {"input", "label", "confidence", "reason"} for x in lines)


def test_classify_review_jsonl_carries_multi_line_comments(cli) -> None:  # type: ignore[no-untyped-def]
    comment = "```suggestion\n    return sorted(set(tags))\n```"
    stdin = json.dumps(comment) + "\n" + json.dumps({"text": "LGTM, great work!"}) + "\n"
    done = cli("classify", "review", "-", "--jsonl", input=stdin)
    assert done.exit_code == 0, done.stderr
    assert [x["label"] for x in _lines(done.stdout)] == ["suggestion", "praise"]


def test_classify_review_jsonl_reports_bad_lines_and_keeps_the_good(cli) -> None:  # type: ignore[no-untyped-def]
    stdin = '"nit: x"\nnot json\n{"text": ""}\n'
    done = cli("classify", "review", "-", "--jsonl", input=stdin)
    assert done.exit_code == 1
    lines = _lines(done.stdout)
    assert lines[0]["label"] == "nit"
    assert "error" in lines[1] and "not JSON" in str(lines[1]["error"])
    assert "empty" in str(lines[2]["error"])
    assert "2 of 3" in done.stderr


@pytest.mark.parametrize("text", ["", "   "])
def test_classify_review_empty_text_is_a_clear_error(cli, text: str) -> None:  # type: ignore[no-untyped-def]
    done = cli("classify", "review", text)
    assert done.exit_code == 1
    assert "error:" in done.stderr and "empty" in done.stderr
    assert "Traceback" not in done.stderr


def test_classify_review_empty_stdin_is_a_clear_error(cli) -> None:  # type: ignore[no-untyped-def]
    done = cli("classify", "review", "-", input="\n\n")
    assert done.exit_code == 1
    assert "no review comments on standard input" in done.stderr


def test_classify_review_handles_long_emoji_and_code_input(cli) -> None:  # type: ignore[no-untyped-def]
    long = "This hangs forever when the API is down: the retry loop has no upper bound. " * 1400
    stdin = "\n".join([long, "🎉🎉🎉", "这个函数的名字不太清楚", "`x = 1`"]) + "\n"
    done = cli("classify", "review", "-", input=stdin)
    assert done.exit_code == 0, done.stderr
    lines = _lines(done.stdout)
    assert len(lines) == 4
    assert lines[1]["label"] == "praise"
    assert float(lines[2]["confidence"]) <= 0.35  # type: ignore[arg-type]


def test_classify_review_needs_no_workspace(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert cli("classify", "review", "Why?").exit_code == 0
    assert not (home / "ladder.db").exists()


# -- ladder reviews ---------------------------------------------------------------------------
def _workspace_with_comments(home: Path, comments: list[tuple[str, str]]) -> None:
    from ladder.person import ProfileInput

    with Workspace.open(home, env={}, clock=CLOCK) as ws:
        me = ws.init_profile(ProfileInput(name="Ada", handles=["github:ada"]))
        for n, (when, body) in enumerate(comments, 1):
            ws.store.insert(
                "activity",
                {
                    "person_id": me.id,
                    "source": "github",
                    "source_ref": f"acme/shop#c{n}",
                    "kind": "review-comment",
                    "occurred_at": when,
                    "title": "Review comment on acme/shop#7",
                    "body": body,
                    "url": f"https://github.com/acme/shop/pull/7#discussion_r{n}",
                    "data": json.dumps({"repository": "acme/shop"}),
                },
            )


COMMENTS = [
    ("2025-01-03T10:00:00Z", "nit: trailing whitespace"),
    ("2025-01-04T10:00:00Z", "nit: sort the imports"),
    ("2025-01-05T10:00:00Z", "Typo: recieve"),
    ("2025-01-06T10:00:00Z", "nit: rename `tmp`"),
    ("2025-02-03T10:00:00Z", "nit: double blank line"),
    ("2025-02-04T10:00:00Z", "Why is this needed?"),
    ("2025-03-03T10:00:00Z", "What happens at 10x traffic? One query per item will not scale."),
    (
        "2025-03-04T10:00:00Z",
        "This couples billing to the HTTP layer; depend on an interface instead?",
    ),
    ("2025-04-03T10:00:00Z", "issue (security): the token ends up in the access log"),
    ("2025-04-04T10:00:00Z", "Please add a regression test for the empty cart."),
    ("2025-04-05T10:00:00Z", "If `total` is 0 this divides by zero and the job crashes."),
    ("2025-04-06T10:00:00Z", "LGTM, great work! 🎉"),
]


def test_reviews_json_has_counts_months_trend_and_examples(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    _workspace_with_comments(home, COMMENTS)
    done = cli("reviews", "--json")
    assert done.exit_code == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["total"] == 12
    assert data["counts"]["nit"] == 5
    assert [m["month"] for m in data["months"]] == ["2025-01", "2025-02", "2025-03", "2025-04"]
    assert data["months"][0]["nit_level_share"] == 1.0
    assert data["trend"]["direction"] == "towards-design"
    assert "shifting towards design" in data["trend"]["sentence"]
    assert data["examples"]["nit"][0]["url"].startswith("https://github.com/acme/shop/pull/7")
    assert "hint" not in data


def test_reviews_prints_tables_and_the_trend(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    _workspace_with_comments(home, COMMENTS)
    done = cli("reviews")
    assert done.exit_code == 0, done.stderr
    out = done.stdout
    assert "12 review comments read, 2025-01 → 2025-04" in out
    assert "Your review is shifting towards design" in out
    assert "By class" in out and "By month" in out
    assert "2025-03" in out and "█" in out
    assert "“nit: double blank line”" in out  # the latest confident example of a class
    assert "“If `total` is 0 this divides by zero" in out  # inline code kept in excerpts


def test_reviews_since_until_filters(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    _workspace_with_comments(home, COMMENTS)
    data = json.loads(
        cli("reviews", "--since", "2025-03-01", "--until", "2025-03-31", "--json").stdout
    )
    assert data["total"] == 2 and data["since"] == "2025-03-01" and data["until"] == "2025-03-31"
    empty = cli("reviews", "--since", "2024-01-01", "--until", "2024-02-01")
    assert empty.exit_code == 0
    assert "No review comments from 2024-01-01 to 2024-02-01 (12 in all)" in empty.stdout


def test_reviews_without_comments_says_how_to_get_some(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    _workspace_with_comments(home, [])
    done = cli("reviews")
    assert done.exit_code == 0
    assert "No review comments in this workspace yet" in done.stdout
    assert "ladder harvest github" in done.stdout
    data = json.loads(cli("reviews", "--json").stdout)
    assert data["total"] == 0 and "ladder harvest github" in data["hint"]


def test_reviews_bad_dates_and_no_profile_are_clear_errors(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    fresh = cli("reviews")
    assert fresh.exit_code == 1 and "no profile" in fresh.stderr
    _workspace_with_comments(home, COMMENTS)
    bad = cli("reviews", "--since", "someday soonish")
    assert bad.exit_code == 1 and "--since" in bad.stderr
    backwards = cli("reviews", "--since", "2025-04-01", "--until", "2025-01-01")
    assert backwards.exit_code == 1 and "after" in backwards.stderr


def test_commands_have_help_with_an_example(cli) -> None:  # type: ignore[no-untyped-def]
    for args in (("reviews", "--help"), ("classify", "review", "--help")):
        done = cli(*args)
        assert done.exit_code == 0
        assert "Example" in done.stdout


def test_reviews_shows_quarters_with_bands_and_three_examples_of_each_kind(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    _workspace_with_comments(home, COMMENTS)
    data = json.loads(cli("reviews", "--json").stdout)
    quarters = {q["quarter"]: q for q in data["quarters"]}
    assert list(quarters) == ["2025-Q1", "2025-Q2"]
    q1, q2 = quarters["2025-Q1"], quarters["2025-Q2"]
    assert q1["read"] + q1["unreadable"] == 8 and q2["read"] + q2["unreadable"] == 4
    # Shares are over the comments read, and every band holds its share.
    for q in (q1, q2):
        for key in ("design_level_share", "nit_level_share"):
            band = q[key]
            assert 0.0 <= band["low"] <= band["share"] <= band["high"] <= 1.0
        assert q["too_few"]  # fewer than 10 comments read in each quarter
    assert q1["nit_level"] == 5 and q1["nit_level_share"]["share"] == round(5 / q1["read"], 4)
    assert q2["design_level"] >= 3
    assert len(data["kind_examples"]["nit-level"]) == 3
    assert len(data["kind_examples"]["design-level"]) == 3
    # The person's own words, newest first.
    dates = [e["date"] for e in data["kind_examples"]["design-level"]]
    assert dates == sorted(dates, reverse=True)
    out = cli("reviews", env={"COLUMNS": "80"}).stdout
    assert "By quarter" in out and "too few" in out
    assert "Your design-level comments" in out and "Your nit-level comments" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_reviews_leaves_cant_tell_comments_out_of_the_shares(cli, home: Path) -> None:  # type: ignore[no-untyped-def]
    from ladder.reviewlens import classify

    vague = ["Ditto.", "See above.", "Same here.", "ditto"]
    cant = [t for t in vague if not classify(t).readable]
    assert cant, "the shipped model should not read a bare 'Ditto.'"
    _workspace_with_comments(
        home, [*COMMENTS, *((f"2025-04-2{n}T10:00:00Z", t) for n, t in enumerate(vague))]
    )
    data = json.loads(cli("reviews", "--json").stdout)
    assert data["unreadable"] >= len(cant)
    assert data["total"] + data["unreadable"] == len(COMMENTS) + len(vague)
    assert sum(data["counts"].values()) == data["total"]
    assert "can't tell" in cli("reviews").stdout
