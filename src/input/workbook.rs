//! The operation's figures as a workbook lays them out: the sheets `edition`, `countries`,
//! `footnotes`, `months`, `arrivals_by_country`, `present_by_country` and `nationalities`,
//! each cell read as the type its column holds, every problem found at once at its cell.

use std::collections::BTreeMap;

use crate::input::model::{Date, YearMonth};
use crate::input::schema::MAX_COUNT;
use crate::input::table::{Address, Cell, Kind, Sheet, Value, Workbook, column_letters, printable};
use crate::input::validate::{MAX_COUNTRIES, MAX_FOOTNOTES, Severity};

/// Where a problem is: a sheet, its cells (`D14`, `C2:C13`, or none for the whole sheet) and
/// what they hold (`2025-12, arrivals`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub sheet: String,
    pub cells: String,
    pub label: String,
}

impl Place {
    pub fn new(sheet: &str, cells: impl Into<String>, label: impl Into<String>) -> Place {
        Place { sheet: sheet.to_owned(), cells: cells.into(), label: label.into() }
    }

    /// The place as a message shows it, after the workbook's path:
    /// `figures.xlsx: months!D14 (2025-12, arrivals)`, or in a folder of CSV files
    /// `figures/months.csv: D14 (2025-12, arrivals)`.
    /// The cells alone, as a message names another place: `months!H25`, `months.csv H25`.
    pub fn cells_name(&self, kind: Kind) -> String {
        match (kind, self.cells.is_empty()) {
            (Kind::Csv, true) => format!("{}.csv", self.sheet),
            (Kind::Csv, false) => format!("{}.csv {}", self.sheet, self.cells),
            (_, true) => format!("sheet {}", self.sheet),
            (_, false) => format!("{}!{}", self.sheet, self.cells),
        }
    }

    pub fn show(&self, path: &std::path::Path, kind: Kind) -> String {
        let label = if self.label.is_empty() { String::new() } else { format!(" ({})", printable(&self.label)) };
        match (kind, self.cells.is_empty()) {
            (Kind::Csv, true) => format!("{}{label}", path.join(format!("{}.csv", self.sheet)).display()),
            (Kind::Csv, false) => {
                format!("{}: {}{label}", path.join(format!("{}.csv", self.sheet)).display(), self.cells)
            }
            (_, true) => format!("{}: sheet {}{label}", path.display(), self.sheet),
            (_, false) => format!("{}: {}!{}{label}", path.display(), self.sheet, self.cells),
        }
    }
}

/// One problem with a workbook, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    pub severity: Severity,
    pub place: Place,
    pub message: String,
    pub hint: String,
    /// The month whose row the cell is in, for a cell of a month's row: a month that does not
    /// use that row is not stopped by it.
    pub month: Option<YearMonth>,
}

impl CellProblem {
    pub fn error(place: Place, message: impl Into<String>, hint: impl Into<String>) -> CellProblem {
        CellProblem { severity: Severity::Error, place, message: message.into(), hint: hint.into(), month: None }
    }

    pub fn warning(place: Place, message: impl Into<String>, hint: impl Into<String>) -> CellProblem {
        CellProblem { severity: Severity::Warning, place, message: message.into(), hint: hint.into(), month: None }
    }
}

/// A cell's value once read as its column's type: blank, the value, or wrong (and reported).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot<T> {
    Blank,
    Value(T),
    Invalid,
}

impl<T: Copy> Slot<T> {
    pub fn value(self) -> Option<T> {
        match self {
            Slot::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// A figure with the cell it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figure {
    pub slot: Slot<u64>,
    pub at: Address,
}

/// One row of the `months` sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthRow {
    pub month: YearMonth,
    pub row: u32,
    pub published: (Slot<Date>, Address),
    pub arrivals: Figure,
    /// The headline estimate, when it is given rather than the sum of arrivals.
    pub estimate: Figure,
    pub estimate_rounded: bool,
    pub intentions: Figure,
    pub applications: Figure,
    pub present: Figure,
    pub present_rounded: bool,
    pub uasc: Figure,
}

/// A sheet of figures per country: one row per month, one column per country code.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ByCountry {
    /// The country codes of the columns, in order.
    pub codes: Vec<String>,
    pub rows: Vec<(YearMonth, u32, Vec<Figure>)>,
}

impl ByCountry {
    pub fn row(&self, month: YearMonth) -> Option<&(YearMonth, u32, Vec<Figure>)> {
        self.rows.iter().find(|(m, ..)| *m == month)
    }
}

/// One row of the `nationalities` sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct NationalityRow {
    pub month: YearMonth,
    pub row: u32,
    pub name: String,
    /// The name in other languages, from `nationality.fr` and the like.
    pub names: Vec<(String, String)>,
    /// The ISO code of the country, from the optional `code` column.
    pub code: Option<String>,
    pub count: Figure,
}

/// A text of the `edition`, `countries` or `footnotes` sheet, with its cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    pub at: Address,
}

/// A row of the `countries` sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct CountryRow {
    pub row: u32,
    pub code: Text,
    pub name: Text,
    /// The name in other languages, from `name.fr` and the like: language and text.
    pub names: Vec<(String, Text)>,
    pub mark: Option<Text>,
}

