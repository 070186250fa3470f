"""What reaches the screen: Markdown wrapped without changing what it says, and Rich output
that carries no escape sequence of the text it shows (typed, harvested) on a terminal, honours
NO_COLOR, and gives a pipe plain lines without the spaces Rich pads them with."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from helpers import CLOCK
from ladder.layout import _MD_RISKY, rich_console, wrap_markdown
from ladder.person import ProfileInput
from ladder.workspace import Workspace

_MD = MarkdownIt("commonmark").enable("table")


def _html(text: str) -> str:
    return " ".join(_MD.render(text).split())


# -- Markdown, wrapped --------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "cache", "review", "p99", "latency", "src/ladder/cli/layout.py", "`ladder map`",
        "**Impact:**", "*quiet*", "[#12](https://example.com/pr/12)", "—", "·", "11.", "3)",
        "#2438", "#", "-", "+", "*", ">", "=", "---", "___", "1.", "\\[1885\\]",
    ]
)  # fmt: skip
_PARAGRAPH = st.lists(_WORDS, min_size=1, max_size=40).map(" ".join)
_BLOCK = st.one_of(
    _PARAGRAPH,
    _PARAGRAPH.map(lambda p: "- " + p),
    _PARAGRAPH.map(lambda p: "12. " + p),
    _PARAGRAPH.map(lambda p: "> " + p),
    st.tuples(_PARAGRAPH, _PARAGRAPH).map(lambda t: f"- {t[0]}\n  — {t[1]}"),
    _PARAGRAPH.map(lambda p: "## " + p),
    _PARAGRAPH.map(lambda p: f"| a | {p} |\n|---|---|\n| x | {p} |"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_BLOCK, min_size=1, max_size=6), st.integers(min_value=40, max_value=100))
def test_wrapped_markdown_says_the_same_and_fits(blocks: list[str], room: int) -> None:
    text = "\n\n".join(blocks) + "\n"
    wrapped = wrap_markdown(text, room)
    assert _html(wrapped) == _html(text)
    for line in wrapped.splitlines():
        if len(line) > room and not line.startswith(("#", "|")):  # headings, rows stay whole
            # else it is one word (never cut), with the words tied to it that may not start
            # a line
            words = line.split()
            if words[0] in ("-", "12.", ">", "—"):
                words = words[1:]
            if _MD_RISKY.match(words[0]):
                continue  # a heading or a list inside a list item: left whole
            assert all(_MD_RISKY.match(w) for w in words[1:]), line


def test_a_word_that_would_start_a_list_or_heading_comes_down_with_the_one_before() -> None:
    text = "- Refactor the readiness computation for clearer configuration handling, step 11.\n"
    assert wrap_markdown(text, 80) == (
        "- Refactor the readiness computation for clearer configuration handling,\n  step 11.\n"
    )
    assert wrap_markdown("Fix the iterator for the issue that is #2438 here", 40) == (
        "Fix the iterator for the issue that is\n#2438 here"
    )


def test_code_tables_headings_and_hard_breaks_are_left_alone() -> None:
    long = " ".join(["word"] * 30)
    text = f"```\n{long}\n```\n\n# {long}\n\n| {long} |\n|---|\n\nfirst {long}  \nsecond\n"
    wrapped = wrap_markdown(text, 40)
    assert f"```\n{long}\n```" in wrapped and f"# {long}" in wrapped and f"| {long} |" in wrapped
    assert wrapped.split("\n")[-3].endswith("word  ")  # the hard break stays at the end
    assert _html(wrapped) == _html(text)


# -- Rich output ----------------------------------------------------------------------------------


def _printed(*, terminal: bool, text: str) -> str:
    from rich.text import Text

    from ladder.layout import hanging

    out = io.StringIO()
    console = rich_console(file=out, force_terminal=terminal, width=40, highlight=False)
    console.print(f"[bold]#1[/bold] {text}")
    console.print(hanging(Text("Impact: ", style="green"), text + " and more words to wrap"))
    return out.getvalue()


def test_escape_sequences_in_text_never_reach_a_terminal_and_ladders_colours_do() -> None:
    typed = "Led the \x1b[31mred\x1b[0m review \x1b]0;title\x07\x1b[2J"
    shown = _printed(terminal=True, text=typed)
    assert "\x1b[31m" not in shown and "\x1b]0;" not in shown and "\x1b[2J" not in shown
    assert "\x1b[1m#1" in shown and "\x1b[32mImpact" in shown  # ladder's own styles stay
    assert "Led the red review" in shown


def test_a_pipe_gets_plain_lines_without_padding() -> None:
    shown = _printed(terminal=False, text="Cut p99 latency by 40% for the checkout service")
    assert "\x1b" not in shown
    assert all(line == line.rstrip() for line in shown.splitlines())
    lines = shown.splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("Impact: Cut p99"))
    assert lines[at + 1].startswith("        ")  # continuation under its text


# -- the real command on a terminal ---------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    with Workspace.open(home, env={}, clock=CLOCK) as ws:
        ws.init_profile(ProfileInput("Ada", emails=["ada@example.com"]))
        ws.log(
            "Led the \x1b[31mred\x1b[0m cache review @design",
            impact="Cut p99 latency by 40% for the checkout service, a long impact statement "
            "that wraps at eighty columns",
        )
    return home


def _terminal(args: list[str], env: dict[str, str]) -> str:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ladder", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    chunks: list[bytes] = []
    try:
        while select.select([leader], [], [], 60)[0]:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(leader)
        proc.wait(timeout=60)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "NO_COLOR"])
def test_show_on_a_terminal_and_in_a_pipe(home: Path, no_color: bool) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LADDER_")}
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(name, None)
    env.update(LADDER_HOME=str(home), TERM="xterm-256color", COLUMNS="80")
    if no_color:
        env["NO_COLOR"] = "1"
    shown = _terminal(["show", "1"], env)
    assert "Led the red cache review" in shown
    assert "\x1b[31m" not in shown  # the typed red never reaches the screen
    colours = ("\x1b[32m", "\x1b[35m")  # Impact:, Weight:
    assert all(c not in shown for c in colours) if no_color else all(c in shown for c in colours)
    piped = subprocess.run(
        [sys.executable, "-m", "ladder", "show", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert piped.returncode == 0, piped.stderr
    assert "\x1b" not in piped.stdout
    assert all(line == line.rstrip() for line in piped.stdout.splitlines())
    assert max(len(line) for line in piped.stdout.splitlines()) <= 80
