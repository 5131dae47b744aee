#!/usr/bin/env bash
# The benchmark of BENCHMARKS.md: builds dspt in release mode, writes the synthetic organisation
# at scales 1, 10 and 100, times `dspt check` on each (wall time and peak memory from
# /usr/bin/time -v, phases from --timings), then times checkov on the scale-100 plan beside
# `dspt check` with only that plan. Prints a Markdown table. Not part of the test suite.
#
#   bash bench/run.sh [SCALE…]        (default: 1 10 100)
#
# Needs GNU time (/usr/bin/time); checkov is installed with pip when missing (skipped, and said,
# when that fails).
set -euo pipefail
cd "$(dirname "$0")/.."

scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(1 10 100)
as_of=2026-06-30
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --locked -q -p dspt-cli -p dspt-bench
dspt=$PWD/target/release/dspt
synth=$PWD/target/release/dspt-synth

# Milliseconds of the --timings lines matching a pattern, summed.
phase_ms() { grep -E "$2" "$1" | awk '{sum += $1} END {printf "%.0f", sum}'; }
# Wall seconds and peak MB from /usr/bin/time -v.
wall_s() {
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s}' "$1"
}
peak_mb() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }

echo "machine: $(nproc) cores, $(uname -sr); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| scale | repository files | resources | staff | wall (s) | peak RSS (MB) | read + parse (ms) | compile (ms) | evaluate (ms) | wall ÷ read + parse | exit |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
declare -A wall
for scale in "${scales[@]}"; do
  org=$work/scale-$scale
  "$synth" --scale "$scale" --out "$org" >/dev/null
  set +e
  (cd "$org" && /usr/bin/time -v "$dspt" check --as-of "$as_of" --format json --output report.json --timings) \
    >/dev/null 2>"$org/time.txt"
  code=$?
  set -e
  parse=$(phase_ms "$org/time.txt" 'read and parse')
  compile=$(phase_ms "$org/time.txt" 'compile and verify')
  evaluate=$(phase_ms "$org/time.txt" 'evaluate [0-9]+ checks|convert the evidence|inventories')
  wall[$scale]=$(wall_s "$org/time.txt")
  ratio=$(awk -v w="${wall[$scale]}" -v p="$parse" 'BEGIN {printf "%.1f", w * 1000 / (p > 0 ? p : 1)}')
  read -r files resources staff < <(python3 -c "import json,sys; e=json.load(open(sys.argv[1])); print(e['repository_files'], e['resources'], e['staff'])" "$org/expected.json")
  echo "| $scale | $files | $resources | $staff | ${wall[$scale]} | $(peak_mb "$org/time.txt") | $parse | $compile | $evaluate | $ratio | $code |"
done
echo
for pair in "1 10" "10 100"; do
  read -r small large <<<"$pair"
  if [ -n "${wall[$small]:-}" ] && [ -n "${wall[$large]:-}" ]; then
    echo "scale $small → $large: time × $(awk -v a="${wall[$small]}" -v b="${wall[$large]}" 'BEGIN {printf "%.1f", b / a}') for 10× the evidence"
  fi
done

largest=${scales[${#scales[@]}-1]}
plan=$work/scale-$largest/plan.json
echo
if ! command -v checkov >/dev/null 2>&1; then
  pip install -q checkov >/dev/null 2>&1 || true
fi
if command -v checkov >/dev/null 2>&1; then
  /usr/bin/time -v "$dspt" check --terraform "$plan" --as-of "$as_of" --format json --output "$work/tf.json" \
    >/dev/null 2>"$work/dspt-tf.txt" || true
  /usr/bin/time -v checkov -f "$plan" --framework terraform_plan --quiet --compact --skip-download -o json \
    >"$work/checkov.json" 2>"$work/checkov-time.txt" || true
  d=$(wall_s "$work/dspt-tf.txt")
  c=$(wall_s "$work/checkov-time.txt")
  echo "Terraform plan of scale $largest ($(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['resource_changes']))" "$plan") resources):"
  echo "dspt check --terraform: ${d} s, $(peak_mb "$work/dspt-tf.txt") MB; checkov $(checkov --version 2>/dev/null | tail -1) --framework terraform_plan: ${c} s, $(peak_mb "$work/checkov-time.txt") MB; dspt is $(awk -v d="$d" -v c="$c" 'BEGIN {printf "%.1f", c / d}')× faster"
else
  echo "checkov is not installed and pip could not install it: no comparison"
fi
