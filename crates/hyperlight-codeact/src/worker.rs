//! A helper thread for host work that may block (tool calls, HTTP), so the thread running the
//! VM can wait for it with the run's deadline instead of for as long as the work takes.
//!
//! The VM is stopped by Hyperlight's interrupt handle, which takes effect only when the vCPU
//! would run again: while the VM thread is inside a host function, nothing stops the run. So
//! every host function that can block hands the blocking part to a [`Worker`] and waits with
//! [`RunClock::wait`]. When the deadline comes first the work is abandoned: its thread is left
//! to finish on its own (its result is dropped) and the next job gets a fresh thread.

use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, PoisonError};

use crate::watchdog::{RunClock, Waited};

type Job = Box<dyn FnOnce() + Send>;

/// One reusable worker thread, replaced when a job outlives its run's deadline.
#[derive(Default)]
pub(crate) struct Worker {
    jobs: Mutex<Option<Sender<Job>>>,
}

/// Why [`Worker::run`] returned without a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abandoned {
    /// The run's deadline passed (or the run was interrupted) first.
    Deadline,
    /// No thread could be started (the host is out of threads), or the job panicked.
    Failed,
}

impl Worker {
    /// Runs `job` on the worker thread and waits for its result at most until `clock`'s run is
    /// stopped.
    pub(crate) fn run<T: Send + 'static>(
        &self,
        clock: &RunClock,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Abandoned> {
        let slot: Arc<Mutex<Option<std::thread::Result<T>>>> = Arc::default();
        let (done, notify) = (slot.clone(), clock.clone());
        let boxed: Job = Box::new(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            *done.lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
            notify.notify();
        });
        self.submit(boxed)?;
        let waited = clock.wait(|| slot.lock().unwrap_or_else(PoisonError::into_inner).is_some());
        let result = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
        match (waited, result) {
            (Waited::Done, Some(Ok(v))) => Ok(v),
            (Waited::Done, Some(Err(_))) => Err(Abandoned::Failed),
            // A result that comes at or after the deadline is discarded: the deadline wins.
            (Waited::Deadline, Some(_)) => Err(Abandoned::Deadline),
            (_, None) => {
                // The thread is busy with the abandoned job: the next job needs a new one.
                self.jobs.lock().unwrap_or_else(PoisonError::into_inner).take();
                Err(Abandoned::Deadline)
            }
        }
    }

    fn submit(&self, job: Job) -> Result<(), Abandoned> {
        let mut jobs = self.jobs.lock().unwrap_or_else(PoisonError::into_inner);
        let job = match jobs.as_ref() {
            Some(tx) => match tx.send(job) {
                Ok(()) => return Ok(()),
                Err(returned) => returned.0,
            },
            None => job,
        };
        let (tx, rx) = channel::<Job>();
        std::thread::Builder::new()
            .name("hlc-host-worker".into())
            // The thread ends when its sender is dropped (with the Worker, or on abandonment).
            .spawn(move || rx.into_iter().for_each(|job| job()))
            .map_err(|_| Abandoned::Failed)?;
        tx.send(job).map_err(|_| Abandoned::Failed)?;
        *jobs = Some(tx);
        Ok(())
    }
}
