//! `Sandbox`: one Hyperlight micro-VM running the embedded MicroPython guest.

use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use hyperlight_codeact_protocol::{
    GuestException, RunRequest, RunResponse, GUEST_FN_CRASH, GUEST_FN_RUN, GUEST_FN_VERSION, HOST_FN_CALL_TOOL,
    HOST_FN_SYSTEM,
};
use hyperlight_host::sandbox::snapshot::Snapshot;
use hyperlight_host::{HyperlightError, SandboxBuilder};

use crate::system::{HostAccess, HostOpRecord, OutputFile, System};
use crate::tools::{Bridge, ToolCallRecord, ToolHost, ToolPolicy};
use crate::watchdog::{RunClock, Stop, Watchdog};
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
    /// The process the VM was created in (a `fork()` child cannot use it).
    pid: u32,
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

    /// Stops the run using this token (its VM is stopped and restored, and the run returns
    /// [`Error::Interrupted`] with `reason`).
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
    fn attach(&self, clock: &RunClock) -> Option<String> {
        let mut s = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        s.clock = Some(clock.clone());
        s.reason.clone()
    }

    fn detach(&self) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clock = None;
    }
}

pub(crate) const MIB: u64 = 1 << 20;
/// Scratch memory beyond the interpreter heap: the Rust heap, stack, copy-on-write copies of
/// image pages, page tables and the transport queues. Host memory is committed only for
/// pages the guest touches.
pub(crate) const SCRATCH_OVERHEAD: u64 = 96 * MIB;
/// Transport buffers: requests carry the code, responses the captured output.
pub(crate) const QUEUE_BUFFER: usize = 64 * 1024;

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
        Ok(Self { config, vm, snapshot, watchdog, tools: bridge, system, dirty: false, pid: std::process::id() })
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
            pid: self.pid,
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
        self.run_cancellable(code, &CancelToken::new())
    }

    /// Like [`Sandbox::run`]; [`CancelToken::cancel`] on `token` (from any thread) stops the
    /// run at once with [`Error::Interrupted`].
    ///
    /// # Errors
    /// As [`Sandbox::run`]; [`Error::Interrupted`] when cancelled; [`Error::Reentrant`] when
    /// called from one of this sandbox's own tools; [`Error::Forked`] in a `fork()` child.
    pub fn run_cancellable(&mut self, code: &str, token: &CancelToken) -> Result<ExecutionResult> {
        check_usable(self.pid, &self.tools)?;
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
            let cancelled = token.attach(&self.system.clock());
            let outcome = match cancelled {
                Some(reason) => Err(Error::Interrupted(reason)),
                None => Ok(self.vm.call::<Vec<u8>>(GUEST_FN_RUN, (request.encode(),))),
            };
            token.detach();
            outcome
        };
        let fired = self.watchdog.take_fired();
        let tool_calls = self.tools.take_audit();
        let (files, note, host_ops) = self.system.finish_run();
        let max_output = self.config.max_output_bytes as usize;
        let result = match outcome {
            Err(e) => Err(e),
            Ok(Ok(bytes)) => RunResponse::decode(&bytes)
                .map(ExecutionResult::from)
                .map(|mut r| {
                    if let Some(note) = note {
                        r.add_note(&note, max_output);
                    }
                    ExecutionResult { tool_calls, files, host_ops, ..r }
                })
                .map_err(|e| Error::Protocol(format!("undecodable guest response: {e}"))),
            Ok(Err(HyperlightError::ExecutionCanceledByHost())) if fired.is_some() => match fired {
                Some(Stop::Interrupted(reason)) => Err(Error::Interrupted(reason)),
                _ => Err(Error::Timeout(timeout)),
            },
            Ok(Err(HyperlightError::GuestAborted(_, msg))) => Err(Error::GuestCrash(msg)),
            Ok(Err(e)) => Err(Error::Hyperlight(e)),
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
    pid: u32,
}

impl Template {
    /// The checks [`Sandbox::run`] makes before waiting for a VM.
    pub(crate) fn check_usable(&self) -> Result<()> {
        check_usable(self.pid, &self.tools)
    }

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
            pid: self.pid,
        })
    }
}

/// Registers the `CallTool` host function, served by `bridge`, and `System` (files and
/// network), served by `system`.
fn with_host_functions(builder: SandboxBuilder, bridge: &Bridge, system: &System) -> SandboxBuilder {
    // Tool calls wait for their tool at most until the run's deadline.
    bridge.set_clock(system.clock());
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

/// Refuses a run in a `fork()` child, or from one of the sandbox's own tools.
fn check_usable(pid: u32, tools: &Bridge) -> Result<()> {
    let now = std::process::id();
    if now != pid {
        return Err(Error::Forked { created_in: pid, used_in: now });
    }
    if crate::tools::inside_call_of(tools.tools_id()) {
        return Err(Error::Reentrant(
            "run() was called from one of this sandbox's own tools, while the run that called the tool waits for \
             it; use a second Sandbox for nested runs"
                .into(),
        ));
    }
    Ok(())
}

fn too_big() -> Error {
    Error::InvalidArgument("memory_mb is too large for this platform".into())
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

fn validate(c: &SandboxConfig) -> Result<()> {
    if c.timeout.is_zero() {
        return Err(Error::InvalidArgument("timeout must be positive".into()));
    }
    for (name, value, range) in [
        ("memory_mb", c.memory_mb, SandboxConfig::MEMORY_MB),
        ("max_output_bytes", c.max_output_bytes, SandboxConfig::MAX_OUTPUT_BYTES),
        ("max_tool_payload_bytes", c.max_tool_payload_bytes, SandboxConfig::MAX_TOOL_PAYLOAD_BYTES),
    ] {
        if !range.contains(&value) {
            return Err(Error::InvalidArgument(out_of_range(name, &range, value)));
        }
    }
    Ok(())
}

impl ExecutionResult {
    /// Appends `[sandbox] note` to stderr within `max_output` bytes: the note is cut to fit,
    /// and stderr is cut to make room for it (both flagged as truncation).
    fn add_note(&mut self, note: &str, max_output: usize) {
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
