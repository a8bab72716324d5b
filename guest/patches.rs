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
        why: "obj.__dict__ / Cls.__dict__ copies stay plain dicts: marking them fixed sends lookups to \
              upstream's hash probing, which does not match hlc_map.c's dense tables (d['x'] raised KeyError)",
        from: "        dest_dict->map.is_fixed = 1;\n",
        to: "",
        count: 1,
    },
    Patch {
        file: "py/objtype.c",
        why: "as above, for a class's __dict__",
        from: "                dict_copy->map.is_fixed = 1;\n",
        to: "",
        count: 1,
    },
];

/// Plain wording changes: (from, to, files that must each contain `from`).
const WORDING: &[(&str, &str, &[&str])] = &[
    ("name '%q' isn't defined", "name '%q' is not defined", &["py/runtime.c"]),
    ("object isn't callable", "object is not callable", &["py/runtime.c", "py/objtype.c"]),
    ("object isn't iterable", "object is not iterable", &["py/runtime.c"]),
    ("object isn't an iterator", "object is not an iterator", &["py/runtime.c"]),
    ("object isn't subscriptable", "object is not subscriptable", &["py/obj.c"]),
    (
        "MP_ERROR_TEXT(\"divide by zero\")",
        "MP_ERROR_TEXT(\"division by zero\")",
        &["py/runtime.c", "py/objfloat.c", "py/objint_mpz.c", "py/objint_longlong.c", "py/modmath.c"],
    ),
];

pub fn apply(root: &Path) {
    for p in PATCHES {
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
