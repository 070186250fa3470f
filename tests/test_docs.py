"""Docs that stay true: every command has help with an example and a section in docs/cli.md."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from ladder.cli.app import app

ROOT = Path(__file__).resolve().parents[1]


def _commands(group=None, prefix=()):  # type: ignore[no-untyped-def]
    from ladder.cli.harvest import register_sources

    register_sources()  # `ladder harvest SOURCE` commands come from the sources' entry points
    group = group or typer.main.get_command(app)
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            if getattr(command, "invoke_without_command", False):
                yield (*prefix, name), command  # a group that also runs on its own
            yield from _commands(command, (*prefix, name))
        else:
            yield (*prefix, name), command


def _every_command(command=None, path=()):  # type: ignore[no-untyped-def]
    """Every command, the groups (`ladder`, `ladder harvest`, `ladder 1on1`…) included."""
    from ladder.cli.harvest import register_sources

    register_sources()
    command = command or typer.main.get_command(app)
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _every_command(sub, (*path, name))


def test_every_command_has_help_with_an_example() -> None:
    missing = []
    for path, command in _every_command():
        example = re.search(r"Examples?: (?:\[bold\])?([^\n]*)", command.help or "")
        if not (example and "ladder " in example.group(1)):
            missing.append(" ".join(("ladder", *path)))
    assert missing == [], "these --help texts have no 'Example: ladder …'"
    assert len(list(_every_command())) > 60


def test_every_help_shows_its_example_at_80_columns(cli) -> None:  # type: ignore[no-untyped-def]
    for path, _ in _every_command():
        done = cli(*path, "--help", env={"COLUMNS": "80"})
        assert done.exit_code == 0, (path, done.stderr)
        assert "Example:" in done.stdout, path
        example = done.stdout.split("Example:", 1)[1].split("\n \n", 1)[0]
        assert "ladder " in example, (path, example)
        assert max(len(line) for line in done.stdout.splitlines()) <= 80, path


def test_every_command_is_documented_in_cli_md() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text()
    headings = set(re.findall(r"^### ladder (.+)$", doc, flags=re.M))
    commands = {" ".join(path) for path, _ in _commands()}
    assert commands - headings == set(), "commands missing from docs/cli.md"
    assert headings - commands == set(), "docs/cli.md documents commands that do not exist"


def test_every_option_is_mentioned_in_cli_md() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text()
    for path, command in _commands():
        section = doc.split(f"### ladder {' '.join(path)}\n", 1)[1].split("\n### ", 1)[0]
        for param in command.params:
            longs = [o for o in getattr(param, "opts", []) if o.startswith("--")]
            if longs and longs[0] != "--help":
                assert longs[0] in section, (
                    f"{longs[0]} of `ladder {' '.join(path)}` is not in docs/cli.md"
                )


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    install, test = blocks[0].strip(), blocks[1].strip()
    assert "ladder quickstart" in install
    assert test in (ROOT / ".ci" / "run").read_text()


def test_help_paragraphs_are_wrapped_by_the_terminal_not_the_docstring(cli) -> None:  # type: ignore[no-untyped-def]
    # The docstring breaks this paragraph after "the expectations of your"; the help must not.
    result = cli("assess", "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "it goes through the expectations of your target level, one by one" in result.stdout
    narrow = cli("assess", "--help", env={"COLUMNS": "60"})
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 60
