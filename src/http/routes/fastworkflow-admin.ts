import { Readable } from 'node:stream';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { openExportFile } from '../../services/fastworkflow-export-file.js';
import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { fwDetailSchema, fwDumpBodySchema, fwValidationErrorSchema } from '../wire/fastworkflow.js';
import { fwErrorHandler } from './fastworkflow-errors.js';

/** Every line goes to the response and, when there is one, to the export file (closed at the end). */
async function* alsoWrittenTo(lines: AsyncGenerator<string>, file: WriteStream | null): AsyncGenerator<string> {
  try {
    for await (const line of lines) {
      if (file && !file.write(line)) await once(file, 'drain');
      yield line;
    }
  } finally {
    if (file) await new Promise<void>((resolve) => file.end(() => resolve()));
  }
}

/** POST /admin/dump_all_conversations (seed-systems A.2, decision 0804): a JSONL download for platform admins. */
export function registerFastworkflowAdminRoutes(app: App, services: Services): void {
  const fw = services.fastworkflow;
  app.post(
    '/admin/dump_all_conversations',
    {
      schema: {
        tags: ['fastworkflow'],
        summary: 'Every fastworkflow conversation of every user as JSONL (platform admins)',
        description:
          'The answer is the JSONL itself (a download, `all_conversations_<epoch>.jsonl`): one line per conversation, ' +
          '`{user_id, owner_user_id, agent_id, conversation_id, topic, summary, created_at, updated_at, turns}`. ' +
          'The file is also written on the server only when `output_folder` lies inside its FASTWORKFLOW_EXPORT_DIR (its path is in `X-File-Path`); ' +
          'with no export directory configured nothing is written; a folder outside it is 422.',
        body: fwDumpBodySchema,
        response: { 403: fwDetailSchema, 422: fwValidationErrorSchema, 500: fwDetailSchema },
      },
      errorHandler: fwErrorHandler('dump_all_conversations'),
    },
    async (request, reply) => {
      const lines = fw.dumpAll(request.actor);
      const epochSeconds = Math.floor(Date.now() / 1000);
      const path = await fw.exportFileFor(request.body.output_folder, epochSeconds);
      const file = path ? await openExportFile(path) : null;
      const name = `all_conversations_${epochSeconds}.jsonl`;
      void reply
        .type('application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store');
      if (path) void reply.header('x-file-path', path);
      return reply.send(Readable.from(alsoWrittenTo(lines, file)) as never);
    },
  );
}
