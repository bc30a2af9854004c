//! The Typst world a factsheet compiles in: the layout files, the prepared month as the virtual
//! file `/data.json`, the bundled fonts and a fixed date. Nothing else exists in it: no system
//! fonts, no packages, no file outside the layouts.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::fonts;
use crate::layouts::{Layouts, MAIN};

/// Where the layouts find the prepared data.
pub const DATA_PATH: &str = "/data.json";

/// A world for compiling one factsheet.
pub struct FactsheetWorld {
    library: &'static LazyHash<Library>,
    book: LazyHash<FontBook>,
    layouts: Layouts,
    main: FileId,
    data_id: FileId,
    data: Bytes,
    today: Datetime,
    /// Files read so far, so that each is read and parsed once per compilation.
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

/// The file id of a path under the project root, e.g. `/main.typ`.
pub fn project_file(path: &str) -> FileId {
    // The paths handed in here are our own constants, always valid.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| panic!("invalid virtual path {path}"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// Typst's standard library, built once per process and shared by every world: building and
/// dropping it costs about a millisecond per factsheet otherwise.
pub fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::builder().build()))
}

/// Builds what every world shares (the library, the parsed fonts), so that a thread can do it
/// while another reads and checks the data.
pub fn prepare_shared() {
    library();
    fonts::bundled();
}

impl FactsheetWorld {
    /// A world whose `/data.json` holds `data` and whose date is `today`.
    pub fn new(layouts: Layouts, data: Vec<u8>, today: Datetime) -> FactsheetWorld {
        let fonts = fonts::bundled();
        FactsheetWorld {
            library: library(),
            book: LazyHash::new(fonts.book.clone()),
            layouts,
            main: project_file(&format!("/{MAIN}")),
            data_id: project_file(DATA_PATH),
            data: Bytes::new(data),
            today,
            sources: Mutex::default(),
            files: Mutex::default(),
        }
    }

    /// The layout set this world reads from.
    pub fn layouts(&self) -> &Layouts {
        &self.layouts
    }

    /// How diagnostics name a file of this world.
    pub fn display_path(&self, id: FileId) -> String {
        if id == self.data_id {
            return "<prepared data>/data.json".to_owned();
        }
        match id.root() {
            VirtualRoot::Project => self.layouts.display_path(id.vpath().get_without_slash()),
            VirtualRoot::Package(spec) => format!("{spec}{}", id.vpath().get_with_slash()),
        }
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        match id.root() {
            VirtualRoot::Package(spec) => Err(FileError::Package(PackageError::Other(Some(
                format!("{spec} cannot be imported: factsheet layouts work offline and use no packages").into(),
            )))),
            VirtualRoot::Project => {
                let bytes = self.layouts.read(id.vpath().get_without_slash())?;
                Ok(Bytes::new(bytes))
            }
        }
    }
}

impl World for FactsheetWorld {
    fn library(&self) -> &LazyHash<Library> {
        self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut sources = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        sources
            .entry(id)
            .or_insert_with(|| {
                let bytes = self.file(id)?;
                let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
                Ok(Source::new(id, text.to_owned()))
            })
            .clone()
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.entry(id).or_insert_with(|| self.read(id)).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts::bundled().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
