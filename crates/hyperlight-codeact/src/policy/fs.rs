//! `file_mounts`: the guest's view of host directories, enforced on the host.
//!
//! A [`MountTable`] maps absolute guest paths (`/data`) onto canonical host directories.
//! [`MountTable::resolve`] is the single gate every guest path goes through:
//!
//! 1. Relative guest paths are taken relative to `/` (the guest's working directory is
//!    `/`), so `data/x.csv` means `/data/x.csv`.
//! 2. The path is normalized lexically. A `..` that would climb out of the mount it is
//!    in is refused outright (even if the result would land in another mount), so
//!    `/data/../etc/passwd` is an error that names the escape rather than a silent miss.
//! 3. The longest mount whose guest path is a component-wise prefix is chosen (mounts may
//!    nest: `/input` and `/input/data` are two mounts, and `/input/data/x` is in the
//!    second); no mount means `PermissionDenied`.
//! 4. The deepest existing ancestor on the host is canonicalized (following symlinks)
//!    and must still lie inside the mount's canonical root; a dangling symlink is
//!    refused because writing through it would create a file wherever it points.
//! 5. Write/Create/Delete need a writable mount.
//!
//! The guest cannot create symlinks (no operation does), so any symlink was put there by the
//! host. `resolve` checks a path and names why it is refused; it reads the host file system
//! (to resolve symlinks) but changes nothing. The operations themselves are
//! [`crate::exec::fs::FsHost`]'s, which act beneath the mount root on the checked path, and
//! [`crate::exec::output::OutputDir`] is the per-run writable `/output`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{PolicyError, PolicyErrorKind};

/// Longest guest path accepted; guards against pathological inputs (`PATH_MAX` on Linux).
const MAX_GUEST_PATH: usize = 4096;

/// One `file_mounts` entry: `host_path` appears in the guest at `guest_path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub host_path: PathBuf,
    pub guest_path: String,
    pub writable: bool,
}

impl Mount {
    /// A read-only mount.
    pub fn read_only(host_path: impl Into<PathBuf>, guest_path: impl Into<String>) -> Self {
        Self { host_path: host_path.into(), guest_path: guest_path.into(), writable: false }
    }

    /// A writable mount.
    pub fn writable(host_path: impl Into<PathBuf>, guest_path: impl Into<String>) -> Self {
        Self { host_path: host_path.into(), guest_path: guest_path.into(), writable: true }
    }
}

/// What the caller intends to do with a resolved path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    Create,
    Delete,
    List,
}

impl Access {
    fn mutates(self) -> bool {
        matches!(self, Self::Write | Self::Create | Self::Delete)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ResolvedMount {
    /// Normalized guest mount point, e.g. `/data` (or `/`).
    guest: String,
    /// Its components, for component-wise prefix matching (`/data` is not a prefix of
    /// `/database`).
    components: Vec<String>,
    /// Canonical host root.
    host_root: PathBuf,
    writable: bool,
}

/// The validated set of mounts; see the module docs for the resolution rules.
#[derive(Debug, Clone, Default)]
pub struct MountTable {
    /// Sorted by descending depth so the first match is the longest prefix: with nested
    /// mounts the innermost one owns a path.
    mounts: Vec<ResolvedMount>,
}

/// Splits a guest path into components after the `//`/`.` cleanup, without touching `..`.
fn raw_components(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|c| !c.is_empty() && *c != ".")
}

pub(crate) fn join_guest(components: &[String]) -> String {
    if components.is_empty() {
        "/".to_string()
    } else {
        let mut s = String::new();
        for c in components {
            s.push('/');
            s.push_str(c);
        }
        s
    }
}

fn is_prefix(prefix: &[String], path: &[String]) -> bool {
    prefix.len() <= path.len() && prefix.iter().zip(path).all(|(a, b)| a == b)
}

fn check_path_syntax(path: &str) -> Result<(), PolicyError> {
    if path.is_empty() {
        return Err(PolicyError::invalid_path("invalid path: empty path"));
    }
    if path.contains('\0') {
        return Err(PolicyError::invalid_path("invalid path: embedded NUL byte"));
    }
    if path.len() > MAX_GUEST_PATH {
        return Err(PolicyError::invalid_path(format!("invalid path: longer than {MAX_GUEST_PATH} bytes")));
    }
    Ok(())
}

impl MountTable {
    /// Validates and canonicalizes `mounts`.
    ///
    /// # Errors
    /// `InvalidPath` if a guest path is not absolute and normalized (no `.`, `..`, `//`
    /// or trailing `/`) or is duplicated; `NotFound`/`Io` if a host path cannot be
    /// canonicalized. Nested mount points are allowed (the longest prefix wins).
    pub fn new(mounts: impl IntoIterator<Item = Mount>) -> Result<Self, PolicyError> {
        let mut out: Vec<ResolvedMount> = Vec::new();
        for m in mounts {
            check_path_syntax(&m.guest_path)?;
            if !m.guest_path.starts_with('/') {
                return Err(PolicyError::invalid_path(format!(
                    "invalid mount point '{}': must be an absolute path",
                    m.guest_path
                )));
            }
            let components: Vec<String> =
                m.guest_path.split('/').skip(1).filter(|c| !c.is_empty()).map(str::to_string).collect();
            // Require the written form to be the normalized form, so the configuration
            // reads exactly like what the guest sees.
            if components.iter().any(|c| c == "." || c == "..") || join_guest(&components) != m.guest_path {
                return Err(PolicyError::invalid_path(format!(
                    "invalid mount point '{}': must be normalized (no '.', '..', '//' or trailing '/')",
                    m.guest_path
                )));
            }
            let host_root = fs::canonicalize(&m.host_path).map_err(|e| {
                PolicyError::new(
                    io_kind(&e),
                    format!("mount '{}': host path {} is not usable: {e}", m.guest_path, m.host_path.display()),
                )
            })?;
            for other in &out {
                if other.components == components {
                    return Err(PolicyError::invalid_path(format!("duplicate mount point '{}'", m.guest_path)));
                }
            }
            out.push(ResolvedMount { guest: m.guest_path, components, host_root, writable: m.writable });
        }
        out.sort_by_key(|m| std::cmp::Reverse(m.components.len()));
        Ok(Self { mounts: out })
    }

