/** How a run's status reads in the list and the run view. */
const STATUS_TEXT: Readonly<Record<string, string>> = {
  queued: 'Queued',
  running: 'Training',
  paused: 'Paused',
  completed: 'Completed',
  stopped: 'Stopped',
  failed: 'Failed',
};

export const statusLabel = (status: string): string => STATUS_TEXT[status] ?? status;
