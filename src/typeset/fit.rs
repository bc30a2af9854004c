//! Whether the laid-out pages hold what they were given: every text inside its panel and the
//! page, no text printed over other text, no panel over another or off the page. Checked on the
//! document Typst laid out, not estimated from the data, so that whatever the limits on the
//! data let through, a page that does not hold it is refused with the field to shorten.
//!
//! Panels are the layouts' blocks labelled `<panel:NAME>`; a clipping box is a boundary too.

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst_layout::PagedDocument;

use crate::input::locate::FieldPath;
use crate::text::format::thousands;

/// The prefix of the labels that mark the layouts' panels.
pub const PANEL_LABEL: &str = "panel:";

/// How far, in points, text may reach past a boundary or over other text before it counts:
/// less than a hairline, and more than rounding in the layout.
const TOLERANCE: f64 = 0.75;

/// The most misfits collected, and the most problems reported, for one factsheet: the first
/// few say what to shorten.
const MAX_COLLECTED: usize = 50;
const MAX_REPORTED: usize = 5;

/// A rectangle on a page, in points from its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    /// The bounding box of a rectangle of `size` at the origin, moved by `ts`.
    fn of(width: Abs, height: Abs, ts: Transform) -> Rect {
        let corners =
            [Point::zero(), Point::new(width, Abs::zero()), Point::new(Abs::zero(), height), Point::new(width, height)]
                .map(|p| p.transform(ts));
        let xs = corners.map(|p| p.x.to_pt());
        let ys = corners.map(|p| p.y.to_pt());
        Rect {
            x0: xs.iter().copied().fold(f64::INFINITY, f64::min),
            y0: ys.iter().copied().fold(f64::INFINITY, f64::min),
            x1: xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            y1: ys.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }

    /// How far `self` reaches outside `outer`, in points; zero when it is inside.
    fn excess(&self, outer: &Rect) -> f64 {
        self.excess_x(outer).max(self.excess_y(outer))
    }

    fn excess_x(&self, outer: &Rect) -> f64 {
        (outer.x0 - self.x0).max(self.x1 - outer.x1).max(0.0)
    }

    fn excess_y(&self, outer: &Rect) -> f64 {
        (outer.y0 - self.y0).max(self.y1 - outer.y1).max(0.0)
    }

    /// The smaller side of the overlap of two rectangles, in points; zero when they do not meet.
    fn overlap(&self, other: &Rect) -> f64 {
        let width = self.x1.min(other.x1) - self.x0.max(other.x0);
        let height = self.y1.min(other.y1) - self.y0.max(other.y0);
        width.min(height).max(0.0)
    }
}

/// Something on a page that does not fit.
#[derive(Debug, Clone, PartialEq)]
pub enum Misfit {
    /// Text reaches out of the panel it is set in, or off the page: `sideways` when it runs
    /// out at a side (too wide), else at the top or foot (the panel is too short for it).
    OutOfPanel { page: usize, panel: String, text: String, by: f64, sideways: bool },
    /// Text printed over other text, each in its panel; `same_line` when the two stand on one
    /// baseline (one ran into the other), else one line was pushed onto another.
    Overprint { page: usize, panel: String, text: String, under: String, under_panel: String, same_line: bool },
    /// Two panels overlap.
    Overlap { page: usize, panels: [String; 2], by: f64 },
    /// A panel reaches off the page.
    OffPage { page: usize, panel: String, by: f64 },
    /// A panel reaches out of the panel it is set in (the map, shrunk as far as its labels
    /// allow, out of the room its column leaves it).
    OutOfParent { page: usize, panel: String, parent: String, by: f64 },
}

/// A boundary text must stay inside: a labelled panel, a clipping box, or the page.
#[derive(Debug)]
struct Boundary {
    /// The panel's name; a clipping box takes the name of the panel around it.
    name: String,
    rect: Rect,
    /// The boundaries around it, innermost last.
    ancestors: Vec<usize>,
    /// A labelled panel, rather than a clipping box.
    panel: bool,
}

