//! The VM pool behind every sandbox: fresh micro-VMs prepared in the background, one checked
//! out per run, grown on demand for concurrent runs.
//!
//! A VM is in one of three states while idle:
//! - **ready**: restored from the post-init snapshot and warmed up with our own code (the
//!   page faults, ring-0 U-bit re-grants and shadow-paging faults a restored VM pays on first
//!   touch are taken); a run that gets one pays only for its own code;
//! - **clean**: restored but not warmed (cheap to keep: its scratch memory was released);
//! - **dirty**: a user's code ran in it. It is never offered to another run before a restore
//!   (with [`Isolation::FreshVm`], the default).
//!
//! A background thread per pool (the *preparer*) restores dirty VMs as they come back and keeps
//! [`PoolOptions::ready_vms`] VMs ready, creating new ones from the snapshot when there are
//! none to restore. A run takes a ready VM if there is one; else a clean one (and pays the
//! warm-up faults during its run); else restores a dirty one itself; else creates a new VM if
//! fewer than [`PoolOptions::max_vms`] exist; else waits for one to come back.
//!
//! Snapshots are cached per layout for the life of the process, and a dropped pool leaves up
//! to two ready VMs to the next pool of the same layout, so only the first sandbox of a process
//! pays the guest's init.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use hyperlight_host::sandbox::snapshot::Snapshot;

use crate::snapshot_store;
use crate::system::System;
use crate::tools::{Bridge, ToolHost, ToolPolicy};
use crate::vm::{Isolation, Layout, PrepStats, Vm};
use crate::{hypervisor, CancelToken, Error, ExecutionResult, Result, SandboxConfig};

/// Sizes of a pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct PoolOptions {
    /// Most VMs alive at once, running or idle (default 32). Runs beyond it wait for a VM.
    /// Each live VM reserves `memory_mb` + ~100 MiB of address space; host memory is committed
    /// only for the pages its guest touches.
    pub max_vms: usize,
    /// VMs kept restored and warmed up, ready for the next runs (default 2).
    pub ready_vms: usize,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self { max_vms: DEFAULT_MAX_VMS, ready_vms: DEFAULT_READY_VMS }
    }
}

impl PoolOptions {
    /// At most `max_vms` VMs, `ready_vms` of them kept ready (capped at `max_vms`).
    #[must_use]
    pub fn new(max_vms: usize, ready_vms: usize) -> Self {
        Self { max_vms, ready_vms: ready_vms.min(max_vms) }
    }

    /// Options with at most `max_vms` VMs (and no more ready ones than that).
    #[must_use]
    pub fn with_max_vms(max_vms: usize) -> Self {
        Self { max_vms, ready_vms: DEFAULT_READY_VMS.min(max_vms) }
    }
}

/// Where a pool's post-init snapshot came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SnapshotOrigin {
    /// Made by this pool: the guest was loaded and initialised (then saved to disk for the
    /// next process, unless the store is off).
    Created,
    /// Taken from the process's cache (an earlier pool of the same layout made or loaded it).
    Process,
    /// Mapped from the on-disk store, where an earlier process saved it.
    Disk,
}

/// Default [`PoolOptions::max_vms`].
pub const DEFAULT_MAX_VMS: usize = 32;
/// Default [`PoolOptions::ready_vms`].
pub const DEFAULT_READY_VMS: usize = 2;
/// Ready VMs a dropped pool leaves for the next pool of its layout.
const SPARES_PER_LAYOUT: usize = 2;

/// What every VM of a pool is made from and bound to.
struct Template {
    config: SandboxConfig,
    layout: Layout,
    snapshot: Arc<Snapshot>,
    origin: SnapshotOrigin,
    /// Tools, policy and limits; each run binds a duplicate (its own audit and counters).
    tools: Bridge,
    /// Host access policy; each run binds a copy with its own per-run state.
    system: System,
}

