//! Concurrent tool calls: the guest's `acall_tool` (and `asyncio`) starts a call with
//! `ToolStart`, which returns a call id at once, and its event loop blocks in `ToolWait` until
//! any started call completes, its timer (the next `asyncio.sleep`) runs out, or the run's
//! deadline passes.
//!
//! Each call is admitted exactly as a `call_tool` is (payload limit, calls per run, policy hook,
//! unknown names) and audited in order of start, with its duration from start to result. A
//! tool host may run a call by its own means ([`ToolHost::start`]: the Python bindings run
//! `async` tools as tasks on the caller's event loop); every other call runs on a bounded
//! thread pool owned by the bridge. At most [`MAX_TOOL_CALLS_IN_FLIGHT`] calls are in flight
//! per run. When the run ends, calls still in flight are cancelled (async tools) or abandoned
//! (a sync tool cannot be interrupted: it finishes on its pool thread and its result is
//! dropped; calls still queued for the pool never start), and their results never reach a
//! later run.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use hyperlight_codeact_protocol::{ToolCall, ToolCancelRequest, ToolReply, ToolWait, ToolWaitReply, Value};

use super::{tool_reply, Bridge, ToolCallRecord, ToolFailure, ToolOutcome};
use crate::watchdog::{RunClock, WaitedUntil};

/// Calls started and not yet completed, per run; one more is refused with a clear error.
pub const MAX_TOOL_CALLS_IN_FLIGHT: usize = 64;
/// Threads of a bridge's pool for sync tools; calls beyond it queue (started in order).
const POOL_THREADS: usize = 16;
/// A pool thread idle this long exits, so an idle sandbox holds no threads.
const POOL_IDLE: Duration = Duration::from_secs(10);

/// Called once with a concurrent call's result, on whatever thread finished it.
pub type ToolDone = Box<dyn FnOnce(Result<Value, ToolFailure>) + Send>;
/// Cancels a concurrent call still running when its run ends.
pub type ToolCancel = Box<dyn FnOnce() + Send>;

struct InFlight {
    audit_index: usize,
    started: Instant,
    /// Set when the run ends: a pool job not yet started then skips the tool.
    abandoned: Arc<AtomicBool>,
    cancel: Option<ToolCancel>,
}

/// The bridge's concurrent-call state (inside its `State`).
#[derive(Default)]
pub(super) struct Calls {
    /// Bumped when a run ends; a completion of an earlier run's call is dropped.
    generation: u64,
    next_id: u32,
    in_flight: Vec<(u32, InFlight)>,
    /// Completed and not yet handed to the guest, in order of completion.
    done: VecDeque<(u32, ToolReply)>,
    pool: Option<Arc<Pool>>,
}

impl Bridge {
    /// Handles `ToolStart`: admits and starts one encoded `ToolCall`, replying `Ok(Int(id))`,
    /// or `Err` (which the guest raises as `ToolError`) when the call is refused.
    pub(crate) fn start(&self, request: &[u8], clock: &RunClock) -> Vec<u8> {
        match self.try_start(request, clock) {
            Ok(id) => ToolReply::Ok(Value::Int(i64::from(id))),
            Err(message) => ToolReply::Err { message },
        }
        .encode()
    }

