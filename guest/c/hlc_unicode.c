// str methods beyond ASCII, as CPython: upper, lower, casefold, title, capitalize, swapcase
// (full case mappings: 'ß'.upper() == 'SS', final sigma) and isalpha, isdigit, isdecimal,
// isnumeric, isalnum, isspace, isupper, islower, istitle, isidentifier, isprintable (and so
// repr()'s escaping); str.encode with
// CPython's codecs ('utf-8', 'ascii', 'latin-1') and error handlers, and bytes.decode likewise
// (UnicodeEncodeError / UnicodeDecodeError with CPython's messages).
//
// MicroPython's own versions work byte by byte on ASCII; 0006-str-unicode.patch (py/objstr.c) and
// c/hlc_compat.c send strings holding non-ASCII characters here. The Unicode data comes from
// the build machine's CPython (gen_unicode_tables.py, run by build.rs into the build
// directory as hlc_unicode_tables.h).
#include <string.h>

#include "py/runtime.h"
#include "py/objstr.h"

#include "hlc_compat.h"
#include "hlc_unicode.h"

MP_DEFINE_EXCEPTION(UnicodeEncodeError, UnicodeError)
MP_DEFINE_EXCEPTION(UnicodeDecodeError, UnicodeError)

typedef struct {
    uint32_t start;
    uint16_t count;
    uint8_t stride;
} hlc_uni_run_t;

typedef struct {
    uint32_t start;
    uint16_t count;
    uint8_t stride;
    int32_t delta;
} hlc_uni_map_t;

typedef struct {
    uint32_t c;
    const char *s;
} hlc_uni_special_t;

#include "hlc_unicode_tables.h"

#define N(t) (sizeof(t) / sizeof((t)[0]))

static bool in_runs(const hlc_uni_run_t *t, size_t n, uint32_t c) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t[mid].start <= c) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return false;
    }
    const hlc_uni_run_t *r = &t[lo - 1];
    uint32_t off = c - r->start;
    return off % r->stride == 0 && off / r->stride < r->count;
}

static uint32_t map_simple(const hlc_uni_map_t *t, size_t n, uint32_t c) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t[mid].start <= c) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return c;
    }
    const hlc_uni_map_t *r = &t[lo - 1];
    uint32_t off = c - r->start;
    if (off % r->stride == 0 && off / r->stride < r->count) {
        return (uint32_t)((int32_t)c + r->delta);
    }
    return c;
}

static const char *special(const hlc_uni_special_t *t, size_t n, uint32_t c) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t[mid].c < c) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < n && t[lo].c == c ? t[lo].s : NULL;
}

// ---- character properties (c >= 0x80 from the tables; ASCII as CPython) ----

static bool is_alpha(uint32_t c) {
    if (c < 0x80) {
        return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    }
    return in_runs(hlc_uni_alpha, N(hlc_uni_alpha), c);
}

static bool is_decimal(uint32_t c) {
    if (c < 0x80) {
        return c >= '0' && c <= '9';
    }
    return in_runs(hlc_uni_decimal, N(hlc_uni_decimal), c);
}

static bool is_digit(uint32_t c) {
    return is_decimal(c) || (c >= 0x80 && in_runs(hlc_uni_digit_extra, N(hlc_uni_digit_extra), c));
}

static bool is_numeric(uint32_t c) {
    return is_digit(c) || (c >= 0x80 && in_runs(hlc_uni_numeric_extra, N(hlc_uni_numeric_extra), c));
}

static bool is_space(uint32_t c) {
    if (c < 0x80) {
        return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
    }
    return in_runs(hlc_uni_space, N(hlc_uni_space), c);
}

static bool is_upper(uint32_t c) {
    if (c < 0x80) {
        return c >= 'A' && c <= 'Z';
    }
    return in_runs(hlc_uni_upper, N(hlc_uni_upper), c);
}

static bool is_lower(uint32_t c) {
    if (c < 0x80) {
        return c >= 'a' && c <= 'z';
    }
    return in_runs(hlc_uni_lower, N(hlc_uni_lower), c);
}

static bool is_title(uint32_t c) {
    return c >= 0x80 && in_runs(hlc_uni_title, N(hlc_uni_title), c);
}

static bool is_cased(uint32_t c) {
    return is_upper(c) || is_lower(c) || is_title(c);
}

static bool is_case_ignorable(uint32_t c) {
    return in_runs(hlc_uni_case_ignorable, N(hlc_uni_case_ignorable), c);
}

