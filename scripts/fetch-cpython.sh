#!/usr/bin/env bash
# The pinned CPython 3.11 source, from Debian bookworm's `python3.11` source package (its
# upstream tarball, Python-3.11.2, the same bytes as python.org's), unpacked into
# build/cpython-<version>/ (scripts/fetch-debian-source.sh does the work; prints the path).
# The guest takes from it what CPython's own code does better than ours: the sre regex engine
# (Modules/_sre), libmpdec (Modules/_decimal/libmpdec) and pure-Python modules of Lib/.
# Nothing of it is committed; THIRD-PARTY-NOTICES carries the PSF license.
set -euo pipefail
VERSION=3.11.2
exec bash "$(dirname "$0")/fetch-debian-source.sh" cpython "$VERSION" python3.11 "$VERSION-6+deb12u8" \
    "python3.11_${VERSION}.orig.tar.gz" 2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849 \
    bookworm
