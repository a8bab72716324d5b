// Small language-level pieces CPython has: type.__mro__ (C3 linearisation), int and float
// attributes (real, imag, numerator, denominator, conjugate(), as_integer_ratio(),
// float.is_integer()), type's class-level hooks, __hlc_annotate__. guest/micropython/patches hook
// them into py/objtype.c, py/objint.c, py/objfloat.c, py/modbuiltins.c.
#include <math.h>

#include "py/runtime.h"
#include "py/objtuple.h"
#include "py/objlist.h"
#include "py/objfun.h"
#include "py/objtype.h"
#include "py/bc.h"
#include "py/bc0.h"
#include "py/builtin.h"
#include "py/objmodule.h"

#include "hlc_lang.h"

static mp_obj_t bases_of(mp_obj_t type) {
    return mp_load_attr(type, MP_QSTR___bases__);
}

// C3: the type, then the merge of its bases' linearisations and the bases list.
static mp_obj_t mro_list(mp_obj_t type, int depth) {
    if (depth > 100) {
        mp_raise_TypeError(MP_ERROR_TEXT("class hierarchy too deep"));
    }
    mp_obj_t out = mp_obj_new_list(1, &type);
    size_t nb;
    mp_obj_t *bases;
    mp_obj_tuple_get(bases_of(type), &nb, &bases);
    if (nb == 0) {
        return out;
    }
    // seqs[i]: the remaining part of base i's linearisation; seqs[nb]: the bases
    mp_obj_list_t **seqs = m_new(mp_obj_list_t *, nb + 1);
    size_t *heads = m_new0(size_t, nb + 1);
    for (size_t i = 0; i < nb; i++) {
        seqs[i] = MP_OBJ_TO_PTR(mro_list(bases[i], depth + 1));
    }
    seqs[nb] = MP_OBJ_TO_PTR(mp_obj_new_list(nb, bases));
    for (;;) {
        mp_obj_t cand = MP_OBJ_NULL;
        bool any = false;
        for (size_t i = 0; i <= nb && cand == MP_OBJ_NULL; i++) {
            if (heads[i] >= seqs[i]->len) {
                continue;
            }
            any = true;
            mp_obj_t c = seqs[i]->items[heads[i]];
            bool in_tail = false;
            for (size_t j = 0; j <= nb && !in_tail; j++) {
                for (size_t k = heads[j] + 1; k < seqs[j]->len; k++) {
                    if (seqs[j]->items[k] == c) {
                        in_tail = true;
                        break;
                    }
                }
            }
            if (!in_tail) {
                cand = c;
            }
        }
        if (!any) {
            break;
        }
        if (cand == MP_OBJ_NULL) {
            mp_raise_TypeError(MP_ERROR_TEXT("Cannot create a consistent method resolution order (MRO)"));
        }
        mp_obj_list_append(out, cand);
        for (size_t i = 0; i <= nb; i++) {
            if (heads[i] < seqs[i]->len && seqs[i]->items[heads[i]] == cand) {
                heads[i]++;
            }
        }
    }
    return out;
}

mp_obj_t hlc_type_mro(mp_obj_t type) {
    mp_obj_list_t *l = MP_OBJ_TO_PTR(mro_list(type, 0));
    return mp_obj_new_tuple(l->len, l->items);
}

static mp_obj_t num_conjugate(mp_obj_t self) {
    return self;
}
static MP_DEFINE_CONST_FUN_OBJ_1(num_conjugate_obj, num_conjugate);

