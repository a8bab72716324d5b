// str indexing and slicing without walking from the start (issue 14).
//
// MicroPython stores str as UTF-8 and py/objstrunicode.c's str_index_to_ptr finds character i
// by counting from the first byte, so `for i in range(len(s)): s[i]` is quadratic. The patched
// str_index_to_ptr (patches.rs, "str indexing") asks hlc_strindex_ptr first:
// - a small cache keyed by the string's data pointer and byte length remembers whether the
//   string is ASCII (then character i is byte i) and, for other strings, the character count
//   and the last (character index, byte offset) reached, from which the next access walks
//   (forwards or backwards, or from whichever end is nearer): sequential access is O(1)
//   amortized;
// - an entry is only ever made for a live string. A string's buffer can only be reused after
//   it is freed, which is by a collection (gc_collect clears the cache before and after, as a
//   finaliser may index a string the same sweep frees), an explicit gc_free (patched to clear
//   it) or the interpreter's reset between runs (hlc_reset_statics clears it), so a reused
//   buffer never meets a stale entry; and a pointer that is not at a character boundary is
//   never returned (the entry is dropped). The cache holds no GC roots.
// - s[i] near either end of a string without an entry walks as before (no entry is made).
// Anything unusual (bytes, a non-small-int index, an index out of range) returns NULL and
// the original code runs, with its errors.
#include <string.h>

#include "py/runtime.h"

#include "hlc_compat.h"

#define HLC_STRINDEX_WAYS 4
#define HLC_STRINDEX_MIN_LEN 16 // shorter strings: the walk is as cheap as the lookup
#define HLC_STRINDEX_NEAR 32    // s[i] / s[-i] this near an end of an uncached string: walk

typedef struct {
    const byte *data;
    size_t len;       // byte length
    size_t nchars;    // character count
    size_t ci, bo;    // last character index reached and its byte offset
    bool ascii;
} hlc_strindex_entry_t;

static hlc_strindex_entry_t cache[HLC_STRINDEX_WAYS];
static unsigned next_victim;
static bool any_live;

void hlc_strindex_reset(void);
void hlc_strindex_reset(void) {
    if (any_live) {
        memset(cache, 0, sizeof cache);
        any_live = false;
    }
}

static hlc_strindex_entry_t *find(const byte *data, size_t len) {
    for (int k = 0; k < HLC_STRINDEX_WAYS; k++) {
        if (cache[k].data == data && cache[k].len == len) {
            return &cache[k];
        }
    }
    return NULL;
}

static hlc_strindex_entry_t *lookup(const byte *data, size_t len) {
    hlc_strindex_entry_t *e = find(data, len);
    if (e) {
        return e;
    }
    e = &cache[next_victim];
    next_victim = (next_victim + 1) % HLC_STRINDEX_WAYS;
    size_t nchars = 0;
    bool ascii = true;
    for (size_t b = 0; b < len; b++) {
        if (data[b] >= 0x80) {
            ascii = false;
        }
        nchars += !UTF8_IS_CONT(data[b]);
    }
    e->data = data;
    e->len = len;
    e->nchars = nchars;
    e->ci = 0;
    e->bo = 0;
    e->ascii = ascii;
    any_live = true;
    return e;
}

const byte *hlc_strindex_ptr(const mp_obj_type_t *type, const byte *data, size_t len, mp_obj_t index, bool is_slice) {
    if (type != &mp_type_str || len < HLC_STRINDEX_MIN_LEN || !mp_obj_is_small_int(index)) {
        return NULL;
    }
    mp_int_t i = MP_OBJ_SMALL_INT_VALUE(index);
    hlc_strindex_entry_t *e = find(data, len);
    if (!e) {
        // s[0], s[-1], line[:3] of a string not indexed before: the walk from the near end is
        // cheaper than counting the whole string.
        if (i > -HLC_STRINDEX_NEAR && i < HLC_STRINDEX_NEAR) {
            return NULL;
        }
        e = lookup(data, len);
    }
    mp_int_t n = (mp_int_t)e->nchars;
    if (i < 0) {
        i += n;
        if (i < 0) {
            return is_slice ? data : NULL;
        }
    }
    if (i >= n) {
        return is_slice ? data + len : NULL;
    }
    if (e->ascii) {
        if (data[i] >= 0x80) { // not the string the entry was made for: never trust it
            e->data = NULL;
            return NULL;
        }
        return data + i;
    }
    // Walk from the nearest known point: the start, the last access, or the end.
    size_t target = (size_t)i, ci, bo;
    size_t d_last = target > e->ci ? target - e->ci : e->ci - target;
    if (target <= d_last) {
        ci = 0;
        bo = 0;
    } else if (e->nchars - target < d_last) {
        ci = e->nchars;
        bo = len;
    } else {
        ci = e->ci;
        bo = e->bo;
    }
    while (ci < target) {
        bo++;
        while (bo < len && UTF8_IS_CONT(data[bo])) {
            bo++;
        }
        ci++;
    }
    while (ci > target) {
        bo--;
        while (bo > 0 && UTF8_IS_CONT(data[bo])) {
            bo--;
        }
        ci--;
    }
    if (bo < len && UTF8_IS_CONT(data[bo])) { // not the string the entry was made for
        e->data = NULL;
        return NULL;
    }
    e->ci = ci;
    e->bo = bo;
    return data + bo;
}

// len(str): the character count, from the same cache (py/objstrunicode.c counts every call).
size_t hlc_strindex_len(const byte *data, size_t len) {
    if (len < HLC_STRINDEX_MIN_LEN) {
        return utf8_charlen(data, len);
    }
    return lookup(data, len)->nchars;
}