/// A run of text, borrowed from the laid-out document.
#[derive(Debug)]
struct Text<'a> {
    rect: Rect,
    text: &'a str,
    boundary: usize,
}

/// What one page holds: its boundaries (the page itself first) and its texts.
#[derive(Debug, Default)]
struct Page<'a> {
    boundaries: Vec<Boundary>,
    texts: Vec<Text<'a>>,
}

impl<'a> Page<'a> {
    fn collect(&mut self, frame: &'a Frame, ts: Transform, inside: &mut Vec<usize>) {
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Group(group) => {
                    let inner = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(group.transform);
                    let label = group.label.map(|l| l.resolve());
                    let panel = label.as_ref().and_then(|l| l.strip_prefix(PANEL_LABEL));
                    let bounded = panel.is_some() || group.clip.is_some();
                    if bounded {
                        let around = inside.last().copied().unwrap_or(0);
                        let name = panel.map_or_else(|| self.boundaries[around].name.clone(), str::to_owned);
                        let rect = Rect::of(group.frame.width(), group.frame.height(), inner);
                        self.boundaries.push(Boundary {
                            name,
                            rect,
                            ancestors: inside.clone(),
                            panel: panel.is_some(),
                        });
                        inside.push(self.boundaries.len() - 1);
                    }
                    self.collect(&group.frame, inner, inside);
                    if bounded {
                        inside.pop();
                    }
                }
                FrameItem::Text(text) => {
                    // From the baseline up to the capitals' height: what a reader sees as the
                    // line, and what Typst fits between a block's edges by default.
                    let cap = text.font.metrics().cap_height.at(text.size);
                    let at = ts.pre_concat(Transform::translate(pos.x, pos.y - cap));
                    self.texts.push(Text {
                        rect: Rect::of(inked_width(text), cap, at),
                        text: text.text.as_str(),
                        boundary: inside.last().copied().unwrap_or(0),
                    });
                }
                _ => {}
            }
        }
    }

    fn misfits(&self, page: usize, out: &mut Vec<Misfit>) {
        let page_rect = self.boundaries[0].rect;
        for text in &self.texts {
            let boundary = &self.boundaries[text.boundary];
            let sideways = text.rect.excess_x(&boundary.rect).max(text.rect.excess_x(&page_rect));
            let by = text.rect.excess(&boundary.rect).max(text.rect.excess(&page_rect));
            if by > TOLERANCE {
                let sideways = sideways >= by;
                out.push(Misfit::OutOfPanel {
                    page,
                    panel: boundary.name.clone(),
                    text: text.text.to_owned(),
                    by,
                    sideways,
                });
            }
        }
        for (i, a) in self.boundaries.iter().enumerate().skip(1).filter(|(_, b)| b.panel) {
            let by = a.rect.excess(&page_rect);
            if by > TOLERANCE {
                out.push(Misfit::OffPage { page, panel: a.name.clone(), by });
            }
            let parent = a.ancestors.iter().rev().map(|&k| &self.boundaries[k]).find(|b| b.panel && b.name != "page");
            if let Some(parent) = parent {
                let by = a.rect.excess(&parent.rect);
                if by > TOLERANCE {
                    out.push(Misfit::OutOfParent { page, panel: a.name.clone(), parent: parent.name.clone(), by });
                }
            }
            for (j, b) in self.boundaries.iter().enumerate().skip(i + 1).filter(|(_, b)| b.panel) {
                let nested = b.ancestors.contains(&i) || a.ancestors.contains(&j);
                let by = a.rect.overlap(&b.rect);
                if !nested && by > TOLERANCE {
                    out.push(Misfit::Overlap { page, panels: [a.name.clone(), b.name.clone()], by });
                }
            }
        }
        // Text over text: sorted by their tops, each is compared with those that start above
        // its foot.
        let mut order: Vec<&Text<'a>> = self.texts.iter().filter(|t| !t.text.trim().is_empty()).collect();
        order.sort_by(|a, b| a.rect.y0.total_cmp(&b.rect.y0));
        for (i, a) in order.iter().enumerate() {
            for b in order[i + 1..].iter().take_while(|b| b.rect.y0 < a.rect.y1 - TOLERANCE) {
                if a.rect.overlap(&b.rect) > TOLERANCE {
                    out.push(Misfit::Overprint {
                        page,
                        panel: self.boundaries[b.boundary].name.clone(),
                        text: b.text.to_owned(),
                        under: a.text.to_owned(),
                        under_panel: self.boundaries[a.boundary].name.clone(),
                        same_line: (a.rect.y1 - b.rect.y1).abs() < TOLERANCE,
                    });
                }
            }
        }
    }
}

