// c/hlc_unicode.c: str methods beyond ASCII (0006-str-unicode.patch, c/hlc_compat.c).
#ifndef HLC_UNICODE_H
#define HLC_UNICODE_H

#include "py/obj.h"

enum {
    HLC_RECASE_TITLE, HLC_RECASE_CAPITALIZE, HLC_RECASE_SWAPCASE, HLC_RECASE_CASEFOLD,
    HLC_RECASE_LOWER, HLC_RECASE_UPPER,
};
enum {
    HLC_IS_ALPHA, HLC_IS_DECIMAL, HLC_IS_DIGIT, HLC_IS_NUMERIC, HLC_IS_ALNUM, HLC_IS_SPACE,
    HLC_IS_UPPER, HLC_IS_LOWER, HLC_IS_TITLE, HLC_IS_IDENTIFIER,
};

// true for a str holding non-ASCII characters (the ASCII code paths handle the rest)
bool hlc_uni_applies(mp_obj_t self);
mp_obj_t hlc_uni_recase(mp_obj_t self, int mode);
mp_obj_t hlc_uni_istype(mp_obj_t self, int kind);
// what str.isprintable() accepts, and so what repr() shows unescaped (ASCII: ' ' to '~')
bool hlc_uni_isprintable(uint32_t c);

// One code point, for the regular expression engine (c/hlc_sre.c): kind is HLC_IS_DECIMAL,
// HLC_IS_SPACE or HLC_IS_ALNUM; lower/upper are CPython's Py_UNICODE_TOLOWER/TOUPPER (the first
// code point of the full mapping, 'ß' -> 'S').
bool hlc_uni_char_is(int kind, uint32_t c);
uint32_t hlc_uni_char_lower(uint32_t c);
uint32_t hlc_uni_char_upper(uint32_t c);
// The code point at *p in a str's UTF-8, advancing *p past it.
uint32_t hlc_uni_next_char(const byte **p);

MP_DECLARE_CONST_FUN_OBJ_1(hlc_str_isdecimal_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_str_isnumeric_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_str_isprintable_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(hlc_str_encode_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(hlc_bytes_decode_obj);

#endif
