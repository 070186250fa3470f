"""The checks: read each aspect's content and turn gaps into findings and a score.

For every aspect of the kind's rubric (see :mod:`ladder.designdoc.rubric`) the checker
finds the content that answers it, raises the aspect's ``*.missing`` finding when there
is none, and otherwise runs the aspect's content checks (are two options compared, do
failure modes say what happens then, does scale come with numbers...).

Score: each aspect contributes its weight times a credit. A missing, empty or unfilled
aspect earns nothing; a content finding scales the credit down (error x0.25, warning x0.5,
info x0.85, once per code). Unfilled or empty headings outside the rubric and leftover
TODO markers cost a few points each.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ladder.designdoc.parse import Block, Document, Section
from ladder.designdoc.report import SEVERITY_ORDER, Finding
from ladder.designdoc.rubric import RUBRICS, Aspect, normalise_heading
from ladder.designdoc.rules import RULES, Severity

_I = re.IGNORECASE

CREDIT = {Severity.ERROR: 0.25, Severity.WARNING: 0.5, Severity.INFO: 0.85}
PLACEHOLDER_PENALTY = 5.0
EMPTY_PENALTY = 2.0
TODO_PENALTY, TODO_PENALTY_CAP = 1.0, 5.0

# --- vocabulary -------------------------------------------------------------------------------

PLACEHOLDER_TEXT = re.compile(
    r"^\s*(todo|tbd|tba|tbc|fixme|xxx|fill (this |me )?in|write (this|here|me)|lorem ipsum|"
    r"coming soon|to be (written|added|completed|filled( in)?|decided|determined)|placeholder)\b"
    r"|^\s*(\.\.\.|\u2026|-|\u2014|\u2013|\?+)\s*$|^\s*<[^>]+>\s*$|^\s*\[[^\]]*\]\s*$|^\s*\{\{.*\}\}\s*$",
    _I,
)
DISMISSIVE = re.compile(
    r"^\s*(n/?a|none|nothing|not applicable|no|nope|no (concerns?|impact|changes?|risks?|issues?|plan|"
    r"rollback|testing|tests?|alternatives?|cost|questions?)( (needed|required|expected|identified|here|known))?|"
    r"not (needed|required|relevant)( here)?|nothing (special|to (add|report|see) here)|see above|same as (today|before|usual)|as usual)"
    r"\s*[.!]?\s*$",
    _I,
)
TODO_MARK = re.compile(r"\b(TODO|TBD|FIXME|XXX|TBC)\b")

TRADEOFF = re.compile(
    r"\b(pros?|cons?|advantages?|disadvantages?|benefits?|drawbacks?|downsides?|upsides?|trade-?offs?|"
    r"but|however|although|whereas|while|because|costs?|costly|expensive|cheap(er)?|faster|slower|"
    r"simpler|simple|complex(ity)?|harder|easier|risk(s|y)?|rejected|requires?|would (need|require|mean|add|force|cost)|"
    r"we lose|lacks?|better|worse|overhead|latency|burden|lock-?in|not (chosen|selected|pursued)|ruled out|"
    r"too (slow|costly|complex|much|many|big|risky|expensive)|fragile|brittle)\b",
    _I,
)
PROS_CONS_LABEL = re.compile(
    r"^\s*(pros?|cons?|advantages?|disadvantages?|benefits?|drawbacks?|downsides?|upsides?|trade-?offs?|"
    r"verdict|recommendation|summary|comparison|decision|why not|criteria|evaluation|conclusion|[+\u2212-])\b\s*[:(]?",
    _I,
)
COMPARISON_HEADER = re.compile(
    r"^\s*(criteri\w*|aspects?|dimensions?|factors?|attributes?|properties|property|features?|concerns?|)\s*$",
    _I,
)
NOT_OPTION_SECTION = re.compile(
    r"^(comparison|summary|pros|cons|pros and cons|recommendation|decision|evaluation|criteria|conclusion|verdict|trade-?offs?)$",
    _I,
)
OPTION_NAME = re.compile(
    r"\b(?:option|alternative|approach|choice)\s+(?:[a-d1-9]|one|two|three|four)\b", _I
)

MITIGATION = re.compile(
    r"\b(mitigat\w*|fall ?back\w*|retr(y|ies|ied|ying)|circuit[- ]breakers?|alert\w*|pag(e|ed|es|ing)|roll ?back|"
    r"failover|fail over|idempot\w*|dead[- ]letter|dlq|back ?off|rate[- ]limit\w*|cach(e|ed|es|ing)|reconcil\w*|"
    r"runbooks?|degrad\w*|timeouts?|queue\w*|buffer\w*|replay\w*|restor\w*|redundan\w*|replicas?|health ?checks?|"
    r"drain\w*|shed\w*|throttl\w*|manual\w*|handled by|recover\w*|serve (stale|cached)|reject\w*|"
    r"return(s|ing)? (a |an )?(error|503|429|cached|stale|default)|we (will|would|'ll) (detect|retry|alert|fall|switch|keep|serve|stop|pause|queue|mark|skip|reject|block|page|roll)|"
    r"guard\w*|lease\w*|locks?|lock(ed|ing)|dedup\w*|checkpoint\w*|autoscal\w*|backups?|snapshots?|kill[- ]switch)\b|\u2192|->|=>",
    _I,
)
EFFECT = re.compile(
    r"\b(then|means|result(s|ing)? in|leads? to|causes?|users? (see|get|would|will|are|lose)|customers? (see|get|would|will)|"
    r"returns?|stale|lost|loss|duplicat\w*|delay\w*|block\w*|unavailable|errors?|backlog|inconsisten\w*|"
    r"double[- ]charg\w*|overload\w*|slow(er|s)?|corrupt\w*)\b",
    _I,
)
_UNITS = (
    r"k|m|bn|b|x|\u00d7|rps|qps|tps|req(uest)?s?(/s| per (second|minute|hour|day))?|ops(/s)?|writes?|reads?|"
    r"users?|customers?|tenants?|merchants?|accounts?|events?|messages?|rows?|records?|items?|orders?|jobs?|"
    r"nodes?|pods?|instances?|shards?|partitions?|connections?|threads?|workers?|cores?|cpus?|vcpus?|"
    r"gb|tb|pb|mb|kb|gib|tib|mib|kib|bytes?|ms|µs|us|seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|weeks?|"
    r"calls|lookups|documents|docs|files|objects|transactions|payments|emails|notifications|devices|sessions|"
    r"queries|webhooks|uploads|downloads|tickets|builds|deploys|regions|clusters|services|keys|entries|"
    r"per (second|minute|hour|day|month|user)|a (second|minute|day)|times|million|billion|thousand"
)
NUMBERS = re.compile(
    rf"\b\d[\d,.]*\s?({_UNITS})\b|\b\d[\d,.]*\s?%|[$€£]\s?\d|\b\d[\d,.]*\s?/\s?(s|sec|second|min|minute|h|hour|day|month)\b",
    _I,
)
GROWTH = re.compile(
    r"\b\d+\s?(x|\u00d7)(?=\W|$)|\b\d+\s?times\b|\b(ten|hundred|thousand)[- ]?fold\b|\b(ten|a hundred|hundred) times\b|"
    r"\borders? of magnitude\b|\bdoubl(e|es|ed|ing)\b|\btripl(e|es|ed|ing)\b|\bgrow(s|th|ing)? (to|by)\b|\bby 20\d\d\b",
    _I,
)
ABUSE = re.compile(
    r"\b(malicious|attack\w*|abus\w*|misuse\w*|fraud\w*|spam\w*|bots?|scrap(e|er|ers|ing)|brute[- ]?forc\w*|"
    r"rate[- ]limit\w*|throttl\w*|dos|ddos|denial[- ]of[- ]service|inject\w*|xss|csrf|ssrf|enumerat\w*|replay\w*|"
    r"tamper\w*|spoof\w*|threats?|threat model|adversar\w*|exploit\w*|stolen|compromis\w*|leak\w*|exfiltrat\w*|"
    r"privilege escalation|untrusted|bad actors?|hostile|forg(e|ed|ery)|sanitiz\w*|sanitis\w*|quota\w*|impersonat\w*)\b",
    _I,
)
TEST_LAYERS = re.compile(
    r"\b(unit|integration|end[- ]to[- ]end|e2e|contract|load|stress|soak|performance|property[- ]based|property|fuzz\w*|"
    r"canary|canaries|shadow\w*|chaos|smoke|regression|snapshot|golden|mutation|acceptance|staging|replay\w*|"
    r"a/b|game ?day|synthetic|benchmark\w*|manual qa|exploratory|migration tests?|backfill tests?)\b",
    _I,
)
NEGATIVE = re.compile(
    r"\b(negative|downsides?|drawbacks?|cons?|costs?|risks?|harder|more (complex|work|expensive|effort|code|moving parts)|"
    r"complexity|slower|lose|lost|loss|lock-?in|worse|trade-?offs?|but|however|must|will (need|have) to|need to|"
    r"requires?|burden|overhead|limitation\w*|cannot|can't|penalty|learning curve|debt|migrat\w*|give up|"
    r"no longer|at the expense|on the other hand|bigger|larger|longer|blocks?|essential|depend\w* on|increase[sd]? (in )?(cost|latency|complexity)|duplicat\w*)\b",
    _I,
)
COMMAND = re.compile(
    r"\b(kubectl|psql|mysql|curl|wget|grep|rg|ssh|scp|systemctl|journalctl|aws|gcloud|az|docker|podman|"
    r"redis-cli|helm|terraform|make|git|sudo|tail|less|jq|dig|nslookup|ping|traceroute|top|htop|df|du|"
    r"pip|npm|npx|yarn|pnpm|brew|apt|apt-get|cargo|go|python3?|pytest|tox|nox|uv|poetry|mvn|gradlew?|"
    r"nc|netstat|ss|lsof|strace|iostat|vmstat|openssl|vault|consul|nomad|ansible|argocd|flux|kafka-\w+)\s+[\w./:@=-]",
)
SQL = re.compile(r"\b(SELECT|UPDATE|DELETE FROM|INSERT INTO|ALTER TABLE|EXPLAIN)\b")
URL = re.compile(r"https?://\S+")
PATH_LIKE = re.compile(r"(?:^|\s)(?:~|\.)?/[\w.-]+/[\w./-]+")
SHELL_PROMPT = re.compile(r"^\s*\$\s+\S", re.M)
UI_PATH = re.compile(r"\b[A-Z][\w ]+\s?(>|\u2192|\u203a)\s?[A-Z][\w ]+")

CONTACT = re.compile(
    r"@[\w.-]+|(?<!\w)#[a-z][\w-]+|\b[\w.+-]+@[\w-]+\.\w+|\b(pagerduty|opsgenie|victorops|incident\.io|slack|"
    r"incident commander|engineering manager|tech lead|team lead|dba|sre|duty manager|secondary|primary)\b|"
    r"\+?\d[\d\s-]{8,}\d|"
    r"\b(?!(the|a|an|your|our|this|that|same|other|whole|relevant|right|owning)\b)[\w-]+[- ](team|squad|on-?call|rotation|channel|group)\b|"
    r"\b(page|ping|contact|call|ask|escalate to|reach out to|notify|message)\s+(the\s+)?[A-Z][\w-]+",
)
TIME = re.compile(
    r"\b([01]?\d|2[0-3])(:|h)[0-5]\d\b|\b\d{1,2}\s?(am|pm)\b|T\d{2}:\d{2}|\bT\s?[+-]\s?\d+\s?(m|min|mins|minutes|h|hours?|s)\b|"
    r"\b\d{1,2}\s?(min|mins|minutes|h|hours?) (later|after)\b",
    _I,
)
HUMAN_ERROR = re.compile(
    r"(?i:\bhuman error\b|\boperator error\b|\buser error\b|\bpilot error\b|\bhuman mistake\b)|"
    r"\b((?i:engineer|operator|developer|person|someone|he|she|they|admin|on-?call|employee|team member)|[A-Z][a-z]+)\b[^.]{0,50}?"
    r"\b(?i:made a mistake|forgot|mistyped|fat[- ]fingered|ran the wrong|did not follow|didn't follow|failed to follow|"
    r"was careless|carelessly|by mistake|should have (known|checked|been more careful)|did not double[- ]check|didn't double[- ]check|"
    r"did not check|didn't check|wasn't careful|was not careful)\b|(?i:\bcareless(ness)?\b|\bnegligen\w*\b)",
)
SYSTEMIC = re.compile(
    r"\b(no (guard\w*|check|checks|validation|safeguard\w*|safety\w*|test|tests|alert\w*|review|confirmation|limit\w*|protection|"
    r"dry[- ]run|approval|lint\w*|monitoring)|"
    r"lack(ed|ing|s)?\b|missing\b|absence of|without (a |any )?(check|guard|validation|test|review|confirmation|approval|alert)|"
    r"(did not|didn't|does not|doesn't|could not|couldn't) (catch|prevent|detect|validate|warn|require|block|stop|reject|flag)|"
    r"allow(ed|s)?\b|let (the|a|an|it|him|her|them)\b|permitted|accepted (the|a|an)|contributing factors?|"
    r"because (the|our) (tool\w*|script|cli|system|process|pipeline|config\w*|deploy\w*|dashboard|alert\w*|runbook)|"
    r"(tool\w*|script|cli|process|pipeline|system|design|automation|config\w*)\s+(had|has) no|"
    r"why (did|was|were|could)|whys?)\b",
    _I,
)
OWNER = re.compile(
    r"@[\w.-]+|\b(owners?|assignee|dri)\s*[:=\-\u2013\u2014]\s*(?!(tbd|tba|tbc|none|unassigned|nobody|unknown|n/?a|\?|-)(\W|$))[\w@]|"
    r"\b(owned by|assigned to)\s+(?!(tbd|tba|nobody|no one|someone)\b)[\w@]|"
    r"\(\s*(?![A-Z]+-\d)(?!(tbd|tba|done|due|open|closed|todo|high|low|medium|urgent|ongoing|blocked|in)\b)[A-Z][a-z][\w.'-]*"
    r"(\s[A-Z][\w.'-]*)?\s*[,;)/]|"
    r"[\u2014\u2013]\s*(?!(tbd|tba|done|due)\b)[A-Z][a-z]+\b|\s-\s(?!(TBD|Done|Due|Open)\b)[A-Z][a-z]+(\s[A-Z][a-z]+)?\s*([,(;]|$)|"
    r"\b(?!(the|a|an|our|this|that|whole|every|each)\b)[\w-]+[- ](team|squad|guild)\b",
)
NO_OWNER = re.compile(
    r"\bowners?\s+(to be|tbd|tba|not yet|still to be)\b|\b(no|without an?) owner\b|\bunassigned\b|\bowner\s*[:=]\s*(tbd|tba|\?|none|-)",
    _I,
)
PROS_CONS_COLUMN = re.compile(
    r"\b(pros?|cons?|advantages?|disadvantages?|benefits?|drawbacks?|downsides?|upsides?|trade-?offs?|strengths?|weaknesses?|risks?)\b",
    _I,
)
OWNER_COLUMN = re.compile(r"\b(owners?|assignee|who|responsible|dri|assigned)\b", _I)
EMPTY_CELL = re.compile(
    r"^\s*(|-|\u2014|\u2013|\?+|tbd|tba|tbc|none|n/?a|unassigned|nobody|unknown|todo)\s*$", _I
)
MITIGATION_COLUMN = re.compile(
    r"\b(mitigation|handling|response|what we do|recovery|impact|effect|consequence|then)\b", _I
)
TIME_COLUMN = re.compile(r"\b(time|when|timestamp|utc|date)\b", _I)


# --- evidence ---------------------------------------------------------------------------------


@dataclass
class Entry:
    """One item of an aspect's content: a list item, table row, subsection or paragraph."""

    text: str
    line: int
    section: str | None
    lead: str | None = None
    cells: dict[str, str] = field(default_factory=dict)
    has_code: bool = False
    structure: str = "paragraph"  # item, row, subsection, paragraph


