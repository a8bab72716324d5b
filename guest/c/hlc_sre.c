// `re` on CPython 3.11's own regular expression engine (issue 14): the C module `_hlc_sre`.
//
// The matcher is CPython's: Modules/_sre/sre_lib.h (the matching template) and the part of
// Modules/_sre/sre.c before its Python object code (character classes, case mapping, the UCS1,
// UCS2 and UCS4 instantiations of SRE(match) and SRE(search)) plus sre.c's code validator,
// taken at build time from the fetched, hash-checked CPython source: guest/build.rs copies the
// headers and extracts those two parts of sre.c into OUT_DIR/sre (sre_engine.h,
// sre_validate.h). The definitions they expect from Python.h are below, with MicroPython's
// allocator and the guest's Unicode data (c/hlc_unicode.c) behind them.
//
// CPython's pattern compiler (Lib/re, frozen from the same source) produces the code;
// guest/frozen/_sre.py is CPython's `_sre` interface (Pattern, Scanner) on top of this module,
// which offers Match (sre.c's, in C) and:
//   code(list, groups)            -> a validated code object (RuntimeError "invalid SRE code")
//   State(code, groups, string, pos, endpos, isbytes)
//                                 -> one subject prepared for the matcher
//   state.scan(mode, pattern)     -> mode 0 match, 1 fullmatch, 2 search from the current start,
//                                    then advance as CPython's scanner does: a Match or None
//   state.findall(), state.split(maxsplit), state.sub(filter, callable, count, pattern)
//                                 -> what Pattern.findall/split/sub(n) return (sub: (result, n))
//   state.slice(i, j)             -> string[i:j] (str or bytes, as CPython's getslice)
// MicroPython's str is UTF-8 while the matcher needs fixed-width code units: an ASCII str is
// matched in place (byte i is character i), any other str is decoded once per State into a
// UCS1 (all code points < 256) or UCS4 buffer, and slices are encoded back from it.
#include <string.h>

#include "py/runtime.h"
#include "py/objstr.h"
#include "py/gc.h"

#include "hlc_unicode.h"
#include "hlc_buffer.h"

// ---- what sre.h, sre_lib.h and the extracted part of sre.c use from Python.h ----

typedef mp_int_t Py_ssize_t;
typedef uint8_t Py_UCS1;
typedef uint16_t Py_UCS2;
typedef uint32_t Py_UCS4;
typedef struct hlc_sre_pyobject PyObject; // only ever a pointer (sre.h's object structs)
typedef struct {
    void *buf;
    Py_ssize_t len;
} Py_buffer;
#define PyObject_HEAD mp_obj_base_t ob_base;
#define PyObject_VAR_HEAD mp_obj_base_t ob_base; Py_ssize_t ob_size;
#if UINTPTR_MAX > 0xffffffffu
#define SIZEOF_SIZE_T 8
#else
#define SIZEOF_SIZE_T 4
#endif
#define SIZEOF_VOID_P SIZEOF_SIZE_T
#define PY_SSIZE_T_MAX MP_SSIZE_MAX
#define Py_STRINGIFY(x) #x
#define HAVE_COMPUTED_GOTOS 1

// ASCII character classes as CPython's Py_ctype table ("C" locale for the LOCALE flag too)
#define Py_ISDIGIT(c) ((c) >= '0' && (c) <= '9')
#define Py_ISALPHA(c) ((((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z'))
#define Py_ISALNUM(c) (Py_ISDIGIT(c) || Py_ISALPHA(c))
#define Py_ISSPACE(c) ((c) == ' ' || ((c) >= '\t' && (c) <= '\r'))
#define Py_TOLOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
#define Py_TOUPPER(c) ((c) >= 'a' && (c) <= 'z' ? (c) - 32 : (c))
#define isalnum(c) Py_ISALNUM(c)
#define tolower(c) Py_TOLOWER(c)
#define toupper(c) Py_TOUPPER(c)

static inline bool hlc_sre_islinebreak(uint32_t c) {
    // CPython's _PyUnicode_IsLinebreak
    return (c >= 0x0a && c <= 0x0d) || (c >= 0x1c && c <= 0x1e) || c == 0x85 || c == 0x2028 || c == 0x2029;
}
#define Py_UNICODE_ISDECIMAL(c) ((c) < 0x80 ? Py_ISDIGIT(c) : hlc_uni_char_is(HLC_IS_DECIMAL, (c)))
#define Py_UNICODE_ISSPACE(c) ((c) < 0x80 ? (Py_ISSPACE(c) || ((c) >= 0x1c && (c) <= 0x1f)) : hlc_uni_char_is(HLC_IS_SPACE, (c)))
#define Py_UNICODE_ISALNUM(c) ((c) < 0x80 ? Py_ISALNUM(c) : hlc_uni_char_is(HLC_IS_ALNUM, (c)))
#define Py_UNICODE_ISLINEBREAK(c) hlc_sre_islinebreak(c)
#define Py_UNICODE_TOLOWER(c) ((c) < 0x80 ? Py_TOLOWER(c) : hlc_uni_char_lower(c))
#define Py_UNICODE_TOUPPER(c) ((c) < 0x80 ? Py_TOUPPER(c) : hlc_uni_char_upper(c))