/// The width of a run as far as its last letter or figure: a justified line's last run
/// carries the space after its last word, and punctuation that ends a line hangs into the
/// margin by design (Typst's overhang); neither is text running out of its place. A run of
/// punctuation alone (a footnote mark) keeps its whole width.
fn inked_width(text: &typst::text::TextItem) -> Abs {
    let glyph_text = |g: &typst::text::Glyph| text.text.get(g.range()).unwrap_or_default();
    let hangs = |g: &&typst::text::Glyph| {
        glyph_text(g).chars().all(|c| c.is_whitespace() || c.is_ascii_punctuation() || "–—’”".contains(c))
    };
    let trailing = text.glyphs.iter().rev().take_while(hangs).count();
    let kept = if trailing == text.glyphs.len() {
        text.glyphs.len() - text.glyphs.iter().rev().take_while(|g| glyph_text(g).trim().is_empty()).count()
    } else {
        text.glyphs.len() - trailing
    };
    text.glyphs[..kept].iter().map(|g| g.x_advance).sum::<typst::layout::Em>().at(text.size)
}

/// Everything on the document's pages that does not fit, page by page, at most a few.
pub fn check(document: &PagedDocument) -> Vec<Misfit> {
    let mut out = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        let frame = &page.frame;
        let mut collected = Page::default();
        collected.boundaries.push(Boundary {
            name: "page".into(),
            rect: Rect::of(frame.width(), frame.height(), Transform::identity()),
            ancestors: Vec::new(),
            panel: true,
        });
        collected.collect(frame, Transform::identity(), &mut vec![0]);
        collected.misfits(i + 1, &mut out);
    }
    out.truncate(MAX_COLLECTED);
    out
}

/// What was laid out: the factsheet's two pages, or the email's card, one page with panels
/// of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Pages,
    Card,
}

impl Place {
    /// Its labelled panels.
    fn panels(self) -> &'static [Panel] {
        match self {
            Place::Pages => PANELS,
            Place::Card => CARD_PANELS,
        }
    }

    /// What a message calls page `n` of it.
    fn page(self, n: usize) -> String {
        match self {
            Place::Pages => format!("page {n}"),
            Place::Card => "the email's card".into(),
        }
    }

    /// What a message calls a page of it in general.
    fn sheet(self) -> &'static str {
        match self {
            Place::Pages => "the page",
            Place::Card => "the card",
        }
    }
}

/// A panel the layouts label: its name, what a reader calls it, the page it is on (0 for
/// both), and the fields of the data file it prints (prefixes of field paths).
type Panel = (&'static str, &'static str, usize, &'static [&'static str]);

