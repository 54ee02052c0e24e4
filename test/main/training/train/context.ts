import { JobControl, type JobContext } from '../../../../main/training/worker/job';
import type { TrainingEvent } from '../../../../shared/api/training';

/** A JobContext for running the training loop in the test process, recording what it emits. */
export function testContext(
  onEvent?: (event: TrainingEvent, ctx: RecordingContext) => void,
): RecordingContext {
  const events: TrainingEvent[] = [];
  const logs: string[] = [];
  const ctx: RecordingContext = {
    id: 'test-job',
    control: new JobControl(),
    events,
    logs,
    emit(event) {
      events.push(event);
      onEvent?.(event, ctx);
    },
    log(level, message) {
      logs.push(`${level}: ${message}`);
    },
  };
  return ctx;
}

export interface RecordingContext extends JobContext {
  readonly events: TrainingEvent[];
  readonly logs: string[];
}

export const ofType = <T extends TrainingEvent['type']>(events: readonly TrainingEvent[], type: T) =>
  events.filter((e): e is Extract<TrainingEvent, { type: T }> => e.type === type);
