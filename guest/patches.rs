//! Our build-time patches to the pinned MicroPython source, applied to the copy in OUT_DIR.
//! Each one brings a behaviour models rely on in line with CPython, mostly by routing into our
//! own code (`c/hlc_compat.c`, `src/python/floatfmt.rs`). Each must apply exactly, so a change
//! of the pinned version fails the build instead of silently dropping one.

use std::path::Path;

struct Patch {
    file: &'static str,
    why: &'static str,
    from: &'static str,
    to: &'static str,
    /// How many occurrences must be replaced (0 = at least one).
    count: usize,
}

/// Files that call into hlc_compat.c: they get `#include "hlc_compat.h"` on top.
const INCLUDE_COMPAT: &[&str] = &[
    "py/modbuiltins.c",
    "py/objstr.c",
    "py/objstrunicode.c",
    "py/objlist.c",
    "py/objint.c",
    "py/runtime.c",
    "py/builtinimport.c",
    "py/objdict.c",
    // fidelity block
    "py/objfloat.c",
    "py/objint_mpz.c",
    "py/objrange.c",
    "py/parsenum.c",
    "py/sequence.c",
    // built-in types block (TYPES)
    "py/objslice.c",
    "py/objtuple.c",
    "py/objset.c",
];

const PATCHES: &[Patch] = &[
    // ---- floats: exact conversions (Rust), CPython layout ----
    Patch {
        file: "py/mpprint.c",
        why: "float formatting by hlc_compat.c's mp_print_float (exact digits, CPython layout, separators)",
        from: "int mp_print_float(const mp_print_t *print, mp_float_t f, char fmt, unsigned int flags, char fill, int width, int prec) {",
        to: "int mp_print_float_upstream(const mp_print_t *print, mp_float_t f, char fmt, unsigned int flags, char fill, int width, int prec);\n\
             int mp_print_float_upstream(const mp_print_t *print, mp_float_t f, char fmt, unsigned int flags, char fill, int width, int prec) {",
        count: 1,
    },
    Patch {
        file: "py/parsenum.c",
        why: "float parsing correctly rounded by hlc_compat.c's mp_parse_float_internal",
        from: "const char *mp_parse_float_internal(const char *str, size_t len, mp_float_t *res) {",
        to: "const char *mp_parse_float_internal_upstream(const char *str, size_t len, mp_float_t *res);\n\
             const char *mp_parse_float_internal_upstream(const char *str, size_t len, mp_float_t *res) {",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "round(x, n) correctly rounded, as CPython",
        from: "        mp_float_t mult = MICROPY_FLOAT_C_FUN(pow)(10, (mp_float_t)num_dig);\n        \
               // TODO may lead to overflow\n        \
               mp_float_t rounded = MICROPY_FLOAT_C_FUN(nearbyint)(val * mult) / mult;",
        to: "        mp_float_t rounded = hlc_float_round(val, num_dig);",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "format spec without a type ('{:10}', '{:.3}') prints floats like CPython: repr digits, '.0' kept",
        from: "                type = 'g';\n            }\n            if (type == 'n') {",
        to: "                type = 'g';\n                flags |= PF_FLAG_ALWAYS_DECIMAL;\n                \
             if (precision < 0) {\n                    precision = 99; // MP_FLOAT_REPR_PREC\n                }\n            }\n            \
             if (type == 'n') {",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "'%#.0f' / '%#g': the alternate form for floats in %-formatting",
        from: "                mp_print_float(&print, mp_obj_get_float(arg), *str, flags, fill, width, prec);",
        to: "                mp_print_float(&print, mp_obj_get_float(arg), *str, flags | (alt ? PF_FLAG_SHOW_PREFIX : 0), fill, width, prec);",
        count: 1,
    },
    // ---- slices with a step ----
    Patch {
        file: "py/objstr.c",
        why: "bytes[i:j:k]",
        from: "            if (!mp_seq_get_fast_slice_indexes(self_len, index, &slice)) {\n                \
               mp_raise_NotImplementedError(MP_ERROR_TEXT(\"only slices with step=1 (aka None) are supported\"));",
        to: "            if (!mp_seq_get_fast_slice_indexes(self_len, index, &slice)) {\n                \
             return hlc_bytes_slice_step(self_in, index);",
        count: 1,
    },
    Patch {
        file: "py/objstrunicode.c",
        why: "str[i:j:k] (e.g. s[::-1])",
        from: "                mp_raise_NotImplementedError(MP_ERROR_TEXT(\"only slices with step=1 (aka None) are supported\"));",
        to: "                return hlc_str_slice_step(self_in, index);",
        count: 1,
    },
    Patch {
        file: "py/objlist.c",
        why: "a[i:j:k] = seq and del a[i:j:k]",
        from: "        // assign/delete\n        if (value == MP_OBJ_NULL) {",
        to: "        // assign/delete\n        if (!fast) {\n            return hlc_list_assign_step(self_in, index, value);\n        }\n        \
             if (value == MP_OBJ_NULL) {",
        count: 1,
    },
    // ---- methods and builtins ----
    Patch {
        file: "py/objstr.c",
        why: "str methods: center(width, fill), ljust, rjust, zfill, title, capitalize, ...",
        from: "    #if MICROPY_PY_BUILTINS_STR_CENTER\n    { MP_ROM_QSTR(MP_QSTR_center), MP_ROM_PTR(&str_center_obj) },\n    #endif",
        to: "    HLC_STR_EXTRA_METHODS",
        count: 1,
    },
    Patch {
        file: "py/objint.c",
        why: "int.bit_length(), int.bit_count()",
        from: "static const mp_rom_map_elem_t int_locals_dict_table[] = {\n",
        to: "static const mp_rom_map_elem_t int_locals_dict_table[] = {\n    HLC_INT_EXTRA_METHODS\n",
        count: 1,
    },
    Patch {
        file: "py/objstrunicode.c",
        why: "repr() keeps printable non-ASCII characters ('café', not 'caf\\xe9')",
        from: "        } else if (ch < 0x100) {\n            mp_printf(print, \"\\\\x%02x\", ch);",
        to: "        } else if (hlc_repr_unichar(print, ch)) {\n        } else if (ch < 0x100) {\n            mp_printf(print, \"\\\\x%02x\", ch);",
        count: 1,
    },
    // ---- dicts keep insertion order (c/hlc_map.c) ----
    Patch {
        file: "py/map.c",
        why: "insertion-ordered dicts: hlc_map.c's mp_map_init allocates the dense table + hash index",
        from: "void mp_map_init(mp_map_t *map, size_t n) {",
        to: "void mp_map_init_upstream(mp_map_t *map, size_t n);\nvoid mp_map_init_upstream(mp_map_t *map, size_t n) {",
        count: 1,
    },
    Patch {
        file: "py/map.c",
        why: "insertion-ordered dicts: hlc_map.c's mp_map_lookup (upstream's kept for fixed/ordered maps)",
        from: "mp_map_elem_t *MICROPY_WRAP_MP_MAP_LOOKUP(mp_map_lookup)(mp_map_t * map, mp_obj_t index, mp_map_lookup_kind_t lookup_kind) {",
        to: "mp_map_elem_t *mp_map_lookup_upstream(mp_map_t *map, mp_obj_t index, mp_map_lookup_kind_t lookup_kind);\n\
             mp_map_elem_t *mp_map_lookup_upstream(mp_map_t *map, mp_obj_t index, mp_map_lookup_kind_t lookup_kind) {",
        count: 1,
    },
    Patch {
        file: "py/objdict.c",
        why: "dict.copy() copies the hash index along with the entries",
        from: "    memcpy(other->map.table, self->map.table, self->map.alloc * sizeof(mp_map_elem_t));",
        to: "    hlc_map_copy_table(&other->map, &self->map);",
        count: 1,
    },
    Patch {
        file: "py/objdict.c",
        why: "dict.popitem() removes the last inserted item, as CPython",
        from: "    size_t cur = 0;\n    #if MICROPY_PY_COLLECTIONS_ORDEREDDICT\n    if (self->map.is_ordered) {\n        \
               cur = self->map.used - 1;\n    }\n    #endif",
        to: "    size_t cur = self->map.is_ordered ? self->map.used - 1 : hlc_map_last_filled(&self->map);",
        count: 1,
    },
    // ---- exceptions: CPython's types and wording ----
    Patch {
        file: "py/runtime.c",
        why: "RecursionError",
        from: "mp_raise_type_arg(&mp_type_RuntimeError, MP_OBJ_NEW_QSTR(MP_QSTR_maximum_space_recursion_space_depth_space_exceeded));",
        to: "mp_raise_type_arg(&mp_type_RecursionError, MP_OBJ_NEW_QSTR(MP_QSTR_maximum_space_recursion_space_depth_space_exceeded));",
        count: 1,
    },
    Patch {
        file: "py/runtime.c",
        why: "TypeError wording for unsupported operands",
        from: "    mp_raise_msg_varg(&mp_type_TypeError,\n        MP_ERROR_TEXT(\"unsupported types for %q: '%s', '%s'\"),\n        \
               mp_binary_op_method_name[op], mp_obj_get_type_str(lhs), mp_obj_get_type_str(rhs));",
        to: "    hlc_raise_binop_error(op, lhs, rhs);",
        count: 1,
    },
    Patch {
        file: "py/builtinimport.c",
        why: "ModuleNotFoundError: No module named 'x'",
        from: "mp_raise_msg_varg(&mp_type_ImportError, MP_ERROR_TEXT(\"no module named '%q'\")",
        to: "mp_raise_msg_varg(&mp_type_ModuleNotFoundError, MP_ERROR_TEXT(\"No module named '%q'\")",
        count: 2,
    },
    Patch {
        file: "py/objexcept.c",
        why: "str(KeyError('k')) is \"'k'\", as CPython",
        from: "        if (o->args->len == 1) {\n            mp_obj_print_helper(print, o->args->items[0], PRINT_STR);",
        to: "        if (o->args->len == 1) {\n            \
             mp_obj_print_helper(print, o->args->items[0], mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(o->base.type), \
             MP_OBJ_FROM_PTR(&mp_type_KeyError)) ? PRINT_REPR : PRINT_STR);",
        count: 1,
    },
    Patch {
        file: "py/objexcept.c",
        why: "repr(ValueError('x')) is \"ValueError('x')\" (no tuple comma), as CPython",
        from: "    mp_obj_tuple_print(print, MP_OBJ_FROM_PTR(o->args), kind);\n}",
        to: "    if (k == PRINT_REPR && o->args->len == 1) {\n        mp_print_str(print, \"(\");\n        \
             mp_obj_print_helper(print, o->args->items[0], PRINT_REPR);\n        mp_print_str(print, \")\");\n        return;\n    }\n    \
             mp_obj_tuple_print(print, MP_OBJ_FROM_PTR(o->args), kind);\n}",
        count: 1,
    },
    Patch {
        file: "py/parsenum.c",
        why: "int('x') wording",
        from: "\"invalid syntax for integer with base %d",
        to: "\"invalid literal for int() with base %d",
        count: 2,
    },
    // ---- stdlib (frozen modules): class-body annotations, __init_subclass__, class-level hooks ----
    Patch {
        file: "py/compile.c",
        why: "class bodies record `name: annotation` in __annotations__ (dataclasses, NamedTuple, TypedDict)",
        from: "        if (kind == PN_annassign) {\n            // the annotation is in pns1->nodes[0] and is ignored\n",
        to: "        if (kind == PN_annassign) {\n            \
             // in a class body the annotation (pns1->nodes[0]) is recorded in __annotations__\n            \
             if (comp->scope_cur->kind == SCOPE_CLASS && MP_PARSE_NODE_IS_ID(pns->nodes[0])) {\n                \
             compile_load_id(comp, MP_QSTR___hlc_annotate__);\n                \
             EMIT_ARG(load_const_str, MP_PARSE_NODE_LEAF_ARG(pns->nodes[0]));\n                \
             compile_node(comp, pns1->nodes[0]);\n                \
             EMIT_ARG(call_function, 2, 0, 0);\n                \
             EMIT(pop_top);\n            }\n",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "__hlc_annotate__(name, value): stores into the class body's __annotations__ (see compile.c)",
        from: "MP_DEFINE_CONST_FUN_OBJ_VAR(mp_builtin___build_class___obj, 2, mp_builtin___build_class__);\n",
        to: "MP_DEFINE_CONST_FUN_OBJ_VAR(mp_builtin___build_class___obj, 2, mp_builtin___build_class__);\n\
             static mp_obj_t hlc_builtin_annotate(mp_obj_t name, mp_obj_t value) {\n    \
             mp_obj_dict_t *locals = mp_locals_get();\n    \
             mp_map_elem_t *e = mp_map_lookup(&locals->map, MP_OBJ_NEW_QSTR(MP_QSTR___annotations__), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);\n    \
             if (e->value == MP_OBJ_NULL) {\n        e->value = mp_obj_new_dict(0);\n    }\n    \
             mp_obj_dict_store(e->value, name, value);\n    return mp_const_none;\n}\n\
             static MP_DEFINE_CONST_FUN_OBJ_2(hlc_builtin_annotate_obj, hlc_builtin_annotate);\n",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "__hlc_annotate__ in builtins",
        from: "    MICROPY_PORT_EXTRA_BUILTINS\n};",
        to: "    MICROPY_PORT_EXTRA_BUILTINS\n    { MP_ROM_QSTR(MP_QSTR___hlc_annotate__), MP_ROM_PTR(&hlc_builtin_annotate_obj) },\n};",
        count: 1,
    },
    Patch {
        file: "py/objtype.c",
        why: "__init_subclass__ called on the parent when a class is created, as CPython (enum, NamedTuple)",
        from: "    setname_consume_call_all(&setname_list, MP_OBJ_FROM_PTR(o));\n    #endif\n\n    return MP_OBJ_FROM_PTR(o);\n}",
        to: "    setname_consume_call_all(&setname_list, MP_OBJ_FROM_PTR(o));\n    #endif\n\n    \
             for (size_t i = 0; i < bases_len; i++) {\n        \
             // the first Python-class base defining it (builtin bases have none); bound to the new class\n        \
             if (!mp_obj_is_instance_type((mp_obj_type_t *)MP_OBJ_TO_PTR(bases_items[i]))) {\n            continue;\n        }\n        \
             mp_obj_t dest[2];\n        \
             mp_load_method_maybe(bases_items[i], MP_QSTR___init_subclass__, dest);\n        \
             if (dest[0] != MP_OBJ_NULL) {\n            \
             dest[1] = MP_OBJ_FROM_PTR(o);\n            \
             mp_call_method_n_kw(0, 0, dest);\n            break;\n        }\n    }\n\n    \
             return MP_OBJ_FROM_PTR(o);\n}",
        count: 1,
    },
    Patch {
        file: "py/objtype.c",
        why: "class-level hooks (no metaclasses here): Cls[k] via __class_getitem__ (builtin types: Cls itself, \
              for list[int] annotations), iter(Cls) via __class_iter__, len(Cls) via __class_len__, \
              repr(Cls) via __class_repr__, X | Y of types for annotations",
        from: "static void type_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {\n    \
               (void)kind;\n    mp_obj_type_t *self = MP_OBJ_TO_PTR(self_in);\n",
        to: "static bool hlc_type_hook(mp_obj_t self_in, qstr hook, size_t n, const mp_obj_t *args, mp_obj_t *ret) {\n    \
             mp_obj_t dest[3];\n    \
             if (!mp_obj_is_instance_type((mp_obj_type_t *)MP_OBJ_TO_PTR(self_in))) {\n        return false;\n    }\n    \
             mp_load_method_maybe(self_in, hook, dest);\n    \
             if (dest[0] == MP_OBJ_NULL) {\n        return false;\n    }\n    \
             if (dest[1] == MP_OBJ_NULL) {\n        dest[1] = self_in;\n    }\n    \
             if (n) {\n        dest[2] = args[0];\n    }\n    \
             *ret = mp_call_method_n_kw(n, 0, dest);\n    return true;\n}\n\
             static mp_obj_t hlc_type_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {\n    \
             mp_obj_t ret;\n    \
             if (value == MP_OBJ_SENTINEL && hlc_type_hook(self_in, MP_QSTR___class_getitem__, 1, &index, &ret)) {\n        return ret;\n    }\n    \
             if (value == MP_OBJ_SENTINEL && !mp_obj_is_instance_type((mp_obj_type_t *)MP_OBJ_TO_PTR(self_in))) {\n        return self_in;\n    }\n    \
             return MP_OBJ_NULL;\n}\n\
             static mp_obj_t hlc_type_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *iter_buf) {\n    \
             (void)iter_buf;\n    mp_obj_t ret;\n    \
             if (hlc_type_hook(self_in, MP_QSTR___class_iter__, 0, NULL, &ret)) {\n        return mp_getiter(ret, iter_buf);\n    }\n    \
             mp_raise_TypeError(MP_ERROR_TEXT(\"'type' object is not iterable\"));\n}\n\
             static mp_obj_t hlc_type_unary_op(mp_unary_op_t op, mp_obj_t self_in) {\n    \
             mp_obj_t ret;\n    \
             if (op == MP_UNARY_OP_HASH) {\n        return MP_OBJ_NEW_SMALL_INT((mp_uint_t)self_in);\n    }\n    \
             if (op == MP_UNARY_OP_BOOL) {\n        return mp_const_true;\n    }\n    \
             if (op == MP_UNARY_OP_LEN && hlc_type_hook(self_in, MP_QSTR___class_len__, 0, NULL, &ret)) {\n        return ret;\n    }\n    \
             return MP_OBJ_NULL;\n}\n\
             static mp_obj_t hlc_type_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {\n    \
             if (op == MP_BINARY_OP_OR && (rhs == mp_const_none || mp_obj_is_type(rhs, &mp_type_type) || mp_obj_is_type(rhs, &mp_type_tuple))) {\n        \
             mp_obj_t items[2] = { lhs, rhs == mp_const_none ? MP_OBJ_FROM_PTR(&mp_type_NoneType) : rhs };\n        \
             return mp_obj_new_tuple(2, items);\n    }\n    \
             return MP_OBJ_NULL;\n}\n\
             static void type_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {\n    \
             (void)kind;\n    mp_obj_type_t *self = MP_OBJ_TO_PTR(self_in);\n    \
             mp_obj_t hooked;\n    \
             if (hlc_type_hook(self_in, MP_QSTR___class_repr__, 0, NULL, &hooked)) {\n        \
             mp_obj_print_helper(print, hooked, PRINT_STR);\n        return;\n    }\n",
        count: 1,
    },
    Patch {
        file: "py/objtype.c",
        why: "the class-level hooks above in type's slots",
        from: "    call, type_call,\n    attr, type_attr\n    );",
        to: "    call, type_call,\n    unary_op, hlc_type_unary_op,\n    binary_op, hlc_type_binary_op,\n    \
             subscr, hlc_type_subscr,\n    iter, hlc_type_getiter,\n    attr, type_attr\n    );",
        count: 1,
    },
    Patch {
        file: "py/objdict.c",
        why: "dict(d) / d.update(d2) / d == d2 with an instance of a dict subclass (Counter, defaultdict, ...)",
        from: "    if (n_args == 2) {\n        // given a positional argument\n\n        if (mp_obj_is_dict_or_ordereddict(args[1])) {",
        to: "    if (n_args == 2) {\n        // given a positional argument\n        \
             mp_obj_t hlc_args[2] = { args[0], args[1] };\n        \
             if (mp_obj_is_obj(args[1]) && (mp_obj_get_type(args[1])->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {\n            \
             mp_obj_t nb = mp_obj_cast_to_native_base(args[1], MP_OBJ_FROM_PTR(&mp_type_dict));\n            \
             if (nb != MP_OBJ_NULL) {\n                hlc_args[1] = nb;\n            }\n        }\n        \
             args = hlc_args;\n\n        if (mp_obj_is_dict_or_ordereddict(args[1])) {",
        count: 1,
    },
    Patch {
        file: "py/objdict.c",
        why: "d == instance of a dict subclass",
        from: "        case MP_BINARY_OP_EQUAL: {\n",
        to: "        case MP_BINARY_OP_EQUAL: {\n            \
             if (mp_obj_is_obj(rhs_in) && (mp_obj_get_type(rhs_in)->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {\n                \
             mp_obj_t nb = mp_obj_cast_to_native_base(rhs_in, MP_OBJ_FROM_PTR(&mp_type_dict));\n                \
             if (nb != MP_OBJ_NULL) {\n                    rhs_in = nb;\n                }\n            }\n",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "str.format / f-strings / format() call __format__ of Python classes (f\"{d:%Y-%m-%d}\")",
        from: "            arg = args[(*arg_i) + 1];\n            (*arg_i)++;\n        }\n        if (!format_spec && !conversion) {",
        to: "            arg = args[(*arg_i) + 1];\n            (*arg_i)++;\n        }\n        \
             if (format_spec && !conversion && mp_obj_is_obj(arg) && (mp_obj_get_type(arg)->flags & MP_TYPE_FLAG_INSTANCE_TYPE)) {\n            \
             mp_obj_t dest[3];\n            \
             mp_load_method_maybe(arg, MP_QSTR___format__, dest);\n            \
             if (dest[0] != MP_OBJ_NULL) {\n                \
             mp_cstack_check();\n                \
             vstr_t spec_vstr = mp_obj_str_format_helper(format_spec, str, arg_i, n_args, args, kwargs);\n                \
             dest[2] = mp_obj_new_str_from_vstr(&spec_vstr);\n                \
             mp_obj_t res = mp_call_method_n_kw(1, 0, dest);\n                \
             size_t res_len;\n                \
             const char *res_str = mp_obj_str_get_data(res, &res_len);\n                \
             vstr_add_strn(&vstr, res_str, res_len);\n                \
             continue;\n            }\n        }\n        \
             if (!format_spec && !conversion) {",
        count: 1,
    },
    Patch {
        file: "py/objtype.c",
        why: "obj.__dict__: a read-only copy, built entry by entry and marked ordered: upstream's lookup in a \
              fixed hashed map does not match hlc_map.c's dense tables (d['x'] raised KeyError)",
        from: "        mp_obj_dict_t dict;\n        dict.base.type = &mp_type_dict;\n        dict.map = self->members;\n        \
               dest[0] = mp_obj_dict_copy(MP_OBJ_FROM_PTR(&dict));\n        mp_obj_dict_t *dest_dict = MP_OBJ_TO_PTR(dest[0]);\n        \
               dest_dict->map.is_fixed = 1;\n",
        to: "        dest[0] = mp_obj_new_dict(self->members.used);\n        \
             for (size_t i = 0; i < self->members.alloc; i++) {\n            \
             if (mp_map_slot_is_filled(&self->members, i)) {\n                \
             mp_obj_dict_store(dest[0], self->members.table[i].key, self->members.table[i].value);\n            }\n        }\n        \
             mp_obj_dict_t *dest_dict = MP_OBJ_TO_PTR(dest[0]);\n        \
             dest_dict->map.is_fixed = 1;\n        dest_dict->map.is_ordered = 1;\n",
        count: 1,
    },
    Patch {
        file: "py/objtype.c",
        why: "as above, for a class's __dict__",
        from: "                dest[0] = mp_obj_dict_copy(MP_OBJ_FROM_PTR(dict));\n                \
               mp_obj_dict_t *dict_copy = MP_OBJ_TO_PTR(dest[0]);\n                dict_copy->map.is_fixed = 1;\n",
        to: "                dest[0] = mp_obj_new_dict(dict->map.used);\n                \
             for (size_t i = 0; i < dict->map.alloc; i++) {\n                    \
             if (mp_map_slot_is_filled(&dict->map, i)) {\n                        \
             mp_obj_dict_store(dest[0], dict->map.table[i].key, dict->map.table[i].value);\n                    }\n                }\n                \
             mp_obj_dict_t *dict_copy = MP_OBJ_TO_PTR(dest[0]);\n                \
             dict_copy->map.is_fixed = 1;\n                dict_copy->map.is_ordered = 1;\n",
        count: 1,
    },
    // ---- fresh VMs: gc_init clears only the tables the previous run used ----
    Patch {
        file: "py/gc.c",
        why: "gc_init zeroes the whole allocation and finaliser tables (1.5 MiB for a 64 MiB heap): \
              in a VM restored from the snapshot the heap is all zero already, and after a run the \
              entries past its last used block are; clearing only those keeps a restored VM from \
              touching (page-faulting) hundreds of pages it will not use",
        from: "static void gc_setup_area(mp_state_mem_area_t *area, void *start, void *end) {\n",
        to: "static bool hlc_gc_tables_used; // false in the snapshot: the heap reads as zero after a restore\n\
             static void gc_setup_area(mp_state_mem_area_t *area, void *start, void *end) {\n    \
             byte *hlc_prev_start = area->gc_alloc_table_start;\n    \
             byte *hlc_prev_end = area->gc_pool_end;\n    \
             size_t hlc_prev_last_used = area->gc_last_used_block;\n",
        count: 1,
    },
    Patch {
        file: "py/gc.c",
        why: "see the previous patch: clear only what may be non-zero",
        from: "    #if MICROPY_ENABLE_FINALISER\n    \
               // clear ATB's and FTB's\n    \
               memset(area->gc_alloc_table_start, 0, gc_finaliser_table_byte_len + area->gc_alloc_table_byte_len + ALLOC_TABLE_GAP_BYTE);\n    \
               #else\n    \
               // clear ATB's\n    \
               memset(area->gc_alloc_table_start, 0, area->gc_alloc_table_byte_len + ALLOC_TABLE_GAP_BYTE);\n    \
               #endif\n",
        to: "    {\n        \
             size_t atb_clear = area->gc_alloc_table_byte_len + ALLOC_TABLE_GAP_BYTE;\n        \
             #if MICROPY_ENABLE_FINALISER\n        \
             size_t ftb_clear = gc_finaliser_table_byte_len;\n        \
             #endif\n        \
             if (!hlc_gc_tables_used) {\n            \
             atb_clear = 0;\n            \
             #if MICROPY_ENABLE_FINALISER\n            \
             ftb_clear = 0;\n            \
             #endif\n        \
             } else if (hlc_prev_start == area->gc_alloc_table_start && hlc_prev_end == area->gc_pool_end) {\n            \
             // Free blocks have zero table entries: past the last used block all are zero.\n            \
             size_t used = hlc_prev_last_used / BLOCKS_PER_ATB + 1;\n            \
             if (used < atb_clear) atb_clear = used;\n            \
             #if MICROPY_ENABLE_FINALISER\n            \
             size_t used_f = hlc_prev_last_used / BLOCKS_PER_FTB + 1;\n            \
             if (used_f < ftb_clear) ftb_clear = used_f;\n            \
             #endif\n        \
             }\n        \
             memset(area->gc_alloc_table_start, 0, atb_clear);\n        \
             #if MICROPY_ENABLE_FINALISER\n        \
             memset(area->gc_finaliser_table_start, 0, ftb_clear);\n        \
             #endif\n        \
             hlc_gc_tables_used = true;\n    \
             }\n",
        count: 1,
    },
];

