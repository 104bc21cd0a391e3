import './styles.css';
import './console/console.css';
import 'highlight.js/styles/github-dark.min.css';
import { createApiClient } from './api-client.js';
import { ApiError } from './api-error.js';
import { createMediaPolicy, type MediaPolicy } from './blocks/media-policy.js';
import { mountChatPage } from './chat-page.js';
import type { MeResponse } from './api-types.js';
import { createConsoleApi } from './console/console-api.js';
import { DRAFT_KEY, type ConsoleContext, type Screen } from './console/console-context.js';
import { consoleScreen } from './console/console-router.js';
import { createConsoleShell } from './console/console-shell.js';
import { parseRoute } from './router.js';
import { createSessionStore, type StoredSession } from './session-store.js';
import { createStreamClient } from './stream-client.js';
import { createLoginView } from './ui/login-view.js';

const root = document.getElementById('app');
if (!root) throw new Error('missing #app');
const baseUrl = `${window.location.origin}/`;
const sessions = createSessionStore(window.sessionStorage);
let session: StoredSession | null = sessions.load();
const getToken = (): string | null => session?.token ?? null;
const api = createApiClient({ baseUrl, getToken, onUnauthorized: () => (me ? unauthorized() : undefined) });
const streamClient = createStreamClient({ baseUrl, getToken });
/** Until /ui-config answers (or if it cannot), only same-origin and inline media load by themselves. */
let media: MediaPolicy = createMediaPolicy(baseUrl, []);

function showLogin(notice?: string): void {
  session = null;
  me = null;
  screen?.dispose?.();
  screen = null;
  sessions.clear();
  root!.replaceChildren(
    createLoginView({
      api,
      notice,
      onLoggedIn: (next, me) => {
        session = next;
        sessions.save(next);
        showApp(me);
      },
    }),
  );
  root!.querySelector<HTMLInputElement>('[data-testid="login-email"]')?.focus();
}

let me: MeResponse | null = null;
let screen: Screen | null = null;
const consoleApi = createConsoleApi(api);
const unauthorized = (): void => showLogin('Your session has ended. Please sign in again.');

/** Signed in: the screen of the current hash route (the chat, or a console screen). */
function showApp(next: MeResponse): void {
  me = next;
  render();
}

function render(): void {
  if (!me || !session) return;
  screen?.dispose?.();
  screen = null;
  const route = parseRoute(window.location.hash);
  const ctx: ConsoleContext = {
    api: consoleApi,
    me,
    baseUrl,
    media,
    streamClient,
    onUnauthorized: unauthorized,
    refreshMe: async () => {
      me = await api.me();
    },
  };
  const next = consoleScreen(ctx, route);
  if (!next) return showChat(me, route.query);
  const shell = createConsoleShell(me, () => void logout());
  shell.setActive(route.path[0] ?? '');
  shell.main.append(next.element);
  screen = next;
  root!.replaceChildren(shell.element);
  window.scrollTo(0, 0);
}

function showChat(current: MeResponse, query: URLSearchParams): void {
  let draft: Record<string, unknown> | null = null;
  const agentId = query.get('agent');
  if (query.get('draft') === '1') {
    try {
      const stored = JSON.parse(window.sessionStorage.getItem(DRAFT_KEY) ?? 'null') as { agent_id?: string; draft?: Record<string, unknown> } | null;
      if (stored?.agent_id === agentId && stored?.draft) draft = stored.draft;
    } catch {
      draft = null;
    }
  }
  mountChatPage(root!, {
    api,
    streamClient,
    baseUrl,
    me: current,
    media,
    storage: window.sessionStorage,
    initialAgentId: agentId,
    draft,
    onLogout: () => void logout(),
    onUnauthorized: unauthorized,
  });
}

window.addEventListener('hashchange', render);

async function logout(): Promise<void> {
  // An API token is only forgotten here; logging out must not revoke a token used elsewhere.
  if (session?.mode === 'password') await api.logout().catch(() => undefined);
  me = null;
  showLogin();
}

async function loadMediaPolicy(): Promise<void> {
  try {
    const config = await api.uiConfig();
    const origins = Array.isArray(config?.media_origins) ? config.media_origins.filter((origin): origin is string => typeof origin === 'string') : [];
    media = createMediaPolicy(baseUrl, origins);
  } catch {
    // The strict default stays: media from elsewhere waits for the reader's "Load".
  }
}

async function boot(): Promise<void> {
  await loadMediaPolicy();
  if (!session) return showLogin();
  try {
    showApp(await api.me());
  } catch (error) {
    showLogin(error instanceof ApiError && error.status === 401 ? 'Your session has ended. Please sign in again.' : undefined);
  }
}

void boot();
