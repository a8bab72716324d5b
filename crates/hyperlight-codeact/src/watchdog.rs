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

/// How long [`RunClock::wait_until`] waits at most for a watchdog that is late to fire.
const WATCHDOG_LATE: Duration = Duration::from_secs(1);

#[derive(Default)]
struct State {
    deadline: Option<Instant>,
    /// A run is in progress (its deadline may still be `None` for an unrepresentable timeout).
    armed: bool,
    fired: bool,
    /// Why the run was stopped early ([`RunClock::interrupt`]), if it was.
    interrupted: Option<String>,
    shutdown: bool,
}

/// Why the watchdog stopped a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stop {
    Timeout,
    Interrupted(String),
}

/// How a [`RunClock::wait`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Waited {
    Done,
    /// The run's deadline passed (or the run was interrupted) first.
    Deadline,
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

    /// Time left before the run's deadline: `None` when no run is in progress or the run has
    /// no representable deadline, zero once it has passed or the run was stopped.
    pub(crate) fn remaining(&self) -> Option<Duration> {
        let s = self.lock();
        if s.fired {
            return Some(Duration::ZERO);
        }
        s.deadline.map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// Blocks until `done()` is true or the run is stopped (deadline or interrupt), whichever
    /// comes first. `done` is checked under the clock's lock, so a worker that makes it true
    /// and then calls [`RunClock::notify`] never goes unseen. Without a run in progress it
    /// waits for `done` alone.
    pub(crate) fn wait(&self, done: impl FnMut() -> bool) -> Waited {
        match self.wait_until(None, done) {
            WaitedUntil::Ready => Waited::Done,
            // With no timer of its own, only the deadline ends the wait early.
            WaitedUntil::Deadline | WaitedUntil::Timer => Waited::Deadline,
        }
    }

    /// Wakes [`RunClock::wait`]ers so they check their condition again.
    pub(crate) fn notify(&self) {
        drop(self.lock());
        self.0.wake.notify_all();
    }

    /// Stops the run in progress now, as its deadline would, recording `reason`. Returns false
    /// when no run is in progress.
    pub(crate) fn interrupt(&self, reason: String) -> bool {
        let mut s = self.lock();
        if !s.armed || s.fired {
            return s.armed;
        }
        s.interrupted.get_or_insert(reason);
        s.deadline = Some(Instant::now());
        drop(s);
        self.0.wake.notify_all();
        true
    }

    /// Sleeps for `duration`, but never past the run's deadline: returns as soon as the
    /// watchdog fires. With a deadline that has passed but whose watchdog has not fired yet
    /// (it wakes a moment after), waits for it, so the guest never runs past its limit.
    /// Without a deadline (no run in progress) sleeps the whole `duration`.
    pub(crate) fn sleep(&self, duration: Duration) -> Slept {
        // A far-off or overflowing end just waits in steps.
        match self.wait_until(Instant::now().checked_add(duration), || false) {
            WaitedUntil::Deadline => Slept::Deadline,
            WaitedUntil::Timer | WaitedUntil::Ready => Slept::Full,
        }
    }
}

/// How a [`RunClock::wait_until`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WaitedUntil {
    /// `ready` returned true.
    Ready,
    /// The wait's own end came first.
    Timer,
    /// The run's time limit came first; the watchdog has stopped (or is stopping) the VM.
    Deadline,
}