struct State {
    options: PoolOptions,
    ready: Vec<Vm>,
    clean: Vec<Vm>,
    dirty: Vec<Vm>,
    /// VMs alive: idle, running, or being prepared.
    live: usize,
    /// VMs the preparer is restoring or warming right now.
    preparing: usize,
    /// Runs waiting for one of those (at most one per VM in preparation).
    waiting_for_preparer: usize,
    shutdown: bool,
    stats: PrepStats,
}

impl State {
    fn new(options: PoolOptions) -> Self {
        Self {
            options,
            ready: Vec::new(),
            clean: Vec::new(),
            dirty: Vec::new(),
            live: 0,
            preparing: 0,
            waiting_for_preparer: 0,
            shutdown: false,
            stats: PrepStats::default(),
        }
    }
}

struct Inner {
    template: Template,
    /// The process the pool was created in (a `fork()` child cannot use its VMs).
    pid: u32,
    state: Mutex<State>,
    /// Notified on every change of `State`; runs and the preparer both wait on it.
    changed: Condvar,
}

/// Runs code blocks on fresh micro-VMs, up to [`PoolOptions::max_vms`] at once. `Pool` is
/// `Sync`: share it between threads (e.g. in an `Arc`) and call [`Pool::run`] from each.
pub struct Pool {
    inner: Arc<Inner>,
    preparer: Option<JoinHandle<()>>,
}

/// Post-init snapshots per layout, for the life of the process (a snapshot is immutable).
static SNAPSHOTS: LazyLock<Mutex<HashMap<Layout, Arc<Snapshot>>>> = LazyLock::new(Mutex::default);
/// Ready VMs left by dropped pools, per layout (they have run only our own code since their
/// restore, and are bound to no run).
static SPARES: LazyLock<Mutex<Spares>> = LazyLock::new(Mutex::default);

#[derive(Default)]
struct Spares {
    /// The process that created them: a forked child must not use its parent's VMs.
    pid: u32,
    vms: HashMap<Layout, Vec<Vm>>,
}

