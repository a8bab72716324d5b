//! `Sandbox`: runs Python code blocks in fresh Hyperlight micro-VMs (the embedded MicroPython
//! guest), and the types of its configuration and results.

use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use hyperlight_codeact_protocol::{GuestException, RunResponse};

pub use crate::builder::SandboxBuilder;
use crate::pool::Pool;
use crate::system::{HostAccess, HostOpRecord, OutputFile};
use crate::tools::ToolCallRecord;
pub use crate::vm::Isolation;
use crate::watchdog::RunClock;
use crate::Result;

/// How a [`Sandbox`] is created and how each run is isolated: set through
/// [`Sandbox::builder`] (or start from [`SandboxConfig::default`] and assign fields). New fields
/// may be added, with defaults.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SandboxConfig {
    /// Wall-clock limit for one [`Sandbox::run`] (default 30 s).
    pub timeout: Duration,
    /// Guest heap for Python objects, in MiB (default 64).
    pub memory_mb: u32,
    /// How runs are isolated from each other (default [`Isolation::FreshVm`]: every run in a
    /// VM restored from the post-init snapshot).
    pub isolation: Isolation,
    /// Bytes of stdout and of stderr kept per run before truncation (default 1 MiB).
    pub max_output_bytes: u32,
    /// `call_tool` calls allowed per run; later calls raise `ToolError` (default 10,000).
    pub max_tool_calls: u32,
    /// Largest encoded tool call (arguments) and tool result, in bytes (default 1 MiB).
    pub max_tool_payload_bytes: u32,
    /// File mounts, the network allow-list and `/output` (default: no host access at all
    /// beyond a per-run `/output`).
    pub access: HostAccess,
    /// Whether an exception a tool raises reaches the guest with its own message (default:
    /// true). False keeps its type (`except ValueError` still works) and replaces its args with
    /// a generic message naming the tool, for hosts whose tool errors may carry secrets; the
    /// audit record keeps the full message either way.
    pub tool_error_detail: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            memory_mb: 64,
            isolation: Isolation::FreshVm,
            max_output_bytes: 1 << 20,
            max_tool_calls: 10_000,
            max_tool_payload_bytes: 1 << 20,
            access: HostAccess::default(),
            tool_error_detail: true,
        }
    }
}

/// What one code block produced.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExecutionResult {
    pub stdout: String,
    pub stderr: String,
    /// 0 on success, 1 for an uncaught exception, or the `SystemExit` code.
    pub exit_code: i32,
    /// The uncaught exception, if any.
    pub exception: Option<GuestException>,
    /// True when stdout or stderr was truncated at `max_output_bytes`.
    pub output_truncated: bool,
    /// Every `call_tool` the run made, in order.
    pub tool_calls: Vec<ToolCallRecord>,
    /// Files the run left in `/output`, sorted by path (within the configured limits; a note
    /// on stderr names any left out).
    pub files: Vec<OutputFile>,
    /// Every file and network operation the run asked the host for, allowed or refused.
    pub host_ops: Vec<HostOpRecord>,
}

impl ExecutionResult {
    /// True when the code ran to completion with exit code 0.
    #[must_use]
    pub fn success(&self) -> bool {
        self.exit_code == 0 && self.exception.is_none()
    }

    /// `"TypeName: message"` for an uncaught exception, else `None`.
    #[must_use]
    pub fn error(&self) -> Option<String> {
        self.exception.as_ref().map(|e| {
            if e.message.is_empty() {
                e.type_name.clone()
            } else {
                format!("{}: {}", e.type_name, e.message)
            }
        })
    }
}

/// Python code runs in micro-VMs that start fresh for every run (see [`Isolation`]): one
/// VM per run at a time, taken from a small pool of VMs prepared in the background. A
/// `Sandbox` runs one code block at a time; share a [`Pool`] to run several at once.
pub struct Sandbox {
    pool: Pool,
}