    #[allow(clippy::too_many_lines, reason = "the checks a call passes before it starts, in the order they apply")]
    fn try_start(&self, request: &[u8], clock: &RunClock) -> Result<u32, String> {
        let started = Instant::now();
        // Copied out so no lock is held while the policy hook (user code) runs.
        let (tools, policy, max_calls, max_payload, calls_so_far, in_flight, error_detail) = {
            let s = self.lock();
            let c = &s.concurrent;
            (
                s.tools.clone(),
                s.policy.clone(),
                s.max_calls,
                s.max_payload,
                s.counted,
                c.in_flight.len(),
                s.error_detail,
            )
        };
        if request.len() > max_payload {
            return Err(format!("tool call arguments are {} bytes; the limit is {max_payload}", request.len()));
        }
        let call = ToolCall::decode(request).map_err(|e| format!("malformed tool call: {e}"))?;
        let (audit_name, audit_args, args_truncated) = super::abbreviate(&call.name, &call.args);
        let _ = calls_so_far;
        {
            // Counted as `call_tool` counts them: every call that passes the size checks,
            // refused by the policy or not.
            let mut s = self.lock();
            if s.counted >= max_calls as usize {
                return Err(format!("tool call limit reached: at most {max_calls} calls per run"));
            }
            s.counted += 1;
        }
        if in_flight >= MAX_TOOL_CALLS_IN_FLIGHT {
            return Err(format!(
                "too many tool calls in flight: at most {MAX_TOOL_CALLS_IN_FLIGHT} at once per run; await some \
                 before starting more (e.g. with an asyncio.Semaphore)"
            ));
        }
        let refused = |message: String, outcome: ToolOutcome| {
            let record = ToolCallRecord {
                name: audit_name.clone(),
                args: audit_args.clone(),
                args_bytes: request.len(),
                args_truncated,
                duration: started.elapsed(),
                outcome,
            };
            self.lock().audit.push(record);
            Err(message)
        };
        // Bounded by the run's deadline, as for `call_tool`.
        let call = match self.decide(policy, call, clock) {
            Ok(call) => call,
            Err((message, outcome)) => return refused(message, outcome),
        };
        let tools = match tools {
            None => {
                let msg = format!("unknown tool {:?}: this sandbox has no tools", call.name);
                return refused(msg.clone(), ToolOutcome::Error(msg));
            }
            Some(t) if !t.names().contains(&call.name) => {
                let msg = format!("unknown tool {:?}; available tools: {}", call.name, t.names().join(", "));
                return refused(msg.clone(), ToolOutcome::Error(msg));
            }
            Some(t) => t,
        };

        let abandoned = Arc::new(AtomicBool::new(false));
        let (id, generation, pool) = {
            let mut s = self.lock();
            let audit_index = s.audit.len();
            let record = ToolCallRecord {
                name: audit_name.clone(),
                args: audit_args.clone(),
                args_bytes: request.len(),
                args_truncated,
                duration: Duration::ZERO,
                outcome: ToolOutcome::Ok,
            };
            s.audit.push(record);
            let c = &mut s.concurrent;
            let id = c.next_id;
            c.next_id = c.next_id.wrapping_add(1);
            c.in_flight.push((id, InFlight { audit_index, started, abandoned: abandoned.clone(), cancel: None }));
            let pool = c.pool.get_or_insert_with(|| Arc::new(Pool::default())).clone();
            (id, c.generation, pool)
        };
        let done = self.completion(id, generation, call.name.clone(), max_payload, error_detail, clock.clone());
        match tools.start(&call.name, &call.args, done) {
            Ok(cancel) => {
                let mut s = self.lock();
                // The call may have completed (or its run ended) already.
                if let Some((_, f)) = s.concurrent.in_flight.iter_mut().find(|(i, _)| *i == id) {
                    f.cancel = cancel;
                }
            }
            Err(done) => pool.submit(Box::new(move || {
                if abandoned.load(Ordering::SeqCst) {
                    return;
                }
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| tools.call(&call.name, &call.args)));
                done(result.unwrap_or_else(|_| Err(ToolFailure::Error("the tool panicked".to_owned()))));
            })),
        }
        Ok(id)
    }

    /// What a started call does with its result: turn it into the guest's reply as `call_tool`
    /// does (a tool's exception as its own type, its args withheld unless `error_detail`),
    /// check its size, fill in its audit record, queue it for the guest's next wait and wake
    /// that wait. A result of an ended run is dropped.
    fn completion(
        &self,
        id: u32,
        generation: u64,
        name: String,
        max_payload: usize,
        error_detail: bool,
        clock: RunClock,
    ) -> ToolDone {
        let bridge = self.clone();
        Box::new(move |result| {
            let (mut reply, mut outcome) = tool_reply(&name, result, error_detail);
            let size = reply.encode().len();
            if size > max_payload {
                let message = format!("result of tool {name:?} is {size} bytes; the limit is {max_payload}");
                reply = ToolReply::Err { message: message.clone() };
                outcome = ToolOutcome::Error(message);
            }
            {
                let mut s = bridge.lock();
                let c = &mut s.concurrent;
                if c.generation != generation {
                    return;
                }
                let Some(at) = c.in_flight.iter().position(|(i, _)| *i == id) else {
                    return;
                };
                let (_, f) = c.in_flight.swap_remove(at);
                c.done.push_back((id, reply));
                if let Some(r) = s.audit.get_mut(f.audit_index) {
                    r.duration = f.started.elapsed();
                    r.outcome = outcome;
                }
            }
            clock.notify();
        })
    }

    /// Handles `ToolWait`: blocks until a started call completed, the request's timeout ran out
    /// or the run's deadline passed, then hands over the completed calls (as many as fit in one
    /// reply of at most `max_tool_payload_bytes`, at least one).
    pub(crate) fn wait(&self, request: &[u8], clock: &RunClock) -> Vec<u8> {
        let Ok(wait) = ToolWait::decode(request) else {
            // Only a corrupted guest sends this; an empty reply lets its loop go on.
            return ToolWaitReply::default().encode();
        };
        let end = wait.timeout_ns.and_then(|ns| Instant::now().checked_add(Duration::from_nanos(ns)));
        let waited = clock.wait_until(end, || !self.lock().concurrent.done.is_empty());
        let mut reply = ToolWaitReply::default();
        if waited == WaitedUntil::Deadline {
            return reply.encode();
        }
        let mut s = self.lock();
        let max_payload = s.max_payload;
        let mut size = 4usize;
        while let Some((_, r)) = s.concurrent.done.front() {
            let n = 4 + r.encode().len();
            if !reply.completed.is_empty() && size + n > max_payload {
                break;
            }
            size += n;
            reply.completed.extend(s.concurrent.done.pop_front());
        }
        drop(s);
        reply.encode()
    }

    /// Handles `ToolCancel`: the guest task awaiting the call was cancelled, so the call is
    /// cancelled (async tools) or abandoned (sync tools) now rather than at the end of the run,
    /// and its slot in flight is freed. Unknown or completed ids are ignored.
    pub(crate) fn cancel(&self, request: &[u8]) -> Vec<u8> {
        let ok = ToolReply::Ok(Value::None).encode();
        let Ok(ToolCancelRequest { id }) = ToolCancelRequest::decode(request) else { return ok };
        let cancel = {
            let mut s = self.lock();
            let Some(at) = s.concurrent.in_flight.iter().position(|(i, _)| *i == id) else { return ok };
            let (_, f) = s.concurrent.in_flight.swap_remove(at);
            f.abandoned.store(true, Ordering::SeqCst);
            if let Some(r) = s.audit.get_mut(f.audit_index) {
                r.duration = f.started.elapsed();
                r.outcome = ToolOutcome::Cancelled("cancelled by the program".to_owned());
            }
            f.cancel
        };
        if let Some(cancel) = cancel {
            cancel();
        }
        ok
    }

    /// Ends the run's concurrent calls: those in flight are cancelled (or abandoned) and
    /// audited as such, and no result of this run reaches a later one.
    pub(crate) fn end_concurrent_calls(&self) {
        let cancels: Vec<ToolCancel> = {
            let mut s = self.lock();
            let c = &mut s.concurrent;
            c.generation = c.generation.wrapping_add(1);
            c.done.clear();
            if let Some(pool) = &c.pool {
                pool.detach_busy();
            }
            let ended = std::mem::take(&mut c.in_flight);
            let mut cancels = Vec::new();
            for (_, f) in ended {
                f.abandoned.store(true, Ordering::SeqCst);
                if let Some(r) = s.audit.get_mut(f.audit_index) {
                    r.duration = f.started.elapsed();
                    r.outcome = ToolOutcome::Cancelled("the run ended before the call completed".to_owned());
                }
                cancels.extend(f.cancel);
            }
            cancels
        };
        // Outside the lock: a cancel may call into the tool host (e.g. take the GIL).
        for cancel in cancels {
            cancel();
        }
    }
}

