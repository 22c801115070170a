#!/usr/bin/env bash
# Builds the release archives, one per Raspberry Pi architecture this product runs on:
#
#   bash deploy/release.sh [--rid linux-arm64|linux-x64]... [--out DIR]
#
#   artifacts/neckcare-<version>-linux-arm64.tar.gz   (Raspberry Pi OS 64-bit: Pi 3, 4, 5, Zero 2 W)
#   artifacts/neckcare-<version>-linux-x64.tar.gz     (a PC, a VM, CI)
#
# Each unpacks to one folder, neckcare-<version>-<rid>/, with install.sh at its top:
#   install.sh             installs, upgrades in place, rolls back, uninstalls (install.sh --help)
#   app/                   the four programs as Native AOT executables (no .NET runtime needed):
#                          NeckCare.Device.Host (the service), neckcare (the CLI),
#                          NeckCare.Device.SimDevice (the simulated device), neckcare-conformance;
#                          libe_sqlite3.so and libSystem.IO.Ports.Native.so, appsettings.json, wwwroot/
#   deploy/                the systemd unit, udev rules, sysusers entry
#   THIRD-PARTY-NOTICES.md the licences of what the programs contain
#   VERSION, SHA256SUMS    what this is, and a checksum of every other file
#
# 32-bit Raspberry Pi OS (armhf) gets no archive: .NET has no Native AOT for linux-arm, and install.sh
# refuses it naming the 64-bit OS. The toolchain (clang, lld, the arm64 cross binutils and libc) is
# installed with apt when missing, as .ci/run does. The archives are reproducible: files sorted, times
# set to the last commit's, owners 0, gzip without a name or time.
set -euo pipefail
cd "$(dirname "$0")/.."

rids=()
out="artifacts"
while (($#)); do
  case "$1" in
    --rid) rids+=("${2:?--rid needs linux-arm64 or linux-x64}"); shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "release.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
((${#rids[@]})) || rids=(linux-arm64 linux-x64)
for rid in "${rids[@]}"; do
  case "$rid" in linux-arm64|linux-x64) ;; *) echo "release.sh: --rid must be linux-arm64 or linux-x64, not $rid" >&2; exit 2 ;; esac
done

bash deploy/aot-toolchain.sh

version="$(dotnet msbuild src/NeckCare.Device.Host -getProperty:Version)"
epoch="$(git log -1 --format=%ct 2>/dev/null || echo 0)"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

for rid in "${rids[@]}"; do
  name="neckcare-$version-$rid"
  stage="$out/stage/$name"
  rm -rf "$stage"
  mkdir -p "$stage/app" "$stage/deploy"
  for project in src/NeckCare.Device.Host src/NeckCare.Device.Cli hw-sim/NeckCare.Device.SimDevice firmware-protocol/NeckCare.Device.Conformance; do
    echo "release: $project for $rid"
    bash deploy/publish-aot.sh "$project" "$rid" "$out/stage/publish-$rid/$(basename "$project")"
    # The programs and their native libraries; symbols (.dbg, .pdb) stay out of the archive.
    (cd "$out/stage/publish-$rid/$(basename "$project")" && find . -type f ! -name '*.dbg' ! -name '*.pdb' ! -name '*.staticwebassets.*' -print0 \
      | xargs -0 -I{} cp --parents {} "$stage/app/")
  done
  cp deploy/install.sh "$stage/install.sh"
  cp deploy/neckcare-device.service deploy/60-neckcare.rules deploy/neckcare.sysusers "$stage/deploy/"
  cp deploy/THIRD-PARTY-NOTICES.md "$stage/"
  printf '%s %s\n' "$version" "$rid" > "$stage/VERSION"
  chmod 0755 "$stage/install.sh" "$stage/app/NeckCare.Device.Host" "$stage/app/neckcare" \
    "$stage/app/NeckCare.Device.SimDevice" "$stage/app/neckcare-conformance"
  (cd "$stage" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)
  find "$stage" -exec touch -h -d "@$epoch" {} +
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$out/stage" -cf - "$name" \
    | gzip -n -9 > "$out/$name.tar.gz"
  echo "release: $out/$name.tar.gz ($(du -h "$out/$name.tar.gz" | cut -f1))"
done
