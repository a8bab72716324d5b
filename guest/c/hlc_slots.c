// c/hlc_slots.c: the dunder methods of built-in types (CPython's slot wrappers).
//
// CPython's vars(list) has __add__, __len__, __getitem__, ...: `list.__add__(a, b)`,
// `(1).__add__(2)`, `super().__getitem__(k)` in a dict subclass. MicroPython's built-in types
// implement these operations as C slots (binary_op, unary_op, subscr, iter) and have no such
// attributes. When an attribute lookup on a built-in type, an instance of one, or a class
// derived from one finds nothing, mp_load_method_maybe (py/runtime.c, patch 0050) asks
// hlc_slot_attr, which answers from the table below: per type, the dunder names CPython's
// vars(T) has (generated from CPython 3.11, restricted to those a slot can serve), each served by
// a wrapper that calls the slot on the built-in object (the native part of a subclass instance,
// so an override in the subclass does not recurse into itself).
//
// Binary operators return NotImplemented when the operand is not one the type takes, as
// CPython's do ((1).__add__(1.5) is NotImplemented; the int then leaves it to float).
#include <string.h>

#include "py/builtin.h"
#include "py/objtype.h"
#include "py/runtime.h"
#include "hlc_compat.h"
#include "hlc_set.h"

typedef enum {
    K_BINARY,   // self OP other (NotImplemented when the slot declines)
    K_REVERSE,  // other OP self
    K_INPLACE,  // self OP= other, in place
    K_NE,       // not (self == other)
    K_CONTAINS, // other in self
    K_UNARY,    // mp_unary_op(op, self)
    K_LEN,
    K_BOOL,
    K_CALL,     // a built-in called as f(self, *args)
    K_GETITEM,
    K_SETITEM,
    K_DELITEM,
    K_ITER,
} slot_kind_t;

typedef struct {
    uint16_t name; // qstr
    uint8_t kind;
    uint8_t op;    // mp_binary_op_t / mp_unary_op_t, or a CALL_* index
    uint8_t min_args, max_args; // besides self
} slot_def_t;

enum { CALL_HASH, CALL_INT, CALL_FLOAT, CALL_ROUND, CALL_REPR, CALL_STR, CALL_FORMAT };

#define BIN(n, o) { MP_QSTR_##n, K_BINARY, MP_BINARY_OP_##o, 1, 1 }
#define REV(n, o) { MP_QSTR_##n, K_REVERSE, MP_BINARY_OP_##o, 1, 1 }
#define INP(n, o) { MP_QSTR_##n, K_INPLACE, MP_BINARY_OP_INPLACE_##o, 1, 1 }
#define UN(n, o) { MP_QSTR_##n, K_UNARY, MP_UNARY_OP_##o, 0, 0 }
#define CALL(n, c, lo, hi) { MP_QSTR_##n, K_CALL, c, lo, hi }

