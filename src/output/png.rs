//! PNG images of what Typst rasterised: RGB when every pixel is opaque, RGBA otherwise, and,
//! for the email's card, eight bits a pixel from a palette of its most frequent colours. The
//! `png` crate writes the file.
//!
//! The card is flat colours and the anti-aliased edges of text and shapes between them: a
//! palette of 64 colours keeps it as it was to the eye, and in a third of the bytes. The
//! palette takes the most frequent colours but not a shade near one it holds already, so that
//! a small mark of its own colour keeps it; a picture with an area of colours the palette
//! cannot hold (a photograph, a gradient) is kept in full colour instead. Measured on the
//! sample's card, 1280 × 1982 pixels: full RGB took 346 KB at the strongest compression.
//! NeuQuant (`color_quant`, image-rs's quantiser) took 106 to 300 ms to learn a palette that
//! then compressed to 151 KB and more.
//!
//! The palette's indices are compressed by fdeflate, the PNG-tuned compressor, with a filter
//! chosen per row. On the sample's card (1280 × 1704 pixels) that is 108 KB in 2 ms, where
//! zlib's level 3 took 13 ms for 91 KB. A card that this leaves over [`CARD_BUDGET`] (none of
//! the fixtures' cards, 83 to 126 KB) is compressed again at level 3, about a fifth smaller.

use rustc_hash::FxHashMap;

/// How an image is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Every colour as rasterised, compressed fast: the pages.
    Full,
    /// Eight bits a pixel from a palette, in full colour when no palette of 64 holds the
    /// picture: the card, which an email carries.
    Palette,
}

/// The most colours a palette holds: 64 keeps every flat colour of the card and enough shades
/// of its edges (the mean error is a third of a level of 255); more only adds bytes.
const PALETTE: usize = 64;

/// How far apart (in levels of 255, red, green and blue together) two colours of the palette
/// are at least, while there are colours that far from it.
const SPREAD: u32 = 12;

/// As many pixels as a 4-point square at 144 pixels an inch: when this many are drawn more
/// than [`MISS`] levels from their colour, they are an area (a mark, a logo) that the palette
/// cannot hold, and the picture is kept in full colour.
const FLAT_PIXELS: u64 = 64;

/// How far (in levels of 255, red, green and blue together) a pixel may be drawn from its
/// colour before it counts as missed.
const MISS: u32 = 32;

/// The size a card's picture should stay under (an email's picture should be under 150 KB),
/// above which it is compressed harder.
pub const CARD_BUDGET: usize = 140 * 1024;

/// Encodes premultiplied RGBA pixels, `width` × `height`, as a PNG. The pixels' buffer is
/// reused for what is compressed: a picture of two million pixels is 8 MB, and memory the
/// process has not touched yet costs more to fill than the encoding itself.
pub fn encode(width: u32, height: u32, mut pixels: Vec<u8>, encoding: Encoding) -> Vec<u8> {
    if encoding == Encoding::Palette {
        let mut runs = Runs::default();
        runs.add(&pixels);
        if let Some(palette) = runs.index_into(&mut pixels) {
            return compress_indexed(width, height, &palette, &pixels);
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    if pixels.chunks_exact(4).all(|px| px[3] == 255) {
        encoder.set_color(png::ColorType::Rgb);
        // Each pixel's three colours moved down over the alpha bytes before them.
        let n = pixels.len() / 4;
        for i in 0..n {
            pixels.copy_within(i * 4..i * 4 + 3, i * 3);
        }
        pixels.truncate(n * 3);
    } else {
        encoder.set_color(png::ColorType::Rgba);
        unpremultiply(&mut pixels);
    }
    // Writing a buffer of the declared size to memory cannot fail.
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(&pixels);
    }
    out
}

/// The most an email's picture should take.
pub const CARD_LIMIT: usize = 150 * 1024;

/// A warning for a card's picture larger than [`CARD_LIMIT`]: one kept in full colour, as it
/// shows colours a palette cannot hold (a photograph or a gradient: an operation's logo, say),
/// or one with many pixels (a tall card, or a high `--ppi`).
pub fn card_size_warning(name: &str, png: &[u8]) -> Option<String> {
    // The header's colour type, byte 25 of the file: 3 for a palette.
    let (why, hint) = if png.get(25) == Some(&3) {
        (
            "it has that many pixels",
            "the email draws its card at --ppi 144; at that density, shorten the card's longest texts",
        )
    } else {
        (
            "it shows colours that 64 cannot hold (a photograph or a gradient, in the logo?), and is kept in full colour",
            "a logo in a few flat colours (an SVG file) keeps the card small",
        )
    };
    (png.len() > CARD_LIMIT).then(|| {
        format!(
            "warning: {name}: the card's picture takes {} KB, more than the {} KB an email's picture should: {why}\n  = hint: {hint}\n",
            png.len().div_ceil(1024),
            CARD_LIMIT / 1024
        )
    })
}

/// Palette indices as a PNG: compressed fast first, and, for the rare card that leaves over
/// [`CARD_BUDGET`], by level 3 of zlib, for which the indices of flat colours compress best
/// unfiltered (level 6 saved 5% more and took twice as long, level 1 was a third larger).
fn compress_indexed(width: u32, height: u32, palette: &[u8], indices: &[u8]) -> Vec<u8> {
    let fast = write_indexed(
        width,
        height,
        palette,
        indices,
        png::DeflateCompression::FdeflateUltraFast,
        png::Filter::Adaptive,
    );
    if fast.len() <= CARD_BUDGET {
        return fast;
    }
    write_indexed(width, height, palette, indices, png::DeflateCompression::Level(3), png::Filter::NoFilter)
}

/// Eight-bit palette indices as a PNG, compressed as asked.
fn write_indexed(
    width: u32,
    height: u32,
    palette: &[u8],
    indices: &[u8],
    compression: png::DeflateCompression,
    filter: png::Filter,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_palette(palette.to_vec());
    encoder.set_filter(filter);
    encoder.set_deflate_compression(compression);
    // Writing a buffer of the declared size to memory cannot fail.
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(indices);
    }
    out
}

