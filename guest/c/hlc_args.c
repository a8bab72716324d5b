// c/hlc_args.c: CPython's wording for a call whose arguments do not fit the function (py/bc.c,
// patch 0054): "f() takes 2 positional arguments but 3 were given", "f() missing 1 required
// positional argument: 'x'", "f() got an unexpected keyword argument 'c'", naming a method as
// Class.method like CPython's __qualname__.
#include "py/bc.h"
#include "py/objfun.h"
#include "py/objtype.h"
#include "py/runtime.h"
#include "hlc_args.h"

// The class a method is defined in, searching the class of its first argument (or the
// argument itself, a class, for a classmethod) and that class's bases.
static const mp_obj_type_t *defining_class(const mp_obj_type_t *t, mp_obj_t fun, int depth) {
    if (t == NULL || !mp_obj_is_instance_type(t) || depth > 16) {
        return NULL;
    }
    const mp_map_t *locals = &MP_OBJ_TYPE_GET_SLOT(t, locals_dict)->map;
    for (size_t i = 0; i < locals->alloc; i++) {
        if (!mp_map_slot_is_filled(locals, i)) {
            continue;
        }
        mp_obj_t v = locals->table[i].value;
        if (mp_obj_is_type(v, &mp_type_staticmethod) || mp_obj_is_type(v, &mp_type_classmethod)) {
            v = ((mp_obj_static_class_method_t *)MP_OBJ_TO_PTR(v))->fun;
        }
        if (v == fun) {
            return t;
        }
    }
    if (!MP_OBJ_TYPE_HAS_SLOT(t, parent)) {
        return NULL;
    }
    const void *parent = MP_OBJ_TYPE_GET_SLOT(t, parent);
    if (((const mp_obj_base_t *)parent)->type == &mp_type_tuple) {
        const mp_obj_tuple_t *bases = parent;
        for (size_t i = 0; i < bases->len; i++) {
            const mp_obj_type_t *c = defining_class(MP_OBJ_TO_PTR(bases->items[i]), fun, depth + 1);
            if (c != NULL) {
                return c;
            }
        }
        return NULL;
    }
    return defining_class(parent, fun, depth + 1);
}

// "Class.name" or "name": what CPython's messages call the function.
static void add_name(vstr_t *v, mp_obj_fun_bc_t *f, size_t n_args, const mp_obj_t *args) {
    mp_obj_t fun = MP_OBJ_FROM_PTR(f);
    const mp_obj_type_t *c = NULL;
    if (n_args > 0 && mp_obj_is_obj(args[0])) {
        const mp_obj_type_t *t = mp_obj_is_type(args[0], &mp_type_type) ? MP_OBJ_TO_PTR(args[0]) : mp_obj_get_type(args[0]);
        c = defining_class(t, fun, 0);
    }
    if (c != NULL) {
        vstr_printf(v, "%q.", (qstr)c->name);
    }
    vstr_printf(v, "%q()", mp_obj_fun_get_name(fun));
}

static MP_NORETURN void raise_vstr(vstr_t *v) {
    mp_raise_type_arg(&mp_type_TypeError, mp_obj_new_str_from_vstr(v));
}

MP_NORETURN void hlc_args_too_many(mp_obj_fun_bc_t *f, size_t n_args, const mp_obj_t *args, size_t n_pos,
    size_t n_def) {
    vstr_t v;
    vstr_init(&v, 64);
    add_name(&v, f, n_args, args);
    if (n_def != 0) {
        vstr_printf(&v, " takes from %u to %u positional arguments", (unsigned)(n_pos - n_def), (unsigned)n_pos);
    } else {
        vstr_printf(&v, " takes %u positional argument%s", (unsigned)n_pos, n_pos == 1 ? "" : "s");
    }
    vstr_printf(&v, " but %u %s given", (unsigned)n_args, n_args == 1 ? "was" : "were");
    raise_vstr(&v);
}

qstr hlc_posonly_arg_name(qstr name) {
    size_t len;
    const byte *s = qstr_data(name, &len);
    vstr_t v;
    vstr_init(&v, len + 1);
    vstr_add_char(&v, '/');
    vstr_add_strn(&v, (const char *)s, len);
    qstr q = qstr_from_strn(v.buf, v.len);
    vstr_clear(&v);
    return q;
}

// The name a parameter is known by (a positional-only one without its "/").
static qstr plain_name(qstr q) {
    size_t len;
    const byte *s = qstr_data(q, &len);
    return len > 1 && s[0] == '/' ? qstr_from_strn((const char *)s + 1, len - 1) : q;
}

static qstr arg_name_raw(mp_obj_fun_bc_t *f, const byte *ip, size_t j) {
    const byte *names = mp_decode_uint_skip(ip); // the function's own name
    for (size_t i = 0; i < j; i++) {
        names = mp_decode_uint_skip(names);
    }
    qstr q = mp_decode_uint(&names);
    #if MICROPY_EMIT_BYTECODE_USES_QSTR_TABLE
    q = f->context->constants.qstr_table[q];
    #endif
    return q;
}

static qstr arg_name(mp_obj_fun_bc_t *f, const byte *ip, size_t j) {
    return plain_name(arg_name_raw(f, ip, j));
}

MP_NORETURN void hlc_args_missing(mp_obj_fun_bc_t *f, size_t n_args, const mp_obj_t *args, const byte *ip,
    const mp_obj_t *params, size_t first, size_t end, bool kwonly) {
    size_t missing = 0;
    for (size_t j = first; j < end; j++) {
        missing += params[-(mp_int_t)j] == MP_OBJ_NULL;
    }
    vstr_t v;
    vstr_init(&v, 64);
    add_name(&v, f, n_args, args);
    vstr_printf(&v, " missing %u required %s argument%s: ", (unsigned)missing, kwonly ? "keyword-only" : "positional",
        missing == 1 ? "" : "s");
    size_t k = 0;
    for (size_t j = first; j < end; j++) {
        if (params[-(mp_int_t)j] != MP_OBJ_NULL) {
            continue;
        }
        if (k > 0) {
            vstr_add_str(&v, missing == 2 ? " and " : k + 1 == missing ? ", and " : ", ");
        }
        vstr_printf(&v, "'%q'", arg_name(f, ip, j));
        k++;
    }
    raise_vstr(&v);
}

MP_NORETURN void hlc_args_bad_keyword(mp_obj_fun_bc_t *f, size_t n_args, const mp_obj_t *args, mp_obj_t name,
    bool multiple) {
    vstr_t v;
    vstr_init(&v, 64);
    add_name(&v, f, n_args, args);
    if (!multiple) {
        // A positional-only parameter's name: CPython says so.
        const byte *ip = f->bytecode;
        MP_BC_PRELUDE_SIG_DECODE(ip);
        MP_BC_PRELUDE_SIZE_DECODE(ip);
        qstr posonly = hlc_posonly_arg_name(MP_OBJ_QSTR_VALUE(name));
        for (size_t j = 0; j < n_pos_args; j++) {
            if (arg_name_raw(f, ip, j) == posonly) {
                vstr_printf(&v, " got some positional-only arguments passed as keyword arguments: '%q'",
                    MP_OBJ_QSTR_VALUE(name));
                raise_vstr(&v);
            }
        }
    }
    vstr_printf(&v, multiple ? " got multiple values for argument '%q'" : " got an unexpected keyword argument '%q'",
        MP_OBJ_QSTR_VALUE(name));
    raise_vstr(&v);
}
