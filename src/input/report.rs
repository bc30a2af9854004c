//! Problems in a data file, shown the way compilers show errors: severity and message, the
//! file with line and column, the source line with the field underlined, and the fix.

use std::path::Path;

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::NoColor};

use crate::input::locate::{FieldPath, Spans};
use crate::input::validate::{Problem, Severity};

/// A JSON syntax error at a byte offset of `text`; [`render`] points at it. The hint names the
/// mistakes people make writing JSON by hand, when the text shows one.
pub fn syntax_problem(message: String, text: &str, offset: usize) -> Problem {
    let hint = if message.contains("escape") || message.contains("surrogate") || message.contains("unicode") {
        "a \\u escape is four hexadecimal digits, and a character beyond U+FFFF two of them (a surrogate pair); write the character itself instead".to_owned()
    } else {
        hand_written(text, offset)
            .unwrap_or_else(|| "look for a missing comma, quote or bracket at or just before this place".to_owned())
    };
    // A comma after the last item is pointed at, not the bracket the parser stopped at.
    let offset = match text.get(..offset) {
        Some(before) if hint.starts_with("a comma after the last item") => before.trim_end().len().saturating_sub(1),
        _ => offset,
    };
    let mut problem = Problem::error(FieldPath::root(), format!("the file is not valid JSON: {message}"), hint);
    problem.offset = Some(offset);
    problem
}

/// What to write instead, when the JSON parser stopped at a mistake of hand-written JSON: a
/// thousands separator in a number, two commas, curly or single quotes, a comment, a comma
/// after the last item.
fn hand_written(text: &str, offset: usize) -> Option<String> {
    if text.trim().is_empty() {
        return Some("the file is empty: copy last month's file and update it, or start from data/2025-12.json".into());
    }
    let offset = offset.min(text.len());
    let (before, after) = (text.get(..offset)?, text.get(offset..)?);
    let here = after.chars().next()?;
    let previous = before.trim_end().chars().next_back();
    if matches!(here, '“' | '”' | '„' | '‘' | '’') || before.ends_with(['“', '”']) {
        return Some("curly quotes are not JSON quotes: write straight double quotes, \"…\" (a word processor or an editor's smart quotes put them there)".into());
    }
    if here == '\'' {
        return Some("JSON strings take double quotes: write \"…\", not '…'".into());
    }
    if after.starts_with("//") || after.starts_with("/*") || before.trim_end().ends_with("//") {
        return Some("JSON has no comments: delete the comment".into());
    }
    if here == ',' && previous == Some(',') {
        return Some("two commas in a row: delete one".into());
    }
    if matches!(here, '}' | ']') && previous == Some(',') {
        return Some("a comma after the last item: delete it".into());
    }
    // `2,195`: the parser read `2` as the value and stopped at `195`, taken for a key. Only
    // a real thousands separator: one to three digits, then groups of exactly three.
    if here.is_ascii_digit() && before.ends_with(',') {
        let head_text = &before[..before.len() - 1];
        let head: String =
            head_text.chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
        let sign = head_text[..head_text.len() - head.len()].chars().next_back();
        let (mut tail, mut rest) = (String::new(), after);
        while rest.len() >= 3 && rest.as_bytes()[..3].iter().all(u8::is_ascii_digit) {
            tail.push_str(&rest[..3]);
            rest = &rest[3..];
            match rest.strip_prefix(',') {
                Some(more) if more.as_bytes().first().is_some_and(u8::is_ascii_digit) => rest = more,
                _ => break,
            }
        }
        let ends = !rest.starts_with(|c: char| c.is_ascii_digit() || c == '.');
        if (1..=3).contains(&head.len()) && !tail.is_empty() && ends && !matches!(sign, Some('-' | '.' | '+')) {
            return Some(format!("numbers take no thousands separator: write {head}{tail}"));
        }
    }
    // `2 289`, with a space (or a no-break space) between the digits.
    if here.is_ascii_digit()
        && before.ends_with([' ', '\u{a0}', '\u{202f}'])
        && before.trim_end_matches([' ', '\u{a0}', '\u{202f}']).ends_with(|c: char| c.is_ascii_digit())
    {
        return Some("numbers take no spaces: write the digits together, such as 2289".into());
    }
    let word: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '-').collect();
    match word.as_str() {
        "True" | "TRUE" | "False" | "FALSE" => return Some("JSON writes true and false in lower case".into()),
        "NaN" | "Infinity" | "None" | "null_" => {
            return Some("a count is a whole number: write the figure, or 0 if none were counted".into());
        }
        w if w.starts_with('+') => return Some("a number takes no plus sign: write the digits alone".into()),
        _ => {}
    }
    // `02289`: the parser read `0` as the number and stopped at the next digit.
    if here.is_ascii_digit()
        && before.ends_with('0')
        && !before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit() || c == '.')
    {
        return Some("a number takes no leading zero: write the digits from the first that is not 0".into());
    }
    None
}

