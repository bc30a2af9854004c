//! The month's data file: its typed model, how it is read, and the checks that make the rest of
//! the program safe to run (periods, series lengths, country codes). The file format is
//! documented field by field in the README.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A data file larger than this is refused before it is parsed: a month's figures fit in a few
/// kilobytes, so anything near this size is the wrong file.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Everything both pages of one month's factsheet show.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Factsheet {
    /// The JSON Schema an editor checks the file against; ignored by the renderer.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Fields whose values are illustrative rather than published (paths such as
    /// `arrivals.monthly`). Informational only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub illustrative: Vec<String>,
    pub edition: Edition,
    pub countries: Vec<Country>,
    pub arrivals: Arrivals,
    pub asylum: Asylum,
    pub present: Present,
    pub notes: Notes,
}

/// Who publishes the factsheet, about what, and for which month.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// The publishing organisation, e.g. `UNHCR`; the PDF's author.
    pub organisation: String,
    /// The operation or region named in the header, e.g. `Western Balkans`.
    pub operation: String,
    /// The factsheet's title.
    pub title: String,
    /// The region as it reads inside a sentence, e.g. `the Western Balkans`.
    pub region: String,
    /// Reporting year.
    pub year: i32,
    /// Reporting month, 1 to 12: the period runs from January to this month.
    pub month: u8,
    /// Date of publication, `YYYY-MM-DD`.
    pub published: String,
    /// Contact line printed in the footer.
    pub contact: String,
}

/// A country of the region, in the order the map and tables list them.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (Kosovo: `XKX`), the key of every per-country figure.
    pub code: String,
    /// Name as printed.
    pub name: String,
    /// Footnote mark printed after the name on the map and in tables, e.g. `²` or `*`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mark: String,
}

/// New arrivals and the headline estimate of persons in mixed movements.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Arrivals {
    /// Footnote mark after "New arrivals", e.g. `¹`.
    #[serde(default)]
    pub mark: String,
    /// Persons estimated to have transited from January to the reporting month.
    pub estimate: u64,
    /// The estimate is rounded rather than a count: it reads "some …" and need not equal the sum
    /// of the monthly series.
    #[serde(default)]
    pub estimate_rounded: bool,
    /// The same estimate for the same months of the previous year.
    pub last_year: u64,
    /// Regional new arrivals per month of this year, January first, one per month of the period.
    pub monthly: Vec<u64>,
    /// Regional new arrivals per month of the previous year, for the same months.
    pub monthly_last_year: Vec<u64>,
    /// New arrivals per country for the period, keyed by country code.
    pub by_country: BTreeMap<String, u64>,
    /// Explanation printed after the generated summary sentence.
    pub context: String,
}

/// Asylum statistics for the year to date.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Asylum {
    /// Intentions to seek asylum expressed.
    pub intentions: u64,
    /// New asylum applications lodged.
    pub applications: u64,
    /// Footnote mark after "Application vs. Intention", e.g. `***`.
    #[serde(default)]
    pub ratio_mark: String,
    /// The line pointing readers to the asylum dashboard.
    pub more: LinkedText,
}

/// Refugees and migrants present at the end of the reporting month.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Present {
    /// Persons present at the end of the reporting month.
    pub total: u64,
    /// The total is an estimate: the sentence reads "Some 2,289 persons …".
    #[serde(default)]
    pub total_rounded: bool,
    /// Unaccompanied and separated children among them.
    pub uasc: u64,
    /// Persons present per country, keyed by country code.
    pub by_country: BTreeMap<String, u64>,
    /// Persons present at the end of each month, oldest first, ending with the reporting month
    /// (at most twelve).
    pub monthly: Vec<u64>,
    /// Persons present by nationality (any order; the most common are shown).
    pub by_nationality: Vec<Nationality>,
    /// Paragraph on accommodation printed after the share sentence.
    pub accommodation: String,
}

/// One nationality and how many persons of it are present.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Nationality {
    pub name: String,
    pub count: u64,
}

/// A sentence that may end in a link, e.g. "… please visit" + "Operational Data Portal".
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LinkedText {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
}

