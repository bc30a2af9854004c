//! The email briefing as a message (RFC 5322 with MIME parts, built by mail-builder): a draft
//! that Outlook, Thunderbird and Apple Mail open ready to send (`X-Unsent: 1`). Its HTML body is
//! the card, an inline part, over the briefing's text; a plain-text alternative carries the same
//! text; the factsheet's PDF is attached. The HTML needs nothing from outside the message: no
//! remote image, no web font, its styles inline and its layout in tables, as mail clients need.
//!
//! The same briefing, files and date give the same bytes: the message's identifier and its
//! parts' boundaries come from a hash of what it carries.

use std::borrow::Cow;
use std::hash::Hasher;

use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address;
use mail_builder::headers::content_type::ContentType;
use mail_builder::headers::date::Date;
use mail_builder::headers::raw::Raw;
use mail_builder::mime::{BodyPart, MimePart};
use siphasher::sip128::Hasher128;

use crate::text::briefing::{Briefing, Labelled, Link, Note};
use crate::text::view::Run;

/// How every message this module writes begins, so that `email` replaces an earlier briefing
/// of its own but never a message it did not write.
pub const MAGIC: &[u8] = b"MIME-Version: 1.0\r\nX-Unsent: 1\r\n";

/// The widest the card is shown in an email, in CSS pixels (the built-in card's width): its
/// PNG has twice as many.
pub const CARD_WIDTH: u32 = 640;

/// A mailbox for the headers: `Jane Doe <jane@example.org>`, or the address alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: Option<String>,
    pub address: String,
}

/// Who the draft is from and to, and its date (seconds since 1970).
#[derive(Debug, Clone, Default)]
pub struct Envelope {
    pub from: Option<Mailbox>,
    pub to: Vec<Mailbox>,
    pub cc: Vec<Mailbox>,
    pub date: i64,
    /// Mixed into the message's identifier: zero for a reproducible message, anything unique
    /// otherwise, so that two drafts of one briefing are two messages.
    pub nonce: u64,
}

/// What the message attaches besides its text.
pub struct Files<'a> {
    /// The card, a PNG image, and its width in CSS pixels (640 for the built-in card).
    pub card: &'a [u8],
    pub card_width: u32,
    /// The factsheet and its file name.
    pub pdf: &'a [u8],
    pub pdf_name: &'a str,
}

/// Reads the mailboxes of a `--to`, `--cc` or `--from` value: one or several, separated by
/// commas (a comma inside quotes or angle brackets is part of its mailbox).
pub fn mailboxes(text: &str) -> Result<Vec<Mailbox>, String> {
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(format!("it holds the control character {:?}, which a header cannot carry", c));
    }
    let mut parts = Vec::new();
    let (mut quoted, mut angle, mut start) = (false, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' if !quoted && !angle => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    let parts: Vec<&str> = parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return Err("it names no address".into());
    }
    parts.into_iter().map(mailbox).collect()
}

/// One mailbox, checked to RFC 5322's rules for an address by the `email_address` crate, and
/// more: an address in ASCII (not every mail server takes others), and a name that shows no
/// other address, no encoded word and no invisible character.
fn mailbox(text: &str) -> Result<Mailbox, String> {
    let shown = shorten(text);
    let parsed: email_address::EmailAddress =
        text.parse().map_err(|e| format!("`{shown}` is not an email address ({e})"))?;
    let address = parsed.email();
    if !address.is_ascii() {
        return Err(format!(
            "`{}` has letters outside ASCII, which not every mail server takes (write an international domain in its ASCII form, xn--…)",
            shorten(address)
        ));
    }
    let name = phrase(parsed.display_part());
    if let Some(name) = &name {
        let refused = if name.contains(['@', '<', '>']) {
            Some("holds an address: a reader would see it and the message go to another".to_owned())
        } else if name.contains("=?") {
            Some("holds `=?`, which mail programs read as the start of an encoded word".to_owned())
        } else {
            name.chars().find_map(|c| {
                crate::input::validate::unprintable(c, false)
                    .map(|what| format!("holds {what} (U+{:04X})", u32::from(c)))
            })
        };
        if let Some(why) = refused {
            return Err(format!("the name `{}` {why}", shorten(name)));
        }
    }
    Ok(Mailbox { name, address: address.to_owned() })
}

/// A display name as a reader sees it: its quoted parts unquoted and their escapes undone,
/// its spaces folded; `None` when it is empty.
fn phrase(display: &str) -> Option<String> {
    let (mut out, mut quoted, mut escaped) = (String::new(), false, false);
    for c in display.chars() {
        match c {
            c if escaped => {
                out.push(c);
                escaped = false;
            }
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c => out.push(c),
        }
    }
    let folded = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (!folded.is_empty()).then_some(folded)
}

