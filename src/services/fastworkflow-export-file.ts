import { createWriteStream, type WriteStream } from 'node:fs';
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { FwFailure } from './fastworkflow-failure.js';

const outside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel.startsWith('..') || isAbsolute(rel);
};

async function deepestExisting(path: string): Promise<string> {
  for (let current = path; ; current = dirname(current)) {
    if (await lstat(current).then(() => true, () => false)) return current;
    if (dirname(current) === current) return current;
  }
}

/**
 * Where the admin dump may also be written (decision 0804): only inside FASTWORKFLOW_EXPORT_DIR. Unset:
 * never written (null; the dump is only downloaded). A folder outside it, also through a symlink, is 422.
 * `output_folder` may be relative to the export directory; missing folders are created, as the seed does.
 */
export async function resolveExportFile(exportDir: string | undefined, outputFolder: string, epochSeconds: number): Promise<string | null> {
  if (!exportDir) return null;
  // a configured directory that does not exist yet is created, like the folders below it
  const root = await mkdir(exportDir, { recursive: true }).then(() => realpath(exportDir)).catch(() => null);
  if (root === null) throw new FwFailure(500, 'The export directory (FASTWORKFLOW_EXPORT_DIR) cannot be created or read');
  const refusal = new FwFailure(422, `output_folder must be inside the export directory of this server (FASTWORKFLOW_EXPORT_DIR): ${outputFolder}`);
  const folder = resolve(root, outputFolder);
  if (outside(root, folder)) throw refusal;
  // a symlink inside the export directory must not lead out of it: check what exists before creating anything
  if (outside(root, await realpath(await deepestExisting(folder)))) throw refusal;
  await mkdir(folder, { recursive: true });
  if (outside(root, await realpath(folder))) throw refusal;
  return join(folder, `all_conversations_${epochSeconds}.jsonl`);
}

/** A new file (never overwrites one); resolves once it is open. */
export function openExportFile(path: string): Promise<WriteStream> {
  return new Promise((resolveOpen, reject) => {
    const stream = createWriteStream(path, { flags: 'wx', mode: 0o600 });
    stream.once('open', () => resolveOpen(stream));
    stream.once('error', reject);
  });
}
