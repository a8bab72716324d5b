//! The file operations the guest gets on its mounts ([`FsHost`]): each path is first decided by
//! [`MountTable::resolve`] (the policy, in [`crate::policy::fs`]), then acted on in one step
//! beneath the mount's root, so a host process swapping a directory for a symlink between the
//! check and the act cannot make it act outside the mount: files are opened with
//! `openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS)` from a descriptor of
//! the root, and directory operations open the entry's parent directory that way and act on the
//! name in it (`mkdirat`, `unlinkat`, `renameat`, `fstatat(AT_SYMLINK_NOFOLLOW)`, `fdopendir`).
//! The checked path has no symlinks (`resolve` resolved them), so one found at the act appeared
//! since the check, and the operation is refused with `PermissionError`.

use std::ffi::{CStr, CString, OsStr};
use std::fs;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use crate::policy::fs::{io_kind, join_guest, Access, MountTable};
use crate::policy::{PolicyError, PolicyErrorKind};

/// Wraps an I/O error with the guest path (never the host path, which the guest should
/// not learn).
pub(crate) fn io_err(guest_path: &str, e: &io::Error) -> PolicyError {
    let kind = io_kind(e);
    // CPython's strerror wording, so `print(e)` reads as it would there.
    let what = match kind {
        PolicyErrorKind::NotFound => "No such file or directory".to_string(),
        PolicyErrorKind::PermissionDenied => "Permission denied by the host file system".to_string(),
        PolicyErrorKind::AlreadyExists => "File exists".to_string(),
        PolicyErrorKind::IsADirectory => "Is a directory".to_string(),
        PolicyErrorKind::NotADirectory => "Not a directory".to_string(),
        // Opening a FIFO for writing with no reader (O_NONBLOCK).
        _ if e.raw_os_error() == Some(libc::ENXIO) => "[Errno 6] No such device or address".to_string(),
        _ => e.kind().to_string(),
    };
    PolicyError::new(kind, format!("{what}: '{guest_path}'"))
}

/// Result of [`FsHost::stat`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FileStat {
    pub size: u64,
    pub is_dir: bool,
    pub is_file: bool,
    /// Seconds since the Unix epoch, if the host file system reports it.
    pub mtime: Option<f64>,
}

/// The file operations offered to the guest; every path goes through [`MountTable::resolve`].
#[derive(Debug, Clone)]
pub struct FsHost {
    table: MountTable,
    /// Largest file `read_file` returns (it has to fit in the guest's memory).
    pub max_read_bytes: u64,
    /// Largest size a file may reach through `write_file` (protects host disk).
    pub max_file_bytes: u64,
}

impl FsHost {
    pub const DEFAULT_MAX_READ_BYTES: u64 = 16 << 20;
    pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 << 20;

    #[must_use]
    pub fn new(table: MountTable) -> Self {
        Self { table, max_read_bytes: Self::DEFAULT_MAX_READ_BYTES, max_file_bytes: Self::DEFAULT_MAX_FILE_BYTES }
    }

    #[must_use]
    pub fn table(&self) -> &MountTable {
        &self.table
    }

    /// Reads a whole file, refusing files larger than `max_read_bytes`.
    ///
    /// # Errors
    /// Policy refusals, `IsADirectory`, `NotFound`, `LimitExceeded`, `Io`.
    pub fn read_file(&self, path: &str) -> Result<Vec<u8>, PolicyError> {
        let host = self.table.resolve(path, Access::Read)?;
        // A directory is refused on the opened descriptor (`IsADirectory`).
        let f = self.open_beneath(&host, libc::O_RDONLY, path)?;
        // Read through a cap rather than trusting metadata: the file may grow meanwhile.
        let mut buf = Vec::new();
        f.take(self.max_read_bytes + 1).read_to_end(&mut buf).map_err(|e| io_err(path, &e))?;
        if buf.len() as u64 > self.max_read_bytes {
            return Err(PolicyError::limit(format!(
                "'{path}': file is larger than the {} byte read limit",
                self.max_read_bytes
            )));
        }
        Ok(buf)
    }

    /// Writes (truncating) or appends `data`, creating the file if needed.
    ///
    /// # Errors
    /// Policy refusals (including read-only mounts), `IsADirectory`, `NotFound` (missing
    /// parent), `LimitExceeded` past `max_file_bytes`, `Io`.
    pub fn write_file(&self, path: &str, data: &[u8], append: bool) -> Result<(), PolicyError> {
        self.write_with(path, data, append, false)
    }

    /// Creates `path` with `data`, failing with `AlreadyExists` if anything exists there
    /// (`open(path, 'x')`), in one step (`O_CREAT | O_EXCL`).
    ///
    /// # Errors
    /// As [`FsHost::write_file`], and `AlreadyExists`.
    pub fn create_new(&self, path: &str, data: &[u8]) -> Result<(), PolicyError> {
        self.write_with(path, data, false, true)
    }

