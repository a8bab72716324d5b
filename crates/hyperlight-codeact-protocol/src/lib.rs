//! Boundary names and message types shared by the hyperlight-codeact host and guest.
//!
//! Hyperlight moves only flat values across the VM boundary (`Vec<u8>`, `String`, integers),
//! so requests and responses are encoded here with a small length-prefixed format that both
//! sides decode defensively: a guest is untrusted, and a malformed message must become an
//! error, never a panic.
#![no_std]
// `make lint` (clippy -D warnings) applies the workspace's lints; this crate is also built in the
// guest's workspace, so it enables them here rather than through `[lints] workspace = true`.
#![warn(clippy::pedantic)]

extern crate alloc;

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// Guest function that runs one code block: takes an encoded [`RunRequest`], returns an
/// encoded [`RunResponse`].
pub const GUEST_FN_RUN: &str = "Run";
/// Guest function that returns the guest's version string (no arguments).
pub const GUEST_FN_VERSION: &str = "Version";
/// Guest function that crashes on purpose (`String` kind: `ud2`, `null_write`, `wild_read`,
/// `stack_overflow`, `panic`); used by tests of fault handling and recovery.
pub const GUEST_FN_CRASH: &str = "Crash";
/// Test-only guest function: takes a needle (`VecBytes`) and scans all memory ring 3 can read
/// in the VM (image, Rust heap, interpreter heap, user stack, transport arena; only pages
/// already mapped) for it, ignoring its own copy. Returns `VecBytes`: the number of hits as a
/// little-endian u64, then the addresses of the first hits (at most 64), each a LE u64.
pub const GUEST_FN_SCAN_FOR_TESTS: &str = "ScanForTests";
/// Host function the guest's `call_tool` reaches: takes an encoded [`ToolCall`], returns an
/// encoded [`ToolReply`].
pub const HOST_FN_CALL_TOOL: &str = "CallTool";
/// Host function behind the guest's file and network access (`open`, `os`, `http`): takes an
/// encoded [`ToolCall`] whose name is the operation (`fs.read`, `http.request`, ...), returns an
/// encoded [`ToolReply`]. Every operation is checked against the sandbox's policy on the host.
pub const HOST_FN_SYSTEM: &str = "System";
/// Host function behind the guest's concurrent tool calls (`asyncio`, `acall_tool`): takes an
/// encoded [`ToolCall`] and starts it without waiting for it. Returns an encoded [`ToolReply`]:
/// `Ok(Int(call_id))` once the call is started, or `Err` when it is refused (limits, policy,
/// unknown tool, too many calls in flight).
pub const HOST_FN_TOOL_START: &str = "ToolStart";
/// Host function that waits for calls started with [`HOST_FN_TOOL_START`]: takes an encoded
/// [`ToolWait`], blocks until at least one started call completed, the wait's timer ran out or
/// the run's deadline passed, and returns an encoded [`ToolWaitReply`].
pub const HOST_FN_TOOL_WAIT: &str = "ToolWait";
/// Host function that cancels one call started with [`HOST_FN_TOOL_START`] (the guest task
/// awaiting it was cancelled): takes the call id as 4 little-endian bytes, returns an encoded
/// [`ToolReply`] (`Ok(None)`; unknown or completed ids are ignored).
pub const HOST_FN_TOOL_CANCEL: &str = "ToolCancel";
/// Version of this wire format; the guest reports it and the host refuses a mismatch.
pub const PROTOCOL_VERSION: u32 = 5;

/// One code block to execute.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunRequest {
    /// Python source.
    pub code: String,
    /// Bytes of stdout (and, separately, stderr) kept before output is truncated.
    pub max_output_bytes: u32,
    /// Size of the interpreter heap for this run, in bytes.
    pub heap_bytes: u64,
}

/// An uncaught exception raised by the guest program.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GuestException {
    /// Exception class name, e.g. `ZeroDivisionError`.
    pub type_name: String,
    /// `str(exc)`.
    pub message: String,
    /// CPython-style traceback text, ending with the `Type: message` line.
    pub traceback: String,
}

/// What one code block produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RunResponse {
    pub stdout: String,
    pub stderr: String,
    /// 0 on success, 1 for an uncaught exception, or the `SystemExit` code.
    pub exit_code: i32,
    pub exception: Option<GuestException>,
    /// True when stdout or stderr was cut at `max_output_bytes`.
    pub output_truncated: bool,
}

