// call_tool(name, **kwargs): the guest's way to reach host tools. Arguments are encoded in
// the JSON-like Value wire format of hyperlight-codeact-protocol (tags: 0 None, 1 bool,
// 2 int64, 3 big int as decimal text, 4 float64, 5 str, 6 list, 7 dict with str keys), sent
// to the host through hlc_host_call (the Rust runtime), and the reply decoded back.
#include <string.h>

#include "py/objexcept.h"
#include "py/objint.h"
#include "py/smallint.h"
#include "py/parsenum.h"
#include "py/runtime.h"

#include "hlc_exc.h"
#include "hlc_port.h"

#define MAX_DEPTH 64

MP_DEFINE_EXCEPTION(ToolError, Exception)

static void put_u8(vstr_t *w, uint8_t b) {
    vstr_add_byte(w, b);
}

static void put_u32(vstr_t *w, uint32_t v) {
    for (int i = 0; i < 4; i++) put_u8(w, (uint8_t)(v >> (8 * i)));
}

static void put_u64(vstr_t *w, uint64_t v) {
    for (int i = 0; i < 8; i++) put_u8(w, (uint8_t)(v >> (8 * i)));
}

static void put_str(vstr_t *w, const char *s, size_t len) {
    put_u32(w, (uint32_t)len);
    vstr_add_strn(w, s, len);
}

static void vstr_print_strn(void *data, const char *str, size_t len) {
    vstr_add_strn((vstr_t *)data, str, len);
}

static void encode(vstr_t *w, mp_obj_t o, int depth);

// Set while encoding a System request: file data and HTTP bodies travel as bytes (tag 8).
// call_tool arguments stay JSON-like.
static bool encode_bytes_ok;

// repr(o), shortened: error messages name the offending value.
static const char *short_repr(mp_obj_t o) {
    vstr_t *v = vstr_new(32);
    mp_print_t p = {v, vstr_print_strn};
    mp_obj_print_helper(&p, o, PRINT_REPR);
    if (v->len > 80) {
        v->len = 77;
        vstr_add_str(v, "...");
    }
    return vstr_null_terminated_str(v);
}

static void encode_key(vstr_t *w, mp_obj_t k) {
    if (!mp_obj_is_str(k)) {
        mp_raise_msg_varg(&mp_type_TypeError,
            MP_ERROR_TEXT("call_tool: dict keys must be str, not %s: %s"), mp_obj_get_type_str(k), short_repr(k));
    }
    size_t len;
    const char *s = mp_obj_str_get_data(k, &len);
    put_str(w, s, len);
}

