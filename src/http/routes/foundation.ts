import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { registerAgentRoutes } from './agents.js';
import { registerAuthRoutes } from './auth.js';
import { registerCompanyRoutes } from './companies.js';
import { registerToolRoutes } from './tools.js';
import { registerUserRoutes } from './users.js';

/** Auth, users, companies, agents and tools. */
export function registerFoundationRoutes(app: App, services: Services): void {
  registerAuthRoutes(app, services);
  registerUserRoutes(app, services);
  registerCompanyRoutes(app, services);
  registerAgentRoutes(app, services);
  registerToolRoutes(app, services);
}
