//! The checks on a month's figures once the file has the right shape: impossible values,
//! figures that disagree with each other (errors, which stop the render), and what is legal but
//! suspicious (warnings, which do not).

use std::collections::BTreeMap;

use crate::format::{month_name, thousands};
use crate::locate::FieldPath;
use crate::model::{Date, Factsheet};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The factsheet would be wrong: nothing is rendered.
    Error,
    /// Probably a typing mistake, but a possible month: rendered all the same.
    Warning,
}

/// One thing wrong with a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// The field, e.g. `present.by_country.BIH`.
    pub path: FieldPath,
    /// Point at the field's key rather than its value (unknown fields).
    pub at_key: bool,
    /// A byte offset to point at instead of the field (JSON syntax errors, which have none).
    pub offset: Option<usize>,
    /// What is wrong: what was found and what was expected.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Problem {
    pub fn error(path: FieldPath, message: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem { severity: Severity::Error, path, at_key: false, offset: None, message: message.into(), hint: hint.into() }
    }

    pub fn warning(path: FieldPath, message: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem { severity: Severity::Warning, path, at_key: false, offset: None, message: message.into(), hint: hint.into() }
    }
}

/// A month is "far above the rest" when it is more than this many times the series' median.
pub const OUTLIER_FACTOR: u64 = 3;

/// Checks a factsheet whose fields all have the right types. Returns errors and warnings.
pub fn check(sheet: &Factsheet) -> Vec<Problem> {
    let mut out = Checks(Vec::new());
    out.edition(sheet);
    out.countries(sheet);
    out.arrivals(sheet);
    out.asylum(sheet);
    out.present(sheet);
    if let Ok(value) = serde_json::to_value(sheet) {
        out.texts(&value, &FieldPath::root());
    }
    out.list_limit("countries", sheet.countries.len(), MAX_COUNTRIES, "countries");
    out.list_limit("present.by_nationality", sheet.present.by_nationality.len(), MAX_NATIONALITIES, "nationalities");
    out.list_limit("notes.footnotes", sheet.notes.footnotes.len(), MAX_FOOTNOTES, "footnotes");
    out.0
}

/// Fields that are information for people and tools, never printed or checked.
const UNCHECKED: [&str; 2] = ["$schema", "illustrative"];
/// Fields whose text is never printed, so any character will do.
const UNPRINTED: [&str; 4] = ["url", "geometry", "code", "published"];
/// Footnote marks, which may be empty.
const MARKS: [&str; 2] = ["mark", "ratio_mark"];

/// The most countries, nationalities and footnotes the pages have room for.
pub const MAX_COUNTRIES: usize = 12;
pub const MAX_NATIONALITIES: usize = 250;
pub const MAX_FOOTNOTES: usize = 8;

/// How many characters a text field may have, by its name, and where it goes.
pub fn text_limit(key: &str) -> (usize, &'static str) {
    match key {
        "mark" | "ratio_mark" => (4, "in a footnote mark"),
        "code" => (3, "in a country code"),
        "published" => (10, "in a date"),
        "name" | "organisation" | "operation" => (40, "on a line of a table or the header"),
        "label" => (60, "in a link"),
        "region" => (60, "in a sentence"),
        "title" => (100, "in the header"),
        "contact" | "source" => (120, "in the footer"),
        "map_disclaimer" => (300, "under the map"),
        "url" | "geometry" => (300, "in a link or path"),
        "text" => (400, "in a footnote"),
        "context" => (500, "after the summary of arrivals"),
        "accommodation" => (600, "beside the persons present"),
        "data_note" => (1200, "in the note on page 2"),
        _ => (200, "in its place"),
    }
}

struct Checks(Vec<Problem>);

fn at(path: &str) -> FieldPath {
    FieldPath::parse(path)
}

impl Checks {
    fn error(&mut self, path: FieldPath, message: impl Into<String>, hint: impl Into<String>) {
        self.0.push(Problem::error(path, message, hint));
    }

    fn warning(&mut self, path: FieldPath, message: impl Into<String>, hint: impl Into<String>) {
        self.0.push(Problem::warning(path, message, hint));
    }



