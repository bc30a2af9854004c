//! Reading a month's data file, in stages that each report every problem they find: the bytes
//! (size, UTF-8), the JSON syntax, the shape (fields and types, against the schema), and the
//! figures (ranges and agreement, in [`validate`](crate::input::validate)).

use std::fmt;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::input::locate::FieldPath;
use crate::input::model::{Factsheet, Logo, YearMonth};
use crate::input::month::Origins;
use crate::input::report;
use crate::input::table::{self, Kind};
use crate::input::validate::{self, Problem, Severity};
use crate::input::workbook::{CellProblem, Figures};
use crate::text::catalogue::{self, CatalogueError, Override, Wording};

/// A data file larger than this is refused before it is parsed: a month's figures fit in a few
/// kilobytes, so anything near this size is the wrong file.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A month that passed every check, with the warnings it raised.
#[derive(Debug)]
pub struct Loaded {
    pub sheet: Factsheet,
    /// Where the month came from, for reporting what later stages find at its lines or cells.
    pub source: Source,
    /// Warnings, formatted with file, line and snippet (or cell); empty when there are none.
    pub warnings: String,
    pub warning_count: usize,
}

/// What a month was read from.
#[derive(Debug)]
pub enum Source {
    /// A month's JSON file: its text.
    Json(String),
    /// A month of a workbook: the figures and the cells each field came from.
    Workbook { figures: Arc<Figures>, month: YearMonth, origins: Origins },
}

/// Why a data file cannot be used. Its message names the file, and for problems in the text
/// each field with its line and column.
#[derive(Debug)]
pub enum DataError {
    /// The file could not be read as text: missing, unreadable, a folder, too large, not UTF-8.
    Read { path: PathBuf, message: String, hint: String },
    /// The text has problems: bad JSON, wrong fields or types, or figures that cannot be right.
    /// `report` shows every error (and warning) with its line, column and source line.
    Problems { path: PathBuf, errors: usize, report: String },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            DataError::Read { path, message, hint } => {
                write!(f, "error: {}: {message}\n  = hint: {hint}", path.display())
            }
            DataError::Problems { report, .. } => f.write_str(report.trim_end()),
        }
    }
}

impl std::error::Error for DataError {}

impl Loaded {
    /// Problems found in this file after it loaded (while drawing or laying it out), reported
    /// like its checks' problems: each at its field's line, with the count.
    pub fn report(&self, path: &Path, problems: &[Problem]) -> String {
        match &self.source {
            Source::Json(text) => report::render(path, text, problems),
            Source::Workbook { figures, month, origins } => {
                let located = origins.locate_all(problems, figures.kind);
                report::render_cells(path, figures.kind, &month_name(path, *month), &located)
            }
        }
    }
}

/// Reads and checks a data file.
pub fn load(path: &Path) -> Result<Loaded, DataError> {
    let read_error =
        |message: String, hint: &str| DataError::Read { path: path.to_owned(), message, hint: hint.to_owned() };
    let bytes = read_limited(path, MAX_FILE_BYTES).map_err(|e| match e {
        FileError::Folder => {
            read_error("is a folder, not a data file".into(), "name a month's JSON file, e.g. data/2025-12.json")
        }
        FileError::NotAFile(what) => read_error(
            format!("is {what}, not a file"),
            "name a month's JSON file; to render what a program writes, save it to a file first",
        ),
        FileError::TooLarge => read_error(
            format!("is more than {MAX_FILE_BYTES} bytes; a month's data file is at most that"),
            "check that this is a month's data file",
        ),
        FileError::Io(e) => read_error(format!("cannot read it: {e}"), "check the file's name, folder and permissions"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) =
            crate::input::locate::line_column(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to());
        read_error(format!("is not UTF-8 text (line {line}, column {column})"), "save the file with the UTF-8 encoding")
    })?;
    parse(path, &text)
}

