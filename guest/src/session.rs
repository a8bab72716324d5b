//! One code block's run, independent of where the interpreter lives (micro-VM or native):
//! captures output through the `hlc_write`/`hlc_exception` callbacks of the C port and turns
//! the result into a [`RunResponse`].

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use hyperlight_codeact_protocol::{GuestException, RunRequest, RunResponse};

use crate::python::ffi;

/// C stack the interpreter may use before raising RecursionError.
pub const STACK_LIMIT: usize = 1 << 20;

struct Stream {
    bytes: Vec<u8>,
    limit: usize,
    truncated: bool,
}

impl Stream {
    fn push(&mut self, data: &[u8]) {
        let room = self.limit.saturating_sub(self.bytes.len());
        if data.len() > room {
            self.truncated = true;
        }
        self.bytes.extend_from_slice(&data[..data.len().min(room)]);
    }

    fn into_string(self) -> String {
        // Truncation may split a UTF-8 sequence; never fail on that.
        String::from_utf8(self.bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

struct Capture {
    stdout: Stream,
    stderr: Stream,
    exception: Option<GuestException>,
    /// The exception's message or traceback was cut at the output limit.
    exception_truncated: bool,
}

struct Global(RefCell<Option<Capture>>);
// SAFETY: the guest (and the native CLI) run one interpreter on one thread.
unsafe impl Sync for Global {}
static CURRENT: Global = Global(RefCell::new(None));

/// Runs `req.code` in a fresh interpreter whose heap is `heap` (`req.heap_bytes` long).
///
/// # Safety
/// `heap` must point to `req.heap_bytes` writable bytes that nothing else uses.
pub unsafe fn run(req: &RunRequest, heap: *mut u8) -> RunResponse {
    let limit = req.max_output_bytes as usize;
    let new_stream = || Stream { bytes: Vec::new(), limit, truncated: false };
    *CURRENT.0.borrow_mut() = Some(Capture {
        stdout: new_stream(),
        stderr: new_stream(),
        exception: None,
        exception_truncated: false,
    });
    let heap_size = usize::try_from(req.heap_bytes).unwrap_or(usize::MAX);
    // SAFETY: the caller guarantees the heap; the code pointer/length describe a live str.
    let exit_code = unsafe {
        ffi::hlc_init(heap.cast(), heap_size, STACK_LIMIT);
        ffi::hlc_run(req.code.as_ptr().cast(), req.code.len())
    };
    let cap = CURRENT.0.borrow_mut().take().expect("capture installed above");
    RunResponse {
        output_truncated: cap.stdout.truncated || cap.stderr.truncated || cap.exception_truncated,
        stdout: cap.stdout.into_string(),
        stderr: cap.stderr.into_string(),
        exit_code,
        exception: cap.exception,
    }
}

/// # Safety
/// `ptr`/`len` must describe readable bytes (NULL is accepted when `len` is 0).
unsafe fn bytes<'a>(ptr: *const core::ffi::c_char, len: usize) -> &'a [u8] {
    if ptr.is_null() || len == 0 {
        &[]
    } else {
        // SAFETY: per the function contract.
        unsafe { core::slice::from_raw_parts(ptr.cast(), len) }
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Output callback of the C port. stream 1 = stdout, 2 = stderr.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_write(stream: core::ffi::c_int, buf: *const core::ffi::c_char, len: usize) {
    // SAFETY: the C port passes a valid buffer.
    let data = unsafe { bytes(buf, len) };
    if let Some(cap) = CURRENT.0.borrow_mut().as_mut() {
        if stream == 2 { cap.stderr.push(data) } else { cap.stdout.push(data) }
    }
}

/// Uncaught-exception callback of the C port.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_exception(
    ty: *const core::ffi::c_char,
    tlen: usize,
    msg: *const core::ffi::c_char,
    mlen: usize,
    tb: *const core::ffi::c_char,
    tblen: usize,
) {
    // SAFETY: the C port passes valid buffers.
    let (ty, msg, tb) = unsafe { (bytes(ty, tlen), bytes(msg, mlen), bytes(tb, tblen)) };
    if let Some(cap) = CURRENT.0.borrow_mut().as_mut() {
        // `raise ValueError('x' * 10**8)`: the message and traceback share one output limit
        // (the full traceback is in stderr too), or the response could outgrow the transport.
        let limit = cap.stderr.limit / 2;
        let (msg, tb) = (&msg[..msg.len().min(limit)], &tb[..tb.len().min(limit)]);
        cap.exception_truncated = msg.len() < mlen || tb.len() < tblen;
        cap.exception = Some(GuestException { type_name: text(ty), message: text(msg), traceback: text(tb) });
    }
}
