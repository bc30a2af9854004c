//! The sheets of a workbook as tables of typed cells with their addresses, read from `.xlsx`
//! and `.ods` files (calamine) or from a folder of `.csv` files (the csv crate), and bounded:
//! a hostile file cannot make the reader allocate for cells it does not hold.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::input::model::Date;

/// A workbook file larger than this is refused before it is opened: ten years of a region's
/// figures take a few hundred kilobytes.
pub const MAX_WORKBOOK_BYTES: u64 = 32 * 1024 * 1024;
/// The most non-empty cells read from one workbook: far more than a century of figures, and
/// a bound on the memory a crafted file can make the reader use.
pub const MAX_CELLS: usize = 1_000_000;
/// The most cells read from an `.xlsx` file, empty ones included (a file may declare millions
/// of empty cells, each to be parsed).
pub const MAX_READ_CELLS: usize = 4_000_000;
/// The most bytes of one `.csv` file: a century of a region's figures takes a few megabytes.
pub const MAX_CSV_BYTES: u64 = 8 * 1024 * 1024;

/// What a workbook was read from; it decides how locations are written in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Ods,
    /// A folder of `.csv` files, one per sheet, whose cells are all text.
    Csv,
}

impl Kind {
    /// The kind of workbook a path names, by its extension, or a folder holding `months.csv`.
    pub fn of(path: &Path) -> Option<Kind> {
        if path.is_dir() {
            // Any `months.csv` makes the folder a workbook, a FIFO or a link too: reading it
            // then says what it is.
            let months = path.join("months.csv");
            return (months.exists() || months.is_symlink()).then_some(Kind::Csv);
        }
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "xlsx" | "xlsm" => Some(Kind::Xlsx),
            "ods" => Some(Kind::Ods),
            _ => None,
        }
    }
}

/// One cell's value as the spreadsheet stored it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Number(f64),
    /// Text; in a CSV file every cell is text, and numbers and dates are read from it.
    Text(String),
    Bool(bool),
    Date(Date),
    /// A number in a cell formatted as a percentage: `0.49` shown as `49%`.
    Percent(f64),
    /// A formula's saved result that cannot be trusted (see [`crate::input::formula`]), or a
    /// cell the file writes twice: why, and how to mend it.
    Untrusted {
        message: String,
        hint: String,
    },
    /// A cell holding an error such as `#REF!` or `#DIV/0!`, or a value the reader cannot use.
    Error(String),
}

impl Value {
    /// What the cell holds, as a message quotes it: `"1,234" (text)`, `731.5`, `TRUE`.
    pub fn describe(&self) -> String {
        match self {
            Value::Empty => "an empty cell".into(),
            Value::Number(n) => format_number(*n),
            Value::Text(text) => {
                let shown: String = text.chars().take(40).collect();
                let cut = if text.chars().count() > 40 { "…" } else { "" };
                format!("\"{}{cut}\" (text)", printable(&shown))
            }
            Value::Bool(b) => {
                if *b {
                    "TRUE".into()
                } else {
                    "FALSE".into()
                }
            }
            Value::Date(d) => format!("the date {:04}-{:02}-{:02}", d.year, d.month, d.day),
            Value::Percent(n) => format!("{}%, a percentage cell", format_number((n * 100.0 * 1e6).round() / 1e6)),
            Value::Untrusted { message, .. } => message.strip_prefix("found ").unwrap_or(message).to_owned(),
            Value::Error(e) => format!("the error {e}"),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(text) => text.trim().is_empty(),
            _ => false,
        }
    }
}

/// A number as a person would write it: whole numbers without `.0`.
fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else if n.is_finite() && (n.abs() >= 1e15 || (n != 0.0 && n.abs() < 1e-6)) {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

/// A cell's address, `D14`: the column's letters and the 1-based row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Address {
    /// 1-based row, as the spreadsheet numbers it.
    pub row: u32,
    /// 0-based column.
    pub column: u32,
}

impl Address {
    /// Reads an address as a formula or the sheet's XML writes it (`C4`, `$C$4`), within the
    /// largest sheet spreadsheets allow.
    pub fn parse(word: &str) -> Option<Address> {
        let word = word.replace('$', "");
        let letters: String = word.chars().take_while(char::is_ascii_alphabetic).collect();
        let digits = &word[letters.len()..];
        if letters.is_empty() || letters.len() > 3 || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let column = letters.to_ascii_uppercase().bytes().fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1)) - 1;
        let row: u32 = digits.parse().ok().filter(|r| *r >= 1)?;
        (column < 16_384 && row <= 1_048_576).then_some(Address { row, column })
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{}{}", column_letters(self.column), self.row)
    }
}

/// `A` for column 0, `Z` for 25, `AA` for 26, as spreadsheets name columns.
pub fn column_letters(column: u32) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// One non-empty cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub at: Address,
    pub value: Value,
}

/// One sheet: its name as the workbook spells it and its non-empty cells, in row order.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub cells: Vec<Cell>,
    /// The formulas of its cells (of an `.xlsx` file), as the file writes them, without `=`.
    pub formulas: std::collections::BTreeMap<Address, String>,
}

impl Sheet {
    /// The cells by row, each row's cells in column order; empty rows are absent.
    pub fn rows(&self) -> Vec<(u32, Vec<&Cell>)> {
        let mut rows: Vec<(u32, Vec<&Cell>)> = Vec::new();
        for cell in &self.cells {
            match rows.last_mut() {
                Some((row, cells)) if *row == cell.at.row => cells.push(cell),
                _ => rows.push((cell.at.row, vec![cell])),
            }
        }
        rows
    }
}

/// A workbook's sheets, in the order the workbook holds them.
#[derive(Debug, Clone)]
pub struct Workbook {
    pub path: PathBuf,
    pub kind: Kind,
    pub sheets: Vec<Sheet>,
}

/// Why a workbook could not be read at all: nothing in it can be checked.
#[derive(Debug)]
pub struct ReadError {
    pub message: String,
    pub hint: String,
}

impl ReadError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> ReadError {
        ReadError { message: message.into(), hint: hint.into() }
    }
}

