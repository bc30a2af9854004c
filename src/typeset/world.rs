//! The Typst world a factsheet compiles in: the layout files, the prepared month as the virtual
//! file `/data.json`, the bundled fonts and a fixed date. Nothing else exists in it: no system
//! fonts, no packages, no file outside the layouts.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::typeset::fonts;
use crate::typeset::layouts::Layouts;

/// Where the layouts find the prepared data.
pub const DATA_PATH: &str = "/data.json";
/// Where the layouts find the map's drawing when the data leaves it out, to read only where
/// they lay out its panel.
pub const MAP_PATH: &str = "/map.json";

/// What a world knows of its month: the prepared data the layouts read and the date.
#[derive(Debug, Clone)]
pub struct Month {
    pub data: Bytes,
    pub today: Datetime,
    /// The organisation's logo, served at its path under `/data/`.
    pub logo: Option<(&'static str, Bytes)>,
}

/// Where a world's month arrives, once; `None` when it could not be prepared.
type Slot = Arc<OnceLock<Option<Month>>>;

/// Where a world's map arrives, once, as `/map.json`; `None` when there is none to read.
type MapSlot = Arc<OnceLock<Option<Bytes>>>;

/// Hands a world its month, and then its map, when the compilation has already started.
/// Dropped without sending (the data was wrong, or its thread panicked), it tells the world
/// there is no month and no map, so a compilation waiting for them stops instead of waiting
/// for ever.
pub struct MonthSender(Slot, MapSlot);

impl MonthSender {
    pub fn send(&self, month: Month) {
        let _ = self.0.set(Some(month));
    }

    /// The map's drawing as JSON, which the layouts read as `/map.json`.
    pub fn send_map(&self, map: Option<Bytes>) {
        let _ = self.1.set(map);
    }
}

impl Drop for MonthSender {
    fn drop(&mut self) {
        let _ = self.0.set(None);
        let _ = self.1.set(None);
    }
}

/// A world for compiling one factsheet.
pub struct FactsheetWorld {
    layouts: Layouts,
    main: FileId,
    data_id: FileId,
    month: Slot,
    map_id: FileId,
    map: MapSlot,
    /// Files read so far, so that each is read and parsed once per compilation: one slot per
    /// file, which the first thread to ask fills while any other that asks meanwhile waits.
    sources: Mutex<HashMap<FileId, Arc<OnceLock<FileResult<Source>>>>>,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
}

/// The file id of a path under the project root, e.g. `/main.typ`.
pub fn project_file(path: &str) -> FileId {
    // The paths handed in here are our own constants, always valid.
    layout_file(path.trim_start_matches('/')).unwrap_or_else(|| panic!("invalid virtual path {path}"))
}

/// The file id of a layout file by its path relative to the layout root, if Typst can name it.
fn layout_file(relative: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(format!("/{relative}")).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// Typst's standard library, built once per process and shared by every world: building and
/// dropping it costs about a millisecond per factsheet otherwise.
pub fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let _scope = crate::typeset::timings::scope("build the library");
        // `a11y-extras` gives the layouts `pdf.header-cell`, which tags the names of a bar
        // table as its row headers.
        LazyHash::new(Library::builder().with_features([typst::Feature::A11yExtras].into_iter().collect()).build())
    })
}

impl FactsheetWorld {
    /// A world of the given month, compiling `entry` (`main.typ`, or the card's file).
    pub fn new(layouts: Layouts, entry: &str, month: Month) -> FactsheetWorld {
        let (world, sender) = FactsheetWorld::awaiting(layouts, entry);
        sender.send(month);
        world
    }

    /// A world whose month is still being prepared: Typst can parse and evaluate the layouts'
    /// modules in it, and waits where they first read `/data.json` (or the date) until the
    /// month is sent. Making it costs nothing: the library and the fonts, shared by every
    /// world, are built by the first compilation that asks for them.
    pub fn awaiting(layouts: Layouts, entry: &str) -> (FactsheetWorld, MonthSender) {
        let slot = Slot::default();
        let map = MapSlot::default();
        let world = FactsheetWorld {
            layouts,
            main: layout_file(entry).unwrap_or_else(|| project_file(&format!("/{}", crate::typeset::layouts::MAIN))),
            data_id: project_file(DATA_PATH),
            month: Arc::clone(&slot),
            map_id: project_file(MAP_PATH),
            map: Arc::clone(&map),
            sources: Mutex::default(),
            files: Mutex::default(),
        };
        (world, MonthSender(slot, map))
    }

