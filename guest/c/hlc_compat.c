// CPython-compatibility layer of the hyperlight-codeact MicroPython port: what models write
// against CPython and MicroPython lacks or words differently. Each function here is reached
// from a MicroPython source patched at build time (guest/micropython/patches) or from a method table
// macro in hlc_compat.h.
#include <math.h>
#include <string.h>

#include "py/mpprint.h"
#include "py/objexcept.h"
#include "py/objlist.h"
#include "py/objstr.h"
#include "py/objtuple.h"
#include "py/runtime.h"

#include "hlc_unicode.h"
#include "hlc_compat.h"

#define FLOAT_REPR_PREC (99) // MicroPython's "repr" precision marker (py/formatfloat.h)

MP_DEFINE_EXCEPTION(RecursionError, RuntimeError)
MP_DEFINE_EXCEPTION(ModuleNotFoundError, ImportError)

// ---- floats: text conversions by Rust (exact), layout and padding here ----

// Replaces py/mpprint.c's version (renamed by a patch): the digits come from Rust, so
// '%.20f' % 0.1, '{:.2f}'.format(2.675) and repr() match CPython exactly. Also implements
// the ',' / '_' thousands separators, which MicroPython ignores for floats.
int mp_print_float(const mp_print_t *print, mp_float_t f, char fmt, unsigned int flags, char fill, int width, int prec) {
    char sign = '\0';
    if (signbit(f) && !isnan(f)) {
        sign = '-';
    } else if (flags & PF_FLAG_SHOW_SIGN) {
        sign = '+';
    } else if (flags & PF_FLAG_SPACE_SIGN) {
        sign = ' ';
    }
    char mode = fmt;
    if ((fmt | 0x20) == 'g' && prec == FLOAT_REPR_PREC) {
        mode = 'r'; // repr()
    } else if ((fmt | 0x20) == 'g' && (flags & PF_FLAG_ALWAYS_DECIMAL)) {
        mode = 'n'; // format spec without a type but with a precision ('{:.3}')
    }
    int alt = (flags & PF_FLAG_SHOW_PREFIX) != 0;
    char sep = (char)(flags >> PF_FLAG_SEP_POS);

    char stack_buf[64];
    char *digits = stack_buf;
    size_t cap = sizeof(stack_buf);
    size_t n = hlc_float_format(f, mode, prec, alt, digits, cap);
    if (n > cap) {
        cap = n;
        digits = m_new(char, cap);
        hlc_float_format(f, mode, prec, alt, digits, cap);
    }

    // sign + digits (+ separators) + ".0" + '%'
    size_t out_cap = 1 + n + n / 3 + 3;
    char out_stack[96];
    char *out = out_cap <= sizeof(out_stack) ? out_stack : m_new(char, out_cap);
    size_t len = 0;
    if (sign) {
        out[len++] = sign;
    }
    size_t int_digits = 0;
    while (int_digits < n && digits[int_digits] >= '0' && digits[int_digits] <= '9') {
        int_digits++;
    }
    for (size_t i = 0; i < n; i++) {
        out[len++] = digits[i];
        if (sep && i + 1 < int_digits && (int_digits - i - 1) % 3 == 0) {
            out[len++] = sep;
        }
    }
    if ((flags & PF_FLAG_ALWAYS_DECIMAL) && !memchr(digits, '.', n) && !memchr(digits, 'e', n) && !memchr(digits, 'n', n)) {
        out[len++] = '.';
        out[len++] = '0';
    }
    if (flags & PF_FLAG_ADD_PERCENT) {
        out[len++] = '%';
    }

    int chrs = 0;
    const char *s = out;
    if ((flags & PF_FLAG_PAD_AFTER_SIGN) && sign) {
        chrs += mp_print_strn(print, s, 1, 0, 0, 1);
        s++;
        len--;
        width--;
    }
    chrs += mp_print_strn(print, s, len, flags, fill, width);
    if (out != out_stack) {
        m_del(char, out, out_cap);
    }
    if (digits != stack_buf) {
        m_del(char, digits, cap);
    }
    return chrs;
}

// Upstream's parser, renamed by a patch; it finds where the number ends.
const char *mp_parse_float_internal_upstream(const char *str, size_t len, mp_float_t *res);

