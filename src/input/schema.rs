//! The JSON Schema of the data file, generated from the model, and the structural check of a
//! parsed file against it: every missing, unknown or mistyped field and every value out of
//! range, all at once, each with its path, what was found and what was expected.

use serde_json::{Map, Value};

use crate::input::locate::FieldPath;
use crate::input::model::Factsheet;
use crate::input::validate::Problem;

/// The largest count a factsheet prints: nine digits, more than any operation counts. The
/// pages have room for it, and it keeps every sum over a file's figures far inside `u64`.
pub const MAX_COUNT: u64 = 999_999_999;

/// The schema as pretty JSON, what `factsheet schema` prints and `factsheet.schema.json` holds.
pub fn json() -> String {
    let mut text = serde_json::to_string_pretty(value()).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema as a JSON value, generated once per process: the model's, with the limits that
/// `check` enforces added, so that an editor flags what `check` would.
pub fn value() -> &'static Value {
    static SCHEMA: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut schema = schemars::schema_for!(Factsheet).to_value();
        add_limits(&mut schema);
        schema
    })
}

/// Adds the limits `check` enforces to the schema: the most a count may be (its properties,
/// list items and per-country values), and for each text by its field's name the most
/// characters it may have and the characters it may not (see [`text_rules`]).
fn add_limits(schema: &mut Value) {
    match schema {
        Value::Object(fields) => {
            if fields.get("format").and_then(Value::as_str) == Some("uint64") {
                fields.insert("maximum".into(), Value::from(MAX_COUNT));
            }
            if let Some(Value::Object(properties)) = fields.get_mut("properties") {
                for (key, property) in properties.iter_mut() {
                    text_rules(key, property);
                    list_rules(key, property);
                }
            }
            fields.values_mut().for_each(add_limits);
        }
        Value::Array(items) => items.iter_mut().for_each(add_limits),
        _ => {}
    }
}

/// The most and fewest items of a list, by its field's name, as `check` enforces them.
pub fn list_limits(key: &str) -> Option<(usize, usize)> {
    use crate::input::validate::{MAX_COUNTRIES, MAX_DASHED, MAX_FOOTNOTES, MAX_NATIONALITIES};
    match key {
        "countries" => Some((1, MAX_COUNTRIES)),
        "dashed" => Some((0, MAX_DASHED)),
        "footnotes" => Some((0, MAX_FOOTNOTES)),
        "by_nationality" => Some((0, MAX_NATIONALITIES)),
        // One value per month of the period, or of the last twelve months.
        "monthly" | "monthly_last_year" => Some((1, 12)),
        _ => None,
    }
}

fn list_rules(key: &str, property: &mut Value) {
    let Value::Object(fields) = property else { return };
    if let Some((min, max)) = list_limits(key).filter(|_| fields.get("type").and_then(Value::as_str) == Some("array")) {
        if min > 0 {
            fields.insert("minItems".into(), Value::from(min));
        }
        fields.insert("maxItems".into(), Value::from(max));
    }
    // A per-country map: keyed by three-letter codes, one per listed country at most.
    if key == "by_country" && fields.get("type").and_then(Value::as_str) == Some("object") {
        fields.insert("propertyNames".into(), serde_json::json!({ "pattern": "^[A-Z]{3}$" }));
        fields.insert("maxProperties".into(), Value::from(crate::input::validate::MAX_COUNTRIES));
    }
    // `check` refuses a country or a nationality listed twice; a schema can say only that no
    // item is the same as another as a whole, which catches a pasted duplicate.
    if matches!(key, "countries" | "by_nationality") {
        fields.insert("uniqueItems".into(), Value::from(true));
    }
}

/// Characters no printed text may hold, as a JSON Schema (ECMAScript) class: controls and the
/// common invisible formatting characters. `check` refuses these and the rest of their
/// Unicode categories; line breaks are added for one-line texts.
const UNPRINTABLE: &str = "\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u200B-\\u200F\\u202A-\\u202E\\u2028\\u2029\\u2060-\\u2064\\uFEFF";