@dataclass
class Evidence:
    """The content found for one aspect of one document."""

    aspect: Aspect
    doc: Document
    via: str  # heading, content, intro, meta
    sections: list[Section]
    blocks: Sequence[tuple[Section | None, Block]]

    @property
    def text(self) -> str:
        parts = [s.title for s in self.sections]
        parts += [b.text for _, b in self.blocks]
        return "\n".join(parts)

    @property
    def anchor(self) -> tuple[str | None, int | None]:
        if self.sections:
            return self.sections[0].title, self.sections[0].line
        if self.blocks:
            sec, block = self.blocks[0]
            return (sec.title if sec else None), block.line
        return None, None

    def entries(self) -> list[Entry]:
        """The structured entries of the content: subsections, else rows, else items, else paragraphs."""
        subs: list[Entry] = []
        rows: list[Entry] = []
        items: list[Entry] = []
        paras: list[Entry] = []
        if self.via == "heading":
            for top in self.sections:
                tree = self.doc.subtree(top)
                children = (
                    [s for s in tree[1:] if s.level == min(x.level for x in tree[1:])]
                    if len(tree) > 1
                    else []
                )
                for child in children:
                    if NOT_OPTION_SECTION.match(normalise_heading(child.title)):
                        continue
                    blocks = [b for s in self.doc.subtree(child) for b in s.blocks if is_content(b)]
                    text = " ".join([child.title] + [b.text for b in blocks])
                    subs.append(
                        Entry(
                            text,
                            child.line,
                            child.title,
                            lead=child.title,
                            has_code=any(b.kind == "code" for b in blocks),
                            structure="subsection",
                        )
                    )
                own = [
                    (top, b) for b in top.blocks if is_content(b) or (b.kind == "row" and b.header)
                ]
                _collect(own, rows, items, paras)
        else:
            _collect(self.blocks, rows, items, paras)
        for group in (subs, rows, items, paras):
            if group:
                return group
        return []

    def code_blocks(self) -> int:
        return sum(1 for _, b in self.blocks if b.kind == "code")


