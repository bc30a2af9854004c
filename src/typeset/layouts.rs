//! Where the Typst layout files come from: the set embedded in the binary from `layouts/`, or a
//! folder of the user's given with `--layouts`, which is a sandbox nothing may read out of.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use typst::diag::{FileError, FileResult};

/// The entry point every layout set has.
pub const MAIN: &str = "main.typ";
/// The entry point of the email's key-figures card.
pub const CARD: &str = "card.typ";

/// The layout files compiled into the binary, by their path under `layouts/`, in the order
/// `main.typ` imports them, then the card's.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("main.typ", include_str!("../../layouts/main.typ")),
    ("theme.typ", include_str!("../../layouts/theme.typ")),
    ("page1.typ", include_str!("../../layouts/page1.typ")),
    ("components.typ", include_str!("../../layouts/components.typ")),
    ("charts.typ", include_str!("../../layouts/charts.typ")),
    ("map.typ", include_str!("../../layouts/map.typ")),
    ("page2.typ", include_str!("../../layouts/page2.typ")),
    ("card.typ", include_str!("../../layouts/card.typ")),
];

/// A set of layout files.
#[derive(Debug, Clone)]
pub enum Layouts {
    /// The layouts compiled into the binary.
    Embedded,
    /// A folder of the user's: its canonical path, for messages, and a handle on it that
    /// every file is opened through.
    Folder(PathBuf, Arc<cap_std::fs::Dir>),
}

/// The largest layout file read: a layout or a map geometry is kilobytes, and a bounded read
/// keeps a device or a huge file linked in from taking the memory.
pub const MAX_LAYOUT_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Why a layout folder cannot be used.
#[derive(Debug)]
pub struct LayoutsError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for LayoutsError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "layout folder {}: {}\n  = hint: point --layouts at a folder holding {MAIN} (a copy of \
             the repository's layouts/ is a good start)",
            self.path.display(),
            self.message
        )
    }
}

impl std::error::Error for LayoutsError {}

impl Layouts {
    /// Opens a user's layout folder, checking that it has a `main.typ`.
    pub fn folder(path: &Path) -> Result<Layouts, LayoutsError> {
        let error = |message: String| LayoutsError { path: path.to_owned(), message };
        let root = path.canonicalize().map_err(|e| error(format!("cannot open it: {e}")))?;
        if !root.is_dir() {
            return Err(error("is not a folder".into()));
        }
        let dir = cap_std::fs::Dir::open_ambient_dir(&root, cap_std::ambient_authority())
            .map_err(|e| error(format!("cannot open it: {e}")))?;
        if !dir.metadata(MAIN).is_ok_and(|m| m.is_file()) {
            return Err(error(format!("has no {MAIN}")));
        }
        Ok(Layouts::Folder(root, Arc::new(dir)))
    }

    /// Reads a file by its path relative to the layout root (no leading slash).
    ///
    /// Typst's virtual paths cannot climb above the root. In a user's folder, the file is
    /// opened relative to the folder's handle: a path or a link that leads out of it is
    /// refused as it is opened, so that a link swapped in meanwhile cannot lead out either.
    /// Only regular files are read (a FIFO would wait for ever), and at most
    /// [`MAX_LAYOUT_FILE_BYTES`] of them.
    pub fn read(&self, relative: &str) -> FileResult<Vec<u8>> {
        match self {
            Layouts::Embedded => EMBEDDED
                .iter()
                .find(|(name, _)| *name == relative)
                .map(|(_, text)| text.as_bytes().to_vec())
                .ok_or_else(|| FileError::NotFound(PathBuf::from(relative))),
            Layouts::Folder(root, dir) => {
                let path = root.join(relative);
                read_inside(dir, relative, MAX_LAYOUT_FILE_BYTES).map_err(|e| match e {
                    Refused::Outside => FileError::Other(Some(
                        format!("{} is outside the layout folder {}", path.display(), root.display()).into(),
                    )),
                    Refused::Folder => FileError::IsDirectory,
                    Refused::NotAFile => {
                        FileError::Other(Some(format!("{} is not a regular file", path.display()).into()))
                    }
                    Refused::TooLarge => FileError::Other(Some(
                        format!("{} is larger than {MAX_LAYOUT_FILE_BYTES} bytes", path.display()).into(),
                    )),
                    Refused::Io(e) => FileError::from_io(e, &path),
                })
            }
        }
    }

    /// The Typst files of the set by their path relative to the root, `main.typ` first: the
    /// embedded ones in the order they are imported, or those at the top of a user's folder
    /// in alphabetical order.
    pub fn sources(&self) -> Vec<String> {
        let mut paths: Vec<String> = match self {
            Layouts::Embedded => EMBEDDED.iter().map(|(name, _)| (*name).to_owned()).collect(),
            Layouts::Folder(_, dir) => {
                let mut names: Vec<String> = dir
                    .entries()
                    .map(|entries| entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
                    .unwrap_or_default();
                names.sort_by_key(|name| (name != MAIN, name.clone()));
                names
            }
        };
        paths.retain(|p| p.ends_with(".typ"));
        paths
    }

    /// Whether the set has a file, by its path relative to the root.
    pub fn has(&self, relative: &str) -> bool {
        match self {
            Layouts::Embedded => EMBEDDED.iter().any(|(name, _)| *name == relative),
            Layouts::Folder(_, dir) => dir.metadata(relative).is_ok_and(|m| m.is_file()),
        }
    }

    /// How messages name a layout file: `layouts/page1.typ` for the embedded set, the real path
    /// for a user's folder.
    pub fn display_path(&self, relative: &str) -> String {
        match self {
            Layouts::Embedded => format!("layouts/{relative}"),
            Layouts::Folder(root, _) => root.join(relative).display().to_string(),
        }
    }
}

/// Why a file of a layout folder was not read.
pub enum Refused {
    Outside,
    Folder,
    NotAFile,
    TooLarge,
    Io(std::io::Error),
}

/// Reads a regular file inside `dir`, through the handle, of at most `limit` bytes (see
/// [`Layouts::read`]).
pub fn read_inside(dir: &cap_std::fs::Dir, relative: &str, limit: u64) -> Result<Vec<u8>, Refused> {
    use std::io::Read;
    let mut options = cap_std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use cap_std::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = dir.open_with(relative, &options).map_err(|e| {
        // cap-std refuses an escape as permission denied, naming the sandbox.
        if e.kind() == std::io::ErrorKind::PermissionDenied && e.to_string().contains("outside") {
            Refused::Outside
        } else {
            Refused::Io(e)
        }
    })?;
    let meta = file.metadata().map_err(Refused::Io)?;
    if meta.is_dir() {
        return Err(Refused::Folder);
    }
    if !meta.is_file() {
        return Err(Refused::NotAFile);
    }
    let mut bytes = Vec::new();
    file.into_std().take(limit + 1).read_to_end(&mut bytes).map_err(Refused::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Refused::TooLarge);
    }
    Ok(bytes)
}