static mp_obj_t int_as_integer_ratio(mp_obj_t self) {
    mp_obj_t items[2] = {self, MP_OBJ_NEW_SMALL_INT(1)};
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_1(int_as_integer_ratio_obj, int_as_integer_ratio);

static mp_obj_t float_is_integer(mp_obj_t self) {
    double v = mp_obj_get_float(self);
    return mp_obj_new_bool(isfinite(v) && v == floor(v));
}
static MP_DEFINE_CONST_FUN_OBJ_1(float_is_integer_obj, float_is_integer);

static mp_obj_t float_as_integer_ratio(mp_obj_t self) {
    double v = mp_obj_get_float(self);
    if (isnan(v)) {
        mp_raise_ValueError(MP_ERROR_TEXT("cannot convert NaN to integer ratio"));
    }
    if (isinf(v)) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("cannot convert Infinity to integer ratio"));
    }
    int e;
    double m = frexp(v, &e);
    for (int i = 0; i < 300 && m != floor(m); i++) {
        m *= 2.0;
        e--;
    }
    mp_obj_t num = mp_obj_new_int_from_ll((long long)m);
    mp_obj_t den = MP_OBJ_NEW_SMALL_INT(1);
    if (e > 0) {
        num = mp_binary_op(MP_BINARY_OP_LSHIFT, num, MP_OBJ_NEW_SMALL_INT(e));
    } else if (e < 0) {
        den = mp_binary_op(MP_BINARY_OP_LSHIFT, den, MP_OBJ_NEW_SMALL_INT(-e));
    }
    mp_obj_t items[2] = {num, den};
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_1(float_as_integer_ratio_obj, float_as_integer_ratio);

static void method(mp_obj_t self, const void *fun, mp_obj_t *dest) {
    dest[0] = MP_OBJ_FROM_PTR(fun);
    dest[1] = self;
}

// Also bool's attr (True.real == 1, an int, as CPython).
void hlc_int_attr(mp_obj_t self, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return; // no stores
    }
    bool is_bool = self == mp_const_true || self == mp_const_false;
    mp_obj_t value = is_bool ? MP_OBJ_NEW_SMALL_INT(self == mp_const_true) : self;
    if (attr == MP_QSTR_real || attr == MP_QSTR_numerator) {
        dest[0] = value;
    } else if (attr == MP_QSTR_imag) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(0);
    } else if (attr == MP_QSTR_denominator) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(1);
    } else if (attr == MP_QSTR_conjugate) {
        method(value, &num_conjugate_obj, dest);
    } else if (attr == MP_QSTR_as_integer_ratio) {
        method(value, &int_as_integer_ratio_obj, dest);
    } else if (is_bool) {
        mp_load_method_maybe(value, attr, dest); // int's methods (True.bit_length())
    } else {
        dest[1] = MP_OBJ_SENTINEL; // go on to int's methods (locals_dict)
    }
}

void hlc_float_attr(mp_obj_t self, qstr attr, mp_obj_t *dest) {
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    if (attr == MP_QSTR_real) {
        dest[0] = self;
    } else if (attr == MP_QSTR_imag) {
        dest[0] = mp_obj_new_float(0.0);
    } else if (attr == MP_QSTR_conjugate) {
        method(self, &num_conjugate_obj, dest);
    } else if (attr == MP_QSTR_is_integer) {
        method(self, &float_is_integer_obj, dest);
    } else if (attr == MP_QSTR_as_integer_ratio) {
        method(self, &float_as_integer_ratio_obj, dest);
    } else {
        dest[1] = MP_OBJ_SENTINEL;
    }
}

// dict(iterable) / dict.update(iterable): CPython's messages for an element that is not a
// pair (py/objdict.c).
mp_obj_t hlc_dict_update_iter(mp_obj_t item, size_t index) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t it = mp_getiter(item, NULL);
        nlr_pop();
        return it;
    }
    if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(((mp_obj_base_t *)nlr.ret_val)->type), MP_OBJ_FROM_PTR(&mp_type_TypeError))) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("cannot convert dictionary update sequence element #%u to a sequence"), (unsigned)index);
    }
    nlr_jump(nlr.ret_val);
}

void hlc_dict_update_length_error(mp_obj_t iter, size_t index, mp_obj_t key, mp_obj_t value, mp_obj_t stop) {
    size_t len = key == MP_OBJ_STOP_ITERATION ? 0 : value == MP_OBJ_STOP_ITERATION ? 1 : 2;
    if (stop != MP_OBJ_STOP_ITERATION) {
        len = 3;
        while (mp_iternext(iter) != MP_OBJ_STOP_ITERATION) {
            len++;
        }
    }
    mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("dictionary update sequence element #%u has length %u; 2 is required"), (unsigned)index, (unsigned)len);
}

