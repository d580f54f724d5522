#!/usr/bin/env python3
"""Writes the load test's query mix, one `/api/search?...` target per line, in the shape of
`vnsearch bench`'s mix (src/bench/queries.rs): single frequent words, single rare words,
2-4 words from one passage (all required), 2-3 word phrases taken verbatim; every other
query typed without accents. Deterministic (seed 42). Top 10 with snippets, like the bench.

Usage: queries.py CORPUS_DIR [COUNT] > targets.txt
"""
import os
import random
import re
import sys
import unicodedata
import urllib.parse
from collections import Counter

def fold(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")

def main():
    corpus, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 240
    rng = random.Random(42)
    files = sorted(os.path.join(d, n) for d, _, names in os.walk(corpus) for n in names if n.endswith(".txt"))
    passages = []
    for path in files[:3000]:
        with open(path, encoding="utf-8", errors="replace") as f:
            paragraphs = [p.strip() for p in f.read().split("\n\n") if p.strip()]
        passages.extend(paragraphs[1:])
    words_of = lambda p: [w.lower() for w in re.findall(r"\w+", p) if w.isalpha()]
    frequency = Counter(w for p in passages for w in words_of(p))
    ranked = [w for w, _ in frequency.most_common()]
    frequent, rare = ranked[:100], [w for w in ranked if 2 <= frequency[w] <= 5] or ranked[-100:]
    queries = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            words = [rng.choice(frequent)]
        elif kind == 1:
            words = [rng.choice(rare)]
        else:
            words = words_of(rng.choice(passages))
            while len(words) < 4:
                words = words_of(rng.choice(passages))
            if kind == 2:
                content = [w for w in words if len(w) > 2]
                words = rng.sample(content, min(len(content), rng.randint(2, 4)))
            else:
                n = rng.randint(2, 3)
                start = rng.randrange(0, len(words) - n + 1)
                words = words[start:start + n]
        query = " ".join(words)
        if kind == 3:
            query = f'"{query}"'
        if i % 2 == 1:
            query = fold(query)
        print("/api/search?limit=10&q=" + urllib.parse.quote(query))

if __name__ == "__main__":
    main()