/// A row of the `footnotes` sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct FootnoteRow {
    pub row: u32,
    pub mark: Text,
    pub text: Text,
    /// The text in other languages, from `text.fr` and the like.
    pub texts: Vec<(String, Text)>,
    pub link_label: Option<Text>,
    /// The link's words in other languages, from `link_label.fr` and the like.
    pub link_labels: Vec<(String, Text)>,
    pub link_url: Option<Text>,
}

/// Everything a workbook holds, typed, with the problems found in reading it.
#[derive(Debug, Clone)]
pub struct Figures {
    pub kind: Kind,
    /// The sheets' names as the workbook spells them, by their expected (lower-case) name.
    pub sheet_names: BTreeMap<&'static str, String>,
    pub edition: BTreeMap<&'static str, Text>,
    /// The `edition` fields given in other languages, `data_note.fr`: by field and language.
    pub edition_languages: BTreeMap<(&'static str, String), Text>,
    /// `compare_last_year` in `edition`: false when the workbook has no figures for last year.
    pub compare_last_year: bool,
    /// `map_show` in `edition`: false for no map.
    pub map_show: bool,
    pub countries: Vec<CountryRow>,
    pub footnotes: Vec<FootnoteRow>,
    pub months: Vec<MonthRow>,
    /// The columns of `months` that were found, by name.
    pub month_columns: BTreeMap<&'static str, u32>,
    pub arrivals_by_country: ByCountry,
    pub present_by_country: ByCountry,
    pub nationalities: Vec<NationalityRow>,
    pub problems: Vec<CellProblem>,
    /// The sheets that could not be read as tables (missing, without a usable header, or with
    /// more rows than the pages hold): no month can be computed until they are mended, so
    /// their problems are the only ones reported.
    pub unread: Vec<&'static str>,
}

/// The most columns a sheet may have: a by-country sheet's month and twelve countries, with
/// room to spare; more is not a sheet of figures.
pub const MAX_COLUMNS: usize = 64;

/// The sheets, in the order the README documents them.
pub const SHEETS: [&str; 7] =
    ["edition", "countries", "footnotes", "months", "arrivals_by_country", "present_by_country", "nationalities"];

/// The fields of the `edition` sheet: name and whether it must have a value.
pub const EDITION_FIELDS: [(&str, bool); 22] = [
    ("lang", false),
    ("catalogue", false),
    ("logo", false),
    ("organisation", true),
    ("operation", true),
    ("title", true),
    ("region", true),
    ("contact", true),
    ("source", true),
    ("arrivals_mark", false),
    ("arrivals_context", true),
    ("ratio_mark", false),
    ("asylum_more_text", false),
    ("asylum_more_label", false),
    ("asylum_more_url", false),
    ("accommodation", true),
    ("map_disclaimer", true),
    ("data_note", true),
    ("map_geometry", false),
    ("map_show", false),
    ("compare_last_year", false),
    ("illustrative", false),
];

/// The `edition` fields that may be given in other languages, as `field.fr` rows.
pub const EDITION_TEXTS: [&str; 13] = [
    "catalogue",
    "organisation",
    "operation",
    "title",
    "region",
    "contact",
    "source",
    "arrivals_context",
    "asylum_more_text",
    "asylum_more_label",
    "accommodation",
    "map_disclaimer",
    "data_note",
];

/// The columns of a sheet that may be given in other languages, as `name.fr` columns.
pub fn translatable(sheet: &str) -> &'static [&'static str] {
    match sheet {
        "countries" => &["name"],
        "footnotes" => &["text", "link_label"],
        "nationalities" => &["nationality"],
        _ => &[],
    }
}

/// `data_note.fr` as (`data_note`, `fr`), when what follows the last dot is a language tag.
pub fn split_language(name: &str) -> Option<(&str, String)> {
    let (base, tag) = name.rsplit_once('.')?;
    let parsed = crate::text::catalogue::parse_tag(tag)?;
    (parsed.eq_ignore_ascii_case(tag)).then_some((base, parsed))
}

/// The columns of each sheet: name and whether the sheet must have it (the by-country sheets
/// have a column per country after `month`).
pub fn columns(sheet: &str) -> &'static [(&'static str, bool)] {
    match sheet {
        "edition" => &[("field", true), ("value", true)],
        "countries" => &[("code", true), ("name", true), ("mark", false)],
        "footnotes" => &[("mark", true), ("text", true), ("link_label", false), ("link_url", false)],
        "months" => &[
            ("month", true),
            ("published", true),
            ("arrivals", true),
            ("estimate", false),
            ("estimate_rounded", false),
            ("intentions", false),
            ("applications", false),
            ("present", true),
            ("present_rounded", false),
            ("uasc", false),
        ],
        "nationalities" => &[("month", true), ("nationality", true), ("code", false), ("count", true)],
        _ => &[("month", true)],
    }
}

/// What a month's cell holds, `2025-12, arrivals`, written out only for a message.
struct Label<'a>(YearMonth, &'a str);

impl std::fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{}, {}", self.0, self.1)
    }
}