// Replaces py/parsenum.c's version: same grammar, but the value is correctly rounded (Rust),
// so 17-digit literals and float('...') give the same double as CPython.
const char *mp_parse_float_internal(const char *str, size_t len, mp_float_t *res) {
    const char *end = mp_parse_float_internal_upstream(str, len, res);
    if (end == NULL) {
        return NULL;
    }
    char buf[400];
    size_t n = 0;
    for (const char *p = str; p < end; p++) {
        if (*p == '_') {
            continue;
        }
        if (n == sizeof(buf)) {
            return end; // absurdly long literal: keep MicroPython's approximation
        }
        buf[n++] = *p;
    }
    double v;
    if (hlc_float_parse(buf, n, &v)) {
        *res = v;
    }
    return end;
}

// ---- builtins ----

// format(value, spec='') == ('{:' + spec + '}').format(value)
static mp_obj_t hlc_builtin_format(size_t n_args, const mp_obj_t *args) {
    vstr_t spec;
    vstr_init(&spec, 16);
    vstr_add_str(&spec, "{:");
    if (n_args > 1) {
        size_t len;
        const char *s = mp_obj_str_get_data(args[1], &len);
        vstr_add_strn(&spec, s, len);
    }
    vstr_add_char(&spec, '}');
    mp_obj_t fmt_args[2] = {mp_obj_new_str_from_vstr(&spec), args[0]};
    return mp_obj_str_format(2, fmt_args, NULL);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_builtin_format_obj, 1, 2, hlc_builtin_format);

// ascii(obj): repr() with non-ASCII characters escaped.
static mp_obj_t hlc_builtin_ascii(mp_obj_t obj) {
    vstr_t r;
    mp_print_t p;
    vstr_init_print(&r, 16, &p);
    mp_obj_print_helper(&p, obj, PRINT_REPR);
    vstr_t out;
    vstr_init(&out, r.len);
    const byte *s = (const byte *)r.buf, *top = s + r.len;
    while (s < top) {
        unichar ch = utf8_get_char(s);
        s = utf8_next_char(s);
        if (ch < 0x80) {
            vstr_add_byte(&out, (byte)ch);
            continue;
        }
        int digits = ch < 0x100 ? 2 : ch < 0x10000 ? 4 : 8;
        vstr_add_byte(&out, '\\');
        vstr_add_byte(&out, digits == 2 ? 'x' : digits == 4 ? 'u' : 'U');
        for (int d = digits - 1; d >= 0; d--) {
            vstr_add_byte(&out, "0123456789abcdef"[(ch >> (4 * d)) & 0xf]);
        }
    }
    vstr_clear(&r);
    return mp_obj_new_str_from_vstr(&out);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_builtin_ascii_obj, hlc_builtin_ascii);

// input([prompt]): a run has no stdin, so, as CPython with stdin at end of file, the prompt is
// written to stdout and EOFError is raised.
static mp_obj_t hlc_builtin_input(size_t n_args, const mp_obj_t *args) {
    if (n_args == 1) {
        mp_obj_print_helper(&mp_plat_print, args[0], PRINT_STR);
    }
    mp_raise_msg(&mp_type_EOFError, MP_ERROR_TEXT("EOF when reading a line"));
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_builtin_input_obj, 0, 1, hlc_builtin_input);

// ---- str / bytes / bytearray methods ----

// Builds a result of the same type as `like` (str, bytes or bytearray).
static mp_obj_t new_like(mp_obj_t like, vstr_t *vstr) {
    if (mp_obj_is_str(like)) {
        return mp_obj_new_str_from_vstr(vstr);
    }
    if (mp_obj_is_type(like, &mp_type_bytes)) {
        return mp_obj_new_bytes_from_vstr(vstr);
    }
    mp_obj_t r = mp_obj_new_bytearray(vstr->len, vstr->buf);
    vstr_clear(vstr);
    return r;
}

static const byte *data_of(mp_obj_t self, size_t *len) {
    mp_buffer_info_t info;
    mp_get_buffer_raise(self, &info, MP_BUFFER_READ);
    *len = info.len;
    return info.buf;
}

