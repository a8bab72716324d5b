#!/usr/bin/env bash
# Fetches the pinned MicroPython source from Debian's `micropython` source package, checks its
# sha256 and unpacks it into build/micropython-<version>/. Idempotent. Uses a private apt
# configuration so the system's apt setup is left untouched. The source is never committed.
set -euo pipefail

VERSION=1.25.0
ORIG=micropython_${VERSION}+ds.orig.tar.xz
SHA256=7b25be99a502f070b2de81dafc08da7051d992325d6e67daa9045a918fffdbea
SUITE=trixie

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/build/micropython-$VERSION"
stamp="$dest/.hlc-verified"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$SHA256" ]]; then
    echo "$dest"
    exit 0
fi

work="$root/build/apt"
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/src"
cat > "$work/sources.list" <<SRC
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SUITE main
SRC
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
tarball="$work/src/$ORIG"
if [[ ! -f "$tarball" ]] || ! echo "$SHA256  $tarball" | sha256sum -c --quiet - 2>/dev/null; then
    apt-get "${apt_opts[@]}" -qq update >&2
    (cd "$work/src" && apt-get "${apt_opts[@]}" -qq source --download-only "micropython=${VERSION}+ds-1" >&2)
fi
echo "$SHA256  $tarball" | sha256sum -c --quiet - || { echo "sha256 mismatch for $tarball" >&2; exit 1; }

rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
tar -xJf "$tarball" -C "$dest.tmp" --strip-components=1
rm -rf "$dest" && mv "$dest.tmp" "$dest"
echo "$SHA256" > "$stamp"
echo "$dest"
