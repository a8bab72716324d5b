// _hlc_json: json.loads / json.dumps in C for the frozen json package (guest/frozen/json),
// with CPython 3.11's output format and its decoder's error messages and positions
// (CPython's Modules/_json.c and Lib/json/*.py are the reference for behaviour).
//
//   decode(s, err_cls, strict, object_hook, object_pairs_hook, parse_float, parse_int,
//          parse_constant, idx) -> obj, or (obj, end) when idx >= 0 (raw_decode)
//     s: a str. Errors raise err_cls(msg, s, pos) (json.JSONDecodeError), pos in characters.
//     Hooks are None or callables (parse_float/parse_int None: float()/int()).
//   encode(obj, indent, item_sep, key_sep, sort_keys, skipkeys, ensure_ascii, allow_nan,
//          check_circular, default, coerce) -> str
//     indent: None or a str. coerce(o) turns an instance of a subclass of str/int/float/list/
//     tuple/dict (or a namedtuple) into its plain value, and returns anything else as it is;
//     default(o) is then called.
//
// The parser works on the UTF-8 bytes of the str; every byte it stops at is ASCII, so a
// position is turned into a character index (by counting) only when an error is raised.
// Lone surrogates (\ud800) are stored as their 3-byte encoding, as chr(0xd800) is.
#include <math.h>
#include <string.h>

#include "py/runtime.h"
#include "py/objlist.h"
#include "py/objstr.h"
#include "py/parsenum.h"
#include "py/stackctrl.h"

#include "hlc_compat.h"

// vstr grows by what is added (+16), which makes building a large document quadratic: the
// encoder's output (and the decoder's string buffer) grow geometrically instead.
static void out_room(vstr_t *v, size_t n) {
    if (v->len + n > v->alloc) {
        vstr_hint_size(v, v->len + n + 64); // new alloc = len + hint + 16: about twice len
    }
}

static inline void out_strn(vstr_t *v, const char *s, size_t n) {
    out_room(v, n);
    memcpy(v->buf + v->len, s, n);
    v->len += n;
}

static inline void out_byte(vstr_t *v, byte b) {
    out_room(v, 1);
    v->buf[v->len++] = (char)b;
}

static void out_print_strn(void *data, const char *s, size_t n) {
    out_strn((vstr_t *)data, s, n);
}

// ------------------------------------------------------------------------------- decoding

#define KEY_MEMO 64

typedef struct {
    const byte *s;
    size_t len;
    mp_obj_t doc;
    mp_obj_t err_cls;
    bool strict;
    mp_obj_t object_hook, object_pairs_hook, parse_float, parse_int, parse_constant; // or MP_OBJ_NULL
    vstr_t buf;
    // Values of the containers being parsed, popped into an exactly sized list or dict when a
    // container closes: one allocation per container (a multi-block allocation has to search
    // the heap for room, so growing each list by doubling costs more than the parse).
    mp_obj_t *stk;
    size_t sp, stk_alloc;
    mp_obj_t stk0[64]; // the first stk, on the C stack (which the GC scans)
    mp_obj_t memo[KEY_MEMO]; // recently decoded keys, by hash: equal keys share one str
} dec_t;

static void dec_push(dec_t *d, mp_obj_t o) {
    if (d->sp == d->stk_alloc) {
        mp_obj_t *bigger = m_new(mp_obj_t, d->stk_alloc * 2);
        memcpy(bigger, d->stk, d->sp * sizeof(mp_obj_t));
        if (d->stk != d->stk0) {
            m_del(mp_obj_t, d->stk, d->stk_alloc);
        }
        d->stk = bigger;
        d->stk_alloc *= 2;
    }
    d->stk[d->sp++] = o;
}

static size_t char_index(const byte *s, size_t byte_pos) {
    size_t n = 0;
    for (size_t i = 0; i < byte_pos; i++) {
        n += !UTF8_IS_CONT(s[i]);
    }
    return n;
}

static NORETURN void dec_error(dec_t *d, const char *msg, size_t pos) {
    mp_obj_t args[3] = {mp_obj_new_str(msg, strlen(msg)), d->doc, mp_obj_new_int_from_uint(char_index(d->s, pos))};
    nlr_raise(mp_call_function_n_kw(d->err_cls, 3, 0, args));
}

