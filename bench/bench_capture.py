"""Benchmark: ``ladder log "…"`` end to end, against ``jrnl "…"``.

Target (from the issue): the median wall time of ``ladder log`` is at most 0.8 times the median
of ``jrnl`` on the same machine, in the same run. Both run as subprocesses, as a person runs
them, interleaved round by round, each with its own fresh home in a temporary folder:

* ladder: ``LADDER_HOME=<tmp>/ladder``, a workspace made once with ``ladder init`` before any
  timing, so the timed runs measure steady-state capture;
* jrnl: ``HOME`` and ``XDG_CONFIG_HOME`` in ``<tmp>/jrnl`` with a ``jrnl/jrnl.yaml`` holding one
  plain-text journal, encryption off, no editor.

After the runs the script checks that both tools stored every entry. It always exits 0: it
reports PASS or FAIL, it does not gate.

Usage (from the repository root)::

    .venv/bin/python bench/bench_capture.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    INIT_ARGS,
    Timed,
    clean_env,
    interleaved,
    machine,
    ms,
    run_once,
    table,
    tool,
    verdict,
)

TARGET = 0.8

# One sentence each (jrnl splits a title at the first full stop) and no colon (jrnl would read
# "yesterday:" as a date): the same text goes to both tools.
TEXTS = [
    "Reviewed the retry logic in the billing worker and caught a double charge @review",
    "Paired with Sam on the flaky checkout integration test @mentoring",
    "Wrote the design doc for moving session storage to Redis @design",
    "Led the incident review for the queue outage and filed three follow-ups @oncall",
    "Cut the CI pipeline from 14 to 6 minutes by caching the wheel builds @ci",
    "Explained the rollout plan for the new search index to the support team @communication",
    "Shipped pagination for the audit log API behind a feature flag @delivery",
    "Onboarded the two new hires to the deployment tooling @mentoring",
]


def text_for(run: int) -> str:
    """The entry text of a run (-1 is the warm-up); a unique marker makes each one findable."""
    marker = "warmup" if run < 0 else f"run{run:03d}"
    return f"{TEXTS[run % len(TEXTS)]} bench-{marker}"


def jrnl_home(folder: Path) -> tuple[dict[str, str], Path, Path]:
    """A fresh jrnl setup: its environment, its config file and its journal file."""
    config_home = folder / ".config"
    (config_home / "jrnl").mkdir(parents=True)
    journal = folder / "journal.txt"
    journal.touch(mode=0o600)
    config = config_home / "jrnl" / "jrnl.yaml"
    # The keys of jrnl's own default config (jrnl/config.py), with the installed version so jrnl
    # does not rewrite the file on first use.
    config.write_text(
        f"version: '{metadata.version('jrnl')}'\n"
        "journals:\n"
        f"  default:\n    journal: {json.dumps(str(journal))}\n"
        "editor: ''\n"
        "encrypt: false\n"
        "template: false\n"
        "default_hour: 9\n"
        "default_minute: 0\n"
        "timeformat: '%F %r'\n"
        "tagsymbols: '#@'\n"
        "highlight: true\n"
        "linewrap: 79\n"
        "indent_character: '|'\n"
        "colors:\n  body: none\n  date: none\n  tags: none\n  title: none\n",
        encoding="utf-8",
    )
    env = clean_env(
        HOME=str(folder),
        XDG_CONFIG_HOME=str(config_home),
        XDG_DATA_HOME=str(folder / ".local" / "share"),
    )
    return env, config, journal


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--runs", type=int, default=30, help="timed runs of each command (at least 10; default 30)"
    )
    args = ap.parse_args()
    runs = max(args.runs, 10)
    ladder, jrnl = tool("ladder"), tool("jrnl")

    with tempfile.TemporaryDirectory(prefix="ladder-bench-capture-") as tmp:
        root = Path(tmp)
        lhome = root / "ladder"
        lenv = clean_env(LADDER_HOME=str(lhome), HOME=str(root / "ladder-user"))
        run_once(
            [ladder, *INIT_ARGS],
            lenv,
        )
        (root / "jrnl").mkdir()
        jenv, jconfig, journal = jrnl_home(root / "jrnl")
        config_before = jconfig.read_text(encoding="utf-8")

        cmds = [
            Timed("ladder log", lambda r: [ladder, "log", text_for(r)], lenv),
            Timed("jrnl", lambda r: [jrnl, text_for(r)], jenv),
            Timed("python -c pass", lambda r: [sys.executable, "-c", "pass"], clean_env()),
        ]
        interleaved(cmds, runs, warmup=1)
        lad, jr, py = cmds

        # -- did both tools store every entry? ----------------------------------------------
        expected = [text_for(-1)] + [text_for(r) for r in range(runs)]
        out = subprocess.run(
            [ladder, "entries", "--json", "--limit", "0"],
            env=lenv,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        stored = [e["text"] for e in json.loads(out)["entries"]]
        ladder_ok = len(stored) == len(expected) and set(stored) == set(expected)
        journal_text = journal.read_text(encoding="utf-8")
        jrnl_count = len(re.findall(r"^\[\d{4}-\d{2}-\d{2} ", journal_text, flags=re.M))
        jrnl_ok = jrnl_count == len(expected) and all(t in journal_text for t in expected)
        config_ok = jconfig.read_text(encoding="utf-8") == config_before

    ratio = lad.median / jr.median
    print(f"ladder log vs jrnl — {machine('jrnl')}")
    print(
        f"{runs} timed runs each after 1 warm-up, interleaved; wall time of the whole subprocess\n"
    )
    print(
        table(
            ["command", "runs", "median", "p90", "min", "median / jrnl"],
            [
                [
                    c.name,
                    len(c.times),
                    ms(c.median),
                    ms(c.p90),
                    ms(c.best),
                    f"{c.median / jr.median:.2f}",
                ]
                for c in (lad, jr, py)
            ],
        )
    )
    print(
        f"\nstored: ladder {len(stored)}/{len(expected)} entries {'ok' if ladder_ok else 'MISSING'} · "
        f"jrnl {jrnl_count}/{len(expected)} entries {'ok' if jrnl_ok else 'MISSING'}"
        + ("" if config_ok else " · warning: jrnl rewrote its config during the runs")
    )
    print(
        f"python -c pass (interpreter start-up, for context): median {ms(py.median)}; "
        f"above it: ladder log +{ms(lad.median - py.median)}, jrnl +{ms(jr.median - py.median)}"
    )
    ok = ladder_ok and jrnl_ok
    result = verdict(ratio, TARGET) if ok else "FAIL (entries missing)"
    print(f"\nratio ladder/jrnl (medians) = {ratio:.2f} (target ≤ {TARGET}) → {result}")


if __name__ == "__main__":
    main()
