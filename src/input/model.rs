//! The month's data file as typed Rust: every field both pages are drawn from. The doc comments
//! become the JSON Schema's descriptions (`factsheet schema`); the README documents the same
//! fields for readers.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Everything both pages of one month's factsheet show.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
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
    /// Asylum statistics; an operation without the intention and application procedure
    /// leaves them out, and page 1 goes without the panel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asylum: Option<Asylum>,
    pub present: Present,
    pub notes: Notes,
    /// The map of arrivals per country; without it the panel shows a table only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<MapSpec>,
}

/// The geometry file the program carried until the world map (November 2026), which a month's
/// data named in `map.geometry`: read as the world map for the month's countries.
pub const RETIRED_GEOMETRY: &str = "maps/western-balkans.json";

/// Whether `map.geometry` names [`RETIRED_GEOMETRY`] (`/maps/…` and `./maps/…` too).
pub fn is_retired_geometry(path: &str) -> bool {
    let path = path.trim();
    let path = path.strip_prefix("./").unwrap_or(path);
    path.trim_start_matches('/') == RETIRED_GEOMETRY
}

/// What is said when a month names [`RETIRED_GEOMETRY`]; `field` is how the input names it.
pub fn retired_geometry_note(field: &str) -> String {
    format!(
        "{field} names {RETIRED_GEOMETRY}, the map of the Western Balkans this program carried until November 2026; the world map of the same countries takes its place, and the field can go"
    )
}

/// How the map of arrivals per country is drawn. Without it, the map is drawn from the world
/// map the binary carries, fitted to the countries.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MapSpec {
    /// `false` for no map: the panel shows the figures as bars only.
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub show: bool,
    /// A custom geometry file inside the layouts instead of the world map, e.g.
    /// `maps/region.json`; it must hold a shape for every country code of `countries`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geometry: Option<String>,
    /// Boundaries to draw dashed besides Serbia–Kosovo's, which UN maps always dash: pairs of
    /// country codes, e.g. `[["SDN", "SSD"]]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dashed: Vec<[String; 2]>,
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

/// An organisation's logo as read from beside the data file: a picture the header draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// Where the layouts find it: [`Logo::SVG`] or [`Logo::PNG`].
    pub path: &'static str,
    pub bytes: Vec<u8>,
    /// The file it was read from, which no result may replace.
    pub file: std::path::PathBuf,
}

impl Logo {
    pub const SVG: &'static str = "/data/logo.svg";
    pub const PNG: &'static str = "/data/logo.png";
    /// The largest logo file read: a logo takes kilobytes.
    pub const MAX_BYTES: u64 = 2 * 1024 * 1024;
    /// The widest or highest PNG logo, in pixels: the header draws it 40 pt high, 170 pixels
    /// at 300 dpi.
    pub const MAX_PIXELS: u32 = 4000;
}

/// Who publishes the factsheet, about what, and for which month.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Edition {
    /// The language of the file's plain texts, and of the factsheet when `--lang` does not
    /// say: `en` (the default), `fr`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The operation's own catalogue of messages (a Fluent `.ftl` file, its path relative to
    /// this file), which overrides any built-in message; one per language as
    /// `{"en": "…", "fr": "…"}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalogue: Option<Text>,
    /// The organisation's logo, drawn in the header band: an SVG or PNG file, its path relative
    /// to this file's folder and inside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// The publishing organisation, e.g. `UNHCR`; the PDF's author.
    pub organisation: Text,
    /// The operation or region named in the header, e.g. `Western Balkans`.
    pub operation: Text,
    /// The factsheet's title.
    pub title: Text,
    /// The region as it reads inside a sentence, e.g. `the Western Balkans`.
    pub region: Text,
    /// Reporting year.
    #[schemars(range(min = 1900, max = 9999))]
    pub year: i32,
    /// Reporting month, 1 to 12: the period runs from January to this month.
    #[schemars(range(min = 1, max = 12))]
    pub month: u8,
    /// Date of publication, `YYYY-MM-DD`.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub published: String,
    /// Contact line printed in the footer.
    pub contact: Text,
}

