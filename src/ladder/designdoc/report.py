"""The result of checking a document: findings and a score."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ladder.designdoc.rules import RULES, Severity

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer would point out.

    Attributes:
        code: Stable code, e.g. ``postmortem.action-owner.missing`` (see ``rules.RULES``).
        severity: ``error``, ``warning`` or ``info``.
        message: What is missing or wrong, specific to this document.
        why: Why it matters to a reviewer.
        section: The heading the finding is about, or None for the whole document.
        line: 1-based line in the file, or None for the whole document.
    """

    code: str
    severity: Severity
    message: str
    why: str
    section: str | None = None
    line: int | None = None

    @classmethod
    def of(
        cls,
        code: str,
        message: str,
        *,
        section: str | None = None,
        line: int | None = None,
        why: str | None = None,
    ) -> Finding:
        """Build a finding from its code, taking severity and reason from the rule."""
        rule = RULES[code]
        return cls(code, rule.severity, message, why or rule.why, section, line)

    def where(self) -> str:
        """Human form of the location: ``line 12 · Rollout`` or ``whole document``."""
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.section:
            parts.append(self.section)
        return " · ".join(parts) if parts else "whole document"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "why": self.why,
            "section": self.section,
            "line": self.line,
        }


@dataclass(frozen=True)
class Report:
    """What the checker found in one document.

    Attributes:
        kind: ``design``, ``adr``, ``runbook``, ``postmortem``, ``onboarding`` or ``howto``.
        kind_source: How the kind was found: ``option``, ``front matter``, ``title``,
            ``path``, ``headings``, ``content`` or ``default``.
        score: 0 (nothing a reviewer looks for is there) to 100 (everything is, with substance).
        findings: Ordered by severity, then line.
        covered: Aspect keys the document answers without a finding (e.g. ``rollback``).
        missing: Aspect keys the document does not answer at all.
        title: Document title, if any.
        authors: Authors named in the front matter.
        path: The file, when the report came from one.
        format: ``markdown`` or ``rst``.
    """

    kind: str
    kind_source: str
    score: int
    findings: tuple[Finding, ...] = ()
    covered: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    title: str | None = None
    authors: tuple[str, ...] = ()
    path: str | None = None
    format: str = "markdown"

    def passed(self, min_score: int) -> bool:
        """Whether the score reaches ``min_score`` (the CI gate)."""
        return self.score >= min_score

    @property
    def codes(self) -> frozenset[str]:
        """The distinct finding codes in this report."""
        return frozenset(f.code for f in self.findings)

    def by_severity(self, severity: Severity | str) -> list[Finding]:
        """The findings of one severity, in order."""
        return [f for f in self.findings if f.severity == Severity(severity)]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the shape of ``ladder doc check --json``)."""
        counts = {str(s): len(self.by_severity(s)) for s in SEVERITY_ORDER}
        return {
            "path": self.path,
            "format": self.format,
            "title": self.title,
            "authors": list(self.authors),
            "kind": self.kind,
            "kind_source": self.kind_source,
            "score": self.score,
            "counts": counts,
            "covered": list(self.covered),
            "missing": list(self.missing),
            "findings": [f.to_dict() for f in self.findings],
        }
