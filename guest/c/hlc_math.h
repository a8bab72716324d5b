// math functions added to py/modmath.c's table (c/hlc_math.c, micropython/patches/0022-math.patch).
#ifndef HLC_MATH_FUNCS_H
#define HLC_MATH_FUNCS_H

#include "py/obj.h"

MP_DECLARE_CONST_FUN_OBJ_VAR(hlc_math_gcd_obj);
MP_DECLARE_CONST_FUN_OBJ_VAR(hlc_math_lcm_obj);
MP_DECLARE_CONST_FUN_OBJ_VAR(hlc_math_perm_obj);
MP_DECLARE_CONST_FUN_OBJ_2(hlc_math_comb_obj);
MP_DECLARE_CONST_FUN_OBJ_KW(hlc_math_prod_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_math_isqrt_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_math_fsum_obj);
MP_DECLARE_CONST_FUN_OBJ_VAR(hlc_math_hypot_obj);
MP_DECLARE_CONST_FUN_OBJ_2(hlc_math_dist_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_math_cbrt_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_math_exp2_obj);
MP_DECLARE_CONST_FUN_OBJ_2(hlc_math_remainder_obj);
MP_DECLARE_CONST_FUN_OBJ_2(hlc_math_nextafter_obj);
MP_DECLARE_CONST_FUN_OBJ_1(hlc_math_ulp_obj);
double hlc_log10(double x);

#endif
