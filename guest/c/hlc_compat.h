// CPython-compatibility additions to MicroPython: the functions, types and method tables that
// the patched MicroPython sources (guest/micropython/patches) reach into. Implemented in hlc_compat.c,
// except the float conversions, which are Rust (guest/src/python/floatfmt.rs).
#ifndef HLC_COMPAT_H
#define HLC_COMPAT_H

#include <stdarg.h> // before py/obj.h, which declares its va_list functions only if stdarg is in
#include <stddef.h>
#include <stdint.h>

#include "py/obj.h"
#include "py/runtime0.h"

// ---- str indexing cache (c/hlc_strindex.c; py/objstrunicode.c's str_index_to_ptr and len) ----
const byte *hlc_strindex_ptr(const mp_obj_type_t *type, const byte *data, size_t len, mp_obj_t index, bool is_slice);
size_t hlc_strindex_len(const byte *data, size_t len);


// ---- exception types CPython has and MicroPython lacks ----
extern const mp_obj_type_t mp_type_RecursionError;      // RuntimeError subclass
extern const mp_obj_type_t mp_type_ModuleNotFoundError;  // ImportError subclass
extern const mp_obj_type_t mp_type_UnicodeEncodeError;   // UnicodeError subclasses (hlc_unicode.c)
extern const mp_obj_type_t mp_type_UnicodeDecodeError;

// ---- builtins ----
MP_DECLARE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_builtin_format_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_builtin_ascii_obj);
MP_DECLARE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_builtin_input_obj);
MP_DECLARE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_builtin_vars_obj);  // hlc_fidelity.c
MP_DECLARE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_builtin_iter_obj);  // hlc_fidelity.c: iter(callable, sentinel) too

#define HLC_EXTRA_BUILTINS \
    { MP_ROM_QSTR(MP_QSTR_format), MP_ROM_PTR(&hlc_builtin_format_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_ascii), MP_ROM_PTR(&hlc_builtin_ascii_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_input), MP_ROM_PTR(&hlc_builtin_input_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_RecursionError), MP_ROM_PTR(&mp_type_RecursionError) }, \
    { MP_ROM_QSTR(MP_QSTR_ModuleNotFoundError), MP_ROM_PTR(&mp_type_ModuleNotFoundError) }, \
    { MP_ROM_QSTR(MP_QSTR_UnicodeEncodeError), MP_ROM_PTR(&mp_type_UnicodeEncodeError) }, \
    { MP_ROM_QSTR(MP_QSTR_UnicodeDecodeError), MP_ROM_PTR(&mp_type_UnicodeDecodeError) }, \
    { MP_ROM_QSTR(MP_QSTR_vars), MP_ROM_PTR(&hlc_builtin_vars_obj) },

// ---- str/bytes methods (replace MicroPython's center(), which has no fill character) ----
MP_DECLARE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_str_center_obj);
MP_DECLARE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_str_ljust_obj);
MP_DECLARE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_str_rjust_obj);
MP_DECLARE_CONST_FUN_OBJ_2(hlc_str_zfill_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_str_title_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_str_capitalize_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_str_swapcase_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_str_casefold_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_str_isalnum_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_str_isascii_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_str_istitle_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_str_isidentifier_obj);
MP_DECLARE_CONST_FUN_OBJ_2(hlc_str_removeprefix_obj);
MP_DECLARE_CONST_FUN_OBJ_2(hlc_str_removesuffix_obj);
MP_DECLARE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_str_expandtabs_obj);
extern const mp_rom_obj_static_class_method_t hlc_str_maketrans_obj; // hlc_fidelity.c
MP_DECLARE_CONST_FUN_OBJ_2(hlc_str_translate_obj);                   // hlc_fidelity.c

#include "hlc_unicode.h"
#include "hlc_types.h"

