"""Judgement before mapping: whose work an item is, and how much it weighs.

A good manager asks two questions of every piece of evidence before asking which area it
shows: *did this person do it?* and *does it matter?* This module answers both, from what the
source recorded and from the person's own words, never from text a harvester generated.

**Role.** Every item carries the person's role in it (``data["role"]``):

- ``authored`` / ``co-authored`` — the person's own work: it may show any area;
- ``merged`` — someone else's work the person merged: review and maintainership at most;
- ``reviewed`` / ``attended`` — a review given, a meeting attended (their own kinds say what);
- ``bot`` — a bot's change (dependabot, renovate, pre-commit.ci …): nobody's work, never mapped.

**Substance.** Every item gets a grade with its reason:

- ``routine`` — typo fixes, version bumps and releases, dependency and lock-file updates, CI
  and tooling tweaks, formatting, small reverts, branch syncs, bots. Kept and searchable, but it
  never counts toward readiness and never fills the packet.
- ``significant`` — measured optimisations (numbers in the text), hard bug fixes (races, leaks,
  crashes, overflows, security), API and compatibility changes, sizeable features, design docs
  that pass the checker, postmortems.
- ``ordinary`` — everything in between.

Example:
    >>> grade(MapItem("Fix typo in README", kind="commits")).grade
    'routine'
    >>> grade(MapItem("Avoid a data race in the worker pool", kind="commits")).grade
    'significant'
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ladder.bots import BOT_TITLE, DEFAULT_BOTS, bots, is_bot
from ladder.mapping.mapper import MAX_AREAS, MERGED_TARGET, Mapper, Suggestion
from ladder.mapping.prefilter import FirstOf, Lowered, Prefilter, lower
from ladder.mapping.rules import MapItem, Signal
from ladder.mapping.text import drop_code_spans, drop_file_scopes, gitmoji, persons_body
from ladder.reverts import reverted

ROUTINE, ORDINARY, SIGNIFICANT = "routine", "ordinary", "significant"
GRADES = (ROUTINE, ORDINARY, SIGNIFICANT)
#: Roles whose items are the person's own work (delivery, design, technical depth may show).
OWN = frozenset({"authored", "co-authored"})
ROLES = ("authored", "co-authored", "merged", "reviewed", "attended", "bot")
_COAUTHOR = re.compile(r"^co-authored-by:\s*(.+)$", re.I | re.M)


def co_authors(body: str | None) -> list[str]:
    """The ``Co-authored-by:`` trailers of a commit message (lower-case)."""
    return [m.strip().lower() for m in _COAUTHOR.findall(body or "")]


def commit_role(
    *,
    emails: Iterable[str],
    author: str,
    author_email: str,
    committer_email: str = "",
    body: str | None = None,
    merge: bool = False,
    merged_authors: Sequence[str] = (),
    names: Iterable[str] = DEFAULT_BOTS,
) -> str:
    """The person's role in one commit (see the module docstring).

    Args:
        emails: The person's e-mail addresses.
        author: The commit's author name.
        author_email: The commit's author e-mail.
        committer_email: The commit's committer e-mail.
        body: The message after the subject (for ``Co-authored-by:`` trailers).
        merge: True for a merge commit.
        merged_authors: For a merge, the authors (``Name <email>``) of the commits it brings in.
        names: The bot names in force.
    """
    mine = {e.lower() for e in emails}
    names = tuple(names)
    if is_bot(author, author_email, names=names):
        return "bot"
    if author_email.lower() in mine:
        if merge and merged_authors:
            theirs = [a for a in merged_authors if not any(e in a.lower() for e in mine)]
            if theirs and all(is_bot(a, names=names) for a in theirs):
                return "bot"
            if len(theirs) * 2 > len(merged_authors):
                return "merged"
        return "authored"
    if any(e in trailer for trailer in co_authors(body) for e in mine):
        return "co-authored"
    if committer_email.lower() in mine:
        return "merged"
    return "other"


@dataclass(frozen=True)
class Grade:
    """A substance grade and the reason for it, in a sentence a person would accept."""

    grade: str
    reason: str


# -- the rules ------------------------------------------------------------------------------------
_W = r"(?<![\w-])"
_BACKPORT = "a backport of a change already made"
_SUBTREE = "another repository's history brought in (git subtree)"
_REVERT = "a revert"
_THANKED = "the people thanked"
#: Who sponsors the project, as its README lists them ("special sponsor", "sponsors & backers").
_SPONSORS = (
    r"(?:(?:gold|silver|bronze|platinum|special|inactive|new|premium)\s+){0,2}sponsors?"
    r"(?:\s*(?:&|and)\s*backers)?"
)
#: After "strip trailing whitespace" and the like: whitespace the program handles in what it
#: reads ("from header values", "when parsing the config") is behaviour, not the source's layout
#: ("from source files", "from all lines in README.md").
_HANDLED = (
    r"(?!\s+(?:(?:when|while)\s+\w+ing\b|during\s|(?:from|in|of|on|around|after|before|at)\s+"
    r"(?:the\s+|an?\s+|each\s+|every\s+|all\s+|its\s+)?(?:[\w-]+\s+)?"
    r"(?:values?|inputs?|headers?|fields?|keys?|names?|strings?|tokens?|arguments?|args|"
    r"param(?:eter)?s?|output|responses?|requests?|urls?|paths?|entries|cells?|columns?|"
    # lines the program reads ("from lines in the CSV reader", "… before parsing"); lines
    # and nothing more said ("from all lines", "on empty lines") are the source's
    r"input\s+lines?|lines?(?!\s*$)|"
    r"messages?|body|bodies|data|text|quer(?:y|ies)|options?|labels?|tags?|records?|rows?)\b"
    # "header files", "text files", "header comments" are the source's layout
    r"(?!\s+(?:files?|comments?|sources?)\b(?!\s+(?:parser|reader|parsing|handling)\b))"
    r"(?!\s+(?:in|of)\s+(?:the\s+)?(?:[\w/-]+\.\w+|docs?|source|code|files?)\b)))"
)
#: After "changelog": a program that handles changelogs ("Fix changelog parser"), not one kept.
_NOT_A_TOOL = (
    r"(?!\s+(?:pars\w*|generat\w*|tool\w*|scripts?|commands?|views?|pages?|endpoints?|api|"
    r"support|plugins?|templates? engine)\b)"
)
_ROUTINE_TEXT: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            _W + r"(typos?|spelling|misspell\w*)\b|"
            # the text's grammar mended, not a grammar a parser reads ("Add grammar for TOML")
            r"(?:fix|correct|improv|tweak|clean)\w*\s+(?:the\s+|some\s+|bad\s+|poor\s+)?(grammar)\b"
            r"(?!\s+(?:for|of|rules?|files?|defin\w*|ambigu\w*|conflicts?|errors?|recovery|parser|"
            r"tables?|actions?)\b)|^\s*(grammar)(?:\s+fix(?:es)?)?\W*$",
            re.I,
        ),
        "a typo or spelling fix",
    ),
    (  # the text's own punctuation mended, not punctuation a program handles
        re.compile(
            r"^\s*(?:add|fix|correct|remove|adjust|use)\w*\s+(?:the\s+|a\s+|missing\s+|some\s+)*"
            r"(?:punctuation|full[- ]stops?)"
            r"(?!\s+(?:handling|support|parsing|rules?)\b)"
            r"(?!\s+(?:in|from|of|on)\s+(?:the\s+)?(?:input|quer(?:y|ies)|search|tokeni[sz]er|"
            r"parser|strings?|names?|hostnames?|branch\w*|paths?|urls?)\b)",
            re.I,
        ),
        "a typo or spelling fix",
    ),
    (
        re.compile(
            r"^\s*(?:fix|resolve|solve|address)\w*\s+(?:the\s+|a\s+|some\s+)?(?:git\s+)?"
            r"(?:merge|rebase)\s+conflicts?\W*$",
            re.I,
        ),
        "a merge conflict resolved",
    ),
    (
        re.compile(
            # ("Version to 4.8.2", "4.6.0 Release": the version then the word)
            # ("Bump pom versions to 2.1.0-SNAPSHOT": Maven's)
            # (an emoji's code after the word: "Release :gem: 3.1.0", jekyll's)
            r"^\s*(?:release\s+(?::[a-z0-9_+-]+:\s+)?|releas(?:e|ing)\s+v?|version\s+(?:to\s+)?|bump(?:ed)?\s+(?:the\s+)?(?:pom\s+)?"
            r"versions?(?:\s+to)?\s*|v)?\d+\.\d+(?:\.\d+)*(?:[-.]?\w+)?(?:\s+release)?\s*$|"
            # a release made, not a resource a program releases ("Release freed memory to the
            # OS", "Release the lock before calling back")
            r"^\s*release(?=\s*$|\s*[:(]|\s+v?\d|\s+(?:notes?|candidate|prep\w*|tag|build)\b)|"
            r"^\s*(?:bump version|"
            r"prepare release|version bump|increment (?:the )?(?:package |npm )?version|"
            # the next version opened after a release (Maven's "iteration", Gradle's plugin's
            # "Prepare next development version.")
            r"\[maven-release-plugin\]|prepare (?:for )?(?:the )?next development (?:iteration|version|cycle))|"
            r"^\s*[\w.-]+[-@ ]v?\d+\.\d+\.\d+(?:\s+(?:is\s+)?released)?\s*$|"
            # a product of several words and its version ("JSON for Modern C++ 3.11.3", "… version
            # 3.11.3", "… 1.2.3 released"): names written with capitals, joined by small words, no
            # verb in front ("Fix regression in 3.11.3", "Support Python 3.12.1", "Ensure Python
            # 3.12.1" are not), nor a word of a sentence before a small word ("Workaround for MSVC
            # 19.38.33130", "Build for Android 14.0.0": a name so joined is written in capitals,
            # "JSON for …")
            r"^\s*(?!(?:fix|handle|implement|allow|make|avoid|revert|test|support|add|drop|remove|"
            r"use|require|update|upgrade|bump|port|crash|break|ensure|enable|disable|target|check|"
            r"prepare|build|adapt|migrate|restore|skip|ignore|detect|warn|work)\w*\s)"
            r"(?!(?-i:[A-Z][a-z]+)\s+(?:for|of|the|and)\s)(?-i:[A-Z])[\w+#-]*"
            r"(?:\s+(?:(?-i:[A-Z])[\w.+#-]*|for|of|the|and)){1,5}(?:\s+version)?\s+v?\d+\.\d+\.\d+(?:\s+released)?\s*$|"
            # the next version's changelog opened after a release ("Version 1.0.12 placeholder")
            r"^\s*version\s+v?\d+\.\d+(?:\.\d+)*\s+placeholder\s*$",
            re.I,
        ),
        "a version bump or release commit",
    ),
    (
        re.compile(
            # (Renovate writes "fix(deps): update dependency x to v2" for what a package ships)
            r"^\s*(?:deps?|(?:build|chore|fix)\(deps(?:-dev)?\))\s*:|"
            + _W
            + r"(bump(?:ed|s)?|upgrade[ds]?|update[ds]?|downgrade[ds]?)\s+(?:all\s+|the\s+|some\s+|various\s+|"
            r"several\s+|many\s+|multiple\s+|a\s+few\s+|outdated\s+)?"
            # a package taken to a version, not the project's own API or format ("Upgrade the
            # API to v2" changes an interface)
            r"(deps|dependenc(?:y|ies)|lock\s?files?|(?!(?:api|apis|schema|protocol|format|endpoints?|"
            # (a product's name in capitals may take two words: "Upgrade Bouncy Castle to 1.65",
            # "Update Kotlin version to 1.3.71"; not a part of the project's own named after the
            # library it serves, whose code changes with it: "Update RxJava adapter to 1.2.0."
            # rewrote Retrofit's adapter, "Updated Webpack config to v2" Jest's guide; and a slip
            # of the keys one "to" too many: "… to to 1.65")
            r"interface|spec|config)\s)(?:(?-i:[A-Z])[\w.-]*\s+(?=(?-i:[A-Z])|version\s)"
            r"(?!(?:api|apis|schema|protocol|format|endpoints?|interface|spec|config)\s))?"
            r"[\w./@-]+\s+(?:(?:to|from)\s+){1,2}"
            r"(?:v?\d+(?:\.[\w-]+)*|[0-9a-f]{7,40})|requirements|"
            # crates or packages updated, not updated to do something ("Update several
            # packages to use the new logger")
            r"(?:crates|packages)(?=\s*(?:$|[;.,(]|\s+to\s+(?:v?\d|latest)))|vendored|[\w.-]+\.(?:lock|sum))\b|"
            r"^\s*bump\s+[\w.-]+(?:\s+to\s+v?[\d.]+)?\s*$|" + _W + r"bump deps\b|"
            # one word naming which ones: "Update brunch deps", "Bump installer deps"
            + _W + r"(?:bump|upgrade|update)[ds]?\s+(?:the\s+)?[\w.-]+\s+(?:deps|dependencies)\b|"
            r"^\s*relax(?:e[ds])?\s+(?:the\s+)?(?:deps|dependenc(?:y|ies)|requirements|pins?)\b|"
            r"^\s*(?:run\s+)?(?:go mod tidy|(?:npm|yarn|pnpm) (?:dedupe|audit fix)|cargo update)\s*$|"
            r"^\s*dedupe?\w*\s+(?:the\s+)?(?:deps|dependencies|lock\s?files?|packages)\W*$|"
            # named as what they are, the whole subject: "Dependency Upgrades", "Deps updates"
            r"^\s*(?:dependency|dependencies|deps?)\s+(?:upgrades?|updates?|bumps?)\W*$|"
            # the toolchain taken to a version: "Rust 1.70 upgrade", "Upgrade to Go 1.22"
            r"^\s*(?:bump|upgrade|update)\w*\s+(?:to\s+)?(?:rust|go|golang|node(?:\.?js)?|python|"
            r"jdk|java|ruby|php|msrv)\s+(?:to\s+)?v?\d+(?:\.\d+)+\W*$|"
            r"^\s*(?:rust|go|golang|node(?:\.?js)?|python|jdk|java|ruby|php|msrv)\s+v?\d+(?:\.\d+)+\s+"
            r"(?:upgrade|update|bump)\W*$",
            re.I,
        ),
        "a dependency update",
    ),
    (
        re.compile(
            # a formatter run ("cargo fmt", "Run 'go fmt'"), not work on one ("Fix cargo fmt on
            # Windows"): the whole subject, or after run or apply
            r"^\s*(?:(?:run|ran|apply|applied)\s+)?['\"`]?(?:(?:cargo|go|zig) fmt|(?:mix|dotnet|dart) "
            r"format)(?:\s+--?[\w-]+)*['\"`]?(?:\s+fix(?:es)?)?\W*$|"
            r"(?:run|ran|apply|applied|with)\s+['\"`]?(?:(?:cargo|go|zig) fmt|"
            r"(?:mix|dotnet|dart) format)\b|^\s*(?:sort|re-?order)\s+(?:the\s+)?imports\W*$|"
            # a tool run over the code to rewrite it ("Run modernize -fix ./...", "go fix")
            r"^\s*(?:[\w/-]+:\s*)?(?:run|ran|apply|applied)\s+(?:go fix|gofix|modernize|gofumpt|goimports|"
            r"pyupgrade|autopep8|cargo (?:fmt|fix)|[\w./-]+ (?:-{1,2}fix|--write)\b)[^;]*$|"
            + _W + r"(rustfmt|gofmt|prettier|black|isort|clang-format|eslint|flake8|clippy|"
            r"pep ?8|tabs? (?:to|with) spaces|run (?:the )?formatter|reformat\w*|"
            # the change is the layout, not a program that handles layout ("a tokenizer not
            # treating a new line as whitespace", "formatting of dates in the report")
            r"(?<!not )(?<!n't )(?:fix|correct|clean|tidy|remove|strip|trim|adjust|consistent|code|"
            r"source)\w*\s+(?:up\s+)?(?:the\s+|some\s+)?"
            r"(?:(?:broken|bad|wrong|inconsistent|mixed|extra|odd|weird|minor|small|code|source|"
            r"file|tab|space)\s+)?"
            r"(?:indentation|formatting|whitespaces?)"
            r"(?!\s+(?:of|for|handling|logic|support|parsing|detection|rules?)\b)" + _HANDLED + "|"
            r"(?<!not )(?:remove|strip|trim|delete|drop|fix|clean)\w*\s+(?:up\s+)?(?:the\s+)?"
            r"(?:trailing|extra|stray|unneeded|unnecessary)\s+(?:white)?(?:spaces?|tabs?)\b"
            + _HANDLED + "|"
            r"^\s*(?:lint|style|fmt|format)\s*(?:\([^)]*\))?\s*:|"
            r"^\s*(?:indentation|formatting|whitespace)(?:\s+(?:fix|fixes|changes?|cleanup|clean-up|only|"
            r"nits?))|^\s*(?:indentation|formatting|whitespace)\s*$|"
            r"^\s*trailing (?:white)?spaces?\s*$|fit within \d+ col\w*|line lengths?|"
            # the source wrapped to a width ("Wrap dummy.rs to 80 columns", "Wrap comments from
            # PR 2805 to 80 columns"), not what the program prints ("Wrap help output to 80 columns")
            r"^\s*(?:re)?wrap\w*\s+(?!(?:[\w./-]+\s+){0,4}?(?:output|help|messages?|usage|tables?|logs?|errors?|text)\b)"
            r"(?:[\w./-]+\s+){0,4}?(?:to|at)\s+\d+\s+col\w*|"
            # the whole tree run through a formatter: "Format source code", "Formatted all files"
            r"^\s*(?:auto-?)?format(?:ted|ting)?\s+(?:all\s+|the\s+)?(?:(?:source|rust|go|python)\s+)?"
            r"(?:code|sources?|source code|files)\s*$|"
            # or to a style by its name ("Format in rfc style": rustfmt's, no RFC written; not
            # "Format dates in ISO style", the program's)
            r"^\s*(?:re)?format(?:ted)?\s+(?:(?:code|sources?|files|everything|all)\s+)?(?:in|to|with|using)\s+(?:the\s+)?[\w-]+\s+style\s*$|"
            r"^\s*(?:fix|convert|normali[sz]e|use unix)\w*\s+(?:the\s+)?(?:line[- ]endings?|crlf)\s*$|"
            # a RuboCop cop by its name ("Enforce Style/FrozenStringLiteralComment.", jekyll's)
            r"^\s*(?:enforce|enable|fix|correct|disable|apply|satisfy|appease|resolve)\w*\s+(?:the\s+)?"
            r"(?:rubocop(?:'s)?\s+)?(?:style|layout|lint|metrics|naming)/[a-z]\w*(?:\s+(?:cop|offen[cs]es?))?\W*$|"
            # the repository's line endings set and the files made over to them ("Adding the
            # .gitattributes for normalized line endings": 1,705 lines, AutoMapper)
            r"^\s*(?:add|creat|updat|set)\w*\s+(?:up\s+)?(?:the\s+|a\s+)?\.?gitattributes\b(?:\s+(?:file\s+)?(?:for|to)\s+"
            r"(?:normali[sz]\w*\s+)?line[- ]endings?)?\W*$|"
            r"^\s*(?:line[- ]endings?\s+normali[sz]ation|normali[sz]ed?\s+line[- ]endings?)\W*$|"
            r"lint(?:ing)?"
            r" (?:fix|error|warning)s?|code style|"
            # the style of the code, not a style the program applies ("fix style injection")
            r"fix lint|fix style(?=\s*(?:$|[;,.(:]|(?:issues?|errors?|warnings?|nits?|violations?|"
            r"problems?|checks?|complaints?)\b)))\b",
            re.I,
        ),
        "formatting or lint",
    ),
    (  # the linter made happy and nothing more said ("Linting", "Lint fixes", "make lint"; not
        # "Lint the config on load", a feature)
        re.compile(
            r"^\s*(?:(?:make|run|ran|npm run|yarn)\s+)?lint(?:ing|er|s)?"
            r"(?:\s+(?:fix(?:es)?|errors?|warnings?|issues?|clean-?ups?))?\W*$|"
            # a lint named by its identifier, resolved or let be ("Ignore
            # mismatched_lifetime_syntaxes lint", "Resolve default_trait_access lint", "Suppress
            # cast_lossless lint in test suite"); not a linter's own rule ("Fix false positive in
            # needless_return lint", "Allow needless_return lint rules in config")
            r"^\s*(?:resolve|ignore|allow|silence|suppress|fix|address|disable|whitelist)\w*\s+"
            r"(?:(?:the|a|an|some|new|all|more)\s+)?(?:(?:[a-z]+_[a-z0-9_]+|pedantic|clippy|rustc)\s+){1,3}"
            # and nothing more said than where ("… in test suite") or till when: not the lint's
            # own behaviour or parts ("Fix unreadable_literal lint for scientific float
            # notation", "Fix from_over_into lint suggesting invalid code", "Fix rustc lint
            # import paths generated by `new_lint`", "Allow needless_return lint rules in config")
            r"(?:[\w-]+\s+)?lints?\b(?=\s*$|\s*[;,.(:+]|\s+(?:in|on|everywhere|throughout|across|for\s+now|warnings?|errors?)\b)",
            re.I,
        ),
        "formatting or lint",
    ),
    (  # coding standards ("Fix CS", "CS fixes", "php-cs-fixer")
        re.compile(
            _W + r"(?:(?:fix(?:e[sd])?|apply|appl(?:y|ied))\s+(?:the\s+|some\s+)?(?:cs|coding[- ]standards?)|"
            r"cs[- ](?:fix(?:e[sd]|er)?|changes?|tweaks?|updates?)|(?:run|ran|apply|applied)\s+"
            r"(?:php-?cs-?fixer|phpcs))\b|^\s*(?:php-?cs-?fixer|phpcs)\b",
            re.I,
        ),
        "formatting or lint",
    ),
    (  # the list of known findings a static analyser skips, brought up to date
        re.compile(
            r"^\s*(?:update|regenerate|regen|refresh|rebuild)\w*\s+(?:the\s+)?(?:(?:phpstan|psalm|"
            r"static[- ]analysis|mypy|pylint|rubocop|detekt|lint)\s+baselines?\b|baselines?\s*(?:\([^()]*\))?\s*$)",
            re.I,
        ),
        "a static analysis baseline updated",
    ),
    (
        re.compile(
            r"^\s*(ci|build)\s*(\(.*?\))?\s*:|"
            + _W
            + r"(travis|appveyor|circleci|github actions|gh actions|\bci\b config|workflows?"
            r"\s+(?:file|update)|fix (?:the )?(?:ci|build)|ci (?:fix|tweak)|azure pipelines?)\b",
            re.I,
        ),
        "a CI or build tweak",
    ),
    (re.compile(_W + r"copyright\s+(?:year|date|notice)|update\s+copyright", re.I), "a copyright notice"),
    # a licence's notice or its words, added or made clearer ("Clarify license of
    # is_complete_type implementation", "Add license headers", "Add MIT license", "Create
    # LICENSE.md", "Update license year"); not a licence a program checks or shows ("Fix license key validation", "Add
    # a licenses page", "Add license to the API response", "… text to the generated SBOM")
    (
        re.compile(
            r"^\s*(?:add|update|clarif|fix|correct|adjust|mention|note|create)\w*\s+(?:the\s+|a\s+|missing\s+)?"
            r"(?:(?:mit|bsd|isc|apache(?:\s+2(?:\.0)?)?|[al]?gpl(?:v?\d)?|mpl(?:\s*2(?:\.0)?)?|spdx)\s+)?"
            r"licen[cs]e(?:s|\.(?:md|txt|rst)|\s+(?:headers?|notices?|text|files?|info\w*|terms|statements?|identifiers?|years?))?"
            r"(?:\s*$|\s+(?:of|for|in|to)\b"
            r"(?![^;]*\b(?:api|responses?|reports?|dialogs?|pages?|footer|screens?|ui|endpoints?|export\w*|pdfs?|"
            r"sbom|users?|customers?|marketplace|servers?)\b))",
            re.I,
        ),
        "a licence notice",
    ),
    (
        re.compile(
            # not warnings a user reported ("Avoid invalid warnings when scanning the same file
            # twice, fixes #4195"): the program's own output
            _W + r"(?:fix\w*|silenc\w*|prevent\w*|remov\w*|avoid\w*|quiet\w*|suppress\w*|shut up)\s+"
            r"(?:\w+\s+){0,3}(?:compiler |build |gcc |clang |msvc )?warnings?\b"
            r"(?![^;]*\b(?:fix(?:es|ed)?|closes|resolves)\s+#\d)",
            re.I,
        ),
        "a compiler warning silenced",
    ),
    (
        re.compile(
            # the package's version and nothing more said ("Update gem version (0.6.0)", "Bump
            # up gem version to 0.1.3"; not "Update version check", "Update versioning docs")
            r"^\s*(?:update|bump)\w*\s+(?:up\s+)?(?:the\s+)?(?:gem\s+|package\s+|npm\s+|crate\s+|plugin\s+)?"
            r"version(?:s|\s+numbers?)?(?:\s*(?:to\s+|-\s+|\(\s*)v?\d+(?:\.\d+)+[\w.-]*\)?)?\W*$|"
            r"^\s*(?:version|bump):\s|" + _W + r"bump(?:ed|s)?\s+(?:the\s+)?version\b|"
            r"^\s*bump(?:ed)?\s+to\s+v?\d+\.\d+",
            re.I,
        ),
        "a version bump or release commit",
    ),
    (
        re.compile(
            # the changelog's file (CHANGES, NEWS, HISTORY) as the subject or its scope, not a
            # feature named so ("History view shows deleted items", "Updated changes endpoint")
            r"^\s*(?:chang?elog|release[-_ ]?notes)\b" + _NOT_A_TOOL + r"|"
            r"^\s*(?:history|news|changes)(?:\.\w+)?\s*(?::|$)|"
            r"^\s*(?:update[ds]?|set ?up|setup|start|postfix|polish|tweak|edit|fix(?:e[sd])?|bump|"
            r"split(?: out)?|clean ?up|cleanup) (?:the )?(?:v?\d+(?:\.\d+)+\S*\s+)?"
            r"(?:(?:chang?elog|release notes)\b" + _NOT_A_TOOL + r"|(?:history|news|changes)(?:\.\w+)?"
            # the list of people a release thanks, beside it ("Update NEWS.md and AUTHORS for 1.8.2")
            r"(?:\s+and\s+(?:the\s+)?(?:authors|contributors|credits|thanks)(?:\.\w+)?)?"
            # (a merge written into it: "Update history to reflect merge of #2535", jekyll's;
            # not "Update history to reflect deleted tabs", a browser's)
            r"(?:\s+(?:for\b|to reflect (?:the )?(?:merges?|release)\b)[^;]*)?\s*$)|"
            # "Add ChangeLog entry", "Remove dummy line from CHANGELOG", "Add new 'unreleased'
            # section": the changelog's upkeep (not a changelog tool's: "Parse changelog entries")
            r"^\s*(?:(?:add|update|write|fix|remove|move)\w*\s+)?(?:a\s+|the\s+|new\s+)?"
            r"(?:changelog|change log|release notes?)\s+(?:entry|entries|item|items|line|lines)\b|"
            r"^\s*(?:add|remove|delete|drop|move|fix|update)\w*\s+(?:\S+\s+){0,3}(?:to|from|in)\s+"
            r"(?:the\s+)?(?:changelog|change log|(?-i:CHANGES|NEWS|HISTORY)(?:\.\w+)?)\W*$|"
            r"^\s*(?:add|update|create|start|move)\w*\s+(?:a\s+|the\s+|new\s+)?['\"]?unreleased['\"]?"
            r"\s+section\b|"
            # the next release's blank entry to fill in ("Add new release template")
            r"^\s*(?:(?:add|create|start)\w*\s+)?(?:a\s+|the\s+)?(?:new\s+|next\s+)?(?:release|changelog)\s+"
            r"(?:template|section|stub)\W*$",
            re.I,
        ),
        "a changelog entry",
    ),
    (
        re.compile(
            r"^\s*(?:[\w./-]+:\s*)?release\s+v?\d+\.\d+|"
            # the product may be named before its version ("Preparing for Commander v14.0.0")
            r"\bprep(?:ar(?:e|ing|ations?))?\s+(?:for\s+)?(?:the\s+)?(?:[A-Za-z][\w.-]*\s+)?"
            # a pre-release's number after its name ("5.0.0-rc.3", "5.0.0.beta.1")
            r"v?\d+\.\d+(?:\.\d+)*(?:[-.]?\w+(?:\.\d+)?)?(?:\s+release)?\W*$|"
            # a pre-release by its name and number alone ("Prepare Beta 7.", "Prepare rc1")
            r"\bprep(?:ar(?:e|ing|ations?))?\s+(?:for\s+)?(?:the\s+)?(?:alpha|beta|rc|preview)\s*\.?\d+"
            r"(?:\.\d+)*(?:\s+release)?\W*$|"
            # what a version needed, named by it alone: "Updates for 0.5.0", "Changes for v2.1"
            # (not another product's: "Updates for Python 3.12" is compatibility work)
            r"^\s*(?:updates?|changes|tweaks) for (?:the\s+)?"
            r"v?\d+\.\d+(?:\.\d+)*(?:[-.]?\w+)?(?:\s+release)?\W*$|"
            # what a release needs brought up to it, named by the release: "Updated download page
            # for 4.x releases", "Updated model fixtures for 3.1 release" (not a guide written for
            # it: "Update the upgrade guide for the 2.0 release" is documentation)
            # — pages, fixtures, links, version tables, not code ("Update the config loader for
            # 2.0 release") nor another product's release ("for Django 5.0 release")
            r"^\s*updat\w*\s+(?:the\s+)?(?:[\w.'-]+\s+){0,2}?(?:download\s+)?(?:pages?|fixtures?|"
            r"links?|version(?:s| table| list)?|downloads?|badges?|banners?|screenshots?)\s+for\s+"
            r"(?:the\s+)?v?\d+(?:\.(?:\d+|x))+(?:[-.]?\w+)?\s+releases?\W*$|"
            # the documents a release carries, brought up to it, the project named on both
            # sides: "Update jq documentation for jq 1.8.0 release" (its manual
            # copied for the version, its download links); not "Update docs for Django 5.0
            # release", another product's
            r"^\s*updat\w*\s+(?:the\s+)?([\w.-]+)\s+(?:docs?|documentation|manual|website|"
            r"site)\s+for\s+(?:the\s+)?\1\s+v?\d+\.\d+(?:\.\d+)*(?:[-.]?\w+)?\s+release\W*$|"
            r"\bprep(?:ar(?:e|ing|ations?))?\s+(?:for\s+)?"
            r"(?:the\s+|a\s+)?(?:new\s+|next\s+|upcoming\s+)?(?:release|version)\b|"
            r"\bfor (?:the )?(?:next|upcoming) release\b|\bnot-yet-made\b|"
            # the calendar kept: "remove old release dates, add new pending ones"
            r"\b(?:old|new|next|pending|planned|upcoming)\s+release\s+dates?\b|"
            # a version's own line opened or cut ("Prepare for 3.12.1 development", "Prepare to
            # cut the 2.7.1 release.")
            r"^\s*prep(?:are|aring)\s+(?:for\s+)?v?\d+\.\d+(?:\.\d+)*(?:[-.]?\w+)?\s+development\W*$|"
            r"^\s*prep(?:are|aring)\s+to\s+cut\s+(?:the\s+)?v?\d+\.\d+(?:\.\d+)*(?:[-.]?\w+)?\s+release\W*$",
            re.I,
        ),
        "release preparation",
    ),
    (
        re.compile(
            # a package by its full name too: "Update to composer/semver 3.2.6", "@babel/core"
            r"^\s*(?:update|upgrade|sync\w*|bump)\s+(?:to\s+)?[\w.@/-]+\s+(?:to\s+)?v?\d+\.\d+|"
            # a requirement pinned as pip writes it: "Updated to requests==2.25.1",
            # "Bump django-money>=0.15" (the version is a package's, the subject says no more)
            r"^\s*(?:update|upgrade|bump|pin)\w*\s+(?:to\s+)?(?!python_requires|requires-python)"
            r"[\w.@/\[\]-]+\s*(?:===?|>=|~=)\s*v?\d+"
            r"(?:\.[\w-]+)*\W*$|"
            # a copy of another project brought up to its release, named by a few words ("Sync
            # Go template src to Go 1.20", "Upgrade fork from go1.26.3 → go1.27.0")
            r"^\s*(?:update|upgrade|sync|bump)\w*\s+(?:[\w./@-]+\s+){0,3}?"
            r"(?:fork|src|sources?|copy|vendored|template|upstream)\s+(?:[\w./@-]+\s+){0,2}?"
            r"(?:from\s+\S+\s+)?"
            r"(?:to|\u2192|->|=>)\s+(?:[A-Za-z][\w-]*\s+)?[A-Za-z]{0,8}v?\d+(?:\.\d+)+[\w.-]*\s*$|"
            # "Use console 0.11.2, see #955": a release of a dependency taken (a full version;
            # "Use TLS 1.3 by default", "Use protocol 2.0.0 against …" are behaviour), or all the
            # subject says ("Use LV 1.0-rc")
            r"^\s*use\s+(?!(?:version|protocol|format|schema|api|spec)\s)[\w.-]+\s+v?\d+\.\d+\.\d+"
            r"\s*(?:$|[,;(]|see\s+#)|"
            r"^\s*use\s+(?!(?:version|protocol|format|schema|api|spec|tls|ssl|https?|http2|quic|"
            r"tcp|udp|ipv[46]|oauth)\s)[\w.-]+\s+v?\d+\.\d+(?:\.\d+)*(?:[-.]?\w+)?\s*$",
            re.I,
        ),
        "a dependency update",
    ),
    (
        re.compile(
            r"^\s*(?:small |minor |misc\.? )?(?:code )?clean-?ups?\b\W*$|" + _W
            + r"(?:remove|delete|drop)\s+(?:\w+\s+)?(?:unused|dead|senseless|obsolete)\b|\bdead code\b|"
            + _W
            + r"fix(?:e[sd])?\s+(?:an?\s+|the\s+|some\s+)?unused\s+(?:var\w*|alias\w*|imports?|params?|"
            r"parameters?|arguments?|functions?|warnings?)\b",
            re.I,
        ),
        "a small clean-up",
    ),
    (
        re.compile(
            # (not the linker's: "fix link error on macOS", "changed link lib order")
            _W + r"fix(?:e[sd])?\s+(?:\w+\s+){0,3}(?:links?|urls?)\b(?!\s+(?:errors?|failures?|order|libs?|librar\w*|flags?|steps?)\b)|"
            # links pointed elsewhere ("Update links to a renamed manual chapter", "Point standard
            # library links to stable", "Convert html links to intra-doc links"), not how the
            # program handles links ("Update link parsing in the Markdown renderer")
            # (and no more: "Change single link and add frozenlist." adds a dependency)
            r"^(?!.*\band\s+(?:add|implement|introduc|support|bump|upgrad|requir)\w*)"
            r"\s*(?:update|point|convert|replace|change|switch|sync|repoint|redirect)\w*\s+(?:[\w.:/#-]+\s+){0,3}?"
            r"links?\b(?!\s+(?:pars\w*|handl\w*|check\w*|preview\w*|generat\w*|resolv\w*|resolution|"
            r"render\w*|detect\w*|extract\w*|format\w*|styl\w*|colou?rs?|component\w*|buttons?|clicks?|tracking|"
            # (an HTTP Link header: "Update the link headers doc"; the linker's: "changed link lib order")
            r"headers?|errors?|failures?|order|libs?|librar\w*|flags?|steps?)\b)",
            re.I,
        ),
        "a link fix",
    ),
    (  # a test switched off and nothing more said ("chore: disable parser tests for now",
        # "Disable regression_131 test on darwin", "Comment out mystery test")
        re.compile(
            r"^\s*(?:temporarily )?(?:disabl|skip|ignor|comment(?:ed|ing)? out|xfail|mute)\w*\s+"
            r"(?:(?:the|a|an|some|all|more|failing|flaky|broken|mystery)\s+)*(?:[\w./-]+\s+){0,2}"
            r"(?:tests?|specs?)(?:\s+(?:for now|temporarily|(?:on|in|under|for)\s+[\w.-]+))?\W*$",
            re.I,
        ),
        "a test switched off",
    ),
    (  # the test suite made to pass again, and nothing more said
        re.compile(
            r"^\s*fix(?:e[sd])?\s+(?:(?:the|some|a|more|failing|broken|flaky|remaining)\s+)*"
            r"(?:tests?|specs?|test suite)\W*$",
            re.I,
        ),
        "a fix to the tests",
    ),
    (  # "Bump docs", "Bump js build", "Bump for upcoming postgrex ssl features": a version,
        # a dependency or a generated file brought up to date
        re.compile(
            r"^\s*bump(?:ed|s)?\s+(?:the\s+)?(?:[\w./-]+\s+){0,2}(?:docs|build|deps|dependencies|"
            r"changelog|version|versions|assets|bundle|lock(?:file)?|submodules?|snapshots?)\W*$|"
            r"^\s*bump(?:ed|s)?\s+for\b",
            re.I,
        ),
        "a version, dependency or generated file bumped",
    ),
    (  # output a tool makes, made again and nothing more said ("Regen CLI docs", "Regenerate
        # docs.yaml", "go generate"): the work is in the generator
        re.compile(
            # a generated thing: docs, bindings, code, stubs, snapshots, a lock file, a file
            # ("Regenerate session ID", "Regenerate the search index" are what a program does)
            r"^\s*re-?gen(?:erat(?:e[ds]?|ing))?\s+(?:the\s+|all\s+)?(?:[\w./-]+\s+){0,2}"
            r"(?:docs?|documentation|bindings?|code|sources?|stubs?|snapshots?|fixtures?|files?|"
            r"lock ?files?|manifests?|headers?|protos?|protobufs?|schemas?|types|typings|"
            r"[\w./-]+\.[a-z]{1,5})(?:\s+(?:helpers?|pages?|files?|output))?\W*$|"
            r"^\s*(?:run\s+|ran\s+)?go generate\b[^;]*$",
            re.I,
        ),
        "generated files made again",
    ),
    (  # a site or page published by a tool, which wrote the commit in the person's name
        # ("Deploying to gh-pages from @ owner/repo@3f2a9c1 🚀", "Deployed 3f2a9c1 with MkDocs
        # version: 1.5.3"): not "Deploying to Fly from CI" written by hand
        re.compile(
            r"^\s*deploying to [\w./-]+ from @ [\w.-]+/[\w.-]+@[0-9a-f]{7,40}\b|"
            r"^\s*deployed [0-9a-f]{7,40} with mkdocs version\b|"
            # a site script's stamp ("Website at Wed Dec 31 12:48:59 EST 2014": date(1)'s output)
            r"^\s*(?:website|site|docs|javadocs?) at (?:mon|tue|wed|thu|fri|sat|sun) [a-z]{3} +\d{1,2} "
            r"\d{2}:\d{2}:\d{2} [a-z]{2,5} \d{4}\s*$",
            re.I,
        ),
        "a commit a publishing tool wrote",
    ),
    (re.compile(r"\bbadges?\b", re.I), "a README badge"),
    (
        re.compile(
            r"^\s*(?:update|add|remove|replace|move)\w*\s+(?:the\s+|a\s+|new\s+)?" + _SPONSORS +
            r"(?:\s+(?:section|list|logos?|links?))?"
            r"(?:\s*(?:[:;.([]|,\s*(?:add|remove|update|rename|pause)\w*\b|$)|"
            r"\s+in\s+(?:the\s+)?readme\b)|"
            # the list named and nothing more said ("chore: special sponsor")
            r"^\s*" + _SPONSORS + r"\s*(?:\[[^\]]*\])?\W*$",
            re.I,
        ),
        "the sponsors list",
    ),
    (  # the people thanked for reporting or helping ("add security hall of fame")
        re.compile(
            r"^\s*(?:(?:add|update|move|fix)\w*\s+(?:the\s+|a\s+|to\s+(?:the\s+)?)?)?"
            r"(?:security\s+)?(?:hall of fame|acknowledge?ments)\s*(?:\[[^\]]*\])?\W*$",
            re.I,
        ),
        _THANKED,
    ),
    (  # (or named in quotes, as a merge typed by hand: 'Merge "develop"')
        re.compile(
            r"^\s*merge (?:remote-tracking )?branch '(?:main|master|develop|v?\d[\w.]*)'|"
            r"^\s*merge \"(?:main|master|develop|v?\d[\w.]*)\"(?: into \S+)?\s*$",
            re.I,
        ),
        "a merge that syncs branches",
    ),
    (  # git subtree's own commits: another repository's history brought in, its commits
        # squashed ("Squashed 'docs/' changes from 54f0e8776..bd0e15bb6") or merged whole
        re.compile(
            r"^\s*squashed '[^']+' (?:changes from [0-9a-f]{4,40}\.\.[0-9a-f]{4,40}|content from commit "
            r"[0-9a-f]{4,40})\s*$|^\s*merge commit '[0-9a-f]{7,40}' as '[^']+'\s*$|"
            r"^\s*add '[^']+' from commit '[0-9a-f]{7,40}'\s*$",
            re.I,
        ),
        _SUBTREE,
    ),
    # a commit undone, named: 'Revert "X"', "Revert abc1234", "Revert #12", "revert: …",
    # "Revert the last commit", "Back out #850" as Mercurial's users write it — not a program
    # that reverts or backs out ("Revert to the old allocator, cutting p99 by 40%", "Back out
    # of the transaction when the lock times out")
    (
        re.compile(
            r"^\s*(?:revert(?:s|ed|ing)?\s*(?:[\"'\u201c]|#\d|pr\s*#?\d|(?:commit\s+)?[0-9a-f]{7,40}\b|"
            r"\(|:|$|(?:the\s+|a\s+|an\s+|my\s+)?(?:(?:last|previous|accidental|earlier|bad|broken|"
            r"recent|wrong|release|version)\s+)*(?:commits?|changes?|merges?|patch(?:es)?|prs?|"
            r"pull requests?)\b)|"
            r"back(?:s|ed|ing)?[ -]?out\s+(?:[\"'\u201c]|#\d|[0-9a-f]{7,40}\b|r\d|changesets?\b|"
            r"commits?\b|(?:the\s+)?(?:last|previous)\s+(?:commit|change)))",
            re.I,
        ),
        _REVERT,
    ),
    (
        # ("[2.x] …", "Backport …", "… (4.x branch)", "… (for 3.12.x)": a release line's own copy;
        # not a version range named alone: "Update to latest JSDOM (9.x)", Jest)
        re.compile(
            r"^\s*\[\d+(?:\.(?:\d+|x))+\]\s|^\s*back-?port(?:ed|ing)?\b|^\s*cherry[- ]?pick(?:ed|ing|s)?\b|"
            r"\(\s*(?:for\s+(?:the\s+)?v?\d+(?:\.\d+)*\.x(?:\s+branch)?|(?:the\s+)?v?\d+(?:\.\d+)*\.x\s+branch)\s*\)\s*$",
            re.I,
        ),
        _BACKPORT,
    ),
    (re.compile(r"^\s*(?:wip|fixup!|squash!|oops|minor|cleanup|nit|tweak|touch-? ?ups?)\b\W*$", re.I), "a small fix-up"),
]
_SIGNIFICANT_TEXT: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            _W + r"(data races?|race conditions?|racy|deadlocks?|livelocks?|memory leaks?|leak(?:s|ed|ing)?|"
            r"use[- ]after[- ]free|double[- ]free|buffer overflow|(?:integer |stack |heap )?(?<!line )overflows?|"
            r"out[- ]of[- ]bounds|segfaults?|segmentation fault|crash(?:es|ed|ing)?|"
            r"undefined behaviou?r|memory corruption|corrupt(?:s|ed|ion)|data loss|infinite loops?|"
            # memory a program reads after freeing it, or never had ("using freed memory in
            # WinEnter", "Invalid memory access with empty 'foldexpr'"), and what faults at once
            r"(?:using|use of|access(?:ing)?(?: to)?|read(?:ing|s)?|writ(?:ing|es))\s+freed memory|"
            r"invalid memory (?:access|read|write)|"
            r"(?:divide|division) by zero|(?:null|nil) pointer dereferences?|"
            # documents about security fix nothing ("refactor security docs")
            r"hangs?|security(?![ \t]+(?:docs?|documentation|guides?|pages?|polic(?:y|ies))\b)|vulnerab\w*|cve-\d+|exploit\w*|xss|csrf|dos attack|"
            # an injection, but not how code is put together: "style injection", "hook
            # injection", "dependency injection" are no attack
            r"(?<!style )(?<!hook )(?<!dependency )(?<!constructor )(?<!field )(?<!fault )"
            r"(?<!service )(?<!property )(?<!setter )(?<!method )(?<!variable )(?<!style-)"
            r"(?<!dependency-)injection(?!\s+(?:not\s+found|keys?|tokens?|context|points?)\b)|"
            r"injection (?:attacks?|vulnerabilit\w+|flaws?)|"
            r"denial of service|timing attack|privilege escalation)\b",
            re.I,
        ),
        "a hard bug fix ({})",
    ),
    (
        re.compile(
            # a breaking change the person calls slight is a default changed, not an API
            # broken ("This is a slightly breaking change", "technically a breaking change");
            # (not Dependabot's note of a bump's size: "update-type: version-update:semver-patch",
            # gson's Maven plugins)
            _W + r"((?<!slightly )(?<!technically )(?<!technically a )(?<!minor )breaking changes?|deprecat\w+|backwards?[- ]compat\w*|"
            r"(?<!version-update:)semver|"
            # compatibility kept for the API's users, not with another program or platform
            # ("Vim 8.0 compatibility", "for 'go install' compatibility", "Implement Flush for
            # legacy compatibility" are portability and upkeep)
            # (not another library's new API a change uses: "Use Okio's new APIs for parsing";
            # nor code moved to new APIs: "base: update base balancer for new APIs", grpc-go)
            r"(?<!'s )(?<!\bfor )(?<!\bto )new apis?|api change|(?:api|abi|binary|wire|protocol|source)[- ]compatib\w+|"
            # the public API changed, not used from inside ("Use public API only from transports")
            r"(?<!\buse )(?<!\buses )(?<!\busing )(?<!\buse the )(?<!\busing the )(?<!\buse only the )(?<!\buses only the )"
            r"(?<!\bvia the )(?<!\bthrough the )public apis?|"
            r"compatibility (?:break\w*|guarantees?|polic(?:y|ies)|promises?)|incompatible (?:api )?changes?|"
            # compatibility broken on purpose or kept from breaking ("Break compatibility with v1
            # clients", "Don't break compatibility for library users")
            r"break(?:s|ing)? (?:backwards? )?compatibility|"
            r"migration path|minimum supported)\b",
            re.I,
        ),
        "an API or compatibility change ({})",
    ),
    (
        re.compile(r"\b(postmortem|post-mortem|incident review|root cause)\b", re.I),
        "a postmortem or root-cause analysis ({})",
    ),
]
_MEASURED = re.compile(
    # not an HTTP status in the plural ("Return 404s when the network is disabled"), nor a
    # value attached to an option or listed with others ("--height=40%", "window(60%|70%)",
    # "'-p90%,60%'"): values given, not results; a pair of different values split by a slash
    # is before and after ("120MB/80MB"), a split given only when they are the same ("50%/50%")
    r"(?<![\w.,=|])(?!(?:40[0-9]|50[0-9])s\b(?!\s+(?:faster|slower|less|more|of|to|from)))(?:[-+\u2212]?\d+(?:\.\d+)?\s*(?:%|x\b|\u00d7|ms\b|µs\b|us\b|ns\b|s\b|sec\w*|mb\b|gb\b|kb\b|"
    r"mib\b|gib\b|kib\b|times\b)|\d+(?:\.\d+)?x (?:faster|slower|less|more|fewer))(?![|,][-+]?\d)",
    re.I,
)
_PERF = re.compile(
    r"\b(faster|slower|speed\w*|perf\w*|latenc\w+|throughput|memory|allocat\w+|"
    # a percentile ("p99"), not an option ("fzf-tmux -p80%")
    r"optimi[sz]\w+|reduc\w+|improv\w+|benchmark\w*|time|cpu|footprint|(?<!-)p\d{2,3}|cut|"
    r"shrink\w*|sav(?:e|es|ed|ing))\b",
    re.I,
)


_PERF_QUICK = Prefilter(_PERF)
_ASCII_DIGIT = re.compile("[0-9]").search
#: What every :data:`_MEASURED` result holds, in a text as :func:`lower` reads it (folded to
#: lower case; no digit of another script): a digit, then (after white space) the start of its
#: unit. Found in one scan before the words of speed are looked for: most numbers in a commit
#: (issue numbers, versions, counts) have none.
_A_NUMBER_WITH_UNIT = re.compile(
    r"[0-9]\s*(?:%|x|\u00d7|ms\b|[\u00b5\u03bc]s\b|us\b|ns\b|s\b|sec|mb\b|gb\b|kb\b|mib\b|gib\b|kib\b|times\b)"
).search


def measured(text: str, low: Lowered | None = None) -> str | None:
    """The measured result ``text`` states ("40%", "3x faster", "120 ms") when it also talks
    about speed, memory or cost; else None. (``low``: :func:`~ladder.mapping.prefilter.lower`
    of ``text``, when the caller has it.)"""
    if low is None:
        low = lower(text)
    # no digit with a unit after it, no result: neither search can give one (a text with
    # another script's digits, which ``\d`` matches too, has no ``low``)
    if low is not None and not (_ASCII_DIGIT(low[0]) and _A_NUMBER_WITH_UNIT(low[0])):
        return None
    if not _PERF_QUICK.search(text, low):
        return None
    settings: set[str] = set()
    for m in _MEASURED.finditer(text):
        number = m.group(0).strip()
        if (
            _SETTING_AFTER.match(text, m.end())
            or _SETTING_BEFORE.search(text, max(0, m.start() - 24), m.start())
            or number in settings
            or text.startswith("/" + number, m.end())
        ):
            # a value set ("a sane 15s default", "a timeout of 30s"), not a result, the same
            # value named again ("reduce the default delay to 50ms … If 50ms is not enough"),
            # and a split of equal values ("50%/50% width and height")
            settings.add(number)
            continue
        if (
            _THRESHOLD_BEFORE.search(text, max(0, m.start() - 24), m.start())
            and _CONDITION.search(text, max(0, m.start() - 80), m.start())
            and not _COMPARATIVE.match(text, m.end())
        ):
            continue  # a bound a condition tests ("if it has more than 1 KB buffered")
        compared = _COMPARED.search(text, max(0, m.start() - 16), m.start()) if any(c in text for c in _COMPARISON_SIGNS) else None
        if compared and not compared.group(1) and not _COMPARATIVE.match(text, m.end()):
            continue  # a bound written as a comparison ("long-running queries (> 0.5sec)")
        if _SPREAD.search(text, max(0, m.start() - 4), m.start()) or _NOISE.fullmatch(m.group(0).strip()):
            continue  # a benchmark's spread ("248.00n ± 0%") or a change within noise ("-0.03%")
        if _quoted(text, m.start(), m.end()):
            continue  # text the program shows ('change time to "1 second ago" in both dumps')
        return number
    return None


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands inside a pair of double quotes on its line."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start]
    after = text[end : None if line_end < 0 else line_end]
    # text the program shows around the number ("1 second ago"), not a number quoted alone
    # ('from "120 ms" to "40 ms"')
    inside = before[before.rfind('"') + 1 :] + text[start:end] + after[: after.find('"')] if '"' in after else ""
    return before.count('"') % 2 == 1 and '"' in after and bool(inside.strip(" ") != text[start:end].strip())


#: A benchmark's spread in front of a number ("± 2%", "+/- 5%"): how much runs vary, no result.
_SPREAD = re.compile(r"(?:\u00b1|\+/-|\+-)\s*$")
#: A percentage below one: within a benchmark's noise ("-0.03%", "0%"), no measured gain.
_NOISE = re.compile(r"[-+\u2212]?0(?:\.\d+)?\s*%")
#: What makes a number a value the change sets rather than a result it measured, or a
#: threshold it tests ("if a client has more than 1 KB of output buffered"; "cut by more than
#: 40%" is a result).
_SETTING_AFTER = re.compile(r"\s*(?:default|timeout|interval|delay|ttl|limit)\b", re.I)
_SETTING_BEFORE = re.compile(
    r"\b(?:default|timeout|interval|delay|ttl|limit)s?(?:\s+(?:of|to|is|at))?\s*[=:]?\s*$|"
    # a delay raised "up to" a value ("Gradually increase delay upto 0.2 seconds"); "Reduce
    # input delay up to 60%" is a result
    r"\b(?:increas|rais|grow|doubl|extend)\w*\s+(?:default|timeout|interval|delay|ttl|limit)s?\s+up\s?to\s*$|"
    # a value something is set to ("We should not set it to 0ms", "setting the delay to 10ms")
    r"\bset(?:s|ting)?\s+(?:\S+\s+){0,2}?to\s*$",
    re.I,
)
#: A bound a condition tests, in a condition ("if a client has more than 1 KB buffered"), not
#: a result ("up to 3x faster", "reduce p99 to less than 10ms", "cut by more than 40%").
_THRESHOLD_BEFORE = re.compile(
    r"(?<!\bby )(?<!\bto )\b(?:(?:more|less|fewer) than|at (?:least|most)|up to|exceed(?:s|ing)?)\s*$",
    re.I,
)
#: A bound written as a comparison ("queries that run long (> 0.5sec)"): what a condition
#: tests, not a result ("p99 now 40ms" is one), unless what it bounds is a result (group 1:
#: "Reduce latency to <5ms", "p99 < 40ms").
_COMPARISON_SIGNS = ("<", ">", "\u2264", "\u2265")
_COMPARED = re.compile(r"(?:^|[\s(])(?:(to|now|under|below|p\d{1,3})\s*)?(?:[<>]=?|[\u2264\u2265])\s*~?\s*$", re.I)
_CONDITION = re.compile(r"\b(?:if|when|whenever|while|once|unless|until)\b", re.I)
_COMPARATIVE = re.compile(
    r"\s*(?:x\s+|times\s+)?(?:faster|slower|smaller|fewer|less|more|quicker|cheaper|lower|higher|"
    r"better|speed-?up)\b",
    re.I,
)


_ROUTINE_PATHS = re.compile(
    r"(^|/)(\.github|\.circleci|\.gitlab-ci\.yml|\.travis\.yml|appveyor\.yml|azure-pipelines\.yml|"
    r"cargo\.lock|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|poetry\.lock|go\.sum|"
    r"mix\.lock|pubspec\.lock|podfile\.lock|flake\.lock|uv\.lock|bun\.lockb?|packages\.lock\.json|"
    r"gradle\.lockfile|npm-shrinkwrap\.json|"
    r"gemfile\.lock|composer\.lock|pipfile\.lock|requirements[\w.-]*\.txt|requirements/[\w.-]+\.(?:txt|in)|\.pre-commit-config\.yaml|"
    r"\.editorconfig|\.gitignore|\.mailmap|authors(?:\.\w+)?|contributors(?:\.\w+)?|"
    # the licence's text alone ("Relicense under MIT", "Change the license to Apache 2.0")
    r"licen[cs]e(?:\.(?:md|txt|rst))?|copying(?:\.(?:md|txt))?|"
    r"renovate\.json5?|\.renovaterc(?:\.json5?)?)$|"
    # release files signed again or their checksums made again, and the key that signs them
    # ("Update GPG signing key": 150 signatures remade by a tool)
    # (a release artifact's signature or checksum; a key by its name: "book/ch03.asc" is
    # AsciiDoc, "ord-map.sig" Standard ML, "server.key" a test fixture)
    r"\.(?:tar(?:\.\w+)?|tgz|zip|whl|gem|jar|exe|msi|dmg|deb|rpm|apk|nupkg|crate|txz)\."
    r"(?:asc|sig|gpg|pgp|minisig|sha256|sha512|md5)$|"
    r"(^|/)(?:sigs?|signatures?|checksums?)/(?:[^/]+/)*[^/]+\.(?:asc|sig|gpg|pgp|minisig|sha256|sha512|md5)$|"
    r"(^|/)[^/]*(?:signing|release|gpg|pgp)[^/]*\.(?:key|asc|pub|gpg)$|(^|/)keys$|"
    r"(^|/)(?:sha\d*sums?|md5sums?|checksums?)(?:\.txt)?$|"
    # a CI service's configuration, in its folder or its file
    r"(^|/)\.(?:github|circleci|buildkite)/|(^|/)\.(?:drone|cirrus|appveyor)\.ya?ml$|"
    # an editor's project settings ("Update the IntelliJ PNG resource file" in .idea/)
    r"(^|/)\.(?:idea|vscode|fleet)/",
    re.I,
)
#: Someone else's code kept in the repository: bringing in a newer copy is upkeep.
_VENDORED_PATH = re.compile(r"(^|/)(deps|vendor|vendored|third[-_]?party|external|extern)/", re.I)
_UPDATE = re.compile(r"\b(updat\w*|upgrad\w*|bump\w*|sync\w*|import\w*|latest|newer|new version)\b", re.I)
#: A package's manifest: its name, version and what it requires (Python's pyproject.toml and
#: setup.py are build files too, read as the build's: "Require click 8.1 or later").
_MANIFEST_PATH = re.compile(
    r"(^|/)(cargo\.toml|package\.json|go\.mod|gemfile|"
    # (CocoaPods' podspec and Swift's package manifests, one per compiler version)
    r"[\w.-]+\.gemspec|composer\.json|[\w.-]+\.podspec|package(?:@swift-[\d.]+)?\.swift|"
    # Maven's and Gradle's, and Gradle's catalogue of versions ("gradle/libs.versions.toml")
    r"pom\.xml|build\.gradle(?:\.kts)?|[\w-]+\.versions\.toml|"
    # Elixir's, Dart's, Haskell's, Scala's, Clojure's, Erlang's, Python's Pipfile, .NET's
    # package lists
    r"mix\.exs|pubspec\.yaml|[\w.-]+\.cabal|stack\.yaml|build\.sbt|project\.clj|rebar\.config|"
    r"pipfile|packages\.config|directory\.packages\.props)$",
    re.I,
)
_MANIFEST_WORDS = ("cargo.toml", "package.json", "go.mod", "gemfile", ".gemspec", "composer.json", ".podspec", "package")
#: The same, in a list of paths one a line (one search for them all).
_MANIFEST_IN = re.compile(_MANIFEST_PATH.pattern, re.I | re.M)
#: One of :data:`_MANIFEST_WORDS` in lower-cased paths, found in one scan.
_MANIFEST_WORD = re.compile("|".join(map(re.escape, _MANIFEST_WORDS))).search
_README = re.compile(r"(^|/)readme(\.\w+)?$", re.I)
_CHANGELOG_PATH = re.compile(r"(^|/)(chang?elog|changes|history|news|release[-_]?notes)(\.\w+)?$", re.I)
#: A package another one requires, taken to a newer version ("chore: Upgrade compatible",
#: "Require latest clap", "Ensure new-enough clap is used"), not what the manifest declares of
#: the package itself ("Expose all features", "Switch to 2021 edition").
_REQUIRES = re.compile(
    r"\b(?:updat\w*|upgrad\w*|bump\w*|requir\w*)\s+(?:the\s+)?(?:latest\s+|newer\s+|compatible\b|"
    r"(?!(?:go|rust|node|php|ruby|python|msrv|toolchain|engines?|module|package)\b)[\w.@/-]+\b)|"
    r"\b(?:latest|newer|new[- ]enough)\b",
    re.I,
)
_DECLARES = re.compile(
    r"\b(?:features?|exports?|scripts?|edition|workspaces?|entry|bin|targets?|profiles?|engines?|"
    r"type|main|module|path|name|rust-version|msrv|toolchain|rename\w*|drop\w*\s+support|"
    r"stable|esm|(?:go|rust|node|php|ruby|python)\s+v?\d)\b",
    re.I,
)
#: The subjects that make a release, among those that name one.
_RELEASES = {"a version bump or release commit", "release preparation"}
#: A subject whose conventional type says it touches no code: its words are the release's.
_TYPE_OF_WORDS = re.compile(r"^\s*(?:docs?|chore|build|ci|style|test)\b", re.I)
#: The conventional types of a change to the code, not to the release's words
_CODE_TYPE = re.compile(r"^\s*(?:feat|fix|perf|refactor)\b", re.I)
_CLAUSES = re.compile(r";\s+|(?<=[a-z)])\.\s+(?=[A-Za-z])")
#: The bullets of a subject written as a list on one line ("- typo - changelog - doc fixes").
_BULLETS = re.compile(r"\s+-\s+(?=\S)")


def _clauses(text: str) -> list[str]:
    """The subjects and sentences of ``text`` ("A; B; C", as the git source joins a day's
    commits), a subject written as a list of bullets on one line ("- typo - changelog - doc
    fixes", as some write a commit) read as its bullets."""
    out: list[str] = []
    for part in _sentences(text):
        bare = part.lstrip()
        if bare.startswith("- ") and " - " in bare:
            out += [b for b in _BULLETS.split(bare[2:]) if b.strip()]
        else:
            out.append(part)
    return out


def _sentences(text: str) -> list[str]:
    """The subjects and sentences of ``text`` (:data:`_CLAUSES`), none of them blank."""
    # nothing to split at without ";" or "." (most subjects): no search
    parts = _CLAUSES.split(text) if ";" in text or "." in text else [text]
    return [p for p in parts if p.strip()]


#: The start of the reason a change weighs as a measured gain in speed, memory or cost.
MEASURED_GAIN = "a measured improvement"
#: What a gain in speed or memory is said with (not "Reduce failed payments by 40%", "Improve
#: signup conversion by 12%": measured, but no performance).
_SPEED_WORDS = re.compile(
    r"\b(?:faster|slower|quicker|speed\w*|perf\w*|latenc\w+|throughput|memory|allocat\w+|optimi[sz]\w+|"
    r"benchmark\w*|cpu|footprint|rss|heap|p\d{2,3}|delays?|lag|pauses?|startup)\b",
    re.I,
)


def _speed_gain(reason: str, item: MapItem) -> bool:
    """Whether the measured gain of ``reason`` is one of speed or size: a time, a size or a
    factor measured, or a percentage said with a word of speed or memory."""
    if not reason.endswith('%")'):
        return True
    return _SPEED_WORDS.search((item.text or "") + "\n" + (item.body or "")) is not None
#: Changed lines from which an authored change counts as sizeable, with a few files at least.
SIZEABLE_LINES = 400
SIZEABLE_FILES = 4
#: Changed lines up to which a change that fixes nothing counts as upkeep.
SMALL_LINES = 4
#: A merged contribution weighs as review work when it brings code with its tests (from this
#: many lines), or is this large; a smaller one is routine maintenance.
MERGED_TESTED_LINES = 6
MERGED_LINES = 100
#: Changed lines up to which a change to documentation alone is a touch-up.
SMALL_DOC_LINES = 6
#: Changed lines up to which a fix to tests alone is upkeep.
SMALL_TEST_LINES = 20
_TEST_UPKEEP = re.compile(r"\b(fix\w*|remov\w*|ignor\w*|skip\w*|disabl\w*|stop\w*|adjust\w*)\b", re.I)


#: The routine and the significant patterns, ready to be tried in order: each cut into its
#: alternatives, and only those that can match a text searched
#: (:class:`~ladder.mapping.prefilter.FirstOf`).
_ROUTINE_ANY = FirstOf(rx for rx, _ in _ROUTINE_TEXT)
_SIGNIFICANT_ANY = FirstOf(rx for rx, _ in _SIGNIFICANT_TEXT)


def prepare() -> None:
    """Read the patterns' prefilters now rather than on the first item."""
    for quick in (_ROUTINE_ANY, _SIGNIFICANT_ANY):
        _ = quick.dispatch
    _PERF_QUICK.could_match(None)


def _first(
    patterns: list[tuple[re.Pattern[str], str]],
    text: str,
    quick: FirstOf,
    low: Lowered | None = None,
) -> tuple[str, str] | None:
    """The reason and the matched words of the first of ``patterns`` that ``text`` matches
    (``quick``: the same patterns as a :class:`~ladder.mapping.prefilter.FirstOf`; ``low``:
    :func:`~ladder.mapping.prefilter.lower` of ``text``, when the caller has it)."""
    hit = quick.first(text, lower(text) if low is None else low)
    if hit is None:
        return None
    n, m = hit
    return patterns[n][1], m.group(0).strip()


def _size(data: Mapping[str, Any]) -> tuple[int, int]:
    def num(key: str) -> int:
        v = data.get(key)
        return v if isinstance(v, int) and not isinstance(v, bool) else 0

    files = data.get("files")
    n_files = files if isinstance(files, int) and not isinstance(files, bool) else 0
    if isinstance(files, list):
        n_files = len(files)
    return num("additions") + num("deletions"), n_files


#: How many subjects the git source records the lines of (the largest ones).
_SUBJECTS_MEASURED = 50


def _lines_left(data: Mapping[str, Any], lines: int, undone: set[str]) -> int:
    """``lines`` less those of the ``undone`` subjects (a change and its revert), from the git
    source's count per subject (``data["subject_lines"]``: the largest
    :data:`_SUBJECTS_MEASURED`; one left out made no more lines than the smallest kept); 0
    where the count does not say."""
    per = data.get("subject_lines")
    if not isinstance(per, dict) or not per:
        return 0
    sizes: dict[str, int] = {}
    for k, v in per.items():
        # a count the source wrote: a whole number of lines, none below 0 (not "Infinity",
        # which JSON reads and int() cannot take, nor -500, which would add lines)
        n = v[0] if isinstance(v, list | tuple) and v else None
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            return 0
        sizes[str(k)] = n
    floor = min(sizes.values()) if len(sizes) >= _SUBJECTS_MEASURED else None
    gone = 0
    for subject in undone:
        if subject in sizes:
            gone += sizes[subject]
        elif floor is not None:  # not among the largest: at most the smallest of them
            gone += floor
        else:
            return 0
    return max(0, lines - gone)


def _routine_part(data: Mapping[str, Any]) -> tuple[int, int | None]:
    """The lines the item's routine subjects changed, and the files its other subjects touched
    (at most: a file two subjects touched counts twice; None where not known: an older item
    counted lines alone, or the count covers only the largest subjects), from the git source's
    count per subject (``data["subject_lines"]``: subject → [lines, files]); (0, None) where
    there is none."""
    per = data.get("subject_lines")
    if not isinstance(per, dict):
        return 0, None
    routine = kept = counted = 0
    files_known = True
    for subject, v in per.items():
        if isinstance(v, int) and not isinstance(v, bool) and v >= 0:
            lines, files = v, None  # an item written before files were counted
        elif (
            isinstance(v, list)
            and len(v) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) and x >= 0 for x in v)
        ):
            lines, files = v
        else:
            return 0, None
        if not isinstance(subject, str):
            return 0, None
        counted += lines
        # the subject's lines are not known bullet by bullet: "- clean up whitespace - …" is
        # read whole, as its lines are
        clauses = _sentences(gitmoji(subject))
        if clauses and all(_routine_clause(c) for c in clauses):
            routine += lines
        elif files is None:
            files_known = False
        else:
            kept += files
    # every line of the item is in the count: the other subjects' files are all there
    whole = counted == sum(
        v for v in (data.get("additions"), data.get("deletions")) if isinstance(v, int) and not isinstance(v, bool)
    )
    return routine, kept if files_known and whole else None