static const slot_def_t slot_defs[] = {
    BIN(__add__, ADD), BIN(__sub__, SUBTRACT), BIN(__mul__, MULTIPLY), BIN(__truediv__, TRUE_DIVIDE),
    BIN(__floordiv__, FLOOR_DIVIDE), BIN(__mod__, MODULO), BIN(__pow__, POWER), BIN(__lshift__, LSHIFT),
    BIN(__rshift__, RSHIFT), BIN(__and__, AND), BIN(__or__, OR), BIN(__xor__, XOR), BIN(__divmod__, DIVMOD),
    REV(__radd__, ADD), REV(__rsub__, SUBTRACT), REV(__rmul__, MULTIPLY), REV(__rtruediv__, TRUE_DIVIDE),
    REV(__rfloordiv__, FLOOR_DIVIDE), REV(__rmod__, MODULO), REV(__rpow__, POWER), REV(__rlshift__, LSHIFT),
    REV(__rrshift__, RSHIFT), REV(__rand__, AND), REV(__ror__, OR), REV(__rxor__, XOR), REV(__rdivmod__, DIVMOD),
    INP(__iadd__, ADD), INP(__imul__, MULTIPLY), INP(__ior__, OR), INP(__iand__, AND), INP(__isub__, SUBTRACT),
    INP(__ixor__, XOR),
    BIN(__eq__, EQUAL), { MP_QSTR___ne__, K_NE, MP_BINARY_OP_EQUAL, 1, 1 }, BIN(__lt__, LESS),
    BIN(__le__, LESS_EQUAL), BIN(__gt__, MORE), BIN(__ge__, MORE_EQUAL),
    { MP_QSTR___contains__, K_CONTAINS, 0, 1, 1 },
    { MP_QSTR___len__, K_LEN, 0, 0, 0 }, { MP_QSTR___bool__, K_BOOL, 0, 0, 0 },
    CALL(__hash__, CALL_HASH, 0, 0), UN(__neg__, NEGATIVE), UN(__pos__, POSITIVE), UN(__invert__, INVERT), UN(__abs__, ABS),
    CALL(__int__, CALL_INT, 0, 0), CALL(__index__, CALL_INT, 0, 0), CALL(__float__, CALL_FLOAT, 0, 0),
    CALL(__round__, CALL_ROUND, 0, 1), CALL(__repr__, CALL_REPR, 0, 0), CALL(__str__, CALL_STR, 0, 0),
    CALL(__format__, CALL_FORMAT, 1, 1),
    { MP_QSTR___getitem__, K_GETITEM, 0, 1, 1 }, { MP_QSTR___setitem__, K_SETITEM, 0, 2, 2 },
    { MP_QSTR___delitem__, K_DELITEM, 0, 1, 1 }, { MP_QSTR___iter__, K_ITER, 0, 0, 0 },
};

