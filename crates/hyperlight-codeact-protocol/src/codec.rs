//! The wire codec, as a streaming [`Encoder`] and a pull [`Decoder`]: the message types of
//! the crate encode and decode through these, and the guest's C builds and reads messages
//! through them over FFI (guest/src/codec.rs), so there is one implementation of the format.
//!
//! Little-endian, length-prefixed: integers are fixed-width LE, strings and byte strings a u32
//! length then the bytes, a [`crate::Value`] a [`ValueTag`] byte then its payload.
//!
//! Every [`Decoder`] method fails the same way, with a [`DecodeError`] saying what in the
//! input was malformed (short input, an unknown tag, bad UTF-8 or a bad number); the methods'
//! docs do not repeat it.
#![allow(clippy::missing_errors_doc)]

use alloc::vec::Vec;

use crate::names::{BuiltinException, ReplyTag, ValueTag};
use crate::DecodeError;

/// Builds one message.
#[derive(Debug, Default, Clone)]
pub struct Encoder(pub(crate) Vec<u8>);

impl Encoder {
    #[must_use]
    pub const fn new() -> Self {
        Self(Vec::new())
    }
    /// Starts over (keeping the allocation).
    pub fn clear(&mut self) {
        self.0.clear();
    }
    /// The message so far.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
    #[must_use]
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    pub(crate) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// A count or length (larger than `u32::MAX` cannot cross the boundary: buffers are far smaller).
    pub(crate) fn len(&mut self, n: usize) {
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    pub(crate) fn i32(&mut self, v: i32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    /// A length-prefixed string. Takes bytes so the guest's C can pass its str data as it is;
    /// the decoder refuses what is not UTF-8.
    pub fn text(&mut self, s: &[u8]) {
        self.len(s.len());
        self.0.extend_from_slice(s);
    }
    fn tag(&mut self, t: ValueTag) {
        self.u8(t.id());
    }

    pub fn none(&mut self) {
        self.tag(ValueTag::None);
    }
    pub fn bool(&mut self, b: bool) {
        self.tag(ValueTag::Bool);
        self.u8(u8::from(b));
    }
    pub fn int(&mut self, i: i64) {
        self.tag(ValueTag::Int);
        self.0.extend_from_slice(&i.to_le_bytes());
    }
    /// An integer given as decimal digits (optional leading `-`): an `Int` when it fits in
    /// i64, else a `BigInt`. False (nothing written) when `digits` is not decimal.
    pub fn int_digits(&mut self, digits: &str) -> bool {
        if !is_decimal(digits) {
            return false;
        }
        if let Ok(i) = digits.parse::<i64>() {
            self.int(i);
            return true;
        }
        self.tag(ValueTag::BigInt);
        self.text(digits.as_bytes());
        true
    }
    pub fn float(&mut self, f: f64) {
        self.tag(ValueTag::Float);
        self.u64(f.to_bits());
    }
    pub fn str(&mut self, s: &[u8]) {
        self.tag(ValueTag::Str);
        self.text(s);
    }
    pub fn bytes(&mut self, b: &[u8]) {
        self.tag(ValueTag::Bytes);
        self.text(b);
    }
    /// A list of `n` items: the next `n` values written are its items.
    pub fn list(&mut self, n: usize) {
        self.tag(ValueTag::List);
        self.len(n);
    }
    /// A dict of `n` entries: then `n` times a [`Self::text`] key and a value.
    pub fn dict(&mut self, n: usize) {
        self.tag(ValueTag::Dict);
        self.len(n);
    }
    /// A [`crate::ToolCall`]'s head: its name, then `n_args` times a [`Self::text`] key and a value.
    pub fn call(&mut self, name: &[u8], n_args: usize) {
        self.text(name);
        self.len(n_args);
    }
}

/// Whether `digits` is an integer's decimal text: digits with an optional leading `-`.
pub(crate) fn is_decimal(digits: &str) -> bool {
    let body = digits.strip_prefix('-').unwrap_or(digits);
    !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit())
}

/// One value's head, as [`Decoder::item`] reads it: a scalar whole, a container as its count
/// (its items or entries follow).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'a> {
    None,
    Bool(bool),
    Int(i64),
    BigInt(&'a str),
    Float(f64),
    Str(&'a str),
    Bytes(&'a [u8]),
    /// `n` values follow.
    List(usize),
    /// `n` (key, value) entries follow; read each key with [`Decoder::key`].
    Dict(usize),
}

/// A [`crate::ToolReply`]'s head, as [`Decoder::reply`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyHead<'a> {
    /// The value follows.
    Ok,
    Err(&'a str),
    Raise(BuiltinException, &'a str),
    /// The exception's args (a list value) follow.
    Exception(BuiltinException),
}

impl ReplyHead<'_> {
    /// The reply's tag.
    #[must_use]
    pub const fn tag(&self) -> ReplyTag {
        match self {
            Self::Ok => ReplyTag::Ok,
            Self::Err(_) => ReplyTag::Err,
            Self::Raise(..) => ReplyTag::Raise,
            Self::Exception(_) => ReplyTag::Exception,
        }
    }
}

/// Bounds-checked reader over an untrusted message: every read is an error, never a panic,
/// when the message ends early or holds a bad tag.
#[derive(Debug, Clone)]
pub struct Decoder<'a>(pub(crate) &'a [u8]);

impl<'a> Decoder<'a> {
    #[must_use]
    pub fn new(bytes: &'a [u8]) -> Self {
        Self(bytes)
    }
    /// The bytes not read yet.
    #[must_use]
    pub fn rest(&self) -> &'a [u8] {
        self.0
    }
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        if self.0.len() < n {
            return Err(DecodeError::Truncated);
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u32(&mut self) -> Result<u32, DecodeError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(crate) fn i32(&mut self) -> Result<i32, DecodeError> {
        let b = self.take(4)?;
        Ok(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, DecodeError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    pub(crate) fn bool(&mut self) -> Result<bool, DecodeError> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            t => Err(DecodeError::InvalidTag(t)),
        }
    }
    /// A count of things that take at least a byte each: one beyond the rest is a lie, refused
    /// before anything is allocated for it.
    pub(crate) fn count(&mut self) -> Result<usize, DecodeError> {
        let n = self.u32()? as usize;
        if n > self.0.len() {
            return Err(DecodeError::Truncated);
        }
        Ok(n)
    }
    pub(crate) fn bytes(&mut self) -> Result<&'a [u8], DecodeError> {
        let len = self.u32()? as usize;
        self.take(len)
    }
    /// A length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Result<&'a str, DecodeError> {
        core::str::from_utf8(self.bytes()?).map_err(|_| DecodeError::InvalidUtf8)
    }
    pub(crate) fn string(&mut self) -> Result<alloc::string::String, DecodeError> {
        self.str().map(alloc::string::String::from)
    }
    /// A dict entry's (or call argument's) key.
    pub fn key(&mut self) -> Result<&'a str, DecodeError> {
        self.str()
    }
    /// An exception name of the [`BuiltinException`] table.
    fn exception(&mut self) -> Result<BuiltinException, DecodeError> {
        BuiltinException::from_name(self.str()?).ok_or(DecodeError::UnknownException)
    }

    /// The next value's head (see [`Item`]). Nesting depth is the caller's to bound: it is the
    /// caller that recurses.
    pub fn item(&mut self) -> Result<Item<'a>, DecodeError> {
        let tag = self.u8()?;
        Ok(match ValueTag::from_id(tag).ok_or(DecodeError::InvalidTag(tag))? {
            ValueTag::None => Item::None,
            ValueTag::Bool => Item::Bool(self.bool()?),
            ValueTag::Int => Item::Int(self.u64()?.cast_signed()),
            ValueTag::BigInt => {
                let digits = self.str()?;
                if !is_decimal(digits) {
                    return Err(DecodeError::InvalidNumber);
                }
                Item::BigInt(digits)
            }
            ValueTag::Float => Item::Float(f64::from_bits(self.u64()?)),
            ValueTag::Str => Item::Str(self.str()?),
            ValueTag::List => Item::List(self.count()?),
            ValueTag::Dict => Item::Dict(self.count()?),
            ValueTag::Bytes => Item::Bytes(self.bytes()?),
        })
    }

    /// A [`crate::ToolReply`]'s head (see [`ReplyHead`]).
    pub fn reply(&mut self) -> Result<ReplyHead<'a>, DecodeError> {
        let tag = self.u8()?;
        Ok(match ReplyTag::from_id(tag).ok_or(DecodeError::InvalidTag(tag))? {
            ReplyTag::Ok => ReplyHead::Ok,
            ReplyTag::Err => ReplyHead::Err(self.str()?),
            ReplyTag::Raise => {
                let exception = self.exception()?;
                ReplyHead::Raise(exception, self.str()?)
            }
            ReplyTag::Exception => ReplyHead::Exception(self.exception()?),
        })
    }

    /// A [`crate::ToolWaitReply`]'s count of completed calls.
    pub fn wait_count(&mut self) -> Result<usize, DecodeError> {
        self.count()
    }

    /// One completed call of a [`crate::ToolWaitReply`]: its id and its encoded reply.
    pub fn wait_entry(&mut self) -> Result<(u32, &'a [u8]), DecodeError> {
        let id = self.u32()?;
        Ok((id, self.bytes()?))
    }

    /// Ok when the whole message was read.
    pub fn finish(self) -> Result<(), DecodeError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes(self.0.len()))
        }
    }
}
