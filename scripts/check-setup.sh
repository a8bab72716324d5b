#!/usr/bin/env bash
# Checks that every external tool the build invokes is installed (scripts/setup-tools.txt lists
# them with their Debian packages). Fails naming each missing tool and the package to install.
#   scripts/check-setup.sh              check; exit 1 if anything is missing
#   scripts/check-setup.sh --packages   print the Debian packages of the list (for make setup)
#   scripts/check-setup.sh --missing    print the Debian packages whose check fails
#   scripts/check-setup.sh --for-build  check only what building the guest needs (crates/hyperlight-codeact/build.rs
#                                       runs this: no venv, and cargo is already running)
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
list="$root/scripts/setup-tools.txt"
SYSTEM_PYTHON=${SYSTEM_PYTHON:-/usr/bin/python3}
mode=${1:-check}
for t in grep awk sort head; do
    command -v "$t" >/dev/null || { echo "check-setup: needs $t (coreutils, grep, mawk)" >&2; exit 2; }
done

# check KIND:ARG -> 0 if satisfied; prints what was found on stdout.
check() {
    local kind=${1%%:*} arg=${1#*:}
    case "$kind" in
        cmd) command -v "$arg" ;;
        file) [[ -e "$arg" ]] && echo "$arg" ;;
        rustsrc)
            [[ -x "$arg" ]] || return 1
            local src
            src="$("$arg" --print sysroot 2>/dev/null)/lib/rustlib/src/rust/library/core/Cargo.toml"
            [[ -f "$src" ]] && echo "$src" ;;
        pymod) [[ -x "$SYSTEM_PYTHON" ]] && "$SYSTEM_PYTHON" -c "import $arg" 2>/dev/null && echo "$SYSTEM_PYTHON: $arg" ;;
        hostrust)
            command -v cargo >/dev/null && command -v rustc >/dev/null || return 1
            local v
            v=$(rustc --version 2>/dev/null | awk '{print $2}')
            [[ -n "$v" ]] && [[ "$(printf '%s\n%s\n' "$arg" "${v%%-*}" | sort -V | head -1)" == "$arg" ]] \
                && echo "$(command -v rustc) $v" ;;
        *) echo "unknown check kind in $list: $1" >&2; return 2 ;;
    esac
}

# What a line's check is called in messages.
label() {
    case "${1%%:*}" in
        rustsrc) echo "rust-src for ${1#*:}" ;;
        hostrust) echo "cargo+rustc>=${1#*:}" ;;
        pymod) echo "python3 -m ${1#*:}" ;;
        *) echo "${1#*:}" ;;
    esac
}

entries() { grep -v '^\s*#' "$list" | grep -v '^\s*$'; }

case "$mode" in
    --packages) entries | awk '$1 != "-" {print $1}' | sort -u; exit 0 ;;
    --missing)
        entries | while read -r pkg what why; do
            [[ "$pkg" == "-" ]] && continue
            check "$what" >/dev/null 2>&1 || echo "$pkg"
        done | sort -u
        exit 0 ;;
    check | --for-build) ;;
    *) echo "usage: $0 [--packages|--missing]" >&2; exit 2 ;;
esac

fail=0
while read -r pkg what why; do
    if [[ "$mode" == --for-build ]]; then
        case "$what" in pymod:* | hostrust:*) continue ;; esac
    fi
    if found=$(check "$what" 2>/dev/null); then
        printf 'ok       %-28s %s\n' "$(label "$what")" "$found"
    else
        fail=1
        if [[ "$pkg" == "-" ]]; then
            printf 'MISSING  %-28s %s\n' "$(label "$what")" "$why"
        else
            printf 'MISSING  %-28s install the Debian package %s (apt-get install %s, or make setup); needed by %s\n' \
                "$(label "$what")" "$pkg" "$pkg" "$why"
        fi
    fi
done < <(entries)
if [[ $fail -ne 0 ]]; then
    echo "check-setup: missing tools (above); \`make setup\` installs the Debian packages" >&2
    exit 1
fi
echo "check-setup: all build tools present"
