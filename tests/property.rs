//! Randomly mutated sample months, within and beyond every limit: each is either refused with
//! an error that names a field of the file, or rendered to two pages whose text stays on the
//! page and is never printed over other text (checked here from the laid-out lines, apart
//! from the renderer's own check). 24 cases in the normal suite; `PROPTEST_CASES=2000 cargo
//! test property` for a long run.

use std::path::Path;

use proptest::prelude::*;
use serde_json::Value;

use factsheet::input::load;
use factsheet::output::inspect;
use factsheet::typeset::render;

use crate::harness::{leaves, sample_value, set};

/// One change to the sample.
#[derive(Debug, Clone)]
enum Mutation {
    /// A leaf (by its index among the sample's leaves) gets a text or a count of the leaf's
    /// own type, or a value of another type.
    Leaf { index: usize, text: String, count: u64, swap_type: bool },
    /// The footnotes repeated to this many.
    Footnotes(usize),
    /// The nationalities repeated to this many, under new names.
    Nationalities(usize),
}

/// Texts of every kind, from empty to well past any field's limit: mostly printable ones
/// (words, one long word of wide letters, marks, accents), which reach the layout, and now
/// and then line breaks, controls, invisible and unprintable characters.
fn text() -> impl Strategy<Value = String> {
    let printable = prop::sample::select(vec![
        "Serbia ",
        " ",
        "W",
        "M",
        "i",
        "WWWWWWWWWW",
        "and ",
        "²",
        "*",
        "é",
        "—",
        "1,234",
        "“",
        "’",
        "\u{a0}",
        "Ü",
    ]);
    let hostile = prop::sample::select(vec!["\n", "\t", "\u{7}", "\u{feff}", "\u{202e}", "▲", "\u{1680}", "\u{e000}"]);
    prop_oneof![
        8 => prop::collection::vec(printable.clone(), 1..60).prop_map(|p| p.concat()),
        1 => prop::collection::vec(printable, 0..400).prop_map(|p| p.concat()),
        1 => (prop::collection::vec(printable_or(hostile), 1..40)).prop_map(|p| p.concat()),
    ]
}

fn printable_or(hostile: impl Strategy<Value = &'static str> + Clone) -> impl Strategy<Value = &'static str> + Clone {
    prop_oneof![3 => prop::sample::select(vec!["Serbia ", "W", " "]), 1 => hostile]
}

fn count() -> impl Strategy<Value = u64> {
    prop_oneof![Just(0u64), Just(1), Just(999_999_999), Just(1_000_000_000), Just(u64::MAX), 0u64..10_000_000_000,]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<usize>(), text(), count(), prop::bool::weighted(0.05))
            .prop_map(|(index, text, count, swap_type)| Mutation::Leaf { index, text, count, swap_type }),
        1 => (0usize..12).prop_map(Mutation::Footnotes),
        1 => (0usize..300).prop_map(Mutation::Nationalities),
    ]
}

fn apply(data: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::Leaf { index, text, count, swap_type } => {
            let fields = leaves(data);
            let (path, old) = &fields[index % fields.len()];
            let new = match (old, swap_type) {
                (Value::String(_), false) => Value::from(text.clone()),
                (Value::Number(_), false) => Value::from(*count),
                (Value::Bool(b), false) => Value::from(!b),
                (Value::String(_), true) => Value::from(*count),
                (_, true) => Value::from(text.clone()),
                (other, false) => other.clone(),
            };
            set(data, path, new);
        }
        Mutation::Footnotes(n) => {
            let notes = data["notes"]["footnotes"].as_array().cloned().unwrap_or_default();
            let grown: Vec<Value> = notes.iter().cycle().take(*n).cloned().collect();
            data["notes"]["footnotes"] = Value::Array(grown);
        }
        Mutation::Nationalities(n) => {
            let list: Vec<Value> =
                (0..*n).map(|i| serde_json::json!({ "name": format!("Nationality {i}"), "count": 1 })).collect();
            data["present"]["by_nationality"] = Value::Array(list);
        }
    }
}

