//! The prepared factsheet: every figure, label and sentence the layouts print, computed once
//! from a validated [`Factsheet`]. The layouts receive this as `/data.json` and only place and
//! draw what it holds; `factsheet model` writes it out for the typst CLI.

use serde::Serialize;

use crate::input::model::{Factsheet, Link, LinkedText};
use crate::text::catalogue::{Arg, Language};
use crate::text::format::percent;
use crate::text::sentences::{Change, Direction, share_groups};

/// How many nationalities page 2 lists before grouping the rest as "Other nationalities".
pub const TOP_NATIONALITIES: usize = 5;

/// Everything the layouts print.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    pub document: DocumentInfo,
    pub header: Header,
    /// The line under page 1's header: `Key figures at regional level`.
    pub kicker: String,
    pub headline: Headline,
    pub arrivals_chart: BarChart,
    pub arrivals_summary: Vec<Run>,
    pub arrivals_context: String,
    /// Asylum statistics, for an operation that has them.
    pub asylum: Option<AsylumPanel>,
    pub map: MapPanel,
    pub footnotes: Vec<FootnoteView>,
    pub present: PresentPanel,
    pub footer: Footer,
    /// The logo's file, which the world serves at `header.logo`.
    #[serde(skip)]
    pub logo: Option<crate::input::model::Logo>,
    /// The map still to draw, in a render that draws it while Typst lays out the rest.
    #[serde(skip)]
    pub pending_map: Option<crate::typeset::render::PendingMap>,
}

/// PDF metadata.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub lang: String,
    /// Publication date, used as the document's creation date.
    pub date: DateParts,
    /// The month as a sentence writes it, `décembre 2025` (the header's is a label,
    /// `Décembre 2025`): for the email's subject.
    pub period: String,
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
    /// Where the layouts find the organisation's logo, when the data gives one.
    pub logo: Option<&'static str>,
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
    /// `compared to January–December 2024`.
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
    pub fn new(name: impl Into<String>, values: &[u64], lang: &Language) -> Series {
        let labels: Vec<String> = values.iter().map(|v| lang.number(*v)).collect();
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
    pub more: LinkedTextView,
}

/// A sentence that may end in a link, in the language of the pages.
#[derive(Debug, Clone, Serialize)]
pub struct LinkedTextView {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<LinkView>,
}

impl LinkedTextView {
    fn new(linked: &LinkedText, tag: &str) -> LinkedTextView {
        LinkedTextView {
            text: linked.text.get(tag).to_owned(),
            link: linked.link.as_ref().map(|l| LinkView::new(l, tag)),
        }
    }
}

/// Words that link somewhere when the data gives the address.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl LinkView {
    fn new(link: &Link, tag: &str) -> LinkView {
        LinkView { label: link.label.get(tag).to_owned(), url: link.url.clone() }
    }
}

/// A footnote of page 1: its mark and text, with any link.
#[derive(Debug, Clone, Serialize)]
pub struct FootnoteView {
    pub mark: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<LinkView>,
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
    /// Whether the panel has a map.
    pub shown: bool,
    /// The map's shading legend.
    pub legend: Vec<crate::map::LegendItem>,
    /// The map itself; `None` in a render that hands it to the layouts as `/map.json`, once
    /// it is drawn, while Typst lays out the rest.
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
    /// The remainder of a list ("Other nationalities"), drawn apart from the named rows.
    pub other: bool,
}

