"""Benchmark: ``ladder packet`` as HTML and as PDF over a workspace of 1,000 evidence items.

Targets (from the issue): for 1,000 evidence items, the median wall time of
``ladder packet --format html -o FILE`` is at most 1 s, and of ``--format pdf`` at most 5 s.
Each command runs as a subprocess, as a person runs it, interleaved round by round with
``ladder --version`` and ``python -c pass`` (to show start-up), after a warm-up run of each.
``ladder brag`` and ``ladder report`` run alongside for the record.

The workspace is built once through the library and cached in ``bench/.work/``: a profile (Mid
→ Senior), 1,000 items over the twelve months up to the day it was built — pull requests,
reviews with their review comments, design documents, days of commits, notes with impacts —
mapped onto the ladder, plus self and manager ratings of the Senior expectations. The data is
seeded, so it is the same on every machine (its dates follow the day it is built).

After timing, the script checks the outputs: the HTML holds three charts and cites evidence;
the PDF starts with ``%PDF`` (and, where poppler is installed, its page count is printed).
It always exits 0: it reports PASS or FAIL, it does not gate.

Usage (from the repository root)::

    .venv/bin/python bench/bench_packet.py [--runs N] [--entries N] [--rebuild]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import WORK, Timed, clean_env, interleaved, machine, ms, table, tool, verdict

HTML_TARGET = 1.0
PDF_TARGET = 5.0
GENERATOR = 1  # bump when the generated data changes

PRS = [
    "Add idempotency keys to payment retries",
    "Cache exchange rates with a five minute TTL",
    "Move the settlement job onto the queue",
    "Split the billing read path from the write path",
    "Add tracing spans to checkout",
    "Remove the legacy coupon code path",
    "Paginate the invoices API",
    "Make the refund worker safe to run twice",
]
DOCS = [
    ("Design: multi-region writes", "design", "system-design"),
    ("ADR: choose logical replication", "adr", "system-design"),
    ("Runbook: payment queue backlog", "runbook", "operations"),
    ("Postmortem: DNS failover", "postmortem", "operations"),
]
COMMENTS = [
    "nit: rename this to retry_count",
    "What happens if the vendor times out here? We could fall back to the cached rate.",
    "This needs a test for the empty cart case",
    "Great work, thanks!",
    "Could we extract this into a helper?",
    "This query is open to injection; pass a parameter instead",
    "Why is this synchronous? A queue would decouple the two services.",
    "typo: recieve",
    "Please document the new flag in the README",
    "Does this hold at 10x the traffic? The lock is global.",
]
NOTES = [
    ("Led the incident review for the checkout outage", "operations", "three follow-ups shipped"),
    ("Mentored Sam through his first on-call week @mentoring", "mentorship", None),
    ("Ran the design review of the search index", "system-design", "two risks found before launch"),
    ("Wrote the onboarding guide for the payments team", "communication", None),
    ("Proposed a shared retry library to three teams", "leadership", "adopted by two teams"),
    ("Finished Designing Data-Intensive Applications @learning", "career", None),
    ("Shipped the checkout retry banner", "delivery", "support tickets about retries dropped"),
]


def build(home: Path, entries: int) -> None:
    """Make the workspace: 1,000 items (by default) over the last twelve months."""
    from ladder.person import ProfileInput
    from ladder.source import Activity, AreaHint, Batch, HarvestContext, Item, Source, SourceStatus
    from ladder.workspace import Workspace

    rnd = random.Random(20261124)
    today = dt.date.today()

    class Generated(Source):
        name = "bench"
        title = "generated evidence"

        def status(self, env: Mapping[str, str]) -> SourceStatus:
            return SourceStatus(True, "generated")

        def register_commands(self, harvest: Any) -> None:
            return None

        def harvest(self, ctx: HarvestContext, **options: Any) -> Iterator[Batch]:
            batch = Batch()
            for k in range(entries - len(NOTES) * 4):
                day = today - dt.timedelta(days=rnd.randint(0, 364))
                r = rnd.random()
                if r < 0.35:
                    n = 100 + k
                    batch.items.append(
                        Item(
                            f"pr{k}",
                            "pull-request",
                            day,
                            f"Merged PR #{n} in acme/pay: {rnd.choice(PRS)}",
                            url=f"https://github.com/acme/pay/pull/{n}",
                        )
                    )
                elif r < 0.6:
                    n = 5000 + k
                    ref = f"rv{k}"
                    batch.items.append(
                        Item(
                            ref,
                            "review",
                            day,
                            f"Reviewed PR #{n} in acme/shop: changes requested",
                            url=f"https://github.com/acme/shop/pull/{n}",
                        )
                    )
                    for j in range(rnd.randint(1, 4)):
                        batch.activities.append(
                            Activity(
                                f"c{k}-{j}",
                                "review-comment",
                                f"{day.isoformat()}T10:{j:02d}:00Z",
                                "review comment",
                                item_ref=ref,
                                body=rnd.choice(COMMENTS),
                                url=f"https://github.com/acme/shop/pull/{n}#c{j}",
                            )
                        )
                elif r < 0.68:
                    title, kind, area = rnd.choice(DOCS)
                    batch.items.append(
                        Item(
                            f"doc{k}",
                            "doc",
                            day,
                            f"{title} (docs/{kind}/{k}.md)",
                            url=f"https://github.com/acme/pay/blob/HEAD/docs/{kind}/{k}.md",
                            tags=[kind],
                            data={"passed": rnd.random() < 0.7},
                            areas=[AreaHint(area, "a document of this kind", confidence=0.8)],
                        )
                    )
                else:
                    batch.items.append(
                        Item(
                            f"cm{k}",
                            "commits",
                            day,
                            f"services/billing: {rnd.randint(1, 9)} commits on {day} — tidy tests",
                            url=f"https://github.com/acme/pay/commit/{k:07x}",
                        )
                    )
            yield batch

    with Workspace.open(home, env={}) as ws:
        ws.init_profile(
            ProfileInput(
                name="Bench Person",
                emails=["b@example.com"],
                handles=["github:bench"],
                level="mid",
                target_level="senior",
            )
        )
        ws.harvest(Generated())
        for n in range(4):
            for text, area, impact in NOTES:
                day = today - dt.timedelta(days=rnd.randint(0, 364))
                ws.log(f"{text} ({n + 1})", date=day, areas=[area], impact=impact)
        ws.map()
        for i, exp in enumerate(e for a in ws.ladder().areas for e in a.at("senior")):
            ws.assessments.rate(exp.id, rnd.choice([1, 2, 2, 3]), rater="self")
            if i % 2 == 0:
                ws.assessments.rate(
                    exp.id, rnd.choice([0, 1, 2, 2]), rater="manager", rater_name="Grace"
                )


def workspace(entries: int, rebuild: bool) -> Path:
    from ladder import __version__
    from ladder.store import SCHEMA_REVISION

    key = f"packet-g{GENERATOR}-n{entries}-{dt.date.today().isoformat()}-ladder{__version__}-schema{SCHEMA_REVISION}"
    home = WORK / key
    if rebuild and home.exists():
        shutil.rmtree(home)
    if not home.exists():
        for old in WORK.glob("packet-*"):
            shutil.rmtree(old, ignore_errors=True)
        building = WORK / (key + ".building")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        start = time.perf_counter()
        build(building, entries)
        building.rename(home)
        print(f"built the workspace in {time.perf_counter() - start:.1f} s: {home}")
    return home


def in_process(home: Path) -> list[tuple[str, float]]:
    """Where the time goes, in one process (after imports): build, Markdown, HTML, PDF."""
    from ladder import packet, render
    from ladder.workspace import Workspace

    out = []
    with Workspace.open(home, env={}) as ws:
        t = time.perf_counter()
        doc = packet.build(ws)
        out.append(("packet.build (queries, readiness, review lens)", time.perf_counter() - t))
    for name, fn in (("render.markdown", render.markdown), ("render.html", render.html)):
        t = time.perf_counter()
        fn(doc)
        out.append((name, time.perf_counter() - t))
    import weasyprint  # noqa: F401  (its import is a fixed cost of every PDF)

    t = time.perf_counter()
    render.pdf(doc)
    out.append(("render.pdf (WeasyPrint layout and drawing)", time.perf_counter() - t))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    ladder = tool("ladder")
    home = workspace(args.entries, args.rebuild)
    out = WORK / "packet-out"
    out.mkdir(exist_ok=True)
    env = clean_env(LADDER_HOME=str(home))
    html, pdf = out / "packet.html", out / "packet.pdf"
    commands = [
        Timed("ladder packet --format html -o packet.html", lambda r: [ladder, "packet", "--format", "html", "-o", str(html)], env),
        Timed("ladder packet --format pdf -o packet.pdf", lambda r: [ladder, "packet", "--format", "pdf", "-o", str(pdf)], env),
        Timed("ladder packet (Markdown)", lambda r: [ladder, "packet"], env),
        Timed("ladder brag --period this-year --format html", lambda r: [ladder, "brag", "--period", "this-year", "--format", "html"], env),
        Timed("ladder report last-month", lambda r: [ladder, "report", "last-month"], env),
        Timed("ladder --version", lambda r: [ladder, "--version"], env),
        Timed("python -c pass", lambda r: [sys.executable, "-c", "pass"], env),
    ]  # fmt: skip
    print(machine("weasyprint", "jinja2", "nh3"))
    print(f"workspace: {args.entries} evidence items; {args.runs} timed runs each, interleaved\n")
    interleaved(commands, args.runs)

    targets = {commands[0].name: HTML_TARGET, commands[1].name: PDF_TARGET}
    rows = []
    for c in commands:
        target = targets.get(c.name)
        rows.append(
            [
                f"`{c.name}`",
                len(c.times),
                ms(c.median),
                ms(c.p90),
                ms(c.best),
                f"≤ {target:.0f} s" if target else "",
                f"**{verdict(c.median, target)}**" if target else "",
            ]
        )
    print(table(["command", "runs", "median", "p90", "min", "target", "result"], rows))

    page = html.read_text(encoding="utf-8")
    charts = len(re.findall(r'<figure class="chart" data-chart="[a-z-]+"><svg', page))
    cites = len(set(re.findall(r'href="#e(\d+)"', page)))
    print(f"\nchecks: the HTML has {charts} charts and cites {cites} items; ", end="")
    print(
        "the PDF starts with %PDF"
        if pdf.read_bytes().startswith(b"%PDF")
        else "THE PDF IS NOT A PDF",
        end="",
    )
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
        print(f" and has {pages.group(1) if pages else '?'} pages", end="")
    print(".\n\nin one process, after imports:")
    print(table(["phase", "time"], [[name, ms(t)] for name, t in in_process(home)]))
    for c in commands[:2]:
        target = targets[c.name]
        print(
            f"{c.name}: median {c.median:.2f} s, target ≤ {target:.0f} s: {verdict(c.median, target)}"
        )


if __name__ == "__main__":
    main()
