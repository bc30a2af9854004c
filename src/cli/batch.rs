//! Rendering months: one file's whole pipeline (load, check, compile, export, write), and many
//! files at once in parallel across cores, sharing the fonts and the compiled layouts. Each
//! file's messages are printed whole; one failure does not stop the others.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::cli::Format;
use crate::input::load::{self, Loaded};
use crate::input::model::YearMonth;
use crate::input::table::Kind;
use crate::input::workbook::Figures;
use crate::output::{self, Target};
use crate::typeset::render;

/// What `render` and `watch` were asked for, checked before any file is read.
#[derive(Debug, Clone)]
pub struct Config {
    pub options: render::Options,
    pub export: render::Export,
    pub format: Format,
    pub ppi: f32,
    /// `-o`: the one output path, when a single file is rendered.
    pub output: Option<PathBuf>,
    /// Every data file of the run: no result may be written over any of them.
    pub inputs: Vec<PathBuf>,
    /// How long one file may take (see [`DEADLINE`]).
    pub deadline: Duration,
    /// `--strict`: a warning stops the month as an error does.
    pub strict: bool,
}

/// One factsheet to render: a month's JSON file, or a month of a workbook.
#[derive(Debug, Clone)]
pub struct Job {
    /// The JSON file, or the workbook (a file, or a folder of CSV files).
    pub input: PathBuf,
    /// For a workbook: the workbook, shared by the run's months, and the month (`None`: the
    /// latest with complete figures).
    pub workbook: Option<(Arc<SharedWorkbook>, Option<YearMonth>)>,
    /// The language `--lang` asked for, added to the result's name (`2025-12.fr.pdf`); `None`:
    /// the file's own language, and the name as it was.
    pub lang: Option<String>,
    /// Whether this job repeats a month another job renders in an earlier language: its
    /// data's warnings were printed by that one.
    pub again: bool,
}

/// A workbook shared by the months a run renders from it: read once, by the first month that
/// needs it, on that month's data thread while Typst starts on the layouts.
#[derive(Debug)]
pub struct SharedWorkbook {
    path: PathBuf,
    kind: Kind,
    figures: OnceLock<Result<Arc<Figures>, String>>,
    /// The month whose report shows the problems of the workbook's sheets (the first the run
    /// names; `None`, the newest): the run prints its results in order, so that report comes
    /// before the other months', which refer to it.
    reporter: Option<YearMonth>,
}

impl SharedWorkbook {
    pub fn new(path: &Path, kind: Kind, reporter: Option<YearMonth>) -> Arc<SharedWorkbook> {
        Arc::new(SharedWorkbook { path: path.to_owned(), kind, figures: OnceLock::new(), reporter })
    }

    /// The figures, read on first use, with the problems of their cells; a whole message when
    /// the file cannot be read as a workbook at all.
    pub fn figures(&self) -> Result<Arc<Figures>, String> {
        let read = self.figures.get_or_init(|| load::read_workbook(&self.path, self.kind).map_err(|e| e.to_string()));
        read.clone()
    }
}

impl Job {
    pub fn json(path: &Path) -> Job {
        Job { input: path.to_owned(), workbook: None, lang: None, again: false }
    }

    /// The month of a workbook to render, the newest (the last with any figure) when none was
    /// named; `None` for a JSON file.
    pub fn month(&self) -> Result<Option<YearMonth>, String> {
        let Some((shared, month)) = &self.workbook else { return Ok(None) };
        if let Some(month) = month {
            return Ok(Some(*month));
        }
        let figures = shared.figures()?;
        crate::input::month::newest(&figures).map(Some).map_err(|p| {
            crate::input::report::render_cells(&shared.path, shared.kind, &shared.path.display().to_string(), &[*p])
                .trim_end()
                .to_owned()
        })
    }

    /// How messages name it: `2025-12.json`, `figures.xlsx (2025-12)`, `2025-12.json (fr)`.
    pub fn name(&self) -> String {
        let name = match self.month() {
            Ok(Some(month)) => load::month_name(&self.input, month),
            _ => self.input.display().to_string(),
        };
        match &self.lang {
            Some(tag) => format!("{name} ({tag})"),
            None => name,
        }
    }

