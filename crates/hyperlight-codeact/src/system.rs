//! The `System` host function: the guest's `open()`, `os` and `http` reach the host only
//! through here, and every operation is decided by [`crate::policy`] before anything on the
//! host is touched.
//!
//! Operations (the name of the [`ToolCall`]; arguments by keyword):
//!
//! | operation      | arguments                                   | result                          |
//! |----------------|---------------------------------------------|---------------------------------|
//! | `fs.read`      | `path`                                      | `{data}` or `{blob, size}`      |
//! | `blob.read`    | `blob`, `offset`, `size`                    | bytes                           |
//! | `fs.write`     | `path`, `data`, `append`, `exclusive`       | `None`                          |
//! | `fs.write`     | `path`, `data`, `offset` (in place)         | `None`                          |
//! | `fs.truncate`  | `path`, `size`                              | `None`                          |
//! | `fs.rename`    | `src`, `dst` (`rename(2)`, one mount)       | `None`                          |
//! | `fs.listdir`   | `path`                                      | list of names                   |
//! | `fs.stat`      | `path`                                      | `{size, is_dir, is_file, mtime}`|
//! | `fs.exists`    | `path`                                      | bool                            |
//! | `fs.remove`    | `path`                                      | `None`                          |
//! | `fs.mkdir`     | `path`, `parents`                           | `None`                          |
//! | `http.request` | `method`, `url`, `headers`, `body`          | `{status, headers, url, data}` or `{..., blob, size}` |
//! | `time.now`     |                                             | `[wall_ns, monotonic_ns]`       |
//! | `time.sleep`   | `seconds`                                   | `None`                          |
//! | `os.urandom`   | `size` (at most [`MAX_URANDOM`])            | bytes from the host's CSPRNG    |
//!
//! `time.now` reads the host's wall clock (ns since the Unix epoch) and a monotonic clock (ns
//! since the sandbox was created; VMs cloned from it share the origin). `time.sleep` sleeps on
//! the host, never past the run's deadline: the watchdog stops the VM at the time limit and
//! wakes the sleeper, so `time.sleep(100)` under a 1 s timeout ends the run at ~1 s as a
//! timeout. Clock reads are not recorded in the audit (they are frequent and reveal nothing
//! about host access); sleeps are.
//!
//! Replies larger than [`CHUNK`] are parked host-side as a *blob* the guest reads in chunks
//! (`blob.read`), so a reply always fits the transport whatever the file or body size; the
//! guest sends large writes as several `append` writes for the same reason.
//!
//! Refusals and failures are [`ToolReply::Raise`] with the Python exception class of the
//! [`PolicyErrorKind`] (`PermissionError`, `FileNotFoundError`, ...) and a message that says
//! why, prefixed with the errno CPython would show (`[Errno 13] Permission denied: ...`).
//!
//! `/output` is a fresh host temporary directory per run, created on the first file
//! operation of the run (a run that touches no file costs nothing); its files are returned by
//! [`System::finish_run`] and the directory is deleted.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hyperlight_codeact_protocol::{SysOp, ToolCall, ToolReply, Value};

use crate::exec::fs::FsHost;
use crate::exec::http::{HttpClient, HttpLimits};
use crate::exec::output::OutputDir;
use crate::policy::fs::{Mount, MountTable};
use crate::policy::net::{AllowedDomain, NetPolicy};
use crate::policy::{PolicyError, PolicyErrorKind};
use crate::tools::{prefix, AUDIT_MESSAGE_BYTES};
use crate::watchdog::RunClock;
use crate::worker::{Abandoned, Worker};

/// Largest reply payload sent in one piece; bigger data goes through a blob.
pub const CHUNK: usize = 256 * 1024;

/// The most bytes one `os.urandom` request returns (the guest asks again for more).
pub const MAX_URANDOM: i64 = 64 * 1024;
/// Operations recorded in a run's `host_ops`; later ones are counted in one last record.
pub const MAX_HOST_OPS: usize = 10_000;
/// Bytes of a path or `METHOD url` kept in a [`HostOpRecord`].
pub const AUDIT_TARGET_BYTES: usize = 256;
/// Upper bound of the heap bytes one [`HostOpRecord`] holds: the struct (~100), op (32),
/// target (256) and error (512), plus allocator overhead.
pub(crate) const HOST_OP_MAX_BYTES: u64 = 1280;

/// A file the run wrote under `/output`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Guest path, e.g. `/output/report.csv`.
    pub path: String,
    pub data: Vec<u8>,
}