// CPython's StopIteration(idx) from scan_once: "Expecting value" at idx.
static NORETURN void dec_no_value(dec_t *d, size_t pos) {
    dec_error(d, "Expecting value", pos);
}

static void dec_depth(const char *what) {
    #if MICROPY_STACK_CHECK
    if (mp_stack_usage() >= MP_STATE_THREAD(stack_limit)) {
        mp_raise_msg_varg(&mp_type_RecursionError, MP_ERROR_TEXT("maximum recursion depth exceeded while %s"), what);
    }
    #else
    (void)what;
    #endif
}

#define IS_WS(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r')

static inline size_t skip_ws(const dec_t *d, size_t i) {
    while (i < d->len && IS_WS(d->s[i])) {
        i++;
    }
    return i;
}

static void add_codepoint(vstr_t *v, uint32_t c) {
    byte b[4];
    size_t n;
    if (c < 0x80) {
        b[0] = (byte)c;
        n = 1;
    } else if (c < 0x800) {
        b[0] = (byte)(0xC0 | (c >> 6));
        b[1] = (byte)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        b[0] = (byte)(0xE0 | (c >> 12));
        b[1] = (byte)(0x80 | ((c >> 6) & 0x3F));
        b[2] = (byte)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        b[0] = (byte)(0xF0 | (c >> 18));
        b[1] = (byte)(0x80 | ((c >> 12) & 0x3F));
        b[2] = (byte)(0x80 | ((c >> 6) & 0x3F));
        b[3] = (byte)(0x80 | (c & 0x3F));
        n = 4;
    }
    out_strn(v, (const char *)b, n);
}

static int hexval(byte c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static mp_obj_t new_str(const byte *p, size_t n) {
    if (n == 0) {
        return MP_OBJ_NEW_QSTR(MP_QSTR_);
    }
    return mp_obj_new_str_copy(&mp_type_str, p, n);
}

// A key: equal keys of one document share a str (as CPython's memo does), which also saves
// the copies of the thousands of identical keys of a list of records.
static mp_obj_t memo_key(dec_t *d, const byte *p, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 16777619u;
    }
    mp_obj_t *slot = &d->memo[h & (KEY_MEMO - 1)];
    if (*slot != MP_OBJ_NULL) {
        size_t kl;
        const char *k = mp_obj_str_get_data(*slot, &kl);
        if (kl == n && memcmp(k, p, n) == 0) {
            return *slot;
        }
    }
    return *slot = new_str(p, n);
}

// CPython's scanstring_unicode: `end` is the index after the opening quote.
static mp_obj_t scan_string(dec_t *d, size_t end, size_t *next_ptr, bool is_key) {
    const byte *s = d->s;
    size_t len = d->len;
    size_t begin = end - 1;
    bool buffered = false;
    d->buf.len = 0;
    while (1) {
        size_t next;
        byte c = 0;
        for (next = end; next < len; next++) {
            c = s[next];
            if (c == '"' || c == '\\') {
                break;
            }
            if (c <= 0x1f && d->strict) {
                dec_error(d, "Invalid control character at", next);
            }
        }
        if (next >= len) {
            dec_error(d, "Unterminated string starting at", begin);
        }
        if (c == '"' && !buffered) {
            *next_ptr = next + 1;
            return is_key ? memo_key(d, s + end, next - end) : new_str(s + end, next - end);
        }
        buffered = true;
        out_strn(&d->buf, (const char *)s + end, next - end);
        next++;
        if (c == '"') {
            end = next;
            break;
        }
        if (next == len) {
            dec_error(d, "Unterminated string starting at", begin);
        }
        c = s[next];
        if (c != 'u') {
            end = next + 1;
            switch (c) {
                case '"': case '\\': case '/': break;
                case 'b': c = '\b'; break;
                case 'f': c = '\f'; break;
                case 'n': c = '\n'; break;
                case 'r': c = '\r'; break;
                case 't': c = '\t'; break;
                default: c = 0;
            }
            if (c == 0) {
                dec_error(d, "Invalid \\escape", end - 2);
            }
            out_byte(&d->buf, c);
        } else {
            uint32_t u = 0;
            next++;
            end = next + 4;
            if (end >= len) {
                dec_error(d, "Invalid \\uXXXX escape", next - 1);
            }
            for (; next < end; next++) {
                int h = hexval(s[next]);
                if (h < 0) {
                    dec_error(d, "Invalid \\uXXXX escape", end - 5);
                }
                u = (u << 4) | (uint32_t)h;
            }
            if (u >= 0xD800 && u <= 0xDBFF && end + 6 < len && s[next] == '\\' && s[next + 1] == 'u') {
                uint32_t u2 = 0;
                next += 2;
                end += 6;
                for (; next < end; next++) {
                    int h = hexval(s[next]);
                    if (h < 0) {
                        dec_error(d, "Invalid \\uXXXX escape", end - 5);
                    }
                    u2 = (u2 << 4) | (uint32_t)h;
                }
                if (u2 >= 0xDC00 && u2 <= 0xDFFF) {
                    u = 0x10000 + (((u - 0xD800) << 10) | (u2 - 0xDC00));
                } else {
                    end -= 6;
                }
            }
            add_codepoint(&d->buf, u);
        }
    }
    *next_ptr = end;
    return is_key ? memo_key(d, (const byte *)d->buf.buf, d->buf.len) : new_str((const byte *)d->buf.buf, d->buf.len);
}

