/* errno values (Linux numbering, which MicroPython's mperrno.h also uses). */
#ifndef HLC_ERRNO_H
#define HLC_ERRNO_H
extern int errno;
#define EPERM 1
#define ENOENT 2
#define EIO 5
#define EBADF 9
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EEXIST 17
#define ENODEV 19
#define EISDIR 21
#define EINVAL 22
#define ENOSPC 28
#define EDOM 33
#define ERANGE 34
#define EOPNOTSUPP 95
#define ETIMEDOUT 110
#endif
