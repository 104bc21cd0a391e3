// Moved to @switchboard/client (packages/client); the page keeps importing it from here.
export * from '../../packages/client/src/decode-run-event.js';
