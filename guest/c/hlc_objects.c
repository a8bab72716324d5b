// CPython behaviours of core objects the patched MicroPython sources reach into (guest/patches.rs,
// CPYTHON_OBJ): int/float number attributes, unhashable containers, dict(...) wording,
// int(x, base=...), type.__mro__, a live instance __dict__, and the "Did you mean" suggestion
// of NameError/AttributeError tracebacks.
#include <math.h>
#include <string.h>

#include "py/runtime.h"
#include "py/objint.h"
#include "py/objtuple.h"
#include "py/objtype.h"
#include "py/builtin.h"
#include "py/objarray.h"

#include "hlc_compat.h"

// ---- int.real/imag/numerator/denominator/conjugate(), float.real/imag/conjugate()/
// is_integer()/as_integer_ratio() ----

static mp_obj_t number_self(mp_obj_t self) {
    // bool's attributes are ints, as CPython's (True.real == 1, type int)
    if (self == mp_const_true || self == mp_const_false) {
        return MP_OBJ_NEW_SMALL_INT(self == mp_const_true);
    }
    return self;
}
static MP_DEFINE_CONST_FUN_OBJ_1(hlc_number_conjugate_obj, number_self);

static mp_obj_t int_as_integer_ratio(mp_obj_t self) {
    mp_obj_t t[2] = {number_self(self), MP_OBJ_NEW_SMALL_INT(1)};
    return mp_obj_new_tuple(2, t);
}
static MP_DEFINE_CONST_FUN_OBJ_1(hlc_int_as_integer_ratio_obj, int_as_integer_ratio);

void hlc_int_attr(mp_obj_t self, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return; // no stores
    }
    if (attr == MP_QSTR_real || attr == MP_QSTR_numerator) {
        dest[0] = number_self(self);
    } else if (attr == MP_QSTR_imag) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(0);
    } else if (attr == MP_QSTR_denominator) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(1);
    } else if (attr == MP_QSTR_conjugate) {
        dest[0] = MP_OBJ_FROM_PTR(&hlc_number_conjugate_obj);
        dest[1] = self;
    } else if (attr == MP_QSTR_as_integer_ratio) {
        dest[0] = MP_OBJ_FROM_PTR(&hlc_int_as_integer_ratio_obj);
        dest[1] = self;
    } else if (self == mp_const_true || self == mp_const_false) {
        mp_load_method_maybe(number_self(self), attr, dest); // int's methods (True.bit_length())
    } else {
        dest[1] = MP_OBJ_SENTINEL; // go on with the locals dict (bit_length, to_bytes, ...)
    }
}

static mp_obj_t float_is_integer(mp_obj_t self) {
    mp_float_t f = mp_obj_get_float(self);
    return mp_obj_new_bool(isfinite(f) && f == floor(f));
}
static MP_DEFINE_CONST_FUN_OBJ_1(hlc_float_is_integer_obj, float_is_integer);

static mp_obj_t float_as_integer_ratio(mp_obj_t self) {
    mp_float_t f = mp_obj_get_float(self);
    if (isinf(f)) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("cannot convert Infinity to integer ratio"));
    }
    if (isnan(f)) {
        mp_raise_ValueError(MP_ERROR_TEXT("cannot convert NaN to integer ratio"));
    }
    int e;
    mp_float_t m = frexp(f, &e);
    for (int i = 0; i < 300 && m != floor(m); i++) {
        m *= 2;
        e--;
    }
    mp_obj_t num = mp_obj_new_int_from_float(m);
    mp_obj_t den = MP_OBJ_NEW_SMALL_INT(1);
    if (e > 0) {
        num = mp_binary_op(MP_BINARY_OP_LSHIFT, num, MP_OBJ_NEW_SMALL_INT(e));
    } else {
        den = mp_binary_op(MP_BINARY_OP_LSHIFT, den, MP_OBJ_NEW_SMALL_INT(-e));
    }
    mp_obj_t t[2] = {num, den};
    return mp_obj_new_tuple(2, t);
}
static MP_DEFINE_CONST_FUN_OBJ_1(hlc_float_as_integer_ratio_obj, float_as_integer_ratio);

void hlc_float_attr(mp_obj_t self, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    if (attr == MP_QSTR_real) {
        dest[0] = self;
    } else if (attr == MP_QSTR_imag) {
        dest[0] = mp_obj_new_float(0.0);
    } else if (attr == MP_QSTR_conjugate || attr == MP_QSTR_is_integer || attr == MP_QSTR_as_integer_ratio) {
        dest[0] = attr == MP_QSTR_conjugate ? MP_OBJ_FROM_PTR(&hlc_number_conjugate_obj)
            : attr == MP_QSTR_is_integer ? MP_OBJ_FROM_PTR(&hlc_float_is_integer_obj)
            : MP_OBJ_FROM_PTR(&hlc_float_as_integer_ratio_obj);
        dest[1] = self;
    }
}

