//! The `factsheet` binary: dispatches each subcommand and turns failures into an `error:` line,
//! `hint:` lines and an exit code (0 done, 1 a data or layout error, 2 wrong usage).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use factsheet::cli::{CheckArgs, Cli, Command, ModelArgs, RenderArgs};
use factsheet::layouts::Layouts;
use factsheet::output::{self, Target};
use factsheet::load::{self, Loaded};
use factsheet::{render, schema, view};

/// A data or layout problem: the run failed because of what it was given.
const EXIT_FAILURE: u8 = 1;
/// The command line itself is wrong (clap uses the same code for its own errors).
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Render(args) => render_all(args),
        Command::Check(args) => check_all(args),
        Command::Model(args) => model(args),
        Command::Schema => {
            print!("{}", schema::json());
            ExitCode::SUCCESS
        }
    }
}

fn fail(message: impl std::fmt::Display) {
    eprintln!("error: {message}");
}

/// Loads a data file, printing its warnings; a failure is printed whole (it names the file).
fn load_data(data: &Path) -> Option<Loaded> {
    match load::load(data) {
        Ok(loaded) => {
            eprint!("{}", loaded.warnings);
            Some(loaded)
        }
        Err(e) => {
            eprintln!("{e}");
            None
        }
    }
}

fn render_all(args: RenderArgs) -> ExitCode {
    if args.output.is_some() && args.data.len() > 1 {
        fail("--output names one file but several data files were given");
        eprintln!("  hint: leave out --output to write each PDF beside its data file");
        return ExitCode::from(EXIT_USAGE);
    }
    let layouts = match &args.layouts.layouts {
        Some(dir) => match Layouts::folder(dir) {
            Ok(layouts) => layouts,
            Err(e) => {
                fail(e);
                return ExitCode::from(EXIT_FAILURE);
            }
        },
        None => Layouts::Embedded,
    };
    let mut failed = 0;
    for data in &args.data {
        let target = match &args.output {
            Some(path) => Target::from_arg(path),
            None => Target::beside(data, "pdf"),
        };
        if let Err(message) = render_one(data, &target, &layouts) {
            if let Some(message) = message {
                fail(message);
            }
            failed += 1;
        }
    }
    if args.data.len() > 1 {
        eprintln!("rendered {} of {} factsheets", args.data.len() - failed, args.data.len());
    }
    if failed > 0 { ExitCode::from(EXIT_FAILURE) } else { ExitCode::SUCCESS }
}

/// Renders one data file. `Err(None)` when the problem was already printed.
fn render_one(data: &Path, target: &Target, layouts: &Layouts) -> Result<(), Option<String>> {
    let start = Instant::now();
    let Some(loaded) = load_data(data) else {
        return Err(None);
    };
    let compiled = render::compile(&loaded.sheet, layouts.clone()).map_err(|e| Some(format!("{}: {e}", data.display())))?;
    if !compiled.warnings.is_empty() {
        eprint!("{}", compiled.warnings);
    }
    let pdf = compiled.pdf().map_err(|e| Some(format!("{}: {e}", data.display())))?;
    output::write(target, &pdf).map_err(|e| Some(format!("cannot write {target}: {e}")))?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    eprintln!(
        "wrote {target} ({} pages, {} KB) in {ms:.0} ms",
        compiled.document.pages().len(),
        pdf.len().div_ceil(1024)
    );
    Ok(())
}

fn check_all(args: CheckArgs) -> ExitCode {
    let mut failed = 0;
    for data in &args.data {
        match load_data(data) {
            Some(loaded) if loaded.warning_count > 0 => eprintln!("{}: ok, with warnings", data.display()),
            Some(_) => eprintln!("{}: ok", data.display()),
            None => failed += 1,
        }
    }
    if failed > 0 { ExitCode::from(EXIT_FAILURE) } else { ExitCode::SUCCESS }
}

fn model(args: ModelArgs) -> ExitCode {
    let Some(loaded) = load_data(&args.data) else {
        return ExitCode::from(EXIT_FAILURE);
    };
    let map = match render::map(&loaded.sheet, &Layouts::Embedded) {
        Ok(map) => map,
        Err(e) => {
            fail(format!("{}: {e}", args.data.display()));
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let json = view::View::new(&loaded.sheet, map).to_json();
    let target = args.output.as_deref().map_or(Target::Stdout, Target::from_arg);
    match output::write(&target, &json) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            fail(format!("cannot write {target}: {e}"));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
