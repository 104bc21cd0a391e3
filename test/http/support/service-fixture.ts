import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPasswordHasher, createSecretBox, createTokenIssuer, generateKeyBase64 } from '../../../src/crypto/index.js';
import { validateToolConfig } from '../../../src/domain/tool-config.js';
import type { Actor, CompanyRole } from '../../../src/domain/index.js';
import { systemClock } from '../../../src/ports/index.js';
import { createFoundationServices, type FoundationServices } from '../../../src/services/foundation.js';
import { openDatabase, type StorageBundle } from '../../../src/storage/open-database.js';
import { testModelGateway } from './models.js';

/** Foundation services over real storage (PGlite in a temp folder, or PostgreSQL) and real crypto. */
export interface ServiceFixture {
  services: FoundationServices;
  storage: StorageBundle;
  secretBox: ReturnType<typeof createSecretBox>;
  /** A new user; `isAdmin` makes a platform admin. */
  user(options?: { isAdmin?: boolean; email?: string }): Promise<Actor>;
  /** A new company created by `owner` (its super_admin), with `members` added in the given roles. */
  company(owner: Actor, members?: Array<[Actor, CompanyRole]>): Promise<string>;
  close(): Promise<void>;
}

export async function openServiceFixture(options: { databaseUrl?: string } = {}): Promise<ServiceFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-services-'));
  const storage = await openDatabase({ dataDir, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}) });
  const secretBox = createSecretBox({ keys: [{ keyBase64: generateKeyBase64() }] });
  const services = createFoundationServices({
    stores: storage,
    secretBox,
    passwords: createPasswordHasher({ N: 1024, r: 8, p: 1 }),
    issuer: createTokenIssuer(),
    toolConfigValidator: { validate: ({ kind, config, envKeys }) => validateToolConfig(kind, config, envKeys) },
    modelGateway: testModelGateway,
    database: storage.database,
    clock: systemClock,
  });

  async function user(userOptions: { isAdmin?: boolean; email?: string } = {}): Promise<Actor> {
    const email = userOptions.email ?? `user-${randomUUID().slice(0, 8)}@example.com`;
    const created = await storage.users.create({ email, name: email.split('@')[0]!, passwordHash: null, isAdmin: userOptions.isAdmin ?? false });
    return { userId: created.userId, email: created.email, isAdmin: created.isAdmin, tokenId: randomUUID() };
  }

  async function company(owner: Actor, members: Array<[Actor, CompanyRole]> = []): Promise<string> {
    const created = await storage.companies.create({ name: `Company ${randomUUID().slice(0, 6)}`, creatorUserId: owner.userId });
    for (const [member, role] of members) await storage.companies.addMember(created.companyId, member.userId, role);
    return created.companyId;
  }

  return {
    services,
    storage,
    secretBox,
    user,
    company,
    async close() {
      await storage.database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
