import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, type Actor } from '../domain/index.js';
import { openServiceFixture, type ServiceFixture } from '../../test/http/support/service-fixture.js';

describe('companies service', () => {
  let f: ServiceFixture;
  beforeAll(async () => {
    f = await openServiceFixture();
  });
  afterAll(async () => f?.close());

  async function companyWithStaff() {
    const superAdmin = await f.user();
    const admin = await f.user();
    const staff = await f.user();
    const guest = await f.user();
    const companyId = await f.company(superAdmin, [
      [admin, 'admin'],
      [staff, 'staff'],
      [guest, 'guest'],
    ]);
    return { superAdmin, admin, staff, guest, companyId };
  }

  it('makes the creator super_admin and lists only own companies, except for platform admins', async () => {
    const creator = await f.user();
    const other = await f.user();
    const platformAdmin = await f.user({ isAdmin: true });
    const company = await f.services.companies.create(creator, { name: '  Tidy Co  ' });
    expect(company).toMatchObject({ name: 'Tidy Co', role: 'super_admin' });
    expect((await f.services.companies.list(creator)).map((c) => c.companyId)).toEqual([company.companyId]);
    expect(await f.services.companies.list(other)).toEqual([]);
    const seenByAdmin = (await f.services.companies.list(platformAdmin)).find((c) => c.companyId === company.companyId);
    expect(seenByAdmin?.role).toBeNull();
  });

  it('lets admins invite by e-mail (the same answer for any address), and refuses staff, guests and outsiders', async () => {
    const { admin, staff, guest, companyId } = await companyWithStaff();
    const newcomer = await f.user();
    const outsider = await f.user();
    const invited = await f.services.invitations.invite(admin, companyId, { email: newcomer.email.toUpperCase(), role: 'staff' });
    expect(invited).toMatchObject({ companyId, email: newcomer.email, role: 'staff', status: 'pending' });
    const again = await f.services.invitations.invite(admin, companyId, { email: newcomer.email, role: 'guest' });
    expect(again).toMatchObject({ invitationId: invited.invitationId, role: 'guest' });
    const nobody = await f.services.invitations.invite(admin, companyId, { email: 'nobody@example.com', role: 'guest' });
    expect(Object.keys(nobody).sort()).toEqual(Object.keys(invited).sort());
    await expect(f.services.invitations.invite(staff, companyId, { email: outsider.email, role: 'guest' })).rejects.toThrow(ForbiddenError);
    await expect(f.services.invitations.invite(guest, companyId, { email: outsider.email, role: 'guest' })).rejects.toThrow(ForbiddenError);
    await expect(f.services.invitations.invite(outsider, companyId, { email: outsider.email, role: 'admin' })).rejects.toThrow(NotFoundError);
    await expect(f.services.invitations.accept(outsider, invited.invitationId)).rejects.toThrow(NotFoundError);
    expect(await f.services.invitations.accept(newcomer, invited.invitationId)).toMatchObject({ companyId, role: 'guest' });
    await expect(f.services.invitations.accept(newcomer, invited.invitationId)).rejects.toThrow(NotFoundError);
  });

  it('lets only a super_admin grant, demote or remove super_admin', async () => {
    const { superAdmin, admin, staff, companyId } = await companyWithStaff();
    await expect(f.services.companies.updateMember(admin, companyId, staff.userId, 'super_admin')).rejects.toThrow(ForbiddenError);
    await expect(f.services.companies.updateMember(admin, companyId, superAdmin.userId, 'staff')).rejects.toThrow(ForbiddenError);
    await expect(f.services.companies.removeMember(admin, companyId, superAdmin.userId)).rejects.toThrow(ForbiddenError);
    const outsider = await f.user();
    await expect(f.services.invitations.invite(admin, companyId, { email: outsider.email, role: 'super_admin' })).rejects.toThrow(ForbiddenError);
    expect(await f.services.companies.updateMember(superAdmin, companyId, staff.userId, 'super_admin')).toMatchObject({ role: 'super_admin' });
    expect(await f.services.companies.updateMember(admin, companyId, staff.userId, 'admin').catch((e: unknown) => e)).toBeInstanceOf(ForbiddenError);
  });

  it('keeps at least one super_admin', async () => {
    const { superAdmin, admin, companyId } = await companyWithStaff();
    await expect(f.services.companies.updateMember(superAdmin, companyId, superAdmin.userId, 'admin')).rejects.toThrow(ConflictError);
    await expect(f.services.companies.removeMember(superAdmin, companyId, superAdmin.userId)).rejects.toThrow(ConflictError);
    await f.services.companies.updateMember(superAdmin, companyId, admin.userId, 'super_admin');
    await f.services.companies.removeMember(admin, companyId, superAdmin.userId);
    expect((await f.services.companies.listMembers(admin, companyId)).map((m) => m.userId)).not.toContain(superAdmin.userId);
  });

  it('lets admins change and remove ordinary members, and platform admins manage any company', async () => {
    const { superAdmin, admin, staff, guest, companyId } = await companyWithStaff();
    const platformAdmin: Actor = await f.user({ isAdmin: true });
    expect(await f.services.companies.updateMember(admin, companyId, guest.userId, 'staff')).toMatchObject({ role: 'staff' });
    await f.services.companies.removeMember(admin, companyId, staff.userId);
    await expect(f.services.companies.removeMember(admin, companyId, staff.userId)).rejects.toThrow(NotFoundError);
    await f.services.companies.updateMember(platformAdmin, companyId, superAdmin.userId, 'super_admin');
    expect((await f.services.companies.listMembers(platformAdmin, companyId)).length).toBe(3);
  });

  it('hides members from non-members and shows them to every member', async () => {
    const { guest, companyId } = await companyWithStaff();
    expect((await f.services.companies.listMembers(guest, companyId)).length).toBe(4);
    await expect(f.services.companies.listMembers(await f.user(), companyId)).rejects.toThrow(NotFoundError);
  });
});
