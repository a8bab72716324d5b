// A hash index over the interpreter's static qstr pools (issue 14).
//
// py/qstr.c's qstr_find_strn runs on every str the interpreter makes (mp_obj_new_str and
// friends return the interned qstr when one exists) and searched each pool in turn: a binary
// search with strncmp in the two sorted static pools (MicroPython's own qstrs and the frozen
// modules', ~5,000 entries) then a linear scan. That was a quarter of the instructions of a
// str-slicing loop. The static pools never change, so they are indexed once, on first use, in
// an open-addressing table of qstr ids keyed by the pools' stored hashes; the pools the
// running program adds (few: names its own code interns) are still scanned as before.
// The table is static memory, holds no GC roots, and is the same in every run.
//
// Most strings a program makes are longer than every qstr (the longest static one has ~30
// bytes): the longest static and runtime qstr lengths are kept, and a longer string is not
// hashed or searched for at all.
#include <string.h>

#include "py/qstr.h"

#include "hlc_compat.h"

#define HLC_QSTRINDEX_SLOTS 16384 // a power of two; at most 3/4 full or the index is not used

static uint16_t slots[HLC_QSTRINDEX_SLOTS]; // qstr id, 0 = empty (qstr 0 is MP_QSTRnull)
static int state; // 0: not built, 1: built, -1: the static pools do not fit
static size_t static_longest; // the longest qstr in the static pools (known once built)
static size_t runtime_longest; // the longest qstr added since qstr_init

static size_t slot_of(size_t hash, size_t len) {
    return (hash * 0x9e3779b1u + len) & (HLC_QSTRINDEX_SLOTS - 1);
}

static void build(const qstr_pool_t *static_pools) {
    for (const qstr_pool_t *pool = static_pools; pool != NULL; pool = pool->prev) {
        for (size_t at = 0; at < pool->len; at++) {
            if (pool->lengths[at] > static_longest) {
                static_longest = pool->lengths[at];
            }
        }
    }
    size_t total = static_pools->total_prev_len + static_pools->len;
    if (total > HLC_QSTRINDEX_SLOTS / 4 * 3 || total > UINT16_MAX) {
        state = -1;
        return;
    }
    for (const qstr_pool_t *pool = static_pools; pool != NULL; pool = pool->prev) {
        for (size_t at = 0; at < pool->len; at++) {
            size_t q = pool->total_prev_len + at;
            if (q == MP_QSTRnull) {
                continue;
            }
            size_t i = slot_of(pool->hashes[at], pool->lengths[at]);
            while (slots[i] != 0) {
                i = (i + 1) & (HLC_QSTRINDEX_SLOTS - 1);
            }
            slots[i] = (uint16_t)q;
        }
    }
    state = 1;
}

static const qstr_pool_t *pool_of(const qstr_pool_t *pools, size_t *q) {
    while (*q < pools->total_prev_len) {
        pools = pools->prev;
    }
    *q -= pools->total_prev_len;
    return pools;
}

// The qstr in static_pools (the last static pool and its predecessors) equal to str[0:len]
// whose qstr_compute_hash is hash, MP_QSTRnull if none; -1 if the index cannot be used (then
// the caller searches the pools itself).
mp_int_t hlc_qstrindex_find(const qstr_pool_t *static_pools, const char *str, size_t len, size_t hash) {
    if (state == 0) {
        build(static_pools);
    }
    if (state < 0) {
        return -1;
    }
    for (size_t i = slot_of(hash, len);; i = (i + 1) & (HLC_QSTRINDEX_SLOTS - 1)) {
        size_t q = slots[i];
        if (q == 0) {
            return MP_QSTRnull;
        }
        size_t at = q;
        const qstr_pool_t *pool = pool_of(static_pools, &at);
        if (pool->hashes[at] == hash && pool->lengths[at] == len && memcmp(pool->qstrs[at], str, len) == 0) {
            return (mp_int_t)q;
        }
    }
}

// The length of the longest qstr there is: in static_pools or added since qstr_init.
size_t hlc_qstr_longest(const qstr_pool_t *static_pools) {
    if (state == 0) {
        build(static_pools);
    }
    return static_longest > runtime_longest ? static_longest : runtime_longest;
}

// qstr_add made a qstr of len bytes.
void hlc_qstr_added(size_t len) {
    if (len > runtime_longest) {
        runtime_longest = len;
    }
}

// qstr_init: only the static pools are left.
void hlc_qstr_pools_reset(void) {
    runtime_longest = 0;
}
