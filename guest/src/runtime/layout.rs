//! The guest's memory layout as seen from ring 3 (mirrors `src/kernel/kernel.h`), and the
//! host-written scratch metadata words.

use hyperlight_common::layout::{SCRATCH_TOP_GPA, SCRATCH_TOP_GVA};

/// Demand-paged Rust heap; its contents survive snapshots.
pub const RUST_HEAP_BASE: usize = 0x0000_1000_0000_0000;
pub const RUST_HEAP_SIZE: usize = 256 << 20;
/// Demand-paged MicroPython heap, re-initialised by every run.
pub const GC_HEAP_BASE: usize = 0x0000_2000_0000_0000;
pub const GC_HEAP_MAX: usize = 16 << 30;
/// The ring-3 stack (USTACK_TOP in kernel.h).
pub const USTACK_BASE: usize = 0x0000_3000_0000_0000;
pub const USTACK_SIZE: usize = 64 << 20;
/// The kernel's read-only copy of the scratch metadata words (UMETA_VA in kernel.h): ring 3
/// has no access to the metadata page itself, which also holds the kernel's exception stack.
const UMETA_VA: u64 = 0x0000_4000_0000_1000;

/// Scratch metadata words, addressed downward from the top of the scratch window.
#[derive(Clone, Copy)]
#[repr(u64)]
pub enum Meta {
    ScratchSize = 0x08,
    Generation = 0x20,
    TransportArenaGpa = 0x38,
    G2hQueueSize = 0x40,
    G2hPoolPages = 0x48,
    G2hBufferSize = 0x50,
    H2gQueueSize = 0x58,
    H2gPoolPages = 0x60,
    H2gBufferSize = 0x68,
}

// The offsets are Hyperlight's; fail the build if the pinned version moves them.
const _: () = {
    use hyperlight_common::layout as l;
    assert!(Meta::ScratchSize as u64 == l::SCRATCH_TOP_SIZE_OFFSET);
    assert!(Meta::Generation as u64 == l::SCRATCH_TOP_SNAPSHOT_GENERATION_OFFSET);
    assert!(Meta::TransportArenaGpa as u64 == l::SCRATCH_TOP_TRANSPORT_ARENA_GPA_OFFSET);
    assert!(Meta::G2hQueueSize as u64 == l::SCRATCH_TOP_G2H_QUEUE_SIZE_OFFSET);
    assert!(Meta::G2hPoolPages as u64 == l::SCRATCH_TOP_G2H_POOL_PAGES_OFFSET);
    assert!(Meta::G2hBufferSize as u64 == l::SCRATCH_TOP_G2H_BUFFER_SIZE_OFFSET);
    assert!(Meta::H2gQueueSize as u64 == l::SCRATCH_TOP_H2G_QUEUE_SIZE_OFFSET);
    assert!(Meta::H2gPoolPages as u64 == l::SCRATCH_TOP_H2G_POOL_PAGES_OFFSET);
    assert!(Meta::H2gBufferSize as u64 == l::SCRATCH_TOP_H2G_BUFFER_SIZE_OFFSET);
    assert!(SCRATCH_TOP_GVA == 0xffff_ffff_ffff_efff && SCRATCH_TOP_GPA == 0xf_ffff_ffff);
};

/// Reads a scratch metadata word, as the host wrote it before init (the copy is not
/// refreshed after a restore: these words do not change for a snapshot's VMs, and the
/// generation is not used; the dispatch stub reports restores).
pub fn meta(word: Meta) -> u64 {
    meta_word(word as u64)
}

/// Any word of the copy (offsets 0x08..=0x68 below the scratch top).
pub fn meta_word(offset: u64) -> u64 {
    assert!((8..=0x68).contains(&offset) && offset.is_multiple_of(8));
    let addr = (UMETA_VA + 4096 - offset) as *const u64;
    // SAFETY: the kernel maps this page read-only for ring 3 at init, for the guest's lifetime.
    unsafe { addr.read_volatile() }
}

/// Scratch GPAs are mapped at a fixed offset in the scratch window.
pub fn scratch_gpa_to_gva(gpa: u64) -> u64 {
    gpa.wrapping_add((SCRATCH_TOP_GVA - SCRATCH_TOP_GPA) as u64)
}
