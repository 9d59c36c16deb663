#!/usr/bin/env bash
# Optimisation benchmark: genetic and CMA-ES (and random) searches with a tenth of the grid's
# evaluations against the exhaustive grid on the BTC/USDT sample. Not part of the build's tests.
# Usage: bundles/io.backstop.optimise/bench.sh [SEEDS]   (default 5; a few minutes)
#        bundles/io.backstop.optimise/bench.sh --stops [N]   (stop latency only, over N stops, default 60)
#        bundles/io.backstop.optimise/bench.sh --throughput [BUDGET]   (evaluations per second, one at a time and in parallel)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
MODULES=bundles/io.backstop.estop.api,bundles/io.backstop.memory,bundles/io.backstop.estop,bundles/io.backstop.data,bundles/io.backstop.indicators,bundles/io.backstop.backtest,bundles/io.backstop.sweep,bundles/io.backstop.optimise
cd "$ROOT"
# compile main and test classes (tests are not run)
./mvnw -B -q -pl "$MODULES" clean verify -DskipTests
B="$ROOT/bundles"
M2=${MAVEN_REPO:-$HOME/.m2/repository}
CP="$HERE/target/classes:$HERE/target/test-classes:$B/io.backstop.sweep/target/classes:$B/io.backstop.backtest/target/classes:$B/io.backstop.data/target/classes:$B/io.backstop.indicators/target/classes:$B/io.backstop.estop.api/target/classes"
CP="$CP:$M2/io/jenetics/jenetics/8.1.0/jenetics-8.1.0.jar:$M2/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar"
cd "$HERE"
"$JAVA_HOME/bin/java" -Dbackstop.sample.dir="$B/io.backstop.data/sample" -cp "$CP" io.backstop.optimise.internal.OptimiseBenchmark "$@" | tee "$HERE/target/bench-optimise.txt"
