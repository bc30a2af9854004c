//! The fonts bundled into the binary. No system font is ever looked up, so the same data gives
//! the same PDF on every machine.

use std::sync::OnceLock;

use typst::text::{Font, FontBook};
use typst::foundations::Bytes;

/// The Lato faces under `fonts/`, with their OFL licence beside them.
const FILES: [&[u8]; 4] = [
    include_bytes!("../fonts/Lato-Regular.ttf"),
    include_bytes!("../fonts/Lato-Italic.ttf"),
    include_bytes!("../fonts/Lato-Bold.ttf"),
    include_bytes!("../fonts/Lato-Black.ttf"),
];

/// The bundled fonts and the book that describes them, parsed once per process.
pub struct Fonts {
    pub book: FontBook,
    pub fonts: Vec<Font>,
}

/// The bundled fonts, loaded on first use.
pub fn bundled() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts: Vec<Font> = FILES.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
        Fonts { book: FontBook::from_fonts(&fonts), fonts }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_bundled_face_parses() {
        let fonts = super::bundled();
        assert_eq!(fonts.fonts.len(), super::FILES.len());
        assert!(fonts.fonts.iter().all(|f| f.info().family == "Lato"));
    }
}
