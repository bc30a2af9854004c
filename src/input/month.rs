//! One month's factsheet computed from a workbook's figures: the period's sums and series, the
//! month's stock figures and texts, as the same [`Factsheet`] a month's JSON file gives, with
//! the cells each field came from so that every later problem is reported at its cells.

use std::collections::{BTreeMap, BTreeSet};

use crate::input::locate::FieldPath;
use crate::input::model::{
    Arrivals, Asylum, Country, Edition, Factsheet, Footnote, Link, LinkedText, MapSpec, Nationality, Notes, Present,
    Text, YearMonth,
};
use crate::input::table::{Address, Kind};
use crate::input::validate::{Problem, Severity};
use crate::input::workbook::{CellProblem, Figure, Figures, MonthRow, Place, Slot};

/// Where each field of a computed factsheet came from, for reporting its problems by cell.
#[derive(Debug, Clone, Default)]
pub struct Origins(BTreeMap<String, Place>);

impl Origins {
    fn set(&mut self, path: &str, place: Place) {
        self.0.insert(path.to_owned(), place);
    }

    /// The place of a field, or of the nearest enclosing field that has one.
    pub fn place(&self, path: &FieldPath) -> Option<&Place> {
        let mut path = path.clone();
        loop {
            if let Some(place) = self.0.get(&path.to_string()) {
                return Some(place);
            }
            if path.0.is_empty() {
                return None;
            }
            path = path.parent();
        }
    }

    /// Problems of the factsheet's checks, each at the cells its field came from. The checks
    /// name other fields by their JSON paths (`present.total`); in the problems shown, those
    /// are replaced by the cells.
    pub fn locate_all(&self, problems: &[Problem], kind: Kind) -> Vec<CellProblem> {
        let mut paths: Vec<(&String, &Place)> = self.0.iter().filter(|(k, _)| k.contains('.')).collect();
        paths.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        problems
            .iter()
            .enumerate()
            .map(|(i, p)| self.locate(p, kind, if i < crate::input::report::MAX_SHOWN { &paths } else { &[] }))
            .collect()
    }

    fn locate(&self, problem: &Problem, kind: Kind, paths: &[(&String, &Place)]) -> CellProblem {
        let place =
            self.place(&problem.path).cloned().unwrap_or_else(|| Place::new("months", "", problem.path.to_string()));
        let rename = |text: &str| {
            let mut text = text.to_owned();
            for (path, place) in paths {
                if text.contains(path.as_str()) && !place.cells.is_empty() {
                    text = text.replace(path.as_str(), &place.cells_name(kind));
                }
            }
            text
        };
        CellProblem {
            severity: problem.severity,
            place,
            message: rename(&problem.message),
            hint: rename(&problem.hint),
            month: None,
        }
    }
}

/// A month computed from a workbook: the factsheet (when the sheets let it be computed at all),
/// the cells each field came from, the problems found computing it (every blank cell the month
/// needs), and the fields that rest on a cell that is blank or wrong, whose checks against
/// other fields would only repeat that cell's problem.
#[derive(Debug)]
pub struct Computed {
    pub sheet: Option<Factsheet>,
    pub origins: Origins,
    pub problems: Vec<CellProblem>,
    pub unknown: BTreeSet<String>,
    /// Notes for the person rendering, at their cells.
    pub notes: Vec<(Place, String)>,
}

/// Computes a month from a workbook's figures, finding every cell it lacks.
pub fn compute(figures: &Figures, month: YearMonth) -> Computed {
    let mut c = Computer {
        figures,
        problems: Vec::new(),
        origins: Origins::default(),
        gap: false,
        unknown: BTreeSet::new(),
        notes: Vec::new(),
    };
    let sheet = c.factsheet(month);
    Computed { sheet, origins: c.origins, problems: c.problems, unknown: c.unknown, notes: c.notes }
}

