"""Every finding the checker can produce: a stable code, a severity and the reason.

This module is the one place where the wording of the checker lives. Codes are stable
(``<kind>.<aspect>.<problem>``): CI configuration, the corpus in
``tests/corpus/designdocs`` and later capabilities refer to them. The wording of a
summary or reason may change; a code may not.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.StrEnum):
    """How much a finding matters to a reviewer."""

    ERROR = "error"  # a reviewer would send the document back
    WARNING = "warning"  # a reviewer would ask for more
    INFO = "info"  # worth a look; costs little or nothing in the score


@dataclass(frozen=True)
class Rule:
    """A kind of finding.

    Args:
        code: Stable identifier, e.g. ``design.alternatives.missing``.
        severity: Default severity of findings with this code.
        summary: One line: what is missing or wrong.
        why: Why a reviewer cares, in a sentence a person would accept.
    """

    code: str
    severity: Severity
    summary: str
    why: str


E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO

_RULES = [
    # --- any kind ---------------------------------------------------------------------------
    Rule(
        "doc.section.placeholder",
        E,
        "A section still holds only the template's prompt.",
        "Reviewers read the answer, not the question: an unanswered prompt tells them the thinking has not been done yet.",
    ),
    Rule(
        "doc.section.empty",
        W,
        "A heading has nothing under it.",
        "An empty heading promises a topic and delivers nothing; either answer it or delete it.",
    ),
    Rule(
        "doc.todo.left",
        N,
        "TODO / TBD / FIXME markers are left in the text.",
        "Open markers tell a reviewer which parts are unfinished; resolve them or move them to Open questions.",
    ),
    # --- design / RFC -----------------------------------------------------------------------
    Rule(
        "design.context.missing",
        E,
        "No context: what problem this solves, for whom, and why now.",
        "Without context a reviewer cannot judge whether the design solves the right problem.",
    ),
    Rule(
        "design.goals.missing",
        W,
        "No goals.",
        "Goals are what the design is measured against; without them every trade-off is arguable.",
    ),
    Rule(
        "design.non-goals.missing",
        W,
        "No non-goals (what is deliberately out of scope).",
        "Naming what you will not do keeps the review focused and stops scope creep.",
    ),
    Rule(
        "design.proposal.missing",
        E,
        "No section describes the design itself.",
        "Reviewers need to see how it works (components, data flow, APIs) to find the holes.",
    ),
    Rule(
        "design.alternatives.missing",
        E,
        "No alternatives are discussed.",
        "A design with no alternatives reads as the first idea, not the best one; reviewers want to see the options you rejected and why.",
    ),
    Rule(
        "design.alternatives.single",
        W,
        "Only one option is discussed.",
        "Comparing at least two real options (doing nothing counts) is what shows a trade-off was made.",
    ),
    Rule(
        "design.alternatives.no-tradeoffs",
        W,
        "Alternatives are listed without their pros and cons.",
        "A list of names is not a comparison: a reviewer needs what each option is better and worse at to agree with the choice.",
    ),
    Rule(
        "design.failure-modes.missing",
        E,
        "No failure modes.",
        "Every dependency fails eventually; a reviewer wants to know what users see then and what limits the damage.",
    ),
    Rule(
        "design.failure-modes.shallow",
        W,
        "Failure modes are named without what happens then or how it is handled.",
        "Naming a failure is the start; the review is about its effect and the mitigation (retry, fallback, alert, degrade).",
    ),
    Rule(
        "design.scale.missing",
        E,
        "Nothing about scale or load.",
        "A design that works today may fall over at 10x; reviewers ask what breaks first as load grows.",
    ),
    Rule(
        "design.scale.no-numbers",
        W,
        "Scale is discussed without numbers.",
        '"It scales" cannot be checked; requests per second, data size or user counts can.',
    ),
    Rule(
        "design.scale.no-growth",
        N,
        "Scale has today's numbers but no growth (10x, 100x).",
        "Reviewers ask what the system looks like at 10x and 100x, and which part breaks first.",
    ),
    Rule(
        "design.security.missing",
        W,
        "Nothing about security, privacy or abuse.",
        "Reviewers ask what happens when a malicious user comes along; silence suggests nobody asked.",
    ),
    Rule(
        "design.security.no-abuse",
        N,
        "Security is discussed but never from an attacker's point of view.",
        "Access control is half the story; abuse (rate limits, enumeration, injection, fraud) is what a malicious user tries.",
    ),
    Rule(
        "design.cost.missing",
        W,
        "Nothing about cost.",
        "Infrastructure, vendor and people cost decide whether a good design is also a sensible one.",
    ),
    Rule(
        "design.rollout.missing",
        W,
        "No rollout plan.",
        "How the change reaches production (flags, phases, migrations) is where many designs fail.",
    ),
    Rule(
        "design.rollback.missing",
        E,
        "No way back (rollback, revert, kill switch).",
        "If the launch goes wrong, a reviewer wants to know how fast you can undo it and what cannot be undone.",
    ),
    Rule(
        "design.observability.missing",
        W,
        "No metrics, logs, dashboards or alerts.",
        "Without observability nobody can tell whether the design works in production or is failing quietly.",
    ),
    Rule(
        "design.testing.missing",
        W,
        "No testing strategy.",
        "Reviewers want to know which risks the tests cover, at which layer, and which risks are accepted.",
    ),
    Rule(
        "design.testing.vague",
        W,
        "The testing strategy names no kind of test.",
        '"We will add tests" says nothing; unit, integration, end-to-end, load or canary each cover different risks.',
    ),
    Rule(
        "design.open-questions.missing",
        N,
        "No open questions.",
        "Listing what is still undecided invites the right reviewers to help and shows honesty about uncertainty.",
    ),
    # --- ADR --------------------------------------------------------------------------------
    Rule(
        "adr.status.missing",
        N,
        "No status (proposed, accepted, superseded...).",
        "Readers months later need to know whether this decision still holds.",
    ),
    Rule(
        "adr.context.missing",
        E,
        "No context: the forces that make a decision necessary.",
        "A decision without its context cannot be revisited sensibly when the context changes.",
    ),
    Rule(
        "adr.options.missing",
        E,
        "No options considered.",
        "A record of one choice without the alternatives hides the trade-off that was made.",
    ),
    Rule(
        "adr.options.single",
        W,
        "Only one option is recorded.",
        "Recording at least two options (keeping the status quo counts) shows what the decision traded away.",
    ),
    Rule(
        "adr.options.no-tradeoffs",
        W,
        "Options are listed without their pros and cons.",
        "Future readers need to know why the other options lost, not just that they existed.",
    ),
    Rule(
        "adr.decision.missing",
        E,
        "No decision stated.",
        "An ADR exists to record a decision; without it the record is a discussion.",
    ),
    Rule(
        "adr.consequences.missing",
        E,
        "No consequences.",
        "Consequences tell the team what changes now and what they have signed up for.",
    ),
    Rule(
        "adr.consequences.one-sided",
        W,
        "Consequences list only benefits.",
        "Every decision costs something; naming the negative consequences is what makes the record trustworthy.",
    ),
    # --- runbook / on-call playbook ---------------------------------------------------------
    Rule(
        "runbook.symptoms.missing",
        E,
        "No symptoms: which alert or signal brings someone here.",
        "The on-call engineer needs to confirm they are in the right runbook before acting.",
    ),
    Rule(
        "runbook.diagnosis.missing",
        E,
        "No diagnosis steps.",
        "At 3 a.m. nobody should have to invent the investigation; the runbook should say what to look at.",
    ),
    Rule(
        "runbook.diagnosis.not-concrete",
        W,
        "Diagnosis steps give no concrete commands, queries or dashboards.",
        '"Check the logs" is not a step; the exact command, query or dashboard is what saves minutes during an incident.',
    ),
    Rule(
        "runbook.mitigation.missing",
        E,
        "No mitigation steps.",
        "The point of a runbook is to stop the damage; it has to say how.",
    ),
    Rule(
        "runbook.mitigation.not-concrete",
        W,
        "Mitigation steps give no concrete commands or actions.",
        'Vague mitigation ("restart things") leads to guesswork under pressure; exact commands can be followed safely.',
    ),
    Rule(
        "runbook.escalation.missing",
        E,
        "No escalation path.",
        "When the steps do not work, the on-call engineer needs to know whom to wake up, and when.",
    ),
    Rule(
        "runbook.escalation.no-contact",
        W,
        "Escalation names no person, team, rotation or channel.",
        '"Escalate if needed" does not help at night; a rotation, handle or channel does.',
    ),
    # --- postmortem -------------------------------------------------------------------------
    Rule(
        "postmortem.impact.missing",
        E,
        "No impact statement.",
        "Impact sets the severity and the priority of the follow-ups.",
    ),
    Rule(
        "postmortem.impact.no-numbers",
        W,
        "Impact is described without numbers.",
        "How many users, for how long, how many failed requests: numbers make impact comparable across incidents.",
    ),
    Rule(
        "postmortem.timeline.missing",
        E,
        "No timeline.",
        "The timeline shows where detection and response were slow, which is where the best action items come from.",
    ),
    Rule(
        "postmortem.timeline.no-times",
        W,
        "Timeline entries have no times.",
        "Without timestamps nobody can measure time to detect or time to mitigate.",
    ),
    Rule(
        "postmortem.root-cause.missing",
        E,
        "No root cause.",
        "Without the cause, the action items treat symptoms and the incident comes back.",
    ),
    Rule(
        "postmortem.root-cause.human-error",
        E,
        "The root cause stops at human error.",
        "People make mistakes; the review should find why the system let the mistake cause an outage (missing guard, test, alert).",
    ),
    Rule(
        "postmortem.went-well.missing",
        W,
        "Nothing about what went well.",
        "Knowing what worked keeps the team from removing it by accident.",
    ),
    Rule(
        "postmortem.went-badly.missing",
        W,
        "Nothing about what went badly (or where the team got lucky).",
        "What hurt during the response is where process and tooling improve.",
    ),
    Rule(
        "postmortem.actions.missing",
        E,
        "No action items.",
        "A postmortem without follow-ups documents the outage but does not prevent the next one.",
    ),
    Rule(
        "postmortem.action-owner.missing",
        E,
        "An action item has no owner.",
        "Action items without an owner are the ones that never get done.",
    ),
    # --- onboarding guide -------------------------------------------------------------------
    Rule(
        "onboarding.setup.missing",
        E,
        "No set-up instructions.",
        "Set-up is the first thing a new joiner does; gaps here cost every newcomer a day.",
    ),
    Rule(
        "onboarding.setup.not-concrete",
        W,
        "Set-up gives no commands.",
        "Exact commands can be copied; prose descriptions of set-up drift and get misread.",
    ),
    Rule(
        "onboarding.tests.missing",
        E,
        "No instructions for running the tests.",
        "A newcomer who cannot run the tests cannot tell whether their first change broke something.",
    ),
    Rule(
        "onboarding.first-task.missing",
        W,
        "No first task.",
        "A named first task turns the guide into a path and gets a newcomer to a merged change quickly.",
    ),
    # --- how-to guide -----------------------------------------------------------------------
    Rule(
        "howto.goal.missing",
        E,
        "No goal: what the reader will have achieved.",
        "Readers need to know in a line whether this is the guide they are looking for.",
    ),
    Rule(
        "howto.steps.missing",
        E,
        "No steps.",
        "A how-to is a sequence of steps; without them it is an essay.",
    ),
    Rule(
        "howto.steps.not-concrete",
        W,
        "Steps give no concrete commands, paths or settings.",
        "Steps a reader can copy are steps they will get right.",
    ),
    Rule(
        "howto.verification.missing",
        W,
        "No way to verify the result.",
        "The reader needs to know what success looks like before they walk away.",
    ),
]

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
"""Every finding code, keyed by code."""


def rule(code: str) -> Rule:
    """Return the rule for ``code`` (raises KeyError for an unknown code)."""
    return RULES[code]
