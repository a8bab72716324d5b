/* Entry points of the guest: the Hyperlight init entry (CPL0), the switch to ring 3, the
 * per-call dispatch stub (CPL3) and the exception stubs (CPL0, IST1 stack). */
#include "kernel.h"

/* Kernel text (with kernel.c's, section hlc_ktext): supervisor-only. The section starts
 * page-aligned (this fragment's alignment) and the padding at the end of this file's part
 * ends it on a page boundary; the linker places this object after kernel.o, and
 * build_image_map checks both boundaries at init. */
    .section hlc_ktext, "ax", @progbits
    .balign 4096

/* Hyperlight enters here once, at CPL0 with IF=0: rdi = PEB, rsi = seed, rdx = page size,
 * rcx = max log level, rsp = top of the scratch exception stack - 8. */
    .globl entrypoint
    .type entrypoint, @function
entrypoint:
    mov %rdi, %r12 /* PEB, kept for ring 3 (callee-saved) */
    and $-16, %rsp
    call hlc_kernel_init
    /* Enter ring 3 with IF=0 and IOPL=0: ports come from the TSS I/O bitmap. */
    pushq $SEL_UDATA
    movabs $USTACK_TOP, %rax
    pushq %rax
    pushq $0x2
    pushq $SEL_UCODE
    leaq hlc_user_entry(%rip), %rax
    pushq %rax
    mov %r12, %rdi
    iretq

/* Ring-3 code from here to the exception stubs. */
    .text

/* CPL3: runtime init, then report the dispatch address (rax) and the stack every call starts
 * on (rsp, 16-byte aligned) to the host by halting. Whatever CPL is live at this exit is the
 * CPL of every later call, so calls start in ring 3 without any CPL0 work. */
    .globl hlc_user_entry
    .type hlc_user_entry, @function
hlc_user_entry:
    xor %ebp, %ebp
    call hlc_runtime_init
    leaq hlc_dispatch(%rip), %rax
    mov $PORT_HALT, %dx
    out %eax, %dx
    ud2

/* Every guest call starts here at CPL3 with rsp = USTACK_TOP. ZF=1 means the host restored
 * a snapshot since the last call: ask CPL0 to drop stale translations first (rax = 0 on
 * entry selects that int3 request), and tell the runtime (edi = 1) its queues were reset. */
    .globl hlc_dispatch
    .type hlc_dispatch, @function
hlc_dispatch:
    mov $0, %edi
    jnz 1f
    xor %eax, %eax
    int3
    mov $1, %edi
1:
    xor %ebp, %ebp
    call hlc_runtime_dispatch
    mov $PORT_HALT, %dx
    out %eax, %dx
    ud2

/* Exception stubs (CPL0): push a dummy error code where the CPU pushes none, then the vector. */
    .section hlc_ktext, "ax", @progbits
.macro ISR n
isr\n:
    .if (\n == 8 || (\n >= 10 && \n <= 14) || \n == 17 || \n == 21 || \n == 29 || \n == 30)
    .else
    pushq $0
    .endif
    pushq $\n
    jmp isr_common
.endm

    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    ISR \n
    .endr

/* Saves the general registers as `struct frame` (kernel.c) and calls hlc_kernel_trap. The C
 * side touches no vector registers (-mgeneral-regs-only), so none are saved. */
isr_common:
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    cld
    mov %rsp, %rdi
    call hlc_kernel_trap
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp
    iretq
    .balign 4096, 0xcc /* the kernel text ends on a page boundary */

    .section .data.rel.ro, "aw"
    .balign 8
    .globl hlc_isr_table
    .hidden hlc_isr_table
hlc_isr_table:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad isr\n
    .endr