    /// The wording of the job's language: its tag, and the operation's catalogue for it, read
    /// from beside the data file. A whole message on failure.
    pub fn wording(
        &self,
        sheet: &crate::input::model::Factsheet,
    ) -> Result<crate::text::catalogue::Wording, crate::text::catalogue::CatalogueError> {
        let tag = self.lang.clone().unwrap_or_else(|| sheet.lang().to_owned());
        load::wording(sheet, &self.input, &tag)
    }

    /// Reads and checks the month. A whole message on failure: every problem of the month,
    /// those of the workbook's sheets included (or, for a month after the first of the run,
    /// where they are reported).
    pub fn load(&self) -> Result<Loaded, String> {
        let Some((shared, named)) = &self.workbook else {
            return load::load(&self.input).map_err(|e| e.to_string());
        };
        let figures = shared.figures()?;
        let month = self.month()?.unwrap_or(YearMonth { year: 0, month: 1 });
        // The problems of the workbook's sheets are shown once, with the run's first month in
        // its first language; the other months and languages name that report.
        let shown_with = if self.again {
            Some(month)
        } else if *named != shared.reporter {
            Some(shared.reporter.unwrap_or(month))
        } else {
            None
        };
        let reporter = shown_with.map(|m| load::month_name(&self.input, m));
        let mut loaded = load::load_month_reported(&self.input, &figures, month, reporter.as_deref()).map_err(|e| {
            let mut message = e.to_string();
            // An incomplete newest month is an error, not a reason to render an earlier one;
            // the month before is offered when it would render.
            if named.is_none() && matches!(e, load::DataError::Problems { .. }) {
                let earlier = month.previous();
                let offer = if load::load_month(&self.input, &figures, earlier).is_ok() {
                    format!(", or name an earlier month (--month {earlier})")
                } else {
                    String::new()
                };
                message.push_str(&format!(
                    "\n  = hint: without --month the workbook's newest month is rendered, {month}, the last with any figure: correct the problems this reports{offer}"
                ));
            }
            message
        })?;
        // Rows of later months that hold no figure yet: said, so that nobody takes this month
        // for the one being typed.
        let later = crate::input::month::prepared_after(&figures, month);
        if named.is_none() && !self.again && !later.is_empty() {
            let names: Vec<String> = later.iter().take(3).map(ToString::to_string).collect();
            let more = if later.len() > 3 { format!(" and {} more", later.len() - 3) } else { String::new() };
            let note = format!(
                "note: {}: rendering {month}, the newest month with any figure; the rows of {}{more} hold no figure yet\n",
                self.input.display(),
                crate::text::sentences::join_and(&names)
            );
            loaded.warnings.insert_str(0, &note);
        }
        Ok(loaded)
    }

    /// The result's path beside the input: `2025-12.pdf` for `2025-12.json`, and
    /// `figures-2025-12.pdf` for December 2025 of `figures.xlsx` (or of the folder `figures`).
    pub fn beside(&self, extension: &str) -> Target {
        let stem = self.input.file_stem().map_or_else(|| "factsheet".into(), |s| s.to_string_lossy().into_owned());
        let folder = self.input.parent().unwrap_or(Path::new(""));
        let stem = match self.month() {
            Ok(Some(month)) => format!("{stem}-{month}"),
            _ => stem,
        };
        let name = match &self.lang {
            Some(tag) => format!("{stem}.{tag}.{extension}"),
            None => format!("{stem}.{extension}"),
        };
        Target::File(folder.join(name))
    }
}

impl Config {
    /// Every file the result of `job` is written to: the PDF, or each page's PNG.
    pub fn targets(&self, job: &Job) -> Vec<Target> {
        let target = self.target(job);
        match self.format {
            Format::Pdf | Format::Card => vec![target],
            Format::Png => {
                let pages: Vec<usize> = if self.export.pages.is_empty() {
                    (1..=render::PAGES).collect()
                } else {
                    self.export.pages.clone()
                };
                pages.iter().map(|&page| target.for_page(page, pages.len())).collect()
            }
        }
    }

    /// Where the result of `job` goes.
    pub fn target(&self, job: &Job) -> Target {
        match &self.output {
            Some(path) => Target::from_arg(path),
            None => job.beside(match self.format {
                Format::Pdf => "pdf",
                Format::Png => "png",
                Format::Card => "card.png",
            }),
        }
    }
}

/// What rendering one file did: its messages (warnings, errors, where it wrote) and success.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub ok: bool,
    pub messages: String,
}

