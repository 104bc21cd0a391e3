import './styles.css';
import { createApiClient } from './api-client.js';
import { ApiError } from './api-error.js';
import { mountChatPage } from './chat-page.js';
import { createSessionStore, type StoredSession } from './session-store.js';
import { createStreamClient } from './stream-client.js';
import { createLoginView } from './ui/login-view.js';

const root = document.getElementById('app');
if (!root) throw new Error('missing #app');
const baseUrl = `${window.location.origin}/`;
const sessions = createSessionStore(window.sessionStorage);
let session: StoredSession | null = sessions.load();
const getToken = (): string | null => session?.token ?? null;
const api = createApiClient({ baseUrl, getToken });
const streamClient = createStreamClient({ baseUrl, getToken });

function showLogin(notice?: string): void {
  session = null;
  sessions.clear();
  root!.replaceChildren(
    createLoginView({
      api,
      notice,
      onLoggedIn: (next, me) => {
        session = next;
        sessions.save(next);
        showChat(me);
      },
    }),
  );
  root!.querySelector<HTMLInputElement>('[data-testid="login-email"]')?.focus();
}

function showChat(me: Parameters<typeof mountChatPage>[1]['me']): void {
  mountChatPage(root!, {
    api,
    streamClient,
    baseUrl,
    me,
    storage: window.sessionStorage,
    onLogout: () => void logout(),
    onUnauthorized: () => showLogin('Your session has ended. Please sign in again.'),
  });
}

async function logout(): Promise<void> {
  // An API token is only forgotten here; logging out must not revoke a token used elsewhere.
  if (session?.mode === 'password') await api.logout().catch(() => undefined);
  showLogin();
}

async function boot(): Promise<void> {
  if (!session) return showLogin();
  try {
    showChat(await api.me());
  } catch (error) {
    showLogin(error instanceof ApiError && error.status === 401 ? 'Your session has ended. Please sign in again.' : undefined);
  }
}

void boot();
