//! The forms in which `file_mounts` and `allowed_domains` entries are written (those of
//! agent-framework-hyperlight), parsed and normalized in one place: the Python bindings turn
//! their arguments into these calls, for the `Sandbox` and the Agent Framework layer alike, so
//! there is one set of rules and one set of error messages.
//!
//! - A mount path: relative paths (and `input/...`) are under [`INPUT_ROOT`]; `\` reads as `/`;
//!   `.` and repeated `/` are dropped; `..` and the root `/` are refused ([`mount_path`]).
//! - A mount's host path: `~` expanded, made absolute against the current directory and, when
//!   `strict`, resolved; a missing one is a [`super::PolicyErrorKind::NotFound`] ([`host_path`]).
//! - A single path as a mount: an absolute path appears at the same path inside, a relative
//!   one at `/input/<path>` ([`path_mount`]).
//! - A mount mode: `ro`/`r`/`read-only` or `rw`/`w`/`read-write`/`writable` ([`mount_mode`]).
//! - A domain target: `host`, `host:port`, `*.suffix`, `[v6]:port` or a URL, reduced to its
//!   origin, and checked by the same rules [`NetPolicy`](super::net::NetPolicy) applies
//!   ([`domain_target`]); methods upper-cased, de-duplicated and sorted ([`methods`]).
//!
//! These only parse (and, for host paths, look the path up); they open nothing.

use std::path::{Component, Path, PathBuf};

use super::fs::{io_kind, Mount};
use super::net::{check_target, AllowedDomain, Method};
use super::PolicyError;

/// Where relative mount paths go, and where `workspace_root` is mounted.
pub const INPUT_ROOT: &str = "/input";

/// Mode strings a mount may be given instead of a bool: read-only ones, then writable ones.
pub const MOUNT_MODES: [(&str, bool); 7] = [
    ("ro", false),
    ("r", false),
    ("read-only", false),
    ("rw", true),
    ("w", true),
    ("read-write", true),
    ("writable", true),
];

/// Whether the mode string `mode` (case-insensitive) means writable.
///
/// # Errors
/// `InvalidArgument` for any other string.
pub fn mount_mode(mode: &str) -> Result<bool, PolicyError> {
    let lower = mode.to_ascii_lowercase();
    MOUNT_MODES.iter().find(|(m, _)| *m == lower).map(|(_, w)| *w).ok_or_else(|| {
        let names: Vec<String> = MOUNT_MODES.iter().map(|(m, _)| format!("'{m}'")).collect();
        PolicyError::invalid_arg(format!(
            "a mount's mode must be True/False or one of {}, got '{mode}'",
            names.join(", ")
        ))
    })
}

/// The absolute, normalized sandbox path for `raw`.
///
/// # Errors
/// `InvalidPath` when it is empty, holds a NUL or `..`, or is the root `/`.
pub fn mount_path(raw: &str) -> Result<String, PolicyError> {
    let path = raw.trim().replace('\\', "/");
    if path.is_empty() {
        return Err(PolicyError::invalid_path("mount_path must not be empty"));
    }
    if path.contains('\0') {
        return Err(PolicyError::invalid_path("mount_path must not contain NUL"));
    }
    let mut parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    if !path.starts_with('/') && parts.first() == Some(&"input") {
        parts.remove(0);
    }
    if parts.contains(&"..") {
        return Err(PolicyError::invalid_path(format!("mount_path '{raw}' must not contain '..'")));
    }
    let root: Vec<&str> = if path.starts_with('/') { Vec::new() } else { vec![&INPUT_ROOT[1..]] };
    let all: Vec<&str> = root.into_iter().chain(parts).collect();
    if all.is_empty() {
        return Err(PolicyError::invalid_path("mount_path must not be the sandbox root '/'"));
    }
    Ok(format!("/{}", all.join("/")))
}

/// `~` and `~/...` expanded with `$HOME` (other forms are left as written).
fn expand_user(raw: &str) -> PathBuf {
    match (raw.strip_prefix('~'), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            PathBuf::from(home).join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(raw),
    }
}

