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
        hand_written(text, offset).unwrap_or_else(|| "look for a missing comma, quote or bracket at or just before this place".to_owned())
    };
    let mut problem = Problem::error(FieldPath::root(), format!("the file is not valid JSON: {message}"), hint);
    problem.offset = Some(offset);
    problem
}

/// What to write instead, when the JSON parser stopped at a mistake of hand-written JSON: a
/// thousands separator in a number, two commas, curly or single quotes, a comment, a comma
/// after the last item.
fn hand_written(text: &str, offset: usize) -> Option<String> {
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
    // `2,195`: the parser read `2` as the value and stopped at `195`, taken for a key.
    if here.is_ascii_digit() && previous == Some(',') {
        let head: String = before.trim_end().trim_end_matches(',').chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
        let tail: String = after.chars().take_while(|c| c.is_ascii_digit() || *c == ',').filter(char::is_ascii_digit).collect();
        if !head.is_empty() {
            return Some(format!("numbers take no thousands separator: write {head}{tail}"));
        }
    }
    None
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
                    let at = text.get(value.clone()).zip(p.within).and_then(|(raw, i)| crate::input::locate::char_range(raw, i));
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

    let mut out = NoColor::new(Vec::new());
    for (range, problem) in &placed {
        let (file, range) = Excerpt::around(&name, text, range.clone());
        let severity = match problem.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let field = if problem.path.0.is_empty() { String::new() } else { format!("{}: ", problem.path) };
        let diagnostic = Diagnostic::new(severity)
            .with_message(bounded(&format!("{field}{}", problem.message)))
            .with_labels(vec![Label::primary((), range)])
            .with_notes(vec![bounded(&format!("hint: {}", problem.hint))]);
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
        let cut_end = text[place_end..line_end].char_indices().nth(CONTEXT_CHARS).map_or(line_end, |(i, _)| place_end + i);
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
        let problem = Problem::error(FieldPath::root().key(&name), format!("found an unknown field `{name}`"), "remove it");
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
