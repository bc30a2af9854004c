//! A laid-out page as pixels, drawn band by band: each band is a page of a few hundred rows
//! that holds only what can show in it, drawn by `typst_render` into the memory the band
//! before it used. The email's card, 1280 × 1704 pixels, then never needs its 8.7 MB at
//! once: on this kind of machine, touching that much fresh memory took longer than drawing it.

use typst::foundations::Content;
use typst::layout::{Abs, Frame, FrameItem, GroupItem, Point, Sides, Size};
use typst::utils::Scalar;
use typst::visualize::Paint;
use typst_layout::Page;

/// The rows of a band: 1280 × 256 pixels are 1.3 MB.
const BAND_ROWS: u32 = 256;

/// How far beyond its measured bounds an item may still colour a pixel (anti-aliasing, a
/// stroke's miter), in points.
const MARGIN_PT: f64 = 4.0;

/// The size in pixels `typst_render` gives a page of `size` at `pixel_per_pt`.
fn pixels(size: Size, pixel_per_pt: f32) -> (u32, u32) {
    let side = |points: Abs| (pixel_per_pt * points.to_pt() as f32).round().max(1.0) as u32;
    (side(size.x), side(size.y))
}

/// Draws `page` at `pixel_per_pt` and hands `each` its premultiplied RGBA pixels, band by band
/// from the top, with the band's rows. Returns the whole picture's width and height, or `None`
/// when the page is not drawn in bands: the caller then drops what it was handed, if anything,
/// and draws the page whole. That is when
/// - its background is not one colour;
/// - it shows an image (a logo, a map): `typst_render` samples an image's nearest texel, and a
///   position moved by a band's top, rounded differently, can pick its neighbour;
/// - a point is not a power of two of pixels (144 pixels an inch, as the card, is two): a
///   band's top is then no exact number of points, and shapes Typst draws without
///   anti-aliasing (rectangles) could move by a row;
/// - a band's size rounds differently from the page's.
///
/// Otherwise the bands are the whole page's pixels but for edge pixels, which a position
/// moved by a band's top and rounded differently in 32 bits can shade differently: by one
/// level of 255 for text and upright shapes (all of the factsheet's card), by up to a quarter
/// for outlines tiny-skia fills (turned text, slanted edges).
pub fn in_bands(page: &Page, pixel_per_pt: f64, mut each: impl FnMut(&[u8], u32)) -> Option<(u32, u32)> {
    let exact = pixel_per_pt > 0.0 && pixel_per_pt.log2().fract() == 0.0;
    if !exact || !matches!(page.fill_or_white(), Some(Paint::Solid(_))) || shows_image(&page.frame) {
        return None;
    }
    let options = typst_render::RenderOptions { pixel_per_pt: Scalar::new(pixel_per_pt), render_bleed: false };
    let size = page.frame.size();
    let (width, height) = pixels(size, pixel_per_pt as f32);
    let mut top = 0;
    while top < height {
        let rows = BAND_ROWS.min(height - top);
        let from = Abs::pt(f64::from(top) / pixel_per_pt);
        let to = Abs::pt(f64::from(top + rows) / pixel_per_pt);
        // The page's frame, cut down to what shows in the band, as one group moved up by the
        // band's top: items keep the page as their container (gradients relative to it).
        let mut whole = page.frame.clone();
        whole.clear();
        let margin = Abs::pt(MARGIN_PT);
        whole.push_multiple(visible(&page.frame, Abs::zero(), from - margin, to + margin));
        let mut frame = Frame::hard(Size::new(size.x, to - from));
        frame.push(Point::with_y(-from), FrameItem::Group(GroupItem::new(whole)));
        let band = Page {
            frame,
            bleed: Sides::default(),
            fill: page.fill.clone(),
            numbering: None,
            supplement: Content::empty(),
            number: page.number,
        };
        let pixmap = typst_render::render(&band, &options);
        if (pixmap.width(), pixmap.height()) != (width, rows) {
            // Rounding gave the band another size: never for whole pixels a point, as the
            // card has, but then the page is drawn whole.
            return None;
        }
        each(pixmap.data(), rows);
        top += rows;
    }
    Some((width, height))
}

/// Whether a frame or a frame within it holds an image.
fn shows_image(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Image(..) => true,
        FrameItem::Group(group) => shows_image(&group.frame),
        _ => false,
    })
}

