//! Host tools the guest reaches through `call_tool(name, **kwargs)`: the [`ToolHost`] trait
//! an embedder implements, the policy hook checked before each call, and the audit record of
//! every call. The bridge runs on the thread that runs the VM, inside the guest call.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use hyperlight_codeact_protocol::{BuiltinException, ToolCall, ToolReply, Value};

mod concurrent;
pub use concurrent::{ToolCancel, ToolDone, MAX_TOOL_CALLS_IN_FLIGHT};

/// Runs tools for the guest.
pub trait ToolHost: Send + Sync {
    /// Names of the tools offered, used in the error for an unknown name.
    fn names(&self) -> Vec<String>;
    /// Runs one tool with the guest's keyword arguments. A [`ToolFailure::Exception`] is raised
    /// in the guest as that built-in exception type with those args (as if the tool had run in
    /// the guest); a [`ToolFailure::Error`] as a catchable `ToolError`.
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
pub type ToolPolicy = Arc<dyn Fn(&str, &[(String, Value)]) -> Result<(), String> + Send + Sync>;

/// How one tool call ended.
#[derive(Debug, Clone, PartialEq)]
pub enum ToolOutcome {
    Ok,
    /// The tool failed (or is unknown); the message the guest saw.
    Error(String),
    /// The policy hook refused the call; its reason.
    Denied(String),
    /// A concurrent call (`acall_tool`) still running when the run ended: cancelled (async
    /// tools) or abandoned to finish on its own with the result discarded (sync tools).
    Cancelled(String),
}

/// One `call_tool` made by a run, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCallRecord {
    pub name: String,
    pub args: Vec<(String, Value)>,
    /// Host-side time from receiving the call to having the reply.
    pub duration: Duration,
    pub outcome: ToolOutcome,
}

struct State {
    tools: Option<Arc<dyn ToolHost>>,
    policy: Option<ToolPolicy>,
    audit: Vec<ToolCallRecord>,
    max_calls: u32,
    max_payload: usize,
    /// False: a tool's exception reaches the guest with its type but a generic message.
    error_detail: bool,
    /// Calls started without waiting (`acall_tool`), see `concurrent`.
    concurrent: concurrent::Calls,
}

impl Default for State {
    fn default() -> Self {
        Self {
            tools: None,
            policy: None,
            audit: Vec::new(),
            max_calls: u32::MAX,
            max_payload: usize::MAX,
            error_detail: true,
            concurrent: concurrent::Calls::default(),
        }
    }
}

/// Shared between the sandbox and the host function Hyperlight calls.
#[derive(Clone, Default)]
pub(crate) struct Bridge(Arc<Mutex<State>>);

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

    /// A new bridge with the same tools, policy and limits (and an empty audit).
    pub(crate) fn duplicate(&self) -> Self {
        let s = self.lock();
        Self(Arc::new(Mutex::new(State {
            tools: s.tools.clone(),
            policy: s.policy.clone(),
            audit: Vec::new(),
            max_calls: s.max_calls,
            max_payload: s.max_payload,
            error_detail: s.error_detail,
            concurrent: concurrent::Calls::default(),
        })))
    }

    /// Takes the audit records of the run that just ended (cancelling its concurrent calls
    /// still in flight first).
    pub(crate) fn take_audit(&self) -> Vec<ToolCallRecord> {
        self.end_concurrent_calls();
        std::mem::take(&mut self.lock().audit)
    }

    /// Handles one encoded `ToolCall` from the guest. Never fails: every problem becomes a
    /// `ToolReply::Err` the guest raises as `ToolError`.
    pub(crate) fn handle(&self, request: &[u8]) -> Vec<u8> {
        let started = Instant::now();
        // Tools, policy and limits are copied out so no lock is held while user code runs.
        let (tools, policy, max_calls, max_payload, calls_so_far, error_detail) = {
            let s = self.lock();
            (s.tools.clone(), s.policy.clone(), s.max_calls, s.max_payload, s.audit.len(), s.error_detail)
        };
        if request.len() > max_payload {
            let message = format!("tool call arguments are {} bytes; the limit is {max_payload}", request.len());
            return ToolReply::Err { message }.encode();
        }
        let call = match ToolCall::decode(request) {
            Ok(c) => c,
            Err(e) => return ToolReply::Err { message: format!("malformed tool call: {e}") }.encode(),
        };
        if calls_so_far >= max_calls as usize {
            let message = format!("tool call limit reached: at most {max_calls} calls per run");
            return ToolReply::Err { message }.encode();
        }
        let (reply, outcome) = match policy.map_or(Ok(()), |p| p(&call.name, &call.args)) {
            Err(reason) => {
                let msg = format!("tool call {:?} denied by policy: {reason}", call.name);
                (ToolReply::Err { message: msg }, ToolOutcome::Denied(reason))
            }
            Ok(()) => match tools {
                None => {
                    let msg = format!("unknown tool {:?}: this sandbox has no tools", call.name);
                    (ToolReply::Err { message: msg.clone() }, ToolOutcome::Error(msg))
                }
                Some(t) if !t.names().contains(&call.name) => {
                    let msg = format!("unknown tool {:?}; available tools: {}", call.name, t.names().join(", "));
                    (ToolReply::Err { message: msg.clone() }, ToolOutcome::Error(msg))
                }
                Some(t) => tool_reply(&call.name, t.call(&call.name, &call.args), error_detail),
            },
        };
        let mut encoded = reply.encode();
        let outcome = if encoded.len() > max_payload {
            let message = format!("result of tool {:?} is {} bytes; the limit is {max_payload}", call.name, encoded.len());
            encoded = ToolReply::Err { message: message.clone() }.encode();
            ToolOutcome::Error(message)
        } else {
            outcome
        };
        self.lock().audit.push(ToolCallRecord { name: call.name, args: call.args, duration: started.elapsed(), outcome });
        encoded
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
