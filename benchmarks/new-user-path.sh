#!/usr/bin/env bash
# From an empty folder and an empty local Maven repository to a generated handler receiving the demo's completions,
# with the steps of docs/WRITING-HANDLERS.md, each stamped with the seconds since the start.
#
#   benchmarks/new-user-path.sh <empty work folder> [repository to clone, default: this checkout] [HTTP port, default 18642]
set -euo pipefail
work=$1
source=${2:-$(cd "$(dirname "$0")/.." && pwd)}
port=${3:-18642}
repo=$work/m2
mkdir -p "$work"; cd "$work"
t0=$(date +%s.%N)
stamp() { printf '%6.1f s: %s\n' "$(echo "$(date +%s.%N) - $t0" | bc)" "$*"; }

git clone -q "$source" jobhook; stamp "cloned"
(cd jobhook && mvn -B -q -Dmaven.repo.local="$repo" install -DskipTests > "$work/install.log" 2>&1)
stamp "Jobhook built, every dependency downloaded (mvn -B install -DskipTests)"
inst=jobhook/runtime/distribution/target/jobhook
"$inst/bin/jobhook" --port "$port" </dev/null > "$work/demo.log" 2>&1 &
demo=$!
trap 'kill -TERM $demo 2>/dev/null || true' EXIT
version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' jobhook/pom.xml | head -1)  # the project's own, first at that depth
mvn -B -q -Dmaven.repo.local="$repo" archetype:generate -DarchetypeGroupId=io.jobhook \
    -DarchetypeArtifactId=jobhook-handler-archetype -DarchetypeVersion="$version" -DgroupId=com.acme \
    -DartifactId=acme-handler -Dversion=1.0.0 -Dpackage=com.acme.handler -DstoreType=WinCert > "$work/generate.log" 2>&1
stamp "project generated"
(cd acme-handler && mvn -B -Dmaven.repo.local="$repo" verify > "$work/build.log" 2>&1)
stamp "project built: $(grep -E 'Tests run: [0-9]+, Failures' "$work/build.log" | tail -1 | sed 's/^\[INFO\] //')"
cp acme-handler/etc/com.acme.handler-demo.cfg "$inst/etc/"
cp acme-handler/target/acme-handler-1.0.0.jar "$inst/handlers/"
token=$(sed -n 's/^\.tokens=//p' "$inst/etc/io.jobhook.admin.cfg")
deadline=$((SECONDS + 300))
until curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/jobhook/v1/handlers" \
        | grep -q '"identity":"com.acme.handler~demo"[^{}]*"successes":[1-9]'; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "no delivery within 300 s; see $work/demo.log" >&2; exit 1; }
    sleep 0.5
done
stamp "first completion delivered to com.acme.handler~demo"
