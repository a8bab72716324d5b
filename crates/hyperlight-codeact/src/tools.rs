//! Host tools the guest reaches through `call_tool(name, **kwargs)`: the [`ToolHost`] trait
//! an embedder implements, the policy hook checked before each call, and the audit record of
//! every call.
//!
//! Each tool runs on a helper thread of the VM (not the thread running the VM), which waits
//! for it with the run's deadline: a tool that overruns ends the run with a timeout at the
//! deadline. Its thread is left to finish the call on its own and the result is discarded
//! (Rust cannot stop a thread; a tool that must not be abandoned should watch
//! [`call_deadline`] itself). During a call, [`call_deadline`], [`call_context`] and
//! [`interrupt_run`] tell the tool about the run it serves.

use std::any::Any;
use std::cell::RefCell;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use hyperlight_codeact_protocol::{BuiltinException, ToolCall, ToolReply, Value};

mod concurrent;
use crate::watchdog::RunClock;
use crate::worker::{Abandoned, Worker};
pub use concurrent::{ToolCancel, ToolDone, MAX_TOOL_CALLS_IN_FLIGHT};

/// Runs tools for the guest.
pub trait ToolHost: Send + Sync {
    /// Names of the tools offered, used in the error for an unknown name.
    fn names(&self) -> Vec<String>;
    /// Runs one tool with the guest's keyword arguments. A [`ToolFailure::Exception`] is raised
    /// in the guest as that built-in exception type with those args (as if the tool had run in
    /// the guest); a [`ToolFailure::Error`] as a catchable `ToolError`. Runs on a helper thread;
    /// see the module docs.
    ///
    /// # Errors
    /// Whatever the tool reports.
    fn call(&self, name: &str, args: &[(String, Value)]) -> Result<Value, ToolFailure>;

    /// Starts one call of a concurrent batch (the guest's `acall_tool`/`asyncio`) by the host's
    /// own means, e.g. an `async` tool as a task on an event loop: calls `done` (on any thread)
    /// with the result when it completes and returns what cancels it if the run ends first.
    /// Returns `Err(done)` to have the call run as [`ToolHost::call`] on the sandbox's bounded
    /// thread pool instead, which is the default.
    ///
    /// # Errors
    /// `Err(done)` hands the call back to the thread pool; it is not a failure.
    fn start(&self, name: &str, args: &[(String, Value)], done: ToolDone) -> Result<Option<ToolCancel>, ToolDone> {
        let _ = (name, args);
        Err(done)
    }

    /// Called on the thread running the VM just before each call; what it returns is
    /// available to [`ToolHost::call`] (on the helper thread) through [`call_context`]. For
    /// state that lives in thread-locals of the caller (an event loop, context variables).
    fn capture(&self) -> Option<Arc<dyn Any + Send + Sync>> {
        None
    }
}

/// An exception a tool raised, as the guest re-raises it.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolException {
    /// The built-in type the guest raises (the nearest built-in base of the tool's class).
    pub exception: BuiltinException,
    /// The exception's `args`.
    pub args: Vec<Value>,
    /// `str()` of the exception on the host, for the audit record.
    pub message: String,
}

/// How a tool call failed.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolFailure {
    /// The tool raised: the guest raises the same built-in type with the same args.
    Exception(ToolException),
    /// Any other failure: the guest raises `ToolError` with this message.
    Error(String),
}

impl From<String> for ToolFailure {
    fn from(message: String) -> Self {
        Self::Error(message)
    }
}

impl From<&str> for ToolFailure {
    fn from(message: &str) -> Self {
        Self::Error(message.to_owned())
    }
}

impl From<ToolException> for ToolFailure {
    fn from(e: ToolException) -> Self {
        Self::Exception(e)
    }
}

impl ToolException {
    /// `exception(message)`: the common one-string-argument case (`ValueError("unknown city")`).
    #[must_use]
    pub fn new(exception: BuiltinException, message: &str) -> Self {
        Self { exception, args: vec![Value::Str(message.to_owned())], message: message.to_owned() }
    }
}

