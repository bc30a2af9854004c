//! The checks on a month's figures once the file has the right shape: impossible values,
//! figures that disagree with each other (errors, which stop the render), and what is legal but
//! suspicious (warnings, which do not).

use std::collections::BTreeMap;

use crate::input::locate::FieldPath;
use crate::input::model::{Date, Factsheet, Text};
use crate::text::format::{month_name, thousands};

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
    /// For a text, the character of it to point at (counted in the text, not the file).
    pub within: Option<usize>,
    /// What is wrong: what was found and what was expected.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl Problem {
    pub fn error(path: FieldPath, message: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Error,
            path,
            at_key: false,
            offset: None,
            within: None,
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn warning(path: FieldPath, message: impl Into<String>, hint: impl Into<String>) -> Problem {
        Problem {
            severity: Severity::Warning,
            path,
            at_key: false,
            offset: None,
            within: None,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// How to mend a series of the wrong length.
const EVERY_MONTH: &str = "give one value per month from January to the reporting month (edition.month)";

/// A month is "far above the rest" when it is more than this many times the series' median.
pub const OUTLIER_FACTOR: u64 = 3;

/// Checks a factsheet whose fields all have the right types. Returns errors and warnings.
pub fn check(sheet: &Factsheet) -> Vec<Problem> {
    let mut out = Checks(Vec::new());
    out.edition(sheet);
    out.countries(sheet);
    out.dashed(sheet);
    out.arrivals(sheet);
    out.asylum(sheet);
    out.present(sheet);
    if let Ok(value) = serde_json::to_value(sheet) {
        out.texts(&value, &FieldPath::root(), None);
    }
    out.list_limit("countries", sheet.countries.len(), MAX_COUNTRIES, "countries");
    out.list_limit("present.by_nationality", sheet.present.by_nationality.len(), MAX_NATIONALITIES, "nationalities");
    out.list_limit("notes.footnotes", sheet.notes.footnotes.len(), MAX_FOOTNOTES, "footnotes");
    out.0
}

/// The texts a month lacks in language `tag`: every text the pages print must be there in
/// that language (a plain text is in the file's language); a country or nationality without a
/// name in it takes CLDR's name for its code, when there is one.
pub fn language(sheet: &Factsheet, tag: &str) -> Vec<Problem> {
    let file = sheet.lang();
    let mut texts: Vec<(String, &Text)> = Vec::new();
    let e = &sheet.edition;
    for (field, text) in [
        ("edition.organisation", &e.organisation),
        ("edition.operation", &e.operation),
        ("edition.title", &e.title),
        ("edition.region", &e.region),
        ("edition.contact", &e.contact),
        ("arrivals.context", &sheet.arrivals.context),
        ("present.accommodation", &sheet.present.accommodation),
        ("notes.map_disclaimer", &sheet.notes.map_disclaimer),
        ("notes.data_note", &sheet.notes.data_note),
        ("notes.source", &sheet.notes.source),
    ] {
        texts.push((field.to_owned(), text));
    }
    if let Some(asylum) = &sheet.asylum {
        texts.push(("asylum.more.text".into(), &asylum.more.text));
        if let Some(link) = &asylum.more.link {
            texts.push(("asylum.more.link.label".into(), &link.label));
        }
    }
    for (i, note) in sheet.notes.footnotes.iter().enumerate() {
        texts.push((format!("notes.footnotes[{i}].text"), &note.text));
        if let Some(link) = &note.link {
            texts.push((format!("notes.footnotes[{i}].link.label"), &link.label));
        }
    }
    let mut out = Vec::new();
    for (field, text) in texts {
        if !text.has(tag, file) {
            out.push(Problem::error(
                FieldPath::parse(&field),
                format!("found no text in `{tag}`, the language being rendered (it is given in {})", text.languages(file).join(", ")),
                match text {
                    Text::Plain(_) => format!(
                        "give the text in each language: in a JSON file as {{\"{file}\": \"…\", \"{tag}\": \"…\"}}, in a workbook as a row or column named after the field with .{tag} (such as data_note.{tag}); or render in {file}"
                    ),
                    Text::Languages(_) => format!("add the text in `{tag}` beside its other languages, or render in one of them"),
                },
            ));
        }
    }
    for (i, country) in sheet.countries.iter().enumerate() {
        if crate::text::names::country(country, tag, file).is_none() {
            out.push(Problem::error(
                FieldPath::parse("countries").index(i).key("name"),
                format!("found no name in `{tag}` for {} (`{}`), and the CLDR has none for the code", country.name, country.code),
                format!("give its name in `{tag}` (in a JSON file {{\"{file}\": \"…\", \"{tag}\": \"…\"}}, in a workbook a column name.{tag})"),
            ));
        }
    }
    for (i, n) in sheet.present.by_nationality.iter().enumerate() {
        if crate::text::names::nationality(n, tag, file).is_none() {
            out.push(Problem::error(
                FieldPath::parse("present.by_nationality").index(i).key("name"),
                format!("found no name in `{tag}` for {}, and it is no country's name or code the CLDR knows", n.name),
                format!(
                    "give the country's ISO code, such as SYR (the nationality's `code`, or the `code` column of a workbook's nationalities sheet), or its name in `{tag}` (in a JSON file {{\"{file}\": \"…\", \"{tag}\": \"…\"}}, in a workbook a column nationality.{tag})"
                ),
            ));
        }
    }
    out
}

/// Fields that are information for people and tools, never printed or checked.
const UNCHECKED: [&str; 2] = ["$schema", "illustrative"];
/// Texts set as paragraphs, where a line break in the file is read as a space (text pasted
/// from a document often has them); in every other text, which the pages set on one line, a
/// line break is an error.
pub const PARAGRAPHS: [&str; 5] = ["context", "accommodation", "data_note", "text", "map_disclaimer"];

/// What an unprintable character is, when it is one: controls, invisible formatting
/// characters, line breaks where a text takes none, private-use and unassigned code points.
/// The soft hyphen is a formatting character the typesetter honours, and is allowed.
pub fn unprintable(c: char, paragraph: bool) -> Option<&'static str> {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    match c.general_category() {
        G::Control if c == '\n' || c == '\r' => (!paragraph).then_some("a line break"),
        G::Control if c == '\t' => Some("a tab"),
        G::Control => Some("a control character"),
        G::Format if c == '\u{ad}' => None,
        G::Format => Some("an invisible formatting character"),
        G::LineSeparator | G::ParagraphSeparator => Some("a line or paragraph separator"),
        G::PrivateUse => Some("a private-use character"),
        G::Surrogate | G::Unassigned => Some("a code point with no character assigned"),
        _ => None,
    }
}

/// Whether a link is one a reader can follow safely: a web address or an email address, with
/// no space in it. A `javascript:`, `file:` or `data:` link, or one with no scheme, is not.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = ["https://", "http://", "mailto:"].iter().find_map(|scheme| lower.strip_prefix(scheme));
    rest.is_some_and(|rest| !rest.is_empty() && !url.chars().any(|c| c.is_whitespace() || c.is_control()))
}

