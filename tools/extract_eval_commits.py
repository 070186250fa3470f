"""Draw a labelling sample of one person's commits from a real git repository.

The sample feeds the evaluation set in ``data/evidence-eval/`` (see its GUIDELINES.md). It is
stratified so that every role the harvester meets is present: commits the person authored,
merges of other people's work, merges of the person's own branches, co-authored commits,
commits the person committed for someone else, and bot commits the person merged.

    python tools/extract_eval_commits.py REPO.git --project owner/name --licence MIT \
        --name "Jane Doe" --email jane@example.com [--email …] --n 110 --seed 1 -o out.jsonl

The draw is deterministic for a given repository, person, ``--n`` and ``--seed``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from pathlib import Path

SEP = "\x1e"
FIELD = "\x1f"
BOT = re.compile(
    r"\[bot\]|dependabot|renovate|pre-commit-ci|github-actions|greenkeeper|snyk-bot|"
    r"imgbot|allcontributors|mergify|web-flow-bot",
    re.I,
)
SHARES = {  # stratum → share of the sample
    "authored": 0.58,
    "merge-others": 0.15,
    "merge-own": 0.05,
    "co-authored": 0.05,
    "committed-for": 0.07,
    "bot": 0.10,
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", f"--git-dir={repo}", *args],
        capture_output=True,
        text=True,
        check=True,
        errors="replace",
    ).stdout


def commits(repo: Path, rev: str) -> list[dict[str, object]]:
    fmt = FIELD.join(["%H", "%P", "%an", "%ae", "%cn", "%ce", "%ad", "%s", "%b"]) + SEP
    out = git(repo, "log", rev, "--date=short", f"--format={fmt}")
    rows = []
    for chunk in out.split(SEP):
        chunk = chunk.strip("\n")
        if not chunk:
            continue
        sha, parents, an, ae, cn, ce, date, subject, body = chunk.split(FIELD, 8)
        rows.append(
            {
                "sha": sha,
                "parents": parents.split(),
                "author": {"name": an, "email": ae},
                "committer": {"name": cn, "email": ce},
                "date": date,
                "subject": subject,
                "body": body.strip()[:4000],
            }
        )
    return rows


def numstat(repo: Path, row: dict[str, object]) -> list[dict[str, object]]:
    parents = row["parents"]
    assert isinstance(parents, list)
    base = parents[0] if parents else "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
    out = git(repo, "diff", "--numstat", "--no-renames", base, str(row["sha"]))
    files = []
    for line in out.splitlines()[:100]:
        added, deleted, path = line.split("\t", 2)
        files.append(
            {
                "path": path,
                "added": None if added == "-" else int(added),
                "deleted": None if deleted == "-" else int(deleted),
            }
        )
    return files


def merged(repo: Path, row: dict[str, object]) -> list[dict[str, str]]:
    parents = row["parents"]
    assert isinstance(parents, list)
    if len(parents) < 2:
        return []
    out = git(repo, "log", f"{parents[0]}..{parents[1]}", "--format=%an <%ae>" + FIELD + "%s")
    return [
        {"author": a, "subject": s}
        for a, s in (line.split(FIELD, 1) for line in out.splitlines()[:20] if FIELD in line)
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("repo", type=Path)
    ap.add_argument("--project", required=True)
    ap.add_argument("--licence", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--email", action="append", required=True)
    ap.add_argument("--rev", default="HEAD")
    ap.add_argument("--n", type=int, default=110)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--slug", default=None)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    emails = {e.lower() for e in args.email}
    rows = commits(args.repo, args.rev)

    def mine(who: object) -> bool:
        return isinstance(who, dict) and str(who["email"]).lower() in emails

    strata: dict[str, list[dict[str, object]]] = {k: [] for k in SHARES}
    merges_by_person = []
    for row in rows:
        is_merge = len(row["parents"]) > 1  # type: ignore[arg-type]
        body = str(row["body"])
        if mine(row["author"]):
            if is_merge:
                merges_by_person.append(row)
            else:
                strata["authored"].append(row)
        elif BOT.search(str(row["author"]["name"]) + str(row["author"]["email"])):  # type: ignore[index]
            strata["bot"].append(row)
        elif any(e in body.lower() for e in emails) and "co-authored-by" in body.lower():
            strata["co-authored"].append(row)
        elif mine(row["committer"]):
            strata["committed-for"].append(row)
    for row in merges_by_person:
        brought = merged(args.repo, row)
        own = brought and all(any(e in b["author"].lower() for e in emails) for b in brought)
        (strata["merge-own"] if own else strata["merge-others"]).append(row)
    rng = random.Random(args.seed)
    picked: list[dict[str, object]] = []
    for name, share in SHARES.items():
        pool = sorted(strata[name], key=lambda r: str(r["sha"]))
        take = min(len(pool), round(args.n * share))
        picked += [dict(r, stratum=name) for r in rng.sample(pool, take)]
    rest = sorted(
        (r for r in strata["authored"] if r["sha"] not in {p["sha"] for p in picked}),
        key=lambda r: str(r["sha"]),
    )
    picked += [
        dict(r, stratum="authored")
        for r in rng.sample(rest, max(0, min(len(rest), args.n - len(picked))))
    ]
    picked.sort(key=lambda r: (str(r["date"]), str(r["sha"])))
    slug = args.slug or args.project.split("/")[-1]
    with args.output.open("w", encoding="utf-8") as out:
        for i, row in enumerate(picked, 1):
            record = {
                "id": f"{slug}-{i:04d}",
                "project": args.project,
                "licence": args.licence,
                "sha": row["sha"],
                "person": {"name": args.name, "emails": sorted(emails)},
                "author": row["author"],
                "committer": row["committer"],
                "date": row["date"],
                "parents": row["parents"],
                "subject": row["subject"],
                "body": row["body"],
                "files": numstat(args.repo, row),
                "merged": merged(args.repo, row),
                "stratum": row["stratum"],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts = {k: sum(1 for p in picked if p["stratum"] == k) for k in SHARES}
    print(f"{len(picked)} commits of {len(rows)}: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
