#!/bin/bash
cd /work/wt/scale
DATABASE_URL=sqlite:/tmp/rss.db DATA_DIR=/tmp/rssd PORT=18003 HOST=127.0.0.1 METRICS=on SFM_SECRET=bench-secret-0123456789abcdef $EXTRA node $NODEFLAGS dist/server.js > /tmp/rssd/log 2>&1 &
pid=$!
for i in $(seq 100); do curl -s -o /dev/null localhost:18003/healthz && break; sleep 0.05; done
show() { echo "$1: $(grep -E 'VmRSS' /proc/$pid/status | awk '{print $2/1024 " MB"}') heap=$(curl -s localhost:18003/metrics | grep -E '^sfm_nodejs_heap_size_(used|total)_bytes|^sfm_nodejs_external_memory_bytes' | awk '{printf "%s=%.0fMB ", $1, $2/1048576}')"; }
show start
for i in $(seq 13); do p=""; for j in 1 2 3 4; do curl -s -o /dev/null -X POST localhost:18003/api/user/signin -H 'content-type: application/json' -H 'cookie: _xsrf=x' -H 'x-xsrftoken: x' -d "{\"mobile_uer_name\":\"1380000000$j\",\"pwd\":\"bench-password\"}" & p="$p $!"; done; wait $p; done
show signins
node node_modules/autocannon/autocannon.js -c 50 -d 5 http://127.0.0.1:18003/healthz > /dev/null 2>&1
show healthz
grep VmHWM /proc/$pid/status
kill $pid; wait $pid