// The matcher's data stack and repeat contexts live on the GC heap; the State holding them is
// reachable while a match runs, and an allocation failure raises MemoryError (the matcher's
// own NULL checks are then never reached).
static void *hlc_sre_realloc(void *p, size_t n) {
    void *q = p ? gc_realloc(p, n, true) : gc_alloc(n, 0);
    if (q == NULL) {
        mp_raise_type(&mp_type_MemoryError);
    }
    return q;
}
#define PyMem_Realloc(p, n) hlc_sre_realloc((p), (n))
#define PyMem_Free(p) gc_free(p)
#define PyObject_Malloc(n) hlc_sre_realloc(NULL, (n))
#define PyObject_Free(p) gc_free(p)
#define PyErr_NoMemory() ((void)0)
// The run's deadline stops the whole VM; nothing to poll here.
#define PyErr_CheckSignals() 0

#if !defined(NO_QSTR) // qstr extraction preprocesses this file without OUT_DIR/sre on the path
#include "sre.h"
#include "sre_engine.h"
#include "sre_validate.h"
#endif

// ---- code objects ----

typedef struct {
    mp_obj_base_t base;
    size_t size;
    SRE_CODE code[];
} sre_code_t;

static MP_DEFINE_CONST_OBJ_TYPE(sre_code_type, MP_QSTR_SRE_Code, MP_TYPE_FLAG_NONE);

static SRE_CODE code_item(mp_obj_t o) {
    if (!mp_obj_is_int(o)) {
        o = mp_obj_cast_to_native_base(o, MP_OBJ_FROM_PTR(&mp_type_int));
        if (o == MP_OBJ_NULL) {
            mp_raise_TypeError(MP_ERROR_TEXT("regular expression code must be unsigned ints"));
        }
    }
    mp_uint_t v = mp_obj_int_get_uint_checked(o);
    if (v > (SRE_CODE)-1) {
        mp_raise_msg(&mp_type_OverflowError, MP_ERROR_TEXT("regular expression code size limit exceeded"));
    }
    return (SRE_CODE)v;
}

static mp_obj_t sre_code(mp_obj_t list, mp_obj_t groups_in) {
    size_t n;
    mp_obj_t *items;
    mp_obj_get_array(list, &n, &items);
    mp_int_t groups = mp_obj_get_int(groups_in);
    sre_code_t *c = mp_obj_malloc_var(sre_code_t, code, SRE_CODE, n, &sre_code_type);
    c->size = n;
    for (size_t i = 0; i < n; i++) {
        c->code[i] = code_item(items[i]);
    }
    if (_validate_outer(c->code, c->code + n, groups)) {
        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("invalid SRE code"));
    }
    return MP_OBJ_FROM_PTR(c);
}
static MP_DEFINE_CONST_FUN_OBJ_2(sre_code_obj, sre_code);

// ---- subjects and match state ----

typedef struct {
    mp_obj_base_t base;
    mp_obj_t string;
    sre_code_t *code;
    mp_int_t groups;
    void *units;     // the decoded buffer (NULL: matched in place)
    size_t length;   // in code units (= characters)
    bool ascii_str;  // a str matched in place
    bool done;       // a scan found nothing: later scans return None
    SRE_STATE state;
} sre_state_obj_t;

static const mp_obj_type_t sre_state_type;

static bool all_ascii(const byte *s, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & 0x8080808080808080ull) {
            return false;
        }
    }
    for (; i < n; i++) {
        if (s[i] & 0x80) {
            return false;
        }
    }
    return true;
}

