//! `file_mounts` / `allowed_domains` arguments, `ExecutionResult.files` and `.host_ops`.
//!
//! Accepted forms (the Python `FileMount` and `AllowedDomain` are NamedTuples, so tuples):
//! - a mount: `"/host/data"` (same path inside), `(host_path, mount_path)`,
//!   `(host_path, mount_path, writable)`; paths may be `str` or `os.PathLike`;
//! - a domain: `"api.github.com"` (all methods), `(target, "GET")`, `(target, ["GET", "POST"])`,
//!   `(target, None)`.

use hyperlight_codeact::{AllowedDomain, HostAccess, HostOpRecord, Method, Mount, OutputFile};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};

fn fspath(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    let os = obj.py().import("os")?;
    let p = os.call_method1("fspath", (obj,)).map_err(|_| {
        PyTypeError::new_err(format!("{what} must be a str or os.PathLike, not {}", type_name(obj)))
    })?;
    p.extract::<String>().map_err(|_| PyTypeError::new_err(format!("{what} must be a str path")))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string())
}

fn mount(item: &Bound<'_, PyAny>) -> PyResult<Mount> {
    if item.is_instance_of::<PyString>() || !item.is_instance_of::<PyTuple>() && item.hasattr("__fspath__")? {
        let path = fspath(item, "file_mounts entry")?;
        return Ok(Mount::read_only(path.clone(), path));
    }
    let Ok(t) = item.cast::<PyTuple>() else {
        return Err(PyTypeError::new_err(format!(
            "file_mounts entries are a path, (host_path, mount_path[, writable]) or FileMount, not {}",
            type_name(item)
        )));
    };
    if !(2..=3).contains(&t.len()) {
        return Err(PyValueError::new_err(format!(
            "a file_mounts tuple is (host_path, mount_path) or (host_path, mount_path, writable), got {} items",
            t.len()
        )));
    }
    let host = fspath(&t.get_item(0)?, "host_path")?;
    let guest = fspath(&t.get_item(1)?, "mount_path")?;
    let writable = if t.len() == 3 { writable(&t.get_item(2)?)? } else { false };
    Ok(Mount { host_path: host.into(), guest_path: guest, writable })
}

/// A mount's third item: a bool, or a mode string (`"ro"`, `"rw"`, ...).
fn writable(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    if let Ok(b) = obj.extract::<bool>() {
        return Ok(b);
    }
    match obj.extract::<String>().map(|s| s.to_ascii_lowercase()).as_deref() {
        Ok("ro" | "r" | "read-only") => Ok(false),
        Ok("rw" | "w" | "read-write" | "writable") => Ok(true),
        _ => Err(PyValueError::new_err("a mount's mode must be True/False, \"ro\" or \"rw\"")),
    }
}

fn methods(obj: &Bound<'_, PyAny>, target: &str) -> PyResult<Option<Vec<Method>>> {
    if obj.is_none() {
        return Ok(None);
    }
    let names: Vec<String> = if let Ok(s) = obj.extract::<String>() {
        vec![s]
    } else {
        obj.extract::<Vec<String>>().map_err(|_| {
            PyTypeError::new_err(format!("methods for {target:?} must be a str, a list of str or None"))
        })?
    };
    let parsed = names
        .iter()
        .map(|m| m.parse::<Method>().map_err(|e| PyValueError::new_err(format!("{target:?}: {}", e.message))))
        .collect::<PyResult<Vec<_>>>()?;
    if parsed.is_empty() {
        return Err(PyValueError::new_err(format!("methods for {target:?} is empty; use None to allow all")));
    }
    Ok(Some(parsed))
}

fn domain(item: &Bound<'_, PyAny>) -> PyResult<AllowedDomain> {
    if let Ok(s) = item.extract::<String>() {
        return Ok(AllowedDomain::any_method(s));
    }
    let Ok(t) = item.cast::<PyTuple>() else {
        return Err(PyTypeError::new_err(format!(
            "allowed_domains entries are a str, (target, methods) or AllowedDomain, not {}",
            type_name(item)
        )));
    };
    if t.len() != 2 {
        return Err(PyValueError::new_err(format!(
            "an allowed_domains tuple is (target, methods), got {} items",
            t.len()
        )));
    }
    let target: String = t.get_item(0)?.extract().map_err(|_| PyTypeError::new_err("an allowed_domains target must be a str"))?;
    let methods = methods(&t.get_item(1)?, &target)?;
    Ok(AllowedDomain { target, methods })
}