impl Spares {
    fn mine(&mut self) -> &mut HashMap<Layout, Vec<Vm>> {
        let pid = std::process::id();
        if self.pid != pid {
            // The parent's VMs (their vCPU threads are gone in a child) are forgotten, not
            // dropped: tearing them down here could touch the parent's hypervisor state.
            std::mem::forget(std::mem::take(&mut self.vms));
            self.pid = pid;
        }
        &mut self.vms
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // Pool bookkeeping is plain data updated in single steps: a panic elsewhere cannot leave it
    // half-updated, so a poisoned lock is still consistent.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Pool {
    /// Creates a pool (for [`crate::SandboxBuilder`]): takes the process's cached snapshot for
    /// this configuration's layout (or creates the first VM cold and snapshots it), and starts
    /// preparing ready VMs.
    ///
    /// # Errors
    /// [`Error::NoHypervisor`] when no hypervisor is usable; [`Error::InvalidArgument`] for a
    /// bad configuration or `max_vms` of 0; [`Error::Hyperlight`] when a VM cannot be created.
    pub(crate) fn with_options(
        config: SandboxConfig,
        tools: Option<Arc<dyn ToolHost>>,
        options: PoolOptions,
    ) -> Result<Self> {
        validate(&config)?;
        if options.max_vms == 0 {
            return Err(Error::InvalidArgument("the pool needs at least one VM (max_vms >= 1)".into()));
        }
        let options = PoolOptions { ready_vms: options.ready_vms.min(options.max_vms), ..options };
        let layout = Layout::of(&config)?;
        let bridge = Bridge::default();
        bridge.set_tools(tools);
        bridge.set_limits(config.max_tool_calls, config.max_tool_payload_bytes as usize);
        bridge.set_error_detail(config.tool_error_detail);
        let system = System::new(config.access.clone()).map_err(|e| Error::InvalidArgument(e.message))?;

        let mut state = State::new(options);
        let cached = lock(&SNAPSHOTS).get(&layout).cloned();
        let (snapshot, origin) = if let Some(snapshot) = cached {
            let mut spares = lock(&SPARES);
            let mine = match spares.mine().get_mut(&layout) {
                // At most `max_vms` (leave the rest for other pools).
                Some(list) => list.split_off(list.len().saturating_sub(options.max_vms)),
                None => Vec::new(),
            };
            drop(spares);
            state.live = mine.len();
            state.ready = mine;
            (snapshot, SnapshotOrigin::Process)
        } else {
            let hv = hypervisor::detect();
            if !hv.usable() {
                return Err(Error::NoHypervisor {
                    problem: hv.problem.unwrap_or_default(),
                    fix: hv.fix.unwrap_or_default(),
                });
            }
            // A snapshot an earlier process saved (no guest load, no init), else a cold VM
            // whose snapshot is saved for the next process.
            let from_disk =
                snapshot_store::load(layout).and_then(|snapshot| Some((Vm::from_snapshot(&snapshot).ok()?, snapshot)));
            let (vm, snapshot, origin) = match from_disk {
                Some((vm, snapshot)) => (vm, snapshot, SnapshotOrigin::Disk),
                None => {
                    let (vm, snapshot) = Vm::cold(layout)?;
                    snapshot_store::save_for_later_processes(layout, &snapshot);
                    (vm, snapshot, SnapshotOrigin::Created)
                }
            };
            // It has run only the guest's init: as clean as a restored VM.
            state.clean.push(vm);
            state.live = 1;
            (lock(&SNAPSHOTS).entry(layout).or_insert(snapshot).clone(), origin)
        };
        Self::start(Template { config, layout, snapshot, origin, tools: bridge, system }, state)
    }

    /// Turns a sandbox into a pool of up to `size` VMs, keeping its configuration, tools and
    /// tool policy.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `size` is 0.
    pub fn from_sandbox(sandbox: crate::Sandbox, size: usize) -> Result<Self> {
        if size == 0 {
            return Err(Error::InvalidArgument("pool size must be at least 1".into()));
        }
        let pool = sandbox.into_pool();
        pool.set_options(PoolOptions::with_max_vms(size));
        Ok(pool)
    }

    /// A new pool with this one's configuration, tools, policy and snapshot.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when the preparer thread cannot be started.
    pub fn duplicate(&self) -> Result<Self> {
        let t = &self.inner.template;
        let template = Template {
            config: t.config.clone(),
            layout: t.layout,
            snapshot: t.snapshot.clone(),
            origin: SnapshotOrigin::Process,
            tools: t.tools.duplicate(),
            system: t.system.duplicate(),
        };
        let options = lock(&self.inner.state).options;
        Self::start(template, State::new(options))
    }

    fn start(template: Template, state: State) -> Result<Self> {
        let inner =
            Arc::new(Inner { template, pid: std::process::id(), state: Mutex::new(state), changed: Condvar::new() });
        let worker = inner.clone();
        let preparer = std::thread::Builder::new()
            .name("hlc-vm-preparer".into())
            .spawn(move || worker.prepare_loop())
            .map_err(|e| Error::InvalidArgument(format!("cannot start the VM preparer thread: {e}")))?;
        Ok(Self { inner, preparer: Some(preparer) })
    }

    /// Changes the pool's sizes; VMs beyond a lower `max_vms` are dropped as they come back.
    pub fn set_options(&self, options: PoolOptions) {
        let options =
            PoolOptions { ready_vms: options.ready_vms.min(options.max_vms.max(1)), max_vms: options.max_vms.max(1) };
        let mut s = lock(&self.inner.state);
        s.options = options;
        drop(s);
        self.inner.changed.notify_all();
    }

    /// The configuration every run of this pool uses.
    #[must_use]
    pub fn config(&self) -> &SandboxConfig {
        &self.inner.template.config
    }

    /// The most VMs this pool runs at once.
    #[must_use]
    pub fn size(&self) -> usize {
        lock(&self.inner.state).options.max_vms
    }

    /// VMs alive (idle, running or being prepared), at most [`Pool::size`].
    #[must_use]
    pub fn created(&self) -> usize {
        lock(&self.inner.state).live
    }

    /// VMs ready right now (restored and warmed up).
    #[must_use]
    pub fn ready(&self) -> usize {
        lock(&self.inner.state).ready.len()
    }

    /// Where this pool's post-init snapshot came from.
    #[must_use]
    pub fn snapshot_origin(&self) -> SnapshotOrigin {
        self.inner.template.origin
    }

    /// What the background preparation has cost so far (for benchmarks).
    #[must_use]
    pub fn prep_stats(&self) -> PrepStats {
        lock(&self.inner.state).stats
    }

    /// Waits until `n` VMs are ready (at most `timeout`); true if they are. For benchmarks and
    /// tests that want a steady state.
    pub fn wait_ready(&self, n: usize, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        let mut s = lock(&self.inner.state);
        while s.ready.len() < n {
            let now = Instant::now();
            if now >= end {
                return false;
            }
            s = self.inner.changed.wait_timeout(s, end - now).unwrap_or_else(PoisonError::into_inner).0;
        }
        true
    }

    /// Sets the hook checked before every tool call (`None` allows all), for
    /// [`crate::SandboxBuilder`].
    pub(crate) fn set_tool_policy(&self, policy: Option<ToolPolicy>) {
        self.inner.template.tools.set_policy(policy);
    }

    /// Runs `code` in a fresh VM (see the module docs for which one) and returns what it
    /// produced.
    ///
    /// # Errors
    /// [`Error::Timeout`] past the time limit, [`Error::GuestCrash`] when the guest faults,
    /// [`Error::Protocol`] for a malformed guest reply, [`Error::Hyperlight`] when a VM cannot
    /// be created or restored. The pool stays usable after each: the VM that failed is
    /// restored (or replaced) before any further use.
    pub fn run(&self, code: &str) -> Result<ExecutionResult> {
        self.run_cancellable(code, &CancelToken::new())
    }

    /// Like [`Pool::run`]; [`CancelToken::cancel`] (from any thread) stops the run at once
    /// with [`Error::Interrupted`].
    ///
    /// # Errors
    /// As [`Pool::run`]; [`Error::Interrupted`] when cancelled; [`Error::Reentrant`] when
    /// called from one of this pool's own tools (it would wait for itself), at once;
    /// [`Error::Forked`] in a `fork()` child.
    pub fn run_cancellable(&self, code: &str, token: &CancelToken) -> Result<ExecutionResult> {
        // Before waiting for a VM: a run from one of its own tools would wait forever.
        self.check_usable()?;
        let mut lease = self.inner.checkout()?;
        let t = &self.inner.template;
        let vm = lease.vm.as_mut().expect("a lease holds a VM until dropped");
        vm.bind(t.tools.duplicate(), &t.system);
        let result = vm.run(code, &t.config, token);
        lease.failed = result.is_err();
        result
    }

    /// Refuses a run in a `fork()` child (the VMs and threads belong to the parent), or from
    /// one of this pool's own tools.
    fn check_usable(&self) -> Result<()> {
        let now = std::process::id();
        if now != self.inner.pid {
            return Err(Error::Forked { created_in: self.inner.pid, used_in: now });
        }
        if crate::tools::inside_call_of(self.inner.template.tools.tools_id()) {
            return Err(Error::Reentrant(
                "run() was called from one of this sandbox's own tools, while the run that called the tool waits \
                 for it; use a second Sandbox for nested runs"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Runs `f` on a VM of this pool as a user's run would (marking it used), for tests of
    /// fault handling and of isolation.
    pub(crate) fn with_vm<R>(&self, f: impl FnOnce(&mut Vm) -> Result<R>) -> Result<R> {
        let mut lease = self.inner.checkout()?;
        let t = &self.inner.template;
        let vm = lease.vm.as_mut().expect("a lease holds a VM until dropped");
        vm.bind(t.tools.duplicate(), &t.system);
        let result = f(vm);
        lease.failed = result.is_err();
        result
    }
}

impl Inner {
    /// Takes a VM for one run: ready, else clean, else dirty (restored here), else new; else
    /// waits for one to come back, at most the run's time limit.
    fn checkout(&self) -> Result<Lease<'_>> {
        let timeout = self.template.config.timeout;
        let deadline = Instant::now().checked_add(timeout);
        let mut s = lock(&self.state);
        loop {
            if let Some(vm) = s.ready.pop().or_else(|| s.clean.pop()) {
                drop(s);
                // The preparer refills what was taken.
                self.changed.notify_all();
                return Ok(Lease { inner: self, vm: Some(vm), failed: false });
            }
            let max = s.options.max_vms;
            if let Some(mut vm) = s.dirty.pop() {
                s.stats.prepared_inline += 1;
                drop(s);
                // Not reused dirty: restored here, on this run's time.
                return self.lease_made(|| vm.restore(&self.template.snapshot).map(|()| vm));
            }
            // No VM to restore here: one the preparer is restoring or warming is ready sooner
            // than a new one this run would create (the same work and more, on this run's
            // time). One waiting run per VM in preparation; the others create their own.
            if s.preparing > s.waiting_for_preparer {
                s.waiting_for_preparer += 1;
                s = self.wait(s, deadline);
                s.waiting_for_preparer -= 1;
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    return Err(Error::Timeout(timeout));
                }
                continue;
            }
            if s.live < max {
                s.live += 1;
                s.stats.prepared_inline += 1;
                drop(s);
                return self.lease_made(|| Vm::from_snapshot(&self.template.snapshot));
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Err(Error::Timeout(timeout));
            }
            s = self.wait(s, deadline);
        }
    }

    /// A lease of the VM `make` restores or creates for a slot already counted in `live`; the
    /// lease frees the slot again if that fails.
    fn lease_made(&self, make: impl FnOnce() -> Result<Vm>) -> Result<Lease<'_>> {
        let mut lease = Lease { inner: self, vm: None, failed: true };
        lease.vm = Some(make()?);
        lease.failed = false;
        Ok(lease)
    }

    /// Waits for a change of the pool's state, at most until `deadline`.
    fn wait<'a>(&self, s: MutexGuard<'a, State>, deadline: Option<Instant>) -> MutexGuard<'a, State> {
        match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                self.changed.wait_timeout(s, left).unwrap_or_else(PoisonError::into_inner).0
            }
            None => self.changed.wait(s).unwrap_or_else(PoisonError::into_inner),
        }
    }

    /// A VM back from a run.
    fn give_back(&self, mut vm: Vm, failed: bool) {
        vm.unbind();
        let mut s = lock(&self.state);
        if s.shutdown {
            s.live -= 1;
            drop(s);
            drop(vm);
            return;
        }
        if s.live > s.options.max_vms {
            s.live -= 1;
            drop(s);
            drop(vm);
            return;
        }
        match self.template.config.isolation {
            Isolation::ReuseVmTrusted if !failed => s.ready.push(vm),
            _ => s.dirty.push(vm),
        }
        drop(s);
        self.changed.notify_all();
    }

    /// The preparer thread: restores what comes back dirty, keeps `ready_vms` ready.
    fn prepare_loop(&self) {
        let mut s = lock(&self.state);
        loop {
            if s.shutdown {
                return;
            }
            let want_ready = s.ready.len() + s.preparing < s.options.ready_vms;
            let job = if let Some(vm) = s.dirty.pop() {
                Some((Some(vm), want_ready))
            } else if want_ready {
                if let Some(vm) = s.clean.pop() {
                    Some((Some(vm), true))
                } else if s.live < s.options.max_vms {
                    s.live += 1;
                    Some((None, true))
                } else {
                    None
                }
            } else {
                None
            };
            let Some((vm, warm)) = job else {
                s = self.changed.wait(s).unwrap_or_else(PoisonError::into_inner);
                continue;
            };
            s.preparing += 1;
            drop(s);
            let started = Instant::now();
            let prepared = self.prepare(vm, warm);
            let busy = started.elapsed();
            s = lock(&self.state);
            s.preparing -= 1;
            match prepared {
                Ok(vm) => {
                    if warm {
                        s.stats.prepared += 1;
                        s.stats.busy += busy;
                        s.ready.push(vm);
                    } else {
                        s.clean.push(vm);
                    }
                }
                // A VM that cannot be restored or warmed is dropped; its slot frees.
                Err(_) => s.live -= 1,
            }
            self.changed.notify_all();
        }
    }

    fn prepare(&self, vm: Option<Vm>, warm: bool) -> Result<Vm> {
        let t = &self.template;
        let mut vm = match vm {
            Some(vm) => vm,
            None => Vm::from_snapshot(&t.snapshot)?,
        };
        if vm.ran_code() {
            vm.restore(&t.snapshot)?;
        }
        if warm {
            vm.warm_up(&t.config)?;
        }
        Ok(vm)
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        let leftovers = {
            let mut s = lock(&self.inner.state);
            s.shutdown = true;
            std::mem::take(&mut s.ready)
        };
        self.inner.changed.notify_all();
        if let Some(t) = self.preparer.take() {
            let _ = t.join();
        }
        // Ready VMs have run only our own code since their restore: the next pool of this
        // layout may start with them (reuse-mode VMs may have run users' code: never shared).
        if self.inner.template.config.isolation == Isolation::FreshVm {
            let mut spares = lock(&SPARES);
            let list = spares.mine().entry(self.inner.template.layout).or_default();
            for vm in leftovers {
                if list.len() < SPARES_PER_LAYOUT && vm.is_warm_and_unused() {
                    list.push(vm);
                }
            }
        }
    }
}

