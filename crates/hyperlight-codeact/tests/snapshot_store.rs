//! The on-disk snapshot store (issue 12, item 3): the first sandbox of a process maps the
//! post-init snapshot an earlier process saved, in real micro-VMs in child processes (the
//! store is read once per process and layout, so each case needs a new process).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hyperlight_codeact::Sandbox;

const CHILD: &str = "HLC_STORE_TEST_CHILD";
const DIR: &str = "HYPERLIGHT_CODEACT_SNAPSHOT_DIR";

/// Runs in a child process only: one sandbox, a run that leaves a canary behind, a second
/// run that must not see it; prints the snapshot origin and both outputs.
#[test]
fn child_entry() {
    let Ok(canary) = std::env::var(CHILD) else { return };
    let mut sb = Sandbox::builder().build().expect("sandbox");
    let a = sb.run(&format!("secret = '{canary}'\nprint(6 * 7)")).expect("run");
    let b = sb.run("print('secret' in globals())").expect("run");
    println!("@@ {:?} {} {}", sb.pool().snapshot_origin(), a.stdout.trim(), b.stdout.trim());
}

fn child(dir: &Path, canary: &str) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["child_entry", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, canary)
        .env(DIR, dir)
        .output()
        .expect("child process");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "child failed: {text}\n{}", String::from_utf8_lossy(&out.stderr));
    let line =
        text.lines().find_map(|l| l.split_once("@@ ").map(|(_, r)| r)).unwrap_or_else(|| panic!("no report in {text}"));
    line.to_string()
}

fn entries(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut v: Vec<_> =
        read.flatten().filter(|e| !e.file_name().to_string_lossy().starts_with(".tmp-")).map(|e| e.path()).collect();
    v.sort();
    v
}

/// The first process saves the entry before its first sandbox is returned.
fn wait_for_entry(dir: &Path) -> PathBuf {
    let end = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(e) = entries(dir).pop() {
            return e;
        }
        assert!(Instant::now() < end, "no snapshot was saved in {}", dir.display());
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn canary() -> String {
    let t = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    format!("STORECANARY{:x}{:x}", t.wrapping_mul(0x9e37_79b9_7f4a_7c15), std::process::id())
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_later_process_maps_the_snapshot_an_earlier_one_saved_and_never_writes_it() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("store");
    let c = canary();
    // The first process initialises the guest and saves the snapshot (a private directory).
    assert_eq!(child(&dir, &c), "Created 42 False");
    let entry = wait_for_entry(&dir);
    assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
    // Later processes map it, and runs in them are as isolated as anywhere.
    for _ in 0..2 {
        assert_eq!(child(&dir, &c), "Disk 42 False");
    }
    assert_eq!(entries(&dir), vec![entry.clone()], "one entry per layout, not rewritten");
    // No run's bytes ever reach the file (the mapping is private copy-on-write).
    for f in files_under(&entry) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(!bytes.windows(c.len()).any(|w| w == c.as_bytes()), "canary in {}", f.display());
    }
}

#[test]
fn an_unsafe_or_damaged_store_is_not_used() {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("store");
    let c = canary();
    assert_eq!(child(&dir, &c), "Created 42 False");
    let entry = wait_for_entry(&dir);

    // Writable by others: not trusted (the snapshot would be every run's starting memory).
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    assert_eq!(child(&dir, &c), "Created 42 False");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert_eq!(child(&dir, &c), "Disk 42 False");

    // A flipped byte in the memory blob: the digest check refuses it and the VM is made cold.
    let blob = files_under(&entry).into_iter().max_by_key(|f| std::fs::metadata(f).unwrap().len()).unwrap();
    let mut bytes = std::fs::read(&blob).unwrap();
    let i = bytes.len() / 2;
    bytes[i] ^= 0xff;
    let mut perms = std::fs::metadata(&blob).unwrap().permissions();
    perms.set_mode(0o600);
    std::fs::set_permissions(&blob, perms).unwrap();
    std::fs::write(&blob, &bytes).unwrap();
    assert_eq!(child(&dir, &c), "Created 42 False");
    // The damaged entry was replaced by a good one.
    wait_for_entry(&dir);
    assert_eq!(child(&dir, &c), "Disk 42 False");

    // Turned off: nothing is read or written.
    let off = Command::new(std::env::current_exe().unwrap())
        .args(["child_entry", "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, &c)
        .env(DIR, "off")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&off.stdout).contains("@@ Created 42 False"));
}
