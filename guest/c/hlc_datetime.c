// _hlc_datetime: the scanning part of datetime.strptime in C (issue 14).
//
// guest/frozen/datetime.py's _strptime walked the format and the string a character at a time
// in Python (~200k instructions for '%Y-%m-%d %H:%M:%S'). strptime_scan(s, fmt) does the same
// walk for the numeric directives (%Y %y %m %d %H %M %S %I %j %U %W %f),
// '%%', whitespace and literal characters, with the same rules as that Python loop:
// - returns (vals, j): the directive values keyed as the Python loop keys them and the index
//   where the scan of s ended (the caller reports unconverted data);
// - returns False where the Python loop calls fail() (the caller raises the ValueError);
// - returns None for anything else: another directive anywhere in fmt, a non-ASCII or
//   control character in s or fmt (the Python loop handles those, with its own errors).
#include <string.h>

#include "py/runtime.h"
#include "py/objstr.h"

#include "hlc_compat.h"

static bool plain_ascii(const byte *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        byte c = p[i];
        if (c >= 0x80 || (c < 0x20 && !(c >= '\t' && c <= '\r')) || c == 0x7f) {
            return false;
        }
    }
    return true;
}

static bool is_space(byte c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_digit(byte c) {
    return c >= '0' && c <= '9';
}

static mp_obj_t strptime_scan(mp_obj_t s_in, mp_obj_t fmt_in) {
    if (!mp_obj_is_str(s_in) || !mp_obj_is_str(fmt_in)) {
        return mp_const_none;
    }
    GET_STR_DATA_LEN(s_in, s, ls);
    GET_STR_DATA_LEN(fmt_in, fmt, n);
    if (!plain_ascii(s, ls) || !plain_ascii(fmt, n)) {
        return mp_const_none;
    }
    // every directive must be one handled here
    for (size_t i = 0; i + 1 < n;) {
        if (fmt[i] != '%') {
            i++;
            continue;
        }
        byte d = fmt[i + 1];
        i += 2;
        if (!strchr("YymdHMSIjUWf%", d) || d == 0) {
            return mp_const_none;
        }
    }
    mp_obj_t vals = mp_obj_new_dict(8);
    size_t i = 0, j = 0;
    while (i < n) {
        byte c = fmt[i];
        if (c == '%' && i + 1 < n) {
            byte d = fmt[i + 1];
            i += 2;
            if (d == '%') {
                if (j >= ls || s[j] != '%') {
                    return mp_const_false;
                }
                j++;
                continue;
            }
            size_t lo = 1, hi = 2;
            mp_int_t vlo = 0, vhi = 99;
            switch (d) {
                case 'Y': lo = 4; hi = 4; vhi = 9999; break;
                case 'y': lo = 2; hi = 2; break;
                case 'm': vlo = 1; vhi = 12; break;
                case 'd': vlo = 1; vhi = 31; break;
                case 'H': vhi = 23; break;
                case 'M': vhi = 59; break;
                case 'S': vhi = 61; break;
                case 'I': vlo = 1; vhi = 12; break;
                case 'j': hi = 3; vlo = 1; vhi = 366; break;
                case 'U': case 'W': vhi = 53; break;
                case 'f': hi = 6; vhi = 999999; break;
            }
            size_t k = j;
            mp_int_t v = 0;
            while (k < ls && k - j < hi && is_digit(s[k])) {
                v = v * 10 + (s[k] - '0');
                k++;
            }
            if (k - j < lo) {
                return mp_const_false;
            }
            if (d == 'f') {
                for (size_t pad = k - j; pad < 6; pad++) {
                    v *= 10;
                }
            } else if (d != 'Y' && d != 'y' && (v < vlo || v > vhi)) {
                return mp_const_false;
            }
            mp_obj_dict_store(vals, mp_obj_new_str((const char *)&d, 1), MP_OBJ_NEW_SMALL_INT(v));
            j = k;
        } else if (is_space(c)) {
            i++;
            while (j < ls && is_space(s[j])) {
                j++;
            }
        } else {
            if (j >= ls || s[j] != c) {
                return mp_const_false;
            }
            i++;
            j++;
        }
    }
    mp_obj_t items[2] = {vals, MP_OBJ_NEW_SMALL_INT(j)};
    return mp_obj_new_tuple(2, items);
}
static MP_DEFINE_CONST_FUN_OBJ_2(strptime_scan_obj, strptime_scan);

static const mp_rom_map_elem_t hlc_datetime_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__hlc_datetime) },
    { MP_ROM_QSTR(MP_QSTR_strptime_scan), MP_ROM_PTR(&strptime_scan_obj) },
};
static MP_DEFINE_CONST_DICT(hlc_datetime_globals, hlc_datetime_globals_table);

const mp_obj_module_t hlc_datetime_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&hlc_datetime_globals,
};
MP_REGISTER_MODULE(MP_QSTR__hlc_datetime, hlc_datetime_module);
