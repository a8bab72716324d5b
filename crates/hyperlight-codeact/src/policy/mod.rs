//! What a guest may reach outside its micro-VM: decisions only (given a request and the
//! configured policy, allow or deny with the reason). The operations allowed requests lead to
//! are in [`crate::exec`].
//!
//! By default a guest reaches nothing on the host. The two opt-ins are checked here, in
//! Rust, at the boundary, so that no guest-side code (which is untrusted) takes part in
//! the decision:
//!
//! - [`fs`]: `file_mounts` and the per-run `/output` directory. Every guest path is
//!   resolved against a [`fs::MountTable`]; `..`, paths outside mounts and symlinks that
//!   lead outside a mount are refused, and read-only mounts refuse writes.
//! - [`net`]: `allowed_domains`. The host makes the HTTP request itself, only after
//!   [`net::NetPolicy`] allows it, and re-checks every redirect hop.
//!
//! Both, and the executors, report refusals and failures as a [`PolicyError`]: a
//! [`PolicyErrorKind`] (which maps onto a Python exception class for the guest) plus a message
//! saying why. Messages only ever name guest paths and URLs, never host paths, so an error does
//! not tell the guest where its mounts live on the host.

pub mod forms;
pub mod fs;
pub mod net;

use std::fmt;

/// What went wrong, coarse enough to map onto a Python exception class: the protocol's
/// [`SysErrorKind`](hyperlight_codeact_protocol::SysErrorKind), whose table of exceptions and
/// errnos the guest shares.
pub use hyperlight_codeact_protocol::SysErrorKind as PolicyErrorKind;

/// A refusal or failure, with a message meant to be shown to the model as-is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    pub kind: PolicyErrorKind,
    pub message: String,
}

impl PolicyError {
    pub fn new(kind: PolicyErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }

    pub(crate) fn denied(message: impl Into<String>) -> Self {
        Self::new(PolicyErrorKind::PermissionDenied, message)
    }

    pub(crate) fn invalid_path(message: impl Into<String>) -> Self {
        Self::new(PolicyErrorKind::InvalidPath, message)
    }

    pub(crate) fn invalid_arg(message: impl Into<String>) -> Self {
        Self::new(PolicyErrorKind::InvalidArgument, message)
    }

    pub(crate) fn limit(message: impl Into<String>) -> Self {
        Self::new(PolicyErrorKind::LimitExceeded, message)
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PolicyError {}
