"""What an expectation means, in terms of the bundled ladder.

Any ladder (the bundled one, a company's own, one made by ``framework import``) states its
expectations in its own words and ids. The bundled ladder is the one ladder knows well: its
expectations have markers, actions and a curated lexicon (:mod:`ladder.mapping.lexicon`).
:class:`Meaning` finds, for any expectation of any ladder, the closest bundled expectations
by what they say, so that what ladder knows about the bundled one can be carried over:

- the mapper's signals (tied to bundled ids) land on the installed ladder's closest
  expectation (:meth:`Meaning.carry`);
- a ladder without actions gets the actions of the closest bundled expectation, with the
  words "suggested from the bundled ladder's …" (:mod:`ladder.readiness`).

The measure is TF-IDF cosine over stemmed words (:mod:`ladder.mapping.text`). A bundled
expectation's document is its text, its markers, its label, its area's name, and the words the
lexicon lists for it (weighted as the lexicon weighs them), so an imported "Runs blameless
incident reviews" finds ``operations.incidents-rca`` through "incident" and "blameless" even
where the bundled sentence says "postmortem". A small bonus goes to the same place on the
level scale (a senior expectation to a senior one). Deterministic: ties break on ids.

Example:
    >>> m = Meaning.bundled()
    >>> m.closest("Leads incident reviews and follows up the actions", level_rank=0.6)[0].expectation
    'operations.incidents-rca'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ladder.mapping import lexicon
from ladder.mapping.text import STOPWORDS, clean, phrase_tokens, split_words

if TYPE_CHECKING:
    from ladder.framework import Expectation, Ladder

#: Weights of the parts of a bundled expectation's document.
TEXT, MARKER, LABEL, AREA_NAME = 1.0, 0.6, 1.0, 0.5
#: A lexicon phrase counts its weight over this (a phrase of weight 3 counts 1 per word).
LEXICON_SCALE = 3.0
#: At most this share of the score moves with the distance between levels (0 … 1 of the scale).
LEVEL_SHARE = 0.15
#: A match shares at least this many words (stems) with the text.
MIN_SHARED = 2
#: Below this score a match says too little to carry anything over.
MIN_SCORE = 0.08
#: A bundled expectation lands outside the installed area its own area maps to only when the
#: match there is at least this good, and this many times the best match inside.
CROSS_MIN, CROSS_RATIO = 0.25, 1.5

_NUMBERED = re.compile(r"(?:^|\n)\s*(?:\d+[.)]|[-*•])\s+")


@dataclass(frozen=True)
class Match:
    """A bundled expectation close in meaning to some text."""

    expectation: str  # bundled expectation id
    area: str  # its area id
    label: str  # how ladder names it: "incidents and root-cause analysis"
    score: float  # 0 … 1
    shared: tuple[str, ...]  # the words that carry the match, as the text wrote them

    @property
    def reason(self) -> str:
        """'shares "incident", "review" with the bundled ladder's "incidents and root-cause analysis"'."""
        words = ", ".join(f'"{w}"' for w in self.shared[:3])
        return f'shares {words} with the bundled ladder\'s "{self.label}" ({self.score:.0%})'

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "expectation": self.expectation,
            "area": self.area,
            "label": self.label,
            "score": round(self.score, 3),
            "shared": list(self.shared),
            "reason": self.reason,
        }