/// Reads every sheet of a workbook of the given kind.
pub fn read(path: &Path, kind: Kind) -> Result<Workbook, ReadError> {
    match kind {
        Kind::Xlsx | Kind::Ods => {
            let bytes = crate::input::load::read_limited(path, MAX_WORKBOOK_BYTES).map_err(|e| {
                ReadError::new(e.describe(MAX_WORKBOOK_BYTES), "name the workbook that holds the operation's figures")
            })?;
            from_bytes(path, kind, bytes)
        }
        Kind::Csv => Ok(Workbook { path: path.to_owned(), kind, sheets: read_csv_folder(path)? }),
    }
}

/// Reads an `.xlsx` or `.ods` workbook already in memory; `path` names it in messages.
pub fn from_bytes(path: &Path, kind: Kind, bytes: Vec<u8>) -> Result<Workbook, ReadError> {
    check_zip(&bytes)?;
    let percentages = if kind == Kind::Ods { check_ods(&bytes)? } else { Vec::new() };
    // The readers parse what a crafted file declares; one that trips over it (a row number
    // past 2³², say) is a file that cannot be read, not a crash.
    let read = quietly(|| match kind {
        Kind::Xlsx => read_xlsx(bytes),
        Kind::Ods => read_ods(bytes, &percentages),
        Kind::Csv => Err(ReadError::new("is a folder of CSV files, read from the folder", "name the folder")),
    });
    let sheets = read.unwrap_or_else(|_| {
        Err(ReadError::new(
            "cannot be read: it holds a cell address or size no spreadsheet program writes",
            "open it in a spreadsheet program and save it again",
        ))
    })?;
    Ok(Workbook { path: path.to_owned(), kind, sheets })
}

/// The most a workbook's parts may hold once decompressed: ten years of figures take a few
/// megabytes; a small file that declares gigabytes is a zip bomb.
pub const MAX_UNZIPPED_BYTES: u64 = 256 * 1024 * 1024;

/// The most one sheet's XML, the shared strings or an `.ods` file's content may take once
/// decompressed: thousands of times what ten years of figures take.
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;

/// Checks the sizes a workbook's zip archive declares before anything is decompressed (the
/// zip crate, which calamine reads with, refuses parts larger than they declare).
fn check_zip(bytes: &[u8]) -> Result<(), ReadError> {
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok(()); // Not a zip: the reader says so, in its own words.
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        if let Ok(part) = archive.by_index_raw(i) {
            total = total.saturating_add(part.size());
            // The parts the cells are read from, each bounded on its own: ten years of a
            // region's figures take about 30 KB of sheet XML.
            let name = part.name().unwrap_or_default().to_ascii_lowercase();
            let cells = name.starts_with("xl/worksheets/") || name == "xl/sharedstrings.xml" || name == "content.xml";
            if cells && part.size() > MAX_PART_BYTES {
                return Err(ReadError::new(
                    format!(
                        "holds a part of {} MiB ({}), more than the {} MiB that a sheet of figures may take",
                        part.size() / (1024 * 1024),
                        printable(&name),
                        MAX_PART_BYTES / (1024 * 1024)
                    ),
                    "check that this is the workbook of figures: ten years of a region's figures take a few dozen kilobytes",
                ));
            }
        }
    }
    if total > MAX_UNZIPPED_BYTES {
        return Err(ReadError::new(
            format!(
                "unpacks to {} MiB, more than the {} MiB a workbook of figures may",
                total / (1024 * 1024),
                MAX_UNZIPPED_BYTES / (1024 * 1024)
            ),
            "check that this is the workbook of figures; delete what does not belong in it (pictures, other sheets)",
        ));
    }
    Ok(())
}

thread_local! {
    /// Set while a reader runs under [`quietly`]: its panic is reported as an error instead.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a reader, turning a panic into an error without printing it. Other threads' panics
/// are printed as before.
fn quietly<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(f);
    QUIET.with(|q| q.set(false));
    result
}

/// The most characters a cell may hold: the longest text of the factsheet is 1,200.
pub const MAX_CELL_CHARS: usize = 10_000;

fn too_long(sheet: &str, at: Address, length: usize) -> ReadError {
    ReadError::new(
        format!(
            "sheet {}, cell {at}: holds {length} characters; no text of the factsheet has more than 1,200",
            printable(sheet)
        ),
        "check the cell: it probably holds something pasted by mistake",
    )
}

/// A name or text from the file as a message may print it: control characters (which could
/// move the terminal's cursor) and invisible ones written as `\u{…}`.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().take(200) {
        if crate::input::validate::unprintable(c, false).is_some() {
            out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    if text.chars().count() > 200 {
        out.push('…');
    }
    out
}

fn not_a_workbook(kind: &str, error: impl fmt::Display) -> ReadError {
    ReadError::new(
        format!("cannot be read as {kind}: {error}"),
        "open it in a spreadsheet program and save it again, or check that it is the right file",
    )
}

fn too_many_cells() -> ReadError {
    ReadError::new(
        format!("holds more than {MAX_CELLS} cells; an operation's figures take a few thousand"),
        "check that this is the workbook of figures, and delete what does not belong in it",
    )
}

