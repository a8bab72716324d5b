// MicroPython configuration of the hyperlight-codeact guest: as much of the language and
// standard modules as the embed port can carry, nothing that needs hardware, a filesystem,
// threads or a clock.
#include <stdint.h>
#include <alloca.h>

#define MICROPY_CONFIG_ROM_LEVEL (MICROPY_CONFIG_ROM_LEVEL_EVERYTHING)

typedef intptr_t mp_int_t;
typedef uintptr_t mp_uint_t;
typedef long mp_off_t;
#define MICROPY_MPHALPORT_H "mphalport.h"

// Core.
#define MICROPY_ENABLE_COMPILER (1)
#define MICROPY_ENABLE_GC (1)
#define MICROPY_GC_ALLOC_THRESHOLD (1)
#define MICROPY_STACK_CHECK (1)
#define MICROPY_STACK_CHECK_MARGIN (16 * 1024)
#define MICROPY_LONGINT_IMPL (MICROPY_LONGINT_IMPL_MPZ)
#define MICROPY_FLOAT_IMPL (MICROPY_FLOAT_IMPL_DOUBLE)
// Float text conversions are exact Rust code (hlc_compat.c, src/python/floatfmt.rs); APPROX keeps
// MicroPython's own (now unused) formatter off `long double`, i.e. off the x87 unit.
#define MICROPY_FLOAT_FORMAT_IMPL (MICROPY_FLOAT_FORMAT_IMPL_APPROX)
#define MICROPY_ERROR_REPORTING (MICROPY_ERROR_REPORTING_DETAILED)
#define MICROPY_ENABLE_SOURCE_LINE (1)
#define MICROPY_CPYTHON_COMPAT (1)
#define MICROPY_ENABLE_DOC_STRING (1) // f.__doc__, C.__doc__ (the parser keeps docstrings)
#define MICROPY_PY_BUILTINS_FLOAT (1)
#define MICROPY_PY_BUILTINS_COMPLEX (1)
#define MICROPY_PY_BUILTINS_SLICE_ATTRS (1)
#define MICROPY_PY_BUILTINS_SLICE_INDICES (1)
#define MICROPY_PY_BUILTINS_STR_UNICODE (1)
#define MICROPY_PY_ALL_SPECIAL_METHODS (1)
#define MICROPY_PY_ALL_INPLACE_SPECIAL_METHODS (1)
#define MICROPY_PY_REVERSE_SPECIAL_METHODS (1)
#define MICROPY_PY_BUILTINS_INPUT (0)
#define MICROPY_PY_BUILTINS_HELP (0)
#define MICROPY_KBD_EXCEPTION (0)
#define MICROPY_ENABLE_SCHEDULER (0)
#define MICROPY_PERSISTENT_CODE_LOAD (0)
#define MICROPY_HELPER_REPL (0)
#define MICROPY_REPL_EVENT_DRIVEN (0)
// Imports: built-in modules, then our frozen Python modules (guest/frozen, compiled to bytecode
// at build time and imported from ROM). sys.path is ['', '.frozen']; '' never matches: the port's
// mp_import_stat reports nothing on a file system the guest does not have.
#define MICROPY_ENABLE_EXTERNAL_IMPORT (1)
#define MICROPY_MODULE_FROZEN_MPY (1)
#define MICROPY_QSTR_EXTRA_POOL (mp_qstr_frozen_const_pool)
#define MICROPY_PY_SYS_PATH_ARGV_DEFAULTS (1)
#define MICROPY_READER_VFS (0)
#define MICROPY_VFS (0)
#define MICROPY_PY_THREAD (0)
#define MICROPY_ROM_TEXT_COMPRESSION (0)
#define MICROPY_EMIT_X64 (0)