#: Commits up to which lines replaced in place read as one mechanical change.
IN_PLACE_COMMITS = 3


_FORMATS = re.compile(r"(?<![\w-])(?:re)?format(?:s|ted|ting)?\b|\blint(?:s|ed|ing)?\b", re.I)


def _formatter_run(paths: object, title: str, body: str | None) -> bool:
    """Whether a change sets up a formatter and runs it over the code ("Add SwiftFormat, format
    everything.", 3,366 lines in 61 files; "Adopt 5.1 formatting."): its formatter's
    configuration among its paths and formatting in its words. Its size is the formatter's."""
    if not isinstance(paths, list) or not any(_IS_FORMATTER_CONFIG(str(p)) for p in paths):
        return False
    return _FORMATS.search(title) is not None or _FORMATS.search(persons_body(body)[:2000]) is not None


def _in_place(data: Mapping[str, Any]) -> bool:
    """Whether a change removed as many lines as it added (99.5 % or more of them, 100 or more
    each, in at most :data:`IN_PLACE_COMMITS` commits): lines replaced in place by a search and
    replace, a rename or a converted format ("Fix admonition double quotes", 1,799 lines added
    and as many removed), whose count says nothing of the work. Moved code is not: its new
    modules add headers and imports."""
    added, deleted = data.get("additions"), data.get("deletions")
    if not isinstance(added, int) or not isinstance(deleted, int):
        return False
    commits = data.get("commits")
    if isinstance(commits, int) and commits > IN_PLACE_COMMITS:
        return False  # a branch of many commits that rewrote as much as it kept is work
    low, high = sorted((added, deleted))
    return low >= 100 and low >= 0.995 * high