    fn write_with(&self, path: &str, data: &[u8], append: bool, exclusive: bool) -> Result<(), PolicyError> {
        let host = self.table.resolve(path, Access::Write)?;
        let over = |final_size: u64| {
            PolicyError::limit(format!(
                "'{path}': file would be {final_size} bytes, over the {} byte limit",
                self.max_file_bytes
            ))
        };
        let len = data.len() as u64;
        let mut f = if append {
            // The size that counts is the opened file's; a missing file is created only if the
            // data alone fits.
            match self.open_beneath(&host, libc::O_WRONLY | libc::O_APPEND, path) {
                Err(e) if e.kind == PolicyErrorKind::NotFound && len > self.max_file_bytes => return Err(over(len)),
                Err(e) if e.kind == PolicyErrorKind::NotFound => {
                    self.open_beneath(&host, libc::O_WRONLY | libc::O_APPEND | libc::O_CREAT, path)?
                }
                other => other?,
            }
        } else {
            if len > self.max_file_bytes {
                return Err(over(len));
            }
            let excl = if exclusive { libc::O_EXCL } else { 0 };
            self.open_beneath(&host, libc::O_WRONLY | libc::O_CREAT | excl, path)?
        };
        if append {
            let existing = f.metadata().map_err(|e| io_err(path, &e))?.len();
            if existing.saturating_add(len) > self.max_file_bytes {
                return Err(over(existing.saturating_add(len)));
            }
        } else {
            // Truncated only once it is known to be a regular file (not at open, O_TRUNC).
            f.set_len(0).map_err(|e| io_err(path, &e))?;
        }
        f.write_all(data).map_err(|e| io_err(path, &e))
    }

    /// Writes `data` at `offset` in an existing file, in place (no truncation; a gap reads
    /// as zeros), as `r+`/`w+` files flush what changed.
    ///
    /// # Errors
    /// As [`FsHost::write_file`].
    pub fn write_at(&self, path: &str, data: &[u8], offset: u64) -> Result<(), PolicyError> {
        use std::os::unix::fs::FileExt;
        let host = self.table.resolve(path, Access::Write)?;
        let f = self.open_beneath(&host, libc::O_WRONLY, path)?;
        let existing = f.metadata().map_err(|e| io_err(path, &e))?.len();
        let final_size = existing.max(offset.saturating_add(data.len() as u64));
        if final_size > self.max_file_bytes {
            return Err(PolicyError::limit(format!(
                "'{path}': file would be {final_size} bytes, over the {} byte limit",
                self.max_file_bytes
            )));
        }
        f.write_all_at(data, offset).map_err(|e| io_err(path, &e))
    }

    /// Cuts a file to `size` bytes (or extends it with zeros).
    ///
    /// # Errors
    /// As [`FsHost::write_file`].
    pub fn truncate(&self, path: &str, size: u64) -> Result<(), PolicyError> {
        let host = self.table.resolve(path, Access::Write)?;
        if size > self.max_file_bytes {
            return Err(PolicyError::limit(format!(
                "'{path}': file would be {size} bytes, over the {} byte limit",
                self.max_file_bytes
            )));
        }
        let f = self.open_beneath(&host, libc::O_WRONLY, path)?;
        f.set_len(size).map_err(|e| io_err(path, &e))
    }

    /// Renames `src` to `dst` with `rename(2)`, as POSIX (and CPython's `os.rename`/`replace`)
    /// do: an existing `dst` file is replaced, renaming a file onto itself does nothing, a
    /// directory moves whole. Both must be in the same mount (else `CrossDevice`, as between
    /// two file systems); nothing is ever copied and deleted.
    ///
    /// # Errors
    /// Policy refusals (read-only, mount point, outside mounts), `CrossDevice`, `NotFound`,
    /// `IsADirectory`/`NotADirectory`, `Io`.
    pub fn rename(&self, src: &str, dst: &str) -> Result<(), PolicyError> {
        let from = self.table.resolve(src, Access::Delete)?;
        let to = self.table.resolve(dst, Access::Create)?;
        if self.table.mount_point(src)? != self.table.mount_point(dst)? {
            return Err(PolicyError::new(
                PolicyErrorKind::CrossDevice,
                format!("Invalid cross-device link: '{src}' -> '{dst}' (different mounts)"),
            ));
        }
        let root = self.root_of(&from, src)?;
        let (from, to) = (Entry::beneath(root, &from, src)?, Entry::beneath(self.root_of(&to, dst)?, &to, dst)?);
        // SAFETY: valid descriptors and NUL-terminated names.
        let rc =
            unsafe { libc::renameat(from.dir.as_raw_fd(), from.name.as_ptr(), to.dir.as_raw_fd(), to.name.as_ptr()) };
        if rc == 0 {
            return Ok(());
        }
        Err(io::Error::last_os_error()).map_err(|e| {
            let mut err = io_err(src, &e);
            err.message = format!("{}: '{src}' -> '{dst}'", err.message.rsplit_once(": '").map_or("", |(w, _)| w));
            err
        })
    }

    /// Opens a path [`MountTable::resolve`] returned, beneath its mount's root in one step.
    fn open_beneath(&self, host: &Path, flags: i32, guest: &str) -> Result<fs::File, PolicyError> {
        open_regular(self.root_of(host, guest)?, host, flags, guest)
    }

