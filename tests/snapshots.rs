//! One readable snapshot per month under `data/` and `tests/fixtures/months/`: the pages' sizes
//! and their text with rounded positions, so a reviewer sees what a change does to the output.

use std::path::Path;

use crate::harness::{compile, compile_in};

fn snapshot_month(path: &Path) {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("month");
    // Named by the data file alone, however many files the glob matches.
    insta::with_settings!({ snapshot_suffix => "" }, {
        insta::assert_snapshot!(format!("month-{stem}"), factsheet::output::inspect::describe(&compile(path).document));
    });
}

fn snapshot_french(path: &Path) {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("month");
    insta::with_settings!({ snapshot_suffix => "" }, {
        insta::assert_snapshot!(format!("month-{stem}.fr"), factsheet::output::inspect::describe(&compile_in(path, "fr").document));
    });
}

#[test]
fn sample_months_render_as_snapshotted() {
    insta::glob!("../data", "*.json", snapshot_month);
}

#[test]
fn fixture_months_render_as_snapshotted() {
    insta::glob!("fixtures/months", "*.json", snapshot_month);
}

#[test]
fn every_month_renders_in_french_as_snapshotted() {
    insta::glob!("../data", "*.json", snapshot_french);
    insta::glob!("fixtures/months", "*.json", snapshot_french);
}