// Length in characters (code points for str, bytes otherwise).
static size_t char_len(mp_obj_t self, const byte *data, size_t len) {
    return mp_obj_is_str(self) ? utf8_charlen(data, len) : len;
}

// The fill argument of center/ljust/rjust: one character, as bytes.
static void fill_of(mp_obj_t self, size_t n_args, const mp_obj_t *args, const byte **fill, size_t *fill_len) {
    static const byte space = ' ';
    *fill = &space;
    *fill_len = 1;
    if (n_args > 2) {
        size_t len;
        const byte *f = data_of(args[2], &len);
        if (char_len(self, f, len) != 1 || mp_obj_is_str(self) != mp_obj_is_str(args[2])) {
            mp_raise_TypeError(MP_ERROR_TEXT("The fill character must be exactly one character long"));
        }
        *fill = f;
        *fill_len = len;
    }
}

static void add_fill(vstr_t *v, const byte *fill, size_t fill_len, size_t count) {
    for (size_t i = 0; i < count; i++) {
        vstr_add_strn(v, (const char *)fill, fill_len);
    }
}

// align: 0 center, 1 ljust, 2 rjust
static mp_obj_t pad(size_t n_args, const mp_obj_t *args, int align) {
    mp_obj_t self = args[0];
    size_t len;
    const byte *data = data_of(self, &len);
    mp_int_t width = mp_obj_get_int(args[1]);
    const byte *fill;
    size_t fill_len;
    fill_of(self, n_args, args, &fill, &fill_len);
    size_t chars = char_len(self, data, len);
    if (width <= (mp_int_t)chars) {
        if (mp_obj_is_str_or_bytes(self)) {
            return self;
        }
        vstr_t v;
        vstr_init(&v, len);
        vstr_add_strn(&v, (const char *)data, len);
        return new_like(self, &v);
    }
    size_t marg = (size_t)width - chars;
    size_t left;
    if (align == 0) {
        left = marg / 2 + (marg & (size_t)width & 1); // CPython's rounding
    } else {
        left = align == 2 ? marg : 0;
    }
    vstr_t v;
    vstr_init(&v, len + marg * fill_len);
    add_fill(&v, fill, fill_len, left);
    vstr_add_strn(&v, (const char *)data, len);
    add_fill(&v, fill, fill_len, marg - left);
    return new_like(self, &v);
}

static mp_obj_t hlc_str_center(size_t n_args, const mp_obj_t *args) {
    return pad(n_args, args, 0);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_str_center_obj, 2, 3, hlc_str_center);

static mp_obj_t hlc_str_ljust(size_t n_args, const mp_obj_t *args) {
    return pad(n_args, args, 1);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_str_ljust_obj, 2, 3, hlc_str_ljust);

static mp_obj_t hlc_str_rjust(size_t n_args, const mp_obj_t *args) {
    return pad(n_args, args, 2);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_str_rjust_obj, 2, 3, hlc_str_rjust);

static mp_obj_t hlc_str_zfill(mp_obj_t self, mp_obj_t width_in) {
    size_t len;
    const byte *data = data_of(self, &len);
    mp_int_t width = mp_obj_get_int(width_in);
    size_t chars = char_len(self, data, len);
    vstr_t v;
    vstr_init(&v, len + 8);
    size_t start = 0;
    if (len > 0 && (data[0] == '+' || data[0] == '-')) {
        vstr_add_byte(&v, data[0]);
        start = 1;
    }
    for (mp_int_t i = (mp_int_t)chars; i < width; i++) {
        vstr_add_byte(&v, '0');
    }
    vstr_add_strn(&v, (const char *)data + start, len - start);
    return new_like(self, &v);
}
MP_DEFINE_CONST_FUN_OBJ_2(hlc_str_zfill_obj, hlc_str_zfill);

static bool is_upper(byte c) {
    return c >= 'A' && c <= 'Z';
}
static bool is_lower(byte c) {
    return c >= 'a' && c <= 'z';
}
static bool is_cased(byte c) {
    return is_upper(c) || is_lower(c);
}