/// The newest month of a workbook: the last month that has any figure in any sheet (a date or
/// a count in `months`, a count in a by-country sheet, a nationality's count). A month whose
/// rows hold nothing but the month (rows prepared in advance) is not it. Whether the newest
/// month is complete is for [`compute`] to say, at every cell it lacks: an incomplete newest
/// month is an error, never a reason to render an earlier one.
pub fn newest(figures: &Figures) -> Result<YearMonth, Box<CellProblem>> {
    let filled = |f: &Figure| f.slot != Slot::Blank;
    let in_months = figures.months.iter().filter(|row| {
        row.published.0 != Slot::Blank
            || [row.arrivals, row.estimate, row.intentions, row.applications, row.present, row.uasc].iter().any(filled)
    });
    let by_country = [&figures.arrivals_by_country, &figures.present_by_country]
        .into_iter()
        .flat_map(|sheet| sheet.rows.iter().filter(|(_, _, cells)| cells.iter().any(filled)).map(|(m, ..)| *m));
    let nationalities = figures.nationalities.iter().filter(|n| filled(&n.count)).map(|n| n.month);
    in_months.map(|row| row.month).chain(by_country).chain(nationalities).max().ok_or_else(|| {
        Box::new(CellProblem::error(
            Place::new(figures.sheet_names.get("months").map_or("months", String::as_str), "", ""),
            "found no month with any figure: every row of months, arrivals_by_country, present_by_country and nationalities is blank",
            "fill in a month's row in every sheet",
        ))
    })
}

/// The months after `month` that have a row in some sheet, none of them holding a figure
/// (rows prepared in advance, or a month begun with its names and flags only).
pub fn prepared_after(figures: &Figures, month: YearMonth) -> Vec<YearMonth> {
    let rows = figures.months.iter().map(|r| r.month);
    let by_country = [&figures.arrivals_by_country, &figures.present_by_country]
        .into_iter()
        .flat_map(|s| s.rows.iter().map(|(m, ..)| *m));
    let nationalities = figures.nationalities.iter().map(|n| n.month);
    let later: BTreeSet<YearMonth> = rows.chain(by_country).chain(nationalities).filter(|m| *m > month).collect();
    later.into_iter().collect()
}

/// Whether the workbook has asylum figures: the `months` sheet has their columns.
fn has_asylum(figures: &Figures) -> bool {
    figures.month_columns.contains_key("intentions") || figures.month_columns.contains_key("applications")
}

struct Computer<'a> {
    figures: &'a Figures,
    problems: Vec<CellProblem>,
    origins: Origins,
    /// Whether a figure read since the last [`Computer::settle`] was blank or wrong.
    gap: bool,
    unknown: BTreeSet<String>,
    notes: Vec<(Place, String)>,
}

impl<'a> Computer<'a> {
    fn sheet(&self, name: &str) -> String {
        self.figures.sheet_names.get(name).cloned().unwrap_or_else(|| name.to_owned())
    }

    /// The cells of one column over consecutive rows, `C2:C13`, or one cell.
    fn span(first: Address, last: Address) -> String {
        if first == last { first.to_string() } else { format!("{first}:{last}") }
    }

    fn error(&mut self, place: Place, message: impl Into<String>, hint: impl Into<String>) {
        self.problems.push(CellProblem::error(place, message, hint));
    }

    /// Marks the fields computed from the figures read since the last call as unknown when
    /// one of those figures was blank or wrong.
    fn settle(&mut self, paths: &[&str]) {
        if std::mem::take(&mut self.gap) {
            self.unknown.extend(paths.iter().map(|p| (*p).to_owned()));
        }
    }

    /// A figure that must be there: blank is an error, never a zero.
    fn needed(&mut self, sheet: &str, figure: Figure, label: String) -> u64 {
        match figure.slot {
            Slot::Value(v) => v,
            Slot::Invalid => {
                self.gap = true;
                0
            }
            Slot::Blank => {
                self.gap = true;
                let place = Place::new(&self.sheet(sheet), figure.at.to_string(), label);
                self.error(
                    place,
                    "found an empty cell, expected a figure",
                    "write the figure (0 if there were none); a blank is never read as 0",
                );
                0
            }
        }
    }