// ---- hashing ----

// hash() of an object whose type's unary_op does not hash it: mutable containers are
// unhashable, as CPython's; anything else hashes by identity (range, memoryview, ...).
mp_obj_t hlc_hash_fallback(mp_obj_t obj) {
    if (mp_obj_is_type(obj, &mp_type_list) || mp_obj_is_type(obj, &mp_type_dict) || mp_obj_is_type(obj, &mp_type_set)
        || mp_obj_is_type(obj, &mp_type_bytearray) || mp_obj_is_type(obj, &mp_type_ordereddict)
        || mp_obj_is_type(obj, &mp_type_array)) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("unhashable type: '%s'"), mp_obj_get_type_str(obj));
    }
    return MP_OBJ_NEW_SMALL_INT((mp_uint_t)obj);
}

// ---- dict(seq) / d.update(seq): each element must be a pair ----

void hlc_dict_update_check(mp_obj_t item, size_t index) {
    mp_obj_t len = mp_obj_len_maybe(item);
    if (len == MP_OBJ_NULL) {
        return; // an iterator: upstream's check counts its items
    }
    mp_int_t n = MP_OBJ_SMALL_INT_VALUE(len);
    if (n != 2) {
        mp_raise_msg_varg(&mp_type_ValueError,
            MP_ERROR_TEXT("dictionary update sequence element #%u has length %d; 2 is required"), (unsigned)index, (int)n);
    }
}

// ---- int(x, base=...) ----

const mp_obj_t *hlc_int_base_kw(size_t n_args, size_t n_kw, const mp_obj_t *args, mp_obj_t *out) {
    if (n_kw != 1 || !mp_obj_is_str(args[n_args]) || mp_obj_str_get_qstr(args[n_args]) != MP_QSTR_base) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("'%s' is an invalid keyword argument for int()"),
            mp_obj_str_get_str(args[n_args]));
    }
    if (n_args != 1) {
        mp_raise_TypeError(n_args == 0 ? MP_ERROR_TEXT("int() missing string argument")
            : MP_ERROR_TEXT("argument for int() given by name ('base') and position (2)"));
    }
    out[0] = args[0];
    out[1] = args[2];
    return out;
}

// ---- type.__mro__: C3 linearization, as CPython ----

static mp_obj_t bases_of(const mp_obj_type_t *t) {
    if (t == &mp_type_object) {
        return mp_const_empty_tuple;
    }
    mp_obj_t parent = MP_OBJ_TYPE_HAS_SLOT(t, parent) ? MP_OBJ_FROM_PTR(MP_OBJ_TYPE_GET_SLOT(t, parent)) : MP_OBJ_FROM_PTR(&mp_type_object);
    if (mp_obj_is_type(parent, &mp_type_tuple)) {
        return parent;
    }
    return mp_obj_new_tuple(1, &parent);
}

mp_obj_t hlc_type_mro(mp_obj_t cls) {
    const mp_obj_type_t *t = MP_OBJ_TO_PTR(cls);
    size_t nb;
    mp_obj_t *bases;
    mp_obj_get_array(bases_of(t), &nb, &bases);
    // sequences to merge: the MRO of each base, then the bases themselves
    size_t nseq = nb + 1;
    mp_obj_t **seq = m_new(mp_obj_t *, nseq);
    size_t *len = m_new(size_t, nseq), *pos = m_new0(size_t, nseq);
    size_t total = 1;
    for (size_t i = 0; i < nb; i++) {
        mp_obj_get_array(hlc_type_mro(bases[i]), &len[i], &seq[i]);
        total += len[i];
    }
    seq[nb] = bases;
    len[nb] = nb;
    mp_obj_t *out = m_new(mp_obj_t, total);
    size_t n = 0;
    out[n++] = cls;
    for (;;) {
        mp_obj_t cand = MP_OBJ_NULL;
        bool any = false;
        for (size_t i = 0; i < nseq && cand == MP_OBJ_NULL; i++) {
            if (pos[i] == len[i]) {
                continue;
            }
            any = true;
            mp_obj_t head = seq[i][pos[i]];
            bool in_tail = false;
            for (size_t j = 0; j < nseq && !in_tail; j++) {
                for (size_t k = pos[j] + 1; k < len[j]; k++) {
                    if (seq[j][k] == head) {
                        in_tail = true;
                        break;
                    }
                }
            }
            if (!in_tail) {
                cand = head;
            }
        }
        if (!any) {
            break;
        }
        if (cand == MP_OBJ_NULL) {
            mp_raise_TypeError(MP_ERROR_TEXT("Cannot create a consistent method resolution order (MRO)"));
        }
        out[n++] = cand;
        for (size_t i = 0; i < nseq; i++) {
            if (pos[i] < len[i] && seq[i][pos[i]] == cand) {
                pos[i]++;
            }
        }
    }
    return mp_obj_new_tuple(n, out);
}