/// What the guest may reach; part of [`crate::SandboxConfig`].
#[derive(Debug, Clone)]
pub struct HostAccess {
    /// Host directories visible in the guest (default: none).
    pub file_mounts: Vec<Mount>,
    /// Hosts the guest may send HTTP requests to (default: none).
    pub allowed_domains: Vec<AllowedDomain>,
    /// Offer the per-run writable `/output` directory (default: true).
    pub output_dir: bool,
    /// Files returned from `/output` per run (default 64); more are reported, not returned.
    pub max_output_files: usize,
    /// Total bytes returned from `/output` per run (default 32 MiB).
    pub max_output_total_bytes: u64,
    /// Largest single file returned from `/output` (default 32 MiB); larger ones are
    /// reported in the run's note, not returned.
    pub max_output_file_bytes: u64,
    /// Largest file the guest may read (default 16 MiB) or make by writing (default 64 MiB).
    pub max_read_bytes: u64,
    pub max_file_bytes: u64,
    /// Bytes one run may write to files in total, `/output` and writable mounts together,
    /// rewrites included (default 256 MiB); past it writes raise `OSError`.
    pub max_write_bytes: u64,
    /// Time and size limits of HTTP requests.
    pub http: HttpLimits,
}

impl Default for HostAccess {
    fn default() -> Self {
        Self {
            file_mounts: Vec::new(),
            allowed_domains: Vec::new(),
            output_dir: true,
            max_output_files: 64,
            max_output_total_bytes: 32 << 20,
            max_output_file_bytes: 32 << 20,
            max_read_bytes: FsHost::DEFAULT_MAX_READ_BYTES,
            max_file_bytes: FsHost::DEFAULT_MAX_FILE_BYTES,
            max_write_bytes: 256 << 20,
            http: HttpLimits::default(),
        }
    }
}

/// Validated policy shared by every run (and every VM cloned from the sandbox).
struct Policy {
    access: HostAccess,
    mounts: Vec<Mount>,
    http: Option<HttpClient>,
    /// Origin of the guest's monotonic clock.
    origin: Instant,
}

#[derive(Default)]
struct RunState {
    /// The run's file view: the configured mounts plus its `/output` (created lazily).
    fs: Option<FsHost>,
    output: Option<OutputDir>,
    blobs: HashMap<i64, Vec<u8>>,
    blob_bytes: usize,
    next_blob: i64,
    /// Operations served this run, for the audit (at most [`MAX_HOST_OPS`]).
    ops: Vec<HostOpRecord>,
    /// Operations not recorded because the audit was full.
    ops_unrecorded: u64,
    /// Bytes written to files this run (`fs.write` data), against the write quota.
    written: u64,
    /// This run's HTTP client: a fresh connection pool per run, so no connection (and no
    /// state a server attached to it) is shared between runs.
    http: Option<HttpClient>,
}

/// One file or network operation a run asked the host for (the audit of host access).
#[derive(Debug, Clone, PartialEq)]
pub struct HostOpRecord {
    /// `fs.read`, `fs.write`, `http.request`, ...
    pub op: String,
    /// The guest path or `METHOD url` it concerned (at most [`AUDIT_TARGET_BYTES`]; a longer
    /// one is cut to a prefix ending in `…`).
    pub target: String,
    /// `None` when allowed and done; else the refusal or failure message (at most
    /// [`crate::tools::AUDIT_MESSAGE_BYTES`]).
    pub error: Option<String>,
    pub duration: std::time::Duration,
}

/// The `System` host function's state; clones share it.
#[derive(Clone)]
pub(crate) struct System {
    policy: Arc<Policy>,
    run: Arc<Mutex<RunState>>,
    /// The run's deadline, which bounds `time.sleep` and HTTP (shared with the VM's watchdog).
    clock: RunClock,
    /// Runs HTTP requests, so the VM thread waits for them at most until the deadline.
    worker: Arc<Worker>,
}

impl System {
    /// Validates the mounts and domains.
    pub(crate) fn new(access: HostAccess) -> Result<Self, PolicyError> {
        let mut mounts = access.file_mounts.clone();
        if access.output_dir && mounts.iter().any(|m| m.guest_path.trim_end_matches('/') == OutputDir::GUEST_PATH) {
            return Err(PolicyError::invalid_path(format!(
                "'{}' is reserved for the per-run output directory; mount elsewhere or set output_dir=False",
                OutputDir::GUEST_PATH
            )));
        }
        // Validate now (host paths exist, no duplicate mount points), so a bad mount fails
        // Sandbox creation rather than the first file access.
        MountTable::new(mounts.clone())?;
        if access.output_dir {
            // Placeholder host path, replaced per run; only the guest path matters here.
            mounts.push(Mount::writable(std::env::temp_dir(), OutputDir::GUEST_PATH));
            MountTable::new(mounts.clone())?;
            mounts.pop();
        }
        let http = if access.allowed_domains.is_empty() {
            None
        } else {
            Some(HttpClient::new(NetPolicy::new(access.allowed_domains.clone())?, access.http.clone()))
        };
        Ok(Self {
            policy: Arc::new(Policy { mounts, http, access, origin: Instant::now() }),
            run: Arc::default(),
            clock: RunClock::default(),
            worker: Arc::default(),
        })
    }