    /// The canonical root of the mount a path [`MountTable::resolve`] returned lies in.
    fn root_of(&self, host: &Path, guest: &str) -> Result<&Path, PolicyError> {
        self.table
            .host_root_of(host)
            .ok_or_else(|| PolicyError::denied(format!("Permission denied: '{guest}' is not inside any mount")))
    }

    /// Sorted entry names of a directory. Strict ancestors of mount points (e.g. `/`)
    /// list the mount points below them.
    ///
    /// # Errors
    /// Policy refusals, `NotADirectory`, `NotFound`, `Io`.
    pub fn list_dir(&self, path: &str) -> Result<Vec<String>, PolicyError> {
        let components = self.table.normalize(path)?;
        let virt = self.table.virtual_children(&components);
        if !virt.is_empty() && !has_host_dir(&self.table, &components) {
            return Ok(virt);
        }
        let host = self.table.resolve(path, Access::List)?;
        let root = self.root_of(&host, path)?;
        // A directory of an outer mount also shows the mount points nested below it.
        let mut names = virt;
        names.extend(list_beneath(root, &host, path)?);
        names.sort_unstable();
        names.dedup();
        Ok(names)
    }

    /// Size, type and modification time (symlinks are followed, after the escape check).
    ///
    /// # Errors
    /// Policy refusals, `NotFound`, `Io`.
    pub fn stat(&self, path: &str) -> Result<FileStat, PolicyError> {
        let components = self.table.normalize(path)?;
        if !self.table.virtual_children(&components).is_empty() && !has_host_dir(&self.table, &components) {
            return Ok(FileStat { size: 0, is_dir: true, is_file: false, mtime: None });
        }
        let host = self.table.resolve(path, Access::Read)?;
        let st = stat_beneath(self.root_of(&host, path)?, &host, path)?;
        #[allow(clippy::cast_precision_loss, reason = "seconds since 1970 as a float, as Python has them")]
        let mtime = (st.st_mtime >= 0).then(|| st.st_mtime as f64 + st.st_mtime_nsec as f64 / 1e9);
        Ok(FileStat {
            size: u64::try_from(st.st_size).unwrap_or(0),
            is_dir: st.st_mode & libc::S_IFMT == libc::S_IFDIR,
            is_file: st.st_mode & libc::S_IFMT == libc::S_IFREG,
            mtime,
        })
    }

