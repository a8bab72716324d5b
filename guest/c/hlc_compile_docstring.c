// Compiler extension: a function's docstring kept in its bytecode (f.__doc__).
// #included by py/compile.c (0026-docstrings.patch), not compiled on its own: it uses
// compile.c's static compiler state (compiler_t, compile_node, EMIT, get_const_object).

// The docstring of a function body, if its first statement is a string (PEP 257): emitted as
// a load and a pop (the statement itself compiles to nothing), which hlc_fun_doc reads back.
static void hlc_emit_docstring(compiler_t *comp, mp_parse_node_t pn) {
    if (MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_suite_block_stmts)) {
        pn = ((mp_parse_node_struct_t *)pn)->nodes[0];
    }
    if (!MP_PARSE_NODE_IS_STRUCT_KIND(pn, PN_expr_stmt)) {
        return;
    }
    mp_parse_node_struct_t *pns = (mp_parse_node_struct_t *)pn;
    if (!MP_PARSE_NODE_IS_NULL(pns->nodes[1])) {
        return;
    }
    if ((MP_PARSE_NODE_IS_LEAF(pns->nodes[0]) && MP_PARSE_NODE_LEAF_KIND(pns->nodes[0]) == MP_PARSE_NODE_STRING)
        || (MP_PARSE_NODE_IS_STRUCT_KIND(pns->nodes[0], PN_const_object)
            && mp_obj_is_str(get_const_object((mp_parse_node_struct_t *)pns->nodes[0])))) {
        compile_node(comp, pns->nodes[0]);
        EMIT(pop_top);
    }
}
