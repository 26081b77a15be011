#!/usr/bin/env bash
# Idle: 10 sleeping services; Muster's CPU ticks over 10 s (utime+stime from /proc) and its RSS.
# Usage: Benchmarks/idle.sh    (release build with --static-swift-stdlib)
source "$(dirname "$0")/common.sh"
WORK="$(mktemp -d /tmp/muster-bench-XXXXXX)"
trap 'kill -INT "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for i in $(seq 10); do printf 'sleeper%02d: sleep 100000\n' "$i" >> "$WORK/Procfile"; done
require_muster
"$MUSTER" start -f "$WORK/Procfile" --no-color > "$WORK/out.txt" 2>&1 &
PID=$!
for _ in $(seq 100); do [ "$(grep -c started "$WORK/out.txt" || true)" -ge 10 ] && break; sleep 0.1; done
sleep 2 # let start-up work settle before measuring
ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
threads_ticks() { cat /proc/"$PID"/task/*/stat | awk '{ s += $14 + $15 } END { print s }'; }
before=$(ticks)
sleep 10
after=$(ticks)
rss=$(awk '/VmRSS/ { print $2 }' "/proc/$PID/status")
echo "idle: $((after - before)) CPU ticks in 10 s (clock ticks of $(getconf CLK_TCK) Hz), RSS $((rss / 1024)) MiB ($rss KiB), $(ls /proc/$PID/task | wc -l) threads"
