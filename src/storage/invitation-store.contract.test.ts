import { describe, expect, it } from 'vitest';
import type { StorageBundle } from './open-database.js';
import { MISSING_ID, openStoresAround, storeFixtures, storeTargets } from './stores-test-support.js';

describe.each(storeTargets())('stores on $name: company invitations', (target) => {
  let s: StorageBundle;
  openStoresAround(target, (opened) => (s = opened));
  const { newUser } = storeFixtures(() => s);

  async function companyOf(creatorId: string): Promise<string> {
    return (await s.companies.create({ name: 'Inviting', creatorUserId: creatorId })).companyId;
  }

  it('keeps one pending invitation per company and address, whatever the case; inviting again sets its role', async () => {
    const creator = await newUser();
    const companyId = await companyOf(creator.userId);
    const first = await s.companies.invite({ companyId, email: 'Someone@Example.com', role: 'guest', invitedBy: creator.userId });
    expect(first).toMatchObject({ companyId, email: 'someone@example.com', role: 'guest', status: 'pending' });
    const again = await s.companies.invite({ companyId, email: 'SOMEONE@example.com', role: 'staff', invitedBy: creator.userId });
    expect(again).toMatchObject({ invitationId: first.invitationId, role: 'staff' });
    expect((await s.companies.listPendingInvitations(companyId)).map((i) => i.invitationId)).toEqual([first.invitationId]);
    expect(await s.companies.listPendingInvitationsFor('someone@EXAMPLE.com')).toEqual([{ ...again, companyName: 'Inviting' }]);
  });

  it('accepts only for the addressee, adding the membership once and keeping an existing role', async () => {
    const creator = await newUser();
    const invitee = await newUser();
    const other = await newUser();
    const companyId = await companyOf(creator.userId);
    const invitation = await s.companies.invite({ companyId, email: invitee.email.toUpperCase(), role: 'admin', invitedBy: creator.userId });
    expect(await s.companies.acceptInvitation(invitation.invitationId, { userId: other.userId, email: other.email })).toBeNull();
    expect(await s.companies.acceptInvitation(invitation.invitationId, invitee)).toMatchObject({ status: 'accepted', role: 'admin' });
    expect(await s.companies.roleOf(companyId, invitee.userId)).toBe('admin');
    expect(await s.companies.acceptInvitation(invitation.invitationId, invitee)).toBeNull();
    const memberAgain = await s.companies.invite({ companyId, email: invitee.email, role: 'guest', invitedBy: creator.userId });
    expect(await s.companies.acceptInvitation(memberAgain.invitationId, invitee)).toMatchObject({ status: 'accepted' });
    expect(await s.companies.roleOf(companyId, invitee.userId)).toBe('admin');
  });

  it('declines for the addressee only and revokes within the company only', async () => {
    const creator = await newUser();
    const invitee = await newUser();
    const companyId = await companyOf(creator.userId);
    const otherCompany = await companyOf(creator.userId);
    const declined = await s.companies.invite({ companyId, email: invitee.email, role: 'staff', invitedBy: creator.userId });
    expect(await s.companies.declineInvitation(declined.invitationId, 'someone-else@example.com')).toBe(false);
    expect(await s.companies.declineInvitation(declined.invitationId, invitee.email)).toBe(true);
    expect(await s.companies.declineInvitation(declined.invitationId, invitee.email)).toBe(false);
    const revoked = await s.companies.invite({ companyId, email: invitee.email, role: 'staff', invitedBy: creator.userId });
    expect(revoked.invitationId).not.toBe(declined.invitationId);
    expect(await s.companies.revokeInvitation(otherCompany, revoked.invitationId)).toBe(false);
    expect(await s.companies.revokeInvitation(companyId, revoked.invitationId)).toBe(true);
    expect(await s.companies.listPendingInvitationsFor(invitee.email)).toEqual([]);
    expect(await s.companies.acceptInvitation(revoked.invitationId, invitee)).toBeNull();
  });

  it('answers empty or false for unknown and malformed ids', async () => {
    const user = await newUser();
    expect(await s.companies.listPendingInvitations('acme')).toEqual([]);
    expect(await s.companies.revokeInvitation('acme', 'x')).toBe(false);
    expect(await s.companies.declineInvitation('x', user.email)).toBe(false);
    expect(await s.companies.acceptInvitation(MISSING_ID, user)).toBeNull();
    await expect(s.companies.invite({ companyId: MISSING_ID, email: 'a@b.c', role: 'staff', invitedBy: user.userId })).rejects.toThrow(/^The company does not exist$/);
  });
});
