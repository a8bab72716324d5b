//! The boundary's codec for the C port (declared in `c/hlc_codec.h`): `extern "C"` builder and
//! reader functions over the protocol crate's [`Encoder`] and [`Decoder`], so the C side walks
//! MicroPython objects but never spells the wire format itself.
//!
//! Encoding goes into one buffer owned here (`hlc_enc_begin` .. `hlc_enc_end`): a request is
//! built and sent before the next one starts (a request abandoned by an exception is simply
//! overwritten). Decoding reads through a cursor the C side owns (`hlc_dec`), over a reply that
//! stays valid until the next host call.

use core::cell::RefCell;
use core::ffi::{c_char, c_int};

use hyperlight_codeact_protocol::{
    Decoder, Encoder, Item, ReplyHead, SysOp, ToolCancelRequest, ToolWait, ValueTag,
};

struct Global(RefCell<Encoder>);
// SAFETY: the guest (and the native CLI) run one interpreter on one thread.
unsafe impl Sync for Global {}
static ENCODER: Global = Global(RefCell::new(Encoder::new()));

fn enc<R>(f: impl FnOnce(&mut Encoder) -> R) -> R {
    f(&mut ENCODER.0.borrow_mut())
}

/// # Safety
/// `ptr`/`len` must describe readable bytes (NULL is accepted when `len` is 0).
unsafe fn slice<'a>(ptr: *const u8, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: per the function contract.
        unsafe { core::slice::from_raw_parts(ptr, len) }
    }
}

/// Starts a new request (dropping whatever was being built).
#[unsafe(no_mangle)]
pub extern "C" fn hlc_enc_begin() {
    enc(Encoder::clear);
}

/// The request built: a pointer valid until the next `hlc_enc_begin`, its length in `*len`.
///
/// # Safety
/// `len` must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_enc_end(len: *mut usize) -> *const u8 {
    let enc = ENCODER.0.borrow();
    // SAFETY: per the function contract; the buffer lives in a static.
    unsafe { *len = enc.as_bytes().len() };
    enc.as_bytes().as_ptr()
}

/// The request `hlc_enc_end` returned, moved out of the encoder when `req`/`len` is that
/// request (the host call then sends it without a copy); None for any other buffer.
#[cfg(target_os = "none")]
pub fn take_request(req: *const u8, len: usize) -> Option<alloc::vec::Vec<u8>> {
    let mut enc = ENCODER.0.borrow_mut();
    let built = enc.as_bytes();
    (len > 0 && built.as_ptr() == req && built.len() == len).then(|| core::mem::take(&mut *enc).into_bytes())
}

/// A tool call's head: its name, then `n_args` times `hlc_enc_key` and a value.
///
/// # Safety
/// `name`/`len` must describe readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_enc_call(name: *const c_char, len: usize, n_args: usize) {
    // SAFETY: per the function contract.
    let name = unsafe { slice(name.cast(), len) };
    enc(|e| e.call(name, n_args));
}

/// A system call's head, for operation `op` (a [`SysOp`] name); -1 (nothing written) when
/// `op` is not one.
///
/// # Safety
/// `op`/`len` must describe readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_enc_sys_call(op: *const c_char, len: usize, n_args: usize) -> c_int {
    // SAFETY: per the function contract.
    let op = unsafe { slice(op.cast(), len) };
    match core::str::from_utf8(op).ok().and_then(SysOp::from_name) {
        Some(op) => {
            enc(|e| e.call(op.name().as_bytes(), n_args));
            0
        }
        None => -1,
    }
}

/// A dict key or keyword argument name.
///
/// # Safety
/// `s`/`len` must describe readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_enc_key(s: *const c_char, len: usize) {
    // SAFETY: per the function contract.
    let s = unsafe { slice(s.cast(), len) };
    enc(|e| e.text(s));
}

#[unsafe(no_mangle)]
pub extern "C" fn hlc_enc_none() {
    enc(Encoder::none);
}

#[unsafe(no_mangle)]
pub extern "C" fn hlc_enc_bool(b: c_int) {
    enc(|e| e.bool(b != 0));
}

#[unsafe(no_mangle)]
pub extern "C" fn hlc_enc_int(i: i64) {
    enc(|e| e.int(i));
}

