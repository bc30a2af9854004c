"""Owns catalogues/territories.tsv: territory names in the factsheet's languages, from Unicode CLDR.

Reads two unpacked npm packages of CLDR JSON data, `cldr-localenames-full` (the display names
of territories, one file per locale) and `cldr-core` (supplemental data: ISO 3166 alpha-3
codes, territory groupings, deprecated codes), and writes a UTF-8, LF-terminated,
tab-separated table: `#` comment lines (source, CLDR version, licence, how to regenerate),
then a header line, then one row per country or territory, sorted by its alpha-2 code:

    alpha2  alpha3  en  fr  es  pt  ar  ru  uk  zh  de  it

`alpha3` is CLDR's alpha-3 code for the territory, or `-` if CLDR has none; each name is
CLDR's standard name (not an `-alt-short` or `-alt-variant` one) for that locale; `zh` is
Simplified Chinese. Standard library only. Regenerate it with:

    mkdir -p /tmp/cldr && cd /tmp/cldr
    npm pack cldr-localenames-full@48.2.0 cldr-core@48.2.0
    for p in cldr-localenames-full cldr-core; do
        mkdir -p $p && tar xzf $p-48.2.0.tgz -C $p --strip-components=1
    done
    cd -   # back to the repository root
    python3 tools/cldr-territories.py /tmp/cldr/cldr-localenames-full /tmp/cldr/cldr-core \\
        -o catalogues/territories.tsv
    cp /tmp/cldr/cldr-core/LICENSE catalogues/territories.LICENSE

Without `-o` the table goes to standard output. The data is © Unicode, Inc., under the
Unicode License v3: its text (the packages' LICENSE file) must ship with the table, which is
why it is copied next to it as catalogues/territories.LICENSE.
"""

import argparse
import json
import os
import re
import sys

# The table's name columns, in order: CLDR locale identifiers. `zh` is CLDR's Simplified
# Chinese (its default content is zh_Hans_CN), not Traditional (`zh-Hant`).
LOCALES = ["en", "fr", "es", "pt", "ar", "ru", "uk", "zh", "de", "it"]

# Codes that are two uppercase letters but are not one country or territory. Most are also
# found from the data (groupings are keys of territoryContainment, deprecated codes are
# territoryAlias entries); this list makes the intent explicit and catches what the data
# does not mark:
#   EU  European Union, EZ  Eurozone, UN  United Nations: groupings of countries;
#   QO  Outlying Oceania: a macro-region (contains AQ, AC, CP, DG, TA, which stay);
#   ZZ  Unknown Region: CLDR's placeholder for an unknown territory;
#   XA  Pseudo-Accents, XB  Pseudo-Bidi: pseudo-locale codes for software testing.
# XK (Kosovo), a user-assigned code that CLDR and most international bodies use, is kept.
EXCLUDED = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}

# The table's own path inside the repository, for the comment that says how to regenerate it.
TABLE = "catalogues/territories.tsv"


def load_json(path):
    """The parsed contents of a JSON file, read as UTF-8."""
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def package_version(package_dir):
    """The `version` field of an npm package's package.json, e.g. "48.2.0"."""
    return load_json(os.path.join(package_dir, "package.json"))["version"]


def territory_names(names_dir, locale):
    """The locale's {code: name} territory names, including `-alt-` keys.

    The file is main/<locale>/territories.json in current packages; older layouts nested it
    as main/<locale>/localenames/territories.json, so both are tried.
    """
    candidates = [
        os.path.join(names_dir, "main", locale, "territories.json"),
        os.path.join(names_dir, "main", locale, "localenames", "territories.json"),
    ]
    for path in candidates:
        if os.path.exists(path):
            data = load_json(path)
            return data["main"][locale]["localeDisplayNames"]["territories"]
    sys.exit(f"no territories.json for locale {locale!r} under {names_dir}/main")


def excluded_by_data(core_dir):
    """Codes the data itself marks as not one current territory.

    Groupings and macro-regions are the keys of supplemental territoryContainment (their
    `_contains` lists members; EU, EZ and UN also carry `_grouping`); deprecated codes (SU,
    YU, UK, ...) are the territoryAlias entries of supplemental aliases.
    """
    supplemental = os.path.join(core_dir, "supplemental")
    containment = load_json(os.path.join(supplemental, "territoryContainment.json"))
    groups = set(containment["supplemental"]["territoryContainment"])
    aliases = load_json(os.path.join(supplemental, "aliases.json"))
    deprecated = set(aliases["supplemental"]["metadata"]["alias"]["territoryAlias"])
    # Keys may carry a status suffix ("002-status-grouping"); the code is what precedes it.
    return {key.split("-")[0] for key in groups} | deprecated


