#!/usr/bin/env bash
# Publishes one program as Native AOT for one runtime: publish-aot.sh PROJECT RID OUTDIR.
# Used by release.sh and by the tests that run the published programs (AotPublish in the test support).
# linux-arm64 is cross-compiled with clang and lld (deploy/aot-toolchain.sh installs them).
set -euo pipefail
project="${1:?project}"; rid="${2:?rid}"; dir="${3:?output directory}"
extra=()
if [ "$rid" = linux-arm64 ] && [ "$(uname -m)" != aarch64 ]; then
  extra=(-p:CppCompilerAndLinker=clang -p:LinkerFlavor=lld)
fi
dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true "${extra[@]}" -o "$dir" -v quiet -nologo