/// Reads an `.xlsx` file cell by cell: the reader never lays out a grid, so a value typed in
/// cell XFD1048576 costs one cell, not seventeen billion. The sheet of nationalities, the
/// largest, is read on a second thread while this one reads the others: the render waits for
/// the figures, and parsing the XML is most of the time it takes to read them.
fn read_xlsx(bytes: Vec<u8>) -> Result<Vec<Sheet>, ReadError> {
    use calamine::{Reader, Xlsx};
    fn open(bytes: &[u8]) -> Result<Xlsx<std::io::Cursor<&[u8]>>, ReadError> {
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| not_a_workbook("an Excel workbook (.xlsx)", e))
    }
    let first = open(&bytes)?;
    let names = first.sheet_names();
    let (aside, here): (Vec<String>, Vec<String>) =
        names.iter().cloned().partition(|n| n.trim().eq_ignore_ascii_case("nationalities"));
    let counts = Counts::default();
    let (mut sheets, aside) = std::thread::scope(|scope| {
        let other = (!aside.is_empty()).then(|| {
            scope.spawn(|| {
                quietly(|| read_xlsx_sheets(open(&bytes)?, &aside, &counts)).unwrap_or_else(|_| {
                    Err(ReadError::new(
                        "cannot be read: it holds a cell address or size no spreadsheet program writes",
                        "open it in a spreadsheet program and save it again",
                    ))
                })
            })
        });
        let here = read_xlsx_sheets(first, &here, &counts);
        let aside = other.map_or(Ok(Vec::new()), |t| t.join().unwrap_or_else(|_| Ok(Vec::new())));
        (here, aside)
    });
    let mut all = sheets.as_mut().map(std::mem::take).unwrap_or_default();
    sheets?;
    all.extend(aside?);
    // In the workbook's order.
    all.sort_by_key(|s| names.iter().position(|n| *n == s.name));
    let (values, arrays) = irregular_cells(&bytes)?;
    for (sheet, at, value) in values {
        if let Some(sheet) = all.iter_mut().find(|s| s.name == sheet) {
            match sheet.cells.binary_search_by_key(&at, |c| c.at) {
                Ok(i) => sheet.cells[i].value = value,
                Err(i) => sheet.cells.insert(i, Cell { at, value }),
            }
        }
    }
    // The other cells of an array formula hold results no formula of theirs can check. Ranges
    // that overlap (which no spreadsheet program writes) are looked through at most
    // MAX_READ_CELLS cells in all.
    let mut looked = 0usize;
    for (name, first, last) in arrays.into_iter().filter(|(_, first, last)| first != last) {
        if let Some(sheet) = all.iter_mut().find(|s| s.name == name) {
            let rows = sheet.cells.partition_point(|c| c.at.row < first.row)
                ..sheet.cells.partition_point(|c| c.at.row <= last.row);
            looked = looked.saturating_add(rows.len());
            if looked > MAX_READ_CELLS {
                return Err(ReadError::new(
                    format!(
                        "sheet {}: holds array formulas over more cells than a workbook of figures may",
                        printable(&name)
                    ),
                    "type the figures themselves, or compute each with an ordinary formula in its own cell",
                ));
            }
            let columns = first.column..=last.column;
            let covered = |c: &&mut Cell| {
                columns.contains(&c.at.column) && c.at != first && !matches!(c.value, Value::Untrusted { .. })
            };
            for cell in sheet.cells[rows].iter_mut().filter(covered) {
                cell.value = Value::Untrusted {
                    message: format!("is part of the array formula written at {first}, whose results cannot be checked"),
                    hint: "type the figure itself, or compute it with an ordinary formula (not an array formula) in its own cell".into(),
                };
            }
        }
    }
    crate::input::formula::verify(&mut all, recalculates(&bytes));
    Ok(all)
}

/// The cells read so far, by every thread reading one workbook.
#[derive(Default)]
struct Counts {
    read: std::sync::atomic::AtomicUsize,
    kept: std::sync::atomic::AtomicUsize,
}

/// Reads the named sheets of an `.xlsx` workbook.
fn read_xlsx_sheets(
    mut workbook: calamine::Xlsx<std::io::Cursor<&[u8]>>,
    names: &[String],
    counts: &Counts,
) -> Result<Vec<Sheet>, ReadError> {
    use calamine::DataRef;
    use std::sync::atomic::Ordering::Relaxed;
    let mut sheets = Vec::new();
    for name in names {
        let in_sheet = |e: calamine::XlsxError| {
            not_a_workbook("an Excel workbook (.xlsx)", format!("sheet {}: {e}", printable(name)))
        };
        let mut reader = workbook.worksheet_cells_reader(name).map_err(in_sheet)?;
        // Which of the workbook's styles show numbers as percentages.
        let percent: Vec<bool> = reader
            .styles()
            .iter()
            .map(|style| style.number_format.as_ref().is_some_and(|f| percent_format(&f.format_code)))
            .collect();
        let mut cells = Vec::new();
        let mut formulas = std::collections::BTreeMap::new();
        // The last cell read, to say where in the sheet a cell the reader cannot read is.
        let mut last: Option<Address> = None;
        let after = |e: calamine::XlsxError, last: Option<Address>| match last {
            Some(at) => not_a_workbook(
                "an Excel workbook (.xlsx)",
                format!("sheet {}, the cell after {at}: {e}", printable(name)),
            ),
            None => {
                not_a_workbook("an Excel workbook (.xlsx)", format!("sheet {}, its first cell: {e}", printable(name)))
            }
        };
        while let Some(cell) = reader.next_cell_with_formula().map_err(|e| after(e, last))? {
            let (row, column) = cell.pos;
            let at = Address { row: row.saturating_add(1), column };
            last = Some(at);
            if let Some(formula) = cell.formula.filter(|f| !f.trim().is_empty()) {
                if formula.len() > MAX_CELL_CHARS {
                    return Err(too_long(name, at, formula.chars().count()));
                }
                formulas.insert(at, formula);
            }
            let value = match &cell.value {
                DataRef::SharedString(s) => Value::Text((*s).to_owned()),
                other => value(&calamine::Data::from(other.clone())),
            };
            // Empty cells count too: a file can declare millions of them.
            if counts.read.fetch_add(1, Relaxed) >= MAX_READ_CELLS {
                return Err(too_many_cells());
            }
            if value.is_empty() {
                continue;
            }
            if let Value::Text(text) = &value
                && text.len() > MAX_CELL_CHARS
            {
                return Err(too_long(name, at, text.chars().count()));
            }
            if counts.kept.fetch_add(1, Relaxed) >= MAX_CELLS {
                return Err(too_many_cells());
            }
            cells.push(Cell { at, value });
        }
        drop(reader);
        // Numbers in cells formatted as percentages, read in a second pass over the sheet (the
        // reader gives formulas or styles with each cell, not both), when the workbook has
        // such a format at all.
        if percent.contains(&true) {
            let mut styles = workbook.worksheet_cells_reader(name).map_err(in_sheet)?;
            let mut shown: std::collections::BTreeSet<Address> = std::collections::BTreeSet::new();
            while let Some((row, column, style)) = styles.next_style_id().map_err(in_sheet)? {
                if percent.get(style).copied().unwrap_or(false) {
                    shown.insert(Address { row: row.saturating_add(1), column });
                }
            }
            for cell in cells.iter_mut().filter(|c| shown.contains(&c.at)) {
                if let Value::Number(n) = cell.value {
                    cell.value = Value::Percent(n);
                }
            }
        }
        cells.sort_by_key(|c| c.at);
        written_twice(&mut cells);
        sheets.push(Sheet { name: name.clone(), cells, formulas });
    }
    Ok(sheets)
}