/// Why a message could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The message ended inside a field.
    Truncated,
    /// A string field was not UTF-8.
    InvalidUtf8,
    /// A tag byte had an unknown value.
    InvalidTag(u8),
    /// Bytes were left over after the last field.
    TrailingBytes(usize),
    /// A value nested deeper than [`MAX_VALUE_DEPTH`].
    TooDeep,
    /// A big integer that is not decimal digits.
    InvalidNumber,
    /// An exception name that is not a [`BuiltinException`].
    UnknownException,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated => f.write_str("message truncated"),
            Self::InvalidUtf8 => f.write_str("string field is not valid UTF-8"),
            Self::InvalidTag(t) => write!(f, "invalid tag byte {t}"),
            Self::TrailingBytes(n) => write!(f, "{n} trailing bytes after message"),
            Self::TooDeep => write!(f, "value nested deeper than {MAX_VALUE_DEPTH} levels"),
            Self::InvalidNumber => f.write_str("big integer is not decimal digits"),
            Self::UnknownException => f.write_str("unknown built-in exception name"),
        }
    }
}

/// Little-endian, length-prefixed writer.
#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i32(&mut self, v: i32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        // Strings longer than u32::MAX cannot cross the boundary (buffers are far smaller).
        self.u32(u32::try_from(s.len()).unwrap_or(u32::MAX));
        self.0.extend_from_slice(s.as_bytes());
    }
}

/// Bounds-checked reader over an untrusted message.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if self.0.len() < n {
            return Err(DecodeError::Truncated);
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }
    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }
    fn u32(&mut self) -> Result<u32, DecodeError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn i32(&mut self) -> Result<i32, DecodeError> {
        let b = self.take(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64, DecodeError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn bool(&mut self) -> Result<bool, DecodeError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            t => Err(DecodeError::InvalidTag(t)),
        }
    }
    fn string(&mut self) -> Result<String, DecodeError> {
        let len = self.u32()? as usize;
        let bytes = self.take(len)?;
        core::str::from_utf8(bytes).map(String::from).map_err(|_| DecodeError::InvalidUtf8)
    }
    fn finish(self) -> Result<(), DecodeError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes(self.0.len()))
        }
    }
}

impl RunRequest {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(&self.code);
        w.u32(self.max_output_bytes);
        w.u64(self.heap_bytes);
        w.0
    }

    /// Decodes a request.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed request.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let req = Self { code: r.string()?, max_output_bytes: r.u32()?, heap_bytes: r.u64()? };
        r.finish()?;
        Ok(req)
    }
}

impl RunResponse {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(&self.stdout);
        w.str(&self.stderr);
        w.i32(self.exit_code);
        w.u8(u8::from(self.output_truncated));
        match &self.exception {
            None => w.u8(0),
            Some(e) => {
                w.u8(1);
                w.str(&e.type_name);
                w.str(&e.message);
                w.str(&e.traceback);
            }
        }
        w.0
    }

    /// Decodes a response.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed response.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let stdout = r.string()?;
        let stderr = r.string()?;
        let exit_code = r.i32()?;
        let output_truncated = r.bool()?;
        let exception = match r.u8()? {
            0 => None,
            1 => Some(GuestException { type_name: r.string()?, message: r.string()?, traceback: r.string()? }),
            t => return Err(DecodeError::InvalidTag(t)),
        };
        r.finish()?;
        Ok(Self { stdout, stderr, exit_code, exception, output_truncated })
    }
}

/// A JSON-like value crossing the boundary: what tool arguments and results may be.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    /// An integer outside `i64`, as decimal digits with an optional leading `-`.
    BigInt(String),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    /// Keys are strings, as in JSON; insertion order is kept.
    Dict(Vec<(String, Value)>),
    /// Raw bytes (file contents, HTTP bodies); `call_tool` arguments never carry them.
    Bytes(Vec<u8>),
}

/// Nesting deeper than this is refused, so a hostile message cannot exhaust the host stack.
pub const MAX_VALUE_DEPTH: usize = 64;

/// A `call_tool(name, **kwargs)` request from the guest.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    pub name: String,
    /// Keyword arguments, in call order.
    pub args: Vec<(String, Value)>,
}

/// The host's answer to a [`ToolCall`].
#[derive(Debug, Clone, PartialEq)]
pub enum ToolReply {
    Ok(Value),
    /// The call failed; the guest raises `ToolError` with this message.
    Err { message: String },
    /// The guest raises the named built-in exception (`PermissionError`, `FileNotFoundError`,
    /// ...; unknown names become `OSError`) with this message.
    Raise { exception: String, message: String },
    /// The tool itself raised: the guest raises `exception` with these `args`, as if the tool
    /// had run in the guest (`except ValueError`, `str(e)`, `e.args` behave as in CPython).
    Exception { exception: BuiltinException, args: Vec<Value> },
}

