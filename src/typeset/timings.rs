//! `render --timings`: a Chrome trace of where a run's time went, from Typst's own timing
//! scopes and ours, with each Typst scope placed at its layout file and line.

use std::num::NonZeroU64;
use std::path::Path;

use typst::syntax::{Source, Span, SpanKind, VirtualRoot};

use crate::typeset::layouts::Layouts;

pub use typst_timing::TimingScope as Scope;

/// Starts recording timing scopes, for the rest of the process.
pub fn enable() {
    typst_timing::enable();
}

/// Opens a named scope that ends when the returned guard is dropped; nothing when timings are
/// off.
pub fn scope(name: &'static str) -> Option<Scope> {
    Scope::new(name)
}

/// Writes the scopes recorded so far to `path`, naming layout files as `display_path` does.
pub fn write(path: &Path, layouts: &Layouts) -> Result<(), String> {
    let mut out = Vec::new();
    typst_timing::export_json(&mut out, |raw| location(layouts, raw))?;
    crate::output::write(&crate::output::Target::File(path.to_owned()), &out)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The layout file and 1-based line of a span, or an empty name when it lies elsewhere.
fn location(layouts: &Layouts, raw: NonZeroU64) -> (String, u32) {
    let span = Span::from_raw(raw);
    let Some(id) = span.id().filter(|id| *id.root() == VirtualRoot::Project) else {
        return (String::new(), 0);
    };
    let relative = id.vpath().get_without_slash();
    let line = layouts
        .read(relative)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            let source = Source::new(id, text);
            let start = match span.get() {
                SpanKind::Number { num, .. } => source.range(num, None)?.start,
                SpanKind::Range { range, .. } => range.start,
                SpanKind::Detached => return None,
            };
            source.lines().byte_to_line(start)
        })
        .map_or(0, |line| line as u32 + 1);
    (layouts.display_path(relative), line)
}