static bool is_id_start(uint32_t c) {
    if (c < 0x80) {
        return is_alpha(c) || c == '_';
    }
    if (in_runs(hlc_uni_id_start_extra, N(hlc_uni_id_start_extra), c)) {
        return true;
    }
    return is_alpha(c) && !in_runs(hlc_uni_id_start_not, N(hlc_uni_id_start_not), c);
}

static bool is_id_continue(uint32_t c) {
    if (c < 0x80) {
        return is_alpha(c) || c == '_' || is_decimal(c);
    }
    return is_id_start(c) || in_runs(hlc_uni_id_continue_extra, N(hlc_uni_id_continue_extra), c);
}

// ---- UTF-8 ----

static uint32_t next_char(const byte **p) {
    const byte *s = *p;
    uint32_t c = *s++;
    if (c >= 0xC0) {
        int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
        c &= 0x3F >> extra;
        while (extra--) {
            c = (c << 6) | (*s++ & 0x3F);
        }
    }
    *p = s;
    return c;
}

bool hlc_uni_char_is(int kind, uint32_t c) {
    switch (kind) {
        case HLC_IS_DECIMAL:
            return is_decimal(c);
        case HLC_IS_SPACE:
            return is_space(c);
        case HLC_IS_ALNUM:
            return is_alpha(c) || is_numeric(c);
        default:
            return false;
    }
}

uint32_t hlc_uni_next_char(const byte **p) {
    return next_char(p);
}

static uint32_t first_char(const char *s) {
    const byte *p = (const byte *)s;
    return next_char(&p);
}

uint32_t hlc_uni_char_lower(uint32_t c) {
    const char *s = c >= 0x80 ? special(hlc_uni_lower_full, N(hlc_uni_lower_full), c) : NULL;
    return s ? first_char(s) : map_simple(hlc_uni_to_lower, N(hlc_uni_to_lower), c);
}

uint32_t hlc_uni_char_upper(uint32_t c) {
    const char *s = c >= 0x80 ? special(hlc_uni_upper_full, N(hlc_uni_upper_full), c) : NULL;
    return s ? first_char(s) : map_simple(hlc_uni_to_upper, N(hlc_uni_to_upper), c);
}


static bool has_non_ascii(const byte *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        if (s[i] >= 0x80) {
            return true;
        }
    }
    return false;
}

bool hlc_uni_applies(mp_obj_t self) {
    if (!mp_obj_is_str(self)) {
        return false;
    }
    GET_STR_DATA_LEN(self, data, len);
    return has_non_ascii(data, len);
}

// ---- case mappings ----

static void add_lower(vstr_t *v, uint32_t c, const byte *start, const byte *at, const byte *next, const byte *end) {
    if (c < 0x80) {
        vstr_add_byte(v, (c >= 'A' && c <= 'Z') ? c + 32 : c);
        return;
    }
    if (c == 0x3A3) {
        // final sigma (CPython's handle_capital_sigma): after a cased letter and not before
        // one, case-ignorable characters (apostrophes, combining marks...) skipped both ways
        bool before = false, after = false;
        for (const byte *q = at; q > start;) {
            do {
                q--;
            } while (q > start && (*q & 0xC0) == 0x80);
            const byte *r = q;
            uint32_t d = next_char(&r);
            if (!is_case_ignorable(d)) {
                before = is_cased(d);
                break;
            }
        }
        for (const byte *q = next; q < end;) {
            uint32_t d = next_char(&q);
            if (!is_case_ignorable(d)) {
                after = is_cased(d);
                break;
            }
        }
        vstr_add_char(v, before && !after ? 0x3C2 : 0x3C3);
        return;
    }
    const char *s = special(hlc_uni_lower_full, N(hlc_uni_lower_full), c);
    if (s != NULL) {
        vstr_add_str(v, s);
    } else {
        vstr_add_char(v, map_simple(hlc_uni_to_lower, N(hlc_uni_to_lower), c));
    }
}

static void add_upper(vstr_t *v, uint32_t c) {
    if (c < 0x80) {
        vstr_add_byte(v, (c >= 'a' && c <= 'z') ? c - 32 : c);
        return;
    }
    const char *s = special(hlc_uni_upper_full, N(hlc_uni_upper_full), c);
    if (s != NULL) {
        vstr_add_str(v, s);
    } else {
        vstr_add_char(v, map_simple(hlc_uni_to_upper, N(hlc_uni_to_upper), c));
    }
}

