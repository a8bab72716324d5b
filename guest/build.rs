//! Builds the interpreter (MicroPython's embed port with our `c/` port files) and, for the
//! bare-metal target, the CPL0 kernel.
//!
//! MicroPython comes from Debian's source package, fetched and hash-checked by
//! `scripts/fetch-micropython.sh` into `build/` (never committed). We copy the parts we use
//! into a fresh directory in OUT_DIR, apply our patch series (`micropython/patches/*.patch`,
//! in order, with GNU patch), generate MicroPython's headers (qstrs, module table) with its own
//! makefiles, and compile everything with clang-16 for the guest or with the system C compiler
//! for the native CLI.

#[path = "build_kernel.rs"]
mod kernel;

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const MICROPYTHON_VERSION: &str = "1.26.1";
/// The CPython whose `re` the guest runs (its pattern compiler and its C matcher).
const CPYTHON_VERSION: &str = "3.11.2";
const BARE_METAL: &str = "x86_64-hyperlight-none";

/// MicroPython sources compiled besides `py/*.c` (modre.c includes lib/re1.5 itself).
const EXTRA_SOURCES: &[&str] = &[
    "extmod/modjson.c",
    "extmod/modre.c",
    "extmod/modrandom.c",
    "extmod/modheapq.c",
    "extmod/modbinascii.c",
    "extmod/modplatform.c",
    "extmod/modhashlib.c",
    "shared/runtime/gchelper_generic.c",
];

