// math functions CPython has and MicroPython's math module lacks: gcd, lcm, comb, perm, prod,
// isqrt, dist, hypot, fsum, cbrt, exp2, remainder, nextafter, ulp. Integer ones work on big
// ints through the generic binary operations. micropython/patches/0022-math.patch adds them to py/modmath.c's table.
#include <math.h>
#include <stdint.h>

#include "py/runtime.h"
#include "py/builtin.h"

#include "hlc_math.h"

// Not in MicroPython's lib/libm_dbl (the bare-metal libm): portable versions.
static double hlc_nextafter(double x, double y) {
    if (isnan(x) || isnan(y)) {
        return x + y;
    }
    if (x == y) {
        return y;
    }
    union { double d; uint64_t u; } v = {x};
    if (x == 0.0) {
        v.u = 1;
        return y > 0 ? v.d : -v.d;
    }
    if ((x < y) == (x > 0)) {
        v.u++;
    } else {
        v.u--;
    }
    return v.d;
}

static double hlc_cbrt(double x) {
    if (x == 0.0 || isnan(x) || isinf(x)) {
        return x;
    }
    double a = fabs(x);
    double r = pow(a, 1.0 / 3.0);
    r = r - (r * r * r - a) / (3.0 * r * r); // one Newton step
    return x < 0 ? -r : r;
}

static double hlc_remainder(double x, double y) {
    double absx = fabs(x), absy = fabs(y);
    double m = fmod(absx, absy);
    double c = absy - m;
    double r;
    if (m < c) {
        r = m;
    } else if (m > c) {
        r = -c;
    } else {
        r = m - 2.0 * fmod(0.5 * (absx - m), absy);
    }
    return copysign(1.0, x) * r;
}

static mp_obj_t op(mp_binary_op_t o, mp_obj_t a, mp_obj_t b) {
    return mp_binary_op(o, a, b);
}

static bool is_zero(mp_obj_t a) {
    return mp_obj_is_small_int(a) ? MP_OBJ_SMALL_INT_VALUE(a) == 0 : !mp_obj_is_true(a);
}

static bool is_neg(mp_obj_t a) {
    return mp_obj_is_true(op(MP_BINARY_OP_LESS, a, MP_OBJ_NEW_SMALL_INT(0)));
}

static mp_obj_t int_arg(mp_obj_t a) {
    if (!mp_obj_is_int(a)) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("'%s' object cannot be interpreted as an integer"), mp_obj_get_type_str(a));
    }
    return a;
}

static mp_obj_t abs_int(mp_obj_t a) {
    return is_neg(a) ? mp_unary_op(MP_UNARY_OP_NEGATIVE, a) : a;
}

static mp_obj_t gcd2(mp_obj_t a, mp_obj_t b) {
    a = abs_int(a);
    b = abs_int(b);
    while (!is_zero(b)) {
        mp_obj_t t = op(MP_BINARY_OP_MODULO, a, b);
        a = b;
        b = t;
    }
    return a;
}

static mp_obj_t math_gcd(size_t n_args, const mp_obj_t *args) {
    mp_obj_t g = MP_OBJ_NEW_SMALL_INT(0);
    for (size_t i = 0; i < n_args; i++) {
        g = gcd2(g, int_arg(args[i]));
    }
    return g;
}
MP_DEFINE_CONST_FUN_OBJ_VAR(hlc_math_gcd_obj, 0, math_gcd);

static mp_obj_t math_lcm(size_t n_args, const mp_obj_t *args) {
    mp_obj_t l = MP_OBJ_NEW_SMALL_INT(1);
    for (size_t i = 0; i < n_args; i++) {
        mp_obj_t a = int_arg(args[i]);
        if (is_zero(a) || is_zero(l)) {
            l = MP_OBJ_NEW_SMALL_INT(0);
            continue;
        }
        mp_obj_t g = gcd2(l, a);
        l = abs_int(op(MP_BINARY_OP_MULTIPLY, op(MP_BINARY_OP_FLOOR_DIVIDE, l, g), a));
    }
    return l;
}
MP_DEFINE_CONST_FUN_OBJ_VAR(hlc_math_lcm_obj, 0, math_lcm);

static void check_nonneg(mp_obj_t a, const char *what) {
    if (is_neg(a)) {
        mp_raise_msg_varg(&mp_type_ValueError, MP_ERROR_TEXT("%s must be a non-negative integer"), what);
    }
}