    /// The normalized guest mount points, e.g. for listing `/`.
    pub fn guest_mount_points(&self) -> impl Iterator<Item = &str> {
        self.mounts.iter().map(|m| m.guest.as_str())
    }

    pub(crate) fn mount_for(&self, components: &[String]) -> Option<&ResolvedMount> {
        self.mounts.iter().find(|m| is_prefix(&m.components, components))
    }

    /// Normalizes `guest_path` lexically, refusing any `..` that leaves the mount it is in
    /// (or climbs above `/`). Relative paths are relative to `/`.
    ///
    /// # Errors
    /// `InvalidPath` for malformed input, `PermissionDenied` for an escape.
    pub fn normalize(&self, guest_path: &str) -> Result<Vec<String>, PolicyError> {
        check_path_syntax(guest_path)?;
        let mut stack: Vec<String> = Vec::new();
        for c in raw_components(guest_path) {
            if c == ".." {
                // The mount we are in right now; popping its root component leaves it.
                if let Some(m) = self.mount_for(&stack) {
                    if stack.len() == m.components.len() {
                        return Err(PolicyError::denied(format!(
                            "Permission denied: '{guest_path}' escapes mount '{}'",
                            m.guest
                        )));
                    }
                }
                if stack.pop().is_none() {
                    return Err(PolicyError::denied(format!("Permission denied: '{guest_path}' climbs above '/'")));
                }
            } else {
                stack.push(c.to_string());
            }
        }
        Ok(stack)
    }