/// Our port's C files (in `c/`).
const PORT_SOURCES: &[&str] = &["hlc_port.c", "hlc_compat.c", "hlc_map.c", "hlc_tools.c", "hlc_fidelity.c", "hlc_set.c", "hlc_exc.c", "hlc_math.c", "hlc_lang.c", "hlc_unicode.c", "hlc_dictview.c", "hlc_numcmp.c", "hlc_seq.c", "hlc_sizeof.c", "hlc_asyncio.c", "hlc_buffer.c", "hlc_strindex.c", "hlc_json.c", "hlc_slots.c", "hlc_args.c", "hlc_datetime.c", "hlc_collections.c", "hlc_sre.c"];

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let bare = env::var("TARGET").unwrap() == BARE_METAL;
    println!("cargo:rerun-if-env-changed=HLC_MICROPYTHON_DIR");
    println!("cargo:rerun-if-env-changed=HLC_CPYTHON_DIR");
    println!("cargo:rerun-if-changed=cpython");
    println!("cargo:rerun-if-changed=c");
    println!("cargo:rerun-if-changed=micropython/patches");
    println!("cargo:rerun-if-changed=build_kernel.rs");
    println!("cargo:rerun-if-changed=frozen");

    let upstream = env::var_os("HLC_MICROPYTHON_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join(format!("../build/micropython-{MICROPYTHON_VERSION}")));
    if !upstream.join("py/mpconfig.h").exists() {
        panic!(
            "MicroPython {MICROPYTHON_VERSION} source not found at {}: run scripts/fetch-micropython.sh (or `make setup`)",
            upstream.display()
        );
    }

    let cpython = env::var_os("HLC_CPYTHON_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join(format!("../build/cpython-{CPYTHON_VERSION}")));
    if !cpython.join("Lib/re/_parser.py").exists() || !cpython.join("Modules/_sre/sre_lib.h").exists() {
        panic!(
            "CPython {CPYTHON_VERSION} source not found at {}: run scripts/fetch-cpython.sh (or `make setup`)",
            cpython.display()
        );
    }
    let sre = prepare_sre(&cpython, &out);

    let mpy = out.join("micropython");
    // A fresh copy every time: the series applies to the pristine tree only.
    if mpy.exists() {
        std::fs::remove_dir_all(&mpy).unwrap_or_else(|e| panic!("removing {}: {e}", mpy.display()));
    }
    copy_tree(
        &upstream,
        &mpy,
        &["py", "extmod", "shared", "lib/re1.5", "lib/libm_dbl", "lib/crypto-algorithms", "ports/embed", "tools"],
    );
    std::fs::copy(upstream.join("ports/embed/embed.mk"), mpy.join("ports/embed/embed.mk")).unwrap();
    apply_patches(&manifest.join("micropython/patches"), &mpy);

    let port = out.join("port");
    std::fs::create_dir_all(&port).unwrap();
    for entry in std::fs::read_dir(manifest.join("c")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, port.join(path.file_name().unwrap())).unwrap();
        }
    }
    // The boundary's tables for the C port, from the protocol crate (a build-dependency).
    std::fs::write(port.join("hlc_protocol.h"), hyperlight_codeact_protocol::c_header()).unwrap();
    generate_unicode_tables(&manifest, &port);
    generate_headers(&mpy, &port, &out);
    let frozen = freeze_modules(&upstream, &manifest.join("frozen"), &cpython_re(&manifest, &cpython, &out), &out);

    let (cc, ar) = if bare { ("clang-16", "llvm-ar-16") } else { ("cc", "ar") };
    let mut sources: Vec<PathBuf> = std::fs::read_dir(mpy.join("py"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "c"))
        .collect();
    sources.extend(EXTRA_SOURCES.iter().map(|s| mpy.join(s)));
    sources.extend(PORT_SOURCES.iter().map(|s| port.join(s)));
    sources.push(frozen);
    if bare {
        sources.extend(
            std::fs::read_dir(mpy.join("lib/libm_dbl"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "c") && !p.ends_with("thumb_vfp_sqrt.c")),
        );
        sources.push(port.join("libc_shim.c"));
    }
    sources.sort();

    // Sections per function/object so the final link drops what nothing uses. Warnings that
    // are always bugs (a missing prototype truncates a returned pointer) fail the build.
    let mut flags: Vec<String> = [
        "-O2",
        "-std=gnu99",
        "-ffunction-sections",
        "-fdata-sections",
        "-Werror=implicit-function-declaration",
        "-Werror=int-conversion",
        "-Werror=incompatible-pointer-types",
    ]
    .map(String::from)
    .to_vec();
    // Reproducible objects: no absolute build path (checkout, OUT_DIR) in __FILE__ or anywhere
    // else, so the same commit built in two checkouts gives the same guest.
    let checkout = manifest.parent().unwrap_or(&manifest).to_path_buf();
    flags.push(format!("-ffile-prefix-map={}=/hyperlight-codeact", checkout.display()));
    flags.push(format!("-ffile-prefix-map={}=/out", out.display()));
    for inc in [port.clone(), mpy.clone(), out.join("build-embed"), sre] {
        flags.push(format!("-I{}", inc.display()));
    }
    if bare {
        flags.extend(kernel::BARE_METAL_CFLAGS.iter().map(|s| (*s).to_string()));
        flags.extend(["-nostdinc", "-msse2", "-fno-builtin-printf"].map(String::from));
        flags.push(format!("-I{}", manifest.join("c/include").display()));
        flags.push(format!("-isystem{}", clang_resource_include(cc).display()));
        flags.push(format!("-I{}", mpy.join("lib/libm_dbl").display()));
    } else {
        flags.extend(["-fPIC", "-g0"].map(String::from));
    }
    let objs = compile_all(cc, &flags, &sources, &out.join("obj"));
    let lib = out.join("libhlc_python.a");
    let _ = std::fs::remove_file(&lib);
    run(Command::new(ar).arg("crsD").arg(&lib).args(&objs));
    println!("cargo:rustc-link-search=native={}", out.display());
    println!("cargo:rustc-link-lib=static=hlc_python");
    if bare {
        kernel::build(cc, ar, &manifest, &out);
    } else {
        println!("cargo:rustc-link-lib=m");
    }
}

fn run(cmd: &mut Command) {
    let status = cmd.status().unwrap_or_else(|e| panic!("running {cmd:?}: {e}"));
    assert!(status.success(), "command failed: {cmd:?}");
}