static void add_title(vstr_t *v, uint32_t c) {
    const char *s = c >= 0x80 ? special(hlc_uni_title_full, N(hlc_uni_title_full), c) : NULL;
    if (s != NULL) {
        vstr_add_str(v, s);
    } else {
        add_upper(v, c);
    }
}

static void add_fold(vstr_t *v, uint32_t c, const byte *start, const byte *at, const byte *next, const byte *end) {
    const char *s = c >= 0x80 ? special(hlc_uni_fold_full, N(hlc_uni_fold_full), c) : NULL;
    if (s != NULL) {
        vstr_add_str(v, s);
    } else if (c == 0x3A3) {
        vstr_add_char(v, 0x3C3);
    } else {
        add_lower(v, c, start, at, next, end);
    }
}

mp_obj_t hlc_uni_recase(mp_obj_t self, int mode) {
    GET_STR_DATA_LEN(self, data, len);
    const byte *p = data, *end = data + len;
    vstr_t v;
    vstr_init(&v, len + 8);
    bool prev_cased = false, first = true;
    while (p < end) {
        const byte *at = p;
        uint32_t c = next_char(&p);
        switch (mode) {
            case HLC_RECASE_TITLE:
                if (prev_cased) {
                    add_lower(&v, c, data, at, p, end);
                } else {
                    add_title(&v, c);
                }
                prev_cased = is_cased(c);
                break;
            case HLC_RECASE_CAPITALIZE:
                if (first) {
                    add_title(&v, c);
                } else {
                    add_lower(&v, c, data, at, p, end);
                }
                break;
            case HLC_RECASE_SWAPCASE:
                if (is_upper(c)) {
                    add_lower(&v, c, data, at, p, end);
                } else if (is_lower(c)) {
                    add_upper(&v, c);
                } else {
                    vstr_add_strn(&v, (const char *)at, p - at);
                }
                break;
            case HLC_RECASE_CASEFOLD:
                add_fold(&v, c, data, at, p, end);
                break;
            case HLC_RECASE_LOWER:
                add_lower(&v, c, data, at, p, end);
                break;
            default:
                add_upper(&v, c);
                break;
        }
        first = false;
    }
    return mp_obj_new_str_from_vstr(&v);
}

mp_obj_t hlc_uni_istype(mp_obj_t self, int kind) {
    GET_STR_DATA_LEN(self, data, len);
    const byte *p = data, *end = data + len;
    if (len == 0) {
        return mp_const_false;
    }
    bool cased = false, prev_cased = false, first = true;
    while (p < end) {
        uint32_t c = next_char(&p);
        bool ok = true;
        switch (kind) {
            case HLC_IS_ALPHA:
                ok = is_alpha(c);
                break;
            case HLC_IS_DECIMAL:
                ok = is_decimal(c);
                break;
            case HLC_IS_DIGIT:
                ok = is_digit(c);
                break;
            case HLC_IS_NUMERIC:
                ok = is_numeric(c);
                break;
            case HLC_IS_ALNUM:
                ok = is_alpha(c) || is_numeric(c);
                break;
            case HLC_IS_SPACE:
                ok = is_space(c);
                break;
            case HLC_IS_UPPER:
                if (is_lower(c) || is_title(c)) {
                    return mp_const_false;
                }
                cased |= is_upper(c);
                break;
            case HLC_IS_LOWER:
                if (is_upper(c) || is_title(c)) {
                    return mp_const_false;
                }
                cased |= is_lower(c);
                break;
            case HLC_IS_TITLE:
                if (is_upper(c) || is_title(c)) {
                    if (prev_cased) {
                        return mp_const_false;
                    }
                    prev_cased = cased = true;
                } else if (is_lower(c)) {
                    if (!prev_cased) {
                        return mp_const_false;
                    }
                    prev_cased = cased = true;
                } else {
                    prev_cased = false;
                }
                break;
            default: // HLC_IS_IDENTIFIER
                ok = first ? is_id_start(c) : is_id_continue(c);
                break;
        }
        if (!ok) {
            return mp_const_false;
        }
        first = false;
    }
    if (kind == HLC_IS_UPPER || kind == HLC_IS_LOWER || kind == HLC_IS_TITLE) {
        return mp_obj_new_bool(cased);
    }
    return mp_const_true;
}

static mp_obj_t str_isdecimal(mp_obj_t self) {
    return hlc_uni_istype(self, HLC_IS_DECIMAL);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_isdecimal_obj, str_isdecimal);

static mp_obj_t str_isnumeric(mp_obj_t self) {
    return hlc_uni_istype(self, HLC_IS_NUMERIC);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_isnumeric_obj, str_isnumeric);

