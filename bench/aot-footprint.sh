#!/usr/bin/env bash
# The AOT service beside the AOT empty app and the JIT service, in one run (issue 21's table):
#   bash bench/aot-footprint.sh
# Publishes both AOT programs for linux-x64 (deploy/publish-aot.sh) and the service's JIT build, then for
# each: exec to /healthz 200, RSS 15 s after start, after a 15-minute heated session at time scale 60
# (20 s), and with 100 streaming clients; SIGTERM's exit code. The unit's GC and malloc settings.
# Streams from one address are capped by the service's admission (Api:MaxConnectionsPerAddress), so
# the clients row undercounts the service's cost; the benchmark's footprint suite is the reference there.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/bench-aot
bash deploy/publish-aot.sh src/NeckCare.Device.Host linux-x64 "$out/host"
bash deploy/publish-aot.sh bench/NeckCare.Device.EmptyApp linux-x64 "$out/empty"
dotnet build src/NeckCare.Device.Host -c Release -v q -nologo >/dev/null
export DOTNET_gcServer=0 DOTNET_GCgen0size=200000 MALLOC_ARENA_MAX=1

measure() {
  local name=$1 port=$2; shift 2
  local st; st=$(mktemp -d)
  local t0; t0=$(date +%s%N)
  "$@" --urls "http://127.0.0.1:$port" --Storage:StateDirectory="$st" --Simulator:TimeScale=60 \
    --Api:MaxConnections=160 --Api:MaxEventStreams=128 >/dev/null 2>&1 &
  local pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.01; done
  local ready=$(( ($(date +%s%N) - t0) / 1000000 ))
  rss() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"; }
  sleep 15; local a; a=$(rss)
  local token path=/stream; token=$(cat "$st/api-token" 2>/dev/null || true)
  if [ -n "$token" ]; then
    path=/api/v1/events
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'content-type: application/json' \
      -d '{"durationMinutes":15,"heat":"High"}' "http://127.0.0.1:$port/api/v1/session/start"
  fi
  sleep 20; local b; b=$(rss)
  local clients=()
  for _ in $(seq 1 100); do curl -s -N -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path" >/dev/null 2>&1 & clients+=($!); done
  sleep 4; local c; c=$(rss)
  kill "${clients[@]}" 2>/dev/null || true
  kill -TERM "$pid"; local code=0; wait "$pid" || code=$?
  printf '| %s | %s ms | %s MB | %s MB | %s MB | %s |\n' "$name" "$ready" "$a" "$b" "$c" "$code"
  rm -rf "$st"
}

echo "| program | ready | RSS after start | after a 15-min session | 100 clients | SIGTERM exit |"
echo "|---|---|---|---|---|---|"
measure "AOT service" 5601 "$out/host/NeckCare.Device.Host"
measure "AOT empty app" 5602 "$out/empty/NeckCare.Device.EmptyApp"
measure "JIT service" 5603 dotnet src/NeckCare.Device.Host/bin/Release/net10.0/NeckCare.Device.Host.dll
ls -l "$out/host/NeckCare.Device.Host" | awk '{ printf "AOT service binary: %.1f MB\n", $5 / 1048576 }'
