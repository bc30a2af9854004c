#!/usr/bin/env bash
# Times `factsheet` against the typst CLI (same version, 0.15.1) compiling the very same layouts
# from the very same prepared data (`factsheet model`), with hyperfine; prints medians and
# ratios, and the peak memory of one render. Installs hyperfine (Debian) and typst-cli
# (crates.io) when they are missing, and builds the binary we ship with tools/dist.sh (the
# `dist` profile guided by a profile of real renders; 25 minutes the first time).
# Usage: benches/compare.sh [RUNS] [ROUNDS]
#
# A shared machine drifts by more than the difference being measured, and hyperfine runs one
# command's runs before the other's; so the one-month comparison is made in ROUNDS rounds that
# alternate which command goes first, and the script prints the median of the rounds' ratios
# with their range.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
rounds=${2:-5}

if ! command -v hyperfine >/dev/null; then
  apt-get install -y -qq hyperfine >/dev/null || { echo "install hyperfine first" >&2; exit 1; }
fi
if ! typst --version 2>/dev/null | grep -q '0\.15\.1'; then
  cargo install typst-cli --locked --version 0.15.1
fi
# The binary as shipped: release with link-time optimisation and profile-guided optimisation.
bash tools/dist.sh
bin=target/pgo/factsheet

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The typst CLI's project: our layouts, and the prepared month as /data.json.
cp -r layouts "$work/project"
"$bin" model data/2025-12.json -o "$work/project/data.json"
mkdir "$work/months"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do cp data/2025-12.json "$work/months/2025-$m.json"; done
typst_one="typst compile --root $work/project --font-path fonts --ignore-system-fonts --pdf-standard a-2a $work/project/main.typ $work/typst.pdf"
ours_one="$bin render data/2025-12.json -o $work/ours.pdf"
twelve_typst="for i in 1 2 3 4 5 6 7 8 9 10 11 12; do $typst_one; done"
twelve_ours_calls="for f in $work/months/*.json; do $bin render \$f; done"

for round in $(seq "$rounds"); do
  if (( round % 2 )); then
    order=(-n "factsheet, one month" "$ours_one" -n "typst CLI, one month" "$typst_one")
  else
    order=(-n "typst CLI, one month" "$typst_one" -n "factsheet, one month" "$ours_one")
  fi
  hyperfine --style basic --warmup 3 --runs "$runs" --export-json "$work/one-$round.json" "${order[@]}" >&2
done
hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/twelve.json" \
  -n "factsheet, twelve months in one call" "$bin render $work/months" \
  -n "factsheet, twelve separate calls" "$twelve_ours_calls" \
  -n "typst CLI, twelve runs" "$twelve_typst" >&2

peak=$( { /usr/bin/time -f '%M' $ours_one; } 2>&1 >/dev/null | tail -n 1 )
python3 - "$work" "$rounds" "$peak" <<'PY'
import json, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
ms = lambda r: r["median"] * 1000
pairs = []
for n in range(1, rounds + 1):
    one = {r["command"]: r for r in json.load(open(f"{work}/one-{n}.json"))["results"]}
    pairs.append((ms(one["factsheet, one month"]), ms(one["typst CLI, one month"])))
ratios = sorted(a / b for a, b in pairs)
a = statistics.median(p[0] for p in pairs)
b = statistics.median(p[1] for p in pairs)
twelve = {r["command"]: r for r in json.load(open(f"{work}/twelve.json"))["results"]}
c, d, e = (ms(twelve[k]) for k in ("factsheet, twelve months in one call", "factsheet, twelve separate calls", "typst CLI, twelve runs"))
print(f"cold render, one month:      factsheet {a:7.1f} ms   typst CLI {b:7.1f} ms   ratio {statistics.median(ratios):.2f}, "
      f"{ratios[0]:.2f}-{ratios[-1]:.2f} over {rounds} rounds (target <= 0.65)")
print(f"twelve months:               one call  {c:7.1f} ms   typst CLI {e:7.1f} ms   ratio {c / e:.2f} (target <= 0.35)")
print(f"twelve months, one call vs twelve calls: {c:.1f} ms vs {d:.1f} ms   ratio {c / d:.2f} (target <= 0.50)")
print(f"peak memory of one render:   {int(sys.argv[3]) / 1024:.1f} MiB (target <= 40 MiB)")
PY
