// call_tool(name, **kwargs): the guest's way to reach host tools, and _hlc.system(op, **kwargs),
// its file, network and clock access. Arguments are walked here and encoded by the Rust
// runtime's codec over the protocol crate (hlc_codec.h), sent through hlc_host_call, and the
// reply read back the same way: this file never spells the wire format.
#include <string.h>

#include "py/objexcept.h"
#include "py/objint.h"
#include "py/smallint.h"
#include "py/parsenum.h"
#include "py/runtime.h"

#include "hlc_codec.h"
#include "hlc_exc.h"
#include "hlc_port.h"
#include "hlc_tools.h"

MP_DEFINE_EXCEPTION(ToolError, Exception)

static void vstr_print_strn(void *data, const char *str, size_t len) {
    vstr_add_strn((vstr_t *)data, str, len);
}

// Set while encoding a System request: file data and HTTP bodies travel as bytes.
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

static void encode_key(mp_obj_t k) {
    if (!mp_obj_is_str(k)) {
        mp_raise_msg_varg(&mp_type_TypeError,
            MP_ERROR_TEXT("call_tool: dict keys must be str, not %s: %s"), mp_obj_get_type_str(k), short_repr(k));
    }
    size_t len;
    const char *s = mp_obj_str_get_data(k, &len);
    hlc_enc_key(s, len);
}

static void encode(mp_obj_t o, int depth) {
    if (depth > HLC_MAX_VALUE_DEPTH) {
        mp_raise_msg(&mp_type_ValueError, MP_ERROR_TEXT("call_tool: argument nested too deeply"));
    }
    if (o == mp_const_none) {
        hlc_enc_none();
    } else if (mp_obj_is_bool(o)) {
        hlc_enc_bool(o == mp_const_true);
    } else if (mp_obj_is_small_int(o)) {
        hlc_enc_int(MP_OBJ_SMALL_INT_VALUE(o));
    } else if (mp_obj_is_int(o)) {
        // Outside the small-int range: its decimal text (an int64 when it fits, else a big int).
        vstr_t digits;
        vstr_init(&digits, 24);
        mp_print_t p = {&digits, vstr_print_strn};
        mp_obj_print_helper(&p, o, PRINT_STR);
        hlc_enc_int_digits(digits.buf, digits.len);
        vstr_clear(&digits);
    } else if (mp_obj_is_float(o)) {
        hlc_enc_float(mp_obj_float_get(o));
    } else if (mp_obj_is_str(o)) {
        size_t len;
        const char *s = mp_obj_str_get_data(o, &len);
        hlc_enc_str(s, len);
    } else if (mp_obj_is_type(o, &mp_type_list) || mp_obj_is_type(o, &mp_type_tuple)) {
        size_t n;
        mp_obj_t *items;
        mp_obj_get_array(o, &n, &items);
        hlc_enc_list(n);
        for (size_t i = 0; i < n; i++) encode(items[i], depth + 1);
    } else if (mp_obj_is_dict_or_ordereddict(o)) {
        mp_map_t *map = mp_obj_dict_get_map(o);
        hlc_enc_dict(map->used);
        for (size_t i = 0; i < map->alloc; i++) {
            if (mp_map_slot_is_filled(map, i)) {
                encode_key(map->table[i].key);
                encode(map->table[i].value, depth + 1);
            }
        }
    } else if (encode_bytes_ok && (mp_obj_is_type(o, &mp_type_bytes) || mp_obj_is_type(o, &mp_type_bytearray))) {
        mp_buffer_info_t buf;
        mp_get_buffer_raise(o, &buf, MP_BUFFER_READ);
        hlc_enc_bytes(buf.buf, buf.len);
    } else {
        mp_raise_msg_varg(&mp_type_TypeError,
            MP_ERROR_TEXT("call_tool: %s is not a JSON-like value (None, bool, int, float, str, list, dict): %s"),
            mp_obj_get_type_str(o), short_repr(o));
    }
}

// The keyword arguments of a call whose head was written, in call order.
static void encode_args(mp_map_t *kwargs) {
    for (size_t i = 0; i < kwargs->alloc; i++) {
        if (mp_map_slot_is_filled(kwargs, i)) {
            encode_key(kwargs->table[i].key);
            encode(kwargs->table[i].value, 1);
        }
    }
}

static MP_NORETURN void bad_reply(void) {
    mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("call_tool: malformed reply from the host"));
}