/// Checked before each tool runs: `Err(reason)` denies the call (the guest gets `ToolError`).
///
/// Called as a tool is, on a helper thread the run waits for at most until its deadline: a hook
/// that blocks (asks a human, waits on a lock) ends the run as a timeout at the time limit.
pub type ToolPolicy = Arc<dyn Fn(&str, &[(String, Value)]) -> Result<(), String> + Send + Sync>;

/// How one tool call ended.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolOutcome {
    Ok,
    /// The tool failed (or is unknown), or the call was refused before any tool ran
    /// (malformed, too large, over `max_tool_calls`, past the deadline); the message the guest
    /// saw.
    Error(String),
    /// The policy hook refused the call; its reason.
    Denied(String),
    /// A concurrent call (`acall_tool`) still running when the run ended: cancelled (async
    /// tools) or abandoned to finish on its own with the result discarded (sync tools).
    Cancelled(String),
}

/// One `call_tool` made by a run, in order, refused calls included.
///
/// Bounded whatever the guest sends: `name` is at most [`AUDIT_NAME_BYTES`], `args` keeps at
/// most [`AUDIT_ARG_BYTES`] of strings and [`AUDIT_ARG_VALUES`] values (a longer string is cut
/// to a prefix ending in `…`; values past the budget are left out) and messages at most
/// [`AUDIT_MESSAGE_BYTES`]. `args_bytes` is always the size of the whole encoded call.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCallRecord {
    pub name: String,
    pub args: Vec<(String, Value)>,
    /// Size of the encoded call as the guest sent it.
    pub args_bytes: usize,
    /// True when `name` or `args` were shortened for the audit.
    pub args_truncated: bool,
    /// Host-side time from receiving the call to having the reply.
    pub duration: Duration,
    pub outcome: ToolOutcome,
}

/// Bytes of a tool name kept in the audit.
pub const AUDIT_NAME_BYTES: usize = 128;
/// Bytes of argument names and text kept per audit record.
pub const AUDIT_ARG_BYTES: usize = 256;
/// Argument values (nested ones included) kept per audit record.
pub const AUDIT_ARG_VALUES: usize = 16;
/// Bytes of an error message kept in the audit.
pub const AUDIT_MESSAGE_BYTES: usize = 512;
/// Refused calls recorded beyond `max_tool_calls`; later ones are counted in one last record.
pub const AUDIT_EXTRA_RECORDS: usize = 100;

/// Upper bound of the heap bytes one [`ToolCallRecord`] holds, struct included: the struct
/// (~112), name (128), 16 values as `(String, Value)` entries (16 x 56), 256 bytes of text,
/// 512 of message, and ~32 bytes of allocator overhead for each of at most 36 allocations.
pub(crate) const AUDIT_RECORD_MAX_BYTES: u64 = 4096;

/// `s` cut to at most `max` bytes on a character boundary, with `…` when cut.
pub(crate) fn prefix(s: &str, max: usize) -> (String, bool) {
    if s.len() <= max {
        return (s.to_owned(), false);
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    (format!("{}…", &s[..end]), true)
}

/// Shortens arguments to the audit budget.
struct Abbrev {
    bytes: usize,
    values: usize,
    truncated: bool,
}

impl Abbrev {
    fn text(&mut self, s: &str) -> String {
        let room = AUDIT_ARG_BYTES.saturating_sub(self.bytes).max(8);
        let (t, cut) = prefix(s, room);
        self.bytes += t.len();
        self.truncated |= cut;
        t
    }

    fn value(&mut self, v: &Value) -> Option<Value> {
        if self.values >= AUDIT_ARG_VALUES || self.bytes >= AUDIT_ARG_BYTES {
            self.truncated = true;
            return None;
        }
        self.values += 1;
        Some(match v {
            Value::Str(s) => Value::Str(self.text(s)),
            Value::BigInt(d) => Value::BigInt(if d.len() <= 64 { d.clone() } else { self.text(d) }),
            Value::Bytes(b) => {
                let keep = b.len().min(AUDIT_ARG_BYTES.saturating_sub(self.bytes).max(8));
                self.bytes += keep;
                self.truncated |= keep < b.len();
                Value::Bytes(b[..keep].to_vec())
            }
            Value::List(items) => Value::List(items.iter().map_while(|i| self.value(i)).collect()),
            Value::Dict(entries) => Value::Dict(self.entries(entries)),
            other => other.clone(),
        })
    }

    fn entries(&mut self, entries: &[(String, Value)]) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        for (k, v) in entries {
            if self.values >= AUDIT_ARG_VALUES || self.bytes >= AUDIT_ARG_BYTES {
                self.truncated = true;
                break;
            }
            let key = self.text(k);
            match self.value(v) {
                Some(v) => out.push((key, v)),
                None => break,
            }
        }
        out
    }
}

