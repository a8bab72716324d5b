//! A pool of micro-VMs for concurrent runs: the first VM is the one created cold; more are
//! created lazily from its post-init snapshot ([`Sandbox::try_clone`], under a millisecond) up
//! to a maximum, checked out for one run each, and returned. Each run still starts with fresh
//! Python state, and a VM that failed was restored by `Sandbox::run` before it goes back.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use crate::sandbox::Template;
use crate::tools::ToolHost;
use crate::{CancelToken, Error, ExecutionResult, Result, Sandbox, SandboxConfig};

struct Slots {
    idle: Vec<Sandbox>,
    /// VMs alive, idle or checked out.
    created: usize,
}

/// Runs code blocks on up to `size` micro-VMs at once. `Pool` is `Sync`: share it between
/// threads (e.g. in an `Arc`) and call [`Pool::run`] from each.
pub struct Pool {
    template: Template,
    slots: Mutex<Slots>,
    returned: Condvar,
    size: usize,
}

/// One checked-out VM; going out of scope returns it to the pool, or drops it (freeing its
/// slot) when it was discarded or its run panicked.
struct Lease<'a> {
    pool: &'a Pool,
    vm: Option<Sandbox>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        let vm = self.vm.take().filter(|_| !std::thread::panicking());
        let mut slots = self.pool.lock_slots();
        match vm {
            Some(vm) => slots.idle.push(vm),
            None => slots.created -= 1,
        }
        drop(slots);
        self.pool.returned.notify_one();
    }
}

impl Pool {
    /// Creates the first VM (cold) and a pool that grows to `size` VMs on demand.
    ///
    /// # Errors
    /// As [`Sandbox::with_tools`]; [`Error::InvalidArgument`] when `size` is 0.
    pub fn new(config: SandboxConfig, tools: Option<Arc<dyn ToolHost>>, size: usize) -> Result<Self> {
        if size == 0 {
            return Err(Error::InvalidArgument("pool size must be at least 1".into()));
        }
        Self::from_sandbox(Sandbox::with_tools(config, tools)?, size)
    }

    /// A pool whose first VM is `sandbox`; the others start from its post-init snapshot with
    /// its configuration, tools and tool policy.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when `size` is 0.
    pub fn from_sandbox(sandbox: Sandbox, size: usize) -> Result<Self> {
        if size == 0 {
            return Err(Error::InvalidArgument("pool size must be at least 1".into()));
        }
        Ok(Self {
            template: sandbox.template(),
            slots: Mutex::new(Slots { idle: vec![sandbox], created: 1 }),
            returned: Condvar::new(),
            size,
        })
    }

    /// The most VMs this pool runs at once.
    #[must_use]
    pub fn size(&self) -> usize {
        self.size
    }

    /// VMs created so far (idle or running), at most [`Pool::size`].
    #[must_use]
    pub fn created(&self) -> usize {
        self.lock_slots().created
    }

    /// Runs `code` on an idle VM, creating one if fewer than `size` exist, else waiting for one.
    ///
    /// # Errors
    /// As [`Sandbox::run`], plus [`Error::Hyperlight`] when a new VM cannot be created.
    pub fn run(&self, code: &str) -> Result<ExecutionResult> {
        self.run_cancellable(code, &CancelToken::new())
    }

    /// Like [`Pool::run`]; [`CancelToken::cancel`] stops the run (see [`Sandbox::run_cancellable`]).
    ///
    /// # Errors
    /// As [`Sandbox::run_cancellable`].
    pub fn run_cancellable(&self, code: &str, token: &CancelToken) -> Result<ExecutionResult> {
        // Before waiting for a VM: a run from one of its own tools would wait forever.
        self.template.check_usable()?;
        let mut lease = self.checkout()?;
        let Some(vm) = lease.vm.as_mut() else { unreachable!("checkout returns a lease holding a VM") };
        let result = vm.run_cancellable(code, token);
        if matches!(result, Err(Error::Hyperlight(_))) {
            // Hyperlight itself failed (possibly restoring the VM): replace the VM, not reuse it.
            lease.vm = None;
        }
        result
    }

    fn lock_slots(&self) -> MutexGuard<'_, Slots> {
        // Slots is plain bookkeeping; a panic elsewhere cannot leave it half-updated.
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn checkout(&self) -> Result<Lease<'_>> {
        let mut slots = self.lock_slots();
        loop {
            if let Some(vm) = slots.idle.pop() {
                return Ok(Lease { pool: self, vm: Some(vm) });
            }
            if slots.created < self.size {
                slots.created += 1;
                drop(slots);
                // The lease frees the slot again if the VM cannot be created.
                let mut lease = Lease { pool: self, vm: None };
                lease.vm = Some(self.template.spawn()?);
                return Ok(lease);
            }
            slots = self.returned.wait(slots).unwrap_or_else(PoisonError::into_inner);
        }
    }
}
