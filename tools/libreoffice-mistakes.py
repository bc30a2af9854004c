#!/usr/bin/python3
"""Writes tests/fixtures/workbook/mistakes/*.xlsx: January 2026 of the workbook LibreOffice
wrote (tests/fixtures/workbook/next-month-typed-in-libreoffice.xlsx) with an officer's
mistakes typed into it by LibreOffice itself, in an English (United States) locale, and saved
by it. Each cell is set with setFormula, which parses the text as typing it into the cell
does: `07/02/2026` becomes the date 2 July 2026, `49%` a number formatted as a percentage.

Run once by hand, from the repository's top folder, with Debian's libreoffice-calc-nogui and
python3-uno (the system Python, /usr/bin/python3):

    /usr/bin/python3 tools/libreoffice-mistakes.py
"""

import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

# com.sun.star.util.NumberFormat's kinds.
DATE, PERCENT = 2, 128

SOURCE = "tests/fixtures/workbook/next-month-typed-in-libreoffice.xlsx"
OUT = "tests/fixtures/workbook/mistakes"

# name: [(sheet, cell, what is typed; None clears the cell)]; also writes formulas.xlsx, whose
# totals are typed as formulas (which LibreOffice computes and saves with them).
MISTAKES = {
    "text-figure": [("months", "C26", "701 persons")],
    "blank-figure": [("months", "H26", None)],
    "date-day-first": [("months", "B26", "07/02/2026")],
    "ten-times": [("months", "C26", "7010")],
    "percentage": [("months", "J26", "49%")],
    "country-code": [("countries", "A6", "MKK")],
    # Not a mistake: totals typed as formulas, which LibreOffice computes and saves.
    "formulas": [
        ("months", "C26", "=SUM(350;351)"),
        ("months", "F26", "=SUM($months.F14:F14)-66"),
        ("months", "H26", "=H25-85"),
        ("months", "J26", "=ROUND(129.4;0)"),
    ],
    "all-at-once": [
        ("months", "C26", "701 persons"),
        ("months", "H26", None),
        ("months", "B26", "07/02/2026"),
        ("months", "F26", "9020"),
        ("months", "J26", "49%"),
    ],
}


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    os.makedirs(OUT, exist_ok=True)
    profile = "file:///tmp/factsheet-lo-profile"
    office = subprocess.Popen([
        "soffice", "--headless", "--invisible", "--norestore", "--nologo",
        f"-env:UserInstallation={profile}",
        "--accept=pipe,name=factsheet;urp;",
    ])
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(100):
            try:
                context = resolver.resolve("uno:pipe,name=factsheet;urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.2)
        else:
            sys.exit("LibreOffice did not start")
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        source = uno.systemPathToFileUrl(os.path.abspath(SOURCE))
        for name, edits in MISTAKES.items():
            doc = desktop.loadComponentFromURL(source, "_blank", 0, (prop("Hidden", True),))
            # Typed as in an English (United States) locale.
            locale = uno.createUnoStruct("com.sun.star.lang.Locale")
            locale.Language, locale.Country = "en", "US"
            doc.CharLocale = locale
            for sheet, cell, typed in edits:
                target = doc.Sheets.getByName(sheet).getCellRangeByName(cell)
                if typed is None:
                    target.setString("")
                else:
                    target.setFormula(typed)
                    # Typing in the program also gives the cell the format of what it
                    # recognised (a date, a percentage); the API leaves the format as it was.
                    kind = PERCENT if typed.endswith("%") else DATE if "/" in typed else None
                    if kind is not None:
                        target.NumberFormat = doc.NumberFormats.getStandardFormat(kind, locale)
                print(f"{name}: {sheet}!{cell} = {typed!r} -> value {target.getValue()}, text {target.getString()!r}")
            out = uno.systemPathToFileUrl(os.path.abspath(os.path.join(OUT, f"{name}.xlsx")))
            doc.storeToURL(out, (prop("FilterName", "Calc MS Excel 2007 XML"),))
            doc.close(True)
    finally:
        office.terminate()
        office.wait()


if __name__ == "__main__":
    main()
