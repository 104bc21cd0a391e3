import type { Route } from '../router.js';
import { accountScreen } from './account-screen.js';
import { agentEditor } from './agent-editor.js';
import { agentsScreen } from './agents-screen.js';
import { companiesScreen } from './companies-screen.js';
import type { ConsoleContext, Screen } from './console-context.js';
import { runDetail } from './run-detail.js';
import { runsScreen } from './runs-screen.js';
import { toolEditor } from './tool-editor.js';
import { toolsScreen } from './tools-screen.js';
import { usersScreen } from './users-screen.js';

/** The console screen for a route; null for the chat (or an unknown route, which goes to the chat). */
export function consoleScreen(ctx: ConsoleContext, route: Route): Screen | null {
  const [section, id] = route.path;
  switch (section) {
    case 'agents':
      return id ? agentEditor(ctx, id === 'new' ? null : id) : agentsScreen(ctx);
    case 'tools':
      return id ? toolEditor(ctx, id === 'new' ? null : id) : toolsScreen(ctx);
    case 'companies':
      return companiesScreen(ctx, id ?? null);
    case 'runs':
      return id ? runDetail(ctx, id) : runsScreen(ctx, route.query);
    case 'users':
      return usersScreen(ctx);
    case 'account':
      return accountScreen(ctx);
    default:
      return null;
  }
}
