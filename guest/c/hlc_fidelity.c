// Core-language fidelity fixes found by the CPython fidelity suite (tests/fidelity/): the
// runtime side of several patches of guest/micropython/patches. Each function is
// reached from a patched MicroPython source, from a builtins table entry or from a method
// table macro in hlc_compat.h.
#include <string.h>

#include "py/builtin.h"
#include "py/objlist.h"
#include "py/parsenum.h"
#include "py/objstr.h"
#include "py/objtuple.h"
#include "py/runtime.h"

#include "hlc_compat.h"

// repr(obj) as a C string, for messages (mp_printf has no %r).
static const char *repr_cstr(mp_obj_t obj) {
    vstr_t v;
    mp_print_t print;
    vstr_init_print(&v, 16, &print);
    mp_obj_print_helper(&print, obj, PRINT_REPR);
    return vstr_null_terminated_str(&v);
}

// ---- list.sort / sorted: stable, as CPython (MicroPython's quicksort is not) ----

typedef struct {
    mp_obj_t key;
    mp_obj_t val;
} sort_item_t;

// CPython sorts with `<` only; reverse=True keeps equal items in their original order too.
static bool sort_less(mp_obj_t a, mp_obj_t b, bool reverse) {
    return reverse ? mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS, b, a))
                   : mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS, a, b));
}

static void merge_sort(sort_item_t *a, sort_item_t *tmp, size_t n, bool reverse) {
    if (n <= 12) {
        // insertion sort: compares each new item with its left neighbours (later < earlier)
        for (size_t i = 1; i < n; i++) {
            sort_item_t x = a[i];
            size_t j = i;
            while (j > 0 && sort_less(x.key, a[j - 1].key, reverse)) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = x;
        }
        return;
    }
    mp_cstack_check();
    size_t mid = n / 2;
    merge_sort(a, tmp, mid, reverse);
    merge_sort(a + mid, tmp, n - mid, reverse);
    if (!sort_less(a[mid].key, a[mid - 1].key, reverse)) {
        return; // already in order
    }
    memcpy(tmp, a, mid * sizeof(sort_item_t));
    size_t i = 0, j = mid, k = 0;
    while (i < mid && j < n) {
        // take from the right only when strictly smaller: stable
        if (sort_less(a[j].key, tmp[i].key, reverse)) {
            a[k++] = a[j++];
        } else {
            a[k++] = tmp[i++];
        }
    }
    while (i < mid) {
        a[k++] = tmp[i++];
    }
}

void hlc_list_sort(mp_obj_t list_in, mp_obj_t key_fn, bool reverse) {
    mp_obj_list_t *list = MP_OBJ_TO_PTR(list_in);
    size_t n = list->len;
    if (n < 2) {
        return;
    }
    // Keys are computed once per item (as CPython); the list is rewritten only at the end, so
    // an exception from a key or a comparison leaves it as it was.
    sort_item_t *items = m_new(sort_item_t, n);
    sort_item_t *tmp = m_new(sort_item_t, n / 2 + 1);
    for (size_t i = 0; i < n; i++) {
        items[i].val = list->items[i];
        items[i].key = key_fn == MP_OBJ_NULL ? list->items[i] : mp_call_function_1(key_fn, list->items[i]);
    }
    merge_sort(items, tmp, n, reverse);
    if (list->len != n) {
        mp_raise_ValueError(MP_ERROR_TEXT("list modified during sort"));
    }
    for (size_t i = 0; i < n; i++) {
        list->items[i] = items[i].val;
    }
    m_del(sort_item_t, items, n);
    m_del(sort_item_t, tmp, n / 2 + 1);
}

// ---- builtins: vars(), iter(callable, sentinel) ----

