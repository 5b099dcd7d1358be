#!/usr/bin/env bash
# JMH before and after a change, in one run (issue 17's "no path slower by more than 3%"):
# builds the benchmarks of two revisions in temporary worktrees, then runs the same
# benchmarks with the same options alternately (before, after, before, after, ...) so that
# both see the same machine, and prints one row per benchmark with the ratio after/before.
# A row is flagged when the after revision is more than 3% slower, beyond the error bars.
#
# Usage: autoconfigure/src/jmh/before-after.sh BEFORE AFTER [regex] [rounds 2] [jmh options]
#   BEFORE, AFTER  revisions (main~5, a commit, a branch); AFTER may be "." for the work tree
#   regex          the benchmarks to run, as org.openjdk.jmh.Main takes them (default: all)
#   jmh options    default "-f 1 -wi 3 -i 5 -w 2s -r 2s"
# MODULE=thymeleaf-cache-dialect runs that module's benchmarks instead of autoconfigure's.
# The Redis, memcached and database benchmarks need their servers (.ci/servers).
set -euo pipefail
cd "$(dirname "$0")/../../.."
repo=$PWD
before=$1
after=$2
regex=${3:-.}
rounds=${4:-2}
options=${5:--f 1 -wi 3 -i 5 -w 2s -r 2s}
module=${MODULE:-autoconfigure}
work=$(mktemp -d /tmp/cachette-before-after.XXXXXX)
trap 'for t in "$work"/tree-*; do git -C "$repo" worktree remove --force "$t" 2>/dev/null || true; done' EXIT

# Builds one revision's benchmarks and leaves its classpath in $work/<name>.cp.
build() {
	local name=$1 rev=$2 tree
	if [ "$rev" = . ]; then
		tree=$repo
	else
		tree=$work/tree-$name
		git -C "$repo" worktree add -q --detach "$tree" "$rev"
	fi
	(cd "$tree" && ./mvnw -q -B -ntp -Pjmh -pl "$module" -am test-compile dependency:build-classpath \
		-Dmdep.includeScope=test -Dmdep.outputFile="$work/$name.deps" >"$work/$name.build.log" 2>&1) || {
		echo "building $rev failed: see $work/$name.build.log" >&2
		exit 1
	}
	echo "$tree/$module/target/test-classes:$tree/$module/target/classes:$(cat "$work/$name.deps")" >"$work/$name.cp"
}

build before "$before"
build after "$after"
for round in $(seq 1 "$rounds"); do
	for name in before after; do
		echo "round $round: $name" >&2
		# shellcheck disable=SC2086 # the options are words
		java -cp "$(cat "$work/$name.cp")" org.openjdk.jmh.Main "$regex" $options \
			-rf json -rff "$work/$name-$round.json" >"$work/$name-$round.log" 2>&1 || {
			echo "JMH failed: see $work/$name-$round.log" >&2
			exit 1
		}
	done
done

python3 - "$work" "$rounds" "$before" "$after" <<'EOF'
import json, sys
work, rounds, before, after = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]

def load(name):
    runs = {}
    for r in range(1, rounds + 1):
        for b in json.load(open(f"{work}/{name}-{r}.json")):
            label = b["benchmark"].rsplit(".", 2)[-2] + "." + b["benchmark"].rsplit(".", 1)[-1]
            if b.get("params"):
                label += " " + ",".join(f"{k}={v}" for k, v in sorted(b["params"].items()))
            m = b["primaryMetric"]
            # A single iteration has no error bar: JMH writes "NaN".
            error = m["scoreError"] if isinstance(m["scoreError"], (int, float)) else 0.0
            runs.setdefault(label, []).append((m["score"], error, m["scoreUnit"], b["mode"]))
    # The best round of each revision: the one least disturbed by the machine.
    best = {}
    for label, scores in runs.items():
        higher = scores[0][3] in ("thrpt",)
        best[label] = max(scores) if higher else min(scores)
    return best

b, a = load("before"), load("after")
print(f"| benchmark | {before} | {after} | after/before | |")
print("|---|---:|---:|---:|---|")
for label in sorted(set(b) & set(a)):
    (sb, eb, unit, mode), (sa, ea, _, _) = b[label], a[label]
    higher = mode == "thrpt"
    ratio = sa / sb if sb else float("nan")
    slower = (sa + ea < 0.97 * (sb - eb)) if higher else (sa - ea > 1.03 * (sb + eb))
    flag = "slower by more than 3%" if slower else ""
    print(f"| {label} | {sb:,.1f} ± {eb:,.1f} {unit} | {sa:,.1f} ± {ea:,.1f} | {ratio:.3f} | {flag} |")
for label in sorted(set(b) ^ set(a)):
    print(f"| {label} | {'yes' if label in b else '-'} | {'yes' if label in a else '-'} | only in one | |")
EOF
