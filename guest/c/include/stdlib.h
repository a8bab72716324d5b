#ifndef HLC_STDLIB_H
#define HLC_STDLIB_H
#include <stddef.h>
void abort(void) __attribute__((noreturn));
void exit(int status) __attribute__((noreturn));
int abs(int x);
long labs(long x);
#endif
