import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import type { SseSettings } from '../sse/sse-settings.js';
import { registerChatCompletionRoutes } from './chat-completions-routes.js';
import { registerModelRoutes } from './models-routes.js';
import { openAiError, toOpenAiError } from './openai-error.js';

/** The OpenAI-compatible API under /v1, in its own scope so every error (401, 404, 409, 429, 400) has OpenAI's body. */
export async function registerOpenAiRoutes(app: App, services: Services, sse: SseSettings): Promise<void> {
  await app.register(
    async (scope) => {
      const v1 = scope as App;
      v1.setErrorHandler((error, request, reply) => {
        const response = toOpenAiError(error);
        if (response.status >= 500) request.log.error({ err: error }, 'request failed');
        void reply.code(response.status).headers(response.headers).send(response.body);
      });
      v1.setNotFoundHandler((request, reply) => {
        const failure = openAiError(404, `No route ${request.method} ${request.url.split('?')[0]}`, {}, 'not_found');
        void reply.code(404).send(failure.body);
      });
      registerModelRoutes(v1, services);
      registerChatCompletionRoutes(v1, services, sse);
    },
    { prefix: '/v1' },
  );
}
