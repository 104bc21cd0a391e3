export { createToolRunner, type ClosableToolRunner, type ToolRunnerOptions, type ToolRunnerLogger } from './tool-runner.js';
export { createToolConfigValidator } from './tool-config-validator.js';
export { createGuardedFetch, type FetchLike, type GuardedFetch } from './guarded-fetch.js';
export { blockNonPublicAddresses, allowAllAddresses, type AddressPolicy } from './address-policy.js';
export { evaluateExpression, CalculatorError } from './calculator.js';
export { SECRET_MASK } from './secret-scrubber.js';
