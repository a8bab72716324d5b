//! One micro-VM and its lifecycle: created cold (guest load + init) or from a post-init
//! snapshot, restored to that snapshot, warmed up with our own code, and bound to one run's
//! tools and host access at a time.
//!
//! Isolation rests on one rule, kept by [`crate::Pool`]: a VM that ran a user's code is
//! restored to the snapshot before anybody else's code runs in it (unless the sandbox was
//! created with [`Isolation::ReuseVmTrusted`]). Restoring replaces guest memory, page tables,
//! the scratch region (zeroed) and vCPU state; it does not touch host-side state, which is
//! why each run binds fresh per-run host state ([`Vm::bind`]).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use hyperlight_codeact_protocol::{
    RunRequest, RunResponse, GUEST_FN_CRASH, GUEST_FN_RUN, GUEST_FN_SCAN_FOR_TESTS, GUEST_FN_VERSION,
    HOST_FN_CALL_TOOL, HOST_FN_SYSTEM, HOST_FN_TOOL_CANCEL, HOST_FN_TOOL_START, HOST_FN_TOOL_WAIT,
};
use hyperlight_host::sandbox::snapshot::Snapshot;
use hyperlight_host::{HyperlightError, SandboxBuilder};

use crate::sandbox::ExecutionResult;
use crate::system::{HostAccess, System};
use crate::tools::Bridge;
use crate::watchdog::{RunClock, Stop, Watchdog};
use crate::{guest, CancelToken, Error, Result, SandboxConfig};

pub(crate) const MIB: u64 = 1 << 20;
/// Scratch memory beyond the interpreter heap: the Rust heap, stack, copy-on-write copies of
/// image pages, page tables and the transport queues. Host memory is committed only for
/// pages the guest touches.
const SCRATCH_OVERHEAD: u64 = 96 * MIB;
/// Transport buffers: requests carry the code, responses the captured output.
pub(crate) const QUEUE_BUFFER: usize = 64 * 1024;
/// Hyperlight's own guest heap (the runtime's heaps live in scratch).
const GUEST_HEAP: u64 = 64 * 1024;
/// The host-to-guest pool, which carries each call's request (the code and its configuration).
/// It holds two buffers, the fewest hyperlight-host accepts (one in use, one spare), and calls
/// alternate between them. The warm-up sends one request through each, so the first page a
/// run's request lands on is already granted to ring 3: with 16 buffers of 64 KiB, each of the
/// first 16 calls after a restore paid a first-touch fault (an emulated ring-0 re-grant on
/// PVM, ~0.15 ms) on a buffer the warm-up had not used.
const H2G_POOL_PAGES: usize = 512;
const H2G_BUFFERS: usize = 2;
const H2G_BUFFER_BYTES: usize = H2G_POOL_PAGES / H2G_BUFFERS * 4096;
/// The most code one run takes: a request (code, configuration and framing) fits one
/// host-to-guest buffer. Longer code is refused before it reaches the VM.
pub const MAX_CODE_BYTES: usize = H2G_BUFFER_BYTES - 64 * 1024;

/// The code a freshly restored VM runs before it is offered to a user's run. It takes, off the
/// critical path, the page faults and U-bit re-grants (emulated ring-0 work on PVM) and the
/// hypervisor's shadow-paging faults that the first run after a restore would otherwise pay.
/// It is our own code: a warmed VM has run nothing from any user since the snapshot.
const WARM_UP_CODE: &str = "\
d = {'a': [1, 2.5, 'x'], 'b': (None, True)}
s = f\"{len(d)} {d['a'][1]:.1f} {'-'.join(str(i) for i in range(5))}\"
try:
    {}['k']
except KeyError as e:
    s += repr(e)
print(s, sorted(d), [i * i for i in range(20)][-1])
";
/// The warm-up's requests, one through each host-to-guest buffer so the first page of each is
/// granted before a user's run: the warm-up code, then a bare `pass`. (Padding them to cover
/// more pages of each buffer made preparing a VM costlier than the faults it saves.)
const WARM_UP_REQUESTS: [&str; H2G_BUFFERS] = [WARM_UP_CODE, "pass\n"];
/// Time limit for the warm-up (it takes milliseconds; a stuck one is dropped with its VM).
const WARM_UP_TIMEOUT: Duration = Duration::from_secs(10);