def _collect(
    blocks: Sequence[tuple[Section | None, Block]],
    rows: list[Entry],
    items: list[Entry],
    paras: list[Entry],
) -> None:
    header: tuple[str, ...] = ()
    current: Entry | None = None
    base_depth: int | None = None
    for sec, b in blocks:
        title = sec.title if sec else None
        if b.kind == "row":
            if b.header:
                header = b.cells
                continue
            cells = dict(zip(header, b.cells, strict=False)) if header else {}
            rows.append(Entry(b.text, b.line, title, cells=cells, structure="row"))
            current = None
        elif b.kind == "item":
            if base_depth is None or b.depth < base_depth:
                base_depth = b.depth
            if b.depth <= base_depth or current is None:
                current = Entry(b.text, b.line, title, lead=b.lead, structure="item")
                items.append(current)
            else:
                current.text += " " + b.text
        elif b.kind == "code":
            if current is not None and b.depth > 0:
                current.text += "\n" + b.text
                current.has_code = True
            else:
                paras.append(Entry(b.text, b.line, title, has_code=True, structure="code"))
        elif b.kind == "paragraph":
            current = None
            base_depth = None
            paras.append(Entry(b.text, b.line, title, lead=b.lead, structure="paragraph"))


@lru_cache(maxsize=1)
def _known_prompts() -> frozenset[str]:
    from ladder.designdoc.template import template_prompts

    return frozenset(_squash(p) for p in template_prompts())


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def is_placeholder(block: Block) -> bool:
    """Whether a block is prompt text rather than an answer."""
    if block.kind == "comment":
        return True
    if block.kind == "row":
        return not block.header and all(
            EMPTY_CELL.match(c) or PLACEHOLDER_TEXT.match(c) for c in block.cells
        )
    text = block.text.strip()
    if not text:
        return True
    if block.kind == "code":
        return False
    if PLACEHOLDER_TEXT.match(text) and len(text.split()) <= 12:
        return True
    if block.emphasis_only and text.endswith("?"):
        return True
    return _squash(text) in _known_prompts()