    /// Reads and parses the layout files, in the order they are imported, before Typst asks for
    /// them: for the thread that compiles, while another builds Typst's library, without which
    /// Typst evaluates nothing. Typst then takes each file from here; one that another thread
    /// is parsing is waited for, and one parsed already is not parsed again.
    pub fn preload(&self) {
        for path in self.layouts.sources() {
            if let Some(id) = layout_file(&path) {
                let _ = self.source(id);
            }
        }
    }

    /// The month, once it has arrived; `None` when it could not be prepared.
    fn month(&self) -> Option<&Month> {
        if let Some(month) = self.month.get() {
            return month.as_ref();
        }
        let _scope = crate::typeset::timings::scope("wait for the data");
        self.month.wait().as_ref()
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
            return self
                .month()
                .map(|month| month.data.clone())
                .ok_or_else(|| FileError::Other(Some("the month's data could not be prepared".into())));
        }
        if id == self.map_id {
            let map = match self.map.get() {
                Some(map) => map,
                None => {
                    let _scope = crate::typeset::timings::scope("wait for the map");
                    self.map.wait()
                }
            };
            return map.clone().ok_or_else(|| FileError::Other(Some("the month's map could not be drawn".into())));
        }
        // The month's own files: its logo.
        if id.root() == &VirtualRoot::Project && id.vpath().get_with_slash().starts_with("/data/") {
            return match self.month().and_then(|m| m.logo.as_ref()) {
                Some((path, bytes)) if id == project_file(path) => Ok(bytes.clone()),
                _ => Err(FileError::NotFound(id.vpath().get_without_slash().into())),
            };
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
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts::bundled().book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        // The map's lock is held only to find the slot: reading `/data.json` may wait for the
        // month, and parsing on one thread must not hold up another asking for another file.
        let slot = Arc::clone(lock(&self.sources).entry(id).or_default());
        slot.get_or_init(|| {
            self.file(id).and_then(|bytes| {
                let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
                Ok(Source::new(id, text.to_owned()))
            })
        })
        .clone()
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(bytes) = lock(&self.files).get(&id) {
            return bytes.clone();
        }
        let bytes = self.read(id);
        lock(&self.files).entry(id).or_insert(bytes).clone()
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts::bundled().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.month().map(|month| month.today)
    }
}

/// A lock on a cache of files read, even if a thread panicked while holding it: the caches
/// only ever gain whole entries.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn december() -> Month {
        Month { data: Bytes::new(b"{}".to_vec()), today: Datetime::from_ymd(2025, 12, 31).unwrap(), logo: None }
    }

    #[test]
    fn reading_the_data_waits_for_the_month() {
        let (world, sender) = FactsheetWorld::awaiting(Layouts::Embedded, crate::typeset::layouts::MAIN);
        std::thread::scope(|scope| {
            let reader = scope.spawn(|| (world.file(project_file(DATA_PATH)), world.today(None)));
            std::thread::sleep(std::time::Duration::from_millis(20));
            sender.send(december());
            let (data, today) = reader.join().unwrap();
            assert_eq!(data.unwrap().as_slice(), b"{}");
            assert_eq!(today, Datetime::from_ymd(2025, 12, 31));
        });
    }

    #[test]
    fn preloading_parses_every_layout_file_for_typst() {
        let (world, _sender) = FactsheetWorld::awaiting(Layouts::Embedded, crate::typeset::layouts::MAIN);
        world.preload();
        let typ = Layouts::Embedded.sources();
        assert_eq!(typ.first().map(String::as_str), Some(crate::typeset::layouts::MAIN));
        assert!(typ.iter().all(|p| p.ends_with(".typ")) && typ.len() >= 6, "{typ:?}");
        let parsed = lock(&world.sources);
        assert_eq!(parsed.len(), typ.len());
        assert!(parsed.values().all(|slot| matches!(slot.get(), Some(Ok(_)))));
    }

    #[test]
    fn a_month_that_never_comes_is_an_error_not_a_wait() {
        let (world, sender) = FactsheetWorld::awaiting(Layouts::Embedded, crate::typeset::layouts::MAIN);
        drop(sender);
        assert!(world.file(project_file(DATA_PATH)).is_err());
        assert!(world.source(project_file(DATA_PATH)).is_err());
        assert_eq!(world.today(None), None);
        // The layouts themselves are still there.
        assert!(world.source(world.main()).is_ok());
    }
}