// Per type, CPython 3.11's `[n for n in vars(T) if n in <the names above>]` (bool also has int's;
// __hash__ = None entries left out; __reversed__ is left out: reversed() itself looks it up).
#define Q(n) MP_QSTR_##n
static const uint16_t int_names[] = {
    Q(__add__), Q(__sub__), Q(__mul__), Q(__truediv__), Q(__floordiv__), Q(__mod__), Q(__pow__), Q(__lshift__),
    Q(__rshift__), Q(__and__), Q(__or__), Q(__xor__), Q(__divmod__), Q(__radd__), Q(__rsub__), Q(__rmul__),
    Q(__rtruediv__), Q(__rfloordiv__), Q(__rmod__), Q(__rpow__), Q(__rlshift__), Q(__rrshift__), Q(__rand__),
    Q(__ror__), Q(__rxor__), Q(__rdivmod__), Q(__eq__), Q(__ne__), Q(__lt__), Q(__le__), Q(__gt__), Q(__ge__),
    Q(__hash__), Q(__bool__), Q(__neg__), Q(__pos__), Q(__invert__), Q(__abs__), Q(__int__), Q(__float__),
    Q(__index__), Q(__round__), Q(__repr__), Q(__format__), 0,
};
static const uint16_t float_names[] = {
    Q(__add__), Q(__sub__), Q(__mul__), Q(__truediv__), Q(__floordiv__), Q(__mod__), Q(__pow__), Q(__divmod__),
    Q(__radd__), Q(__rsub__), Q(__rmul__), Q(__rtruediv__), Q(__rfloordiv__), Q(__rmod__), Q(__rpow__),
    Q(__rdivmod__), Q(__eq__), Q(__ne__), Q(__lt__), Q(__le__), Q(__gt__), Q(__ge__), Q(__hash__), Q(__bool__),
    Q(__neg__), Q(__pos__), Q(__abs__), Q(__int__), Q(__float__), Q(__round__), Q(__repr__), Q(__format__), 0,
};
static const uint16_t complex_names[] = {
    Q(__add__), Q(__sub__), Q(__mul__), Q(__truediv__), Q(__pow__), Q(__radd__), Q(__rsub__), Q(__rmul__),
    Q(__rtruediv__), Q(__rpow__), Q(__eq__), Q(__ne__), Q(__hash__), Q(__bool__), Q(__neg__), Q(__pos__),
    Q(__abs__), Q(__repr__), Q(__format__), 0,
};
static const uint16_t str_names[] = {
    Q(__add__), Q(__mul__), Q(__mod__), Q(__rmul__), Q(__rmod__), Q(__eq__), Q(__ne__), Q(__lt__), Q(__le__),
    Q(__gt__), Q(__ge__), Q(__contains__), Q(__len__), Q(__hash__), Q(__repr__), Q(__str__), Q(__format__),
    Q(__getitem__), Q(__iter__), 0,
};
static const uint16_t bytes_names[] = {
    Q(__add__), Q(__mul__), Q(__mod__), Q(__rmul__), Q(__rmod__), Q(__eq__), Q(__ne__), Q(__lt__), Q(__le__),
    Q(__gt__), Q(__ge__), Q(__contains__), Q(__len__), Q(__hash__), Q(__repr__), Q(__str__), Q(__getitem__),
    Q(__iter__), 0,
};
static const uint16_t bytearray_names[] = {
    Q(__add__), Q(__mul__), Q(__mod__), Q(__rmul__), Q(__rmod__), Q(__iadd__), Q(__imul__), Q(__eq__), Q(__ne__),
    Q(__lt__), Q(__le__), Q(__gt__), Q(__ge__), Q(__contains__), Q(__len__), Q(__repr__), Q(__str__),
    Q(__getitem__), Q(__setitem__), Q(__delitem__), Q(__iter__), 0,
};
static const uint16_t list_names[] = {
    Q(__add__), Q(__mul__), Q(__rmul__), Q(__iadd__), Q(__imul__), Q(__eq__), Q(__ne__), Q(__lt__), Q(__le__),
    Q(__gt__), Q(__ge__), Q(__contains__), Q(__len__), Q(__repr__), Q(__getitem__), Q(__setitem__),
    Q(__delitem__), Q(__iter__), 0,
};
static const uint16_t tuple_names[] = {
    Q(__add__), Q(__mul__), Q(__rmul__), Q(__eq__), Q(__ne__), Q(__lt__), Q(__le__), Q(__gt__), Q(__ge__),
    Q(__contains__), Q(__len__), Q(__hash__), Q(__repr__), Q(__getitem__), Q(__iter__), 0,
};
static const uint16_t dict_names[] = {
    Q(__or__), Q(__ror__), Q(__ior__), Q(__eq__), Q(__ne__), Q(__lt__), Q(__le__), Q(__gt__), Q(__ge__),
    Q(__contains__), Q(__len__), Q(__repr__), Q(__getitem__), Q(__setitem__), Q(__delitem__), Q(__iter__), 0,
};
static const uint16_t set_names[] = {
    Q(__sub__), Q(__and__), Q(__or__), Q(__xor__), Q(__rsub__), Q(__rand__), Q(__ror__), Q(__rxor__), Q(__ior__),
    Q(__iand__), Q(__isub__), Q(__ixor__), Q(__eq__), Q(__ne__), Q(__lt__), Q(__le__), Q(__gt__), Q(__ge__),
    Q(__contains__), Q(__len__), Q(__repr__), Q(__iter__), 0,
};
static const uint16_t frozenset_names[] = {
    Q(__sub__), Q(__and__), Q(__or__), Q(__xor__), Q(__rsub__), Q(__rand__), Q(__ror__), Q(__rxor__), Q(__eq__),
    Q(__ne__), Q(__lt__), Q(__le__), Q(__gt__), Q(__ge__), Q(__contains__), Q(__len__), Q(__hash__), Q(__repr__),
    Q(__iter__), 0,
};
static const uint16_t range_names[] = {
    Q(__eq__), Q(__ne__), Q(__lt__), Q(__le__), Q(__gt__), Q(__ge__), Q(__contains__), Q(__len__), Q(__hash__),
    Q(__bool__), Q(__repr__), Q(__getitem__), Q(__iter__), 0,
};
#undef Q