/// The length limit, allowed characters and line-break rule of a text field, by its name.
fn text_rules(key: &str, property: &mut Value) {
    let Value::Object(fields) = property else { return };
    // A text that may be given per language: the rules apply to each language's text.
    if fields.get("$ref").and_then(Value::as_str).is_some_and(|r| r.ends_with("/Text")) {
        let mut plain = serde_json::json!({ "type": "string" });
        let mut each = serde_json::json!({ "type": "string" });
        text_rules(key, &mut plain);
        text_rules(key, &mut each);
        fields.remove("$ref");
        fields.insert(
            "anyOf".into(),
            serde_json::json!([plain, { "type": "object", "additionalProperties": each, "minProperties": 1 }]),
        );
        return;
    }
    let is_text = fields.get("type").and_then(Value::as_str) == Some("string");
    if !is_text || key.starts_with('$') {
        return;
    }
    let (limit, _) = crate::input::validate::text_limit(key);
    fields.insert("maxLength".into(), Value::from(limit));
    // Every printed text but a footnote mark must say something (`check`: "found empty text").
    if !crate::input::validate::MARKS.contains(&key) {
        fields.insert("minLength".into(), Value::from(1));
    }
    if key == "code" {
        fields.insert("pattern".into(), Value::from("^[A-Z]{3}$"));
        return;
    }
    if key == "published" {
        return;
    }
    let paragraph = crate::input::validate::PARAGRAPHS.contains(&key);
    let class = if paragraph { UNPRINTABLE.to_owned() } else { format!("{UNPRINTABLE}\\u000A\\u000D") };
    fields.insert("pattern".into(), Value::from(format!("^[^{class}]*$")));
    let rule = if paragraph {
        "A paragraph: a line break in it reads as a space."
    } else {
        "Set on one line: a line break is an error."
    };
    let description = fields.get("description").and_then(Value::as_str).map_or(String::new(), |d| format!("{d} "));
    fields.insert("description".into(), Value::from(format!("{description}At most {limit} characters. {rule}")));
}

/// Checks a parsed data file against the schema. Returns every problem found.
pub fn check(data: &Value) -> Vec<Problem> {
    let root = value();
    let mut problems = Vec::new();
    Checker { root, problems: &mut problems }.check(root, data, &FieldPath::root());
    problems
}

struct Checker<'a> {
    root: &'a Value,
    problems: &'a mut Vec<Problem>,
}

/// A schema with its `$ref` followed; a description beside the `$ref` is kept.
fn resolve<'a>(root: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap_or_default();
            root.get("$defs").and_then(|defs| defs.get(name)).unwrap_or(schema)
        }
        None => schema,
    }
}

