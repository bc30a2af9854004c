//! Writing an operation's figures as an `.xlsx` workbook (rust_xlsxwriter), laid out as
//! [`crate::input::workbook`] reads it: every sheet with its header row, bold and frozen, and
//! typed cells (numbers as numbers, months and dates as dates, flags as TRUE or FALSE).

use crate::input::model::{Date, Factsheet, Text, YearMonth};
use crate::input::workbook::{EDITION_FIELDS, EDITION_TEXTS, Figure, Figures, SHEETS, Slot, columns};

/// One cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Empty,
    Number(u64),
    Text(String),
    Bool(bool),
    Month(YearMonth),
    Date(Date),
}

/// One sheet to write: its name, header and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetOut {
    pub name: &'static str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Out>>,
}

/// A sheet with the columns the reader expects of it, in its order.
fn sheet_of(name: &'static str, rows: Vec<Vec<Out>>) -> SheetOut {
    SheetOut { name, header: columns(name).iter().map(|(c, _)| (*c).to_owned()).collect(), rows }
}

fn text(s: &str) -> Out {
    if s.is_empty() { Out::Empty } else { Out::Text(s.to_owned()) }
}

fn figure(f: Figure) -> Out {
    f.slot.value().map_or(Out::Empty, Out::Number)
}

/// The sheet without the columns `names` (an operation without asylum figures or children's
/// figures has no such columns).
fn without(mut sheet: SheetOut, names: &[&str]) -> SheetOut {
    let drop: Vec<usize> =
        sheet.header.iter().enumerate().filter(|(_, h)| names.contains(&h.as_str())).map(|(i, _)| i).collect();
    for i in drop.iter().rev() {
        sheet.header.remove(*i);
        for row in &mut sheet.rows {
            if *i < row.len() {
                row.remove(*i);
            }
        }
    }
    sheet
}

/// Adds a column `base.tag` for each language the rows give `base` in, besides the file's.
fn with_languages(mut sheet: SheetOut, base: &str, per_row: &[Vec<(String, String)>]) -> SheetOut {
    let mut tags: Vec<&str> = per_row.iter().flatten().map(|(tag, _)| tag.as_str()).collect();
    tags.sort_unstable();
    tags.dedup();
    for tag in tags {
        sheet.header.push(format!("{base}.{tag}"));
        for (row, texts) in sheet.rows.iter_mut().zip(per_row) {
            row.push(texts.iter().find(|(t, _)| t == tag).map_or(Out::Empty, |(_, x)| text(x)));
        }
    }
    sheet
}

/// A text's languages other than the file's.
fn others(t: &Text, file_lang: &str) -> Vec<(String, String)> {
    match t {
        Text::Plain(_) => Vec::new(),
        Text::Languages(texts) => {
            texts.iter().filter(|(tag, _)| *tag != file_lang).map(|(tag, x)| (tag.clone(), x.clone())).collect()
        }
    }
}

/// The `edition` sheet's rows from its fields' values.
fn edition_rows(value: impl Fn(&str) -> Out) -> Vec<Vec<Out>> {
    EDITION_FIELDS.iter().map(|(name, _)| vec![Out::Text((*name).to_owned()), value(name)]).collect()
}