/// Why a file's bytes could not be read.
#[derive(Debug)]
pub enum FileError {
    Folder,
    NotAFile(&'static str),
    TooLarge,
    Io(std::io::Error),
}

impl FileError {
    /// What went wrong, as a message after the file's name; `limit` is the size it exceeded.
    pub fn describe(&self, limit: u64) -> String {
        match self {
            FileError::Folder => "is a folder, not a file".into(),
            FileError::NotAFile(what) => format!("is {what}, not a file"),
            FileError::TooLarge => format!("is more than {limit} bytes, far more than an operation's figures take"),
            FileError::Io(e) => format!("cannot be read: {e}"),
        }
    }
}

/// The bytes of a data file, read as [`load`] reads them (a regular file, bounded), for
/// `watch` to notice changes.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    read_limited(path, MAX_FILE_BYTES).map_err(|e| match e {
        FileError::Io(e) => e,
        _ => std::io::Error::other("not a data file"),
    })
}

/// Reads a regular file of at most `limit` bytes. The file is opened without waiting (a
/// FIFO with no writer would wait for ever) and checked once open, so that what is read is
/// what was checked; the read itself is bounded, whatever the file claims its size is.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(FileError::Io)?;
    let kind = file.metadata().map_err(FileError::Io)?.file_type();
    if kind.is_dir() {
        return Err(FileError::Folder);
    }
    if !kind.is_file() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return Err(FileError::NotAFile("a pipe (FIFO)"));
            }
            if kind.is_socket() {
                return Err(FileError::NotAFile("a socket"));
            }
        }
        return Err(FileError::NotAFile("a device"));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(FileError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(FileError::TooLarge);
    }
    Ok(bytes)
}

/// Checks a data file's text; `path` names it in messages. Pure: no file is read. A UTF-8
/// byte-order mark, which some editors write, is skipped.
pub fn parse(path: &Path, text: &str) -> Result<Loaded, DataError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let fail = |problems: Vec<Problem>| {
        let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
        DataError::Problems { path: path.to_owned(), errors, report: report::render(path, text, &problems) }
    };
    // Stage 1: JSON syntax. Nothing else can be checked in text that is not JSON.
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        let message = strip_position(&e.to_string());
        let offset = offset_of(text, e.line(), e.column());
        fail(vec![report::syntax_problem(message, text, offset)])
    })?;
    // The JSON Schema named as a month (as `data/*.json` does when it sits there): one error
    // that says what the file is, not a dozen about the fields a month has.
    if is_json_schema(&value) {
        let mut problem = Problem::error(
            FieldPath::root(),
            "this is a JSON Schema (the description of the data file, for editors), not a month's data",
            "name the month's data files, such as data/2025-12.json; a folder of them passes the schema over",
        );
        problem.offset = Some(0);
        return Err(fail(vec![problem]));
    }
    // A key written twice: the parser kept one of the values without a word.
    let duplicates: Vec<Problem> = crate::input::locate::Spans::duplicate_keys(text)
        .into_iter()
        .map(|(path, first)| {
            let key = path.last_key().unwrap_or_default().to_owned();
            let (line, _) = crate::input::locate::line_column(text, first);
            let mut problem = Problem::error(
                path,
                format!("found `{key}` a second time in the same object; it is first written on line {line}"),
                "keep one of the two: a JSON reader would silently take the last",
            );
            problem.at_key = true;
            problem
        })
        .collect();
    if !duplicates.is_empty() {
        return Err(fail(duplicates));
    }
    whole_numbers(&mut value);
    // A file written for an earlier version keeps rendering: the geometry it names is gone.
    let retired = value
        .get_mut("map")
        .and_then(serde_json::Value::as_object_mut)
        .filter(|map| {
            map.get("geometry")
                .and_then(serde_json::Value::as_str)
                .is_some_and(crate::input::model::is_retired_geometry)
        })
        .and_then(|map| map.remove("geometry"))
        .is_some();
    // Stage 2: the shape, every field at once.
    let shape = crate::input::schema::check(&value);
    if !shape.is_empty() {
        return Err(fail(shape));
    }
    // Typed from here; the schema check above leaves nothing for serde to refuse, but a
    // disagreement between the two is still reported rather than unwrapped.
    let sheet: Factsheet = serde_path_to_error::deserialize(&value).map_err(|e| {
        let path = FieldPath::parse(&e.path().to_string());
        fail(vec![Problem::error(path, e.into_inner().to_string(), "correct the field's value")])
    })?;
    // Stage 3: the figures.
    let mut problems = validate::check(&sheet);
    problems.extend(named_month(path, &sheet));
    if !problems.iter().any(|p| p.severity == Severity::Error) {
        let plausible = crate::input::plausible::json(&sheet);
        let plausible: Vec<Problem> = plausible
            .into_iter()
            .filter(|w| !problems.iter().any(|p| p.severity == Severity::Warning && p.path == w.path))
            .collect();
        problems.extend(plausible);
    }
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(fail(problems));
    }
    let mut warnings = if retired {
        format!("note: {}: {}\n", path.display(), crate::input::model::retired_geometry_note("map.geometry"))
    } else {
        String::new()
    };
    if !problems.is_empty() {
        warnings.push_str(&report::render(path, text, &problems));
    }
    Ok(Loaded { sheet, source: Source::Json(text.to_owned()), warning_count: problems.len(), warnings })
}