/// A text of the user's as a message quotes it: at most 60 characters.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 60 { text.to_owned() } else { text.chars().take(59).collect::<String>() + "…" }
}

/// Refuses a subject that mail programs would read otherwise than it is written: one with
/// `=?`, the start of an encoded word, which mail-builder writes as it is.
pub fn check_subject(subject: &str) -> Result<(), String> {
    if subject.contains("=?") {
        return Err(format!(
            "the subject `{}` holds `=?`, which mail programs read as the start of an encoded word",
            shorten(subject)
        ));
    }
    Ok(())
}

/// The whole message, ready to write to a `.eml` file.
pub fn message(briefing: &Briefing, envelope: &Envelope, files: &Files) -> Vec<u8> {
    let id = {
        let mut hash = siphasher::sip128::SipHasher13::new();
        let people: String =
            envelope.from.iter().chain(&envelope.to).chain(&envelope.cc).map(|m| format!("{}\n", m.address)).collect();
        let times = [envelope.date.to_be_bytes(), envelope.nonce.to_be_bytes()].concat();
        for part in
            [briefing.subject.as_bytes(), files.card, files.pdf, files.pdf_name.as_bytes(), people.as_bytes(), &times]
        {
            hash.write_usize(part.len());
            hash.write(part);
        }
        format!("{:032x}", hash.finish128().as_u128())
    };
    let card_id = format!("card.{}@factsheet", &id[..16]);
    let boundary = |kind: &str| format!("=_factsheet_{kind}_{}", &id[..16]);
    let multipart = |kind: &str, parts: Vec<MimePart<'static>>| {
        let mut content_type = ContentType::new(format!("multipart/{kind}")).attribute("boundary", boundary(kind));
        if kind == "related" {
            // RFC 2387: a related part names the type of its first part, the root.
            content_type = content_type.attribute("type", "text/html");
        }
        MimePart::new(content_type, BodyPart::Multipart(parts))
    };
    let card_name =
        files.pdf_name.strip_suffix(".pdf").map_or_else(|| "card.png".to_owned(), |stem| format!("{stem}.card.png"));
    let card = MimePart::new("image/png", BodyPart::Binary(Cow::Owned(files.card.to_vec())))
        .cid(card_id.clone())
        .header("Content-Disposition", ContentType::new("inline").attribute("filename", card_name));
    let html = MimePart::new("text/html", html(briefing, &card_id, files.card_width)).language(briefing.lang.clone());
    let text = MimePart::new("text/plain", plain(briefing)).language(briefing.lang.clone());
    let pdf = MimePart::new("application/pdf", BodyPart::Binary(Cow::Owned(files.pdf.to_vec())))
        .attachment(files.pdf_name.to_owned());
    let body =
        multipart("mixed", vec![multipart("alternative", vec![text, multipart("related", vec![html, card])]), pdf]);

    let address = |m: &Mailbox| Address::new_address(m.name.clone(), m.address.clone());
    let list = |ms: &[Mailbox]| Address::new_list(ms.iter().map(address).collect());
    let mut builder = MessageBuilder::new()
        .header("MIME-Version", Raw::new("1.0"))
        .header("X-Unsent", Raw::new("1"))
        .message_id(format!("{id}@factsheet"))
        .date(Date::new(envelope.date))
        .subject(briefing.subject.clone());
    if let Some(from) = &envelope.from {
        builder = builder.from(address(from));
    }
    if !envelope.to.is_empty() {
        builder = builder.to(list(&envelope.to));
    }
    if !envelope.cc.is_empty() {
        builder = builder.cc(list(&envelope.cc));
    }
    builder = builder.header("Content-Language", Raw::new(briefing.lang.clone())).body(body);
    // Writing to memory cannot fail.
    builder.write_to_vec().unwrap_or_default()
}

/// Escapes text for HTML, in an element or an attribute.
fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Runs as HTML, the figures in `<strong>`.
fn html_runs(runs: &[Run]) -> String {
    runs.iter()
        .map(|r| if r.strong { format!("<strong>{}</strong>", escape(&r.text)) } else { escape(&r.text).into_owned() })
        .collect()
}

/// A link as HTML: an anchor when it has an address, bold words when not.
fn html_link(link: &Link) -> String {
    match &link.url {
        Some(url) => format!("<a href=\"{}\" style=\"color:#0072BC\">{}</a>", escape(url), escape(&link.label)),
        None => format!("<strong>{}</strong>", escape(&link.label)),
    }
}

