//! The prepared factsheet: every figure, label and sentence the layouts print, computed once
//! from a validated [`Factsheet`]. The layouts receive this as `/data.json` and only place and
//! draw what it holds; `factsheet model` writes it out for the typst CLI.

use serde::Serialize;

use crate::text::format::{
    as_of, long_date, month_abbr, month_name, percent, period_opening, period_range, share_label,
    thousands,
};
use crate::input::model::{Factsheet, Footnote, LinkedText};
use crate::text::sentences::{Change, Direction, share_sentence};

/// How many nationalities page 2 lists before grouping the rest as "Other nationalities".
pub const TOP_NATIONALITIES: usize = 5;

/// Everything the layouts print.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub document: DocumentInfo,
    pub header: Header,
    pub headline: Headline,
    pub arrivals_chart: BarChart,
    pub arrivals_summary: Vec<Run>,
    pub arrivals_context: String,
    pub asylum: AsylumPanel,
    pub map: MapPanel,
    pub footnotes: Vec<Footnote>,
    pub present: PresentPanel,
    pub footer: Footer,
}

/// PDF metadata.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub lang: &'static str,
    /// Publication date, used as the document's creation date.
    pub date: DateParts,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct DateParts {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// The header band of both pages.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub organisation: String,
    pub operation: String,
    pub title: String,
    /// `December 2025`.
    pub period: String,
}

/// Page 1's headline estimate and its change against last year.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    /// `Estimation of persons of concern in mixed movements in the region as of 31 December:`
    pub label: String,
    /// `11,814`.
    pub value: String,
    /// `some` when the estimate is rounded, else empty.
    pub qualifier: String,
    /// `None` when last year's figure is zero.
    pub change: Option<ChangeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub direction: Direction,
    /// `32% decrease`.
    pub label: String,
    /// `compared to January-December 2024`.
    pub against: String,
}

/// A piece of a generated sentence; `strong` pieces are the figures printed in bold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Run {
    pub text: String,
    pub strong: bool,
}

fn plain(text: impl Into<String>) -> Run {
    Run { text: text.into(), strong: false }
}

fn strong(text: impl Into<String>) -> Run {
    Run { text: text.into(), strong: true }
}

/// A column chart: categories along x, one or more series, and the y axis to draw.
#[derive(Debug, Clone, Serialize)]
pub struct BarChart {
    pub title: String,
    /// The months the chart covers, printed under the title when the title does not say.
    pub subtitle: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    pub axis: Axis,
    /// Alternative text describing the chart, written from the data.
    pub alt: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<u64>,
    pub labels: Vec<String>,
    /// The width of each label set in bold Lato, in ems: the layouts multiply it by their
    /// type size to place labels without measuring them.
    pub label_widths: Vec<f64>,
}

impl Series {
    /// A series with its values labelled (`1,234`) and the labels' widths.
    pub fn new(name: impl Into<String>, values: &[u64]) -> Series {
        let labels: Vec<String> = values.iter().map(|v| thousands(*v)).collect();
        let label_widths = labels.iter().map(|l| ems(l, BOLD)).collect();
        Series { name: name.into(), values: values.to_vec(), labels, label_widths }
    }
}

/// Lato's bold and regular weights.
const BOLD: u16 = 700;
const REGULAR: u16 = 400;

/// The width of `text` set in Lato of `weight`, in ems, to a thousandth.
fn ems(text: &str, weight: u16) -> f64 {
    (crate::typeset::fonts::text_width(text, 1.0, weight) * 1000.0).round() / 1000.0
}

/// A value axis from zero to `max`, with labelled ticks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Axis {
    pub max: u64,
    pub ticks: Vec<Tick>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tick {
    pub value: u64,
    pub label: String,
    /// The label's width set in regular Lato, in ems.
    pub label_width: f64,
}

/// Asylum statistics on page 1.
#[derive(Debug, Clone, Serialize)]
pub struct AsylumPanel {
    pub heading: String,
    pub figures: Vec<Figure>,
    pub more: LinkedText,
}

/// A labelled key figure.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub label: String,
    pub mark: String,
    pub value: String,
}

