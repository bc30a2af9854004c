//! The country map panel: takes a region's geometry (from the world file the binary carries,
//! or a custom file), scales it to the panel, shades the countries of the factsheet by their
//! figure, and places their labels so that none overlaps another or leaves the panel, moving
//! the labels of small countries aside with a leader line. The layout only draws what this
//! computes.

pub mod region;
pub mod world;

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use crate::text::catalogue::Language;
use crate::typeset::fonts::text_width;

/// The map's width on the page, in points; its height follows the geometry's proportions.
pub const WIDTH: f64 = 232.0;
/// Label type sizes, in points.
const NAME_SIZE: f64 = 6.5;
const VALUE_SIZE: f64 = 7.5;
/// Padding inside a label box, and the gap kept between labels and the panel's edge.
const PAD: f64 = 2.0;
const EDGE: f64 = 2.0;
/// A shown country of less area than a square this many points wide is drawn as a disc of
/// [`MARKER`] radius.
const SMALLEST: f64 = 4.0;
const MARKER: f64 = 2.8;
/// A name longer than this is set on two lines.
const WRAP_CHARS: usize = 12;

/// A region's geometry file.
#[derive(Debug, Deserialize)]
pub struct Geometry {
    pub source: String,
    /// Frame size in the file's units (0.1 km).
    pub width: f64,
    pub height: f64,
    pub features: Vec<Feature>,
    /// Pairs of codes whose common boundary is drawn dashed (Serbia and Kosovo on UN maps).
    #[serde(default)]
    pub dashed: Vec<[String; 2]>,
    /// The dashed boundaries as lines already, in the file's units (a map from the world file,
    /// whose simplified neighbours no longer share their points).
    #[serde(skip)]
    pub dashed_lines: Vec<Vec<[f64; 2]>>,
    /// How much of the map lies above and below the frame, in the file's units: room a panel
    /// taller than the frame shows rather than leaving blank.
    #[serde(default)]
    pub bleed: f64,
}

#[derive(Debug, Deserialize)]
pub struct Feature {
    pub code: String,
    pub name: String,
    /// Rings as flat lists x0, y0, x1, y1, … in the file's units from the top-left, y down.
    pub rings: Vec<Vec<f64>>,
}

/// A country of the factsheet to show on the map.
#[derive(Debug, Clone)]
pub struct Entry {
    pub code: String,
    /// The name as printed, with any footnote mark.
    pub name: String,
    pub count: u64,
    /// The count as printed.
    pub value: String,
}