def _undone(subjects: list[str]) -> set[str]:
    """The subjects of ``subjects`` that another one reverts (``Revert "X"``), and the reverts
    themselves: a change undone in the same item. A revert of a revert puts the change back:
    of ``X; Revert "X"; Revert "Revert "X""`` (``Reapply "X"`` from git 2.43 on) only the two
    reverts cancel, and X stays. A subject listed once per commit counts: of
    ``X; Revert "X"; X`` (committed again after its revert) only the revert is gone, and X
    stays — a change is undone only when what reverts it is as many as its commits."""
    if not any("evert" in s or "EVERT" in s or "eapply" in s or "EAPPLY" in s for s in subjects):
        return set()  # nothing reverts here
    counts: dict[str, int] = {}
    for s in subjects:
        counts[s.strip()] = counts.get(s.strip(), 0) + 1
    reverted_by: dict[str, str] = {}
    for s in counts:
        target = reverted(s)
        if target is not None and target in counts:
            reverted_by[target] = s
    out: set[str] = set()
    for base in counts.keys() - set(reverted_by.values()):  # a change, not a revert of one here
        chain = [base]
        while chain[-1] in reverted_by and len(chain) <= len(counts):  # no subject twice
            chain.append(reverted_by[chain[-1]])
        if len(chain) > 1:  # the reverts are no work; the change is, while more of it is left
            left = sum(counts[s] * (-1) ** i for i, s in enumerate(chain))
            out |= set(chain if left <= 0 else chain[1:])
    return out


