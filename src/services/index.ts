import type { AuthService } from './auth.js';
import type { ConsoleServices } from './console-services.js';
import type { FoundationServices } from './foundation.js';
import type { RunServices } from './run-services.js';
import type { FastworkflowService } from './fastworkflow.js';
import type { MetricsExposition } from '../ports/index.js';
import type { RunApiServices } from './run-api-services.js';

/** Everything the HTTP layer may call. Built in app.ts, the composition root. */
export type Services = { auth: AuthService } & FoundationServices & RunServices & { fastworkflow: FastworkflowService; metrics: MetricsExposition } & ConsoleServices & RunApiServices;
