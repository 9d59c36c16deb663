#!/usr/bin/env bash
# Prints the product's heap and collector options (the -X and -XX <vmArgs> of io.backstop.product),
# so that benchmarks run their JVM as the product runs its own.
set -euo pipefail
sed -n 's:.*<vmArgs>\(.*\)</vmArgs>.*:\1:p' "$(dirname "$0")/io.backstop.product" | tr ' ' '\n' | grep -E '^-X(ms|mx)|^-XX:' | tr '\n' ' '
