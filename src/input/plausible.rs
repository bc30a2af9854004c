//! Plausibility: what a month's figures look like beside the history the file holds. A
//! figure far from both the same month last year and the median of the twelve months before
//! it, or a change on last year far outside every change the history shows, is probably a
//! typing mistake (an extra digit, a digit lost). Pure functions over monthly series, shared
//! by a workbook (its `months` sheet) and a month's JSON file (its series).

use std::collections::BTreeMap;

use crate::input::model::{Factsheet, YearMonth};
use crate::input::workbook::{CellProblem, Figure, Figures, MonthRow, Place};
use crate::text::format::{month_name, thousands};

/// A figure is far from a reference when the larger of the two is more than this many times
/// the smaller. The sample's months (2024 and 2025 of the shipped workbook) are at most 1.7
/// times from the same month a year before or from the twelve months' median, whichever is
/// nearer, and a typo of one digit more or less is ten times.
pub const FAR_FACTOR: u64 = 3;
/// ... and the two differ by at least this many persons: a figure of tens (children in one
/// month) may triple without being wrong.
pub const FAR_GAP: u64 = 50;
/// A change on last year is beyond the history when it is more than this many percentage
/// points outside the range of every earlier month's change (the sample's run from -32% to
/// -27%).
pub const CHANGE_MARGIN: i64 = 50;
/// The fewest months of the twelve before it for their median to be a comparison.
const MEDIAN_MONTHS: usize = 6;

/// A monthly figure whose history can be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Series {
    Arrivals,
    Intentions,
    Applications,
    Present,
    Uasc,
}

impl Series {
    /// The figure as a message names it.
    pub fn noun(self) -> &'static str {
        match self {
            Series::Arrivals => "arrivals",
            Series::Intentions => "asylum intentions",
            Series::Applications => "asylum applications",
            Series::Present => "persons present",
            Series::Uasc => "unaccompanied and separated children",
        }
    }
}

/// The monthly values of each series that a file holds.
#[derive(Debug, Clone, Default)]
pub struct History(pub BTreeMap<Series, BTreeMap<YearMonth, u64>>);

impl History {
    pub fn insert(&mut self, series: Series, month: YearMonth, value: u64) {
        self.0.entry(series).or_default().insert(month, value);
    }

    /// The history a month's JSON file holds: this year's and last year's arrivals, and the
    /// persons present over the months that end with the reporting month.
    pub fn of_json(sheet: &Factsheet) -> History {
        let mut history = History::default();
        let month = YearMonth { year: sheet.edition.year, month: sheet.edition.month };
        for (m, value) in month.january().through(month).into_iter().zip(&sheet.arrivals.monthly) {
            history.insert(Series::Arrivals, m, *value);
        }
        let last = month.january().year_before();
        let last_months = last.through(YearMonth { year: last.year, month: 12 });
        for (m, value) in last_months.into_iter().zip(&sheet.arrivals.monthly_last_year) {
            history.insert(Series::Arrivals, m, *value);
        }
        let mut m = month;
        for value in sheet.present.monthly.iter().rev() {
            history.insert(Series::Present, m, *value);
            m = m.previous();
        }
        history
    }
}

/// A figure far from what came before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Far {
    pub series: Series,
    pub month: YearMonth,
    pub value: u64,
    /// The same month a year before, and its value.
    pub last_year: Option<(YearMonth, u64)>,
    /// The median of the twelve months before, and how many of them the history holds.
    pub median: Option<(u64, usize)>,
}

fn far_apart(a: u64, b: u64) -> bool {
    let (low, high) = (a.min(b), a.max(b));
    high - low >= FAR_GAP && u128::from(high) > u128::from(low) * u128::from(FAR_FACTOR)
}

/// The median of values (the lower of the two middle ones for an even count).
fn median(values: &mut [u64]) -> Option<u64> {
    values.sort_unstable();
    values.get(values.len().checked_sub(1)? / 2).copied()
}