// f.__doc__: compile.c (0026-docstrings.patch) emits a function's docstring as the first instructions of
// its body, a constant load and a pop; read them back.
mp_obj_t hlc_fun_doc(mp_obj_t fun) {
    const mp_obj_fun_bc_t *self = MP_OBJ_TO_PTR(fun);
    if (self->base.type != &mp_type_fun_bc && self->base.type != &mp_type_gen_wrap) {
        return mp_const_none;
    }
    const byte *ip = self->bytecode;
    MP_BC_PRELUDE_SIG_DECODE(ip);
    MP_BC_PRELUDE_SIZE_DECODE(ip);
    (void)n_state;
    (void)n_exc_stack;
    (void)scope_flags;
    (void)n_pos_args;
    (void)n_kwonly_args;
    (void)n_def_pos_args;
    ip += n_info + n_cell;
    mp_obj_t doc = mp_const_none;
    byte op = *ip++;
    if (op == MP_BC_LOAD_CONST_STRING) {
        mp_uint_t idx = mp_decode_uint(&ip);
        #if MICROPY_EMIT_BYTECODE_USES_QSTR_TABLE
        doc = MP_OBJ_NEW_QSTR(self->context->constants.qstr_table[idx]);
        #else
        doc = MP_OBJ_NEW_QSTR(idx);
        #endif
    } else if (op == MP_BC_LOAD_CONST_OBJ) {
        mp_uint_t idx = mp_decode_uint(&ip);
        doc = self->context->constants.obj_table[idx];
    }
    if (*ip != MP_BC_POP_TOP || !mp_obj_is_str(doc)) {
        return mp_const_none;
    }
    return doc;
}

mp_obj_t hlc_instance_dict(struct _mp_obj_instance_t *self) {
    mp_map_t *m = &self->members;
    if (hlc_members(m) != m) {
        return MP_OBJ_FROM_PTR(m->table);
    }
    mp_obj_dict_t *d = m_new_obj(mp_obj_dict_t);
    d->base.type = &mp_type_dict;
    d->map = *m;
    m->all_keys_are_qstrs = 0;
    m->is_fixed = 1;
    m->is_ordered = 1;
    m->used = 0;
    m->alloc = 0;
    m->table = (mp_map_elem_t *)(void *)d;
    return MP_OBJ_FROM_PTR(d);
}

void hlc_instance_set_dict(struct _mp_obj_instance_t *self, mp_obj_t dict) {
    mp_map_t *m = &self->members;
    m->all_keys_are_qstrs = 0;
    m->is_fixed = 1;
    m->is_ordered = 1;
    m->used = 0;
    m->alloc = 0;
    m->table = (mp_map_elem_t *)MP_OBJ_TO_PTR(dict);
}

// Class-level hooks (there are no metaclasses; 0017-class-hooks-mro.patch puts these in type's
// slots): Cls[k] via __class_getitem__ (a builtin type subscripted is itself, for list[int]
// annotations), iter(Cls) via __class_iter__, len(Cls) via __class_len__, repr(Cls) via
// __class_repr__ (type_print), X | Y of types (a tuple) for annotations.
bool hlc_type_hook(mp_obj_t self_in, qstr hook, size_t n, const mp_obj_t *args, mp_obj_t *ret) {
    mp_obj_t dest[3];
    if (!mp_obj_is_instance_type((mp_obj_type_t *)MP_OBJ_TO_PTR(self_in))) {
        return false;
    }
    mp_load_method_maybe(self_in, hook, dest);
    if (dest[0] == MP_OBJ_NULL) {
        return false;
    }
    if (dest[1] == MP_OBJ_NULL) {
        dest[1] = self_in;
    }
    if (n) {
        dest[2] = args[0];
    }
    *ret = mp_call_method_n_kw(n, 0, dest);
    return true;
}

mp_obj_t hlc_type_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    mp_obj_t ret;
    if (value == MP_OBJ_SENTINEL && hlc_type_hook(self_in, MP_QSTR___class_getitem__, 1, &index, &ret)) {
        return ret;
    }
    if (value == MP_OBJ_SENTINEL && !mp_obj_is_instance_type((mp_obj_type_t *)MP_OBJ_TO_PTR(self_in))) {
        return self_in;
    }
    return MP_OBJ_NULL;
}

mp_obj_t hlc_type_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *iter_buf) {
    (void)iter_buf;
    mp_obj_t ret;
    if (hlc_type_hook(self_in, MP_QSTR___class_iter__, 0, NULL, &ret)) {
        return mp_getiter(ret, iter_buf);
    }
    mp_raise_TypeError(MP_ERROR_TEXT("'type' object is not iterable"));
}

