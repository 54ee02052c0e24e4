import { bestLayoutOf, type ElkLayout, type LayoutRequest } from './candidates';
import type { Scored } from './choose';

/**
 * The layout worker: every candidate arrangement (elkjs's layered runs, the wrapped columns) and their scores
 * are computed here, so laying out a 500-node graph leaves the page free to draw. elkjs (1.4 MB) is loaded the
 * first time a layout needs it — a long network never does — and runs in this worker, in process (its bundled
 * build), not in a worker of its own.
 */
export type LayoutReply =
  | { readonly id: number; readonly ok: true; readonly best: Scored | null }
  | { readonly id: number; readonly ok: false; readonly message: string };

interface WorkerScope {
  onmessage: unknown;
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent<{ id: number; request: LayoutRequest }>) => void,
  ): void;
  postMessage(reply: LayoutReply): void;
}

const scope = self as unknown as WorkerScope;

let elk: Promise<ElkLayout> | null = null;
const elkLayout: ElkLayout = async (graph) => {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: ElkBundled }) => {
    // Loaded in a worker, the bundled elkjs claims `self.onmessage` for a protocol of its own: not ours.
    scope.onmessage = null;
    const instance = new ElkBundled();
    return (g) => instance.layout(g);
  });
  return (await elk)(graph);
};

scope.addEventListener('message', (event) => {
  const { id, request } = event.data;
  bestLayoutOf(request, elkLayout).then(
    (best) => scope.postMessage({ id, ok: true, best }),
    (error: unknown) =>
      scope.postMessage({ id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