/// Builds the [`HostAccess`] from the Python arguments (validated further by the Rust crate).
pub fn host_access(
    file_mounts: Option<&Bound<'_, PyAny>>,
    allowed_domains: Option<&Bound<'_, PyAny>>,
    output_dir: bool,
    max_output_files: i64,
    max_output_file_bytes: Option<i64>,
    max_output_total_bytes: i64,
    max_write_bytes: i64,
) -> PyResult<HostAccess> {
    let mut access = HostAccess { output_dir, ..HostAccess::default() };
    if let Some(items) = file_mounts {
        if items.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err("file_mounts must be a list of entries, not a single str"));
        }
        for item in items.try_iter()? {
            access.file_mounts.push(mount(&item?)?);
        }
    }
    if let Some(items) = allowed_domains {
        if items.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err("allowed_domains must be a list of entries, not a single str"));
        }
        for item in items.try_iter()? {
            access.allowed_domains.push(domain(&item?)?);
        }
    }
    access.max_output_files = usize::try_from(max_output_files)
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| PyValueError::new_err(format!("max_output_files must be at least 1, got {max_output_files}")))?;
    access.max_output_total_bytes = u64::try_from(max_output_total_bytes).ok().filter(|n| *n >= 1).ok_or_else(|| {
        PyValueError::new_err(format!("max_output_total_bytes must be at least 1, got {max_output_total_bytes}"))
    })?;
    access.max_write_bytes = u64::try_from(max_write_bytes)
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| PyValueError::new_err(format!("max_write_bytes must be at least 1, got {max_write_bytes}")))?;
    // Unset: a single file may use the whole total.
    access.max_output_file_bytes = match max_output_file_bytes {
        None => access.max_output_total_bytes,
        Some(n) => u64::try_from(n).ok().filter(|n| *n >= 1).ok_or_else(|| {
            PyValueError::new_err(format!("max_output_file_bytes must be at least 1, got {n}"))
        })?,
    };
    Ok(access)
}

/// The configured mounts as `(host_path, mount_path, writable)` and domains as
/// `(target, methods or None)`, for the instructions and repr.
pub fn mounts_to_py(access: &HostAccess) -> Vec<(String, String, bool)> {
    access
        .file_mounts
        .iter()
        .map(|m| (m.host_path.to_string_lossy().into_owned(), m.guest_path.clone(), m.writable))
        .collect()
}

pub fn domains_to_py(access: &HostAccess) -> Vec<(String, Option<Vec<String>>)> {
    access
        .allowed_domains
        .iter()
        .map(|d| (d.target.clone(), d.methods.as_ref().map(|ms| ms.iter().map(|m| m.as_str().to_string()).collect())))
        .collect()
}

/// A file the run left in `/output`.
#[pyclass(name = "OutputFile", module = "hyperlight_codeact", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyOutputFile {
    /// The path in the sandbox, e.g. `/output/report.csv`.
    #[pyo3(get)]
    path: String,
    data: Vec<u8>,
}

#[pymethods]
impl PyOutputFile {
    /// The file's contents.
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.data)
    }

    /// The path below `/output` (`report.csv`, `charts/a.png`).
    #[getter]
    fn name(&self) -> &str {
        self.path.strip_prefix("/output/").unwrap_or(&self.path)
    }

    #[getter]
    fn size(&self) -> usize {
        self.data.len()
    }

    /// The contents decoded as UTF-8 (errors replaced).
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }

    fn __repr__(&self) -> String {
        format!("OutputFile(path={:?}, size={})", self.path, self.data.len())
    }
}

impl From<OutputFile> for PyOutputFile {
    fn from(f: OutputFile) -> Self {
        Self { path: f.path, data: f.data }
    }
}

/// A host operation as a dict: `op`, `target`, `error` (None when allowed and done), `duration_ms`.
pub fn host_op_to_py<'py>(py: Python<'py>, r: &HostOpRecord) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("op", &r.op)?;
    d.set_item("target", &r.target)?;
    d.set_item("error", r.error.as_deref())?;
    d.set_item("duration_ms", r.duration.as_secs_f64() * 1e3)?;
    Ok(d)
}
