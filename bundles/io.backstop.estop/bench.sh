#!/usr/bin/env bash
# Coordinator benchmark (JMH): the cost of one emergency stop with 0 and 20 no-op steps,
# memory measurement and history included. Not part of the build's tests.
# Usage: bundles/io.backstop.estop/bench.sh [JMH options]   (about 1 minute)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
MODULES=bundles/io.backstop.estop.api,bundles/io.backstop.memory,bundles/io.backstop.estop
cd "$ROOT"
# compile main and test classes (tests are not run), then resolve the test class path
./mvnw -B -q -pl "$MODULES" clean verify -DskipTests
./mvnw -B -q -o -pl "$MODULES" dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
CP="$HERE/target/classes:$HERE/target/test-classes:$ROOT/bundles/io.backstop.estop.api/target/classes:$(cat "$HERE/target/test.classpath")"
# The benchmark sits outside src/test so the OSGi test runtime need not resolve JMH; JMH generates
# its harness with an annotation processor, which JDK 23+ runs only when asked
rm -rf "$HERE/target/bench-classes"
mkdir -p "$HERE/target/bench-classes"
"$JAVA_HOME/bin/javac" -proc:full -cp "$CP" -d "$HERE/target/bench-classes" \
  "$HERE"/src/bench/java/io/backstop/estop/internal/*Benchmark.java
exec "$JAVA_HOME/bin/java" -cp "$HERE/target/bench-classes:$CP" org.openjdk.jmh.Main CoordinatorOverheadBenchmark "$@"
