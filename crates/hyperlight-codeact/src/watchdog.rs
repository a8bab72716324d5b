//! Per-sandbox watchdog: stops a guest call that outlives its time limit through
//! Hyperlight's interrupt handle (Hyperlight has no call timeout of its own).

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use hyperlight_host::hypervisor::InterruptHandle;

#[derive(Default)]
struct State {
    deadline: Option<Instant>,
    fired: bool,
    shutdown: bool,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means another thread panicked mid-update of plain flags.
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub struct Watchdog {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// Disarms the watchdog when dropped.
pub struct Armed<'a>(&'a Watchdog);

impl Watchdog {
    pub fn new(handle: Arc<dyn InterruptHandle>) -> Self {
        let shared = Arc::new(Shared { state: Mutex::new(State::default()), wake: Condvar::new() });
        let thread_shared = shared.clone();
        let thread = std::thread::Builder::new()
            .name("hlc-watchdog".into())
            .spawn(move || watch(&thread_shared, &*handle))
            .expect("spawning the watchdog thread");
        Self { shared, thread: Some(thread) }
    }

    /// Starts the clock for one call.
    pub fn arm(&self, timeout: Duration) -> Armed<'_> {
        let mut s = self.shared.lock();
        s.deadline = Some(Instant::now() + timeout);
        s.fired = false;
        drop(s);
        self.shared.wake.notify_one();
        Armed(self)
    }

    /// True (once) if the last armed call was stopped by the watchdog.
    pub fn take_fired(&self) -> bool {
        std::mem::take(&mut self.shared.lock().fired)
    }
}

impl Drop for Armed<'_> {
    fn drop(&mut self) {
        self.0.shared.lock().deadline = None;
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.shared.lock().shutdown = true;
        self.shared.wake.notify_one();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn watch(shared: &Shared, handle: &dyn InterruptHandle) {
    let mut s = shared.lock();
    while !s.shutdown {
        match s.deadline {
            None => s = shared.wake.wait(s).unwrap_or_else(std::sync::PoisonError::into_inner),
            Some(deadline) => {
                let now = Instant::now();
                if now >= deadline {
                    s.deadline = None;
                    s.fired = true;
                    handle.kill();
                } else {
                    s = shared.wake.wait_timeout(s, deadline - now).unwrap_or_else(std::sync::PoisonError::into_inner).0;
                }
            }
        }
    }
}