    /// A handle with the same policy and its own per-run state and clock (for a cloned VM).
    pub(crate) fn duplicate(&self) -> Self {
        Self { policy: self.policy.clone(), run: Arc::default(), clock: RunClock::default(), worker: Arc::default() }
    }

    /// A handle with the same policy, its own per-run state, and `clock` (the VM's, which its
    /// watchdog drives) for sleeps.
    pub(crate) fn with_clock(&self, clock: RunClock) -> Self {
        Self { policy: self.policy.clone(), run: Arc::default(), clock, worker: Arc::default() }
    }

    /// The run clock (the VM's) that bounds waits of this run, e.g. for concurrent tool calls.
    pub(crate) fn clock(&self) -> RunClock {
        self.clock.clone()
    }

    fn lock(&self) -> MutexGuard<'_, RunState> {
        self.run.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Ends the run: returns the files left in `/output` (within the limits), a note when
    /// some were not returned, and the audit of host operations; deletes `/output`.
    pub(crate) fn finish_run(&self) -> (Vec<OutputFile>, Option<String>, Vec<HostOpRecord>) {
        let state = std::mem::take(&mut *self.lock());
        let mut ops = state.ops;
        if state.ops_unrecorded > 0 {
            ops.push(HostOpRecord {
                op: "audit".into(),
                target: String::new(),
                error: Some(format!("{} more operations were not recorded (audit limit)", state.ops_unrecorded)),
                duration: Duration::ZERO,
            });
        }
        let Some(output) = state.output else {
            return (Vec::new(), None, ops);
        };
        let a = &self.policy.access;
        match collect_capped(&output, a.max_output_files, a.max_output_file_bytes, a.max_output_total_bytes) {
            Ok((files, note)) => (files, note, ops),
            Err(e) => (Vec::new(), Some(format!("{} was not returned: {e}", OutputDir::GUEST_PATH)), ops),
        }
    }

    /// Serves one encoded request; never fails (problems become `Raise` replies).
    pub(crate) fn handle(&self, request: &[u8]) -> Vec<u8> {
        let started = Instant::now();
        let call = match ToolCall::decode(request) {
            Ok(c) => c,
            Err(e) => return raise(&PolicyError::invalid_arg(format!("malformed system call: {e}"))).encode(),
        };
        let op = SysOp::from_name(&call.name);
        let target = describe(op, &call);
        let result = match op {
            Some(op) => self.dispatch(op, &call),
            None => Err(PolicyError::invalid_arg(format!("unknown system operation '{}'", prefix(&call.name, 32).0))),
        };
        let reply = match &result {
            Ok(v) => ToolReply::Ok(v.clone()),
            Err(e) => raise(e),
        };
        // Keep the audit to meaningful operations (SysOp::audited); an unknown one is recorded.
        if op.is_none_or(SysOp::audited) {
            let mut state = self.lock();
            if state.ops.len() < MAX_HOST_OPS {
                let (op, _) = prefix(&call.name, 32);
                state.ops.push(HostOpRecord {
                    op,
                    target,
                    error: result.err().map(|e| prefix(&e.message, AUDIT_MESSAGE_BYTES).0),
                    duration: started.elapsed(),
                });
            } else {
                state.ops_unrecorded += 1;
            }
        }
        reply.encode()
    }

    fn fs(&self, state: &mut RunState) -> Result<FsHost, PolicyError> {
        if let Some(fs) = &state.fs {
            return Ok(fs.clone());
        }
        let mut mounts = self.policy.mounts.clone();
        if self.policy.access.output_dir {
            let out = OutputDir::new()?;
            mounts.push(out.mount());
            state.output = Some(out);
        }
        let mut fs = FsHost::new(MountTable::new(mounts)?);
        fs.max_read_bytes = self.policy.access.max_read_bytes;
        fs.max_file_bytes = self.policy.access.max_file_bytes;
        state.fs = Some(fs.clone());
        Ok(fs)
    }

