//! From a validated month to PDF bytes: prepares the view, compiles the layouts in a
//! [`FactsheetWorld`] and exports the document. Fails, and produces nothing, on any layout
//! error or when the document is not exactly two pages.

use std::fmt;

use std::num::NonZeroUsize;

use typst::diag::Warned;
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::PageRanges;
use typst::utils::Scalar;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::input::locate::FieldPath;
use crate::input::model::Factsheet;
use crate::input::validate::Problem;
use crate::map::{self, MapDrawing};
use crate::text::catalogue::{CatalogueError, Wording};
use crate::text::view::View;
use crate::typeset::diagnostics;
use crate::typeset::fit;
use crate::typeset::layouts::Layouts;
use crate::typeset::world::{FactsheetWorld, Month};

/// How many pages a factsheet has.
pub const PAGES: usize = 2;

/// The most pixels an image of a page may have: an A4 page at 1,200 pixels per inch, the
/// highest --ppi, has 139 million (557 MB to draw).
pub const MAX_PIXELS: u64 = 150_000_000;

/// The largest card, in points: an email shows it 640 wide; wider is scaled down, and taller
/// than this is no card.
pub const CARD_MAX: (f64, f64) = (1280.0, 6000.0);

/// What a compilation lays out from the prepared month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Entry {
    /// The factsheet's two pages, from `main.typ`.
    #[default]
    Pages,
    /// The email briefing's key-figures card, one page from `card.typ`.
    Card,
}

impl Entry {
    /// The layout file it starts from.
    pub fn file(self) -> &'static str {
        match self {
            Entry::Pages => crate::typeset::layouts::MAIN,
            Entry::Card => crate::typeset::layouts::CARD,
        }
    }

    /// How many pages it has.
    pub fn pages(self) -> usize {
        match self {
            Entry::Pages => PAGES,
            Entry::Card => 1,
        }
    }
}

/// The PDF standards a factsheet can be written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Standard {
    /// PDF/A-2a and PDF/UA-1 at once: archival, and accessible by both standards' rules
    /// (tagged, alternative texts, the title shown by viewers). The default.
    #[default]
    #[value(name = "a-2a+ua-1")]
    A2aUa1,
    /// PDF/A-2a: archival and accessible (tagged, with alternative text).
    #[value(name = "a-2a")]
    A2a,
    /// PDF/A-2b: archival, visual appearance only.
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-2u: archival, with all text extractable as Unicode.
    #[value(name = "a-2u")]
    A2u,
    /// PDF/UA-1: universal accessibility.
    #[value(name = "ua-1")]
    Ua1,
    /// Plain PDF 1.7, still tagged.
    #[value(name = "none")]
    None,
}

impl Standard {
    /// Whether the standard needs a tagged document, which typst makes of whole documents only.
    pub fn tagged(self) -> bool {
        matches!(self, Standard::A2aUa1 | Standard::A2a | Standard::Ua1)
    }

    fn typst(self) -> Vec<PdfStandard> {
        match self {
            Standard::A2aUa1 => vec![PdfStandard::A_2a, PdfStandard::Ua_1],
            Standard::A2a => vec![PdfStandard::A_2a],
            Standard::A2b => vec![PdfStandard::A_2b],
            Standard::A2u => vec![PdfStandard::A_2u],
            Standard::Ua1 => vec![PdfStandard::Ua_1],
            Standard::None => vec![],
        }
    }
}

/// How a compiled factsheet is written out.
#[derive(Debug, Clone, Default)]
pub struct Export {
    pub standard: Standard,
    /// Pages to write, 1-based; all when empty.
    pub pages: Vec<usize>,
}

/// Compilation settings beyond the data.
#[derive(Debug, Clone)]
pub struct Options {
    pub layouts: Layouts,
    /// A date that replaces the publication date as the document's date (SOURCE_DATE_EPOCH).
    pub date: Option<crate::text::view::DateParts>,
    /// The pages, or the card.
    pub entry: Entry,
}

