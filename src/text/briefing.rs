//! The email briefing's words: its subject, the card's alternative text, and the text under the
//! card (the generated sentences of both pages, the key figures, the footnotes and the source),
//! from the prepared month in the language of its pages. [`crate::output::email`] writes them as
//! HTML and plain text.

use crate::text::catalogue::{Arg, Language};
use crate::text::view::{LinkView, Run, View};

/// What the briefing says, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Briefing {
    /// The language's tag, for the HTML's `lang` and the parts' `Content-Language`.
    pub lang: String,
    /// "Western Balkans: key figures, December 2025".
    pub subject: String,
    /// The factsheet's title, heading the text.
    pub title: String,
    /// The card's alternative text.
    pub card_alt: String,
    /// The text under the card, section by section.
    pub sections: Vec<Section>,
    /// "The full factsheet … is attached: western-balkans-2025-12.pdf."
    pub attached: String,
    /// The footnotes the marks on the card and in the text refer to.
    pub notes: Vec<Note>,
    /// Source, publication date and contact, each with its label when it has one.
    pub footer: Vec<Labelled>,
}

/// A part of the text: a heading, its paragraphs, and a list of figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<Vec<Run>>,
    /// "Intentions to seek asylum: **14,088**", one a line.
    pub items: Vec<Vec<Run>>,
}

/// A footnote: its mark, its text, and the link it may end with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub mark: String,
    pub text: String,
    pub link: Option<Link>,
}

/// Words that lead somewhere when they have an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub label: String,
    pub url: Option<String>,
}

/// A text after its label, "Source: UNHCR"; the label may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    pub label: String,
    pub text: String,
}

impl Briefing {
    /// The briefing of a prepared month, whose factsheet is attached as `attachment`.
    pub fn new(view: &View, lang: &Language, attachment: &str) -> Briefing {
        let header = &view.header;
        let figure = |label: String, value: &str| {
            lang.runs("email-figure", &[("label", label.into()), ("value", Arg::Figure(value.to_owned()))])
        };
        let mut sections = vec![Section {
            heading: view.kicker.clone(),
            paragraphs: vec![view.arrivals_summary.clone()],
            items: Vec::new(),
        }];
        if let Some(asylum) = &view.asylum {
            sections.push(Section {
                heading: asylum.heading.clone(),
                paragraphs: Vec::new(),
                items: asylum.figures.iter().map(|f| figure(format!("{}{}", f.label, f.mark), &f.value)).collect(),
            });
        }
        sections.push(Section {
            heading: view.present.heading.clone(),
            paragraphs: vec![view.present.summary.clone()],
            items: Vec::new(),
        });
        let chart = &view.arrivals_chart;
        sections.push(Section { heading: chart.title.clone(), paragraphs: vec![plain(&chart.alt)], items: Vec::new() });
        sections.push(Section {
            heading: view.map.title.clone(),
            paragraphs: Vec::new(),
            items: view.map.rows.iter().map(|r| figure(format!("{}{}", r.name, r.mark), &r.value)).collect(),
        });
        let f = &view.footer;
        Briefing {
            lang: view.document.lang.clone(),
            subject: lang.text(
                "email-subject",
                &[
                    ("operation", (&header.operation).into()),
                    ("title", (&header.title).into()),
                    ("period", (&view.document.period).into()),
                ],
            ),
            title: view.document.title.clone(),
            card_alt: lang.text(
                "card-alt",
                &[("operation", (&header.operation).into()), ("period", (&view.document.period).into())],
            ),
            sections,
            attached: lang.text("email-attached", &[("file", attachment.into())]),
            notes: view
                .footnotes
                .iter()
                .map(|n| Note { mark: n.mark.clone(), text: n.text.clone(), link: n.link.as_ref().map(Link::from) })
                .collect(),
            footer: vec![
                Labelled { label: f.source_label.clone(), text: f.source.clone() },
                Labelled { label: String::new(), text: f.published.clone() },
                Labelled { label: f.contact_label.clone(), text: f.contact.clone() },
            ],
        }
    }
}

impl From<&LinkView> for Link {
    fn from(link: &LinkView) -> Link {
        Link { label: link.label.clone(), url: link.url.clone() }
    }
}

/// A sentence with no figure set in bold.
fn plain(text: &str) -> Vec<Run> {
    vec![Run { text: text.to_owned(), strong: false }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::view::plain_text;

    fn briefing(path: &str, tag: &str) -> Briefing {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let sheet = crate::input::load::load(&path).unwrap().sheet;
        let wording = crate::text::catalogue::Wording::built_in(tag);
        let view = crate::typeset::render::prepare(&sheet, &Default::default(), &wording).unwrap();
        Briefing::new(&view, &wording.language().unwrap(), "2025-12.pdf")
    }

    #[test]
    fn the_subject_and_the_figures_follow_the_month() {
        let b = briefing("data/2025-12.json", "en");
        assert_eq!(b.subject, "Western Balkans: key figures, December 2025");
        assert_eq!(b.attached, "The full factsheet, with its notes and sources, is attached: 2025-12.pdf.");
        let headings: Vec<&str> = b.sections.iter().map(|s| s.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "Key figures at regional level",
                "Asylum statistics in the Western Balkans in 2025:",
                "Refugees and migrants present at the end of December:",
                "New arrivals¹: January–December 2025 vs. January–December 2024",
                "New arrivals to each country between January and December",
            ]
        );
        assert!(
            plain_text(&b.sections[0].paragraphs[0]).starts_with("Between January and December 2025, 11,814 refugees")
        );
        let items: Vec<String> = b.sections[1].items.iter().map(|i| plain_text(i)).collect();
        assert_eq!(
            items,
            ["Intentions to seek asylum: 14,088", "New asylum applications: 838", "Application vs. Intention***: 6%"]
        );
        // The figure of each line is its bold run.
        assert_eq!(
            b.sections[1].items[0].iter().filter(|r| r.strong).map(|r| r.text.as_str()).collect::<Vec<_>>(),
            ["14,088"]
        );
        assert_eq!(plain_text(&b.sections[4].items[5]), "Kosovo²: 312");
        assert_eq!(b.notes.len(), 5);
        assert_eq!(
            b.notes[0].link.as_ref().and_then(|l| l.url.as_deref()),
            Some("https://data.unhcr.org/en/situations/ukraine")
        );
        assert_eq!(b.footer[1].text, "Published 20 January 2026");
    }

    #[test]
    fn in_french_with_french_punctuation() {
        let b = briefing("data/2025-12.json", "fr");
        assert_eq!(b.lang, "fr");
        assert_eq!(b.subject, "Balkans occidentaux\u{a0}: chiffres clés, décembre 2025");
        assert_eq!(plain_text(&b.sections[1].items[0]), "Intentions de demander l’asile\u{a0}: 14\u{202f}088");
        assert!(b.attached.ends_with("est jointe\u{a0}: 2025-12.pdf."), "{}", b.attached);
    }

    #[test]
    fn an_operation_without_asylum_statistics_has_no_such_section() {
        let b = briefing("tests/fixtures/operations/southern-africa/2025-12.json", "en");
        assert_eq!(b.sections.len(), 4);
        assert!(b.sections.iter().all(|s| !s.heading.contains("Asylum")));
        assert_eq!(b.subject, "Southern Africa: key figures, December 2025");
    }
}
