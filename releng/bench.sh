#!/usr/bin/env bash
# Runs the JMH benchmarks of releng/io.backstop.benchmarks: ./releng/bench.sh [JMH options, e.g. a benchmark regex]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODULE="$ROOT/releng/io.backstop.benchmarks"
if [ -z "${JAVA_HOME:-}" ]; then export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; fi
(cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl releng/io.backstop.benchmarks -am)
exec "$JAVA_HOME/bin/java" -cp "$MODULE/target/classes:$(cat "$MODULE/target/benchmark.classpath")" org.openjdk.jmh.Main "$@"
