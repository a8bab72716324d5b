// str methods beyond ASCII, as CPython's: case mappings (full mappings, final sigma), character
// classes, and str.encode / bytes.decode with an errors= handler. The property tables are
// generated at build time (gen_unicode_c.py -> hlc_unicode_data.c); bytes keep MicroPython's
// ASCII-only methods (as CPython's bytes methods are ASCII-only too).
#include <string.h>

#include "py/runtime.h"
#include "py/objstr.h"

#include "hlc_compat.h"
#include "hlc_unicode.h"

MP_DEFINE_EXCEPTION(UnicodeEncodeError, UnicodeError)
MP_DEFINE_EXCEPTION(UnicodeDecodeError, UnicodeError)

// ---- table lookups ----

uint16_t hlc_uni_flags(uint32_t c) {
    // the last run starting at or before c
    uint32_t lo = 0, hi = hlc_uni_runs_len;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if ((hlc_uni_runs[mid] >> 8) <= c) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo == 0 ? 0 : hlc_uni_classes[hlc_uni_runs[lo - 1] & 0xff];
}

static const hlc_uni_special_t *find_special(uint32_t c, int kind) {
    uint32_t lo = 0, hi = hlc_uni_special_len;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        const hlc_uni_special_t *s = &hlc_uni_special[mid];
        if (s->cp < c || (s->cp == c && s->kind < kind)) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo < hlc_uni_special_len && hlc_uni_special[lo].cp == c && hlc_uni_special[lo].kind == kind) {
        return &hlc_uni_special[lo];
    }
    return NULL;
}

static uint32_t simple_map(const hlc_uni_range_t *r, uint32_t n, uint32_t c) {
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (r[mid].start <= c) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo > 0) {
        const hlc_uni_range_t *g = &r[lo - 1];
        uint32_t off = c - g->start;
        if (off % g->step == 0 && off / g->step < g->count) {
            return (uint32_t)((int32_t)c + g->delta);
        }
    }
    return c;
}

size_t hlc_uni_map(uint32_t c, int kind, uint32_t out[3]) {
    if (c < 0x80) {
        bool up = kind == HLC_UNI_MAP_UPPER || kind == HLC_UNI_MAP_TITLE;
        out[0] = up ? (c >= 'a' && c <= 'z' ? c - 32 : c) : (c >= 'A' && c <= 'Z' ? c + 32 : c);
        return 1;
    }
    const hlc_uni_special_t *s = find_special(c, kind);
    if (s == NULL && (kind == HLC_UNI_MAP_TITLE || kind == HLC_UNI_MAP_FOLD)) {
        // titlecase defaults to uppercase, casefold to lowercase
        kind = kind == HLC_UNI_MAP_TITLE ? HLC_UNI_MAP_UPPER : HLC_UNI_MAP_LOWER;
        s = find_special(c, kind);
    }
    if (s != NULL) {
        for (size_t i = 0; i < s->len; i++) {
            out[i] = hlc_uni_pool[s->off + i];
        }
        return s->len;
    }
    out[0] = kind == HLC_UNI_MAP_UPPER ? simple_map(hlc_uni_upper, hlc_uni_upper_len, c)
        : simple_map(hlc_uni_lower, hlc_uni_lower_len, c);
    return 1;
}

static bool has(uint32_t c, uint16_t flag) {
    return (hlc_uni_flags(c) & flag) != 0;
}

bool hlc_uni_isprintable(uint32_t c) {
    return has(c, HLC_UNI_PRINTABLE);
}

// ---- str methods ----

bool hlc_uni_is_text(mp_obj_t self) {
    return mp_obj_is_str(self);
}

// The code points of a str (valid UTF-8), in a new array of *n entries (m_del it).
static uint32_t *decode(mp_obj_t self, size_t *n) {
    GET_STR_DATA_LEN(self, data, len);
    uint32_t *u = m_new(uint32_t, len ? len : 1);
    size_t k = 0;
    const byte *p = data, *end = data + len;
    while (p < end) {
        u[k++] = utf8_get_char(p);
        p = utf8_next_char(p);
    }
    *n = k;
    return u;
}

static bool all_ascii(const byte *data, size_t len) {
    for (size_t i = 0; i < len; i++) {
        if (data[i] >= 0x80) {
            return false;
        }
    }
    return true;
}

// CPython's handle_capital_sigma: U+03A3 lowercases to final sigma after a cased letter (case-
// ignorable characters skipped) unless a cased letter follows (case-ignorables skipped).
static uint32_t capital_sigma(const uint32_t *u, size_t n, size_t i) {
    size_t j = i;
    uint32_t c = 0;
    bool found = false;
    while (j > 0) {
        c = u[--j];
        if (!has(c, HLC_UNI_CASE_IGNORABLE)) {
            found = true;
            break;
        }
    }
    bool final = found && has(c, HLC_UNI_CASED);
    if (final && i + 1 < n) {
        for (j = i + 1; j < n; j++) {
            c = u[j];
            if (!has(c, HLC_UNI_CASE_IGNORABLE)) {
                break;
            }
        }
        final = j == n || !has(c, HLC_UNI_CASED);
    }
    return final ? 0x3c2 : 0x3c3;
}

