#!/bin/sh
# Seeds the corpora from ../shared, then runs each fuzz target in turn (one at a time).
# Usage: fuzz/run.sh [seconds per target, default 600] [targets..., default all three]
set -eu
cd "$(dirname "$0")"
seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-responses error_code aws_query codegen}
python3 scripts/seeds.py
for target in $targets; do
    case $target in
        codegen) extra="-dict=dict/smithy.dict -max_len=262144 -len_control=0 -timeout=60" ;;
        *) extra="-timeout=10" ;;
    esac
    # --sanitizer none: the fuzzed crates are safe Rust, ASan only slows them down.
    # shellcheck disable=SC2086
    cargo +nightly fuzz run --sanitizer none -O "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 $extra
done
