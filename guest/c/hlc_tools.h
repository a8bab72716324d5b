// The tool and system calls of hlc_tools.c, for hlc_asyncio.c.
#ifndef HLC_TOOLS_H
#define HLC_TOOLS_H
#include "py/obj.h"

#include "hlc_codec.h"

// Sends the request built (hlc_enc_*) to host function `function`; *reply is the host's reply.
// A transport failure raises `failure_type` with the message, after `what: ` when `what` is
// not empty.
void hlc_host_send(int function, const mp_obj_type_t *failure_type, const char *what, hlc_dec *reply);
// The one reader of a ToolReply (call_tool, acall_tool, _hlc.system): the value, or the
// exception the reply says to raise: Err raises `err_type` (ToolError for a tool, OSError for a
// system call) with its message, Raise the named built-in exception, Exception a tool's
// exception with a traceback frame naming tool `name`. The reply must be read whole.
mp_obj_t hlc_reply_value(hlc_dec *d, const mp_obj_type_t *err_type, const char *name, size_t name_len);
// call_tool's and acall_tool's request: host function `op` with the tool name (the one
// positional argument) and the keyword arguments; returns the reply's value (or raises the
// tool's exception). `fn` and `usage` name the caller in its errors.
mp_obj_t hlc_tool_request(int op, const char *fn, const char *usage, size_t n_args, const mp_obj_t *args,
    mp_map_t *kwargs);
#endif
