//! The layouts' colours against WCAG 2 contrast: every pair of a text colour and the
//! background it is set on, and every graphic that carries meaning, read from the theme file
//! so that a change of colour there is checked here.

use crate::harness::repo;

/// An sRGB colour.
#[derive(Debug, Clone, Copy)]
struct Rgb([f64; 3]);

impl Rgb {
    fn hex(text: &str) -> Rgb {
        let text = text.trim_start_matches('#');
        let channel = |i: usize| f64::from(u8::from_str_radix(&text[i..i + 2], 16).unwrap());
        Rgb([channel(0), channel(2), channel(4)])
    }

    /// Typst's `lighten`: each channel moved toward white by `f`.
    fn lighten(self, f: f64) -> Rgb {
        Rgb(self.0.map(|c| c + (255.0 - c) * f))
    }

    /// Typst's `darken`: each channel scaled down by `f`.
    fn darken(self, f: f64) -> Rgb {
        Rgb(self.0.map(|c| c * (1.0 - f)))
    }

    /// This colour with opacity `alpha` over `under`.
    fn over(self, alpha: f64, under: Rgb) -> Rgb {
        Rgb([0, 1, 2].map(|i| self.0[i] * alpha + under.0[i] * (1.0 - alpha)))
    }

    fn luminance(self) -> f64 {
        let linear = |c: f64| {
            let c = c / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * linear(self.0[0]) + 0.7152 * linear(self.0[1]) + 0.0722 * linear(self.0[2])
    }
}

fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (x, y) = (a.luminance(), b.luminance());
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The theme's colours by name: `#let NAME = rgb("#HEX")`, and the ramp's entries as
/// `ramp0` to `ramp5`.
fn theme() -> std::collections::BTreeMap<String, Rgb> {
    let text = std::fs::read_to_string(repo("layouts/theme.typ")).unwrap();
    let mut colours = std::collections::BTreeMap::new();
    for line in text.lines() {
        if let Some((name, value)) = line.strip_prefix("#let ").and_then(|l| l.split_once(" = rgb(\"")) {
            colours.insert(name.to_owned(), Rgb::hex(&value[..7]));
        }
    }
    let ramp = &text[text.find("#let ramp = (").unwrap()..];
    let ramp = &ramp[..ramp.find("\n)").unwrap()];
    for (i, hex) in ramp.split("rgb(\"").skip(1).enumerate() {
        colours.insert(format!("ramp{i}"), Rgb::hex(&hex[..7]));
    }
    colours.insert("white".into(), Rgb::hex("#FFFFFF"));
    colours
}

#[test]
fn text_and_graphics_meet_wcag_contrast() {
    let c = theme();
    let [blue, navy, grey, light_blue, pale_grey, white] =
        ["blue", "navy", "grey", "light-blue", "pale-grey", "white"].map(|n| c[n]);
    let panel = light_blue.lighten(0.55); // the map panel
    let body = navy.darken(0.20); // running text
    let note = grey.darken(0.25); // footnotes and the map's disclaimer
    // A map label: 88% white over the darkest shade.
    let label = white.over(224.0 / 255.0, c["ramp5"]);

    // (what, foreground, background, minimum): 4.5:1 for text under 14pt bold or 18pt, 3:1
    // for larger text and for graphics that carry meaning.
    let pairs = [
        ("running text", body, white, 4.5),
        ("headings, names, figures in tables", navy, white, 4.5),
        ("axis labels, legends, shares, footer", grey, white, 4.5),
        ("'compared to …' under the headline", grey, light_blue, 4.5),
        ("the map's legend", grey, panel, 4.5),
        ("the data note", grey, pale_grey, 4.5),
        ("footnotes", note, white, 4.5),
        ("the map's disclaimer", note, panel, 4.5),
        ("labels in the headline and tiles", navy, light_blue, 4.5),
        ("the countries' names and figures on the map panel", navy, panel, 4.5),
        ("the header band and this year's column labels", white, blue, 4.5),
        ("the kicker and links", blue, white, 4.5),
        ("last year's column labels", navy, c["ramp1"], 4.5),
        ("map labels", navy, label, 4.5),
        ("key figures, 14pt black and larger", blue, light_blue, 3.0),
        ("bars and this year's columns", blue, white, 3.0),
        ("bars on the map panel", blue, panel, 3.0),
        ("the outline of last year's columns", blue, white, 3.0),
        ("the remainder's bar", c["other-grey"], white, 3.0),
        ("the direction mark", navy, light_blue, 3.0),
    ];
    let failing: Vec<String> = pairs
        .iter()
        .filter(|(_, fg, bg, min)| contrast(*fg, *bg) < *min)
        .map(|(what, fg, bg, min)| format!("{what}: {:.2}:1, needs {min}:1", contrast(*fg, *bg)))
        .collect();
    assert!(failing.is_empty(), "{failing:#?}");
}

/// The arithmetic against WCAG's own examples.
#[test]
fn contrast_ratios_as_wcag_defines_them() {
    let (black, white) = (Rgb::hex("#000000"), Rgb::hex("#FFFFFF"));
    assert!((contrast(black, white) - 21.0).abs() < 1e-9);
    assert!((contrast(Rgb::hex("#767676"), white) - 4.54).abs() < 0.01);
    // The grey of the old remainder bar, too light for a graphic.
    assert!(contrast(Rgb::hex("#D0D0D0"), white) < 3.0);
}
