#!/usr/bin/env python3
"""Whole-process time of `vnsearch search --json` (start, open, search, print, exit) for
several binaries on one index, interleaved query by query so machine noise hits all alike.

    scripts/compare-process.py INDEX_DIR QUERIES_FILE ROUNDS BIN [BIN ...]

QUERIES_FILE: one query per line, or `class<TAB>query` (what `vnsearch bench --corpus DIR
--print-queries` writes). Per binary and query the median over ROUNDS is kept; prints
p50/p90/p99 over queries, and per round the p50, to show the spread."""
import statistics
import subprocess
import sys
import time

index, queries_file, rounds, *bins = sys.argv[1:]
rounds = int(rounds)
queries = [l.rstrip("\n").split("\t")[-1] for l in open(queries_file) if l.strip()]
times = {b: {q: [] for q in queries} for b in bins}
for _ in range(rounds):
    for q in queries:
        for b in bins:
            start = time.perf_counter()
            subprocess.run([b, "--index", index, "search", "--json", q], capture_output=True)
            times[b][q].append((time.perf_counter() - start) * 1000)
for b in bins:
    med = sorted(statistics.median(v) for v in times[b].values())
    at = lambda f: med[min(len(med) - 1, int(len(med) * f))]
    per_round = [statistics.median(times[b][q][r] for q in queries) for r in range(rounds)]
    spread = " ".join(f"{p:.2f}" for p in per_round)
    print(f"{b}: {len(med)} queries, p50 {at(.5):.2f} p90 {at(.9):.2f} p99 {at(.99):.2f} ms (round p50s: {spread})")
true_ms = []
for _ in range(50):
    start = time.perf_counter()
    subprocess.run(["true"], capture_output=True)
    true_ms.append((time.perf_counter() - start) * 1000)
print(f"(starting /bin/true from here: median {statistics.median(true_ms):.2f} ms)")
