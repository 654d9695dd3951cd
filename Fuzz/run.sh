#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer and AddressSanitizer, runs each for SECONDS (default 90), then folds what
# each run found into Fuzz/Corpus/<target> (minimised with -merge=1). A crash stops the run with its input saved in
# Fuzz/Crashes/<target>/; once fixed, move it to Fuzz/Regressions/<target>/ so that `make test` replays it for ever.
# Leak detection is off: LeakSanitizer reports the Swift runtime's own caches and the validators' bounded memos,
# which hold what they allocate on purpose; memory bounds are tested where they matter.
# Usage: Fuzz/run.sh [SECONDS] [TARGET...]     (see docs/security.md)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-90}"; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(commit cmi date zip manifest yaml course)
# -sanitize=fuzzer,address after SwiftPM's own flags: SwiftPM passes the two sanitizers in a random order and
# swiftc keeps only the last, which left the fuzzers without coverage counters most of the time.
# The same versions of the shared dependencies as the main build.
cp -f Package.resolved Fuzz/Package.resolved 2>/dev/null || true
swift build --package-path Fuzz --scratch-path .build-fuzz -c debug --sanitize fuzzer --sanitize address \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING 2>&1 | grep -E "error|Compiling|Build" | grep -v "^\[" || true
export SWIFT_BACKTRACE=enable=no
status=0
for target in "${targets[@]}"; do
  name="Fuzz$(tr '[:lower:]' '[:upper:]' <<< "${target:0:1}")${target:1}"
  binary=".build-fuzz/debug/$name"
  corpus="Fuzz/Corpus/$target"; found=".build-fuzz/found/$target"; crashes="Fuzz/Crashes/$target"
  mkdir -p "$corpus" "$found" "$crashes"
  echo "== $target: ${seconds}s"
  if ! "$binary" "$found" "$corpus" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 \
        -artifact_prefix="$crashes/" -print_final_stats=1 2> ".build-fuzz/$target.log"; then
    echo "!! $target found a crash or a hang: $(ls "$crashes")"; tail -40 ".build-fuzz/$target.log"; status=1
  fi
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+.*DONE)" ".build-fuzz/$target.log" || true
  grep -E "INFO: Loaded [0-9]+ modules" ".build-fuzz/$target.log" | head -1
  # Keep only the inputs that add coverage.
  merged=".build-fuzz/merged/$target"; rm -rf "$merged"; mkdir -p "$merged"
  "$binary" -merge=1 "$merged" "$corpus" "$found" > /dev/null 2>&1 && rm -f "$corpus"/* && cp "$merged"/* "$corpus"/
  echo "   corpus: $(ls "$corpus" | wc -l) inputs"
done
exit $status
