"""What a reviewer looks for in each kind of document.

A rubric is a list of :class:`Aspect` objects. An aspect is found by its heading
(``heading`` matched against the normalised heading text) or, when no heading matches, by
what the text says (``content``). Each aspect has a weight in the score and the code of
the finding raised when it is missing; the checks in :mod:`ladder.designdoc.checks` then
read the content found for the aspect and raise the finer findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS: tuple[str, ...] = ("design", "adr", "runbook", "postmortem", "onboarding", "howto")
"""Every kind of document the checker knows, in the order shown to users."""

KIND_LABELS: dict[str, str] = {
    "design": "design doc / RFC",
    "adr": "architecture decision record",
    "runbook": "runbook / on-call playbook",
    "postmortem": "postmortem",
    "onboarding": "onboarding guide",
    "howto": "how-to guide",
}

_F = re.IGNORECASE


@dataclass(frozen=True)
class Aspect:
    """One thing a reviewer looks for.

    Args:
        key: Stable key, used in ``Report.covered`` (e.g. ``rollback``).
        label: Name shown in messages.
        ask: The reviewer's question, shown when the aspect is missing.
        heading: Pattern matched against normalised heading text.
        missing: Finding code raised when the aspect is absent.
        weight: Share of the score.
        signal: How strongly a matching heading suggests this kind (kind detection).
        content: Pattern that finds the aspect in the text when no heading matches.
        strip: Pattern removed from a heading before matching (``non-goals`` for goals).
        catch_all: Match only headings no other aspect of the kind claims.
        intro: The text under the title may stand in for this aspect.
    """

    key: str
    label: str
    ask: str
    heading: re.Pattern[str]
    missing: str
    weight: float
    signal: float = 1.0
    content: re.Pattern[str] | None = None
    strip: re.Pattern[str] | None = None
    catch_all: bool = False
    intro: bool = False


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _F)


def _a(
    key: str,
    label: str,
    ask: str,
    heading: str,
    missing: str,
    weight: float,
    *,
    signal: float = 1.0,
    content: str | None = None,
    strip: str | None = None,
    catch_all: bool = False,
    intro: bool = False,
) -> Aspect:
    return Aspect(
        key,
        label,
        ask,
        _re(heading),
        missing,
        weight,
        signal,
        _re(content) if content else None,
        _re(strip) if strip else None,
        catch_all,
        intro,
    )


_NUMBERING = re.compile(
    r"^\s*(?:(?:step|phase|part|section)\s*)?(?:\d+(?:\.\d+)*|[ivx]+|[a-h])[.):]\s+|^\s*\d+\s+", _F
)
_PUNCT = re.compile(r"[^\w\s/&+-]+")


def normalise_heading(title: str) -> str:
    """Lower-case a heading and drop its numbering and punctuation (``3.1 Roll-out:`` → ``roll-out``)."""
    text = _NUMBERING.sub("", title.strip())
    text = _PUNCT.sub(" ", text.lower())
    return re.sub(r"\s+", " ", text).strip()


RUBRICS: dict[str, tuple[Aspect, ...]] = {
    "design": (
        _a(
            "context",
            "Context",
            "what problem is this solving, for whom, and why now?",
            r"\b(context|background|problem|motivation|overview|summary|introduction|intro|why|current state|status quo|today|abstract|tl ?dr|scope)\b",
            "design.context.missing",
            8,
            signal=0.3,
            intro=True,
        ),
        _a(
            "goals",
            "Goals",
            "what must be true when this ships?",
            r"\b(goals?|objectives?|requirements|success (criteria|metrics)|aims?)\b",
            "design.goals.missing",
            6,
            signal=0.6,
            strip=r"non[- ]?goals?",
            content=r"\b(our|the|primary|main) (goal|objective)s? (is|are|of)\b|\bgoals?:|\bsuccess (criteria|means|looks like)\b",
        ),
        _a(
            "non-goals",
            "Non-goals",
            "what is deliberately out of scope?",
            r"\b(non[- ]?goals?|out[- ]of[- ]scope|not in scope|outside (the )?scope|exclusions?|not doing)\b",
            "design.non-goals.missing",
            4,
            signal=2.0,
            content=r"\bnon[- ]?goals?\b|\bout[- ]of[- ]scope\b|\bnot in scope\b|\bexplicitly not\b",
        ),
        _a(
            "proposal",
            "Design",
            "how does it work: components, data flow, APIs?",
            r"\b(design|proposal|proposed|solution|approach|architecture|implementation|how it works|plan|mechanism|api|data model|schema|components?|overview|details?|specification)\b|^how\b",
            "design.proposal.missing",
            14,
            signal=0.5,
            catch_all=True,
            content=r"\b(we propose|this (doc|document|rfc) proposes|the proposed (design|solution|approach))\b",
        ),
        _a(
            "alternatives",
            "Alternatives",
            "which other options did you consider, and why not them?",
            r"\b(alternatives?|options?|other approaches|approaches considered|rejected|prior art|considered|rationale)\b",
            "design.alternatives.missing",
            12,
            signal=1.5,
            content=r"\b(alternatives? (we )?considered|we (also )?considered|another (option|approach) (is|was|would be)|option [a-d1-4]\b|instead of|rather than|we rejected)\b",
        ),
        _a(
            "failure-modes",
            "Failure modes",
            "what happens when each dependency is slow, down or wrong, and what limits the damage?",
            r"\b(failure|failures|failure modes?|what (can|could|might|will) go wrong|risks?|reliability|resilience|error handling|degradation|edge cases|fault tolerance)\b",
            "design.failure-modes.missing",
            12,
            signal=1.5,
            content=r"\bfailure modes?\b|\bif (the |a |an )?[\w -]{1,40}? (fails|is down|is unavailable|times out|goes down|crashes)\b|\bwhen (the |a |an )?[\w -]{1,40}? (fails|is down|is unavailable|times out|goes down)\b",
        ),
        _a(
            "scale",
            "Scale",
            "what are today's numbers, and what breaks at 10x and 100x?",
            r"\b(scale|scaling|scalability|capacity|performance|load|growth|sizing|volume|throughput|limits)\b",
            "design.scale.missing",
            10,
            signal=1.0,
            content=r"\b\d+ ?(x|\u00d7)(?=\W|$)|\b(rps|qps|tps)\b|requests (per|a|/) ?s(econd)?\b|\bat (this |that |our |higher |larger )?scale\b|\bscalab\w*|\bscales? (horizontally|vertically|linearly|out|up)\b|\b(capacity|throughput)\b|\bload (test\w*|grows?|growth)\b",
        ),
        _a(
            "security",
            "Security",
            "what if a malicious user comes along? who may do what?",
            r"\b(security|abuse|privacy|threat|threats|threat model|auth|authentication|authori[sz]ation|permissions?|compliance|safety|trust|pii)\b",
            "design.security.missing",
            8,
            signal=1.0,
            content=r"\b(malicious|attacker|abuse|threat model|authori[sz](e|ation)|authenticat|pii|encrypt\w*|permissions?|gdpr|rate[- ]limit\w*|access control)\b",
        ),
        _a(
            "cost",
            "Cost",
            "what does it cost to run, now and at 10x?",
            r"\b(costs?|budget|pricing|spend|financial|money)\b",
            "design.cost.missing",
            4,
            signal=1.0,
            content=r"\bcosts?\b|[$€£] ?\d|\b\d[\d,.]* ?(usd|eur|gbp|dollars)\b|\bbudget\b|\bper month\b|/month\b|\bpricing\b|\bspend\b",
        ),
        _a(
            "rollout",
            "Rollout",
            "how does this reach production: flags, phases, migrations?",
            r"\b(roll[- ]?out|launch|deploy(ment)?|migration|release|milestones|phases|rollout plan|implementation plan|delivery plan|timeline|backwards? compatibility|incompatible changes)\b",
            "design.rollout.missing",
            6,
            signal=1.0,
            content=r"\broll[- ]?out\b|\bcanary\b|\bfeature[- ]flag|\bphased\b|\b\d+ ?% of (traffic|users|requests)\b|\bdark launch|\bmigrat(e|ion)\b",
        ),
        _a(
            "rollback",
            "Rollback",
            "if the launch goes wrong, how do you get back, and what cannot be undone?",
            r"\b(roll[- ]?back|revert|reverting|back[- ]?out|undo|exit (plan|strategy)|recovery plan)\b",
            "design.rollback.missing",
            8,
            signal=1.0,
            content=r"\broll(ing|ed)?[- ]?back\b|\brevert(ed|ing)?\b|\bkill[- ]?switch\b|\bfeature[- ]flag|\bflag (off|back)\b|\bturn(ed|ing)? (it |the \w+ )?off\b|\bdisable the (flag|feature)\b|\bback[- ]?out\b|\bdowngrade\b|\bundo\b|\bswitch(ed)? back\b|\bgo back to\b",
        ),
        _a(
            "observability",
            "Observability",
            "how will you know it works (metrics, logs, alerts, SLOs)?",
            r"\b(observability|monitoring|metrics|alerting|alerts|logging|dashboards?|telemetry|slos?|slis?|instrumentation)\b",
            "design.observability.missing",
            6,
            signal=1.0,
            content=r"\b(metrics?|dashboards?|alerts?|alerting|logging|tracing|traces|slos?|slis?|prometheus|grafana|datadog|honeycomb|opentelemetry|p9[59]|p50|histograms?|monitor(ing|ed)?)\b",
        ),
        _a(
            "testing",
            "Testing strategy",
            "what is tested at which layer, and which risks are accepted?",
            r"\b(test|tests|testing|test plan|test strategy|verification|validation|qa|quality assurance)\b",
            "design.testing.missing",
            8,
            signal=0.5,
            content=r"\b(unit tests?|integration tests?|end[- ]to[- ]end|e2e|load tests?|load testing|contract tests?|property[- ]based|test plan|testing strategy|fuzz(ing)?|tests? will|we will test|shadow traffic)\b",
        ),
        _a(
            "open-questions",
            "Open questions",
            "what is still undecided, and who decides?",
            r"\b(open questions?|unresolved|open issues|questions|future work|unknowns|tbd items)\b",
            "design.open-questions.missing",
            2,
            signal=1.0,
            content=r"\bopen questions?\b|\bunresolved\b|\bstill (undecided|open)\b",
        ),
    ),
    "adr": (
        _a(
            "status",
            "Status",
            "is this proposed, accepted, or superseded?",
            r"^status\b|\bdecision status\b",
            "adr.status.missing",
            3,
            signal=1.5,
            content=r"^\s*status\s*[:=-]|\bstatus\b[^.]{0,20}\b(proposed|accepted|rejected|deprecated|superseded|draft)\b|^(proposed|accepted|rejected|deprecated|superseded)\b",
        ),
        _a(
            "context",
            "Context",
            "what forces make a decision necessary now?",
            r"\b(context|background|problem|problem statement|forces|motivation|issue|situation|decision drivers|drivers)\b",
            "adr.context.missing",
            24,
            signal=0.5,
            intro=True,
        ),
        _a(
            "options",
            "Options considered",
            "which options did you weigh, with their pros and cons?",
            r"\b(options?|alternatives?|considered|choices|candidates|pros and cons)\b",
            "adr.options.missing",
            24,
            signal=1.5,
            content=r"\b(we (also )?considered|alternatives? (we )?considered|options? (were|are|we considered)|option [a-d1-4]\b|instead of|rather than|the alternative)\b",
        ),
        _a(
            "decision",
            "Decision",
            "what exactly did you decide?",
            r"\b(decision|decided|outcome|resolution|choice|chosen|verdict)\b",
            "adr.decision.missing",
            24,
            signal=2.0,
            strip=r"decision drivers?|drivers",
            content=r"\bwe (will|decided|chose|choose|have decided|are going to|adopt)\b|\bdecision\s*:|\bwe'll (use|adopt|move|keep)\b",
        ),
        _a(
            "consequences",
            "Consequences",
            "what becomes easier, and what becomes harder?",
            r"\b(consequences?|implications?|trade[- ]?offs?|positive|negative|impact|results?|effects?)\b",
            "adr.consequences.missing",
            24,
            signal=2.0,
            strip=r"decision outcome",
            content=r"\bconsequences?\b|\bas a result\b|\bthis means\b",
        ),
    ),
    "runbook": (
        _a(
            "symptoms",
            "Symptoms",
            "which alert or signal brings someone to this runbook?",
            r"\b(symptoms?|alerts?|alerting|signals?|triggers?|indicators?|detection|fires|how (do )?(you|to|we) (know|tell|detect|notice)|what (you|you ll|you will|it) (see|looks like)|when to use)\b",
            "runbook.symptoms.missing",
            20,
            signal=2.0,
            content=r"\b(symptoms?|this alert|the alert fires|alert fires|fires when|you (will|ll) see|you are paged|users (report|see))\b",
        ),
        _a(
            "diagnosis",
            "Diagnosis",
            "what should the on-call engineer look at, in which order?",
            r"\b(diagnos\w*|investigat\w*|troubleshoot\w*|triage|debug\w*|checks?|identify\w*|find(ing)? the cause|what to look at|determine)\b",
            "runbook.diagnosis.missing",
            25,
            signal=1.5,
        ),
        _a(
            "mitigation",
            "Mitigation",
            "what stops the damage, step by step?",
            r"\b(mitigat\w*|remediat\w*|resolution|resolv\w*|fix\w*|recover\w*|workarounds?|respon\w*|actions?|what to do|restor\w*|procedure|steps)\b",
            "runbook.mitigation.missing",
            25,
            signal=1.5,
        ),
        _a(
            "escalation",
            "Escalation",
            "whom do you wake up when the steps do not work, and when?",
            r"\b(escalat\w*|contacts?|who to (call|page|contact)|owners?|support|get(ting)? help|on[- ]?call|paging)\b",
            "runbook.escalation.missing",
            15,
            signal=1.5,
            content=r"\bescalat\w*\b|\bpage (the )?[\w-]+ (team|on-?call|rotation)\b|\bcontact (the )?[\w-]+\b",
        ),
    ),
    "postmortem": (
        _a(
            "impact",
            "Impact",
            "who was affected, how badly, and for how long?",
            r"\b(impact|customer impact|user impact|severity|blast radius|who was affected|effects?)\b",
            "postmortem.impact.missing",
            15,
            signal=1.0,
            content=r"\b(customers?|users?|merchants?|requests?|orders?) (were|was) (affected|unable|impacted)\b|\bimpact(ed)?\b",
        ),
        _a(
            "timeline",
            "Timeline",
            "what happened when, from trigger to resolution?",
            r"\b(timeline|chronology|sequence of events|time line|events|what happened)\b",
            "postmortem.timeline.missing",
            15,
            signal=2.0,
        ),
        _a(
            "root-cause",
            "Root cause",
            "why did it happen, and why did nothing stop it?",
            r"\b(root ?causes?|causes?|why (it|this) happened|contributing factors|analysis|5 whys|five whys|what went wrong technically)\b",
            "postmortem.root-cause.missing",
            20,
            signal=2.0,
            content=r"\broot cause\b|\bcaused by\b|\bthe cause (was|is)\b",
        ),
        _a(
            "went-well",
            "What went well",
            "what worked and should be kept?",
            r"\b(went well|what worked|worked well|positives|went right|did well)\b",
            "postmortem.went-well.missing",
            6,
            signal=2.0,
            content=r"\bwent well\b|\bworked well\b",
        ),
        _a(
            "went-badly",
            "What went badly",
            "what hurt during detection and response, and where did you get lucky?",
            r"\b(went (badly|wrong|poorly|less well)|didn t go well|did not go well|what (did not|didn t) work|could (be|have been|have gone) better|lucky|lessons( learned)?|challenges|pain points|negatives|what hurt|to improve)\b",
            "postmortem.went-badly.missing",
            8,
            signal=2.0,
            content=r"\bwent (badly|wrong|poorly)\b|\bgot lucky\b|\bdid not go well\b|\bdidn't go well\b",
        ),
        _a(
            "actions",
            "Action items",
            "what will change, who owns each item, and by when?",
            r"\b(action items?|actions|follow[- ]?ups?|next steps|remediations?|remediation items|corrective|preventive|prevention|what we( re| are) (doing|changing)|what we( ll| will| re going to| are going to) (do|change)|todo)\b",
            "postmortem.actions.missing",
            20,
            signal=1.5,
            content=r"\baction items?\b|\bfollow[- ]?ups?\b",
        ),
    ),
    "onboarding": (
        _a(
            "setup",
            "Set-up",
            "what does a newcomer install and configure, with which commands?",
            r"\b(set[- ]?up|install\w*|getting started|prerequisites|environment|local (dev|development)|dev(elopment)? (environment|setup)|tooling|your machine|laptop|access|accounts|day one)\b",
            "onboarding.setup.missing",
            35,
            signal=1.5,
            content=r"\b(install|clone|git clone|brew install|apt(-get)? install|pip install|npm install)\b",
        ),
        _a(
            "tests",
            "Running the tests",
            "how does a newcomer run the tests and know they pass?",
            r"\b(tests?|testing|test suite|running (the )?(tests|suite)|ci)\b",
            "onboarding.tests.missing",
            30,
            signal=1.0,
            content=r"\b(pytest|make test|make check|npm (run )?test|yarn test|go test|cargo test|tox|nox|mvn (test|verify)|gradle(w)? test|rspec|jest|bazel test|run the tests|the test suite)\b",
        ),
        _a(
            "first-task",
            "First task",
            "what should a newcomer work on first?",
            r"\b(first (task|issue|ticket|pr|pull request|week|day|days|change|contribution|bug|commit)|good first|starter|your first|what to work on)\b",
            "onboarding.first-task.missing",
            20,
            signal=2.0,
            content=r"\bfirst (task|issue|ticket|pr|pull request|change|contribution)\b|\bgood[- ]first[- ]issue\b|\bstarter (task|issue|ticket)\b",
        ),
    ),
    "howto": (
        _a(
            "goal",
            "Goal",
            "what will the reader have achieved at the end?",
            r"\b(goal|purpose|overview|introduction|intro|about|what you( ll| will) (get|build|achieve|learn|do)|summary|when to use|why|objective|background|context)\b",
            "howto.goal.missing",
            25,
            signal=0.5,
            intro=True,
            content=r"\bthis (guide|how-?to|page|document|note) (shows|explains|walks|describes|covers)\b|\bby the end\b|\byou (will|'ll) (have|be able)\b",
        ),
        _a(
            "steps",
            "Steps",
            "what exactly does the reader do, in order?",
            r"\b(steps?|procedure|instructions|how to|walkthrough|process|method|usage)\b",
            "howto.steps.missing",
            40,
            signal=1.0,
        ),
        _a(
            "verification",
            "Verification",
            "how does the reader know it worked?",
            r"\b(verif\w*|check (that )?it works|confirm\w*|validat\w*|test(ing)? (it|the (change|result|setup))|expected (result|output)|results?|done when|did it work|how to (know|tell))\b",
            "howto.verification.missing",
            20,
            signal=1.5,
            content=r"\byou should (now )?see\b|\bexpected output\b|\bto (verify|confirm)\b|\bverify (that|it|the)\b|\bconfirm (that|it)\b|\bshould (now )?(return|show|print|list|succeed)\b|\bcheck that\b",
        ),
    ),
}
"""The aspects of each kind of document, in the order a reviewer reads them."""


def aspect(kind: str, key: str) -> Aspect:
    """Return one aspect of a kind's rubric."""
    for item in RUBRICS[kind]:
        if item.key == key:
            return item
    raise KeyError(f"{kind}.{key}")
