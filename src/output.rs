//! Writing results: through a temporary file beside the target, renamed into place, so that a
//! failed run never leaves half a file and never destroys the last good one; never over an
//! input of the run; devices and FIFOs written through, never replaced.
//!
//! Files are not synced to disk before the rename (nor does the typst CLI sync what it
//! writes): syncing took a millisecond of a 25 ms render on the development machine
//! (`python3` micro-benchmark of create, write, fsync and rename; and 300 renders, interleaved,
//! with and without it). What it guards against is a power cut within seconds of the render;
//! ext4, by default, writes a file renamed over another before the rename, so that even then
//! the old PDF or the new one is there.
//!
//! [`inspect`] reads a compiled document back as text, for checks and snapshots; [`png`]
//! encodes rasterised pages and the card; [`email`] writes the briefing that sends them;
//! [`workbook`] writes figures as an `.xlsx` workbook.

pub mod email;
pub mod inspect;
pub mod png;
pub mod workbook;

use std::io::Write;
use std::path::{Path, PathBuf};

/// Where a result goes: a file, or standard output for `-`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

impl Target {
    /// `-` is standard output; anything else a file path.
    pub fn from_arg(path: &Path) -> Target {
        if path == Path::new("-") { Target::Stdout } else { Target::File(path.to_owned()) }
    }

    /// The file for one page of several: `{p}` in the name is the page number, otherwise
    /// `-N` goes before the extension. A single page keeps the name as given.
    pub fn for_page(&self, page: usize, pages: usize) -> Target {
        match self {
            Target::Stdout => Target::Stdout,
            Target::File(path) => {
                let text = path.to_string_lossy();
                if text.contains("{p}") {
                    Target::File(PathBuf::from(text.replace("{p}", &page.to_string())))
                } else if pages == 1 {
                    self.clone()
                } else {
                    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                    let name = match path.extension() {
                        Some(ext) => format!("{stem}-{page}.{}", ext.to_string_lossy()),
                        None => format!("{stem}-{page}"),
                    };
                    Target::File(path.with_file_name(name))
                }
            }
        }
    }

