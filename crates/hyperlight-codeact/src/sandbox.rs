//! `Sandbox`: runs Python code blocks in fresh Hyperlight micro-VMs (the embedded MicroPython
//! guest), and the types of its configuration and results.

use std::sync::Arc;
use std::time::Duration;

use hyperlight_codeact_protocol::{GuestException, RunResponse};

use crate::pool::{Pool, PoolOptions};
use crate::system::{HostAccess, HostOpRecord, OutputFile};
use crate::tools::{ToolCallRecord, ToolHost, ToolPolicy};
pub use crate::vm::Isolation;
use crate::Result;

/// How a [`Sandbox`] is created and how each run is isolated.
#[derive(Debug, Clone)]
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
    /// Creates a sandbox. The first sandbox of a process with a given memory and output
    /// layout loads the guest and runs its init (tens of milliseconds); later ones start from
    /// the process's cached post-init snapshot.
    ///
    /// # Errors
    /// [`Error::NoHypervisor`] when no hypervisor is usable; [`Error::InvalidArgument`] for a
    /// bad configuration; [`Error::Hyperlight`] when the VM cannot be created.
    pub fn new(config: SandboxConfig) -> Result<Self> {
        Self::with_tools(config, None)
    }

    /// Like [`Sandbox::new`], with tools the code reaches through `call_tool(name, **kwargs)`.
    ///
    /// # Errors
    /// As [`Sandbox::new`].
    pub fn with_tools(config: SandboxConfig, tools: Option<Arc<dyn ToolHost>>) -> Result<Self> {
        // One run at a time: a VM running, plus the ready ones.
        let options = PoolOptions {
            max_vms: 1 + crate::pool::DEFAULT_READY_VMS,
            ..PoolOptions::default()
        };
        Ok(Self {
            pool: Pool::with_options(config, tools, options)?,
        })
    }

    /// A new sandbox with the same configuration and tools (and the same cached snapshot).
    ///
    /// # Errors
    /// [`Error::Hyperlight`] when a VM cannot be created.
    pub fn try_clone(&self) -> Result<Sandbox> {
        self.pool.duplicate().map(|pool| Self { pool })
    }

    /// Sets the hook checked before every tool call (`None` allows all).
    pub fn set_tool_policy(&mut self, policy: Option<ToolPolicy>) {
        self.pool.set_tool_policy(policy);
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

    /// Makes the guest fault on purpose (`ud2`, `null_write`, `wild_read`, `stack_overflow`,
    /// `panic`) and recovers like [`Sandbox::run`] does. For tests of fault handling only.
    #[doc(hidden)]
    pub fn crash_guest_for_tests(&mut self, kind: &str) -> Result<()> {
        self.pool.with_vm(|vm| vm.crash(kind))
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