/// The map as the layout draws it; all lengths in points from the panel's top-left.
#[derive(Debug, Clone, Serialize)]
pub struct MapDrawing {
    pub width: f64,
    pub height: f64,
    /// Map drawn above and below the frame, in points: the SVG picture is `height + 2 bleed`
    /// tall, its top `bleed` above the frame's.
    pub bleed: f64,
    /// Neighbours first, then the shown countries, so that borders of the latter are on top.
    #[serde(skip)]
    pub shapes: Vec<Shape>,
    /// Boundaries drawn dashed, as polylines of [x, y] points.
    #[serde(skip)]
    pub dashed: Vec<Vec<[f64; 2]>>,
    /// The shapes and dashed boundaries as one SVG picture (see [`svg`]), which the layout
    /// colours and places under the labels.
    pub svg: String,
    pub labels: Vec<Label>,
    pub legend: Vec<LegendItem>,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Shape {
    pub code: String,
    /// Shading class of a shown country (index into the legend); `None` for a neighbour.
    pub class: Option<usize>,
    /// Rings as lists of [x, y] points.
    pub rings: Vec<Vec<[f64; 2]>>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Label {
    pub code: String,
    /// The name, one or two lines.
    pub lines: Vec<String>,
    pub value: String,
    /// The label box: top-left corner and size.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// Where the label belongs (inside the country), and whether a leader line joins the two.
    pub anchor: [f64; 2],
    pub leader: Option<[f64; 4]>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LegendItem {
    pub label: String,
}

/// Why the map cannot be drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum MapError {
    /// A shown country has no shape in the geometry.
    NoShape { index: usize, code: String },
    /// A label finds no place where it overlaps nothing and stays on the map.
    Crowded { code: String },
}

/// Prepares the drawing of `entries` on `geometry`.
/// `lang` writes the legend's words and figures.
pub fn draw(geometry: &Geometry, entries: &[Entry], lang: &Language) -> Result<MapDrawing, MapError> {
    let scale = WIDTH / geometry.width;
    let height = geometry.height * scale;
    let breaks = class_breaks(&entries.iter().map(|e| e.count).collect::<Vec<_>>());
    let class_of = |count: u64| breaks.iter().take_while(|b| count >= **b).count();

    let mut shapes = Vec::new();
    let mut shown = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        let feature = geometry
            .features
            .iter()
            .find(|f| f.code == entry.code)
            .ok_or_else(|| MapError::NoShape { index, code: entry.code.clone() })?;
        shown.push((entry, scaled(feature, scale)));
    }
    for feature in &geometry.features {
        if !entries.iter().any(|e| e.code == feature.code) {
            shapes.push(Shape { code: feature.code.clone(), class: None, rings: scaled(feature, scale) });
        }
    }
    // A country too small to see at the panel's scale (Malta, Luxembourg, Djibouti on a wide
    // map) is drawn as a disc of its shade, so that it shows and its label's leader points at
    // something.
    for (entry, rings) in &mut shown {
        let area = |ring: &Vec<[f64; 2]>| {
            ring.windows(2).map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1]).sum::<f64>().abs() / 2.0
        };
        let total: f64 = rings.iter().map(area).sum();
        // Centred on its largest island.
        let largest = rings.iter().max_by(|a, b| area(a).total_cmp(&area(b)));
        if let Some(largest) = largest.filter(|_| total < SMALLEST * SMALLEST) {
            let (x0, y0, x1, y1) = largest.iter().fold((f64::MAX, f64::MAX, f64::MIN, f64::MIN), |b, p| {
                (b.0.min(p[0]), b.1.min(p[1]), b.2.max(p[0]), b.3.max(p[1]))
            });
            let centre = [(x0 + x1) / 2.0, (y0 + y1) / 2.0];
            *rings = vec![
                (0..12)
                    .map(|k| {
                        let a = f64::from(k) * std::f64::consts::PI / 6.0;
                        [round1(centre[0] + MARKER * a.cos()), round1(centre[1] + MARKER * a.sin())]
                    })
                    .collect(),
            ];
        }
        shapes.push(Shape { code: entry.code.clone(), class: Some(class_of(entry.count)), rings: rings.clone() });
    }

    let labels = {
        let _scope = crate::typeset::timings::scope("place the map's labels");
        place_labels(&shown, WIDTH, height)?
    };
    let feature = |code: &str| geometry.features.iter().find(|f| f.code == code);
    let dashed: Vec<Vec<[f64; 2]>> = geometry
        .dashed
        .iter()
        .filter_map(|[a, b]| Some(shared_lines(feature(a)?, feature(b)?)))
        .flatten()
        .chain(geometry.dashed_lines.iter().cloned())
        .map(|line| line.into_iter().map(|[x, y]| [round1(x * scale), round1(y * scale)]).collect())
        .collect();
    let bleed = round1(geometry.bleed * scale);
    Ok(MapDrawing {
        width: WIDTH,
        height,
        bleed,
        svg: svg(WIDTH, height, bleed, &shapes, &dashed),
        shapes,
        dashed,
        labels,
        legend: legend(&breaks, lang),
        source: geometry.source.clone(),
    })
}

/// Where the layout puts its stylesheet in the map's SVG.
pub const SVG_STYLE_SLOT: &str = "/* theme */";

