"""Literal prefilters: rule a text out before a regular expression is searched in it.

Python's ``re`` tries a pattern such as ``(?<![\\w-])(data races?|deadlocks?|…)\\b`` at every
position of a text, alternative by alternative, so a search costs about a microsecond per
ten characters even when nothing matches, which is nearly always. :class:`Prefilter` reads a
compiled pattern's syntax tree and derives a few lower-case strings at least one of which
every match contains (``race``, ``deadlock``, …), and looks for them first, with ``in`` or one
search for all of them (a fast scan in C). Where the pattern says a string starts a word
(``\\b``, ``(?<![\\w-])``, or an item before it that ends in no word character: ``\\s+``,
``[,;]``, ``(?:the\\s+)?`` after one), it is looked for at the start of a word ("hang" is not
in "change"); where it says the string starts the text (``^\\s*``), there. The result is always
the pattern's own: the prefilter only skips searches that cannot match.

Why it is exact: the strings come from the pattern's literal characters, lower-cased, and the
text is lower-cased too, so case-insensitive patterns are covered. A string that starts a
word is looked for as ``" " + string`` in the text with every character other than
``[a-z0-9_]`` (what ``\\w`` is in ASCII) made a space, and a space in front: wherever the
pattern matches, the character before the string is no word character, so it became a space.
Outside ASCII, the four characters ``re.IGNORECASE`` matches to ASCII letters (the long s to
"s", the Kelvin sign to "k", the Turkish i's to "i") are read as those letters, and every other
one can match no literal of a pattern (a "?" in the text, a space between words); a text with
a digit of another script (``\\d`` matches it) is searched as it is. With ``re.ASCII`` those
four are no word characters to the pattern, so nothing is looked for at a word's start. A
pattern whose matches share no such string gets no prefilter and is always searched.

Nothing here decides *what* matches: change the patterns freely, their prefilters follow.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

try:  # the parser behind ``re.compile`` (Python 3.11+); without it, no prefilter
    _c: Any = importlib.import_module("re._constants")
    _parser: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - another Python: always search
    _c = _parser = None

#: Strings an exact part of a pattern may expand to; more and it counts as unknown.
_MAX_SET = 64
#: Characters a class may hold to be expanded ("[xX]", "\d").
_MAX_CLASS = 12
#: Repetitions expanded (``s?``, ``\d{2,3}``).
_MAX_REPEAT = 3
#: Zero-width markers inside the strings while a pattern is read (no pattern literal is one:
#: only ASCII literals are read). The character before is no word character; a word boundary
#: (a word start when a word character follows); the start of the text; ``\s*``.
_START, _BOUNDARY, _ANCHOR, _SPACES = "\ue000", "\ue001", "\ue002", "\ue003"
_MARKS = frozenset((_START, _BOUNDARY, _ANCHOR, _SPACES))
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")
#: ASCII → itself for ``[a-z0-9_]``, a space for anything else (upper case is lowered first).
_WORDS_ONLY = bytes(c if chr(c) in _WORD_CHARS else 32 for c in range(256))
#: The only characters outside ASCII that ``re.IGNORECASE`` matches to an ASCII letter, digit
#: or "_" (checked over every code point: ``re.fullmatch("[a-z0-9_]", c, re.I)``), as those.
_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_FOLDABLE = re.compile("[\u0130\u0131\u017f\u212a]")
#: A digit of another script: ``\d`` matches it, so such a text is searched as it is.
_OTHER_DIGIT = re.compile(r"[^\D0-9]")

Strings = frozenset[str]
#: A text as prefilters read it: lower-cased, and that with non-word characters as spaces.
Lowered = tuple[str, bytes]


def lower(text: str) -> Lowered | None:
    """What a prefilter reads of ``text``, or None when it cannot be prefiltered (then the
    pattern is always searched)."""
    if text.isascii():
        low = text.lower()
        return low, b" " + low.encode("ascii").translate(_WORDS_ONLY)
    if _OTHER_DIGIT.search(text):
        return None
    low = (text.translate(_FOLDS) if _FOLDABLE.search(text) else text).lower()
    if len(low) != len(text):
        return None
    # any other character is no ASCII letter to any pattern: "?", then a space in the words
    return low, b" " + low.encode("ascii", "replace").translate(_WORDS_ONLY)


class Needs(NamedTuple):
    """What every match of a pattern contains: one of these strings (lower-cased)."""

    anywhere: tuple[str, ...]
    #: at the start of a word, as ``b" " + string`` with non-word characters as spaces
    words: tuple[bytes, ...]
    #: at the start of the text, after any white space
    leading: tuple[str, ...]


#: Up to this many strings are looked for one by one with ``in``.
_FEW = 4


class Check:
    """Looks for a pattern's :class:`Needs` in a text (``needs`` None: always passes)."""

    __slots__ = ("_anywhere", "_words", "needs")

    def __init__(self, needs: Needs | None) -> None:
        self.needs = needs
        # a few strings are looked for one by one; more, with one search for all of them
        self._anywhere: re.Pattern[str] | None = None
        self._words: re.Pattern[bytes] | None = None
        if needs is not None:
            if len(needs.anywhere) > _FEW:
                self._anywhere = _literals(needs.anywhere)
            if len(needs.words) > _FEW:
                self._words = _literals(needs.words)

    def could_match(self, low: Lowered | None) -> bool:
        """False only when the pattern cannot match the text whose :func:`lower` is ``low``."""
        need = self.needs
        if low is None or need is None:
            return True
        text, words = low
        if need.leading and text.lstrip().startswith(need.leading):
            return True
        if self._anywhere is not None:
            if self._anywhere.search(text):
                return True
        else:
            for s in need.anywhere:
                if s in text:
                    return True
        if self._words is not None:
            return self._words.search(words) is not None
        return any(b in words for b in need.words)


