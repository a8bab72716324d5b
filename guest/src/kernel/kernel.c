/* The guest's CPL0 kernel: descriptor tables, user mappings and fault handling.
 *
 * On PVM-backed KVM every CPL0 instruction is emulated (~2 us each) and SSE does not exist
 * there, so this file is built with -mgeneral-regs-only and does as little as it can: it
 * builds the GDT/TSS/IDT, grants ring 3 access to the image, enters ring 3 (entry.S), and
 * afterwards only services page faults (demand paging, copy-on-write, U-bit grants that
 * Hyperlight drops on every snapshot/restore) and reports any other fault to the host.
 * Everything else, including the interpreter, runs natively at CPL3.
 *
 * Page tables live in Hyperlight's scratch region and are edited through the scratch window
 * (supervisor, RW). The host rebuilds them on snapshot/restore without the U bit and with
 * every writable page turned copy-on-write (AVL bit 9); this file restores both lazily.
 *
 * What ring 3 may touch (everything else ends the run as a guest crash):
 * - the image: text read+execute, never writable (no copy-on-write for it); read-only data
 *   and RELRO read-only; .data/.bss read+write (copy-on-write), never executable. The
 *   kernel's own text (section hlc_ktext) is supervisor-only. Image pages are classified from
 *   the ELF program headers once, at init, into a table kept in the supervisor-only KDATA page.
 * - the demand-paged Rust heap, interpreter heap and user stack (read+write, never executable);
 * - of the scratch window, only the transport arena (rings, mailbox, buffer pools): not the
 *   page tables, the metadata page, the exception stack or the free pages;
 * - a read-only copy of the scratch metadata words (UMETA_VA), made at init.
 * Ring 3 has no I/O ports but Halt (108) and VirtqNotify (109): aborts go through int3. */
#include <stdint.h>

#include "kernel.h"

/* All of this file's code is kernel text, mapped supervisor-only (see build_image_map). Its
 * read-only data stays in the image's read-only segments: ring 3 may read it, not write it.
 * The kernel has no writable image data; its state lives in the KDATA page. */
#pragma clang section text = "hlc_ktext"

#define PAGE 4096ULL
#define PTE_P (1ULL << 0)
#define PTE_RW (1ULL << 1)
#define PTE_U (1ULL << 2)
#define PTE_A (1ULL << 5)
#define PTE_D (1ULL << 6)
#define PTE_AVL_MASK 0xe00ULL
#define PTE_AVL_COW (1ULL << 9)
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL

#define PF_PRESENT (1ULL << 0)
#define PF_WRITE (1ULL << 1)
#define PF_USER (1ULL << 2)
#define PF_RESERVED (1ULL << 3)
#define PF_FETCH (1ULL << 4)

#define ERROR_CODE_GUEST_ERROR 15 /* hyperlight_common ErrorCode::GuestError */

/* Register frame pushed by entry.S (lowest address first). */
struct frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

#define HIDDEN __attribute__((visibility("hidden")))
extern HIDDEN char __ehdr_start[]; /* first byte of the loaded image */
extern HIDDEN char _end[];         /* end of .bss */
extern HIDDEN const uint64_t hlc_isr_table[32];
extern HIDDEN char __start_hlc_ktext[]; /* the kernel's code: page-aligned by entry.S */
extern HIDDEN char __stop_hlc_ktext[];

static volatile uint64_t *meta(uint64_t off) { return (volatile uint64_t *)(SCRATCH_TOP_GVA + 1 - off); }

/* Page-table pages and freshly allocated pages are scratch GPAs, mapped at a fixed offset. */
static uint64_t *p2v(uint64_t gpa) { return (uint64_t *)(gpa + (SCRATCH_TOP_GVA - SCRATCH_TOP_GPA)); }

