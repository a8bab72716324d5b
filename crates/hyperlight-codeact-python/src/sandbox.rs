//! `Sandbox` and `ExecutionResult` for Python: thin wrappers over the Rust crate's types.

use std::ops::RangeInclusive;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use hyperlight_codeact::{
    CancelToken, ExecutionResult, HostAccess, HostOpRecord, Isolation, Pool, Sandbox, SandboxBuilder, SandboxConfig,
    ToolCallRecord, ToolHost, DEFAULT_MAX_VMS, DEFAULT_READY_VMS,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};

use crate::access::{domains_to_py, host_access, host_op_to_py, mounts_to_py, PyOutputFile};
use crate::exceptions::{catch_panic, panic_err, to_py_err, SandboxError};
use crate::tools::{record_to_py, CallerLoop, PyTools};

/// Micro-VMs running the `MicroPython` guest; `run()` executes a code block with fresh state.
#[pyclass(name = "Sandbox", module = "hyperlight_codeact", frozen, subclass)]
pub struct PySandbox {
    // Python threads and asyncio tasks may share this object and call `run` at once: each run
    // checks out its own VM (created lazily from the first VM's snapshot, up to `pool_size`);
    // beyond that they wait, with the GIL released. `close()` takes the pool out: runs under
    // way hold their own `Arc` and finish; the VMs go when the last of them drops it.
    pool: Mutex<Option<Arc<Pool>>>,
    pool_size: usize,
    // A copy for the getters and repr, so they never wait behind a running VM.
    config: SandboxConfig,
    tools: Option<Arc<PyTools>>,
}

/// An int argument as u32 within `range`, else `ValueError`.
fn int_arg(name: &str, value: i64, range: RangeInclusive<u32>) -> PyResult<u32> {
    u32::try_from(value)
        .ok()
        .filter(|v| range.contains(v))
        .ok_or_else(|| PyValueError::new_err(hyperlight_codeact::out_of_range(name, &range, value)))
}

fn config_from_args(
    timeout_seconds: f64,
    memory_mb: i64,
    isolation: Isolation,
    max_output_bytes: i64,
    max_tool_calls: i64,
    max_tool_payload_bytes: i64,
    access: HostAccess,
) -> PyResult<SandboxBuilder> {
    // Checked here because `Duration::from_secs_f64` panics on negative or non-finite input.
    if !(timeout_seconds.is_finite() && timeout_seconds > 0.0) {
        return Err(PyValueError::new_err(format!("timeout_seconds must be a positive number, got {timeout_seconds}")));
    }
    let timeout = Duration::try_from_secs_f64(timeout_seconds)
        .map_err(|_| PyValueError::new_err(format!("timeout_seconds is too large: {timeout_seconds:e}")))?;
    // Upper limits are the Rust crate's to judge; here only what fits its types.
    let memory_mb = int_arg("memory_mb", memory_mb, SandboxConfig::MEMORY_MB)?;
    let max_output_bytes = int_arg("max_output_bytes", max_output_bytes, SandboxConfig::MAX_OUTPUT_BYTES)?;
    let max_tool_calls = int_arg("max_tool_calls", max_tool_calls, 0..=u32::MAX)?;
    let max_tool_payload_bytes =
        int_arg("max_tool_payload_bytes", max_tool_payload_bytes, SandboxConfig::MAX_TOOL_PAYLOAD_BYTES)?;
    Ok(Sandbox::builder()
        .timeout(timeout)
        .memory_mb(memory_mb)
        .isolation(isolation)
        .max_output_bytes(max_output_bytes)
        .max_tool_calls(max_tool_calls)
        .max_tool_payload_bytes(max_tool_payload_bytes)
        .access(access))
}

