//! The sample month with one value replaced by fuzzer-chosen JSON, then laid out: a month that
//! passes the checks must render to two pages that hold it, or be refused with problems that
//! each name a field of the file; never a panic, a layout error or a page that overflows.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

use factsheet::typeset::render::{self, RenderError};

fuzz_target!(|input: (u8, &str)| {
    let (which, replacement) = input;
    let Some(text) = common::mutated_sample(which, replacement) else { return };
    let Ok(loaded) = factsheet::input::load::parse(std::path::Path::new("fuzz.json"), &text) else { return };
    match render::compile(&loaded.sheet, &render::Options::default()) {
        Ok(compiled) => assert_eq!(compiled.document.pages().len(), render::PAGES),
        Err(error @ (RenderError::Data { .. } | RenderError::Misfits { .. })) => {
            let problems = error.data_problems(&loaded.sheet).expect("the data's own error");
            assert!(!problems.is_empty() && problems.iter().all(|p| !p.path.0.is_empty()), "{problems:?}");
            // The problems are reported at their lines without panicking.
            let _ = loaded.report(std::path::Path::new("fuzz.json"), &problems);
        }
        Err(other) => panic!("a checked month gave a layout error: {other}"),
    }
    // Typst's caches would otherwise grow with every input, as in a long `watch`.
    typst::comemo::evict(10);
});