/// Premultiplied pixels made straight-alpha RGBA.
fn unpremultiply(rgba: &mut [u8]) {
    for px in rgba.chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        if a > 0 && a < 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
}

/// A picture as runs of one colour, (colour, pixels), gathered band by band from the top, to be
/// encoded with [`Encoding::Palette`]: most of a card is flat colour, so its colours are
/// counted and mapped run by run, not pixel by pixel. The sample's card has 116,000 runs in
/// 2.2 million pixels.
#[derive(Debug, Default)]
pub struct Runs {
    runs: Vec<(u32, u32)>,
    pixels: usize,
    translucent: bool,
}

impl Runs {
    /// Adds premultiplied RGBA pixels, those that follow the pixels added before.
    pub fn add(&mut self, premultiplied: &[u8]) {
        let count = premultiplied.len() / 4;
        self.pixels += count;
        let mut at = 0;
        while at < count && !self.translucent {
            let rest = &premultiplied[at * 4..count * 4];
            let colour = [rest[0], rest[1], rest[2], rest[3]];
            let n = rest.chunks_exact(4).position(|px| px != colour).unwrap_or(count - at);
            // A run longer than a u32 counts (far more than an image may have) is cut in two.
            let n = n.min(u32::MAX as usize);
            self.translucent = colour[3] != 0xFF;
            self.runs.push((u32::from_le_bytes(colour), n as u32));
            at += n;
        }
    }

    /// The picture as an indexed PNG, `width` × `height`; `None` when a pixel is not opaque or
    /// the pixels added are not as many.
    pub fn encode(self, width: u32, height: u32) -> Option<Vec<u8>> {
        if self.pixels as u64 != u64::from(width) * u64::from(height) {
            return None;
        }
        let mut indices = vec![0; self.pixels];
        let palette = self.index_into(&mut indices)?;
        Some(compress_indexed(width, height, &palette, &indices))
    }

