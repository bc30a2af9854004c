//! The words of the pages: the Fluent message catalogues built in per language
//! (`catalogues/<language>.ftl`), an operation's own catalogue laid over them and checked
//! against the arguments each message is given, and each language's CLDR number format.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use fluent_syntax::ast;

use crate::text::view::Run;

include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

/// A message the pages print: its id, the arguments the renderer gives it, and those of them
/// it must use (a sentence without its figure would be a wrong sentence).
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub id: &'static str,
    pub args: &'static [&'static str],
    pub needs: &'static [&'static str],
}

const fn spec(id: &'static str, args: &'static [&'static str], needs: &'static [&'static str]) -> Spec {
    Spec { id, args, needs }
}

/// Every message the renderer formats, with its arguments.
pub const MESSAGES: &[Spec] = &[
    spec("month-name", &["month"], &["month"]),
    spec("month-short", &["month"], &["month"]),
    spec("period", &["month-name", "year"], &["month-name", "year"]),
    spec("period-span", &["from", "to"], &["from", "to"]),
    spec("date", &["day", "month-name", "year"], &["day", "month-name", "year"]),
    spec("percent", &["value"], &["value"]),
    spec("percent-below-one", &[], &[]),
    spec("list-pair", &["first", "second"], &["first", "second"]),
    spec("list-more", &["first", "rest"], &["first", "rest"]),
    spec("document-title", &["operation", "title", "period"], &[]),
    spec("document-subject", &["day", "month-name", "year"], &[]),
    spec("document-keywords", &[], &[]),
    spec("kicker", &[], &[]),
    spec("headline-label", &["day", "month-name", "year"], &[]),
    spec("headline-qualifier", &[], &[]),
    spec("change", &["direction", "change"], &["change"]),
    spec("change-against", &["range"], &["range"]),
    spec(
        "arrivals-summary",
        &["month", "month-name", "year", "rounded", "estimate", "region", "direction", "change"],
        &["estimate", "change"],
    ),
    spec("arrivals-chart-title", &["mark", "range", "last-range"], &["mark"]),
    spec(
        "arrivals-chart-alt",
        &[
            "range",
            "last-range",
            "year",
            "months",
            "high",
            "low",
            "high-month",
            "low-month",
            "total",
            "direction",
            "change",
            "last-total",
        ],
        &["total"],
    ),
    spec("arrivals-chart-alt-last-year", &["last-year", "last-year-total"], &["last-year-total"]),
    spec("asylum-heading", &["region", "year"], &[]),
    spec("asylum-intentions", &[], &[]),
    spec("asylum-applications", &[], &[]),
    spec("asylum-ratio", &[], &[]),
    spec("not-applicable", &[], &[]),
    spec("map-title", &["month", "month-name"], &[]),
    spec("map-alt", &["month", "month-name", "list"], &["list"]),
    spec("map-alt-item", &["name", "count"], &["name", "count"]),
    spec("present-heading", &["month-name", "period"], &[]),
    spec("persons-present", &[], &[]),
    spec("present-summary", &["rounded", "total", "region", "period", "children", "uasc"], &["total", "uasc"]),
    spec("share-sentence", &["share", "places", "place", "first", "rest", "followers"], &["followers"]),
    spec("share-all", &["place"], &["place"]),
    spec("share-group", &["names", "share", "places"], &["names", "share"]),
    spec("breakdown-heading", &[], &[]),
    spec("present-chart-title", &[], &[]),
    spec("present-series", &[], &[]),
    spec("present-chart-alt", &["span", "months", "high", "low", "high-month", "low-month", "total", "period"], &[]),
    spec("nationalities-heading", &["month-name", "region", "period"], &[]),
    spec("other-nationalities", &[], &[]),
    spec("uasc-label", &[], &[]),
    spec("note-label", &[], &[]),
    spec("source-label", &[], &[]),
    spec("contact-label", &[], &[]),
    spec("published", &["date"], &["date"]),
    spec("legend-below", &["value"], &["value"]),
    spec("legend-range", &["from", "to"], &["from", "to"]),
    spec("legend-above", &["value"], &["value"]),
    spec("legend-all", &[], &[]),
    spec("card-uasc", &[], &[]),
    spec("card-alt", &["operation", "period"], &[]),
    spec("email-subject", &["operation", "title", "period"], &[]),
    spec("email-figure", &["label", "value"], &["label", "value"]),
    spec("email-attached", &["file"], &["file"]),
];

/// The spec of a message, by id.
pub fn spec_of(id: &str) -> Option<&'static Spec> {
    MESSAGES.iter().find(|s| s.id == id)
}

/// The language of a data file that does not say.
pub const DEFAULT_LANGUAGE: &str = "en";

/// The largest catalogue file of an operation's that is read.
pub const MAX_CATALOGUE_BYTES: u64 = 256 * 1024;

/// Marks around a figure while a message is formatted, so that the figure can be set in bold
/// wherever the language puts it. Private-use characters, which no text of the data or of a
/// catalogue may hold.
const STRONG_START: char = '\u{E000}';
const STRONG_END: char = '\u{E001}';

/// An argument of a message.
#[derive(Debug, Clone)]
pub enum Arg<'a> {
    /// Words (or a figure not set in bold), printed as given.
    Text(std::borrow::Cow<'a, str>),
    /// A figure already written for the language, printed in bold.
    Figure(String),
    /// A number to select a variant on (`[one]`, `[12]`), such as a month or a count.
    Number(u64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Arg<'a> {
        Arg::Text(text.into())
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg::Text(text.into())
    }
}

impl From<&String> for Arg<'_> {
    fn from(text: &String) -> Self {
        Arg::Text(text.clone().into())
    }
}