static void encode(vstr_t *w, mp_obj_t o, int depth) {
    if (depth > MAX_DEPTH) {
        mp_raise_msg(&mp_type_ValueError, MP_ERROR_TEXT("call_tool: argument nested too deeply"));
    }
    if (o == mp_const_none) {
        put_u8(w, 0);
    } else if (mp_obj_is_bool(o)) {
        put_u8(w, 1);
        put_u8(w, o == mp_const_true);
    } else if (mp_obj_is_small_int(o)) {
        put_u8(w, 2);
        put_u64(w, (uint64_t)(int64_t)MP_OBJ_SMALL_INT_VALUE(o));
    } else if (mp_obj_is_int(o)) {
        // Outside the small-int range: send decimal text; the host narrows it when it fits.
        vstr_t digits;
        vstr_init(&digits, 24);
        mp_print_t p = {&digits, vstr_print_strn};
        mp_obj_print_helper(&p, o, PRINT_STR);
        size_t sign = digits.len && digits.buf[0] == '-';
        if (digits.len - sign <= 18) {
            // Fits in int64 (a big-int object can hold a small value, e.g. after arithmetic).
            int64_t v = 0;
            for (size_t i = sign; i < digits.len; i++) v = v * 10 + (digits.buf[i] - '0');
            put_u8(w, 2);
            put_u64(w, (uint64_t)(sign ? -v : v));
        } else {
            put_u8(w, 3);
            put_str(w, digits.buf, digits.len);
        }
        vstr_clear(&digits);
    } else if (mp_obj_is_float(o)) {
        union {
            double d;
            uint64_t u;
        } bits = {.d = mp_obj_float_get(o)};
        put_u8(w, 4);
        put_u64(w, bits.u);
    } else if (mp_obj_is_str(o)) {
        size_t len;
        const char *s = mp_obj_str_get_data(o, &len);
        put_u8(w, 5);
        put_str(w, s, len);
    } else if (mp_obj_is_type(o, &mp_type_list) || mp_obj_is_type(o, &mp_type_tuple)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_get_array(o, &n, &items);
        put_u8(w, 6);
        put_u32(w, (uint32_t)n);
        for (size_t i = 0; i < n; i++) encode(w, items[i], depth + 1);
    } else if (mp_obj_is_dict_or_ordereddict(o)) {
        mp_map_t *map = mp_obj_dict_get_map(o);
        put_u8(w, 7);
        put_u32(w, (uint32_t)map->used);
        for (size_t i = 0; i < map->alloc; i++) {
            if (mp_map_slot_is_filled(map, i)) {
                encode_key(w, map->table[i].key);
                encode(w, map->table[i].value, depth + 1);
            }
        }
    } else if (encode_bytes_ok && (mp_obj_is_type(o, &mp_type_bytes) || mp_obj_is_type(o, &mp_type_bytearray))) {
        mp_buffer_info_t buf;
        mp_get_buffer_raise(o, &buf, MP_BUFFER_READ);
        put_u8(w, 8);
        put_u32(w, (uint32_t)buf.len);
        vstr_add_strn(w, buf.buf, buf.len);
    } else {
        mp_raise_msg_varg(&mp_type_TypeError,
            MP_ERROR_TEXT("call_tool: %s is not a JSON-like value (None, bool, int, float, str, list, dict): %s"),
            mp_obj_get_type_str(o), short_repr(o));
    }
}

// An encoded ToolCall: the name, then the keyword arguments in call order.
static void encode_call(vstr_t *req, const char *name, size_t name_len, mp_map_t *kwargs) {
    vstr_init(req, 64);
    put_str(req, name, name_len);
    put_u32(req, (uint32_t)kwargs->used);
    for (size_t i = 0; i < kwargs->alloc; i++) {
        if (mp_map_slot_is_filled(kwargs, i)) {
            encode_key(req, kwargs->table[i].key);
            encode(req, kwargs->table[i].value, 1);
        }
    }
}

typedef struct {
    const uint8_t *p, *end;
} reader_t;

static void bad_reply(void) {
    mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("call_tool: malformed reply from the host"));
}

static const uint8_t *take(reader_t *r, size_t n) {
    if ((size_t)(r->end - r->p) < n) bad_reply();
    const uint8_t *at = r->p;
    r->p += n;
    return at;
}