const PANELS: &[Panel] = &[
    ("header", "the header", 0, &["edition.title", "edition.operation", "edition.organisation"]),
    ("headline", "the headline estimate", 1, &["arrivals.estimate", "arrivals.last_year"]),
    ("summary", "the summary of arrivals", 1, &["arrivals.context", "edition.region"]),
    (
        "arrivals-chart",
        "the chart of monthly arrivals",
        1,
        &["arrivals.monthly", "arrivals.monthly_last_year", "arrivals.mark"],
    ),
    ("map", "the panel of arrivals per country", 1, &["countries", "arrivals.by_country", "notes.map_disclaimer"]),
    ("map-room", "the room its column leaves it", 1, &[]),
    ("map-drawing", "the map", 1, &["countries"]),
    ("asylum", "the asylum statistics", 1, &["asylum", "edition.region"]),
    ("figure", "the key figures", 0, &["asylum.intentions", "asylum.applications", "present.total"]),
    ("footnotes", "the footnotes", 1, &["notes.footnotes"]),
    ("present-summary", "the summary of persons present", 2, &["present.accommodation", "edition.region", "countries"]),
    ("breakdown", "the regional breakdown", 2, &["countries", "present.by_country"]),
    ("nationalities", "the nationalities", 2, &["present.by_nationality", "edition.region"]),
    ("uasc", "the children present", 2, &["present.uasc"]),
    ("present-chart", "the chart of persons present", 2, &["present.monthly"]),
    ("data-note", "the data note", 2, &["notes.data_note"]),
    ("footer", "the footer", 0, &["notes.source", "edition.contact"]),
];

/// The panels of the email's card (`layouts/card.typ`).
const CARD_PANELS: &[Panel] = &[
    ("header", "the header", 1, &["edition.title", "edition.operation", "edition.organisation"]),
    ("headline", "the headline estimate", 1, &["arrivals.estimate", "arrivals.last_year"]),
    ("key-figures", "the key figures", 1, &["asylum", "present.total", "present.uasc", "edition.region"]),
    ("figure", "the key figures", 1, &["asylum.intentions", "asylum.applications", "present.total", "present.uasc"]),
    (
        "arrivals-chart",
        "the chart of monthly arrivals",
        1,
        &["arrivals.monthly", "arrivals.monthly_last_year", "arrivals.mark"],
    ),
    ("countries", "the figures per country", 1, &["countries", "arrivals.by_country"]),
    ("footer", "the footer", 1, &["notes.source", "edition.contact"]),
];

fn panel(place: Place, name: &str) -> Option<&'static Panel> {
    place.panels().iter().find(|(n, ..)| *n == name)
}

/// What a reader calls a panel.
fn describe(place: Place, name: &str) -> String {
    panel(place, name).map_or_else(|| format!("the {name}"), |(_, words, ..)| (*words).to_owned())
}

/// The panels of a page.
fn on_page(place: Place, page: usize) -> Vec<&'static str> {
    place.panels().iter().filter(|(_, _, p, _)| *p == 0 || *p == page).map(|(n, ..)| *n).collect()
}

/// Text shortened for a message.
fn quote(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 40 {
        format!("“{}…”", text.chars().take(39).collect::<String>())
    } else {
        format!("“{text}”")
    }
}

/// Every field of a data file as the pages print it: texts as they are, counts with their
/// thousands separators.
pub fn printed_fields(data: &serde_json::Value) -> Vec<(FieldPath, String)> {
    fn walk(value: &serde_json::Value, path: FieldPath, out: &mut Vec<(FieldPath, String)>) {
        match value {
            serde_json::Value::String(s) => out.push((path, s.clone())),
            serde_json::Value::Number(n) => {
                if let Some(n) = n.as_u64() {
                    out.push((path, thousands(n)));
                }
            }
            serde_json::Value::Array(items) => {
                items.iter().enumerate().for_each(|(i, v)| walk(v, path.index(i), out));
            }
            // A text by language is printed as its field, in whichever language.
            serde_json::Value::Object(fields)
                if path.last_key().is_some_and(|k| crate::input::validate::TEXTS.contains(&k))
                    && fields.values().all(|v| v.is_string()) =>
            {
                out.extend(fields.values().filter_map(|v| Some((path.clone(), v.as_str()?.to_owned()))));
            }
            serde_json::Value::Object(fields) => {
                fields.iter().for_each(|(k, v)| walk(v, path.key(k), out));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(data, FieldPath::root(), &mut out);
    out
}

/// Whether a field is one a panel prints.
fn in_panels(place: Place, path: &FieldPath, panels: &[&str]) -> bool {
    let path = path.to_string();
    panels
        .iter()
        .filter_map(|name| panel(place, name))
        .flat_map(|(.., fields)| fields.iter())
        .any(|prefix| path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '['])))
}

