//! Rendering months: one file's whole pipeline (load, check, compile, export, write), and many
//! files at once in parallel across cores, sharing the fonts and the compiled layouts. Each
//! file's messages are printed whole; one failure does not stop the others.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::cli::Format;
use crate::load;
use crate::output::{self, Target};
use crate::render;

/// What `render` and `watch` were asked for, checked before any file is read.
#[derive(Debug, Clone)]
pub struct Config {
    pub options: render::Options,
    pub export: render::Export,
    pub format: Format,
    pub ppi: f32,
    /// `-o`: the one output path, when a single file is rendered.
    pub output: Option<PathBuf>,
}

impl Config {
    /// Where the result of `data` goes.
    pub fn target(&self, data: &Path) -> Target {
        match &self.output {
            Some(path) => Target::from_arg(path),
            None => Target::beside(data, if self.format == Format::Png { "png" } else { "pdf" }),
        }
    }
}

/// What rendering one file did: its messages (warnings, errors, where it wrote) and success.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub ok: bool,
    pub messages: String,
}

/// Loads, checks, renders and writes one data file.
pub fn render_file(data: &Path, config: &Config) -> Outcome {
    let start = Instant::now();
    let mut messages = String::new();
    let result = render_inner(data, config, &mut messages);
    let ok = match result {
        Ok(written) => {
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            messages.push_str(&format!("wrote {written} in {ms:.0} ms\n"));
            true
        }
        Err(message) => {
            messages.push_str(&message);
            messages.push('\n');
            false
        }
    };
    Outcome { ok, messages }
}

fn render_inner(data: &Path, config: &Config, messages: &mut String) -> Result<String, String> {
    let failed = |e: render::RenderError| format!("error: {}: {e}", data.display());
    // The data file is read, checked and prepared on another thread while Typst starts on
    // the layouts; a data error stops both and is the one reported.
    let (warnings, compiled) = render::compile_while_preparing(&config.options, || {
        let loaded = {
            let _scope = crate::timings::scope("read and check the data");
            load::load(data).map_err(|e| e.to_string())?
        };
        let view = render::prepare(&loaded.sheet, &config.options).map_err(failed)?;
        Ok::<_, String>((loaded.warnings, view))
    })?;
    messages.push_str(&warnings);
    let compiled = compiled.map_err(failed)?;
    messages.push_str(&compiled.warnings);
    let target = config.target(data);
    match config.format {
        Format::Pdf => {
            let pdf = compiled.pdf(&config.export).map_err(failed)?;
            let _scope = crate::timings::scope("write the PDF");
            output::write(&target, &pdf).map_err(|e| format!("error: cannot write {target}: {e}"))?;
            let pages = if config.export.pages.is_empty() { render::PAGES } else { config.export.pages.len() };
            Ok(format!("{target} ({pages} pages, {} KB)", pdf.len().div_ceil(1024)))
        }
        Format::Png => {
            let images = compiled.png(config.ppi, &config.export.pages);
            let mut names = Vec::new();
            for (page, png) in &images {
                let page_target = target.for_page(*page, images.len());
                output::write(&page_target, png).map_err(|e| format!("error: cannot write {page_target}: {e}"))?;
                names.push(page_target.to_string());
            }
            Ok(names.join(", "))
        }
    }
}

/// The data files named on the command line: files as given, folders as the `.json` files in
/// them, in name order.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| format!("{}: cannot list the folder: {e}", path.display()))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
                .collect();
            if found.is_empty() {
                return Err(format!("{}: is a folder with no .json data files in it", path.display()));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Renders every file, in parallel across the machine's cores, printing each file's messages
/// as it finishes, a progress line on a terminal, and a summary. Returns how many failed.
pub fn render_all(files: &[PathBuf], config: &Config) -> usize {
    let start = Instant::now();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len()).max(1);
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed = AtomicUsize::new(0);
    let terminal = std::io::stderr().is_terminal() && files.len() > 1;
    let print = Mutex::new(());
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
                    let _guard = print.lock().unwrap_or_else(|e| e.into_inner());
                    let mut err = std::io::stderr().lock();
                    if terminal {
                        let _ = write!(err, "\r\x1b[2K");
                    }
                    let _ = write!(err, "{}", outcome.messages);
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
        eprintln!("rendered {} of {} factsheets in {ms:.0} ms", files.len() - failed, files.len());
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
        let files = expand(&[dir.clone(), PathBuf::from("x.json")]).unwrap();
        assert_eq!(files, [dir.join("a.json"), dir.join("b.json"), PathBuf::from("x.json")]);
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(expand(&[dir.join("missing-dir")]).unwrap() == [dir.join("missing-dir")]);
    }
}