static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port)); }
static inline uint64_t read_cr2(void) {
    uint64_t v;
    __asm__ volatile("mov %%cr2, %0" : "=r"(v));
    return v;
}
static inline uint64_t read_cr3(void) {
    uint64_t v;
    __asm__ volatile("mov %%cr3, %0" : "=r"(v));
    return v;
}
static inline void flush_tlb(void) { __asm__ volatile("mov %%cr3, %%rax; mov %%rax, %%cr3" ::: "rax", "memory"); }
static inline void invlpg(uint64_t va) { __asm__ volatile("invlpg (%0)" ::"r"(va) : "memory"); }

/* ---- fatal errors: Hyperlight's abort protocol, up to 3 bytes per `out` ---- */

/* Lives on the exception stack: image pages may be read-only (copy-on-write) here. */
struct abort_writer {
    uint32_t buf;
    int len;
};

static void abort_byte(struct abort_writer *w, uint8_t b) {
    w->buf |= (uint32_t)b << (8 * (w->len + 1));
    if (++w->len == 3) {
        outl(PORT_ABORT, w->buf | 3);
        w->buf = 0;
        w->len = 0;
    }
}
static void abort_str(struct abort_writer *w, const char *s) {
    while (*s) abort_byte(w, (uint8_t)*s++);
}
static void abort_hex(struct abort_writer *w, uint64_t v) {
    abort_str(w, "0x");
    int started = 0;
    for (int shift = 60; shift >= 0; shift -= 4) {
        unsigned d = (v >> shift) & 0xf;
        if (d || started || shift == 0) {
            abort_byte(w, (uint8_t)(d < 10 ? '0' + d : 'a' + d - 10));
            started = 1;
        }
    }
}
static __attribute__((noreturn)) void abort_finish(struct abort_writer *w) {
    if (w->len) outl(PORT_ABORT, w->buf | (uint32_t)w->len);
    outl(PORT_ABORT, 1 | (0xffu << 8)); /* terminator: the host stops the vCPU here */
    for (;;) __asm__ volatile("hlt");
}

static const char *const vector_names[32] = {
    "#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound range",
    "#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor overrun",
    "#TS invalid TSS", "#NP segment not present", "#SS stack fault", "#GP general protection",
    "#PF page fault", "reserved", "#MF x87 floating point", "#AC alignment check", "#MC machine check",
    "#XM SIMD floating point", "#VE virtualization", "#CP control protection",
};

static __attribute__((noreturn)) void fatal(const char *what, struct frame *f, uint64_t cr2) {
    struct abort_writer w = {0, 0};
    outl(PORT_ABORT, 1 | (ERROR_CODE_GUEST_ERROR << 8));
    abort_str(&w, "guest CPU fault: ");
    abort_str(&w, what);
    if (f) {
        const char *name = f->vector < 32 ? vector_names[f->vector] : 0;
        abort_str(&w, " [");
        abort_str(&w, name ? name : "exception");
        abort_str(&w, "] rip=");
        abort_hex(&w, f->rip);
        abort_str(&w, " error=");
        abort_hex(&w, f->error);
        abort_str(&w, " cpl=");
        abort_hex(&w, f->cs & 3);
    }
    if (cr2) {
        abort_str(&w, " address=");
        abort_hex(&w, cr2);
    }
    abort_finish(&w);
}

/* ---- physical pages and page tables ---- */

static uint64_t alloc_pages(struct frame *f, uint64_t va, uint64_t n) {
    volatile uint64_t *next = meta(META_ALLOCATOR);
    uint64_t gpa = __atomic_fetch_add(next, n * PAGE, __ATOMIC_RELAXED);
    if (gpa + n * PAGE > SCRATCH_TOP_GPA + 1 - SCRATCH_TOP_RESERVED_PAGES * PAGE)
        fatal("guest memory exhausted (scratch region full; raise memory_mb)", f, va);
    return gpa; /* scratch is zero until first use: the host zeroes it on create and restore */
}

/* Returns the leaf PTE for va, granting U on every level walked. Missing intermediate tables
 * are created when `create` is set, else NULL is returned. */
