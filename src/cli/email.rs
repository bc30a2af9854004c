//! `factsheet email`: one month laid out as its two pages and its key-figures card, the pages
//! exported to the PDF `render` writes, and both sent in a draft briefing
//! ([`crate::output::email`]) whose text is the month's generated sentences.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use crate::cli::EmailArgs;
use crate::cli::batch::{self, Config, Job, Watchdog};
use crate::output::email::{self, Envelope, Files, Mailbox};
use crate::output::{self, Target};
use crate::text::briefing::Briefing;
use crate::typeset::layouts::Layouts;
use crate::typeset::render;

/// The command's exit codes, as `main` has them: a data or layout error, and wrong usage.
const EXIT_FAILURE: u8 = 1;
const EXIT_USAGE: u8 = 2;

/// The density the card is drawn at: that of `render --format card` without `--ppi`.
const CARD_PPI: f32 = render::DEFAULT_PPI;

/// A failure: its exit code, and the whole message (`error:` line and hints).
type Failure = (u8, String);

fn usage(message: String, hint: &str) -> Failure {
    (EXIT_USAGE, format!("error: {message}\n  = hint: {hint}"))
}

pub fn run(args: EmailArgs) -> ExitCode {
    match email(&args) {
        Ok(done) => {
            crate::noteln!("{done}");
            ExitCode::SUCCESS
        }
        Err((code, message)) => {
            crate::noteln!("{}", message.trim_end());
            ExitCode::from(code)
        }
    }
}

/// The mailboxes of a flag's values.
fn mailboxes(flag: &str, values: &[String]) -> Result<Vec<Mailbox>, Failure> {
    let mut out = Vec::new();
    for value in values {
        let found = email::mailboxes(value).map_err(|e| {
            usage(
                format!("--{flag}: {e}"),
                "write an address as jane@example.org or as \"Jane Doe <jane@example.org>\"",
            )
        })?;
        out.extend(found);
    }
    Ok(out)
}

/// The card of a prepared month as a PNG: its layout's warnings, the image, and its width in
/// CSS pixels.
fn draw_card(
    name: &str,
    view: &crate::text::view::View,
    options: &render::Options,
) -> Result<(String, Vec<u8>, u32), render::RenderError> {
    let card = render::card(view, options)?;
    let width = card.document.pages().first().map_or(0.0, |p| p.frame.width().to_pt());
    let png = card
        .png(CARD_PPI, &[], output::png::Encoding::Palette)?
        .into_iter()
        .next()
        .map(|(_, png)| png)
        .unwrap_or_default();
    let warnings = card.warnings + &output::png::card_size_warning(name, &png).unwrap_or_default();
    Ok((warnings, png, width.round() as u32))
}

