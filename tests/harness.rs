//! Shared helpers: paths into the repository, a temporary folder per test, running the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use factsheet::{load, render};

/// A path relative to the repository root.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The sample month.
pub fn sample() -> PathBuf {
    repo("data/2025-12.json")
}

/// Loads and compiles a data file with the built-in layouts.
pub fn compile(path: &Path) -> render::Compiled {
    let loaded = load::load(path).unwrap_or_else(|e| panic!("{e}"));
    render::compile(&loaded.sheet, &render::Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// All text of a compiled document, each page's lines joined by spaces, whitespace folded.
pub fn flat_text(compiled: &render::Compiled) -> String {
    let text: Vec<String> = compiled
        .document
        .pages()
        .iter()
        .map(|p| factsheet::inspect::page_text(&p.frame))
        .collect();
    text.join(" ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A fresh, empty folder for one test, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("factsheet-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the `factsheet` binary with arguments, in the given folder.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factsheet"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run factsheet")
}
