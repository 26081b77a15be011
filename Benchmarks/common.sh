# Shared by the benchmark scripts: where muster is, and a median helper.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
MUSTER="${MUSTER:-$ROOT/.build-release/release/muster}"
RUNS="${RUNS:-5}"

require_muster() {
    if [ ! -x "$MUSTER" ]; then
        echo "building muster (release, static Swift stdlib) ..." >&2
        (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-release >&2)
    fi
}

# median of the numbers on standard input, one per line
median() {
    sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.4f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# wall seconds of a command, as a decimal
wall_seconds() {
    local start end
    start=$(date +%s.%N)
    "$@"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l
}
