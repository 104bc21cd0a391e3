import { h } from '../dom.js';
import { href } from '../router.js';
import type { MeResponse } from '../api-types.js';

export interface ConsoleShell {
  element: HTMLElement;
  main: HTMLElement;
  setActive(section: string): void;
}

/** The console's frame: a top bar with the sections (scrolls sideways on a phone) and the screen below. */
export function createConsoleShell(me: MeResponse, onLogout: () => void): ConsoleShell {
  const sections: Array<[id: string, label: string]> = [
    ['chat', 'Chat'],
    ['agents', 'Agents'],
    ['tools', 'Tools'],
    ['companies', 'Companies'],
    ['runs', 'Runs'],
    ...(me.user.is_admin ? ([['users', 'Users']] as Array<[string, string]>) : []),
    ['account', 'Account'],
  ];
  const links = sections.map(([id, label]) => h('a', { href: href(id), class: 'nav-link', 'data-testid': `nav-${id}`, 'data-section': id }, label));
  const logout = h('button', { type: 'button', class: 'btn ghost small', 'data-testid': 'logout' }, 'Log out');
  logout.addEventListener('click', onLogout);
  const main = h('main', { class: 'console-main', 'data-testid': 'console-main' });
  const element = h(
    'div',
    { class: 'console', 'data-testid': 'console' },
    h(
      'header',
      { class: 'topbar console-topbar' },
      h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), h('span', { class: 'brand-name' }, 'Switchboard')),
      h('nav', { class: 'console-nav', 'aria-label': 'Sections' }, ...links),
      h('span', { class: 'user-chip', 'data-testid': 'user-name', title: me.user.email }, me.user.name || me.user.email),
      logout,
    ),
    main,
  );
  return {
    element,
    main,
    setActive(section) {
      for (const link of links) {
        if (link.dataset.section === section) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
      }
    },
  };
}
