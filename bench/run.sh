#!/usr/bin/env bash
# The benchmark of BENCHMARKS.md: builds dspt in release mode, then
#   1. start-up: `dspt check` on a tiny repository (3 files) with a 5-resource plan, median of 7;
#   2. for each scale, the synthetic organisation (`dspt-synth --scale N`) checked on every core
#      (wall time and peak memory from /usr/bin/time -v, phases from --timings), then again on one
#      thread for each check's cost (µs per subject judged, from --timings and the report);
#   3. checkov on the largest scale's plan beside `dspt check` with only that plan.
# Prints Markdown tables. Not part of the test suite: timing never decides a test.
#
#   bash bench/run.sh [SCALE…]        (default: 1 10 100 400)
#
# Needs GNU time (/usr/bin/time) and python3; checkov is installed with pip when missing (skipped,
# and said, when that fails).
set -euo pipefail
cd "$(dirname "$0")/.."

scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(1 10 100 400)
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

# 1. Start-up: what every CI job pays whatever its size.
tiny=$work/tiny
"$synth" --scale 1 --out "$work/scale-1-source" >/dev/null
mkdir -p "$tiny/repo"
printf '# service\n' >"$tiny/repo/README.md"
printf 'name: api\nport: 8080\n' >"$tiny/repo/service.yaml"
printf 'print("hello")\n' >"$tiny/repo/main.py"
python3 - "$work/scale-1-source/plan.json" "$tiny/plan.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
plan["resource_changes"] = plan["resource_changes"][:5]
json.dump(plan, open(sys.argv[2], "w"))
PY
runs=()
for _ in 1 2 3 4 5 6 7; do
  set +e
  /usr/bin/time -v "$dspt" check "$tiny/repo" --terraform "$tiny/plan.json" --as-of "$as_of" --format json \
    --output "$tiny/report.json" --timings >/dev/null 2>"$tiny/time.txt"
  set -e
  runs+=("$(wall_s "$tiny/time.txt")")
done
median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 4p)
echo "start-up (3 files, 5 resources): median $median s of 7 runs (${runs[*]}); compile $(phase_ms "$tiny/time.txt" 'compile and verify') ms, $(peak_mb "$tiny/time.txt") MB"
echo

# 2. Scales.
echo "| scale | repository files | resources | staff | wall (s) | peak RSS (MB) | read + parse (ms) | compile (ms) | convert (ms) | evaluate (ms) | evaluate, 1 thread (ms) | exit |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
declare -A wall
for scale in "${scales[@]}"; do
  org=$work/scale-$scale
  "$synth" --scale "$scale" --out "$org" >/dev/null
  set +e
  (cd "$org" && /usr/bin/time -v "$dspt" check --as-of "$as_of" --format json --output report.json --timings) \
    >/dev/null 2>"$org/time.txt"
  code=$?
  (cd "$org" && "$dspt" check --as-of "$as_of" --format json --output report-1.json --timings --jobs 1) \
    >/dev/null 2>"$org/time-1.txt"
  set -e
  parse=$(phase_ms "$org/time.txt" 'read and parse')
  compile=$(phase_ms "$org/time.txt" 'compile and verify')
  convert=$(phase_ms "$org/time.txt" 'convert the evidence')
  evaluate=$(phase_ms "$org/time.txt" 'evaluate [0-9]+ checks|inventories')
  evaluate1=$(phase_ms "$org/time-1.txt" 'evaluate [0-9]+ checks')
  wall[$scale]=$(wall_s "$org/time.txt")
  read -r files resources staff < <(python3 -c "import json,sys; e=json.load(open(sys.argv[1])); print(e['repository_files'], e['resources'], e['staff'])" "$org/expected.json")
  echo "| $scale | $files | $resources | $staff | ${wall[$scale]} | $(peak_mb "$org/time.txt") | $parse | $compile | $convert | $evaluate | $evaluate1 | $code |"
done
echo
prev=
for scale in "${scales[@]}"; do
  if [ -n "$prev" ]; then
    echo "scale $prev → $scale: time × $(awk -v a="${wall[$prev]}" -v b="${wall[$scale]}" 'BEGIN {printf "%.1f", b / a}') for $(awk -v a="$prev" -v b="$scale" 'BEGIN {printf "%g", b / a}')× the evidence"
  fi
  prev=$scale
done

# Per check: one-thread wall time over subjects judged, at each scale; the 25 costliest at the
# largest scale. A cost per subject that grows with the scale is a check that is not linear.
echo
python3 - "$work" "${scales[@]}" <<'PY'
import json, re, sys
work, scales = sys.argv[1], sys.argv[2:]
def per_check(scale):
    times = {}
    for line in open(f"{work}/scale-{scale}/time-1.txt"):
        m = re.match(r"\s*([\d.]+)\s+([A-Z]+-[A-Z]+-\d+)\s*$", line)
        if m:
            times[m.group(2)] = float(m.group(1))
    report = json.load(open(f"{work}/scale-{scale}/report-1.json"))
    judged = {}
    for item in report["items"]:
        for check in item.get("checks", []):
            judged[check["id"]] = check.get("judged") or 0
    for check in report.get("unmapped_checks") or []:
        if isinstance(check, dict):
            judged[check["id"]] = check.get("judged") or 0
    return times, judged
data = {scale: per_check(scale) for scale in scales}
largest = scales[-1]
times, judged = data[largest]
top = sorted(times, key=lambda c: -times[c])[:25]
print("| check | " + " | ".join(f"scale {s}: ms / judged / µs each" for s in scales) + " |")
print("| --- |" + " --- |" * len(scales))
for check in top:
    cells = []
    for s in scales:
        t, j = data[s]
        ms, n = t.get(check), j.get(check, 0)
        if ms is None:
            cells.append("—")
        else:
            each = f"{ms * 1000 / n:.1f}" if n else "—"
            cells.append(f"{ms:.0f} / {n} / {each}")
    print(f"| {check} | " + " | ".join(cells) + " |")
PY

largest=${scales[${#scales[@]}-1]}
checkov_scale=$largest
for scale in "${scales[@]}"; do [ "$scale" = 100 ] && checkov_scale=100; done
plan=$work/scale-$checkov_scale/plan.json
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
  echo "Terraform plan of scale $checkov_scale ($(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['resource_changes']))" "$plan") resources):"
  echo "dspt check --terraform: ${d} s, $(peak_mb "$work/dspt-tf.txt") MB; checkov $(checkov --version 2>/dev/null | tail -1) --framework terraform_plan: ${c} s, $(peak_mb "$work/checkov-time.txt") MB; dspt is $(awk -v d="$d" -v c="$c" 'BEGIN {printf "%.1f", c / d}')× faster"
else
  echo "checkov is not installed and pip could not install it: no comparison"
fi