def is_content(block: Block) -> bool:
    """Whether a block carries an answer (not a prompt, comment, table header or blank)."""
    if block.kind == "row" and block.header:
        return False
    return not is_placeholder(block)


def is_concrete(entry: Entry) -> bool:
    """Whether an entry gives something a reader can run, open or copy."""
    text = entry.text
    return bool(
        entry.has_code
        or "`" in text
        or URL.search(text)
        or COMMAND.search(text)
        or SQL.search(text)
        or SHELL_PROMPT.search(text)
        or PATH_LIKE.search(text)
        or UI_PATH.search(text)
    )


# --- the run ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """Findings and score of one check run."""

    findings: list[Finding]
    score: int
    covered: list[str]
    missing: list[str]


def run(doc: Document, kind: str) -> Outcome:
    """Check ``doc`` as a document of ``kind``."""
    rubric = RUBRICS[kind]
    findings: list[Finding] = []
    body = doc.body_sections()

    flagged: dict[int, str] = {}
    skip_until = -1
    for sec in body:
        if sec.index < skip_until:
            continue
        blocks = [b for s in doc.subtree(sec) for b in s.blocks]
        if not any(is_content(b) for b in blocks):
            flagged[sec.index] = (
                "placeholder" if any(is_placeholder(b) for b in blocks) else "empty"
            )
            skip_until = doc.subtree_end(sec)

    claims: dict[int, list[str]] = {}
    for aspect in rubric:
        if aspect.catch_all:
            continue
        for sec in body:
            if _heading_matches(aspect, sec):
                claims.setdefault(sec.index, []).append(aspect.key)

    weights = 0.0
    earned = 0.0
    covered: list[str] = []
    missing: list[str] = []
    answered_sections: dict[int, Aspect] = {}
    for aspect in rubric:
        weights += aspect.weight
        matched = [
            s
            for s in body
            if _heading_matches(aspect, s) and (not aspect.catch_all or s.index not in claims)
        ]
        matched = [
            s for s in matched if not any(_is_ancestor(doc, o, s) for o in matched if o is not s)
        ]
        evidence = _heading_evidence(doc, aspect, matched)
        if evidence is None:
            evidence = _fallback_evidence(doc, aspect, kind)
        if evidence is None:
            missing.append(aspect.key)
            unanswered = [s for s in matched if s.index in flagged]
            if unanswered:
                for s in unanswered:
                    answered_sections.setdefault(s.index, aspect)
                continue
            findings.append(
                Finding.of(
                    aspect.missing,
                    f"{aspect.label} missing: nothing in the document answers \u201c{aspect.ask}\u201d",
                )
            )
            continue
        dismissal = _dismissed(evidence)
        if dismissal is not None:
            missing.append(aspect.key)
            title, line = evidence.anchor
            findings.append(
                Finding.of(
                    aspect.missing,
                    f"\u201c{title}\u201d only says \u201c{dismissal}\u201d; it does not answer \u201c{aspect.ask}\u201d",
                    section=title,
                    line=line,
                )
            )
            continue
        credit = 1.0
        extra = QUALITY.get(f"{kind}.{aspect.key}", _no_checks)(evidence)
        for code in sorted({f.code for f in extra}):
            credit *= CREDIT[RULES[code].severity]
        findings.extend(extra)
        earned += aspect.weight * credit
        if not extra:
            covered.append(aspect.key)

    penalty = 0.0
    for index, state in flagged.items():
        sec = doc.sections[index]
        owner = answered_sections.get(index)
        if state == "placeholder":
            message = f"\u201c{sec.title}\u201d still holds only the template's prompt"
            code = "doc.section.placeholder"
        else:
            message = f"\u201c{sec.title}\u201d has a heading but nothing under it"
            code = "doc.section.empty"
        if owner is not None:
            message += f"; answer: {owner.ask}"
            why = RULES[owner.missing].why
        else:
            why = None
            penalty += PLACEHOLDER_PENALTY if state == "placeholder" else EMPTY_PENALTY
        findings.append(Finding.of(code, message, section=sec.title, line=sec.line, why=why))

    todo_penalty = 0.0
    for where, block in doc.all_blocks():
        if not is_content(block) or block.kind == "code":
            continue
        if where is not None and re.search(
            r"\bquestions?\b|\bunresolved\b|\bfuture\b", where.title, _I
        ):
            continue
        mark = TODO_MARK.search(block.text)
        if mark:
            todo_penalty += TODO_PENALTY
            findings.append(
                Finding.of(
                    "doc.todo.left",
                    f"\u201c{mark.group(0)}\u201d left in: \u201c{_clip(block.text)}\u201d",
                    section=where.title if where else None,
                    line=block.line,
                )
            )
    penalty += min(todo_penalty, TODO_PENALTY_CAP)

    score = 100.0 * earned / weights if weights else 0.0
    score = max(0.0, min(100.0, score - penalty))
    findings.sort(
        key=lambda f: (SEVERITY_ORDER.index(f.severity), f.line is None, f.line or 0, f.code)
    )
    return Outcome(findings, round(score), covered, missing)


