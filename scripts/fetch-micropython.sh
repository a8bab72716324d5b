#!/usr/bin/env bash
# The pinned MicroPython source, from Debian's `micropython` source package, unpacked into
# build/micropython-<version>/ (scripts/fetch-debian-source.sh does the work; prints the path).
#
# Why 1.26.1 (sid/forky) and not trixie's 1.25.0: 1.25's float parser misreads many 17-digit
# literals (e.g. 973.6640168902517), while 1.26's is near-exact; 1.26 also words AttributeError
# like CPython and supports '{:_}'. (Float repr/formatting is exact Rust code either way.)
set -euo pipefail
VERSION=1.26.1
# Suites that carry the Debian version (sid first; forky keeps it after sid moves on).
exec bash "$(dirname "$0")/fetch-debian-source.sh" micropython "$VERSION" micropython "$VERSION+ds-1" \
    "micropython_${VERSION}+ds.orig.tar.xz" f5ad2ec89d3e921f753d448955af98b6005655f84ba26087dde6ba0e8d062f34 \
    sid forky