/// A warning when the file's name names another month than the one it holds (`2026-02.json`
/// holding January: a file copied for the new month and not yet updated, or misnamed).
fn named_month(path: &Path, sheet: &Factsheet) -> Option<Problem> {
    let stem = path.file_stem()?.to_str()?;
    // The last `YYYY-MM` in the name: `2026-02`, `figures-2026-02`, `wb-2026-02-final`.
    let bytes = stem.as_bytes();
    let named = (0..bytes.len().saturating_sub(6))
        .rev()
        .filter(|&i| i == 0 || !bytes[i - 1].is_ascii_digit())
        .filter(|&i| bytes.get(i + 7).is_none_or(|b| !b.is_ascii_digit()))
        .find_map(|i| YearMonth::parse(stem.get(i..i + 7)?))?;
    let held = YearMonth { year: sheet.edition.year, month: sheet.edition.month };
    (named != held).then(|| {
        let field = if named.year != held.year && named.month == held.month { "edition.year" } else { "edition.month" };
        Problem::warning(
            FieldPath::parse(field),
            format!("the file is named for {named}, but holds {held} (edition.year and edition.month)"),
            format!("if this is {named}'s factsheet, update edition.year, edition.month and the figures; otherwise rename the file"),
        )
    })
}

/// Whether a parsed JSON file is a JSON Schema (the data file's own, say) rather than a month.
pub fn is_json_schema(value: &serde_json::Value) -> bool {
    value.get("edition").is_none()
        && value.get("$schema").and_then(serde_json::Value::as_str).is_some_and(|s| s.contains("json-schema.org"))
}

/// How a month of a workbook is named in messages: `figures.xlsx (2025-12)`.
pub fn month_name(path: &Path, month: YearMonth) -> String {
    format!("{} ({month})", path.display())
}

/// Reads a workbook's figures (an `.xlsx` or `.ods` file, or a folder of `.csv` files), every
/// sheet and cell, keeping the problems found in them for [`load_month`] to report with the
/// month's own. An error only when the file cannot be read as a workbook at all.
pub fn read_workbook(path: &Path, kind: Kind) -> Result<Arc<Figures>, DataError> {
    let workbook = table::read(path, kind).map_err(|e| DataError::Read {
        path: path.to_owned(),
        message: e.message,
        hint: e.hint,
    })?;
    Ok(Arc::new(crate::input::workbook::read(&workbook)))
}

/// Reads a workbook's figures as [`read_workbook`] does, refusing one with any problem in its
/// sheets (for `convert`, which writes every month).
pub fn open_workbook(path: &Path, kind: Kind) -> Result<Arc<Figures>, DataError> {
    let figures = read_workbook(path, kind)?;
    if !figures.problems.is_empty() {
        let name = path.display().to_string();
        return Err(DataError::Problems {
            path: path.to_owned(),
            errors: figures.problems.len(),
            report: report::render_cells(path, kind, &name, &figures.problems),
        });
    }
    Ok(figures)
}

