//! Per-sandbox watchdog: stops a guest call that outlives its time limit through
//! Hyperlight's interrupt handle (Hyperlight has no call timeout of its own).
//!
//! The run's deadline lives in a [`RunClock`] shared with the `System` host function, so a
//! guest `time.sleep` sleeps on the host only until the deadline: when the watchdog fires it
//! wakes the sleeper, whose return finds the VM cancelled (a kill during a host call stops
//! the vCPU the next time it would run).

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

#[derive(Default)]
struct State {
    deadline: Option<Instant>,
    fired: bool,
    shutdown: bool,
}

struct Shared {
    state: Mutex<State>,
    /// Notified on every change of `State` (the watchdog thread and a sleeping host call
    /// both wait on it, hence `notify_all`).
    wake: Condvar,
}

/// The current run's deadline, shared by the watchdog and the `System` host function.
#[derive(Clone)]
pub(crate) struct RunClock(Arc<Shared>);

impl Default for RunClock {
    fn default() -> Self {
        Self(Arc::new(Shared { state: Mutex::new(State::default()), wake: Condvar::new() }))
    }
}

/// How a [`RunClock::sleep`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slept {
    /// The whole requested time passed.
    Full,
    /// The run's time limit came first; the watchdog has stopped (or is stopping) the VM.
    Deadline,
}

impl RunClock {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means another thread panicked mid-update of plain flags.
        self.0.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Sleeps for `duration`, but never past the run's deadline: returns as soon as the
    /// watchdog fires. With a deadline that has passed but whose watchdog has not fired yet
    /// (it wakes a moment after), waits for it, so the guest never runs past its limit.
    /// Without a deadline (no run in progress) sleeps the whole `duration`.
    pub(crate) fn sleep(&self, duration: Duration) -> Slept {
        let start = Instant::now();
        let end = start.checked_add(duration);
        let mut s = self.lock();
        loop {
            if s.fired {
                return Slept::Deadline;
            }
            let now = Instant::now();
            if end.is_some_and(|end| now >= end) {
                return Slept::Full;
            }
            // Wake at the earlier of the end and the deadline (then the watchdog's notify
            // ends the wait); a far-off or overflowing end just waits in steps.
            let until = match (end, s.deadline) {
                (Some(e), Some(d)) => e.min(d.max(now + Duration::from_millis(1))),
                (Some(e), None) => e,
                (None, Some(d)) => d.max(now + Duration::from_millis(1)),
                (None, None) => now + Duration::from_secs(3600),
            };
            s = self.0.wake.wait_timeout(s, until - now).unwrap_or_else(std::sync::PoisonError::into_inner).0;
        }
    }
}

/// How a [`RunClock::wait_until`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Waited {
    /// `ready` returned true.
    Ready,
    /// The wait's own end came first.
    Timer,
    /// The run's time limit came first; the watchdog has stopped (or is stopping) the VM.
    Deadline,
}

impl RunClock {
    /// Waits until `ready()` is true, `end` passes, or the run's deadline fires, whichever is
    /// first. `ready` is checked with the clock's lock held, so a [`RunClock::notify`] after
    /// the state `ready` reads changed is never lost. Without a run in progress (no deadline)
    /// and no `end`, waits in hour-long steps: callers always pass a bound or run under a
    /// deadline.
    pub(crate) fn wait_until(&self, end: Option<Instant>, mut ready: impl FnMut() -> bool) -> Waited {
        let mut s = self.lock();
        loop {
            if ready() {
                return Waited::Ready;
            }
            if s.fired {
                return Waited::Deadline;
            }
            let now = Instant::now();
            if end.is_some_and(|end| now >= end) {
                return Waited::Timer;
            }
            // As in `sleep`: a passed deadline whose watchdog has not fired yet waits for it.
            let until = match (end, s.deadline) {
                (Some(e), Some(d)) => e.min(d.max(now + Duration::from_millis(1))),
                (Some(e), None) => e,
                (None, Some(d)) => d.max(now + Duration::from_millis(1)),
                (None, None) => now + Duration::from_secs(3600),
            };
            s = self.0.wake.wait_timeout(s, until - now).unwrap_or_else(std::sync::PoisonError::into_inner).0;
        }
    }

    /// Wakes every [`RunClock::wait_until`] to re-check its condition. Taking the lock orders
    /// this after any check in progress, so the waiter sees the change or is already waiting.
    pub(crate) fn notify(&self) {
        drop(self.lock());
        self.0.wake.notify_all();
    }
}

pub struct Watchdog {
    clock: RunClock,
    thread: Option<JoinHandle<()>>,
}

/// Disarms the watchdog when dropped.
pub struct Armed<'a>(&'a Watchdog);

impl Watchdog {
    /// Watches `clock`'s deadline; `kill` stops the VM (Hyperlight's interrupt handle).
    pub fn new(clock: RunClock, kill: impl Fn() + Send + 'static) -> Self {
        let thread_clock = clock.clone();
        let thread = std::thread::Builder::new()
            .name("hlc-watchdog".into())
            .spawn(move || watch(&thread_clock, &kill))
            .expect("spawning the watchdog thread");
        Self { clock, thread: Some(thread) }
    }

    /// Starts the clock for one call.
    pub fn arm(&self, timeout: Duration) -> Armed<'_> {
        let mut s = self.clock.lock();
        // An unrepresentable deadline (a timeout of centuries) is no deadline.
        s.deadline = Instant::now().checked_add(timeout);
        s.fired = false;
        drop(s);
        self.clock.0.wake.notify_all();
        Armed(self)
    }

    /// True (once) if the last armed call was stopped by the watchdog.
    pub fn take_fired(&self) -> bool {
        std::mem::take(&mut self.clock.lock().fired)
    }
}

impl Drop for Armed<'_> {
    fn drop(&mut self) {
        self.0.clock.lock().deadline = None;
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.clock.lock().shutdown = true;
        self.clock.0.wake.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn watch(clock: &RunClock, kill: &dyn Fn()) {
    let shared = &clock.0;
    let mut s = clock.lock();
    while !s.shutdown {
        match s.deadline {
            None => s = shared.wake.wait(s).unwrap_or_else(std::sync::PoisonError::into_inner),
            Some(deadline) => {
                let now = Instant::now();
                if now >= deadline {
                    s.deadline = None;
                    s.fired = true;
                    // Kill first, then wake a sleeping host call: when it returns, the VM
                    // is already marked cancelled.
                    kill();
                    shared.wake.notify_all();
                } else {
                    s = shared.wake.wait_timeout(s, deadline - now).unwrap_or_else(std::sync::PoisonError::into_inner).0;
                }
            }
        }
    }
}