/// Page 2: persons present.
#[derive(Debug, Clone, Serialize)]
pub struct PresentPanel {
    pub heading: String,
    pub total: String,
    /// `persons present`, under the total.
    pub total_label: String,
    /// Unaccompanied and separated children, for an operation that counts them.
    pub uasc: Option<String>,
    pub summary: Vec<Run>,
    pub accommodation: String,
    pub breakdown_heading: String,
    pub breakdown: Vec<Row>,
    pub breakdown_max: u64,
    pub monthly_chart: BarChart,
    pub nationalities_heading: String,
    pub nationalities: Vec<Row>,
    pub nationalities_max: u64,
    pub uasc_label: String,
    /// The children's label on the email's card, shorter than the page's.
    pub uasc_card_label: String,
    pub note_label: String,
    pub data_note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Footer {
    pub source_label: String,
    pub source: String,
    /// `Published 20 January 2026`.
    pub published: String,
    pub contact_label: String,
    pub contact: String,
}

/// A y axis for values up to `max`: a round step (1, 2 or 5 times a power of ten) giving at most
/// seven intervals, and the first multiple of it at or above `max`.
pub fn axis_for(max: u64, lang: &Language) -> Axis {
    let max = max.max(1);
    let mut magnitude: u64 = 1;
    let step = loop {
        if let Some(step) = [1, 2, 5].iter().map(|m| m * magnitude).find(|step| max.div_ceil(*step) <= 7) {
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
            let label = lang.number(value);
            Tick { value, label_width: ems(&label, REGULAR), label }
        })
        .collect();
    Axis { max: top, ticks }
}

/// Months ending at `month` of `year`, `count` of them, oldest first, as (year, month).
fn months_ending(year: i32, month: u8, count: usize) -> Vec<(i32, u8)> {
    let end = year * 12 + i32::from(month) - 1;
    (0..count as i32).rev().map(|back| end - back).map(|m| (m.div_euclid(12), (m.rem_euclid(12) + 1) as u8)).collect()
}

/// Which months stand out in a series: the highest and lowest, for alternative text.
/// The indices of the highest and lowest values (the first of equals).
fn extremes(values: &[u64]) -> Option<(usize, usize)> {
    let max = values.iter().enumerate().max_by_key(|&(i, v)| (*v, std::cmp::Reverse(i)))?;
    let min = values.iter().enumerate().min_by_key(|&(i, v)| (*v, i))?;
    Some((max.0, min.0))
}

impl View {
    /// Prepares the view of a validated factsheet in a language, with its map drawing if it
    /// has one.
    pub fn new(sheet: &Factsheet, map: Option<crate::map::MapDrawing>, lang: &Language) -> View {
        let e = &sheet.edition;
        let tag = lang.tag();
        let (year, month) = (e.year, e.month);
        let published = sheet.published();
        let words = Words { lang };
        let year_text = year.to_string();
        let month_name = words.month_name(month);
        let period = words.period(year, month);
        let this_range = words.span((year, 1), (year, month));
        let last_range = words.span((year - 1, 1), (year - 1, month));
        let last_day = crate::text::format::last_day(year, month);
        let region = e.region.get(tag);
        let operation = e.operation.get(tag);
        let title = e.title.get(tag);

        let header = Header {
            organisation: e.organisation.get(tag).to_owned(),
            operation: operation.to_owned(),
            title: title.to_owned(),
            period: upper_first(&period),
            logo: None,
        };
        let mut keywords = vec![operation.to_owned()];
        keywords.extend(
            lang.text("document-keywords", &[]).split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_owned),
        );
        keywords.push(period.clone());
        let document = DocumentInfo {
            title: lang.text(
                "document-title",
                &[("operation", operation.into()), ("title", title.into()), ("period", (&period).into())],
            ),
            author: e.organisation.get(tag).to_owned(),
            subject: lang.text(
                "document-subject",
                &[
                    ("day", Arg::Number(last_day.into())),
                    ("month-name", (&month_name).into()),
                    ("year", (&year_text).into()),
                ],
            ),
            keywords,
            lang: tag.to_owned(),
            date: DateParts { year: published.year, month: published.month, day: published.day },
            period: period.clone(),
        };

        // Page 1: the headline estimate and its change.
        let a = &sheet.arrivals;
        let change = Change::between(a.estimate, a.last_year);
        let direction = match &change {
            Some(c) => c.direction.word(),
            None => "none",
        };
        let change_size = change.as_ref().map(|c| words.change_size(c)).unwrap_or_default();
        let headline = Headline {
            label: lang.text(
                "headline-label",
                &[
                    ("day", Arg::Number(last_day.into())),
                    ("month-name", (&month_name).into()),
                    ("year", (&year_text).into()),
                ],
            ),
            value: lang.number(a.estimate),
            qualifier: if a.estimate_rounded { lang.text("headline-qualifier", &[]) } else { String::new() },
            change: change.as_ref().map(|c| ChangeView {
                direction: c.direction,
                label: lang
                    .text("change", &[("direction", c.direction.word().into()), ("change", (&change_size).into())]),
                against: lang.text("change-against", &[("range", (&last_range).into())]),
            }),
        };

        let summary = lang.runs(
            "arrivals-summary",
            &[
                ("month", Arg::Number(month.into())),
                ("month-name", (&month_name).into()),
                ("year", (&year_text).into()),
                ("rounded", yes_no(a.estimate_rounded).into()),
                ("estimate", Arg::Figure(lang.number(a.estimate))),
                ("region", region.into()),
                ("direction", direction.into()),
                ("change", Arg::Figure(change_size.clone())),
            ],
        );

        // The chart always spans the calendar year, so that a short period's columns keep the
        // width of a whole year's; the months still to come are empty, unless the data gives
        // the whole of last year, which is then drawn beside this year's months so far.
        let categories: Vec<String> = (1..=12).map(|m| words.month_short(m)).collect();
        let whole_last_year = a.monthly_last_year.len() == 12 && month < 12;
        let shown_last_range =
            if whole_last_year { words.span((year - 1, 1), (year - 1, 12)) } else { last_range.clone() };
        let compared_last_year = &a.monthly_last_year[..a.monthly_last_year.len().min(usize::from(month))];
        let arrivals_max = a.monthly.iter().chain(&a.monthly_last_year).copied().max();
        let arrivals_alt = match extremes(&a.monthly) {
            Some((high, low)) => lang.text(
                "arrivals-chart-alt",
                &[
                    ("range", (&this_range).into()),
                    ("last-range", (&last_range).into()),
                    ("year", (&year_text).into()),
                    ("months", Arg::Number(a.monthly.len() as u64)),
                    ("high", (&categories[high]).into()),
                    ("low", (&categories[low]).into()),
                    ("high-month", words.month_name(high as u8 + 1).into()),
                    ("low-month", words.month_name(low as u8 + 1).into()),
                    ("total", lang.number(crate::text::format::sum(a.monthly.iter().copied())).into()),
                    ("direction", direction.into()),
                    ("change", (&change_size).into()),
                    ("last-total", lang.number(crate::text::format::sum(compared_last_year.iter().copied())).into()),
                ],
            ),
            None => String::new(),
        };
        let arrivals_alt = if whole_last_year {
            let also = lang.text(
                "arrivals-chart-alt-last-year",
                &[
                    ("last-year", (year - 1).to_string().into()),
                    (
                        "last-year-total",
                        lang.number(crate::text::format::sum(a.monthly_last_year.iter().copied())).into(),
                    ),
                ],
            );
            format!("{arrivals_alt} {also}")
        } else {
            arrivals_alt
        };
        let arrivals_chart = BarChart {
            title: lang.text(
                "arrivals-chart-title",
                &[
                    ("mark", (&a.mark).into()),
                    ("range", (&this_range).into()),
                    ("last-range", (&shown_last_range).into()),
                ],
            ),
            subtitle: String::new(),
            categories,
            series: vec![
                Series::new(year.to_string(), &a.monthly, lang),
                Series::new((year - 1).to_string(), &a.monthly_last_year, lang),
            ],
            axis: axis_for(arrivals_max.unwrap_or(0), lang),
            alt: arrivals_alt,
        };

