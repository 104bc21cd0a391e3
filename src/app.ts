import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withHotPathCaches } from './cache/index.js';
import type { Config } from './config/config.js';
import { createPasswordHasher, createSecretBox, createTokenIssuer, keyIdOf, loadOrCreateKeyFile } from './crypto/index.js';
import type { App } from './http/app-types.js';
import { createHttpServer } from './http/server.js';
import { systemClock, type Clock, type RunCancellation, type RunEventLog, type RunLocks } from './ports/index.js';
import { createPrometheusMetrics } from './observability/prometheus-metrics.js';
import { createPriceTable } from './observability/price-table.js';
import { createRunLogContext } from './observability/run-log-context.js';
import { createModelGateway } from './providers/model-gateway.js';
import { discoverOpenAiModels, isOpenAiItself } from './providers/discover-openai-models.js';
import type { ProviderModelSpec } from './providers/model-provider.js';
import { providersFromConfig } from './providers/providers-from-config.js';
import { createMemoryRunCancellation } from './runs/memory-run-cancellation.js';
import { withCheckpoints } from './runs/checkpointed-run-event-log.js';
import { createMemoryRunEventLog } from './runs/memory-run-event-log.js';
import { createMemoryRunLocks } from './runs/memory-run-locks.js';
import { createRedisRunCancellation } from './runs/redis-run-cancellation.js';
import { createRedisRunEventLog } from './runs/redis-run-event-log.js';
import { createRedisRunLocks } from './runs/redis-run-locks.js';
import { createAuthService } from './services/auth.js';
import { createMemoryLoginAttemptStore } from './services/login-attempt-memory-store.js';
import { createRedisLoginAttemptStore } from './services/login-attempt-redis-store.js';
import { createLoginThrottle } from './services/login-throttle.js';
import { runBootstrap, type BootstrapResult } from './services/bootstrap.js';
import { createFastworkflowService } from './services/fastworkflow.js';
import { createAgentToolNames } from './services/fastworkflow-action.js';
import { createFoundationServices } from './services/foundation.js';
import type { Services } from './services/index.js';
import { createInvokeAgent } from './services/invoke-agent.js';
import { createRunExecutor } from './services/run-executor.js';
import { createRunReaper } from './services/run-reaper.js';
import { recoverInterruptedRuns } from './services/recover-interrupted-runs.js';
import { closingAbandonedRuns } from './services/close-abandoned-runs.js';
import { createRunService } from './services/runs.js';
import { createRunAnswerReader } from './services/run-answer.js';
import { withRunWebhooks } from './services/run-webhooks.js';
import { createWebhookDeliverer } from './services/webhook-deliverer.js';
import { createWebhookService } from './services/webhooks.js';
import { createWebhookLookup } from './services/webhook-lookup.js';
import { createWebhookPost } from './tools/create-webhook-post.js';
import { createThreadService } from './services/threads.js';
import { createToolTestsService } from './services/tool-tests.js';
import { createUiConfigService } from './services/ui-config.js';
import { openDatabase, type StorageBundle } from './storage/open-database.js';
import { createToolConfigValidator } from './tools/tool-config-validator.js';
import { createToolRunner } from './tools/tool-runner.js';

export interface SwitchboardOptions {
  /** Extra log destination (tests capture logs to prove no secret is written). */
  logStream?: NodeJS.WritableStream;
  /** Printer for the first-start block; defaults to stdout. */
  print?: (line: string) => void;
  /** The URL people use to reach this server, for the printed log-in block. */
  publicUrl?: string;
}

export interface Switchboard {
  http: App;
  storage: StorageBundle;
  bootstrap: BootstrapResult;
  instanceId: string;
  /** Stop taking runs, let running ones finish for the grace period, then interrupt them; close everything. */
  close(graceMs?: number): Promise<void>;
}

const WEB_ROOT = fileURLToPath(new URL('../web/dist', import.meta.url));
const WEB_ROOT_FROM_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

interface RunBackends {
  runLog: RunEventLog;
  locks: RunLocks;
  cancellation: RunCancellation;
  /** One process only: its own log, without checkpoints, into which start-up rebuilds interrupted runs. */
  ownLog?: RunEventLog;
}

interface RunBackendDeps {
  storage: Pick<StorageBundle, 'runs' | 'agentLogs' | 'runCheckpoints'>;
  clock: Clock;
  logError: (context: Record<string, unknown>, message: string) => void;
}

