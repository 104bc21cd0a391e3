const MODEL_PREFIX = 'agent/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An agent's OpenAI model id: `agent/<agent_id>`. */
export const modelIdOf = (agentId: string): string => `${MODEL_PREFIX}${agentId}`;

/** The agent id inside an OpenAI model id, or null when the id names no agent. */
export function agentIdOfModel(model: string): string | null {
  if (!model.startsWith(MODEL_PREFIX)) return null;
  const agentId = model.slice(MODEL_PREFIX.length);
  return UUID.test(agentId) ? agentId.toLowerCase() : null;
}