// sys: our own stdout/stderr stream objects (hlc_port.c); no argv, no path, no exit to host.
#define MICROPY_PY_SYS (1)
#define MICROPY_PY_SYS_EXIT (1)
#define MICROPY_PY_SYS_STDFILES (1)
#define MICROPY_PY_SYS_STDIO_BUFFER (0)
#define MICROPY_PY_SYS_PATH (1)
#define MICROPY_PY_SYS_ARGV (0)
#define MICROPY_PY_SYS_EXC_INFO (1)
#define MICROPY_PY_SYS_SETTRACE (0)
#define MICROPY_PY_SYS_ATEXIT (0)
#define MICROPY_PY_SYS_EXECUTABLE (0)
#define MICROPY_PY_SYS_INTERN (1)

// Modules: pure computation only.
#define MICROPY_PY_IO (1)
#define MICROPY_PY_IO_IOBASE (1)
#define MICROPY_PY_MATH (1)
#define MICROPY_PY_MATH_SPECIAL_FUNCTIONS (1)
#define MICROPY_PY_MATH_FACTORIAL (1)
#define MICROPY_PY_MATH_ISCLOSE (1)
#define MICROPY_PY_CMATH (1)
#define MICROPY_PY_JSON (1)
#define MICROPY_PY_JSON_SEPARATORS (1)
#define MICROPY_PY_RE (1)
#define MICROPY_PY_RE_SUB (1)
#define MICROPY_PY_RE_MATCH_GROUPS (1)
#define MICROPY_PY_RE_MATCH_SPAN_START_END (1)
#define MICROPY_PY_RANDOM (1)
#define MICROPY_PY_RANDOM_EXTRA_FUNCS (1)
#define MICROPY_PY_RANDOM_SEED_INIT_FUNC (0)
#define MICROPY_PY_HEAPQ (1)
#define MICROPY_PY_BINASCII (1)
#define MICROPY_PY_HASHLIB (1) // sha256 only (lib/crypto-algorithms); md5/sha1 need axtls or mbedtls
#define MICROPY_PY_COLLECTIONS (1)
#define MICROPY_PY_COLLECTIONS_DEQUE (1)
#define MICROPY_PY_COLLECTIONS_ORDEREDDICT (1)
#define MICROPY_PY_STRUCT (1)
#define MICROPY_PY_ARRAY (1)
#define MICROPY_PY_ERRNO (1)
#define MICROPY_PY_GC (1)
#define MICROPY_PY_MICROPYTHON (1)
#define MICROPY_PY_ASYNCIO (0)
#define MICROPY_PY_OS (0)
#define MICROPY_PY_TIME (0)
#define MICROPY_PY_SELECT (0)
#define MICROPY_PY_DEFLATE (0)
#define MICROPY_PY_FRAMEBUF (0)
#define MICROPY_PY_CRYPTOLIB (0)
#define MICROPY_PY_MACHINE (0)
#define MICROPY_PY_NETWORK (0)
#define MICROPY_PY_SOCKET (0)
#define MICROPY_PY_SSL (0)
#define MICROPY_PY_BLUETOOTH (0)
#define MICROPY_PY_BTREE (0)
#define MICROPY_PY_ONEWIRE (0)
#define MICROPY_PY_PLATFORM (1)
#define MICROPY_PY_MARSHAL (0)
#define MICROPY_PY_VFS (0)
#define MICROPY_PY_WEBSOCKET (0)
#define MICROPY_PY_WEBREPL (0)
#define MICROPY_PY_LWIP (0)
#define MICROPY_PY_UCTYPES (0)
#define MICROPY_PY_OPENAMP (0)
#define MICROPY_PY_BUILTINS_EXECFILE (0)
#define MICROPY_PY_BUILTINS_COMPILE (1)
#define MICROPY_PY_BUILTINS_EVAL_EXEC (1)
#define MICROPY_PY_FSTRINGS (1)
#define MICROPY_PY_ATTRTUPLE (1)

#define MICROPY_HW_BOARD_NAME "hyperlight-codeact"
#define MICROPY_HW_MCU_NAME "micro-VM"
#define MICROPY_PY_SYS_PLATFORM "hyperlight"

