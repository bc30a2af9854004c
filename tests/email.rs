//! The email briefing and its key-figures card: `email` writes a draft that an independent
//! parser (mailparse) reads back as the parts it should have, the PDF attached byte for byte
//! the one `render` writes; the card is 640 points wide with no text under 12 points, in every
//! fixture month and both languages; `render --format card` writes it as a PNG.

use std::path::Path;

use mailparse::{DispositionType, MailHeaderMap, ParsedMail};

use crate::harness::{TempDir, repo, run, sample};

/// A fixed time for the message's date: 20 January 2026, 09:06:40 UTC.
const EPOCH: &str = "1768900000";

fn run_at(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_factsheet"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("run factsheet")
}

fn ok(out: &std::process::Output) {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The part of a given MIME type, searched depth first.
fn part<'a>(mail: &'a ParsedMail<'a>, mime: &str) -> &'a ParsedMail<'a> {
    fn find<'a>(mail: &'a ParsedMail<'a>, mime: &str) -> Option<&'a ParsedMail<'a>> {
        if mail.ctype.mimetype == mime {
            return Some(mail);
        }
        mail.subparts.iter().find_map(|p| find(p, mime))
    }
    find(mail, mime).unwrap_or_else(|| panic!("no {mime} part"))
}

fn structure(mail: &ParsedMail) -> String {
    let mut out = mail.ctype.mimetype.clone();
    if !mail.subparts.is_empty() {
        out.push_str(&format!("[{}]", mail.subparts.iter().map(structure).collect::<Vec<_>>().join(", ")));
    }
    out
}

#[test]
fn the_briefing_is_a_draft_with_the_card_inline_and_the_factsheet_attached() {
    let dir = TempDir::new("email");
    let data = sample();
    let data = data.to_str().unwrap();
    ok(&run_at(
        dir.path(),
        &[
            "email",
            data,
            "-o",
            "briefing.eml",
            "--to",
            "Jane Doe <jane@example.org>, im@example.org",
            "--cc",
            "\"Doe, John\" <john@example.org>",
            "--from",
            "IM Unit <im@example.org>",
        ],
    ));
    ok(&run_at(dir.path(), &["render", data, "-o", "factsheet.pdf"]));
    let bytes = std::fs::read(dir.join("briefing.eml")).unwrap();
    let mail = mailparse::parse_mail(&bytes).unwrap();

    // A draft with its headers filled.
    let header = |name: &str| mail.headers.get_first_value(name).unwrap_or_default();
    assert_eq!(header("X-Unsent"), "1");
    assert_eq!(header("Subject"), "Western Balkans: key figures, December 2025");
    assert_eq!(header("Date"), "Tue, 20 Jan 2026 09:06:40 +0000");
    let to = mailparse::addrparse_header(mail.headers.get_first_header("To").unwrap()).unwrap();
    assert_eq!(to.to_string(), "\"Jane Doe\" <jane@example.org>, im@example.org");
    let cc = mailparse::addrparse_header(mail.headers.get_first_header("Cc").unwrap()).unwrap();
    assert_eq!(cc.to_string(), "\"Doe, John\" <john@example.org>");
    assert_eq!(header("From"), "\"IM Unit\" <im@example.org>");
    assert!(header("Message-ID").ends_with("@factsheet>"), "{}", header("Message-ID"));

    // Text and HTML as alternatives, the HTML with its card; the factsheet attached.
    assert_eq!(
        structure(&mail),
        "multipart/mixed[multipart/alternative[text/plain, multipart/related[text/html, image/png]], application/pdf]"
    );
    let pdf = part(&mail, "application/pdf");
    let disposition = pdf.get_content_disposition();
    assert_eq!(disposition.disposition, DispositionType::Attachment);
    assert_eq!(disposition.params.get("filename").map(String::as_str), Some("2025-12.pdf"));
    assert_eq!(
        pdf.get_body_raw().unwrap(),
        std::fs::read(dir.join("factsheet.pdf")).unwrap(),
        "the attachment is the PDF render writes"
    );

    // The HTML shows the card by its Content-ID, and needs nothing from outside the message.
    let html = part(&mail, "text/html").get_body().unwrap();
    let card = part(&mail, "image/png");
    let cid = card.headers.get_first_value("Content-ID").unwrap();
    let cid = cid.trim_start_matches('<').trim_end_matches('>');
    assert!(html.contains(&format!("<img src=\"cid:{cid}\" width=\"640\"")), "{html}");
    assert_eq!(card.get_content_disposition().disposition, DispositionType::Inline);
    assert_eq!(html.matches("src=").count(), 1, "one picture, the card");
    // Links a reader may follow are fine; nothing is fetched to show the message.
    for outside in ["src=\"http", "<link", "@import", "url(", "<script", "<style", "@font-face"] {
        assert!(!html.contains(outside), "the HTML reaches outside the message: {outside}");
    }
    assert!(
        html.contains("<strong>11,814</strong>")
            && html.contains("<li>Intentions to seek asylum: <strong>14,088</strong></li>"),
        "{html}"
    );

    // The card: a PNG of twice 640 pixels' width, small enough for an email.
    let png = card.get_body_raw().unwrap();
    assert!(png.len() < 150 * 1024, "the card takes {} KB", png.len() / 1024);
    let image = image::load_from_memory(&png).unwrap();
    assert_eq!(image.width(), 1280);

    // The plain text carries the same sentences and figures.
    let plain = part(&mail, "text/plain").get_body().unwrap().replace("\r\n", "\n");
    for expected in [
        "11,814 refugees and migrants",
        "- Intentions to seek asylum: 14,088",
        "- Kosovo²: 312",
        "Published 20 January 2026",
        "attached:\n2025-12.pdf.",
    ] {
        assert!(plain.contains(expected), "{expected:?} is not in the text:\n{plain}");
    }

    // Reproducible: the same month and date give the same bytes.
    ok(&run_at(
        dir.path(),
        &[
            "email",
            data,
            "-o",
            "again.eml",
            "--to",
            "Jane Doe <jane@example.org>, im@example.org",
            "--cc",
            "\"Doe, John\" <john@example.org>",
            "--from",
            "IM Unit <im@example.org>",
        ],
    ));
    assert_eq!(std::fs::read(dir.join("again.eml")).unwrap(), bytes);
}

