//! Workbooks: the shipped one gives the sample's PDF byte for byte; the same figures read from
//! `.xlsx` (ours and LibreOffice's), `.ods` and CSV give the same months; ranges, Januaries and
//! leap-year Februaries render; every sheet's mistakes are reported at their cells.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use factsheet::input::load::{self, Loaded};
use factsheet::input::model::YearMonth;
use factsheet::input::table::Kind;
use factsheet::input::workbook::Figures;
use factsheet::typeset::render;

use crate::harness::{TempDir, csv_copy, repo, run, sample, with_part};

fn month(text: &str) -> YearMonth {
    YearMonth::parse(text).unwrap()
}

fn open(path: &Path) -> Arc<Figures> {
    let kind = Kind::of(path).unwrap_or_else(|| panic!("{} is not a workbook", path.display()));
    load::open_workbook(path, kind).unwrap_or_else(|e| panic!("{e}"))
}

fn load_month(path: &Path, m: &str) -> Loaded {
    load::load_month(path, &open(path), month(m)).unwrap_or_else(|e| panic!("{e}"))
}

fn pdf(loaded: &Loaded) -> Vec<u8> {
    let compiled = render::compile(&loaded.sheet, &render::Options::default()).unwrap_or_else(|e| panic!("{e}"));
    compiled.pdf(&render::Export::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The shipped workbook, and the copies LibreOffice wrote and the CSV folder it was made from.
fn workbooks() -> Vec<PathBuf> {
    vec![
        repo("data/western-balkans.xlsx"),
        repo("tests/fixtures/workbook/libreoffice.xlsx"),
        repo("tests/fixtures/workbook/libreoffice.ods"),
        repo("tests/fixtures/workbook/western-balkans"),
    ]
}

/// Replaces `from` with `to` in one sheet of a CSV workbook, which must contain it.
fn edit(folder: &Path, sheet: &str, from: &str, to: &str) {
    let path = folder.join(format!("{sheet}.csv"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{sheet}.csv has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn december_from_the_workbook_is_the_sample_byte_for_byte() {
    let json = load::load(&sample()).unwrap();
    let from_workbook = load_month(&repo("data/western-balkans.xlsx"), "2025-12");
    let (mut a, mut b) = (json.sheet.clone(), from_workbook.sheet.clone());
    // Information for people only: not printed, and listed differently in the workbook.
    a.schema = None;
    a.illustrative.clear();
    b.illustrative.clear();
    // The workbook names its language; the sample leaves it to the default, English.
    assert_eq!(b.edition.lang.as_deref(), Some("en"));
    b.edition.lang = None;
    assert_eq!(a, b, "the workbook's December is the sample's month, in both languages");
    assert!(pdf(&json) == pdf(&from_workbook), "the PDFs differ");
    assert_eq!(from_workbook.warnings, "");
}

#[test]
fn every_copy_of_the_workbook_gives_the_same_months() {
    let all: Vec<Arc<Figures>> = workbooks().iter().map(|p| open(p)).collect();
    for m in month("2025-01").through(month("2025-12")) {
        let sheets: Vec<_> = workbooks()
            .iter()
            .zip(&all)
            .map(|(path, figures)| load::load_month(path, figures, m).unwrap_or_else(|e| panic!("{e}")).sheet)
            .collect();
        for (path, sheet) in workbooks().iter().zip(&sheets).skip(1) {
            assert_eq!(sheet, &sheets[0], "{m} from {} differs from the shipped workbook", path.display());
        }
    }
}

#[test]
fn a_january_is_a_period_of_one_month() {
    let january = load_month(&repo("data/western-balkans.xlsx"), "2025-01").sheet;
    assert_eq!(january.arrivals.monthly, [812]);
    assert_eq!(january.arrivals.estimate, 812);
    // The chart shows the whole of last year; the change compares January with January.
    assert_eq!(
        january.arrivals.monthly_last_year,
        [1105, 958, 1204, 1390, 1512, 1588, 1702, 1836, 1741, 1598, 1470, 1270]
    );
    assert_eq!(january.arrivals.last_year, 1105);
    // Persons present over the twelve months ending with January, from last February.
    assert_eq!(january.present.monthly, [4185, 4020, 3952, 3880, 3904, 3991, 4066, 3897, 3710, 3586, 3520, 3412]);
    let text = crate::harness::flat_text(&render::compile(&january, &render::Options::default()).unwrap());
    assert!(text.contains("January 2025"), "{text}");
}

#[test]
fn the_months_sums_are_the_periods() {
    let figures = open(&repo("data/western-balkans.xlsx"));
    let june = load::load_month(&repo("data/western-balkans.xlsx"), &figures, month("2025-06")).unwrap().sheet;
    let rows: Vec<_> =
        figures.months.iter().filter(|r| r.month >= month("2025-01") && r.month <= month("2025-06")).collect();
    let sum = |pick: fn(&factsheet::input::workbook::MonthRow) -> Option<u64>| {
        rows.iter().map(|r| pick(r).unwrap()).sum::<u64>()
    };
    assert_eq!(june.arrivals.estimate, sum(|r| r.arrivals.slot.value()));
    assert_eq!(june.asylum.as_ref().unwrap().intentions, sum(|r| r.intentions.slot.value()));
    assert_eq!(june.asylum.as_ref().unwrap().applications, sum(|r| r.applications.slot.value()));
    assert_eq!(june.present.total, rows[5].present.slot.value().unwrap());
    assert_eq!(june.present.monthly.len(), 12);
    assert_eq!(june.present.monthly[11], june.present.total);
    assert_eq!(june.arrivals.monthly_last_year.len(), 12);
    assert_eq!(june.edition.published, "2025-07-20");
}

/// `map_show` FALSE leaves the map out; blank or missing draws it from the world map.
#[test]
fn a_workbook_can_leave_the_map_out() {
    let dir = TempDir::new("map-show");
    let folder = csv_copy(&dir, "figures");
    assert_eq!(load_month(&folder, "2025-12").sheet.map, None, "the world map, by default");
    edit(&folder, "edition", "compare_last_year,TRUE", "compare_last_year,TRUE\nmap_show,FALSE");
    let sheet = load_month(&folder, "2025-12").sheet;
    assert!(sheet.map.as_ref().is_some_and(|m| !m.show), "{:?}", sheet.map);
    let compiled = render::compile(&sheet, &render::Options::default()).unwrap();
    let text = crate::harness::flat_text(&compiled);
    assert!(text.contains("Bosnia and Herzegovina") && !text.contains("Less than"), "bars, and no map legend: {text}");
    // And back: convert writes the field for a JSON month without a map.
    let out = run(dir.path(), &["convert", "figures", "--month", "2025-12", "-o", "dec.json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = run(dir.path(), &["convert", "dec.json", "-o", "again.xlsx"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let figures = open(&dir.join("again.xlsx"));
    assert!(!figures.map_show);
}

#[test]
fn a_leap_year_february_renders_to_the_29th() {
    let dir = TempDir::new("leap");
    let folder = csv_copy(&dir, "figures");
    edit(&folder, "edition", "compare_last_year,TRUE", "compare_last_year,FALSE");
    let loaded = load_month(&folder, "2024-02");
    assert_eq!(loaded.sheet.arrivals.last_year, 0);
    // The workbook's first months: the presence series goes back as far as it has rows.
    assert_eq!(loaded.sheet.present.monthly.len(), 2);
    assert_eq!(loaded.sheet.arrivals.monthly_last_year, [0, 0]);
    assert_eq!(loaded.warnings, "", "no comparison is not a warning when the workbook says so");
    let text = crate::harness::flat_text(&render::compile(&loaded.sheet, &render::Options::default()).unwrap());
    assert!(text.contains("as of 29 February: 2,063"), "{text}");
    assert!(!text.contains("increase") && !text.contains("decrease"), "no change is stated: {text}");
}

#[test]
fn a_range_renders_one_pdf_per_month_named_after_the_workbook() {
    let dir = TempDir::new("range");
    std::fs::copy(repo("data/western-balkans.xlsx"), dir.join("figures.xlsx")).unwrap();
    let out = run(dir.path(), &["render", "figures.xlsx", "--month", "2025-01..2025-03", "--month", "2025-12"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for m in ["2025-01", "2025-02", "2025-03", "2025-12"] {
        assert!(dir.join(&format!("figures-{m}.pdf")).is_file(), "figures-{m}.pdf");
    }
    assert!(!dir.join("figures-2025-04.pdf").exists());
    let december = std::fs::read(dir.join("figures-2025-12.pdf")).unwrap();
    let sample_pdf = pdf(&load::load(&sample()).unwrap());
    assert!(december == sample_pdf, "the binary's December differs from the sample's PDF");
}

#[test]
fn without_month_an_incomplete_newest_month_is_an_error_at_every_cell() {
    let dir = TempDir::new("newest");
    let folder = csv_copy(&dir, "figures");
    // Rows prepared in advance, holding nothing but their month, are not the newest month.
    for sheet in ["months", "arrivals_by_country", "present_by_country"] {
        let path = folder.join(format!("{sheet}.csv"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}2026-01\n2026-02\n")).unwrap();
    }
    let out = run(dir.path(), &["render", "figures"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.join("figures-2025-12.pdf").is_file());
    std::fs::remove_file(dir.join("figures-2025-12.pdf")).unwrap();
    // January 2026 started: its arrivals are in, the rest not yet. Every command says what
    // it lacks, cell by cell, and nothing is written: never December again.
    edit(&folder, "months", "2026-01\n", "2026-01,,734,,,,,,,\n");
    for command in [
        &["render", "figures"][..],
        &["email", "figures"],
        &["check", "figures"],
        &["model", "figures"],
        &["convert", "figures", "-o", "jan.json"],
    ] {
        let out = run(dir.path(), command);
        assert_eq!(out.status.code(), Some(1), "{command:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        for cell in [
            "B26 (2026-01, published)",
            "F26 (2026-01, intentions)",
            "G26 (2026-01, applications)",
            "H26 (2026-01, present)",
            "J26 (2026-01, uasc)",
        ] {
            assert!(stderr.contains(&format!("months.csv: {cell}: found an empty cell")), "{command:?}: {stderr}");
        }
        assert!(
            stderr.contains("arrivals_by_country.csv: B26 (2026-01, ALB): found an empty cell"),
            "{command:?}: {stderr}"
        );
        assert!(stderr.contains("name an earlier month (--month 2025-12)"), "{command:?}: {stderr}");
        assert!(!stderr.contains("reported above"), "{command:?}: {stderr}");
    }
    let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(written, [std::ffi::OsString::from("figures")], "nothing is written");
    // Named, the earlier month still renders.
    let out = run(dir.path(), &["render", "figures", "--month", "2025-12"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn convert_writes_a_month_as_json_and_a_json_month_as_a_workbook() {
    let dir = TempDir::new("convert");
    let xlsx = repo("data/western-balkans.xlsx");
    let out = run(dir.path(), &["convert", xlsx.to_str().unwrap(), "--month", "2025-01", "-o", "2025-01.json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let january = load::load(&dir.join("2025-01.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(january.sheet, load_month(&xlsx, "2025-01").sheet);
    // Back to a workbook: a January holds every figure, so the workbook renders the same PDF.
    let out = run(dir.path(), &["convert", "2025-01.json", "-o", "january.xlsx"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again = load_month(&dir.join("january.xlsx"), "2025-01");
    assert_eq!(again.sheet, january.sheet);
    assert!(pdf(&again) == pdf(&january));
    // December's JSON holds the year's totals only: the workbook says what to fill in.
    let out = run(dir.path(), &["convert", sample().to_str().unwrap(), "-o", "december.xlsx"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("note: the JSON file holds intentions"));
    let figures = open(&dir.join("december.xlsx"));
    assert_eq!(figures.months.len(), 24);
    let error = load::load_month(&dir.join("december.xlsx"), &figures, month("2025-12")).unwrap_err().to_string();
    assert!(error.contains("december.xlsx: months!F14 (2025-01, intentions): found an empty cell"), "{error}");
}

#[test]
fn a_month_without_last_years_rows_is_refused_naming_them() {
    let error = load::load_month(
        &repo("data/western-balkans.xlsx"),
        &open(&repo("data/western-balkans.xlsx")),
        month("2024-03"),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("found no row for 2023-01, 2023-02 and 2023-03"), "{error}");
}

/// Mistakes in each sheet, made in a copy of the CSV workbook: (name, sheet, from, to).
const BROKEN: &[(&str, &str, &str, &str)] = &[
    ("text-in-a-figure", "months", "2025-12,2026-01-20,838,", "2025-12,2026-01-20,\"1,234\","),
    ("fraction", "months", "2025-11,2025-12-20,987,", "2025-11,2025-12-20,987.5,"),
    ("blank-figure", "months", "2025-06,2025-07-20,1064,", "2025-06,2025-07-20,,"),
    ("duplicate-month", "months", "2025-04,", "2025-03,"),
    ("gap-in-the-period", "months", "2025-07,2025-08-20,1188,,FALSE,1417,84,2986,TRUE,173\n", ""),
    ("bad-month", "months", "2025-02,", "Feb 2025,"),
    ("bad-flag", "months", "2025-12,2026-01-20,838,,FALSE", "2025-12,2026-01-20,838,,maybe"),
    ("unknown-column", "months", "uasc\n", "uasc,notes\n"),
    ("missing-column", "months", ",present,", ","),
    ("unknown-field", "edition", "region,", "regoin,"),
    ("unknown-country-column", "arrivals_by_country", "SRB\n", "SRB,HRV\n"),
    ("country-without-column", "present_by_country", ",SRB\n", "\n"),
    ("children-more-than-present", "months", "2289,TRUE,134", "2289,TRUE,3000"),
    ("present-countries-disagree", "present_by_country", "2025-12,168,", "2025-12,169,"),
    ("empty-country-name", "countries", "ALB,Albania,", "ALB,,"),
    ("link-without-label", "footnotes", ",Operational Data Portal,", ",,"),
    ("nationality-count-in-words", "nationalities", "2025-12,Iraq,IRQ,97", "2025-12,Iraq,IRQ,ninety-seven"),
    ("nationality-twice", "nationalities", "2025-12,Morocco,", "2025-12,Afghanistan,"),
];

#[test]
fn workbook_mistakes_are_reported_at_their_cells() {
    let dir = TempDir::new("broken-workbooks");
    for (name, sheet, from, to) in BROKEN {
        let folder = csv_copy(&dir, name);
        edit(&folder, sheet, from, to);
        let report = match load::open_workbook(&folder, Kind::Csv) {
            Err(e) => e.to_string(),
            Ok(figures) => load::load_month(&folder, &figures, month("2025-12"))
                .map(|_| String::new())
                .unwrap_or_else(|e| e.to_string()),
        };
        assert!(!report.is_empty(), "{name} was not refused");
        let shown = report.replace(&dir.path().display().to_string(), "$DIR");
        insta::with_settings!({ snapshot_suffix => "" }, {
            insta::assert_snapshot!(format!("workbook-{name}"), shown);
        });
    }
}

/// In an `.xlsx` file a figure typed with a separator is text, not a number: the hint says so.
#[test]
fn text_that_looks_like_a_number_in_an_xlsx_cell_is_explained() {
    use factsheet::output::workbook::{Out, from_figures, xlsx};
    let dir = TempDir::new("xlsx-text");
    let mut sheets = from_figures(&open(&repo("tests/fixtures/workbook/western-balkans")));
    let months = sheets.iter_mut().find(|s| s.name == "months").unwrap();
    months.rows[23][2] = Out::Text("1,234".into());
    months.rows[22][9] = Out::Text("".into());
    let path = dir.join("figures.xlsx");
    std::fs::write(&path, xlsx(&sheets).unwrap()).unwrap();
    let error = load::open_workbook(&path, Kind::Xlsx).map(|_| ()).unwrap_err().to_string();
    let shown = error.replace(&dir.path().display().to_string(), "$DIR");
    insta::assert_snapshot!("workbook-xlsx-text-figure", shown);
}

/// January 2026 typed into the shipped workbook in LibreOffice (cell by cell, as text it
/// parses: its date cells came out as plain numbers, 46072 for 2026-02-19) and saved by it:
/// the latest complete month, compared with January 2025.
#[test]
fn a_month_typed_in_libreoffice_is_the_latest() {
    let path = repo("tests/fixtures/workbook/next-month-typed-in-libreoffice.xlsx");
    let figures = open(&path);
    assert_eq!(factsheet::input::month::newest(&figures).unwrap(), month("2026-01"));
    let sheet = load::load_month(&path, &figures, month("2026-01")).unwrap_or_else(|e| panic!("{e}")).sheet;
    assert_eq!((sheet.arrivals.estimate, sheet.arrivals.last_year), (701, 812));
    assert_eq!(sheet.edition.published, "2026-02-19");
    assert_eq!(sheet.present.by_nationality.len(), 7);
    let text = crate::harness::flat_text(&render::compile(&sheet, &render::Options::default()).unwrap());
    assert!(text.contains("14% decrease"), "{text}");
}

/// Found by a hostile tester: 50,000 countries with a column each took minutes (every column
/// was looked up in lists). The sheets' sizes are bounded before anything is matched.
#[test]
fn fifty_thousand_countries_are_refused_at_once() {
    let dir = TempDir::new("wide");
    let folder = csv_copy(&dir, "wide");
    let codes: Vec<String> = (0..50_000).map(|i| format!("C{i:05}")).collect();
    let countries: String = codes.iter().map(|c| format!("{c},Name {c},\n")).collect();
    std::fs::write(folder.join("countries.csv"), format!("code,name,mark\n{countries}")).unwrap();
    let ones = vec!["1"; codes.len()].join(",");
    std::fs::write(folder.join("arrivals_by_country.csv"), format!("month,{}\n2025-12,{ones}\n", codes.join(",")))
        .unwrap();
    let error = load::open_workbook(&folder, Kind::Csv).map(|_| ()).unwrap_err().to_string();
    assert!(error.contains("found 50000 countries, more than the 12"), "{error}");
    assert!(error.contains("found 50001 columns, more than the 64"), "{error}");
}

/// Found by a hostile tester: a row number past 2³² made the reader panic (and, built without
/// overflow checks, would have put the value in another cell).
#[test]
fn a_cell_address_past_two_to_the_32_is_refused_not_a_crash() {
    let dir = TempDir::new("far-row");
    let path = with_part(&dir, &repo("data/western-balkans.xlsx"), "xl/worksheets/sheet4.xml", |xml| {
        xml.replacen("r=\"A25\"", "r=\"A4294967297\"", 1)
    });
    let out = run(dir.path(), &["check", path.to_str().unwrap(), "--month", "2025-12"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("holds a cell address or size no spreadsheet program writes"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Texts from the file are printed with control characters escaped: an escape sequence in a
/// header cell cannot rewrite the terminal.
#[test]
fn control_characters_in_names_are_escaped_in_messages() {
    let dir = TempDir::new("escape");
    let folder = csv_copy(&dir, "figures");
    edit(&folder, "months", "uasc\n", "uasc,\u{1b}[2Knotes\n");
    let error = load::open_workbook(&folder, Kind::Csv).map(|_| ()).unwrap_err().to_string();
    assert!(error.contains("found a column `\\u{001B}[2Knotes`"), "{error}");
    assert!(!error.contains('\u{1b}'), "{error}");
}

/// Without --month, an incomplete newest month is an error with the hint to name an earlier
/// one; two workbooks whose results would have the same name are refused; --month is for
/// workbooks.
#[test]
fn what_a_run_without_month_refuses() {
    let dir = TempDir::new("skips");
    let folder = csv_copy(&dir, "wb");
    edit(&folder, "months", "2025-12,2026-01-20,838,,FALSE,999,", "2025-12,2026-01-20,838,,FALSE,,");
    let out = run(dir.path(), &["render", "wb"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("wb/months.csv: F25 (2025-12, intentions): found an empty cell"), "{stderr}");
    assert!(stderr.contains("name an earlier month (--month 2025-11)"), "{stderr}");
    assert!(!dir.join("wb-2025-11.pdf").exists() && !dir.join("wb-2025-12.pdf").exists());
    std::fs::copy(repo("data/western-balkans.xlsx"), dir.join("wb.xlsx")).unwrap();
    let out = run(dir.path(), &["render", "wb.xlsx", "wb", "--month", "2025-06"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("would both be written to wb-2025-06.pdf"));
    assert!(!dir.join("wb-2025-06.pdf").exists());
    let out = run(dir.path(), &["render", sample().to_str().unwrap(), "--month", "2025-12"]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::write(dir.join("old.xls"), b"\xd0\xcf\x11\xe0").unwrap();
    let out = run(dir.path(), &["check", "old.xls"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("save it as .xlsx or .ods"));
}

/// Found by a hostile tester: while a folder's sheets were being saved one after another, a
/// render mixed two versions (the estimate from the new, a country from the old). A folder is
/// read only once it has been left alone for a moment: every month read is one version or the
/// other, never the moment between the two sheets' saves.
#[test]
fn a_csv_folder_saved_while_it_is_read_is_never_mixed() {
    let dir = TempDir::new("csv-race");
    let folder = csv_copy(&dir, "figures");
    let read = |sheet: &str| std::fs::read_to_string(folder.join(format!("{sheet}.csv"))).unwrap();
    let (months, by_country) = (read("months"), read("arrivals_by_country"));
    // Version B: December's arrivals 10 more, in both sheets.
    let months_b = months.replacen("2025-12,2026-01-20,838,", "2025-12,2026-01-20,848,", 1);
    let by_country_b = by_country.replacen("2025-12,228,", "2025-12,238,", 1);
    let saving = std::sync::atomic::AtomicBool::new(true);
    let (mut read_a, mut read_b) = (0, 0);
    std::thread::scope(|scope| {
        // Eight saves, each of the two sheets 20 ms apart, then the folder left alone for
        // 500 ms; the thread ends by itself.
        scope.spawn(|| {
            for save in 0..8 {
                let (m, c) = if save % 2 == 0 { (&months_b, &by_country_b) } else { (&months, &by_country) };
                // Each sheet saved whole, as spreadsheet programs save (a new file renamed over
                // the old): what is tested is the moment between two sheets' saves.
                let save = |sheet: &str, text: &str| {
                    let staged = dir.join(&format!("{sheet}.saving"));
                    std::fs::write(&staged, text).unwrap();
                    std::fs::rename(&staged, folder.join(format!("{sheet}.csv"))).unwrap();
                };
                save("months", m);
                std::thread::sleep(std::time::Duration::from_millis(20));
                save("arrivals_by_country", c);
                std::thread::sleep(std::time::Duration::from_millis(500));
            }
            saving.store(false, std::sync::atomic::Ordering::Relaxed);
        });
        while saving.load(std::sync::atomic::Ordering::Relaxed) {
            let Ok(figures) = load::read_workbook(&folder, Kind::Csv) else { continue };
            let loaded = load::load_month(&folder, &figures, month("2025-12")).unwrap_or_else(|e| panic!("{e}"));
            match (loaded.sheet.arrivals.estimate, loaded.sheet.arrivals.by_country["ALB"]) {
                (11_814, 3_215) => read_a += 1,
                (11_824, 3_225) => read_b += 1,
                (estimate, albania) => panic!("a mixed read: estimate {estimate}, Albania {albania}"),
            }
        }
    });
    assert!(read_a + read_b > 0, "the folder was never read");
}