class Prefilter:
    """A compiled pattern and its prefilter (read from the pattern when first needed).
    :meth:`search` gives what ``rx.search`` gives.

    Example:
        >>> p = Prefilter(re.compile(r"\\b(dead|live)locks?\\b", re.I))
        >>> p.needs
        Needs(anywhere=(), words=(b' deadlock', b' livelock'), leading=())
        >>> p.search("Fix a Deadlock", lower("Fix a Deadlock")).group(0)
        'Deadlock'
        >>> p.search("Fix a typo", lower("Fix a typo")) is None
        True
    """

    __slots__ = ("_check", "rx")

    def __init__(self, rx: re.Pattern[str]) -> None:
        self.rx = rx
        self._check: Check | None = None

    @property
    def check(self) -> Check:
        """The prefilter."""
        if self._check is None:
            self._check = Check(needs(self.rx))
        return self._check

    @property
    def needs(self) -> Needs | None:
        """What every match contains (None: nothing known)."""
        return self.check.needs

    def could_match(self, low: Lowered | None) -> bool:
        """False only when the pattern cannot match the text whose :func:`lower` is ``low``."""
        return self.check.could_match(low)

    def search(self, text: str, low: Lowered | None) -> re.Match[str] | None:
        """``rx.search(text)``; ``low`` is :func:`lower` of ``text``."""
        return self.rx.search(text) if self.check.could_match(low) else None


def _literals(found: tuple[Any, ...]) -> re.Pattern[Any]:
    """One pattern that finds any of ``found`` (ASCII strings or bytes)."""
    if found and isinstance(found[0], bytes):
        return re.compile(_tree([b.decode("ascii") for b in found]).encode("ascii"))
    return re.compile(_tree(list(found)))


def _tree(items: list[str]) -> str:
    """A pattern for any of ``items``, as a tree of their common beginnings, that matches the
    longest one where several start (``\\ (?:d(?:ata\\ race|eadlock)|leak(?:ed)?)``): one
    character of the text decides each branch."""
    groups: dict[str, list[str]] = {}
    for x in items:
        groups.setdefault(x[:1], []).append(x[1:])
    ends = groups.pop("", None) is not None  # one of them ends here: the rest is optional
    alts = [re.escape(k) + (_tree(rest) if any(rest) else "") for k, rest in sorted(groups.items())]
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if ends else body


