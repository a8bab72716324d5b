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
// Sends an encoded request to host function `function` (an HLC_HOST_* of hlc_protocol.h); on
// success sets *reply to the encoded reply, which stays valid until the next call, and returns
// NULL; on failure returns a message.
const char *hlc_host_call(int function, const unsigned char *req, size_t len, const unsigned char **reply, size_t *reply_len);
// Flushes and closes files the code left open (hlc_tools.c).
void hlc_close_files(void);
#endif