impl Default for Options {
    fn default() -> Options {
        Options { layouts: Layouts::Embedded, date: None, entry: Entry::Pages }
    }
}

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
    /// The layouts compiled but the document does not have its pages: two, or the card's one.
    PageCount { pages: usize, entry: Entry },
    /// The PDF export failed.
    Pdf { diagnostics: String },
    /// The data cannot be drawn: the map's geometry is missing, unreadable or lacks a
    /// country's shape, or a label finds no place. Each problem names its field.
    Data { problems: Vec<Problem> },
    /// The pages were laid out, but something on them does not fit (see [`fit`]).
    Misfits { misfits: Vec<fit::Misfit>, entry: Entry },
    /// The language has no catalogue, or the operation's catalogue does not fit the messages.
    Catalogue(CatalogueError),
    /// A page (of `width` × `height` points) would take more pixels at `ppi` than an image
    /// may have.
    TooManyPixels { page: usize, width: f64, height: f64, ppi: f32 },
    /// The card's layout gives it a page larger than an email shows (`width` × `height`
    /// points), in the layout file `layout`.
    CardSize { width: f64, height: f64, layout: String },
    /// A page (of `width` × `height` points) would be less than a pixel wide or tall at `ppi`.
    NoPixels { page: usize, width: f64, height: f64, ppi: f32 },
}