    /// The rows of `months` for a run of months; a month with no row is an error naming it.
    fn month_rows(&mut self, months: &[YearMonth], why: &str) -> Option<Vec<&'a MonthRow>> {
        let figures = self.figures;
        let missing: Vec<YearMonth> =
            months.iter().copied().filter(|m| !figures.months.iter().any(|r| r.month == *m)).collect();
        if !missing.is_empty() {
            let names: Vec<String> = missing.iter().map(ToString::to_string).collect();
            let place = Place::new(&self.sheet("months"), "", "");
            self.error(
                place,
                format!("found no row for {}, {why}", crate::text::sentences::join_and(&names)),
                "add a row for each month, in order",
            );
            return None;
        }
        Some(months.iter().filter_map(|m| figures.months.iter().find(|r| r.month == *m)).collect())
    }

    /// A column of `months` over a run of rows: each value, and the span of cells.
    fn series(&mut self, rows: &[&MonthRow], column: &str, pick: fn(&MonthRow) -> Figure) -> (Vec<u64>, String) {
        let values = rows.iter().map(|r| self.needed("months", pick(r), format!("{}, {column}", r.month))).collect();
        let span = match (rows.first(), rows.last()) {
            (Some(a), Some(b)) => Self::span(pick(a).at, pick(b).at),
            _ => String::new(),
        };
        (values, span)
    }

    fn place(&self, sheet: &str, cells: String, label: impl Into<String>) -> Place {
        Place::new(&self.sheet(sheet), cells, label)
    }

    fn edition_text(&mut self, field: &'static str, path: &str) -> String {
        match self.figures.edition.get(field) {
            Some(text) => {
                let place = self.place("edition", text.at.to_string(), field);
                self.origins.set(path, place);
                text.text.clone()
            }
            None => {
                self.origins.set(path, self.place("edition", String::new(), field));
                String::new()
            }
        }
    }

    /// The file's language: the `edition` sheet's `lang`, or English.
    fn lang(&self) -> String {
        self.figures
            .edition
            .get("lang")
            .and_then(|t| crate::text::catalogue::parse_tag(&t.text))
            .unwrap_or_else(|| crate::text::catalogue::DEFAULT_LANGUAGE.to_owned())
    }

    /// An `edition` text with its `field.fr` rows: one text, or one per language.
    fn edition_words(&mut self, field: &'static str, path: &str) -> Text {
        let plain = self.edition_text(field, path);
        let sheet = self.sheet("edition");
        let others: Vec<(String, String, Address)> = self
            .figures
            .edition_languages
            .iter()
            .filter(|((f, _), _)| *f == field)
            .map(|((_, tag), text)| {
                self.origins
                    .set(&format!("{path}.{tag}"), Place::new(&sheet, text.at.to_string(), format!("{field}.{tag}")));
                (tag.clone(), text.text.clone(), text.at)
            })
            .collect();
        let file_lang = self.lang();
        if let Some((tag, _, at)) = others.iter().find(|(tag, ..)| *tag == file_lang) {
            let place = self.place("edition", at.to_string(), format!("{field}.{tag}"));
            self.error(
                place,
                format!("found `{field}.{tag}`, but `{tag}` is the workbook's own language, which the row `{field}` gives"),
                format!("write the text in the row `{field}`, and delete this one (or set `lang` to the language of the plain rows)"),
            );
        }
        languages(&file_lang, plain, others.into_iter().map(|(tag, text, _)| (tag, text)).collect())
    }

    fn optional_edition_text(&mut self, field: &'static str, path: &str) -> Option<String> {
        Some(self.edition_text(field, path)).filter(|t| !t.is_empty())
    }

    /// Sums each country's column over the period's rows of a by-country sheet.
    fn by_country(&mut self, sheet_name: &str, months: &[YearMonth], path: &str) -> BTreeMap<String, u64> {
        let figures: &'a Figures = self.figures;
        let sheet = if sheet_name == "arrivals_by_country" {
            &figures.arrivals_by_country
        } else {
            &figures.present_by_country
        };
        let mut out = BTreeMap::new();
        let mut rows = Vec::new();
        let mut missing = Vec::new();
        for month in months {
            match sheet.row(*month) {
                Some(row) => rows.push(row),
                None => missing.push(month.to_string()),
            }
        }
        if !missing.is_empty() {
            let place = self.place(sheet_name, String::new(), "");
            self.error(
                place,
                format!("found no row for {}", crate::text::sentences::join_and(&missing)),
                "add a row for each month of the period, in order",
            );
            self.unknown.insert(path.to_owned());
            return out;
        }
        for (i, code) in sheet.codes.iter().enumerate() {
            let mut total: u64 = 0;
            for (month, _, cells) in &rows {
                let Some(figure) = cells.get(i) else { continue };
                let value = self.needed(sheet_name, *figure, format!("{month}, {code}"));
                total = total.saturating_add(value);
            }
            self.settle(&[format!("{path}.{code}").as_str()]);
            let span = match (rows.first().and_then(|r| r.2.get(i)), rows.last().and_then(|r| r.2.get(i))) {
                (Some(a), Some(b)) => Self::span(a.at, b.at),
                _ => String::new(),
            };
            let label = match (months.first(), months.last()) {
                (Some(a), Some(b)) if a != b => format!("{a} to {b}, {code}"),
                (Some(a), _) => format!("{a}, {code}"),
                _ => code.clone(),
            };
            self.origins.set(&format!("{path}.{code}"), self.place(sheet_name, span, label));
            out.insert(code.clone(), total);
        }
        // The whole map: the period's rows, every country's column.
        let cells = rows.first().zip(rows.last()).and_then(|(a, b)| Some(Self::span(a.2.first()?.at, b.2.last()?.at)));
        let label = match (months.first(), months.last()) {
            (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        self.origins.set(path, self.place(sheet_name, cells.unwrap_or_default(), label));
        out
    }

    fn no_publication_date(&mut self, row: &MonthRow, month: YearMonth) {
        let place = self.place("months", row.published.1.to_string(), format!("{month}, published"));
        self.error(
            place,
            "found an empty cell, expected the date of publication",
            "write the date the factsheet is published, e.g. 2026-01-20",
        );
    }

    fn no_nationalities(&mut self, month: YearMonth) {
        let place = self.place("nationalities", String::new(), "");
        self.error(
            place,
            format!("found no rows for {month}, expected the persons present by nationality"),
            "add a row per nationality for the month: month, nationality, count",
        );
    }

    /// What a month lacks beside rows of `months` that are missing: its own row's cells and
    /// the other sheets' rows, so that one run names them all.
    fn without_period(&mut self, month: YearMonth, period: &[YearMonth]) {
        let figures = self.figures;
        if let Some(row) = figures.months.iter().find(|r| r.month == month) {
            self.needed("months", row.arrivals, format!("{month}, arrivals"));
            if has_asylum(figures) {
                self.needed("months", row.intentions, format!("{month}, intentions"));
                self.needed("months", row.applications, format!("{month}, applications"));
            }
            self.needed("months", row.present, format!("{month}, present"));
            if figures.month_columns.contains_key("uasc") {
                self.needed("months", row.uasc, format!("{month}, uasc"));
            }
            if row.published.0 == Slot::Blank {
                self.no_publication_date(row, month);
            }
        }
        self.by_country("arrivals_by_country", period, "arrivals.by_country");
        self.by_country("present_by_country", &[month], "present.by_country");
        if !figures.nationalities.is_empty() && !figures.nationalities.iter().any(|n| n.month == month) {
            self.no_nationalities(month);
        }
        for row in figures.nationalities.iter().filter(|n| n.month == month) {
            self.needed("nationalities", row.count, format!("{month}, {}", row.name));
        }
        self.gap = false;
    }

    fn factsheet(&mut self, month: YearMonth) -> Option<Factsheet> {
        let figures = self.figures;
        let period = month.january().through(month);
        let period_label =
            if period.len() == 1 { month.to_string() } else { format!("{} to {month}", month.january()) };
        let Some(rows) = self.month_rows(&period, &format!("a month of the period {period_label}")) else {
            self.without_period(month, &period);
            return None;
        };
        let this = *rows.last()?;

        // This year's arrivals, and the headline estimate.
        let (monthly, arrivals_span) = self.series(&rows, "arrivals", |r| r.arrivals);
        self.settle(&["arrivals.monthly", "arrivals.estimate"]);
        if this.estimate.slot == Slot::Invalid {
            self.unknown.insert("arrivals.estimate".into());
        }
        for (i, row) in rows.iter().enumerate() {
            self.origins.set(
                &format!("arrivals.monthly[{i}]"),
                self.place("months", row.arrivals.at.to_string(), format!("{}, arrivals", row.month)),
            );
        }
        self.origins
            .set("arrivals.monthly", self.place("months", arrivals_span.clone(), format!("{period_label}, arrivals")));
        let sum = monthly.iter().fold(0u64, |a, b| a.saturating_add(*b));
        let estimate = match this.estimate.slot {
            Slot::Value(v) => {
                self.origins.set(
                    "arrivals.estimate",
                    self.place("months", this.estimate.at.to_string(), format!("{month}, estimate")),
                );
                v
            }
            _ => {
                self.origins
                    .set("arrivals.estimate", self.place("months", arrivals_span, format!("{period_label}, arrivals")));
                sum
            }
        };

        // Last year's, for the same months.
        let last_period: Vec<YearMonth> = period.iter().map(|m| m.year_before()).collect();
        let last_label = if last_period.len() == 1 {
            last_period[0].to_string()
        } else {
            format!("{} to {}", last_period[0], month.year_before())
        };
        let (monthly_last_year, last_span) = if figures.compare_last_year {
            let why = "needed to compare with last year (set compare_last_year to FALSE in the sheet edition if there is no comparison)";
            match self.month_rows(&last_period, why) {
                Some(last_rows) => {
                    for (i, row) in last_rows.iter().enumerate() {
                        self.origins.set(
                            &format!("arrivals.monthly_last_year[{i}]"),
                            self.place("months", row.arrivals.at.to_string(), format!("{}, arrivals", row.month)),
                        );
                    }
                    let series = self.series(&last_rows, "arrivals", |r| r.arrivals);
                    self.settle(&["arrivals.monthly_last_year", "arrivals.last_year"]);
                    series
                }
                None => {
                    self.unknown.extend(["arrivals.monthly_last_year".to_owned(), "arrivals.last_year".to_owned()]);
                    (vec![0; period.len()], String::new())
                }
            }
        } else {
            (vec![0; period.len()], String::new())
        };
        self.origins.set(
            "arrivals.monthly_last_year",
            self.place("months", last_span.clone(), format!("{last_label}, arrivals")),
        );
        self.origins.set("arrivals.last_year", self.place("months", last_span, format!("{last_label}, arrivals")));
        let last_year = monthly_last_year.iter().fold(0u64, |a, b| a.saturating_add(*b));
        // A short period's chart shows the whole of last year beside this year's months so far,
        // when the workbook has every month of it.
        let mut monthly_last_year = monthly_last_year;
        if figures.compare_last_year && monthly_last_year.len() == period.len() {
            let rest: Vec<YearMonth> =
                month.year_before().next().through(YearMonth { year: month.year - 1, month: 12 });
            let rows: Option<Vec<&MonthRow>> =
                rest.iter().map(|m| figures.months.iter().find(|r| r.month == *m)).collect();
            let values: Option<Vec<u64>> = rows.iter().flatten().map(|r| r.arrivals.slot.value()).collect();
            if let (Some(rows), Some(values)) = (rows, values) {
                for (row, value) in rows.iter().zip(values) {
                    let i = monthly_last_year.len();
                    self.origins.set(
                        &format!("arrivals.monthly_last_year[{i}]"),
                        self.place("months", row.arrivals.at.to_string(), format!("{}, arrivals", row.month)),
                    );
                    monthly_last_year.push(value);
                }
            }
        }

        // Asylum, summed over the period, for an operation whose months have the columns.
        let asylum_figures = if has_asylum(self.figures) {
            for column in ["intentions", "applications"] {
                if !self.figures.month_columns.contains_key(column) {
                    let place = self.place("months", String::new(), "header");
                    self.error(
                        place,
                        format!("found no column `{column}`, which asylum figures need beside the other"),
                        "add the column, or delete both intentions and applications for an operation without them",
                    );
                }
            }
            let (intentions, span) = self.series(&rows, "intentions", |r| r.intentions);
            self.settle(&["asylum.intentions"]);
            self.origins.set("asylum.intentions", self.place("months", span, format!("{period_label}, intentions")));
            let (applications, span) = self.series(&rows, "applications", |r| r.applications);
            self.settle(&["asylum.applications"]);
            self.origins
                .set("asylum.applications", self.place("months", span, format!("{period_label}, applications")));
            if self.figures.edition.get("asylum_more_text").is_none_or(|t| t.text.is_empty()) {
                let place = self.place("edition", String::new(), "asylum_more_text");
                self.error(
                    place,
                    "found no value for `asylum_more_text`, which the asylum panel prints",
                    "add a row with `asylum_more_text` in the field column and its text in the value column",
                );
            }
            Some((intentions, applications))
        } else {
            None
        };

        // Persons present: the month's stock and the series of the twelve months ending with
        // it, or of as many of them as the workbook has, back to the period's January.
        let mut present_rows: Vec<&MonthRow> = Vec::new();
        let mut before = month.january();
        while present_rows.len() + rows.len() < 12 {
            before = before.previous();
            match figures.months.iter().find(|r| r.month == before) {
                Some(row) if row.present.slot.value().is_some() => present_rows.insert(0, row),
                _ => break,
            }
        }
        present_rows.extend(rows.iter().copied());
        let present_label = match present_rows.first() {
            Some(first) if first.month != month => format!("{} to {month}", first.month),
            _ => month.to_string(),
        };
        let (present_monthly, span) = self.series(&present_rows, "present", |r| r.present);
        self.settle(&["present.monthly", "present.total"]);
        self.origins.set("present.monthly", self.place("months", span, format!("{present_label}, present")));
        for (i, row) in present_rows.iter().enumerate() {
            self.origins.set(
                &format!("present.monthly[{i}]"),
                self.place("months", row.present.at.to_string(), format!("{}, present", row.month)),
            );
        }
        let total = present_monthly.last().copied().unwrap_or(0);
        self.origins
            .set("present.total", self.place("months", this.present.at.to_string(), format!("{month}, present")));
        let uasc = self
            .figures
            .month_columns
            .contains_key("uasc")
            .then(|| self.needed("months", this.uasc, format!("{month}, uasc")));
        self.settle(&["present.uasc"]);
        self.origins.set("present.uasc", self.place("months", this.uasc.at.to_string(), format!("{month}, uasc")));
        let published = match this.published.0 {
            Slot::Value(d) => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            Slot::Invalid => {
                self.unknown.insert("edition.published".into());
                String::new()
            }
            Slot::Blank => {
                self.unknown.insert("edition.published".into());
                self.no_publication_date(this, month);
                String::new()
            }
        };
        self.origins.set(
            "edition.published",
            self.place("months", this.published.1.to_string(), format!("{month}, published")),
        );

        let arrivals_by_country = self.by_country("arrivals_by_country", &period, "arrivals.by_country");
        let present_by_country = self.by_country("present_by_country", &[month], "present.by_country");

        let file_lang = self.lang();
        let mut by_nationality = Vec::new();
        let listed = figures.nationalities.iter().filter(|n| n.month == month).count();
        if listed > crate::input::validate::MAX_NATIONALITIES {
            let place = self.place("nationalities", String::new(), month.to_string());
            self.error(
                place,
                format!(
                    "found {listed} nationalities for {month}, more than the {} the factsheet has room for",
                    crate::input::validate::MAX_NATIONALITIES
                ),
                "list the most common nationalities; the factsheet shows the first few and sums the rest",
            );
            return None;
        }
        for row in figures.nationalities.iter().filter(|n| n.month == month) {
            let i = by_nationality.len();
            let sheet = self.sheet("nationalities");
            self.origins.set(
                &format!("present.by_nationality[{i}]"),
                Place::new(&sheet, format!("A{0}:C{0}", row.row), format!("{month}, {}", row.name)),
            );
            self.origins.set(
                &format!("present.by_nationality[{i}].count"),
                Place::new(&sheet, row.count.at.to_string(), format!("{month}, {}", row.name)),
            );
            let count = self.needed("nationalities", row.count, format!("{month}, {}", row.name));
            self.settle(&[format!("present.by_nationality[{i}].count").as_str(), "present.by_nationality"]);
            let name = languages(&file_lang, row.name.clone(), row.names.clone());
            by_nationality.push(Nationality { name, code: row.code.clone(), count });
        }
        // A workbook with no nationalities at all is an operation without them.
        if by_nationality.is_empty() && !figures.nationalities.is_empty() {
            self.unknown.insert("present.by_nationality".into());
            self.no_nationalities(month);
        }
        self.origins.set("present.by_nationality", self.place("nationalities", String::new(), month.to_string()));

        let countries = figures
            .countries
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let sheet = self.sheet("countries");
                self.origins.set(
                    &format!("countries[{i}]"),
                    Place::new(&sheet, format!("A{0}:C{0}", row.row), row.code.text.clone()),
                );
                self.origins.set(&format!("countries[{i}].code"), Place::new(&sheet, row.code.at.to_string(), "code"));
                self.origins.set(&format!("countries[{i}].name"), Place::new(&sheet, row.name.at.to_string(), "name"));
                if let Some(mark) = &row.mark {
                    self.origins.set(&format!("countries[{i}].mark"), Place::new(&sheet, mark.at.to_string(), "mark"));
                }
                let names = row.names.iter().map(|(tag, t)| (tag.clone(), t.text.clone())).collect();
                Country {
                    code: row.code.text.clone(),
                    name: languages(&file_lang, row.name.text.clone(), names),
                    mark: row.mark.as_ref().map(|m| m.text.clone()).unwrap_or_default(),
                }
            })
            .collect();
        self.origins.set("countries", self.place("countries", String::new(), ""));
        let footnotes = figures
            .footnotes
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let sheet = self.sheet("footnotes");
                let base = format!("notes.footnotes[{i}]");
                self.origins.set(
                    &base,
                    Place::new(&sheet, format!("A{0}:D{0}", row.row), format!("footnote {}", row.mark.text)),
                );
                self.origins.set(&format!("{base}.mark"), Place::new(&sheet, row.mark.at.to_string(), "mark"));
                self.origins.set(&format!("{base}.text"), Place::new(&sheet, row.text.at.to_string(), "text"));
                if let Some(label) = &row.link_label {
                    self.origins
                        .set(&format!("{base}.link.label"), Place::new(&sheet, label.at.to_string(), "link_label"));
                }
                if let Some(url) = &row.link_url {
                    self.origins.set(&format!("{base}.link.url"), Place::new(&sheet, url.at.to_string(), "link_url"));
                }
                Footnote {
                    mark: row.mark.text.clone(),
                    text: languages(
                        &file_lang,
                        row.text.text.clone(),
                        row.texts.iter().map(|(tag, t)| (tag.clone(), t.text.clone())).collect(),
                    ),
                    link: row.link_label.as_ref().map(|label| Link {
                        label: languages(
                            &file_lang,
                            label.text.clone(),
                            row.link_labels.iter().map(|(tag, t)| (tag.clone(), t.text.clone())).collect(),
                        ),
                        url: row.link_url.as_ref().map(|u| u.text.clone()),
                    }),
                }
            })
            .collect();
        self.origins.set("notes.footnotes", self.place("footnotes", String::new(), ""));

        let more_label = self
            .optional_edition_text("asylum_more_label", "asylum.more.link.label")
            .map(|_| self.edition_words("asylum_more_label", "asylum.more.link.label"));
        let lang = self.figures.edition.get("lang").map(|t| t.text.clone()).filter(|t| !t.is_empty());
        let catalogue = self
            .optional_edition_text("catalogue", "edition.catalogue")
            .map(|_| self.edition_words("catalogue", "edition.catalogue"));
        let more_url = self.optional_edition_text("asylum_more_url", "asylum.more.link.url");
        let mut geometry = self.optional_edition_text("map_geometry", "map.geometry");
        if geometry.as_deref().is_some_and(crate::input::model::is_retired_geometry) {
            let at = self.figures.edition.get("map_geometry").map(|t| t.at.to_string()).unwrap_or_default();
            let place = self.place("edition", at, "map_geometry");
            self.notes.push((place, crate::input::model::retired_geometry_note("map_geometry")));
            geometry = None;
        }
        let logo = self.optional_edition_text("logo", "edition.logo");
        let illustrative = self
            .figures
            .edition
            .get("illustrative")
            .map(|t| t.text.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        Some(Factsheet {
            schema: None,
            illustrative,
            edition: Edition {
                lang,
                catalogue,
                logo,
                organisation: self.edition_words("organisation", "edition.organisation"),
                operation: self.edition_words("operation", "edition.operation"),
                title: self.edition_words("title", "edition.title"),
                region: self.edition_words("region", "edition.region"),
                year: month.year,
                month: month.month,
                published,
                contact: self.edition_words("contact", "edition.contact"),
            },
            countries,
            arrivals: Arrivals {
                mark: self.edition_text("arrivals_mark", "arrivals.mark"),
                estimate,
                estimate_rounded: this.estimate_rounded,
                last_year,
                monthly,
                monthly_last_year,
                by_country: arrivals_by_country,
                context: self.edition_words("arrivals_context", "arrivals.context"),
            },
            asylum: asylum_figures.map(|(intentions, applications)| Asylum {
                intentions: intentions.iter().fold(0u64, |a, b| a.saturating_add(*b)),
                applications: applications.iter().fold(0u64, |a, b| a.saturating_add(*b)),
                ratio_mark: self.edition_text("ratio_mark", "asylum.ratio_mark"),
                more: LinkedText {
                    text: self.edition_words("asylum_more_text", "asylum.more.text"),
                    link: more_label.map(|label| Link { label, url: more_url }),
                },
            }),
            present: Present {
                total,
                total_rounded: this.present_rounded,
                uasc,
                by_country: present_by_country,
                monthly: present_monthly,
                by_nationality,
                accommodation: self.edition_words("accommodation", "present.accommodation"),
            },
            notes: Notes {
                footnotes,
                map_disclaimer: self.edition_words("map_disclaimer", "notes.map_disclaimer"),
                data_note: self.edition_words("data_note", "notes.data_note"),
                source: self.edition_words("source", "notes.source"),
            },
            map: match (figures.map_show, geometry) {
                (true, None) => None,
                (show, geometry) => Some(MapSpec { show, geometry, dashed: Vec::new() }),
            },
        })
    }
}

