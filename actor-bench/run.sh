#!/usr/bin/env bash
# Builds actor-bench, runs the JMH benchmarks (ActorKit and Pekko side by side, one JVM invocation) and the
# idle-memory measurement, and prints one table: workload, ActorKit, Pekko, ratio.
#
#   actor-bench/run.sh [--no-build] [--no-memory] [--rounds N] [--jmh "<JMH run options>"] [regex]
#
#   regex         which benchmarks to run (JMH regex; default: all), e.g. 'PingPong|Counting'
#   --jmh "..."   JMH run options instead of the short default, "-f 1 -wi 10 -w 2s -i 5 -r 2s"
#   --rounds N    run the JMH set N times (default 1); the table shows each score's median over the
#                 rounds, which evens out a noisy machine better than longer iterations do
#   --no-memory   skip the idle-memory measurement (dev.actorkit.bench.IdleMemory, ~2-3 min)
#   --no-build    use the existing actor-bench/target/benchmarks.jar
#
# Results go to actor-bench/target/results/<time>/ (jmh-<round>.json, memory.tsv, *.log, table.md).
# Any java on PATH will do for Maven: the benchmarks run on a JDK 21+ found like the build finds one
# ($BENCH_JAVA_HOME, else $JAVA_HOME if 21+, else the newest under /usr/lib/jvm, /opt/java, ~/.sdkman, ~/.jdks).
set -euo pipefail

DEFAULT_JMH="-f 1 -wi 10 -w 2s -i 5 -r 2s"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

build=1 memory=1 rounds=1 jmh_opts="$DEFAULT_JMH" regex="."
while [[ $# -gt 0 ]]; do
    case "$1" in
        --no-build) build=0 ;;
        --no-memory) memory=0 ;;
        --jmh) jmh_opts="$2"; shift ;;
        --rounds) rounds="$2"; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
        *) regex="$1" ;;
    esac
    shift
done

# The major version of a JDK home, or nothing if it is not one.
jdk_major() {
    local home="$1" v
    [[ -x "$home/bin/java" ]] || return 0
    if [[ -f "$home/release" ]]; then
        v="$(sed -n 's/^JAVA_VERSION="\([^"]*\)"/\1/p' "$home/release")"
    else
        v="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)"
    fi
    v="${v#1.}"
    echo "${v%%[.+-]*}"
}

find_jdk() {
    local home major best="" best_major=0
    for home in "${BENCH_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
        [[ -n "$home" ]] || continue
        major="$(jdk_major "$home")"
        if [[ -n "$major" && "$major" -ge 21 ]]; then echo "$home"; return; fi
    done
    for home in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
        [[ -d "$home" && ! -L "$home" ]] || continue
        major="$(jdk_major "$home")"
        if [[ -n "$major" && "$major" -gt "$best_major" ]]; then best="$home" best_major="$major"; fi
    done
    if [[ "$best_major" -ge 21 ]]; then echo "$best"; fi
}

jdk="$(find_jdk)"
if [[ -z "$jdk" ]]; then
    echo "No JDK 21 or newer found: set BENCH_JAVA_HOME (or JAVA_HOME) to one." >&2
    exit 1
fi
java="$jdk/bin/java"
major="$(jdk_major "$jdk")"
jvm_flags=()
# Pekko and JMH use sun.misc.Unsafe; JDK 23+ warns about it on every start unless told it is expected.
if [[ "$major" -ge 23 ]]; then jvm_flags+=(--sun-misc-unsafe-memory-access=allow); fi

jar="$here/target/benchmarks.jar"
if [[ "$build" == 1 ]]; then
    echo "Building actor-bench ..."
    (cd "$root" && ./mvnw -B -q -pl actor-bench -am package -DskipTests)
fi
[[ -f "$jar" ]] || { echo "$jar is missing: run without --no-build" >&2; exit 1; }

out="$here/target/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
{
    echo "JDK:     $("$java" -version 2>&1 | head -2 | tail -1) ($jdk)"
    echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)," \
        "$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) RAM"
    echo "Code:    $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ -n "$(git -C "$root" status --porcelain -- actor-core 2>/dev/null)" ]] && echo " (actor-core has uncommitted changes)")"
    echo "JMH:     $jmh_opts '$regex', $rounds round(s)"
} | tee "$out/env.txt"

results=()
for ((round = 1; round <= rounds; round++)); do
    [[ "$rounds" == 1 ]] || echo "Round $round of $rounds"
    # The forked benchmark JVMs inherit this JVM's flags.
    # shellcheck disable=SC2086 # jmh_opts is a list of options
    "$java" "${jvm_flags[@]}" -jar "$jar" $jmh_opts -rf json -rff "$out/jmh-$round.json" "$regex" 2>&1 \
        | tee "$out/jmh-$round.log"
    results+=("$out/jmh-$round.json")
done

if [[ "$memory" == 1 ]]; then
    echo "Measuring idle memory ..."
    "$java" "${jvm_flags[@]}" -Xmx3g -cp "$jar" dev.actorkit.bench.IdleMemory --out "$out/memory.tsv" 2>&1 \
        | grep -v '^SLF4J' | tee "$out/memory.log"
fi

echo
python3 "$here/report.py" --memory "$out/memory.tsv" "${results[@]}" | tee "$out/table.md"
echo
echo "Results: $out"
