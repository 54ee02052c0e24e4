import { call } from '../backend/api';
import { toast } from '../store/toasts';

/**
 * The run's trained network as ONNX. In the app the host asks where to save it; in browser mode (no file
 * dialog) it writes model.onnx into the run's folder and the toast says where.
 */
export async function exportRunOnnx(runId: string): Promise<void> {
  toast.info('Writing the ONNX file…');
  const result = await call((api) => api.runs.exportOnnx({ runId }));
  if (!result.ok) return void toast.error(result.error.message, result.error.code);
  if (result.value !== null)
    toast.success(`Saved ${result.value.path} (${(result.value.bytes / 1024 / 1024).toFixed(1)} MB)`);
}
