//! Where the Typst layout files come from: the set embedded in the binary from `layouts/`, or a
//! folder of the user's given with `--layouts`, which is a sandbox nothing may read out of.

use std::path::{Path, PathBuf};

use typst::diag::{FileError, FileResult};

/// The entry point every layout set has.
pub const MAIN: &str = "main.typ";

/// The layout files compiled into the binary, by their path under `layouts/`, in the order
/// `main.typ` imports them, with the map geometries they can draw.
pub const EMBEDDED: &[(&str, &str)] = &[
    ("main.typ", include_str!("../layouts/main.typ")),
    ("theme.typ", include_str!("../layouts/theme.typ")),
    ("page1.typ", include_str!("../layouts/page1.typ")),
    ("components.typ", include_str!("../layouts/components.typ")),
    ("charts.typ", include_str!("../layouts/charts.typ")),
    ("map.typ", include_str!("../layouts/map.typ")),
    ("page2.typ", include_str!("../layouts/page2.typ")),
    ("maps/western-balkans.json", include_str!("../layouts/maps/western-balkans.json")),
];

/// A set of layout files.
#[derive(Debug, Clone)]
pub enum Layouts {
    /// The layouts compiled into the binary.
    Embedded,
    /// A folder of the user's; the path is canonical.
    Folder(PathBuf),
}

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
            "layout folder {}: {}\n  hint: point --layouts at a folder holding {MAIN} (a copy of \
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
        if !root.join(MAIN).is_file() {
            return Err(error(format!("has no {MAIN}")));
        }
        Ok(Layouts::Folder(root))
    }

    /// Reads a file by its path relative to the layout root (no leading slash).
    ///
    /// Typst's virtual paths cannot climb above the root; a symbolic link that points out of a
    /// user's folder is refused here too.
    pub fn read(&self, relative: &str) -> FileResult<Vec<u8>> {
        match self {
            Layouts::Embedded => EMBEDDED
                .iter()
                .find(|(name, _)| *name == relative)
                .map(|(_, text)| text.as_bytes().to_vec())
                .ok_or_else(|| FileError::NotFound(PathBuf::from(relative))),
            Layouts::Folder(root) => {
                let path = root.join(relative);
                let real = path.canonicalize().map_err(|e| FileError::from_io(e, &path))?;
                if !real.starts_with(root) {
                    return Err(FileError::Other(Some(
                        format!("{} is outside the layout folder {}", path.display(), root.display())
                            .into(),
                    )));
                }
                if real.is_dir() {
                    return Err(FileError::IsDirectory);
                }
                std::fs::read(&real).map_err(|e| FileError::from_io(e, &path))
            }
        }
    }

    /// The Typst files of the set by their path relative to the root, `main.typ` first: the
    /// embedded ones in the order they are imported, or those at the top of a user's folder
    /// in alphabetical order.
    pub fn sources(&self) -> Vec<String> {
        let mut paths: Vec<String> = match self {
            Layouts::Embedded => EMBEDDED.iter().map(|(name, _)| (*name).to_owned()).collect(),
            Layouts::Folder(root) => {
                let mut names: Vec<String> = std::fs::read_dir(root)
                    .map(|entries| entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect())
                    .unwrap_or_default();
                names.sort_by_key(|name| (name != MAIN, name.clone()));
                names
            }
        };
        paths.retain(|p| p.ends_with(".typ"));
        paths
    }

    /// How messages name a layout file: `layouts/page1.typ` for the embedded set, the real path
    /// for a user's folder.
    pub fn display_path(&self, relative: &str) -> String {
        match self {
            Layouts::Embedded => format!("layouts/{relative}"),
            Layouts::Folder(root) => root.join(relative).display().to_string(),
        }
    }
}