static mp_obj_t hlc_builtin_vars(size_t n_args, const mp_obj_t *args) {
    if (n_args == 0) {
        return MP_OBJ_FROM_PTR(mp_locals_get());
    }
    mp_obj_t dest[2];
    mp_load_method_protected(args[0], MP_QSTR___dict__, dest, true);
    if (dest[0] == MP_OBJ_NULL) {
        mp_raise_TypeError(MP_ERROR_TEXT("vars() argument must have __dict__ attribute"));
    }
    return dest[0];
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_builtin_vars_obj, 0, 1, hlc_builtin_vars);

typedef struct {
    mp_obj_base_t base;
    mp_obj_t callable;
    mp_obj_t sentinel;
} callable_iter_t;

static mp_obj_t callable_iter_next(mp_obj_t self_in) {
    callable_iter_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->callable == MP_OBJ_NULL) {
        return MP_OBJ_STOP_ITERATION;
    }
    mp_obj_t value = mp_call_function_0(self->callable);
    if (mp_obj_equal(value, self->sentinel)) {
        self->callable = MP_OBJ_NULL;
        return MP_OBJ_STOP_ITERATION;
    }
    return value;
}

static MP_DEFINE_CONST_OBJ_TYPE(
    hlc_type_callable_iterator,
    MP_QSTR_callable_iterator,
    MP_TYPE_FLAG_ITER_IS_ITERNEXT,
    iter, callable_iter_next
    );

static mp_obj_t hlc_builtin_iter(size_t n_args, const mp_obj_t *args) {
    if (n_args == 1) {
        return mp_getiter(args[0], NULL);
    }
    if (!mp_obj_is_callable(args[0])) {
        mp_raise_TypeError(MP_ERROR_TEXT("iter(v, w): v must be callable"));
    }
    callable_iter_t *o = mp_obj_malloc(callable_iter_t, &hlc_type_callable_iterator);
    o->callable = args[0];
    o->sentinel = args[1];
    return MP_OBJ_FROM_PTR(o);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_builtin_iter_obj, 1, 2, hlc_builtin_iter);

// ---- str.format: '{0[1]}', '{user[name]}', '{p.x}' field lookups ----

mp_obj_t hlc_format_field(mp_obj_t arg, const char *s, const char *top) {
    while (s < top) {
        if (*s == '.') {
            const char *start = ++s;
            while (s < top && *s != '.' && *s != '[') {
                s++;
            }
            if (s == start) {
                mp_raise_ValueError(MP_ERROR_TEXT("Empty attribute in format string"));
            }
            arg = mp_load_attr(arg, qstr_from_strn(start, s - start));
        } else if (*s == '[') {
            const char *start = ++s;
            while (s < top && *s != ']') {
                s++;
            }
            if (s == top) {
                mp_raise_ValueError(MP_ERROR_TEXT("Missing ']' in format string"));
            }
            bool digits = s > start;
            for (const char *p = start; p < s; p++) {
                digits = digits && unichar_isdigit(*p);
            }
            mp_obj_t index = digits ? mp_parse_num_integer(start, s - start, 10, NULL) : mp_obj_new_str(start, s - start);
            arg = mp_obj_subscr(arg, index, MP_OBJ_SENTINEL);
            s++; // ']'
        } else {
            mp_raise_ValueError(MP_ERROR_TEXT("Only '.' or '[' may follow ']' in format field specifier"));
        }
    }
    return arg;
}

// str.format_map(mapping): the format helper's keyword map is a marked empty map carrying the
// mapping, whose fields are looked up with mapping[key] (so a dict subclass's __missing__ runs).
typedef struct {
    mp_map_t map;
    mp_obj_t mapping;
} format_map_t;
static const mp_map_elem_t format_map_marker;

mp_obj_t hlc_format_kwarg(mp_map_t *kwargs, mp_obj_t key) {
    if (kwargs->table == &format_map_marker) {
        return mp_obj_subscr(((format_map_t *)(void *)kwargs)->mapping, key, MP_OBJ_SENTINEL);
    }
    mp_map_elem_t *elem = mp_map_lookup(kwargs, key, MP_MAP_LOOKUP);
    if (elem == NULL) {
        mp_raise_type_arg(&mp_type_KeyError, key);
    }
    return elem->value;
}