/// The audit form of a call's name and arguments, and whether it was shortened.
fn abbreviate(name: &str, args: &[(String, Value)]) -> (String, Vec<(String, Value)>, bool) {
    let (name, cut) = prefix(name, AUDIT_NAME_BYTES);
    let mut a = Abbrev { bytes: 0, values: 0, truncated: cut };
    let args = a.entries(args);
    (name, args, a.truncated)
}

/// The tool name of an encoded call, read without decoding the rest (a length-prefixed
/// string first), for the audit of calls refused as too large or malformed.
fn peek_name(request: &[u8]) -> String {
    let Some(len) = request.get(..4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize) else {
        return String::new();
    };
    let end = 4usize.saturating_add(len.min(AUDIT_NAME_BYTES)).min(request.len());
    String::from_utf8_lossy(&request[4..end]).into_owned()
}

/// What the helper thread knows about the call it is running.
#[derive(Clone)]
struct CallContext {
    clock: RunClock,
    deadline: Option<Instant>,
    tools: usize,
    captured: Option<Arc<dyn Any + Send + Sync>>,
}

thread_local! {
    static CURRENT_CALL: RefCell<Option<CallContext>> = const { RefCell::new(None) };
}

/// When the run that made the current tool call ends, if it has a deadline. `None` outside a
/// tool call.
#[must_use]
pub fn call_deadline() -> Option<Instant> {
    CURRENT_CALL.with(|c| c.borrow().as_ref().and_then(|c| c.deadline))
}

/// What [`ToolHost::capture`] returned for the current tool call.
#[must_use]
pub fn call_context() -> Option<Arc<dyn Any + Send + Sync>> {
    CURRENT_CALL.with(|c| c.borrow().as_ref().and_then(|c| c.captured.clone()))
}

/// Stops the run that made the current tool call, now: `Sandbox::run` returns
/// [`crate::Error::Interrupted`] with `reason` (e.g. for a `KeyboardInterrupt` raised in a
/// tool). Returns false outside a tool call.
pub fn interrupt_run(reason: impl Into<String>) -> bool {
    let clock = CURRENT_CALL.with(|c| c.borrow().as_ref().map(|c| c.clock.clone()));
    clock.is_some_and(|c| c.interrupt(reason.into()))
}

/// True on a tool's thread serving a run of a sandbox with these tools: a nested run would
/// wait for the run that is waiting for it.
pub(crate) fn inside_call_of(tools: usize) -> bool {
    tools != 0 && CURRENT_CALL.with(|c| c.borrow().as_ref().is_some_and(|c| c.tools == tools))
}

struct State {
    tools: Option<Arc<dyn ToolHost>>,
    policy: Option<ToolPolicy>,
    audit: Vec<ToolCallRecord>,
    /// Calls counted against `max_calls` this run.
    counted: usize,
    /// Refused calls not recorded because the audit was full.
    unrecorded: u64,
    max_calls: u32,
    max_payload: usize,
    /// False: a tool's exception reaches the guest with its type but a generic message.
    error_detail: bool,
    /// Calls started without waiting (`acall_tool`), see `concurrent`.
    concurrent: concurrent::Calls,
    clock: RunClock,
}

impl Default for State {
    fn default() -> Self {
        Self {
            tools: None,
            policy: None,
            audit: Vec::new(),
            counted: 0,
            unrecorded: 0,
            max_calls: u32::MAX,
            max_payload: usize::MAX,
            error_detail: true,
            clock: RunClock::default(),
            concurrent: concurrent::Calls::default(),
        }
    }
}