def _is_ancestor(doc: Document, maybe_parent: Section, sec: Section) -> bool:
    return maybe_parent.index < sec.index and doc.contains(maybe_parent, sec)


def _heading_matches(aspect: Aspect, sec: Section) -> bool:
    text = normalise_heading(sec.title)
    if aspect.strip is not None:
        text = aspect.strip.sub(" ", text)
    return bool(aspect.heading.search(text))


def _heading_evidence(doc: Document, aspect: Aspect, matched: list[Section]) -> Evidence | None:
    if not matched:
        return None
    blocks = [
        (s, b) for top in matched for s in doc.subtree(top) for b in s.blocks if is_content(b)
    ]
    if not blocks:
        return None
    return Evidence(aspect, doc, "heading", matched, blocks)


def _content_blocks(doc: Document) -> list[tuple[Section | None, Block]]:
    return [(s, b) for s, b in doc.all_blocks() if is_content(b)]


def _fallback_evidence(doc: Document, aspect: Aspect, kind: str) -> Evidence | None:
    special = FALLBACKS.get(f"{kind}.{aspect.key}")
    if special is not None:
        found = special(doc, aspect)
        if found is not None:
            return found
    if aspect.intro:
        intro = [(None, b) for b in doc.intro() if is_content(b) and b.kind != "code"]
        words = sum(len(b.text.split()) for _, b in intro)
        if words >= 20:
            return Evidence(aspect, doc, "intro", [], intro)
    if aspect.content is None:
        return None
    hits = [
        (s, b)
        for s, b in _content_blocks(doc)
        if b.kind != "code" and aspect.content.search(b.text)
    ]
    if not hits:
        return None
    return Evidence(aspect, doc, "content", [], hits)


