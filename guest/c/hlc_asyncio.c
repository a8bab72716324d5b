// _hlc_async: the host half of the guest's asyncio (guest/frozen/asyncio.py).
//   start(name, **kwargs) -> call id: starts a tool call on the host without waiting for it
//     (ToolStart); a refused call (limits, policy, unknown tool) raises ToolError here.
//   wait(timeout, names=None) -> [(id, ok, value_or_exception), ...]: blocks on the host
//     (ToolWait) until a started call completes, `timeout` seconds pass (None: no timer) or the
//     run's deadline; an empty list when the timer ran out first. Doubles as the loop's
//     host-side sleep. `names` maps call ids to tool names, for the traceback frame a tool's
//     exception gets (as call_tool's does).
//   cancel(id): the task awaiting call `id` was cancelled: the host cancels the call (ToolCancel).
// And the builtin acall_tool(name, **kwargs), which is asyncio.acall_tool (imported on first use).
#include <string.h>

#include "py/runtime.h"

#include "hlc_tools.h"

static void malformed(void) {
    mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("acall_tool: malformed reply from the host"));
}

static mp_obj_t hlc_async_start(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    mp_obj_t id = hlc_tool_request(HLC_HOST_TOOL_START, "acall_tool", "await acall_tool(\"name\", arg=value)",
        n_args, args, kwargs);
    if (!mp_obj_is_small_int(id)) malformed();
    return id;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(hlc_async_start_obj, 1, hlc_async_start);

// The tool name of call `id` in `names` (a dict id -> name), for its exception's traceback.
static const char *call_name(mp_obj_t names, mp_obj_t id, size_t *len) {
    if (mp_obj_is_type(names, &mp_type_dict)) {
        mp_map_elem_t *e = mp_map_lookup(mp_obj_dict_get_map(names), id, MP_MAP_LOOKUP);
        if (e != NULL && mp_obj_is_str(e->value)) {
            return mp_obj_str_get_data(e->value, len);
        }
    }
    *len = strlen("acall_tool");
    return "acall_tool";
}

static mp_obj_t hlc_async_wait(size_t n_args, const mp_obj_t *args) {
    mp_obj_t timeout_in = args[0];
    mp_obj_t names = n_args > 1 ? args[1] : mp_const_none;
    uint64_t ns = 0;
    if (timeout_in != mp_const_none) {
        mp_float_t t = mp_obj_get_float(timeout_in);
        if (t > 0) {
            // Beyond ~584 years: no timer at all (the run's deadline ends the wait).
            ns = t < (mp_float_t)1.8e10 ? (uint64_t)(t * (mp_float_t)1e9) : UINT64_MAX;
        }
    }
    hlc_enc_wait(timeout_in != mp_const_none, ns);
    hlc_dec reply;
    hlc_host_send(HLC_HOST_TOOL_WAIT, &mp_type_RuntimeError, "asyncio", &reply);
    size_t n;
    if (hlc_dec_wait_count(&reply, &n) < 0) malformed();
    mp_obj_t out = mp_obj_new_list(0, NULL);
    for (size_t i = 0; i < n; i++) {
        uint32_t id;
        hlc_dec entry;
        if (hlc_dec_wait_entry(&reply, &id, &entry) < 0) malformed();
        mp_obj_t item[3];
        item[0] = mp_obj_new_int_from_uint(id);
        size_t name_len;
        const char *name = call_name(names, item[0], &name_len);
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            item[2] = hlc_reply_value(&entry, &mp_type_ToolError, name, name_len);
            nlr_pop();
            item[1] = mp_const_true;
        } else {
            // The exception call_tool would raise: the awaiting task gets it.
            item[1] = mp_const_false;
            item[2] = MP_OBJ_FROM_PTR(nlr.ret_val);
        }
        mp_obj_list_append(out, mp_obj_new_tuple(3, item));
    }
    if (reply.len != 0) malformed();
    return out;
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_async_wait_obj, 1, 2, hlc_async_wait);

// cancel(id): the task awaiting call `id` was cancelled; the host cancels the call.
static mp_obj_t hlc_async_cancel(mp_obj_t id_in) {
    hlc_enc_cancel((uint32_t)mp_obj_get_int(id_in));
    hlc_dec reply;
    hlc_host_send(HLC_HOST_TOOL_CANCEL, &mp_type_RuntimeError, "asyncio", &reply);
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_1(hlc_async_cancel_obj, hlc_async_cancel);

static const mp_rom_map_elem_t hlc_async_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__hlc_async) },
    { MP_ROM_QSTR(MP_QSTR_start), MP_ROM_PTR(&hlc_async_start_obj) },
    { MP_ROM_QSTR(MP_QSTR_wait), MP_ROM_PTR(&hlc_async_wait_obj) },
    { MP_ROM_QSTR(MP_QSTR_cancel), MP_ROM_PTR(&hlc_async_cancel_obj) },
};
static MP_DEFINE_CONST_DICT(hlc_async_globals, hlc_async_globals_table);

const mp_obj_module_t hlc_async_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&hlc_async_globals,
};
MP_REGISTER_MODULE(MP_QSTR__hlc_async, hlc_async_module);

// Builtin acall_tool(name, **kwargs) = asyncio.acall_tool: a coroutine, so nothing starts until
// it is awaited or made a task, as with any coroutine function in CPython.
static mp_obj_t hlc_acall_tool(size_t n_args, const mp_obj_t *args, mp_map_t *kwargs) {
    mp_obj_t mod = mp_import_name(MP_QSTR_asyncio, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    mp_obj_t fun = mp_load_attr(mod, MP_QSTR_acall_tool);
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
MP_DEFINE_CONST_FUN_OBJ_KW(hlc_acall_tool_obj, 0, hlc_acall_tool);