// mode: 0 title, 1 capitalize, 2 swapcase, 3 casefold (letters are ASCII, like MicroPython's
// upper() and lower(); UTF-8 continuation bytes are never letters, so they pass unchanged).
static mp_obj_t recase(mp_obj_t self, int mode) {
    if (hlc_uni_applies(self)) {
        return hlc_uni_recase(self, mode); // mode: HLC_RECASE_TITLE .. HLC_RECASE_CASEFOLD
    }
    size_t len;
    const byte *data = data_of(self, &len);
    vstr_t v;
    vstr_init_len(&v, len);
    bool prev_cased = false;
    for (size_t i = 0; i < len; i++) {
        byte c = data[i];
        bool up;
        switch (mode) {
            case 0:
                up = !prev_cased;
                break;
            case 1:
                up = i == 0;
                break;
            case 2:
                up = is_lower(c);
                break;
            default:
                up = false;
                break;
        }
        prev_cased = is_cased(c);
        if (up && is_lower(c)) {
            c -= 32;
        } else if (!up && is_upper(c)) {
            c += 32;
        }
        v.buf[i] = (char)c;
    }
    return new_like(self, &v);
}

static mp_obj_t hlc_str_title(mp_obj_t self) {
    return recase(self, 0);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_title_obj, hlc_str_title);

static mp_obj_t hlc_str_capitalize(mp_obj_t self) {
    return recase(self, 1);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_capitalize_obj, hlc_str_capitalize);

static mp_obj_t hlc_str_swapcase(mp_obj_t self) {
    return recase(self, 2);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_swapcase_obj, hlc_str_swapcase);

static mp_obj_t hlc_str_casefold(mp_obj_t self) {
    return recase(self, 3);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_casefold_obj, hlc_str_casefold);

static mp_obj_t hlc_str_isalnum(mp_obj_t self) {
    if (hlc_uni_applies(self)) {
        return hlc_uni_istype(self, HLC_IS_ALNUM);
    }
    size_t len;
    const byte *data = data_of(self, &len);
    if (len == 0) {
        return mp_const_false;
    }
    for (size_t i = 0; i < len; i++) {
        if (!unichar_isalnum(data[i])) {
            return mp_const_false;
        }
    }
    return mp_const_true;
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_isalnum_obj, hlc_str_isalnum);

static mp_obj_t hlc_str_isascii(mp_obj_t self) {
    size_t len;
    const byte *data = data_of(self, &len);
    for (size_t i = 0; i < len; i++) {
        if (data[i] >= 0x80) {
            return mp_const_false;
        }
    }
    return mp_const_true;
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_isascii_obj, hlc_str_isascii);

static mp_obj_t hlc_str_istitle(mp_obj_t self) {
    if (hlc_uni_applies(self)) {
        return hlc_uni_istype(self, HLC_IS_TITLE);
    }
    size_t len;
    const byte *data = data_of(self, &len);
    bool prev_cased = false, any = false;
    for (size_t i = 0; i < len; i++) {
        byte c = data[i];
        if (is_upper(c)) {
            if (prev_cased) {
                return mp_const_false;
            }
            any = true;
        } else if (is_lower(c) && !prev_cased) {
            return mp_const_false;
        }
        prev_cased = is_cased(c);
    }
    return mp_obj_new_bool(any);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_istitle_obj, hlc_str_istitle);

static mp_obj_t hlc_str_isidentifier(mp_obj_t self) {
    if (hlc_uni_applies(self)) {
        return hlc_uni_istype(self, HLC_IS_IDENTIFIER);
    }
    size_t len;
    const byte *data = data_of(self, &len);
    if (len == 0 || unichar_isdigit(data[0])) {
        return mp_const_false;
    }
    for (size_t i = 0; i < len; i++) {
        if (!(unichar_isident(data[i]) || data[i] >= 0x80)) {
            return mp_const_false;
        }
    }
    return mp_const_true;
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_str_isidentifier_obj, hlc_str_isidentifier);

static mp_obj_t remove_affix(mp_obj_t self, mp_obj_t affix, bool prefix) {
    size_t len, alen;
    const byte *data = data_of(self, &len);
    const byte *a = data_of(affix, &alen);
    size_t start = 0, end = len;
    if (alen <= len && memcmp(prefix ? data : data + len - alen, a, alen) == 0) {
        if (prefix) {
            start = alen;
        } else {
            end = len - alen;
        }
    }
    if (start == 0 && end == len && mp_obj_is_str_or_bytes(self)) {
        return self;
    }
    vstr_t v;
    vstr_init(&v, end - start);
    vstr_add_strn(&v, (const char *)data + start, end - start);
    return new_like(self, &v);
}

