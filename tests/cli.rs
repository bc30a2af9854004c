//! The binary as a user runs it: what it writes, what it prints, and its exit codes.

use crate::harness::{TempDir, layouts_with, run, sample};

#[test]
fn render_writes_a_pdf_where_asked_and_says_so() {
    let dir = TempDir::new("render-output");
    let out = dir.join("december.pdf");
    let result = run(dir.path(), &["render", sample().to_str().unwrap(), "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(stderr.contains("december.pdf (2 pages,"), "{stderr}");
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn render_to_stdout_with_dash() {
    let dir = TempDir::new("render-stdout");
    let result = run(dir.path(), &["render", sample().to_str().unwrap(), "-o", "-"]);
    assert!(result.status.success());
    assert!(result.stdout.starts_with(b"%PDF-"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn render_defaults_to_a_pdf_beside_each_data_file() {
    let dir = TempDir::new("render-default");
    for name in ["a.json", "b.json"] {
        std::fs::copy(sample(), dir.join(name)).unwrap();
    }
    let result = run(dir.path(), &["render", "a.json", "b.json"]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    assert!(dir.join("a.pdf").is_file() && dir.join("b.pdf").is_file());
}

#[test]
fn bad_data_exits_non_zero_names_the_field_and_writes_no_pdf() {
    let dir = TempDir::new("render-bad");
    let text = std::fs::read_to_string(sample()).unwrap().replace("\"uasc\": 134", "\"uasc\": -134");
    std::fs::write(dir.join("bad.json"), text).unwrap();
    let result = run(dir.path(), &["render", "bad.json"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("present.uasc"), "{stderr}");
    assert!(!dir.join("bad.pdf").exists());
}

#[test]
fn a_layout_error_is_reported_with_file_and_line_and_writes_no_pdf() {
    let dir = TempDir::new("render-layout-error");
    layouts_with(&dir, "");
    let layouts = dir.join("layouts");
    let page2 = std::fs::read_to_string(layouts.join("page2.typ")).unwrap();
    std::fs::write(layouts.join("page2.typ"), page2.replace("p.total,", "p.totl,")).unwrap();
    let out = dir.join("x.pdf");
    let result =
        run(dir.path(), &["render", sample().to_str().unwrap(), "--layouts", "layouts", "-o", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("page2.typ:"), "{stderr}");
    assert!(stderr.contains("totl"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn output_flag_with_several_files_is_a_usage_error() {
    let dir = TempDir::new("render-usage");
    let s = sample();
    let result = run(dir.path(), &["render", s.to_str().unwrap(), s.to_str().unwrap(), "-o", "x.pdf"]);
    assert_eq!(result.status.code(), Some(2));
}

#[test]
fn timings_trace_where_the_time_went_with_layout_lines() {
    let dir = TempDir::new("render-timings");
    let data = sample();
    let result = run(dir.path(), &["render", data.to_str().unwrap(), "-o", "month.pdf", "--timings", "trace.json"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "{stderr}");
    assert!(stderr.contains("wrote timings to trace.json"), "{stderr}");
    assert!(dir.join("month.pdf").is_file());
    let events: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(dir.join("trace.json")).unwrap()).unwrap();
    let named = |name: &str| events.iter().any(|e| e["name"] == name);
    for name in ["factsheet render", "read and check the data", "draw the map", "compile", "pdf", "write the PDF"] {
        assert!(named(name), "no `{name}` scope in the trace");
    }
    let begins = events.iter().filter(|e| e["ph"] == "B").count();
    assert_eq!(begins * 2, events.len(), "every scope begins and ends");
    // Typst's scopes name the layout file and line they come from.
    let at_line = |file: &str| events.iter().any(|e| e["args"]["file"] == file && e["args"]["line"].as_u64() > Some(0));
    assert!(at_line("layouts/page1.typ") && at_line("layouts/page2.typ"));
}

#[test]
fn timings_are_for_render_only() {
    let dir = TempDir::new("watch-timings");
    let result = run(dir.path(), &["watch", sample().to_str().unwrap(), "--timings", "trace.json"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    // watch has no such flag: clap says so, and names it.
    assert!(stderr.contains("--timings"), "{stderr}");
    assert!(!dir.join("trace.json").exists());
}

#[test]
fn the_output_path_names_the_format_as_typst_infers_it() {
    let dir = TempDir::new("format-from-extension");
    std::fs::copy(crate::harness::sample(), dir.join("m.json")).unwrap();
    let out = run(dir.path(), &["render", "m.json", "--pages", "1", "-o", "page.PNG"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(dir.join("page.PNG")).unwrap().starts_with(b"\x89PNG"), "a PNG, not a PDF named .PNG");
    let out = run(dir.path(), &["render", "m.json", "--pages", "2", "--pdf-standard", "a-2b", "-o", "p2.pdf"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("p2.pdf (1 page, "),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(dir.join("p2.pdf")).unwrap().starts_with(b"%PDF"));
    let clash = run(dir.path(), &["render", "m.json", "--format", "pdf", "-o", "x.png"]);
    assert_eq!(clash.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&clash.stderr).contains("--format pdf writes pdf, but --output names a .png file"));
    assert!(!dir.join("x.png").exists());
}

#[test]
fn a_folder_passes_over_its_schema_and_prints_results_in_order() {
    let dir = TempDir::new("folder-order");
    let months = dir.join("months");
    std::fs::create_dir(&months).unwrap();
    for name in ["a.json", "b.json", "c.json", "d.json"] {
        std::fs::copy(crate::harness::sample(), months.join(name)).unwrap();
    }
    std::fs::copy(crate::harness::repo("factsheet.schema.json"), months.join("factsheet.schema.json")).unwrap();
    let out = run(dir.path(), &["render", "months"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("factsheet.schema.json: skipped, a JSON Schema, not a month's data"), "{stderr}");
    let wrote: Vec<&str> = stderr.lines().filter(|l| l.starts_with("wrote ")).collect();
    let names: Vec<String> =
        wrote.iter().map(|l| l.split_whitespace().nth(1).unwrap().rsplit('/').next().unwrap().to_owned()).collect();
    assert_eq!(names, ["a.pdf", "b.pdf", "c.pdf", "d.pdf"], "{stderr}");
    // A file that lost its `edition` is still a month, and its mistake is reported.
    let mut broken: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(crate::harness::sample()).unwrap()).unwrap();
    broken.as_object_mut().unwrap().remove("edition");
    std::fs::write(months.join("e.json"), broken.to_string()).unwrap();
    let out = run(dir.path(), &["render", "months"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("found no `edition`"));
}

#[test]
fn a_render_never_replaces_a_data_file_and_convert_never_replaces_a_file() {
    let dir = TempDir::new("no-replace");
    std::fs::copy(crate::harness::sample(), dir.join("2025-12.json")).unwrap();
    std::fs::copy(crate::harness::sample(), dir.join("2025-11.json")).unwrap();
    std::fs::copy(crate::harness::repo("data/western-balkans.xlsx"), dir.join("figures.xlsx")).unwrap();
    let before = std::fs::read(dir.join("figures.xlsx")).unwrap();
    for (args, what) in [
        (
            vec!["render", "2025-12.json", "-o", "figures.xlsx"],
            "--output ends with .xlsx, which is neither a PDF nor a PNG",
        ),
        (vec!["render", "2025-12.json", "-o", "2025-11.json"], "--output ends with .json"),
        (vec!["convert", "2025-12.json", "-o", "figures.xlsx"], "cannot write figures.xlsx: it exists"),
    ] {
        let out = run(dir.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.contains(what), "{args:?}: {stderr}");
    }
    // A PDF name over a file that is not a PDF: a data file renamed, say.
    std::fs::copy(crate::harness::sample(), dir.join("data.pdf")).unwrap();
    let out = run(dir.path(), &["render", "2025-11.json", "-o", "data.pdf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("it is an existing file that is not a PDF"));
    assert_eq!(std::fs::read(dir.join("data.pdf")).unwrap(), std::fs::read(crate::harness::sample()).unwrap());
    assert_eq!(std::fs::read(dir.join("figures.xlsx")).unwrap(), before);
    assert_eq!(std::fs::read(dir.join("2025-11.json")).unwrap(), std::fs::read(crate::harness::sample()).unwrap());
    // An earlier PDF is replaced, as a render is meant to.
    assert_eq!(run(dir.path(), &["render", "2025-12.json", "-o", "out.pdf"]).status.code(), Some(0));
    assert_eq!(run(dir.path(), &["render", "2025-12.json", "-o", "out.pdf"]).status.code(), Some(0));
    // Two PNG pages cannot go to one device.
    let out = run(dir.path(), &["render", "2025-12.json", "--format", "png", "-o", "/dev/null"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!std::path::Path::new("/dev/null-1").exists());
}

#[test]
fn a_density_out_of_range_or_too_many_pixels_says_which_density_would_do() {
    let dir = TempDir::new("render-ppi");
    let result =
        run(dir.path(), &["render", sample().to_str().unwrap(), "--format", "png", "--ppi", "20", "-o", "thumb.png"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--ppi 20 is out of range") && stderr.contains("use 36 to 1200 pixels per inch"),
        "{stderr}"
    );
    // A PDF has no pixels.
    let result = run(dir.path(), &["render", sample().to_str().unwrap(), "--ppi", "300", "-o", "month.pdf"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--ppi sets the density of PNG images, and this writes a PDF"), "{stderr}");
    // A card 852 points tall at 1200 pixels per inch is over the limit; 1194 is not.
    let result =
        run(dir.path(), &["render", sample().to_str().unwrap(), "--format", "card", "--ppi", "1200", "-o", "card.png"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("page 1 is 640 × 852 points") && stderr.contains("use --ppi 1194 or less"), "{stderr}");
    assert!(!stderr.contains("failed to compile"), "{stderr}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_trace_or_output_path_that_cannot_be_written_is_said_before_the_render() {
    let dir = TempDir::new("render-paths");
    let sample = sample();
    let sample = sample.to_str().unwrap();
    for (args, says) in [
        (vec!["--timings", "-"], "--timings -: the trace is written to a file"),
        (vec!["--timings", "nowhere/trace.json"], "there is no folder nowhere"),
        (vec!["--timings", "."], "--timings .: it is a folder, not a file"),
        (vec!["-o", "reports/"], "--output ends with /, so it names a folder"),
    ] {
        let mut all = vec!["render", sample];
        all.extend(&args);
        if !args.contains(&"-o") {
            all.extend(["-o", "month.pdf"]);
        }
        let result = run(dir.path(), &all);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "{args:?}");
    }
}

#[test]
fn a_card_empty_too_large_or_too_thin_for_its_pixels_says_what_to_change() {
    let dir = TempDir::new("render-card-sizes");
    layouts_with(&dir, "");
    let sample = sample();
    let card = |page: &str, ppi: &str| {
        std::fs::write(dir.join("layouts").join("card.typ"), format!("#set page({page}, margin: 0pt)\n")).unwrap();
        let result = run(
            dir.path(),
            &[
                "render",
                sample.to_str().unwrap(),
                "--layouts",
                "layouts",
                "--format",
                "card",
                "--ppi",
                ppi,
                "-o",
                "card.png",
            ],
        );
        assert_eq!(result.status.code(), Some(1));
        assert!(!dir.join("card.png").exists());
        String::from_utf8_lossy(&result.stderr).into_owned()
    };
    // Nothing on it: not a picture one pixel tall.
    let empty = card("width: 640pt, height: auto", "144");
    assert!(empty.contains("page 1 is 640.0 × 0.0 points: there is nothing to draw"), "{empty}");
    let huge = card("width: 5000pt, height: 5000pt", "144");
    assert!(
        huge.contains("the card is 5000 × 5000 points; a card for email is at most 1280 wide")
            && !huge.contains("failed to compile"),
        "{huge}"
    );
    let thin = card("width: 0.5pt, height: 300pt", "36");
    assert!(
        thin.contains("less than a pixel at 36 pixels per inch") && thin.contains("use --ppi 72 or more"),
        "{thin}"
    );
}

/// Found by a hostile tester: two `convert -o same.json` at once both said "wrote", one file
/// replacing the other. Of eight at once, one writes and the others are refused.
#[test]
fn converts_racing_to_one_file_write_it_once() {
    let dir = TempDir::new("convert-race");
    let sample = sample();
    let children: Vec<std::process::Child> = (0..8)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_factsheet"))
                .args(["convert", sample.to_str().unwrap(), "-o", "same.xlsx"])
                .current_dir(dir.path())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outcomes: Vec<std::process::Output> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    let wrote = outcomes.iter().filter(|o| o.status.success()).count();
    assert_eq!(
        wrote,
        1,
        "{:?}",
        outcomes.iter().map(|o| String::from_utf8_lossy(&o.stderr).into_owned()).collect::<Vec<_>>()
    );
    for refused in outcomes.iter().filter(|o| !o.status.success()) {
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("convert does not replace a file"),
            "{}",
            String::from_utf8_lossy(&refused.stderr)
        );
    }
}

/// Found by a hostile tester: separate --month flags passed the cap of 1,200 months, and 20,000
/// never finished. The cap counts every month named, and the run is refused at once.
#[test]
fn every_month_named_counts_against_the_cap() {
    let dir = TempDir::new("months-cap");
    let mut args = vec!["check".to_owned(), crate::harness::repo("data/western-balkans.xlsx").display().to_string()];
    for i in 0..20_000 {
        args.push("--month".into());
        args.push(format!("{:04}-{:02}", 2000 + (i / 12) % 50, i % 12 + 1));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let start = std::time::Instant::now();
    let out = run(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("more than 1200 months named"));
    // Not a timing assertion of speed, only that it ends: it used to run for ever.
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
}