    /// The default PDF beside a data file: `data/2025-12.json` → `data/2025-12.pdf`.
    pub fn beside(data: &Path, extension: &str) -> Target {
        Target::File(data.with_extension(extension))
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Target::Stdout => f.write_str("standard output"),
            Target::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// What to do about a closed standard output.
const CLOSED_HINT: &str =
    "run the command with its standard output open (a pipe or a file), or name a file to write with -o";

/// Whether standard output was closed when the process started.
static STDOUT_CLOSED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// On Linux, whether standard output is closed is read before Rust's runtime starts: the
/// runtime then opens `/dev/null` on a closed standard stream (so that no file the run opens
/// takes its number), which leaves nothing to tell it from a `/dev/null` given on purpose. A
/// function in `.init_array` runs first, as the C library starts the program.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static READ_STDOUT_AT_START: extern "C" fn() = {
    extern "C" fn read_stdout_at_start() {
        // SAFETY: F_GETFD only reads the descriptor's flags; it fails on a closed descriptor.
        if unsafe { libc::fcntl(1, libc::F_GETFD) } < 0 {
            STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
    read_stdout_at_start
};

/// Run first thing in `main`: makes sure it is known whether the process was started with
/// its standard output closed (`>&-`), so that writing the result there is an error rather
/// than a silent loss. On Linux that was read before the runtime started (see
/// [`READ_STDOUT_AT_START`]); elsewhere the runtime's `/dev/null`, opened read-write where a
/// shell's `> /dev/null` opens it write-only, is taken for a closed standard output.
#[cfg(all(unix, target_os = "linux"))]
pub fn guard_standard_streams() {}

#[cfg(all(unix, not(target_os = "linux")))]
pub fn guard_standard_streams() {
    use std::os::unix::fs::FileTypeExt;
    // SAFETY: F_GETFL only reads the descriptor's flags.
    let flags = unsafe { libc::fcntl(1, libc::F_GETFL) };
    let read_write = flags >= 0 && flags & libc::O_ACCMODE == libc::O_RDWR;
    let null = |meta: std::fs::Metadata| {
        use std::os::unix::fs::MetadataExt;
        let dev_null = std::fs::metadata("/dev/null").map(|n| n.rdev()).ok();
        meta.file_type().is_char_device() && Some(meta.rdev()) == dev_null
    };
    let on_null = std::fs::metadata("/dev/fd/1").map(null).unwrap_or(false);
    if flags < 0 || (read_write && on_null) {
        STDOUT_CLOSED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[cfg(not(unix))]
pub fn guard_standard_streams() {}

/// Why a result could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The output is one of the run's inputs (the data file, say): writing would destroy it.
    IsInput { input: PathBuf },
    /// The output names something that is neither a file nor a device to write through.
    NotAFile { what: &'static str },
    /// The output is an existing file that is not what this command writes (a workbook or a
    /// month's data under `-o`, say): replacing it would lose it.
    NotOurs { what: &'static str },
    /// `convert` does not replace an existing file: what it writes starts a new one.
    Exists,
    /// A pipe, or the standard output, that no program reads.
    NoReader { what: &'static str, hint: &'static str },
    /// The system refused.
    Io(std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            WriteError::IsInput { input } => write!(
                f,
                "it is {}, which this run reads: writing there would destroy it\n  = hint: name another file to write",
                input.display()
            ),
            WriteError::NotAFile { what } => {
                write!(f, "it is {what}, not a file\n  = hint: give -o the path of a file to write")
            }
            WriteError::NotOurs { what } => write!(
                f,
                "it is an existing file that is not {what}: writing there would replace it\n  = hint: name a new file, or one this command wrote"
            ),
            WriteError::Exists => write!(
                f,
                "it exists, and convert does not replace a file\n  = hint: name a new file, or move the old one away first"
            ),
            WriteError::NoReader { what, hint } => write!(f, "{what}\n  = hint: {hint}"),
            WriteError::Io(e) => {
                use std::io::ErrorKind;
                let hint = match e.kind() {
                    ErrorKind::NotFound => "check that the folder exists, or name another path",
                    ErrorKind::NotADirectory => {
                        "a part of the path is a file, not a folder: name a path in a folder that exists"
                    }
                    ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                        "name a path in a folder you may write in"
                    }
                    ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
                        "free some room on the disk, or name a path on another disk"
                    }
                    ErrorKind::BrokenPipe => {
                        "the program reading the output stopped before its end: let it read all of it, or write to a file"
                    }
                    _ => {
                        "check that the folder exists, that you may write in it and that the disk has room, or name another path"
                    }
                };
                write!(f, "{e}\n  = hint: {hint}")
            }
        }
    }
}

impl std::error::Error for WriteError {}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> WriteError {
        WriteError::Io(e)
    }
}

/// Refuses a target that is one of `inputs`: compared as files when both exist (a link or
/// another spelling of the data file is still the data file), else by their absolute paths.
pub fn refuse_inputs(target: &Target, inputs: &[&Path]) -> Result<(), WriteError> {
    let Target::File(path) = target else { return Ok(()) };
    match inputs.iter().find(|input| same_place(path, input)) {
        Some(input) => Err(WriteError::IsInput { input: input.to_path_buf() }),
        None => Ok(()),
    }
}

/// Refuses to replace an existing regular file that does not start as `kinds` do (their first
/// bytes): a render writes over an earlier PDF or PNG, never over a workbook or a data file
/// named by mistake. A missing file, an empty one and a device are left to the write.
pub fn refuse_foreign(target: &Target, kinds: &[&[u8]], what: &'static str) -> Result<(), WriteError> {
    use std::io::Read;
    let Target::File(path) = target else { return Ok(()) };
    // Through links: a link is written through to the file it names (`/dev/stdout` too, when
    // the shell points it at a file), so that file is what would be replaced.
    let Ok(meta) = std::fs::metadata(path) else { return Ok(()) };
    if !meta.is_file() || meta.len() == 0 {
        return Ok(());
    }
    let longest = kinds.iter().map(|k| k.len()).max().unwrap_or(0) as u64;
    let mut start = Vec::new();
    let _ = std::fs::File::open(path).and_then(|f| f.take(longest).read_to_end(&mut start));
    if kinds.iter().any(|k| start.starts_with(k)) { Ok(()) } else { Err(WriteError::NotOurs { what }) }
}

/// Refuses an existing file of any kind: what `convert` writes is always new.
pub fn refuse_existing(target: &Target) -> Result<(), WriteError> {
    match target {
        Target::File(path) if std::fs::metadata(path).is_ok_and(|m| m.is_file()) => Err(WriteError::Exists),
        _ => Ok(()),
    }
}

/// The first bytes of a PDF and of a PNG.
pub const PDF_MAGIC: &[u8] = b"%PDF";
pub const PNG_MAGIC: &[u8] = b"\x89PNG";

/// What a path names, to tell two paths of one file apart from others in one look each (a
/// set of them, rather than every pair compared): the file when it exists, else the absolute
/// path. Two paths name the same place when their keys are equal, as [`same_place`] says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PlaceKey {
    File(u64, u64),
    Path(Option<PathBuf>),
}

pub fn place_key(path: &Path) -> PlaceKey {
    #[cfg(unix)]
    if let Ok(metadata) = std::fs::metadata(path) {
        use std::os::unix::fs::MetadataExt;
        return PlaceKey::File(metadata.dev(), metadata.ino());
    }
    PlaceKey::Path(std::path::absolute(path).ok())
}

/// Whether two paths name the same file: compared as files when both exist, else by their
/// absolute paths.
pub fn same_place(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => same_file(&a, &b),
        _ => std::path::absolute(a).ok() == std::path::absolute(b).ok(),
    }
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// Writes `bytes` to the target, atomically for files.
pub fn write(target: &Target, bytes: &[u8]) -> Result<(), WriteError> {
    write_all(&[(target.clone(), bytes)]).map_err(|(_, e)| e)
}

/// Writes several results all or nothing (the pages of a PNG export): each file is written to
/// a temporary beside it, and only once all are written are they renamed into place. Standard
/// output and devices are written through, last. A failure names the target it failed on.
pub fn write_all(outputs: &[(Target, &[u8])]) -> Result<(), (Target, WriteError)> {
    let mut staged = Vec::new();
    let mut through = Vec::new();
    for (target, bytes) in outputs {
        let at = |e: WriteError| (target.clone(), e);
        match target {
            Target::Stdout => through.push((target, Sink::Stdout, *bytes)),
            Target::File(path) => match destination(path).map_err(at)? {
                Destination::Replace(path) => staged.push((target, stage(&path, bytes).map_err(at)?, path)),
                Destination::Through(path) => through.push((target, Sink::Device(path), *bytes)),
            },
        }
    }
    for (target, file, path) in staged {
        file.persist(&path).map_err(|e| (target.clone(), WriteError::Io(e.error)))?;
    }
    for (target, sink, bytes) in through {
        sink.write(bytes).map_err(|e| (target.clone(), e))?;
    }
    Ok(())
}

/// Writes `bytes` to a file that must not exist yet (or through a device): a file another
/// writer puts there after the check, even in the moment before the rename, is left as it is
/// and this write is refused (tempfile's `persist_noclobber`: a link, which fails when the name
/// is taken, where a rename would replace).
pub fn write_new(target: &Target, bytes: &[u8]) -> Result<(), WriteError> {
    refuse_existing(target)?;
    match target {
        Target::Stdout => Sink::Stdout.write(bytes),
        Target::File(path) => match destination(path)? {
            Destination::Replace(path) => {
                let file = stage(&path, bytes)?;
                file.persist_noclobber(&path).map_err(|e| {
                    if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                        WriteError::Exists
                    } else {
                        WriteError::Io(e.error)
                    }
                })?;
                Ok(())
            }
            Destination::Through(path) => Sink::Device(path).write(bytes),
        },
    }
}