// Sets self->state's beginning and charsize from the subject; returns the isbytes of it.
static int prepare_subject(sre_state_obj_t *self, mp_obj_t string) {
    if (mp_obj_is_str(string)) {
        GET_STR_DATA_LEN(string, s, n);
        if (all_ascii(s, n)) {
            self->ascii_str = true;
            self->length = n;
            self->state.beginning = s;
            self->state.charsize = 1;
            return 0;
        }
        size_t count = 0;
        uint32_t max = 0;
        for (const byte *p = s, *e = s + n; p < e;) {
            uint32_t c = hlc_uni_next_char(&p);
            max = c > max ? c : max;
            count++;
        }
        int size = max < 0x100 ? 1 : 4;
        void *units = m_malloc(count * size + 1);
        const byte *p = s;
        for (size_t i = 0; i < count; i++) {
            uint32_t c = hlc_uni_next_char(&p);
            if (size == 1) {
                ((Py_UCS1 *)units)[i] = (Py_UCS1)c;
            } else {
                ((Py_UCS4 *)units)[i] = c;
            }
        }
        self->units = units;
        self->length = count;
        self->state.beginning = units;
        self->state.charsize = size;
        return 0;
    }
    mp_buffer_info_t buf;
    if (!mp_get_buffer(string, &buf, MP_BUFFER_READ)) {
        mp_raise_msg_varg(&mp_type_TypeError, MP_ERROR_TEXT("expected string or bytes-like object, got '%s'"),
            mp_obj_get_type_str(string));
    }
    self->length = buf.len;
    self->state.beginning = buf.buf;
    self->state.charsize = 1;
    if (hlc_buffer_resizable(string)) {
        // A bytearray or array can be resized (its storage freed) by Python code that runs
        // while this State lives (a sub() callback, a finditer loop): match a private copy.
        // CPython pins the buffer instead (resizing raises BufferError); the results are the
        // same unless the callback mutates the subject.
        void *copy = m_malloc(buf.len + 1);
        memcpy(copy, buf.buf, buf.len);
        self->units = copy;
        self->state.beginning = copy;
    }
    return 1;
}

static mp_obj_t sre_state_make(size_t n_args, const mp_obj_t *args) {
    // State(code, groups, string, pos, endpos, pattern_isbytes)
    if (!mp_obj_is_type(args[0], &sre_code_type)) {
        mp_raise_TypeError(NULL);
    }
    sre_state_obj_t *self = mp_obj_malloc(sre_state_obj_t, &sre_state_type);
    self->code = MP_OBJ_TO_PTR(args[0]);
    self->groups = mp_obj_get_int(args[1]);
    self->string = args[2];
    self->units = NULL;
    self->ascii_str = false;
    self->done = false;
    memset(&self->state, 0, sizeof self->state);
    int isbytes = prepare_subject(self, args[2]);
    int pattern_isbytes = mp_obj_get_int(args[5]);
    if (isbytes && pattern_isbytes == 0) {
        mp_raise_TypeError(MP_ERROR_TEXT("cannot use a string pattern on a bytes-like object"));
    }
    if (!isbytes && pattern_isbytes > 0) {
        mp_raise_TypeError(MP_ERROR_TEXT("cannot use a bytes pattern on a string-like object"));
    }
    mp_int_t length = (mp_int_t)self->length;
    mp_int_t start = mp_obj_get_int(args[3]);
    mp_int_t end = args[4] == mp_const_none ? length : mp_obj_get_int(args[4]);
    start = start < 0 ? 0 : start > length ? length : start;
    end = end < 0 ? 0 : end > length ? length : end;
    SRE_STATE *st = &self->state;
    st->mark = m_new0(const void *, self->groups * 2 + 1);
    st->lastmark = -1;
    st->lastindex = -1;
    st->isbytes = isbytes;
    st->start = (const char *)st->beginning + start * st->charsize;
    st->end = (const char *)st->beginning + end * st->charsize;
    st->ptr = st->start;
    st->pos = start;
    st->endpos = end;
    return MP_OBJ_FROM_PTR(self);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(sre_state_make_obj, 6, 6, sre_state_make);

#define OFFSET(st, p) ((mp_int_t)(((const char *)(p) - (const char *)(st)->beginning) / (st)->charsize))

// As sre.c's state_reset, except that the data stack is kept for the next search of this State
// (emptied, not freed): MicroPython's gc_alloc looks for a run of free blocks from the start of
// the heap, so freeing and allocating it again per match made findall and sub quadratic.
static void state_reset(SRE_STATE *st) {
    st->lastmark = -1;
    st->lastindex = -1;
    st->repeat = NULL;
    st->data_stack_base = 0;
}

static void raise_status(Py_ssize_t status) {
    if (status == SRE_ERROR_RECURSION_LIMIT) {
        mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("maximum recursion limit exceeded"));
    }
    if (status == SRE_ERROR_MEMORY) {
        mp_raise_type(&mp_type_MemoryError);
    }
    mp_raise_msg(&mp_type_RuntimeError, MP_ERROR_TEXT("internal error in regular expression engine"));
}

// One match (mode 0), fullmatch (1) or search (2) at st->start: > 0 found, 0 not.
static Py_ssize_t run(sre_state_obj_t *self, int mode) {
    SRE_STATE *st = &self->state;
    state_reset(st);
    st->ptr = st->start;
    st->match_all = mode == 1;
    SRE_CODE *code = self->code->code;
    Py_ssize_t status;
    if (mode == 2) {
        status = st->charsize == 1 ? sre_ucs1_search(st, code) : sre_ucs4_search(st, code);
    } else {
        status = st->charsize == 1 ? sre_ucs1_match(st, code, 1) : sre_ucs4_match(st, code, 1);
    }
    if (status < 0) {
        raise_status(status);
    }
    return status;
}

