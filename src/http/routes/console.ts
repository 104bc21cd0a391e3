import type { Services } from '../../services/index.js';
import type { App } from '../app-types.js';
import { registerDemoMediaRoutes } from './demo-media.js';
import { registerProfileRoutes } from './profile.js';
import { registerToolTestRoutes } from './tool-tests.js';

/** issue 18: the endpoints the console added beyond the foundation (profile, tool test and discover, the demo's media). */
export function registerConsoleRoutes(app: App, services: Services): void {
  registerProfileRoutes(app, services);
  registerToolTestRoutes(app, services);
  registerDemoMediaRoutes(app);
}
