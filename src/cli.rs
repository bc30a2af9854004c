//! The command line: subcommands and their flags. Every `///` comment is `--help` text.
//! [`batch`] renders the files a command names, in parallel; [`watch`] renders again on change;
//! [`email`] writes a month's briefing.

pub mod batch;
pub mod email;
pub mod watch;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::typeset::render::Standard;

/// Renders a month's key figures into the two-page factsheet PDF.
#[derive(Debug, Parser)]
#[command(name = "factsheet", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render months of a workbook, or months' JSON files (or folders of them), to PDF, in parallel.
    Render(RenderArgs),
    /// Render one month's data file (or a month of a workbook), then again whenever it, the
    /// operation's catalogue or a layout file changes. Takes one DATA.
    Watch(WatchArgs),
    /// Check months of workbooks or JSON files, and that the pages hold them; writes nothing.
    Check(CheckArgs),
    /// Write the prepared data the layouts read (every figure and sentence, ready to print).
    Model(ModelArgs),
    /// Write a month of a workbook as JSON, start a workbook from a month's JSON file, or type a
    /// folder of CSV files as an .xlsx workbook.
    Convert(ConvertArgs),
    /// Write a month's email briefing: a draft message with the key-figures card and the
    /// generated sentences as its body, and the factsheet PDF attached.
    Email(EmailArgs),
    /// Print the JSON Schema of the data file, for editors to complete and check fields.
    Schema,
}

#[derive(Debug, Args)]
pub struct LayoutArgs {
    /// Use the layouts in this folder (it must hold main.typ) instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub layouts: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct MonthArgs {
    /// The month of a workbook to use, `2025-12`, or a range, `2025-01..2025-12`; repeat it
    /// for several. Without it, a workbook's newest month: the last with any figure.
    #[arg(long = "month", value_name = "YYYY-MM")]
    pub months: Vec<String>,
}

#[derive(Debug, Args)]
pub struct LangArgs {
    /// The language to write the factsheet in, `en` or `fr` (or one the operation's catalogue
    /// adds); several as `--lang en,fr`, each written with its language in the name
    /// (`2025-12.fr.pdf`). Without it, the data file's language (`edition.lang`, else English),
    /// and the name as it is.
    #[arg(long = "lang", value_name = "LANG", value_delimiter = ',')]
    pub languages: Vec<String>,
}

impl LangArgs {
    /// The languages asked for, each once, checked to be language tags.
    pub fn parse(&self) -> Result<Vec<String>, String> {
        let mut out: Vec<String> = Vec::new();
        for text in &self.languages {
            let tag = parse_lang(text)?;
            if !out.contains(&tag) {
                out.push(tag);
            }
        }
        Ok(out)
    }
}

/// One `--lang` value as a language tag, or the usage error that says it is none.
pub fn parse_lang(text: &str) -> Result<String, String> {
    crate::text::catalogue::parse_tag(text)
        .ok_or_else(|| format!("--lang {text}: is not a language tag (write en, fr, es, …)"))
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The figures: a workbook (.xlsx, .ods, or a folder of .csv files), a month's JSON file
    /// (e.g. data/2025-12.json), or a folder of JSON files.
    #[arg(required = true, value_name = "DATA")]
    pub data: Vec<PathBuf>,
    #[command(flatten)]
    pub month: MonthArgs,
    #[command(flatten)]
    pub lang: LangArgs,
    /// Where to write the PDF; `-` writes to standard output. Defaults to the data file's path
    /// with a .pdf extension (for a month of `figures.xlsx`, `figures-2025-12.pdf`). Only with
    /// a single month. For PNG, `{p}` in the path stands for the page number (otherwise `-1`,
    /// `-2` are added before the extension).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub export: ExportArgs,
    #[command(flatten)]
    pub layouts: LayoutArgs,
    /// Write where the time went (reading the data, evaluating and laying out each layout
    /// file, writing the PDF) as a Chrome trace, to open in https://ui.perfetto.dev.
    #[arg(long, value_name = "PATH")]
    pub timings: Option<PathBuf>,
    /// Make warnings errors: nothing is written for a month with a warning (for scheduled or
    /// scripted runs, where nobody reads the warnings).
    #[arg(long)]
    pub strict: bool,
}

