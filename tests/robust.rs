//! Bad input of every kind: each gives a non-zero exit and an error naming the file and the
//! field, never a panic and never a PDF, and a PDF already at the output path stays as it was.
//! Layout folders are a sandbox.

use std::path::Path;

use serde_json::Value;

use crate::harness::{TempDir, at_path, layouts_with, leaves, object_paths, repo, run, sample, sample_value, set};

/// The bytes of "the last good PDF" that a failed run must leave alone.
const GOOD: &[u8] = b"%PDF-1.7 last month's good factsheet";

/// Renders `data` (written to the temp folder) over an existing PDF and checks the failure.
fn refused(dir: &TempDir, data: &[u8], field: &str, what: &str) {
    let input = dir.join("month.json");
    let output = dir.join("month.pdf");
    std::fs::write(&input, data).unwrap();
    std::fs::write(&output, GOOD).unwrap();
    let result = run(dir.path(), &["render", "month.json", "-o", "month.pdf"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{what} at {field}: exit {:?}\n{stderr}", result.status.code());
    assert!(stderr.contains("month.json"), "{what} at {field}: the file is not named\n{stderr}");
    assert!(stderr.contains(field), "{what} at {field}: the field is not named\n{stderr}");
    assert!(!stderr.contains("panicked"), "{what} at {field}: panic\n{stderr}");
    assert_eq!(std::fs::read(&output).unwrap(), GOOD, "{what} at {field}: the existing PDF changed");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "{what} at {field}: files left behind: {leftovers:?}");
}

/// Fields that are never printed or checked, where any text is accepted.
fn unchecked(field: &str) -> bool {
    field.starts_with("$schema") || field.starts_with("illustrative")
}

/// Applies `mutate` to every leaf it returns a value for, and checks each run is refused.
fn each_leaf(name: &str, mutate: impl Fn(&str, &Value) -> Option<Value>) {
    let dir = TempDir::new(name);
    let sample = sample_value();
    let fields = leaves(&sample);
    let mut tried = 0;
    for (field, value) in &fields {
        if let Some(new) = mutate(field, value) {
            let mut data = sample.clone();
            set(&mut data, field, new);
            refused(&dir, data.to_string().as_bytes(), field, name);
            tried += 1;
        }
    }
    assert!(tried > 10, "{name}: only {tried} fields tried");
}

#[test]
fn every_field_with_a_wrong_type() {
    each_leaf("wrong-type", |_, value| {
        Some(match value {
            Value::String(_) => Value::from(7),
            Value::Number(_) => Value::from("7"),
            _ => Value::from("yes"),
        })
    });
}

#[test]
fn every_count_negative_or_absurd() {
    each_leaf("negative", |_, value| value.is_u64().then(|| Value::from(-1)));
    each_leaf("absurd", |_, value| value.is_u64().then(|| Value::from(1e18)));
}

#[test]
fn every_text_empty_or_ten_kilobytes() {
    let marks = |field: &str| field.ends_with("mark");
    each_leaf("empty", |field, value| {
        (value.is_string() && !unchecked(field) && !marks(field)).then(|| Value::from(""))
    });
    each_leaf("10kB", |field, value| (value.is_string() && !unchecked(field)).then(|| Value::from("x".repeat(10_240))));
}

#[test]
fn every_required_field_missing_and_an_unknown_field_in_every_object() {
    let dir = TempDir::new("missing");
    let sample = sample_value();
    // Fields the format makes optional: leaving them out is a valid month.
    // The sample renders in English: its French texts may go, as may a nationality's code.
    let optional = [
        "$schema",
        "illustrative",
        "mark",
        "ratio_mark",
        "estimate_rounded",
        "total_rounded",
        "link",
        "url",
        "map",
        "asylum",
        "uasc",
        "by_nationality",
        "fr",
    ];
    for object in object_paths(&sample) {
        let field = format!("{object}.zz_unknown").trim_start_matches('.').to_owned();
        let mut data = sample.clone();
        set(&mut data, &field, Value::from(1));
        refused(&dir, data.to_string().as_bytes(), &field, "an unknown field");

        let mut probe = sample.clone();
        let keys: Vec<String> =
            at_path(&mut probe, &object).as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
        // Per-country maps are keyed by code: a missing code is the mistake to name.
        let nationality = object.starts_with("present.by_nationality");
        // A name without its English falls back to the CLDR's name for the code.
        let name = object.ends_with(".name");
        let skipped = |k: &str| optional.contains(&k) || (nationality && k == "code") || (name && k == "en");
        for key in keys.iter().filter(|k| !skipped(k.as_str())) {
            let mut data = sample.clone();
            at_path(&mut data, &object).as_object_mut().unwrap().remove(key);
            // A text without its English, the language rendered, is named by its field.
            let field = if object.is_empty() {
                key.clone()
            } else if key == "en" {
                object.clone()
            } else {
                format!("{object}.{key}")
            };
            refused(&dir, data.to_string().as_bytes(), &field, "a missing field");
        }
    }
}

#[test]
fn broken_files_of_every_kind() {
    let dir = TempDir::new("files");
    let text = std::fs::read_to_string(sample()).unwrap();
    refused(&dir, b"{ \"edition\": ", "not valid JSON", "truncated JSON");
    refused(&dir, &[0xff, 0xfe, b'{', b'}'], "UTF-8", "invalid UTF-8");
    refused(&dir, b"", "not valid JSON", "an empty file");
    let mut data = sample_value();
    let many: Vec<Value> =
        (0..10_000).map(|i| serde_json::json!({ "name": format!("Nationality {i}"), "count": 0 })).collect();
    set(&mut data, "present.by_nationality", Value::Array(many));
    refused(&dir, data.to_string().as_bytes(), "present.by_nationality", "ten thousand nationalities");
    let huge = format!("{}{}", " ".repeat(50 * 1024 * 1024), text);
    refused(&dir, huge.as_bytes(), "bytes", "a 50 MB file");
}

#[test]
fn a_folder_or_a_missing_file_is_refused() {
    let dir = TempDir::new("paths");
    std::fs::create_dir(dir.join("folder.json")).unwrap();
    for (name, expect) in [("folder.json", "is a folder"), ("missing.json", "cannot read it")] {
        let result = run(dir.path(), &["render", name]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(name) && stderr.contains(expect), "{stderr}");
    }
}

/// The fixtures at the limits render to two pages (their snapshots are in `snapshots.rs`);
/// here, that the figures are printed whole rather than cut.
#[test]
fn figures_and_texts_at_their_limits_are_printed_whole() {
    let nine = crate::harness::compile(&repo("tests/fixtures/months/limits-nine-digit-figures.json"));
    let text = crate::harness::flat_text(&nine);
    assert!(text.contains("Some 123,456,789 persons were present"), "{text}");
    assert!(text.contains("123,456,789 Intentions to seek asylum"), "{text}");
    let long = crate::harness::compile(&repo("tests/fixtures/months/limits-longest-texts.json"));
    assert_eq!(long.document.pages().len(), factsheet::typeset::render::PAGES);
}

fn render_with_layouts(dir: &TempDir) -> (Option<i32>, String) {
    let data = sample();
    let result = run(dir.path(), &["render", data.to_str().unwrap(), "--layouts", "layouts", "-o", "x.pdf"]);
    assert!(!dir.join("x.pdf").exists());
    (result.status.code(), String::from_utf8_lossy(&result.stderr).into_owned())
}

#[test]
fn a_layout_folder_is_a_sandbox() {
    for (extra, expect) in [
        ("#read(\"/etc/passwd\")", "passwd"),
        ("#read(\"../secret.txt\")", "secret.txt"),
        ("#import \"@preview/cetz:0.3.0\"", "use no packages"),
        ("#text(font: \"DejaVu Sans\")[x]", "only the bundled fonts"),
    ] {
        let dir = TempDir::new("sandbox");
        std::fs::write(dir.join("secret.txt"), "secret").unwrap();
        layouts_with(&dir, extra);
        let (code, stderr) = render_with_layouts(&dir);
        assert_eq!(code, Some(1), "{extra}: {stderr}");
        assert!(stderr.contains("main.typ"), "{extra}: the layout file is not named\n{stderr}");
        assert!(stderr.contains(expect), "{extra}: {stderr}");
        assert!(!stderr.contains("root:"), "{extra}: a file outside the sandbox was read\n{stderr}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_layout_folder_is_refused() {
    let dir = TempDir::new("symlink");
    std::fs::write(dir.join("secret.txt"), "secret").unwrap();
    layouts_with(&dir, "#read(\"leak.txt\")");
    std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("layouts/leak.txt")).unwrap();
    let (code, stderr) = render_with_layouts(&dir);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("outside the layout folder"), "{stderr}");
}

#[test]
fn exit_codes() {
    let dir = TempDir::new("exit-codes");
    let ok = run(dir.path(), &["check", sample().to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0));
    let bad = run(dir.path(), &["check", repo("tests/fixtures/broken/negative-count.json").to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    for usage in [
        vec!["render"],
        vec!["render", "x.json", "--pages", "3"],
        vec!["frobnicate"],
        vec!["render", "x.json", "--pdf-standard", "a-9"],
    ] {
        assert_eq!(run(dir.path(), &usage).status.code(), Some(2), "{usage:?}");
    }
    assert!(Path::new(env!("CARGO_BIN_EXE_factsheet")).is_file());
}
