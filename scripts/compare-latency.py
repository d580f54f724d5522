#!/usr/bin/env python3
"""In-process search time (`took_ms` of `--json`) of two vnsearch binaries on one index.

    scripts/compare-latency.py BASE_BIN NEW_BIN INDEX_DIR [ROUNDS]

Queries: the judged set (eval/judgments.json) and scripts/ranking-queries.txt. Each query runs
ROUNDS times (default 3) per binary, the binaries interleaved query by query so machine noise
hits both; per query the median is kept. Prints p50/p90/p99/max over queries per binary, the
per-query ratio NEW/BASE, and the five slowest queries of NEW."""
import json
import statistics
import subprocess
import sys

base, new, index = sys.argv[1:4]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3
queries = [q["query"] for q in json.load(open("eval/judgments.json"))["queries"]]
queries += [l.strip() for l in open("scripts/ranking-queries.txt") if l.strip() and not l.startswith("#")]
bins = {"base": base, "new": new}
took = {b: {q: [] for q in queries} for b in bins}
for _ in range(rounds):
    for q in queries:
        for name, path in bins.items():
            out = subprocess.run([path, "--index", index, "search", "--json", q], capture_output=True, text=True)
            if out.returncode == 0:
                took[name][q].append(json.loads(out.stdout)["took_ms"])
med = {b: {q: statistics.median(v) for q, v in took[b].items() if v} for b in bins}
for name in bins:
    values = sorted(med[name].values())
    at = lambda f: values[min(len(values) - 1, int(len(values) * f))]
    print(f"{name}: {len(values)} queries, p50 {at(.5):.2f} p90 {at(.9):.2f} p99 {at(.99):.2f} max {values[-1]:.2f} ms")
ratios = sorted(med["new"][q] / med["base"][q] for q in queries if q in med["new"] and q in med["base"])
print(f"new/base per query: p50 {ratios[len(ratios) // 2]:.2f} p90 {ratios[int(len(ratios) * .9)]:.2f} max {ratios[-1]:.2f}")
for q in sorted(med["new"], key=lambda q: -med["new"][q])[:5]:
    print(f"  {q!r}: base {med['base'].get(q, float('nan')):.2f} ms, new {med['new'][q]:.2f} ms")
