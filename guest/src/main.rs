//! The hyperlight-codeact guest. Built for `x86_64-hyperlight-none` it is the micro-VM
//! binary: a CPL0 stub (`kernel/`, C and assembly) and a ring-3 runtime (`runtime/`) around
//! MicroPython. Built for the host it is a CLI that runs the same interpreter and session
//! code natively, so interpreter behaviour can be tested without a VM.
#![cfg_attr(target_os = "none", no_std, no_main)]

extern crate alloc;

mod codec;
mod python;
mod session;

#[cfg(target_os = "none")]
mod runtime;

/// The string the `Version` guest function returns; the host checks it at load.
pub fn version_string() -> alloc::string::String {
    alloc::format!("{}/protocol-{}", env!("CARGO_PKG_VERSION"), hyperlight_codeact_protocol::PROTOCOL_VERSION)
}

#[cfg(not(target_os = "none"))]
mod native;

#[cfg(not(target_os = "none"))]
fn main() {
    native::main();
}
