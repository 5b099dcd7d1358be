#!/usr/bin/env bash
# Page hits before and after a change, in one run (issue 14's "no regression on the hit
# path"): two demo jars measured in turn, before, after, before, after, on the same pages
# with the same wrk settings, then the demo behind Spring Security (profile secured) with
# anonymous and signed-in (HTTP Basic) requests. Prints one table row per jar and round.
# Usage: demo-app/bench/compare.sh BEFORE.jar AFTER.jar [duration 20s] [connections 16] [warm-up 15s] [rounds 2]
# Build a jar with ./mvnw -q -B -ntp install -DskipTests -pl demo-app -am (in a worktree
# of the commit to compare). SECURED=0 leaves out the Spring Security rows. Needs wrk
# (apt-get install wrk).
set -euo pipefail
before=$1
after=$2
duration=${3:-20s}
connections=${4:-16}
warmup=${5:-15s}
rounds=${6:-2}
port=8089
alice="Authorization: Basic $(printf 'alice:demo' | base64)"

# Starts a jar with extra arguments, waits for it, and leaves its pid in $app.
start() {
	java -Xms512m -Xmx512m -jar "$1" --server.port=$port --logging.level.root=WARN "${@:2}" >/tmp/cachette-compare.log 2>&1 &
	app=$!
	for _ in $(seq 1 60); do
		curl -sf "http://127.0.0.1:$port/bench/constant" >/dev/null && return 0
		sleep 1
	done
	echo "the demo did not start: see /tmp/cachette-compare.log" >&2
	return 1
}

# Measures one path (and optional header): requests per second, p50, p99.
measure() {
	local url="http://127.0.0.1:$port$1"
	shift
	wrk -t1 -c"$connections" -d"$warmup" "$@" "$url" >/dev/null
	wrk -t1 -c"$connections" -d"$duration" --latency "$@" "$url" |
		awk '/Requests\/sec/ {rps=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} END {printf "%s (%s, %s)", rps, p50, p99}'
}

trap 'kill $app 2>/dev/null || true' EXIT
printf '| round | jar | @CachePage hit | URL-pattern hit | constant |\n|---|---|---|---|---|\n'
for round in $(seq 1 "$rounds"); do
	for jar in "$before" "$after"; do
		start "$jar"
		printf '| %s | %s | %s | %s | %s |\n' "$round" "$(basename "$jar")" \
			"$(measure /bench/table-cached)" "$(measure /bench/table-pattern)" "$(measure /bench/constant)"
		kill $app
		wait $app 2>/dev/null || true
	done
done

if [ "${SECURED:-1}" != 1 ]; then
	exit 0
fi
printf '\nBehind Spring Security (after, profile secured):\n\n'
printf '| request | @CachePage hit | URL-pattern hit | constant |\n|---|---|---|---|\n'
start "$after" --spring.profiles.active=secured
printf '| anonymous | %s | %s | %s |\n' "$(measure /bench/table-cached)" "$(measure /bench/table-pattern)" \
	"$(measure /bench/constant)"
printf '| signed in (HTTP Basic) | %s | %s | %s |\n' "$(measure /bench/table-cached -H "$alice")" \
	"$(measure /bench/table-pattern -H "$alice")" "$(measure /bench/constant -H "$alice")"
