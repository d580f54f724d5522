#!/usr/bin/env bash
# Compares the rankings two vnsearch indexes give (e.g. the same archive built with different
# --threads): for each query, `vnsearch search --json` runs on both, and the hit counts and the
# ordered (article_id, passage, score) lists must be identical.
#
# Usage: scripts/compare-rankings.sh INDEX_A INDEX_B [QUERIES] [SEARCH OPTIONS...]
#   QUERIES: a file with one query per line (blank lines and `#` comments skipped);
#            default scripts/ranking-queries.txt. Options default to `--limit 10`.
#   VNSEARCH: the binary (default target/release/vnsearch).
# Prints each query that differs and "N of M queries identical"; exits 1 if any differs.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    sed -n '2,10p' "$0" >&2
    exit 2
fi
a=$1
b=$2
shift 2
queries=$(dirname "$0")/ranking-queries.txt
if [[ $# -gt 0 && $1 != -* ]]; then
    queries=$1
    shift
fi
options=("$@")
[[ ${#options[@]} -gt 0 ]] || options=(--limit 10)
bin=${VNSEARCH:-target/release/vnsearch}

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

ranking() {
    local json
    if ! json=$("$bin" --index "$1" search --json "${options[@]}" -- "$2" 2>"$errors"); then
        echo "vnsearch failed on $1 for: $2" >&2
        cat "$errors" >&2
        exit 1
    fi
    jq -c '[.total_hits, [.hits[] | [.article_id, .passage, .score]]]' <<<"$json"
}

same=0
total=0
while IFS= read -r query || [[ -n $query ]]; do
    [[ -z ${query// /} || $query == \#* ]] && continue
    total=$((total + 1))
    left=$(ranking "$a" "$query")
    right=$(ranking "$b" "$query")
    if [[ $left == "$right" ]]; then
        same=$((same + 1))
    else
        echo "differs: $query" >&2
        diff <(jq -c '.[1][]' <<<"$left") <(jq -c '.[1][]' <<<"$right") | head -6 >&2 || true
    fi
done <"$queries"
echo "$same of $total queries identical"
[[ $same -eq $total ]]