/// `path` with `.` and `..` resolved lexically (as Python's `os.path.abspath` does).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A mount's host path made absolute (against the current directory); with `strict` resolved
/// and required to exist, so that a missing path fails at configuration, not at the model's
/// first call.
///
/// # Errors
/// `InvalidArgument` for an empty path; with `strict`, `NotFound` (or the I/O error's kind)
/// when it cannot be resolved.
pub fn host_path(raw: &str, strict: bool) -> Result<PathBuf, PolicyError> {
    if raw.trim().is_empty() {
        return Err(PolicyError::invalid_arg(format!("a mount's host path must be a non-empty path, got '{raw}'")));
    }
    let expanded = expand_user(raw);
    let absolute = if expanded.is_absolute() {
        expanded
    } else {
        let cwd = std::env::current_dir().map_err(|e| {
            PolicyError::new(
                io_kind(&e),
                format!("a mount's host path '{raw}' is relative and the current directory is unknown: {e}"),
            )
        })?;
        cwd.join(expanded)
    };
    if !strict {
        return Ok(lexical(&absolute));
    }
    std::fs::canonicalize(&absolute).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::NotFound {
            "does not exist".to_string()
        } else {
            format!("is not usable: {e}")
        };
        PolicyError::new(io_kind(&e), format!("a mount's host path '{raw}' {why}"))
    })
}

/// A mount written as a single path: an absolute path appears at the same path inside (as
/// written, normalized), a relative one at `/input/<path>`; read-only.
///
/// # Errors
/// As [`host_path`] and [`mount_path`].
pub fn path_mount(raw: &str, strict: bool) -> Result<Mount, PolicyError> {
    let host = host_path(raw, strict)?;
    let expanded = expand_user(raw);
    let inside = if expanded.is_absolute() { mount_path(&expanded.to_string_lossy())? } else { mount_path(raw)? };
    Ok(Mount { host_path: host, guest_path: inside, writable: false })
}

/// A mount written as `(host_path, mount_path[, writable])`.
///
/// # Errors
/// As [`host_path`] and [`mount_path`].
pub fn mount(host: &str, inside: &str, writable: bool, strict: bool) -> Result<Mount, PolicyError> {
    Ok(Mount { host_path: host_path(host, strict)?, guest_path: mount_path(inside)?, writable })
}

/// `raw` as a target: a URL is reduced to its origin (`scheme://host[:port]` with
/// `keep_scheme`, else `host[:port]`, as agent-framework-hyperlight does), credentials dropped,
/// lower-cased, the port written as a number; then checked as the network policy checks a
/// target.
///
/// # Errors
/// `InvalidArgument` naming `raw` and why.
pub fn domain_target(raw: &str, keep_scheme: bool) -> Result<String, PolicyError> {
    let candidate = raw.trim();
    if candidate.is_empty() {
        return Err(PolicyError::invalid_arg("an allowed_domains target must not be empty"));
    }
    let (scheme, rest) = match candidate.split_once("://") {
        Some((s, rest)) => {
            let s = s.to_ascii_lowercase();
            if s != "http" && s != "https" {
                return Err(PolicyError::invalid_arg(format!(
                    "invalid allowed_domains entry '{raw}': scheme must be http or https"
                )));
            }
            (Some(s), rest)
        }
        None => (None, candidate),
    };
    let netloc = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // Credentials are never part of a target.
    let netloc = netloc.rsplit('@').next().unwrap_or_default().to_lowercase();
    let (host, port) = check_target(raw, &netloc)?;
    let origin = match port {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    };
    Ok(match scheme {
        Some(s) if keep_scheme => format!("{s}://{origin}"),
        _ => origin,
    })
}

/// Method names upper-cased, checked, de-duplicated and sorted.
///
/// # Errors
/// `InvalidArgument` for an unsupported method or an empty list.
pub fn methods<S: AsRef<str>>(names: &[S], target: &str) -> Result<Vec<Method>, PolicyError> {
    let mut out = Vec::new();
    for name in names {
        let name = name.as_ref();
        let method = name.trim().parse::<Method>().map_err(|_| {
            let mut supported: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
            supported.sort_unstable();
            PolicyError::invalid_arg(format!(
                "unsupported HTTP method '{name}' for '{target}' (supported: {})",
                supported.join(", ")
            ))
        })?;
        if !out.contains(&method) {
            out.push(method);
        }
    }
    if out.is_empty() {
        return Err(PolicyError::invalid_arg(format!(
            "methods for '{target}' must not be empty; use None to allow every method"
        )));
    }
    out.sort_by_key(|m| m.as_str());
    Ok(out)
}