// string[i:j] as CPython's getslice: bytes for a bytes-like subject (the subject itself when it
// is bytes and the slice is all of it), str otherwise.
static mp_obj_t slice(sre_state_obj_t *self, mp_int_t i, mp_int_t j) {
    SRE_STATE *st = &self->state;
    const byte *b = st->beginning;
    if (st->isbytes) {
        if (i == 0 && (size_t)j == self->length && mp_obj_is_exact_type(self->string, &mp_type_bytes)) {
            return self->string;
        }
        return mp_obj_new_bytes(b + i, j - i);
    }
    if (i == 0 && (size_t)j == self->length && mp_obj_is_exact_type(self->string, &mp_type_str)) {
        return self->string;
    }
    if (self->ascii_str) {
        return mp_obj_new_str_copy(&mp_type_str, b + i, j - i);
    }
    vstr_t v;
    vstr_init(&v, (j - i) * (st->charsize == 1 ? 2 : 4) + 1);
    for (mp_int_t k = i; k < j; k++) {
        vstr_add_char(&v, st->charsize == 1 ? b[k] : ((const Py_UCS4 *)b)[k]);
    }
    mp_obj_t s = mp_obj_new_str_copy(&mp_type_str, (const byte *)v.buf, v.len);
    vstr_clear(&v);
    return s;
}

// Group g (1-based) of the last match as a slice, or `dflt` when it did not take part.
static mp_obj_t group_slice(sre_state_obj_t *self, mp_int_t g, mp_obj_t dflt) {
    SRE_STATE *st = &self->state;
    mp_int_t k = (g - 1) * 2;
    if (k >= st->lastmark || !st->mark[k] || !st->mark[k + 1]) {
        return dflt;
    }
    return slice(self, OFFSET(st, st->mark[k]), OFFSET(st, st->mark[k + 1]));
}

static mp_obj_t empty(sre_state_obj_t *self) {
    return self->state.isbytes ? mp_const_empty_bytes : MP_OBJ_NEW_QSTR(MP_QSTR_);
}

// ---- Match objects (sre.c's MatchObject) ----

typedef struct {
    mp_obj_base_t base;
    mp_obj_t pattern;        // the _sre.Pattern (Python)
    sre_state_obj_t *st;     // the subject, for slices
    mp_int_t groups;         // the pattern's groups
    mp_int_t lastindex;
    mp_int_t mark[];         // start and end of group 0 .. groups, -1 for unset
} sre_match_t;

static const mp_obj_type_t sre_match_type;

// A Match for the last match of `self` (sre.c's pattern_new_match).
static mp_obj_t new_match(sre_state_obj_t *self, mp_obj_t pattern) {
    SRE_STATE *st = &self->state;
    sre_match_t *m = mp_obj_malloc_var(sre_match_t, mark, mp_int_t, 2 * (self->groups + 1), &sre_match_type);
    m->pattern = pattern;
    m->st = self;
    m->groups = self->groups;
    m->lastindex = st->lastindex;
    m->mark[0] = OFFSET(st, st->start);
    m->mark[1] = OFFSET(st, st->ptr);
    for (mp_int_t g = 0, j = 0; g < self->groups; g++, j += 2) {
        mp_int_t a = -1, b = -1;
        if (j + 1 <= st->lastmark && st->mark[j] && st->mark[j + 1]) {
            a = OFFSET(st, st->mark[j]);
            b = OFFSET(st, st->mark[j + 1]);
            if (a > b) {
                mp_raise_msg(&mp_type_RuntimeError,
                    MP_ERROR_TEXT("The span of capturing group is wrong, please report a bug for the re module."));
            }
        }
        m->mark[j + 2] = a;
        m->mark[j + 3] = b;
    }
    return MP_OBJ_FROM_PTR(m);
}

// sre.c's match_getindex: an int (or bool) or a group name; IndexError "no such group".
static mp_int_t match_index(sre_match_t *m, mp_obj_t g) {
    mp_int_t i = -1;
    if (mp_obj_is_bool(g)) {
        i = g == mp_const_true;
    } else if (mp_obj_is_small_int(g)) {
        i = MP_OBJ_SMALL_INT_VALUE(g);
    } else if (mp_obj_is_int(g)) {
        i = -1; // a big int is never a group
    } else {
        mp_obj_t gi = mp_load_attr(m->pattern, MP_QSTR__groupindex);
        mp_map_elem_t *e = mp_map_lookup(mp_obj_dict_get_map(gi), g, MP_MAP_LOOKUP);
        if (e != NULL && mp_obj_is_small_int(e->value)) {
            i = MP_OBJ_SMALL_INT_VALUE(e->value);
        }
    }
    if (i < 0 || i > m->groups) {
        mp_raise_msg(&mp_type_IndexError, MP_ERROR_TEXT("no such group"));
    }
    return i;
}

static mp_obj_t match_get(sre_match_t *m, mp_int_t i, mp_obj_t dflt) {
    if (m->mark[2 * i] < 0) {
        return dflt;
    }
    return slice(m->st, m->mark[2 * i], m->mark[2 * i + 1]);
}

