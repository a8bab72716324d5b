//! The ring-3 runtime of the micro-VM guest: heap, transport, the `Run` guest function, and
//! fatal-error reporting. Entered from `src/kernel/entry.S`.

mod heap;
pub mod layout;
mod transport;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use hyperlight_codeact_protocol::{
    RunRequest, ToolReply, GUEST_FN_CRASH, GUEST_FN_RUN, GUEST_FN_VERSION, HOST_FN_CALL_TOOL, HOST_FN_SYSTEM,
    HOST_FN_TOOL_CANCEL, HOST_FN_TOOL_START, HOST_FN_TOOL_WAIT,
};
use hyperlight_common::flatbuffer_wrappers::function_call::FunctionCall;
use hyperlight_common::flatbuffer_wrappers::function_types::{
    FunctionCallResult, ParameterValue, ReturnType, ReturnValue,
};
use hyperlight_common::flatbuffer_wrappers::guest_error::{ErrorCode, GuestError};
use hyperlight_common::outb::OutBAction;

use self::layout::{GC_HEAP_BASE, GC_HEAP_MAX};
use self::transport::{Dispatch, Transport};

struct Global(RefCell<Option<Transport>>);
// SAFETY: one vCPU, and guest calls never overlap.
unsafe impl Sync for Global {}
static TRANSPORT: Global = Global(RefCell::new(None));

/// Ring-3 init, called once by `hlc_user_entry` before the host's post-init snapshot.
#[unsafe(no_mangle)]
pub extern "C" fn hlc_runtime_init(_peb: u64) {
    heap::init();
    let mut t = Transport::new().unwrap_or_else(|e| fatal(&format!("transport init: {e}")));
    // The host snapshots right after init; the queues must be canonical by then.
    t.prepare_snapshot().unwrap_or_else(|e| fatal(&format!("transport checkpoint: {e}")));
    *TRANSPORT.0.borrow_mut() = Some(t);
}

/// Handles one guest call, called by `hlc_dispatch`.
#[unsafe(no_mangle)]
pub extern "C" fn hlc_runtime_dispatch() {
    let dispatch = with_transport(|t| {
        t.refresh()?;
        t.recv_dispatch()
    })
    .unwrap_or_else(|e| fatal(&format!("receive call: {e}")));
    // No borrow of the transport is held while the call runs: `call_tool` needs it.
    let sent = match dispatch {
        Dispatch::Checkpoint => with_transport(Transport::prepare_snapshot),
        Dispatch::Call(cid, call) => {
            let result = FunctionCallResult::new(handle(call).map_err(|msg| GuestError::new(ErrorCode::GuestError, msg)));
            with_transport(|t| t.send_result(cid, result))
        }
    };
    sent.unwrap_or_else(|e| fatal(&format!("send result: {e}")));
}

fn with_transport<R>(f: impl FnOnce(&mut Transport) -> transport::Result<R>) -> transport::Result<R> {
    let mut guard = TRANSPORT.0.try_borrow_mut().map_err(|_| String::from("transport busy"))?;
    f(guard.as_mut().ok_or_else(|| String::from("guest called before init"))?)
}

struct Reply(RefCell<Vec<u8>>);
// SAFETY: one vCPU, one interpreter.
unsafe impl Sync for Reply {}
static TOOL_REPLY: Reply = Reply(RefCell::new(Vec::new()));
static TOOL_ERROR: Reply = Reply(RefCell::new(Vec::new()));

/// `call_tool` from the C port: one host call per tool call.
///
/// # Safety
/// `req` must point to `len` readable bytes; `reply`/`reply_len` must be writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_host_call(
    function: core::ffi::c_int,
    req: *const u8,
    len: usize,
    reply: *mut *const u8,
    reply_len: *mut usize,
) -> *const core::ffi::c_char {
    // SAFETY: per the function contract.
    let request = unsafe { core::slice::from_raw_parts(req, len) }.to_vec();
    let outcome = with_transport(|t| {
        // The HLC_HOST_* numbers of hlc_port.h.
        let name = match function {
            1 => HOST_FN_SYSTEM,
            2 => HOST_FN_TOOL_START,
            3 => HOST_FN_TOOL_WAIT,
            4 => HOST_FN_TOOL_CANCEL,
            _ => HOST_FN_CALL_TOOL,
        };
        t.call_host(name, alloc::vec![ParameterValue::VecBytes(request)], ReturnType::VecBytes)
    });
    let bytes = match outcome {
        Ok(ReturnValue::VecBytes(bytes)) => bytes,
        Ok(other) => return error_text(&format!("unexpected reply type {other:?}")),
        // A request larger than the transport's whole pool can never be sent: refuse it as the
        // host refuses tool arguments over `max_tool_payload_bytes` (ToolError, or OSError for
        // a file/network request); the run goes on.
        Err(e) if e.starts_with("G2H send") && e.ends_with("Backpressure") => {
            let what = if function == 1 { "file/network request is" } else { "tool call arguments are" };
            ToolReply::Err { message: format!("{what} {len} bytes; too large to send to the host") }.encode()
        }
        Err(e) => return error_text(&e),
    };
    let mut slot = TOOL_REPLY.0.borrow_mut();
    *slot = bytes;
    // SAFETY: per the function contract; the bytes live until the next call.
    unsafe {
        *reply = slot.as_ptr();
        *reply_len = slot.len();
    }
    core::ptr::null()
}

