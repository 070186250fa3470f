"""Mapping evidence onto the ladder, with a confidence and a reason a person would accept.

Every evidence item, typed or harvested, gets zero or more (area, expectation) mappings:

- :mod:`ladder.mapping.rules` reads an item into *signals*: curated words per area and
  expectation (:mod:`ladder.mapping.lexicon`), the kind of item (a review, a calendar
  interview, a runbook), conventional-commit types, the paths a change touches, the
  ladder's own markers, a harvest source's hint, and what the person taught it;
- :mod:`ladder.mapping.mapper` turns signals into suggestions with a confidence and a reason
  such as ``mentions "postmortem" → operations: incidents and root-cause analysis``;
- :mod:`ladder.mapping.learn` derives per-person weights from the person's own decisions;
- :mod:`ladder.mapping.service` stores suggestions (origin ``mapper``), explains them, and
  records the person's decisions (origin ``user``; a rejection is confidence 0), which always
  win and persist across re-mapping and re-harvesting.

Library use::

    >>> ws.map()                       # doctest: +SKIP  (new and changed items)
    >>> ws.why(12).to_dict()           # doctest: +SKIP
    >>> ws.tag(12, area="operations")  # doctest: +SKIP

Measured on a labelled set, in ``bench/eval_mapper.py``; documented in ``docs/mapping.md``.
"""

from __future__ import annotations

from ladder.mapping.learn import Learned
from ladder.mapping.mapper import Mapper, Suggestion, mapper_for
from ladder.mapping.rules import Hint, MapItem, Signal
from ladder.mapping.service import (
    REJECTED_REASON,
    Classified,
    Explanation,
    MapSummary,
    Row,
    TagResult,
    classify,
    effective,
    explain,
    last_mapped,
    learned_for,
    map_items,
    pending,
    prepare,
    tag,
)

__all__ = [
    "REJECTED_REASON",
    "Classified",
    "Explanation",
    "Hint",
    "Learned",
    "MapItem",
    "MapSummary",
    "Mapper",
    "Row",
    "Signal",
    "Suggestion",
    "TagResult",
    "classify",
    "effective",
    "explain",
    "last_mapped",
    "learned_for",
    "map_items",
    "mapper_for",
    "pending",
    "prepare",
    "tag",
]