#[pymethods]
impl PySandbox {
    #[new]
    #[pyo3(signature = (
        tools = None,
        *,
        timeout_seconds = 30.0,
        memory_mb = 64,
        isolation = "fresh_vm",
        fresh_vm_per_run = None,
        max_output_bytes = 1 << 20,
        on_tool_call = None,
        max_tool_calls = 10_000,
        max_tool_payload_bytes = 1 << 20,
        file_mounts = None,
        allowed_domains = None,
        output_dir = true,
        max_output_files = 64,
        max_output_total_bytes = 32 << 20,
        pool_size = None,
        ready_vms = None,
        max_output_file_bytes = None,
        tool_error_detail = true,
        max_write_bytes = 256 << 20,
    ))]
    #[allow(clippy::too_many_arguments, reason = "mirrors the Python signature")]
    fn new(
        py: Python<'_>,
        tools: Option<&Bound<'_, PyAny>>,
        timeout_seconds: f64,
        memory_mb: i64,
        isolation: &str,
        fresh_vm_per_run: Option<bool>,
        max_output_bytes: i64,
        on_tool_call: Option<Py<PyAny>>,
        max_tool_calls: i64,
        max_tool_payload_bytes: i64,
        file_mounts: Option<&Bound<'_, PyAny>>,
        allowed_domains: Option<&Bound<'_, PyAny>>,
        output_dir: bool,
        max_output_files: i64,
        max_output_total_bytes: i64,
        pool_size: Option<i64>,
        ready_vms: Option<i64>,
        max_output_file_bytes: Option<i64>,
        tool_error_detail: bool,
        max_write_bytes: i64,
    ) -> PyResult<Self> {
        let max_vms = match pool_size {
            None => DEFAULT_MAX_VMS,
            Some(n) => int_arg("pool_size", n, 1..=MAX_POOL_SIZE)? as usize,
        };
        let ready_vms = match ready_vms {
            None => DEFAULT_READY_VMS.min(max_vms),
            Some(n) => int_arg("ready_vms", n, 0..=MAX_POOL_SIZE)? as usize,
        };
        let isolation = parse_isolation(isolation, fresh_vm_per_run)?;
        let access = host_access(
            file_mounts,
            allowed_domains,
            output_dir,
            max_output_files,
            max_output_file_bytes,
            max_output_total_bytes,
            max_write_bytes,
        )?;
        let builder = config_from_args(
            timeout_seconds,
            memory_mb,
            isolation,
            max_output_bytes,
            max_tool_calls,
            max_tool_payload_bytes,
            access,
        )?;
        let builder = builder.tool_error_detail(tool_error_detail);
        let config = builder.clone().into_config();
        let tools = match (tools, &on_tool_call) {
            (None, None) => None,
            (tools, _) => {
                let empty = PyList::empty(py);
                Some(Arc::new(PyTools::new(py, tools.unwrap_or(empty.as_any()), on_tool_call)?))
            }
        };
        let host = tools.clone().map(|t| t as Arc<dyn ToolHost>);
        let policy = tools.clone().filter(|t| t.has_policy());
        // Creating a VM takes milliseconds: let other Python threads run meanwhile.
        let made = py.detach(|| {
            catch_panic(|| {
                let mut builder = builder.max_vms(max_vms).ready_vms(ready_vms);
                if let Some(host) = host {
                    builder = builder.shared_tools(host);
                }
                if let Some(p) = policy {
                    builder = builder.tool_policy(Arc::new(
                        move |name: &str, args: &[(String, hyperlight_codeact::Value)]| p.allow(name, args),
                    ));
                }
                builder.build_pool()
            })
        });
        match made {
            Ok(Ok(pool)) => {
                let pool_size = pool.size();
                Ok(Self { pool: Mutex::new(Some(Arc::new(pool))), pool_size, config, tools })
            }
            Ok(Err(e)) => Err(to_py_err(py, e)),
            Err(panic) => Err(panic_err("Sandbox()", &panic)),
        }
    }

    /// Runs `code` in the micro-VM with fresh Python state and returns what it produced. An
    /// exception raised by `code` is reported in the result, not raised here.
    fn run(&self, py: Python<'_>, code: &str) -> PyResult<PyExecutionResult> {
        self.run_inner(py, code)
    }

    /// Like `run`, but `async def` tools are awaited on `event_loop` (the caller's running loop;
    /// `run_async` passes it) while this call blocks a worker thread.
    fn _run_with_loop(&self, py: Python<'_>, code: &str, event_loop: Py<PyAny>) -> PyResult<PyExecutionResult> {
        // The VM runs, and calls tools, on this thread: the loop is this thread's, not shared.
        let _caller = CallerLoop::set(event_loop);
        self.run_inner(py, code)
    }

    /// Releases the micro-VMs now rather than when the object is collected. Runs already under
    /// way finish first; later `run()` calls raise `SandboxError`. Closing twice is a no-op.
    fn close(&self, py: Python<'_>) {
        let pool = self.pool.lock().unwrap_or_else(PoisonError::into_inner).take();
        // Dropping the last Arc stops the VMs (and the pool's threads): not under the GIL.
        py.detach(move || drop(pool));
    }

    /// Whether `close()` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.pool.lock().unwrap_or_else(PoisonError::into_inner).is_none()
    }

    /// Names of the tools `call_tool` can reach.
    #[getter]
    fn tool_names(&self) -> Vec<String> {
        self.tools.as_ref().map(|t| t.names()).unwrap_or_default()
    }

    #[getter]
    fn timeout_seconds(&self) -> f64 {
        self.config.timeout.as_secs_f64()
    }

    #[getter]
    fn memory_mb(&self) -> u32 {
        self.config.memory_mb
    }

    #[getter]
    fn fresh_vm_per_run(&self) -> bool {
        self.config.isolation == Isolation::FreshVm
    }

    /// `"fresh_vm"` (every run in a VM restored from the post-init snapshot) or
    /// `"reuse_vm_trusted"` (one VM, interpreter reset between runs: a single trusted tenant).
    #[getter]
    fn isolation(&self) -> &'static str {
        isolation_name(self.config.isolation)
    }

    #[getter]
    fn max_output_bytes(&self) -> u32 {
        self.config.max_output_bytes
    }

    /// The mounts, as `(host_path, mount_path, writable)` tuples.
    #[getter]
    fn file_mounts(&self) -> Vec<(String, String, bool)> {
        mounts_to_py(&self.config.access)
    }

    /// The network allow-list, as `(target, methods or None)` tuples.
    #[getter]
    fn allowed_domains(&self) -> Vec<(String, Option<Vec<String>>)> {
        domains_to_py(&self.config.access)
    }

    /// Bytes one run may write to files in total (`/output` and writable mounts, rewrites
    /// included); past it writes raise `OSError`.
    #[getter]
    fn max_write_bytes(&self) -> u64 {
        self.config.access.max_write_bytes
    }

    /// Whether runs get a writable `/output` whose files come back in `ExecutionResult.files`.
    #[getter]
    fn output_dir(&self) -> bool {
        self.config.access.output_dir
    }

    /// The most runs (and VMs) this sandbox runs at once.
    #[getter]
    fn pool_size(&self) -> usize {
        self.pool_size
    }

    /// VMs alive now (running, idle or being prepared), at most `pool_size`; 0 once closed.
    #[getter]
    fn vms_created(&self) -> usize {
        self.live().map_or(0, |p| p.created())
    }

    /// VMs restored and warmed up right now, waiting for the next runs.
    #[getter]
    fn vms_ready(&self) -> usize {
        self.live().map_or(0, |p| p.ready())
    }

    /// Waits (at most `timeout` seconds, GIL released) until `n` VMs are ready; for benchmarks.
    #[pyo3(signature = (n = 1, timeout = 5.0))]
    fn wait_ready(&self, py: Python<'_>, n: usize, timeout: f64) -> bool {
        let timeout = Duration::try_from_secs_f64(timeout.max(0.0)).unwrap_or(Duration::from_secs(3600));
        let Some(pool) = self.live() else { return false };
        py.detach(|| pool.wait_ready(n, timeout))
    }

    /// `(VMs prepared in the background, seconds spent preparing them, runs that prepared
    /// their own VM)`; for benchmarks.
    #[getter]
    fn prep_stats(&self) -> (u64, f64, u64) {
        let Some(pool) = self.live() else { return (0, 0.0, 0) };
        let s = pool.prep_stats();
        (s.prepared, s.busy.as_secs_f64(), s.prepared_inline)
    }

    fn __repr__(&self) -> String {
        format!(
            "Sandbox(timeout_seconds={}, memory_mb={}, isolation='{}', max_output_bytes={})",
            py_float(self.config.timeout.as_secs_f64()),
            self.config.memory_mb,
            isolation_name(self.config.isolation),
            self.config.max_output_bytes
        )
    }
}