static volatile uint64_t *walk(uint64_t va, int create, struct frame *f) {
    uint64_t table = read_cr3() & PTE_ADDR;
    for (int shift = 39; shift > 12; shift -= 9) {
        volatile uint64_t *e = p2v(table) + ((va >> shift) & 511);
        uint64_t v = *e;
        if (!(v & PTE_P)) {
            if (!create) return 0;
            v = alloc_pages(f, va, 1) | PTE_P | PTE_RW | PTE_U | PTE_A;
            *e = v;
        } else if (!(v & PTE_U)) {
            v |= PTE_U;
            *e = v;
        }
        table = v & PTE_ADDR;
    }
    return p2v(table) + ((va >> 12) & 511);
}

static void copy_page(uint64_t dst, uint64_t src) {
    uint64_t n = PAGE / 8;
    __asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(n)::"memory");
}

enum region { R_OTHER, R_IMAGE, R_KEEP, R_SCRAP, R_SCRATCH, R_UMETA };

static enum region classify(uint64_t va) {
    if (va >= (uint64_t)__ehdr_start && va < (uint64_t)_end) return R_IMAGE;
    if (va >= RUST_HEAP_BASE && va < RUST_HEAP_BASE + RUST_HEAP_SIZE) return R_KEEP;
    /* The interpreter heap is re-initialised by every run and the stack is dead above RSP
     * between calls, so after a restore their old contents need not be copied. */
    if (va >= GC_HEAP_BASE && va < GC_HEAP_BASE + GC_HEAP_MAX) return R_SCRAP;
    if (va >= USTACK_BASE && va < USTACK_TOP) return R_SCRAP;
    if (va == UMETA_VA) return R_UMETA;
    if (va >= SCRATCH_TOP_GVA + 1 - *meta(META_SCRATCH_SIZE)) return R_SCRATCH;
    return R_OTHER;
}

/* The transport arena (hyperlight_common::layout::TransportArena): both rings and the
 * mailbox, padded to a page, then both buffer pools. The ring size of a queue of N
 * descriptors is 16 N + 8 (virtq::Layout::query_size); the runtime checks at init that this
 * formula still matches the pinned Hyperlight. The words are host-written and ring 3 cannot
 * reach the metadata page, so they are trusted here. */
static void arena_bounds(uint64_t *lo, uint64_t *hi) {
    uint64_t descs = *meta(META_G2H_QUEUE_SIZE) + *meta(META_H2G_QUEUE_SIZE);
    uint64_t rings = (16 * descs + 32 + PAGE - 1) & ~(PAGE - 1);
    uint64_t pools = (*meta(META_G2H_POOL_PAGES) + *meta(META_H2G_POOL_PAGES)) * PAGE;
    *lo = (uint64_t)p2v(*meta(META_ARENA_GPA));
    *hi = *lo + rings + pools;
}

/* How each part of the image is mapped for ring 3, from the ELF program headers at init:
 * ranges applied in order (later ones override), `pte = (pte & ~clear) | set`. */
struct image_range {
    uint64_t start, end, set, clear;
};
struct image_map {
    uint64_t n;
    struct image_range r[14];
};
#define IMAGE_MAP_OFF 0xc00 /* in the KDATA page, after the IDT */
static struct image_map *image_map(void) { return (struct image_map *)(KDATA_VA + IMAGE_MAP_OFF); }

#define MAP_TEXT_SET PTE_U
#define MAP_TEXT_CLEAR (PTE_NX | PTE_AVL_MASK | PTE_RW)   /* a write to it is fatal: no CoW tag */
#define MAP_RODATA_SET (PTE_U | PTE_NX)
#define MAP_RODATA_CLEAR (PTE_AVL_MASK | PTE_RW)
#define MAP_DATA_SET (PTE_U | PTE_NX)                      /* stays copy-on-write */
#define MAP_DATA_CLEAR 0
#define MAP_KERNEL_SET 0
#define MAP_KERNEL_CLEAR (PTE_U | PTE_AVL_MASK | PTE_RW)