/// Plain wording changes: (from, to, files that must each contain `from`).
const WORDING: &[(&str, &str, &[&str])] = &[
    ("name '%q' isn't defined", "name '%q' is not defined", &["py/runtime.c"]),
    ("object isn't callable", "object is not callable", &["py/runtime.c", "py/objtype.c"]),
    ("object isn't iterable", "object is not iterable", &["py/runtime.c"]),
    ("object isn't an iterator", "object is not an iterator", &["py/runtime.c"]),
    // The byte count is a size_t: printed through `uint` it wrapped (10 GiB showed as 2147483648).
    ("allocating %u bytes\"), (uint)num_bytes", "allocating %lu bytes\"), (unsigned long)num_bytes", &["py/runtime.c"]),
    ("object isn't subscriptable", "object is not subscriptable", &["py/obj.c"]),
    // runtime.c, objfloat.c and objint_mpz.c name the operation (FIDELITY: hlc_raise_zero_division)
    (
        "MP_ERROR_TEXT(\"divide by zero\")",
        "MP_ERROR_TEXT(\"division by zero\")",
        &["py/objint_mpz.c", "py/objint_longlong.c", "py/modmath.c"],
    ),
];

pub fn apply(root: &Path) {
    for p in PATCHES.iter().chain(FIDELITY).chain(CORE2).chain(TYPES).chain(BUFFER_EXPORTS) {
        replace(root, p.file, p.from, p.to, p.count, p.why);
    }
    for (from, to, files) in WORDING {
        for f in *files {
            replace(root, f, from, to, 0, "CPython wording");
        }
    }
    for f in INCLUDE_COMPAT {
        let path = root.join(f);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("patch {f}: {e}"));
        std::fs::write(&path, format!("#include \"hlc_compat.h\"\n{text}")).unwrap();
    }
}