fn description(schema: &Value) -> Option<String> {
    let text = schema.get("description")?.as_str()?;
    Some(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The JSON types a schema allows.
fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A value as a reader recognises it in the file: `-134`, `"abc"`, `a list of 3 values`.
pub fn found(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > 40 => {
            format!("text of {} characters", s.chars().count())
        }
        Value::Array(items) => format!("a list of {} values", items.len()),
        Value::Object(_) => "an object".to_owned(),
        other => other.to_string(),
    }
}

/// What a schema asks for, in words: `a whole number, 0 or more`, `text in double quotes`.
fn expected(schema: &Value) -> String {
    // Option<T>, or a text given plain or per language: what the first branch asks for.
    if let Some(first) =
        schema.get("anyOf").and_then(Value::as_array).and_then(|o| o.iter().find(|o| !types(o).eq(&["null"])))
    {
        return expected(first);
    }
    let words: Vec<String> = types(schema)
        .into_iter()
        .filter(|t| *t != "null")
        .map(|t| match t {
            "integer" => {
                let min = schema.get("minimum").and_then(Value::as_i64);
                let max = schema.get("maximum").and_then(Value::as_i64);
                match (min, max) {
                    (Some(min), Some(max)) if max < 10_000 => format!("a whole number from {min} to {max}"),
                    (Some(0), Some(max)) => {
                        format!("a whole number from 0 to {}", crate::text::format::thousands(max.unsigned_abs()))
                    }
                    (Some(0), _) => "a whole number, 0 or more".to_owned(),
                    _ => "a whole number".to_owned(),
                }
            }
            "number" => "a number".to_owned(),
            "string" => "text in double quotes".to_owned(),
            "boolean" => "true or false".to_owned(),
            "array" => "a list in [ ]".to_owned(),
            "object" => "an object in { }".to_owned(),
            other => other.to_owned(),
        })
        .collect();
    if words.is_empty() { "a value".to_owned() } else { words.join(" or ") }
}

/// The candidate a misspelt name was most likely meant to be: the same but for case, or a
/// few typing mistakes away for its length (one in a short name, one in three in a longer one);
/// `None` when nothing is that near. `name` and `uasc` are not near; `intentionz` and
/// `intentions` are.
pub fn nearest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    candidates
        .map(|c| (if c.to_lowercase() == lower { 0 } else { distance(&lower, &c.to_lowercase()) }, c))
        .filter(|&(d, c)| d <= 1.max(c.chars().count().min(name.chars().count()) / 3))
        .min()
        .map(|(_, c)| c)
}

/// Edit distance, for suggesting the field (or message) a misspelt one was meant to be.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