/// The map's shapes as an SVG picture of `width` × `height` points, one path per country. It
/// carries no colours, only classes, so the layout's theme decides them: `land` for the
/// neighbours, `shade-N` for a shown country in shading class N, `dashed` for the dashed
/// boundaries. The layout replaces [`SVG_STYLE_SLOT`] with its CSS. A picture in one piece is
/// far cheaper for Typst to place than a polygon per ring.
pub fn svg(width: f64, height: f64, bleed: f64, shapes: &[Shape], dashed: &[Vec<[f64; 2]>]) -> String {
    let whole = height + 2.0 * bleed;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.1}\" height=\"{whole:.1}\" \
         viewBox=\"0 {:.1} {width:.1} {whole:.1}\"><style>{SVG_STYLE_SLOT}</style>\n",
        // Written as 0.0 rather than -0.0 when there is no bleed.
        -bleed + 0.0
    );
    let points = |out: &mut String, line: &[[f64; 2]]| {
        for (i, [x, y]) in line.iter().enumerate() {
            out.push(if i == 0 { 'M' } else { 'L' });
            push_tenths(out, *x);
            out.push(' ');
            push_tenths(out, *y);
        }
    };
    for shape in shapes {
        let class = match shape.class {
            Some(n) => format!("shade-{n}"),
            None => "land".to_owned(),
        };
        let _ = write!(out, "<path class=\"{class}\" d=\"");
        for ring in &shape.rings {
            points(&mut out, ring);
            out.push('Z');
        }
        out.push_str("\"/>\n");
    }
    for line in dashed {
        out.push_str("<path class=\"dashed\" d=\"");
        points(&mut out, line);
        out.push_str("\"/>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// Writes a coordinate with one decimal, as `{:.1}` does, by integer arithmetic for the
/// positive numbers a map has, digit by digit: formatting floats was a quarter of preparing the
/// map, and `write!` of the integers still a fifth.
fn push_tenths(out: &mut String, v: f64) {
    let tenths = (v * 10.0).round();
    if tenths.is_sign_positive() && tenths < 1e15 {
        let tenths = tenths as u64;
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        let mut whole = tenths / 10;
        loop {
            start -= 1;
            digits[start] = b'0' + (whole % 10) as u8;
            whole /= 10;
            if whole == 0 {
                break;
            }
        }
        out.extend(digits[start..].iter().map(|&d| char::from(d)));
        out.push('.');
        out.push(char::from(b'0' + (tenths % 10) as u8));
    } else {
        // Writing into a String cannot fail.
        let _ = write!(out, "{v:.1}");
    }
}

/// The stretches of `a`'s outline that are also `b`'s, in the file's units. Shared borders
/// were simplified once for both countries, so their vertices are the same numbers.
pub(crate) fn shared_lines(a: &Feature, b: &Feature) -> Vec<Vec<[f64; 2]>> {
    let key = |p: &[f64]| (p[0].round() as i64, p[1].round() as i64);
    let theirs: std::collections::HashSet<(i64, i64)> =
        b.rings.iter().flat_map(|r| r.chunks_exact(2).map(key)).collect();
    let mut lines = Vec::new();
    for ring in &a.rings {
        let points: Vec<&[f64]> = ring.chunks_exact(2).collect();
        let shared: Vec<bool> = points.iter().map(|p| theirs.contains(&key(p))).collect();
        let n = points.len();
        // Start just after a vertex that is not shared, so that no stretch wraps around.
        let Some(start) = shared.iter().position(|s| !s) else {
            let mut whole: Vec<[f64; 2]> = points.iter().map(|p| [p[0], p[1]]).collect();
            whole.extend(whole.first().copied());
            lines.push(whole);
            continue;
        };
        let mut run: Vec<[f64; 2]> = Vec::new();
        for k in 1..=n {
            let i = (start + k) % n;
            if shared[i] {
                run.push([points[i][0], points[i][1]]);
            } else {
                if run.len() >= 2 {
                    lines.push(std::mem::take(&mut run));
                }
                run.clear();
            }
        }
        if run.len() >= 2 {
            lines.push(run);
        }
    }
    lines
}

fn scaled(feature: &Feature, scale: f64) -> Vec<Vec<[f64; 2]>> {
    feature
        .rings
        .iter()
        .map(|ring| ring.chunks_exact(2).map(|p| [round1(p[0] * scale), round1(p[1] * scale)]).collect())
        .collect()
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// The most shading classes a map has.
const CLASSES: usize = 4;

/// The lowest figure of each shading class after the first, from the figures themselves: the
/// countries in order of their figure are cut into up to four groups of nearly equal size,
/// each cut at the roundest number between the figures on either side of it. So no class
/// holds more than its share of countries, however skewed the figures; equal figures always
/// share a class.
pub fn class_breaks(counts: &[u64]) -> Vec<u64> {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    let distinct = {
        let mut d = sorted.clone();
        d.dedup();
        d.len()
    };
    let classes = CLASSES.min(distinct);
    let mut breaks: Vec<u64> = Vec::new();
    for j in 1..classes {
        // The first country of group j, moved up past any equal to the one before it.
        let mut i = (j * n).div_ceil(classes);
        while i < n && sorted[i] == sorted[i - 1] {
            i += 1;
        }
        if i >= n {
            break;
        }
        let cut = roundest_above(sorted[i - 1], sorted[i]);
        if breaks.last().is_none_or(|&b| cut > b) {
            breaks.push(cut);
        }
    }
    breaks
}

/// The number with the most trailing zeros that is above `low` and at most `high`.
fn roundest_above(low: u64, high: u64) -> u64 {
    let mut power: u64 = 1;
    while let Some(next) = power.checked_mul(10) {
        if next > high {
            break;
        }
        power = next;
    }
    loop {
        let candidate = (low / power + 1).saturating_mul(power);
        if candidate <= high || power == 1 {
            return candidate.min(high);
        }
        power /= 10;
    }
}

/// The shading legend of a map of these figures, which needs no geometry.
pub fn legend_of(counts: &[u64], lang: &Language) -> Vec<LegendItem> {
    legend(&class_breaks(counts), lang)
}

/// Legend labels for the classes the breaks make.
fn legend(breaks: &[u64], lang: &Language) -> Vec<LegendItem> {
    let mut items = Vec::new();
    let mut lower = 0;
    for &upper in breaks {
        let label = if lower == 0 {
            lang.text("legend-below", &[("value", lang.number(upper).into())])
        } else {
            lang.text("legend-range", &[("from", lang.number(lower).into()), ("to", lang.number(upper - 1).into())])
        };
        items.push(LegendItem { label });
        lower = upper;
    }
    let label = if lower == 0 {
        lang.text("legend-all", &[])
    } else {
        lang.text("legend-above", &[("value", lang.number(lower).into())])
    };
    items.push(LegendItem { label });
    items
}

/// Splits a long name at the space nearest its middle.
fn wrap(name: &str) -> Vec<String> {
    if name.chars().count() <= WRAP_CHARS {
        return vec![name.to_owned()];
    }
    let middle = name.len() / 2;
    match name.match_indices(' ').map(|(i, _)| i).min_by_key(|i| i.abs_diff(middle)) {
        Some(i) => vec![name[..i].to_owned(), name[i + 1..].to_owned()],
        None => vec![name.to_owned()],
    }
}

/// An axis-aligned box: x, y, w, h.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }

    fn within(&self, width: f64, height: f64) -> bool {
        self.x >= EDGE && self.y >= EDGE && self.x + self.w <= width - EDGE && self.y + self.h <= height - EDGE
    }

    fn contains(&self, p: [f64; 2]) -> bool {
        p[0] >= self.x && p[0] <= self.x + self.w && p[1] >= self.y && p[1] <= self.y + self.h
    }

    fn corners(&self) -> [[f64; 2]; 4] {
        [[self.x, self.y], [self.x + self.w, self.y], [self.x, self.y + self.h], [self.x + self.w, self.y + self.h]]
    }

    /// The point of the box's edge nearest to `p`.
    fn nearest(&self, p: [f64; 2]) -> [f64; 2] {
        [p[0].clamp(self.x, self.x + self.w), p[1].clamp(self.y, self.y + self.h)]
    }
}

/// Whether a point is inside a set of rings (even-odd rule).
fn inside(rings: &[Vec<[f64; 2]>], p: [f64; 2]) -> bool {
    let mut odd = false;
    for ring in rings {
        // Each edge from the point before, starting with the one that closes the ring.
        let Some(mut a) = ring.last().copied() else { continue };
        for &b in ring {
            if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]) {
                odd = !odd;
            }
            a = b;
        }
    }
    odd
}