/// A workbook started from one month's JSON: its texts, and for every month the figures the
/// month holds one by one (arrivals of both years, persons present). Figures the JSON holds
/// only as the period's total (intentions, applications, arrivals by country) are filled in
/// for a January, whose period is one month, and left blank otherwise; `notes` says which.
pub fn from_factsheet(sheet: &Factsheet) -> (Vec<SheetOut>, Vec<String>) {
    let (year, month) = (sheet.edition.year, sheet.edition.month);
    let last = YearMonth { year, month };
    let a = &sheet.arrivals;
    let lang = sheet.lang();
    let words = |t: &Text| text(t.shown(lang));
    let asylum = sheet.asylum.as_ref();
    let more_link = asylum.and_then(|s| s.more.link.as_ref());
    let mut edition = edition_rows(|name| match name {
        "lang" => sheet.edition.lang.as_deref().map_or(Out::Empty, text),
        "catalogue" => sheet.edition.catalogue.as_ref().map_or(Out::Empty, words),
        "logo" => sheet.edition.logo.as_deref().map_or(Out::Empty, text),
        "organisation" => words(&sheet.edition.organisation),
        "operation" => words(&sheet.edition.operation),
        "title" => words(&sheet.edition.title),
        "region" => words(&sheet.edition.region),
        "contact" => words(&sheet.edition.contact),
        "source" => words(&sheet.notes.source),
        "arrivals_mark" => text(&a.mark),
        "arrivals_context" => words(&a.context),
        "ratio_mark" => asylum.map_or(Out::Empty, |s| text(&s.ratio_mark)),
        "asylum_more_text" => asylum.map_or(Out::Empty, |s| words(&s.more.text)),
        "asylum_more_label" => more_link.map_or(Out::Empty, |l| words(&l.label)),
        "asylum_more_url" => more_link.and_then(|l| l.url.as_deref()).map_or(Out::Empty, text),
        "accommodation" => words(&sheet.present.accommodation),
        "map_disclaimer" => words(&sheet.notes.map_disclaimer),
        "data_note" => words(&sheet.notes.data_note),
        "map_geometry" => sheet.map.as_ref().and_then(|m| m.geometry.as_deref()).map_or(Out::Empty, text),
        "map_show" => {
            if sheet.map.as_ref().is_some_and(|m| !m.show) {
                Out::Bool(false)
            } else {
                Out::Empty
            }
        }
        "compare_last_year" => Out::Bool(!(a.last_year == 0 && a.monthly_last_year.iter().all(|v| *v == 0))),
        "illustrative" => text(&sheet.illustrative.join(", ")),
        _ => Out::Empty,
    });
    // Texts in other languages: `field.fr` rows of the edition sheet.
    let field_text = |name: &str| -> Option<&Text> {
        Some(match name {
            "catalogue" => sheet.edition.catalogue.as_ref()?,
            "organisation" => &sheet.edition.organisation,
            "operation" => &sheet.edition.operation,
            "title" => &sheet.edition.title,
            "region" => &sheet.edition.region,
            "contact" => &sheet.edition.contact,
            "source" => &sheet.notes.source,
            "arrivals_context" => &a.context,
            "asylum_more_text" => &asylum?.more.text,
            "asylum_more_label" => &more_link?.label,
            "accommodation" => &sheet.present.accommodation,
            "map_disclaimer" => &sheet.notes.map_disclaimer,
            "data_note" => &sheet.notes.data_note,
            _ => return None,
        })
    };
    for name in EDITION_TEXTS {
        for (tag, x) in field_text(name).map(|t| others(t, lang)).unwrap_or_default() {
            edition.push(vec![Out::Text(format!("{name}.{tag}")), text(&x)]);
        }
    }
    let country_names: Vec<_> = sheet.countries.iter().map(|c| others(&c.name, lang)).collect();
    let countries = sheet.countries.iter().map(|c| vec![text(&c.code), words(&c.name), text(&c.mark)]).collect();
    let footnotes = sheet
        .notes
        .footnotes
        .iter()
        .map(|f| {
            let link = f.link.as_ref();
            vec![
                text(&f.mark),
                words(&f.text),
                link.map_or(Out::Empty, |l| words(&l.label)),
                link.and_then(|l| l.url.as_deref()).map_or(Out::Empty, text),
            ]
        })
        .collect();
    let footnote_texts: Vec<_> = sheet.notes.footnotes.iter().map(|f| others(&f.text, lang)).collect();
    let footnote_labels: Vec<_> = sheet
        .notes
        .footnotes
        .iter()
        .map(|f| f.link.as_ref().map(|l| others(&l.label, lang)).unwrap_or_default())
        .collect();
    let january = month == 1;
    let period = last.january().through(last);
    let sum: u64 = a.monthly.iter().fold(0, |x, y| x.saturating_add(*y));
    // The presence series ends with the reporting month, and may be shorter or longer than
    // the period: the figure of a month is the one as many places from the series' end as the
    // month is from the reporting month.
    let present = &sheet.present.monthly;
    let present_at = |m: YearMonth| {
        let back = (last.year - m.year) * 12 + i32::from(last.month) - i32::from(m.month);
        usize::try_from(back).ok().and_then(|back| present.len().checked_sub(back + 1)).and_then(|j| present.get(j))
    };
    // Last year's rows: the months the JSON has a figure of, arrivals or persons present.
    let mut months = Vec::new();
    for m in (YearMonth { year: last.year - 1, month: 1 }).through(YearMonth { year: last.year - 1, month: 12 }) {
        let arrivals = a.monthly_last_year.get(usize::from(m.month) - 1);
        let present = present_at(m);
        if arrivals.is_none() && present.is_none() {
            continue;
        }
        let mut row = vec![Out::Empty; columns("months").len()];
        row[0] = Out::Month(m);
        row[2] = arrivals.map_or(Out::Empty, |v| Out::Number(*v));
        row[7] = present.map_or(Out::Empty, |v| Out::Number(*v));
        months.push(row);
    }
    for (i, m) in period.iter().enumerate() {
        let mut row = vec![Out::Empty; columns("months").len()];
        row[0] = Out::Month(*m);
        row[2] = a.monthly.get(i).map_or(Out::Empty, |v| Out::Number(*v));
        row[7] = present_at(*m).map_or(Out::Empty, |v| Out::Number(*v));
        if *m == last {
            row[1] = Date::parse(&sheet.edition.published).map_or(Out::Empty, Out::Date);
            row[3] = if a.estimate != sum { Out::Number(a.estimate) } else { Out::Empty };
            row[4] = Out::Bool(a.estimate_rounded);
            row[8] = Out::Bool(sheet.present.total_rounded);
            row[9] = sheet.present.uasc.map_or(Out::Empty, Out::Number);
            row[7] = Out::Number(sheet.present.total);
        }
        if let (true, Some(s)) = (january, asylum) {
            row[5] = Out::Number(s.intentions);
            row[6] = Out::Number(s.applications);
        }
        months.push(row);
    }
    let codes: Vec<&str> = sheet.countries.iter().map(|c| c.code.as_str()).collect();
    let by_country_header =
        |codes: &[&str]| std::iter::once("month").chain(codes.iter().copied()).map(str::to_owned).collect();
    let mut arrivals_by_country = Vec::new();
    for m in &period {
        let mut row = vec![Out::Month(*m)];
        row.extend(
            codes.iter().map(|c| {
                if january { a.by_country.get(*c).map_or(Out::Empty, |v| Out::Number(*v)) } else { Out::Empty }
            }),
        );
        arrivals_by_country.push(row);
    }
    let mut present_row = vec![Out::Month(last)];
    present_row.extend(codes.iter().map(|c| sheet.present.by_country.get(*c).map_or(Out::Empty, |v| Out::Number(*v))));
    let nationalities = sheet
        .present
        .by_nationality
        .iter()
        .map(|n| {
            vec![Out::Month(last), words(&n.name), n.code.as_deref().map_or(Out::Empty, text), Out::Number(n.count)]
        })
        .collect();
    let nationality_names: Vec<_> = sheet.present.by_nationality.iter().map(|n| others(&n.name, lang)).collect();
    let mut notes = Vec::new();
    if !january {
        let (held, sheets) = if asylum.is_some() {
            (
                "intentions, applications and arrivals by country",
                "the sheets months (intentions, applications) and arrivals_by_country",
            )
        } else {
            ("arrivals by country", "the sheet arrivals_by_country")
        };
        notes.push(format!(
            "the JSON file holds {held} for {} together: fill in each month's figures in {sheets} before rendering a month from the workbook",
            crate::text::format::period_range(year, month)
        ));
    }
    let mut absent = Vec::new();
    if asylum.is_none() {
        absent.extend(["intentions", "applications"]);
    }
    if sheet.present.uasc.is_none() {
        absent.push("uasc");
    }
    let sheets = vec![
        sheet_of("edition", edition),
        with_languages(sheet_of("countries", countries), "name", &country_names),
        with_languages(
            with_languages(sheet_of("footnotes", footnotes), "text", &footnote_texts),
            "link_label",
            &footnote_labels,
        ),
        without(sheet_of("months", months), &absent),
        SheetOut { name: "arrivals_by_country", header: by_country_header(&codes), rows: arrivals_by_country },
        SheetOut { name: "present_by_country", header: by_country_header(&codes), rows: vec![present_row] },
        with_languages(sheet_of("nationalities", nationalities), "nationality", &nationality_names),
    ];
    debug_assert!(sheets.iter().map(|s| s.name).eq(SHEETS));
    (sheets, notes)
}

