//! The per-run writable `/output` directory, and collecting the files a run left there.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::fs::{io_err, open_regular};
use crate::policy::fs::Mount;
use crate::policy::{PolicyError, PolicyErrorKind};

/// The per-run writable `/output` directory; its files are returned to the caller.
#[derive(Debug)]
pub struct OutputDir {
    dir: tempfile::TempDir,
}

impl OutputDir {
    /// Where the guest sees it.
    pub const GUEST_PATH: &'static str = "/output";

    /// Creates a fresh, empty temporary directory (removed on drop).
    ///
    /// # Errors
    /// `Io` if the temporary directory cannot be created.
    pub fn new() -> Result<Self, PolicyError> {
        let dir = tempfile::Builder::new()
            .prefix("hlc-output-")
            .tempdir()
            .map_err(|e| PolicyError::new(PolicyErrorKind::Io, format!("cannot create output directory: {e}")))?;
        Ok(Self { dir })
    }

    /// The writable mount to add to the run's [`MountTable`].
    #[must_use]
    pub fn mount(&self) -> Mount {
        Mount::writable(self.dir.path(), Self::GUEST_PATH)
    }

    #[must_use]
    pub fn host_path(&self) -> &Path {
        self.dir.path()
    }

    /// Entries of `/output` looked at when collecting; a run that made more gets a note.
    pub const MAX_ENTRIES: usize = 10_000;

    /// The regular files under `/output` that fit: in path order, each file is returned if it
    /// fits what is left of `max_total_bytes` and fewer than `max_files` were taken; a file
    /// that does not fit is skipped (later, smaller ones may still be returned). Symlinks and
    /// special files are ignored (the guest cannot create them). At most [`Self::MAX_ENTRIES`]
    /// entries are looked at.
    ///
    /// # Errors
    /// `Io` when the directory cannot be read.
    pub fn collect_fitting(
        &self,
        max_files: usize,
        max_file_bytes: u64,
        max_total_bytes: u64,
    ) -> Result<Collected, PolicyError> {
        let mut found: Vec<(String, PathBuf, u64)> = Vec::new();
        let mut seen = 0usize;
        let mut stack = vec![(String::new(), self.dir.path().to_path_buf())];
        'walk: while let Some((prefix, dir)) = stack.pop() {
            let rd = fs::read_dir(&dir).map_err(|e| io_err(Self::GUEST_PATH, &e))?;
            for entry in rd {
                let entry = entry.map_err(|e| io_err(Self::GUEST_PATH, &e))?;
                seen += 1;
                if seen > Self::MAX_ENTRIES {
                    break 'walk;
                }
                let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
                let ft = entry.file_type().map_err(|e| io_err(Self::GUEST_PATH, &e))?;
                if ft.is_dir() {
                    stack.push((format!("{name}/"), entry.path()));
                } else if ft.is_file() {
                    let len = entry.metadata().map_err(|e| io_err(Self::GUEST_PATH, &e))?.len();
                    found.push((name, entry.path(), len));
                }
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = Collected { total: found.len(), entries_cut: seen > Self::MAX_ENTRIES, ..Collected::default() };
        let mut budget = max_total_bytes;
        for (name, path, len) in found {
            if out.files.len() >= max_files || len > budget || len > max_file_bytes {
                out.skipped.push(name);
                continue;
            }
            let guest = format!("{}/{name}", Self::GUEST_PATH);
            let Ok(f) = open_regular(self.dir.path(), &path, libc::O_RDONLY, &guest) else {
                out.skipped.push(name);
                continue;
            };
            let mut buf = Vec::new();
            // Capped read: the file could have grown since its size was read.
            f.take(budget + 1).read_to_end(&mut buf).map_err(|e| io_err(&guest, &e))?;
            if buf.len() as u64 > budget || buf.len() as u64 > max_file_bytes {
                out.skipped.push(name);
                continue;
            }
            budget -= buf.len() as u64;
            out.files.push((name, buf));
        }
        Ok(out)
    }
}

/// What [`OutputDir::collect_fitting`] found.
#[derive(Debug, Default)]
pub struct Collected {
    /// Returned files, `(relative/name, contents)`, in path order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Files not returned (over the limits), in path order.
    pub skipped: Vec<String>,
    /// Regular files found.
    pub total: usize,
    /// More than [`OutputDir::MAX_ENTRIES`] entries: the rest was not looked at.
    pub entries_cut: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::fs::FsHost;
    use crate::policy::fs::MountTable;

    #[test]
    fn output_dir_collect() {
        let out = OutputDir::new().unwrap();
        let fs_host = FsHost::new(MountTable::new([out.mount()]).unwrap());
        fs_host.write_file("/output/report.csv", b"a,b\n", false).unwrap();
        fs_host.mkdir("/output/plots", false).unwrap();
        fs_host.write_file("/output/plots/p.svg", b"<svg/>", false).unwrap();
        let c = out.collect_fitting(10, u64::MAX, 1000).unwrap();
        assert_eq!(
            c.files,
            vec![("plots/p.svg".to_string(), b"<svg/>".to_vec()), ("report.csv".to_string(), b"a,b\n".to_vec())]
        );
        assert!(c.skipped.is_empty() && c.total == 2);
        let c = out.collect_fitting(1, u64::MAX, 1000).unwrap();
        assert_eq!((c.files.len(), c.skipped.as_slice()), (1, &["report.csv".to_string()][..]));
        // The 6-byte file does not fit 5 bytes; the 4-byte one after it does.
        let c = out.collect_fitting(10, u64::MAX, 5).unwrap();
        assert_eq!(c.files, vec![("report.csv".to_string(), b"a,b\n".to_vec())]);
        assert_eq!(c.skipped, ["plots/p.svg"]);
        let host = out.host_path().to_path_buf();
        drop(out);
        assert!(!host.exists(), "output dir is removed on drop");
    }
}