/// The edges of rings, each ring closed by an edge from its last point to its first: the form
/// the search for a label's anchor visits hundreds of times.
fn edges(rings: &[Vec<[f64; 2]>]) -> Vec<[[f64; 2]; 2]> {
    let mut edges = Vec::new();
    for ring in rings {
        let Some(mut a) = ring.last().copied() else { continue };
        for &b in ring {
            edges.push([a, b]);
            a = b;
        }
    }
    edges
}

/// Distance from a point inside the rings to their nearest edge; `None` when the point is
/// outside, or as soon as an edge is nearer than `floor` (callers only want points farther than
/// that). The distances start from edge `near`, where the search leaves the nearest edge it
/// found: the next point of a search grid has the same edges near it, so a point no farther
/// than the best so far is ruled out after a few edges, and only a point that may be better
/// is tested for being inside at all. The answer is the same from any start.
fn inner_distance(edges: &[[[f64; 2]; 2]], p: [f64; 2], floor: f64, near: &mut usize) -> Option<f64> {
    let floor2 = floor * floor.abs();
    let mut best = f64::INFINITY;
    let start = (*near).min(edges.len());
    let (before, from) = edges.split_at(start);
    for (k, [a, b]) in from.iter().chain(before).enumerate() {
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len2 = dx * dx + dy * dy;
        let t = if len2 == 0.0 { 0.0 } else { (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0) };
        let (qx, qy) = (a[0] + t * dx, a[1] + t * dy);
        let d = (p[0] - qx).powi(2) + (p[1] - qy).powi(2);
        if d < best {
            best = d;
            *near = (start + k) % edges.len();
        }
        if best <= floor2 {
            return None;
        }
    }
    let mut odd = false;
    for [a, b] in edges {
        if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]) {
            odd = !odd;
        }
    }
    odd.then(|| best.sqrt())
}

