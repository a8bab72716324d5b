//! Boundary names and message types shared by the hyperlight-codeact host and guest.
//!
//! Hyperlight moves only flat values across the VM boundary (`Vec<u8>`, `String`, integers),
//! so requests and responses are encoded here with a small length-prefixed format that both
//! sides decode defensively: a guest is untrusted, and a malformed message must become an
//! error, never a panic.
#![no_std]

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
/// Version of this wire format; the guest reports it and the host refuses a mismatch.
pub const PROTOCOL_VERSION: u32 = 1;

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
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated => f.write_str("message truncated"),
            Self::InvalidUtf8 => f.write_str("string field is not valid UTF-8"),
            Self::InvalidTag(t) => write!(f, "invalid tag byte {t}"),
            Self::TrailingBytes(n) => write!(f, "{n} trailing bytes after message"),
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

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
}
