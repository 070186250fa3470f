"""Signals: what an evidence item says about where it belongs on the ladder.

:class:`Rules` is compiled once per ladder from the curated lexicon
(:mod:`ladder.mapping.lexicon`) and the ladder's own words (expectation text and markers).
:meth:`Rules.signals` reads one item and returns :class:`Signal` s, each a small piece of
evidence with a weight and a phrase a person can read: ``mentions "postmortem"``,
``a "test:" commit``, ``touches docs/adr/0014-event-sourcing-ledger.md``,
``the github source says: …``.

Kinds of signal:

- ``word``: a lexicon phrase in the title, description, impact or tags (longest phrase wins);
- ``kind``: the kind of item (a review you gave, a ticket), a calendar event's subkind, a
  document's kind (and whether it passed the design-doc checker);
- ``commit-type``: a conventional-commit type (``feat:``, ``fix(api):``, ``test:``…);
- ``path``: the paths a change touches (``docs/adr/``, ``tests/``, ``.github/workflows/``…);
- ``marker``: words shared with an expectation's text and markers in the ladder, weighted
  by how rare each word is across the ladder;
- ``source``: a harvest source's own hint (strong);
- ``learned``: the person's own decisions on similar items (see :mod:`ladder.mapping.learn`).

Everything here is plain Python over precompiled tables: no I/O, no third-party imports.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

from ladder.mapping import lexicon
from ladder.mapping.meaning import Carry, carry_for
from ladder.mapping.text import (
    STOPWORDS,
    clean,
    drop_file_scopes,
    drop_listed_types,
    gitmoji,
    persons_body,
    phrase_tokens,
    split_words,
    tokens,
    words,
)

if TYPE_CHECKING:
    from ladder.framework import Ladder


class Signal(NamedTuple):
    """One reason to put an item in an area (and maybe an expectation)."""

    area: str
    expectation: str  # "" when the signal only names the area
    weight: float  # negative for learned rejections
    why: str  # 'mentions "postmortem"' — the evidence side of a reason
    kind: str  # word | kind | commit-type | path | marker | source | learned | shape
    #: The bundled ladder's id the signal means, when it was carried over to another ladder's
    #: closest expectation ("" on the bundled ladder, and for the person's own decisions).
    concept: str = ""

    @property
    def base_area(self) -> str:
        """The bundled area this signal speaks for (its own area on the bundled ladder)."""
        return self.concept.split(".", 1)[0] if self.concept else self.area


class Hint(NamedTuple):
    """A mapping already stored for the item by a harvest source (origin ``source``)."""

    area: str
    expectation: str
    confidence: float
    reason: str
    source: str = ""


@dataclass
class MapItem:
    """What the mapper reads of an evidence item.

    Args:
        text: The title: a work-log line, commit subject, PR title, event title…
        kind: ``note``, ``commits``, ``pull-request``, ``review``, ``meeting``, ``doc``, ``ticket``…
        body: Longer text (a PR description, review comments); Markdown or HTML is fine.
        impact: The outcome, in the person's words.
        tags: Tags (without ``@``).
        data: The source's facts: ``paths``, ``subkind`` (calendar), ``kind``/``passed`` (docs).
        hints: Mappings a harvest source stored for the item.
    """

    text: str
    kind: str = "note"
    body: str | None = None
    impact: str | None = None
    tags: Sequence[str] = ()
    data: Mapping[str, Any] = field(default_factory=dict)
    hints: Sequence[Hint] = ()


# -- tuning (measured on the training split; see docs/mapping.md) ---------------------------------
FIELD_FACTOR = {"title": 1.0, "tag": 1.0, "impact": 0.6, "body": 0.5}
SOURCE_WEIGHT = 4.0  # times the hint's confidence
MARKER_WEIGHT = 0.3  # times the summed rarity of shared words
MARKER_CAP = 2.5  # at most this much from one ladder sentence
MARKER_MIN_WORDS = 2
MARKER_TOP = 2  # marker signals kept per item
MAX_PATHS = 200
BODY_CHARS = 2_000
#: Kinds of item that are a change the person made (not a review they gave).
_CHANGES = frozenset({"commits", "merge", "pull-request"})

#: "1:1" as people write it about a meeting — not "+1/-1", "1.1.x", "debug@~2.1.1" or "latin-1 (1".
#: Words are tokenised on letters and digits, so "1:1" is matched on the raw text instead.
#: (The "1" comes first and what may not stand before it is looked behind it: a pattern that
#: starts with a look-behind is tried at every character of a description, one that starts
#: with "1" only where a "1" is.)
_ONE_ON_ONE = re.compile(r"1(?<![\w.:/@~^+\-\u2212]1)\s?:\s?1(?:s)?(?![\w.:/\-])")
ONE_ON_ONE_TARGETS = (("career.feedback-loop", 2.5), ("mentorship.mentoring", 1.0))

_COMMIT_TYPE = re.compile(r"^\s*([a-z]+)(?:\(([^)]{0,60})\))?!?:\s")

_FIELD_WHY = {
    "title": 'mentions "{}"',
    "tag": "tagged @{}",
    "impact": 'its impact mentions "{}"',
    "body": 'its description mentions "{}"',
}

# A sense of a phrase: (area, expectation, weight, context or "" for any, cue context or "",
# the bundled id it was carried from or "").
_Sense = tuple[str, str, float, str, str, str]


class Rules:
    """The signal tables compiled for one ladder. Build with :meth:`compile`."""

    def __init__(self) -> None:
        self.areas: dict[str, str] = {}  # id → name, ladder order
        self.expectations: dict[str, str] = {}  # id → area id
        self.labels: dict[str, str] = {}  # target → label in reasons
        self.uni: dict[str, list[_Sense]] = {}
        # phrases of two or more words, by their first two words, longest first
        self.multi: dict[str, dict[str, list[tuple[tuple[str, ...], str, list[_Sense]]]]] = {}
        self.exact: dict[str, dict[str, list[tuple[tuple[str, ...], str, list[_Sense]]]]] = {}
        self._exact_starts: frozenset[str] = frozenset()
        self._ones: frozenset[str] = frozenset()  # the words of one-word phrases
        self._pairs: frozenset[tuple[str, str]] = frozenset()  # the first two words of others
        # a phrase's senses that need no context and set none, by id of its senses (the key of
        # what a text matched: see _record)
        self._plain: dict[int, list[_Sense]] = {}
        # the signals of a kind of item, made once (a Signal is immutable: items share them)
        self.kinds: dict[str, list[Signal]] = {}
        self.meetings: dict[str, list[Signal]] = {}
        self.docs: dict[str, list[Signal]] = {}
        self.commit_types: dict[str, tuple[str, str, float, str]] = {}
        self.paths: list[tuple[re.Pattern[str], str, str, float, str, str]] = []
        self._path_cache: dict[str, int] = {}
        # the ladder's own sentences (expectation texts and markers): word → (its rarity, the
        # sentences it is in, in order)
        self.marker_index: dict[str, tuple[float, tuple[int, ...]]] = {}
        self.sentences: list[tuple[str, str, str]] = []  # (expectation id, sentence, what)
        # how the lexicon's bundled ids land on this ladder (None: the ids are its own)
        self.carry: Carry | None = None

    # -- compiling --------------------------------------------------------------------------
    @classmethod
    def compile(cls, ladder: Ladder) -> Rules:
        """Compile the lexicon and the ladder's words for ``ladder``."""
        self = cls()
        for area in ladder.areas:
            self.areas[area.id] = area.name
            self.labels[area.id] = area.name
            for exp in area.expectations:
                self.expectations[exp.id] = area.id
                self.labels[exp.id] = lexicon.LABELS.get(exp.id) or _short_label(exp.id, exp.text)
        if not all(area in self.areas for area in lexicon.AREAS):
            # Another ladder: what the lexicon knows of a bundled area it lacks is carried over
            # to its closest expectation by meaning (see ladder.mapping.meaning).
            self.carry = carry_for(ladder)
        self._compile_words()
        self._exact_starts = frozenset(self.exact)
        self._ones = frozenset(self.uni)
        self._pairs = frozenset((a, b) for a, by2 in self.multi.items() for b in by2)
        every = [*self.uni.values()] + [
            entry[2]
            for table in (self.multi, self.exact)
            for by2 in table.values()
            for bucket in by2.values()
            for entry in bucket
        ]
        self._plain = {id(senses): [s for s in senses if not s[3] and not s[4]] for senses in every}
        self._compile_kinds()
        self._compile_markers(ladder)
        return self

    def target(self, target: str) -> tuple[str, str] | None:
        """A lexicon target as (area, expectation) in this ladder, or None if it has no such area.

        An id of the bundled ladder whose area this ladder lacks lands on the expectation (or
        area) closest to it in meaning; :meth:`concept` says which ones were carried.
        """
        if target in self.expectations:
            return self.expectations[target], target
        area = target.split(".", 1)[0]
        if area in self.areas:
            return area, ""
        if self.carry is not None:
            return self.carry.target(target)
        return None

    def concept(self, target: str) -> str:
        """``target`` when :meth:`target` carries it over to another id, else ""."""
        if self.carry is None or target in self.expectations:
            return ""
        return "" if target.split(".", 1)[0] in self.areas else target

    def resolve(self, target: str) -> tuple[str, str, str] | None:
        """A lexicon target as (area, expectation, concept) in this ladder (see :meth:`target`)."""
        where = self.target(target)
        return None if where is None else (where[0], where[1], self.concept(target))

    def _add_phrase(self, phrase: str, sense: _Sense | None) -> None:
        exact = phrase.startswith("=")  # "=talked to": the words as written, not their stems
        phrase = phrase.lstrip("=")
        toks = tuple(words(phrase)) if exact else phrase_tokens(phrase)
        if not toks:
            return
        if len(toks) == 1 and not exact:
            senses = self.uni.setdefault(toks[0], [])
        else:
            table = self.exact if exact else self.multi
            second = toks[1] if len(toks) > 1 else ""
            bucket = table.setdefault(toks[0], {}).setdefault(second, [])
            for entry in bucket:
                if entry[0] == toks:
                    senses = entry[2]
                    break
            else:
                senses = []
                bucket.append((toks, phrase, senses))
                bucket.sort(key=lambda e: -len(e[0]))
        if sense is not None and sense not in senses:
            senses.append(sense)

    def _compile_words(self) -> None:
        for target, groups in lexicon.WORDS.items():
            where = self.resolve(target)
            if where is None:
                continue
            for weight, phrases in groups:
                for phrase in _split(phrases):
                    self._add_phrase(phrase, (where[0], where[1], weight, "", "", where[2]))
        for context, groups_by_target in lexicon.IN_CONTEXT.items():
            for target, groups in groups_by_target.items():
                where = self.resolve(target)
                if where is None:
                    continue
                for weight, phrases in groups:
                    for phrase in _split(phrases):
                        self._add_phrase(
                            phrase, (where[0], where[1], weight, context, "", where[2])
                        )
        for context, phrases in lexicon.CUES.items():
            for phrase in _split(phrases):
                self._add_phrase(phrase, ("", "", 0.0, "", context, ""))
        for phrase in _split(lexicon.NEUTRAL):
            self._add_phrase(phrase, None)

    def _compile_kinds(self) -> None:
        def resolve(rows: list[tuple[str, float, str]]) -> list[Signal]:
            out = []
            for target, weight, why in rows:
                where = self.resolve(target)
                if where:
                    out.append(Signal(where[0], where[1], weight, why, "kind", where[2]))
            return out

        self.kinds = {k: resolve(v) for k, v in lexicon.KINDS.items()}
        self.meetings = {k: resolve(v) for k, v in lexicon.MEETINGS.items()}
        self.docs = {k: resolve(v) for k, v in lexicon.DOCS.items()}
        for ctype, (target, weight) in lexicon.COMMIT_TYPES.items():
            where = self.resolve(target)
            if where:
                self.commit_types[ctype] = (where[0], where[1], weight, where[2])
        for pattern, target, weight, what in lexicon.PATHS:
            where = self.resolve(target)
            if where:
                self.paths.append(
                    (re.compile(pattern, re.I), where[0], where[1], weight, what, where[2])
                )

    def _compile_markers(self, ladder: Ladder) -> None:
        """Index the words of every expectation's text and markers by rarity across the ladder."""
        bags: list[set[str]] = []
        for area in ladder.areas:
            for exp in area.expectations:
                self.sentences.append((exp.id, exp.text, "expectation"))
                bags.append(set(_content(exp.text)))
                for marker in exp.markers:
                    self.sentences.append((exp.id, marker, "marker"))
                    bags.append(set(_content(marker)))
        n = len(bags) or 1
        df: dict[str, int] = {}
        for bag in bags:
            for w in bag:
                df[w] = df.get(w, 0) + 1
        limit = max(3, n // 40)  # a word in many sentences says nothing about any one of them
        where: dict[str, list[int]] = {}
        for i, bag in enumerate(bags):
            for w in bag:
                if df[w] <= limit:
                    where.setdefault(w, []).append(i)
        self.marker_index = {w: (math.log(n / df[w]), tuple(at)) for w, at in where.items()}

    # -- reading an item --------------------------------------------------------------------
    def signals(self, item: MapItem, *, markers: bool = True) -> list[Signal]:
        """Every signal in ``item`` (unordered; duplicates of one phrase counted once); with
        ``markers`` False, none for the ladder sentences its title echoes (a caller that drops
        them anyway need not pay for them)."""
        out: list[Signal] = []
        kind = (item.kind or "note").lower()
        data = item.data or {}
        contexts: set[str] = set()
        if kind == "review":
            contexts.add("review")
        title = clean(item.text)
        if kind in _CHANGES:  # a commit's ":memo:" is its type
            title = gitmoji(title)
        prefix = self._commit_type(title, out)
        if prefix:  # "docs(api): …": the type is one signal, not also a word
            title = title[prefix:]
        title = drop_file_scopes(title)
        found: dict[int, tuple[float, str, list[_Sense], str]] = {}
        title_raw, title_toks = split_words(title)
        self._match(title_raw, title_toks, "title", found, contexts)
        if item.tags:
            for tag in item.tags:
                self._match(*split_words(tag.replace("-", " ")), "tag", found, contexts)
        if item.impact:
            self._match(*split_words(clean(item.impact)), "impact", found, contexts)
        body_toks: list[str] = []
        body = ""
        if item.body:
            body = persons_body(item.body)
            if kind in _CHANGES:  # "- chore: changelog" repeats a commit: its type is no word
                body = drop_listed_types(body)
            body = clean(body, BODY_CHARS)
        if body:
            body_raw, body_toks = split_words(body)
            self._match(body_raw, body_toks, "body", found, contexts)
        for fld, text in (("title", title), ("body", body)):
            if "1" in text and _ONE_ON_ONE.search(text):
                for target, weight in ONE_ON_ONE_TARGETS:
                    where = self.resolve(target)
                    if where:
                        why = _FIELD_WHY[fld].format("1:1")
                        out.append(
                            Signal(
                                where[0],
                                where[1],
                                weight * FIELD_FACTOR[fld],
                                why,
                                "word",
                                where[2],
                            )
                        )
                break
        if kind in _CHANGES:  # a change the person made: words about reviewing do not make
            contexts.discard("review")  # it a review they gave ("reviewed by", "review fixes")
        plain = self._plain
        for key, (factor, fld, senses, surface) in found.items():
            specific = [s for s in senses if s[3] and s[3] in contexts] if contexts else None
            use = specific or plain[key]
            why = _FIELD_WHY[fld].format(surface)
            for area, exp, weight, _ctx, _cue, concept in use:
                out.append(Signal(area, exp, weight * factor, why, "word", concept))
        self._kind_signals(kind, data, out)
        self._path_signals(data, out)
        if markers:
            self._marker_signals(title_toks, out)
        for h in item.hints:
            concept = ""
            if h.area not in self.areas and self.carry is not None:
                # a source speaks the bundled ladder's ids: carry its hint over
                concept = h.expectation or h.area
                landed = self.target(concept)
                if landed is not None:
                    h = h._replace(area=landed[0], expectation=landed[1])
            if h.area in self.areas:
                exp = h.expectation if h.expectation in self.expectations else ""
                who = f"the {h.source} source" if h.source else "its source"
                reason = f"{who} says: {h.reason}" if h.reason else f"{who} put it here"
                out.append(
                    Signal(
                        h.area,
                        exp,
                        SOURCE_WEIGHT * max(0.0, min(1.0, h.confidence)),
                        reason,
                        "source",
                        concept,
                    )
                )
        return out

    def _match(
        self,
        raw: list[str],
        toks: list[str],
        fld: str,
        found: dict[int, tuple[float, str, list[_Sense], str]],
        contexts: set[str],
    ) -> None:
        """Longest-phrase matching of stemmed ``toks`` against the lexicon, into ``found``
        (keyed by phrase; ``raw`` gives the words as written, for reasons)."""
        factor = FIELD_FACTOR[fld]
        uni, multi, exact = self.uni, self.multi, self.exact
        # Only positions where a phrase can start matter: find them with set operations (in C)
        # — the words of one-word phrases, the first two words of longer ones, the first words
        # of phrases matched as written — then walk just those, longest phrase first.
        ones = self._ones.intersection(toks)
        pairs = self._pairs.intersection(pairwise(toks))
        raw_starts = self._exact_starts.intersection(raw) if self._exact_starts else ()
        if not pairs and not raw_starts:
            # one-word phrases only (most texts: "the", "to", "for" start many phrases, but
            # hardly ever with their second word): none can hide another, and only the first
            # time each is written counts (found keeps it), so it is found in C (list.index)
            for i in sorted(map(toks.index, ones)):
                self._record(raw[i], uni[toks[i]], factor, fld, found, contexts)
            return
        starts = ones.union([first for first, _second in pairs])
        if raw_starts:
            at = [i for i, t in enumerate(toks) if t in starts or raw[i] in raw_starts]
        else:
            at = [i for i, t in enumerate(toks) if t in starts]
        n = len(toks)
        until = 0
        for i in at:
            if i < until:
                continue
            tok = toks[i]
            by2 = exact.get(raw[i]) if raw_starts else None
            if by2 is not None:
                hit = self._longest(by2, raw, i, n)
                if hit is not None:
                    k, senses = hit
                    self._record(" ".join(raw[i : i + k]), senses, factor, fld, found, contexts)
                    until = i + k
                    continue
            by2 = multi.get(tok)
            if by2 is not None:
                hit = self._longest(by2, toks, i, n)
                if hit is not None:
                    k, senses = hit
                    self._record(" ".join(raw[i : i + k]), senses, factor, fld, found, contexts)
                    until = i + k
                    continue
            senses1 = uni.get(tok)
            if senses1 is not None:
                self._record(raw[i], senses1, factor, fld, found, contexts)

    @staticmethod
    def _longest(
        by2: dict[str, list[tuple[tuple[str, ...], str, list[_Sense]]]],
        seq: list[str],
        i: int,
        n: int,
    ) -> tuple[int, list[_Sense]] | None:
        cands = by2.get(seq[i + 1]) if i + 1 < n else None
        if cands is None:
            cands = by2.get("")  # a one-word exact phrase
            if cands is None:
                return None
        for phrase, _surface, senses in cands:  # longest first
            k = len(phrase)
            if i + k <= n and tuple(seq[i : i + k]) == phrase:
                return k, senses
        return None

    @staticmethod
    def _record(
        surface: str,
        senses: list[_Sense],
        factor: float,
        fld: str,
        found: dict[int, tuple[float, str, list[_Sense], str]],
        contexts: set[str],
    ) -> None:
        if not senses:
            return
        for s in senses:
            if s[4]:
                contexts.add(s[4])
        if senses[0][4] and len(senses) == 1:
            return  # a pure cue: sets the context, says nothing itself
        key = id(senses)
        old = found.get(key)
        if old is None or old[0] < factor:
            found[key] = (factor, fld, senses, surface)

    def _commit_type(self, title: str, out: list[Signal]) -> int:
        """Add the signal of a conventional-commit type; return the prefix's length (0: none)."""
        m = _COMMIT_TYPE.match(title.lower())
        if not m:
            return 0
        ctype = m.group(1)
        rule = self.commit_types.get(ctype)
        if rule is None:
            return 0
        out.append(
            Signal(rule[0], rule[1], rule[2], f'a "{ctype}:" commit', "commit-type", rule[3])
        )
        return m.end(1)

    def _kind_signals(self, kind: str, data: Mapping[str, Any], out: list[Signal]) -> None:
        out.extend(self.kinds.get(kind, ()))
        if kind in ("meeting", "event"):
            sub = str(data.get("subkind") or "").strip().lower()
            sub = lexicon.MEETING_ALIASES.get(sub, sub)
            out.extend(self.meetings.get(sub, ()))
        elif kind == "doc":
            dkind = str(data.get("kind") or "").strip().lower()
            rows = self.docs.get(dkind, ())
            out.extend(rows)
            if rows and data.get("passed") is True:
                out.append(
                    rows[0]._replace(weight=0.5, why="it passes ladder's document checker")
                )

    def _path_signals(self, data: Mapping[str, Any], out: list[Signal]) -> None:
        paths = data.get("paths") or data.get("files")
        if not paths or not isinstance(paths, (list, tuple)):
            return
        paths = list(map(str, filter(None, paths[:MAX_PATHS])))
        if not paths:
            return
        hits: dict[int, list[str]] = {}
        cache = self._path_cache
        for p in paths:
            idx = cache.get(p)
            if idx is None:
                idx = -1
                for n, (rx, *_rest) in enumerate(self.paths):
                    if rx.search(p):
                        idx = n
                        break
                if len(cache) > 50_000:
                    cache.clear()
                cache[p] = idx
            if idx >= 0:
                hits.setdefault(idx, []).append(p)
        total = len(paths)
        for idx, matched in hits.items():
            _rx, area, exp, weight, what, concept = self.paths[idx]
            share = len(matched) / total
            if len(matched) == 1:
                why = f"touches {_short_path(matched[0])}"
            else:
                why = f"touches {what} ({len(matched)} of {total} files)"
            out.append(Signal(area, exp, weight * (0.6 + 0.4 * share), why, "path", concept))

    def _marker_signals(self, title: list[str], out: list[Signal]) -> None:
        """Signals for the ladder sentences (markers, expectation texts) the title echoes.

        Only the title: in a long description, incidental words ("read", "chose") line up with
        some ladder sentence by chance. Words are visited in sorted order so that ties between
        sentences break the same way in every process (set order varies with the hash seed).
        """
        index = self.marker_index
        words = sorted(index.keys() & title)
        if len(words) < MARKER_MIN_WORDS:
            return  # (most titles) no sentence can share enough of them
        # how many of the words each sentence holds, in the order the sentences come up (a tie
        # goes to the first); its score adds their rarities in the words' order
        held: dict[int, int] = {}
        for w in words:
            for i in index[w][1]:
                held[i] = held.get(i, 0) + 1
        best: dict[str, tuple[float, int]] = {}
        for i, shared in held.items():
            if shared < MARKER_MIN_WORDS:
                continue
            rarities = [index[w][0] for w in words if i in index[w][1]]
            score = rarities[0]
            for rarity in rarities[1:]:  # one by one, not sum(): the same float in any Python
                score += rarity
            exp = self.sentences[i][0]
            if exp not in best or best[exp][0] < score:
                best[exp] = (score, i)
        for exp, (score, i) in sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:MARKER_TOP]:
            _exp, sentence, what = self.sentences[i]
            why = f'reads like the ladder {what} "{_clip(sentence, 70)}"'
            weight = min(MARKER_CAP, MARKER_WEIGHT * score)
            near = self.carry.meaning.get(exp) if self.carry is not None else None
            concept = near.expectation if near is not None else ""
            out.append(Signal(self.expectations[exp], exp, weight, why, "marker", concept))

    def label(self, area: str, expectation: str = "") -> str:
        """``area: expectation label`` (or the area id alone), as reasons show it."""
        if expectation:
            return f"{area}: {self.labels.get(expectation, expectation)}"
        return area


def _split(phrases: str) -> list[str]:
    return [p.strip() for p in phrases.split(",") if p.strip()]


def _content(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOPWORDS and len(t) > 2]


def _short_label(exp_id: str, text: str) -> str:
    suffix = exp_id.split(".", 1)[-1]
    return suffix.replace("-", " ") if suffix else _clip(text, 40)


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _short_path(path: str) -> str:
    return path if len(path) <= 60 else "…" + path[-59:]


__all__ = ["Hint", "MapItem", "Rules", "Signal"]
