//! Hostile input, class by class: figures that would wrap, pages that would overflow,
//! unprintable characters, outputs that are inputs or devices, files that never end, layouts
//! that never finish. Each gives a clear error naming the file and the field (or a correct
//! result), never a wrong PDF, a lost file, a panic or a hang.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::harness::{TempDir, layouts_with, repo, run, sample};

/// What each hostile fixture must give: the exit code, and the field or words its message
/// names. Every fixture is listed, and its whole message is snapshotted.
const FIXTURES: &[(&str, i32, &str)] = &[
    ("count-ten-digits", 1, "arrivals.estimate: found 9999999999, expected a whole number from 0 to 999,999,999"),
    ("count-wraps-a-sum", 1, "present.by_country.ALB: found 18446744073709551615"),
    ("duplicate-key", 1, "present.uasc: found `uasc` a second time"),
    ("invisible-bell-in-title", 1, "edition.title: found a control character (U+0007) at character 10"),
    ("invisible-byte-order-mark-in-title", 1, "edition.title: found an invisible formatting character (U+FEFF)"),
    ("invisible-delete-in-title", 1, "edition.title: found a control character (U+007F)"),
    ("invisible-escape-in-title", 1, "edition.title: found a control character (U+001B)"),
    ("invisible-nul-in-title", 1, "edition.title: found a control character (U+0000)"),
    (
        "invisible-ogham-space-in-title",
        1,
        "edition.title: found characters the bundled Lato fonts cannot print: \u{1680} (U+1680)",
    ),
    ("invisible-right-to-left-override-in-title", 1, "edition.title: found an invisible formatting character (U+202E)"),
    ("invisible-tab-in-title", 1, "edition.title: found a tab (U+0009)"),
    ("line-break-in-title", 1, "edition.title: found a line break (U+000A) at character 9"),
    ("map-geometry-missing", 1, "map.geometry: cannot read layouts/maps/atlantis.json"),
    ("minified-with-errors", 1, "present.by_nationality[0].count: found -1"),
    ("overflow-country-name-in-tables", 1, "countries[1].name"),
    ("overflow-country-names-forty-characters", 1, "countries["),
    ("overflow-eight-long-footnotes", 1, "notes.footnotes["),
    ("overflow-footnote-mark-four-characters", 1, "notes.footnotes[0].mark"),
    ("overflow-nationality-forty-characters", 1, "present.by_nationality[0].name"),
    ("overflow-title-without-spaces", 1, "edition.title"),
    (
        "published-years-before-the-month",
        0,
        "edition.published: found 2019-01-20, before the end of the reporting month, December 2025",
    ),
    (
        "rounded-estimate-hides-last-year",
        1,
        "arrivals.last_year: found 5, but last year's monthly arrivals add up to 17,374",
    ),
];

/// Renders a fixture over an existing PDF: the exit code and the messages, checked to leave
/// that PDF as it was when the render fails.
fn render_fixture(dir: &TempDir, fixture: &Path) -> (i32, String) {
    let output = dir.join("out.pdf");
    std::fs::write(&output, b"%PDF last month").unwrap();
    let result = run(dir.path(), &["render", fixture.to_str().unwrap(), "-o", "out.pdf"]);
    let code = result.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    if code != 0 {
        assert_eq!(std::fs::read(&output).unwrap(), b"%PDF last month", "{}: the old PDF changed", fixture.display());
    }
    (code, stderr)
}

