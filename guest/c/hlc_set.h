// CPython's set order and hash values (c/hlc_set.c), for the patched py/ sources (0013-sets-cpython-order.patch, 0014-hash-cpython.patch).
#ifndef HLC_SET_H
#define HLC_SET_H

#include "py/obj.h"
#include "py/mpz.h"

mp_int_t hlc_int_hash(mp_int_t v);
mp_int_t hlc_mpz_hash(const mpz_t *z);
mp_uint_t hlc_hash(mp_obj_t o);
mp_obj_t hlc_tuple_hash(mp_obj_t o);
mp_obj_t hlc_builtin_hash(mp_obj_t o);

void hlc_set_merge(mp_set_t *s, const mp_set_t *other);
void hlc_set_update(mp_set_t *s, mp_obj_t other);
mp_obj_t hlc_set_copy(mp_obj_t self);
mp_obj_t hlc_set_diff(size_t n_args, const mp_obj_t *args, bool update);
mp_obj_t hlc_set_intersect(mp_obj_t self, mp_obj_t other, bool update);
mp_obj_t hlc_set_symmetric_difference_update(mp_obj_t self, mp_obj_t other);
mp_obj_t hlc_set_symmetric_difference(mp_obj_t self, mp_obj_t other);

// BUILD_SET's argument flag for a display of constants (compile.c, emitbc.c, vm.c patches).
#define HLC_CONST_SET (1 << 24)
mp_obj_t hlc_new_const_set(size_t n, const mp_obj_t *items);

#endif