bool hlc_uni_isprintable(uint32_t c) {
    if (c < 0x80) {
        return c >= 0x20 && c < 0x7f;
    }
    return !in_runs(hlc_uni_nonprintable, N(hlc_uni_nonprintable), c);
}

// True for '' too, unlike the other predicates.
static mp_obj_t str_isprintable(mp_obj_t self) {
    GET_STR_DATA_LEN(self, data, len);
    const byte *p = data, *end = data + len;
    while (p < end) {
        if (!hlc_uni_isprintable(next_char(&p))) {
            return mp_const_false;
        }
    }
    return mp_const_true;
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_isprintable_obj, str_isprintable);

// ---- str.encode(encoding='utf-8', errors='strict') ----

static bool name_is(const char *name, size_t len, const char *const *names) {
    char buf[16];
    if (len >= sizeof(buf)) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char ch = name[i];
        buf[i] = (ch >= 'A' && ch <= 'Z') ? ch + 32 : (ch == '-' || ch == ' ') ? '_' : ch;
    }
    buf[len] = 0;
    for (; *names; names++) {
        if (strcmp(buf, *names) == 0) {
            return true;
        }
    }
    return false;
}

static const char *const utf8_names[] = {"utf_8", "utf8", "u8", NULL};
static const char *const ascii_names[] = {"ascii", "us_ascii", "646", NULL};
static const char *const latin1_names[] = {"latin_1", "latin1", "iso_8859_1", "iso8859_1", "8859", "l1", "cp819", "latin", NULL};

static mp_obj_t str_encode(size_t n_args, const mp_obj_t *pos, mp_map_t *kw) {
    enum { ARG_encoding, ARG_errors };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_encoding, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_errors, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    };
    mp_arg_val_t args[2];
    mp_arg_parse_all(n_args - 1, pos + 1, kw, 2, allowed, args);
    mp_obj_t self = pos[0];
    GET_STR_DATA_LEN(self, data, len);
    int limit = 0x110000; // utf-8
    if (args[ARG_encoding].u_obj != mp_const_none) {
        size_t nlen;
        const char *name = mp_obj_str_get_data(args[ARG_encoding].u_obj, &nlen);
        if (name_is(name, nlen, utf8_names)) {
            limit = 0x110000;
        } else if (name_is(name, nlen, ascii_names)) {
            limit = 0x80;
        } else if (name_is(name, nlen, latin1_names)) {
            limit = 0x100;
        } else {
            mp_raise_msg_varg(&mp_type_LookupError, MP_ERROR_TEXT("unknown encoding: %.*s"), (int)nlen, name);
        }
    }
    if (limit == 0x110000 || !has_non_ascii(data, len)) {
        return mp_obj_new_bytes(data, len);
    }
    const char *errors = "strict";
    size_t elen = 6;
    if (args[ARG_errors].u_obj != mp_const_none) {
        errors = mp_obj_str_get_data(args[ARG_errors].u_obj, &elen);
    }
    vstr_t v;
    vstr_init(&v, len);
    const byte *p = data, *end = data + len;
    size_t index = 0;
    while (p < end) {
        uint32_t c = next_char(&p);
        if (c < (uint32_t)limit) {
            vstr_add_byte(&v, (byte)c);
        } else if (elen == 6 && memcmp(errors, "ignore", 6) == 0) {
        } else if (elen == 7 && memcmp(errors, "replace", 7) == 0) {
            vstr_add_byte(&v, '?');
        } else if (elen == 16 && memcmp(errors, "backslashreplace", 16) == 0) {
            vstr_printf(&v, c < 0x100 ? "\\x%02x" : c < 0x10000 ? "\\u%04x" : "\\U%08x", (unsigned)c);
        } else if (elen == 17 && memcmp(errors, "xmlcharrefreplace", 17) == 0) {
            vstr_printf(&v, "&#%u;", (unsigned)c);
        } else {
            vstr_clear(&v);
            vstr_t msg;
            vstr_init(&msg, 80);
            vstr_printf(&msg, "'%s' codec can't encode character '", limit == 0x80 ? "ascii" : "latin-1");
            vstr_printf(&msg, c < 0x100 ? "\\x%02x" : c < 0x10000 ? "\\u%04x" : "\\U%08x", (unsigned)c);
            vstr_printf(&msg, "' in position %u: ordinal not in range(%d)", (unsigned)index, limit);
            mp_raise_type_arg(&mp_type_UnicodeEncodeError, mp_obj_new_str_from_vstr(&msg));
        }
        index++;
    }
    return mp_obj_new_bytes_from_vstr(&v);
}
MP_DEFINE_CONST_FUN_OBJ_KW(hlc_str_encode_obj, 1, str_encode);

