// HAL of the hyperlight-codeact port: output goes to the embedder through hlc_write.
#include <stddef.h>
#define mp_hal_pin_obj_t
void hlc_write(int stream, const char *buf, size_t len);
static inline void mp_hal_set_interrupt_char(int c) { (void)c; }
