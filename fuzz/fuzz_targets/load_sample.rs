//! The sample month with one value replaced by fuzzer-chosen JSON: reaches the checks on
//! figures, which random bytes rarely do. Loading, checking and preparing must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const SAMPLE: &str = include_str!("../../data/2025-12.json");

/// Replaces the `n`th leaf (counting depth-first) with `new`; returns whether it was found.
fn replace_leaf(value: &mut Value, n: &mut usize, new: &Value) -> bool {
    match value {
        Value::Object(fields) => fields.values_mut().any(|v| replace_leaf(v, n, new)),
        Value::Array(items) => items.iter_mut().any(|v| replace_leaf(v, n, new)),
        leaf if *n == 0 => {
            *leaf = new.clone();
            true
        }
        _ => {
            *n -= 1;
            false
        }
    }
}

fuzz_target!(|input: (u8, &str)| {
    let (which, replacement) = input;
    let Ok(replacement) = serde_json::from_str::<Value>(replacement) else { return };
    let mut sample: Value = serde_json::from_str(SAMPLE).expect("the sample is JSON");
    let mut n = usize::from(which);
    if !replace_leaf(&mut sample, &mut n, &replacement) {
        return;
    }
    if let Ok(loaded) = factsheet::load::parse(std::path::Path::new("fuzz.json"), &sample.to_string()) {
        let _ = factsheet::view::View::new(&loaded.sheet, None).to_json();
    }
});
