//! From a validated month to PDF bytes: prepares the view, compiles the layouts in a
//! [`FactsheetWorld`] and exports the document. Fails, and produces nothing, on any layout
//! error or when the document is not exactly two pages.

use std::fmt;

use typst::diag::Warned;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::diagnostics;
use crate::layouts::Layouts;
use crate::map::{self, MapDrawing};
use crate::model::Factsheet;
use crate::view::View;
use crate::world::FactsheetWorld;

/// How many pages a factsheet has.
pub const PAGES: usize = 2;

/// A compiled factsheet and the warnings its layouts produced.
pub struct Compiled {
    pub document: PagedDocument,
    /// Formatted warnings, empty when there were none.
    pub warnings: String,
    view: View,
}

/// Why a factsheet could not be rendered.
#[derive(Debug)]
pub enum RenderError {
    /// The layouts failed to compile; the diagnostics name file, line and column.
    Layout { diagnostics: String },
    /// The layouts compiled but the document does not have two pages.
    PageCount { pages: usize },
    /// The PDF export failed.
    Pdf { diagnostics: String },
    /// The map's geometry is missing, unreadable, or lacks a country's shape.
    Map { message: String, hint: String },
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            RenderError::Layout { diagnostics } => {
                write!(f, "the layouts failed to compile\n{}", diagnostics.trim_end())
            }
            RenderError::PageCount { pages } => write!(
                f,
                "the factsheet ran to {pages} pages instead of {PAGES}\n  hint: shorten the \
                 longest notes or names in the data, or adjust the layout"
            ),
            RenderError::Pdf { diagnostics } => {
                write!(f, "the PDF could not be written\n{}", diagnostics.trim_end())
            }
            RenderError::Map { message, hint } => write!(f, "{message}\n  = hint: {hint}"),
        }
    }
}

impl std::error::Error for RenderError {}

/// The world a month compiles in: its prepared view as `/data.json`, dated on publication.
pub fn world(view: &View, layouts: Layouts) -> FactsheetWorld {
    let d = view.document.date;
    let today = Datetime::from_ymd(d.year, d.month, d.day)
        .unwrap_or_else(|| Datetime::from_ymd(1970, 1, 1).expect("1970-01-01 is a date"));
    FactsheetWorld::new(layouts, view.to_json(), today)
}

/// The map drawing of a month, from the geometry its data names in the layouts.
pub fn map(sheet: &Factsheet, layouts: &Layouts) -> Result<Option<MapDrawing>, RenderError> {
    let Some(spec) = &sheet.map else { return Ok(None) };
    let path = spec.geometry.trim_start_matches('/');
    let shown = layouts.display_path(path);
    let bytes = layouts.read(path).map_err(|e| RenderError::Map {
        message: format!("map.geometry: cannot read {shown}: {e}"),
        hint: "name a geometry file inside the layouts, e.g. maps/western-balkans.json".into(),
    })?;
    let geometry: map::Geometry = serde_json::from_slice(&bytes).map_err(|e| RenderError::Map {
        message: format!("map.geometry: {shown} is not a map geometry file: {e}"),
        hint: "build geometry files with tools/map/build.py".into(),
    })?;
    let entries: Vec<map::Entry> = sheet
        .countries
        .iter()
        .map(|c| map::Entry {
            code: c.code.clone(),
            name: format!("{}{}", c.name, c.mark),
            count: sheet.arrivals.by_country.get(&c.code).copied().unwrap_or(0),
        })
        .collect();
    map::draw(&geometry, &entries).map(Some).map_err(|e| match e {
        map::MapError::NoShape { index, code } => RenderError::Map {
            message: format!("countries[{index}].code: `{code}` has no shape in {shown}"),
            hint: "use the country's code as the geometry file has it, or build a geometry file that includes it".into(),
        },
    })
}

/// Compiles a validated month with the given layouts.
pub fn compile(sheet: &Factsheet, layouts: Layouts) -> Result<Compiled, RenderError> {
    let view = View::new(sheet, map(sheet, &layouts)?);
    let world = world(&view, layouts);
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    let warnings = diagnostics::format(&world, &warnings);
    let document = output.map_err(|errors| RenderError::Layout {
        diagnostics: diagnostics::format(&world, &errors) + &warnings,
    })?;
    let pages = document.pages().len();
    if pages != PAGES {
        return Err(RenderError::PageCount { pages });
    }
    Ok(Compiled { document, warnings, view })
}

impl Compiled {
    /// Exports the PDF. The creation date is the publication date and the identifier comes from
    /// the edition, so the same data always gives the same bytes.
    pub fn pdf(&self) -> Result<Vec<u8>, RenderError> {
        let d = self.view.document.date;
        let options = PdfOptions {
            ident: Smart::Custom(format!(
                "factsheet/{}/{}",
                self.view.header.operation, self.view.header.period
            )),
            creator: Smart::Custom(Some(format!(
                "factsheet {} (typst 0.15)",
                env!("CARGO_PKG_VERSION")
            ))),
            timestamp: Datetime::from_ymd(d.year, d.month, d.day).map(Timestamp::new_utc),
            ..PdfOptions::default()
        };
        typst_pdf::pdf(&self.document, &options).map_err(|errors| RenderError::Pdf {
            diagnostics: errors.iter().map(|e| format!("error: {}\n", e.message)).collect(),
        })
    }
}
