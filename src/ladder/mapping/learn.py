"""Learning from the person's decisions: their tags make similar items map the same way.

At map time the person's own mappings (origin ``user``) are read back with the items they
belong to. Each decided item contributes its *features*: the content words of its title and
tags, its kind (other than a plain note), a calendar subkind or document kind, and the top
folders of the paths it touches. A feature that two or more of the person's items share,
all put in the same area, becomes a signal for that area on every other item that has it;
a feature shared by two or more items from which the person *removed* an area becomes a
signal against it. The weight grows with how consistently the feature points one way.

This never overrides a decision: the items the person decided keep exactly what they said
(see :mod:`ladder.mapping.service`); learning only changes suggestions for other items, and
it reads the decisions afresh on every run, so un-tagging undoes what was learned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ladder.mapping.rules import MapItem, Signal
from ladder.mapping.text import clean, content_tokens

#: How many decided items must share a feature before it is learned.
MIN_ITEMS = 2
WORD_WEIGHT = 3.0
KIND_WEIGHT = 1.0
OTHER_WEIGHT = 2.0  # subkinds, document kinds, folders
CAP = 6.0


def features(item: MapItem) -> set[str]:
    """What makes two items similar: content words, kind, subkind, document kind, folders."""
    out = set(content_tokens(clean(item.text, 1_000)))
    for tag in item.tags:
        out.update(content_tokens(tag.replace("-", " ")))
    kind = (item.kind or "note").lower()
    if kind != "note":
        out.add("kind:" + kind)
    data = item.data or {}
    if data.get("subkind"):
        out.add("meeting:" + str(data["subkind"]).lower())
    if kind == "doc" and data.get("kind"):
        out.add("doc:" + str(data["kind"]).lower())
    paths = data.get("paths") or data.get("files")
    if isinstance(paths, (list, tuple)):
        for p in paths[:100]:
            parts = [x for x in str(p).split("/")[:-1] if x]
            if parts:
                out.add("dir:" + parts[0] + "/")
                if len(parts) > 1:
                    out.add("dir:" + "/".join(parts[:2]) + "/")
    return out


def _weight(feature: str) -> float:
    if feature.startswith("kind:"):
        return KIND_WEIGHT
    if ":" in feature:
        return OTHER_WEIGHT
    return WORD_WEIGHT


def _show(feature: str) -> str:
    if feature.startswith("kind:"):
        return f"kind {feature[5:]}"
    if feature.startswith(("meeting:", "doc:")):
        return feature.replace(":", " ", 1)
    if feature.startswith("dir:"):
        return feature[4:]
    return feature


@dataclass
class Decision:
    """One decided item: its features, the areas the person set and the ones they removed."""

    entry_id: int
    features: frozenset[str]
    accepted: dict[str, str] = field(default_factory=dict)  # area → expectation ("" if none)
    rejected: set[str] = field(default_factory=set)  # area ids


@dataclass
class _Stats:
    pos: set[int] = field(default_factory=set)
    neg: set[int] = field(default_factory=set)
    exps: dict[str, int] = field(default_factory=dict)


class Learned:
    """Per-person feature → area weights derived from their decisions.

    Args:
        decisions: The person's decided items.
    """

    def __init__(self, decisions: Iterable[Decision] = ()) -> None:
        self.decisions = list(decisions)
        self._by_feature: dict[str, dict[str, _Stats]] = {}
        self._seen: dict[str, int] = {}
        for d in self.decisions:
            for f in d.features:
                self._seen[f] = self._seen.get(f, 0) + 1
                areas = self._by_feature.setdefault(f, {})
                for area, exp in d.accepted.items():
                    st = areas.setdefault(area, _Stats())
                    st.pos.add(d.entry_id)
                    if exp:
                        st.exps[exp] = st.exps.get(exp, 0) + 1
                for area in d.rejected:
                    areas.setdefault(area, _Stats()).neg.add(d.entry_id)
        # keep only what enough items agree on
        self._index: dict[str, list[tuple[str, float, str, frozenset[int], bool]]] = {}
        for f, areas in self._by_feature.items():
            seen = self._seen[f]
            rows = []
            for area, st in areas.items():
                if len(st.pos) >= MIN_ITEMS:
                    exp = ""
                    if st.exps and len(st.exps) == 1:
                        ((exp, n),) = st.exps.items()
                        exp = exp if n == len(st.pos) else ""
                    rows.append(
                        (area, _weight(f) * len(st.pos) / seen, exp, frozenset(st.pos), True)
                    )
                if len(st.neg) >= MIN_ITEMS:
                    rows.append(
                        (area, -_weight(f) * len(st.neg) / seen, "", frozenset(st.neg), False)
                    )
            if rows:
                self._index[f] = rows

    def __bool__(self) -> bool:
        return bool(self._index)

    def __len__(self) -> int:
        return len(self.decisions)

    def signals(self, item: MapItem) -> list[Signal]:
        """Signals from similar decided items (at most one for and one against per area)."""
        index = self._index
        if not index:
            return []
        per: dict[tuple[str, bool], list[Any]] = {}
        for f in features(item):
            rows = index.get(f)
            if rows is None:
                continue
            for area, w, exp, ids, positive in rows:
                acc = per.setdefault((area, positive), [0.0, [], set(), {}])
                acc[0] += w
                acc[1].append((abs(w), f))
                acc[2] |= ids
                if exp:
                    acc[3][exp] = acc[3].get(exp, 0) + 1
        out = []
        for (area, positive), (w, feats, ids, exps) in per.items():
            w = max(-CAP, min(CAP, w))
            words = ", ".join(_show(f) for _, f in sorted(feats, reverse=True)[:3])
            exp = max(exps, key=exps.get) if exps and len(exps) == 1 else ""
            if positive:
                why = f"you put {len(ids)} similar items ({words}) in {area}"
            else:
                why = f"you removed {area} from {len(ids)} similar items ({words})"
            out.append(Signal(area, exp, w, why, "learned"))
        return out


def decisions_from_rows(
    rows: Iterable[Mapping[str, Any]],
    items: Mapping[int, MapItem],
) -> list[Decision]:
    """Group the person's ``user`` rows (evidence_id, area_id, expectation_id, confidence) by
    item into :class:`Decision` s; ``items`` gives each item's text, kind, tags and data."""
    out: dict[int, Decision] = {}
    for r in rows:
        eid = int(r["evidence_id"])
        item = items.get(eid)
        if item is None:
            continue
        d = out.get(eid)
        if d is None:
            d = out[eid] = Decision(eid, frozenset(features(item)))
        if float(r["confidence"]) > 0:
            area = r["area_id"]
            if r["expectation_id"] or area not in d.accepted:
                d.accepted[area] = r["expectation_id"] or ""
        elif not r["expectation_id"]:
            d.rejected.add(r["area_id"])
    return list(out.values())


__all__ = ["Decision", "Learned", "decisions_from_rows", "features"]
