// C API of the hyperlight-codeact MicroPython port (see hlc_port.c).
#ifndef HLC_PORT_H
#define HLC_PORT_H
#include <stddef.h>

// Sets the interpreter heap and C-stack budget used by the following runs.
void hlc_init(void *heap, size_t heap_size, size_t stack_limit);
// Runs `code` in a fresh interpreter. Returns 0 on success, 1 for an uncaught exception (also
// reported through hlc_exception), or the SystemExit code.
int hlc_run(const char *code, size_t len);

// Provided by the embedder. stream: 1 stdout, 2 stderr.
void hlc_write(int stream, const char *buf, size_t len);
void hlc_exception(const char *type, size_t tlen, const char *msg, size_t mlen, const char *tb, size_t tblen);
void hlc_abort(const char *msg) __attribute__((noreturn));
// Sends an encoded ToolCall to the host; on success sets *reply to an encoded ToolReply that
// stays valid until the next call, and returns NULL; on failure returns a message.
const char *hlc_call_tool(const unsigned char *req, size_t len, const unsigned char **reply, size_t *reply_len);
#endif
