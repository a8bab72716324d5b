//! Python tools behind the Rust `ToolHost` trait: plain callables, `@tool` functions and
//! `FunctionTool`s (their `name` and `func`), sync or `async def`. Tools run on the VM's helper
//! thread (see `hyperlight_codeact::tools`), with the GIL taken only for the call and the
//! caller's context variables (captured on the thread running the VM) entered. A sync tool
//! that overruns the run's deadline is abandoned there: the run ends with `ExecutionTimeout` at
//! the deadline, the tool finishes on its own and its result is discarded. A coroutine is
//! cancelled at the deadline. A `KeyboardInterrupt` raised in a tool stops the run and is
//! raised by `run()`, never turned into a `ToolError`. Coroutines are awaited on the caller's
//! event loop when the run came from `run_async` (`run_coroutine_threadsafe`; the loop is
//! per thread, so concurrent runs from different loops each use their own), otherwise on the
//! sandbox's one private loop, which runs on its own thread once a sync run first needs it
//! (so concurrent sync runs share it, and loop-bound resources of tools stay on one loop):
//! never a new thread or loop per call.

use std::any::Any;
use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use hyperlight_codeact::{
    tools as hlc_tools, BuiltinException, ToolCallRecord, ToolCancel, ToolDone, ToolException, ToolFailure, ToolHost,
    ToolOutcome, Value,
};
use pyo3::exceptions::{PyKeyboardInterrupt, PyTypeError};
use pyo3::prelude::*;
use pyo3::sync::MutexExt;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

mod concurrent;

/// Converts a boundary value to a Python object.
pub fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::None => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::BigInt(digits) => py.get_type::<PyInt>().call1((digits.as_str(),))?,
        Value::Float(f) => PyFloat::new(py, *f).into_any(),
        Value::Str(s) => PyString::new(py, s).into_any(),
        Value::List(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Dict(entries) => entries_to_dict(py, entries)?.into_any(),
        Value::Bytes(b) => pyo3::types::PyBytes::new(py, b).into_any(),
    })
}

pub fn entries_to_dict<'py>(py: Python<'py>, entries: &[(String, Value)]) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in entries {
        d.set_item(k, to_py(py, v)?)?;
    }
    Ok(d)
}

/// Converts a tool's return value; anything not JSON-like is a `TypeError` naming it.
pub fn from_py(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if depth > hyperlight_codeact::MAX_VALUE_DEPTH {
        return Err(PyTypeError::new_err("value nested too deeply"));
    }
    if obj.is_none() {
        return Ok(Value::None);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        return Ok(match obj.extract::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::BigInt(obj.str()?.to_string()),
        });
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Value::Float(f.value()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::Str(s.to_str()?.to_owned()));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return obj.try_iter()?.map(|item| from_py(&item?, depth + 1)).collect::<PyResult<_>>().map(Value::List);
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut entries = Vec::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err(format!("dict keys must be str, not {}", type_name(&k))))?;
            entries.push((key.to_str()?.to_owned(), from_py(&v, depth + 1)?));
        }
        return Ok(Value::Dict(entries));
    }
    Err(PyTypeError::new_err(format!(
        "{} is not a JSON-like value (None, bool, int, float, str, list, dict)",
        type_name(obj)
    )))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or_else(|_| "object".to_owned(), |n| n.to_string())
}

/// `"TypeName: message"` of a Python exception, as the guest's `ToolError` shows it.
fn describe(py: Python<'_>, e: &PyErr) -> String {
    let ty = e.get_type(py).name().map_or_else(|_| "Exception".to_owned(), |n| n.to_string());
    format!("{ty}: {}", e.value(py))
}