#[test]
fn every_hostile_fixture_is_refused_naming_its_field() {
    let dir = TempDir::new("hostile-fixtures");
    let mut names: Vec<String> = std::fs::read_dir(repo("tests/fixtures/hostile"))
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let listed: Vec<&str> = FIXTURES.iter().map(|(name, _, _)| *name).collect();
    assert_eq!(names, listed, "every fixture is listed in FIXTURES, and every listed one exists");
    for (name, code, expected) in FIXTURES {
        let relative = format!("tests/fixtures/hostile/{name}.json");
        let (exit, stderr) = render_fixture(&dir, &repo(&relative));
        assert_eq!(exit, *code, "{name}\n{stderr}");
        assert!(stderr.contains(expected), "{name}: expected {expected:?} in\n{stderr}");
        assert!(stderr.contains(&format!("{name}.json:")), "{name}: no line and column\n{stderr}");
        assert!(!stderr.contains("panicked"), "{name}\n{stderr}");
        if *code != 0 {
            // `check` lays the pages out too: it refuses what `render` refuses, alike.
            let check = run(dir.path(), &["check", &repo(&relative).to_string_lossy()]);
            assert_eq!(check.status.code(), Some(1), "{name}: check passed what render refused");
            // (render also says that an earlier run's PDF was left as it was.)
            let rendered: String = stderr
                .lines()
                .filter(|l| !l.ends_with("was left as it was: it is an earlier run's, not this data's"))
                .map(|l| format!("{l}\n"))
                .collect();
            assert_eq!(String::from_utf8_lossy(&check.stderr), rendered, "{name}: check and render report alike");
        }
        // The message, from the file's name on: the same on every machine.
        let message = stderr
            .lines()
            .filter(|l| !l.starts_with("wrote ") && !l.ends_with("not this data's"))
            .map(|l| l.replace(&*repo("").to_string_lossy(), ""))
            .collect::<Vec<_>>()
            .join("\n");
        insta::with_settings!({ snapshot_suffix => "" }, {
            insta::assert_snapshot!(format!("hostile-{name}"), message);
        });
    }
}

#[test]
fn a_byte_order_mark_is_read_past() {
    let dir = TempDir::new("hostile-bom");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(sample()).unwrap());
    std::fs::write(dir.join("bom.json"), bytes).unwrap();
    let result = run(dir.path(), &["check", "bom.json"]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
}

/// Text nested far deeper than any data file, and a file of a hundred thousand mistakes on one
/// line: a short error, quickly, in bounded memory.
#[test]
fn deep_nesting_and_endless_errors_give_a_short_report() {
    let dir = TempDir::new("hostile-deep");
    std::fs::write(dir.join("deep.json"), "[".repeat(100_000)).unwrap();
    let list = vec!["-1"; 100_000].join(",");
    std::fs::write(dir.join("many.json"), format!("{{\"countries\":[{list}]}}")).unwrap();
    for name in ["deep.json", "many.json"] {
        let start = Instant::now();
        let result = run(dir.path(), &["check", name]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "{name}: {stderr}");
        assert!(stderr.len() < 64 * 1024, "{name}: {} bytes of report", stderr.len());
        assert!(start.elapsed() < Duration::from_secs(20), "{name}");
    }
    let many = String::from_utf8_lossy(&run(dir.path(), &["check", "many.json"]).stderr).into_owned();
    assert!(many.contains("more problems, not shown"), "{many}");
}

#[cfg(unix)]
#[test]
fn devices_and_pipes_as_data_are_refused_at_once() {
    let dir = TempDir::new("hostile-devices");
    assert!(std::process::Command::new("mkfifo").arg(dir.join("fifo.json")).status().unwrap().success());
    for (data, expect) in [("/dev/zero", "a device"), ("fifo.json", "a pipe (FIFO)")] {
        let start = Instant::now();
        let result = run(dir.path(), &["render", data]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "{data}: {stderr}");
        assert!(stderr.contains(expect), "{data}: {stderr}");
        assert!(start.elapsed() < Duration::from_secs(10), "{data}");
    }
}

#[test]
fn an_input_is_never_overwritten() {
    let dir = TempDir::new("hostile-inputs");
    std::fs::copy(sample(), dir.join("month.json")).unwrap();
    std::fs::copy(sample(), dir.join("month.pdf")).unwrap();
    let original = std::fs::read(sample()).unwrap();
    for args in [
        vec!["render", "month.json", "-o", "month.json"],
        vec!["render", "month.json", "-o", "./month.json"],
        // A data file named .pdf, rendered beside itself.
        vec!["render", "month.pdf"],
        vec!["render", "month.json", "--format", "png", "--pages", "1", "-o", "month.json"],
        vec!["model", "month.json", "-o", "month.json"],
    ] {
        let result = run(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&result.stderr);
        // Refused as the run's input, or before that as an output that is no PDF or PNG.
        let named_json = args[0] == "render" && args.last().is_some_and(|a| a.ends_with(".json"));
        if named_json {
            assert_eq!(result.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains("which is neither a PDF nor a PNG"), "{args:?}: {stderr}");
        } else {
            assert_eq!(result.status.code(), Some(1), "{args:?}: {stderr}");
            assert!(stderr.contains("which this run reads"), "{args:?}: {stderr}");
        }
        assert_eq!(std::fs::read(dir.join("month.json")).unwrap(), original, "{args:?}");
    }
    for timings in ["month.json", "out.pdf"] {
        let result = run(dir.path(), &["render", "month.json", "-o", "out.pdf", "--timings", timings]);
        assert_eq!(result.status.code(), Some(2), "--timings {timings}");
    }
    // A page of a PNG export is a result too.
    let result = run(dir.path(), &["render", "month.json", "--format", "png", "-o", "e.png", "--timings", "e-2.png"]);
    assert_eq!(result.status.code(), Some(2), "{}", String::from_utf8_lossy(&result.stderr));
    assert!(!dir.join("e-1.png").exists());
    // One data file's result is never written over another data file of the same run.
    std::fs::copy(sample(), dir.join("b.json")).unwrap();
    std::fs::copy(sample(), dir.join("b.pdf")).unwrap();
    let result = run(dir.path(), &["render", "b.json", "b.pdf"]);
    assert_eq!(result.status.code(), Some(2), "both results would be b.pdf: refused before anything is read");
    assert_eq!(std::fs::read(dir.join("b.pdf")).unwrap(), original);
    assert_eq!(std::fs::read(dir.join("month.json")).unwrap(), original);
    assert_eq!(std::fs::read(dir.join("month.pdf")).unwrap(), original);
}

