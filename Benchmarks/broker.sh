#!/usr/bin/env bash
# Broker throughput and latency: `muster broker` on free ports, measured by muster-nsq-bench over the NSQ TCP
# protocol. Throughput: one publisher (MPUB batches of 200 messages of 200 bytes) and one consumer (RDY 2500,
# FIN every message) at the same time. Latency: 10,000 PUBs per second, end-to-end p50/p99/max.
# A fresh broker per run; reports the median of $RUNS runs.
# Usage: Benchmarks/broker.sh [throughput|latency|all]   (default all)
# Environment: RUNS, MESSAGES (default 2000000), RATE (10000), DURATION (latency seconds, 10),
#   NSQD_TCP=host:port to measure an already running NSQ-compatible broker (e.g. a real nsqd) instead,
#   NICE=-10 to run broker and client at that nice level (root only; shields the runs from other work).
source "$(dirname "$0")/common.sh"
MODE="${1:-all}"
MESSAGES="${MESSAGES:-2000000}"
RATE="${RATE:-10000}"
DURATION="${DURATION:-10}"
BENCH="${BENCH:-$ROOT/.build-release/release/muster-nsq-bench}"
WORK="$(mktemp -d /tmp/muster-bench-XXXXXX)"
BROKER_PID=""
RUN=()
[ -n "${NICE:-}" ] && RUN=(nice -n "$NICE")
trap 'stop_broker; rm -rf "$WORK"' EXIT

require_bench() {
    if [ ! -x "$BENCH" ]; then
        echo "building muster-nsq-bench (release) ..." >&2
        (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-release \
            --product muster-nsq-bench >&2)
    fi
}

# Starts `muster broker` on free ports and sets ADDRESS to its nsqd TCP address.
start_broker() {
    if [ -n "${NSQD_TCP:-}" ]; then ADDRESS="$NSQD_TCP"; return; fi
    "${RUN[@]}" "$MUSTER" broker --tcp-port 0 --http-port 0 --lookupd-port 0 > "$WORK/broker.log" 2>&1 &
    BROKER_PID=$!
    ADDRESS=""
    for _ in $(seq 200); do
        ADDRESS=$(grep -so 'NSQD_TCP_ADDRESS=[0-9.:]*' "$WORK/broker.log" | cut -d= -f2 || true)
        [ -n "$ADDRESS" ] && return
        sleep 0.05
    done
    echo "muster broker did not print its address within 10 s:" >&2
    cat "$WORK/broker.log" >&2
    exit 1
}

# Broker CPU seconds so far (user + system, all threads).
broker_cpu() {
    [ -n "$BROKER_PID" ] || { echo 0; return; }
    awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15) / hz }' "/proc/$BROKER_PID/stat"
}

# "busy idle" jiffies of all CPUs, from /proc/stat (busy: user, nice, system, irq, softirq, steal).
cpu_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat; }

# Percent of all CPU time that was busy since the jiffies in $1 (as printed by cpu_jiffies).
busy_since() {
    local now
    now=$(cpu_jiffies)
    echo "$1 $now" | awk '{ busy = $3 - $1; idle = $4 - $2; printf "%.0f", 100 * busy / (busy + idle) }'
}

stop_broker() {
    if [ -n "$BROKER_PID" ]; then
        kill -INT "$BROKER_PID" 2>/dev/null || true
        wait "$BROKER_PID" 2>/dev/null || true
        BROKER_PID=""
    fi
}

# The value of key=value on the `result` line of the bench output in $WORK/out.txt.
field() { grep '^result ' "$WORK/out.txt" | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }

run_throughput() {
    local ins=() outs=()
    for i in $(seq "$RUNS"); do
        start_broker
        local cpu_before load jiffies
        cpu_before=$(broker_cpu)
        load=$(cut -d' ' -f1 /proc/loadavg)
        jiffies=$(cpu_jiffies)
        "${RUN[@]}" "$BENCH" throughput --nsqd-tcp "$ADDRESS" --messages "$MESSAGES" > "$WORK/out.txt" || FAILED=1
        local cpu busy
        busy=$(busy_since "$jiffies")
        cpu=$(echo "$(broker_cpu) - $cpu_before" | bc -l)
        stop_broker
        ins+=("$(field in_per_s)")
        outs+=("$(field out_per_s)")
        echo "run $i: in $(field in_per_s) msg/s, out $(field out_per_s) msg/s, $(field consumed) of $(field published) consumed; broker CPU ${cpu} s; machine ${busy}% busy, load ${load}" >&2
    done
    local in_median out_median
    in_median=$(printf '%s\n' "${ins[@]}" | median)
    out_median=$(printf '%s\n' "${outs[@]}" | median)
    printf 'broker throughput: median in %.0f msg/s, out %.0f msg/s (%s runs of %s messages of 200 B, MPUB 200, RDY 2500)\n' \
        "$in_median" "$out_median" "$RUNS" "$MESSAGES"
}

run_latency() {
    local p50s=() p99s=() maxes=()
    for i in $(seq "$RUNS"); do
        start_broker
        local load jiffies busy cpu_before cpu
        load=$(cut -d' ' -f1 /proc/loadavg)
        jiffies=$(cpu_jiffies)
        cpu_before=$(broker_cpu)
        "${RUN[@]}" "$BENCH" latency --nsqd-tcp "$ADDRESS" --rate "$RATE" --duration "$DURATION" > "$WORK/out.txt" || FAILED=1
        busy=$(busy_since "$jiffies")
        cpu=$(echo "$(broker_cpu) - $cpu_before" | bc -l)
        stop_broker
        p50s+=("$(field p50_ms)")
        p99s+=("$(field p99_ms)")
        maxes+=("$(field max_ms)")
        echo "run $i: p50 $(field p50_ms) ms, p99 $(field p99_ms) ms, p99.9 $(field p999_ms) ms, max $(field max_ms) ms; broker CPU ${cpu} s; machine ${busy}% busy, load ${load}" >&2
    done
    printf 'broker latency: median p50 %s ms, p99 %s ms, max %s ms (%s runs of %s s at %s msg/s)\n' \
        "$(printf '%s\n' "${p50s[@]}" | median)" "$(printf '%s\n' "${p99s[@]}" | median)" \
        "$(printf '%s\n' "${maxes[@]}" | median)" "$RUNS" "$DURATION" "$RATE"
}

[ -n "${NSQD_TCP:-}" ] || require_muster
require_bench
FAILED=0
case "$MODE" in
    throughput) run_throughput ;;
    latency) run_latency ;;
    all) run_throughput; run_latency ;;
    *) echo "usage: $0 [throughput|latency|all]" >&2; exit 2 ;;
esac
if [ "$FAILED" = 1 ]; then
    echo "some runs lost messages (see the consumed counts above)" >&2
    exit 1
fi