mp_obj_t hlc_type_unary_op(mp_unary_op_t op, mp_obj_t self_in) {
    mp_obj_t ret;
    if (op == MP_UNARY_OP_HASH) {
        return MP_OBJ_NEW_SMALL_INT((mp_uint_t)self_in);
    }
    if (op == MP_UNARY_OP_BOOL) {
        return mp_const_true;
    }
    if (op == MP_UNARY_OP_LEN && hlc_type_hook(self_in, MP_QSTR___class_len__, 0, NULL, &ret)) {
        return ret;
    }
    return MP_OBJ_NULL;
}

mp_obj_t hlc_type_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (op == MP_BINARY_OP_OR && (rhs == mp_const_none || mp_obj_is_type(rhs, &mp_type_type) || mp_obj_is_type(rhs, &mp_type_tuple))) {
        mp_obj_t items[2] = { lhs, rhs == mp_const_none ? MP_OBJ_FROM_PTR(&mp_type_NoneType) : rhs };
        return mp_obj_new_tuple(2, items);
    }
    return MP_OBJ_NULL;
}

// __hlc_annotate__(name, value): what `name: annotation` in a class body compiles to
// (0016-class-annotations.patch): stores into the class body's __annotations__.
static mp_obj_t hlc_builtin_annotate(mp_obj_t name, mp_obj_t value) {
    mp_obj_dict_t *locals = mp_locals_get();
    mp_map_elem_t *e = mp_map_lookup(&locals->map, MP_OBJ_NEW_QSTR(MP_QSTR___annotations__), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
    if (e->value == MP_OBJ_NULL) {
        e->value = mp_obj_new_dict(0);
    }
    mp_obj_dict_store(e->value, name, value);
    return mp_const_none;
}
MP_DEFINE_CONST_FUN_OBJ_2(hlc_builtin_annotate_obj, hlc_builtin_annotate);

// ---- built-in functions: repr <built-in function len>, __name__ ----
// MicroPython's built-in function objects carry no name: it is the key they are stored under in
// builtins, a loaded module or a built-in module.

static qstr name_in(const mp_map_t *map, mp_obj_t fun) {
    for (size_t i = 0; i < map->alloc; i++) {
        if (mp_map_slot_is_filled(map, i) && map->table[i].value == fun && mp_obj_is_qstr(map->table[i].key)) {
            return MP_OBJ_QSTR_VALUE(map->table[i].key);
        }
    }
    return MP_QSTRnull;
}

static qstr name_in_modules(const mp_map_t *modules, mp_obj_t fun) {
    for (size_t i = 0; i < modules->alloc; i++) {
        if (mp_map_slot_is_filled(modules, i) && mp_obj_is_type(modules->table[i].value, &mp_type_module)) {
            qstr q = name_in(&mp_obj_module_get_globals(modules->table[i].value)->map, fun);
            if (q != MP_QSTRnull) {
                return q;
            }
        }
    }
    return MP_QSTRnull;
}

static qstr builtin_fun_name(mp_obj_t fun) {
    qstr q = name_in(&mp_module_builtins.globals->map, fun);
    if (q == MP_QSTRnull) {
        q = name_in_modules(&MP_STATE_VM(mp_loaded_modules_dict).map, fun);
    }
    if (q == MP_QSTRnull) {
        q = name_in_modules(&mp_builtin_module_map, fun);
    }
    return q;
}

void hlc_builtin_fun_print(const mp_print_t *print, mp_obj_t self, mp_print_kind_t kind) {
    (void)kind;
    qstr q = builtin_fun_name(self);
    if (q == MP_QSTRnull) {
        mp_print_str(print, "<built-in function>");
    } else {
        mp_printf(print, "<built-in function %q>", q);
    }
}

void hlc_builtin_fun_attr(mp_obj_t self, qstr attr, mp_obj_t *dest) {
    if (dest[0] == MP_OBJ_NULL && (attr == MP_QSTR___name__ || attr == MP_QSTR___qualname__)) {
        qstr q = builtin_fun_name(self);
        if (q != MP_QSTRnull) {
            dest[0] = MP_OBJ_NEW_QSTR(q);
        }
    }
}
