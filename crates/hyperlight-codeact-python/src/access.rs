//! `file_mounts` / `allowed_domains` arguments, `ExecutionResult.files` and `.host_ops`.
//!
//! Accepted forms (the Python `FileMount` and `AllowedDomain` are `NamedTuple`s, so tuples), for
//! the `Sandbox` and the Agent Framework layer (`_access.py`) alike; the crate's
//! `policy::forms` parses and normalizes them, so both give the same errors:
//! - a mount: a path (absolute: the same path inside; relative: under `/input`),
//!   `(host_path, mount_path)`, `(host_path, mount_path, writable)` with `writable` a bool or a
//!   mode string; paths may be `str` or `os.PathLike`; a missing host path is
//!   `FileNotFoundError`;
//! - a domain: `"api.github.com"` (all methods), a URL (reduced to its origin),
//!   `(target, "GET")`, `(target, ["GET", "POST"])`, `(target, None)`.

use hyperlight_codeact::policy::forms;
use hyperlight_codeact::policy::{PolicyError, PolicyErrorKind};
use hyperlight_codeact::{AllowedDomain, HostAccess, HostOpRecord, Method, Mount, OutputFile};
use pyo3::exceptions::{PyFileNotFoundError, PyPermissionError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyString, PyTuple};

/// A form's error as Python raises it: `FileNotFoundError` for a missing host path.
fn form_err(e: PolicyError) -> PyErr {
    match e.kind {
        PolicyErrorKind::NotFound => PyFileNotFoundError::new_err(e.message),
        PolicyErrorKind::PermissionDenied => PyPermissionError::new_err(e.message),
        _ => PyValueError::new_err(e.message),
    }
}

fn fspath(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    let os = obj.py().import("os")?;
    let p = os
        .call_method1("fspath", (obj,))
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a str or os.PathLike, not {}", type_name(obj))))?;
    p.extract::<String>().map_err(|_| PyTypeError::new_err(format!("{what} must be a str path")))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map_or_else(|_| "?".into(), |n| n.to_string())
}

fn repr(obj: &Bound<'_, PyAny>) -> String {
    obj.repr().map_or_else(|_| type_name(obj), |r| r.to_string())
}

/// A path given as a mount on its own (not a tuple).
fn is_path(item: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(item.is_instance_of::<PyString>() || !item.is_instance_of::<PyTuple>() && item.hasattr("__fspath__")?)
}

/// One `file_mounts` entry; with `strict` its host path must exist.
pub fn mount(item: &Bound<'_, PyAny>, strict: bool) -> PyResult<Mount> {
    if is_path(item)? {
        return forms::path_mount(&fspath(item, "a file_mounts entry")?, strict).map_err(form_err);
    }
    let t = match item.cast::<PyTuple>() {
        Ok(t) if (2..=3).contains(&t.len()) => t,
        _ => {
            return Err(PyTypeError::new_err(format!(
                "file_mounts entries are a path, (host_path, mount_path[, writable]) or FileMount, not {}",
                repr(item)
            )))
        }
    };
    let host = fspath(&t.get_item(0)?, "a mount's host path")?;
    let inside = fspath(&t.get_item(1)?, "mount_path")?;
    let writable = if t.len() == 3 { writable(&t.get_item(2)?)? } else { false };
    forms::mount(&host, &inside, writable, strict).map_err(form_err)
}

/// A mount's third item: a bool, or a mode string (`"ro"`, `"rw"`, ...).
fn writable(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(b.is_true());
    }
    match obj.extract::<String>() {
        Ok(mode) => forms::mount_mode(&mode).map_err(form_err),
        Err(_) => Err(form_err(forms::mount_mode(&repr(obj)).unwrap_err())),
    }
}

/// One `allowed_domains` entry; with `keep_scheme` a URL keeps its scheme (the `Sandbox`: a
/// target written `https://...` allows https only), else it is reduced to `host[:port]` (the
/// Agent Framework layer, as agent-framework-hyperlight does).
pub fn domain(item: &Bound<'_, PyAny>, keep_scheme: bool) -> PyResult<AllowedDomain> {
    if let Ok(s) = item.cast::<PyString>() {
        return forms::domain::<&str>(&s.to_cow()?, None, keep_scheme).map_err(form_err);
    }
    let t = match item.cast::<PyTuple>() {
        Ok(t) if t.len() == 2 => t,
        _ => {
            return Err(PyTypeError::new_err(format!(
                "allowed_domains entries are a str, (target, methods) or AllowedDomain, not {}",
                repr(item)
            )))
        }
    };
    let target_obj = t.get_item(0)?;
    let target: String = target_obj.extract().map_err(|_| {
        PyTypeError::new_err(format!("an allowed_domains target must be a str, not {}", type_name(&target_obj)))
    })?;
    let methods = method_names(&t.get_item(1)?, &target)?;
    forms::domain(&target, methods.as_deref(), keep_scheme).map_err(form_err)
}

