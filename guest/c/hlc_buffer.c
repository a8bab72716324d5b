// Lifetime safety of buffer exports, and per-run reset of C static state.
//
// MicroPython's memoryview points straight at the items of the bytearray/array it views and
// does not keep a count of such views. Upstream, resizing the viewed object (append, extend,
// +=, slice assignment that changes the length) reallocates the items and frees the old block
// while views still point at it: a use-after-free reachable from plain Python, and with a new
// object placed on the freed block, arbitrary read/write of guest memory. CPython refuses any
// resize while exports exist: "BufferError: Existing exports of data: object cannot be
// re-sized". This file does the same (guest/micropython/patches/0028-buffer-exports.patch):
//
// - memoryview(obj) marks obj (a bytearray or array.array, or the native part of an instance
//   of a subclass) as viewed (`hlc_export` bit 0, in mp_obj_array_t);
// - every resizing path calls hlc_array_resize_check first. For a viewed object it looks for a
//   live memoryview over the same items: MicroPython has no finalisers for views, so it
//   searches the heap (after a collection, so dead views do not count). Found: BufferError.
//   None: the mark is cleared and the resize goes ahead, as in CPython after `del view`;
// - C code that holds a raw pointer into an object while calling back into Python
//   (struct.pack_into converting values) pins it (bit 1): any resize meanwhile is refused;
// - a C buffer lent to a Python method: io.IOBase write gets a bytes copy, readinto a pinned
//   bytearray over the buffer, emptied when the method returns, so a kept reference cannot
//   reach the C buffer later.
#include <string.h>

#include "py/gc.h"
#include "py/mpstate.h"
#include "py/nlr.h"
#include "py/objarray.h"
#include "py/objexcept.h"
#include "py/runtime.h"

#include "hlc_buffer.h"

MP_DEFINE_EXCEPTION(BufferError, Exception)

#define EXPORT_VIEWED 1
#define EXPORT_PINNED 2

// The bytearray/array whose items `obj`'s buffer is, if any.
static mp_obj_array_t *array_of(mp_obj_t obj) {
    if (!mp_obj_is_obj(obj)) {
        return NULL;
    }
    const mp_obj_type_t *types[] = {&mp_type_bytearray, &mp_type_array};
    for (size_t i = 0; i < MP_ARRAY_SIZE(types); i++) {
        if (mp_obj_is_type(obj, types[i])) {
            return MP_OBJ_TO_PTR(obj);
        }
        mp_obj_t native = mp_obj_cast_to_native_base(obj, MP_OBJ_FROM_PTR(types[i]));
        if (native != MP_OBJ_NULL) {
            return MP_OBJ_TO_PTR(native);
        }
    }
    return NULL;
}

bool hlc_buffer_resizable(mp_obj_t obj) {
    return array_of(obj) != NULL;
}

void hlc_buffer_export(mp_obj_t obj) {
    mp_obj_array_t *a = array_of(obj);
    if (a != NULL) {
        a->hlc_export |= EXPORT_VIEWED;
    }
}

// True when an allocated block of the heap is a memoryview over `items`. The allocation
// table has 2 bits per block (gc.c: 0 free, 1 head, 2 tail, 3 marked).
static bool heap_has_view_of(const void *items) {
    mp_state_mem_area_t *area = &MP_STATE_MEM(area);
    size_t blocks = area->gc_alloc_table_byte_len * 4;
    for (size_t b = 0; b < blocks; b++) {
        byte atb = area->gc_alloc_table_start[b / 4];
        if (atb == 0) {
            b |= 3; // four free blocks
            continue;
        }
        if (((atb >> (2 * (b % 4))) & 3) != 1) {
            continue;
        }
        const mp_obj_array_t *o = (const mp_obj_array_t *)(area->gc_pool_start + b * MICROPY_BYTES_PER_GC_BLOCK);
        if (o->base.type == &mp_type_memoryview && o->items == items) {
            return true;
        }
    }
    return false;
}

// CPython's messages: bytearray's, then array.array's.
static MP_NORETURN void refuse(const mp_obj_array_t *a) {
    if (a->base.type == &mp_type_array) {
        mp_raise_msg(&mp_type_BufferError, MP_ERROR_TEXT("cannot resize an array that is exporting buffers"));
    }
    mp_raise_msg(&mp_type_BufferError, MP_ERROR_TEXT("Existing exports of data: object cannot be re-sized"));
}

void hlc_array_resize_check(mp_obj_array_t *a) {
    if (a->hlc_export == 0) {
        return;
    }
    if (a->hlc_export & EXPORT_PINNED) {
        refuse(a);
    }
    // A view of no items can read or write nothing, whatever happens to the object.
    if (a->items != NULL && heap_has_view_of(a->items)) {
        gc_collect();
        if (heap_has_view_of(a->items)) {
            refuse(a);
        }
    }
    a->hlc_export = 0;
}

void hlc_buffer_pack_into(mp_obj_t target, void (*pack)(void *), void *ctx) {
    mp_obj_array_t *a = array_of(target);
    if (a == NULL) {
        pack(ctx);
        return;
    }
    size_t was = a->hlc_export;
    a->hlc_export |= EXPORT_PINNED;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        pack(ctx);
        nlr_pop();
        a->hlc_export = was;
    } else {
        a->hlc_export = was;
        nlr_jump(nlr.ret_val);
    }
}

mp_obj_t hlc_buffer_lend(mp_obj_t *dest, void *buf, size_t size, bool writable) {
    if (!writable) {
        // write(): a copy, which the method may keep.
        dest[2] = mp_obj_new_bytes(buf, size);
        return mp_call_method_n_kw(1, 0, dest);
    }
    // readinto(): a bytearray over the C buffer, pinned (never resized) and emptied when the
    // method returns or raises.
    mp_obj_array_t *ar = MP_OBJ_TO_PTR(mp_obj_new_bytearray_by_ref(size, buf));
    ar->hlc_export = EXPORT_PINNED;
    dest[2] = MP_OBJ_FROM_PTR(ar);
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t ret = mp_call_method_n_kw(1, 0, dest);
        nlr_pop();
        ar->len = 0;
        ar->items = NULL;
        return ret;
    }
    ar->len = 0;
    ar->items = NULL;
    nlr_jump(nlr.ret_val);
}

// ---- C static state: nothing written by one run may be seen by the next ----
//
// Audit of the sources we compile (MicroPython's py/*.c, the extmod modules in build.rs and
// our c/*.c) for `static`/global variables written at run time and not reset by mp_init:
// - extmod/modrandom.c: the Yasmarang generator state (reset here; patched to expose it);
// - c/hlc_port.c heap_start/heap_bytes/stack_budget/run_source*: set for every run before use;
// - c/hlc_strindex.c cache: cleared here (and at every collection and gc_free);
// - c/hlc_tools.c encode_bytes_ok: set before every use;
// - py/compile.c mp_compile_allow_top_level_await, py/emitglue.c mp_verbose_flag,
//   py/mpstate.c mp_dynamic_compiler: never written by a run (mpy-cross/unix-port knobs);
// - mp_state_ctx (MP_STATE_VM/MEM/THREAD): re-initialised by gc_init/mp_init every run.
void hlc_random_reset(void); // extmod/modrandom.c (patched)
void hlc_strindex_reset(void); // c/hlc_strindex.c: its cache holds pointers into the heap

void hlc_reset_statics(void) {
    hlc_random_reset();
    hlc_strindex_reset();
}
