// Exception chaining as CPython: `raise X from Y` sets X.__cause__ (and __suppress_context__),
// raising while an exception is being handled sets __context__, and an uncaught exception's
// traceback prints the chain first ("The above exception was the direct cause of the following
// exception:" / "During handling of the above exception, another exception occurred:").
// The three fields live at the end of mp_obj_exception_t (0015-exception-repr-chaining.patch adds them; MP_OBJ_NULL
// reads as None / False).
#include <string.h>

#include "py/runtime.h"
#include "py/objexcept.h"
#include "py/objtype.h"
#include "py/builtin.h"

#include "hlc_exc.h"

static mp_obj_exception_t *native_exc(mp_obj_t o) {
    if (mp_obj_is_native_exception_instance(o)) {
        return MP_OBJ_TO_PTR(o);
    }
    return MP_OBJ_TO_PTR(((mp_obj_instance_t *)MP_OBJ_TO_PTR(o))->subobj[0]);
}

// The constant GeneratorExit object lives in ROM and is never chained.
static bool chainable(mp_obj_t o) {
    return mp_obj_is_exception_instance(o) && native_exc(o) != &mp_const_GeneratorExit_obj;
}

static mp_obj_t or_none(mp_obj_t o) {
    return o == MP_OBJ_NULL ? mp_const_none : o;
}

// Sets exc.__context__ = ctx, cutting a cycle as CPython's _PyErr_SetObject does.
static void set_context(mp_obj_t exc, mp_obj_t ctx) {
    if (ctx == exc) {
        return;
    }
    mp_obj_t o = ctx;
    for (int depth = 0; o != MP_OBJ_NULL && depth < 100; depth++) {
        mp_obj_exception_t *n = native_exc(o);
        if (n->hlc_context == exc) {
            n->hlc_context = MP_OBJ_NULL;
            break;
        }
        o = n->hlc_context;
    }
    native_exc(exc)->hlc_context = ctx;
}

void hlc_exc_raise_from(mp_obj_t exc, mp_obj_t cause) {
    if (cause != mp_const_none) {
        if (mp_obj_is_type(cause, &mp_type_type) && mp_obj_is_subclass_fast(cause, MP_OBJ_FROM_PTR(&mp_type_BaseException))) {
            cause = mp_call_function_0(cause);
        }
        if (!mp_obj_is_exception_instance(cause)) {
            mp_raise_TypeError(MP_ERROR_TEXT("exception causes must derive from BaseException"));
        }
    }
    if (chainable(exc)) {
        mp_obj_exception_t *e = native_exc(exc);
        e->hlc_cause = cause;
        e->hlc_suppress = true;
    }
}

void hlc_exc_set_context(mp_obj_t exc, const mp_exc_stack_t *top, const mp_exc_stack_t *bottom) {
    if (!chainable(exc) || native_exc(exc)->hlc_context != MP_OBJ_NULL) {
        return;
    }
    for (const mp_exc_stack_t *e = top; e >= bottom; --e) {
        if (e->prev_exc != NULL) {
            mp_obj_t ctx = MP_OBJ_FROM_PTR(e->prev_exc);
            if (chainable(ctx)) {
                set_context(exc, ctx);
            }
            return;
        }
    }
}

static bool import_error_attr(mp_obj_t self, qstr attr, mp_obj_t *dest);

bool hlc_exc_attr(mp_obj_t self, qstr attr, mp_obj_t *dest) {
    if (attr != MP_QSTR___cause__ && attr != MP_QSTR___context__ && attr != MP_QSTR___suppress_context__) {
        return import_error_attr(self, attr, dest);
    }
    mp_obj_exception_t *e = native_exc(self);
    if (dest[0] == MP_OBJ_NULL) {
        if (attr == MP_QSTR___cause__) {
            dest[0] = or_none(e->hlc_cause);
        } else if (attr == MP_QSTR___context__) {
            dest[0] = or_none(e->hlc_context);
        } else {
            dest[0] = mp_obj_new_bool(e->hlc_suppress);
        }
        return true;
    }
    if (dest[1] == MP_OBJ_NULL || !chainable(self)) {
        return true; // deleting: not allowed, as in CPython (dest[0] stays set: AttributeError)
    }
    mp_obj_t v = dest[1];
    if (attr == MP_QSTR___suppress_context__) {
        e->hlc_suppress = mp_obj_is_true(v);
    } else {
        if (v != mp_const_none && !mp_obj_is_exception_instance(v)) {
            mp_raise_TypeError(attr == MP_QSTR___cause__
                ? MP_ERROR_TEXT("exception cause must be None or derive from BaseException")
                : MP_ERROR_TEXT("exception context must be None or derive from BaseException"));
        }
        v = v == mp_const_none ? MP_OBJ_NULL : v;
        if (attr == MP_QSTR___cause__) {
            e->hlc_cause = v;
            e->hlc_suppress = true;
        } else {
            e->hlc_context = v;
        }
    }
    dest[0] = MP_OBJ_NULL; // success
    return true;
}