/// Why a language cannot be used: no catalogue for it, or an operation's catalogue that does
/// not parse or does not fit the messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueError {
    /// The file the problem is in, when it is a file of the user's.
    pub file: Option<String>,
    /// The line of that file, from 1.
    pub line: Option<usize>,
    pub message: String,
    pub hint: String,
}

impl std::fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{file}:{line}: ")?,
            (Some(file), None) => write!(f, "{file}: ")?,
            _ => {}
        }
        write!(f, "{}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  = hint: {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogueError {}

/// An operation's own catalogue for one language: its name for messages, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub name: String,
    pub source: String,
    /// The file it was read from, which no result of the run may replace.
    pub path: Option<std::path::PathBuf>,
}

/// What a job renders in: the language's tag, and what the operation brings of its own from
/// beside the data file, its catalogue for the language and its logo. Plain data, sent to
/// the thread that prepares the month, which builds the [`Language`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    pub tag: String,
    pub overrides: Vec<Override>,
    pub logo: Option<crate::input::model::Logo>,
}

impl Wording {
    /// A built-in language with no overrides.
    pub fn built_in(tag: &str) -> Wording {
        Wording { tag: tag.to_owned(), overrides: Vec::new(), logo: None }
    }

    pub fn language(&self) -> Result<Language, CatalogueError> {
        Language::new(&self.tag, &self.overrides)
    }
}

/// The built-in catalogues, parsed once per process.
fn built_in() -> &'static [(&'static str, Arc<FluentResource>)] {
    static PARSED: OnceLock<Vec<(&'static str, Arc<FluentResource>)>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BUILT_IN
            .iter()
            .map(|&(tag, source)| {
                // A built-in catalogue that does not parse fails the tests; were one to slip
                // through, the entries that did parse are kept.
                let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(resource, _)| resource);
                (tag, Arc::new(resource))
            })
            .collect()
    })
}

/// The languages with a built-in catalogue.
pub fn built_in_languages() -> Vec<&'static str> {
    BUILT_IN.iter().map(|&(tag, _)| tag).collect()
}

/// A language tag as the catalogues and the PDF take it: `fr`, `pt-BR`; `None` if it is not one.
pub fn parse_tag(text: &str) -> Option<String> {
    let id: unic_langid::LanguageIdentifier = text.trim().parse().ok()?;
    if id.language.is_empty() {
        return None;
    }
    Some(id.to_string())
}

/// One language of the pages: its messages and its number format.
pub struct Language {
    tag: String,
    bundle: FluentBundle<Arc<FluentResource>>,
    decimal: icu_decimal::DecimalFormatter,
    /// Problems met while formatting (a variable an override uses that the message lacks):
    /// the render fails rather than print the gap.
    errors: RefCell<Vec<String>>,
}

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_struct("Language").field("tag", &self.tag).finish_non_exhaustive()
    }
}

impl Language {
    /// The built-in language `tag`, with no overrides.
    pub fn built_in(tag: &str) -> Result<Language, CatalogueError> {
        Language::new(tag, &[])
    }

