import { existsSync } from 'node:fs';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { StreamMetrics } from '../ports/index.js';
import type { Services } from '../services/index.js';
import type { App } from './app-types.js';
import { installAuthHook, markScopePublic } from './auth-hook.js';
import { toErrorResponse } from './error-response.js';
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
  }).withTypeProvider<ZodTypeProvider>() as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => {
    const response = toErrorResponse(error);
    if (response.status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.code(response.status).headers(response.headers).send(response.body);
  });
  app.setNotFoundHandler({}, (request, reply) => {
    void reply.code(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` } });
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(fastifyRateLimit, {
    global: true,
    max: options.rateLimitPerMinute,
    timeWindow: 60_000,
    // per caller: the bearer token (hashed, never kept in clear) or the client address
    keyGenerator: (request) => {
      const auth = request.headers.authorization;
      return auth ? options.services.auth.callerKey(auth) : request.ip;
    },
    allowList: (request) => request.url === '/health' || request.url === '/ready' || request.url === '/metrics',
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return Object.assign(new Error(`Too many requests: the limit is ${context.max} per minute; try again in ${seconds} s`), { statusCode: 429, retryAfterSeconds: seconds });
    },
  });
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
  installAuthHook(app, options.services.auth);

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