/// How long one file may take before the run is stopped: a render takes a fraction of a
/// second, so only a layout that loops (`for i in range(10^12)`) comes near it. Typst cannot
/// be interrupted, so the process ends with a message naming the file.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// The deadline `FACTSHEET_DEADLINE` sets, in seconds (for a machine far slower than any
/// seen, or a test that needs a short one); [`DEADLINE`] when it is unset.
pub fn deadline(variable: Option<&str>) -> Result<Duration, String> {
    let Some(text) = variable else { return Ok(DEADLINE) };
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("FACTSHEET_DEADLINE={text} is not a number of seconds from more than 0 to 86400"))
}

/// Stops the process if the render it watches is not over by the deadline.
pub struct Watchdog {
    done: Arc<(Mutex<bool>, Condvar)>,
}

impl Watchdog {
    pub fn start(name: &str, limit: Duration) -> Watchdog {
        let done = Arc::new((Mutex::new(false), Condvar::new()));
        let (watched, name) = (Arc::clone(&done), name.to_owned());
        std::thread::spawn(move || {
            let (lock, signal) = &*watched;
            let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
            let (finished, _) =
                signal.wait_timeout_while(guard, limit, |done| !*done).unwrap_or_else(|e| e.into_inner());
            if !*finished {
                crate::noteln!(
                    "error: {}: the render took longer than {:.0} s and was stopped\n  = hint: a layout probably loops without end: look for a loop over a very large range or a `while` whose condition never changes (FACTSHEET_DEADLINE sets the limit, in seconds)",
                    name,
                    limit.as_secs_f64()
                );
                std::process::exit(1);
            }
        });
        Watchdog { done }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        let (lock, signal) = &*self.done;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        signal.notify_all();
    }
}

/// Loads, checks, renders and writes one month.
pub fn render_file(job: &Job, config: &Config) -> Outcome {
    let _watchdog = Watchdog::start(&job.name(), config.deadline);
    let start = Instant::now();
    let mut messages = String::new();
    let result = render_inner(job, config, &mut messages);
    let ok = match result {
        Ok(written) => {
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            messages.push_str(&format!("wrote {written} in {ms:.0} ms\n"));
            true
        }
        Err(message) => {
            messages.push_str(&message);
            messages.push('\n');
            // A result of an earlier run is left as it was: said, so that nobody sends it for
            // this one.
            for target in config.targets(job) {
                if let Target::File(path) = &target
                    && std::fs::metadata(path).is_ok_and(|m| m.is_file())
                    && !input_files(job).contains(path)
                {
                    messages.push_str(&format!(
                        "note: {target} was left as it was: it is an earlier run's, not this data's\n"
                    ));
                }
            }
            false
        }
    };
    Outcome { ok, messages }
}

/// What [`compile`] gives: the month's data, its wording, and its pages (or card).
pub type Laid = (Loaded, crate::text::catalogue::Wording, render::Compiled);

/// Reads, checks and lays out one month: its data, its wording and its pages (or card), the
/// data's warnings and the layouts' added to `messages`. A whole message on failure. `after`
/// runs once the month is prepared, while Typst lays out the pages (see
/// [`render::compile_while_preparing`]), and what it gives is returned beside.
pub fn compile<A: Send>(
    job: &Job,
    config: &Config,
    messages: &mut String,
    after: impl FnOnce(&crate::text::view::View) -> A + Send,
) -> Result<(Laid, A), String> {
    // The data file is read, checked and prepared on another thread while Typst starts on
    // the layouts; a data error stops both and is the one reported.
    let (loaded, compiled, after) = render::compile_while_preparing(
        &config.options,
        || {
            let loaded = {
                let _scope = crate::typeset::timings::scope("read and check the data");
                job.load()?
            };
            let wording = job.wording(&loaded.sheet).map_err(|e| format!("error: {}: {e}", job.name()))?;
            let view = render::prepare_deferring_map(&loaded.sheet, &config.options, &wording)
                .map_err(|e| blame(job, &loaded, e))?;
            Ok::<_, String>(((loaded, wording), view))
        },
        after,
    )?;
    let (loaded, wording) = loaded;
    if !job.again {
        messages.push_str(&loaded.warnings);
    }
    let compiled = compiled.map_err(|e| blame(job, &loaded, e))?;
    messages.push_str(&compiled.warnings);
    let warnings = loaded.warning_count + usize::from(!compiled.warnings.is_empty());
    if config.strict && warnings > 0 {
        return Err(strict_refusal(&job.name(), "not written", loaded.warning_count, !compiled.warnings.is_empty()));
    }
    Ok(((loaded, wording, compiled), after))
}

