#!/usr/bin/env bash
# Cluster benchmark: three members in one JVM on loopback; throughput of a sweep spread over them
# against the same sweep on one member, then the latency of 50 cluster-wide stops asked on another
# member than the sweep's, then how soon a member that dies (failover) or hangs (frozen) is replaced. Not part of the
# build's tests.
# The JVM runs with the product's heap settings (releng/io.backstop.product); BENCH_JAVA_OPTS replaces them.
# Usage: bundles/io.backstop.cluster/bench.sh [throughput] [stops] [failover] [frozen] [stops=N] [bars=N]   (a few minutes)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cd "$ROOT"
# main and test classes of every bundle (tests are not run)
./mvnw -o -B -q verify -DskipTests -pl '!releng/io.backstop.product,!releng/io.backstop.tests,!bundles/io.backstop.app,!features/io.backstop.feature'
B="$ROOT/bundles"
CP="$HERE/target/classes:$HERE/target/test-classes"
for bundle in estop.api estop memory data indicators backtest sweep; do
  CP="$CP:$B/io.backstop.$bundle/target/classes"
done
for jar in com/hazelcast/hazelcast/5.7.0/hazelcast-5.7.0.jar; do
  CP="$CP:$HOME/.m2/repository/$jar"
done
CP="$CP:$(find "$HOME/.m2/repository/com/github/oshi" "$HOME/.m2/repository/net/java/dev/jna" "$HOME/.m2/repository/org/slf4j/slf4j-api" "$HOME/.m2/repository/com/google/code/gson/gson/2.13.2" "$HOME/.m2/repository/org/junit/jupiter/junit-jupiter-api/5.12.2" "$HOME/.m2/repository/org/junit/platform/junit-platform-commons/1.12.2" "$HOME/.m2/repository/org/opentest4j/opentest4j/1.3.0" "$HOME/.m2/repository/org/osgi" -name '*.jar' | tr '\n' ':')"
cd "$HERE"
mkdir -p target
"$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS-$("$ROOT/releng/io.backstop.product/heap-args.sh")} -cp "$CP" io.backstop.cluster.internal.ClusterBenchmark "$@" 2>&1 \
  | grep -v '^INFO\|^[A-Z][a-z][a-z] [0-9]' | tee "$HERE/target/bench-cluster.txt"
