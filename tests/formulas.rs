//! Formulas and cells a workbook cannot vouch for: a figure typed as a formula is used only
//! when its saved result is what it computes (LibreOffice's are); a result never computed
//! (XlsxWriter's 0, a file flagged to compute on opening), missing, stale, or a cell the file
//! writes twice is an error at the cell.

use factsheet::input::load;
use factsheet::input::model::YearMonth;
use factsheet::input::table::Kind;

use crate::harness::{TempDir, repo, with_part};

fn january() -> YearMonth {
    YearMonth::parse("2026-01").unwrap()
}

/// The LibreOffice workbook with January's row, `next-month-typed-in-libreoffice.xlsx`.
fn libreoffice() -> std::path::PathBuf {
    repo("tests/fixtures/workbook/next-month-typed-in-libreoffice.xlsx")
}

/// January's totals typed as formulas in LibreOffice (`=SUM(350;351)`, `=H25-85`, a SUM over
/// another row, `=ROUND(129.4;0)`), which it computed and saved: the same month as typed.
#[test]
fn formulas_libreoffice_computed_are_the_figures_they_compute() {
    let path = repo("tests/fixtures/workbook/mistakes/formulas.xlsx");
    let figures = load::read_workbook(&path, Kind::Xlsx).unwrap();
    let with_formulas = load::load_month(&path, &figures, january()).unwrap_or_else(|e| panic!("{e}"));
    let typed = load::load_month(&libreoffice(), &load::read_workbook(&libreoffice(), Kind::Xlsx).unwrap(), january()).unwrap();
    assert_eq!(with_formulas.sheet, typed.sheet);
    assert_eq!(with_formulas.warnings, "");
}

#[test]
fn a_stale_missing_or_uncomputed_result_is_an_error_at_its_cell() {
    let dir = TempDir::new("formulas");
    let cases: [(&str, &std::path::Path, &str, &str, &str); 5] = [
        // `<f>837+1001</f><v>838</v>`: a result saved before the formula was changed.
        ("stale", &libreoffice(), "xl/worksheets/sheet4.xml", "<c r=\"C26\" s=\"1\" t=\"n\"><v>701</v></c>", "<c r=\"C26\" s=\"1\" t=\"n\"><f>700+10</f><v>701</v></c>"),
        ("no-result", &libreoffice(), "xl/worksheets/sheet4.xml", "<c r=\"C26\" s=\"1\" t=\"n\"><v>701</v></c>", "<c r=\"C26\" s=\"1\" t=\"n\"><f>SUM(C14:C15)</f></c>"),
        ("unsupported", &libreoffice(), "xl/worksheets/sheet4.xml", "<c r=\"C26\" s=\"1\" t=\"n\"><v>701</v></c>", "<c r=\"C26\" s=\"1\" t=\"n\"><f>VLOOKUP(A26,A2:C25,3)</f><v>701</v></c>"),
        // As XlsxWriter and rust_xlsxwriter write a formula: 0 saved, the file flagged to
        // compute it on opening (the shipped workbook, written by rust_xlsxwriter, is flagged).
        ("never-computed", &repo("data/western-balkans.xlsx"), "xl/worksheets/sheet4.xml", "<c r=\"C25\" s=\"5\"><v>838</v></c>", "<c r=\"C25\" s=\"5\"><f>SUM(C24:C24)</f><v>0</v></c>"),
        ("written-twice", &repo("data/western-balkans.xlsx"), "xl/worksheets/sheet4.xml", "<c r=\"C25\" s=\"5\"><v>838</v></c>", "<c r=\"C25\" s=\"5\"><v>838</v></c><c r=\"C25\" s=\"5\"><v>8380</v></c>"),
    ];
    for (name, source, part, from, to) in cases {
        let path = with_part(&dir, source, part, |xml| {
            assert!(xml.contains(from), "{name}: {from} not in the part");
            xml.replacen(from, to, 1)
        });
        let month = if source.ends_with("western-balkans.xlsx") { YearMonth::parse("2025-12").unwrap() } else { january() };
        let figures = load::read_workbook(&path, Kind::Xlsx).unwrap_or_else(|e| panic!("{e}"));
        let shown = match load::load_month(&path, &figures, month) {
            Ok(loaded) => panic!("{name} loaded: estimate {}", loaded.sheet.arrivals.estimate),
            Err(e) => e.to_string().replace(&dir.path().display().to_string(), "$DIR"),
        };
        insta::with_settings!({ snapshot_suffix => "" }, {
            insta::assert_snapshot!(format!("formula-{name}"), shown);
        });
    }
    // (A workbook flagged to compute on opening, but with no formula, is read as it is: the
    // shipped one renders the sample, tests/workbook.rs.)
}