static size_t lower_at(const uint32_t *u, size_t n, size_t i, uint32_t out[3]) {
    if (u[i] == 0x3a3) {
        out[0] = capital_sigma(u, n, i);
        return 1;
    }
    return hlc_uni_map(u[i], HLC_UNI_MAP_LOWER, out);
}

// mode: HLC_RECASE_* (hlc_compat.h)
mp_obj_t hlc_uni_recase(mp_obj_t self, int mode) {
    GET_STR_DATA_LEN(self, data, len);
    vstr_t v;
    if ((mode == HLC_RECASE_LOWER || mode == HLC_RECASE_UPPER) && all_ascii(data, len)) {
        vstr_init_len(&v, len);
        for (size_t i = 0; i < len; i++) {
            byte c = data[i];
            if (mode == HLC_RECASE_LOWER && c >= 'A' && c <= 'Z') {
                c += 32;
            } else if (mode == HLC_RECASE_UPPER && c >= 'a' && c <= 'z') {
                c -= 32;
            }
            v.buf[i] = (char)c;
        }
        return mp_obj_new_str_from_vstr(&v);
    }
    size_t n;
    uint32_t *u = decode(self, &n);
    vstr_init(&v, len + 4);
    bool prev_cased = false;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = u[i], out[3];
        size_t k;
        switch (mode) {
            case HLC_RECASE_TITLE:
                k = prev_cased ? lower_at(u, n, i, out) : hlc_uni_map(c, HLC_UNI_MAP_TITLE, out);
                prev_cased = has(c, HLC_UNI_CASED);
                break;
            case HLC_RECASE_CAPITALIZE:
                k = i == 0 ? hlc_uni_map(c, HLC_UNI_MAP_TITLE, out) : lower_at(u, n, i, out);
                break;
            case HLC_RECASE_SWAPCASE: {
                uint16_t f = hlc_uni_flags(c);
                if (f & HLC_UNI_UPPER) {
                    k = lower_at(u, n, i, out);
                } else if (f & HLC_UNI_LOWER) {
                    k = hlc_uni_map(c, HLC_UNI_MAP_UPPER, out);
                } else {
                    out[0] = c;
                    k = 1;
                }
                break;
            }
            case HLC_RECASE_CASEFOLD:
                k = hlc_uni_map(c, HLC_UNI_MAP_FOLD, out);
                break;
            case HLC_RECASE_LOWER:
                k = lower_at(u, n, i, out);
                break;
            default:
                k = hlc_uni_map(c, HLC_UNI_MAP_UPPER, out);
                break;
        }
        for (size_t j = 0; j < k; j++) {
            vstr_add_char(&v, out[j]);
        }
    }
    m_del(uint32_t, u, len ? len : 1);
    return mp_obj_new_str_from_vstr(&v);
}

// which: HLC_IS_* (hlc_compat.h), CPython's str.isX over code points.
mp_obj_t hlc_uni_is(mp_obj_t self, int which) {
    GET_STR_DATA_LEN(self, data, len);
    if (len == 0) {
        return mp_obj_new_bool(which == HLC_IS_PRINTABLE);
    }
    const byte *p = data, *end = data + len;
    bool cased = false, prev_cased = false, first = true;
    for (; p < end; p = utf8_next_char(p), first = false) {
        uint32_t c = utf8_get_char(p);
        uint16_t f = hlc_uni_flags(c);
        switch (which) {
            case HLC_IS_ALPHA:
                if (!(f & HLC_UNI_ALPHA)) {
                    return mp_const_false;
                }
                break;
            case HLC_IS_DECIMAL:
                if (!(f & HLC_UNI_DECIMAL)) {
                    return mp_const_false;
                }
                break;
            case HLC_IS_DIGIT:
                if (!(f & HLC_UNI_DIGIT)) {
                    return mp_const_false;
                }
                break;
            case HLC_IS_NUMERIC:
                if (!(f & HLC_UNI_NUMERIC)) {
                    return mp_const_false;
                }
                break;
            case HLC_IS_SPACE:
                if (!(f & HLC_UNI_SPACE)) {
                    return mp_const_false;
                }
                break;
            case HLC_IS_ALNUM:
                if (!(f & (HLC_UNI_ALPHA | HLC_UNI_DECIMAL | HLC_UNI_DIGIT | HLC_UNI_NUMERIC))) {
                    return mp_const_false;
                }
                break;
            case HLC_IS_PRINTABLE:
                if (!(f & HLC_UNI_PRINTABLE)) {
                    return mp_const_false;
                }
                break;
            case HLC_IS_IDENTIFIER:
                if (!(f & (first ? HLC_UNI_XID_START : HLC_UNI_XID_CONTINUE))) {
                    return mp_const_false;
                }
                break;
            case HLC_IS_UPPER:
                if (f & (HLC_UNI_LOWER | HLC_UNI_TITLE)) {
                    return mp_const_false;
                }
                cased = cased || (f & HLC_UNI_UPPER);
                break;
            case HLC_IS_LOWER:
                if (f & (HLC_UNI_UPPER | HLC_UNI_TITLE)) {
                    return mp_const_false;
                }
                cased = cased || (f & HLC_UNI_LOWER);
                break;
            default: // HLC_IS_TITLE
                if (f & (HLC_UNI_UPPER | HLC_UNI_TITLE)) {
                    if (prev_cased) {
                        return mp_const_false;
                    }
                    prev_cased = cased = true;
                } else if (f & HLC_UNI_LOWER) {
                    if (!prev_cased) {
                        return mp_const_false;
                    }
                    prev_cased = cased = true;
                } else {
                    prev_cased = false;
                }
                break;
        }
    }
    if (which == HLC_IS_UPPER || which == HLC_IS_LOWER || which == HLC_IS_TITLE) {
        return mp_obj_new_bool(cased);
    }
    return mp_const_true;
}