#: Routine subjects that name what a release or an update holds, not the change they are in.
_NAMES_A_RELEASE = frozenset(
    {"a version bump or release commit", "a changelog entry", "release preparation", "a dependency update"}
)


#: An instruction to CI at a subject's end ("Update history to reflect merge of #2535 [ci skip]").
_CI_SKIP = re.compile(r"\s*\[(?:ci[ -]skip|skip[ -]ci|skip travis|travis skip|skip actions|no ci)\]\s*$", re.I)


@functools.lru_cache(maxsize=64)  # the item at hand: its grade and its mapping read them in turn
def _routine_clause(clause: str) -> tuple[str, str] | None:
    """The routine rule a subject meets, as written or after its scope ("chore: Bump to
    10.4.2", "chore(release): Prepare for 10.4.0"); a full stop at its end says nothing more
    ("Update CHANGES.", as many write a subject). Remembered for the last subjects read: a
    day's subjects are read by its grade, its size and its mapping."""
    if clause.endswith("]") and (skip := _CI_SKIP.search(clause)):
        clause = clause[: skip.start()]  # "… [ci skip]": an instruction to the CI, no words of the change
    if clause.endswith(".") and not clause.endswith(".."):
        clause = clause[:-1]
    hit = _first(_ROUTINE_TEXT, clause, _ROUTINE_ANY)
    if hit is None:
        bare = _unscoped(clause)
        if bare != clause:
            hit = _first(_ROUTINE_TEXT, bare, _ROUTINE_ANY)
    return hit


def _weighed(title: str, body: str | None, kind: str, own: str | None = None) -> str:
    """The words that decide a change's weight: its subject without a scope naming a file
    ("DEPRECATE: …" says only where it is) or a name quoted from the code, the person's own
    body (no credit lines: "Spotted by Codex Security" only says who helped), and for a change
    to code a deprecation it only keeps up with written as such (:func:`kept_up`) and an
    injection the code makes written as an insertion (:func:`made_not_an_attack`)."""
    text = drop_code_spans(drop_file_scopes(title)) + "\n" + persons_body(body)[:2000]
    return made_not_an_attack(kept_up(text, own)) if kind in CODE_KINDS else text


#: An injection the code itself makes, tidied: an option put into a command line ("Simplify
#: --border injection"), codes the program inserts ("Remove unnecessary ANSI code injection").
#: Nobody simplifies an attack or calls it unnecessary; "Fix SQL injection", "Remove the
#: injection vector" stay attacks.
_MADE_INJECTION = re.compile(
    r"(?<![\w-])(?:simplif\w*|refactor\w*|clean\w*(?:\s+up)?|tidy|unnecessary|redundant|needless|"
    r"superfluous)\s+(?:the\s+)?(?:[\w'\"-]+\s+){0,3}?(injection)\b|(?<!\S)--?[a-z][\w-]*\s+(injection)\b",
    re.I,
)