/// Why `--strict` writes nothing for a month with warnings (printed above it).
pub fn strict_refusal(name: &str, verdict: &str, data_warnings: usize, layout_warnings: bool) -> String {
    let what = match (data_warnings, layout_warnings) {
        (0, _) => "the layouts warned".to_owned(),
        (1, false) => "its data has a warning".to_owned(),
        (n, false) => format!("its data has {n} warnings"),
        (1, true) => "its data has a warning, and the layouts warned".to_owned(),
        (n, true) => format!("its data has {n} warnings, and the layouts warned"),
    };
    format!(
        "error: {name}: {verdict}: {what}, and --strict makes warnings errors\n  = hint: correct what the warnings point at, or leave out --strict to write it with them"
    )
}

/// The files a job's results must never replace: its data, every data file of the run, the
/// operation's catalogue and its logo.
pub fn protected<'a>(job: &'a Job, config: &'a Config, wording: &'a crate::text::catalogue::Wording) -> Vec<&'a Path> {
    let catalogues = wording.overrides.iter().filter_map(|o| o.path.as_deref());
    let logo = wording.logo.iter().map(|l| l.file.as_path());
    std::iter::once(job.input.as_path())
        .chain(config.inputs.iter().map(PathBuf::as_path))
        .chain(catalogues)
        .chain(logo)
        .collect()
}

fn render_inner(job: &Job, config: &Config, messages: &mut String) -> Result<String, String> {
    let failed = |e: render::RenderError| format!("error: {}: {e}", job.name());
    let ((_, wording, compiled), ()) = compile(job, config, messages, |_| ())?;
    let target = config.target(job);
    let cannot_write = |target: &Target, e: output::WriteError| format!("error: cannot write {target}: {e}");
    // No result over a data file of this run: this one, or another that a later (or earlier)
    // file of the batch reads.
    let inputs = protected(job, config, &wording);
    let (magic, what) = match config.format {
        Format::Pdf => (output::PDF_MAGIC, "a PDF"),
        Format::Png | Format::Card => (output::PNG_MAGIC, "a PNG image"),
    };
    let targets = config.targets(job);
    // Pages of PNG are files of their own: a device takes one.
    if let (true, Target::File(path)) = (targets.len() > 1, &target)
        && std::fs::metadata(path).is_ok_and(|m| !m.is_file())
    {
        return Err(format!(
            "error: cannot write {target}: it is not a file, and the {} pages would be written beside it as files of their own\n  = hint: add --pages 1 to write one page there",
            targets.len()
        ));
    }
    for each in targets {
        output::refuse_inputs(&each, &inputs).map_err(|e| cannot_write(&each, e))?;
        output::refuse_foreign(&each, &[magic], what).map_err(|e| cannot_write(&each, e))?;
    }
    match config.format {
        Format::Pdf => {
            let pdf = compiled.pdf(&config.export).map_err(failed)?;
            let _scope = crate::typeset::timings::scope("write the PDF");
            output::write(&target, &pdf).map_err(|e| cannot_write(&target, e))?;
            let pages = if config.export.pages.is_empty() { render::PAGES } else { config.export.pages.len() };
            let pages = if pages == 1 { "1 page".to_owned() } else { format!("{pages} pages") };
            Ok(format!("{target} ({pages}, {} KB)", pdf.len().div_ceil(1024)))
        }
        Format::Card => {
            let images = compiled.png(config.ppi, &[], output::png::Encoding::Palette).map_err(failed)?;
            let png = images.first().map(|(_, png)| png.as_slice()).unwrap_or_default();
            messages.push_str(&output::png::card_size_warning(&job.name(), png).unwrap_or_default());
            output::write(&target, png).map_err(|e| cannot_write(&target, e))?;
            Ok(format!("{target} (the card, {} KB)", png.len().div_ceil(1024)))
        }
        Format::Png => {
            let images = compiled.png(config.ppi, &config.export.pages, output::png::Encoding::Full).map_err(failed)?;
            let pages: Vec<(Target, &[u8])> =
                images.iter().map(|(page, png)| (target.for_page(*page, images.len()), png.as_slice())).collect();
            // All pages or none: a page that cannot be written leaves the others as they were.
            output::write_all(&pages).map_err(|(at, e)| cannot_write(&at, e))?;
            Ok(pages.iter().map(|(t, _)| t.to_string()).collect::<Vec<_>>().join(", "))
        }
    }
}

