/**
 * The exact fixes a user is told, in one place so the ladder's skip reasons and `stride doctor` say the same.
 * libtensorflow 2.9.1 (what tfjs-node(-gpu) 4.22 downloads) is built against CUDA 11.2 and cuDNN 8.1 and
 * loads their sonames dynamically: a machine with only CUDA 12 (libcudart.so.12) or cuDNN 9 (libcudnn.so.9)
 * cannot run it — the version mismatch behind tfjs issues 8505, 8362 and 8187.
 */
export const TFJS_VERSION = '4.22.0';

export const FIX = {
  installNodeGpu:
    `npm install --save-exact @tensorflow/tfjs-node-gpu@${TFJS_VERSION} (its install script downloads libtensorflow 2.9.1 ` +
    'for CUDA from storage.googleapis.com; behind a proxy or mirror set TFJS_NODE_CDN_STORAGE or TFJS_NODE_BASE_URI)',
  installNodeCpu:
    `npm install --save-exact @tensorflow/tfjs-node@${TFJS_VERSION} (its install script downloads libtensorflow 2.9.1 ` +
    'from storage.googleapis.com; behind a proxy or mirror set TFJS_NODE_CDN_STORAGE or TFJS_NODE_BASE_URI)',
  rebuildNode: (pkg: string) =>
    `libtensorflow was not downloaded when ${pkg} was installed: with network access run \`npm rebuild ${pkg}\` ` +
    '(or set TFJS_NODE_CDN_STORAGE / TFJS_NODE_BASE_URI to a mirror first)',
  pinVersion: (pkg: string, found: string) =>
    `${pkg} is ${found} but every @tensorflow package must be exactly ${TFJS_VERSION} (otherwise two copies of ` +
    `tfjs-core load and the backend registers in the wrong one): npm install --save-exact ${pkg}@${TFJS_VERSION}`,
  cudaRuntime:
    "install the CUDA 11.2 runtime libraries next to any newer CUDA (Ubuntu/Debian with NVIDIA's CUDA repository: " +
    '`sudo apt-get install cuda-cudart-11-2 libcublas-11-2 libcufft-11-2 libcurand-11-2 libcusolver-11-2 ' +
    'libcusparse-11-2`) and add /usr/local/cuda-11.2/lib64 to LD_LIBRARY_PATH',
  cudnn:
    'install cuDNN 8.1 for CUDA 11.2 (`sudo apt-get install libcudnn8=8.1.1.33-1+cuda11.2`, or the cuDNN 8.1.1 ' +
    'tarball for CUDA 11.2 unpacked into /usr/local/cuda-11.2) — cuDNN 9 has a different soname (libcudnn.so.9)',
  driver:
    'install an NVIDIA driver ≥ 450.80.02 (CUDA 11.x minor-version compatibility; 460.27.03 or newer recommended) ' +
    'and check that `nvidia-smi` lists the GPU',
  hopper:
    'TensorFlow 2.9 has no kernels compiled for this GPU generation (compute capability ≥ 9.0, e.g. H100): it can ' +
    'only JIT-compile PTX, which is slow to start and may fail; prefer the webgpu rung (Vulkan) on such GPUs',
  installWebgpu: 'npm install --save-exact webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@' + TFJS_VERSION,
  vulkanLoader:
    'install the Vulkan loader and a Vulkan driver: `sudo apt-get install libvulkan1 mesa-vulkan-drivers` ' +
    '(AMD/Intel) or the NVIDIA driver (it ships the Vulkan ICD); `vulkaninfo --summary` should list the GPU',
  noAdapter:
    'no Vulkan/Metal/D3D12 device is visible: install a GPU driver with Vulkan support, check `vulkaninfo --summary`; ' +
    'in containers pass the GPU through (e.g. `--gpus all` and NVIDIA_DRIVER_CAPABILITIES=all)',
  wasmFiles:
    'the tfjs-backend-wasm .wasm binaries were not found: run `npm ci` (they ship inside ' +
    '@tensorflow/tfjs-backend-wasm/dist) or set STRIDE_WASM_DIR to a folder holding them',
} as const;

/** Turns a libtensorflow load error into a reason and the fix for it. */
export function explainTensorflowLoadError(pkg: string, message: string): { reason: string; fix: string } {
  const missing = /([\w.+-]+\.so[.\d]*): cannot open shared object file/.exec(message)?.[1];
  if (missing !== undefined && /libtensorflow/.test(missing))
    return {
      reason: `${pkg} is installed without libtensorflow (${missing} missing)`,
      fix: FIX.rebuildNode(pkg),
    };
  if (
    missing !== undefined &&
    /libcud(art|a)|libcublas|libcufft|libcurand|libcusolver|libcusparse/.test(missing)
  )
    return { reason: `CUDA 11.2 runtime library ${missing} not found`, fix: FIX.cudaRuntime };
  if (missing !== undefined && /libcudnn/.test(missing))
    return { reason: `cuDNN 8 library ${missing} not found`, fix: FIX.cudnn };
  if (
    /native addon module .*can ?not be found/i.test(message) ||
    (/Cannot find module|MODULE_NOT_FOUND/.test(message) && /napi|tfjs_binding|\.node/.test(message))
  )
    return {
      reason: `${pkg} is installed but its native binding was not built or downloaded`,
      fix: FIX.rebuildNode(pkg),
    };
  if (/GLIBC|GLIBCXX/.test(message))
    return {
      reason: `libtensorflow needs a newer C/C++ runtime than this system has (${message.split('\n')[0]})`,
      fix: 'use a newer Linux distribution (glibc ≥ 2.27) or the webgpu/wasm rungs',
    };
  return { reason: `${pkg} failed to load: ${message.split('\n')[0] ?? message}`, fix: FIX.rebuildNode(pkg) };
}