        let asylum = sheet.asylum.as_ref().map(|s| {
            let ratio = match percent(s.applications, s.intentions) {
                Some(_) => lang.share(s.applications, s.intentions),
                None => lang.text("not-applicable", &[]),
            };
            let figure = |id: &str, mark: &str, value: String| Figure {
                label: lang.text(id, &[]),
                mark: mark.to_owned(),
                value,
            };
            AsylumPanel {
                heading: lang.text("asylum-heading", &[("region", region.into()), ("year", (&year_text).into())]),
                figures: vec![
                    figure("asylum-intentions", "", lang.number(s.intentions)),
                    figure("asylum-applications", "", lang.number(s.applications)),
                    figure("asylum-ratio", &s.ratio_mark, ratio),
                ],
                more: LinkedTextView::new(&s.more, tag),
            }
        });

        let rows = |map: &std::collections::BTreeMap<String, u64>, whole: u64| -> Vec<Row> {
            sheet
                .countries
                .iter()
                .map(|c| {
                    let count = map.get(&c.code).copied().unwrap_or(0);
                    Row {
                        code: c.code.clone(),
                        name: crate::text::names::country(c, tag, sheet.lang()).unwrap_or_default(),
                        mark: c.mark.clone(),
                        count,
                        value: lang.number(count),
                        share: lang.share(count, whole),
                        other: false,
                    }
                })
                .collect()
        };
        let arrivals_sum = crate::text::format::total(a.by_country.values().copied());
        let mut map_rows = rows(&a.by_country, arrivals_sum);
        map_rows.sort_by(|x, y| y.count.cmp(&x.count).then(x.name.cmp(&y.name)));
        let month_args = [("month", Arg::Number(month.into())), ("month-name", Arg::from(&month_name))];
        let mut alt_figures: Vec<(&str, u64)> = map_rows.iter().map(|r| (r.name.as_str(), r.count)).collect();
        alt_figures.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let listed: Vec<String> = alt_figures
            .iter()
            .map(|(name, n)| lang.text("map-alt-item", &[("name", (*name).into()), ("count", lang.number(*n).into())]))
            .collect();
        let mut alt_args = month_args.to_vec();
        alt_args.push(("list", lang.list(&listed).into()));
        let map = MapPanel {
            title: lang.text("map-title", &month_args),
            shown: map.is_some(),
            legend: map.as_ref().map(|d| d.legend.clone()).unwrap_or_default(),
            drawing: map,
            alt: lang.text("map-alt", &alt_args),
            max: a.by_country.values().copied().max().unwrap_or(0),
            rows: map_rows,
            disclaimer: paragraph(sheet.notes.map_disclaimer.get(tag)),
        };

        // Page 2: persons present.
        let p = &sheet.present;
        let uasc = p.uasc.unwrap_or(0);
        let mut present_summary = lang.runs(
            "present-summary",
            &[
                ("rounded", yes_no(p.total_rounded).into()),
                ("total", Arg::Figure(lang.number(p.total))),
                ("region", region.into()),
                ("period", (&period).into()),
                ("children", yes_no(uasc > 0).into()),
                ("uasc", Arg::Figure(lang.number(uasc))),
            ],
        );
        // Each country with its footnote mark, wherever it is named (Kosovo², as the UN requires).
        let names: Vec<String> = sheet
            .countries
            .iter()
            .map(|c| format!("{}{}", crate::text::names::country(c, tag, sheet.lang()).unwrap_or_default(), c.mark))
            .collect();
        let parts: Vec<(&str, u64)> = sheet
            .countries
            .iter()
            .zip(&names)
            .map(|(c, name)| (name.as_str(), p.by_country.get(&c.code).copied().unwrap_or(0)))
            .collect();
        if let Some(sentence) = words.share_sentence(&parts, p.total) {
            present_summary.push(plain(format!(" {sentence}")));
        }
        let mut breakdown = rows(&p.by_country, p.total);
        breakdown.sort_by(|x, y| y.count.cmp(&x.count).then(x.name.cmp(&y.name)));

