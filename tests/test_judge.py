"""Judgement before mapping: who did the work (role), how much it weighs (substance)."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ladder import framework
from ladder.evidence import Filter
from ladder.mapping import MapItem, Mapper
from ladder.mapping.judge import assess, change_shape, commit_role, grade, measured, own_subjects
from ladder.mapping.text import clean, drop_credits, drop_listed_types, gitmoji
from ladder.workspace import Workspace
from test_source_git import BOB, Repo, git_entries

ADA_MAIL = "ada@example.com"
DEPENDABOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")


@pytest.fixture(scope="module")
def mapper() -> Mapper:
    return Mapper(framework.parse(framework.default_source()[1]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fix typo in the README", "routine"),
        ("0.1.6", "routine"),
        ("Release 4.2.1", "routine"),
        # a release's documents brought up to it; not docs for another product's version, nor
        # for a release process
        ("Update jq documentation for jq 1.8.0 release", "routine"),
        ("Update docs for the 2.1 release", "ordinary"),  # docs written for it: work
        ("Update docs for Django 5.0 release", "ordinary"),
        ("Update the docs for Python 3.12", "ordinary"),
        ("Update docs for the 2.1 release process", "ordinary"),
        ("Update manual for 1.7 regex syntax", "ordinary"),
        # the changelog and the people a release thanks; not a product's news or credits pages
        ("Update NEWS.md and AUTHORS for 1.8.2", "routine"),
        ("Update news and authors pages on the website", "ordinary"),
        ("Update history and credits screens", "ordinary"),
        ("deps: debug@~2.1.1", "routine"),
        ("bump deps", "routine"),
        ("Bump actions/checkout from 3 to 4", "routine"),
        ("Run rustfmt", "routine"),
        ("Avoid a data race in the worker pool", "significant"),
        ("Cut p99 latency of the search path by 40%", "significant"),
        ("Deprecate the singular req.accept* methods", "significant"),
        ("Add --vimgrep flag.", "ordinary"),
        ("Remove trailing spaces from cluster.c file.", "routine"),
        ("prevent compiler warning", "routine"),
        ("made the code fit within 80 cols", "routine"),
        ("version: bump for next cycle", "routine"),
        ("[3.8] Update close status codes ws (#5198). (#5279)", "routine"),
        ("bump: work towards 7.69.0 is started", "routine"),
        ("Bump to 3.4.1", "routine"),
        ("Postfix CHANGES", "routine"),
        ("relax deps", "routine"),
        ("RELEASE-NOTES: synced", "routine"),
        ("DEPRECATE: remove last empty line", "ordinary"),
        # layout changed is upkeep; a program that handles layout is not
        ("lint: fix broken indentation in tests", "routine"),
        ("Clean up whitespace in the docs", "routine"),
        ("Fix AWK tokenizer not treating a new line character as whitespace", "ordinary"),
        ("--with-nth should not remove trailing whitespaces", "ordinary"),
        ("Fix formatting of dates in the report", "ordinary"),
        ("Strip spaces around the delimiter", "ordinary"),
        ("Fix date formatting in the CSV export", "ordinary"),
        ("Clean up indentation handling in the YAML emitter", "ordinary"),
        ("Ignore whitespace changes when computing diffs", "ordinary"),
        ("Fix mixed indentation", "routine"),
        ("Whitespace changes", "routine"),
        # whitespace the program handles (in what it reads) is behaviour; in the source, layout
        ("Strip trailing whitespace from header values", "ordinary"),
        ("Strip trailing whitespace from input lines", "ordinary"),
        ("Remove trailing whitespace in header files", "routine"),
        ("Strip trailing whitespace from all lines", "routine"),
        ("Remove trailing whitespaces from text files", "routine"),
        ("Remove trailing whitespace in header comments", "routine"),
        ("Remove trailing whitespace on empty lines", "routine"),
        ("Trim whitespace from user input", "ordinary"),
        ("Strip trailing whitespace from the lines it reads", "ordinary"),
        ("Trim trailing whitespace when parsing the config", "ordinary"),
        ("Strip trailing whitespace", "routine"),
        ("Remove trailing whitespace in the docs", "routine"),
        ("Remove trailing whitespace from source files", "routine"),
        ("Strip trailing whitespace from all lines in README.md", "routine"),
        # a release's upkeep after a conventional-commit scope, and a release prepared
        ("chore: Bump to 10.4.2", "routine"),
        ("chore(release): Prepare for 10.4.0", "routine"),
        ("Prepare 10.4.1 release", "routine"),
        ("Preparing for Commander v14.0.0", "routine"),
        ("Preparations for v1.19", "routine"),
        # a version named first or after "to", and a pre-release prepared by its name and number
        # (Alamofire's "Version to 4.8.2.", "4.6.0 Release.", "Prepare Beta 7.", "Prepare rc1",
        # "Prepare 5.0.0-rc.3", "Prepare for Alamofire 5.0.0.beta.1"); not a beta's work
        ("Version to 4.8.2.", "routine"),
        ("4.6.0 Release.", "routine"),
        ("Prepare Beta 7.", "routine"),
        ("Prepare rc1", "routine"),
        ("Prepare 5.0.0-rc.3", "routine"),
        ("Prepare for Alamofire 5.0.0.beta.1", "routine"),
        ("Prepare the beta 3 feature flags", "ordinary"),
        ("Prepare beta rollout of search", "ordinary"),
        ("Version to use for the API client", "ordinary"),
        # a lint named by its identifier resolved or let be, and the source wrapped to a width
        # (serde); not a linter's own rule, nor what the program prints
        ("Ignore mismatched_lifetime_syntaxes lint", "routine"),
        ("Resolve match_wildcard_for_single_variants pedantic lint", "routine"),
        ("Suppress cast_lossless lint in test suite", "routine"),
        ("Fix false positive in needless_return lint", "ordinary"),
        ("Allow needless_return lint rules in config", "ordinary"),
        ("Wrap dummy.rs to 80 columns", "routine"),
        ("Wrap comments from PR 2805 to 80 columns", "routine"),
        ("Wrap help output to 80 columns", "ordinary"),
        # links pointed elsewhere are a link fix (serde); how the program handles links is not
        ("Update links to a renamed manual chapter", "routine"),
        ("Point standard library links to stable", "routine"),
        ("Convert html links to intra-doc links", "routine"),
        ("Update link parsing in the Markdown renderer", "ordinary"),
        ("Change link colours in the sidebar component", "ordinary"),
        # the source formatted to a style by its name (serde's "Format in rfc style", cited as
        # System design in its packet); not a format the program writes
        ("Format in rfc style", "routine"),
        ("Reformat to the black style", "routine"),
        ("Format dates in ISO style", "ordinary"),
        # a line too long for the formatter is no overflow of memory (serde)
        ("Suppress errors on rustfmt line overflow", "routine"),
        ("Fix a stack overflow when parsing nested arrays", "significant"),
        ("Fix integer overflow in the length check", "significant"),
        ("Fix merge conflict", "routine"),
        # a changelog tool, a parser's grammar and the project's own API are work
        ("Fix changelog parser", "ordinary"),
        ("Add grammar for TOML", "ordinary"),
        ("Fix grammar in README", "routine"),
        ("Upgrade the API to v2", "ordinary"),
        ("Upgrade tokio to v1.30", "routine"),
        ("chore: Update several packages", "routine"),
        ("Rust 1.70 upgrade", "routine"),
        ("Upgrade to Go 1.22", "routine"),
        ("Add Python 3.12 support", "ordinary"),
        ("Python 3.12", "ordinary"),
        ("Update several packages to use the new logger", "ordinary"),
        ("Remove trailing dots from hostnames", "ordinary"),
        ("Fix punctuation handling in the tokenizer", "ordinary"),
        ("Fix grammar conflicts", "ordinary"),
        ("Improve grammar error recovery", "ordinary"),
        ("cargo fmt --all", "routine"),
        ("Format code with cargo fmt", "routine"),
        # a program that reverts or backs out is no revert; a commit undone, named, is
        ("Revert to the old allocator, cutting p99 latency by 40%", "significant"),
        ("Back out of the transaction when the lock times out", "ordinary"),
        ("Revert abc1234f", "routine"),
        # a release made, not a resource a program releases
        ("Release freed memory to the OS", "ordinary"),
        ("Release the lock before calling back", "ordinary"),
        ("Release notes for 2.1", "routine"),
        # a product of several words and its version is its release; the next version's
        # changelog opened after one is its bookkeeping (nlohmann/json, alembic)
        ("JSON for Modern C++ 3.11.3", "routine"),
        ("Version 1.0.12 placeholder", "routine"),
        ("- 1.0.11; Version 1.0.12 placeholder", "routine"),
        ("Fix regression in 3.11.3", "ordinary"),
        # a subject written as bullets on one line is read bullet by bullet (alembic)
        ("- 0.6.4 - changelog for pullreq bitbucket:20", "routine"),
        ("- fix version number in docs here - add py3.3 compat, other compat to remove all warnings", "ordinary"),
        ("Fix typo - and a crash in the parser", "significant"),
        ("Dark mode - a new theme for the editor", "ordinary"),
        # a licence's notice made clearer is upkeep; a licence a program checks or shows is not
        ("Clarify license of is_complete_type implementation", "routine"),
        ("Add license headers", "routine"),
        ("Fix license key validation", "ordinary"),
        ("Add a licenses page", "ordinary"),
        ("Show the license in the about dialog", "ordinary"),
        # a licence the program puts in what it shows or makes, and a licence named by its kind
        # or its file (h-rev6)
        ("Add license to the API response", "ordinary"),
        ("Add license text to the generated SBOM", "ordinary"),
        ("Update license text in the about dialog", "ordinary"),
        ("Add MIT license", "routine"),
        ("Create LICENSE.md", "routine"),
        ("Add MIT license support to the generator", "ordinary"),
        ("Update license year to 2024", "routine"),
        ("Update license expiry year check", "ordinary"),
        ("Handle Windows SDK 10.0.19041", "ordinary"),
        # a word of a sentence before the name is no part of it (h-rev6)
        ("Workaround for MSVC 19.38.33130", "ordinary"),
        ("Build for Android 14.0.0", "ordinary"),
        ("Ensure Python 3.12.1", "ordinary"),
        ("JSON for Modern C++ version 3.11.3", "routine"),
        ("Apache Mesos 1.2.3 released", "routine"),
        ("Version 1.0.12 placeholder text for the banner", "ordinary"),
        ("Add a placeholder for version 1.0.12 in the settings dialog", "ordinary"),
        ("RELEASE-PROCEDURE: remove old release dates, add new pending ones", "routine"),
        ("revert: feat(parser): add the fast path", "routine"),
        # an injection, unless it is how code is put together
        ("Prevent injection in search query", "significant"),
        ("Use dependency injection for the store", "ordinary"),
        # a bound a condition tests, not a result
        ("Make JSON encoding up to 3x faster", "significant"),
        ("Reduce p99 latency to less than 10ms", "significant"),
        # what a program does again is no output regenerated; a format's own version no copy
        ("Regenerate session ID on login", "ordinary"),
        ("Regenerate the search index", "ordinary"),
        ("Upgrade database schema to v2.0", "ordinary"),
        ("Sync Go template src to Go 1.20", "routine"),
        ("Resolve merge conflicts", "routine"),
        ("Add full stop after help messages", "routine"),
        ("Strip punctuation from search queries", "ordinary"),
        ("Split sentences on full stops", "ordinary"),
        ("Bring workers to a full stop on SIGTERM", "ordinary"),
        ("Updates for Python 3.12", "ordinary"),
        ("Fix cargo fmt on Windows", "ordinary"),
        ("Implement mix format plugin", "ordinary"),
        ("Run 'cargo fmt'", "routine"),
        ("Sort imports", "routine"),
        ("Updates for 0.5.0", "routine"),
        ("Updates for the new parser", "ordinary"),
        # the tree run through a formatter
        ("Format source code", "routine"),
        ("cargo fmt", "routine"),
        ("Formatted all files", "routine"),
        ("Format code blocks in the docs as JSON", "ordinary"),
        ("Prepare the parser for 2.0 syntax", "ordinary"),
        ("Prepare for the 2.0 migration of the config", "ordinary"),
        ("feat: Add --exec-batch", "ordinary"),
        ("Increment package version to enable ci tests.", "routine"),
        # the changelog's upkeep, and a dependency's release taken ("Use X 1.2.3")
        ("Bump version to v0.22; Add new 'unreleased' section, post v0.22", "routine"),
        ("Bump version to 0.15.2; Remove dummy line from CHANGELOG", "routine"),
        ("Add ChangeLog entry", "routine"),
        ("Updated CHANGELOG", "routine"),
        # a subject's full stop says nothing more
        ("Update CHANGES.", "routine"),
        ("3.3a.", "routine"),
        ("Add new release template", "routine"),
        ("new changelog template", "routine"),
        ("Add to CHANGES.", "routine"),
        ("Add commands to history", "ordinary"),
        ("Back out #850", "routine"),
        ("Backed out changeset 4f1a2b3c", "routine"),
        ("Background jobs out of the request path", "ordinary"),
        ("Add a release template for the docs site generator", "ordinary"),
        ("Update sponsors: add Fine", "routine"),
        ("Add support for sponsored accounts", "ordinary"),
        ("Update sponsors script to simplify previews", "ordinary"),
        ("Update sponsors, remove Fine.dev", "routine"),
        ("Update sponsors section in README", "routine"),
        ("Add sponsors-only features", "ordinary"),
        ("Add sponsor, patron and backer roles to the forum", "ordinary"),
        ("Use protocol 2.0.0 against new servers", "ordinary"),
        ("Use LLVM 17.0.1 with opaque pointers", "ordinary"),
        # from a second review: upkeep rules that had swallowed work
        ("Bump max upload size", "ordinary"),
        ("Add coding standards check to the validator", "ordinary"),
        ("Update baseline image for the login screen", "ordinary"),
        ("Cut CI time by 200s", "significant"),
        ("Use TLS 1.3", "ordinary"),
        ("Address feedback on deprecation of --no-plugins", "significant"),
        ("Trim trailing whitespace from lines in the CSV reader", "ordinary"),
        ("Strip trailing whitespace from lines before parsing", "ordinary"),
        # a name quoted from the code weighs nothing either
        ("Move `security` module into core", "ordinary"),
        # a release's words are what the release holds, not the weight of the change beside it
        ("Add missing type definition; Bump version, new security features and bug fixes", "ordinary"),
        ("Fix a data race in the pool; Bump version to 1.2.3", "significant"),
        # upkeep in the same sentence takes nothing from the work beside it
        ("Fix data race and typo in scheduler; Add tests", "significant"),
        ("Fix deadlock in pool (also fix broken links); Add docs", "significant"),
        ("Fix line endings", "routine"),
        ("Fix line endings in the CSV reader on Windows", "ordinary"),
        ("Add --foo flag and mention it in the changelog", "ordinary"),
        ("Add support for changelog entries in release notes generator", "ordinary"),
        ("Handle missing unreleased section", "ordinary"),
        ("Updated history retention for audit logs", "ordinary"),
        ("Update NEWS for the 2.0 release", "routine"),
        ("Use console 0.11.1, see #955", "routine"),
        ("Use TLS 1.3 by default", "ordinary"),
        ("chore: bump ultraviolet to 489999b90468 to fix a wide char issue", "routine"),
        ("chore(examples): go mod tidy", "routine"),
        ("fix: bump x/ansi to v0.11.7 to fix a width calculation bug", "routine"),
        ("Bump golang.org/x/net from 0.17.0 to 0.23.0", "routine"),
        ("Update the parser to 2x faster tokenizing", "significant"),  # measured, no version
        (
            "[maven-release-plugin] prepare release moshi-parent-1.10.0; "
            "[maven-release-plugin] prepare for next development iteration",
            "routine",
        ),
        # a release's own commits as a Gradle publishing plugin and a maintainer write them
        # (okhttp), and a dependency upgrade named as such; not a plan, nor a library's
        # new API put to use
        ("Prepare for release 5.3.0.; Prepare next development version.", "routine"),
        ("Prepare to cut the 2.7.1 release.; Bump pom versions to 2.1.0-SNAPSHOT.", "routine"),
        ("Prepare for 3.12.1 development; OkHttp 4.3.1 is released", "routine"),
        ("Prepare next development plan for the client API", "ordinary"),
        ("Dependency Upgrades", "routine"),
        ("Dependency update for the new resolver", "ordinary"),
        ("Fewer public APIs for Protocol identification.", "significant"),
        ("Use Okio's new APIs for number parsing", "ordinary"),
        ("New APIs to iterate the response cache", "significant"),
        ("Upgrade Bouncy Castle to to 1.65", "routine"),
        ("Adding the .gitattributes for normalized line endings", "routine"),
        # jekyll's: a changelog kept by hand with CI told to skip it, releases with an emoji, a
        # RuboCop cop enforced; not a browser's history, nor a lock released
        ("Update history to reflect merge of #2535 [ci skip]", "routine"),
        ("Update history to reflect deleted tabs", "ordinary"),
        ("Release :gem: 3.1.0", "routine"),
        ("Release the lock before calling back [ci skip]", "ordinary"),
        ("Enforce Style/FrozenStringLiteralComment.", "routine"),
        # Renovate's prod dependencies and a package taken back a version (vite's)
        ("fix(deps): update dependency esbuild to v0.21", "routine"),
        ("fix(deps): downgrade commonjs plugin to 28.0.6 to avoid rollup/plugins#1909", "routine"),
        ("Downgrade the quality of thumbnails on slow networks", "ordinary"),
        ("[8.0.x] recwarn: fix pytest.warns handling of Warnings with multiple arguments", "routine"),
        ("Cherry-pick 7.4.4 release notes", "routine"),
        ("Add a Style/Layout section to the theme guide", "ordinary"),
        ("Add gitattributes support to the exporter", "ordinary"),
        ("Update connection pool to 5 connections", "ordinary"),
        ("Don't crash on retry when there are no more routes (4.x branch)", "routine"),
        ("Reject malformed messages that have infinite loops", "significant"),
        # (h-rev8) the two words of a product's name are both capitals, or name its version;
        # a part of the project named after the library it serves is its own code ("Update
        # RxJava adapter to 1.2.0." rewrote Retrofit's adapter in 824 lines), and its
        # interfaces are no package ("Update REST API to v2"); a version range alone is no
        # backport (Jest); code moved to new APIs adds none (grpc-go)
        ("Update Kotlin version to 1.3.71", "routine"),
        ("Bump Error Prone to 2.50.0", "routine"),
        ("Update Wire converter to v2.0.0.", "ordinary"),
        ("Updated Webpack config to v2", "ordinary"),
        ("Update REST API to v2", "ordinary"),
        ("Update Search Schema to v4", "ordinary"),
        ("Add support for Webpack (5.x)", "ordinary"),
        ("Fix the retry budget (for 3.12.x)", "routine"),
        ("base: update base balancer for new APIs", "ordinary"),
        ("Migrate the codec to new APIs", "ordinary"),
        ("Add new APIs for chaining server interceptors", "significant"),
        # coding standards, a static analyser's baseline, a release's own upkeep (PHP, Elixir)
        ("Fix CS", "routine"),
        ("CS fixes, refs #2750", "routine"),
        ("Apply php-cs-fixer", "routine"),
        ("Fix the CSS of the login button", "ordinary"),
        ("Update baseline (1340, 82)", "routine"),
        ("Update deps; Update changelog; Fix changelog; Typo", "routine"),
        ("Release 2.10.1; Reverting release version changes", "routine"),
        ("Release 1.1.3; Prep 1.2.0-dev", "routine"),
        ("Prep for new HEEx interpolation syntax", "ordinary"),
        ("Use LV 1.0-rc", "routine"),
        ("Use distributed messaging for longpoll if available", "ordinary"),
        ("Fix unused var", "routine"),
        ("Touchup", "routine"),
        ("Update to composer/semver 3.2.6", "routine"),
        ("Return 404s in the repository when the network is disabled, faster", "ordinary"),
        # a value the change sets is no measured result; a backport carries weight made elsewhere
        ("Use receive timeout hooks with a sane 15s default to cut the time waited", "ordinary"),
        # nor is a value something is (not) set to; a result beside one still is
        ("Reduce the escape delay. We should not set it to 0ms as it breaks WSL", "ordinary"),
        ("Reduce the default delay to 50ms. If 50ms is not enough, raise $ESCDELAY", "ordinary"),
        ("Reduce the default delay to 50ms, cutting input lag by 40ms", "significant"),
        ("Set the cache size to 64 MB, cutting memory use by 30%", "significant"),
        ("Cut the time to first paint to 40ms", "significant"),
        # a threshold the program tests is no result; a result "by more than" one is
        ("Skip redraws to save CPU while a client has more than 1 KB of output queued", "ordinary"),
        ("Cut the memory of the pane cache by more than 40%", "significant"),
        ("Cut the time to first byte from 500ms to 40ms", "significant"),
        ("Backport phoenix.js memory leak fixes", "routine"),
        ("Update brunch deps", "routine"),
        ("Fix tests", "routine"),
        ("Fix tests for the new urllib3 exception text", "ordinary"),
        ("Bump changelog", "routine"),
        ("Bump js build", "routine"),
        ("Bump for upcoming postgrex ssl features", "routine"),
        ("Bump styling so the auth bar shows up on the home page", "ordinary"),
        # the program's own warnings that a user reported are no compiler's
        ("Fix warnings for Elixir 1.3", "routine"),
        ("Avoid invalid warnings when scanning the same file twice, fixes #4195; CS fixes", "ordinary"),
        # git subtree's commits bring another repository's history in: a sync, not work
        ("Squashed 'docs/' changes from 54f0e8776..bd0e15bb6", "routine"),
        ("Merge commit '9b0050e9aabe4be65c78ccf292a348f309d50ccd' as 'docs'", "routine"),
        ("Add 'vendor/lib/' from commit '9b0050e9aabe4be65c78ccf292a348f309d50ccd'", "routine"),
        ("Squashed the parser's commits into one", "ordinary"),
        # the linter made happy, the package's version taken, and nothing more said
        ("Linting", "routine"),
        ("Lint fixes", "routine"),
        ("make lint", "routine"),
        ("Lint the config file on load", "ordinary"),
        ("Update gem version (0.6.0)", "routine"),
        ("Bump up gem version to 0.1.3", "routine"),
        ("Update version check to read the tag", "ordinary"),
        # a page a publishing tool deployed and committed in the person's name; not a deploy
        # written about by hand
        ("Deploying to master from @ junegunn/fzf@40515f11a4744f6e8f920a18ecbd5bc1a9127c2f \U0001f680", "routine"),
        ("Deployed 3f2a9c1 with MkDocs version: 1.5.3", "routine"),
        ("Deploying to Fly from the CI pipeline on every tag", "ordinary"),
        ("Deployed the docs site with MkDocs instead of Sphinx", "ordinary"),
        # an injection is an attack when its kind is named; a style the program applies is
        # no code style
        ("fix(compiler-sfc): fix style injection when using normal script + setup", "ordinary"),
        ("wip: warn when injection not found", "ordinary"),
        ("Fix SQL injection in the search endpoint", "significant"),
        # an injection the code makes, tidied, is no attack
        ("[vim] Simplify --border injection", "ordinary"),
        ("Remove unnecessary ANSI code injection", "ordinary"),
        ("Remove the injection vector in the login form", "significant"),
        # an attack tidied stays an attack: its kind named, its guard named, a defence (h-rev5)
        ("Simplify SQL injection prevention", "significant"),
        ("Refactor the injection check in the query builder", "significant"),
        ("Sanitize input to prevent --query injection", "significant"),
        # compatibility kept for the API's users is an API change; with another program, a
        # platform or legacy code it is portability or upkeep
        ("Remove 'replace' directive for 'go install' compatibility", "ordinary"),
        ("[vim] Vim 8.0 compatibility", "ordinary"),
        ("encode: Implement Flush for legacy compatibility", "ordinary"),
        ("Keep API compatibility with the 1.x series", "significant"),
        ("Break compatibility with v1 clients", "significant"),
        ("Don't break compatibility for library users", "significant"),
        ("Document the compatibility policy for minor releases", "significant"),
        ("Avoid incompatible changes to the wire format", "significant"),
        ("Preserve backward compatibility of --expect", "significant"),
        # the public API used from inside changes none of it
        ("Use public API only from transports", "ordinary"),
        ("Set __module__ on everything we expose via the public API", "ordinary"),
        ("Tighten the public API on auth classes", "significant"),
        ("Only the public API is exported now", "significant"),
        ("The client uses only the public API of the pool", "ordinary"),
        ("Prevent shell injection via file names", "significant"),
        ("Fix style", "routine"),
        ("fix style issues in the parser", "routine"),
        ("Fix style binding on svg elements", "ordinary"),
        ("Fix lint command", "routine"),
        # the changelog of a version, and the sponsors list however it names them
        ("chore: fix 3.4.36 changelog [ci skip]", "routine"),
        ("chore: split out 3.3 changelog [ci skip]", "routine"),
        ("chore: update special sponsor", "routine"),
        ("chore: remove inactive special sponsor", "routine"),
        ("chore: sponsors & backers [ci skip]", "routine"),
        ("Sponsors: show the tier on the profile page", "ordinary"),
        # generated output made again, and nothing more said
        ("docs: Regen docs helper", "routine"),
        ("docs: Regenerate docs.yaml", "routine"),
        ("Run go generate", "routine"),
        ("docs: Regen and fix the imaging docshelper output", "ordinary"),
        ("Regenerate session IDs after login", "ordinary"),
        # a revert undoes a change whose weight was its own; a copy of another project
        # brought up to its release is upkeep
        ('Revert "config/security: Add HOME to default exec env var whitelist"', "routine"),
        ('Revert "Fix a data race in the pool"', "routine"),
        ("tpl/internal: Sync Go template src to Go 1.20", "routine"),
        ("tpl/internal: Upgrade fork from go1.26.3 \u2192 go1.27.0", "routine"),
        ("Update the user guide for the 2.0 upgrade", "ordinary"),
        # a test switched off, the lock file deduplicated, the people a project thanks
        ("chore: disable parser tests for now", "routine"),
        ("Disable regression_131 test on darwin.", "routine"),
        ("Skip tests that need network when offline", "ordinary"),
        ("chore: dedupe deps", "routine"),
        ("Dedupe events by id in the consumer", "ordinary"),
        ("chore: add security hall of fame [ci skip]", "routine"),
        ("Hall of fame: show the top reporters on the site", "ordinary"),
        # a tool run over the code to rewrite it
        ("all: Run modernize -fix ./...", "routine"),
        ("Run eslint --fix on the sources", "routine"),
        ("Run the migration on startup", "ordinary"),
    ],
)
def test_grade_reads_the_persons_words(text: str, expected: str) -> None:
    g = grade(MapItem(text, kind="commits", data={"additions": 30, "deletions": 5, "files": 2}))
    assert g.grade == expected, g.reason
    assert g.reason


def test_another_repositorys_history_weighs_nothing_whatever_it_lists() -> None:
    """A subtree's squashed commit lists the other repository's commits in its body (other
    people's work, measured and fixed elsewhere): routine, at any size."""
    body = "bd0e15bb6 Speed up the build by 40%\n59830ea44 Fix an XSS in the search page"
    data = {"additions": 7683, "deletions": 4608, "files": 160, "commits": 1}
    g = grade(MapItem("Squashed 'docs/' changes from 8c46b304a..9b06f951e", kind="commits", body=body, data=data))
    assert (g.grade, g.reason) == ("routine", "another repository's history brought in (git subtree)")


def test_an_injection_of_code_is_no_attack(mapper: Mapper) -> None:
    """Style, hook and dependency injection are how the code is put together: no security
    work; an injection of a named kind is."""
    data = _change(["packages/compiler-sfc/src/style.ts"], 60)
    item = MapItem("feat(compiler-sfc): new SFC css variable injection implementation", kind="commits", data=data)
    assert "system-design" not in {s.area for s in assess(mapper, item)[1]}
    item = MapItem("Fix command injection through crafted file names", kind="commits", data=data)
    assert "system-design" in {s.area for s in assess(mapper, item)[1]}


def test_the_build_a_library_runs_in_is_no_operations_work(mapper: Mapper) -> None:
    """"In production" in a change to a library's code says which build it runs in; with the
    systems that run it ("the production cluster's certificates") it is operations work."""
    data = _change(["packages/compiler-dom/src/transforms/sideEffects.ts"], 10)
    for text in (
        "fix(compiler-dom): do not throw in production on side effect tags",
        "chore: avoid object.freeze in prod",
    ):
        item = MapItem(text, kind="commits", data=data)
        assert "operations" not in {s.area for s in assess(mapper, item)[1]}, text
    ops = MapItem("Rotate the production cluster's certificates", kind="note")
    assert [s.area for s in mapper.suggest(ops)][:1] == ["operations"]
    for text in ("Scale the production cluster", "Took over production support for search"):
        assert [s.area for s in mapper.suggest(MapItem(text, kind="note"))][:1] == ["operations"]


def test_a_products_transitions_and_alerts_are_no_rollout_and_no_alerting(mapper: Mapper) -> None:
    """A transition alone is a state's or an animation's, an alert alone may be the product's
    (a Markdown alert, a dialog): no safe rollout, no SLOs and alerting. A transition planned
    and alert rules are."""
    data = _change(["packages/runtime-dom/src/components/Transition.ts"], 30)
    for text in (
        "fix(transition): handle edge case of cancel leave before next frame",
        "feat(transition): base transition component",
        "Add support for Obsidian type blockquote alerts",
    ):
        found = assess(mapper, MapItem(text, kind="commits", data=data))[1]
        assert not {s.expectation for s in found} & {"delivery.safe-rollouts", "operations.slos-alerting"}, text
    moved = mapper.suggest(MapItem("Wrote the transition plan for moving billing off the old payment provider", kind="note"))
    assert moved[0].expectation == "delivery.safe-rollouts"
    tuned = assess(mapper, MapItem("Tune the latency alert thresholds to cut false pages", kind="commits", data=data))[1]
    assert tuned[0].expectation == "operations.slos-alerting"


def test_a_commit_type_a_description_lists_is_no_word(mapper: Mapper) -> None:
    """A day's body repeats its subjects ("- chore: …"): the type in front of each is the
    kind of that commit, not a word ("chore" is no team chore); the words after it count."""
    data = _change(["CHANGELOG.md"], 13)
    body = "- chore: reword the notes\n- chore: link the notes"
    item = MapItem("chore: reword the notes", kind="commits", body=body, data=data)
    assert [s.area for s in assess(mapper, item)[1]] == ["communication"]
    assert drop_listed_types("- chore: a\n* feat(ssr): b\nNote: c") == "- a\n* b\nNote: c"


@pytest.mark.parametrize(
    ("text", "result"),
    [
        # values given to an option or listed together, not results
        ("Add 'tmux' layout option\n\n  let g:fzf_layout = { 'tmux': '-p90%,60%' }", None),
        ("Add option to start fzf in tmux popup window\n\n  # 50%/50% width and height\n  fzf-tmux -p80%", None),
        ("Reduce flicking\n\n  fzf --bind 'space:change-preview-window(60%|70%|80%|90%|hidden)'", None),
        ("Reduce startup time with --height=40% by default", None),
        # a bound written as a comparison, and a delay set "up to" a value
        ("Improve display\n\nProgress reporting for long-running queries (> 0.5sec)", None),
        ("Improve startup time; Gradually increase delay upto 0.2 seconds", None),
        # results stay results
        ("Reduce p99 latency by 40%", "40%"),
        ("Speed up parsing (40% faster)", "40%"),
        ("Cut startup time from 1,200ms to 300ms", "300ms"),
        ("Improve throughput: 120 MB/s now, was 80 MB/s", "120 MB"),
        ("Large inputs are now > 3x faster", "3x"),
        # different values split by a slash are before and after, and a bound a result has
        # reached is a result (h-rev5)
        ("Reduce memory usage (120MB/80MB before/after)", "120MB"),
        ("Reduce allocations: 40%/25% fewer on parse and serialize", "40%"),
        ("Reduce the latency to <5ms", "5ms"),
        ("Reduce latency (p50 < 10ms, p99 < 40ms)", "10ms"),
        ("Reduce input delay up to 60%", "60%"),
    ],
)
def test_values_given_are_no_measured_result(text: str, result: str | None) -> None:
    """A number attached to an option, listed with others, compared against or set as a delay
    is a value the change gives; a result says by how much."""
    assert measured(text) == result


def test_a_benchmarks_spread_and_noise_are_no_measured_gain() -> None:
    """A benchmark table's spread ("± 0%") and a change within noise ("-0.03%") measure no
    improvement; the table's result does."""
    table = "Speed up partial lookups\n\nLookupPartial-10   248.00n ± 0%   14.75n ± 2%  -94.05% (p=0.002 n=6)"
    assert measured(table) == "-94.05%"
    same = "Fix layout lookup order\n\nBenchmarkHugo-4  10074504521  10071236251  -0.03% time"
    assert measured(same) is None
    body = "BenchmarkHugo-4  10074504521  10071236251  -0.03%\n\nSo no slower than before."
    g = grade(MapItem("Fix layout lookup order for Render func", kind="commits", body=body, data=_change(["a.go"])))
    assert g.grade == "ordinary", g.reason


def test_a_number_in_quotes_is_text_shown_not_a_measure() -> None:
    """A time or size inside double quotes is a string the program shows ('change time to "1
    second ago" in both dumps'), not a result; a result beside a quoted command or name is."""
    assert measured('Solution: Apply filter and change time to "1 second ago" in both dumps.') is None
    assert measured('Time shown as "5 minutes ago" in the list') is None
    assert measured('Cut startup time by 40% ("vim --startuptime" shows 120 ms)') == "40%"
    assert measured('Speed up search: "rg foo" now takes 30 ms instead of 90 ms') == "30 ms"
    assert measured('Make the "fast path" 3x faster') == "3x"


def test_a_breaking_change_called_slight_is_no_api_broken() -> None:
    """"A slightly breaking change", "technically a breaking change": a default changed, said
    with a hedge; a breaking change said plainly weighs as one."""
    data = _change(["cache/httpcache/httpcache.go"], 32)
    for body, expected in (
        ("This is a slightly breaking change, but the current behaviour is confusing.", "ordinary"),
        ("This is technically a breaking change, but the option was not meant for public use.", "ordinary"),
        ("BREAKING CHANGE: the option is removed.", "significant"),
    ):
        g = grade(MapItem("Add respectCacheControlNoStore options", kind="commits", body=body, data=data))
        assert g.grade == expected, body


def test_a_file_saved_is_no_cost_saving(mapper: Mapper) -> None:
    """"Save" in a program is a file written; a saving is money or capacity kept."""
    data = _change(["hugolib/site.go", "commands/server.go"], 60)
    body = "Editors that save atomically write a temp file to disk and rename it."
    item = MapItem("Fix panic on server atomic save edits on MacOS", kind="commits", body=body, data=data)
    assert "operations" not in {s.area for s in assess(mapper, item)[1]}
    note = MapItem("Deleted idle dev environments, saving $2k a month", kind="note")
    assert mapper.suggest(note)[0].expectation == "operations.efficiency"


def test_grade_size_and_bots() -> None:
    big = {"additions": 900, "deletions": 120, "files": 12}
    assert grade(MapItem("Add support for text encodings", kind="commits", data=big)).grade == (
        "significant"
    )
    bot = grade(MapItem("Add support for text encodings", kind="commits", data={"role": "bot"}))
    assert bot.grade == "routine" and "bot" in bot.reason
    ci = {"additions": 8, "deletions": 2, "files": 1, "file_paths": [".github/workflows/ci.yml"]}
    assert grade(MapItem("Test on newer runners", kind="commits", data=ci)).grade == "routine"


def test_a_merge_that_carries_a_line_forward_is_no_review(mapper: Mapper) -> None:
    """A merge the person made of a release or main branch ("Merged branch 2.2: Merge branch
    '2.2' into 2.3", as the git source titles a branch with none of their commits) carries
    the line forward: routine, not someone else's change reviewed. A merge of someone's own
    repository is their contribution, merged."""
    merged = {"role": "merged", "merged_lines": 400}
    for text in (
        "Merged branch 2.2: Merge branch '2.2' into 2.3",
        "Merged branch master: Merge remote-tracking branch 'origin/master' into 2.0",
    ):
        g, found = assess(mapper, MapItem(text, kind="merge", data=merged))
        assert (g.grade, found) == ("routine", []), text
    theirs = "Merged branch master: Merge branch 'master' of https://github.com/someone/phoenix"
    g, found = assess(mapper, MapItem(theirs, kind="merge", data=merged))
    assert g.grade == "ordinary" and [s.area for s in found] == ["code-quality"]
    topic = "Merged branch ada/oauth: Merge remote-tracking branch 'ada/oauth'"
    assert assess(mapper, MapItem(topic, kind="merge", data=merged))[0].grade == "ordinary"
    # a branch with none of the person's commits pulled into its own local copy (`git pull`
    # after a co-author's push) is a sync; with their commits (from another machine) it carries
    # their work, and a contributor's branch pulled into another one is theirs
    url = "https://github.com/encode/httpx"
    pulled = f"Merge branch 'limit-codecs' of {url} into limit-codecs"
    g, found = assess(mapper, MapItem(f"Merged branch limit-codecs: {pulled}", kind="merge", data=merged))
    assert (g.grade, found) == ("routine", [])
    own = {"role": "authored", "file_paths": ["src/bitops.c"], "additions": 24, "deletions": 9}
    assert assess(mapper, MapItem(pulled, kind="merge", data=own))[0].grade == "ordinary"
    other = f"Merged branch limit-codecs: Merge branch 'limit-codecs' of {url} into limit-codecs-v2"
    assert assess(mapper, MapItem(other, kind="merge", data=merged))[0].grade == "ordinary"


def test_a_change_merged_in_gerrit_is_read_in_its_subject(mapper: Mapper) -> None:
    """A contributor's change the person submitted in Gerrit ("Merged change: …", the git
    source's title) is read in the change's subject: a typo fixed is routine, a feature of
    some size a review (not a sync, whatever its subject merges)."""
    merged = {"role": "merged", "merged_lines": 240, "file_paths": ["lib/check.py", "tests/t.py"]}
    g = grade(MapItem("Merged change: Fix typo in the tutorial", kind="merge", data=merged))
    assert g.grade == "routine", g.reason
    g, found = assess(mapper, MapItem("Merged change: Add CHECK constraint detection", kind="merge", data=merged))
    assert g.grade == "ordinary" and [s.area for s in found] == ["code-quality"]
    g, found = assess(mapper, MapItem("Merged change: Merge branch 'main' into 2.0", kind="merge", data=merged))
    assert (g.grade, found) == ("routine", [])
    # a branch named in quotes by hand is a branch: develop merged is a sync (h-rev6)
    big = {**merged, "merged_lines": 900}
    assert grade(MapItem('Merged branch develop: Merge "develop"', kind="merge", data=big)).grade == "routine"
    assert grade(MapItem('Merged change: Merge "develop" tests into the suite', kind="merge", data=big)).grade == "ordinary"


def test_gitmoji_secrets_are_configuration_and_the_lock_a_security_fix() -> None:
    """gitmoji's 🔐 adds or updates secrets (here in CI files only: upkeep); 🔒 fixes a
    security issue."""
    ci = [".github/pr-submit.yml", ".github/workflows/prepare-release.yml"]
    data = {"additions": 24, "deletions": 13, "files": 2, "file_paths": ci}
    g = grade(MapItem("\U0001f510 Use PR Submit for pull requests", kind="pull-request", data=data))
    assert g.grade == "routine", g.reason
    code = {"additions": 24, "deletions": 13, "files": 1, "file_paths": ["app/login.py"]}
    g = grade(MapItem("\U0001f512 Escape user input in the login form", kind="commits", data=code))
    assert g.grade == "significant", g.reason


def test_lines_replaced_in_place_are_no_measure_of_size() -> None:
    """As many lines removed as added is a search and replace, a rename or a converted format:
    its size makes nothing sizeable; a restructuring that adds and removes unevenly is."""
    docs = [f"docs/page{i}.md" for i in range(60)]
    quotes = {"additions": 1799, "deletions": 1799, "files": 60, "file_paths": docs}
    g = grade(MapItem("Fix admonition double quotes with new syntax", kind="commits", data=quotes))
    assert g.grade == "ordinary", g.reason
    code = [f"src/input/mod{i}.rs" for i in range(12)]
    moved = {"additions": 585, "deletions": 406, "files": 12, "file_paths": code}
    g = grade(MapItem("Completely refactor the input module", kind="commits", data=moved))
    assert (g.grade, g.reason) == ("significant", "a sizeable change (991 lines in 12 files)")
    # moved code adds its new modules' headers: near, not the same
    split = {"additions": 800, "deletions": 790, "files": 6, "commits": 1, "file_paths": code}
    assert grade(MapItem("Split the parser module", kind="commits", data=split)).grade == "significant"
    # a branch of 371 commits that rewrote as much as it kept is no search and replace
    branch = {"additions": 20807, "deletions": 21077, "files": 189, "commits": 371, "file_paths": code}
    g = grade(MapItem("[v2] Use Ultraviolet", kind="pull-request", data=branch))
    assert g.grade == "significant", g.reason


def test_a_name_quoted_from_the_code_is_no_word_of_the_job(mapper: Mapper) -> None:
    """`Annotated` annotates nothing; a command quoted whole keeps its words."""
    data = _change(["fastapi/params.py"], 40)
    item = MapItem("Fix tagged unions inside `Annotated` with `Body()`", kind="commits", data=data)
    assert "annotated" not in " ".join(s.reason for s in assess(mapper, item)[1])
    item = MapItem("Fix tagged unions inside Annotated", kind="commits", data=data)
    assert "annotated" in " ".join(s.reason for s in assess(mapper, item)[1])
    assert clean("Made `cargo build` faster; `Annotated` fixed") == "Made `cargo build` faster;   fixed"


def test_routine_commits_beside_a_change_do_not_make_it_sizeable() -> None:
    """A formatter's run or a version bump among an item's commits is not its size: the lines
    of its routine subjects, and their files, are set aside before "sizeable" is decided (the
    git source counts both per subject; a gitmoji or a pull request's title hides nothing);
    where the split is unknown, the totals stand."""
    words = "Run cargo fmt; Add the scheduler; Bump version to 1.2.0"
    size = {"role": "authored", "additions": 700, "deletions": 100, "files": 12}
    split = {"Run cargo fmt": [420, 12], "Add the scheduler": [300, 3], "Bump version to 1.2.0": [80, 2]}
    assert grade(MapItem(words, kind="commits", data=size)).grade == "significant"
    g = grade(MapItem(words, kind="commits", data={**size, "subject_lines": split}))
    assert (g.grade, g.reason) == ("ordinary", "neither routine upkeep nor a change of unusual weight")
    bigger = {**split, "Add the scheduler": [450, 6]}
    grown = {**size, "additions": 850, "subject_lines": bigger}
    g = grade(MapItem(words, kind="commits", data=grown))
    assert (g.grade, g.reason) == ("significant", "a sizeable change (450 lines in 6 files)")
    # a formatter's 41 files do not make the change beside it touch "a few files"
    wide = {"role": "authored", "additions": 800, "deletions": 100, "files": 41,
            "subject_lines": {"Run cargo fmt": [480, 41], "Add the scheduler": [420, 2]}}
    assert grade(MapItem("Run cargo fmt; Add the scheduler", kind="commits", data=wide)).grade == "ordinary"
    # the subjects are read as written: a gitmoji's type, and inside a pull request
    moji = {**size, "subject_lines": {":art: Format code": [500, 12], "Add the scheduler": [300, 3]}}
    assert grade(MapItem("Format code; Add the scheduler", kind="commits", data=moji)).grade == "ordinary"
    assert grade(MapItem("PR #4: Add the scheduler", kind="pull-request", data=moji)).grade == "ordinary"
    # an item counted before files were: its lines still tell, its files stand as they are
    older = {"role": "authored", "additions": 2000, "deletions": 120, "files": 30,
             "subject_lines": {"cargo fmt": 2000, "Add retry budget": 120}}
    assert grade(MapItem("Add retry budget; cargo fmt", kind="commits", data=older)).grade == "ordinary"
    # a count of the largest subjects only: their lines tell, the files are not all there
    part = {**wide, "additions": 1000, "subject_lines": {"Run cargo fmt": [480, 41], "Add the scheduler": [420, 2]}}
    assert grade(MapItem("Run cargo fmt; Add the scheduler; Tidy", kind="commits", data=part)).grade == "significant"
    # a malformed count is ignored, not trusted
    odd = {**size, "subject_lines": {"Run cargo fmt": "420", "Add the scheduler": [300, 3]}}
    assert grade(MapItem(words, kind="commits", data=odd)).grade == "significant"


def test_a_change_and_its_revert_are_no_work(mapper: Mapper) -> None:
    """Added and reverted the same day: nothing is left of it, and its lines (counted twice)
    make nothing sizeable."""
    added = "Add GitHub action for labelling PRs"
    both = f'{added}; Revert "{added}"'
    size = {"role": "authored", "additions": 683, "deletions": 683, "files": 10}
    g = grade(MapItem(both, kind="commits", data=size))
    assert (g.grade, g.reason) == ("routine", "a change and its revert")
    more = MapItem(f"{both}; Fix a data race in the reader", kind="commits", data=size)
    assert grade(more).grade == "significant"
    assert [s.area for s in assess(mapper, more)[1]] == ["technical-depth"]
    assert own_subjects(f"{both}; Fix a data race in the reader") == [
        "Fix a data race in the reader"
    ]
    # a note that happens to read so is a note: only a change to code is undone by a revert
    note = grade(MapItem(both, kind="note"))
    assert note.reason != "a change and its revert"
    plain = f"{added}; Document the action"
    grown = {**size, "deletions": 40}
    assert grade(MapItem(plain, kind="commits", data=grown)).grade == "significant"  # sizeable
    # a revert of the revert puts the change back: it is stated, the two reverts are not
    back = f'{both}; Revert "Revert "{added}""'
    assert own_subjects(back) == [added]
    assert grade(MapItem(back, kind="commits", data=size)).reason != "a change and its revert"
    # git 2.43 and later writes the revert of a revert as "Reapply"
    shouted = f'{added}; REVERT "{added}"'
    assert grade(MapItem(shouted, kind="commits", data=size)).reason == "a change and its revert"
    again = f'{both}; Reapply "{added}"'
    assert own_subjects(again) == [added]
    assert grade(MapItem(again, kind="commits", data=size)).reason != "a change and its revert"


def test_a_revert_takes_its_own_lines_from_a_branch_not_all_of_them() -> None:
    """In a branch's many subjects, a change and its revert take their own lines from its
    size (the git source's count per subject), not the whole branch's; where the count does
    not name them, a subject left out made no more lines than the smallest counted, and with
    no count at all the size says nothing."""
    added = "Add a retry budget"
    words = f'{added}; Revert "{added}"; Rewrite the scheduler; Add the queue'
    counted = {"Rewrite the scheduler": [600, 4], "Add the queue": [300, 3], added: [40, 1], f'Revert "{added}"': [40, 1]}
    size = {"role": "authored", "additions": 700, "deletions": 280, "files": 8, "file_paths": [f"src/m{i}.rs" for i in range(8)]}
    assert grade(MapItem(words, kind="commits", data={**size, "subject_lines": counted})).grade == "significant"
    assert grade(MapItem(words, kind="commits", data=size)).grade == "ordinary"  # no count: no size
    # only the largest are counted: the two left out take at most the smallest count each
    largest = {f"Step {i}": [10 + i, 1] for i in range(50)}
    steps = "; ".join([added, f'Revert "{added}"', *largest])
    big = {**size, "additions": 900, "deletions": 100, "subject_lines": largest}
    assert grade(MapItem(steps, kind="commits", data=big)).grade == "significant"  # 1000 - 2 * 10
    few = {**big, "subject_lines": dict(list(largest.items())[:10])}  # all there, and not them
    assert grade(MapItem(steps, kind="commits", data=few)).grade == "ordinary"


def test_a_count_of_lines_the_source_cannot_have_written_is_no_count() -> None:
    """``subject_lines`` read back from the store as JSON may hold what the git source never
    writes ("Infinity", which int() cannot take; a negative count, which would add lines; a
    number as text): the item is graded as with no count, and nothing raises (h-rev8)."""
    added = "Add a retry budget"
    words = f'{added}; Revert "{added}"; Rewrite the scheduler'
    size = {"role": "authored", "additions": 700, "deletions": 280, "files": 8, "file_paths": [f"src/m{i}.rs" for i in range(8)]}
    plain = grade(MapItem(words, kind="commits", data=size))
    for bad in (float("inf"), float("nan"), -5000, "40", None, True, 12.5):
        counted = {"Rewrite the scheduler": [900, 4], added: [bad, 1], f'Revert "{added}"': [40, 1]}
        g = grade(MapItem(words, kind="commits", data={**size, "subject_lines": counted}))
        assert g == plain, bad
    for shape in ([], {}, "40", 40, [None]):
        counted = {"Rewrite the scheduler": [900, 4], added: shape, f'Revert "{added}"': [40, 1]}
        assert grade(MapItem(words, kind="commits", data={**size, "subject_lines": counted})) == plain


def test_a_change_committed_again_after_its_revert_is_in_effect(
    ws: Workspace, tmp_path: Path
) -> None:
    """Committed, reverted and committed again the same day: the day's words list each commit
    in order, and the change counts (only its revert is no work). Reverted once more, it is
    undone again."""
    added = "Add a rate limiter to the upload endpoint"
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB, date="2026-11-02T09:00:00")
    r.commit(added, {"api/limit.py": "limit\n" * 40}, date="2026-11-03T09:00:00")
    r.git("revert", "--no-edit", "HEAD", date="2026-11-03T10:00:00")
    r.commit(added, {"api/limit.py": "limit\n" * 40}, date="2026-11-03T11:00:00")
    r.commit("Tidy the upload handler", {"web/up.py": "u\n" * 10}, date="2026-11-04T09:00:00")
    r.commit(added, {"web/limit.py": "l\n" * 40}, date="2026-11-04T10:00:00")
    r.git("revert", "--no-edit", "HEAD", date="2026-11-04T11:00:00")
    ws.harvest("git", paths=[str(r.path)])
    ws.map()
    day = {e.occurred_on: e for e in git_entries(ws)}
    again, undone = day["2026-11-03"], day["2026-11-04"]
    assert again.data["words"] == f'{added}; Revert "{added}"; {added}'
    assert own_subjects(again.data["words"]) == [added]
    assert undone.data["words"] == f'Tidy the upload handler; {added}; Revert "{added}"'
    assert own_subjects(undone.data["words"]) == ["Tidy the upload handler"]
    rows = {
        r["id"]: (r["substance"], r["substance_reason"])
        for r in ws.store.query("SELECT id, substance, substance_reason FROM evidence")
    }
    assert rows[again.id] == ("ordinary", "neither routine upkeep nor a change of unusual weight")
    assert again.areas
    assert [a.area for a in undone.areas] == ["code-quality"]  # the tidy-up is all that is left
    # twice reverted, twice committed: undone; a third commit puts it back
    twice = f'{added}; Revert "{added}"; {added}; Revert "{added}"'
    size = {"role": "authored", "additions": 160, "deletions": 80, "files": 1}
    assert grade(MapItem(twice, kind="commits", data=size)).reason == "a change and its revert"
    assert own_subjects(f"{twice}; {added}") == [added]