    /// Language `tag`: its built-in catalogue (if there is one) with the operation's
    /// `overrides` laid over it. Every message must end up defined, and every override must
    /// fit its message.
    pub fn new(tag: &str, overrides: &[Override]) -> Result<Language, CatalogueError> {
        let parsed = parse_tag(tag).ok_or_else(|| CatalogueError {
            file: None,
            line: None,
            message: format!("`{tag}` is not a language tag"),
            hint: "write a language as its code, such as en, fr or es".into(),
        })?;
        let id: unic_langid::LanguageIdentifier = parsed.parse().map_err(|_| CatalogueError {
            file: None,
            line: None,
            message: format!("`{tag}` is not a language tag"),
            hint: String::new(),
        })?;
        let locale = icu_locale_core::Locale::try_from_str(&parsed).map_err(|_| CatalogueError {
            file: None,
            line: None,
            message: format!("`{tag}` is not a language tag"),
            hint: String::new(),
        })?;
        let mut bundle = FluentBundle::new(vec![id.clone()]);
        // Figures and names are set by the layouts, not in bidirectional text: no isolation marks.
        bundle.set_use_isolating(false);
        let base = built_in()
            .iter()
            .find(|(t, _)| *t == parsed)
            .or_else(|| built_in().iter().find(|(t, _)| *t == id.language.as_str()));
        if let Some((_, resource)) = base {
            bundle.add_resource_overriding(Arc::clone(resource));
        }
        // Each message the overrides define, with the override that defines it last, and its line.
        let mut defined: Vec<(&Spec, &Override, usize)> = Vec::new();
        for o in overrides {
            let resource = check_override(o)?;
            for entry in resource.entries() {
                if let ast::Entry::Message(m) = entry
                    && let Some(spec) = spec_of(m.id.name)
                {
                    defined.retain(|(earlier, ..)| earlier.id != spec.id);
                    defined.push((spec, o, line_in(&resource, m.id.name)));
                }
            }
            bundle.add_resource_overriding(Arc::new(resource));
        }
        if let Some((_, base)) = base {
            check_directions(&id, base, &bundle, &defined)?;
        }
        let missing: Vec<&str> = MESSAGES.iter().map(|s| s.id).filter(|id| !bundle.has_message(id)).collect();
        if !missing.is_empty() {
            let known = built_in_languages().join(", ");
            return Err(CatalogueError {
                file: overrides.last().map(|o| o.name.clone()),
                line: None,
                message: if base.is_none() && overrides.is_empty() {
                    format!("there is no built-in catalogue for `{parsed}`")
                } else if base.is_none() {
                    format!(
                        "there is no built-in catalogue for `{parsed}`, and the operation's catalogue lacks {} of the {} messages: {}",
                        missing.len(),
                        MESSAGES.len(),
                        missing.join(", ")
                    )
                } else {
                    format!("the catalogue lacks the messages {}", missing.join(", "))
                },
                hint: format!(
                    "render in a built-in language ({known}), or give the operation a catalogue for `{parsed}` with every message (copy catalogues/en.ftl and translate it)"
                ),
            });
        }
        let decimal = icu_decimal::DecimalFormatter::try_new((&locale).into(), Default::default())
            .or_else(|_| icu_decimal::DecimalFormatter::try_new(Default::default(), Default::default()))
            .map_err(|e| CatalogueError {
                file: None,
                line: None,
                message: format!("no number format for `{parsed}`: {e}"),
                hint: String::new(),
            })?;
        // Some languages write their digits in their own script (Arabic's ١٢٣), which the
        // bundled fonts may not have: a page of empty boxes is refused here, not printed.
        let digits = decimal.format_to_string(&icu_decimal::input::Decimal::from(1_234_567_890u64));
        let missing = crate::typeset::fonts::missing_glyphs(&digits);
        if !missing.is_empty() {
            return Err(CatalogueError {
                file: None,
                line: None,
                message: format!("`{parsed}` writes numbers as {digits}, with digits the bundled Lato fonts cannot print"),
                hint: "render in a language written with Latin digits, or add a font with these digits (see the README on languages)".into(),
            });
        }
        Ok(Language { tag: parsed, bundle, decimal, errors: RefCell::new(Vec::new()) })
    }

    /// The language's tag, as the PDF records it.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// A count written as the language writes it: `11,814`, `11 814`.
    pub fn number(&self, n: impl Into<u128>) -> String {
        let n: u128 = n.into();
        let decimal: icu_decimal::input::Decimal = match u64::try_from(n) {
            Ok(small) => small.into(),
            Err(_) => n.into(),
        };
        self.decimal.format_to_string(&decimal)
    }

    /// A whole percentage: `32%`, `32 %`.
    pub fn percent(&self, value: u64) -> String {
        self.text("percent", &[("value", self.number(value).into())])
    }

    /// A share as printed: `49%`, or `less than 1%` for a part too small to round to 1%.
    pub fn share(&self, part: u64, whole: u64) -> String {
        match crate::text::format::percent(part, whole) {
            Some(0) if part > 0 => self.text("percent-below-one", &[]),
            Some(p) => self.percent(p),
            None => self.percent(0),
        }
    }

    /// Names joined as a list: `A`, `A and B`, `A, B and C`.
    pub fn list<S: AsRef<str>>(&self, items: &[S]) -> String {
        match items {
            [] => String::new(),
            [one] => one.as_ref().to_owned(),
            [first, second] => {
                self.text("list-pair", &[("first", first.as_ref().into()), ("second", second.as_ref().into())])
            }
            [first, rest @ ..] => {
                let rest = self.list(rest);
                self.text("list-more", &[("first", first.as_ref().into()), ("rest", rest.into())])
            }
        }
    }

    /// A message as plain text (figures among its arguments unmarked).
    pub fn text(&self, id: &str, args: &[(&str, Arg)]) -> String {
        self.format(id, args).replace([STRONG_START, STRONG_END], "")
    }

    /// A message as runs of text, the figures among its arguments in bold runs.
    pub fn runs(&self, id: &str, args: &[(&str, Arg)]) -> Vec<Run> {
        let text = self.format(id, args);
        let mut runs = Vec::new();
        let mut rest = text.as_str();
        while let Some(start) = rest.find(STRONG_START) {
            if start > 0 {
                runs.push(Run { text: rest[..start].to_owned(), strong: false });
            }
            let after = &rest[start + STRONG_START.len_utf8()..];
            let end = after.find(STRONG_END).unwrap_or(after.len());
            runs.push(Run { text: after[..end].to_owned(), strong: true });
            rest = after.get(end + STRONG_END.len_utf8()..).unwrap_or("");
        }
        if !rest.is_empty() {
            runs.push(Run { text: rest.to_owned(), strong: false });
        }
        runs
    }