/// What `render` and `watch` write: the format, the pages and the PDF standard.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write: a PDF, one PNG image per page, or the key-figures card for an email as
    /// a PNG image. Without it, what the --output path ends with (.png or .pdf), else a PDF.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Resolution of PNG images (and of the card), in pixels per inch: 144 unless given.
    #[arg(long, value_name = "PPI")]
    pub ppi: Option<f32>,
    /// Pages to write: 1, 2 or 1-2 (all by default).
    #[arg(long, value_name = "PAGES")]
    pub pages: Option<String>,
    /// The PDF standard to conform to.
    #[arg(long, value_enum, default_value_t = Standard::default(), value_name = "STANDARD")]
    pub pdf_standard: Standard,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The month's data file (e.g. data/2025-12.json), or a workbook (.xlsx, .ods, or a
    /// folder of .csv files).
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
    /// The month of a workbook to render, `2025-12`. Without it, the newest month (the last
    /// with any figure), found again after each change.
    #[arg(long = "month", value_name = "YYYY-MM")]
    pub month: Option<String>,
    #[command(flatten)]
    pub lang: LangArgs,
    /// Where to write the PDF. Defaults to the data file's path with a .pdf extension.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub export: ExportArgs,
    #[command(flatten)]
    pub layouts: LayoutArgs,
}

impl From<WatchArgs> for RenderArgs {
    /// `watch` renders as `render` does, one month at a time and without a trace.
    fn from(w: WatchArgs) -> RenderArgs {
        RenderArgs {
            data: vec![w.data],
            month: MonthArgs { months: w.month.into_iter().collect() },
            lang: w.lang,
            output: w.output,
            export: w.export,
            layouts: w.layouts,
            timings: None,
            strict: false,
        }
    }
}

/// Output formats of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The two pages as a PDF.
    Pdf,
    /// One PNG image per page.
    Png,
    /// The email briefing's key-figures card: one PNG image drawn for a 640-pixel email body,
    /// at twice its pixel density with the default --ppi (144).
    Card,
}