macro_rules! builtin_exceptions {
    ($($name:ident),* $(,)?) => {
        /// The built-in exception types a tool's exception can arrive as in the guest: the
        /// types CPython and the guest both have. A tool's exception travels as the nearest of
        /// these in its class's MRO (a `class NotFound(KeyError)` arrives as `KeyError`), by
        /// name on the wire; the guest maps names to its types in one table (`hlc_tools.c`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum BuiltinException {
            $($name),*
        }

        impl BuiltinException {
            /// Every type.
            pub const ALL: &'static [Self] = &[$(Self::$name),*];

            /// The Python name of the type.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$name => stringify!($name)),*
                }
            }

            /// The type named `name`, if it is one of these.
            #[must_use]
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|e| e.name() == name)
            }
        }
    };
}

builtin_exceptions!(
    Exception,
    ArithmeticError,
    AssertionError,
    AttributeError,
    EOFError,
    ImportError,
    ModuleNotFoundError,
    LookupError,
    IndexError,
    KeyError,
    NameError,
    NotImplementedError,
    OSError,
    ConnectionError,
    FileExistsError,
    FileNotFoundError,
    IsADirectoryError,
    NotADirectoryError,
    PermissionError,
    TimeoutError,
    OverflowError,
    RecursionError,
    RuntimeError,
    StopIteration,
    TypeError,
    UnicodeError,
    ValueError,
    ZeroDivisionError,
);

impl fmt::Display for BuiltinException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Writer {
    fn value(&mut self, v: &Value) {
        match v {
            Value::None => self.u8(0),
            Value::Bool(b) => {
                self.u8(1);
                self.u8(u8::from(*b));
            }
            Value::Int(i) => {
                self.u8(2);
                self.0.extend_from_slice(&i.to_le_bytes());
            }
            Value::BigInt(digits) => {
                self.u8(3);
                self.str(digits);
            }
            Value::Float(f) => {
                self.u8(4);
                self.0.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Value::Str(s) => {
                self.u8(5);
                self.str(s);
            }
            Value::List(items) => {
                self.u8(6);
                self.u32(u32::try_from(items.len()).unwrap_or(u32::MAX));
                for item in items {
                    self.value(item);
                }
            }
            Value::Dict(entries) => {
                self.u8(7);
                self.entries(entries);
            }
            Value::Bytes(b) => {
                self.u8(8);
                self.u32(u32::try_from(b.len()).unwrap_or(u32::MAX));
                self.0.extend_from_slice(b);
            }
        }
    }
    fn entries(&mut self, entries: &[(String, Value)]) {
        self.u32(u32::try_from(entries.len()).unwrap_or(u32::MAX));
        for (k, v) in entries {
            self.str(k);
            self.value(v);
        }
    }
}

impl Reader<'_> {
    fn value(&mut self, depth: usize) -> Result<Value, DecodeError> {
        if depth > MAX_VALUE_DEPTH {
            return Err(DecodeError::TooDeep);
        }
        Ok(match self.u8()? {
            0 => Value::None,
            1 => Value::Bool(self.bool()?),
            2 => Value::Int(self.u64()?.cast_signed()),
            3 => {
                let digits = self.string()?;
                let body = digits.strip_prefix('-').unwrap_or(&digits);
                if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(DecodeError::InvalidNumber);
                }
                Value::BigInt(digits)
            }
            4 => Value::Float(f64::from_bits(self.u64()?)),
            5 => Value::Str(self.string()?),
            6 => {
                let n = self.u32()? as usize;
                // Every element takes at least one byte: a count beyond the rest is a lie.
                if n > self.0.len() {
                    return Err(DecodeError::Truncated);
                }
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::List(items)
            }
            7 => Value::Dict(self.entries(depth + 1)?),
            8 => {
                let n = self.u32()? as usize;
                Value::Bytes(self.take(n)?.to_vec())
            }
            t => return Err(DecodeError::InvalidTag(t)),
        })
    }
    fn entries(&mut self, depth: usize) -> Result<Vec<(String, Value)>, DecodeError> {
        let n = self.u32()? as usize;
        if n > self.0.len() {
            return Err(DecodeError::Truncated);
        }
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let k = self.string()?;
            entries.push((k, self.value(depth)?));
        }
        Ok(entries)
    }
}

impl Value {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.value(self);
        w.0
    }

    /// Decodes one value.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed value.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let v = r.value(0)?;
        r.finish()?;
        Ok(v)
    }
}