/// An integer as its decimal text (an int when it fits in 64 bits, else a big int); -1
/// (nothing written) when the text is not decimal.
///
/// # Safety
/// `s`/`len` must describe readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_enc_int_digits(s: *const c_char, len: usize) -> c_int {
    // SAFETY: per the function contract.
    let s = unsafe { slice(s.cast(), len) };
    let ok = core::str::from_utf8(s).is_ok_and(|digits| enc(|e| e.int_digits(digits)));
    if ok { 0 } else { -1 }
}

#[unsafe(no_mangle)]
pub extern "C" fn hlc_enc_float(f: f64) {
    enc(|e| e.float(f));
}

/// # Safety
/// `s`/`len` must describe readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_enc_str(s: *const c_char, len: usize) {
    // SAFETY: per the function contract.
    let s = unsafe { slice(s.cast(), len) };
    enc(|e| e.str(s));
}

/// # Safety
/// `b`/`len` must describe readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_enc_bytes(b: *const u8, len: usize) {
    // SAFETY: per the function contract.
    let b = unsafe { slice(b, len) };
    enc(|e| e.bytes(b));
}

/// A list of `n` items: the next `n` values are its items.
#[unsafe(no_mangle)]
pub extern "C" fn hlc_enc_list(n: usize) {
    enc(|e| e.list(n));
}

/// A dict of `n` entries: then `n` times `hlc_enc_key` and a value.
#[unsafe(no_mangle)]
pub extern "C" fn hlc_enc_dict(n: usize) {
    enc(|e| e.dict(n));
}

/// A whole ToolWait request (`has_timeout` 0: wait without a timer).
#[unsafe(no_mangle)]
pub extern "C" fn hlc_enc_wait(has_timeout: c_int, timeout_ns: u64) {
    let wait = ToolWait { timeout_ns: (has_timeout != 0).then_some(timeout_ns) };
    enc(|e| {
        e.clear();
        wait.encode_into(e);
    });
}

/// A whole ToolCancel request for call `id`.
#[unsafe(no_mangle)]
pub extern "C" fn hlc_enc_cancel(id: u32) {
    enc(|e| {
        e.clear();
        ToolCancelRequest { id }.encode_into(e);
    });
}

/// A read cursor over a message (C's `hlc_dec`).
#[repr(C)]
pub struct HlcDec {
    p: *const u8,
    len: usize,
}

/// One decoded head (C's `hlc_item`): what a value, reply or wait entry carries.
#[repr(C)]
pub struct HlcItem {
    /// Int and Bool values; an exception's id; a wait entry's call id.
    i: i64,
    f: f64,
    /// Str, BigInt and Bytes data; an Err or Raise message.
    s: *const u8,
    /// The length of `s`; a List's or Dict's count.
    len: usize,
}

/// Runs `f` on a [`Decoder`] over `d`'s bytes and moves `d` past what it read; -1 when the
/// message is malformed (or `d` is NULL).
///
/// # Safety
/// `d` must be NULL or point to a cursor over readable bytes.
unsafe fn with_dec(d: *mut HlcDec, f: impl FnOnce(&mut Decoder<'_>) -> Option<c_int>) -> c_int {
    // SAFETY: per the function contract.
    let Some(d) = (unsafe { d.as_mut() }) else { return -1 };
    // SAFETY: per the function contract.
    let mut dec = Decoder::new(unsafe { slice(d.p, d.len) });
    let Some(result) = f(&mut dec) else { return -1 };
    let rest = dec.rest();
    d.len = rest.len();
    d.p = rest.as_ptr();
    result
}

/// # Safety
/// `out` must be NULL or writable.
unsafe fn put(out: *mut HlcItem, i: i64, f: f64, s: &[u8], len: usize) {
    // SAFETY: per the function contract.
    if let Some(out) = unsafe { out.as_mut() } {
        *out = HlcItem { i, f, s: s.as_ptr(), len };
    }
}

/// The next value's head: returns its `HLC_VALUE_*` tag and fills `*out` (a container's count
/// in `len`: its items, or `hlc_dec_key` and value per entry, follow); -1 when malformed.
///
/// # Safety
/// `d` as for the other readers; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_dec_value(d: *mut HlcDec, out: *mut HlcItem) -> c_int {
    // SAFETY: per the function contract.
    unsafe {
        with_dec(d, |dec| {
            let item = dec.item().ok()?;
            let (tag, i, f, s, len): (ValueTag, i64, f64, &[u8], usize) = match item {
                Item::None => (ValueTag::None, 0, 0.0, &[], 0),
                Item::Bool(b) => (ValueTag::Bool, i64::from(b), 0.0, &[], 0),
                Item::Int(i) => (ValueTag::Int, i, 0.0, &[], 0),
                Item::BigInt(s) => (ValueTag::BigInt, 0, 0.0, s.as_bytes(), s.len()),
                Item::Float(f) => (ValueTag::Float, 0, f, &[], 0),
                Item::Str(s) => (ValueTag::Str, 0, 0.0, s.as_bytes(), s.len()),
                Item::Bytes(b) => (ValueTag::Bytes, 0, 0.0, b, b.len()),
                Item::List(n) => (ValueTag::List, 0, 0.0, &[], n),
                Item::Dict(n) => (ValueTag::Dict, 0, 0.0, &[], n),
            };
            put(out, i, f, s, len);
            Some(c_int::from(tag.id()))
        })
    }
}