/// A render error as the user sees it: a problem with the data at its field's line when the
/// data is to blame, the layouts' diagnostics otherwise.
pub fn blame(job: &Job, loaded: &load::Loaded, error: render::RenderError) -> String {
    match error.data_problems(&loaded.sheet) {
        Some(problems) => loaded.report(&job.input, &problems).trim_end().to_owned(),
        None => format!("error: {}: {error}", job.name()),
    }
}

/// The months named on the command line: JSON files as given, folders of JSON files as the
/// `.json` files in them in name order, and workbooks (`.xlsx`, `.ods`, or a folder holding
/// `months.csv`) as the `months` asked for, or their latest month with complete figures. Each
/// workbook is read once, when its first month is rendered, and its problems reported once.
/// An error is the whole message, `error:` lines and hints.
pub fn expand(paths: &[PathBuf], months: &[YearMonth]) -> Result<Vec<Job>, String> {
    let mut jobs = Vec::new();
    for path in paths {
        if let Some(kind) = Kind::of(path) {
            let shared = SharedWorkbook::new(path, kind, months.first().copied());
            if months.is_empty() {
                jobs.push(Job { input: path.clone(), workbook: Some((shared, None)), lang: None, again: false });
            } else {
                jobs.extend(months.iter().map(|m| Job {
                    input: path.clone(),
                    workbook: Some((Arc::clone(&shared), Some(*m))),
                    lang: None,
                    again: false,
                }));
            }
            continue;
        }
        if let Some(hint) =
            path.extension().and_then(|x| x.to_str()).and_then(|x| other_format(&x.to_ascii_lowercase()))
        {
            return Err(format!("error: {}: is not a workbook the factsheet reads\n  = hint: {hint}", path.display()));
        }
        if !months.is_empty() {
            let (what, hint) = not_a_workbook(path);
            return Err(format!(
                "error: {}: --month picks months of a workbook, but this is {what}\n  = hint: {hint}",
                path.display()
            ));
        }
        if path.is_dir() {
            let entries = std::fs::read_dir(path)
                .map_err(|e| format!("error: {}: cannot list the folder: {e}", path.display()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
                .collect();
            if found.is_empty() {
                return Err(format!(
                    "error: {}: is a folder with no .json data files in it, and no months.csv of a workbook",
                    path.display()
                ));
            }
            found.sort();
            // A JSON file of the folder that is no month's data (the JSON Schema an editor
            // uses, say) is passed over with a note; one that does not parse is still tried,
            // so that its mistakes are reported.
            found.retain(|p| match not_data(p) {
                Some(what) => {
                    crate::noteln!("note: {}: skipped, {what}", p.display());
                    false
                }
                None => true,
            });
            if found.is_empty() {
                return Err(format!("error: {}: is a folder with no month's data file in it", path.display()));
            }
            jobs.extend(found.iter().map(|p| Job::json(p)));
        } else {
            jobs.push(Job::json(path));
        }
    }
    Ok(jobs)
}

/// What a path given with `--month` is instead of a workbook, and what to do: a folder without
/// `months.csv`, or a month's JSON file.
pub fn not_a_workbook(path: &Path) -> (&'static str, &'static str) {
    if path.is_dir() {
        (
            "a folder without months.csv",
            "a workbook of CSV files holds one file per sheet, months.csv among them; for a folder of months' JSON files, leave out --month",
        )
    } else {
        ("a month's JSON file", "leave out --month to render the JSON file's own month")
    }
}

/// Each job once per language asked for; the jobs as they are when none was.
pub fn in_languages(jobs: Vec<Job>, languages: &[String]) -> Vec<Job> {
    if languages.is_empty() {
        return jobs;
    }
    jobs.into_iter()
        .flat_map(|job| {
            languages.iter().enumerate().map(move |(i, tag)| Job {
                lang: Some(tag.clone()),
                again: i > 0,
                ..job.clone()
            })
        })
        .collect()
}

/// Why a `.json` file of a folder is not a month's data, when it clearly is not: a JSON
/// Schema, or an object of `$` keys only. `None` for a data file, and for a file that cannot
/// be read or parsed (its error is for the render to report).
fn not_data(path: &Path) -> Option<&'static str> {
    let bytes = load::read_limited(path, load::MAX_FILE_BYTES).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let value: serde_json::Value = serde_json::from_str(text.strip_prefix('\u{feff}').unwrap_or(text)).ok()?;
    let object = value.as_object()?;
    if object.contains_key("edition") {
        return None;
    }
    // A month that lost its `edition` by mistake is still a month: only a schema, or a file of
    // nothing but `$` keys, is passed over.
    if load::is_json_schema(&value) {
        Some("a JSON Schema, not a month's data")
    } else if !object.is_empty() && object.keys().all(|k| k.starts_with('$')) {
        Some("it holds no fields of a month's data")
    } else {
        None
    }
}

/// What to do with a file of a format the factsheet does not read, by its extension.
fn other_format(extension: &str) -> Option<&'static str> {
    match extension {
        "xls" | "xlsb" | "numbers" | "fods" => Some("save it as .xlsx or .ods (File, Save As) and name that file"),
        "csv" => Some(
            "a workbook of CSV files is a folder holding one file per sheet (months.csv, edition.csv, …): name the folder",
        ),
        _ => None,
    }
}

