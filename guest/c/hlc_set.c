// Sets that iterate in CPython's order, and CPython's hash values for int, float and tuple.
//
// CPython prints `{3, 1, 2}` as `{1, 2, 3}` and `set(range(20))` in order because its set table
// is a power-of-two array indexed by `hash & mask`, and hash(n) == n for ints. Models (and
// their tests) read that order as meaningful, so here MicroPython's mp_set_t follows CPython's
// setobject.c (3.11) step for step: the same probe sequence (up to 9 linear probes, then
// perturbed jumps), deleted entries left as dummies (MP_OBJ_SENTINEL) and reused, a resize when
// fill*5 >= mask*3 to the smallest power of two above used*4, the same fast paths for copying
// and merging tables, and the same element order for each set operation (which operand is
// walked, which one is copied first). The iteration order of a set of ints, tuples of ints or
// floats then matches CPython's; str hashes differ (CPython randomises them per process).
//
// The table block is `mp_obj_t table[alloc] | size_t fill | size_t finger` (alloc is the
// power-of-two table size, 0 before the first insertion); `fill` counts live + dummy slots,
// `finger` is where set.pop() continues. Everything outside this file that walks
// table[0..alloc) with mp_set_slot_is_filled() sees CPython's order. 0013-sets-cpython-order.patch renames
// upstream's mp_set_* functions in py/map.c and routes py/objset.c's operations here.
#include <string.h>
#include <math.h>

#include "py/runtime.h"
#include "py/objtuple.h"
#include "py/mpz.h"
#include "py/objint.h"

#include "hlc_compat.h"

// ---------------------------------------------------------------------------------------------
// Hash values as CPython computes them (Python/pyhash.c, Objects/longobject.c, tupleobject.c).

#define HASH_BITS 61
#define HASH_MODULUS (((mp_uint_t)1 << HASH_BITS) - 1)
#define HASH_INF ((mp_int_t)314159)

static mp_int_t fix_minus_one(mp_int_t h) {
    return h == -1 ? -2 : h;
}

mp_int_t hlc_int_hash(mp_int_t v) {
    mp_uint_t a = v < 0 ? -(mp_uint_t)v : (mp_uint_t)v;
    if (a >= HASH_MODULUS) {
        a %= HASH_MODULUS;
    }
    return fix_minus_one(v < 0 ? -(mp_int_t)a : (mp_int_t)a);
}

mp_int_t hlc_mpz_hash(const mpz_t *z) {
    mp_uint_t r = 0;
    for (size_t i = z->len; i > 0; i--) {
        // r = (r * 2^DIG_SIZE + digit) mod (2^61 - 1)
        unsigned __int128 t = ((unsigned __int128)r << MPZ_DIG_SIZE) | z->dig[i - 1];
        r = (mp_uint_t)(t % HASH_MODULUS);
    }
    return fix_minus_one(z->neg ? -(mp_int_t)r : (mp_int_t)r);
}

mp_int_t mp_float_hash(mp_float_t v) {
    if (isinf(v)) {
        return v > 0 ? HASH_INF : -HASH_INF;
    }
    if (isnan(v)) {
        return 0; // CPython hashes NaN by identity; any value is as good
    }
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    mp_uint_t x = 0;
    while (m) {
        x = ((x << 28) & HASH_MODULUS) | x >> (HASH_BITS - 28);
        m *= 268435456.0; // 2**28
        e -= 28;
        mp_uint_t y = (mp_uint_t)m;
        m -= (double)y;
        x += y;
        if (x >= HASH_MODULUS) {
            x -= HASH_MODULUS;
        }
    }
    e = e >= 0 ? e % HASH_BITS : HASH_BITS - 1 - ((-1 - e) % HASH_BITS);
    x = ((x << e) & HASH_MODULUS) | x >> (HASH_BITS - e);
    return fix_minus_one((mp_int_t)(x * (mp_uint_t)sign));
}

