// Compiler extension: unpacking in displays: [*a, *b], (*a, b), {*a, *b},
// {**d, 'k': v} (PEP 448).
// #included by py/compile.c (0010-star-unpacking.patch), not compiled on its own: it uses
// compile.c's static compiler state (compiler_t, compile_node, EMIT) and its parse-node
// kinds (PN_*).

// hlc: a list, tuple or set display with `*x` items. Builds a list (set) of the leading plain
// items, then appends/extends (adds/updates) it item by item; a tuple is tuple(that list).
static bool hlc_has_star(mp_parse_node_t *nodes, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (MP_PARSE_NODE_IS_STRUCT_KIND(nodes[i], PN_star_expr)) {
            return true;
        }
    }
    return false;
}

static void hlc_compile_star_display(compiler_t *comp, mp_parse_node_t *nodes, size_t n, int kind) {
    bool is_set = kind == MP_EMIT_BUILD_SET;
    size_t k = 0;
    while (k < n && !MP_PARSE_NODE_IS_STRUCT_KIND(nodes[k], PN_star_expr)) {
        compile_node(comp, nodes[k++]);
    }
    EMIT_ARG(build, k, is_set ? MP_EMIT_BUILD_SET : MP_EMIT_BUILD_LIST);
    for (; k < n; k++) {
        bool star = MP_PARSE_NODE_IS_STRUCT_KIND(nodes[k], PN_star_expr);
        EMIT(dup_top);
        EMIT_ARG(load_method, star ? (is_set ? MP_QSTR_update : MP_QSTR_extend) : (is_set ? MP_QSTR_add : MP_QSTR_append), false);
        compile_node(comp, star ? ((mp_parse_node_struct_t *)nodes[k])->nodes[0] : nodes[k]);
        EMIT_ARG(call_method, 1, 0, 0);
        EMIT(pop_top);
    }
    if (kind == MP_EMIT_BUILD_TUPLE) {
        // tuple(list), reaching the tuple type as ().__class__ so that no name is looked up
        EMIT_ARG(build, 0, MP_EMIT_BUILD_TUPLE);
        EMIT_ARG(attr, MP_QSTR___class__, MP_EMIT_ATTR_LOAD);
        EMIT(rot_two);
        EMIT_ARG(call_function, 1, 0, 0);
    }
}

static bool hlc_is_unpack(mp_parse_node_t pn) {
    return MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_star_expr) || MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_dictorsetmaker_dbl_star);
}

// hlc: a dict display with `**m` items is built as an empty dict updated item by item
// (`**m` is dict.update(m)); a set display with `*x` items as a set updated item by item.
// Returns false when the display has no unpacked item (compiled as upstream does).
static bool hlc_compile_brace_unpack(compiler_t *comp, mp_parse_node_struct_t *pns, bool create_map) {
    mp_parse_node_t pn = pns->nodes[0];
    mp_parse_node_t first = pn;
    mp_parse_node_t *rest = NULL;
    size_t n_rest = 0;
    if (MP_PARSE_NODE_IS_NULL(pn)) {
        return false;
    }
    if (MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_dictorsetmaker)) {
        mp_parse_node_struct_t *pns0 = (mp_parse_node_struct_t *)pn;
        first = pns0->nodes[0];
        mp_parse_node_struct_t *pns1 = (mp_parse_node_struct_t *)pns0->nodes[1];
        if (MP_PARSE_NODE_STRUCT_KIND(pns1) != PN_dictorsetmaker_list) {
            if (hlc_is_unpack(first)) {
                compile_syntax_error(comp, first, MP_ERROR_TEXT("unpacking cannot be used in a comprehension"));
                return true;
            }
            return false;
        }
        n_rest = mp_parse_node_extract_list(&pns1->nodes[0], PN_dictorsetmaker_list2, &rest);
    }
    bool any = hlc_is_unpack(first);
    for (size_t i = 0; i < n_rest; i++) {
        any = any || hlc_is_unpack(rest[i]);
    }
    if (!any) {
        return false;
    }
    bool is_dict = MP_PARSE_NODE_IS_STRUCT_KIND(first, PN_dictorsetmaker_item)
        || MP_PARSE_NODE_IS_STRUCT_KIND(first, PN_dictorsetmaker_dbl_star);
    if (is_dict && create_map) {
        EMIT_ARG(build, 0, MP_EMIT_BUILD_MAP);
    } else if (!is_dict) {
        EMIT_ARG(build, 0, MP_EMIT_BUILD_SET);
    }
    for (size_t i = 0; i <= n_rest; i++) {
        mp_parse_node_t item = i == 0 ? first : rest[i - 1];
        bool kv = MP_PARSE_NODE_IS_STRUCT_KIND(item, PN_dictorsetmaker_item);
        bool dbl = MP_PARSE_NODE_IS_STRUCT_KIND(item, PN_dictorsetmaker_dbl_star);
        bool star = MP_PARSE_NODE_IS_STRUCT_KIND(item, PN_star_expr);
        if (is_dict ? !(kv || dbl) : (kv || dbl)) {
            compile_syntax_error(comp, item, is_dict ? MP_ERROR_TEXT("expecting key:value for dict") : MP_ERROR_TEXT("expecting just a value for set"));
            return true;
        }
        if (kv) {
            compile_node(comp, item);
            EMIT(store_map);
        } else {
            EMIT(dup_top);
            EMIT_ARG(load_method, dbl || star ? MP_QSTR_update : MP_QSTR_add, false);
            compile_node(comp, dbl || star ? ((mp_parse_node_struct_t *)item)->nodes[0] : item);
            EMIT_ARG(call_method, 1, 0, 0);
            EMIT(pop_top);
        }
    }
    return true;
}
