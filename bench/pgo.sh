#!/usr/bin/env bash
# make pgo: writes default.pgo, the CPU profile go build uses to optimise
# the binary (profile-guided optimisation, https://go.dev/doc/pgo). The
# profile is of the work the benchmarks measure: loading a million events
# from CSV and from GeoJSON, and serving them under wrk (the four query
# kinds of bench-http, and the built-in collection gzipped). Rerun it when
# the loading or serving code changes much; a stale profile still helps,
# a little less. Needs wrk (Debian's wrk).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
DURATION=${DURATION:-5s}
GO=${GO:-go}
command -v wrk >/dev/null || { echo "pgo: wrk is missing (apt-get install wrk)" >&2; exit 1; }

tmp=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
. bench/lib.sh

# The profile is of code built without one, as Go's documentation advises.
"$GO" build -pgo=off -o "$tmp/chronomap" .
echo "pgo: generating $N events" >&2
"$tmp/chronomap" gen -n "$N" -seed 1 -o "$tmp/events.geojson"
"$tmp/chronomap" gen -n "$N" -seed 1 -o "$tmp/events.csv"

# profile NAME [FILE]: serves FILE (none: the built-in collection) with a
# CPU profile, until stop ends it; sets base.
profile() {
	port=$(free_port)
	local args=(--addr "127.0.0.1:$port" --access-log=false --cpu-profile "$tmp/$1.prof")
	[ -n "${2:-}" ] && args+=(--data "$2")
	"$tmp/chronomap" "${args[@]}" >"$tmp/server.log" 2>&1 &
	pid=$!
	until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")" = 200 ]; do
		kill -0 "$pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
		sleep 0.05
	done
	base="http://127.0.0.1:$port/api/collections/events"
	curl -s -o /dev/null "$base/columns"
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
drive() { wrk -t1 -c64 -d"$DURATION" "$@" >/dev/null; }

echo "pgo: loading the CSV" >&2
profile csv "$tmp/events.csv"
stop
echo "pgo: loading and serving the GeoJSON" >&2
profile geojson "$tmp/events.geojson"
for k in hour bbox category-day deep-offset; do
	drive -s "bench/wrk/$k.lua" "$base/items"
done
stop
echo "pgo: serving the built-in collection" >&2
profile builtin
drive -H "Accept-Encoding: gzip" "$base/items?limit=1000"
stop
"$GO" tool pprof -proto "$tmp"/*.prof >default.pgo
echo "pgo: wrote default.pgo ($(wc -c <default.pgo) bytes)" >&2
