import type { ToolTestsService } from './tool-tests.js';
import type { UiConfigService } from './ui-config.js';

/** issue 18: what the console needs beyond the foundation and run services. */
export interface ConsoleServices {
  toolTests: ToolTestsService;
  uiConfig: UiConfigService;
}