static void apply_range(struct frame *f, uint64_t va, uint64_t end, uint64_t set, uint64_t clear) {
    while (va < end) {
        volatile uint64_t *pte = walk(va, 0, f);
        if (!pte) fatal("image page not mapped", f, va);
        /* stay within this leaf table (2 MiB) */
        uint64_t stop = (va | ((1ULL << 21) - 1)) + 1;
        if (stop > end) stop = end;
        for (; va < stop; va += PAGE, pte++) *pte = (*pte & ~clear) | set;
    }
}

/* Grants ring 3 its access to the whole image. The host drops U bits on every
 * snapshot/restore; doing the whole image in one pass (walking each leaf table once) is far
 * cheaper under emulation than one fault per page. */
static void grant_image(struct frame *f) {
    struct image_map *m = image_map();
    for (uint64_t i = 0; i < m->n; i++) apply_range(f, m->r[i].start, m->r[i].end, m->r[i].set, m->r[i].clear);
    flush_tlb();
}

#define PT_LOAD 1
#define PT_GNU_RELRO 0x6474e552
#define PF_X 1
#define PF_W 2

static void add_range(uint64_t start, uint64_t end, uint64_t set, uint64_t clear) {
    struct image_map *m = image_map();
    if (m->n == sizeof m->r / sizeof m->r[0]) fatal("too many image segments", 0, 0);
    m->r[m->n++] = (struct image_range){start & ~(PAGE - 1), (end + PAGE - 1) & ~(PAGE - 1), set, clear};
}

/* Reads the program headers of the loaded image (the first PT_LOAD maps the ELF header). */
static void build_image_map(void) {
    uint64_t base = (uint64_t)__ehdr_start;
    uint64_t phoff = *(volatile uint64_t *)(base + 0x20);
    uint16_t phentsize = *(volatile uint16_t *)(base + 0x36);
    uint16_t phnum = *(volatile uint16_t *)(base + 0x38);
    uint64_t relro_start = 0, relro_end = 0;
    for (uint16_t i = 0; i < phnum; i++) {
        uint64_t ph = base + phoff + (uint64_t)i * phentsize;
        if (*(volatile uint32_t *)ph != PT_GNU_RELRO) continue;
        relro_start = base + *(volatile uint64_t *)(ph + 16);
        relro_end = relro_start + *(volatile uint64_t *)(ph + 40);
    }
    image_map()->n = 0;
    int relro_done = 0;
    for (uint16_t i = 0; i < phnum; i++) {
        uint64_t ph = base + phoff + (uint64_t)i * phentsize;
        uint32_t type = *(volatile uint32_t *)ph, flags = *(volatile uint32_t *)(ph + 4);
        uint64_t start = base + *(volatile uint64_t *)(ph + 16), end = start + *(volatile uint64_t *)(ph + 40);
        if (type != PT_LOAD) continue;
        if (flags & PF_X) {
            add_range(start, end, MAP_TEXT_SET, MAP_TEXT_CLEAR);
        } else if (!(flags & PF_W)) {
            add_range(start, end, MAP_RODATA_SET, MAP_RODATA_CLEAR);
        } else if (start >= relro_start && end <= relro_end) {
            /* RELRO is written only by the host's loader, before the guest starts. */
            add_range(start, end, MAP_RODATA_SET, MAP_RODATA_CLEAR);
            relro_done = start == relro_start && end == relro_end;
        } else {
            add_range(start, end, MAP_DATA_SET, MAP_DATA_CLEAR);
        }
    }
    if (relro_end > relro_start && !relro_done) add_range(relro_start, relro_end, MAP_RODATA_SET, MAP_RODATA_CLEAR);
    uint64_t ks = (uint64_t)__start_hlc_ktext, ke = (uint64_t)__stop_hlc_ktext;
    if ((ks | ke) & (PAGE - 1)) fatal("kernel text is not page-aligned (see entry.S)", 0, ks);
    add_range(ks, ke, MAP_KERNEL_SET, MAP_KERNEL_CLEAR);
}

/* Demand paging maps an aligned group of pages per fault: under emulation the trap costs far
 * more than the extra PTE writes, and neighbouring pages are usually touched next. */
