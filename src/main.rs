//! The `factsheet` binary: dispatches each subcommand and turns failures into an `error:` line,
//! `hint:` lines and an exit code (0 done, 1 a data or layout error, 2 wrong usage).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use factsheet::cli::batch::{self, Config, Job};
use factsheet::cli::{CheckArgs, Cli, Command, ConvertArgs, Format, ModelArgs, RenderArgs};
use factsheet::input::load::Loaded;
use factsheet::input::schema;
use factsheet::output::{self, Target};
use factsheet::typeset::layouts::Layouts;
use factsheet::typeset::render;

/// Typst allocates many small, short-lived objects; mimalloc serves them faster than the
/// system allocator and asks the kernel for memory less often (see the README's speed table).
/// Built without transparent huge pages (`no_thp`), which would double the peak memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A data or layout problem: the run failed because of what it was given.
const EXIT_FAILURE: u8 = 1;
/// The command line itself is wrong (clap uses the same code for its own errors).
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    output::guard_standard_streams();
    let cli = Cli::parse();
    match cli.command {
        Command::Render(args) => render_all(args),
        Command::Watch(args) => watch(args.into()),
        Command::Check(args) => check_all(args),
        Command::Model(args) => model(args),
        Command::Convert(args) => convert(args),
        Command::Email(args) => factsheet::cli::email::run(args),
        Command::Schema => match output::write(&Target::Stdout, schema::json().as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                fail(format!("cannot write standard output: {e}"));
                ExitCode::from(EXIT_FAILURE)
            }
        },
    }
}

/// `--month` picks months of workbooks: given with anything else it is a usage error.
fn months_for(data: &[PathBuf], specs: &[String]) -> Result<Vec<factsheet::input::model::YearMonth>, ExitCode> {
    let months = factsheet::cli::parse_months(specs).map_err(|message| {
        fail(message);
        ExitCode::from(EXIT_USAGE)
    })?;
    if !months.is_empty()
        && let Some(other) = data.iter().find(|p| factsheet::input::table::Kind::of(p).is_none())
    {
        let (what, hint) = batch::not_a_workbook(other);
        fail(format!("--month picks months of a workbook, but {} is {what}", other.display()));
        factsheet::noteln!("  = hint: {hint}");
        return Err(ExitCode::from(EXIT_USAGE));
    }
    Ok(months)
}

fn fail(message: impl std::fmt::Display) {
    factsheet::noteln!("error: {message}");
}

/// Loads a month, printing its warnings; a failure is printed whole (it names the file).
fn load_data(job: &Job) -> Option<Loaded> {
    match job.load() {
        Ok(loaded) => {
            if !job.again {
                factsheet::note!("{}", loaded.warnings);
            }
            Some(loaded)
        }
        Err(e) => {
            factsheet::noteln!("{e}");
            None
        }
    }
}