/// The bounding box of rings: x0, y0, x1, y1.
fn bounds(rings: &[Vec<[f64; 2]>]) -> [f64; 4] {
    let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    for p in rings.iter().flatten() {
        b = [b[0].min(p[0]), b[1].min(p[1]), b[2].max(p[0]), b[3].max(p[1])];
    }
    b
}

/// A shown country's outline with its bounding box, which rules most points out at once.
struct Outline<'a> {
    rings: &'a [Vec<[f64; 2]>],
    bounds: [f64; 4],
}

impl Outline<'_> {
    fn contains(&self, p: [f64; 2]) -> bool {
        let [x0, y0, x1, y1] = self.bounds;
        p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1 && inside(self.rings, p)
    }
}

/// The point inside the rings farthest from their edges, where a label sits most comfortably
/// even in a concave country: the best of a coarse grid, refined twice on finer grids around
/// it (a few hundred distance computations instead of thousands).
fn pole(rings: &[Vec<[f64; 2]>]) -> [f64; 2] {
    let [x0, y0, x1, y1] = bounds(rings);
    let edges = edges(rings);
    let mut near = 0;
    let mut best = ([(x0 + x1) / 2.0, (y0 + y1) / 2.0], -1.0);
    let (mut cell_x, mut cell_y) = ((x1 - x0) / 16.0, (y1 - y0) / 16.0);
    let mut window = [x0, y0, x1, y1];
    for _ in 0..3 {
        let steps_x = ((window[2] - window[0]) / cell_x).round().max(1.0) as usize;
        let steps_y = ((window[3] - window[1]) / cell_y).round().max(1.0) as usize;
        for i in 0..=steps_x {
            for j in 0..=steps_y {
                let p = [window[0] + cell_x * i as f64, window[1] + cell_y * j as f64];
                // The outline lies within its bounding box, so no point of it is farther from
                // the outline than from the box's nearest side: most of a coarse grid is ruled
                // out here once a point well inside has been found.
                let room = (p[0] - x0).min(x1 - p[0]).min(p[1] - y0).min(y1 - p[1]);
                if room <= best.1 {
                    continue;
                }
                if let Some(d) = inner_distance(&edges, p, best.1, &mut near)
                    && d > best.1
                {
                    best = (p, d);
                }
            }
        }
        let [bx, by] = best.0;
        window = [bx - cell_x, by - cell_y, bx + cell_x, by + cell_y];
        cell_x /= 4.0;
        cell_y /= 4.0;
    }
    best.0
}

fn area(rings: &[Vec<[f64; 2]>]) -> f64 {
    rings
        .iter()
        .map(|r| {
            (0..r.len())
                .map(|i| r[i][0] * r[(i + 1) % r.len()][1] - r[(i + 1) % r.len()][0] * r[i][1])
                .sum::<f64>()
                .abs()
                / 2.0
        })
        .sum()
}

