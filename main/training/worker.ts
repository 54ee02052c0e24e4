import { version as tfjsVersion } from '@tensorflow/tfjs';
import { detectParentChannel } from './worker/channel';
import { handlers } from './worker/handlers';
import { serveWorker } from './worker/server';

/**
 * Entry of the training worker process (bundled to app/dist/worker/index.cjs). Training, data decoding and
 * every native GPU library load here, so a crash or out-of-memory ends this process and not the app.
 */
const channel = detectParentChannel();
if (channel === null) {
  process.stderr.write('stride worker: start me with child_process.fork or Electron utilityProcess.fork\n');
  process.exit(2);
}
// Ctrl+C in a terminal signals the whole process group, this worker included: the host decides how a run
// ends (`stride train` stops it cleanly after the current batch), and the worker exits when the host goes.
process.on('SIGINT', () => undefined);
process.on('uncaughtException', (error) => {
  process.stderr.write(`stride worker: uncaught ${error.stack ?? error.message}\n`);
  process.exit(70);
});
process.on('unhandledRejection', (reason) => {
  process.stderr.write(
    `stride worker: unhandled rejection ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`,
  );
  process.exit(70);
});
serveWorker(channel, handlers, { node: process.versions.node, tfjs: tfjsVersion['tfjs-core'] ?? 'unknown' });
