//! One readable snapshot per month under `data/` and `tests/fixtures/months/`: the pages' sizes
//! and their text with rounded positions, so a reviewer sees what a change does to the output.

use crate::harness::compile;

#[test]
fn sample_months_render_as_snapshotted() {
    insta::glob!("../data", "*.json", |path| {
        insta::assert_snapshot!(factsheet::inspect::describe(&compile(path).document));
    });
}

#[test]
fn fixture_months_render_as_snapshotted() {
    insta::glob!("fixtures/months", "*.json", |path| {
        insta::assert_snapshot!(factsheet::inspect::describe(&compile(path).document));
    });
}