/// Shared between the sandbox and the host function Hyperlight calls.
#[derive(Clone, Default)]
pub(crate) struct Bridge(Arc<Mutex<State>>, Arc<Worker>);

impl Bridge {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A poisoned lock only means a tool panicked; the state is plain data.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn set_tools(&self, tools: Option<Arc<dyn ToolHost>>) {
        self.lock().tools = tools;
    }

    pub(crate) fn set_policy(&self, policy: Option<ToolPolicy>) {
        self.lock().policy = policy;
    }

    /// The run clock whose deadline bounds each tool call (the VM's watchdog drives it).
    pub(crate) fn set_clock(&self, clock: RunClock) {
        self.lock().clock = clock;
    }

    /// Identifies the tools (0 for none), to recognise a run started from one of them.
    pub(crate) fn tools_id(&self) -> usize {
        self.lock().tools.as_ref().map_or(0, |t| Arc::as_ptr(t).cast::<()>() as usize)
    }

    /// Caps the calls per run and the encoded size of each call and each result.
    pub(crate) fn set_limits(&self, max_calls: u32, max_payload: usize) {
        let mut s = self.lock();
        s.max_calls = max_calls;
        s.max_payload = max_payload;
    }

    /// Whether the guest sees a tool exception's own message (true) or a generic one.
    pub(crate) fn set_error_detail(&self, detail: bool) {
        self.lock().error_detail = detail;
    }

    /// A new bridge with the same tools, policy and limits (and an empty audit, its own clock
    /// and helper thread).
    pub(crate) fn duplicate(&self) -> Self {
        let s = self.lock();
        Self(
            Arc::new(Mutex::new(State {
                tools: s.tools.clone(),
                policy: s.policy.clone(),
                max_calls: s.max_calls,
                max_payload: s.max_payload,
                error_detail: s.error_detail,
                ..State::default()
            })),
            Arc::default(),
        )
    }

    /// Takes the audit records of the run that just ended (cancelling its concurrent calls
    /// still in flight first).
    pub(crate) fn take_audit(&self) -> Vec<ToolCallRecord> {
        self.end_concurrent_calls();
        let mut s = self.lock();
        s.counted = 0;
        let mut audit = std::mem::take(&mut s.audit);
        let unrecorded = std::mem::take(&mut s.unrecorded);
        if unrecorded > 0 {
            audit.push(ToolCallRecord {
                name: String::new(),
                args: vec![("count".into(), Value::Int(i64::try_from(unrecorded).unwrap_or(i64::MAX)))],
                args_bytes: 0,
                args_truncated: false,
                duration: Duration::ZERO,
                outcome: ToolOutcome::Error(format!("{unrecorded} more refused calls were not recorded (audit limit)")),
            });
        }
        audit
    }

    /// Records a call; past the audit's cap only counts it.
    fn record(&self, record: ToolCallRecord) {
        let mut s = self.lock();
        if s.audit.len() < (s.max_calls as usize).saturating_add(AUDIT_EXTRA_RECORDS) {
            s.audit.push(record);
        } else {
            s.unrecorded += 1;
        }
    }

    /// Records a call refused before any tool ran, and returns the reply for it.
    fn refuse(&self, request: &[u8], started: Instant, message: String) -> Vec<u8> {
        let (name, cut) = prefix(&peek_name(request), AUDIT_NAME_BYTES);
        let (short, _) = prefix(&message, AUDIT_MESSAGE_BYTES);
        self.record(ToolCallRecord {
            name,
            args: Vec::new(),
            args_bytes: request.len(),
            args_truncated: cut || request.len() > 4,
            duration: started.elapsed(),
            outcome: ToolOutcome::Error(short),
        });
        ToolReply::Err { message }.encode()
    }