/// What writing to a path means.
enum Destination {
    /// A regular file (or none yet), replaced whole: the path of the file itself, a link
    /// followed to the file it names so that the link stays a link.
    Replace(PathBuf),
    /// A device or a FIFO, written through: it cannot be replaced, and a program may read it.
    Through(PathBuf),
}

fn destination(path: &Path) -> Result<Destination, WriteError> {
    if path.file_name().is_none() {
        return Err(WriteError::NotAFile { what: "a folder" });
    }
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        // Nothing there yet (a link to nothing is refused rather than followed out of sight).
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // A link, not a file another writer put there meanwhile.
            if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(WriteError::NotAFile { what: "a link to a file that does not exist" });
            }
            return Ok(Destination::Replace(path.to_owned()));
        }
        Err(e) => return Err(e.into()),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        let real = if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
            path.canonicalize()?
        } else {
            path.to_owned()
        };
        return Ok(Destination::Replace(real));
    }
    if kind.is_dir() {
        return Err(WriteError::NotAFile { what: "a folder" });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_fifo() {
            return Ok(Destination::Through(path.to_owned()));
        }
        if kind.is_socket() {
            return Err(WriteError::NotAFile { what: "a socket" });
        }
    }
    Err(WriteError::NotAFile { what: "a device" })
}

