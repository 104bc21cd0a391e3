import { existsSync } from 'node:fs';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ServiceUnavailableError } from '../domain/index.js';
import type { HttpMetrics, StreamMetrics } from '../ports/index.js';
import type { Services } from '../services/index.js';
import type { App } from './app-types.js';
import { installAuthHook, markScopePublic } from './auth-hook.js';
import { installBodyIdleTimeout } from './body-idle-timeout.js';
import { registerCors } from './cors.js';
import { toErrorResponse } from './error-response.js';
import { installInputGuard } from './input-guard.js';
import { registerRateLimit } from './rate-limit.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerRoutes } from './routes/index.js';
import { createSseSettings, type SseSettings } from './sse/sse-settings.js';

export interface HttpServerOptions {
  services: Services;
  logLevel: string;
  bodyLimitBytes: number;
  heartbeatSeconds: number;
  /** Folder of the built chat page; skipped when it does not exist. */
  webRoot?: string | undefined;
  /** Active streams, stream durations and events per stream for /metrics. */
  streamMetrics?: StreamMetrics;
  /** Requests per minute per caller (token, or address when anonymous); 429 with Retry-After beyond. */
  rateLimitPerMinute: number;
  /** Behind nginx: believe X-Forwarded-For from these proxies (per-address rate limits, request logs). */
  trustProxy?: boolean | string;
  /** Extra pino destination (tests capture logs to check nothing secret is written). */
  logStream?: NodeJS.WritableStream | undefined;
  /** With REDIS_URL, rate-limit counters are shared by all instances. */
  redisUrl?: string | undefined;
  /** MEDIA_ORIGINS: origins the page's CSP allows images and videos from. */
  mediaOrigins?: readonly string[];
  /** CORS_ORIGINS: browser origins allowed to call the API (`*` = any); empty = CORS off. */
  corsOrigins?: readonly string[];
  /** METRICS_TOKEN: bearer that may read /metrics besides platform admins. */
  metricsToken?: string | undefined;
  /** Whole-request receive deadline, header deadline and request-body idle cut (decision 1002). */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyIdleTimeoutMs?: number;
  /** HTTP request counts and durations per route and status for /metrics (issue 21). */
  httpMetrics?: HttpMetrics | undefined;
  /** Fields added to every log line, e.g. the run_id of the run being executed (issue 21). */
  logMixin?: (() => object) | undefined;
}

/** Paths pino redacts from every log line, wherever they appear. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.password',
  '*.token',
  '*.env',
  '*.apiKey',
  '*.api_key',
];

let requestCounter = 0;

export async function createHttpServer(options: HttpServerOptions): Promise<App> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      ...(options.logMixin ? { mixin: options.logMixin } : {}),
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      if (typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given)) return given;
      requestCounter = (requestCounter + 1) % Number.MAX_SAFE_INTEGER;
      return `req-${Date.now().toString(36)}-${requestCounter.toString(36)}`;
    },
    requestIdHeader: false,
    forceCloseConnections: true,
    return503OnClosing: true,
    // Node enforces these only while a request is being received: SSE responses are not cut (decision 1002)
    requestTimeout: options.requestTimeoutMs ?? 120_000,
    http: { headersTimeout: Math.min(options.headersTimeoutMs ?? 10_000, options.requestTimeoutMs ?? 120_000), connectionsCheckingInterval: 1_000 },
  }).withTypeProvider<ZodTypeProvider>() as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => {
    const response = toErrorResponse(error);
    // a refusal while draining is expected and said in one line; anything else at 5xx is an error with its stack
    if (error instanceof ServiceUnavailableError) request.log.info({ reason: error.message }, 'request refused: service unavailable');
    else if (response.status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.code(response.status).headers(response.headers).send(response.body);
  });
  app.setNotFoundHandler({}, (request, reply) => {
    void reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const httpMetrics = options.httpMetrics;
  if (httpMetrics) {
    // the route pattern, not the URL: unmatched paths share one label so scanners cannot grow the series
    app.addHook('onResponse', async (request, reply) => {
      httpMetrics.httpRequest({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, durationMs: reply.elapsedTime });
    });
  }

  // edge rules every route inherits (decision 1000-1003): headers, auth then rate limit, input bounds
  await registerSecurityHeaders(app, { mediaOrigins: options.mediaOrigins ?? [] });
  await registerCors(app, options.corsOrigins ?? []); // before auth: preflights carry no token
  installAuthHook(app, options.services.auth, { metricsToken: options.metricsToken });
  await registerRateLimit(app, { perMinute: options.rateLimitPerMinute, redisUrl: options.redisUrl });
  installBodyIdleTimeout(app, options.bodyIdleTimeoutMs ?? 5_000);
  installInputGuard(app);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Switchboard API', version: '0.1.0', description: 'Self-hosted AI agent server with live SSE streaming' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(async (scope) => {
    markScopePublic(scope as App);
    await scope.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  });

  const sse: SseSettings = createSseSettings({ heartbeatSeconds: options.heartbeatSeconds, metrics: options.streamMetrics });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  await registerRoutes(app, options.services, sse);

  if (options.webRoot && existsSync(options.webRoot)) {
    const webRoot = options.webRoot;
    await app.register(async (scope) => {
      markScopePublic(scope as App);
      await scope.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false, index: ['index.html'] });
    });
  }
  return app;
}