class Meaning:
    """The bundled ladder's expectations, indexed for matching by meaning.

    Args:
        base: The bundled ladder (or any ladder to match against).
    """

    def __init__(self, base: Ladder) -> None:
        self.base = base
        order = [lv.id for lv in base.levels]
        self._rank = {
            lv: (i / (len(order) - 1) if len(order) > 1 else 0.0) for i, lv in enumerate(order)
        }
        self.ids: list[str] = []
        self.area_of: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.level_rank: dict[str, float] = {}
        self.expectation: dict[str, Expectation] = {}
        bags: list[dict[str, float]] = []
        area_words: dict[str, list[tuple[float, str]]] = {}
        for target, groups in lexicon.WORDS.items():
            area_words.setdefault(target, []).extend(groups)
        for area in base.areas:
            for exp in area.expectations:
                bag: dict[str, float] = {}
                _add(bag, exp.text, TEXT)
                for marker in exp.markers:
                    _add(bag, marker, MARKER)
                label = lexicon.LABELS.get(exp.id) or exp.text
                _add(bag, label, LABEL)
                _add(bag, area.name, AREA_NAME)
                for weight, phrases in area_words.get(exp.id, ()):
                    for phrase in phrases.split(","):
                        for tok in phrase_tokens(phrase.strip().lstrip("=")):
                            if _useful(tok):
                                bag[tok] = bag.get(tok, 0.0) + weight / LEXICON_SCALE
                self.ids.append(exp.id)
                self.area_of[exp.id] = area.id
                self.labels[exp.id] = label
                self.level_rank[exp.id] = self._rank.get(exp.level, 0.5)
                self.expectation[exp.id] = exp
                bags.append(bag)
        n = len(bags)
        df: dict[str, int] = {}
        for bag in bags:
            for tok in bag:
                df[tok] = df.get(tok, 0) + 1
        self.idf = {tok: math.log((n + 1) / (d + 0.5)) for tok, d in df.items()}
        self.vectors = [
            _unit({t: (1 + math.log1p(w)) * self.idf[t] for t, w in bag.items()}) for bag in bags
        ]
        self._index: dict[str, list[tuple[int, float]]] = {}
        for i, vec in enumerate(self.vectors):
            for tok in sorted(vec):
                self._index.setdefault(tok, []).append((i, vec[tok]))

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def bundled(cls) -> Meaning:
        """The index of the bundled ladder (built once per process)."""
        global _BUNDLED
        if _BUNDLED is None:
            from ladder import framework

            _BUNDLED = cls(framework.parse(framework.default_source()[1]))
        return _BUNDLED

    # -- matching ---------------------------------------------------------------------------
    def closest(
        self,
        text: str,
        *,
        area_name: str = "",
        level_rank: float | None = None,
        k: int = 3,
        within: Sequence[str] | None = None,
        common: Mapping[str, float] | None = None,
    ) -> list[Match]:
        """The ``k`` bundled expectations closest in meaning to ``text``, best first.

        Args:
            text: The expectation's text (markers may be appended).
            area_name: The name of its area ("Incident response"), read at a lower weight.
            level_rank: Where its level sits on its ladder's scale (0 lowest … 1 highest).
            k: How many to return.
            within: Only these bundled area ids.
            common: Per stem, how much it still counts (0 … 1) because it is common in the
                text's own ladder (:func:`specificity`): "team" in half the FT competencies
                says little about any one of them.
        """
        query, surface = self._query(text, area_name, common)
        if not query:
            return []
        scores: dict[int, float] = {}
        for tok, qw in query.items():
            for i, dw in self._index.get(tok, ()):
                scores[i] = scores.get(i, 0.0) + qw * dw
        out = []
        for i, s in scores.items():
            exp = self.ids[i]
            if within is not None and self.area_of[exp] not in within:
                continue
            if level_rank is not None:
                s *= 1.0 - LEVEL_SHARE * abs(level_rank - self.level_rank[exp])
            out.append((s, exp, i))
        out.sort(key=lambda t: (-t[0], t[1]))
        matches: list[Match] = []
        for s, exp, i in out:
            if len(matches) == k:
                break
            vec = self.vectors[i]
            carry = sorted((t for t in query if t in vec), key=lambda t: (-query[t] * vec[t], t))
            if len(carry) < MIN_SHARED:
                continue  # one stray word in common ("every", "around") is no likeness
            matches.append(
                Match(
                    expectation=exp,
                    area=self.area_of[exp],
                    label=self.labels[exp],
                    score=round(min(1.0, s), 4),
                    shared=tuple(surface[t] for t in carry[:5]),
                )
            )
        return matches

    def closest_to(self, exp: Expectation, ladder: Ladder, *, k: int = 3) -> list[Match]:
        """The bundled expectations closest to ``exp``, an expectation of ``ladder``."""
        area = next((a for a in ladder.areas if a.id == exp.area), None)
        return self.closest(
            _whole(exp),
            area_name=area.name if area else "",
            level_rank=level_ranks(ladder).get(exp.level),
            k=k,
            common=specificity(ladder),
        )

    def suggest(self, exp: Expectation, ladder: Ladder, *, k: int = 3) -> list[Match]:
        """Bundled expectations whose actions fit ``exp``: the closest one to each part of its
        text (a numbered list states several things), best first, then the closest to the
        whole; at most ``k``, each above :data:`MIN_SCORE`."""
        area = next((a for a in ladder.areas if a.id == exp.area), None)
        name = area.name if area else ""
        rank = level_ranks(ladder).get(exp.level)
        common = specificity(ladder)
        parts = _parts(exp.text)
        found: list[Match] = []
        seen: set[str] = set()
        by_part = [
            m
            for part in parts
            for m in self.closest(part, area_name=name, level_rank=rank, k=1, common=common)
        ]
        by_part.sort(key=lambda m: (-m.score, m.expectation))  # the clearest part first
        whole = self.closest(_whole(exp), area_name=name, level_rank=rank, k=k, common=common)
        for m in (*by_part, *whole):
            if m.score >= MIN_SCORE and m.expectation not in seen:
                seen.add(m.expectation)
                found.append(m)
        return found[:k]

    def carry(self, ladder: Ladder) -> Carry:
        """How the bundled ladder's ids carry over to ``ladder``'s (see :class:`Carry`)."""
        return Carry.build(self, ladder)

    def _query(
        self, text: str, area_name: str, common: Mapping[str, float] | None = None
    ) -> tuple[dict[str, float], dict[str, str]]:
        bag: dict[str, float] = {}
        surface: dict[str, str] = {}
        for part, weight in ((text, 1.0), (area_name, AREA_NAME)):
            raw, toks = split_words(clean(part))
            for w, tok in zip(raw, toks, strict=True):
                if tok in self.idf and _useful(tok):
                    factor = common.get(tok, 1.0) if common is not None else 1.0
                    bag[tok] = bag.get(tok, 0.0) + weight * factor
                    surface.setdefault(tok, w)
        return _unit({t: (1 + math.log1p(w)) * self.idf[t] for t, w in bag.items()}), surface


