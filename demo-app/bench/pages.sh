#!/usr/bin/env bash
# Page-cache benchmark (issue 5): wrk against the running demo, in one run, for
#   /bench/table         a Thymeleaf table of 200 articles read from H2 on every request
#   /bench/table-cached  the same page behind @CachePage (a hit passes through Spring MVC)
#   /bench/table-pattern the same page cached by URL pattern (a hit is served by a filter)
#   /bench/constant      a constant string: the floor of Spring MVC itself
#   /bench/constant-48k  a constant body of the page's size: Spring MVC's floor for those bytes
# Usage: demo-app/bench/pages.sh [duration, default 20s] [connections, default 16] [warm-up per page, default 15s]
# DEMO_ARGS adds arguments to the demo, e.g. Tomcat's default socket buffers instead of the
# demo's (see TomcatSocketBuffers):
#   DEMO_ARGS="--demo.tomcat.write-buffer=8KB --demo.tomcat.direct-buffers=false" demo-app/bench/pages.sh
# Needs wrk (apt-get install wrk). Builds and starts the demo on port 8089, stops it after.
# With nginx installed (apt-get install nginx-light), a last row has nginx serve the cached
# page's bytes as a static file over keep-alive: the ceiling for these bytes on this machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-20s}
connections=${2:-16}
warmup=${3:-15s}
port=8089

# The jar plugin keeps an unchanged demo jar, and Spring Boot does not repackage a jar it
# already repackaged: without this, a changed library would not reach the benchmark.
rm -f demo-app/target/cachette-demo-*.jar*
./mvnw -q -B -ntp install -DskipTests -pl demo-app -am
jar=$(ls demo-app/target/cachette-demo-*.jar | grep -v original | head -1)
java -Xms512m -Xmx512m -jar "$jar" --server.port=$port --logging.level.root=WARN ${DEMO_ARGS:-} >/tmp/cachette-bench.log 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
	curl -sf "http://127.0.0.1:$port/bench/constant" >/dev/null && break
	sleep 1
done

printf '| page | bytes | req/s | p50 | p99 |\n|---|---|---|---|---|\n'
for path in /bench/table /bench/table-cached /bench/table-pattern /bench/constant /bench/constant-48k; do
	url="http://127.0.0.1:$port$path"
	bytes=$(curl -s "$url" | wc -c)
	wrk -t1 -c"$connections" -d"$warmup" "$url" >/dev/null # warm-up: JIT and the cache entry
	out=$(wrk -t1 -c"$connections" -d"$duration" --latency "$url")
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p50=$(echo "$out" | awk '$1=="50%" {print $2}')
	p99=$(echo "$out" | awk '$1=="99%" {print $2}')
	printf '| %s | %s | %s | %s | %s |\n' "$path" "$bytes" "$rps" "$p50" "$p99"
done

if command -v nginx >/dev/null 2>&1; then
	static=$(mktemp -d /tmp/cachette-bench-nginx.XXXXXX)
	chmod 755 "$static" # nginx workers run as nobody
	curl -s "http://127.0.0.1:$port/bench/table-cached" >"$static/table.html"
	cat >"$static/nginx.conf" <<CONF
worker_processes auto;
pid $static/nginx.pid;
error_log $static/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_requests 100000;
	server { listen 127.0.0.1:8091; root $static; }
}
CONF
	nginx -c "$static/nginx.conf"
	trap 'kill $app 2>/dev/null || true; nginx -c "$static/nginx.conf" -s stop 2>/dev/null || true' EXIT
	url="http://127.0.0.1:8091/table.html"
	wrk -t1 -c"$connections" -d5s "$url" >/dev/null
	out=$(wrk -t1 -c"$connections" -d"$duration" --latency "$url")
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p50=$(echo "$out" | awk '$1=="50%" {print $2}')
	p99=$(echo "$out" | awk '$1=="99%" {print $2}')
	printf '| %s | %s | %s | %s | %s |\n' "nginx, static file" "$(wc -c <"$static/table.html")" "$rps" "$p50" "$p99"
fi
