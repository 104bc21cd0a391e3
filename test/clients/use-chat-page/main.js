// A minimal @ai-sdk/react useChat page (no JSX, so no build plugin): settings come from the query string.
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';

const params = new URLSearchParams(location.search);
const transport = new DefaultChatTransport({
  api: `${params.get('api')}/agents/${params.get('agent')}/chat`,
  headers: { Authorization: `Bearer ${params.get('token')}` },
});

function Part({ part }) {
  if (part.type === 'text') return h('span', { className: 'text' }, part.text);
  if (part.type === 'dynamic-tool') return h('div', { className: 'tool', 'data-state': part.state }, `${part.toolName}: ${JSON.stringify(part.output ?? part.input)}`);
  if (part.type === 'data-status') return h('div', { className: 'status' }, part.data.status);
  return null;
}

function Chat() {
  const { messages, sendMessage, status, error } = useChat({ id: params.get('chat'), transport, resume: true });
  const [input, setInput] = useState('');
  document.body.dataset.chatStatus = status;
  return h(
    'div',
    null,
    messages.map((m) => h('div', { key: m.id, className: 'message', 'data-role': m.role }, m.parts.map((part, i) => h(Part, { key: i, part })))),
    error ? h('div', { className: 'error' }, String(error.message)) : null,
    h(
      'form',
      { onSubmit: (e) => { e.preventDefault(); sendMessage({ text: input }); setInput(''); } },
      h('input', { id: 'input', value: input, onChange: (e) => setInput(e.target.value) }),
      h('button', { id: 'send', type: 'submit' }, 'Send'),
    ),
  );
}

createRoot(document.getElementById('root')).render(h(Chat));