/// Computes one month from a workbook's figures and checks it as a JSON month is checked. Every
/// problem is reported at once: the workbook's cells (a text where a figure belongs, in any
/// month), every cell the month lacks, the checks between its figures that no such cell
/// decides, and the plausibility of its figures against the workbook's history. A workbook
/// whose sheets cannot be read as tables reports only that.
pub fn load_month(path: &Path, figures: &Arc<Figures>, month: YearMonth) -> Result<Loaded, DataError> {
    load_month_reported(path, figures, month, None)
}

/// [`load_month`] for a run of several months of one workbook: for all but the first,
/// `reported_with` names the month whose report shows the problems of the workbook's sheets,
/// and this month's report shows only its own, then says where the others are.
pub fn load_month_reported(
    path: &Path,
    figures: &Arc<Figures>,
    month: YearMonth,
    reported_with: Option<&str>,
) -> Result<Loaded, DataError> {
    let name = month_name(path, month);
    // A problem in a row of a month this one does not use (the next month's, being typed) is
    // not this month's: from January of last year, which the chart and the change compare
    // with, to the month.
    let used = |p: &&CellProblem| p.month.is_none_or(|m| month.january().year_before() <= m && m <= month);
    let sheets: Vec<CellProblem> = figures.problems.iter().filter(used).cloned().collect();
    // With another month's report showing the sheets' problems, this one shows those of the
    // rows it uses (which belong to the months, not to the sheets) and counts the rest.
    let (mut problems, elsewhere) = match reported_with {
        None => (sheets, 0),
        Some(_) => {
            let (rows, rest): (Vec<CellProblem>, Vec<CellProblem>) =
                sheets.into_iter().partition(|p| p.month.is_some());
            (rows, rest.iter().filter(|p| p.severity == Severity::Error).count())
        }
    };
    let fail = |problems: Vec<CellProblem>| {
        let errors = problems.iter().filter(|p| p.severity == Severity::Error).count() + elsewhere;
        let mut report = report::render_cells(path, figures.kind, &name, &problems);
        if let Some(first) = reported_with.filter(|_| elsewhere > 0) {
            let plural = if elsewhere == 1 { "error" } else { "errors" };
            report.push_str(&format!(
                "error: {name}: not rendered: the workbook's sheets have {elsewhere} {plural}, reported with {first}\n"
            ));
        }
        DataError::Problems { path: path.to_owned(), errors, report }
    };
    if !figures.unread.is_empty() {
        return Err(fail(problems));
    }
    let computed = crate::input::month::compute(figures, month);
    problems.extend(computed.problems);
    let Some(sheet) = computed.sheet else { return Err(fail(problems)) };
    let origins = computed.origins;
    problems.extend(crate::input::month::check(figures, &sheet, &origins, &computed.unknown));
    // A cell already warned of (a month far above the series' median) is not warned of twice.
    let plausible = crate::input::plausible::workbook(figures, month, &sheet, &computed.unknown);
    let plausible: Vec<CellProblem> = plausible
        .into_iter()
        .filter(|w| !problems.iter().any(|p| p.severity == Severity::Warning && p.place == w.place))
        .collect();
    problems.extend(plausible);
    if elsewhere > 0 || problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(fail(problems));
    }
    let mut warnings: String = computed
        .notes
        .iter()
        .map(|(place, note)| format!("note: {}: {note}\n", place.show(path, figures.kind)))
        .collect();
    if !problems.is_empty() {
        warnings.push_str(&report::render_cells(path, figures.kind, &name, &problems));
    }
    Ok(Loaded {
        sheet,
        warning_count: problems.len(),
        warnings,
        source: Source::Workbook { figures: Arc::clone(figures), month, origins },
    })
}

