"""Shell completion: `ladder --install-completion` installs it, and the shells get answers.

Bash is driven for real (the installed script, sourced into a bash that completes a command
line); zsh and fish, when not installed here, are asked the way their scripts ask.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LADDER_", "_LADDER", "COMP_"))}
    env.update(
        HOME=str(tmp_path / "user"),
        LADDER_HOME=str(tmp_path / "ladder-home"),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
    )
    env.pop("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", None)
    return {**env, **extra}


def _ask(tmp_path: Path, **request: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ladder"],
        env=_env(tmp_path, **request),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_install_completion_in_bash_completes_commands_and_harvest_sources(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path)
    (tmp_path / "user").mkdir()
    # `; true` keeps bash alive as ladder's parent, so the shell it detects is bash
    installed = subprocess.run(
        ["bash", "-c", "ladder --install-completion; true"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert installed.returncode == 0, installed.stderr
    assert "bash completion installed" in installed.stdout
    script = tmp_path / "user" / ".bash_completions" / "ladder.sh"
    assert script.is_file()
    assert str(script) in (tmp_path / "user" / ".bashrc").read_text()

    def complete(line: str) -> list[str]:
        words = line.split(" ")
        program = (
            f"source {script}\n"
            f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
            "_ladder_completion ladder\n"
            'printf "%s\\n" "${COMPREPLY[@]}"\n'
        )
        done = subprocess.run(
            ["bash", "-c", program], env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert complete("ladder harv") == ["harvest"]
    assert {"git", "github", "jira", "calendar", "docs"} <= set(complete("ladder harvest "))
    assert "--search" in complete("ladder entries --se")
    assert complete("ladder goals pl") == ["plan"]


def test_zsh_and_fish_get_completions(tmp_path: Path) -> None:
    zsh = _ask(tmp_path, _LADDER_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="ladder 1on1 ac")
    assert '"actions"' in zsh
    fish = _ask(
        tmp_path,
        _LADDER_COMPLETE="complete_fish",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
        _TYPER_COMPLETE_ARGS="ladder harvest gi",
    )
    assert [line.split("\t")[0] for line in fish.splitlines()] == ["git", "github"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_each_shells_script(tmp_path: Path, shell: str) -> None:
    # Typer's switch for naming the shell instead of detecting it
    done = subprocess.run(
        [sys.executable, "-m", "ladder", "--show-completion", shell],
        env=_env(tmp_path, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert f"_LADDER_COMPLETE=complete_{shell}" in done.stdout
