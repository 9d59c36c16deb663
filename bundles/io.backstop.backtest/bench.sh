#!/usr/bin/env bash
# Engine benchmark: bollinger_zscore grid (kernel vs ta4j, JMH, one thread) and the CSV loader;
# with --strategies, every built-in strategy's default grid against the kernel and the kernel against
# a hand-written loop, on one and two threads.
# Usage: bundles/io.backstop.backtest/bench.sh [--strategies [--cpu]] [--quick]
#        (from anywhere; 3-4 minutes, --quick about 1; --strategies about 18, with --quick about 12, with --cpu about 6)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
MODULES=bundles/io.backstop.estop.api,bundles/io.backstop.memory,bundles/io.backstop.estop,bundles/io.backstop.data,bundles/io.backstop.indicators,bundles/io.backstop.backtest
cd "$ROOT"
# compile main and test classes (tests are not run), then resolve the test classpath
./mvnw -o -B -q -pl "$MODULES" clean verify -DskipTests
./mvnw -B -q -o -pl "$MODULES" dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
CP="$HERE/target/classes:$HERE/target/test-classes:$ROOT/bundles/io.backstop.data/target/classes:$ROOT/bundles/io.backstop.indicators/target/classes:$(cat "$HERE/target/test.classpath")"
# JMH generates its harness with an annotation processor; JDK 23+ needs it enabled explicitly
rm -rf "$HERE/target/bench-classes" "$HERE/target/bench-generated"
mkdir -p "$HERE/target/bench-classes" "$HERE/target/bench-generated"
"$JAVA_HOME/bin/javac" -proc:full -cp "$CP" -d "$HERE/target/bench-classes" -s "$HERE/target/bench-generated" \
  "$HERE"/src/test/java/io/backstop/backtest/bench/*.java
MAIN=io.backstop.backtest.bench.EngineBench
ARGS=()
for a in "$@"; do
  if [ "$a" = --strategies ]; then MAIN=io.backstop.backtest.bench.StrategyBench; else ARGS+=("$a"); fi
done
cd "$HERE"
exec "$JAVA_HOME/bin/java" -cp "$HERE/target/bench-classes:$CP" "$MAIN" "${ARGS[@]}"
