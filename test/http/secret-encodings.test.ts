import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeReply } from '../fakes/fake-reply.js';
import type { FakeWireServer, RecordedRequest } from '../fakes/fake-stream-server.js';
import { startOpenAiWireServer } from '../fakes/openai-wire-server.js';
import { startLocalServer, type LocalServer } from '../fakes/tools/local-http-server.js';
import { secretEncodings } from '../fakes/tools/secret-encodings.js';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { serviceAvailable, testDatabaseUrl } from '../support/requirements.js';
import { readSse } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { createFreshDatabase } from './support/fresh-database.js';

/** Quotes, a backslash, markup, a space and non-ASCII: every character some encoder rewrites. */
const SECRET = `sk-${randomBytes(6).toString('hex')}'q"\\<a&b> é€`;
const FORMS = secretEncodings(SECRET);

/** The fake model calls the tools named in the user's message as JSON, then answers once it has their results. */
function scriptedModel(request: RecordedRequest): FakeReply {
  const messages = (request.body?.messages ?? []) as Array<{ role: string; content: string }>;
  if (messages.at(-1)?.role === 'tool') return { tokens: ['done'] };
  const calls = JSON.parse(/CALL (.*)$/.exec(messages.at(-1)?.content ?? '')?.[1] ?? '[]') as Array<{ name: string; arguments: Record<string, unknown> }>;
  return calls.length > 0 ? { toolCalls: calls.map((call, index) => ({ ...call, id: `call_${index}` })) } : { tokens: ['nothing to do'] };
}

function defineSuite(backend: string, database: () => Promise<{ url?: string; drop(): Promise<void> }>): void {
  describe(`a secret echoed back in every encoding never leaves the server (${backend})`, () => {
    let server: TestServer;
    let dropDatabase: () => Promise<void> = async () => undefined;
    let admin: ApiClient;
    let api: LocalServer;
    let provider: FakeWireServer;
    let agentId: string;
    const seen: string[] = [];

    beforeAll(async () => {
      // a careless API: it answers with the key it was sent, in every encoding, and echoes the whole request
      api = await startLocalServer((req, res, body) => {
        const key = (JSON.parse(body || '{}') as { key?: string }).key ?? '';
        const forms = secretEncodings(key);
        const form = new URL(req.url!, 'http://x').pathname.split('/').pop();
        if (form === 'request') {
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url: req.url, authorization: req.headers.authorization, body }));
        }
        const status = form === 'error' ? 400 : 200;
        res.writeHead(status, { 'content-type': form === 'json' ? 'application/json' : 'text/plain; charset=utf-8' });
        res.end(form === 'json' ? JSON.stringify({ forms, key }) : Object.entries(forms).map(([name, value]) => `${name}: ${value}`).join('\n'));
      });
      provider = await startOpenAiWireServer({ apiKey: 'test-key', replies: scriptedModel });
      const db = await database();
      dropDatabase = db.drop;
      server = await startTestServer({ ...(db.url ? { databaseUrl: db.url } : {}), env: { OPENAI_BASE_URL: provider.url, OPENAI_API_KEY: 'test-key' } });
      admin = apiClient(server.baseUrl, server.adminToken);
      const userinfoOrigin = api.origin.replace('http://', 'http://user:{{env.API_KEY}}@');
      const tool = await admin.post('/tools', {
        name: 'lookup',
        description: 'Looks things up',
        kind: 'http',
        config: {
          url: `${userinfoOrigin}/echo/{{input.form}}?key={{env.API_KEY}}`,
          method: 'POST',
          body: '{"key": "{{env.API_KEY}}"}',
          input_schema: { type: 'object', properties: { form: { type: 'string' } }, required: ['form'] },
        },
        env: { API_KEY: SECRET },
      });
      expect(tool.status).toBe(201);
      seen.push(JSON.stringify(tool.body));
      const agent = await admin.post('/agents', { agent_name: 'Echo agent', model_name: 'openai/gpt-4o-mini', tools: [tool.body.tool_id] });
      expect(agent.status).toBe(201);
      agentId = agent.body.agent_id;
    });
    afterAll(async () => {
      await server?.stop();
      await provider?.close();
      await api?.close();
      await dropDatabase();
    });

    const everyForm = (text: string) => Object.entries(FORMS).filter(([, form]) => text.includes(form)).map(([name]) => name);

    it('the API really received the secret (raw in the body, percent-encoded in the URL, in Basic auth)', async () => {
      const calls = ['text', 'json', 'request', 'error'].map((form) => ({ name: 'lookup', arguments: { form } }));
      const stream = await readSse(`${server.baseUrl}/agent-invoke/${agentId}/invoke-stream`, { token: server.adminToken, body: invokeBody(`CALL ${JSON.stringify(calls)}`, { threadId: 'stream' }) });
      seen.push(stream.raw);
      const ends = stream.events.filter((e) => e.event === 'tool_status' && (e.data as { is_start: boolean }).is_start === false);
      expect(ends).toHaveLength(4);
      expect(JSON.stringify(ends)).toContain('********');
      const json = await admin.post(`/agent-invoke/${agentId}/invoke`, invokeBody(`CALL ${JSON.stringify(calls)}`, { threadId: 'json' }));
      expect(json.status).toBe(200);
      seen.push(JSON.stringify(json.body));

      const received = api.requests.at(-1)!;
      expect(JSON.parse(received.body)).toEqual({ key: SECRET });
      expect(new URL(received.url, 'http://x').searchParams.get('key')).toBe(SECRET);
      expect(received.url).toContain(`key=${FORMS['URL query of encodeURIComponent']}`); // the URL class adds its own %27
      expect(received.headers.authorization).toBe(`Basic ${FORMS['Basic user:secret']}`);
    });

    it('shows no form of it in the SSE frames or the JSON answer', () => {
      expect(everyForm(seen.join('\n'))).toEqual([]);
    });

    it('shows no form of it in the stored history read back over HTTP', async () => {
      for (const thread of ['stream', 'json']) {
        const history = await admin.get(`/agents/${agentId}/threads/${thread}/messages`);
        expect(history.status).toBe(200);
        expect(JSON.stringify(history.body)).toContain('********');
        expect(everyForm(JSON.stringify(history.body))).toEqual([]);
      }
    });

    it('sends no form of it to the model provider', () => {
      const toProvider = JSON.stringify(provider.requests.map((request) => request.body));
      expect(toProvider).toContain('"role":"tool"');
      expect(everyForm(toProvider)).toEqual([]);
    });

    it('writes no form of it to the log', () => {
      expect(everyForm(server.logs())).toEqual([]);
    });

    it('stores no form of it in any database row', async () => {
      const tables = await server.rawQuery("select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')");
      let dump = '';
      for (const table of tables) dump += JSON.stringify(await server.rawQuery(`select * from "${String(table.table_schema)}"."${String(table.table_name)}"`));
      expect(dump).toContain('********');
      expect(everyForm(dump)).toEqual([]);
    });
  });
}

defineSuite('PGlite', async () => ({ drop: async () => undefined }));

const postgres = serviceAvailable('PostgreSQL secret encodings', testDatabaseUrl !== undefined, 'set TEST_DATABASE_URL to run it on PostgreSQL');
if (postgres) defineSuite('PostgreSQL', () => createFreshDatabase(testDatabaseUrl!));