class Dispatch:
    """Which of several prefilters can pass on a text, from one scan of it per kind of
    string (instead of one check per prefilter).

    Where one of their strings starts, the longest one there is found; the prefilters that
    pass are those with that string, or one it starts with (the others there). Strings looked
    for anywhere are looked for at every position of the text; those at a word's start, at
    every word's start.

    Example:
        >>> d = Dispatch([Prefilter(re.compile(r"\\bfix\\b")), Prefilter(re.compile(r"^wip"))])
        >>> d.passing(lower("  WIP: fix it")), d.passing(lower("docs"))
        ([0, 1], [])
    """

    __slots__ = ("_always", "_anywhere", "_leading", "_words")

    def __init__(self, checks: Iterable[Check | Prefilter]) -> None:
        checks = list(checks)
        self._always = frozenset(i for i, c in enumerate(checks) if c.needs is None)
        known = [(i, c.needs) for i, c in enumerate(checks) if c.needs is not None]

        def kind(needles: dict[int, tuple[str, ...]], head: str, tail: str) -> Any:
            every = sorted({n for ns in needles.values() for n in ns})
            if not every:
                return None
            owners = {
                n: frozenset(i for i, ns in needles.items() if n.startswith(ns)) for n in every
            }
            return re.compile(head + "(" + _tree(every) + ")" + tail), owners

        # anywhere: at every position of the text, the longest of the strings that starts
        # there (the scan goes on from the next position, not after the string found, so that
        # strings that start inside one are found too)
        self._anywhere = kind({i: n.anywhere for i, n in known}, "", "")
        self._leading = kind({i: n.leading for i, n in known}, "\\s*", "")
        words = kind({i: tuple(w[1:].decode("ascii") for w in n.words) for i, n in known}, "", "")
        self._words = None
        if words is not None:  # b" " then, not taken, the strings: every word start is seen
            rx, owners = words
            self._words = (
                re.compile(b" (?=" + rx.pattern.encode("ascii") + b")"),
                {n.encode("ascii"): v for n, v in owners.items()},
            )

    def passing(self, low: Lowered | None) -> list[int] | None:
        """The positions of the prefilters that pass on the text whose :func:`lower` is
        ``low``, in order (None: all of them, the text cannot be prefiltered)."""
        if low is None:
            return None
        text, words = low
        found = set(self._always)
        if self._anywhere is not None:
            rx, owners = self._anywhere
            m = rx.search(text)  # a search skips what no string starts with, in C
            while m is not None:
                found |= owners[m.group(1)]
                m = rx.search(text, m.start() + 1)
        if self._words is not None:
            rx, owners = self._words
            for n in rx.findall(words):
                found |= owners[n]
        if self._leading is not None:
            rx, owners = self._leading
            m = rx.match(text)
            if m:
                found |= owners[m.group(1)]
        return sorted(found)


def alternatives(rx: re.Pattern[str]) -> list[re.Pattern[str]]:
    """``rx`` cut at its top-level ``|`` into patterns of their own, with its flags: ``A|B``
    finds, at the first position where either matches, A's match if A matches there, else B's,
    which is what the alternative with the earliest match (the first of them on a tie) finds
    alone. A part that is one group of alternatives between word boundaries,
    ``(?<![\\w-])(A|B)\\b``, is cut the same way, into ``(?<![\\w-])(?:A)\\b`` and
    ``(?<![\\w-])(?:B)\\b``: what comes before the group matches no character, so at any
    position A is tried first there too. Each can then have a prefilter of its own, where ``rx``
    as a whole has only the weakest of theirs. ``[rx]`` when there is nothing to cut, or when a
    part refers to a group (by number or name) and a part before it has groups: the reference
    would mean another group once cut."""
    pattern = rx.pattern
    if not isinstance(pattern, str) or rx.flags & re.X or "(?#" in pattern or _parser is None:
        return [rx]  # white space and comments of their own: not cut
    parts: list[str] = []
    groups = 0  # the groups of the parts before: a part that refers to one counts from there
    for part in _cut(pattern, 0, len(pattern)):
        refers = _refers_to_groups(part, rx.flags)
        if refers and groups:
            return [rx]
        try:
            groups += re.compile(part, rx.flags).groups
        except re.error:  # a reference to another part's group
            return [rx]
        parts += [part] if refers else _distributed(part)
    if len(parts) == 1:
        return [rx]
    try:
        return [re.compile(part, rx.flags) for part in parts]
    except re.error:  # pragma: no cover - a part of a part that compiled compiles
        return [rx]


