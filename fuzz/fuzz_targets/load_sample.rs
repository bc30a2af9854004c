//! The sample month with one value replaced by fuzzer-chosen JSON: reaches the checks on
//! figures, which random bytes rarely do. Loading, checking and preparing must never panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (u8, &str)| {
    let (which, replacement) = input;
    let Some(text) = common::mutated_sample(which, replacement) else { return };
    if let Ok(loaded) = factsheet::input::load::parse(std::path::Path::new("fuzz.json"), &text) {
        let _ = factsheet::text::view::View::new(&loaded.sheet, None).to_json();
    }
});
