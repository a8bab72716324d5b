// c/hlc_lang.c: type.__mro__, class-level hooks, int and float attributes (guest/micropython/patches).
#ifndef HLC_LANG_H
#define HLC_LANG_H

#include "py/obj.h"

mp_obj_t hlc_type_mro(mp_obj_t type);
// type's class-level hooks (py/objtype.c's type slots and type_print).
bool hlc_type_hook(mp_obj_t self_in, qstr hook, size_t n, const mp_obj_t *args, mp_obj_t *ret);
mp_obj_t hlc_type_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value);
mp_obj_t hlc_type_getiter(mp_obj_t self_in, mp_obj_iter_buf_t *iter_buf);
mp_obj_t hlc_type_unary_op(mp_unary_op_t op, mp_obj_t self_in);
mp_obj_t hlc_type_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs);
mp_obj_t hlc_fun_doc(mp_obj_t fun);
// Built-in function types' print and attr slots (py/objfun.c): <built-in function len>, __name__.
void hlc_builtin_fun_print(const mp_print_t *print, mp_obj_t self, mp_print_kind_t kind);
void hlc_builtin_fun_attr(mp_obj_t self, qstr attr, mp_obj_t *dest);
void hlc_int_attr(mp_obj_t self, qstr attr, mp_obj_t *dest);
void hlc_float_attr(mp_obj_t self, qstr attr, mp_obj_t *dest);
mp_obj_t hlc_dict_update_iter(mp_obj_t item, size_t index);
MP_NORETURN void hlc_dict_update_length_error(mp_obj_t iter, size_t index, mp_obj_t key, mp_obj_t value, mp_obj_t stop);

// obj.__dict__: the instance's attributes move into a dict object the first time it is asked
// for; the instance's own map then only points at it (is_fixed, alloc 0, table = the dict).
struct _mp_obj_instance_t;
mp_obj_t hlc_instance_dict(struct _mp_obj_instance_t *self);
void hlc_instance_set_dict(struct _mp_obj_instance_t *self, mp_obj_t dict);
static inline mp_map_t *hlc_members(mp_map_t *m) {
    return (m->is_fixed && m->alloc == 0 && m->table != NULL) ? &((mp_obj_dict_t *)(void *)m->table)->map : m;
}

#endif
