// Unicode character properties and case mappings for str methods beyond ASCII, as CPython's.
// The tables (hlc_unicode_data.c) are generated at build time by gen_unicode_c.py from the build
// machine's CPython; the lookups and the str methods are in hlc_unicode.c.
#ifndef HLC_UNICODE_H
#define HLC_UNICODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HLC_UNI_ALPHA (1 << 0)
#define HLC_UNI_DECIMAL (1 << 1)
#define HLC_UNI_DIGIT (1 << 2)
#define HLC_UNI_NUMERIC (1 << 3)
#define HLC_UNI_SPACE (1 << 4)
#define HLC_UNI_LOWER (1 << 5)
#define HLC_UNI_UPPER (1 << 6)
#define HLC_UNI_TITLE (1 << 7)
#define HLC_UNI_CASED (1 << 8)
#define HLC_UNI_CASE_IGNORABLE (1 << 9)
#define HLC_UNI_XID_START (1 << 10)
#define HLC_UNI_XID_CONTINUE (1 << 11)
#define HLC_UNI_PRINTABLE (1 << 12)

typedef struct {
    uint32_t start;
    uint16_t count;
    uint8_t step;
    int32_t delta;
} hlc_uni_range_t;

typedef struct {
    uint32_t cp;
    uint8_t kind; // HLC_UNI_MAP_*
    uint8_t len;
    uint16_t off; // into hlc_uni_pool
} hlc_uni_special_t;

enum { HLC_UNI_MAP_UPPER, HLC_UNI_MAP_LOWER, HLC_UNI_MAP_TITLE, HLC_UNI_MAP_FOLD };

extern const uint16_t hlc_uni_classes[];
extern const uint32_t hlc_uni_runs[];
extern const uint32_t hlc_uni_runs_len;
extern const hlc_uni_range_t hlc_uni_upper[];
extern const uint32_t hlc_uni_upper_len;
extern const hlc_uni_range_t hlc_uni_lower[];
extern const uint32_t hlc_uni_lower_len;
extern const hlc_uni_special_t hlc_uni_special[];
extern const uint32_t hlc_uni_special_len;
extern const uint32_t hlc_uni_pool[];

// Property flags (HLC_UNI_*) of a code point.
uint16_t hlc_uni_flags(uint32_t c);
// Full case mapping (kind HLC_UNI_MAP_*) of c into out[3]; returns the number of characters.
size_t hlc_uni_map(uint32_t c, int kind, uint32_t out[3]);

#endif
