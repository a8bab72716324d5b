#!/usr/bin/env bash
# Fetches one pinned upstream source tarball (".orig.tar.*") of a Debian source package, checks
# its sha256 and unpacks it into build/<name>-<version>/. Idempotent: once unpacked and verified
# (stamp file), it only prints the path. Uses a private apt configuration (own sources list,
# lists and cache under build/apt), so the system's apt setup is left untouched. What it fetches
# is never committed. The wrappers (fetch-micropython.sh, fetch-cpython.sh) hold the pins.
#
# usage: fetch-debian-source.sh NAME VERSION PACKAGE DEBIAN_VERSION ORIG SHA256 SUITE...
#   NAME-VERSION  directory under build/ to unpack into
#   PACKAGE=DEBIAN_VERSION  what `apt-get source --download-only` asks for
#   ORIG, SHA256  the upstream tarball in that source package and its pinned sha256
#   SUITE...      suites whose deb-src lines are used (e.g. bookworm bookworm-security:debian-security)
#                 A suite written SUITE:ARCHIVE is taken from that archive (default "debian").
set -euo pipefail

[[ $# -ge 7 ]] || { echo "usage: $0 NAME VERSION PACKAGE DEBIAN_VERSION ORIG SHA256 SUITE..." >&2; exit 2; }
name=$1 version=$2 package=$3 debian_version=$4 orig=$5 sha256=$6
shift 6
suites=("$@")
MIRROR=http://deb.debian.org

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/build/$name-$version"
stamp="$dest/.hlc-verified"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$sha256" ]]; then
    echo "$dest"
    exit 0
fi

work="$root/build/apt"
tarball="$work/src/$orig"
verified() { [[ -f "$tarball" ]] && echo "$sha256  $tarball" | sha256sum -c --quiet - >/dev/null 2>&1; }

if ! verified; then
    # One lists directory per package: two fetches (e.g. from two build steps) never share it.
    lists="$work/lists-$package"
    mkdir -p "$lists/partial" "$work/cache-$package/archives/partial" "$work/src"
    : > "$work/sources-$package.list"
    for entry in "${suites[@]}"; do
        suite=${entry%%:*}
        archive=debian
        [[ "$entry" == *:* ]] && archive=${entry#*:}
        echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $MIRROR/$archive $suite main" >> "$work/sources-$package.list"
    done
    apt_opts=(-o "Dir::Etc::SourceList=$work/sources-$package.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$lists" -o "Dir::Cache=$work/cache-$package" -o APT::Sandbox::User=root
              # sid's and forky's Release files expire within days (Valid-Until), and the mirror may be
              # a snapshot: an expired list must not stop the fetch. The sha256 pin is what we
              # trust, not the lists.
              -o Acquire::Check-Valid-Until=false)
    apt-get "${apt_opts[@]}" -qq update >&2
    # Only the upstream tarball is needed: download the source package's files, keep ORIG.
    if ! (cd "$work/src" && apt-get "${apt_opts[@]}" -qq source --download-only "$package=$debian_version" >&2); then
        # No listed suite carries this version any more: the archive's pool may still hold the
        # file (the sha256 pin is what we trust, not the transport).
        echo "apt has no $package=$debian_version; trying the pool directly" >&2
        # The pool's directory is the name's first letter, or its first four for lib* packages.
        prefix=${package:0:1}
        [[ "$package" == lib* ]] && prefix=${package:0:4}
        python3 - "$MIRROR/debian/pool/main/$prefix/$package/$orig" "$tarball" <<'PY'
import sys, urllib.request
urllib.request.urlretrieve(sys.argv[1], sys.argv[2])
PY
    fi
fi
verified || { echo "sha256 mismatch for $tarball (want $sha256)" >&2; exit 1; }

rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
tar -xf "$tarball" -C "$dest.tmp" --strip-components=1
rm -rf "$dest" && mv "$dest.tmp" "$dest"
echo "$sha256" > "$stamp"
echo "$dest"
