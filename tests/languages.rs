//! Languages and operations: another operation's own wording in English and French, the
//! names of the files `--lang` writes, an operation's catalogue that does not fit its
//! messages, and a language no catalogue is built in for, added by the operation's own file.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::{TempDir, compile_in, repo, run, sample};

fn southern_africa() -> PathBuf {
    repo("tests/fixtures/operations/southern-africa/2025-12.json")
}

#[test]
fn another_operation_renders_with_its_own_wording_in_both_languages() {
    for tag in ["en", "fr"] {
        let compiled = compile_in(&southern_africa(), tag);
        insta::assert_snapshot!(
            format!("southern-africa.{tag}"),
            factsheet::output::inspect::describe(&compiled.document)
        );
    }
    let english = crate::harness::flat_text(&compile_in(&southern_africa(), "en"));
    assert!(
        english.contains("37,420 refugees and asylum-seekers arrived in Southern Africa, a 7% increase"),
        "{english}"
    );
    assert!(!english.contains("mixed movements") && !english.contains("Asylum statistics"), "{english}");
    let french = crate::harness::flat_text(&compile_in(&southern_africa(), "fr"));
    assert!(french.contains("37 420 réfugiés et demandeurs d’asile sont arrivés en Afrique australe"), "{french}");
    assert!(french.contains("Afrique du Sud") && french.contains("République démocratique du Congo"), "{french}");
}

/// Copies the Southern Africa fixture (data and catalogues) into `dir`.
fn copy_operation(dir: &TempDir) -> PathBuf {
    let from = southern_africa();
    let folder = from.parent().unwrap();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json" || x == "ftl") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap().to_str().unwrap())).unwrap();
        }
    }
    dir.join("2025-12.json")
}

#[test]
fn lang_writes_each_language_named_after_it() {
    let dir = TempDir::new("lang-names");
    let data = dir.join("2025-12.json");
    std::fs::copy(sample(), &data).unwrap();
    let both = run(dir.path(), &["render", "2025-12.json", "--lang", "en,fr"]);
    assert_eq!(both.status.code(), Some(0), "{}", String::from_utf8_lossy(&both.stderr));
    let pdf = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let (en, fr) = (pdf("2025-12.en.pdf"), pdf("2025-12.fr.pdf"));
    assert!(en != fr);
    let plain = run(dir.path(), &["render", "2025-12.json"]);
    assert_eq!(plain.status.code(), Some(0));
    assert_eq!(pdf("2025-12.pdf"), en, "without --lang, the file's language, English");
    let doc = lopdf::Document::load_mem(&fr).unwrap();
    let lang = doc.catalog().unwrap().get(b"Lang").unwrap().as_str().unwrap().to_vec();
    assert_eq!(lang, b"fr");

    let two_to_one = run(dir.path(), &["render", "2025-12.json", "--lang", "en,fr", "-o", "x.pdf"]);
    assert_eq!(two_to_one.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&two_to_one.stderr).contains("--output names one file but 2 languages were asked for")
    );
    let not_a_tag = run(dir.path(), &["render", "2025-12.json", "--lang", "en,français!"]);
    assert_eq!(not_a_tag.status.code(), Some(2));
    let unknown = run(dir.path(), &["render", "2025-12.json", "--lang", "de"]);
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert_eq!(unknown.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("there is no built-in catalogue for `de`"), "{stderr}");
    assert!(!dir.join("2025-12.de.pdf").exists());
}