static mp_obj_t hlc_str_format_map(mp_obj_t self, mp_obj_t mapping) {
    if (!mp_obj_is_str(self)) {
        mp_raise_TypeError(MP_ERROR_TEXT("descriptor 'format_map' requires a 'str' object"));
    }
    format_map_t m = { .mapping = mapping };
    m.map.is_fixed = 1;
    m.map.table = (mp_map_elem_t *)&format_map_marker;
    return mp_obj_str_format(1, &self, &m.map);
}
MP_DEFINE_CONST_FUN_OBJ_2(hlc_str_format_map_obj, hlc_str_format_map);

// ---- range.index(), range.count() ----

static mp_obj_t range_index_or_count(mp_obj_t self_in, mp_obj_t value, bool count) {
    mp_int_t start = mp_obj_get_int(mp_load_attr(self_in, MP_QSTR_start));
    mp_int_t stop = mp_obj_get_int(mp_load_attr(self_in, MP_QSTR_stop));
    mp_int_t step = mp_obj_get_int(mp_load_attr(self_in, MP_QSTR_step));
    if (mp_obj_is_int(value)) {
        mp_int_t v = mp_obj_get_int(value);
        bool in = step > 0 ? (v >= start && v < stop) : (v <= start && v > stop);
        if (in && (v - start) % step == 0) {
            return MP_OBJ_NEW_SMALL_INT(count ? 1 : (v - start) / step);
        }
    }
    if (count) {
        return MP_OBJ_NEW_SMALL_INT(0);
    }
    mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("%s is not in range"), repr_cstr(value));
}
static mp_obj_t hlc_range_index(mp_obj_t self_in, mp_obj_t value) {
    return range_index_or_count(self_in, value, false);
}
static MP_DEFINE_CONST_FUN_OBJ_2(hlc_range_index_obj, hlc_range_index);
static mp_obj_t hlc_range_count(mp_obj_t self_in, mp_obj_t value) {
    return range_index_or_count(self_in, value, true);
}
static MP_DEFINE_CONST_FUN_OBJ_2(hlc_range_count_obj, hlc_range_count);

void hlc_range_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    if (attr == MP_QSTR_index) {
        dest[0] = MP_OBJ_FROM_PTR(&hlc_range_index_obj);
        dest[1] = self_in;
    } else if (attr == MP_QSTR_count) {
        dest[0] = MP_OBJ_FROM_PTR(&hlc_range_count_obj);
        dest[1] = self_in;
    }
}

// ---- keyword arguments for builtin methods that take only positional ones ----

// Calls `fun(self, p1, ..., pn)` with p_i from the positional args or by keyword `names[i]`;
// a parameter given by neither takes `defaults[i]` (when a later one is given).
mp_obj_t hlc_call_with_kw(mp_fun_var_t fun, size_t n_args, const mp_obj_t *args, mp_map_t *kw,
    const qstr *names, const mp_obj_t *defaults, size_t n_names) {
    if (kw->used == 0) {
        return fun(n_args, args);
    }
    mp_obj_t all[8];
    assert(n_names < MP_ARRAY_SIZE(all));
    size_t n = n_args;
    for (size_t i = 0; i < n_args; i++) {
        all[i] = args[i];
    }
    size_t found = 0;
    for (size_t i = n_args - 1; i < n_names; i++) {
        mp_map_elem_t *e = mp_map_lookup(kw, MP_OBJ_NEW_QSTR(names[i]), MP_MAP_LOOKUP);
        all[i + 1] = e ? e->value : defaults[i];
        if (e) {
            found++;
            n = i + 2;
        }
    }
    if (found != kw->used) {
        for (size_t i = 0; i < kw->alloc; i++) {
            if (mp_map_slot_is_filled(kw, i)) {
                bool known = false;
                for (size_t j = n_args - 1; j < n_names; j++) {
                    known = known || mp_obj_equal(kw->table[i].key, MP_OBJ_NEW_QSTR(names[j]));
                }
                if (!known) {
                    mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("'%s' is an invalid keyword argument"),
                        mp_obj_str_get_str(kw->table[i].key));
                }
            }
        }
        mp_raise_TypeError(MP_ERROR_TEXT("argument given by position and keyword"));
    }
    return fun(n, all);
}

