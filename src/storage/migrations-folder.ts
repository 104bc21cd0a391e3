import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the committed SQL migrations are at run time. The build (tsc) copies only .ts output, so:
 * - from src/storage/ (tsx, vitest) they sit right beside this file: ./migrations;
 * - from dist/src/storage/ (compiled) they are read from the source tree: ../../../src/storage/migrations.
 * The first candidate holding drizzle's meta/_journal.json wins.
 */
export function migrationsFolderCandidates(moduleUrl: string = import.meta.url): string[] {
  const here = dirname(fileURLToPath(moduleUrl));
  return [join(here, 'migrations'), resolve(here, '../../../src/storage/migrations')];
}

export function resolveMigrationsFolder(moduleUrl: string = import.meta.url): string {
  const candidates = migrationsFolderCandidates(moduleUrl);
  const found = candidates.find((folder) => existsSync(join(folder, 'meta', '_journal.json')));
  if (found === undefined) {
    throw new Error(`Database migrations not found; looked in ${candidates.join(' and ')}`);
  }
  return found;
}