/// A cell the sheet's XML writes twice: spreadsheet programs show the last value, a careless
/// reader the first. Neither is taken: the cell says what it holds. `cells` is sorted by
/// address, each address's values in the order the file writes them.
fn written_twice(cells: &mut Vec<Cell>) {
    if !cells.windows(2).any(|pair| pair[0].at == pair[1].at) {
        return;
    }
    let mut out: Vec<Cell> = Vec::with_capacity(cells.len());
    for cell in cells.drain(..) {
        match out.last_mut() {
            Some(last) if last.at == cell.at => {
                if !matches!(last.value, Value::Untrusted { .. }) {
                    let (first, second) = (last.value.describe(), cell.value.describe());
                    last.value = Value::Untrusted {
                        message: format!("found the cell written twice in the file, as {first} and as {second}"),
                        hint: "open the workbook in Excel or LibreOffice and save it again, then check the cell".into(),
                    };
                }
            }
            _ => out.push(cell),
        }
    }
    *cells = out;
}

/// The values of an `.xlsx` file's cells that calamine would misread, read as XML means them:
/// a value written with character references (`<v>&#56;38</v>`, valid XML for 838), or split
/// by a comment, a CDATA section or a processing instruction (`<v>8<!-- -->38</v>`), which
/// calamine reads as a blank or as its first piece. And the formulas whose saved results no
/// formula of their own can check, each an untrusted value at its cell: a data table, a
/// shared formula with no master, two formulas in one cell, a formula in CDATA (which calamine
/// does not see), an array formula (returned as its range, every cell of which is untrusted).
/// Sheets with none of these (every file a spreadsheet program writes) are only searched.
type Irregular = (Vec<(String, Address, Value)>, Vec<(String, Address, Address)>);

fn irregular_cells(bytes: &[u8]) -> Result<Irregular, ReadError> {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let (mut found, mut arrays) = (Vec::new(), Vec::new());
    let parts: Vec<String> = archive
        .file_names()
        .flatten()
        .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
        .map(|n| n.into_owned())
        .collect();
    for part in parts {
        let mut xml = Vec::new();
        let read = archive.by_name(&part).map(|file| file.take(MAX_PART_BYTES).read_to_end(&mut xml));
        if !matches!(read, Ok(Ok(_))) {
            continue; // The reader says what is wrong, in its own words.
        }
        if !may_hold_irregular(&xml) {
            continue;
        }
        let sheet = sheet_of_part(&mut archive, &part).unwrap_or_else(|| part.clone());
        let (values, formulas) = irregular_in_sheet(&xml);
        for (at, why) in formulas {
            match (at, why) {
                (Some(at), FormulaForm::Array(last)) => arrays.push((sheet.clone(), at, last)),
                (Some(at), FormulaForm::Other(message)) => found.push((
                    sheet.clone(),
                    at,
                    Value::Untrusted { message, hint: "type the figure itself, or compute it with an ordinary formula in its own cell, and save the workbook in Excel or LibreOffice".into() },
                )),
                (None, _) => {
                    return Err(ReadError::new(
                        format!("sheet {}: writes a formula in a cell whose address is not given", printable(&sheet)),
                        "open the workbook in Excel or LibreOffice and save it again",
                    ));
                }
            }
        }
        for (at, kind, text) in values {
            let Some(at) = at else {
                return Err(ReadError::new(
                    format!(
                        "sheet {}: writes a value with a character reference (&#…;) in a cell whose address is not given",
                        printable(&sheet)
                    ),
                    "open the workbook in Excel or LibreOffice and save it again",
                ));
            };
            let value = match kind.as_deref() {
                None | Some("n") => match text.trim().parse::<f64>() {
                    Ok(n) if n.is_finite() => Value::Number(n),
                    _ if kind.is_none() => Value::Text(text),
                    _ => Value::Untrusted {
                        message: format!("found \"{}\" in a cell the file calls a number", printable(&text)),
                        hint: "open the workbook in Excel or LibreOffice, retype the figure and save it again".into(),
                    },
                },
                Some("str" | "inlineStr" | "d") => continue, // read whole by calamine
                Some(_) => Value::Untrusted {
                    message: "found a value written with a character reference (&#…;) where spreadsheet programs write plain digits".into(),
                    hint: "open the workbook in Excel or LibreOffice and save it again, then check the cell".into(),
                },
            };
            found.push((sheet.clone(), at, value));
        }
    }
    Ok((found, arrays))
}

/// Whether a sheet's XML may hold what [`irregular_cells`] looks for: a `<v>` value holding
/// a reference (`&`), a comment, CDATA or a processing instruction, or any formula. Searched
/// for in one pass over the markup, without parsing.
fn may_hold_irregular(xml: &[u8]) -> bool {
    // After the declaration, whose `<?xml` is no processing instruction of the sheet's.
    let body = xml.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap_or(xml);
    let body = match body.strip_prefix(b"<?xml".as_slice()) {
        Some(rest) => rest.iter().position(|&b| b == b'>').map_or(rest, |end| &rest[end + 1..]),
        None => body,
    };
    // One pass over the markup: whether the element last opened is a value.
    let mut in_value = false;
    let mut from = 0;
    while let Some(offset) = body[from..].iter().position(|&b| b == b'<' || b == b'&') {
        let at = from + offset;
        from = at + 1;
        if body[at] == b'&' {
            if in_value {
                return true;
            }
            continue;
        }
        let tag = &body[at + 1..];
        // A comment, CDATA, a processing instruction, or any formula (a cell may hold two,
        // which only the parse counts).
        if tag.starts_with(b"!") || tag.starts_with(b"?") || tag.starts_with(b"/f>") || tag.starts_with(b"f ") {
            return true;
        }
        let name =
            &tag[..tag.iter().position(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace()).unwrap_or(tag.len())];
        in_value = name.rsplit(|&b| b == b':').next() == Some(b"v".as_slice());
    }
    false
}

/// A formula whose saved result no formula of its own can check.
enum FormulaForm {
    /// An array formula, at its first cell, over the range that ends at this cell.
    Array(Address),
    /// Another kind, and what the message says of it.
    Other(String),
}

