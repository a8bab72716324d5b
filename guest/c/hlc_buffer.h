// Buffer-export safety (hlc_buffer.c), called from the patched py/objarray.c, py/modio.c and
// py/modstruct.c (guest/micropython/patches/0028-buffer-exports.patch).
#ifndef HLC_BUFFER_H
#define HLC_BUFFER_H

#include <stdbool.h>
#include <stddef.h>

#include "py/obj.h"

struct _mp_obj_array_t;

extern const mp_obj_type_t mp_type_BufferError;

// True for a bytearray or array (or a subclass): an object whose buffer may move.
bool hlc_buffer_resizable(mp_obj_t obj);
// memoryview(obj) was made: resizing obj is refused while the view lives.
void hlc_buffer_export(mp_obj_t obj);
// Before any change of an array's length: raises BufferError while it is exported.
void hlc_array_resize_check(struct _mp_obj_array_t *a);
// Runs pack(ctx), which writes into target's buffer, with target pinned (no resize).
void hlc_buffer_pack_into(mp_obj_t target, void (*pack)(void *), void *ctx);
// Calls the method in dest[0..1] with buf as its argument (dest[2]): a bytes copy, or when
// writable a pinned bytearray over buf that is emptied when the method returns or raises.
mp_obj_t hlc_buffer_lend(mp_obj_t *dest, void *buf, size_t size, bool writable);
// Resets the C modules' static state for a new run.
void hlc_reset_statics(void);

#endif
