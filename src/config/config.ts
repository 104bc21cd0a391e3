import { z } from 'zod';

/** The whole configuration, read once from the environment. No other file reads process.env. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** base64 of 32 bytes, or undefined to use/generate DATA_DIR/secret.key */
  secretKey: string | undefined;
  adminEmail: string;
  adminPassword: string | undefined;
  adminToken: string | undefined;
  openaiApiKey: string | undefined;
  openaiBaseUrl: string | undefined;
  anthropicApiKey: string | undefined;
  anthropicBaseUrl: string | undefined;
  ollamaBaseUrl: string | undefined;
  models: string | undefined;
  runTimeoutSeconds: number;
  heartbeatSeconds: number;
  demoTokenDelayMs: number;
  allowPrivateToolUrls: boolean;
  logLevel: string;
  /** NODE_ENV=production: development-only checks are off (e.g. the transaction-scope guard, decision 0700). */
  production: boolean;
  bodyLimitBytes: number;
  shutdownGraceSeconds: number;
  rateLimitPerMinute: number;
  maxConcurrentRunsPerUser: number;
  toolTimeoutMs: number;
  /** With REDIS_URL: how long a dead instance's run locks live before its runs are reaped as interrupted. */
  runLeaseSeconds: number;
  /** Fastify trustProxy: true, or a comma list of proxy addresses/CIDRs whose X-Forwarded-For is believed. */
  trustProxy: boolean | string;
  /** MEDIA_ORIGINS: extra http(s) origins the page may load images/videos from (CSP img-src/media-src). */
  mediaOrigins: string[];
  /** CORS_ORIGINS: origins allowed to call the API from a browser (`*` = any); empty = CORS off (decision 1102). */
  corsOrigins: string[];
  /** METRICS_TOKEN: bearer token that may read /metrics (a platform admin's token may too). */
  metricsToken: string | undefined;
  /** FASTWORKFLOW_EXPORT_DIR: the only folder the fastworkflow admin dump is written into; unset = never written. */
  fastworkflowExportDir: string | undefined;
  /** Whole-request deadline for non-streaming requests (Node requestTimeout). */
  requestTimeoutMs: number;
  /** Deadline for a client to send its request headers (Node headersTimeout). */
  headersTimeoutMs: number;
  /** A request body that stalls this long is cut with 408 (streams excepted: they are responses). */
  bodyIdleTimeoutMs: number;
  /** Login throttle: failed logins per e-mail within the window before a growing delay applies. */
  loginFailuresAllowed: number;
  loginWindowSeconds: number;
  /** PROVIDER_IDLE_TIMEOUT_SECONDS: a provider stream silent this long fails with provider_timeout (issue 21). */
  providerIdleTimeoutSeconds: number;
  /** PROVIDER_MAX_RETRIES: retries of a failed model call before its first token (429/5xx/connection). */
  providerMaxRetries: number;
  /** PRICES: JSON or a file path overriding the built-in model prices (USD per million tokens). */
  prices: string | undefined;
  /** issue 19: webhook delivery attempts, first retry delay (doubling), and per-attempt timeout. */
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  webhookTimeoutMs: number;
  /** Variables that MODELS entries name in `api_key_env` (the rest of the environment is not kept). */
  modelKeyEnv: Readonly<Record<string, string | undefined>>;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** A comma list of http(s) origins (each exactly an origin, a trailing slash allowed); `*` alone when `allowAny`. */
const originList = (options: { example: string; allowAny?: boolean }) =>
  optionalString.transform((v, ctx) => {
    if (options.allowAny && v === '*') return ['*'];
    const origins: string[] = [];
    for (const item of (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(item);
      } catch {
        parsed = undefined;
      }
      if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== item.replace(/\/$/, '')) {
        const wanted = `${options.allowAny ? '* or ' : ''}a comma list of http(s) origins like ${options.example}`;
        ctx.addIssue({ code: 'custom', message: `must be ${wanted}, got "${item}"` });
        return z.NEVER;
      }
      origins.push(parsed.origin);
    }
    return origins;
  });