static mp_obj_t scan_value(dec_t *d, size_t idx, size_t *next_ptr);

static mp_obj_t parse_object(dec_t *d, size_t idx, size_t *next_ptr) {
    const byte *s = d->s;
    size_t len = d->len;
    size_t base = d->sp;
    idx = skip_ws(d, idx);
    if (idx >= len || s[idx] != '}') {
        while (1) {
            if (idx >= len || s[idx] != '"') {
                dec_error(d, "Expecting property name enclosed in double quotes", idx);
            }
            size_t next;
            dec_push(d, scan_string(d, idx + 1, &next, true));
            idx = skip_ws(d, next);
            if (idx >= len || s[idx] != ':') {
                dec_error(d, "Expecting ':' delimiter", idx);
            }
            idx = skip_ws(d, idx + 1);
            dec_push(d, scan_value(d, idx, &next));
            idx = skip_ws(d, next);
            if (idx < len && s[idx] == '}') {
                break;
            }
            if (idx >= len || s[idx] != ',') {
                dec_error(d, "Expecting ',' delimiter", idx);
            }
            idx = skip_ws(d, idx + 1);
        }
    }
    *next_ptr = idx + 1;
    size_t n = (d->sp - base) / 2;
    mp_obj_t *kv = d->stk + base;
    if (d->object_pairs_hook != MP_OBJ_NULL) {
        mp_obj_t pairs = mp_obj_new_list(n, NULL);
        mp_obj_list_t *pl = MP_OBJ_TO_PTR(pairs);
        for (size_t i = 0; i < n; i++) {
            pl->items[i] = mp_obj_new_tuple(2, d->stk + base + 2 * i); // d->stk may move: index afresh
        }
        d->sp = base;
        return mp_call_function_1(d->object_pairs_hook, pairs);
    }
    mp_obj_t dict = mp_obj_new_dict(n);
    kv = d->stk + base;
    for (size_t i = 0; i < n; i++) {
        mp_obj_dict_store(dict, kv[2 * i], kv[2 * i + 1]);
    }
    d->sp = base;
    if (d->object_hook != MP_OBJ_NULL) {
        return mp_call_function_1(d->object_hook, dict);
    }
    return dict;
}

static mp_obj_t parse_array(dec_t *d, size_t idx, size_t *next_ptr) {
    const byte *s = d->s;
    size_t len = d->len;
    size_t base = d->sp;
    idx = skip_ws(d, idx);
    if (idx >= len || s[idx] != ']') {
        while (1) {
            size_t next;
            dec_push(d, scan_value(d, idx, &next));
            idx = skip_ws(d, next);
            if (idx < len && s[idx] == ']') {
                break;
            }
            if (idx >= len || s[idx] != ',') {
                dec_error(d, "Expecting ',' delimiter", idx);
            }
            idx = skip_ws(d, idx + 1);
        }
    }
    *next_ptr = idx + 1;
    mp_obj_t list = mp_obj_new_list(d->sp - base, d->stk + base);
    d->sp = base;
    return list;
}

