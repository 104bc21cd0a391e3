/** Tells the bench orchestrator (over IPC) that this child is listening, and exits when the orchestrator goes. */
export function reportReady(info: Record<string, unknown>): void {
  if (!process.send) throw new Error('start this file from bench/run.ts (it needs an IPC channel)');
  process.send({ type: 'ready', ...info });
  process.on('disconnect', () => process.exit(0));
}