    fn dispatch(&self, op: SysOp, call: &ToolCall) -> Result<Value, PolicyError> {
        let args = Args(&call.args);
        match op {
            SysOp::BlobRead => return self.blob_read(args.int("blob")?, args.int("offset")?, args.int("size")?),
            SysOp::HttpRequest => return self.http(&args),
            SysOp::TimeNow => return Ok(self.now()),
            SysOp::TimeSleep => return self.sleep(&args),
            _ => {}
        }
        if op == SysOp::OsUrandom {
            let size = args.int("size")?;
            if !(0..=MAX_URANDOM).contains(&size) {
                return Err(PolicyError::invalid_arg(format!(
                    "os.urandom: size must be 0 to {MAX_URANDOM}, got {size}"
                )));
            }
            let mut buf = vec![0u8; usize::try_from(size).unwrap_or(0)];
            getrandom::fill(&mut buf).map_err(|e| PolicyError::invalid_arg(format!("os.urandom: {e}")))?;
            return Ok(Value::Bytes(buf));
        }
        let fs = {
            let mut state = self.lock();
            self.fs(&mut state)?
        };
        if op == SysOp::FsRename {
            return fs.rename(args.str("src")?, args.str("dst")?).map(|()| Value::None);
        }
        let path = args.str("path")?;
        match op {
            SysOp::FsRead => {
                let data = fs.read_file(path)?;
                Ok(Value::Dict(self.payload(data)?))
            }
            SysOp::FsWrite => {
                let data = args.bytes("data")?;
                self.charge_write(data.len() as u64)?;
                if let Some(offset) = args.get("offset") {
                    let Value::Int(offset) = offset else {
                        return Err(PolicyError::invalid_arg("argument 'offset' must be an int"));
                    };
                    let offset = u64::try_from(*offset).map_err(|_| PolicyError::invalid_arg("negative offset"))?;
                    fs.write_at(path, data, offset)?;
                    return Ok(Value::None);
                }
                let append = args.bool("append")?;
                if args.bool("exclusive")? {
                    // Checked and created in one step (O_EXCL), not exists() then write.
                    fs.create_new(path, data)?;
                } else {
                    fs.write_file(path, data, append)?;
                }
                Ok(Value::None)
            }
            SysOp::FsTruncate => {
                let size = u64::try_from(args.int("size")?).map_err(|_| PolicyError::invalid_arg("negative size"))?;
                fs.truncate(path, size).map(|()| Value::None)
            }
            SysOp::FsListdir => Ok(Value::List(fs.list_dir(path)?.into_iter().map(Value::Str).collect())),
            SysOp::FsStat => {
                let st = fs.stat(path)?;
                Ok(Value::Dict(vec![
                    ("size".into(), Value::Int(i64::try_from(st.size).unwrap_or(i64::MAX))),
                    ("is_dir".into(), Value::Bool(st.is_dir)),
                    ("is_file".into(), Value::Bool(st.is_file)),
                    ("mtime".into(), st.mtime.map_or(Value::None, Value::Float)),
                ]))
            }
            SysOp::FsExists => Ok(Value::Bool(fs.exists(path)?)),
            SysOp::FsRemove => fs.remove(path).map(|()| Value::None),
            SysOp::FsMkdir => fs.mkdir(path, args.bool("parents")?).map(|()| Value::None),
            // Served above; a SysOp this dispatcher lacks (a test names every one).
            other => Err(PolicyError::invalid_arg(format!("unknown system operation '{other}'"))),
        }
    }

    fn http(&self, args: &Args<'_>) -> Result<Value, PolicyError> {
        let method = args.str("method")?;
        let url = args.str("url")?;
        let Some(client) = &self.policy.http else {
            return Err(PolicyError::new(
                PolicyErrorKind::PermissionDenied,
                format!(
                    "Permission denied: {method} {url}: this sandbox allows no network access (no allowed_domains)"
                ),
            ));
        };
        let headers: Vec<(String, String)> = match args.get("headers") {
            None | Some(Value::None) => Vec::new(),
            Some(Value::Dict(entries)) => entries
                .iter()
                .map(|(k, v)| match v {
                    Value::Str(s) => Ok((k.clone(), s.clone())),
                    _ => Err(PolicyError::invalid_arg(format!("header '{k}' must be a str"))),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(PolicyError::invalid_arg("headers must be a dict of str")),
        };
        let body = match args.get("body") {
            None | Some(Value::None) => None,
            Some(Value::Bytes(b)) => Some(b.as_slice()),
            Some(_) => return Err(PolicyError::invalid_arg("body must be bytes")),
        };
        let client = self.lock().http.get_or_insert_with(|| client.fresh()).clone();
        let deadline = self.clock.remaining().map(|r| Instant::now() + r);
        let (m, u, body) = (method.to_owned(), url.to_owned(), body.map(<[u8]>::to_vec));
        let (short_url, _) = prefix(url, AUDIT_TARGET_BYTES);
        let resp = self
            .worker
            .run(&self.clock, move || client.request_until(&m, &u, &headers, body.as_deref(), deadline))
            .map_err(|a| match a {
                Abandoned::Deadline => PolicyError::new(
                    PolicyErrorKind::Timeout,
                    format!("{short_url}: the run was stopped (time limit or interrupt) before the response"),
                ),
                Abandoned::Failed => PolicyError::new(PolicyErrorKind::Io, format!("{short_url}: request failed")),
            })??;
        let mut out = vec![
            ("status".to_string(), Value::Int(i64::from(resp.status))),
            (
                "headers".to_string(),
                Value::List(
                    resp.headers.into_iter().map(|(k, v)| Value::List(vec![Value::Str(k), Value::Str(v)])).collect(),
                ),
            ),
            ("url".to_string(), Value::Str(resp.final_url)),
        ];
        out.extend(self.payload(resp.body)?);
        Ok(Value::Dict(out))
    }

    /// `[wall_ns, monotonic_ns]`: the host's wall clock and the sandbox's monotonic clock.
    fn now(&self) -> Value {
        let wall = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_nanos()).unwrap_or(i64::MAX),
        };
        let mono = i64::try_from(self.policy.origin.elapsed().as_nanos()).unwrap_or(i64::MAX);
        Value::List(vec![Value::Int(wall), Value::Int(mono)])
    }