/// Applies the patch series (`NNNN-topic.patch`, unified diffs against the pristine pinned
/// MicroPython, `-p1`) in file-name order with GNU patch, exactly: no fuzz, no reversed or
/// already-applied patches. A patch that does not apply stops the build, naming the patch file
/// and patch's own report of the failing file and hunk (guest/micropython/README.md).
fn apply_patches(series: &Path, tree: &Path) {
    let mut patches: Vec<PathBuf> = std::fs::read_dir(series)
        .unwrap_or_else(|e| panic!("patch series {}: {e}", series.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "patch"))
        .collect();
    patches.sort();
    assert!(!patches.is_empty(), "no *.patch in {}", series.display());
    for patch in &patches {
        println!("cargo:rerun-if-changed={}", patch.display());
        let output = Command::new("patch")
            .args(["-p1", "--fuzz=0", "--batch", "--forward", "--no-backup-if-mismatch", "--reject-file=-"])
            .arg("-d")
            .arg(tree)
            .arg("-i")
            .arg(patch)
            .output()
            .unwrap_or_else(|e| panic!("running GNU patch (Debian package `patch`, installed by `make setup`): {e}"));
        if !output.status.success() {
            panic!(
                "guest/micropython/patches/{} does not apply to MicroPython {MICROPYTHON_VERSION}:\n{}{}\n\
                 (see guest/micropython/README.md, \"Rebasing onto a new MicroPython\")",
                patch.file_name().unwrap().to_string_lossy(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

fn copy_tree(from: &Path, to: &Path, dirs: &[&str]) {
    for d in dirs {
        let src = from.join(d);
        let dst = to.join(d);
        std::fs::create_dir_all(&dst).unwrap();
        run(Command::new("cp").arg("-a").arg(format!("{}/.", src.display())).arg(&dst));
    }
}

/// Runs MicroPython's own header generation (qstrs, module table, root pointers, version)
/// through its embed makefile, over the sources we compile.
fn generate_headers(mpy: &Path, port: &Path, out: &Path) {
    // make is incremental: it regenerates only what changed sources need.
    let build = out.join("build-embed");
    // Source paths relative to `port` (make's working directory): py/makeqstrdefs.py names one
    // file per source after the source's path as given, '/' turned into "__", so absolute paths
    // under a deep target directory (the guest's OUT_DIR is nested in the host's) passed the
    // 255-byte file name limit: the build failed with ENAMETOOLONG (File name too long).
    let top = match (mpy.parent(), port.parent(), mpy.file_name()) {
        (Some(a), Some(b), Some(name)) if a == b => Path::new("..").join(name),
        _ => mpy.to_path_buf(),
    };
    let mut qstr_sources: Vec<String> = EXTRA_SOURCES.iter().map(|s| (*s).to_string()).collect();
    qstr_sources.extend(PORT_SOURCES.iter().map(|s| (*s).to_string()));
    let makefile = out.join("genhdr.mk");
    let text = format!(
        "MICROPYTHON_TOP = {mpy}\nSRC_QSTR += {srcs}\ninclude {mpy}/ports/embed/embed.mk\n",
        mpy = top.display(),
        srcs = qstr_sources.join(" "),
    );
    // Generated files named after the old source paths would be merged with the new ones.
    if std::fs::read_to_string(&makefile).is_ok_and(|old| old != text) {
        let _ = std::fs::remove_dir_all(&build);
    }
    std::fs::write(&makefile, text).unwrap();
    let headers = ["moduledefs.h", "mpversion.h", "qstrdefs.generated.h", "root_pointers.h"]
        .map(|h| build.join("genhdr").join(h).display().to_string());
    run(Command::new("make")
        .arg("-s")
        .arg("-f")
        .arg(&makefile)
        .arg(format!("BUILD={}", build.display()))
        .args(headers)
        .current_dir(port)
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        // py/makeversionhdr.py (mpversion.h, sys.version) would take `git describe` of whatever
        // repository encloses OUT_DIR (our checkout: its commit, ".dirty") and today's date: pin
        // both to the MicroPython release, so the guest does not depend on where or when it is built.
        .env("MICROPY_GIT_TAG", format!("v{MICROPYTHON_VERSION}"))
        .env("MICROPY_GIT_HASH", "")
        .env("SOURCE_DATE_EPOCH", MICROPYTHON_RELEASE_EPOCH)
        .env("CC", "cc"));
}

/// MicroPython 1.26.1's release (2025-09-11 04:21 UTC, the date of its source tarball's files):
/// the build date in `sys.version`.
const MICROPYTHON_RELEASE_EPOCH: &str = "1757564460";

/// Compiles every `frozen/**/*.py` to bytecode with MicroPython's `mpy-cross` (built from the
/// unpatched source: the bytecode format is upstream's) and turns the set into C with
/// `tools/mpy-tool.py`, exactly as MicroPython's own `makemanifest.py` does for its ports.
/// Frozen modules are imported from ROM: no parsing or compiling at run time, and their
/// constant objects and qstrs live in the image, not on the per-run heap.
/// `extra` are modules from outside the tree: (module path such as `re/_parser.py`, file).
/// Returns the generated `frozen_content.c`.
fn freeze_modules(upstream: &Path, frozen_dir: &Path, extra: &[(PathBuf, PathBuf)], out: &Path) -> PathBuf {
    let build = out.join("mpy-cross");
    let mpy_cross = build.join("mpy-cross");
    run(Command::new("make")
        .arg("-s")
        .arg("-C")
        .arg(upstream.join("mpy-cross"))
        .arg(format!("BUILD={}", build.display()))
        .arg("PROG=mpy-cross")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .env("CC", "cc"));

    let mut found = Vec::new();
    collect_py(frozen_dir, frozen_dir, &mut found);
    let mut modules: Vec<(PathBuf, PathBuf)> = found.into_iter().map(|rel| (frozen_dir.join(&rel), rel)).collect();
    modules.extend(extra.iter().map(|(rel, file)| (file.clone(), rel.clone())));
    modules.sort_by(|a, b| a.1.cmp(&b.1));
    let mpy_dir = out.join("frozen_mpy");
    let _ = std::fs::remove_dir_all(&mpy_dir);
    let mut mpy_files = Vec::new();
    for (file, rel) in &modules {
        let mpy = mpy_dir.join(rel).with_extension("mpy");
        std::fs::create_dir_all(mpy.parent().unwrap()).unwrap();
        run(Command::new(&mpy_cross)
            .arg("-o")
            .arg(&mpy)
            .arg("-s")
            .arg(rel)
            .arg("-msmall-int-bits=63")
            .arg(file));
        mpy_files.push(mpy);
    }
    let content = out.join("frozen_content.c");
    let qstr_header = out.join("build-embed/genhdr/qstrdefs.preprocessed.h");
    let output = Command::new("python3")
        .arg(out.join("micropython/tools/mpy-tool.py"))
        .arg("-f")
        .arg("-q")
        .arg(&qstr_header)
        // py/mpz.h picks 32-bit digits on x86-64; the generated file #errors on a mismatch.
        .arg("-mmpz-dig-size=32")
        .args(&mpy_files)
        .output()
        .expect("running python3 tools/mpy-tool.py");
    assert!(output.status.success(), "mpy-tool.py failed: {}", String::from_utf8_lossy(&output.stderr));
    assert!(!mpy_files.is_empty(), "no frozen modules in {}", frozen_dir.display());
    std::fs::write(&content, &output.stdout).unwrap();
    content
}

/// `hlc_unicode_tables.h`, the Unicode data of c/hlc_unicode.c (str methods beyond ASCII),
/// generated by `gen_unicode_tables.py` into the port directory: never kept in the tree.
fn generate_unicode_tables(manifest: &Path, port: &Path) {
    let text = run_generator(manifest, "gen_unicode_tables.py", "hlc_unicode_tables.h");
    std::fs::write(port.join("hlc_unicode_tables.h"), text).unwrap();
}

/// CPython's `re` package (Lib/re, the pattern compiler) from the fetched CPython source, with
/// `cpython/re-micropython.patch` applied (only what MicroPython's object model needs), frozen as
/// `re/*.py`; `_sre` (frozen/_sre.py and c/hlc_sre.c) runs its code with CPython's matcher.
fn cpython_re(manifest: &Path, cpython: &Path, out: &Path) -> Vec<(PathBuf, PathBuf)> {
    const FILES: &[&str] = &["__init__.py", "_casefix.py", "_compiler.py", "_constants.py", "_parser.py"];
    let tree = out.join("cpython-re");
    let _ = std::fs::remove_dir_all(&tree);
    let dir = tree.join("Lib/re");
    std::fs::create_dir_all(&dir).unwrap();
    for f in FILES {
        std::fs::copy(cpython.join("Lib/re").join(f), dir.join(f)).unwrap_or_else(|e| panic!("Lib/re/{f}: {e}"));
    }
    let patch = manifest.join("cpython/re-micropython.patch");
    println!("cargo:rerun-if-changed={}", patch.display());
    let output = Command::new("patch")
        .args(["-p1", "--fuzz=0", "--batch", "--forward", "--no-backup-if-mismatch", "--reject-file=-"])
        .arg("-d")
        .arg(&tree)
        .arg("-i")
        .arg(&patch)
        .output()
        .unwrap_or_else(|e| panic!("running GNU patch: {e}"));
    assert!(
        output.status.success(),
        "guest/cpython/re-micropython.patch does not apply to CPython {CPYTHON_VERSION}'s Lib/re:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    FILES.iter().map(|f| (PathBuf::from("re").join(f), dir.join(f))).collect()
}

/// CPython's matcher for c/hlc_sre.c, into `out/sre` (returned, an include directory): the
/// headers of Modules/_sre as they are, and from sre.c the two parts that are plain C (no Python
/// objects): the matcher (character classes, case mapping, the SRE(match)/SRE(search)
/// instantiations of sre_lib.h) as `sre_engine.h` and the code validator as `sre_validate.h`.
/// Each part is cut at marker lines; a marker that is missing (another CPython) stops the build.
fn prepare_sre(cpython: &Path, out: &Path) -> PathBuf {
    let src = cpython.join("Modules/_sre");
    let dir = out.join("sre");
    std::fs::create_dir_all(&dir).unwrap();
    for h in ["sre.h", "sre_constants.h", "sre_lib.h", "sre_targets.h"] {
        std::fs::copy(src.join(h), dir.join(h)).unwrap_or_else(|e| panic!("Modules/_sre/{h}: {e}"));
    }
    let text = std::fs::read_to_string(src.join("sre.c")).expect("Modules/_sre/sre.c");
    let cut = |start: &str, end: &str| -> String {
        let a = text.find(start).unwrap_or_else(|| panic!("Modules/_sre/sre.c: marker {start:?} not found"));
        let b = text[a..].find(end).unwrap_or_else(|| panic!("Modules/_sre/sre.c: marker {end:?} not found")) + a;
        text[a..b].to_string()
    };
    let header = "// Extracted by guest/build.rs from CPython's Modules/_sre/sre.c (see c/hlc_sre.c).\n";
    // c/hlc_sre.c defines the three <ctype.h> functions the LOCALE classes use.
    let engine = cut("#define SRE_CODE_BITS", "/* factories and destructors */");
    assert!(engine.contains("#include <ctype.h>\n"), "Modules/_sre/sre.c: no #include <ctype.h> in the matcher part");
    let engine = engine.replacen("#include <ctype.h>\n", "", 1);
    std::fs::write(dir.join("sre_engine.h"), format!("{header}{engine}")).unwrap();
    let validate = cut("/* Defining this one enables tracing of the validator */", "static int\n_validate(PatternObject *self)");
    std::fs::write(dir.join("sre_validate.h"), format!("{header}{validate}")).unwrap();
    dir
}

/// The Unicode version of CPython 3.11, whose str methods and `re` the guest reproduces.
const UNICODE_VERSION: &str = "14.0.0";

/// Runs a table generator under a CPython whose `unicodedata` is Unicode 14.0.0 and checks its
/// output against the sha256 pinned in `unicode-tables.sha256`: the tables come from that pinned
/// data, never from whatever CPython the build machine happens to have (which would make the
/// guest differ from machine to machine).
fn run_generator(manifest: &Path, script: &str, output_name: &str) -> Vec<u8> {
    let script_path = manifest.join(script);
    let pins = manifest.join("unicode-tables.sha256");
    println!("cargo:rerun-if-changed={}", script_path.display());
    println!("cargo:rerun-if-changed={}", pins.display());
    println!("cargo:rerun-if-env-changed=HLC_UNICODE_PYTHON");
    let python = unicode_python();
    let output = Command::new(&python)
        .arg(&script_path)
        .output()
        .unwrap_or_else(|e| panic!("running {python} {script}: {e}"));
    assert!(output.status.success(), "{script} failed: {}", String::from_utf8_lossy(&output.stderr));
    let pinned = std::fs::read_to_string(&pins).expect("guest/unicode-tables.sha256");
    let want = pinned
        .lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| l.split_once("  ").filter(|(_, name)| name.trim() == output_name).map(|(h, _)| h.trim().to_string()))
        .unwrap_or_else(|| panic!("no sha256 for {output_name} in {}", pins.display()));
    let got = sha256_hex(&output.stdout);
    assert!(
        got == want,
        "{script} under {python} produced {output_name} with sha256 {got}, but guest/unicode-tables.sha256 pins {want}. \
         If you changed {script}, update that line; otherwise build with a CPython 3.11 (HLC_UNICODE_PYTHON=/path/to/python3.11)"
    );
    output.stdout
}

/// The first of `$HLC_UNICODE_PYTHON`, `python3.11`, `/usr/bin/python3.11`, `python3` whose
/// `unicodedata` is Unicode 14.0.0.
fn unicode_python() -> String {
    let candidates: Vec<String> = env::var("HLC_UNICODE_PYTHON")
        .ok()
        .into_iter()
        .chain(["python3.11", "/usr/bin/python3.11", "python3"].map(String::from))
        .collect();
    for py in &candidates {
        let version = Command::new(py).args(["-c", "import unicodedata; print(unicodedata.unidata_version)"]).output();
        if let Ok(out) = version {
            if out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == UNICODE_VERSION {
                return py.clone();
            }
        }
    }
    panic!(
        "the guest's Unicode tables need a CPython with Unicode {UNICODE_VERSION} (CPython 3.11); none of {candidates:?} has it: \
         install python3.11 or set HLC_UNICODE_PYTHON"
    );
}

fn sha256_hex(data: &[u8]) -> String {
    use std::io::Write as _;
    let mut child = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("running sha256sum");
    child.stdin.take().unwrap().write_all(data).unwrap();
    let out = child.wait_with_output().expect("sha256sum");
    assert!(out.status.success(), "sha256sum failed");
    String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or_default().to_string()
}

/// Paths (relative to `root`) of the `.py` files under `dir`.
fn collect_py(root: &Path, dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_py(root, &path, found);
        } else if path.extension().is_some_and(|e| e == "py") {
            found.push(path.strip_prefix(root).unwrap().to_path_buf());
        }
    }
}

fn clang_resource_include(cc: &str) -> PathBuf {
    let out = Command::new(cc).arg("-print-resource-dir").output().expect("clang-16 -print-resource-dir");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim()).join("include")
}

/// Compiles in parallel (one job per core), returning the object paths.
fn compile_all(cc: &str, flags: &[String], sources: &[PathBuf], objdir: &Path) -> Vec<PathBuf> {
    std::fs::create_dir_all(objdir).unwrap();
    let jobs = std::thread::available_parallelism().map_or(2, usize::from);
    let objs: Vec<PathBuf> = sources
        .iter()
        .map(|s| {
            let parent = s.parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
            objdir.join(format!("{parent}_{}.o", s.file_stem().unwrap().to_string_lossy()))
        })
        .collect();
    let work: Vec<(&PathBuf, &PathBuf)> = sources.iter().zip(&objs).collect();
    std::thread::scope(|scope| {
        for chunk in work.chunks(work.len().div_ceil(jobs)) {
            scope.spawn(move || {
                for (src, obj) in chunk {
                    run(Command::new(cc).args(flags).arg("-c").arg(src).arg("-o").arg(obj));
                }
            });
        }
    });
    objs
}
