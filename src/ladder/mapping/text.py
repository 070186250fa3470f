"""Text → tokens for the mapper: clean-up, a word tokenizer and a light stemmer.

The mapper sees what a person wrote (a work-log line, a commit subject, a PR description in
Markdown, an HTML-ish calendar note), so the text is cleaned first: fenced code blocks and
HTML tags are dropped, entities decoded, and very long text is cut (the start of a text says
what it is about). Words are lower-cased runs of letters and digits in any script, so
non-English text and emoji simply produce no known words rather than errors.

The stemmer only folds the endings that matter for matching ladder vocabulary (plurals,
``-ing``, ``-ed``, a final ``e``): "incidents", "profiled" and "mentoring" meet "incident",
"profile" and "mentor". Lexicon phrases go through the same function, so both sides agree.
"""

from __future__ import annotations

import functools
import html
import operator
import re
from collections.abc import Callable

#: Characters of one text field the mapper reads; the rest is ignored.
MAX_CHARS = 4_000

_FENCE = re.compile(r"(```|~~~).*?(?:\1|\Z)", re.S)
_TAG = re.compile(r"<(?:[a-zA-Z/!][^<>]{0,300})>")
#: A name quoted from the code (`Annotated`, `--paging=never`, `Body()`): not words of the
#: job ("`Annotated`" annotates nothing). A quoted command keeps its words (`cargo build`).
_CODE_SPAN = re.compile(r"`[^`\s]{1,100}`")
#: A name of the code by the kind of thing it names ("New Benchmark struct", "the 'benchmark'
#: module"): the name is the code's, not an act ("benchmark" measures nothing here). A quoted
#: name before a kind of code; a capitalised one (after another word: a subject's first word is
#: its verb, "Add type hints") only before a kind no technology shares a name with — "Logging
#: module", "Security type confusion", "Kubernetes object" name the work itself.
_NAMED_CODE = re.compile(
    # (its first character first, on its own: the engine then skips to a quote or a capital by
    # a scan in C, where a look-behind in front was tried at every character)
    r"['\"A-Z](?:(?<=')[\w:.-]{1,60}'\s+(?=(?:struct|class|enum|trait|interface|macro|module|"
    r"type|function|method)s?\b)|(?<=\")[\w:.-]{1,60}\"\s+(?=(?:struct|class|enum|trait|"
    r"interface|macro|module|type|function|method)s?\b)|(?<=\w [A-Z])[\w:]*\s+(?=(?:struct|"
    r"class|enum|trait|interface|macro)s?\b))"
)
#: The kinds a capitalised name may stand before, and those only a quoted one may.
_NAMED_KINDS = ("struct", "class", "enum", "trait", "interface", "macro")
_QUOTED_KINDS = (*_NAMED_KINDS, "module", "type", "function", "method")
#: A word; a version ("v1.4.4", "3.11") is one word, so its "v1" is no API version, and so is
#: a name in snake case (``put_secure_browser_headers``): a name in the code, not "secure".
#: Possessive (``++``, ``*+``): what follows a part is optional, so the longest match never
#: needs a part given back, and the engine keeps no places to go back to (a quarter faster);
#: the first character on its own, so the engine skips to a word's start by a scan in C.
_WORD = re.compile(r"[^\W_][^\W_]*+(?:_++[^\W_]++)*+(?:\.[0-9]++)*+")
#: What ``_WORD`` finds in a lower-cased ASCII text (``\w`` there is ``[a-z0-9_]``), faster.
_ASCII_WORD = re.compile(r"[a-z0-9][a-z0-9]*+(?:_++[a-z0-9]++)*+(?:\.[0-9]++)*+")
#: C++'s plain old data, written in capitals ("removed pointers to POD inside the union", "non-POD
#: types"): a kind of type, not a Kubernetes pod (which is written "pod", or "Pod" as its kind).
_POD = re.compile(r"\bPODs?\b")
#: A published standard by its number ("JSON Merge Patch (RFC 7396)", "per RFC 3986"): what the
#: code follows, not a design document the person wrote; a project's own proposal, numbered
#: with zeros in front ("RFC 0042") or not at all ("RFC: plugin API"), still is one.
_STANDARD = re.compile(
    # (not one the person writes, drafts or proposes, nor one a subject is the title of: "Write
    # RFC 4021 for the new cache", "RFC 123: new storage engine design")
    r"(?:\b(?:writ\w*|wrote|draft\w*|propos\w*|submit\w*|revis\w*|amend\w*)\s+(?:the\s+|an?\s+|our\s+)?)?"
    r"\bRFC[ -]?[1-9][0-9]{2,4}\b(\s*:)?",
    re.I,
)