/// A tool's exception as the guest re-raises it: the nearest built-in base of its class in the
/// MRO that the guest has (`BuiltinException`), with its args; when an arg is not a JSON-like
/// value or the class has its own `__str__`, the one arg `str(e)`, so `str(e)` still matches.
/// `None` when no such base exists (a `BaseException` that is not an `Exception`).
fn tool_exception(py: Python<'_>, e: &PyErr) -> Option<ToolException> {
    let value = e.value(py);
    let cls = value.get_type();
    let (base, exception) = cls.mro().iter().find_map(|c| {
        let c = c.cast_into::<pyo3::types::PyType>().ok()?;
        let module: String = c.getattr("__module__").ok()?.extract().ok()?;
        let name: String = c.getattr("__name__").ok()?.extract().ok()?;
        let exception = BuiltinException::from_name(&name).filter(|_| module == "builtins")?;
        Some((c, exception))
    })?;
    let message = value.str().map_or_else(|_| "<exception str() failed>".to_owned(), |s| s.to_string());
    let own_str = match (cls.getattr("__str__"), base.getattr("__str__")) {
        (Ok(a), Ok(b)) => !a.is(&b),
        _ => true,
    };
    let args: Option<Vec<Value>> = if own_str {
        None
    } else {
        value
            .getattr("args")
            .ok()
            .and_then(|a| a.try_iter().ok()?.map(|item| item.ok().and_then(|i| from_py(&i, 1).ok())).collect())
    };
    let args = args.unwrap_or_else(|| vec![Value::Str(message.clone())]);
    Some(ToolException { exception, args, message })
}

/// A Python tool's outcome as the guest receives it (`call_tool` and `acall_tool` alike): what
/// the tool raised reaches the guest as that exception; what the sandbox cannot carry back is
/// the sandbox's refusal (`ToolError`).
fn returned(py: Python<'_>, ran: PyResult<Bound<'_, PyAny>>) -> Result<Value, ToolFailure> {
    let result = ran.map_err(|e| tool_exception(py, &e).map_or_else(|| describe(py, &e).into(), ToolFailure::from))?;
    from_py(&result, 0).map_err(|e| {
        ToolFailure::Error(format!("TypeError: returned a value the sandbox cannot take: {}", e.value(py)))
    })
}

/// The tools of one sandbox.
pub struct PyTools {
    tools: Vec<(String, Py<PyAny>)>,
    /// Policy hook: `on_tool_call(name, arguments) -> bool`.
    on_tool_call: Option<Py<PyAny>>,
    /// The private loop for coroutines of sync runs and the thread running it, once needed.
    own_loop: Mutex<Option<(Py<PyAny>, Py<PyAny>)>>,
}

thread_local! {
    /// The event loop of the `run_async` whose VM runs on this thread, if any.
    static CALLER_LOOP: RefCell<Option<Py<PyAny>>> = const { RefCell::new(None) };
    /// The context variables of the Python thread that called `run()`, when the VM runs on a
    /// thread of its own (the main thread's runs, which watch for signals meanwhile).
    static CALLER_CONTEXT: RefCell<Option<Py<PyAny>>> = const { RefCell::new(None) };
}

/// Makes `context` (a `contextvars.Context`) the caller's for tool calls on this thread until
/// dropped: each call runs in a copy of it.
pub struct CallerContext(Option<Py<PyAny>>);

impl CallerContext {
    pub fn set(context: Py<PyAny>) -> Self {
        Self(CALLER_CONTEXT.with(|c| c.replace(Some(context))))
    }
}

impl Drop for CallerContext {
    fn drop(&mut self) {
        let ours = CALLER_CONTEXT.with(|c| c.replace(self.0.take()));
        drop(ours);
    }
}

/// Makes `event_loop` the caller's loop for tool calls on this thread until dropped.
pub struct CallerLoop(Option<Py<PyAny>>);

impl CallerLoop {
    pub fn set(event_loop: Py<PyAny>) -> Self {
        Self(CALLER_LOOP.with(|c| c.replace(Some(event_loop))))
    }
}

impl Drop for CallerLoop {
    fn drop(&mut self) {
        let ours = CALLER_LOOP.with(|c| c.replace(self.0.take()));
        // Dropping a `Py` without the GIL defers the decref to PyO3's pool; that is fine here.
        drop(ours);
    }
}

impl PyTools {
    /// Resolves each tool's name: `FunctionTool`/`@tool` objects by `.name` and `.func`,
    /// callables by `__name__`.
    pub fn new(py: Python<'_>, tools: &Bound<'_, PyAny>, on_tool_call: Option<Py<PyAny>>) -> PyResult<Self> {
        let mut resolved: Vec<(String, Py<PyAny>)> = Vec::new();
        for t in tools.try_iter()? {
            let t = t?;
            let func = match t.getattr_opt("func")? {
                Some(f) if f.is_callable() && t.hasattr("name")? => f,
                _ if t.is_callable() => t.clone(),
                _ => return Err(PyTypeError::new_err(format!("tool {} is not callable", t.repr()?))),
            };
            let name: String = match t.getattr_opt("name")? {
                Some(n) if n.is_instance_of::<PyString>() => n.extract()?,
                _ => t.getattr("__name__")?.extract()?,
            };
            if resolved.iter().any(|(n, _)| *n == name) {
                return Err(PyTypeError::new_err(format!("two tools are named {name:?}")));
            }
            resolved.push((name, func.unbind()));
        }
        let _ = py;
        Ok(Self { tools: resolved, on_tool_call, own_loop: Mutex::new(None) })
    }

