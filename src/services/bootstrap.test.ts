import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher, createTokenIssuer } from '../crypto/index.js';
import { openDatabase, type StorageBundle } from '../storage/open-database.js';
import { createFreshDatabase } from '../../test/http/support/fresh-database.js';
import { serviceAvailable, testDatabaseUrl } from '../../test/support/requirements.js';
import { runBootstrap, type BootstrapOptions } from './bootstrap.js';

const passwords = createPasswordHasher({ N: 1024, r: 8, p: 1 });
const issuer = createTokenIssuer();
const ADMIN_TOKEN = 'sb_admin_token_for_tests_0123456789';

function optionsFor(storage: StorageBundle, extra: Partial<BootstrapOptions> = {}): BootstrapOptions & { printed: string[] } {
  const printed: string[] = [];
  return { ...storage, passwords, issuer, database: storage.database, adminEmail: 'Admin@Example.com', print: (l) => printed.push(l), baseUrl: 'http://127.0.0.1:8080', printed, ...extra };
}

async function counts(storage: StorageBundle) {
  const rows = await storage.rawQuery(
    'select (select count(*) from users) as users, (select count(*) from companies) as companies, (select count(*) from agents) as agents, (select count(*) from tools) as tools, (select count(*) from api_tokens) as tokens',
  );
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
}

async function openTempStorage(): Promise<{ storage: StorageBundle; close(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bootstrap-'));
  const storage = await openDatabase({ dataDir });
  return {
    storage,
    async close() {
      await storage.database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// One database through several start-ups, in order: opening PGlite is the slow part.
describe('runBootstrap on PGlite, start after start', () => {
  let storage: StorageBundle;
  let close: () => Promise<void>;
  let password: string;
  beforeAll(async () => {
    ({ storage, close } = await openTempStorage());
  });
  afterAll(async () => close?.());

  it('creates exactly one admin when two start-ups race on an empty database, and prints its password once', async () => {
    const runs = [optionsFor(storage), optionsFor(storage)];
    const results = await Promise.all(runs.map((options) => runBootstrap(options)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.findIndex((r) => r.created);
    password = results[winner]!.generatedPassword!;
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect(runs[winner]!.printed.join('\n')).toContain(password);
    expect(runs[1 - winner]!.printed.join('\n')).not.toContain(password);
    expect(results[1 - winner]!.generatedPassword).toBeUndefined();
    expect(await counts(storage)).toEqual({ users: 1, companies: 1, agents: 1, tools: 3, tokens: 0 });
  });

  it('created the admin, the demo company, the three builtin tools and the demo agent', async () => {
    const admin = await storage.users.findByEmail('admin@example.com');
    expect(admin?.isAdmin).toBe(true);
    const [company] = await storage.companies.listForUser(admin!.userId);
    expect(company).toMatchObject({ name: 'Demo company', role: 'super_admin' });
    const [agent] = await storage.agents.listVisibleTo({ userId: admin!.userId, email: admin!.email, companyIds: [] });
    expect(agent).toMatchObject({ agentName: 'Demo agent', modelName: 'local/demo', companyId: company!.companyId, userId: admin!.userId });
    expect(agent!.agentStyle).toMatch(/offline demo/);
    const tools = await storage.tools.findByIds(agent!.tools);
    expect(tools.map((t) => [t.name, t.kind, t.config]).sort()).toEqual([
      ['calculator', 'builtin', { builtin: 'calculator' }],
      ['current_time', 'builtin', { builtin: 'current_time' }],
      ['fetch_url', 'builtin', { builtin: 'fetch_url' }],
    ]);
    expect(tools.every((t) => t.companyId === company!.companyId && t.userId === admin!.userId)).toBe(true);
    const stored = await storage.users.findPasswordHash('admin@example.com');
    expect(await passwords.verify(password, stored!.passwordHash!)).toBe(true);
  });

  it('changes nothing and prints no password on a restart', async () => {
    const before = await counts(storage);
    const options = optionsFor(storage);
    const again = await runBootstrap(options);
    expect(again.created).toBe(false);
    expect(again.generatedPassword).toBeUndefined();
    expect(options.printed.join('\n')).not.toContain(password);
    expect(options.printed.join('\n')).toContain('admin@example.com');
    expect(await counts(storage)).toEqual(before);
  });

  it('adds a new ADMIN_TOKEN on a later start, once', async () => {
    await runBootstrap(optionsFor(storage, { adminToken: ADMIN_TOKEN }));
    await runBootstrap(optionsFor(storage, { adminToken: ADMIN_TOKEN }));
    const found = await storage.tokens.findActive(issuer.hash(ADMIN_TOKEN), new Date());
    expect(found?.user.isAdmin).toBe(true);
    expect((await storage.tokens.listForUser(found!.user.userId)).filter((t) => t.name === 'ADMIN_TOKEN')).toHaveLength(1);
  });

  it('never adds a revoked ADMIN_TOKEN again, and says so', async () => {
    const found = (await storage.tokens.findActive(issuer.hash(ADMIN_TOKEN), new Date()))!;
    await storage.tokens.revoke(found.token.tokenId, found.user.userId, new Date());
    const result = await runBootstrap(optionsFor(storage, { adminToken: ADMIN_TOKEN }));
    expect(await storage.tokens.findActive(issuer.hash(ADMIN_TOKEN), new Date())).toBeNull();
    expect(result.notices.join(' ')).toMatch(/revoked/);
  });
});

describe('runBootstrap with ADMIN_PASSWORD and ADMIN_TOKEN', () => {
  it('uses the password without printing it and stores the token with exactly that value', async () => {
    const { storage, close } = await openTempStorage();
    try {
      const options = optionsFor(storage, { adminPassword: 'chosen-password', adminToken: ADMIN_TOKEN });
      const result = await runBootstrap(options);
      expect(result.generatedPassword).toBeUndefined();
      expect(options.printed.join('\n')).not.toContain('chosen-password');
      const stored = await storage.users.findPasswordHash('admin@example.com');
      expect(await passwords.verify('chosen-password', stored!.passwordHash!)).toBe(true);
      const found = await storage.tokens.findActive(issuer.hash(ADMIN_TOKEN), new Date());
      expect(found?.user.email).toBe('admin@example.com');
      expect(found?.token).toMatchObject({ kind: 'api', prefix: ADMIN_TOKEN.slice(0, 12), expiresAt: null });
    } finally {
      await close();
    }
  });
});

const postgres = serviceAvailable('PostgreSQL bootstrap race', testDatabaseUrl !== undefined, 'set TEST_DATABASE_URL to run it');
describe.runIf(postgres)('runBootstrap on PostgreSQL', () => {
  it('creates exactly one admin when two instances start on one empty database', async () => {
    const db = await createFreshDatabase(testDatabaseUrl!);
    const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-bootstrap-pg-'));
    const first = await openDatabase({ dataDir, databaseUrl: db.url });
    const second = await openDatabase({ dataDir, databaseUrl: db.url });
    try {
      const results = await Promise.all([
        runBootstrap(optionsFor(first, { adminToken: ADMIN_TOKEN })),
        runBootstrap(optionsFor(second, { adminToken: ADMIN_TOKEN })),
      ]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(await counts(first)).toEqual({ users: 1, companies: 1, agents: 1, tools: 3, tokens: 1 });
    } finally {
      await first.database.close();
      await second.database.close();
      rmSync(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