fn replace(root: &Path, file: &str, from: &str, to: &str, count: usize, why: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("patch {file}: {e}"));
    let found = text.matches(from).count();
    let ok = if count == 0 { found > 0 } else { found == count };
    assert!(ok, "patch for {file} ({why}) no longer applies: found {found} occurrences");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

// ==== fidelity: core-language fixes found by the CPython fidelity suite (tests/fidelity/) ====
// Runtime side in c/hlc_fidelity.c. Applied after PATCHES, before WORDING.
const FIDELITY: &[Patch] = &[
    // ---- unpacking in displays: [*a, *b], (*a, b), {*a, *b}, {**d, 'k': v} ----
    Patch {
        file: "py/grammar.h",
        why: "dict/set displays accept `**mapping` and `*iterable` items (PEP 448)",
        from: "DEF_RULE_NC(dictorsetmaker, and_ident(2), rule(dictorsetmaker_item), opt_rule(dictorsetmaker_tail))",
        to: "DEF_RULE_NC(dictorsetmaker, and_ident(2), rule(dictorsetmaker_elem), opt_rule(dictorsetmaker_tail))\n\
             DEF_RULE_NC(dictorsetmaker_elem, or(3), rule(dictorsetmaker_dbl_star), rule(star_expr), rule(dictorsetmaker_item))\n\
             DEF_RULE_NC(dictorsetmaker_dbl_star, and(2), tok(OP_DBL_STAR), rule(expr))",
        count: 1,
    },
    Patch {
        file: "py/grammar.h",
        why: "dict/set displays accept `**mapping` and `*iterable` items after the first too",
        from: "DEF_RULE_NC(dictorsetmaker_list2, list_with_end, rule(dictorsetmaker_item), tok(DEL_COMMA))",
        to: "DEF_RULE_NC(dictorsetmaker_list2, list_with_end, rule(dictorsetmaker_elem), tok(DEL_COMMA))",
        count: 1,
    },
    Patch {
        file: "py/compile.c",
        why: "list/tuple displays with `*x` items: built from the leading plain items, then extended",
        from: "static void compile_generic_tuple(compiler_t *comp, mp_parse_node_struct_t *pns) {\n    \
               // a simple tuple expression\n    size_t num_nodes = MP_PARSE_NODE_STRUCT_NUM_NODES(pns);\n",
        to: r#"// hlc: a list, tuple or set display with `*x` items. Builds a list (set) of the leading plain
// items, then appends/extends (adds/updates) it item by item; a tuple is tuple(that list).
static bool hlc_has_star(mp_parse_node_t *nodes, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (MP_PARSE_NODE_IS_STRUCT_KIND(nodes[i], PN_star_expr)) {
            return true;
        }
    }
    return false;
}

static void hlc_compile_star_display(compiler_t *comp, mp_parse_node_t *nodes, size_t n, int kind) {
    bool is_set = kind == MP_EMIT_BUILD_SET;
    size_t k = 0;
    while (k < n && !MP_PARSE_NODE_IS_STRUCT_KIND(nodes[k], PN_star_expr)) {
        compile_node(comp, nodes[k++]);
    }
    EMIT_ARG(build, k, is_set ? MP_EMIT_BUILD_SET : MP_EMIT_BUILD_LIST);
    for (; k < n; k++) {
        bool star = MP_PARSE_NODE_IS_STRUCT_KIND(nodes[k], PN_star_expr);
        EMIT(dup_top);
        EMIT_ARG(load_method, star ? (is_set ? MP_QSTR_update : MP_QSTR_extend) : (is_set ? MP_QSTR_add : MP_QSTR_append), false);
        compile_node(comp, star ? ((mp_parse_node_struct_t *)nodes[k])->nodes[0] : nodes[k]);
        EMIT_ARG(call_method, 1, 0, 0);
        EMIT(pop_top);
    }
    if (kind == MP_EMIT_BUILD_TUPLE) {
        // tuple(list), reaching the tuple type as ().__class__ so that no name is looked up
        EMIT_ARG(build, 0, MP_EMIT_BUILD_TUPLE);
        EMIT_ARG(attr, MP_QSTR___class__, MP_EMIT_ATTR_LOAD);
        EMIT(rot_two);
        EMIT_ARG(call_function, 1, 0, 0);
    }
}

static void compile_generic_tuple(compiler_t *comp, mp_parse_node_struct_t *pns) {
    // a simple tuple expression
    size_t num_nodes = MP_PARSE_NODE_STRUCT_NUM_NODES(pns);
    if (hlc_has_star(pns->nodes, num_nodes)) {
        hlc_compile_star_display(comp, pns->nodes, num_nodes, MP_EMIT_BUILD_TUPLE);
        return;
    }
"#,
        count: 1,
    },
    Patch {
        file: "py/compile.c",
        why: "[*a, *b]: list displays with `*x` items",
        from: "            // list with N items\n            compile_generic_all_nodes(comp, pns2);",
        to: "            // list with N items\n            \
             if (hlc_has_star(pns2->nodes, MP_PARSE_NODE_STRUCT_NUM_NODES(pns2))) {\n                \
             hlc_compile_star_display(comp, pns2->nodes, MP_PARSE_NODE_STRUCT_NUM_NODES(pns2), MP_EMIT_BUILD_LIST);\n                \
             return;\n            }\n            \
             compile_generic_all_nodes(comp, pns2);",
        count: 1,
    },
    Patch {
        file: "py/compile.c",
        why: "[*a]: a list display of one `*x` item",
        from: "        // list with 1 item\n        compile_node(comp, pns->nodes[0]);\n        EMIT_ARG(build, 1, MP_EMIT_BUILD_LIST);",
        to: "        // list with 1 item\n        \
             if (hlc_has_star(&pns->nodes[0], 1)) {\n            \
             hlc_compile_star_display(comp, &pns->nodes[0], 1, MP_EMIT_BUILD_LIST);\n            return;\n        }\n        \
             compile_node(comp, pns->nodes[0]);\n        EMIT_ARG(build, 1, MP_EMIT_BUILD_LIST);",
        count: 1,
    },
    Patch {
        file: "py/compile.c",
        why: "{**d, 'k': v} and {*a, *b}: dict and set displays with unpacked items",
        from: "static void compile_atom_brace_helper(compiler_t *comp, mp_parse_node_struct_t *pns, bool create_map) {\n    \
               mp_parse_node_t pn = pns->nodes[0];\n",
        to: r#"static bool hlc_is_unpack(mp_parse_node_t pn) {
    return MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_star_expr) || MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_dictorsetmaker_dbl_star);
}

// hlc: a dict display with `**m` items is built as an empty dict updated item by item
// (`**m` is dict.update(m)); a set display with `*x` items as a set updated item by item.
// Returns false when the display has no unpacked item (compiled as upstream does).
static bool hlc_compile_brace_unpack(compiler_t *comp, mp_parse_node_struct_t *pns, bool create_map) {
    mp_parse_node_t pn = pns->nodes[0];
    mp_parse_node_t first = pn;
    mp_parse_node_t *rest = NULL;
    size_t n_rest = 0;
    if (MP_PARSE_NODE_IS_NULL(pn)) {
        return false;
    }
    if (MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_dictorsetmaker)) {
        mp_parse_node_struct_t *pns0 = (mp_parse_node_struct_t *)pn;
        first = pns0->nodes[0];
        mp_parse_node_struct_t *pns1 = (mp_parse_node_struct_t *)pns0->nodes[1];
        if (MP_PARSE_NODE_STRUCT_KIND(pns1) != PN_dictorsetmaker_list) {
            if (hlc_is_unpack(first)) {
                compile_syntax_error(comp, first, MP_ERROR_TEXT("unpacking cannot be used in a comprehension"));
                return true;
            }
            return false;
        }
        n_rest = mp_parse_node_extract_list(&pns1->nodes[0], PN_dictorsetmaker_list2, &rest);
    }
    bool any = hlc_is_unpack(first);
    for (size_t i = 0; i < n_rest; i++) {
        any = any || hlc_is_unpack(rest[i]);
    }
    if (!any) {
        return false;
    }
    bool is_dict = MP_PARSE_NODE_IS_STRUCT_KIND(first, PN_dictorsetmaker_item)
        || MP_PARSE_NODE_IS_STRUCT_KIND(first, PN_dictorsetmaker_dbl_star);
    if (is_dict && create_map) {
        EMIT_ARG(build, 0, MP_EMIT_BUILD_MAP);
    } else if (!is_dict) {
        EMIT_ARG(build, 0, MP_EMIT_BUILD_SET);
    }
    for (size_t i = 0; i <= n_rest; i++) {
        mp_parse_node_t item = i == 0 ? first : rest[i - 1];
        bool kv = MP_PARSE_NODE_IS_STRUCT_KIND(item, PN_dictorsetmaker_item);
        bool dbl = MP_PARSE_NODE_IS_STRUCT_KIND(item, PN_dictorsetmaker_dbl_star);
        bool star = MP_PARSE_NODE_IS_STRUCT_KIND(item, PN_star_expr);
        if (is_dict ? !(kv || dbl) : (kv || dbl)) {
            compile_syntax_error(comp, item, is_dict ? MP_ERROR_TEXT("expecting key:value for dict") : MP_ERROR_TEXT("expecting just a value for set"));
            return true;
        }
        if (kv) {
            compile_node(comp, item);
            EMIT(store_map);
        } else {
            EMIT(dup_top);
            EMIT_ARG(load_method, dbl || star ? MP_QSTR_update : MP_QSTR_add, false);
            compile_node(comp, dbl || star ? ((mp_parse_node_struct_t *)item)->nodes[0] : item);
            EMIT_ARG(call_method, 1, 0, 0);
            EMIT(pop_top);
        }
    }
    return true;
}

