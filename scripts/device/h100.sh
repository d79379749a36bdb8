#!/usr/bin/env bash
# The device measurements of issue #12, as one script for the GPU machine. Prepare here, then run there:
#   ../shared/gpu/stage.sh --entry scripts/device/entry.ts --data /usr/share/datasets/fashion-mnist
#   device tool: run  command="bash scripts/device/h100.sh"  carry=[".device"]  timeout_s=600
# It writes to $OUT (the device tool brings it back): the bench JSON (this project on webgpu against PyTorch on CUDA,
# same run) and the standard profile's results with its wall time. Copy bench JSON to bench/results/ and cite it.
set -uo pipefail
OUT=${OUT:-/tmp/device-out}
mkdir -p "$OUT"
# PyTorch on the GPU machine: whichever python3 imports torch (the bench finds it; LANDSCAPE_PYTHON overrides).
bash .device/remote.sh -- bench --backend webgpu --vs-pytorch --json "$OUT/h100-webgpu-vs-pytorch.json" 2>&1 | tee "$OUT/bench.log"
start=$(date +%s)
timeout 420 bash .device/remote.sh -- compute --profile standard --backend webgpu --data .device/data --out "$OUT/standard" --jobs 1 > "$OUT/standard.log" 2>&1
echo "standard profile: exit $?, wall $(( $(date +%s) - start )) s (stopped at 420 s; rerun resumes from .partial)" | tee -a "$OUT/standard.log"
tail -80 "$OUT/standard.log"
