import type { CliCommand } from '../command';
import { StrideFailure } from '../../../shared/api/errors';
import { WorkerFailure } from '../../host/worker/failure';
import { WorkerHost } from '../../host/worker/host';
import { doctorReport } from '../../host/worker/system-service';
import { formatDoctorReport } from './doctor-format';

const USAGE = `Usage: stride doctor [--json] [--no-probe]

What each training backend rung finds on this machine: packages, the CUDA/cuDNN/Vulkan libraries looked for
and where, the GPU seen by nvidia-smi and WebGPU, and the exact fix for what is missing.
  --json      print the report as one JSON object
  --no-probe  only look for files; do not load any backend
`;

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'Diagnose the training backends (GPU libraries, WebGPU, wasm, cpu) and how to fix them',
  async run(args) {
    const flags = new Set(args);
    if (flags.has('--help') || flags.has('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    const unknown = args.filter((a) => a !== '--json' && a !== '--no-probe');
    if (unknown.length > 0) {
      process.stderr.write(`stride doctor: unknown option ${unknown[0] ?? ''}\n${USAGE}`);
      return 2;
    }
    // The probes load native GPU libraries, so they run in the worker process, never in this one.
    const host = new WorkerHost();
    try {
      const report = await doctorReport(host, !flags.has('--no-probe'));
      process.stdout.write(
        flags.has('--json') ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report),
      );
      return 0;
    } catch (error) {
      if (!(error instanceof StrideFailure)) throw error;
      process.stderr.write(`stride doctor: ${error.message} [${error.code}]\n`);
      if (error instanceof WorkerFailure && error.log.length > 0) process.stderr.write(`${error.log}\n`);
      return 1;
    } finally {
      await host.dispose();
    }
  },
};