#: An attack all the same: its kind named ("Simplify SQL injection prevention"), what guards
#: against it after it ("Refactor the injection check", "unnecessary injection risk"), or a
#: defence before an option's ("Sanitize input to prevent --query injection").
_ATTACK_NAMED = re.compile(r"\b(?:sql|command|shell|os|header|crlf|ldap|xpath|nosql|template|script|html|prompt)\s+injection\b", re.I)
_ATTACK_AFTER = re.compile(
    r"\s+(?:prevention|protection|checks?|risks?|vulnerabilit\w*|attacks?|flaws?|guards?|defen[cs]es?|"
    r"detection|saniti[sz]\w*|escap\w*|vectors?|bugs?|issues?)\b",
    re.I,
)
_ATTACK_BEFORE = re.compile(r"\b(?:prevent\w*|avoid\w*|block\w*|saniti[sz]\w*|escap\w*|protect\w*|mitigat\w*|guard\w*|stop\w*)\b", re.I)


def made_not_an_attack(text: str) -> str:
    """``text`` with the injections its code makes (:data:`_MADE_INJECTION`) written as
    "insertion", not an attack named so (:data:`_ATTACK_NAMED`, :data:`_ATTACK_AFTER`,
    :data:`_ATTACK_BEFORE`)."""
    if "njection" not in text:
        return text

    def insertion(m: re.Match[str]) -> str:
        made = m.group(0)
        if (
            _ATTACK_NAMED.search(made)
            or _ATTACK_AFTER.match(text, m.end())
            or (m.group(2) and _ATTACK_BEFORE.search(text, max(0, m.start() - 40), m.start()))
        ):
            return made
        return made[: -len("injection")] + "insertion"

    return _MADE_INJECTION.sub(insertion, text)


#: Another product's beta a change is made for or on ("Update for Xcode 8 beta 4.", "Fix the
#: build on iOS 14 beta 2", "Remove Swift version checking for Xcode 9 beta 3."), or a subject
#: that only keeps up with a beta ("Updates for beta 3."): the toolchain kept up with or a
#: release prepared, no beta the person shipped ("Ship the 2.0 beta to customers" is one).
_THEIR_BETA = re.compile(
    r"(?:(?<![\w-])(?:for|on|with|in|under|against|to)\s+(?:the\s+)?(?-i:[A-Z])[\w+.-]*\s+v?\d+(?:\.\d+)*|"
    r"(?:^|(?<=; )|(?<=- ))(?:updates?|updated|changes|fixes|tweaks)\s+for(?:\s+the)?)\s+(beta)\b",
    re.I | re.M,
)


def _prerelease(m: re.Match[str]) -> str:
    """The beta of :data:`_THEIR_BETA` written as a word the ladder does not read."""
    return m.group(0)[: m.start(1) - m.start()] + "prerelease"


def _for_security(signal: Signal) -> bool:
    """Whether a signal means security work: a dependency raised for a vulnerability in a
    manifest alone ("fix: bump qs minimum to ^6.14.2 for CVE-2026-2391", "go.mod: CVE-2023-45142
    Update opentelemetry") is security work as well as the build."""
    return (signal.concept or signal.expectation) == "system-design.security-compliance"


@functools.lru_cache(maxsize=16)
def _own_name(name: str) -> re.Pattern[str]:
    """The project's own name as a word of its own ("pytest", not "pytest-xdist" nor "_pytest"),
    with its dot before a module's name ("Ecto.Repo.all -> Ecto.Repo.all_running" is a rename
    of "Repo.all", not of ".Repo.all")."""
    return re.compile(r"(?<![\w.-])" + re.escape(name) + r"(?:\.(?=\w)|(?![\w-]))", re.I)


def _without_own_name(item: MapItem, own: str) -> MapItem:
    """``item`` without its project's own name: in pytest's history "pytest" names the product,
    not the testing a change shows (every commit would be "tested changes"); so "redis" in
    redis, "django" in django."""
    rx = _own_name(own)
    text, body = item.text or "", item.body
    if rx.search(text) is None and (not body or rx.search(body) is None):
        return item
    return dataclasses.replace(item, text=rx.sub("", text), body=body and rx.sub("", body))


def _reworded(item: MapItem, needle: str, reword: Callable[[str], str]) -> MapItem:
    """``item`` with its title and description passed through ``reword`` when either holds
    ``needle`` (the literal every match of ``reword``'s pattern holds)."""
    text, body = item.text or "", item.body
    if needle not in text and not (body and needle in body):
        return item
    return dataclasses.replace(item, text=reword(text), body=body and reword(body))


#: :func:`grade` reads the shape of the change from its paths itself.
_UNREAD = object()


def grade(item: MapItem, *, shape: object = _UNREAD) -> Grade:
    """How much ``item`` weighs (see the module docstring); the reason names what decided it.
    (``shape``: :func:`change_shape` of its paths, when the caller has it.)"""
    data = item.data or {}
    role = str(data.get("role") or "authored")
    kind = (item.kind or "note").lower()
    if role == "bot":
        return Grade(ROUTINE, "a bot's change, not a person's work")
    title = (item.text or "").strip()
    if kind == "merge":
        # the merge's own subject, not the title the git source built (a merge of someone's
        # own repository, "Merge branch 'master' of https://…", is their contribution)
        own = merge_subject(title)
        title = own if " of " not in own else title
    if kind in CODE_KINDS:  # a commit's ":memo:" is its type
        title = gitmoji(title)
    repository = data.get("repository")
    project = repository if isinstance(repository, str) else None
    text = _weighed(title, item.body, kind, project)
    if kind == "doc":
        dkind = str(data.get("kind") or "")
        if dkind in ("postmortem",) or (dkind in ("design", "adr", "rfc") and data.get("passed")):
            return Grade(SIGNIFICANT, f"a {dkind} document" + (" that passes the checker" if data.get("passed") else ""))
        return Grade(ORDINARY, "a document")
    lines, n_files = _size(data)
    if not title and not (item.body or "").strip() and not lines:
        return Grade(ROUTINE, "nothing written to judge")
    if kind in CODE_KINDS and role in OWN and data.get("files") == 0 and data.get("file_paths") == [] and not lines:
        # an empty commit ("Fix syntax error in match test" squashed onto a fix already in)
        return Grade(ROUTINE, "a change that changed no file")
    # several subjects ("A; B; C", as the git source joins a day's or a branch's commits) or
    # sentences: routine only when every one of them is
    parts = _clauses(title)
    if parts and parts[-1].strip() == "\u2026" and item.body and _LISTED.match(item.body):
        # a list of subjects cut short ("A; B; …"): the body lists every one of them
        parts = [c for p in _listed(title, item.body) for c in _clauses(p)]
    undone = _undone(parts) if kind in CODE_KINDS else set()
    if undone:  # a change and its revert in one item: neither is work, nor are its lines
        parts = [p for p in parts if p.strip() not in undone]
        if not parts:
            return Grade(ROUTINE, "a change and its revert")
        # the item's lines count the reverted work twice: the rest of them, where the source
        # said how many lines each subject made, else no measure of size at all
        lines = _lines_left(data, lines, undone)
    found = [_routine_clause(p) for p in parts] or [None]
    routine = found[0] if all(found) else None
    if routine is None and any(f and f[0] in _NAMES_A_RELEASE for f in found):
        # what a release's subject says is not this work's weight: "Bump version, new security
        # features and bug fixes" beside a change names what the release holds (a typo fixed
        # in the same sentence as a memory leak takes nothing from the leak)
        kept = "; ".join(
            p for p, f in zip(parts, found, strict=True) if not (f and f[0] in _NAMES_A_RELEASE)
        )
        text = _weighed(kept, item.body, kind, project)
    paths = data.get("file_paths")
    if shape is _UNREAD:
        shape = change_shape(paths)
    low = lower(text)
    # a change to documents alone fixes no race or leak, whatever it names ("Update SECURITY.md"),
    # nor does one to tests alone ("Add a crashing config" to a regression suite)
    significant = (
        None
        if shape in ("docs", "policy", "tests") or (kind in CODE_KINDS and _explains(title))
        else _first(_SIGNIFICANT_TEXT, text, _SIGNIFICANT_ANY, low)
    )
    if significant and shape == "code" and _beside_housekeeping(paths) in ("docs", "tests"):
        significant = None  # nor does one with a workflow or .gitignore beside them
    if significant and _configures_a_bot(paths):
        # nor does a dependency bot's configuration alone ("Enable Dependabot for dependency
        # security scanning": the bot looks for fixes, the change makes none)
        significant = None
    result = measured(text, low)
    if role == "merged":
        did = "applied" if data.get("applied") else "merged"
        merged = data.get("merged_lines")
        if isinstance(merged, int) and not isinstance(merged, bool):
            lines = merged  # the size of what the merge brought in
        if routine or BOT_TITLE.search(title):
            return Grade(ROUTINE, f"someone else's change you {did}: {routine[0] if routine else 'a dependency bump'}")
        with_tests = isinstance(paths, list) and any(_IS_TEST(str(p)) for p in paths)
        if (with_tests and shape == "code" and lines >= MERGED_TESTED_LINES) or lines >= MERGED_LINES:
            return Grade(ORDINARY, f"someone else's change you {did} (review and maintainership)")
        return Grade(ROUTINE, f"a small contribution of someone else's that you {did}")
    if BOT_TITLE.search(title) and not significant:
        return Grade(ROUTINE, "a dependency bump")
    # a backport carries a change already made (and weighed) elsewhere, however hard it was;
    # so does another repository's history brought in, whatever its commits measured, and a
    # revert undoes a change whose weight was its own ('Revert "config/security: Add HOME …"');
    # the people a project thanks ("security hall of fame") fixed nothing in this change
    backport = routine is not None and routine[0] in (_BACKPORT, _SUBTREE, _REVERT, _THANKED)
    if result and not (routine and routine[0] == "a version bump or release commit") and not backport:
        return Grade(SIGNIFICANT, f'{MEASURED_GAIN} ("{result}")')
    if significant and not (routine and (backport or not _SIGNIFICANT_TEXT[0][0].search(title))):
        why, hit = significant
        return Grade(SIGNIFICANT, why.format(f'"{hit.lower()}"'))
    if routine:
        return Grade(ROUTINE, routine[0])
    if isinstance(paths, list) and paths and all(_IS_ROUTINE_PATH(str(p)) for p in paths):
        return Grade(ROUTINE, "only CI, lock or housekeeping files")
    bookkeeping = _release_bookkeeping(parts, found, paths)
    if bookkeeping:
        return Grade(ROUTINE, bookkeeping)
    if isinstance(paths, list) and paths and all(_IS_VENDORED(str(p)) for p in paths) and _UPDATE.search(title):
        return Grade(ROUTINE, "an update of vendored code")
    if shape == "docs" and 0 < lines <= SMALL_DOC_LINES:
        return Grade(ROUTINE, f"a small touch-up to documentation ({lines} lines)")
    if shape == "tests" and 0 < lines <= SMALL_TEST_LINES and _TEST_UPKEEP.search(title):
        return Grade(ROUTINE, f"a small fix to tests ({lines} lines)")
    if (
        kind in ("commits", "merge", "pull-request")
        and 0 < lines <= SMALL_LINES
        and not (_FIX.search(title) or _FIX.search(_unscoped(title)))
        and not _CLOSES.search(item.body or "")
    ):
        return Grade(ROUTINE, f"a small change ({lines} lines)")
    # a formatter's run or a version bump beside the work is not its size
    routine_lines, kept_files = _routine_part(data)
    if routine_lines:
        lines = max(0, lines - routine_lines)
        if kept_files is not None:
            n_files = min(n_files, kept_files)
    if (
        kind in ("commits", "merge", "pull-request")
        and lines >= SIZEABLE_LINES
        and n_files >= SIZEABLE_FILES
        and not _in_place(data)
        and not _formatter_run(paths, title, item.body)
    ):
        return Grade(SIGNIFICANT, f"a sizeable change ({lines} lines in {n_files} files)")
    if significant:
        why, hit = significant
        return Grade(SIGNIFICANT, why.format(f'"{hit.lower()}"'))
    return Grade(ORDINARY, "neither routine upkeep nor a change of unusual weight")




#: A deprecation made elsewhere that a change keeps up with: "Fix php8.5 deprecation warning",
#: "Ignore all symfony deprecations", "Remove use of deprecated getMock method", "Use the
#: Authorization header instead of the deprecated access_token query param", "It has been
#: deprecated by Go". The person deprecated nothing: it is upkeep of the code, not API design.
_KEPT_UP = re.compile(
    # a deprecation's warnings, or deprecations and nothing more said ("Fix php8.5 deprecation
    # warning", "Fix deprecations"); not the person's own ("Fix deprecation notice for --dev")
    r"(?<![\w-])(?:fix\w*|ignor\w*|silenc\w*|suppress\w*|avoid\w*|bypass\w*|address\w*)\s+"
    # or Python's warning classes by name ("Ignore aiohttp DeprecationWarning for 3.12"), or
    # where they showed ("This PR fixes the deprecation in the Package.swift file", "Fix
    # deprecations on newer OSes"; not "Fix deprecation of --foo", the person's own)
    r"(?:[\w.]+\s+){0,6}?(?:pending)?deprecat\w*(?:(?<=warning)|(?<=warnings)|\s+(?:warnings?|notices\b|"
    r"notice\s+from\b|in\b|on\b)|\s*(?:$|[;,(]))|"
    # a deprecation worked around, its warnings cleaned up ("Work around deprecation of
    # str::trim_left_matches", "cleanup some deprecation warnings")
    r"(?<![\w-])work(?:s|ed|ing)?\s+around\s+(?:the\s+|a\s+)?(?:[\w.:]+\s+){0,3}?deprecat\w*|"
    r"(?<![\w-])clean\w*(?:\s+up)?\s+(?:[\w.]+\s+){0,3}?deprecat\w*\s+warnings?\b|"
    r"(?<![\w-])(?:use of|usage of|uses of|instead of|calls? to|away from|replac\w*)\s+(?:the\s+|a\s+|all\s+)?"
    r"deprecated\b|"
    # something deprecated used still ("Keep using deprecated AsciiExt on old compilers", "Use
    # deprecated method."); not the person's own warning about it ("Warn when using deprecated
    # options", "Error on using deprecated syntax"), nor a marker put on it ("Use deprecated
    # attribute for old methods")
    r"(?<!when )(?<!if )(?<!on )(?<!about )(?<!against )(?<!for )(?<!while )(?<!users )(?<!callers )"
    r"(?<![\w-])(?:use|uses|using)\s+(?:the\s+|a\s+)?deprecated\b"
    # nor what the program reads for its users ("Read and use deprecated configuration (as
    # well as emitting a warning)")
    r"(?!\s+(?:attributes?|annotations?|decorators?|markers?|tags?|macros?|config\w*|settings?|options?|keys?)\b)|"
    # (whatever it is, when it is no longer used: "reword comment to not use deprecated option")
    r"(?:\bnot|n't|\bnever|\bstop\w*|\bavoid\w*)\s+(?:use|using)\s+(?:the\s+|a\s+)?deprecated\b|"
    # its import dropped ("Delete deprecated AsciiExt extension trait import")
    r"(?<![\w-])(?:remov\w*|drop\w*|delet\w*)\s+(?:the\s+|a\s+)?deprecated\s+(?:[\w.$`:-]+\s+){0,4}?imports?\b|"
    r"\bdeprecat\w*\s+(?:fix(?:es)?|warnings?\s+fix(?:es)?)\b|"
    r"\bdeprecated by\s+(?:[A-Z]|php|python|go|node|upstream)|"
    # where another project's tools are going ("setup.py commands are in general headed
    # towards deprecation in favor of tox")
    r"\b(?:headed|heading|going|moving)\s+(?:towards?\s+)?deprecation\b|"
    # what was deprecated before, dropped from the text that still named it or no longer
    # advised ("Remove deprecated FZF_TMUX vars from shell script headers", "Do not recommend
    # the deprecated `data=` kwarg", "Update deprecated docstring"): the text's upkeep, where
    # "Drop deprecated proxies API" removes it from the API
    r"(?<![\w-])(?:remov\w*|drop\w*|delet\w*)\s+(?:the\s+|a\s+)?deprecated\s+(?:[\w.$`=-]+\s+){1,4}?"
    # (a script's or a file's comment header; a C header is the API: "Remove deprecated
    # functions from the header")
    r"(?:from|in)\s+(?:the\s+)?(?:[\w.-]+\s+){0,2}?(?:comments?|(?:script|file|comment)\s+headers?|docs?|"
    r"documentation|man ?pages?|readme|help|usage|examples?|docstrings?)(?=[ \t]*(?:$|[\n,.;(]))|"
    r"(?<![\w-])recommend\w*\s+(?:the\s+|a\s+)?deprecated\b|"
    # the text that was deprecated, not a deprecation notice written ("Add deprecated
    # docstring warning for the old API")
    r"\bdeprecated\s+(?:docstrings?|comments?|docs?|documentation)\b(?!\s+(?:warnings?|notices?|notes?|markers?|messages?))",
    re.I,
)
_DEPRECAT = re.compile(r"deprecat\w*", re.I)


#: A deprecation made in a project named ("The latter is deprecated in SQLAlchemy master"): kept
#: up with unless the project is the person's own ("deprecated in Alembic 1.5").
_DEPRECATED_IN = re.compile(
    r"\bdeprecated\s+(?:in|as of|since|with)\s+(?:the\s+)?((?-i:[A-Z])[\w.-]*)|"
    # or one that another project's code emits ("Python 3.15's linecache._bless_my_loader emits a
    # DeprecationWarning")
    r"\b((?-i:[A-Z])[\w.-]*)(?:\s+v?\d[\d.]*)?'s\s+[\w.]+(?:\(\))?\s+(?:emits|raises|issues|gives|shows)\s+"
    r"(?:a\s+|an\s+)?(?:pending)?deprecation\s*warnings?",
    re.I,
)
#: Capitalised words after "deprecated in" that name no other project: a version or a release,
#: the project's own pull request, issue or documents ("deprecated in PR #1234", "in GH-12345",
#: "in V2", "in the API docs", "in CHANGELOG").
_NOT_A_PROJECT = frozenset(
    {"version", "versions", "release", "releases", "favor", "favour", "future", "pr", "prs", "mr", "gh",
     "issue", "api", "apis", "readme", "changelog", "changes", "news", "docs", "documentation"}
)
_A_NUMBER = re.compile(r"[a-z]{1,2}[-#]?\d[\w.]*")


