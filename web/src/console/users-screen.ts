import type { UserAccount } from '../api-types.js';
import { clear, h } from '../dom.js';
import type { ConsoleContext, Screen } from './console-context.js';
import { badge, checkbox, field, messageLine, screen } from './ui.js';

/** Platform admins: every user, create one, disable or enable, make admin, set a new password. */
export function usersScreen(ctx: ConsoleContext): Screen {
  const message = messageLine();
  const list = h('ul', { class: 'item-list', 'data-testid': 'users-list' });
  if (!ctx.me.user.is_admin) return { element: screen('Users', 'users-screen', null, h('p', { class: 'muted' }, 'Only platform admins manage users.')) };

  const load = async (): Promise<void> => {
    try {
      const users = await ctx.api.users();
      clear(list);
      for (const user of users) list.append(row(user));
    } catch (error) {
      message.error(error, 'Could not load the users');
    }
  };

  const act = async (call: () => Promise<unknown>, done: string): Promise<void> => {
    try {
      await call();
      message.show(done, 'ok');
      await load();
    } catch (error) {
      message.error(error, 'Could not do that');
    }
  };

  function row(user: UserAccount): HTMLElement {
    const self = user.user_id === ctx.me.user.user_id;
    const toggle = h('button', { type: 'button', class: 'btn small', 'data-testid': 'user-toggle', disabled: self }, user.disabled ? 'Enable' : 'Disable');
    toggle.addEventListener('click', () => void act(() => ctx.api.updateUser(user.user_id, { disabled: !user.disabled }), user.disabled ? 'Enabled.' : 'Disabled: their sessions and tokens stopped working.'));
    const admin = h('button', { type: 'button', class: 'btn small ghost', 'data-testid': 'user-admin', disabled: self }, user.is_admin ? 'Remove admin' : 'Make admin');
    admin.addEventListener('click', () => void act(() => ctx.api.updateUser(user.user_id, { is_admin: !user.is_admin }), 'Changed.'));
    const password = h('input', { type: 'password', minlength: 8, autocomplete: 'new-password', placeholder: 'New password', 'aria-label': `New password for ${user.email}`, 'data-testid': 'user-password' });
    const reset = h('button', { type: 'button', class: 'btn small ghost', 'data-testid': 'user-reset-password' }, 'Set password');
    reset.addEventListener('click', () => {
      if (!password.checkValidity() || password.value === '') return void password.reportValidity();
      void act(() => ctx.api.resetPassword(user.user_id, password.value), `New password set for ${user.email}; their sessions ended.`);
    });
    return h(
      'li',
      { class: 'item', 'data-testid': 'user-row', 'data-email': user.email },
      h('span', { class: 'item-main' }, h('strong', {}, user.name || user.email), h('span', { class: 'item-sub' }, user.email)),
      h('span', { class: 'item-meta' }, user.is_admin ? badge('Admin') : null, user.disabled ? badge('Disabled', 'off') : null, toggle, admin, password, reset),
    );
  }

  const email = h('input', { type: 'email', required: true, maxlength: 320, 'data-testid': 'new-user-email' });
  const name = h('input', { type: 'text', maxlength: 200, 'data-testid': 'new-user-name' });
  const password = h('input', { type: 'password', minlength: 8, autocomplete: 'new-password', 'data-testid': 'new-user-password' });
  const isAdmin = checkbox('Platform admin', false, 'new-user-admin');
  const created = h('div', { 'data-testid': 'new-user-token', hidden: true, class: 'token-once' });
  const form = h('form', { class: 'card form', 'data-testid': 'user-create' }, h('h2', {}, 'New user'), field('E-mail', email), field('Name', name), field('Password', password, 'At least 8 characters. Leave empty to hand out only the API token below.'), isAdmin.row, h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'new-user-submit' }, 'Create user')), created);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      try {
        const answer = await ctx.api.createUser({ email: email.value.trim(), name: name.value.trim() || undefined, password: password.value || undefined, is_admin: isAdmin.input.checked });
        created.hidden = false;
        created.replaceChildren(h('p', {}, `Created ${answer.user.email}. Their API token, shown only now:`), h('code', { 'data-testid': 'new-user-token-value' }, answer.token));
        form.reset();
        await load();
      } catch (error) {
        message.error(error, 'Could not create the user');
      }
    })();
  });
  void load();
  return { element: screen('Users', 'users-screen', null, message.element, list, form) };
}
