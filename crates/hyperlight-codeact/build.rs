//! Builds the guest (our MicroPython micro-VM binary) and embeds it.
//!
//! The guest targets bare-metal x86_64 with a JSON target spec and `-Zbuild-std`, which
//! needs a toolchain whose `core` source matches its compiler: Debian's rustc-web with
//! rust-web-src (`/usr/bin/cargo`, installed by `make setup`). Set
//! `HYPERLIGHT_CODEACT_GUEST=/path/to/guest` to embed a prebuilt guest instead.

use std::env;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

const GUEST_TARGET: &str = "x86_64-hyperlight-none";

fn main() {
    println!("cargo:rerun-if-env-changed=HYPERLIGHT_CODEACT_GUEST");
    println!("cargo:rerun-if-env-changed=HLC_GUEST_CARGO");
    println!("cargo:rerun-if-env-changed=HLC_GUEST_DIR");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    // The guest's source: the checkout's guest/ (next to crates/), or $HLC_GUEST_DIR. The crate
    // as published (cargo package) carries no guest/: set HLC_GUEST_DIR to a checkout's guest/,
    // or HYPERLIGHT_CODEACT_GUEST to a prebuilt guest.
    let guest_dir = env::var_os("HLC_GUEST_DIR")
        .map_or_else(|| manifest.join("../../guest"), PathBuf::from)
        .canonicalize()
        .ok()
        .filter(|d| d.join("Cargo.toml").exists());

    let guest = match (env::var_os("HYPERLIGHT_CODEACT_GUEST"), &guest_dir) {
        (Some(prebuilt), _) => PathBuf::from(prebuilt),
        (None, Some(dir)) => build_guest(dir),
        (None, None) => panic!(
            "the guest's source (guest/ of a hyperlight-codeact checkout) was not found next to this crate: \
             set HLC_GUEST_DIR=/path/to/hyperlight-codeact/guest, or HYPERLIGHT_CODEACT_GUEST=/path/to/a/prebuilt/guest"
        ),
    };
    let bytes = std::fs::read(&guest).unwrap_or_else(|e| panic!("reading guest {}: {e}", guest.display()));
    let digest = Sha256::digest(&bytes);
    let mut hex = String::new();
    for b in digest {
        write!(hex, "{b:02x}").unwrap();
    }
    // The guest's version is the workspace's (guest/Cargo.toml says so too).
    let version =
        guest_dir.map_or_else(|| env::var("CARGO_PKG_VERSION").unwrap(), |d| guest_version(&d.join("Cargo.toml")));
    println!("cargo:rustc-env=HLC_GUEST_PATH={}", guest.display());
    println!("cargo:rustc-env=HLC_GUEST_SHA256={hex}");
    // Recorded in the build output: the same commit gives the same sha256 in any checkout.
    progress(&format!("guest sha256 {hex} ({} bytes, {})", bytes.len(), guest.display()));
    println!("cargo:rustc-env=HLC_GUEST_VERSION={version}");
}

fn build_guest(guest_dir: &Path) -> PathBuf {
    for sub in [
        "src",
        "c",
        "frozen",
        "build.rs",
        "build_kernel.rs",
        "micropython/patches",
        "Cargo.toml",
        "Cargo.lock",
        "x86_64-hyperlight-none.json",
        "cpython",
        "gen_unicode_tables.py",
        "unicode-tables.sha256",
        "protocol/src",
        "protocol/Cargo.toml",
    ] {
        println!("cargo:rerun-if-changed={}", guest_dir.join(sub).display());
    }
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let target_dir = out.join("guest-target");
    let cargo = env::var("HLC_GUEST_CARGO").unwrap_or_else(|_| "/usr/bin/cargo".into());
    check_tools(guest_dir);
    assert!(
        Path::new(&cargo).exists(),
        "building the guest needs Debian's rustc-web toolchain ({cargo} not found): run `make setup`, \
         or set HYPERLIGHT_CODEACT_GUEST to a prebuilt guest binary"
    );
    let micropython =
        fetched_source(guest_dir, "fetch-micropython.sh", "HLC_MICROPYTHON_DIR", "py/mpconfig.h", "MicroPython 1.26.1");
    let cpython =
        fetched_source(guest_dir, "fetch-cpython.sh", "HLC_CPYTHON_DIR", "Lib/re/_parser.py", "CPython 3.11.2");
    let spec = guest_dir.join(format!("{GUEST_TARGET}.json"));
    let mut cmd = Command::new(&cargo);
    cmd.current_dir(guest_dir)
        .args(["build", "--release", "--locked", "-Zbuild-std=core,alloc", "-Zjson-target-spec"])
        .args(["-Zbuild-std-features=compiler-builtins-mem", "--target"])
        .arg(&spec)
        .arg("--target-dir")
        .arg(&target_dir)
        // The outer build's toolchain must not leak into the guest build (rustup would try to
        // add rust-src; the outer cargo's flags are for the host target).
        .env_remove("RUSTUP_TOOLCHAIN")
        .env_remove("RUSTC")
        .env_remove("RUSTC_WRAPPER")
        // Set by `cargo clippy`: the guest is built, not linted, by its own toolchain.
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .env_remove("CLIPPY_ARGS")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET")
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .env("HLC_MICROPYTHON_DIR", &micropython)
        .env("HLC_CPYTHON_DIR", &cpython)
        .env("RUSTC", "/usr/bin/rustc")
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_ENCODED_RUSTFLAGS", guest_rustflags(guest_dir, &target_dir).join("\x1f"));
    for (k, _) in env::vars_os() {
        let k = k.to_string_lossy().into_owned();
        if k.starts_with("CARGO_FEATURE_") || k.starts_with("CARGO_CFG_") || k.starts_with("DEP_") {
            cmd.env_remove(&k);
        }
    }
    progress("building the guest (MicroPython and its micro-VM runtime; several minutes on 2 cores)");
    let started = std::time::Instant::now();
    let status = cmd.status().expect("running the guest build");
    assert!(status.success(), "guest build failed (see the output above)");
    progress(&format!("guest built in {:.0} s", started.elapsed().as_secs_f64()));
    target_dir.join(GUEST_TARGET).join("release").join("hyperlight-codeact-guest")
}

