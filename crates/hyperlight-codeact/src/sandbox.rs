//! `Sandbox`: one Hyperlight micro-VM running the embedded MicroPython guest.

use std::sync::Arc;
use std::time::Duration;

use hyperlight_codeact_protocol::{
    GuestException, RunRequest, RunResponse, GUEST_FN_CRASH, GUEST_FN_RUN, GUEST_FN_VERSION, HOST_FN_CALL_TOOL,
    HOST_FN_SYSTEM,
};
use hyperlight_host::sandbox::snapshot::Snapshot;
use hyperlight_host::{HyperlightError, SandboxBuilder};

use crate::system::{HostAccess, HostOpRecord, OutputFile, System};
use crate::tools::{Bridge, ToolCallRecord, ToolHost, ToolPolicy};
use crate::watchdog::Watchdog;
use crate::{guest, hypervisor, Error, Result};

/// How a [`Sandbox`] is created and how each run is isolated.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Wall-clock limit for one [`Sandbox::run`] (default 30 s).
    pub timeout: Duration,
    /// Guest heap for Python objects, in MiB (default 64).
    pub memory_mb: u32,
    /// Restore the VM to its post-init snapshot before every run (default: false, which
    /// resets the interpreter inside the VM and restores the VM only after a failure).
    pub fresh_vm_per_run: bool,
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
            fresh_vm_per_run: false,
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

/// One micro-VM with the Python guest loaded and initialised.
pub struct Sandbox {
    config: SandboxConfig,
    vm: hyperlight_host::Sandbox,
    /// Post-init state every restore returns to.
    snapshot: Arc<Snapshot>,
    watchdog: Watchdog,
    tools: Bridge,
    system: System,
    /// True when the VM has run code since its last restore.
    dirty: bool,
}

const MIB: u64 = 1 << 20;
/// Scratch memory beyond the interpreter heap: the Rust heap, stack, copy-on-write copies of
/// image pages, page tables and the transport queues. Host memory is committed only for
/// pages the guest touches.
const SCRATCH_OVERHEAD: u64 = 96 * MIB;
/// Transport buffers: requests carry the code, responses the captured output.
const QUEUE_BUFFER: usize = 64 * 1024;

impl Sandbox {
    /// Creates a micro-VM from the embedded guest, runs its init and takes the post-init
    /// snapshot every later run starts from.
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
        validate(&config)?;
        let hv = hypervisor::detect();
        if !hv.usable() {
            return Err(Error::NoHypervisor {
                problem: hv.problem.unwrap_or_default(),
                fix: hv.fix.unwrap_or_default(),
            });
        }
        let heap = u64::from(config.memory_mb) * MIB;
        let out = u64::from(config.max_output_bytes);
        // A response (stdout, stderr, and an exception's message and traceback, each at most
        // `out`) or a tool call and its reply, plus framing, must fit the guest-to-host pool.
        let largest = (4 * out).max(2 * u64::from(config.max_tool_payload_bytes));
        let g2h_pages = usize::try_from((largest + 4 * QUEUE_BUFFER as u64).div_ceil(4096)).unwrap_or(usize::MAX);
        let scratch = usize::try_from((heap + SCRATCH_OVERHEAD + 4 * out).next_multiple_of(4096)).map_err(|_| too_big())?;
        let bridge = Bridge::default();
        bridge.set_tools(tools);
        bridge.set_limits(config.max_tool_calls, config.max_tool_payload_bytes as usize);
        bridge.set_error_detail(config.tool_error_detail);
        let system = System::new(config.access.clone()).map_err(|e| Error::InvalidArgument(e.message))?;
        let mut vm = with_host_functions(SandboxBuilder::from_bytes(guest::GUEST_BINARY), &bridge, &system)
            .heap_size(64 * 1024)
            .scratch_size(scratch)
            .h2g_buffer_size(QUEUE_BUFFER)
            .h2g_pool_pages(256)
            .g2h_buffer_size(QUEUE_BUFFER)
            .g2h_pool_pages(g2h_pages.max(64))
            .build()?;
        let version: String = vm.call(GUEST_FN_VERSION, ())?;
        if version != *guest::GUEST_VERSION_STRING {
            return Err(Error::Protocol(format!(
                "guest reports version {version:?}, host expects {:?}",
                *guest::GUEST_VERSION_STRING
            )));
        }
        let snapshot = vm.snapshot()?;
        let watchdog = watchdog_for(&vm, &system);
        Ok(Self { config, vm, snapshot, watchdog, tools: bridge, system, dirty: false })
    }

    /// A new micro-VM started from this sandbox's post-init snapshot, with the same
    /// configuration, tools and policy. It skips loading the guest and running its init, so it
    /// is the cheap way to get more VMs (e.g. for a pool).
    ///
    /// # Errors
    /// [`Error::Hyperlight`] when the VM cannot be created.
    pub fn try_clone(&self) -> Result<Sandbox> {
        self.template().spawn()
    }

    /// What [`Sandbox::try_clone`] needs, detached from this VM, so a pool can create VMs
    /// while this one runs (or after it was dropped).
    pub(crate) fn template(&self) -> Template {
        Template {
            config: self.config.clone(),
            snapshot: self.snapshot.clone(),
            tools: self.tools.duplicate(),
            system: self.system.duplicate(),
        }
    }

    /// Sets the hook checked before every tool call (`None` allows all).
    pub fn set_tool_policy(&mut self, policy: Option<ToolPolicy>) {
        self.tools.set_policy(policy);
    }

    /// The configuration this sandbox was created with.
    #[must_use]
    pub fn config(&self) -> &SandboxConfig {
        &self.config
    }

    /// Runs `code` with fresh Python state.
    ///
    /// # Errors
    /// [`Error::Timeout`] past the time limit, [`Error::GuestCrash`] when the guest faults,
    /// [`Error::Protocol`] for a malformed guest reply; in each case the VM is restored to its
    /// post-init snapshot and the sandbox stays usable.
    pub fn run(&mut self, code: &str) -> Result<ExecutionResult> {
        if self.config.fresh_vm_per_run && self.dirty {
            self.restore()?;
        }
        let request = RunRequest {
            code: code.to_owned(),
            max_output_bytes: self.config.max_output_bytes,
            heap_bytes: u64::from(self.config.memory_mb) * MIB,
        };
        self.dirty = true;
        let timeout = self.config.timeout;
        let outcome = {
            let _armed = self.watchdog.arm(timeout);
            self.vm.call::<Vec<u8>>(GUEST_FN_RUN, (request.encode(),))
        };
        let fired = self.watchdog.take_fired();
        let tool_calls = self.tools.take_audit();
        let (files, note, host_ops) = self.system.finish_run();
        let result = match outcome {
            Ok(bytes) => RunResponse::decode(&bytes)
                .map(ExecutionResult::from)
                .map(|mut r| {
                    if let Some(note) = note {
                        r.stderr.push_str(&format!("[sandbox] {note}\n"));
                    }
                    ExecutionResult { tool_calls, files, host_ops, ..r }
                })
                .map_err(|e| Error::Protocol(format!("undecodable guest response: {e}"))),
            Err(HyperlightError::ExecutionCanceledByHost()) if fired => Err(Error::Timeout(timeout)),
            Err(HyperlightError::GuestAborted(_, msg)) => Err(Error::GuestCrash(msg)),
            Err(e) => Err(Error::Hyperlight(e)),
        };
        if result.is_err() {
            // Whatever the guest did, the next run starts from the post-init state.
            self.restore()?;
        }
        result
    }

    /// Makes the guest fault on purpose (`ud2`, `null_write`, `wild_read`, `stack_overflow`,
    /// `panic`) and recovers like [`Sandbox::run`] does. For tests of fault handling only.
    #[doc(hidden)]
    pub fn crash_guest_for_tests(&mut self, kind: &str) -> Result<()> {
        self.dirty = true;
        let outcome = self.vm.call::<Vec<u8>>(GUEST_FN_CRASH, kind.to_owned());
        let result = match outcome {
            Ok(_) => Err(Error::Protocol("the guest did not crash".into())),
            Err(HyperlightError::GuestAborted(_, msg)) => Err(Error::GuestCrash(msg)),
            Err(e) => Err(Error::Hyperlight(e)),
        };
        self.restore()?;
        result
    }

    fn restore(&mut self) -> Result<()> {
        self.vm.restore(self.snapshot.clone())?;
        self.dirty = false;
        Ok(())
    }
}

