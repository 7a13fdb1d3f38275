#!/usr/bin/env bash
# Run the whole test suite N times in a row (default 10) while every core is kept busy by another
# process, and report how many runs failed: a flaky test is a failing test.
#   bash scripts/test_under_load.sh 10
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
bash scripts/setup.sh
mkdir -p artifacts
cores=$(nproc)
# one busy loop per core, in its own process group so it is stopped however this script ends
setsid .venv/bin/python -c "
import multiprocessing as mp
def spin():
    while True:
        pass
procs = [mp.Process(target=spin) for _ in range($cores)]
[p.start() for p in procs]
[p.join() for p in procs]
" &
burner=$!
trap 'kill -- -$burner 2>/dev/null' EXIT
failed=0
for i in $(seq 1 "$runs"); do
  start=$(date +%s)
  if bash scripts/test.sh -q -p no:cacheprovider > "artifacts/test-under-load-$i.log" 2>&1; then
    status=passed
  else
    status=FAILED; failed=$((failed + 1))
  fi
  echo "run $i of $runs: $status in $(( $(date +%s) - start )) s ($(tail -n 1 "artifacts/test-under-load-$i.log"))"
done
echo "$failed of $runs runs failed (logs: artifacts/test-under-load-*.log)"
[ "$failed" -eq 0 ]