/// `text` with every control, bidirectional or invisible formatting character replaced by as
/// many `?` as it has bytes: safe to print, with the same offsets.
fn shown_source(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars().map(|c| if unsafe_char(c) { "?".repeat(c.len_utf8()) } else { c.to_string() }).collect(),
    )
}

/// The most problems shown: the first ones in the file, followed by how many more there are.
/// A file can hold a hundred thousand mistakes; nobody reads past the first screens.
pub const MAX_SHOWN: usize = 50;

/// The most characters of a source line shown either side of what a problem points at: a
/// file written on one line (minified) would otherwise print the whole file for each problem.
const CONTEXT_CHARS: usize = 60;

/// Renders problems as plain text, errors and warnings in the order they stand in the file,
/// at most [`MAX_SHOWN`] of them, followed by a count.
pub fn render(path: &Path, text: &str, problems: &[Problem]) -> String {
    let spans = Spans::of(text);
    let name = path.display().to_string();
    let config = term::Config { tab_width: 2, ..Default::default() };

    let mut placed: Vec<(std::ops::Range<usize>, &Problem)> = problems
        .iter()
        .map(|p| {
            let range = match p.offset {
                Some(offset) => offset..offset,
                None if p.within.is_some() => {
                    let value = spans.value(&p.path).unwrap_or_else(|| spans.nearest(&p.path));
                    let at = text
                        .get(value.clone())
                        .zip(p.within)
                        .and_then(|(raw, i)| crate::input::locate::char_range(raw, i));
                    at.map_or(value.clone(), |r| value.start + r.start..value.start + r.end)
                }
                None if p.at_key => spans.key_or_value(&p.path).unwrap_or_else(|| spans.nearest(&p.path)),
                None => {
                    // A value over several lines (an object, a list) is pointed at by its key.
                    let existing = spans.existing(&p.path);
                    let value = spans.value(&existing).unwrap_or(0..0);
                    match text.get(value.clone()) {
                        Some(v) if v.contains('\n') => spans.key_or_value(&existing).unwrap_or(value),
                        _ => value,
                    }
                }
            };
            (range, p)
        })
        .collect();
    placed.sort_by_key(|(range, p)| (range.start, p.severity));
    let hidden = placed.len().saturating_sub(MAX_SHOWN);
    placed.truncate(MAX_SHOWN);

    // The file's lines as shown: a control character would act on the terminal (clear it,
    // move the cursor), so each is shown as `?`, one per byte, which keeps every offset.
    let shown = shown_source(text);
    let mut out = NoColor::new(Vec::new());
    for (range, problem) in &placed {
        let (file, range) = Excerpt::around(&name, &shown, range.clone());
        let severity = match problem.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let field = if problem.path.0.is_empty() { String::new() } else { format!("{}: ", problem.path) };
        let diagnostic = Diagnostic::new(severity)
            .with_message(bounded(&shown_source(&format!("{field}{}", problem.message))))
            .with_labels(vec![Label::primary((), range)])
            .with_notes(vec![bounded(&shown_source(&format!("hint: {}", problem.hint)))]);
        if term::emit(&mut out, &config, &file, &diagnostic).is_err() {
            let _ = std::io::Write::write_fmt(&mut out, format_args!("error: {field}{}\n", problem.message));
        }
    }
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let warnings = problems.len() - errors;
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    let mut report = String::from_utf8_lossy(&out.into_inner()).into_owned();
    if hidden > 0 {
        report.push_str(&format!("… and {hidden} more problems, not shown: correct these first\n"));
    }
    report.push_str(&format!("{name}: {}, {}\n", plural(errors, "error"), plural(warnings, "warning")));
    report
}

