import type { Company, CompanyRole, Invitation, Member } from '../api-types.js';
import { clear, formatDateTime, h } from '../dom.js';
import { go, href } from '../router.js';
import type { ConsoleContext, Screen } from './console-context.js';
import { badge, field, messageLine, screen, select } from './ui.js';

const ROLES: Array<[CompanyRole, string]> = [
  ['super_admin', 'Super admin'],
  ['admin', 'Admin'],
  ['staff', 'Staff'],
  ['guest', 'Guest'],
];
const ROLE_HINT = 'Admins manage members, sharing and deletion; staff build and edit the company’s agents and tools; guests only use them.';

/** Your companies and invitations (`id` null), or one company's members and invitations. */
export function companiesScreen(ctx: ConsoleContext, id: string | null): Screen {
  const message = messageLine();
  const body = h('div', { class: 'editor-body' });
  const element = id
    ? screen('Company', 'company-screen', h('a', { href: href('companies'), class: 'btn ghost' }, '← Companies'), message.element, body)
    : screen('Companies', 'companies-screen', null, message.element, body);
  void (id ? showCompany(id) : showList()).catch((error: unknown) => message.error(error, 'Could not load'));

  async function showList(): Promise<void> {
    const [companies, invitations] = await Promise.all([ctx.api.companies(), ctx.api.myInvitations().catch(() => [])]);
    clear(body);
    if (invitations.length) {
      body.append(
        h(
          'div',
          { class: 'card', 'data-testid': 'my-invitations' },
          h('h2', {}, 'Invitations for you'),
          h(
            'ul',
            { class: 'item-list' },
            ...invitations.map((invitation) => {
              const accept = h('button', { type: 'button', class: 'btn primary small', 'data-testid': 'invitation-accept' }, 'Accept');
              const decline = h('button', { type: 'button', class: 'btn small ghost', 'data-testid': 'invitation-decline' }, 'Decline');
              accept.addEventListener('click', () => void answer(() => ctx.api.acceptInvitation(invitation.invitation_id), 'Joined.'));
              decline.addEventListener('click', () => void answer(() => ctx.api.declineInvitation(invitation.invitation_id), 'Declined.'));
              return h('li', { class: 'item', 'data-testid': 'invitation-row' }, h('span', { class: 'item-main' }, h('strong', {}, invitation.company_name), h('span', { class: 'item-sub' }, `as ${roleLabel(invitation.role)}`)), h('span', { class: 'item-meta' }, accept, decline));
            }),
          ),
        ),
      );
    }
    const list = h('ul', { class: 'item-list', 'data-testid': 'companies-list' });
    for (const company of companies) {
      list.append(
        h('li', { class: 'item', 'data-testid': 'company-row' }, h('a', { href: href('companies', company.company_id), class: 'item-main' }, h('strong', {}, company.name)), h('span', { class: 'item-meta' }, badge(company.role ? roleLabel(company.role) : 'Platform admin'))),
      );
    }
    if (!companies.length) list.append(h('li', { class: 'empty' }, 'You are not in any company yet.'));
    body.append(list);
    if (ctx.me.user.is_admin) body.append(createForm());
  }

  async function answer(call: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await call();
      await ctx.refreshMe();
      message.show(done, 'ok');
      await showList();
    } catch (error) {
      message.error(error, 'Could not answer the invitation');
    }
  }

  function createForm(): HTMLElement {
    const name = h('input', { type: 'text', required: true, maxlength: 200, 'data-testid': 'company-name' });
    const form = h('form', { class: 'card form', 'data-testid': 'company-create' }, h('h2', {}, 'New company'), field('Name', name), h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'company-create-submit' }, 'Create company')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void (async () => {
        try {
          const company = await ctx.api.createCompany(name.value.trim());
          await ctx.refreshMe();
          go(href('companies', company.company_id));
        } catch (error) {
          message.error(error, 'Could not create the company');
        }
      })();
    });
    return form;
  }

  async function showCompany(companyId: string): Promise<void> {
    const companies = await ctx.api.companies();
    const company = companies.find((c) => c.company_id === companyId);
    if (!company) throw new Error('No such company');
    const manage = ctx.me.user.is_admin || company.role === 'super_admin' || company.role === 'admin';
    const [members, invitations] = await Promise.all([ctx.api.members(companyId), manage ? ctx.api.invitations(companyId).catch(() => [] as Invitation[]) : Promise.resolve([] as Invitation[])]);
    clear(body);
    body.append(h('h2', { 'data-testid': 'company-title' }, company.name), h('p', { class: 'hint' }, ROLE_HINT), membersCard(company, members, manage));
    if (manage) body.append(inviteCard(companyId, invitations));
  }

  function membersCard(company: Company, members: Member[], manage: boolean): HTMLElement {
    const list = h('ul', { class: 'item-list', 'data-testid': 'members-list' });
    for (const member of members) {
      const meta = h('span', { class: 'item-meta' });
      if (manage && member.user_id !== ctx.me.user.user_id) {
        const role = select(ROLES, member.role, { 'aria-label': `Role of ${member.email}`, 'data-testid': 'member-role' });
        role.addEventListener('change', () => void act(() => ctx.api.setMemberRole(company.company_id, member.user_id, role.value as CompanyRole), 'Role changed.'));
        const remove = h('button', { type: 'button', class: 'btn small ghost', 'data-testid': 'member-remove' }, 'Remove');
        remove.addEventListener('click', () => void act(() => ctx.api.removeMember(company.company_id, member.user_id), 'Removed.'));
        meta.append(role, remove);
      } else meta.append(badge(roleLabel(member.role)));
      list.append(h('li', { class: 'item', 'data-testid': 'member-row', 'data-email': member.email }, h('span', { class: 'item-main' }, h('strong', {}, member.name || member.email), h('span', { class: 'item-sub' }, member.email)), meta));
    }
    return h('div', { class: 'card' }, h('h3', {}, 'Members'), list);
  }

  function inviteCard(companyId: string, invitations: Invitation[]): HTMLElement {
    const email = h('input', { type: 'email', required: true, maxlength: 320, placeholder: 'name@example.com', 'data-testid': 'invite-email' });
    const role = select(ROLES, 'staff', { 'data-testid': 'invite-role' });
    const form = h('form', { class: 'form inline-form', 'data-testid': 'invite-form' }, field('E-mail', email), field('Role', role), h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'invite-submit' }, 'Invite'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void act(() => ctx.api.invite(companyId, email.value.trim(), role.value as CompanyRole), `Invitation sent to ${email.value.trim()}. They join when they accept it.`);
    });
    const pending = invitations.filter((invitation) => invitation.status === 'pending');
    const list = h(
      'ul',
      { class: 'item-list', 'data-testid': 'invitations-list' },
      ...pending.map((invitation) => {
        const revoke = h('button', { type: 'button', class: 'btn small ghost', 'data-testid': 'invitation-revoke' }, 'Revoke');
        revoke.addEventListener('click', () => void act(() => ctx.api.revokeInvitation(companyId, invitation.invitation_id), 'Invitation revoked.'));
        return h('li', { class: 'item', 'data-testid': 'invitation-pending' }, h('span', { class: 'item-main' }, h('strong', {}, invitation.email), h('span', { class: 'item-sub' }, `${roleLabel(invitation.role)} · ${formatDateTime(new Date(invitation.created_at))}`)), h('span', { class: 'item-meta' }, revoke));
      }),
    );
    return h('div', { class: 'card' }, h('h3', {}, 'Invite'), h('p', { class: 'hint' }, 'The person sees the invitation under Companies when signed in, and joins by accepting it.'), form, pending.length ? h('h3', {}, 'Pending invitations') : null, pending.length ? list : null);
  }

  async function act(call: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await call();
      await showCompany(id!);
      message.show(done, 'ok');
    } catch (error) {
      message.error(error, 'Could not do that');
    }
  }

  return { element };
}

function roleLabel(role: string): string {
  return ROLES.find(([value]) => value === role)?.[1] ?? role;
}
