// The hyperlight-codeact MicroPython port: runs one code block in a fresh interpreter,
// routes sys.stdout/sys.stderr to the embedder, and reports uncaught exceptions the way
// CPython prints them.
#include <string.h>

#include "py/compile.h"
#include "py/builtin.h"
#include "py/gc.h"
#include "py/mperrno.h"
#include "py/runtime.h"
#include "py/cstack.h"
#include "py/stream.h"
#include "shared/runtime/gchelper.h"

#include "hlc_port.h"
#include "hlc_buffer.h"
#include "hlc_exc.h"

static void *heap_start;
static size_t heap_bytes;
static size_t stack_budget;

void hlc_init(void *heap, size_t heap_size, size_t stack_limit) {
    heap_start = heap;
    heap_bytes = heap_size;
    stack_budget = stack_limit;
}

// ---- output ----

void mp_hal_stdout_tx_strn(const char *str, size_t len) {
    hlc_write(1, str, len);
}

void mp_hal_stdout_tx_strn_cooked(const char *str, size_t len) {
    hlc_write(1, str, len);
}

void mp_hal_stdout_tx_str(const char *str) {
    hlc_write(1, str, strlen(str));
}

int mp_hal_stdin_rx_chr(void) {
    return -1;
}

typedef struct {
    mp_obj_base_t base;
    int fd;
} hlc_stdio_obj_t;

static mp_uint_t stdio_read(mp_obj_t self_in, void *buf, mp_uint_t size, int *errcode) {
    (void)self_in;
    (void)buf;
    (void)size;
    (void)errcode;
    return 0; // stdin is always at EOF: there is no one to type
}

static mp_uint_t stdio_write(mp_obj_t self_in, const void *buf, mp_uint_t size, int *errcode) {
    hlc_stdio_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->fd == 0) {
        *errcode = MP_EBADF;
        return MP_STREAM_ERROR;
    }
    hlc_write(self->fd, buf, size);
    return size;
}

static mp_uint_t stdio_ioctl(mp_obj_t self_in, mp_uint_t request, uintptr_t arg, int *errcode) {
    (void)self_in;
    (void)arg;
    if (request == MP_STREAM_FLUSH || request == MP_STREAM_CLOSE) {
        return 0;
    }
    *errcode = MP_EINVAL;
    return MP_STREAM_ERROR;
}

static void stdio_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)kind;
    static const char *const names[] = {"<stdin>", "<stdout>", "<stderr>"};
    hlc_stdio_obj_t *self = MP_OBJ_TO_PTR(self_in);
    mp_printf(print, "<_io.TextIOWrapper name='%s' encoding='utf-8'>", names[self->fd]);
}

static const mp_stream_p_t stdio_stream_p = {
    .read = stdio_read,
    .write = stdio_write,
    .ioctl = stdio_ioctl,
    .is_text = true,
};

static const mp_rom_map_elem_t stdio_locals_dict_table[] = {
    { MP_ROM_QSTR(MP_QSTR_read), MP_ROM_PTR(&mp_stream_read_obj) },
    { MP_ROM_QSTR(MP_QSTR_readline), MP_ROM_PTR(&mp_stream_unbuffered_readline_obj) },
    { MP_ROM_QSTR(MP_QSTR_write), MP_ROM_PTR(&mp_stream_write_obj) },
    { MP_ROM_QSTR(MP_QSTR_flush), MP_ROM_PTR(&mp_stream_flush_obj) },
};
static MP_DEFINE_CONST_DICT(stdio_locals_dict, stdio_locals_dict_table);

MP_DEFINE_CONST_OBJ_TYPE(
    hlc_stdio_type,
    MP_QSTR_TextIOWrapper,
    MP_TYPE_FLAG_ITER_IS_STREAM,
    print, stdio_print,
    protocol, &stdio_stream_p,
    locals_dict, &stdio_locals_dict
    );

const hlc_stdio_obj_t mp_sys_stdin_obj = {{&hlc_stdio_type}, 0};
const hlc_stdio_obj_t mp_sys_stdout_obj = {{&hlc_stdio_type}, 1};
const hlc_stdio_obj_t mp_sys_stderr_obj = {{&hlc_stdio_type}, 2};

static void vstr_print(void *data, const char *str, size_t len);