    /// Whether `path` exists. Like Python's `os.path.exists`, paths the policy refuses
    /// (outside mounts, escapes, malformed) report `false` instead of an error.
    ///
    /// # Errors
    /// Only unexpected host I/O failures.
    pub fn exists(&self, path: &str) -> Result<bool, PolicyError> {
        match self.stat(path) {
            Ok(_) => Ok(true),
            Err(e)
                if matches!(
                    e.kind,
                    PolicyErrorKind::NotFound
                        | PolicyErrorKind::PermissionDenied
                        | PolicyErrorKind::InvalidPath
                        | PolicyErrorKind::NotADirectory
                ) =>
            {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// Removes a file, symlink or empty directory.
    ///
    /// # Errors
    /// Policy refusals (read-only, mount point), `NotFound`, `Io` (e.g. directory not empty).
    pub fn remove(&self, path: &str) -> Result<(), PolicyError> {
        let host = self.table.resolve(path, Access::Delete)?;
        let entry = Entry::beneath(self.root_of(&host, path)?, &host, path)?;
        // The entry in its (opened) parent: a file or symlink is unlinked, a directory removed
        // if empty; whatever it has become since the check, nothing outside is touched.
        // SAFETY: a valid descriptor and NUL-terminated name.
        let mut rc = unsafe { libc::unlinkat(entry.dir.as_raw_fd(), entry.name.as_ptr(), 0) };
        if rc != 0 && io::Error::last_os_error().raw_os_error() == Some(libc::EISDIR) {
            // SAFETY: as above.
            rc = unsafe { libc::unlinkat(entry.dir.as_raw_fd(), entry.name.as_ptr(), libc::AT_REMOVEDIR) };
        }
        if rc == 0 {
            Ok(())
        } else {
            Err(io_err(path, &io::Error::last_os_error()))
        }
    }

    /// Creates a directory (and its missing parents if `parents`).
    ///
    /// # Errors
    /// Policy refusals, `AlreadyExists` (unless `parents`), `NotFound` (missing parent), `Io`.
    pub fn mkdir(&self, path: &str, parents: bool) -> Result<(), PolicyError> {
        let host = self.table.resolve(path, Access::Create)?;
        let root = self.root_of(&host, path)?;
        if !parents {
            let entry = Entry::beneath(root, &host, path)?;
            return mkdir_at(&entry.dir, &entry.name, path);
        }
        // One level at a time from the root, each opened beneath the one above.
        let rel = relative(root, &host, path)?;
        let parts: Vec<&OsStr> = rel.iter().collect();
        let mut dir = open_root(root, path)?;
        for (i, part) in parts.iter().enumerate() {
            let name = cstr(Path::new(part))?;
            match mkdir_at(&dir, &name, path) {
                Ok(()) => {}
                Err(e) if e.kind == PolicyErrorKind::AlreadyExists => {
                    if i + 1 == parts.len() {
                        // As `os.makedirs(exist_ok=True)`: an existing directory is fine.
                        let st = stat_at(&dir, &name, path)?;
                        return if st.st_mode & libc::S_IFMT == libc::S_IFDIR { Ok(()) } else { Err(e) };
                    }
                }
                Err(e) => return Err(e),
            }
            if i + 1 < parts.len() {
                dir = openat2_beneath(&dir, &name, libc::O_PATH | libc::O_DIRECTORY, path)?;
            }
        }
        Ok(())
    }
}

/// How every open beneath a mount root resolves: never above the descriptor it starts from,
/// through no symlink (the checked path has none left) and no `/proc` magic link.
const RESOLVE: u64 = libc::RESOLVE_BENEATH | libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_NO_MAGICLINKS;

fn cstr(p: &Path) -> Result<CString, PolicyError> {
    CString::new(p.as_os_str().as_bytes()).map_err(|_| PolicyError::invalid_path("invalid path: embedded NUL byte"))
}

/// `host` relative to `root` (empty for the root itself).
fn relative<'a>(root: &Path, host: &'a Path, guest: &str) -> Result<&'a Path, PolicyError> {
    host.strip_prefix(root)
        .map_err(|_| PolicyError::denied(format!("Permission denied: '{guest}' is not inside its mount")))
}

/// The refusal for a path that changed between the check and the act.
fn appeared(guest: &str) -> PolicyError {
    PolicyError::denied(format!("Permission denied: '{guest}': a symlink appeared in the path after it was checked"))
}

/// A descriptor (`O_PATH`) of a mount's root directory.
fn open_root(root: &Path, guest: &str) -> Result<OwnedFd, PolicyError> {
    let root_c = cstr(root)?;
    // SAFETY: a valid NUL-terminated path; the descriptor is owned right away.
    let fd = unsafe { libc::open(root_c.as_ptr(), libc::O_PATH | libc::O_DIRECTORY | libc::O_CLOEXEC) };
    if fd < 0 {
        return Err(io_err(guest, &io::Error::last_os_error()));
    }
    // SAFETY: just opened, owned by nobody else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `openat2(dir, rel, flags, RESOLVE)`; `O_CLOEXEC` is added, and mode 0666 with `O_CREAT`.
/// A symlink or escape on the way is refused ([`appeared`]); other errors are `io_err`'s.
/// Kernels without `openat2` (before Linux 5.6) get `ENOSYS` back, for the caller's fallback.
fn openat2_raw(dir: &OwnedFd, rel: &CStr, flags: i32) -> io::Result<OwnedFd> {
    let flags = flags | libc::O_CLOEXEC;
    // SAFETY: open_how is plain data; all-zero is its documented default.
    let mut how: libc::open_how = unsafe { std::mem::zeroed() };
    how.flags = u64::try_from(flags).unwrap_or(0);
    how.mode = if flags & libc::O_CREAT != 0 { 0o666 } else { 0 };
    how.resolve = RESOLVE;
    // SAFETY: valid descriptor, NUL-terminated path and a live open_how of the size passed.
    let fd = unsafe {
        libc::syscall(
            libc::SYS_openat2,
            dir.as_raw_fd(),
            rel.as_ptr(),
            std::ptr::from_ref(&how),
            std::mem::size_of::<libc::open_how>(),
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the kernel returned a new descriptor we now own.
    Ok(unsafe { OwnedFd::from_raw_fd(i32::try_from(fd).unwrap_or(-1)) })
}

fn beneath_err(guest: &str, e: &io::Error) -> PolicyError {
    match e.raw_os_error() {
        Some(libc::ELOOP | libc::EXDEV) => appeared(guest),
        _ => io_err(guest, e),
    }
}

/// Opens the single path component `name` (never `..`: it comes from a canonical path) in
/// `dir` with [`openat2_raw`]; without `openat2`, `openat(O_NOFOLLOW)` does the same for one
/// component.
fn openat2_beneath(dir: &OwnedFd, name: &CStr, flags: i32, guest: &str) -> Result<OwnedFd, PolicyError> {
    match openat2_raw(dir, name, flags) {
        Err(e) if e.raw_os_error() == Some(libc::ENOSYS) => {
            // SAFETY: a valid descriptor and NUL-terminated name.
            let fd =
                unsafe { libc::openat(dir.as_raw_fd(), name.as_ptr(), flags | libc::O_NOFOLLOW | libc::O_CLOEXEC) };
            if fd < 0 {
                return Err(beneath_err(guest, &io::Error::last_os_error()));
            }
            // SAFETY: a new descriptor we own.
            Ok(unsafe { OwnedFd::from_raw_fd(fd) })
        }
        other => other.map_err(|e| beneath_err(guest, &e)),
    }
}

/// Opens `host` (a path [`MountTable::resolve`] returned, below `root`) beneath `root` in one
/// step. Without `openat2`, falls back to `open(2)` of the checked path.
fn open_beneath_path(root: &Path, host: &Path, flags: i32, guest: &str) -> Result<OwnedFd, PolicyError> {
    let rel = relative(root, host, guest)?;
    let rel = if rel.as_os_str().is_empty() { Path::new(".") } else { rel };
    let root_fd = open_root(root, guest)?;
    match openat2_raw(&root_fd, &cstr(rel)?, flags) {
        Ok(fd) => Ok(fd),
        Err(e) if e.raw_os_error() == Some(libc::ENOSYS) => {
            let host_c = cstr(host)?;
            // SAFETY: a valid NUL-terminated path; the mode is used only with O_CREAT.
            let fd = unsafe { libc::open(host_c.as_ptr(), flags | libc::O_CLOEXEC, 0o666) };
            if fd < 0 {
                return Err(io_err(guest, &io::Error::last_os_error()));
            }
            // SAFETY: a new descriptor we own.
            Ok(unsafe { OwnedFd::from_raw_fd(fd) })
        }
        Err(e) => Err(beneath_err(guest, &e)),
    }
}

/// A directory entry of a mount, to act on in one step: its parent directory opened beneath
/// the mount root, and its name in that directory (`.` for the root itself).
struct Entry {
    dir: OwnedFd,
    name: CString,
}

impl Entry {
    fn beneath(root: &Path, host: &Path, guest: &str) -> Result<Self, PolicyError> {
        let rel = relative(root, host, guest)?;
        let (parent, name) = match (rel.parent(), rel.file_name()) {
            (Some(parent), Some(name)) => (parent, name),
            _ => (Path::new(""), OsStr::new(".")),
        };
        let dir = open_beneath_path(root, &root.join(parent), libc::O_PATH | libc::O_DIRECTORY, guest)?;
        Ok(Self { dir, name: cstr(Path::new(name))? })
    }
}

fn mkdir_at(dir: &OwnedFd, name: &CStr, guest: &str) -> Result<(), PolicyError> {
    // SAFETY: a valid descriptor and NUL-terminated name.
    if unsafe { libc::mkdirat(dir.as_raw_fd(), name.as_ptr(), 0o777) } == 0 {
        Ok(())
    } else {
        Err(io_err(guest, &io::Error::last_os_error()))
    }
}

/// `fstatat(dir, name, AT_SYMLINK_NOFOLLOW)`; a symlink there appeared after the check.
fn stat_at(dir: &OwnedFd, name: &CStr, guest: &str) -> Result<libc::stat, PolicyError> {
    let mut st = std::mem::MaybeUninit::<libc::stat>::zeroed();
    // SAFETY: a valid descriptor, NUL-terminated name and a stat buffer of the right size.
    if unsafe { libc::fstatat(dir.as_raw_fd(), name.as_ptr(), st.as_mut_ptr(), libc::AT_SYMLINK_NOFOLLOW) } != 0 {
        return Err(io_err(guest, &io::Error::last_os_error()));
    }
    // SAFETY: fstatat filled it in.
    let st = unsafe { st.assume_init() };
    if st.st_mode & libc::S_IFMT == libc::S_IFLNK {
        return Err(appeared(guest));
    }
    Ok(st)
}

/// The `stat` of a path [`MountTable::resolve`] returned, in one step beneath `root`.
/// Whether `components` is an existing directory inside a mount (as opposed to a strict
/// ancestor of mount points that exists only virtually).
fn has_host_dir(table: &MountTable, components: &[String]) -> bool {
    let guest = join_guest(components);
    table.mount_for(components).is_some()
        && table.resolve(&guest, Access::List).is_ok_and(|p| {
            table
                .host_root_of(&p)
                .and_then(|root| stat_beneath(root, &p, &guest).ok())
                .is_some_and(|st| st.st_mode & libc::S_IFMT == libc::S_IFDIR)
        })
}

fn stat_beneath(root: &Path, host: &Path, guest: &str) -> Result<libc::stat, PolicyError> {
    let entry = Entry::beneath(root, host, guest)?;
    stat_at(&entry.dir, &entry.name, guest)
}

/// The entry names of the directory `host` (a path [`MountTable::resolve`] returned), opened
/// beneath `root` in one step and read with `fdopendir`/`readdir`. Non-UTF-8 names cannot be
/// represented as guest `str`s; they are shown lossily rather than failing the listing.
fn list_beneath(root: &Path, host: &Path, guest: &str) -> Result<Vec<String>, PolicyError> {
    struct Dir(*mut libc::DIR);
    impl Drop for Dir {
        fn drop(&mut self) {
            // SAFETY: opened by fdopendir, closed once (also closes its descriptor).
            unsafe { libc::closedir(self.0) };
        }
    }
    let fd = open_beneath_path(root, host, libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NONBLOCK, guest)?;
    let raw = fd.into_raw_fd();
    // SAFETY: a directory descriptor we own; on success the DIR owns it.
    let dirp = unsafe { libc::fdopendir(raw) };
    if dirp.is_null() {
        let e = io::Error::last_os_error();
        // SAFETY: fdopendir failed, so the descriptor is still ours to close.
        unsafe { libc::close(raw) };
        return Err(io_err(guest, &e));
    }
    let dir = Dir(dirp);
    let mut names = Vec::new();
    loop {
        // SAFETY: errno is thread-local; cleared to tell the end from an error.
        unsafe { *libc::__errno_location() = 0 };
        // SAFETY: a live DIR used by this thread only.
        let ent = unsafe { libc::readdir(dir.0) };
        if ent.is_null() {
            let e = io::Error::last_os_error();
            if e.raw_os_error().is_some_and(|n| n != 0) {
                return Err(io_err(guest, &e));
            }
            break;
        }
        // SAFETY: readdir returned a live entry with a NUL-terminated name.
        let name = unsafe { CStr::from_ptr((*ent).d_name.as_ptr()) };
        if name.to_bytes() != b"." && name.to_bytes() != b".." {
            names.push(String::from_utf8_lossy(name.to_bytes()).into_owned());
        }
    }
    Ok(names)
}

/// Opens `host` (below `root`) in one step beneath `root`, without blocking, and only if it
/// is a regular file.
///
/// - `openat2(2)` from a descriptor of `root` with `RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS`:
///   `host` was checked by [`MountTable::resolve`] with every symlink resolved, so the path
///   has none; one that appears since (a host process swapping a directory for a symlink
///   between the check and the open) makes the open fail instead of leaving the mount.
/// - `O_NONBLOCK`: a FIFO (or a device) put in a mount by the host would otherwise block
///   `open()` or `read()` for as long as it likes, with the VM waiting inside the host call; it
///   has no effect on regular files. The type is checked on the opened descriptor (`fstat`).
///
/// Kernels without `openat2` (before Linux 5.6) fall back to `open(2)` of the checked path.
pub(crate) fn open_regular(root: &Path, host: &Path, flags: i32, guest: &str) -> Result<fs::File, PolicyError> {
    let fd = open_beneath_path(root, host, flags | libc::O_NONBLOCK | libc::O_NOCTTY, guest)?;
    let f = fs::File::from(fd);
    let meta = f.metadata().map_err(|e| io_err(guest, &e))?;
    if meta.is_dir() {
        return Err(PolicyError::new(PolicyErrorKind::IsADirectory, format!("Is a directory: '{guest}'")));
    }
    if !meta.is_file() {
        return Err(PolicyError::denied(format!(
            "Permission denied: '{guest}' is not a regular file (only regular files and directories can be opened)"
        )));
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::fs::Mount;
    use std::os::unix::fs::symlink;
    use std::path::PathBuf;

    struct Fixture {
        _tmp: tempfile::TempDir,
        outside: PathBuf,
        fs: FsHost,
    }

    /// /data -> ro dir with a.txt, sub/b.txt, escape links; /work -> rw dir.
    fn fixture() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let work = tmp.path().join("work");
        let outside = tmp.path().join("outside");
        for d in [&data, &work, &outside, &data.join("sub")] {
            fs::create_dir_all(d).unwrap();
        }
        fs::write(data.join("a.txt"), b"hello").unwrap();
        fs::write(data.join("sub/b.txt"), b"bee").unwrap();
        fs::write(outside.join("secret"), b"secret").unwrap();
        symlink(&outside, data.join("evil_dir")).unwrap();
        symlink(outside.join("secret"), data.join("evil_file")).unwrap();
        symlink(data.join("a.txt"), data.join("good_link")).unwrap();
        symlink(outside.join("secret"), work.join("evil_file")).unwrap();
        symlink(outside.join("not-yet"), work.join("dangling")).unwrap();
        let table = MountTable::new([Mount::read_only(&data, "/data"), Mount::writable(&work, "/work")]).unwrap();
        Fixture { _tmp: tmp, outside, fs: FsHost::new(table) }
    }

    fn kind<T: std::fmt::Debug>(r: Result<T, PolicyError>) -> PolicyErrorKind {
        r.unwrap_err().kind
    }

    #[test]
    fn table_validation() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path();
        for bad in ["data", "/data/", "/data/../x", "/./data", "//data", "/data//x", ""] {
            let e = MountTable::new([Mount::read_only(p, bad)]).unwrap_err();
            assert_eq!(e.kind, PolicyErrorKind::InvalidPath, "{bad}: {e}");
        }
        let e = MountTable::new([Mount::read_only(p, "/a"), Mount::read_only(p, "/a")]).unwrap_err();
        assert!(e.message.contains("duplicate"), "{e}");
        // Nested mount points are allowed: the longest prefix owns a path.
        MountTable::new([Mount::read_only(p, "/a"), Mount::read_only(p, "/a/b")]).unwrap();
        // Component-wise, so /a and /ab do not conflict.
        MountTable::new([Mount::read_only(p, "/a"), Mount::read_only(p, "/ab")]).unwrap();
        let e = MountTable::new([Mount::read_only(p.join("missing"), "/m")]).unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::NotFound);
    }

    #[test]
    fn nested_mounts_longest_prefix_wins() {
        let tmp = tempfile::tempdir().unwrap();
        let (outer, inner) = (tmp.path().join("outer"), tmp.path().join("inner"));
        fs::create_dir_all(outer.join("sub")).unwrap();
        fs::create_dir_all(&inner).unwrap();
        fs::write(outer.join("a.txt"), b"outer").unwrap();
        fs::write(inner.join("a.txt"), b"inner").unwrap();
        let fs_host = FsHost::new(
            MountTable::new([
                Mount::read_only(&outer, "/input"),
                Mount::writable(&inner, "/input/data"),
                Mount::read_only(&inner, "/input/x/y"),
            ])
            .unwrap(),
        );
        assert_eq!(fs_host.read_file("/input/a.txt").unwrap(), b"outer");
        assert_eq!(fs_host.read_file("/input/data/a.txt").unwrap(), b"inner");
        // The outer mount's listing shows its files and the mount points nested in it.
        assert_eq!(fs_host.list_dir("/input").unwrap(), ["a.txt", "data", "sub", "x"]);
        assert_eq!(fs_host.list_dir("/input/x").unwrap(), ["y"]);
        assert!(fs_host.stat("/input/x").unwrap().is_dir);
        // Each mount keeps its own mode, and `..` may not climb out of the inner mount.
        fs_host.write_file("/input/data/new.txt", b"n", false).unwrap();
        assert_eq!(fs::read(inner.join("new.txt")).unwrap(), b"n");
        assert_eq!(kind(fs_host.write_file("/input/b.txt", b"n", false)), PolicyErrorKind::PermissionDenied);
        assert_eq!(kind(fs_host.read_file("/input/data/../a.txt")), PolicyErrorKind::PermissionDenied);
        assert_eq!(kind(fs_host.remove("/input/data")), PolicyErrorKind::PermissionDenied);
    }

    #[test]
    fn reads_inside_mount() {
        let f = fixture();
        assert_eq!(f.fs.read_file("/data/a.txt").unwrap(), b"hello");
        assert_eq!(f.fs.read_file("/data/./sub/../a.txt").unwrap(), b"hello");
        assert_eq!(f.fs.read_file("data/sub/b.txt").unwrap(), b"bee", "relative paths are relative to /");
        assert_eq!(f.fs.read_file("/data/good_link").unwrap(), b"hello");
        assert_eq!(kind(f.fs.read_file("/data/nope")), PolicyErrorKind::NotFound);
        assert_eq!(kind(f.fs.read_file("/data/sub")), PolicyErrorKind::IsADirectory);
    }

    #[test]
    fn dotdot_and_outside_refused() {
        let f = fixture();
        let e = f.fs.read_file("/data/../etc/passwd").unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::PermissionDenied);
        assert_eq!(e.message, "Permission denied: '/data/../etc/passwd' escapes mount '/data'");
        // Even when it would land in another mount.
        assert!(f.fs.read_file("/data/../work/x").unwrap_err().message.contains("escapes mount '/data'"));
        assert!(f.fs.read_file("/data/sub/../../x").unwrap_err().message.contains("escapes"));
        assert!(f.fs.read_file("/..").unwrap_err().message.contains("above '/'"));
        let e = f.fs.read_file("/etc/passwd").unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::PermissionDenied);
        assert!(e.message.contains("not inside any mount"), "{e}");
        // Prefix match is component-wise.
        assert_eq!(kind(f.fs.read_file("/database/x")), PolicyErrorKind::PermissionDenied);
        assert_eq!(kind(f.fs.read_file("/data\0/a.txt")), PolicyErrorKind::InvalidPath);
        assert_eq!(kind(f.fs.read_file("")), PolicyErrorKind::InvalidPath);
    }

