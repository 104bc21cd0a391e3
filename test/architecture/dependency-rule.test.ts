import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the dependency rule of ARCHITECTURE.md', () => {
  it('holds for src/ and web/ (checked by dependency-cruiser)', () => {
    let output = '';
    let failed = false;
    try {
      output = execFileSync('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', '--output-type', 'err', 'src', 'web/src'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      failed = true;
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(failed ? output : '').toBe('');
  }, 60_000);
});
