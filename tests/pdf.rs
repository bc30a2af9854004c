//! The PDF file itself, read back with lopdf: pages and size, metadata, embedded fonts, the
//! PDF/A and PDF/UA identification and tagging, and byte-for-byte reproducibility across folders, time
//! zones and runs; and the PNG pages.

use lopdf::{Dictionary, Document, Object};

use factsheet::typeset::render::{Export, Standard};

use crate::harness::{TempDir, compile, run, sample};

fn sample_pdf(export: &Export) -> Vec<u8> {
    compile(&sample()).pdf(export).unwrap_or_else(|e| panic!("{e}"))
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    doc.dereference(object).map(|(_, o)| o).unwrap_or(object)
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> &'a Dictionary {
    match resolve(doc, object) {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        other => panic!("not a dictionary: {other:?}"),
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, or PDFDocEncoding (ASCII here).
fn text(doc: &Document, object: &Object) -> String {
    match resolve(doc, object) {
        Object::String(bytes, _) if bytes.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> = bytes[2..].chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units)
        }
        Object::String(bytes, _) => String::from_utf8_lossy(bytes).into_owned(),
        other => panic!("not a string: {other:?}"),
    }
}

fn number(object: &Object) -> f64 {
    match object {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn two_a4_pages() {
    let doc = Document::load_mem(&sample_pdf(&Export::default())).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 2);
    for id in pages.values() {
        let page = doc.get_dictionary(*id).unwrap();
        let Ok(Object::Array(mediabox)) = page.get(b"MediaBox") else { panic!("no MediaBox") };
        let size: Vec<i64> = mediabox.iter().map(|o| number(o).round() as i64).collect();
        assert_eq!(size, [0, 0, 595, 842]);
    }
}

#[test]
fn metadata_comes_from_the_data() {
    let doc = Document::load_mem(&sample_pdf(&Export::default())).unwrap();
    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    let field = |key: &[u8]| text(&doc, info.get(key).unwrap());
    assert_eq!(
        field(b"Title"),
        "Western Balkans: Refugees, asylum-seekers and other people in mixed movements - December 2025"
    );
    assert_eq!(field(b"Author"), "UNHCR");
    assert_eq!(field(b"Subject"), "Key figures at regional level as of 31 December 2025");
    assert!(field(b"Keywords").contains("mixed movements"));
    assert!(field(b"CreationDate").starts_with("D:20260120"), "{}", field(b"CreationDate"));
    let catalog = doc.catalog().unwrap();
    assert_eq!(text(&doc, catalog.get(b"Lang").unwrap()), "en");
}

/// The document's XMP metadata.
fn xmp(doc: &Document) -> String {
    let catalog = doc.catalog().unwrap();
    let Object::Stream(metadata) = resolve(doc, catalog.get(b"Metadata").unwrap()) else { panic!("no XMP") };
    String::from_utf8_lossy(&metadata.get_plain_content().unwrap()).into_owned()
}

#[test]
fn pdf_a_2a_identification_and_tagging() {
    let doc = Document::load_mem(&sample_pdf(&Export::default())).unwrap();
    let catalog = doc.catalog().unwrap();
    let xmp = xmp(&doc);
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    assert!(xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"), "{xmp}");
    let mark_info = dict(&doc, catalog.get(b"MarkInfo").unwrap());
    assert!(matches!(mark_info.get(b"Marked"), Ok(Object::Boolean(true))));
    assert!(catalog.get(b"StructTreeRoot").is_ok());

    let plain = Document::load_mem(&sample_pdf(&Export { standard: Standard::None, pages: vec![] })).unwrap();
    assert!(
        plain.catalog().unwrap().get(b"Metadata").is_err() || {
            let Object::Stream(m) = resolve(&plain, plain.catalog().unwrap().get(b"Metadata").unwrap()) else {
                panic!()
            };
            !String::from_utf8_lossy(&m.get_plain_content().unwrap()).contains("pdfaid:part")
        }
    );
}

/// The structure elements of a tagged PDF, depth first: each one's type, its alternative
/// text, its /Scope (a header cell's), and how many marked-content items it holds directly.
fn structure(doc: &Document) -> Vec<(String, String, String, usize)> {
    fn walk(doc: &Document, object: &Object, out: &mut Vec<(String, String, String, usize)>) {
        match resolve(doc, object) {
            Object::Array(kids) => kids.iter().for_each(|k| walk(doc, k, out)),
            Object::Dictionary(d) => {
                let name = |key: &[u8]| match d.get(key) {
                    Ok(Object::Name(n)) => String::from_utf8_lossy(n).into_owned(),
                    _ => String::new(),
                };
                let Ok(kids) = d.get(b"K") else { return };
                let marks = match resolve(doc, kids) {
                    Object::Integer(_) => 1,
                    Object::Array(items) => items.iter().filter(|i| matches!(i, Object::Integer(_))).count(),
                    _ => 0,
                };
                let alt = d.get(b"Alt").map(|a| text(doc, a)).unwrap_or_default();
                // Attributes: one dictionary, or an array of them.
                let attributes: Vec<&Object> = match d.get(b"A").map(|a| resolve(doc, a)) {
                    Ok(Object::Array(items)) => items.iter().collect(),
                    Ok(other) => vec![other],
                    Err(_) => vec![],
                };
                let scope = attributes
                    .into_iter()
                    .find_map(|a| match dict(doc, a).get(b"Scope") {
                        Ok(Object::Name(n)) => Some(String::from_utf8_lossy(n).into_owned()),
                        _ => None,
                    })
                    .unwrap_or_default();
                out.push((name(b"S"), alt, scope, marks));
                walk(doc, kids, out);
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let root = dict(doc, doc.catalog().unwrap().get(b"StructTreeRoot").unwrap());
    walk(doc, root.get(b"K").unwrap(), &mut out);
    out
}

/// The default PDF is PDF/A-2a and PDF/UA-1 at once, and tagged as a screen reader needs it:
/// what `pdfua check` verifies, and what it cannot (its heading rule fails on typst's
/// headings), checked here.
#[test]
fn pdf_ua_1_identification_headings_tables_and_figures() {
    let doc = Document::load_mem(&sample_pdf(&Export::default())).unwrap();
    let catalog = doc.catalog().unwrap();
    let xmp = xmp(&doc);
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    let preferences = dict(&doc, catalog.get(b"ViewerPreferences").unwrap());
    assert!(
        matches!(preferences.get(b"DisplayDocTitle"), Ok(Object::Boolean(true))),
        "viewers show the title, not the file name"
    );

    let tags = structure(&doc);
    let count = |kind: &str| tags.iter().filter(|t| t.0 == kind).count();
    // The title, and the seven section headings of the two pages, each holding its text.
    assert_eq!((count("H1"), count("H2")), (1, 7), "{tags:#?}");
    assert!(
        tags.iter().filter(|t| t.0.starts_with('H') && t.0.len() == 2).all(|t| t.3 > 0),
        "an empty heading: {tags:#?}"
    );
    // Three bar tables (countries on the map panel, the breakdown, nationalities): every row
    // headed by its name, six rows each and the nationalities' remainder.
    assert_eq!(count("Table"), 3);
    assert_eq!(count("TR"), 6 + 6 + 6);
    assert_eq!(count("TH"), count("TR"));
    assert!(tags.iter().filter(|t| t.0 == "TH").all(|t| t.2 == "Row"), "{tags:#?}");
    // The two charts and the map, each with its alternative text.
    let figures: Vec<&String> = tags.iter().filter(|t| t.0 == "Figure").map(|t| &t.1).collect();
    assert_eq!(figures.len(), 3);
    assert!(figures[0].starts_with("Column chart of regional new arrivals per month"), "{figures:?}");
    assert!(figures[1].starts_with("Map of the region"), "{figures:?}");
    assert!(figures[2].starts_with("Column chart of refugees and migrants present"), "{figures:?}");
}

#[test]
fn every_font_is_lato_embedded_and_subset() {
    let doc = Document::load_mem(&sample_pdf(&Export::default())).unwrap();
    let mut names = Vec::new();
    for id in doc.get_pages().values() {
        for font in doc.get_page_fonts(*id).unwrap().values() {
            let Ok(Object::Name(base)) = font.get(b"BaseFont") else { panic!("font without a name") };
            let base = String::from_utf8_lossy(base).into_owned();
            // A Type0 font keeps its descriptor on its descendant.
            let descendant = match font.get(b"DescendantFonts").map(|o| resolve(&doc, o)) {
                Ok(Object::Array(fonts)) => dict(&doc, &fonts[0]),
                _ => font,
            };
            let descriptor = dict(&doc, descendant.get(b"FontDescriptor").unwrap());
            assert!(
                descriptor.get(b"FontFile2").is_ok() || descriptor.get(b"FontFile3").is_ok(),
                "{base} is not embedded"
            );
            let (prefix, family) = base.split_once('+').unwrap_or(("", &base));
            assert!(prefix.len() == 6 && prefix.chars().all(|c| c.is_ascii_uppercase()), "{base} is not subset");
            assert!(family.starts_with("Lato-"), "{base} is not Lato");
            names.push(family.to_owned());
        }
    }
    names.sort();
    names.dedup();
    let bundled = ["Lato-Black", "Lato-Bold", "Lato-Italic", "Lato-Regular"];
    assert!(names.iter().all(|n| bundled.contains(&n.as_str())), "{names:?}");
    assert!(names.contains(&"Lato-Regular".to_owned()) && names.contains(&"Lato-Bold".to_owned()), "{names:?}");
}

#[test]
fn page_selection_writes_only_those_pages() {
    let doc = Document::load_mem(&sample_pdf(&Export { standard: Standard::A2b, pages: vec![2] })).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    // Typst tags only whole documents, which PDF/A-2a requires.
    let error = compile(&sample()).pdf(&Export { standard: Standard::A2a, pages: vec![2] }).unwrap_err();
    assert!(error.to_string().contains("--pdf-standard a-2b"), "{error}");
}

#[test]
fn same_input_same_bytes_in_any_folder_and_time_zone() {
    let (a, b) = (TempDir::new("repro-a"), TempDir::new("repro-b"));
    let data = sample();
    let render = |dir: &TempDir, tz: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_factsheet"))
            .args(["render", data.to_str().unwrap(), "-o", "x.pdf"])
            .current_dir(dir.path())
            .env("TZ", tz)
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        std::fs::read(dir.join("x.pdf")).unwrap()
    };
    let first = render(&a, "UTC");
    let second = render(&b, "Pacific/Auckland");
    assert!(first == second, "the two renders differ");
    assert!(first == sample_pdf(&Export::default()), "the binary and the library differ");
}

#[test]
fn source_date_epoch_sets_the_date() {
    let dir = TempDir::new("epoch");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_factsheet"))
        .args(["render", sample().to_str().unwrap(), "-o", "x.pdf"])
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1835395200")
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc = Document::load_mem(&std::fs::read(dir.join("x.pdf")).unwrap()).unwrap();
    let info = dict(&doc, doc.trailer.get(b"Info").unwrap());
    assert!(text(&doc, info.get(b"CreationDate").unwrap()).starts_with("D:20280229"));
}

#[test]
fn png_pages_for_email() {
    let dir = TempDir::new("png");
    let result =
        run(dir.path(), &["render", sample().to_str().unwrap(), "--format", "png", "--ppi", "72", "-o", "dec.png"]);
    assert!(result.status.success(), "{}", String::from_utf8_lossy(&result.stderr));
    for page in ["dec-1.png", "dec-2.png"] {
        let image = image::open(dir.join(page)).unwrap();
        assert_eq!((image.width(), image.height()), (595, 842));
    }
    let one =
        run(dir.path(), &["render", sample().to_str().unwrap(), "--format", "png", "--pages", "2", "-o", "p2.png"]);
    assert!(one.status.success());
    assert!(dir.join("p2.png").is_file() && !dir.join("p2-1.png").exists());
}