def _dismissed(evidence: Evidence) -> str | None:
    text = " ".join(b.text for _, b in evidence.blocks).strip()
    if evidence.via == "heading" and len(text.split()) <= 8 and DISMISSIVE.match(text):
        return text
    return None


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "\u2026"


def _lines(entries: Iterable[Entry], limit: int = 3) -> str:
    picked = list(entries)
    shown = ", ".join(
        f"\u201c{_clip(e.lead or e.text, 40)}\u201d (line {e.line})" for e in picked[:limit]
    )
    more = len(picked) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def _no_checks(evidence: Evidence) -> list[Finding]:
    return []


# --- content checks ---------------------------------------------------------------------------


def _options(evidence: Evidence) -> list[Entry]:
    entries = evidence.entries()
    if not entries:
        return []
    structure = entries[0].structure
    if structure == "row":
        header = list(entries[0].cells)
        if len(header) >= 3 and COMPARISON_HEADER.match(header[0]):
            columns = header[1:]
            return [
                Entry(
                    " ".join([col] + [e.cells.get(col, "") for e in entries]),
                    entries[0].line,
                    entries[0].section,
                    lead=col,
                    structure="column",
                )
                for col in columns
            ]
        return entries
    if structure == "item":
        options: list[Entry] = []
        for entry in entries:
            label = entry.lead or entry.text
            if PROS_CONS_LABEL.match(label) and options:
                options[-1].text += " " + entry.text
            elif not PROS_CONS_LABEL.match(label):
                options.append(entry)
        if not options:
            # only pros and cons: one option, described in the paragraph before the list
            return [
                Entry(
                    " ".join(e.text for e in entries),
                    entries[0].line,
                    entries[0].section,
                    structure="item",
                )
            ]
        return options
    if structure in {"paragraph", "code"}:
        paras = [
            e
            for e in entries
            if len(e.text.split()) >= 8 and not PROS_CONS_LABEL.match(e.lead or "")
        ]
        named = {m.group(0).lower() for e in entries for m in OPTION_NAME.finditer(e.text)}
        if len(named) > len(paras):
            text = " ".join(e.text for e in entries)
            return [Entry(text, entries[0].line, entries[0].section, lead=n) for n in sorted(named)]
        if evidence.via == "content":
            return paras[:1] if len(named) < 2 else paras
        return paras
    return entries


def _check_options(evidence: Evidence, single: str, no_tradeoffs: str) -> list[Finding]:
    options = _options(evidence)
    title, line = evidence.anchor
    out: list[Finding] = []
    if len(options) < 2:
        what = f"\u201c{_clip(options[0].lead or options[0].text, 50)}\u201d" if options else "none"
        out.append(
            Finding.of(
                single,
                f"Only one option is discussed ({what}); compare at least two, with what each is better and worse at",
                section=title,
                line=line,
            )
        )
    weighed = [
        o
        for o in options
        if o.structure == "column"
        or TRADEOFF.search(o.text)
        or any(PROS_CONS_COLUMN.search(k) and not EMPTY_CELL.match(v) for k, v in o.cells.items())
    ]
    if options and len(weighed) < min(2, len(options)):
        unweighed = [o for o in options if o not in weighed]
        out.append(
            Finding.of(
                no_tradeoffs,
                f"No pros and cons given for {_lines(unweighed)}",
                section=title,
                line=line,
            )
        )
    return out


