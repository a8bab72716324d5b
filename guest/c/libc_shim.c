// The few C library functions MicroPython needs in the bare-metal guest (our own code; the
// native build uses the system libc instead). mem* come from Rust's compiler_builtins, libm
// from MicroPython's lib/libm_dbl.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hlc_port.h"

int errno;

size_t strlen(const char *s) {
    const char *p = s;
    while (*p) p++;
    return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t n) {
    size_t i = 0;
    while (i < n && s[i]) i++;
    return i;
}

int strcmp(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n) {
    for (; n; n--, a++, b++) {
        if (*a != *b || !*a) return (unsigned char)*a - (unsigned char)*b;
    }
    return 0;
}

char *strchr(const char *s, int c) {
    for (;; s++) {
        if (*s == (char)c) return (char *)s;
        if (!*s) return NULL;
    }
}

char *strrchr(const char *s, int c) {
    const char *last = NULL;
    for (;; s++) {
        if (*s == (char)c) last = s;
        if (!*s) return (char *)last;
    }
}

void *memchr(const void *s, int c, size_t n) {
    const unsigned char *p = s;
    for (; n; n--, p++) {
        if (*p == (unsigned char)c) return (void *)p;
    }
    return NULL;
}

char *strstr(const char *h, const char *n) {
    size_t len = strlen(n);
    for (; *h; h++) {
        if (!strncmp(h, n, len)) return (char *)h;
    }
    return len ? NULL : (char *)h;
}

char *strcpy(char *restrict d, const char *restrict s) {
    char *r = d;
    while ((*d++ = *s++)) {}
    return r;
}

char *strncpy(char *restrict d, const char *restrict s, size_t n) {
    size_t i = 0;
    for (; i < n && s[i]; i++) d[i] = s[i];
    for (; i < n; i++) d[i] = 0;
    return d;
}

char *strcat(char *restrict d, const char *restrict s) {
    strcpy(d + strlen(d), s);
    return d;
}

int abs(int x) {
    return x < 0 ? -x : x;
}

long labs(long x) {
    return x < 0 ? -x : x;
}

void abort(void) {
    hlc_abort("abort() called");
}

void exit(int status) {
    (void)status;
    hlc_abort("exit() called");
}

void __assert_fail(const char *expr, const char *file, unsigned line, const char *func) {
    (void)file;
    (void)line;
    (void)func;
    hlc_abort(expr);
}

double nan(const char *tag) {
    (void)tag;
    return __builtin_nan("");
}
