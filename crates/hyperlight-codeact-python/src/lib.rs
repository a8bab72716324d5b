//! `hyperlight_codeact._native`: the `PyO3` extension module. It wraps the `hyperlight-codeact`
//! crate and holds no logic of its own: argument checks, GIL release, locking, and turning
//! errors and panics into Python exceptions (all in `exceptions.rs`).

mod access;
mod exceptions;
mod sandbox;
mod tools;

use hyperlight_codeact::{guest, hypervisor};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::exceptions::{catch_panic, panic_err};

/// Which hypervisor this machine offers: `kind` ("KVM", "PVM-backed KVM", "MSHV" or "none"),
/// `device`, `usable`, and when unusable `problem` and `fix`.
#[pyfunction]
fn hypervisor_info(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let info = py.detach(|| catch_panic(hypervisor::detect)).map_err(|p| panic_err("hypervisor_info()", &p))?;
    let d = PyDict::new(py);
    d.set_item("kind", info.kind.to_string())?;
    d.set_item("device", info.device)?;
    d.set_item("usable", info.usable())?;
    d.set_item("problem", info.problem)?;
    d.set_item("fix", info.fix)?;
    Ok(d)
}

/// The embedded guest binary: `version`, `sha256` (hex) and `size_bytes`.
#[pyfunction]
fn guest_info(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let info = catch_panic(guest::info).map_err(|p| panic_err("guest_info()", &p))?;
    let d = PyDict::new(py);
    d.set_item("version", info.version)?;
    d.set_item("sha256", info.sha256)?;
    d.set_item("size_bytes", info.size_bytes)?;
    Ok(d)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_VALUE_DEPTH", hyperlight_codeact::MAX_VALUE_DEPTH)?;
    m.add_class::<sandbox::PySandbox>()?;
    m.add_class::<sandbox::PyExecutionResult>()?;
    m.add_class::<access::PyOutputFile>()?;
    exceptions::register(m)?;
    access::register(m)?;
    m.add_function(wrap_pyfunction!(hypervisor_info, m)?)?;
    m.add_function(wrap_pyfunction!(guest_info, m)?)?;
    Ok(())
}
