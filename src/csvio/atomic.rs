//! Atomic replacement of a file: write a temp file beside it, then rename it into place.
//!
//! Exports and backups go through here (zoxide's `util::write` does the same) so that a crash,
//! a full disk or Ctrl-C never leaves half a file under the real name: either the old file (or
//! none) is there, or the complete new one. The temp file lives in the target's directory
//! because a rename is only atomic within one file system.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context as _;

/// Large writes (a million-row export) should not cost a syscall per row.
const BUFFER_BYTES: usize = 256 * 1024;

/// A temp file that becomes `target` on [`commit`](AtomicFile::commit) and disappears if
/// dropped without it.
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    /// `None` only while committing.
    file: Option<BufWriter<File>>,
}

/// Makes temp names unique within the process; the pid makes them unique across processes.
static NEXT_TEMP: AtomicU64 = AtomicU64::new(0);

impl AtomicFile {
    /// Creates `.{name}.tmp-{pid}-{n}` in the directory of `path`; `path` itself is untouched.
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        let name = path
            .file_name()
            .with_context(|| crate::tr!("csv-not-a-file-name", path = &path.display()))?;
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if path.is_dir() {
            anyhow::bail!(crate::tr!(
                "csv-target-is-directory",
                path = &path.display()
            ));
        }
        loop {
            let n = NEXT_TEMP.fetch_add(1, Ordering::Relaxed);
            let temp = dir.join(format!(
                ".{}.tmp-{}-{n}",
                name.to_string_lossy(),
                std::process::id()
            ));
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(file) => {
                    return Ok(AtomicFile {
                        target: path.to_path_buf(),
                        temp,
                        file: Some(BufWriter::with_capacity(BUFFER_BYTES, file)),
                    });
                }
                // A leftover from a crashed run with a recycled pid: take the next number.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io_error(e, Doing::Create, dir, path)),
            }
        }
    }

    /// Where the data is being written until the commit (SQLite's backup API writes here).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// The final path.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The buffered writer of the temp file.
    pub fn writer(&mut self) -> &mut BufWriter<File> {
        self.file
            .as_mut()
            .expect("an AtomicFile has its file until commit")
    }

    /// Flushes and fsyncs the temp file now (so that other work can overlap the wait); the
    /// commit's own fsync then finds nothing left to write.
    pub fn sync(&mut self) -> anyhow::Result<()> {
        let (temp, target) = (self.temp.clone(), self.target.clone());
        let writer = self.writer();
        writer
            .flush()
            .map_err(|e| io_error(e, Doing::Write, &temp, &target))?;
        writer
            .get_ref()
            .sync_all()
            .map_err(|e| io_error(e, Doing::Write, &temp, &target))
    }

    /// Flushes, fsyncs the file, renames it over the target and fsyncs the directory, so the
    /// new file survives a power cut once this returns.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let writer = self.file.take().expect("commit runs once");
        let file = writer
            .into_inner()
            .map_err(|e| io_error(e.into_error(), Doing::Write, &self.temp, &self.target))?;
        file.sync_all()
            .map_err(|e| io_error(e, Doing::Write, &self.temp, &self.target))?;
        drop(file);
        fs::rename(&self.temp, &self.target)
            .map_err(|e| io_error(e, Doing::Rename, &self.target, &self.target))?;
        // The rename is done: from here on Drop must not remove anything.
        self.temp = PathBuf::new();
        sync_dir(&self.target);
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer().write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer().write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer().flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.temp.as_os_str().is_empty() {
            return;
        }
        // Close before removing (Windows cannot remove an open file); a failed write here is
        // of no interest since the file is thrown away.
        drop(self.file.take());
        let _ = fs::remove_file(&self.temp);
    }
}

/// Makes the rename durable. Best effort: some platforms and file systems cannot open or sync
/// a directory, and the data itself is already synced.
fn sync_dir(target: &Path) {
    #[cfg(unix)]
    {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = target;
}

/// What was being done to a path when an I/O error came.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Doing {
    /// Creating a file in a directory.
    Create,
    Write,
    /// Renaming the temp file onto the target.
    Rename,
}

impl Doing {
    /// `writing out.csv` / `写入 out.csv`.
    pub(crate) fn words(self, path: &Path) -> String {
        let path = &path.display();
        match self {
            Doing::Create => crate::tr!("csv-doing-create", path = path),
            Doing::Write => crate::tr!("csv-doing-write", path = path),
            Doing::Rename => crate::tr!("csv-doing-rename", path = path),
        }
    }
}

/// An I/O error that names the path and says what to do; the `io::Error` stays in the chain so
/// callers can still test its kind.
fn io_error(err: io::Error, doing: Doing, path: &Path, target: &Path) -> anyhow::Error {
    let doing = &doing.words(path);
    let target = &target.display();
    let msg = match err.kind() {
        io::ErrorKind::StorageFull => crate::tr!("csv-io-no-space", doing = doing, target = target),
        io::ErrorKind::PermissionDenied => {
            crate::tr!("csv-io-permission", doing = doing, target = target)
        }
        io::ErrorKind::NotFound => {
            crate::tr!("csv-io-no-directory", doing = doing, target = target)
        }
        _ => crate::tr!("csv-io-failed", doing = doing, target = target),
    };
    anyhow::Error::new(err).context(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch_dir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap()
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_the_target() {
        let tmp = scratch_dir();
        let dir = tmp.path();
        let target = dir.join("out.csv");
        fs::write(&target, "old").unwrap();
        let mut f = AtomicFile::create(&target).unwrap();
        assert!(f.temp_path().starts_with(dir));
        f.write_all(b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        f.commit().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(entries(dir), ["out.csv"]);
    }

    #[test]
    fn drop_without_commit_leaves_the_target_alone() {
        let tmp = scratch_dir();
        let dir = tmp.path();
        let target = dir.join("out.csv");
        fs::write(&target, "old").unwrap();
        {
            let mut f = AtomicFile::create(&target).unwrap();
            f.write_all(b"half a fi").unwrap();
            assert!(f.temp_path().exists());
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(entries(dir), ["out.csv"]);
    }

    #[test]
    fn errors_name_the_path() {
        let tmp = scratch_dir();
        let dir = tmp.path();
        let missing = dir.join("no/such/dir/out.csv");
        let err = AtomicFile::create(&missing).unwrap_err();
        assert!(format!("{err}").contains("does not exist"), "{err}");
        assert!(format!("{err}").contains("out.csv"), "{err}");
        let err = AtomicFile::create(dir).unwrap_err();
        assert!(format!("{err}").contains("is a directory"), "{err}");
    }
}
