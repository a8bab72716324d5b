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
 * every writable page turned copy-on-write (AVL bit 9); this file restores both lazily. */
#include <stdint.h>

#include "kernel.h"

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

enum region { R_OTHER, R_IMAGE, R_KEEP, R_SCRAP, R_SCRATCH };

static enum region classify(uint64_t va) {
    if (va >= (uint64_t)__ehdr_start && va < (uint64_t)_end) return R_IMAGE;
    if (va >= RUST_HEAP_BASE && va < RUST_HEAP_BASE + RUST_HEAP_SIZE) return R_KEEP;
    /* The interpreter heap is re-initialised by every run and the stack is dead above RSP
     * between calls, so after a restore their old contents need not be copied. */
    if (va >= GC_HEAP_BASE && va < GC_HEAP_BASE + GC_HEAP_MAX) return R_SCRAP;
    if (va >= USTACK_BASE && va < USTACK_TOP) return R_SCRAP;
    if (va >= SCRATCH_TOP_GVA + 1 - *meta(META_SCRATCH_SIZE)) return R_SCRATCH;
    return R_OTHER;
}

/* Grants U on every page of the image. The host drops U bits on every snapshot/restore;
 * doing the whole image in one pass (walking each leaf table once) is far cheaper under
 * emulation than one fault per page. */
static void grant_image(struct frame *f) {
    uint64_t start = (uint64_t)__ehdr_start & ~(PAGE - 1);
    uint64_t end = ((uint64_t)_end + PAGE - 1) & ~(PAGE - 1);
    uint64_t va = start;
    while (va < end) {
        volatile uint64_t *pte = walk(va, 0, f);
        if (!pte) fatal("image page not mapped", f, va);
        /* stay within this leaf table (2 MiB) */
        uint64_t stop = (va | ((1ULL << 21) - 1)) + 1;
        if (stop > end) stop = end;
        for (; va < stop; va += PAGE, pte++) *pte |= PTE_U;
    }
    flush_tlb();
}

/* Demand paging maps an aligned group of pages per fault: under emulation the trap costs far
 * more than the extra PTE writes, and neighbouring pages are usually touched next. */
#define GROUP_PAGES 16

static int is_cow(uint64_t v) { return (v & PTE_P) && !(v & PTE_RW) && (v & PTE_AVL_MASK) == PTE_AVL_COW; }

static void page_fault(struct frame *f) {
    uint64_t cr2 = read_cr2();
    uint64_t va = cr2 & ~(PAGE - 1);
    enum region r = classify(va);
    int demand = r == R_KEEP || r == R_SCRAP;
    volatile uint64_t *pte = walk(va, demand, f);
    uint64_t v = pte ? *pte : 0;

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
    if ((f->error & PF_PRESENT) && (f->error & PF_USER) && !(v & PTE_U) && r == R_IMAGE) {
        grant_image(f); /* first ring-3 touch of the image since a restore */
        v = *pte;
    }
    if ((f->error & PF_WRITE) && !(v & PTE_RW)) {
        if (!is_cow(v)) fatal("write to read-only memory", f, cr2);
        uint64_t gpa = alloc_pages(f, va, 1);
        copy_page((uint64_t)p2v(gpa), va);
        v = (v & ~(PTE_ADDR | PTE_AVL_MASK)) | gpa | PTE_RW | PTE_D;
    }
    if (r == R_OTHER) fatal("access to memory outside the sandbox's regions", f, cr2);
    *pte = v | PTE_U | PTE_A;
    invlpg(va);
}

/* Called by entry.S for every exception, on the IST1 stack. */
void hlc_kernel_trap(struct frame *f) {
    switch (f->vector) {
    case 14:
        page_fault(f);
        return;
    case 3:
        /* `int3` from the dispatch stub after a restore: drop stale translations. */
        flush_tlb();
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

/* Builds GDT, TSS and IDT in one fresh page at KDATA_VA, loads them and grants ring 3 the
 * image. Returns to entry.S, which enters ring 3. */
void hlc_kernel_init(void) {
    volatile uint64_t *pte = walk(KDATA_VA, 1, 0);
    *pte = alloc_pages(0, KDATA_VA, 1) | PTE_P | PTE_RW | PTE_A | PTE_D | PTE_NX;
    invlpg(KDATA_VA);

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
    allow_out32(bitmap, PORT_ABORT);
    allow_out32(bitmap, PORT_DEBUG_PRINT);
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
