//! A pool of micro-VMs for concurrent runs: VMs are created lazily from one template's
//! post-init snapshot ([`Sandbox::try_clone`], under a millisecond) up to a maximum, checked
//! out for one run each, and returned. Each run still starts with fresh Python state, and a
//! VM that failed was restored by `Sandbox::run` before it goes back.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use crate::tools::ToolHost;
use crate::{Error, ExecutionResult, Result, Sandbox, SandboxConfig};

struct Slots {
    idle: Vec<Sandbox>,
    /// VMs alive, idle or checked out.
    created: usize,
}

/// Runs code blocks on up to `size` micro-VMs at once. `Pool` is `Sync`: share it between
/// threads (e.g. in an `Arc`) and call [`Pool::run`] from each.
pub struct Pool {
    // The template only serves `try_clone`; the lock serialises clones (cheap, rare).
    template: Mutex<Sandbox>,
    slots: Mutex<Slots>,
    returned: Condvar,
    size: usize,
}

impl Pool {
    /// Creates the template VM (cold) and a pool that grows to `size` VMs on demand.
    ///
    /// # Errors
    /// As [`Sandbox::with_tools`]; [`Error::InvalidArgument`] when `size` is 0.
    pub fn new(config: SandboxConfig, tools: Option<Arc<dyn ToolHost>>, size: usize) -> Result<Self> {
        if size == 0 {
            return Err(Error::InvalidArgument("pool size must be at least 1".into()));
        }
        let template = Sandbox::with_tools(config, tools)?;
        Ok(Self {
            template: Mutex::new(template),
            slots: Mutex::new(Slots { idle: Vec::new(), created: 0 }),
            returned: Condvar::new(),
            size,
        })
    }

    /// The most VMs this pool runs at once.
    #[must_use]
    pub fn size(&self) -> usize {
        self.size
    }

    /// Runs `code` on an idle VM, creating one if fewer than `size` exist, else waiting for one.
    ///
    /// # Errors
    /// As [`Sandbox::run`], plus [`Error::Hyperlight`] when a new VM cannot be created.
    pub fn run(&self, code: &str) -> Result<ExecutionResult> {
        let mut vm = self.checkout()?;
        let result = vm.run(code);
        self.lock_slots().idle.push(vm);
        self.returned.notify_one();
        result
    }

    fn lock_slots(&self) -> MutexGuard<'_, Slots> {
        // Slots is plain bookkeeping; a panic elsewhere cannot leave it half-updated.
        self.slots.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn checkout(&self) -> Result<Sandbox> {
        let mut slots = self.lock_slots();
        loop {
            if let Some(vm) = slots.idle.pop() {
                return Ok(vm);
            }
            if slots.created < self.size {
                slots.created += 1;
                drop(slots);
                let made = self.template.lock().unwrap_or_else(PoisonError::into_inner).try_clone();
                if made.is_err() {
                    self.lock_slots().created -= 1;
                }
                return made;
            }
            slots = self.returned.wait(slots).unwrap_or_else(PoisonError::into_inner);
        }
    }
}
