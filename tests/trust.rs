//! A month you can trust: January 2026 typed into a workbook by LibreOffice with an officer's
//! mistakes (tests/fixtures/workbook/mistakes, written by tools/libreoffice-mistakes.py), each
//! named at its cell by the default command, whatever the command, and nothing written;
//! implausible figures warned of, and made errors by --strict; data files written for earlier
//! versions still rendering with the same figures.

use std::path::{Path, PathBuf};

use factsheet::input::load;
use factsheet::typeset::render;

use crate::harness::{TempDir, csv_copy, repo, run, sample};

/// The workbooks of mistakes: each a copy of the LibreOffice workbook with January 2026.
const MISTAKES: [&str; 7] =
    ["text-figure", "blank-figure", "date-day-first", "ten-times", "percentage", "country-code", "all-at-once"];

fn mistake(name: &str) -> PathBuf {
    repo(&format!("tests/fixtures/workbook/mistakes/{name}.xlsx"))
}

/// A run's standard error with the folders that differ between machines taken out.
fn shown(stderr: &[u8], dir: &Path) -> String {
    let text = String::from_utf8_lossy(stderr).replace(&dir.display().to_string(), "$DIR");
    // Durations differ from run to run.
    text.lines()
        .map(|l| if l.starts_with("wrote ") { l.split(" in ").next().unwrap_or(l).to_owned() } else { l.to_owned() })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The default `render` (no --month) on each workbook of mistakes: every mistake at its cell,
/// as a snapshot; an error writes nothing, a warning is printed and the PDF written.
#[test]
fn each_mistake_is_named_at_its_cell_by_the_default_render() {
    for name in MISTAKES {
        let dir = TempDir::new(&format!("mistake-{name}"));
        std::fs::copy(mistake(name), dir.join("figures.xlsx")).unwrap();
        let out = run(dir.path(), &["render", "figures.xlsx"]);
        let stderr = shown(&out.stderr, dir.path());
        let warned_only = matches!(name, "date-day-first" | "ten-times");
        assert_eq!(out.status.success(), warned_only, "{name}: {stderr}");
        assert_eq!(dir.join("figures-2026-01.pdf").exists(), warned_only, "{name}");
        assert!(!dir.join("figures-2025-12.pdf").exists(), "{name}: an earlier month was rendered instead");
        assert!(!stderr.contains("above"), "{name}: {stderr}");
        insta::with_settings!({ snapshot_suffix => "" }, {
            insta::assert_snapshot!(format!("mistake-{name}"), stderr);
        });
    }
}

/// Found by a new user: only `check` and `--month` showed the cell; `render`, `email` and
/// `watch` said the problems were "reported above", where nothing was.
#[test]
fn every_command_shows_every_mistake_of_the_newest_month() {
    let dir = TempDir::new("every-command");
    std::fs::copy(mistake("all-at-once"), dir.join("figures.xlsx")).unwrap();
    let commands: [&[&str]; 6] = [
        &["render", "figures.xlsx"],
        &["email", "figures.xlsx"],
        &["check", "figures.xlsx"],
        &["model", "figures.xlsx"],
        &["convert", "figures.xlsx", "-o", "january.json"],
        &["render", "figures.xlsx", "--month", "2026-01", "--lang", "en,fr"],
    ];
    for command in commands {
        let out = run(dir.path(), command);
        assert_eq!(out.status.code(), Some(1), "{command:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        for cell in [
            "months!C26 (2026-01, arrivals)",
            "months!H26 (2026-01, present)",
            "months!J26 (2026-01, uasc)",
            "months!B26 (2026-01, published)",
            "months!F26 (2026-01, intentions)",
        ] {
            assert!(stderr.contains(cell), "{command:?} does not name {cell}: {stderr}");
        }
        assert!(!stderr.contains("reported above"), "{command:?}: {stderr}");
    }
    let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(written, [std::ffi::OsString::from("figures.xlsx")], "nothing is written");
}

/// `check` without --month checks the newest month and says which it checked.
#[test]
fn check_says_which_month_it_checked() {
    let out = run(&repo(""), &["check", "tests/fixtures/workbook/next-month-typed-in-libreoffice.xlsx"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("next-month-typed-in-libreoffice.xlsx (2026-01): ok"));
}

/// In a run of several months, the problems of the workbook's sheets are shown with the first
/// month; the others say where. A mistake in a month's row stops only the months that use it:
/// January's row being typed does not stop December.
#[test]
fn a_range_shows_the_workbooks_problems_once_and_says_where() {
    let dir = TempDir::new("range-mistakes");
    std::fs::copy(mistake("text-figure"), dir.join("figures.xlsx")).unwrap();
    let out = run(dir.path(), &["render", "figures.xlsx", "--month", "2025-12..2026-01"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(dir.join("figures-2025-12.pdf").is_file(), "{stderr}");
    assert!(!dir.join("figures-2026-01.pdf").exists(), "{stderr}");
    assert_eq!(stderr.matches("months!C26 (2026-01, arrivals): found \"701 persons\" (text)").count(), 1, "{stderr}");
    // A problem of a sheet, not of a month's row: shown once.
    let copy = csv_copy(&dir, "csv");
    let edition = std::fs::read_to_string(copy.join("edition.csv")).unwrap().replacen("region,", "regoin,", 1);
    std::fs::write(copy.join("edition.csv"), edition).unwrap();
    let out = run(dir.path(), &["check", "csv", "--month", "2025-11..2025-12"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("found the field `regoin`").count(), 1, "{stderr}");
    let first = stderr.find("found the field `regoin`").unwrap();
    let pointer = stderr
        .find("error: csv (2025-12): not rendered: the workbook's sheets have 2 errors, reported with csv (2025-11)")
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(first < pointer, "{stderr}");
}

/// `--strict` makes warnings errors, for render, check and email; without it they are printed
/// and the render goes on.
#[test]
fn strict_makes_warnings_errors() {
    let dir = TempDir::new("strict");
    std::fs::copy(mistake("ten-times"), dir.join("figures.xlsx")).unwrap();
    for command in [
        &["render", "figures.xlsx", "--strict"][..],
        &["check", "figures.xlsx", "--strict"],
        &["email", "figures.xlsx", "--strict"],
    ] {
        let out = run(dir.path(), command);
        assert_eq!(out.status.code(), Some(1), "{command:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("warning: figures.xlsx: months!C26 (2026-01, arrivals): found 7,010 arrivals"),
            "{command:?}: {stderr}"
        );
        assert!(stderr.contains("and --strict makes warnings errors"), "{command:?}: {stderr}");
    }
    let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(written, [std::ffi::OsString::from("figures.xlsx")], "nothing is written with --strict");
    let out = run(dir.path(), &["render", "figures.xlsx"]);
    assert!(out.status.success());
    assert!(dir.join("figures-2026-01.pdf").is_file());
    // The month as it should be passes --strict.
    let out = run(&repo(""), &["check", "tests/fixtures/workbook/next-month-typed-in-libreoffice.xlsx", "--strict"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The plausibility of a month's JSON file, from the series it holds: a January typed ten
/// times too large is far from last January and from last year's median.
#[test]
fn a_json_month_is_checked_against_its_own_series() {
    let dir = TempDir::new("json-plausible");
    let out = run(
        dir.path(),
        &[
            "convert",
            repo("tests/fixtures/workbook/next-month-typed-in-libreoffice.xlsx").to_str().unwrap(),
            "--month",
            "2026-01",
            "-o",
            "2026-01.json",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json = std::fs::read_to_string(dir.join("2026-01.json")).unwrap();
    assert!(load::load(&dir.join("2026-01.json")).unwrap().warnings.is_empty());
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["arrivals"]["monthly"] = serde_json::json!([7010]);
    value["arrivals"]["estimate"] = serde_json::json!(7010);
    std::fs::write(dir.join("2026-01.json"), serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let loaded = load::load(&dir.join("2026-01.json")).unwrap_or_else(|e| panic!("{e}"));
    let warnings = loaded.warnings.replace(&dir.path().display().to_string(), "$DIR");
    insta::assert_snapshot!("json-month-ten-times", warnings);
}

/// The sample's month as each earlier version wrote it (data/2025-12.json in the history):
/// every one renders the same pages as today's file. The geometry they name, which the
/// program no longer carries, is read as the world map, with a note.
#[test]
fn data_files_of_earlier_versions_render_the_same_figures() {
    let today = load::load(&sample()).unwrap();
    let pages = |sheet: &factsheet::input::model::Factsheet| {
        crate::harness::flat_text(&render::compile(sheet, &render::Options::default()).unwrap())
    };
    let expected = pages(&today.sheet);
    let mut versions: Vec<PathBuf> =
        std::fs::read_dir(repo("tests/fixtures/formats")).unwrap().map(|e| e.unwrap().path()).collect();
    versions.sort();
    assert_eq!(versions.len(), 4);
    for path in versions {
        let old = load::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(old.warning_count, 0, "{}: {}", path.display(), old.warnings);
        let names_geometry = std::fs::read_to_string(&path).unwrap().contains("maps/western-balkans.json");
        assert_eq!(old.warnings.contains("the field can go"), names_geometry, "{}", path.display());
        let arrivals = |s: &factsheet::input::model::Factsheet| {
            let a = &s.arrivals;
            (a.estimate, a.last_year, a.monthly.clone(), a.monthly_last_year.clone(), a.by_country.clone())
        };
        assert_eq!(arrivals(&old.sheet), arrivals(&today.sheet), "{}", path.display());
        assert_eq!(
            old.sheet.asylum.as_ref().map(|a| (a.intentions, a.applications)),
            today.sheet.asylum.as_ref().map(|a| (a.intentions, a.applications))
        );
        assert_eq!(old.sheet.present.by_country, today.sheet.present.by_country);
        assert_eq!(old.sheet.present.monthly, today.sheet.present.monthly);
        let counts = |s: &factsheet::input::model::Factsheet| {
            s.present.by_nationality.iter().map(|n| n.count).collect::<Vec<_>>()
        };
        assert_eq!(counts(&old.sheet), counts(&today.sheet));
        assert_eq!(pages(&old.sheet), expected, "{} renders other pages", path.display());
    }
}

/// A code in `countries` that is no ISO 3166-1 code is told once, at the code, with the
/// nearest real one; the figures given under the real code are not each told "did you mean".
#[test]
fn a_country_code_that_is_no_iso_code_is_told_once_at_the_code() {
    let text = std::fs::read_to_string(sample()).unwrap();
    let text = text.replacen("\"code\": \"MKD\"", "\"code\": \"MKK\"", 1);
    assert!(text.contains("\"MKK\""));
    let error = load::parse(Path::new("2025-12.json"), &text).unwrap_err().to_string();
    assert_eq!(error.matches("error: ").count(), 1, "{error}");
    assert!(error.contains("found `MKK`, which is not an ISO 3166-1 alpha-3 code"), "{error}");
    assert!(error.contains("did you mean MKD, North Macedonia?"), "{error}");
}

/// Found by a hostile tester: a month begun in one sheet only (its nationalities typed first)
/// was told only that `months` lacks its row; every sheet's gap is named in the same run.
#[test]
fn a_month_begun_in_one_sheet_is_told_every_sheet_it_lacks() {
    let dir = TempDir::new("begun");
    let folder = csv_copy(&dir, "figures");
    let path = folder.join("nationalities.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}2026-01,Afghanistan,AFG,500\n")).unwrap();
    let out = run(dir.path(), &["render", "figures"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for sheet in ["months.csv", "arrivals_by_country.csv", "present_by_country.csv"] {
        assert!(stderr.contains(&format!("figures/{sheet}: found no row for 2026-01")), "{sheet}: {stderr}");
    }
    assert!(!dir.join("figures-2025-12.pdf").exists());
}

/// A result of an earlier run, left in place by a run that failed, is said to be that run's;
/// rows of a later month that hold no figure yet are said when an earlier month is rendered.
#[test]
fn what_is_left_from_before_and_what_is_not_yet_are_said() {
    let dir = TempDir::new("left");
    std::fs::copy(repo("tests/fixtures/workbook/next-month-typed-in-libreoffice.xlsx"), dir.join("figures.xlsx"))
        .unwrap();
    let out = run(dir.path(), &["render", "figures.xlsx"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    std::fs::copy(mistake("blank-figure"), dir.join("figures.xlsx")).unwrap();
    let out = run(dir.path(), &["render", "figures.xlsx"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("note: figures-2026-01.pdf was left as it was: it is an earlier run's, not this data's"),
        "{stderr}"
    );
    // The shipped workbook with January's rows begun, no figure typed yet.
    let folder = csv_copy(&dir, "csv");
    let path = folder.join("months.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}2026-01,,,,FALSE,,,,TRUE,\n")).unwrap();
    let out = run(dir.path(), &["check", "csv"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "note: csv: rendering 2025-12, the newest month with any figure; the rows of 2026-01 hold no figure yet"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("csv (2025-12): ok"), "{stderr}");
}
