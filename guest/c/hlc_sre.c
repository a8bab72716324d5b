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
// guest/frozen/_sre.py is CPython's `_sre` interface (Pattern, Match, Scanner) on top of this
// module, which offers:
//   code(list, groups)            -> a validated code object (RuntimeError "invalid SRE code")
//   State(code, groups, string, pos, endpos, isbytes)
//                                 -> one subject prepared for the matcher
//   state.scan(mode)              -> mode 0 match, 1 fullmatch, 2 search from the current start,
//                                    then advance as CPython's scanner does: a marks tuple
//                                    (lastindex, start, end, start1, end1, ...; -1 unset) or None
//   state.findall(), state.split(maxsplit), state.sub(filter, callable, count, Match, pattern)
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

// The marks of the last match: (lastindex, start, end, start1, end1, ...), -1 for unset.
static mp_obj_t marks(sre_state_obj_t *self) {
    SRE_STATE *st = &self->state;
    size_t n = 3 + 2 * self->groups;
    mp_obj_tuple_t *t = MP_OBJ_TO_PTR(mp_obj_new_tuple(n, NULL));
    t->items[0] = MP_OBJ_NEW_SMALL_INT(st->lastindex);
    t->items[1] = MP_OBJ_NEW_SMALL_INT(OFFSET(st, st->start));
    t->items[2] = MP_OBJ_NEW_SMALL_INT(OFFSET(st, st->ptr));
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
        t->items[3 + j] = MP_OBJ_NEW_SMALL_INT(a);
        t->items[4 + j] = MP_OBJ_NEW_SMALL_INT(b);
    }
    return MP_OBJ_FROM_PTR(t);
}

static void advance(SRE_STATE *st) {
    st->must_advance = st->ptr == st->start;
    st->start = st->ptr;
}

static mp_obj_t state_scan(mp_obj_t self_in, mp_obj_t mode_in) {
    sre_state_obj_t *self = MP_OBJ_TO_PTR(self_in);
    if (self->done) {
        return mp_const_none;
    }
    if (run(self, mp_obj_get_int(mode_in)) == 0) {
        self->done = true;
        return mp_const_none;
    }
    mp_obj_t m = marks(self);
    advance(&self->state);
    return m;
}
static MP_DEFINE_CONST_FUN_OBJ_2(state_scan_obj, state_scan);

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

// sub(filter, filter_is_callable, count, match_type, pattern) -> (result, number of
// substitutions); a callable filter gets match_type(pattern, state, marks).
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
            mp_obj_t margs[3] = {args[5], args[0], marks(self)};
            mp_obj_t m = mp_call_function_n_kw(args[4], 3, 0, margs);
            item = mp_call_function_1(filter, m);
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
static MP_DEFINE_CONST_FUN_OBJ_VAR_BETWEEN(state_sub_obj, 6, 6, state_sub);

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