#[test]
fn a_text_missing_in_the_language_is_named_with_its_field() {
    let dir = TempDir::new("lang-missing");
    let mut data: Value = serde_json::from_str(&std::fs::read_to_string(sample()).unwrap()).unwrap();
    data["notes"]["data_note"] = Value::from("Only in English.");
    std::fs::write(dir.join("m.json"), data.to_string()).unwrap();
    let out = run(dir.path(), &["check", "m.json", "--lang", "fr"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("notes.data_note: found no text in `fr`, the language being rendered (it is given in en)"),
        "{stderr}"
    );
    assert_eq!(run(dir.path(), &["check", "m.json"]).status.code(), Some(0), "English has every text");
}

/// Checks the operation with its French catalogue replaced by `catalogue`.
fn check_with_catalogue(name: &str, catalogue: &str) -> String {
    let dir = TempDir::new(name);
    copy_operation(&dir);
    std::fs::write(dir.join("southern-africa.fr.ftl"), catalogue).unwrap();
    let out = run(dir.path(), &["check", "2025-12.json", "--lang", "fr"]);
    assert_eq!(out.status.code(), Some(1), "{name}");
    let rendered = run(dir.path(), &["render", "2025-12.json", "--lang", "fr"]);
    assert_eq!(rendered.status.code(), Some(1), "{name}");
    assert!(!dir.join("2025-12.fr.pdf").exists(), "{name}: wrote a PDF");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_operations_catalogue_that_does_not_fit_is_refused_by_check() {
    let stderr = check_with_catalogue(
        "override-argument",
        "kicker = Chiffres clés\n\npresent-heading = Présents fin { $mois } :\n",
    );
    assert!(
        stderr.contains("southern-africa.fr.ftl:3: `present-heading` uses $mois, an argument the message does not have (it has: $month-name, $period)"),
        "{stderr}"
    );
    let stderr = check_with_catalogue("override-needs", "present-summary = Des personnes étaient présentes.\n");
    assert!(
        stderr.contains("southern-africa.fr.ftl:1: `present-summary` leaves out $total, which the sentence needs"),
        "{stderr}"
    );
    let stderr = check_with_catalogue("override-unknown", "present-heading-x = Présents\n");
    assert!(stderr.contains("`present-heading-x` is not a message the pages print"), "{stderr}");
    let stderr = check_with_catalogue("override-syntax", "kicker = { $year\n");
    assert!(stderr.contains("southern-africa.fr.ftl:1: this is not Fluent syntax"), "{stderr}");
}

#[test]
fn an_operations_catalogue_that_cannot_be_read_is_named() {
    let dir = TempDir::new("override-missing");
    copy_operation(&dir);
    std::fs::remove_file(dir.join("southern-africa.fr.ftl")).unwrap();
    let out = run(dir.path(), &["check", "2025-12.json", "--lang", "en,fr"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("2025-12.json (en): ok"), "{stderr}");
    assert!(
        stderr
            .contains("southern-africa.fr.ftl: the operation's catalogue (edition.catalogue, for `fr`) cannot be read"),
        "{stderr}"
    );
    std::fs::create_dir(dir.join("southern-africa.fr.ftl")).unwrap();
    let stderr =
        String::from_utf8_lossy(&run(dir.path(), &["check", "2025-12.json", "--lang", "fr"]).stderr).into_owned();
    assert!(stderr.contains("is a folder, not a file"), "{stderr}");
}

/// Adds a Spanish text beside every English one (the English words: what matters here is that
/// the language is rendered, not the translation).
fn with_spanish(value: &mut Value) {
    match value {
        Value::Object(fields) if fields.contains_key("en") && fields.values().all(Value::is_string) => {
            let english = fields["en"].clone();
            fields.insert("es".into(), english);
        }
        Value::Object(fields) => fields.values_mut().for_each(with_spanish),
        Value::Array(items) => items.iter_mut().for_each(with_spanish),
        _ => {}
    }
}

#[test]
fn a_language_without_a_built_in_catalogue_is_one_file_of_the_operations() {
    let dir = TempDir::new("spanish");
    let data = copy_operation(&dir);
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&data).unwrap()).unwrap();
    with_spanish(&mut value);
    value["edition"]["catalogue"]["es"] = Value::from("es.ftl");
    std::fs::write(&data, value.to_string()).unwrap();
    // Every message, in one file: here the English catalogue with Spanish month names.
    let english = std::fs::read_to_string(repo("catalogues/en.ftl")).unwrap();
    let spanish = english
        .replace("[12] December", "[12] diciembre")
        .replace("Key figures at regional level", "Cifras clave a nivel regional");
    std::fs::write(dir.join("es.ftl"), &spanish).unwrap();
    let out = run(dir.path(), &["render", "2025-12.json", "--lang", "es"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let compiled = compile_in(&data, "es");
    let text = crate::harness::flat_text(&compiled);
    // Spanish numbers (CLDR: a point, and no separator in four-digit numbers) and names.
    assert!(text.contains("Cifras clave a nivel regional") && text.contains("Sudáfrica"), "{text}");
    assert!(text.contains("37.420") && text.contains("diciembre"), "{text}");
    // Without every message, the language is refused.
    std::fs::write(dir.join("es.ftl"), "kicker = Cifras clave\n").unwrap();
    let out = run(dir.path(), &["render", "2025-12.json", "--lang", "es"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("there is no built-in catalogue for `es`, and the operation's catalogue lacks"),
        "{stderr}"
    );
}

#[test]
fn paths_of_the_tests_are_relative_to_the_repository() {
    assert!(Path::new(&southern_africa()).exists());
}

#[test]
fn an_operation_without_asylum_or_children_goes_through_a_workbook_and_back() {
    let dir = TempDir::new("operation-workbook");
    let data = copy_operation(&dir);
    // A January, whose period is one month: every figure of the JSON file is that month's.
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(&data).unwrap()).unwrap();
    value["edition"]["month"] = Value::from(1);
    value["edition"]["published"] = Value::from("2025-02-20");
    let (this, last) = (value["arrivals"]["monthly"][0].clone(), value["arrivals"]["monthly_last_year"][0].clone());
    value["arrivals"]["monthly"] = Value::from(vec![this.clone()]);
    value["arrivals"]["monthly_last_year"] = Value::from(vec![last.clone()]);
    value["arrivals"]["estimate"] = this.clone();
    value["arrivals"]["last_year"] = last;
    let total = this.as_u64().unwrap();
    value["arrivals"]["by_country"] = serde_json::json!({ "ZAF": total - 4 * (total / 5), "ZWE": total / 5, "MOZ": total / 5, "MWI": total / 5, "ZMB": total / 5 });
    value["present"]["monthly"] = Value::from(vec![value["present"]["total"].clone()]);
    std::fs::write(dir.join("2025-01.json"), value.to_string()).unwrap();
    let convert = run(dir.path(), &["convert", "2025-01.json", "-o", "sa.xlsx"]);
    assert_eq!(convert.status.code(), Some(0), "{}", String::from_utf8_lossy(&convert.stderr));
    for args in [["render", "sa.xlsx", "--lang", "en,fr"], ["render", "2025-01.json", "--lang", "en,fr"]] {
        let out = run(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    }
    for tag in ["en", "fr"] {
        let read = |name: String| std::fs::read(dir.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            read(format!("sa-2025-01.{tag}.pdf")) == read(format!("2025-01.{tag}.pdf")),
            "{tag}: the workbook's PDF differs"
        );
    }
}

#[test]
fn a_trace_never_replaces_an_operations_catalogue() {
    let dir = TempDir::new("timings-over-catalogue");
    copy_operation(&dir);
    let before = std::fs::read(dir.join("southern-africa.fr.ftl")).unwrap();
    let out = run(dir.path(), &["render", "2025-12.json", "--lang", "fr", "--timings", "southern-africa.fr.ftl"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a trace written by --timings"));
    assert_eq!(std::fs::read(dir.join("southern-africa.fr.ftl")).unwrap(), before);
    // An earlier trace is replaced.
    assert_eq!(run(dir.path(), &["render", "2025-12.json", "--timings", "t.json"]).status.code(), Some(0));
    assert_eq!(run(dir.path(), &["render", "2025-12.json", "--timings", "t.json"]).status.code(), Some(0));
}
