// Declarations for the CPython behaviours of built-in types added by hlc_dictview.c,
// hlc_numcmp.c, hlc_seq.c and hlc_sizeof.c (included through hlc_compat.h by the patched py/ sources).
#ifndef HLC_TYPES_H
#define HLC_TYPES_H

#include "py/obj.h"

// ---- dict views (hlc_dictview.c) ----
// len() and bool() of a view of `dict`.
mp_obj_t hlc_dict_view_unary_op(mp_unary_op_t op, mp_obj_t dict);
// The set operators (& | - ^), comparisons with sets and `in` of keys and items views;
// kind is objdict.c's mp_dict_view_kind_t (0 items, 1 keys, 2 values).
mp_obj_t hlc_dict_view_binary_op(mp_binary_op_t op, mp_obj_t dict, int kind, mp_obj_t view, mp_obj_t rhs);
// dict(m) / d.update(m) for a mapping that is not a dict (has keys()): CPython's PyDict_Merge.
// Returns false when `other` has no keys() (then it is an iterable of pairs).
bool hlc_dict_update_from_mapping(mp_map_t *map, mp_obj_t other);

// ---- int/float comparisons, exact as CPython's float_richcompare (hlc_numcmp.c) ----
// lhs is a float; returns MP_OBJ_NULL unless op is a comparison and rhs an int.
mp_obj_t hlc_float_int_compare(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs);
// lhs is an int (approx its float value): comparisons with a float rhs exactly, everything
// else as mp_obj_float_binary_op(op, approx, rhs).
mp_obj_t hlc_int_float_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_float_t approx, mp_obj_t rhs);

// ---- sequences (hlc_seq.c) ----
// slice(stop), slice(start, stop[, step]).
mp_obj_t hlc_slice_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args);
// tuple[a:b:step] for step != 1.
mp_obj_t hlc_tuple_slice(const mp_obj_t *items, mp_bound_slice_t *slice);
// str.rsplit(None, maxsplit).
mp_obj_t hlc_str_rsplit_whitespace(const mp_obj_type_t *type, const byte *s, size_t len, mp_int_t splits);

// ---- sys.getsizeof, %c / {:c} (hlc_sizeof.c) ----
MP_DECLARE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_sys_getsizeof_obj);
void hlc_print_char(const mp_print_t *print, mp_int_t code, int flags, char fill, int width);

#endif