impl ToolCall {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(&self.name);
        w.entries(&self.args);
        w.0
    }

    /// Decodes a tool call.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed call.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let call = Self { name: r.string()?, args: r.entries(1)? };
        r.finish()?;
        Ok(call)
    }
}

impl ToolReply {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        match self {
            Self::Ok(v) => {
                w.u8(0);
                w.value(v);
            }
            Self::Err { message } => {
                w.u8(1);
                w.str(message);
            }
            Self::Raise { exception, message } => {
                w.u8(2);
                w.str(exception);
                w.str(message);
            }
            Self::Exception { exception, args } => {
                w.u8(3);
                w.str(exception.name());
                w.value(&Value::List(args.clone()));
            }
        }
        w.0
    }

    /// Decodes a tool reply.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed reply.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let reply = match r.u8()? {
            0 => Self::Ok(r.value(0)?),
            1 => Self::Err { message: r.string()? },
            2 => Self::Raise { exception: r.string()?, message: r.string()? },
            3 => {
                let name = r.string()?;
                let exception = BuiltinException::from_name(&name).ok_or(DecodeError::UnknownException)?;
                match r.value(0)? {
                    Value::List(args) => Self::Exception { exception, args },
                    _ => return Err(DecodeError::InvalidTag(3)),
                }
            }
            t => return Err(DecodeError::InvalidTag(t)),
        };
        r.finish()?;
        Ok(reply)
    }
}

/// A wait for started tool calls (see [`HOST_FN_TOOL_WAIT`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ToolWait {
    /// Return after this many nanoseconds even if no call completed (`Some(0)` polls); `None`
    /// waits until a call completes (or the run's deadline).
    pub timeout_ns: Option<u64>,
}

/// The calls that completed since the last wait, in order of completion; empty when the wait's
/// timer ran out first. Encoded as a count, then per call its id, the length of its encoded
/// [`ToolReply`] and that reply.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ToolWaitReply {
    pub completed: Vec<(u32, ToolReply)>,
}

impl ToolWait {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        match self.timeout_ns {
            None => w.u8(0),
            Some(ns) => {
                w.u8(1);
                w.u64(ns);
            }
        }
        w.0
    }

    /// Decodes a wait request.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed request.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let timeout_ns = match r.u8()? {
            0 => None,
            1 => Some(r.u64()?),
            t => return Err(DecodeError::InvalidTag(t)),
        };
        r.finish()?;
        Ok(Self { timeout_ns })
    }
}