def kept_up(text: str, own: str | None = None) -> str:
    """``text`` with the deprecations it only keeps up with (:data:`_KEPT_UP`; with ``own``,
    the repository's name, one made in another project named) written as "superseded": the
    person's own deprecations ("Deprecate the singular req.accept*") stay."""
    if "eprecat" not in text:
        return text
    text = _KEPT_UP.sub(lambda m: _DEPRECAT.sub("superseded", m.group(0)), text)
    if own and ("eprecated " in text or "'s " in text):
        mine = own.lower().replace("-", "").replace("_", "")

        def elsewhere(m: re.Match[str]) -> str:
            name = (m.group(1) or m.group(2)).lower().rstrip(".")
            if _A_NUMBER.fullmatch(name):  # "V2", "Q3", "GH-12345": a version or an issue
                return m.group(0)
            name = name.replace("-", "").replace("_", "")
            # the project by its name as written, "Node.js" for the repository "node"
            if name in _NOT_A_PROJECT or name.split(".")[0] == mine.split(".")[0]:
                return m.group(0)
            return _DEPRECAT.sub("superseded", m.group(0))

        text = _DEPRECATED_IN.sub(elsewhere, text)
    return text


#: A merge that only carries a line forward: a tag, a release or main branch into another.
SYNC = re.compile(
    r"^\s*merge (?:tag|(?:remote-tracking )?branch) '?(?:(?:origin|upstream)/)?(?:v?\d[\w.]*|main|master|develop|"
    r"stable|release[\w./-]*|[\w./-]*\d+\.(?:x|\d+)[\w.-]*)'?(?: of \S+)?(?: into \S+)?\s*$",
    re.I,
)


#: A branch merged from a remote into the local branch of the same name: `git pull` bringing a
#: local copy up to its remote one (a co-author's push, GitHub's "Update branch"), no one's
#: contribution taken in, when none of the person's commits came with it. Not another branch:
#: "Merge branch 'master' of https://github.com/someone/phoenix" brings in their work.
_PULLED = re.compile(r"^\s*merge (?:remote-tracking )?branch '([^']+)' of \S+ into \1\s*$", re.I)


#: The git source's title for a branch the person merged with none of their commits on it:
#: "Merged branch 2.2: Merge branch '2.2' into 2.3"; after it, the merge's own subject (or, for
#: a change reviewed in Gerrit, "Merged change: Add CHECK constraints", the change's).
_MERGED_BRANCH = re.compile(r"^Merged (?:branch \S+|change): (?=\S)")


def merge_subject(text: str) -> str:
    """The subject of a merge the person made, without the title the git source puts in
    front of it ("Merged branch 2.2: Merge branch '2.2' into 2.3")."""
    return _MERGED_BRANCH.sub("", text, count=1)


def _syncs(item: MapItem) -> bool:
    """Whether ``item`` is a merge that only carries a line forward (:data:`SYNC`). Someone
    else's commits pulled from their own repository ("Merge branch 'master' of
    https://github.com/someone/phoenix") are their contribution, not a sync."""
    text = item.text or ""
    if (item.kind or "") not in CODE_KINDS or ("erge" not in text and "ERGE" not in text):
        return False  # no merge: nothing to carry forward
    subject = merge_subject(text)
    if subject != text and " of " in subject:
        # a branch with none of the person's commits pulled into its own local copy (`git
        # pull`) is a sync; with their commits, it carries their work from another machine
        return _PULLED.match(subject) is not None
    return SYNC.match(subject) is not None


def _release_bookkeeping(parts: list[str], found: list[Any], paths: object) -> str | None:
    """Why a change to a package's manifest, lock file and changelog alone is upkeep, or
    ``None``: beside a release, its words are the release's ("docs: Clean up StyledStr
    entries; chore: Release" edits the changelog); on its own, a package it requires taken to a
    newer version ("chore(complete): Require latest clap", "chore: Upgrade compatible")."""
    if not isinstance(paths, list) or not paths:
        return None
    names = [str(p) for p in paths]
    # a release itself among the subjects (not a changelog line or a dependency alone)
    released = any(f and f[0] in _RELEASES for f in found)
    if not released:
        joined = "\n".join(names)
        if not _MANIFEST_WORD(joined.lower()) or not _MANIFEST_IN.search(joined):
            return None  # neither a release nor a manifest: nothing of a package's bookkeeping
    rest = [p for p, f in zip(parts, found, strict=True) if not (f and f[0] in _NAMES_A_RELEASE)]
    other = [n for n in names if not (_IS_MANIFEST(n) or _IS_ROUTINE_PATH(n) or _IS_CHANGELOG(n))]
    if (
        released
        and not other
        and not any(_CODE_TYPE.search(p) or _DECLARES.search(p) for p in rest)
        and all(_unscoped(p) != p and _TYPE_OF_WORDS.match(p) for p in rest)
    ):
        return "a release's version and changelog"
    # a release's README carries its version; what else a README says is written work
    readme_of_release = released and all(_README.search(n) for n in other)
    if (
        (not other or readme_of_release)
        and any(map(_IS_MANIFEST, names))
        and rest
        and all(_REQUIRES.search(p) and not _DECLARES.search(p) for p in rest)
    ):
        return "a dependency update"
    return None


def own_subjects(words: str) -> list[str]:
    """What a source recorded the person wrote ("A; B; C": their commit subjects), less the
    routine subjects ("globset-0.4.20", "fix typo"), a change its revert undid, a change that
    says it is someone else's ("…, from Dane Jensen.") beside the person's own and the mark of
    a list cut short ("…"): what a document or a verdict may state."""
    subjects = words.split("; ")
    undone = _undone(subjects)
    kept = dict.fromkeys(w for w in subjects if w.strip() not in ("", "\u2026", *undone))
    own = [w for w in kept if grade(MapItem(w, kind="commits")).grade != ROUTINE]
    return [w for w in own if not _credits(w)] or own


_QUOTED = re.compile(r'"([^"]{1,80})"')


def showing(subjects: list[str], reasons: Iterable[str]) -> list[str]:
    """Of ``subjects``, the ones that hold the words the mapping ``reasons`` quote ('mentions
    "memory leak"'); all of them when none does (a mapping from the change's shape, or from
    its description). A word matches its inflections: "leaks" finds "leak"."""
    from ladder.mapping.text import words as lower_words

    keys = [
        [w[: max(4, len(w) - 2)] for w in lower_words(q)]
        for reason in reasons
        for q in _QUOTED.findall(reason)
    ]
    keys = [k for k in keys if k]

    def holds(subject: str) -> bool:
        toks = lower_words(subject)
        return any(all(any(t.startswith(w) for t in toks) for w in k) for k in keys)

    return [s for s in subjects if holds(s)] or subjects


def own_words(words: str) -> str:
    """:func:`own_subjects` joined again, each without its full stop; the words as they are
    when every subject is routine."""
    return "; ".join(w.strip().rstrip(".") for w in own_subjects(words)).strip() or words.strip()


def assess(mapper: Mapper, item: MapItem, **options: Any) -> tuple[Grade, list[Suggestion]]:
    """Grade ``item`` and map it: routine work keeps its grade and gets no mappings.

    A change to code the person made is read with its paths as a typed signal: a change to
    documentation only shows communication (or the leadership a process document shows), a
    change to tests only shows tested work; and a topic word that is weak on its own
    (below :data:`CODE_MIN_SCORE`) does not outvote what the change plainly is.

    Args:
        mapper: The mapper of the active ladder.
        item: The evidence.
        **options: Passed to :meth:`Mapper.suggest` (``rejected``, ``learned``).
    """
    if _syncs(item):
        return Grade(ROUTINE, "a merge that carries a branch forward"), []
    typed = gitmoji(item.text or "") if (item.kind or "") in CODE_KINDS else item.text
    if typed != item.text:  # ":bug: fix the parser" is "fix: fix the parser"
        item = dataclasses.replace(item, text=typed)
    data = item.data or {}
    if (
        str(data.get("role") or "authored") in OWN
        and (item.kind or "") in CODE_KINDS
        and _credited(item.text or "", item.body)
    ):  # a contribution the person applied: theirs to review, not their own work
        item = dataclasses.replace(item, data={**data, "role": "merged", "applied": True})
        data = item.data
    elif (item.kind or "") in CODE_KINDS:
        item = _without_credited(item)
    shape = change_shape(data.get("file_paths"))
    g = grade(item, shape=shape)
    if g.grade == ROUTINE:
        return g, []
    if str(data.get("role") or "authored") not in OWN or (item.kind or "") not in CODE_KINDS:
        return g, mapper.suggest(item, **options)
    item = _without_routine_subjects(item)
    repository = data.get("repository")
    own = repository if isinstance(repository, str) else None
    item = _reworded(item, "eprecat", lambda t: kept_up(t, own))
    item = _reworded(item, "njection", made_not_an_attack)
    item = _reworded(item, "beta", lambda t: _THEIR_BETA.sub(_prerelease, t))
    if own is not None and len(own) >= 3:
        item = _without_own_name(item, own)
    rejected = options.get("rejected") or ()
    if _explains(item.text or ""):  # what the comment explains is the code's, not the change's
        return g, _fallback(mapper, "communication.documentation", "a comment you wrote that explains the code", rejected)
    found = mapper.rank(_code_signals(mapper, item, shape, options.get("learned")), rejected=rejected)
    if "; " in (item.text or ""):
        found = _each_subject(mapper, item, shape, options.get("learned"), rejected, found)
    if shape in _SHAPE_AREAS:
        # on another ladder an area may hold several bundled ones: what counts is what the
        # signals behind it mean
        # and people work (mentoring, leading) only said plainly: "a better candidate" in a
        # README hires no one
        fits = [
            s
            for s in found
            if (
                any(x.base_area in _SHAPE_AREAS[shape] for x in s.signals)
                or (shape == "build" and s.score >= CODE_MIN_SCORE and any(map(_for_security, s.signals)))
            )
            and (s.score >= CODE_MIN_SCORE or not any(x.base_area in PEOPLE_AREAS for x in s.signals))
        ]
        return g, fits or _typed(mapper, item, shape, rejected)
    strong = [s for s in found if s.score >= CODE_MIN_SCORE]
    if shape == "code" and strong and all(_documented_alongside(s) for s in strong):
        strong = []  # "Update docs for async-only" in the description of a client's rework
    if strong and item.body and item.body.count("\n* ") >= SQUASHED_STEPS:
        # a branch's history squashed into one change lists every step along the way ("*
        # Refactor the rewrite! (#2585)", "* Rename SessionManager -> Session" in the body of
        # "Brotli Support", carried from the branch it grew on): what only that list says is
        # how it got there, not what the change is
        strong = [s for s in strong if not all(x.why.startswith("its description") for x in s.signals)]
    if not strong and shape == "code" and g.reason.startswith(MEASURED_GAIN) and _speed_gain(g.reason, item):
        # "Avoid allocating rune array for ascii string … 60% faster": the gain it measured
        # is what the change shows, whatever else its words say weakly
        return g, _fallback(mapper, "technical-depth.performance-concurrency", "a gain you measured", rejected)
    return g, strong or _typed(mapper, item, shape, rejected)


#: A name's first letter: upper case, in Latin scripts ("Ünal", "Öztürk" too).
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
#: A surname as people write one: "Krause", "MacMillan", "LeBlanc", not "README" or "TODO".
_SURNAME = f"[{_UP}][a-z\u00df-\u00ff\u0100-\u024f'-]+(?:[{_UP}][a-z\u00df-\u00ff'-]+)?"
_GIVEN = f"[{_UP}][a-z\u00df-\u00ff\u0100-\u024f'-]*\\.?"
#: Capitalised words that start a subject and are not a person's name: the imperative mood
#: ("Make Python's tests work", "Fix Daniel's patch") and platforms ("Windows Builds fixed").
_NOT_A_NAME = (
    "The|This|That|These|Those|A|An|All|Some|New|Now|When|If|In|On|For|With|Make|Add|Fix|Use|"
    "Let|Merge|Revert|Update|Remove|Apply|Document|Rework|Port|Handle|Support|Improve|Move|"
    "Drop|Avoid|Allow|Restore|Replace|Rename|Refactor|Set|Get|Bump|Mark|Enable|Disable|"
    "Implement|Introduce|Check|Clean|Convert|Change|Create|Delete|Ensure|Prevent|Test|Tests|"
    "Build|Keep|Only|Do|Don't|Show|Hide|Run|Try|Return|Pass|Call|Read|Write|Give|Teach|"
    "Windows|Visual|Linux|Mac|Python|Java|Rust|Node|Docker|Android|Apple|Microsoft|Google"
)
#: A subject that says someone else did the work: "Christian Krause fixed …", "T. Bharath
#: fixed …", "James MacMillan's patch makes …". In the days of patches sent by mail the
#: committer was the author of record; the person applied a contribution and reviewed it.
#: ("X reported …", "X found …" credit a report: the fix is the person's own.)
_CREDITED = re.compile(
    f"^\\s*(?:-\\s+)?(?!(?:{_NOT_A_NAME})\\b)(?:"
    f"(?:{_GIVEN}\\s+){{1,2}}{_SURNAME}(?:'s|')?\\s+(?:fixed|patched|made|provided|contributed|"
    "brought|improved|corrected|wrote|submitted|sent|did|added|updated|removed|enhanced|restored|"
    "implemented|extended|converted|cleaned up)\\b|"
    f"(?:{_GIVEN}\\s+){{1,2}}{_SURNAME}(?:'s|')\\s+(?:[\\w-]+\\s+){{0,4}}"
    "(?:patch|patches|fix|work|contribution)\\b)"
)


#: Capitalised words after "from" that do not start a person's name: articles and platforms
#: ("from The Open Group", "from Visual Studio").
_NOT_A_SENDER = (
    "The|This|That|These|Those|A|An|All|Some|New|Windows|Visual|Linux|Mac|Python|Java|Rust|Node|"
    "Docker|Android|Apple|Microsoft|Google|Stack|Open"
)
#: A subject whose sentence ends by saying whose change it is, as projects that take patches
#: by mail write it: "Add pane-base-index option, from Ben Barbour.", "Rename it. From Dane
#: Jensen in GitHub issue 5175.", "Cast parameters to tparm, from Christos Zoulas via Leonardo
#: Taccari.", "Restore umask if bind fails, from nachalsa at naver dot com.", "… From Paul
#: Hoffman, thanks.", "… from Aaron Jensen. GitHub issue 3372." Not help, a report or an idea
#: from someone ("Suggested by and help from Chris Barber"): the change is the person's own.
_FROM_SOMEONE = re.compile(
    r"(?<!\bhelp )(?<!\binput )(?<!\bfeedback )(?<!\bideas )(?<!\bidea )(?<!\badvice )"
    r"(?<!\breport )(?<!\breports )(?<!\bsuggestion )(?<!\bsuggestions )(?<!\btesting )"
    # a name only where a credit stands: after a comma, a sentence's end, an issue's number
    # or at the start ("reading from Unix Domain Sockets", "Restoring From Saved State" are
    # where data comes from); an address written out anywhere
    f"(?:(?:(?<=,\\s)|(?<=[.!]\\s)|(?<=\\d\\s)|^\\s*)[Ff]rom\\s+(?!(?:{_NOT_A_SENDER})\\b)"
    f"(?:{_GIVEN}\\s+){{1,2}}{_SURNAME}|"
    r"\b[Ff]rom\s+[\w.+-]+\s+at\s+[\w-]+(?:\s+dot\s+[\w-]+)+)"
    f"(?:\\s+(?:and|&)\\s+(?:{_GIVEN}\\s+){{1,2}}{_SURNAME})?"
    r"(?:,?\s+(?:in|via|on|at|for|see)\s+[^.;]{0,80})?(?:,?\s+(?:reported|found|spotted|tested)\s+by\s+[^.;]{1,80})?"
    r"(?:,?\s+thanks)?\s*(?:[.!]?\s*$|[.!]\s+(?=[A-Z]))"
)


def _credits(subject: str) -> bool:
    """Whether ``subject`` credits someone else with the work (:data:`_CREDITED`,
    :data:`_FROM_SOMEONE`)."""
    words = subject.lstrip(" -").split(None, 2)
    named = len(words) > 2 and words[0][:1].isupper() and words[1][:1].isupper()  # "Ada Lovelace …"
    return (named and bool(_CREDITED.match(subject))) or (
        "rom " in subject and _FROM_SOMEONE.search(subject) is not None
    )


#: The subjects a harvested item's body lists first, one "- subject" a line.
_LISTED = re.compile(r"(?:- [^\n]+(?:\n|$))+")


def _listed(title: str, body: str | None) -> list[str]:
    """The subjects of ``title`` ("A; B"); of a list cut short ("A; B; …"), the ones ``body``
    lists ("- A")."""
    parts = title.split("; ")
    if parts[-1].strip() == "\u2026" and body and (listed := _LISTED.match(body)):
        parts = [line[2:] for line in listed.group(0).splitlines()]
    return [p for p in parts if p.strip() and p.strip() != "\u2026"]


def _credited(title: str, body: str | None = None) -> bool:
    """Whether every subject of ``title`` ("A; B") credits someone else with the work; of a
    list cut short ("A; B; …"), every one ``body`` lists."""
    parts = _listed(title, body)
    return bool(parts) and all(map(_credits, parts))


def _without_credited(item: MapItem) -> MapItem:
    """A day's or a branch's subjects ("A; B") and the body's list of them ("- A") without
    the ones that credit someone else with the work: "Memory leaks and an uninitialized part
    of utf8_data, from Patrick Palka." neither weighs nor shows what the person's own
    subjects beside it did. A list cut short ("A; B; …") is read from the body, and cut as
    short again."""
    title = item.text or ""
    if "; " not in title:
        return item
    parts = _listed(title, item.body)
    kept = [p for p in parts if not _credits(p)]
    if not kept or len(kept) == len(parts):
        return item
    if title.endswith("\u2026"):
        shown = kept[:1]
        for p in kept[1:]:
            if len("; ".join([*shown, p])) > len(title):
                shown.append("\u2026")
                break
            shown.append(p)
        if shown[-1] != "\u2026" and not (item.body and _LISTED.match(item.body)):
            shown.append("\u2026")  # the list is still cut short: no body said the rest
        kept = shown
    body = item.body
    if body:
        body = "\n".join(
            line for line in body.split("\n") if not (line.startswith("- ") and _credits(line[2:]))
        )
    return dataclasses.replace(item, text="; ".join(kept), body=body)


