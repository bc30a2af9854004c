//! The sample month against the published December 2025 factsheet: every figure, heading,
//! generated sentence and note of the reference text appears on the rendered pages.

use crate::harness::{compile, flat_text, sample};

/// Figures and phrases exactly as the published factsheet prints them, but for its ranges,
/// which it writes with a hyphen and the pages with an en dash, as typography wants, and the
/// countries' footnote marks, which the pages print wherever a country is named.
const PUBLISHED: &[&str] = &[
    "Key figures at regional level",
    "New arrivals¹: January–December 2025 vs. January–December 2024",
    "Estimation of persons of concern in mixed movements in the region as of 31 December:",
    "11,814",
    "32% decrease",
    "Between January and December 2025, 11,814 refugees and migrants were estimated to have \
     transited through the Western Balkans as part of mixed movements, reflecting a 32% decrease \
     compared to the same period last year.",
    "Given the nature of movement of these persons, including as a result of pushbacks and/or \
     reverse flow, UNHCR uses data on arrivals to estimate how many persons are a part of mixed \
     movements in a given time period.",
    "Asylum statistics in the Western Balkans in 2025:",
    "14,088",
    "Intentions to seek asylum",
    "838",
    "New asylum applications",
    "Application vs. Intention***",
    "6%",
    "To explore asylum data, please visit Western Balkans Asylum Dashboard",
    "New arrivals to each country between January and December",
    "Albania",
    "Bosnia and Herzegovina",
    "Kosovo²",
    "Montenegro",
    "North Macedonia*",
    "Serbia**",
    "Refugees and migrants present at the end of December:",
    "Some 2,289 persons were present in the Western Balkans as of end December 2025, including \
     134 unaccompanied and separated children (UASC).",
    "Of these, 49% were present in Bosnia and Herzegovina, followed by Serbia** (25%), Kosovo² \
     (10%), Albania and Montenegro (7% each) and North Macedonia* (1%).",
    "This also includes estimated number of persons present outside government-run centres.",
    "Regional breakdown:",
    "Refugees and migrants present at the end of each month:",
    "Most common nationalities of Refugees and migrants present at the end of December in the \
     Western Balkans region:",
    "Number of unaccompanied or separated children present at end of the reporting period:",
    "References to Kosovo shall be understood to be in the context of the Security Council \
     Resolution 1244 (1999)",
    "please visit the Operational Data Portal",
    "For North Macedonia, data on arrivals are not official government data",
    "Data on arrivals in Serbia is provided by Serbian Commissariat for Refugees and Migrations \
     and Asylum Authorities",
    "For countries having an asylum policy with a procedure including expression of intention \
     before submitting an asylum application (Albania, Bosnia and Herzegovina, Montenegro and \
     Serbia)",
    "The boundaries and names shown, and the designations used on this map do not imply official \
     endorsement or acceptance by the United Nations.",
    "Note: Data presented in this dashboard is collected by UNHCR in the Western Balkans",
    "It is, therefore, advised not to use the sum of these figures.",
];

#[test]
fn sample_month_prints_every_published_figure_and_sentence() {
    let compiled = compile(&sample());
    let text = flat_text(&compiled);
    let missing: Vec<&&str> = PUBLISHED
        .iter()
        .filter(|phrase| {
            let phrase: String = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
            !text.contains(&phrase)
        })
        .collect();
    assert!(missing.is_empty(), "missing from the pages: {missing:#?}\n\npages:\n{text}");
}

#[test]
fn sample_month_is_two_a4_pages() {
    let compiled = compile(&sample());
    let pages = compiled.document.pages();
    assert_eq!(pages.len(), 2);
    for page in pages.iter() {
        let size = page.frame.size();
        assert_eq!((size.x.to_mm().round(), size.y.to_mm().round()), (210.0, 297.0));
    }
}