impl RenderError {
    /// The problems with the data file behind the error, each naming its field, when the
    /// error is the data's: what [`report::render`](crate::input::report::render) shows at its line.
    pub fn data_problems(&self, sheet: &Factsheet) -> Option<Vec<Problem>> {
        match self {
            RenderError::Data { problems } => Some(problems.clone()),
            RenderError::Misfits { misfits, entry } => {
                let fields = fit::printed_fields(&serde_json::to_value(sheet).ok()?);
                let place = match entry {
                    Entry::Pages => fit::Place::Pages,
                    Entry::Card => fit::Place::Card,
                };
                Some(fit::problems(misfits, &fields, place))
            }
            _ => None,
        }
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            RenderError::Layout { diagnostics } => {
                write!(f, "the layouts failed to compile\n{}", diagnostics.trim_end())
            }
            RenderError::PageCount { pages, entry: Entry::Pages } => write!(
                f,
                "the factsheet ran to {pages} pages instead of {PAGES}\n  = hint: shorten the \
                 longest notes or names in the data, or adjust the layout"
            ),
            RenderError::PageCount { pages, entry: Entry::Card } => write!(
                f,
                "the card ran to {pages} pages instead of one\n  = hint: the card is one picture: \
                 take the page breaks out of {}",
                entry_path(Entry::Card)
            ),
            RenderError::Pdf { diagnostics } => {
                write!(f, "the PDF could not be written\n{}", diagnostics.trim_end())
            }
            RenderError::TooManyPixels { page, width, height, ppi } => {
                let pixels = |points: f64| points * f64::from(*ppi) / 72.0;
                write!(
                    f,
                    "page {page} is {width:.0} × {height:.0} points, which at {ppi} pixels per inch would be {:.0} × {:.0} pixels, more than the {} million an image may have\n  = hint: ",
                    pixels(*width),
                    pixels(*height),
                    MAX_PIXELS / 1_000_000
                )?;
                match highest_ppi(*width, *height) {
                    Some(most) => write!(f, "use --ppi {most} or less for a page this size"),
                    None => write!(
                        f,
                        "the layout sets a page far larger than paper: give it the size of a sheet (A4 is 595 × 842 points)"
                    ),
                }
            }
            RenderError::CardSize { width, height, layout } => write!(
                f,
                "the card is {width:.0} × {height:.0} points; a card for email is at most {:.0} wide and {:.0} tall\n  = hint: set its page 640 points wide and its height to auto in {layout}",
                CARD_MAX.0, CARD_MAX.1,
            ),
            RenderError::NoPixels { page, width, height, .. } if width.min(*height) < EMPTY_POINTS => write!(
                f,
                "page {page} is {width:.1} × {height:.1} points: there is nothing to draw\n  = hint: a page of \
                 `height: auto` is as tall as what the layout puts in it: check that the layout \
                 places its content there, and not only beside the flow (`place`)"
            ),
            RenderError::NoPixels { page, width, height, ppi } => {
                write!(
                    f,
                    "page {page} is {width:.1} × {height:.1} points, less than a pixel at {ppi} pixels per inch\n  = hint: "
                )?;
                // Drawn, a side of at least half a pixel rounds to one.
                let least = (36.0 / width.min(*height)).ceil();
                match highest_ppi(*width, *height).filter(|most| least <= f64::from(*most)) {
                    Some(_) => write!(f, "use --ppi {least} or more"),
                    None => write!(f, "give the page a size a picture can show"),
                }
            }
            RenderError::Data { problems } => {
                for p in problems {
                    write!(f, "{}: {}\n  = hint: {}", p.path, p.message, p.hint)?;
                }
                Ok(())
            }
            RenderError::Catalogue(e) => write!(f, "{e}"),
            RenderError::Misfits { misfits, .. } => {
                f.write_str("the pages do not hold the data")?;
                for m in misfits {
                    write!(f, "\n  {m:?}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RenderError {}

/// What a world knows of a prepared month: the view as `/data.json`, dated on publication.
pub fn month(view: &View) -> Month {
    let d = view.document.date;
    let today = Datetime::from_ymd(d.year, d.month, d.day)
        .unwrap_or_else(|| Datetime::from_ymd(1970, 1, 1).expect("1970-01-01 is a date"));
    let logo = view.logo.as_ref().map(|l| (l.path, Bytes::new(l.bytes.clone())));
    Month { data: Bytes::new(view.to_json()), today, logo }
}

/// Boundaries UN maps always draw dashed.
const DASHED: [[&str; 2]; 1] = [["SRB", "XKX"]];

/// The map drawing of a month: from the world map fitted to its countries, or from the
/// geometry file its data names in the layouts; none when the data says so.
pub fn map(
    sheet: &Factsheet,
    layouts: &Layouts,
    lang: &crate::text::catalogue::Language,
) -> Result<Option<MapDrawing>, RenderError> {
    if !sheet.shows_map() {
        return Ok(None);
    }
    let spec =
        sheet.map.clone().unwrap_or(crate::input::model::MapSpec { show: true, geometry: None, dashed: Vec::new() });
    let data_error = |problems: Vec<Problem>| RenderError::Data { problems };
    let country = |code: &str, key: &str| {
        let index = sheet.countries.iter().position(|c| c.code == code).unwrap_or(0);
        FieldPath::parse("countries").index(index).key(key)
    };
    let (geometry, shown) = match &spec.geometry {
        Some(path) => {
            let path = path.trim_start_matches('/');
            let shown = layouts.display_path(path);
            let geometry_field = FieldPath::parse("map.geometry");
            let bytes = layouts.read(path).map_err(|e| {
                data_error(vec![Problem::error(
                    geometry_field.clone(),
                    format!("cannot read {shown}: {e}"),
                    "name a geometry file inside the layouts, or leave out map.geometry for the world map",
                )])
            })?;
            let geometry: map::Geometry = serde_json::from_slice(&bytes).map_err(|e| {
                data_error(vec![Problem::error(
                    geometry_field.clone(),
                    format!("{shown} is not a map geometry file: {e}"),
                    "leave out map.geometry for the world map",
                )])
            })?;
            (std::sync::Arc::new(geometry), shown)
        }
        None => {
            let unknown: Vec<Problem> = spec
                .dashed
                .iter()
                .enumerate()
                .filter(|(_, pair)| pair.iter().any(|c| map::world::world().country(c).is_none()))
                .map(|(i, [a, b])| {
                    Problem::error(
                        FieldPath::parse("map.dashed").index(i),
                        format!("the boundary between `{a}` and `{b}` names a country the world map does not have"),
                        "use the ISO 3166-1 alpha-3 codes of two neighbours (XKX for Kosovo)",
                    )
                })
                .collect();
            if !unknown.is_empty() {
                return Err(data_error(unknown));
            }
            let codes: Vec<String> = sheet.countries.iter().map(|c| c.code.clone()).collect();
            // The data's boundaries besides those always dashed, each once whichever way round.
            let mut dashed: Vec<[String; 2]> = DASHED.iter().map(|[a, b]| [(*a).to_owned(), (*b).to_owned()]).collect();
            for [a, b] in &spec.dashed {
                if !dashed.iter().any(|[c, d]| (c == a && d == b) || (c == b && d == a)) {
                    dashed.push([a.clone(), b.clone()]);
                }
            }
            let _scope = crate::typeset::timings::scope("project the world map");
            let geometry = map::region::shared(&codes, &dashed, map::WIDTH).map_err(
                |map::region::RegionError::NoShape(missing)| {
                    data_error(
                    missing
                        .iter()
                        .map(|&i| {
                            Problem::error(
                                FieldPath::parse("countries").index(i).key("code"),
                                format!("`{}` has no shape on the world map", sheet.countries[i].code),
                                "use the country's ISO 3166-1 alpha-3 code (XKX for Kosovo), or set map.show to false",
                            )
                        })
                        .collect(),
                )
                },
            )?;
            (geometry, "the world map".to_owned())
        }
    };
    let entries: Vec<map::Entry> = sheet
        .countries
        .iter()
        .map(|c| map::Entry {
            code: c.code.clone(),
            name: format!("{}{}", crate::text::names::country(c, lang.tag(), sheet.lang()).unwrap_or_default(), c.mark),
            count: sheet.arrivals.by_country.get(&c.code).copied().unwrap_or(0),
            value: lang.number(sheet.arrivals.by_country.get(&c.code).copied().unwrap_or(0)),
        })
        .collect();
    map::draw(&geometry, &entries, lang).map(Some).map_err(|e| match e {
        map::MapError::Crowded { code } => data_error(vec![Problem::error(
            country(&code, "name"),
            "the country's label finds no free place on the map",
            "shorten the name, or set map.show to false to show the figures as bars only",
        )]),
        map::MapError::NoShape { code, .. } => data_error(vec![Problem::error(
            country(&code, "code"),
            format!("`{code}` has no shape in {shown}"),
            "use the country's code as the geometry file has it, or leave out map.geometry for the world map",
        )]),
    })
}

/// A month's map, still to draw: what drawing it needs, sent with the view.
#[derive(Debug, Clone)]
pub struct PendingMap {
    sheet: Factsheet,
    layouts: Layouts,
    wording: Wording,
}

impl PendingMap {
    /// Draws the map, or says why it cannot be drawn.
    pub fn draw(self) -> Result<Option<MapDrawing>, RenderError> {
        let lang = self.wording.language().map_err(RenderError::Catalogue)?;
        let _scope = crate::typeset::timings::scope("draw the map");
        map(&self.sheet, &self.layouts, &lang)
    }
}

/// Prepares a validated month for the layouts, all but its map, which it leaves in
/// `pending_map` to draw once Typst has the rest (see [`compile_while_preparing`]). The
/// panel's legend, which the figures decide, is there already.
pub fn prepare_deferring_map(sheet: &Factsheet, options: &Options, wording: &Wording) -> Result<View, RenderError> {
    prepare_with(sheet, options, wording, true)
}

/// Prepares a validated month for the layouts: its map, and every figure and sentence.
pub fn prepare(sheet: &Factsheet, options: &Options, wording: &Wording) -> Result<View, RenderError> {
    prepare_with(sheet, options, wording, false)
}

fn prepare_with(sheet: &Factsheet, options: &Options, wording: &Wording, defer_map: bool) -> Result<View, RenderError> {
    // A language with no catalogue is said once, before the texts it lacks.
    let lang = {
        let _scope = crate::typeset::timings::scope("read the catalogue");
        wording.language().map_err(RenderError::Catalogue)?
    };
    let problems = crate::input::validate::language(sheet, &wording.tag);
    if !problems.is_empty() {
        return Err(RenderError::Data { problems });
    }
    let defer_map = defer_map && sheet.shows_map();
    let map = if defer_map {
        None
    } else {
        let _scope = crate::typeset::timings::scope("draw the map");
        map(sheet, &options.layouts, &lang)?
    };
    let _scope = crate::typeset::timings::scope("prepare the data for the layouts");
    let mut view = View::new(sheet, map, &lang).with_logo(wording.logo.clone());
    if defer_map {
        let counts: Vec<u64> =
            sheet.countries.iter().map(|c| sheet.arrivals.by_country.get(&c.code).copied().unwrap_or(0)).collect();
        view.map.shown = true;
        view.map.legend = map::legend_of(&counts, &lang);
        view.pending_map =
            Some(PendingMap { sheet: sheet.clone(), layouts: options.layouts.clone(), wording: wording.clone() });
    }
    let errors = lang.take_errors();
    if !errors.is_empty() {
        return Err(RenderError::Catalogue(CatalogueError {
            file: wording.overrides.last().map(|o| o.name.clone()),
            line: None,
            message: errors.join("; "),
            hint: "give each message only its own arguments; `factsheet check` lists them".into(),
        }));
    }
    if let Some(date) = options.date {
        view.document.date = date;
    }
    Ok(view)
}

/// Compiles a validated month.
/// Compiles a validated month in its own language, with the built-in messages.
pub fn compile(sheet: &Factsheet, options: &Options) -> Result<Compiled, RenderError> {
    compile_in(sheet, options, &Wording::built_in(sheet.lang()))
}

/// Compiles a validated month in the language and with the messages of `wording`.
pub fn compile_in(sheet: &Factsheet, options: &Options, wording: &Wording) -> Result<Compiled, RenderError> {
    let view = prepare(sheet, options, wording)?;
    let world = FactsheetWorld::new(options.layouts.clone(), options.entry.file(), month(&view));
    let (document, warnings) = typeset(&world, options.entry)?;
    Ok(Compiled { document, warnings, view })
}

/// Compiles a month while another thread reads, checks and prepares it with `prepare`, which
/// returns the prepared view and anything else the caller wants back (warnings, say).
///
/// Typst parses and evaluates the layouts' modules in the meantime and waits where they first
/// read the data, so a cold render does not pay for the two one after the other. When
/// `prepare` fails, its error is returned and the compilation, stopped at the data, is
/// dropped: a data error is never reported as a layout error.
///
/// `after` runs on the preparing thread once the view is prepared and its map drawn, while
/// Typst lays out the pages: work of the caller's that needs the view (the email's card, say).
pub fn compile_while_preparing<T: Send, E: Send, A: Send>(
    options: &Options,
    prepare: impl FnOnce() -> Result<(T, View), E> + Send,
    after: impl FnOnce(&View) -> A + Send,
) -> Result<(T, Result<Compiled, RenderError>, A), E> {
    let (world, sender) = FactsheetWorld::awaiting(options.layouts.clone(), options.entry.file());
    let world = &world;
    std::thread::scope(|scope| {
        let preparing = scope.spawn(move || {
            // While this thread builds Typst's library, the calling thread parses the layout
            // files, and then evaluates them. This thread prepares the month meanwhile, which
            // Typst waits for where the layouts first read it, and then loads and hashes the
            // fonts, which Typst needs only once it lays out the pages.
            crate::typeset::world::library();
            let (extra, mut view) = prepare()?;
            sender.send(month(&view));
            // The map, which the layouts read only where they lay out its panel: Typst
            // evaluates and lays out the rest meanwhile. A map that cannot be drawn is the
            // error reported, not the layouts' failure to read it.
            let mut map_error = None;
            if let Some(pending) = view.pending_map.take() {
                match pending.draw() {
                    Ok(drawing) => {
                        sender
                            .send_map(drawing.as_ref().map(|d| Bytes::new(serde_json::to_vec(d).unwrap_or_default())));
                        view.map.drawing = drawing;
                    }
                    Err(e) => map_error = Some(e),
                }
            }
            drop(sender);
            crate::typeset::fonts::hash_ahead();
            let after = after(&view);
            Ok((extra, view, map_error, after))
        });
        world.preload();
        let typeset = typeset(world, options.entry);
        let (extra, view, map_error, after) =
            preparing.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        if let Some(e) = map_error {
            return Ok((extra, Err(e), after));
        }
        Ok((extra, typeset.map(|(document, warnings)| Compiled { document, warnings, view }), after))
    })
}

/// Lays out the email's key-figures card of a prepared month: one page.
pub fn card(view: &View, options: &Options) -> Result<Compiled, RenderError> {
    let _scope = crate::typeset::timings::scope("lay out the card");
    // The card draws no map: its data leaves the drawing out.
    let mut without_map = view.clone();
    without_map.map.drawing = None;
    let world = FactsheetWorld::new(options.layouts.clone(), Entry::Card.file(), month(&without_map));
    let (document, warnings) = typeset(&world, Entry::Card)?;
    Ok(Compiled { document, warnings, view: view.clone() })
}

/// The highest whole number of pixels per inch (from the [`MIN_PPI`] that `--ppi` accepts)
/// at which a page of `width` × `height` points stays within [`MAX_PIXELS`]; `None` when
/// none does.
pub fn highest_ppi(width: f64, height: f64) -> Option<u32> {
    let fits = |ppi: f64| width * ppi / 72.0 * (height * ppi / 72.0) <= MAX_PIXELS as f64;
    let most = (72.0 * (MAX_PIXELS as f64 / (width * height)).sqrt()).floor();
    // The square root may round up by a hair: step down until the page fits.
    (0..3).map(|k| most - f64::from(k)).find(|&ppi| ppi >= f64::from(MIN_PPI) && fits(ppi)).map(|ppi| ppi as u32)
}

/// A page side shorter than this, in points, holds nothing: the page is empty, whatever the
/// density it is drawn at.
const EMPTY_POINTS: f64 = 0.01;

/// The density of PNG images when `--ppi` does not say, and of the email's card: twice a CSS
/// pixel's 72 a point, sharp on the screens of today.
pub const DEFAULT_PPI: f32 = 144.0;

/// The lowest and highest `--ppi`: 36 draws an A4 page as a thumbnail 300 pixels wide, and
/// 1200 is sharper than any printer needs.
pub const MIN_PPI: u32 = 36;
pub const MAX_PPI: u32 = 1200;

/// How messages name an entry's layout file.
fn entry_path(entry: Entry) -> String {
    crate::typeset::layouts::Layouts::Embedded.display_path(entry.file())
}

/// Compiles the layouts in a world: the entry's pages and the formatted warnings.
fn typeset(world: &FactsheetWorld, entry: Entry) -> Result<(PagedDocument, String), RenderError> {
    let layouts = world.layouts();
    if !layouts.has(entry.file()) {
        // A user's folder of layouts for the pages may have none for the card.
        return Err(RenderError::Layout {
            diagnostics: format!(
                "error: {} does not exist\n  = hint: copy {} into the layout folder, and adapt it there",
                layouts.display_path(entry.file()),
                entry_path(entry)
            ),
        });
    }
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    // A font the bundle lacks would fall back to no font at all: an error, not a warning.
    let (mut font_errors, warnings): (Vec<_>, Vec<_>) =
        warnings.into_iter().partition(|w| w.message.contains("unknown font family"));
    for error in &mut font_errors {
        error.severity = typst::diag::Severity::Error;
    }
    if !font_errors.is_empty() {
        return Err(RenderError::Layout {
            diagnostics: diagnostics::format(world, &font_errors)
                + "  = hint: layouts can use only the bundled fonts: \"Lato\"\n",
        });
    }
    let warnings = diagnostics::format(world, &warnings);
    let document = output
        .map_err(|errors| RenderError::Layout { diagnostics: diagnostics::format(world, &errors) + &warnings })?;
    let pages = document.pages().len();
    if pages != entry.pages() {
        return Err(RenderError::PageCount { pages, entry });
    }
    if entry == Entry::Card {
        let size = document.pages()[0].frame.size();
        let (w, h) = (size.x.to_pt(), size.y.to_pt());
        if w > CARD_MAX.0 || h > CARD_MAX.1 {
            return Err(RenderError::CardSize {
                width: w,
                height: h,
                layout: world.layouts().display_path(entry.file()),
            });
        }
    }
    let misfits = {
        let _scope = crate::typeset::timings::scope("check that the pages hold the data");
        fit::check(&document)
    };
    if !misfits.is_empty() {
        return Err(RenderError::Misfits { misfits, entry });
    }
    Ok((document, warnings))
}

impl Compiled {
    /// The prepared month the pages were laid out from.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// Exports the PDF. The creation date is the publication date and the identifier comes from
    /// the edition, so the same data always gives the same bytes.
    pub fn pdf(&self, export: &Export) -> Result<Vec<u8>, RenderError> {
        let d = self.view.document.date;
        let standards = PdfStandards::new(&export.standard.typst())
            .map_err(|e| RenderError::Pdf { diagnostics: format!("error: {}\n", e.message()) })?;
        let partial = !export.pages.is_empty() && export.pages.len() < PAGES;
        if partial && export.standard.tagged() {
            return Err(RenderError::Pdf {
                diagnostics: "error: PDF/A-2a and PDF/UA-1 need a tagged document, and typst tags only whole documents\n  = hint: add --pdf-standard a-2b to write some pages only\n".into(),
            });
        }
        let page_ranges = partial.then(|| {
            PageRanges::new(
                export.pages.iter().filter_map(|&p| NonZeroUsize::new(p)).map(|p| Some(p)..=Some(p)).collect(),
            )
        });
        let options = PdfOptions {
            ident: Smart::Custom(format!("factsheet/{}/{}", self.view.header.operation, self.view.header.period)),
            creator: Smart::Custom(Some(format!("factsheet {} (typst 0.15)", env!("CARGO_PKG_VERSION")))),
            timestamp: Datetime::from_ymd(d.year, d.month, d.day).map(Timestamp::new_utc),
            page_ranges,
            standards,
            tagged: !partial,
            pretty: false,
        };
        typst_pdf::pdf(&self.document, &options).map_err(|errors| RenderError::Pdf {
            diagnostics: errors.iter().map(|e| format!("error: {}\n", e.message)).collect(),
        })
    }

    /// Renders pages to PNG at `ppi` pixels per inch: one image per page, in page order.
    /// A page that would take more than [`MAX_PIXELS`] is refused before it is drawn.
    pub fn png(
        &self,
        ppi: f32,
        pages: &[usize],
        encoding: crate::output::png::Encoding,
    ) -> Result<Vec<(usize, Vec<u8>)>, RenderError> {
        let options =
            typst_render::RenderOptions { pixel_per_pt: Scalar::new(f64::from(ppi) / 72.0), render_bleed: false };
        let chosen: Vec<(usize, &typst_layout::Page)> = self
            .document
            .pages()
            .iter()
            .enumerate()
            .map(|(i, page)| (i + 1, page))
            .filter(|(n, _)| pages.is_empty() || pages.contains(n))
            .collect();
        for (n, page) in &chosen {
            let size = page.frame.size();
            let (w, h) = (size.x.to_pt() * f64::from(ppi) / 72.0, size.y.to_pt() * f64::from(ppi) / 72.0);
            if w * h > MAX_PIXELS as f64 {
                return Err(RenderError::TooManyPixels {
                    page: *n,
                    width: size.x.to_pt(),
                    height: size.y.to_pt(),
                    ppi,
                });
            }
            if w.round() < 1.0 || h.round() < 1.0 {
                return Err(RenderError::NoPixels { page: *n, width: size.x.to_pt(), height: size.y.to_pt(), ppi });
            }
        }
        Ok(chosen
            .into_iter()
            .map(|(n, page)| {
                if encoding == crate::output::png::Encoding::Palette {
                    // Drawn in bands, each counted into runs of colour as it is drawn.
                    let mut runs = crate::output::png::Runs::default();
                    let drawn = {
                        let _scope = crate::typeset::timings::scope("rasterise in bands");
                        crate::typeset::raster::in_bands(page, options.pixel_per_pt.get(), |band, _| runs.add(band))
                    };
                    let _scope = crate::typeset::timings::scope("encode the PNG");
                    if let Some(png) = drawn.and_then(|(width, height)| runs.encode(width, height)) {
                        return (n, png);
                    }
                }
                let pixmap = {
                    let _scope = crate::typeset::timings::scope("rasterise");
                    typst_render::render(page, &options)
                };
                let _scope = crate::typeset::timings::scope("encode the PNG");
                let (width, height) = (pixmap.width(), pixmap.height());
                (n, crate::output::png::encode(width, height, pixmap.take(), encoding))
            })
            .collect())
    }
}

/// Parses a page selection such as `1`, `2`, `1-2` or `1,2` against the factsheet's pages.
pub fn parse_pages(text: &str) -> Result<Vec<usize>, String> {
    let mut pages = Vec::new();
    for part in text.split(',').map(str::trim) {
        let (start, end) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part, part),
        };
        let parse = |s: &str| s.parse::<usize>().ok().filter(|p| (1..=PAGES).contains(p));
        match (parse(start), parse(end)) {
            (Some(a), Some(b)) if a <= b => pages.extend(a..=b),
            _ => return Err(format!("`{part}` is not a page range of a {PAGES}-page factsheet (try 1, 2 or 1-2)")),
        }
    }
    pages.sort_unstable();
    pages.dedup();
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_highest_density_keeps_a_page_within_the_pixels_an_image_may_have() {
        // An A4 page fits at 1245 pixels per inch (10291 × 14573 pixels), not at 1246.
        let most = highest_ppi(595.0, 842.0).unwrap();
        let pixels = |ppi: u32| (595.0 * f64::from(ppi) / 72.0) * (842.0 * f64::from(ppi) / 72.0);
        assert!(pixels(most) <= MAX_PIXELS as f64 && pixels(most + 1) > MAX_PIXELS as f64, "{most}");
        assert_eq!(highest_ppi(640.0, 852.0), Some(1194));
        // A page so large that even the lowest density is too many pixels.
        assert_eq!(highest_ppi(100_000.0, 100_000.0), None);
    }

    #[test]
    fn page_selections() {
        assert_eq!(parse_pages("1"), Ok(vec![1]));
        assert_eq!(parse_pages("1-2"), Ok(vec![1, 2]));
        assert_eq!(parse_pages("2,1,2"), Ok(vec![1, 2]));
        assert!(parse_pages("3").is_err());
        assert!(parse_pages("2-1").is_err());
        assert!(parse_pages("x").is_err());
    }

    #[test]
    fn a_data_error_stops_the_compilation_and_is_the_one_reported() {
        let result = compile_while_preparing::<(), _, _>(&Options::default(), || Err("present.uasc: -1"), |_| ());
        assert!(matches!(result, Err("present.uasc: -1")));
    }

    #[test]
    fn compiling_while_preparing_gives_the_same_pages() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/2025-12.json");
        let sheet = crate::input::load::load(std::path::Path::new(path)).unwrap().sheet;
        let options = Options::default();
        let before = compile(&sheet, &options).unwrap();
        let (extra, during, _) = compile_while_preparing(
            &options,
            || prepare(&sheet, &options, &Wording::built_in("en")).map(|view| (7, view)),
            |_| (),
        )
        .unwrap();
        let during = during.unwrap();
        assert_eq!(extra, 7);
        let export = Export::default();
        assert_eq!(before.pdf(&export).unwrap(), during.pdf(&export).unwrap());
    }
}
