#ifndef HLC_STDIO_H
#define HLC_STDIO_H
#include <stddef.h>
#include <stdarg.h>
typedef struct hlc_file FILE;
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define EOF (-1)
int printf(const char *fmt, ...);
int snprintf(char *buf, size_t n, const char *fmt, ...);
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
#endif
