#!/usr/bin/env bash
# GPU check: on a machine with an NVIDIA GPU, runs the GPU bundle's tests with the device
# required (-Dbackstop.gpu.required=true), so that the tests which are skipped on machines
# without a GPU fail instead of passing silently. They check, inside Equinox:
#   - buffers allocated from the service's CUDA memory pool show up in cuMemGetInfo,
#   - the NVRTC-compiled rolling mean/std kernel matches the CPU reference within 1e-9,
#   - the emergency stop step gpu.memory frees every tracked buffer (CLEANED, bytes reported),
#   - VRAM free returns to its level before the allocations.
#
# Usage: releng/gpu-check.sh [extra maven arguments, e.g. -o]
# Needs: the NVIDIA driver (libcuda.so.1) and NVRTC 12 (libnvrtc.so.12, from the CUDA toolkit
# or the nvidia-cuda-nvrtc-cu12 Python wheel); the script looks for NVRTC in the usual places.
# Exit status: 0 all checks passed, 1 a check failed, 2 no GPU or no NVRTC on this machine.
set -euo pipefail

cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L >/dev/null 2>&1; then
	echo "gpu-check: no NVIDIA GPU visible here (nvidia-smi -L failed); nothing to check" >&2
	exit 2
fi
nvidia-smi --query-gpu=index,name,memory.used,memory.total,driver_version --format=csv

# JCuda's NVRTC binding loads libnvrtc.so.12 through the dynamic linker
if ! ldconfig -p 2>/dev/null | grep -q 'libnvrtc\.so\.12'; then
	found=""
	candidates=(/usr/local/cuda/lib64 /usr/local/cuda-12*/lib64 /usr/lib/x86_64-linux-gnu)
	if command -v python3 >/dev/null 2>&1; then
		while IFS= read -r site; do
			candidates+=("$site/nvidia/cuda_nvrtc/lib")
		done < <(python3 -c 'import site,sys; print("\n".join(site.getsitepackages()+[site.getusersitepackages()]))' 2>/dev/null || true)
	fi
	for dir in "${candidates[@]}"; do
		if compgen -G "$dir/libnvrtc.so.12*" >/dev/null; then
			found="$dir"
			break
		fi
	done
	if [[ -z "$found" ]]; then
		echo "gpu-check: libnvrtc.so.12 not found: install the CUDA 12 toolkit or 'pip install nvidia-cuda-nvrtc-cu12'" >&2
		exit 2
	fi
	echo "gpu-check: using NVRTC from $found"
	export LD_LIBRARY_PATH="$found${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi

log="$(mktemp -t gpu-check.XXXXXX.log)"
status=0
./mvnw -B verify -pl bundles/io.backstop.estop.api,bundles/io.backstop.gpu -Dbackstop.gpu.required=true "$@" \
	>"$log" 2>&1 || status=$?

echo "---- GPU test output (full log: $log)"
grep -E "devices: |VRAM |kernel .* vs cpu|gpu.memory step|Tests run:|FAIL|AssertionFailed" "$log" || true
if [[ $status -ne 0 ]]; then
	echo "gpu-check: FAILED (maven exit $status)" >&2
	exit 1
fi
if ! grep -q "kernel gpu: .* vs cpu" "$log"; then
	echo "gpu-check: FAILED: the device test did not run" >&2
	exit 1
fi
echo "gpu-check: passed"
