// c/hlc_slots.c: the dunder methods of built-in types (patch 0050).
#ifndef HLC_SLOTS_H
#define HLC_SLOTS_H

#include "py/obj.h"

// Sets dest as mp_load_method_maybe does when obj's `attr` is a dunder method CPython's built-in
// type (or obj's built-in base) has; leaves it unset otherwise.
void hlc_slot_attr(mp_obj_t obj, qstr attr, mp_obj_t *dest);

// self[index] on the native part of self (an instance of a class derived from a built-in type):
// for a dict, a missing key calls self.__missing__(index) when the class has one.
mp_obj_t hlc_native_getitem(mp_obj_t self, mp_obj_t index);

// The native part of obj when obj is an instance of a class derived from `type` (a built-in
// type), else MP_OBJ_NULL: what an unbound built-in method of `type` acts on.
mp_obj_t hlc_native_self(const mp_obj_type_t *type, mp_obj_t obj);

#endif
