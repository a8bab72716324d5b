//! The Rust heap: a buddy allocator over a demand-paged region (pages appear on first touch).

use buddy_system_allocator::LockedHeap;

use super::layout::{RUST_HEAP_BASE, RUST_HEAP_SIZE};

#[global_allocator]
static HEAP: LockedHeap<40> = LockedHeap::empty();

pub fn init() {
    // SAFETY: the region is reserved for this heap by the kernel's layout and unused elsewhere.
    unsafe { HEAP.lock().init(RUST_HEAP_BASE, RUST_HEAP_SIZE) };
}