#define MP_STATE_PORT MP_STATE_VM

// Errno values are MicroPython's own (the bare-metal guest has no libc errno).
#define MICROPY_USE_INTERNAL_ERRNO (1)
#include <limits.h>
#ifndef SSIZE_MAX
#define SSIZE_MAX LONG_MAX
#endif

// call_tool and ToolError as builtins (also importable: `from codeact import call_tool`).
extern const struct _mp_obj_fun_builtin_var_t hlc_call_tool_obj;
extern const struct _mp_obj_type_t mp_type_ToolError;
// acall_tool: the awaitable call_tool (asyncio.acall_tool; hlc_asyncio.c).
extern const struct _mp_obj_fun_builtin_var_t hlc_acall_tool_obj;
// File and network access (open() is MicroPython's own builtin slot) and the OSError
// subclasses their refusals raise; see hlc_tools.c.
extern const struct _mp_obj_fun_builtin_var_t hlc_http_get_obj;
extern const struct _mp_obj_fun_builtin_var_t hlc_http_post_obj;
extern const struct _mp_obj_type_t mp_type_PermissionError;
extern const struct _mp_obj_type_t mp_type_FileNotFoundError;
extern const struct _mp_obj_type_t mp_type_FileExistsError;
extern const struct _mp_obj_type_t mp_type_IsADirectoryError;
extern const struct _mp_obj_type_t mp_type_NotADirectoryError;
extern const struct _mp_obj_type_t mp_type_TimeoutError;
extern const struct _mp_obj_type_t mp_type_ConnectionError;
extern const struct _mp_obj_type_t mp_type_BufferError; // hlc_buffer.c
#define MICROPY_PORT_BUILTINS \
    { MP_ROM_QSTR(MP_QSTR_BufferError), MP_ROM_PTR(&mp_type_BufferError) }, \
    { MP_ROM_QSTR(MP_QSTR_call_tool), MP_ROM_PTR(&hlc_call_tool_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_ToolError), MP_ROM_PTR(&mp_type_ToolError) }, \
    { MP_ROM_QSTR(MP_QSTR_acall_tool), MP_ROM_PTR(&hlc_acall_tool_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_http_get), MP_ROM_PTR(&hlc_http_get_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_http_post), MP_ROM_PTR(&hlc_http_post_obj) }, \
    { MP_ROM_QSTR(MP_QSTR_PermissionError), MP_ROM_PTR(&mp_type_PermissionError) }, \
    { MP_ROM_QSTR(MP_QSTR_FileNotFoundError), MP_ROM_PTR(&mp_type_FileNotFoundError) }, \
    { MP_ROM_QSTR(MP_QSTR_FileExistsError), MP_ROM_PTR(&mp_type_FileExistsError) }, \
    { MP_ROM_QSTR(MP_QSTR_IsADirectoryError), MP_ROM_PTR(&mp_type_IsADirectoryError) }, \
    { MP_ROM_QSTR(MP_QSTR_NotADirectoryError), MP_ROM_PTR(&mp_type_NotADirectoryError) }, \
    { MP_ROM_QSTR(MP_QSTR_TimeoutError), MP_ROM_PTR(&mp_type_TimeoutError) }, \
    { MP_ROM_QSTR(MP_QSTR_ConnectionError), MP_ROM_PTR(&mp_type_ConnectionError) }, \
    { MP_ROM_QSTR(MP_QSTR_IOError), MP_ROM_PTR(&mp_type_OSError) }, \
    { MP_ROM_QSTR(MP_QSTR_EnvironmentError), MP_ROM_PTR(&mp_type_OSError) },

// CPython builtins and exception types MicroPython lacks (format, ascii, RecursionError,
// ModuleNotFoundError); see hlc_compat.h, which the patched modbuiltins.c includes.
#define MICROPY_PORT_EXTRA_BUILTINS HLC_EXTRA_BUILTINS
