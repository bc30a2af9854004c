//! PNG images of what Typst rasterised: RGB when every pixel is opaque, RGBA otherwise, and,
//! for the email's card, eight bits a pixel from a palette of its most frequent colours. The
//! `png` crate writes the file.
//!
//! The card is flat colours and the anti-aliased edges of text and shapes between them: a
//! palette of the 64 colours most pixels have (each edge pixel drawn in the nearest of them)
//! keeps it as it was to the eye, and in a third of the bytes. Measured on the sample's card,
//! 1280 × 1982 pixels: full RGB took 346 KB at the strongest compression, this palette 135
//! KB in 24 ms. NeuQuant (`color_quant`, image-rs's quantiser) took 106 to 300 ms to learn a
//! palette that then compressed to 151 KB and more.

use rustc_hash::FxHashMap;

/// How an image is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Every colour as rasterised, compressed fast: the pages.
    Full,
    /// Eight bits a pixel and compressed harder: the card, which an email carries.
    Palette,
}

/// The most colours a palette holds: 64 keeps every flat colour of the card and enough shades
/// of its edges (the mean error is a third of a level of 255); more only adds bytes.
const PALETTE: usize = 64;

/// Encodes premultiplied RGBA pixels, `width` × `height`, as a PNG.
pub fn encode(width: u32, height: u32, premultiplied: &[u8], encoding: Encoding) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_depth(png::BitDepth::Eight);
    let indexed = if encoding == Encoding::Palette { indexed(premultiplied) } else { None };
    let data = if let Some((palette, indices)) = indexed {
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_palette(palette);
        // Indices of flat colours compress best unfiltered. Level 3 of deflate: level 6 saved
        // 7 KB of 135 and took 14 ms more, level 1 took 16 ms less and 38 KB more.
        encoder.set_filter(png::Filter::NoFilter);
        encoder.set_deflate_compression(png::DeflateCompression::Level(3));
        indices
    } else if premultiplied.chunks_exact(4).all(|px| px[3] == 255) {
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_compression(png::Compression::Fast);
        premultiplied.chunks_exact(4).flat_map(|px| [px[0], px[1], px[2]]).collect()
    } else {
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_compression(png::Compression::Fast);
        unpremultiply(premultiplied)
    };
    // Writing a buffer of the declared size to memory cannot fail.
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(&data);
    }
    out
}

/// Straight-alpha RGBA from premultiplied pixels.
fn unpremultiply(premultiplied: &[u8]) -> Vec<u8> {
    let mut rgba = premultiplied.to_vec();
    for px in rgba.chunks_exact_mut(4) {
        let a = u16::from(px[3]);
        if a > 0 && a < 255 {
            for c in &mut px[..3] {
                *c = ((u16::from(*c) * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
    rgba
}

/// A palette (RGB triples) and each pixel's index into it: the picture's colours when it has
/// no more than [`PALETTE`], else the most frequent of them, each other colour drawn in the
/// nearest. `None` when a pixel is not opaque.
fn indexed(rgba: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    // The picture as runs of one colour, (colour, pixels): most of a card is flat colour, so
    // the colours are then counted and mapped run by run, not pixel by pixel.
    let mut runs: Vec<(u32, usize)> = Vec::new();
    let mut words = rgba.chunks_exact(4).map(|px| u32::from_le_bytes([px[0], px[1], px[2], px[3]]));
    let Some(first) = words.next() else { return Some((Vec::new(), Vec::new())) };
    let (mut colour, mut n) = (first, 1usize);
    for word in words {
        if word == colour {
            n += 1;
        } else {
            runs.push((colour, n));
            (colour, n) = (word, 1);
        }
    }
    runs.push((colour, n));
    // Alpha is the word's last byte.
    if runs.iter().any(|&(c, _)| c >> 24 != 0xFF) {
        return None;
    }
    let mut counts: FxHashMap<u32, usize> = FxHashMap::default();
    for &(colour, n) in &runs {
        *counts.entry(colour).or_insert(0) += n;
    }
    // The most frequent first, ties in colour order, so that the same picture gives the same file.
    let mut colours: Vec<(u32, usize)> = counts.into_iter().collect();
    colours.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let rgb = |k: u32| {
        let [r, g, b, _] = k.to_le_bytes();
        [r, g, b]
    };
    let kept: Vec<[u8; 3]> = colours.iter().take(PALETTE).map(|&(k, _)| rgb(k)).collect();
    let nearest = |c: [u8; 3]| {
        let distance = |p: &[u8; 3]| (0..3).map(|i| u32::from(p[i].abs_diff(c[i])).pow(2)).sum::<u32>();
        // `kept` is never empty when there is a colour to place.
        kept.iter().enumerate().min_by_key(|(_, p)| distance(p)).map_or(0, |(i, _)| i as u8)
    };
    let index: FxHashMap<u32, u8> = colours.iter().map(|&(k, _)| (k, nearest(rgb(k)))).collect();
    let mut indices = Vec::with_capacity(rgba.len() / 4);
    for (colour, n) in runs {
        indices.resize(indices.len() + n, index.get(&colour).copied().unwrap_or(0));
    }
    Some((kept.concat(), indices))
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
        let (kind, pixels) = decode(&encode(1, 1, &[64, 0, 0, 128], Encoding::Full));
        assert_eq!(kind, png::ColorType::Rgba);
        assert_eq!(pixels, [128, 0, 0, 128]);
    }

    #[test]
    fn opaque_pictures_drop_the_alpha_channel() {
        let pixels = [10, 20, 30, 255, 40, 50, 60, 255];
        let (kind, decoded) = decode(&encode(2, 1, &pixels, Encoding::Full));
        assert_eq!(kind, png::ColorType::Rgb);
        assert_eq!(decoded, pixels);
    }

    #[test]
    fn a_palette_keeps_few_colours_exactly() {
        let pixels: Vec<u8> = (0..200u32).flat_map(|i| [(i % 7) as u8 * 30, 200, (i % 3) as u8, 255]).collect();
        let (kind, decoded) = decode(&encode(20, 10, &pixels, Encoding::Palette));
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
        let (kind, decoded) = decode(&encode(64, 64, &pixels, Encoding::Palette));
        assert_eq!(kind, png::ColorType::Indexed);
        // The flat colours are kept exactly; a shade becomes a near colour of the palette.
        for (i, (a, b)) in pixels.chunks(4).zip(decoded.chunks(4)).enumerate() {
            if i % 16 != 0 {
                assert_eq!(a, b, "pixel {i}");
            }
        }
        let palette = png::Decoder::new(std::io::Cursor::new(encode(64, 64, &pixels, Encoding::Palette))).read_info().unwrap().info().palette.clone().unwrap();
        assert_eq!(palette.len(), PALETTE * 3);
    }
}
