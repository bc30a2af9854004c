//! Formulas and cells a workbook cannot vouch for: a figure typed as a formula is used only
//! when its saved result is what it computes (LibreOffice's are); a result never computed
//! (XlsxWriter's 0, a file flagged to compute on opening), missing, stale, or a cell the file
//! writes twice is an error at the cell.

use factsheet::input::load;
use factsheet::input::model::YearMonth;
use factsheet::input::table::Kind;

use crate::harness::{TempDir, repo, with_part};

fn january() -> YearMonth {
    YearMonth::parse("2026-01").unwrap()
}

/// The LibreOffice workbook with January's row, `next-month-typed-in-libreoffice.xlsx`.
fn libreoffice() -> std::path::PathBuf {
    repo("tests/fixtures/workbook/next-month-typed-in-libreoffice.xlsx")
}

/// January's totals typed as formulas in LibreOffice (`=SUM(350;351)`, `=H25-85`, a SUM over
/// another row, `=ROUND(129.4;0)`), which it computed and saved: the same month as typed.
#[test]
fn formulas_libreoffice_computed_are_the_figures_they_compute() {
    let path = repo("tests/fixtures/workbook/mistakes/formulas.xlsx");
    let figures = load::read_workbook(&path, Kind::Xlsx).unwrap();
    let with_formulas = load::load_month(&path, &figures, january()).unwrap_or_else(|e| panic!("{e}"));
    let typed =
        load::load_month(&libreoffice(), &load::read_workbook(&libreoffice(), Kind::Xlsx).unwrap(), january()).unwrap();
    assert_eq!(with_formulas.sheet, typed.sheet);
    assert_eq!(with_formulas.warnings, "");
}

#[test]
fn a_stale_missing_or_uncomputed_result_is_an_error_at_its_cell() {
    let dir = TempDir::new("formulas");
    let cases: [(&str, &std::path::Path, &str, &str, &str); 5] = [
        // `<f>837+1001</f><v>838</v>`: a result saved before the formula was changed.
        (
            "stale",
            &libreoffice(),
            "xl/worksheets/sheet4.xml",
            "<c r=\"C26\" s=\"1\" t=\"n\"><v>701</v></c>",
            "<c r=\"C26\" s=\"1\" t=\"n\"><f>700+10</f><v>701</v></c>",
        ),
        (
            "no-result",
            &libreoffice(),
            "xl/worksheets/sheet4.xml",
            "<c r=\"C26\" s=\"1\" t=\"n\"><v>701</v></c>",
            "<c r=\"C26\" s=\"1\" t=\"n\"><f>SUM(C14:C15)</f></c>",
        ),
        (
            "unsupported",
            &libreoffice(),
            "xl/worksheets/sheet4.xml",
            "<c r=\"C26\" s=\"1\" t=\"n\"><v>701</v></c>",
            "<c r=\"C26\" s=\"1\" t=\"n\"><f>VLOOKUP(A26,A2:C25,3)</f><v>701</v></c>",
        ),
        // As XlsxWriter and rust_xlsxwriter write a formula: 0 saved, the file flagged to
        // compute it on opening (the shipped workbook, written by rust_xlsxwriter, is flagged).
        (
            "never-computed",
            &repo("data/western-balkans.xlsx"),
            "xl/worksheets/sheet4.xml",
            "<c r=\"C25\" s=\"5\"><v>838</v></c>",
            "<c r=\"C25\" s=\"5\"><f>SUM(C24:C24)</f><v>0</v></c>",
        ),
        (
            "written-twice",
            &repo("data/western-balkans.xlsx"),
            "xl/worksheets/sheet4.xml",
            "<c r=\"C25\" s=\"5\"><v>838</v></c>",
            "<c r=\"C25\" s=\"5\"><v>838</v></c><c r=\"C25\" s=\"5\"><v>8380</v></c>",
        ),
    ];
    for (name, source, part, from, to) in cases {
        let path = with_part(&dir, source, part, |xml| {
            assert!(xml.contains(from), "{name}: {from} not in the part");
            xml.replacen(from, to, 1)
        });
        let month =
            if source.ends_with("western-balkans.xlsx") { YearMonth::parse("2025-12").unwrap() } else { january() };
        let figures = load::read_workbook(&path, Kind::Xlsx).unwrap_or_else(|e| panic!("{e}"));
        let shown = match load::load_month(&path, &figures, month) {
            Ok(loaded) => panic!("{name} loaded: estimate {}", loaded.sheet.arrivals.estimate),
            Err(e) => e.to_string().replace(&dir.path().display().to_string(), "$DIR"),
        };
        insta::with_settings!({ snapshot_suffix => "" }, {
            insta::assert_snapshot!(format!("formula-{name}"), shown);
        });
    }
    // (A workbook flagged to compute on opening, but with no formula, is read as it is: the
    // shipped one renders the sample, tests/workbook.rs.)
}

