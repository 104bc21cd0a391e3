import type { Services } from '../../services/index.js';
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
  registerFastworkflowRoutes(app, services, sse);
}
