// int/float comparisons exact, as CPython's float_richcompare: `10**25 == 1e25` is False and
// `2**53 + 1 > float(2**53)` True. MicroPython converts the int to a float first, which rounds
// (any int past 2**53 can compare equal to a float it is not equal to).
#include <math.h>

#include "py/runtime.h"

#include "hlc_types.h"

static bool is_comparison(mp_binary_op_t op) {
    return op == MP_BINARY_OP_LESS || op == MP_BINARY_OP_MORE || op == MP_BINARY_OP_EQUAL
           || op == MP_BINARY_OP_LESS_EQUAL || op == MP_BINARY_OP_MORE_EQUAL || op == MP_BINARY_OP_NOT_EQUAL;
}

static bool is_int(mp_obj_t o) {
    return mp_obj_is_int(o) && !mp_obj_is_bool(o);
}

// The sign of (i - f) for a finite or infinite non-NaN f.
static int compare_int_float(mp_obj_t i, mp_float_t f) {
    if (isinf(f)) {
        return f > 0 ? -1 : 1;
    }
    mp_float_t fl = MICROPY_FLOAT_C_FUN(floor)(f);
    mp_obj_t whole = mp_obj_new_int_from_float(fl);
    if (mp_obj_is_true(mp_binary_op(MP_BINARY_OP_LESS, i, whole))) {
        return -1;
    }
    if (!mp_obj_equal(i, whole)) {
        return 1;
    }
    return fl == f ? 0 : -1; // i == floor(f) < f when f has a fraction
}

static mp_obj_t verdict(mp_binary_op_t op, int c, bool unordered) {
    if (unordered) {
        return mp_obj_new_bool(op == MP_BINARY_OP_NOT_EQUAL);
    }
    switch (op) {
        case MP_BINARY_OP_LESS:
            return mp_obj_new_bool(c < 0);
        case MP_BINARY_OP_MORE:
            return mp_obj_new_bool(c > 0);
        case MP_BINARY_OP_EQUAL:
            return mp_obj_new_bool(c == 0);
        case MP_BINARY_OP_LESS_EQUAL:
            return mp_obj_new_bool(c <= 0);
        case MP_BINARY_OP_MORE_EQUAL:
            return mp_obj_new_bool(c >= 0);
        default:
            return mp_obj_new_bool(c != 0);
    }
}

mp_obj_t hlc_float_int_compare(mp_binary_op_t op, mp_obj_t lhs, mp_obj_t rhs) {
    if (!is_comparison(op) || !is_int(rhs)) {
        return MP_OBJ_NULL;
    }
    mp_float_t f = mp_obj_float_get(lhs);
    if (isnan(f)) {
        return verdict(op, 0, true);
    }
    return verdict(op, -compare_int_float(rhs, f), false);
}

mp_obj_t hlc_int_float_binary_op(mp_binary_op_t op, mp_obj_t lhs, mp_float_t approx, mp_obj_t rhs) {
    if (is_comparison(op) && mp_obj_is_float(rhs)) {
        mp_float_t f = mp_obj_float_get(rhs);
        if (isnan(f)) {
            return verdict(op, 0, true);
        }
        return verdict(op, compare_int_float(lhs, f), false);
    }
    return mp_obj_float_binary_op(op, approx, rhs);
}
