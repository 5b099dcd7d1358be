#!/usr/bin/env bash
# Fault injection (issue 16): the demo under load while its cache server is killed,
# restarted, frozen (SIGSTOP) and thawed, for Redis, memcached and the database backend
# (PostgreSQL). The script starts its own servers on their own ports (it never touches the
# machine's), runs the demo on the matching profile (redis, memcached, database) and
# drives / (page cache) and /articles (fragment cache and low-level calls) with one wrk
# each, at the same time, in phases. It prints one row per phase and path (requests,
# non-2xx, socket errors, p50, p99, req/s) and, per backend, the issue's goals: no non-2xx
# response; p99 while killed or frozen at most 2x the steady p99; throughput at least 0.8x
# the uncached application's (the demo on the dummy backend, measured first: each path alone
# at steady state, and both at once against the fault phases); steady again within 2 s of
# recovery (the "first 2 s" rows).
# Usage: demo-app/bench/faults.sh [phase 8s] [connections per path 8] [backends "redis memcached database"]
# Needs wrk, redis-server, memcached and PostgreSQL's server binaries (Debian packages
# wrk, redis-server, memcached, postgresql). Builds the demo first unless JAR is set.
set -euo pipefail
cd "$(dirname "$0")/../.."
phase=${1:-8s}
connections=${2:-8}
backends=${3:-redis memcached database}
port=8093
redis_port=16379
memcached_port=21211
pg_port=15432
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
work=$(mktemp -d /tmp/cachette-faults.XXXXXX)
chmod 755 "$work"
app=
server=

if [ -z "${JAR:-}" ]; then
	rm -f demo-app/target/cachette-demo-*.jar*
	./mvnw -q -B -ntp install -DskipTests -pl demo-app -am
	JAR=$(ls demo-app/target/cachette-demo-*.jar | grep -v original | head -1)
fi

cleanup() {
	[ -n "$app" ] && kill "$app" 2>/dev/null || true
	stop_server 2>/dev/null || true
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: as root, its commands run as the postgres user.
as_postgres() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The server's processes: for PostgreSQL the postmaster and every backend it forked, so
# that a freeze stops them all, as a frozen machine would.
server_pids() {
	case $backend in
	database) echo "$server" $(pgrep -P "$server" || true) ;;
	*) echo "$server" ;;
	esac
}

start_server() {
	case $backend in
	redis)
		redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
		server=$!
		disown
		;;
	memcached)
		memcached -l 127.0.0.1 -p $memcached_port -U 0 -m 256 -u "$(id -un)" >"$work/memcached.log" 2>&1 &
		server=$!
		;;
	database)
		# The cluster, its log and its socket in a folder of the postgres user's.
		if [ ! -d "$work/pg" ]; then
			mkdir -p "$work/pg/data"
			[ "$(id -u)" = 0 ] && chown -R postgres "$work/pg"
			as_postgres "$pg_bin/initdb" -D "$work/pg/data" -A trust -U postgres >/dev/null
		fi
		as_postgres "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
			-o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1" start >/dev/null
		server=$(head -1 "$work/pg/data/postmaster.pid")
		;;
	esac
	for _ in $(seq 1 50); do
		(exec 3<>/dev/tcp/127.0.0.1/"$(server_port)") 2>/dev/null && return 0
		sleep 0.1
	done
	echo "the $backend server did not start (see $work)" >&2
	return 1
}

server_port() {
	case $backend in redis) echo $redis_port ;; memcached) echo $memcached_port ;; database) echo $pg_port ;; esac
}

kill_server() {
	kill -9 $(server_pids) 2>/dev/null || true
	# PostgreSQL's backends exit once they see the postmaster gone.
	while kill -0 "$server" 2>/dev/null; do sleep 0.05; done
	[ "$backend" = database ] && rm -f "$work/pg/data/postmaster.pid"
	return 0
}

stop_server() {
	[ -n "$server" ] || return 0
	kill -CONT $(server_pids) 2>/dev/null || true
	kill_server
	server=
}

# Starts the demo with extra arguments and waits until it answers.
start_app() {
	java -Xms512m -Xmx512m -jar "$JAR" --server.port=$port --logging.level.root=WARN "$@" \
		>"$work/demo-$backend.log" 2>&1 &
	app=$!
	for _ in $(seq 1 90); do
		curl -sf -o /dev/null "http://127.0.0.1:$port/bench/constant" && return 0
		sleep 1
	done
	echo "the demo did not start: see $work/demo-$backend.log" >&2
	return 1
}

stop_app() {
	kill "$app"
	wait "$app" 2>/dev/null || true
	app=
}

# wrk's latency ("850.00us", "12.34ms", "1.20s") in milliseconds.
to_ms() {
	awk -v v="${1#>}" 'BEGIN {
		n = v + 0
		if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
		printf "%.1f", n }'
}

