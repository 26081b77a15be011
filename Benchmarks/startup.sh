#!/usr/bin/env bash
# Start-up: a Procfile of 50 `echo` services, run to completion (every service prints its line
# and exits 0, after which the runner exits). Median wall time of $RUNS runs via hyperfine.
# Usage: Benchmarks/startup.sh [muster|honcho|foreman]
source "$(dirname "$0")/common.sh"
TOOL="${1:-muster}"
WORK="$(mktemp -d /tmp/muster-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
for i in $(seq 50); do printf 'svc%02d: echo hello from %02d\n' "$i" "$i" >> "$WORK/Procfile"; done

case "$TOOL" in
    muster) require_muster; CMD="$MUSTER start -f $WORK/Procfile --no-color" ;;
    honcho) CMD="cd $WORK && honcho --no-colour start" ;;
    foreman) CMD="cd $WORK && foreman start" ;;
esac
# Check once that all 50 lines are printed.
got=$(bash -c "$CMD" 2>&1 | grep -c "hello from" || true)
[ "$got" -eq 50 ] || { echo "expected 50 lines, got $got" >&2; exit 1; }
hyperfine --style basic --warmup 2 --runs "$((RUNS * 4))" -i --export-json "$WORK/h.json" "$CMD" >&2
python3 -c "import json,sys; r=json.load(open('$WORK/h.json'))['results'][0]; print('startup $TOOL: median %.4f s (mean %.4f, min %.4f) for 50 services' % (r['median'], r['mean'], r['min']))"