static mp_obj_t decode(hlc_dec *d, int depth) {
    if (depth > HLC_MAX_VALUE_DEPTH) bad_reply();
    hlc_item it;
    switch (hlc_dec_value(d, &it)) {
        case HLC_VALUE_NONE:
            return mp_const_none;
        case HLC_VALUE_BOOL:
            return mp_obj_new_bool(it.i);
        case HLC_VALUE_INT:
            return MP_SMALL_INT_FITS(it.i) ? MP_OBJ_NEW_SMALL_INT(it.i) : mp_obj_new_int_from_ll(it.i);
        case HLC_VALUE_BIGINT:
            return mp_parse_num_integer(it.s, it.len, 10, NULL);
        case HLC_VALUE_FLOAT:
            return mp_obj_new_float(it.f);
        case HLC_VALUE_STR:
            return mp_obj_new_str(it.s, it.len);
        case HLC_VALUE_BYTES:
            return mp_obj_new_bytes((const byte *)it.s, it.len);
        case HLC_VALUE_LIST: {
            mp_obj_t list = mp_obj_new_list(0, NULL);
            for (size_t i = 0; i < it.len; i++) mp_obj_list_append(list, decode(d, depth + 1));
            return list;
        }
        case HLC_VALUE_DICT: {
            mp_obj_t dict = mp_obj_new_dict(it.len);
            for (size_t i = 0; i < it.len; i++) {
                const char *k;
                size_t klen;
                if (hlc_dec_key(d, &k, &klen) < 0) bad_reply();
                mp_obj_t key = mp_obj_new_str(k, klen);
                mp_obj_dict_store(dict, key, decode(d, depth + 1));
            }
            return dict;
        }
        default:
            bad_reply();
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

// The guest types of the protocol crate's BuiltinException table (the exceptions on the wire),
// by id: a name the table gains without a type here fails the build.
#define HLC_EXCEPTION_TYPE(id, name) [id] = &mp_type_##name,
static const mp_obj_type_t *const raisable[HLC_BUILTIN_EXCEPTION_COUNT] = {
    HLC_BUILTIN_EXCEPTIONS(HLC_EXCEPTION_TYPE)
};

static const mp_obj_type_t *exception_type(int64_t id) {
    if (id < 0 || id >= HLC_BUILTIN_EXCEPTION_COUNT) bad_reply();
    return raisable[id];
}

// A tool's exception (its type, then its args list): raised as that type with those args,
// with a traceback frame `File "<tool>", line 1, in <name>` so the traceback names the tool,
// as CPython's would name the tool function's frame.
static MP_NORETURN void raise_tool_exception(hlc_dec *d, int64_t type_id, const char *tool, size_t tool_len) {
    const mp_obj_type_t *type = exception_type(type_id);
    mp_obj_t args = decode(d, 0);
    if (d->len != 0 || !mp_obj_is_type(args, &mp_type_list)) bad_reply();
    size_t n;
    mp_obj_t *items;
    mp_obj_list_get(args, &n, &items);
    mp_obj_t exc = mp_obj_new_exception_args(type, n, items);
    mp_obj_exception_add_traceback(exc, qstr_from_str("<tool>"), 1, qstr_from_strn(tool, tool_len));
    nlr_raise(exc);
}

mp_obj_t hlc_reply_value(hlc_dec *d, const mp_obj_type_t *err_type, const char *name, size_t name_len) {
    hlc_item it;
    switch (hlc_dec_reply(d, &it)) {
        case HLC_REPLY_OK: {
            mp_obj_t result = decode(d, 0);
            if (d->len != 0) bad_reply();
            return result;
        }
        case HLC_REPLY_ERR:
            mp_raise_type_arg(err_type, mp_obj_new_str(it.s, it.len));
        case HLC_REPLY_RAISE:
            mp_raise_type_arg(exception_type(it.i), mp_obj_new_str(it.s, it.len));
        case HLC_REPLY_EXCEPTION:
            raise_tool_exception(d, it.i, name, name_len);
        default:
            bad_reply();
    }
}

void hlc_host_send(int function, const mp_obj_type_t *failure_type, const char *what, hlc_dec *reply) {
    size_t len;
    const uint8_t *req = hlc_enc_end(&len);
    const uint8_t *bytes;
    size_t reply_len;
    const char *failure = hlc_host_call(function, req, len, &bytes, &reply_len);
    if (failure) {
        mp_raise_msg_varg(failure_type, MP_ERROR_TEXT("%s%s%s"), what, *what ? ": " : "", failure);
    }
    reply->p = bytes;
    reply->len = reply_len;
}

mp_obj_t hlc_tool_request(int op, const char *fn, const char *usage, size_t n_args, const mp_obj_t *args,
    mp_map_t *kwargs) {
    if (n_args != 1 || !mp_obj_is_str(args[0])) {
        mp_raise_msg_varg(&mp_type_TypeError,
            MP_ERROR_TEXT("%s takes the tool name, then keyword arguments: %s"), fn, usage);
    }
    size_t name_len;
    const char *name = mp_obj_str_get_data(args[0], &name_len);
    hlc_enc_begin();
    hlc_enc_call(name, name_len, kwargs->used);
    encode_args(kwargs);
    hlc_dec reply;
    hlc_host_send(op, &mp_type_RuntimeError, fn, &reply);
    return hlc_reply_value(&reply, &mp_type_ToolError, name, name_len);
}

static mp_obj_t call_tool(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    return hlc_tool_request(HLC_HOST_CALL_TOOL, "call_tool", "call_tool(\"name\", arg=value)", n_args, args, kwargs);
}
MP_DEFINE_CONST_FUN_OBJ_KW(hlc_call_tool_obj, 1, call_tool);

// ---- files and network: the System host function ----

// _hlc.system(op, **kwargs): one policy-checked operation on the host (the protocol crate's
// SysOp; see the host's system.rs). Refusals raise the exception class the host names.
static mp_obj_t hlc_system(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    if (n_args != 1 || !mp_obj_is_str(args[0])) {
        mp_raise_TypeError(MP_ERROR_TEXT("system(op, **kwargs)"));
    }
    size_t name_len;
    const char *name = mp_obj_str_get_data(args[0], &name_len);
    hlc_enc_begin();
    if (hlc_enc_sys_call(name, name_len, kwargs->used) < 0) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("unknown system operation '%s'"), mp_obj_str_get_str(args[0]));
    }
    encode_bytes_ok = true;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        encode_args(kwargs);
        nlr_pop();
        encode_bytes_ok = false;
    } else {
        encode_bytes_ok = false;
        nlr_jump(nlr.ret_val);
    }
    hlc_dec reply;
    hlc_host_send(HLC_HOST_SYSTEM, &mp_type_OSError, "", &reply);
    return hlc_reply_value(&reply, &mp_type_OSError, name, name_len);
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
