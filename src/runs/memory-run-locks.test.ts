import { createMemoryRunLocks } from './memory-run-locks.js';
import { describeRunLocksContract } from './run-locks.contract.js';

describeRunLocksContract('memory', async () => {
  const locks = createMemoryRunLocks();
  return { first: locks, second: locks, shutdown: () => locks.shutdown() };
});