/// Each `<v>` value of a sheet's XML that holds a reference, a comment, CDATA or a processing
/// instruction: the cell's address (as written, or counted from the row's as spreadsheet
/// readers do), its type (`t`) and its text. And each formula of another form than an ordinary
/// one, at its cell (see [`FormulaForm`]).
type ValuesAndFormulas = (Vec<(Option<Address>, Option<String>, String)>, Vec<(Option<Address>, FormulaForm)>);

fn irregular_in_sheet(xml: &[u8]) -> ValuesAndFormulas {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let (mut row, mut column): (Option<u32>, Option<u32>) = (None, None);
    let mut cell: (Option<Address>, Option<String>) = (None, None);
    let mut value: Option<(String, bool)> = None; // its text, and whether it was irregular
    let (mut found, mut formulas) = (Vec::new(), Vec::new());
    // The cell's formulas so far, whether one is open (its text being read), and the shared
    // formulas' masters seen.
    let (mut in_cell, mut in_formula) = (0u32, false);
    let mut masters = std::collections::HashSet::new();
    // One form a cell: a cell's formulas come one after another.
    let formula_at = |at: Option<Address>, form: FormulaForm, formulas: &mut Vec<(Option<Address>, FormulaForm)>| {
        if formulas.last().is_none_or(|(a, _)| *a != at) {
            formulas.push((at, form));
        }
    };
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e)) if e.local_name().as_ref() == "row" => {
                row = attribute(&e, "r").and_then(|r| r.parse().ok()).or(row.map(|r| r.saturating_add(1))).or(Some(1));
                column = None;
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "c" => {
                let at = attribute(&e, "r")
                    .and_then(|r| Address::parse(&r))
                    .or_else(|| Some(Address { row: row?, column: column.map_or(0, |c| c.saturating_add(1)) }));
                column = at.map(|a| a.column);
                cell = (at, attribute(&e, "t"));
                (in_cell, in_formula) = (0, false);
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "f" => {
                // Closed by its end, or (an element <f/>) by the value or cell that follows.
                in_formula = true;
                in_cell += 1;
                if let Some(form) = formula_form(&e, cell.0, in_cell, &mut masters) {
                    formula_at(cell.0, form, &mut formulas);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "f" => in_formula = false,
            Ok(Event::CData(_)) if in_formula => {
                formula_at(
                    cell.0,
                    FormulaForm::Other("writes its formula as CDATA, which spreadsheet programs do not".into()),
                    &mut formulas,
                );
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "v" => {
                (value, in_formula) = (Some((String::new(), false)), false)
            }
            Ok(Event::Text(t)) => {
                if let Some((text, _)) = &mut value {
                    text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::CData(t)) => {
                if let Some((text, irregular)) = &mut value {
                    *irregular = true;
                    text.push_str(&t.into_inner());
                }
            }
            Ok(Event::Comment(_) | Event::PI(_)) => {
                if let Some((_, irregular)) = &mut value {
                    *irregular = true;
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some((text, irregular)) = &mut value {
                    *irregular = true;
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => text.push(c),
                        _ => match quick_xml::escape::resolve_xml_entity(r.as_ref()) {
                            Some(entity) => text.push_str(entity),
                            None => text.push('\u{FFFD}'),
                        },
                    }
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "v" => {
                if let Some((text, true)) = value.take() {
                    found.push((cell.0, cell.1.clone(), text));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    (found, formulas)
}

/// An element's attribute by its local name (`t` for `t` or `x:t`).
fn attribute(e: &quick_xml::events::BytesStart, key: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == key).map(|a| a.value.clone().into_owned())
}

/// The form of the `n`th formula element of the cell at `at`, when it is not an ordinary one;
/// `masters` gathers the shared formulas' indexes whose first cell has been seen.
fn formula_form(
    e: &quick_xml::events::BytesStart,
    at: Option<Address>,
    n: u32,
    masters: &mut std::collections::HashSet<String>,
) -> Option<FormulaForm> {
    let attribute = |key: &str| attribute(e, key);
    if n > 1 {
        return Some(FormulaForm::Other("holds two formulas, of which spreadsheet programs read one".into()));
    }
    match attribute("t").as_deref() {
        Some("array") => {
            attribute("ref").and_then(|r| r.split(':').nth(1).and_then(Address::parse)).or(at).map(FormulaForm::Array)
        }
        Some("dataTable") => {
            Some(FormulaForm::Other("holds a data table (What-If Analysis), whose results cannot be checked".into()))
        }
        Some("shared") => {
            let index = attribute("si");
            if attribute("ref").is_some() {
                masters.extend(index);
                None
            } else if index.as_ref().is_some_and(|i| masters.contains(i)) {
                None
            } else {
                Some(FormulaForm::Other(
                    "holds a copy of a shared formula whose first cell the file does not write".into(),
                ))
            }
        }
        _ => None,
    }
}

/// The name of the sheet an `.xlsx` part holds, from the workbook's list of sheets and its
/// relationships.
fn sheet_of_part(archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, part: &str) -> Option<String> {
    use quick_xml::events::Event;
    use std::io::Read;
    let mut read = |name: &str| {
        let mut xml = Vec::new();
        archive.by_name(name).ok()?.take(MAX_PART_BYTES).read_to_end(&mut xml).ok()?;
        Some(xml)
    };
    let (rels, workbook) = (read("xl/_rels/workbook.xml.rels")?, read("xl/workbook.xml")?);
    let target = part.strip_prefix("xl/")?;
    let mut id = None;
    let mut reader = quick_xml::Reader::from_reader(rels.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => break,
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let get = |key: &str| attribute(&e, key);
                if get("Target").is_some_and(|t| t.trim_start_matches('/').trim_start_matches("xl/") == target) {
                    id = get("Id");
                    break;
                }
            }
            _ => {}
        }
        buf.clear();
    }
    let id = id?;
    let mut reader = quick_xml::Reader::from_reader(workbook.as_slice());
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) | Err(_) => return None,
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                let attrs: Vec<_> = e.attributes().flatten().collect();
                if attrs.iter().any(|a| a.key.local_name().as_ref() == "id" && *a.value == *id) {
                    let name = attrs.iter().find(|a| a.key.as_ref() == "name")?;
                    return Some(name.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?.into_owned());
                }
            }
            _ => {}
        }
    }
}

/// Whether an `.xlsx` file asks the spreadsheet program to compute every formula when it opens
/// the file (`fullCalcOnLoad` in `xl/workbook.xml`): programs that cannot compute formulas
/// (Python's XlsxWriter) save 0 as their results and set it.
fn recalculates(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return false };
    let Ok(part) = archive.by_name("xl/workbook.xml") else { return false };
    let mut xml = Vec::new();
    if part.take(MAX_UNZIPPED_BYTES).read_to_end(&mut xml).is_err() {
        return false;
    }
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == "calcPr" =>
            {
                return e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.local_name().as_ref() == "fullCalcOnLoad" && matches!(&*a.value, "1" | "true"));
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return false,
            _ => {}
        }
        buf.clear();
    }
}