    /// The palette (RGB triples) of the opaque picture, whose pixels' indices into it are
    /// written to the start of `out`, which is then cut to them; `None`, and `out` untouched,
    /// when a pixel is not opaque or an area's colour does not fit in the palette. The
    /// picture's colours when it has no more than [`PALETTE`], else the most frequent that
    /// differ, each other colour drawn in the nearest.
    fn index_into(self, out: &mut Vec<u8>) -> Option<Vec<u8>> {
        if self.translucent || out.len() < self.pixels {
            return None;
        }
        let mut counts: FxHashMap<u32, u64> = FxHashMap::default();
        for &(colour, n) in &self.runs {
            *counts.entry(colour).or_insert(0) += u64::from(n);
        }
        // The most frequent colours are kept, ties broken by colour so that the same picture
        // gives the same file; the palette is then in colour order, which puts an edge's
        // shades near the flat colours they lie between, and so compresses a tenth smaller
        // than in order of frequency.
        let mut colours: Vec<(u32, u64)> = counts.into_iter().collect();
        colours.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let rgb = |k: u32| {
            let [r, g, b, _] = k.to_le_bytes();
            [r, g, b]
        };
        let distance = |p: &[u8; 3], c: &[u8; 3]| (0..3).map(|i| u32::from(p[i].abs_diff(c[i])).pow(2)).sum::<u32>();
        // The most frequent colours first, but not a shade within SPREAD of one kept already:
        // the room goes to colours that differ, such as a small mark's or a logo's. What room
        // is left then goes to the most frequent shades passed over.
        let mut kept: Vec<[u8; 3]> = Vec::with_capacity(PALETTE);
        for &(k, _) in &colours {
            if kept.len() == PALETTE {
                break;
            }
            if kept.iter().all(|p| distance(p, &rgb(k)) > SPREAD * SPREAD) {
                kept.push(rgb(k));
            }
        }
        for &(k, _) in &colours {
            if kept.len() == PALETTE {
                break;
            }
            if !kept.contains(&rgb(k)) {
                kept.push(rgb(k));
            }
        }
        kept.sort_unstable();
        let nearest = |c: [u8; 3]| {
            // `kept` is never empty when there is a colour to place.
            kept.iter()
                .enumerate()
                .min_by_key(|(_, p)| distance(p, &c))
                .map_or((0, 0), |(i, p)| (i as u8, distance(p, &c)))
        };
        let mut index: FxHashMap<u32, u8> = FxHashMap::default();
        let mut missed = 0;
        for &(k, n) in &colours {
            let (i, error) = nearest(rgb(k));
            if error > MISS * MISS {
                missed += n;
            }
            index.insert(k, i);
        }
        // An area of colours the palette cannot hold (a photograph, a rainbow): the picture is
        // kept in full colour rather than shown in other colours.
        if missed >= FLAT_PIXELS {
            return None;
        }
        // Pixel i's index goes to byte i: when `out` holds the pixels themselves, their own
        // four bytes or earlier ones, whose runs were counted already.
        let mut at = 0;
        for (colour, n) in self.runs {
            let n = n as usize;
            out[at..at + n].fill(index.get(&colour).copied().unwrap_or(0));
            at += n;
        }
        out.truncate(self.pixels);
        Some(kept.concat())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png: &[u8]) -> (png::ColorType, Vec<u8>) {
        let img = image::load_from_memory(png).unwrap().to_rgba8();
        let kind = png::Decoder::new(std::io::Cursor::new(png)).read_info().unwrap().info().color_type;
        (kind, img.into_raw())
    }

    #[test]
    fn translucent_pixels_are_unpremultiplied() {
        let (kind, pixels) = decode(&encode(1, 1, vec![64, 0, 0, 128], Encoding::Full));
        assert_eq!(kind, png::ColorType::Rgba);
        assert_eq!(pixels, [128, 0, 0, 128]);
    }

    #[test]
    fn opaque_pictures_drop_the_alpha_channel() {
        let pixels = [10, 20, 30, 255, 40, 50, 60, 255];
        let (kind, decoded) = decode(&encode(2, 1, pixels.to_vec(), Encoding::Full));
        assert_eq!(kind, png::ColorType::Rgb);
        assert_eq!(decoded, pixels);
    }

    #[test]
    fn a_palette_keeps_few_colours_exactly() {
        let pixels: Vec<u8> = (0..200u32).flat_map(|i| [(i % 7) as u8 * 30, 200, (i % 3) as u8, 255]).collect();
        let (kind, decoded) = decode(&encode(20, 10, pixels.clone(), Encoding::Palette));
        assert_eq!(kind, png::ColorType::Indexed);
        assert_eq!(decoded, pixels);
    }