function runBackends(config: Config, deps: RunBackendDeps): RunBackends {
  if (config.redisUrl) {
    const keyPrefix = 'switchboard:';
    const runLog = createRedisRunEventLog({ redis: config.redisUrl, keyPrefix, retentionSeconds: 600 });
    // issue 8: RUN_LEASE_SECONDS sets how long a dead instance's locks live; renewed three times per lease
    const locks = createRedisRunLocks({ redis: config.redisUrl, keyPrefix, leaseMs: config.runLeaseSeconds * 1000, renewEveryMs: Math.floor((config.runLeaseSeconds * 1000) / 3) });
    return {
      runLog,
      // issue 16: whoever takes the thread of a run whose instance died ends that run first (decision 0408)
      locks: closingAbandonedRuns(locks, { runs: deps.storage.runs, agentLogs: deps.storage.agentLogs, runLog, clock: deps.clock, logError: deps.logError }),
      cancellation: createRedisRunCancellation({ redis: config.redisUrl, keyPrefix }),
    };
  }
  // issue 16: a running run's events live in this process only; checkpoints make a SIGKILL lose at most a second (0407)
  const ownLog = createMemoryRunEventLog();
  const onError = (error: unknown) => deps.logError({ err: error instanceof Error ? error.message : String(error) }, 'run checkpoint failed');
  const runLog = withCheckpoints(ownLog, { sink: deps.storage.runCheckpoints, onError });
  return { runLog, ownLog, locks: createMemoryRunLocks(), cancellation: createMemoryRunCancellation() };
}

