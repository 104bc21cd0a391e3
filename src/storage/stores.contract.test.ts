import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable, testDatabaseUrl } from '../../test/support/requirements.js';
import { ConflictError, InvalidInputError, type AgentLogMessage } from '../domain/index.js';
import type { NewAgent, NewAgentLogMessage, NewTool, ThreadKey } from '../ports/index.js';
import { resolveMigrationsFolder } from './migrations-folder.js';
import { openDatabase, type StorageBundle } from './open-database.js';

/** One storage target of the contract: the same tests run against each. */
interface Target {
  name: string;
  open(): Promise<StorageBundle>;
  cleanup(): Promise<void>;
}

function pgliteTarget(): Target {
  let dataDir = '';
  return {
    name: 'PGlite',
    async open() {
      dataDir ||= await mkdtemp(join(tmpdir(), 'switchboard-storage-'));
      return openDatabase({ dataDir });
    },
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

function postgresTarget(serverUrl: string): Target {
  const databaseName = `switchboard_test_${randomBytes(6).toString('hex')}`;
  const databaseUrl = new URL(serverUrl);
  databaseUrl.pathname = `/${databaseName}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  let created = false;
  return {
    name: 'PostgreSQL',
    async open() {
      if (!created) await admin(`create database "${databaseName}"`);
      created = true;
      return openDatabase({ databaseUrl: databaseUrl.toString(), dataDir: tmpdir() });
    },
    cleanup: () => admin(`drop database if exists "${databaseName}" with (force)`),
  };
}

const targets: Target[] = [pgliteTarget()];
if (serviceAvailable('PostgreSQL', Boolean(testDatabaseUrl), 'set TEST_DATABASE_URL=postgres://user@host:5432/postgres')) {
  targets.push(postgresTarget(testDatabaseUrl!));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = () => randomUUID().slice(0, 8);
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

describe.each(targets)('stores on $name', (target) => {
  let s: StorageBundle;

  beforeAll(async () => {
    s = await target.open();
  });
  afterAll(async () => {
    await s?.database.close();
    await target.cleanup();
  });

  const newUser = (email = `Person-${unique()}@Example.com`, name = 'Person') =>
    s.users.create({ email, name, passwordHash: 'hash-value', isAdmin: false });

  const newAgent = (userId: string, overrides: Partial<NewAgent> = {}) =>
    s.agents.create({
      agentName: `agent-${unique()}`,
      description: 'd',
      agentStyle: 'be brief',
      onStatus: true,
      modelName: 'local/demo',
      tools: [],
      companyId: null,
      userId,
      shareEditorWith: [],
      shareVisitorWith: [],
      ...overrides,
    });

  const newTool = (userId: string, overrides: Partial<NewTool> = {}) =>
    s.tools.create({
      name: `tool_${unique()}`,
      description: 'calculates',
      kind: 'builtin',
      config: { builtin: 'calculator' },
      env: {},
      onStatus: true,
      companyId: null,
      userId,
      ...overrides,
    });

  const message = (key: ThreadKey, role: NewAgentLogMessage['role'], content: string, extra: Partial<NewAgentLogMessage> = {}) => ({
    ...key,
    runId: null,
    role,
    content,
    toolName: null,
    toolCallId: null,
    toolInput: null,
    toolOutput: null,
    model: null,
    inputTokens: null,
    outputTokens: null,
    outcome: null,
    ...extra,
  });

  describe('users', () => {
    it('stores the e-mail lowercased and finds the user by id and by e-mail in any case', async () => {
      const user = await newUser(`Mixed-${unique()}@Example.COM`);
      expect(user.email).toBe(user.email.toLowerCase());
      expect(user.createdAt).toBeInstanceOf(Date);
      expect(await s.users.findById(user.userId)).toEqual(user);
      expect(await s.users.findByEmail(user.email.toUpperCase())).toEqual(user);
    });

    it('refuses a second user whose e-mail differs only in case, in product words', async () => {
      const user = await newUser();
      const attempt = newUser(user.email.toUpperCase());
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toThrow(/^A user with this e-mail already exists$/);
    });

    it('answers null for an unknown id, a non-uuid id and an unknown e-mail', async () => {
      expect(await s.users.findById(MISSING_ID)).toBeNull();
      expect(await s.users.findById('not-a-uuid')).toBeNull();
      expect(await s.users.findByEmail('nobody@nowhere.example')).toBeNull();
    });

    it('never returns the password hash except from findPasswordHash', async () => {
      const user = await newUser();
      expect(Object.keys(user)).not.toContain('passwordHash');
      expect(JSON.stringify(await s.users.list())).not.toContain('hash-value');
      expect(await s.users.findPasswordHash(user.email.toUpperCase())).toEqual({ user, passwordHash: 'hash-value' });
      await s.users.setPasswordHash(user.userId, 'new-hash');
      expect((await s.users.findPasswordHash(user.email))?.passwordHash).toBe('new-hash');
      expect(await s.users.findPasswordHash('nobody@nowhere.example')).toBeNull();
    });

    it('lists and counts users, inside a transaction too', async () => {
      const before = await s.users.count();
      const user = await newUser();
      expect(await s.users.count()).toBe(before + 1);
      expect((await s.users.list()).map((u) => u.userId)).toContain(user.userId);
      await s.database.transaction(async (tx) => {
        expect(await s.users.count(tx)).toBe(before + 1);
        expect(await s.users.findById(user.userId, tx)).toEqual(user);
        expect(await s.users.findByEmail(user.email, tx)).toEqual(user);
      });
    });
  });

  describe('tokens', () => {
    const issue = (userId: string, extra: { expiresAt?: Date | null; kind?: 'api' | 'session' } = {}) =>
      s.tokens.create({
        userId,
        name: 'laptop',
        kind: extra.kind ?? 'api',
        prefix: 'sb_abc',
        tokenHash: `hash-${unique()}-${unique()}`,
        expiresAt: extra.expiresAt ?? null,
      });

    it('finds an active token with its user by hash, without exposing the hash', async () => {
      const user = await newUser();
      const hash = `hash-${unique()}`;
      const token = await s.tokens.create({ userId: user.userId, name: 'cli', kind: 'session', prefix: 'sb_x', tokenHash: hash, expiresAt: null });
      expect(token).toMatchObject({ userId: user.userId, name: 'cli', kind: 'session', prefix: 'sb_x', lastUsedAt: null, revokedAt: null });
      expect(Object.keys(token)).not.toContain('tokenHash');
      expect(await s.tokens.findActive(hash, new Date())).toEqual({ token, user });
      expect(await s.tokens.findActive('unknown-hash', new Date())).toBeNull();
    });

    it('does not find a token at or after its expiry time', async () => {
      const user = await newUser();
      const expiresAt = new Date(Date.now() + 60_000);
      const hash = `hash-${unique()}`;
      const token = await s.tokens.create({ userId: user.userId, name: 'x', kind: 'api', prefix: 'p', tokenHash: hash, expiresAt });
      expect(token.expiresAt).toEqual(expiresAt);
      expect(await s.tokens.findActive(hash, new Date(expiresAt.getTime() - 1))).not.toBeNull();
      expect(await s.tokens.findActive(hash, expiresAt)).toBeNull();
      expect(await s.tokens.findActive(hash, new Date(expiresAt.getTime() + 1))).toBeNull();
    });

    it('revokes only a token of the given user, and a revoked token is no longer active', async () => {
      const owner = await newUser();
      const stranger = await newUser();
      const hash = `hash-${unique()}`;
      const token = await s.tokens.create({ userId: owner.userId, name: 'n', kind: 'api', prefix: 'p', tokenHash: hash, expiresAt: null });
      const at = new Date('2030-01-01T00:00:00.000Z');
      expect(await s.tokens.revoke(token.tokenId, stranger.userId, at)).toBe(false);
      expect(await s.tokens.findActive(hash, new Date())).not.toBeNull();
      expect(await s.tokens.revoke(token.tokenId, owner.userId, at)).toBe(true);
      expect(await s.tokens.revoke(token.tokenId, owner.userId, new Date('2031-01-01T00:00:00.000Z'))).toBe(true);
      expect(await s.tokens.findActive(hash, new Date())).toBeNull();
      const [listed] = await s.tokens.listForUser(owner.userId);
      expect(listed?.revokedAt?.toISOString()).toBe(at.toISOString());
      expect(await s.tokens.revoke(MISSING_ID, owner.userId, at)).toBe(false);
      expect(await s.tokens.revoke('nope', owner.userId, at)).toBe(false);
    });

    it('records the last use and never moves it backwards', async () => {
      const user = await newUser();
      const token = await issue(user.userId);
      const later = new Date('2030-05-05T10:00:00.000Z');
      await s.tokens.touch(token.tokenId, later);
      await s.tokens.touch(token.tokenId, new Date('2030-05-05T09:00:00.000Z'));
      await s.tokens.touch('not-a-uuid', later);
      const [listed] = await s.tokens.listForUser(user.userId);
      expect(listed?.lastUsedAt?.toISOString()).toBe(later.toISOString());
    });

    it('lists a user’s tokens newest first and refuses a duplicate hash', async () => {
      const user = await newUser();
      const first = await issue(user.userId);
      await sleep(5);
      const second = await issue(user.userId, { kind: 'session' });
      expect((await s.tokens.listForUser(user.userId)).map((t) => t.tokenId)).toEqual([second.tokenId, first.tokenId]);
      expect(await s.tokens.listForUser('nope')).toEqual([]);
      const hash = `hash-${unique()}`;
      await s.tokens.create({ userId: user.userId, name: 'a', kind: 'api', prefix: 'p', tokenHash: hash, expiresAt: null });
      await expect(
        s.tokens.create({ userId: user.userId, name: 'b', kind: 'api', prefix: 'p', tokenHash: hash, expiresAt: null }),
      ).rejects.toBeInstanceOf(ConflictError);
    });
  });

  describe('companies', () => {
    it('makes the creator super_admin of a new company', async () => {
      const creator = await newUser();
      const company = await s.companies.create({ name: `Acme ${unique()}`, creatorUserId: creator.userId });
      expect(await s.companies.findById(company.companyId)).toEqual(company);
      expect(await s.companies.roleOf(company.companyId, creator.userId)).toBe('super_admin');
      expect(await s.companies.listForUser(creator.userId)).toEqual([{ ...company, role: 'super_admin' }]);
      expect(await s.companies.rolesOf(creator.userId)).toEqual(new Map([[company.companyId, 'super_admin']]));
      expect((await s.companies.listAll()).map((c) => c.companyId)).toContain(company.companyId);
    });

    it('creates nothing when the surrounding transaction rolls back', async () => {
      const creator = await newUser();
      let companyId = '';
      await expect(
        s.database.transaction(async (tx) => {
          companyId = (await s.companies.create({ name: 'Doomed', creatorUserId: creator.userId }, tx)).companyId;
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await s.companies.findById(companyId)).toBeNull();
      expect(await s.companies.listForUser(creator.userId)).toEqual([]);
    });

    it('adds, changes and removes members, with their e-mail and name', async () => {
      const creator = await newUser();
      const member = await newUser(undefined, 'Member');
      const company = await s.companies.create({ name: 'Team', creatorUserId: creator.userId });
      const added = await s.companies.addMember(company.companyId, member.userId, 'guest');
      expect(added).toEqual({ companyId: company.companyId, userId: member.userId, role: 'guest', email: member.email, name: 'Member' });
      await expect(s.companies.addMember(company.companyId, member.userId, 'staff')).rejects.toThrow(
        /^This user is already a member of the company$/,
      );
      expect(await s.companies.updateMember(company.companyId, member.userId, 'admin')).toMatchObject({ role: 'admin' });
      expect(await s.companies.updateMember(company.companyId, MISSING_ID, 'admin')).toBeNull();
      const members = await s.companies.listMembers(company.companyId);
      expect(members.map((m) => [m.userId, m.role]).sort()).toEqual(
        [
          [creator.userId, 'super_admin'],
          [member.userId, 'admin'],
        ].sort(),
      );
      expect(await s.companies.removeMember(company.companyId, member.userId)).toBe(true);
      expect(await s.companies.removeMember(company.companyId, member.userId)).toBe(false);
      expect(await s.companies.roleOf(company.companyId, member.userId)).toBeNull();
    });

    it('answers empty for unknown or malformed ids', async () => {
      expect(await s.companies.findById('acme')).toBeNull();
      expect(await s.companies.roleOf('acme', MISSING_ID)).toBeNull();
      expect(await s.companies.listMembers('acme')).toEqual([]);
      expect(await s.companies.rolesOf('acme')).toEqual(new Map());
      expect(await s.companies.removeMember('acme', 'x')).toBe(false);
    });

    it('refuses a membership in a company that does not exist', async () => {
      const user = await newUser();
      await expect(s.companies.addMember(MISSING_ID, user.userId, 'staff')).rejects.toThrow(/^The company does not exist$/);
    });
  });

  describe('agents', () => {
    it('creates, reads, updates and deletes an agent', async () => {
      const owner = await newUser();
      const agent = await newAgent(owner.userId, { shareEditorWith: ['Ed@Example.com'] });
      expect(agent).toMatchObject({ userId: owner.userId, onStatus: true, tools: [], shareEditorWith: ['Ed@Example.com'] });
      expect(await s.agents.findById(agent.agentId)).toEqual(agent);
      await sleep(5);
      const updated = await s.agents.update(agent.agentId, { agentName: 'Renamed', onStatus: false });
      expect(updated).toMatchObject({ agentName: 'Renamed', onStatus: false, agentStyle: 'be brief' });
      expect(updated!.updatedAt.getTime()).toBeGreaterThan(agent.updatedAt.getTime());
      expect(updated!.createdAt).toEqual(agent.createdAt);
      expect(await s.agents.delete(agent.agentId)).toBe(true);
      expect(await s.agents.delete(agent.agentId)).toBe(false);
      expect(await s.agents.findById(agent.agentId)).toBeNull();
      expect(await s.agents.update(agent.agentId, { agentName: 'x' })).toBeNull();
      expect(await s.agents.findById('x')).toBeNull();
    });

    it('lists what the owner, the company and shared e-mails may see, and nothing else', async () => {
      const owner = await newUser();
      const editor = await newUser(`Editor-${unique()}@Example.com`);
      const visitor = await newUser();
      const stranger = await newUser();
      const company = await s.companies.create({ name: 'Co', creatorUserId: owner.userId });
      const own = await newAgent(owner.userId);
      const ofCompany = await newAgent(owner.userId, { companyId: company.companyId });
      const shared = await newAgent(owner.userId, {
        shareEditorWith: [editor.email.toUpperCase()],
        shareVisitorWith: [visitor.email],
      });
      const ids = async (input: { userId: string; email: string; companyIds: string[] }) =>
        (await s.agents.listVisibleTo(input)).map((a) => a.agentId).sort();

      expect(await ids({ userId: owner.userId, email: owner.email, companyIds: [] })).toEqual(
        [own.agentId, ofCompany.agentId, shared.agentId].sort(),
      );
      expect(await ids({ userId: stranger.userId, email: stranger.email, companyIds: [company.companyId] })).toEqual([ofCompany.agentId]);
      expect(await ids({ userId: editor.userId, email: editor.email, companyIds: [] })).toEqual([shared.agentId]);
      expect(await ids({ userId: visitor.userId, email: visitor.email.toUpperCase(), companyIds: ['bad-id'] })).toEqual([shared.agentId]);
      expect(await ids({ userId: stranger.userId, email: stranger.email, companyIds: [] })).toEqual([]);
    });

    it('answers malformed or dangling references with product words, not SQL', async () => {
      const owner = await newUser();
      await expect(newAgent(owner.userId, { tools: ['not-a-uuid'] })).rejects.toThrow(/^A value is not valid$/);
      await expect(newAgent(owner.userId, { companyId: MISSING_ID })).rejects.toThrow(/^The company does not exist$/);
      await expect(newAgent(MISSING_ID)).rejects.toBeInstanceOf(InvalidInputError);
    });

    it('detaches a deleted tool from every agent', async () => {
      const owner = await newUser();
      const keep = await newTool(owner.userId);
      const gone = await newTool(owner.userId);
      const a = await newAgent(owner.userId, { tools: [keep.toolId, gone.toolId] });
      const b = await newAgent(owner.userId, { tools: [gone.toolId] });
      await s.agents.detachTool(gone.toolId);
      expect((await s.agents.findById(a.agentId))?.tools).toEqual([keep.toolId]);
      expect((await s.agents.findById(b.agentId))?.tools).toEqual([]);
    });
  });

  describe('tools', () => {
    const sealed = { API_KEY: { keyId: 'k1', sealed: 'c2VhbGVk' } };

    it('shows secret names only, and hands sealed values to loadSealedEnv', async () => {
      const owner = await newUser();
      const tool = await newTool(owner.userId, { env: sealed });
      expect(tool.envKeys).toEqual(['API_KEY']);
      expect(JSON.stringify(tool)).not.toContain('c2VhbGVk');
      expect(await s.tools.findById(tool.toolId)).toEqual(tool);
      expect(await s.tools.loadSealedEnv(tool.toolId)).toEqual(sealed);
      expect(await s.tools.loadSealedEnv(MISSING_ID)).toEqual({});
      expect(await s.tools.listAllSealedEnv()).toContainEqual({ toolId: tool.toolId, env: sealed });
      const [row] = await s.rawQuery(`select env from tools where tool_id = '${tool.toolId}'`);
      expect(row?.env).toEqual(sealed);
    });

    it('refuses plaintext secrets', async () => {
      const owner = await newUser();
      const plaintext = { API_KEY: 'sk-live' } as unknown as NewTool['env'];
      await expect(newTool(owner.userId, { env: plaintext })).rejects.toBeInstanceOf(InvalidInputError);
      const tool = await newTool(owner.userId);
      await expect(s.tools.update(tool.toolId, { env: plaintext })).rejects.toBeInstanceOf(InvalidInputError);
      await expect(s.tools.replaceSealedEnv(tool.toolId, plaintext)).rejects.toBeInstanceOf(InvalidInputError);
      // The database refuses them too, whoever writes.
      await expect(s.rawQuery(`update tools set env = '{"API_KEY": "sk-live"}' where tool_id = '${tool.toolId}'`)).rejects.toThrow();
    });

    it('keeps names unique per owner', async () => {
      const owner = await newUser();
      const other = await newUser();
      await newTool(owner.userId, { name: 'weather' });
      await expect(newTool(other.userId, { name: 'weather' })).resolves.toMatchObject({ name: 'weather' });
      const attempt = newTool(owner.userId, { name: 'weather' });
      await expect(attempt).rejects.toBeInstanceOf(ConflictError);
      await expect(attempt).rejects.toThrow(/^A tool with this name already exists$/);
      const renamed = await newTool(owner.userId, { name: 'forecast' });
      await expect(s.tools.update(renamed.toolId, { name: 'weather' })).rejects.toThrow(/^A tool with this name already exists$/);
    });

    it('finds tools by ids in the order asked, skipping unknown and malformed ids', async () => {
      const owner = await newUser();
      const a = await newTool(owner.userId);
      const b = await newTool(owner.userId);
      const found = await s.tools.findByIds([b.toolId, 'junk', MISSING_ID, a.toolId, b.toolId]);
      expect(found.map((t) => t.toolId)).toEqual([b.toolId, a.toolId]);
      expect(await s.tools.findByIds([])).toEqual([]);
    });

    it('lists tools of the owner and of the caller’s companies', async () => {
      const owner = await newUser();
      const colleague = await newUser();
      const company = await s.companies.create({ name: 'Tools Inc', creatorUserId: owner.userId });
      const mine = await newTool(owner.userId);
      const shared = await newTool(owner.userId, { companyId: company.companyId });
      const ids = async (input: { userId: string; companyIds: string[] }) => (await s.tools.listVisibleTo(input)).map((t) => t.toolId).sort();
      expect(await ids({ userId: owner.userId, companyIds: [] })).toEqual([mine.toolId, shared.toolId].sort());
      expect(await ids({ userId: colleague.userId, companyIds: [company.companyId] })).toEqual([shared.toolId]);
      expect(await ids({ userId: colleague.userId, companyIds: [] })).toEqual([]);
    });

    it('updates, replaces secrets and deletes', async () => {
      const owner = await newUser();
      const tool = await newTool(owner.userId, { env: sealed });
      const updated = await s.tools.update(tool.toolId, { description: 'new', onStatus: false, env: {} });
      expect(updated).toMatchObject({ description: 'new', onStatus: false, envKeys: [], kind: 'builtin' });
      const rotated = { B: { keyId: 'k2', sealed: 'eHl6' }, A: { keyId: 'k2', sealed: 'YWJj' } };
      await s.database.transaction((tx) => s.tools.replaceSealedEnv(tool.toolId, rotated, tx));
      expect(await s.tools.loadSealedEnv(tool.toolId)).toEqual(rotated);
      expect((await s.tools.findById(tool.toolId))?.envKeys).toEqual(['A', 'B']);
      expect(await s.tools.update('x', { description: 'y' })).toBeNull();
      expect(await s.tools.delete(tool.toolId)).toBe(true);
      expect(await s.tools.delete(tool.toolId)).toBe(false);
      expect(await s.tools.findById(tool.toolId)).toBeNull();
    });
  });

  describe('agent logs', () => {
    async function thread(threadId = '1') {
      const user = await newUser();
      const agent = await newAgent(user.userId);
      return { agentId: agent.agentId, userId: user.userId, threadId };
    }
    const contents = (rows: AgentLogMessage[]) => rows.map((r) => r.content);

    it('appends a batch and reads it back in order, even within one millisecond', async () => {
      const key = await thread();
      const at = new Date('2030-01-01T00:00:00.000Z');
      const batch = ['one', 'two', 'three', 'four', 'five'].map((c) => message(key, 'assistant', c, { createdAt: at }));
      const stored = await s.agentLogs.append(batch);
      expect(contents(stored)).toEqual(['one', 'two', 'three', 'four', 'five']);
      expect(stored[0]?.createdAt.toISOString()).toBe(at.toISOString());
      expect(contents(await s.agentLogs.history(key))).toEqual(['one', 'two', 'three', 'four', 'five']);
      expect(await s.agentLogs.append([])).toEqual([]);
    });

    it('keeps tool calls, token counts and JSON values exactly', async () => {
      const key = await thread();
      const [row] = await s.agentLogs.append([
        message(key, 'tool', 'result', {
          toolName: 'calc',
          toolCallId: 'call_1',
          toolInput: { expression: '6*7' },
          toolOutput: '42',
          model: 'local/demo',
          inputTokens: 10,
          outputTokens: 2,
          outcome: 'completed',
        }),
      ]);
      expect(row).toMatchObject({ toolInput: { expression: '6*7' }, toolOutput: '42', inputTokens: 10, outcome: 'completed' });
      const [read] = await s.agentLogs.history(key);
      expect(read).toEqual(row);
      expect(typeof read?.toolOutput).toBe('string');
    });

    it('forgets messages before a reset in history but keeps them for audit', async () => {
      const key = await thread();
      await s.agentLogs.append([message(key, 'user', 'old question'), message(key, 'assistant', 'old answer')]);
      await s.agentLogs.reset(key, new Date());
      expect(await s.agentLogs.history(key)).toEqual([]);
      await s.agentLogs.append([message(key, 'user', 'new question')]);
      expect(contents(await s.agentLogs.history(key))).toEqual(['new question']);
      const full = await s.agentLogs.fullHistory(key);
      expect(full.map((m) => m.role as string)).toEqual(['user', 'assistant', 'reset', 'user']);
    });

    it('returns the newest messages, oldest first, when given a limit', async () => {
      const key = await thread();
      await s.agentLogs.append(['a', 'b', 'c', 'd'].map((c) => message(key, 'user', c)));
      expect(contents(await s.agentLogs.history(key, { limit: 2 }))).toEqual(['c', 'd']);
    });

    it('keeps every (agent, user, thread) apart', async () => {
      const key = await thread('1');
      const otherUser = await newUser();
      const theirs = { ...key, userId: otherUser.userId };
      const otherThread = { ...key, threadId: '2' };
      await s.agentLogs.append([message(key, 'user', 'mine'), message(theirs, 'user', 'theirs'), message(otherThread, 'user', 'other thread')]);
      await s.agentLogs.reset(key, new Date());
      expect(await s.agentLogs.history(key)).toEqual([]);
      expect(contents(await s.agentLogs.history(theirs))).toEqual(['theirs']);
      expect(contents(await s.agentLogs.history(otherThread))).toEqual(['other thread']);
    });

    it('lists live threads newest first with count, time and preview', async () => {
      const key = await thread('alpha');
      const beta = { ...key, threadId: 'beta' };
      const wiped = { ...key, threadId: 'wiped' };
      await s.agentLogs.append([message(wiped, 'user', 'gone')]);
      await s.agentLogs.reset(wiped, new Date());
      await s.agentLogs.append([message(key, 'user', 'hello alpha'), message(key, 'assistant', 'hi')]);
      await s.agentLogs.append([message(beta, 'user', 'x'.repeat(300)), message(beta, 'tool', 'tool text')]);
      const threads = await s.agentLogs.listThreads({ agentId: key.agentId, userId: key.userId });
      expect(threads.map((t) => [t.threadId, t.messageCount])).toEqual([
        ['beta', 2],
        ['alpha', 2],
      ]);
      expect(threads[1]?.preview).toBe('hi');
      expect(threads[0]?.preview).toBe('x'.repeat(120));
      expect(threads[0]?.lastMessageAt).toBeInstanceOf(Date);
      expect(await s.agentLogs.listThreads({ agentId: key.agentId, userId: MISSING_ID })).toEqual([]);
    });

    it('reads several threads in one call exactly as history would, each in its own answer', async () => {
      const key = await thread('many-a');
      const b = { ...key, threadId: 'many-b' };
      const empty = { ...key, threadId: 'many-empty' };
      await s.agentLogs.append([message(key, 'user', 'a1'), message(b, 'user', 'b1'), message(key, 'tool', 'a2', { toolInput: { x: 1 }, toolOutput: 'out', toolName: 't', toolCallId: 'c1', inputTokens: 5 })]);
      await s.agentLogs.reset(b, new Date());
      await s.agentLogs.append([message(b, 'user', 'b2'), message(b, 'assistant', 'b3'), message(key, 'assistant', 'a3')]);
      const [ofA, ofEmpty, ofB, ofInvalid] = await s.agentLogs.historyOfThreads([key, empty, b, { ...key, agentId: 'not-a-uuid' }], 2);
      expect(ofA).toEqual(await s.agentLogs.history(key, { limit: 2 }));
      expect(contents(ofA!)).toEqual(['a2', 'a3']);
      expect(ofEmpty).toEqual([]);
      expect(contents(ofB!)).toEqual(['b2', 'b3']);
      expect(ofInvalid).toEqual([]);
      expect(await s.agentLogs.historyOfThreads([], 5)).toEqual([]);
      // one thread takes the one-row statement: same answer
      expect(await s.agentLogs.historyOfThreads([b], 2)).toEqual([ofB]);
      expect(await s.agentLogs.historyOfThreads([{ ...key, agentId: 'not-a-uuid' }, b], 1)).toEqual([[], ofB!.slice(-1)]);
    });

    it('appends inside a transaction: kept on commit, gone on rollback', async () => {
      const key = await thread('in-tx');
      await s.database.transaction((tx) => s.agentLogs.append([message(key, 'user', 'kept', { toolInput: { a: [1, 'x'] } })], tx));
      await expect(
        s.database.transaction(async (tx) => {
          await s.agentLogs.append([message(key, 'user', 'rolled back')], tx);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const rows = await s.agentLogs.history(key);
      expect(contents(rows)).toEqual(['kept']);
      expect(rows[0]!.toolInput).toEqual({ a: [1, 'x'] });
      await expect(s.database.transaction(async () => s.agentLogs.append([message(key, 'user', 'no tx')]))).rejects.toThrow(/without `tx` inside Database.transaction/);
    });

    it('refuses to append a reset as a message', async () => {
      const key = await thread();
      const reset = message(key, 'reset' as 'user', '');
      await expect(s.agentLogs.append([reset])).rejects.toBeInstanceOf(InvalidInputError);
    });
  });

  describe('runs', () => {
    it('creates, finishes once and lists running runs per instance', async () => {
      const user = await newUser();
      const agent = await newAgent(user.userId);
      const instanceId = `instance-${unique()}`;
      const base = { agentId: agent.agentId, userId: user.userId, threadId: '1', model: 'local/demo', status: 'running' as const, surface: 'agent-invoke' as const, instanceId };
      const first = await s.runs.create({ ...base, runId: randomUUID(), startedAt: new Date('2030-01-01T00:00:00Z') });
      const second = await s.runs.create({ ...base, runId: randomUUID(), startedAt: new Date('2030-01-01T00:00:01Z') });
      expect(first).toMatchObject({ endedAt: null, usage: null, errorCode: null, errorDetail: null });
      expect(await s.runs.findById(first.runId)).toEqual(first);
      expect((await s.runs.listRunning(instanceId)).map((r) => r.runId)).toEqual([first.runId, second.runId]);

      const usage = { input_tokens: 3, output_tokens: 4, total_tokens: 7 };
      const endedAt = new Date('2030-01-01T00:00:05Z');
      await s.runs.finish(first.runId, { status: 'completed', endedAt, usage, errorCode: null, errorDetail: null });
      await s.runs.finish(first.runId, { status: 'interrupted', endedAt: new Date(), usage: null, errorCode: 'interrupted', errorDetail: 'late' });
      expect(await s.runs.findById(first.runId)).toMatchObject({ status: 'completed', endedAt, usage, errorCode: null });
      expect((await s.runs.listRunning(instanceId)).map((r) => r.runId)).toEqual([second.runId]);
      expect((await s.runs.listRunning()).map((r) => r.runId)).toContain(second.runId);
      expect(await s.runs.listRunning(`instance-${unique()}`)).toEqual([]);
      expect(await s.runs.findById('run-1')).toBeNull();
      await expect(s.runs.create({ ...base, runId: first.runId, startedAt: new Date() })).rejects.toBeInstanceOf(ConflictError);
    });

    it('creates and finishes several runs in one call, the first outcome winning', async () => {
      const user = await newUser();
      const agent = await newAgent(user.userId);
      const instanceId = `instance-${unique()}`;
      const base = { agentId: agent.agentId, userId: user.userId, model: 'local/demo', status: 'running' as const, surface: 'fastworkflow' as const, instanceId };
      const startedAt = new Date('2030-02-01T00:00:00.123Z');
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      await s.runs.createMany(ids.map((runId, i) => ({ ...base, runId, threadId: `t${i}`, startedAt })));
      expect(await s.runs.findById(ids[1]!)).toEqual({ ...base, runId: ids[1], threadId: 't1', startedAt, endedAt: null, usage: null, errorCode: null, errorDetail: null });
      await expect(s.runs.createMany([{ ...base, runId: ids[0]!, threadId: 'again', startedAt }])).rejects.toBeInstanceOf(ConflictError);

      const endedAt = new Date('2030-02-01T00:00:09.456Z');
      const usage = { input_tokens: 1, output_tokens: 2, total_tokens: 3 };
      await s.runs.finishMany([
        { runId: ids[0]!, outcome: { status: 'completed', endedAt, usage, errorCode: null, errorDetail: null } },
        { runId: ids[1]!, outcome: { status: 'cancelled', endedAt, usage: null, errorCode: 'cancelled', errorDetail: 'The run was cancelled' } },
        { runId: ids[0]!, outcome: { status: 'failed', endedAt, usage: null, errorCode: 'x', errorDetail: 'late' } },
        { runId: 'not-a-uuid', outcome: { status: 'failed', endedAt, usage: null, errorCode: 'x', errorDetail: 'x' } },
      ]);
      await s.runs.finishMany([{ runId: ids[1]!, outcome: { status: 'completed', endedAt: new Date(), usage, errorCode: null, errorDetail: null } }]);
      expect(await s.runs.findById(ids[0]!)).toMatchObject({ status: 'completed', endedAt, usage, errorCode: null });
      expect(await s.runs.findById(ids[1]!)).toMatchObject({ status: 'cancelled', endedAt, usage: null, errorCode: 'cancelled', errorDetail: 'The run was cancelled' });
      expect((await s.runs.listRunning(instanceId)).map((r) => r.runId)).toEqual([ids[2]]);

      // a batch of one takes the one-row statements: same results
      const single = randomUUID();
      await s.runs.createMany([{ ...base, runId: single, threadId: 'solo', startedAt }]);
      expect(await s.runs.findById(single)).toMatchObject({ runId: single, threadId: 'solo', status: 'running', startedAt });
      await s.runs.finishMany([{ runId: single, outcome: { status: 'timed_out', endedAt, usage, errorCode: 'timeout', errorDetail: 'late' } }]);
      await s.runs.finishMany([{ runId: single, outcome: { status: 'completed', endedAt: new Date(), usage: null, errorCode: null, errorDetail: null } }]);
      expect(await s.runs.findById(single)).toMatchObject({ status: 'timed_out', endedAt, usage, errorCode: 'timeout', errorDetail: 'late' });
      await expect(s.runs.createMany([{ ...base, runId: single, threadId: 'again', startedAt }])).rejects.toBeInstanceOf(ConflictError);
    });
  });

  describe('fastworkflow', () => {
    async function session(fwUserId = `fw-${unique()}`) {
      const owner = await newUser();
      const agent = await newAgent(owner.userId);
      return { ownerUserId: owner.userId, fwUserId, agentId: agent.agentId, context: 'ctx', showAgentTraces: true, activeConversationId: 0 };
    }

    it('creates a session once and returns the existing one afterwards, even when racing', async () => {
      const input = await session();
      expect(await s.fastworkflow.getSession(input.ownerUserId, input.fwUserId)).toBeNull();
      const [a, b] = await Promise.all([
        s.fastworkflow.createSessionIfAbsent(input),
        s.fastworkflow.createSessionIfAbsent({ ...input, context: 'other', showAgentTraces: false }),
      ]);
      expect(a).toEqual(b);
      const again = await s.fastworkflow.createSessionIfAbsent({ ...input, context: 'ignored' });
      expect(again).toEqual(a);
      expect(await s.fastworkflow.getSession(input.ownerUserId, input.fwUserId)).toEqual(a);
      expect(await s.fastworkflow.getSession('x', input.fwUserId)).toBeNull();
    });

    it('keeps conversations per fastworkflow user, newest first, with the active one', async () => {
      const input = await session();
      const key = { ownerUserId: input.ownerUserId, fwUserId: input.fwUserId };
      await s.fastworkflow.createSessionIfAbsent(input);
      expect(await s.fastworkflow.maxConversationId(key.ownerUserId, key.fwUserId)).toBe(0);
      const t1 = new Date('2030-01-01T00:00:00Z');
      const first = await s.fastworkflow.upsertConversation({ ...key, conversationId: 1, topic: '', summary: '', updatedAt: t1 });
      await s.fastworkflow.upsertConversation({ ...key, conversationId: 2, topic: 'Two', summary: 's2', updatedAt: new Date('2030-01-02T00:00:00Z') });
      const renamed = await s.fastworkflow.upsertConversation({ ...key, conversationId: 1, topic: 'One', summary: 's1', updatedAt: new Date('2030-01-03T00:00:00Z') });
      expect(renamed.createdAt).toEqual(first.createdAt);
      expect(renamed).toMatchObject({ topic: 'One', summary: 's1' });
      expect((await s.fastworkflow.listConversations(key.ownerUserId, key.fwUserId, 10)).map((c) => c.conversationId)).toEqual([1, 2]);
      expect((await s.fastworkflow.listConversations(key.ownerUserId, key.fwUserId, 1)).map((c) => c.conversationId)).toEqual([1]);
      expect(await s.fastworkflow.getConversation({ ...key, conversationId: 2 })).toMatchObject({ topic: 'Two' });
      expect(await s.fastworkflow.getConversation({ ...key, conversationId: 3 })).toBeNull();
      expect(await s.fastworkflow.maxConversationId(key.ownerUserId, key.fwUserId)).toBe(2);
      expect(await s.fastworkflow.setActiveConversation({ ...key, conversationId: 2 })).toBe(true);
      expect((await s.fastworkflow.getSession(key.ownerUserId, key.fwUserId))?.activeConversationId).toBe(2);
      expect(await s.fastworkflow.setActiveConversation({ ...key, fwUserId: 'nobody', conversationId: 1 })).toBe(false);
      const stranger = await session(key.fwUserId);
      expect(await s.fastworkflow.listConversations(stranger.ownerUserId, key.fwUserId, 10)).toEqual([]);
    });

    it('saves one feedback per run, overwritten only by the same user', async () => {
      const input = await session();
      const runId = randomUUID();
      const first = await s.fastworkflow.saveFeedback({ runId, ownerUserId: input.ownerUserId, fwUserId: input.fwUserId, binaryOrNumericScore: true, nlFeedback: null });
      expect(first).toMatchObject({ binaryOrNumericScore: true, nlFeedback: null });
      const second = await s.fastworkflow.saveFeedback({ runId, ownerUserId: input.ownerUserId, fwUserId: input.fwUserId, binaryOrNumericScore: 0.5, nlFeedback: 'ok' });
      expect(second).toMatchObject({ binaryOrNumericScore: 0.5, nlFeedback: 'ok' });
      const other = await newUser();
      await expect(
        s.fastworkflow.saveFeedback({ runId, ownerUserId: other.userId, fwUserId: input.fwUserId, binaryOrNumericScore: false, nlFeedback: null }),
      ).rejects.toBeInstanceOf(ConflictError);
    });
  });

  describe('database', () => {
    it('answers ping and rolls a failed transaction back', async () => {
      await s.database.ping();
      const email = `rollback-${unique()}@example.com`;
      const failure = new ConflictError('domain errors pass through');
      await expect(
        s.database.transaction(async (tx) => {
          await s.users.create({ email, name: 'x', passwordHash: null, isAdmin: false }, tx);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await s.users.findByEmail(email)).toBeNull();
    });

    it('refuses a store call without tx inside a transaction instead of waiting forever', async () => {
      const attempt = s.database.transaction(async () => s.users.count());
      await expect(attempt).rejects.toThrow(/without `tx` inside Database.transaction/);
      const company = s.database.withAdvisoryLock('contract-test-tx', async () => s.companies.create({ name: 'x', creatorUserId: MISSING_ID }));
      await expect(company).rejects.toThrow(/without `tx`/);
      await s.database.transaction(async (tx) => {
        await s.users.count(tx);
      });
      expect(await s.users.count()).toBeGreaterThan(0);
    });

    it('serialises two callers of the same advisory lock', async () => {
      const events: string[] = [];
      const critical = (who: string) =>
        s.database.withAdvisoryLock('contract-test-lock', async (tx) => {
          events.push(`${who} in`);
          await sleep(50);
          await s.users.count(tx);
          events.push(`${who} out`);
          return who;
        });
      const results = await Promise.all([critical('a'), critical('b')]);
      expect(results).toEqual(['a', 'b']);
      expect(events).toHaveLength(4);
      expect(events[1]).toBe(events[0]!.replace('in', 'out'));
      expect(events[3]).toBe(events[2]!.replace('in', 'out'));
    });

    it('keeps its data across close and reopen (migrations already applied)', async () => {
      const user = await newUser();
      await s.database.close();
      s = await target.open();
      expect(await s.users.findById(user.userId)).toEqual(user);
    });
  });
});

describe('openDatabase', () => {
  it('rejects an unreachable DATABASE_URL quickly, naming host and port', async () => {
    const port = await closedPort();
    const started = Date.now();
    await expect(openDatabase({ databaseUrl: `postgres://user:secret@127.0.0.1:${port}/db`, dataDir: tmpdir() })).rejects.toThrow(
      new RegExp(`^DATABASE_URL: cannot connect to 127\\.0\\.0\\.1:${port} \\(connection refused\\)$`),
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('finds the migrations from src/ and from the compiled dist/src/', () => {
    const fromSource = resolveMigrationsFolder();
    expect(fromSource).toMatch(/src[/\\]storage[/\\]migrations$/);
    const compiledModule = pathToFileURL(join(fromSource, '..', '..', '..', 'dist', 'src', 'storage', 'migrations-folder.js')).href;
    expect(resolveMigrationsFolder(compiledModule)).toBe(fromSource);
    expect(() => resolveMigrationsFolder(pathToFileURL('/nowhere/at/all/x.js').href)).toThrow(/migrations not found/);
  });
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