/** An optional password or token: when set, at least `minLength` characters. */
const secretOfAtLeast = (minLength: number) =>
  optionalString.refine((v) => v === undefined || v.length >= minLength, { message: `must be at least ${minLength} characters` });
const intIn = (min: number, max: number, fallback: number) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got "${v}"` });
      return z.NEVER;
    }
    return Number(v);
  });

const url = (protocols: string[]) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return undefined;
    try {
      const parsed = new URL(v);
      if (!protocols.includes(parsed.protocol)) throw new Error('protocol');
      return v;
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` });
      return z.NEVER;
    }
  });

const bool = (fallback: boolean) =>
  optionalString.transform((v, ctx) => {
    if (v === undefined) return fallback;
    if (['true', '1', 'yes'].includes(v.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(v.toLowerCase())) return false;
    ctx.addIssue({ code: 'custom', message: `must be true or false, got "${v}"` });
    return z.NEVER;
  });

const envSchema = z.object({
  PORT: intIn(0, 65535, 8080),
  HOST: optionalString.transform((v) => v ?? '127.0.0.1'),
  DATA_DIR: optionalString.transform((v) => v ?? './data'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  REDIS_URL: url(['redis:', 'rediss:']),
  SECRET_KEY: optionalString.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(v) ? Buffer.from(v, 'base64') : Buffer.alloc(0);
    if (decoded.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be 32 bytes encoded as base64 (try: openssl rand -base64 32)' });
      return z.NEVER;
    }
    return v;
  }),
  ADMIN_EMAIL: optionalString.transform((v, ctx) => {
    const email = v ?? 'admin@localhost';
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
      ctx.addIssue({ code: 'custom', message: `must be an e-mail address, got "${email}"` });
      return z.NEVER;
    }
    return email.toLowerCase();
  }),
  ADMIN_PASSWORD: secretOfAtLeast(8),
  ADMIN_TOKEN: secretOfAtLeast(20),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: url(['http:', 'https:']),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: url(['http:', 'https:']),
  OLLAMA_BASE_URL: url(['http:', 'https:']),
  MODELS: optionalString,
  RUN_TIMEOUT_SECONDS: intIn(1, 86_400, 300),
  HEARTBEAT_SECONDS: intIn(1, 3_600, 15),
  DEMO_TOKEN_DELAY_MS: intIn(0, 10_000, 15),
  ALLOW_PRIVATE_TOOL_URLS: bool(false),
  NODE_ENV: optionalString,
  LOG_LEVEL: optionalString.transform((v, ctx) => {
    const level = v ?? 'info';
    if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) {
      ctx.addIssue({ code: 'custom', message: `must be one of fatal, error, warn, info, debug, trace, silent` });
      return z.NEVER;
    }
    return level;
  }),
  BODY_LIMIT_BYTES: intIn(1024, 100 * 1024 * 1024, 1024 * 1024),
  SHUTDOWN_GRACE_SECONDS: intIn(0, 3_600, 10),
  RATE_LIMIT_PER_MINUTE: intIn(1, 1_000_000, 600),
  MAX_CONCURRENT_RUNS_PER_USER: intIn(1, 10_000, 10),
  WEBHOOK_MAX_ATTEMPTS: intIn(1, 20, 6),
  WEBHOOK_RETRY_BASE_MS: intIn(10, 600_000, 5_000),
  WEBHOOK_TIMEOUT_MS: intIn(100, 60_000, 10_000),
  TOOL_TIMEOUT_MS: intIn(100, 3_600_000, 30_000),
  TRUST_PROXY: optionalString.transform((v) => (v === undefined || v === 'false' ? false : v === 'true' ? true : v)),
  RUN_LEASE_SECONDS: intIn(1, 3_600, 15),
  MEDIA_ORIGINS: originList({ example: 'https://media.example.com' }),
  CORS_ORIGINS: originList({ example: 'https://app.example.com', allowAny: true }),
  METRICS_TOKEN: secretOfAtLeast(20),
  FASTWORKFLOW_EXPORT_DIR: optionalString,
  REQUEST_TIMEOUT_MS: intIn(1_000, 3_600_000, 120_000),
  HEADERS_TIMEOUT_MS: intIn(1_000, 600_000, 10_000),
  BODY_IDLE_TIMEOUT_MS: intIn(500, 600_000, 5_000),
  LOGIN_FAILURES_ALLOWED: intIn(1, 1_000, 5),
  LOGIN_WINDOW_SECONDS: intIn(1, 86_400, 900),
  PROVIDER_IDLE_TIMEOUT_SECONDS: intIn(1, 3_600, 90),
  PROVIDER_MAX_RETRIES: intIn(0, 10, 2),
  PRICES: optionalString,
});