/// The per-country arrivals panel.
#[derive(Debug, Clone, Serialize)]
pub struct MapPanel {
    pub title: String,
    /// The map itself, when the data names its geometry.
    pub drawing: Option<crate::map::MapDrawing>,
    /// Alternative text for the map, written from the figures.
    pub alt: String,
    pub rows: Vec<Row>,
    pub max: u64,
    pub disclaimer: String,
}

/// A row of a horizontal bar table: a name, its count and share.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub code: String,
    pub name: String,
    pub mark: String,
    pub count: u64,
    pub value: String,
    pub share: String,
}

/// Page 2: persons present.
#[derive(Debug, Clone, Serialize)]
pub struct PresentPanel {
    pub heading: String,
    pub total: String,
    pub uasc: String,
    pub summary: Vec<Run>,
    pub accommodation: String,
    pub breakdown: Vec<Row>,
    pub breakdown_max: u64,
    pub monthly_chart: BarChart,
    pub nationalities_heading: String,
    pub nationalities: Vec<Row>,
    pub nationalities_max: u64,
    pub uasc_label: String,
    pub data_note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Footer {
    pub source: String,
    /// `Published 20 January 2026`.
    pub published: String,
    pub contact: String,
}

/// A y axis for values up to `max`: a round step (1, 2 or 5 times a power of ten) giving at most
/// seven intervals, and the first multiple of it at or above `max`.
pub fn axis_for(max: u64) -> Axis {
    let max = max.max(1);
    let mut magnitude: u64 = 1;
    let step = loop {
        if let Some(step) = [1, 2, 5]
            .iter()
            .map(|m| m * magnitude)
            .find(|step| max.div_ceil(*step) <= 7)
        {
            break step;
        }
        match magnitude.checked_mul(10) {
            Some(next) => magnitude = next,
            None => break max,
        }
    };
    let top = max.div_ceil(step).saturating_mul(step);
    let ticks = (0..=top / step)
        .map(|i| i * step)
        .map(|value| {
            let label = thousands(value);
            Tick { value, label_width: ems(&label, REGULAR), label }
        })
        .collect();
    Axis { max: top, ticks }
}

/// Months ending at `month` of `year`, `count` of them, oldest first, as (year, month).
fn months_ending(year: i32, month: u8, count: usize) -> Vec<(i32, u8)> {
    let end = year * 12 + i32::from(month) - 1;
    (0..count as i32)
        .rev()
        .map(|back| end - back)
        .map(|m| (m.div_euclid(12), (m.rem_euclid(12) + 1) as u8))
        .collect()
}

/// `April 2025-March 2026`, `January-December 2025` or `December 2025`.
fn span(months: &[(i32, u8)]) -> String {
    match (months.first(), months.last()) {
        (Some(&(y0, m0)), Some(&(y1, m1))) if (y0, m0) == (y1, m1) => {
            format!("{} {y1}", month_name(m1))
        }
        (Some(&(y0, m0)), Some(&(y1, m1))) if y0 == y1 => {
            format!("{}-{} {y1}", month_name(m0), month_name(m1))
        }
        (Some(&(y0, m0)), Some(&(y1, m1))) => {
            format!("{} {y0}-{} {y1}", month_name(m0), month_name(m1))
        }
        _ => String::new(),
    }
}

/// Which months stand out in a series: the highest and lowest, for alternative text.
fn extremes(categories: &[String], values: &[u64]) -> Option<(String, String)> {
    let max = values.iter().enumerate().max_by_key(|&(i, v)| (*v, std::cmp::Reverse(i)))?;
    let min = values.iter().enumerate().min_by_key(|&(i, v)| (*v, i))?;
    Some((categories[max.0].clone(), categories[min.0].clone()))
}

impl View {
    /// Prepares the view of a validated factsheet, with its map drawing if it has one.
    pub fn new(sheet: &Factsheet, map: Option<crate::map::MapDrawing>) -> View {
        let e = &sheet.edition;
        let (year, month) = (e.year, e.month);
        let published = sheet.published();
        let period = format!("{} {year}", month_name(month));
        let this_range = period_range(year, month);
        let last_range = period_range(year - 1, month);

        let header = Header {
            organisation: e.organisation.clone(),
            operation: e.operation.clone(),
            title: e.title.clone(),
            period: period.clone(),
        };
        let document = DocumentInfo {
            title: format!("{}: {} - {period}", e.operation, e.title),
            author: e.organisation.clone(),
            subject: format!(
                "Key figures at regional level as of {} {} {year}",
                crate::text::format::last_day(year, month),
                month_name(month)
            ),
            keywords: vec![
                e.operation.clone(),
                "mixed movements".into(),
                "refugees".into(),
                "migrants".into(),
                "asylum".into(),
                period.clone(),
            ],
            lang: "en",
            date: DateParts { year: published.year, month: published.month, day: published.day },
        };

        // Page 1: the headline estimate and its change.
        let a = &sheet.arrivals;
        let change = Change::between(a.estimate, a.last_year);
        let qualifier = if a.estimate_rounded { "some" } else { "" };
        let headline = Headline {
            label: format!(
                "Estimation of persons of concern in mixed movements in the region {}:",
                as_of(year, month)
            ),
            value: thousands(a.estimate),
            qualifier: qualifier.into(),
            change: change.as_ref().map(|c| ChangeView {
                direction: c.direction,
                label: c.label(),
                against: format!("compared to {last_range}"),
            }),
        };

        let mut summary = vec![plain(format!("{}, ", period_opening(year, month)))];
        if a.estimate_rounded {
            summary.push(plain("some "));
        }
        summary.push(strong(thousands(a.estimate)));
        summary.push(plain(format!(
            " refugees and migrants were estimated to have transited through {} as part of mixed \
             movements",
            e.region
        )));
        match &change {
            Some(c) if c.direction == Direction::Unchanged => {
                summary.push(plain(", the same number as in the same period last year."));
            }
            Some(c) => {
                let word = if c.direction == Direction::Increase { "increase" } else { "decrease" };
                summary.push(plain(", reflecting a "));
                summary.push(strong(c.size()));
                summary.push(plain(format!(" {word} compared to the same period last year.")));
            }
            None => summary.push(plain(".")),
        }

        let categories: Vec<String> = (1..=month).map(|m| month_abbr(m).to_owned()).collect();
        let arrivals_max = a.monthly.iter().chain(&a.monthly_last_year).copied().max();
        let arrivals_alt = match extremes(&categories, &a.monthly) {
            Some((high, low)) => format!(
                "Column chart of regional new arrivals per month, {this_range} against \
                 {last_range}. In {year}, arrivals were highest in {high} and lowest in {low}; \
                 the {this_range} total of {} is {} than the {} of {last_range}.",
                thousands(crate::text::format::sum(a.monthly.iter().copied())),
                change.as_ref().map_or("not comparable with".into(), |c| c.comparative()),
                thousands(crate::text::format::sum(a.monthly_last_year.iter().copied())),
            ),
            None => String::new(),
        };
        let arrivals_chart = BarChart {
            title: format!("New arrivals{}: {this_range} vs. {last_range}", a.mark),
            subtitle: String::new(),
            categories,
            series: vec![
                Series::new(year.to_string(), &a.monthly),
                Series::new((year - 1).to_string(), &a.monthly_last_year),
            ],
            axis: axis_for(arrivals_max.unwrap_or(0)),
            alt: arrivals_alt,
        };

        let s = &sheet.asylum;
        let ratio = match percent(s.applications, s.intentions) {
            Some(_) => share_label(s.applications, s.intentions),
            None => "n/a".to_owned(),
        };
        let asylum = AsylumPanel {
            heading: format!("Asylum statistics in {} in {year}:", e.region),
            figures: vec![
                Figure { label: "Intentions to seek asylum".into(), mark: String::new(), value: thousands(s.intentions) },
                Figure { label: "New asylum applications".into(), mark: String::new(), value: thousands(s.applications) },
                Figure { label: "Application vs. Intention".into(), mark: s.ratio_mark.clone(), value: ratio },
            ],
            more: s.more.clone(),
        };

        let rows = |map: &std::collections::BTreeMap<String, u64>, whole: u64| -> Vec<Row> {
            sheet
                .countries
                .iter()
                .map(|c| {
                    let count = map.get(&c.code).copied().unwrap_or(0);
                    Row {
                        code: c.code.clone(),
                        name: c.name.clone(),
                        mark: c.mark.clone(),
                        count,
                        value: thousands(count),
                        share: share_label(count, whole),
                    }
                })
                .collect()
        };
        let arrivals_sum = crate::text::format::total(a.by_country.values().copied());
        let mut map_rows = rows(&a.by_country, arrivals_sum);
        map_rows.sort_by(|x, y| y.count.cmp(&x.count).then(x.name.cmp(&y.name)));
        let map = MapPanel {
            title: format!("New arrivals to each country {}", between_months(month)),
            drawing: map,
            alt: map_alt(&sheet.countries, &a.by_country, month),
            rows: map_rows,
            max: a.by_country.values().copied().max().unwrap_or(0),
            disclaimer: paragraph(&sheet.notes.map_disclaimer),
        };

        // Page 2: persons present.
        let p = &sheet.present;
        let mut present_summary = Vec::new();
        if p.total_rounded {
            present_summary.push(plain("Some "));
        }
        present_summary.push(strong(thousands(p.total)));
        let mut opening = format!(
            " persons were present in {} as of end {period}",
            e.region
        );
        if p.uasc > 0 {
            opening.push_str(", including ");
            present_summary.push(plain(opening));
            present_summary.push(strong(thousands(p.uasc)));
            present_summary.push(plain(" unaccompanied and separated children (UASC)."));
        } else {
            opening.push('.');
            present_summary.push(plain(opening));
        }
        let parts: Vec<(&str, u64)> = sheet
            .countries
            .iter()
            .map(|c| (c.name.as_str(), p.by_country.get(&c.code).copied().unwrap_or(0)))
            .collect();
        if let Some(sentence) = share_sentence(&parts, p.total) {
            present_summary.push(plain(format!(" {sentence}")));
        }
        let mut breakdown = rows(&p.by_country, p.total);
        breakdown.sort_by(|x, y| y.count.cmp(&x.count).then(x.name.cmp(&y.name)));
        // The marks refer to page 1's footnotes on arrivals, which do not apply here.
        for row in &mut breakdown {
            row.mark.clear();
        }

        let months = months_ending(year, month, p.monthly.len());
        let month_categories: Vec<String> = months.iter().map(|&(_, m)| month_abbr(m).to_owned()).collect();
        let monthly_alt = match extremes(&month_categories, &p.monthly) {
            Some((high, low)) => format!(
                "Column chart of refugees and migrants present at the end of each month, {}. \
                 The number was highest at the end of {high} and lowest at the end of {low}; \
                 {} were present at the end of {period}.",
                span(&months),
                thousands(p.total),
            ),
            None => String::new(),
        };
        let monthly_chart = BarChart {
            title: "Refugees and migrants present at the end of each month:".into(),
            subtitle: span(&months),
            categories: month_categories,
            series: vec![Series::new("Persons present", &p.monthly)],
            axis: axis_for(p.monthly.iter().copied().max().unwrap_or(0)),
            alt: monthly_alt,
        };

        let mut nationalities: Vec<&crate::input::model::Nationality> = p.by_nationality.iter().collect();
        nationalities.sort_by(|x, y| y.count.cmp(&x.count).then(x.name.cmp(&y.name)));
        let nationality_row = |name: &str, count: u64| Row {
            code: String::new(),
            name: name.to_owned(),
            mark: String::new(),
            count,
            value: thousands(count),
            share: share_label(count, p.total),
        };
        let mut nationality_rows: Vec<Row> = nationalities
            .iter()
            .take(TOP_NATIONALITIES)
            .map(|n| nationality_row(&n.name, n.count))
            .collect();
        let shown = crate::text::format::total(nationality_rows.iter().map(|r| r.count));
        if p.total > shown {
            nationality_rows.push(nationality_row("Other nationalities", p.total - shown));
        }

        let present = PresentPanel {
            heading: format!("Refugees and migrants present at the end of {}:", month_name(month)),
            total: thousands(p.total),
            uasc: thousands(p.uasc),
            summary: present_summary,
            accommodation: paragraph(&p.accommodation),
            // Both lists are parts of the same total: one scale, so their bars compare.
            breakdown_max: p.total,
            breakdown,
            monthly_chart,
            nationalities_heading: format!(
                "Most common nationalities of Refugees and migrants present at the end of {} in {} region:",
                month_name(month),
                e.region
            ),
            nationalities_max: p.total,
            nationalities: nationality_rows,
            uasc_label: "Number of unaccompanied or separated children present at end of the reporting period:".into(),
            data_note: paragraph(&sheet.notes.data_note),
        };

        View {
            document,
            header,
            headline,
            arrivals_chart,
            arrivals_summary: summary,
            arrivals_context: paragraph(&a.context),
            asylum,
            map,
            footnotes: sheet
                .notes
                .footnotes
                .iter()
                .map(|n| Footnote { text: paragraph(&n.text), ..n.clone() })
                .collect(),
            present,
            footer: Footer {
                source: sheet.notes.source.clone(),
                published: format!("Published {}", long_date(published.year, published.month, published.day)),
                contact: e.contact.clone(),
            },
        }
    }