/// A progress line: on stderr (shown live by `cargo build -vv`, and in a failed build's log) and
/// as a cargo warning (shown after the build script, by cargo and by `pip install -v`).
fn progress(msg: &str) {
    eprintln!("hyperlight-codeact: {msg}");
    println!("cargo:warning={msg}");
}

/// The build tools of scripts/setup-tools.txt (checked by scripts/check-setup.sh): stops with the
/// missing tools and their Debian packages rather than failing deep inside the guest build.
fn check_tools(guest_dir: &Path) {
    let script = guest_dir.join("../scripts/check-setup.sh");
    if !script.exists() {
        return;
    }
    println!("cargo:rerun-if-changed={}", script.display());
    let out = Command::new("bash").arg(&script).arg("--for-build").output();
    if let Ok(out) = out {
        if !out.status.success() {
            let text = String::from_utf8_lossy(&out.stdout);
            let missing: Vec<&str> = text.lines().filter(|l| l.starts_with("MISSING")).collect();
            panic!(
                "building the guest needs tools that are not installed (run `make setup`, or apt-get install the packages named):\n{}",
                missing.join("\n")
            );
        }
    }
}

/// A pinned third-party source the guest is built from: `$env_var`, or what `script` (a wrapper of
/// scripts/fetch-debian-source.sh) fetches: pinned, sha256-checked, into build/ next to guest/; a
/// no-op once fetched. `probe` is a file of the tree whose change reruns this build.
fn fetched_source(guest_dir: &Path, script: &str, env_var: &str, probe: &str, what: &str) -> PathBuf {
    println!("cargo:rerun-if-env-changed={env_var}");
    if let Some(dir) = env::var_os(env_var) {
        return PathBuf::from(dir);
    }
    let script = guest_dir.join("../scripts").join(script);
    println!("cargo:rerun-if-changed={}", script.display());
    let out = Command::new("bash").arg(&script).stderr(std::process::Stdio::inherit()).output();
    match out {
        Ok(out) if out.status.success() => {
            let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
            println!("cargo:rerun-if-changed={}", dir.join(probe).display());
            dir
        }
        _ => panic!(
            "{what}'s source could not be fetched: run `bash {}` (needs apt-get and deb.debian.org), or set {env_var} \
             to the unpacked source",
            script.display()
        ),
    }
}

/// The guest's rustc flags: its entry point, and path remapping so that no absolute build path
/// (the checkout, the target directory, cargo's registry) ends up in the binary (panic locations,
/// `file!()`): the same commit built in two checkouts gives the same guest sha256.
fn guest_rustflags(guest_dir: &Path, target_dir: &Path) -> Vec<String> {
    let mut flags = vec!["-Clink-arg=--entry=entrypoint".to_string(), "-Clink-arg=-znostart-stop-gc".to_string()];
    let checkout = guest_dir.parent().unwrap_or(guest_dir);
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    // rustc applies the last matching prefix: the more specific paths come later.
    let mut maps = vec![(checkout.to_path_buf(), "/hyperlight-codeact")];
    if let Some(home) = cargo_home {
        maps.push((home, "/cargo"));
    }
    maps.push((target_dir.to_path_buf(), "/target"));
    for (from, to) in maps {
        flags.push(format!("--remap-path-prefix={}={to}", from.display()));
    }
    flags
}

fn guest_version(manifest: &Path) -> String {
    let text = std::fs::read_to_string(manifest).expect("guest/Cargo.toml");
    text.lines()
        .find_map(|l| {
            l.trim().strip_prefix("version").map(|v| v.trim_start_matches([' ', '=']).trim_matches('"').to_string())
        })
        .expect("version in guest/Cargo.toml")
}