#define DEFINE_IS(name, which) \
    static mp_obj_t hlc_str_##name(mp_obj_t self) { \
        if (!hlc_uni_is_text(self)) { \
            mp_raise_msg_varg(&mp_type_AttributeError, MP_ERROR_TEXT("'%s' object has no attribute '%s'"), \
                mp_obj_get_type_str(self), #name); \
        } \
        return hlc_uni_is(self, which); \
    } \
    MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_##name##_obj, hlc_str_##name);

DEFINE_IS(isdecimal, HLC_IS_DECIMAL)
DEFINE_IS(isnumeric, HLC_IS_NUMERIC)
DEFINE_IS(isprintable, HLC_IS_PRINTABLE)

// ---- codecs: str.encode / bytes.decode with errors= ----

enum { CODEC_UTF8, CODEC_ASCII, CODEC_LATIN1 };
enum { ERR_STRICT, ERR_IGNORE, ERR_REPLACE, ERR_BACKSLASH, ERR_XMLCHARREF };

static int codec_of(mp_obj_t name, const char **canonical) {
    size_t len;
    const char *s = mp_obj_str_get_data(name, &len);
    char buf[16];
    if (len < sizeof(buf)) {
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            buf[i] = c == '_' ? '-' : (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        buf[len] = 0;
        static const struct {
            const char *name;
            int codec;
        } names[] = {
            {"utf-8", CODEC_UTF8}, {"utf8", CODEC_UTF8}, {"u8", CODEC_UTF8}, {"ascii", CODEC_ASCII},
            {"us-ascii", CODEC_ASCII}, {"latin-1", CODEC_LATIN1}, {"latin1", CODEC_LATIN1},
            {"iso-8859-1", CODEC_LATIN1}, {"iso8859-1", CODEC_LATIN1}, {"l1", CODEC_LATIN1},
        };
        for (size_t i = 0; i < MP_ARRAY_SIZE(names); i++) {
            if (strcmp(buf, names[i].name) == 0) {
                static const char *const canon[] = {"utf-8", "ascii", "latin-1"};
                *canonical = canon[names[i].codec];
                return names[i].codec;
            }
        }
    }
    mp_raise_msg_varg(&mp_type_LookupError, MP_ERROR_TEXT("unknown encoding: %s"), s);
}

static int errors_of(mp_obj_t name, bool encode) {
    const char *s = mp_obj_str_get_str(name);
    if (strcmp(s, "strict") == 0) {
        return ERR_STRICT;
    } else if (strcmp(s, "ignore") == 0) {
        return ERR_IGNORE;
    } else if (strcmp(s, "replace") == 0) {
        return ERR_REPLACE;
    } else if (strcmp(s, "backslashreplace") == 0) {
        return ERR_BACKSLASH;
    } else if (encode && strcmp(s, "xmlcharrefreplace") == 0) {
        return ERR_XMLCHARREF;
    }
    mp_raise_msg_varg(&mp_type_LookupError, MP_ERROR_TEXT("unknown error handler name '%s'"), s);
}

static void add_escaped(vstr_t *v, uint32_t c) {
    vstr_printf(v, c < 0x100 ? "\\x%02x" : c < 0x10000 ? "\\u%04x" : "\\U%08x", (unsigned)c);
}

static mp_obj_t str_encode(size_t n_args, const mp_obj_t *pos, mp_map_t *kw) {
    enum { ARG_encoding, ARG_errors };
    static const mp_arg_t allowed[] = {
        { MP_QSTR_encoding, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_QSTR(MP_QSTR_utf_hyphen_8)} },
        { MP_QSTR_errors, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_QSTR(MP_QSTR_strict)} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args - 1, pos + 1, kw, MP_ARRAY_SIZE(allowed), allowed, args);
    const char *name;
    int codec = codec_of(args[ARG_encoding].u_obj, &name);
    int errors = errors_of(args[ARG_errors].u_obj, true);
    GET_STR_DATA_LEN(pos[0], data, len);
    if (codec == CODEC_UTF8 || all_ascii(data, len)) {
        return mp_obj_new_bytes(data, len);
    }
    uint32_t limit = codec == CODEC_ASCII ? 0x80 : 0x100;
    size_t n;
    uint32_t *u = decode(pos[0], &n);
    vstr_t v;
    vstr_init(&v, len);
    for (size_t i = 0; i < n; i++) {
        uint32_t c = u[i];
        if (c < limit) {
            vstr_add_byte(&v, (byte)c);
            continue;
        }
        switch (errors) {
            case ERR_STRICT: {
                size_t j = i;
                while (j + 1 < n && u[j + 1] >= limit) {
                    j++;
                }
                vstr_t msg;
                vstr_init(&msg, 80);
                vstr_printf(&msg, "'%s' codec can't encode ", name);
                if (j == i) {
                    vstr_add_str(&msg, "character '");
                    add_escaped(&msg, c);
                    vstr_printf(&msg, "' in position %u", (unsigned)i);
                } else {
                    vstr_printf(&msg, "characters in position %u-%u", (unsigned)i, (unsigned)j);
                }
                vstr_printf(&msg, ": ordinal not in range(%u)", (unsigned)limit);
                mp_raise_type_arg(&mp_type_UnicodeEncodeError, mp_obj_new_str_from_vstr(&msg));
            }
            case ERR_IGNORE:
                break;
            case ERR_REPLACE:
                vstr_add_byte(&v, '?');
                break;
            case ERR_BACKSLASH:
                add_escaped(&v, c);
                break;
            default:
                vstr_printf(&v, "&#%u;", (unsigned)c);
                break;
        }
    }
    m_del(uint32_t, u, len ? len : 1);
    return mp_obj_new_bytes_from_vstr(&v);
}
MP_DEFINE_CONST_FUN_OBJ_KW(hlc_str_encode_obj, 1, str_encode);

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
        { MP_QSTR_encoding, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_QSTR(MP_QSTR_utf_hyphen_8)} },
        { MP_QSTR_errors, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_QSTR(MP_QSTR_strict)} },
    };
    mp_arg_val_t args[MP_ARRAY_SIZE(allowed)];
    mp_arg_parse_all(n_args - 1, pos + 1, kw, MP_ARRAY_SIZE(allowed), allowed, args);
    const char *name;
    int codec = codec_of(args[ARG_encoding].u_obj, &name);
    int errors = errors_of(args[ARG_errors].u_obj, false);
    mp_buffer_info_t info;
    mp_get_buffer_raise(pos[0], &info, MP_BUFFER_READ);
    const byte *data = info.buf, *end = data + info.len;
    vstr_t v;
    vstr_init(&v, info.len);
    for (const byte *p = data; p < end;) {
        size_t bad = 0;
        const char *reason = NULL;
        size_t n;
        if (codec == CODEC_LATIN1 || *p < 0x80) {
            vstr_add_char(&v, *p++);
            continue;
        } else if (codec == CODEC_ASCII) {
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
        size_t at = p - data;
        switch (errors) {
            case ERR_STRICT: {
                vstr_t msg;
                vstr_init(&msg, 80);
                if (bad == 1) {
                    vstr_printf(&msg, "'%s' codec can't decode byte 0x%02x in position %u: %s", name, *p, (unsigned)at, reason);
                } else {
                    vstr_printf(&msg, "'%s' codec can't decode bytes in position %u-%u: %s", name, (unsigned)at,
                        (unsigned)(at + bad - 1), reason);
                }
                mp_raise_type_arg(&mp_type_UnicodeDecodeError, mp_obj_new_str_from_vstr(&msg));
            }
            case ERR_IGNORE:
                break;
            case ERR_REPLACE:
                vstr_add_char(&v, 0xfffd);
                break;
            default:
                for (size_t k = 0; k < bad; k++) {
                    add_escaped(&v, p[k]);
                }
                break;
        }
        p += bad;
    }
    return mp_obj_new_str_from_vstr(&v);
}
MP_DEFINE_CONST_FUN_OBJ_KW(hlc_bytes_decode_obj, 1, bytes_decode);
