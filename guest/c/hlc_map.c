// Insertion-ordered hash maps for MicroPython dicts, like CPython's (3.7+): iteration, repr,
// json.dumps and popitem() follow insertion order, lookups stay O(1).
//
// MicroPython's own hashed map stores entries at their hash position, so a dict iterates in
// hash order. Here a hashed (non-fixed, non-ordered) map's table is a dense array of entries
// in insertion order, followed in the same GC block by a small header and a hash index of
// 32-bit entry numbers:
//
//   mp_map_elem_t table[alloc] | size_t filled | uint32_t index[isize]   (isize: power of 2)
//
// Everything outside map.c that walks `table[0..alloc)` with mp_map_slot_is_filled() thus sees
// the entries in insertion order. A deleted entry keeps its place with key MP_OBJ_SENTINEL
// (what dict.popitem() also writes directly); index slots pointing at deleted entries act as
// tombstones. The table is rebuilt (compacted, or grown) when `filled` reaches `alloc`.
//
// Maps that are fixed (ROM tables) or ordered (OrderedDict, keyword arguments) keep
// MicroPython's linear-scan implementation, which already preserves order. 0007-ordered-dicts.patch
// renames upstream's mp_map_init and mp_map_lookup to *_upstream.
#include <string.h>

#include "py/runtime.h"

#include "hlc_compat.h"

void mp_map_init_upstream(mp_map_t *map, size_t n);
mp_map_elem_t *mp_map_lookup_upstream(mp_map_t *map, mp_obj_t index, mp_map_lookup_kind_t lookup_kind);

#define EMPTY (0u)

static size_t index_size(size_t alloc) {
    size_t isize = 8;
    while (isize < alloc + alloc / 2 + 1) {
        isize *= 2;
    }
    return isize;
}

static size_t *filled_of(const mp_map_t *map) {
    return (size_t *)(map->table + map->alloc);
}

static uint32_t *index_of(const mp_map_t *map) {
    return (uint32_t *)(filled_of(map) + 1);
}

static mp_map_elem_t *new_table(size_t alloc) {
    return m_malloc0(alloc * sizeof(mp_map_elem_t) + sizeof(size_t) + index_size(alloc) * sizeof(uint32_t));
}

static mp_uint_t hash_of(mp_obj_t key) {
    if (mp_obj_is_qstr(key)) {
        return qstr_hash(MP_OBJ_QSTR_VALUE(key));
    }
    return MP_OBJ_SMALL_INT_VALUE(mp_unary_op(MP_UNARY_OP_HASH, key));
}

static bool is_live(mp_obj_t key) {
    return key != MP_OBJ_NULL && key != MP_OBJ_SENTINEL;
}

void mp_map_init(mp_map_t *map, size_t n) {
    mp_map_init_upstream(map, 0);
    if (n > 0) {
        map->alloc = n;
        map->table = new_table(n);
    }
}

// Builds a table for at least `used + 1` entries holding the live entries in order.
static void rebuild(mp_map_t *map) {
    size_t old_alloc = map->alloc;
    mp_map_elem_t *old = map->table;
    size_t used = map->used;
    size_t alloc = used + used / 2 + 4;
    // Hash before touching the map: a key's __hash__ may raise (then the map is unchanged).
    mp_map_elem_t *table = new_table(alloc);
    size_t isize = index_size(alloc);
    uint32_t *index = (uint32_t *)((size_t *)(table + alloc) + 1);
    size_t n = 0;
    for (size_t i = 0; i < old_alloc && old != NULL; i++) {
        if (!is_live(old[i].key)) {
            continue;
        }
        table[n] = old[i];
        size_t pos = hash_of(old[i].key) & (isize - 1);
        while (index[pos] != EMPTY) {
            pos = (pos + 1) & (isize - 1);
        }
        index[pos] = (uint32_t)(n + 1);
        n++;
    }
    *(size_t *)(table + alloc) = n;
    map->table = table;
    map->alloc = alloc;
    if (old != NULL) {
        m_del(mp_map_elem_t, old, old_alloc);
    }
}

