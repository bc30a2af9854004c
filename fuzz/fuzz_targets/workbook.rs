//! The shipped `.xlsx` workbook and LibreOffice's `.ods`, with one part (a sheet's XML, the
//! shared strings, the list of sheets, an `.ods` file's content) replaced by fuzzer-chosen
//! bytes: reaches the workbook readers' XML, which random zip files rarely do. Reading the
//! workbook, computing its newest month and checking it must return a month or an error:
//! never panic, abort or take unbounded memory.
#![no_main]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::OnceLock;

use factsheet::input::{load, month, table, workbook};
use libfuzzer_sys::fuzz_target;

const XLSX: &[u8] = include_bytes!("../../data/western-balkans.xlsx");
const ODS: &[u8] = include_bytes!("../../tests/fixtures/workbook/libreoffice.ods");

/// Each workbook's parts, by name, decompressed once.
fn parts(bytes: &'static [u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a shipped workbook");
    (0..archive.len())
        .map(|i| {
            let mut part = archive.by_index(i).expect("a part");
            let mut content = Vec::new();
            part.read_to_end(&mut content).expect("readable");
            (part.name().expect("named").into_owned(), content)
        })
        .collect()
}

fn workbooks() -> &'static [(table::Kind, &'static str, Vec<(String, Vec<u8>)>); 2] {
    static PARTS: OnceLock<[(table::Kind, &'static str, Vec<(String, Vec<u8>)>); 2]> = OnceLock::new();
    PARTS.get_or_init(|| [(table::Kind::Xlsx, "fuzz.xlsx", parts(XLSX)), (table::Kind::Ods, "fuzz.ods", parts(ODS))])
}

fuzz_target!(|input: (u8, &[u8])| {
    let (which, replacement) = input;
    let (kind, name, parts) = &workbooks()[usize::from(which & 1)];
    // The parts that hold cells or name the sheets.
    let cells: Vec<&(String, Vec<u8>)> =
        parts.iter().filter(|(n, _)| n.ends_with(".xml") && (n.starts_with("xl/") || n == "content.xml")).collect();
    let chosen = &cells[usize::from(which >> 1) % cells.len()].0;
    let mut zipped = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (part, content) in parts {
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zipped.start_file(part.as_str(), options).expect("in memory");
        zipped.write_all(if part == chosen { replacement } else { content }).expect("in memory");
    }
    let bytes = zipped.finish().expect("in memory").into_inner();
    let path = Path::new(name);
    let Ok(read) = table::from_bytes(path, *kind, bytes) else { return };
    let figures = std::sync::Arc::new(workbook::read(&read));
    if let Ok(newest) = month::newest(&figures) {
        let _ = load::load_month(path, &figures, newest);
    }
});