    /// Sleeps `seconds` on the host, at most until the run's deadline.
    fn sleep(&self, args: &Args<'_>) -> Result<Value, PolicyError> {
        let seconds = match args.get("seconds") {
            Some(Value::Float(f)) => *f,
            #[allow(clippy::cast_precision_loss)]
            Some(Value::Int(i)) => *i as f64,
            _ => return Err(PolicyError::invalid_arg("argument 'seconds' must be a number")),
        };
        if seconds.is_nan() || seconds < 0.0 {
            return Err(PolicyError::invalid_arg("sleep length must be non-negative"));
        }
        // Longer than a Duration holds: sleep until the deadline.
        let duration = Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX);
        self.clock.sleep(duration);
        Ok(Value::None)
    }

    /// Counts `n` bytes against the run's write quota ([`HostAccess::max_write_bytes`]).
    fn charge_write(&self, n: u64) -> Result<(), PolicyError> {
        let max = self.policy.access.max_write_bytes;
        let mut state = self.lock();
        if state.written.saturating_add(n) > max {
            return Err(PolicyError::limit(format!(
                "this run has written {} bytes to files; the limit is {max} bytes per run",
                state.written
            )));
        }
        state.written += n;
        Ok(())
    }

    /// Bytes of blobs (unread file or response data) one run may hold on the host at once:
    /// room for the largest read plus the largest response (the guest reads each blob right
    /// away; only a program that leaves them unread reaches this).
    pub(crate) fn max_blob_bytes(&self) -> usize {
        let a = &self.policy.access;
        usize::try_from(a.max_read_bytes.saturating_add(a.http.max_response_bytes)).unwrap_or(usize::MAX)
    }

    /// `[("data", bytes)]` when small, else parks the data as a blob: `[("blob", id), ("size", n)]`.
    fn payload(&self, data: Vec<u8>) -> Result<Vec<(String, Value)>, PolicyError> {
        if data.len() <= CHUNK {
            return Ok(vec![("data".into(), Value::Bytes(data))]);
        }
        let mut state = self.lock();
        if state.blob_bytes + data.len() > self.max_blob_bytes() {
            return Err(PolicyError::limit(
                "too much unread data is pending on the host; read or close earlier results first",
            ));
        }
        state.next_blob += 1;
        let id = state.next_blob;
        let size = data.len();
        state.blob_bytes += size;
        state.blobs.insert(id, data);
        Ok(vec![("blob".into(), Value::Int(id)), ("size".into(), Value::Int(i64::try_from(size).unwrap_or(i64::MAX)))])
    }

    fn blob_read(&self, id: i64, offset: i64, size: i64) -> Result<Value, PolicyError> {
        let mut state = self.lock();
        let Some(blob) = state.blobs.get(&id) else {
            return Err(PolicyError::invalid_arg(format!("no pending data with id {id}")));
        };
        let len = blob.len();
        let start = usize::try_from(offset).map_err(|_| PolicyError::invalid_arg("negative offset"))?.min(len);
        let want = usize::try_from(size).map_err(|_| PolicyError::invalid_arg("negative size"))?.min(CHUNK);
        let end = start.saturating_add(want).min(len);
        let chunk = blob[start..end].to_vec();
        if end == len {
            state.blobs.remove(&id);
            state.blob_bytes -= len;
        }
        Ok(Value::Bytes(chunk))
    }
}