def _scan(pattern: str, start: int, end: int) -> tuple[list[int], int]:
    """The positions of the ``|`` at the top level of ``pattern[start:end]``, and where that
    level ends (the ``)`` that closes it, or ``end``)."""
    cuts: list[int] = []
    depth, i = 0, start
    while i < end:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class: "]" first, or escaped, is one of its characters
            i += 1
            if i < end and pattern[i] == "^":
                i += 1
            if i < end and pattern[i] == "]":
                i += 1
            while i < end and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return cuts, i
            depth -= 1
        elif ch == "|" and depth == 0:
            cuts.append(i)
        i += 1
    return cuts, end


def _cut(pattern: str, start: int, end: int) -> list[str]:
    """``pattern[start:end]`` cut at its top-level ``|``."""
    cuts, _ = _scan(pattern, start, end)
    bounds = [start - 1, *cuts, end]
    return [pattern[a + 1 : b] for a, b in itertools.pairwise(bounds)]


#: What may stand before a group that is cut into its alternatives: only assertions that match
#: no character, and match at a position in one way.
_ZERO_WIDTH = re.compile(r"(?:\(\?<!\[\\w-\]\)|\(\?<!\\w\)|\\b)*")


def _distributed(part: str) -> list[str]:
    """``part``, or when it is ``P(A|B)S`` with ``P`` of :data:`_ZERO_WIDTH` and the group
    neither repeated nor optional, ``P(?:A)S`` and ``P(?:B)S``."""
    head = _ZERO_WIDTH.match(part)
    i = head.end() if head else 0
    if part[i : i + 3] == "(?:":
        body = i + 3
    elif part[i : i + 1] == "(" and part[i + 1 : i + 2] != "?":
        body = i + 1
    else:
        return [part]
    _, close = _scan(part, body, len(part))
    if close >= len(part) or part[close + 1 : close + 2] in ("?", "*", "+", "{"):
        return [part]  # no group closed there, or one repeated
    inner = _cut(part, body, close)
    if len(inner) == 1:
        return [part]
    before, after = part[:i], part[close + 1 :]
    return [f"{before}(?:{alt}){after}" for alt in inner]


def _refers_to_groups(pattern: str, flags: int) -> bool:
    """Whether ``pattern`` holds a back-reference or a group-conditional."""

    def walk(items: Any) -> bool:
        for op, av in items:
            if op in (_c.GROUPREF, _c.GROUPREF_EXISTS, _c.GROUPREF_IGNORE):
                return True
            subs: list[Any] = []
            if op is _c.SUBPATTERN:
                subs = [av[-1]]
            elif op in (_c.BRANCH,):
                subs = list(av[1])
            elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
                subs = [av[2]]
            elif op in (_c.ASSERT, _c.ASSERT_NOT):
                subs = [av[1]]
            elif op is _c.ATOMIC_GROUP:
                subs = [av]
            if any(walk(sub) for sub in subs):
                return True
        return False

    try:
        return walk(_parser.parse(pattern, flags))
    except Exception:  # any surprise: do not cut
        return True


class FirstOf:
    """Several patterns tried in order, as ``next(rx.search(text) for rx in patterns if …)``
    would, but each cut into its top-level alternatives (:func:`alternatives`) and only the
    alternatives whose prefilter passes searched: one :class:`Dispatch` scan of the text says
    which. :meth:`first` gives the position of the first pattern that matches and the match
    that pattern's own search gives (its span and text; its groups are the alternative's).

    Example:
        >>> f = FirstOf([re.compile(r"\\btypos?\\b|^\\s*wip\\b", re.I), re.compile(r"\\bbump\\b", re.I)])
        >>> n, m = f.first("WIP: bump", lower("WIP: bump"))
        >>> n, m.group(0)
        (0, 'WIP')
        >>> f.first("Add a parser", lower("Add a parser")) is None
        True
    """

    __slots__ = ("_dispatch", "_owner", "_parts", "patterns")

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self.patterns = list(patterns)
        self._parts: list[re.Pattern[str]] = []
        self._owner: list[int] = []
        for n, rx in enumerate(self.patterns):
            for part in alternatives(rx):
                self._parts.append(part)
                self._owner.append(n)
        self._dispatch: Dispatch | None = None

    @property
    def dispatch(self) -> Dispatch:
        """The scan over every alternative's prefilter (read when first needed)."""
        if self._dispatch is None:
            self._dispatch = Dispatch(Prefilter(part) for part in self._parts)
        return self._dispatch

    def first(self, text: str, low: Lowered | None) -> tuple[int, re.Match[str]] | None:
        """The first pattern that matches ``text`` and its match, or None (``low``:
        :func:`lower` of ``text``)."""
        passing: Iterable[int] | None = self.dispatch.passing(low)
        if passing is None:  # cannot be prefiltered: every alternative is searched
            passing = range(len(self._parts))
        owner, parts = self._owner, self._parts
        best: re.Match[str] | None = None
        current = -1
        for k in passing:
            n = owner[k]
            if n != current:
                if best is not None:
                    break
                current = n
            elif best is not None and best.start() == 0:
                continue  # nothing can start earlier
            m = parts[k].search(text)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return None if best is None else (current, best)