/// Whether the value of `series` in `month` is far from every comparison the history holds
/// (at least one): the same month a year before, and the median of the twelve months before.
pub fn far(history: &History, series: Series, month: YearMonth) -> Option<Far> {
    let values = history.0.get(&series)?;
    let value = *values.get(&month)?;
    let last_year = values.get(&month.year_before()).map(|v| (month.year_before(), *v));
    let mut before: Vec<u64> = values.range(month.year_before()..month).map(|(_, v)| *v).collect();
    let count = before.len();
    let median = median(&mut before).filter(|_| count >= MEDIAN_MONTHS).map(|m| (m, count));
    let references: Vec<u64> = last_year.map(|(_, v)| v).into_iter().chain(median.map(|(m, _)| m)).collect();
    (!references.is_empty() && references.iter().all(|r| far_apart(value, *r))).then_some(Far {
        series,
        month,
        value,
        last_year,
        median,
    })
}

impl Far {
    /// What the figure was compared with, for a message.
    pub fn compared(&self) -> String {
        let mut parts = Vec::new();
        if let Some((m, v)) = self.last_year {
            parts.push(format!("{} in {} (the same month last year)", thousands(v), month_words(m)));
        }
        if let Some((m, n)) = self.median {
            let months = if n == 12 {
                "the twelve months before".to_owned()
            } else {
                format!("the {n} months before it that the file holds")
            };
            parts.push(format!("{}, the median of {months}", thousands(m)));
        }
        crate::text::sentences::join_and(&parts)
    }
}

/// `January 2026`.
pub fn month_words(m: YearMonth) -> String {
    format!("{} {}", month_name(m.month), m.year)
}

/// The change on last year of the arrivals from January to a month, in whole percent (signed).
fn change(arrivals: &BTreeMap<YearMonth, u64>, month: YearMonth) -> Option<i64> {
    let sum = |last: YearMonth| -> Option<u64> {
        last.january().through(last).iter().map(|m| arrivals.get(m).copied()).sum::<Option<u64>>()
    };
    signed_change(sum(month)?, sum(month.year_before())?)
}

/// The change from `before` to `now` in whole percent, as the page states it (the page's own
/// [`Change`](crate::text::sentences::Change)), negative for a decrease; `None` from nothing.
fn signed_change(now: u64, before: u64) -> Option<i64> {
    let change = crate::text::sentences::Change::between(now, before)?;
    let size = i64::try_from(change.percent).ok()?;
    Some(if change.direction == crate::text::sentences::Direction::Decrease { -size } else { size })
}

/// A change on last year beyond what the history shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeBeyond {
    /// The month's change, in percent.
    pub change: i64,
    /// The lowest and highest change of the earlier months, and how many months they are.
    pub low: i64,
    pub high: i64,
    pub months: usize,
}

/// Whether the change on last year of the arrivals to `month` is more than [`CHANGE_MARGIN`]
/// points outside the changes of every earlier month the history can compare.
pub fn change_beyond(history: &History, month: YearMonth) -> Option<ChangeBeyond> {
    let arrivals = history.0.get(&Series::Arrivals)?;
    let now = change(arrivals, month)?;
    let earlier: Vec<i64> = arrivals.range(..month).filter_map(|(m, _)| change(arrivals, *m)).collect();
    let (low, high) = (*earlier.iter().min()?, *earlier.iter().max()?);
    (now < low - CHANGE_MARGIN || now > high + CHANGE_MARGIN).then_some(ChangeBeyond {
        change: now,
        low,
        high,
        months: earlier.len(),
    })
}

/// `a 32% decrease`, `no change`: a signed change as the page words it.
pub fn change_words(change: i64) -> String {
    match change {
        0 => "no change".to_owned(),
        c if c < 0 => format!("a {}% decrease", thousands(c.unsigned_abs())),
        c => format!("a {}% increase", thousands(c.unsigned_abs())),
    }
}

/// What a month's figure leads to on the page, for a message: `the estimate of 7,120 and a
/// 544% increase on last year`.
pub fn leads_to(sheet: &Factsheet, series: Series) -> String {
    match series {
        Series::Arrivals => {
            let a = &sheet.arrivals;
            let mut out = format!("page 1 states an estimate of {}", thousands(a.estimate));
            if let Some(signed) = signed_change(a.estimate, a.last_year) {
                out.push_str(&format!(" and {} on last year", change_words(signed)));
            }
            out
        }
        Series::Intentions => match &sheet.asylum {
            Some(a) => format!("page 1 states {} asylum intentions this year", thousands(a.intentions)),
            None => String::new(),
        },
        Series::Applications => match &sheet.asylum {
            Some(a) => format!("page 1 states {} asylum applications this year", thousands(a.applications)),
            None => String::new(),
        },
        Series::Present => format!("page 2 states {} persons present", thousands(sheet.present.total)),
        Series::Uasc => match sheet.present.uasc {
            Some(n) => format!("page 2 states {} unaccompanied and separated children", thousands(n)),
            None => String::new(),
        },
    }
}

