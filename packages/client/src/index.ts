export { createSwitchboardClient, type SwitchboardClient, type SwitchboardClientOptions, type InvokeOptions } from './switchboard-client.js';
export type { RunStream, RunStreamItem } from './run-stream.js';
export { ApiError, apiErrorFrom } from './api-error.js';
export { createStreamClient, StreamLostError, type ConnectionState, type StreamCallbacks, type StreamClient, type StreamClientOptions, type StreamResult } from './stream-client.js';
export { decodeRunEvent, type StreamEvent } from './decode-run-event.js';
export type { FwStreamEvent } from './fastworkflow-client.js';
export type * from './wire-types.js';
