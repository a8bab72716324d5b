#ifndef HLC_ALLOCA_H
#define HLC_ALLOCA_H
#define alloca __builtin_alloca
#endif
