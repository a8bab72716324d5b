/* Prototypes for MicroPython's own libm (lib/libm_dbl), used by the bare-metal guest. */
#ifndef HLC_MATH_H
#define HLC_MATH_H
#define NAN (__builtin_nan(""))
#define INFINITY (__builtin_inf())
#define HUGE_VAL (__builtin_huge_val())
#define M_PI 3.14159265358979323846
#define M_E 2.7182818284590452354
#define isnan(x) __builtin_isnan(x)
#define isinf(x) __builtin_isinf(x)
#define isfinite(x) __builtin_isfinite(x)
#define signbit(x) __builtin_signbit(x)
#define fpclassify(x) __builtin_fpclassify(FP_NAN, FP_INFINITE, FP_NORMAL, FP_SUBNORMAL, FP_ZERO, x)
#define FP_NAN 0
#define FP_INFINITE 1
#define FP_ZERO 2
#define FP_SUBNORMAL 3
#define FP_NORMAL 4
typedef double double_t;
typedef float float_t;
double acos(double); double acosh(double); double asin(double); double asinh(double);
double atan(double); double atan2(double, double); double atanh(double); double ceil(double);
double copysign(double, double); double cos(double); double cosh(double); double erf(double);
double erfc(double); double exp(double); double expm1(double); double fabs(double);
double floor(double); double fmod(double, double); double frexp(double, int *);
double ldexp(double, int); double lgamma(double); double log(double); double log10(double);
double log1p(double); double log2(double); double modf(double, double *); double nearbyint(double);
double pow(double, double); double rint(double); double round(double); double scalbn(double, int);
double sin(double); double sinh(double); double sqrt(double); double tan(double); double tanh(double);
double tgamma(double); double trunc(double);
float fabsf(float); float sqrtf(float); float floorf(float); float nanf(const char *);
double nan(const char *);
#endif