// perm(n, k) = n * (n-1) * ... * (n-k+1)
static mp_obj_t falling(mp_obj_t n, mp_obj_t k) {
    mp_obj_t r = MP_OBJ_NEW_SMALL_INT(1);
    mp_obj_t i = MP_OBJ_NEW_SMALL_INT(0);
    while (mp_obj_is_true(op(MP_BINARY_OP_LESS, i, k))) {
        r = op(MP_BINARY_OP_MULTIPLY, r, op(MP_BINARY_OP_SUBTRACT, n, i));
        i = op(MP_BINARY_OP_ADD, i, MP_OBJ_NEW_SMALL_INT(1));
    }
    return r;
}

static mp_obj_t math_perm(size_t n_args, const mp_obj_t *args) {
    mp_obj_t n = int_arg(args[0]);
    check_nonneg(n, "n");
    if (n_args == 1 || args[1] == mp_const_none) {
        return falling(n, n);
    }
    mp_obj_t k = int_arg(args[1]);
    check_nonneg(k, "k");
    if (mp_obj_is_true(op(MP_BINARY_OP_MORE, k, n))) {
        return MP_OBJ_NEW_SMALL_INT(0);
    }
    return falling(n, k);
}
MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(hlc_math_perm_obj, 1, 2, math_perm);

static mp_obj_t math_comb(mp_obj_t n, mp_obj_t k) {
    int_arg(n);
    int_arg(k);
    check_nonneg(n, "n");
    check_nonneg(k, "k");
    if (mp_obj_is_true(op(MP_BINARY_OP_MORE, k, n))) {
        return MP_OBJ_NEW_SMALL_INT(0);
    }
    mp_obj_t nk = op(MP_BINARY_OP_SUBTRACT, n, k);
    if (mp_obj_is_true(op(MP_BINARY_OP_LESS, nk, k))) {
        k = nk;
    }
    // r = r * (n - i) // (i + 1), exact at every step
    mp_obj_t r = MP_OBJ_NEW_SMALL_INT(1);
    mp_obj_t i = MP_OBJ_NEW_SMALL_INT(0);
    while (mp_obj_is_true(op(MP_BINARY_OP_LESS, i, k))) {
        r = op(MP_BINARY_OP_MULTIPLY, r, op(MP_BINARY_OP_SUBTRACT, n, i));
        i = op(MP_BINARY_OP_ADD, i, MP_OBJ_NEW_SMALL_INT(1));
        r = op(MP_BINARY_OP_FLOOR_DIVIDE, r, i);
    }
    return r;
}
MP_DEFINE_CONST_FUN_OBJ_2(hlc_math_comb_obj, math_comb);

static mp_obj_t math_prod(size_t n_args, const mp_obj_t *args, mp_map_t *kw_args) {
    mp_obj_t acc = MP_OBJ_NEW_SMALL_INT(1);
    mp_map_elem_t *start = mp_map_lookup(kw_args, MP_OBJ_NEW_QSTR(MP_QSTR_start), MP_MAP_LOOKUP);
    if (start != NULL) {
        acc = start->value;
    }
    mp_obj_t iter = mp_getiter(args[0], NULL);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        acc = op(MP_BINARY_OP_MULTIPLY, acc, item);
    }
    return acc;
}
MP_DEFINE_CONST_FUN_OBJ_KW(hlc_math_prod_obj, 1, math_prod);

static mp_obj_t math_isqrt(mp_obj_t n) {
    int_arg(n);
    if (is_neg(n)) {
        mp_raise_ValueError(MP_ERROR_TEXT("isqrt() argument must be nonnegative"));
    }
    if (is_zero(n)) {
        return MP_OBJ_NEW_SMALL_INT(0);
    }
    // Newton from above: x = 2**ceil(bits/2) >= sqrt(n)
    mp_obj_t bits = MP_OBJ_NEW_SMALL_INT(0);
    for (mp_obj_t t = n; !is_zero(t); t = op(MP_BINARY_OP_RSHIFT, t, MP_OBJ_NEW_SMALL_INT(1))) {
        bits = op(MP_BINARY_OP_ADD, bits, MP_OBJ_NEW_SMALL_INT(1));
    }
    mp_obj_t half = op(MP_BINARY_OP_FLOOR_DIVIDE, op(MP_BINARY_OP_ADD, bits, MP_OBJ_NEW_SMALL_INT(1)), MP_OBJ_NEW_SMALL_INT(2));
    mp_obj_t x = op(MP_BINARY_OP_LSHIFT, MP_OBJ_NEW_SMALL_INT(1), half);
    for (;;) {
        mp_obj_t y = op(MP_BINARY_OP_RSHIFT, op(MP_BINARY_OP_ADD, x, op(MP_BINARY_OP_FLOOR_DIVIDE, n, x)), MP_OBJ_NEW_SMALL_INT(1));
        if (!mp_obj_is_true(op(MP_BINARY_OP_LESS, y, x))) {
            return x;
        }
        x = y;
    }
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_math_isqrt_obj, math_isqrt);

