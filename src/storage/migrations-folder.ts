import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the committed SQL migrations are at run time: right beside this file, in ./migrations. From src/storage/
 * (tsx, vitest) that is the source folder; `npm run build` copies it to dist/src/storage/migrations, so a built
 * release reads its own copy and never the source tree (issue 21).
 */
export function migrationsFolderCandidates(moduleUrl: string = import.meta.url): string[] {
  return [join(dirname(fileURLToPath(moduleUrl)), 'migrations')];
}

export function resolveMigrationsFolder(moduleUrl: string = import.meta.url): string {
  const candidates = migrationsFolderCandidates(moduleUrl);
  const found = candidates.find((folder) => existsSync(join(folder, 'meta', '_journal.json')));
  if (found === undefined) {
    throw new Error(`Database migrations not found; looked in ${candidates.join(' and ')} (run \`npm run build\` to copy them into dist/)`);
  }
  return found;
}
