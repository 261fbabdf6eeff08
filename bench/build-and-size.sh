#!/usr/bin/env bash
# Clean release build time, stripped binary size and source size: our `firehose` crate vs
# aws-sdk-firehose. Each program is a tiny binary in size/ that makes one PutRecordBatch call.
# Every build starts from an empty target dir (std is prebuilt, as always); downloads are done
# first by `cargo fetch`, so they are not timed. Builds use all cores (cargo's default -j).
#
# Usage: bench/build-and-size.sh   (about 1.5 minutes on 2 cores; see RESULTS.md)
set -euo pipefail
cd "$(dirname "$0")"

cargo fetch --quiet
out=target/size-build
mkdir -p "$out"

rows=()
build() { # label, directory name, binary, extra cargo arguments...
    local label=$1 dir="$out/$2" bin=$3; shift 3
    rm -rf "$dir"
    local start end
    start=$(date +%s%N)
    cargo build --release --locked --target-dir "$dir" -p "$bin" "$@" 2>"$dir.log"
    end=$(date +%s%N)
    strip -o "$dir.stripped" "$dir/release/$bin"
    local ms=$(( (end - start) / 1000000 ))
    rows+=("| $label | $((ms / 1000)).$(( ms % 1000 / 100 )) s | $(grep -c '^ *Compiling ' "$dir.log") \
| $(( $(stat -c %s "$dir/release/$bin") / 1024 )) KiB | $(( $(stat -c %s "$dir.stripped") / 1024 )) KiB |")
    echo "built $label" >&2
}

build "ours (firehose)" ours size-ours
build "ours + aws-sigv4 signing" ours-signed size-ours --features sign
build "aws-sdk-firehose (no default features)" sdk size-sdk

lines() { find "$@" -name '*.rs' -print0 | xargs -0 cat | wc -l; }
files() { find "$@" -name '*.rs' | wc -l; }
sdk_version=$(cargo pkgid aws-sdk-firehose | sed 's/.*@//')
sdk_src=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"aws-sdk-firehose-$sdk_version"/src | head -n1)

echo
echo "| program | clean release build (wall) | crates compiled | binary | stripped |"
echo "| --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo
echo "| Rust source | files | lines |"
echo "| --- | --- | --- |"
echo "| ours: generated/firehose/src | $(files ../generated/firehose/src) | $(lines ../generated/firehose/src) |"
echo "| ours: runtime/src (hand-written, shared by all generated crates) | $(files ../runtime/src) | $(lines ../runtime/src) |"
echo "| aws-sdk-firehose $sdk_version src | $(files "$sdk_src") | $(lines "$sdk_src") |"
echo
echo "rustc $(rustc --version | cut -d' ' -f2), $(nproc) cores"