/// One checked-out VM; going out of scope gives it back (to be restored before its next use)
/// or frees its slot when it could not be created or restored.
struct Lease<'a> {
    inner: &'a Inner,
    vm: Option<Vm>,
    failed: bool,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        match self.vm.take() {
            Some(vm) if !std::thread::panicking() => self.inner.give_back(vm, self.failed),
            vm => {
                let mut s = lock(&self.inner.state);
                s.live -= 1;
                drop(s);
                drop(vm);
                self.inner.changed.notify_all();
            }
        }
    }
}

pub(crate) fn validate(c: &SandboxConfig) -> Result<()> {
    if c.timeout.is_zero() {
        return Err(Error::InvalidArgument("timeout must be positive".into()));
    }
    for (name, value, range) in [
        ("memory_mb", c.memory_mb, SandboxConfig::MEMORY_MB),
        ("max_output_bytes", c.max_output_bytes, SandboxConfig::MAX_OUTPUT_BYTES),
        ("max_tool_payload_bytes", c.max_tool_payload_bytes, SandboxConfig::MAX_TOOL_PAYLOAD_BYTES),
    ] {
        if !range.contains(&value) {
            return Err(Error::InvalidArgument(crate::sandbox::out_of_range(name, &range, value)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(isolation: Isolation, options: PoolOptions) -> Pool {
        let config = SandboxConfig { isolation, timeout: Duration::from_secs(2), ..SandboxConfig::default() };
        Pool::with_options(config, None, options).expect("pool")
    }

    /// What a run gets, as the run itself sees it: (used by a user's code before, warmed up).
    fn checkout_state(p: &Pool, code: &str) -> (bool, bool) {
        p.with_vm(|vm| {
            let state = (vm.used(), vm.is_warm_and_unused());
            let config = p.config().clone();
            let _ = vm.run(code, &config, &CancelToken::new());
            Ok(state)
        })
        .expect("run")
    }

    #[test]
    fn a_fresh_vm_pool_never_hands_out_a_vm_a_user_ran_code_in() {
        let p = pool(Isolation::FreshVm, PoolOptions::new(2, 1));
        for i in 0..12 {
            // Spaced or back to back, failing or not: never a used VM.
            if i % 3 == 0 {
                p.wait_ready(1, Duration::from_secs(30));
            }
            let code = if i % 4 == 1 { "raise ValueError('x')" } else { "print(1)" };
            let (used, _) = checkout_state(&p, code);
            assert!(!used, "run {i} got a VM that ran a user's code since its restore");
        }
        // A timed-out run's VM is restored too before anybody gets it.
        assert!(matches!(p.run("while True:\n    pass"), Err(Error::Timeout(_))));
        for _ in 0..3 {
            assert!(!checkout_state(&p, "print(2)").0);
        }
        assert!(p.created() <= 2);
        let stats = p.prep_stats();
        assert!(stats.prepared >= 1, "{stats:?}");
    }

    #[test]
    fn waiting_for_a_vm_counts_toward_the_run_time_limit() {
        let p = Arc::new(pool(Isolation::FreshVm, PoolOptions::new(1, 0)));
        // The pool's one VM comes back within the 2 s limit: the waiting run gets it.
        let busy = p.clone();
        let holder = std::thread::spawn(move || busy.run("import time\ntime.sleep(1.2)"));
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(p.run("print(1)").expect("run").stdout, "1\n");
        holder.join().unwrap().expect("first run");
        // It stays out (held by the host for 3 s): the waiting run times out at its limit.
        let busy = p.clone();
        let holder = std::thread::spawn(move || {
            busy.with_vm(|_| {
                std::thread::sleep(Duration::from_secs(3));
                Ok(())
            })
        });
        std::thread::sleep(Duration::from_millis(200));
        let started = Instant::now();
        assert!(matches!(p.run("print(1)"), Err(Error::Timeout(_))));
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(1900) && waited < Duration::from_millis(2800), "{waited:?}");
        holder.join().unwrap().expect("holder");
    }

    #[test]
    fn a_run_after_a_pause_gets_a_warmed_vm() {
        let p = pool(Isolation::FreshVm, PoolOptions::new(3, 2));
        for _ in 0..3 {
            assert!(p.wait_ready(2, Duration::from_secs(30)));
            let (used, warm) = checkout_state(&p, "print(1)");
            assert!(!used && warm);
        }
    }

    #[test]
    fn the_trusted_reuse_mode_reuses_and_restores_only_after_a_failure() {
        let p = pool(Isolation::ReuseVmTrusted, PoolOptions::new(1, 0));
        assert!(!checkout_state(&p, "print(1)").0);
        assert!(checkout_state(&p, "print(1)").0, "the one VM was not reused");
        assert!(matches!(p.run("while True:\n    pass"), Err(Error::Timeout(_))));
        // After the failure it went through a restore.
        p.wait_ready(1, Duration::from_secs(30));
        assert!(!checkout_state(&p, "print(1)").0);
    }

    #[test]
    fn a_dropped_pool_leaves_unused_ready_vms_to_the_next_one() {
        let config = SandboxConfig { memory_mb: 40, ..SandboxConfig::default() };
        let first = Pool::with_options(config.clone(), None, PoolOptions::new(3, 2)).expect("pool");
        first.run("print(1)").expect("run");
        assert!(first.wait_ready(2, Duration::from_secs(30)));
        drop(first);
        let second = Pool::with_options(config, None, PoolOptions::new(3, 2)).expect("pool");
        assert!(second.ready() >= 1, "no spare VM was passed on");
        let (used, warm) = checkout_state(&second, "print(1)");
        assert!(!used && warm);
    }
}
