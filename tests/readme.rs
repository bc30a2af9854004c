//! The README's usage block runs as written: every command of it, in order, in a folder that
//! holds what the commands name (the shipped workbook as `figures.xlsx`, a LibreOffice copy as
//! `figures.ods`, the sample under `data/`, a copy of the layouts as `my-layouts/`).

use crate::harness::{TempDir, repo};

/// The commands of the README's first `sh` block after "## Using it", comments stripped.
fn usage_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(repo("README.md")).unwrap();
    let after = readme.split("## Using it").nth(1).expect("the README has a Using it section");
    let block = after.split("```sh").nth(1).and_then(|b| b.split("```").next()).expect("a sh block");
    block
        .lines()
        .map(|line| line.split(" #").next().unwrap_or("").trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect()
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn every_command_of_the_readme_usage_block_runs_as_written() {
    let commands = usage_commands();
    assert!(commands.len() >= 20, "{commands:?}");
    let dir = TempDir::new("readme");
    std::fs::copy(repo("data/western-balkans.xlsx"), dir.join("figures.xlsx")).unwrap();
    std::fs::copy(repo("tests/fixtures/workbook/libreoffice.ods"), dir.join("figures.ods")).unwrap();
    std::fs::create_dir(dir.join("data")).unwrap();
    std::fs::copy(repo("data/2025-12.json"), dir.join("data/2025-12.json")).unwrap();
    copy_dir(&repo("layouts"), &dir.join("my-layouts"));
    let binary = env!("CARGO_BIN_EXE_factsheet");
    for command in &commands {
        let rest = command.strip_prefix("factsheet ").unwrap_or_else(|| panic!("not a factsheet command: {command}"));
        // Through the shell, for the README's globs and redirections; what a command prints
        // to standard output without redirecting it is kept out of the test's output.
        let sink = if rest.contains('>') { "" } else { " > stdout.out" };
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("'{binary}' {rest}{sink}"))
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "`{command}` failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    // What the comments promise.
    for written in [
        "figures-2025-12.pdf",
        "figures-2025-01.pdf",
        "figures-2025-12.fr.pdf",
        "figures-2025-12.en.pdf",
        "2025-12.json",
        "data/2025-12.pdf",
        "dec.pdf",
        "data/2025-12-1.png",
        "data/2025-12-2.png",
        "page1.png",
        "page2.pdf",
        "trace.json",
    ] {
        assert!(dir.join(written).exists(), "{written} was not written");
    }
    assert!(std::fs::read(dir.join("page1.png")).unwrap().starts_with(b"\x89PNG"));
    // The last command to write dec.pdf wrote it to standard output.
    assert!(std::fs::read(dir.join("dec.pdf")).unwrap().starts_with(b"%PDF"));
}
