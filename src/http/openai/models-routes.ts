import { NotFoundError, type Actor } from '../../domain/index.js';
import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { agentIdOfModel, modelIdOf } from './model-id.js';
import { modelListSchema, modelParams, modelSchema } from './wire.js';

type AgentView = Awaited<ReturnType<Services['agents']['list']>>[number];

const presentModel = ({ agent }: AgentView) => ({
  id: modelIdOf(agent.agentId),
  object: 'model' as const,
  created: Math.floor(agent.createdAt.getTime() / 1000),
  owned_by: 'switchboard',
  name: agent.agentName,
});

/** GET /v1/models: the agents the caller may invoke (switched-off agents answer 409, so they are left out). */
export function registerModelRoutes(app: App, services: Services): void {
  const invocable = async (actor: Actor) => (await services.agents.list(actor)).filter((view) => view.agent.onStatus);

  app.get('/models', { schema: { summary: 'OpenAI models: the agents you can invoke', tags: ['openai'], response: { 200: modelListSchema } } }, async (request) => ({
    object: 'list' as const,
    data: (await invocable(request.actor)).map(presentModel),
  }));

  app.get('/models/:model', { schema: { summary: 'OpenAI model: one agent', tags: ['openai'], params: modelParams, response: { 200: modelSchema } } }, async (request) => {
    const agentId = agentIdOfModel(request.params.model);
    const view = agentId ? (await invocable(request.actor)).find((v) => v.agent.agentId === agentId) : undefined;
    if (!view) throw new NotFoundError(`The model "${request.params.model}" does not exist`);
    return presentModel(view);
  });
}