#define GROUP_PAGES 16

static int is_cow(uint64_t v) { return (v & PTE_P) && !(v & PTE_RW) && (v & PTE_AVL_MASK) == PTE_AVL_COW; }

static void cow_copy(struct frame *f, uint64_t va, uint64_t *v, uint64_t cr2) {
    if (!is_cow(*v)) fatal("write to read-only memory", f, cr2);
    uint64_t gpa = alloc_pages(f, va, 1);
    copy_page((uint64_t)p2v(gpa), va);
    *v = (*v & ~(PTE_ADDR | PTE_AVL_MASK)) | gpa | PTE_RW | PTE_D;
}

static void page_fault(struct frame *f) {
    uint64_t cr2 = read_cr2();
    uint64_t va = cr2 & ~(PAGE - 1);
    enum region r = classify(va);
    int user = (f->error & PF_USER) != 0, write = (f->error & PF_WRITE) != 0;
    int demand = r == R_KEEP || r == R_SCRAP;
    /* Only ring 3 faults are expected here: the kernel touches nothing that is not mapped for
     * it (and it never writes the image, whose pages may be read-only). */
    if (!user) fatal("kernel page fault", f, cr2);
    volatile uint64_t *pte = walk(va, demand, f);
    uint64_t v = pte ? *pte : 0;
    /* Nothing below grants execution or fixes a reserved bit: retrying would fault forever. */
    if (f->error & PF_RESERVED) fatal("corrupt page table entry", f, cr2);
    if ((f->error & PF_FETCH) && (v & PTE_P) && (v & PTE_NX)) fatal("execution of non-executable memory", f, cr2);

    if (!(v & PTE_P) || (r == R_SCRAP && is_cow(v))) {
        if (!demand) fatal("access to unmapped memory", f, cr2);
        /* Fresh zero pages for the whole group: missing pages, and in the scrap regions also
         * copy-on-write pages whose old contents are dead (see classify). The group never
         * crosses a leaf table: 16 pages divide the 512 a table maps. */
        uint64_t first_va = va & ~(GROUP_PAGES * PAGE - 1);
        volatile uint64_t *first = pte - ((va - first_va) / PAGE);
        uint64_t gpa = alloc_pages(f, va, GROUP_PAGES);
        for (int i = 0; i < GROUP_PAGES; i++) {
            uint64_t old = first[i];
            if (old & PTE_P && !(r == R_SCRAP && is_cow(old))) continue;
            first[i] = (gpa + i * PAGE) | PTE_P | PTE_RW | PTE_U | PTE_A | PTE_D | PTE_NX;
            if (old & PTE_P) invlpg(first_va + i * PAGE);
        }
        invlpg(va);
        return;
    }
    if (r == R_OTHER) fatal("access to memory outside the sandbox's regions", f, cr2);
    switch (r) {
    case R_IMAGE:
        if (!(v & PTE_U)) {
            grant_image(f); /* first ring-3 touch of the image since a restore */
            v = *pte;
            if (!(v & PTE_U)) fatal("ring-3 access to supervisor-only memory", f, cr2);
        }
        if (write && !(v & PTE_RW)) cow_copy(f, va, &v, cr2);
        *pte = v | PTE_A;
        invlpg(va);
        return;
    case R_SCRATCH: {
        /* Of the scratch window ring 3 gets only the transport arena (the window is mapped RW
         * by the host; its pages are never copy-on-write). One page per fault: a run touches
         * few, scattered arena pages, and under emulation every extra PTE costs more than the
         * trap it might save. */
        uint64_t lo, hi;
        arena_bounds(&lo, &hi);
        if (va < lo || va >= hi) fatal("ring-3 access to protected memory", f, cr2);
        *pte = v | PTE_U | PTE_A;
        invlpg(va);
        return;
    }
    case R_UMETA:
        if (write) fatal("write to read-only memory", f, cr2);
        *pte = v | PTE_U | PTE_A;
        invlpg(va);
        return;
    default: /* R_KEEP, R_SCRAP: present; grant U, copy on write */
        if (write && !(v & PTE_RW)) cow_copy(f, va, &v, cr2);
        *pte = v | PTE_U | PTE_A;
        invlpg(va);
        return;
    }
}

