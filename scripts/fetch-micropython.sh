#!/usr/bin/env bash
# Fetches the pinned MicroPython source from Debian's `micropython` source package, checks its
# sha256 and unpacks it into build/micropython-<version>/. Idempotent: once unpacked and
# verified (stamp file), it only prints the path. Uses a private apt configuration (own
# sources list, lists and cache under build/apt), so the system's apt setup is left untouched.
# The source is never committed.
#
# Why 1.26.1 (sid/forky) and not trixie's 1.25.0: 1.25's float parser misreads many 17-digit
# literals (e.g. 973.6640168902517), while 1.26's is near-exact; 1.26 also words AttributeError
# like CPython and supports '{:_}'. (Float repr/formatting is exact Rust code either way.)
set -euo pipefail

VERSION=1.26.1
DEBIAN_VERSION=${VERSION}+ds-1
ORIG=micropython_${VERSION}+ds.orig.tar.xz
SHA256=f5ad2ec89d3e921f753d448955af98b6005655f84ba26087dde6ba0e8d062f34
# Suites that carry $DEBIAN_VERSION (sid first; forky keeps it after sid moves on).
SUITES=(sid forky)
MIRROR=http://deb.debian.org/debian

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/build/micropython-$VERSION"
stamp="$dest/.hlc-verified"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$SHA256" ]]; then
    echo "$dest"
    exit 0
fi

work="$root/build/apt"
tarball="$work/src/$ORIG"
verified() { [[ -f "$tarball" ]] && echo "$SHA256  $tarball" | sha256sum -c --quiet - >/dev/null 2>&1; }

if ! verified; then
    mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
    : > "$work/sources.list"
    for suite in "${SUITES[@]}"; do
        echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR $suite main" >> "$work/sources.list"
    done
    apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root
              # sid's and forky's Release files expire within days (Valid-Until), and the mirror may be
              # a snapshot: an expired list must not stop the fetch. The sha256 pin below is what we
              # trust, not the lists.
              -o Acquire::Check-Valid-Until=false)
    apt-get "${apt_opts[@]}" -qq update >&2
    if ! (cd "$work/src" && apt-get "${apt_opts[@]}" -qq source --download-only "micropython=$DEBIAN_VERSION" >&2); then
        # No listed suite carries this version any more: the archive's pool may still hold the
        # file (the sha256 pin below is what we trust, not the transport).
        echo "apt has no micropython=$DEBIAN_VERSION; trying the pool directly" >&2
        python3 - "$MIRROR/pool/main/m/micropython/$ORIG" "$tarball" <<'PY'
import sys, urllib.request
urllib.request.urlretrieve(sys.argv[1], sys.argv[2])
PY
    fi
fi
verified || { echo "sha256 mismatch for $tarball (want $SHA256)" >&2; exit 1; }

rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
tar -xJf "$tarball" -C "$dest.tmp" --strip-components=1
rm -rf "$dest" && mv "$dest.tmp" "$dest"
echo "$SHA256" > "$stamp"
echo "$dest"
