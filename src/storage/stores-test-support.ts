import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { serviceAvailable, testDatabaseUrl } from '../../test/support/requirements.js';
import { afterAll, beforeAll } from 'vitest';
import { logMessage } from '../../test/support/log-message.js';
import type { NewAgent, NewTool } from '../ports/index.js';
import { openDatabase, type StorageBundle } from './open-database.js';

/** One storage target of the store contract (*.contract.test.ts here): the same tests run against each. */
export interface StoreTarget {
  name: string;
  open(): Promise<StorageBundle>;
  cleanup(): Promise<void>;
}

function pgliteTarget(): StoreTarget {
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

function postgresTarget(serverUrl: string): StoreTarget {
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

/** PGlite always; PostgreSQL with TEST_DATABASE_URL (a database of its own per test file). */
export function storeTargets(): StoreTarget[] {
  const targets = [pgliteTarget()];
  if (serviceAvailable('PostgreSQL', Boolean(testDatabaseUrl), 'set TEST_DATABASE_URL=postgres://user@host:5432/postgres')) {
    targets.push(postgresTarget(testDatabaseUrl!));
  }
  return targets;
}

/**
 * Opens the target's stores before the tests of a file and closes them (and drops the target's database)
 * after; `opened` hands them to the file.
 */
export function openStoresAround(target: StoreTarget, opened: (stores: StorageBundle) => void): void {
  let stores: StorageBundle | undefined;
  beforeAll(async () => {
    stores = await target.open();
    opened(stores);
  });
  afterAll(async () => {
    await stores?.database.close();
    await target.cleanup();
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const unique = () => randomUUID().slice(0, 8);
export const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** Rows the contract tests need, made through the stores of the bundle `store()` hands out at call time. */
export function storeFixtures(store: () => StorageBundle) {
  const newUser = (email = `Person-${unique()}@Example.com`, name = 'Person') =>
    store().users.create({ email, name, passwordHash: 'hash-value', isAdmin: false });

  const newAgent = (userId: string, overrides: Partial<NewAgent> = {}) =>
    store().agents.create({
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
    store().tools.create({
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

  const message = logMessage;

  return { newUser, newAgent, newTool, message };
}