// ---- a live instance __dict__ ----
// Once a program asks for obj.__dict__, the instance's attributes move into a real dict object
// that __dict__ returns from then on: writes through it (obj.__dict__.update(...),
// obj.__dict__['x'] = 1) are the instance's attributes. The instance's own members map is then
// marked is_fixed (never true otherwise for an instance) with its table pointing at that dict;
// every access to an instance's members goes through hlc_instance_members().

mp_map_t *hlc_instance_members(mp_obj_instance_t *self) {
    if (self->members.is_fixed) {
        mp_obj_dict_t *d = (mp_obj_dict_t *)self->members.table;
        return &d->map;
    }
    return &self->members;
}

mp_obj_t hlc_instance_dict(mp_obj_instance_t *self) {
    if (self->members.is_fixed) {
        return MP_OBJ_FROM_PTR(self->members.table);
    }
    mp_obj_t d = mp_obj_new_dict(0);
    mp_obj_dict_t *dict = MP_OBJ_TO_PTR(d);
    dict->map = self->members; // takes over the table, in insertion order
    self->members.alloc = 0;
    self->members.used = 0;
    self->members.all_keys_are_qstrs = 0;
    self->members.is_ordered = 0;
    self->members.is_fixed = 1;
    self->members.table = (mp_map_elem_t *)dict;
    return d;
}

// ---- "Did you mean: 'x'?" (CPython 3.11's Python/suggestions.c) ----

#define MAX_CANDIDATE_ITEMS 750
#define MAX_STRING_SIZE 40
#define MOVE_COST 2
#define CASE_COST 1

MP_REGISTER_ROOT_POINTER(mp_obj_t hlc_attr_error_obj);
MP_REGISTER_ROOT_POINTER(mp_obj_t hlc_attr_error_name);

void hlc_note_attr_error(mp_obj_t obj, qstr attr) {
    MP_STATE_VM(hlc_attr_error_obj) = obj;
    MP_STATE_VM(hlc_attr_error_name) = MP_OBJ_NEW_QSTR(attr);
}

static size_t substitution_cost(char a, char b) {
    if ((a & 31) != (b & 31)) {
        return MOVE_COST;
    }
    if (a == b) {
        return 0;
    }
    if (a >= 'A' && a <= 'Z') {
        a += 'a' - 'A';
    }
    if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
    }
    return a == b ? CASE_COST : MOVE_COST;
}

static size_t levenshtein(const char *a, size_t a_size, const char *b, size_t b_size, size_t max_cost) {
    size_t buffer[MAX_STRING_SIZE];
    if (a == b) {
        return 0;
    }
    while (a_size && b_size && a[0] == b[0]) {
        a++, b++, a_size--, b_size--;
    }
    while (a_size && b_size && a[a_size - 1] == b[b_size - 1]) {
        a_size--, b_size--;
    }
    if (a_size == 0 || b_size == 0) {
        return (a_size + b_size) * MOVE_COST;
    }
    if (a_size > MAX_STRING_SIZE || b_size > MAX_STRING_SIZE) {
        return max_cost + 1;
    }
    if (b_size < a_size) {
        const char *t = a;
        a = b;
        b = t;
        size_t ts = a_size;
        a_size = b_size;
        b_size = ts;
    }
    if ((b_size - a_size) * MOVE_COST > max_cost) {
        return max_cost + 1;
    }
    size_t tmp = MOVE_COST;
    for (size_t i = 0; i < a_size; i++) {
        buffer[i] = tmp;
        tmp += MOVE_COST;
    }
    size_t result = 0;
    for (size_t bi = 0; bi < b_size; bi++) {
        char code = b[bi];
        size_t distance = result = bi * MOVE_COST;
        size_t minimum = (size_t)-1;
        for (size_t i = 0; i < a_size; i++) {
            size_t substitute = distance + substitution_cost(code, a[i]);
            distance = buffer[i];
            size_t insert_delete = (result < distance ? result : distance) + MOVE_COST;
            result = insert_delete < substitute ? insert_delete : substitute;
            buffer[i] = result;
            if (result < minimum) {
                minimum = result;
            }
        }
        if (minimum > max_cost) {
            return max_cost + 1;
        }
    }
    return result;
}

