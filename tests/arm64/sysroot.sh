#!/usr/bin/env bash
# Prints the path of an arm64 root for running the arm64 programs under qemu-aarch64-static on an x86
# machine (QEMU_LD_PREFIX), making it first if needed: Debian's cross C library (/usr/aarch64-linux-gnu)
# plus what the Pi has and the cross packages lack, OpenSSL (libssl3:arm64), which .NET loads for
# hashing and TLS. Installs qemu-user-static and the cross libc with apt when missing. Idempotent;
# the root is kept under ${NECKCARE_ARM64_ROOT:-/var/tmp/neckcare-arm64-root}.
set -euo pipefail
target="${NECKCARE_ARM64_ROOT:-/var/tmp/neckcare-arm64-root}"
if [ -f "$target/.complete" ]; then echo "$target"; exit 0; fi

need=()
command -v qemu-aarch64-static >/dev/null 2>&1 || need+=(qemu-user-static)
[ -f /usr/aarch64-linux-gnu/lib/libc.so.6 ] || need+=(libc6-arm64-cross)
export DEBIAN_FRONTEND=noninteractive
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
  apt-get update -qq >&2
fi
if ((${#need[@]})); then
  apt-get install -y -qq "${need[@]}" >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -qq libssl3:arm64 >&2 2>/dev/null) || { apt-get update -qq >&2; (cd "$work" && apt-get download -qq libssl3:arm64 >&2); }
rm -rf "$target.partial"
mkdir -p "$target.partial"
cp -a /usr/aarch64-linux-gnu/. "$target.partial/"
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/x"; done
mkdir -p "$target.partial/lib"
cp -a "$work"/x/usr/lib/aarch64-linux-gnu/. "$target.partial/lib/"
touch "$target.partial/.complete"
rm -rf "$target"
mv "$target.partial" "$target"
echo "$target"