    #[test]
    fn symlink_escape_refused() {
        let f = fixture();
        for p in ["/data/evil_file", "/data/evil_dir/secret", "/data/evil_dir"] {
            let e = f.fs.read_file(p).unwrap_err();
            assert_eq!(e.kind, PolicyErrorKind::PermissionDenied, "{p}");
            assert!(e.message.contains("symlink out of mount '/data'"), "{e}");
        }
        assert_eq!(kind(f.fs.list_dir("/data/evil_dir")), PolicyErrorKind::PermissionDenied);
        // Writing a new file below an escaping dir link, or through one, is refused too.
        assert_eq!(kind(f.fs.write_file("/work/evil_file", b"x", false)), PolicyErrorKind::PermissionDenied);
        let e = f.fs.write_file("/work/dangling", b"x", false).unwrap_err();
        assert_eq!(e.kind, PolicyErrorKind::PermissionDenied, "{e}");
        assert!(!f.outside.join("not-yet").exists(), "dangling symlink must not be written through");
        assert_eq!(fs::read(f.outside.join("secret")).unwrap(), b"secret");
        // The error never shows the host path.
        assert!(!e.message.contains(&*f.outside.to_string_lossy()));
    }

    #[test]
    fn read_only_mount_refuses_writes() {
        let f = fixture();
        for r in [
            f.fs.write_file("/data/a.txt", b"x", false),
            f.fs.write_file("/data/new.txt", b"x", true),
            f.fs.mkdir("/data/d", false),
            f.fs.remove("/data/a.txt"),
        ] {
            let e = r.unwrap_err();
            assert_eq!(e.kind, PolicyErrorKind::PermissionDenied);
            assert!(e.message.contains("mount '/data' is read-only"), "{e}");
        }
        assert_eq!(f.fs.read_file("/data/a.txt").unwrap(), b"hello");
    }