#[derive(Debug, Args)]
pub struct EmailArgs {
    /// The month's data file (e.g. data/2025-12.json), or a workbook (.xlsx, .ods, or a
    /// folder of .csv files).
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
    /// The month of a workbook to send, `2025-12`. Without it, the workbook's newest month
    /// (the last with any figure).
    #[arg(long = "month", value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// The language of the briefing and of its factsheet (the data file's own when absent).
    #[arg(long = "lang", value_name = "LANG")]
    pub lang: Option<String>,
    /// Where to write the message (`-` for standard output). Defaults to the data file's path
    /// with an .eml extension (for a month of `figures.xlsx`, `figures-2025-12.eml`).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Who the draft is to: `jane@example.org` or `Jane Doe <jane@example.org>`; several
    /// separated by commas, or the flag repeated.
    #[arg(long, value_name = "ADDRESS")]
    pub to: Vec<String>,
    /// Who receives a copy, written as for --to.
    #[arg(long, value_name = "ADDRESS")]
    pub cc: Vec<String>,
    /// Who the draft is from (without it, the mail program fills it in when it sends).
    #[arg(long, value_name = "ADDRESS")]
    pub from: Option<String>,
    /// The PDF standard of the attached factsheet.
    #[arg(long, value_enum, default_value_t = Standard::default(), value_name = "STANDARD")]
    pub pdf_standard: Standard,
    #[command(flatten)]
    pub layouts: LayoutArgs,
    /// Make warnings errors: nothing is written for a month with a warning (for scheduled or
    /// scripted runs, where nobody reads the warnings).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The data files or workbooks to check.
    #[arg(required = true, value_name = "DATA")]
    pub data: Vec<PathBuf>,
    #[command(flatten)]
    pub month: MonthArgs,
    #[command(flatten)]
    pub lang: LangArgs,
    /// Make warnings errors: nothing is written for a month with a warning (for scheduled or
    /// scripted runs, where nobody reads the warnings).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// The month's data file, or a workbook.
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
    #[command(flatten)]
    pub month: MonthArgs,
    /// The language to write the sentences in (the data file's own when absent).
    #[arg(long = "lang", value_name = "LANG")]
    pub lang: Option<String>,
    /// Where to write the prepared JSON; standard output when absent or `-`.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// A workbook (.xlsx, .ods, or a folder of .csv files), or a month's JSON file.
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
    #[command(flatten)]
    pub month: MonthArgs,
    /// Where to write: a `.json` file (a month of a workbook, `-` for standard output) or an
    /// `.xlsx` workbook. Defaults to `figures-2025-12.json` beside a workbook, and to the JSON
    /// file's path with an `.xlsx` extension.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

/// The time `SOURCE_DATE_EPOCH` fixes, in seconds since 1970, for reproducible results; `None`
/// when it is unset. An error (the message and its hint) when it is no date a PDF can carry.
pub fn source_date_epoch() -> Result<Option<i64>, (String, &'static str)> {
    let Ok(text) = std::env::var("SOURCE_DATE_EPOCH") else { return Ok(None) };
    let seconds: i64 = text.trim().parse().map_err(|_| {
        (format!("SOURCE_DATE_EPOCH={text} is not a number of seconds"), "set it to a Unix timestamp, or unset it")
    })?;
    // From 1970 to the end of 9999: the dates a PDF's metadata can carry.
    if !(0..=253_402_300_799).contains(&seconds) {
        return Err((
            format!("SOURCE_DATE_EPOCH={text} is not a date from 1970 to 9999"),
            "set it to a Unix timestamp (seconds since 1970-01-01), or unset it",
        ));
    }
    Ok(Some(seconds))
}

/// The date of a time in seconds since 1970.
pub fn date_parts(seconds: i64) -> crate::text::view::DateParts {
    let (year, month, day) = crate::text::format::date_from_unix(seconds);
    crate::text::view::DateParts { year, month, day }
}

/// The most months one command renders: ten years of a range is 120.
pub const MAX_MONTHS: usize = 1200;

/// The months `--month` names, in order, each once: `2025-12`, or `2025-01..2025-12`.
pub fn parse_months(specs: &[String]) -> Result<Vec<crate::input::model::YearMonth>, String> {
    use crate::input::model::YearMonth;
    let parse = |text: &str| {
        YearMonth::parse(text).ok_or_else(|| format!("--month {text}: expected a month written YYYY-MM, e.g. 2025-12"))
    };
    let mut months = Vec::new();
    for spec in specs {
        match spec.split_once("..") {
            Some((first, last)) => {
                let (first, last) = (parse(first)?, parse(last)?);
                if last < first {
                    return Err(format!("--month {spec}: the range ends before it starts"));
                }
                let range = first.through(last);
                if range.len() + months.len() > MAX_MONTHS {
                    return Err(format!("--month {spec}: more than {MAX_MONTHS} months"));
                }
                months.extend(range);
            }
            None => months.push(parse(spec)?),
        }
        // However they are given, ranges or single months repeated.
        if months.len() > MAX_MONTHS {
            return Err(format!("--month: more than {MAX_MONTHS} months named"));
        }
    }
    months.sort();
    months.dedup();
    Ok(months)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_ranges_are_read() {
        let months = |specs: &[&str]| {
            parse_months(&specs.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .map(|m| m.iter().map(ToString::to_string).collect::<Vec<_>>().join(" "))
        };
        assert_eq!(months(&["2025-12"]).unwrap(), "2025-12");
        assert_eq!(months(&["2025-11..2026-02"]).unwrap(), "2025-11 2025-12 2026-01 2026-02");
        assert_eq!(months(&["2025-03", "2025-01", "2025-03"]).unwrap(), "2025-01 2025-03");
        assert!(months(&["2025-12..2025-01"]).unwrap_err().contains("ends before"));
        assert!(months(&["2025-13"]).unwrap_err().contains("YYYY-MM"));
        assert!(months(&["1000-01..9999-12"]).unwrap_err().contains("more than"));
        // Found by a hostile tester: separate flags passed the cap.
        let many: Vec<String> = (0..1300).map(|i| format!("{:04}-01", 1900 + i % 100)).collect();
        assert!(parse_months(&many).unwrap_err().contains("more than 1200 months"));
    }
}