def _without_routine_subjects(item: MapItem) -> MapItem:
    """A day's or a branch's subjects ("A; B; C") without their routine ones and a change
    undone by its revert (the ones that credit someone else are gone already): "fix minor release
    number typo" says nothing of the day's other work, and its "release" is no launch. The
    description loses the lines that list routine subjects too ("- Deploying to master from @
    …" of a day, a squashed pull request's "* Linting"): their words are not the change's."""
    title = item.text or ""
    text = title
    # what is known of the subjects already (a day's body lists the title's subjects again)
    known = {title.strip(): False}
    if "; " in title:
        parts = [p for p in title.split("; ") if p.strip()]
        undone = _undone(parts)
        known = {p.strip(): bool(_routine_clause(p)) for p in parts}
        # (nor the mark of a list cut short, "…": no subject, and all that would be left of
        # "Inform clippy …; Ignore … lint …; …")
        kept = [p for p in parts if p.strip() not in undone and not known[p.strip()] and p.strip() != "…"]
        if kept and len(kept) != len(parts):
            text = "; ".join(dict.fromkeys(kept))
    body = _without_routine_lines(item.body, known) if item.body else item.body
    if text == title and body == item.body:
        return item
    return dataclasses.replace(item, text=text, body=body)


#: A line of a description that lists a subject ("- Update README", "* Linting"), short enough
#: to be one.
_LIST_LINE = re.compile(r"^[ \t]*[-*][ \t]+([^\n]{1,100})$", re.M)


#: A squashed pull request's line of upkeep, the whole line: "* Linting", "* Formatting",
#: "* Typo" (cheaper than every routine pattern on every line of a long list).
_UPKEEP_LINE = re.compile(
    r"(?:(?:make\s+|run\s+)?lint(?:ing|er|s)?(?:\s+fix(?:es)?)?|formatting|(?:fix\s+)?typos?|black|isort|"
    r"wip|nits?|tweaks?|minor tweaks?)\W*",
    re.I,
)


#: A string every line of :data:`_UPKEEP_LINE` holds (a cheap guard before the search).
_UPKEEP_WORDS = ("lint", "format", "typo", "black", "isort", "wip", "nit", "tweak")


def _without_routine_lines(body: str, known: dict[str, bool]) -> str:
    """``body`` without the lines that list a routine subject: one of ``known`` (the title's
    subjects, judged already: a day's body lists them again) found routine, or a line of
    upkeep alone (:data:`_UPKEEP_LINE`)."""
    if "- " not in body and "* " not in body:
        return body
    if True not in known.values():  # no routine subject of the title listed: upkeep lines only
        low = body.lower()
        if not any(w in low for w in _UPKEEP_WORDS):
            return body
    dropped = False

    def keep(m: re.Match[str]) -> str:
        nonlocal dropped
        line = m.group(1).strip()
        routine = known.get(line)
        if routine is None:
            routine = len(line) <= 24 and _UPKEEP_LINE.fullmatch(line) is not None
        if routine:
            dropped = True
            return ""
        return m.group(0)

    out = _LIST_LINE.sub(keep, body)
    return out if dropped else body


def _each_subject(
    mapper: Mapper,
    item: MapItem,
    shape: str | None,
    learned: Any,
    rejected: Any,
    found: list[Suggestion],
) -> list[Suggestion]:
    """A day's or a branch's several changes ("A; B") read one by one as well: "Fix a memory
    leak; Rename the loader" shows technical depth and code quality, where read as one text
    the stronger words crowd the other change out. An area a change shows on its own joins
    those of the whole, up to the mapper's limit of areas."""
    have = {s.area for s in found}
    out = list(found)
    for subject in (item.text or "").split("; "):
        if len(out) >= MAX_AREAS:
            break
        one = dataclasses.replace(item, text=subject, body=None)
        for s in mapper.rank(_code_signals(mapper, one, shape, learned), rejected=rejected)[:1]:
            if s.area not in have and s.score >= CODE_MIN_SCORE:
                have.add(s.area)
                out.append(s)
    return out


def _code_signals(mapper: Mapper, item: MapItem, shape: str | None, learned: Any) -> list[Signal]:
    """The signals of a change to code, read as a manager reads a commit: the ladder's own
    sentences are not matched against it (a commit subject is not a career statement), and a
    change to code cannot show the areas of people work (:data:`PEOPLE_AREAS`) — a change to
    documentation can — and no change the person made shows a review they gave
    (:data:`REVIEW_GIVEN`)."""
    out = []
    for s in mapper.signals(item, learned=learned, markers=False):  # not asked for, not paid for
        if shape not in ("docs", "policy") and s.base_area in PEOPLE_AREAS and s.kind != "learned":
            continue
        if (s.concept or s.expectation) in REVIEW_GIVEN and s.kind != "learned":
            continue  # "Better error handling" in one's own change is no design-level review
        if (
            shape == "code"
            and (s.concept or s.expectation) == TESTED
            and s.why.startswith("its description")
        ):  # "with tests" in a change to code: how it was done, not what it is
            continue
        out.append(s)
    return out


#: A description listing this many squashed commits ("* …" lines) is a branch's history.
SQUASHED_STEPS = 12
#: Tests written with a change: shown by the change's paths or said in its subject.
TESTED = "code-quality.tested-changes"
#: Documentation written with a change: what a change to code shows only when its subject says
#: so; its description naming the docs it updated says how the change was done.
DOCUMENTED = "communication.documentation"


def _documented_alongside(s: Suggestion) -> bool:
    """Whether ``s`` is documentation that only the description of a change names."""
    return s.expectation == DOCUMENTED and all(x.why.startswith("its description") for x in s.signals)
#: Areas a change to code cannot show on its own: mentoring, leading, a career.
PEOPLE_AREAS = frozenset({"mentorship", "leadership", "career"})
#: What only reviewing someone else's change shows: a change the person made is no review
#: they gave, whatever words it uses.
REVIEW_GIVEN = frozenset(
    {"code-quality.reviews", "code-quality.design-review", "mentorship.teaching-reviews"}
)


#: The kind of the signal behind a mapping made from a change's shape alone (no stronger
#: signal): it gives way to any area the person or a source set on the item.
FALLBACK = "shape"
#: Kinds of evidence that are changes to a repository.
CODE_KINDS = frozenset({"commits", "merge", "pull-request"})
#: A topic word in a code change counts from this score (a strong word, or two moderate ones).
CODE_MIN_SCORE = 2.0
_DOC_PATH = re.compile(
    r"(^|/)(docs?|documentation|man|guides?)/|\.(md|markdown|rst|txt|adoc|asciidoc|texi|[1-9])$|"
    # a documentation site's configuration: its pages, navigation and theme
    r"(^|/)(mkdocs\.ya?ml|\.readthedocs\.ya?ml|book\.toml|antora\.ya?ml)$|"
    r"(^|/)(readme|changelog|changes|history|news|contributing|governance|security|"
    r"code_of_conduct|faq|todo|known_bugs|bugs|thanks|authors|credits)(\.[\w]+)?$",
    re.I,
)
_TEST_PATH = re.compile(
    r"(^|/)(tests?|spec|specs|__tests__|testdata|testing|benches|fixtures)/|^regress/|"
    # Elixir's and Flutter apps' ("integration_test/cases/joins.exs", ecto's); not a published
    # package of that name further down ("packages/integration_test/lib/", Flutter's)
    r"^integration[-_]tests?/|"
    # a module of tests or of what they share ("okhttp-tests/", "okhttp-testing-support/",
    # "test_support/"); not a testing library its users install, named in the singular or for
    # its utilities: "serde_test/", "futures-test/", "actix-test/", Vue's "packages/test-utils/"
    r"(^|/)[\w.]+[-_](?:tests|testing)/|"
    # (a JVM build's module in the singular is one of tests: "retrofit/robovm-test/src/main/
    # java/retrofit2/RoboVmPlatformTest.java", "gson/shrinker-test/src/main/…")
    r"(^|/)[\w.]+[-_]test/src/main/|"
    r"(^|/)(?:[\w.]+[-_])?(?:tests?|testing)[-_](?:support|helpers?|common|fixtures)/|"
    r"(^|/)test_[^/]*$|_test\.\w+$|\.test\.\w+$|_spec\.\w+$|\.spec\.\w+$",
    re.I,
)
#: A project's rules for the people in it: a security policy, a contributing or code-review
#: guide, a code of conduct, governance. Writing one is leadership of the project's process.
_POLICY_PATH = re.compile(
    r"(^|/)(security|contributing|code[-_]of[-_]conduct|governance|code[-_]?review|"
    r"maintainers|agents|release[-_](?:process|procedure)s?)(\.[\w]+)?$",
    re.I,
)
#: Of those, the guides that teach newcomers how to take part (mentorship as well).
_GUIDE_PATH = re.compile(r"(^|/)(contributing|code[-_]?review)(\.[\w]+)?$", re.I)
#: How the project is built: build scripts and build configuration, not code.
_BUILD_PATH = re.compile(
    r"(^|/)(configure(?:\.ac|\.in)?|acinclude\.m4|buildconf|makefile(?:\.[\w.]+)?|gnumakefile|"
    r"cmakelists\.txt|meson\.build|meson_options\.txt|sconstruct|build\.rs|setup\.cfg|setup\.py|tox\.ini|"
    r"pyproject\.toml|noxfile\.py|build|build\.bazel|workspace|\.goreleaser\.ya?ml|"
    r"settings\.gradle(?:\.kts)?|gradle\.properties|gradlew(?:\.bat)?|"
    # .NET's build ("Fixed ILMerging issue" in a .csproj, AutoMapper's)
    r"directory\.build\.(?:props|targets)|global\.json|nuget\.config)$|"
    r"\.(?:csproj|fsproj|vbproj|nuspec|targets)$|"
    # Gradle's build logic and wrapper ("buildSrc/", "build-logic/", "gradle/"), gradle/ at the
    # top or a module's top: not a package so named ("plugin-gradle/src/main/java/com/diffplug/
    # gradle/spotless/", Spotless' plugin)
    r"(^|/)(?:buildSrc|build-logic)/|^(?:[^/]+/)?gradle/|"
    # (Xcode's project, schemes and build settings, as Visual Studio's)
    r"\.(mk|am|m4|cmake|vcxproj|vcproj|sln|gyp|gypi|dsp|dsw|pbxproj|xcscheme|xcworkspacedata|xcconfig)$",
    re.I,
)


def _by_path(rx: re.Pattern[str]) -> Callable[[str], bool]:
    """Whether ``rx`` is found in a path, remembered per path: a repository's paths come back
    in commit after commit."""
    return functools.lru_cache(maxsize=65_536)(lambda path: rx.search(path) is not None)


_IS_DOC = _by_path(_DOC_PATH)
_IS_TEST = _by_path(_TEST_PATH)
_IS_ROUTINE_PATH = _by_path(_ROUTINE_PATHS)
_IS_POLICY = _by_path(_POLICY_PATH)
_IS_BUILD = _by_path(_BUILD_PATH)
_IS_VENDORED = _by_path(_VENDORED_PATH)
_IS_MANIFEST = _by_path(_MANIFEST_PATH)
_IS_CHANGELOG = _by_path(_CHANGELOG_PATH)
#: A code formatter's or linter's configuration: a change that brings one in and says it
#: formats runs it over the code.
_IS_FORMATTER_CONFIG = _by_path(
    re.compile(
        r"(^|/)(\.swiftformat|\.swiftlint\.ya?ml|\.clang-format|\.clang-tidy|\.?rustfmt\.toml|"
        r"\.prettierrc(?:\.\w+)?|prettier\.config\.\w+|\.php[-_]cs(?:[-_]fixer)?(?:\.dist)?\.php|"
        r"\.rubocop\.ya?ml|\.scalafmt\.conf|\.eslintrc(?:\.\w+)?|eslint\.config\.\w+|biome\.jsonc?|"
        r"\.?stylua\.toml|\.?ruff\.toml|\.golangci\.ya?ml|\.style\.yapf|\.ktlint|\.editorconfig)$",
        re.I,
    )
)
#: A CI service's configuration.
_IS_CI = _by_path(
    re.compile(
        r"(^|/)(\.github/workflows/[^/]+|\.circleci/[^/]+|\.gitlab-ci\.yml|\.travis\.yml|"
        r"appveyor\.yml|\.appveyor\.yml|azure-pipelines\.yml|\.cirrus\.yml|jenkinsfile)$",
        re.I,
    )
)
#: What a change of one shape can show, when its words say nothing stronger.
_SHAPE_AREAS = {
    "docs": ("communication", "leadership", "mentorship"),
    "policy": ("leadership", "mentorship"),
    "tests": ("code-quality",),
    "build": ("code-quality",),
}
_SHAPE_TARGET = {
    "docs": ("communication", "communication.documentation", "documentation you wrote"),
    "policy": ("leadership", "leadership.process", "a project policy you wrote"),
    "tests": ("code-quality", "code-quality.tested-changes", "tests you wrote"),
    "build": ("code-quality", "code-quality.ci-cd", "a change to how the project builds"),
}


_IS_BOT_CONFIG = _by_path(
    re.compile(r"(^|/)(dependabot\.ya?ml|renovate\.json5?|\.renovaterc(?:\.json5?)?)$", re.I)
)


def _configures_a_bot(paths: object) -> bool:
    """Whether every one of ``paths`` configures a dependency bot (Dependabot's, Renovate's)."""
    return isinstance(paths, list) and bool(paths) and all(_IS_BOT_CONFIG(str(p)) for p in paths)


#: A package's own build, not a list of tests: Python's, and .NET's project files ("Fixing
#: request contract package" in two .csproj under src/ and a test was "a small fix to tests").
_PACKAGING = re.compile(r"(^|/)(setup\.py|setup\.cfg|pyproject\.toml)$|\.(?:csproj|fsproj|vbproj|nuspec)$", re.I).search


def change_shape(paths: object) -> str | None:
    """What a change touches, when every changed path is one kind of file: ``policy`` (the
    project's rules for contributors), ``docs``, ``tests`` or ``build``; ``code`` otherwise;
    ``None`` when the paths are unknown."""
    if not isinstance(paths, list) or not paths:
        return None
    names = [str(p) for p in paths]
    if all(map(_IS_POLICY, names)):
        return "policy"
    if all(map(_IS_DOC, names)):
        return "docs"
    if all(_IS_TEST(n) or (_IS_BUILD(n) and not _PACKAGING(n)) for n in names) and any(
        _IS_TEST(n) and not (_IS_BUILD(n) or _IS_MANIFEST(n)) for n in names
    ):
        # tests, and the build files that run them ("Makefile.am" listing them); a Python
        # package's setup.py or pyproject.toml holds its build's logic, not a list of tests;
        # a test project's own build file is no test ("Updating to RTM" in MediatR's .csproj
        # files, two of them under test/)
        return "tests"
    # build files, and the CI configuration that runs them (".travis.yml" beside "Makefile")
    # (and the lock files beside a manifest)
    if all(_IS_BUILD(n) or _IS_MANIFEST(n) or _IS_CI(n) or _IS_ROUTINE_PATH(n) for n in names) and any(
        _IS_BUILD(n) or _IS_MANIFEST(n) for n in names
    ):
        return "build"
    return "code"


def _beside_housekeeping(paths: object) -> str | None:
    """The shape of a change without the housekeeping beside it (a workflow, ".gitignore", a
    lock file), when there was some: "Refactor Cache-Control Tests" in Tests/ and .github/
    fixes no hang of the program, nor does "Alamofire 5 Migration Guide" with a line of
    .gitignore plug a security hole. (Only for its weight: what the change maps to, and what a
    merge of it weighs, still read every path.)"""
    if not isinstance(paths, list):
        return None
    kept = [p for p in paths if not _IS_ROUTINE_PATH(str(p))]
    return change_shape(kept) if kept and len(kept) < len(paths) else None


_FIX = re.compile(
    r"^\s*(?:fix\w*|bug\w*|handle\w*|ensure\w*|avoid\w*|correct\w*|don'?t|do not|prevent\w*|"
    r"stop\w*|work around|workaround|guard|catch\w*|unquote|rethrow|raise)\b",
    re.I,
)


#: A change whose words say it is about building the code: it compiles, builds, links or warns
#: ("make it compile on QNX", "fix the build with gcc 12", "silence a compiler warning"), not
#: a feature that shows a warning or a fix to a crash while compiling a regex.
_BUILDING = re.compile(
    r"(?<![\w-])(?:(?:fix|make|let|get)\w*\s+(?:the\s+|it\s+)?(?:build|compile)|"
    r"builds?\s+(?:on|with|under|again|fine|error|errors|failure|failures|break\w*)|"
    r"compil(?:e|es|ed|ing|ation)\s+(?:error|errors|warning|warnings|failure|failures|on|with|"
    r"under|again|fine|cleanly)|(?:compiler|build|gcc|clang|msvc)\s+warnings?|"
    # the toolchain a build needs, what the subject says ("Require Go 1.17 or above"; not "Add
    # WebSocket client (requires Node 18)", "Remove the shim now that we require Go 1.18")
    r"(?:^|(?<=; )|(?<=: ))requir\w*\s+(?:go|golang|rust|rustc|node(?:\.?js)?|python|ruby|php|java|jdk|gcc|clang|cmake|zig|swift)"
    r"\s+v?\d+(?:\.\d+)*|"
    r"(?:fix|avoid|silence|quiet)\w*\s+(?:a\s+|the\s+|some\s+)?warnings?|link(?:s|ed|ing|er)?\s+"
    r"(?:error|errors|fine|again|properly)|portab\w*)\b",
    re.I,
)

#: The oldest toolchain supported, raised ("Raise required compiler for serde_derive to Rust
#: 1.71", "Update serde_derive minimum rustc version to 1.31", "Bump MSRV to 1.60"): the build,
#: not a fix because "raise" starts it. (Apart from :data:`_BUILDING`, behind its own guard:
#: "update" starts too many subjects to rule texts out by.)
_TOOLCHAIN_RAISED = re.compile(
    r"(?:^|(?<=; )|(?<=: ))(?:raise|bump|increase|update|lower)\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:(?:required|minimum|minimal|min|oldest)\s+(?:supported\s+)?(?:compiler|rustc|rust|toolchain|go|node(?:\.?js)?|"
    r"python|swift|xcode|ruby|php|java|jdk|deployment\s+targets?)s?|msrv)\b",
    re.I,
)


