//! Native CLI over the guest's interpreter and session code (no VM): reads Python from a file
//! argument or stdin, runs it like the micro-VM would, prints stdout/stderr, exits with the
//! run's exit code. `--repeat N` runs it N times in one process (each run is fresh).

use std::io::{Read, Write};

use hyperlight_codeact_protocol::RunRequest;

pub fn main() {
    let mut args = std::env::args().skip(1);
    let mut repeat = 1;
    let mut file = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--repeat" => repeat = args.next().and_then(|n| n.parse().ok()).expect("--repeat N"),
            "--version" => {
                println!("{}", crate::version_string());
                return;
            }
            _ => file = Some(a),
        }
    }
    let code = match file {
        Some(f) => std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{f}: {e}")),
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).expect("reading stdin");
            s
        }
    };
    let heap_bytes: u64 = 64 << 20;
    let mut heap = vec![0u8; heap_bytes as usize];
    let req = RunRequest { code, max_output_bytes: 1 << 20, heap_bytes };
    let mut exit_code = 0;
    for _ in 0..repeat {
        // SAFETY: `heap` is ours and exactly heap_bytes long.
        let resp = unsafe { crate::session::run(&req, heap.as_mut_ptr()) };
        std::io::stdout().write_all(resp.stdout.as_bytes()).unwrap();
        std::io::stderr().write_all(resp.stderr.as_bytes()).unwrap();
        exit_code = resp.exit_code;
    }
    std::process::exit(exit_code);
}

/// Called by the C port on an unrecoverable interpreter error.
#[unsafe(no_mangle)]
pub extern "C" fn hlc_abort(msg: *const core::ffi::c_char) -> ! {
    // SAFETY: the C port passes a NUL-terminated string.
    let text = unsafe { std::ffi::CStr::from_ptr(msg) }.to_string_lossy();
    eprintln!("interpreter abort: {text}");
    std::process::abort();
}

/// The native CLI has no host to call: `call_tool` raises RuntimeError, file and network
/// access OSError.
///
/// # Safety
/// Never dereferences its arguments.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn hlc_host_call(
    _function: core::ffi::c_int,
    _req: *const u8,
    _len: usize,
    _reply: *mut *const u8,
    _reply_len: *mut usize,
) -> *const core::ffi::c_char {
    c"no host is available in the native CLI (tools, files and network need the micro-VM)".as_ptr()
}
