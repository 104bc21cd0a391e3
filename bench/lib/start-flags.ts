import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The node flags of `npm start` (package.json scripts.start, e.g. `node --max-semi-space-size=64 dist/…`):
 * every server of the bench runs with them, so Switchboard is measured as it is started, and the floor and
 * the thin proxy get the same runtime settings.
 */
export function startNodeFlags(root: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const words = (pkg.scripts?.start ?? '').trim().split(/\s+/);
  if (words[0] !== 'node') return [];
  const flags: string[] = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith('--')) break;
    flags.push(word);
  }
  return flags;
}
