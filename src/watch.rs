//! `factsheet watch`: renders a month, then again whenever its data file or a layout file
//! changes. Errors are printed in place of the last result and the last good PDF is kept (a
//! failed render writes nothing).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::batch::{self, Config};
use crate::layouts::Layouts;

/// How often the files are looked at.
pub const POLL: Duration = Duration::from_millis(50);

/// What the watched files hold: a hash of each one's bytes. The files are small, and unlike
/// modification times, contents catch an edit however quickly it follows the last.
fn fingerprint(files: &[PathBuf]) -> Vec<Option<u64>> {
    files
        .iter()
        .map(|f| {
            let bytes = std::fs::read(f).ok()?;
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut hasher);
            Some(hasher.finish())
        })
        .collect()
}

/// The files a render reads: the data file and, for a user's layouts, every file in them.
pub fn watched_files(data: &Path, layouts: &Layouts) -> Vec<PathBuf> {
    let mut files = vec![data.to_owned()];
    if let Layouts::Folder(root) = layouts {
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
                if path.is_dir() { stack.push(path) } else { files.push(path) }
            }
        }
        files.sort();
    }
    files
}

/// Watches until the process is stopped.
pub fn watch(data: &Path, config: &Config) -> ! {
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut last = None;
    loop {
        let files = watched_files(data, &config.options.layouts);
        let now = fingerprint(&files);
        if last.as_ref() != Some(&now) {
            last = Some(now);
            if terminal {
                // Clear the screen so that the newest result stands in place of the last.
                eprint!("\x1b[2J\x1b[H");
            }
            let outcome = batch::render_file(data, config);
            eprint!("{}", outcome.messages);
            eprintln!("watching {} file{} for changes (Ctrl-C to stop)", files.len(), if files.len() == 1 { "" } else { "s" });
            // Keep typst's caches from growing without bound over a long session.
            typst::comemo::evict(10);
        }
        std::thread::sleep(POLL);
    }
}