def _design_alternatives(ev: Evidence) -> list[Finding]:
    return _check_options(ev, "design.alternatives.single", "design.alternatives.no-tradeoffs")


def _adr_options(ev: Evidence) -> list[Finding]:
    return _check_options(ev, "adr.options.single", "adr.options.no-tradeoffs")


def _design_failure_modes(ev: Evidence) -> list[Finding]:
    entries = ev.entries()
    if not entries:
        return []
    shallow = []
    for entry in entries:
        if entry.cells:
            answered = [
                v
                for k, v in entry.cells.items()
                if MITIGATION_COLUMN.search(k) and not EMPTY_CELL.match(v)
            ]
            if answered:
                continue
        words = len(entry.text.split())
        if MITIGATION.search(entry.text) or (EFFECT.search(entry.text) and words >= 10):
            continue
        shallow.append(entry)
    if shallow and len(shallow) * 2 >= len(entries):
        title, line = ev.anchor
        return [
            Finding.of(
                "design.failure-modes.shallow",
                f"{len(shallow)} of {len(entries)} failure modes say neither what happens then nor how it is handled: {_lines(shallow)}",
                section=title,
                line=line,
            )
        ]
    return []


def _design_scale(ev: Evidence) -> list[Finding]:
    text = ev.text
    title, line = ev.anchor
    if not NUMBERS.search(text):
        return [
            Finding.of(
                "design.scale.no-numbers",
                "Scale is described without a single number (requests per second, data size, users, 10x...)",
                section=title,
                line=line,
            )
        ]
    if not GROWTH.search(text):
        return [
            Finding.of(
                "design.scale.no-growth",
                "Scale gives today's numbers but not what happens at 10x or 100x",
                section=title,
                line=line,
            )
        ]
    return []


def _design_security(ev: Evidence) -> list[Finding]:
    if ABUSE.search(ev.text):
        return []
    title, line = ev.anchor
    return [
        Finding.of(
            "design.security.no-abuse",
            "Security is covered only as access control; nothing on what a malicious user would try (abuse, rate limits, injection...)",
            section=title,
            line=line,
        )
    ]


def _design_testing(ev: Evidence) -> list[Finding]:
    if TEST_LAYERS.search(ev.text):
        return []
    title, line = ev.anchor
    return [
        Finding.of(
            "design.testing.vague",
            f"The testing strategy (\u201c{_clip(ev.text, 50)}\u201d) names no kind of test: unit, integration, end-to-end, load, canary...",
            section=title,
            line=line,
        )
    ]


def _adr_consequences(ev: Evidence) -> list[Finding]:
    if NEGATIVE.search(ev.text):
        return []
    title, line = ev.anchor
    return [
        Finding.of(
            "adr.consequences.one-sided",
            "The consequences list only benefits; what gets harder, slower or more expensive?",
            section=title,
            line=line,
        )
    ]


def _concrete(ev: Evidence, code: str, what: str) -> list[Finding]:
    entries = [e for e in ev.entries() if e.structure != "subsection" or e.text.strip()]
    if ev.code_blocks() or not entries:
        return []
    concrete = [e for e in entries if is_concrete(e)]
    if len(concrete) * 2 >= len(entries):
        return []
    title, line = ev.anchor
    vague = [e for e in entries if e not in concrete]
    return [
        Finding.of(
            code,
            f"{len(vague)} of {len(entries)} {what} name no command, query, path or dashboard: {_lines(vague)}",
            section=title,
            line=line,
        )
    ]


def _runbook_diagnosis(ev: Evidence) -> list[Finding]:
    return _concrete(ev, "runbook.diagnosis.not-concrete", "diagnosis steps")


def _runbook_mitigation(ev: Evidence) -> list[Finding]:
    return _concrete(ev, "runbook.mitigation.not-concrete", "mitigation steps")


def _onboarding_setup(ev: Evidence) -> list[Finding]:
    return _concrete(ev, "onboarding.setup.not-concrete", "set-up steps")


def _howto_steps(ev: Evidence) -> list[Finding]:
    return _concrete(ev, "howto.steps.not-concrete", "steps")


def _runbook_escalation(ev: Evidence) -> list[Finding]:
    if CONTACT.search(ev.text):
        return []
    title, line = ev.anchor
    return [
        Finding.of(
            "runbook.escalation.no-contact",
            f"Escalation (\u201c{_clip(ev.text, 50)}\u201d) names no person, team, rotation or channel",
            section=title,
            line=line,
        )
    ]


def _postmortem_impact(ev: Evidence) -> list[Finding]:
    if NUMBERS.search(ev.text):
        return []
    title, line = ev.anchor
    return [
        Finding.of(
            "postmortem.impact.no-numbers",
            "Impact has no numbers: how many users or requests, for how long, what share failed?",
            section=title,
            line=line,
        )
    ]


