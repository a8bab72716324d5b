//! Boundary names and message types shared by the hyperlight-codeact host and guest.
//!
//! Hyperlight moves only flat values across the VM boundary (`Vec<u8>`, `String`, integers),
//! so requests and responses are encoded here with a small length-prefixed format that both
//! sides decode defensively: a guest is untrusted, and a malformed message must become an
//! error, never a panic.
//!
//! There is one implementation of that format, [`codec`] ([`Encoder`], [`Decoder`]): the message
//! types here encode and decode through it, and so does the guest's C, over FFI. The closed sets
//! of names (host functions, tags, [`BuiltinException`], [`SysOp`], [`SysErrorKind`]) are enums
//! with ids, and [`c_header`] gives the guest's C the same tables as a header at build time.
#![no_std]
// `make lint` (clippy -D warnings) applies the workspace's lints; this crate is also built in the
// guest's workspace, so it enables them here rather than through `[lints] workspace = true`.
#![warn(clippy::pedantic)]

extern crate alloc;

mod c_header;
pub mod codec;
mod names;

pub use c_header::c_header;
pub use codec::{Decoder, Encoder, Item, ReplyHead};
pub use names::{BuiltinException, HostFn, ReplyTag, SysErrorKind, SysOp, ValueTag};

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

impl RunRequest {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Encoder::new();
        w.text(self.code.as_bytes());
        w.u32(self.max_output_bytes);
        w.u64(self.heap_bytes);
        w.0
    }

    /// Decodes a request.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed request.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Decoder::new(bytes);
        let req = Self { code: r.string()?, max_output_bytes: r.u32()?, heap_bytes: r.u64()? };
        r.finish()?;
        Ok(req)
    }
}

impl RunResponse {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Encoder::new();
        w.text(self.stdout.as_bytes());
        w.text(self.stderr.as_bytes());
        w.i32(self.exit_code);
        w.u8(u8::from(self.output_truncated));
        match &self.exception {
            None => w.u8(0),
            Some(e) => {
                w.u8(1);
                w.text(e.type_name.as_bytes());
                w.text(e.message.as_bytes());
                w.text(e.traceback.as_bytes());
            }
        }
        w.0
    }

    /// Decodes a response.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed response.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Decoder::new(bytes);
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
    Err {
        message: String,
    },
    /// The guest raises this built-in exception (`PermissionError`, `FileNotFoundError`, ...;
    /// a system refusal, see [`SysErrorKind`]) with this message.
    Raise {
        exception: BuiltinException,
        message: String,
    },
    /// The tool itself raised: the guest raises `exception` with these `args`, as if the tool
    /// had run in the guest (`except ValueError`, `str(e)`, `e.args` behave as in CPython).
    Exception {
        exception: BuiltinException,
        args: Vec<Value>,
    },
}

impl Encoder {
    /// One whole value.
    pub fn value(&mut self, v: &Value) {
        match v {
            Value::None => self.none(),
            Value::Bool(b) => self.bool(*b),
            Value::Int(i) => self.int(*i),
            Value::BigInt(digits) => {
                self.u8(ValueTag::BigInt.id());
                self.text(digits.as_bytes());
            }
            Value::Float(f) => self.float(*f),
            Value::Str(s) => self.str(s.as_bytes()),
            Value::List(items) => {
                self.list(items.len());
                for item in items {
                    self.value(item);
                }
            }
            Value::Dict(entries) => {
                self.dict(entries.len());
                self.entries(entries);
            }
            Value::Bytes(b) => self.bytes(b),
        }
    }
    fn entries(&mut self, entries: &[(String, Value)]) {
        for (k, v) in entries {
            self.text(k.as_bytes());
            self.value(v);
        }
    }
}

impl Decoder<'_> {
    /// One whole value at nesting `depth` (refused beyond [`MAX_VALUE_DEPTH`]).
    ///
    /// # Errors
    /// [`DecodeError::TooDeep`] past that depth, or what [`Decoder::item`] refuses.
    pub fn value(&mut self, depth: usize) -> Result<Value, DecodeError> {
        if depth > MAX_VALUE_DEPTH {
            return Err(DecodeError::TooDeep);
        }
        Ok(match self.item()? {
            Item::None => Value::None,
            Item::Bool(b) => Value::Bool(b),
            Item::Int(i) => Value::Int(i),
            Item::BigInt(digits) => Value::BigInt(digits.into()),
            Item::Float(f) => Value::Float(f),
            Item::Str(s) => Value::Str(s.into()),
            Item::Bytes(b) => Value::Bytes(b.to_vec()),
            Item::List(n) => {
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.value(depth + 1)?);
                }
                Value::List(items)
            }
            Item::Dict(n) => Value::Dict(self.entries(n, depth + 1)?),
        })
    }
    fn entries(&mut self, n: usize, depth: usize) -> Result<Vec<(String, Value)>, DecodeError> {
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let k = self.key()?.into();
            entries.push((k, self.value(depth)?));
        }
        Ok(entries)
    }
}