// sys.stdout and sys.stderr are assignable, as CPython's (0025-sys-stdio-print.patch: two more of sys's mutable
// attributes): print() writes to whatever sys.stdout is now, a native stream directly, any other
// object through its write() method (contextlib.redirect_stdout, sys.stdout = io.StringIO()).
// sys.__stdout__ / sys.__stderr__ stay the run's real streams.
void hlc_sys_stdio_init(void) {
    MP_STATE_VM(sys_mutable[MP_SYS_MUTABLE_STDOUT]) = MP_OBJ_FROM_PTR(&mp_sys_stdout_obj);
    MP_STATE_VM(sys_mutable[MP_SYS_MUTABLE_STDERR]) = MP_OBJ_FROM_PTR(&mp_sys_stderr_obj);
}

// print()'s destination for `file` (None and the default mean the current sys.stdout): fills
// *print and returns MP_OBJ_NULL for a native stream; otherwise prints into *buf and returns
// the object whose write() hlc_print_flush() must call.
mp_obj_t hlc_print_target(mp_obj_t file, mp_print_t *print, vstr_t *buf) {
    if (file == mp_const_none || file == MP_OBJ_FROM_PTR(&mp_sys_stdout_obj)) {
        file = MP_STATE_VM(sys_mutable[MP_SYS_MUTABLE_STDOUT]);
        if (file == MP_OBJ_NULL || file == mp_const_none) {
            // sys.stdout = None (or deleted): print() does nothing, as CPython's
            vstr_init(buf, 16);
            print->data = buf;
            print->print_strn = vstr_print;
            return MP_OBJ_NULL;
        }
    }
    const mp_obj_type_t *type = mp_obj_get_type(file);
    if (MP_OBJ_TYPE_HAS_SLOT(type, protocol)) {
        const mp_stream_p_t *stream = MP_OBJ_TYPE_GET_SLOT(type, protocol);
        if (stream->write != NULL) {
            print->data = MP_OBJ_TO_PTR(file);
            print->print_strn = mp_stream_write_adaptor;
            return MP_OBJ_NULL;
        }
    }
    if (mp_load_attr(file, MP_QSTR_write) == MP_OBJ_NULL) {
        return MP_OBJ_NULL; // not reached: mp_load_attr raises AttributeError
    }
    vstr_init(buf, 16);
    print->data = buf;
    print->print_strn = vstr_print;
    return file;
}

// Hands what print() wrote since the last call to target.write() (every piece, empty ones too:
// CPython's print calls write() for each argument, separator and end).
void hlc_print_flush(mp_obj_t target, vstr_t *buf) {
    if (target != MP_OBJ_NULL) {
        mp_obj_t text = mp_obj_new_str(buf->buf, buf->len);
        vstr_reset(buf);
        mp_call_function_1(mp_load_attr(target, MP_QSTR_write), text);
    }
}

// ---- running code ----

static void vstr_print(void *data, const char *str, size_t len) {
    vstr_add_strn((vstr_t *)data, str, len);
}

// The report of an uncaught exception keeps at most this much of its message and traceback
// (the host keeps less, at most half the output limit): `raise ValueError('m' * 2 * 10**7)`
// must not need a second 20 MB buffer, and a heap too full for it still gets its report.
#define REPORT_CAP ((size_t)1 << 20)

static void capped_print(void *data, const char *str, size_t len) {
    vstr_t *v = data;
    if (v->len < REPORT_CAP + 1) {
        size_t room = REPORT_CAP + 1 - v->len;
        vstr_add_strn(v, str, len < room ? len : room);
    }
}

// Prints the traceback as CPython does, folding runs of identical frames (deep recursion)
// into "[Previous line repeated N more times]".
// The program's source while hlc_run runs it: a traceback shows the line of each "<code>" frame
// under it, as CPython does (without 3.11's ^^^ markers).
static const char *run_source;
static size_t run_source_len;

static void print_source_line(const mp_print_t *print, qstr file, size_t line) {
    if (run_source == NULL || line == 0 || strcmp(qstr_str(file), "<code>") != 0) {
        return;
    }
    const char *p = run_source, *end = run_source + run_source_len;
    for (size_t l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', end - p);
        if (nl == NULL) {
            return;
        }
        p = nl + 1;
    }
    const char *e = memchr(p, '\n', end - p);
    if (e == NULL) {
        e = end;
    }
    while (p < e && (*p == ' ' || *p == '\t')) {
        p++;
    }
    while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) {
        e--;
    }
    if (p < e) {
        mp_printf(print, "    %.*s\n", (int)(e - p), p);
    }
}