/// The audit target of `call`, at most [`AUDIT_TARGET_BYTES`].
fn describe(op: Option<SysOp>, call: &ToolCall) -> String {
    let args = Args(&call.args);
    let (method, _) = prefix(args.str("method").unwrap_or("?"), 16);
    let (url, _) = prefix(args.str("url").unwrap_or("?"), AUDIT_TARGET_BYTES - method.len() - 1);
    let (path, _) = prefix(args.str("path").unwrap_or(""), AUDIT_TARGET_BYTES);
    if op == Some(SysOp::HttpRequest) {
        format!("{method} {url}")
    } else if op == Some(SysOp::TimeSleep) {
        match args.get("seconds") {
            Some(Value::Float(f)) => format!("{f}s"),
            Some(Value::Int(i)) => format!("{i}s"),
            _ => "?".to_string(),
        }
    } else if op == Some(SysOp::FsRename) {
        let (src, _) = prefix(args.str("src").unwrap_or(""), AUDIT_TARGET_BYTES / 2 - 2);
        let (dst, _) = prefix(args.str("dst").unwrap_or(""), AUDIT_TARGET_BYTES / 2 - 2);
        format!("{src} -> {dst}")
    } else {
        path
    }
}

/// The reply that makes the guest raise the exception for `e`.
fn raise(e: &PolicyError) -> ToolReply {
    let message = match e.kind.errno() {
        Some(n) => format!("[Errno {n}] {}", e.message),
        None => e.message.clone(),
    };
    ToolReply::Raise { exception: e.kind.exception(), message }
}

/// Typed access to keyword arguments sent by the (untrusted) guest.
struct Args<'a>(&'a [(String, Value)]);

impl<'a> Args<'a> {
    fn get(&self, name: &str) -> Option<&'a Value> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
    fn str(&self, name: &str) -> Result<&'a str, PolicyError> {
        match self.get(name) {
            Some(Value::Str(s)) => Ok(s),
            _ => Err(PolicyError::invalid_arg(format!("argument '{name}' must be a str"))),
        }
    }
    fn bool(&self, name: &str) -> Result<bool, PolicyError> {
        match self.get(name) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            _ => Err(PolicyError::invalid_arg(format!("argument '{name}' must be a bool"))),
        }
    }
    fn int(&self, name: &str) -> Result<i64, PolicyError> {
        match self.get(name) {
            Some(Value::Int(i)) => Ok(*i),
            _ => Err(PolicyError::invalid_arg(format!("argument '{name}' must be an int"))),
        }
    }
    fn bytes(&self, name: &str) -> Result<&'a [u8], PolicyError> {
        match self.get(name) {
            Some(Value::Bytes(b)) => Ok(b),
            _ => Err(PolicyError::invalid_arg(format!("argument '{name}' must be bytes"))),
        }
    }
}

/// The files under `/output` that fit `max_files`, `max_file_bytes` each and `max_bytes` in
/// total (see [`OutputDir::collect_fitting`]); the note names (the first 20 of) those left out.
fn collect_capped(
    output: &OutputDir,
    max_files: usize,
    max_file_bytes: u64,
    max_bytes: u64,
) -> Result<(Vec<OutputFile>, Option<String>), PolicyError> {
    const NAMED: usize = 20;
    let c = output.collect_fitting(max_files, max_file_bytes, max_bytes)?;
    let files = c
        .files
        .into_iter()
        .map(|(name, data)| OutputFile { path: format!("{}/{name}", OutputDir::GUEST_PATH), data })
        .collect();
    if c.skipped.is_empty() && !c.entries_cut {
        return Ok((files, None));
    }
    let mut named: Vec<String> =
        c.skipped.iter().take(NAMED).map(|n| format!("{}/{}", OutputDir::GUEST_PATH, prefix(n, 128).0)).collect();
    if c.skipped.len() > NAMED {
        named.push(format!("and {} more", c.skipped.len() - NAMED));
    }
    let mut note = format!(
        "{} of {} files in {} were not returned (limits: {max_files} files, {max_file_bytes} bytes each, {max_bytes} bytes)",
        c.skipped.len(),
        c.total,
        OutputDir::GUEST_PATH
    );
    if !named.is_empty() {
        note.push_str(": ");
        note.push_str(&named.join(", "));
    }
    if c.entries_cut {
        let _ = write!(
            note,
            "; only the first {} entries of {} were looked at",
            OutputDir::MAX_ENTRIES,
            OutputDir::GUEST_PATH
        );
    }
    Ok((files, Some(note)))
}

