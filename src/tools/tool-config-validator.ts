import { validateToolConfig } from '../domain/index.js';
import type { ToolConfigValidator } from '../ports/index.js';

/** The ToolConfigValidator port over the domain's pure `validateToolConfig`. */
export function createToolConfigValidator(): ToolConfigValidator {
  return { validate: ({ kind, config, envKeys }) => validateToolConfig(kind, config, envKeys) };
}
