#!/bin/bash
# usage: ab.sh <rows> <dbs> : the bench on the current src/ (after) and the stashed src/ (before), alternating
cd /work/wt/scale
for round in $(seq 1 ${ROUNDS:-2}); do
  for side in after before; do
    if [ $side = before ]; then git stash push -q -- src; fi
    echo "== $side round $round"
    BENCH_SECONDS=${SECS:-5} BENCH_ONLY="$1" BENCH_DATABASES="$2" npx tsx scripts/bench.ts 2>&1 | grep -E '^\[' | grep -v "seed\|ceiling\|signed\|reconcile" | sed -E 's/\{.*//; s/, server RSS.*//'
    if [ $side = before ]; then git stash pop -q; fi
  done
done