/// Renders a workbook's problems, one per line with its place and hint, in sheet and cell
/// order, at most [`MAX_SHOWN`] of them, followed by a count. `name` names what was read in
/// the count: the workbook, or the workbook and a month.
pub fn render_cells(
    path: &Path,
    kind: crate::input::table::Kind,
    name: &str,
    problems: &[crate::input::workbook::CellProblem],
) -> String {
    let mut sorted: Vec<&crate::input::workbook::CellProblem> = problems.iter().collect();
    sorted.sort_by_key(|p| p.severity);
    let mut out = String::new();
    for problem in sorted.iter().take(MAX_SHOWN) {
        let word = match problem.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "{word}: {}: {}\n  = hint: {}\n",
            problem.place.show(path, kind),
            bounded(&problem.message),
            bounded(&problem.hint)
        ));
    }
    if problems.len() > MAX_SHOWN {
        out.push_str(&format!("… and {} more problems, not shown: correct these first\n", problems.len() - MAX_SHOWN));
    }
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    out.push_str(&format!("{name}: {}, {}\n", plural(errors, "error"), plural(problems.len() - errors, "warning")));
    out
}

/// The most characters of a message or hint: they quote names from the file, which may be
/// as long as the file.
const MAX_MESSAGE_CHARS: usize = 400;

/// A message cut to [`MAX_MESSAGE_CHARS`], with `…` where it was cut.
fn bounded(text: &str) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The part of a source line a problem points at, with its real line and column: the whole
/// line when it is short, else [`CONTEXT_CHARS`] either side of the place, cut at `…`.
struct Excerpt<'a> {
    name: &'a str,
    /// The text shown, on one line.
    text: String,
    /// The 1-based line of the file the excerpt is from.
    line: usize,
    /// The 1-based column in the file of the excerpt's first character.
    column: usize,
    /// Where the excerpt's own characters start in it (after a leading `…`).
    lead: usize,
}