def _raises_toolchain(text: str) -> bool:
    """Whether ``text`` raises the oldest toolchain supported (:data:`_TOOLCHAIN_RAISED`)."""
    if not ("equir" in text or "inim" in text or "ldest" in text or "msrv" in text or "MSRV" in text):
        return False
    return _TOOLCHAIN_RAISED.search(text) is not None


#: A file the code needs and did not name, named: "added missing include #1500", "readded
#: missing header", "fixed includes", "Add missing imports" — the code builds again; not a
#: feature about them ("Add include directive", "Report missing imports", "Fix includes() for
#: arrays"). A missing header, or the includes or imports fixed, only when nothing more is said
#: than an issue's number or a file: "Add missing headers to the HTTP response", "Fix imports
#: of CSV files", "Fix includes in Jinja templates" are what a program does.
_MISSING_INCLUDE = re.compile(
    r"^\s*(?::\w+:\s+|\w+(?:\([^)]*\))?!?:\s+)?(?:"
    r"(?:re-?)?(?:add|fix|restor|insert|put)\w*\s+(?:a\s+|the\s+|some\s+)?"
    r"(?:missing|forgotten)\s+(?:#\s*)?(?:include|import)s?\b(?!\s*\()|"
    r"(?:(?:re-?)?(?:add|fix|restor|insert|put)\w*\s+(?:a\s+|the\s+|some\s+)?(?:missing|forgotten)\s+headers?|"
    r"fix\w*\s+(?:the\s+|some\s+)?(?:#\s*)?(?:include|import)s)"
    r"(?=\s*(?:\(?#\d+\)?)?\s*[.!]?\s*$|\s+(?:in|to|for)\s+[\w/.-]+\.(?:h|hh|hpp|hxx|c|cc|cpp|cxx|py|pyi|js|ts|m|mm)\b))",
    re.I,
)


def _names_what_it_needs(text: str) -> bool:
    """Whether ``text`` (its first subject) adds or fixes the includes or imports the code needs
    (:data:`_MISSING_INCLUDE`)."""
    first = text.split("; ", 1)[0]
    return ("nclude" in first or "mport" in first or "eader" in first) and _MISSING_INCLUDE.match(first) is not None


#: A change that tidies what is there rather than adding to it: it uses, drops, removes,
#: replaces, renames or simplifies ("Use uppercased names for constants", "Drop the EOF_MARKER
#: constant"): work on the code's health, not a feature delivered.
_TIDY = re.compile(
    r"^\s*(?:use|drop|remove|replace|rename|simplif\w*|refactor\w*|clean\w*|tidy|unify|move|regroup|reorder|"
    r"consolidate|dedup\w*|deduplicate|extract|inline|reorgani[sz]e|restructure|get rid)\b|"
    # as some write a subject, in the past tense ("removed unnecessary code", "replaced at() calls"),
    # not the words that describe a thing ("Dropped connections are now retried", "Inlined
    # images render in the preview")
    r"^\s*(?:dropped|removed|replaced|renamed|unified|moved|regrouped|reordered|consolidated|extracted|"
    r"inlined|reorgani[sz]ed|restructured|got rid)\b"
    r"(?!\s+[\w-]+\s+(?:are|is|were|was|now|can|will|should|no\s+longer|get|gets|stay|stays|remain|"
    r"remains|render|renders|show|shows|keep)\b)",
    re.I,
)
#: A subject that says only that documentation was written or mended ("Fix docs", "Fixup
#: docs", "Update router docs", "Improve the moduledoc", "Fix manual on paths/1 to use boolean
#: filter", "Code comments for URL model"): in a file of code, its comments.
_DOCS_WORK = re.compile(
    r"^\s*(?:fix\w*|updat\w*|improv\w*|clarif\w*|tweak\w*|polish\w*|bump\w*|add\w*|touch ?up|"
    r"correct\w*|expand\w*|more)\s+(?:the\s+|some\s+|more\s+)?(?:[\w.:/-]+\s+)?(?:docs?|"
    r"documentation|moduledocs?|docstrings?|doc ?blocks?|doc ?comments?|typespecs?|manual|"
    r"man ?pages?)(?:\s+(?:on|about|regarding)\s+.*)?\W*$|"
    # the comments written into the code, named so ("Code comments for URL model", "Add
    # docstrings to the client", "More inline comments"); not what a program does with
    # comments ("Code comments are kept by the formatter", "Add comments to posts")
    r"^\s*(?:(?:add\w*|more|improv\w*|updat\w*|better|clarif\w*|expand\w*|writ\w*)\s+)?"
    r"(?:the\s+|some\s+|more\s+)?(?:code\s+comments?|docstrings?|inline\s+comments?|"
    # (not what the program does with them: "Docstrings on properties are now rendered",
    # "Inline comments in YAML are preserved on save")
    r"explanatory\s+comments?)(?!.*\b(?:are|is|were|was|gets?|now)\b)(?:\s+(?:for|on|in|to|about|explaining)\s+.*)?\W*$|"
    # or as a noun ("doc fixes", "minor documentation updates")
    r"^\s*(?:minor\s+|small\s+|some\s+|more\s+)?(?:docs?|documentation|docstrings?)\s+"
    r"(?:fix(?:es)?|updates?|tweaks?|improvements?|polish)\W*$",
    re.I,
)
#: A subject that says the change writes a comment that explains the code ("Comment why
#: floating pane requires TMUX_PANE", "Add a comment explaining the retry", "Explain in a comment
#: how the cache is keyed"): documentation in the code; the bug its body explains is not fixed
#: by it. Not a comment taken out ("Comment out the flaky test") nor comments handled.
_EXPLAINS = re.compile(
    r"^\s*(?:add\w*\s+)?(?:a\s+|some\s+)?(?:code\s+)?comments?\s+(?:on\s+|about\s+|to\s+explain\s+)?"
    r"(?:why|how|what|explaining)\b|^\s*explain\w*\s+(?:in\s+(?:a\s+)?comments?\s+(?:why|how)\b|"
    # explained without "comment" and what the program tells its user ("Explain why the build
    # fails in the error message") is a change of what it says
    r"(?:why|how)\b(?!.*\b(?:errors?|messages?|warnings?|exceptions?|output|logs?|help|usage|prompts?|ui)\b))",
    re.I,
)


def _explains(title: str) -> bool:
    """Whether ``title``, one subject, only writes a comment that explains the code
    (:data:`_EXPLAINS`)."""
    if "; " in title or ("omment" not in title and "xplain" not in title):
        return False
    return _EXPLAINS.match(_unscoped(title)) is not None


#: A condition on what the program does ("Use distributed messaging for longpoll if
#: available", "Use floating pane instead of popup on tmux 3.7 or above"): a change of its
#: behaviour, not a clean-up of its code.
_WHEN = re.compile(
    # a version the program runs on, tested ("on tmux 3.7 or above"; not "Remove compat code
    # for Python 3.8 and above", which tidies)
    r"\b(?:if|when|unless|whenever)\b|\bon\s+[\w.+-]+\s+v?\d+(?:\.\d+)*\+?\s+(?:or|and)\s+(?:above|later|newer|higher)\b",
    re.I,
)
#: The scope in front of a subject ("caddyhttp: ", "feat(router): ", "Stream: ", "[vim] ").
_SCOPE = re.compile(r"^\s*(?:[\w./-]+(?:\([\w./ -]+\))?!?:|\[[\w./ -]+\])\s+")
#: A change that says it fixes a reported issue ("Fix #3382", "Resolves #42"); not "Closes
#: #42", which many projects write to close the pull request itself.
_CLOSES = re.compile(
    r"^\s*(?:fix(?:es|ed)?|resolve[sd]?)\s*:?\s+(?:#\d+|https?://\S+/issues/\d+)",
    re.I | re.M,
)


#: A subject that names a hard bug as its problem, as Vim and Neovim write one ("patch 9.0.1763:
#: crash when passing invalid buffer to undotree()", "Integer overflow with 'ze'", ":bwipe
#: crashes if WinLeave wipes all other buffers", "using freed memory in WinEnter"): the change
#: is its fix. Not a change that adds something about one ("Add a crash reporter", "Detect
#: infinite loops in templates"), nor a crash's report, handler or dump.
_DEFECT = re.compile(
    _W + r"(?:crash(?:es|ed)?|segfaults?|segmentation fault|hangs?|deadlocks?|data races?|"
    r"(?:integer |stack |heap |buffer )?overflows?|out[- ]of[- ]bounds|use[- ]after[- ]free|"
    r"double[- ]free|(?:using|use of|access(?:ing)?(?: to)?|read(?:ing|s)?)\s+freed memory|"
    r"invalid memory (?:access|read|write)|"
    r"(?:divide|division) by zero|null pointer dereferences?|infinite loops?|"
    r"memory corruption)\b"
    # the bug, then what it happens with or when ("crash when …", "overflow with …"), not a
    # thing named so ("Overflow menu for the toolbar", "Infinite loop animation")
    r"(?=\s*(?:$|[,.;:!?()]|(?:when|with|in|on|if|after|during|while|at|from|of|using|and|or|"
    r"by|for|because|since|under|before|caused|due|the|a|an|is|are|was|were)\b))",
    re.I,
)
#: Words that make or watch for something, at a subject's start or before its hard bug ("Now
#: HINCRBY can detect overflows too", "Show a dialog when the app hangs").
_MAKES = re.compile(
    r"^\s*(?:add\w*|implement\w*|introduc\w*|support\w*|creat\w*|allow\w*|enabl\w*|provid\w*|"
    r"expos\w*|new|show\w*|display\w*|warn\w*|emit\w*|test\w*|document\w*)\b|"
    r"\b(?:detect\w*|report\w*|log\w*|catch\w*|handl\w*|simulat\w*|reproduc\w*)\b",
    re.I,
)


#: A numbered patch or bug in front of a subject, as Vim and Mozilla name theirs ("patch
#: 9.1.0717: …", "Bug 1234567 - …").
_LABEL = re.compile(r"^\s*(?:patch|bug)\s+#?v?\d+(?:\.\d+)*\s*[:-]\s+", re.I)


def _unscoped(subject: str) -> str:
    """``subject`` without the scope or numbered patch in front of it: what the change does
    comes after."""
    if subject[:8].lstrip()[:3].lower() in ("pat", "bug"):  # "patch 9.1.0717: ", "Bug 1234 - "
        subject = _LABEL.sub("", subject, count=1)
    if ":" not in subject and "[" not in subject:  # no scope can be there
        return subject
    m = _SCOPE.match(subject)  # "^" without re.M: only at the start
    return subject[m.end() :] if m else subject


_DEFECT_QUICK = Prefilter(_DEFECT)
_BUILDING_QUICK = Prefilter(_BUILDING)


def _fixes_a_defect(subject: str) -> bool:
    """Whether ``subject`` states the hard bug its change fixes (see :data:`_DEFECT`)."""
    bare = _unscoped(subject)
    hit = _DEFECT_QUICK.search(bare, lower(bare))
    return hit is not None and not _MAKES.search(bare[: hit.start()])


#: A subject that names waste in the code as its problem, as Vim's do ("Unnecessary STRLEN()
#: when applying mapping", "Outdated comment in eval.c", "conditions are always true"): the
#: change tidies it away.
_WASTE = re.compile(
    r"^\s*(?:possibl[ey]\s+)?(?:unnecessary|unneeded|needless|redundant|superfluous|dead|outdated|"
    r"obsolete|unused|duplicated?)\s+(?:[\w'.-]+\s+){0,3}?(?:code|comments?|checks?|calls?|"
    r"variables?|functions?|includes?|imports?|assignments?|arguments?|parameters?|declarations?|"
    r"casts?|conditions?|branch(?:es)?|redraws?|allocations?|copies|copy|lookups?|[\w.]+\(\))(?!\w)"
    # the waste, then where it is ("… when …", "… in eval.c"), not a feature named so
    # ("Duplicate check for usernames on signup", "Obsolete functions removal tool")
    r"(?=\s*(?:$|[,.;:!?()]|(?:in|when|while|after|from|on|at|if|for\s+\w+\(\))\b))|"
    # a test in the code that cannot fail: "conditions are always true"
    r"^\s*(?:[\w\"'.-]+\s+){0,3}?(?:conditions?|checks?|comparisons?|expressions?|flags?)\s+"
    r"(?:[\w\"'.-]+\s+){0,2}?(?:is|are)\s+always\s+(?:true|false)\W*$",
    re.I,
)


#: A subject that is one name of the code and the name it becomes, and nothing more
#: ("proxies_to_dispatchers -> get_proxy_map", "Response.protocol -> Response.http_version"):
#: a rename. Not a change named by two of its sides ("HTTP/1.1 -> HTTP/2 upgrade support",
#: "Python 2 -> 3").
_NAME = r"(`?[A-Za-z_][\w.:]*(?:\(\))?`?)"
_RENAMED = re.compile(r"^\s*" + _NAME + r"\s*(?:->|=>|\u2192)\s*" + _NAME + r"\s*\.?\s*$")
def _code_name(name: str) -> bool:
    """Whether ``name`` is written as only code writes it: snake_case, an attribute, a call,
    quoted ("query_params", "Response.protocol")."""
    if any(c in name for c in "`_(") or "::" in name:
        return True
    return any(name[i - 1].isalpha() and name[i + 1 : i + 2].isalpha() for i, c in enumerate(name) if c == "." and i)


def _camel(name: str) -> bool:
    """Whether ``name`` is camelCase ("getUser", "jQuery")."""
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(name))


def _renames(subject: str) -> bool:
    """Whether ``subject`` only renames a name of the code (:data:`_RENAMED`)."""
    if ">" not in subject and "\u2192" not in subject:
        return False
    m = _RENAMED.match(_unscoped(subject))
    # a name as code writes it on one side ("query_params => params") or camelCase on both
    # ("getUser -> fetchUser"); not a technology swapped for another ("sync -> async", "REST ->
    # GraphQL", "jQuery -> React", "master -> main" are migrations)
    return m is not None and (any(_code_name(n) for n in m.groups()) or all(_camel(n) for n in m.groups()))


def _tidies(text: str) -> bool:
    """Whether a change tidies what is there: its subject says so, names the waste it removes
    (:data:`_WASTE`) or only a name and its new one (:data:`_RENAMED`), or most of a day's
    subjects do ("Flat module structure; Move the progress bar to a separate module; Move
    tokenize to a new file")."""
    subjects = text.split("; ")
    first = _unscoped(subjects[0])
    if _TIDY.search(first) or _WASTE.search(first) or _renames(first):
        return True
    return len(subjects) > 2 and 2 * sum(
        bool(_TIDY.search(_unscoped(s)) or _renames(s)) for s in subjects
    ) > len(subjects)


def _typed(mapper: Mapper, item: MapItem, shape: str | None, rejected: Any) -> list[Suggestion]:
    """A change the person made, read by its shape when its words give no stronger signal:
    a project policy shows leadership of its process (a contributors' guide mentorship too),
    documentation shows communication, tests show tested work, a change to the build (or one
    whose words say it compiles, builds or warns) shows care for the build, a fix to code
    shows how well they know their stack, and any other change to code is delivery of work
    they own."""
    paths = (item.data or {}).get("file_paths") or []
    if shape == "policy" and all(_GUIDE_PATH.search(str(p)) for p in paths):
        # a guide to contributing or reviewing: leading the project's process, and teaching
        # newcomers how to take part in it
        return _fallback(mapper, "leadership.process", "a contributors' guide you wrote", rejected) + _fallback(
            mapper, "mentorship.onboarding", "a contributors' guide you wrote", rejected
        )
    if shape in _SHAPE_TARGET:
        _, exp, why = _SHAPE_TARGET[shape]
    elif (
        _BUILDING_QUICK.search(item.text or "", lower(item.text or ""))
        or _names_what_it_needs(item.text or "")
        or _raises_toolchain(item.text or "")
    ):
        exp, why = "code-quality.ci-cd", "a change to how the code builds"
    elif all(_DOCS_WORK.match(p) for p in (item.text or "").split("; ")):
        # "Fix docs", "Bump presence docs": the documentation in the code, not a fix to it
        exp, why = "communication.documentation", "documentation you wrote"
    elif _FIX.search(item.text or "") or _fixes_a_defect((item.text or "").split("; ")[0]):
        exp, why = "technical-depth.stack-proficiency", "a fix you wrote"
    elif _tidies(item.text or "") and (
        not _WHEN.search((item.text or "").split("; ")[0]) or _WASTE.search(_unscoped(item.text or ""))
    ):
        exp, why = "code-quality.tech-debt", "a clean-up you wrote"
    elif (
        (opened_by := (item.data or {}).get("opened_by"))
        and isinstance(opened_by, str)
        and (item.data or {}).get("from_fork") is True
    ):
        # commits on a pull request someone else opened ("Touch up PR 1948" on Marwes'
        # refactor): no feature of the person's, a contribution they took in hand; only from
        # a fork's branch ("from jbogard/…" in a clone of MediatR with no GitHub remote was
        # Jimmy Bogard's own: 22 of his pull requests read as code review)
        exp, why = MERGED_TARGET[1], f"your commits on a pull request {opened_by} opened"
    else:
        exp, why = "delivery.features", "a change you wrote"
    return _fallback(mapper, exp, why, rejected)


def _fallback(mapper: Mapper, exp: str, why: str, rejected: Any) -> list[Suggestion]:
    """One mapping onto the bundled expectation ``exp`` (or another ladder's closest one) from
    a change's shape alone, at low confidence, saying ``why``."""
    rules = mapper.rules
    where = rules.resolve(exp)  # on another ladder: its expectation closest to this one
    if where is None or where[0] in rejected:
        return []
    area, exp, concept = where
    exp = exp if exp in rules.expectations and exp not in rejected else ""
    return [
        Suggestion(
            area=area,
            expectation=exp,
            confidence=0.3,
            reason=f"{why}, with no stronger signal → {rules.label(area, exp)}",
            score=0.0,
            signals=(Signal(area, exp, 1.0, why, FALLBACK, concept),),
        )
    ]


__all__ = [
    "CODE_KINDS",
    "DEFAULT_BOTS",
    "FALLBACK",
    "GRADES",
    "ORDINARY",
    "OWN",
    "ROLES",
    "ROUTINE",
    "SIGNIFICANT",
    "Grade",
    "assess",
    "bots",
    "change_shape",
    "co_authors",
    "commit_role",
    "grade",
    "is_bot",
    "measured",
    "own_subjects",
    "own_words",
    "prepare",
    "showing",
]
