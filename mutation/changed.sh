#!/usr/bin/env bash
# Mutation-tests only the domain-core files changed since a base (default: main), with the full
# configuration's test projects and filter. Run it in a copy of the tree (Stryker builds into bin/),
# with the machine otherwise quiet: git clone . /tmp/mut && cd /tmp/mut/mutation && ./changed.sh <base>
set -euo pipefail
cd "$(dirname "$0")"
base="${1:-main}"
mapfile -t files < <(git diff --name-only "$base" -- '../src/NeckCare.Device.Core/*.cs' | sed 's#^src/NeckCare.Device.Core/#**/#')
if [ "${#files[@]}" -eq 0 ]; then
  echo "No domain-core file changed since $base: nothing to mutate."
  exit 0
fi
args=()
for f in "${files[@]}"; do args+=(-m "$f"); done
echo "Mutating ${#files[@]} changed file(s) since $base: ${files[*]}"
dotnet tool restore >/dev/null
exec dotnet stryker "${args[@]}"
