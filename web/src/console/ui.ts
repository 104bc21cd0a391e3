import { ApiError } from '../api-error.js';
import { h } from '../dom.js';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A labelled form field with an optional hint line. */
export function field(label: string, control: Control | HTMLElement, hint?: string): HTMLElement {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, hint ? h('span', { class: 'hint' }, hint) : null);
}

export function checkbox(label: string, checked: boolean, testId: string): { row: HTMLElement; input: HTMLInputElement } {
  const input = h('input', { type: 'checkbox', 'data-testid': testId });
  input.checked = checked;
  return { row: h('label', { class: 'check' }, input, label), input };
}

export function select(options: Array<[value: string, label: string]>, value: string, attrs: Record<string, string> = {}): HTMLSelectElement {
  const control = h('select', attrs, ...options.map(([v, label]) => h('option', { value: v }, label)));
  control.value = value;
  return control;
}

/** A screen's frame: title, an optional action on the right, then the body. */
export function screen(title: string, testId: string, action: HTMLElement | null, ...body: Array<HTMLElement | null>): HTMLElement {
  return h('section', { class: 'console-screen', 'data-testid': testId }, h('div', { class: 'screen-head' }, h('h1', {}, title), action), ...body);
}

export function card(...children: Array<HTMLElement | string | null>): HTMLElement {
  return h('div', { class: 'card' }, ...children);
}

/** Where a screen says what went wrong (or right); `show(null)` clears it. */
export function messageLine(testId = 'form-message') {
  const element = h('p', { class: 'form-message', role: 'status', 'data-testid': testId, hidden: true });
  return {
    element,
    show(text: string | null, kind: 'error' | 'ok' = 'error'): void {
      element.hidden = text === null;
      element.textContent = text ?? '';
      element.className = `form-message ${kind}`;
      element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    },
    error(error: unknown, context: string): void {
      this.show(`${context}: ${describeError(error)}`);
    },
  };
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** A destructive button that asks once more in place ("Delete for good?") instead of a browser dialog. */
export function confirmButton(label: string, question: string, testId: string, onConfirm: () => void | Promise<void>): HTMLElement {
  const start = h('button', { type: 'button', class: 'btn danger', 'data-testid': testId }, label);
  const yes = h('button', { type: 'button', class: 'btn danger', 'data-testid': `${testId}-confirm` }, `Yes, ${label.toLowerCase()}`);
  const no = h('button', { type: 'button', class: 'btn ghost' }, 'Cancel');
  const ask = h('span', { class: 'confirm-ask', hidden: true }, h('span', {}, question), yes, no);
  start.addEventListener('click', () => {
    start.hidden = true;
    ask.hidden = false;
    no.focus();
  });
  no.addEventListener('click', () => {
    ask.hidden = true;
    start.hidden = false;
  });
  yes.addEventListener('click', () => {
    yes.disabled = true;
    void Promise.resolve(onConfirm()).finally(() => {
      yes.disabled = false;
    });
  });
  return h('span', { class: 'confirm' }, start, ask);
}

export function badge(text: string, kind = ''): HTMLElement {
  return h('span', { class: `badge ${kind}`.trim() }, text);
}

/** Parses a JSON object typed into a textarea; an empty box is `{}`. */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} must be a JSON object`);
  return value as Record<string, unknown>;
}

/** Comma, space or newline separated e-mails, trimmed, lower-cased and without duplicates. */
export function splitEmails(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((part) => part.trim().toLowerCase()).filter(Boolean))];
}
