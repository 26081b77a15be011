#!/usr/bin/env bash
# Log throughput: 4 services each print 200,000 lines of 55 bytes; all output goes to a file.
# Reports the median wall time of $RUNS runs and checks that every line arrived intact, in order.
# Usage: Benchmarks/throughput.sh [muster|honcho|foreman]   (default muster)
source "$(dirname "$0")/common.sh"
TOOL="${1:-muster}"
LINES="${LINES:-200000}"
WORK="$(mktemp -d /tmp/muster-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# Each service cats a prepared file: the generator costs nothing, the runner is what is measured.
for s in 1 2 3 4; do
    awk -v s="$s" -v n="$LINES" 'BEGIN { for (i = 1; i <= n; i++) printf "svc%d line %08d %s\n", s, i, "abcdefghijklmnopqrstuvwxyz0123456789" }' > "$WORK/lines$s.txt"
    printf 's%d: cat %s/lines%d.txt\n' "$s" "$WORK" "$s" >> "$WORK/Procfile"
done
head -c 56 "$WORK/lines1.txt" | wc -c | awk '{ if ($1 != 56) { print "line length is not 55+newline"; exit 1 } }'

run_once() {
    case "$TOOL" in
        muster) "$MUSTER" start -f "$WORK/Procfile" --no-color > "$WORK/out.txt" 2>&1 ;;
        honcho) (cd "$WORK" && honcho --no-colour start > "$WORK/out.txt" 2>&1) || true ;;
        foreman) (cd "$WORK" && foreman start > "$WORK/out.txt" 2>&1) || true ;;
    esac
}

verify() {
    for s in 1 2 3 4; do
        # the text after "sN | " (muster, foreman, honcho all use " | " after the name)
        grep -a "svc$s line" "$WORK/out.txt" | sed -e 's/^.* | //' > "$WORK/got$s.txt"
        if ! cmp -s "$WORK/got$s.txt" "$WORK/lines$s.txt"; then
            echo "service s$s: output differs from what it printed ($(wc -l < "$WORK/got$s.txt") of $LINES lines)" >&2
            return 1
        fi
    done
}

[ "$TOOL" = muster ] && require_muster
times=()
for i in $(seq "$RUNS"); do
    t=$(wall_seconds run_once)
    verify
    times+=("$t")
    echo "run $i: ${t}s, all $((4 * LINES)) lines intact" >&2
done
printf '%s\n' "${times[@]}" | median | awk -v tool="$TOOL" '{ printf "throughput %s: median %.3f s for 4 x '"$LINES"' lines\n", tool, $1 }'