static mp_obj_t load(mp_obj_t exc, qstr attr) {
    mp_obj_t dest[2];
    mp_load_method_maybe(exc, attr, dest);
    return dest[0] == MP_OBJ_NULL ? mp_const_none : dest[0];
}

void hlc_print_traceback(const mp_print_t *print, mp_obj_t exc); // hlc_port.c


// "Did you mean: 'total'?" for an uncaught NameError or AttributeError, as CPython 3.11's
// traceback prints it:
// the closest name (Python/suggestions.c's Levenshtein distance: case changes cost 1, other
// edits 2, at most a third of the characters) among the main module's globals, then the
// builtins. (A function's locals are gone by the time the traceback is printed.)
#define MOVE_COST 2
#define CASE_COST 1
#define MAX_STRING_SIZE 40

static size_t substitution_cost(char a, char b) {
    if ((a & 31) != (b & 31)) {
        return MOVE_COST;
    }
    if (a == b) {
        return 0;
    }
    if ('A' <= a && a <= 'Z') {
        a += 'a' - 'A';
    }
    if ('A' <= b && b <= 'Z') {
        b += 'a' - 'A';
    }
    return a == b ? CASE_COST : MOVE_COST;
}

static size_t levenshtein(const char *a, size_t a_size, const char *b, size_t b_size, size_t max_cost) {
    size_t buffer[MAX_STRING_SIZE];
    while (a_size && b_size && a[0] == b[0]) {
        a++;
        a_size--;
        b++;
        b_size--;
    }
    while (a_size && b_size && a[a_size - 1] == b[b_size - 1]) {
        a_size--;
        b_size--;
    }
    if (a_size == 0 || b_size == 0) {
        return (a_size + b_size) * MOVE_COST;
    }
    if (a_size > MAX_STRING_SIZE || b_size > MAX_STRING_SIZE) {
        return max_cost + 1;
    }
    if (b_size < a_size) {
        const char *t = a;
        a = b;
        b = t;
        size_t ts = a_size;
        a_size = b_size;
        b_size = ts;
    }
    if ((b_size - a_size) * MOVE_COST > max_cost) {
        return max_cost + 1;
    }
    size_t tmp = MOVE_COST;
    for (size_t i = 0; i < a_size; i++) {
        buffer[i] = tmp;
        tmp += MOVE_COST;
    }
    size_t result = 0;
    for (size_t bi = 0; bi < b_size; bi++) {
        char code = b[bi];
        size_t distance = result = bi * MOVE_COST;
        size_t minimum = (size_t)-1;
        for (size_t i = 0; i < a_size; i++) {
            size_t substitute = distance + substitution_cost(code, a[i]);
            distance = buffer[i];
            size_t insert_delete = (result < distance ? result : distance) + MOVE_COST;
            result = insert_delete < substitute ? insert_delete : substitute;
            buffer[i] = result;
            if (result < minimum) {
                minimum = result;
            }
        }
        if (minimum > max_cost) {
            return max_cost + 1;
        }
    }
    return result;
}

static void consider(mp_obj_t key, const char *name, size_t name_len, const char **best, size_t *best_len, size_t *best_dist) {
    if (!mp_obj_is_str(key)) {
        return;
    }
    size_t len;
    const char *item = mp_obj_str_get_data(key, &len);
    if (len == name_len && memcmp(item, name, len) == 0) {
        return;
    }
    size_t max_dist = (name_len + len + 3) * MOVE_COST / 6;
    if (*best != NULL && *best_dist - 1 < max_dist) {
        max_dist = *best_dist - 1;
    }
    size_t d = levenshtein(name, name_len, item, len, max_dist);
    if (d > max_dist) {
        return;
    }
    if (*best == NULL || d < *best_dist) {
        *best = item;
        *best_len = len;
        *best_dist = d;
    }
}

