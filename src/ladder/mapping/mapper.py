"""The mapper: signals → areas and expectations, each with a confidence and a reason.

Scores are sums of signal weights per area (and per expectation inside it). An area is
suggested when its score reaches :data:`MIN_SCORE`; a second or third area also needs
:data:`SECOND_RATIO` of the best one's score. Inside an area the expectation with the most
weight is named when it has at least :data:`EXPECTATION_MIN`, else the mapping names the area
only. The confidence grows with the score and shrinks when other areas compete.

The reason names the strongest one or two signals and where they point::

    mentions "postmortem" and a postmortem you wrote → operations: incidents and root-cause analysis

Example:
    >>> from ladder import framework
    >>> ladder = framework.parse(framework.default_source()[1])
    >>> m = Mapper(ladder)
    >>> m.suggest(MapItem("test: cover the refund path", kind="commits"))[0].area
    'code-quality'
"""

from __future__ import annotations

import math
import operator
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ladder.mapping import lexicon
from ladder.mapping.rules import Hint, MapItem, Rules, Signal

if TYPE_CHECKING:
    from ladder.framework import Ladder
    from ladder.mapping.learn import Learned

MIN_SCORE = 1.4
SECOND_RATIO = 0.6
SECOND_MIN = 2.0
MAX_AREAS = 3
EXPECTATION_MIN = 1.0
MAX_CONFIDENCE = 0.95  # 1.0 is for what a person decided
#: Inside an area, the n-th strongest signal counts DECAY[n] of its weight: one decisive
#: signal ("a talk") is not outvoted by a pile of topic words ("memory leak", "debug").
DECAY = (1.0, 0.7, 0.5, 0.4)
#: Where merging someone else's work counts: review and maintainership.
MERGED_TARGET = ("code-quality", "code-quality.reviews")


@dataclass(frozen=True)
class Suggestion:
    """One mapping the mapper proposes."""

    area: str
    expectation: str
    confidence: float
    reason: str
    score: float
    signals: tuple[Signal, ...] = ()  # this area's signals, strongest first

    def to_dict(self, *, signals: bool = False) -> dict[str, Any]:
        """A JSON-ready view (with the signals when asked)."""
        out: dict[str, Any] = {
            "area": self.area,
            "expectation": self.expectation,
            "confidence": self.confidence,
            "reason": self.reason,
        }
        if signals:
            out["signals"] = [signal_dict(s) for s in self.signals]
        return out


def signal_dict(s: Signal) -> dict[str, Any]:
    """A signal as JSON-ready data."""
    return {
        "area": s.area,
        "expectation": s.expectation,
        "weight": round(s.weight, 2),
        "why": s.why,
        "kind": s.kind,
    }


