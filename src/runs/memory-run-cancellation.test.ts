import { createMemoryRunCancellation } from './memory-run-cancellation.js';
import { describeRunCancellationContract } from './run-cancellation.contract.js';

describeRunCancellationContract('memory', async () => {
  const cancellation = createMemoryRunCancellation();
  return { executor: cancellation, canceller: cancellation, shutdown: () => cancellation.shutdown() };
});