static void suggest_in(const mp_map_t *map, const char *name, size_t name_len, const char **best, size_t *best_len, size_t *best_dist) {
    if (map->used >= 750) {
        return;
    }
    for (size_t i = 0; i < map->alloc; i++) {
        if (mp_map_slot_is_filled(map, i)) {
            consider(map->table[i].key, name, name_len, best, best_len, best_dist);
        }
    }
}

// The object and name of the last failed attribute lookup (mp_load_method, 0015-exception-repr-chaining.patch): an
// AttributeError's suggestion comes from dir() of that object, as CPython's comes from the
// exception's obj and name.
MP_REGISTER_ROOT_POINTER(mp_obj_t hlc_attr_error_obj);
MP_REGISTER_ROOT_POINTER(mp_obj_t hlc_attr_error_name);

void hlc_note_attr_error(mp_obj_t obj, qstr attr) {
    MP_STATE_VM(hlc_attr_error_obj) = obj;
    MP_STATE_VM(hlc_attr_error_name) = MP_OBJ_NEW_QSTR(attr);
}

// The quoted name after `after` in msg ("name 'x' is not ...", "has no attribute 'x'").
static bool quoted_name(const char *msg, size_t msg_len, const char *after, const char **name, size_t *name_len) {
    size_t n = strlen(after);
    for (const char *p = msg; p + n <= msg + msg_len; p++) {
        if (memcmp(p, after, n) == 0) {
            const char *start = p + n;
            const char *end = memchr(start, '\'', msg + msg_len - start);
            if (end == NULL) {
                return false;
            }
            *name = start;
            *name_len = end - start;
            return true;
        }
    }
    return false;
}

// ImportError's name, path and msg, as CPython sets them on the interpreter's own import
// errors: name is the module that was not found ("No module named 'x'") or that lacked the
// name ("cannot import name 'y' from 'x'"), else None; path is None (modules here have no
// file); msg is the message of a one-argument ImportError. Reading only: the exception
// object has no room to store them.
static bool import_error_attr(mp_obj_t self, qstr attr, mp_obj_t *dest) {
    if ((attr != MP_QSTR_name && attr != MP_QSTR_path && attr != MP_QSTR_msg) || dest[0] != MP_OBJ_NULL) {
        return false;
    }
    if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(self)), MP_OBJ_FROM_PTR(&mp_type_ImportError))) {
        return false;
    }
    mp_obj_exception_t *e = native_exc(self);
    mp_obj_t arg = e->args->len == 1 ? e->args->items[0] : mp_const_none;
    dest[0] = mp_const_none;
    if (attr == MP_QSTR_msg) {
        dest[0] = arg;
    } else if (attr == MP_QSTR_name && mp_obj_is_str(arg)) {
        size_t len;
        const char *msg = mp_obj_str_get_data(arg, &len);
        const char *name;
        size_t name_len;
        static const char no_module[] = "No module named '";
        static const char cannot[] = "cannot import name '";
        if (len > sizeof(no_module) && memcmp(msg, no_module, sizeof(no_module) - 1) == 0 && msg[len - 1] == '\'') {
            dest[0] = mp_obj_new_str(msg + sizeof(no_module) - 1, len - sizeof(no_module));
        } else if (len > sizeof(cannot) && memcmp(msg, cannot, sizeof(cannot) - 1) == 0
                   && quoted_name(msg, len, "' from '", &name, &name_len)) {
            dest[0] = mp_obj_new_str(name, name_len);
        }
    }
    return true;
}