static void compile_atom_brace_helper(compiler_t *comp, mp_parse_node_struct_t *pns, bool create_map) {
    if (hlc_compile_brace_unpack(comp, pns, create_map)) {
        return;
    }
    mp_parse_node_t pn = pns->nodes[0];
"#,
        count: 1,
    },
    // ---- def f(a, b, /, c): positional-only marker (accepted; the parameters stay positional) ----
    Patch {
        file: "py/grammar.h",
        why: "`/` in a def's parameter list (PEP 570)",
        from: "DEF_RULE_NC(typedargslist_item, or(3), rule(typedargslist_name), rule(typedargslist_star), rule(typedargslist_dbl_star))",
        to: "DEF_RULE_NC(typedargslist_item, or(4), rule(typedargslist_name), rule(typedargslist_star), rule(typedargslist_dbl_star), rule(typedargslist_slash))\n\
             DEF_RULE_NC(typedargslist_slash, and(1), tok(OP_SLASH))",
        count: 1,
    },
    Patch {
        file: "py/grammar.h",
        why: "`/` in a lambda's parameter list (PEP 570)",
        from: "DEF_RULE_NC(varargslist_item, or(3), rule(varargslist_name), rule(varargslist_star), rule(varargslist_dbl_star))",
        to: "DEF_RULE_NC(varargslist_item, or(4), rule(varargslist_name), rule(varargslist_star), rule(varargslist_dbl_star), rule(varargslist_slash))\n\
             DEF_RULE_NC(varargslist_slash, and(1), tok(OP_SLASH))",
        count: 1,
    },
    Patch {
        file: "py/compile.c",
        why: "the `/` marker declares no parameter (default-argument pass)",
        from: "    if (pn_kind == PN_typedargslist_star || pn_kind == PN_varargslist_star) {\n        comp->have_star = true;",
        to: "    if (pn_kind == PN_typedargslist_slash || pn_kind == PN_varargslist_slash) {\n        return;\n    }\n\
             \x20   if (pn_kind == PN_typedargslist_star || pn_kind == PN_varargslist_star) {\n        comp->have_star = true;",
        count: 1,
    },
    Patch {
        file: "py/compile.c",
        why: "the `/` marker declares no parameter (scope pass)",
        from: "    (void)pn_dbl_star;\n\n    // check that **kw is last\n",
        to: "    (void)pn_dbl_star;\n\n    \
             if (MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_typedargslist_slash) || MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_varargslist_slash)) {\n        \
             return;\n    }\n\n    // check that **kw is last\n",
        count: 1,
    },
    // ---- f-strings: f'{x = }' and f'{x=}' print repr(x), as CPython ----
    Patch {
        file: "py/lexer.c",
        why: "f'{expr=}': state per replacement field",
        from: "            while (is_fstring && is_char(lex, '{')) {\n                next_char(lex);\n",
        to: "            bool hlc_fstr_repr = false;\n            while (is_fstring && is_char(lex, '{')) {\n                next_char(lex);\n                hlc_fstr_repr = false;\n",
        count: 1,
    },
    Patch {
        file: "py/lexer.c",
        why: "f'{expr = }' (spaces around '=' kept in the text) and repr() unless a conversion or spec follows",
        from: "                    if (lex->fstring_args.buf[lex->fstring_args.len - 1] == '=') {\n                        \
               // if the last character of the arg was '=', then inject \"arg=\" before the '{'.\n                        \
               // f'{a=}' --> 'a={}'.format(a)\n                        \
               vstr_add_strn(&lex->vstr, lex->fstring_args.buf + i, lex->fstring_args.len - i);\n                        \
               // remove the trailing '='\n                        lex->fstring_args.len--;\n                    }",
        to: "                    size_t hlc_end = lex->fstring_args.len;\n                    \
             while (hlc_end > i && lex->fstring_args.buf[hlc_end - 1] == ' ') {\n                        hlc_end--;\n                    }\n                    \
             if (hlc_end > i && lex->fstring_args.buf[hlc_end - 1] == '='\n                        \
             && !(hlc_end - 1 > i && strchr(\"=!<>\", lex->fstring_args.buf[hlc_end - 2]) != NULL)) {\n                        \
             // f'{a = }' --> 'a = {!r}'.format(a)\n                        \
             vstr_add_strn(&lex->vstr, lex->fstring_args.buf + i, lex->fstring_args.len - i);\n                        \
             lex->fstring_args.len = hlc_end - 1;\n                        \
             hlc_fstr_repr = is_char(lex, '}');\n                    }",
        count: 1,
    },
    Patch {
        file: "py/lexer.c",
        why: "f'{expr=}' formats with !r",
        from: "                vstr_add_byte(&lex->vstr, '{');\n            }\n            #endif",
        to: "                vstr_add_byte(&lex->vstr, '{');\n                if (hlc_fstr_repr) {\n                    \
             vstr_add_str(&lex->vstr, \"!r\");\n                }\n            }\n            #endif",
        count: 1,
    },
    // ---- str.format and format specs ----
    Patch {
        file: "py/objstr.c",
        why: "'{0[1]}', '{user[name]}', '{p.x}': index and attribute lookups in format fields",
        from: "                mp_raise_NotImplementedError(MP_ERROR_TEXT(\"attributes not supported\"));",
        to: "                arg = hlc_format_field(arg, field_name, field_name_top);",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "'{:=>12}': a fill character that is itself an alignment character",
        from: "            if (isalignment(*s)) {\n                align = *s++;\n            } else if (*s && isalignment(s[1])) {\n                \
               fill = *s++;\n                align = *s++;\n            }",
        to: "            if (*s && isalignment(s[1])) {\n                fill = *s++;\n                align = *s++;\n            } \
             else if (isalignment(*s)) {\n                align = *s++;\n            }",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "'{:.3}'.format(s) keeps 3 characters, not 3 bytes",
        from: "                    if (slen > (size_t)precision) {\n                        slen = precision;\n                    }\n                    \
               mp_print_strn(&print, s, slen, flags, fill, width);",
        to: "                    size_t hlc_b = 0;\n                    \
             for (int hlc_n = 0; hlc_b < slen && hlc_n < precision; hlc_n++) {\n                        \
             hlc_b++;\n                        while (hlc_b < slen && (s[hlc_b] & 0xc0) == 0x80) {\n                            hlc_b++;\n                        }\n                    }\n                    \
             slen = hlc_b;\n                    mp_print_strn(&print, s, slen, flags, fill, width);",
        count: 1,
    },
    Patch {
        file: "py/mpprint.c",
        why: "padding to a width counts characters, not UTF-8 bytes (f'{name:<10}' with 'café')",
        from: "    int pad = width - len;\n",
        to: "    int pad = width;\n    for (size_t hlc_i = 0; hlc_i < len; hlc_i++) {\n        pad -= (str[hlc_i] & 0xc0) != 0x80;\n    }\n",
        count: 1,
    },
    // ---- list.sort / sorted: stable ----
    Patch {
        file: "py/objlist.c",
        why: "list.sort() and sorted() are stable and call key once per item, as CPython (hlc_list_sort)",
        from: "        mp_quicksort(self->items, self->items + self->len - 1,\n            \
               args.key.u_obj == mp_const_none ? MP_OBJ_NULL : args.key.u_obj,\n            \
               args.reverse.u_bool ? mp_const_false : mp_const_true);",
        to: "        hlc_list_sort(pos_args[0], args.key.u_obj == mp_const_none ? MP_OBJ_NULL : args.key.u_obj, args.reverse.u_bool);",
        count: 1,
    },
    Patch {
        file: "py/objlist.c",
        why: "mp_quicksort is no longer used",
        from: "static void mp_quicksort(mp_obj_t *head, mp_obj_t *tail, mp_obj_t key_fn, mp_obj_t binop_less_result) {",
        to: "__attribute__((unused)) static void mp_quicksort(mp_obj_t *head, mp_obj_t *tail, mp_obj_t key_fn, mp_obj_t binop_less_result);\n\
             __attribute__((unused)) static void mp_quicksort(mp_obj_t *head, mp_obj_t *tail, mp_obj_t key_fn, mp_obj_t binop_less_result) {",
        count: 1,
    },
    // ---- bool is a subclass of int ----
    Patch {
        file: "py/objbool.c",
        why: "isinstance(True, int) and issubclass(bool, int) hold, as CPython",
        from: "    binary_op, bool_binary_op\n    );",
        to: "    binary_op, bool_binary_op,\n    parent, &mp_type_int\n    );",
        count: 1,
    },
    // ---- builtins ----
    Patch {
        file: "py/modbuiltins.c",
        why: "dir() returns a sorted list, as CPython",
        from: "                mp_obj_list_append(dir, MP_OBJ_NEW_QSTR(i));\n            }\n        }\n    }\n    return dir;\n}",
        to: "                mp_obj_list_append(dir, MP_OBJ_NEW_QSTR(i));\n            }\n        }\n    }\n    \
             hlc_list_sort(dir, MP_OBJ_NULL, false);\n    return dir;\n}",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "iter(callable, sentinel)",
        from: "    { MP_ROM_QSTR(MP_QSTR_iter), MP_ROM_PTR(&mp_builtin_iter_obj) },",
        to: "    { MP_ROM_QSTR(MP_QSTR_iter), MP_ROM_PTR(&hlc_builtin_iter_obj) },",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "max() arg is an empty sequence",
        from: "                mp_raise_ValueError(MP_ERROR_TEXT(\"arg is an empty sequence\"));",
        to: "                mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT(\"%s() arg is an empty sequence\"), \
             op == MP_BINARY_OP_LESS ? \"min\" : \"max\");",
        count: 1,
    },
    Patch {
        file: "py/objrange.c",
        why: "range.index(), range.count()",
        from: "    } else if (attr == MP_QSTR_step) {\n        dest[0] = mp_obj_new_int(o->step);\n    }",
        to: "    } else if (attr == MP_QSTR_step) {\n        dest[0] = mp_obj_new_int(o->step);\n    } else {\n        hlc_range_attr(o_in, attr, dest);\n    }",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "s.split(sep=..., maxsplit=...) by keyword",
        from: "MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_split_obj, 1, 3, mp_obj_str_split);",
        to: "static mp_obj_t hlc_str_split_kw(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {\n    \
             static const qstr names[] = {MP_QSTR_sep, MP_QSTR_maxsplit};\n    \
             const mp_obj_t defaults[] = {mp_const_none, MP_OBJ_NEW_SMALL_INT(-1)};\n    \
             return hlc_call_with_kw(mp_obj_str_split, n_args, args, kw, names, defaults, 2);\n}\n\
             MP_DEFINE_CONST_FUN_OBJ_KW(str_split_obj, 1, hlc_str_split_kw);",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "s.rsplit(sep=..., maxsplit=...) by keyword",
        from: "MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(str_rsplit_obj, 1, 3, str_rsplit);",
        to: "static mp_obj_t hlc_str_rsplit_kw(size_t n_args, const mp_obj_t *args, mp_map_t *kw) {\n    \
             static const qstr names[] = {MP_QSTR_sep, MP_QSTR_maxsplit};\n    \
             const mp_obj_t defaults[] = {mp_const_none, MP_OBJ_NEW_SMALL_INT(-1)};\n    \
             return hlc_call_with_kw(str_rsplit, n_args, args, kw, names, defaults, 2);\n}\n\
             MP_DEFINE_CONST_FUN_OBJ_KW(str_rsplit_obj, 1, hlc_str_rsplit_kw);",
        count: 1,
    },
    // ---- exception wording ----
    Patch {
        file: "py/runtime.c",
        why: "ZeroDivisionError wording per operation ('integer modulo by zero', ...)",
        from: "zero_division:\n    mp_raise_msg(&mp_type_ZeroDivisionError, MP_ERROR_TEXT(\"divide by zero\"));",
        to: "zero_division:\n    hlc_raise_zero_division(op, false);",
        count: 1,
    },
    Patch {
        file: "py/objfloat.c",
        why: "ZeroDivisionError wording per float operation ('float division by zero', ...)",
        from: "                mp_raise_msg(&mp_type_ZeroDivisionError, MP_ERROR_TEXT(\"divide by zero\"));",
        to: "                hlc_raise_zero_division(op, true);",
        count: 1,
    },
    Patch {
        file: "py/objint_mpz.c",
        why: "ZeroDivisionError wording per big-int operation",
        from: "                zero_division_error:\n                    mp_raise_msg(&mp_type_ZeroDivisionError, MP_ERROR_TEXT(\"divide by zero\"));",
        to: "                zero_division_error:\n                    hlc_raise_zero_division(op, false);",
        count: 1,
    },
    Patch {
        file: "py/parsenum.c",
        why: "float('x'): could not convert string to float: 'x' (keeps the original text)",
        from: "    #if MICROPY_PY_BUILTINS_FLOAT\n\n    const char *top = str + len;\n    mp_float_t dec_val = 0;\n",
        to: "    #if MICROPY_PY_BUILTINS_FLOAT\n\n    const char *hlc_str = str;\n    size_t hlc_len = len;\n    \
             const char *top = str + len;\n    mp_float_t dec_val = 0;\n",
        count: 1,
    },
    Patch {
        file: "py/parsenum.c",
        why: "float('x'): could not convert string to float: 'x'",
        from: "value_error:\n    raise_exc(mp_obj_new_exception_msg(&mp_type_ValueError, MP_ERROR_TEXT(\"invalid syntax for number\")), lex);",
        to: "value_error:\n    if (lex == NULL) {\n        hlc_raise_float_parse(hlc_str, hlc_len);\n    }\n    \
             raise_exc(mp_obj_new_exception_msg(&mp_type_ValueError, MP_ERROR_TEXT(\"invalid syntax for number\")), lex);",
        count: 1,
    },
    Patch {
        file: "py/objint.c",
        why: "int(None): int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
        from: "            } else {\n                mp_raise_TypeError_int_conversion(args[0]);\n            }",
        to: "            } else {\n                hlc_raise_int_arg(args[0]);\n            }",
        count: 1,
    },
    Patch {
        file: "py/sequence.c",
        why: "x.index(v): '9 is not in list' / 'tuple.index(x): x not in tuple'",
        from: "    mp_raise_ValueError(MP_ERROR_TEXT(\"object not in sequence\"));",
        to: "    hlc_raise_not_in_seq(args);",
        count: 1,
    },
    Patch {
        file: "py/objlist.c",
        why: "list.remove(x): x not in list",
        from: "    mp_obj_t args[] = {self_in, value};\n    args[1] = list_index(2, args);",
        to: "    hlc_list_remove_check(self_in, value);\n    mp_obj_t args[] = {self_in, value};\n    args[1] = list_index(2, args);",
        count: 1,
    },
    Patch {
        file: "py/runtime.c",
        why: "a, b, c = [1, 2]: not enough values to unpack (expected 3, got 2)",
        from: "MP_ERROR_TEXT(\"need more than %d values to unpack\"), (int)seq_len);\n    #endif\ntoo_long:",
        to: "MP_ERROR_TEXT(\"not enough values to unpack (expected %d, got %d)\"), (int)num, (int)seq_len);\n    #endif\ntoo_long:",
        count: 1,
    },
    Patch {
        file: "py/runtime.c",
        why: "a, *b, c = [1]: not enough values to unpack (expected at least 2, got 1)",
        from: "MP_ERROR_TEXT(\"need more than %d values to unpack\"), (int)seq_len);",
        to: "MP_ERROR_TEXT(\"not enough values to unpack (expected at least %d, got %d)\"), (int)(num_left + num_right), (int)seq_len);",
        count: 1,
    },
    Patch {
        file: "py/obj.c",
        why: "'tuple' object does not support item assignment",
        from: "MP_ERROR_TEXT(\"'%s' object doesn't support item assignment\")",
        to: "MP_ERROR_TEXT(\"'%s' object does not support item assignment\")",
        count: 1,
    },
];

