import { h } from '../dom.js';

export interface AppShell {
  readonly element: HTMLElement;
  readonly agentSelect: HTMLSelectElement;
  readonly sidebar: HTMLElement;
  readonly sidePanel: HTMLElement;
  readonly chatHead: HTMLElement;
  readonly chatBody: HTMLElement;
  readonly composer: HTMLElement;
  readonly logout: HTMLButtonElement;
  setToolCount(count: number): void;
  closeDrawers(): void;
  /** Opens the settings panel (a drawer on narrow screens). */
  openPanel(): void;
}

/**
 * The frame of the page: top bar, agents/threads sidebar, chat, settings/tools panel. Under 1100 px the
 * panel becomes a drawer, under 760 px the sidebar too; the top bar's buttons open them.
 */
export function createAppShell(userLabel: string): AppShell {
  const agentSelect = h('select', { 'data-testid': 'agent-select', 'aria-label': 'Agent' });
  const logout = h('button', { type: 'button', class: 'btn ghost small', 'data-testid': 'logout' }, 'Log out');
  const toolCount = h('span', { class: 'count-badge', 'data-testid': 'tool-count', hidden: true });
  const openSidebar = h('button', { type: 'button', class: 'icon-btn drawer-toggle sidebar-toggle', 'aria-label': 'Agent and threads', 'data-testid': 'toggle-sidebar' }, '☰');
  const openPanel = h('button', { type: 'button', class: 'icon-btn drawer-toggle panel-toggle', 'aria-label': 'Settings and tool activity', 'data-testid': 'toggle-panel' }, '⚙', toolCount);
  const sidebar = h('aside', { class: 'sidebar drawer drawer-left', 'data-testid': 'sidebar', 'aria-label': 'Agent and threads' });
  const sidePanel = h('aside', { class: 'side-panel drawer drawer-right', 'data-testid': 'side-panel', 'aria-label': 'Settings and tool activity' });
  const chatHead = h('div', { class: 'chat-head' });
  const chatBody = h('div', { class: 'chat-body' });
  const composer = h('div', { class: 'composer-wrap' });
  const scrim = h('div', { class: 'scrim', 'data-testid': 'scrim', hidden: true });

  const element = h(
    'div',
    { class: 'app', 'data-testid': 'app' },
    h(
      'header',
      { class: 'topbar' },
      openSidebar,
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), h('span', { class: 'brand-name' }, 'Switchboard')),
      h('div', { class: 'agent-picker' }, agentSelect),
      h('div', { class: 'spacer' }),
      h('a', { class: 'btn ghost small', href: '#/agents', 'data-testid': 'open-console', title: 'Agents, tools, companies, runs, account' }, 'Manage'),
      openPanel,
      h('span', { class: 'user-chip', 'data-testid': 'user-name', title: userLabel }, userLabel),
      logout,
    ),
    h('div', { class: 'layout' }, sidebar, h('main', { class: 'chat' }, chatHead, chatBody, composer), sidePanel),
    scrim,
  );

  const setOpen = (drawer: HTMLElement | null): void => {
    for (const candidate of [sidebar, sidePanel]) candidate.classList.toggle('open', candidate === drawer);
    scrim.hidden = drawer === null;
  };
  openSidebar.addEventListener('click', () => setOpen(sidebar.classList.contains('open') ? null : sidebar));
  openPanel.addEventListener('click', () => setOpen(sidePanel.classList.contains('open') ? null : sidePanel));
  scrim.addEventListener('click', () => setOpen(null));
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') setOpen(null);
  });

  return {
    element,
    agentSelect,
    sidebar,
    sidePanel,
    chatHead,
    chatBody,
    composer,
    logout,
    setToolCount(count) {
      toolCount.hidden = count === 0;
      toolCount.textContent = String(count);
    },
    closeDrawers: () => setOpen(null),
    openPanel: () => {
      if (window.matchMedia('(max-width: 1100px)').matches) setOpen(sidePanel);
    },
  };
}