/// A date whose cell lost its date format: spreadsheets store dates as days since 30 December
/// 1899, and a cell formatted as a plain number shows that count (46072 for 19 February 2026).
/// Only whole numbers from 1950 to 2100 are read so; anything else is not a date.
fn serial_date(n: f64) -> Option<Date> {
    const FROM: f64 = 18_264.0; // 1950-01-01
    const TO: f64 = 73_050.0; // 2099-12-31
    if n.fract() != 0.0 || !(FROM..=TO).contains(&n) {
        return None;
    }
    let (year, month, day) = crate::text::format::date_from_unix((n as i64 - 25_569) * 86_400);
    Some(Date { year, month, day })
}

/// The cells of a header row, `A1:G1`.
fn header_span(header: &[&Cell]) -> String {
    match (header.first(), header.last()) {
        (Some(a), Some(b)) if a.at != b.at => format!("{}:{}", a.at, b.at),
        (Some(a), _) => a.at.to_string(),
        _ => String::new(),
    }
}

/// A header name as it is matched: surrounding spaces dropped, lower case.
fn normal(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Reads the figures of a workbook: every sheet and cell, every problem at once.
pub fn read(workbook: &Workbook) -> Figures {
    let mut reader = Reader { kind: workbook.kind, problems: Vec::new(), row_month: None };
    let mut found: BTreeMap<&'static str, &Sheet> = BTreeMap::new();
    let mut sheet_names = BTreeMap::new();
    for sheet in &workbook.sheets {
        match SHEETS.iter().find(|s| **s == normal(&sheet.name)) {
            Some(name) if found.contains_key(name) => reader.problem(
                Place::new(&sheet.name, "", ""),
                format!("found a second sheet named {}", printable(&sheet.name)),
                "keep one sheet of each name",
            ),
            Some(name) => {
                found.insert(name, sheet);
                sheet_names.insert(*name, sheet.name.clone());
            }
            None => reader.problem(
                Place::new(&sheet.name, "", ""),
                format!(
                    "found a sheet `{}`, which the factsheet does not read; expected only {}",
                    printable(&sheet.name),
                    SHEETS.join(", ")
                ),
                if workbook.kind == Kind::Csv {
                    "rename the file after one of these sheets, or move it out of the folder"
                } else {
                    "rename the sheet to one of these, or move it to another workbook"
                },
            ),
        }
    }
    for name in SHEETS {
        if !found.contains_key(name) {
            let what = if workbook.kind == Kind::Csv { format!("file {name}.csv") } else { format!("sheet `{name}`") };
            reader.problem(
                Place::new(name, "", ""),
                format!("found no {what}; the workbook needs {}", SHEETS.join(", ")),
                "add it with its header row (the README has a table per sheet); `factsheet convert` on a month's JSON file starts a workbook with every sheet",
            );
        }
    }
    let name_of = |s: &'static str| sheet_names.get(s).cloned().unwrap_or_else(|| s.to_owned());
    let mut unread = Vec::new();
    let table = |reader: &mut Reader, unread: &mut Vec<&'static str>, name: &'static str| {
        let table = found.get(name).and_then(|sheet| reader.table(name, sheet));
        if table.is_none() {
            unread.push(name);
        }
        table
    };
    let mut figures = Figures {
        kind: workbook.kind,
        sheet_names: BTreeMap::new(),
        edition: BTreeMap::new(),
        edition_languages: BTreeMap::new(),
        compare_last_year: true,
        map_show: true,
        countries: Vec::new(),
        footnotes: Vec::new(),
        months: Vec::new(),
        month_columns: BTreeMap::new(),
        arrivals_by_country: ByCountry::default(),
        present_by_country: ByCountry::default(),
        nationalities: Vec::new(),
        problems: Vec::new(),
        unread: Vec::new(),
    };
    if let Some(t) = table(&mut reader, &mut unread, "edition") {
        reader.edition(&t, &mut figures);
    }
    if let Some(t) = table(&mut reader, &mut unread, "countries") {
        if reader.too_many(&t, MAX_COUNTRIES, "countries") {
            unread.push("countries");
        } else {
            figures.countries = reader.countries(&t);
        }
    }
    if let Some(t) = table(&mut reader, &mut unread, "footnotes") {
        if reader.too_many(&t, MAX_FOOTNOTES, "footnotes") {
            unread.push("footnotes");
        } else {
            figures.footnotes = reader.footnotes(&t);
        }
    }
    if let Some(t) = table(&mut reader, &mut unread, "months") {
        figures.month_columns = t.columns.clone();
        figures.months = reader.months(&t);
    }
    let codes: Vec<String> = figures.countries.iter().map(|c| c.code.text.clone()).collect();
    if let Some(t) = table(&mut reader, &mut unread, "arrivals_by_country") {
        figures.arrivals_by_country = reader.by_country(&t, &codes);
    }
    if let Some(t) = table(&mut reader, &mut unread, "present_by_country") {
        figures.present_by_country = reader.by_country(&t, &codes);
    }
    if let Some(t) = table(&mut reader, &mut unread, "nationalities") {
        figures.nationalities = reader.nationalities(&t);
    }
    for name in SHEETS {
        figures.sheet_names.insert(name, name_of(name));
    }
    figures.problems = reader.problems;
    figures.unread = unread;
    figures
}

/// A sheet with its header read: the expected columns found, and the data rows under it.
struct Table<'a> {
    /// The sheet's name as the workbook spells it.
    name: String,
    header_row: u32,
    /// The header's cells, `A1:G1`.
    header_span: String,
    columns: BTreeMap<&'static str, u32>,
    /// Columns named by the header that are not expected (the by-country sheets' codes).
    extra: Vec<(String, u32)>,
    /// Columns of a text in another language, `name.fr`: the column's base name, the language
    /// and the column.
    languages: Vec<(&'static str, String, u32)>,
    rows: Vec<(u32, Vec<&'a Cell>)>,
}

impl Table<'_> {
    fn cell(&self, row: &[&Cell], column: &str) -> Option<Value> {
        let at = *self.columns.get(column)?;
        Some(row.iter().find(|c| c.at.column == at).map_or(Value::Empty, |c| c.value.clone()))
    }

    /// The texts of a row in other languages for the column `base`: language and text, for
    /// each of its language columns that is not empty.
    fn translations(&self, row: &[&Cell], at: u32, base: &str) -> Vec<(String, Text)> {
        self.languages
            .iter()
            .filter(|(b, ..)| *b == base)
            .filter_map(|(_, tag, column)| {
                let cell = row.iter().find(|c| c.at.column == *column)?;
                let text = match &cell.value {
                    Value::Text(t) if !t.trim().is_empty() => t.trim().to_owned(),
                    _ => return None,
                };
                Some((tag.clone(), Text { text, at: Address { row: at, column: *column } }))
            })
            .collect()
    }

    fn address(&self, row: u32, column: &str) -> Address {
        Address { row, column: self.columns.get(column).copied().unwrap_or(0) }
    }
}

struct Reader {
    kind: Kind,
    problems: Vec<CellProblem>,
    /// The month of the row being read, which its cells' problems belong to.
    row_month: Option<YearMonth>,
}

impl Reader {
    fn problem(&mut self, place: Place, message: impl Into<String>, hint: impl Into<String>) {
        self.problems.push(CellProblem { month: self.row_month, ..CellProblem::error(place, message, hint) });
    }

    /// Finds a sheet's header (its first non-empty row) and checks its columns. A sheet
    /// without a usable header gives no table, after its problems are recorded.
    fn table<'a>(&mut self, expected: &'static str, sheet: &'a Sheet) -> Option<Table<'a>> {
        let mut rows = sheet.rows().into_iter();
        let Some((header_row, header)) = rows.next() else {
            self.problem(
                Place::new(&sheet.name, "", ""),
                "found an empty sheet, expected a header row and the figures under it",
                "write the header row (the README lists each sheet's columns), then a row per item",
            );
            return None;
        };
        let expected_columns = columns(expected);
        let by_country = expected.ends_with("_by_country");
        if header.len() > MAX_COLUMNS {
            self.problem(
                Place::new(&sheet.name, header_span(&header), "header"),
                format!("found {} columns, more than the {MAX_COLUMNS} a sheet of the factsheet has", header.len()),
                "check that this is the right sheet; a by-country sheet has a column per country, at most 12",
            );
            return None;
        }
        let mut table = Table {
            name: sheet.name.clone(),
            header_row,
            header_span: header_span(&header),
            columns: BTreeMap::new(),
            extra: Vec::new(),
            languages: Vec::new(),
            rows: Vec::new(),
        };
        let names: Vec<&str> = expected_columns.iter().map(|(n, _)| *n).collect();
        let mut ok = true;
        for cell in &header {
            let place = Place::new(&sheet.name, cell.at.to_string(), "header");
            let Value::Text(text) = &cell.value else {
                self.problem(
                    place,
                    format!("found {}, expected a column's name", cell.value.describe()),
                    "write the column's name in the header row",
                );
                ok = false;
                continue;
            };
            let name = normal(text);
            match names.iter().find(|n| **n == name) {
                Some(n) if table.columns.contains_key(n) => {
                    self.problem(
                        place,
                        format!("found the column `{}` a second time", printable(text.trim())),
                        "keep one column of each name",
                    );
                    ok = false;
                }
                Some(n) => {
                    table.columns.insert(n, cell.at.column);
                }
                None if by_country => table.extra.push((text.trim().to_uppercase(), cell.at.column)),
                None if split_language(&name).is_some_and(|(base, _)| translatable(expected).contains(&base)) => {
                    let (base, tag) = split_language(&name).unwrap_or_default();
                    let base = translatable(expected).iter().find(|b| **b == base).copied().unwrap_or_default();
                    if table.languages.iter().any(|(b, t, _)| *b == base && *t == tag) {
                        self.problem(
                            place,
                            format!("found the column `{}` a second time", printable(text.trim())),
                            "keep one column of each name",
                        );
                        ok = false;
                    } else {
                        table.languages.push((base, tag, cell.at.column));
                    }
                }
                None => {
                    let separated = self.kind == Kind::Csv && (text.contains(';') || text.contains('\t'));
                    self.problem(
                        place,
                        format!("found a column `{}`, which the sheet {expected} does not have; expected {}", printable(text.trim()), names.join(", ")),
                        if separated {
                            "the file's values are separated by semicolons or tabs: save the sheet as CSV with commas (in LibreOffice, Save As, Text CSV, field delimiter ,)"
                        } else {
                            "rename the column to one of these, or delete it"
                        },
                    );
                    ok = false;
                }
            }
        }
        for (name, required) in expected_columns {
            if *required && !table.columns.contains_key(name) {
                self.problem(
                    Place::new(&sheet.name, header_span(&header), "header"),
                    format!("found no column `{name}`; the sheet {expected} has the columns {}", names.join(", ")),
                    "add the column to the header row",
                );
                ok = false;
            }
        }
        // Values under no header, reported once per column.
        let header_columns: std::collections::BTreeSet<u32> = header.iter().map(|h| h.at.column).collect();
        let named = |column: u32| header_columns.contains(&column);
        let mut stray: BTreeMap<u32, Vec<&Cell>> = BTreeMap::new();
        for (row, cells) in rows {
            for cell in cells.iter().filter(|c| !named(c.at.column)) {
                stray.entry(cell.at.column).or_default().push(cell);
            }
            table.rows.push((row, cells));
        }
        for (column, cells) in stray {
            let (first, last) = (cells[0], cells[cells.len() - 1]);
            let span = if first.at == last.at { first.at.to_string() } else { format!("{}:{}", first.at, last.at) };
            let what = if cells.len() == 1 {
                first.value.describe()
            } else {
                format!("{} values, the first {}", cells.len(), first.value.describe())
            };
            self.problem(
                Place::new(&sheet.name, span, ""),
                format!("found {what} in column {}, which has no name in the header row", column_letters(column)),
                "give the column a name in the header row, or move the values out of the sheet",
            );
            ok = false;
        }
        ok.then_some(table)
    }

    /// A place in a table: the cell and what it holds.
    fn place(&self, table: &Table, at: Address, label: impl ToString) -> Place {
        Place::new(&table.name, at.to_string(), label.to_string())
    }

    /// A whole number of persons, at most [`MAX_COUNT`]: `731` or `731.0`, not `731.5`.
    fn count(&mut self, table: &Table, row: &[&Cell], at: u32, column: &str, label: &dyn std::fmt::Display) -> Figure {
        let address = table.address(at, column);
        let Some(value) = table.cell(row, column) else {
            return Figure { slot: Slot::Blank, at: address };
        };
        let slot = match self.whole_number(&value) {
            Ok(None) => Slot::Blank,
            Ok(Some(n)) => Slot::Value(n),
            Err((message, hint)) => {
                self.problem(self.place(table, address, label), message, hint);
                Slot::Invalid
            }
        };
        Figure { slot, at: address }
    }

    fn whole_number(&self, value: &Value) -> Result<Option<u64>, (String, String)> {
        let expected = "expected a whole number";
        let number = match value {
            Value::Empty => return Ok(None),
            Value::Number(n) if !n.is_finite() => {
                return Err((
                    format!("found {}, {expected}", value.describe()),
                    "write the figure as a number of persons".into(),
                ));
            }
            Value::Number(n) => *n,
            Value::Text(text) if self.kind == Kind::Csv && text.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
                text.trim().parse::<f64>().unwrap_or(f64::NAN)
            }
            Value::Text(text) => {
                let digits: String =
                    text.chars().filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}' | '\'' | '.')).collect();
                let hint = if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                    if self.kind == Kind::Csv {
                        "write the figure with digits only, without separators (1234)".to_owned()
                    } else {
                        "the cell is text, not a number: remove the separators or the quote, or format the cell as a number".to_owned()
                    }
                } else if text.trim().ends_with('%') {
                    "a figure is a count of persons, not a share: type the count".to_owned()
                } else {
                    "write the figure as a number of persons (0 if there were none)".to_owned()
                };
                return Err((format!("found {}, {expected}", value.describe()), hint));
            }
            Value::Untrusted { message, hint } => return Err((message.clone(), hint.clone())),
            Value::Percent(_) => {
                return Err((
                    format!("found {}; type the count", value.describe()),
                    "a figure is a count of persons, not a share: format the cell as a number (Format, Cells, Number) and type the count".into(),
                ));
            }
            other => {
                return Err((
                    format!("found {}, {expected}", other.describe()),
                    "write the figure as a number of persons".into(),
                ));
            }
        };
        if number.fract() != 0.0 {
            let hint = if number > 0.0 && number < 1.0 {
                "a count of persons has no fraction: if the cell shows a percentage, format it as a number and type the count; otherwise round it, or check the cell's formula"
            } else {
                "a count of persons has no fraction: round it, or check the cell's formula"
            };
            return Err((
                format!("found {}, {expected}", crate::input::table::Value::Number(number).describe()),
                hint.into(),
            ));
        }
        if number < 0.0 {
            return Err((
                format!("found {}, {expected} of 0 or more", Value::Number(number).describe()),
                "a count of persons is never negative".into(),
            ));
        }
        if number > MAX_COUNT as f64 {
            return Err((
                format!(
                    "found {}, more than {} persons",
                    Value::Number(number).describe(),
                    crate::text::format::thousands(MAX_COUNT)
                ),
                "check the cell for a typing mistake (an extra digit, or a date)".into(),
            ));
        }
        Ok(Some(number as u64))
    }

    fn flag(&mut self, table: &Table, row: &[&Cell], at: u32, column: &str, label: &dyn std::fmt::Display) -> bool {
        match table.cell(row, column) {
            None | Some(Value::Empty) => false,
            Some(Value::Bool(b)) => b,
            Some(Value::Number(n)) if n == 0.0 || n == 1.0 => n == 1.0,
            Some(Value::Text(t)) if ["true", "yes"].contains(&normal(&t).as_str()) => true,
            Some(Value::Text(t)) if ["false", "no"].contains(&normal(&t).as_str()) => false,
            Some(Value::Untrusted { message, hint }) => {
                let place = self.place(table, table.address(at, column), label);
                self.problem(place, message, hint);
                false
            }
            Some(other) => {
                let place = self.place(table, table.address(at, column), label);
                self.problem(
                    place,
                    format!("found {}, expected TRUE or FALSE", other.describe()),
                    "write TRUE or FALSE, or leave the cell blank for FALSE",
                );
                false
            }
        }
    }

    /// A month: a date cell (its day is ignored) or `YYYY-MM` text.
    fn month(&mut self, table: &Table, row: &[&Cell], at: u32, column: &str) -> Option<YearMonth> {
        let month = self.any_month(table, row, at, column)?;
        if !(1950..=2100).contains(&month.year) {
            let place = self.place(table, table.address(at, column), column);
            self.problem(
                place,
                format!("found {month}, expected a month from 1950 to 2100"),
                "check the year for a typing mistake",
            );
            return None;
        }
        Some(month)
    }

    fn any_month(&mut self, table: &Table, row: &[&Cell], at: u32, column: &str) -> Option<YearMonth> {
        let place = || self.place(table, table.address(at, column), column);
        let problem = match table.cell(row, column).unwrap_or(Value::Empty) {
            Value::Date(d) => return Some(YearMonth { year: d.year, month: d.month }),
            Value::Number(n) if serial_date(n).is_some() => {
                return serial_date(n).map(|d| YearMonth { year: d.year, month: d.month });
            }
            Value::Text(t) => match YearMonth::parse(&t)
                .or_else(|| Date::parse(t.trim()).map(|d| YearMonth { year: d.year, month: d.month }))
            {
                Some(month) => return Some(month),
                None => (
                    format!("found {}, expected a month", Value::Text(t).describe()),
                    "write the month as YYYY-MM, e.g. 2025-12, or enter a date and format the cell as a date",
                ),
            },
            Value::Empty => (
                "found an empty cell, expected the row's month".to_owned(),
                "write the month as YYYY-MM, or delete the row",
            ),
            Value::Untrusted { message, .. } => {
                (message, "open the workbook in Excel or LibreOffice and save it again, or type the month as YYYY-MM")
            }
            other => (
                format!("found {}, expected a month", other.describe()),
                "write the month as YYYY-MM text, or format the cell as a date",
            ),
        };
        let place = place();
        self.problem(place, problem.0, problem.1);
        None
    }

    fn date(
        &mut self,
        table: &Table,
        row: &[&Cell],
        at: u32,
        column: &str,
        label: &dyn std::fmt::Display,
    ) -> (Slot<Date>, Address) {
        let address = table.address(at, column);
        let slot = match table.cell(row, column).unwrap_or(Value::Empty) {
            Value::Empty => Slot::Blank,
            Value::Date(d) => Slot::Value(d),
            Value::Number(n) if serial_date(n).is_some() => serial_date(n).map_or(Slot::Invalid, Slot::Value),
            Value::Text(t) if Date::parse(t.trim()).is_some() => {
                Date::parse(t.trim()).map_or(Slot::Invalid, Slot::Value)
            }
            Value::Untrusted { message, hint } => {
                let place = self.place(table, address, label);
                self.problem(place, message, hint);
                Slot::Invalid
            }
            other => {
                let place = self.place(table, address, label);
                self.problem(
                    place,
                    format!("found {}, expected a date", other.describe()),
                    "write the date as YYYY-MM-DD, e.g. 2026-01-20, or format the cell as a date",
                );
                Slot::Invalid
            }
        };
        (slot, address)
    }

    fn text(&mut self, table: &Table, row: &[&Cell], at: u32, column: &str) -> Option<Text> {
        let address = table.address(at, column);
        match table.cell(row, column)? {
            Value::Empty => None,
            Value::Text(t) => Some(Text { text: t.trim().to_owned(), at: address }),
            Value::Number(n) => Some(Text { text: Value::Number(n).describe(), at: address }),
            Value::Untrusted { message, hint } => {
                let place = self.place(table, address, column);
                self.problem(place, message, hint);
                None
            }
            other => {
                let place = self.place(table, address, column);
                self.problem(place, format!("found {}, expected text", other.describe()), "write the text in the cell");
                None
            }
        }
    }

    fn required_text(&mut self, table: &Table, row: &[&Cell], at: u32, column: &str) -> Text {
        self.text(table, row, at, column).unwrap_or_else(|| {
            let address = table.address(at, column);
            let place = self.place(table, address, column);
            self.problem(
                place,
                format!("found an empty cell, expected the {column}"),
                format!("write the {column}, or delete the row"),
            );
            Text { text: String::new(), at: address }
        })
    }

    fn edition(&mut self, table: &Table, figures: &mut Figures) {
        let names: Vec<&str> = EDITION_FIELDS.iter().map(|(n, _)| *n).collect();
        for (row, cells) in &table.rows {
            let Some(field) = self.text(table, cells, *row, "field") else {
                let place = self.place(table, table.address(*row, "field"), "field");
                self.problem(
                    place,
                    "found a value with no field name beside it",
                    "write the field's name in the `field` column, or delete the row",
                );
                continue;
            };
            let name = normal(&field.text);
            let place = self.place(table, field.at, "field");
            if let Some((base, tag)) = split_language(&name)
                && let Some(known) = EDITION_TEXTS.iter().find(|n| **n == base)
            {
                if figures.edition_languages.contains_key(&(*known, tag.clone())) {
                    self.problem(
                        place,
                        format!("found the field `{name}` a second time"),
                        "keep one row for each field",
                    );
                } else if let Some(value) = self.text(table, cells, *row, "value") {
                    figures.edition_languages.insert((known, tag), value);
                }
                continue;
            }
            let Some(known) = names.iter().find(|n| **n == name) else {
                self.problem(place, format!("found the field `{}`, which the factsheet does not have; expected {}", printable(&field.text), names.join(", ")), "rename it to one of these (the same text in another language is a row such as `data_note.fr`), or delete the row");
                continue;
            };
            if figures.edition.contains_key(known) {
                self.problem(place, format!("found the field `{known}` a second time"), "keep one row for each field");
                continue;
            }
            if *known == "compare_last_year" || *known == "map_show" {
                let flag = match table.cell(cells, "value") {
                    None | Some(Value::Empty) => true,
                    _ => self.flag(table, cells, *row, "value", known),
                };
                if *known == "map_show" {
                    figures.map_show = flag
                } else {
                    figures.compare_last_year = flag
                }
                continue;
            }
            if let Some(value) = self.text(table, cells, *row, "value") {
                figures.edition.insert(known, value);
            } else {
                figures.edition.insert(known, Text { text: String::new(), at: table.address(*row, "value") });
            }
        }
        for (name, required) in EDITION_FIELDS {
            let blank = figures.edition.get(name).is_none_or(|t| t.text.is_empty());
            if required && blank {
                let place = match figures.edition.get(name) {
                    Some(t) => self.place(table, t.at, name),
                    None => Place::new(&table.name, "", name),
                };
                self.problem(
                    place,
                    format!("found no value for `{name}`, which the factsheet prints"),
                    format!("add a row with `{name}` in the field column and its text in the value column"),
                );
            }
        }
        if figures.edition.get("asylum_more_url").is_some_and(|t| !t.text.is_empty())
            && figures.edition.get("asylum_more_label").is_none_or(|t| t.text.is_empty())
        {
            let at = figures.edition["asylum_more_url"].at;
            self.problem(
                self.place(table, at, "asylum_more_url"),
                "found a link with no words to print for it",
                "add `asylum_more_label`, the words printed for the link",
            );
        }
    }

    /// Whether a sheet has more rows than the factsheet has room for (reported, and then the
    /// sheet is not read: a list that long is not the list of figures).
    fn too_many(&mut self, table: &Table, limit: usize, what: &str) -> bool {
        let found = table.rows.len();
        if found > limit {
            self.problem(
                Place::new(&table.name, "", ""),
                format!("found {found} {what}, more than the {limit} the factsheet has room for"),
                format!("list at most {limit} {what}"),
            );
        }
        found > limit
    }

    fn countries(&mut self, table: &Table) -> Vec<CountryRow> {
        let mut out = Vec::new();
        for (row, cells) in &table.rows {
            let code = self.required_text(table, cells, *row, "code");
            let name = self.required_text(table, cells, *row, "name");
            let mark = self.text(table, cells, *row, "mark");
            let names = table.translations(cells, *row, "name");
            out.push(CountryRow {
                row: *row,
                code: Text { text: code.text.to_uppercase(), ..code },
                name,
                names,
                mark,
            });
        }
        out
    }

    fn footnotes(&mut self, table: &Table) -> Vec<FootnoteRow> {
        let mut out = Vec::new();
        for (row, cells) in &table.rows {
            let mark = self
                .text(table, cells, *row, "mark")
                .unwrap_or(Text { text: String::new(), at: table.address(*row, "mark") });
            let text = self.required_text(table, cells, *row, "text");
            let link_label = self.text(table, cells, *row, "link_label");
            let link_url = self.text(table, cells, *row, "link_url");
            if link_url.is_some() && link_label.is_none() {
                let place = self.place(table, table.address(*row, "link_label"), "link_label");
                self.problem(
                    place,
                    "found a link with no words to print for it",
                    "write the link's words in link_label",
                );
            }
            let texts = table.translations(cells, *row, "text");
            let link_labels = table.translations(cells, *row, "link_label");
            out.push(FootnoteRow { row: *row, mark, text, texts, link_label, link_labels, link_url });
        }
        out
    }

    /// Checks that a sheet's months are each given once and in order, oldest first.
    fn in_order(&mut self, table: &Table, months: &[(YearMonth, u32)]) {
        for pair in months.windows(2) {
            let ((before, _), (month, row)) = (pair[0], pair[1]);
            let place = self.place(table, table.address(row, "month"), month.to_string());
            if month == before {
                self.problem(
                    place,
                    format!("found {month} a second time"),
                    "keep one row per month; delete or correct the other",
                );
            } else if month < before {
                self.problem(
                    place,
                    format!("found {month} after {before}: the months are out of order"),
                    "sort the rows by month, oldest first",
                );
            }
        }
    }

    fn months(&mut self, table: &Table) -> Vec<MonthRow> {
        let mut out = Vec::new();
        for (row, cells) in &table.rows {
            let Some(month) = self.month(table, cells, *row, "month") else { continue };
            let label = |column: &'static str| Label(month, column);
            self.row_month = Some(month);
            out.push(MonthRow {
                month,
                row: *row,
                published: self.date(table, cells, *row, "published", &label("published")),
                arrivals: self.count(table, cells, *row, "arrivals", &label("arrivals")),
                estimate: self.count(table, cells, *row, "estimate", &label("estimate")),
                estimate_rounded: self.flag(table, cells, *row, "estimate_rounded", &label("estimate_rounded")),
                intentions: self.count(table, cells, *row, "intentions", &label("intentions")),
                applications: self.count(table, cells, *row, "applications", &label("applications")),
                present: self.count(table, cells, *row, "present", &label("present")),
                present_rounded: self.flag(table, cells, *row, "present_rounded", &label("present_rounded")),
                uasc: self.count(table, cells, *row, "uasc", &label("uasc")),
            });
            self.row_month = None;
        }
        let order: Vec<(YearMonth, u32)> = out.iter().map(|m| (m.month, m.row)).collect();
        self.in_order(table, &order);
        out
    }

    fn by_country(&mut self, table: &Table, codes: &[String]) -> ByCountry {
        let mut columns: Vec<(String, u32)> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for (code, column) in &table.extra {
            if !seen.insert(code.clone()) {
                let place = self.place(table, Address { row: table.header_row, column: *column }, "header");
                self.problem(
                    place,
                    format!("found the column {} a second time", printable(code)),
                    "keep one column per country",
                );
            } else if let Some(listed) = codes.iter().find(|c| {
                !codes.contains(code)
                    && crate::text::names::by_code(c).is_none()
                    && crate::input::validate::code_typo(code, c)
            }) {
                // The sheet countries lists the code misspelt (`MKK` for the column's `MKD`):
                // the column is that country's, and the code is reported once, where it is listed.
                columns.push((listed.clone(), *column));
            } else if !codes.is_empty() && !codes.contains(code) {
                let place = self.place(table, Address { row: table.header_row, column: *column }, "header");
                self.problem(
                    place,
                    format!(
                        "found a column for {}, which the sheet countries does not list; expected the codes {}",
                        printable(code),
                        codes.join(", ")
                    ),
                    "add the country to the sheet countries, or correct the code",
                );
            } else {
                columns.push((code.clone(), *column));
            }
        }
        for code in codes {
            if !columns.iter().any(|(c, _)| c == code) && !code.is_empty() {
                // (A misspelt code's column was taken above.)
                let place = Place::new(&table.name, table.header_span.clone(), "header");
                self.problem(
                    place,
                    format!("found no column for {code}, expected one per country of the sheet countries"),
                    format!("add a column headed {code}"),
                );
            }
        }
        let mut rows = Vec::new();
        for (row, cells) in &table.rows {
            let Some(month) = self.month(table, cells, *row, "month") else { continue };
            self.row_month = Some(month);
            let figures = columns
                .iter()
                .map(|(code, column)| {
                    let at = Address { row: *row, column: *column };
                    let value = cells.iter().find(|c| c.at.column == *column).map_or(Value::Empty, |c| c.value.clone());
                    let slot = match self.whole_number(&value) {
                        Ok(None) => Slot::Blank,
                        Ok(Some(n)) => Slot::Value(n),
                        Err((message, hint)) => {
                            self.problem(self.place(table, at, format!("{month}, {code}")), message, hint);
                            Slot::Invalid
                        }
                    };
                    Figure { slot, at }
                })
                .collect();
            rows.push((month, *row, figures));
            self.row_month = None;
        }
        let order: Vec<(YearMonth, u32)> = rows.iter().map(|(m, r, _)| (*m, *r)).collect();
        self.in_order(table, &order);
        ByCountry { codes: columns.into_iter().map(|(c, _)| c).collect(), rows }
    }

    fn nationalities(&mut self, table: &Table) -> Vec<NationalityRow> {
        let mut out: Vec<NationalityRow> = Vec::new();
        for (row, cells) in &table.rows {
            let Some(month) = self.month(table, cells, *row, "month") else { continue };
            self.row_month = Some(month);
            let name = self.required_text(table, cells, *row, "nationality").text;
            let names =
                table.translations(cells, *row, "nationality").into_iter().map(|(tag, t)| (tag, t.text)).collect();
            let code = self.text(table, cells, *row, "code").map(|t| t.text);
            let count = self.count(table, cells, *row, "count", &Label(month, &name));
            self.row_month = None;
            if let Some(last) = out.last().filter(|last| last.month > month) {
                let place = self.place(table, table.address(*row, "month"), month.to_string());
                let message = format!("found {month} after {}: the months are out of order", last.month);
                self.problem(place, message, "sort the rows by month, oldest first");
            }
            out.push(NationalityRow { month, row: *row, name, names, code, count });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_numbers_in_date_columns_are_the_dates_spreadsheets_store() {
        assert_eq!(serial_date(46_072.0), Some(Date { year: 2026, month: 2, day: 19 }));
        assert_eq!(serial_date(45_658.0), Some(Date { year: 2025, month: 1, day: 1 }));
        assert_eq!(serial_date(2026.0), None, "a year typed in a date column is not a date");
        assert_eq!(serial_date(46_072.5), None);
    }
}