@dataclass(frozen=True)
class Carry:
    """Where each bundled id lands on another ladder.

    ``expectations`` maps a bundled expectation id to the installed ladder's closest
    expectation (within the same area id when the ladder has that area); ``areas`` maps a
    bundled area id to the installed area that best covers its expectations; ``meaning`` maps
    each installed expectation to its closest bundled one. Ids the installed ladder shares
    with the bundled one map to themselves.
    """

    expectations: dict[str, tuple[str, str]]  # bundled exp → (installed area, installed exp)
    areas: dict[str, str]  # bundled area → installed area
    meaning: dict[str, Match]  # installed exp → closest bundled expectation
    bases: dict[str, str]  # installed area → the bundled area it means most

    @classmethod
    def build(cls, m: Meaning, ladder: Ladder) -> Carry:
        """Compare every installed expectation with every bundled one (both ways)."""
        mine = [(a, e) for a in ladder.areas for e in a.expectations]
        ids = {e.id for _a, e in mine}
        area_ids = {a.id for a in ladder.areas}
        ranks = level_ranks(ladder)
        common = specificity(ladder)
        sims: dict[tuple[str, str], float] = {}  # (installed exp, bundled exp) → score
        meaning: dict[str, Match] = {}
        for area, exp in mine:
            rank = ranks.get(exp.level)
            found = m.closest(
                _whole(exp), area_name=area.name, level_rank=rank, k=len(m.ids), common=common
            )
            if found:
                meaning[exp.id] = found[0]
            # a long text states several things: each part may carry a bundled expectation
            for part in (_whole(exp), *_parts(exp.text)):
                for x in m.closest(
                    part, area_name=area.name, level_rank=rank, k=len(m.ids), common=common
                ):
                    key = (exp.id, x.expectation)
                    if x.score > sims.get(key, 0.0):
                        sims[key] = x.score
        # An area first: the installed area that best covers the bundled area's expectations
        # (many matches agree more than one does), then its expectation closest to each.
        areas: dict[str, str] = {}
        order = {a.id: i for i, a in enumerate(ladder.areas)}
        for b_area in dict.fromkeys(m.area_of.values()):
            if b_area in area_ids:
                areas[b_area] = b_area
                continue
            cover: dict[str, float] = {}
            strongest: dict[str, float] = {}
            for b in (x for x in m.ids if m.area_of[x] == b_area):
                best_in: dict[str, float] = {}
                for a, e in mine:
                    s = sims.get((e.id, b), 0.0)
                    if s > best_in.get(a.id, 0.0):
                        best_in[a.id] = s
                for aid, s in best_in.items():
                    cover[aid] = cover.get(aid, 0.0) + s
                    strongest[aid] = max(strongest.get(aid, 0.0), s)
            # an area that shares only stray words with this one is no home for it
            cover = {aid: c for aid, c in cover.items() if strongest[aid] >= MIN_SCORE}
            if cover:
                areas[b_area] = min(cover, key=lambda aid: (-cover[aid], order[aid]))
        expectations: dict[str, tuple[str, str]] = {}
        for b in m.ids:
            b_area = m.area_of[b]
            if b in ids:
                expectations[b] = (b_area, b)
                continue
            home = areas.get(b_area)
            ranked = sorted(
                ((sims.get((e.id, b), 0.0), a.id, e.id) for a, e in mine),
                key=lambda t: (-t[0], order[t[1]], t[2]),
            )
            inside = next((t for t in ranked if t[1] == home), None)
            best = ranked[0] if ranked else None
            # one expectation leaves its area's home only on a much closer match elsewhere
            if (
                best is not None
                and best[1] != home
                and b_area not in area_ids
                and (
                    inside is None or (best[0] >= CROSS_MIN and best[0] >= CROSS_RATIO * inside[0])
                )
            ):
                pick: tuple[float, str, str] | None = best
            else:
                pick = inside
            if pick is not None and pick[0] >= MIN_SCORE:
                expectations[b] = (pick[1], pick[2])
        bases: dict[str, str] = {}
        bundled_areas = set(m.area_of.values())
        for a in ladder.areas:
            if a.id in bundled_areas:
                bases[a.id] = a.id
                continue
            votes: dict[str, float] = {}
            for e in a.expectations:
                if e.id in meaning:
                    votes[meaning[e.id].area] = (
                        votes.get(meaning[e.id].area, 0.0) + meaning[e.id].score
                    )
            if votes:
                bases[a.id] = min(votes, key=lambda b: (-votes[b], b))
        return cls(expectations=expectations, areas=areas, meaning=meaning, bases=bases)

    def target(self, bundled: str) -> tuple[str, str] | None:
        """A bundled area or expectation id as (area, expectation) of the installed ladder."""
        if bundled in self.expectations:
            return self.expectations[bundled]
        area = self.areas.get(bundled.split(".", 1)[0])
        return (area, "") if area else None

    def base_area(self, area: str) -> str:
        """The bundled area an installed area means most (itself when the ids match)."""
        return self.bases.get(area, area)


