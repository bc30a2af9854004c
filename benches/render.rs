//! In-process render times: the sample month warm (layouts and fonts cached, as in a batch or
//! a long-running process), and a re-render after the data changed (what `watch` does on each
//! edit). Run with `cargo bench --bench render`.

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
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = bench
}
criterion_main!(benches);