/// A link: the words printed and, when known, where they point.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A footnote: its mark (`¹`, `*`, …) and text.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    pub mark: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
}

/// Notes that change now and then: footnotes, the map disclaimer, the data note and source.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    /// Page 1's footnotes, in order.
    pub footnotes: Vec<Footnote>,
    /// The disclaimer on boundaries printed under the map.
    pub map_disclaimer: String,
    /// Page 2's note on how the data is collected.
    pub data_note: String,
    /// The source line of the footer.
    pub source: String,
}

/// A calendar date read from a `YYYY-MM-DD` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking the day against the month (and leap years).
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(y) && all_digits(m) && all_digits(d)) {
            return None;
        }
        let date = Date { year: y.parse().ok()?, month: m.parse().ok()?, day: d.parse().ok()? };
        let valid_month = (1..=12).contains(&date.month);
        (valid_month && date.day >= 1 && date.day <= crate::format::last_day(date.year, date.month))
            .then_some(date)
    }
}

impl Factsheet {
    /// The publication date. Only valid after [`validate`](Self::validate) has passed.
    pub fn published(&self) -> Date {
        Date::parse(&self.edition.published).unwrap_or(Date { year: 1970, month: 1, day: 1 })
    }

    /// Name and mark of a country code, if the code is one of the region's countries.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }
}

/// One thing wrong with a data file's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path of the field, e.g. `present.by_country.BIH`.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

