//! Reads a compiled document back as text a reviewer can check: each page's size and its lines
//! of text with their rounded positions, in the order the layout placed them.

use std::fmt::Write;

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst_layout::PagedDocument;

/// A run of text on a page: where its baseline starts, its size and width, and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub width: f64,
    pub text: String,
}

/// The text runs of a frame, in layout order, with neighbouring runs of one line joined.
pub fn lines(frame: &Frame) -> Vec<Line> {
    let mut runs = Vec::new();
    collect(frame, Transform::identity(), &mut runs);
    let mut joined: Vec<Line> = Vec::new();
    for run in runs {
        if let Some(last) = joined.last_mut() {
            let gap = run.x - (last.x + last.width);
            let same_line = (run.y - last.y).abs() < 0.5;
            if same_line && gap > -0.5 && gap < run.size.max(last.size) * 0.6 {
                let needs_space = gap > run.size * 0.15 && !last.text.ends_with(' ') && !run.text.starts_with(' ');
                if needs_space {
                    last.text.push(' ');
                }
                last.text.push_str(&run.text);
                last.width = run.x + run.width - last.x;
                continue;
            }
        }
        joined.push(run);
    }
    joined
}

fn collect(frame: &Frame, ts: Transform, out: &mut Vec<Line>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(group.transform);
                collect(&group.frame, inner, out);
            }
            FrameItem::Text(text) => {
                let at = Point::new(pos.x, pos.y).transform(ts);
                let width = Point::new(pos.x + text.width(), pos.y).transform(ts).x - at.x;
                out.push(Line {
                    x: at.x.to_pt(),
                    y: at.y.to_pt(),
                    size: text.size.to_pt(),
                    width: width.to_pt(),
                    text: text.text.to_string(),
                });
            }
            _ => {}
        }
    }
}

/// The size of the smallest text in a frame, in points as it is drawn (a text scaled down is
/// smaller than its font size says); `None` when there is no text.
pub fn smallest_text(frame: &Frame) -> Option<f64> {
    fn walk(frame: &Frame, ts: Transform, smallest: &mut Option<f64>) {
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(
                    &group.frame,
                    ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(group.transform),
                    smallest,
                ),
                FrameItem::Text(text) if !text.text.trim().is_empty() => {
                    // How much the transform stretches a vertical line: a font's size is its height.
                    let scale = ts.kx.get().hypot(ts.sy.get());
                    let size = text.size.to_pt() * scale;
                    *smallest = Some(smallest.map_or(size, |s: f64| s.min(size)));
                }
                _ => {}
            }
        }
    }
    let mut smallest = None;
    walk(frame, Transform::identity(), &mut smallest);
    smallest
}

/// The plain text of a page, one line of the layout per line.
pub fn page_text(frame: &Frame) -> String {
    lines(frame).into_iter().map(|l| l.text + "\n").collect()
}

/// The whole document as a reviewer reads it: page count, each page's size in millimetres and
/// its lines with positions in points, rounded.
pub fn describe(document: &PagedDocument) -> String {
    let mut out = String::new();
    let pages = document.pages();
    let _ = writeln!(out, "pages: {}", pages.len());
    for (i, page) in pages.iter().enumerate() {
        let size = page.frame.size();
        let mm = |a: Abs| a.to_mm().round();
        let _ = writeln!(out, "\n== page {} ({} x {} mm)", i + 1, mm(size.x), mm(size.y));
        for line in lines(&page.frame) {
            let _ = writeln!(out, "[{:>3} {:>3}] {}", line.x.round(), line.y.round(), line.text.trim_end());
        }
    }
    out
}