impl Value {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Encoder::new();
        w.value(self);
        w.0
    }

    /// Decodes one value.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed value.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Decoder::new(bytes);
        let v = r.value(0)?;
        r.finish()?;
        Ok(v)
    }
}

impl ToolCall {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Encoder::new();
        w.call(self.name.as_bytes(), self.args.len());
        w.entries(&self.args);
        w.0
    }

    /// Decodes a tool call.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed call.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Decoder::new(bytes);
        let name = r.string()?;
        let n = r.count()?;
        let call = Self { name, args: r.entries(n, 1)? };
        r.finish()?;
        Ok(call)
    }
}

impl ToolReply {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Encoder::new();
        match self {
            Self::Ok(v) => {
                w.u8(ReplyTag::Ok.id());
                w.value(v);
            }
            Self::Err { message } => {
                w.u8(ReplyTag::Err.id());
                w.text(message.as_bytes());
            }
            Self::Raise { exception, message } => {
                w.u8(ReplyTag::Raise.id());
                w.text(exception.name().as_bytes());
                w.text(message.as_bytes());
            }
            Self::Exception { exception, args } => {
                w.u8(ReplyTag::Exception.id());
                w.text(exception.name().as_bytes());
                w.list(args.len());
                for arg in args {
                    w.value(arg);
                }
            }
        }
        w.0
    }

    /// Decodes a tool reply.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed reply.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Decoder::new(bytes);
        let reply = match r.reply()? {
            ReplyHead::Ok => Self::Ok(r.value(0)?),
            ReplyHead::Err(message) => Self::Err { message: message.into() },
            ReplyHead::Raise(exception, message) => Self::Raise { exception, message: message.into() },
            ReplyHead::Exception(exception) => match r.value(0)? {
                Value::List(args) => Self::Exception { exception, args },
                _ => return Err(DecodeError::InvalidTag(ReplyTag::Exception.id())),
            },
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
        encoded(|w| self.encode_into(w))
    }

    /// Appends the encoded request to `w`.
    pub fn encode_into(&self, w: &mut Encoder) {
        match self.timeout_ns {
            None => w.u8(0),
            Some(ns) => {
                w.u8(1);
                w.u64(ns);
            }
        }
    }

    /// Decodes a wait request.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed request.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Decoder::new(bytes);
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
        let mut w = Encoder::new();
        w.len(self.completed.len());
        for (id, reply) in &self.completed {
            // Length-prefixed, so the guest finds the next entry whatever this one raises.
            let bytes = reply.encode();
            w.u32(*id);
            w.text(&bytes);
        }
        w.0
    }

    /// Decodes a wait reply.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed reply.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Decoder::new(bytes);
        let n = r.wait_count()?;
        let mut completed = Vec::with_capacity(n);
        for _ in 0..n {
            let (id, reply) = r.wait_entry()?;
            completed.push((id, ToolReply::decode(reply)?));
        }
        r.finish()?;
        Ok(Self { completed })
    }
}

/// What `write` writes into a fresh [`Encoder`].
fn encoded(write: impl FnOnce(&mut Encoder)) -> Vec<u8> {
    let mut w = Encoder::new();
    write(&mut w);
    w.0
}

/// A cancel of one call started with [`HOST_FN_TOOL_START`] (see [`HOST_FN_TOOL_CANCEL`]):
/// the call id, 4 bytes little-endian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ToolCancelRequest {
    pub id: u32,
}

