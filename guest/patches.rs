//! Our build-time patches to the pinned MicroPython source, applied to the copy in OUT_DIR.
//! Each one brings a behaviour models rely on in line with CPython; each must apply exactly,
//! so a change of the pinned version fails the build instead of silently dropping one.

use std::path::Path;

struct Patch {
    file: &'static str,
    why: &'static str,
    from: &'static str,
    to: &'static str,
    /// How many occurrences must be replaced (0 = at least one).
    count: usize,
}

const PATCHES: &[Patch] = &[
    Patch {
        file: "py/objfloat.c",
        why: "repr(float) as CPython prints it: the shortest string that round-trips (Rust's float formatting)",
        from: "    mp_format_float(o_val, buf, sizeof(buf), 'g', precision, '\\0');\n    mp_print_str(print, buf);",
        to: "    #if MICROPY_FLOAT_IMPL == MICROPY_FLOAT_IMPL_DOUBLE\n    (void)precision;\n    \
             extern size_t hlc_float_repr(double, char *, size_t);\n    hlc_float_repr(o_val, buf, sizeof(buf));\n    \
             #else\n    mp_format_float(o_val, buf, sizeof(buf), 'g', precision, '\\0');\n    #endif\n    \
             mp_print_str(print, buf);",
        count: 1,
    },
    Patch {
        file: "py/runtime.c",
        why: "CPython's NameError wording",
        from: "name '%q' isn't defined",
        to: "name '%q' is not defined",
        count: 0,
    },
];

/// CPython's ZeroDivisionError wording, in every file that raises it.
const DIVISION_FILES: &[&str] = &["py/runtime.c", "py/objfloat.c", "py/objint_mpz.c", "py/objint_longlong.c", "py/modmath.c"];

pub fn apply(root: &Path) {
    for p in PATCHES {
        replace(root, p.file, p.from, p.to, p.count, p.why);
    }
    for f in DIVISION_FILES {
        replace(root, f, "MP_ERROR_TEXT(\"divide by zero\")", "MP_ERROR_TEXT(\"division by zero\")", 0, "CPython wording");
    }
}

fn replace(root: &Path, file: &str, from: &str, to: &str, count: usize, why: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("patch {file}: {e}"));
    let found = text.matches(from).count();
    let ok = if count == 0 { found > 0 } else { found == count };
    assert!(ok, "patch for {file} ({why}) no longer applies: found {found} occurrences");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}
