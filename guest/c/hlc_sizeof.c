// sys.getsizeof(obj): CPython 3.11's sizes (64-bit) for the built-in types, so code that
// reports memory use runs; MicroPython's own answer aborted the interpreter for small ints
// (mp_unary_op asserts) and raised TypeError for most types. Other objects: 48 + 8 per slot,
// the size of a small CPython instance. The numbers describe CPython, not the guest's heap.
#include "py/runtime.h"
#include "py/objstr.h"

#include "hlc_types.h"

static mp_int_t int_size(mp_obj_t o) {
    // 24 bytes plus 4 per 30-bit digit, at least one (0 is 28 in 3.11).
    mp_obj_t bits = mp_call_method_n_kw(0, 0, (mp_obj_t[]){mp_load_attr(o, MP_QSTR_bit_length), MP_OBJ_NULL});
    mp_int_t n = mp_obj_get_int(bits);
    return 24 + 4 * (n == 0 ? 1 : (n + 29) / 30);
}

static mp_obj_t hlc_sys_getsizeof(size_t n_args, const mp_obj_t *args) {
    mp_obj_t o = args[0];
    mp_int_t size;
    size_t len;
    mp_obj_t *items;
    if (o == mp_const_none) {
        size = 16;
    } else if (mp_obj_is_bool(o)) {
        size = o == mp_const_true ? 28 : 24;
    } else if (mp_obj_is_int(o)) {
        size = int_size(o);
    } else if (mp_obj_is_float(o)) {
        size = 24;
    } else if (mp_obj_is_str(o)) {
        // compact ASCII: 49 + len; else 72 + (len + 1) * (1, 2 or 4) for the widest character
        const byte *s = (const byte *)mp_obj_str_get_data(o, &len);
        size_t chars = utf8_charlen(s, len), width = 1;
        bool ascii = chars == len;
        for (const byte *p = s; p < s + len; p = utf8_next_char(p)) {
            unichar c = utf8_get_char(p);
            width = c > 0xffff ? 4 : c > 0xff && width < 2 ? 2 : width;
        }
        size = ascii ? 49 + (mp_int_t)len : 72 + (mp_int_t)((chars + 1) * width);
    } else if (mp_obj_is_type(o, &mp_type_bytes)) {
        mp_obj_str_get_data(o, &len);
        size = 33 + (mp_int_t)len;
    } else if (mp_obj_is_type(o, &mp_type_list)) {
        mp_obj_list_get(o, &len, &items);
        size = 56 + 8 * (mp_int_t)len;
    } else if (mp_obj_is_type(o, &mp_type_tuple)) {
        mp_obj_tuple_get(o, &len, &items);
        size = 40 + 8 * (mp_int_t)len;
    } else if (mp_obj_is_dict_or_ordereddict(o)) {
        len = mp_obj_dict_len(o);
        size = len == 0 ? 64 : len <= 5 ? 232 : len <= 10 ? 360 : 640;
    } else if (mp_obj_is_type(o, &mp_type_set) || mp_obj_is_type(o, &mp_type_frozenset)) {
        len = (size_t)mp_obj_get_int(mp_obj_len(o));
        size = len <= 4 ? 216 : len <= 18 ? 728 : 2264;
    } else {
        size = 48;
    }
    (void)n_args; // getsizeof(obj, default): the default is for objects CPython cannot size
    return MP_OBJ_NEW_SMALL_INT(size);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_sys_getsizeof_obj, 1, 2, hlc_sys_getsizeof);

// '{:c}'.format(233) and '%c' % 233: the character as UTF-8 (MicroPython printed one byte).
void hlc_print_char(const mp_print_t *print, mp_int_t code, int flags, char fill, int width) {
    if (code < 0 || code > 0x10ffff) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("%c arg not in range(0x110000)"));
    }
    vstr_t v;
    vstr_init(&v, 4);
    vstr_add_char(&v, (unichar)code);
    mp_print_strn(print, v.buf, v.len, flags, fill, width);
    vstr_clear(&v);
}