def _postmortem_timeline(ev: Evidence) -> list[Finding]:
    entries = ev.entries()
    if not entries:
        return []
    timed = []
    for e in entries:
        cells = " ".join(v for k, v in e.cells.items() if TIME_COLUMN.search(k))
        if (
            TIME.search(e.text)
            or TIME.search(e.section or "")
            or (cells and re.search(r"\d", cells))
        ):
            timed.append(e)
    if len(timed) * 2 >= len(entries):
        return []
    title, line = ev.anchor
    untimed = [e for e in entries if e not in timed]
    return [
        Finding.of(
            "postmortem.timeline.no-times",
            f"{len(untimed)} of {len(entries)} timeline entries have no time: {_lines(untimed)}",
            section=title,
            line=line,
        )
    ]


def _postmortem_root_cause(ev: Evidence) -> list[Finding]:
    text = ev.text
    human = HUMAN_ERROR.search(text)
    if not human or SYSTEMIC.search(text):
        return []
    title, line = ev.anchor
    return [
        Finding.of(
            "postmortem.root-cause.human-error",
            f"The root cause stops at a person (\u201c{_clip(human.group(0), 50)}\u201d); "
            "ask why the system let that mistake cause an outage",
            section=title,
            line=line,
        )
    ]


def _postmortem_actions(ev: Evidence) -> list[Finding]:
    out: list[Finding] = []
    for entry in ev.entries():
        if (
            entry.structure in {"paragraph", "code"}
            and len(ev.entries()) > 1
            and entry.text.rstrip().endswith(":")
        ):
            continue
        owner_cells = [v for k, v in entry.cells.items() if OWNER_COLUMN.search(k)]
        if owner_cells:
            has_owner = any(not EMPTY_CELL.match(v) for v in owner_cells)
        else:
            has_owner = bool(OWNER.search(entry.text)) and not NO_OWNER.search(entry.text)
        if not has_owner:
            out.append(
                Finding.of(
                    "postmortem.action-owner.missing",
                    f"Action item \u201c{_clip(entry.text, 60)}\u201d has no owner",
                    section=entry.section,
                    line=entry.line,
                )
            )
    return out


QUALITY: dict[str, Callable[[Evidence], list[Finding]]] = {
    "design.alternatives": _design_alternatives,
    "design.failure-modes": _design_failure_modes,
    "design.scale": _design_scale,
    "design.security": _design_security,
    "design.testing": _design_testing,
    "adr.options": _adr_options,
    "adr.consequences": _adr_consequences,
    "runbook.diagnosis": _runbook_diagnosis,
    "runbook.mitigation": _runbook_mitigation,
    "runbook.escalation": _runbook_escalation,
    "postmortem.impact": _postmortem_impact,
    "postmortem.timeline": _postmortem_timeline,
    "postmortem.root-cause": _postmortem_root_cause,
    "postmortem.actions": _postmortem_actions,
    "onboarding.setup": _onboarding_setup,
    "howto.steps": _howto_steps,
}
"""Content checks per ``<kind>.<aspect>``; each returns the findings for that aspect."""


# --- special ways to find an aspect -----------------------------------------------------------


def _adr_status(doc: Document, aspect: Aspect) -> Evidence | None:
    status = doc.meta.get("status")
    if isinstance(status, str) and status.strip():
        return Evidence(
            aspect, doc, "meta", [], [(None, Block("paragraph", f"status: {status}", 1))]
        )
    return None


_STEP_HEADING = re.compile(r"^\s*(step\s*\d+|\d+[.)]|\d+\s*[-\u2014\u2013:])\s*", _I)


def _howto_steps_fallback(doc: Document, aspect: Aspect) -> Evidence | None:
    numbered = [s for s in doc.body_sections() if _STEP_HEADING.match(s.title)]
    if len(numbered) >= 2:
        found: list[tuple[Section | None, Block]] = [
            (s, b) for top in numbered for s in doc.subtree(top) for b in s.blocks if is_content(b)
        ]
        found = found or [(s, Block("paragraph", s.title, s.line)) for s in numbered]
        return Evidence(aspect, doc, "heading", numbered, found)
    ordered = [(s, b) for s, b in _content_blocks(doc) if b.kind == "item" and b.ordered]
    if len(ordered) >= 2:
        sec = ordered[0][0]
        blocks = [
            (s, b) for s, b in _content_blocks(doc) if s is sec and b.kind in {"item", "code"}
        ]
        return Evidence(aspect, doc, "content", [], blocks)
    return None


def _timeline_fallback(doc: Document, aspect: Aspect) -> Evidence | None:
    timed = [
        (s, b) for s, b in _content_blocks(doc) if b.kind in {"item", "row"} and TIME.search(b.text)
    ]
    if len(timed) >= 3:
        return Evidence(aspect, doc, "content", [], timed)
    return None


FALLBACKS: dict[str, Callable[[Document, Aspect], Evidence | None]] = {
    "adr.status": _adr_status,
    "howto.steps": _howto_steps_fallback,
    "postmortem.timeline": _timeline_fallback,
}
"""Extra ways to find an aspect when no heading names it."""
