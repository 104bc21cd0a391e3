import { A2A_PROTOCOL_VERSION, AgentCard } from '@a2a-js/sdk';
import type { Agent } from '../../domain/index.js';
import type { A2aCardJson } from './wire.js';

/** Where the agent's JSON-RPC binding and card live, under the server's public base URL. */
export const a2aAgentUrl = (baseUrl: string, agentId: string) => `${baseUrl}/a2a/agents/${agentId}`;

/** The Agent Card of one Switchboard agent: JSON-RPC binding, streaming, bearer auth, one chat skill. */
export function agentCardOf(agent: Agent, baseUrl: string): AgentCard {
  const description = agent.description.trim() === '' ? `The Switchboard agent "${agent.agentName}"` : agent.description;
  return {
    name: agent.agentName,
    description,
    supportedInterfaces: [{ url: a2aAgentUrl(baseUrl, agent.agentId), protocolBinding: 'JSONRPC', tenant: '', protocolVersion: A2A_PROTOCOL_VERSION }],
    provider: { organization: 'Switchboard', url: baseUrl },
    version: '1.0.0',
    capabilities: { streaming: true, pushNotifications: false, extensions: [], extendedAgentCard: false },
    securitySchemes: { bearer: { scheme: { $case: 'httpAuthSecurityScheme', value: { scheme: 'Bearer', bearerFormat: 'Switchboard API token', description: 'Authorization: Bearer <token>' } } } },
    securityRequirements: [{ schemes: { bearer: { list: [] } } }],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [{ id: 'chat', name: agent.agentName, description, tags: ['chat'], examples: [], inputModes: ['text/plain'], outputModes: ['text/plain'], securityRequirements: [] }],
    signatures: [],
  };
}

/** The card as JSON (protobuf JSON names, which the A2A SDK client reads). */
export const agentCardJson = (card: AgentCard) => AgentCard.toJSON(card) as A2aCardJson;
