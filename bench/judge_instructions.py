"""The judge's cost in machine instructions: two versions of the code, counted by callgrind.

On a shared machine, times move by more than a change of a few per cent (other people's test
suites take the other core, the CPU's clock changes); the number of instructions the CPU runs
for the same work does not. This runs the judge of ``speed_ab.py judge`` (role, grade and
mapping of the development projects' commits of ``data/evidence-eval``) under valgrind's
callgrind, once with no timed pass and once with ``--passes`` of them, and gives the
difference per item: what one item costs, start-up and the first pass left out. Python's
hashing is fixed (``PYTHONHASHSEED=0``), so a count repeats to within a few hundred
instructions an item.

Usage::

    git archive 0270225 src | tar -x -C /tmp/before
    .venv/bin/python bench/judge_instructions.py --before /tmp/before/src

Needs valgrind (Debian's package of that name); about a minute.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from speed_ab import JUDGE_SETUP

ROOT = Path(__file__).resolve().parents[1]

#: One run: the judge's set-up, then PASSES more passes over the items.
SNIPPET = JUDGE_SETUP + """
for _ in range(int(sys.argv[3])):
    for it in items:
        assess(mapper, it)
print(len(items))
"""


def count(src: Path, passes: int) -> tuple[int, int]:
    """Instructions of a whole run with ``passes`` timed passes, and the number of items."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        run = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                sys.executable,
                "-c",
                SNIPPET,
                str(src),
                str(ROOT / "bench"),
                str(passes),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
            check=False,
        )
        if run.returncode != 0:
            raise SystemExit(f"callgrind failed on {src}:\n{run.stderr[-2000:]}")
        text = out.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M)
        if m is None:
            raise SystemExit(f"no instruction count in callgrind's output for {src}")
        return int(m.group(1)), int(run.stdout.split()[-1])


def per_item(src: Path, passes: int) -> float:
    """Instructions an item costs in the timed passes."""
    base, n = count(src, 0)
    total, _ = count(src, passes)
    return (total - base) / (passes * n)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", type=Path, required=True, help="another copy's src folder")
    ap.add_argument("--after", type=Path, default=ROOT / "src", help="default: this checkout's")
    ap.add_argument("--passes", type=int, default=2, help="timed passes over the items")
    args = ap.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    for src in (args.before, args.after):
        if not (src / "ladder" / "mapping" / "judge.py").is_file():
            print(f"{src}: not a src folder of ladder (no ladder/mapping/judge.py there)", file=sys.stderr)
            return 2
    before = per_item(args.before.resolve(), args.passes)
    after = per_item(args.after.resolve(), args.passes)
    print(f"judge: instructions per item, {args.passes} passes, callgrind, PYTHONHASHSEED=0")
    print(f"  before: {before:>10,.0f}  ({args.before})")
    print(f"   after: {after:>10,.0f}  ({args.after})  {before / after:.2f}x as fast")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
