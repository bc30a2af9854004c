//! Embeds the built-in message catalogues: every `catalogues/<language>.ftl`, so that a new
//! language is one file and no code.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"))
        .join("catalogues");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut languages: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("catalogues/ is part of the source")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|x| x == "ftl"))
        .filter_map(|path| Some((path.file_stem()?.to_str()?.to_owned(), path)))
        .collect();
    languages.sort();
    let mut out = String::from(
        "/// The built-in catalogues, by language tag: the files of `catalogues/`.\npub const BUILT_IN: &[(&str, &str)] = &[\n",
    );
    for (language, path) in &languages {
        println!("cargo::rerun-if-changed={}", path.display());
        writeln!(out, "    ({language:?}, include_str!({:?})),", path.display().to_string())
            .expect("writing to a String");
    }
    out.push_str("];\n");
    let target = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogues.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