// The best candidate among the str items of `names` (a list/tuple) for `name`, or NULL.
static mp_obj_t best_of(size_t n, const mp_obj_t *names, const char *name, size_t name_len, mp_obj_t best, size_t *best_dist) {
    for (size_t i = 0; i < n; i++) {
        if (!mp_obj_is_str(names[i])) {
            continue;
        }
        size_t len;
        const char *s = mp_obj_str_get_data(names[i], &len);
        if (len == name_len && memcmp(s, name, len) == 0) {
            continue;
        }
        size_t max_distance = (name_len + len + 3) * MOVE_COST / 6;
        if (*best_dist - 1 < max_distance) {
            max_distance = *best_dist - 1;
        }
        size_t d = levenshtein(name, name_len, s, len, max_distance);
        if (d > max_distance) {
            continue;
        }
        if (best == MP_OBJ_NULL || d < *best_dist) {
            best = names[i];
            *best_dist = d;
        }
    }
    return best;
}

static mp_obj_t suggest_in_map(mp_map_t *map, const char *name, size_t name_len) {
    if (map->used >= MAX_CANDIDATE_ITEMS) {
        return MP_OBJ_NULL;
    }
    mp_obj_t keys = mp_obj_new_list(0, NULL);
    for (size_t i = 0; i < map->alloc; i++) {
        if (mp_map_slot_is_filled(map, i)) {
            mp_obj_list_append(keys, map->table[i].key);
        }
    }
    size_t n, dist = (size_t)-1;
    mp_obj_t *items;
    mp_obj_get_array(keys, &n, &items);
    return best_of(n, items, name, name_len, MP_OBJ_NULL, &dist);
}

// The quoted name in a message such as "name 'x' is not defined" (after `after`).
static bool quoted_name(const char *msg, size_t len, const char *after, const char **name, size_t *name_len) {
    const char *p = strstr(msg, after);
    if (p == NULL || p + strlen(after) > msg + len) {
        return false;
    }
    p += strlen(after);
    const char *q = memchr(p, '\'', msg + len - p);
    if (q == NULL) {
        return false;
    }
    *name = p;
    *name_len = q - p;
    return true;
}

// Appends CPython's ". Did you mean: 'x'?" to an uncaught NameError's or AttributeError's message.
void hlc_suggest(mp_obj_t exc, vstr_t *msg) {
    const mp_obj_type_t *type = mp_obj_get_type(exc);
    vstr_null_terminated_str(msg);
    const char *name;
    size_t name_len;
    mp_obj_t best = MP_OBJ_NULL;
    if (type == &mp_type_NameError && quoted_name(msg->buf, msg->len, "name '", &name, &name_len)) {
        best = suggest_in_map(&mp_globals_get()->map, name, name_len);
        if (best == MP_OBJ_NULL) {
            best = suggest_in_map(&((mp_obj_dict_t *)MP_OBJ_TO_PTR(MP_OBJ_FROM_PTR(&mp_module_builtins_globals)))->map, name, name_len);
        }
    } else if (type == &mp_type_AttributeError && MP_STATE_VM(hlc_attr_error_obj) != MP_OBJ_NULL
               && quoted_name(msg->buf, msg->len, "has no attribute '", &name, &name_len)
               && name_len == strlen(qstr_str(MP_OBJ_QSTR_VALUE(MP_STATE_VM(hlc_attr_error_name))))
               && memcmp(name, qstr_str(MP_OBJ_QSTR_VALUE(MP_STATE_VM(hlc_attr_error_name))), name_len) == 0) {
        mp_obj_t dir_args[1] = {MP_STATE_VM(hlc_attr_error_obj)};
        mp_obj_t names = mp_call_function_n_kw(MP_OBJ_FROM_PTR(&mp_builtin_dir_obj), 1, 0, dir_args);
        size_t n, dist = (size_t)-1;
        mp_obj_t *items;
        mp_obj_get_array(names, &n, &items);
        if (n < MAX_CANDIDATE_ITEMS) {
            best = best_of(n, items, name, name_len, MP_OBJ_NULL, &dist);
        }
    }
    if (best != MP_OBJ_NULL) {
        size_t len;
        const char *s = mp_obj_str_get_data(best, &len);
        vstr_add_str(msg, ". Did you mean: '");
        vstr_add_strn(msg, s, len);
        vstr_add_str(msg, "'?");
    }
}