impl PySandbox {
    /// The pool, unless `close()` took it.
    fn live(&self) -> Option<Arc<Pool>> {
        self.pool.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn run_inner(&self, py: Python<'_>, code: &str) -> PyResult<PyExecutionResult> {
        let pool = self.live().ok_or_else(|| {
            SandboxError::new_err("this Sandbox is closed (close() was called): create a new Sandbox to run code")
        })?;
        // A run that panics half-way loses its VM (the pool drops it); the others carry on.
        let outcome = if is_main_thread(py)? {
            Self::run_watching_signals(py, &pool, code)?
        } else {
            // Python runs signal handlers on the main thread only: nothing to watch here.
            py.detach(|| catch_panic(|| pool.run(code)))
        };
        match outcome {
            Ok(Ok(result)) => Ok(PyExecutionResult::from(result)),
            Ok(Err(e)) => Err(to_py_err(py, e)),
            Err(panic) => Err(panic_err("Sandbox.run()", &panic)),
        }
    }
}

impl PySandbox {
    /// Runs on a second thread while this (main) thread checks for signals every 50 ms: a
    /// Ctrl-C (`KeyboardInterrupt`, or any exception a signal handler raises) stops the VM at
    /// once and propagates from `run()`. Tools never run on the main thread, so the signal
    /// cannot land in a tool and become a `ToolError` the guest could catch.
    fn run_watching_signals(
        py: Python<'_>,
        pool: &Arc<Pool>,
        code: &str,
    ) -> PyResult<Result<hyperlight_codeact::Result<ExecutionResult>, String>> {
        let token = CancelToken::new();
        let (tx, rx) = std::sync::mpsc::channel();
        // Waited on detached from Python, hence shared with the detached closure.
        let rx = std::sync::Mutex::new(rx);
        let recv = |timeout: Option<Duration>| {
            let rx = rx.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            match timeout {
                Some(t) => rx.recv_timeout(t),
                None => rx.recv().map_err(|_| std::sync::mpsc::RecvTimeoutError::Disconnected),
            }
        };
        let (run_token, pool, code) = (token.clone(), pool.clone(), code.to_owned());
        // Tools see the caller's context variables (OpenTelemetry spans among them), as if
        // they ran on this thread.
        let context = py.import("contextvars")?.call_method0("copy_context")?.unbind();
        main_runner(Box::new(move || {
            let _context = crate::tools::CallerContext::set(context);
            let _ = tx.send(catch_panic(|| pool.run_cancellable(&code, &run_token)));
        }))?;
        loop {
            match py.detach(|| recv(Some(Duration::from_millis(50)))) {
                Ok(outcome) => return Ok(outcome),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    if let Err(e) = py.check_signals() {
                        token.cancel("KeyboardInterrupt");
                        // The VM stops within milliseconds; wait for the run to end.
                        let _ = py.detach(|| recv(None));
                        return Err(e);
                    }
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                    return Ok(Err("the run's thread ended without a result".to_owned()))
                }
            }
        }
    }
}

