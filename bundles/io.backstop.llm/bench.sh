#!/usr/bin/env bash
# What the llm.models step costs a stop when Ollama is down, cold (no warm-up) and warm (warmed
# at activation), each in fresh JVMs. Not part of the build's tests.
# Usage: bundles/io.backstop.llm/bench.sh [runs per mode, default 5]   (build the bundle first)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
GSON=$(ls ~/.m2/repository/com/google/code/gson/gson/*/gson-*.jar | grep -v sources | sort -V | tail -1)
CP="$HERE/target/classes:$HERE/target/test-classes:$ROOT/bundles/io.backstop.estop.api/target/classes:$GSON"
for mode in cold warm; do
  for _ in $(seq "${1:-5}"); do
    "$JAVA_HOME/bin/java" -cp "$CP" io.backstop.llm.internal.IdleUnloadBenchmark "$mode"
  done
done