def needs(rx: re.Pattern[str]) -> Needs | None:
    """What every match of ``rx`` contains, in a text as :func:`lower` reads it; None when
    the pattern needs no particular string."""
    if _parser is None or not isinstance(rx.pattern, str):
        return None
    try:
        tree = _parser.parse(rx.pattern, rx.flags)
        # with re.MULTILINE "^" also matches after a line break: only a word start then
        multiline = bool(rx.flags & re.M) or re.search(r"\(\?[a-zA-Z-]*m", rx.pattern) is not None
        found = _Reader(multiline).need_seq(list(tree), _NOTHING)
        # with re.ASCII "\W", "\b" and "(?<!\w)" see the long s, the Kelvin sign and the
        # Turkish i's as no word characters, which the words read as letters: anywhere then
        ascii_only = bool(rx.flags & re.A) or re.search(r"\(\?[a-zA-Z-]*a", rx.pattern) is not None
    except Exception:  # any surprise: no prefilter, the pattern decides
        return None
    if not found:
        return None
    anywhere: set[str] = set()
    words: set[bytes] = set()
    leading: set[str] = set()
    for s in found:
        needle = _needle(s)
        if needle is None:
            return None
        kind, core = needle
        if kind == "leading":
            leading.add(core)
        elif kind == "word" and not ascii_only:
            words.add(b" " + core.encode("ascii").translate(_WORDS_ONLY))
        else:
            anywhere.add(core)
    return _simplest(anywhere, words, leading)


def _simplest(anywhere: set[str], words: set[bytes], leading: set[str]) -> Needs:
    """The fewest strings that say the same: one that holds another of them is not needed (a
    text with "memory leak" holds "leak"; with "update news" at its start, "update")."""
    some = _minimal(anywhere)
    plain = [s.encode("ascii") for s in some if all(ch in _WORD_CHARS for ch in s)]
    return Needs(
        some,
        tuple(b for b in _minimal(words) if not any(p in b for p in plain)),
        tuple(s for s in _minimal_prefixes(leading) if not any(t in s for t in some)),
    )


@functools.cache
def _needle(s: str) -> tuple[str, str] | None:
    """What a string read from a pattern (with markers) asks of a text: ``("leading" |
    "word" | "anywhere", the characters)``, or None when it asks for no character.

    The markers before its first character say where it starts; after it, a ``\\s*`` ends
    it (what follows may be apart) and other markers are dropped (a weaker requirement,
    still true).
    """
    first = 0
    while first < len(s) and s[first] in _MARKS:
        first += 1
    if first == len(s):
        return None
    before = s[:first]
    core = []
    for ch in s[first:]:
        if ch == _SPACES:
            break
        if ch not in _MARKS:
            core.append(ch)
    text = "".join(core)
    if _ANCHOR in before and not text[0].isspace():
        # "^" (then white space, or none) and the characters: they start the stripped text
        return "leading", text
    if _START in before or _ANCHOR in before or (_BOUNDARY in before and text[0] in _WORD_CHARS):
        # white space between the marker and the characters keeps them at a word start
        return "word", text
    return "anywhere", text


def _minimal(found: Iterable[Any]) -> tuple[Any, ...]:
    """``found`` without the strings that contain another one of them (a text that holds
    "memory leak" holds "leak"), shortest first."""
    kept: list[Any] = []
    for s in sorted(set(found), key=lambda s: (len(s), s)):
        if not any(t in s for t in kept):
            kept.append(s)
    return tuple(kept)