// from m import x, when m has no x: CPython's ImportError (the module has no file here, as
// CPython's built-in modules: "unknown location").
void hlc_raise_import_from(mp_obj_t module, qstr name) {
    mp_obj_t dest[2];
    mp_load_method_maybe(module, MP_QSTR___name__, dest);
    if (dest[0] != MP_OBJ_NULL && mp_obj_is_str(dest[0])) {
        mp_raise_msg_varg(&mp_type_ImportError, MP_ERROR_TEXT("cannot import name '%q' from '%s' (unknown location)"),
            name, mp_obj_str_get_str(dest[0]));
    }
    mp_raise_msg_varg(&mp_type_ImportError, MP_ERROR_TEXT("cannot import name '%q' (unknown location)"), name);
}

void hlc_exc_print_suggestion(const mp_print_t *print, mp_obj_t exc, const char *msg, size_t msg_len) {
    const char *name;
    size_t name_len;
    const char *best = NULL;
    size_t best_len = 0, best_dist = 0;
    mp_obj_t type = MP_OBJ_FROM_PTR(mp_obj_get_type(exc));
    if (mp_obj_is_subclass_fast(type, MP_OBJ_FROM_PTR(&mp_type_NameError))) {
        if (!quoted_name(msg, msg_len, "name '", &name, &name_len)) {
            return;
        }
        suggest_in(&MP_STATE_VM(dict_main).map, name, name_len, &best, &best_len, &best_dist);
        if (best == NULL) {
            suggest_in(&mp_module_builtins.globals->map, name, name_len, &best, &best_len, &best_dist);
        }
    } else if (mp_obj_is_subclass_fast(type, MP_OBJ_FROM_PTR(&mp_type_AttributeError))) {
        mp_obj_t obj = MP_STATE_VM(hlc_attr_error_obj);
        if (obj == MP_OBJ_NULL || !quoted_name(msg, msg_len, "has no attribute '", &name, &name_len)) {
            return;
        }
        // only when the message is about the lookup that was noted
        size_t noted_len;
        const char *noted = qstr_data(MP_OBJ_QSTR_VALUE(MP_STATE_VM(hlc_attr_error_name)), &noted_len);
        if (noted_len != name_len || memcmp(noted, name, name_len) != 0) {
            return;
        }
        nlr_buf_t nlr;
        if (nlr_push(&nlr) == 0) {
            mp_obj_t names = mp_call_function_1(MP_OBJ_FROM_PTR(&mp_builtin_dir_obj), obj);
            size_t n;
            mp_obj_t *items;
            mp_obj_get_array(names, &n, &items);
            if (n < 750) {
                for (size_t i = 0; i < n; i++) {
                    consider(items[i], name, name_len, &best, &best_len, &best_dist);
                }
            }
            nlr_pop();
        } else {
            return; // dir() failed: no suggestion
        }
    } else {
        return;
    }
    if (best != NULL) {
        mp_printf(print, ". Did you mean: '%.*s'?", (int)best_len, best);
    }
}

static void format_one(const mp_print_t *print, mp_obj_t exc, int depth) {
    if (depth < 32) {
        mp_obj_t cause = load(exc, MP_QSTR___cause__);
        mp_obj_t context = load(exc, MP_QSTR___context__);
        if (cause != mp_const_none && mp_obj_is_exception_instance(cause)) {
            format_one(print, cause, depth + 1);
            mp_print_str(print, "\nThe above exception was the direct cause of the following exception:\n\n");
        } else if (context != mp_const_none && mp_obj_is_exception_instance(context)
                   && !mp_obj_is_true(load(exc, MP_QSTR___suppress_context__))) {
            format_one(print, context, depth + 1);
            mp_print_str(print, "\nDuring handling of the above exception, another exception occurred:\n\n");
        }
    }
    hlc_print_traceback(print, exc);
    vstr_t msg;
    mp_print_t msgp;
    vstr_init_print(&msg, 32, &msgp);
    mp_obj_print_helper(&msgp, exc, PRINT_STR);
    mp_print_str(print, qstr_str(mp_obj_get_type(exc)->name));
    if (msg.len > 0) {
        mp_print_str(print, ": ");
        mp_print_strn(print, msg.buf, msg.len, 0, ' ', 0);
        hlc_exc_print_suggestion(print, exc, msg.buf, msg.len);
    }
    mp_print_str(print, "\n");
    vstr_clear(&msg);
}

void hlc_format_exception(const mp_print_t *print, mp_obj_t exc, bool chain) {
    format_one(print, exc, chain ? 0 : 32);
}
