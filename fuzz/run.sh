#!/usr/bin/env bash
# fuzz/run.sh [SECONDS] — builds the libFuzzer targets (clang, ASan + UBSan)
# into build-fuzz/ and runs each for SECONDS (default 45), one after another.
#
# Prints per target the executions and whether it crashed. A crashing input
# is kept in build-fuzz/artifacts/<target>/ (with the log beside it); the
# script then exits 1. New inputs the fuzzer finds go to
# build-fuzz/corpus/<target>/, never into the committed seeds (fuzz/corpus/).
#
# Environment: PIIMAP_FUZZ_BUILD (build directory), PIIMAP_FUZZ_TARGETS
# (names, default all), PIIMAP_FUZZ_JOBS (build parallelism, default 2).
set -euo pipefail
secs=${1:-45}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PIIMAP_FUZZ_BUILD:-$root/build-fuzz}
targets=${PIIMAP_FUZZ_TARGETS:-detect extract xmltext pdf mime ole}

echo "== fuzz: building into $build"
# -O1 keeps the fuzzer fast and the stack traces readable; no NDEBUG.
cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_FLAGS_DEBUG="-g -O1" -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DPIIMAP_FUZZ=ON -DPIIMAP_WERROR=ON >/dev/null
cmake --build "$build" --target fuzz -j"${PIIMAP_FUZZ_JOBS:-2}" >/dev/null

# Leaks count as crashes (libFuzzer checks them); undefined behaviour aborts.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

failed=0
for t in $targets; do
  bin=$build/fuzz/fuzz_$t
  work=$build/corpus/$t
  art=$build/artifacts/$t
  log=$art/fuzz.log
  mkdir -p "$work" "$art"
  dict=()
  case $t in
    pdf) dict=(-dict="$root/fuzz/pdf.dict") ;;
    mime) dict=(-dict="$root/fuzz/mime.dict") ;;
    extract) dict=(-dict="$root/fuzz/rtf.dict") ;;
  esac
  touch "$art/.start"
  rc=0
  # The first corpus directory receives what is found; the seeds are read only.
  "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$art/" "${dict[@]}" "$work" "$root/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  found=$(find "$art" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
            -o -name 'oom-*' \) -newer "$art/.start" | head -1)
  if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
    failed=1
    printf 'fuzz_%-8s %12s executions  CRASH (exit %d): input %s, log %s\n' \
      "$t" "${execs:-?}" "$rc" "${found:-none kept}" "$log"
    grep -m3 -E 'ERROR: |runtime error:|invariant broken' "$log" | sed 's/^/    /' || true
  else
    printf 'fuzz_%-8s %12s executions  no crash\n' "$t" "${execs:-?}"
  fi
done
exit "$failed"