def _minimal_prefixes(found: Iterable[str]) -> tuple[str, ...]:
    """``found`` without the strings that start with another one of them."""
    kept: list[str] = []
    for s in sorted(set(found), key=lambda s: (len(s), s)):
        if not s.startswith(tuple(kept)):
            kept.append(s)
    return tuple(kept)


# -- reading a pattern's tree ---------------------------------------------------------------------
_NOTHING: Strings = frozenset(("",))


def _union(parts: Iterable[Strings | None], limit: int | None = _MAX_SET) -> Strings | None:
    """The strings of all ``parts`` (None when one is unknown, or they are over ``limit``)."""
    out: set[str] = set()
    for got in parts:
        if not got:
            return None
        out |= got
    return frozenset(out) if limit is None or len(out) <= limit else None


def _product(a: Strings, b: Strings) -> Strings | None:
    if len(a) * len(b) > _MAX_SET:
        return None
    return frozenset(x + y for x in a for y in b)


#: A rough chance that a string shows up in a commit message by accident, by where it is
#: looked for; each letter makes it rarer, each digit or sign more so. Only for choosing what
#: to look for: it changes speed, never a result.
_BASE = {"leading": 0.3, "word": 3.0, "anywhere": 10.0}
#: Words that start most commit messages, and the words most sentences have: strings that
#: begin one of them are common (" to" is in a third of subjects, however short it is).
_COMMON = ("add", "bump", "change", "clean", "doc", "fix", "improve", "make", "merge", "move",
           "remove", "rename", "refactor", "release", "revert", "support", "test", "update",
           "upgrade", "use", "version",
           "a", "all", "and", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
           "new", "not", "of", "on", "or", "the", "this", "to", "when", "with")  # fmt: skip
#: What looking for one string costs, against one search with the pattern, by where it is
#: looked for: at every position of the text dearer than at its words' starts.
_SCAN = {"leading": 0.01, "word": 0.015, "anywhere": 0.02}
#: Strings this long are rare enough: a run of exact items is not read further.
_LONG = 12


@functools.cache
def _chance(s: str) -> float:
    needle = _needle(s)
    if needle is None:
        return 1.0
    return _chance_of(*needle)


def _chance_of(kind: str, text: str) -> float:
    p = _BASE[kind]
    if kind != "anywhere" and any(w.startswith(text.strip()) for w in _COMMON):
        return min(1.0, p * 0.3)
    for ch in text:
        p *= 0.3 if ch.isalpha() or ch == " " else 0.05
    if kind == "anywhere":  # anywhere is no rarer than at a word's start ("fix")
        p = max(p, _chance_of("word", text))
    return min(1.0, p)


def _score(s: Strings) -> float:
    """Higher is better: the expected cost of a text the pattern does not match."""
    return -sum(_SCAN[kind] + _chance(x) for x in s for kind in (_kind(x),))


def _kind(s: str) -> str:
    needle = _needle(s)
    return "anywhere" if needle is None else needle[0]