# One phase: both paths at once (or only those named after the duration) for $2, then one
# row per path. The counts come from wrk's own summary (its done() hook cannot see the
# threads' status counters).
measure() {
	local label=$1 duration=$2 path pids=() paths=("${@:3}")
	[ ${#paths[@]} -gt 0 ] || paths=(/ /articles)
	for path in "${paths[@]}"; do
		wrk -t1 -c"$connections" -d"$duration" --timeout 10s --latency "http://127.0.0.1:$port$path" \
			>"$work/wrk${path//\//_}.out" &
		pids+=($!)
	done
	wait "${pids[@]}"
	for path in "${paths[@]}"; do
		awk -v backend="$backend" -v phase="$label" -v path="$path" -v duration="$duration" '
			/requests in/ {requests = $1}
			/Non-2xx/ {non2xx = $NF}
			/Socket errors/ {gsub(",", ""); errors = $4 + $6 + $8 + $10}
			$1 == "50%" {p50 = $2}
			$1 == "99%" {p99 = $2}
			/Requests\/sec/ {rps = $2}
			END {
				# No response at all in the phase: its latency is at least the phase.
				if (requests == 0) {p50 = ">" duration; p99 = ">" duration}
				printf "%s\t%s\t%s\t%d\t%d\t%d\t%s\t%s\t%.0f\n", backend, phase, path, requests, non2xx, errors, p50, p99, rps}
		' "$work/wrk${path//\//_}.out" >>"$work/rows.tsv"
	done
}

# Each path alone at steady state. On 2 cores the two wrk at once split the CPU between
# the paths, and a faster / (a page hit) takes it from /articles: the throughput goal is
# judged per path alone, and in the fault phases, where the cache is out of the way.
measure_alone() {
	measure "steady, alone" "$phase" /
	measure "steady, alone" "$phase" /articles
}

: >"$work/rows.tsv"

# The reference: the same application without a cache (Cachette's dummy backend).
backend=uncached
start_app --caches.default.backend=dummy --caches.template-fragments.backend=dummy
measure warm-up "$phase"
measure steady "$phase"
measure_alone
stop_app

for backend in $backends; do
	start_server
	case $backend in
	redis) start_app --spring.profiles.active=redis --caches.default.location=redis://127.0.0.1:$redis_port/3 \
		--caches.template-fragments.location=redis://127.0.0.1:$redis_port/3 ;;
	memcached) start_app --spring.profiles.active=memcached --caches.default.location=127.0.0.1:$memcached_port \
		--caches.template-fragments.location=127.0.0.1:$memcached_port ;;
	database) start_app --spring.profiles.active=database \
		--demo.cache-database.jdbc-url=jdbc:postgresql://127.0.0.1:$pg_port/postgres ;;
	esac
	measure warm-up "$phase"
	measure steady "$phase"
	measure_alone
	kill_server
	measure killed "$phase"
	start_server
	measure "restarted, first 2 s" 2s
	measure restarted "$phase"
	kill -STOP $(server_pids)
	measure frozen "$phase"
	kill -CONT $(server_pids)
	measure "thawed, first 2 s" 2s
	measure thawed "$phase"
	stop_app
	stop_server
done

printf '| backend | phase | path | requests | non-2xx | socket errors | p50 | p99 | req/s |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
grep -v $'\twarm-up\t' "$work/rows.tsv" | awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}'

# The goals, per backend and path.
printf '\n| backend | path | non-2xx + errors | worst p99 killed/frozen vs steady (goal <= 2x) | worst req/s vs uncached, alone or in a fault phase (goal >= 0.8x) | first 2 s after recovery, p99 vs steady (goal <= 2x) | goals met |\n'
printf '|---|---|---|---|---|---|---|\n'
for backend in $backends; do
	for path in / /articles; do
		rows=$(awk -F'\t' -v b="$backend" -v p="$path" '$1 == b && $3 == p && $2 != "warm-up"' "$work/rows.tsv")
		uncached=$(awk -F'\t' -v p="$path" '$1 == "uncached" && $2 == "steady" && $3 == p {print $9}' "$work/rows.tsv")
		alone=$(awk -F'\t' -v p="$path" '$1 == "uncached" && $2 == "steady, alone" && $3 == p {print $9}' "$work/rows.tsv")
		steady=$(to_ms "$(awk -F'\t' '$2 == "steady" {print $8}' <<<"$rows")")
		worst=0
		recovery=0
		while IFS=$'\t' read -r _ label _ _ _ _ _ p99 _; do
			ms=$(to_ms "$p99")
			case $label in
			killed | frozen) worst=$(awk -v a="$worst" -v b="$ms" 'BEGIN {print (b > a) ? b : a}') ;;
			*"first 2 s") recovery=$(awk -v a="$recovery" -v b="$ms" 'BEGIN {print (b > a) ? b : a}') ;;
			esac
		done <<<"$rows"
		failures=$(awk -F'\t' '{n += $5 + $6} END {print n + 0}' <<<"$rows")
		# Throughput against the uncached demo measured the same way: each path alone at
		# steady state, both at once in the fault phases (not the first 2 s).
		through=$(awk -F'\t' -v u="$uncached" -v a="$alone" '
			$2 == "steady" || $2 ~ /first 2 s/ {next}
			{ref = ($2 == "steady, alone") ? a : u; r = $9 / ref}
			worst == "" || r < worst {worst = r; shown = $9 " / " ref " (" $2 ")"}
			END {printf "%s = %.2fx\t%.4f", shown, worst, worst}' <<<"$rows")
		awk -v b="$backend" -v p="$path" -v f="$failures" -v w="$worst" -v s="$steady" -v r="$recovery" \
			-v shown="${through%%$'\t'*}" -v through="${through##*$'\t'}" 'BEGIN {
				worst = (s > 0 ? w / s : 0); recovered = (s > 0 ? r / s : 0)
				met = (f == 0 && worst <= 2 && through >= 0.8 && recovered <= 2) ? "yes" : "no"
				printf "| %s | %s | %d | %.1f ms / %.1f ms = %.2fx | %s | %.1f ms = %.2fx | %s |\n",
					b, p, f, w, s, worst, shown, r, recovered, met }'
	done
done
printf '\nRaw rows and server logs: %s (wrk -t1 -c%s per path, phases of %s)\n' "$work" "$connections" "$phase"