fn error_text(msg: &str) -> *const core::ffi::c_char {
    let mut slot = TOOL_ERROR.0.borrow_mut();
    slot.clear();
    slot.extend_from_slice(msg.replace('\0', " ").as_bytes());
    slot.push(0);
    slot.as_ptr().cast()
}

fn handle(call: FunctionCall) -> Result<ReturnValue, String> {
    let mut params: Vec<ParameterValue> = call.parameters.unwrap_or_default();
    match call.function_name.as_str() {
        GUEST_FN_RUN => {
            let Some(ParameterValue::VecBytes(bytes)) = params.pop() else {
                return Err(format!("{GUEST_FN_RUN} takes one VecBytes argument"));
            };
            let req = RunRequest::decode(&bytes).map_err(|e| format!("bad run request: {e}"))?;
            if req.heap_bytes as usize > GC_HEAP_MAX || req.heap_bytes < 64 * 1024 {
                return Err(format!("heap size {} out of range", req.heap_bytes));
            }
            // SAFETY: the GC heap region is reserved for the interpreter and demand-paged.
            let resp = unsafe { crate::session::run(&req, GC_HEAP_BASE as *mut u8) };
            Ok(ReturnValue::VecBytes(resp.encode()))
        }
        GUEST_FN_VERSION => Ok(ReturnValue::String(crate::version_string())),
        GUEST_FN_CRASH => {
            let Some(ParameterValue::String(kind)) = params.pop() else {
                return Err(format!("{GUEST_FN_CRASH} takes one String argument"));
            };
            crash(&kind)
        }
        other => Err(format!("no guest function named {other:?}")),
    }
}

/// Faults on purpose, so tests can check that every kind of guest crash becomes a clean host
/// error and that the VM is restored afterwards.
fn crash(kind: &str) -> Result<ReturnValue, String> {
    match kind {
        // SAFETY: deliberately invalid: these are the faults under test.
        "ud2" => unsafe { core::arch::asm!("ud2", options(noreturn)) },
        "null_write" => unsafe {
            core::ptr::write_volatile(0x10 as *mut u64, 1);
            Err("unreachable".into())
        },
        "wild_read" => unsafe {
            let v = core::ptr::read_volatile(0x0000_7000_0000_0000 as *const u64);
            Err(format!("read {v}"))
        },
        "stack_overflow" => Err(format!("{}", recurse(0))),
        "panic" => panic!("requested panic"),
        other => Err(format!("unknown crash kind {other:?}")),
    }
}

#[inline(never)]
fn recurse(depth: u64) -> u64 {
    let frame = core::hint::black_box([depth; 512]);
    recurse(depth + 1) + frame[7]
}

/// Reports an unrecoverable error to the host (Hyperlight's abort port) and stops.
pub fn fatal(msg: &str) -> ! {
    let port = OutBAction::Abort as u16;
    let send = |bytes: &[u8]| {
        for chunk in bytes.chunks(3) {
            let mut word = [0u8; 4];
            word[0] = chunk.len() as u8;
            word[1..=chunk.len()].copy_from_slice(chunk);
            // SAFETY: port 102 is allowed for ring 3 by the TSS I/O bitmap.
            unsafe {
                core::arch::asm!("out dx, eax", in("dx") port, in("eax") u32::from_le_bytes(word),
                    options(nostack, preserves_flags));
            }
        }
    };
    send(&[ErrorCode::GuestError as u8]);
    send(msg.as_bytes());
    send(&[0xff]);
    // The host never resumes a guest after the abort terminator.
    loop {
        core::hint::spin_loop();
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    fatal(&format!("guest panic: {info}"))
}

/// Called by the C port on an internal error (assertion, fatal interpreter state).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_abort(msg: *const core::ffi::c_char) -> ! {
    let text = if msg.is_null() {
        String::from("abort")
    } else {
        // SAFETY: the C port passes a NUL-terminated string.
        String::from_utf8_lossy(unsafe { core::ffi::CStr::from_ptr(msg) }.to_bytes()).into_owned()
    };
    fatal(&format!("interpreter abort: {text}"))
}