/* First mapped page at or after `va` (below `end`), and the end of the run of mapped pages
 * starting there: what ring 3 may read without demand-mapping anything (ScanForTests). */
static uint64_t present_run(uint64_t va, uint64_t end, uint64_t *run_end) {
    uint64_t start = end;
    va &= ~(PAGE - 1);
    while (va < end) {
        uint64_t table = read_cr3() & PTE_ADDR;
        uint64_t skip = 0;
        for (int shift = 39; shift > 12; shift -= 9) {
            uint64_t e = p2v(table)[(va >> shift) & 511];
            if (!(e & PTE_P)) {
                skip = 1ULL << shift;
                break;
            }
            table = e & PTE_ADDR;
        }
        if (skip) {
            if (start != end) break; /* the run ends here */
            va = (va & ~(skip - 1)) + skip;
            continue;
        }
        uint64_t *leaf = p2v(table);
        uint64_t stop = (va | ((1ULL << 21) - 1)) + 1;
        for (; va < stop && va < end; va += PAGE) {
            int present = (leaf[(va >> 12) & 511] & PTE_P) != 0;
            if (start == end) {
                if (present) start = va;
            } else if (!present) {
                *run_end = va;
                return start;
            }
        }
    }
    *run_end = va < end ? va : end;
    return start;
}

/* Called by entry.S for every exception, on the IST1 stack. */
void hlc_kernel_trap(struct frame *f) {
    switch (f->vector) {
    case 14:
        page_fault(f);
        return;
    case 3:
        if (f->rax == INT3_ABORT) {
            /* Ring 3 has no abort port (its 32-bit `out` would open the debug port 103 too). */
            outl(PORT_ABORT, (uint32_t)f->rdx);
        } else if (f->rax == INT3_PRESENT) {
            uint64_t run_end;
            f->rax = present_run(f->rdi, f->rsi, &run_end);
            f->rdx = run_end;
        } else {
            /* `int3` from the dispatch stub after a restore: drop stale translations. */
            flush_tlb();
        }
        return;
    default:
        fatal("unhandled exception", f, f->vector == 14 ? read_cr2() : 0);
    }
}

/* ---- one-time setup (CPL0, before entering ring 3) ---- */

struct __attribute__((packed)) dtr {
    uint16_t limit;
    uint64_t base;
};

#define TSS_OFF 0x100
#define TSS_IOMAP 0x68                           /* I/O bitmap offset inside the TSS */
#define IOMAP_BYTES 16                           /* ports 0..127 */
#define TSS_LIMIT (TSS_IOMAP + IOMAP_BYTES)      /* bitmap + its 0xff terminator byte */
#define IDT_OFF 0x800

/* A 32-bit `out` to port p checks the bits of ports p..p+3, so each port opens four. */
static void allow_out32(volatile uint8_t *bitmap, unsigned port) {
    for (unsigned p = port; p < port + 4; p++) bitmap[p / 8] &= (uint8_t)~(1u << (p % 8));
}

/* Builds GDT, TSS, IDT and the image map in one fresh page at KDATA_VA and the metadata copy
 * at UMETA_VA, loads the tables and grants ring 3 the image. Returns to entry.S, which enters
 * ring 3. */