    /// Handles one encoded `ToolCall` from the guest. Never fails: every problem becomes a
    /// `ToolReply::Err` the guest raises as `ToolError`.
    pub(crate) fn handle(&self, request: &[u8]) -> Vec<u8> {
        let started = Instant::now();
        // Tools, policy and limits are copied out so no lock is held while user code runs.
        let (tools, policy, max_calls, max_payload, clock, error_detail) = {
            let s = self.lock();
            (s.tools.clone(), s.policy.clone(), s.max_calls, s.max_payload, s.clock.clone(), s.error_detail)
        };
        if request.len() > max_payload {
            let message = format!("tool call arguments are {} bytes; the limit is {max_payload}", request.len());
            return self.refuse(request, started, message);
        }
        let call = match ToolCall::decode(request) {
            Ok(c) => c,
            Err(e) => return self.refuse(request, started, format!("malformed tool call: {e}")),
        };
        let over = {
            let mut s = self.lock();
            let over = s.counted >= max_calls as usize;
            if !over {
                s.counted += 1;
            }
            over
        };
        if over {
            let message = format!("tool call limit reached: at most {max_calls} calls per run");
            return self.refuse(request, started, message);
        }
        let (audit_name, audit_args, args_truncated) = abbreviate(&call.name, &call.args);
        let name = call.name.clone();
        let (reply, outcome) = match self.decide(policy, call, &clock) {
            Err((message, outcome)) => (ToolReply::Err { message }, outcome),
            Ok(call) => match tools {
                None => {
                    let msg = format!("unknown tool {:?}: this sandbox has no tools", call.name);
                    (ToolReply::Err { message: msg.clone() }, ToolOutcome::Error(msg))
                }
                Some(t) if !t.names().contains(&call.name) => {
                    let msg = format!("unknown tool {:?}; available tools: {}", call.name, t.names().join(", "));
                    (ToolReply::Err { message: msg.clone() }, ToolOutcome::Error(msg))
                }
                Some(t) => self.call_tool(t, &call.name, call.args, &clock, error_detail),
            },
        };
        let mut encoded = reply.encode();
        let outcome = if encoded.len() > max_payload {
            let message = format!("result of tool {name:?} is {} bytes; the limit is {max_payload}", encoded.len());
            encoded = ToolReply::Err { message: message.clone() }.encode();
            ToolOutcome::Error(message)
        } else {
            outcome
        };
        let outcome = match outcome {
            ToolOutcome::Error(m) => ToolOutcome::Error(prefix(&m, AUDIT_MESSAGE_BYTES).0),
            ToolOutcome::Denied(m) => ToolOutcome::Denied(prefix(&m, AUDIT_MESSAGE_BYTES).0),
            ToolOutcome::Cancelled(m) => ToolOutcome::Cancelled(prefix(&m, AUDIT_MESSAGE_BYTES).0),
            ToolOutcome::Ok => ToolOutcome::Ok,
        };
        self.record(ToolCallRecord {
            name: audit_name,
            args: audit_args,
            args_bytes: request.len(),
            args_truncated,
            duration: started.elapsed(),
            outcome,
        });
        encoded
    }

    /// Asks the policy hook (if any) about `call`, as a tool is called: on the helper thread,
    /// waited for at most until the run's deadline, so a hook that blocks cannot hold the run
    /// past its time limit (the run ends as a timeout). The call is handed back when allowed;
    /// else the message for the guest and the audit outcome.
    pub(crate) fn decide(
        &self,
        policy: Option<ToolPolicy>,
        call: ToolCall,
        clock: &RunClock,
    ) -> Result<ToolCall, (String, ToolOutcome)> {
        let Some(policy) = policy else { return Ok(call) };
        let name = call.name.clone();
        let verdict = self.1.run(clock, move || {
            let verdict = policy(&call.name, &call.args);
            (verdict, call)
        });
        match verdict {
            Ok((Ok(()), call)) => Ok(call),
            Ok((Err(reason), _)) => {
                Err((format!("tool call {name:?} denied by policy: {reason}"), ToolOutcome::Denied(reason)))
            }
            Err(a) => {
                let msg = match a {
                    Abandoned::Deadline => format!(
                        "the policy hook did not decide on tool call {name:?} before the run was stopped (time limit or interrupt)"
                    ),
                    Abandoned::Failed => {
                        format!("the policy hook failed on tool call {name:?}: it panicked or could not be started")
                    }
                };
                Err((msg.clone(), ToolOutcome::Error(msg)))
            }
        }
    }

