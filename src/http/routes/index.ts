import { InvalidInputError } from '../../domain/index.js';
import type { Services } from '../../services/index.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App } from '../app-types.js';
import type { SseSettings } from '../sse/sse-settings.js';
import { registerFoundationRoutes } from './foundation.js';
import { registerMetaRoutes } from './meta.js';
import { registerInvokeRoutes } from './agent-invoke.js';
import { registerRunRoutes } from './runs.js';
import { registerWebhookRoutes } from './webhooks.js';
import { registerThreadRoutes } from './threads.js';
import { registerConsoleRoutes } from './console.js';
import { FASTWORKFLOW_PATHS, registerFastworkflowRoutes } from './fastworkflow.js';
import { registerFastworkflowAdminRoutes } from './fastworkflow-admin.js';
import { registerFastApiNotFound } from './fastworkflow-not-found.js';
import { registerOpenAiRoutes } from '../openai/register-openai-routes.js';
import { registerAiSdkChatRoutes } from '../ai-sdk/chat-routes.js';
import { registerSandboxFrameRoute } from './sandbox-frame.js';
import { registerAgUiRoutes } from '../ag-ui/ag-ui-routes.js';
import { registerMcpServerRoutes } from '../mcp-server/mcp-routes.js';
import { registerA2aRoutes } from '../a2a/a2a-routes.js';

export async function registerRoutes(app: App, services: Services, sse: SseSettings): Promise<void> {
  registerMetaRoutes(app, services);
  registerFoundationRoutes(app, services);
  registerInvokeRoutes(app, services, sse);
  registerRunRoutes(app, services, sse);
  registerWebhookRoutes(app, services);
  registerThreadRoutes(app, services);
  registerConsoleRoutes(app, services);
  await registerOpenAiRoutes(app, services, sse);
  registerAiSdkChatRoutes(app, services, sse);
  registerAgUiRoutes(app, services, sse);
  registerMcpServerRoutes(app, services);
  registerA2aRoutes(app, services, sse);
  registerSandboxFrameRoute(app);
  // its own scope: the lenient body parser below applies to the fastworkflow routes only
  await app.register(async (scope) => {
    const fw = scope.withTypeProvider<ZodTypeProvider>() as App;
    acceptJsonSentAsForm(fw);
    registerFastworkflowRoutes(fw, services, sse);
    registerFastworkflowAdminRoutes(fw, services);
    await registerFastApiNotFound(fw, FASTWORKFLOW_PATHS);
  });
}

/**
 * The seed's documented curl (`curl -N -d '{"user_id":…}' …/invoke_agent_stream`) sends its JSON body with
 * curl's default Content-Type, application/x-www-form-urlencoded: take such a body as JSON (decision 0801).
 * There is no cookie auth, so this opens no cross-site form posting.
 */
function acceptJsonSentAsForm(app: App): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new InvalidInputError('The body must be JSON (send Content-Type: application/json)'), undefined);
    }
  });
}