/// The fields of some panels (all fields when none of the names is known).
fn pool<'f>(place: Place, fields: &'f [(FieldPath, String)], panels: &[&str]) -> Vec<&'f (FieldPath, String)> {
    let ours: Vec<&(FieldPath, String)> = fields.iter().filter(|(p, _)| in_panels(place, p, panels)).collect();
    if ours.is_empty() { fields.iter().collect() } else { ours }
}

/// The field of the panels whose printed text is a text that does not fit: the shortest that
/// holds it, else the longest that it holds.
fn blame(place: Place, fields: &[(FieldPath, String)], panels: &[&str], text: &str) -> Option<FieldPath> {
    let text = text.trim();
    if text.chars().count() < 2 {
        return None;
    }
    let pool = pool(place, fields, panels);
    let holding = pool.iter().filter(|(_, v)| v.contains(text)).min_by_key(|(_, v)| v.len());
    let held =
        pool.iter().filter(|(_, v)| v.chars().count() >= 2 && text.contains(v.as_str())).max_by_key(|(_, v)| v.len());
    holding.or(held).map(|(path, _)| path.clone())
}

/// The field of the panels nearest its limit (the longer on a tie): of texts that do not fit
/// together, the one most likely made too long.
fn fullest(place: Place, fields: &[(FieldPath, String)], panels: &[&str]) -> Option<FieldPath> {
    // Texts that take room on the page: not marks, codes, addresses or figures.
    let small = ["mark", "ratio_mark", "code", "url", "geometry", "published"];
    pool(place, fields, panels)
        .into_iter()
        .filter(|(p, v)| {
            !p.last_key().is_some_and(|k| small.contains(&k)) && !v.chars().all(|c| c.is_ascii_digit() || c == ',')
        })
        .max_by(|a, b| fullness(fields, &a.0).total_cmp(&fullness(fields, &b.0)).then(a.1.len().cmp(&b.1.len())))
        .map(|(p, _)| p.clone())
}

/// How full a field is: its length against the most its place takes (see
/// [`text_limit`](crate::input::validate::text_limit)); a count's digits against nine.
fn fullness(fields: &[(FieldPath, String)], path: &FieldPath) -> f64 {
    let Some((_, printed)) = fields.iter().find(|(p, _)| p == path) else { return 0.0 };
    let key = path.last_key();
    let chars = printed.chars().count() as f64;
    if printed.chars().all(|c| c.is_ascii_digit() || c == ',') && key.is_some_and(|k| k != "name") {
        return printed.chars().filter(char::is_ascii_digit).count() as f64 / 9.0;
    }
    chars / crate::input::validate::text_limit(key.unwrap_or_default()).0 as f64
}

/// What one misfit says about the data: a text too wide for its place, which is that text's
/// field; or a page too full for its panels, which is the longest text of them all.
enum Finding {
    /// A text too wide for its place; `other`, a text it is printed over, may be the one.
    Text { page: usize, panel: String, text: String, other: Option<String>, message: String },
    /// `texts`: the texts that do not fit, when known.
    Crowded { page: usize, panels: Vec<String>, texts: Vec<String>, message: String },
}