void hlc_print_traceback(const mp_print_t *print, mp_obj_t exc);
void hlc_print_traceback(const mp_print_t *print, mp_obj_t exc) {
    size_t n, *values;
    mp_obj_exception_get_traceback(exc, &n, &values);
    if (n == 0) {
        return;
    }
    enum { RECURSIVE_CUTOFF = 3 };
    mp_print_str(print, "Traceback (most recent call last):\n");
    size_t last_file = 0, last_line = 0, last_block = 0, count = 0;
    for (size_t i = n; i >= 3; i -= 3) {
        size_t file = values[i - 3], line = values[i - 2], block = values[i - 1];
        if (count == 0 || file != last_file || line != last_line || block != last_block) {
            if (count > RECURSIVE_CUTOFF) {
                size_t more = count - RECURSIVE_CUTOFF;
                mp_printf(print, "  [Previous line repeated %u more time%s]\n", (unsigned)more, more > 1 ? "s" : "");
            }
            last_file = file;
            last_line = line;
            last_block = block;
            count = 0;
        }
        if (++count > RECURSIVE_CUTOFF) {
            continue;
        }
        mp_printf(print, "  File \"%q\", line %u", (qstr)file, (unsigned)line);
        if (block == MP_QSTRnull) {
            mp_print_str(print, "\n");
        } else {
            mp_printf(print, ", in %q\n", (qstr)block);
        }
        print_source_line(print, (qstr)file, line);
    }
    if (count > RECURSIVE_CUTOFF) {
        size_t more = count - RECURSIVE_CUTOFF;
        mp_printf(print, "  [Previous line repeated %u more time%s]\n", (unsigned)more, more > 1 ? "s" : "");
    }
}

// Reports an uncaught exception like CPython: traceback on stderr, plus structured fields.
static int report_exception(mp_obj_t exc) {
    // `micropython.heap_lock()` without an unlock would make the report itself fail to allocate.
    MP_STATE_THREAD(gc_lock_depth) = 0;
    if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(exc)), MP_OBJ_FROM_PTR(&mp_type_SystemExit))) {
        mp_obj_t code = mp_obj_exception_get_value(exc);
        if (code == mp_const_none) {
            return 0;
        }
        mp_int_t n;
        if (mp_obj_get_int_maybe(code, &n)) {
            return (int)n;
        }
        vstr_t msg;
        vstr_init(&msg, 32);
        mp_print_t p = {&msg, vstr_print};
        mp_obj_print_helper(&p, code, PRINT_STR);
        vstr_add_char(&msg, '\n');
        hlc_write(2, msg.buf, msg.len);
        return 1;
    }
    vstr_t tb, msg;
    vstr_init(&tb, 128);
    vstr_init(&msg, 64);
    mp_print_t tbp = {&tb, capped_print};
    mp_print_t msgp = {&msg, capped_print};
    mp_obj_print_helper(&msgp, exc, PRINT_STR);
    if (msg.len > 0) {
        // the host's error line carries the traceback's "Did you mean" too
        vstr_t hint;
        mp_print_t hintp;
        vstr_init_print(&hint, 32, &hintp);
        hlc_exc_print_suggestion(&hintp, exc, msg.buf, msg.len);
        vstr_add_strn(&msg, hint.buf, hint.len);
        vstr_clear(&hint);
    }
    const char *type = qstr_str(mp_obj_get_type(exc)->name);
    hlc_format_exception(&tbp, exc, true); // the chained exceptions first, as CPython
    hlc_write(2, tb.buf, tb.len);
    hlc_exception(type, strlen(type), msg.buf, msg.len, tb.buf, tb.len);
    return 1;
}

// Tracebacks name the model's code "<code>", like CPython's "<string>".
static mp_obj_t compile_code(const char *code, size_t len) {
    mp_lexer_t *lex = mp_lexer_new_from_str_len(qstr_from_str("<code>"), code, len, 0);
    qstr source_name = lex->source_name;
    mp_parse_tree_t tree = mp_parse(lex, MP_PARSE_FILE_INPUT);
    return mp_compile(&tree, source_name, false);
}

static bool mentions(const char *code, size_t len, const char *word) {
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(code + i, word, n) == 0) {
            return true;
        }
    }
    return false;
}