        let months = months_ending(year, month, p.monthly.len());
        let month_categories: Vec<String> = months.iter().map(|&(_, m)| words.month_short(m)).collect();
        let span = match (months.first(), months.last()) {
            (Some(&from), Some(&to)) => words.span(from, to),
            _ => String::new(),
        };
        let monthly_alt = match extremes(&p.monthly) {
            Some((high, low)) => lang.text(
                "present-chart-alt",
                &[
                    ("span", (&span).into()),
                    ("months", Arg::Number(p.monthly.len() as u64)),
                    ("high", (&month_categories[high]).into()),
                    ("low", (&month_categories[low]).into()),
                    ("high-month", words.month_name(months[high].1).into()),
                    ("low-month", words.month_name(months[low].1).into()),
                    ("total", lang.number(p.total).into()),
                    ("period", (&period).into()),
                ],
            ),
            None => String::new(),
        };
        let monthly_chart = BarChart {
            title: lang.text("present-chart-title", &[]),
            subtitle: upper_first(&span),
            categories: month_categories,
            series: vec![Series::new(lang.text("present-series", &[]), &p.monthly, lang)],
            axis: axis_for(p.monthly.iter().copied().max().unwrap_or(0), lang),
            alt: monthly_alt,
        };

        let nationality_names: Vec<String> = p
            .by_nationality
            .iter()
            .map(|n| crate::text::names::nationality(n, tag, sheet.lang()).unwrap_or_default())
            .collect();
        let mut nationalities: Vec<(&str, u64)> =
            p.by_nationality.iter().zip(&nationality_names).map(|(n, name)| (name.as_str(), n.count)).collect();
        nationalities.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
        let nationality_row = |name: String, count: u64, other: bool| Row {
            code: String::new(),
            name,
            mark: String::new(),
            count,
            value: lang.number(count),
            share: lang.share(count, p.total),
            other,
        };
        let mut nationality_rows: Vec<Row> = nationalities
            .iter()
            .take(TOP_NATIONALITIES)
            .map(|&(name, count)| nationality_row(name.to_owned(), count, false))
            .collect();
        let shown = crate::text::format::total(nationality_rows.iter().map(|r| r.count));
        if !nationality_rows.is_empty() && p.total > shown {
            nationality_rows.push(nationality_row(lang.text("other-nationalities", &[]), p.total - shown, true));
        }
        let present_args =
            [("month-name", Arg::from(&month_name)), ("region", region.into()), ("period", (&period).into())];

        let present = PresentPanel {
            heading: lang.text("present-heading", &present_args),
            total: lang.number(p.total),
            total_label: lang.text("persons-present", &[]),
            uasc: p.uasc.map(|n| lang.number(n)),
            summary: present_summary,
            accommodation: paragraph(p.accommodation.get(tag)),
            breakdown_heading: lang.text("breakdown-heading", &[]),
            // Both lists are parts of the same total: one scale, so their bars compare.
            breakdown_max: p.total,
            breakdown,
            monthly_chart,
            nationalities_heading: lang.text("nationalities-heading", &present_args),
            nationalities_max: p.total,
            nationalities: nationality_rows,
            uasc_label: lang.text("uasc-label", &[]),
            uasc_card_label: lang.text("card-uasc", &[]),
            note_label: lang.text("note-label", &[]),
            data_note: paragraph(sheet.notes.data_note.get(tag)),
        };

        View {
            document,
            header,
            kicker: lang.text("kicker", &[]),
            headline,
            arrivals_chart,
            arrivals_summary: summary,
            arrivals_context: paragraph(a.context.get(tag)),
            asylum,
            map,
            footnotes: sheet
                .notes
                .footnotes
                .iter()
                .map(|n| FootnoteView {
                    mark: n.mark.clone(),
                    text: paragraph(n.text.get(tag)),
                    link: n.link.as_ref().map(|l| LinkView::new(l, tag)),
                })
                .collect(),
            present,
            footer: Footer {
                source_label: lang.text("source-label", &[]),
                source: sheet.notes.source.get(tag).to_owned(),
                published: lang
                    .text("published", &[("date", words.date(published.year, published.month, published.day).into())]),
                contact_label: lang.text("contact-label", &[]),
                contact: e.contact.get(tag).to_owned(),
            },
            logo: None,
            pending_map: None,
        }
    }

    /// Gives the view the organisation's logo, for the header.
    pub fn with_logo(mut self, logo: Option<crate::input::model::Logo>) -> View {
        self.header.logo = logo.as_ref().map(|l| l.path);
        self.logo = logo;
        self
    }

    /// The view as the JSON the layouts read.
    pub fn to_json(&self) -> Vec<u8> {
        // Serialising plain structs of strings and integers cannot fail.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }
}

/// `yes` or `no`, for a message to select on.
fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

/// A label with its first letter a capital, as it stands alone: `December 2025`, `Décembre 2025`.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The calendar and comparison phrases the messages are built from, in one language.
struct Words<'a> {
    lang: &'a Language,
}