impl ToolCancelRequest {
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        encoded(|w| self.encode_into(w))
    }

    /// Appends the encoded request to `w`.
    pub fn encode_into(&self, w: &mut Encoder) {
        w.u32(self.id);
    }

    /// Decodes a cancel request.
    ///
    /// # Errors
    /// Returns a [`DecodeError`] when `bytes` is not exactly one well-formed request.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Decoder::new(bytes);
        let id = r.u32()?;
        r.finish()?;
        Ok(Self { id })
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
        let mut resp =
            RunResponse { stdout: "1\n".to_string(), stderr: String::new(), exit_code: 0, ..Default::default() };
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
        let raise = ToolReply::Raise { exception: BuiltinException::PermissionError, message: "no".to_string() };
        let exc =
            ToolReply::Exception { exception: BuiltinException::KeyError, args: vec![Value::Str("x".to_string())] };
        for reply in [ToolReply::Ok(v), ToolReply::Err { message: "boom".to_string() }, raise, exc] {
            assert_eq!(ToolReply::decode(&reply.encode()).unwrap(), reply);
        }
    }

    #[test]
    fn tool_wait_messages_round_trip() {
        for wait in
            [ToolWait { timeout_ns: None }, ToolWait { timeout_ns: Some(0) }, ToolWait { timeout_ns: Some(u64::MAX) }]
        {
            assert_eq!(ToolWait::decode(&wait.encode()).unwrap(), wait);
        }
        let reply = ToolWaitReply {
            completed: vec![
                (3, ToolReply::Ok(Value::List(vec![Value::Int(1)]))),
                (0, ToolReply::Err { message: "boom".to_string() }),
                (7, ToolReply::Raise { exception: BuiltinException::ValueError, message: "bad".to_string() }),
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

    #[test]
    fn every_table_has_dense_ids_and_unique_names() {
        fn check<T: Copy + PartialEq + core::fmt::Debug>(
            all: &[T],
            id: fn(T) -> u8,
            name: fn(T) -> &'static str,
            from_id: fn(u8) -> Option<T>,
            from_name: fn(&str) -> Option<T>,
        ) {
            for (i, v) in all.iter().enumerate() {
                assert_eq!(usize::from(id(*v)), i, "{v:?}");
                assert_eq!(from_id(id(*v)), Some(*v));
                assert_eq!(from_name(name(*v)), Some(*v), "{v:?} by name");
            }
            assert_eq!(from_id(u8::try_from(all.len()).unwrap()), None);
            assert_eq!(from_name("no such name"), None);
        }
        check(
            BuiltinException::ALL,
            BuiltinException::id,
            BuiltinException::name,
            BuiltinException::from_id,
            BuiltinException::from_name,
        );
        check(SysOp::ALL, SysOp::id, SysOp::name, SysOp::from_id, SysOp::from_name);
        check(SysErrorKind::ALL, SysErrorKind::id, SysErrorKind::name, SysErrorKind::from_id, SysErrorKind::from_name);
        check(HostFn::ALL, HostFn::id, HostFn::name, HostFn::from_id, HostFn::from_name);
        check(ValueTag::ALL, ValueTag::id, ValueTag::name, ValueTag::from_id, ValueTag::from_name);
        check(ReplyTag::ALL, ReplyTag::id, ReplyTag::name, ReplyTag::from_id, ReplyTag::from_name);
        // The host functions the guest's numbers name are the Hyperlight functions the host registers.
        assert_eq!(
            HostFn::ALL.iter().map(|f| f.name()).collect::<Vec<_>>(),
            [HOST_FN_CALL_TOOL, HOST_FN_SYSTEM, HOST_FN_TOOL_START, HOST_FN_TOOL_WAIT, HOST_FN_TOOL_CANCEL]
        );
        assert_eq!(SysOp::from_name("fs.read"), Some(SysOp::FsRead));
        assert!(!SysOp::BlobRead.audited() && !SysOp::TimeNow.audited() && !SysOp::OsUrandom.audited());
        assert!(SysOp::FsWrite.audited() && SysOp::TimeSleep.audited() && SysOp::HttpRequest.audited());
    }

    #[test]
    fn system_errors_map_onto_cpythons_exceptions_and_errnos() {
        use BuiltinException as E;
        use SysErrorKind as K;
        // What CPython raises for the errno (OSError(errno, ...) picks the subclass).
        let cpython = [
            (K::PermissionDenied, E::PermissionError, Some(13)), // EACCES
            (K::NotFound, E::FileNotFoundError, Some(2)),        // ENOENT
            (K::AlreadyExists, E::FileExistsError, Some(17)),    // EEXIST
            (K::IsADirectory, E::IsADirectoryError, Some(21)),   // EISDIR
            (K::NotADirectory, E::NotADirectoryError, Some(20)), // ENOTDIR
            (K::Timeout, E::TimeoutError, Some(110)),            // ETIMEDOUT
            (K::CrossDevice, E::OSError, Some(18)),              // EXDEV
            (K::Connection, E::ConnectionError, Some(111)),      // ECONNREFUSED (ConnectionRefusedError's base)
            (K::InvalidPath, E::ValueError, None),
            (K::InvalidArgument, E::ValueError, None),
            (K::LimitExceeded, E::OSError, None),
            (K::Io, E::OSError, None),
        ];
        assert_eq!(cpython.len(), K::ALL.len());
        for (kind, exception, errno) in cpython {
            assert_eq!((kind.exception(), kind.errno()), (exception, errno), "{kind}");
        }
    }

    #[test]
    fn the_wire_format_is_pinned() {
        // Byte for byte what protocol version 5 sends, so a codec change cannot slip by.
        let v = Value::List(vec![Value::None, Value::Bool(true), Value::Int(-2), Value::Str("é".to_string())]);
        assert_eq!(
            v.encode(),
            [6, 4, 0, 0, 0, 0, 1, 1, 2, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 5, 2, 0, 0, 0, 0xc3, 0xa9]
        );
        let raise = ToolReply::Raise { exception: BuiltinException::OSError, message: "x".to_string() };
        assert_eq!(raise.encode(), [2, 7, 0, 0, 0, b'O', b'S', b'E', b'r', b'r', b'o', b'r', 1, 0, 0, 0, b'x']);
        let call = ToolCall { name: "t".to_string(), args: vec![("k".to_string(), Value::Bytes(vec![9]))] };
        assert_eq!(call.encode(), [1, 0, 0, 0, b't', 1, 0, 0, 0, 1, 0, 0, 0, b'k', 8, 1, 0, 0, 0, 9]);
        assert_eq!(ToolCancelRequest { id: 0x0102_0304 }.encode(), [4, 3, 2, 1]);
        assert_eq!(ToolCancelRequest::decode(&[4, 3, 2]), Err(DecodeError::Truncated));
        // A Raise naming no built-in exception is malformed.
        assert_eq!(ToolReply::decode(&[2, 1, 0, 0, 0, b'Q', 0, 0, 0, 0]), Err(DecodeError::UnknownException));
    }

    #[test]
    fn the_streaming_codec_reads_what_it_writes() {
        let mut w = Encoder::new();
        assert!(w.int_digits("-9223372036854775808"));
        assert!(w.int_digits("9223372036854775808"));
        for bad in ["", "-", "+5", "1_0", "12x"] {
            assert!(!w.int_digits(bad), "{bad:?}");
        }
        w.dict(1);
        w.text(b"k");
        w.list(0);
        let bytes = w.into_bytes();
        let mut r = Decoder::new(&bytes);
        assert_eq!(r.item(), Ok(Item::Int(i64::MIN)));
        assert_eq!(r.item(), Ok(Item::BigInt("9223372036854775808")));
        assert_eq!(r.item(), Ok(Item::Dict(1)));
        assert_eq!(r.key(), Ok("k"));
        assert_eq!(r.item(), Ok(Item::List(0)));
        assert_eq!(r.clone().finish(), Ok(()));
        assert_eq!(r.item(), Err(DecodeError::Truncated));
        let reply = ToolReply::Exception { exception: BuiltinException::KeyError, args: vec![] }.encode();
        let mut r = Decoder::new(&reply);
        let head = r.reply().unwrap();
        assert_eq!((head, head.tag()), (ReplyHead::Exception(BuiltinException::KeyError), ReplyTag::Exception));
        assert_eq!(r.item(), Ok(Item::List(0)));
    }

    #[test]
    fn the_c_header_carries_every_table() {
        let h = c_header();
        assert!(h.starts_with("// Generated") && h.contains("#ifndef HLC_PROTOCOL_H") && h.ends_with("#endif\n"));
        assert!(h.contains(&alloc::format!("#define HLC_MAX_VALUE_DEPTH {MAX_VALUE_DEPTH}\n")));
        assert!(h.contains(&alloc::format!("#define HLC_PROTOCOL_VERSION {PROTOCOL_VERSION}\n")));
        assert!(h.contains("#define HLC_HOST_CALL_TOOL 0\n") && h.contains("#define HLC_HOST_TOOL_CANCEL 4\n"));
        assert!(h.contains("#define HLC_VALUE_BIGINT 3\n") && h.contains("#define HLC_REPLY_EXCEPTION 3\n"));
        for op in SysOp::ALL {
            let ident = op.name().replace('.', "_").to_uppercase();
            assert!(h.contains(&alloc::format!("#define HLC_SYS_{ident} {}\n", op.id())), "{op}");
        }
        for e in BuiltinException::ALL {
            assert!(h.contains(&alloc::format!("X({}, {})", e.id(), e.name())), "{e}");
        }
        assert!(h.contains(&alloc::format!("#define HLC_BUILTIN_EXCEPTION_COUNT {}\n", BuiltinException::ALL.len())));
        // Every line of the X-macro but its last continues it.
        let table: Vec<&str> = h
            .lines()
            .skip_while(|l| !l.starts_with("#define HLC_BUILTIN_EXCEPTIONS"))
            .take(BuiltinException::ALL.len() + 1)
            .collect();
        assert!(table[..table.len() - 1].iter().all(|l| l.ends_with(" \\")) && !table[table.len() - 1].ends_with('\\'));
    }
}