// MicroPython's compiler has no `match` statement: a program that fails to compile and has
// `match`/`case` lines is rewritten line for line by the frozen _hlc_match module (if/elif
// with the patterns as conditions) and compiled again; when that fails too, the original
// SyntaxError stands.
static mp_obj_t compile_with_match(const char *code, size_t len) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        mp_obj_t fun = compile_code(code, len);
        nlr_pop();
        return fun;
    }
    mp_obj_t error = MP_OBJ_FROM_PTR(nlr.ret_val);
    if (!mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(mp_obj_get_type(error)), MP_OBJ_FROM_PTR(&mp_type_SyntaxError))
        || !mentions(code, len, "match") || !mentions(code, len, "case")) {
        nlr_jump(nlr.ret_val);
    }
    nlr_buf_t retry;
    if (nlr_push(&retry) == 0) {
        mp_obj_t module = mp_import_name(qstr_from_str("_hlc_match"), mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
        mp_obj_t rewritten = mp_call_function_1(mp_load_attr(module, qstr_from_str("rewrite")), mp_obj_new_str(code, len));
        mp_obj_t fun = MP_OBJ_NULL;
        if (rewritten != mp_const_none) {
            size_t rlen;
            const char *r = mp_obj_str_get_data(rewritten, &rlen);
            fun = compile_code(r, rlen);
        }
        nlr_pop();
        if (fun != MP_OBJ_NULL) {
            return fun;
        }
    }
    nlr_jump(error);
}

int hlc_run(const char *code, size_t len) {
    // The interpreter's C stack starts here: the GC scans from this frame down, and
    // RecursionError is raised before the stack use passes stack_budget.
    volatile char stack_top = 0;
    mp_cstack_init_with_top((void *)&stack_top, stack_budget > 2 * MICROPY_STACK_CHECK_MARGIN ? stack_budget : 2 * MICROPY_STACK_CHECK_MARGIN);
    hlc_reset_statics(); // hlc_buffer.c: no C module state from an earlier run
    gc_init(heap_start, (char *)heap_start + heap_bytes);
    mp_init();
    int ret = 0;
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        run_source = code;
        run_source_len = len;
        mp_obj_t module_fun = compile_with_match(code, len);
        mp_call_function_0(module_fun);
        hlc_close_files();
        nlr_pop();
    } else {
        // Files stay open on an uncaught exception too: close them, keeping the first error.
        nlr_buf_t closing;
        if (nlr_push(&closing) == 0) {
            hlc_close_files();
            nlr_pop();
        }
        // A program that disabled the GC and filled the heap (MemoryError) leaves no room to
        // format the report: collect first.
        MP_STATE_MEM(gc_auto_collect_enabled) = 1;
        MP_STATE_THREAD(gc_lock_depth) = 0;
        gc_collect();
        mp_obj_t exc = MP_OBJ_FROM_PTR(nlr.ret_val);
        nlr_buf_t inner;
        if (nlr_push(&inner) == 0) {
            ret = report_exception(exc);
            nlr_pop();
        } else {
            // str(exc) raised, or formatting ran out of memory: the type is still known (a
            // qstr, no allocation), so report it with CPython's placeholder message.
            static const char failed[] = "<exception str() failed>";
            const char *type = qstr_str(mp_obj_get_type(exc)->name);
            hlc_write(2, type, strlen(type));
            hlc_write(2, ": ", 2);
            hlc_write(2, failed, sizeof(failed) - 1);
            hlc_write(2, "\n", 1);
            hlc_exception(type, strlen(type), failed, sizeof(failed) - 1, NULL, 0);
            ret = 1;
        }
    }
    run_source = NULL;
    mp_deinit();
    return ret;
}

void hlc_strindex_reset(void);

void gc_collect(void) {
    hlc_strindex_reset(); // c/hlc_strindex.c: a collection may free (and so let reuse) a cached string
    gc_collect_start();
    gc_helper_collect_regs_and_stack();
    gc_collect_end();
    hlc_strindex_reset(); // and a finaliser may have indexed one the same sweep freed
}

void nlr_jump_fail(void *val) {
    (void)val;
    hlc_abort("MicroPython: exception raised outside any handler");
}

mp_lexer_t *mp_lexer_new_from_file(qstr filename) {
    mp_raise_OSError(MP_ENOENT);
}

mp_import_stat_t mp_import_stat(const char *path) {
    (void)path;
    return MP_IMPORT_STAT_NO_EXIST;
}