    /// Runs the tool on the helper thread and waits for it at most until the run's deadline.
    fn call_tool(
        &self,
        tools: Arc<dyn ToolHost>,
        name: &str,
        args: Vec<(String, Value)>,
        clock: &RunClock,
        error_detail: bool,
    ) -> (ToolReply, ToolOutcome) {
        let context = CallContext {
            deadline: clock.remaining().map(|r| Instant::now() + r),
            clock: clock.clone(),
            tools: Arc::as_ptr(&tools).cast::<()>() as usize,
            captured: tools.capture(),
        };
        let job_name = name.to_owned();
        let result = self.1.run(clock, move || {
            CURRENT_CALL.with(|c| *c.borrow_mut() = Some(context));
            let result = tools.call(&job_name, &args);
            CURRENT_CALL.with(|c| c.borrow_mut().take());
            result
        });
        let msg = match result {
            Ok(result) => return tool_reply(name, result, error_detail),
            Err(Abandoned::Deadline) => {
                format!("tool {name:?} did not return before the run was stopped (time limit or interrupt)")
            }
            Err(Abandoned::Failed) => format!("tool {name:?} failed: it panicked or could not be started"),
        };
        (ToolReply::Err { message: msg.clone() }, ToolOutcome::Error(msg))
    }
}

/// The guest's reply to a tool's result and its audit outcome, for `call_tool` and `acall_tool`
/// alike: a tool's exception reaches the guest as its own type, with its args only when
/// `error_detail` (the audit keeps the full message whatever the guest is shown).
pub(crate) fn tool_reply(
    name: &str,
    result: Result<Value, ToolFailure>,
    error_detail: bool,
) -> (ToolReply, ToolOutcome) {
    match result {
        Ok(v) => (ToolReply::Ok(v), ToolOutcome::Ok),
        Err(ToolFailure::Error(e)) => {
            let msg = format!("tool {name:?} failed: {e}");
            (ToolReply::Err { message: msg.clone() }, ToolOutcome::Error(msg))
        }
        Err(ToolFailure::Exception(e)) => {
            let msg = format!("tool {name:?} failed: {}: {}", e.exception, e.message);
            let withheld = || vec![Value::Str(format!("tool {name:?} failed (details withheld)"))];
            let args = if error_detail { e.args } else { withheld() };
            (ToolReply::Exception { exception: e.exception, args }, ToolOutcome::Error(msg))
        }
    }
}

type ToolFn = Arc<dyn Fn(&[(String, Value)]) -> Result<Value, ToolFailure> + Send + Sync>;

/// A [`ToolHost`] from named closures, for Rust embedders and tests.
#[derive(Default, Clone)]
pub struct FnTools {
    tools: Vec<(String, ToolFn)>,
}

impl FnTools {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a tool whose `Err(message)` the guest raises as `ToolError`.
    #[must_use]
    pub fn with(
        mut self,
        name: &str,
        f: impl Fn(&[(String, Value)]) -> Result<Value, String> + Send + Sync + 'static,
    ) -> Self {
        let f = move |args: &[(String, Value)]| f(args).map_err(ToolFailure::Error);
        self.tools.push((name.to_owned(), Arc::new(f)));
        self
    }

    /// Adds a tool that can fail with a [`ToolFailure`]: an exception the guest re-raises as
    /// its own type (`ToolException::new(BuiltinException::ValueError, "unknown city")`).
    #[must_use]
    pub fn with_raising(
        mut self,
        name: &str,
        f: impl Fn(&[(String, Value)]) -> Result<Value, ToolFailure> + Send + Sync + 'static,
    ) -> Self {
        self.tools.push((name.to_owned(), Arc::new(f)));
        self
    }
}

impl ToolHost for FnTools {
    fn names(&self) -> Vec<String> {
        self.tools.iter().map(|(n, _)| n.clone()).collect()
    }

    fn call(&self, name: &str, args: &[(String, Value)]) -> Result<Value, ToolFailure> {
        let (_, f) = self.tools.iter().find(|(n, _)| n == name).ok_or_else(|| format!("unknown tool {name:?}"))?;
        f(args)
    }
}