/// How runs of a sandbox are isolated from each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Isolation {
    /// Every run starts in a VM restored from the post-init snapshot that has run nothing but
    /// our own warm-up since (the default). A run cannot observe any byte a previous run wrote
    /// in the VM, even with arbitrary read/write of guest memory.
    #[default]
    FreshVm,
    /// A VM serves many runs; only the interpreter is reset between them (the VM is restored
    /// only after a failure). Faster, but a run that exploits a memory-safety bug of the
    /// interpreter can read or alter what later runs see. For a single trusted tenant only.
    ReuseVmTrusted,
}

/// The layout a snapshot fixes: VMs can be made from one snapshot only if these agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Layout {
    scratch: usize,
    g2h_pages: usize,
}

impl Layout {
    pub(crate) fn of(config: &SandboxConfig) -> Result<Self> {
        let heap = u64::from(config.memory_mb) * MIB;
        let out = u64::from(config.max_output_bytes);
        // A response (stdout, stderr, and an exception's message and traceback, each at most
        // `out`) or a tool call and its reply, plus framing, must fit the guest-to-host pool.
        let largest = (4 * out).max(2 * u64::from(config.max_tool_payload_bytes));
        let g2h_pages = usize::try_from((largest + 4 * QUEUE_BUFFER as u64).div_ceil(4096)).unwrap_or(usize::MAX);
        let scratch = usize::try_from((heap + SCRATCH_OVERHEAD + 4 * out).next_multiple_of(4096))
            .map_err(|_| Error::InvalidArgument("memory_mb is too large for this platform".into()))?;
        Ok(Self { scratch, g2h_pages: g2h_pages.max(64) })
    }

    /// A short stable name for the layout (part of an on-disk snapshot's name).
    pub(crate) fn key(self) -> String {
        // Every size the VM is built with is in the name: the ones this crate fixes (heap,
        // buffer sizes, the host-to-guest pool) as well as the config's, since a snapshot's
        // memory and rings are laid out for them and must never be mapped with others.
        format!(
            "s{}-g{}x{}-h{H2G_POOL_PAGES}x{H2G_BUFFERS}-k{}",
            self.scratch / 4096,
            self.g2h_pages,
            QUEUE_BUFFER / 1024,
            GUEST_HEAP / 1024
        )
    }
}

/// What the host functions of a VM dispatch to: the bound run's tool bridge and host access.
type HostSlot = Arc<Mutex<(Bridge, System)>>;

/// One micro-VM.
pub(crate) struct Vm {
    vm: hyperlight_host::Sandbox,
    host: HostSlot,
    /// The VM's run clock: its watchdog drives it and the bound `System` sleeps on it.
    clock: RunClock,
    watchdog: Watchdog,
    /// Code ran since the last restore (ours or a user's).
    ran: bool,
    /// A user's code ran since the last restore.
    used: bool,
    /// Our warm-up ran since the last restore.
    warm: bool,
}

/// Host state for a VM that is not serving a user's run: no tools, no files, no network.
fn null_host(clock: &RunClock) -> (Bridge, System) {
    let access = HostAccess { output_dir: false, ..HostAccess::default() };
    let system = System::new(access).expect("an empty HostAccess is valid").with_clock(clock.clone());
    (Bridge::default(), system)
}

