// One ApiError class for the page and @switchboard/client (whose stream client throws it), so `instanceof` holds.
export { ApiError, apiErrorFrom } from '../../packages/client/src/api-error.js';