impl Checker<'_> {
    fn check(&mut self, schema: &Value, value: &Value, path: &FieldPath) {
        let hint_base = description(schema);
        let schema = resolve(self.root, schema);
        let hint_base = hint_base.or_else(|| description(schema));

        if let Some(options) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array) {
            // Option<T>: null, or T; a text: one, or one per language. Check against the branch
            // of the value's type, or report against the first branch that is not null.
            if value.is_null() && options.iter().any(|o| types(resolve(self.root, o)).contains(&"null")) {
                return;
            }
            let branches: Vec<&Value> =
                options.iter().filter(|o| !types(resolve(self.root, o)).eq(&["null"])).collect();
            let matching = branches.iter().find(|o| types(resolve(self.root, o)).contains(&type_of(value)));
            if let Some(branch) = matching.or(branches.first()) {
                self.check(branch, value, path);
            }
            return;
        }

        let allowed = types(schema);
        let actual = type_of(value);
        let fits =
            allowed.is_empty() || allowed.contains(&actual) || (actual == "integer" && allowed.contains(&"number"));
        let about = hint_base.map(|d| format!(" This field: {d}")).unwrap_or_default();
        if !fits {
            // A count written as text, `"11,814"`: say exactly what to write.
            let digits = value.as_str().filter(|_| allowed.contains(&"integer")).map(|t| {
                t.trim().chars().filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}' | '\'')).collect::<String>()
            });
            let fix = match digits {
                Some(d) if !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()) => {
                    let separators = value.as_str().is_some_and(|t| t.trim() != d);
                    format!(
                        "remove the quotes{}: write {d}, a number, not text.{about}",
                        if separators { " and the separators" } else { "" }
                    )
                }
                _ => format!("write {} here.{about}", expected(schema)),
            };
            self.problems.push(Problem::error(
                path.clone(),
                format!("found {}, expected {}", found(value), expected(schema)),
                fix,
            ));
            return;
        }

        match value {
            Value::Number(n) => {
                let min = schema.get("minimum").and_then(Value::as_f64);
                let max = schema.get("maximum").and_then(Value::as_f64);
                let v = n.as_f64().unwrap_or(0.0);
                if min.is_some_and(|min| v < min) || max.is_some_and(|max| v > max) {
                    let count = schema.get("format").and_then(Value::as_str) == Some("uint64");
                    let fix = if count && v < 0.0 {
                        "counts are never negative".to_owned()
                    } else if count {
                        "no operation counts a billion persons: look for extra digits".to_owned()
                    } else {
                        format!("use {}", expected(schema))
                    };
                    self.problems.push(Problem::error(
                        path.clone(),
                        format!("found {n}, expected {}", expected(schema)),
                        format!("{fix}.{about}"),
                    ));
                }
            }
            Value::Array(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item_schema, item, &path.index(i));
                    }
                }
            }
            Value::Object(fields) => self.object(schema, fields, path),
            _ => {}
        }
    }

    fn object(&mut self, schema: &Value, fields: &Map<String, Value>, path: &FieldPath) {
        let empty = Map::new();
        let properties = schema.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        // A field that is a misspelling of a missing one is reported once, as a misspelling.
        let known: Vec<&str> = properties.keys().map(String::as_str).filter(|k| !k.starts_with('$')).collect();
        let misspelt = |name: &str| -> Option<&str> { nearest(name, known.iter().copied()) };
        let meant: Vec<&str> = fields
            .keys()
            .filter(|k| !properties.contains_key(k.as_str()))
            .filter_map(|k| misspelt(k))
            .filter(|k| !fields.contains_key(*k))
            .collect();
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !fields.contains_key(name) && !meant.contains(&name) {
                    let what = properties.get(name).map(|p| resolve(self.root, p)).map(expected);
                    let about =
                        properties.get(name).and_then(description).map(|d| format!(": {d}")).unwrap_or_default();
                    let place = if path.0.is_empty() { "the top of the file".to_owned() } else { format!("`{path}`") };
                    self.problems.push(Problem::error(
                        path.key(name),
                        format!("found no `{name}`, expected {}", what.unwrap_or_else(|| "a value".into())),
                        format!("add \"{name}\" to {place}{about}"),
                    ));
                }
            }
        }
        for (name, value) in fields {
            match properties.get(name) {
                Some(property) => self.check(property, value, &path.key(name)),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        let closest = misspelt(name);
                        let (message, fix) = match closest {
                            Some(k) if !fields.contains_key(k) => (
                                format!(
                                    "found an unknown field `{name}`, and no `{k}`: `{name}` is probably `{k}` misspelt"
                                ),
                                format!("rename it \"{k}\"; the fields here are"),
                            ),
                            Some(k) => (
                                format!("found an unknown field `{name}`"),
                                format!("did you mean \"{k}\"? The fields here are"),
                            ),
                            None => (
                                format!("found an unknown field `{name}`"),
                                "remove it or correct its name; the fields here are".to_owned(),
                            ),
                        };
                        let mut problem =
                            Problem::error(path.key(name), message, format!("{fix}: {}", known.join(", ")));
                        problem.at_key = true;
                        self.problems.push(problem);
                    }
                    Some(extra @ Value::Object(_)) => self.check(extra, value, &path.key(name)),
                    _ => {}
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        serde_json::from_str(include_str!("../../data/2025-12.json")).unwrap()
    }

    fn messages(value: &Value) -> Vec<String> {
        check(value).iter().map(|p| format!("{}: {}", p.path, p.message)).collect()
    }

    #[test]
    fn the_sample_has_the_right_shape() {
        assert_eq!(messages(&sample()), Vec::<String>::new());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut data = sample();
        data["present"]["uasc"] = Value::from(-134);
        data["edition"]["month"] = Value::from(13);
        data["arrivals"]["estimate"] = Value::from("11,814");
        data["asylum"]["intentionz"] = Value::from(1);
        data["countries"][2].as_object_mut().unwrap().remove("name");
        data["present"]["by_country"]["BIH"] = Value::from(1e18);
        let mut found = messages(&data);
        found.sort();
        assert_eq!(
            found,
            [
                "arrivals.estimate: found \"11,814\", expected a whole number from 0 to 999,999,999",
                "asylum.intentionz: found an unknown field `intentionz`",
                "countries[2].name: found no `name`, expected text in double quotes",
                "edition.month: found 13, expected a whole number from 1 to 12",
                "present.by_country.BIH: found 1e+18, expected a whole number from 0 to 999,999,999",
                "present.uasc: found -134, expected a whole number from 0 to 999,999,999",
            ]
        );
        let unknown = check(&data).into_iter().find(|p| p.at_key).unwrap();
        assert!(unknown.hint.starts_with("did you mean \"intentions\"?"), "{}", unknown.hint);
    }

    #[test]
    fn optional_fields_may_be_null_or_absent_but_not_mistyped() {
        let mut data = sample();
        data["notes"]["footnotes"][0]["link"] = Value::Null;
        data["countries"][0].as_object_mut().unwrap().remove("mark");
        assert_eq!(messages(&data), Vec::<String>::new());
        data["notes"]["footnotes"][0]["link"] = Value::from(5);
        assert_eq!(messages(&data), ["notes.footnotes[0].link: found 5, expected an object in { }"]);
    }

    #[test]
    fn the_schema_carries_the_limits_check_enforces() {
        let defs = &value()["$defs"];
        // A text given plain or per language carries the rules in both forms.
        let title = &defs["Edition"]["properties"]["title"]["anyOf"][0];
        assert_eq!(
            defs["Edition"]["properties"]["title"]["anyOf"][1]["additionalProperties"]["maxLength"],
            crate::input::validate::text_limit("title").0
        );
        assert_eq!(title["maxLength"], crate::input::validate::text_limit("title").0);
        let one_line = regex_class(title["pattern"].as_str().unwrap());
        assert!(one_line.contains("\\u000A") && one_line.contains("\\uFEFF"), "{one_line}");
        let note = &defs["Notes"]["properties"]["data_note"]["anyOf"][0];
        assert!(!note["pattern"].as_str().unwrap().contains("\\u000A"), "{note}");
        assert!(note["description"].as_str().unwrap().ends_with("a line break in it reads as a space."));
        assert_eq!(defs["Country"]["properties"]["code"]["pattern"], "^[A-Z]{3}$");
        assert_eq!(defs["Present"]["properties"]["uasc"]["maximum"], MAX_COUNT);
        assert_eq!(defs["Present"]["properties"]["monthly"]["items"]["maximum"], MAX_COUNT);
        // The lists' limits are check's own constants.
        use crate::input::validate::{MAX_COUNTRIES, MAX_FOOTNOTES, MAX_NATIONALITIES};
        assert_eq!(value()["properties"]["countries"]["maxItems"], MAX_COUNTRIES);
        assert_eq!(value()["properties"]["countries"]["minItems"], 1);
        assert_eq!(value()["properties"]["countries"]["uniqueItems"], true);
        assert_eq!(defs["Present"]["properties"]["by_country"]["maxProperties"], MAX_COUNTRIES);
        assert_eq!(defs["Present"]["properties"]["by_country"]["propertyNames"]["pattern"], "^[A-Z]{3}$");
        assert_eq!(defs["Notes"]["properties"]["footnotes"]["maxItems"], MAX_FOOTNOTES);
        assert_eq!(defs["Present"]["properties"]["by_nationality"]["maxItems"], MAX_NATIONALITIES);
        assert_eq!(defs["Arrivals"]["properties"]["monthly"]["maxItems"], 12);
        assert_eq!(title["minLength"], 1);
        assert!(defs["Country"]["properties"]["mark"].get("minLength").is_none(), "a mark may be empty");
    }

    fn regex_class(pattern: &str) -> &str {
        pattern.trim_start_matches("^[^").trim_end_matches("]*$")
    }

    #[test]
    fn edit_distance() {
        assert_eq!(distance("intentionz", "intentions"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
