import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveExportFile } from '../../src/services/fastworkflow-export-file.js';
import { FwFailure } from '../../src/services/fastworkflow-failure.js';

const base = mkdtempSync(join(tmpdir(), 'fw-export-unit-'));
const outside = mkdtempSync(join(tmpdir(), 'fw-outside-unit-'));

describe('where the admin dump may be written (decision 0804)', () => {
  afterAll(() => {
    rmSync(base, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('writes nothing when no export directory is configured', async () => {
    expect(await resolveExportFile(undefined, '/tmp', 1)).toBeNull();
  });

  it('resolves a folder relative to the export directory, creating both when missing', async () => {
    const root = join(base, 'not-yet');
    expect(await resolveExportFile(root, 'nightly/a', 1700000000)).toBe(join(root, 'nightly', 'a', 'all_conversations_1700000000.jsonl'));
    expect(existsSync(join(root, 'nightly', 'a'))).toBe(true);
  });

  it('refuses folders outside it, also through a symlink inside it, with 422', async () => {
    symlinkSync(outside, join(base, 'door'));
    for (const folder of ['..', '../x', outside, 'door', 'door/deeper']) {
      const error = await resolveExportFile(base, folder, 1).catch((e: unknown) => e);
      expect(error, folder).toBeInstanceOf(FwFailure);
      expect((error as FwFailure).status).toBe(422);
    }
    expect(existsSync(join(outside, 'deeper'))).toBe(false); // nothing was created outside either
  });
});
