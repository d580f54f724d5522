#!/usr/bin/env python3
"""Whether two vnsearch builds give the same answers: the whole `vnsearch search --json` of
every query (hits, passages, scores, highlights, snippets, counts, did_you_mean; `took_ms`
aside), by default and with `--per-article 0 --limit 20`, each build on its own index.

    scripts/compare-json.py BIN_A INDEX_A BIN_B INDEX_B QUERIES_FILE

QUERIES_FILE: one query per line, or `class<TAB>query` (what `vnsearch bench --corpus DIR
--print-queries` writes). A change meant to keep results (a faster loop, another index
layout) should print "0 differ"; each query that differs is printed. Exits 1 if any does."""

import json
import subprocess
import sys

OPTION_SETS = ([], ["--per-article", "0", "--limit", "20"])


def answer(binary, index, query, options):
    run = subprocess.run(
        [binary, "--index", index, "search", "--json", *options, query],
        capture_output=True,
        text=True,
    )
    try:
        parsed = json.loads(run.stdout)
        parsed.pop("took_ms", None)
        return parsed
    except json.JSONDecodeError:
        # An error is an answer too: the same one is expected of both builds.
        return (run.returncode, run.stdout, run.stderr)


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    bin_a, index_a, bin_b, index_b, queries_file = sys.argv[1:]
    with open(queries_file, encoding="utf-8") as lines:
        queries = [l.rstrip("\n").split("\t")[-1] for l in lines if l.strip()]
    differ = 0
    for query in queries:
        for options in OPTION_SETS:
            if answer(bin_a, index_a, query, options) != answer(bin_b, index_b, query, options):
                differ += 1
                print(f"DIFF {query!r} {' '.join(options)}".rstrip())
                break
    print(f"{len(queries)} queries, {differ} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