#if MICROPY_OPT_MAP_LOOKUP_CACHE
// The same position cache as upstream's (py/map.c): key object -> last known table position.
#define CACHE_ENTRY(key) (MP_STATE_VM(map_lookup_cache)[(((uintptr_t)(key)) >> 2) % MICROPY_OPT_MAP_LOOKUP_CACHE_SIZE])
#endif

mp_map_elem_t *mp_map_lookup(mp_map_t *map, mp_obj_t key, mp_map_lookup_kind_t kind) {
    if (map->is_fixed || map->is_ordered) {
        return mp_map_lookup_upstream(map, key, kind);
    }

    #if MICROPY_OPT_MAP_LOOKUP_CACHE
    if (kind != MP_MAP_LOOKUP_REMOVE_IF_FOUND && map->alloc) {
        mp_map_elem_t *slot = &map->table[CACHE_ENTRY(key) % map->alloc];
        if (slot->key == key) {
            return slot;
        }
    }
    #endif

    // As upstream: a map whose keys are all qstrs can compare by pointer.
    bool compare_only_ptrs = map->all_keys_are_qstrs;
    if (compare_only_ptrs) {
        if (mp_obj_is_qstr(key)) {
        } else if (mp_obj_is_exact_type(key, &mp_type_str)) {
            compare_only_ptrs = false;
        } else if (kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND) {
            if (mp_obj_is_obj(key)) {
                (void)hash_of(key); // {}[[]] is "unhashable type: 'list'", as CPython, not a miss
            }
            return NULL;
        }
    }

    if (map->alloc == 0) {
        if (kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND) {
            if (mp_obj_is_obj(key)) {
                (void)hash_of(key);
            }
            return NULL;
        }
        rebuild(map);
    }

    mp_uint_t hash = hash_of(key);
    for (;;) {
        size_t isize = index_size(map->alloc);
        uint32_t *index = index_of(map);
        size_t pos = hash & (isize - 1);
        size_t tomb = SIZE_MAX;
        for (;;) {
            uint32_t e = index[pos];
            if (e == EMPTY) {
                break;
            }
            mp_map_elem_t *elem = &map->table[e - 1];
            if (elem->key == MP_OBJ_SENTINEL) {
                if (tomb == SIZE_MAX) {
                    tomb = pos;
                }
            } else if (elem->key == key || (!compare_only_ptrs && mp_obj_equal(elem->key, key))) {
                if (kind == MP_MAP_LOOKUP_REMOVE_IF_FOUND) {
                    // The caller may still read elem->value (and clears it).
                    elem->key = MP_OBJ_SENTINEL;
                    map->used--;
                } else {
                    #if MICROPY_OPT_MAP_LOOKUP_CACHE
                    CACHE_ENTRY(key) = (e - 1) & 0xff;
                    #endif
                }
                return elem;
            }
            pos = (pos + 1) & (isize - 1);
        }
        if (kind != MP_MAP_LOOKUP_ADD_IF_NOT_FOUND) {
            return NULL;
        }
        size_t *filled = filled_of(map);
        if (*filled == map->alloc) {
            rebuild(map); // mp_obj_equal/hash above may have changed nothing; search again
            continue;
        }
        size_t n = (*filled)++;
        index[tomb != SIZE_MAX ? tomb : pos] = (uint32_t)(n + 1);
        mp_map_elem_t *elem = &map->table[n];
        elem->key = key;
        elem->value = MP_OBJ_NULL;
        map->used++;
        if (!mp_obj_is_qstr(key)) {
            map->all_keys_are_qstrs = 0;
        }
        return elem;
    }
}

size_t hlc_map_last_filled(const mp_map_t *map) {
    for (size_t i = map->alloc; i > 0; i--) {
        if (is_live(map->table[i - 1].key)) {
            return i - 1;
        }
    }
    return 0;
}

void hlc_map_copy_table(mp_map_t *dst, const mp_map_t *src) {
    // dst was made by mp_map_init(src->alloc): same layout, so the whole block copies.
    size_t bytes = src->alloc * sizeof(mp_map_elem_t);
    if (!src->is_ordered && src->alloc > 0) {
        bytes += sizeof(size_t) + index_size(src->alloc) * sizeof(uint32_t);
    }
    memcpy(dst->table, src->table, bytes);
}