static mp_obj_t match_group(size_t n_args, const mp_obj_t *args) {
    sre_match_t *m = MP_OBJ_TO_PTR(args[0]);
    if (n_args == 1) {
        return match_get(m, 0, mp_const_none);
    }
    if (n_args == 2) {
        return match_get(m, match_index(m, args[1]), mp_const_none);
    }
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(n_args - 1, NULL));
    for (size_t k = 1; k < n_args; k++) {
        t->items[k - 1] = match_get(m, match_index(m, args[k]), mp_const_none);
    }
    return MP_OBJ_FROM_PTR(t);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR(match_group_obj, 1, match_group);

static mp_obj_t default_arg(size_t n_args, const mp_obj_t *pos, mp_map_t *kw, qstr name) {
    static const mp_arg_t allowed[] = {{MP_QSTR_, MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}}};
    mp_arg_t spec[1] = {allowed[0]};
    spec[0].qst = name;
    mp_arg_val_t val[1];
    mp_arg_parse_all(n_args - 1, pos + 1, kw, 1, spec, val);
    return val[0].u_obj;
}

static mp_obj_t match_groups(size_t n_args, const mp_obj_t *pos, mp_map_t *kw) {
    sre_match_t *m = MP_OBJ_TO_PTR(pos[0]);
    mp_obj_t dflt = default_arg(n_args, pos, kw, MP_QSTR_default);
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(m->groups, NULL));
    for (mp_int_t g = 1; g <= m->groups; g++) {
        t->items[g - 1] = match_get(m, g, dflt);
    }
    return MP_OBJ_FROM_PTR(t);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(match_groups_obj, 1, match_groups);

static mp_obj_t match_groupdict(size_t n_args, const mp_obj_t *pos, mp_map_t *kw) {
    sre_match_t *m = MP_OBJ_TO_PTR(pos[0]);
    mp_obj_t dflt = default_arg(n_args, pos, kw, MP_QSTR_default);
    mp_map_t *gi = mp_obj_dict_get_map(mp_load_attr(m->pattern, MP_QSTR__groupindex));
    mp_obj_t d = mp_obj_new_dict(gi->used);
    for (size_t k = 0; k < gi->alloc; k++) {
        if (mp_map_slot_is_filled(gi, k)) {
            mp_obj_dict_store(d, gi->table[k].key, match_get(m, match_index(m, gi->table[k].value), dflt));
        }
    }
    return d;
}
static MP_DEFINE_CONST_FUN_OBJ_KW(match_groupdict_obj, 1, match_groupdict);

static mp_int_t group_arg(sre_match_t *m, size_t n_args, const mp_obj_t *args) {
    return n_args > 1 ? match_index(m, args[1]) : 0;
}

