//! Turns Typst's errors and warnings into codespan-style messages that name the layout file,
//! line and column and show the source line.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::NoColor};
use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::{FileId, Source};

use crate::typeset::world::FactsheetWorld;

/// Adapts the world to codespan's view of files.
struct WorldFiles<'a>(&'a FactsheetWorld);

impl WorldFiles<'_> {
    fn source(&self, id: FileId) -> Result<Source, FilesError> {
        self.0.source(id).map_err(|e| FilesError::Io(std::io::Error::other(e.to_string())))
    }
}

impl<'a> Files<'a> for WorldFiles<'a> {
    type FileId = FileId;
    type Name = String;
    type Source = Source;

    fn name(&'a self, id: FileId) -> Result<String, FilesError> {
        Ok(self.0.display_path(id))
    }

    fn source(&'a self, id: FileId) -> Result<Source, FilesError> {
        WorldFiles::source(self, id)
    }

    fn line_index(&'a self, id: FileId, given: usize) -> Result<usize, FilesError> {
        let source = WorldFiles::source(self, id)?;
        source.lines().byte_to_line(given).ok_or(FilesError::IndexTooLarge { given, max: source.lines().len_bytes() })
    }

    fn line_range(&'a self, id: FileId, given: usize) -> Result<std::ops::Range<usize>, FilesError> {
        let source = WorldFiles::source(self, id)?;
        source.lines().line_to_range(given).ok_or(FilesError::LineTooLarge { given, max: source.lines().len_lines() })
    }
}

/// Formats diagnostics as plain text, each with its file, line, column and source snippet.
pub fn format(world: &FactsheetWorld, diagnostics: &[SourceDiagnostic]) -> String {
    let files = WorldFiles(world);
    let config = term::Config { tab_width: 2, ..Default::default() };
    let mut out = NoColor::new(Vec::new());
    for diag in diagnostics {
        let severity = match diag.severity {
            Severity::Error => codespan_reporting::diagnostic::Severity::Error,
            Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
        };
        let mut labels = Vec::new();
        if let (Some(id), Some(range)) = (diag.span.id(), world.range(diag.span)) {
            labels.push(Label::primary(id, range));
        }
        for point in &diag.trace {
            if let (Some(id), Some(range)) = (point.span.id(), world.range(point.span)) {
                labels.push(Label::secondary(id, range).with_message(point.v.to_string()));
            }
        }
        // Typst's hints about its own command line (`--root`) do not apply to ours.
        let notes = diag.hints.iter().filter(|h| !h.v.contains("--root")).map(|h| format!("hint: {}", h.v)).collect();
        let diagnostic =
            Diagnostic::new(severity).with_message(diag.message.as_str()).with_labels(labels).with_notes(notes);
        // A snippet that cannot be shown still leaves the message, printed plainly below.
        if term::emit(&mut out, &config, &files, &diagnostic).is_err() {
            let _ = std::io::Write::write_fmt(&mut out, format_args!("error: {}\n", diag.message));
        }
    }
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}