static mp_obj_t parse_constant(dec_t *d, const char *name, size_t n, mp_float_t value, size_t idx, size_t *next_ptr) {
    *next_ptr = idx + n;
    if (d->parse_constant != MP_OBJ_NULL) {
        return mp_call_function_1(d->parse_constant, mp_obj_new_str(name, n));
    }
    return mp_obj_new_float(value);
}

// CPython's _match_number_unicode (its StopIteration is "Expecting value" at start).
static mp_obj_t match_number(dec_t *d, size_t start, size_t *next_ptr) {
    const byte *s = d->s;
    size_t end_idx = d->len - 1; // len >= 1 here (start < len)
    size_t idx = start;
    bool is_float = false;
    #define DIGIT(i) (s[i] >= '0' && s[i] <= '9')
    if (s[idx] == '-') {
        idx++;
        if (idx > end_idx) {
            dec_no_value(d, start);
        }
    }
    if (s[idx] >= '1' && s[idx] <= '9') {
        idx++;
        while (idx <= end_idx && DIGIT(idx)) {
            idx++;
        }
    } else if (s[idx] == '0') {
        idx++;
    } else {
        dec_no_value(d, start);
    }
    if (idx < end_idx && s[idx] == '.' && DIGIT(idx + 1)) {
        is_float = true;
        idx += 2;
        while (idx <= end_idx && DIGIT(idx)) {
            idx++;
        }
    }
    if (idx < end_idx && (s[idx] == 'e' || s[idx] == 'E')) {
        size_t e_start = idx;
        idx++;
        if (idx < end_idx && (s[idx] == '-' || s[idx] == '+')) {
            idx++;
        }
        while (idx <= end_idx && DIGIT(idx)) {
            idx++;
        }
        if (DIGIT(idx - 1)) {
            is_float = true;
        } else {
            idx = e_start;
        }
    }
    #undef DIGIT
    *next_ptr = idx;
    const char *p = (const char *)s + start;
    size_t n = idx - start;
    mp_obj_t custom = is_float ? d->parse_float : d->parse_int;
    if (custom != MP_OBJ_NULL) {
        return mp_call_function_1(custom, new_str((const byte *)p, n));
    }
    if (is_float) {
        return mp_parse_num_float(p, n, false, NULL);
    }
    if (n <= 18) {
        long long v = 0;
        size_t i = (*p == '-');
        for (; i < n; i++) {
            v = v * 10 + (p[i] - '0');
        }
        return mp_obj_new_int_from_ll(*p == '-' ? -v : v);
    }
    return mp_parse_num_integer(p, n, 10, NULL);
}

static mp_obj_t scan_value(dec_t *d, size_t idx, size_t *next_ptr) {
    const byte *s = d->s;
    size_t len = d->len;
    if (idx >= len) {
        dec_no_value(d, idx);
    }
    switch (s[idx]) {
        case '"':
            return scan_string(d, idx + 1, next_ptr, false);
        case '{':
            dec_depth("decoding a JSON object from a unicode string");
            return parse_object(d, idx + 1, next_ptr);
        case '[':
            dec_depth("decoding a JSON array from a unicode string");
            return parse_array(d, idx + 1, next_ptr);
        case 'n':
            if (idx + 3 < len && memcmp(s + idx + 1, "ull", 3) == 0) {
                *next_ptr = idx + 4;
                return mp_const_none;
            }
            break;
        case 't':
            if (idx + 3 < len && memcmp(s + idx + 1, "rue", 3) == 0) {
                *next_ptr = idx + 4;
                return mp_const_true;
            }
            break;
        case 'f':
            if (idx + 4 < len && memcmp(s + idx + 1, "alse", 4) == 0) {
                *next_ptr = idx + 5;
                return mp_const_false;
            }
            break;
        case 'N':
            if (idx + 2 < len && s[idx + 1] == 'a' && s[idx + 2] == 'N') {
                return parse_constant(d, "NaN", 3, (mp_float_t)NAN, idx, next_ptr);
            }
            break;
        case 'I':
            if (idx + 7 < len && memcmp(s + idx + 1, "nfinity", 7) == 0) {
                return parse_constant(d, "Infinity", 8, (mp_float_t)INFINITY, idx, next_ptr);
            }
            break;
        case '-':
            if (idx + 8 < len && memcmp(s + idx + 1, "Infinity", 8) == 0) {
                return parse_constant(d, "-Infinity", 9, -(mp_float_t)INFINITY, idx, next_ptr);
            }
            break;
    }
    return match_number(d, idx, next_ptr);
}