fn lock(slot: &HostSlot) -> std::sync::MutexGuard<'_, (Bridge, System)> {
    // The slot holds two handles; a panic elsewhere cannot leave them half-updated.
    slot.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Vm {
    /// Loads the guest, runs its init and returns the VM with its post-init snapshot.
    pub(crate) fn cold(layout: Layout) -> Result<(Self, Arc<Snapshot>)> {
        let started = std::time::Instant::now();
        let (host, clock) = Self::slot();
        let mut vm = with_host_functions(SandboxBuilder::from_bytes(guest::GUEST_BINARY), &host)
            .heap_size(GUEST_HEAP)
            .scratch_size(layout.scratch)
            .h2g_buffer_size(H2G_BUFFER_BYTES)
            .h2g_pool_pages(H2G_POOL_PAGES)
            .g2h_buffer_size(QUEUE_BUFFER)
            .g2h_pool_pages(layout.g2h_pages)
            .build()?;
        let version: String = vm.call(GUEST_FN_VERSION, ())?;
        if version != *guest::GUEST_VERSION_STRING {
            return Err(Error::Protocol(format!(
                "guest reports version {version:?}, host expects {:?}",
                *guest::GUEST_VERSION_STRING
            )));
        }
        let snapshot = vm.snapshot()?;
        crate::trace::created(started.elapsed(), false);
        Ok((Self::wrap(vm, host, clock), snapshot))
    }

    /// A new VM started from a post-init snapshot (no guest load, no init).
    pub(crate) fn from_snapshot(snapshot: &Arc<Snapshot>) -> Result<Self> {
        let started = std::time::Instant::now();
        let (host, clock) = Self::slot();
        let vm = with_host_functions(SandboxBuilder::from_snapshot(snapshot.clone()), &host).build()?;
        crate::trace::created(started.elapsed(), true);
        Ok(Self::wrap(vm, host, clock))
    }

    /// A VM that has run nothing since its creation, with its watchdog.
    fn wrap(vm: hyperlight_host::Sandbox, host: HostSlot, clock: RunClock) -> Self {
        let watchdog = watchdog_for(&vm, &clock);
        Self { vm, host, clock, watchdog, ran: false, used: false, warm: false }
    }

    fn slot() -> (HostSlot, RunClock) {
        let clock = RunClock::default();
        (Arc::new(Mutex::new(null_host(&clock))), clock)
    }

    /// Returns the VM to the post-init snapshot: memory, page tables, scratch and vCPU state.
    pub(crate) fn restore(&mut self, snapshot: &Arc<Snapshot>) -> Result<()> {
        // Until the restore succeeds the VM may be half-reset: keep the flags pessimistic.
        let started = std::time::Instant::now();
        self.vm.restore(snapshot.clone())?;
        crate::trace::restored(started.elapsed());
        self.ran = false;
        self.used = false;
        self.warm = false;
        Ok(())
    }

    /// True when any code ran in the VM since its last restore.
    pub(crate) fn ran_code(&self) -> bool {
        self.ran
    }

    /// True when a user's code ran in the VM since its last restore.
    #[cfg(test)]
    pub(crate) fn used(&self) -> bool {
        self.used
    }

    /// True when the VM is warmed up and has run no user's code since its restore.
    pub(crate) fn is_warm_and_unused(&self) -> bool {
        self.warm && !self.used
    }

    /// Runs our warm-up code, so the next run finds its pages mapped.
    pub(crate) fn warm_up(&mut self, config: &SandboxConfig) -> Result<()> {
        let warm = SandboxConfig { timeout: WARM_UP_TIMEOUT, ..config.clone() };
        for code in WARM_UP_REQUESTS {
            let r = self.execute(code, &warm, &CancelToken::new())?;
            if !r.success() {
                return Err(Error::Protocol(format!("the warm-up run failed: {:?} {}", r.error(), r.stderr)));
            }
        }
        self.warm = true;
        Ok(())
    }

    /// Makes the VM's host functions serve `bridge` and `system` (one run's state), until the
    /// next bind. Done before every user's run, so no host-side state crosses runs either.
    pub(crate) fn bind(&mut self, bridge: Bridge, system: &System) {
        // Tool calls wait for their tool at most until the run's deadline.
        bridge.set_clock(self.clock.clone());
        *lock(&self.host) = (bridge, system.with_clock(self.clock.clone()));
    }

    /// Drops the bound run's state (tools, mounts), so an idle VM holds no reference to them.
    pub(crate) fn unbind(&mut self) {
        *lock(&self.host) = null_host(&self.clock);
    }

    /// Runs `code` with the bound host state. On any error the VM is left dirty (and possibly
    /// poisoned): the caller restores it before its next use.
    pub(crate) fn run(&mut self, code: &str, config: &SandboxConfig, token: &CancelToken) -> Result<ExecutionResult> {
        self.used = true;
        let started = std::time::Instant::now();
        let result = self.execute(code, config, token);
        crate::trace::run_finished(code, &result, started.elapsed());
        result
    }

    fn execute(&mut self, code: &str, config: &SandboxConfig, token: &CancelToken) -> Result<ExecutionResult> {
        if code.len() > MAX_CODE_BYTES {
            return Err(Error::InvalidArgument(format!(
                "the code is {} bytes; a run takes at most {MAX_CODE_BYTES} bytes",
                code.len()
            )));
        }
        let request = RunRequest {
            code: code.to_owned(),
            max_output_bytes: config.max_output_bytes,
            heap_bytes: u64::from(config.memory_mb) * MIB,
        };
        self.ran = true;
        let timeout = config.timeout;
        let outcome = {
            let _armed = self.watchdog.arm(timeout);
            let outcome = match token.attach(&self.clock) {
                Some(reason) => Err(Error::Interrupted(reason)),
                None => Ok(self.vm.call::<Vec<u8>>(GUEST_FN_RUN, (request.encode(),))),
            };
            token.detach();
            outcome
        };
        let fired = self.watchdog.take_fired();
        let (bridge, system) = lock(&self.host).clone();
        let tool_calls = bridge.take_audit();
        let (files, note, host_ops) = system.finish_run();
        let max_output = config.max_output_bytes as usize;
        match outcome {
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
        }
    }

    /// Makes the guest fault on purpose (tests of fault handling only).
    pub(crate) fn crash(&mut self, kind: &str) -> Result<()> {
        self.ran = true;
        self.used = true;
        match self.vm.call::<Vec<u8>>(GUEST_FN_CRASH, kind.to_owned()) {
            Ok(_) => Err(Error::Protocol("the guest did not crash".into())),
            Err(HyperlightError::GuestAborted(_, msg)) => Err(Error::GuestCrash(msg)),
            Err(e) => Err(Error::Hyperlight(e)),
        }
    }
}