impl Sandbox {
    /// How a sandbox (or a [`Pool`]) is configured: tools, limits, host access, isolation;
    /// [`SandboxBuilder::build`] checks it all before any VM starts.
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder::default()
    }

    pub(crate) fn from_pool(pool: Pool) -> Self {
        Self { pool }
    }

    /// A new sandbox with the same configuration and tools (and the same cached snapshot).
    ///
    /// # Errors
    /// [`Error::Hyperlight`] when a VM cannot be created.
    pub fn try_clone(&self) -> Result<Sandbox> {
        self.pool.duplicate().map(|pool| Self { pool })
    }

    /// The configuration this sandbox was created with.
    #[must_use]
    pub fn config(&self) -> &SandboxConfig {
        self.pool.config()
    }

    /// Runs `code` with fresh Python state, in a VM that (with the default
    /// [`Isolation::FreshVm`]) has run nothing since it was restored from the post-init
    /// snapshot but our own warm-up.
    ///
    /// # Errors
    /// [`Error::Timeout`] past the time limit, [`Error::GuestCrash`] when the guest faults,
    /// [`Error::Protocol`] for a malformed guest reply; in each case the VM is restored before
    /// its next use and the sandbox stays usable.
    pub fn run(&mut self, code: &str) -> Result<ExecutionResult> {
        self.pool.run(code)
    }

    /// Like [`Sandbox::run`]; [`CancelToken::cancel`] on `token` (from any thread) stops the
    /// run at once with [`crate::Error::Interrupted`].
    ///
    /// # Errors
    /// As [`crate::Pool::run_cancellable`].
    pub fn run_cancellable(&mut self, code: &str, token: &CancelToken) -> Result<ExecutionResult> {
        self.pool.run_cancellable(code, token)
    }

    /// Makes the guest fault on purpose (`ud2`, `null_write`, `wild_read`, `stack_overflow`,
    /// `panic`) and recovers like [`Sandbox::run`] does. For tests of fault handling only.
    #[doc(hidden)]
    pub fn crash_guest_for_tests(&mut self, kind: &str) -> Result<()> {
        self.pool.with_vm(|vm| vm.crash(kind))
    }

    /// Scans all memory ring 3 can read in a VM of this sandbox, as it is (no restore first),
    /// for `needle` and returns the guest addresses of the hits (the first 64). Takes a VM as a
    /// run would: with [`Isolation::FreshVm`] one that ran nothing since its restore, with
    /// [`Isolation::ReuseVmTrusted`] the one the last run used. For tests of run isolation only:
    /// the VM counts as used, like after a run.
    ///
    /// # Errors
    /// As [`Sandbox::crash_guest_for_tests`] when the guest call fails.
    #[doc(hidden)]
    pub fn scan_for_tests(&mut self, needle: &[u8]) -> Result<Vec<u64>> {
        self.pool.with_vm(|vm| vm.scan(needle))
    }

    /// The pool behind this sandbox (sizes, readiness, preparation cost).
    #[must_use]
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    pub(crate) fn into_pool(self) -> Pool {
        self.pool
    }
}

impl SandboxConfig {
    /// Valid `memory_mb`: the heap plus the VM's fixed overhead and output buffers must stay
    /// within the 16 GiB a Hyperlight VM can map.
    pub const MEMORY_MB: RangeInclusive<u32> = 1..=16_000;
    /// Valid `max_output_bytes` (up to 64 MiB).
    pub const MAX_OUTPUT_BYTES: RangeInclusive<u32> = 1..=64 << 20;
    /// Valid `max_tool_payload_bytes` (1 KiB to 64 MiB).
    pub const MAX_TOOL_PAYLOAD_BYTES: RangeInclusive<u32> = 1024..=64 << 20;
}

/// The one message for an out-of-range limit, from this crate and the Python bindings alike.
#[must_use]
pub fn out_of_range(name: &str, range: &RangeInclusive<u32>, got: impl std::fmt::Display) -> String {
    format!("{name} must be an integer from {} to {}, got {got}", range.start(), range.end())
}

/// Stops a run from another thread (e.g. on Ctrl-C): pass it to [`Sandbox::run_cancellable`]
/// or [`crate::Pool::run_cancellable`], then call [`CancelToken::cancel`]. A cancelled token
/// also stops a run that starts later at once. Clones share the token.
#[derive(Clone, Default)]
pub struct CancelToken(Arc<Mutex<TokenState>>);

#[derive(Default)]
struct TokenState {
    reason: Option<String>,
    clock: Option<RunClock>,
}

impl CancelToken {
    /// A token not cancelled yet.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Stops the run using this token (its VM is stopped, and the run returns
    /// [`crate::Error::Interrupted`] with `reason`).
    pub fn cancel(&self, reason: impl Into<String>) {
        let reason = reason.into();
        let mut s = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        s.reason.get_or_insert_with(|| reason.clone());
        if let Some(clock) = &s.clock {
            clock.interrupt(reason);
        }
    }

    /// True once [`CancelToken::cancel`] was called.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).reason.is_some()
    }

    /// Connects the token to a starting run; the reason if it was cancelled already.
    pub(crate) fn attach(&self, clock: &RunClock) -> Option<String> {
        let mut s = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        s.clock = Some(clock.clone());
        s.reason.clone()
    }

    pub(crate) fn detach(&self) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clock = None;
    }
}

impl ExecutionResult {
    /// Appends `[sandbox] note` to stderr within `max_output` bytes: the note is cut to fit,
    /// and stderr is cut to make room for it (both flagged as truncation).
    pub(crate) fn add_note(&mut self, note: &str, max_output: usize) {
        let (line, cut) = crate::tools::prefix(&format!("[sandbox] {note}"), max_output.saturating_sub(1));
        let line = format!("{line}\n");
        let room = max_output.saturating_sub(line.len());
        if self.stderr.len() > room {
            let mut end = room;
            while !self.stderr.is_char_boundary(end) {
                end -= 1;
            }
            self.stderr.truncate(end);
            self.output_truncated = true;
        }
        self.output_truncated |= cut;
        if line.len() <= max_output {
            self.stderr.push_str(&line);
        }
    }
}

impl From<RunResponse> for ExecutionResult {
    fn from(r: RunResponse) -> Self {
        Self {
            stdout: r.stdout,
            stderr: r.stderr,
            exit_code: r.exit_code,
            exception: r.exception,
            output_truncated: r.output_truncated,
            tool_calls: Vec::new(),
            files: Vec::new(),
            host_ops: Vec::new(),
        }
    }
}
