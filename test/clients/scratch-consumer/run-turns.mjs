// Runs in a scratch project where @switchboard/client was installed from its tarball (see ../client-package.test.ts).
import { createSwitchboardClient, ApiError } from '@switchboard/client';

const { DIRECT_URL, PROXY_URL, TOKEN, AGENT_ID, LONG_MESSAGE } = process.env;

async function collect(stream) {
  const events = [];
  for await (const event of stream) events.push(event);
  return { events, result: await stream.result, runId: await stream.runId };
}

const direct = createSwitchboardClient({ baseUrl: DIRECT_URL, token: TOKEN });
const plain = await collect(direct.invoke(AGENT_ID, 'Hello from the tarball', { threadId: 'tarball-plain' }));

const cut = createSwitchboardClient({ baseUrl: PROXY_URL, token: TOKEN, reconnect: { initialBackoffMs: 2, maxBackoffMs: 40, giveUpAfterMs: 30_000 } });
let reconnects = 0;
const cutTurn = await collect(cut.invoke(AGENT_ID, LONG_MESSAGE, { threadId: 'tarball-cuts', onConnection: (state) => state.kind === 'reconnecting' && reconnects++ }));

let notFound = null;
try {
  await direct.agents.get('00000000-0000-4000-8000-000000000000');
} catch (error) {
  notFound = error instanceof ApiError ? { status: error.status, code: error.code } : String(error);
}
process.stdout.write(JSON.stringify({ plain, cutTurn, reconnects, notFound }));