/// A workbook's figures as read, every month of them, for writing them again as `.xlsx` (a
/// folder of CSV files made into a workbook, typed).
pub fn from_figures(figures: &Figures) -> Vec<SheetOut> {
    let mut edition = edition_rows(|name| match name {
        "compare_last_year" => Out::Bool(figures.compare_last_year),
        _ => figures.edition.get(name).map_or(Out::Empty, |t| text(&t.text)),
    });
    for ((name, tag), t) in &figures.edition_languages {
        edition.push(vec![Out::Text(format!("{name}.{tag}")), text(&t.text)]);
    }
    let pairs = |texts: &[(String, crate::input::workbook::Text)]| -> Vec<(String, String)> {
        texts.iter().map(|(tag, t)| (tag.clone(), t.text.clone())).collect()
    };
    let country_names: Vec<_> = figures.countries.iter().map(|c| pairs(&c.names)).collect();
    let footnote_texts: Vec<_> = figures.footnotes.iter().map(|f| pairs(&f.texts)).collect();
    let footnote_labels: Vec<_> = figures.footnotes.iter().map(|f| pairs(&f.link_labels)).collect();
    let nationality_names: Vec<_> = figures.nationalities.iter().map(|n| n.names.clone()).collect();
    let countries = figures
        .countries
        .iter()
        .map(|c| vec![text(&c.code.text), text(&c.name.text), c.mark.as_ref().map_or(Out::Empty, |m| text(&m.text))])
        .collect();
    let footnotes = figures
        .footnotes
        .iter()
        .map(|f| {
            vec![
                text(&f.mark.text),
                text(&f.text.text),
                f.link_label.as_ref().map_or(Out::Empty, |t| text(&t.text)),
                f.link_url.as_ref().map_or(Out::Empty, |t| text(&t.text)),
            ]
        })
        .collect();
    let months = figures
        .months
        .iter()
        .map(|r| {
            vec![
                Out::Month(r.month),
                match r.published.0 {
                    Slot::Value(d) => Out::Date(d),
                    _ => Out::Empty,
                },
                figure(r.arrivals),
                figure(r.estimate),
                Out::Bool(r.estimate_rounded),
                figure(r.intentions),
                figure(r.applications),
                figure(r.present),
                Out::Bool(r.present_rounded),
                figure(r.uasc),
            ]
        })
        .collect();
    let by_country = |sheet: &crate::input::workbook::ByCountry, name: &'static str| SheetOut {
        name,
        header: std::iter::once("month".to_owned()).chain(sheet.codes.iter().cloned()).collect(),
        rows: sheet
            .rows
            .iter()
            .map(|(m, _, cells)| std::iter::once(Out::Month(*m)).chain(cells.iter().map(|f| figure(*f))).collect())
            .collect(),
    };
    let nationalities = figures
        .nationalities
        .iter()
        .map(|n| vec![Out::Month(n.month), text(&n.name), n.code.as_deref().map_or(Out::Empty, text), figure(n.count)])
        .collect();
    vec![
        sheet_of("edition", edition),
        with_languages(sheet_of("countries", countries), "name", &country_names),
        with_languages(
            with_languages(sheet_of("footnotes", footnotes), "text", &footnote_texts),
            "link_label",
            &footnote_labels,
        ),
        sheet_of("months", months),
        by_country(&figures.arrivals_by_country, "arrivals_by_country"),
        by_country(&figures.present_by_country, "present_by_country"),
        with_languages(sheet_of("nationalities", nationalities), "nationality", &nationality_names),
    ]
}