#[cfg(unix)]
#[test]
fn devices_links_and_permissions_of_outputs() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let dir = TempDir::new("hostile-outputs");
    let data = sample();
    let data = data.to_str().unwrap();
    // A device is written through and stays a device.
    let result = run(dir.path(), &["render", data, "-o", "/dev/null"]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    // A FIFO no program reads: an error at once, and still a FIFO.
    assert!(std::process::Command::new("mkfifo").arg(dir.join("pipe.pdf")).status().unwrap().success());
    let result = run(dir.path(), &["render", data, "-o", "pipe.pdf"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(std::fs::metadata(dir.join("pipe.pdf")).unwrap().file_type().is_fifo());
    // A private PDF stays private; a link to it stays a link.
    std::fs::write(dir.join("private.pdf"), b"%PDF-1.7 old").unwrap();
    std::fs::set_permissions(dir.join("private.pdf"), std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("private.pdf", dir.join("latest.pdf")).unwrap();
    let result = run(dir.path(), &["render", data, "-o", "latest.pdf"]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    assert!(std::fs::symlink_metadata(dir.join("latest.pdf")).unwrap().file_type().is_symlink());
    assert!(std::fs::read(dir.join("private.pdf")).unwrap().starts_with(b"%PDF-"));
    assert_eq!(std::fs::metadata(dir.join("private.pdf")).unwrap().permissions().mode() & 0o777, 0o600);
    // A link to a file that is no PDF is refused as the file would be: the file is what the
    // PDF would replace.
    std::fs::write(dir.join("notes.txt"), b"precious notes").unwrap();
    std::os::unix::fs::symlink("notes.txt", dir.join("notes.pdf")).unwrap();
    let result = run(dir.path(), &["render", data, "-o", "notes.pdf"]);
    assert_eq!(result.status.code(), Some(1), "{}", String::from_utf8_lossy(&result.stderr));
    assert_eq!(std::fs::read(dir.join("notes.txt")).unwrap(), b"precious notes");
    // The longest name a file may have, and one file named twice in a batch.
    let long = format!("{}.pdf", "x".repeat(251));
    let result = run(dir.path(), &["render", data, "-o", &long]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    std::fs::copy(sample(), dir.join("twice.json")).unwrap();
    for _ in 0..5 {
        let result = run(dir.path(), &["render", "twice.json", "./twice.json", "twice.json"]);
        assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    }
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn png_pages_are_written_all_or_none() {
    let dir = TempDir::new("hostile-png");
    std::fs::create_dir(dir.join("out1")).unwrap();
    std::fs::write(dir.join("out1/page.png"), b"old").unwrap();
    // Page 2 goes to a folder that does not exist: page 1 must not be replaced either.
    let result = run(dir.path(), &["render", sample().to_str().unwrap(), "--format", "png", "-o", "out{p}/page.png"]);
    assert_eq!(result.status.code(), Some(1), "{}", String::from_utf8_lossy(&result.stderr));
    assert_eq!(std::fs::read(dir.join("out1/page.png")).unwrap(), b"old");
}

/// Standard output closed, a closed pipe, a full disk: an error and an exit code, no panic.
#[cfg(unix)]
#[test]
fn closed_and_full_outputs_are_errors_not_panics() {
    use std::process::{Command, Stdio};
    let bin = env!("CARGO_BIN_EXE_factsheet");
    let data = sample();
    let data = data.to_str().unwrap();
    let shell = |script: &str| {
        let out = Command::new("sh").arg("-c").arg(script).arg(bin).arg(data).stdin(Stdio::null()).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (_, stderr, _) = shell("\"$0\" schema | true");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let (code, stderr, _) = shell("\"$0\" schema > /dev/full");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("cannot write standard output"), "{stderr}");
    let (code, _, stdout) = shell("\"$0\" check \"$1\" 2>/dev/full; echo \"exit $?\"");
    assert_eq!((code, stdout.trim()), (Some(0), "exit 0"));
    let (code, stdout) = {
        let (code, _, stdout) = shell("\"$0\" check /nonexistent.json 2>/dev/full; echo \"exit $?\"");
        (code, stdout)
    };
    assert_eq!((code, stdout.trim()), (Some(0), "exit 1"));
    let (code, stderr, _) = shell("\"$0\" render \"$1\" -o - >&-");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("standard output is closed") && !stderr.contains("wrote"), "{stderr}");
    // Standard output under another name.
    let (code, stderr, _) = shell("\"$0\" render \"$1\" -o /dev/stdout >&-");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("standard output, which is closed") && !stderr.contains("wrote"), "{stderr}");
    // `/dev/null` opened for reading and writing, as Python's subprocess.DEVNULL does, is an
    // open standard output like any other.
    let (code, stderr, _) = shell("\"$0\" render \"$1\" -o - 1<>/dev/null");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("wrote standard output"), "{stderr}");
}

#[test]
fn a_layout_that_never_ends_is_stopped_at_the_deadline() {
    let dir = TempDir::new("hostile-loop");
    layouts_with(&dir, "#for i in range(1000000000000) { }");
    let start = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factsheet"))
        .args(["render", sample().to_str().unwrap(), "--layouts", "layouts", "-o", "x.pdf"])
        .current_dir(dir.path())
        .env("FACTSHEET_DEADLINE", "2")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("took longer than 2 s"), "{stderr}");
    assert!(start.elapsed() < Duration::from_secs(15));
    assert!(!dir.join("x.pdf").exists());
}

#[cfg(unix)]
#[test]
fn layouts_are_read_only_from_inside_their_folder() {
    let dir = TempDir::new("hostile-sandbox");
    layouts_with(&dir, "#read(\"parts/leak.txt\")");
    // A folder inside the layouts that is a link out of them.
    std::os::unix::fs::symlink(dir.path(), dir.join("layouts/parts")).unwrap();
    std::fs::write(dir.join("leak.txt"), "secret").unwrap();
    let result = run(dir.path(), &["render", sample().to_str().unwrap(), "--layouts", "layouts", "-o", "x.pdf"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("outside the layout folder"), "{stderr}");
    // A FIFO among the layouts is refused, not waited on.
    std::fs::remove_file(dir.join("layouts/parts")).unwrap();
    std::fs::create_dir(dir.join("layouts/parts")).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(dir.join("layouts/parts/leak.txt")).status().unwrap().success());
    let start = Instant::now();
    let result = run(dir.path(), &["render", sample().to_str().unwrap(), "--layouts", "layouts", "-o", "x.pdf"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn usage_mistakes_exit_two_naming_the_flag_or_variable() {
    let dir = TempDir::new("hostile-usage");
    let data = sample();
    let data = data.to_str().unwrap();
    let result = run(dir.path(), &["render", data, "--pages", "1", "-o", "p.pdf"]);
    assert_eq!(result.status.code(), Some(2), "{}", String::from_utf8_lossy(&result.stderr));
    let bad = [
        ("FACTSHEET_DEADLINE", &["abc", "1e300", "0", "-5", "NaN"][..]),
        ("SOURCE_DATE_EPOCH", &["99999999999999", "-5", "1e9"]),
    ];
    for (variable, values) in bad {
        for value in values {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_factsheet"))
                .args(["render", data, "-o", "x.pdf"])
                .current_dir(dir.path())
                .env(variable, value)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{variable}={value}: {stderr}");
            assert!(stderr.contains(variable), "{variable}={value}: {stderr}");
        }
    }
}