#define XXPRIME_1 ((mp_uint_t)11400714785074694791ULL)
#define XXPRIME_2 ((mp_uint_t)14029467366897019727ULL)
#define XXPRIME_5 ((mp_uint_t)2870177450012600261ULL)

static bool is_tuple(mp_obj_t o) {
    const mp_obj_type_t *t = mp_obj_get_type(o);
    return MP_OBJ_TYPE_HAS_SLOT(t, unary_op) && MP_OBJ_TYPE_GET_SLOT(t, unary_op) == mp_obj_tuple_unary_op;
}

// The full 64-bit hash, as CPython's hash() returns it. Small ints' and floats' hashes fit a
// small int; tuples' (xxHash-based) need all 64 bits, so mp_obj_tuple_unary_op only returns
// a truncation of it.
mp_uint_t hlc_hash(mp_obj_t o) {
    if (mp_obj_is_small_int(o)) {
        return (mp_uint_t)hlc_int_hash(MP_OBJ_SMALL_INT_VALUE(o));
    }
    if (!mp_obj_is_obj(o) || !is_tuple(o)) {
        return (mp_uint_t)MP_OBJ_SMALL_INT_VALUE(mp_unary_op(MP_UNARY_OP_HASH, o));
    }
    size_t len;
    mp_obj_t *items;
    mp_obj_tuple_get(o, &len, &items);
    mp_uint_t acc = XXPRIME_5;
    for (size_t i = 0; i < len; i++) {
        acc += hlc_hash(items[i]) * XXPRIME_2;
        acc = (acc << 31) | (acc >> 33);
        acc *= XXPRIME_1;
    }
    acc += len ^ (XXPRIME_5 ^ 3527539UL);
    if (acc == (mp_uint_t)-1) {
        return 1546275796;
    }
    return acc;
}

mp_obj_t hlc_tuple_hash(mp_obj_t o) {
    return MP_OBJ_NEW_SMALL_INT((mp_int_t)hlc_hash(o));
}

mp_obj_t hlc_builtin_hash(mp_obj_t o) {
    if (mp_obj_is_obj(o) && is_tuple(o)) {
        return mp_obj_new_int_from_ll((long long)hlc_hash(o));
    }
    if ((mp_obj_is_str(o) || mp_obj_is_type(o, &mp_type_bytes)) && mp_obj_len(o) == MP_OBJ_NEW_SMALL_INT(0)) {
        return MP_OBJ_NEW_SMALL_INT(0); // CPython's hash('') and hash(b''); others are salted there
    }
    return mp_unary_op(MP_UNARY_OP_HASH, o);
}

// ---------------------------------------------------------------------------------------------
// The table (Objects/setobject.c).

#define MINSIZE 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

typedef struct _mp_obj_set_t {
    mp_obj_base_t base;
    mp_set_t set;
} mp_obj_set_t;

typedef struct {
    size_t fill;
    size_t finger;
} trailer_t;

static trailer_t *trailer(const mp_set_t *s) {
    return (trailer_t *)(s->table + s->alloc);
}

static size_t fill_of(const mp_set_t *s) {
    return s->alloc ? trailer(s)->fill : 0;
}

static bool is_live(mp_obj_t o) {
    return o != MP_OBJ_NULL && o != MP_OBJ_SENTINEL;
}

static mp_obj_t *new_table(size_t alloc) {
    return m_malloc0(alloc * sizeof(mp_obj_t) + sizeof(trailer_t));
}

static void free_table(mp_obj_t *table, size_t alloc) {
    if (table != NULL) {
        m_del(mp_obj_t, table, alloc);
    }
}

// An empty set has no table; the first insertion gives it CPython's minimum size.
static void ensure_table(mp_set_t *s) {
    if (s->alloc == 0) {
        s->alloc = MINSIZE;
        s->table = new_table(MINSIZE);
    }
}

void mp_set_init(mp_set_t *set, size_t n) {
    (void)n; // a new set always starts as CPython's: empty, minimum size
    set->alloc = 0;
    set->used = 0;
    set->table = NULL;
}