def test_gitmoji_read_as_the_commit_type_they_mean(mapper: Mapper) -> None:
    """ ":memo:" is documentation, not a strategy memo; ":arrow_up:" a dependency bump; the
    emoji itself works as its shortcode does."""
    size = _change(["include/json.hpp"])

    def judged(subject: str) -> tuple[str, list[str]]:
        g, found = assess(mapper, MapItem(subject, kind="commits", data=size))
        return g.grade, [s.expectation for s in found]

    assert judged(":memo: document which version introduced the macros") == (
        "ordinary",
        ["communication.documentation"],
    )
    assert judged(":arrow_up: bump actions/checkout from 4 to 5")[0] == "routine"
    assert judged(":bookmark: 3.11.3")[0] == "routine"
    assert judged("\U0001f41b handle empty input") == (
        "ordinary",
        ["technical-depth.stack-proficiency"],
    )
    assert judged(":zap: speed up the lexer")[1] == ["technical-depth.performance-concurrency"]


@given(
    st.lists(
        st.sampled_from([":", "memo", "bug", " ", "; ", "a", "\U0001f41b", "\u2728", "\ufe0f"])
    ).map("".join)
)
def test_reading_gitmoji_twice_reads_them_once(subjects: str) -> None:
    assert gitmoji(gitmoji(subjects)) == gitmoji(subjects)