def _a_standard(m: re.Match[str]) -> str:
    """A standard by its number read as "a standard" (:data:`_STANDARD`), unless it is the
    person's own proposal."""
    if m.group(0)[:3].upper() != "RFC" or (m.group(1) and not m.string[: m.start()].strip()):
        return m.group(0)
    return "a standard" + (m.group(1) or "")
#: A note to CI in a subject ("[ci skip]", "[skip ci]"): it asks CI not to run; it is no CI work.
_CI_NOTE = re.compile(
    r"\[(?:ci[ -]skip|skip[ -]ci|no[ -]ci|skip[ -](?:travis|actions|ci)|travis[ -]skip)\]", re.I
)

STOPWORDS = frozenset(
    """a an and are as at be been but by can could did do does doing done for from had has
    have having he her here him his how i if in into is it its itself just me more most my
    no nor not of off on once only or other our ours out over own same she should so some
    such than that the their them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours also after before about again against all any both each few further get got
    via per new one two three four five week weeks day days today yesterday month months
    etc e g ie eg use used using make made now next last first""".split()  # noqa: SIM905
)

_KEEP_DOUBLE = frozenset("lsz")


class _Stems(dict[str, str]):
    """Stems by word, each folded the first time it is asked for: a text's words are then
    looked up in C (``map(_stem_cache.__getitem__, words)``), with no Python call a word."""

    def __missing__(self, word: str) -> str:
        s = _stem(word)
        if len(self) > 200_000:  # garbage input must not grow memory without bound
            self.clear()
        self[word] = s
        return s


_stem_cache = _Stems()


def drop_code_spans(text: str) -> str:
    """``text`` without the names it quotes from the code (see :data:`_CODE_SPAN`)."""
    return _CODE_SPAN.sub(" ", text) if "`" in text else text


