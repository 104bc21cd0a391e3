import { InvalidInputError } from '../../domain/index.js';
import type { Services } from '../../services/index.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App } from '../app-types.js';
import type { SseSettings } from '../sse/sse-settings.js';
import { registerFoundationRoutes } from './foundation.js';
import { registerMetaRoutes } from './meta.js';
import { registerInvokeRoutes } from './agent-invoke.js';
import { registerRunRoutes } from './runs.js';
import { registerThreadRoutes } from './threads.js';
import { registerFastworkflowRoutes } from './fastworkflow.js';

export async function registerRoutes(app: App, services: Services, sse: SseSettings): Promise<void> {
  registerMetaRoutes(app, services);
  registerFoundationRoutes(app, services);
  registerInvokeRoutes(app, services, sse);
  registerRunRoutes(app, services, sse);
  registerThreadRoutes(app, services);
  // its own scope: the lenient body parser below applies to the fastworkflow routes only
  await app.register(async (scope) => {
    const fw = scope.withTypeProvider<ZodTypeProvider>() as App;
    acceptJsonSentAsForm(fw);
    registerFastworkflowRoutes(fw, services, sse);
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