    /// Maps `guest_path` to the host path to operate on, or says why not.
    ///
    /// For `Access::Delete` the returned path is the entry itself (a symlink is removed,
    /// not its target); for everything else symlinks in the existing part are resolved.
    ///
    /// # Errors
    /// `InvalidPath`, `PermissionDenied` (outside mounts, `..` escape, symlink escape,
    /// read-only mount, deleting a mount root) or `Io` if the host file system fails.
    pub fn resolve(&self, guest_path: &str, access: Access) -> Result<PathBuf, PolicyError> {
        let components = self.normalize(guest_path)?;
        let Some(mount) = self.mount_for(&components) else {
            return Err(PolicyError::denied(format!(
                "Permission denied: '{guest_path}' is not inside any mount{}",
                self.mount_hint()
            )));
        };
        if access.mutates() && !mount.writable {
            return Err(PolicyError::denied(format!(
                "Permission denied: '{guest_path}': mount '{}' is read-only",
                mount.guest
            )));
        }
        let rest = &components[mount.components.len()..];
        if access == Access::Delete && rest.is_empty() {
            return Err(PolicyError::denied(format!(
                "Permission denied: '{guest_path}' is a mount point and cannot be removed"
            )));
        }
        let mut lexical = mount.host_root.clone();
        lexical.extend(rest);

        // Deepest ancestor that exists as a directory entry (lstat, so a dangling symlink
        // counts as existing and is caught by the canonicalize below).
        let mut existing = lexical.as_path();
        let mut missing = 0usize;
        while fs::symlink_metadata(existing).is_err() {
            match existing.parent() {
                Some(p) if missing < rest.len() => {
                    existing = p;
                    missing += 1;
                }
                // The root itself vanished; let canonicalize report it.
                _ => break,
            }
        }
        let canonical = fs::canonicalize(existing).map_err(|e| {
            if fs::symlink_metadata(existing).is_ok_and(|m| m.file_type().is_symlink()) {
                PolicyError::denied(format!(
                    "Permission denied: '{guest_path}' goes through a symlink that cannot be resolved"
                ))
            } else {
                PolicyError::new(io_kind(&e), format!("'{guest_path}': {e}"))
            }
        })?;
        if !canonical.starts_with(&mount.host_root) {
            return Err(PolicyError::denied(format!(
                "Permission denied: '{guest_path}' follows a symlink out of mount '{}'",
                mount.guest
            )));
        }
        let mut resolved = canonical;
        resolved.extend(&rest[rest.len() - missing..]);

        if access == Access::Delete && missing == 0 {
            // Unlink the entry itself: canonicalize the parent, keep the final name.
            let parent = lexical.parent().unwrap_or(&mount.host_root);
            let parent =
                fs::canonicalize(parent).map_err(|e| PolicyError::new(io_kind(&e), format!("'{guest_path}': {e}")))?;
            if !parent.starts_with(&mount.host_root) {
                return Err(PolicyError::denied(format!(
                    "Permission denied: '{guest_path}' follows a symlink out of mount '{}'",
                    mount.guest
                )));
            }
            if let Some(name) = rest.last() {
                return Ok(parent.join(name));
            }
        }
        Ok(resolved)
    }

    fn mount_hint(&self) -> String {
        if self.mounts.is_empty() {
            " (no file_mounts are configured)".to_string()
        } else {
            let mut names: Vec<&str> = self.guest_mount_points().collect();
            names.sort_unstable();
            format!(" (mounts: {})", names.join(", "))
        }
    }

    /// The canonical host root of the mount a resolved host path lies in (the deepest, should
    /// two mounts' host directories nest).
    #[must_use]
    pub fn host_root_of(&self, host: &Path) -> Option<&Path> {
        self.mounts
            .iter()
            .filter(|m| host.starts_with(&m.host_root))
            .max_by_key(|m| m.host_root.components().count())
            .map(|m| m.host_root.as_path())
    }

    /// The guest mount point `guest_path` lies in.
    ///
    /// # Errors
    /// As [`MountTable::normalize`]; `PermissionDenied` outside every mount.
    pub fn mount_point(&self, guest_path: &str) -> Result<&str, PolicyError> {
        let components = self.normalize(guest_path)?;
        self.mount_for(&components).map(|m| m.guest.as_str()).ok_or_else(|| {
            PolicyError::denied(format!(
                "Permission denied: '{guest_path}' is not inside any mount{}",
                self.mount_hint()
            ))
        })
    }

    /// Names of mount points directly below `components`, if `components` is a strict
    /// ancestor of some mount (so `os.listdir("/")` can show the mounts, and a mount's
    /// listing shows the mounts nested in it).
    pub(crate) fn virtual_children(&self, components: &[String]) -> Vec<String> {
        let mut v: Vec<String> = self
            .mounts
            .iter()
            .filter(|m| m.components.len() > components.len() && is_prefix(components, &m.components))
            .map(|m| m.components[components.len()].clone())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

pub(crate) fn io_kind(e: &io::Error) -> PolicyErrorKind {
    match e.kind() {
        io::ErrorKind::NotFound => PolicyErrorKind::NotFound,
        io::ErrorKind::PermissionDenied => PolicyErrorKind::PermissionDenied,
        io::ErrorKind::AlreadyExists => PolicyErrorKind::AlreadyExists,
        io::ErrorKind::IsADirectory => PolicyErrorKind::IsADirectory,
        io::ErrorKind::NotADirectory => PolicyErrorKind::NotADirectory,
        _ => PolicyErrorKind::Io,
    }
}