/// Whether an Excel number format shows a number as a percentage: a `%` that is not quoted
/// text or escaped (`0%`, `0.0%`; not `0" %"`).
fn percent_format(code: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for c in code.chars() {
        match (c, quoted, escaped) {
            (_, _, true) => escaped = false,
            ('"', ..) => quoted = !quoted,
            ('\\' | '_' | '*', false, _) => escaped = true,
            ('%', false, _) => return true,
            (';', false, _) => return false, // the format of positive numbers only
            _ => {}
        }
    }
    false
}

/// Checks an `.ods` file's content before calamine reads it: calamine expands what the XML
/// declares (a run of 2,000,000,000 spaces, `<text:s text:c="…"/>`; rows and columns repeated)
/// and lays each sheet out as a dense grid to its last value, so that a file of a few hundred
/// kilobytes can ask for gigabytes. Here a cell's text counts its spaces against
/// [`MAX_CELL_CHARS`] and a sheet's extent against [`MAX_READ_CELLS`], as they are declared.
fn check_ods(bytes: &[u8]) -> Result<Vec<(String, Address)>, ReadError> {
    use quick_xml::events::{BytesStart, Event};
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(Vec::new()) };
    let Ok(part) = archive.by_name("content.xml") else { return Ok(Vec::new()) };
    let mut xml = Vec::new();
    if part.take(MAX_PART_BYTES).read_to_end(&mut xml).is_err() {
        return Ok(Vec::new()); // The reader says what is wrong, in its own words.
    }
    // The cells typed as percentages (calamine reads 83800% as 838), to be read as such; a cell
    // repeated across columns is each of them (at most 64: a figure is not typed further).
    let mut percentages = Vec::new();
    let mut percentage = |e: &BytesStart, sheet: &str, at: Address, columns: u64| {
        if e.attributes().flatten().any(|a| a.key.as_ref() == "office:value-type" && &*a.value == "percentage") {
            for i in 0..columns.min(64) {
                let column = u32::try_from(u64::from(at.column).saturating_add(i)).unwrap_or(u32::MAX);
                percentages.push((sheet.to_owned(), Address { column, ..at }));
            }
        }
    };
    let repeated = |e: &BytesStart, key: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .and_then(|a| a.value.parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let has_value = |e: &BytesStart| e.attributes().flatten().any(|a| a.key.as_ref() == "office:value-type");
    let here = |row: u64, col: u64| Address {
        row: u32::try_from(row.saturating_add(1)).unwrap_or(u32::MAX),
        column: u32::try_from(col).unwrap_or(u32::MAX),
    };
    // A number calamine cannot parse fails the whole workbook in its words, naming no cell.
    let not_a_number = |e: &BytesStart, sheet: &str, at: Address| -> Result<(), ReadError> {
        let Some(value) = e.attributes().flatten().find(|a| a.key.as_ref() == "office:value") else { return Ok(()) };
        if value.value.parse::<f64>().is_ok() {
            return Ok(());
        }
        Err(ReadError::new(
            format!(
                "sheet {}, cell {at}: holds the number \"{}\", which is not written as a number",
                printable(sheet),
                printable(&value.value.chars().take(40).collect::<String>())
            ),
            "open the workbook in LibreOffice, retype the figure in that cell and save it again",
        ))
    };
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let (mut sheet, mut row, mut col, mut rows) = (String::new(), 0u64, 0u64, 1u64);
    let (mut extent_rows, mut extent_cols) = (0u64, 0u64);
    let mut cell: Option<(u64, bool, u64)> = None; // columns repeated, content, characters
    let mut buf = Vec::new();
    let too_large = |sheet: &str, rows: u64, cols: u64| {
        ReadError::new(
            format!(
                "sheet {}: declares {} rows by {} columns of cells, more than the {MAX_READ_CELLS} cells a workbook may hold",
                printable(sheet),
                rows,
                cols
            ),
            "check that this is the workbook of figures; delete what lies far from the figures (a value in a distant cell, repeated empty rows)",
        )
    };
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(Event::Eof) => break,
            // calamine lays out the grid before it finds the XML broken (a fuzzer's file took 660 MB).
            Err(e) => {
                let at = reader.buffer_position();
                return Err(not_a_workbook(
                    "an OpenDocument spreadsheet (.ods)",
                    format!("its content.xml is not well-formed XML at byte {at}: {e}"),
                ));
            }
            Ok(event) => event,
        };
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                sheet = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "table:name")
                    .map(|a| a.value.into_owned())
                    .unwrap_or_default();
                (row, extent_rows, extent_cols) = (0, 0, 0);
            }
            Event::Start(e) if e.name().as_ref() == "table:table-row" => {
                (rows, col) = (repeated(&e, "table:number-rows-repeated"), 0);
            }
            Event::Empty(e) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(repeated(&e, "table:number-rows-repeated"))
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => row = row.saturating_add(rows),
            Event::Start(e) if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") => {
                not_a_number(&e, &sheet, here(row, col))?;
                let columns = repeated(&e, "table:number-columns-repeated");
                percentage(&e, &sheet, here(row, col), columns);
                cell = Some((columns, has_value(&e), 0));
            }
            Event::Empty(e) if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") => {
                not_a_number(&e, &sheet, here(row, col))?;
                let columns = repeated(&e, "table:number-columns-repeated");
                percentage(&e, &sheet, here(row, col), columns);
                if has_value(&e) {
                    extent_rows = extent_rows.max(row.saturating_add(rows));
                    extent_cols = extent_cols.max(col.saturating_add(columns));
                }
                col = col.saturating_add(columns);
            }
            Event::Text(t) => {
                if let Some((_, content, chars)) = &mut cell {
                    *content = true;
                    *chars = chars.saturating_add(t.len() as u64);
                }
            }
            // Text the spreadsheet does not show, which calamine reads as the cell's: it would be
            // printed on the page unseen by whoever checked the sheet.
            Event::Start(e) | Event::Empty(e)
                if cell.is_some() && matches!(e.name().as_ref(), "text:hidden-text" | "text:hidden-paragraph") =>
            {
                let at = here(row, col);
                return Err(ReadError::new(
                    format!(
                        "sheet {}, cell {at}: holds hidden text, which the spreadsheet does not show but the page would print",
                        printable(&sheet)
                    ),
                    "open the cell in LibreOffice, delete its hidden text (Format, Character, Font Effects, Hidden), and save",
                ));
            }
            // Ruby (phonetic guide) text, which the cell's value leaves out and calamine reads in.
            Event::Start(e) | Event::Empty(e) if cell.is_some() && e.name().as_ref() == "text:ruby-text" => {
                let at = here(row, col);
                return Err(ReadError::new(
                    format!(
                        "sheet {}, cell {at}: holds ruby text (a phonetic guide), which is not part of the cell's value but the page would print",
                        printable(&sheet)
                    ),
                    "open the cell in LibreOffice, remove the ruby text (Format, Asian Phonetic Guide), and save",
                ));
            }
            Event::Empty(e) if e.name().as_ref() == "text:s" => {
                let count = e.attributes().flatten().find(|a| a.key.as_ref() == "text:c");
                if count.is_some_and(|c| c.value.parse::<u64>().is_err()) {
                    return Err(ReadError::new(
                        format!(
                            "sheet {}, cell {}: holds a run of spaces whose length is not a number",
                            printable(&sheet),
                            here(row, col)
                        ),
                        "open the workbook in LibreOffice, retype the cell and save it again",
                    ));
                }
                if let Some((_, content, chars)) = &mut cell {
                    *content = true;
                    *chars = chars.saturating_add(repeated(&e, "text:c"));
                }
            }
            Event::End(e) if matches!(e.name().as_ref(), "table:table-cell" | "table:covered-table-cell") => {
                if let Some((columns, content, chars)) = cell.take() {
                    let at = here(row, col);
                    if chars > MAX_CELL_CHARS as u64 {
                        return Err(too_long(&sheet, at, usize::try_from(chars).unwrap_or(usize::MAX)));
                    }
                    if content {
                        extent_rows = extent_rows.max(row.saturating_add(rows));
                        extent_cols = extent_cols.max(col.saturating_add(columns));
                    }
                    col = col.saturating_add(columns);
                }
            }
            _ => {}
        }
        if extent_rows.saturating_mul(extent_cols) > MAX_READ_CELLS as u64 {
            return Err(too_large(&sheet, extent_rows, extent_cols));
        }
        buf.clear();
    }
    Ok(percentages)
}