#[cfg(test)]
mod fuzz {
    //! Bounded fuzzing of the `System` request decoder and dispatcher with arbitrary guest
    //! input: every request gets a reply that decodes, nothing panics, and no write lands in
    //! the read-only mount.

    use hyperlight_codeact_protocol::BuiltinException;
    use proptest::prelude::*;

    use super::*;

    const OPS: &[&str] = &[
        "fs.read",
        "blob.read",
        "fs.write",
        "fs.listdir",
        "fs.stat",
        "fs.exists",
        "fs.remove",
        "fs.mkdir",
        "http.request",
        "time.now",
        "os.urandom",
    ];
    const KEYS: &[&str] = &[
        "path",
        "data",
        "append",
        "exclusive",
        "parents",
        "blob",
        "offset",
        "size",
        "method",
        "url",
        "headers",
        "body",
    ];

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::None),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::Int),
            any::<f64>().prop_map(Value::Float),
            "(/data|/output|/etc|\\.\\.|/|a|b\\.txt|\\x00|http://127\\.0\\.0\\.1:1/|GET|POST){0,6}"
                .prop_map(Value::Str),
            prop::collection::vec(any::<u8>(), 0..64).prop_map(Value::Bytes),
        ];
        leaf.prop_recursive(2, 8, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
                prop::collection::vec(("[a-z]{1,6}", inner), 0..4).prop_map(Value::Dict),
            ]
        })
    }

    fn call() -> impl Strategy<Value = ToolCall> {
        let name = prop_oneof![prop::sample::select(OPS).prop_map(String::from), ".{0,12}"];
        let key = prop_oneof![prop::sample::select(KEYS).prop_map(String::from), "[a-z]{0,6}"];
        (name, prop::collection::vec((key, value()), 0..6)).prop_map(|(name, args)| ToolCall { name, args })
    }

    fn system(root: &std::path::Path) -> System {
        let access = HostAccess { file_mounts: vec![Mount::read_only(root, "/data")], ..HostAccess::default() };
        System::new(access).unwrap()
    }

    fn snapshot(root: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut all: Vec<_> = walk(root);
        all.sort();
        all
    }

    fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        std::fs::read_dir(dir)
            .map(|rd| {
                rd.flatten()
                    .flat_map(|e| {
                        let p = e.path();
                        let mut v = if p.is_dir() { walk(&p) } else { Vec::new() };
                        v.push(p);
                        v
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn every_system_operation_is_served_and_others_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let sys = system(dir.path());
        let ask = |name: &str| {
            let args = vec![("seconds".into(), Value::Int(0))];
            ToolReply::decode(&sys.handle(&ToolCall { name: name.into(), args }.encode())).unwrap()
        };
        for op in SysOp::ALL {
            if let ToolReply::Raise { message, .. } = ask(op.name()) {
                assert!(!message.contains("unknown system operation"), "{op}: {message}");
            }
        }
        match ask("fs.nope") {
            ToolReply::Raise { exception, message } => {
                assert_eq!(
                    (exception, message.as_str()),
                    (BuiltinException::ValueError, "unknown system operation 'fs.nope'")
                );
            }
            other => panic!("{other:?}"),
        }
        let ops = sys.finish_run().2;
        assert!(ops.iter().any(|o| o.op == "fs.nope"), "an unknown operation is audited");
        assert!(!ops.iter().any(|o| o.op == "time.now" || o.op == "blob.read" || o.op == "os.urandom"));
    }

    #[test]
    fn urandom_returns_the_size_asked_for_within_bounds() {
        let dir = tempfile::tempdir().unwrap();
        let sys = system(dir.path());
        let ask = |size: i64| {
            let call = ToolCall { name: "os.urandom".into(), args: vec![("size".into(), Value::Int(size))] };
            ToolReply::decode(&sys.handle(&call.encode())).unwrap()
        };
        assert!(matches!(ask(16), ToolReply::Ok(Value::Bytes(b)) if b.len() == 16));
        assert!(matches!(ask(MAX_URANDOM), ToolReply::Ok(Value::Bytes(b)) if b.len() == 65536));
        assert!(matches!(ask(0), ToolReply::Ok(Value::Bytes(b)) if b.is_empty()));
        assert!(matches!(ask(MAX_URANDOM + 1), ToolReply::Raise { .. }));
        assert!(matches!(ask(-1), ToolReply::Raise { .. }));
        assert_ne!(ask(32), ask(32));
        let (_, _, ops) = sys.finish_run();
        assert!(ops.is_empty(), "urandom reads are not audited");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_get_a_reply(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
            let dir = tempfile::tempdir().unwrap();
            let sys = system(dir.path());
            prop_assert!(ToolReply::decode(&sys.handle(&bytes)).is_ok());
            let _ = sys.finish_run();
        }

        #[test]
        fn arbitrary_requests_get_a_reply_and_never_write_the_read_only_mount(calls in prop::collection::vec(call(), 1..4)) {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("b.txt"), b"data").unwrap();
            let before = snapshot(dir.path());
            let sys = system(dir.path());
            for c in &calls {
                prop_assert!(ToolReply::decode(&sys.handle(&c.encode())).is_ok(), "{:?}", c);
            }
            let _ = sys.finish_run();
            prop_assert_eq!(snapshot(dir.path()), before);
            prop_assert_eq!(std::fs::read(dir.path().join("b.txt")).unwrap(), b"data");
        }
    }
}

#[cfg(test)]
mod clock {
    //! `time.now` and `time.sleep`, with a watchdog driving the run clock as in a sandbox.

    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;
    use crate::watchdog::Watchdog;
    use hyperlight_codeact_protocol::BuiltinException;

    fn call(sys: &System, name: &str, args: Vec<(String, Value)>) -> ToolReply {
        ToolReply::decode(&sys.handle(&ToolCall { name: name.into(), args }.encode())).unwrap()
    }

    fn sleep(sys: &System, seconds: Value) -> ToolReply {
        call(sys, "time.sleep", vec![("seconds".into(), seconds)])
    }

    #[test]
    fn now_reads_the_wall_clock_and_a_monotonic_clock() {
        let sys = System::new(HostAccess::default()).unwrap();
        let read = || match call(&sys, "time.now", Vec::new()) {
            ToolReply::Ok(Value::List(v)) => match v.as_slice() {
                [Value::Int(wall), Value::Int(mono)] => (*wall, *mono),
                other => panic!("unexpected reply {other:?}"),
            },
            other => panic!("unexpected reply {other:?}"),
        };
        let host = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos()).unwrap();
        let (wall, mono1) = read();
        let (_, mono2) = read();
        assert!((wall - host).abs() < 60_000_000_000, "guest wall clock {wall} vs host {host}");
        assert!(mono1 >= 0 && mono2 >= mono1);
        // Clock reads are not audited, and touch no file (no /output is created).
        let (files, note, ops) = sys.finish_run();
        assert!(files.is_empty() && note.is_none() && ops.is_empty(), "{ops:?}");
    }

    #[test]
    fn sleep_sleeps_and_is_audited() {
        let sys = System::new(HostAccess::default()).unwrap();
        let started = Instant::now();
        assert_eq!(sleep(&sys, Value::Float(0.05)), ToolReply::Ok(Value::None));
        assert!(started.elapsed() >= Duration::from_millis(50));
        assert_eq!(sleep(&sys, Value::Int(0)), ToolReply::Ok(Value::None));
        let ops = sys.finish_run().2;
        assert_eq!(
            ops.iter().map(|o| (o.op.as_str(), o.target.as_str())).collect::<Vec<_>>(),
            [("time.sleep", "0.05s"), ("time.sleep", "0s")]
        );
    }

    #[test]
    fn sleep_refuses_negative_and_nan() {
        let sys = System::new(HostAccess::default()).unwrap();
        for bad in [Value::Float(-1.0), Value::Int(-1), Value::Float(f64::NAN), Value::Str("1".into())] {
            match sleep(&sys, bad.clone()) {
                ToolReply::Raise { exception, .. } => assert_eq!(exception, BuiltinException::ValueError, "{bad:?}"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn sleep_ends_at_the_run_deadline_after_the_watchdog_fired() {
        let clock = crate::watchdog::RunClock::default();
        let sys = System::new(HostAccess::default()).unwrap().with_clock(clock.clone());
        let killed = Arc::new(AtomicBool::new(false));
        let flag = killed.clone();
        let watchdog = Watchdog::new(clock, move || flag.store(true, Ordering::SeqCst));
        let started = Instant::now();
        {
            let _armed = watchdog.arm(Duration::from_millis(200));
            for seconds in [Value::Float(100.0), Value::Float(f64::INFINITY)] {
                assert_eq!(sleep(&sys, seconds), ToolReply::Ok(Value::None));
            }
        }
        let elapsed = started.elapsed();
        println!("time.sleep(100) under a 200 ms deadline returned after {elapsed:?}");
        // The watchdog stopped the (here pretend) VM before the sleeper returned.
        assert!(killed.load(Ordering::SeqCst));
        assert_eq!(watchdog.take_fired(), Some(crate::watchdog::Stop::Timeout));
        assert!(elapsed >= Duration::from_millis(200) && elapsed < Duration::from_secs(50), "{elapsed:?}");
    }
}