/// Numbers written with a zero fraction (`731.0`, as spreadsheets export whole numbers) read
/// as the whole numbers they are; `731.5` stays a fraction, for the shape check to refuse.
fn whole_numbers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 9.0e15) {
                *n = serde_json::Number::from(f as u64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// serde_json appends " at line L column C" to its messages; the report shows the position.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// The byte offset of a 1-based line and column as serde_json counts them (column in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column.saturating_sub(1)).min(text.len())
}

/// Where an operation's own files (its catalogues, its logo) sit: beside the data file, or in
/// the folder of a workbook of CSV files. Empty for a data file named without a folder.
pub fn own_folder(data: &Path) -> &Path {
    if data.is_dir() { data } else { data.parent().unwrap_or(Path::new("")) }
}

/// The wording of language `tag` for a month: the tag, and the operation's own catalogue for
/// that language when `edition.catalogue` names one, read from beside the data file (or the
/// workbook).
pub fn wording(sheet: &Factsheet, data: &Path, tag: &str) -> Result<Wording, CatalogueError> {
    let error = |file: Option<String>, message: String, hint: &str| CatalogueError {
        file,
        line: None,
        message,
        hint: hint.to_owned(),
    };
    let tag = catalogue::parse_tag(tag).ok_or_else(|| {
        error(None, format!("`{tag}` is not a language tag"), "write the language as its code, such as en or fr")
    })?;
    let mut overrides = Vec::new();
    if let Some(files) = &sheet.edition.catalogue {
        if !files.has(&tag, sheet.lang()) {
            // The built-in wording is another operation's: better no PDF than its words.
            return Err(error(
                None,
                format!(
                    "edition.catalogue gives the operation's catalogue in {} only, not in `{tag}`, the language being rendered",
                    files.languages(sheet.lang()).join(", ")
                ),
                &format!("give one for each language, as {{\"{}\": \"…\", \"{tag}\": \"….{tag}.ftl\"}}", sheet.lang()),
            ));
        }
        let path = own_folder(data).join(files.get(&tag));
        let name = path.display().to_string();
        let limit = catalogue::MAX_CATALOGUE_BYTES;
        let bytes = read_limited(&path, limit).map_err(|e| {
            error(
                Some(name.clone()),
                format!("the operation's catalogue (edition.catalogue, for `{tag}`) {}", e.describe(limit)),
                "name a Fluent .ftl file, its path relative to the folder of the data file",
            )
        })?;
        let source = String::from_utf8(bytes).map_err(|_| {
            error(Some(name.clone()), "is not UTF-8 text".into(), "save the catalogue with the UTF-8 encoding")
        })?;
        let source = source.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(source);
        // Checked where the language is built from it (catalogue::Language::new).
        overrides.push(Override { name, source, path: Some(path.clone()) });
    }
    Ok(Wording { tag, overrides, logo: logo(sheet, data)? })
}

/// The organisation's logo that `edition.logo` names: an SVG or PNG file inside the folder of
/// the data file (or of a workbook's CSV files), read through that folder's handle, so that
/// neither `..` nor a link leads out of it.
pub fn logo(sheet: &Factsheet, data: &Path) -> Result<Option<Logo>, CatalogueError> {
    use crate::typeset::layouts::{Refused, read_inside};
    let Some(relative) = &sheet.edition.logo else { return Ok(None) };
    let parent = own_folder(data);
    let name = parent.join(relative).display().to_string();
    let folder = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
    let error = |message: String, hint: &str| CatalogueError {
        file: Some(name.clone()),
        line: None,
        message,
        hint: hint.to_owned(),
    };
    let within = "name an SVG or PNG file by its path from the data file's folder, inside that folder, e.g. logo.svg";
    let lower = relative.to_ascii_lowercase();
    let path = if lower.ends_with(".svg") {
        Logo::SVG
    } else if lower.ends_with(".png") {
        Logo::PNG
    } else {
        return Err(error("the logo (edition.logo) is neither an .svg nor a .png file".into(), within));
    };
    let dir = cap_std::fs::Dir::open_ambient_dir(folder, cap_std::ambient_authority())
        .map_err(|e| error(format!("cannot open the data file's folder for the logo: {e}"), within))?;
    let bytes = read_inside(&dir, relative, Logo::MAX_BYTES).map_err(|e| {
        let why = match e {
            Refused::Outside => "is outside the data file's folder".to_owned(),
            Refused::Folder => "is a folder".to_owned(),
            Refused::NotAFile => "is not a regular file".to_owned(),
            Refused::TooLarge => format!("is larger than {} bytes, far more than a logo takes", Logo::MAX_BYTES),
            Refused::Io(e) => format!("cannot be read: {e}"),
        };
        error(format!("the logo (edition.logo) {why}"), within)
    })?;
    // A picture Typst cannot draw is said here, with the file's name, rather than as an
    // error in the layouts.
    let readable = if path == Logo::SVG {
        // Typst's error shows its message only in its debug form: `failed to parse SVG (…)`.
        typst::visualize::SvgImage::new(typst::foundations::Bytes::new(bytes.clone()))
            .map_err(|e| {
                let debug = format!("{e:?}");
                debug
                    .split_once("message: \"")
                    .and_then(|(_, m)| m.split_once('"'))
                    .map_or(debug.clone(), |(m, _)| m.to_owned())
            })
            .map(|svg| crate::input::logo::check_svg(&bytes, svg.tree()))
    } else {
        image::ImageReader::with_format(std::io::Cursor::new(&bytes), image::ImageFormat::Png)
            .into_dimensions()
            .map(|_| Ok(()))
            .map_err(|e| e.to_string())
    };
    let held = readable.map_err(|e| {
        error(
            format!("the logo (edition.logo) is not a picture that can be drawn: {e}"),
            "save the logo as an SVG or PNG file",
        )
    })?;
    // What an SVG holds that would take minutes or gigabytes to draw, or that the fonts
    // cannot draw.
    held.map_err(|refusal| error(refusal.message, &refusal.hint))?;
    // A PNG is decoded whole to be embedded: a small file can declare billions of pixels.
    if path == Logo::PNG
        && let Ok((width, height)) =
            image::ImageReader::with_format(std::io::Cursor::new(&bytes), image::ImageFormat::Png).into_dimensions()
        && width.max(height) > Logo::MAX_PIXELS
    {
        return Err(error(
            format!("the logo (edition.logo) is {width} × {height} pixels, far more than the header shows"),
            &format!("save the logo at most {} pixels wide and high, or as an SVG file", Logo::MAX_PIXELS),
        ));
    }
    Ok(Some(Logo { path, bytes, file: folder.join(relative) }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_position_is_stripped_from_messages() {
        assert_eq!(strip_position("EOF while parsing a value at line 3 column 5"), "EOF while parsing a value");
        assert_eq!(strip_position("no position"), "no position");
    }

    #[test]
    fn offsets_of_lines_and_columns() {
        assert_eq!(offset_of("ab\ncd", 2, 2), 4);
        assert_eq!(offset_of("ab\ncd", 1, 1), 0);
        assert_eq!(offset_of("ab", 9, 9), 2);
    }

    /// Found by fuzzing: malformed JSON such as `[}` hung the error report.
    #[test]
    fn malformed_json_is_reported_not_hung() {
        for text in ["[}", "{\"edition\": [}", "{\"a\":"] {
            let error = parse(Path::new("x.json"), text).unwrap_err().to_string();
            assert!(error.contains("not valid JSON"), "{error}");
        }
    }

    #[test]
    fn whole_numbers_may_be_written_with_a_zero_fraction() {
        let text = include_str!("../../data/2025-12.json").replace("\"uasc\": 134", "\"uasc\": 134.0");
        assert_eq!(parse(Path::new("d.json"), &text).unwrap().sheet.present.uasc, Some(134));
        let text = include_str!("../../data/2025-12.json").replace("\"uasc\": 134", "\"uasc\": 134.5");
        assert!(
            parse(Path::new("d.json"), &text).unwrap_err().to_string().contains("found 134.5, expected a whole number")
        );
    }

    #[test]
    fn a_key_written_twice_names_both_lines() {
        let text = include_str!("../../data/2025-12.json").replacen(
            "\"year\": 2025,",
            "\"year\": 2025,\n    \"year\": 2026,",
            1,
        );
        let error = parse(Path::new("d.json"), &text).unwrap_err().to_string();
        assert!(
            error.contains("found `year` a second time in the same object; it is first written on line 19"),
            "{error}"
        );
        assert!(error.contains("d.json:20:5"), "{error}");
    }

    #[test]
    fn the_sample_loads_without_warnings() {
        let loaded = parse(Path::new("data/2025-12.json"), include_str!("../../data/2025-12.json")).unwrap();
        assert_eq!(loaded.warnings, "");
        assert_eq!(loaded.sheet.edition.month, 12);
    }
}