static uint64_t get_le(reader_t *r, int n) {
    const uint8_t *b = take(r, (size_t)n);
    uint64_t v = 0;
    for (int i = 0; i < n; i++) v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static const char *get_str(reader_t *r, size_t *len) {
    *len = (size_t)get_le(r, 4);
    return (const char *)take(r, *len);
}

static mp_obj_t decode(reader_t *r, int depth) {
    if (depth > MAX_DEPTH) bad_reply();
    size_t len;
    switch (*take(r, 1)) {
        case 0:
            return mp_const_none;
        case 1:
            return mp_obj_new_bool(*take(r, 1));
        case 2: {
            long long v = (long long)get_le(r, 8);
            return MP_SMALL_INT_FITS(v) ? MP_OBJ_NEW_SMALL_INT(v) : mp_obj_new_int_from_ll(v);
        }
        case 3: {
            const char *s = get_str(r, &len);
            return mp_parse_num_integer(s, len, 10, NULL);
        }
        case 4: {
            union {
                uint64_t u;
                double d;
            } bits = {.u = get_le(r, 8)};
            return mp_obj_new_float(bits.d);
        }
        case 5: {
            const char *s = get_str(r, &len);
            return mp_obj_new_str(s, len);
        }
        case 6: {
            size_t n = (size_t)get_le(r, 4);
            if (n > (size_t)(r->end - r->p)) bad_reply();
            mp_obj_t list = mp_obj_new_list(0, NULL);
            for (size_t i = 0; i < n; i++) mp_obj_list_append(list, decode(r, depth + 1));
            return list;
        }
        case 7: {
            size_t n = (size_t)get_le(r, 4);
            if (n > (size_t)(r->end - r->p)) bad_reply();
            mp_obj_t dict = mp_obj_new_dict(n);
            for (size_t i = 0; i < n; i++) {
                const char *k = get_str(r, &len);
                mp_obj_t key = mp_obj_new_str(k, len);
                mp_obj_dict_store(dict, key, decode(r, depth + 1));
            }
            return dict;
        }
        case 8: {
            size_t n = (size_t)get_le(r, 4);
            const char *b = (const char *)take(r, n);
            return mp_obj_new_bytes((const byte *)b, n);
        }
        default:
            bad_reply();
            return mp_const_none;
    }
}

// OSError subclasses CPython has and MicroPython leaves out (commented out in objexcept.c);
// the host's refusals and failures, and tools' exceptions, are raised as these.
MP_DEFINE_EXCEPTION(PermissionError, OSError)
MP_DEFINE_EXCEPTION(FileNotFoundError, OSError)
MP_DEFINE_EXCEPTION(FileExistsError, OSError)
MP_DEFINE_EXCEPTION(IsADirectoryError, OSError)
MP_DEFINE_EXCEPTION(NotADirectoryError, OSError)
MP_DEFINE_EXCEPTION(TimeoutError, OSError)
MP_DEFINE_EXCEPTION(ConnectionError, OSError)

extern const mp_obj_type_t mp_type_RecursionError;     // hlc_compat.c
extern const mp_obj_type_t mp_type_ModuleNotFoundError;

// The one table from exception names on the wire to guest types: the protocol crate's
// BuiltinException (tool exceptions) and the policy's error kinds (System refusals).
static const mp_obj_type_t *const raisable[] = {
    &mp_type_Exception, &mp_type_ArithmeticError, &mp_type_AssertionError, &mp_type_AttributeError,
    &mp_type_EOFError, &mp_type_ImportError, &mp_type_ModuleNotFoundError, &mp_type_LookupError,
    &mp_type_IndexError, &mp_type_KeyError, &mp_type_NameError, &mp_type_NotImplementedError,
    &mp_type_OSError, &mp_type_ConnectionError, &mp_type_FileExistsError, &mp_type_FileNotFoundError,
    &mp_type_IsADirectoryError, &mp_type_NotADirectoryError, &mp_type_PermissionError, &mp_type_TimeoutError,
    &mp_type_OverflowError, &mp_type_RecursionError, &mp_type_RuntimeError, &mp_type_StopIteration,
    &mp_type_TypeError, &mp_type_UnicodeError, &mp_type_ValueError, &mp_type_ZeroDivisionError,
};

static const mp_obj_type_t *exception_type(const char *name, size_t len, const mp_obj_type_t *otherwise) {
    for (size_t i = 0; i < MP_ARRAY_SIZE(raisable); i++) {
        size_t qlen;
        const char *q = (const char *)qstr_data(raisable[i]->name, &qlen);
        if (qlen == len && memcmp(q, name, len) == 0) {
            return raisable[i];
        }
    }
    return otherwise;
}

// A tool's exception (reply tag 3: type name, args list): raised as that type with those args,
// with a traceback frame `File "<tool>", line 1, in <name>` so the traceback names the tool,
// as CPython's would name the tool function's frame.
static void raise_tool_exception(reader_t *r, const char *tool, size_t tool_len) {
    size_t tlen;
    const char *tname = get_str(r, &tlen);
    const mp_obj_type_t *type = exception_type(tname, tlen, &mp_type_Exception);
    mp_obj_t args = decode(r, 0);
    if (r->p != r->end || !mp_obj_is_type(args, &mp_type_list)) bad_reply();
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(args, &n, &items);
    mp_obj_t exc = mp_obj_new_exception_args(type, n, items);
    mp_obj_exception_add_traceback(exc, qstr_from_str("<tool>"), 1, qstr_from_strn(tool, tool_len));
    nlr_raise(exc);
}

// One ToolReply of a tool call (call_tool, or one completed acall_tool): its value, or the
// exception the tool's failure raises (tool `name` names the traceback frame of its own).
static mp_obj_t tool_reply_value(reader_t *r, const char *name, size_t name_len) {
    uint8_t tag = *take(r, 1);
    if (tag == 1) {
        size_t len;
        const char *msg = get_str(r, &len);
        mp_obj_t text = mp_obj_new_str(msg, len);
        mp_raise_type_arg(&mp_type_ToolError, text);
    }
    if (tag == 3) {
        raise_tool_exception(r, name, name_len);
    }
    if (tag != 0) bad_reply();
    return decode(r, 0);
}

// call_tool's and acall_tool's request: host function `op` with the tool name (the one
// positional argument) and the keyword arguments; returns the reply's value (or raises the
// tool's exception). `fn` and `usage` name the caller in its errors.
mp_obj_t hlc_tool_request(int op, const char *fn, const char *usage, size_t n_args, const mp_obj_t *args,
    mp_map_t *kwargs) {
    if (n_args != 1 || !mp_obj_is_str(args[0])) {
        mp_raise_msg_varg(&mp_type_TypeError,
            MP_ERROR_TEXT("%s takes the tool name, then keyword arguments: %s"), fn, usage);
    }
    size_t name_len;
    const char *name = mp_obj_str_get_data(args[0], &name_len);
    vstr_t req;
    encode_call(&req, name, name_len, kwargs);
    const uint8_t *reply;
    size_t reply_len;
    const char *failure = hlc_host_call(op, (const uint8_t *)req.buf, req.len, &reply, &reply_len);
    vstr_clear(&req);
    if (failure) {
        mp_raise_msg_varg(&mp_type_RuntimeError, MP_ERROR_TEXT("%s: %s"), fn, failure);
    }
    reader_t r = {reply, reply + reply_len};
    mp_obj_t result = tool_reply_value(&r, name, name_len);
    if (r.p != r.end) bad_reply();
    return result;
}

static mp_obj_t call_tool(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    return hlc_tool_request(HLC_HOST_CALL_TOOL, "call_tool", "call_tool(\"name\", arg=value)", n_args, args, kwargs);
}
MP_DEFINE_CONST_FUN_OBJ_KW(hlc_call_tool_obj, 1, call_tool);

// For hlc_asyncio.c (acall_tool's results): the same result or exception as call_tool.
mp_obj_t hlc_tool_reply_value(const uint8_t **p, const uint8_t *end, const char *name, size_t name_len) {
    reader_t r = {*p, end};
    mp_obj_t result = tool_reply_value(&r, name, name_len);
    *p = r.p;
    return result;
}

// ---- files and network: the System host function ----

// _hlc.system(op, **kwargs): one policy-checked operation on the host (see the host's
// system.rs for the operations). Refusals raise the exception class the host names.
static mp_obj_t hlc_system(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    if (n_args != 1 || !mp_obj_is_str(args[0])) {
        mp_raise_TypeError(MP_ERROR_TEXT("system(op, **kwargs)"));
    }
    size_t name_len;
    const char *name = mp_obj_str_get_data(args[0], &name_len);
    vstr_t req;
    encode_bytes_ok = true;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        encode_call(&req, name, name_len, kwargs);
        nlr_pop();
        encode_bytes_ok = false;
    } else {
        encode_bytes_ok = false;
        nlr_jump(nlr.ret_val);
    }
    const uint8_t *reply;
    size_t reply_len;
    const char *failure = hlc_host_call(HLC_HOST_SYSTEM, (const uint8_t *)req.buf, req.len, &reply, &reply_len);
    vstr_clear(&req);
    if (failure) {
        mp_raise_msg_varg(&mp_type_OSError, MP_ERROR_TEXT("%s"), failure);
    }
    reader_t r = {reply, reply + reply_len};
    uint8_t tag = *take(&r, 1);
    if (tag == 1 || tag == 2) {
        const mp_obj_type_t *type = &mp_type_OSError;
        if (tag == 2) {
            size_t tlen;
            const char *tname = get_str(&r, &tlen);
            type = exception_type(tname, tlen, &mp_type_OSError);
        }
        size_t len;
        const char *msg = get_str(&r, &len);
        mp_raise_type_arg(type, mp_obj_new_str(msg, len));
    }
    if (tag != 0) bad_reply();
    mp_obj_t result = decode(&r, 0);
    if (r.p != r.end) bad_reply();
    return result;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(hlc_system_obj, 1, hlc_system);

// _hlc.format_exception(exc, chain=True): the traceback text CPython prints (traceback module).
static mp_obj_t hlc_format_exception_fn(size_t n_args, const mp_obj_t *args) {
    vstr_t text;
    mp_print_t print;
    vstr_init_print(&text, 128, &print);
    hlc_format_exception(&print, args[0], n_args < 2 || mp_obj_is_true(args[1]));
    return mp_obj_new_str_from_vstr(&text);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_format_exception_obj, 1, 2, hlc_format_exception_fn);

static const mp_rom_map_elem_t hlc_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__hlc) },
    { MP_ROM_QSTR(MP_QSTR_system), MP_ROM_PTR(&hlc_system_obj) },
    { MP_ROM_QSTR(MP_QSTR_format_exception), MP_ROM_PTR(&hlc_format_exception_obj) },
};
static MP_DEFINE_CONST_DICT(hlc_globals, hlc_globals_table);