void mp_set_clear(mp_set_t *set) {
    free_table(set->table, set->alloc);
    mp_set_init(set, 0);
}

static bool same(mp_obj_t a, mp_obj_t b) {
    return a == b || mp_obj_equal(a, b);
}

// Puts a key known to be absent into a table without dummies (set_insert_clean).
static void insert_clean(mp_obj_t *table, size_t mask, mp_obj_t key, mp_uint_t hash) {
    size_t perturb = hash;
    size_t i = hash & mask;
    for (;;) {
        if (table[i] == MP_OBJ_NULL) {
            table[i] = key;
            return;
        }
        if (i + LINEAR_PROBES <= mask) {
            for (size_t j = 1; j <= LINEAR_PROBES; j++) {
                if (table[i + j] == MP_OBJ_NULL) {
                    table[i + j] = key;
                    return;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

// set_table_resize: a table of the smallest power of two above `minused`, live keys reinserted
// in table order.
static void resize(mp_set_t *s, size_t minused) {
    size_t newsize = MINSIZE;
    while (newsize <= minused) {
        newsize <<= 1;
    }
    size_t old_alloc = s->alloc;
    mp_obj_t *old = s->table;
    if (newsize == MINSIZE && old_alloc == MINSIZE && fill_of(s) == s->used) {
        return; // CPython keeps its small table as it is when there are no dummies
    }
    // Hash everything before touching the set, so that a failing __hash__ leaves it unchanged.
    mp_obj_t *table = new_table(newsize);
    for (size_t i = 0; i < old_alloc; i++) {
        if (is_live(old[i])) {
            insert_clean(table, newsize - 1, old[i], hlc_hash(old[i]));
        }
    }
    s->table = table;
    s->alloc = newsize;
    trailer(s)->fill = s->used;
    trailer(s)->finger = 0;
    free_table(old, old_alloc);
}

// The slot holding a key equal to `key`, or NULL (set_lookkey).
static mp_obj_t *lookkey(mp_set_t *s, mp_obj_t key, mp_uint_t hash) {
    if (s->alloc == 0) {
        return NULL;
    }
    size_t mask = s->alloc - 1;
    size_t perturb = hash;
    size_t i = hash & mask;
    for (;;) {
        size_t probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        mp_obj_t *entry = &s->table[i];
        for (size_t p = 0; p <= probes; p++, entry++) {
            if (*entry == MP_OBJ_NULL) {
                return NULL;
            }
            if (*entry != MP_OBJ_SENTINEL && same(*entry, key)) {
                return entry;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

// set_add_entry. Returns the element now in the set (the existing one if an equal key was there).
static mp_obj_t add_entry(mp_set_t *s, mp_obj_t key, mp_uint_t hash) {
    ensure_table(s);
    size_t mask = s->alloc - 1;
    size_t perturb = hash;
    size_t i = hash & mask;
    mp_obj_t *freeslot = NULL;
    for (;;) {
        size_t probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        mp_obj_t *entry = &s->table[i];
        for (size_t p = 0; p <= probes; p++, entry++) {
            if (*entry == MP_OBJ_NULL) {
                if (freeslot != NULL) {
                    *freeslot = key;
                    s->used++;
                    return key;
                }
                *entry = key;
                s->used++;
                if (++trailer(s)->fill * 5 >= mask * 3) {
                    resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
                }
                return key;
            }
            if (*entry == MP_OBJ_SENTINEL) {
                freeslot = entry; // CPython keeps the last dummy seen, not the first
            } else if (same(*entry, key)) {
                return *entry;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

// set_discard_entry. Returns the removed element, or MP_OBJ_NULL.
static mp_obj_t discard_entry(mp_set_t *s, mp_obj_t key, mp_uint_t hash) {
    mp_obj_t *entry = lookkey(s, key, hash);
    if (entry == NULL) {
        return MP_OBJ_NULL;
    }
    mp_obj_t old = *entry;
    *entry = MP_OBJ_SENTINEL;
    s->used--;
    return old;
}

mp_obj_t mp_set_lookup(mp_set_t *set, mp_obj_t index, mp_map_lookup_kind_t lookup_kind) {
    mp_uint_t hash = hlc_hash(index);
    switch (lookup_kind) {
        case MP_MAP_LOOKUP_ADD_IF_NOT_FOUND:
            return add_entry(set, index, hash);
        case MP_MAP_LOOKUP_REMOVE_IF_FOUND:
            return discard_entry(set, index, hash);
        case MP_MAP_LOOKUP_ADD_IF_NOT_FOUND_OR_REMOVE_IF_FOUND: {
            mp_obj_t old = discard_entry(set, index, hash);
            return old != MP_OBJ_NULL ? old : add_entry(set, index, hash);
        }
        default: {
            mp_obj_t *entry = lookkey(set, index, hash);
            return entry ? *entry : MP_OBJ_NULL;
        }
    }
}

// set.pop(): the first live slot from the finger on (set_pop).
mp_obj_t mp_set_remove_first(mp_set_t *set) {
    if (set->used == 0) {
        return MP_OBJ_NULL;
    }
    size_t mask = set->alloc - 1;
    size_t i = trailer(set)->finger & mask;
    while (!is_live(set->table[i])) {
        i = (i + 1) & mask;
    }
    mp_obj_t key = set->table[i];
    set->table[i] = MP_OBJ_SENTINEL;
    set->used--;
    trailer(set)->finger = i + 1;
    return key;
}

// set_merge: adds every element of `other` (a set) to `s`.
void hlc_set_merge(mp_set_t *s, const mp_set_t *other) {
    if (other == s || other->used == 0) {
        return;
    }
    ensure_table(s);
    if ((fill_of(s) + other->used) * 5 >= (s->alloc - 1) * 3) {
        resize(s, (s->used + other->used) * 2);
    }
    if (fill_of(s) == 0 && s->alloc == other->alloc && fill_of(other) == other->used) {
        // an empty table of the same size, and no dummies: copy the slots as they are
        memcpy(s->table, other->table, other->alloc * sizeof(mp_obj_t));
        trailer(s)->fill = other->used;
        s->used = other->used;
        return;
    }
    if (fill_of(s) == 0) {
        for (size_t i = 0; i < other->alloc; i++) {
            if (is_live(other->table[i])) {
                insert_clean(s->table, s->alloc - 1, other->table[i], hlc_hash(other->table[i]));
            }
        }
        trailer(s)->fill = other->used;
        s->used = other->used;
        return;
    }
    for (size_t i = 0; i < other->alloc; i++) {
        // `other` may be resized under us only if it is `s`, excluded above
        mp_obj_t key = other->table[i];
        if (is_live(key)) {
            add_entry(s, key, hlc_hash(key));
        }
    }
}

static bool is_set_or_frozenset(mp_obj_t o) {
    return mp_obj_is_type(o, &mp_type_set)
           #if MICROPY_PY_BUILTINS_FROZENSET
           || mp_obj_is_type(o, &mp_type_frozenset)
           #endif
    ;
}

static mp_set_t *set_of(mp_obj_t o) {
    return &((mp_obj_set_t *)MP_OBJ_TO_PTR(o))->set;
}

static mp_obj_t new_set_of_type(mp_obj_t like) {
    mp_obj_t o = mp_obj_new_set(0, NULL);
    ((mp_obj_set_t *)MP_OBJ_TO_PTR(o))->base.type = ((mp_obj_base_t *)MP_OBJ_TO_PTR(like))->type;
    return o;
}

// set_update_internal: s |= iterable.
void hlc_set_update(mp_set_t *s, mp_obj_t other) {
    if (is_set_or_frozenset(other)) {
        hlc_set_merge(s, set_of(other));
        return;
    }
    if (mp_obj_is_exact_type(other, &mp_type_dict)) {
        size_t n = mp_obj_dict_get_map(other)->used;
        ensure_table(s);
        if ((fill_of(s) + n) * 5 >= (s->alloc - 1) * 3) {
            resize(s, (s->used + n) * 2);
        }
    }
    mp_obj_t iter = mp_getiter(other, NULL);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        add_entry(s, item, hlc_hash(item));
    }
}

// A new set (of self's type) holding self's elements: set_copy (make_new_set + set_merge).
mp_obj_t hlc_set_copy(mp_obj_t self) {
    mp_obj_t out = new_set_of_type(self);
    hlc_set_merge(set_of(out), set_of(self));
    return out;
}

static bool contains(mp_obj_t container, mp_obj_t key, mp_uint_t hash) {
    if (is_set_or_frozenset(container)) {
        return lookkey(set_of(container), key, hash) != NULL;
    }
    return mp_map_lookup(mp_obj_dict_get_map(container), key, MP_MAP_LOOKUP) != NULL;
}

// set_intersection: walks the smaller set when both are sets.
static mp_obj_t intersection(mp_obj_t self, mp_obj_t other) {
    if (self == other) {
        return hlc_set_copy(self);
    }
    mp_obj_t out = new_set_of_type(self);
    mp_set_t *res = set_of(out);
    if (is_set_or_frozenset(other)) {
        mp_obj_t big = self, small = other;
        if (set_of(other)->used > set_of(self)->used) {
            big = other;
            small = self;
        }
        mp_set_t *sm = set_of(small);
        for (size_t i = 0; i < sm->alloc; i++) {
            mp_obj_t key = sm->table[i];
            if (is_live(key)) {
                mp_uint_t h = hlc_hash(key);
                if (lookkey(set_of(big), key, h) != NULL) {
                    add_entry(res, key, h);
                }
            }
        }
        return out;
    }
    mp_obj_t iter = mp_getiter(other, NULL);
    mp_obj_t key;
    while ((key = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        mp_uint_t h = hlc_hash(key);
        if (lookkey(set_of(self), key, h) != NULL) {
            add_entry(res, key, h);
        }
    }
    return out;
}

mp_obj_t hlc_set_intersect(mp_obj_t self, mp_obj_t other, bool update) {
    mp_obj_t out = intersection(self, other);
    if (!update) {
        return out;
    }
    if (out != self) {
        // set_swap_bodies: self takes the result's table
        mp_set_t *s = set_of(self), *r = set_of(out);
        mp_set_t tmp = *s;
        *s = *r;
        *r = tmp;
    }
    return mp_const_none;
}

// set_difference_update_internal
static void difference_update(mp_obj_t self, mp_obj_t other) {
    mp_set_t *s = set_of(self);
    if (self == other) {
        mp_set_clear(s);
        return;
    }
    if (is_set_or_frozenset(other)) {
        if ((set_of(other)->used >> 3) > s->used) {
            other = intersection(self, other);
        }
        mp_set_t *o = set_of(other);
        for (size_t i = 0; i < o->alloc; i++) {
            mp_obj_t key = o->table[i];
            if (is_live(key)) {
                discard_entry(s, key, hlc_hash(key));
            }
        }
    } else {
        mp_obj_t iter = mp_getiter(other, NULL);
        mp_obj_t key;
        while ((key = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
            discard_entry(s, key, hlc_hash(key));
        }
    }
    // more than a quarter dummies: resize them away
    if (s->alloc != 0 && fill_of(s) - s->used > (s->alloc - 1) / 4) {
        resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
    }
}

// set_difference
static mp_obj_t difference(mp_obj_t self, mp_obj_t other) {
    size_t other_size;
    if (is_set_or_frozenset(other)) {
        other_size = set_of(other)->used;
    } else if (mp_obj_is_exact_type(other, &mp_type_dict)) {
        other_size = mp_obj_dict_get_map(other)->used;
    } else {
        mp_obj_t out = hlc_set_copy(self);
        difference_update(out, other);
        return out;
    }
    if ((set_of(self)->used >> 2) > other_size) {
        mp_obj_t out = hlc_set_copy(self);
        difference_update(out, other);
        return out;
    }
    mp_obj_t out = new_set_of_type(self);
    mp_set_t *s = set_of(self);
    for (size_t i = 0; i < s->alloc; i++) {
        mp_obj_t key = s->table[i];
        if (is_live(key)) {
            mp_uint_t h = hlc_hash(key);
            if (!contains(other, key, h)) {
                add_entry(set_of(out), key, h);
            }
        }
    }
    return out;
}

mp_obj_t hlc_set_diff(size_t n_args, const mp_obj_t *args, bool update) {
    if (update) {
        for (size_t i = 1; i < n_args; i++) {
            difference_update(args[0], args[i]);
        }
        return args[0];
    }
    if (n_args == 1) {
        return hlc_set_copy(args[0]);
    }
    mp_obj_t out = difference(args[0], args[1]);
    for (size_t i = 2; i < n_args; i++) {
        difference_update(out, args[i]);
    }
    return out;
}

// set_symmetric_difference_update
mp_obj_t hlc_set_symmetric_difference_update(mp_obj_t self, mp_obj_t other) {
    mp_set_t *s = set_of(self);
    if (self == other) {
        mp_set_clear(s);
        return mp_const_none;
    }
    if (mp_obj_is_exact_type(other, &mp_type_dict)) {
        mp_obj_t iter = mp_getiter(other, NULL);
        mp_obj_t key;
        while ((key = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
            mp_uint_t h = hlc_hash(key);
            if (discard_entry(s, key, h) == MP_OBJ_NULL) {
                add_entry(s, key, h);
            }
        }
        return mp_const_none;
    }
    if (!is_set_or_frozenset(other)) {
        mp_obj_t tmp = new_set_of_type(self);
        hlc_set_update(set_of(tmp), other);
        other = tmp;
    }
    mp_set_t *o = set_of(other);
    for (size_t i = 0; i < o->alloc; i++) {
        mp_obj_t key = o->table[i];
        if (is_live(key)) {
            mp_uint_t h = hlc_hash(key);
            if (discard_entry(s, key, h) == MP_OBJ_NULL) {
                add_entry(s, key, h);
            }
        }
    }
    return mp_const_none;
}

// set_symmetric_difference: a new set from `other`, then self's elements toggled in.
mp_obj_t hlc_set_symmetric_difference(mp_obj_t self, mp_obj_t other) {
    mp_obj_t out = new_set_of_type(self);
    hlc_set_update(set_of(out), other);
    hlc_set_symmetric_difference_update(out, self);
    return out;
}

// {1, 2, 3}, a display of constants, as CPython 3.11 builds it: the compiler makes a frozenset
// of the items, rebuilds it from its own iteration order (merge_consts_recursive), and the
// code copies that into a new set (BUILD_SET 0; SET_UPDATE).
// Not followed: CPython's compiler reuses the frozenset of an earlier equal display in the same
// compilation (its constant cache), and it leaves big powers such as 2**70 unfolded (so such a
// display is built item by item); both change the order only when hashes collide.
mp_obj_t hlc_new_const_set(size_t n, const mp_obj_t *items) {
    mp_set_t first, second;
    mp_set_init(&first, 0);
    mp_set_init(&second, 0);
    for (size_t i = 0; i < n; i++) {
        add_entry(&first, items[i], hlc_hash(items[i]));
    }
    for (size_t i = 0; i < first.alloc; i++) {
        if (is_live(first.table[i])) {
            add_entry(&second, first.table[i], hlc_hash(first.table[i]));
        }
    }
    mp_obj_t out = mp_obj_new_set(0, NULL);
    hlc_set_merge(set_of(out), &second);
    mp_set_clear(&first);
    mp_set_clear(&second);
    return out;
}