static mp_obj_t none_to_null(mp_obj_t o) {
    return o == mp_const_none ? MP_OBJ_NULL : o;
}

static size_t byte_offset(const byte *s, size_t len, size_t chars) {
    size_t b = 0;
    while (chars && b < len) {
        b++;
        while (b < len && UTF8_IS_CONT(s[b])) {
            b++;
        }
        chars--;
    }
    return b;
}

static mp_obj_t hlc_json_decode(size_t n_args, const mp_obj_t *args) {
    dec_t d;
    if (!mp_obj_is_str(args[0])) {
        mp_raise_TypeError(MP_ERROR_TEXT("first argument must be a string"));
    }
    d.s = (const byte *)mp_obj_str_get_data(args[0], &d.len);
    d.doc = args[0];
    d.err_cls = args[1];
    d.strict = mp_obj_is_true(args[2]);
    d.object_hook = none_to_null(args[3]);
    d.object_pairs_hook = none_to_null(args[4]);
    d.parse_float = none_to_null(args[5]);
    d.parse_int = none_to_null(args[6]);
    d.parse_constant = none_to_null(args[7]);
    mp_int_t raw = mp_obj_get_int(args[8]);
    vstr_init(&d.buf, 0); // allocated when a string has an escape
    memset(d.memo, 0, sizeof d.memo);
    d.stk_alloc = MP_ARRAY_SIZE(d.stk0);
    d.sp = 0;
    d.stk = d.stk0;
    size_t end;
    if (raw >= 0) {
        size_t start = byte_offset(d.s, d.len, (size_t)raw);
        mp_obj_t obj = scan_value(&d, start, &end);
        mp_obj_t tup[2] = {obj, mp_obj_new_int_from_uint(char_index(d.s, end))};
        return mp_obj_new_tuple(2, tup);
    }
    mp_obj_t obj = scan_value(&d, skip_ws(&d, 0), &end);
    end = skip_ws(&d, end);
    if (end != d.len) {
        dec_error(&d, "Extra data", end);
    }
    vstr_clear(&d.buf);
    if (d.stk != d.stk0) {
        m_del(mp_obj_t, d.stk, d.stk_alloc);
    }
    return obj;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_json_decode_obj, 9, 9, hlc_json_decode);

// ------------------------------------------------------------------------------- encoding


typedef struct {
    vstr_t out;
    mp_print_t print;
    const char *indent;
    size_t indent_len;
    bool has_indent;
    const char *item_sep, *key_sep;
    size_t item_sep_len, key_sep_len;
    bool sort_keys, skipkeys, ensure_ascii, allow_nan, check_circular;
    mp_obj_t default_fn, coerce_fn;
    mp_obj_t *markers; // the containers (and default()ed objects) being encoded
    size_t n_markers, markers_alloc;
} enc_t;

static const char hexdig[] = "0123456789abcdef";

static void add_u_escape(vstr_t *v, uint32_t c) {
    char b[6] = {'\\', 'u', hexdig[(c >> 12) & 0xf], hexdig[(c >> 8) & 0xf], hexdig[(c >> 4) & 0xf], hexdig[c & 0xf]};
    out_strn(v, b, 6);
}