// Shewchuk's exact summation, as CPython's math.fsum (without its overflow special cases).
static mp_obj_t math_fsum(mp_obj_t iterable) {
    size_t n = 0, alloc = 8;
    double *p = m_new(double, alloc);
    double special = 0.0;
    bool has_special = false;
    mp_obj_t iter = mp_getiter(iterable, NULL);
    mp_obj_t item;
    while ((item = mp_iternext(iter)) != MP_OBJ_STOP_ITERATION) {
        double x = mp_obj_get_float(item);
        if (!isfinite(x)) {
            special = has_special ? special + x : x;
            has_special = true;
            continue;
        }
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            double y = p[j];
            if (fabs(x) < fabs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0.0) {
                p[i++] = lo;
            }
            x = hi;
        }
        n = i;
        if (n == alloc) {
            p = m_renew(double, p, alloc, alloc * 2);
            alloc *= 2;
        }
        p[n++] = x;
    }
    if (has_special) {
        m_del(double, p, alloc);
        return mp_obj_new_float(special);
    }
    double hi = 0.0;
    if (n > 0) {
        hi = p[--n];
        double lo = 0.0;
        while (n > 0) {
            double x = hi;
            double y = p[--n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0.0) {
                break;
            }
        }
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr) {
                hi = x;
            }
        }
    }
    m_del(double, p, alloc);
    return mp_obj_new_float(hi);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_math_fsum_obj, math_fsum);

// hypot over n coordinates: CPython 3.11's vector_norm (lossless scaling and squaring,
// compensated sums, one correction step), so results match to the last bit.
typedef struct { double hi, lo; } dl_t;

static dl_t dl_split(double x) {
    double t = x * 134217729.0; // 2**27 + 1
    double hi = t - (t - x);
    return (dl_t){hi, x - hi};
}

static dl_t dl_mul(double x, double y) {
    dl_t xx = dl_split(x), yy = dl_split(y);
    double p = xx.hi * yy.hi;
    double q = xx.hi * yy.lo + xx.lo * yy.hi;
    double z = p + q;
    double zz = p - z + q + xx.lo * yy.lo;
    return (dl_t){z, zz};
}

static dl_t dl_fast_sum(double a, double b) {
    double x = a + b;
    return (dl_t){x, (a - x) + b};
}

static double hypot_n(size_t n, double *v) {
    double max = 0.0;
    bool nan = false;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(v[i]);
        v[i] = a;
        nan |= isnan(a);
        if (a > max) {
            max = a;
        }
    }
    if (isinf(max)) {
        return max;
    }
    if (nan) {
        return NAN;
    }
    if (max == 0.0 || n <= 1) {
        return max;
    }
    int max_e;
    frexp(max, &max_e);
    if (max_e < -1023) {
        for (size_t i = 0; i < n; i++) {
            v[i] /= 2.2250738585072014e-308; // DBL_MIN
        }
        return 2.2250738585072014e-308 * hypot_n(n, v);
    }
    double scale = ldexp(1.0, -max_e);
    double csum = 1.0, frac1 = 0.0, frac2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double x = v[i] * scale;
        dl_t pr = dl_mul(x, x);
        dl_t sm = dl_fast_sum(csum, pr.hi);
        csum = sm.hi;
        frac1 += pr.lo;
        frac2 += sm.lo;
    }
    double h = sqrt(csum - 1.0 + (frac1 + frac2));
    dl_t pr = dl_mul(-h, h);
    dl_t sm = dl_fast_sum(csum, pr.hi);
    csum = sm.hi;
    frac1 += pr.lo;
    frac2 += sm.lo;
    double x = csum - 1.0 + (frac1 + frac2);
    h += x / (2.0 * h);
    return h / scale;
}

