//! The Python exception hierarchy, and the one place Rust errors and panics become exceptions.
//!
//! ```text
//! SandboxError(Exception)
//!  +-- HypervisorNotFound   no usable /dev/kvm or /dev/mshv (message says why and how to fix)
//!  +-- ExecutionTimeout     a run passed its time limit; the VM was stopped and restored
//!  +-- GuestError           the guest crashed or sent garbage; the VM was restored
//!  +-- PolicyViolation      a file/network/tool policy refused something (later)
//!  +-- ToolError            a host tool called from the guest failed (later)
//! ```
//! Bad arguments are `ValueError`, as Python users expect.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use hyperlight_codeact::Error;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

pyo3::create_exception!(
    hyperlight_codeact,
    SandboxError,
    PyException,
    "Base class of every error raised by hyperlight_codeact."
);
pyo3::create_exception!(
    hyperlight_codeact,
    HypervisorNotFound,
    SandboxError,
    "No usable hypervisor; the message (and the `problem` and `fix` attributes) say why and what to do."
);
pyo3::create_exception!(
    hyperlight_codeact,
    ExecutionTimeout,
    SandboxError,
    "The code ran past the sandbox's time limit and was stopped; the sandbox stays usable."
);
pyo3::create_exception!(
    hyperlight_codeact,
    GuestError,
    SandboxError,
    "The guest crashed (fault, out of guest memory) or broke the protocol; the sandbox stays usable."
);
pyo3::create_exception!(
    hyperlight_codeact,
    PolicyViolation,
    SandboxError,
    "The code tried something the sandbox's policy forbids."
);
pyo3::create_exception!(hyperlight_codeact, ToolError, SandboxError, "A host tool called from the guest failed.");

/// Adds every exception class to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("SandboxError", py.get_type::<SandboxError>())?;
    m.add("HypervisorNotFound", py.get_type::<HypervisorNotFound>())?;
    m.add("ExecutionTimeout", py.get_type::<ExecutionTimeout>())?;
    m.add("GuestError", py.get_type::<GuestError>())?;
    m.add("PolicyViolation", py.get_type::<PolicyViolation>())?;
    m.add("ToolError", py.get_type::<ToolError>())?;
    Ok(())
}

/// Turns a crate error into the matching Python exception.
#[allow(clippy::match_wildcard_for_single_variants, reason = "the wildcard is for variants added later")]
pub fn to_py_err(py: Python<'_>, err: Error) -> PyErr {
    match err {
        Error::NoHypervisor { ref problem, ref fix } => {
            let exc = HypervisorNotFound::new_err(err.to_string());
            // Structured copies for callers (doctor, agent setup) that print their own advice.
            let value = exc.value(py);
            if value.setattr("problem", problem).and_then(|()| value.setattr("fix", fix)).is_err() {
                return HypervisorNotFound::new_err(err.to_string());
            }
            exc
        }
        Error::Timeout(limit) => {
            let exc = ExecutionTimeout::new_err(format!(
                "the code ran longer than the {}s limit and was stopped",
                limit.as_secs_f64()
            ));
            if exc.value(py).setattr("timeout_seconds", limit.as_secs_f64()).is_err() {
                return ExecutionTimeout::new_err(format!("the code ran longer than {limit:?}"));
            }
            exc
        }
        Error::GuestCrash(msg) => GuestError::new_err(msg),
        Error::Protocol(msg) => GuestError::new_err(format!("protocol error: {msg}")),
        Error::InvalidArgument(msg) => PyValueError::new_err(msg),
        // Ctrl-C in the host (or KeyboardInterrupt raised in a tool) stopped the run.
        Error::Interrupted(msg) => pyo3::exceptions::PyKeyboardInterrupt::new_err(msg),
        // Hyperlight failures, and variants added later until they get a class of their own.
        other => SandboxError::new_err(other.to_string()),
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(no message)")
}

/// Runs `f`, turning a Rust panic into a `SandboxError` so no panic reaches Python (`PyO3` would
/// raise `PanicException`, a `BaseException` that `except Exception` does not catch).
///
/// Safe to call with the GIL released: it returns the panic as a plain `String` and the caller
/// builds the exception once attached again.
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    // AssertUnwindSafe: after a panic the only state we touch again is the Sandbox mutex, whose
    // poisoning we check explicitly (see sandbox.rs).
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| panic_message(payload.as_ref()).to_owned())
}

/// The exception for a caught panic.
pub fn panic_err(what: &str, message: &str) -> PyErr {
    SandboxError::new_err(format!("internal error (Rust panic) in {what}: {message}"))
}