/// Writes `bytes` to a new temporary file beside `path`, with the permissions the result
/// should have: those of the file it replaces, else a new file's.
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, WriteError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".factsheet-").suffix(".tmp");
    #[cfg(unix)]
    {
        // A new file gets what the user's umask makes of 0666, as one made by `>` would.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    // tempfile's own message names the temporary file, which the user never asked for.
    let mut file = builder.tempfile_in(dir).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "there is no such folder".to_owned(),
            std::io::ErrorKind::PermissionDenied => "you may not write there".to_owned(),
            std::io::ErrorKind::NotADirectory => "it is not a folder".to_owned(),
            other => other.to_string(),
        };
        std::io::Error::new(e.kind(), format!("cannot create a file in {}: {reason}", dir.display()))
    })?;
    file.write_all(bytes)?;
    if let Ok(existing) = std::fs::metadata(path) {
        file.as_file().set_permissions(existing.permissions())?;
    }
    Ok(file)
}

/// A place written through rather than replaced.
enum Sink {
    Stdout,
    Device(PathBuf),
}

impl Sink {
    fn write(&self, bytes: &[u8]) -> Result<(), WriteError> {
        let mut file = match self {
            // A copy of the descriptor, so that a closed standard output is an error rather
            // than the silence of `std::io::stdout`, which takes a closed descriptor for a
            // reader that wants nothing.
            Sink::Stdout => {
                use std::os::fd::AsFd;
                if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) {
                    return Err(WriteError::NoReader { what: "standard output is closed", hint: CLOSED_HINT });
                }
                let fd = std::io::stdout()
                    .as_fd()
                    .try_clone_to_owned()
                    .map_err(|_| WriteError::NoReader { what: "standard output is closed", hint: CLOSED_HINT })?;
                std::fs::File::from(fd)
            }
            // `-o /dev/stdout` (or `/dev/fd/1`) is standard output under another name: closed,
            // it is the runtime's `/dev/null`, and writing there would lose the result.
            Sink::Device(path) if STDOUT_CLOSED.load(std::sync::atomic::Ordering::Relaxed) && names_stdout(path) => {
                return Err(WriteError::NoReader { what: "it is standard output, which is closed", hint: CLOSED_HINT });
            }
            Sink::Device(path) => open_through(path)?,
        };
        file.write_all(bytes)?;
        file.flush()?;
        Ok(())
    }
}