class Mapper:
    """Maps evidence onto one ladder.

    Args:
        ladder: The ladder to map onto (its areas, expectations and markers).
    """

    def __init__(self, ladder: Ladder) -> None:
        self.ladder = ladder
        self.rules = Rules.compile(ladder)
        self._order = {a: i for i, a in enumerate(self.rules.areas)}

    def signals(
        self, item: MapItem, *, learned: Learned | None = None, markers: bool = True
    ) -> list[Signal]:
        """Every signal for ``item``, strongest first (``markers``: see :meth:`Rules.signals`)."""
        sigs = self.rules.signals(item, markers=markers)
        if learned is not None and learned:
            sigs.extend(learned.signals(item))
        sigs.sort(key=lambda s: -abs(s.weight))
        return sigs

    def suggest(
        self,
        item: MapItem,
        *,
        rejected: Collection[str] = (),
        learned: Learned | None = None,
    ) -> list[Suggestion]:
        """Where ``item`` belongs: zero to :data:`MAX_AREAS` suggestions, best first.

        Args:
            item: The evidence.
            rejected: Area or expectation ids the person removed from this item: never
                suggested.
            learned: The person's decisions on other items (:class:`ladder.mapping.learn.Learned`).
        """
        role = str((item.data or {}).get("role") or "authored")
        if role in ("bot", "other"):
            return []  # nobody's work, or not the person's: it shows nothing about them
        if role == "merged":
            return self._merged(rejected, applied=bool((item.data or {}).get("applied")))
        return self.rank(self.signals(item, learned=learned), rejected=rejected)

    def _merged(self, rejected: Collection[str], *, applied: bool = False) -> list[Suggestion]:
        """Someone else's work the person merged (or ``applied``, a contribution committed in
        its author's name in the subject): review and maintainership, nothing more."""
        where = self.rules.resolve(MERGED_TARGET[1])  # another ladder: its closest expectation
        if where is None or where[0] in rejected:
            return []
        area, exp, concept = where
        if exp not in self.rules.expectations or exp in rejected:
            exp = ""
        why = "you applied someone else's change" if applied else "you merged someone else's change"
        return [
            Suggestion(
                area=area,
                expectation=exp,
                confidence=0.5,
                reason=f"{why} → {self.rules.label(area, exp)}",
                score=MIN_SCORE,
                signals=(Signal(area, exp, MIN_SCORE, why, "kind", concept),),
            )
        ]

    def rank(self, sigs: Iterable[Signal], *, rejected: Collection[str] = ()) -> list[Suggestion]:
        """Turn signals into suggestions (see the module docstring)."""
        by_area: dict[str, list[Signal]] = {}
        for s in sigs:
            area = s.area
            if area not in rejected:
                mine = by_area.get(area)
                if mine is None:
                    by_area[area] = [s]
                else:
                    mine.append(s)
        if not by_area:
            return []
        area_score: dict[str, float] = {}
        exp_score: dict[str, float] = {}
        decay = DECAY
        last = decay[-1]
        for area, mine in by_area.items():
            if len(mine) > 1:
                mine.sort(key=_weight, reverse=True)
            total_a = 0.0
            # strongest first: the n-th signal with a weight above 0 is the n-th of the list
            for n, s in enumerate(mine):
                w, e = s.weight, s.expectation
                if w > 0:
                    w *= decay[n] if n < len(decay) else last
                total_a += w
                if e and e not in rejected:
                    exp_score[e] = exp_score.get(e, 0.0) + w
            area_score[area] = total_a
        ranked = [a for a, v in area_score.items() if v >= MIN_SCORE]
        if not ranked:
            return []
        if len(ranked) > 1:
            order = self._order
            ranked.sort(key=lambda a: (-area_score[a], order.get(a, 99)))
        top = area_score[ranked[0]]
        # a second or third area must be strong, and rest on more than the ladder's wording
        keep = [ranked[0]] + [
            a
            for a in ranked[1:MAX_AREAS]
            if area_score[a] >= max(SECOND_MIN, SECOND_RATIO * top)
            and any(s.kind != "marker" and s.weight > 0 for s in by_area[a])
        ]
        total = sum(v for v in area_score.values() if v > 0)
        out = []
        expectations = self.rules.expectations
        for area in keep:
            score = area_score[area]
            best_exp, best = "", EXPECTATION_MIN
            for s in by_area[area]:
                e = s.expectation
                if (
                    e
                    and exp_score.get(e, 0.0) >= best
                    and expectations.get(e) == area
                    and (exp_score[e] > best or not best_exp)
                ):
                    best_exp, best = e, exp_score[e]
            share = score / total if total > 0 else 1.0
            conf = (1.0 - math.exp(-score / 3.0)) * (0.5 + 0.5 * share)
            conf = round(max(0.05, min(MAX_CONFIDENCE, conf)), 2)
            mine = by_area[area]
            out.append(
                Suggestion(
                    area=area,
                    expectation=best_exp,
                    confidence=conf,
                    reason=self._reason(area, best_exp, mine),
                    score=round(score, 3),
                    signals=tuple(mine),
                )
            )
        return out

    def _reason(self, area: str, exp: str, sigs: list[Signal]) -> str:
        """'<the strongest one or two signals> → <area>: <expectation label>'."""
        pointing = [s for s in sigs if s.weight > 0 and (not s.expectation or s.expectation == exp)]
        rest = [s for s in sigs if s.weight > 0 and s.expectation and s.expectation != exp]
        whys: list[str] = []
        for s in pointing + rest:
            if s.why not in whys:
                whys.append(s.why)
            if len(whys) == 2:
                break
        if len(whys) == 2 and whys[0].startswith("mentions ") and whys[1].startswith("mentions "):
            whys = [whys[0] + " and " + whys[1][len("mentions ") :]]
        reason = f"{' and '.join(whys)} → {self.rules.label(area, exp)}"
        carried = next((s.concept for s in pointing + rest if s.concept and s.weight > 0), "")
        if carried:  # another ladder: say which bundled expectation the signals spoke for
            reason += f' (closest to the bundled ladder\'s "{lexicon.LABELS.get(carried, carried)}")'
        return reason


_weight = operator.itemgetter(2)  # Signal.weight
_cache: dict[str, Mapper] = {}


def mapper_for(ladder: Ladder) -> Mapper:
    """A :class:`Mapper` for ``ladder``, compiled once per ladder version (by checksum)."""
    key = f"{ladder.id}@{ladder.version}#{ladder.checksum}"
    found = _cache.get(key)
    if found is None:
        if len(_cache) > 8:
            _cache.clear()
        found = _cache[key] = Mapper(ladder)
    return found


__all__ = ["Hint", "MapItem", "Mapper", "Signal", "Suggestion", "mapper_for", "signal_dict"]