static mp_obj_t match_start(size_t n_args, const mp_obj_t *args) {
    sre_match_t *m = MP_OBJ_TO_PTR(args[0]);
    return MP_OBJ_NEW_SMALL_INT(m->mark[2 * group_arg(m, n_args, args)]);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(match_start_obj, 1, 2, match_start);

static mp_obj_t match_end(size_t n_args, const mp_obj_t *args) {
    sre_match_t *m = MP_OBJ_TO_PTR(args[0]);
    return MP_OBJ_NEW_SMALL_INT(m->mark[2 * group_arg(m, n_args, args) + 1]);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(match_end_obj, 1, 2, match_end);

static mp_obj_t span(sre_match_t *m, mp_int_t i) {
    mp_obj_t t[2] = {MP_OBJ_NEW_SMALL_INT(m->mark[2 * i]), MP_OBJ_NEW_SMALL_INT(m->mark[2 * i + 1])};
    return mp_obj_new_tuple(2, t);
}

static mp_obj_t match_span(size_t n_args, const mp_obj_t *args) {
    sre_match_t *m = MP_OBJ_TO_PTR(args[0]);
    return span(m, group_arg(m, n_args, args));
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(match_span_obj, 1, 2, match_span);

static mp_obj_t match_expand(size_t n_args, const mp_obj_t *pos, mp_map_t *kw) {
    static const mp_arg_t allowed[] = {{MP_QSTR_template, MP_ARG_REQUIRED | MP_ARG_OBJ, {.u_rom_obj = MP_ROM_NONE}}};
    mp_arg_val_t val[1];
    mp_arg_parse_all(n_args - 1, pos + 1, kw, 1, allowed, val);
    sre_match_t *m = MP_OBJ_TO_PTR(pos[0]);
    // Lib/re's hook, as sre.c's match_expand calls it
    mp_obj_t re = mp_import_name(MP_QSTR_re, mp_const_none, MP_OBJ_NEW_SMALL_INT(0));
    mp_obj_t args[3] = {m->pattern, pos[0], val[0].u_obj};
    return mp_call_function_n_kw(mp_load_attr(re, MP_QSTR__expand), 3, 0, args);
}
static MP_DEFINE_CONST_FUN_OBJ_KW(match_expand_obj, 1, match_expand);

static mp_obj_t match_copy(mp_obj_t self) {
    return self;
}
static MP_DEFINE_CONST_FUN_OBJ_1(match_copy_obj, match_copy);

static mp_obj_t match_deepcopy(mp_obj_t self, mp_obj_t memo) {
    (void)memo;
    return self;
}
static MP_DEFINE_CONST_FUN_OBJ_2(match_deepcopy_obj, match_deepcopy);

static mp_obj_t match_subscr(mp_obj_t self_in, mp_obj_t index, mp_obj_t value) {
    if (value != MP_OBJ_SENTINEL) {
        return MP_OBJ_NULL; // no item assignment or deletion
    }
    sre_match_t *m = MP_OBJ_TO_PTR(self_in);
    return match_get(m, match_index(m, index), mp_const_none);
}

// <re.Match object; span=(0, 3), match='abc'>: the repr of group 0 cut to 50 characters
static void match_print(const mp_print_t *print, mp_obj_t self_in, mp_print_kind_t kind) {
    (void)kind;
    sre_match_t *m = MP_OBJ_TO_PTR(self_in);
    vstr_t v;
    mp_print_t vp;
    vstr_init_print(&v, 16, &vp);
    mp_obj_print_helper(&vp, match_get(m, 0, mp_const_none), PRINT_REPR);
    size_t len = 0;
    for (size_t chars = 0; len < v.len && chars < 50; chars++) {
        len++;
        while (len < v.len && UTF8_IS_CONT(v.buf[len])) {
            len++;
        }
    }
    mp_printf(print, "<re.Match object; span=(" INT_FMT ", " INT_FMT "), match=%.*s>", m->mark[0], m->mark[1], (int)len, v.buf);
    vstr_clear(&v);
}

static void match_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    sre_match_t *m = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL) {
        return; // read-only
    }
    if (attr == MP_QSTR_re) {
        dest[0] = m->pattern;
    } else if (attr == MP_QSTR_string) {
        dest[0] = m->st->string;
    } else if (attr == MP_QSTR_pos) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(m->st->state.pos);
    } else if (attr == MP_QSTR_endpos) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(m->st->state.endpos);
    } else if (attr == MP_QSTR_lastindex) {
        dest[0] = m->lastindex < 0 ? mp_const_none : MP_OBJ_NEW_SMALL_INT(m->lastindex);
    } else if (attr == MP_QSTR_lastgroup) {
        // sre.c: the name in the pattern's indexgroup tuple, or None
        dest[0] = mp_const_none;
        mp_obj_t ig = mp_load_attr(m->pattern, MP_QSTR__indexgroup);
        if (m->lastindex >= 0 && ig != mp_const_none) {
            size_t n;
            mp_obj_t *items;
            mp_obj_get_array(ig, &n, &items);
            if ((size_t)m->lastindex < n) {
                dest[0] = items[m->lastindex];
            }
        }
    } else if (attr == MP_QSTR_regs) {
        mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(m->groups + 1, NULL));
        for (mp_int_t i = 0; i <= m->groups; i++) {
            t->items[i] = span(m, i);
        }
        dest[0] = MP_OBJ_FROM_PTR(t);
    } else {
        dest[1] = MP_OBJ_SENTINEL; // the methods, in locals_dict
    }
}

static const mp_rom_map_elem_t match_locals_table[] = {
    {MP_ROM_QSTR(MP_QSTR_group), MP_ROM_PTR(&match_group_obj)},
    {MP_ROM_QSTR(MP_QSTR_groups), MP_ROM_PTR(&match_groups_obj)},
    {MP_ROM_QSTR(MP_QSTR_groupdict), MP_ROM_PTR(&match_groupdict_obj)},
    {MP_ROM_QSTR(MP_QSTR_start), MP_ROM_PTR(&match_start_obj)},
    {MP_ROM_QSTR(MP_QSTR_end), MP_ROM_PTR(&match_end_obj)},
    {MP_ROM_QSTR(MP_QSTR_span), MP_ROM_PTR(&match_span_obj)},
    {MP_ROM_QSTR(MP_QSTR_expand), MP_ROM_PTR(&match_expand_obj)},
    {MP_ROM_QSTR(MP_QSTR___copy__), MP_ROM_PTR(&match_copy_obj)},
    {MP_ROM_QSTR(MP_QSTR___deepcopy__), MP_ROM_PTR(&match_deepcopy_obj)},
};
static MP_DEFINE_CONST_DICT(match_locals, match_locals_table);

static MP_DEFINE_CONST_OBJ_TYPE(sre_match_type, MP_QSTR_Match, MP_TYPE_FLAG_NONE,
    print, match_print, attr, match_attr, subscr, match_subscr, locals_dict, &match_locals);