static mp_obj_t math_hypot(size_t n_args, const mp_obj_t *args) {
    double buf[16];
    double *v = n_args <= 16 ? buf : m_new(double, n_args);
    for (size_t i = 0; i < n_args; i++) {
        v[i] = mp_obj_get_float(args[i]);
    }
    return mp_obj_new_float(hypot_n(n_args, v));
}
MP_DEFINE_CONST_FUN_OBJ_VAR(hlc_math_hypot_obj, 0, math_hypot);

static mp_obj_t math_dist(mp_obj_t p, mp_obj_t q) {
    size_t np, nq;
    mp_obj_t *ip, *iq;
    if (!mp_obj_is_type(p, &mp_type_tuple) && !mp_obj_is_type(p, &mp_type_list)) {
        mp_raise_TypeError(MP_ERROR_TEXT("dist(): argument 1 must be tuple"));
    }
    if (!mp_obj_is_type(q, &mp_type_tuple) && !mp_obj_is_type(q, &mp_type_list)) {
        mp_raise_TypeError(MP_ERROR_TEXT("dist(): argument 2 must be tuple"));
    }
    mp_obj_get_array(p, &np, &ip);
    mp_obj_get_array(q, &nq, &iq);
    if (np != nq) {
        mp_raise_ValueError(MP_ERROR_TEXT("both points must have the same number of dimensions"));
    }
    double buf[16];
    double *v = np <= 16 ? buf : m_new(double, np);
    for (size_t i = 0; i < np; i++) {
        v[i] = mp_obj_get_float(ip[i]) - mp_obj_get_float(iq[i]);
    }
    return mp_obj_new_float(hypot_n(np, v));
}
MP_DEFINE_CONST_FUN_OBJ_2(hlc_math_dist_obj, math_dist);

static mp_obj_t math_cbrt(mp_obj_t x) {
    return mp_obj_new_float(hlc_cbrt(mp_obj_get_float(x)));
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_math_cbrt_obj, math_cbrt);

static mp_obj_t math_exp2(mp_obj_t x) {
    return mp_obj_new_float(pow(2.0, mp_obj_get_float(x)));
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_math_exp2_obj, math_exp2);

static mp_obj_t math_remainder(mp_obj_t x, mp_obj_t y) {
    double a = mp_obj_get_float(x), b = mp_obj_get_float(y);
    if (isinf(a) || b == 0.0) {
        if (!isnan(a) && !isnan(b)) {
            mp_raise_ValueError(MP_ERROR_TEXT("math domain error"));
        }
    }
    return mp_obj_new_float(hlc_remainder(a, b));
}
MP_DEFINE_CONST_FUN_OBJ_2(hlc_math_remainder_obj, math_remainder);

static mp_obj_t math_nextafter(mp_obj_t x, mp_obj_t y) {
    return mp_obj_new_float(hlc_nextafter(mp_obj_get_float(x), mp_obj_get_float(y)));
}
MP_DEFINE_CONST_FUN_OBJ_2(hlc_math_nextafter_obj, math_nextafter);

static mp_obj_t math_ulp(mp_obj_t xo) {
    double x = fabs(mp_obj_get_float(xo));
    if (isnan(x) || isinf(x)) {
        return mp_obj_new_float(x);
    }
    double x2 = hlc_nextafter(x, INFINITY);
    if (isinf(x2)) {
        x2 = hlc_nextafter(x, -INFINITY);
        return mp_obj_new_float(x - x2);
    }
    return mp_obj_new_float(x2 - x);
}
MP_DEFINE_CONST_FUN_OBJ_1(hlc_math_ulp_obj, math_ulp);

// math.log10: the bare-metal libm (lib/libm_dbl) computes log(x) / ln 10, which misses exact
// powers of ten (log10(1000) == 2.9999999999999996); those are made exact, as CPython's
// correctly rounded libm gives them.
double hlc_log10(double x) {
    double y = log10(x);
    double r = nearbyint(y);
    if (r != y && fabs(r - y) < 1e-9 && r >= -300 && r <= 300 && pow(10.0, r) == x) {
        return r;
    }
    return y;
}