impl Words<'_> {
    fn month_name(&self, month: u8) -> String {
        self.lang.text("month-name", &[("month", Arg::Number(month.into()))])
    }

    fn month_short(&self, month: u8) -> String {
        self.lang.text("month-short", &[("month", Arg::Number(month.into()))])
    }

    /// `December 2025`.
    fn period(&self, year: i32, month: u8) -> String {
        self.lang.text("period", &[("month-name", self.month_name(month).into()), ("year", year.to_string().into())])
    }

    /// From one month to another: `April 2025–March 2026`, `January–December 2025`, or
    /// `December 2025` for a single month.
    fn span(&self, from: (i32, u8), to: (i32, u8)) -> String {
        if from == to {
            return self.period(to.0, to.1);
        }
        let start = if from.0 == to.0 { self.month_name(from.1) } else { self.period(from.0, from.1) };
        self.lang.text("period-span", &[("from", start.into()), ("to", self.period(to.0, to.1).into())])
    }

    /// `20 January 2026`.
    fn date(&self, year: i32, month: u8, day: u8) -> String {
        self.lang.text(
            "date",
            &[
                ("day", Arg::Number(day.into())),
                ("month-name", self.month_name(month).into()),
                ("year", year.to_string().into()),
            ],
        )
    }

    /// The size of a change as printed: `32%`, or `less than 1%` for a real change that
    /// rounds to zero.
    fn change_size(&self, change: &Change) -> String {
        if change.percent == 0 && change.direction != Direction::Unchanged {
            self.lang.text("percent-below-one", &[])
        } else {
            self.lang.percent(change.percent)
        }
    }

    /// The sentence of country shares: `Of these, 49% were present in Bosnia and Herzegovina,
    /// followed by Serbia (25%), …`. `None` when no country has a count.
    fn share_sentence(&self, parts: &[(&str, u64)], total: u64) -> Option<String> {
        let lang = self.lang;
        let groups = share_groups(parts, total, |part| lang.share(part, total));
        let (first, rest) = groups.split_first()?;
        let place = lang.list(&first.names);
        if rest.is_empty() && first.percent == Some(100) {
            return Some(lang.text("share-all", &[("place", place.into())]));
        }
        let group = |g: &crate::text::sentences::ShareGroup| {
            lang.text(
                "share-group",
                &[
                    ("names", lang.list(&g.names).into()),
                    ("share", (&g.label).into()),
                    ("places", Arg::Number(g.names.len() as u64)),
                ],
            )
        };
        let followers: Vec<String> = rest.iter().map(group).collect();
        Some(lang.text(
            "share-sentence",
            &[
                ("share", (&first.label).into()),
                ("places", Arg::Number(first.names.len() as u64)),
                ("place", place.into()),
                ("first", group(first).into()),
                ("rest", if rest.is_empty() { "none" } else { "some" }.into()),
                ("followers", lang.list(&followers).into()),
            ],
        ))
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

    fn en() -> Language {
        Language::built_in("en").unwrap()
    }

    #[test]
    fn chart_labels_come_with_their_widths() {
        let s = Series::new("2025", &[7, 1_234, 1_234_567], &en());
        assert_eq!(s.labels, ["7", "1,234", "1,234,567"]);
        let w = &s.label_widths;
        // Lato's figures are all as wide as one another, about half an em in bold.
        assert!(w[0] > 0.4 && w[0] < 0.7, "{w:?}");
        assert!(w[0] < w[1] && w[1] < w[2], "{w:?}");
        assert!((w[1] - 4.0 * w[0]).abs() < 0.5, "{w:?}");
        let axis = axis_for(1_000, &en());
        assert_eq!(axis.ticks[0].label, "0");
        let last = axis.ticks.last().unwrap();
        assert_eq!(last.label, "1,000");
        // Regular figures are narrower than bold ones.
        assert!(last.label_width > 0.0 && last.label_width < ems("1,000", BOLD));
    }

    #[test]
    fn axes_use_round_steps() {
        let ticks = |max| axis_for(max, &en()).ticks.iter().map(|t| t.value).collect::<Vec<_>>();
        assert_eq!(ticks(1_836), [0, 500, 1_000, 1_500, 2_000]);
        assert_eq!(axis_for(1_836, &en()).max, 2_000);
        assert_eq!(ticks(3_412), [0, 500, 1_000, 1_500, 2_000, 2_500, 3_000, 3_500]);
        assert_eq!(ticks(0), [0, 1]);
        assert_eq!(ticks(7), [0, 1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(ticks(9), [0, 2, 4, 6, 8, 10]);
        assert_eq!(axis_for(2_500_000, &en()).ticks.last().unwrap().label, "2,500,000");
        assert_eq!(axis_for(7_000_001, &en()).ticks.last().unwrap().label, "8,000,000");
        assert!(axis_for(u64::MAX, &en()).max >= u64::MAX / 2);
    }

    #[test]
    fn month_windows_cross_years() {
        assert_eq!(months_ending(2026, 3, 3), [(2026, 1), (2026, 2), (2026, 3)]);
        assert_eq!(months_ending(2026, 2, 3), [(2025, 12), (2026, 1), (2026, 2)]);
        let en = en();
        let words = Words { lang: &en };
        let span = |months: Vec<(i32, u8)>| words.span(months[0], months[months.len() - 1]);
        assert_eq!(span(months_ending(2026, 3, 12)), "April 2025–March 2026");
        assert_eq!(span(months_ending(2025, 12, 12)), "January–December 2025");
        assert_eq!(span(months_ending(2025, 12, 1)), "December 2025");
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
        let view = View::new(&sample(), None, &en());
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
             present in Bosnia and Herzegovina, followed by Serbia** (25%), Kosovo² (10%), Albania \
             and Montenegro (7% each) and North Macedonia* (1%)."
        );
        assert_eq!(
            view.headline.label,
            "Estimation of persons of concern in mixed movements in the region as of 31 December:"
        );
        assert_eq!(view.headline.change.as_ref().unwrap().label, "32% decrease");
        assert_eq!(view.asylum.as_ref().unwrap().figures[2].value, "6%");
        assert_eq!(view.arrivals_chart.title, "New arrivals¹: January–December 2025 vs. January–December 2024");
        assert_eq!(view.map.title, "New arrivals to each country between January and December");
        assert_eq!(view.present.heading, "Refugees and migrants present at the end of December:");
        assert_eq!(view.footer.published, "Published 20 January 2026");
    }

    #[test]
    fn the_figures_in_bold_are_the_figures() {
        let view = View::new(&sample(), None, &en());
        let strong: Vec<&str> = view.arrivals_summary.iter().filter(|r| r.strong).map(|r| r.text.as_str()).collect();
        assert_eq!(strong, ["11,814", "32%"]);
        let strong: Vec<&str> = view.present.summary.iter().filter(|r| r.strong).map(|r| r.text.as_str()).collect();
        assert_eq!(strong, ["2,289", "134"]);
    }

    #[test]
    fn a_march_edition() {
        let view = View::new(&edition(2026, 3), None, &en());
        assert!(summary(&view).starts_with("Between January and March 2026, 2,256 refugees"));
        assert_eq!(
            view.headline.label,
            "Estimation of persons of concern in mixed movements in the region as of 31 March:"
        );
        assert_eq!(view.arrivals_chart.title, "New arrivals¹: January–March 2026 vs. January–March 2025");
        // The chart spans the year, this year's columns ending with the period.
        assert_eq!(view.arrivals_chart.categories.len(), 12);
        assert_eq!(view.arrivals_chart.series[0].values, [812, 654, 790]);
        assert_eq!(view.map.title, "New arrivals to each country between January and March");
        assert_eq!(view.present.heading, "Refugees and migrants present at the end of March:");
        assert_eq!(view.present.monthly_chart.subtitle, "April 2025–March 2026");
        assert!(plain_text(&view.present.summary).contains("as of end March 2026"));
    }

    #[test]
    fn a_january_edition_and_a_leap_february() {
        let view = View::new(&edition(2026, 1), None, &en());
        assert!(summary(&view).starts_with("In January 2026, 812 refugees"));
        assert_eq!(view.arrivals_chart.title, "New arrivals¹: January 2026 vs. January 2025");
        assert_eq!(view.map.title, "New arrivals to each country in January");
        let view = View::new(&edition(2028, 2), None, &en());
        assert_eq!(
            view.headline.label,
            "Estimation of persons of concern in mixed movements in the region as of 29 February:"
        );
        assert_eq!(view.document.subject, "Key figures at regional level as of 29 February 2028");
    }

    #[test]
    fn a_january_beside_the_whole_of_last_year() {
        let mut sheet = edition(2026, 1);
        sheet.arrivals.monthly_last_year = sample().arrivals.monthly_last_year;
        let view = View::new(&sheet, None, &en());
        let chart = &view.arrivals_chart;
        assert_eq!(chart.title, "New arrivals¹: January 2026 vs. January–December 2025");
        assert_eq!((chart.series[0].values.len(), chart.series[1].values.len()), (1, 12));
        assert_eq!(chart.axis.max, 2_000, "the axis reaches last year's highest month, 1,836");
        // The comparison is of the same months; the rest of last year is said apart.
        assert_eq!(
            chart.alt,
            "Column chart of regional new arrivals in January 2026 against January 2025: the January 2026 total of 812 is \
             27% less than the 1,105 of January 2025. It also shows each month of 2025, 17,374 arrivals in all."
        );
        // The headline and the sentence compare the same months only.
        assert!(summary(&view).contains("reflecting a 27% decrease"));
        let view = View::new(&sheet, None, &fr());
        assert_eq!(view.arrivals_chart.title, "Nouvelles arrivées¹\u{a0}: janvier 2026 et janvier–décembre 2025");
    }

    #[test]
    fn a_rise_a_fall_and_no_change() {
        let mut sheet = sample();
        sheet.arrivals.last_year = 9_845;
        let view = View::new(&sheet, None, &en());
        assert!(summary(&view).ends_with("reflecting a 20% increase compared to the same period last year."));
        assert_eq!(view.headline.change.unwrap().direction, Direction::Increase);
        sheet.arrivals.last_year = 11_814;
        let view = View::new(&sheet, None, &en());
        assert!(summary(&view).ends_with("mixed movements, the same number as in the same period last year."));
        assert_eq!(view.headline.change.unwrap().label, "no change");
        sheet.arrivals.last_year = 0;
        let view = View::new(&sheet, None, &en());
        assert!(summary(&view).ends_with("as part of mixed movements."));
        assert!(view.headline.change.is_none());
    }

    #[test]
    fn rounded_estimates_read_some() {
        let mut sheet = sample();
        sheet.arrivals.estimate = 12_000;
        sheet.arrivals.estimate_rounded = true;
        sheet.present.total_rounded = false;
        let view = View::new(&sheet, None, &en());
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
        sheet.present.uasc = Some(0);
        let view = View::new(&sheet, None, &en());
        assert_eq!(
            plain_text(&view.present.summary),
            "Some 1,234,567 persons were present in the Western Balkans as of end December 2025. \
             All of these were present in Serbia**."
        );
        assert_eq!(view.present.breakdown[0].share, "100%");
        assert_eq!(view.present.total, "1,234,567");
    }

    #[test]
    fn nationalities_beyond_the_top_five_are_summed() {
        let view = View::new(&sample(), None, &en());
        let names: Vec<&str> = view.present.nationalities.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Afghanistan", "Syrian Arab Republic", "Morocco", "Pakistan", "Türkiye", "Other nationalities"]
        );
        let other = view.present.nationalities.last().unwrap();
        assert_eq!((other.count, other.share.as_str()), (2_289 - 1_581, "31%"));
    }

    fn shares(parts: &[(&str, u64)], total: u64) -> Option<String> {
        Words { lang: &en() }.share_sentence(parts, total)
    }

    /// The sample's persons present by country, as the share sentence takes them.
    fn december_2025() -> Vec<(&'static str, u64)> {
        let sheet = sample();
        let names: Vec<&'static str> = sheet.countries.iter().map(|c| &*c.name.to_string().leak()).collect();
        sheet.countries.iter().zip(names).map(|(c, name)| (name, sheet.present.by_country[&c.code])).collect()
    }

    #[test]
    fn share_sentence_as_published() {
        assert_eq!(
            shares(&december_2025(), 2_289).unwrap(),
            "Of these, 49% were present in Bosnia and Herzegovina, followed by Serbia (25%), \
             Kosovo (10%), Albania and Montenegro (7% each) and North Macedonia (1%)."
        );
    }

    #[test]
    fn share_sentence_without_ties() {
        let parts = [("Serbia", 60), ("Albania", 30), ("Kosovo", 10)];
        assert_eq!(
            shares(&parts, 100).unwrap(),
            "Of these, 60% were present in Serbia, followed by Albania (30%) and Kosovo (10%)."
        );
    }

    #[test]
    fn share_sentence_with_three_way_tie_and_tie_first() {
        let parts = [("Serbia", 40), ("Albania", 20), ("Kosovo", 20), ("Montenegro", 20)];
        assert_eq!(
            shares(&parts, 100).unwrap(),
            "Of these, 40% were present in Serbia, followed by Albania, Kosovo and Montenegro \
             (20% each)."
        );
        let parts = [("Serbia", 50), ("Albania", 50)];
        assert_eq!(shares(&parts, 100).unwrap(), "Of these, 50% each were present in Albania and Serbia.");
    }

    #[test]
    fn share_sentence_one_country_and_tiny_shares() {
        assert_eq!(shares(&[("Serbia", 1_234_567)], 1_234_567).unwrap(), "All of these were present in Serbia.");
        let parts = [("Serbia", 995), ("Kosovo", 4), ("Albania", 1), ("Montenegro", 0)];
        assert_eq!(
            shares(&parts, 1_000).unwrap(),
            "Of these, 100% were present in Serbia, followed by Kosovo and Albania \
             (less than 1% each)."
        );
        assert_eq!(shares(&[("Serbia", 0)], 10), None);
    }

    #[test]
    fn line_breaks_in_paragraphs_are_spaces() {
        assert_eq!(paragraph("one\ntwo\r\nthree\rfour"), "one two three four");
        let mut sheet = sample();
        sheet.notes.data_note = "Data\ncollected".into();
        sheet.notes.footnotes[0].text = "New\narrivals".into();
        let view = View::new(&sheet, None, &en());
        assert_eq!(view.present.data_note, "Data collected");
        assert_eq!(view.footnotes[0].text, "New arrivals");
    }

    fn fr() -> Language {
        Language::built_in("fr").unwrap()
    }

    #[test]
    fn the_december_sentences_in_french() {
        let view = View::new(&sample(), None, &fr());
        assert_eq!(
            summary(&view),
            "De janvier à décembre 2025, 11\u{202f}814 réfugiés et migrants auraient transité par les Balkans \
             occidentaux dans le cadre de mouvements mixtes, soit une baisse de 32\u{202f}% par rapport à la même \
             période de l’année précédente."
        );
        assert_eq!(
            plain_text(&view.present.summary),
            "Environ 2\u{202f}289 personnes étaient présentes dans les Balkans occidentaux fin décembre 2025, dont \
             134 enfants non accompagnés ou séparés (ENAS). Répartition par pays\u{a0}: Bosnie-Herzégovine \
             (49\u{202f}%), puis Serbie** (25\u{202f}%), Kosovo² (10\u{202f}%), Albanie et Monténégro (7\u{202f}% pour chaque \
             pays) et Macédoine du Nord* (1\u{202f}%)."
        );
        let strong: Vec<&str> = view.arrivals_summary.iter().filter(|r| r.strong).map(|r| r.text.as_str()).collect();
        assert_eq!(strong, ["11\u{202f}814", "32\u{202f}%"]);
        assert_eq!(view.header.period, "Décembre 2025");
        assert_eq!(view.headline.change.as_ref().unwrap().label, "baisse de 32\u{202f}%");
        assert_eq!(view.headline.change.as_ref().unwrap().against, "par rapport à janvier–décembre 2024");
        assert_eq!(view.footer.published, "Publié le 20 janvier 2026");
        assert_eq!(view.document.lang, "fr");
        assert_eq!(view.arrivals_chart.categories[0], "janv.");
        let names: Vec<&str> = view.present.nationalities.iter().map(|r| r.name.as_str()).collect();
        // The file's own French names win over the CLDR's (Syrie, Turquie).
        assert_eq!(
            names,
            ["Afghanistan", "République arabe syrienne", "Maroc", "Pakistan", "Türkiye", "Autres nationalités"]
        );
    }

    #[test]
    fn a_rise_no_change_and_nothing_to_compare_in_french() {
        let mut sheet = sample();
        sheet.arrivals.last_year = 9_845;
        let view = View::new(&sheet, None, &fr());
        assert!(
            summary(&view)
                .ends_with("soit une hausse de 20\u{202f}% par rapport à la même période de l’année précédente.")
        );
        assert_eq!(view.headline.change.unwrap().label, "hausse de 20\u{202f}%");
        sheet.arrivals.last_year = 11_814;
        let view = View::new(&sheet, None, &fr());
        assert!(
            summary(&view)
                .ends_with("mouvements mixtes, soit autant que pendant la même période de l’année précédente.")
        );
        assert_eq!(view.headline.change.unwrap().label, "stable");
        sheet.arrivals.last_year = 11_800;
        let view = View::new(&sheet, None, &fr());
        assert!(
            summary(&view).ends_with(
                "soit une hausse de moins de 1\u{202f}% par rapport à la même période de l’année précédente."
            )
        );
        sheet.arrivals.last_year = 0;
        let view = View::new(&sheet, None, &fr());
        assert!(summary(&view).ends_with("dans le cadre de mouvements mixtes."));
        assert!(view.headline.change.is_none());
    }

    #[test]
    fn a_january_and_a_rounded_estimate_in_french() {
        let view = View::new(&edition(2026, 1), None, &fr());
        assert!(summary(&view).starts_with("En janvier 2026, 812 réfugiés"), "{}", summary(&view));
        assert_eq!(view.arrivals_chart.title, "Nouvelles arrivées¹\u{a0}: janvier 2026 et janvier 2025");
        assert_eq!(view.map.title, "Nouvelles arrivées par pays en janvier");
        let mut sheet = sample();
        sheet.arrivals.estimate = 12_000;
        sheet.arrivals.estimate_rounded = true;
        let view = View::new(&sheet, None, &fr());
        assert!(summary(&view).starts_with("De janvier à décembre 2025, environ 12\u{202f}000 réfugiés"));
        assert_eq!(view.headline.qualifier, "environ");
    }

    #[test]
    fn shares_in_french_with_ties_and_one_country() {
        let fr = fr();
        let words = Words { lang: &fr };
        assert_eq!(
            words.share_sentence(&[("Serbie", 40), ("Albanie", 20), ("Kosovo", 20), ("Monténégro", 20)], 100).unwrap(),
            "Répartition par pays\u{a0}: Serbie (40\u{202f}%), puis Albanie, Kosovo et Monténégro (20\u{202f}% pour chaque pays)."
        );
        assert_eq!(
            words.share_sentence(&[("Serbie", 50), ("Albanie", 50)], 100).unwrap(),
            "Répartition par pays\u{a0}: Albanie et Serbie (50\u{202f}% pour chaque pays)."
        );
        assert_eq!(
            words.share_sentence(&[("Serbie", 7)], 7).unwrap(),
            "Toutes se trouvaient dans un seul pays\u{a0}: Serbie."
        );
        assert_eq!(
            words.share_sentence(&[("Serbie", 996), ("Kosovo", 4)], 1_000).unwrap(),
            "Répartition par pays\u{a0}: Serbie (100\u{202f}%), puis Kosovo (moins de 1\u{202f}%)."
        );
        assert_eq!(words.date(2026, 2, 1), "1er février 2026");
        assert_eq!(words.span((2025, 4), (2026, 3)), "avril 2025–mars 2026");
    }

    #[test]
    fn a_panel_left_out_leaves_no_words_behind() {
        let mut sheet = sample();
        sheet.asylum = None;
        sheet.present.uasc = None;
        sheet.present.by_nationality.clear();
        let view = View::new(&sheet, None, &en());
        assert!(view.asylum.is_none() && view.present.uasc.is_none() && view.present.nationalities.is_empty());
        assert!(
            plain_text(&view.present.summary).starts_with(
                "Some 2,289 persons were present in the Western Balkans as of end December 2025. Of these"
            )
        );
    }
}
