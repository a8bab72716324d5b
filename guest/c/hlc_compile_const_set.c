// Compiler extension: which set displays CPython 3.11 builds as a frozenset
// constant (the BUILD_SET the compiler marks with HLC_CONST_SET).
// #included by py/compile.c (0013-sets-cpython-order.patch), not compiled on its own: it uses
// compile.c's parse-node kinds (PN_*).

#include "hlc_set.h"
// As parse.c's mp_parse_node_is_const: a literal number, str/bytes, None/True/False/..., a
// folded constant (tuple of constants, float, big int, -5) or ().
static bool hlc_node_is_const(mp_parse_node_t pn) {
    if (MP_PARSE_NODE_IS_SMALL_INT(pn)) {
        return true;
    } else if (MP_PARSE_NODE_IS_LEAF(pn)) {
        uintptr_t kind = MP_PARSE_NODE_LEAF_KIND(pn);
        if (kind == MP_PARSE_NODE_STRING) {
            return true;
        } else if (kind == MP_PARSE_NODE_TOKEN) {
            uintptr_t arg = MP_PARSE_NODE_LEAF_ARG(pn);
            return arg == MP_TOKEN_KW_NONE || arg == MP_TOKEN_KW_FALSE || arg == MP_TOKEN_KW_TRUE || arg == MP_TOKEN_ELLIPSIS;
        }
        return false;
    } else if (MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_const_object)) {
        return true;
    } else if (MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_atom_paren)) {
        return MP_PARSE_NODE_IS_NULL(((mp_parse_node_struct_t *)pn)->nodes[0]);
    }
    return false;
}

static bool hlc_all_const(mp_parse_node_t first, mp_parse_node_t *rest, size_t n) {
    if (!hlc_node_is_const(first)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (!hlc_node_is_const(rest[i])) {
            return false;
        }
    }
    return true;
}
