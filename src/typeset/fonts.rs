//! The fonts bundled into the binary. No system font is ever looked up, so the same data gives
//! the same PDF on every machine.

use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

/// The Lato faces under `fonts/`, with their OFL licence beside them.
const FILES: [&[u8]; 4] = [
    include_bytes!("../../fonts/Lato-Regular.ttf"),
    include_bytes!("../../fonts/Lato-Italic.ttf"),
    include_bytes!("../../fonts/Lato-Bold.ttf"),
    include_bytes!("../../fonts/Lato-Black.ttf"),
];

/// The bundled fonts and the book that describes them, parsed once per process.
pub struct Fonts {
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
}

/// The bundled fonts, loaded on first use.
pub fn bundled() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let _scope = crate::typeset::timings::scope("parse the bundled fonts");
        let fonts: Vec<Font> = FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
        Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
    })
}

/// Computes the bundled fonts' hashes ahead of the first render. Typst identifies a font by a
/// hash of its whole file, computed the first time it shapes text with it and kept: about a
/// third of a millisecond per face. The two threads that lay out the pages would otherwise both
/// compute it as they start, while they set their headers; a thread with time to spare does it
/// once for them. The italic face is left to Typst: the layouts set no italic text, and
/// hashing it too kept this thread busy as the pages started (renders 2-3% slower, in 300
/// runs interleaved).
pub fn hash_ahead() {
    let _scope = crate::typeset::timings::scope("hash the bundled fonts");
    for font in &bundled().fonts {
        if font.info().variant.style == typst::text::FontStyle::Normal {
            typst::utils::hash128(font);
        }
    }
}

/// The bundled faces parsed for measuring, with their weights (400, 400 italic, 700, 900).
fn faces() -> &'static [(u16, bool, ttf_parser::Face<'static>)] {
    static FACES: OnceLock<Vec<(u16, bool, ttf_parser::Face<'static>)>> = OnceLock::new();
    FACES.get_or_init(|| {
        FILES
            .iter()
            .filter_map(|data| ttf_parser::Face::parse(data, 0).ok())
            .map(|face| (face.weight().to_number(), face.is_italic(), face))
            .collect()
    })
}

/// The width in points of `text` set in upright Lato of `weight` at `size` points, without
/// kerning: what map labels need to be placed so that they never overlap.
pub fn text_width(text: &str, size: f64, weight: u16) -> f64 {
    let Some((_, _, face)) = faces().iter().find(|(w, italic, _)| *w == weight && !italic) else {
        return text.chars().count() as f64 * size * 0.6;
    };
    let em = f64::from(face.units_per_em());
    text.chars()
        .map(|c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)).map_or(0.6, |units| f64::from(units) / em))
        .sum::<f64>()
        * size
}

/// The characters of `text` that no bundled face can draw.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let mut missing: Vec<char> = text
        .chars()
        // Controls are refused as such; every other character, spaces of every width too,
        // must be in a face (U+1680, the Ogham space, is not, and printed as a box).
        .filter(|&c| c != ' ' && !c.is_control())
        .filter(|&c| !drawable_ascii(c) && !drawable(c))
        .collect();
    missing.dedup();
    missing
}

/// Whether some bundled face has a glyph for `c`.
fn drawable(c: char) -> bool {
    faces().iter().any(|(_, _, f)| f.glyph_index(c).is_some())
}

/// [`drawable`] for ASCII, which is nearly all of a data file's text, looked up in a table made
/// once from the faces instead of in their character maps for every letter.
fn drawable_ascii(c: char) -> bool {
    static ASCII: OnceLock<[bool; 128]> = OnceLock::new();
    let table = ASCII.get_or_init(|| std::array::from_fn(|i| drawable(char::from(i as u8))));
    c.is_ascii() && table[c as usize]
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_widths_follow_the_font() {
        let narrow = super::text_width("iiii", 10.0, 400);
        let wide = super::text_width("MMMM", 10.0, 400);
        assert!(narrow < wide && wide < 40.0, "{narrow} {wide}");
        assert!(super::text_width("Serbia", 10.0, 700) > super::text_width("Serbia", 10.0, 400));
        assert_eq!(super::text_width("", 10.0, 400), 0.0);
    }

    #[test]
    fn missing_glyphs_are_found() {
        assert_eq!(super::missing_glyphs("Türkiye, Kosovo² 1,234 ¹*"), Vec::<char>::new());
        assert_eq!(super::missing_glyphs("up ▲ down ▼"), vec!['▲', '▼']);
        // The ASCII table agrees with the faces' character maps.
        for c in (0..128u8).map(char::from) {
            assert_eq!(super::drawable_ascii(c), super::drawable(c), "{c:?}");
        }
    }

    #[test]
    fn every_bundled_face_parses() {
        let fonts = super::bundled();
        assert_eq!(fonts.fonts.len(), super::FILES.len());
        assert!(fonts.fonts.iter().all(|f| f.info().family == "Lato"));
    }
}
