#!/usr/bin/env bash
# make bench-pg: Chronomap serving a PostGIS table of N events, and
# pg_featureserv serving the same table in the same run, driven by the same
# wrk scripts as make bench-http. Needs wrk, curl, PostgreSQL with PostGIS
# (postgresql-15 postgresql-15-postgis-3) and a pg_featureserv binary:
# PG_FEATURESERV=/path/to/pg_featureserv (its assets directory next to it,
# or PG_FEATURESERV_ASSETS). Without it, Chronomap alone is measured.
# pg_featureserv 1.3.1 pins github.com/jackc/puddle v1.0.0, whose pool
# hangs for good once a client gives up on requests waiting for a
# connection (fixed in puddle 1.1.3), as wrk does at the end of each run:
# build it with `go get github.com/jackc/puddle@v1.3.0` (README).
#
# Settings: N events (1000000), DURATION of each wrk run (15s), CONNECTIONS
# (64), POOL: the PostgreSQL connections each server may hold (8), TIMEOUT
# of a request in wrk (10s).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
POOL=${POOL:-8}
TIMEOUT=${TIMEOUT:-10s}
BIN=${BIN:-bin/chronomap}
PGBIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
FS=${PG_FEATURESERV:-$(command -v pg_featureserv || true)}

for tool in wrk curl "$PGBIN/initdb"; do
	command -v "$tool" >/dev/null || { echo "bench-pg: $tool is missing (apt-get install wrk curl postgresql-15 postgresql-15-postgis-3)" >&2; exit 1; }
done

tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=()
# PostgreSQL will not run as root: as root, the postgres user runs it.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	as_pg "$PGBIN/pg_ctl" -D "$tmp/pg" -m fast -w stop >/dev/null 2>&1 || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

