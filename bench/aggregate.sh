#!/usr/bin/env bash
# The organisation-view benchmark of BENCHMARKS.md: `dspt aggregate` over N saved reports (default
# 1,000), each the non-compliant fixture's JSON assessment (64 items, ~150 findings) saved under
# another name, half of them the compliant fixture's. Prints wall time and peak memory for the
# JSON and HTML views. Not part of the test suite.
#
#   bash bench/aggregate.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --locked -q -p dspt-cli
dspt=$PWD/target/release/dspt

# Both fixtures as one organisation, so their reports belong together.
for fixture in compliant-supplier noncompliant-supplier; do
  cp -r "fixtures/$fixture" "$work/$fixture"
  sed -i 's/Noncompliant Supplier Ltd/Acme Health Ltd/; s/Compliant Supplier Ltd/Acme Health Ltd/' "$work/$fixture/dspt.yaml"
  (cd "$work/$fixture" && "$dspt" check --as-of 2026-06-30 --format json --output "$work/$fixture.json") || true
done
mkdir "$work/reports"
for i in $(seq 1 "$count"); do
  if [ $((i % 2)) -eq 0 ]; then source=compliant-supplier; else source=noncompliant-supplier; fi
  cp "$work/$source.json" "$work/reports/repository-$(printf '%04d' "$i").json"
done
size=$(du -sh "$work/reports" | cut -f1)
echo "machine: $(nproc) cores, $(uname -sr); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$count reports, $size"
echo
echo "| format | wall (s) | peak RSS (MB) | exit |"
echo "| --- | --- | --- | --- |"
for format in json html; do
  set +e
  /usr/bin/time -v "$dspt" aggregate --from "$work/reports" --format "$format" --output "$work/view.$format" \
    2>"$work/time.txt"
  code=$?
  set -e
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s}' "$work/time.txt")
  peak=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/time.txt")
  echo "| $format | $wall | $peak | $code |"
done
