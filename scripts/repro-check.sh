#!/usr/bin/env bash
# Checks that the guest is reproducible: copies this checkout's source to two directories with
# different paths, builds the guest in each (crates/hyperlight-codeact/build.rs, through
# `cargo check -p hyperlight-codeact`, each with its own CARGO_TARGET_DIR), and compares the
# `guest sha256` each build prints. Exit 0 when equal. Slow (two guest builds from scratch:
# 10 to 15 minutes on 2 cores), so `make test` does not run it: `make repro-check` does.
#   scripts/repro-check.sh [WORKDIR]   (default: a new directory under ${TMPDIR:-/tmp}, removed after)
set -euo pipefail
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-}
if [[ -z "$work" ]]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/hlc-repro.XXXXXX")
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"

# The files of the commit (git ls-files, with uncommitted edits) or, outside git (an unpacked
# sdist), everything but build outputs. MicroPython's source is copied when already fetched.
copy_source() {
    local dest=$1
    mkdir -p "$dest"
    if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
        (cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$dest"
    else
        (cd "$root" && tar --exclude=./target --exclude='./target-*' --exclude=./build --exclude=./.venv \
            --exclude=./guest/target --exclude=./dist -cf - .) | tar -xf - -C "$dest"
    fi
    if [[ -d "$root/build/micropython-1.26.1" ]]; then
        mkdir -p "$dest/build"
        cp -a "$root/build/micropython-1.26.1" "$dest/build/"
    fi
}

hashes=()
for name in first/hyperlight-codeact second-checkout/elsewhere; do
    src="$work/$name"
    copy_source "$src"
    echo "repro-check: building the guest in $src (CARGO_TARGET_DIR=$src-target)" >&2
    log="$work/$(echo "$name" | tr / _).log"
    if ! (cd "$src" && env -u HYPERLIGHT_CODEACT_GUEST -u HLC_GUEST_DIR -u HLC_MICROPYTHON_DIR \
            CARGO_TARGET_DIR="$src-target" nice cargo check -p hyperlight-codeact --release) >"$log" 2>&1; then
        tail -40 "$log" >&2
        echo "repro-check: the build in $src failed (log above)" >&2
        exit 1
    fi
    h=$(grep -o 'guest sha256 [0-9a-f]\{64\}' "$log" | awk '{print $3}' | tail -1)
    [[ -n "$h" ]] || { cat "$log" >&2; echo "repro-check: no 'guest sha256' line in the build output" >&2; exit 1; }
    echo "repro-check: $src: guest sha256 $h"
    hashes+=("$h")
done

if [[ "${hashes[0]}" == "${hashes[1]}" ]]; then
    echo "repro-check: OK, both builds give guest sha256 ${hashes[0]}"
else
    echo "repro-check: FAIL, the guests differ (${hashes[0]} vs ${hashes[1]})" >&2
    exit 1
fi
