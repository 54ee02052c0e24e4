/** True while a process with this pid runs (EPERM: it runs, as another user). A reused pid reads as alive. */
export function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