/// A dict entry's key into `*s`/`*len`; 0, or -1 when malformed.
///
/// # Safety
/// `d` as for the other readers; `s` and `len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_dec_key(d: *mut HlcDec, s: *mut *const c_char, len: *mut usize) -> c_int {
    // SAFETY: per the function contract.
    unsafe {
        with_dec(d, |dec| {
            let key = dec.key().ok()?;
            *s = key.as_ptr().cast();
            *len = key.len();
            Some(0)
        })
    }
}

/// A tool reply's head: returns its `HLC_REPLY_*` tag and fills `*out`: an Err's message in
/// `s`/`len`; a Raise's exception id in `i` and message in `s`/`len`; an Exception's id in
/// `i` (its args, a list value, follow); for Ok the value follows. -1 when malformed.
///
/// # Safety
/// `d` as for the other readers; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_dec_reply(d: *mut HlcDec, out: *mut HlcItem) -> c_int {
    // SAFETY: per the function contract.
    unsafe {
        with_dec(d, |dec| {
            let head = dec.reply().ok()?;
            let (i, s) = match head {
                ReplyHead::Ok => (0, ""),
                ReplyHead::Err(message) => (0, message),
                ReplyHead::Raise(e, message) => (i64::from(e.id()), message),
                ReplyHead::Exception(e) => (i64::from(e.id()), ""),
            };
            put(out, i, 0.0, s.as_bytes(), s.len());
            Some(c_int::from(head.tag().id()))
        })
    }
}

/// A ToolWaitReply's count of completed calls into `*n`; 0, or -1 when malformed.
///
/// # Safety
/// `d` as for the other readers; `n` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_dec_wait_count(d: *mut HlcDec, n: *mut usize) -> c_int {
    // SAFETY: per the function contract.
    unsafe {
        with_dec(d, |dec| {
            *n = dec.wait_count().ok()?;
            Some(0)
        })
    }
}

/// One completed call of a ToolWaitReply: its id into `*id` and a cursor over its encoded
/// reply into `*entry`; 0, or -1 when malformed.
///
/// # Safety
/// `d` as for the other readers; `id` and `entry` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_dec_wait_entry(d: *mut HlcDec, id: *mut u32, entry: *mut HlcDec) -> c_int {
    // SAFETY: per the function contract.
    unsafe {
        with_dec(d, |dec| {
            let (call, reply) = dec.wait_entry().ok()?;
            *id = call;
            *entry = HlcDec { p: reply.as_ptr(), len: reply.len() };
            Some(0)
        })
    }
}

#[cfg(test)]
mod tests {
    //! Round trips through the FFI functions exactly as the C port calls them.

    use super::*;
    use hyperlight_codeact_protocol::{BuiltinException, ToolCall, ToolReply, ToolWaitReply, Value};

    /// The encoder is one static, as in the guest's one thread: tests that build take turns.
    static ENCODING: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn built() -> Vec<u8> {
        let mut len = 0;
        // SAFETY: `len` is writable; the bytes are copied before the next request.
        let p = unsafe { hlc_enc_end(&mut len) };
        unsafe { slice(p, len) }.to_vec()
    }

