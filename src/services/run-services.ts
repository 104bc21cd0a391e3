import type { InvokeAgent } from './invoke-agent.js';
import type { RunService } from './runs.js';
import type { ThreadService } from './threads.js';

export interface RunServices {
  invoke: InvokeAgent;
  runs: RunService;
  threads: ThreadService;
}
