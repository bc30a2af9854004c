//! What the fuzz targets share: the sample month, and replacing one of its values.

use serde_json::Value;

pub const SAMPLE: &str = include_str!("../../data/2025-12.json");

/// Replaces the `n`th leaf (counting depth-first) with `new`; returns whether it was found.
pub fn replace_leaf(value: &mut Value, n: &mut usize, new: &Value) -> bool {
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

/// The sample with its `which`th value replaced by `replacement`, if that is JSON and the
/// sample has so many values.
pub fn mutated_sample(which: u8, replacement: &str) -> Option<String> {
    let replacement = serde_json::from_str::<Value>(replacement).ok()?;
    let mut sample: Value = serde_json::from_str(SAMPLE).expect("the sample is JSON");
    let mut n = usize::from(which);
    replace_leaf(&mut sample, &mut n, &replacement).then(|| sample.to_string())
}
