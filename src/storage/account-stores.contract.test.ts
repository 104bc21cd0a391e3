import { describe, expect, it } from 'vitest';
import { ConflictError } from '../domain/index.js';
import type { StorageBundle } from './open-database.js';
import { sleep, unique, MISSING_ID, openStoresAround, storeFixtures, storeTargets } from './stores-test-support.js';

describe.each(storeTargets())('stores on $name: users, tokens, companies', (target) => {
  let s: StorageBundle;
  openStoresAround(target, (opened) => (s = opened));
  const { newUser } = storeFixtures(() => s);

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
});
