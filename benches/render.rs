//! In-process render times: the sample month warm (layouts and fonts cached, as in a batch or
//! a long-running process), and a re-render after the data changed (what `watch` does on each
//! edit), and reading a month from a workbook of ten years and twelve countries against reading
//! it from a JSON file, and the French catalogue with the month's words. Run with
//! `cargo bench --bench render`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

use factsheet::input::load;
use factsheet::typeset::render::{self, Export, Options};

fn sample() -> factsheet::input::model::Factsheet {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/2025-12.json");
    load::load(std::path::Path::new(path)).expect("the sample loads").sheet
}

fn bench(c: &mut Criterion) {
    let sheet = sample();
    let options = Options::default();
    let export = Export::default();

    c.bench_function("warm render: compile + PDF, same data", |b| {
        b.iter(|| {
            let compiled = render::compile(black_box(&sheet), &options).unwrap();
            black_box(compiled.pdf(&export).unwrap())
        })
    });

    // Each iteration changes a figure, as an officer editing the data file would.
    let mut edited = sheet.clone();
    let mut n = 0u64;
    c.bench_function("re-render after a data edit: compile + PDF", |b| {
        b.iter(|| {
            n += 1;
            edited.present.by_nationality[0].count = 500 + n % 10;
            let compiled = render::compile(black_box(&edited), &options).unwrap();
            black_box(compiled.pdf(&export).unwrap())
        })
    });

    c.bench_function("load and check the data file", |b| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/2025-12.json");
        b.iter(|| black_box(load::load(std::path::Path::new(path)).unwrap()))
    });

    // What a render from a workbook does before Typst: read every sheet, type every cell,
    // compute the month and check it.
    let dir = std::env::temp_dir().join(format!("factsheet-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let xlsx = dir.join("ten-years.xlsx");
    std::fs::write(&xlsx, factsheet::output::workbook::xlsx(&ten_years()).unwrap()).unwrap();
    let december = factsheet::input::model::YearMonth { year: 2025, month: 12 };
    c.bench_function("read a ten-year, twelve-country workbook and check a month", |b| {
        b.iter(|| {
            let figures = load::open_workbook(&xlsx, factsheet::input::table::Kind::Xlsx).unwrap();
            black_box(load::load_month(&xlsx, &figures, december).unwrap())
        })
    });
    let _ = std::fs::remove_dir_all(&dir);

    // The words of a month in French: the catalogue parsed into a bundle with its number
    // format, and every sentence of the view formatted.
    c.bench_function("build the French catalogue and prepare the month's words", |b| {
        b.iter(|| {
            let lang = factsheet::text::catalogue::Language::built_in("fr").unwrap();
            black_box(factsheet::text::view::View::new(black_box(&sheet), None, &lang))
        })
    });
}

/// A workbook of 2016 to 2025 for twelve countries, every month complete, with the sample's
/// texts: 120 rows of months and per country, 1,200 of nationalities.
fn ten_years() -> Vec<factsheet::output::workbook::SheetOut> {
    use factsheet::input::model::YearMonth;
    use factsheet::output::workbook::{Out, from_factsheet};
    let (mut sheets, _) = from_factsheet(&sample());
    let codes = ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB", "HRV", "SVN", "BGR", "ROU", "GRC", "HUN"];
    let months: Vec<YearMonth> = YearMonth { year: 2016, month: 1 }.through(YearMonth { year: 2025, month: 12 });
    let count = |seed: usize, low: u64, span: u64| low + (seed as u64 * 7919) % span;
    for sheet in &mut sheets {
        match sheet.name {
            "edition" => sheet.rows.retain(|r| r[0] != Out::Text("map_geometry".into())),
            "countries" => {
                sheet.rows = codes
                    .iter()
                    .map(|c| vec![Out::Text((*c).into()), Out::Text(format!("Country {c}")), Out::Empty])
                    .collect()
            }
            "months" => {
                sheet.rows = months
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let present = 12 * count(i, 20, 280);
                        let published =
                            factsheet::input::model::Date { year: m.next().year, month: m.next().month, day: 20 };
                        vec![
                            Out::Month(*m),
                            Out::Date(published),
                            Out::Number(count(i, 600, 900)),
                            Out::Empty,
                            Out::Bool(false),
                            Out::Number(count(i, 800, 700)),
                            Out::Number(count(i, 40, 50)),
                            Out::Number(present),
                            Out::Bool(true),
                            Out::Number(present / 20),
                        ]
                    })
                    .collect()
            }
            "arrivals_by_country" | "present_by_country" => {
                sheet.header =
                    std::iter::once("month".to_owned()).chain(codes.iter().map(|c| (*c).to_owned())).collect();
                sheet.rows = months
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        std::iter::once(Out::Month(*m)).chain((0..12).map(|_| Out::Number(count(i, 20, 280)))).collect()
                    })
                    .collect();
            }
            "nationalities" => {
                sheet.header = ["month", "nationality", "count"].map(str::to_owned).to_vec();
                sheet.rows = months
                    .iter()
                    .enumerate()
                    .flat_map(|(i, m)| {
                        (0..10).map(move |n| {
                            vec![
                                Out::Month(*m),
                                Out::Text(format!("Nationality {n}")),
                                Out::Number(count(i + n, 1, 20)),
                            ]
                        })
                    })
                    .collect()
            }
            _ => {}
        }
    }
    sheets
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