static void advance(SRE_STATE *st) {
    st->must_advance = st->ptr == st->start;
    st->start = st->ptr;
}

static mp_obj_t state_scan(mp_obj_t self_in, mp_obj_t mode_in, mp_obj_t pattern) {
    sre_state_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->done) {
        return mp_const_none;
    }
    if (run(self, mp_obj_get_int(mode_in)) == 0) {
        self->done = true;
        return mp_const_none;
    }
    mp_obj_t m = new_match(self, pattern);
    advance(&self->state);
    return m;
}
static MP_DEFINE_CONST_FUN_OBJ_3(state_scan_obj, state_scan);

static mp_obj_t state_findall(mp_obj_t self_in) {
    sre_state_obj_t *self = MP_OBJ_TO_PTR(self_in);
    SRE_STATE *st = &self->state;
    mp_obj_t list = mp_obj_new_list(0, NULL);
    while (st->start <= st->end && run(self, 2) > 0) {
        mp_obj_t item;
        if (self->groups == 0) {
            item = slice(self, OFFSET(st, st->start), OFFSET(st, st->ptr));
        } else if (self->groups == 1) {
            item = group_slice(self, 1, empty(self));
        } else {
            mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(self->groups, NULL));
            for (mp_int_t g = 0; g < self->groups; g++) {
                t->items[g] = group_slice(self, g + 1, empty(self));
            }
            item = MP_OBJ_FROM_PTR(t);
        }
        mp_obj_list_append(list, item);
        advance(st);
    }
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_1(state_findall_obj, state_findall);

static mp_obj_t state_split(mp_obj_t self_in, mp_obj_t maxsplit_in) {
    sre_state_obj_t *self = MP_OBJ_TO_PTR(self_in);
    SRE_STATE *st = &self->state;
    mp_int_t maxsplit = mp_obj_get_int(maxsplit_in);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    mp_int_t n = 0;
    const void *last = st->start;
    while ((!maxsplit || n < maxsplit) && run(self, 2) > 0) {
        mp_obj_list_append(list, slice(self, OFFSET(st, last), OFFSET(st, st->start)));
        for (mp_int_t g = 0; g < self->groups; g++) {
            mp_obj_list_append(list, group_slice(self, g + 1, mp_const_none));
        }
        n++;
        advance(st);
        last = st->start;
    }
    mp_obj_list_append(list, slice(self, OFFSET(st, last), st->endpos));
    return list;
}
static MP_DEFINE_CONST_FUN_OBJ_2(state_split_obj, state_split);

// sub(filter, filter_is_callable, count, pattern) -> (result, number of substitutions); a
// callable filter gets each Match.
static mp_obj_t state_sub(size_t n_args, const mp_obj_t *args) {
    sre_state_obj_t *self = MP_OBJ_TO_PTR(args[0]);
    SRE_STATE *st = &self->state;
    mp_obj_t filter = args[1];
    bool callable = mp_obj_is_true(args[2]);
    mp_int_t count = mp_obj_get_int(args[3]);
    mp_obj_t list = mp_obj_new_list(0, NULL);
    mp_int_t n = 0, i = 0;
    while ((!count || n < count) && run(self, 2) > 0) {
        mp_int_t b = OFFSET(st, st->start), e = OFFSET(st, st->ptr);
        if (i < b) {
            mp_obj_list_append(list, slice(self, i, b));
        }
        mp_obj_t item = filter;
        if (callable) {
            item = mp_call_function_1(filter, new_match(self, args[4]));
        }
        if (item != mp_const_none) {
            mp_obj_list_append(list, item);
        }
        i = e;
        n++;
        advance(st);
    }
    if (i < st->endpos) {
        mp_obj_list_append(list, slice(self, i, st->endpos));
    }
    mp_obj_t joiner = empty(self);
    size_t len;
    mp_obj_t *items;
    mp_obj_list_get(list, &len, &items);
    mp_obj_t result;
    if (len == 0) {
        result = joiner;
    } else {
        mp_obj_t dest[3];
        mp_load_method(joiner, MP_QSTR_join, dest);
        dest[2] = list;
        result = mp_call_method_n_kw(1, 0, dest);
    }
    mp_obj_t pair[2] = {result, MP_OBJ_NEW_SMALL_INT(n)};
    return mp_obj_new_tuple(2, pair);
}
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(state_sub_obj, 5, 5, state_sub);

static mp_obj_t state_slice(mp_obj_t self_in, mp_obj_t i, mp_obj_t j) {
    return slice(MP_OBJ_TO_PTR(self_in), mp_obj_get_int(i), mp_obj_get_int(j));
}
static MP_DEFINE_CONST_FUN_OBJ_3(state_slice_obj, state_slice);

static mp_obj_t state_length(mp_obj_t self_in) {
    sre_state_obj_t *self = MP_OBJ_TO_PTR(self_in);
    return MP_OBJ_NEW_SMALL_INT(self->length);
}
static MP_DEFINE_CONST_FUN_OBJ_1(state_length_obj, state_length);