impl Vm {
    /// Scans guest memory readable by ring 3 for `needle` (tests of isolation only).
    pub(crate) fn scan(&mut self, needle: &[u8]) -> Result<Vec<u64>> {
        self.ran = true;
        self.used = true;
        // Sent inverted, so that the request itself holds no copy of the needle.
        let masked: Vec<u8> = needle.iter().map(|b| b ^ 0xff).collect();
        let bytes = match self.vm.call::<Vec<u8>>(GUEST_FN_SCAN_FOR_TESTS, (masked,)) {
            Ok(bytes) => bytes,
            Err(HyperlightError::GuestAborted(_, msg)) => return Err(Error::GuestCrash(msg)),
            Err(e) => return Err(Error::Hyperlight(e)),
        };
        if bytes.len() < 8 || bytes.len() % 8 != 0 {
            return Err(Error::Protocol("malformed scan reply".into()));
        }
        Ok(bytes[8..].chunks_exact(8).map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default())).collect())
    }
}

/// Registers `CallTool` and `System`, dispatching to whatever `slot` holds at call time.
fn with_host_functions(builder: SandboxBuilder, slot: &HostSlot) -> SandboxBuilder {
    let builder = with_concurrent_tool_functions(builder, slot);
    let tools = slot.clone();
    let system = slot.clone();
    builder
        .host_function(HOST_FN_CALL_TOOL, move |request: Vec<u8>| {
            // Cloned out of the lock: the tool runs without holding it.
            let bridge = lock(&tools).0.clone();
            Ok::<_, HyperlightError>(bridge.handle(&request))
        })
        .host_function(HOST_FN_SYSTEM, move |request: Vec<u8>| {
            let system = lock(&system).1.clone();
            Ok::<_, HyperlightError>(system.handle(&request))
        })
}

/// Registers `ToolStart`, `ToolWait` and `ToolCancel` (concurrent tool calls, `acall_tool`), served by the
/// bound bridge; waits end at the run's deadline, which the bound `System`'s clock carries.
fn with_concurrent_tool_functions(builder: SandboxBuilder, slot: &HostSlot) -> SandboxBuilder {
    let (start, wait, cancel) = (slot.clone(), slot.clone(), slot.clone());
    builder
        .host_function(HOST_FN_TOOL_CANCEL, move |request: Vec<u8>| {
            let bridge = lock(&cancel).0.clone();
            Ok::<_, HyperlightError>(bridge.cancel(&request))
        })
        .host_function(HOST_FN_TOOL_START, move |request: Vec<u8>| {
            let (bridge, clock) = {
                let host = lock(&start);
                (host.0.clone(), host.1.clock())
            };
            Ok::<_, HyperlightError>(bridge.start(&request, &clock))
        })
        .host_function(HOST_FN_TOOL_WAIT, move |request: Vec<u8>| {
            let (bridge, clock) = {
                let host = lock(&wait);
                (host.0.clone(), host.1.clock())
            };
            Ok::<_, HyperlightError>(bridge.wait(&request, &clock))
        })
}

/// The VM's watchdog, driving the run clock the bound `System` bounds its sleeps with.
fn watchdog_for(vm: &hyperlight_host::Sandbox, clock: &RunClock) -> Watchdog {
    let handle = vm.interrupt_handle();
    Watchdog::new(clock.clone(), move || {
        handle.kill();
    })
}

/// Time spent preparing VMs, for benchmarks: (VMs prepared, total time).
#[derive(Debug, Default, Clone, Copy)]
pub struct PrepStats {
    /// VMs restored (or created from the snapshot) and warmed up in the background.
    pub prepared: u64,
    /// Wall time those preparations took in total.
    pub busy: Duration,
    /// Runs that found no prepared VM and restored or created one themselves.
    pub prepared_inline: u64,
}
