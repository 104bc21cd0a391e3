import type { App } from '../app-types.js';

/**
 * FastAPI's 404 `{"detail": "Not Found"}` and 405 `{"detail": "Method Not Allowed"}` (with `Allow`) for this
 * surface's own paths and anything below them (`/conversations/7`, `/initialize/`, `/admin/…`), and only
 * there: every other unknown path keeps the product's 404 envelope (decision 0805).
 * `routes` maps each path of the surface to its methods; each first path segment becomes a 404 scope.
 */
export async function registerFastApiNotFound(app: App, routes: Record<string, string[]>): Promise<void> {
  const prefixes = new Set(Object.keys(routes).map((path) => `/${path.split('/')[1]}`));
  for (const prefix of prefixes) {
    await app.register(
      async (scope) => {
        scope.setNotFoundHandler((request, reply) => {
          const methods = routes[request.url.split('?')[0]!];
          if (methods) {
            const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
            void reply.code(405).header('allow', allow.join(', ')).send({ detail: 'Method Not Allowed' });
            return;
          }
          void reply.code(404).send({ detail: 'Not Found' });
        });
      },
      { prefix },
    );
  }
}