type Job = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct PoolState {
    jobs: VecDeque<Job>,
    /// Threads of the current run (idle or busy); detached ones are not counted.
    threads: usize,
    idle: usize,
    /// Bumped when a run ends: a thread busy since an earlier epoch is detached and exits
    /// when its (abandoned) tool returns, so those never hold up the next run's calls.
    epoch: u64,
}

/// At most [`POOL_THREADS`] threads, started on demand, exiting after [`POOL_IDLE`] idle.
#[derive(Default)]
struct Pool {
    state: Arc<(Mutex<PoolState>, Condvar)>,
}

impl Pool {
    /// Detaches the busy threads (they run abandoned calls of the run that ended).
    fn detach_busy(&self) {
        let mut s = self.state.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        s.epoch = s.epoch.wrapping_add(1);
        s.threads = s.idle;
    }

    fn submit(&self, job: Job) {
        let (lock, cv) = &*self.state;
        let mut s = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        s.jobs.push_back(job);
        // Idle threads take queued jobs in turn; start another thread when they are too few.
        if s.jobs.len() <= s.idle {
            cv.notify_one();
            return;
        }
        cv.notify_one();
        if s.threads < POOL_THREADS {
            s.threads += 1;
            let state = self.state.clone();
            let spawned = std::thread::Builder::new().name("hlc-tools".into()).spawn(move || work(&state));
            if spawned.is_err() {
                // No thread to be had: run on the ones there are (there is at least the queue;
                // with none at all, run the job here, blocking the guest, rather than losing it).
                s.threads -= 1;
                if s.threads == 0 {
                    let job = s.jobs.pop_back();
                    drop(s);
                    if let Some(job) = job {
                        job();
                    }
                }
            }
        }
    }
}

fn work(state: &(Mutex<PoolState>, Condvar)) {
    let (lock, cv) = state;
    let mut s = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    loop {
        if let Some(job) = s.jobs.pop_front() {
            let epoch = s.epoch;
            drop(s);
            // A panicking tool must not take the thread's accounting with it.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            s = lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if s.epoch != epoch {
                return;
            }
            continue;
        }
        s.idle += 1;
        let (next, timeout) = cv.wait_timeout(s, POOL_IDLE).unwrap_or_else(std::sync::PoisonError::into_inner);
        s = next;
        s.idle -= 1;
        if timeout.timed_out() && s.jobs.is_empty() {
            s.threads -= 1;
            return;
        }
    }
}
