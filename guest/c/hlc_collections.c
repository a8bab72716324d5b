// _hlc_collections.count_elements: Counter's counting loop in C (issue 14), as CPython's
// _collections._count_elements.
//
// count_elements(counter, iterable) does `counter[k] = counter.get(k, 0) + 1` for each k of
// iterable on the dict underneath counter (guest/frozen/collections calls it only for a plain
// Counter, whose get and __setitem__ are dict's): the same keys, counts and insertion order,
// the same errors for an unhashable element, one map lookup per element instead of two method
// calls.
#include "py/runtime.h"
#include "py/objtype.h"
#include "py/smallint.h"

#include "hlc_compat.h"

static mp_obj_t count_elements(mp_obj_t counter, mp_obj_t iterable) {
    mp_obj_t dict = mp_obj_cast_to_native_base(counter, MP_OBJ_FROM_PTR(&mp_type_dict));
    if (dict == MP_OBJ_NULL || !mp_obj_is_type(dict, &mp_type_dict)) {
        mp_raise_TypeError(MP_ERROR_TEXT("count_elements needs a dict"));
    }
    mp_map_t *map = mp_obj_dict_get_map(dict);
    mp_obj_iter_buf_t iter_buf;
    mp_obj_t iter = mp_getiter(iterable, &iter_buf);
    mp_obj_t key;
    while ((key = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        mp_map_elem_t *elem = mp_map_lookup(map, key, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND);
        mp_obj_t v = elem->value;
        if (v == MP_OBJ_NULL) {
            elem->value = MP_OBJ_NEW_SMALL_INT(1);
        } else if (mp_obj_is_small_int(v) && MP_OBJ_SMALL_INT_VALUE(v) < MP_SMALL_INT_MAX) {
            elem->value = MP_OBJ_NEW_SMALL_INT(MP_OBJ_SMALL_INT_VALUE(v) + 1);
        } else {
            mp_obj_t sum = mp_binary_op(MP_BINARY_OP_ADD, v, MP_OBJ_NEW_SMALL_INT(1));
            // the addition may have run Python code that changed the map: look the key up again
            mp_map_lookup(map, key, MP_MAP_LOOKUP_ADD_IF_NOT_FOUND)->value = sum;
        }
    }
    return mp_const_none;
}
static MP_DEFINE_CONST_FUN_OBJ_2(count_elements_obj, count_elements);

static const mp_rom_map_elem_t hlc_collections_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__hlc_collections) },
    { MP_ROM_QSTR(MP_QSTR_count_elements), MP_ROM_PTR(&count_elements_obj) },
};
static MP_DEFINE_CONST_DICT(hlc_collections_globals, hlc_collections_globals_table);

const mp_obj_module_t hlc_collections_module = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&hlc_collections_globals,
};
MP_REGISTER_MODULE(MP_QSTR__hlc_collections, hlc_collections_module);
