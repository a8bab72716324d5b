// c/hlc_args.c: CPython's messages for arguments that do not fit a function (py/bc.c).
#ifndef HLC_ARGS_H
#define HLC_ARGS_H

#include "py/objfun.h"

// n_args, args: the call's positional arguments (the first names a method's class).
MP_NORETURN void hlc_args_too_many(mp_obj_fun_bc_t *f, size_t n_args, const mp_obj_t *args, size_t n_pos,
    size_t n_def);
// params[-j] is parameter j's slot; the unset ones in [first, end) are named.
MP_NORETURN void hlc_args_missing(mp_obj_fun_bc_t *f, size_t n_args, const mp_obj_t *args, const byte *ip,
    const mp_obj_t *params, size_t first, size_t end, bool kwonly);
MP_NORETURN void hlc_args_bad_keyword(mp_obj_fun_bc_t *f, size_t n_args, const mp_obj_t *args, mp_obj_t name,
    bool multiple);

// A positional-only parameter's name as the bytecode's argument-name table holds it: "/name",
// which no keyword argument matches (py/emitbc.c, patch 0057).
qstr hlc_posonly_arg_name(qstr name);

#endif