static mp_obj_t hlc_str_removeprefix(mp_obj_t self, mp_obj_t prefix) {
    return remove_affix(self, prefix, true);
}
MP_DEFINE_CONST_FUN_OBJ_2(hlc_str_removeprefix_obj, hlc_str_removeprefix);

static mp_obj_t hlc_str_removesuffix(mp_obj_t self, mp_obj_t suffix) {
    return remove_affix(self, suffix, false);
}
MP_DEFINE_CONST_FUN_OBJ_2(hlc_str_removesuffix_obj, hlc_str_removesuffix);

static mp_obj_t hlc_str_expandtabs(size_t n_args, const mp_obj_t *args) {
    mp_obj_t self = args[0];
    mp_int_t tab = n_args > 1 ? mp_obj_get_int(args[1]) : 8;
    size_t len;
    const byte *data = data_of(self, &len);
    vstr_t v;
    vstr_init(&v, len + 16);
    mp_int_t col = 0;
    bool str = mp_obj_is_str(self);
    for (size_t i = 0; i < len; i++) {
        byte c = data[i];
        if (c == '\t') {
            if (tab > 0) {
                mp_int_t spaces = tab - col % tab;
                for (mp_int_t k = 0; k < spaces; k++) {
                    vstr_add_byte(&v, ' ');
                }
                col += spaces;
            }
        } else {
            vstr_add_byte(&v, c);
            if (c == '\n' || c == '\r') {
                col = 0;
            } else if (!str || (c & 0xc0) != 0x80) {
                col++;
            }
        }
    }
    return new_like(self, &v);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_str_expandtabs_obj, 1, 2, hlc_str_expandtabs);

// ---- int methods ----

static mp_obj_t int_abs(mp_obj_t x) {
    return mp_unary_op(MP_UNARY_OP_ABS, x);
}

static mp_obj_t hlc_int_bit_length(mp_obj_t self) {
    mp_obj_t n = int_abs(self);
    mp_int_t bits = 0;
    mp_obj_t chunk = MP_OBJ_NEW_SMALL_INT(30);
    while (!mp_obj_is_small_int(n) || MP_OBJ_SMALL_INT_VALUE(n) >= ((mp_int_t)1 << 30)) {
        n = mp_binary_op(MP_BINARY_OP_RSHIFT, n, chunk);
        bits += 30;
    }
    for (mp_int_t v = MP_OBJ_SMALL_INT_VALUE(n); v; v >>= 1) {
        bits++;
    }
    return MP_OBJ_NEW_SMALL_INT(bits);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_int_bit_length_obj, hlc_int_bit_length);

static mp_obj_t hlc_int_bit_count(mp_obj_t self) {
    mp_obj_t n = int_abs(self);
    mp_int_t count = 0;
    mp_obj_t chunk = MP_OBJ_NEW_SMALL_INT(30);
    mp_obj_t mask = MP_OBJ_NEW_SMALL_INT(((mp_int_t)1 << 30) - 1);
    while (mp_obj_is_true(n)) {
        mp_int_t low = MP_OBJ_SMALL_INT_VALUE(mp_binary_op(MP_BINARY_OP_AND, n, mask));
        count += __builtin_popcountll((unsigned long long)low);
        n = mp_binary_op(MP_BINARY_OP_RSHIFT, n, chunk);
    }
    return MP_OBJ_NEW_SMALL_INT(count);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_int_bit_count_obj, hlc_int_bit_count);

// ---- slices with steps ----

static size_t slice_count(const mp_bound_slice_t *b) {
    if (b->step > 0) {
        return b->start < b->stop ? (size_t)((b->stop - b->start - 1) / b->step + 1) : 0;
    }
    return b->start > b->stop ? (size_t)((b->start - b->stop - 1) / -b->step + 1) : 0;
}

