//! Shared helpers: paths into the repository, a temporary folder per test, running the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use factsheet::input::load;
use factsheet::typeset::render;

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

/// Loads and compiles a data file in language `tag`, with the operation's catalogue if it names one.
pub fn compile_in(path: &Path, tag: &str) -> render::Compiled {
    let loaded = load::load(path).unwrap_or_else(|e| panic!("{e}"));
    let wording = load::wording(&loaded.sheet, path, tag).unwrap_or_else(|e| panic!("{e}"));
    render::compile_in(&loaded.sheet, &render::Options::default(), &wording).unwrap_or_else(|e| panic!("{e}"))
}

/// All text of a compiled document, each page's lines joined by spaces, whitespace folded.
pub fn flat_text(compiled: &render::Compiled) -> String {
    let text: Vec<String> =
        compiled.document.pages().iter().map(|p| factsheet::output::inspect::page_text(&p.frame)).collect();
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
    Command::new(env!("CARGO_BIN_EXE_factsheet")).args(args).current_dir(dir).output().expect("run factsheet")
}

/// The sample month as a JSON value, for tests that change one field of it.
pub fn sample_value() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(sample()).expect("read the sample")).expect("the sample is JSON")
}

/// Every leaf of a JSON value with its path as messages print it (`countries[2].code`).
pub fn leaves(value: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    fn walk(value: &serde_json::Value, path: &str, out: &mut Vec<(String, serde_json::Value)>) {
        let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
        match value {
            serde_json::Value::Object(fields) => fields.iter().for_each(|(k, v)| walk(v, &join(k), out)),
            serde_json::Value::Array(items) => {
                items.iter().enumerate().for_each(|(i, v)| walk(v, &format!("{path}[{i}]"), out))
            }
            leaf => out.push((path.to_owned(), leaf.clone())),
        }
    }
    let mut out = Vec::new();
    walk(value, "", &mut out);
    out
}

/// The printed paths of every object in a JSON value, the top one as "".
pub fn object_paths(value: &serde_json::Value) -> Vec<String> {
    fn walk(value: &serde_json::Value, path: &str, out: &mut Vec<String>) {
        let join = |key: &str| if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") };
        match value {
            serde_json::Value::Object(fields) => {
                out.push(path.to_owned());
                fields.iter().for_each(|(k, v)| walk(v, &join(k), out));
            }
            serde_json::Value::Array(items) => {
                items.iter().enumerate().for_each(|(i, v)| walk(v, &format!("{path}[{i}]"), out))
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, "", &mut out);
    out
}

/// The value at a printed path in a JSON value, created as null if absent.
pub fn at_path<'a>(value: &'a mut serde_json::Value, path: &str) -> &'a mut serde_json::Value {
    let mut target = value;
    for segment in factsheet::input::locate::FieldPath::parse(path).0 {
        target = match segment {
            factsheet::input::locate::Segment::Key(k) => &mut target[k.as_str()],
            factsheet::input::locate::Segment::Index(i) => &mut target[i],
        };
    }
    target
}

/// Sets the value at a printed path in a JSON value.
pub fn set(value: &mut serde_json::Value, path: &str, new: serde_json::Value) {
    *at_path(value, path) = new;
}

/// A copy of the built-in layouts in `dir/layouts`, with `main.typ` given an extra line.
pub fn layouts_with(dir: &TempDir, extra: &str) {
    let layouts = dir.join("layouts");
    for (name, text) in factsheet::typeset::layouts::EMBEDDED {
        let path = layouts.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = if *name == "main.typ" { format!("{text}\n{extra}\n") } else { (*text).to_owned() };
        std::fs::write(path, text).unwrap();
    }
}

/// A copy of the CSV workbook in a temporary folder, for a test to change.
pub fn csv_copy(dir: &TempDir, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::create_dir_all(&to).unwrap();
    for entry in std::fs::read_dir(repo("tests/fixtures/workbook/western-balkans")).unwrap() {
        let from = entry.unwrap().path();
        std::fs::copy(&from, to.join(from.file_name().unwrap())).unwrap();
    }
    to
}

/// A copy of an `.xlsx` workbook with one part's XML changed, as a crafted or damaged file (or
/// one another program wrote) would be: `crafted` with the source's extension, in `dir`.
pub fn with_part(dir: &TempDir, source: &Path, part: &str, change: impl Fn(String) -> String) -> PathBuf {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(source).unwrap()).unwrap();
    let path = dir.join(&format!("crafted.{}", source.extension().unwrap().to_string_lossy()));
    let mut out = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        let name = file.name().unwrap().to_string();
        // The changed part compressed, as programs write them (a part of megabytes of padding
        // is then a small file); the others stored as they are.
        let method = if name == part { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
        let bytes = if name == part { change(String::from_utf8(bytes).unwrap()).into_bytes() } else { bytes };
        out.start_file(name, zip::write::SimpleFileOptions::default().compression_method(method)).unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
    path
}