fn finding(place: Place, misfit: &Misfit) -> Finding {
    let describe = |name: &str| describe(place, name);
    match misfit {
        Misfit::OutOfPanel { page, panel, text, by, sideways: true } => Finding::Text {
            page: *page,
            panel: panel.clone(),
            text: text.clone(),
            other: None,
            message: format!("{} runs {by:.0} pt out of {} on {}", quote(text), describe(panel), place.page(*page)),
        },
        Misfit::OutOfPanel { page, panel, text, by, sideways: false } => Finding::Crowded {
            page: *page,
            panels: vec![panel.clone()],
            texts: vec![text.clone()],
            message: format!("{} runs {by:.0} pt out of {}", quote(text), describe(panel)),
        },
        Misfit::Overprint { page, panel, text, under, under_panel, same_line: true } if panel == under_panel => {
            Finding::Text {
                page: *page,
                panel: panel.clone(),
                text: text.clone(),
                other: Some(under.clone()),
                message: format!(
                    "{} is printed over {} in {} on {}",
                    quote(text),
                    quote(under),
                    describe(panel),
                    place.page(*page)
                ),
            }
        }
        Misfit::Overprint { page, panel, text, under, under_panel, .. } => Finding::Crowded {
            page: *page,
            panels: vec![panel.clone(), under_panel.clone()],
            texts: vec![text.clone(), under.clone()],
            message: format!(
                "{} in {} is printed over {} in {}",
                quote(text),
                describe(panel),
                quote(under),
                describe(under_panel)
            ),
        },
        Misfit::Overlap { page, panels: [a, b], by } => Finding::Crowded {
            page: *page,
            panels: vec![a.clone(), b.clone()],
            texts: Vec::new(),
            message: format!("{} and {} overlap by {by:.0} pt", describe(a), describe(b)),
        },
        Misfit::OffPage { page, panel, by } => Finding::Crowded {
            page: *page,
            panels: vec![panel.clone()],
            texts: Vec::new(),
            message: format!("{} runs {by:.0} pt off {}", describe(panel), place.sheet()),
        },
        Misfit::OutOfParent { page, panel, parent, by } => Finding::Crowded {
            page: *page,
            panels: vec![panel.clone()],
            texts: Vec::new(),
            message: format!("{} runs {by:.0} pt out of {}", describe(panel), describe(parent)),
        },
    }
}

