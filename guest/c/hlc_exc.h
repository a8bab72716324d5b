// Exception chaining (c/hlc_exc.c): __cause__, __context__, __suppress_context__ and the
// chained traceback text, for the patched py/ sources (0015-exception-repr-chaining.patch).
#ifndef HLC_EXC_H
#define HLC_EXC_H

#include "py/obj.h"
#include "py/bc.h"

// raise exc from cause
void hlc_exc_raise_from(mp_obj_t exc, mp_obj_t cause);
// An exception reaches a frame's handlers: its __context__ becomes the exception the frame is
// handling (the innermost caught one on the frame's exception stack), if not yet set.
void hlc_exc_set_context(mp_obj_t exc, const mp_exc_stack_t *top, const mp_exc_stack_t *bottom);
// Loads/stores of the chaining attributes (mp_obj_exception_attr); true when handled.
bool hlc_exc_attr(mp_obj_t self, qstr attr, mp_obj_t *dest);
// The traceback text CPython prints for exc, the exceptions it chains first.
void hlc_format_exception(const mp_print_t *print, mp_obj_t exc, bool chain);
// ". Did you mean: 'name'?" after a NameError's or AttributeError's message, as CPython's
// traceback shows it.
void hlc_exc_print_suggestion(const mp_print_t *print, mp_obj_t exc, const char *msg, size_t msg_len);
// from module import name, when module has no such name: CPython's ImportError.
NORETURN void hlc_raise_import_from(mp_obj_t module, qstr name);
// Notes the object and name of a failed attribute lookup, for the AttributeError suggestion.
void hlc_note_attr_error(mp_obj_t obj, qstr attr);

#endif
