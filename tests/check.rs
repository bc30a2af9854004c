//! Checking data files: every broken fixture fails with its snapshotted message and writes no
//! PDF; every single-field mistake in the sample is refused with the field named; the schema
//! beside the sample is the one the binary prints.

use std::path::Path;

use serde_json::Value;

use factsheet::input::load;

use crate::harness::{TempDir, leaves, object_paths, repo, run, sample_value, set};

/// A fixture's path as messages show it: relative to the repository.
fn relative(path: &Path) -> &Path {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path)
}

#[test]
fn broken_fixtures_fail_with_their_snapshotted_message() {
    insta::glob!("fixtures/broken", "*.json", |path| {
        let error = load::load(relative(path)).expect_err("a broken fixture must not load");
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("broken");
        // Named by the fixture alone; glob's own suffix would repeat it.
        insta::with_settings!({ snapshot_suffix => "" }, {
            insta::assert_snapshot!(format!("broken-{stem}"), error.to_string());
        });
    });
}

#[test]
fn fixture_months_check_with_their_snapshotted_warnings() {
    insta::glob!("fixtures/months", "*.json", |path| {
        let loaded = load::load(relative(path)).unwrap_or_else(|e| panic!("{e}"));
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("month");
        insta::with_settings!({ snapshot_suffix => "" }, {
            insta::assert_snapshot!(format!("warnings-{stem}"), loaded.warnings);
        });
    });
}

#[test]
fn broken_fixtures_exit_non_zero_and_write_no_pdf() {
    let dir = TempDir::new("broken-cli");
    let mut fixtures: Vec<_> =
        std::fs::read_dir(repo("tests/fixtures/broken")).unwrap().map(|entry| entry.unwrap().path()).collect();
    fixtures.sort();
    assert!(fixtures.len() >= 20, "at least twenty broken fixtures");
    for fixture in &fixtures {
        let out = dir.join("out.pdf");
        let render = run(dir.path(), &["render", fixture.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert_eq!(render.status.code(), Some(1), "{}", fixture.display());
        assert!(!out.exists(), "{} wrote a PDF", fixture.display());
        let check = run(dir.path(), &["check", fixture.to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(1), "{}", fixture.display());
        assert_eq!(check.stderr, render.stderr, "check and render report alike");
    }
}

#[test]
fn the_sample_checks_clean() {
    let result = run(&repo(""), &["check", "data/2025-12.json"]);
    assert!(result.status.success());
    assert_eq!(String::from_utf8_lossy(&result.stderr), "data/2025-12.json: ok\n");
}

fn refused_naming(text: &str, field: &str, what: &str) {
    match load::parse(Path::new("sample.json"), text) {
        Ok(_) => panic!("{what} at {field} was accepted"),
        Err(e) => {
            let message = e.to_string();
            assert!(message.contains(&format!("error: {field}")), "{what} at {field}:\n{message}");
        }
    }
}

#[test]
fn every_single_field_mistake_in_the_sample_is_refused_with_the_field_named() {
    let sample = sample_value();
    let fields = leaves(&sample);
    assert!(fields.len() > 100, "the walk reaches every field");
    for (field, value) in &fields {
        let wrong_type = match value {
            Value::String(_) => Value::from(5),
            Value::Number(_) => Value::from("5"),
            Value::Bool(_) => Value::from("yes"),
            _ => Value::from(true),
        };
        let mut data = sample.clone();
        set(&mut data, field, wrong_type);
        refused_naming(&data.to_string(), field, "a wrong type");
        if value.is_u64() {
            let mut data = sample.clone();
            set(&mut data, field, Value::from(-1));
            refused_naming(&data.to_string(), field, "a negative count");
        }
    }
    // An unknown key in every object; in the per-country maps an unknown code is caught.
    for object in object_paths(&sample) {
        let mut data = sample.clone();
        let field = if object.is_empty() { "zz_unknown".to_owned() } else { format!("{object}.zz_unknown") };
        set(&mut data, &field, Value::from(1));
        refused_naming(&data.to_string(), &field, "an unknown key");
    }
}

#[test]
fn the_schema_file_is_the_one_the_binary_prints() {
    let result = run(&repo(""), &["schema"]);
    assert!(result.status.success());
    let committed = std::fs::read_to_string(repo("factsheet.schema.json")).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&result.stdout),
        committed,
        "factsheet.schema.json is stale: run `cargo run -- schema > factsheet.schema.json`"
    );
}

#[test]
fn a_file_named_for_another_month_warns_which() {
    let dir = TempDir::new("named-month");
    std::fs::copy(repo("data/2025-12.json"), dir.join("2026-01.json")).unwrap();
    let out = run(dir.path(), &["check", "2026-01.json"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("named-for-another-month", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_year_left_at_last_years_is_named_in_the_report() {
    let dir = TempDir::new("last-years-year");
    // January from the workbook, published a year late: last year's January file copied for this one.
    let convert = run(
        dir.path(),
        &["convert", repo("data/western-balkans.xlsx").to_str().unwrap(), "--month", "2025-01", "-o", "january.json"],
    );
    assert_eq!(convert.status.code(), Some(0), "{}", String::from_utf8_lossy(&convert.stderr));
    let text = std::fs::read_to_string(dir.join("january.json"))
        .unwrap()
        .replace("\"published\": \"2025-02-20\"", "\"published\": \"2026-02-20\"");
    std::fs::write(dir.join("january.json"), text).unwrap();
    let out = run(dir.path(), &["check", "january.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    insta::assert_snapshot!("year-left-at-last-years", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn watch_says_it_takes_one_data_file() {
    let help = String::from_utf8_lossy(&run(Path::new("."), &["watch", "--help"]).stdout).into_owned();
    assert!(help.contains("Takes one DATA"), "{help}");
}

/// A boundary to dash between countries the world map does not have is an error at its pair,
/// found by `check` as by `render`.
#[test]
fn a_dashed_boundary_of_an_unknown_country_is_named() {
    let dir = TempDir::new("dashed-unknown");
    let mut value = crate::harness::sample_value();
    value["map"] = serde_json::json!({ "dashed": [["SDN", "SSD"], ["AAA", "SRB"]] });
    value.as_object_mut().unwrap().remove("$schema");
    std::fs::write(dir.join("month.json"), serde_json::to_vec(&value).unwrap()).unwrap();
    let out = run(dir.path(), &["check", "month.json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains(
            "map.dashed[1]: the boundary between `AAA` and `SRB` names a country the world map does not have"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("map.dashed[0]"), "{stderr}");
}