    #[test]
    fn writable_mount_operations() {
        let f = fixture();
        f.fs.write_file("/work/x.txt", b"ab", false).unwrap();
        f.fs.write_file("/work/x.txt", b"cd", true).unwrap();
        assert_eq!(f.fs.read_file("/work/x.txt").unwrap(), b"abcd");
        f.fs.mkdir("/work/d/e", true).unwrap();
        assert_eq!(kind(f.fs.mkdir("/work/d", false)), PolicyErrorKind::AlreadyExists);
        assert_eq!(kind(f.fs.write_file("/work/nodir/x", b"", false)), PolicyErrorKind::NotFound);
        let st = f.fs.stat("/work/x.txt").unwrap();
        assert!(st.is_file && !st.is_dir && st.size == 4 && st.mtime.is_some());
        assert!(f.fs.stat("/work/d").unwrap().is_dir);
        assert_eq!(f.fs.list_dir("/work").unwrap(), ["d", "dangling", "evil_file", "x.txt"]);
        assert!(f.fs.exists("/work/x.txt").unwrap());
        assert!(!f.fs.exists("/work/missing").unwrap());
        assert!(!f.fs.exists("/etc/passwd").unwrap());
        // An escaping symlink is refused for every access, removal included (conservative:
        // one rule for all operations).
        assert_eq!(kind(f.fs.remove("/work/evil_file")), PolicyErrorKind::PermissionDenied);
        // Removing a symlink removes the link, not what it points to.
        symlink(
            f.fs.table().resolve("/work/x.txt", Access::Read).unwrap(),
            f.fs.table().resolve("/work/ln", Access::Create).unwrap(),
        )
        .unwrap();
        f.fs.remove("/work/ln").unwrap();
        assert_eq!(f.fs.read_file("/work/x.txt").unwrap(), b"abcd");
        f.fs.remove("/work/x.txt").unwrap();
        f.fs.remove("/work/d/e").unwrap();
        assert!(!f.fs.exists("/work/x.txt").unwrap());
        assert_eq!(kind(f.fs.remove("/work")), PolicyErrorKind::PermissionDenied);
        // The root lists mount points; the mount points stat as directories.
        assert_eq!(f.fs.list_dir("/").unwrap(), ["data", "work"]);
        assert!(f.fs.stat("/").unwrap().is_dir);
    }