typedef struct {
    const mp_obj_type_t *type;
    const uint16_t *names;
} type_slots_t;

static const type_slots_t type_slots[] = {
    { &mp_type_int, int_names },
    { &mp_type_bool, int_names },
    { &mp_type_float, float_names },
    { &mp_type_complex, complex_names },
    { &mp_type_str, str_names },
    { &mp_type_bytes, bytes_names },
    { &mp_type_bytearray, bytearray_names },
    { &mp_type_list, list_names },
    { &mp_type_tuple, tuple_names },
    { &mp_type_dict, dict_names },
    #if MICROPY_PY_COLLECTIONS_ORDEREDDICT
    { &mp_type_ordereddict, dict_names },
    #endif
    { &mp_type_set, set_names },
    { &mp_type_frozenset, frozenset_names },
    { &mp_type_range, range_names },
};

// The wrapper: unbound it checks and takes self as its first argument (list.__add__(a, b));
// mp_load_method binds it to the object ((1).__add__).
typedef struct {
    mp_obj_base_t base;
    const mp_obj_type_t *owner;
    const slot_def_t *def;
} slot_wrapper_t;

static bool is_number(mp_obj_t o, bool int_only) {
    if (mp_obj_is_int(o) || mp_obj_is_bool(o)) {
        return true;
    }
    return !int_only && (mp_obj_is_float(o) || mp_obj_is_type(o, &mp_type_complex));
}

// The built-in object an instance's operations act on: itself, or a subclass instance's native part.
static mp_obj_t native_of(mp_obj_t self) {
    if (mp_obj_is_obj(self) && mp_obj_is_instance_type(mp_obj_get_type(self))) {
        return ((mp_obj_instance_t *)MP_OBJ_TO_PTR(self))->subobj[0];
    }
    return self;
}

mp_obj_t hlc_native_getitem(mp_obj_t self, mp_obj_t index) {
    mp_obj_t native = native_of(self);
    if (native != self && mp_obj_is_dict_or_ordereddict(native)) {
        mp_map_elem_t *elem = mp_map_lookup(mp_obj_dict_get_map(native), index, MP_MAP_LOOKUP);
        if (elem != NULL) {
            return elem->value;
        }
        mp_obj_t dest[3];
        mp_load_method_maybe(self, MP_QSTR___missing__, dest);
        if (dest[0] != MP_OBJ_NULL) {
            dest[2] = index;
            return mp_call_method_n_kw(1, 0, dest);
        }
    }
    return mp_obj_subscr(native, index, MP_OBJ_SENTINEL);
}

static mp_obj_t binary(const slot_wrapper_t *w, mp_binary_op_t op, mp_obj_t self, mp_obj_t other, bool reverse) {
    if (is_number(self, false)) {
        // int's operations take ints only (float's take ints too): (1).__add__(1.5) is NotImplemented.
        if (!is_number(other, w->owner == &mp_type_int || w->owner == &mp_type_bool)) {
            return mp_const_notimplemented;
        }
        return reverse ? mp_binary_op(op, other, self) : mp_binary_op(op, self, other);
    }
    if (reverse && op == MP_BINARY_OP_MULTIPLY) {
        reverse = false; // sequence repetition: n * s == s * n
    }
    if (reverse) {
        if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(other)), MP_OBJ_FROM_PTR(w->owner))) {
            return mp_const_notimplemented;
        }
        return mp_binary_op(op, other, self);
    }
    const mp_obj_type_t *t = mp_obj_get_type(self);
    mp_obj_t r = MP_OBJ_TYPE_HAS_SLOT(t, binary_op) ? MP_OBJ_TYPE_GET_SLOT(t, binary_op)(op, self, other) : MP_OBJ_NULL;
    if (r == MP_OBJ_NULL && op == MP_BINARY_OP_ADD) {
        return mp_binary_op(op, self, other); // 'a'.__add__(1) raises as 'a' + 1 does
    }
    return r == MP_OBJ_NULL ? mp_const_notimplemented : r;
}