. bench/lib.sh
wait_ok() { # URL PID
	until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ]; do
		kill -0 "$2" 2>/dev/null || { cat "$tmp"/*.log >&2; exit 1; }
		sleep 0.1
	done
}
# drive URL [LUA]: runs wrk; sets rps, p99 (ms) and errors (the requests
# that timed out or were answered with an error, if any).
drive() {
	local out
	out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout "$TIMEOUT" --latency ${2:+-s "$2"} "$1")
	rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$out")
	errors=$(awk '/Non-2xx/ {n += $NF} /Socket errors/ {gsub(/,/, ""); n += $NF} END {if (n) print ", " n " failed"}' <<<"$out")
	if [ -n "$errors" ]; then echo "bench-pg: $1: $(grep -E 'Non-2xx|Socket errors' <<<"$out")" >&2; fi
}

echo "bench-pg: PostgreSQL in $tmp/pg" >&2
mkdir "$tmp/pg" "$tmp/sock"
[ "$(id -u)" = 0 ] && chown postgres "$tmp/pg" "$tmp/sock"
as_pg "$PGBIN/initdb" -D "$tmp/pg" -U chronomap --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$tmp/pg" -l "$tmp/sock/pg.log" -w \
	-o "-k $tmp/sock -c listen_addresses='' -c shared_buffers=512MB -c max_connections=200" start >/dev/null
db="postgres://chronomap@/postgres?sslmode=disable&host=$tmp/sock"

echo "bench-pg: generating and loading $N events" >&2
"$BIN" gen -n "$N" -seed 1 -o "$tmp/events.geojson"
/usr/bin/time -f '%e' -o "$tmp/load.time" "$BIN" load "$tmp/events.geojson" "$db&table=events" >/dev/null
load_s=$(cat "$tmp/load.time")
# pg_featureserv serves the one geometry column with an SRID in its type,
# geom, and filters bbox on it (Chronomap on its drawn shape), so geom gets
# an index of its own here; then statistics and the visibility map (an
# index-only walk needs it) for both.
"$PGBIN/psql" -q "$db" -c 'CREATE INDEX ON events USING gist (geom)' -c 'VACUUM ANALYZE events'

port=$(free_port)
"$BIN" --addr "127.0.0.1:$port" --access-log=false --data "$db&table=events&pool_max_conns=$POOL" >"$tmp/chronomap.log" 2>&1 &
pids+=($!)
wait_ok "http://127.0.0.1:$port/healthz" "$!"
# Both servers are asked for the same page size, their default.
chronomap="http://127.0.0.1:$port/api/collections/events/items?limit=10"

fs=""
if [ -n "$FS" ]; then
	fport=$(free_port)
	DATABASE_URL="$db" PGFS_SERVER_HTTPHOST=127.0.0.1 PGFS_SERVER_HTTPPORT="$fport" \
		PGFS_SERVER_ASSETSPATH="${PG_FEATURESERV_ASSETS:-$(dirname "$FS")/assets}" PGFS_DATABASE_DBPOOLMAXCONNS="$POOL" \
		"$FS" >"$tmp/featureserv.log" 2>&1 &
	pids+=($!)
	wait_ok "http://127.0.0.1:$fport/collections/public.events/items.json?limit=1" "$!"
	# The same properties Chronomap serves, not the derived columns, and
	# the same page size.
	fs="http://127.0.0.1:$fport/collections/public.events/items.json?limit=10&properties=id,title,summary,category,place,start,end,time_precision,location_precision,killed,injured,figures,note,sources,extra"
else
	echo "bench-pg: no pg_featureserv (set PG_FEATURESERV); measuring Chronomap alone" >&2
fi

# pg_featureserv has no datetime parameter: its time queries are a CQL
# filter for the events that overlap the window (bench/wrk/fs-*.lua). It
# is timed twice: in Chronomap's order (sortby=start; Chronomap breaks
# ties by id) and in none, any matches PostgreSQL finds first.
kinds=(hour bbox category-day deep-offset)
declare -A what=(
	[hour]="1-hour datetime window"
	[bbox]="0.1° bbox"
	[category-day]="category + 1-day window"
	[deep-offset]="offset deep in the result (900,000–990,000 of 1M)"
)
declare -A fslua=([hour]=fs-hour [bbox]=bbox [category-day]=fs-category-day [deep-offset]=deep-offset)
declare -A fsample=(
	[hour]="filter=start%20%3C%3D%202020-02-10T13:00:00Z%20AND%20(%22end%22%20%3E%3D%202020-02-10T12:00:00Z%20OR%20%22end%22%20IS%20NULL%20AND%20start%20%3E%3D%202020-02-10T12:00:00Z)"
	[bbox]="bbox=44.3,33.3,44.4,33.4"
	[category-day]="filter=category%20%3D%20%27protest%27%20AND%20start%20%3C%3D%202020-02-10T23:59:59Z%20AND%20(%22end%22%20%3E%3D%202020-02-10T00:00:00Z%20OR%20%22end%22%20IS%20NULL%20AND%20start%20%3E%3D%202020-02-10T00:00:00Z)"
	[deep-offset]="offset=950000"
)
rows=()
for k in "${kinds[@]}"; do
	echo "bench-pg: $k" >&2
	drive "$chronomap" "bench/wrk/$k.lua"
	c_rps=$rps
	row="| ${what[$k]} | $rps$errors | $p99 ms"
	for order in "&sortby=start" ""; do
		# A server that fails the sample query is reported, not timed: wrk
		# counts error answers as requests served.
		if [ -z "$fs" ]; then
			row+=" | | | "
			continue
		fi
		probe=$(curl -s -m 60 -o "$tmp/probe" -w '%{http_code}' "$fs$order&${fsample[$k]}" || true)
		if [ "$probe" != 200 ]; then
			row+=" | failed: $probe $(head -c 80 "$tmp/probe" 2>/dev/null | tr -d '\n|') | | "
		else
			drive "$fs$order" "bench/wrk/${fslua[$k]}.lua"
			row+=" | $rps$errors | $p99 ms | $(ratio "$c_rps" "$rps")"
		fi
	done
	rows+=("$row |")
done

cat <<REPORT

### PostGIS at $N events ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), wrk -t2 -c$CONNECTIONS -d$DURATION --timeout $TIMEOUT, $POOL PostgreSQL connections each, PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}'))

\`chronomap load\` of $N events (validate, COPY, indexes): ${load_s}s

| query (limit 10, no gzip) | Chronomap on PostGIS req/s | p99 | pg_featureserv, sortby=start, req/s | p99 | ratio | pg_featureserv, unsorted, req/s | p99 | ratio |
|---|---|---|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")
REPORT
