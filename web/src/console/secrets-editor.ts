import { clear, h } from '../dom.js';

/**
 * A tool's secrets, write-only: stored ones show by name as "set" with Replace and Remove; new ones are
 * typed into password fields. Values are never read back from the server; `changes()` is the PATCH `env`.
 */
export function secretsEditor(storedNames: readonly string[]) {
  const replaced = new Map<string, HTMLInputElement>();
  const removed = new Set<string>();
  const added: Array<{ name: HTMLInputElement; value: HTMLInputElement }> = [];
  const storedList = h('ul', { class: 'secret-list', 'data-testid': 'secrets-stored' });
  const addedList = h('div', { class: 'secret-added' });
  const addButton = h('button', { type: 'button', class: 'btn small', 'data-testid': 'secret-add' }, '+ Add secret');

  const renderStored = (): void => {
    clear(storedList);
    for (const name of storedNames) {
      const row = h('li', { class: 'secret-row', 'data-testid': 'secret-row', 'data-secret': name }, h('code', {}, name));
      if (removed.has(name)) {
        const undo = h('button', { type: 'button', class: 'btn small ghost' }, 'Undo');
        undo.addEventListener('click', () => {
          removed.delete(name);
          renderStored();
        });
        row.append(h('span', { class: 'muted', 'data-testid': 'secret-state' }, 'will be removed on save'), undo);
      } else if (replaced.has(name)) {
        const cancel = h('button', { type: 'button', class: 'btn small ghost' }, 'Keep the old one');
        cancel.addEventListener('click', () => {
          replaced.delete(name);
          renderStored();
        });
        row.append(replaced.get(name)!, cancel);
      } else {
        const replace = h('button', { type: 'button', class: 'btn small', 'data-testid': 'secret-replace' }, 'Replace');
        const remove = h('button', { type: 'button', class: 'btn small ghost', 'data-testid': 'secret-remove' }, 'Remove');
        replace.addEventListener('click', () => {
          replaced.set(name, h('input', { type: 'password', autocomplete: 'new-password', placeholder: 'New value', 'aria-label': `New value of ${name}`, 'data-testid': 'secret-new-value' }));
          renderStored();
          replaced.get(name)?.focus();
        });
        remove.addEventListener('click', () => {
          removed.add(name);
          renderStored();
        });
        row.append(h('span', { class: 'badge ok', 'data-testid': 'secret-state' }, 'set'), replace, remove);
      }
      storedList.append(row);
    }
  };

  addButton.addEventListener('click', () => {
    const name = h('input', { type: 'text', placeholder: 'API_KEY', pattern: '[A-Za-z_][A-Za-z0-9_]{0,127}', 'aria-label': 'Secret name', 'data-testid': 'secret-name', spellcheck: 'false' });
    const value = h('input', { type: 'password', autocomplete: 'new-password', placeholder: 'Value', 'aria-label': 'Secret value', 'data-testid': 'secret-value' });
    added.push({ name, value });
    addedList.append(h('div', { class: 'secret-row' }, name, value));
    name.focus();
  });
  renderStored();

  return {
    element: h(
      'div',
      { class: 'secrets-editor', 'data-testid': 'secrets-editor' },
      storedList,
      addedList,
      addButton,
      h('p', { class: 'hint' }, 'Use a secret in a URL, header or body as {{env.NAME}}. Values are write-only: nobody can read them back, not even you.'),
    ),
    /** `{NAME: value}` sets, `{NAME: null}` removes; untouched secrets are left out (kept). */
    changes(): Record<string, string | null> {
      const env: Record<string, string | null> = {};
      for (const name of removed) env[name] = null;
      for (const [name, input] of replaced) if (input.value !== '') env[name] = input.value;
      for (const row of added) if (row.name.value.trim() !== '' && row.value.value !== '') env[row.name.value.trim()] = row.value.value;
      return env;
    },
    /** For Discover: what was typed, and "********" for stored secrets the server should fill in. */
    forDiscover(): Record<string, string> {
      const env: Record<string, string> = {};
      for (const name of storedNames) if (!removed.has(name)) env[name] = '********';
      for (const [name, value] of Object.entries(this.changes())) {
        if (value === null) delete env[name];
        else env[name] = value;
      }
      return env;
    },
  };
}