impl RunClock {
    /// Waits until `ready()` is true, `end` passes, or the run's deadline fires, whichever is
    /// first; once the deadline has passed it ends as [`WaitedUntil::Deadline`] even if `ready`
    /// has become true (the deadline wins). `ready` is checked with the clock's lock held, so a [`RunClock::notify`] after
    /// the state `ready` reads changed is never lost. Without a run in progress (no deadline)
    /// and no `end`, waits in hour-long steps: callers always pass a bound or run under a
    /// deadline.
    pub(crate) fn wait_until(&self, end: Option<Instant>, mut ready: impl FnMut() -> bool) -> WaitedUntil {
        let mut s = self.lock();
        let mut late_since = None;
        loop {
            if s.fired {
                return WaitedUntil::Deadline;
            }
            let now = Instant::now();
            if s.deadline.is_some_and(|d| now >= d) {
                // The deadline has passed and the watchdog has not fired yet (it wakes a moment
                // later, later still on a loaded machine): whatever is ready now came too late
                // and must not return into a guest about to be stopped. Wait for the watchdog,
                // at most WATCHDOG_LATE (then the run counts as stopped all the same).
                if now.duration_since(*late_since.get_or_insert(now)) >= WATCHDOG_LATE {
                    return WaitedUntil::Deadline;
                }
                s = self
                    .0
                    .wake
                    .wait_timeout(s, Duration::from_millis(1))
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .0;
                continue;
            }
            if ready() {
                return WaitedUntil::Ready;
            }
            if end.is_some_and(|end| now >= end) {
                return WaitedUntil::Timer;
            }
            let until = match (end, s.deadline) {
                (Some(e), Some(d)) => e.min(d),
                (Some(e), None) => e,
                (None, Some(d)) => d,
                (None, None) => now + Duration::from_secs(3600),
            };
            s = self.0.wake.wait_timeout(s, until - now).unwrap_or_else(std::sync::PoisonError::into_inner).0;
        }
    }
}

pub struct Watchdog {
    clock: RunClock,
    thread: Option<JoinHandle<()>>,
    /// The process that started the thread.
    pid: u32,
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
        Self { clock, thread: Some(thread), pid: std::process::id() }
    }

    /// Starts the clock for one call.
    pub fn arm(&self, timeout: Duration) -> Armed<'_> {
        let mut s = self.clock.lock();
        // An unrepresentable deadline (a timeout of centuries) is no deadline.
        s.deadline = Instant::now().checked_add(timeout);
        s.armed = true;
        s.fired = false;
        s.interrupted = None;
        drop(s);
        self.clock.0.wake.notify_all();
        Armed(self)
    }

    /// Why the last armed call was stopped by the watchdog, if it was (reported once).
    pub(crate) fn take_fired(&self) -> Option<Stop> {
        let mut s = self.clock.lock();
        let interrupted = s.interrupted.take();
        std::mem::take(&mut s.fired).then(|| interrupted.map_or(Stop::Timeout, Stop::Interrupted))
    }
}

impl Drop for Armed<'_> {
    fn drop(&mut self) {
        let mut s = self.0.clock.lock();
        s.deadline = None;
        s.armed = false;
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.clock.lock().shutdown = true;
        self.clock.0.wake.notify_all();
        if let Some(t) = self.thread.take() {
            // In a forked child the thread does not exist (fork copies only the caller), and
            // joining it would wait forever.
            if std::process::id() == self.pid {
                let _ = t.join();
            }
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
                    s = shared
                        .wake
                        .wait_timeout(s, deadline - now)
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .0;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn armed(clock: &RunClock, deadline: Instant) {
        let mut s = clock.lock();
        s.armed = true;
        s.deadline = Some(deadline);
    }

    #[test]
    fn a_result_ready_after_the_deadline_waits_for_a_late_watchdog_and_counts_as_too_late() {
        let clock = RunClock::default();
        assert_eq!(clock.wait(|| true), Waited::Done, "no run in progress");
        armed(&clock, Instant::now() + Duration::from_secs(60));
        assert_eq!(clock.wait(|| true), Waited::Done, "the deadline is far off");
        armed(&clock, Instant::now().checked_sub(Duration::from_millis(1)).unwrap());
        // The watchdog fires 100 ms late (a loaded machine): the wait ends then, as a deadline.
        let late = clock.clone();
        let watchdog = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            let mut s = late.lock();
            s.deadline = None;
            s.fired = true;
            drop(s);
            late.0.wake.notify_all();
        });
        let t = Instant::now();
        assert_eq!(clock.wait(|| true), Waited::Deadline);
        assert!(t.elapsed() >= Duration::from_millis(90), "{:?}", t.elapsed());
        watchdog.join().unwrap();
    }

    #[test]
    fn a_watchdog_that_never_fires_is_waited_for_at_most_watchdog_late() {
        let clock = RunClock::default();
        armed(&clock, Instant::now().checked_sub(Duration::from_millis(1)).unwrap());
        let t = Instant::now();
        assert_eq!(clock.wait_until(None, || true), WaitedUntil::Deadline);
        assert!(t.elapsed() >= WATCHDOG_LATE);
    }
}
