import { clear, h } from '../dom.js';
import { splitEmails } from './ui.js';

/** A list of e-mails as removable chips, with an input to add more (Enter or "Add"). */
export function emailChips(initial: readonly string[], testId: string, label: string) {
  let values = [...initial];
  const chips = h('ul', { class: 'chips', 'data-testid': `${testId}-list` });
  const input = h('input', { type: 'email', multiple: true, placeholder: 'name@example.com', 'aria-label': label, 'data-testid': `${testId}-input` });
  const add = h('button', { type: 'button', class: 'btn small', 'data-testid': `${testId}-add` }, 'Add');

  const render = (): void => {
    clear(chips);
    for (const email of values) {
      const remove = h('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove ${email}`, 'data-testid': `${testId}-remove` }, '×');
      remove.addEventListener('click', () => {
        values = values.filter((value) => value !== email);
        render();
      });
      chips.append(h('li', { class: 'chip', 'data-testid': `${testId}-chip` }, email, remove));
    }
  };
  const addTyped = (): void => {
    const typed = splitEmails(input.value);
    if (typed.length === 0) return;
    if (!input.checkValidity()) {
      input.reportValidity();
      return;
    }
    values = [...new Set([...values, ...typed])];
    input.value = '';
    render();
  };
  add.addEventListener('click', addTyped);
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addTyped();
    }
  });
  render();
  return {
    element: h('div', { class: 'email-chips' }, chips, h('div', { class: 'inline-add' }, input, add)),
    /** The chips, plus anything typed but not added yet. */
    values: (): string[] => [...new Set([...values, ...splitEmails(input.value)])],
  };
}
