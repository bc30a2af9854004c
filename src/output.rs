//! Writing results: through a temporary file beside the target, renamed into place, so that a
//! failed run never leaves half a file and never destroys the last good one.

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

/// Writes `bytes` to the target, atomically for files.
pub fn write(target: &Target, bytes: &[u8]) -> std::io::Result<()> {
    match target {
        Target::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()
        }
        Target::File(path) => write_atomic(path, bytes),
    }
}

fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the output path names no file")
    })?;
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_output_sits_beside_the_data() {
        assert_eq!(
            Target::beside(Path::new("data/2025-12.json"), "pdf"),
            Target::File(PathBuf::from("data/2025-12.pdf"))
        );
        assert_eq!(Target::from_arg(Path::new("-")), Target::Stdout);
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
}
