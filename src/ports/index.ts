export * from './stores.js';
export * from './runs.js';
export * from './model-gateway.js';
export * from './tool-runner.js';
export * from './crypto.js';
export * from './clock.js';
export * from './fastworkflow-store.js';
export * from './metrics.js';