// ==== core2: CPython's set order and hash values (c/hlc_set.c) ====
const CORE2: &[Patch] = &[
    Patch {
        file: "py/map.c",
        why: "sets: CPython's table (c/hlc_set.c) replaces upstream's mp_set_* functions",
        from: "void mp_set_init(mp_set_t *set, size_t n) {",
        to: "#if 0 // hlc: c/hlc_set.c\nvoid mp_set_init(mp_set_t *set, size_t n) {",
        count: 1,
    },
    Patch {
        file: "py/map.c",
        why: "sets: end of upstream's mp_set_* functions",
        from: "#endif // MICROPY_PY_BUILTINS_SET",
        to: "#endif // hlc\n#endif // MICROPY_PY_BUILTINS_SET",
        count: 1,
    },
    Patch {
        file: "py/objset.c",
        why: "sets: hlc_set.c's operations",
        from: "#include \"py/builtin.h\"",
        to: "#include \"py/builtin.h\"\n#include \"hlc_set.h\"",
        count: 1,
    },
    Patch {
        file: "py/objset.c",
        why: "set(iterable): CPython's set_update_internal (a set is merged table to table)",
        from: "            mp_obj_t iterable = mp_getiter(args[0], NULL);\n            mp_obj_t item;\n            \
               while ((item = mp_iternext(iterable)) != MP_OBJ_STOP_ITERATION) {\n                mp_obj_set_store(set, item);\n            }",
        to: "            hlc_set_update(&((mp_obj_set_t *)MP_OBJ_TO_PTR(set))->set, args[0]);",
        count: 1,
    },
    Patch {
        file: "py/objset.c",
        why: "set.copy(): CPython's set_merge into a new set",
        from: "    mp_set_init(&other->set, self->set.alloc);\n    other->set.used = self->set.used;\n    \
               memcpy(other->set.table, self->set.table, self->set.alloc * sizeof(mp_obj_t));",
        to: "    mp_set_init(&other->set, 0);\n    hlc_set_merge(&other->set, &self->set);",
        count: 1,
    },
    Patch {
        file: "py/objset.c",
        why: "set difference as CPython's set_difference / set_difference_update_internal",
        from: "static mp_obj_t set_diff_int(size_t n_args, const mp_obj_t *args, bool update) {\n",
        to: "static mp_obj_t set_diff_int(size_t n_args, const mp_obj_t *args, bool update) {\n    \
             if (update) {\n        check_set(args[0]);\n    } else {\n        check_set_or_frozenset(args[0]);\n    }\n    \
             return hlc_set_diff(n_args, args, update);\n}\n\
             __attribute__((unused)) static mp_obj_t set_diff_int_upstream(size_t n_args, const mp_obj_t *args, bool update) {\n",
        count: 1,
    },
    Patch {
        file: "py/objset.c",
        why: "set intersection as CPython's set_intersection (walks the smaller set)",
        from: "static mp_obj_t set_intersect_int(mp_obj_t self_in, mp_obj_t other, bool update) {\n",
        to: "static mp_obj_t set_intersect_int(mp_obj_t self_in, mp_obj_t other, bool update) {\n    \
             if (update) {\n        check_set(self_in);\n    } else {\n        check_set_or_frozenset(self_in);\n    }\n    \
             return hlc_set_intersect(self_in, other, update);\n}\n\
             __attribute__((unused)) static mp_obj_t set_intersect_int_upstream(mp_obj_t self_in, mp_obj_t other, bool update) {\n",
        count: 1,
    },
    Patch {
        file: "py/objset.c",
        why: "symmetric difference as CPython's (an iterable is made a set first: no double toggling)",
        from: "    check_set_or_frozenset(self_in); // can be frozenset due to call from set_symmetric_difference\n",
        to: "    check_set_or_frozenset(self_in); // can be frozenset due to call from set_symmetric_difference\n    \
             return hlc_set_symmetric_difference_update(self_in, other_in);\n",
        count: 1,
    },
    Patch {
        file: "py/objset.c",
        why: "a ^ b: CPython's set_symmetric_difference (a copy of b, then a's elements toggled)",
        from: "    mp_obj_t self_out = set_copy(self_in);\n    set_symmetric_difference_update(self_out, other_in);\n    return self_out;",
        to: "    check_set_or_frozenset(self_in);\n    return hlc_set_symmetric_difference(self_in, other_in);",
        count: 1,
    },
    Patch {
        file: "py/objset.c",
        why: "set.update / |: CPython's set_update_internal",
        from: "static void set_update_int(mp_obj_set_t *self, mp_obj_t other_in) {\n    mp_obj_t iter = mp_getiter(other_in, NULL);\n    \
               mp_obj_t next;\n    while ((next = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {\n        \
               mp_set_lookup(&self->set, next, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);\n    }\n}",
        to: "static void set_update_int(mp_obj_set_t *self, mp_obj_t other_in) {\n    hlc_set_update(&self->set, other_in);\n}",
        count: 1,
    },
    // ---- {1, 2, 3}: a display of constants is built as CPython 3.11 builds it ----
    // CPython compiles it to a frozenset constant (built from the items, then rebuilt from its own
    // order when the compiler merges constants) that BUILD_SET 0 + SET_UPDATE copies; with
    // colliding hashes that order differs from adding the items one by one. The compiler marks
    // such a BUILD_SET with HLC_CONST_SET in its argument; the VM builds it by hlc_new_const_set.
    Patch {
        file: "py/compile.c",
        why: "{1, 2, 3}: mark a set display of constants (built as CPython's frozenset constant)",
        from: "                if (!is_dict) {\n                    EMIT_ARG(build, 1 + n, MP_EMIT_BUILD_SET);\n                }",
        to: "                if (!is_dict) {\n                    \
             EMIT_ARG(build, (1 + n) | (1 + n > 2 && hlc_all_const(pns->nodes[0], nodes, n) ? HLC_CONST_SET : 0), MP_EMIT_BUILD_SET);\n                }",
        count: 1,
    },
    Patch {
        file: "py/compile.c",
        why: "hlc_all_const: the items CPython 3.11 folds into a constant",
        from: "static void compile_atom_brace_helper(compiler_t *comp, mp_parse_node_struct_t *pns, bool create_map) {\n",
        to: r#"#include "hlc_set.h"
// As parse.c's mp_parse_node_is_const: a literal number, str/bytes, None/True/False/..., a
// folded constant (tuple of constants, float, big int, -5) or ().
static bool hlc_node_is_const(mp_parse_node_t pn) {
    if (MP_PARSE_NODE_IS_SMALL_INT(pn)) {
        return true;
    } else if (MP_PARSE_NODE_IS_LEAF(pn)) {
        uintptr_t kind = MP_PARSE_NODE_LEAF_KIND(pn);
        if (kind == MP_PARSE_NODE_STRING) {
            return true;
        } else if (kind == MP_PARSE_NODE_TOKEN) {
            uintptr_t arg = MP_PARSE_NODE_LEAF_ARG(pn);
            return arg == MP_TOKEN_KW_NONE || arg == MP_TOKEN_KW_FALSE || arg == MP_TOKEN_KW_TRUE || arg == MP_TOKEN_ELLIPSIS;
        }
        return false;
    } else if (MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_const_object)) {
        return true;
    } else if (MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_atom_paren)) {
        return MP_PARSE_NODE_IS_NULL(((mp_parse_node_struct_t *)pn)->nodes[0]);
    }
    return false;
}

static bool hlc_all_const(mp_parse_node_t first, mp_parse_node_t *rest, size_t n) {
    if (!hlc_node_is_const(first)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!hlc_node_is_const(rest[i])) {
            return false;
        }
    }
    return true;
}