mp_obj_t hlc_bytes_slice_step(mp_obj_t self, mp_obj_t slice) {
    size_t len;
    const byte *data = data_of(self, &len);
    mp_bound_slice_t b;
    mp_obj_slice_indices(slice, len, &b);
    size_t n = slice_count(&b);
    vstr_t v;
    vstr_init_len(&v, n);
    for (size_t i = 0; i < n; i++) {
        v.buf[i] = (char)data[b.start + (mp_int_t)i * b.step];
    }
    return new_like(self, &v);
}

mp_obj_t hlc_str_slice_step(mp_obj_t self, mp_obj_t slice) {
    size_t len;
    const byte *data = data_of(self, &len);
    size_t chars = utf8_charlen(data, len);
    mp_bound_slice_t b;
    mp_obj_slice_indices(slice, chars, &b);
    size_t n = slice_count(&b);
    vstr_t v;
    vstr_init(&v, n);
    if (chars == len) {
        for (size_t i = 0; i < n; i++) {
            vstr_add_byte(&v, data[b.start + (mp_int_t)i * b.step]);
        }
    } else {
        // Offsets of every character, then pick.
        size_t *offs = m_new(size_t, chars + 1);
        const byte *s = data;
        for (size_t i = 0; i <= chars; i++) {
            offs[i] = s - data;
            if (i < chars) {
                s = utf8_next_char(s);
            }
        }
        for (size_t i = 0; i < n; i++) {
            mp_int_t c = b.start + (mp_int_t)i * b.step;
            vstr_add_strn(&v, (const char *)data + offs[c], offs[c + 1] - offs[c]);
        }
        m_del(size_t, offs, chars + 1);
    }
    return mp_obj_new_str_from_vstr(&v);
}

mp_obj_t hlc_list_assign_step(mp_obj_t self_in, mp_obj_t slice, mp_obj_t value) {
    mp_obj_list_t *self = MP_OBJ_TO_PTR(self_in);
    mp_bound_slice_t b;
    mp_obj_slice_indices(slice, self->len, &b);
    size_t n = slice_count(&b);
    if (value == MP_OBJ_NULL) {
        // del a[i:j:k]: keep every element not selected, in order.
        if (n == 0) {
            return mp_const_none;
        }
        mp_int_t lo = b.step > 0 ? b.start : b.start + (mp_int_t)(n - 1) * b.step;
        mp_int_t step = b.step > 0 ? b.step : -b.step;
        size_t w = 0;
        for (size_t r = 0; r < self->len; r++) {
            mp_int_t d = (mp_int_t)r - lo;
            if (d >= 0 && d % step == 0 && (size_t)(d / step) < n) {
                continue;
            }
            self->items[w++] = self->items[r];
        }
        mp_seq_clear(self->items, w, self->len, sizeof(*self->items));
        self->len = w;
        return mp_const_none;
    }
    // a[i:j:k] = seq: the sequence must have exactly as many items as the slice selects.
    mp_obj_t seq = value;
    if (!mp_obj_is_type(value, &mp_type_list) && !mp_obj_is_type(value, &mp_type_tuple)) {
        seq = MP_OBJ_TYPE_GET_SLOT(&mp_type_list, make_new)(&mp_type_list, 1, 0, &value);
    } else if (value == self_in) {
        seq = mp_obj_new_list(self->len, self->items);
    }
    size_t vlen;
    mp_obj_t *items;
    mp_obj_get_array(seq, &vlen, &items);
    if (vlen != n) {
        mp_raise_msg_varg(&mp_type_ValueError,
            MP_ERROR_TEXT("attempt to assign sequence of size %d to extended slice of size %d"), (int)vlen, (int)n);
    }
    for (size_t i = 0; i < n; i++) {
        self->items[b.start + (mp_int_t)i * b.step] = items[i];
    }
    return mp_const_none;
}

// ---- repr of str: printable non-ASCII characters stay as they are, like CPython ----