/// Whether a path names the process's standard output (`/dev/stdout`, `/dev/fd/1`,
/// `/proc/self/fd/1`), following links up to the descriptor itself.
fn names_stdout(path: &Path) -> bool {
    let descriptors = Path::new("/proc/self/fd").canonicalize().ok();
    let mut at = path.to_path_buf();
    for _ in 0..8 {
        if at.file_name().is_some_and(|n| n == "1")
            && at.parent().and_then(|p| p.canonicalize().ok()) == descriptors
            && descriptors.is_some()
        {
            return true;
        }
        match std::fs::read_link(&at) {
            Ok(next) => at = at.parent().unwrap_or(Path::new("/")).join(next),
            Err(_) => return false,
        }
    }
    false
}

/// Whether a path given on the command line ends with a separator, and so names a folder.
pub fn names_folder(path: &Path) -> bool {
    path.as_os_str().to_str().is_some_and(|p| p.len() > 1 && p.ends_with(std::path::MAIN_SEPARATOR))
}

/// Opens a device or FIFO for writing without waiting: a FIFO that no program reads is an
/// error at once rather than a wait for ever.
#[cfg(unix)]
fn open_through(path: &Path) -> Result<std::fs::File, WriteError> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new().write(true).custom_flags(libc::O_NONBLOCK).open(path).map_err(|e| {
        if e.raw_os_error() == Some(libc::ENXIO) {
            WriteError::NoReader {
                what: "no program is reading from it",
                hint: "start the program that reads it first, or name a file to write instead",
            }
        } else {
            e.into()
        }
    })?;
    set_blocking(&file)?;
    Ok(file)
}