impl ToolWaitReply {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.u32(u32::try_from(self.completed.len()).unwrap_or(u32::MAX));
        for (id, reply) in &self.completed {
            // Length-prefixed, so the guest finds the next entry whatever this one raises.
            let bytes = reply.encode();
            w.u32(*id);
            w.u32(u32::try_from(bytes.len()).unwrap_or(u32::MAX));
            w.0.extend_from_slice(&bytes);
        }
        w.0
    }

    /// Decodes a wait reply.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed reply.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader(bytes);
        let n = r.u32()? as usize;
        if n > r.0.len() {
            return Err(DecodeError::Truncated);
        }
        let mut completed = Vec::with_capacity(n);
        for _ in 0..n {
            let id = r.u32()?;
            let len = r.u32()? as usize;
            completed.push((id, ToolReply::decode(r.take(len)?)?));
        }
        r.finish()?;
        Ok(Self { completed })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_exception_names_round_trip() {
        for e in super::BuiltinException::ALL {
            assert_eq!(super::BuiltinException::from_name(e.name()), Some(*e));
        }
        assert_eq!(super::BuiltinException::from_name("SystemExit"), None);
    }

    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn request_round_trips() {
        let req = RunRequest { code: "print('héllo')".to_string(), max_output_bytes: 1 << 20, heap_bytes: 64 << 20 };
        assert_eq!(RunRequest::decode(&req.encode()).unwrap(), req);
    }

    #[test]
    fn response_round_trips_with_and_without_exception() {
        let mut resp = RunResponse { stdout: "1\n".to_string(), stderr: String::new(), exit_code: 0, ..Default::default() };
        assert_eq!(RunResponse::decode(&resp.encode()).unwrap(), resp);
        resp.exit_code = 1;
        resp.output_truncated = true;
        resp.exception = Some(GuestException {
            type_name: "ZeroDivisionError".to_string(),
            message: "division by zero".to_string(),
            traceback: "Traceback (most recent call last):\n".to_string(),
        });
        assert_eq!(RunResponse::decode(&resp.encode()).unwrap(), resp);
    }

    #[test]
    fn malformed_messages_are_errors() {
        let good = RunResponse::default().encode();
        for cut in 0..good.len() {
            assert_eq!(RunResponse::decode(&good[..cut]), Err(DecodeError::Truncated));
        }
        let mut extra = good.clone();
        extra.push(0);
        assert_eq!(RunResponse::decode(&extra), Err(DecodeError::TrailingBytes(1)));
        // A length prefix far beyond the message must not allocate or panic.
        assert_eq!(RunRequest::decode(&[0xff, 0xff, 0xff, 0xff]), Err(DecodeError::Truncated));
        assert_eq!(RunRequest::decode(&[1, 0, 0, 0, 0xff, 0, 0, 0, 0]), Err(DecodeError::InvalidUtf8));
        let mut bad_tag = RunResponse::default().encode();
        let n = bad_tag.len();
        bad_tag[n - 1] = 7;
        assert_eq!(RunResponse::decode(&bad_tag), Err(DecodeError::InvalidTag(7)));
    }

    #[test]
    fn tool_messages_round_trip() {
        let v = Value::Dict(vec![
            ("n".to_string(), Value::Int(-3)),
            ("big".to_string(), Value::BigInt("-123456789012345678901234567890".to_string())),
            ("x".to_string(), Value::Float(2.5)),
            ("items".to_string(), Value::List(vec![Value::None, Value::Bool(true), Value::Str("é".to_string())])),
            ("raw".to_string(), Value::Bytes(vec![0, 255, 10])),
        ]);
        assert_eq!(Value::decode(&v.encode()).unwrap(), v);
        let call = ToolCall { name: "get_orders".to_string(), args: vec![("user_id".to_string(), v.clone())] };
        assert_eq!(ToolCall::decode(&call.encode()).unwrap(), call);
        let raise = ToolReply::Raise { exception: "PermissionError".to_string(), message: "no".to_string() };
        let exc =
            ToolReply::Exception { exception: BuiltinException::KeyError, args: vec![Value::Str("x".to_string())] };
        for reply in [ToolReply::Ok(v), ToolReply::Err { message: "boom".to_string() }, raise, exc] {
            assert_eq!(ToolReply::decode(&reply.encode()).unwrap(), reply);
        }
    }

    #[test]
    fn tool_wait_messages_round_trip() {
        for wait in [ToolWait { timeout_ns: None }, ToolWait { timeout_ns: Some(0) }, ToolWait { timeout_ns: Some(u64::MAX) }] {
            assert_eq!(ToolWait::decode(&wait.encode()).unwrap(), wait);
        }
        let reply = ToolWaitReply {
            completed: vec![
                (3, ToolReply::Ok(Value::List(vec![Value::Int(1)]))),
                (0, ToolReply::Err { message: "boom".to_string() }),
                (7, ToolReply::Raise { exception: "ValueError".to_string(), message: "bad".to_string() }),
                (8, ToolReply::Exception { exception: BuiltinException::ValueError, args: vec![Value::Int(1)] }),
            ],
        };
        assert_eq!(ToolWaitReply::decode(&reply.encode()).unwrap(), reply);
        assert_eq!(ToolWaitReply::decode(&ToolWaitReply::default().encode()).unwrap(), ToolWaitReply::default());
        let good = reply.encode();
        for cut in 0..good.len() {
            assert!(ToolWaitReply::decode(&good[..cut]).is_err());
        }
        assert_eq!(ToolWait::decode(&[2]), Err(DecodeError::InvalidTag(2)));
        assert_eq!(ToolWaitReply::decode(&[0xff, 0xff, 0xff, 0xff]), Err(DecodeError::Truncated));
    }

    #[test]
    fn hostile_values_are_refused() {
        // 100 nested lists.
        let mut deep = Vec::new();
        for _ in 0..100 {
            deep.extend_from_slice(&[6, 1, 0, 0, 0]);
        }
        deep.push(0);
        assert_eq!(Value::decode(&deep), Err(DecodeError::TooDeep));
        // A list claiming 4 billion elements in a 5-byte message.
        assert_eq!(Value::decode(&[6, 0xff, 0xff, 0xff, 0xff]), Err(DecodeError::Truncated));
        assert_eq!(Value::decode(&[3, 2, 0, 0, 0, b'1', b'x']), Err(DecodeError::InvalidNumber));
        let good = Value::List(vec![Value::Str("abc".to_string()), Value::Float(1.0)]).encode();
        for cut in 0..good.len() {
            assert!(Value::decode(&good[..cut]).is_err());
        }
    }
}