@dataclass(frozen=True)
class Suggested:
    """An action for an expectation whose ladder gives none, and where it came from."""

    text: str
    origin: str  # 'suggested from the bundled ladder's "incidents and root-cause analysis"'
    expectation: str = ""  # the bundled expectation it was taken from ("" for the text's own)


#: How many bundled expectations lend their first action to one expectation without actions.
LEND = 2
_carry_cache: dict[str, Carry] = {}
_suggested_cache: dict[str, dict[str, tuple[Suggested, ...]]] = {}


def carry_for(ladder: Ladder) -> Carry:
    """:meth:`Meaning.carry` of the bundled index for ``ladder``, once per ladder version."""
    key = f"{ladder.id}@{ladder.version}#{ladder.checksum}"
    found = _carry_cache.get(key)
    if found is None:
        if len(_carry_cache) > 8:
            _carry_cache.clear()
        found = _carry_cache[key] = Meaning.bundled().carry(ladder)
    return found


def suggested_actions(ladder: Ladder) -> dict[str, tuple[Suggested, ...]]:
    """Actions for every expectation of ``ladder`` that has none of its own.

    Each gets the first action of the :data:`LEND` bundled expectations closest to it (to each
    part of its text first), then one drawn from its own text, each saying where it came from.
    Expectations with actions of their own are not in the result. Once per ladder version.
    """
    key = f"{ladder.id}@{ladder.version}#{ladder.checksum}"
    found = _suggested_cache.get(key)
    if found is not None:
        return found
    out: dict[str, tuple[Suggested, ...]] = {}
    bare = [e for e in ladder.expectations() if not e.actions]
    if bare:  # the bundled ladder has actions throughout: no index to build for it
        m = Meaning.bundled()
        for exp in bare:
            got: list[Suggested] = []
            for match in m.suggest(exp, ladder, k=LEND):
                actions = m.expectation[match.expectation].actions
                if actions and all(g.text != actions[0] for g in got):
                    origin = f'suggested from the bundled ladder\'s "{match.label}"'
                    got.append(Suggested(actions[0], origin, match.expectation))
            got.append(Suggested(own_action(exp.text), "drawn from the expectation's own text"))
            out[exp.id] = tuple(got)
    if len(_suggested_cache) > 8:
        _suggested_cache.clear()
    _suggested_cache[key] = out
    return out