/// A value written with a character reference (`<v>&#56;38</v>`, valid XML for 838) is read
/// as XML means it: calamine read it as a blank, or as the digits before the reference.
#[test]
fn character_references_in_values_are_read_as_xml_means_them() {
    let dir = TempDir::new("references");
    let shipped = repo("data/western-balkans.xlsx");
    let december = YearMonth::parse("2025-12").unwrap();
    let expected =
        load::load_month(&shipped, &load::read_workbook(&shipped, Kind::Xlsx).unwrap(), december).unwrap().sheet;
    let from = "<c r=\"C25\" s=\"5\"><v>838</v></c>";
    for to in [
        "<c r=\"C25\" s=\"5\"><v>&#56;38</v></c>",
        "<c r=\"C25\" s=\"5\"><v>8&#x33;8</v></c>",
        "<c r=\"C25\" s=\"5\" t=\"n\"><v>83&#56;</v></c>",
    ] {
        let path = with_part(&dir, &shipped, "xl/worksheets/sheet4.xml", |xml| {
            assert!(xml.contains(from));
            xml.replacen(from, to, 1)
        });
        let figures = load::read_workbook(&path, Kind::Xlsx).unwrap_or_else(|e| panic!("{to}: {e}"));
        let loaded = load::load_month(&path, &figures, december).unwrap_or_else(|e| panic!("{to}: {e}"));
        assert_eq!(loaded.sheet, expected, "{to}");
    }
    // A shared string's index written so is no spreadsheet program's: an error at the cell.
    let path = with_part(&dir, &shipped, "xl/worksheets/sheet4.xml", |xml| {
        xml.replacen(from, "<c r=\"C25\" s=\"5\" t=\"s\"><v>&#49;</v></c>", 1)
    });
    let figures = load::read_workbook(&path, Kind::Xlsx).unwrap();
    let error = load::load_month(&path, &figures, december).map(|_| ()).unwrap_err().to_string();
    assert!(error.contains("C25") && error.contains("character reference"), "{error}");
}

/// Found by a hostile tester: a value split by a comment, CDATA or a processing instruction was
/// read as its first piece (8 for 838); formulas calamine does not give (a data table, a copy of
/// a shared formula with no master, a second formula, a formula in CDATA, the other cells of an
/// array formula) had their saved results trusted.
#[test]
fn values_split_and_formulas_of_other_forms_are_read_or_refused_at_their_cell() {
    let dir = TempDir::new("forms");
    let shipped = repo("data/western-balkans.xlsx");
    let december = YearMonth::parse("2025-12").unwrap();
    let expected =
        load::load_month(&shipped, &load::read_workbook(&shipped, Kind::Xlsx).unwrap(), december).unwrap().sheet;
    let from = "<c r=\"C25\" s=\"5\"><v>838</v></c>";
    for to in [
        "<c r=\"C25\" s=\"5\"><v>8<!-- -->38</v></c>",
        "<c r=\"C25\" s=\"5\"><v>8<![CDATA[38]]></v></c>",
        "<c r=\"C25\" s=\"5\"><v>8<?x?>38</v></c>",
        "<c r=\"C25\" s=\"5\"><f t=\"shared\" ref=\"C25\" si=\"9\"/><v>8<![CDATA[38]]></v></c>",
    ] {
        let path = with_part(&dir, &shipped, "xl/worksheets/sheet4.xml", |xml| xml.replacen(from, to, 1));
        let figures = load::read_workbook(&path, Kind::Xlsx).unwrap_or_else(|e| panic!("{to}: {e}"));
        let loaded = load::load_month(&path, &figures, december).unwrap_or_else(|e| panic!("{to}: {e}"));
        assert_eq!(loaded.sheet, expected, "{to}");
    }
    for (to, said) in [
        (
            "<c r=\"C25\" s=\"5\"><f t=\"dataTable\" ref=\"C25\" dt2D=\"0\" dtr=\"0\" r1=\"A1\"/><v>838</v></c>",
            "data table",
        ),
        ("<c r=\"C25\" s=\"5\"><f t=\"shared\" si=\"7\"/><v>838</v></c>", "shared formula"),
        ("<c r=\"C25\" s=\"5\"><f>837+1</f><f>800+1</f><v>838</v></c>", "two formulas"),
        ("<c r=\"C25\" s=\"5\"><f><![CDATA[837+1]]></f><v>838</v></c>", "CDATA"),
    ] {
        let path = with_part(&dir, &shipped, "xl/worksheets/sheet4.xml", |xml| xml.replacen(from, to, 1));
        let figures = load::read_workbook(&path, Kind::Xlsx).unwrap_or_else(|e| panic!("{to}: {e}"));
        let error = load::load_month(&path, &figures, december).map(|_| ()).unwrap_err().to_string();
        assert!(error.contains("C25") && error.contains(said), "{to}: {error}");
    }
    // An array formula written at C24 over C24:C25: C25's saved result is no formula's of its own.
    let path = with_part(&dir, &shipped, "xl/worksheets/sheet4.xml", |xml| {
        let start = xml.find("<c r=\"C24\"").expect("C24");
        let end = start + xml[start..].find("</c>").expect("C24 ends") + 4;
        let c24 = &xml[start..end];
        let value = &c24[c24.find("<v>").unwrap() + 3..c24.find("</v>").unwrap()];
        let array = format!("<c r=\"C24\" s=\"5\"><f t=\"array\" ref=\"C24:C25\">{value}+0</f><v>{value}</v></c>");
        format!("{}{array}{}", &xml[..start], &xml[end..])
    });
    let figures = load::read_workbook(&path, Kind::Xlsx).unwrap();
    let error = load::load_month(&path, &figures, december).map(|_| ()).unwrap_err().to_string();
    assert!(error.contains("C25") && error.contains("array formula written at C24"), "{error}");
}

