"""`ladder init` and `ladder quickstart` as a person runs them, in real git repositories."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import git, run_ladder


def _repo(tmp_path: Path, commits: int = 3) -> Path:
    repo = tmp_path / "service"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Ada Lovelace")
    git(repo, "config", "user.email", "ada@example.com")
    for i in range(commits):
        (repo / f"f{i}.txt").write_text(str(i))
        git(repo, "add", ".")
        git(repo, "commit", "-q", "-m", f"change {i}")
    return repo


def test_quickstart_in_a_git_repository_creates_the_workspace(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    env = {"LADDER_HOME": str(tmp_path / "home"), "COLUMNS": "160"}
    done = run_ladder("quickstart", env=env, cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "Ada Lovelace" in done.stdout and "ada@example.com" in done.stdout
    assert "mid → senior" in done.stdout
    assert "has 3 commits by you" in done.stdout
    assert (
        "harvest git: 1 added, 0 updated" in done.stdout
    )  # 3 commits, one day, one part of the tree
    assert "system-design" in done.stdout and "no evidence yet" in done.stdout
    assert (tmp_path / "home" / "ladder.db").exists()
    # Safe to run again; it now reports the log.
    assert (
        run_ladder("log", "Led the retry design @design", "-a", "system-design", env=env).returncode
        == 0
    )
    again = run_ladder("quickstart", "--json", env=env, cwd=repo)
    data = json.loads(again.stdout)
    assert data["created_profile"] is False
    assert data["entries"] == 2  # the harvested day of commits, and the logged entry
    assert data["by_area"]["system-design"] >= 1
    assert data["harvest"][0] == "git: nothing new"  # only what is new is read
    assert data["commits_by_you"] == 3 and data["expectations_at_target"]["mentorship"] >= 4


def test_quickstart_outside_a_git_repository_explains_what_to_do(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    done = run_ladder(
        "quickstart",
        env={"LADDER_HOME": str(tmp_path / "home"), "GIT_CEILING_DIRECTORIES": str(tmp_path)},
        cwd=plain,
    )
    assert done.returncode == 1
    assert "inside a git repository" in done.stderr and "ladder init" in done.stderr


def test_quickstart_without_git_identity_says_so(tmp_path: Path) -> None:
    repo = tmp_path / "anon"
    repo.mkdir()
    git(repo, "init", "-q")
    env = {
        "LADDER_HOME": str(tmp_path / "home"),
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
    }
    done = run_ladder("quickstart", env=env, cwd=repo)
    assert done.returncode == 1 and "no user.name or user.email" in done.stderr
    assert "ladder quickstart --name" in done.stderr and "authors here" not in done.stderr
    assert not (tmp_path / "home" / "ladder.db").exists() or "You:" not in done.stdout


def test_quickstart_without_git_identity_names_the_authors_and_takes_flags(tmp_path: Path) -> None:
    """Without a git identity the hint lists who wrote the repository's commits; --name and
    --email then set the profile up and harvest that person's commits."""
    repo = tmp_path / "anon"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for i in range(2):  # helpers.git commits as Ada Lovelace <ada@example.com>
        (repo / f"f{i}.txt").write_text(str(i))
        git(repo, "add", ".")
        git(repo, "commit", "-q", "-m", f"change {i}")
    git(repo, "commit", "-q", "--allow-empty", "--author", "Bob <bob@example.com>", "-m", "bob's")
    env = {
        "LADDER_HOME": str(tmp_path / "home"),
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "xdg"),
        "COLUMNS": "160",
    }
    refused = run_ladder("quickstart", env=env, cwd=repo)
    assert refused.returncode == 1
    assert "authors here: Ada Lovelace <ada@example.com>; Bob <bob@example.com>" in refused.stderr
    done = run_ladder("quickstart", "--name", "Ada Lovelace", "--email", "ada@example.com", env=env, cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "You: Ada Lovelace <ada@example.com>" in done.stdout
    assert "has 2 commits by you" in done.stdout


def test_init_non_interactive_with_flags(cli) -> None:  # type: ignore[no-untyped-def]
    done = cli(
        "init",
        "--name",
        "Ada",
        "--email",
        "ada@example.com",
        "--email",
        "ada@work.example",
        "--handle",
        "github:ada",
        "--level",
        "mid",
        "--target",
        "senior",
        "--json",
    )
    assert done.exit_code == 0, done.stderr
    me = json.loads(done.stdout)
    assert me["emails"] == ["ada@example.com", "ada@work.example"] and me["handles"] == [
        "github:ada"
    ]
    assert (me["level"], me["target_level"]) == ("mid", "senior")
    # Running again changes only what is given.
    again = json.loads(cli("init", "--target", "staff", "--json").stdout)
    assert (
        again["name"] == "Ada"
        and again["emails"] == me["emails"]
        and again["target_level"] == "staff"
    )


def test_init_without_levels_says_how_to_set_them(cli) -> None:  # type: ignore[no-untyped-def]
    done = cli("init", "--name", "Ada", "--email", "ada@example.com")
    assert done.exit_code == 0, done.stderr
    assert "Profile saved: Ada · ? → ?" in done.stdout
    assert "ladder init --level mid --target senior (levels: junior, mid, senior" in done.stdout
    # only the flag that is missing, with the level after the current one
    done = cli("init", "--level", "senior")
    assert "ladder init --target staff (levels:" in done.stdout
    # along the level's own track, and nothing past its top or below the bottom
    assert "Set your levels" not in cli("init", "--level", "principal").stdout  # the top
    done = cli("init", "--name", "B", "--level", "staff", "--target", "principal")
    assert "Set your levels" not in done.stdout
    done = cli("init", "--level", "mid", "--target", "senior")
    assert done.stdout == "Profile saved: B · mid → senior\nRecognised as: ada@example.com\n"


def test_init_with_only_a_target_is_told_the_level_before_it(cli) -> None:  # type: ignore[no-untyped-def]
    done = cli("init", "--name", "C", "--target", "staff")
    assert "ladder init --level senior (levels:" in done.stdout.replace("\n", " ")
    done = cli("init", "--target", "junior")  # nothing below the first level
    assert "Set your levels" not in done.stdout


def test_init_hint_names_the_levels_of_the_ladder_in_use(cli) -> None:  # type: ignore[no-untyped-def]
    acme = Path(__file__).parent / "fixtures" / "ladders" / "acme-platform.yaml"
    assert cli("framework", "use", str(acme)).exit_code == 0
    done = cli("init", "--name", "Ann", "--email", "a@x.org")
    line = done.stdout.replace("\n", " ")
    assert "ladder init --level p2 --target p3 (levels: p1, p2, p3)" in line, done.stdout
    assert cli("init", "--level", "p2", "--target", "p3").exit_code == 0


def test_init_without_name_and_without_terminal_is_an_error(cli) -> None:  # type: ignore[no-untyped-def]
    done = cli("init")
    assert done.exit_code == 1 and "--name is required" in done.stderr


def test_init_bad_level_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    done = cli("init", "--name", "Ada", "--level", "distinguished")
    assert (
        done.exit_code == 1
        and "unknown level 'distinguished'" in done.stderr
        and "junior, mid, senior, staff" in done.stderr
    )


def test_init_email_adds_to_the_emails_you_have(cli) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--name", "Ada", "--email", "ada@example.com", "--handle", "github:ada")
    done = cli("init", "--email", "Ada@Work.example", "--email", "ADA@example.com", "--json")
    assert done.exit_code == 0, done.stderr
    me = json.loads(done.stdout)
    # Added, not replaced; one already there (in any case) is kept once.
    assert me["emails"] == ["ada@example.com", "ada@work.example"]
    assert me["handles"] == ["github:ada"]
    # before any git harvest there is nothing to read again
    assert "Harvest again" not in cli("init", "--handle", "github:lovelace").stdout


def test_init_says_a_git_harvest_reads_a_new_identity_again(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """After a git harvest, adding what it looks for (an email, a GitHub login, another name)
    is read by the next one, and `init` says so; a Jira handle or a login already there in
    another case changes nothing git reads, and it says nothing."""
    repo = _repo(tmp_path)
    cli("init", "--name", "Ada Lovelace", "--email", "ada@example.com", "--handle", "github:ada")
    assert cli("harvest", "git", str(repo)).exit_code == 0
    hint = "Harvest again to read what the new identity wrote: ladder harvest git PATH"
    assert hint in cli("init", "--email", "ada@work.example").stdout
    assert hint in cli("init", "--handle", "github:lovelace").stdout
    assert hint not in cli("init", "--handle", "jira:ada").stdout
    assert hint not in cli("init", "--handle", "github:ADA").stdout
    assert hint not in cli("init", "--email", "ADA@example.com").stdout


def test_init_removes_an_email_or_handle_only_when_asked(cli) -> None:  # type: ignore[no-untyped-def]
    cli("init", "--name", "Ada", "--email", "ada@example.com", "--email", "ada@old.example")
    cli("init", "--handle", "github:ada", "--handle", "jira:ada")
    done = cli(
        "init",
        "--remove-email",
        "ADA@old.example",
        "--email",
        "ada@new.example",
        "--remove-handle",
        "@jira:ada",
        "--json",
    )
    assert done.exit_code == 0, done.stderr
    me = json.loads(done.stdout)
    assert me["emails"] == ["ada@example.com", "ada@new.example"]
    assert me["handles"] == ["github:ada"]
    missing = cli("init", "--remove-email", "bob@example.com")
    assert missing.exit_code == 1
    assert "'bob@example.com'" in missing.stderr and "ada@example.com" in missing.stderr
    unchanged = json.loads(cli("init", "--json").stdout)
    assert unchanged["emails"] == me["emails"]