/** The composition root: the only place concrete adapters meet services. */
export async function createSwitchboard(config: Config, options: SwitchboardOptions = {}): Promise<Switchboard> {
  const instanceId = randomUUID();
  const clock = systemClock;
  // hot-path caches (docs/decisions/0700); thread histories only when no other instance writes them
  const storage = withHotPathCaches(await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, checkTransactionScope: !config.production }), { threadHistory: !config.redisUrl });

  // keys staged or kept by an unfinished `npm run rotate-key` still open the secrets they sealed
  const keyFile = config.secretKey ? undefined : await loadOrCreateKeyFile(config.dataDir);
  const keyBase64 = config.secretKey ?? keyFile!.keyBase64;
  const secretBox = createSecretBox({
    keys: [keyBase64, ...(keyFile?.otherKeysBase64 ?? [])].map((k) => ({ keyBase64: k })),
    currentKeyId: keyIdOf(keyBase64),
  });
  const passwords = createPasswordHasher();
  const issuer = createTokenIssuer();

  // issue 21: an OpenAI-compatible server offers its own models (its /v1/models), not gpt-4o (decision 1302)
  let openaiBaseUrlModels: ProviderModelSpec[] | undefined;
  if (config.openaiBaseUrl && !isOpenAiItself(config.openaiBaseUrl)) {
    const discovered = await discoverOpenAiModels({ baseUrl: config.openaiBaseUrl, apiKey: config.openaiApiKey });
    if (discovered.ok) openaiBaseUrlModels = discovered.models;
    else options.print?.(`OPENAI_BASE_URL: ${discovered.reason}; offering the built-in OpenAI model ids instead (list models with MODELS).`);
  }
  const modelGateway = createModelGateway({
    providers: providersFromConfig({
      openaiBaseUrlModels,
      openaiApiKey: config.openaiApiKey,
      openaiBaseUrl: config.openaiBaseUrl,
      anthropicApiKey: config.anthropicApiKey,
      anthropicBaseUrl: config.anthropicBaseUrl,
      ollamaBaseUrl: config.ollamaBaseUrl,
      models: config.models,
      demoTokenDelayMs: config.demoTokenDelayMs,
      env: config.modelKeyEnv,
      // issue 21: recover before the first token, give up on a silent stream, log every failure (decision 1300)
      idleTimeoutSeconds: config.providerIdleTimeoutSeconds,
      retry: {
        maxRetries: config.providerMaxRetries,
        baseDelayMs: 500,
        maxDelayMs: 10_000,
        onFailure: (report) => http.log.warn(report, 'model provider failed'),
      },
    }),
  });
  const toolRunner = createToolRunner({
    secretBox,
    loadSealedEnv: (toolId) => storage.tools.loadSealedEnv(toolId),
    allowPrivateUrls: config.allowPrivateToolUrls,
    defaultTimeoutMs: config.toolTimeoutMs,
  });
  const backends = runBackends(config, { storage, clock, logError: (context, message) => http.log.error(context, message) });
  // issue 19: webhooks go through the tools' SSRF guard, follow no redirect, retry for a bounded time
  const webhookPost = createWebhookPost({ allowPrivateUrls: config.allowPrivateToolUrls });
  const webhookDeliverer = createWebhookDeliverer({
    store: storage.webhooks,
    post: webhookPost,
    secretOf: async (agentId) => {
      const webhook = await storage.webhooks.find(agentId);
      return webhook ? secretBox.open(webhook.secret) : null;
    },
    clock,
    maxAttempts: config.webhookMaxAttempts,
    retryBaseMs: config.webhookRetryBaseMs,
    timeoutMs: config.webhookTimeoutMs,
    logError: (context, message) => http.log.error(context, message),
  });
  const metrics = createPrometheusMetrics({ prices: createPriceTable(config.prices) });
  const runLogContext = createRunLogContext(); // issue 21: run_id/thread_id/agent_id on every log line of a run
  // issue 16: per-account login throttle, shared through Redis when several instances serve (decision 1000)
  const loginThrottle = createLoginThrottle({
    store: config.redisUrl ? createRedisLoginAttemptStore(config.redisUrl) : createMemoryLoginAttemptStore(clock),
    failuresAllowed: config.loginFailuresAllowed,
    windowSeconds: config.loginWindowSeconds,
  });

  let drainRuns: (graceMs: number) => Promise<void> = async () => undefined;
  const http = await createHttpServerFor();
  async function createHttpServerFor(): Promise<App> {
    const foundation = createFoundationServices({
      stores: storage,
      secretBox,
      passwords,
      issuer,
      toolConfigValidator: createToolConfigValidator(),
      modelGateway,
      database: storage.database,
      clock,
    });
    const access = foundation.agents.access;
    const executor = createRunExecutor({
      modelGateway,
      toolRunner,
      agentLogs: storage.agentLogs,
      runs: storage.runs,
      clock,
      logError: (context, message) => server?.log.error(context, message),
      metrics,
      maxSteps: 8,
      withRunLogContext: runLogContext.run,
    });
    const plainInvoke = createInvokeAgent({
      loadAgentFor: access.loadAgentFor,
      tools: storage.tools,
      companies: storage.companies,
      agentLogs: storage.agentLogs,
      runs: storage.runs,
      runLog: backends.runLog,
      locks: backends.locks,
      cancellation: backends.cancellation,
      modelGateway,
      executor,
      metrics,
      clock,
      instanceId,
      runTimeoutSeconds: config.runTimeoutSeconds,
      maxConcurrentRunsPerUser: config.maxConcurrentRunsPerUser,
      historyLimit: 200,
    });
    // issue 19: every surface's runs end with their agent's signed webhook (decision 0411)
    const webhookLookup = createWebhookLookup({ store: storage.webhooks });
    const invoke = withRunWebhooks(plainInvoke, {
      loadAgentFor: access.loadAgentFor,
      store: storage.webhooks,
      lookup: webhookLookup,
      secretBox,
      deliverer: webhookDeliverer,
      logError: (context, message) => server?.log.error(context, message),
    });
    const runs = createRunService({ runs: storage.runs, runLog: backends.runLog, cancellation: backends.cancellation });
    const services: Services = {
      auth: createAuthService({ users: storage.users, tokens: storage.tokens, passwords, issuer, clock, loginThrottle }),
      ...foundation,
      invoke,
      runs,
      // issue 19: GET /runs/{id} reads the final answer from the stored transcript
      runAnswers: createRunAnswerReader({ agentLogs: storage.agentLogs }),
      webhooks: createWebhookService({ loadAgentFor: access.loadAgentFor, store: storage.webhooks, secretBox, clock, lookup: webhookLookup }),
      metrics,
      threads: createThreadService({ loadAgentFor: access.loadAgentFor, agentLogs: storage.agentLogs, titles: storage.threadTitles, locks: backends.locks, clock }),
      // issue 18: the console's tool Test and Discover; a discovery gets a runner of its own, closed after it
      toolTests: createToolTestsService({
        tools: storage.tools,
        companies: storage.companies,
        toolRunner,
        openDraftRunner: (loadSealedEnv) =>
          createToolRunner({ secretBox, loadSealedEnv, allowPrivateUrls: config.allowPrivateToolUrls, defaultTimeoutMs: config.toolTimeoutMs }),
        secretBox,
        toolConfigValidator: createToolConfigValidator(),
      }),
      uiConfig: createUiConfigService({ mediaOrigins: config.mediaOrigins }),
      fastworkflow: createFastworkflowService({
        store: storage.fastworkflow,
        invoke,
        loadAgentFor: access.loadAgentFor,
        agentLogs: storage.agentLogs,
        users: storage.users,
        locks: backends.locks,
        cancellation: backends.cancellation,
        agentToolNames: createAgentToolNames({ tools: storage.tools, toolRunner }),
        exportDir: config.fastworkflowExportDir,
        clock,
        runTimeoutSeconds: config.runTimeoutSeconds,
        logError: (context, message) => server?.log.error(context, message),
      }),
    };
    const server: App = await createHttpServer({
      services,
      logLevel: config.logLevel,
      bodyLimitBytes: config.bodyLimitBytes,
      rateLimitPerMinute: config.rateLimitPerMinute,
      streamMetrics: metrics,
      trustProxy: config.trustProxy,
      heartbeatSeconds: config.heartbeatSeconds,
      webRoot: [WEB_ROOT, WEB_ROOT_FROM_DIST].find((p) => existsSync(p)),
      logStream: options.logStream,
      redisUrl: config.redisUrl,
      mediaOrigins: config.mediaOrigins,
      corsOrigins: config.corsOrigins,
      metricsToken: config.metricsToken,
      httpMetrics: metrics,
      logMixin: runLogContext.mixin,
      requestTimeoutMs: config.requestTimeoutMs,
      headersTimeoutMs: config.headersTimeoutMs,
      bodyIdleTimeoutMs: config.bodyIdleTimeoutMs,
    });
    drainRuns = (graceMs) => {
      foundation.health.startDraining(); // /ready answers 503 at once: a load balancer stops sending new requests
      return invoke.drain(graceMs);
    };
    return server;
  }

  // a single process owns every run: whatever was running when it last stopped was interrupted; what it had
  // checkpointed is stored as the partial answer and stays replayable (issue 16, decision 0407)
  if (backends.ownLog) {
    await recoverInterruptedRuns({
      runs: storage.runs,
      agentLogs: storage.agentLogs,
      runLog: backends.ownLog,
      checkpoints: storage.runCheckpoints,
      clock,
      logInfo: (context, message) => http.log.info(context, message),
    });
  }
  // issue 8: with Redis every instance reaps the runs of instances that died, once their leases expire
  const reaper = config.redisUrl
    ? createRunReaper({
        runs: storage.runs,
        agentLogs: storage.agentLogs,
        runLog: backends.runLog,
        locks: backends.locks,
        clock,
        leaseMs: config.runLeaseSeconds * 1000,
        logInfo: (context, message) => http.log.info(context, message),
        logError: (context, message) => http.log.error(context, message),
      })
    : undefined;
  reaper?.start();
  // issue 19: deliveries left pending by a stopped or crashed instance are finished by whichever instance sweeps first
  webhookDeliverer.startSweeping();

  const bootstrap = await runBootstrap({
    users: storage.users,
    tokens: storage.tokens,
    companies: storage.companies,
    agents: storage.agents,
    tools: storage.tools,
    passwords,
    issuer,
    database: storage.database,
    adminEmail: config.adminEmail,
    adminPassword: config.adminPassword,
    adminToken: config.adminToken,
  });

  async function close(graceMs = config.shutdownGraceSeconds * 1000): Promise<void> {
    await drainRuns(graceMs);
    await http.close();
    await reaper?.stop(); // issue 8: before the backends it uses are shut down
    await webhookDeliverer.close(); // issue 19: waiting retries are recorded as failed, not left pending
    webhookPost.close();
    await Promise.allSettled([backends.runLog.shutdown(), backends.locks.shutdown(), backends.cancellation.shutdown(), toolRunner.close(), loginThrottle.close()]);
    await storage.database.close();
  }

  return { http, storage, bootstrap, instanceId, close };
}
