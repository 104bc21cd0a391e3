import { describe, expect, it } from 'vitest';
import { agentRelation, mayMoveOutOfCompany, toolAllows, toolFitsAgent } from './access.js';

const owner = { userId: 'u1', email: 'u1@example.com' };
const companyAgent = { userId: 'u1', companyId: 'c1', shareEditorWith: [], shareVisitorWith: [] };

describe('company objects belong to the company (decision 0602)', () => {
  it('makes the creator the owner only while a member of the company', () => {
    expect(agentRelation(companyAgent, { ...owner, companyRole: 'guest' })).toBe('owner');
    expect(agentRelation(companyAgent, { ...owner, companyRole: null })).toBe('none');
    expect(agentRelation({ ...companyAgent, companyId: null }, { ...owner, companyRole: null })).toBe('owner');
    expect(toolAllows({ userId: 'u1', companyId: 'c1' }, { ...owner, companyRole: null }, 'see')).toBe(false);
    expect(toolAllows({ userId: 'u1', companyId: null }, { ...owner, companyRole: null }, 'delete')).toBe(true);
  });

  it("fits a company agent with its company's tools and a personal agent with its owner's personal tools only", () => {
    expect(toolFitsAgent({ userId: 'u2', companyId: 'c1' }, { userId: 'u1', companyId: 'c1' })).toBe(true);
    expect(toolFitsAgent({ userId: 'u1', companyId: null }, { userId: 'u1', companyId: 'c1' })).toBe(false);
    expect(toolFitsAgent({ userId: 'u1', companyId: 'c2' }, { userId: 'u1', companyId: 'c1' })).toBe(false);
    expect(toolFitsAgent({ userId: 'u1', companyId: null }, { userId: 'u1', companyId: null })).toBe(true);
    expect(toolFitsAgent({ userId: 'u2', companyId: null }, { userId: 'u1', companyId: null })).toBe(false);
    expect(toolFitsAgent({ userId: 'u1', companyId: 'c1' }, { userId: 'u1', companyId: null })).toBe(false);
  });

  it('lets only super_admin and admin move objects out of a company', () => {
    expect([mayMoveOutOfCompany('super_admin'), mayMoveOutOfCompany('admin')]).toEqual([true, true]);
    expect([mayMoveOutOfCompany('staff'), mayMoveOutOfCompany('guest'), mayMoveOutOfCompany(null)]).toEqual([false, false, false]);
  });
});