/// The misfits as problems with the data file, at most a few, each field named once: a text
/// too wide for its place at its own field; a page too full, once per page, at the longest
/// text of the panels involved, which is the one to shorten first.
pub fn problems(
    misfits: &[Misfit],
    fields: &[(FieldPath, String)],
    place: Place,
) -> Vec<crate::input::validate::Problem> {
    use crate::input::validate::Problem;
    let mut out: Vec<Problem> = Vec::new();
    let mut crowded: Vec<(usize, Vec<String>, Vec<String>, String)> = Vec::new();
    let findings: Vec<Finding> = misfits.iter().map(|m| finding(place, m)).collect();
    let no_room = format!("shorten it: its place on {} has no room for it", place.sheet());
    // On a page too full, texts squeezed onto each other are its consequence, not texts too
    // long of their own: the page is reported, once.
    let full_pages: Vec<usize> = findings
        .iter()
        .filter_map(|f| if let Finding::Crowded { page, .. } = f { Some(*page) } else { None })
        .collect();
    for finding in findings {
        match finding {
            Finding::Text { page, other: Some(_), .. } if full_pages.contains(&page) => {}
            Finding::Text { panel, text, other, message, .. } => {
                // Of two texts printed over each other, the one nearer its field's limit is
                // the one that grew out of its place (a four-character mark over its note).
                let candidates = [Some(&text), other.as_ref()];
                let blamed = candidates
                    .into_iter()
                    .flatten()
                    .filter_map(|t| blame(place, fields, &[&panel], t))
                    .max_by(|a, b| fullness(fields, a).total_cmp(&fullness(fields, b)));
                match blamed {
                    Some(path) => out.push(Problem::error(path, message, no_room.clone())),
                    // Words that are no text of the data are the catalogue's.
                    None if !fields.iter().any(|(_, f)| !f.is_empty() && text.contains(f.as_str()))
                        && !text.chars().all(|c| c.is_ascii_digit() || c == ',') =>
                    {
                        out.push(Problem::error(
                            FieldPath::root(),
                            format!("{message}: words of the catalogue's messages, not of the data"),
                            "shorten the message that prints these words, in the operation's catalogue (edition.catalogue)",
                        ));
                    }
                    None => out.push(Problem::error(
                        fullest(place, fields, &[&panel]).unwrap_or_else(FieldPath::root),
                        message,
                        no_room.clone(),
                    )),
                }
            }
            Finding::Crowded { page, panels, texts, message } => match crowded.iter_mut().find(|(p, ..)| *p == page) {
                Some((_, all, all_texts, _)) => {
                    all.extend(panels);
                    all_texts.extend(texts);
                }
                None => crowded.push((page, panels, texts, message)),
            },
        }
    }
    for (page, mut panels, texts, message) in crowded {
        panels.dedup();
        let names: Vec<&str> = panels.iter().map(String::as_str).collect();
        // Texts crowded within one panel (a title grown over the date beside it): the field
        // of the text that is nearest its limit.
        let within = match names.as_slice() {
            [one] => texts
                .iter()
                .filter_map(|t| blame(place, fields, &[one], t))
                .max_by(|a, b| fullness(fields, a).total_cmp(&fullness(fields, b))),
            _ => None,
        };
        // Otherwise the panels that do not fit may be pushed by any other on their page.
        let mut suspects = on_page(place, page);
        suspects.extend(names.iter().filter(|n| panel(place, n).is_none()));
        let path = within.or_else(|| fullest(place, fields, &suspects)).unwrap_or_else(FieldPath::root);
        let listed: Vec<String> = {
            let mut unique: Vec<&str> = Vec::new();
            for name in &names {
                if !unique.contains(name) {
                    unique.push(name);
                }
            }
            unique.iter().map(|n| describe(place, n)).collect()
        };
        out.push(Problem::error(
            path,
            format!("{} has no room for {}: {message}", place.page(page), crate::text::sentences::join_and(&listed)),
            format!("shorten the texts of {}: this one, nearest its limit, first", place.sheet()),
        ));
    }
    let mut seen = Vec::new();
    out.retain(|p| {
        let new = !seen.contains(&p.path);
        seen.push(p.path.clone());
        new
    });
    out.truncate(MAX_REPORTED);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    #[test]
    fn excess_and_overlap() {
        let outer = rect(0.0, 0.0, 100.0, 50.0);
        assert_eq!(rect(10.0, 10.0, 20.0, 20.0).excess(&outer), 0.0);
        assert_eq!(rect(10.0, 10.0, 130.0, 20.0).excess(&outer), 30.0);
        assert_eq!(rect(-5.0, 10.0, 20.0, 60.0).excess(&outer), 10.0);
        assert_eq!(rect(90.0, 40.0, 120.0, 70.0).overlap(&outer), 10.0);
        assert_eq!(rect(100.0, 0.0, 120.0, 70.0).overlap(&outer), 0.0);
        assert_eq!(rect(200.0, 0.0, 220.0, 70.0).overlap(&outer), 0.0);
    }

    #[test]
    fn a_rectangle_turned_a_quarter_has_its_sides_swapped() {
        let ts = Transform::rotate(typst::layout::Angle::deg(-90.0));
        let r = Rect::of(Abs::pt(40.0), Abs::pt(10.0), ts);
        assert!((r.x1 - r.x0 - 10.0).abs() < 1e-6 && (r.y1 - r.y0 - 40.0).abs() < 1e-6, "{r:?}");
    }

    fn fields() -> Vec<(FieldPath, String)> {
        let data: serde_json::Value = serde_json::from_str(include_str!("../../data/2025-12.json")).unwrap();
        printed_fields(&data)
    }

    #[test]
    fn a_run_is_blamed_on_the_field_that_prints_it() {
        let fields = fields();
        let path = |panels: &[&str], text| blame(Place::Pages, &fields, panels, text).map(|p| p.to_string());
        assert_eq!(path(&["footnotes"], "**"), Some("notes.footnotes[3].mark".into()));
        assert_eq!(path(&["figure"], "14,088"), Some("asylum.intentions".into()));
        assert_eq!(path(&["header"], "Refugees, asylum-seekers"), Some("edition.title".into()));
        // Generated text that no field holds.
        assert_eq!(path(&["summary"], "reflecting a"), None);
        // The field nearest its limit: the map disclaimer (188 of 300) over the longest
        // footnote (185 of 400).
        let fullest = |panels: &[&str]| fullest(Place::Pages, &fields, panels).map(|p| p.to_string());
        assert_eq!(fullest(&["footnotes", "map"]), Some("notes.map_disclaimer".into()));
    }

    #[test]
    fn problems_name_the_panel_the_page_and_the_distance() {
        let fields = fields();
        let wide =
            Misfit::OutOfPanel { page: 1, panel: "header".into(), text: "X".repeat(60), by: 123.4, sideways: true };
        let p = problems(&[wide], &fields, Place::Pages);
        // Words no field of the data holds are the catalogue's.
        assert_eq!(
            p[0].message,
            format!(
                "“{}…” runs 123 pt out of the header on page 1: words of the catalogue's messages, not of the data",
                "X".repeat(39)
            )
        );
        assert_eq!(p[0].path, FieldPath::root());
        // A page too full: one problem, at the longest text of the panels involved.
        let short = Misfit::OutOfPanel {
            page: 1,
            panel: "asylum".into(),
            text: "To explore".into(),
            by: 16.0,
            sideways: false,
        };
        let over = Misfit::Overprint {
            page: 1,
            panel: "footnotes".into(),
            text: "Data".into(),
            under: "To explore".into(),
            under_panel: "asylum".into(),
            same_line: false,
        };
        let p = problems(&[short, over], &fields, Place::Pages);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].path.to_string(), "notes.map_disclaimer");
        assert_eq!(
            p[0].message,
            "page 1 has no room for the asylum statistics and the footnotes: “To explore” runs 16 pt out of the asylum statistics"
        );
    }

    #[test]
    fn on_the_card_problems_name_the_card_and_its_panels() {
        let fields = fields();
        // Too wide in the card's figures per country: blamed on a country's name, not on the
        // map's disclaimer, which the card does not show.
        let wide = Misfit::OutOfPanel {
            page: 1,
            panel: "countries".into(),
            text: "Bosnia and Herzegovina".into(),
            by: 12.0,
            sideways: true,
        };
        let p = problems(&[wide], &fields, Place::Card);
        assert_eq!(
            p[0].message,
            "“Bosnia and Herzegovina” runs 12 pt out of the figures per country on the email's card"
        );
        assert!(p[0].path.to_string().starts_with("countries["), "{}", p[0].path);
        assert_eq!(p[0].hint, "shorten it: its place on the card has no room for it");
        let off = Misfit::OffPage { page: 1, panel: "key-figures".into(), by: 30.0 };
        let p = problems(&[off], &fields, Place::Card);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].message.starts_with(
                "the email's card has no room for the key figures: the key figures runs 30 pt off the card"
            ),
            "{}",
            p[0].message
        );
        assert!(!p[0].path.to_string().starts_with("notes"), "{}", p[0].path);
    }

    #[test]
    fn a_title_crowding_the_date_in_the_header_is_the_title() {
        let mut fields = fields();
        let title = "W".repeat(24);
        fields.retain(|(p, _)| p.to_string() != "edition.title");
        fields.push((FieldPath::parse("edition.title"), title.clone()));
        let over = Misfit::Overprint {
            page: 1,
            panel: "header".into(),
            text: title.clone(),
            under: "December 2025".into(),
            under_panel: "header".into(),
            same_line: false,
        };
        for place in [Place::Card, Place::Pages] {
            let p = problems(std::slice::from_ref(&over), &fields, place);
            assert_eq!(p.len(), 1, "{p:?}");
            assert_eq!(p[0].path.to_string(), "edition.title", "{place:?}");
        }
        let p = problems(&[over], &fields, Place::Card);
        assert!(p[0].message.starts_with("the email's card has no room for the header"), "{}", p[0].message);
        assert!(p[0].hint.starts_with("shorten the texts of the card"), "{}", p[0].hint);
    }
}