static mp_obj_t slot_wrapper_call(mp_obj_t self_in, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    const slot_wrapper_t *w = MP_OBJ_TO_PTR(self_in);
    const slot_def_t *d = w->def;
    if (n_kw != 0) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("%q() takes no keyword arguments"), (qstr)d->name);
    }
    if (n_args == 0) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("descriptor '%q' of '%q' object needs an argument"),
            (qstr)d->name, (qstr)w->owner->name);
    }
    mp_obj_t self = args[0];
    const mp_obj_type_t *st = mp_obj_get_type(self);
    if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(st), MP_OBJ_FROM_PTR(w->owner))
        && !(w->owner == &mp_type_int && st == &mp_type_bool)) {
        mp_raise_msg_varg(&mp_type_TypeError,
            MP_ERROR_TEXT("descriptor '%q' requires a '%q' object but received a '%q'"),
            (qstr)d->name, (qstr)w->owner->name, (qstr)st->name);
    }
    size_t n = n_args - 1;
    if (n < d->min_args || n > d->max_args) {
        if (d->min_args == d->max_args) {
            mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("expected %d argument%s, got %d"),
                (int)d->min_args, d->min_args == 1 ? "" : "s", (int)n);
        }
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("%q expected at most %d argument%s, got %d"),
            (qstr)d->name, (int)d->max_args, d->max_args == 1 ? "" : "s", (int)n);
    }
    self = native_of(self);
    const mp_obj_t *rest = args + 1;
    switch (d->kind) {
        case K_BINARY:
        case K_INPLACE:
            return binary(w, d->op, self, rest[0], false);
        case K_REVERSE:
            return binary(w, d->op, self, rest[0], true);
        case K_NE: {
            mp_obj_t r = binary(w, MP_BINARY_OP_EQUAL, self, rest[0], false);
            return r == mp_const_notimplemented ? r : mp_obj_new_bool(!mp_obj_is_true(r));
        }
        case K_CONTAINS:
            return mp_binary_op(MP_BINARY_OP_CONTAINS, self, rest[0]);
        case K_UNARY:
            return mp_unary_op(d->op, self);
        case K_LEN:
            return mp_obj_len(self);
        case K_BOOL:
            return mp_obj_new_bool(mp_obj_is_true(self));
        case K_GETITEM:
            return hlc_native_getitem(args[0], rest[0]);
        case K_SETITEM:
            mp_obj_subscr(self, rest[0], rest[1]);
            return mp_const_none;
        case K_DELITEM:
            mp_obj_subscr(self, rest[0], MP_OBJ_NULL);
            return mp_const_none;
        case K_ITER:
            return mp_getiter(self, NULL);
        default: // K_CALL
            break;
    }
    mp_obj_t call_args[2] = {self, n > 0 ? rest[0] : mp_const_none};
    switch (d->op) {
        case CALL_HASH:
            return hlc_builtin_hash(self);
        case CALL_INT:
            return mp_call_function_1(MP_OBJ_FROM_PTR(&mp_type_int), self);
        case CALL_FLOAT:
            return mp_call_function_1(MP_OBJ_FROM_PTR(&mp_type_float), self);
        case CALL_ROUND:
            return mp_call_function_n_kw(MP_OBJ_FROM_PTR(&mp_builtin_round_obj), 1 + n, 0, call_args);
        case CALL_REPR:
            return mp_call_function_1(MP_OBJ_FROM_PTR(&mp_builtin_repr_obj), self);
        case CALL_STR:
            return mp_call_function_1(MP_OBJ_FROM_PTR(&mp_type_str), self);
        default: // CALL_FORMAT
            return mp_call_function_n_kw(MP_OBJ_FROM_PTR(&hlc_builtin_format_obj), 2, 0, call_args);
    }
}