/// What a reviewer reads of a briefing: its headers and its text parts.
fn readable(bytes: &[u8]) -> String {
    let mail = mailparse::parse_mail(bytes).unwrap();
    let mut out = String::new();
    for h in &mail.headers {
        out.push_str(&format!("{}: {}\n", h.get_key(), h.get_value()));
    }
    out.push_str(&format!("\n== structure\n{}\n", structure(&mail)));
    for mime in ["text/plain", "text/html"] {
        out.push_str(&format!("\n== {mime}\n{}", part(&mail, mime).get_body().unwrap().replace("\r\n", "\n")));
    }
    out
}

#[test]
fn briefings_read_as_snapshotted() {
    let dir = TempDir::new("email-snapshots");
    for (name, data, lang) in [
        ("email-sample", sample(), None),
        ("email-sample-fr", sample(), Some("fr")),
        ("email-southern-africa", repo("tests/fixtures/operations/southern-africa/2025-12.json"), None),
    ] {
        let out = dir.join(&format!("{name}.eml"));
        let mut args = vec!["email", data.to_str().unwrap(), "-o", out.to_str().unwrap()];
        args.extend(lang.iter().flat_map(|l| ["--lang", l]));
        ok(&run_at(dir.path(), &args));
        insta::assert_snapshot!(name, readable(&std::fs::read(&out).unwrap()));
    }
}

#[test]
fn the_card_is_drawn_for_email_with_no_text_under_twelve_points() {
    use factsheet::typeset::render;
    let mut months = vec![sample(), repo("tests/fixtures/operations/southern-africa/2025-12.json")];
    let mut fixtures: Vec<_> =
        std::fs::read_dir(repo("tests/fixtures/months")).unwrap().map(|e| e.unwrap().path()).collect();
    fixtures.sort();
    months.extend(fixtures);
    for path in &months {
        let loaded = factsheet::input::load::load(path).unwrap();
        for tag in ["en", "fr"] {
            let wording = factsheet::input::load::wording(&loaded.sheet, path, tag).unwrap();
            let view = render::prepare(&loaded.sheet, &render::Options::default(), &wording).unwrap();
            let card = render::card(&view, &render::Options::default())
                .unwrap_or_else(|e| panic!("{} ({tag}): {e}", path.display()));
            let page = &card.document.pages()[0];
            assert_eq!(page.frame.width().to_pt(), 640.0);
            let smallest = factsheet::output::inspect::smallest_text(&page.frame).unwrap();
            assert!(smallest >= 12.0, "{} ({tag}): text of {smallest:.1} pt on the card", path.display());
        }
    }
}