    #[test]
    fn operations_act_beneath_the_root_with_the_usual_errors() {
        let f = fixture();
        // O_EXCL creation: once, then AlreadyExists (also for a directory or a symlink there).
        f.fs.create_new("/work/n.txt", b"1").unwrap();
        for p in ["/work/n.txt", "/work"] {
            assert_eq!(kind(f.fs.create_new(p, b"2")), PolicyErrorKind::AlreadyExists, "{p}");
        }
        assert_eq!(f.fs.read_file("/work/n.txt").unwrap(), b"1");
        // makedirs: existing directories are fine, a file on the way is not a directory.
        f.fs.mkdir("/work/a/b/c", true).unwrap();
        f.fs.mkdir("/work/a/b/c", true).unwrap();
        f.fs.mkdir("/work", true).unwrap();
        assert_eq!(kind(f.fs.mkdir("/work/n.txt", true)), PolicyErrorKind::AlreadyExists);
        assert_eq!(kind(f.fs.mkdir("/work/n.txt/x", true)), PolicyErrorKind::NotADirectory);
        assert_eq!(kind(f.fs.mkdir("/work", false)), PolicyErrorKind::AlreadyExists);
        // Listing a file, removing a non-empty directory, stat of the mount root.
        assert_eq!(kind(f.fs.list_dir("/work/n.txt")), PolicyErrorKind::NotADirectory);
        assert_eq!(kind(f.fs.remove("/work/a")), PolicyErrorKind::Io);
        assert!(f.fs.stat("/work").unwrap().is_dir);
        assert_eq!(f.fs.list_dir("/work/a").unwrap(), ["b"]);
        // A symlink inside the mount is followed by stat and listdir, removed itself by remove.
        symlink(
            f.fs.table().resolve("/work/a", Access::Read).unwrap(),
            f.fs.table().resolve("/work/ln", Access::Create).unwrap(),
        )
        .unwrap();
        assert!(f.fs.stat("/work/ln").unwrap().is_dir);
        assert_eq!(f.fs.list_dir("/work/ln").unwrap(), ["b"]);
        f.fs.rename("/work/ln", "/work/ln2").unwrap();
        f.fs.remove("/work/ln2").unwrap();
        assert!(f.fs.stat("/work/a/b/c").unwrap().is_dir);
        // Appending past the file limit to a missing file creates nothing.
        let mut small = f.fs.clone();
        small.max_file_bytes = 2;
        assert_eq!(kind(small.write_file("/work/big", b"123", true)), PolicyErrorKind::LimitExceeded);
        assert!(!f.fs.exists("/work/big").unwrap());
    }

    #[test]
    fn size_limits() {
        let mut f = fixture();
        f.fs.max_read_bytes = 4;
        assert_eq!(kind(f.fs.read_file("/data/a.txt")), PolicyErrorKind::LimitExceeded);
        f.fs.max_file_bytes = 3;
        assert_eq!(kind(f.fs.write_file("/work/y", b"1234", false)), PolicyErrorKind::LimitExceeded);
        f.fs.write_file("/work/y", b"12", false).unwrap();
        assert_eq!(kind(f.fs.write_file("/work/y", b"34", true)), PolicyErrorKind::LimitExceeded);
    }
}