    /// Formats a message; a message that is missing or fails records why, for the render to fail.
    fn format(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            self.errors.borrow_mut().push(format!("the message `{id}` has no text"));
            return String::new();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, arg) in args {
            let value: FluentValue = match arg {
                Arg::Text(text) => FluentValue::String(text.clone()),
                Arg::Figure(figure) => FluentValue::String(format!("{STRONG_START}{figure}{STRONG_END}").into()),
                Arg::Number(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors).into_owned();
        if !errors.is_empty() {
            let mut recorded = self.errors.borrow_mut();
            for e in errors {
                let e = format!("the message `{id}`: {e}");
                if !recorded.contains(&e) {
                    recorded.push(e);
                }
            }
        }
        text
    }

    /// What went wrong while formatting, if anything: the render must not go on.
    pub fn take_errors(&self) -> Vec<String> {
        std::mem::take(&mut self.errors.borrow_mut())
    }
}

/// The line, from 1, of a byte offset in `source`.
fn line_of(source: &str, offset: usize) -> usize {
    source.as_bytes()[..offset.min(source.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The line, from 1, of a name the parser read from `resource` (an entry's id), found by where
/// the name lies in the resource's source.
fn line_in(resource: &FluentResource, name: &str) -> usize {
    let offset = (name.as_ptr() as usize).saturating_sub(resource.source().as_ptr() as usize);
    line_of(resource.source(), offset)
}

/// Parses an operation's catalogue and checks that each message it defines is one the pages
/// print, with no argument the message lacks and none missing that it needs.
pub fn check_override(o: &Override) -> Result<FluentResource, CatalogueError> {
    let error = |line: Option<usize>, message: String, hint: &str| CatalogueError {
        file: Some(o.name.clone()),
        line,
        message,
        hint: hint.to_owned(),
    };
    if let Some((offset, c)) = o.source.char_indices().find(|&(_, c)| {
        c == STRONG_START || c == STRONG_END || crate::input::validate::unprintable(c, true).is_some_and(|_| c != '\t')
    }) {
        return Err(error(
            Some(line_of(&o.source, offset)),
            format!("found U+{:04X}, a character the pages cannot print", u32::from(c)),
            "delete it (copying from a web page or a PDF often brings such characters)",
        ));
    }
    // Nesting is limited before parsing: the parser, and dropping what it built, recurse once
    // per level, and thousands of levels exhaust a thread's stack.
    if let Some(offset) = too_deep(&o.source) {
        return Err(error(
            Some(line_of(&o.source, offset)),
            format!("found placeables or choices nested more than {MAX_DEPTH} deep"),
            "write the message more simply; the built-in ones nest two deep at most",
        ));
    }
    let resource = match FluentResource::try_new(o.source.clone()) {
        Ok(resource) => resource,
        Err((_, errors)) => {
            let first = &errors[0];
            return Err(error(
                // The line of the entry the error is in, rather than where the parser gave up.
                Some(line_of(&o.source, first.slice.as_ref().map_or(first.pos.start, |slice| slice.start))),
                format!("this is not Fluent syntax: {}", first.kind),
                "see catalogues/en.ftl for the form of each message; a message is `id = text`, and a line that continues it starts with spaces",
            ));
        }
    };
    let terms: Vec<&str> = resource
        .entries()
        .filter_map(|e| match e {
            ast::Entry::Term(t) => Some(t.id.name),
            _ => None,
        })
        .collect();
    let mut seen: Vec<String> = Vec::new();
    for entry in resource.entries() {
        let (id, pattern, term) = match entry {
            ast::Entry::Message(m) => (m.id.name, m.value.as_ref(), false),
            ast::Entry::Term(t) => (t.id.name, Some(&t.value), true),
            _ => continue,
        };
        let line = Some(line_in(&resource, id));
        let shown = if term { format!("-{id}") } else { id.to_owned() };
        if seen.contains(&shown) {
            return Err(error(
                line,
                format!("`{shown}` is defined a second time"),
                "keep one definition; the later one would silently win",
            ));
        }
        seen.push(shown.clone());
        let spec = if term {
            None
        } else {
            let Some(spec) = spec_of(id) else {
                let near = crate::input::schema::nearest(id, MESSAGES.iter().map(|s| s.id));
                return Err(error(
                    line,
                    format!("`{id}` is not a message the pages print"),
                    &match near {
                        Some(near) => format!("did you mean `{near}`? The messages are those of catalogues/en.ftl"),
                        None => "the messages are those of catalogues/en.ftl".to_owned(),
                    },
                ));
            };
            Some(spec)
        };
        let Some(pattern) = pattern else {
            return Err(error(line, format!("`{shown}` has no text"), "write the message's text after `=`"));
        };
        let mut walk = Walk::default();
        walk.pattern(pattern, 0);
        if walk.too_deep {
            return Err(error(
                line,
                format!("`{shown}` nests placeables or choices more than {MAX_DEPTH} deep"),
                "write the message more simply; the built-in ones nest two deep at most",
            ));
        }
        // What the message prints of its own, escapes written out: the printable-character check
        // of the source applies to it too (`{ "\u202E" }` turned 32% into "%23").
        if let Some(c) =
            walk.words.chars().find(|&c| c != '\t' && crate::input::validate::unprintable(c, true).is_some())
        {
            return Err(error(
                line,
                format!("`{shown}` prints U+{:04X}, a character the pages cannot print", u32::from(c)),
                "delete it; a space that must not break is written { \"\\u00A0\" }",
            ));
        }
        // Figures come from the data: a message given figures prints no digit of its own (a
        // typed "12,345", or `{ $value }0%` making 32% read 320%).
        if let Some(spec) = spec
            && !spec.args.is_empty()
            && let Some(digit) = walk.own_words.chars().find(char::is_ascii_digit)
        {
            return Err(error(
                line,
                format!("`{shown}` prints the digit {digit} of its own, where only the data's figures may stand"),
                "write each figure as its argument ({ $value }, { $estimate }, …), never as digits",
            ));
        }
        let missing = crate::typeset::fonts::missing_glyphs(&walk.words);
        if !missing.is_empty() {
            let chars: Vec<String> = missing.iter().take(8).map(|c| format!("{c} (U+{:04X})", u32::from(*c))).collect();
            return Err(error(
                line,
                format!("`{shown}` has characters the bundled Lato fonts cannot print: {}", chars.join(" ")),
                "the pages would show empty boxes; the bundled fonts print Latin, Greek and Cyrillic scripts",
            ));
        }
        if let Some(function) = walk.functions.first() {
            return Err(error(
                line,
                format!("`{shown}` calls {function}(), and the pages give messages no functions"),
                "the figures arrive already written for the language: use the argument itself",
            ));
        }
        if let Some(unknown) = walk.terms.iter().find(|t| !terms.contains(t)) {
            return Err(error(
                line,
                format!("`{shown}` refers to the term -{unknown}, which the catalogue does not define"),
                "define the term (`-name = text`) or write its text",
            ));
        }
        if let Some(unknown) = walk.messages.iter().find(|m| spec_of(m).is_none()) {
            return Err(error(
                line,
                format!("`{shown}` refers to the message `{unknown}`, which the pages do not have"),
                "refer only to messages of catalogues/en.ftl, or write the text",
            ));
        }
        let Some(spec) = spec else {
            if let Some(variable) = walk.variables.first() {
                return Err(error(
                    line,
                    format!("the term `{shown}` uses ${variable}, but a term is given no arguments"),
                    "write the argument in the message that refers to the term",
                ));
            }
            continue;
        };
        if let Some(unknown) = walk.variables.iter().find(|v| !spec.args.contains(v)) {
            let has = if spec.args.is_empty() {
                "none".to_owned()
            } else {
                spec.args.iter().map(|a| format!("${a}")).collect::<Vec<_>>().join(", ")
            };
            return Err(error(
                line,
                format!("`{id}` uses ${unknown}, an argument the message does not have (it has: {has})"),
                "use only the message's own arguments; they are listed in catalogues/en.ftl",
            ));
        }
        // A message it refers to is formatted with this one's arguments, and may use the ones
        // this one needs.
        if let Some(missing) = spec.needs.iter().find(|n| walk.messages.is_empty() && !walk.variables.contains(n)) {
            return Err(error(
                line,
                format!("`{id}` leaves out ${missing}, which the sentence needs"),
                &format!("write {{ ${missing} }} where it belongs in the sentence"),
            ));
        }
        // And in every variant of a choice: a sentence that prints the figure for an increase
        // only would print none for a decrease.
        if let Some(missing) = spec.needs.iter().find(|n| walk.messages.is_empty() && !always_uses(pattern, n, 0)) {
            return Err(error(
                line,
                format!(
                    "`{id}` leaves out ${missing} in a variant of one of its choices, and the sentence needs it whichever variant is printed"
                ),
                &format!("write {{ ${missing} }} in every variant of the choice, or outside it"),
            ));
        }
    }
    Ok(resource)
}

/// Checks that an operation's messages on `$direction` say a rise for a rise and a fall for a
/// fall: each is formatted with a probe rise and a probe fall, and neither may hold a word that
/// the built-in catalogue of the language uses only for the other direction (`decrease`, `less`;
/// `baisse`, `moins`). Swapped variants printed "32% increase" for a fall.
fn check_directions(
    id: &unic_langid::LanguageIdentifier,
    base: &Arc<FluentResource>,
    bundle: &FluentBundle<Arc<FluentResource>>,
    defined: &[(&Spec, &Override, usize)],
) -> Result<(), CatalogueError> {
    let directed: Vec<_> = defined.iter().filter(|(spec, ..)| spec.args.contains(&"direction")).collect();
    if directed.is_empty() {
        return Ok(());
    }
    let mut built_in = FluentBundle::new(vec![id.clone()]);
    built_in.set_use_isolating(false);
    built_in.add_resource_overriding(Arc::clone(base));
    // The words of one direction only, over every message on `$direction` as built in.
    let (mut rise, mut fall) = (std::collections::BTreeSet::new(), std::collections::BTreeSet::new());
    for spec in MESSAGES.iter().filter(|s| s.args.contains(&"direction")) {
        let up = probe_words(&built_in, spec, "increase");
        let down = probe_words(&built_in, spec, "decrease");
        rise.extend(up.difference(&down).cloned());
        fall.extend(down.difference(&up).cloned());
    }
    for (spec, o, line) in directed {
        for (direction, own, other, reads) in [("increase", &rise, &fall, "rise"), ("decrease", &fall, &rise, "fall")] {
            let words = probe_words(bundle, spec, direction);
            if let Some(wrong) = words.iter().find(|w| other.contains(*w) && !own.contains(*w)) {
                return Err(CatalogueError {
                    file: Some(o.name.clone()),
                    line: Some(*line),
                    message: format!("`{}` says \"{wrong}\" when the figure is a {reads} ($direction is {direction})", spec.id),
                    hint: "check that each variant of the choice on $direction says what its key says: [increase] a rise, [decrease] a fall".into(),
                });
            }
        }
    }
    Ok(())
}

/// The words a message prints for a probe month (December, every figure there, not rounded)
/// whose figure moved in `direction`, lower-cased.
fn probe_words(
    bundle: &FluentBundle<Arc<FluentResource>>,
    spec: &Spec,
    direction: &str,
) -> std::collections::BTreeSet<String> {
    let Some(pattern) = bundle.get_message(spec.id).and_then(|m| m.value()) else { return Default::default() };
    let mut args = FluentArgs::new();
    for &arg in spec.args {
        let value: FluentValue = match arg {
            "direction" => direction.into(),
            "month" | "day" | "months" => FluentValue::from(12),
            "rounded" => "no".into(),
            "children" => "yes".into(),
            _ => "\u{E000}".into(),
        };
        args.set(arg, value);
    }
    let text = bundle.format_pattern(pattern, Some(&args), &mut Vec::new()).to_lowercase();
    text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// Whether a pattern prints `$name` whichever variant of its choices is taken: at its own
/// level, or in every variant of one of its choices (a variant keyed by one of its values,
/// `[1] 1er`, prints it as its word).
fn always_uses(pattern: &ast::Pattern<&str>, name: &str, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    pattern.elements.iter().any(|element| match element {
        ast::PatternElement::TextElement { .. } => false,
        ast::PatternElement::Placeable { expression } => always_in(expression, name, depth + 1),
    })
}

fn always_in(expression: &ast::Expression<&str>, name: &str, depth: usize) -> bool {
    match expression {
        ast::Expression::Inline(inline) => inline_uses(inline, name, depth),
        // A choice keyed by the figure's own values (`[1] January … *[12] December`) prints the
        // figure as the word of its value.
        ast::Expression::Select { selector, variants } => {
            let on_figure = inline_uses(selector, name, depth);
            variants.iter().all(|v| {
                (on_figure && matches!(v.key, ast::VariantKey::NumberLiteral { .. }))
                    || without_figure(selector, &v.key, name)
                    || always_uses(&v.value, name, depth)
            })
        }
    }
}

/// The variants that print no figure by what they say: a choice on `$direction` keyed
/// `unchanged` ("no change") or `none` (nothing to compare with) has no `$change` to print, one
/// on `$children` keyed `no` no children, one on `$rest` keyed `none` no other countries.
const WITHOUT_FIGURE: &[(&str, &str, &[&str])] =
    &[("direction", "change", &["unchanged", "none"]), ("children", "uasc", &["no"]), ("rest", "followers", &["none"])];

fn without_figure(selector: &ast::InlineExpression<&str>, key: &ast::VariantKey<&str>, name: &str) -> bool {
    let ast::InlineExpression::VariableReference { id } = selector else { return false };
    let ast::VariantKey::Identifier { name: key } = key else { return false };
    WITHOUT_FIGURE.iter().any(|(on, figure, keys)| *on == id.name && *figure == name && keys.contains(key))
}

fn inline_uses(inline: &ast::InlineExpression<&str>, name: &str, depth: usize) -> bool {
    match inline {
        ast::InlineExpression::VariableReference { id } => id.name == name,
        ast::InlineExpression::Placeable { expression } => always_in(expression, name, depth + 1),
        _ => false,
    }
}

/// Where braces first nest deeper than [`MAX_DEPTH`], outside string literals, if they do.
fn too_deep(source: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (offset, c) in source.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' | '\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(offset);
                }
            }
            '}' => depth = depth.saturating_sub(1),
            '"' if depth > 0 => in_string = true,
            _ => {}
        }
    }
    None
}

/// How deep placeables and choices may nest in an operation's message: the built-in messages
/// nest two deep; thousands would exhaust the stack of the thread that formats them.
const MAX_DEPTH: usize = 8;

/// What a message's pattern holds: the words it prints itself, the variables, terms, messages
/// and functions it refers to, and whether it nests too deep to be formatted safely.
#[derive(Default)]
struct Walk<'s> {
    words: String,
    /// The words outside the variants of a choice keyed by numbers (`[1] 1er`), which print
    /// the value that chose them.
    own_words: String,
    keyed: usize,
    variables: Vec<&'s str>,
    terms: Vec<&'s str>,
    messages: Vec<&'s str>,
    functions: Vec<&'s str>,
    too_deep: bool,
}

impl<'s> Walk<'s> {
    fn word(&mut self, text: &str) {
        self.words.push_str(text);
        if self.keyed == 0 {
            self.own_words.push_str(text);
        }
    }