/** Parses the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.SECRET_KEY) {
    throw new ConfigError('SECRET_KEY', 'is required when DATABASE_URL is set (try: openssl rand -base64 32)');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    secretKey: e.SECRET_KEY,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    adminToken: e.ADMIN_TOKEN,
    openaiApiKey: e.OPENAI_API_KEY,
    openaiBaseUrl: e.OPENAI_BASE_URL,
    anthropicApiKey: e.ANTHROPIC_API_KEY,
    anthropicBaseUrl: e.ANTHROPIC_BASE_URL,
    ollamaBaseUrl: e.OLLAMA_BASE_URL,
    models: e.MODELS,
    runTimeoutSeconds: e.RUN_TIMEOUT_SECONDS,
    heartbeatSeconds: e.HEARTBEAT_SECONDS,
    demoTokenDelayMs: e.DEMO_TOKEN_DELAY_MS,
    allowPrivateToolUrls: e.ALLOW_PRIVATE_TOOL_URLS,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    maxConcurrentRunsPerUser: e.MAX_CONCURRENT_RUNS_PER_USER,
    toolTimeoutMs: e.TOOL_TIMEOUT_MS,
    runLeaseSeconds: e.RUN_LEASE_SECONDS,
    trustProxy: e.TRUST_PROXY,
    mediaOrigins: e.MEDIA_ORIGINS,
    corsOrigins: e.CORS_ORIGINS,
    metricsToken: e.METRICS_TOKEN,
    fastworkflowExportDir: e.FASTWORKFLOW_EXPORT_DIR,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
    bodyIdleTimeoutMs: e.BODY_IDLE_TIMEOUT_MS,
    loginFailuresAllowed: e.LOGIN_FAILURES_ALLOWED,
    loginWindowSeconds: e.LOGIN_WINDOW_SECONDS,
    providerIdleTimeoutSeconds: e.PROVIDER_IDLE_TIMEOUT_SECONDS,
    providerMaxRetries: e.PROVIDER_MAX_RETRIES,
    prices: e.PRICES,
    webhookMaxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
    webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    modelKeyEnv: pickModelKeyEnv(e.MODELS, env),
  };
}

/** Only the variables MODELS refers to by `api_key_env` are kept, so no other secret sits in Config. */
function pickModelKeyEnv(models: string | undefined, env: Record<string, string | undefined>): Record<string, string | undefined> {
  if (!models) return {};
  const names = new Set<string>();
  for (const match of models.matchAll(/"api_key_env"\s*:\s*"([A-Za-z_][A-Za-z0-9_]*)"/g)) names.add(match[1]!);
  // MODELS may be a file path: then any variable may be named; keep only *_API_KEY/*_TOKEN ones
  if (!models.trim().startsWith('[')) for (const name of Object.keys(env)) if (/_(API_KEY|TOKEN|KEY)$/.test(name)) names.add(name);
  return Object.fromEntries([...names].map((name) => [name, env[name]]));
}