// ---- str.maketrans(), str.translate() ----

static mp_obj_t hlc_str_maketrans(size_t n_args, const mp_obj_t *args) {
    mp_obj_t table = mp_obj_new_dict(0);
    if (n_args == 1) {
        if (!mp_obj_is_type(args[0], &mp_type_dict)) {
            mp_raise_TypeError(MP_ERROR_TEXT("if you give only one argument to maketrans it must be a dict"));
        }
        mp_map_t *m = mp_obj_dict_get_map(args[0]);
        for (size_t i = 0; i < m->alloc; i++) {
            if (mp_map_slot_is_filled(m, i)) {
                mp_obj_t k = m->table[i].key;
                if (mp_obj_is_str(k)) {
                    if (mp_obj_get_int(mp_obj_len(k)) != 1) {
                        mp_raise_ValueError(MP_ERROR_TEXT("string keys in translate table must be of length 1"));
                    }
                    k = mp_call_function_1(MP_OBJ_FROM_PTR(&mp_builtin_ord_obj), k);
                }
                mp_obj_dict_store(table, k, m->table[i].value);
            }
        }
        return table;
    }
    mp_obj_t from = mp_obj_new_list(0, NULL), to = mp_obj_new_list(0, NULL);
    mp_obj_t it = mp_getiter(args[0], NULL), ch;
    while ((ch = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
        mp_obj_list_append(from, ch);
    }
    it = mp_getiter(args[1], NULL);
    while ((ch = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
        mp_obj_list_append(to, ch);
    }
    size_t nf, nt;
    mp_obj_t *f, *t;
    mp_obj_list_get(from, &nf, &f);
    mp_obj_list_get(to, &nt, &t);
    if (nf != nt) {
        mp_raise_ValueError(MP_ERROR_TEXT("the first two maketrans arguments must have equal length"));
    }
    for (size_t i = 0; i < nf; i++) {
        mp_obj_dict_store(table, mp_call_function_1(MP_OBJ_FROM_PTR(&mp_builtin_ord_obj), f[i]), mp_call_function_1(MP_OBJ_FROM_PTR(&mp_builtin_ord_obj), t[i]));
    }
    if (n_args == 3) {
        it = mp_getiter(args[2], NULL);
        while ((ch = mp_iternext(it)) != MP_OBJ_STOP_ITERATION) {
            mp_obj_dict_store(table, mp_call_function_1(MP_OBJ_FROM_PTR(&mp_builtin_ord_obj), ch), mp_const_none);
        }
    }
    return table;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_str_maketrans_fun_obj, 1, 3, hlc_str_maketrans);
MP_DEFINE_CONST_STATICMETHOD_OBJ(hlc_str_maketrans_obj, MP_ROM_PTR(&hlc_str_maketrans_fun_obj));

static mp_obj_t hlc_str_translate(mp_obj_t self_in, mp_obj_t table) {
    if (!mp_obj_is_str(self_in)) {
        mp_raise_TypeError(MP_ERROR_TEXT("translate() needs a str"));
    }
    size_t len;
    const byte *s = (const byte *)mp_obj_str_get_data(self_in, &len);
    const byte *top = s + len;
    vstr_t out;
    vstr_init(&out, len);
    while (s < top) {
        const byte *start = s;
        unichar c = utf8_get_char(s);
        s = utf8_next_char(s);
        mp_obj_t repl = MP_OBJ_NULL;
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            repl = mp_obj_subscr(table, MP_OBJ_NEW_SMALL_INT(c), MP_OBJ_SENTINEL);
            nlr_pop();
        } else if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(((mp_obj_base_t *)nlr.ret_val)->type), MP_OBJ_FROM_PTR(&mp_type_LookupError))) {
            nlr_jump(nlr.ret_val);
        }
        if (repl == MP_OBJ_NULL) {
            vstr_add_strn(&out, (const char *)start, s - start);
        } else if (repl == mp_const_none) {
            // deleted
        } else if (mp_obj_is_small_int(repl)) {
            vstr_add_char(&out, MP_OBJ_SMALL_INT_VALUE(repl));
        } else if (mp_obj_is_str(repl)) {
            size_t rl;
            const char *r = mp_obj_str_get_data(repl, &rl);
            vstr_add_strn(&out, r, rl);
        } else {
            mp_raise_TypeError(MP_ERROR_TEXT("character mapping must return integer, None or str"));
        }
    }
    return mp_obj_new_str_from_vstr(&out);
}
MP_DEFINE_CONST_FUN_OBJ_2(hlc_str_translate_obj, hlc_str_translate);