/// Whether `found` is `code` typed wrong: in lower case, with a letter wrong, or with two
/// letters swapped (`mkd`, `MKK`, `MDK` for `MKD`).
pub(crate) fn code_typo(found: &str, code: &str) -> bool {
    let found = found.to_uppercase();
    let mut a: Vec<char> = found.chars().collect();
    let mut b: Vec<char> = code.chars().collect();
    if crate::input::schema::distance(&found, code) <= 1 {
        return true;
    }
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

/// The fields that may hold a text per language.
pub const TEXTS: [&str; 14] = [
    "organisation",
    "operation",
    "title",
    "region",
    "contact",
    "catalogue",
    "name",
    "context",
    "accommodation",
    "text",
    "label",
    "map_disclaimer",
    "data_note",
    "source",
];

/// Fields whose text is never printed, so any character will do.
const UNPRINTED: [&str; 7] = ["url", "geometry", "code", "published", "catalogue", "lang", "logo"];
/// Footnote marks, which may be empty.
pub const MARKS: [&str; 2] = ["mark", "ratio_mark"];

/// The most countries, nationalities and footnotes the pages have room for.
pub const MAX_COUNTRIES: usize = 12;
/// The most boundaries a map draws dashed besides Serbia–Kosovo's.
pub const MAX_DASHED: usize = 20;
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
        "url" | "geometry" | "logo" => (300, "in a link or path"),
        "text" => (400, "in a footnote"),
        "context" => (500, "after the summary of arrivals"),
        "accommodation" => (600, "beside the persons present"),
        "data_note" => (1200, "in the note on page 2"),
        _ => (200, "in its place"),
    }
}

