//! Any bytes as a data file: loading and checking must return a month or an error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(loaded) = factsheet::input::load::parse(std::path::Path::new("fuzz.json"), text) {
            // A month that passes the checks must also prepare without panicking.
            let _ = factsheet::text::view::View::new(&loaded.sheet, None).to_json();
        }
    }
});