/// The files a job reads, which no result may replace: the JSON file, the workbook, or each
/// `.csv` file of a folder.
pub fn input_files(job: &Job) -> Vec<PathBuf> {
    if job.input.is_dir() {
        let entries = std::fs::read_dir(&job.input).into_iter().flatten().filter_map(|e| e.ok().map(|e| e.path()));
        entries.filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv"))).collect()
    } else {
        vec![job.input.clone()]
    }
}

/// Renders every file, in parallel across the machine's cores, printing each file's messages
/// as it finishes, a progress line on a terminal, and a summary. Returns how many failed.
pub fn render_all(files: &[Job], config: &Config) -> usize {
    let start = Instant::now();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len()).max(1);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let terminal = std::io::stderr().is_terminal() && files.len() > 1;
    // Each file's messages, printed in the order the files were given as soon as every file
    // before it is done: the next to print, and the messages waiting for their turn.
    let print: Mutex<(usize, Vec<Option<String>>)> = Mutex::new((0, vec![None; files.len()]));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(data) = files.get(i) else { break };
                    let outcome = render_file(data, config);
                    if !outcome.ok {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                    let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                    let mut guard = print.lock().unwrap_or_else(|e| e.into_inner());
                    let (turn, waiting) = &mut *guard;
                    waiting[i] = Some(outcome.messages);
                    let mut err = std::io::stderr().lock();
                    if terminal {
                        let _ = write!(err, "\r\x1b[2K");
                    }
                    while let Some(messages) = waiting.get_mut(*turn).and_then(Option::take) {
                        let _ = write!(err, "{messages}");
                        *turn += 1;
                    }
                    if terminal && finished < files.len() {
                        let _ = write!(err, "[{finished}/{}] rendering…", files.len());
                    }
                    let _ = err.flush();
                }
            });
        }
    });
    let failed = failed.into_inner();
    if files.len() > 1 {
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        crate::noteln!("rendered {} of {} factsheets in {ms:.0} ms", files.len() - failed, files.len());
    }
    failed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_expand_to_their_json_files_in_order() {
        let dir = std::env::temp_dir().join(format!("factsheet-expand-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["b.json", "a.json", "notes.txt"] {
            std::fs::write(dir.join(name), "{}").unwrap();
        }
        let files: Vec<PathBuf> =
            expand(&[dir.clone(), PathBuf::from("x.json")], &[]).unwrap().into_iter().map(|j| j.input).collect();
        assert_eq!(files, [dir.join("a.json"), dir.join("b.json"), PathBuf::from("x.json")]);
        std::fs::remove_dir_all(&dir).unwrap();
        let missing: Vec<PathBuf> =
            expand(&[dir.join("missing-dir")], &[]).unwrap().into_iter().map(|j| j.input).collect();
        assert_eq!(missing, [dir.join("missing-dir")]);
    }
}
