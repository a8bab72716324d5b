//! Compiles the guest's CPL0 kernel (`src/kernel/`): C with general registers only, because
//! ring 0 is emulated on PVM-backed KVM and the emulator has no SSE. Used by build.rs for the
//! bare-metal target only.

use std::path::Path;
use std::process::Command;

/// Flags shared by every object linked into the bare-metal guest.
pub const BARE_METAL_CFLAGS: &[&str] = &[
    "--target=x86_64-unknown-none-elf",
    "-O2",
    "-ffreestanding",
    "-fPIE",
    "-fno-stack-protector",
    "-fno-asynchronous-unwind-tables",
];

/// Compiles kernel.c and entry.S into `out/libhlc_kernel.a` and links it whole.
pub fn build(clang: &str, ar: &str, src: &Path, out: &Path) {
    let kernel = src.join("src/kernel");
    let objs = [("kernel.c", "kernel.o"), ("entry.S", "entry.o")];
    for (file, obj) in objs {
        let status = Command::new(clang)
            .args(BARE_METAL_CFLAGS)
            // No vector registers, no red zone (exceptions nest on one stack), baseline ISA.
            .args(["-mgeneral-regs-only", "-mno-red-zone", "-march=x86-64", "-fno-builtin", "-Wall", "-Werror"])
            // No build path in the objects (reproducible guest; see build.rs).
            .arg(format!("-ffile-prefix-map={}=/hyperlight-codeact", src.parent().unwrap_or(src).display()))
            .arg(format!("-ffile-prefix-map={}=/out", out.display()))
            .arg("-I")
            .arg(&kernel)
            .arg("-c")
            .arg(kernel.join(file))
            .arg("-o")
            .arg(out.join(obj))
            .status()
            .unwrap_or_else(|e| panic!("running {clang}: {e}"));
        assert!(status.success(), "compiling {file} failed");
    }
    let lib = out.join("libhlc_kernel.a");
    let _ = std::fs::remove_file(&lib);
    let status = Command::new(ar)
        .arg("crsD")
        .arg(&lib)
        .args(objs.iter().map(|(_, o)| out.join(o)))
        .status()
        .unwrap_or_else(|e| panic!("running {ar}: {e}"));
    assert!(status.success(), "archiving the kernel failed");
    println!("cargo:rustc-link-search=native={}", out.display());
    // Whole-archive: nothing in Rust references the entry point or the trap stubs.
    println!("cargo:rustc-link-lib=static:+whole-archive=hlc_kernel");
    println!("cargo:rerun-if-changed={}", kernel.display());
}