/// Reads an `.ods` file through calamine's grid, once [`check_ods`] has bounded what it will
/// lay out; the numbers of the cells at `percentages` are read as percentages.
fn read_ods(bytes: Vec<u8>, percentages: &[(String, Address)]) -> Result<Vec<Sheet>, ReadError> {
    use calamine::{Ods, Reader};
    let mut workbook: Ods<_> =
        Ods::new(std::io::Cursor::new(bytes)).map_err(|e| not_a_workbook("an OpenDocument spreadsheet (.ods)", e))?;
    let percentages: std::collections::HashSet<(&str, Address)> =
        percentages.iter().map(|(s, a)| (s.as_str(), *a)).collect();
    let mut sheets = Vec::new();
    let mut total = 0;
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|e| {
            not_a_workbook("an OpenDocument spreadsheet (.ods)", format!("sheet {}: {e}", printable(&name)))
        })?;
        let mut cells = Vec::new();
        for (row, column, data) in range.used_cells() {
            let (row0, column0) = range.start().unwrap_or((0, 0));
            let value = value(data);
            if value.is_empty() {
                continue;
            }
            total += 1;
            if total > MAX_CELLS {
                return Err(too_many_cells());
            }
            let at = Address {
                row: (row as u32).saturating_add(row0).saturating_add(1),
                column: (column as u32).saturating_add(column0),
            };
            if let Value::Text(text) = &value
                && text.len() > MAX_CELL_CHARS
            {
                return Err(too_long(&name, at, text.chars().count()));
            }
            let value = match value {
                Value::Number(n) if percentages.contains(&(name.as_str(), at)) => Value::Percent(n),
                other => other,
            };
            cells.push(Cell { at, value });
        }
        cells.sort_by_key(|c| c.at);
        sheets.push(Sheet { name, cells, formulas: Default::default() });
    }
    Ok(sheets)
}

/// A cell's value as calamine read it.
fn value(data: &calamine::Data) -> Value {
    use calamine::Data;
    match data {
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => excel_date(d),
        Data::DateTimeIso(s) => iso_date(s),
        Data::DurationIso(s) => Value::Error(format!("a duration {s}")),
        Data::Error(e) => Value::Error(e.to_string()),
        Data::Empty => Value::Empty,
    }
}

/// A date cell of an `.xlsx` file; a time of day, if any, is dropped. A serial number outside
/// the dates spreadsheets show (1900 to 9999) stays a number.
fn excel_date(value: &calamine::ExcelDateTime) -> Value {
    if value.is_duration() {
        return Value::Error("a duration".into());
    }
    if !(1.0..2_958_466.0).contains(&value.as_f64()) {
        return Value::Number(value.as_f64());
    }
    let (year, month, day, ..) = value.to_ymd_hms_milli();
    let year = i32::from(year);
    let valid = (1..=12).contains(&month) && day >= 1 && day <= crate::text::format::last_day(year, month);
    if valid { Value::Date(Date { year, month, day }) } else { Value::Number(value.as_f64()) }
}

/// A date cell of an `.ods` file, `2025-12-01` or `2025-12-01T00:00:00`.
fn iso_date(text: &str) -> Value {
    let day = text.split('T').next().unwrap_or(text);
    match Date::parse(day) {
        Some(date) => Value::Date(date),
        None => Value::Text(text.to_owned()),
    }
}

