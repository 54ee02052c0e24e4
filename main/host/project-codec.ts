import { describeZodError } from '../../shared/api/dispatch';
import { StrideFailure } from '../../shared/api/errors';
import { ProjectErrorCode } from '../../shared/api/ns/project';
import { JsonGuardCode, parseJsonText } from '../../shared/graph/json-text';
import { GRAPH_VERSION } from '../../shared/graph/schema';
import {
  MAX_PROJECT_BYTES,
  PROJECT_FORMAT,
  PROJECT_VERSION,
  ProjectFileSchema,
  type ProjectFile,
} from '../../shared/graph/project';
import { FileReadError, readRegularFile, TOO_BIG } from './regular-file';

const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

function tooLarge(what: string, bytes: number): StrideFailure {
  return new StrideFailure(
    ProjectErrorCode.tooLarge,
    `${what} is ${megabytes(bytes)}; Stride opens projects up to ${megabytes(MAX_PROJECT_BYTES)}.`,
  );
}

/**
 * Reads a project file, refusing a non-regular file (a FIFO would block the read forever) and refusing by
 * size before reading (a 2 GB file never reaches memory; readRegularFile reads at most MAX_PROJECT_BYTES + 1).
 */
export async function readProjectFile(path: string): Promise<ProjectFile> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, MAX_PROJECT_BYTES);
  } catch (error) {
    if (error instanceof FileReadError) {
      if (error.code === TOO_BIG) throw tooLarge(path, error.size);
      throw new StrideFailure(
        ProjectErrorCode.notFound,
        `${error.message} Only regular files open as projects.`,
      );
    }
    throw ioFailure(error, path, 'read');
  }
  return parseProjectBytes(bytes, path);
}

export function ioFailure(error: unknown, path: string, verb: string): StrideFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new StrideFailure(ProjectErrorCode.notFound, `${path} does not exist.`);
  if (code === 'EISDIR')
    return new StrideFailure(ProjectErrorCode.notFound, `${path} is a folder, not a file.`);
  const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
  return new StrideFailure(ProjectErrorCode.ioFailed, `Could not ${verb} ${path} (${reason}).`);
}

export function parseProjectBytes(bytes: Uint8Array, source: string): ProjectFile {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new StrideFailure(
      ProjectErrorCode.invalidJson,
      `${source} is not a text file (it is not valid UTF-8).`,
    );
  }
  return parseProjectText(text, source);
}

/** Parses and validates project text; every refusal is a coded StrideFailure naming what is wrong. */
export function parseProjectText(text: string, source: string): ProjectFile {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PROJECT_BYTES) throw tooLarge(source, bytes);
  // The shared guard: nesting, value and key counts are bounded before JSON.parse and zod see the text.
  const parsedJson = parseJsonText(text, source);
  if (!parsedJson.ok) {
    const { code, message } = parsedJson.error;
    throw new StrideFailure(code === JsonGuardCode.notJson ? ProjectErrorCode.invalidJson : code, message);
  }
  const json = parsedJson.value;
  checkFormatAndVersion(json, source);
  let parsed: ReturnType<typeof ProjectFileSchema.safeParse>;
  try {
    parsed = ProjectFileSchema.safeParse(json);
  } catch (error) {
    // Defensive: the guard above bounds what zod walks; anything it still throws is a refusal, not a crash.
    const reason = error instanceof Error ? error.message : String(error);
    throw new StrideFailure(ProjectErrorCode.invalid, `${source} is not a valid Stride project: ${reason}`);
  }
  if (!parsed.success) {
    throw new StrideFailure(
      ProjectErrorCode.invalid,
      `${source} is not a valid Stride project: ${describeZodError(parsed.error)}`,
    );
  }
  return parsed.data;
}

function checkFormatAndVersion(json: unknown, source: string): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new StrideFailure(
      ProjectErrorCode.invalid,
      `${source} is not a Stride project (not a JSON object).`,
    );
  const record = json as Record<string, unknown>;
  if (record.format !== PROJECT_FORMAT) {
    throw new StrideFailure(
      ProjectErrorCode.invalid,
      `${source} is not a Stride project (its "format" is not "${PROJECT_FORMAT}").`,
    );
  }
  const newer = (found: unknown, known: number): found is number =>
    typeof found === 'number' && found > known;
  if (newer(record.version, PROJECT_VERSION)) {
    throw new StrideFailure(
      ProjectErrorCode.futureVersion,
      `${source} was saved by a newer Stride (project format ${record.version}; this version reads up to ${PROJECT_VERSION}). Update Stride to open it.`,
    );
  }
  const graph = record.graph as Record<string, unknown> | null | undefined;
  if (typeof graph === 'object' && graph !== null && newer(graph.version, GRAPH_VERSION)) {
    throw new StrideFailure(
      ProjectErrorCode.futureVersion,
      `${source} holds a graph from a newer Stride (graph version ${graph.version}; this version reads up to ${GRAPH_VERSION}). Update Stride to open it.`,
    );
  }
}

/** The on-disk form: stable key order from the schema, two-space indent, trailing newline (diff friendly). */
export function serializeProject(project: ProjectFile, source: string): string {
  const text = `${JSON.stringify(project, null, 2)}\n`;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PROJECT_BYTES) throw tooLarge(source, bytes);
  return text;
}