impl<'a> Excerpt<'a> {
    /// The excerpt around a byte range of `text`, and the range within the excerpt.
    fn around(name: &'a str, text: &str, range: Range<usize>) -> (Excerpt<'a>, Range<usize>) {
        let start = floor_char(text, range.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = floor_char(text, range.end.clamp(start, line_end));
        let (line, _) = crate::input::locate::line_column(text, start);
        // Characters kept either side of the place, and of the place itself.
        let before: Vec<(usize, char)> = text[line_start..start].char_indices().collect();
        let from = before.len().saturating_sub(CONTEXT_CHARS);
        let cut_start = before.get(from).map_or(start, |&(i, _)| line_start + i);
        let place_end = text[start..end].char_indices().nth(2 * CONTEXT_CHARS).map_or(end, |(i, _)| start + i);
        let cut_end =
            text[place_end..line_end].char_indices().nth(CONTEXT_CHARS).map_or(line_end, |(i, _)| place_end + i);
        let mut shown = String::new();
        if cut_start > line_start {
            shown.push('…');
        }
        let lead = shown.len();
        shown.push_str(&text[cut_start..cut_end]);
        if cut_end < line_end {
            shown.push('…');
        }
        let column = text[line_start..cut_start].chars().count() + 1;
        let local = (start - cut_start + lead)..(place_end - cut_start + lead);
        (Excerpt { name, text: shown, line, column, lead }, local)
    }
}

/// The largest character boundary at or before `i`.
fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _line_index: usize) -> Result<usize, FilesError> {
        Ok(self.line)
    }

    fn column_number(&'a self, (): (), _line_index: usize, byte_index: usize) -> Result<usize, FilesError> {
        let byte_index = floor_char(&self.text, byte_index.clamp(self.lead, self.text.len()));
        Ok(self.column + self.text[self.lead..byte_index].chars().count())
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        match line_index {
            0 => Ok(0..self.text.len()),
            _ => Err(FilesError::LineTooLarge { given: line_index, max: 0 }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_written_json_gets_the_fix() {
        let hint = |text: &str| {
            let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
            let offset =
                text.lines().take(e.line() - 1).map(|l| l.len() + 1).sum::<usize>() + e.column().saturating_sub(1);
            hand_written(text, offset)
        };
        assert_eq!(hint("{\"a\": 2,195}").as_deref(), Some("numbers take no thousands separator: write 2195"));
        assert_eq!(
            hint("{\"a\": 1,234,567, \"b\": 1}").as_deref(),
            Some("numbers take no thousands separator: write 1234567")
        );
        for not_thousands in [
            "{\"a\": 1,2,3}",
            "{\"a\": 2,28}",
            "{\"a\": -2,289}",
            "{\"a\": 2,289.5}",
            "{\"a\": 2.289,00}",
            "{\"a\": 168,\n 1128}",
        ] {
            assert!(!hint(not_thousands).unwrap_or_default().contains("thousands"), "{not_thousands}");
        }
        assert_eq!(
            hint("{\"a\": 2 289}").as_deref(),
            Some("numbers take no spaces: write the digits together, such as 2289")
        );
        assert_eq!(hint("{\"a\": False}").as_deref(), Some("JSON writes true and false in lower case"));
        assert_eq!(hint("{\"a\": +5}").as_deref(), Some("a number takes no plus sign: write the digits alone"));
        assert!(hint("{\"a\": 02289}").unwrap().contains("leading zero"));
        assert!(hint("   ").unwrap().starts_with("the file is empty"));
        assert!(hint("{\"a\": 1,,\"b\": 2}").unwrap().starts_with("two commas"));
        assert!(hint("{\u{201c}a\u{201d}: 1}").unwrap().starts_with("curly quotes"));
        assert!(hint("{'a': 1}").unwrap().starts_with("JSON strings take double quotes"));
        assert!(hint("{\"a\": 1 // x\n}").unwrap().starts_with("JSON has no comments"));
        assert!(hint("{\"a\": [1, 2,]}").unwrap().starts_with("a comma after the last item"));
    }

    #[test]
    fn control_characters_are_shown_as_question_marks() {
        assert_eq!(shown_source("a\u{1b}[2Jb\nc"), "a?[2Jb\nc");
        assert_eq!(shown_source("x\u{202e}y").len(), "x\u{202e}y".len());
    }

    use crate::input::locate::FieldPath;

    #[test]
    fn a_long_line_is_shown_around_the_place_with_its_real_column() {
        let text = format!("{{\"a\": \"{}\", \"b\": -1, \"c\": \"{}\"}}", "x".repeat(500), "y".repeat(500));
        let problem = Problem::error(FieldPath::parse("b"), "found -1", "write 0 or more");
        let report = render(Path::new("min.json"), &text, &[problem]);
        assert!(report.contains("min.json:1:516"), "{report}");
        assert!(report.lines().all(|l| l.chars().count() < 3 * CONTEXT_CHARS), "{report}");
        assert!(report.contains("…") && report.contains("\"b\": -1"), "{report}");
    }

    #[test]
    fn a_message_quoting_a_huge_name_is_cut() {
        let name = "k".repeat(100_000);
        let problem =
            Problem::error(FieldPath::root().key(&name), format!("found an unknown field `{name}`"), "remove it");
        let report = render(Path::new("long.json"), &format!("{{\"{name}\": 1}}"), &[problem]);
        assert!(report.len() < 4 * 1024, "{}", report.len());
        assert!(report.lines().all(|l| l.chars().count() <= MAX_MESSAGE_CHARS + 20), "{report}");
    }

    #[test]
    fn the_number_of_problems_shown_is_bounded() {
        let text = format!("[{}]", vec!["-1"; 1000].join(","));
        let problems: Vec<Problem> =
            (0..1000).map(|i| Problem::error(FieldPath::root().index(i), "found -1", "write 0 or more")).collect();
        let report = render(Path::new("many.json"), &text, &problems);
        assert_eq!(report.matches("error: ").count(), MAX_SHOWN, "{report}");
        assert!(report.contains("… and 950 more problems, not shown"), "{report}");
        assert!(report.ends_with("many.json: 1000 errors, 0 warnings\n"), "{report}");
        assert!(report.len() < 50 * 1024, "{}", report.len());
    }
}