/// How long a folder of CSV files must have been left alone for its files to be read as one
/// workbook: a spreadsheet program or a script saving its sheets one after another leaves it
/// between two versions for a moment, and no reader can tell that moment from a workbook
/// saved whole.
const CSV_QUIET: std::time::Duration = std::time::Duration::from_secs(1);
/// How long to wait for it before refusing the folder.
const CSV_PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// Reads each `.csv` file of a folder as the sheet of its name, as one snapshot: read twice
/// with the same result, and no file saved in the last [`CSV_QUIET`], or read again (a month
/// must never mix the new estimate with an old country's figure); after [`CSV_PATIENCE`] of
/// changes the workbook is refused.
fn read_csv_folder(folder: &Path) -> Result<Vec<Sheet>, ReadError> {
    let start = std::time::Instant::now();
    loop {
        let first = read_csv_files(folder)?;
        let second = read_csv_files(folder)?;
        let settled = newest_csv(folder).is_none_or(|saved| saved.elapsed().map_or(true, |age| age >= CSV_QUIET));
        if first == second && settled {
            return Ok(second);
        }
        if start.elapsed() > CSV_PATIENCE {
            return Err(ReadError::new(
                "kept changing while it was read: its files are being saved",
                "wait until every sheet is saved, then run the command again",
            ));
        }
        std::thread::sleep(CSV_QUIET / 5);
    }
}

/// When a `.csv` file of the folder (or the folder's list of files) last changed, the newest
/// of them. On Unix that is the status-change time, which every write, rename and change of
/// times sets: a copy that keeps the files' modification times (`cp -p`, `rsync -t`, `tar`)
/// would otherwise look long settled while it is still writing.
fn newest_csv(folder: &Path) -> Option<std::time::SystemTime> {
    let changed = |m: std::fs::Metadata| -> Option<std::time::SystemTime> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let status = std::time::UNIX_EPOCH.checked_add(std::time::Duration::new(
                u64::try_from(m.ctime()).ok()?,
                u32::try_from(m.ctime_nsec()).ok()?,
            ));
            m.modified().ok().max(status)
        }
        #[cfg(not(unix))]
        {
            m.modified().ok()
        }
    };
    std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().and_then(|x| x.to_str()).is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        .filter_map(|e| std::fs::metadata(e.path()).ok().and_then(changed))
        .chain(std::fs::metadata(folder).ok().and_then(changed))
        .max()
}

/// Reads each `.csv` file of a folder as the sheet of its name. Files of other kinds (a
/// README, a lock file) are left alone.
fn read_csv_files(folder: &Path) -> Result<Vec<Sheet>, ReadError> {
    let entries = std::fs::read_dir(folder).map_err(|e| {
        ReadError::new(format!("cannot list the folder: {e}"), "check the folder's name and permissions")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().and_then(|x| x.to_str()).is_some_and(|x| x.eq_ignore_ascii_case("csv")))
        // Hidden files (`._months.csv`, which macOS writes beside a copy) are not sheets.
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    files.sort();
    let mut sheets = Vec::new();
    let mut total = 0;
    for file in files {
        let name = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let shown = file.file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        // A file that is not one of the sheets is not read: it is reported by its name alone.
        if !crate::input::workbook::SHEETS.iter().any(|s| s.eq_ignore_ascii_case(name.trim())) {
            sheets.push(Sheet { name, cells: Vec::new(), formulas: Default::default() });
            continue;
        }
        let bytes = crate::input::load::read_limited(&file, MAX_CSV_BYTES).map_err(|e| {
            ReadError::new(
                format!("{} {}", printable(&shown), e.describe(MAX_CSV_BYTES)),
                "each .csv file of the folder is a sheet of figures",
            )
        })?;
        let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
        let mut cells = Vec::new();
        for (index, record) in reader.records().enumerate() {
            let record = record.map_err(|e| match e.kind() {
                csv::ErrorKind::Utf8 { .. } => ReadError::new(
                    format!("{shown}, row {}: is not UTF-8 text", index + 1),
                    "save the file as CSV with the UTF-8 encoding",
                ),
                _ => ReadError::new(
                    format!("{shown}, row {}: cannot be read as CSV: {e}", index + 1),
                    "save the sheet again as CSV",
                ),
            })?;
            let row = u32::try_from(index + 1).unwrap_or(u32::MAX);
            for (column, text) in record.iter().enumerate() {
                if text.trim().is_empty() {
                    continue;
                }
                total += 1;
                if total > MAX_CELLS {
                    return Err(too_many_cells());
                }
                let column = u32::try_from(column).unwrap_or(u32::MAX);
                let at = Address { row, column };
                if text.len() > MAX_CELL_CHARS {
                    return Err(too_long(&name, at, text.chars().count()));
                }
                cells.push(Cell { at, value: Value::Text(text.to_owned()) });
            }
        }
        sheets.push(Sheet { name, cells, formulas: Default::default() });
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(16_383), "XFD");
        assert_eq!(Address { row: 14, column: 3 }.to_string(), "D14");
    }

    #[test]
    fn values_are_described_as_the_cell_shows_them() {
        assert_eq!(Value::Number(731.0).describe(), "731");
        assert_eq!(Value::Number(731.5).describe(), "731.5");
        assert_eq!(Value::Text("1,234".into()).describe(), "\"1,234\" (text)");
        assert_eq!(Value::Bool(true).describe(), "TRUE");
    }

    #[test]
    fn percentage_formats_are_told_from_others() {
        assert!(percent_format("0%"));
        assert!(percent_format("0.00%"));
        assert!(!percent_format("General"));
        assert!(!percent_format("0\" %\""));
        assert!(!percent_format("0\\%"));
        assert!(!percent_format("#,##0"));
        assert_eq!(Value::Percent(0.49).describe(), "49%, a percentage cell");
    }

    #[test]
    fn iso_dates_drop_the_time() {
        assert_eq!(iso_date("2025-12-01T00:00:00"), Value::Date(Date { year: 2025, month: 12, day: 1 }));
        assert_eq!(iso_date("yesterday"), Value::Text("yesterday".into()));
    }
}