/// The items of `frame`, whose top is `y` on the page, that can colour a pixel between `from`
/// and `to`; groups keep only such items of their own.
fn visible(frame: &Frame, y: Abs, from: Abs, to: Abs) -> Vec<(Point, FrameItem)> {
    let mut kept = Vec::new();
    for (pos, item) in frame.items() {
        let at = y + pos.y;
        // Bounds may come upside down (text of a negative size).
        let shows = |a: Abs, b: Abs| at + a.min(b) < to && at + a.max(b) > from;
        let item = match item {
            // A group that only moves its frame: its items one by one.
            FrameItem::Group(group) if group.transform.is_identity() => {
                let items = visible(&group.frame, at, from, to);
                if items.is_empty() {
                    continue;
                }
                let mut inner = group.frame.clone();
                inner.clear();
                inner.push_multiple(items);
                FrameItem::Group(GroupItem { frame: inner, ..group.clone() })
            }
            // Turned or scaled: kept whole.
            FrameItem::Group(_) => item.clone(),
            FrameItem::Text(text) => {
                // Every glyph lies within the font's bounding box, moved by its offsets.
                let bbox = text.font.ttf().global_bounding_box();
                let em = |units: i16| text.font.to_em(units).at(text.size);
                let (mut shift, mut low, mut high) = (Abs::zero(), Abs::zero(), Abs::zero());
                for glyph in &text.glyphs {
                    let offset = shift + glyph.y_offset.at(text.size);
                    (low, high) = (low.min(offset), high.max(offset));
                    shift += glyph.y_advance.at(text.size);
                }
                let stroke = text.stroke.as_ref().map_or(Abs::zero(), |s| s.thickness);
                // A glyph is drawn `offset` up from the baseline; font units point up, and the
                // page's y points down.
                if !shows(-high - em(bbox.y_max) - stroke, -low - em(bbox.y_min) + stroke) {
                    continue;
                }
                item.clone()
            }
            FrameItem::Shape(shape, _) => {
                // A stroke's miter can reach past the bounding box, by at most its limit
                // times the stroke's width.
                let bbox = shape.geometry.bbox(shape.stroke.as_ref());
                let miter = shape.stroke.as_ref().map_or(Abs::zero(), |s| s.thickness * s.miter_limit.get());
                if !shows(bbox.min.y - miter, bbox.max.y + miter) {
                    continue;
                }
                item.clone()
            }
            FrameItem::Image(_, size, _) => {
                if !shows(Abs::zero(), size.y) {
                    continue;
                }
                item.clone()
            }
            // Not drawn.
            FrameItem::Link(..) | FrameItem::Tag(_) => continue,
        };
        kept.push((*pos, item));
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::catalogue::Wording;
    use crate::typeset::render::{self, Options};

    /// The sample's two pages and its card, laid out.
    fn pages() -> Vec<typst_layout::Page> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/2025-12.json");
        let sheet = crate::input::load::load(std::path::Path::new(path)).unwrap().sheet;
        let options = Options::default();
        let view = render::prepare(&sheet, &options, &Wording::built_in("en")).unwrap();
        let mut pages = render::compile(&sheet, &options).unwrap().document.pages().to_vec();
        pages.extend(render::card(&view, &options).unwrap().document.pages().iter().cloned());
        pages
    }

    #[test]
    fn bands_draw_what_the_whole_page_draws() {
        // Page 2, with its charts and turned labels, and the card; page 1 has its map, an image.
        let mut banded_pages = 0;
        for (n, page) in pages().iter().enumerate() {
            let whole = typst_render::render(
                page,
                &typst_render::RenderOptions { pixel_per_pt: Scalar::new(2.0), render_bleed: false },
            );
            let (mut banded, mut rows) = (Vec::new(), Vec::new());
            let size = in_bands(page, 2.0, |band, n| {
                banded.extend_from_slice(band);
                rows.push(n);
            });
            if size.is_none() {
                assert!(shows_image(&page.frame), "page {n} was not drawn in bands");
                continue;
            }
            banded_pages += 1;
            assert_eq!(size, Some((whole.width(), whole.height())), "page {n}");
            assert!(rows.len() > 4 && rows[..rows.len() - 1].iter().all(|&n| n == BAND_ROWS), "{rows:?}");
            assert_eq!(banded.len(), whole.data().len());
            // Positions moved by a band's top round differently in 32 bits, by a level of 255 at
            // most on some edge pixels; an item left out of a band would differ by far more.
            let worst = whole.data().iter().zip(&banded).map(|(a, b)| a.abs_diff(*b)).max().unwrap_or(0);
            assert!(worst <= 1, "page {n}: a pixel differs by {worst}");
        }
        assert_eq!(banded_pages, 2);
    }

    /// The items drawn, groups' items counted one by one.
    fn drawn(items: &[(Point, FrameItem)]) -> usize {
        items
            .iter()
            .map(|(_, item)| match item {
                FrameItem::Group(group) => drawn(&group.frame.items().cloned().collect::<Vec<_>>()),
                FrameItem::Link(..) | FrameItem::Tag(_) => 0,
                _ => 1,
            })
            .sum()
    }

    #[test]
    fn a_band_holds_only_what_shows_in_it() {
        let card = pages().pop().unwrap();
        let all = drawn(&card.frame.items().cloned().collect::<Vec<_>>());
        let (from, to) = (Abs::pt(128.0), Abs::pt(256.0));
        let band = drawn(&visible(&card.frame, Abs::zero(), from, to));
        assert!(band > 0 && band * 3 < all, "{band} of {all} items");
    }

    #[test]
    fn bands_draw_turned_clipped_stroked_and_shaded_items_as_the_whole_page_does() {
        // A card of a user's own, with what the sample's pages do not have: items turned,
        // clipped, shaded relative to the page, stroked, set too large for glyph bitmaps, and
        // placed out of the flow across bands.
        let dir = std::env::temp_dir().join(format!("factsheet-bands-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("main.typ"), "").unwrap();
        std::fs::write(
            dir.join("card.typ"),
            r##"#set page(width: 640pt, height: auto, margin: 20pt, fill: rgb("#fdfcf5"))
#set text(font: "Lato", size: 14pt)
#place(top + left, dy: 100pt, rect(width: 600pt, height: 120pt, fill: gradient.linear(red, blue, angle: 60deg, relative: "parent")))
#for i in range(4) { block(rotate(i * 60deg + 15deg, reflow: true)[Turned #i across the edge]) }
#box(clip: true, width: 200pt, height: 150pt, radius: 30pt, stroke: 3pt + green, rect(width: 220pt, height: 170pt, fill: gradient.radial(yellow, purple)))
#text(size: 90pt, stroke: 1.5pt + red)[Big Ág]
#place(top + left, dx: 300pt, dy: 100pt, text(size: -40pt)[Upside down])
#v(40pt)
#line(length: 100%, stroke: (thickness: 9pt, cap: "round", dash: "dashed"))
#polygon(fill: teal, stroke: 4pt + black, (0pt, 0pt), (300pt, 250pt), (50pt, 400pt))
#scale(x: 120%, y: 70%, reflow: true, block(width: 450pt)[Scaled text over several lines, #lorem(40)])
"##,
        )
        .unwrap();
        let layouts = crate::typeset::layouts::Layouts::folder(&dir).unwrap();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/2025-12.json");
        let sheet = crate::input::load::load(std::path::Path::new(path)).unwrap().sheet;
        let options = Options { layouts, ..Options::default() };
        let view = render::prepare(&sheet, &options, &Wording::built_in("en")).unwrap();
        let card = render::card(&view, &options).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let page = &card.document.pages()[0];
        let whole = typst_render::render(
            page,
            &typst_render::RenderOptions { pixel_per_pt: Scalar::new(2.0), render_bleed: false },
        );
        let mut banded = Vec::new();
        let size = in_bands(page, 2.0, |band, _| banded.extend_from_slice(band));
        assert_eq!(size, Some((whole.width(), whole.height())));
        let worst = whole.data().iter().zip(&banded).map(|(a, b)| a.abs_diff(*b)).max().unwrap_or(0);
        // Outlines drawn by tiny-skia (turned and scaled text, slanted edges) are sampled four
        // times a pixel down and sixteen across: moved by a band's top, rounded differently in
        // 32 bits, an edge pixel can gain or lose one sample, a quarter of its shade. Only such
        // pixels may differ; an item left out of a band would differ by its whole shade, over
        // many pixels.
        assert!(worst <= 64, "a pixel differs by {worst}");
        let differing = whole.data().iter().zip(&banded).filter(|(a, b)| a.abs_diff(**b) > 1).count();
        assert!(differing * 2000 < banded.len(), "{differing} bytes differ");
    }

    #[test]
    fn a_page_at_a_density_that_puts_band_tops_between_points_is_drawn_whole() {
        let page = pages().remove(1);
        assert_eq!(in_bands(&page, 3.0, |_, _| panic!("a band was drawn")), None);
        assert!(in_bands(&page, 1.0, |_, _| ()).is_some());
    }

    #[test]
    fn a_page_without_a_flat_background_is_drawn_whole() {
        let mut page = pages().remove(1);
        page.fill = typst::foundations::Smart::Custom(None);
        assert_eq!(in_bands(&page, 2.0, |_, _| panic!("a band was drawn")), None);
    }
}