def clean(text: str | None, limit: int = MAX_CHARS) -> str:
    """The readable part of ``text``: no code blocks, code quoted inline or HTML tags, at most
    ``limit`` chars."""
    if not text:
        return ""
    if len(text) > limit * 3:
        text = text[: limit * 3]
    if "`" in text:
        if "```" in text:
            text = _FENCE.sub(" ", text)
        text = _CODE_SPAN.sub(" ", text)
    if "~~~" in text:
        text = _FENCE.sub(" ", text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    if "[" in text:
        text = _CI_NOTE.sub(" ", text)
    if "POD" in text:
        text = _POD.sub(" ", text)
    if "RFC" in text or "rfc" in text:
        text = _STANDARD.sub(_a_standard, text)
    if any(map(text.__contains__, _NAMED_KINDS)) or (
        ("'" in text or '"' in text) and any(map(text.__contains__, _QUOTED_KINDS))
    ):
        text = _NAMED_CODE.sub(" ", text)
    return text[:limit]


#: Gitmoji (gitmoji.dev) in front of a subject, as the conventional-commit type each means:
#: ":memo: document the macros" is "docs: document the macros", not a strategy memo.
GITMOJI: dict[str, str] = {
    "memo": "docs", "\U0001f4dd": "docs",
    "bug": "fix", "\U0001f41b": "fix",
    "ambulance": "fix", "\U0001f691": "fix",
    "adhesive_bandage": "fix", "\U0001fa79": "fix",
    "goal_net": "fix", "\U0001f945": "fix",
    "sparkles": "feat", "\u2728": "feat",
    "boom": "feat", "\U0001f4a5": "feat",
    "tada": "feat", "\U0001f389": "feat",
    "lipstick": "feat", "\U0001f484": "feat",
    "globe_with_meridians": "feat", "\U0001f310": "feat",
    "zap": "perf", "\u26a1": "perf",
    "thread": "perf", "\U0001f9f5": "perf",
    "fire": "refactor", "\U0001f525": "refactor",
    "recycle": "refactor", "\u267b": "refactor",
    "truck": "refactor", "\U0001f69a": "refactor",
    "coffin": "refactor", "\u26b0": "refactor",
    "wastebasket": "refactor", "\U0001f5d1": "refactor",
    "white_check_mark": "test", "\u2705": "test",
    "test_tube": "test", "\U0001f9ea": "test",
    "lock": "security", "\U0001f512": "security",
    # "add or update secrets": configuration, not a security fix
    "closed_lock_with_key": "chore", "\U0001f510": "chore",
    "bookmark": "release", "\U0001f516": "release",
    "rotating_light": "style", "\U0001f6a8": "style",
    "art": "style", "\U0001f3a8": "style",
    "construction_worker": "ci", "\U0001f477": "ci",
    "green_heart": "ci", "\U0001f49a": "ci",
    "arrow_up": "deps", "\u2b06": "deps",
    "arrow_down": "deps", "\u2b07": "deps",
    "heavy_plus_sign": "deps", "\u2795": "deps",
    "heavy_minus_sign": "deps", "\u2796": "deps",
    "pushpin": "deps", "\U0001f4cc": "deps",
    "pencil2": "typo", "\u270f": "typo",
    "rewind": "revert", "\u23ea": "revert",
    "package": "build", "\U0001f4e6": "build",
    "wrench": "chore", "\U0001f527": "chore",
    "hammer": "chore", "\U0001f528": "chore",
    "see_no_evil": "chore", "\U0001f648": "chore",
}  # fmt: skip
_GITMOJI = re.compile(
    r"(^|; )[ \t]*(?::([a-z0-9_+-]{2,40}):|([\u2300-\u2bff\U0001f300-\U0001faff]))\ufe0f?[ \t]*"
)


def gitmoji(subjects: str) -> str:
    """``subjects`` ("A" or "A; B") with a gitmoji in front of each read as the type it means
    (``:memo: add a note`` → ``docs: add a note``); other shortcodes and emoji are dropped."""
    if subjects.isascii() and subjects.count(":") < 2:  # no emoji, no ":shortcode:"
        return subjects

    def one(m: re.Match[str]) -> str:
        kind = GITMOJI.get(m.group(2) or m.group(3) or "")
        return f"{m.group(1)}{kind}: " if kind else m.group(1)

    # an unknown shortcode dropped may uncover a known one (":memomemo:🐛"): read until none is
    # left in front (each pass either shortens the text or leaves a type that does not match)
    while True:
        read = _GITMOJI.sub(one, subjects)
        if read == subjects:
            return read
        subjects = read


def drop_gitmoji(subjects: str) -> str:
    """``subjects`` ("A" or "A; B") without the gitmoji, shortcode or emoji in front of each
    (``:memo: clean up the docs`` → ``clean up the docs``): a statement of the change, which
    does not wear its type."""
    if subjects.isascii() and subjects.count(":") < 2:  # no emoji, no ":shortcode:"
        return subjects
    return _GITMOJI.sub(lambda m: m.group(1), subjects)


#: A numbered patch in front of a subject, as Vim numbers each change ("patch 9.2.0525: spell:
#: memory leak in spell_read_dic()"), also in front of a day's later subjects: a reference,
#: not what was done.
_PATCH_LABEL = re.compile(r"(?:^|(?<=; ))patch\s+v?\d+(?:\.\d+)+:\s+", re.I)


def drop_patch_labels(subjects: str) -> str:
    """``subjects`` ("A" or "A; B") without a numbered patch in front of each (``patch
    9.2.0525: memory leak in …`` → ``memory leak in …``)."""
    return _PATCH_LABEL.sub("", subjects) if "atch" in subjects else subjects


def stem(word: str) -> str:
    """Fold a lower-case word's common endings (cached; see the module docstring)."""
    return _stem_cache[word]


#: Plurals of short names that end as "analysis" and "status" do, and are plurals all the same
#: ("public APIs", "two CPUs").
_NAME_PLURALS = {"apis": "api", "uris": "uri", "guis": "gui", "cpus": "cpu", "gpus": "gpu", "vcpus": "vcpu"}


def _stem(word: str) -> str:
    if word in _NAME_PLURALS:
        return _NAME_PLURALS[word]
    s = word
    n = len(s)
    if n > 1 and s[-1] == "s" and s[:-1].isdigit():  # 1:1s, 500s
        s = s[:-1]
    elif n > 4 and s.endswith("ies"):
        s = s[:-3] + "y"
    elif n > 3 and s.endswith("s") and not s.endswith(("ss", "us", "is")):
        s = s[:-1]
    n = len(s)
    if n > 5 and s.endswith("ing"):
        s = s[:-3]
        s = _undouble(s)
    elif n > 4 and s.endswith("ed"):
        s = s[:-2]
        s = _undouble(s)
    elif n >= 4 and s.endswith("e") and s.isalpha():
        s = s[:-1]
    return s


def _undouble(s: str) -> str:
    if len(s) > 3 and s[-1] == s[-2] and s[-1].isalpha() and s[-1] not in _KEEP_DOUBLE:
        return s[:-1]
    return s


def words(text: str) -> list[str]:
    """Lower-case words of an already cleaned text (not stemmed)."""
    low = text.lower()
    return (_ASCII_WORD if low.isascii() else _WORD).findall(low)


def split_words(text: str) -> tuple[list[str], list[str]]:
    """The lower-case words of an already cleaned text, and their stems."""
    raw = words(text)
    return raw, list(map(_stem_cache.__getitem__, raw))


def tokens(text: str) -> list[str]:
    """Stemmed lower-case words of an already cleaned text."""
    return list(map(_stem_cache.__getitem__, words(text)))


#: A subject's scope that names a file ("multi.h: …", "docs/TODO: …", "DEPRECATE: …", not a
#: directory such as "CI/appveyor: …", which names a kind of work, nor a kind of change written
#: in capitals such as "SECURITY: …" or "PERF: …"), at the start of a line or
#: of a listed subject ("- DEPRECATE: …", as a rollup's body lists them), and in a title at the
#: start of each of a rollup's "A; B" subjects.
_SCOPE = (
    r"(?:[\w.-]+/)*(?:[\w-]+\.[\w.-]+|(?!(?:SECURITY|PERF|BREAKING|HOTFIX|BUGFIX|FEAT|FIX|DOCS|"
    r"TEST|TESTS|BUILD|CHORE|STYLE|REFACTOR|REVERT|MINOR|MAJOR|NOTE|WIP|IMPORTANT):)"
    r"[A-Z][A-Z0-9_-]{3,}):[ \t]"
)
_FILE_SCOPE_LINE = re.compile(r"^[ \t]*(?:[-*][ \t]+)?" + _SCOPE, re.M)
_FILE_SCOPE_TITLE = re.compile(r"(?:^[ \t]*(?:[-*][ \t]+)?|(?<=; ))" + _SCOPE, re.M)


class _LineStarts:
    """A pattern that matches at a line's start (it starts with ``^``, under ``re.M``) and
    within that line, made quick to look for: ``^`` gives the regex engine nothing to search
    for, so a substitution tries the pattern at every character of a long description — the
    dearest part of reading one. Here only the text's start is tried on its own, and then each
    line break ("\\n" in front of the rest of the pattern, found by a scan in C)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        assert pattern.pattern.startswith("^") and pattern.flags & re.M
        self.pattern = pattern
        self._after_break = re.compile("\n" + pattern.pattern[1:], pattern.flags)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        """What ``self.pattern.sub(repl, text)`` gives (``repl`` a text without a backslash)."""
        m = self.pattern.match(text)
        if isinstance(repl, str):
            if m is not None:
                text = repl + text[m.end() :]
            return self._after_break.sub("\n" + repl, text)
        kept = repl
        if m is not None:
            text = kept(m) + text[m.end() :]
        return self._after_break.sub(lambda m: "\n" + kept(m), text)


_FILE_SCOPE_LINES = _LineStarts(_FILE_SCOPE_LINE)


def drop_file_scopes(text: str, *, title: bool = True) -> str:
    """``text`` (a subject, or with ``title=False`` a body that lists subjects) without the
    scopes that name a file: they say where a change is, which its paths say better, not what
    it is about ("DEPRECATE: remove last empty line" deprecates nothing)."""
    if ": " not in text and ":\t" not in text:
        return text
    if title and "\n" not in text and "; " not in text:  # one subject: a scope only in front
        m = _FILE_SCOPE_TITLE.match(text)
        return " " + text[m.end() :] if m else text
    return _FILE_SCOPE_TITLE.sub(" ", text) if title else _FILE_SCOPE_LINES.sub(" ", text)


#: A reference to an issue, a pull request, a page or a commit.
_REF = r"(?:#\d+|[\w.-]+/[\w.-]+#\d+|https?://\S+|[0-9a-f]{7,40}\b)"
#: A line that credits someone or points somewhere, and says nothing else: git trailers
#: ("Reported-by: …", "Signed-off-by: …", "Change-Id: …", "Former-commit-id: …"), credit
#: lines ("Spotted by Codex Security", "Found by OSS-Fuzz") and lines of references only
#: ("Closes #123", "Fixes #9 and #10", "Ref: https://…").
#: A sentence that goes on ("Fixes #42: a data race corrupted memory") is the person's.
_CREDIT_LINE = re.compile(
    r"^[ \t]*\(?(?:[A-Za-z][\w-]*-(?:by|id|Id|ID):.*|(?:reported|spotted|found|noticed|suggested|requested|"
    r"pointed out|assisted|helped|tested|reviewed|bisected|diagnosed|analy[sz]ed|inspired|"
    r"brought up|detected|identified|raised)(?: (?:out|up|first))? by [^.\n]{1,60}\.?[ \t]*|"
    r"(?:closes|close|closed|fixes|fix|fixed|resolves|ref|refs|see|bug|url|follow-up to|"
    r"cherry picked from commit|(?:this )?reverts? commit)\b:?[ \t]*"
    + _REF + r"(?:[ \t,]+(?:and[ \t]+)?" + _REF + r")*[ \t.)]*)$",
    re.I | re.M,
)


_CREDIT_LINES = _LineStarts(_CREDIT_LINE)


def drop_credits(body: str) -> str:
    """``body`` without the lines that credit people or point to issues (see
    :data:`_CREDIT_LINE`): "Spotted by Codex Security" fixes no security bug."""
    return _CREDIT_LINES.sub("", body) if body else body


#: A conventional-commit type in front of a subject a description lists ("- chore: changelog",
#: "* feat(ssr): …", as a day's or a squashed pull request's body repeats its commits): the
#: kind of that commit, read from the title already, not a word ("chore" is no team chore).
_LISTED_TYPE = re.compile(
    r"^([ \t]*(?:[-*][ \t]+)?)(?:feat|fix|chore|docs?|tests?|perf|refactor|ci|build|style|revert|"
    r"release|deps)(?:\([^()\n]{0,60}\))?!?:[ \t]+",
    re.M,
)


_LISTED_TYPES = _LineStarts(_LISTED_TYPE)
#: What is kept of a listed type's line start: its indent and bullet (a callable in C, where
#: the template ``r"\1"`` goes through the re module's Python code on every call).
_LEAD = operator.methodcaller("group", 1)


def drop_listed_types(body: str) -> str:
    """``body`` without the conventional-commit types in front of the subjects it lists (see
    :data:`_LISTED_TYPE`)."""
    return _LISTED_TYPES.sub(_LEAD, body) if ": " in body or ":\t" in body else body


#: Characters of a description the judgement reads (the mapper keeps 2,000 once cleaned).
BODY_READ = 6_000


@functools.lru_cache(maxsize=32)  # the item at hand: grade and mapping read it in turn
def _persons_body(body: str) -> str:
    return drop_file_scopes(drop_credits(body), title=False)


def persons_body(body: str | None) -> str:
    """What the start of a commit body (:data:`BODY_READ` characters) says the change is: no
    credit lines, no file scopes. Remembered for the last bodies read: the grade and the
    mapping of an item read the same one."""
    return _persons_body(body[:BODY_READ]) if body else ""


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """How a lexicon phrase ("on-call", "post mortem", "1:1") is matched: its stemmed words."""
    return tuple(tokens(phrase))


def content_tokens(text: str) -> list[str]:
    """Stemmed words worth comparing between texts: no stop words, no 1- or 2-letter words
    (except ones with digits, such as ``10x``)."""
    return [
        t
        for t in tokens(text)
        if t not in STOPWORDS and (len(t) > 2 or (len(t) == 2 and not t.isalpha()))
    ]


__all__ = [
    "BODY_READ",
    "MAX_CHARS",
    "STOPWORDS",
    "clean",
    "content_tokens",
    "drop_credits",
    "drop_file_scopes",
    "drop_listed_types",
    "persons_body",
    "phrase_tokens",
    "split_words",
    "stem",
    "tokens",
    "words",
]
