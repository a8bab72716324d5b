//! The crate's one error type.

use std::time::Duration;

/// Result alias for this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong outside the guest program itself. An exception raised by the
/// Python code is not an error: it is reported in [`crate::ExecutionResult::exception`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No usable hypervisor (no `/dev/kvm` or `/dev/mshv`, or no permission to open it).
    #[error("no usable hypervisor: {problem}. Fix: {fix}")]
    NoHypervisor { problem: String, fix: String },
    /// The run exceeded its time limit and the VM was stopped (and restored).
    #[error("ExecutionTimeout: the code ran longer than the {0:?} limit and was stopped")]
    Timeout(Duration),
    /// The guest crashed (CPU fault, abort, guest memory exhausted); the VM was restored.
    #[error("GuestError: {0}")]
    GuestCrash(String),
    /// The guest sent a message the host could not decode; the VM was restored.
    #[error("protocol error: {0}")]
    Protocol(String),
    /// Bad input from the caller (e.g. an out-of-range configuration value).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// Hyperlight itself failed (VM creation, snapshot, restore).
    #[error("hyperlight: {0}")]
    Hyperlight(#[from] hyperlight_host::HyperlightError),
}
