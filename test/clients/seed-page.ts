/**
 * A page doing what the seed's agent-invoke-stream.html did (seed 004): load agents into a dropdown with
 * GET /agents, fetch the chosen agent with GET /agents/{id}, POST invoke-stream and read the SSE body with
 * fetch's stream reader, showing tokens as they come. Served from another origin than the API.
 */
export function seedPageHtml(apiBase: string, token: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Agent Invoke Stream</title></head><body>
<select id="agent"></select><div id="details"></div>
<input id="message" value="Hello from another origin"><button id="send">Send</button>
<div id="status"></div><div id="output"></div><div id="error"></div>
<script>
const API = ${JSON.stringify(apiBase)};
const headers = { Authorization: 'Bearer ${token}' };
async function loadAgentsForDropdown() {
  const response = await fetch(API + '/agents', { headers });
  const agents = await response.json();
  const select = document.getElementById('agent');
  for (const agent of agents) {
    const option = document.createElement('option');
    option.value = agent.agent_id;
    option.textContent = agent.agent_name;
    select.appendChild(option);
  }
  document.body.dataset.requestId = response.headers.get('x-request-id') || '';
  await loadAgentDetails(select.value);
}
async function loadAgentDetails(agentId) {
  const response = await fetch(API + '/agents/' + agentId, { headers });
  const agent = await response.json();
  document.getElementById('details').textContent = agent.agent_name + ' (' + agent.model_name + ')';
}
async function invokeAgentStream() {
  const agentId = document.getElementById('agent').value;
  const response = await fetch(API + '/agent-invoke/' + agentId + '/invoke-stream', {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ input: { messages: document.getElementById('message').value, context: '' }, config: { configurable: { thread_id: 'seed-page' } }, metadata: { reset_memory: false, load_from_json: false, agent_style: '' }, agent_config: null }),
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const frames = buffer.split('\\n\\n');
    buffer = frames.pop();
    for (const frame of frames) {
      const event = (frame.match(/^event: (.*)$/m) || [])[1];
      const data = (frame.match(/^data: (.*)$/m) || [])[1];
      if (!data) continue;
      const payload = JSON.parse(data);
      if (event === 'token') document.getElementById('output').textContent += payload.token;
      if (event === 'status') document.getElementById('status').textContent = payload.status;
      if (event === 'end') document.body.dataset.outcome = payload.outcome;
    }
  }
}
document.getElementById('send').addEventListener('click', () => invokeAgentStream().catch((e) => (document.getElementById('error').textContent = String(e))));
loadAgentsForDropdown().catch((e) => (document.getElementById('error').textContent = String(e)));
</script></body></html>`;
}
