import type { Result } from '../api/errors';
import type { GraphDoc } from './schema';
import type { ProjectFile } from './project';
import { fail, ok } from '../api/errors';
import { PROJECT_FORMAT, PROJECT_VERSION, ProjectUiSchema } from './project';
import { firstIssue, parseGraphDoc } from './migrate';
import { parseJsonText } from './json-text';

export interface LoadedModel {
  readonly graph: GraphDoc;
  /** The project wrapper when the input was a `*.stride.json` project (null for a bare GraphDoc). */
  readonly project: ProjectFile | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A project file (`{format: 'stride-project', version, graph, ui}`) with its graph migrated. */
export function parseProjectFile(raw: unknown): Result<ProjectFile> {
  if (!isRecord(raw) || raw.format !== PROJECT_FORMAT) {
    return fail('PROJECT_INVALID', `Not a Stride project (expected format '${PROJECT_FORMAT}').`);
  }
  if (typeof raw.version !== 'number' || !Number.isInteger(raw.version) || raw.version < 1) {
    return fail('PROJECT_INVALID', 'The project version must be a whole number from 1.');
  }
  if (raw.version > PROJECT_VERSION) {
    return fail(
      'PROJECT_FUTURE_VERSION',
      `This project was saved by a newer Stride (project version ${raw.version}); this one reads up to ${PROJECT_VERSION}.`,
    );
  }
  const graph = parseGraphDoc(raw.graph);
  if (!graph.ok) return graph;
  const ui = ProjectUiSchema.safeParse(raw.ui ?? {});
  if (!ui.success) return fail('PROJECT_INVALID', `Invalid project ui: ${firstIssue(ui.error)}.`);
  return ok({ format: PROJECT_FORMAT, version: PROJECT_VERSION, graph: graph.value, ui: ui.data });
}

/** A project file or a bare GraphDoc, already parsed from JSON. */
export function parseModel(raw: unknown): Result<LoadedModel> {
  if (isRecord(raw) && 'format' in raw) {
    const project = parseProjectFile(raw);
    return project.ok ? ok({ graph: project.value.graph, project: project.value }) : project;
  }
  const graph = parseGraphDoc(raw);
  return graph.ok ? ok({ graph: graph.value, project: null }) : graph;
}

/** JSON text of a project file or a bare GraphDoc, with size and nesting guarded before parsing. */
export function parseModelText(text: string, what = 'the file'): Result<LoadedModel> {
  const json = parseJsonText(text, what);
  return json.ok ? parseModel(json.value) : json;
}