    fn dec(bytes: &[u8]) -> HlcDec {
        HlcDec { p: bytes.as_ptr(), len: bytes.len() }
    }

    fn item() -> HlcItem {
        HlcItem { i: 0, f: 0.0, s: core::ptr::null(), len: 0 }
    }

    /// Reads one value through the FFI reader, as hlc_tools.c's decoder does; None when a
    /// read reports the message malformed.
    fn try_read(d: &mut HlcDec) -> Option<Value> {
        let mut it = item();
        let tag = unsafe { hlc_dec_value(d, &mut it) };
        let data = |it: &HlcItem| unsafe { slice(it.s, it.len) }.to_vec();
        let text = |it: &HlcItem| String::from_utf8(data(it)).unwrap();
        Some(match ValueTag::from_id(u8::try_from(tag).ok()?).unwrap() {
            ValueTag::None => Value::None,
            ValueTag::Bool => Value::Bool(it.i != 0),
            ValueTag::Int => Value::Int(it.i),
            ValueTag::BigInt => Value::BigInt(text(&it)),
            ValueTag::Float => Value::Float(it.f),
            ValueTag::Str => Value::Str(text(&it)),
            ValueTag::Bytes => Value::Bytes(data(&it)),
            ValueTag::List => Value::List((0..it.len).map(|_| try_read(d)).collect::<Option<_>>()?),
            ValueTag::Dict => Value::Dict(
                (0..it.len)
                    .map(|_| {
                        let (mut k, mut n) = (core::ptr::null(), 0);
                        if unsafe { hlc_dec_key(d, &mut k, &mut n) } != 0 {
                            return None;
                        }
                        let key = String::from_utf8(unsafe { slice(k.cast(), n) }.to_vec()).unwrap();
                        Some((key, try_read(d)?))
                    })
                    .collect::<Option<_>>()?,
            ),
        })
    }

    fn read(d: &mut HlcDec) -> Value {
        try_read(d).expect("well-formed")
    }

    fn sample() -> Value {
        Value::Dict(vec![
            ("n".into(), Value::Int(-3)),
            ("big".into(), Value::BigInt("-123456789012345678901234567890".into())),
            ("x".into(), Value::Float(2.5)),
            ("l".into(), Value::List(vec![Value::None, Value::Bool(true), Value::Str("é".into())])),
            ("raw".into(), Value::Bytes(vec![0, 255, 10])),
        ])
    }

    #[test]
    fn a_call_built_over_ffi_decodes_in_the_protocol_crate() {
        let _turn = ENCODING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        hlc_enc_begin();
        unsafe {
            hlc_enc_call(c"get_orders".as_ptr(), 10, 2);
            hlc_enc_key(c"user".as_ptr(), 4);
            hlc_enc_dict(2);
            hlc_enc_key(c"id".as_ptr(), 2);
            assert_eq!(hlc_enc_int_digits(c"9223372036854775807".as_ptr(), 19), 0);
            hlc_enc_key(c"big".as_ptr(), 3);
            assert_eq!(hlc_enc_int_digits(c"-99999999999999999999".as_ptr(), 21), 0);
            hlc_enc_key(c"items".as_ptr(), 5);
            hlc_enc_list(5);
            hlc_enc_none();
            hlc_enc_bool(1);
            hlc_enc_float(-0.5);
            hlc_enc_str(c"é".as_ptr(), 2);
            hlc_enc_int(-7);
            assert_eq!(hlc_enc_int_digits(c"12x".as_ptr(), 3), -1);
        }
        let call = ToolCall::decode(&built()).unwrap();
        assert_eq!(call, ToolCall {
            name: "get_orders".into(),
            args: vec![
                ("user".into(), Value::Dict(vec![
                    ("id".into(), Value::Int(i64::MAX)),
                    ("big".into(), Value::BigInt("-99999999999999999999".into()))
                ])),
                ("items".into(), Value::List(vec![
                    Value::None,
                    Value::Bool(true),
                    Value::Float(-0.5),
                    Value::Str("é".into()),
                    Value::Int(-7)
                ])),
            ],
        });
    }

