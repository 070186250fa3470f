"""What a commit's subject reverts, as git writes it.

``Revert "Add retry budget"`` undoes "Add retry budget"; a revert of that revert is
``Revert "Revert "Add retry budget""``, or, from git 2.43 on, ``Reapply "Add retry budget"``.
The git source keeps such subjects in order and the judge counts them (a change and its revert
in one item are no work; reapplied, the change stands). Standard library only: the git source
reads it without loading the mapping package.
"""

from __future__ import annotations

import re

_REVERT = re.compile(r'^\s*revert\s+"(.+)"\s*$', re.I)
_REAPPLY = re.compile(r'^\s*reapply\s+"(.+)"\s*$', re.I)


def reverted(subject: str) -> str | None:
    """The subject that ``subject`` reverts, or ``None`` when it reverts nothing.

    >>> reverted('Revert "Add retry budget"')
    'Add retry budget'
    >>> reverted('Reapply "Add retry budget"')
    'Revert "Add retry budget"'
    """
    m = _REVERT.match(subject)
    if m:
        return m.group(1).strip()
    m = _REAPPLY.match(subject)
    if m:
        return f'Revert "{m.group(1).strip()}"'
    return None


__all__ = ["reverted"]
