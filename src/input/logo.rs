//! What an SVG logo may hold, checked before it is drawn: SVG is a program as much as a
//! picture, and a 400-byte file with a filter (`feTurbulence`) took the renderer past its
//! deadline, an embedded PNG of 35,000 × 35,000 pixels took gigabytes, and a linked image or a
//! text in a script the bundled fonts cannot draw was blamed on the layouts. Filters, linked
//! images, embedded pictures larger than a logo needs and texts the fonts cannot draw are
//! refused here, with the logo's field, so that `check` and `render` agree on every logo.

use crate::input::model::Logo;

/// Why a logo is refused: what is wrong, and how to mend it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: String,
}

fn refuse(message: impl Into<String>, hint: impl Into<String>) -> Refusal {
    Refusal { message: message.into(), hint: hint.into() }
}

/// Checks an SVG logo's source and the tree Typst parsed from it.
pub fn check_svg(source: &[u8], tree: &usvg::Tree) -> Result<(), Refusal> {
    in_source(source)?;
    group(tree.root(), 0)
}

/// What the source says that the parsed tree may no longer show: images an `<image>` links
/// to by a path or address rather than holding them (`data:`), since the logo is one file read
/// from the data file's folder; and texts, which Typst parses without fonts and so leaves out
/// of the tree, drawn with the bundled fonts.
fn in_source(source: &[u8]) -> Result<(), Refusal> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(source);
    let mut buf = Vec::new();
    let mut in_text = 0usize;
    let mut words = String::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if matches!(e.local_name().as_ref(), "text" | "tspan" | "textPath") => in_text += 1,
            Ok(Event::End(e)) if matches!(e.local_name().as_ref(), "text" | "tspan" | "textPath") => {
                in_text = in_text.saturating_sub(1)
            }
            Ok(Event::Text(t)) if in_text > 0 => {
                words.clear();
                words.push_str(&t);
                glyphs(&words)?;
            }
            // `&#1575;`: the character it stands for.
            Ok(Event::GeneralRef(r)) if in_text > 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    glyphs(c.encode_utf8(&mut [0; 4]))?;
                }
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "image" => {
                let linked = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "href")
                    .map(|a| a.value.into_owned())
                    .filter(|href| !href.trim_start().starts_with("data:"));
                if let Some(href) = linked {
                    let shown: String = href.chars().take(60).collect();
                    return Err(refuse(
                        format!(
                            "the logo (edition.logo) links to the image {}, which is not part of the logo",
                            crate::input::table::printable(&shown)
                        ),
                        "embed the image in the SVG file (most editors offer it when saving), or save the logo as a PNG file",
                    ));
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(()), // An SVG Typst parsed; its errors are its own.
            _ => {}
        }
        buf.clear();
    }
}

fn group(group: &usvg::Group, depth: usize) -> Result<(), Refusal> {
    if depth > 64 {
        return Err(refuse(
            "the logo (edition.logo) nests pictures inside pictures more than 64 deep",
            "save the logo flattened, or as a PNG file",
        ));
    }
    if !group.filters().is_empty() {
        return Err(refuse(
            "the logo (edition.logo) uses an SVG filter (a blur, a shadow, a texture), which can take minutes and gigabytes to draw",
            "save the logo without filters (in Inkscape: Filters, Remove Filters, or export it as a PNG file)",
        ));
    }
    for subtree in [group.clip_path().map(|c| c.root()), group.mask().map(|m| m.root())].into_iter().flatten() {
        self::group(subtree, depth + 1)?;
    }
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => self::group(g, depth + 1)?,
            usvg::Node::Image(image) => embedded(image.kind(), depth)?,
            usvg::Node::Text(text) => glyphs(&text.chunks().iter().map(|c| c.text()).collect::<String>())?,
            usvg::Node::Path(_) => {}
        }
    }
    Ok(())
}

/// A logo's text must be drawable with the bundled fonts.
fn glyphs(words: &str) -> Result<(), Refusal> {
    let missing = crate::typeset::fonts::missing_glyphs(words);
    if missing.is_empty() {
        return Ok(());
    }
    let chars: Vec<String> = missing.iter().take(8).map(|c| format!("{c} (U+{:04X})", u32::from(*c))).collect();
    Err(refuse(
        format!(
            "the logo (edition.logo) has text in characters the bundled Lato fonts cannot draw: {}",
            chars.join(" ")
        ),
        "convert the logo's text to paths (in Inkscape: Path, Object to Path), or save the logo as a PNG file",
    ))
}

/// A picture embedded in the logo: a PNG within the logo's pixel limit, or an SVG held to the
/// same rules.
fn embedded(kind: &usvg::ImageKind, depth: usize) -> Result<(), Refusal> {
    match kind {
        usvg::ImageKind::PNG(data) => {
            let size = image::ImageReader::with_format(std::io::Cursor::new(data.as_slice()), image::ImageFormat::Png)
                .into_dimensions();
            match size {
                Ok((width, height)) if width.max(height) <= Logo::MAX_PIXELS => Ok(()),
                Ok((width, height)) => Err(refuse(
                    format!(
                        "the logo (edition.logo) holds a picture of {width} × {height} pixels, far more than the header shows"
                    ),
                    format!("save the picture inside the logo at most {} pixels wide and high", Logo::MAX_PIXELS),
                )),
                Err(e) => Err(refuse(
                    format!("the logo (edition.logo) holds a PNG picture that cannot be read: {e}"),
                    "save the logo again",
                )),
            }
        }
        usvg::ImageKind::SVG(tree) => group(tree.root(), depth + 1),
        _ => Err(refuse(
            "the logo (edition.logo) holds a JPEG, GIF or WebP picture, whose size the renderer does not check",
            "embed pictures as PNG in the SVG file, or save the logo as a PNG file",
        )),
    }
}