def test_a_tiny_fix_of_a_reported_bug_is_not_upkeep() -> None:
    """Two lines are upkeep unless they say they fix something: after a scope ("[bash] Fix …",
    "Fix: …") or by the issue they fix ("Fixes #42"; "Closes #42" closes the pull request)."""
    tiny = {"additions": 1, "deletions": 1, "files": 1}

    def weight(subject: str, body: str | None = None) -> str:
        return grade(MapItem(subject, kind="commits", body=body, data=tiny)).grade

    assert weight("Use cut instead of sed in the default command") == "routine"
    assert weight("[bash] Fix variable completion of directory commands") == "ordinary"
    assert weight("caddyhttp: Fix the Host header on redirects") == "ordinary"
    assert weight("caddyhttp: Fix nil pointer dereference") == "significant"  # a crash, fixed
    assert weight("Fix: no connection timeout for the master!") == "ordinary"
    assert weight("doh: inherit DEBUGFUNCTION/DATA", "Reported-by: x\nFixes #11864") == "ordinary"
    assert weight("doh: inherit DEBUGFUNCTION/DATA", "Closes #11869") == "routine"


@pytest.mark.parametrize(
    ("text", "career"),
    [
        ("Weekly 1:1 with my manager about the promotion case", True),
        ("deps: debug@~2.1.1", False),
        ("Branch 1.1.x: 2 commits, +1/-1", False),
        ("Decode latin-1 (1 commit) correctly", False),
        ("Set the aspect ratio to 1:1.5", False),
    ],
)
def test_one_on_one_is_the_meeting_not_a_number(mapper: Mapper, text: str, career: bool) -> None:
    areas = {s.area for s in mapper.suggest(MapItem(text))}
    assert ("career" in areas) is career


def test_roles_of_commits() -> None:
    me = [ADA_MAIL]
    assert commit_role(emails=me, author="Ada", author_email=ADA_MAIL) == "authored"
    assert commit_role(emails=me, author=DEPENDABOT[0], author_email=DEPENDABOT[1]) == "bot"
    assert (
        commit_role(
            emails=me,
            author="Bob",
            author_email="bob@example.com",
            body="Fix it\n\nCo-authored-by: Ada <ADA@example.com>",
        )
        == "co-authored"
    )
    assert (
        commit_role(
            emails=me, author="Bob", author_email="bob@example.com", committer_email=ADA_MAIL
        )
        == "merged"
    )
    others = ["Bob <bob@example.com>", "Bob <bob@example.com>"]
    merge = {"emails": me, "author": "Ada", "author_email": ADA_MAIL, "merge": True}
    assert commit_role(**merge, merged_authors=others) == "merged"  # type: ignore[arg-type]
    assert commit_role(**merge, merged_authors=["Ada <ada@example.com>"]) == "authored"  # type: ignore[arg-type]
    bots = ["dependabot[bot] <x@users.noreply.github.com>"]
    assert commit_role(**merge, merged_authors=bots) == "bot"  # type: ignore[arg-type]


def test_assess_routine_gets_no_mapping_and_others_work_is_review_at_most(mapper: Mapper) -> None:
    g, found = assess(mapper, MapItem("Fix typo in the postmortem", kind="commits"))
    assert g.grade == "routine" and found == []
    paths = ["sched/core.py", "tests/test_sched.py"]
    merged = MapItem(
        "Redesign the scheduler for 10x load",
        kind="pull-request",
        data={"role": "merged", "merged_lines": 240, "file_paths": paths},
    )
    g, found = assess(mapper, merged)
    assert g.grade == "ordinary"
    assert [(s.area, s.expectation) for s in found] == [("code-quality", "code-quality.reviews")]
    assert "someone else's" in found[0].reason
    small = MapItem(
        "Redesign the scheduler for 10x load",
        kind="pull-request",
        data={"role": "merged", "merged_lines": 2, "file_paths": ["README.md"]},
    )
    g, found = assess(mapper, small)
    assert g.grade == "routine" and "merged" in g.reason and found == []
    bot = MapItem("Bump lodash from 4.17.20 to 4.17.21", kind="pull-request", data={"role": "bot"})
    assert assess(mapper, bot)[1] == []
    plain = MapItem("Add --vimgrep flag.", kind="commits", data={"additions": 40, "files": 3})
    g, found = assess(mapper, plain)
    assert g.grade == "ordinary" and found and found[0].area == "delivery"


