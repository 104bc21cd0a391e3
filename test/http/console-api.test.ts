import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, invokeBody, type ApiClient } from '../support/api.js';
import { createPerson, expectOk, type Person } from './support/people.js';
import { startServer, type HttpTestServer } from './support/server.js';

interface RunItem {
  run_id: string;
  agent_id: string;
  agent_name: string | null;
  thread_id: string;
  status: string;
  started_at: string;
  duration_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
}

describe('the console API (issue 18): runs, users, profile, threads, ui-config, demo media', () => {
  let server: HttpTestServer;
  let admin: ApiClient;
  let anonymous: ApiClient;

  beforeAll(async () => {
    server = await startServer({ env: { MEDIA_ORIGINS: 'https://media.example.com' } });
    admin = apiClient(server.baseUrl, server.adminToken);
    anonymous = apiClient(server.baseUrl);
  });
  afterAll(async () => server?.stop());

  async function agentOf(person: Person, name: string): Promise<string> {
    return expectOk<{ agent_id: string }>(await person.api.post('/agents', { agent_name: name, model_name: 'local/demo' }), 201).agent_id;
  }

  async function invoke(person: Person, agentId: string, message: string, threadId = '1'): Promise<string> {
    return expectOk<{ run_id: string }>(await person.api.post(`/agent-invoke/${agentId}/invoke`, invokeBody(message, { threadId }))).run_id;
  }

  async function login(email: string, password: string): Promise<ApiClient> {
    const { token } = expectOk<{ token: string }>(await anonymous.post('/auth/login', { email, password }));
    return apiClient(server.baseUrl, token);
  }

  describe('GET /runs', () => {
    let owner: Person;
    let alpha: string;
    let beta: string;
    const ids: string[] = [];

    beforeAll(async () => {
      owner = await createPerson(server.baseUrl, admin, 'runner');
      alpha = await agentOf(owner, 'Alpha');
      beta = await agentOf(owner, 'Beta');
      ids.push(await invoke(owner, alpha, 'first'), await invoke(owner, beta, 'second', 'b'), await invoke(owner, alpha, 'third'));
    });

    it("lists the caller's own runs newest first, with agent name, duration and token counts", async () => {
      const { runs, next_before } = expectOk<{ runs: RunItem[]; next_before: string | null }>(await owner.api.get('/runs'));
      expect(runs.map((r) => r.run_id)).toEqual([...ids].reverse());
      expect(next_before).toBeNull();
      expect(runs[0]).toMatchObject({ agent_id: alpha, agent_name: 'Alpha', thread_id: '1', status: 'completed', model: 'local/demo', surface: 'agent-invoke' });
      for (const run of runs) {
        expect(run.duration_ms).toBeGreaterThanOrEqual(0);
        expect(run.output_tokens).toBeGreaterThan(0);
        expect(run.total_tokens).toBe(run.input_tokens! + run.output_tokens!);
      }
      // the list shows a run as GET /runs/{id} does, without its answer (the detail's final_answer)
      const { final_answer: _answer, ...single } = expectOk(await owner.api.get(`/runs/${ids[0]}`)) as Record<string, unknown>;
      const listed = runs.find((r) => r.run_id === ids[0])!;
      expect(listed).toMatchObject(single);
    });

    it('filters by status and agent, and pages back with next_before or a time', async () => {
      const byAgent = expectOk<{ runs: RunItem[] }>(await owner.api.get(`/runs?agent_id=${beta}`)).runs;
      expect(byAgent.map((r) => r.run_id)).toEqual([ids[1]]);
      expect(expectOk<{ runs: RunItem[] }>(await owner.api.get('/runs?status=failed')).runs).toEqual([]);
      expect(expectOk<{ runs: RunItem[] }>(await owner.api.get('/runs?status=completed')).runs).toHaveLength(3);

      const first = expectOk<{ runs: RunItem[]; next_before: string | null }>(await owner.api.get('/runs?limit=2'));
      expect(first.runs.map((r) => r.run_id)).toEqual([ids[2], ids[1]]);
      expect(first.next_before).toBe(ids[1]);
      const second = expectOk<{ runs: RunItem[]; next_before: string | null }>(await owner.api.get(`/runs?limit=2&before=${first.next_before}`));
      expect(second.runs.map((r) => r.run_id)).toEqual([ids[0]]);
      expect(second.next_before).toBeNull();

      const oldest = first.runs.at(-1)!.started_at;
      const beforeTime = expectOk<{ runs: RunItem[] }>(await owner.api.get(`/runs?before=${encodeURIComponent(oldest)}`)).runs;
      expect(beforeTime.every((r) => r.started_at < oldest)).toBe(true);
    });

    it("never shows another user's runs, and refuses a page cursor that is not the caller's", async () => {
      const stranger = await createPerson(server.baseUrl, admin, 'stranger');
      expect(expectOk<{ runs: RunItem[] }>(await stranger.api.get('/runs')).runs).toEqual([]);
      const foreign = await stranger.api.get(`/runs?before=${ids[0]}`);
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.message).toMatch(/before/);
      expect((await owner.api.get('/runs?status=bogus')).status).toBe(400);
      expect((await owner.api.get('/runs?limit=0')).status).toBe(400);
      expect((await owner.api.get('/runs?before=yesterday-ish')).status).toBe(400);
      expect((await owner.api.get(`/runs?before=${encodeURIComponent('-271821-04-20T00:00:00Z')}`)).status).toBe(400);
      expect((await anonymous.get('/runs')).status).toBe(401);
    });

    it('reads through the (user_id, started_at) index, not a sequential scan', async () => {
      await server.rawQuery('set enable_seqscan = off');
      try {
        const plan = await server.rawQuery(
          `explain select * from runs where user_id = '${owner.userId}' order by started_at desc, run_id desc limit 50`,
        );
        expect(plan.map((row) => Object.values(row).join(' ')).join('\n')).toContain('runs_user_started_idx');
      } finally {
        await server.rawQuery('set enable_seqscan = on');
      }
    });
  });

  describe('users (platform admins)', () => {
    it('disables a user: their tokens answer 401 at once and they cannot log in; enabling lets them log in again', async () => {
      const person = await createPerson(server.baseUrl, admin, 'disabled');
      expectOk(await admin.post(`/users/${person.userId}/password`, { password: 'first-password-1' }), 204);
      expect((await person.api.get('/me')).status).toBe(200);

      const disabled = expectOk<{ disabled: boolean; user_id: string }>(await admin.patch(`/users/${person.userId}`, { disabled: true }));
      expect(disabled).toMatchObject({ user_id: person.userId, disabled: true });
      expect((await person.api.get('/me')).status).toBe(401);
      expect((await anonymous.post('/auth/login', { email: person.email, password: 'first-password-1' })).status).toBe(401);
      const listed = expectOk<Array<{ user_id: string; disabled: boolean }>>(await admin.get('/users'));
      expect(listed.find((u) => u.user_id === person.userId)?.disabled).toBe(true);

      expect(expectOk<{ disabled: boolean }>(await admin.patch(`/users/${person.userId}`, { disabled: false })).disabled).toBe(false);
      expect((await (await login(person.email, 'first-password-1')).get('/me')).status).toBe(200);
    });

    it('renames and promotes, refuses non-admins (403) and unknown users (404)', async () => {
      const person = await createPerson(server.baseUrl, admin, 'promoted');
      const updated = expectOk(await admin.patch(`/users/${person.userId}`, { name: 'Promoted Person', is_admin: true }));
      expect(updated).toMatchObject({ name: 'Promoted Person', is_admin: true, disabled: false });
      expect((await person.api.get('/users')).status).toBe(200);
      expectOk(await admin.patch(`/users/${person.userId}`, { is_admin: false }));
      const plain = await createPerson(server.baseUrl, admin, 'plain');
      expect((await plain.api.patch(`/users/${person.userId}`, { disabled: true })).status).toBe(403);
      expect((await plain.api.post(`/users/${person.userId}/password`, { password: 'long-enough-1' })).status).toBe(403);
      expect((await admin.patch('/users/00000000-0000-4000-8000-000000000000', { name: 'x' })).status).toBe(404);
      expect((await admin.patch(`/users/${person.userId}`, { name: '   ' })).status).toBe(400);
      expect((await admin.patch('/users/not-a-uuid', { name: 'x' })).status).toBe(400);
    });

    it('refuses to demote or disable the last active admin (409), and allows it once another admin exists', async () => {
      const me = expectOk<{ user: { user_id: string } }>(await admin.get('/me')).user.user_id;
      const demote = await admin.patch(`/users/${me}`, { is_admin: false });
      expect(demote.status).toBe(409);
      expect(demote.body.error.message).toMatch(/last active platform admin/);
      expect((await admin.patch(`/users/${me}`, { disabled: true })).status).toBe(409);

      const second = await createPerson(server.baseUrl, admin, 'second-admin');
      expectOk(await admin.patch(`/users/${second.userId}`, { is_admin: true }));
      expectOk(await second.api.patch(`/users/${second.userId}`, { is_admin: false }));
      expect((await admin.patch(`/users/${me}`, { is_admin: false })).status).toBe(409);
    });

    it("resets a user's password: the new one logs in, their login sessions end, API tokens keep working", async () => {
      const person = await createPerson(server.baseUrl, admin, 'reset');
      expectOk(await admin.post(`/users/${person.userId}/password`, { password: 'before-reset-1' }), 204);
      const session = await login(person.email, 'before-reset-1');
      expectOk(await admin.post(`/users/${person.userId}/password`, { password: 'after-reset-22' }), 204);
      expect((await session.get('/me')).status).toBe(401);
      expect((await person.api.get('/me')).status).toBe(200);
      await login(person.email, 'after-reset-22');
      expect((await admin.post(`/users/${person.userId}/password`, { password: 'short' })).status).toBe(400);
    });
  });

  describe('profile', () => {
    it('renames the caller with PATCH /me', async () => {
      const person = await createPerson(server.baseUrl, admin, 'profile');
      expect(expectOk(await person.api.patch('/me', { name: '  Ada  ' }))).toMatchObject({ user_id: person.userId, name: 'Ada', disabled: false });
      expect(expectOk<{ user: { name: string } }>(await person.api.get('/me')).user.name).toBe('Ada');
      expect((await person.api.patch('/me', { name: '' })).status).toBe(400);
    });

    it('changes the password only with the right current one; other sessions end, this one and API tokens go on', async () => {
      const person = await createPerson(server.baseUrl, admin, 'changer');
      expectOk(await admin.post(`/users/${person.userId}/password`, { password: 'current-pass-1' }), 204);
      const here = await login(person.email, 'current-pass-1');
      const elsewhere = await login(person.email, 'current-pass-1');

      const wrong = await here.post('/me/password', { current_password: 'not-it-at-all', new_password: 'brand-new-pass-2' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.message).toBe('The current password is wrong');
      expect((await here.post('/me/password', { new_password: 'brand-new-pass-2' })).status).toBe(400);
      expect((await here.post('/me/password', { current_password: 'current-pass-1', new_password: 'short' })).status).toBe(400);

      expectOk(await here.post('/me/password', { current_password: 'current-pass-1', new_password: 'brand-new-pass-2' }), 204);
      expect((await here.get('/me')).status).toBe(200);
      expect((await elsewhere.get('/me')).status).toBe(401);
      expect((await person.api.get('/me')).status).toBe(200);
      await login(person.email, 'brand-new-pass-2');
    });

    it('lets an account without a password set its first one without a current password', async () => {
      const person = await createPerson(server.baseUrl, admin, 'nopassword');
      expectOk(await person.api.post('/me/password', { new_password: 'first-ever-pass' }), 204);
      await login(person.email, 'first-ever-pass');
    });
  });

  describe('thread titles', () => {
    it('titles a thread by its first message, renames it, goes back to the default, and forgets it on delete', async () => {
      const person = await createPerson(server.baseUrl, admin, 'titles');
      const agentId = await agentOf(person, 'Titled');
      const long = 'Please summarise the quarterly report for the board meeting next Tuesday morning';
      await invoke(person, agentId, long, 'q');
      await invoke(person, agentId, 'and a second message', 'q');
      await invoke(person, agentId, 'short one', 'r');
      const threads = () => person.api.get(`/agents/${agentId}/threads`).then((r) => expectOk<Array<{ thread_id: string; title: string }>>(r));
      const titleOf = async (id: string) => (await threads()).find((t) => t.thread_id === id)?.title;
      expect(await titleOf('q')).toBe('Please summarise the quarterly report for the board meeting…');
      expect(await titleOf('r')).toBe('short one');

      const renamed = expectOk<{ thread_id: string; title: string }>(await person.api.patch(`/agents/${agentId}/threads/q`, { title: ' Board report ' }));
      expect(renamed).toMatchObject({ thread_id: 'q', title: 'Board report' });
      expect(await titleOf('q')).toBe('Board report');
      expectOk(await person.api.patch(`/agents/${agentId}/threads/q`, { title: null }));
      expect(await titleOf('q')).toMatch(/^Please summarise/);

      expectOk(await person.api.patch(`/agents/${agentId}/threads/r`, { title: 'Kept until deleted' }));
      expectOk(await person.api.delete(`/agents/${agentId}/threads/r`), 204);
      await invoke(person, agentId, 'fresh start', 'r');
      expect(await titleOf('r')).toBe('fresh start');
    });

    it('answers 404 for a thread without messages or an agent the caller cannot see, 400 for a bad title', async () => {
      const person = await createPerson(server.baseUrl, admin, 'titles2');
      const agentId = await agentOf(person, 'Mine');
      await invoke(person, agentId, 'hello', 'x');
      expect((await person.api.patch(`/agents/${agentId}/threads/nothing-here`, { title: 'x' })).status).toBe(404);
      expect((await person.api.patch(`/agents/${agentId}/threads/x`, { title: '' })).status).toBe(400);
      expect((await person.api.patch(`/agents/${agentId}/threads/x`, { title: 'y'.repeat(201) })).status).toBe(400);
      const other = await createPerson(server.baseUrl, admin, 'other');
      expect((await other.api.patch(`/agents/${agentId}/threads/x`, { title: 'mine now' })).status).toBe(404);
    });
  });

  it('serves GET /ui-config without a token, with MEDIA_ORIGINS', async () => {
    expect(expectOk(await anonymous.get('/ui-config'))).toEqual({ media_origins: ['https://media.example.com'] });
  });

  it("serves the demo model's video from this server, so the demo works offline", async () => {
    const agents = expectOk<Array<{ agent_id: string; model_name: string }>>(await admin.get('/agents'));
    const demo = agents.find((a) => a.model_name === 'local/demo')!;
    const answer = expectOk<{ final_answer: string }>(await admin.post(`/agent-invoke/${demo.agent_id}/invoke`, invokeBody('show me a video example', { threadId: 'video' })));
    const block = JSON.parse(/!#block#!(.*?)!#\/block#!/s.exec(answer.final_answer)![1]!) as { type: string; content: { src: string } };
    expect(block.type).toBe('video');
    expect(block.content.src.startsWith('/')).toBe(true);
    const response = await fetch(new URL(block.content.src, server.baseUrl));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/webm');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // the EBML magic of a WebM file
  });

  it('describes the new operations in /openapi.json, with examples', async () => {
    const spec = expectOk<{ paths: Record<string, Record<string, unknown>> }>(await anonymous.get('/openapi.json'));
    for (const [path, method] of [
      ['/runs', 'get'],
      ['/users/{id}', 'patch'],
      ['/users/{id}/password', 'post'],
      ['/me', 'patch'],
      ['/me/password', 'post'],
      ['/tools/{id}/test', 'post'],
      ['/tools/discover', 'post'],
      ['/agents/{agent_id}/threads/{thread_id}', 'patch'],
      ['/ui-config', 'get'],
    ] as const) {
      expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(JSON.stringify(spec.paths['/tools/discover'])).toContain('"example"');
  });
});
