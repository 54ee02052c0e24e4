import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dispatch } from '../../../shared/api/dispatch';
import type { Result } from '../../../shared/api/errors';
import type { CallContext, EventName, EventPayload } from '../../../shared/api/types';
import type { ProjectFile } from '../../../shared/graph/project';
import { createHostService, type Dialogs, type HostDeps, type RunningHost } from '../../../main/host/index';

export const ctx: CallContext = { transport: 'direct', senderId: 'window-1' };

export function project(name = 'LeNet-5', extra: Partial<ProjectFile['graph']> = {}): ProjectFile {
  return {
    format: 'stride-project',
    version: 1,
    graph: {
      version: 1,
      name,
      description: '',
      nodes: [
        {
          id: 'input',
          kind: 'Input',
          name: 'input',
          params: { shape: [28, 28, 1] },
          position: { x: 0, y: 0 },
        },
        {
          id: 'c1',
          kind: 'Conv2D',
          name: 'C1',
          params: { filters: 6, kernel: 5 },
          position: { x: 0, y: 120 },
        },
      ],
      edges: [{ id: 'e1', source: 'input', target: 'c1', targetPort: 0 }],
      ...extra,
    },
    ui: { theme: 'dark' },
  };
}

export interface TempDirs {
  readonly root: string;
  readonly dataDir: string;
  readonly projectsDir: string;
  cleanup(): void;
}

export function tempDirs(): TempDirs {
  const root = mkdtempSync(join(tmpdir(), 'stride-host-'));
  return {
    root,
    dataDir: join(root, 'data'),
    projectsDir: join(root, 'projects'),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface EmittedEvent {
  event: EventName;
  payload: unknown;
}

export function makeHost(
  dirs: TempDirs,
  overrides: Partial<HostDeps> = {},
): { host: RunningHost; emitted: EmittedEvent[] } {
  const emitted: EmittedEvent[] = [];
  const host = createHostService({
    mode: 'test',
    version: '9.9.9',
    dataDir: dirs.dataDir,
    projectsDir: dirs.projectsDir,
    dialogs: null,
    events: <E extends EventName>(event: E, payload: EventPayload<E>) => emitted.push({ event, payload }),
    ...overrides,
  });
  return { host, emitted };
}

/** Calls through the real dispatcher, exactly as every transport does. */
export function call(
  host: RunningHost,
  ns: string,
  method: string,
  input: unknown,
  context: CallContext = ctx,
): Promise<Result<unknown>> {
  return dispatch(host, ns, method, input, context);
}

export async function expectValue<T = unknown>(result: Promise<Result<unknown>>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected success, got ${settled.error.code}: ${settled.error.message}`);
  return settled.value as T;
}

export async function expectCode(result: Promise<Result<unknown>>, code: string): Promise<string> {
  const settled = await result;
  if (settled.ok) throw new Error(`expected ${code}, got success: ${JSON.stringify(settled.value)}`);
  if (settled.error.code !== code)
    throw new Error(`expected ${code}, got ${settled.error.code}: ${settled.error.message}`);
  return settled.error.message;
}

/** Dialogs that answer from a script, recording what they were asked. */
export function scriptedDialogs(answers: {
  open?: (string | null)[];
  save?: (string | null)[];
  text?: (string | null)[];
}) {
  const asked: string[] = [];
  const next = (queue: (string | null)[] | undefined, what: string): string | null => {
    asked.push(what);
    if (queue === undefined || queue.length === 0) throw new Error(`unexpected dialog: ${what}`);
    return queue.shift() ?? null;
  };
  const dialogs: Dialogs = {
    openProject: async () => next(answers.open, 'open'),
    saveProject: async (_ctx, suggested) => next(answers.save, `save:${suggested}`),
    saveText: async (_ctx, suggested) => next(answers.text, `text:${suggested}`),
  };
  return { dialogs, asked };
}
