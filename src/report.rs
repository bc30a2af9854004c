//! Problems in a data file, shown the way compilers show errors: severity and message, the
//! file with line and column, the source line with the field underlined, and the fix.

use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::NoColor};

use crate::locate::{FieldPath, Spans};
use crate::validate::{Problem, Severity};

/// A JSON syntax error at a byte offset; [`render`] points at it.
pub fn syntax_problem(message: String, offset: usize) -> Problem {
    let mut problem = Problem::error(
        FieldPath::root(),
        format!("the file is not valid JSON: {message}"),
        "look for a missing comma, quote or bracket at or just before this place",
    );
    problem.offset = Some(offset);
    problem
}

/// Renders problems as plain text, errors and warnings in the order they stand in the file,
/// followed by a count.
pub fn render(path: &Path, text: &str, problems: &[Problem]) -> String {
    let spans = Spans::of(text);
    let name = path.display().to_string();
    let file = SimpleFile::new(name.as_str(), text);
    let config = term::Config { tab_width: 2, ..Default::default() };

    let mut placed: Vec<(std::ops::Range<usize>, &Problem)> = problems
        .iter()
        .map(|p| {
            let range = match p.offset {
                Some(offset) => offset..offset,
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

    let mut out = NoColor::new(Vec::new());
    for (range, problem) in &placed {
        let severity = match problem.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let field = if problem.path.0.is_empty() { String::new() } else { format!("{}: ", problem.path) };
        let diagnostic = Diagnostic::new(severity)
            .with_message(format!("{field}{}", problem.message))
            .with_labels(vec![Label::primary((), range.clone())])
            .with_notes(vec![format!("hint: {}", problem.hint)]);
        if term::emit(&mut out, &config, &file, &diagnostic).is_err() {
            let _ = std::io::Write::write_fmt(&mut out, format_args!("error: {field}{}\n", problem.message));
        }
    }
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let warnings = problems.len() - errors;
    let plural = |n: usize, word: &str| if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") };
    let mut report = String::from_utf8_lossy(&out.into_inner()).into_owned();
    report.push_str(&format!("{name}: {}, {}\n", plural(errors, "error"), plural(warnings, "warning")));
    report
}