class _Reader:
    """Reads a parsed pattern: the strings its parts match, start with, or contain."""

    def __init__(self, multiline: bool) -> None:
        self.multiline = multiline
        self._exact: dict[tuple[Any, int], Strings | None] = {}  # by node, while the tree lives

    def exact(self, op: Any, av: Any) -> Strings | None:
        """Every string (lower-cased) this one item can match, or None when they are unknown
        or too many. A zero-width item (an anchor, a look-around) matches ``""`` or a marker."""
        key = (op, av if isinstance(av, int) else id(av))
        if key not in self._exact:
            self._exact[key] = self._read_exact(op, av)
        return self._exact[key]

    def _read_exact(self, op: Any, av: Any) -> Strings | None:
        if op is _c.LITERAL:
            ch = chr(av)
            return frozenset((ch.lower(),)) if ch.isascii() else None
        if op is _c.IN:
            return _chars(av)
        if op is _c.SUBPATTERN:
            return self.exact_seq(list(av[-1]))
        if op is _c.ATOMIC_GROUP:
            return self.exact_seq(list(av))
        if op is _c.BRANCH:
            return _union(self.exact_seq(list(alt)) for alt in av[1])
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            if lo == 0 and hi == _c.MAXREPEAT and _is_space(sub):
                return frozenset((_SPACES,))
            if hi > _MAX_REPEAT:
                return None
            one = self.exact_seq(list(sub))
            if one is None:
                return None
            total: set[str] = set()
            cur: Strings = _NOTHING
            for k in range(hi + 1):
                if k >= lo:
                    total |= cur
                if k < hi:
                    more = _product(cur, one)
                    if more is None:
                        return None
                    cur = more
            return frozenset(total) if len(total) <= _MAX_SET else None
        if op is _c.AT:
            if av is _c.AT_BEGINNING_STRING or (av is _c.AT_BEGINNING and not self.multiline):
                return frozenset((_ANCHOR,))
            if av is _c.AT_BEGINNING:
                return frozenset((_START,))
            if av is _c.AT_BOUNDARY:
                return frozenset((_BOUNDARY,))
            return _NOTHING
        if op is _c.ASSERT_NOT and _no_word_before(av):
            return frozenset((_START,))
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            return _NOTHING
        return None

    def exact_seq(self, items: list[tuple[Any, Any]]) -> Strings | None:
        out: Strings | None = _NOTHING
        for op, av in items:
            got = self.exact(op, av)
            if got is None or out is None:
                return None
            out = _product(out, got)
        return out

    def head(self, op: Any, av: Any) -> Strings | None:
        """Strings one of which every match of this (not exact) item starts with, or None."""
        if op is _c.SUBPATTERN:
            return self.head_seq(list(av[-1]))
        if op is _c.BRANCH:
            return _union(self.head_seq(list(alt)) for alt in av[1])
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            return self.head_seq(list(av[2]))
        return None

    def head_seq(self, items: list[tuple[Any, Any]]) -> Strings | None:
        out: Strings | None = _NOTHING
        for op, av in items:
            got = self.exact(op, av)
            last = got is None
            if last:
                got = self.head(op, av)
            if got is None or out is None:
                return out
            out = _product(out, got)
            if last:
                break
        return out

    def need(self, op: Any, av: Any, before: Strings) -> Strings | None:
        """Strings one of which every match of this item contains (None: none known);
        ``before``: what the text holds just before the item, when known (else ``{""}``)."""
        if op is _c.SUBPATTERN:
            return self.need_seq(list(av[-1]), before)
        if op is _c.ATOMIC_GROUP:
            return self.need_seq(list(av), before)
        if op is _c.BRANCH:  # any alternative: what each one needs, together
            return _union((self.need_seq(list(alt), before) for alt in av[1]), limit=None)
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT) and av[0] >= 1:
            return self.need_seq(list(av[2]), before)
        return None

    def need_seq(self, items: list[tuple[Any, Any]], before: Strings) -> Strings | None:
        """The best of: a run of exact items (any stretch of it, ending with what the next
        item starts with), or what one item needs."""
        best: Strings | None = None

        def offer(s: Strings | None) -> None:
            nonlocal best
            if not s or any(_needle(x) is None for x in s):
                return
            if best is None or _score(s) > _score(best):
                best = s

        # whether the character before item k is surely no word character: after "\s+" or
        # "[,;]", and after an optional item that ends so too ("\s+(?:the\s+)?"); read item by
        # item before they are merged (a run ",a" starts with no word character, ends with one)
        after_non_word = [False] * (len(items) + 1)
        for k, (op, av) in enumerate(items, 1):
            after_non_word[k] = _non_word(op, av) or (
                after_non_word[k - 1] and _optional_non_word(op, av)
            )
        exact: list[Strings | None] = []
        merged: list[tuple[Any, Any]] = []
        non_word: list[bool] = []  # of each merged item: after_non_word where it starts
        for k, (op, av) in enumerate(items):  # one-string items in a row ("l", "e", "a", "k")
            e = self.exact(op, av)  # as one ("leak")
            if e is not None and len(e) == 1 and exact and exact[-1] is not None:
                last = exact[-1]
                if len(last) == 1:
                    exact[-1] = frozenset((next(iter(last)) + next(iter(e)),))
                    continue
            exact.append(e)
            merged.append((op, av))
            non_word.append(after_non_word[k])
        items = merged
        n = len(items)
        for i in range(n):
            # what the text holds just before item i: the exact item before it, or a character
            # that is no word character, or nothing known
            prev = exact[i - 1] if i else before
            if non_word[i]:
                prev = _AFTER_NON_WORD
            if exact[i] is None:
                offer(self.need(*items[i], prev if prev is not None else _NOTHING))
                continue
            starts: tuple[Strings, ...] = (_NOTHING,)
            if i == 0 and before != _NOTHING:
                starts = (_NOTHING, before)
            elif prev is _AFTER_NON_WORD:
                starts = (_NOTHING, _AFTER_NON_WORD)
            for start in starts:
                cur: Strings | None = start
                for j in range(i, n):
                    e = exact[j]
                    if e is None:  # the run ends; a match of this item starts with its head
                        head = self.head(*items[j])
                        if head is not None and cur is not None:
                            offer(_product(cur, head))
                        break
                    if cur is None:
                        break
                    cur = _product(cur, e)
                    offer(cur)
                    if cur is not None and min(map(len, cur)) > _LONG:
                        break  # longer is no rarer, only more to compare
        return best