/// The theme's navy and a dark text colour, as the card has them.
const NAVY: &str = "#18375F";
const TEXT: &str = "#1F2A3C";
const GREY: &str = "#595959";

/// The HTML body: the card, `card_width` CSS pixels wide at most, then the text, in a column
/// of tables as wide as the card.
pub fn html(b: &Briefing, card_id: &str, card_width: u32) -> String {
    let width = if card_width == 0 { CARD_WIDTH } else { card_width.min(CARD_WIDTH) };
    let mut out = String::new();
    let lang = escape(&b.lang);
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n</head>\n",
        escape(&b.subject)
    ));
    out.push_str("<body style=\"margin:0;padding:0;background-color:#FFFFFF\">\n");
    out.push_str("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td align=\"center\" style=\"padding:16px 8px\">\n");
    out.push_str(&format!(
        "<table role=\"presentation\" width=\"{width}\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:{width}px;max-width:100%\">\n"
    ));
    out.push_str(&format!(
        "<tr><td><img src=\"cid:{}\" width=\"{width}\" alt=\"{}\" style=\"display:block;width:100%;max-width:{width}px;height:auto;border:0\"></td></tr>\n",
        escape(card_id),
        escape(&b.card_alt)
    ));
    let font = "font-family:Lato,'Helvetica Neue',Helvetica,Arial,sans-serif";
    out.push_str(&format!("<tr><td style=\"padding:24px 0 0;{font};font-size:15px;line-height:1.5;color:{TEXT}\">\n"));
    out.push_str(&format!(
        "<h1 style=\"margin:0 0 12px;font-size:20px;line-height:1.3;color:{NAVY}\">{}</h1>\n",
        escape(&b.title)
    ));
    for s in &b.sections {
        out.push_str(&format!(
            "<h2 style=\"margin:20px 0 6px;font-size:16px;line-height:1.3;color:{NAVY}\">{}</h2>\n",
            escape(&s.heading)
        ));
        for p in &s.paragraphs {
            out.push_str(&format!("<p style=\"margin:0 0 10px\">{}</p>\n", html_runs(p)));
        }
        if !s.items.is_empty() {
            out.push_str("<ul style=\"margin:0 0 10px;padding-left:22px\">\n");
            for item in &s.items {
                out.push_str(&format!("<li>{}</li>\n", html_runs(item)));
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str(&format!("<p style=\"margin:20px 0 16px\">{}</p>\n", escape(&b.attached)));
    let small = format!("margin:0 0 6px;font-size:13px;line-height:1.45;color:{GREY}");
    for n in &b.notes {
        out.push_str(&format!("<p style=\"{small}\">{}</p>\n", html_note(n)));
    }
    out.push_str(&format!(
        "<p style=\"{small};margin-top:14px;padding-top:10px;border-top:1px solid #D0D0D0\">{}</p>\n",
        b.footer.iter().map(html_labelled).collect::<Vec<_>>().join("<br>\n")
    ));
    out.push_str("</td></tr>\n</table>\n</td></tr></table>\n</body>\n</html>\n");
    out
}

fn html_note(n: &Note) -> String {
    let link = n.link.as_ref().map(|l| format!(" {}", html_link(l))).unwrap_or_default();
    format!("<span style=\"color:{NAVY}\">{}</span> {}{link}", escape(&n.mark), escape(&n.text))
}

fn html_labelled(l: &Labelled) -> String {
    if l.label.is_empty() {
        escape(&l.text).into_owned()
    } else {
        format!("<strong>{}</strong> {}", escape(&l.label), escape(&l.text))
    }
}

/// The width plain text is wrapped to, in characters.
const PLAIN_WIDTH: usize = 72;

/// The plain-text alternative: the same text, wrapped, the figures as they are.
pub fn plain(b: &Briefing) -> String {
    let mut out = String::new();
    let text = |runs: &[Run]| runs.iter().map(|r| r.text.as_str()).collect::<String>();
    push_wrapped(&mut out, &b.title, "");
    for s in &b.sections {
        out.push('\n');
        push_wrapped(&mut out, &s.heading, "");
        for p in &s.paragraphs {
            push_wrapped(&mut out, &text(p), "");
        }
        for item in &s.items {
            push_wrapped(&mut out, &format!("- {}", text(item)), "  ");
        }
    }
    out.push('\n');
    push_wrapped(&mut out, &b.attached, "");
    if !b.notes.is_empty() {
        out.push('\n');
    }
    for n in &b.notes {
        let link = n.link.as_ref().map(|l| match &l.url {
            Some(url) => format!(" {} <{url}>", l.label),
            None => format!(" {}", l.label),
        });
        let indent = " ".repeat(n.mark.chars().count() + 1);
        push_wrapped(&mut out, &format!("{} {}{}", n.mark, n.text, link.unwrap_or_default()), &indent);
    }
    out.push('\n');
    for l in &b.footer {
        let line = if l.label.is_empty() { l.text.clone() } else { format!("{} {}", l.label, l.text) };
        push_wrapped(&mut out, &line, "");
    }
    out
}

/// Appends `text` broken at spaces into lines of at most [`PLAIN_WIDTH`] characters (a longer
/// word stands alone), continued lines indented by `indent`. A no-break space never breaks.
fn push_wrapped(out: &mut String, text: &str, indent: &str) {
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let width = line.chars().count();
        if width > 0 && width + 1 + word.chars().count() > PLAIN_WIDTH {
            out.push_str(line.trim_end());
            out.push('\n');
            line = indent.to_owned();
        } else if !line.is_empty() && line != indent {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, strong: bool) -> Run {
        Run { text: text.into(), strong }
    }

    #[test]
    fn mailboxes_are_read_and_checked() {
        assert_eq!(
            mailboxes("Jane Doe <jane@example.org>, im@unhcr.org").unwrap(),
            [
                Mailbox { name: Some("Jane Doe".into()), address: "jane@example.org".into() },
                Mailbox { name: None, address: "im@unhcr.org".into() }
            ]
        );
        let quoted = mailboxes("\"Doe, Jane\" <jane@example.org>").unwrap();
        assert_eq!(quoted, [Mailbox { name: Some("Doe, Jane".into()), address: "jane@example.org".into() }]);
        // Quotes are syntax, escapes undone: the name as a reader sees it.
        let name = |text: &str| mailboxes(text).unwrap()[0].name.clone().unwrap();
        assert_eq!(name("\"Jane \\\"The\\\" Doe\" <a@b.org>"), "Jane \"The\" Doe");
        assert_eq!(name("Jane \"quoted\" <a@b.org>"), "Jane quoted");
        assert_eq!(name("\"Jane\" \"Doe\" <a@b.org>"), "Jane Doe");
        for refused in [
            "Jane <a@b.org> <c@d.org>",
            "x@y.org <a@b.org>",
            "=?utf-8?q?Evil=0D=0ABcc:_x@y?= <a@b.org>",
            "Jane\u{202e}Doe <a@b.org>",
            "jane@bücher.de",
            "Jane <jané@example.org>",
        ] {
            assert!(mailboxes(refused).is_err(), "{refused}");
        }
        assert!(check_subject("=?utf-8?b?SGk=?=: key figures").is_err());
        assert!(check_subject("Western Balkans: key figures, December 2025").is_ok());
        assert!(mailboxes("jane@example.org\r\nBcc: everyone@example.org").unwrap_err().contains("control character"));
        assert!(mailboxes("jane at example.org").unwrap_err().contains("is not an email address"));
        assert!(mailboxes(" , ").unwrap_err().contains("no address"));
    }

    #[test]
    fn html_escapes_what_the_data_says() {
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(
            html_runs(&[run("Between ", false), run("<1,000>", true)]),
            "Between <strong>&lt;1,000&gt;</strong>"
        );
        let link = Link { label: "Portal".into(), url: Some("https://x.org/?a=1&b=\"2\"".into()) };
        assert_eq!(
            html_link(&link),
            "<a href=\"https://x.org/?a=1&amp;b=&quot;2&quot;\" style=\"color:#0072BC\">Portal</a>"
        );
        assert_eq!(html_link(&Link { label: "Dashboard".into(), url: None }), "<strong>Dashboard</strong>");
    }

    #[test]
    fn plain_text_is_wrapped_at_spaces_and_keeps_no_break_spaces() {
        let mut out = String::new();
        let long = "word ".repeat(30);
        push_wrapped(&mut out, &format!("- {long}"), "  ");
        assert!(out.lines().all(|l| l.chars().count() <= PLAIN_WIDTH), "{out}");
        assert!(out.lines().skip(1).all(|l| l.starts_with("  word")), "{out}");
        let mut out = String::new();
        push_wrapped(&mut out, &format!("{} 14\u{202f}088", "x".repeat(68)), "");
        assert_eq!(out, format!("{}\n14\u{202f}088\n", "x".repeat(68)));
    }
}