/// An `allowed_domains` entry: the target as [`domain_target`] reduces it, methods as
/// [`methods`] normalizes them (`None`: every method).
///
/// # Errors
/// As [`domain_target`] and [`methods`].
pub fn domain<S: AsRef<str>>(
    target: &str,
    names: Option<&[S]>,
    keep_scheme: bool,
) -> Result<AllowedDomain, PolicyError> {
    let target = domain_target(target, keep_scheme)?;
    let methods = names.map(|n| methods(n, &target)).transpose()?;
    Ok(AllowedDomain { target, methods })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyErrorKind;

    fn err<T: std::fmt::Debug>(r: Result<T, PolicyError>) -> (PolicyErrorKind, String) {
        let e = r.expect_err("an error");
        (e.kind, e.message)
    }

    #[test]
    fn mount_paths() {
        for (raw, want) in [
            ("data", "/input/data"),
            ("input/data", "/input/data"),
            ("./input/./x/", "/input/x"),
            ("/abs//dir/", "/abs/dir"),
            ("\\win\\dir", "/win/dir"),
            (" /input ", "/input"),
            ("input", "/input"),
        ] {
            assert_eq!(mount_path(raw).unwrap(), want, "{raw}");
        }
        assert_eq!(err(mount_path("")).1, "mount_path must not be empty");
        assert_eq!(err(mount_path("/a/../b")).1, "mount_path '/a/../b' must not contain '..'");
        assert_eq!(err(mount_path("//")).1, "mount_path must not be the sandbox root '/'");
        assert_eq!(err(mount_path("a\0b")).0, PolicyErrorKind::InvalidPath);
    }

    #[test]
    fn host_paths_and_single_path_mounts() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().canonicalize().unwrap();
        let raw = format!("{}/./", dir.path().display());
        assert_eq!(host_path(&raw, true).unwrap(), real);
        let missing = format!("{}/missing", dir.path().display());
        let (kind, message) = err(host_path(&missing, true));
        assert_eq!(kind, PolicyErrorKind::NotFound);
        assert_eq!(message, format!("a mount's host path '{missing}' does not exist"));
        assert_eq!(host_path(&format!("{missing}/../x"), false).unwrap(), dir.path().join("x"));
        let m = path_mount(&raw, true).unwrap();
        assert_eq!((m.host_path, m.writable), (real, false));
        assert_eq!(m.guest_path, mount_path(&raw).unwrap());
        assert_eq!(path_mount("rel/dir", false).unwrap().guest_path, "/input/rel/dir");
        assert!(mount("", "/x", false, false).is_err());
    }

    #[test]
    fn modes() {
        assert!(!mount_mode("RO").unwrap() && mount_mode("writable").unwrap());
        assert!(err(mount_mode("x")).1.ends_with("got 'x'"));
    }

    #[test]
    fn domain_targets() {
        for (raw, want) in [
            ("https://API.Example.com/v1/items?x=1", "api.example.com"),
            ("http://user:pw@x.org:080/p", "x.org:80"),
            ("localhost:8080", "localhost:8080"),
            ("*.GitHub.com", "*.github.com"),
            ("[::1]:9000", "[::1]:9000"),
            ("pypi.org/simple", "pypi.org"),
        ] {
            assert_eq!(domain_target(raw, false).unwrap(), want, "{raw}");
        }
        assert_eq!(domain_target("https://API.x.com/v1", true).unwrap(), "https://api.x.com");
        for bad in ["", "exa mple.com", "ftp://x.org", "host:99999", "a*.example.com", "x.com:0", "[::1"] {
            assert_eq!(err(domain_target(bad, false)).0, PolicyErrorKind::InvalidArgument, "{bad}");
        }
        assert_eq!(err(domain_target("host:99999", false)).1, "invalid allowed_domains entry 'host:99999': bad port");
    }

    #[test]
    fn method_lists() {
        let d = domain("x.org", Some(&["post", "get", "GET"]), false).unwrap();
        assert_eq!(d.methods, Some(vec![Method::Get, Method::Post]));
        assert_eq!(domain::<&str>("x.org", None, false).unwrap().methods, None);
        assert_eq!(
            err(methods(&["FETCH"], "x.org")).1,
            "unsupported HTTP method 'FETCH' for 'x.org' (supported: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT)"
        );
        assert!(err(methods::<&str>(&[], "x.org")).1.contains("must not be empty"));
    }
}