def _chars(items: Any) -> Strings | None:
    """The characters (lower-cased) a class ``[…]`` matches in a text as :func:`lower` reads
    it, when few and known."""
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            ch = chr(av)
            if not ch.isascii():
                return None
            chars.add(ch.lower())
        elif op is _c.RANGE:
            lo, hi = av
            if hi - lo >= _MAX_CLASS or hi > 127:
                return None
            chars.update(chr(c).lower() for c in range(lo, hi + 1))
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            chars.update("0123456789")  # :func:`lower` rules out other scripts' digits
        else:  # a negated class, \w, \s …
            return None
    return frozenset(chars) if len(chars) <= _MAX_CLASS else None


#: What a text holds before an item that follows a character that is no word character.
_AFTER_NON_WORD: Strings = frozenset((_START,))


def _non_word(op: Any, av: Any) -> bool:
    """Whether every match of an item ends with a character that is no ASCII word character
    (``\\s+``, ``[,;]``, ``\\W``, ``(?:the\\s+|a\\s+)``): a string right after it starts a
    word, as the prefilter's words are read (any other character is a space there)."""
    if op is _c.LITERAL:
        return chr(av).isascii() and chr(av).lower() not in _WORD_CHARS
    if op is _c.IN:
        return bool(av) and all(
            (o is _c.LITERAL and _non_word(o, a))
            or (o is _c.CATEGORY and a in (_c.CATEGORY_SPACE, _c.CATEGORY_NOT_WORD))
            for o, a in av
        )
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        return av[0] >= 1 and _ends_non_word(av[2])
    if op is _c.SUBPATTERN:
        return _ends_non_word(av[-1])
    if op is _c.ATOMIC_GROUP:
        return _ends_non_word(av)
    if op is _c.BRANCH:
        return all(_ends_non_word(alt) for alt in av[1])
    # zero-width: the text's (or a line's) start, where the words have a space in front, and
    # "(?<![\\w-])"
    return (op is _c.AT and av in (_c.AT_BEGINNING, _c.AT_BEGINNING_STRING)) or (
        op is _c.ASSERT_NOT and _no_word_before(av)
    )


def _ends_non_word(seq: Any) -> bool:
    """Whether every match of a sequence of items ends with no word character."""
    items = list(seq)
    return bool(items) and _non_word(*items[-1])


def _optional_non_word(op: Any, av: Any) -> bool:
    """Whether an item matches nothing or ends with no word character (``(?:\\w+\\s+){0,3}``)."""
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        return _ends_non_word(av[2])
    return False


def _is_space(sub: Any) -> bool:
    """Whether a repeated item is ``\\s``."""
    items = list(sub)
    return len(items) == 1 and items[0] == (_c.IN, [(_c.CATEGORY, _c.CATEGORY_SPACE)])


def _no_word_before(av: Any) -> bool:
    """Whether a negative look-behind ``(?<![…])`` rules out every word character before."""
    direction, sub = av
    items = list(sub)
    if direction != -1 or len(items) != 1 or items[0][0] is not _c.IN:
        return False
    ops = items[0][1]
    return (_c.CATEGORY, _c.CATEGORY_WORD) in ops and not any(op is _c.NEGATE for op, _ in ops)


__all__ = ["Check", "Dispatch", "FirstOf", "Lowered", "Needs", "Prefilter", "alternatives", "lower", "needs"]