    #[test]
    fn system_calls_name_only_known_operations() {
        let _turn = ENCODING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        hlc_enc_begin();
        assert_eq!(unsafe { hlc_enc_sys_call(c"fs.nope".as_ptr(), 7, 0) }, -1);
        assert!(built().is_empty());
        assert_eq!(unsafe { hlc_enc_sys_call(c"fs.read".as_ptr(), 7, 1) }, 0);
        unsafe {
            hlc_enc_key(c"data".as_ptr(), 4);
            hlc_enc_bytes([1u8, 2].as_ptr(), 2);
        }
        let call = ToolCall::decode(&built()).unwrap();
        assert_eq!(call, ToolCall { name: "fs.read".into(), args: vec![("data".into(), Value::Bytes(vec![1, 2]))] });
    }

    #[test]
    fn values_encoded_by_the_protocol_crate_read_back_over_ffi() {
        let v = sample();
        let bytes = v.encode();
        let mut d = dec(&bytes);
        assert_eq!(read(&mut d), v);
        assert_eq!(d.len, 0);
        // Every truncation is an error at some read, never a value.
        for cut in 0..bytes.len() {
            assert_eq!(try_read(&mut dec(&bytes[..cut])), None, "cut at {cut}");
        }
        assert_eq!(try_read(&mut dec(&[42])), None);
    }

    #[test]
    fn replies_and_waits_read_back_over_ffi() {
        let replies = [
            ToolReply::Ok(sample()),
            ToolReply::Err { message: "boom".into() },
            ToolReply::Raise { exception: BuiltinException::PermissionError, message: "no".into() },
            ToolReply::Exception { exception: BuiltinException::KeyError, args: vec![Value::Str("k".into())] },
        ];
        let wait = ToolWaitReply { completed: replies.iter().cloned().enumerate().map(|(i, r)| (i as u32 + 5, r)).collect() };
        let bytes = wait.encode();
        let mut d = dec(&bytes);
        let mut n = 0;
        assert_eq!(unsafe { hlc_dec_wait_count(&mut d, &mut n) }, 0);
        assert_eq!(n, replies.len());
        for (i, want) in replies.iter().enumerate() {
            let (mut id, mut entry) = (0, dec(&[]));
            assert_eq!(unsafe { hlc_dec_wait_entry(&mut d, &mut id, &mut entry) }, 0);
            assert_eq!(id as usize, i + 5);
            let mut it = item();
            let tag = unsafe { hlc_dec_reply(&mut entry, &mut it) };
            let message = String::from_utf8(unsafe { slice(it.s, it.len) }.to_vec()).unwrap();
            let exception = || BuiltinException::from_id(u8::try_from(it.i).unwrap()).unwrap();
            let got = match hyperlight_codeact_protocol::ReplyTag::from_id(u8::try_from(tag).unwrap()).unwrap() {
                hyperlight_codeact_protocol::ReplyTag::Ok => ToolReply::Ok(read(&mut entry)),
                hyperlight_codeact_protocol::ReplyTag::Err => ToolReply::Err { message },
                hyperlight_codeact_protocol::ReplyTag::Raise => ToolReply::Raise { exception: exception(), message },
                hyperlight_codeact_protocol::ReplyTag::Exception => match read(&mut entry) {
                    Value::List(args) => ToolReply::Exception { exception: exception(), args },
                    other => panic!("{other:?}"),
                },
            };
            assert_eq!(&got, want);
            assert_eq!(entry.len, 0);
        }
        assert_eq!(d.len, 0);
        assert_eq!(unsafe { hlc_dec_reply(&mut dec(&[9]), &mut item()) }, -1);
        assert_eq!(unsafe { hlc_dec_reply(core::ptr::null_mut(), &mut item()) }, -1);
    }

    #[test]
    fn wait_and_cancel_requests_are_the_protocol_crates() {
        let _turn = ENCODING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        hlc_enc_wait(1, 1_500_000_000);
        assert_eq!(ToolWait::decode(&built()).unwrap(), ToolWait { timeout_ns: Some(1_500_000_000) });
        hlc_enc_wait(0, 99);
        assert_eq!(ToolWait::decode(&built()).unwrap(), ToolWait { timeout_ns: None });
        hlc_enc_cancel(0x0102_0304);
        assert_eq!(ToolCancelRequest::decode(&built()).unwrap(), ToolCancelRequest { id: 0x0102_0304 });
    }
}
