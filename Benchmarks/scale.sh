#!/usr/bin/env bash
# Scale: a stack of N (default 1,000) replicas of `sleep`: the time from `muster start` until every
# instance has started, and from SIGINT until Muster has stopped them all and exited. Median of
# $RUNS runs. Design §10's target: under 2 s each for 1,000.
# Usage: INSTANCES=1000 RUNS=3 Benchmarks/scale.sh    (release build with --static-swift-stdlib)
source "$(dirname "$0")/common.sh"
INSTANCES="${INSTANCES:-1000}"
WORK="$(mktemp -d /tmp/muster-bench-XXXXXX)"
PID=""
trap '[ -n "$PID" ] && kill -KILL "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
printf 'services:\n  s:\n    command: [sleep, "100000"]\n    replicas: %d\n' "$INSTANCES" > "$WORK/muster.yaml"
require_muster
starts=() stops=()
for _ in $(seq "$RUNS"); do
    begin=$(date +%s.%N)
    (cd "$WORK" && exec "$MUSTER" start --no-color --no-timestamps > "$WORK/out.txt" 2>&1) &
    PID=$!
    until [ "$(grep -c ' started (pid ' "$WORK/out.txt" || true)" -ge "$INSTANCES" ]; do
        kill -0 "$PID" 2>/dev/null || { echo "muster exited early:" >&2; tail "$WORK/out.txt" >&2; exit 1; }
        sleep 0.01
    done
    started=$(date +%s.%N)
    kill -INT "$PID"
    wait "$PID" || true
    stopped=$(date +%s.%N)
    PID=""
    [ "$(grep -c ' stopped' "$WORK/out.txt" || true)" -ge "$INSTANCES" ] || { echo "not every instance said it stopped" >&2; exit 1; }
    starts+=("$(echo "$started - $begin" | bc -l)")
    stops+=("$(echo "$stopped - $started" | bc -l)")
done
start=$(printf '%s\n' "${starts[@]}" | median)
stop=$(printf '%s\n' "${stops[@]}" | median)
printf 'scale: %d instances: start %.2f s, stop %.2f s (medians of %d runs)\n' "$INSTANCES" "$start" "$stop" "$RUNS"