fn email(args: &EmailArgs) -> Result<String, Failure> {
    let start = Instant::now();
    if args.output.as_deref().is_some_and(output::names_folder) {
        return Err(usage(
            "--output ends with /, so it names a folder".into(),
            "name the file to write, e.g. briefings/2025-12.eml",
        ));
    }
    // A message saved as `x.pdf` would open as a broken PDF, and one as `x.msg` as a broken
    // Outlook file: the message's own extension, or none. `.pdf` alone is a name with no stem,
    // not a name without an extension.
    let extension = args
        .output
        .as_deref()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, x)| x);
    if let Some(other) = extension.filter(|x| !x.eq_ignore_ascii_case("eml")) {
        return Err(usage(
            format!("--output ends with .{other}, but the briefing is an email message"),
            "end the path with .eml (or give it no extension); `factsheet render` writes the PDF or the card alone",
        ));
    }
    let to = mailboxes("to", &args.to)?;
    let cc = mailboxes("cc", &args.cc)?;
    let from = match mailboxes("from", args.from.as_slice())?.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        _ => return Err(usage("--from names several addresses".into(), "a message is from one address")),
    };
    let lang = args
        .lang
        .as_deref()
        .map(crate::cli::parse_lang)
        .transpose()
        .map_err(|m| usage(m, "write en, fr, or a language the operation's catalogue adds"))?;
    let months = crate::cli::parse_months(args.month.as_slice())
        .map_err(|m| usage(m, "name one month, e.g. --month 2025-12"))?;
    if months.len() > 1 {
        return Err(usage(
            "--month names several months, and a briefing is of one".into(),
            "name one month, e.g. --month 2025-12",
        ));
    }
    let epoch = crate::cli::source_date_epoch().map_err(|(message, hint)| usage(message, hint))?;
    let deadline = batch::deadline(std::env::var("FACTSHEET_DEADLINE").ok().as_deref())
        .map_err(|m| usage(m, "set it to the seconds one file may take (20 when unset), or unset it"))?;
    let layouts = match &args.layouts.layouts {
        Some(dir) => Layouts::folder(dir).map_err(|e| (EXIT_FAILURE, format!("error: {e}")))?,
        None => Layouts::Embedded,
    };
    let mut jobs = batch::expand(std::slice::from_ref(&args.data), &months).map_err(|m| {
        // `--month` with a JSON file is the command line's mistake, the rest the data's.
        (if m.contains("--month") { EXIT_USAGE } else { EXIT_FAILURE }, m)
    })?;
    if jobs.len() != 1 {
        return Err(usage(format!("{}: holds several months' files", args.data.display()), "name one month's file"));
    }
    let job = Job { lang, ..jobs.remove(0) };
    let config = Config {
        options: render::Options { layouts, date: epoch.map(crate::cli::date_parts), entry: render::Entry::Pages },
        export: render::Export { standard: args.pdf_standard, pages: Vec::new() },
        format: crate::cli::Format::Pdf,
        ppi: CARD_PPI,
        output: None,
        inputs: batch::input_files(&job),
        deadline,
        strict: args.strict,
    };
    let _watchdog = Watchdog::start(&job.name(), config.deadline);
    let mut messages = String::new();
    // The card is laid out, drawn and encoded on a thread of its own from the moment the
    // month is prepared, while Typst lays out the pages and then writes the PDF.
    let (send_view, receive_view) = std::sync::mpsc::channel::<crate::text::view::View>();
    let (compiled, pdf, card) = std::thread::scope(|scope| {
        let options = &config.options;
        let name = job.name();
        let card = scope.spawn(move || receive_view.recv().ok().map(|view| draw_card(&name, &view, options)));
        let compiled = batch::compile(&job, &config, &mut messages, move |view| {
            let _ = send_view.send(view.clone());
        });
        let pdf = compiled.as_ref().ok().map(|((_, _, pages), ())| pages.pdf(&config.export));
        let card = card.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (compiled, pdf, card)
    });
    crate::note!("{messages}");
    let ((loaded, wording, pages), ()) = compiled.map_err(|m| (EXIT_FAILURE, m))?;
    // A card that does not hold the data is the data's to fix, at its field's line.
    let failed = |e: render::RenderError| (EXIT_FAILURE, batch::blame(&job, &loaded, e));
    let (warnings, png, card_width) = card
        .ok_or_else(|| (EXIT_FAILURE, format!("error: {}: the card was not drawn", job.name())))?
        .map_err(failed)?;
    crate::note!("{warnings}");
    let pdf = pdf
        .ok_or_else(|| (EXIT_FAILURE, format!("error: {}: the PDF was not written", job.name())))?
        .map_err(failed)?;
    // The PDF under the name `render` gives it.
    let pdf_name = match job.beside("pdf") {
        Target::File(path) => {
            path.file_name().map_or_else(|| "factsheet.pdf".into(), |n| n.to_string_lossy().into_owned())
        }
        Target::Stdout => "factsheet.pdf".into(),
    };
    let lang = wording.language().map_err(|e| (EXIT_FAILURE, format!("error: {}: {e}", job.name())))?;
    let briefing = Briefing::new(pages.view(), &lang, &pdf_name);
    let date = epoch.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
    });
    let nonce = match epoch {
        Some(_) => 0,
        None => {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
                ^ u64::from(std::process::id()) << 32
        }
    };
    email::check_subject(&briefing.subject).map_err(|m| {
        (
            EXIT_FAILURE,
            format!(
                "error: {}: {m}\n  = hint: take `=?` out of edition.operation, or out of the catalogue's email-subject",
                job.name()
            ),
        )
    })?;
    let envelope = Envelope { from, to, cc, date, nonce };
    let message =
        email::message(&briefing, &envelope, &Files { card: &png, card_width, pdf: &pdf, pdf_name: &pdf_name });

    let target = args.output.as_deref().map_or_else(|| job.beside("eml"), Target::from_arg);
    let cannot_write = |e: output::WriteError| (EXIT_FAILURE, format!("error: cannot write {target}: {e}"));
    let inputs: Vec<&Path> = batch::protected(&job, &config, &wording);
    output::refuse_inputs(&target, &inputs).map_err(cannot_write)?;
    output::refuse_foreign(&target, &[email::MAGIC], "an email briefing written by factsheet").map_err(cannot_write)?;
    output::write(&target, &message).map_err(cannot_write)?;
    let kb = |n: usize| n.div_ceil(1024);
    Ok(format!(
        "wrote {target} ({} KB: the card, {} KB, and {pdf_name}, {} KB) in {:.0} ms",
        kb(message.len()),
        kb(png.len()),
        kb(pdf.len()),
        start.elapsed().as_secs_f64() * 1000.0
    ))
}
