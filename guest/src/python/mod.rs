//! The interpreter binding: FFI to the MicroPython port in `c/hlc_port.c`, plus the float
//! formatting the port calls back into.

pub mod floatfmt;

pub mod ffi {
    use core::ffi::{c_char, c_int, c_void};

    unsafe extern "C" {
        /// Sets the heap and C-stack budget for the following runs.
        pub fn hlc_init(heap: *mut c_void, heap_size: usize, stack_limit: usize);
        /// Runs code in a fresh interpreter; returns the exit code.
        pub fn hlc_run(code: *const c_char, len: usize) -> c_int;
    }
}