def test_mapping_is_the_same_in_every_process(tmp_path: Path) -> None:
    texts = [
        "Chose the queue design after reading about its failure modes and trade-offs",
        "Read the course material and chose a design for the cache invalidation",
        "Wrote the design doc for retries with idempotency keys and backoff",
    ]
    script = (
        "import json,sys\n"
        "from ladder import framework\n"
        "from ladder.mapping import MapItem, Mapper\n"
        "m = Mapper(framework.parse(framework.default_source()[1]))\n"
        "print(json.dumps([[s.to_dict() for s in m.suggest(MapItem(t, body=t))]"
        " for t in json.loads(sys.argv[1])]))\n"
    )
    outs = set()
    for seed in ("1", "2", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, json.dumps(texts)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outs.add(done.stdout)
    assert len(outs) == 1


def test_harvest_knows_who_did_the_work(ws: Workspace, tmp_path: Path) -> None:
    r = Repo(tmp_path / "app")
    r.commit("Initial", {"README": "x\n"}, author=BOB)
    r.git("checkout", "-q", "-b", "parser")
    r.commit(
        "Rewrite the parser for speed",
        {"lib/parser/p.py": "p\n" * 50, "tests/test_p.py": "t\n" * 20},
        author=BOB,
    )
    r.git("checkout", "-q", "main")
    r.git(
        "merge",
        "-q",
        "--no-ff",
        "parser",
        "-m",
        "Merge pull request #7 from bob/parser",
        "-m",
        "Rewrite the parser for speed",
    )
    r.git("checkout", "-q", "-b", "typo")
    r.commit("Fix a typo in the README", {"README": "y\n"}, author=BOB)
    r.git("checkout", "-q", "main")
    r.git("merge", "-q", "--no-ff", "typo", "-m", "Merge pull request #6 from bob/typo")
    r.git("checkout", "-q", "-b", "dependabot/pip/lodash-4.17.21")
    r.commit(
        "Bump lodash from 4.17.20 to 4.17.21", {"requirements.txt": "lodash\n"}, author=DEPENDABOT
    )
    r.git("checkout", "-q", "main")
    r.git(
        "merge",
        "-q",
        "--no-ff",
        "dependabot/pip/lodash-4.17.21",
        "-m",
        "Merge pull request #8 from acme/dependabot/pip/lodash-4.17.21",
        "-m",
        "Bump lodash from 4.17.20 to 4.17.21",
    )
    r.commit("Avoid a deadlock when the pool shrinks", {"lib/pool.py": "q\n" * 30})
    ws.harvest("git", paths=[str(r.path)])
    ws.map()
    by_title = {e.text.split(" (")[0]: e for e in git_entries(ws)}
    merged = by_title["PR #7: Rewrite the parser for speed"]
    assert [a.area for a in merged.areas] == ["code-quality"]
    assert merged.data["merged_lines"] == 70 and merged.data["additions"] == 0
    assert merged.data["file_paths"] == ["lib/parser/p.py", "tests/test_p.py"]
    typo = next(e for e in git_entries(ws) if e.text.startswith("PR #6"))
    assert typo.areas == () and typo.data["merged_lines"] == 2
    bot = by_title["PR #8: Bump lodash from 4.17.20 to 4.17.21"]
    assert bot.areas == ()
    own = next(e for e in git_entries(ws) if "deadlock" in e.text)
    assert own.areas and own.areas[0].area == "technical-depth"
    rows = {
        r["id"]: (r["substance"], r["substance_reason"])
        for r in ws.store.query("SELECT id, substance, substance_reason FROM evidence")
    }
    assert rows[bot.id][0] == "routine" and rows[own.id][0] == "significant"
    assert "deadlock" in rows[own.id][1]


def test_routine_work_stays_in_the_log_and_never_counts(ws: Workspace) -> None:
    kept = ws.log("Shipped the importer to every customer", areas=["delivery"])
    e = ws.log("Bump version to 1.4.2", areas=["delivery"])
    ws.map()
    assert ws.entries(Filter(search="version"))[1] == 1  # kept and searchable
    assert ws.readiness().area("delivery").evidence == 1  # the shipped importer, not the bump
    assert kept.id != e.id
    assert ws.store.scalar("SELECT substance FROM evidence WHERE id = :i", {"i": e.id}) == (
        "routine"
    )


def test_the_persons_grade_wins_and_survives_remapping(ws: Workspace) -> None:
    e = ws.log("Shipped the importer to every customer", areas=["delivery"])
    ws.map()
    assert ws.entry(e.id).substance == "ordinary" and ws.entry(e.id).substance_by == "ladder"
    result = ws.tag(e.id, substance="Routine ")
    assert result.substance == "routine" and result.to_dict()["substance"] == "routine"
    ws.map(everything=True)
    got = ws.entry(e.id)
    assert (got.substance, got.substance_by, got.substance_reason) == (
        "routine",
        "user",
        "you said so",
    )
    assert ws.readiness().area("delivery").evidence == 0  # routine never counts
    ws.tag(e.id, substance="significant")
    assert ws.readiness().area("delivery").significant == 1


def test_tag_substance_from_the_cli(cli: Any) -> None:
    assert cli("init", "--name", "Ada", "--email", "ada@example.com").exit_code == 0
    assert cli("log", "Cut the p99 of search by 40%").exit_code == 0
    assert "Weight: not graded yet" in cli("show", "1").stdout  # status and map grade it
    assert cli("status").exit_code == 0
    res = cli("show", "1")
    assert "Weight: significant" in res.stdout and "by ladder" in res.stdout
    res = cli("tag", "1", "--substance", "huge")
    assert res.exit_code == 1 and "unknown substance 'huge'" in res.stderr
    assert "routine, ordinary, significant" in res.stderr
    res = cli("tag", "1", "-s", "ordinary")
    assert res.exit_code == 0 and "weighs as ordinary" in res.stdout
    shown = json.loads(cli("show", "1", "--json").stdout)
    assert (shown["substance"], shown["substance_by"]) == ("ordinary", "user")


def test_a_group_of_subjects_is_routine_only_when_every_one_is() -> None:
    size = {"additions": 60, "deletions": 10, "files": 3}
    upkeep = grade(MapItem("Fix typo in README; Bump version to 1.2.3", kind="commits", data=size))
    assert upkeep.grade == "routine" and upkeep.reason == "a typo or spelling fix"
    mixed = grade(MapItem("Fix typo in README; Rework the walker", kind="commits", data=size))
    assert mixed.grade == "ordinary"
    note = grade(MapItem("Fixed a typo. Then led the design review", kind="note"))
    assert note.grade == "ordinary"
    assert grade(MapItem("Fixed a typo in the onboarding doc.", kind="note")).grade == "routine"


def _change(paths: list[str], lines: int = 40) -> dict[str, Any]:
    return {
        "role": "authored",
        "additions": lines,
        "deletions": 0,
        "files": len(paths),
        "file_paths": paths,
    }


def _expectations(mapper: Mapper, text: str, data: dict[str, Any], kind: str = "commits") -> list[str]:
    """The expectations a change of ``kind`` with ``data`` is mapped to."""
    return [s.expectation for s in assess(mapper, MapItem(text, kind=kind, data=data))[1]]


def test_what_a_change_touches_decides_when_its_words_do_not(mapper: Mapper) -> None:
    """A project policy is leadership (a contributors' guide mentorship too), a change to the
    build is care for the build: not "documentation" or "delivery" by default."""

    def areas(subject: str, paths: list[str]) -> list[str]:
        return [
            s.area for s in assess(mapper, MapItem(subject, kind="commits", data=_change(paths)))[1]
        ]

    assert areas("Update SECURITY.md", ["SECURITY.md"]) == ["leadership"]
    assert areas("Contributing file added", ["CONTRIBUTING"]) == ["leadership", "mentorship"]
    assert areas("Rework the getting started page", ["docs/start.md"]) == ["communication"]
    assert areas("Cluster TODO updated", ["TODO"]) == ["communication"]
    assert areas("automake 1.5 should be enough", ["buildconf", "configure.ac"]) == ["code-quality"]
    assert areas("Require click 8.1 or later", ["pyproject.toml"]) == ["code-quality"]
    assert areas("Add the missing aiohttp dependency", ["setup.py"]) == ["code-quality"]
    assert areas("Rework the request loop", ["src/loop.c"]) == ["delivery"]
    # a change to code whose words say it is about building it: care for the build
    assert areas("make it compile on QNX 6.2", ["src/main.c"]) == ["code-quality"]
    # a change that tidies what is there (uses, drops, removes, renames): the code's health,
    # after a scope too; adding to it stays delivery
    assert areas("Use uppercased names for constants", ["src/ws.py"]) == ["code-quality"]
    assert areas("streams: Drop the EOF_MARKER constant", ["src/streams.py"]) == ["code-quality"]
    assert areas("Regroup bootstrapers", ["src/bootstrap.php"]) == ["code-quality"]
    # ... unless it says when the program does it: a change of behaviour
    assert areas("Use distributed messaging for longpoll if available", ["lib/longpoll.ex"]) == ["delivery"]
    assert areas("Use local repo for platform checks when possible", ["src/Platform.php"]) == ["delivery"]
    # a version of the platform it runs on is such a condition; a dependency's version alone not
    assert areas("Use floating pane instead of popup on tmux 3.7 or above", ["src/tmux.go"]) == ["delivery"]
    # ... but compat code removed for the versions a project supports still tidies (h-rev5)
    assert areas("Remove compat code for Python 3.8 and above", ["src/compat.py"]) == ["code-quality"]
    assert areas("Use strings.Builder instead of += on every token", ["src/server.go"]) == ["code-quality"]
    assert areas("Move the Version util to the Platform namespace", ["src/Version.php"]) == ["code-quality"]
    assert areas("Add a reader for chunked bodies", ["src/streams.py"]) == ["delivery"]
    assert areas("Users can drop a file on the page", ["src/page.py"]) == ["delivery"]
    # tests named in the description of a change to code say how it was done, not what it is
    squash = MapItem(
        "Sync or Async dispatch",
        kind="commits",
        body="* Support thread-pooled dispatch\n* Test case for byte iterator\n* Coverage",
        data=_change(["httpcore/client.py", "httpcore/dispatch.py", "tests/test_client.py"]),
    )
    assert [s.area for s in assess(mapper, squash)[1]] == ["delivery"]
    assert areas("Add tests for the CLI client", ["src/cli.py", "tests/test_cli.py"]) == [
        "code-quality"
    ]
    # a regression suite (OpenBSD's and PostgreSQL's regress/) is tests: "alerts" there names
    # the feature tested, not on-call alerts
    assert areas("Add to alerts tests.", ["regress/alerts-bell.sh"]) == ["code-quality"]
    # ... and so are tests with the build file that runs them
    assert areas("Add to alerts tests.", ["Makefile.am", "regress/alerts.sh"]) == ["code-quality"]
    # a document that names security fixes no security bug
    assert (
        grade(MapItem("Update SECURITY.md", kind="commits", data=_change(["SECURITY.md"]))).grade
        == "ordinary"
    )
    # nor does a test that names a crash fix one
    crashing = MapItem("Add a crashing config.", kind="commits", data=_change(["regress/conf/a.conf"], 8))
    assert grade(crashing).grade == "ordinary"
    assert grade(dataclasses.replace(crashing, data=_change(["cfg.c"], 8))).grade == "significant"


def test_vendored_code_brought_up_to_date_is_upkeep() -> None:
    paths = [f"deps/hiredis/file{i}.c" for i in range(30)]
    g = grade(
        MapItem(
            "deps/hiredis updated to latest version.", kind="commits", data=_change(paths, 3000)
        )
    )
    assert (g.grade, g.reason) == ("routine", "an update of vendored code")
    # a fix made inside vendored code is the person's work
    fix = grade(
        MapItem("Fix a crash in the vendored parser", kind="commits", data=_change(paths[:1], 12))
    )
    assert fix.grade != "routine"


def test_words_that_share_a_stem_with_the_lexicon_do_not_match(mapper: Mapper) -> None:
    """ "typing" and "type", "internals" and "internal" stem alike: only the first of each is
    a signal (type hints; deep knowledge of internals)."""
    item = MapItem("Keep type information with placeholders", kind="commits")
    assert "code-quality" not in [s.area for s in mapper.suggest(item)]
    assert "code-quality" in [
        s.area for s in mapper.suggest(MapItem("Add typing to the parser", kind="commits"))
    ]


@pytest.mark.parametrize(
    ("subject", "body", "paths", "wrong"),
    [
        # a C programmer's stack overflow is a crash, not a post on the Q&A site
        (
            "tool_formparse: tool2curlparts is no longer recursive",
            "Deep nesting could cause a stack overflow.",
            ["src/tool_formparse.c"],
            "communication",
        ),
        # clarifying a man page is documentation, not shaping requirements
        (
            "curl_global_sslset.3: clarify the openssl situation",
            "",
            ["docs/libcurl/curl_global_sslset.3"],
            "leadership",
        ),
        # a scope that names a file is where the change is, not what it does
        (
            "lib: return OK earlier for the deprecated h2 dep options",
            "",
            ["lib/setopt.c"],
            "system-design",
        ),
        ("DEPRECATE: remove last empty line", "", ["docs/DEPRECATE.md"], "system-design"),
        # code that talks to a server gives no talk
        ("sftp: talk to the server with the new handshake", "", ["lib/sftp.c"], "communication"),
        # the product's own protocol named in a change is not operations work
        (
            "openssl: disable TLS renegotiation with BoringSSL",
            "",
            ["lib/vtls/openssl.c"],
            "operations",
        ),
        # exec(2) is a system call, not the executives; GitHub's code scanning alerts are not
        # an on-call's alerts; duplicate paths in a list are not duplicate messages
        (
            "Skip FZF_CURRENT_ITEM export when item contains NUL",
            "- exec(2) rejects env entries containing NUL\n- skip the export and document the limitation",
            ["src/terminal.go"],
            "communication",
        ),
        ("Address code scanning alerts", "", ["src/server.go"], "operations"),
    ],
)
def test_incidental_words_do_not_decide_the_area(
    mapper: Mapper, subject: str, body: str, paths: list[str], wrong: str
) -> None:
    item = MapItem(subject, kind="commits", body=body or None, data=_change(paths, 40))
    got = [s.area for s in assess(mapper, item)[1]]
    assert got and wrong not in got, got


def test_code_words_that_sound_like_career_words_are_not_read_as_them(mapper: Mapper) -> None:
    """Duplicate paths are not duplicate messages, an expression evaluated is no evaluation of
    options, a fuzzy matcher is no ambiguity handled, "tests" are tests written, not a strategy."""
    for subject, body, word in (
        ("Avoid duplicate paths in MANPATH", "", "duplicate"),
        ("Run 'become' only when the template is properly evaluated", "", "evaluat"),
        ("Skip dead zones in FuzzyMatch score computation", "fuzzy matching", "fuzzy"),
        ("Fix a test failure on Windows", "", "testing strategy"),
        # "its own", "default to", an idle event, an HTTP POST, the alternative screen
        ("Give each pane its own border", "the popup keeps its own size", '"own"'),
        ("Default to native border for floating panes", "", '"default"'),
        ("Add every(N) bind event and FZF_IDLE_TIME", "fires when idle", '"idle"'),
        ("server: avoid O(n^2) body accumulation", "a single ~390 KB POST", '"post"'),
        ("Restore the alternative screen on exit", "", '"alternative"'),
        ("Ensure `_.at` works with an out of range index", "", '"index"'),
        ("Include labels when encoding polymorphic types", "", '"labels"'),
        ("Keep HTTPError as a base class for .raise_for_status()", "", '"status"'),
        # a name in snake case is one word of the code; a tool's own projects; a variable
        # not bound; what a package ships with
        ("Merge custom headers with put_secure_browser_headers", "", '"secure"'),
        ("Show warnings for each missing platform package in create-project", "", '"project"'),
        ("Add phoenix.js to the project template", "", '"project"'),
        ("Fix unbound variable in the socket", "", '"unbound"'),
        ("Fix version_compare for ubuntu that ships with versions like 5.3.3-1", "", '"ships"'),
        ("Output an error if the disk is full when writing the cache", "", '"disk"'),
        # the terminal's pager and a paged view are no on-call pager
        ("Write error messages to pager, if attached", "", '"pager"'),
        ("Add paging to advanced example", "", '"paging"'),
        ("Add 'rouge' to list of alternatives", "", '"alternatives"'),
        # a program keeping its own state, and the size a call needs
        ("Use open/fchdir to save and restore the current directory", "", "operations"),
        ("Pass the right size to calloc", "", "operations"),
        # review comments addressed in the person's own change: no review they gave
        ("Sync streaming interface on responses", "* Address review comments", "design-level"),
        # nor do the words a design-level review would use, in the person's own change
        ("Better error handling", "Renamed the error type", "design-level"),
    ):
        item = MapItem(subject, kind="commits", body=body or None, data=_change(["src/a.go"]))
        reasons = [s.reason for s in assess(mapper, item)[1]]
        assert reasons and not any(word in r for r in reasons), reasons
    item = MapItem(
        "Improve rendering performance by caching rune widths",
        kind="commits",
        data=_change(["src/terminal.go"]),
    )
    assert [s.expectation for s in assess(mapper, item)[1]] == [
        "technical-depth.performance-concurrency"
    ]


def test_what_leaks_decides_whether_it_is_memory_or_security(mapper: Mapper) -> None:
    """A leaked response body or URL is information disclosed (security), a leak in a pool
    is memory; a status number ("a 400/500 request") is no incident, "the 500s" still are."""
    def areas(subject: str) -> list[str]:
        item = MapItem(subject, kind="commits", data=_change(["src/Util/Http.php"]))
        return [s.expectation for s in assess(mapper, item)[1]]

    assert areas("Sanitize JSON parse errors to avoid leaking response bodies") == [
        "system-design.security-compliance"
    ]
    assert areas("Do not allow an external url without scheme to leak to local redir") == [
        "system-design.security-compliance"
    ]
    assert areas("Fix leak in the connection pool") == ["technical-depth.performance-concurrency"]
    assert "operations.incidents-rca" not in areas("Avoid duplicate output when a 400/500 request fails")
    assert "operations.incidents-rca" in areas("Diagnose the 500s after the deploy")


def test_a_histogram_is_observability_only_beside_a_metric(mapper: Mapper) -> None:
    """A histogram a tool plots is a chart, and a script any script; beside a metric or a
    latency a histogram is the service's observability. A day that mostly moves code around
    is a clean-up."""
    def areas(subject: str) -> list[str]:
        item = MapItem(subject, kind="commits", data=_change(["src/stats.rs"]))
        return [s.expectation for s in assess(mapper, item)[1]]

    assert "operations.observability" not in areas("Show the full range in histograms")
    assert not any(
        e.startswith("operations.") for e in areas("Add --t-min/--t-max to histogram script")
    )
    assert areas("Add latency histogram for the API") == ["operations.observability"]
    # a day whose subjects mostly tidy is a clean-up, whatever its first one says; a separate
    # file alone moves nothing
    assert areas("Move progress bar to separate module") == ["code-quality.tech-debt"]
    day = "Flat module structure; Move tokenize to new file; Move the timer to its own module"
    assert areas(day) == ["code-quality.tech-debt"]
    assert areas("Flat module structure; Add the timer; Move the timer") == ["delivery.features"]
    assert "code-quality.tech-debt" not in areas("Write logs to a separate file")
    assert "operations.observability" in areas("Export request latency histograms as metrics")


def test_a_change_that_only_mends_the_documentation_in_code_is_documentation(mapper: Mapper) -> None:
    """"Fix docs" in a file of code mends its comments: documentation, not a fix that shows
    how well the person knows the stack; a fix to code beside it still is one."""
    paths = _change(["lib/phoenix/router.ex", "lib/phoenix/socket.ex"])
    for subject in ("Fixup docs", "Bump docs; Fix docs", "Update router docs", "Improve the moduledoc",
                    "doc fixes", "minor documentation updates"):  # the noun too (h-rev6)
        found = assess(mapper, MapItem(subject, kind="commits", data=paths))[1]
        assert [s.expectation for s in found] == ["communication.documentation"], subject
    both = assess(mapper, MapItem("Fix docs; Fix the socket reconnecting twice", kind="commits", data=paths))[1]
    assert [s.area for s in both] == ["technical-depth"]
    fixes = assess(mapper, MapItem("Doc updates to the API; fix crash", kind="commits", data=paths))[1]
    assert "communication" not in [s.area for s in fixes]


def test_the_on_call_pager_still_counts(mapper: Mapper) -> None:
    """The on-call's pager and being paged are operations work, in a note as in a change."""
    for text in (
        "Carried the pager for the payments team this week",
        "Got woken by the pager three times this week",
        "Took the pager for the holiday week",
        "Rewrote our pager escalation policy",
        "Was paged twice for the disk alert and wrote up both",
        "Cut paging noise by half by merging duplicate alerts",
    ):
        got = [s.area for s in mapper.suggest(MapItem(text, kind="note"))]
        assert "operations" in got, (text, got)


def test_a_proposals_words_are_not_the_job_words_they_sound_like(mapper: Mapper) -> None:
    """In a change to documents, where people areas may show: a linked article is no article
    written, blocking I/O no blocking review comment, a process clock no team process."""
    for subject, word in (
        ("PEP 446: add a link to the LWN article", '"article"'),
        ("PEP 524: Make os.urandom() blocking on Linux", '"blocking"'),
        ("PEP 564: add process_time()", '"process"'),
    ):
        item = MapItem(subject, kind="commits", data=_change(["peps/pep-0446.rst"]))
        reasons = [s.reason for s in assess(mapper, item)[1]]
        assert reasons and not any(word in r for r in reasons), reasons


def test_code_words_that_sound_like_delivery_are_not_read_as_it(mapper: Mapper) -> None:
    for subject in (
        "hyper: deliver data to application with Curl_client_write",
        "printf: fix the integer conversions for 64-bit",
    ):
        item = MapItem(subject, kind="commits", data=_change(["lib/c-hyper.c"]))
        reasons = [s.reason for s in assess(mapper, item)[1]]
        assert not any("deliver" in r.split("→")[0] or "conversion" in r for r in reasons), reasons


def test_versions_ci_notes_and_trailers_are_not_words_of_the_work(mapper: Mapper) -> None:
    """ "v1.4.4" is a version, not API v1; "[ci skip]" asks CI not to run; "Former-commit-id:"
    is a trailer."""
    item = MapItem(
        "Update the build to follow v1.4.4 null behavior",
        kind="commits",
        data=_change(["lodash.js"]),
    )
    assert not any("v1" in s.reason for s in assess(mapper, item)[1])
    item = MapItem("Remove extraneous examples. [ci skip]", kind="commits", data=_change(["a.js"]))
    assert "code-quality.ci-cd" not in [s.expectation for s in assess(mapper, item)[1]]
    assert drop_credits("Simplify it.\n\nFormer-commit-id: d15df51e\nChange-Id: I8a7b") == (
        "Simplify it.\n\n\n"
    )
    item = MapItem("Freeze the v1 API; add v2", kind="commits", data=_change(["api.py"]))
    assert [s.area for s in assess(mapper, item)[1]] == ["system-design"]


def test_an_upgrade_path_for_users_is_api_evolution(mapper: Mapper) -> None:
    item = MapItem(
        "Graceful upgrade path for 0.28.", kind="commits", data=_change(["httpx/_api.py"])
    )
    assert [s.expectation for s in assess(mapper, item)[1]] == ["system-design.api-evolution"]


def test_the_act_of_deprecating_is_still_api_evolution(mapper: Mapper) -> None:
    early = MapItem(
        "http2: avoid too early connection re-use", kind="commits", data=_change(["lib/h2.c"])
    )
    assert not any("early" in s.reason for s in assess(mapper, early)[1])  # not an early launch
    for subject in ("Deprecate the singular req.accept* methods", "Deprecated the old -x flag"):
        item = MapItem(subject, kind="commits", data=_change(["lib/api.c"], 40))
        assert "system-design" in [s.area for s in assess(mapper, item)[1]], subject


@pytest.mark.parametrize(
    ("subject", "body"),
    [
        ("Fix/ignore MB_ONIGURUMA_VERSION deprecation, fixes #12967", ""),
        ("Fix some PHP 8.1 deprecation warnings", ""),
        ("More php8.1 deprecation fixes, refs #10008", ""),
        ("Fix the error handler to avoid spamming output too much with deprecation notices", ""),
        ("Remove use of deprecated getMock method", ""),
        ("Use Authorization header instead of deprecated access_token query param", ""),
        ("caddytls: Remove PreferServerCipherSuites", "It has been deprecated by Go"),
        # Python's warning classes by name
        ("Ignore aiohttp DeprecationWarning for 3.12", ""),
        ("Silence PendingDeprecationWarning in the tests", ""),
        # where another project's tools are going (alembic)
        ("remove python setup.py test", '"setup.py" commands are in general headed towards deprecation in favor of tox.'),
        # what was deprecated before, dropped from the text or no longer advised
        ("Remove deprecated FZF_TMUX vars from shell script headers", ""),
        ("Do not recommend the deprecated `data=` kwarg for passing bytes. (#2044)", ""),
        ("Updating deprecated docstring Client() class (#3426)", ""),
        ("shell: 1 commit", "- Remove deprecated FZF_TMUX vars from shell script headers\n- Tidy"),
        # where the warning showed, a deprecation worked around or its warnings cleaned up,
        # something deprecated used still or its import dropped (serde, Alamofire)
        ("Fix Package.swift Deprecation Warning (#3911)", "This PR fixes the deprecation in the Package.swift file."),
        ("Fix 2020 and 2021 Deprecation Warnings (#3555)", "* Fix deprecations on newer OSes."),
        ("Work around deprecation of str::trim_left_matches", ""),
        ("cleanup some deprecation warnings", ""),
        ("Keep using deprecated AsciiExt on old compilers", ""),
        ("Use deprecated method.", ""),
        ("Delete deprecated AsciiExt extension trait import", ""),
    ],
)
def test_keeping_up_with_a_deprecation_elsewhere_is_no_api_change(
    mapper: Mapper, subject: str, body: str
) -> None:
    """A deprecation in PHP, a library or Go that the change keeps up with is upkeep of the
    code: not significant, not API design. The person's own deprecations stay both."""
    item = MapItem(subject, kind="commits", body=body or None, data=_change(["src/Util/Http.php"]))
    g, found = assess(mapper, item)
    assert g.grade != "significant", g.reason
    assert "system-design.api-evolution" not in [s.expectation for s in found]
    own = MapItem("Add deprecation warning to old .composer files", kind="commits", data=_change(["src/a.php"]))
    g, found = assess(mapper, own)
    assert g.grade == "significant" and "system-design" in [s.area for s in found]
    raised = MapItem("Raise a DeprecationWarning when X is used", kind="commits", data=_change(["src/a.py"]))
    assert assess(mapper, raised)[0].grade == "significant"
    marked = MapItem("Mark the v1 API as deprecated", kind="commits", body="It is heading towards deprecation.",
                     data=_change(["src/a.py"]))
    assert assess(mapper, marked)[0].grade == "significant"
    for removed in (  # what was deprecated, taken out of the API or its code: still an API change
        "Drop deprecated proxies API (#1058)",
        "Remove deprecated options from the CLI parser",
        "Remove the deprecated --tac flag in the help parser",
        # a C header is the API; a deprecation notice written is the person's (h-rev5)
        "Remove deprecated functions from the header",
        "Remove deprecated macros in the public headers",
        "Add deprecated docstring warning for the old API",
        # the person's own warning about what is deprecated, or its marker put on
        "Warn when using deprecated options",
        "Error on using deprecated syntax",
        "Use deprecated attribute for old methods",
        "Fix deprecation of the --foo flag",
    ):
        assert grade(MapItem(removed, kind="commits", data=_change(["src/options.go"]))).grade == "significant"


def test_credit_lines_say_who_helped_not_what_changed(mapper: Mapper) -> None:
    body = (
        "A zero-initialized static value is not guaranteed to be a valid mutex.\n\n"
        "Spotted by Codex Security\nReported-by: Alex Crash\nCloses #21432\n"
    )
    item = MapItem(
        "hostip: init the jmpenv lock appropriately",
        kind="commits",
        body=body,
        data=_change(["lib/hostip.c"], 7),
    )
    g, found = assess(mapper, item)
    assert g.grade != "significant", g.reason  # no security bug and no crash was fixed
    assert not any("security" in s.reason or "crash" in s.reason for s in found)
    # a reference that goes on is the person's sentence, and so is "found … by running …"
    for own_line in (
        "Fixes #42: a data race in the worker pool corrupted memory.",
        "Found the race by running the stress test under TSan.",
    ):
        assert drop_credits(own_line) == own_line
    assert drop_credits("Fixes #9 and #10\n(cherry picked from commit 0123456789abcdef)") == "\n"
    # the same words in the person's own sentence still count
    own = MapItem(
        "hostip: fix a crash when the lock is not initialised",
        kind="commits",
        body=body,
        data=_change(["lib/hostip.c"], 7),
    )
    assert grade(own).grade == "significant"


_PIECES = [*"abc #:-/\n", "by ", "Fixes ", "Spotted ", "Reported-by: ", "12"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_dropping_credit_lines_is_idempotent_and_keeps_other_lines(body: str) -> None:
    once = drop_credits(body)
    assert drop_credits(once) == once
    assert once.count("\n") == body.count("\n")  # lines are emptied, never joined
    for before, after in zip(body.split("\n"), once.split("\n"), strict=True):
        assert after in (before, "")


def test_a_rollups_listed_subjects_lose_their_file_scopes_too() -> None:
    body = "- DEPRECATE: remove last empty line\n- multi.h: add a comment\n"
    item = MapItem(
        "DEPRECATE: remove last empty line; multi.h: add a comment",
        kind="commits",
        body=body,
        data=_change(["docs/DEPRECATE.md", "include/multi.h"], 12),
    )
    assert "deprecat" not in grade(item).reason


def test_a_rollup_is_read_change_by_change_without_its_routine_ones(mapper: Mapper) -> None:
    data = _change(["lib/parser.c", "lib/config.c", "docs/DEPRECATE.md"], 200)
    both = MapItem(
        "Fix a memory leak in the parser; Rename and simplify the config loader",
        kind="commits",
        data=data,
    )
    assert {s.area for s in assess(mapper, both)[1]} == {"technical-depth", "code-quality"}
    # a routine subject ("fix … typo") lends the day's work none of its words
    typo = MapItem(
        "fix minor release number typo; add the CLEAR_ALL bit to multi.h", kind="commits", data=data
    )
    assert not any("release" in s.reason for s in assess(mapper, typo)[1])
    # a directory scope names a kind of work; a file scope does not
    assert "code-quality" in [
        s.area
        for s in assess(
            mapper,
            MapItem(
                "tests/unit: cover the URL parser's edge cases",
                kind="commits",
                data=_change(["lib/urlapi.c"]),
            ),
        )[1]
    ]


@pytest.mark.parametrize(
    ("subject", "applied"),
    [
        ("Christian Krause fixed a build failure when building with gss support", True),
        ("James MacMillan's patch makes curl build on QNX 6.2.x.", True),
        ("T. Bharath fixed the TIMER_REDIRECT.; T. Bharath fixed higher resolution time", True),
        # a report credited: the fix is the person's own
        ("Dima Barsky reported a problem with GnuTLS-enabled libcurl", False),
        ("Cluster TODO updated", False),
        ("Fix the parser for empty headers", False),
        ("Ünal Öztürk fixed the parser", True),
        # the person's own work that names someone's thing
        ("Make Python's tests work on Windows", False),
        ("Use Java's new work queue to cut p99 latency by 40%", False),
        ("Fix Daniel's patch: it leaked memory", False),
        ("Windows Builds fixed", False),
        # whose change it is said at its end, as patches taken by mail are committed
        ("Add pane-base-index option, from Ben Barbour.", True),
        ("Do not leak error message, use it instead. From Dane Jensen", True),
        ("Allow attributes in menu style, from Japin Li in GitHub issue 4194.", True),
        ("Cast parameters to tparm, from Christos Zoulas via Leonardo Taccari.", True),
        ("Restore umask if bind fails, from nachalsa at naver dot com.", True),
        ("Option to show the active pane in another colour. From Paul Hoffman, thanks.", True),
        ("Add a -l flag to display-message, from Aaron Jensen. GitHub issue 3372.", True),
        ("Fix memory leak, from Chris Lewis, reported by Huihui Huang.", True),
        ("Prefer libtinfow if it is available, GitHub issue 5224 from Lars Wendler.", True),
        ("Allow a large line number with goto-line, from Mark Kelly in GitHub issue 1460.", True),
        # help or a report from someone: the change is the person's own
        ("Add bracket keys. Suggested by and help from Chris Barber in GitHub issue 1666.", False),
        ("Allow drag in alternate screen again, reported by Brad King.", False),
        ("Tidy up error messages from split-window.", False),
        ("Import the parser from OpenBSD.", False),
        ("Port the build from Visual Studio", False),
        # where data comes from, in any case: no one credited
        ("Fix crash when reading from Unix Domain Sockets", False),
        ("Fix Crash When Restoring From Saved State", False),
        ("Load secrets from Azure Key Vault", False),
        ("Port the tokenizer from Free Pascal.", False),
    ],
)
def test_a_subject_that_credits_someone_else_is_a_contribution_applied(
    mapper: Mapper, subject: str, applied: bool
) -> None:
    item = MapItem(subject, kind="commits", data=_change(["lib/gss.c", "configure.ac"], 400))
    g, found = assess(mapper, item)
    if applied:
        assert "you applied" in g.reason
        assert [(s.area, s.reason.split(" →")[0]) for s in found] == [
            ("code-quality", "you applied someone else's change")
        ]
    else:
        assert "applied" not in g.reason and not any("applied" in s.reason for s in found)


def test_a_list_cut_short_stays_cut_short_without_the_credited_subjects() -> None:
    """A day's subjects cut short with no body to list the rest: dropping the credited one
    leaves a list that still says it is cut short."""
    from ladder.mapping.judge import _without_credited

    item = MapItem("Fix leak, from Bob Smith.; Add retries; Tidy the loop; \u2026", kind="commits")
    assert _without_credited(item).text == "Add retries; Tidy the loop; \u2026"


def test_a_regression_module_is_code_and_a_regression_suite_tests() -> None:
    """``regress/`` at the top is a regression suite (OpenBSD's, PostgreSQL's); a module named
    ``regression`` inside a package is code: a segfault fixed there is a hard fix."""
    code = _change(["statsmodels/regression/linear_model.py"], 30)
    assert grade(MapItem("Fix segfault in OLS", kind="commits", data=code)).grade == "significant"
    suite = _change(["regress/alerts.sh"], 30)
    assert grade(MapItem("Fix segfault in OLS", kind="commits", data=suite)).grade != "significant"
    # a package's setup.py beside its tests is the build's logic, not tests
    ext = _change(["setup.py", "tests/test_ext.py"], 30)
    assert grade(MapItem("Fix crash in the C extension build", kind="commits", data=ext)).grade == "significant"


def test_a_day_weighs_and_shows_only_the_subjects_that_are_the_persons_own(mapper: Mapper) -> None:
    """Of a day's commits, the ones that credit someone else with the change ("…, from Patrick
    Palka.") are theirs: their words neither make the day a hard bug fix nor map it; a day
    cut short ("A; B; …") is the person's own when its body lists their change too."""
    own = "Give each option a scope type in one table."
    theirs = "Memory leaks and an uninitialized part of utf8_data, from Patrick Palka."
    races = theirs.replace("Memory leaks", "Races")
    data = {**_change(["options.c", "tmux.h"], 120), "commits": 2}
    alone = [s.area for s in assess(mapper, MapItem(own, kind="commits", data=data))[1]]
    for title, listed in (
        (f"{own}; {theirs}", [own, theirs]),
        (f"{theirs}; {races}; \u2026", [theirs, races, own]),
    ):
        body = "\n".join(f"- {x}" for x in listed)
        g, found = assess(mapper, MapItem(title, kind="commits", body=body, data=data))
        assert g.grade == "ordinary", g.reason
        assert [s.area for s in found] == alone
    # what a packet or a verdict states of the day is the person's own change
    assert own_subjects(f"{own}; {theirs}") == [own]
    assert own_subjects(theirs) == [theirs]  # a contribution applied is stated as it is


def test_a_change_that_changed_no_file_is_routine() -> None:
    """An empty commit (a pull request squashed onto a fix already made) is no work, whatever
    it says; a change whose files are not known is judged by its words."""
    empty = {"role": "authored", "additions": 0, "deletions": 0, "files": 0, "file_paths": []}
    g = grade(MapItem("Fix a crash in the match test", kind="pull-request", data=empty))
    assert (g.grade, g.reason) == ("routine", "a change that changed no file")
    assert grade(MapItem("Fix a crash in the match test", kind="commits")).grade == "significant"


def test_a_subject_that_states_its_hard_bug_is_its_fix(mapper: Mapper) -> None:
    """Vim and Neovim write a patch's subject as its problem ("crash when …", "Integer overflow
    with …"): the change fixes that hard bug, technical depth; a change that adds or watches
    for one ("Add a crash reporter", "Now HINCRBY can detect overflows too") is not its fix;
    memory used after it was freed is a hard bug, memory freed for reuse is not."""
    data = _change(["src/undo.c", "src/testdir/test_undo.vim", "src/version.c"])

    def judged(subject: str) -> tuple[str, list[str]]:
        g, found = assess(mapper, MapItem(subject, kind="commits", data=data))
        return g.grade, [s.expectation for s in found]

    for subject in (
        "patch 9.0.1763: crash when passing invalid buffer to undotree()",
        ":bwipe crashes if WinLeave wipes all other buffers",
        "Integer overflow with \"ze\" and large 'sidescrolloff'",
        "Divide by zero with getmousepos() and 'smoothscroll'",
    ):
        assert judged(subject) == ("significant", ["technical-depth.stack-proficiency"]), subject
    assert judged("using freed memory using synstack() in WinEnter")[0] == "significant"
    for subject in (
        "Add a crash reporter",
        "Crash reporting for Android",
        "Now HINCRBY can detect overflows too",
        "Show a dialog when the app hangs",
    ):
        assert judged(subject)[1] == ["delivery.features"], subject
    assert judged("Return freed memory to the pool")[0] == "ordinary"


def test_release_signatures_made_again_are_upkeep() -> None:
    """A release's signatures remade with a new key (150 ``.asc`` files and the ``.key``) are
    no sizeable change, whatever their lines; code that checks signatures, or a key beside the
    code that uses it, is work."""
    sigs = [f"sig/v1.7.1/jq-{arch}.asc" for arch in ("linux-amd64", "linux-arm64", "win64.exe")]
    resigned = {**_change([*sigs, "sig/jq-release-new.key"], 2000), "deletions": 1900}
    g = grade(MapItem("Update GPG signing key (fix #3381)", kind="commits", data=resigned))
    assert g.grade == "routine", g.reason
    for paths in (["src/verify.c", "tests/keys/release.pub"], ["src/tls.c", "certs/server.key"]):
        g = grade(MapItem("Verify release signatures before install", kind="commits", data=_change(paths, 120)))
        assert g.grade == "ordinary", (paths, g.reason)
    old_sums = _change([f"sig/v1.{v}/sha256sum.txt" for v in (4, 5, 6)], 8)
    g = grade(MapItem("Add checksum signature of old release artifacts", kind="commits", data=old_sums))
    assert g.grade == "routine", g.reason
    checksums = _change(["scripts/release.sh", "dist/SHA256SUMS.sha256"], 60)
    assert grade(MapItem("Publish checksums with each release", kind="commits", data=checksums)).grade == "ordinary"


def test_a_subject_that_names_waste_in_the_code_is_a_clean_up(mapper: Mapper) -> None:
    """Vim names the waste a patch removes ("patch 9.1.0717: Unnecessary nextcmd NULL checks in
    …", "Outdated comment in eval.c", "Unnecessary redraw when setting 'winfixbuf'"): tech
    debt, whatever the "when"; waste a user sees is a bug ("Duplicate entries shown in the
    completion menu", "Outdated cache served after a reload", "Dead keys not working")."""
    data = _change(["src/ex_docmd.c", "src/version.c"])

    def mapped(subject: str) -> list[str]:
        return _expectations(mapper, subject, data)

    for subject in (
        "patch 9.1.0717: Unnecessary nextcmd NULL checks in parse_command_modifiers()",
        "Outdated comment in eval.c",
        "Unnecessary redraw when setting 'winfixbuf'",
        "Unnecessary STRLEN() when applying mapping",
        "patch 9.0.0095: conditions are always true",
        'flag "new_value_alloced" is always true',
    ):
        assert mapped(subject) == ["code-quality.tech-debt"], subject
    for subject in (
        "Login check is always false on Windows",
        "Result is always false for empty lists",
        "Duplicate entries shown in the completion menu",
        "Outdated cache served after a reload",
        "Dead keys not working on macOS",
    ):
        assert mapped(subject) == ["delivery.features"], subject


def test_a_fix_to_the_manual_on_a_topic_is_documentation(mapper: Mapper) -> None:
    """"Fix manual on paths/1 to use boolean filter" mends the manual (beside the test made
    from it): documentation, not a fix to code; the manual's build or parser is code."""
    data = _change(["docs/content/manual/manual.yml", "tests/man.test"])

    def mapped(subject: str) -> list[str]:
        return _expectations(mapper, subject, data)

    assert mapped(
        "Fix the latest manual on string multiplication by zero; "
        "Fix manual on paths/1 to use boolean filter for its argument"
    ) == ["communication.documentation"]
    assert mapped("Fix the manual page parser on Windows") == ["technical-depth.stack-proficiency"]
    assert mapped("Fix man page build on macOS") == ["code-quality.ci-cd"]


@pytest.mark.parametrize(
    ("text", "paths", "expected"),
    [
        # a requirement pinned as pip writes it (django's "Updated to requests==2.25.1")
        ("Updated to requests==2.25.1", ["setup.py"], "routine"),
        ("Bump django-money>=0.15", ["setup.py"], "routine"),
        ("Update handling of == in version specifiers", ["src/specifiers.py"], "ordinary"),
        ("Pin the worker pool size to 4 in tests", ["src/pool.py"], "ordinary"),
        # a requirements/ folder of pip files is a lock file
        ("Updated test requirements", ["requirements/common.txt", "requirements/tests.txt"], "routine"),
        ("Parse requirements files in the resolver", ["src/resolver/requirements.py"], "ordinary"),
        # what a release needs brought up to it, named by the release
        ("Updated download page for 4.x releases.", ["templates/download.html"], "routine"),
        ("Updated docs-related model fixtures for 3.1 release.", ["releases/fixtures/doc_releases.json"], "routine"),
        ("Update the upgrade guide for the 2.0 release", ["src/guide/upgrade.py"], "ordinary"),
        ("Updated migration guide for 4.0 release", ["src/pages/migrating.py"], "ordinary"),
        ("Updated the parser for the 3.1 grammar", ["src/parser.py"], "ordinary"),
    ],
)
def test_a_pinned_requirement_and_a_release_brought_up_to_date_are_upkeep(
    text: str, paths: list[str], expected: str
) -> None:
    """How Django and pip projects write upkeep (Mariusz Felisiak, djangoproject.com): a
    package pinned with "==", a requirements/ folder, a page or fixture updated "for 3.1
    release"; a guide written for a release and a parser's grammar are work."""
    g = grade(MapItem(text, kind="commits", data=_change(paths, 12)))
    assert g.grade == expected, g.reason


@pytest.mark.parametrize(
    ("text", "paths", "expected"),
    [
        # a package another one requires, taken to a newer version (clap, Ed Page)
        ("chore: Upgrade compatible", ["Cargo.toml", "Cargo.lock"], "routine"),
        ("chore(complete): Require latest clap", ["clap_complete/Cargo.toml"], "routine"),
        ("fix(complete): Ensure new-enough clap is used", ["Cargo.lock", "clap_complete/Cargo.toml"], "routine"),
        ("Update package.json exports for ESM", ["package.json"], "ordinary"),
        ("fix!: Switch to 2021 edition", ["Cargo.toml", "clap_derive/Cargo.toml"], "ordinary"),
        ("Update the parser for newer input", ["Cargo.toml", "src/parser.rs"], "ordinary"),
        # beside a release, the changelog's and the manifest's words are the release's
        ("docs: Clean up StyledStr entries; chore: Release", ["CHANGELOG.md", "Cargo.toml", "Cargo.lock"], "routine"),
        ("chore(complete): Require latest clap; chore: Release",
         ["Cargo.lock", "clap_complete/CHANGELOG.md", "clap_complete/Cargo.toml", "clap_complete/README.md"], "routine"),
        ("perf(lex): Drop a dependency; chore: Release", ["clap_lex/Cargo.toml", "clap_lex/CHANGELOG.md"], "ordinary"),
        ("docs: Note argfile's existence; chore: Release", ["README.md", "Cargo.toml"], "ordinary"),
        ("docs: Write the v4 migration guide", ["CHANGELOG.md"], "ordinary"),
    ],
)
def test_a_packages_manifest_and_changelog_alone_are_a_releases_upkeep(
    text: str, paths: list[str], expected: str
) -> None:
    """A change to a package's manifest, lock file and changelog alone names a dependency
    taken to a newer version, or a release's bookkeeping; what the manifest declares of the
    package itself, a change to the code and a README's words are work."""
    g = grade(MapItem(text, kind="commits", data=_change(paths, 12)))
    assert g.grade == expected, g.reason


@pytest.mark.parametrize(
    ("subject", "paths", "routine"),
    [
        # what a release needs brought up to it (pages, fixtures), not code for it
        ("Updated download page for 4.x releases", ["templates/download.html"], True),
        ("Update the config loader for 2.0 release", ["src/a.py", "tests/t.py"], False),
        ("Update the ORM for Django 5.0 release", ["src/a.py"], False),
        # a manifest and lock file: a package taken newer, not what the package declares
        ("chore(complete): Require latest clap", ["clap_complete/Cargo.toml", "Cargo.lock"], True),
        ("Update trycmd", ["Cargo.toml", "Cargo.lock"], True),
        ("Require Rust 1.70 for let-else", ["Cargo.toml"], False),
        ("Update go.mod module path to v2", ["go.mod"], False),
        ("Updated engines to require node 18", ["package.json"], False),
        ("Update python_requires>=3.9", ["setup.py"], False),
        # a release beside words of its own (docs:, chore:) is its bookkeeping; beside a change
        # the package declares, or a changelog line alone, it is not
        ("chore: Release; docs: Clean up StyledStr entries", ["Cargo.toml", "CHANGELOG.md"], True),
        ("chore: Release; Switch to 2021 edition", ["Cargo.toml", "CHANGELOG.md"], False),
        ("Release v2.0.0; Rename package to @acme/core", ["package.json"], False),
        ("Update CHANGELOG; Add exports map for ESM", ["package.json", "CHANGELOG.md"], False),
        ("Bump serde to 1.0.190; Switch to 2021 edition", ["Cargo.toml", "Cargo.lock"], False),
    ],
)
def test_a_packages_manifest_and_release_bookkeeping(subject: str, paths: list[str], routine: bool) -> None:
    data = {"role": "authored", "additions": 40, "deletions": 10, "files": len(paths), "file_paths": paths}
    assert (grade(MapItem(subject, kind="commits", data=data)).grade == "routine") is routine


def test_look_alikes_of_upkeep_and_hard_bugs_stay_work(mapper: Mapper) -> None:
    """What the release, grammar and hard-bug rules must leave alone: a book in AsciiDoc
    (``.asc``), a test key, docs written for a release, a UI's overflow menu, a feature that
    checks duplicates, a measurement quoted, a hash collision in a cache."""
    book = _change(["book/03-git-branching/sections/basic.asc", "book/03-git-branching/1.asc"], 340)
    assert grade(MapItem("Rewrite chapter 3 on branching", kind="commits", data=book)).grade != "routine"
    keys = _change(["tests/fixtures/server.key", "tests/fixtures/client.key"], 60)
    assert grade(MapItem("Rotate the test certificates", kind="commits", data=keys)).grade != "routine"
    docs = _change(["docs/guide.md", "docs/api.md"], 1800)
    assert grade(MapItem("Update documentation for 3.0 release", kind="commits", data=docs)).grade != "routine"
    ui = _change(["src/toolbar.ts"], 80)
    for subject in ("Overflow menu for the toolbar", "Infinite loop animation on the home page"):
        assert [s.area for s in assess(mapper, MapItem(subject, kind="commits", data=ui))[1]] != [
            "technical-depth"
        ], subject
    assert [s.area for s in assess(mapper, MapItem("Crash when the toolbar overflows", kind="commits", data=ui))[1]] == [
        "technical-depth"
    ]
    signup = _change(["src/signup.py"], 80)
    found = assess(mapper, MapItem("Duplicate check for usernames on signup", kind="commits", data=signup))[1]
    assert "code-quality" not in [s.area for s in found]
    assert measured('Cut p99 from "120 ms" to "40 ms"') == "120 ms"
    assert measured('Show "1 second ago" instead of the time, 10% faster') == "10%"
    cache = MapItem("Fix hash collision in the cache key", kind="commits", data=signup)
    assert "system-design" not in [s.area for s in assess(mapper, cache)[1]]


def _areas(mapper: Mapper, text: str, data: dict[str, Any], kind: str = "commits") -> list[str]:
    """The areas ``text`` is mapped to, as a change of ``kind`` with ``data``."""
    return [s.area for s in assess(mapper, MapItem(text, kind=kind, data=data))[1]]


def test_build_files_with_the_ci_that_runs_them_are_the_build(mapper: Mapper) -> None:
    """A change to the build and the CI configuration that runs it (".travis.yml" beside
    "Makefile") is work on how the project builds; CI beside code, or beside a document, is
    not (nlohmann/json: "chose correct flags; added check-fast flag" was delivery)."""

    def areas(text: str, paths: list[str]) -> list[str]:
        return _areas(mapper, text, {"additions": 5, "deletions": 3, "files": len(paths), "file_paths": paths})

    flags = "chose correct flags; added check-fast flag"
    assert areas(flags, [".travis.yml", "Makefile"]) == ["code-quality"]
    assert areas(flags, ["appveyor.yml", ".github/workflows/ci.yml", "CMakeLists.txt"]) == ["code-quality"]
    assert areas(flags, [".travis.yml", "src/main.c"]) == ["delivery"]
    assert "code-quality" not in areas("Explain the release steps", [".travis.yml", "docs/release.md"])


def test_plain_old_data_is_no_kubernetes_pod(mapper: Mapper) -> None:
    """C++'s POD, written in capitals, is a kind of type; a pod written as Kubernetes writes it
    is operations (nlohmann/json: "removed pointers to POD inside the union" was operations)."""

    def areas(text: str) -> list[str]:
        return _areas(mapper, text, {"additions": 40, "deletions": 30, "files": 2, "file_paths": ["src/json.h", "src/json.cc"]})

    assert "operations" not in areas("- reorganized payload; - removed pointers to POD inside the union")
    assert "operations" not in areas("Support non-POD types in the allocator")
    assert areas("Restart the pod when the probe fails") == ["operations"]
    assert areas("Restart the Pod when the probe fails") == ["operations"]


def test_a_rename_the_program_offers_is_a_feature(mapper: Mapper) -> None:
    """Support for renaming a database's columns or tables is what the program offers
    (alembic: "add rename column support" was tech debt); code renamed is still a clean-up."""

    def areas(text: str) -> list[str]:
        return _areas(mapper, text, {"additions": 60, "deletions": 8, "files": 3, "file_paths": ["lib/ops.py", "lib/ddl.py", "lib/impl.py"]})

    assert areas("add rename column support") == ["delivery"]
    assert areas("Add support for renaming columns") == ["delivery"]
    assert areas("Rename the config module") == ["code-quality"]
    assert areas("Renamed internal helpers") == ["code-quality"]
    # a schema's own columns and tables renamed are a clean-up too (h-rev6)
    assert "code-quality" in areas("Rename columns and tables for consistency")
    assert "code-quality" in areas("Rename index on orders")


def test_the_documentation_as_a_yardstick_is_no_documentation_written(mapper: Mapper) -> None:
    """Code brought to what its documentation says ("adjusted code to documentation", "Make
    parse() match the documentation") is a change to the code (nlohmann/json); documentation
    written, or linked, is communication."""

    def areas(text: str) -> list[str]:
        return _areas(mapper, text, {"additions": 14, "deletions": 2, "files": 2, "file_paths": ["src/json.hpp", "test/unit.cpp"]})

    assert "communication" not in areas("adjusted code to documentation; some cleanup; some simplifications")
    assert "communication" not in areas("Make parse() match the documentation")
    assert "communication" not in areas("Restore the documented behavior of dump()")
    assert areas("Add documentation for parse()") == ["communication"]
    assert areas("Add links to the documentation") == ["communication"]


def test_includes_the_code_needs_named_are_the_build(mapper: Mapper) -> None:
    """A missing include or import added, or the includes fixed, makes the code build again:
    care for the build, not a fix that shows depth nor a feature (nlohmann/json: ":bug: added
    missing include #1500" was technical depth, ":hammer: fixed includes" delivery). An include
    directive a program offers, a method named includes() and a crash fixed first are not."""

    def areas(text: str) -> list[str]:
        return _areas(mapper, text, {"additions": 12, "deletions": 3, "files": 2, "file_paths": ["include/x/a.hpp", "include/x/b.hpp"]})

    for text in (":bug: added missing include #1500", ":hammer: fixed includes", "readded missing header",
                 "fix(core): add missing imports"):
        assert areas(text) == ["code-quality"], text
    assert areas("Add include directive") == ["delivery"]
    assert areas("Fix includes() for arrays") == ["technical-depth"]
    assert areas("Fix a crash; add missing include") == ["technical-depth"]
    # the headers of a response, the imports of a file format, a template's includes (h-rev6)
    for text in ("Add missing headers to the HTTP response", "Re-add missing header X-Frame-Options",
                 "Fix imports of CSV files", "Fix includes in Jinja templates"):
        assert "code-quality" not in areas(text), text
    assert areas("Fix imports in utils.py") == ["code-quality"]


def test_a_standard_by_its_number_is_no_design_document(mapper: Mapper) -> None:
    """An RFC named by its number is a published standard the code follows ("JSON Merge
    Patch (RFC 7396)", nlohmann/json: system design by "rfc"); a project's own proposal,
    unnumbered or numbered with zeros in front, is a design document written."""

    def areas(text: str) -> list[str]:
        return _areas(mapper, text, {"additions": 140, "deletions": 1, "files": 3, "file_paths": ["src/json.hpp", "test/unit.cpp", "doc/x.md"]})

    assert areas("JSON Merge Patch (RFC 7396)") == ["delivery"]
    assert "system-design" not in areas("Percent-encode paths per rfc 3986")
    assert areas("RFC: plugin API") == ["system-design"]
    assert areas("Write RFC 0042 for the plugin API") == ["system-design"]
    # a proposal numbered as standards are, the person's own when they write it or it is the
    # subject's title (h-rev6)
    assert areas("Write RFC 4021 for the new cache") == ["system-design"]
    assert areas("RFC 123: new storage engine design") == ["system-design"]
    assert "system-design" not in areas("Implement RFC 7396: merge patch")


def test_a_noxfile_is_a_build_file(mapper: Mapper) -> None:
    """nox's noxfile.py runs the tests as tox.ini does: a change to the two alone is work on the
    build (alembic); a noxfile beside code is not."""
    data = {"additions": 9, "deletions": 2, "files": 2, "file_paths": ["noxfile.py", "tox.ini"]}
    found = assess(mapper, MapItem("Pass the backend name through", kind="commits", data=data))[1]
    assert [s.expectation for s in found] == ["code-quality.ci-cd"]
    data = {"additions": 90, "deletions": 2, "files": 2, "file_paths": ["noxfile.py", "lib/render.py"]}
    found = assess(mapper, MapItem("Pass the backend name through", kind="commits", data=data))[1]
    assert [s.area for s in found] == ["delivery"]


def test_the_licence_file_alone_is_upkeep() -> None:
    """A change to the licence's file alone is its notice, whatever the subject says (h-rev6:
    "Relicense under MIT"); beside code, or a module about licences, it is not."""

    def judged(text: str, paths: list[str]) -> str:
        return grade(MapItem(text, kind="commits", data={"additions": 30, "deletions": 9, "files": len(paths), "file_paths": paths})).grade

    assert judged("Relicense under MIT", ["LICENSE"]) == "routine"
    assert judged("Change the license to Apache 2.0", ["LICENSE.md", "COPYING"]) == "routine"
    assert judged("Relicense under MIT", ["LICENSE", "src/a.py"]) == "ordinary"
    assert judged("Add a license check", ["src/licenses/license.py"]) == "ordinary"


def test_a_dependency_bots_configuration_is_upkeep(mapper: Mapper) -> None:
    """Configuring Dependabot or Renovate makes no security fix, whatever it is for (alembic:
    "Enable Dependabot for dependency security scanning" was a significant security fix and
    system design, System design's first claim in the packet); a workflow's injection fixed,
    or the bot's file beside code, keeps its weight."""

    def judged(text: str, paths: list[str]) -> tuple[str, list[str]]:
        data = {"additions": 36, "deletions": 0, "files": len(paths), "file_paths": paths}
        g, found = assess(mapper, MapItem(text, kind="commits", data=data))
        return g.grade, [s.area for s in found]

    assert judged("Enable Dependabot for dependency security scanning", [".github/dependabot.yml"]) == ("routine", [])
    assert judged("Enable Renovate for security updates", ["renovate.json"]) == ("routine", [])
    assert judged("Fix script injection in the release workflow", [".github/workflows/release.yml"])[0] == "significant"
    assert judged("Fix the security check in the login", [".github/dependabot.yml", "src/auth.py"])[0] == "significant"


def test_a_pair_or_a_certificate_in_the_code_is_no_people_or_operations_work(mapper: Mapper) -> None:
    """An iterator pair is no pair programming, a certificate a script is told not to check no
    certificate renewed (nlohmann/json: Mentorship's and Operations' only claims of 2021);
    pairing logged and certificates rotated still are."""

    def areas(text: str, kind: str = "commits", paths: list[str] | None = None) -> list[str]:
        data = {"additions": 77, "deletions": 2, "files": 2, "file_paths": paths or ["src/a.cpp", "src/b.cpp"]}
        return _areas(mapper, text, data, kind)

    docs = ["doc/examples/parse__iterator_pair.cpp", "doc/examples/parse__iterator_pair.output"]
    assert areas(":memo: add examples for parsing from iterator pair", "pull-request", docs) == ["communication"]
    assert "operations" not in areas("fix ctest path; do not check certificate; ignore certificate", paths=[".drone.yml"])
    assert areas("Paired with Ana on the parser rewrite", "note") == ["mentorship"]
    assert areas("Rotate certificates before they expire") == ["operations"]
    # a certificate check that operations run is theirs (h-rev6)
    assert areas("Add certificate checks to monitoring", paths=["ops/monitoring.yaml", "ops/alerts.yaml"]) == ["operations"]


def test_a_ci_services_folder_or_file_alone_is_upkeep() -> None:
    """CircleCI's and Buildkite's folders and Drone's, Cirrus's and AppVeyor's files are CI
    configuration, as GitHub's workflows are (nlohmann/json: "Branch feature/circleci: trying
    CircleCI; full workflow; …" was delivery); a client for the service in the code is not."""

    def judged(text: str, paths: list[str]) -> str:
        return grade(MapItem(text, kind="merge", data={"additions": 41, "deletions": 14, "files": len(paths), "file_paths": paths})).grade

    assert judged("trying CircleCI; full workflow; adding concurrency", [".circleci/config.yml"]) == "routine"
    assert judged("Build on arm64 too", [".buildkite/pipeline.yml", ".drone.yml", ".cirrus.yml"]) == "routine"
    assert judged("Add a client for the build service", ["src/circleci/client.py", "docs/drone.yml"]) == "ordinary"


def test_a_clean_up_written_in_the_past_tense_is_a_clean_up(mapper: Mapper) -> None:
    """"removed unnecessary code", "replaced at() calls" say what was tidied, as "Remove …"
    does (nlohmann/json writes the past tense); a user's item removed from a cart is a feature."""

    def areas(text: str) -> list[str]:
        return _areas(mapper, text, {"additions": 25, "deletions": 29, "files": 2, "file_paths": ["src/json.hpp", "src/cart.hpp"]})

    assert areas('removed unnecessary code (numbers must not begin with "+")') == ["code-quality"]
    assert areas("replaced at() calls in msgpack/cbor") == ["code-quality"]
    assert areas("Removed item from the cart when the quantity is zero") == ["delivery"]
    # the past tense describing a thing the program handles (h-rev6)
    assert areas("Dropped connections are now retried") == ["delivery"]
    assert areas("Inlined images render in the email preview") == ["delivery"]


def test_a_deprecation_in_another_named_project_is_kept_up_with(mapper: Mapper) -> None:
    """"The latter is deprecated in SQLAlchemy master" in alembic's history is SQLAlchemy's
    deprecation, kept up with (it made "Use inspect(), not Inspector.from_engine()" an API
    change), and "Python 3.15's … emits a DeprecationWarning" Python's; one "deprecated in
    Alembic 1.5" there, or that Alembic's code emits, is the person's own, as is one in a
    version."""

    def judged(subject: str, body: str, repository: str | None = "alembic") -> tuple[str, list[str]]:
        data: dict[str, Any] = {"additions": 8, "deletions": 8, "files": 2, "file_paths": ["alembic/a.py", "tests/t.py"]}
        if repository:
            data["repository"] = repository
        g, found = assess(mapper, MapItem(subject, kind="commits", body=body, data=data))
        return g.grade, [s.area for s in found]

    use = "Use inspect(), not Inspector.from_engine()"
    assert judged(use, "The latter is deprecated in SQLAlchemy master / 1.4.")[0] == "ordinary"
    assert judged("Rename the config option", "The old name is deprecated in Alembic 1.5.")[0] == "significant"
    assert judged("Rename the config option", "The old name is deprecated in version 1.5.")[0] == "significant"
    assert judged(use, "The latter is deprecated in SQLAlchemy master / 1.4.", None)[0] == "significant"
    # a warning another project's code emits, quoted in a body (alembic's "add Python 3.15")
    emitted = "Python 3.15's linecache._bless_my_loader emits a DeprecationWarning for exactly that shape."
    assert judged("add Python 3.15", emitted)[0] == "ordinary"
    assert judged("Warn on the old name", "Alembic's command.upgrade() emits a DeprecationWarning now.")[0] == "significant"
    # the project's own pull request, issue, version or documents name no other project; the
    # project by the name it is known by is its own (h-rev6)
    for where in ("PR #1234", "GH-12345", "V2", "the API docs", "CHANGELOG"):
        assert judged("Remove the old flags", f"They were deprecated in {where}.")[0] == "significant", where
    removed = "The option is deprecated in Node.js 16 and now removed."
    assert judged("Remove the recursive option", removed, "node")[0] == "significant"
    assert judged("Use fs.rm", removed, "myapp")[0] == "ordinary"


def test_a_generic_thing_is_no_language_feature(mapper: Mapper) -> None:
    """Generics, the language feature, show knowing the language; a generic iterator or error
    page is only general (nlohmann/json: "refactored generic iterator into a new class" was
    technical depth)."""

    def areas(text: str) -> list[str]:
        return _areas(mapper, text, {"additions": 236, "deletions": 130, "files": 2, "file_paths": ["src/json.hpp", "src/cache.hpp"]})

    assert areas("refactored generic iterator into a new class primitive_iterator_t") == ["code-quality"]
    assert areas("Add a generic error page") == ["delivery"]
    assert areas("Use generics for the cache") == ["technical-depth"]


def test_a_release_builders_configuration_is_the_build(mapper: Mapper) -> None:
    """GoReleaser's configuration says how release binaries are built: a change to it and the
    Makefile alone is care for the build, not a feature; a Go file named after it is code."""
    data = {"additions": 7, "deletions": 1, "files": 2, "file_paths": [".goreleaser.yml", "Makefile"]}
    _, found = assess(mapper, MapItem("Add -trimpath to build command", kind="commits", data=data))
    assert [s.expectation for s in found] == ["code-quality.ci-cd"]
    code = {**data, "file_paths": ["internal/goreleaser.go", "Makefile"]}
    _, found = assess(mapper, MapItem("Add a -trimpath option", kind="commits", data=code))
    assert [s.expectation for s in found] == ["delivery.features"]


@pytest.mark.parametrize(
    ("text", "expectation", "taken"),
    [
        # only a name of the code and its new one: a rename, a clean-up; not a change named by
        # its two sides
        ("proxies_to_dispatchers -> get_proxy_map", "code-quality.tech-debt", True),
        ("Response.protocol -> Response.http_version", "code-quality.tech-debt", True),
        ("`Client.dispatcher` \u2192 `Client.dispatch`.", "code-quality.tech-debt", True),
        ("client: query_params => params", "code-quality.tech-debt", True),
        ("HTTP/1.1 -> HTTP/2 upgrade support", "code-quality.tech-debt", False),
        ("Python 2 -> 3", "code-quality.tech-debt", False),
        ("Support redirects -> auth retries", "code-quality.tech-debt", False),
        # a technology swapped for another is a migration, not a rename (h-rev5)
        ("sync -> async", "code-quality.tech-debt", False),
        ("REST -> GraphQL", "code-quality.tech-debt", False),
        ("jQuery -> React", "code-quality.tech-debt", False),
        ("getUser -> fetchUser", "code-quality.tech-debt", True),
        # comments written into the code: documentation; not what a program does with comments
        ("Code comments for URL model", "communication.documentation", True),
        ("Add docstrings to the client", "communication.documentation", True),
        ("More inline comments", "communication.documentation", True),
        ("Docstrings.", "communication.documentation", True),
        ("Code comments are kept by the formatter", "communication.documentation", False),
        ("Add comments to posts", "communication.documentation", False),
        ("Keep docstrings of decorated functions", "communication.documentation", False),
        ("Docstrings on properties are now rendered", "communication.documentation", False),
        ("Code comments in templates are stripped from the output", "communication.documentation", False),
    ],
)
def test_a_change_to_code_read_by_what_its_subject_only_does(
    mapper: Mapper, text: str, expectation: str, taken: bool
) -> None:
    """"proxies_to_dispatchers -> get_proxy_map" renames, "Code comments for URL model"
    documents the code in place: neither is a feature delivered."""
    got = _expectations(mapper, text, _change(["httpx/_models.py"], lines=73), "pull-request")
    assert (got == [expectation]) is taken, got


def test_a_package_published_by_automation_is_ci_not_a_post(mapper: Mapper) -> None:
    """"Publish workflow" builds and uploads the package: CI and build, not talks and posts;
    an article published still is."""
    ci = _change([".github/workflows/publish.yml", "scripts/build", "scripts/publish"], lines=85)
    for text in ("Publish workflow", "Publish to PyPI from a tag"):
        assert _expectations(mapper, text, ci, "pull-request")[:1] == ["code-quality.ci-cd"], text
    post = MapItem("Published an article on our release process", kind="note")
    assert [s.expectation for s in assess(mapper, post)[1]][:1] == ["communication.talks-posts"]


def test_an_injection_the_code_makes_is_mapped_as_no_attack(mapper: Mapper) -> None:
    """"Simplify --border injection" puts an option into a command line: no security work; an
    attack fixed still is."""
    data = _change(["plugin/fzf.vim"], lines=8)
    for text in ("[vim] Simplify --border injection", "Remove unnecessary ANSI code injection"):
        assert "system-design.security-compliance" not in _expectations(mapper, text, data), text
    assert _expectations(mapper, "Fix SQL injection in search", data) == ["system-design.security-compliance"]


@pytest.mark.parametrize(
    ("subject", "explains"),
    [
        ("Comment why floating pane requires TMUX_PANE", True),
        ("Add a comment explaining the retry loop", True),
        ("Explain in a comment how the cache is keyed", True),
        ("tmux: comment on why the popup blocks", True),
        ("Comment out the flaky deadlock test", False),
        ("Comments: fix a deadlock when a comment is deleted", False),
        ("Fix a deadlock; Comment why the lock is held", False),
        # what the program tells its user, explained, is a change of what it says (h-rev5)
        ("Explain why the deadlock happened in the error message", False),
    ],
)
def test_a_comment_that_explains_a_bug_fixes_none(mapper: Mapper, subject: str, explains: bool) -> None:
    """A change that writes a comment explaining the code is documentation in it: the deadlock
    its body explains is not fixed by it. A comment taken out, comments handled, or a fix
    beside the comment stay what they are."""
    body = "Blocking run-shell suspends key processing, so a floating pane deadlocks."
    item = MapItem(subject, kind="commits", body=body, data=_change(["src/tmux.go"], lines=10))
    g, found = assess(mapper, item)
    assert (g.grade != "significant") is explains, g.reason
    assert ([s.expectation for s in found] == ["communication.documentation"]) is explains


def test_a_documentation_sites_configuration_is_documentation() -> None:
    """mkdocs.yml (or .readthedocs.yaml, an mdBook's book.toml) lays out the documentation
    site: a change to it and the pages is documentation, and what the pages' words name (a
    deprecation they describe) is not the change's weight; a Python module is code."""
    data = _change(["docs/advanced/extensions.md", "mkdocs.yml"], lines=202)
    body = "* Deprecate app=... in favour of explicit WSGITransport"
    g = grade(MapItem("Extensions docs", kind="pull-request", body=body, data=data))
    assert g.grade == "ordinary", g.reason
    code = _change(["docs/advanced/extensions.md", "httpx/_client.py"], lines=202)
    assert grade(MapItem("Extensions docs", kind="pull-request", body=body, data=code)).grade == "significant"


def test_a_toolchain_required_is_the_build_and_deprecations_escalated_no_incident(mapper: Mapper) -> None:
    """"Require Go 1.17 or above" is care for the build, not a feature; deprecations escalated
    to removals evolve the API, no incident escalated (which an engineer's note still is)."""
    build = _change(["BUILD.md", "go.mod", "go.sum"], lines=29)
    assert _expectations(mapper, "Require Go 1.17 or above", build) == ["code-quality.ci-cd"]
    assert _expectations(mapper, "Require a login for the admin page", build) != ["code-quality.ci-cd"]
    # a toolchain a feature needs, said beside it, does not make the feature the build (h-rev5)
    ws = _change(["src/ws.js", "src/client.js"], lines=120)
    assert _expectations(mapper, "Add WebSocket client (requires Node 18)", ws) != ["code-quality.ci-cd"]
    code = _change(["httpx/_config.py", "httpx/_client.py"], lines=80)
    got = _expectations(mapper, "Introduce new `SSLContext` API & escalate deprecations.", code, "pull-request")
    assert got == ["system-design.api-evolution"]
    note = MapItem("Escalated the page to the secondary on-call", kind="note")
    assert [s.area for s in assess(mapper, note)[1]][:1] == ["operations"]
    # privileges a program escalates are no incident; a privilege escalation fixed is an
    # attack (h-rev5)
    sudo = _change(["src/install.c"], lines=30)
    assert _expectations(mapper, "Escalate privileges when running the installer", sudo)[:1] == ["delivery.features"]
    g, found = assess(mapper, MapItem("Fix privilege escalation via a symlinked config", kind="commits", data=sudo))
    assert g.grade == "significant" and [s.expectation for s in found] == ["system-design.security-compliance"]


def test_a_measured_gain_shows_performance_when_nothing_stronger_does(mapper: Mapper) -> None:
    """A change to code whose text measures its gain ("60% faster") shows performance work when
    its words say nothing stronger; a page about the gain stays documentation."""
    body = "Rendering of long lines is now 60% faster."
    code = _change(["src/item.go", "src/terminal.go"], lines=120)
    item = MapItem("[perf] Avoid allocating rune array for ascii string", kind="commits", body=body, data=code)
    g, found = assess(mapper, item)
    assert g.grade == "significant" and [s.expectation for s in found] == ["technical-depth.performance-concurrency"]
    page = MapItem("Describe the new renderer", kind="commits", body=body, data=_change(["docs/render.md"]))
    assert [s.expectation for s in assess(mapper, page)[1]] == ["communication.documentation"]
    # a gain measured in something else than speed or memory is no performance work (h-rev5)
    for text in ("Reduce failed payments by 40%", "Improve signup conversion by 12%"):
        g, found = assess(mapper, MapItem(text, kind="commits", data=code))
        assert g.grade == "significant" and "technical-depth.performance-concurrency" not in [s.expectation for s in found]
    delay = MapItem("Reduce input delay by up to 60%", kind="commits", data=code)
    assert [s.expectation for s in assess(mapper, delay)[1]] == ["technical-depth.performance-concurrency"]
    shrunk = MapItem("Shrink the index from 900MB to 120MB", kind="commits", data=code)
    assert [s.expectation for s in assess(mapper, shrunk)[1]] == ["technical-depth.performance-concurrency"]


def test_compatibility_with_a_platform_is_no_api_evolution(mapper: Mapper) -> None:
    """"Vim 8.0 compatibility", "bash 3.2 compatibility" keep a program working on another one:
    not the API's evolution, which compatibility kept for its users is."""
    code = _change(["plugin/fzf.vim"], lines=20)
    for text in ("[vim] Vim 8.0 compatibility", "Fix fzf-tmux script (bash 3.2 compatibility)"):
        assert "system-design.api-evolution" not in _expectations(mapper, text, code), text
    for text in ("Keep API compatibility with the 1.x series", "Restore backward compatibility of --expect"):
        assert "system-design.api-evolution" in _expectations(mapper, text, code), text


def test_people_work_in_a_change_to_documentation_is_said_plainly(mapper: Mapper) -> None:
    """A README that calls ripgrep "a better candidate" hires no one: a weak word of people
    work in a change to documentation leaves it documentation; an interview guide written is
    hiring work."""
    docs = _change(["README.md"], lines=30)
    body = "ripgrep is a better candidate for the default command."
    item = MapItem("Suggest ripgrep instead of the silver searcher", kind="commits", body=body, data=docs)
    assert [s.expectation for s in assess(mapper, item)[1]] == ["communication.documentation"]
    guide = MapItem("Write the interview guide for backend candidates", kind="commits", data=_change(["docs/hiring.md"]))
    assert "mentorship" in [s.area for s in assess(mapper, guide)[1]]


def test_routine_subjects_listed_in_a_description_are_not_the_changes_words(mapper: Mapper) -> None:
    """A day's body lists its subjects, a squashed pull request its commits: the routine ones
    ("- Deploying to master from @ …", "* Linting") say nothing of the change, so "deploying"
    is no CI work and "linting" no clean-up; the other lines still speak."""
    deploy = "Deploying to master from @ junegunn/fzf@2a92c7d792b45112ab82eef0be2aa11038e6185d \U0001f680"
    body = f"- {deploy}\n- Show how to disable a key binding"
    item = MapItem(f"{deploy}; Show how to disable a key binding", kind="commits", body=body, data=_change(["README.md"]))
    found = assess(mapper, item)[1]
    assert [s.expectation for s in found] == ["communication.documentation"]
    assert all("deploying" not in s.reason for s in found)
    squash = "- Cleanup URL percent-encoding behavior. (#2500)\n\n* Linting\n\n* Linting\n\n* Add tests"
    item = MapItem("Cleanup URL percent-encoding behavior.", kind="pull-request", body=squash, data=_change(["httpx/_urlparse.py"]))
    assert all("linting" not in s.reason for s in assess(mapper, item)[1])


def test_an_offset_on_the_screen_is_no_consumer_offset(mapper: Mapper) -> None:
    """A highlight's or a scroll's offset is the program's: no distributed systems work; a
    consumer's committed offsets are."""
    code = _change(["src/terminal.go"], lines=30)
    for text in ("Fix highlight offsets of multi-line entries", "Adjust scroll offset when the list shrinks"):
        assert "technical-depth.distributed-systems" not in _expectations(mapper, text, code), text
    note = MapItem("Dug into why the consumer committed offsets before processing the batch", kind="note")
    assert [s.expectation for s in assess(mapper, note)[1]][:1] == ["technical-depth.distributed-systems"]


def test_docs_named_only_in_the_description_of_a_rework_are_not_all_it_shows(mapper: Mapper) -> None:
    """A client reworked in a squashed pull request whose commits include "Update docs for
    async-only" is not documentation work alone: the docs say how it was done. Beside what the
    subject shows they may stay; a subject about the docs is documentation."""
    paths = ["httpx/client.py", "httpx/auth.py", "httpx/middleware.py", "docs/index.md"]
    body = "* Update docs for async-only\n\n* Add async notes to docs\n\n* Update README for 0.8 async switch"
    data = _change(paths, lines=700)
    item = MapItem("Client handles redirect + auth", kind="pull-request", body=body, data=data)
    assert [s.expectation for s in assess(mapper, item)[1]] == ["delivery.features"]
    beside = MapItem("Add support for the CLI", kind="pull-request", body=body, data=data)
    assert [s.area for s in assess(mapper, beside)[1]][:1] == ["delivery"]
    docs = MapItem("Update the documentation", kind="pull-request", body=body, data=data)
    assert [s.expectation for s in assess(mapper, docs)[1]] == ["communication.documentation"]


def test_housekeeping_beside_tests_or_documents_adds_no_hard_bug() -> None:
    """A change to tests with a workflow beside it ("Refactor Cache-Control Tests": Tests/ and
    .github/, "Refactor failure transforms to prevent hangs") fixes no hang of the program, nor
    does a migration guide with a line of .gitignore plug a security hole; the same words in a
    change to code with a workflow beside it still weigh (Alamofire, 2026-12-07)."""
    tests = _change([".github/workflows/ci.yml", "Tests/CacheTests.swift", "Tests/TestHelpers.swift"], 100)
    body = "* Refactor cache tests.\n\n* Refactor failure transforms to prevent hangs."
    assert grade(MapItem("Refactor Cache-Control Tests", kind="pull-request", body=body, data=tests)).grade != "significant"
    guide = _change([".gitignore", "Documentation/Alamofire 5.0 Migration Guide.md"], 63)
    body = "* Add request pipeline docs, refactor security docs."
    assert grade(MapItem("Alamofire 5 Migration Guide", kind="pull-request", body=body, data=guide)).grade != "significant"
    code = _change([".github/workflows/ci.yml", "Source/Pool.swift", "Tests/PoolTests.swift"], 60)
    assert grade(MapItem("Fix a hang when the pool drains", kind="pull-request", data=code)).grade == "significant"
    # security documents fix nothing; a security fix beside them does
    src = _change(["Source/Request.swift", "Documentation/AdvancedUsage.md"], 80)
    assert grade(MapItem("Rewrite Advanced Usage", kind="pull-request", body=body, data=src)).grade != "significant"
    for text in ("Fix security issue in the redirect handler", "Refactor security docs; fix XSS in the search page"):
        assert grade(MapItem(text, kind="pull-request", data=src)).grade == "significant", text


def test_another_products_beta_and_memory_released_are_no_launch(mapper: Mapper) -> None:
    """A change made for Xcode's or iOS's beta keeps up with the toolchain, and a program that
    retains and releases memory or a lock ships nothing: no delivery read in "beta" or
    "release" (Alamofire, 2026-12-07); a beta or a release the person shipped still is."""
    code = _change(["Source/Request.swift"], 30)
    for text in ("Update for Xcode 8 beta 4.", "Fix the build on iOS 14 beta 2", "Updates for beta 3."):
        found = assess(mapper, MapItem(text, kind="commits", data=code))[1]
        assert not any("beta" in s.reason for s in found), text
    body = (
        "This PR updates our integration of `SCNetworkReachabilityContext` to use a weak box class "
        "and fully integrate with the framework's retain and release closures."
    )
    found = assess(mapper, MapItem("Fix Reachability Safety", kind="pull-request", body=body, data=code))[1]
    assert not any("release" in s.reason for s in found) and "delivery" not in [s.area for s in found]
    lock = MapItem("Release the lock before calling back into user code", kind="commits", data=code)
    assert not any("release" in s.reason for s in assess(mapper, lock)[1])
    for text in ("Ship the 2.0 beta to customers", "Cut the 2.0 release and announce it"):
        assert "delivery.launch-impact" in _expectations(mapper, text, code), text


def test_an_xcode_project_is_the_build(mapper: Mapper) -> None:
    """Xcode's project file, schemes and build settings are the build, as Visual Studio's
    are: "Update for Xcode 8 beta 4." in them is care for the build, not a feature."""
    xcode = _change(["Alamofire.xcodeproj/project.pbxproj", "Alamofire.xcodeproj/xcshareddata/xcschemes/Alamofire iOS.xcscheme"], 5)
    assert _expectations(mapper, "Update for Xcode 8 beta 4.", xcode) == ["code-quality.ci-cd"]
    src = _change(["Alamofire.xcodeproj/project.pbxproj", "Source/Session.swift"], 40)
    assert "code-quality.ci-cd" not in _expectations(mapper, "Add request compression", src)


def test_a_compilers_spans_are_no_observability(mapper: Mapper) -> None:
    """A span is a compiler's source location as often as a trace's: "Prefer call site spans",
    "Preserve Group span better on compilers without Span::join" (serde) observe nothing; spans
    with the trace around them still do."""
    code = _change(["serde_derive/src/de.rs"], 60)
    for text in ("Prefer call site spans", "Preserve Group span better on compilers without Span::join",
                 "Meaningful spans when invoking serializer trait methods"):
        assert "operations" not in _areas(mapper, text, code), text
    for text in ("Add tracing spans around the checkout handler", "Export OpenTelemetry spans from the worker"):
        assert "operations.observability" in _expectations(mapper, text, code), text
    note = MapItem("Resolved the slow order bug in minutes thanks to the spans I added last month", kind="note")
    assert "operations" in [s.area for s in assess(mapper, note)[1]]


def test_a_change_to_package_manifests_alone_is_the_build(mapper: Mapper) -> None:
    """A change to Cargo.toml files alone ("Sort package entries in Cargo.toml", "No need to
    specify Cargo.toml in package.include": serde) is the package's build and publishing, as a
    change to build files is: not a feature. A manifest beside code is still the code's."""
    manifests = _change(["serde/Cargo.toml", "serde_derive/Cargo.toml", "serde_test/Cargo.toml"], 8)
    for text in ("Sort package entries in Cargo.toml", "No need to specify Cargo.toml in package.include"):
        assert _expectations(mapper, text, manifests) == ["code-quality.ci-cd"], text
    # CocoaPods' and Swift's manifests, and the lock files beside (Alamofire)
    pods = _change(["Alamofire.podspec", "Gemfile", "Gemfile.lock"], 30)
    assert _expectations(mapper, "Disable swift_versions for now.; Revert CocoaPods version.", pods) == ["code-quality.ci-cd"]
    swift = _change(["Package.swift", "Package@swift-5.7.swift"], 20)
    assert _expectations(mapper, "Add Dynamic Package Product", swift) == ["code-quality.ci-cd"]
    npm = _change(["package.json"], 6)
    assert _expectations(mapper, "Add exports map for the ESM build", npm) == ["code-quality.ci-cd"]
    code = _change(["serde/Cargo.toml", "serde/src/de/impls.rs", "serde/src/ser/impls.rs"], 300)
    assert _areas(mapper, "Add Serde impls for i128 and u128", code) == ["delivery"]
    assert grade(MapItem("Bump syn to 2.0", kind="commits", data=_change(["serde_derive/Cargo.toml"], 2))).grade == "routine"


def test_state_kept_whole_between_threads_is_concurrency(mapper: Mapper) -> None:
    """Atomic state and the locks that keep it ("More Atomic Locking", "Added an NSLock for the
    task delegate's task", Alamofire) are concurrency work, not a clean-up or a feature; a copy
    of another project synchronised with it is not."""
    code = _change(["Source/Core/Request.swift", "Source/Core/Protected.swift"], 60)
    for text in ("More Atomic Locking", "[PR #2190] Added an NSLock for the task delegate's task.",
                 "Update handling of os_unfair_lock to manage the buffer."):
        assert _areas(mapper, text, code)[:1] == ["technical-depth"], text
    vendored = _change(["requests/packages/urllib3/connectionpool.py"], 60)
    assert "technical-depth" not in _areas(mapper, "Synchronize the vendored urllib3 with upstream", vendored)


def test_a_field_other_threads_read_and_the_schedulers_cost_are_concurrency(mapper: Mapper) -> None:
    """A field made volatile and work that cuts context switches (okhttp's Jesse Wilson) are
    concurrency and performance work, not a feature delivered."""
    code = _change(["okhttp/src/main/kotlin/okhttp3/internal/concurrent/TaskRunner.kt"], 80)
    for text in ("Make RetryAndFollowUpInterceptor.streamAllocation volatile.",
                 "Change TaskRunner to limit context switches."):
        assert _areas(mapper, text, code)[:1] == ["technical-depth"], text


def test_a_change_that_ends_infinite_loops_is_a_hard_fix(mapper: Mapper) -> None:
    """"Reject malformed messages that have infinite loops" (okhttp's DNS codec) names the
    hard bug it fixes, in the plural: significant, and technical depth, not a feature."""
    code = _change(["okhttp-dnsoverhttps/src/main/kotlin/okhttp3/dnsoverhttps/DnsRecordCodec.kt"], 37)
    item = MapItem("Reject malformed messages that have infinite loops", kind="commits", data=code)
    g, found = assess(mapper, item)
    assert g.grade == "significant" and [s.area for s in found] == ["technical-depth"]


def test_commits_on_someone_elses_pull_request_are_no_feature_of_the_persons(mapper: Mapper) -> None:
    """"Touch up PR 1948" on a pull request Marwes opened (serde): with no stronger words, the
    person's commits there are a contribution taken in hand (code review and maintainership),
    not a feature they delivered; a fix among them is still a fix."""
    code = {**_change(["serde/src/de/impls.rs"], 20), "opened_by": "Marwes", "from_fork": True}
    _, found = assess(mapper, MapItem("Touch up PR 1948", kind="pull-request", data=code))
    assert [(s.area, s.expectation) for s in found] == [("code-quality", "code-quality.reviews")]
    assert "a pull request Marwes opened" in found[0].reason
    mine = _change(["serde/src/de/impls.rs"], 20)
    assert [s.area for s in assess(mapper, MapItem("Touch up PR 1948", kind="pull-request", data=mine))[1]] == ["delivery"]
    fixed = assess(mapper, MapItem("Fix deserializer bounds for remote derive", kind="pull-request", data=code))[1]
    assert [s.area for s in fixed] == ["technical-depth"]


def test_a_pull_request_from_a_branch_of_an_owner_not_known_is_the_persons(mapper: Mapper) -> None:
    """In a repository with no GitHub remote, "from jbogard/…" may be a branch of the
    repository itself: Jimmy Bogard's own pull requests in a clone of MediatR ("Explicit
    processor registration", 445 lines: 22 items) and Eric Meadows-Jonsson's in ecto's
    ("from elixir-lang/…", 6) read as code review; only a fork's branch is someone else's."""
    code = {**_change(["src/MediatR/Registration/ServiceRegistrar.cs"], 200), "opened_by": "jbogard"}
    found = assess(mapper, MapItem("PR #922: Explicit processor registration", kind="pull-request", data=code))[1]
    assert [s.area for s in found][:1] == ["delivery"]


def test_a_profile_is_a_profilers_only_when_said_so(mapper: Mapper) -> None:
    """"Profile scanning" (AutoMapper's Profile classes) and a user's profile are no
    performance work; a profiler run, as written, is."""
    code = _change(["src/AutoMapper/Configuration/ProfileMap.cs"], 120)
    for text in ("Profile scanning", "feat(profile): allow users to change their email"):
        assert "technical-depth" not in _areas(mapper, text, code), text
    for text in ("Profile the parser and cut allocations", "Add a profiling mode to the CLI"):
        assert _areas(mapper, text, code)[:1] == ["technical-depth"], text
    # a profiler's words that "profile" alone no longer carried (py-spy's)
    for text in (
        "Profile processes running in containers",
        "Add support for speedscope profiles aggregated by function name",
    ):
        assert _areas(mapper, text, code)[:1] == ["technical-depth"], text
    for text in ("Add the ability to profile users by their roles", "Link to profile page"):
        assert "technical-depth" not in _areas(mapper, text, code), text


def test_public_apis_in_the_plural_are_api_design(mapper: Mapper) -> None:
    """"Fewer public APIs for Protocol identification." (okhttp) weighs as an API change and
    maps where "public API" does: the stemmer folds "APIs" as it folds "tests"."""
    code = _change(["okhttp/src/main/java/okhttp3/Protocol.java"], 79)
    g, found = assess(mapper, MapItem("Fewer public APIs for Protocol identification.", kind="commits", data=code))
    assert g.grade == "significant" and [s.area for s in found] == ["system-design"]


def test_a_projects_own_name_says_nothing_of_the_work(mapper: Mapper) -> None:
    """In pytest's history "pytest" names the product, not testing: "Export MonkeyPatch as
    pytest.MonkeyPatch" is no tested change; elsewhere the word is testing, and a product
    named after the project ("pytest-xdist") is another's."""
    code = {**_change(["src/_pytest/monkeypatch.py", "src/pytest/__init__.py"], 30), "repository": "pytest"}
    item = MapItem("Export MonkeyPatch as pytest.MonkeyPatch", kind="commits", data=code)
    assert "code-quality" not in [s.area for s in assess(mapper, item)[1]]
    elsewhere = {**code, "repository": "billing"}
    item = MapItem("Run the billing suite under pytest", kind="commits", data=elsewhere)
    assert [s.area for s in assess(mapper, item)[1]][:1] == ["code-quality"]


def test_a_qualified_name_keeps_its_words_without_the_projects_own(mapper: Mapper) -> None:
    """The project's name before a module's ("Ecto.Repo.all") goes with its dot: ".Repo.all
    -> .Repo.all_running" was no longer read as a rename (ecto, two items)."""
    code = {**_change(["lib/ecto/repo.ex"], 70), "repository": "ecto"}
    item = MapItem("Ecto.Repo.all -> Ecto.Repo.all_running", kind="commits", data=code)
    assert [s.expectation for s in assess(mapper, item)[1]][:1] == ["code-quality.tech-debt"]


def test_a_test_projects_build_file_alone_is_the_build() -> None:
    """A project file under test/ is the build of the tests, not a test: MediatR's "Updating to
    RTM" (every .csproj, two of them under test/) read as tested changes (7 items)."""
    assert change_shape(["src/MediatR/MediatR.csproj", "test/MediatR.Tests/MediatR.Tests.csproj"]) == "build"
    assert change_shape(["okhttp-tests/build.gradle"]) == "build"
    assert change_shape(["test/MediatR.Tests/MediatR.Tests.csproj", "test/MediatR.Tests/SendTests.cs"]) == "tests"
    # a package's project file beside a test is the package's, as its build.gradle would be
    # ("Fixing request contract package": two .csproj under src/ and a test, "a small fix to tests")
    fixed = ["src/MediatR.Contracts/MediatR.Contracts.csproj", "src/MediatR/MediatR.csproj", "test/MediatR.Tests/NotificationPublisherTests.cs"]
    assert change_shape(fixed) == "code"


def test_an_elixir_projects_integration_tests_are_tests() -> None:
    """ecto's (and Flutter apps') top-level integration_test/ holds tests: "Fix flaky test
    (#4294)" there was code again after 74ec93e (19 items); a published package of that name
    further down (Flutter's packages/integration_test/lib/) is code."""
    assert change_shape(["integration_test/cases/joins.exs"]) == "tests"
    assert change_shape(["packages/integration_test/lib/src/channel.dart"]) == "code"


def test_maven_and_gradle_files_are_the_build() -> None:
    """A JVM project's build: Maven's pom.xml, Gradle's scripts, settings, wrapper, version
    catalogue and build logic ("Fix website publishing" in build-logic/, okhttp)."""
    assert change_shape(["pom.xml", "okhttp/pom.xml"]) == "build"
    assert change_shape(["build-logic/src/main/kotlin/okhttp.publish.gradle.kts", "build.gradle.kts"]) == "build"
    assert change_shape(["gradle/libs.versions.toml", "gradle/wrapper/gradle-wrapper.properties", "gradlew"]) == "build"
    assert change_shape(["buildSrc/src/main/kotlin/Deps.kt", "settings.gradle", "gradle.properties"]) == "build"
    assert change_shape(["okhttp/build.gradle.kts", "okhttp/src/main/kotlin/okhttp3/Call.kt"]) == "code"
    # a Gradle plugin's code in a package named gradle is code, and its tests tests (Spotless:
    # 108 of its items read as CI, 53 fixes to tests ordinary)
    assert change_shape(["plugin-gradle/src/main/java/com/diffplug/gradle/spotless/SpotlessExtension.java"]) == "code"
    assert change_shape(["plugin-gradle/src/test/java/com/diffplug/gradle/spotless/RatchetTest.java"]) == "tests"
    assert change_shape(["lib/gradle/wrapper/gradle-wrapper.properties"]) == "build"  # a module's own
    # and the other ecosystems' manifests, locks and project files
    assert change_shape(["src/AutoMapper/AutoMapper.csproj", "Directory.Build.props", "global.json"]) == "build"
    assert change_shape(["mix.exs", "mix.lock"]) == change_shape(["pubspec.yaml", "pubspec.lock"]) == "build"
    assert change_shape(["lib/app.cabal", "stack.yaml"]) == change_shape(["build.sbt"]) == "build"
    lock = grade(MapItem("Pin plug to the fork", kind="commits", data=_change(["mix.lock"], 30)))
    assert lock.grade == "routine"
    # a site script's stamp is no work of the person's
    stamp = grade(MapItem("Website at Wed Dec 31 12:48:59 EST 2014", kind="commits", data=_change(["index.html"], 1160)))
    assert stamp.grade == "routine"


def test_a_module_of_tests_or_of_what_they_share_is_tests() -> None:
    """"okhttp-tests/" and "okhttp-testing-support/" hold tests and what they share: a change
    to them alone is a change to tests; a module whose name only starts so is not."""
    assert change_shape(["okhttp-tests/src/test/java/okhttp3/CallTest.java"]) == "tests"
    assert change_shape(["okhttp-testing-support/src/main/kotlin/okhttp3/TaskFaker.kt"]) == "tests"
    assert change_shape(["crates/test_support/src/lib.rs", "tests/common/mod.rs"]) == "tests"
    assert change_shape(["integration-tests/Utils.js", "retrofit/test-helpers/src/main/java/TestingUtils.java"]) == "tests"
    assert change_shape(["retrofit/robovm-test/src/main/java/retrofit2/RoboVmPlatformTest.java"]) == "tests"
    assert change_shape(["testing-library/src/index.js"]) == "code"
    assert change_shape(["okhttp/src/main/kotlin/okhttp3/OkHttpClient.kt"]) == "code"


def test_dependabots_note_of_a_bumps_size_is_no_api_change() -> None:
    """Dependabot's body names the bump's size ("update-type: version-update:semver-patch"):
    no word of the change's own about versioning an API (gson's Maven plugin bumps, h-rev8);
    a change that says it follows semver still is one."""
    body = (
        "Bumps [org.apache.maven.plugins:maven-shade-plugin](https://github.com/apache/maven-shade-plugin) "
        "from 3.5.1 to 3.5.2.\n\n---\nupdated-dependencies:\n- dependency-name: "
        "org.apache.maven.plugins:maven-shade-plugin\n  dependency-type: direct:production\n"
        "  update-type: version-update:semver-patch\n...\n"
    )
    data = _change(["pom.xml"], 2)
    g = grade(MapItem("Bump the maven group across 1 directory with 5 updates", kind="commits", body=body, data=data))
    assert g.grade != "significant", g.reason
    g = grade(MapItem("Follow semver for the plugin API from now on", kind="commits", data=_change(["src/api.rs"])))
    assert g.grade == "significant", g.reason


def test_a_testing_library_its_users_install_is_code() -> None:
    """A published library for testing, in the singular or named for its utilities, is the
    product its maintainers make (h-rev8): Vue's "packages/test-utils/" (@vue/test-utils),
    "serde_test/", "futures-test/", "actix-test/". "fix: ensure Wrapper.setChecked()
    idempotence" in it is a fix to the product, not a small fix to tests."""
    for path in ("packages/test-utils/src/wrapper.js", "packages/server-test-utils/src/renderToString.js",
                 "serde_test/src/de.rs", "futures-test/src/task/mod.rs", "actix-test/src/lib.rs"):
        assert change_shape([path]) == "code", path
    fix = _change(["packages/test-utils/src/wrapper.js"], 4)
    g = grade(MapItem("fix: ensure Wrapper.setChecked() idempotence", kind="commits", data=fix))
    assert g.grade == "ordinary", g.reason


def test_a_list_of_subjects_cut_short_is_read_from_the_body() -> None:
    """A day's subjects cut at the title's length ("A; B; …") are graded by every subject the
    body lists: four release commits are routine, a fix among them is not; with no list in
    the body the unseen subjects may be work, and it is not routine."""
    title = "[maven-release-plugin] prepare release parent-3.1.1; [maven-release-plugin] prepare for next development iteration; \u2026"
    release = ["[maven-release-plugin] prepare release parent-3.1.1",
               "[maven-release-plugin] prepare for next development iteration"] * 2
    data = {"role": "authored", "additions": 76, "deletions": 76, "files": 18, "file_paths": ["pom.xml", "okhttp/pom.xml"]}
    listed = "\n".join(f"- {s}" for s in release)
    assert grade(MapItem(title, kind="commits", body=listed, data=data)).grade == "routine"
    fixed = "\n".join(f"- {s}" for s in [*release, "Fix a crash in the HPACK decoder"])
    assert grade(MapItem(title, kind="commits", body=fixed, data=data)).grade != "routine"
    assert grade(MapItem(title, kind="commits", body="Release notes follow.", data=data)).grade != "routine"


def test_an_editors_project_settings_are_housekeeping() -> None:
    data = {"role": "authored", "additions": 0, "deletions": 0, "files": 1, "file_paths": [".idea/icon.png"]}
    assert grade(MapItem("Update the IntelliJ PNG resource file", kind="commits", data=data)).grade == "routine"


def test_a_formatter_brought_in_and_run_is_not_sizeable_work() -> None:
    """"Add SwiftFormat" (its .swiftformat and "format everything.": 3,366 lines in 61 files,
    Alamofire) measures the formatter's run, not the person's work; a sizeable change that
    only carries a formatter's configuration along, or formats without one, keeps its size."""
    paths = [".swiftformat", *(f"Source/File{i}.swift" for i in range(30)), *(f"Tests/T{i}.swift" for i in range(30))]
    data = {"role": "authored", "additions": 1457, "deletions": 1909, "files": 61, "file_paths": paths}
    body = "* Add SwiftFormat, format everything.\n\n* Remove whitespace formatting target."
    assert grade(MapItem("Add SwiftFormat", kind="pull-request", body=body, data=data)).grade == "ordinary"
    feature = grade(MapItem("Add WebSocketRequest", kind="pull-request", body="Adds a WebSocket wrapper.", data=data))
    assert feature.grade == "significant"
    paths = [f"src/fmt/{i}.rs" for i in range(20)]
    data = {"role": "authored", "additions": 900, "deletions": 200, "files": 20, "file_paths": paths}
    assert grade(MapItem("Rewrite the number formatting engine", kind="commits", data=data)).grade == "significant"


def test_a_branchs_squashed_history_is_how_the_change_got_there(mapper: Mapper) -> None:
    """A pull request squashed from a long-lived branch lists every step of the branch ("*
    Refactor the rewrite! (#2585)", "* Rename SessionManager -> Session": Alamofire's "Brotli
    Support", "Real HTTPHeaders type."): what only that long list says is not what the change
    is. The subject still speaks, and a short description still does."""
    steps = [
        "Work towards server trust enhancements.", "Refactor the rewrite! (#2585)",
        "Refactor request storage out of SessionDelegate.", "Continue development.",
        "Rename SessionManager -> Session, update environment.", "Sort project.",
        "Whitespace cleanup.", "Reimplement module changes from bad rebase.",
        "Finalize errors, refactor testing.", "Remove per-target setting.",
        "Make RequestAdapter async.", "Add HTTPHeaders type.", "Update for review suggestions.",
    ]
    body = "- Brotli Support (#2442)\n\n" + "\n\n".join(f"* {s}" for s in steps)
    code = _change(["Source/Request.swift", "Source/SessionManager.swift", "Tests/SessionManagerTests.swift"], 160)
    item = MapItem("Brotli Support", kind="pull-request", body=body, data=code)
    assert [s.area for s in assess(mapper, item)[1]] == ["delivery"]
    refactor = MapItem("Refactor ServerTrustPolicy", kind="pull-request", body=body, data=code)
    assert "code-quality.tech-debt" in [s.expectation for s in assess(mapper, refactor)[1]]
    short = "* Refactor the decoder into its own type and rename its options\n\n* Add tests"
    item = MapItem("Brotli Support", kind="pull-request", body=short, data=code)
    assert "code-quality.tech-debt" in [s.expectation for s in assess(mapper, item)[1]]


def test_the_oldest_toolchain_raised_is_the_build(mapper: Mapper) -> None:
    """"Raise required compiler for serde_derive to Rust 1.71" (serde, cited as Technical depth
    in the packet) raises what the build needs: care for the build, not a fix because it
    starts with "raise"; an error raised or a size raised is the program's."""
    code = _change(["serde_derive/Cargo.toml", "serde_derive/build.rs", "serde_derive/src/lib.rs"], 20)
    for text in ("Raise required compiler for serde_derive to Rust 1.71",
                 "Update serde_derive minimum rustc version to 1.31", "Raise minimum deployment targets to iOS 12"):
        assert _expectations(mapper, text, code) == ["code-quality.ci-cd"], text
    for text in ("Raise an error when the required field is missing", "Raise the minimum buffer size to 4 KiB"):
        assert "code-quality.ci-cd" not in _expectations(mapper, text, code), text


def test_code_a_macro_generates_and_rustfmts_rfc_style_are_no_ai_or_design(mapper: Mapper) -> None:
    """In a derive macro "generated code" is the macro's output ("No more syntex for
    serde_derive", whose description allows lints in generated code: it was AI-assisted code),
    and rustfmt's "rfc style" is a formatter's style (System design by "rfc"); code an
    assistant generated, and an RFC written, still count."""
    code = _change(["serde_derive/src/lib.rs", "serde_derive/src/de.rs"], 60)
    item = MapItem("Allow lints in generated code", kind="commits", data=code)
    assert "code-quality.ai-assistance" not in [s.expectation for s in assess(mapper, item)[1]]
    note = MapItem("Reviewed the AI-generated code from Copilot line by line before merging", kind="note")
    assert "code-quality.ai-assistance" in [s.expectation for s in assess(mapper, note)[1]]
    assert "system-design" not in _areas(mapper, "Switch rustfmt to the rfc style defaults", code)
    rfc = MapItem("Wrote an RFC for the plugin API and circulated it for comments", kind="note")
    assert "system-design" in [s.area for s in assess(mapper, rfc)[1]]


def test_the_mark_of_a_list_cut_short_is_no_subject(mapper: Mapper) -> None:
    """A day whose subjects are upkeep of the linter ("Inform clippy of supported compiler
    version in clippy.toml; Ignore type_repetition_in_bounds lint …; …", serde) is read by
    them; the "…" that cuts the list short is no subject of its own, and left alone it made
    the day a feature."""
    paths = ["serde/.clippy.toml", "serde/Cargo.toml", "serde/src/lib.rs", "serde_derive/.clippy.toml"]
    text = ("Inform clippy of supported compiler version in clippy.toml; "
            "Ignore type_repetition_in_bounds lint that is incompatible with msrv; …")
    found = assess(mapper, MapItem(text, kind="commits", data=_change(paths, 20)))[1]
    assert found and "delivery" not in [s.area for s in found]


def test_a_compilers_feature_gates_are_no_feature_delivered(mapper: Mapper) -> None:
    """Rust's feature gates and Cargo's unstable or default features are switched at build
    time ("Remove the proc_macro feature gate", "Move compiletest out of the unstable feature
    flag": serde's were a feature delivered and a safe rollout); a feature the product ships,
    and a flag it rolls out behind, still are."""
    code = _change(["serde_derive/src/lib.rs"], 30)
    assert _areas(mapper, "Remove the proc_macro feature gate", code) == ["code-quality"]
    tests = _change(["test_suite/tests/compiletest.rs", "test_suite/Cargo.toml"], 30)
    assert "delivery.safe-rollouts" not in _expectations(mapper, "Move compiletest out of the unstable feature flag", tests)
    assert "delivery.safe-rollouts" in _expectations(mapper, "Ship the new checkout behind a feature flag", code)
    assert "delivery.features" in _expectations(mapper, "Implement the export feature for reports", code)


def test_reviewed_look_alikes_of_the_serde_and_alamofire_rules(mapper: Mapper) -> None:
    """What the rules from reading serde and Alamofire misread in other projects (h-rev7): a
    dependency raised for a vulnerability in a manifest alone (express, caddy) is security work
    as well as the build; the linker's link and an HTTP Link header are no link to fix (curl,
    requests); a linter's own rule fixed for a case (clippy) is no lint let be; a file written
    whole atomically, and a tracker's reviews synchronised, are no concurrency (curl, valkey,
    clippy); a link changed beside a dependency added is no link fix (aiohttp); the program's
    own deprecated configuration read is no deprecation kept up with (clippy)."""
    for text, paths in (
        ("fix: bump qs minimum to ^6.14.2 for CVE-2026-2391 (#7057)", ["package.json"]),
        ("go.mod: CVE-2023-45142 Update opentelemetry (#5908)", ["go.mod", "go.sum"]),
    ):
        assert "system-design.security-compliance" in _expectations(mapper, text, _change(paths, 6)), text
    assert _expectations(mapper, "Sort package entries in Cargo.toml", _change(["serde/Cargo.toml"], 8)) == [
        "code-quality.ci-cd"
    ]
    for text, paths in (
        ("Update the link headers doc to match the code", ["docs/user/advanced.rst"]),
        ("changed link lib order to make nlmconv happy.", ["lib/Makefile.netware"]),
        ("curl_gssapi: fix link error on macOS Monterey", ["lib/curl_gssapi.c"]),
        ("Fix from_over_into lint suggesting invalid code", ["clippy_lints/src/from_over_into.rs"]),
        ("Fix unreadable_literal lint for scientific float notation", ["clippy_lints/src/literal_representation.rs"]),
        ("Suppress explicit_counter_loop lint if loop variable is used after the loop", ["clippy_lints/src/loops.rs"]),
        ("Fix rustc lint import paths generated by `new_lint`", ["clippy_dev/src/new_lint.rs"]),
        ("Change single link and add frozenlist.", ["README.rst", "setup.py"]),
    ):
        assert grade(MapItem(text, kind="commits", data=_change(paths, 20))).grade == "ordinary", text
    for text in ("Update links in module API docs", "Ignore unused_qualifications lint for now",
                 "Suppress cast_lossless lint in test suite", "fix dead link to stable release download"):
        assert grade(MapItem(text, kind="commits", data=_change(["README.md", "src/lib.rs"], 10))).grade == "routine", text
    # the program's own deprecated settings read ("Read and use deprecated configuration (as
    # well as emitting a warning)") are no deprecation kept up with; one no longer used is
    lib = _change(["clippy_config/src/conf.rs"], 40)
    assert grade(MapItem("Read and use deprecated configuration (as well as emitting a warning)", kind="commits",
                         data=lib)).grade == "significant"
    for text in ("curl.h: reword comment to not use deprecated option", "Keep using deprecated AsciiExt on old compilers"):
        assert grade(MapItem(text, kind="commits", data=lib)).grade == "ordinary", text
    code = _change(["lib/cookie.c", "src/cluster.c"], 60)
    for text in ("cookies: make saving atomic with a rename", "Make cluster config file saving atomic and fsync acl",
                 "Enable GitHub review synchronization with S-waiting-on-* labels"):
        assert "technical-depth.performance-concurrency" not in _expectations(mapper, text, code), text
    for text in ("chore: Use atomics where appropriate", "impl: switch most atomic ops to `Relaxed` ordering",
                 "Change server.daylight_active to an atomic variable"):
        assert _expectations(mapper, text, code)[:1] == ["technical-depth.performance-concurrency"], text
