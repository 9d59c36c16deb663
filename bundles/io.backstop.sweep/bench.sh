#!/usr/bin/env bash
# Sweep benchmark: throughput (1 worker vs one per core), stop latency over 100 stops of
# full-load sweeps, heap after a 1,000,000-combination sweep; on request, 100 stops per built-in
# strategy on a 1,500,000-bar series and the memory after 50 sweep-then-stop cycles. Not part of the build's tests.
# The JVM runs with the product's heap settings (releng/io.backstop.product); BENCH_JAVA_OPTS replaces them.
# Usage: [BENCH_JAVA_OPTS=-Xmx32m] bundles/io.backstop.sweep/bench.sh [throughput] [latency] [memory] [stops=N]   (about 1 minute)
#        bundles/io.backstop.sweep/bench.sh strategies cycles [stops=N] [cycles=N] [bars=N]                    (about 5 minutes)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
MODULES=bundles/io.backstop.estop.api,bundles/io.backstop.memory,bundles/io.backstop.estop,bundles/io.backstop.data,bundles/io.backstop.indicators,bundles/io.backstop.backtest,bundles/io.backstop.sweep
cd "$ROOT"
# compile main and test classes (tests are not run)
./mvnw -o -B -q -pl "$MODULES" clean verify -DskipTests
B="$ROOT/bundles"
CP="$HERE/target/classes:$HERE/target/test-classes:$B/io.backstop.memory/target/classes:$B/io.backstop.backtest/target/classes:$B/io.backstop.data/target/classes:$B/io.backstop.indicators/target/classes:$B/io.backstop.estop.api/target/classes"
cd "$HERE"
"$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS-$("$ROOT/releng/io.backstop.product/heap-args.sh")} -cp "$CP" io.backstop.sweep.internal.SweepBenchmark "$@" | tee "$HERE/target/bench-sweep.txt"
