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
typst_one="typst compile --root $work/project --font-path fonts --ignore-system-fonts --features a11y-extras --pdf-standard a-2a,ua-1 $work/project/main.typ $work/typst.pdf"
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

# Workbooks: ten years (2016-2025) of twelve countries, every month complete, written as CSV
# and made a workbook by our own `convert`; the same twelve months as JSON files, from it.
python3 - "$work/ten" <<'PY'
import csv, os, sys
out = sys.argv[1]; os.makedirs(out)
src = "tests/fixtures/workbook/western-balkans"
codes = ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB", "HRV", "SVN", "BGR", "ROU", "GRC", "HUN"]
def write(name, header, rows):
    with open(f"{out}/{name}.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n"); w.writerow(header); w.writerows(rows)
sheet = lambda name: list(csv.reader(open(f"{src}/{name}.csv")))
keep = lambda name: sheet(name)[1:]
write("edition", sheet("edition")[0], [r for r in keep("edition") if r[0] != "map_geometry"])
write("footnotes", sheet("footnotes")[0], keep("footnotes"))
write("countries", ["code", "name", "mark"], [[c, f"Country {c}", ""] for c in codes])
count = lambda seed, low, span: low + seed * 7919 % span
months, arrivals, present, nationalities = [], [], [], []
for i in range(120):
    y, m = 2016 + i // 12, i % 12 + 1
    month, total = f"{y}-{m:02d}", 12 * count(i, 20, 280)
    published = f"{y + (m == 12)}-{m % 12 + 1:02d}-20"
    months.append([month, published, count(i, 600, 900), "", "FALSE", count(i, 800, 700), count(i, 40, 50), total, "TRUE", total // 20])
    arrivals.append([month] + [count(i, 20, 280)] * 12)
    present.append([month] + [count(i, 20, 280)] * 12)
    nationalities += [[month, f"Nationality {n}", count(i + n, 1, 20)] for n in range(10)]
write("months", ["month", "published", "arrivals", "estimate", "estimate_rounded", "intentions", "applications", "present", "present_rounded", "uasc"], months)
write("arrivals_by_country", ["month"] + codes, arrivals)
write("present_by_country", ["month"] + codes, present)
write("nationalities", ["month", "nationality", "count"], nationalities)
PY
"$bin" convert "$work/ten" -o "$work/ten-years.xlsx" 2>/dev/null
mkdir "$work/ten-json"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
  "$bin" convert "$work/ten-years.xlsx" --month "2025-$m" -o "$work/ten-json/2025-$m.json" 2>/dev/null
done
hyperfine --style basic --warmup 3 --runs "$runs" --export-json "$work/workbook.json" \
  -n "one month from its JSON file" "$bin render $work/ten-json/2025-12.json -o $work/from-json.pdf" \
  -n "one month from the ten-year workbook" "$bin render $work/ten-years.xlsx --month 2025-12 -o $work/from-workbook.pdf" \
  -n "twelve JSON files in one call" "$bin render $work/ten-json" \
  -n "twelve months of the workbook in one call" "$bin render $work/ten-years.xlsx --month 2025-01..2025-12" >&2
cmp "$work/from-json.pdf" "$work/from-workbook.pdf"

# Languages: the sample in French alone, and in English and French in one call.
cp data/2025-12.json "$work/both.json"
hyperfine --style basic --warmup 3 --runs "$runs" --export-json "$work/languages.json" \
  -n "one language" "$bin render $work/both.json --lang fr -o $work/fr.pdf" \
  -n "two languages in one call" "$bin render $work/both.json --lang en,fr" >&2

# The email briefing (the PDF, the card and the message) against the PDF alone, and the card's size.
hyperfine --style basic --warmup 3 --runs "$runs" --export-json "$work/email.json" \
  -n "the PDF" "$bin render data/2025-12.json -o $work/pdf.pdf" \
  -n "the email briefing" "$bin email data/2025-12.json -o $work/briefing.eml" >&2
"$bin" render data/2025-12.json --format card -o "$work/card.png" 2>/dev/null
card=$(stat -c %s "$work/card.png")

peak=$( { /usr/bin/time -f '%M' $ours_one; } 2>&1 >/dev/null | tail -n 1 )
python3 - "$work" "$rounds" "$peak" "$card" <<'PY'
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
# The twelve months above are copies of one, which Typst's caches lay out once; twelve
# different months (2025 of the ten-year workbook, as JSON files) are timed below.
different = ms({r["command"]: r for r in json.load(open(f"{work}/workbook.json"))["results"]}["twelve JSON files in one call"])
print(f"twelve different months:     one call  {different:7.1f} ms   typst CLI {e:7.1f} ms   ratio {different / e:.2f} (its runs compile one month twelve times)")
print(f"peak memory of one render:   {int(sys.argv[3]) / 1024:.1f} MiB (target <= 40 MiB)")
wb = {r["command"]: r for r in json.load(open(f"{work}/workbook.json"))["results"]}
f, g, h, i = (ms(wb[k]) for k in ("one month from its JSON file", "one month from the ten-year workbook",
                                  "twelve JSON files in one call", "twelve months of the workbook in one call"))
print(f"one month, ten-year workbook vs JSON: {g:.1f} ms vs {f:.1f} ms   adds {g - f:+.1f} ms (target <= 3 ms)")
print(f"twelve months in one call, workbook vs JSON files: {i:.1f} ms vs {h:.1f} ms   ratio {i / h:.2f} (target <= 1.10)")
lang = {r["command"]: r for r in json.load(open(f"{work}/languages.json"))["results"]}
j, k = ms(lang["one language"]), ms(lang["two languages in one call"])
print(f"--lang en,fr vs --lang fr: {k:.1f} ms vs {j:.1f} ms   ratio {k / j:.2f} (target <= 1.20)")
mail = {r["command"]: r for r in json.load(open(f"{work}/email.json"))["results"]}
l, m = ms(mail["the PDF"]), ms(mail["the email briefing"])
print(f"email briefing vs the PDF alone: {m:.1f} ms vs {l:.1f} ms   ratio {m / l:.2f} (target <= 1.50)")
print(f"the card's PNG: {int(sys.argv[4]) / 1024:.0f} KB (target < 150 KB)")
PY