/// Clears `O_NONBLOCK`, so that a reader slower than the writer is waited for.
#[cfg(unix)]
fn set_blocking(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = file.as_raw_fd();
    // SAFETY: fcntl on a descriptor this function's caller owns, with flags it read from it.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags < 0 || unsafe { libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(not(unix))]
fn open_through(path: &Path) -> Result<std::fs::File, WriteError> {
    Ok(std::fs::OpenOptions::new().write(true).open(path)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_of_the_system_gets_the_hint_of_its_kind() {
        use std::io::{Error, ErrorKind};
        let hint = |kind: ErrorKind| WriteError::Io(Error::from(kind)).to_string();
        assert!(hint(ErrorKind::StorageFull).contains("free some room on the disk"));
        assert!(hint(ErrorKind::BrokenPipe).contains("stopped before its end"));
        assert!(hint(ErrorKind::PermissionDenied).contains("a folder you may write in"));
        assert!(hint(ErrorKind::NotFound).contains("check that the folder exists"));
        assert!(hint(ErrorKind::Other).contains("the disk has room"));
    }

    #[test]
    fn default_output_sits_beside_the_data() {
        assert_eq!(
            Target::beside(Path::new("data/2025-12.json"), "pdf"),
            Target::File(PathBuf::from("data/2025-12.pdf"))
        );
        assert_eq!(Target::from_arg(Path::new("-")), Target::Stdout);
    }

    #[test]
    fn page_files_are_numbered() {
        let target = Target::File(PathBuf::from("out/dec.png"));
        assert_eq!(target.for_page(2, 2), Target::File(PathBuf::from("out/dec-2.png")));
        assert_eq!(target.for_page(1, 1), target);
        let template = Target::File(PathBuf::from("p{p}.png"));
        assert_eq!(template.for_page(1, 2), Target::File(PathBuf::from("p1.png")));
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary() {
        let dir = std::env::temp_dir().join(format!("factsheet-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.pdf");
        write(&Target::File(path.clone()), b"one").unwrap();
        write(&Target::File(path.clone()), b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        // A target in a missing folder fails and leaves nothing behind.
        assert!(write(&Target::File(dir.join("missing/x.pdf")), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A fresh folder for one test.
    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("factsheet-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions_and_a_link_stays_a_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = folder("perms");
        let path = dir.join("private.pdf");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        write(&Target::File(path.clone()), b"new").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let link = dir.join("latest.pdf");
        std::os::unix::fs::symlink("private.pdf", &link).unwrap();
        write(&Target::File(link.clone()), b"newer").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&path).unwrap(), b"newer");
        // A link to nothing is not followed out of sight.
        std::os::unix::fs::symlink("/nonexistent/x.pdf", dir.join("dangling.pdf")).unwrap();
        assert!(write(&Target::File(dir.join("dangling.pdf")), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_through_and_never_replaced() {
        use std::os::unix::fs::FileTypeExt;
        write(&Target::File(PathBuf::from("/dev/null")), b"x").unwrap();
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
        let dir = folder("fifo");
        let fifo = dir.join("pipe");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        // No reader: an error at once, not a wait.
        let error = write(&Target::File(fifo.clone()), b"x").unwrap_err().to_string();
        assert!(error.contains("no program is reading"), "{error}");
        assert!(error.contains("hint: start the program that reads it first"), "{error}");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
        assert!(write(&Target::File(dir.clone()), b"x").unwrap_err().to_string().contains("a folder"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_input_is_never_an_output() {
        let dir = folder("input");
        let data = dir.join("month.json");
        std::fs::write(&data, b"{}").unwrap();
        let other_spelling = dir.join(".").join("month.json");
        let refused = refuse_inputs(&Target::File(other_spelling), &[data.as_path()]);
        assert!(matches!(refused, Err(WriteError::IsInput { .. })), "{refused:?}");
        assert!(refuse_inputs(&Target::File(dir.join("month.pdf")), &[data.as_path()]).is_ok());
        assert!(refuse_inputs(&Target::Stdout, &[data.as_path()]).is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_longest_file_name_and_many_writers_at_once() {
        let dir = folder("names");
        let long = dir.join("x".repeat(251) + ".pdf");
        write(&Target::File(long.clone()), b"long").unwrap();
        assert_eq!(std::fs::read(&long).unwrap(), b"long");
        let path = dir.join("same.pdf");
        std::thread::scope(|scope| {
            for i in 0..8u8 {
                let path = &path;
                scope.spawn(move || write(&Target::File(path.clone()), &[i; 1000]).unwrap());
            }
        });
        assert_eq!(std::fs::read(&path).unwrap().len(), 1000);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2, "no temporary left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_file_of_another_kind_is_refused_like_the_file() {
        let dir = folder("foreign-link");
        let notes = dir.join("notes.txt");
        std::fs::write(&notes, b"precious notes").unwrap();
        let link = dir.join("out.pdf");
        std::os::unix::fs::symlink("notes.txt", &link).unwrap();
        let refused = refuse_foreign(&Target::File(link.clone()), &[PDF_MAGIC], "a PDF");
        assert!(matches!(refused, Err(WriteError::NotOurs { .. })), "{refused:?}");
        assert!(matches!(refuse_existing(&Target::File(link)), Err(WriteError::Exists)));
        std::fs::write(&notes, b"%PDF-1.7").unwrap();
        assert!(refuse_foreign(&Target::File(dir.join("out.pdf")), &[PDF_MAGIC], "a PDF").is_ok());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn several_files_are_written_all_or_none() {
        let dir = folder("all-or-none");
        let first = dir.join("page-1.png");
        std::fs::write(&first, b"old").unwrap();
        let outputs =
            [(Target::File(first.clone()), &b"new"[..]), (Target::File(dir.join("missing/page-2.png")), &b"new"[..])];
        assert!(write_all(&outputs).is_err());
        assert_eq!(std::fs::read(&first).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
