#!/usr/bin/env bash
# make fresh-check: the README's two commands (`make demo`, `make test`) on a fresh machine of
# this project's kind, built from nothing, timed.
#
# 1. debootstrap a clean Debian bookworm (this machine's release) into build/fresh/root;
# 2. install the machine kind's base: CPython 3.11 (Debian's python3), gcc, make, git,
#    ca-certificates with this machine's extra CAs (/usr/local/share/ca-certificates, e.g. an
#    egress proxy's) and /etc/pip.conf. The machine kind also has rustup's Rust in ~/.cargo; rustup cannot download
#    a toolchain here (only Debian, crates.io and PyPI are reachable), so this machine's ~/.rustup
#    and ~/.cargo/bin are bind-mounted READ-ONLY instead (the registry cache is the chroot's own,
#    so every crate is downloaded and built);
# 3. `git clone` the current commit (HEAD: uncommitted changes are not tested) to /src inside;
# 4. bind-mount /dev/kvm, run `make demo` then `make test` there, and print the time of each.
#
# Needs root, debootstrap (apt-get install debootstrap) and network access to deb.debian.org,
# crates.io and PyPI. Downloaded .debs are cached in build/fresh/debs; the root is new every run.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
base="$repo/build/fresh"
root="$base/root"
suite=bookworm
mirror=${FRESH_MIRROR:-http://deb.debian.org/debian}
rust_home=${FRESH_RUSTUP_HOME:-$HOME/.rustup}
cargo_bin=${FRESH_CARGO_BIN:-$HOME/.cargo/bin}

[[ $(id -u) -eq 0 ]] || { echo "fresh-check: needs root (debootstrap, chroot, mounts)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "fresh-check: needs debootstrap: apt-get install debootstrap" >&2; exit 1; }
[[ -c /dev/kvm ]] || { echo "fresh-check: /dev/kvm not found" >&2; exit 1; }
[[ -d "$rust_home/toolchains" && -x "$cargo_bin/cargo" ]] \
    || { echo "fresh-check: no rustup toolchain in $rust_home and $cargo_bin" >&2; exit 1; }

mounted() { awk -v r="$root" '$2 == r || index($2, r "/") == 1 {print $2}' /proc/mounts | sort -r; }
cleanup() {
    local m
    for m in $(mounted); do umount -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT
cleanup
if [[ -n "$(mounted)" ]]; then
    echo "fresh-check: cannot unmount $(mounted | head -1); not removing $root" >&2
    exit 1
fi

commit=$(git -C "$repo" rev-parse HEAD)
if [[ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]]; then
    echo "fresh-check: note: the working tree has uncommitted changes; testing the commit $commit"
fi

secs() { date +%s; }
took() { local s=$(( $(secs) - $1 )); printf '%dm%02ds' $((s / 60)) $((s % 60)); }

echo "== fresh-check of $commit in $root"
rm -rf --one-file-system "$root"
mkdir -p "$root" "$base/debs"
t=$(secs)
debootstrap --variant=minbase --cache-dir="$base/debs" "$suite" "$root" "$mirror" > "$base/debootstrap.log" 2>&1 \
    || { tail -20 "$base/debootstrap.log"; echo "fresh-check: debootstrap failed (log: $base/debootstrap.log)" >&2; exit 1; }
t_debootstrap=$(took "$t")
echo "debootstrap $suite: $t_debootstrap"

# The machine kind's apt sources: the release, its updates and the security archive (the guest
# toolchain, rustc-web 1.96 and lld-22, comes from bookworm-security).
cat > "$root/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The machine kind's CA trust: its extra CAs (an egress proxy's, here) and pip's setting to use
# the system bundle; without them every https download (crates.io, PyPI) fails verification.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
fi
[[ -f /etc/pip.conf ]] && cp /etc/pip.conf "$root/etc/pip.conf"

mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
mount -t tmpfs -o mode=755 dev "$root/dev"
for d in null zero full random urandom tty kvm; do
    touch "$root/dev/$d"
    mount --bind "/dev/$d" "$root/dev/$d"
done
mkdir -p "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
mount -t tmpfs tmpfs "$root/dev/shm"
ln -s /proc/self/fd "$root/dev/fd"

mkdir -p "$root/root/.rustup" "$root/root/.cargo/bin"
mount --bind "$rust_home" "$root/root/.rustup" && mount -o remount,bind,ro "$root/root/.rustup"
mount --bind "$cargo_bin" "$root/root/.cargo/bin" && mount -o remount,bind,ro "$root/root/.cargo/bin"

git clone -q --no-local "$repo" "$root/src/hyperlight-codeact"
git -C "$root/src/hyperlight-codeact" checkout -q "$commit"

in_root() {
    chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
        PATH=/root/.cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        /bin/bash -euo pipefail -c "$1"
}

t=$(secs)
in_root "export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null
         apt-get install -y -q --no-install-recommends python3 gcc libc6-dev make git ca-certificates >/dev/null
         update-ca-certificates >/dev/null
         python3 --version; gcc --version | head -1; cargo --version; rustc --version" 2>&1 | sed 's/^/  /'
t_base=$(took "$t")
echo "machine base installed: $t_base"

status=0
t=$(secs)
echo "== make demo"
in_root "cd /src/hyperlight-codeact && make demo" 2>&1 | tee "$base/demo.log" | sed 's/^/  /' || status=1
t_demo=$(took "$t")
echo "make demo: $t_demo $([[ $status -eq 0 ]] && echo passed || echo FAILED)"
if [[ $status -eq 0 ]]; then
    t=$(secs)
    echo "== make test"
    in_root "cd /src/hyperlight-codeact && make test" 2>&1 | tee "$base/test.log" | sed 's/^/  /' || status=1
    t_test=$(took "$t")
    echo "make test: $t_test $([[ $status -eq 0 ]] && echo passed || echo FAILED)"
    in_root "cd /src/hyperlight-codeact && .venv/bin/python -m hyperlight_codeact doctor" 2>&1 | sed 's/^/  /' || true
fi

echo "== fresh-check summary ($commit)"
echo "debootstrap:  $t_debootstrap"
echo "base install: $t_base"
echo "make demo:    $t_demo"
echo "make test:    ${t_test:-not run}"
echo "result:       $([[ $status -eq 0 ]] && echo PASS || echo FAIL) (logs: $base/demo.log, $base/test.log)"
exit $status