/// The `.xlsx` file's bytes.
pub fn xlsx(sheets: &[SheetOut]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let failed = |e: rust_xlsxwriter::XlsxError| format!("cannot write the workbook: {e}");
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let month_format = Format::new().set_num_format("yyyy-mm");
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let count_format = Format::new().set_num_format("#,##0");
    let wrap = Format::new().set_text_wrap();
    for sheet in sheets {
        let ws = workbook.add_worksheet();
        ws.set_name(sheet.name).map_err(failed)?;
        for (c, name) in sheet.header.iter().enumerate() {
            let column = u16::try_from(c).map_err(|_| "too many columns".to_owned())?;
            ws.write_string_with_format(0, column, name, &bold).map_err(failed)?;
            let width = match (sheet.name, name.as_str()) {
                ("edition", "value") | ("footnotes", "text") => 80.0,
                ("edition", "field") => 20.0,
                (_, "month" | "published") => 11.0,
                _ => 14.0,
            };
            ws.set_column_width(column, width).map_err(failed)?;
        }
        ws.set_freeze_panes(1, 0).map_err(failed)?;
        for (r, row) in sheet.rows.iter().enumerate() {
            let at = u32::try_from(r + 1).map_err(|_| "too many rows".to_owned())?;
            for (c, cell) in row.iter().enumerate() {
                let column = u16::try_from(c).map_err(|_| "too many columns".to_owned())?;
                let date = |d: &Date| {
                    ExcelDateTime::from_ymd(u16::try_from(d.year).unwrap_or(1900), d.month, d.day).map_err(failed)
                };
                match cell {
                    Out::Empty => {}
                    Out::Number(n) => {
                        ws.write_number_with_format(at, column, *n as f64, &count_format).map_err(failed)?;
                    }
                    Out::Text(t) if sheet.name == "edition" || t.chars().count() > 60 => {
                        ws.write_string_with_format(at, column, t, &wrap).map_err(failed)?;
                    }
                    Out::Text(t) => {
                        ws.write_string(at, column, t).map_err(failed)?;
                    }
                    Out::Bool(b) => {
                        ws.write_boolean(at, column, *b).map_err(failed)?;
                    }
                    Out::Month(m) => {
                        let first = Date { year: m.year, month: m.month, day: 1 };
                        ws.write_datetime_with_format(at, column, &date(&first)?, &month_format).map_err(failed)?;
                    }
                    Out::Date(d) => {
                        ws.write_datetime_with_format(at, column, &date(d)?, &date_format).map_err(failed)?;
                    }
                }
            }
        }
    }
    workbook.save_to_buffer().map_err(failed)
}
