/* Shared constants of the guest's CPL0 kernel (kernel.c, entry.S) and the CPL3 runtime
 * (mirrored in src/runtime/layout.rs). Everything here describes the Hyperlight 0.18 guest
 * ABI or our own virtual-memory layout. */
#ifndef HLC_KERNEL_H
#define HLC_KERNEL_H

/* Hyperlight 0.18 (hyperlight_common::layout, amd64). */
#define SCRATCH_TOP_GVA 0xffffffffffffefffULL
#define SCRATCH_TOP_GPA 0x0000000fffffffffULL
#define SCRATCH_TOP_RESERVED_PAGES 12
/* Offsets below SCRATCH_TOP_GVA + 1 of the host-written scratch metadata words. */
#define META_SCRATCH_SIZE 0x08
#define META_ALLOCATOR 0x10
#define META_GENERATION 0x20
#define META_ARENA_GPA 0x38
#define META_G2H_QUEUE_SIZE 0x40
#define META_G2H_POOL_PAGES 0x48
#define META_H2G_QUEUE_SIZE 0x58
#define META_H2G_POOL_PAGES 0x60
#define META_COPY_LOW 0x68 /* ring 3 gets a read-only copy of the words at offsets 0x08..0x68 */
#define META_EXN_STACK 0x70 /* the exception stack grows down from here */

/* Our layout: demand-paged regions in the lower canonical half, far from the image
 * (loaded at 0x4000) and from every range Hyperlight reserves. */
#define RUST_HEAP_BASE 0x0000100000000000ULL /* contents survive snapshots: CoW copies */
#define RUST_HEAP_SIZE (256ULL << 20)
#define GC_HEAP_BASE 0x0000200000000000ULL /* MicroPython heap: re-initialised every run */
#define GC_HEAP_MAX (16ULL << 30)
#define USTACK_BASE 0x0000300000000000ULL /* CPL3 stack: dead above RSP between calls */
#define USTACK_SIZE (64ULL << 20)
#define USTACK_TOP (USTACK_BASE + USTACK_SIZE)
#define KDATA_VA 0x0000400000000000ULL /* GDT, TSS (+ I/O bitmap), IDT, image map: supervisor only */
#define UMETA_VA 0x0000400000001000ULL /* read-only copy of the scratch metadata words for ring 3 */

/* int3 is the only gate ring 3 can call (DPL3). rax selects the request; anything else (the
 * dispatch stub's int3 after a restore runs with rax = 0) flushes the TLB. */
#define INT3_ABORT 0x41424f5254000001ULL   /* send edx to the abort port (ring 3 has no ports but 108/109) */
#define INT3_PRESENT 0x50524553454e5402ULL /* rdi..rsi: rax = first mapped page, rdx = end of its run */

/* Selectors (GDT layout in kernel.c). */
#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x1b /* 0x18 | RPL 3 */
#define SEL_UCODE 0x23 /* 0x20 | RPL 3 */
#define SEL_TSS 0x28

/* Hyperlight ports (hyperlight_common::outb). */
#define PORT_ABORT 102
#define PORT_HALT 108
#define PORT_VIRTQ_NOTIFY 109

#endif