/// What a total rounds to, to tens, fifties, hundreds, five hundreds and so on, smallest step
/// first, with the total itself: the figures a rounded estimate of it may be. Rounding half
/// up; a rounding to nothing is left out.
pub fn roundings(total: u128) -> Vec<u128> {
    let mut out = vec![total];
    let mut step: u128 = 10;
    while step / 2 <= total {
        for unit in [step, step * 5] {
            let rounded = (total + unit / 2) / unit * unit;
            if rounded > 0 && !out.contains(&rounded) {
                out.push(rounded);
            }
        }
        step *= 10;
    }
    out
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
    /// `field` names the field of a text given per language, whose path ends in the language.
    fn texts(&mut self, value: &serde_json::Value, path: &FieldPath, field: Option<&str>) {
        match value {
            serde_json::Value::String(text) => {
                let key = field.or(path.last_key()).unwrap_or_default();
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
                if let Some((index, c, what)) =
                    text.chars().enumerate().find_map(|(i, c)| Some((i, c, unprintable(c, PARAGRAPHS.contains(&key))?)))
                {
                    let fix = match what {
                        "a line break" => {
                            "write the text on one line: the page sets it on one line, and breaks paragraphs itself"
                        }
                        "a tab" => "replace the tab with a space",
                        _ => {
                            "delete it: it prints as nothing or as a box (copying from a web page or a PDF often brings such characters)"
                        }
                    };
                    let mut problem = Problem::error(
                        path.clone(),
                        format!("found {what} (U+{:04X}) at character {} of the text", u32::from(c), index + 1),
                        fix,
                    );
                    problem.within = Some(index);
                    self.0.push(problem);
                }
                if key == "url" && !text.is_empty() && !is_web_link(text) {
                    let shown: String = text.chars().take(40).collect();
                    self.error(
                        path.clone(),
                        format!("found the link `{shown}`, which is neither a web address nor an email address"),
                        "write the whole address, starting with https:// (or http://, or mailto: for an email address): a reader's PDF viewer or mail program opens it",
                    );
                }
                let mut missing =
                    if UNPRINTED.contains(&key) { Vec::new() } else { crate::typeset::fonts::missing_glyphs(text) };
                // An unprintable character is reported as such, above, not as a missing glyph.
                missing.retain(|&c| unprintable(c, true).is_none());
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
                    self.texts(item, &path.index(i), None);
                }
            }
            serde_json::Value::Object(fields) => {
                // Texts by language, `{"en": "…", "fr": "…"}`, are each checked as the field.
                let key = path.last_key().filter(|k| TEXTS.contains(k));
                for (name, item) in fields.iter().filter(|(k, _)| !UNCHECKED.contains(&k.as_str())) {
                    self.texts(item, &path.key(name), key);
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
        let Some(published) = Date::parse(&e.published) else {
            self.error(
                at("edition.published"),
                format!("found \"{}\", expected a date written YYYY-MM-DD", e.published),
                "write the publication date as year-month-day, e.g. \"2026-01-20\"",
            );
            return;
        };
        // The figures run to the end of the reporting month: published before then, or more
        // than a year after, one of the two dates was probably not updated.
        let month_end = Date { year: e.year, month: e.month, day: crate::text::format::last_day(e.year, e.month) };
        let period = format!("{} {}", month_name(e.month), e.year);
        // A factsheet is published within two months of its month's end.
        let (late_year, late_month) = if e.month > 10 { (e.year + 1, e.month - 10) } else { (e.year, e.month + 2) };
        let latest =
            Date { year: late_year, month: late_month, day: crate::text::format::last_day(late_year, late_month) };
        let plausible = |d: Date| month_end <= d && d <= latest;
        let page = |d: Date| format!("the page says \"Published {} {} {}\"", d.day, month_name(d.month), d.year);
        // Typed day first (07/02/2026 for 7 February) in a spreadsheet that reads the month
        // first, the date is read with the two swapped: 2 July.
        let swapped = Date { year: published.year, month: published.day, day: published.month };
        let swapped_valid =
            swapped.month <= 12 && swapped.day <= crate::text::format::last_day(swapped.year, swapped.month);
        if !plausible(published) && swapped != published && swapped_valid && plausible(swapped) {
            self.warning(
                at("edition.published"),
                format!(
                    "found {}, {}; with its day and month swapped, {}-{:02}-{:02}, it would fall just after {period}",
                    e.published,
                    page(published),
                    swapped.year,
                    swapped.month,
                    swapped.day
                ),
                format!(
                    "if the date was typed day first, type it as {}-{:02}-{:02}: a spreadsheet in an English locale reads {:02}/{:02}/{} as {} {}",
                    swapped.year,
                    swapped.month,
                    swapped.day,
                    swapped.day,
                    swapped.month,
                    swapped.year,
                    published.day,
                    month_name(published.month)
                ),
            );
        } else if published < month_end {
            self.warning(
                at("edition.published"),
                format!("found {}, before the end of the reporting month, {period}; {}", e.published, page(published)),
                "check the publication date and edition.year and edition.month: one of them was probably not updated",
            );
        } else if published > (Date { year: e.year + 1, ..month_end }) {
            // Published a few weeks after the same month of the next year: the year is the
            // one left at last year's, as when last January's file is copied for this one.
            let end_of = |year: i32, month: u8| Date { year, month, day: crate::text::format::last_day(year, month) };
            let (year, month) = if e.month == 12 { (e.year + 2, 1) } else { (e.year + 1, e.month + 1) };
            let weeks_after = end_of(e.year + 1, e.month) <= published && published <= end_of(year, month);
            if weeks_after {
                self.warning(
                    at("edition.year"),
                    format!(
                        "found {}, but the factsheet is published {}: {} is probably last year's",
                        e.year, e.published, e.year
                    ),
                    format!(
                        "if this is the factsheet of {} {}, write \"year\": {}",
                        month_name(e.month),
                        e.year + 1,
                        e.year + 1
                    ),
                );
            } else {
                self.warning(
                    at("edition.published"),
                    format!("found {}, more than a year after the reporting month, {period}; {}", e.published, page(published)),
                    "check the publication date and edition.year and edition.month: one of them was probably not updated",
                );
            }
        } else if published > latest {
            self.warning(
                at("edition.published"),
                format!(
                    "found {}, more than two months after the end of the reporting month, {period}; {}",
                    e.published,
                    page(published)
                ),
                "check the publication date and edition.year and edition.month: one of them was probably not updated",
            );
        }
    }

    /// The boundaries to dash: pairs of two different codes, each pair once. Whether the world
    /// map has the codes is for the map to say, which knows it.
    fn dashed(&mut self, sheet: &Factsheet) {
        let Some(map) = &sheet.map else { return };
        if map.dashed.len() > MAX_DASHED {
            // Said once, rather than pair by pair of a list far too long.
            self.list_limit("map.dashed", map.dashed.len(), MAX_DASHED, "dashed boundaries");
            return;
        }
        for (i, pair) in map.dashed.iter().enumerate() {
            let path = at("map.dashed").index(i);
            for code in pair {
                if !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())) {
                    self.error(
                        path.clone(),
                        format!("found `{code}`, expected three capital letters"),
                        "use the ISO 3166-1 alpha-3 codes of two neighbours, e.g. [\"SDN\", \"SSD\"]",
                    );
                }
            }
            let [a, b] = pair;
            if a == b {
                self.error(
                    path.clone(),
                    format!("found `{a}` twice, expected two different countries"),
                    "name the two countries on either side of the boundary",
                );
            } else if map.dashed[..i].iter().any(|[c, d]| (c == a && d == b) || (c == b && d == a)) {
                self.error(
                    path,
                    format!("found the boundary between `{a}` and `{b}` a second time"),
                    "list each boundary once",
                );
            }
        }
    }

    fn countries(&mut self, sheet: &Factsheet) {
        if sheet.countries.is_empty() {
            self.error(
                at("countries"),
                "found no countries, expected at least one",
                "list the region's countries with their codes and names",
            );
        }
        // Codes of three capitals that are no country's: reported once, at the code, rather
        // than at every figure given under the real one.
        let not_iso: Vec<&str> = sheet
            .countries
            .iter()
            .map(|c| c.code.as_str())
            .filter(|code| {
                code.len() == 3
                    && code.bytes().all(|b| b.is_ascii_uppercase())
                    && crate::text::names::by_code(code).is_none()
            })
            .collect();
        for (i, country) in sheet.countries.iter().enumerate() {
            let path = at("countries").index(i);
            if sheet.countries[..i].iter().any(|c| c.code == country.code) {
                self.error(
                    path.key("code"),
                    format!("found `{}` a second time, expected each country once", country.code),
                    "remove the repeated country",
                );
            }
            let code = &country.code;
            if !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())) {
                self.error(
                    path.key("code"),
                    format!("found `{code}`, expected three capital letters"),
                    "use the ISO 3166-1 alpha-3 code, e.g. SRB (Kosovo: XKX)",
                );
            } else if not_iso.contains(&code.as_str()) {
                let hint = match crate::text::names::nearest(code) {
                    Some(t) => format!(
                        "did you mean {}, {}? Write the country's ISO 3166-1 alpha-3 code (Kosovo: XKX)",
                        t.alpha3,
                        t.name("en").unwrap_or(t.alpha3)
                    ),
                    None => "write the country's ISO 3166-1 alpha-3 code, e.g. SRB (Kosovo: XKX)".to_owned(),
                };
                self.error(path.key("code"), format!("found `{code}`, which is not an ISO 3166-1 alpha-3 code"), hint);
            }
        }
        for (field, map) in
            [("arrivals.by_country", &sheet.arrivals.by_country), ("present.by_country", &sheet.present.by_country)]
        {
            for code in map.keys() {
                // The figure of a country whose listed code is the one misspelt: said at the code.
                if not_iso.iter().any(|listed| code_typo(code, listed)) {
                    continue;
                }
                if sheet.country(code).is_none() {
                    let codes: Vec<&str> = sheet.countries.iter().map(|c| c.code.as_str()).collect();
                    // The listed code nearest to it, when one is a typing mistake away.
                    let near = codes.iter().copied().filter(|c| !map.contains_key(*c)).find(|c| code_typo(code, c));
                    let hint = match near {
                        Some(near) => format!(
                            "did you mean `{near}`? Use a code listed under `countries`, or add the country there"
                        ),
                        None => "use a code listed under `countries`, or add the country there".to_owned(),
                    };
                    let mut problem = Problem::error(
                        at(field).key(code),
                        format!("found the code `{code}`, expected one of the countries: {}", codes.join(", ")),
                        hint,
                    );
                    problem.at_key = true;
                    self.0.push(problem);
                }
            }
            for country in &sheet.countries {
                // A country whose code is misspelt in the map is reported there, once.
                let misspelt = map.keys().any(|k| sheet.country(k).is_none() && code_typo(k, &country.code));
                if !map.contains_key(&country.code) && !misspelt {
                    self.error(
                        at(field).key(&country.code),
                        format!("found no figure for {} (`{}`), expected one for every country", country.name, country.code),
                        format!(
                            "add \"{}\" with the country's figure; 0 means none were counted, and a figure nobody knows has no place in a published factsheet: find it, or take the country out of `countries`",
                            country.code
                        ),
                    );
                }
            }
        }
    }

    /// A series must have `expected` values; returns whether it has.
    fn series_length(&mut self, field: &str, series: &[u64], expected: usize, period: &str, hint: &str) -> bool {
        if series.len() == expected {
            return true;
        }
        let relation = if series.len() > expected { "longer than" } else { "shorter than" };
        self.error(
            at(field),
            format!("found {} values, expected {expected}: the series is {relation} the period {period}", series.len()),
            hint,
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
        let period = crate::text::format::period_range(year, month);
        let month_of = |i: usize| format!("{} {year}", month_name(i as u8 + 1));
        if self.series_length("arrivals.monthly", &a.monthly, usize::from(month), &period, EVERY_MONTH) {
            let sum = crate::text::format::sum(a.monthly.iter().copied());
            if a.estimate_rounded {
                let roundings = roundings(sum);
                if !roundings.contains(&u128::from(a.estimate)) {
                    let shown: Vec<String> = roundings.iter().skip(1).map(|&r| thousands(r)).collect();
                    self.error(
                        at("arrivals.estimate"),
                        format!(
                            "found {}, but the monthly arrivals add up to {} (rounded: {})",
                            thousands(a.estimate),
                            thousands(sum),
                            crate::text::sentences::join_or(&shown)
                        ),
                        "estimate_rounded lets the estimate be the monthly total rounded to tens, fifties, hundreds and so on, \
                         not another figure: correct the estimate or the monthly figures",
                    );
                } else if a.last_year > 0
                    && (u128::from(a.estimate).cmp(&u128::from(a.last_year)) != sum.cmp(&u128::from(a.last_year)))
                {
                    // The stated change is computed from the estimate: a rounding across last
                    // year's figure would state the change the wrong way round.
                    self.error(
                        at("arrivals.estimate"),
                        format!(
                            "found {}, the monthly total {} rounded across last year's {}: the page would state the change the wrong way round",
                            thousands(a.estimate),
                            thousands(sum),
                            thousands(a.last_year)
                        ),
                        "round the estimate less (to tens or hundreds), or give the monthly total itself and set estimate_rounded to false",
                    );
                }
            } else if sum != u128::from(a.estimate) {
                self.error(
                    at("arrivals.estimate"),
                    format!(
                        "found {}, but the monthly arrivals add up to {}",
                        thousands(a.estimate),
                        thousands(sum)
                    ),
                    "correct the estimate or the monthly figures; if the estimate is the total rounded (12,000 for 11,814), set \"estimate_rounded\": true",
                );
            }
            self.outliers("arrivals.monthly", &a.monthly, month_of);
        }
        let last_period = crate::text::format::period_range(year - 1, month);
        let last_month_of = |i: usize| format!("{} {}", month_name(i as u8 + 1), year - 1);
        // Last year's months: the period's, or all twelve, which a short period's chart shows.
        let whole_year = a.monthly_last_year.len() == 12 && month < 12;
        let compared = if whole_year { &a.monthly_last_year[..usize::from(month)] } else { &a.monthly_last_year[..] };
        if whole_year || self.series_length(
                "arrivals.monthly_last_year",
                &a.monthly_last_year,
                usize::from(month),
                &last_period,
                "give one value per month from January to the reporting month (edition.month), or one for each of last year's twelve months",
            ) {
            // Last year's figure is compared with this year's to state the change, so it is
            // always the sum of the same months: `estimate_rounded` is about this year's
            // estimate only.
            let sum = crate::text::format::sum(compared.iter().copied());
            if sum != u128::from(a.last_year) {
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
        let Some(s) = &sheet.asylum else { return };
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
        let sum = crate::text::format::sum(p.by_country.values().copied());
        // `total_rounded` lets the total be the countries' sum rounded (2,300 for 2,289).
        let agrees = |exact: u128| {
            exact == u128::from(p.total) || (p.total_rounded && roundings(exact).contains(&u128::from(p.total)))
        };
        if sheet.countries.iter().all(|c| p.by_country.contains_key(&c.code)) && !agrees(sum) {
            let shown: Vec<String> = roundings(sum).iter().skip(1).map(|&r| thousands(r)).collect();
            self.error(
                at("present.by_country"),
                format!(
                    "the countries add up to {}, but present.total is {}",
                    thousands(sum),
                    thousands(p.total)
                ),
                if p.total_rounded {
                    format!(
                        "the total is marked rounded (total_rounded; present_rounded in a workbook), which lets it be the countries' sum rounded ({}); correct the total or the countries",
                        crate::text::sentences::join_or(&shown)
                    )
                } else {
                    "the shares in the text are computed from these figures: correct the total or the countries; if the total is their sum rounded, set \"total_rounded\": true".to_owned()
                },
            );
        }
        // Children are counted among the persons present: at most the total, or, when the
        // total is rounded, the countries' exact sum.
        let present = if p.total_rounded { sum.min(u128::from(p.total)) } else { u128::from(p.total) };
        if let Some(uasc) = p.uasc
            && u128::from(uasc) > present
        {
            self.error(
                at("present.uasc"),
                format!("found {} children, more than the {} persons present", thousands(uasc), thousands(present)),
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
            if !agrees(u128::from(last)) {
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
        let listed = crate::text::format::sum(p.by_nationality.iter().map(|n| n.count));
        // "Other nationalities" is the total less the five shown: when the list itself covers
        // less than half of the total, most of that row is persons of no listed nationality.
        if !p.by_nationality.is_empty() && listed * 2 < u128::from(p.total) {
            self.warning(
                at("present.by_nationality"),
                format!(
                    "the nationalities add up to {}, less than half of the {} persons present: \"Other nationalities\" will hold the rest, {}",
                    thousands(listed),
                    thousands(p.total),
                    thousands(u128::from(p.total) - listed)
                ),
                "list more nationalities, so that the page's breakdown says who is present",
            );
        }
        if listed > u128::from(p.total) {
            self.error(
                at("present.by_nationality"),
                format!(
                    "the nationalities add up to {}, more than the {} persons present",
                    thousands(listed),
                    thousands(p.total)
                ),
                "check the counts: they are persons present at the end of the month",
            );
        }
        for (i, n) in p.by_nationality.iter().enumerate() {
            if let Some(code) = &n.code
                && crate::text::names::by_code(code).is_none()
            {
                self.error(
                    at("present.by_nationality").index(i).key("code"),
                    format!("found `{code}`, which is no country code the CLDR knows"),
                    "use the country's ISO 3166-1 code, alpha-3 (SYR) or alpha-2 (SY), or leave the code out",
                );
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (i, n) in p.by_nationality.iter().enumerate() {
            if !seen.insert(n.name.shown(sheet.lang())) {
                let path = at("present.by_nationality").index(i);
                self.error(path.key("name"), format!("found {} a second time", n.name), "list each nationality once");
            }
        }
        self.zero_countries(sheet, "present.by_country", &p.by_country, "no persons present");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Factsheet {
        serde_json::from_str(include_str!("../../data/2025-12.json")).unwrap()
    }

    fn errors(sheet: &Factsheet) -> Vec<String> {
        check(sheet)
            .into_iter()
            .filter(|p| p.severity == Severity::Error)
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect()
    }

    #[test]
    fn links_are_web_or_email_addresses() {
        for good in ["https://data.unhcr.org/en/situations/ukraine", "HTTP://example.org", "mailto:im@example.org"] {
            assert!(is_web_link(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "  JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "//evil.org/x",
            "cid:card",
            "https://",
            "https://a b.org",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
        let mut sheet = sample();
        sheet.notes.footnotes[0].link.as_mut().unwrap().url = Some("javascript:alert(1)".into());
        let found = errors(&sheet);
        assert!(
            found.iter().any(|e| e.contains("notes.footnotes[0].link.url: found the link `javascript:alert(1)`")),
            "{found:?}"
        );
    }

    #[test]
    fn a_rounded_total_may_be_the_countries_sum_rounded() {
        let mut sheet = sample();
        sheet.present.total = 2_300;
        *sheet.present.monthly.last_mut().unwrap() = 2_289;
        assert_eq!(errors(&sheet), Vec::<String>::new(), "2,300 is 2,289 rounded, and the total is marked rounded");
        sheet.present.total_rounded = false;
        let found = errors(&sheet);
        assert!(
            found.iter().any(|e| e.contains("the countries add up to 2,289, but present.total is 2,300")),
            "{found:?}"
        );
        sheet.present.total_rounded = true;
        sheet.present.uasc = Some(2_295);
        let found = errors(&sheet);
        assert!(
            found.iter().any(|e| e.contains("found 2,295 children, more than the 2,289 persons present")),
            "{found:?}"
        );
        sheet.present.uasc = Some(134);
        sheet.present.total = 2_400;
        let found = errors(&sheet);
        assert!(found.iter().any(|e| e.contains("the countries add up to 2,289")), "{found:?}");
    }

    #[test]
    fn a_year_left_at_last_years_is_named() {
        let mut sheet = sample();
        sheet.edition.month = 1;
        sheet.edition.published = "2026-02-20".into();
        let warnings: Vec<String> = check(&sheet)
            .into_iter()
            .filter(|p| p.severity == Severity::Warning)
            .map(|p| format!("{}: {}", p.path, p.message))
            .collect();
        assert!(
            warnings.contains(
                &"edition.year: found 2025, but the factsheet is published 2026-02-20: 2025 is probably last year's"
                    .to_owned()
            ),
            "{warnings:?}"
        );
        sheet.edition.published = "2027-06-01".into();
        let warnings: Vec<String> = check(&sheet).into_iter().map(|p| p.message).collect();
        assert!(warnings.iter().any(|w| w.contains("more than a year after the reporting month")), "{warnings:?}");
    }

    #[test]
    fn nationalities_covering_less_than_half_warn() {
        let mut sheet = sample();
        sheet.present.by_nationality.truncate(2);
        let warnings: Vec<String> =
            check(&sheet).into_iter().filter(|p| p.severity == Severity::Warning).map(|p| p.message).collect();
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("the nationalities add up to 910, less than half of the 2,289 persons present")),
            "{warnings:?}"
        );
        assert!(check(&sample()).is_empty(), "the sample's list covers most of the total");
    }

    #[test]
    fn roundings_of_a_total() {
        assert_eq!(roundings(11_814), [11_814, 11_810, 11_800, 12_000, 10_000]);
        assert_eq!(roundings(7), [7, 10]);
        assert_eq!(roundings(0), [0]);
    }

    #[test]
    fn a_rounded_estimate_is_the_total_rounded_and_nothing_else() {
        let mut sheet = sample();
        sheet.arrivals.estimate_rounded = true;
        for estimate in [11_814, 11_810, 11_800, 12_000, 10_000] {
            sheet.arrivals.estimate = estimate;
            assert_eq!(errors(&sheet), Vec::<String>::new(), "{estimate}");
        }
        sheet.arrivals.estimate = 15_000;
        assert_eq!(
            errors(&sheet),
            [
                "arrivals.estimate: found 15,000, but the monthly arrivals add up to 11,814 (rounded: 11,810, 11,800, 12,000 or 10,000)"
            ]
        );
    }

    /// The flag on this year's estimate says nothing of last year's: a wrong figure there
    /// would print a wrong change ("236,180% increase").
    /// Found by a hostile tester: some 1,000 for 600 arrivals against last year's 812 read "23%
    /// increase".
    #[test]
    fn a_rounding_across_last_years_figure_is_refused() {
        let mut sheet = sample();
        // This year's months add up to 11,814; last year's to 11,900.
        sheet.arrivals.monthly_last_year = vec![991; 12];
        sheet.arrivals.monthly_last_year[0] = 999;
        sheet.arrivals.last_year = 11_900;
        sheet.arrivals.estimate_rounded = true;
        sheet.arrivals.estimate = 12_000;
        assert!(
            errors(&sheet).iter().any(|e| e.contains("the page would state the change the wrong way round")),
            "{:?}",
            errors(&sheet)
        );
        sheet.arrivals.estimate = 11_800;
        assert!(errors(&sheet).is_empty(), "{:?}", errors(&sheet));
    }

    #[test]
    fn a_rounded_estimate_still_checks_last_years_series() {
        let mut sheet = sample();
        sheet.arrivals.estimate_rounded = true;
        sheet.arrivals.last_year = 5;
        assert_eq!(
            errors(&sheet),
            [
                "arrivals.last_year: found 5, but last year's monthly arrivals add up to 17,374; the stated change would be wrong"
            ]
        );
    }

    /// A January may give the whole of last year, for its chart; the change compares January
    /// with January only. Any other length is refused, with both lengths in the hint.
    #[test]
    fn last_year_is_the_same_months_or_all_twelve() {
        let mut sheet = sample();
        sheet.edition.month = 1;
        sheet.arrivals.monthly.truncate(1);
        sheet.arrivals.estimate = 812;
        sheet.arrivals.last_year = 1_105;
        let about_last_year = |sheet: &Factsheet| -> Vec<String> {
            errors(sheet)
                .into_iter()
                .filter(|e| e.starts_with("arrivals.last_year") || e.starts_with("arrivals.monthly_last_year"))
                .collect()
        };
        assert_eq!(about_last_year(&sheet), Vec::<String>::new());
        sheet.arrivals.last_year = 17_374;
        assert_eq!(
            about_last_year(&sheet),
            [
                "arrivals.last_year: found 17,374, but last year's monthly arrivals add up to 1,105; the stated change would be wrong"
            ]
        );
        sheet.arrivals.monthly_last_year.truncate(7);
        assert_eq!(
            about_last_year(&sheet),
            [
                "arrivals.monthly_last_year: found 7 values, expected 1: the series is longer than the period January 2024"
            ]
        );
        assert!(check(&sheet).iter().any(|p| p.hint.contains("or one for each of last year's twelve months")));
    }

    /// Boundaries to dash: two different well-formed codes, each boundary once, twenty at most
    /// (a list far longer is said once).
    #[test]
    fn dashed_boundaries_are_pairs_of_two_countries_each_once() {
        let mut sheet = sample();
        let pair = |a: &str, b: &str| [a.to_owned(), b.to_owned()];
        sheet.map = Some(crate::input::model::MapSpec {
            show: true,
            geometry: None,
            dashed: vec![pair("SDN", "SSD"), pair("SRB", "SRB"), pair("srb", "XKX"), pair("SSD", "SDN")],
        });
        assert_eq!(
            errors(&sheet),
            [
                "map.dashed[1]: found `SRB` twice, expected two different countries",
                "map.dashed[2]: found `srb`, expected three capital letters",
                "map.dashed[3]: found the boundary between `SSD` and `SDN` a second time",
            ]
        );
        sheet.map.as_mut().unwrap().dashed = vec![pair("SDN", "SSD"); 5_000];
        assert_eq!(
            errors(&sheet),
            ["map.dashed: found 5000 dashed boundaries, more than the 20 the factsheet has room for"]
        );
    }

    /// Counts near 2^64 add up to more than a u64 holds: the message shows the true sum.
    #[test]
    fn sums_are_true_sums_never_wrapped() {
        let mut sheet = sample();
        sheet.present.by_country.insert("ALB".into(), u64::MAX);
        sheet.present.by_nationality[0].count = u64::MAX;
        let found = errors(&sheet);
        assert!(
            found.contains(
                &"present.by_country: the countries add up to 18,446,744,073,709,553,736, but present.total is 2,289"
                    .to_owned()
            ),
            "{found:#?}"
        );
        assert!(
            found.iter().any(
                |e| e.starts_with("present.by_nationality: the nationalities add up to 18,446,744,073,709,552,899")
            ),
            "{found:#?}"
        );
        sheet = sample();
        sheet.arrivals.monthly[0] = u64::MAX;
        let found = errors(&sheet);
        assert!(
            found[0].starts_with(
                "arrivals.estimate: found 11,814, but the monthly arrivals add up to 18,446,744,073,709,562,617"
            ),
            "{found:#?}"
        );
    }
}