/// A country of the region, in the order the map and tables list them.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Country {
    /// ISO 3166-1 alpha-3 code (Kosovo: `XKX`), the key of every per-country figure.
    pub code: String,
    /// Name as printed. In a language the file gives no name in, the country's name from
    /// the Unicode CLDR, found by its code.
    pub name: Text,
    /// Footnote mark printed after the name on the map and in tables, e.g. `²` or `*`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub mark: String,
}

/// New arrivals and the headline estimate of persons in mixed movements.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
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
    /// Regional new arrivals per month of the previous year, January first: for the same
    /// months as `monthly`, or for all twelve, which the chart of a short period then shows.
    pub monthly_last_year: Vec<u64>,
    /// New arrivals per country for the period, keyed by country code.
    pub by_country: BTreeMap<String, u64>,
    /// Explanation printed after the generated summary sentence.
    pub context: Text,
}

/// Asylum statistics for the year to date.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Present {
    /// Persons present at the end of the reporting month.
    pub total: u64,
    /// The total is an estimate: the sentence reads "Some 2,289 persons …".
    #[serde(default)]
    pub total_rounded: bool,
    /// Unaccompanied and separated children among them; an operation without figures on
    /// children leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uasc: Option<u64>,
    /// Persons present per country, keyed by country code.
    pub by_country: BTreeMap<String, u64>,
    /// Persons present at the end of each month, oldest first, ending with the reporting month
    /// (at most twelve).
    pub monthly: Vec<u64>,
    /// Persons present by nationality (any order; the most common are shown). Without them,
    /// page 2 goes without the panel.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_nationality: Vec<Nationality>,
    /// Paragraph on accommodation printed after the share sentence.
    pub accommodation: Text,
}

/// One nationality and how many persons of it are present.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Nationality {
    /// The nationality's country as printed. In a language the file gives no name in, the
    /// country's name from the Unicode CLDR, found by `code` or by this name.
    pub name: Text,
    /// ISO 3166-1 code of the country (alpha-3 or alpha-2), for its name in other languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub count: u64,
}

/// A sentence that may end in a link, e.g. "… please visit" + "Operational Data Portal".
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkedText {
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
}

/// A link: the words printed and, when known, where they point.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub label: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A footnote: its mark (`¹`, `*`, …) and text.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    pub mark: String,
    pub text: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<Link>,
}

/// Notes that change now and then: footnotes, the map disclaimer, the data note and source.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    /// Page 1's footnotes, in order.
    pub footnotes: Vec<Footnote>,
    /// The disclaimer on boundaries printed under the map.
    pub map_disclaimer: Text,
    /// Page 2's note on how the data is collected.
    pub data_note: Text,
    /// The source line of the footer.
    pub source: Text,
}

/// Words the pages print: one text, in the file's language (`edition.lang`), or one per
/// language, as `{"en": "…", "fr": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Text {
    Plain(String),
    Languages(BTreeMap<String, String>),
}

impl Text {
    /// The text in language `tag`: its own, or the plain text; empty when the file lacks it
    /// (the checks report that before anything is rendered).
    pub fn get(&self, tag: &str) -> &str {
        match self {
            Text::Plain(text) => text,
            Text::Languages(texts) => texts.get(tag).map_or("", String::as_str),
        }
    }

    /// Whether the file has this text in language `tag`, plain texts being in `file_lang`.
    pub fn has(&self, tag: &str, file_lang: &str) -> bool {
        match self {
            Text::Plain(_) => tag == file_lang,
            Text::Languages(texts) => texts.contains_key(tag),
        }
    }

    /// The text in the file's language, or the first one: for messages about the file.
    pub fn shown(&self, file_lang: &str) -> &str {
        match self {
            Text::Plain(text) => text,
            Text::Languages(texts) => texts.get(file_lang).or_else(|| texts.values().next()).map_or("", String::as_str),
        }
    }

