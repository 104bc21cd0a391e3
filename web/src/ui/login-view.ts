import { ApiError } from '../api-error.js';
import type { ApiClient } from '../api-client.js';
import type { MeResponse } from '../api-types.js';
import { h } from '../dom.js';
import type { LoginMode, StoredSession } from '../session-store.js';

export interface LoginViewOptions {
  api: ApiClient;
  notice?: string;
  onLoggedIn: (session: StoredSession, me: MeResponse) => void;
}

/** Sign in with email + password, or paste an API token (checked with GET /me before it is kept). */
export function createLoginView(options: LoginViewOptions): HTMLElement {
  let mode: LoginMode = 'password';
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, 'data-testid': 'login-email' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, 'data-testid': 'login-password' });
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'off', spellcheck: 'false', 'data-testid': 'login-token' });
  const passwordFields = h('div', { class: 'login-fields' }, h('label', {}, 'Email', email), h('label', {}, 'Password', password));
  const tokenFields = h('div', { class: 'login-fields', hidden: true }, h('label', {}, 'API token', token), h('p', { class: 'hint' }, 'The token is kept only for this browser tab.'));
  const error = h('div', { class: 'form-error', role: 'alert', 'data-testid': 'login-error' }, options.notice ?? '');
  const submit = h('button', { type: 'submit', class: 'btn primary wide', 'data-testid': 'login-submit' }, 'Sign in');

  const passwordTab = h('button', { type: 'button', role: 'tab', 'aria-selected': 'true', 'data-testid': 'login-mode-password' }, 'Password');
  const tokenTab = h('button', { type: 'button', role: 'tab', 'aria-selected': 'false', 'data-testid': 'login-mode-token' }, 'API token');
  const setMode = (next: LoginMode): void => {
    mode = next;
    passwordTab.setAttribute('aria-selected', String(next === 'password'));
    tokenTab.setAttribute('aria-selected', String(next === 'token'));
    passwordFields.hidden = next !== 'password';
    tokenFields.hidden = next !== 'token';
    email.required = password.required = next === 'password';
    token.required = next === 'token';
    error.textContent = '';
    (next === 'password' ? email : token).focus();
  };
  passwordTab.addEventListener('click', () => setMode('password'));
  tokenTab.addEventListener('click', () => setMode('token'));

  const form = h(
    'form',
    { class: 'login-card', 'data-testid': 'login-form', novalidate: true },
    h('div', { class: 'brand brand-large' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'Switchboard'),
    h('p', { class: 'muted' }, 'Sign in to talk to your agents.'),
    h('div', { class: 'segmented', role: 'tablist', 'aria-label': 'Sign-in method' }, passwordTab, tokenTab),
    passwordFields,
    tokenFields,
    error,
    submit,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void signIn();
  });

  async function signIn(): Promise<void> {
    error.textContent = '';
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      if (mode === 'password') {
        if (!email.value.trim() || !password.value) throw new Error('Enter your email and password.');
        const login = await options.api.login(email.value.trim(), password.value);
        const me = await options.api.me(login.token);
        options.onLoggedIn({ token: login.token, mode }, me);
      } else {
        const candidate = token.value.trim();
        if (!candidate) throw new Error('Paste an API token.');
        const me = await options.api.me(candidate);
        options.onLoggedIn({ token: candidate, mode }, me);
      }
    } catch (failure) {
      error.textContent = describeLoginError(failure, mode);
      submit.disabled = false;
      submit.textContent = 'Sign in';
    }
  }

  return h('div', { class: 'login-screen', 'data-testid': 'login-screen' }, form);
}

function describeLoginError(failure: unknown, mode: LoginMode): string {
  if (failure instanceof ApiError) {
    if (failure.status === 401) return mode === 'password' ? 'Wrong email or password.' : 'That token was not accepted.';
    if (failure.status === 429) return 'Too many attempts. Wait a moment and try again.';
    return failure.message;
  }
  if (failure instanceof TypeError) return 'Cannot reach the server.';
  return failure instanceof Error ? failure.message : 'Sign-in failed.';
}
