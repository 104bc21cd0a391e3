import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/start-server.js';
import { FW_USER, harvestIds, idsForParam, operationsOf, SELF_DESTRUCTIVE, type Operation } from './support/fuzz-targets.js';
import { arbitraryFromSchema, hostileValue, spoiledVariants, withHostileLeaf, type JsonSchema } from './support/schema-arbitrary.js';

/** Fixed so CI reruns the same requests; raise NUM_RUNS locally to search harder. */
const SEED = 1616;
const NUM_RUNS = 10;
// a hang is a request with no answer in this long; generous because sign-in hashes (scrypt, ~0.3 s idle) slow
// down a lot on a shared, loaded machine
const REQUEST_TIMEOUT_MS = 15_000;

interface FuzzRequest {
  path: string;
  query: Array<[string, string]>;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; type: string };
  auth: 'none' | 'random' | 'user' | 'admin';
}

/** Percent-encodes every UTF-8 byte (lone surrogates become U+FFFD, as any client would send them). */
const enc = (text: string) => [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const ID_VALUES = ['00000000-0000-0000-0000-000000000000', '7d444840-9dc0-11d1-b245-5ffdce74fad2', 'not-a-uuid', '%00', 'a\u0000b', 'x'.repeat(3000), '../../etc/passwd', "1'; DROP TABLE users; --", '\u{1F600}', '-1', '%ZZ'];
const hasBody = (op: Operation) => op.method !== 'GET' && op.method !== 'DELETE';
const params = (op: Operation) => [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);

describe('fuzz: every operation in /openapi.json answers without a 5xx or a hang (issue 16 item 5)', () => {
  let server: TestServer;
  let operations: Operation[];
  let components: Record<string, JsonSchema>;
  let userToken: string;
  let ids: Map<string, string[]>;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    server = await startTestServer();
    const spec = (await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as any;
    components = spec.components?.schemas ?? {};
    operations = operationsOf(spec);
    const user = await fetch(`${server.baseUrl}/users`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'fuzz-user@example.com', name: 'fuzz' }) }).then((r) => r.json() as Promise<any>);
    userToken = user.token;
    ids = await harvestIds(server.baseUrl, server.adminToken, operations);
  });
  afterAll(async () => server?.stop());

  const allIds = () => [...new Set([...ids.values()].flat())];
  const schemaContext = () => ({
    components,
    knownIds: allIds().filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(id)),
    fieldValues: { user_id: [FW_USER], agent_id: ids.get('agent_id') ?? [], thread_id: ['fuzz-thread'] },
  });

  let disposables = 0;
  /** A brand-new user's token, for operations that end the caller's own session or credentials. */
  async function disposableToken(): Promise<string> {
    const email = `fuzz-disposable-${++disposables}@example.com`;
    const created = await fetch(`${server.baseUrl}/users`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ email, name: 'disposable' }) });
    return ((await created.json()) as { token: string }).token;
  }

  async function send(op: Operation, request: FuzzRequest): Promise<{ status: number } | { hang: true }> {
    let token = { none: undefined, random: 'sb_0123456789abcdef0123456789abcdef', user: userToken, admin: server.adminToken }[request.auth];
    if (SELF_DESTRUCTIVE.includes(op.path) && (request.auth === 'user' || request.auth === 'admin')) token = await disposableToken();
    const search = request.query.length ? `?${request.query.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}` : '';
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    let body: string | undefined;
    if (request.body.kind === 'json') [body, headers['content-type']] = [JSON.stringify(request.body.value), 'application/json'];
    if (request.body.kind === 'raw') [body, headers['content-type']] = [request.body.text, request.body.type];
    try {
      const response = await fetch(server.baseUrl + request.path + search, { method: op.method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      await response.body?.cancel(); // streams (SSE) are judged by their status; the run goes on server-side
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      return { status: response.status };
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return { hang: true };
      throw error;
    }
  }

  /** Sends, and again while the answer is "busy" (409/429: an earlier request's run still holds the thread). */
  async function sendSettled(op: Operation, request: FuzzRequest): Promise<{ status: number } | { hang: true }> {
    for (let attempt = 0; ; attempt++) {
      const answer = await send(op, request);
      if (!('status' in answer) || ![409, 429].includes(answer.status) || attempt === 8) return answer;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const describeFailure = (op: Operation, request: FuzzRequest, answer: unknown) =>
    `${op.method} ${op.path} → ${JSON.stringify(answer)} for ${JSON.stringify(request, (_k, v) => (typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v)).slice(0, 600)}`;
  const bad = (op: Operation, answer: { status: number } | { hang: true }) => 'hang' in answer || (answer.status >= 500 && !op.documented5xx.includes(answer.status));

  it('sweeps a valid request of each operation, spoiling one field at a time (NUL, 4,000-deep JSON)', { timeout: 180_000 }, async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const path = params(op).reduce((p, name) => p.replace(`{${name}}`, enc(idsForParam(op.path, name, ids)[0] ?? '00000000-0000-0000-0000-000000000000')), op.path);
      // the first of a few generated bodies the server accepts (or the last): spoiled fields then reach the services
      let valid: unknown;
      const samples = (requiredOnly: boolean) => fc.sample(arbitraryFromSchema(op.body!, { ...schemaContext(), requiredOnly }), { seed: SEED, numRuns: 3 });
      for (const sample of op.body && hasBody(op) ? [...samples(true), ...samples(false)] : []) {
        valid = sample;
        const answer = await sendSettled(op, { path, query: [], body: { kind: 'json', value: structuredClone(sample) }, auth: 'admin' });
        if (bad(op, answer)) failures.push(describeFailure(op, { path, query: [], body: { kind: 'json', value: sample }, auth: 'admin' }, answer));
        if ('status' in answer && answer.status < 400) break;
      }
      const requests: FuzzRequest[] = [
        { path, query: [], body: valid === undefined ? { kind: 'none' } : { kind: 'json', value: valid }, auth: 'admin' },
        ...(valid === undefined ? [] : spoiledVariants(valid).map((value) => ({ path, query: [], body: { kind: 'json' as const, value }, auth: 'admin' as const }))),
        ...op.query.map((name) => ({ path, query: [[name, 'a\u0000b']] as Array<[string, string]>, body: { kind: 'none' as const }, auth: 'admin' as const })),
      ];
      for (const request of requests) {
        if (!hasBody(op)) request.body = { kind: 'none' };
        const answer = await sendSettled(op, request);
        if (bad(op, answer)) failures.push(describeFailure(op, request, answer));
      }
    }
    expect(failures).toEqual([]);
  });

  function requestArbitrary(op: Operation): fc.Arbitrary<FuzzRequest> {
    const idArbitrary = (name: string) => {
      const known = idsForParam(op.path, name, ids);
      return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...ID_VALUES.map(enc)) }, { weight: 5, arbitrary: fc.constantFrom(...(known.length ? known : allIds())).map(enc) }, { weight: 1, arbitrary: fc.uuid() });
    };
    const names = params(op);
    const path = fc.tuple(...names.map(idArbitrary)).map((values) => names.reduce((p, name, i) => p.replace(`{${name}}`, values[i]!), op.path));
    const queryValue = fc.oneof(fc.string({ maxLength: 20 }), hostileValue.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 5000)), fc.constantFrom('-1', '0', '1e309', 'true', '99999999999999999999'));
    const query = fc.array(fc.tuple(fc.constantFrom(...op.query, 'unknown', 'limit'), queryValue), { maxLength: 3 });
    const valid = op.body ? arbitraryFromSchema(op.body, schemaContext()) : fc.constant({});
    const body: fc.Arbitrary<FuzzRequest['body']> = !hasBody(op)
      ? fc.constant({ kind: 'none' as const })
      : fc.oneof(
          { weight: 3, arbitrary: valid.map((value) => ({ kind: 'json' as const, value })) },
          { weight: 5, arbitrary: withHostileLeaf(valid).map((value) => ({ kind: 'json' as const, value })) },
          { weight: 1, arbitrary: hostileValue.map((value) => ({ kind: 'json' as const, value })) },
          { weight: 1, arbitrary: fc.constantFrom('{"a":', '[1,2', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '['.repeat(200_000)).map((text) => ({ kind: 'raw' as const, text, type: 'application/json' })) },
          { weight: 1, arbitrary: fc.constantFrom('a=b', '<x/>').map((text) => ({ kind: 'raw' as const, text, type: 'application/x-www-form-urlencoded' })) },
        );
    const auth = fc.oneof({ weight: 1, arbitrary: fc.constantFrom('none' as const, 'random' as const) }, { weight: 2, arbitrary: fc.constant('user' as const) }, { weight: 4, arbitrary: fc.constant('admin' as const) });
    return fc.record({ path, query, body, auth });
  }

  it('drives each operation with generated paths, queries, bodies and credentials', { timeout: 180_000 }, async () => {
    expect(operations.length).toBeGreaterThan(20);
    const failures: string[] = [];
    for (const op of operations) {
      const outcome = await fc.check(
        fc.asyncProperty(requestArbitrary(op), async (request) => !bad(op, await send(op, request))),
        { seed: SEED, numRuns: NUM_RUNS, endOnFailure: true },
      );
      if (outcome.failed) {
        const request = outcome.counterexample?.[0] as FuzzRequest;
        failures.push(describeFailure(op, request, await send(op, request)));
      }
    }
    expect(failures).toEqual([]);
    // not vacuous: requests got past authentication and validation into the services
    const count = (low: number, high: number) => [...statuses].filter(([s]) => s >= low && s < high).reduce((n, [, c]) => n + c, 0);
    expect(count(200, 300)).toBeGreaterThan(30);
    expect(count(400, 401)).toBeGreaterThan(50);
    expect(count(404, 405)).toBeGreaterThan(5);
  });
});