// encode_basestring / encode_basestring_ascii
static void enc_string(enc_t *e, const byte *s, size_t n) {
    vstr_t *v = &e->out;
    out_byte(v, '"');
    size_t run = 0; // start of the pending run of bytes copied as they are
    for (size_t i = 0; i < n;) {
        byte c = s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && (c < 0x7f || (!e->ensure_ascii))) {
            i++;
            continue;
        }
        out_strn(v, (const char *)s + run, i - run);
        if (c >= 0x80) { // ensure_ascii: one UTF-8 sequence as \uXXXX (a pair above U+FFFF)
            uint32_t cp;
            size_t k;
            if (c >= 0xF0) {
                cp = c & 0x07;
                k = 3;
            } else if (c >= 0xE0) {
                cp = c & 0x0F;
                k = 2;
            } else {
                cp = c & 0x1F;
                k = 1;
            }
            i++;
            while (k-- && i < n && UTF8_IS_CONT(s[i])) {
                cp = (cp << 6) | (s[i++] & 0x3F);
            }
            if (cp >= 0x10000) {
                cp -= 0x10000;
                add_u_escape(v, 0xD800 | (cp >> 10));
                add_u_escape(v, 0xDC00 | (cp & 0x3FF));
            } else {
                add_u_escape(v, cp);
            }
        } else {
            char esc = 0;
            switch (c) {
                case '"': esc = '"'; break;
                case '\\': esc = '\\'; break;
                case '\b': esc = 'b'; break;
                case '\f': esc = 'f'; break;
                case '\n': esc = 'n'; break;
                case '\r': esc = 'r'; break;
                case '\t': esc = 't'; break;
            }
            if (esc) {
                char b[2] = {'\\', esc};
                out_strn(v, b, 2);
            } else {
                add_u_escape(v, c);
            }
            i++;
        }
        run = i;
    }
    out_strn(v, (const char *)s + run, n - run);
    out_byte(v, '"');
}

static void enc_str_obj(enc_t *e, mp_obj_t o) {
    size_t n;
    const char *s = mp_obj_str_get_data(o, &n);
    enc_string(e, (const byte *)s, n);
}

static void enc_float(enc_t *e, mp_obj_t o) {
    mp_float_t f = mp_obj_float_get(o);
    const char *text = NULL;
    if (isnan(f)) {
        text = "NaN";
    } else if (isinf(f)) {
        text = f > 0 ? "Infinity" : "-Infinity";
    }
    if (text) {
        if (!e->allow_nan) {
            mp_raise_ValueError(MP_ERROR_TEXT("Out of range float values are not JSON compliant"));
        }
        out_strn(&e->out, text, strlen(text));
        return;
    }
    mp_obj_print_helper(&e->print, o, PRINT_REPR);
}

static void enc_int(enc_t *e, mp_obj_t o) {
    if (mp_obj_is_small_int(o)) {
        char b[24];
        mp_int_t v = MP_OBJ_SMALL_INT_VALUE(o);
        mp_uint_t u = v < 0 ? -(mp_uint_t)v : (mp_uint_t)v;
        size_t i = sizeof b;
        do {
            b[--i] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v < 0) {
            b[--i] = '-';
        }
        out_strn(&e->out, b + i, sizeof b - i);
    } else {
        mp_obj_print_helper(&e->print, o, PRINT_REPR);
    }
}

static void newline_indent(enc_t *e, size_t level) {
    out_byte(&e->out, '\n');
    for (size_t i = 0; i < level; i++) {
        out_strn(&e->out, e->indent, e->indent_len);
    }
}

static void push_marker(enc_t *e, mp_obj_t o) {
    if (!e->check_circular) {
        return;
    }
    for (size_t i = 0; i < e->n_markers; i++) {
        if (e->markers[i] == o) {
            mp_raise_ValueError(MP_ERROR_TEXT("Circular reference detected"));
        }
    }
    if (e->n_markers == e->markers_alloc) {
        e->markers = m_renew(mp_obj_t, e->markers, e->markers_alloc, e->markers_alloc * 2);
        e->markers_alloc *= 2;
    }
    e->markers[e->n_markers++] = o;
}

static void pop_marker(enc_t *e) {
    if (e->check_circular) {
        e->n_markers--;
    }
}

static void enc_obj(enc_t *e, mp_obj_t o, size_t level);

static void enc_depth(void) {
    #if MICROPY_STACK_CHECK
    if (mp_stack_usage() >= MP_STATE_THREAD(stack_limit)) {
        mp_raise_msg(&mp_type_RecursionError, MP_ERROR_TEXT("maximum recursion depth exceeded while encoding a JSON object"));
    }
    #endif
}

