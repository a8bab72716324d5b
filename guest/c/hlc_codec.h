// The boundary's codec, provided by the Rust runtime (guest/src/codec.rs) over the protocol
// crate: C walks MicroPython objects, Rust writes and reads the wire format. Tags, ids and
// limits come from hlc_protocol.h, generated from the protocol crate at build time.
#ifndef HLC_CODEC_H
#define HLC_CODEC_H
#include <stddef.h>
#include <stdint.h>

#include "hlc_protocol.h"

// Encoding: one request at a time into a buffer the runtime owns. hlc_enc_begin starts one;
// hlc_enc_end returns it (valid until the next hlc_enc_begin).
void hlc_enc_begin(void);
const uint8_t *hlc_enc_end(size_t *len);
// A tool call's head: then n_args times hlc_enc_key and a value.
void hlc_enc_call(const char *name, size_t len, size_t n_args);
// A system call's head; -1 (nothing written) when `op` is not a system operation.
int hlc_enc_sys_call(const char *op, size_t len, size_t n_args);
void hlc_enc_key(const char *s, size_t len);
void hlc_enc_none(void);
void hlc_enc_bool(int b);
void hlc_enc_int(int64_t i);
// An int as decimal text (a big int beyond 64 bits); -1 when it is not decimal.
int hlc_enc_int_digits(const char *s, size_t len);
void hlc_enc_float(double f);
void hlc_enc_str(const char *s, size_t len);
void hlc_enc_bytes(const uint8_t *b, size_t len);
// Containers: the count, then the items (a dict: hlc_enc_key and a value per entry).
void hlc_enc_list(size_t n);
void hlc_enc_dict(size_t n);
// Whole requests (each starts a new one): ToolWait and ToolCancel.
void hlc_enc_wait(int has_timeout, uint64_t timeout_ns);
void hlc_enc_cancel(uint32_t id);

// Decoding: a cursor over a message, moved past what each call reads. Every reader returns -1
// when the message is malformed (the cursor is then left as it was).
typedef struct {
    const uint8_t *p;
    size_t len;
} hlc_dec;
typedef struct {
    int64_t i;        // Int and Bool values; an exception id (HLC_BUILTIN_EXCEPTIONS)
    double f;         // Float values
    const char *s;    // Str, BigInt and Bytes data; an Err or Raise message
    size_t len;       // the length of s; a List's or Dict's count
} hlc_item;
// The next value's head: its HLC_VALUE_* tag. A list's items, or a dict's entries (hlc_dec_key,
// then a value), follow.
int hlc_dec_value(hlc_dec *d, hlc_item *out);
int hlc_dec_key(hlc_dec *d, const char **s, size_t *len);
// A ToolReply's head: its HLC_REPLY_* tag. OK: the value follows; EXCEPTION: the args list follows.
int hlc_dec_reply(hlc_dec *d, hlc_item *out);
// A ToolWaitReply: the count, then per completed call its id and a cursor over its reply.
int hlc_dec_wait_count(hlc_dec *d, size_t *n);
int hlc_dec_wait_entry(hlc_dec *d, uint32_t *id, hlc_dec *entry);
#endif