#define HLC_STR_EXTRA_METHODS \
    { MP_ROM_QSTR(MP_QSTR_center), MP_ROM_PTR(&hlc_str_center_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_ljust), MP_ROM_PTR(&hlc_str_ljust_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_rjust), MP_ROM_PTR(&hlc_str_rjust_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_zfill), MP_ROM_PTR(&hlc_str_zfill_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_title), MP_ROM_PTR(&hlc_str_title_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_capitalize), MP_ROM_PTR(&hlc_str_capitalize_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_swapcase), MP_ROM_PTR(&hlc_str_swapcase_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_casefold), MP_ROM_PTR(&hlc_str_casefold_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isalnum), MP_ROM_PTR(&hlc_str_isalnum_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isascii), MP_ROM_PTR(&hlc_str_isascii_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isdecimal), MP_ROM_PTR(&hlc_str_isdecimal_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isnumeric), MP_ROM_PTR(&hlc_str_isnumeric_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isprintable), MP_ROM_PTR(&hlc_str_isprintable_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_istitle), MP_ROM_PTR(&hlc_str_istitle_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_isidentifier), MP_ROM_PTR(&hlc_str_isidentifier_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_removeprefix), MP_ROM_PTR(&hlc_str_removeprefix_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_removesuffix), MP_ROM_PTR(&hlc_str_removesuffix_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_expandtabs), MP_ROM_PTR(&hlc_str_expandtabs_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_maketrans), MP_ROM_PTR(&hlc_str_maketrans_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_translate), MP_ROM_PTR(&hlc_str_translate_obj) },

// ---- int methods ----
MP_DECLARE_CONST_FUN_OBJ_1(hlc_int_bit_length_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_int_bit_count_obj);

#define HLC_INT_EXTRA_METHODS \
    { MP_ROM_QSTR(MP_QSTR_bit_length), MP_ROM_PTR(&hlc_int_bit_length_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_bit_count), MP_ROM_PTR(&hlc_int_bit_count_obj) },

// ---- hooks called from patched MicroPython code ----
// Slices with a step other than 1 (MicroPython raises NotImplementedError for these).
mp_obj_t hlc_bytes_slice_step(mp_obj_t self, mp_obj_t slice);
mp_obj_t hlc_str_slice_step(mp_obj_t self, mp_obj_t slice);
// Extended-slice assignment/deletion on lists (value == MP_OBJ_NULL deletes).
mp_obj_t hlc_list_assign_step(mp_obj_t self, mp_obj_t slice, mp_obj_t value);
// repr() of a non-ASCII character: prints it as is if CPython would; returns whether it did.
bool hlc_repr_unichar(const mp_print_t *print, unichar ch);
// CPython's wording for a binary operator applied to unsupported types.
MP_NORETURN void hlc_raise_binop_error(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs);

// Insertion-ordered dicts (hlc_map.c): position of the last live entry; copy of a whole table.
size_t hlc_map_last_filled(const mp_map_t *map);
void hlc_map_copy_table(mp_map_t *dst, const mp_map_t *src);

// ---- hlc_fidelity.c: core-language fixes from the fidelity suite (guest/micropython/patches) ----
void hlc_list_sort(mp_obj_t list, mp_obj_t key_fn, bool reverse);
mp_obj_t hlc_format_field(mp_obj_t arg, const char *field, const char *top);
// A str.format field's value from its keyword map (or from str.format_map's mapping).
mp_obj_t hlc_format_kwarg(mp_map_t *kwargs, mp_obj_t key);
MP_DECLARE_CONST_FUN_OBJ_2(hlc_str_format_map_obj);
void hlc_range_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest);
mp_obj_t hlc_call_with_kw(mp_fun_var_t fun, size_t n_args, const mp_obj_t *args, mp_map_t *kw,
    const qstr *names, const mp_obj_t *defaults, size_t n_names);
MP_NORETURN void hlc_raise_zero_division(mp_binary_op_t op, bool is_float);
MP_NORETURN void hlc_raise_float_parse(const char *str, size_t len);
MP_NORETURN void hlc_raise_int_arg(mp_obj_t arg);
MP_NORETURN void hlc_raise_not_in_seq(const mp_obj_t *args);
void hlc_list_remove_check(mp_obj_t self_in, mp_obj_t value);

// ---- Rust (guest/src/python/floatfmt.rs) ----
size_t hlc_float_format(double v, char fmt, int prec, int alt, char *buf, size_t cap);
double hlc_float_round(double v, intptr_t ndigits);
int hlc_float_parse(const char *s, size_t len, double *out);

#endif