/// Turns `render`'s and `watch`'s flags into a configuration, or a usage error.
fn render_config(args: &RenderArgs) -> Result<Config, (u8, String, String)> {
    let usage = |message: String, hint: &str| (EXIT_USAGE, message, hint.to_owned());
    // The format the output path names, as typst infers it: `.png` or `.pdf`, in any case.
    let named = args.output.as_deref().and_then(Path::extension).and_then(|x| x.to_str()).and_then(|x| {
        match x.to_ascii_lowercase().as_str() {
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    });
    if args.output.as_deref().is_some_and(factsheet::output::names_folder) {
        return Err(usage(
            "--output ends with /, so it names a folder".into(),
            "name the file to write, e.g. reports/2025-12.pdf",
        ));
    }
    if let Some(other) = args.output.as_deref().and_then(Path::extension).filter(|_| named.is_none()) {
        return Err(usage(
            format!("--output ends with .{}, which is neither a PDF nor a PNG", other.to_string_lossy()),
            "end the path with .pdf or .png (or give it no extension, with --format)",
        ));
    }
    let format = match (args.export.format, named) {
        // The card is a PNG image.
        (Some(Format::Card), Some(Format::Png)) => Format::Card,
        (Some(asked), Some(named)) if asked != named => {
            let (asked, named) = (format!("{asked:?}").to_lowercase(), format!("{named:?}").to_lowercase());
            return Err(usage(
                format!("--format {asked} writes {asked}, but --output names a .{named} file"),
                "make the two agree, or leave out --format: the output path's extension says which",
            ));
        }
        (Some(asked), _) => asked,
        (None, Some(named)) => named,
        (None, None) => Format::Pdf,
    };
    if args.output.is_some() && args.data.len() > 1 {
        return Err(usage(
            "--output names one file but several data files were given".into(),
            "leave out --output to write each result beside its data file",
        ));
    }
    let pages = match &args.export.pages {
        Some(text) => {
            render::parse_pages(text).map_err(|e| usage(format!("--pages: {e}"), "pages are numbered 1 and 2"))?
        }
        None => Vec::new(),
    };
    if format == Format::Card && !pages.is_empty() {
        return Err(usage(
            "--pages with --format card: the card is one picture of the key figures, not a page".into(),
            "leave out --pages, or use --format png for pages",
        ));
    }
    let partial = !pages.is_empty() && pages.len() < render::PAGES;
    let tagged = args.export.pdf_standard.tagged();
    if format == Format::Pdf && partial && tagged {
        return Err(usage(
            "--pages with PDF/A-2a or PDF/UA-1: these standards need a tagged document, and typst tags only whole documents".into(),
            "add --pdf-standard a-2b (or a-2u, or none) to write some pages only",
        ));
    }
    if format == Format::Pdf && args.export.ppi.is_some() {
        return Err(usage(
            "--ppi sets the density of PNG images, and this writes a PDF".into(),
            "leave out --ppi: a PDF's text and shapes stay sharp at any size; or add --format png for pictures of the pages",
        ));
    }
    let ppi = args.export.ppi.unwrap_or(render::DEFAULT_PPI);
    if !(render::MIN_PPI as f32..=render::MAX_PPI as f32).contains(&ppi) {
        return Err(usage(
            format!("--ppi {ppi} is out of range"),
            &format!(
                "use {} to {} pixels per inch: {} (the default) suits screens and email, 300 print, 36 a thumbnail",
                render::MIN_PPI,
                render::MAX_PPI,
                render::DEFAULT_PPI
            ),
        ));
    }
    let png_pages = if pages.is_empty() { render::PAGES } else { pages.len() };
    if format == Format::Png && png_pages > 1 && args.output.as_deref() == Some(Path::new("-")) {
        return Err(usage("PNG output to standard output takes one page".into(), "add --pages 1 or --pages 2"));
    }
    let layouts = match &args.layouts.layouts {
        Some(dir) => Layouts::folder(dir).map_err(|e| (EXIT_FAILURE, e.to_string(), String::new()))?,
        None => Layouts::Embedded,
    };
    let date = factsheet::cli::source_date_epoch()
        .map_err(|(message, hint)| usage(message, hint))?
        .map(factsheet::cli::date_parts);
    let deadline = batch::deadline(std::env::var("FACTSHEET_DEADLINE").ok().as_deref())
        .map_err(|message| usage(message, "set it to the seconds one file may take (20 when unset), or unset it"))?;
    Ok(Config {
        options: render::Options {
            layouts,
            date,
            entry: if format == Format::Card { render::Entry::Card } else { render::Entry::Pages },
        },
        export: render::Export { standard: args.export.pdf_standard, pages },
        format,
        ppi,
        output: args.output.clone(),
        inputs: Vec::new(),
        deadline,
        strict: args.strict,
    })
}

/// The configuration, or the exit code after printing why there is none.
fn config_or_exit(args: &RenderArgs) -> Result<Config, ExitCode> {
    render_config(args).map_err(|(code, message, hint)| {
        fail(message);
        if !hint.is_empty() {
            factsheet::noteln!("  = hint: {hint}");
        }
        ExitCode::from(code)
    })
}

fn render_all(args: RenderArgs) -> ExitCode {
    let mut config = match config_or_exit(&args) {
        Ok(config) => config,
        Err(code) => return code,
    };
    if args.timings.is_some() {
        factsheet::typeset::timings::enable();
    }
    let months = match months_for(&args.data, &args.month.months) {
        Ok(months) => months,
        Err(code) => return code,
    };
    let languages = match args.lang.parse() {
        Ok(languages) => languages,
        Err(message) => {
            fail(message);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    if config.output.is_some() && languages.len() > 1 {
        fail(format!("--output names one file but {} languages were asked for", languages.len()));
        factsheet::noteln!(
            "  = hint: leave out --output: each language is then written beside the data, its name ending in .{}.pdf, .{}.pdf and so on",
            languages[0],
            languages[1]
        );
        return ExitCode::from(EXIT_USAGE);
    }
    let files = match batch::expand(&args.data, &months) {
        Ok(files) => batch::in_languages(files, &languages),
        Err(message) => {
            factsheet::noteln!("{message}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    // A month named twice (`d.json ./d.json`) is rendered once: one look per job in a set.
    let mut seen = std::collections::HashSet::new();
    let files: Vec<Job> = files
        .into_iter()
        .filter(|job| {
            seen.insert((output::place_key(&job.input), job.workbook.as_ref().map(|w| w.1), job.lang.clone()))
        })
        .collect();
    // Two results written to one place would leave whichever finished last.
    if files.len() > 1 {
        let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        for job in &files {
            for target in config.targets(job) {
                if let Some(other) = seen.insert(target.to_string(), job.name()) {
                    fail(format!("{} and {} would both be written to {target}", other, job.name()));
                    factsheet::noteln!("  = hint: render them in separate runs, or rename one of the inputs");
                    return ExitCode::from(EXIT_USAGE);
                }
            }
        }
    }
    if config.output.is_some() && files.len() > 1 {
        fail(format!("--output names one file but {} months were asked for", files.len()));
        factsheet::noteln!(
            "  = hint: leave out --output to write each month beside the workbook, named after it and the month"
        );
        return ExitCode::from(EXIT_USAGE);
    }
    config.inputs = files.iter().flat_map(batch::input_files).collect();
    if let Some(path) = &args.timings {
        // The trace is written after the results: a path it cannot take is said before them.
        if path.as_os_str() == "-" {
            fail("--timings -: the trace is written to a file, not to standard output");
            factsheet::noteln!("  = hint: name a file, e.g. --timings trace.json");
            return ExitCode::from(EXIT_USAGE);
        }
        if path.is_dir() {
            fail(format!("--timings {}: it is a folder, not a file", path.display()));
            factsheet::noteln!("  = hint: name a file in it, e.g. --timings {}", path.join("trace.json").display());
            return ExitCode::from(EXIT_USAGE);
        }
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !folder.is_dir() {
            fail(format!("--timings {}: there is no folder {}", path.display(), folder.display()));
            factsheet::noteln!("  = hint: name a file in a folder that exists");
            return ExitCode::from(EXIT_USAGE);
        }
        // The trace is written last: it must not replace a data file or a result of the run.
        let inputs: Vec<&Path> = config.inputs.iter().map(PathBuf::as_path).collect();
        // Nor an existing file that is not an earlier trace (an operation's catalogue, a
        // month of another run): a trace is a JSON list.
        let target = Target::File(path.clone());
        if let Err(e) = output::refuse_inputs(&target, &inputs)
            .and_then(|()| output::refuse_foreign(&target, &[b"["], "a trace written by --timings"))
        {
            fail(format!("--timings {}: {e}", path.display()));
            return ExitCode::from(EXIT_USAGE);
        }
        let results = files.iter().flat_map(|f| config.targets(f));
        if let Some(result) = results
            .filter_map(|t| match t {
                Target::File(p) => Some(p),
                Target::Stdout => None,
            })
            .find(|p| output::same_place(path, p))
        {
            fail(format!(
                "--timings {}: it is {}, a result of this run, which the trace would replace",
                path.display(),
                result.display()
            ));
            factsheet::noteln!("  = hint: name another file for the trace");
            return ExitCode::from(EXIT_USAGE);
        }
    }
    let failed = {
        let _scope = factsheet::typeset::timings::scope("factsheet render");
        batch::render_all(&files, &config)
    };
    if let Some(path) = &args.timings {
        match factsheet::typeset::timings::write(path, &config.options.layouts) {
            Ok(()) => factsheet::noteln!("wrote timings to {}", path.display()),
            Err(message) => {
                fail(message);
                return ExitCode::from(EXIT_FAILURE);
            }
        }
    }
    if failed > 0 { ExitCode::from(EXIT_FAILURE) } else { ExitCode::SUCCESS }
}

fn watch(args: RenderArgs) -> ExitCode {
    let config = match config_or_exit(&args) {
        Ok(config) => config,
        Err(code) => return code,
    };
    let languages = match args.lang.parse() {
        Ok(languages) => languages,
        Err(message) => {
            fail(message);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let months = match factsheet::cli::parse_months(&args.month.months) {
        Ok(months) if months.len() <= 1 => months,
        Ok(_) => {
            fail("watch takes one month");
            return ExitCode::from(EXIT_USAGE);
        }
        Err(message) => {
            fail(message);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match args.data.as_slice() {
        [data] if !data.is_dir() || factsheet::input::table::Kind::of(data).is_some() => {
            factsheet::cli::watch::watch(data, months.first().copied(), &languages, &config)
        }
        _ => {
            fail("watch takes one data file or workbook");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Checks each month as `render` and `email` would, pages and card laid out (with the
/// built-in layouts): a month `check` passes is one they write.
fn check_all(args: CheckArgs) -> ExitCode {
    let months = match months_for(&args.data, &args.month.months) {
        Ok(months) => months,
        Err(code) => return code,
    };
    let languages = match args.lang.parse() {
        Ok(languages) => languages,
        Err(message) => {
            fail(message);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut failed = 0;
    for data in &args.data {
        let jobs = match batch::expand(std::slice::from_ref(data), &months) {
            Ok(jobs) => batch::in_languages(jobs, &languages),
            Err(message) => {
                factsheet::noteln!("{message}");
                failed += 1;
                continue;
            }
        };
        for job in &jobs {
            let Some(loaded) = load_data(job) else {
                failed += 1;
                continue;
            };
            let wording = match job.wording(&loaded.sheet) {
                Ok(wording) => wording,
                Err(e) => {
                    fail(format!("{}: {e}", job.name()));
                    failed += 1;
                    continue;
                }
            };
            // The pages, and the email's card: a month `check` passes is one `email` sends.
            let options = render::Options::default();
            let compiled = render::compile_in(&loaded.sheet, &options, &wording)
                .and_then(|pages| render::card(pages.view(), &options));
            if let Err(e) = compiled {
                match e.data_problems(&loaded.sheet) {
                    Some(problems) => factsheet::note!("{}", loaded.report(&job.input, &problems)),
                    None => fail(format!("{}: {e}", job.name())),
                }
                failed += 1;
            } else if args.strict && loaded.warning_count > 0 {
                factsheet::noteln!("{}", batch::strict_refusal(&job.name(), "not ok", loaded.warning_count, false));
                failed += 1;
            } else if loaded.warning_count > 0 {
                factsheet::noteln!("{}: ok, with warnings", job.name());
            } else {
                factsheet::noteln!("{}: ok", job.name());
            }
        }
    }
    if failed > 0 { ExitCode::from(EXIT_FAILURE) } else { ExitCode::SUCCESS }
}

/// The one month `model` and `convert` read, or the exit code after saying why there is none.
fn one_job(data: &Path, months: &[String]) -> Result<Job, ExitCode> {
    let months = months_for(&[data.to_owned()], months)?;
    if months.len() > 1 {
        fail("this command takes one month; --month names several");
        return Err(ExitCode::from(EXIT_USAGE));
    }
    let mut jobs = batch::expand(&[data.to_owned()], &months).map_err(|message| {
        factsheet::noteln!("{message}");
        ExitCode::from(EXIT_FAILURE)
    })?;
    match jobs.len() {
        1 => Ok(jobs.remove(0)),
        _ => {
            fail(format!("{}: holds several months' files; name one", data.display()));
            Err(ExitCode::from(EXIT_USAGE))
        }
    }
}

fn model(args: ModelArgs) -> ExitCode {
    let job = match one_job(&args.data, &args.month.months) {
        Ok(job) => job,
        Err(code) => return code,
    };
    let Some(loaded) = load_data(&job) else {
        return ExitCode::from(EXIT_FAILURE);
    };
    let lang = match args.lang.as_deref().map(factsheet::cli::parse_lang).transpose() {
        Ok(lang) => lang,
        Err(message) => {
            fail(message);
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let job = Job { lang, ..job };
    let wording = match job.wording(&loaded.sheet) {
        Ok(wording) => wording,
        Err(e) => {
            fail(format!("{}: {e}", job.name()));
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let view = match render::prepare(&loaded.sheet, &render::Options::default(), &wording) {
        Ok(view) => view,
        Err(e) => {
            match e.data_problems(&loaded.sheet) {
                Some(problems) => factsheet::note!("{}", loaded.report(&job.input, &problems)),
                None => fail(format!("{}: {e}", job.name())),
            }
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let json = view.to_json();
    let target = args.output.as_deref().map_or(Target::Stdout, Target::from_arg);
    let mut inputs = batch::input_files(&job);
    inputs.extend(wording.overrides.iter().filter_map(|o| o.path.clone()));
    inputs.extend(wording.logo.iter().map(|l| l.file.clone()));
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    match output::refuse_inputs(&target, &inputs).and_then(|()| output::write(&target, &json)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            fail(format!("cannot write {target}: {e}"));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// `convert`: a month of a workbook to JSON, a month's JSON file to a workbook, or a workbook
/// (a folder of CSV files, say) to an `.xlsx` workbook.
fn convert(args: ConvertArgs) -> ExitCode {
    use factsheet::output::workbook;
    let wants = |extension: &str| {
        args.output.as_ref().and_then(|p| p.extension()).is_some_and(|x| x.eq_ignore_ascii_case(extension))
    };
    let from_workbook = factsheet::input::table::Kind::of(&args.data).is_some();
    let to_xlsx = wants("xlsx") || (!from_workbook && args.output.is_none());
    if args.output.as_ref().is_some_and(|p| p != Path::new("-") && !wants("xlsx") && !wants("json")) {
        fail("convert writes a .json file or an .xlsx workbook");
        factsheet::noteln!("  = hint: end the --output path with .json or .xlsx");
        return ExitCode::from(EXIT_USAGE);
    }
    let (bytes, target, inputs, notes) = if from_workbook && to_xlsx {
        if !args.month.months.is_empty() {
            fail("--month: a workbook is written whole, with every month");
            return ExitCode::from(EXIT_USAGE);
        }
        let kind = factsheet::input::table::Kind::of(&args.data).unwrap_or(factsheet::input::table::Kind::Csv);
        let figures = match factsheet::input::load::open_workbook(&args.data, kind) {
            Ok(figures) => figures,
            Err(e) => {
                factsheet::noteln!("{e}");
                return ExitCode::from(EXIT_FAILURE);
            }
        };
        let job = Job::json(&args.data);
        let target = args.output.as_deref().map_or_else(|| job.beside("xlsx"), Target::from_arg);
        (workbook::xlsx(&workbook::from_figures(&figures)), target, batch::input_files(&job), Vec::new())
    } else {
        let job = match one_job(&args.data, &args.month.months) {
            Ok(job) => job,
            Err(code) => return code,
        };
        let Some(loaded) = load_data(&job) else {
            return ExitCode::from(EXIT_FAILURE);
        };
        if to_xlsx {
            let (sheets, notes) = workbook::from_factsheet(&loaded.sheet);
            let target = args.output.as_deref().map_or_else(|| job.beside("xlsx"), Target::from_arg);
            (workbook::xlsx(&sheets), target, batch::input_files(&job), notes)
        } else {
            let mut json = serde_json::to_vec_pretty(&loaded.sheet).unwrap_or_default();
            json.push(b'\n');
            let target = args.output.as_deref().map_or_else(|| job.beside("json"), Target::from_arg);
            (Ok(json), target, batch::input_files(&job), Vec::new())
        }
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(message) => {
            fail(message);
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let written = output::refuse_inputs(&target, &inputs).and_then(|()| output::write_new(&target, &bytes));
    match written {
        Ok(()) => {
            if target != Target::Stdout {
                factsheet::noteln!("wrote {target}");
            }
            for note in notes {
                factsheet::noteln!("note: {note}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            fail(format!("cannot write {target}: {e}"));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