static void slot_wrapper_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)kind;
    const slot_wrapper_t *w = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<slot wrapper '%q' of '%q' objects>", (qstr)w->def->name, (qstr)w->owner->name);
}

static void slot_wrapper_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    const slot_wrapper_t *w = MP_OBJ_TO_PTR(self_in);
    if (dest[0] == MP_OBJ_NULL) {
        if (attr == MP_QSTR___name__) {
            dest[0] = MP_OBJ_NEW_QSTR(w->def->name);
        } else if (attr == MP_QSTR___objclass__) {
            dest[0] = MP_OBJ_FROM_PTR(w->owner);
        }
    }
}

static MP_DEFINE_CONST_OBJ_TYPE(
    hlc_type_slot_wrapper,
    MP_QSTR_wrapper_descriptor,
    MP_TYPE_FLAG_NONE,
    call, slot_wrapper_call,
    print, slot_wrapper_print,
    attr, slot_wrapper_attr
    );

// The built-in type a type derives from (itself when built in), or NULL.
static const mp_obj_type_t *native_base_of(const mp_obj_type_t *t, int depth) {
    while (t != NULL && mp_obj_is_instance_type(t) && depth < 32) {
        if (!MP_OBJ_TYPE_HAS_SLOT(t, parent)) {
            return NULL;
        }
        const void *parent = MP_OBJ_TYPE_GET_SLOT(t, parent);
        #if MICROPY_MULTIPLE_INHERITANCE
        if (((const mp_obj_base_t *)parent)->type == &mp_type_tuple) {
            const mp_obj_tuple_t *bases = parent;
            for (size_t i = 0; i < bases->len; i++) {
                const mp_obj_type_t *b = native_base_of(MP_OBJ_TO_PTR(bases->items[i]), depth + 1);
                if (b != NULL) {
                    return b;
                }
            }
            return NULL;
        }
        #endif
        t = parent;
        depth++;
    }
    return t;
}

mp_obj_t hlc_native_self(const mp_obj_type_t *type, mp_obj_t obj) {
    if (!mp_obj_is_obj(obj) || !mp_obj_is_instance_type(mp_obj_get_type(obj))) {
        return MP_OBJ_NULL;
    }
    const mp_obj_type_t *native = native_base_of(mp_obj_get_type(obj), 0);
    if (native == NULL || !mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(native), MP_OBJ_FROM_PTR(type))) {
        return MP_OBJ_NULL;
    }
    return native_of(obj);
}

// py/runtime.c mp_load_method_maybe: obj's attribute `attr` was not found.
void hlc_slot_attr(mp_obj_t obj, qstr attr, mp_obj_t *dest) {
    const char *s = qstr_str(attr);
    if (s[0] != '_' || s[1] != '_') {
        return;
    }
    bool is_type = mp_obj_is_type(obj, &mp_type_type);
    const mp_obj_type_t *owner = native_base_of(is_type ? MP_OBJ_TO_PTR(obj) : mp_obj_get_type(obj), 0);
    if (owner == NULL) {
        return;
    }
    for (size_t i = 0; i < MP_ARRAY_SIZE(type_slots); i++) {
        if (type_slots[i].type != owner) {
            continue;
        }
        for (const uint16_t *n = type_slots[i].names; *n; n++) {
            if (*n != attr) {
                continue;
            }
            for (size_t j = 0; j < MP_ARRAY_SIZE(slot_defs); j++) {
                if (slot_defs[j].name == attr) {
                    slot_wrapper_t *w = mp_obj_malloc(slot_wrapper_t, &hlc_type_slot_wrapper);
                    w->owner = owner;
                    w->def = &slot_defs[j];
                    dest[0] = MP_OBJ_FROM_PTR(w);
                    dest[1] = is_type ? MP_OBJ_NULL : obj;
                    return;
                }
            }
        }
        return;
    }
}