/// Array formulas whose ranges overlap (no spreadsheet program writes them) made each range
/// look through the cells of all the others: 30,000 of them took 50 s. They are looked through
/// at most as many cells as a workbook may hold, then refused.
#[test]
fn overlapping_array_formulas_are_refused_not_looked_through_again_and_again() {
    let dir = TempDir::new("arrays");
    let shipped = repo("data/western-balkans.xlsx");
    let path = with_part(&dir, &shipped, "xl/worksheets/sheet4.xml", |xml| {
        let rows: String = (1000..5000)
            .map(|r| format!("<row r=\"{r}\"><c r=\"Z{r}\"><f t=\"array\" ref=\"Z{r}:Z9000\">1</f><v>1</v></c></row>"))
            .collect();
        xml.replacen("</sheetData>", &format!("{rows}</sheetData>"), 1)
    });
    let error = load::read_workbook(&path, Kind::Xlsx).map(|_| ()).unwrap_err().to_string();
    assert!(error.contains("sheet months: holds array formulas over more cells"), "{error}");
}

/// Found by a hostile tester: a few hundred kilobytes of `.ods` asked calamine for gigabytes
/// (a run of 2,000,000,000 spaces, a value in cell CV999975), and `.xlsx` parts of hundreds of
/// megabytes (empty shared strings, padding) took seconds and gigabytes. Each is refused before
/// it is laid out.
#[test]
fn declared_sizes_are_bounded_before_anything_is_laid_out() {
    let dir = TempDir::new("bounds");
    let ods = repo("tests/fixtures/workbook/libreoffice.ods");
    /// A name, the file changed, its part, the change, and what the refusal says.
    type Case<'a> = (&'a str, &'a std::path::Path, &'a str, Box<dyn Fn(String) -> String>, &'a str);
    let cases: [Case; 9] = [
        (
            "spaces",
            &ods,
            "content.xml",
            Box::new(|xml| {
                xml.replacen(
                    "<text:p>Western Balkans</text:p>",
                    "<text:p>Western<text:s text:c=\"2000000000\"/>Balkans</text:p>",
                    1,
                )
            }),
            "sheet edition, cell B5: holds 2000000014 characters",
        ),
        (
            "far-cell",
            &ods,
            "content.xml",
            Box::new(|xml| {
                let at = xml.find("</table:table>").unwrap();
                let far = "<table:table-row table:number-rows-repeated=\"999970\"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated=\"99\"/><table:table-cell office:value-type=\"float\" office:value=\"1\"><text:p>1</text:p></table:table-cell></table:table-row>";
                format!("{}{far}{}", &xml[..at], &xml[at..])
            }),
            "more than the 4000000 cells a workbook may hold",
        ),
        // Not a size: text LibreOffice hides, which calamine read as the cell's and the page printed.
        (
            "hidden-text",
            &ods,
            "content.xml",
            Box::new(|xml| {
                xml.replacen("<text:p>Western Balkans</text:p>", "<text:p>Western Balkans<text:hidden-text text:condition=\"\" text:string-value=\" and Beyond\"> and Beyond</text:hidden-text></text:p>", 1)
            }),
            "sheet edition, cell B5: holds hidden text",
        ),
        // Found by the fuzzer: calamine laid out a 660 MB grid before it found the XML broken.
        (
            "broken-xml",
            &ods,
            "content.xml",
            Box::new(|xml| xml.replacen("</table:table-row>", "</tabletable-row>", 1)),
            "its content.xml is not well-formed XML at byte",
        ),
        // Ruby text, which LibreOffice leaves out of the cell's value and calamine read in.
        (
            "ruby-text",
            &ods,
            "content.xml",
            Box::new(|xml| {
                xml.replacen("<text:p>Western Balkans</text:p>", "<text:p><text:ruby><text:ruby-base>Western Balkans</text:ruby-base><text:ruby-text>Evil</text:ruby-text></text:ruby></text:p>", 1)
            }),
            "sheet edition, cell B5: holds ruby text",
        ),
        // Not sizes: what calamine refused naming no cell ("Parse float error", "Parse int error").
        (
            "not-a-number",
            &ods,
            "content.xml",
            Box::new(|xml| xml.replacen("office:value=\"1105\"", "office:value=\"1,105\"", 1)),
            "sheet months, cell C2: holds the number \"1,105\"",
        ),
        (
            "spaces-not-counted",
            &ods,
            "content.xml",
            Box::new(|xml| {
                xml.replacen(
                    "<text:p>Western Balkans</text:p>",
                    "<text:p>Western<text:s text:c=\"two\"/>Balkans</text:p>",
                    1,
                )
            }),
            "sheet edition, cell B5: holds a run of spaces whose length is not a number",
        ),
        (
            "padding",
            &repo("data/western-balkans.xlsx"),
            "xl/worksheets/sheet4.xml",
            Box::new(|xml| xml.replacen("<sheetData>", &format!("<sheetData>{}", " ".repeat(40 << 20)), 1)),
            "more than the 32 MiB",
        ),
        (
            "empty-shared-strings",
            &repo("data/western-balkans.xlsx"),
            "xl/sharedStrings.xml",
            Box::new(|xml| xml.replacen("<si>", &format!("{}<si>", "<si><t/></si>".repeat(3 << 20)), 1)),
            "more than the 32 MiB",
        ),
    ];
    for (name, source, part, change, expected) in cases {
        let path = with_part(&dir, source, part, change);
        let kind = Kind::of(&path).unwrap();
        let start = std::time::Instant::now();
        let error = load::read_workbook(&path, kind).map(|_| ()).unwrap_err().to_string();
        assert!(error.contains(expected), "{name}: {error}");
        // Refused from what the file declares, not after reading it: well under a second on any
        // machine the suite runs on (10 s allows for a debug build on a loaded one).
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "{name}");
    }
    // LibreOffice's own file, with its trailing rows and columns repeated by the million,
    // is read as it is.
    assert!(load::read_workbook(&ods, Kind::Ods).is_ok());
}

/// Found by a hostile tester: an `.ods` cell typed as a percentage (838 shown as 83800%) was read
/// as a count of 838; it is a percentage, refused where a count is needed, as in `.xlsx` files.
#[test]
fn an_ods_percentage_is_not_a_count() {
    let dir = TempDir::new("ods-percent");
    let ods = repo("tests/fixtures/workbook/libreoffice.ods");
    let path = with_part(&dir, &ods, "content.xml", |xml| {
        let from = "office:value-type=\"float\" office:value=\"1105\"";
        assert!(xml.contains(from));
        xml.replacen(from, "office:value-type=\"percentage\" office:value=\"1105\"", 1)
    });
    let figures = load::read_workbook(&path, Kind::Ods).unwrap();
    let month = factsheet::input::month::newest(&figures).unwrap();
    let error = load::load_month(&path, &figures, month).map(|_| ()).unwrap_err().to_string();
    assert!(error.contains("months!C2") && error.contains("percent"), "{error}");
}