def check_licence(names_dir, core_dir):
    """The packages' LICENSE text, after checking both ship the same Unicode License v3.

    The table's header states this licence, so a future CLDR under other terms stops the
    script instead of silently producing a wrong notice.
    """
    texts = []
    for package_dir in (names_dir, core_dir):
        with open(os.path.join(package_dir, "LICENSE"), encoding="utf-8") as f:
            texts.append(f.read())
    if texts[0] != texts[1]:
        sys.exit("the two packages' LICENSE files differ; check which one applies")
    if "SPDX-License-Identifier: Unicode-3.0" not in texts[0]:
        sys.exit("LICENSE is no longer the Unicode License v3; update the table's notice")
    return texts[0]


def build_rows(names_dir, core_dir):
    """The table's rows, as lists of strings, sorted by alpha-2 code."""
    names = {locale: territory_names(names_dir, locale) for locale in LOCALES}
    mappings = load_json(os.path.join(core_dir, "supplemental", "codeMappings.json"))
    mappings = mappings["supplemental"]["codeMappings"]
    excluded = EXCLUDED | excluded_by_data(core_dir)

    # The territories are the English file's keys that are exactly two ASCII uppercase
    # letters: this leaves out the numeric UN M49 regions ("001", "419") and `-alt-` keys.
    codes = sorted(
        code for code in names["en"]
        if re.fullmatch(r"[A-Z]{2}", code) and code not in excluded
    )

    rows = []
    for code in codes:
        alpha3 = mappings.get(code, {}).get("_alpha3", "-")
        row = [code, alpha3]
        for locale in LOCALES:
            name = names[locale].get(code)
            # A missing name would otherwise fall back silently; better to stop and decide.
            assert name, f"no {locale} name for {code}"
            # Tabs and newlines would break the table's structure; CLDR names have neither.
            assert not re.search(r"[\t\r\n]", name), f"control character in {locale} {code}"
            assert name == name.strip(), f"surrounding whitespace in {locale} {code}"
            row.append(name)
        rows.append(row)
    return rows


def render(names_dir, core_dir):
    """The whole table as one string: comment lines, header line, rows; LF line endings."""
    names_version = package_version(names_dir)
    core_version = package_version(core_dir)
    if names_version != core_version:
        sys.exit(f"package versions differ: localenames {names_version}, core {core_version}")
    names_package = load_json(os.path.join(names_dir, "package.json"))["name"]
    core_package = load_json(os.path.join(core_dir, "package.json"))["name"]
    check_licence(names_dir, core_dir)
    rows = build_rows(names_dir, core_dir)

    v = names_version
    comments = [
        "Territory names from the Unicode Common Locale Data Repository (CLDR): one row per",
        "country or territory, sorted by its CLDR (ISO 3166-1 alpha-2 or user-assigned) code.",
        f"CLDR version {v}, from the npm packages {names_package}@{v} (names) and",
        f"{core_package}@{v} (supplemental/codeMappings.json: alpha-3 codes; '-' where CLDR has none).",
        "Names are CLDR's standard (not -alt-short or -alt-variant) ones; zh is Simplified Chinese.",
        "Also present: codes CLDR keeps that are not ISO 3166-1 countries (AC CP CQ DG EA IC TA,",
        "exceptionally reserved; XK Kosovo, user-assigned), whose alpha-3 codes are CLDR's own.",
        "Generated file, do not edit. Regenerate with (see the script's docstring for npm pack):",
        f"  python3 tools/cldr-territories.py /tmp/cldr/{names_package} /tmp/cldr/{core_package} -o {TABLE}",
        "Data © Unicode, Inc., under the Unicode License v3 (SPDX: Unicode-3.0); its text,",
        "copied from the packages' LICENSE file, is in catalogues/territories.LICENSE",
        "and must ship with this file.",
    ]
    lines = ["# " + line for line in comments]
    lines.append("\t".join(["alpha2", "alpha3"] + LOCALES))
    lines.extend("\t".join(row) for row in rows)
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names_dir", help="unpacked cldr-localenames-full (or -modern) package")
    parser.add_argument("core_dir", help="unpacked cldr-core package")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args()

    table = render(args.names_dir, args.core_dir)
    data = table.encode("utf-8")
    if args.output:
        # Binary mode: UTF-8 and LF whatever the platform's defaults.
        with open(args.output, "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)


if __name__ == "__main__":
    main()
