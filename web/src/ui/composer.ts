import { h } from '../dom.js';

export interface Composer {
  readonly element: HTMLElement;
  readonly input: HTMLTextAreaElement;
  setRunning(running: boolean): void;
  setEnabled(enabled: boolean): void;
  focus(): void;
}

/** Message box: Enter sends, Shift+Enter adds a line; while a run goes, input is locked and Stop shows. */
export function createComposer(handlers: { onSend: (text: string) => void; onStop: () => void }): Composer {
  const input = h('textarea', { rows: 1, placeholder: 'Message the agent…', 'aria-label': 'Message', 'data-testid': 'message-input' });
  const send = h('button', { type: 'submit', class: 'send-btn', 'aria-label': 'Send', title: 'Send', 'data-testid': 'send-button' }, arrowIcon());
  const stop = h('button', { type: 'button', class: 'stop-btn', 'aria-label': 'Stop', title: 'Stop the answer', 'data-testid': 'stop-button', hidden: true }, h('span', { class: 'stop-square', 'aria-hidden': 'true' }), 'Stop');
  const form = h('form', { class: 'composer', 'data-testid': 'composer' }, input, stop, send);
  let running = false;
  let enabled = true;

  const grow = (): void => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
  };
  const submit = (): void => {
    const text = input.value.trim();
    if (!text || running || !enabled) return;
    input.value = '';
    grow();
    handlers.onSend(text);
  };
  input.addEventListener('input', grow);
  input.addEventListener('keydown', (event) => {
    // Do not send while an IME composition is open.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  stop.addEventListener('click', () => handlers.onStop());

  const refresh = (): void => {
    input.disabled = running || !enabled;
    send.disabled = running || !enabled;
    send.hidden = running;
    stop.hidden = !running;
  };

  return {
    element: h('div', { class: 'composer-inner' }, form, h('p', { class: 'composer-hint' }, 'Enter to send · Shift+Enter for a new line · Answers stream live')),
    input,
    setRunning(value) {
      running = value;
      stop.disabled = false;
      refresh();
      if (!value) input.focus();
    },
    setEnabled(value) {
      enabled = value;
      refresh();
    },
    focus: () => input.focus(),
  };
}

function arrowIcon(): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M12 19V5M5 12l7-7 7 7');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2.2');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}