#[test]
fn render_writes_the_card_as_a_png_beside_the_data() {
    let dir = TempDir::new("card");
    std::fs::copy(sample(), dir.join("2025-12.json")).unwrap();
    ok(&run(dir.path(), &["render", "2025-12.json", "--format", "card"]));
    let png = std::fs::read(dir.join("2025-12.card.png")).unwrap();
    let image = image::load_from_memory(&png).unwrap();
    assert_eq!(image.width(), 1280, "twice the density of 640 CSS pixels");
    // With --pages, the card is refused: it is no page.
    let out = run(dir.path(), &["render", "2025-12.json", "--format", "card", "--pages", "1"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn email_refuses_what_would_lose_a_file_or_forge_a_header() {
    let dir = TempDir::new("email-hostile");
    std::fs::copy(sample(), dir.join("2025-12.json")).unwrap();
    let stderr = |out: &std::process::Output| String::from_utf8_lossy(&out.stderr).into_owned();
    // A header cannot be smuggled in through an address.
    let out = run(dir.path(), &["email", "2025-12.json", "--to", "jane@example.org\r\nBcc: all@example.org"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--to") && stderr(&out).contains("control character"), "{}", stderr(&out));
    let out = run(dir.path(), &["email", "2025-12.json", "--to", "not an address"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = run(dir.path(), &["email", "2025-12.json", "--from", "a@example.org, b@example.org"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    // Never over the data, nor over a message it did not write; and never a message under
    // the name of another kind of file.
    let data = std::fs::read(dir.join("2025-12.json")).unwrap();
    let out = run(dir.path(), &["email", "2025-12.json", "-o", "2025-12.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("ends with .json, but the briefing is an email message"), "{}", stderr(&out));
    assert_eq!(std::fs::read(dir.join("2025-12.json")).unwrap(), data);
    let out = run(dir.path(), &["email", "2025-12.json", "-o", "briefing.PDF"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("end the path with .eml"), "{}", stderr(&out));
    assert!(!dir.join("briefing.PDF").exists());
    // A name that is all extension, and a folder.
    for output in [".pdf", "briefings/"] {
        let out = run(dir.path(), &["email", "2025-12.json", "-o", output]);
        assert_eq!(out.status.code(), Some(2), "{output}: {}", stderr(&out));
        assert!(!dir.join(output).exists(), "{output}");
    }
    // A data file named .eml, briefed beside itself.
    std::fs::copy(dir.join("2025-12.json"), dir.join("month.eml")).unwrap();
    let out = run(dir.path(), &["email", "month.eml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("which this run reads"), "{}", stderr(&out));
    assert_eq!(std::fs::read(dir.join("month.eml")).unwrap(), data);
    std::fs::write(dir.join("mine.eml"), "From: me@example.org\r\nSubject: my own draft\r\n\r\nHello").unwrap();
    let out = run(dir.path(), &["email", "2025-12.json", "-o", "mine.eml"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.join("mine.eml")).unwrap(),
        "From: me@example.org\r\nSubject: my own draft\r\n\r\nHello"
    );
    // Beside the data by default, and again over its own.
    ok(&run(dir.path(), &["email", "2025-12.json"]));
    ok(&run(dir.path(), &["email", "2025-12.json"]));
    assert!(std::fs::read(dir.join("2025-12.eml")).unwrap().starts_with(factsheet::output::email::MAGIC));
    // Standard output, for a pipe.
    let out = run(dir.path(), &["email", "2025-12.json", "-o", "-"]);
    ok(&out);
    assert!(out.stdout.starts_with(factsheet::output::email::MAGIC));
}

#[test]
fn check_lays_out_the_card_too_and_names_it() {
    let dir = TempDir::new("card-check");
    let mut sheet = crate::harness::sample_value();
    crate::harness::set(&mut sheet, "edition.catalogue", serde_json::json!("own.ftl"));
    std::fs::write(dir.join("month.json"), serde_json::to_string_pretty(&sheet).unwrap()).unwrap();
    // A label that fits no tile of the card, though the pages never print it.
    std::fs::write(dir.join("own.ftl"), format!("card-uasc = {}\n", "unaccompanied".repeat(6))).unwrap();
    let out = run(dir.path(), &["check", "month.json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("on the email's card"), "{stderr}");
    // The PDF alone still renders: its pages hold the month.
    ok(&run(dir.path(), &["render", "month.json"]));
}
