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
    HostFn, RunRequest, ToolReply, GUEST_FN_CRASH, GUEST_FN_RUN, GUEST_FN_SCAN_FOR_TESTS, GUEST_FN_VERSION,
};
use hyperlight_common::flatbuffer_wrappers::function_call::FunctionCall;
use hyperlight_common::flatbuffer_wrappers::function_types::{
    FunctionCallResult, ParameterValue, ReturnType, ReturnValue,
};
use hyperlight_common::flatbuffer_wrappers::guest_error::{ErrorCode, GuestError};

use self::layout::{GC_HEAP_BASE, GC_HEAP_MAX, RUST_HEAP_BASE, RUST_HEAP_SIZE, USTACK_BASE, USTACK_SIZE};
use self::transport::{Dispatch, OutNotifier, Transport};

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

/// Handles one guest call, called by `hlc_dispatch`; `restored` is 1 on the first call after
/// the host restored a snapshot (or made this VM from one).
#[unsafe(no_mangle)]
pub extern "C" fn hlc_runtime_dispatch(restored: u64) {
    let dispatch = with_transport(|t| {
        t.refresh(restored != 0)?;
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
    let request = crate::codec::take_request(req, len)
        .unwrap_or_else(|| unsafe { core::slice::from_raw_parts(req, len) }.to_vec());
    // The HLC_HOST_* numbers of hlc_protocol.h.
    let Some(host_fn) = u8::try_from(function).ok().and_then(HostFn::from_id) else {
        return error_text(&format!("no host function number {function}"));
    };
    let outcome = with_transport(|t| {
        t.call_host(host_fn.name(), alloc::vec![ParameterValue::VecBytes(request)], ReturnType::VecBytes)
    });
    let bytes = match outcome {
        Ok(ReturnValue::VecBytes(bytes)) => bytes,
        Ok(other) => return error_text(&format!("unexpected reply type {other:?}")),
        // A request larger than the transport's whole pool can never be sent: refuse it as the
        // host refuses tool arguments over `max_tool_payload_bytes` (ToolError, or OSError for
        // a file/network request); the run goes on.
        Err(e) if e.starts_with("G2H send") && e.ends_with("Backpressure") => {
            let what = if host_fn == HostFn::System { "file/network request is" } else { "tool call arguments are" };
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
        GUEST_FN_SCAN_FOR_TESTS => {
            let Some(ParameterValue::VecBytes(needle)) = params.pop() else {
                return Err(format!("{GUEST_FN_SCAN_FOR_TESTS} takes one VecBytes argument"));
            };
            Ok(ReturnValue::VecBytes(scan_for_tests(needle)))
        }
        other => Err(format!("no guest function named {other:?}")),
    }
}

// ---- test-only probes ----

/// Requests to the kernel's int3 gate (kernel.h).
const INT3_ABORT: u64 = 0x4142_4f52_5400_0001;
const INT3_PRESENT: u64 = 0x5052_4553_454e_5402;

unsafe extern "C" {
    static __ehdr_start: u8;
    static _end: u8;
    static __start_hlc_ktext: u8;
    static __stop_hlc_ktext: u8;
}

/// The first mapped page in [start, end) and the end of its run of mapped pages (the kernel
/// walks the page tables; nothing gets mapped).
fn present_run(start: u64, end: u64) -> (u64, u64) {
    let (first, run_end): (u64, u64);
    // SAFETY: int3 with INT3_PRESENT only reads the page tables; rax/rdx carry the answer.
    unsafe {
        core::arch::asm!("int3", inout("rax") INT3_PRESENT => first, in("rdi") start, in("rsi") end,
            out("rdx") run_end, options(nostack));
    }
    (first, run_end)
}

/// Counts `needle` in all memory ring 3 can read (see GUEST_FN_SCAN_FOR_TESTS), skipping
/// the probe's own copy of it (the caller's bytes are sent XOR 0xff so that neither the
/// request nor its decoded parameter matches).
fn scan_for_tests(masked: Vec<u8>) -> Vec<u8> {
    let needle: Vec<u8> = masked.iter().map(|b| b ^ 0xff).collect();
    let own = needle.as_ptr() as u64;
    let addr = |s: &u8| s as *const u8 as u64;
    // SAFETY: linker-defined symbols; only their addresses are used.
    let (image, image_end, ktext, ktext_end) =
        unsafe { (addr(&__ehdr_start), addr(&_end), addr(&__start_hlc_ktext), addr(&__stop_hlc_ktext)) };
    let arena = with_transport(|t| Ok(t.arena())).unwrap_or((0, 0));
    let regions = [
        (image & !0xfff, ktext),
        (ktext_end, image_end),
        (RUST_HEAP_BASE as u64, (RUST_HEAP_BASE + RUST_HEAP_SIZE) as u64),
        (GC_HEAP_BASE as u64, (GC_HEAP_BASE + GC_HEAP_MAX) as u64),
        (USTACK_BASE as u64, (USTACK_BASE + USTACK_SIZE) as u64),
        arena,
    ];
    let mut hits: Vec<u64> = Vec::new();
    let mut count = 0u64;
    if !needle.is_empty() {
        for (lo, hi) in regions {
            let mut at = lo;
            while at < hi {
                let (start, end) = present_run(at, hi);
                if start >= hi {
                    break;
                }
                // SAFETY: the kernel reported these pages mapped, and every region is one ring 3
                // may read (reading a stale interpreter or stack page maps a zero page instead).
                let run = unsafe { core::slice::from_raw_parts(start as *const u8, (end - start) as usize) };
                let first = needle[0];
                let mut i = 0;
                while i + needle.len() <= run.len() {
                    if run[i] == first && run[i..i + needle.len()] == needle[..] {
                        let hit = start + i as u64;
                        if hit != own {
                            count += 1;
                            if hits.len() < 64 {
                                hits.push(hit);
                            }
                        }
                    }
                    i += 1;
                }
                at = end;
            }
        }
    }
    let mut out = Vec::with_capacity(8 * (hits.len() + 1));
    out.extend_from_slice(&count.to_le_bytes());
    for h in hits {
        out.extend_from_slice(&h.to_le_bytes());
    }
    out
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
        // Isolation of ring 3 from the kernel and the host (each must end as a guest crash).
        "read_page_table" => unsafe {
            let pt = layout::scratch_gpa_to_gva(layout::meta_word(0x18));
            Err(format!("read {}", core::ptr::read_volatile(pt as *const u64)))
        },
        "write_page_table" => unsafe {
            let pt = layout::scratch_gpa_to_gva(layout::meta_word(0x18));
            core::ptr::write_volatile(pt as *mut u64, 0);
            Err("wrote the page tables".into())
        },
        "read_metadata" => unsafe {
            let v = core::ptr::read_volatile((hyperlight_common::layout::SCRATCH_TOP_GVA as u64 - 7) as *const u64);
            Err(format!("read {v}"))
        },
        "read_exception_stack" => unsafe {
            let v = core::ptr::read_volatile((hyperlight_common::layout::SCRATCH_TOP_GVA as u64 - 0x1ff) as *const u64);
            Err(format!("read {v}"))
        },
        "write_kernel_data" => unsafe {
            // The GDT/TSS/IDT page (KDATA_VA in kernel.h).
            core::ptr::write_volatile(0x0000_4000_0000_0000 as *mut u64, 0);
            Err("wrote the descriptor tables".into())
        },
        "read_kernel_text" => unsafe {
            let v = core::ptr::read_volatile(core::ptr::addr_of!(__start_hlc_ktext));
            Err(format!("read {v}"))
        },
        "write_text" => unsafe {
            // A `ret` over this function's own code, then a call of it.
            let code = crash as *const () as *mut u8;
            core::ptr::write_volatile(code, 0xc3);
            Err("wrote the image text".into())
        },
        "exec_data" => unsafe {
            static mut CODE: [u8; 16] = [0xc3; 16];
            let f: extern "C" fn() = core::mem::transmute(core::ptr::addr_of_mut!(CODE) as *const ());
            f();
            Err("executed image data".into())
        },
        "exec_heap" => unsafe {
            let code = alloc::vec![0xc3u8; 64];
            let f: extern "C" fn() = core::mem::transmute(code.as_ptr());
            f();
            Err("executed heap data".into())
        },
        "debug_port" => unsafe {
            for b in b"\x1b[31mguest bytes on the host's stderr\n" {
                core::arch::asm!("out dx, al", in("dx") 103u16, in("al") *b, options(nostack, preserves_flags));
            }
            Err("wrote to the debug port".into())
        },
        "abort_port" => unsafe {
            core::arch::asm!("out dx, eax", in("dx") 102u16, in("eax") 0x0041_4101u32, options(nostack, preserves_flags));
            Err("wrote to the abort port".into())
        },
        // Corrupted transport rings: the host must fail this call cleanly (and nothing else).
        "ring_garbage" | "ring_addresses" | "ring_flags" | "mailbox" | "ring_notify" | "ring_chain" => {
            corrupt_rings(kind);
            Err("rings corrupted".into())
        }
        other => Err(format!("unknown crash kind {other:?}")),
    }
}

#[inline(never)]
fn recurse(depth: u64) -> u64 {
    let frame = core::hint::black_box([depth; 512]);
    recurse(depth + 1) + frame[7]
}

/// Overwrites parts of the transport arena (test-only, through the `Crash` function).
fn corrupt_rings(kind: &str) {
    let Ok((lo, _)) = with_transport(|t| Ok(t.arena())) else { return };
    use layout::Meta;
    let ng = layout::meta(Meta::G2hQueueSize) as usize;
    let descs = ng + layout::meta(Meta::H2gQueueSize) as usize;
    let rings = 16 * descs + 32;
    // SAFETY: test-only: the arena is ring 3's, and breaking it is the point.
    unsafe {
        let base = lo as *mut u8;
        match kind {
            "ring_garbage" => {
                for i in 0..rings {
                    base.add(i).write_volatile((i as u8).wrapping_mul(151) ^ 0xa5);
                }
            }
            "ring_addresses" => {
                // Every descriptor points at the page tables / far outside memory, with huge lengths.
                let pt = layout::scratch_gpa_to_gva(layout::meta_word(0x18));
                for d in 0..descs {
                    let desc = base.add(16 * d + if d >= ng { 16 } else { 0 });
                    let addr = if d % 2 == 0 { pt } else { 0xdead_beef_0000 };
                    (desc as *mut u64).write_unaligned(addr);
                    (desc.add(8) as *mut u32).write_unaligned(u32::MAX);
                }
            }
            "ring_flags" => {
                for d in 0..descs {
                    (base.add(16 * d + if d >= ng { 16 } else { 0 } + 14) as *mut u16).write_unaligned(0xffff);
                }
            }
            "ring_notify" | "ring_chain" => {
                // Every G2H descriptor made available (packed ring, wrap counter 1: AVAIL set,
                // USED clear), pointing at the page tables or outside memory with huge
                // lengths, optionally all chained; then the host is told to process them.
                let pt = layout::scratch_gpa_to_gva(layout::meta_word(0x18));
                let flags: u16 = if kind == "ring_chain" { 0x0081 } else { 0x0080 };
                for d in 0..ng {
                    let desc = base.add(16 * d);
                    (desc as *mut u64).write_unaligned(if d % 2 == 0 { pt } else { 0xdead_beef_0000 });
                    (desc.add(8) as *mut u32).write_unaligned(u32::MAX - d as u32);
                    (desc.add(12) as *mut u16).write_unaligned(d as u16);
                    (desc.add(14) as *mut u16).write_volatile(flags);
                }
                OutNotifier.notify_now();
            }
            _ => {
                let mbx = base.add((16 * descs + 24) & !7);
                (mbx as *mut u64).write_volatile(u64::MAX);
            }
        }
    }
}

/// Reports an unrecoverable error to the host and stops. Ring 3 has no abort port (opening
/// it would open the debug port too, see kernel.c): the kernel forwards each word.
pub fn fatal(msg: &str) -> ! {
    let send = |bytes: &[u8]| {
        for chunk in bytes.chunks(3) {
            let mut word = [0u8; 4];
            word[0] = chunk.len() as u8;
            word[1..=chunk.len()].copy_from_slice(chunk);
            // SAFETY: int3 with INT3_ABORT sends edx to Hyperlight's abort port (102).
            unsafe {
                core::arch::asm!("int3", in("rax") INT3_ABORT, in("rdx") u64::from(u32::from_le_bytes(word)),
                    options(nostack));
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
