#!/usr/bin/env bash
# Gate an add-on on what it really sends: start the nwx-schema stand-in of the Integration
# API on loopback (HTTPS, self-signed), run the add-on against it, stop it, and fail if any
# request was rejected. Usage:
#
#   examples/ci/check-addon.sh ADDON-COMMAND [ARGS...]
#
# The add-on command gets NETWRIX_API_URL (the write endpoint) and NETWRIX_API_CACERT (the
# stand-in's certificate) in its environment. Set NWX_PORT (0: any free port), NWX_STORE and
# NWX_SCHEMA (the command that runs nwx-schema) to change the defaults. Exit status: 0 when every request was
# accepted, 1 when the add-on failed or a request was rejected, 2 when the stand-in could
# not start.
set -euo pipefail

port="${NWX_PORT:-9699}"
store="${NWX_STORE:-nwx-ci-store.sqlite3}"
nwx="${NWX_SCHEMA:-nwx-schema}"
log="${store}.serve.log"

rm -f "$store" "$store-wal" "$store-shm"
$nwx serve --port "$port" --store "$store" --tls-self-signed --quiet 2>"$log" &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 300); do  # at most 30 s
  grep -q "listening on" "$log" && break
  if ! kill -0 "$serve_pid" 2>/dev/null; then cat "$log" >&2; exit 2; fi
  sleep 0.1
done
grep -q "listening on" "$log" || { cat "$log" >&2; exit 2; }

url="$(sed -n 's/.* listening on \(https:[^ ]*\) .*/\1/p' "$log")"
export NETWRIX_API_URL="${url/127.0.0.1/localhost}"
export NETWRIX_API_CACERT="${store}.cert.pem"
addon_status=0
"$@" || addon_status=$?

kill -TERM "$serve_pid"
wait "$serve_pid" || true
trap - EXIT

report_status=0
$nwx report --store "$store" --fail-on-rejected || report_status=$?
if [ "$addon_status" -ne 0 ] || [ "$report_status" -ne 0 ]; then
  echo "add-on exit status $addon_status, report exit status $report_status" >&2
  exit 1
fi
