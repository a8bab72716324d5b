#ifndef HLC_UNISTD_H
#define HLC_UNISTD_H
#include <stddef.h>
typedef long ssize_t;
#endif
#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