    /// The view as the JSON the layouts read.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising plain structs of strings and integers cannot fail.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}

/// The map's alternative text: countries by their arrivals, largest first.
fn map_alt(countries: &[crate::input::model::Country], counts: &std::collections::BTreeMap<String, u64>, month: u8) -> String {
    let mut figures: Vec<(&str, u64)> =
        countries.iter().map(|c| (c.name.as_str(), counts.get(&c.code).copied().unwrap_or(0))).collect();
    figures.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let listed: Vec<String> = figures.iter().map(|(name, n)| format!("{name} {}", thousands(*n))).collect();
    format!(
        "Map of the region shading each country by its new arrivals {}: {}.",
        between_months(month),
        crate::text::sentences::join_and(&listed)
    )
}

/// `between January and December`, or `in January` for a one-month period.
fn between_months(month: u8) -> String {
    if month == 1 {
        "in January".to_owned()
    } else {
        format!("between January and {}", month_name(month))
    }
}

/// A paragraph's text as the page sets it: a line break in the file is a space (the page
/// breaks its lines itself), as the schema says of these fields.
fn paragraph(text: &str) -> String {
    if !text.contains(['\n', '\r']) {
        return text.to_owned();
    }
    text.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// Joins runs into the plain text a reader sees.
pub fn plain_text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_labels_come_with_their_widths() {
        let s = Series::new("2025", &[7, 1_234, 1_234_567]);
        assert_eq!(s.labels, ["7", "1,234", "1,234,567"]);
        let w = &s.label_widths;
        // Lato's figures are all as wide as one another, about half an em in bold.
        assert!(w[0] > 0.4 && w[0] < 0.7, "{w:?}");
        assert!(w[0] < w[1] && w[1] < w[2], "{w:?}");
        assert!((w[1] - 4.0 * w[0]).abs() < 0.5, "{w:?}");
        let axis = axis_for(1_000);
        assert_eq!(axis.ticks[0].label, "0");
        let last = axis.ticks.last().unwrap();
        assert_eq!(last.label, "1,000");
        // Regular figures are narrower than bold ones.
        assert!(last.label_width > 0.0 && last.label_width < ems("1,000", BOLD));
    }

    #[test]
    fn axes_use_round_steps() {
        let ticks = |max| axis_for(max).ticks.iter().map(|t| t.value).collect::<Vec<_>>();
        assert_eq!(ticks(1_836), [0, 500, 1_000, 1_500, 2_000]);
        assert_eq!(axis_for(1_836).max, 2_000);
        assert_eq!(ticks(3_412), [0, 500, 1_000, 1_500, 2_000, 2_500, 3_000, 3_500]);
        assert_eq!(ticks(0), [0, 1]);
        assert_eq!(ticks(7), [0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(ticks(9), [0, 2, 4, 6, 8, 10]);
        assert_eq!(axis_for(2_500_000).ticks.last().unwrap().label, "2,500,000");
        assert_eq!(axis_for(7_000_001).ticks.last().unwrap().label, "8,000,000");
        assert!(axis_for(u64::MAX).max >= u64::MAX / 2);
    }

    #[test]
    fn month_windows_cross_years() {
        assert_eq!(months_ending(2026, 3, 3), [(2026, 1), (2026, 2), (2026, 3)]);
        assert_eq!(months_ending(2026, 2, 3), [(2025, 12), (2026, 1), (2026, 2)]);
        assert_eq!(span(&months_ending(2026, 3, 12)), "April 2025-March 2026");
        assert_eq!(span(&months_ending(2025, 12, 12)), "January-December 2025");
        assert_eq!(span(&months_ending(2025, 12, 1)), "December 2025");
    }

    fn sample() -> Factsheet {
        serde_json::from_str(include_str!("../../data/2025-12.json")).unwrap()
    }

    /// A copy of the sample for another period, its series cut to the period.
    fn edition(year: i32, month: u8) -> Factsheet {
        let mut sheet = sample();
        sheet.edition.year = year;
        sheet.edition.month = month;
        let n = usize::from(month);
        sheet.arrivals.monthly.truncate(n);
        sheet.arrivals.monthly_last_year.truncate(n);
        sheet.arrivals.estimate = sheet.arrivals.monthly.iter().sum();
        sheet.arrivals.last_year = sheet.arrivals.monthly_last_year.iter().sum();
        sheet
    }

    fn summary(view: &View) -> String {
        plain_text(&view.arrivals_summary)
    }

    #[test]
    fn the_published_december_sentences() {
        let view = View::new(&sample(), None);
        assert_eq!(
            summary(&view),
            "Between January and December 2025, 11,814 refugees and migrants were estimated to \
             have transited through the Western Balkans as part of mixed movements, reflecting a \
             32% decrease compared to the same period last year."
        );
        assert_eq!(
            plain_text(&view.present.summary),
            "Some 2,289 persons were present in the Western Balkans as of end December 2025, \
             including 134 unaccompanied and separated children (UASC). Of these, 49% were \
             present in Bosnia and Herzegovina, followed by Serbia (25%), Kosovo (10%), Albania \
             and Montenegro (7% each) and North Macedonia (1%)."
        );
        assert_eq!(view.headline.label, "Estimation of persons of concern in mixed movements in the region as of 31 December:");
        assert_eq!(view.headline.change.as_ref().unwrap().label, "32% decrease");
        assert_eq!(view.asylum.figures[2].value, "6%");
        assert_eq!(view.arrivals_chart.title, "New arrivals¹: January-December 2025 vs. January-December 2024");
        assert_eq!(view.map.title, "New arrivals to each country between January and December");
        assert_eq!(view.present.heading, "Refugees and migrants present at the end of December:");
        assert_eq!(view.footer.published, "Published 20 January 2026");
    }

    #[test]
    fn the_figures_in_bold_are_the_figures() {
        let view = View::new(&sample(), None);
        let strong: Vec<&str> = view.arrivals_summary.iter().filter(|r| r.strong).map(|r| r.text.as_str()).collect();
        assert_eq!(strong, ["11,814", "32%"]);
        let strong: Vec<&str> = view.present.summary.iter().filter(|r| r.strong).map(|r| r.text.as_str()).collect();
        assert_eq!(strong, ["2,289", "134"]);
    }

    #[test]
    fn a_march_edition() {
        let view = View::new(&edition(2026, 3), None);
        assert!(summary(&view).starts_with("Between January and March 2026, 2,256 refugees"));
        assert_eq!(view.headline.label, "Estimation of persons of concern in mixed movements in the region as of 31 March:");
        assert_eq!(view.arrivals_chart.title, "New arrivals¹: January-March 2026 vs. January-March 2025");
        assert_eq!(view.arrivals_chart.categories, ["Jan", "Feb", "Mar"]);
        assert_eq!(view.map.title, "New arrivals to each country between January and March");
        assert_eq!(view.present.heading, "Refugees and migrants present at the end of March:");
        assert_eq!(view.present.monthly_chart.subtitle, "April 2025-March 2026");
        assert!(plain_text(&view.present.summary).contains("as of end March 2026"));
    }

    #[test]
    fn a_january_edition_and_a_leap_february() {
        let view = View::new(&edition(2026, 1), None);
        assert!(summary(&view).starts_with("In January 2026, 812 refugees"));
        assert_eq!(view.arrivals_chart.title, "New arrivals¹: January 2026 vs. January 2025");
        assert_eq!(view.map.title, "New arrivals to each country in January");
        let view = View::new(&edition(2028, 2), None);
        assert_eq!(view.headline.label, "Estimation of persons of concern in mixed movements in the region as of 29 February:");
        assert_eq!(view.document.subject, "Key figures at regional level as of 29 February 2028");
    }

    #[test]
    fn a_rise_a_fall_and_no_change() {
        let mut sheet = sample();
        sheet.arrivals.last_year = 9_845;
        let view = View::new(&sheet, None);
        assert!(summary(&view).ends_with("reflecting a 20% increase compared to the same period last year."));
        assert_eq!(view.headline.change.unwrap().direction, Direction::Increase);
        sheet.arrivals.last_year = 11_814;
        let view = View::new(&sheet, None);
        assert!(summary(&view).ends_with("mixed movements, the same number as in the same period last year."));
        assert_eq!(view.headline.change.unwrap().label, "no change");
        sheet.arrivals.last_year = 0;
        let view = View::new(&sheet, None);
        assert!(summary(&view).ends_with("as part of mixed movements."));
        assert!(view.headline.change.is_none());
    }

    #[test]
    fn rounded_estimates_read_some() {
        let mut sheet = sample();
        sheet.arrivals.estimate = 12_000;
        sheet.arrivals.estimate_rounded = true;
        sheet.present.total_rounded = false;
        let view = View::new(&sheet, None);
        assert!(summary(&view).starts_with("Between January and December 2025, some 12,000 refugees"));
        assert_eq!(view.headline.qualifier, "some");
        assert!(plain_text(&view.present.summary).starts_with("2,289 persons were present"));
    }

    #[test]
    fn seven_digit_figures_and_one_country() {
        let mut sheet = sample();
        sheet.countries.retain(|c| c.code == "SRB");
        sheet.present.by_country.retain(|code, _| code == "SRB");
        sheet.present.by_country.insert("SRB".into(), 1_234_567);
        sheet.present.total = 1_234_567;
        sheet.present.uasc = 0;
        let view = View::new(&sheet, None);
        assert_eq!(
            plain_text(&view.present.summary),
            "Some 1,234,567 persons were present in the Western Balkans as of end December 2025. \
             All of these were present in Serbia."
        );
        assert_eq!(view.present.breakdown[0].share, "100%");
        assert_eq!(view.present.total, "1,234,567");
    }

    #[test]
    fn nationalities_beyond_the_top_five_are_summed() {
        let view = View::new(&sample(), None);
        let names: Vec<&str> = view.present.nationalities.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Afghanistan", "Syrian Arab Republic", "Morocco", "Pakistan", "Türkiye", "Other nationalities"]);
        let other = view.present.nationalities.last().unwrap();
        assert_eq!((other.count, other.share.as_str()), (2_289 - 1_581, "31%"));
    }

    #[test]
    fn line_breaks_in_paragraphs_are_spaces() {
        assert_eq!(paragraph("one\ntwo\r\nthree\rfour"), "one two three four");
        let mut sheet = sample();
        sheet.notes.data_note = "Data\ncollected".into();
        sheet.notes.footnotes[0].text = "New\narrivals".into();
        let view = View::new(&sheet, None);
        assert_eq!(view.present.data_note, "Data collected");
        assert_eq!(view.footnotes[0].text, "New arrivals");
    }

    #[test]
    fn between_months_for_one_and_many() {
        assert_eq!(between_months(12), "between January and December");
        assert_eq!(between_months(1), "in January");
    }
}
