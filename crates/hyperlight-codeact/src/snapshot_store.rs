//! Post-init snapshots kept on disk, so that the first sandbox of a process maps a snapshot an
//! earlier process saved instead of loading the guest and running MicroPython's init.
//!
//! Where: the directory named by `HYPERLIGHT_CODEACT_SNAPSHOT_DIR` (`off` turns the store
//! off), else `$XDG_CACHE_HOME/hyperlight-codeact/snapshots`, else
//! `~/.cache/hyperlight-codeact/snapshots`.
//!
//! Trust: a snapshot is guest memory that every later run of the process starts from, so it is
//! loaded only from a directory that is a real directory (not a symlink), owned by this
//! process's user and not writable by group or others (created `0700`). Entries are written to
//! a temporary directory and renamed into place, never rewritten (hyperlight maps the blob; it
//! must not change while mapped); their digests are checked on load. An entry that fails to
//! load is removed and the VM is made cold (and saved anew); nothing here ever fails a sandbox.
//!
//! Key: the guest's SHA-256, this crate's version and the [`Layout`]. hyperlight checks the
//! architecture, CPU vendor and hypervisor recorded in an entry on load.

use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use hyperlight_host::sandbox::snapshot::{OciTag, Snapshot};

use crate::guest;
use crate::vm::Layout;

const ENV: &str = "HYPERLIGHT_CODEACT_SNAPSHOT_DIR";
const TAG: &str = "post-init";
/// Entries kept per directory (other layouts or guests beyond this are removed, oldest first).
const MAX_ENTRIES: usize = 8;
/// A temporary entry older than this was left by a process that died while saving.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(600);

/// The store's directory, or `None` when it is turned off or no home is known.
fn dir() -> Option<PathBuf> {
    match std::env::var_os(ENV) {
        Some(v) if v == "off" || v == "0" || v.is_empty() => None,
        Some(v) => Some(PathBuf::from(v)),
        None => {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
            Some(cache.join("hyperlight-codeact").join("snapshots"))
        }
    }
}

fn entry_name(layout: Layout) -> String {
    format!(
        "{}-{}-{}",
        &guest::GUEST_SHA256[..guest::GUEST_SHA256.len().min(16)],
        env!("CARGO_PKG_VERSION"),
        layout.key()
    )
}

/// True when `path` is a directory (not a symlink) owned by us and closed to others.
fn private_dir(path: &Path) -> bool {
    match std::fs::symlink_metadata(path) {
        // SAFETY: geteuid has no preconditions.
        Ok(m) => m.is_dir() && m.uid() == unsafe { libc::geteuid() } && m.mode() & 0o022 == 0,
        Err(_) => false,
    }
}

/// The snapshot saved for `layout`, if a usable one is on disk.
pub(crate) fn load(layout: Layout) -> Option<Arc<Snapshot>> {
    let dir = dir()?;
    let path = dir.join(entry_name(layout));
    if !private_dir(&dir) || !private_dir(&path) {
        return None;
    }
    let started = std::time::Instant::now();
    match Snapshot::checked_load(&path, OciTag::new(TAG).ok()?) {
        Ok(snapshot) => {
            crate::trace::snapshot_loaded(&path, started.elapsed());
            Some(Arc::new(snapshot))
        }
        Err(e) => {
            // Damaged or from an incompatible host: removed, so that this process saves a
            // good one (unlinking is safe even if another process maps it).
            crate::trace::snapshot_store_failed("load", &path, &e.to_string());
            let _ = std::fs::remove_dir_all(&path);
            None
        }
    }
}

/// Saves `snapshot` for `layout` unless an entry exists. Done in the caller, once per machine,
/// guest and layout (~2.6 MB written and hashed): a background thread would be lost when a
/// short-lived process exits first, and then no process would ever find a snapshot. Failures
/// are logged and otherwise ignored.
pub(crate) fn save_for_later_processes(layout: Layout, snapshot: &Snapshot) {
    let Some(dir) = dir() else { return };
    if let Err(e) = save(&dir, layout, snapshot) {
        crate::trace::snapshot_store_failed("save", &dir, &e);
    }
}

fn save(dir: &Path, layout: Layout, snapshot: &Snapshot) -> Result<(), String> {
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    if !private_dir(dir) {
        return Err(format!(
            "{} is not a directory owned by this user and closed to others; not using it",
            dir.display()
        ));
    }
    let name = entry_name(layout);
    let path = dir.join(&name);
    if path.exists() {
        return Ok(());
    }
    prune(dir, &name);
    let temp = dir.join(format!(".tmp-{name}-{}-{:x}", std::process::id(), nonce()));
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&temp)
        .map_err(|e| format!("cannot create {}: {e}", temp.display()))?;
    let tag = OciTag::new(TAG).map_err(|e| e.to_string())?;
    let saved = snapshot.save(&temp, &tag).map_err(|e| e.to_string());
    // rename(2) of a directory onto a non-empty one fails: a racing process's entry wins, ours
    // is removed. Either way the entry at `path` is complete and never rewritten.
    let result = saved.and_then(|_| std::fs::rename(&temp, &path).map_err(|e| e.to_string()));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    if path.exists() {
        crate::trace::snapshot_saved(&path);
        Ok(())
    } else {
        result
    }
}

fn nonce() -> u64 {
    let mut b = [0u8; 8];
    let _ = getrandom::fill(&mut b);
    u64::from_le_bytes(b)
}

/// Removes temporary entries left by dead savers and, beyond [`MAX_ENTRIES`], the oldest
/// entries. Removing an entry another process has mapped is safe: unlinking does not
/// change the mapped file.
fn prune(dir: &Path, keep: &str) {
    let Ok(read) = std::fs::read_dir(dir) else { return };
    let now = std::time::SystemTime::now();
    let mut entries = Vec::new();
    for e in read.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(meta) = e.path().symlink_metadata() else { continue };
        let modified = meta.modified().unwrap_or(now);
        if name.starts_with(".tmp-") {
            if now.duration_since(modified).unwrap_or_default() > STALE_TEMP {
                let _ = std::fs::remove_dir_all(e.path());
            }
        } else if name != keep && meta.is_dir() {
            entries.push((modified, e.path()));
        }
    }
    if entries.len() >= MAX_ENTRIES {
        entries.sort();
        for (_, path) in &entries[..=entries.len() - MAX_ENTRIES] {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn aged(path: &Path, age: Duration) {
        std::fs::create_dir(path).unwrap();
        let dir = std::fs::File::open(path).unwrap();
        dir.set_modified(SystemTime::now() - age).unwrap();
    }

    #[test]
    fn prune_keeps_at_most_max_entries_and_drops_dead_temporaries() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        for i in 0..10u64 {
            // entry-0 is the oldest
            aged(&dir.join(format!("entry-{i}")), Duration::from_secs(1000 - i));
        }
        aged(&dir.join(".tmp-dead"), STALE_TEMP + Duration::from_secs(5));
        aged(&dir.join(".tmp-live"), Duration::from_secs(1));
        prune(dir, "new-entry");
        let mut left: Vec<String> =
            std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        left.sort();
        // Room for the entry about to be saved: MAX_ENTRIES - 1 others stay, the newest ones.
        let mut expected: Vec<String> = (3..10).map(|i| format!("entry-{i}")).collect();
        expected.insert(0, ".tmp-live".into());
        assert_eq!(left, expected);
    }
}