    /// Every text of the file: not empty (marks may be), not longer than its place on the page
    /// allows, and drawable with the bundled fonts (a missing glyph would print as an empty box,
    /// with no warning from the typesetter).
    fn texts(&mut self, value: &serde_json::Value, path: &FieldPath) {
        match value {
            serde_json::Value::String(text) => {
                let key = path.last_key().unwrap_or_default();
                if text.trim().is_empty() && !MARKS.contains(&key) {
                    self.error(
                        path.clone(),
                        "found empty text, expected the words to print",
                        "write the text, or copy it from last month's file",
                    );
                }
                let (limit, place) = text_limit(key);
                let length = text.chars().count();
                if length > limit {
                    self.error(
                        path.clone(),
                        format!("found {length} characters, more than the {limit} that fit {place}"),
                        "shorten the text; the layout would have to cut it or run onto a third page",
                    );
                }
                let missing = if UNPRINTED.contains(&key) { Vec::new() } else { crate::fonts::missing_glyphs(text) };
                if !missing.is_empty() {
                    let chars: String = missing.iter().map(|c| format!("{c} (U+{:04X}) ", u32::from(*c))).collect();
                    self.error(
                        path.clone(),
                        format!("found characters the bundled Lato fonts cannot print: {}", chars.trim_end()),
                        "replace them with characters Lato has (Latin letters, digits, common punctuation, ¹²³)",
                    );
                }
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.texts(item, &path.index(i));
                }
            }
            serde_json::Value::Object(fields) => {
                for (key, item) in fields.iter().filter(|(k, _)| !UNCHECKED.contains(&k.as_str())) {
                    self.texts(item, &path.key(key));
                }
            }
            _ => {}
        }
    }

    /// A list may not be longer than its place on the page allows.
    fn list_limit(&mut self, field: &str, length: usize, limit: usize, what: &str) {
        if length > limit {
            self.error(
                at(field),
                format!("found {length} {what}, more than the {limit} the factsheet has room for"),
                format!("list at most {limit} {what}"),
            );
        }
    }

    fn edition(&mut self, sheet: &Factsheet) {
        let e = &sheet.edition;
        if Date::parse(&e.published).is_none() {
            self.error(
                at("edition.published"),
                format!("found \"{}\", expected a date written YYYY-MM-DD", e.published),
                "write the publication date as year-month-day, e.g. \"2026-01-20\"",
            );
        }
    }

    fn countries(&mut self, sheet: &Factsheet) {
        if sheet.countries.is_empty() {
            self.error(at("countries"), "found no countries, expected at least one", "list the region's countries with their codes and names");
        }
        for (i, country) in sheet.countries.iter().enumerate() {
            let path = at("countries").index(i);
            if sheet.countries[..i].iter().any(|c| c.code == country.code) {
                self.error(path.key("code"), format!("found `{}` a second time, expected each country once", country.code), "remove the repeated country");
            }
            let code = &country.code;
            if !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())) {
                self.error(path.key("code"), format!("found `{code}`, expected three capital letters"), "use the ISO 3166-1 alpha-3 code, e.g. SRB (Kosovo: XKX)");
            }
        }
        for (field, map) in [("arrivals.by_country", &sheet.arrivals.by_country), ("present.by_country", &sheet.present.by_country)] {
            for code in map.keys() {
                if sheet.country(code).is_none() {
                    let codes: Vec<&str> = sheet.countries.iter().map(|c| c.code.as_str()).collect();
                    self.error(
                        at(field).key(code),
                        format!("found the code `{code}`, expected one of the countries: {}", codes.join(", ")),
                        "use a code listed under `countries`, or add the country there",
                    );
                }
            }
            for country in &sheet.countries {
                if !map.contains_key(&country.code) {
                    self.error(
                        at(field).key(&country.code),
                        format!("found no figure for {} (`{}`), expected one for every country", country.name, country.code),
                        format!("add \"{}\": 0 if there were none", country.code),
                    );
                }
            }
        }
    }

    /// A series must have `expected` values; returns whether it has.
    fn series_length(&mut self, field: &str, series: &[u64], expected: usize, period: &str) -> bool {
        if series.len() == expected {
            return true;
        }
        let relation = if series.len() > expected { "longer than" } else { "shorter than" };
        self.error(
            at(field),
            format!("found {} values, expected {expected}: the series is {relation} the period {period}", series.len()),
            "give one value per month from January to the reporting month (edition.month)",
        );
        false
    }

    /// Warns about values far above the series' median.
    fn outliers(&mut self, field: &str, series: &[u64], month_of: impl Fn(usize) -> String) {
        if series.len() < 3 {
            return;
        }
        let mut sorted = series.to_vec();
        sorted.sort_unstable();
        let median = sorted[sorted.len() / 2];
        for (i, &value) in series.iter().enumerate() {
            if median > 0 && value > median.saturating_mul(OUTLIER_FACTOR) {
                self.warning(
                    at(field).index(i),
                    format!(
                        "{} is {}, more than {OUTLIER_FACTOR} times the series' median of {}",
                        month_of(i),
                        thousands(value),
                        thousands(median)
                    ),
                    "check the figure for a typing mistake (an extra digit?)",
                );
            }
        }
    }

    fn arrivals(&mut self, sheet: &Factsheet) {
        let (year, month) = (sheet.edition.year, sheet.edition.month);
        let a = &sheet.arrivals;
        let period = crate::format::period_range(year, month);
        let month_of = |i: usize| format!("{} {year}", month_name(i as u8 + 1));
        if self.series_length("arrivals.monthly", &a.monthly, usize::from(month), &period) {
            let sum: u64 = a.monthly.iter().sum();
            if !a.estimate_rounded && sum != a.estimate {
                self.error(
                    at("arrivals.estimate"),
                    format!(
                        "found {}, but the monthly arrivals add up to {}",
                        thousands(a.estimate),
                        thousands(sum)
                    ),
                    "correct the estimate or the monthly figures; if the estimate is rounded, set \"estimate_rounded\": true",
                );
            }
            self.outliers("arrivals.monthly", &a.monthly, month_of);
        }
        let last_period = crate::format::period_range(year - 1, month);
        let last_month_of = |i: usize| format!("{} {}", month_name(i as u8 + 1), year - 1);
        if self.series_length("arrivals.monthly_last_year", &a.monthly_last_year, usize::from(month), &last_period) {
            let sum: u64 = a.monthly_last_year.iter().sum();
            if !a.estimate_rounded && sum != a.last_year {
                self.error(
                    at("arrivals.last_year"),
                    format!(
                        "found {}, but last year's monthly arrivals add up to {}; the stated change would be wrong",
                        thousands(a.last_year),
                        thousands(sum)
                    ),
                    format!("last_year is the estimate for {last_period}: correct it or the monthly figures"),
                );
            }
            self.outliers("arrivals.monthly_last_year", &a.monthly_last_year, last_month_of);
        }
        if a.last_year == 0 && a.estimate > 0 {
            self.warning(
                at("arrivals.last_year"),
                "found 0: no change against last year can be stated",
                "check last year's estimate for the same months",
            );
        }
        self.zero_countries(sheet, "arrivals.by_country", &a.by_country, "no new arrivals");
    }

    fn zero_countries(&mut self, sheet: &Factsheet, field: &str, map: &BTreeMap<String, u64>, what: &str) {
        for country in &sheet.countries {
            if map.get(&country.code) == Some(&0) {
                self.warning(
                    at(field).key(&country.code),
                    format!("{} has {what}", country.name),
                    "check that 0 is right and not a figure left out",
                );
            }
        }
    }

    fn asylum(&mut self, sheet: &Factsheet) {
        let s = &sheet.asylum;
        if s.applications > s.intentions {
            self.error(
                at("asylum.applications"),
                format!(
                    "found {} applications for {} intentions, a ratio over 100%",
                    thousands(s.applications),
                    thousands(s.intentions)
                ),
                "applications follow intentions: check both figures, or whether they were swapped",
            );
        }
    }

    fn present(&mut self, sheet: &Factsheet) {
        let p = &sheet.present;
        let sum: u64 = p.by_country.values().sum();
        if sheet.countries.iter().all(|c| p.by_country.contains_key(&c.code)) && sum != p.total {
            self.error(
                at("present.by_country"),
                format!(
                    "the countries add up to {}, but present.total is {}",
                    thousands(sum),
                    thousands(p.total)
                ),
                "the shares in the text are computed from these figures: correct the total or the countries",
            );
        }
        if p.uasc > p.total {
            self.error(
                at("present.uasc"),
                format!("found {} children, more than the {} persons present", thousands(p.uasc), thousands(p.total)),
                "children are counted among the persons present: check both figures",
            );
        }
        if p.monthly.is_empty() || p.monthly.len() > 12 {
            self.error(
                at("present.monthly"),
                format!("found {} values, expected 1 to 12", p.monthly.len()),
                "give the persons present at the end of each of the last twelve months, oldest first",
            );
        } else if let Some(&last) = p.monthly.last() {
            if last != p.total {
                self.error(
                    at("present.monthly").index(p.monthly.len() - 1),
                    format!(
                        "found {} for the end of {}, but present.total is {}",
                        thousands(last),
                        month_name(sheet.edition.month),
                        thousands(p.total)
                    ),
                    "the last value is the reporting month: make it equal to the total",
                );
            }
            let (year, month) = (sheet.edition.year, sheet.edition.month);
            let n = p.monthly.len();
            let month_of = |i: usize| {
                let m = year * 12 + i32::from(month) - 1 - (n - 1 - i) as i32;
                format!("end of {} {}", month_name((m.rem_euclid(12) + 1) as u8), m.div_euclid(12))
            };
            self.outliers("present.monthly", &p.monthly, month_of);
        }
        if p.by_nationality.is_empty() {
            self.error(at("present.by_nationality"), "found no nationalities, expected at least one", "list the most common nationalities of the persons present");
        }
        let listed: u64 = p.by_nationality.iter().map(|n| n.count).sum();
        if listed > p.total {
            self.error(
                at("present.by_nationality"),
                format!("the nationalities add up to {}, more than the {} persons present", thousands(listed), thousands(p.total)),
                "check the counts: they are persons present at the end of the month",
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (i, n) in p.by_nationality.iter().enumerate() {
            if !seen.insert(n.name.as_str()) {
                let path = at("present.by_nationality").index(i);
                self.error(path.key("name"), format!("found {} a second time", n.name), "list each nationality once");
            }
        }
        self.zero_countries(sheet, "present.by_country", &p.by_country, "no persons present");
    }


}
