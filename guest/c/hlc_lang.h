// c/hlc_lang.c: type.__mro__, int and float attributes (patches.rs CORE2).
#ifndef HLC_LANG_H
#define HLC_LANG_H

#include "py/obj.h"

mp_obj_t hlc_type_mro(mp_obj_t type);
mp_obj_t hlc_fun_doc(mp_obj_t fun);
void hlc_int_attr(mp_obj_t self, qstr attr, mp_obj_t *dest);
void hlc_float_attr(mp_obj_t self, qstr attr, mp_obj_t *dest);
mp_obj_t hlc_dict_update_iter(mp_obj_t item, size_t index);
MP_NORETURN void hlc_dict_update_length_error(mp_obj_t iter, size_t index, mp_obj_t key, mp_obj_t value, mp_obj_t stop);

#endif