static void compile_atom_brace_helper(compiler_t *comp, mp_parse_node_struct_t *pns, bool create_map) {
"#,
        count: 1,
    },
    Patch {
        file: "py/emitbc.c",
        why: "BUILD_SET's HLC_CONST_SET flag is no part of the item count",
        from: "    int stack_adj = kind == MP_EMIT_BUILD_MAP ? 1 : 1 - n_args;",
        to: "    int stack_adj = kind == MP_EMIT_BUILD_MAP ? 1 : 1 - (int)(n_args & ~(mp_uint_t)HLC_CONST_SET);",
        count: 1,
    },
    Patch {
        file: "py/emitbc.c",
        why: "hlc_set.h declarations",
        from: "#include \"py/emit.h\"\n",
        to: "#include \"py/emit.h\"\n#include \"hlc_set.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/vm.c",
        why: "BUILD_SET of constants: hlc_new_const_set",
        from: "                    DECODE_UINT;\n                    sp -= unum - 1;\n                    SET_TOP(mp_obj_new_set(unum, sp));",
        to: "                    DECODE_UINT;\n                    if (unum & HLC_CONST_SET) {\n                        \
             unum &= ~(mp_uint_t)HLC_CONST_SET;\n                        sp -= unum - 1;\n                        \
             SET_TOP(hlc_new_const_set(unum, sp));\n                        DISPATCH();\n                    }\n                    \
             sp -= unum - 1;\n                    SET_TOP(mp_obj_new_set(unum, sp));",
        count: 1,
    },
    Patch {
        file: "py/vm.c",
        why: "hlc_set.h declarations",
        from: "#include \"py/bc0.h\"\n",
        to: "#include \"py/bc0.h\"\n#include \"hlc_set.h\"\n",
        count: 1,
    },
    // ---- hash values as CPython's: int (mod 2**61 - 1, hash(-1) == -2), float, tuple ----
    Patch {
        file: "py/runtime.c",
        why: "hash(int) as CPython: mod 2**61 - 1, hash(-1) == -2",
        from: "            case MP_UNARY_OP_HASH:\n                return arg;",
        to: "            case MP_UNARY_OP_HASH:\n                return MP_OBJ_NEW_SMALL_INT(hlc_int_hash(val));",
        count: 1,
    },
    Patch {
        file: "py/runtime.c",
        why: "hlc_set.h declarations",
        from: "#include \"py/runtime.h\"\n",
        to: "#include \"py/runtime.h\"\n#include \"hlc_set.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/objint_mpz.c",
        why: "hash(big int) as CPython: mod 2**61 - 1",
        from: "            return MP_OBJ_NEW_SMALL_INT(mpz_hash(&o->mpz));",
        to: "            return MP_OBJ_NEW_SMALL_INT(hlc_mpz_hash(&o->mpz));",
        count: 1,
    },
    Patch {
        file: "py/objint_mpz.c",
        why: "hlc_set.h declarations",
        from: "#include \"py/smallint.h\"\n",
        to: "#include \"py/smallint.h\"\n#include \"hlc_set.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/objfloat.c",
        why: "hash(float) as CPython's _Py_HashDouble (c/hlc_set.c's mp_float_hash)",
        from: "mp_int_t mp_float_hash(mp_float_t src) {",
        to: "mp_int_t mp_float_hash_upstream(mp_float_t src);\nmp_int_t mp_float_hash_upstream(mp_float_t src) {",
        count: 1,
    },
    Patch {
        file: "py/objtuple.c",
        why: "hash(tuple) as CPython's xxHash-based tuplehash (truncated to a small int)",
        from: "        case MP_UNARY_OP_HASH: {\n            // start hash with pointer to empty tuple, to make it fairly unique\n",
        to: "        case MP_UNARY_OP_HASH: {\n            return hlc_tuple_hash(self_in);\n",
        count: 1,
    },
    Patch {
        file: "py/objtuple.c",
        why: "hlc_set.h declarations",
        from: "#include \"py/runtime.h\"\n",
        to: "#include \"py/runtime.h\"\n#include \"hlc_set.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "hash(tuple) prints CPython's full 64-bit value",
        from: "    // result is guaranteed to be a (small) int\n    return mp_unary_op(MP_UNARY_OP_HASH, o_in);",
        to: "    return hlc_builtin_hash(o_in);",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "hlc_set.h declarations",
        from: "#include \"py/runtime.h\"\n",
        to: "#include \"py/runtime.h\"\n#include \"hlc_set.h\"\n",
        count: 1,
    },
    // ---- exception chaining (c/hlc_exc.c) ----
    Patch {
        file: "py/objexcept.h",
        why: "exception chaining: __cause__, __context__, __suppress_context__ (c/hlc_exc.c)",
        from: "    mp_obj_tuple_t *args;\n} mp_obj_exception_t;",
        to: "    mp_obj_tuple_t *args;\n    mp_obj_t hlc_cause;\n    mp_obj_t hlc_context;\n    bool hlc_suppress;\n} mp_obj_exception_t;",
        count: 1,
    },
    Patch {
        file: "py/objexcept.c",
        why: "a new exception chains nothing",
        from: "    o_exc->base.type = type;\n    o_exc->traceback_data = NULL;\n",
        to: "    o_exc->base.type = type;\n    o_exc->traceback_data = NULL;\n    o_exc->hlc_cause = MP_OBJ_NULL;\n    \
             o_exc->hlc_context = MP_OBJ_NULL;\n    o_exc->hlc_suppress = false;\n",
        count: 1,
    },
    Patch {
        file: "py/objexcept.c",
        why: "__cause__, __context__, __suppress_context__ attributes",
        from: "    mp_obj_exception_t *self = MP_OBJ_TO_PTR(self_in);\n    if (dest[0] != MP_OBJ_NULL) {\n        // store/delete attribute\n",
        to: "    mp_obj_exception_t *self = MP_OBJ_TO_PTR(self_in);\n    if (hlc_exc_attr(self_in, attr, dest)) {\n        return;\n    }\n    \
             if (dest[0] != MP_OBJ_NULL) {\n        // store/delete attribute\n",
        count: 1,
    },
    Patch {
        file: "py/runtime.c",
        why: "obj.__doc__ is None when there is no docstring; otherwise remember the object of a failed attribute lookup for the traceback's \"Did you mean\" (hlc_exc.c)",
        from: "    mp_load_method_maybe(base, attr, dest);\n\n    if (dest[0] == MP_OBJ_NULL) {\n        // no attribute/method called attr\n",
        to: "    mp_load_method_maybe(base, attr, dest);\n\n    if (dest[0] == MP_OBJ_NULL) {\n        // no attribute/method called attr\n        \
             if (attr == MP_QSTR___doc__) {\n            /* no docstring: None, as CPython */\n            dest[0] = mp_const_none;\n            return;\n        }\n        \
             hlc_note_attr_error(base, attr);\n",
        count: 1,
    },
    Patch {
        file: "py/runtime.c",
        why: "from m import x: ImportError: cannot import name 'x' from 'm' (unknown location), e.name == 'm' (hlc_exc.c)",
        from: "        mp_raise_msg_varg(&mp_type_ImportError, MP_ERROR_TEXT(\"can't import name %q\"), name);",
        to: "        hlc_raise_import_from(module, name);",
        count: 1,
    },
    Patch {
        file: "py/runtime.c",
        why: "hlc_exc.h declarations",
        from: "#include \"py/cstack.h\"\n",
        to: "#include \"py/cstack.h\"\n#include \"hlc_exc.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/objexcept.c",
        why: "hlc_exc.h declarations",
        from: "#include \"py/mperrno.h\"\n",
        to: "#include \"py/mperrno.h\"\n#include \"hlc_exc.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/vm.c",
        why: "raise X from Y: X.__cause__ = Y",
        from: "                    mp_obj_t from_value = POP();\n                    if (from_value != mp_const_none) {\n                        \
               mp_warning(NULL, \"exception chaining not supported\");\n                    }\n                    mp_obj_t obj = mp_make_raise_obj(TOP());\n",
        to: "                    mp_obj_t from_value = POP();\n                    mp_obj_t obj = mp_make_raise_obj(TOP());\n                    \
             hlc_exc_raise_from(obj, from_value);\n",
        count: 1,
    },
    Patch {
        file: "py/vm.c",
        why: "an exception raised while one is handled gets it as __context__",
        from: "            while (exc_sp >= exc_stack && exc_sp->handler <= code_state->ip) {\n",
        to: "            hlc_exc_set_context(MP_OBJ_FROM_PTR(nlr.ret_val), exc_sp, exc_stack);\n            \
             while (exc_sp >= exc_stack && exc_sp->handler <= code_state->ip) {\n",
        count: 1,
    },
    Patch {
        file: "py/vm.c",
        why: "sys.exc_info() inside the handler that caught it (popping inner blocks cleared it)",
        from: "                // save this exception in the stack so it can be used in a reraise, if needed\n",
        to: "                #if MICROPY_PY_SYS_EXC_INFO\n                MP_STATE_VM(cur_exception) = nlr.ret_val;\n                #endif\n                \
             // save this exception in the stack so it can be used in a reraise, if needed\n",
        count: 1,
    },
    Patch {
        file: "py/vm.c",
        why: "hlc_exc.h declarations",
        from: "#include \"py/bc0.h\"\n",
        to: "#include \"py/bc0.h\"\n#include \"hlc_exc.h\"\n",
        count: 1,
    },
    // ---- math: gcd, lcm, comb, perm, prod, isqrt, fsum, hypot, dist, ... (c/hlc_math.c) ----
    Patch {
        file: "py/modmath.c",
        why: "math functions CPython has (c/hlc_math.c)",
        from: "    { MP_ROM_QSTR(MP_QSTR_trunc), MP_ROM_PTR(&mp_math_trunc_obj) },\n",
        to: "    { MP_ROM_QSTR(MP_QSTR_trunc), MP_ROM_PTR(&mp_math_trunc_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_gcd), MP_ROM_PTR(&hlc_math_gcd_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_lcm), MP_ROM_PTR(&hlc_math_lcm_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_comb), MP_ROM_PTR(&hlc_math_comb_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_perm), MP_ROM_PTR(&hlc_math_perm_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_prod), MP_ROM_PTR(&hlc_math_prod_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_isqrt), MP_ROM_PTR(&hlc_math_isqrt_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_fsum), MP_ROM_PTR(&hlc_math_fsum_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_hypot), MP_ROM_PTR(&hlc_math_hypot_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_dist), MP_ROM_PTR(&hlc_math_dist_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_cbrt), MP_ROM_PTR(&hlc_math_cbrt_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_exp2), MP_ROM_PTR(&hlc_math_exp2_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_remainder), MP_ROM_PTR(&hlc_math_remainder_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_nextafter), MP_ROM_PTR(&hlc_math_nextafter_obj) },\n    \
             { MP_ROM_QSTR(MP_QSTR_ulp), MP_ROM_PTR(&hlc_math_ulp_obj) },\n",
        count: 1,
    },
    Patch {
        file: "py/modmath.c",
        why: "hlc_math.h declarations",
        from: "#include \"py/builtin.h\"\n",
        to: "#include \"py/builtin.h\"\n#include \"hlc_math.h\"\n",
        count: 1,
    },
    // ---- a > b falls back to b < a (CPython's reflected comparisons) ----
    Patch {
        file: "py/runtime.c",
        why: "a < b, a > b, a <= b, a >= b: when a's type does not support it, try b's reflection (max() of objects with only __lt__)",
        from: "    #if MICROPY_PY_REVERSE_SPECIAL_METHODS\n    if (op >= MP_BINARY_OP_OR && op <= MP_BINARY_OP_POWER) {\n",
        to: "    if (op == MP_BINARY_OP_LESS || op == MP_BINARY_OP_MORE || op == MP_BINARY_OP_LESS_EQUAL || op == MP_BINARY_OP_MORE_EQUAL) {\n        \
             const mp_obj_type_t *rtype = mp_obj_get_type(rhs);\n        \
             if (MP_OBJ_TYPE_HAS_SLOT(rtype, binary_op)) {\n            \
             mp_binary_op_t rop = op == MP_BINARY_OP_LESS ? MP_BINARY_OP_MORE : op == MP_BINARY_OP_MORE ? MP_BINARY_OP_LESS\n                \
             : op == MP_BINARY_OP_LESS_EQUAL ? MP_BINARY_OP_MORE_EQUAL : MP_BINARY_OP_LESS_EQUAL;\n            \
             mp_obj_t result = MP_OBJ_TYPE_GET_SLOT(rtype, binary_op)(rop, rhs, lhs);\n            \
             if (result != MP_OBJ_NULL) {\n                return result;\n            }\n        }\n    }\n\n    \
             #if MICROPY_PY_REVERSE_SPECIAL_METHODS\n    if (op >= MP_BINARY_OP_OR && op <= MP_BINARY_OP_POWER) {\n",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "round(x[, n]) calls x.__round__ for class instances (Fraction, Decimal), as CPython",
        from: "static mp_obj_t mp_builtin_round(size_t n_args, const mp_obj_t *args) {\n    mp_obj_t o_in = args[0];\n",
        to: "static mp_obj_t mp_builtin_round(size_t n_args, const mp_obj_t *args) {\n    mp_obj_t o_in = args[0];\n    \
             if (mp_obj_is_obj(o_in) && mp_obj_is_instance_type(mp_obj_get_type(o_in))) {\n        \
             mp_obj_t dest[3];\n        mp_load_method_maybe(o_in, MP_QSTR___round__, dest);\n        \
             if (dest[0] != MP_OBJ_NULL) {\n            if (n_args > 1) {\n                dest[2] = args[1];\n            }\n            \
             return mp_call_method_n_kw(n_args > 1 ? 1 : 0, 0, dest);\n        }\n    }\n",
        count: 1,
    },
    Patch {
        file: "py/modmath.c",
        why: "log10 of exact powers of ten is exact (c/hlc_math.c hlc_log10; libm_dbl's is log(x)/ln 10)",
        from: "MATH_FUN_1(log10, log10)",
        to: "MATH_FUN_1(log10, hlc_log10)",
        count: 1,
    },
    // ---- type.__mro__, int/float attributes (c/hlc_lang.c) ----
    Patch {
        file: "py/objtype.c",
        why: "type.__mro__ (C3, c/hlc_lang.c)",
        from: "        if (attr == MP_QSTR___bases__) {\n            if (self == &mp_type_object) {",
        to: "        if (attr == MP_QSTR___mro__) {\n            dest[0] = hlc_type_mro(self_in);\n            return;\n        }\n        \
             if (attr == MP_QSTR___bases__) {\n            if (self == &mp_type_object) {",
        count: 1,
    },
    Patch {
        file: "py/objtype.c",
        why: "hlc_lang.h declarations",
        from: "#include \"py/objtype.h\"\n",
        to: "#include \"py/objtype.h\"\n#include \"hlc_lang.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/objint.c",
        why: "int.real, .imag, .numerator, .denominator, conjugate(), as_integer_ratio()",
        from: "    binary_op, mp_obj_int_binary_op,\n    locals_dict, &int_locals_dict\n    );",
        to: "    binary_op, mp_obj_int_binary_op,\n    attr, hlc_int_attr,\n    locals_dict, &int_locals_dict\n    );",
        count: 1,
    },
    Patch {
        file: "py/objint.c",
        why: "hlc_lang.h declarations",
        from: "#include \"py/binary.h\"\n",
        to: "#include \"py/binary.h\"\n#include \"hlc_lang.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/objbool.c",
        why: "True.real == 1 and bool's other int number attributes and methods",
        from: "    binary_op, bool_binary_op,\n    parent, &mp_type_int\n    );",
        to: "    binary_op, bool_binary_op,\n    attr, hlc_int_attr,\n    parent, &mp_type_int\n    );",
        count: 1,
    },
    Patch {
        file: "py/objbool.c",
        why: "hlc_lang.h declarations",
        from: "#include \"py/runtime.h\"\n",
        to: "#include \"py/runtime.h\"\n#include \"hlc_lang.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/objfloat.c",
        why: "float.real, .imag, is_integer(), as_integer_ratio(), conjugate()",
        from: "    unary_op, float_unary_op,\n    binary_op, float_binary_op\n    );",
        to: "    unary_op, float_unary_op,\n    binary_op, float_binary_op,\n    attr, hlc_float_attr\n    );",
        count: 1,
    },
    Patch {
        file: "py/objfloat.c",
        why: "hlc_lang.h declarations",
        from: "#include \"py/formatfloat.h\"\n",
        to: "#include \"py/formatfloat.h\"\n#include \"hlc_lang.h\"\n",
        count: 1,
    },
    // ---- CPython's wording ----
    Patch {
        file: "py/runtime.c",
        why: "hash([]): TypeError \"unhashable type: 'list'\" (types with a unary_op that does not hash; range is the hashable one)",
        from: "        #if MICROPY_ERROR_REPORTING <= MICROPY_ERROR_REPORTING_TERSE\n        mp_raise_TypeError(MP_ERROR_TEXT(\"unsupported type for operator\"));\n        #else\n        \
               mp_raise_msg_varg(&mp_type_TypeError,\n            MP_ERROR_TEXT(\"unsupported type for %q: '%s'\"),",
        to: "        if (op == MP_UNARY_OP_HASH && type == &mp_type_range) {\n            return MP_OBJ_NEW_SMALL_INT((mp_uint_t)arg); /* hashable by identity, as CPython's */\n        }\n        \
             if (op == MP_UNARY_OP_HASH) {\n            mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT(\"unhashable type: '%s'\"), mp_obj_get_type_str(arg));\n        }\n        \
             #if MICROPY_ERROR_REPORTING <= MICROPY_ERROR_REPORTING_TERSE\n        mp_raise_TypeError(MP_ERROR_TEXT(\"unsupported type for operator\"));\n        #else\n        \
             mp_raise_msg_varg(&mp_type_TypeError,\n            MP_ERROR_TEXT(\"unsupported type for %q: '%s'\"),",
        count: 1,
    },
    Patch {
        file: "py/objdict.c",
        why: "dict([(1, 2, 3)]): CPython's 'dictionary update sequence element #0 has length 3; 2 is required'",
        from: "            mp_obj_t next = MP_OBJ_NULL;\n            while ((next = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {\n                \
               mp_obj_t inneriter = mp_getiter(next, NULL);\n                mp_obj_t key = mp_iternext(inneriter);\n                \
               mp_obj_t value = mp_iternext(inneriter);\n                mp_obj_t stop = mp_iternext(inneriter);\n                \
               if (key == MP_OBJ_STOP_ITERATION\n                    || value == MP_OBJ_STOP_ITERATION\n                    || stop != MP_OBJ_STOP_ITERATION) {\n                    \
               mp_raise_ValueError(MP_ERROR_TEXT(\"dict update sequence has wrong length\"));",
        to: "            mp_obj_t next = MP_OBJ_NULL;\n            size_t hlc_index = 0;\n            while ((next = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {\n                \
             mp_obj_t inneriter = hlc_dict_update_iter(next, hlc_index);\n                mp_obj_t key = mp_iternext(inneriter);\n                \
             mp_obj_t value = mp_iternext(inneriter);\n                mp_obj_t stop = mp_iternext(inneriter);\n                \
             if (key == MP_OBJ_STOP_ITERATION\n                    || value == MP_OBJ_STOP_ITERATION\n                    || stop != MP_OBJ_STOP_ITERATION) {\n                    \
             hlc_dict_update_length_error(inneriter, hlc_index, key, value, stop);",
        count: 1,
    },
    Patch {
        file: "py/objdict.c",
        why: "dict update: the element index for the messages",
        from: "                    mp_map_lookup(&self->map, key, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = value;\n                }\n            }\n",
        to: "                    mp_map_lookup(&self->map, key, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = value;\n                }\n                hlc_index++;\n            }\n",
        count: 1,
    },
    Patch {
        file: "py/objdict.c",
        why: "hlc_lang.h declarations",
        from: "#include \"py/objtype.h\"\n",
        to: "#include \"py/objtype.h\"\n#include \"hlc_lang.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/modsys.c",
        why: "sys.version_info: the Python version the guest follows (CPython 3.11's behaviour, as the fidelity suite checks), not MicroPython's nominal 3.4; a named tuple (major, minor, micro, releaselevel, serial) as CPython's; sys.implementation.name stays 'micropython'",
        from: "static const mp_rom_obj_tuple_t mp_sys_version_info_obj = {{&mp_type_tuple}, 3, {MP_ROM_INT(3), MP_ROM_INT(4), MP_ROM_INT(0)}};",
        to: "static const qstr hlc_version_info_fields[] = {MP_QSTR_major, MP_QSTR_minor, MP_QSTR_micro, MP_QSTR_releaselevel, MP_QSTR_serial};\n\
             static MP_DEFINE_ATTRTUPLE(mp_sys_version_info_obj, hlc_version_info_fields, 5, MP_ROM_INT(3), MP_ROM_INT(11), MP_ROM_INT(0), \
             MP_ROM_QSTR(MP_QSTR_final), MP_ROM_INT(0));",
        count: 1,
    },
    Patch {
        file: "py/modsys.c",
        why: "sys.version: as sys.version_info",
        from: "MP_DEFINE_STR_OBJ(mp_sys_version_obj, \"3.4.0; \"",
        to: "MP_DEFINE_STR_OBJ(mp_sys_version_obj, \"3.11.0; \"",
        count: 1,
    },
    // ---- sys.stdout / sys.stderr assignable; print() follows sys.stdout (c/hlc_port.c) ----
    Patch {
        file: "py/mpstate.h",
        why: "sys.stdout and sys.stderr become mutable sys attributes",
        from: "    MP_SYS_MUTABLE_NUM,\n};",
        to: "    MP_SYS_MUTABLE_STDOUT,\n    MP_SYS_MUTABLE_STDERR,\n    MP_SYS_MUTABLE_NUM,\n};",
        count: 1,
    },
    Patch {
        file: "py/modsys.c",
        why: "sys.stdout and sys.stderr are looked up in (and stored to) the mutable attributes",
        from: "    MP_QSTRnull,\n};\n\nvoid mp_module_sys_attr",
        to: "    MP_QSTR_stdout,\n    MP_QSTR_stderr,\n    MP_QSTRnull,\n};\n\nvoid mp_module_sys_attr",
        count: 1,
    },
    Patch {
        file: "py/modsys.c",
        why: "sys.__stdout__ / sys.__stderr__ are the real streams; sys.stdout / sys.stderr are mutable",
        from: "    { MP_ROM_QSTR(MP_QSTR_stdout), MP_ROM_PTR(&mp_sys_stdout_obj) },\n    { MP_ROM_QSTR(MP_QSTR_stderr), MP_ROM_PTR(&mp_sys_stderr_obj) },",
        to: "    { MP_ROM_QSTR(MP_QSTR___stdout__), MP_ROM_PTR(&mp_sys_stdout_obj) },\n    { MP_ROM_QSTR(MP_QSTR___stderr__), MP_ROM_PTR(&mp_sys_stderr_obj) },",
        count: 1,
    },
    Patch {
        file: "py/runtime.c",
        why: "each run starts with sys.stdout / sys.stderr the real streams",
        from: "    #if MICROPY_PY_SYS_SETTRACE\n    MP_STATE_THREAD(prof_trace_callback) = MP_OBJ_NULL;",
        to: "    {\n        extern void hlc_sys_stdio_init(void);\n        hlc_sys_stdio_init();\n    }\n\n    \
             #if MICROPY_PY_SYS_SETTRACE\n    MP_STATE_THREAD(prof_trace_callback) = MP_OBJ_NULL;",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "print() writes to the current sys.stdout (file=None too), and to any object with write()",
        from: "    mp_get_stream_raise(u.args[ARG_file].u_obj, MP_STREAM_OP_WRITE);\n    \
               mp_print_t print = {MP_OBJ_TO_PTR(u.args[ARG_file].u_obj), mp_stream_write_adaptor};\n",
        to: "    extern mp_obj_t hlc_print_target(mp_obj_t file, mp_print_t *print, vstr_t *buf);\n    \
             extern void hlc_print_flush(mp_obj_t target, vstr_t *buf);\n    \
             mp_print_t print;\n    vstr_t hlc_buf;\n    mp_obj_t hlc_target = hlc_print_target(u.args[ARG_file].u_obj, &print, &hlc_buf);\n",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "print()'s separators go through the chosen printer",
        from: "            mp_stream_write_adaptor(print.data, sep_data, u.len[0]);",
        to: "            print.print_strn(print.data, sep_data, u.len[0]);\n            hlc_print_flush(hlc_target, &hlc_buf);",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "a write() target gets each argument's text in one call, as CPython's print",
        from: "        mp_obj_print_helper(&print, pos_args[i], PRINT_STR);\n",
        to: "        mp_obj_print_helper(&print, pos_args[i], PRINT_STR);\n        hlc_print_flush(hlc_target, &hlc_buf);\n",
        count: 1,
    },
    Patch {
        file: "py/modbuiltins.c",
        why: "print()'s end goes through the chosen printer (a write() target gets it in one call)",
        from: "    mp_stream_write_adaptor(print.data, end_data, u.len[1]);",
        to: "    print.print_strn(print.data, end_data, u.len[1]);\n    hlc_print_flush(hlc_target, &hlc_buf);",
        count: 1,
    },
    // ---- function docstrings: f.__doc__ (c/hlc_lang.c) ----
    Patch {
        file: "py/compile.c",
        why: "a class without a docstring has __doc__ None of its own (CPython), not its base's",
        from: "        check_for_doc_string(comp, pns->nodes[2]);\n        compile_node(comp, pns->nodes[2]); // 2 is class body\n",
        to: "        EMIT_ARG(load_const_tok, MP_TOKEN_KW_NONE);\n        compile_store_id(comp, MP_QSTR___doc__);\n        \
             check_for_doc_string(comp, pns->nodes[2]);\n        compile_node(comp, pns->nodes[2]); // 2 is class body\n",
        count: 1,
    },
    Patch {
        file: "py/compile.c",
        why: "a function's docstring is kept as the body's first instructions (load, pop) for f.__doc__",
        from: "        compile_node(comp, pns->nodes[3]); // 3 is function body\n",
        to: "        hlc_emit_docstring(comp, pns->nodes[3]);\n        compile_node(comp, pns->nodes[3]); // 3 is function body\n",
        count: 1,
    },
    Patch {
        file: "py/compile.c",
        why: "hlc_emit_docstring",
        from: "static bool compile_scope(compiler_t *comp, scope_t *scope, pass_kind_t pass) {\n",
        to: r#"// The docstring of a function body, if its first statement is a string (PEP 257): emitted as
// a load and a pop (the statement itself compiles to nothing), which hlc_fun_doc reads back.
static void hlc_emit_docstring(compiler_t *comp, mp_parse_node_t pn) {
    if (MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_suite_block_stmts)) {
        pn = ((mp_parse_node_struct_t *)pn)->nodes[0];
    }
    if (!MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_expr_stmt)) {
        return;
    }
    mp_parse_node_struct_t *pns = (mp_parse_node_struct_t *)pn;
    if (!MP_PARSE_NODE_IS_NULL(pns->nodes[1])) {
        return;
    }
    if ((MP_PARSE_NODE_IS_LEAF(pns->nodes[0]) && MP_PARSE_NODE_LEAF_KIND(pns->nodes[0]) == MP_PARSE_NODE_STRING)
        || (MP_PARSE_NODE_IS_STRUCT_KIND(pns->nodes[0], PN_const_object)
            && mp_obj_is_str(get_const_object((mp_parse_node_struct_t *)pns->nodes[0])))) {
        compile_node(comp, pns->nodes[0]);
        EMIT(pop_top);
    }
}