/// Why a data file could not be used. Every variant names the file.
#[derive(Debug)]
pub enum DataError {
    /// The file could not be read: missing, unreadable, a folder, or too large.
    Read { path: PathBuf, message: String, hint: String },
    /// The file is not valid JSON, or a field is missing, unknown or of the wrong type.
    Parse { path: PathBuf, line: usize, column: usize, field: String, message: String },
    /// The JSON is well formed but its figures cannot be right.
    Invalid { path: PathBuf, problems: Vec<Problem> },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            DataError::Read { path, message, hint } => {
                write!(f, "{}: {message}\n  hint: {hint}", path.display())
            }
            DataError::Parse { path, line, column, field, message } => {
                let field = if field.is_empty() || field == "." {
                    String::new()
                } else {
                    format!(" (field `{field}`)")
                };
                write!(f, "{}:{line}:{column}: {message}{field}", path.display())?;
                write!(f, "\n  hint: fix the file so that it matches the format in the README")
            }
            DataError::Invalid { path, problems } => {
                let count = problems.len();
                let s = if count == 1 { "" } else { "s" };
                write!(f, "{}: {count} problem{s} in the data", path.display())?;
                for p in problems {
                    write!(f, "\n  {}: {}\n    hint: {}", p.field, p.message, p.hint)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for DataError {}

/// Reads, parses and validates a data file.
pub fn load(path: &Path) -> Result<Factsheet, DataError> {
    let read_error = |message: String, hint: &str| DataError::Read {
        path: path.to_owned(),
        message,
        hint: hint.to_owned(),
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        read_error(format!("cannot read the data file: {e}"), "check the path and permissions")
    })?;
    if meta.is_dir() {
        return Err(read_error(
            "is a folder, not a data file".into(),
            "name a month's JSON file, e.g. data/2025-12.json",
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(read_error(
            format!("is {} bytes; a data file is at most {MAX_FILE_BYTES}", meta.len()),
            "check that this is a month's data file",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        read_error(format!("cannot read the data file: {e}"), "check the path and permissions")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        read_error(
            format!("is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
            "save the file as UTF-8",
        )
    })?;
    parse(path, &text)
}

/// Parses and validates a data file's text; `path` is used only in messages.
pub fn parse(path: &Path, text: &str) -> Result<Factsheet, DataError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let sheet: Factsheet = serde_path_to_error::deserialize(de).map_err(|e| {
        let field = e.path().to_string();
        let inner = e.into_inner();
        DataError::Parse {
            path: path.to_owned(),
            line: inner.line(),
            column: inner.column(),
            field,
            message: strip_position(&inner.to_string()),
        }
    })?;
    let problems = sheet.validate();
    if problems.is_empty() {
        Ok(sheet)
    } else {
        Err(DataError::Invalid { path: path.to_owned(), problems })
    }
}

/// serde_json appends " at line L column C" to its messages; we print the position ourselves.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

impl Factsheet {
    /// Checks what the renderer relies on. Returns every problem found, none when usable.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, message: String, hint: &str| {
            problems.push(Problem { field: field.to_owned(), message, hint: hint.to_owned() })
        };
        let e = &self.edition;
        if !(1..=12).contains(&e.month) {
            problem("edition.month", format!("month {} is not 1 to 12", e.month), "use 1 for January to 12 for December");
        }
        if !(1900..=9999).contains(&e.year) {
            problem("edition.year", format!("year {} is out of range", e.year), "use the four-digit reporting year");
        }
        if Date::parse(&e.published).is_none() {
            problem(
                "edition.published",
                format!("`{}` is not a date", e.published),
                "write the publication date as YYYY-MM-DD, e.g. 2026-01-20",
            );
        }
        for (field, value) in [
            ("edition.organisation", &e.organisation),
            ("edition.operation", &e.operation),
            ("edition.title", &e.title),
            ("edition.region", &e.region),
        ] {
            if value.trim().is_empty() {
                problem(field, "is empty".into(), "write the text to print here");
            }
        }

        if self.countries.is_empty() {
            problem("countries", "no countries are listed".into(), "list the region's countries with their codes and names");
        }
        for (i, country) in self.countries.iter().enumerate() {
            if self.countries[..i].iter().any(|c| c.code == country.code) {
                problem(&format!("countries[{i}].code"), format!("`{}` is listed twice", country.code), "list each country once");
            }
            if country.name.trim().is_empty() {
                problem(&format!("countries[{i}].name"), "is empty".into(), "write the country's name as printed");
            }
        }
        for (field, map) in [("arrivals.by_country", &self.arrivals.by_country), ("present.by_country", &self.present.by_country)] {
            for code in map.keys() {
                if self.country(code).is_none() {
                    problem(
                        &format!("{field}.{code}"),
                        format!("`{code}` is not one of the countries"),
                        "use a code listed under `countries`, or add the country there",
                    );
                }
            }
            for country in &self.countries {
                if !map.contains_key(&country.code) {
                    problem(
                        &format!("{field}.{}", country.code),
                        format!("{} has no figure", country.name),
                        "give every listed country a figure (0 if there were none)",
                    );
                }
            }
        }

        let month = usize::from(e.month);
        if (1..=12).contains(&e.month) {
            for (field, series) in [("arrivals.monthly", &self.arrivals.monthly), ("arrivals.monthly_last_year", &self.arrivals.monthly_last_year)] {
                if series.len() != month {
                    problem(
                        field,
                        format!("has {} values; the period January-{} has {month}", series.len(), crate::format::month_name(e.month)),
                        "give one value per month from January to the reporting month",
                    );
                }
            }
        }
        let present = &self.present.monthly;
        if present.is_empty() || present.len() > 12 {
            problem(
                "present.monthly",
                format!("has {} values; expected 1 to 12", present.len()),
                "give the persons present at the end of each of the last twelve months, oldest first",
            );
        }
        if self.present.by_nationality.is_empty() {
            problem("present.by_nationality", "no nationalities are listed".into(), "list the nationalities of the persons present");
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_check_the_calendar() {
        assert_eq!(Date::parse("2026-01-20"), Some(Date { year: 2026, month: 1, day: 20 }));
        assert_eq!(Date::parse("2028-02-29").map(|d| d.day), Some(29));
        assert_eq!(Date::parse("2027-02-29"), None);
        assert_eq!(Date::parse("2026-13-01"), None);
        assert_eq!(Date::parse("2026-1-20"), None);
        assert_eq!(Date::parse("20-01-2026"), None);
        assert_eq!(Date::parse("2026-01-20T00:00"), None);
        assert_eq!(Date::parse("+026-01-20"), None);
    }

    #[test]
    fn serde_position_is_stripped_from_messages() {
        assert_eq!(strip_position("missing field `year` at line 3 column 5"), "missing field `year`");
        assert_eq!(strip_position("no position"), "no position");
    }
}