type Job = Box<dyn FnOnce() + Send + 'static>;

/// The thread main-thread runs execute on (one at a time: the main thread waits for each).
/// Long-lived rather than one per run: a vCPU's first entry on a new thread costs
/// milliseconds here. Re-created in a forked child, where the parent's thread does not exist.
static MAIN_RUNNER: std::sync::Mutex<Option<(u32, std::sync::mpsc::Sender<Job>)>> = std::sync::Mutex::new(None);

fn main_runner(job: Job) -> PyResult<()> {
    let mut runner = MAIN_RUNNER.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let pid = std::process::id();
    if runner.as_ref().is_none_or(|(p, _)| *p != pid) {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("hyperlight-codeact-run".into())
            .spawn(move || {
                for job in rx {
                    job();
                }
            })
            .map_err(|e| crate::exceptions::SandboxError::new_err(format!("cannot start the run thread: {e}")))?;
        *runner = Some((pid, tx));
    }
    let (_, tx) = runner.as_ref().expect("set above");
    tx.send(job).map_err(|_| crate::exceptions::SandboxError::new_err("the run thread has stopped"))
}

fn is_main_thread(py: Python<'_>) -> PyResult<bool> {
    let threading = py.import("threading")?;
    Ok(threading.call_method0("current_thread")?.is(&threading.call_method0("main_thread")?))
}

/// Beyond this many VMs a pool is more likely a mistake than a plan.
const MAX_POOL_SIZE: u32 = 1024;

fn isolation_name(i: Isolation) -> &'static str {
    match i {
        Isolation::ReuseVmTrusted => "reuse_vm_trusted",
        _ => "fresh_vm",
    }
}