bool hlc_repr_unichar(const mp_print_t *print, unichar ch) {
    // CPython escapes what str.isprintable() rejects (hlc_unicode.c's tables).
    if (ch < 0x80 || !hlc_uni_isprintable(ch)) {
        return false;
    }
    char buf[4];
    size_t n;
    if (ch < 0x800) {
        buf[0] = (char)(0xc0 | (ch >> 6));
        buf[1] = (char)(0x80 | (ch & 0x3f));
        n = 2;
    } else if (ch < 0x10000) {
        buf[0] = (char)(0xe0 | (ch >> 12));
        buf[1] = (char)(0x80 | ((ch >> 6) & 0x3f));
        buf[2] = (char)(0x80 | (ch & 0x3f));
        n = 3;
    } else {
        buf[0] = (char)(0xf0 | (ch >> 18));
        buf[1] = (char)(0x80 | ((ch >> 12) & 0x3f));
        buf[2] = (char)(0x80 | ((ch >> 6) & 0x3f));
        buf[3] = (char)(0x80 | (ch & 0x3f));
        n = 4;
    }
    print->print_strn(print->data, buf, n);
    return true;
}

// ---- CPython's TypeError wording for unsupported operand types ----

MP_NORETURN void hlc_raise_binop_error(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    static const struct {
        const char *name;
        const char *sym;
    } ops[] = {
        {"__lt__", "<"}, {"__gt__", ">"}, {"__le__", "<="}, {"__ge__", ">="},
        {"__add__", "+"}, {"__sub__", "-"}, {"__mul__", "*"}, {"__matmul__", "@"},
        {"__floordiv__", "//"}, {"__truediv__", "/"}, {"__mod__", "%"}, {"__pow__", "** or pow()"},
        {"__or__", "|"}, {"__xor__", "^"}, {"__and__", "&"}, {"__lshift__", "<<"}, {"__rshift__", ">>"},
        {"__iadd__", "+="}, {"__isub__", "-="}, {"__imul__", "*="}, {"__imatmul__", "@="},
        {"__ifloordiv__", "//="}, {"__itruediv__", "/="}, {"__imod__", "%="}, {"__ipow__", "**="},
        {"__ior__", "|="}, {"__ixor__", "^="}, {"__iand__", "&="}, {"__ilshift__", "<<="}, {"__irshift__", ">>="},
        {"__contains__", "in"},
    };
    const char *lt = mp_obj_get_type_str(lhs);
    const char *rt = mp_obj_get_type_str(rhs);
    const char *name = qstr_str(mp_binary_op_method_name[op]);
    const char *sym = name;
    for (size_t i = 0; i < MP_ARRAY_SIZE(ops); i++) {
        if (strcmp(ops[i].name, name) == 0) {
            sym = ops[i].sym;
            break;
        }
    }
    bool concat = op == MP_BINARY_OP_ADD || op == MP_BINARY_OP_INPLACE_ADD;
    if (concat && (mp_obj_is_str(lhs) || mp_obj_is_type(lhs, &mp_type_list) || mp_obj_is_type(lhs, &mp_type_tuple)
                   || mp_obj_is_type(lhs, &mp_type_bytes))) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("can only concatenate %s (not \"%s\") to %s"), lt, rt, lt);
    }
    bool mul = op == MP_BINARY_OP_MULTIPLY || op == MP_BINARY_OP_INPLACE_MULTIPLY;
    if (mul && (mp_obj_is_str(lhs) || mp_obj_is_type(lhs, &mp_type_list) || mp_obj_is_type(lhs, &mp_type_tuple)
                || mp_obj_is_type(lhs, &mp_type_bytes))) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("can't multiply sequence by non-int of type '%s'"), rt);
    }
    if (mul && (mp_obj_is_str(rhs) || mp_obj_is_type(rhs, &mp_type_list) || mp_obj_is_type(rhs, &mp_type_tuple)
                || mp_obj_is_type(rhs, &mp_type_bytes))) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("can't multiply sequence by non-int of type '%s'"), lt);
    }
    if (op == MP_BINARY_OP_IN || op == MP_BINARY_OP_CONTAINS) {
        // `x in y` reaches here as IN(x, y) or, once swapped, as CONTAINS(y, x).
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("argument of type '%s' is not iterable"),
            op == MP_BINARY_OP_IN ? rt : lt);
    }
    if (op <= MP_BINARY_OP_MORE_EQUAL) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("'%s' not supported between instances of '%s' and '%s'"), sym, lt, rt);
    }
    mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("unsupported operand type(s) for %s: '%s' and '%s'"), sym, lt, rt);
}