// ---- CPython's exception wording ----

MP_NORETURN void hlc_raise_zero_division(mp_binary_op_t op, bool is_float) {
    if (op >= MP_BINARY_OP_INPLACE_OR && op <= MP_BINARY_OP_INPLACE_POWER) {
        op += MP_BINARY_OP_OR - MP_BINARY_OP_INPLACE_OR;
    } else if (op >= MP_BINARY_OP_REVERSE_OR && op <= MP_BINARY_OP_REVERSE_POWER) {
        op -= MP_BINARY_OP_REVERSE_OR - MP_BINARY_OP_OR;
    }
    const char *msg;
    if (is_float) {
        msg = op == MP_BINARY_OP_FLOOR_DIVIDE ? "float floor division by zero"
            : op == MP_BINARY_OP_MODULO ? "float modulo"
            : op == MP_BINARY_OP_DIVMOD ? "float divmod()"
            : op == MP_BINARY_OP_POWER ? "0.0 cannot be raised to a negative power"
            : "float division by zero";
    } else {
        msg = op == MP_BINARY_OP_FLOOR_DIVIDE || op == MP_BINARY_OP_DIVMOD ? "integer division or modulo by zero"
            : op == MP_BINARY_OP_MODULO ? "integer modulo by zero"
            : "division by zero";
    }
    mp_raise_msg_varg(&mp_type_ZeroDivisionError, MP_ERROR_TEXT("%s"), msg);
}

MP_NORETURN void hlc_raise_float_parse(const char *str, size_t len) {
    mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("could not convert string to float: %s"),
        repr_cstr(mp_obj_new_str(str, len)));
}

MP_NORETURN void hlc_raise_int_arg(mp_obj_t arg) {
    mp_raise_msg_varg(&mp_type_TypeError,
        MP_ERROR_TEXT("int() argument must be a string, a bytes-like object or a real number, not '%s'"),
        mp_obj_get_type_str(arg));
}

// list.index(x) / tuple.index(x) with x absent (self is args[0], x is args[1]).
MP_NORETURN void hlc_raise_not_in_seq(const mp_obj_t *args) {
    if (mp_obj_is_type(args[0], &mp_type_tuple)) {
        mp_raise_ValueError(MP_ERROR_TEXT("tuple.index(x): x not in tuple"));
    }
    mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("%s is not in list"), repr_cstr(args[1]));
}

// list.remove(x) with x absent.
void hlc_list_remove_check(mp_obj_t self_in, mp_obj_t value) {
    size_t len;
    mp_obj_t *items;
    mp_obj_list_get(self_in, &len, &items);
    for (size_t i = 0; i < len; i++) {
        if (mp_obj_equal(items[i], value)) {
            return;
        }
    }
    mp_raise_ValueError(MP_ERROR_TEXT("list.remove(x): x not in list"));
}
