import type { ApiToken } from '../api-types.js';
import { clear, formatDateTime, h } from '../dom.js';
import type { ConsoleContext, Screen } from './console-context.js';
import { field, messageLine, screen } from './ui.js';

/** Your profile, password and API tokens (a new token is shown once). */
export function accountScreen(ctx: ConsoleContext): Screen {
  const message = messageLine();
  const name = h('input', { type: 'text', required: true, maxlength: 200, value: ctx.me.user.name, 'data-testid': 'profile-name' });
  const profile = h('form', { class: 'card form', 'data-testid': 'profile-form' }, h('h2', {}, 'Profile'), h('p', { class: 'muted' }, ctx.me.user.email), field('Name', name), h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'profile-save' }, 'Save')));
  profile.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(async () => {
      await ctx.api.updateProfile(name.value.trim());
      await ctx.refreshMe();
    }, 'Saved.');
  });

  const current = h('input', { type: 'password', autocomplete: 'current-password', 'data-testid': 'password-current' });
  const next = h('input', { type: 'password', required: true, minlength: 8, autocomplete: 'new-password', 'data-testid': 'password-new' });
  const password = h('form', { class: 'card form', 'data-testid': 'password-form' }, h('h2', {}, 'Password'), field('Current password', current), field('New password', next, 'At least 8 characters.'), h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'password-save' }, 'Change password')));
  password.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(async () => {
      await ctx.api.changePassword(current.value, next.value);
      password.reset();
    }, 'Password changed.');
  });

  const tokens = h('ul', { class: 'item-list', 'data-testid': 'tokens-list' });
  const tokenName = h('input', { type: 'text', required: true, maxlength: 200, placeholder: 'CI, laptop, …', 'data-testid': 'token-name' });
  const days = h('input', { type: 'number', min: 1, max: 3650, placeholder: 'never', 'data-testid': 'token-days' });
  const shown = h('div', { class: 'token-once', hidden: true, 'data-testid': 'token-created' });
  const tokenForm = h('form', { class: 'form inline-form', 'data-testid': 'token-form' }, field('Name', tokenName), field('Expires in days', days), h('button', { type: 'submit', class: 'btn primary', 'data-testid': 'token-create' }, 'Create token'));
  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void run(async () => {
      const created = await ctx.api.createToken(tokenName.value.trim(), days.value ? Number(days.value) : undefined);
      shown.hidden = false;
      shown.replaceChildren(h('p', {}, 'Copy it now: it is shown only once.'), h('code', { 'data-testid': 'token-value' }, created.token));
      tokenForm.reset();
      await loadTokens();
    }, 'Token created.');
  });

  async function loadTokens(): Promise<void> {
    const list = await ctx.api.tokens();
    clear(tokens);
    for (const token of list) tokens.append(tokenRow(token));
    if (!list.length) tokens.append(h('li', { class: 'empty' }, 'No tokens.'));
  }

  function tokenRow(token: ApiToken): HTMLElement {
    const revoke = h('button', { type: 'button', class: 'btn small ghost', 'data-testid': 'token-revoke' }, 'Revoke');
    revoke.addEventListener('click', () => void run(async () => {
      await ctx.api.revokeToken(token.token_id);
      await loadTokens();
    }, 'Revoked.'));
    const used = token.last_used_at ? `used ${formatDateTime(new Date(token.last_used_at))}` : 'never used';
    const expires = token.expires_at ? ` · expires ${formatDateTime(new Date(token.expires_at))}` : '';
    return h('li', { class: 'item', 'data-testid': 'token-row' }, h('span', { class: 'item-main' }, h('strong', {}, token.name), h('span', { class: 'item-sub' }, `${token.kind} · ${token.prefix}… · ${used}${expires}`)), h('span', { class: 'item-meta' }, revoke));
  }

  async function run(call: () => Promise<void>, done: string): Promise<void> {
    try {
      await call();
      message.show(done, 'ok');
    } catch (error) {
      message.error(error, 'Could not do that');
    }
  }

  void loadTokens().catch((error: unknown) => message.error(error, 'Could not load the tokens'));
  return { element: screen('Account', 'account-screen', null, message.element, profile, password, h('div', { class: 'card' }, h('h2', {}, 'API tokens'), h('p', { class: 'hint' }, 'For scripts and other clients: send it as Authorization: Bearer <token>.'), tokenForm, shown, tokens)) };
}
