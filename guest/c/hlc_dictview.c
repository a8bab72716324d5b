// dict.keys() / .values() / .items() as CPython's views: len(), bool(), the set operators with
// any iterable (`d.keys() & s`, `d.items() - other.items()`), comparisons with sets, and
// `(k, v) in d.items()`. MicroPython's views only iterate and test `k in d.keys()`.
// Also dict(m) / d.update(m) for non-dict mappings (objects with keys(), e.g. ChainMap).
#include "py/runtime.h"

#include "hlc_types.h"

enum { VIEW_ITEMS = 0, VIEW_KEYS = 1, VIEW_VALUES = 2 };

mp_obj_t hlc_dict_view_unary_op(mp_unary_op_t op, mp_obj_t dict) {
    size_t n = mp_obj_dict_len(dict);
    switch (op) {
        case MP_UNARY_OP_LEN:
            return MP_OBJ_NEW_SMALL_INT(n);
        case MP_UNARY_OP_BOOL:
            return mp_obj_new_bool(n != 0);
        default:
            return MP_OBJ_NULL;
    }
}

static bool set_like(mp_obj_t o) {
    return mp_obj_is_type(o, &mp_type_set) || mp_obj_is_type(o, &mp_type_frozenset);
}

static mp_obj_t as_set(mp_obj_t o) {
    return mp_call_function_1(MP_OBJ_FROM_PTR(&mp_type_set), o);
}

mp_obj_t hlc_dict_view_binary_op(mp_binary_op_t op, mp_obj_t dict, int kind, mp_obj_t view, mp_obj_t rhs) {
    if (kind == VIEW_VALUES) {
        return MP_OBJ_NULL;
    }
    switch (op) {
        case MP_BINARY_OP_CONTAINS: {
            // kind is items: (key, value) in d.items()
            if (!mp_obj_is_type(rhs, &mp_type_tuple)) {
                return mp_const_false;
            }
            size_t n;
            mp_obj_t *kv;
            mp_obj_tuple_get(rhs, &n, &kv);
            if (n != 2) {
                return mp_const_false;
            }
            mp_map_elem_t *e = mp_map_lookup(mp_obj_dict_get_map(dict), kv[0], MP_MAP_LOOKUP);
            return mp_obj_new_bool(e != NULL && mp_obj_equal(e->value, kv[1]));
        }
        case MP_BINARY_OP_AND:
        case MP_BINARY_OP_OR:
        case MP_BINARY_OP_XOR:
        case MP_BINARY_OP_SUBTRACT:
            // CPython accepts any iterable on the right and answers with a set.
            return mp_binary_op(op, as_set(view), set_like(rhs) ? rhs : as_set(rhs));
        case MP_BINARY_OP_EQUAL:
        case MP_BINARY_OP_LESS:
        case MP_BINARY_OP_LESS_EQUAL:
        case MP_BINARY_OP_MORE:
        case MP_BINARY_OP_MORE_EQUAL: {
            // Only against sets and views of the same kind; anything else is not equal.
            bool other_view = mp_obj_get_type(rhs) == mp_obj_get_type(view);
            if (!set_like(rhs) && !other_view) {
                return op == MP_BINARY_OP_EQUAL ? mp_const_false : MP_OBJ_NULL;
            }
            return mp_binary_op(op, as_set(view), set_like(rhs) ? rhs : as_set(rhs));
        }
        default:
            return MP_OBJ_NULL;
    }
}

bool hlc_dict_update_from_mapping(mp_map_t *map, mp_obj_t other) {
    mp_obj_t keys[2];
    mp_load_method_maybe(other, MP_QSTR_keys, keys);
    if (keys[0] == MP_OBJ_NULL) {
        return false;
    }
    mp_obj_t iter = mp_getiter(mp_call_method_n_kw(0, 0, keys), NULL);
    mp_obj_t key;
    while ((key = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        mp_obj_t value = mp_obj_subscr(other, key, MP_OBJ_SENTINEL);
        mp_map_lookup(map, key, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = value;
    }
    return true;
}
