"""Error wording for the web: the library's messages name command-line steps (``ladder entries``,
``--since``); a page names its own controls and the API names its endpoints instead.

Every rule is here, so the wording is reviewed in one place. A step the web cannot take (the
profile is made with ``ladder init``) keeps its command.
"""

from __future__ import annotations

import re

#: (pattern, wording on a page, wording in the API). ``\\1`` refers to the pattern's group.
RULES: tuple[tuple[str, str, str], ...] = (
    (
        r"`ladder entries` lists them",
        "the Evidence page lists them",
        "GET /api/v1/evidence lists them",
    ),
    (
        r"`ladder restore (\d+)` brings it back",
        r"restore it on its page, /evidence/\1",
        r'PATCH /api/v1/evidence/\1 with {"deleted": false} brings it back',
    ),
    (
        r"`ladder framework show --level all` lists (the active expectations|every expectation id)",
        r"the Assessment page lists \1",
        r"GET /api/v1/ladder lists \1",
    ),
    (
        r"`ladder framework show` lists them",
        "the Assessment page lists them",
        "GET /api/v1/ladder lists them",
    ),
    (
        r"`ladder 1on1 close (\d+)` closes it on its own",
        "untick it, or close it on its own under Open action items",
        r'PATCH /api/v1/one-on-ones/actions/\1 with {"open": false} closes it on its own',
    ),
    (
        r"`ladder 1on1 reopen (\d+)` opens it again",
        "it stays closed",
        r'PATCH /api/v1/one-on-ones/actions/\1 with {"open": true} opens it again',
    ),
    (
        r"`ladder 1on1 actions` lists the open ones",
        "the 1:1s page lists the open ones",
        "GET /api/v1/one-on-ones/actions lists the open ones",
    ),
    (
        r"`ladder 1on1 list` shows your 1:1s",
        "the 1:1s page shows your 1:1s",
        "GET /api/v1/one-on-ones lists your 1:1s",
    ),
    (
        r"`ladder mentee add [^`]*` adds them",
        "add them under Mentees on the 1:1s page",
        "POST /api/v1/mentees adds them",
    ),
    (
        r"`ladder mentee add [^`]*` picks it up again",
        "adding them as a mentee again picks it up again",
        "POST /api/v1/mentees picks it up again",
    ),
    (
        r"`--since DATE` moves the start; `ladder mentee end NAME` ends it",
        "End the mentoring on the 1:1s page, then add them again to move the start",
        "POST /api/v1/mentees/{name}/end ends it",
    ),
    (
        r"`ladder goals reopen (\d+)` makes it active again",
        "Reopen on the Goals page makes it active again",
        r'PATCH /api/v1/goals/\1 with {"status": "active"} makes it active again',
    ),
    (
        r"`ladder goals --all` lists every goal with its id",
        "the Goals page lists your goals",
        "GET /api/v1/goals?all=true lists every goal with its id",
    ),
    (
        r"drop --name, or add --as manager / --as peer",
        "leave the name empty for your own ratings, or rate as a manager or a peer",
        'leave rater_name empty, or send "rater": "manager" or "peer"',
    ),
    (
        r"pass --level senior, or set one with `ladder init --target senior`",
        "choose a level, or set a target with `ladder init --target senior`",
        "send level=senior, or set a target with `ladder init --target senior`",
    ),
    (
        r"give --notes, --date, --action or --close",
        "change the notes or the date",
        "send notes, date, actions or close",
    ),
    (
        r"give a day: yesterday, '3 days ago' or 2026-11-02",
        "try yesterday or 2026-11-02",
        "try yesterday or 2026-11-02",
    ),
    (
        r"give the earlier day to --since",
        "put the earlier day first",
        "give the earlier day as since",
    ),
    (r"drop --area, or use --area ([\w-]+)", r"choose \1, or no area", r"drop area, or use \1"),
    (
        r"`ladder users list` shows the accounts",
        "check the email with them, or ask an admin",
        "check the email with them, or ask an admin",
    ),
    (
        r"keep the title to a line and put the rest in --note",
        "keep the title to a line and put the rest in the note",
        "keep the title to a line and put the rest in note",
    ),
)
#: A command-line option left in a message: ``--since 2026-01-01 is after --until …``.
_OPTION = re.compile(r"(?<![\w-])--(since|until|date|level|area|expectation|month|note)\b")
_COMPILED: list[tuple[re.Pattern[str], str, str]] = [(re.compile(p), w, a) for p, w, a in RULES]


def for_web(text: str | None, *, api: bool = False) -> str | None:
    """``text`` (an error's message or hint) in the web's words.

    Args:
        text: The library's wording.
        api: True for an API client (endpoints), False for a person on a page (controls).
    """
    if not text:
        return text
    for pattern, page, endpoint in _COMPILED:
        text = pattern.sub(endpoint if api else page, text)
    return _OPTION.sub(r"\1", text)


__all__ = ["RULES", "for_web"]
