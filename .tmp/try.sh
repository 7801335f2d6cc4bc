#!/bin/bash
# starts the built server on a scratch SQLite, runs the given curl commands, stops it, prints the log
cd /work/wt/scale
DATA_DIR=/tmp/lt PORT=18002 HOST=127.0.0.1 WORKER_INTERVAL_MS=0 $EXTRA node dist/server.js > /tmp/lt/log 2>&1 &
pid=$!
for i in $(seq 50); do curl -s -o /dev/null localhost:18002/healthz && break; sleep 0.1; done
eval "$@"
kill $pid; wait $pid; echo "exit=$?"
cat /tmp/lt/log