/// `isolation=` by name; `fresh_vm_per_run=` is the older spelling of the same choice.
fn parse_isolation(name: &str, fresh_vm_per_run: Option<bool>) -> PyResult<Isolation> {
    let isolation = match name {
        "fresh_vm" => Isolation::FreshVm,
        "reuse_vm_trusted" => Isolation::ReuseVmTrusted,
        other => {
            return Err(PyValueError::new_err(format!(
                "isolation must be 'fresh_vm' or 'reuse_vm_trusted', got {other:?}"
            )))
        }
    };
    match fresh_vm_per_run {
        Some(false) if name == "fresh_vm" => Ok(Isolation::ReuseVmTrusted),
        Some(true) if isolation != Isolation::FreshVm => {
            Err(PyValueError::new_err("fresh_vm_per_run=True contradicts isolation='reuse_vm_trusted'"))
        }
        _ => Ok(isolation),
    }
}

/// Formats like Python's `repr(float)` for the values we show (`30.0`, not `30`).
fn py_float(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

/// What one `Sandbox.run()` produced.
#[pyclass(name = "ExecutionResult", module = "hyperlight_codeact", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyExecutionResult {
    /// Everything the code printed to stdout.
    #[pyo3(get)]
    stdout: String,
    /// Everything the code printed to stderr (the traceback is in `traceback`, not here).
    #[pyo3(get)]
    stderr: String,
    /// 0 on success, 1 for an uncaught exception, or the `sys.exit()` code.
    #[pyo3(get)]
    exit_code: i32,
    /// True when the code ran to completion with exit code 0.
    #[pyo3(get)]
    success: bool,
    /// `"TypeName: message"` for an uncaught exception, else None.
    #[pyo3(get)]
    error: Option<String>,
    /// The uncaught exception's class name, else None.
    #[pyo3(get)]
    exception_type: Option<String>,
    /// The uncaught exception's traceback text, else None.
    #[pyo3(get)]
    traceback: Option<String>,
    /// True when stdout or stderr was cut at `max_output_bytes`.
    #[pyo3(get)]
    output_truncated: bool,
    /// Every `call_tool` the run made (see the `tool_calls` getter).
    tool_calls: Vec<ToolCallRecord>,
    /// Files left in `/output`, sorted by path.
    #[pyo3(get)]
    files: Vec<PyOutputFile>,
    /// File and network operations (see the `host_ops` getter).
    host_ops: Vec<HostOpRecord>,
}

impl From<ExecutionResult> for PyExecutionResult {
    fn from(r: ExecutionResult) -> Self {
        let success = r.success();
        let error = r.error();
        let (exception_type, traceback) = match r.exception {
            Some(e) => (Some(e.type_name), Some(e.traceback)),
            None => (None, None),
        };
        Self {
            stdout: r.stdout,
            stderr: r.stderr,
            exit_code: r.exit_code,
            success,
            error,
            exception_type,
            traceback,
            output_truncated: r.output_truncated,
            tool_calls: r.tool_calls,
            files: r.files.into_iter().map(PyOutputFile::from).collect(),
            host_ops: r.host_ops,
        }
    }
}

/// Python `repr()` of a string, shortened to about `max` characters.
fn short_repr(py: Python<'_>, s: &str, max: usize) -> PyResult<String> {
    let shown: String = s.chars().take(max).collect();
    let mut out = PyString::new(py, &shown).repr()?.to_string();
    if shown.len() < s.len() {
        out.push_str("...");
    }
    Ok(out)
}

#[pymethods]
impl PyExecutionResult {
    /// Every `call_tool` the run made, in order: dicts with `name`, `arguments`,
    /// `duration_ms`, `outcome` ("ok", "error" or "denied") and `error` (message or None).
    #[getter]
    fn tool_calls<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for r in &self.tool_calls {
            list.append(record_to_py(py, r)?)?;
        }
        Ok(list)
    }

    /// Every file and network operation the run asked the host for, in order: dicts with
    /// `op` (`fs.read`, `fs.write`, `http.request`, ...), `target` (path or `METHOD url`),
    /// `error` (None when allowed and done, else the refusal or failure) and `duration_ms`.
    #[getter]
    fn host_ops<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for r in &self.host_ops {
            list.append(host_op_to_py(py, r)?)?;
        }
        Ok(list)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let error = match &self.error {
            Some(e) => short_repr(py, e, 200)?,
            None => "None".to_owned(),
        };
        Ok(format!(
            "ExecutionResult(success={}, exit_code={}, stdout={}, stderr={}, error={}{})",
            if self.success { "True" } else { "False" },
            self.exit_code,
            short_repr(py, &self.stdout, 200)?,
            short_repr(py, &self.stderr, 200)?,
            error,
            if self.output_truncated { ", output_truncated=True" } else { "" },
        ))
    }
}