static bool compile_scope(compiler_t *comp, scope_t *scope, pass_kind_t pass) {
"#,
        count: 1,
    },
    Patch {
        file: "py/objfun.c",
        why: "f.__doc__: the docstring kept at the start of the body (c/hlc_lang.c)",
        from: "    if (attr == MP_QSTR___globals__) {\n        mp_obj_fun_bc_t *self = MP_OBJ_TO_PTR(self_in);\n",
        to: "    if (attr == MP_QSTR___doc__) {\n        dest[0] = hlc_fun_doc(self_in);\n    }\n    \
             if (attr == MP_QSTR___globals__) {\n        mp_obj_fun_bc_t *self = MP_OBJ_TO_PTR(self_in);\n",
        count: 1,
    },
    Patch {
        file: "py/objfun.c",
        why: "hlc_lang.h declarations",
        from: "#include \"py/runtime.h\"\n",
        to: "#include \"py/runtime.h\"\n#include \"hlc_lang.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/objint.c",
        why: "int(x, base=2): base by keyword; any other keyword is CPython's 'invalid keyword argument' TypeError",
        from: "    (void)type_in;\n    mp_arg_check_num(n_args, n_kw, 0, 2, false);\n",
        to: "    (void)type_in;\n    mp_obj_t hlc_args[2];\n    \
             if (n_kw == 1 && n_args == 1 && args[1] == MP_OBJ_NEW_QSTR(MP_QSTR_base)) {\n        \
             hlc_args[0] = args[0];\n        hlc_args[1] = args[2];\n        args = hlc_args;\n        n_args = 2;\n        n_kw = 0;\n    }\n    \
             for (size_t i = 0; i < n_kw; i++) {\n        if (args[n_args + 2 * i] != MP_OBJ_NEW_QSTR(MP_QSTR_base)) {\n            \
             mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT(\"'%s' is an invalid keyword argument for int()\"), mp_obj_str_get_str(args[n_args + 2 * i]));\n        }\n    }\n    \
             mp_arg_check_num(n_args, n_kw, 0, 2, false);\n",
        count: 1,
    },
    // ---- str methods beyond ASCII (c/hlc_unicode.c) ----
    Patch {
        file: "py/objstr.c",
        why: "str.upper()/lower() of non-ASCII text: full Unicode case mappings (c/hlc_unicode.c)",
        from: "static mp_obj_t str_caseconv(unichar (*op)(unichar), mp_obj_t self_in) {\n    GET_STR_DATA_LEN(self_in, self_data, self_len);\n",
        to: "static mp_obj_t str_caseconv(unichar (*op)(unichar), mp_obj_t self_in) {\n    \
             if (hlc_uni_applies(self_in)) {\n        return hlc_uni_recase(self_in, op == unichar_tolower ? HLC_RECASE_LOWER : HLC_RECASE_UPPER);\n    }\n    \
             GET_STR_DATA_LEN(self_in, self_data, self_len);\n",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "str.isalpha()/isdigit()/isspace()/isupper()/islower() of non-ASCII text (c/hlc_unicode.c); str.isspace() of \\x1c-\\x1f too (bytes keep ASCII's rules, as CPython)",
        from: "static mp_obj_t str_uni_istype(bool (*f)(unichar), mp_obj_t self_in) {\n",
        to: "static mp_obj_t str_uni_istype(bool (*f)(unichar), mp_obj_t self_in) {\n    \
             if (hlc_uni_applies(self_in) || (f == unichar_isspace && mp_obj_is_str(self_in))) {\n        \
             return hlc_uni_istype(self_in, f == unichar_isspace ? HLC_IS_SPACE : f == unichar_isalpha ? HLC_IS_ALPHA\n            \
             : f == unichar_isdigit ? HLC_IS_DIGIT : f == unichar_isupper ? HLC_IS_UPPER : HLC_IS_LOWER);\n    }\n",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "str.encode(encoding, errors): CPython's utf-8, ascii and latin-1 codecs and error handlers",
        from: "    { MP_ROM_QSTR(MP_QSTR_encode), MP_ROM_PTR(&str_encode_obj) },",
        to: "    { MP_ROM_QSTR(MP_QSTR_encode), MP_ROM_PTR(&hlc_str_encode_obj) },",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "bytes.decode(encoding, errors=...): utf-8/ascii/latin-1 with strict/ignore/replace/backslashreplace, UnicodeDecodeError as CPython",
        from: "    { MP_ROM_QSTR(MP_QSTR_decode), MP_ROM_PTR(&bytes_decode_obj) },",
        to: "    { MP_ROM_QSTR(MP_QSTR_decode), MP_ROM_PTR(&hlc_bytes_decode_obj) },",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "hlc_unicode.h declarations",
        from: "#include \"py/objstr.h\"\n",
        to: "#include \"py/objstr.h\"\n#include \"hlc_unicode.h\"\n",
        count: 1,
    },
    // ---- obj.__dict__ is the instance's own (writable) dict (c/hlc_lang.c) ----
    Patch {
        file: "py/objtype.c",
        why: "obj.__dict__ is the instance's attribute dict itself: self.__dict__.update(kw) sets attributes, as CPython",
        from: "    if (attr == MP_QSTR___dict__) {\n        // Create a new dict with a copy of the instance's map items.\n",
        to: "    if (attr == MP_QSTR___dict__) {\n        dest[0] = hlc_instance_dict(self);\n        return;\n    }\n    \
             if (attr == MP_QSTR___dict__) {\n        // Create a new dict with a copy of the instance's map items.\n",
        count: 1,
    },
    Patch {
        file: "py/objtype.c",
        why: "instance attributes live in the exposed __dict__ once there is one",
        from: "mp_map_lookup(&self->members,",
        to: "mp_map_lookup(hlc_members(&self->members),",
        count: 3,
    },
    Patch {
        file: "py/objobject.c",
        why: "object.__setattr__/__delattr__: as above",
        from: "mp_map_lookup(&self->members,",
        to: "mp_map_lookup(hlc_members(&self->members),",
        count: 2,
    },
    Patch {
        file: "py/objobject.c",
        why: "hlc_lang.h declarations",
        from: "#include \"py/objtype.h\"\n",
        to: "#include \"py/objtype.h\"\n#include \"hlc_lang.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/vm.c",
        why: "LOAD_ATTR's instance fast path: as above",
        from: "elem = mp_map_lookup(&self->members, MP_OBJ_NEW_QSTR(qst), MP_MAP_LOOKUP);",
        to: "elem = mp_map_lookup(hlc_members(&self->members), MP_OBJ_NEW_QSTR(qst), MP_MAP_LOOKUP);",
        count: 1,
    },
    Patch {
        file: "py/vm.c",
        why: "hlc_lang.h declarations",
        from: "#include \"py/bc0.h\"\n",
        to: "#include \"py/bc0.h\"\n#include \"hlc_lang.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/objtype.c",
        why: "obj.__dict__ = {...} replaces the instance's attributes, as CPython",
        from: "        // store attribute\n        mp_map_lookup(hlc_members(&self->members), MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = value;\n",
        to: "        // store attribute\n        if (attr == MP_QSTR___dict__ && mp_obj_is_exact_type(value, &mp_type_dict)) {\n            \
             hlc_instance_set_dict(self, value);\n            return true;\n        }\n        \
             mp_map_lookup(hlc_members(&self->members), MP_OBJ_NEW_QSTR(attr), MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = value;\n",
        count: 1,
    },
];