static void enc_list(enc_t *e, mp_obj_t o, size_t level) {
    size_t n;
    mp_obj_t *items;
    mp_obj_get_array(o, &n, &items);
    if (n == 0) {
        out_strn(&e->out, "[]", 2);
        return;
    }
    enc_depth();
    push_marker(e, o);
    out_byte(&e->out, '[');
    if (e->has_indent) {
        level++;
        newline_indent(e, level);
    }
    // A list may change while default() or coerce() runs: index it afresh each time.
    for (size_t i = 0;; i++) {
        mp_obj_get_array(o, &n, &items);
        if (i >= n) {
            break;
        }
        if (i) {
            out_strn(&e->out, e->item_sep, e->item_sep_len);
            if (e->has_indent) {
                newline_indent(e, level);
            }
        }
        enc_obj(e, items[i], level);
    }
    if (e->has_indent) {
        newline_indent(e, level - 1);
    }
    out_byte(&e->out, ']');
    pop_marker(e);
}

// A dict key as the JSON string it becomes, or false to skip it (skipkeys).
static bool enc_key(enc_t *e, mp_obj_t k) {
    if (mp_obj_is_str(k)) {
        enc_str_obj(e, k);
        return true;
    }
    const mp_obj_type_t *t = mp_obj_get_type(k);
    if (t == &mp_type_str || mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(t), MP_OBJ_FROM_PTR(&mp_type_str))) {
        enc_str_obj(e, mp_call_function_1(e->coerce_fn, k));
        return true;
    }
    // The key's text, then encoded as a string (which it needs no escaping for).
    size_t start = e->out.len;
    out_byte(&e->out, '"');
    if (mp_obj_is_float(k)) {
        enc_float(e, k);
    } else if (k == mp_const_true) {
        out_strn(&e->out, "true", 4);
    } else if (k == mp_const_false) {
        out_strn(&e->out, "false", 5);
    } else if (k == mp_const_none) {
        out_strn(&e->out, "null", 4);
    } else if (mp_obj_is_int(k)) {
        enc_int(e, k);
    } else if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(t), MP_OBJ_FROM_PTR(&mp_type_int))) {
        enc_int(e, mp_call_function_1(e->coerce_fn, k));
    } else if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(t), MP_OBJ_FROM_PTR(&mp_type_float))) {
        enc_float(e, mp_call_function_1(e->coerce_fn, k));
    } else if (e->skipkeys) {
        e->out.len = start;
        return false;
    } else {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("keys must be str, int, float, bool or None, not %s"),
            mp_obj_get_type_str(k));
    }
    out_byte(&e->out, '"');
    return true;
}

static void enc_dict(enc_t *e, mp_obj_t o, size_t level) {
    mp_map_t *map = &((mp_obj_dict_t *)MP_OBJ_TO_PTR(o))->map;
    if (map->used == 0) {
        out_strn(&e->out, "{}", 2);
        return;
    }
    enc_depth();
    push_marker(e, o);
    out_byte(&e->out, '{');
    if (e->has_indent) {
        level++;
        newline_indent(e, level);
    }
    // The (key, value) pairs first: default() may change the dict (CPython iterates its items).
    size_t n = map->used, at = 0, kv_alloc = 2 * map->used;
    mp_obj_t small[16]; // on the C stack, which the GC scans
    mp_obj_t *kv = 2 * n <= MP_ARRAY_SIZE(small) ? small : m_new(mp_obj_t, 2 * n);
    for (size_t i = 0; i < map->alloc && at < n; i++) {
        if (mp_map_slot_is_filled(map, i)) {
            kv[2 * at] = map->table[i].key;
            kv[2 * at + 1] = map->table[i].value;
            at++;
        }
    }
    n = at;
    if (e->sort_keys && n > 1) {
        mp_obj_t keys = mp_obj_new_list(n, NULL);
        mp_obj_list_t *kl = MP_OBJ_TO_PTR(keys);
        for (size_t i = 0; i < n; i++) {
            kl->items[i] = kv[2 * i];
        }
        mp_map_t no_kw;
        mp_map_init(&no_kw, 0);
        mp_obj_list_sort(1, &keys, &no_kw);
        for (size_t i = 0; i < n; i++) {
            kv[2 * i] = kl->items[i];
            kv[2 * i + 1] = mp_obj_dict_get(o, kl->items[i]);
        }
    }
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        size_t mark = e->out.len;
        if (!first) {
            out_strn(&e->out, e->item_sep, e->item_sep_len);
            if (e->has_indent) {
                newline_indent(e, level);
            }
        }
        if (!enc_key(e, kv[2 * i])) {
            e->out.len = mark;
            continue;
        }
        first = false;
        out_strn(&e->out, e->key_sep, e->key_sep_len);
        enc_obj(e, kv[2 * i + 1], level);
    }
    if (kv != small) {
        m_del(mp_obj_t, kv, kv_alloc);
    }
    if (e->has_indent) {
        newline_indent(e, level - 1);
    }
    out_byte(&e->out, '}');
    pop_marker(e);
}