    #[test]
    fn many_colours_are_reduced_to_the_most_frequent() {
        // Text's edges: a few flat colours on most pixels, and shades between them on a few.
        let flat = [[255, 255, 255], [0, 114, 188], [24, 55, 95]];
        let pixels: Vec<u8> = (0..4096u32)
            .flat_map(|i| match i % 16 {
                0 => [(i / 16) as u8, (i / 16) as u8, 255 - (i / 16) as u8, 255],
                n => {
                    let [r, g, b] = flat[n as usize % 3];
                    [r, g, b, 255]
                }
            })
            .collect();
        let (kind, decoded) = decode(&encode(64, 64, pixels.clone(), Encoding::Palette));
        assert_eq!(kind, png::ColorType::Indexed);
        // The flat colours are kept exactly; a shade becomes a near colour of the palette.
        for (i, (a, b)) in pixels.chunks(4).zip(decoded.chunks(4)).enumerate() {
            if i % 16 != 0 {
                assert_eq!(a, b, "pixel {i}");
            }
        }
        let palette = png::Decoder::new(std::io::Cursor::new(encode(64, 64, pixels.clone(), Encoding::Palette)))
            .read_info()
            .unwrap()
            .info()
            .palette
            .clone()
            .unwrap();
        assert_eq!(palette.len(), PALETTE * 3);
    }

    #[test]
    fn a_card_over_the_budget_is_compressed_harder() {
        // 64 colours in no order: nothing a fast compressor finds, some that level 3 does.
        let (width, height) = (640u32, 480u32);
        let mut state = 1u32;
        let pixels: Vec<u8> = (0..width * height)
            .flat_map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let k = (state >> 16) as u8 % 64;
                [k * 4, 255 - k * 4, k, 255]
            })
            .collect();
        let mut indices = pixels.clone();
        let mut runs = Runs::default();
        runs.add(&pixels);
        let palette = runs.index_into(&mut indices).unwrap();
        let fast = write_indexed(
            width,
            height,
            &palette,
            &indices,
            png::DeflateCompression::FdeflateUltraFast,
            png::Filter::Adaptive,
        );
        assert!(fast.len() > CARD_BUDGET, "the fast encoding takes {} bytes", fast.len());
        let card = encode(width, height, pixels.clone(), Encoding::Palette);
        assert!(card.len() < fast.len(), "{} bytes, against {} fast", card.len(), fast.len());
        assert_eq!(decode(&card).1, pixels);
    }

    #[test]
    fn a_small_mark_of_its_own_colour_keeps_it() {
        // Text's edges in many shades of navy on white, each more frequent than a 10 × 10
        // red mark: the mark is still red.
        let (width, height) = (400u32, 300u32);
        let pixels: Vec<u8> = (0..width * height)
            .flat_map(|i| {
                let (x, y) = (i % width, i / width);
                if (20..30).contains(&x) && (20..30).contains(&y) {
                    [227, 6, 19, 255]
                } else if x % 3 == 0 {
                    let t = ((x / 3 + y) % 100) as u8;
                    [24 + t * 2, 55 + t * 2, 95 + t, 255]
                } else {
                    [255, 255, 255, 255]
                }
            })
            .collect();
        let (kind, decoded) = decode(&encode(width, height, pixels.clone(), Encoding::Palette));
        assert_eq!(kind, png::ColorType::Indexed);
        let at = |x: u32, y: u32| ((y * width + x) * 4) as usize;
        assert_eq!(decoded[at(25, 25)..at(25, 25) + 3], [227, 6, 19]);
    }

    #[test]
    fn a_photograph_is_kept_in_full_colour() {
        // A 40 × 40 patch of colours in no order, on white.
        let (width, height) = (200u32, 100u32);
        let mut state = 7u32;
        let pixels: Vec<u8> = (0..width * height)
            .flat_map(|i| {
                let (x, y) = (i % width, i / width);
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let [r, g, b, _] = state.to_le_bytes();
                if x < 40 && y < 40 { [r, g, b, 255] } else { [255, 255, 255, 255] }
            })
            .collect();
        let (kind, decoded) = decode(&encode(width, height, pixels.clone(), Encoding::Palette));
        assert_eq!(kind, png::ColorType::Rgb);
        assert_eq!(decoded, pixels);
    }

    #[test]
    fn a_card_over_150_kb_is_warned_of() {
        assert_eq!(card_size_warning("2025-12.json", &vec![0; CARD_LIMIT]), None);
        let warning = card_size_warning("2025-12.json", &vec![0; CARD_LIMIT + 1]).unwrap();
        assert!(warning.starts_with("warning: 2025-12.json: the card's picture takes 151 KB"), "{warning}");
    }
}