void hlc_kernel_init(void) {
    volatile uint64_t *pte = walk(KDATA_VA, 1, 0);
    *pte = alloc_pages(0, KDATA_VA, 1) | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_NX;
    invlpg(KDATA_VA);

    /* Ring 3 reads the metadata it needs (scratch size, transport arena and queue sizes) at
     * init only, from this read-only copy; the page itself holds the exception stack. */
    uint64_t umeta = alloc_pages(0, UMETA_VA, 1);
    for (uint64_t off = 8; off <= META_COPY_LOW; off += 8)
        *(volatile uint64_t *)((uint64_t)p2v(umeta) + PAGE - off) = *meta(off);
    pte = walk(UMETA_VA, 1, 0);
    *pte = umeta | PTE_P | PTE_U | PTE_A | PTE_NX;
    invlpg(UMETA_VA);
    build_image_map();

    volatile uint64_t *gdt = (volatile uint64_t *)KDATA_VA;
    volatile uint8_t *tss = (volatile uint8_t *)(KDATA_VA + TSS_OFF);
    uint64_t tss_base = KDATA_VA + TSS_OFF;
    /* Accessed bits are preset: after a snapshot this page is read-only to the CPU. */
    gdt[0] = 0;
    gdt[1] = 0x00af9b000000ffffULL; /* kernel code, 64-bit */
    gdt[2] = 0x00cf93000000ffffULL; /* kernel data */
    gdt[3] = 0x00cff3000000ffffULL; /* user data, DPL3 */
    gdt[4] = 0x00affb000000ffffULL; /* user code, 64-bit, DPL3 */
    gdt[5] = (TSS_LIMIT & 0xffffULL) | ((tss_base & 0xffffffULL) << 16) | (0x89ULL << 40) |
             (((tss_base >> 24) & 0xffULL) << 56);
    gdt[6] = tss_base >> 32;

    uint64_t exn_stack = SCRATCH_TOP_GVA + 1 - META_EXN_STACK;
    *(volatile uint64_t *)(tss + 0x04) = exn_stack; /* RSP0 */
    *(volatile uint64_t *)(tss + 0x24) = exn_stack; /* IST1 */
    *(volatile uint16_t *)(tss + 0x66) = TSS_IOMAP;
    /* Hyperlight resets RFLAGS.IOPL to 0 on every call, so ring 3 gets its ports here. */
    volatile uint8_t *bitmap = tss + TSS_IOMAP;
    for (int i = 0; i < IOMAP_BYTES; i++) bitmap[i] = 0xff;
    tss[TSS_LIMIT] = 0xff;
    /* Halt and VirtqNotify only: a 32-bit `out` checks four ports, so opening the abort port
     * (102) would open DebugPrint (103), which the host copies raw to its stderr; ring-3
     * aborts go through int3 instead. Ports 110 and 111 (opened with 108) are unused. */
    allow_out32(bitmap, PORT_HALT);
    allow_out32(bitmap, PORT_VIRTQ_NOTIFY);

    volatile uint64_t *idt = (volatile uint64_t *)(KDATA_VA + IDT_OFF);
    for (int v = 0; v < 32; v++) {
        uint64_t h = hlc_isr_table[v];
        uint64_t attr = v == 3 ? 0xee : 0x8e; /* int3 is callable from ring 3 */
        idt[2 * v] = (h & 0xffff) | ((uint64_t)SEL_KCODE << 16) | (1ULL << 32) /* IST1 */ | (attr << 40) |
                     (((h >> 16) & 0xffff) << 48);
        idt[2 * v + 1] = h >> 32;
    }

    struct dtr gdtr = {7 * 8 - 1, KDATA_VA};
    struct dtr idtr = {32 * 16 - 1, KDATA_VA + IDT_OFF};
    __asm__ volatile(
        "lgdt %0\n"
        "pushq %2\n"
        "leaq 1f(%%rip), %%rax\n"
        "pushq %%rax\n"
        "lretq\n"
        "1:\n"
        "movw %w3, %%ax\n"
        "movw %%ax, %%ss\n"
        "xorl %%eax, %%eax\n"
        "movw %%ax, %%ds\n"
        "movw %%ax, %%es\n"
        "movw %%ax, %%fs\n"
        "movw %%ax, %%gs\n"
        "ltr %w4\n"
        "lidt %1\n" ::"m"(gdtr),
        "m"(idtr), "i"(SEL_KCODE), "r"(SEL_KDATA), "r"(SEL_TSS)
        : "rax", "memory");

    grant_image(0);
}
