// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { secretsEditor } from './secrets-editor.js';

const click = (root: HTMLElement, testId: string, index = 0): void => (root.querySelectorAll<HTMLButtonElement>(`[data-testid="${testId}"]`)[index]!).click();
const fill = (root: HTMLElement, testId: string, value: string): void => {
  root.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)!.value = value;
};

describe('secretsEditor', () => {
  it('shows stored secrets by name as "set", with no value anywhere, and sends nothing for them untouched', () => {
    const editor = secretsEditor(['API_KEY', 'OTHER']);
    expect([...editor.element.querySelectorAll('[data-testid="secret-state"]')].map((s) => s.textContent)).toEqual(['set', 'set']);
    expect(editor.element.querySelectorAll('input')).toHaveLength(0);
    expect(editor.changes()).toEqual({});
  });

  it('sends a replaced value, null for a removed one, and new ones; Discover gets "********" for the kept', () => {
    const editor = secretsEditor(['API_KEY', 'OLD', 'KEEP']);
    document.body.replaceChildren(editor.element);
    click(editor.element, 'secret-replace', 0);
    fill(editor.element, 'secret-new-value', 'new-value');
    click(editor.element, 'secret-remove', 0);
    click(editor.element, 'secret-add');
    fill(editor.element, 'secret-name', 'EXTRA');
    fill(editor.element, 'secret-value', 'extra-value');
    expect(editor.changes()).toEqual({ API_KEY: 'new-value', OLD: null, EXTRA: 'extra-value' });
    expect(editor.forDiscover()).toEqual({ API_KEY: 'new-value', KEEP: '********', EXTRA: 'extra-value' });
  });

  it('leaves a secret alone when Replace is opened but nothing is typed', () => {
    const editor = secretsEditor(['API_KEY']);
    click(editor.element, 'secret-replace');
    expect(editor.changes()).toEqual({});
  });
});
