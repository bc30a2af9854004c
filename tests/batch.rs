//! Many months in one call, and watch mode, as a user runs them.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::harness::{TempDir, repo, run, sample};

#[test]
fn a_folder_renders_every_month_and_one_failure_does_not_stop_the_others() {
    let dir = TempDir::new("batch");
    let months = dir.join("months");
    std::fs::create_dir(&months).unwrap();
    for name in ["2025-10.json", "2025-11.json", "2025-12.json"] {
        std::fs::copy(sample(), months.join(name)).unwrap();
    }
    std::fs::copy(repo("tests/fixtures/broken/negative-count.json"), months.join("2025-09.json")).unwrap();
    let result = run(dir.path(), &["render", "months"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(1), "{stderr}");
    for name in ["2025-10.pdf", "2025-11.pdf", "2025-12.pdf"] {
        assert!(months.join(name).is_file(), "{name} missing\n{stderr}");
    }
    assert!(!months.join("2025-09.pdf").exists());
    assert!(stderr.contains("present.uasc"), "{stderr}");
    assert!(stderr.contains("rendered 3 of 4 factsheets in"), "{stderr}");
}

/// Waits up to ten seconds for `ready`, checking every 50 ms.
fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn watch_re_renders_on_change_and_keeps_the_last_good_pdf() {
    let dir = TempDir::new("watch");
    let data = dir.join("month.json");
    let text = std::fs::read_to_string(sample()).unwrap();
    std::fs::write(&data, &text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_factsheet"))
        .args(["watch", "month.json", "-o", "month.pdf"])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let log = Arc::new(Mutex::new(String::new()));
    let reader = {
        let log = Arc::clone(&log);
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                log.lock().unwrap().push_str(&(line + "\n"));
            }
        })
    };
    let pdf = dir.join("month.pdf");
    let rendered = |n: usize| log.lock().unwrap().matches("wrote ").count() >= n;
    wait_for("the first render", || rendered(1));
    let first = std::fs::read(&pdf).unwrap();

    // An edit that changes the pages.
    std::fs::write(&data, text.replace("\"count\": 512", "\"count\": 513")).unwrap();
    wait_for("the re-render", || rendered(2));
    let second = std::fs::read(&pdf).unwrap();
    assert_ne!(first, second, "the PDF did not change");

    // A broken edit: the error is printed and the last good PDF stays.
    std::fs::write(&data, text.replace("\"uasc\": 134", "\"uasc\": -1")).unwrap();
    wait_for("the error", || log.lock().unwrap().contains("present.uasc"));
    assert_eq!(std::fs::read(&pdf).unwrap(), second);

    child.kill().unwrap();
    child.wait().unwrap();
    reader.join().unwrap();
}