static void enc_obj(enc_t *e, mp_obj_t o, size_t level) {
    if (o == mp_const_none) {
        out_strn(&e->out, "null", 4);
    } else if (o == mp_const_true) {
        out_strn(&e->out, "true", 4);
    } else if (o == mp_const_false) {
        out_strn(&e->out, "false", 5);
    } else if (mp_obj_is_str(o)) {
        enc_str_obj(e, o);
    } else if (mp_obj_is_small_int(o) || mp_obj_is_exact_type(o, &mp_type_int)) {
        enc_int(e, o);
    } else if (mp_obj_is_float(o)) {
        enc_float(e, o);
    } else if (mp_obj_is_type(o, &mp_type_list) || mp_obj_is_type(o, &mp_type_tuple)) {
        enc_list(e, o, level);
    } else if (mp_obj_is_type(o, &mp_type_dict)) {
        enc_dict(e, o, level);
    } else {
        // A subclass of a JSON type (or a namedtuple): its plain value; anything else: default().
        mp_obj_t plain = mp_call_function_1(e->coerce_fn, o);
        enc_depth();
        push_marker(e, o);
        if (plain != o) {
            enc_obj(e, plain, level);
        } else {
            enc_obj(e, mp_call_function_1(e->default_fn, o), level);
        }
        pop_marker(e);
    }
}

static void sep_arg(mp_obj_t o, const char **s, size_t *n) {
    *s = mp_obj_str_get_data(o, n);
}

static mp_obj_t hlc_json_encode(size_t n_args, const mp_obj_t *args) {
    enc_t e;
    vstr_init(&e.out, 256);
    e.print.data = &e.out;
    e.print.print_strn = out_print_strn;
    e.has_indent = args[1] != mp_const_none;
    e.indent = "";
    e.indent_len = 0;
    if (e.has_indent) {
        sep_arg(args[1], &e.indent, &e.indent_len);
    }
    sep_arg(args[2], &e.item_sep, &e.item_sep_len);
    sep_arg(args[3], &e.key_sep, &e.key_sep_len);
    e.sort_keys = mp_obj_is_true(args[4]);
    e.skipkeys = mp_obj_is_true(args[5]);
    e.ensure_ascii = mp_obj_is_true(args[6]);
    e.allow_nan = mp_obj_is_true(args[7]);
    e.check_circular = mp_obj_is_true(args[8]);
    e.default_fn = args[9];
    e.coerce_fn = args[10];
    e.markers_alloc = 16;
    e.n_markers = 0;
    e.markers = m_new(mp_obj_t, e.markers_alloc);
    enc_obj(&e, args[0], 0);
    m_del(mp_obj_t, e.markers, e.markers_alloc);
    return mp_obj_new_str_from_vstr(&e.out);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_json_encode_obj, 11, 11, hlc_json_encode);

static const mp_rom_map_elem_t hlc_json_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__hlc_json) },
    { MP_ROM_QSTR(MP_QSTR_decode), MP_ROM_PTR(&hlc_json_decode_obj) },
    { MP_ROM_QSTR(MP_QSTR_encode), MP_ROM_PTR(&hlc_json_encode_obj) },
};
static MP_DEFINE_CONST_DICT(hlc_json_globals, hlc_json_globals_table);

const mp_obj_module_t hlc_json_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&hlc_json_globals,
};
MP_REGISTER_MODULE(MP_QSTR__hlc_json, hlc_json_module);
