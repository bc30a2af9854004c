//! `factsheet watch`: renders a month, then again whenever its data file (or workbook) or a
//! layout file changes. Errors are printed in place of the last result and the last good PDF is kept (a
//! failed render writes nothing).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::batch::{self, Config};
use crate::input::model::YearMonth;
use crate::typeset::layouts::Layouts;

/// How often the files are looked at.
pub const POLL: Duration = Duration::from_millis(50);

/// The most files of a layout folder watched: a layout set is a dozen files; a folder with
/// thousands is not one, and reading them all twenty times a second would take a core.
pub const MAX_WATCHED: usize = 1_000;

/// A file a render reads: the data file, or a file of the user's layouts by its path inside.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Watched {
    Data(PathBuf),
    Layout(String),
}

/// What the watched files hold: a hash of each one's bytes. The files are small, and unlike
/// modification times, contents catch an edit however quickly it follows the last. Files are
/// read as the render reads them: regular files only, bounded, the layouts inside their folder.
fn fingerprint(files: &[Watched], layouts: &Layouts) -> Vec<Option<u64>> {
    files
        .iter()
        .map(|f| {
            let bytes = match (f, layouts) {
                (Watched::Data(path), _) => {
                    crate::input::load::read_limited(path, crate::input::table::MAX_WORKBOOK_BYTES).ok()?
                }
                (Watched::Layout(relative), Layouts::Folder(_, dir)) => {
                    crate::typeset::layouts::read_inside(dir, relative, crate::typeset::layouts::MAX_LAYOUT_FILE_BYTES)
                        .ok()?
                }
                (Watched::Layout(_), Layouts::Embedded) => return None,
            };
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut hasher);
            Some(hasher.finish())
        })
        .collect()
}

/// The files a render reads: the data file and, for a user's layouts, the files in them,
/// found without following links (a link to `/etc` or to `.` is not a layout folder), at most
/// [`MAX_WATCHED`].
pub fn watched_files(data: &Path, layouts: &Layouts) -> Vec<Watched> {
    let mut files: Vec<Watched> = if data.is_dir() {
        let job = batch::Job::json(data);
        batch::input_files(&job).into_iter().map(Watched::Data).collect()
    } else {
        vec![Watched::Data(data.to_owned())]
    };
    // The operation's catalogues, beside the data file (or in the workbook's folder).
    let folder = crate::input::load::own_folder(data);
    let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
    if let Ok(entries) = std::fs::read_dir(folder) {
        let mut catalogues: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .take(MAX_WATCHED)
            .collect();
        catalogues.sort();
        files.extend(catalogues.into_iter().map(Watched::Data));
    }
    if let Layouts::Folder(_, root) = layouts {
        let mut found = Vec::new();
        let mut stack: Vec<(String, cap_std::fs::Dir)> =
            root.try_clone().ok().map(|d| (String::new(), d)).into_iter().collect();
        while let Some((prefix, dir)) = stack.pop() {
            let Ok(entries) = dir.entries() else { continue };
            for entry in entries.filter_map(Result::ok) {
                let (Ok(kind), Ok(name)) = (entry.file_type(), entry.file_name().into_string()) else { continue };
                let relative = format!("{prefix}{name}");
                if kind.is_dir() {
                    if let Ok(sub) = entry.open_dir() {
                        stack.push((format!("{relative}/"), sub));
                    }
                } else if kind.is_file() {
                    found.push(Watched::Layout(relative));
                }
                if found.len() >= MAX_WATCHED {
                    stack.clear();
                    break;
                }
            }
        }
        found.sort();
        files.extend(found);
    }
    files
}

/// Watches until the process is stopped. For a workbook, `month` is the month rendered (the
/// latest complete one when absent, found again after each change).
/// `languages` are those `--lang` asked for, each rendered on every change.
pub fn watch(data: &Path, month: Option<YearMonth>, languages: &[String], config: &Config) -> ! {
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut last = None;
    loop {
        let files = watched_files(data, &config.options.layouts);
        let now = fingerprint(&files, &config.options.layouts);
        if last.as_ref() != Some(&now) {
            last = Some(now);
            if terminal {
                // Clear the screen so that the newest result stands in place of the last.
                crate::note!("\x1b[2J\x1b[H");
            }
            match batch::expand(&[data.to_owned()], month.as_slice()) {
                Ok(jobs) => {
                    let jobs = batch::in_languages(jobs, languages);
                    for job in &jobs {
                        crate::note!("{} {}", time_of_day(), batch::render_file(job, config).messages);
                    }
                }
                Err(message) => crate::noteln!("{message}"),
            }
            crate::noteln!(
                "{} watching {} file{} for changes (Ctrl-C to stop)",
                time_of_day(),
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            );
            // Keep typst's caches from growing without bound over a long session.
            typst::comemo::evict(10);
        }
        std::thread::sleep(POLL);
    }
}

/// The local time of day, `14:05:09`, for the lines that say when the files were rendered.
fn time_of_day() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    #[cfg(unix)]
    {
        let time = libc::time_t::try_from(seconds).unwrap_or_default();
        // SAFETY: localtime_r writes the broken-down time into `tm`, which we own, and reads
        // only `time`; it is the thread-safe form of localtime.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        if !unsafe { libc::localtime_r(&time, &mut tm) }.is_null() {
            return format!("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec);
        }
    }
    let of_day = seconds % 86_400;
    format!("{:02}:{:02}:{:02} UTC", of_day / 3_600, of_day % 3_600 / 60, of_day % 60)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// Links out of the folder, to itself and to a device are not followed: only the regular
    /// files inside are watched, and reading them never waits on a device.
    #[test]
    fn links_out_of_the_layout_folder_are_not_watched() {
        let root = std::env::temp_dir().join(format!("factsheet-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("parts")).unwrap();
        std::fs::write(root.join("main.typ"), "main").unwrap();
        std::fs::write(root.join("parts/a.typ"), "a").unwrap();
        std::os::unix::fs::symlink("/etc", root.join("etc")).unwrap();
        std::os::unix::fs::symlink(".", root.join("self")).unwrap();
        std::os::unix::fs::symlink("..", root.join("parts/up")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.typ")).unwrap();
        let layouts = Layouts::folder(&root).unwrap();
        let files = watched_files(Path::new("data.json"), &layouts);
        assert_eq!(
            files,
            [
                Watched::Data("data.json".into()),
                Watched::Layout("main.typ".into()),
                Watched::Layout("parts/a.typ".into())
            ]
        );
        let prints = fingerprint(&files, &layouts);
        assert!(prints[0].is_none() && prints[1].is_some() && prints[2].is_some(), "{prints:?}");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
