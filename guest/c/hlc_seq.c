// Sequence behaviours CPython has and MicroPython leaves out: creating slice objects
// (`slice(None, -1)`), tuple slices with a step (`t[::-1]`), and `str.rsplit(None, n)`.
#include "py/runtime.h"
#include "py/unicode.h"
#include "py/objstr.h"

#include "hlc_types.h"

mp_obj_t hlc_slice_make_new(const mp_obj_type_t *type, size_t n_args, size_t n_kw, const mp_obj_t *args) {
    (void)type;
    mp_arg_check_num(n_args, n_kw, 1, 3, false);
    if (n_args == 1) {
        return mp_obj_new_slice(mp_const_none, args[0], mp_const_none);
    }
    return mp_obj_new_slice(args[0], args[1], n_args == 3 ? args[2] : mp_const_none);
}

mp_obj_t hlc_tuple_slice(const mp_obj_t *items, mp_bound_slice_t *slice) {
    mp_obj_t list = mp_seq_extract_slice(items, slice);
    size_t n;
    mp_obj_t *got;
    mp_obj_list_get(list, &n, &got);
    return mp_obj_new_tuple(n, got);
}

// CPython's rsplit_whitespace: words from the right; after maxsplit splits, the rest of the
// string up to the last word (its leading whitespace kept, trailing stripped).
mp_obj_t hlc_str_rsplit_whitespace(const mp_obj_type_t *type, const byte *s, size_t len, mp_int_t splits) {
    mp_obj_t parts = mp_obj_new_list(0, NULL);
    size_t end = len;
    for (;;) {
        while (end > 0 && unichar_isspace(s[end - 1])) {
            end--;
        }
        if (end == 0) {
            break;
        }
        if (splits == 0) {
            mp_obj_list_append(parts, mp_obj_new_str_of_type(type, s, end));
            break;
        }
        size_t start = end;
        while (start > 0 && !unichar_isspace(s[start - 1])) {
            start--;
        }
        mp_obj_list_append(parts, mp_obj_new_str_of_type(type, s + start, end - start));
        splits--;
        end = start;
    }
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(parts, &n, &items);
    for (size_t i = 0; i < n / 2; i++) {
        mp_obj_t t = items[i];
        items[i] = items[n - 1 - i];
        items[n - 1 - i] = t;
    }
    return parts;
}
