#!/usr/bin/env bash
# Builds the binary to ship, target/pgo/factsheet: the `dist` profile (release with link-time
# optimisation) guided by a profile of real renders (PGO). An instrumented build renders every
# month under data/ and tests/fixtures/months/ (as PDF, and one as PNG, in two languages and
# as an email briefing), and the final build
# optimises for what those renders ran. About twice a `dist` build: 25 minutes from clean on
# 2 cores. Needs only Rust; installs rustup's llvm-tools (for llvm-profdata) if they are missing.
# A new profile means rebuilding every crate, so the script does nothing when the sources,
# fonts, layouts, lock file and compiler are those of the last build.
#
# The binary is not position-independent (`-C relocation-model=static`): otherwise the loader
# first rewrites some 70,000 pointers in its data, and copies each page it writes, at every
# start: 1.5 ms here (`perf stat factsheet --version`: 3.4 ms against 1.9 ms, 568 page faults
# against 204), of a render that takes about 30 ms. The price is that the executable's own
# code and data sit at fixed addresses, as Go's binaries do by default; the stack, the heap
# and the shared libraries are still placed at random.
#
# Usage: tools/dist.sh            then: target/pgo/factsheet render data/2025-12.json
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/pgo
inputs() { find Cargo.toml Cargo.lock src layouts fonts tools/dist.sh -type f; find data tests/fixtures/months -name '*.json'; }
fingerprint=$( { rustc -vV; inputs | sort | xargs sha256sum; } | sha256sum | cut -d' ' -f1)
if [[ -x $out/factsheet && "$(cat "$out/fingerprint" 2>/dev/null)" == "$fingerprint" ]]; then
  echo "$out/factsheet is up to date" >&2
  exit 0
fi

host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [[ ! -x $profdata ]]; then
  rustup component add llvm-tools
fi

# Only the binary is linked position-dependent: a dependency that is also built as a shared
# library (proj4rs lists `cdylib` among its crate types) cannot be, and position-independent
# code links into a position-dependent executable all the same.
static="-Crelocation-model=static"
profiles="$PWD/$out/profiles"
rm -rf "$profiles" && mkdir -p "$profiles"
# `--target` keeps the flags off build scripts and procedural macros, which would otherwise
# be instrumented too and write profiles of their own while building.
RUSTFLAGS="-Cprofile-generate=$profiles" \
  cargo rustc --locked --profile dist --target "$host" --target-dir "$out/generate" --bin factsheet -- $static
trained="$out/generate/$host/dist/factsheet"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for data in data/*.json tests/fixtures/months/*.json; do
  "$trained" render "$data" -o "$work/month.pdf" 2>/dev/null
done
"$trained" render data/2025-12.json --format png -o "$work/page.png" 2>/dev/null
# Both languages, and the email briefing (the card drawn, its PNG encoded, the message built).
cp data/2025-12.json "$work/both.json"
"$trained" render "$work/both.json" --lang en,fr 2>/dev/null
"$trained" email data/2025-12.json -o "$work/briefing.eml" 2>/dev/null
# Twelve months in one call: the batch path, several renders sharing one process.
mkdir "$work/months"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do cp data/2025-12.json "$work/months/2025-$m.json"; done
"$trained" render "$work/months" 2>/dev/null

"$profdata" merge -o "$out/merged.profdata" "$profiles"
RUSTFLAGS="-Cprofile-use=$PWD/$out/merged.profdata" \
  cargo rustc --locked --profile dist --target "$host" --target-dir "$out/use" --bin factsheet -- $static
cp "$out/use/$host/dist/factsheet" "$out/factsheet"
echo "$fingerprint" > "$out/fingerprint"
echo "built $out/factsheet" >&2
