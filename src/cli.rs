//! The command line: subcommands and their flags. Every `///` comment is `--help` text.
//! [`batch`] renders the files a command names, in parallel; [`watch`] renders again on change.

pub mod batch;
pub mod watch;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::typeset::render::Standard;

/// Renders a month's key figures into the two-page factsheet PDF.
#[derive(Debug, Parser)]
#[command(name = "factsheet", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render months' data files (or folders of them) to PDF, in parallel.
    Render(RenderArgs),
    /// Render a month, then again whenever its data or a layout file changes.
    Watch(RenderArgs),
    /// Check data files, and that the pages (with the built-in layouts) hold them; writes nothing.
    Check(CheckArgs),
    /// Write the prepared data the layouts read (every figure and sentence, ready to print).
    Model(ModelArgs),
    /// Print the JSON Schema of the data file, for editors to complete and check fields.
    Schema,
}

#[derive(Debug, Args)]
pub struct LayoutArgs {
    /// Use the layouts in this folder (it must hold main.typ) instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub layouts: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The month's data files (JSON), e.g. data/2025-12.json, or folders of them.
    #[arg(required = true, value_name = "DATA")]
    pub data: Vec<PathBuf>,
    /// Where to write the PDF; `-` writes to standard output. Defaults to the data file's path
    /// with a .pdf extension. Only with a single data file. For PNG, `{p}` in the path stands
    /// for the page number (otherwise `-1`, `-2` are added before the extension).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// What to write: a PDF, or one PNG image per page (for the body of an email).
    #[arg(long, value_enum, default_value_t = Format::Pdf)]
    pub format: Format,
    /// Resolution of PNG images, in pixels per inch.
    #[arg(long, default_value_t = 144.0, value_name = "PPI")]
    pub ppi: f32,
    /// Pages to write: 1, 2 or 1-2 (all by default).
    #[arg(long, value_name = "PAGES")]
    pub pages: Option<String>,
    /// The PDF standard to conform to.
    #[arg(long, value_enum, default_value_t = Standard::default(), value_name = "STANDARD")]
    pub pdf_standard: Standard,
    #[command(flatten)]
    pub layouts: LayoutArgs,
    /// Write where the time went (reading the data, evaluating and laying out each layout
    /// file, writing the PDF) as a Chrome trace, to open in https://ui.perfetto.dev.
    #[arg(long, value_name = "PATH")]
    pub timings: Option<PathBuf>,
}

/// Output formats of `render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Pdf,
    Png,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The data files to check.
    #[arg(required = true, value_name = "DATA")]
    pub data: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// The month's data file.
    #[arg(value_name = "DATA")]
    pub data: PathBuf,
    /// Where to write the prepared JSON; standard output when absent or `-`.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}