const mp_obj_module_t hlc_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&hlc_globals,
};
MP_REGISTER_MODULE(MP_QSTR__hlc, hlc_module);

// Built-ins implemented by frozen Python modules (guest/frozen), imported on first use so a
// run that does not use them pays nothing: open -> _hlc_io.open, http_get/http_post -> http.
static mp_obj_t delegate(qstr module, qstr attr, size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    mp_obj_t mod = mp_import_name(module, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    mp_obj_t fun = mp_load_attr(mod, attr);
    size_t n_kw = kwargs ? kwargs->used : 0;
    mp_obj_t *all = m_new(mp_obj_t, n_args + 2 * n_kw);
    memcpy(all, args, n_args * sizeof(mp_obj_t));
    size_t at = n_args;
    for (size_t i = 0; n_kw && i < kwargs->alloc; i++) {
        if (mp_map_slot_is_filled(kwargs, i)) {
            all[at++] = kwargs->table[i].key;
            all[at++] = kwargs->table[i].value;
        }
    }
    return mp_call_function_n_kw(fun, n_args, n_kw, all);
}

static mp_obj_t hlc_open(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    return delegate(MP_QSTR__hlc_io, MP_QSTR_open, n_args, args, kwargs);
}
MP_DEFINE_CONST_FUN_OBJ_KW(mp_builtin_open_obj, 1, hlc_open);

static mp_obj_t hlc_http_get(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    return delegate(MP_QSTR_http, MP_QSTR_http_get, n_args, args, kwargs);
}
MP_DEFINE_CONST_FUN_OBJ_KW(hlc_http_get_obj, 1, hlc_http_get);

static mp_obj_t hlc_http_post(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    return delegate(MP_QSTR_http, MP_QSTR_http_post, n_args, args, kwargs);
}
MP_DEFINE_CONST_FUN_OBJ_KW(hlc_http_post_obj, 1, hlc_http_post);

// Called by hlc_run when the code block ends, however it ends: files the code left open are
// flushed and closed, as CPython does at exit. Only when _hlc_io was imported.
void hlc_close_files(void) {
    mp_map_elem_t *elem = mp_map_lookup(&MP_STATE_VM(mp_loaded_modules_dict).map,
        MP_OBJ_NEW_QSTR(MP_QSTR__hlc_io), MP_MAP_LOOKUP);
    if (elem) {
        mp_call_function_0(mp_load_attr(elem->value, MP_QSTR__close_all));
    }
}