    pub fn has_policy(&self) -> bool {
        self.on_tool_call.is_some()
    }

    /// The policy decision for one call.
    pub fn allow(&self, name: &str, args: &[(String, Value)]) -> Result<(), String> {
        let Some(hook) = &self.on_tool_call else { return Ok(()) };
        Python::attach(|py| {
            let verdict =
                entries_to_dict(py, args).and_then(|d| hook.bind(py).call1((name, d))).and_then(|v| v.is_truthy());
            match verdict {
                Ok(true) => Ok(()),
                Ok(false) => Err("on_tool_call returned False".to_owned()),
                Err(e) => Err(format!("on_tool_call raised {}", describe(py, &e))),
            }
        })
    }

    fn await_result<'py>(
        &self,
        py: Python<'py>,
        awaitable: Bound<'py, PyAny>,
        caller: Option<&Py<PyAny>>,
        context: Option<&Py<PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let asyncio = py.import("asyncio")?;
        let event_loop = match caller {
            Some(l) => l.clone_ref(py),
            None => self.own_loop(py)?,
        };
        let schedule = asyncio.getattr("run_coroutine_threadsafe")?;
        // Scheduled from inside the caller's context, so the task on the loop runs in (a copy
        // of) it: the tool sees the caller's context variables, OpenTelemetry spans included.
        let future = match context {
            Some(c) => c.bind(py).call_method1("run", (schedule, awaitable, event_loop))?,
            None => schedule.call1((awaitable, event_loop))?,
        };
        // Blocks this (helper) thread, with the GIL released, until the loop ran the coroutine
        // or the run's deadline passed: then the coroutine is cancelled, so it does not pend on
        // the loop (and hold this thread) after the run has ended.
        let timeout = hlc_tools::call_deadline().map(|d| d.saturating_duration_since(std::time::Instant::now()));
        match future.call_method1("result", (timeout.map(|t| t.as_secs_f64()),)) {
            // A TimeoutError of an unfinished future is the wait's; a finished one raised the
            // tool's own TimeoutError, which reaches the guest as that.
            Err(e)
                if e.is_instance_of::<pyo3::exceptions::PyTimeoutError>(py)
                    && !future.call_method0("done")?.is_truthy()? =>
            {
                future.call_method0("cancel")?;
                Err(pyo3::exceptions::PyTimeoutError::new_err("the async tool was cancelled at the run's time limit"))
            }
            other => other,
        }
    }

    /// The private loop, started on its own (daemon) thread on first use.
    fn own_loop(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        // Wait for the lock detached from Python: the holder starts the loop's thread, and
        // `Thread.start()` waits for that thread, which needs the GIL to run. Taking the lock
        // while attached deadlocked concurrent first calls from several VM threads.
        let mut own = self.own_loop.lock_py_attached(py).unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((event_loop, _)) = own.as_ref() {
            return Ok(event_loop.clone_ref(py));
        }
        let event_loop = py.import("asyncio")?.call_method0("new_event_loop")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("target", event_loop.getattr("run_forever")?)?;
        kwargs.set_item("name", "hyperlight-codeact-tools")?;
        kwargs.set_item("daemon", true)?;
        let thread = py.import("threading")?.getattr("Thread")?.call((), Some(&kwargs))?;
        thread.call_method0("start")?;
        *own = Some((event_loop.clone().unbind(), thread.unbind()));
        Ok(event_loop.unbind())
    }
}

impl ToolHost for PyTools {
    fn names(&self) -> Vec<String> {
        self.tools.iter().map(|(n, _)| n.clone()).collect()
    }

