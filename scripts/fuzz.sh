#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (README "Fuzzing").
#   scripts/fuzz.sh [TARGET|all] [SECONDS] [JOBS]
#     TARGET   fuzz_torchinfo, fuzz_catalog, fuzz_url_state, fuzz_cli_flags, or all (default)
#     SECONDS  run time per target (default 60)
#     JOBS     parallel fuzzing processes per target (default 1; more uses libFuzzer's -fork)
# Configures and builds the "fuzz" preset (clang, ASan, UBSan) when needed, fuzzes each target in turn
# into its working corpus build/fuzz/corpus/<target>, seeded from tests/fuzz/seeds/<target>,
# tests/fuzz/regressions/<target> and the real inputs (TorchInfo fixtures and ../shared/reference for
# fuzz_torchinfo, assets/ for fuzz_catalog). Prints one line per target and exits non-zero when any
# target found a crash, leak, timeout or out-of-memory; the reproducer is left in
# build/fuzz/artifacts/<target>/ (add it to tests/fuzz/regressions/<target>/ once fixed) and the log
# in build/fuzz/logs/<target>.log. Replay one input: build/fuzz/tests/fuzz/<target> FILE.
# Environment (ctest's short runs set these): MM_FUZZ_BUILD=0 skips configure/build; MM_FUZZ_BIN,
# MM_FUZZ_CORPUS, MM_FUZZ_ARTIFACTS override the folders; MM_FUZZ_FRESH=1 empties the working corpus first.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

all_targets=(fuzz_torchinfo fuzz_catalog fuzz_url_state fuzz_cli_flags)
which="${1:-all}"
seconds="${2:-60}"
jobs="${3:-1}"
case "$which" in
  all) targets=("${all_targets[@]}") ;;
  fuzz_torchinfo|fuzz_catalog|fuzz_url_state|fuzz_cli_flags) targets=("$which") ;;
  *) echo "fuzz.sh: unknown target '$which'; use one of ${all_targets[*]} or all." >&2; exit 2 ;;
esac
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 1 ]] || { echo "fuzz.sh: SECONDS must be a whole number of seconds (got '$seconds')." >&2; exit 2; }
[[ "$jobs" =~ ^[0-9]+$ && "$jobs" -ge 1 ]] || { echo "fuzz.sh: JOBS must be a whole number of at least 1 (got '$jobs')." >&2; exit 2; }

build="$root/build/fuzz"
bin="${MM_FUZZ_BIN:-$build/tests/fuzz}"
corpus_root="${MM_FUZZ_CORPUS:-$build/corpus}"
artifacts_root="${MM_FUZZ_ARTIFACTS:-$build/artifacts}"
logs="$build/logs"

if [ "${MM_FUZZ_BUILD:-1}" != 0 ]; then
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake --preset fuzz >/dev/null || { echo "fuzz.sh: cmake --preset fuzz failed." >&2; exit 1; }
  fi
  cmake --build --preset fuzz --target "${targets[@]}" >/dev/null \
    || { echo "fuzz.sh: building the fuzz preset failed (cmake --build --preset fuzz shows why)." >&2; exit 1; }
fi

# Inputs larger than the parsers would ever need to see; the parsers cap sizes themselves.
max_len() {
  case "$1" in
    fuzz_torchinfo) echo 262144 ;;  # the real unique-layers JSON is 205 KB
    fuzz_catalog) echo 65536 ;;     # presets are 0.4-11 KB
    fuzz_url_state) echo 16384 ;;   # links over 8192 characters are refused whole
    fuzz_cli_flags) echo 16384 ;;
  esac
}
extra_seeds() {
  case "$1" in
    fuzz_torchinfo) echo "$root/tests/fixtures $root/assets/samples $root/../shared/reference" ;;
    fuzz_catalog) echo "$root/assets" ;;
  esac
}

failed=0
mkdir -p "$logs"
for t in "${targets[@]}"; do
  exe="$bin/$t"
  if [ ! -x "$exe" ]; then echo "$t: FAIL (no binary $exe; build the fuzz preset)"; failed=1; continue; fi
  corpus="$corpus_root/$t"
  artifacts="$artifacts_root/$t"
  [ "${MM_FUZZ_FRESH:-0}" = 1 ] && rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts"
  dirs=("$corpus")
  for d in "$root/tests/fuzz/seeds/$t" "$root/tests/fuzz/regressions/$t" $(extra_seeds "$t"); do
    [ -d "$d" ] && dirs+=("$d")
  done
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")"
        -print_final_stats=1 -artifact_prefix="$artifacts/")
  [ -f "$root/tests/fuzz/dicts/$t.dict" ] && args+=(-dict="$root/tests/fuzz/dicts/$t.dict")
  [ "$jobs" -gt 1 ] && args+=(-fork="$jobs")
  log="$logs/$t.log"
  stamp="$logs/$t.start"; touch "$stamp"
  start=$(date +%s)
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
    "$exe" "${args[@]}" "${dirs[@]}" >"$log" 2>&1
  rc=$?
  wall=$(( $(date +%s) - start ))

  # The last status line: "#N ... cov: C ft: F corp: U/S ... exec/s: E" (also the -fork format).
  status="$(grep -E '^#[0-9]+.*cov: [0-9]+' "$log" | tail -1)"
  execs="$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)"
  [ -n "$execs" ] || execs="$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$status")"
  rate="$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log" | tail -1)"
  [ -n "$rate" ] || rate="$(sed -nE 's/.*exec\/s:? *([0-9]+).*/\1/p' <<<"$status")"
  cov="$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$status")"
  ft="$(sed -nE 's/.*ft: ([0-9]+).*/\1/p' <<<"$status")"
  units="$(find "$corpus" -type f | wc -l)"
  found="$(find "$artifacts" -type f -newer "$stamp" -printf '%f\n' | head -1)"
  if [ "$rc" = 0 ] && [ -z "$found" ]; then
    result="ok"
  else
    failed=1
    kind="$(grep -oE 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer): [a-zA-Z -]+' "$log" | head -1)"
    [ -n "$kind" ] || kind="$(grep -oE 'runtime error: .*|FUZZ CHECK FAILED: .*|deadly signal' "$log" | head -1)"
    result="FAIL (exit $rc${kind:+: $kind}${found:+; reproducer $artifacts/$found}; log $log)"
  fi
  printf '%s: %ss, %s execs, %s exec/s, cov %s ft %s, corpus %s files: %s\n' \
    "$t" "$wall" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$units" "$result"
done
exit $failed
