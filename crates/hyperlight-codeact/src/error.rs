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
    /// The run was stopped before its time limit: [`crate::CancelToken::cancel`] (e.g. Ctrl-C in
    /// the host) or [`crate::tools::interrupt_run`] from a tool. The VM was restored.
    #[error("Interrupted: {0}")]
    Interrupted(String),
    /// `run` was called from one of the sandbox's own tools: the nested run would wait for the
    /// run that waits for it. Refused at once.
    #[error("nested run refused: {0}")]
    Reentrant(String),
    /// The sandbox was created in another process (this one is a `fork()` child of it): its
    /// micro-VM and threads belong to the parent.
    #[error("this Sandbox was created in process {created_in} and cannot be used in process {used_in} (a fork() child): create a new Sandbox after fork")]
    Forked { created_in: u32, used_in: u32 },
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