/// Makes the figures agree again after a change, as an officer's spreadsheet would, so that
/// large and odd figures reach the layout instead of stopping at the checks: the totals are
/// the sums of their parts, children and applications within what they are part of.
fn repair(data: &mut Value) {
    let sum = |v: &Value| v.as_array().map(|a| a.iter().filter_map(Value::as_u64).fold(0u64, u64::saturating_add));
    let count = |v: &Value| v.as_u64();
    if let Some(total) = sum(&data["arrivals"]["monthly"]) {
        data["arrivals"]["estimate"] = Value::from(total);
        data["arrivals"]["estimate_rounded"] = Value::from(false);
    }
    if let Some(total) = sum(&data["arrivals"]["monthly_last_year"]) {
        data["arrivals"]["last_year"] = Value::from(total);
    }
    let present: Option<u64> = data["present"]["by_country"]
        .as_object()
        .map(|m| m.values().filter_map(Value::as_u64).fold(0u64, u64::saturating_add));
    if let Some(total) = present {
        data["present"]["total"] = Value::from(total);
        if let Some(last) = data["present"]["monthly"].as_array_mut().and_then(|a| a.last_mut()) {
            *last = Value::from(total);
        }
        if let Some(uasc) = count(&data["present"]["uasc"]) {
            data["present"]["uasc"] = Value::from(uasc.min(total));
        }
        if let Some(list) = data["present"]["by_nationality"].as_array_mut() {
            let share = total / (list.len().max(1) as u64);
            for n in list {
                if let Some(c) = n["count"].as_u64() {
                    n["count"] = Value::from(c.min(share));
                }
            }
        }
    }
    if let (Some(i), Some(a)) = (count(&data["asylum"]["intentions"]), count(&data["asylum"]["applications"])) {
        data["asylum"]["applications"] = Value::from(a.min(i));
    }
}

/// The laid-out text of every page stays on the page, and no two runs on one baseline are
/// printed over each other: read from the document's lines, independently of the renderer's
/// own check.
fn assert_readable(compiled: &render::Compiled, case: &str) {
    let pages = compiled.document.pages();
    assert_eq!(pages.len(), render::PAGES, "{case}");
    for (n, page) in pages.iter().enumerate() {
        let (w, h) = (page.frame.width().to_pt(), page.frame.height().to_pt());
        let lines = inspect::lines(&page.frame);
        for l in &lines {
            let inside = l.x >= -0.5 && l.x + l.width <= w + 0.5 && l.y - 0.7 * l.size >= -0.5 && l.y <= h + 0.5;
            assert!(inside, "{case}: page {}: {:?} leaves the page", n + 1, l.text);
        }
        for (i, a) in lines.iter().enumerate() {
            for b in &lines[i + 1..] {
                let same_line = (a.y - b.y).abs() < 0.6 * a.size.min(b.size);
                let overlap = a.x.max(b.x) < (a.x + a.width).min(b.x + b.width) - 1.0;
                assert!(!(same_line && overlap), "{case}: page {}: {:?} is printed over {:?}", n + 1, b.text, a.text);
            }
        }
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_month_is_refused_naming_a_field_or_renders_readably(
        mutations in prop::collection::vec(mutation(), 1..4),
        agree in prop::bool::weighted(0.7),
    ) {
        let mut data = sample_value();
        for m in &mutations {
            apply(&mut data, m);
        }
        if agree {
            repair(&mut data);
        }
        let text = serde_json::to_string_pretty(&data).unwrap();
        let case = format!("{mutations:?} (figures made to agree: {agree})");
        match load::parse(Path::new("case.json"), &text) {
            Err(error) => {
                let message = error.to_string();
                prop_assert!(message.contains("case.json:"), "{case}: no file and line in\n{message}");
                prop_assert!(message.contains("error: "), "{case}\n{message}");
            }
            Ok(loaded) => match render::compile(&loaded.sheet, &render::Options::default()) {
                Ok(compiled) => assert_readable(&compiled, &case),
                Err(error) => {
                    let problems = error.data_problems(&loaded.sheet);
                    prop_assert!(problems.is_some(), "{case}: not an error about the data: {error}");
                    let problems = problems.unwrap_or_default();
                    prop_assert!(!problems.is_empty(), "{case}");
                    prop_assert!(problems.iter().all(|p| !p.path.0.is_empty()), "{case}: a problem names no field: {problems:?}");
                }
            },
        }
    }
}