    fn pattern(&mut self, pattern: &ast::Pattern<&'s str>, depth: usize) {
        if depth > MAX_DEPTH {
            self.too_deep = true;
            return;
        }
        for element in &pattern.elements {
            match element {
                ast::PatternElement::TextElement { value } => self.word(value),
                ast::PatternElement::Placeable { expression } => self.expression(expression, depth + 1),
            }
        }
    }

    fn expression(&mut self, expression: &ast::Expression<&'s str>, depth: usize) {
        if depth > MAX_DEPTH {
            self.too_deep = true;
            return;
        }
        match expression {
            ast::Expression::Select { selector, variants } => {
                self.inline(selector, depth);
                for variant in variants {
                    let keyed = usize::from(matches!(variant.key, ast::VariantKey::NumberLiteral { .. }));
                    self.keyed += keyed;
                    self.pattern(&variant.value, depth);
                    self.keyed -= keyed;
                }
            }
            ast::Expression::Inline(inline) => self.inline(inline, depth),
        }
    }

    fn inline(&mut self, inline: &ast::InlineExpression<&'s str>, depth: usize) {
        match inline {
            // As it prints: `{ "\u202E" }` is the character, not six letters.
            ast::InlineExpression::StringLiteral { value } => {
                self.word(&fluent_syntax::unicode::unescape_unicode_to_string(value))
            }
            ast::InlineExpression::NumberLiteral { value } => self.word(value),
            ast::InlineExpression::VariableReference { id } => self.variables.push(id.name),
            ast::InlineExpression::FunctionReference { id, arguments } => {
                self.functions.push(id.name);
                for argument in &arguments.positional {
                    self.inline(argument, depth);
                }
            }
            ast::InlineExpression::MessageReference { id, .. } => self.messages.push(id.name),
            ast::InlineExpression::TermReference { id, arguments, .. } => {
                self.terms.push(id.name);
                if let Some(arguments) = arguments {
                    for argument in &arguments.positional {
                        self.inline(argument, depth);
                    }
                }
            }
            ast::InlineExpression::Placeable { expression } => self.expression(expression, depth + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Language {
        Language::built_in("en").unwrap()
    }

    #[test]
    fn every_built_in_catalogue_parses_and_fits_the_messages() {
        for &(tag, source) in BUILT_IN {
            let o = Override { name: format!("catalogues/{tag}.ftl"), source: source.to_owned(), path: None };
            if let Err(e) = check_override(&o) {
                panic!("{e}");
            }
            let language = Language::built_in(tag).unwrap();
            for spec in MESSAGES {
                assert!(language.bundle.has_message(spec.id), "{tag} lacks {}", spec.id);
            }
        }
    }

    #[test]
    fn english_numbers_lists_and_shares() {
        let en = en();
        assert_eq!(en.number(11_814u64), "11,814");
        assert_eq!(en.number(u128::from(u64::MAX) + 1), "18,446,744,073,709,551,616");
        assert_eq!(en.percent(32), "32%");
        assert_eq!(en.share(1, 1_000), "less than 1%");
        assert_eq!(en.share(0, 0), "0%");
        assert_eq!(en.list(&["A", "B", "C"]), "A, B and C");
        assert_eq!(en.list(&["A"]), "A");
    }

    #[test]
    fn figures_become_bold_runs() {
        let en = en();
        let runs = en.runs("change", &[("direction", "decrease".into()), ("change", Arg::Figure("32%".into()))]);
        assert_eq!(runs, [Run { text: "32%".into(), strong: true }, Run { text: " decrease".into(), strong: false }]);
        assert_eq!(
            en.text("change", &[("direction", "decrease".into()), ("change", Arg::Figure("32%".into()))]),
            "32% decrease"
        );
    }

    fn override_error(source: &str) -> String {
        check_override(&Override { name: "ops.ftl".into(), source: source.into(), path: None }).unwrap_err().to_string()
    }

    #[test]
    fn overrides_are_checked_against_the_messages() {
        assert_eq!(
            override_error("kicker = Key figures\n\nchange = { $direction ->\n   *[other] { $percent } change\n}\n"),
            "ops.ftl:3: `change` uses $percent, an argument the message does not have (it has: $direction, $change)\n  \
             = hint: use only the message's own arguments; they are listed in catalogues/en.ftl"
        );
        assert_eq!(
            override_error("arrivals-summary = Many people came through { $region }.\n"),
            "ops.ftl:1: `arrivals-summary` leaves out $estimate, which the sentence needs\n  \
             = hint: write { $estimate } where it belongs in the sentence"
        );
        assert!(
            override_error("kiker = Key figures\n")
                .starts_with("ops.ftl:1: `kiker` is not a message the pages print\n  = hint: did you mean `kicker`?")
        );
        let e = override_error("kicker = { $year\n");
        assert!(e.starts_with("ops.ftl:1: this is not Fluent syntax"), "{e}");
        assert!(override_error("\n\nkicker = Key \u{E000}figures\n").starts_with("ops.ftl:3: found U+E000"));
        assert!(
            override_error("kicker = الأرقام الرئيسية\n")
                .starts_with("ops.ftl:1: `kicker` has characters the bundled Lato fonts cannot print: ا (U+0627)")
        );
        assert!(
            override_error("change = { $direction ->\n   *[x] 增加 { $change }\n}\n")
                .starts_with("ops.ftl:1: `change` has characters")
        );
        let deep = format!("kicker = {}x{}\n", "{ ".repeat(3_000), " }".repeat(3_000));
        assert!(override_error(&deep).starts_with("ops.ftl:1: found placeables or choices nested more than 8 deep"));
        let selects = format!("kicker = {}x{}\n", "{ $month ->\n *[x] ".repeat(3_000), "\n}".repeat(3_000));
        assert!(override_error(&selects).contains("nested more than 8 deep"));
        assert!(override_error("-t = { $day } x\nkicker = { -t }\n").starts_with("ops.ftl:1: the term `-t` uses $day"));
        assert!(
            override_error("kicker = { -nowhere }\n").starts_with("ops.ftl:1: `kicker` refers to the term -nowhere")
        );
        assert!(
            override_error("kicker = { note-labels }\n")
                .starts_with("ops.ftl:1: `kicker` refers to the message `note-labels`")
        );
        assert!(override_error("kicker = { NUMBER($year) }\n").starts_with("ops.ftl:1: `kicker` calls NUMBER()"));
        assert!(override_error("kicker = A\nkicker = B\n").starts_with("ops.ftl:2: `kicker` is defined a second time"));
        assert!(override_error("month-name = Month\n").starts_with("ops.ftl:1: `month-name` leaves out $month"));
        let o = Override {
            name: "ops.ftl".into(),
            source: "-org = UNHCR\nkicker = Key figures of { -org } in { note-label }\n".into(),
            path: None,
        };
        assert_eq!(Language::new("en", &[o]).unwrap().text("kicker", &[]), "Key figures of UNHCR in Note:");
    }

    /// Found by a hostile tester: catalogues that printed figures other than the data's.
    #[test]
    fn a_message_prints_the_datas_figures_in_every_variant_and_no_hidden_character() {
        // `{ "\u202E" }` passed the check of the source and turned 32% into "%23".
        assert!(
            override_error("percent = { $value }{ \"\\u202E\" }%\n").starts_with("ops.ftl:1: `percent` prints U+202E"),
            "{}",
            override_error("percent = { $value }{ \"\\u202E\" }%\n")
        );
        assert!(
            override_error("kicker = Key{ \"\\u200B\" }figures\n").starts_with("ops.ftl:1: `kicker` prints U+200B")
        );
        // A typed figure, and `{ $value }0%`, which read 320% for 32%.
        assert!(
            override_error("percent = { $value }0%\n")
                .starts_with("ops.ftl:1: `percent` prints the digit 0 of its own")
        );
        assert!(
            override_error("arrivals-summary = Some 12,345 persons ({ $estimate }) { $change }.\n")
                .contains("prints the digit 1 of its own")
        );
        // The estimate in one variant only.
        let one_variant = "arrivals-summary = { $direction ->\n    [increase] { $estimate } persons, { $change } more\n   *[other] Fewer persons, { $change } fewer\n}\n";
        assert!(
            override_error(one_variant)
                .starts_with("ops.ftl:1: `arrivals-summary` leaves out $estimate in a variant of one of its choices"),
            "{}",
            override_error(one_variant)
        );
        // Digits of its own in a message without figures, and escaped spaces, stay allowed.
        assert!(
            check_override(&Override {
                name: "o".into(),
                source: "percent-below-one = under 1{ \"\\u202F\" }%\n".into(),
                path: None
            })
            .is_ok()
        );
    }

    /// Found by a hostile tester: a catalogue with the variants swapped printed "32% increase"
    /// for a fall.
    #[test]
    fn the_direction_words_follow_the_data() {
        let swapped = |tag: &str, source: &str| {
            let o = Override { name: "ops.ftl".into(), source: source.into(), path: None };
            Language::new(tag, &[o]).map(|_| ()).map_err(|e| e.to_string())
        };
        let change = "kicker = Key figures\nchange = { $direction ->\n    [increase] { $change } decrease\n    [decrease] { $change } increase\n   *[unchanged] no change\n}\n";
        let e = swapped("en", change).unwrap_err();
        assert!(e.starts_with("ops.ftl:2: `change` says \"decrease\" when the figure is a rise"), "{e}");
        let alt = "arrivals-chart-alt = The total of { $total } is { $direction ->\n    [increase] { $change } less than last year's.\n   *[decrease] { $change } more than last year's.\n}\n";
        assert!(swapped("en", alt).unwrap_err().contains("says \"less\" when the figure is a rise"));
        let fr =
            "change = { $direction ->\n    [increase] baisse de { $change }\n   *[decrease] hausse de { $change }\n}\n";
        assert!(swapped("fr", fr).unwrap_err().contains("says \"baisse\" when the figure is a rise"));
        // Other words for each direction, and the built-in catalogues themselves, pass.
        assert!(swapped("en", "change = { $direction ->\n    [increase] up { $change }\n    [decrease] down { $change }\n   *[unchanged] level\n}\n").is_ok());
        for &(tag, source) in BUILT_IN {
            assert!(swapped(tag, source).is_ok(), "{tag}");
        }
    }

    #[test]
    fn an_override_replaces_only_its_messages() {
        let o =
            Override { name: "ops.ftl".into(), source: "kicker = Key figures for the operation\n".into(), path: None };
        let language = Language::new("en", &[o]).unwrap();
        assert_eq!(language.text("kicker", &[]), "Key figures for the operation");
        assert_eq!(language.text("note-label", &[]), "Note:");
    }

    #[test]
    fn a_language_without_a_catalogue_needs_every_message() {
        let o = Override { name: "ops.es.ftl".into(), source: "kicker = Cifras clave\n".into(), path: None };
        let e = Language::new("es", &[o]).unwrap_err();
        assert!(
            e.message.starts_with("there is no built-in catalogue for `es`, and the operation's catalogue lacks"),
            "{e}"
        );
        assert!(Language::new("not a tag", &[]).is_err());
        // CLDR writes Arabic in Egypt with Arabic-Indic digits (١٬٢٣٤), which Lato lacks.
        let every_message = Override {
            name: "ar.ftl".into(),
            source: BUILT_IN.iter().find(|(t, _)| *t == "en").unwrap().1.to_owned(),
            path: None,
        };
        let arabic = Language::new("ar-EG", &[every_message]).unwrap_err();
        assert!(arabic.message.contains("with digits the bundled Lato fonts cannot print"), "{arabic}");
    }
}