/// `None`, a method name or an iterable of them.
fn method_names(obj: &Bound<'_, PyAny>, target: &str) -> PyResult<Option<Vec<String>>> {
    if obj.is_none() {
        return Ok(None);
    }
    if let Ok(s) = obj.extract::<String>() {
        return Ok(Some(vec![s]));
    }
    let not_iterable =
        || PyTypeError::new_err(format!("methods for '{target}' must be a str, a sequence of str or None"));
    let mut names = Vec::new();
    for m in obj.try_iter().map_err(|_| not_iterable())? {
        let m = m?;
        names.push(
            m.extract::<String>().map_err(|_| {
                PyTypeError::new_err(format!("methods for '{target}' must be str, not {}", type_name(&m)))
            })?,
        );
    }
    Ok(Some(names))
}

// The Agent Framework layer's parsing (`hyperlight_codeact._access`), through the same forms.

/// `(host_path, mount_path, writable)` of one `file_mounts` entry.
#[pyfunction]
#[pyo3(signature = (entry, strict = true))]
pub fn _normalize_mount(entry: &Bound<'_, PyAny>, strict: bool) -> PyResult<(String, String, bool)> {
    let m = mount(entry, strict)?;
    Ok((m.host_path.to_string_lossy().into_owned(), m.guest_path, m.writable))
}

/// The absolute, normalized sandbox path for `mount_path`.
#[pyfunction]
pub fn _normalize_mount_path(mount_path: &Bound<'_, PyAny>) -> PyResult<String> {
    forms::mount_path(&fspath(mount_path, "mount_path")?).map_err(form_err)
}

/// A mount's host path made absolute; with `strict` resolved (it must exist).
#[pyfunction]
#[pyo3(signature = (path, strict = true))]
pub fn _resolve_host_path(path: &Bound<'_, PyAny>, strict: bool) -> PyResult<String> {
    let raw = fspath(path, "a mount's host path")?;
    forms::host_path(&raw, strict).map(|p| p.to_string_lossy().into_owned()).map_err(form_err)
}

/// `(target, methods or None)` of one `allowed_domains` entry, a URL reduced to `host[:port]`.
#[pyfunction]
pub fn _normalize_domain(entry: &Bound<'_, PyAny>) -> PyResult<(String, Option<Vec<String>>)> {
    let d = domain(entry, false)?;
    Ok((d.target, d.methods.map(|ms| ms.iter().map(|m| m.as_str().to_string()).collect())))
}

/// An `allowed_domains` target as `host[:port]` (lower-cased; a URL reduced to its host and port).
#[pyfunction]
pub fn _normalize_domain_target(target: &Bound<'_, PyAny>) -> PyResult<String> {
    let raw: String = target.extract().map_err(|_| {
        PyTypeError::new_err(format!("an allowed_domains target must be a str, not {}", type_name(target)))
    })?;
    forms::domain_target(&raw, false).map_err(form_err)
}

/// Registers the functions above and the constants `MOUNT_MODES` and `HTTP_METHODS`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_normalize_mount, m)?)?;
    m.add_function(wrap_pyfunction!(_normalize_mount_path, m)?)?;
    m.add_function(wrap_pyfunction!(_resolve_host_path, m)?)?;
    m.add_function(wrap_pyfunction!(_normalize_domain, m)?)?;
    m.add_function(wrap_pyfunction!(_normalize_domain_target, m)?)?;
    let modes: Vec<&str> = forms::MOUNT_MODES.iter().map(|(name, _)| *name).collect();
    m.add("MOUNT_MODES", PyTuple::new(m.py(), modes)?)?;
    let mut methods: Vec<&str> = Method::ALL.iter().map(|x| x.as_str()).collect();
    methods.sort_unstable();
    m.add("HTTP_METHODS", PyTuple::new(m.py(), methods)?)?;
    Ok(())
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
            access.file_mounts.push(mount(&item?, true)?);
        }
    }
    if let Some(items) = allowed_domains {
        if items.is_instance_of::<PyString>() {
            return Err(PyTypeError::new_err("allowed_domains must be a list of entries, not a single str"));
        }
        for item in items.try_iter()? {
            access.allowed_domains.push(domain(&item?, true)?);
        }
    }
    access.max_output_files = usize::try_from(max_output_files)
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| PyValueError::new_err(format!("max_output_files must be at least 1, got {max_output_files}")))?;
    access.max_output_total_bytes =
        u64::try_from(max_output_total_bytes).ok().filter(|n| *n >= 1).ok_or_else(|| {
            PyValueError::new_err(format!("max_output_total_bytes must be at least 1, got {max_output_total_bytes}"))
        })?;
    access.max_write_bytes = u64::try_from(max_write_bytes)
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| PyValueError::new_err(format!("max_write_bytes must be at least 1, got {max_write_bytes}")))?;
    // Unset: a single file may use the whole total.
    access.max_output_file_bytes = match max_output_file_bytes {
        None => access.max_output_total_bytes,
        Some(n) => u64::try_from(n)
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| PyValueError::new_err(format!("max_output_file_bytes must be at least 1, got {n}")))?,
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
