import type { RunSummary } from '../../../shared/api/ns/training';
import type { RunProject } from '../../../shared/api/runs';
import { useEditor } from '../store/editor';

/** The project open in the designer, as training.start records it: its file when saved, else its name. */
export function currentProject(): RunProject {
  const { path, doc } = useEditor.getState();
  return { path, name: doc.name };
}

/**
 * Whether a run came from the project open now. A saved project is its file path. A run of a document not yet
 * saved belongs to the project of that name (the document may have been saved since). A run that recorded no
 * project (the CLI, or runs from before projects were recorded) is matched by its network's name.
 */
export function isProjectRun(run: Pick<RunSummary, 'project' | 'graphName' | 'name'>, current: RunProject) {
  const project = run.project ?? null;
  if (project === null) return (run.graphName ?? run.name) === current.name;
  if (project.path !== null) return project.path === current.path;
  return project.name === current.name;
}

/** This project's runs and the others, each keeping the list's order (newest first). */
export function splitByProject<R extends Pick<RunSummary, 'project' | 'graphName' | 'name'>>(
  runs: readonly R[],
  current: RunProject,
): { readonly mine: R[]; readonly others: R[] } {
  const mine: R[] = [];
  const others: R[] = [];
  for (const run of runs) (isProjectRun(run, current) ? mine : others).push(run);
  return { mine, others };
}
