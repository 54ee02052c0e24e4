import * as ort from 'onnxruntime-node';
for (const id of ['fc', 'fc2']) {
  for (const level of ['disabled', 'all']) {
    const t = performance.now();
    const s = await ort.InferenceSession.create(`/tmp/${id}.onnx`, { graphOptimizationLevel: level, intraOpNumThreads: 1 });
    const ms = performance.now() - t;
    await s.release();
    console.log(id, level, Math.round(ms));
  }
}
