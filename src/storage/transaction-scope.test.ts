import { describe, expect, it } from 'vitest';
import { createTransactionScope } from './transaction-scope.js';

describe('createTransactionScope', () => {
  it('knows when a call chain is inside a transaction, and forgets work that outlives it', async () => {
    const scope = createTransactionScope();
    let late: (() => void) | undefined;
    await scope.run(async () => {
      expect(() => scope.assertOutside()).toThrow(/without `tx`/);
      late = () => scope.assertOutside();
    });
    expect(() => scope.assertOutside()).not.toThrow();
    expect(late).not.toThrow();
  });

  it('checks nothing when switched off (production)', async () => {
    const scope = createTransactionScope(false);
    await expect(scope.run(async () => (scope.assertOutside(), 'done'))).resolves.toBe('done');
  });
});