// ---- bytes.decode(encoding='utf-8', errors='strict') ----

// Length of the valid UTF-8 sequence at p (1..4), or 0 with *bad set to how many bytes form the
// invalid prefix and *reason to CPython's wording.
static size_t utf8_seq(const byte *p, const byte *end, size_t *bad, const char **reason) {
    byte b = p[0];
    size_t need;
    byte lo = 0x80, hi = 0xbf;
    if (b < 0x80) {
        return 1;
    } else if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        lo = b == 0xe0 ? 0xa0 : 0x80;
        hi = b == 0xed ? 0x9f : 0xbf;
    } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        lo = b == 0xf0 ? 0x90 : 0x80;
        hi = b == 0xf4 ? 0x8f : 0xbf;
    } else {
        *bad = 1;
        *reason = "invalid start byte";
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        if (p + k >= end) {
            *bad = k;
            *reason = "unexpected end of data";
            return 0;
        }
        byte c = p[k];
        if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xbf)) {
            *bad = k;
            *reason = "invalid continuation byte";
            return 0;
        }
    }
    return need + 1;
}

static mp_obj_t bytes_decode(size_t n_args, const mp_obj_t *pos, mp_map_t *kw) {
    enum { ARG_encoding, ARG_errors };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_encoding, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
        { MP_QSTR_errors, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE} },
    };
    mp_arg_val_t args[2];
    mp_arg_parse_all(n_args - 1, pos + 1, kw, 2, allowed, args);
    const char *codec = "utf-8";
    if (args[ARG_encoding].u_obj != mp_const_none) {
        size_t nlen;
        const char *name = mp_obj_str_get_data(args[ARG_encoding].u_obj, &nlen);
        if (name_is(name, nlen, ascii_names)) {
            codec = "ascii";
        } else if (name_is(name, nlen, latin1_names)) {
            codec = "latin-1";
        } else if (!name_is(name, nlen, utf8_names)) {
            mp_raise_msg_varg(&mp_type_LookupError, MP_ERROR_TEXT("unknown encoding: %.*s"), (int)nlen, name);
        }
    }
    const char *errors = "strict";
    if (args[ARG_errors].u_obj != mp_const_none) {
        errors = mp_obj_str_get_str(args[ARG_errors].u_obj);
    }
    mp_buffer_info_t info;
    mp_get_buffer_raise(pos[0], &info, MP_BUFFER_READ);
    const byte *data = info.buf, *end = data + info.len;
    vstr_t v;
    vstr_init(&v, info.len);
    for (const byte *p = data; p < end;) {
        size_t bad = 0, n;
        const char *reason = NULL;
        if (*p < 0x80 || codec[0] == 'l') {
            vstr_add_char(&v, *p++);
            continue;
        } else if (codec[0] == 'a') {
            n = 0;
            bad = 1;
            reason = "ordinal not in range(128)";
        } else {
            n = utf8_seq(p, end, &bad, &reason);
        }
        if (n) {
            vstr_add_strn(&v, (const char *)p, n);
            p += n;
            continue;
        }
        if (strcmp(errors, "ignore") == 0) {
        } else if (strcmp(errors, "replace") == 0) {
            vstr_add_char(&v, 0xfffd);
        } else if (strcmp(errors, "backslashreplace") == 0) {
            for (size_t k = 0; k < bad; k++) {
                vstr_printf(&v, "\\x%02x", p[k]);
            }
        } else {
            size_t at = p - data;
            vstr_t msg;
            vstr_init(&msg, 80);
            if (bad == 1) {
                vstr_printf(&msg, "'%s' codec can't decode byte 0x%02x in position %u: %s", codec, *p, (unsigned)at, reason);
            } else {
                vstr_printf(&msg, "'%s' codec can't decode bytes in position %u-%u: %s", codec, (unsigned)at,
                    (unsigned)(at + bad - 1), reason);
            }
            mp_raise_type_arg(&mp_type_UnicodeDecodeError, mp_obj_new_str_from_vstr(&msg));
        }
        p += bad;
    }
    return mp_obj_new_str_from_vstr(&v);
}
MP_DEFINE_CONST_FUN_OBJ_KW(hlc_bytes_decode_obj, 1, bytes_decode);