static void state_attr(mp_obj_t self_in, qstr attr, mp_obj_t *dest) {
    sre_state_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (dest[0] != MP_OBJ_NULL) {
        return;
    }
    if (attr == MP_QSTR_pos) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(self->state.pos);
    } else if (attr == MP_QSTR_endpos) {
        dest[0] = MP_OBJ_NEW_SMALL_INT(self->state.endpos);
    } else if (attr == MP_QSTR_string) {
        dest[0] = self->string;
    } else {
        dest[1] = MP_OBJ_SENTINEL;
        static const struct {
            qstr name;
            const mp_obj_base_t *fun;
        } methods[] = {
            {MP_QSTR_scan, &state_scan_obj.base},
            {MP_QSTR_findall, &state_findall_obj.base},
            {MP_QSTR_split, &state_split_obj.base},
            {MP_QSTR_sub, &state_sub_obj.base},
            {MP_QSTR_slice, &state_slice_obj.base},
            {MP_QSTR_length, &state_length_obj.base},
        };
        for (size_t k = 0; k < MP_ARRAY_SIZE(methods); k++) {
            if (methods[k].name == attr) {
                dest[0] = MP_OBJ_FROM_PTR(methods[k].fun);
                dest[1] = self_in;
                return;
            }
        }
        dest[1] = MP_OBJ_NULL;
    }
}

static MP_DEFINE_CONST_OBJ_TYPE(sre_state_type, MP_QSTR_SRE_State, MP_TYPE_FLAG_NONE, attr, state_attr);

// ---- the character helpers _sre exports ----

static mp_obj_t sre_ascii_iscased(mp_obj_t c) {
    mp_int_t ch = mp_obj_get_int(c);
    return mp_obj_new_bool(ch >= 0 && ch < 128 && Py_ISALPHA(ch));
}
static MP_DEFINE_CONST_FUN_OBJ_1(sre_ascii_iscased_obj, sre_ascii_iscased);

static mp_obj_t sre_unicode_iscased(mp_obj_t c) {
    unsigned int ch = (unsigned int)mp_obj_get_int(c);
    return mp_obj_new_bool(ch != sre_lower_unicode(ch) || ch != sre_upper_unicode(ch));
}
static MP_DEFINE_CONST_FUN_OBJ_1(sre_unicode_iscased_obj, sre_unicode_iscased);

static mp_obj_t sre_ascii_tolower(mp_obj_t c) {
    return MP_OBJ_NEW_SMALL_INT(sre_lower_ascii((unsigned int)mp_obj_get_int(c)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(sre_ascii_tolower_obj, sre_ascii_tolower);

static mp_obj_t sre_unicode_tolower(mp_obj_t c) {
    return MP_OBJ_NEW_SMALL_INT(sre_lower_unicode((unsigned int)mp_obj_get_int(c)));
}
static MP_DEFINE_CONST_FUN_OBJ_1(sre_unicode_tolower_obj, sre_unicode_tolower);

static const mp_rom_map_elem_t sre_module_globals_table[] = {
    {MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR__hlc_sre)},
    {MP_ROM_QSTR(MP_QSTR_code), MP_ROM_PTR(&sre_code_obj)},
    {MP_ROM_QSTR(MP_QSTR_State), MP_ROM_PTR(&sre_state_make_obj)},
    {MP_ROM_QSTR(MP_QSTR_Match), MP_ROM_PTR(&sre_match_type)},
    {MP_ROM_QSTR(MP_QSTR_ascii_iscased), MP_ROM_PTR(&sre_ascii_iscased_obj)},
    {MP_ROM_QSTR(MP_QSTR_unicode_iscased), MP_ROM_PTR(&sre_unicode_iscased_obj)},
    {MP_ROM_QSTR(MP_QSTR_ascii_tolower), MP_ROM_PTR(&sre_ascii_tolower_obj)},
    {MP_ROM_QSTR(MP_QSTR_unicode_tolower), MP_ROM_PTR(&sre_unicode_tolower_obj)},
    {MP_ROM_QSTR(MP_QSTR_CODESIZE), MP_ROM_INT(sizeof(SRE_CODE))},
    {MP_ROM_QSTR(MP_QSTR_MAXGROUPS), MP_ROM_INT(SRE_MAXGROUPS)},
    {MP_ROM_QSTR(MP_QSTR_MAXREPEAT), MP_ROM_INT(SRE_MAXREPEAT)},
    {MP_ROM_QSTR(MP_QSTR_MAGIC), MP_ROM_INT(SRE_MAGIC)},
};
static MP_DEFINE_CONST_DICT(sre_module_globals, sre_module_globals_table);

const mp_obj_module_t hlc_sre_module = {
    .base = {&mp_type_module},
    .globals = (mp_obj_dict_t *)&sre_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR__hlc_sre, hlc_sre_module);