def own_action(text: str) -> str:
    """An action drawn from an expectation's text: do one piece of work that shows it."""
    first = (_parts(text) or [text])[0]
    first = " ".join(first.replace("\u200b", "").split()).rstrip(".")
    if len(first) > 160:
        first = first[:159].rstrip() + "…"
    return f'Pick one piece of work this month that shows "{first}", and log what it changed'


def specificity(ladder: Ladder) -> dict[str, float]:
    """How much each stem of ``ladder``'s expectations says about any one of them (0 … 1):
    its inverse document frequency over the ladder's own expectations, over the largest one.
    A word in most of a ladder's sentences ("team", "work") counts little when matching them."""
    bags = [
        {t for t in split_words(clean(_whole(e)))[1] if _useful(t)} for e in ladder.expectations()
    ]
    n = len(bags)
    if n < 2:
        return {}
    df: dict[str, int] = {}
    for bag in bags:
        for t in bag:
            df[t] = df.get(t, 0) + 1
    top = math.log((n + 1) / 0.5)
    return {t: math.log((n + 1) / (d + 0.5)) / top for t, d in df.items()}


def level_ranks(ladder: Ladder) -> dict[str, float]:
    """Each level's place on the ladder's scale, 0 (lowest) … 1 (highest)."""
    order = [lv.id for lv in ladder.levels]
    if len(order) < 2:
        return {lv: 0.5 for lv in order}
    return {lv: i / (len(order) - 1) for i, lv in enumerate(order)}


_SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9])")


def _parts(text: str) -> list[str]:
    """The things a text states: its numbered or bulleted items, else its sentences (three
    words or more each); none when it states one thing."""
    items = [p for p in _NUMBERED.split(text) if p.strip()]
    if len(items) < 2:
        items = _SENTENCE.split(text)
    parts = [p.strip() for p in items if len(p.split()) >= 3]
    return parts if len(parts) > 1 else []


def _whole(exp: Expectation) -> str:
    return " \n".join((exp.text, *exp.markers))


def _add(bag: dict[str, float], text: str, weight: float) -> None:
    _raw, toks = split_words(clean(text))
    for tok in toks:
        if _useful(tok):
            bag[tok] = bag.get(tok, 0.0) + weight


def _useful(tok: str) -> bool:
    return tok not in STOPWORDS and (len(tok) > 2 or (len(tok) == 2 and not tok.isalpha()))


def _unit(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm > 0 else {}


_BUNDLED: Meaning | None = None

__all__ = [
    "Carry",
    "Match",
    "Meaning",
    "Suggested",
    "carry_for",
    "level_ranks",
    "own_action",
    "suggested_actions",
]