/// A post-init snapshot with the configuration, tools, policies and host access to start VMs
/// from.
pub(crate) struct Template {
    config: SandboxConfig,
    snapshot: Arc<Snapshot>,
    tools: Bridge,
    system: System,
}

impl Template {
    /// A new micro-VM from the snapshot, with its own tool bridge and host-access state.
    pub(crate) fn spawn(&self) -> Result<Sandbox> {
        let bridge = self.tools.duplicate();
        let system = self.system.duplicate();
        let vm = with_host_functions(SandboxBuilder::from_snapshot(self.snapshot.clone()), &bridge, &system).build()?;
        let watchdog = watchdog_for(&vm, &system);
        Ok(Sandbox {
            config: self.config.clone(),
            vm,
            snapshot: self.snapshot.clone(),
            watchdog,
            tools: bridge,
            system,
            dirty: false,
        })
    }
}

/// Registers the `CallTool` host function, served by `bridge`, and `System` (files and
/// network), served by `system`.
fn with_host_functions(builder: SandboxBuilder, bridge: &Bridge, system: &System) -> SandboxBuilder {
    let bridge = bridge.clone();
    let system = system.clone();
    builder
        .host_function(HOST_FN_CALL_TOOL, move |request: Vec<u8>| Ok::<_, HyperlightError>(bridge.handle(&request)))
        .host_function(HOST_FN_SYSTEM, move |request: Vec<u8>| Ok::<_, HyperlightError>(system.handle(&request)))
}

/// The VM's watchdog, driving the run clock `system` bounds its sleeps with.
fn watchdog_for(vm: &hyperlight_host::Sandbox, system: &System) -> Watchdog {
    let handle = vm.interrupt_handle();
    Watchdog::new(system.clock(), move || {
        handle.kill();
    })
}

fn too_big() -> Error {
    Error::InvalidArgument("memory_mb is too large for this platform".into())
}

fn validate(c: &SandboxConfig) -> Result<()> {
    if c.timeout.is_zero() {
        return Err(Error::InvalidArgument("timeout must be positive".into()));
    }
    if c.memory_mb == 0 || c.memory_mb > 16 * 1024 {
        return Err(Error::InvalidArgument(format!("memory_mb must be between 1 and 16384, got {}", c.memory_mb)));
    }
    if c.max_tool_payload_bytes < 1024 || c.max_tool_payload_bytes > 64 << 20 {
        return Err(Error::InvalidArgument(format!(
            "max_tool_payload_bytes must be between 1 KiB and 64 MiB, got {}",
            c.max_tool_payload_bytes
        )));
    }
    if c.max_output_bytes == 0 || c.max_output_bytes > 64 << 20 {
        return Err(Error::InvalidArgument(format!(
            "max_output_bytes must be between 1 and 64 MiB, got {}",
            c.max_output_bytes
        )));
    }
    Ok(())
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