/// The problems of a month computed from a workbook, the factsheet's own checks included,
/// each at its cells. Without a comparison with last year, the warning that last year's figure
/// is 0 is not given: the workbook said so on purpose.
///
/// The checks of a part of the factsheet (`present`, `arrivals`, …) that holds a field in
/// `unknown` (one computed from a cell that is blank or wrong, which is reported at that cell)
/// are left out, as are checks naming such a field: they would blame a figure for the cell's
/// mistake (children "more than the 0 persons present" when the persons present are blank).
pub fn check(figures: &Figures, sheet: &Factsheet, origins: &Origins, unknown: &BTreeSet<String>) -> Vec<CellProblem> {
    let section = |path: &str| path.split(['.', '[']).next().unwrap_or_default().to_owned();
    let sections: BTreeSet<String> = unknown.iter().map(|u| section(u)).collect();
    let involves = |p: &Problem| {
        let path = p.path.to_string();
        sections.contains(&section(&path))
            || unknown.iter().any(|u| p.message.contains(u.as_str()) || p.hint.contains(u.as_str()))
    };
    let problems: Vec<Problem> = crate::input::validate::check(sheet)
        .into_iter()
        .filter(|p| {
            figures.compare_last_year
                || !(p.severity == Severity::Warning && p.path.to_string() == "arrivals.last_year")
        })
        .filter(|p| !involves(p))
        .collect();
    origins.locate_all(&problems, figures.kind)
}

/// A text with its other languages: the plain text alone when there are none.
fn languages(file_lang: &str, plain: String, others: Vec<(String, String)>) -> Text {
    if others.is_empty() {
        return Text::Plain(plain);
    }
    let mut texts = BTreeMap::new();
    texts.insert(file_lang.to_owned(), plain);
    for (tag, text) in others {
        texts.entry(tag).or_insert(text);
    }
    Text::Languages(texts)
}