/// The plausibility warnings of a month's JSON file, at the fields of its series.
pub fn json(sheet: &Factsheet) -> Vec<crate::input::validate::Problem> {
    use crate::input::locate::FieldPath;
    let month = YearMonth { year: sheet.edition.year, month: sheet.edition.month };
    let history = History::of_json(sheet);
    let mut out = Vec::new();
    let last = |n: usize| n.saturating_sub(1);
    let places = [
        (Series::Arrivals, FieldPath::parse("arrivals.monthly").index(last(sheet.arrivals.monthly.len()))),
        (Series::Present, FieldPath::parse("present.monthly").index(last(sheet.present.monthly.len()))),
    ];
    for (series, path) in places {
        if let Some(found) = far(&history, series, month) {
            out.push(crate::input::validate::Problem::warning(path, found.message(sheet), HINT));
        }
    }
    if let Some(beyond) = change_beyond(&history, month) {
        out.push(crate::input::validate::Problem::warning(
            FieldPath::parse("arrivals.estimate"),
            beyond.message(sheet),
            HINT,
        ));
    }
    out
}

/// A series of the `months` sheet: its column, and the figure of a row.
type Column = (Series, &'static str, fn(&MonthRow) -> Figure);

/// The plausibility warnings of a workbook's month, at the cells of its row in `months`; none
/// for a figure whose page figure rests on a cell that is blank or wrong (in `unknown`).
pub fn workbook(
    figures: &Figures,
    month: YearMonth,
    sheet: &Factsheet,
    unknown: &std::collections::BTreeSet<String>,
) -> Vec<CellProblem> {
    let columns: [Column; 5] = [
        (Series::Arrivals, "arrivals", |r| r.arrivals),
        (Series::Intentions, "intentions", |r| r.intentions),
        (Series::Applications, "applications", |r| r.applications),
        (Series::Present, "present", |r| r.present),
        (Series::Uasc, "uasc", |r| r.uasc),
    ];
    let known = |fields: &[&str]| !fields.iter().any(|f| unknown.contains(*f));
    let mut history = History::default();
    for row in figures.months.iter().filter(|r| r.month <= month) {
        for (series, _, pick) in &columns {
            // The first row of a month written twice, as the month is computed from it (the
            // second is an error of its own).
            if let Some(value) = pick(row).slot.value()
                && !history.0.get(series).is_some_and(|values| values.contains_key(&row.month))
            {
                history.insert(*series, row.month, value);
            }
        }
    }
    let Some(row) = figures.months.iter().find(|r| r.month == month) else { return Vec::new() };
    let name = figures.sheet_names.get("months").map_or("months", String::as_str);
    let place = |column: &str, pick: fn(&MonthRow) -> Figure| {
        Place::new(name, pick(row).at.to_string(), format!("{month}, {column}"))
    };
    let mut out = Vec::new();
    for (series, column, pick) in columns {
        let fields: &[&str] = match series {
            Series::Arrivals => &["arrivals.monthly", "arrivals.estimate", "arrivals.last_year"],
            Series::Intentions => &["asylum.intentions"],
            Series::Applications => &["asylum.applications"],
            Series::Present => &["present.total"],
            Series::Uasc => &["present.uasc"],
        };
        if !figures.month_columns.contains_key(column) || !known(fields) {
            continue;
        }
        if let Some(found) = far(&history, series, month) {
            out.push(CellProblem::warning(place(column, pick), found.message(sheet), HINT));
        }
    }
    if figures.compare_last_year
        && known(&["arrivals.monthly", "arrivals.estimate", "arrivals.last_year"])
        && let Some(beyond) = change_beyond(&history, month)
    {
        out.push(CellProblem::warning(place("arrivals", |r| r.arrivals), beyond.message(sheet), HINT));
    }
    out
}

impl Far {
    /// The warning's message: the figure, what it was compared with, and what it makes the
    /// page say.
    pub fn message(&self, sheet: &Factsheet) -> String {
        let leads = leads_to(sheet, self.series);
        let leads = if leads.is_empty() { String::new() } else { format!("; with it, {leads}") };
        format!(
            "found {} {} in {}, far from {}{leads}",
            thousands(self.value),
            self.series.noun(),
            month_words(self.month),
            self.compared()
        )
    }
}

impl ChangeBeyond {
    pub fn message(&self, sheet: &Factsheet) -> String {
        format!(
            "page 1 states {} on last year ({} against {}), beyond every change of the {} months before it, which run from {}% to {}%",
            change_words(self.change),
            thousands(sheet.arrivals.estimate),
            thousands(sheet.arrivals.last_year),
            self.months,
            self.low,
            self.high
        )
    }
}

/// The hint of every plausibility warning.
pub const HINT: &str = "check the figure for a typing mistake (a digit too many or too few); if it is right, the warning can stay (--strict makes warnings errors)";

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(text: &str) -> YearMonth {
        YearMonth::parse(text).unwrap()
    }

    /// The shipped workbook's arrivals, 2024 and 2025.
    fn sample() -> History {
        let arrivals = [
            1105, 958, 1204, 1390, 1512, 1588, 1702, 1836, 1741, 1598, 1470, 1270, 812, 654, 790, 905, 1012, 1064,
            1188, 1247, 1196, 1121, 987, 838,
        ];
        let mut history = History::default();
        for (m, v) in ym("2024-01").through(ym("2025-12")).into_iter().zip(arrivals) {
            history.insert(Series::Arrivals, m, v);
        }
        history
    }

    #[test]
    fn the_samples_own_months_are_plausible() {
        let history = sample();
        for m in ym("2024-01").through(ym("2025-12")) {
            assert_eq!(far(&history, Series::Arrivals, m), None, "{m}");
            assert_eq!(change_beyond(&history, m), None, "{m}");
        }
    }

    #[test]
    fn a_digit_too_many_in_january_is_far_from_both() {
        let mut history = sample();
        history.insert(Series::Arrivals, ym("2026-01"), 7120);
        let found = far(&history, Series::Arrivals, ym("2026-01")).unwrap();
        assert_eq!(found.last_year, Some((ym("2025-01"), 812)));
        assert_eq!(found.median, Some((987, 12)));
        assert_eq!(
            found.compared(),
            "812 in January 2025 (the same month last year) and 987, the median of the twelve months before"
        );
        let beyond = change_beyond(&history, ym("2026-01")).unwrap();
        assert_eq!((beyond.change, beyond.low, beyond.high, beyond.months), (777, -32, -27, 12));
        // Typed right, January is neither.
        history.insert(Series::Arrivals, ym("2026-01"), 712);
        assert_eq!(far(&history, Series::Arrivals, ym("2026-01")), None);
        assert_eq!(change_beyond(&history, ym("2026-01")), None);
        // A digit lost is as far.
        history.insert(Series::Arrivals, ym("2026-01"), 71);
        assert!(far(&history, Series::Arrivals, ym("2026-01")).is_some());
    }

    #[test]
    fn near_either_comparison_is_not_far() {
        let mut history = History::default();
        history.insert(Series::Uasc, ym("2025-01"), 10);
        history.insert(Series::Uasc, ym("2026-01"), 40);
        // Four times, but 30 children apart.
        assert_eq!(far(&history, Series::Uasc, ym("2026-01")), None);
        history.insert(Series::Uasc, ym("2026-01"), 400);
        assert!(far(&history, Series::Uasc, ym("2026-01")).is_some());
        // With no comparison at all, nothing is far.
        let mut lone = History::default();
        lone.insert(Series::Uasc, ym("2026-01"), 400);
        assert_eq!(far(&lone, Series::Uasc, ym("2026-01")), None);
    }

    #[test]
    fn changes_are_worded_as_the_page_words_them() {
        assert_eq!(change_words(-32), "a 32% decrease");
        assert_eq!(change_words(777), "a 777% increase");
        assert_eq!(change_words(0), "no change");
        assert_eq!(change_words(123_152_609), "a 123,152,609% increase");
    }
}