/// Places one label per shown country: centred on the country when it fits inside it and
/// clear of the others, otherwise at the nearest free spot around it with a leader line.
fn place_labels(shown: &[(&Entry, Vec<Vec<[f64; 2]>>)], width: f64, height: f64) -> Result<Vec<Label>, MapError> {
    let line_height = NAME_SIZE * 1.25;
    let anchors: Vec<[f64; 2]> = shown.iter().map(|(_, rings)| pole(rings)).collect();
    let size = |entry: &Entry| {
        let lines = wrap(&entry.name);
        let w = lines
            .iter()
            .map(|l| text_width(l, NAME_SIZE, 400))
            .fold(text_width(&entry.value, VALUE_SIZE, 700), f64::max)
            + 2.0 * PAD;
        (w, lines.len() as f64 * line_height + VALUE_SIZE * 1.2 + 2.0 * PAD)
    };
    let centred = |i: usize| {
        let (w, h) = size(shown[i].0);
        Rect { x: anchors[i][0] - w / 2.0, y: anchors[i][1] - h / 2.0, w, h }
    };
    let outlines: Vec<Outline> = shown.iter().map(|(_, rings)| Outline { rings, bounds: bounds(rings) }).collect();
    let fits: Vec<bool> =
        (0..shown.len()).map(|i| centred(i).corners().iter().all(|c| outlines[i].contains(*c))).collect();
    let areas: Vec<f64> = shown.iter().map(|(_, rings)| area(rings)).collect();
    // Labels that fit inside their country first, largest country first; then the others,
    // smallest first, so that the countries with least room choose their spot first.
    let mut order: Vec<usize> = (0..shown.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (fits[a], fits[b]);
        let (aa, ab) = (areas[a], areas[b]);
        fb.cmp(&fa).then(if fa { ab.total_cmp(&aa) } else { aa.total_cmp(&ab) })
    });
    // How many shown countries other than `i` contain `p`.
    let others_at =
        |i: usize, p: [f64; 2]| outlines.iter().enumerate().filter(|(j, o)| *j != i && o.contains(p)).count();

    let mut placed: Vec<(usize, Rect, Option<[f64; 4]>)> = Vec::new();
    for i in order {
        let (w, h) = size(shown[i].0);
        let anchor = anchors[i];
        let free = |r: &Rect| {
            r.within(width, height)
                && placed.iter().all(|(_, other, _)| !r.overlaps(other))
                && anchors.iter().enumerate().all(|(j, a)| j == i || !r.contains(*a))
        };
        let centred = centred(i);
        let fits_inside = fits[i];
        let (rect, leader) = if fits_inside && free(&centred) {
            (centred, None)
        } else {
            // Around the anchor, nearest first; right and left before up and down, since
            // labels are wider than tall.
            let mut candidates = Vec::new();
            for step in 1..=12 {
                let d = 6.0 + 5.0 * step as f64;
                for (dx, dy) in [
                    (1.0_f64, 0.0_f64),
                    (-1.0, 0.0),
                    (1.0, 0.7),
                    (-1.0, 0.7),
                    (1.0, -0.7),
                    (-1.0, -0.7),
                    (0.0, 1.0),
                    (0.0, -1.0),
                ] {
                    let norm: f64 = (dx * dx + dy * dy).sqrt();
                    let (cx, cy) = (anchor[0] + dx / norm * d, anchor[1] + dy / norm * d);
                    let x = if dx > 0.0 {
                        cx
                    } else if dx < 0.0 {
                        cx - w
                    } else {
                        cx - w / 2.0
                    };
                    let y = if dy > 0.0 {
                        cy
                    } else if dy < 0.0 {
                        cy - h
                    } else {
                        cy - h / 2.0
                    };
                    candidates.push(Rect { x, y, w, h });
                }
            }
            // Of the free spots, the one that is near and covers little of the other shown
            // countries, with its box or its leader line: a label on a neighbour, or a leader
            // across one, can be read as belonging to it.
            let covering = |r: &Rect| {
                let mut n = 0;
                for gx in 0..5 {
                    for gy in 0..3 {
                        let p = [r.x + r.w * gx as f64 / 4.0, r.y + r.h * gy as f64 / 2.0];
                        n += others_at(i, p);
                    }
                }
                // A leader line across another country reads as pointing at it.
                let end = r.nearest(anchor);
                for t in 1..10 {
                    let t = f64::from(t) / 10.0;
                    let p = [anchor[0] + (end[0] - anchor[0]) * t, anchor[1] + (end[1] - anchor[1]) * t];
                    n += others_at(i, p);
                }
                n
            };
            // Candidates come nearest first, so once the distance alone outweighs the best
            // score so far, no later one can win.
            let mut best: Option<(usize, Rect)> = None;
            for (order, r) in candidates.into_iter().enumerate() {
                let distance = order / 8;
                if best.is_some_and(|(score, _)| distance >= score) {
                    break;
                }
                if free(&r) {
                    let score = covering(&r) + distance;
                    if best.is_none_or(|(s, _)| score < s) {
                        best = Some((score, r));
                    }
                }
            }
            match best.map(|(_, r)| r) {
                Some(r) => {
                    let end = r.nearest(anchor);
                    (r, Some([anchor[0], anchor[1], end[0], end[1]]))
                }
                // Nowhere free: better no map than labels on top of each other.
                None => return Err(MapError::Crowded { code: shown[i].0.code.clone() }),
            }
        };
        placed.push((i, rect, leader));
    }
    placed.sort_by_key(|(i, _, _)| *i);
    Ok(placed
        .into_iter()
        .map(|(i, r, leader)| Label {
            code: shown[i].0.code.clone(),
            lines: wrap(&shown[i].0.name),
            value: shown[i].0.value.clone(),
            x: round1(r.x),
            y: round1(r.y),
            w: round1(r.w),
            h: round1(r.h),
            anchor: [round1(anchors[i][0]), round1(anchors[i][1])],
            leader: leader.map(|l| l.map(round1)),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Language {
        Language::built_in("en").unwrap()
    }

    /// The Western Balkans from the world map, with the Serbia–Kosovo boundary dashed.
    fn geometry() -> Geometry {
        let codes: Vec<String> = ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"].map(String::from).to_vec();
        region::geometry(&codes, &[["SRB".into(), "XKX".into()]], WIDTH).unwrap()
    }

    fn entries(codes: &[(&str, &str, u64)]) -> Vec<Entry> {
        codes
            .iter()
            .map(|(code, name, count)| Entry {
                code: (*code).into(),
                name: (*name).into(),
                count: *count,
                value: en().number(*count),
            })
            .collect()
    }

    fn assert_clean(drawing: &MapDrawing) {
        for (i, a) in drawing.labels.iter().enumerate() {
            let ra = Rect { x: a.x, y: a.y, w: a.w, h: a.h };
            assert!(ra.within(drawing.width + 0.1, drawing.height + 0.1), "{} leaves the panel: {ra:?}", a.code);
            for b in &drawing.labels[i + 1..] {
                let rb = Rect { x: b.x, y: b.y, w: b.w, h: b.h };
                assert!(!ra.overlaps(&rb), "{} overlaps {}", a.code, b.code);
            }
        }
    }

    #[test]
    fn the_western_balkans_labels_never_overlap_or_leave_the_panel() {
        let shown = entries(&[
            ("ALB", "Albania", 3_215),
            ("BIH", "Bosnia and Herzegovina", 6_874),
            ("XKX", "Kosovo²", 312),
            ("MNE", "Montenegro", 2_418),
            ("MKD", "North Macedonia*", 1_136),
            ("SRB", "Serbia**", 5_209),
        ]);
        let drawing = draw(&geometry(), &shown, &en()).unwrap();
        assert_clean(&drawing);
        assert_eq!(drawing.labels.len(), 6);
        // Kosovo is too small for its label: it is moved aside with a leader line.
        let kosovo = drawing.labels.iter().find(|l| l.code == "XKX").unwrap();
        assert!(kosovo.leader.is_some());
        // Shown countries are drawn last and shaded; the rest are neighbours.
        assert_eq!(drawing.shapes.iter().filter(|s| s.class.is_some()).count(), 6);
        assert!(drawing.shapes.iter().any(|s| s.code == "HRV" && s.class.is_none()));
        // The Serbia-Kosovo boundary is one dashed stretch, and only that.
        assert_eq!(drawing.dashed.len(), 1);
        assert!(drawing.dashed[0].len() > 10);
    }

    #[test]
    fn the_svg_has_a_path_per_country_classed_by_shade_and_the_dashed_boundary() {
        let shapes = vec![
            Shape { code: "AAA".into(), class: None, rings: vec![vec![[0.0, 0.0], [10.0, 0.0], [10.0, 5.5]]] },
            Shape {
                code: "BBB".into(),
                class: Some(2),
                rings: vec![vec![[1.0, 1.0], [2.0, 1.0], [2.0, 2.0]], vec![[5.0, 5.0], [6.0, 5.0], [6.0, 6.0]]],
            },
        ];
        let svg = svg(20.0, 10.5, 0.0, &shapes, &[vec![[10.0, 0.0], [10.0, 5.5]]]);
        assert_eq!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20.0\" height=\"10.5\" viewBox=\"0 0.0 20.0 10.5\">\
             <style>/* theme */</style>\n\
             <path class=\"land\" d=\"M0.0 0.0L10.0 0.0L10.0 5.5Z\"/>\n\
             <path class=\"shade-2\" d=\"M1.0 1.0L2.0 1.0L2.0 2.0ZM5.0 5.0L6.0 5.0L6.0 6.0Z\"/>\n\
             <path class=\"dashed\" d=\"M10.0 0.0L10.0 5.5\"/>\n\
             </svg>\n"
        );
        // The drawing of the sample carries one path per country of the geometry.
        let shown = entries(&[("ALB", "Albania", 3_215), ("SRB", "Serbia", 5_209)]);
        let drawing = draw(&geometry(), &shown, &en()).unwrap();
        assert_eq!(drawing.svg.matches("<path class=\"shade-").count(), 2);
        assert_eq!(drawing.svg.matches("<path class=\"land\"").count(), geometry().features.len() - 2);
        assert!(drawing.svg.contains(SVG_STYLE_SLOT));
    }

    #[test]
    fn shared_stretches_of_two_outlines() {
        let square = |code: &str, ring: Vec<f64>| Feature { code: code.into(), name: code.into(), rings: vec![ring] };
        // Two unit squares side by side share the edge x = 1.
        let a = square("A", vec![0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0]);
        let b = square("B", vec![1.0, 0.0, 2.0, 0.0, 2.0, 1.0, 1.0, 1.0]);
        assert_eq!(shared_lines(&a, &b), vec![vec![[1.0, 0.0], [1.0, 1.0]]]);
        let c = square("C", vec![5.0, 5.0, 6.0, 5.0, 6.0, 6.0]);
        assert!(shared_lines(&a, &c).is_empty());
    }

    #[test]
    fn another_set_of_countries_draws_cleanly() {
        let shown = entries(&[
            ("HRV", "Croatia", 9_100),
            ("SVN", "Slovenia", 40),
            ("HUN", "Hungary", 2_000_000),
            ("ROU", "Romania", 12),
            ("BGR", "Bulgaria", 1_234_567),
            ("GRC", "Greece", 77_000),
        ]);
        let drawing = draw(&geometry(), &shown, &en()).unwrap();
        assert_clean(&drawing);
    }

    #[test]
    fn labels_that_cannot_fit_are_an_error_not_an_overlap() {
        // A label wider than the map fits nowhere.
        let shown = entries(&[("ALB", "Albania", 1), ("XKX", &"Kosovo".repeat(12), 123_456_789)]);
        assert_eq!(draw(&geometry(), &shown, &en()).unwrap_err(), MapError::Crowded { code: "XKX".into() });
    }

    #[test]
    fn a_country_without_a_shape_is_named() {
        let shown = entries(&[("ALB", "Albania", 1), ("FRA", "France", 2)]);
        assert_eq!(draw(&geometry(), &shown, &en()).unwrap_err(), MapError::NoShape { index: 1, code: "FRA".into() });
    }

    #[test]
    fn shading_classes_and_their_legend() {
        // The sample: two countries a class at most.
        let sample = [3_215, 6_874, 312, 2_418, 1_136, 5_209];
        assert_eq!(class_breaks(&sample), [2_000, 3_000, 6_000]);
        let labels: Vec<String> = legend(&class_breaks(&sample), &en()).into_iter().map(|l| l.label).collect();
        assert_eq!(labels, ["Less than 2,000", "2,000–2,999", "3,000–5,999", "6,000 or more"]);
        // Figures from 18 to 402 no longer put four of six countries in the darkest class.
        let skewed = [18, 25, 40, 310, 350, 402];
        let breaks = class_breaks(&skewed);
        let class_of = |c: u64| breaks.iter().take_while(|b| c >= **b).count();
        let mut sizes = [0; CLASSES];
        skewed.iter().for_each(|&c| sizes[class_of(c)] += 1);
        assert!(sizes.iter().all(|&s| s <= 2), "{breaks:?} {sizes:?}");
        // Equal figures share a class; one figure, or none, makes one class.
        assert_eq!(class_breaks(&[5, 5, 5, 9]), [6]);
        assert_eq!(class_breaks(&[7]), Vec::<u64>::new());
        assert_eq!(class_breaks(&[]), Vec::<u64>::new());
        assert_eq!(legend(&[], &en())[0].label, "All figures");
        // A cut between neighbours with no round number between them is the upper one.
        assert_eq!(class_breaks(&[101, 102, 103, 104]), [102, 103, 104]);
        assert_eq!(roundest_above(1_136, 2_418), 2_000);
        assert_eq!(roundest_above(0, 1), 1);
        assert_eq!(roundest_above(u64::MAX - 1, u64::MAX), u64::MAX);
        // Every country of twelve falls in a class no fuller than a third.
        let twelve: Vec<u64> = (1..=12).map(|i| i * i * 37).collect();
        let breaks = class_breaks(&twelve);
        assert_eq!(breaks.len(), 3);
        let class_of = |c: u64| breaks.iter().take_while(|b| c >= **b).count();
        let mut sizes = [0; CLASSES];
        twelve.iter().for_each(|&c| sizes[class_of(c)] += 1);
        assert!(sizes.iter().all(|&s| s <= 3), "{breaks:?} {sizes:?}");
    }

    #[test]
    fn long_names_wrap_at_the_middle_space() {
        assert_eq!(wrap("Bosnia and Herzegovina"), ["Bosnia and", "Herzegovina"]);
        assert_eq!(wrap("Serbia**"), ["Serbia**"]);
        assert_eq!(wrap("North Macedonia*"), ["North", "Macedonia*"]);
    }

    #[test]
    fn coordinates_are_written_as_with_one_decimal() {
        let mut values: Vec<f64> = (0..100_000).map(|k| round1(k as f64 * 0.1)).collect();
        values.extend([0.0, -0.0, -0.04, -3.2, 0.05, 123.45, 1e16, f64::NAN].map(round1));
        for v in values {
            let mut ours = String::new();
            push_tenths(&mut ours, v);
            assert_eq!(ours, format!("{v:.1}"), "{v:?}");
        }
    }
}