// ---- built-in types as CPython: each routes into c/hlc_dictview.c, hlc_numcmp.c, hlc_seq.c ----
const TYPES: &[Patch] = &[
    Patch {
        file: "py/objdict.c",
        why: "len(d.keys()), bool({}.items())",
        from: "        return MP_OBJ_NEW_SMALL_INT((mp_uint_t)o_in);\n    }\n    return MP_OBJ_NULL;\n}",
        to: "        return MP_OBJ_NEW_SMALL_INT((mp_uint_t)o_in);\n    }\n    return hlc_dict_view_unary_op(op, o->dict);\n}",
        count: 1,
    },
    Patch {
        file: "py/objdict.c",
        why: "views == sets: the views' binary_op answers == with other types",
        from: "    MP_QSTR_dict_view,\n    MP_TYPE_FLAG_ITER_IS_GETITER,\n",
        to: "    MP_QSTR_dict_view,\n    MP_TYPE_FLAG_ITER_IS_GETITER | MP_TYPE_FLAG_EQ_CHECKS_OTHER_TYPE,\n",
        count: 1,
    },
    Patch {
        file: "py/objdict.c",
        why: "d.keys() & s, d.items() - e.items(), views == sets, (k, v) in d.items()",
        from: "    if (o->kind != MP_DICT_VIEW_KEYS) {\n        return MP_OBJ_NULL; // op not supported\n    }\n    \
               if (op != MP_BINARY_OP_CONTAINS) {\n        return MP_OBJ_NULL; // op not supported\n    }",
        to: "    if (o->kind != MP_DICT_VIEW_KEYS || op != MP_BINARY_OP_CONTAINS) {\n        \
             return hlc_dict_view_binary_op(op, o->dict, (int)o->kind, lhs_in, rhs_in);\n    }",
        count: 1,
    },
    Patch {
        file: "py/objdict.c",
        why: "dict(m) / d.update(m) for a mapping with keys() that is not a dict (ChainMap, UserDict-likes)",
        from: "        } else {\n            // update from a generic iterable of pairs\n",
        to: "        } else if (hlc_dict_update_from_mapping(&self->map, args[1])) {\n        } else {\n            \
             // update from a generic iterable of pairs\n",
        count: 1,
    },
    Patch {
        file: "py/objfloat.c",
        why: "float <op> int comparisons exact (1e25 == 10**25 is False)",
        from: "static mp_obj_t float_binary_op(mp_binary_op_t op, mp_obj_t lhs_in, mp_obj_t rhs_in) {\n",
        to: "static mp_obj_t float_binary_op(mp_binary_op_t op, mp_obj_t lhs_in, mp_obj_t rhs_in) {\n    \
             mp_obj_t hlc_cmp = hlc_float_int_compare(op, lhs_in, rhs_in);\n    \
             if (hlc_cmp != MP_OBJ_NULL) {\n        return hlc_cmp;\n    }\n",
        count: 1,
    },
    Patch {
        file: "py/objint_mpz.c",
        why: "big int <op> float comparisons exact",
        from: "        return mp_obj_float_binary_op(op, mpz_as_float(zlhs), rhs_in);",
        to: "        return hlc_int_float_binary_op(op, lhs_in, mpz_as_float(zlhs), rhs_in);",
        count: 2,
    },
    Patch {
        file: "py/runtime.c",
        why: "small int <op> float comparisons exact (2**53 + 1 > 2.0**53)",
        from: "            mp_obj_t res = mp_obj_float_binary_op(op, (mp_float_t)lhs_val, rhs);",
        to: "            mp_obj_t res = hlc_int_float_binary_op(op, lhs, (mp_float_t)lhs_val, rhs);",
        count: 1,
    },
    Patch {
        file: "py/objslice.c",
        why: "slice(stop), slice(start, stop[, step]) can be created",
        from: "    mp_type_slice,\n    MP_QSTR_slice,\n    MP_TYPE_FLAG_NONE,\n",
        to: "    mp_type_slice,\n    MP_QSTR_slice,\n    MP_TYPE_FLAG_NONE,\n    make_new, hlc_slice_make_new,\n",
        count: 1,
    },
    Patch {
        file: "py/objtuple.c",
        why: "tuple slices with a step (t[::-1])",
        from: "                mp_raise_NotImplementedError(MP_ERROR_TEXT(\"only slices with step=1 (aka None) are supported\"));\n            }\n            \
               mp_obj_tuple_t *res",
        to: "                return hlc_tuple_slice(self->items, &slice);\n            }\n            mp_obj_tuple_t *res",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "str.rsplit(None, maxsplit)",
        from: "        mp_raise_NotImplementedError(MP_ERROR_TEXT(\"rsplit(None,n)\"));",
        to: "        return hlc_str_rsplit_whitespace(self_type, s, len, splits);",
        count: 1,
    },
    Patch {
        file: "py/objset.c",
        why: "set.union / intersection / intersection_update with any number of arguments",
        from: "static MP_DEFINE_CONST_FUN_OBJ_2(set_intersect_obj, set_intersect);",
        to: "static mp_obj_t set_intersect_var(size_t n_args, const mp_obj_t *args) {\n    \
             mp_obj_t out = n_args == 1 ? set_copy(args[0]) : set_intersect(args[0], args[1]);\n    \
             for (size_t i = 2; i < n_args; i++) {\n        out = set_intersect(out, args[i]);\n    }\n    return out;\n}\n\
             static MP_DEFINE_CONST_FUN_OBJ_VAR(set_intersect_obj, 1, set_intersect_var);",
        count: 1,
    },
    Patch {
        file: "py/objset.c",
        why: "as above: intersection_update",
        from: "static MP_DEFINE_CONST_FUN_OBJ_2(set_intersect_update_obj, set_intersect_update);",
        to: "static mp_obj_t set_intersect_update_var(size_t n_args, const mp_obj_t *args) {\n    \
             for (size_t i = 1; i < n_args; i++) {\n        set_intersect_update(args[0], args[i]);\n    }\n    return mp_const_none;\n}\n\
             static MP_DEFINE_CONST_FUN_OBJ_VAR(set_intersect_update_obj, 1, set_intersect_update_var);",
        count: 1,
    },
    Patch {
        file: "py/objset.c",
        why: "as above: union",
        from: "static MP_DEFINE_CONST_FUN_OBJ_2(set_union_obj, set_union);",
        to: "static mp_obj_t set_union_var(size_t n_args, const mp_obj_t *args) {\n    \
             check_set_or_frozenset(args[0]);\n    mp_obj_t out = set_copy(args[0]);\n    \
             for (size_t i = 1; i < n_args; i++) {\n        set_update_int(MP_OBJ_TO_PTR(out), args[i]);\n    }\n    return out;\n}\n\
             static MP_DEFINE_CONST_FUN_OBJ_VAR(set_union_obj, 1, set_union_var);",
        count: 1,
    },
    Patch {
        file: "py/lexer.c",
        why: "f-string expressions with string literals holding ':', '!', '}' or brackets (f\"{d.strftime('%H:%M')}\"), and parentheses",
        from: "                        unichar c = CUR_CHAR(lex);\n                        if (c == '[' || c == '{') {\n                            \
               nested_bracket_level += 1;\n                        } else if (c == ']' || c == '}') {\n                            nested_bracket_level -= 1;\n                        }\n",
        to: "                        unichar c = CUR_CHAR(lex);\n                        if (c == '\\'' || c == '\"') {\n                            \
             // a string literal in the expression is copied whole\n                            vstr_add_byte(&lex->fstring_args, c);\n                            \
             next_char(lex);\n                            while (!is_end(lex) && !is_char(lex, c)) {\n                                \
             if (is_char(lex, '\\\\')) {\n                                    vstr_add_byte(&lex->fstring_args, '\\\\');\n                                    \
             next_char(lex);\n                                    if (is_end(lex)) {\n                                        break;\n                                    }\n                                }\n                                \
             vstr_add_byte(&lex->fstring_args, CUR_CHAR(lex));\n                                next_char(lex);\n                            }\n                            \
             if (!is_end(lex)) {\n                                vstr_add_byte(&lex->fstring_args, c);\n                                next_char(lex);\n                            }\n                            \
             continue;\n                        }\n                        \
             if (c == '[' || c == '{' || c == '(') {\n                            nested_bracket_level += 1;\n                        \
             } else if (c == ']' || c == '}' || c == ')') {\n                            nested_bracket_level -= 1;\n                        }\n",
        count: 1,
    },
    Patch {
        file: "py/modsys.c",
        why: "sys.getsizeof: CPython's sizes; upstream aborted on small ints (hlc_sizeof.c)",
        from: "static mp_obj_t mp_sys_getsizeof(mp_obj_t obj) {\n    return mp_unary_op(MP_UNARY_OP_SIZEOF, obj);\n}\n\
               static MP_DEFINE_CONST_FUN_OBJ_1(mp_sys_getsizeof_obj, mp_sys_getsizeof);",
        to: "#include \"hlc_types.h\"\n#define mp_sys_getsizeof_obj hlc_sys_getsizeof_obj",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "'{:c}' and '%c' of a non-ASCII code point print the character (UTF-8)",
        from: "                    char ch = mp_obj_get_int(arg);\n                    mp_print_strn(&print, &ch, 1, flags, fill, width);",
        to: "                    hlc_print_char(&print, mp_obj_get_int(arg), flags, fill, width);",
        count: 1,
    },
    Patch {
        file: "py/objstr.c",
        why: "as above, for %c",
        from: "                    char ch = mp_obj_get_int(arg);\n                    mp_print_strn(&print, &ch, 1, flags, ' ', width);",
        to: "                    hlc_print_char(&print, mp_obj_get_int(arg), flags, ' ', width);",
        count: 1,
    },
];

// ==== buffer exports: no use-after-free through memoryview (c/hlc_buffer.c) ====
// Upstream, resizing a bytearray/array frees the items a memoryview still points at. These
// patches give arrays an export mark and route every resize through hlc_array_resize_check,
// which raises BufferError as CPython does. See c/hlc_buffer.c for the design.
const BUFFER_EXPORTS: &[Patch] = &[
    Patch {
        file: "py/objarray.h",
        why: "buffer exports: one bit of `free` becomes the export mark",
        from: "#define MP_OBJ_ARRAY_FREE_SIZE_BITS (8 * sizeof(size_t) - 8)",
        to: "#define MP_OBJ_ARRAY_FREE_SIZE_BITS (8 * sizeof(size_t) - 10)",
        count: 1,
    },
    Patch {
        file: "py/objarray.h",
        why: "buffer exports: the export mark (bit 0 viewed by a memoryview, bit 1 pinned by C code)",
        from: "    size_t free : MP_OBJ_ARRAY_FREE_SIZE_BITS;\n",
        to: "    size_t free : MP_OBJ_ARRAY_FREE_SIZE_BITS;\n    size_t hlc_export : 2; // hlc_buffer.c\n",
        count: 1,
    },
    Patch {
        file: "py/objarray.h",
        why: "buffer exports: designated initialiser (a field was added)",
        from: "    mp_obj_array_t obj_name = {{&mp_type_memoryview}, (typecode), (offset), (len), (ptr)}",
        to: "    mp_obj_array_t obj_name = {.base = {&mp_type_memoryview}, .typecode = (typecode), .free = (offset), .len = (len), .items = (ptr)}",
        count: 1,
    },
    Patch {
        file: "py/objarray.c",
        why: "buffer exports: declarations",
        from: "#include \"py/objarray.h\"\n",
        to: "#include \"py/objarray.h\"\n#include \"hlc_buffer.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/objarray.c",
        why: "buffer exports: memoryview(obj) marks obj",
        from: "    mp_get_buffer_raise(args[0], &bufinfo, MP_BUFFER_READ);\n\n    mp_obj_array_t *self = MP_OBJ_TO_PTR(mp_obj_new_memoryview(",
        to: "    mp_get_buffer_raise(args[0], &bufinfo, MP_BUFFER_READ);\n    hlc_buffer_export(args[0]);\n\n    mp_obj_array_t *self = MP_OBJ_TO_PTR(mp_obj_new_memoryview(",
        count: 1,
    },
    Patch {
        file: "py/objarray.c",
        why: "buffer exports: append checks before it resizes",
        from: "    if (self->free == 0) {\n        size_t item_sz = mp_binary_get_size('@', self->typecode, NULL);\n        // TODO: alloc policy\n",
        to: "    hlc_array_resize_check(self);\n    if (self->free == 0) {\n        size_t item_sz = mp_binary_get_size('@', self->typecode, NULL);\n        // TODO: alloc policy\n",
        count: 1,
    },
    Patch {
        file: "py/objarray.c",
        why: "buffer exports: extend (and +=) checks before it resizes",
        from: "    // make sure we have enough room to extend\n",
        to: "    if (len != 0) {\n        hlc_array_resize_check(self);\n    }\n    // make sure we have enough room to extend\n",
        count: 1,
    },
    Patch {
        file: "py/objarray.c",
        why: "buffer exports: slice assignment that changes the length checks before it resizes",
        from: "                if (len_adj > 0) {\n                    if ((size_t)len_adj > o->free) {",
        to: "                if (len_adj != 0) {\n                    hlc_array_resize_check(o);\n                }\n                if (len_adj > 0) {\n                    if ((size_t)len_adj > o->free) {",
        count: 1,
    },
    Patch {
        file: "py/objarray.c",
        why: "bytearray(x)/array(t, x): an iterable yielding more items than its __len__ wrote past the \
              allocation (heap overflow); the extra items are appended",
        from: "        if (len == 0) {\n            array_append(MP_OBJ_FROM_PTR(array), item);",
        to: "        if (len == 0 || i >= len) {\n            array_append(MP_OBJ_FROM_PTR(array), item);",
        count: 1,
    },
    Patch {
        file: "py/modio.c",
        why: "io.IOBase write gets a copy, readinto a bytearray over the C buffer emptied after the call \
              (was a bytearray on the C stack: kept, it reached freed stack memory; resized, it reallocated a C buffer)",
        from: "    mp_obj_array_t ar = {{&mp_type_bytearray}, BYTEARRAY_TYPECODE, 0, size, buf};\n    \
               dest[2] = MP_OBJ_FROM_PTR(&ar);\n    mp_obj_t ret_obj = mp_call_method_n_kw(1, 0, dest);",
        to: "    mp_obj_t ret_obj = hlc_buffer_lend(dest, buf, size, qst == MP_QSTR_readinto);",
        count: 1,
    },
    Patch {
        file: "py/modio.c",
        why: "io.IOBase readinto/write returning more than the buffer's size",
        from: "    mp_int_t ret = mp_obj_get_int(ret_obj);\n    if (ret >= 0) {\n        return ret;",
        to: "    mp_int_t ret = mp_obj_get_int(ret_obj);\n    if (ret > (mp_int_t)size) {\n        \
             mp_raise_msg_varg(&mp_type_OSError, MP_ERROR_TEXT(\"%q() returned %d outside buffer size %d\"), qst, (int)ret, (int)size);\n    }\n    \
             if (ret >= 0) {\n        return ret;",
        count: 1,
    },
    Patch {
        file: "py/modio.c",
        why: "buffer exports: declarations",
        from: "#include \"py/objarray.h\"\n",
        to: "#include \"py/objarray.h\"\n#include \"hlc_buffer.h\"\n",
        count: 1,
    },
    Patch {
        file: "py/modstruct.c",
        why: "struct.pack_into pins its target while converting values (a value's __int__ could resize it)",
        from: "    struct_pack_into_internal(args[0], p, n_args - 3, &args[3]);\n    return mp_const_none;",
        to: "    struct hlc_pack_ctx ctx = {args[0], p, n_args - 3, &args[3]};\n    \
             hlc_buffer_pack_into(args[1], hlc_pack_cb, &ctx);\n    return mp_const_none;",
        count: 1,
    },
    Patch {
        file: "py/modstruct.c",
        why: "struct.pack_into pins its target: the callback",
        from: "static mp_obj_t struct_pack_into(size_t n_args, const mp_obj_t *args) {",
        to: "struct hlc_pack_ctx {\n    mp_obj_t fmt;\n    byte *p;\n    size_t n;\n    const mp_obj_t *args;\n};\n\
             static void hlc_pack_cb(void *c) {\n    struct hlc_pack_ctx *x = c;\n    \
             struct_pack_into_internal(x->fmt, x->p, x->n, x->args);\n}\n\
             static mp_obj_t struct_pack_into(size_t n_args, const mp_obj_t *args) {",
        count: 1,
    },
    Patch {
        file: "py/modstruct.c",
        why: "buffer exports: declarations",
        from: "#include \"py/builtin.h\"\n",
        to: "#include \"py/builtin.h\"\n#include \"hlc_buffer.h\"\n",
        count: 1,
    },
    Patch {
        file: "extmod/modrandom.c",
        why: "no C static state survives into another run: the generator's state is reset per run to \
              what the first import in a VM seeds (the `seeded` flag of __init__ is then moot)",
        from: "static uint8_t yasmarang_dat = 0;\n#endif\n#endif\n",
        to: "static uint8_t yasmarang_dat = 0;\n#endif\n#endif\n\
             void hlc_random_reset(void);\n\
             void hlc_random_reset(void) {\n\
             #if SEED_ON_IMPORT\n    \
             yasmarang_pad = (uint32_t)(MICROPY_PY_RANDOM_SEED_INIT_FUNC); // as the first import seeds it\n\
             #else\n    yasmarang_pad = 0xeda4baba;\n#endif\n    \
             yasmarang_n = 69;\n    yasmarang_d = 233;\n    yasmarang_dat = 0;\n}\n",
        count: 1,
    },
    // ---- str indexing: O(1) for ASCII, amortized O(1) for sequential non-ASCII (c/hlc_strindex.c) ----
    Patch {
        file: "py/objstrunicode.c",
        why: "str indexing: s[i] and s[i:j] ask hlc_strindex.c's cache before walking from the start",
        from: "    mp_obj_t index, bool is_slice) {\n    // All str functions also handle bytes objects",
        to: "    mp_obj_t index, bool is_slice) {\n    const byte *hlc_fast = hlc_strindex_ptr(type, self_data, self_len, index, is_slice);\n    \
             if (hlc_fast) {\n        return hlc_fast;\n    }\n    // All str functions also handle bytes objects",
        count: 1,
    },
    Patch {
        file: "py/objstrunicode.c",
        why: "str indexing: len(s) from the same cache",
        from: "            return MP_OBJ_NEW_SMALL_INT(utf8_charlen(str_data, str_len));",
        to: "            return MP_OBJ_NEW_SMALL_INT(hlc_strindex_len(str_data, str_len));",
        count: 1,
    },
    Patch {
        file: "py/gc.c",
        why: "str indexing: an explicitly freed buffer may be reused by another string: forget it",
        from: "void gc_free(void *ptr) {\n",
        to: "void hlc_strindex_reset(void);\nvoid gc_free(void *ptr) {\n    hlc_strindex_reset();\n",
        count: 1,
    },
];