    /// The languages the text is given in, plain texts being in `file_lang`.
    pub fn languages<'a>(&'a self, file_lang: &'a str) -> Vec<&'a str> {
        match self {
            Text::Plain(_) => vec![file_lang],
            Text::Languages(texts) => texts.keys().map(String::as_str).collect(),
        }
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::Plain(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::Plain(text.to_owned())
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.shown(crate::text::catalogue::DEFAULT_LANGUAGE))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text, or texts by language as {\"en\": \"…\", \"fr\": \"…\"}")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text::Plain(text.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Text, E> {
                Ok(Text::Plain(text))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut texts = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    if crate::text::catalogue::parse_tag(&key).as_deref() != Some(key.as_str()) {
                        return Err(serde::de::Error::custom(format!(
                            "`{key}` is not a language tag: texts by language are keyed by tags such as \"en\" and \"fr\""
                        )));
                    }
                    let text: String = map.next_value()?;
                    if texts.insert(key.clone(), text).is_some() {
                        return Err(serde::de::Error::custom(format!("the language `{key}` is given twice")));
                    }
                }
                if texts.is_empty() {
                    return Err(serde::de::Error::custom("found no text in any language"));
                }
                Ok(Text::Languages(texts))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
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
        (valid_month && date.day >= 1 && date.day <= crate::text::format::last_day(date.year, date.month))
            .then_some(date)
    }
}

/// A month of a year, `2025-12`: a row of a workbook's figures, or the month to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u8,
}

impl YearMonth {
    /// Parses `YYYY-MM`.
    pub fn parse(text: &str) -> Option<YearMonth> {
        let (y, m) = text.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())) {
            return None;
        }
        let month: u8 = m.parse().ok()?;
        (1..=12).contains(&month).then_some(YearMonth { year: y.parse().ok()?, month })
    }

    /// The month after this one.
    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth { year: self.year + 1, month: 1 }
        } else {
            YearMonth { month: self.month + 1, ..self }
        }
    }

    /// The month before this one.
    pub fn previous(self) -> YearMonth {
        if self.month == 1 {
            YearMonth { year: self.year - 1, month: 12 }
        } else {
            YearMonth { month: self.month - 1, ..self }
        }
    }

    /// The same month a year earlier.
    pub fn year_before(self) -> YearMonth {
        YearMonth { year: self.year - 1, ..self }
    }

    /// January of this month's year.
    pub fn january(self) -> YearMonth {
        YearMonth { month: 1, ..self }
    }

    /// The months from `self` to `last`, both included (none when `last` is earlier).
    pub fn through(self, last: YearMonth) -> Vec<YearMonth> {
        let mut out = Vec::new();
        let mut at = self;
        while at <= last && out.len() < 12 * 10_000 {
            out.push(at);
            at = at.next();
        }
        out
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Factsheet {
    /// The publication date. Only meaningful once the file has passed its checks.
    pub fn published(&self) -> Date {
        Date::parse(&self.edition.published).unwrap_or(Date { year: 1970, month: 1, day: 1 })
    }

    /// Name and mark of a country code, if the code is one of the region's countries.
    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// Whether the factsheet has a map: unless `map.show` is false.
    pub fn shows_map(&self) -> bool {
        self.map.as_ref().is_none_or(|m| m.show)
    }

    /// The language of the file's plain texts: `edition.lang`, or English.
    pub fn lang(&self) -> &str {
        self.edition.lang.as_deref().unwrap_or(crate::text::catalogue::DEFAULT_LANGUAGE)
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
    fn months_parse_count_and_print() {
        let december = YearMonth::parse("2025-12").unwrap();
        assert_eq!(december.to_string(), "2025-12");
        assert_eq!(december.next().to_string(), "2026-01");
        assert_eq!(december.year_before().to_string(), "2024-12");
        assert_eq!(december.january().through(december).len(), 12);
        assert_eq!(december.through(december.january()), []);
        for bad in ["2025-13", "2025-00", "2025-1", "25-12", "2025/12", "2025-12-01"] {
            assert_eq!(YearMonth::parse(bad), None, "{bad}");
        }
    }
}
