import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api.js';
import { serviceAvailable, testDatabaseUrl } from '../support/requirements.js';
import { createFreshDatabase } from './support/fresh-database.js';
import { expectOk } from './support/people.js';
import { startServer, type HttpTestServer } from './support/server.js';

const MASK = '********';

function defineSecretSuite(backend: string, database: () => Promise<{ url?: string; drop(): Promise<void> }>): void {
  describe(`tool secrets are write-only (${backend})`, () => {
    let server: HttpTestServer;
    let admin: ApiClient;
    let dropDatabase: () => Promise<void> = async () => undefined;
    // distinct, greppable values; one is replaced, one deleted, one kept
    const secrets = {
      first: `sk-first-${randomBytes(12).toString('hex')}`,
      second: `sk-second-${randomBytes(12).toString('hex')}`,
      kept: `sk-kept-${randomBytes(12).toString('hex')}`,
      replacement: `sk-replacement-${randomBytes(12).toString('hex')}`,
      rejected: `sk-rejected-${randomBytes(12).toString('hex')}`,
    };
    const seen: string[] = [];
    const record = <T>(response: { status: number; body: T }) => {
      seen.push(JSON.stringify(response.body));
      return response;
    };
    let toolId: string;
    let agentId: string;

    beforeAll(async () => {
      const db = await database();
      dropDatabase = db.drop;
      server = await startServer(db.url ? { databaseUrl: db.url } : {});
      admin = apiClient(server.baseUrl, server.adminToken);

      const created = record(
        await admin.post('/tools', {
          name: 'weather',
          description: 'Weather by city',
          kind: 'http',
          config: {
            url: 'https://api.example.com/weather?city={{input.city}}',
            method: 'GET',
            headers: { authorization: 'Bearer {{env.API_KEY}}', 'x-second': '{{env.SECOND_KEY}}' },
            input_schema: { type: 'object', properties: { city: { type: 'string' } } },
          },
          env: { API_KEY: secrets.first, SECOND_KEY: secrets.second, KEPT_KEY: secrets.kept },
        }),
      );
      toolId = expectOk<{ tool_id: string }>(created, 201).tool_id;
      agentId = expectOk<{ agent_id: string }>(record(await admin.post('/agents', { agent_name: 'With secret tool', tools: [toolId] })), 201).agent_id;
    });

    afterAll(async () => {
      await server?.stop();
      await dropDatabase();
    });

    it('answers create, get and list with the secret names and the mask', async () => {
      const got = record(await admin.get(`/tools/${toolId}`));
      expect(got.body.env).toEqual({ API_KEY: MASK, SECOND_KEY: MASK, KEPT_KEY: MASK });
      const list = record(await admin.get('/tools'));
      expect(list.body.find((t: { tool_id: string }) => t.tool_id === toolId).env).toEqual({ API_KEY: MASK, SECOND_KEY: MASK, KEPT_KEY: MASK });
    });

    it('applies PATCH env: a value replaces, null deletes, the mask keeps', async () => {
      const patched = record(
        await admin.patch(`/tools/${toolId}`, {
          env: { API_KEY: secrets.replacement, SECOND_KEY: null, KEPT_KEY: MASK },
          config: {
            url: 'https://api.example.com/weather?city={{input.city}}',
            method: 'GET',
            headers: { authorization: 'Bearer {{env.API_KEY}}' },
            input_schema: { type: 'object', properties: { city: { type: 'string' } } },
          },
        }),
      );
      expect(patched.status).toBe(200);
      expect(patched.body.env).toEqual({ API_KEY: MASK, KEPT_KEY: MASK });
      const kept = record(await admin.patch(`/tools/${toolId}`, { env: { API_KEY: MASK }, description: 'kept' }));
      expect(kept.body).toMatchObject({ description: 'kept', env: { API_KEY: MASK, KEPT_KEY: MASK } });
      const keepMissing = record(await admin.patch(`/tools/${toolId}`, { env: { NOT_SET: MASK } }));
      expect(keepMissing.status).toBe(400);
    });

    it('never echoes a secret in an error answer', async () => {
      const badConfig = record(await admin.post('/tools', { name: 'bad', kind: 'http', config: { url: 'ftp://x' }, env: { K: secrets.rejected } }));
      expect(badConfig.status).toBe(400);
      const badKey = record(await admin.post('/tools', { name: 'bad2', kind: 'builtin', config: { builtin: 'calculator' }, env: { 'bad key': secrets.rejected } }));
      expect(badKey.status).toBe(400);
    });

    it('masks secrets in tool_details of GET /agents/{id}', async () => {
      const details = record(await admin.get(`/agents/${agentId}`));
      expect(details.body.tool_details).toHaveLength(1);
      expect(details.body.tool_details[0].env).toEqual({ API_KEY: MASK, KEPT_KEY: MASK });
    });

    it('never shows a secret value in any response', () => {
      const everything = seen.join('\n');
      for (const value of Object.values(secrets)) expect(everything).not.toContain(value);
    });

    it('never writes a secret value to the log', () => {
      const logs = server.logs();
      expect(logs.length).toBeGreaterThan(0);
      for (const value of Object.values(secrets)) expect(logs).not.toContain(value);
    });

    it('stores no secret in plaintext in any database column', async () => {
      const tables = await server.rawQuery(
        "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')",
      );
      expect(tables.length).toBeGreaterThan(3);
      let dump = '';
      for (const table of tables) {
        const rows = await server.rawQuery(`select * from "${String(table.table_schema)}"."${String(table.table_name)}"`);
        dump += JSON.stringify(rows);
      }
      expect(dump).toContain('weather');
      for (const value of Object.values(secrets)) {
        expect(dump).not.toContain(value);
        expect(dump).not.toContain(Buffer.from(value).toString('base64'));
      }
    });
  });
}

defineSecretSuite('PGlite', async () => ({ drop: async () => undefined }));

const postgres = serviceAvailable('PostgreSQL secrets', testDatabaseUrl !== undefined, 'set TEST_DATABASE_URL to run it on PostgreSQL');
if (postgres) defineSecretSuite('PostgreSQL', () => createFreshDatabase(testDatabaseUrl!));