    fn call(&self, name: &str, args: &[(String, Value)]) -> Result<Value, ToolFailure> {
        let Some((_, func)) = self.tools.iter().find(|(n, _)| n == name) else {
            return Err(format!("unknown tool {name:?}").into());
        };
        let captured = hlc_tools::call_context();
        let captured = captured.as_ref().and_then(|c| c.downcast_ref::<Captured>());
        Python::attach(|py| {
            let ran: PyResult<Bound<'_, PyAny>> = (|| {
                let kwargs = entries_to_dict(py, args)?;
                let mut result = match captured {
                    // The caller's context variables, as if the tool ran on the caller's thread.
                    Some(c) => c.context.bind(py).call_method("run", (func.bind(py),), Some(&kwargs))?,
                    None => func.bind(py).call((), Some(&kwargs))?,
                };
                if py.import("inspect")?.call_method1("isawaitable", (&result,))?.is_truthy()? {
                    result = self.await_result(
                        py,
                        result,
                        captured.and_then(|c| c.caller_loop.as_ref()),
                        captured.map(|c| &c.context),
                    )?;
                }
                Ok(result)
            })();
            if let Err(e) = &ran {
                if e.is_instance_of::<PyKeyboardInterrupt>(py) {
                    // Not the guest's to catch: stop the run; `run()` raises KeyboardInterrupt.
                    hlc_tools::interrupt_run(format!("KeyboardInterrupt in tool {name:?}"));
                }
            }
            returned(py, ran)
        })
    }

    fn start(&self, name: &str, args: &[(String, Value)], done: ToolDone) -> Result<Option<ToolCancel>, ToolDone> {
        self.start_concurrent(name, args, done)
    }

    fn capture(&self) -> Option<Arc<dyn Any + Send + Sync>> {
        // On the thread running the VM: its event loop (run_async) and context variables.
        Python::attach(|py| {
            let stored = CALLER_CONTEXT.with(|c| c.borrow().as_ref().map(|ctx| ctx.clone_ref(py)));
            let context = match stored {
                // A copy per call: one Context cannot be entered by two threads at once.
                Some(ctx) => ctx.bind(py).call_method0("copy").ok()?.unbind(),
                None => py.import("contextvars").and_then(|m| m.call_method0("copy_context")).ok()?.unbind(),
            };
            let caller_loop = CALLER_LOOP.with(|c| c.borrow().as_ref().map(|l| l.clone_ref(py)));
            Some(Arc::new(Captured { context, caller_loop }) as Arc<dyn Any + Send + Sync>)
        })
    }
}

/// What a tool call takes along from the thread running the VM to the helper thread.
struct Captured {
    context: Py<PyAny>,
    caller_loop: Option<Py<PyAny>>,
}

/// A tool call as Python sees it on `ExecutionResult.tool_calls`.
pub fn record_to_py<'py>(py: Python<'py>, r: &ToolCallRecord) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("name", &r.name)?;
    d.set_item("arguments", entries_to_dict(py, &r.args)?)?;
    // The audit keeps a prefix of large arguments; these say how large the call really was.
    d.set_item("arguments_bytes", r.args_bytes)?;
    d.set_item("arguments_truncated", r.args_truncated)?;
    d.set_item("duration_ms", r.duration.as_secs_f64() * 1e3)?;
    let (outcome, error) = match &r.outcome {
        ToolOutcome::Ok => ("ok", None),
        ToolOutcome::Error(e) => ("error", Some(e.as_str())),
        ToolOutcome::Denied(reason) => ("denied", Some(reason.as_str())),
        ToolOutcome::Cancelled(reason) => ("cancelled", Some(reason.as_str())),
    };
    d.set_item("outcome", outcome)?;
    d.set_item("error", error)?;
    Ok(d)
}

impl Drop for PyTools {
    fn drop(&mut self) {
        let Some((event_loop, thread)) =
            self.own_loop.get_mut().unwrap_or_else(std::sync::PoisonError::into_inner).take()
        else {
            return;
        };
        // Stop the loop, wait for its thread, close it (an unclosed loop leaks its selector and
        // warns). At interpreter exit the daemon thread may be gone: leave both to the exit.
        Python::attach(|py| {
            let stopped = (|| {
                if py.import("sys")?.call_method0("is_finalizing")?.is_truthy()? {
                    return Ok(());
                }
                let event_loop = event_loop.bind(py);
                event_loop.call_method1("call_soon_threadsafe", (event_loop.getattr("stop")?,))?;
                thread.bind(py).call_method0("join")?;
                event_loop.call_method0("close").map(drop)
            })();
            if let Err(e) = stopped {
                e.write_unraisable(py, None);
            }
        });
    }
}
